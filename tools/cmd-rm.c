/* cmd-rm.c: "hoso rm" and "hoso mv", new versions that remove or rename.
 *
 * Both take paths with or without the documents/ prefix, and a file or a
 * whole folder.  Nothing is ever deleted from the store: earlier versions
 * keep the files, and "hoso get --version" still reads them.
 */
#include "config.h"

#include "cli.h"

/* Options both commands share. */
typedef struct {
  char *message;
  char *user;
  gboolean wait;
  char *user_name;            /* parsed from user */
  char *user_address;
} WriteOptions;

static void
write_options_clear (WriteOptions *opts)
{
  g_free (opts->message);
  g_free (opts->user);
  g_free (opts->user_name);
  g_free (opts->user_address);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (WriteOptions, write_options_clear)

#define WRITE_OPTION_ENTRIES(opts) \
  { "message", 'm', 0, G_OPTION_ARG_STRING, &(opts).message, \
    N_("Say why in the version's message"), N_("MESSAGE") }, \
  { "user", 0, 0, G_OPTION_ARG_STRING, &(opts).user, \
    N_("Record the version as made by this person (default: the account name)"), \
    N_("\"NAME <EMAIL>\"") }, \
  { "wait", 0, 0, G_OPTION_ARG_NONE, &(opts).wait, \
    N_("Wait for another writer to finish instead of failing"), NULL }

/* Checks the --user of OPTS, opens the archive and starts a commit on
 * dossier ID, which must exist.  On failure reports it (WHAT says what
 * could not be done), sets *STATUS and returns NULL. */
static HosoCommit *
begin (HosoCli *cli, const char *command, WriteOptions *opts, const char *id,
       const char *what, HosoArchive **out_archive, int *status)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HosoArchive) archive = NULL;
  g_autoptr(HosoDossier) dossier = NULL;
  HosoCommit *commit;

  if (!hoso_cli_parse_user (opts->user, &opts->user_name, &opts->user_address,
                            &error))
    {
      *status = hoso_cli_usage_error (cli, command, "%s", error->message);
      return NULL;
    }
  archive = hoso_cli_open_archive (cli, &error);
  /* A commit would create a missing dossier: check that it exists first. */
  if (archive)
    dossier = hoso_cli_load_dossier (archive, id, &error);
  commit = dossier ? hoso_commit_begin (archive, id, opts->wait, &error) : NULL;
  if (commit == NULL)
    {
      *status = hoso_cli_fail (cli, error, "%s", what);
      return NULL;
    }
  *out_archive = g_steal_pointer (&archive);
  return commit;
}

static int
finish (HosoCli *cli, const WriteOptions *opts, HosoArchive *archive,
        HosoCommit *commit, const char *id, const char *default_message)
{
  return hoso_cli_commit_finish (cli, archive, commit, id,
                                 opts->message ? opts->message : default_message,
                                 opts->user_name, opts->user_address, NULL);
}

int
hoso_cmd_rm (HosoCli *cli, int argc, char **argv)
{
  g_auto(WriteOptions) opts = { 0 };
  const GOptionEntry entries[] = { WRITE_OPTION_ENTRIES (opts), G_OPTION_ENTRY_NULL };
  g_auto(GStrv) args = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(HosoArchive) archive = NULL;
  g_autoptr(HosoCommit) commit = NULL;
  g_autofree char *what = NULL;
  g_autofree char *message = NULL;
  int status = HOSO_EXIT_OK;
  guint n;

  if (!hoso_cli_parse (cli, "rm", entries, argc, argv, 2, -1, &args))
    return HOSO_EXIT_USAGE;
  what = g_strdup_printf (_("cannot remove files from “%s”"), args[0]);
  commit = begin (cli, "rm", &opts, args[0], what, &archive, &status);
  if (commit == NULL)
    return status;
  for (n = 1; args[n]; n++)
    {
      g_autofree char *path = hoso_cli_document_path (args[n], &error);
      if (path == NULL || !hoso_commit_remove (commit, path, &error))
        return hoso_cli_fail (cli, error, _("cannot remove “%s” from %s"),
                              args[n], args[0]);
    }
  message = g_strdup_printf (ngettext ("Remove %u path", "Remove %u paths", n - 1), n - 1);
  return finish (cli, &opts, archive, commit, args[0], message);
}

int
hoso_cmd_mv (HosoCli *cli, int argc, char **argv)
{
  g_auto(WriteOptions) opts = { 0 };
  const GOptionEntry entries[] = { WRITE_OPTION_ENTRIES (opts), G_OPTION_ENTRY_NULL };
  g_auto(GStrv) args = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(HosoArchive) archive = NULL;
  g_autoptr(HosoCommit) commit = NULL;
  g_autofree char *what = NULL;
  g_autofree char *old_path = NULL;
  g_autofree char *new_path = NULL;
  g_autofree char *message = NULL;
  int status = HOSO_EXIT_OK;

  if (!hoso_cli_parse (cli, "mv", entries, argc, argv, 3, 3, &args))
    return HOSO_EXIT_USAGE;
  what = g_strdup_printf (_("cannot rename “%s” in %s"), args[1], args[0]);
  old_path = hoso_cli_document_path (args[1], &error);
  if (old_path)
    new_path = hoso_cli_document_path (args[2], &error);
  if (new_path == NULL)
    return hoso_cli_fail (cli, error, "%s", what);
  commit = begin (cli, "mv", &opts, args[0], what, &archive, &status);
  if (commit == NULL)
    return status;
  if (!hoso_commit_move (commit, old_path, new_path, &error))
    return hoso_cli_fail (cli, error, _("cannot rename “%s” to “%s” in %s"),
                          args[1], args[2], args[0]);
  message = g_strdup_printf (_("Rename %s to %s"), old_path, new_path);
  return finish (cli, &opts, archive, commit, args[0], message);
}
