/* cmd-ls.c: "hoso ls DOSSIER [--version N]", the files of one version.
 *
 * One line per file: its logical path, its size and the first characters
 * of its SHA-512 digest (enough to tell files apart by eye; --json gives the
 * whole digest).  The head version unless --version names another.
 */
#include "config.h"

#include <string.h>

#include "cli.h"

static guint
widest_path (GPtrArray *entries)
{
  guint width = 0;

  for (guint i = 0; i < entries->len; i++)
    {
      const HosoEntry *e = g_ptr_array_index (entries, i);
      guint len = g_utf8_validate (e->path, -1, NULL)
                    ? (guint) g_utf8_strlen (e->path, -1) : (guint) strlen (e->path);
      width = MAX (width, len);
    }
  return width;
}

static void
print_text (GPtrArray *entries)
{
  guint width = widest_path (entries);

  for (guint i = 0; i < entries->len; i++)
    {
      const HosoEntry *e = g_ptr_array_index (entries, i);
      g_autofree char *path = hoso_cli_pad (e->path, width);
      g_autofree char *size = g_format_size ((guint64) e->size);
      g_autofree char *digest = hoso_cli_short_digest (e->digest);
      g_autofree char *size_col = NULL;

      /* Right-align the size in 10 columns. */
      size_col = g_strdup_printf ("%*s%s", (int) MAX (0, 10 - g_utf8_strlen (size, -1)),
                                  "", size);
      g_print ("%s  %s  %s\n", path, size_col, digest);
    }
}

static void
print_json (const char *id, guint version, GPtrArray *entries)
{
  g_autoptr(json_t) root = hoso_cli_json_new ();
  json_t *files = json_array ();

  for (guint i = 0; i < entries->len; i++)
    {
      const HosoEntry *e = g_ptr_array_index (entries, i);
      json_t *obj = json_object ();
      json_object_set_new (obj, "path", hoso_cli_json_string (e->path));
      json_object_set_new (obj, "size", json_integer (e->size));
      json_object_set_new (obj, "digest", hoso_cli_json_string (e->digest));
      json_array_append_new (files, obj);
    }
  json_object_set_new (root, "dossier", hoso_cli_json_string (id));
  json_object_set_new (root, "version", json_integer (version));
  json_object_set_new (root, "files", files);
  hoso_cli_json_print (root);
}

int
hoso_cmd_ls (HosoCli *cli, int argc, char **argv)
{
  g_autofree char *version_text = NULL;
  const GOptionEntry entries[] = {
    { "version", 0, 0, G_OPTION_ARG_STRING, &version_text,
      N_("List version N instead of the newest"), N_("N") },
    G_OPTION_ENTRY_NULL
  };
  g_auto(GStrv) args = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(HosoArchive) archive = NULL;
  g_autoptr(HosoDossier) dossier = NULL;
  g_autoptr(GPtrArray) files = NULL;
  guint version = 0;

  if (!hoso_cli_parse (cli, "ls", entries, argc, argv, 1, 1, &args))
    return HOSO_EXIT_USAGE;
  if (version_text && !hoso_cli_parse_version (version_text, FALSE, &version, &error))
    return hoso_cli_usage_error (cli, "ls", "%s", error->message);
  archive = hoso_cli_open_archive (cli, &error);
  if (archive)
    dossier = hoso_cli_load_dossier (archive, args[0], &error);
  if (dossier)
    files = hoso_dossier_list (dossier, version, &error);
  if (files == NULL)
    return hoso_cli_fail (cli, error, _("cannot list the files of “%s”"), args[0]);

  if (version == 0)
    version = hoso_dossier_get_head (dossier);
  if (cli->json)
    print_json (args[0], version, files);
  else
    print_text (files);
  return HOSO_EXIT_OK;
}
