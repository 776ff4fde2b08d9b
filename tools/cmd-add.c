/* cmd-add.c: "hoso add DOSSIER FILE…", a new version with files added.
 *
 * Each FILE goes under documents/ by its name, a folder with everything in
 * it.  With one FILE, --as names it; with several (or an --as ending in
 * "/"), --as is the folder they go into.  Every input is checked before the
 * lock is taken, so a typo costs nothing; the library then copies, hashes
 * and deduplicates, and a new version is made only if something changed.
 */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"

typedef struct {
  char *src;                  /* as typed */
  char *logical;              /* full logical path, NFC */
  gboolean is_dir;
} AddItem;

static void
add_item_free (AddItem *item)
{
  g_free (item->src);
  g_free (item->logical);
  g_free (item);
}

/* The name SRC has on disk ("." and "dir/" give the folder's own name). */
static char *
file_name_of (const char *src)
{
  g_autofree char *canonical = g_canonicalize_filename (src, NULL);

  return g_path_get_basename (canonical);
}

/* Where SRC goes, given --as (may be NULL) and whether --as names a folder. */
static char *
logical_path_for (const char *src, const char *as, gboolean as_folder,
                  GError **error)
{
  g_autofree char *name = file_name_of (src);
  g_autofree char *typed = NULL;

  if (as == NULL)
    typed = g_strdup (name);
  else if (as_folder)
    typed = g_build_path ("/", as, name, NULL);
  else
    typed = g_strdup (as);
  return hoso_cli_document_path (typed, error);
}

static AddItem *
plan_item (const char *src, const char *as, gboolean as_folder, GError **error)
{
  struct stat st;
  g_autofree char *logical = NULL;
  AddItem *item;

  if (stat (src, &st) != 0)
    {
      int saved = errno;
      g_set_error_literal (error, G_IO_ERROR, g_io_error_from_errno (saved),
                           g_strerror (saved));
      return NULL;
    }
  if (!S_ISREG (st.st_mode) && !S_ISDIR (st.st_mode))
    {
      g_set_error_literal (error, HOSO_ARCHIVE_ERROR, HOSO_ARCHIVE_ERROR_INPUT,
                           _("it is neither a regular file nor a folder"));
      return NULL;
    }
  logical = logical_path_for (src, as, as_folder, error);
  if (logical == NULL)
    return NULL;
  item = g_new0 (AddItem, 1);
  item->src = g_strdup (src);
  item->logical = g_steal_pointer (&logical);
  item->is_dir = S_ISDIR (st.st_mode);
  return item;
}

/* Regular files under folder PATH, following links as the library does.
 * A loop is the library's to report; the depth bound only keeps this from
 * recursing forever before it does. */
static guint
count_files (const char *path, guint depth)
{
  g_autoptr(GDir) dir = depth < 64 ? g_dir_open (path, 0, NULL) : NULL;
  const char *name;
  guint n = 0;

  while (dir && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        n += count_files (child, depth + 1);
      else if (g_file_test (child, G_FILE_TEST_IS_REGULAR))
        n++;
    }
  return n;
}

static char *
default_message (GPtrArray *items)
{
  guint n = 0;

  for (guint i = 0; i < items->len; i++)
    {
      const AddItem *item = g_ptr_array_index (items, i);
      n += item->is_dir ? count_files (item->src, 0) : 1;
    }
  return g_strdup_printf (ngettext ("Add %u file", "Add %u files", n), n);
}

/* Plans where each of FILES goes.  On failure *FAILED is the file at fault. */
static GPtrArray *
plan_items (char **files, const char *as, const char **failed, GError **error)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) add_item_free);
  guint n = g_strv_length (files);
  gboolean as_folder = as && (n > 1 || g_str_has_suffix (as, "/")
                              || strcmp (as, "documents") == 0);

  for (guint i = 0; i < n; i++)
    {
      AddItem *item = plan_item (files[i], as, as_folder, error);
      if (item == NULL)
        {
          *failed = files[i];
          return NULL;
        }
      g_ptr_array_add (items, item);
    }
  return g_steal_pointer (&items);
}

static gboolean
add_items (HosoCommit *commit, GPtrArray *items, const AddItem **failed,
           GError **error)
{
  for (guint i = 0; i < items->len; i++)
    {
      const AddItem *item = g_ptr_array_index (items, i);
      gboolean ok = item->is_dir
                      ? hoso_commit_add_tree (commit, item->src, item->logical, error)
                      : hoso_commit_add_file (commit, item->src, item->logical, error);
      if (!ok)
        {
          *failed = item;
          return FALSE;
        }
    }
  return TRUE;
}

static int
fail_item (HosoCli *cli, const GError *error, const char *src, const char *id)
{
  g_autofree char *display = g_filename_display_name (src);

  return hoso_cli_fail (cli, error, _("cannot add “%s” to %s"), display, id);
}

int
hoso_cmd_add (HosoCli *cli, int argc, char **argv)
{
  g_autofree char *as = NULL;
  g_autofree char *message = NULL;
  g_autofree char *user = NULL;
  gboolean wait = FALSE;
  const GOptionEntry entries[] = {
    { "as", 0, 0, G_OPTION_ARG_STRING, &as,
      N_("Store the FILE as PATH under documents/ (with several FILEs: the folder they go into)"),
      N_("PATH") },
    { "message", 'm', 0, G_OPTION_ARG_STRING, &message,
      N_("Say why in the version's message (default: “Add N files”)"), N_("MESSAGE") },
    { "user", 0, 0, G_OPTION_ARG_STRING, &user,
      N_("Record the version as made by this person (default: the account name)"),
      N_("\"NAME <EMAIL>\"") },
    { "wait", 0, 0, G_OPTION_ARG_NONE, &wait,
      N_("Wait for another writer to finish instead of failing"), NULL },
    { "defer-text", 0, 0, G_OPTION_ARG_NONE, &cli->defer_text,
      N_("Do not wait for the text of the files to be read: leave it for “hoso index”"),
      NULL },
    G_OPTION_ENTRY_NULL
  };
  g_auto(GStrv) args = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autofree char *user_name = NULL;
  g_autofree char *user_address = NULL;
  g_autoptr(HosoArchive) archive = NULL;
  g_autoptr(HosoCommit) commit = NULL;
  g_autofree char *unchanged = NULL;
  const char *failed_src = NULL;
  const AddItem *failed = NULL;
  const char *id;

  if (!hoso_cli_parse (cli, "add", entries, argc, argv, 2, -1, &args))
    return HOSO_EXIT_USAGE;
  id = args[0];
  if (!hoso_dossier_id_validate (id, &error))
    return hoso_cli_fail (cli, error, _("cannot add files to “%s”"), id);
  if (!hoso_cli_parse_user (user, &user_name, &user_address, &error))
    return hoso_cli_usage_error (cli, "add", "%s", error->message);
  items = plan_items (args + 1, as, &failed_src, &error);
  if (items == NULL)
    return fail_item (cli, error, failed_src, id);

  archive = hoso_cli_open_archive (cli, &error);
  if (archive == NULL)
    return hoso_cli_fail (cli, error, _("cannot add files to %s"), id);
  commit = hoso_commit_begin (archive, id, wait, &error);
  if (commit == NULL)
    return hoso_cli_fail (cli, error, _("cannot add files to %s"), id);
  hoso_cli_progress_attach (cli, commit);
  if (!add_items (commit, items, &failed, &error))
    return fail_item (cli, error, failed->src, id);
  /* A version is coming: its files' text will be read, so the worker can
   * load while the commit is synced.  An add that changes nothing starts
   * none. */
  if (hoso_commit_has_changes (commit))
    hoso_cli_prestart_extraction (cli, archive);

  if (message == NULL)
    message = default_message (items);
  unchanged = g_strdup_printf (_("Nothing changed in %s: the files are already there with the same content, so no version was made."), id);
  return hoso_cli_commit_finish (cli, archive, commit, id, message, user_name,
                                 user_address, unchanged);
}
