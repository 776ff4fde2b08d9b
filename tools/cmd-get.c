/* cmd-get.c: "hoso get DOSSIER PATH", a stored file read back out.
 *
 * The bytes are re-hashed as they are copied, so a damaged file is never
 * passed off as good.  To standard output the bytes are gone once damage is
 * seen, so the exit status says so; with -o FILE they go to a temporary file
 * beside FILE that is renamed into place only if the digest matched, so FILE
 * is never left holding a bad or partial copy.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

static gboolean
set_errno_error (GError **error, int saved_errno)
{
  g_set_error_literal (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                       g_strerror (saved_errno));
  return FALSE;
}

/* Copies ENTRY to OUTPUT through a temporary file renamed on success. */
static gboolean
copy_to_file (HosoDossier *dossier, const HosoEntry *entry, const char *output,
              GError **error)
{
  g_autofree char *tmp = g_strconcat (output, ".hoso-XXXXXX", NULL);
  int fd = g_mkstemp_full (tmp, O_WRONLY | O_CLOEXEC, 0666);
  gboolean ok;

  if (fd < 0)
    return set_errno_error (error, errno);
  ok = hoso_dossier_copy_out (dossier, entry, fd, error);
  if (ok && fsync (fd) != 0)
    ok = set_errno_error (error, errno);
  if (close (fd) != 0 && ok)
    ok = set_errno_error (error, errno);
  if (ok && rename (tmp, output) != 0)
    ok = set_errno_error (error, errno);
  if (!ok)
    unlink (tmp);
  return ok;
}

static gboolean
copy_to_stdout (HosoDossier *dossier, const HosoEntry *entry, GError **error)
{
  fflush (stdout);
  return hoso_dossier_copy_out (dossier, entry, STDOUT_FILENO, error);
}

static void
report (HosoCli *cli, const char *id, guint version, const HosoEntry *entry,
        const char *output)
{
  g_autofree char *size = g_format_size ((guint64) entry->size);

  if (cli->json)
    {
      g_autoptr(json_t) root = hoso_cli_json_new ();
      json_object_set_new (root, "dossier", hoso_cli_json_string (id));
      json_object_set_new (root, "version", json_integer (version));
      json_object_set_new (root, "path", hoso_cli_json_string (entry->path));
      json_object_set_new (root, "size", json_integer (entry->size));
      json_object_set_new (root, "digest", hoso_cli_json_string (entry->digest));
      json_object_set_new (root, "output", hoso_cli_json_string (output));
      hoso_cli_json_print (root);
      return;
    }
  g_print (_("Wrote %s of %s (version %u, %s) to “%s”.\n"), entry->path, id,
           version, size, output);
}

int
hoso_cmd_get (HosoCli *cli, int argc, char **argv)
{
  g_autofree char *version_text = NULL;
  g_autofree char *output = NULL;
  const GOptionEntry entries[] = {
    { "version", 0, 0, G_OPTION_ARG_STRING, &version_text,
      N_("Read the file as it was in version N"), N_("N") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      N_("Write to FILE instead of standard output"), N_("FILE") },
    G_OPTION_ENTRY_NULL
  };
  g_auto(GStrv) args = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(HosoArchive) archive = NULL;
  g_autoptr(HosoDossier) dossier = NULL;
  g_autoptr(HosoEntry) entry = NULL;
  g_autofree char *path = NULL;
  gboolean to_stdout;
  guint version = 0;

  if (!hoso_cli_parse (cli, "get", entries, argc, argv, 2, 2, &args))
    return HOSO_EXIT_USAGE;
  to_stdout = output == NULL || strcmp (output, "-") == 0;
  if (cli->json && to_stdout)
    return hoso_cli_usage_error (cli, "get", _("--json needs -o FILE, as the file's bytes would go to standard output"));
  if (version_text && !hoso_cli_parse_version (version_text, FALSE, &version, &error))
    return hoso_cli_usage_error (cli, "get", "%s", error->message);

  archive = hoso_cli_open_archive (cli, &error);
  if (archive)
    dossier = hoso_cli_load_dossier (archive, args[0], &error);
  if (dossier)
    path = hoso_logical_path_normalize (args[1], &error);
  if (path)
    entry = hoso_dossier_lookup (dossier, version, path, &error);
  if (entry == NULL)
    return hoso_cli_fail (cli, error, _("cannot read “%s” from %s"), args[1], args[0]);

  if (to_stdout ? !copy_to_stdout (dossier, entry, &error)
                : !copy_to_file (dossier, entry, output, &error))
    return hoso_cli_fail (cli, error, _("cannot copy “%s” of %s to “%s”"), entry->path,
                          args[0], to_stdout ? _("standard output") : output);
  if (!to_stdout)
    report (cli, args[0], version ? version : hoso_dossier_get_head (dossier),
            entry, output);
  return HOSO_EXIT_OK;
}
