/* hoso.c: the entry point of the hoso command.
 *
 * It sets up the locale and the message catalog, reads the global options
 * that come before the subcommand (--archive, --json, --version), and hands
 * the rest of the command line to the subcommand, whose exit status becomes
 * the process's.  The table below is the one list of subcommands: their
 * names, usage lines, summaries and the examples "--help" shows.
 */
#include "config.h"

#include <locale.h>
#include <string.h>

#include "cli.h"

const HosoCliCommand hoso_cli_commands[] = {
  { "init", N_("[DIR]"),
    N_("Create a new, empty archive in DIR (default: --archive, $HOSO_ARCHIVE, else ./archive)."),
    N_("Examples:\n  hoso init /srv/hoso\n  HOSO_ARCHIVE=/srv/hoso hoso init"),
    hoso_cmd_init },
  { "add", N_("DOSSIER FILE…"),
    N_("Add or replace files in a dossier, making a new version (the dossier is created if new)."),
    N_("Files go under documents/ by their name, a folder with everything in it.\n"
       "With one FILE, --as names it; with several, --as is the folder they go into.\n\n"
       "Examples:\n"
       "  hoso add QNA-2024-0012 don-dang-ky.pdf ket-qua/\n"
       "  hoso add QNA-2024-0012 scan.pdf --as giay-chung-nhan.pdf -m \"Add certificate\"\n"
       "  hoso add QNA-2024-0012 *.jpg --as anh/ --user \"Nguyễn Văn An <an@example.vn>\""),
    hoso_cmd_add },
  { "rm", N_("DOSSIER PATH…"),
    N_("Remove files or folders from a dossier, making a new version."),
    N_("Earlier versions keep the files.\n\nExample:\n  hoso rm QNA-2024-0012 documents/old-draft.pdf"),
    hoso_cmd_rm },
  { "mv", N_("DOSSIER OLD NEW"),
    N_("Rename a file or a folder in a dossier, making a new version."),
    N_("Example:\n  hoso mv QNA-2024-0012 scan1.pdf giay-phep-kinh-doanh.pdf"),
    hoso_cmd_mv },
  { "log", N_("DOSSIER"),
    N_("Show the versions of a dossier, newest first, with what each changed."),
    N_("Example:\n  hoso log QNA-2024-0012"),
    hoso_cmd_log },
  { "ls", N_("DOSSIER"),
    N_("List the files of a dossier: path, size and the start of the SHA-512 digest."),
    N_("Examples:\n  hoso ls QNA-2024-0012\n  hoso ls QNA-2024-0012 --version 1"),
    hoso_cmd_ls },
  { "get", N_("DOSSIER PATH"),
    N_("Write a file of a dossier to standard output or to a file, checking its digest."),
    N_("Examples:\n  hoso get QNA-2024-0012 don-dang-ky.pdf -o don.pdf\n"
       "  hoso get QNA-2024-0012 documents/a.txt --version 2 | less"),
    hoso_cmd_get },
  { "diff", N_("DOSSIER VERSION-A VERSION-B"),
    N_("Show the files added, removed, modified and renamed between two versions (0 is the empty state)."),
    N_("Example:\n  hoso diff QNA-2024-0012 1 3"),
    hoso_cmd_diff },
  { "list", NULL,
    N_("List the dossiers of the archive with their newest version and when it was made."),
    NULL,
    hoso_cmd_list },
  { "verify", N_("[DOSSIER…]"),
    N_("Re-hash every stored file and check the OCFL structure (all dossiers by default)."),
    N_("Exit status 1 if anything is damaged.\n\nExample:\n  hoso verify QNA-2024-0012"),
    hoso_cmd_verify },
  { "validate", N_("PATH"),
    N_("Check an OCFL storage root or object (from any tool) against the OCFL specification."),
    N_("Issues carry the codes of the OCFL validation codes list (E001…, W001…).\n"
       "Exit status 0 if valid (warnings allowed), 1 if not.\n\n"
       "Example:\n  hoso validate /srv/hoso/store"),
    hoso_cmd_validate },
  { "search", N_("QUERY…"),
    N_("Find the pages that say something, in the newest version of every dossier."),
    N_("A word typed without diacritics finds every spelling (dac san finds “đặc sản”);\n"
       "a word typed with them finds only that spelling (măng does not find “mạng”).\n\n"
       "  words          pages with all of them\n"
       "  \"a phrase\"     the words together, in this order\n"
       "  chè OR trà     either word\n"
       "  -word          pages without it\n"
       "  kiem*          words starting with “kiem”\n"
       "  dossier:ID  type:pdf  year:2024  path:documents/FOLDER\n\n"
       "Examples:\n"
       "  hoso search phieu kiem nghiem mang cut\n"
       "  hoso search '\"giấy chứng nhận\" type:pdf year:2024' --limit 50"),
    hoso_cmd_search },
  { "index", NULL,
    N_("Read and index the text of every file still waiting for it (after add --defer-text)."),
    N_("Ctrl-C stops between two files; run it again to go on.\n\n"
       "Examples:\n  hoso index\n  hoso index --retry-failed"),
    hoso_cmd_index },
  { "reindex", NULL,
    N_("Make the catalog again from the store and the text cache (reads no file again)."),
    N_("The catalog (catalog.db) is derived: deleting it loses nothing.\n\n"
       "Example:\n  hoso reindex"),
    hoso_cmd_reindex },
  { NULL, NULL, NULL, NULL, NULL },
};

const HosoCliCommand *
hoso_cli_find_command (const char *name)
{
  for (const HosoCliCommand *cmd = hoso_cli_commands; cmd->name; cmd++)
    if (strcmp (cmd->name, name) == 0)
      return cmd;
  return NULL;
}

/* The list of subcommands for "hoso --help".  Caller frees. */
static char *
commands_description (void)
{
  GString *text = g_string_new (_("Commands:"));

  for (const HosoCliCommand *cmd = hoso_cli_commands; cmd->name; cmd++)
    {
      g_autofree char *name = hoso_cli_pad (cmd->name, 10);
      g_string_append_printf (text, "\n  %s%s", name, _(cmd->summary));
    }
  g_string_append_printf (text, "\n\n%s",
                          _("Run “hoso COMMAND --help” for the options of a command."));
  return g_string_free (text, FALSE);
}

static GOptionContext *
global_context (HosoCli *cli, gboolean *show_version)
{
  const GOptionEntry entries[] = {
    { "archive", 'A', 0, G_OPTION_ARG_FILENAME, &cli->archive_dir,
      N_("Use the archive in DIR (default: $HOSO_ARCHIVE, else ./archive)"),
      N_("DIR") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &cli->json,
      N_("Print the result as JSON (see schemas/json/)"), NULL },
    { "version", 0, 0, G_OPTION_ARG_NONE, show_version,
      N_("Print the version of hoso and exit"), NULL },
    G_OPTION_ENTRY_NULL
  };
  g_autofree char *description = commands_description ();
  GOptionContext *ctx = g_option_context_new (_("COMMAND [ARGUMENT…]"));

  g_option_context_set_translation_domain (ctx, GETTEXT_PACKAGE);
  g_option_context_set_summary (ctx, _("Keep e-dossiers as versioned OCFL objects."));
  g_option_context_set_description (ctx, description);
  g_option_context_add_main_entries (ctx, entries, GETTEXT_PACKAGE);
  /* Stop at the subcommand: what follows is its own. */
  g_option_context_set_strict_posix (ctx, TRUE);
  return ctx;
}

/* --json anywhere on the line asks for JSON errors, even when the options
 * can not be parsed. */
static gboolean
wants_json (int argc, char **argv)
{
  for (int i = 1; i < argc && strcmp (argv[i], "--") != 0; i++)
    if (strcmp (argv[i], "--json") == 0)
      return TRUE;
  return FALSE;
}

/* "hoso help [COMMAND]" is "hoso COMMAND --help". */
static int
run_help (HosoCli *cli, GOptionContext *ctx, char **args)
{
  const HosoCliCommand *cmd;
  char *help_argv[3];

  if (args[1] == NULL)
    {
      g_autofree char *help = g_option_context_get_help (ctx, TRUE, NULL);
      g_print ("%s", help);
      return HOSO_EXIT_OK;
    }
  cmd = hoso_cli_find_command (args[1]);
  if (cmd == NULL)
    return hoso_cli_usage_error (cli, NULL, _("“%s” is not a hoso command"),
                                 args[1]);
  help_argv[0] = (char *) cmd->name;
  help_argv[1] = (char *) "--help";
  help_argv[2] = NULL;
  return cmd->run (cli, 2, help_argv);
}

static int
run (HosoCli *cli, int argc, char **argv)
{
  gboolean show_version = FALSE;
  g_autoptr(GOptionContext) ctx = global_context (cli, &show_version);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) args = g_new0 (char *, argc + 1);
  const HosoCliCommand *cmd;

  cli->json = wants_json (argc, argv);
  for (int i = 0; i < argc; i++)
    args[i] = g_strdup (argv[i]);
  if (!g_option_context_parse_strv (ctx, &args, &error))
    return hoso_cli_usage_error (cli, NULL, "%s", error->message);
  if (show_version)
    {
      g_print ("hoso %s\n", PACKAGE_VERSION);
      return HOSO_EXIT_OK;
    }
  if (args[1] == NULL)
    return hoso_cli_usage_error (cli, NULL, _("no command given"));
  if (strcmp (args[1], "help") == 0)
    return run_help (cli, ctx, args + 1);
  cmd = hoso_cli_find_command (args[1]);
  if (cmd == NULL)
    return hoso_cli_usage_error (cli, NULL, _("“%s” is not a hoso command"),
                                 args[1]);
  return cmd->run (cli, (int) g_strv_length (args + 1), args + 1);
}

int
main (int argc, char **argv)
{
  HosoCli cli = { 0 };
  int status;

  setlocale (LC_ALL, "");
  /* HOSO_LOCALEDIR lets an uninstalled hoso (and the tests) find its
   * translation; installed, it is in LOCALEDIR. */
  const char *localedir = g_getenv ("HOSO_LOCALEDIR");
  bindtextdomain (GETTEXT_PACKAGE, localedir && *localedir ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_set_prgname ("hoso");

  status = run (&cli, argc, argv);
  g_clear_pointer (&cli.pool, hoso_extract_pool_free);
  g_free (cli.archive_dir);
  return status;
}
