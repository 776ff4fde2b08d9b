/* cmd-list.c: "hoso list", the dossiers of an archive.
 *
 * One line per dossier, sorted by id: the id, its newest version and when
 * that version was made.  Each dossier's root inventory is read, which is
 * cheap next to reading its files.
 */
#include "config.h"

#include <string.h>

#include "cli.h"

static void
print_text_line (HosoDossier *dossier, guint width)
{
  guint head = hoso_dossier_get_head (dossier);
  const HosoVersionInfo *info = hoso_dossier_get_version (dossier, head);
  g_autofree char *id = hoso_cli_pad (hoso_dossier_get_id (dossier), width);
  g_autofree char *date = hoso_cli_format_date (info ? info->created : NULL);
  g_autofree char *version = g_strdup_printf ("v%u", head);
  g_autofree char *version_col = hoso_cli_pad (version, 5);

  g_print ("%s  %s  %s\n", id, version_col, date);
}

static json_t *
dossier_json (HosoDossier *dossier)
{
  guint head = hoso_dossier_get_head (dossier);
  const HosoVersionInfo *info = hoso_dossier_get_version (dossier, head);
  json_t *obj = json_object ();

  json_object_set_new (obj, "id", hoso_cli_json_string (hoso_dossier_get_id (dossier)));
  json_object_set_new (obj, "head", json_integer (head));
  json_object_set_new (obj, "updated", hoso_cli_json_date (info ? info->created : NULL));
  return obj;
}

static guint
widest_id (GPtrArray *ids)
{
  guint width = 0;

  for (guint i = 0; i < ids->len; i++)
    width = MAX (width, (guint) strlen (g_ptr_array_index (ids, i)));
  return width;
}

int
hoso_cmd_list (HosoCli *cli, int argc, char **argv)
{
  g_auto(GStrv) args = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(HosoArchive) archive = NULL;
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(json_t) root = NULL;
  json_t *dossiers = NULL;
  guint width;

  if (!hoso_cli_parse (cli, "list", NULL, argc, argv, 0, 0, &args))
    return HOSO_EXIT_USAGE;
  archive = hoso_cli_open_archive (cli, &error);
  if (archive)
    ids = hoso_archive_list_dossiers (archive, &error);
  if (ids == NULL)
    return hoso_cli_fail (cli, error, _("cannot list the dossiers"));

  if (cli->json)
    {
      root = hoso_cli_json_new ();
      dossiers = json_array ();
      json_object_set_new (root, "archive", hoso_cli_json_string (hoso_archive_get_path (archive)));
      json_object_set_new (root, "dossiers", dossiers);
    }
  else if (ids->len == 0)
    g_print (_("The archive “%s” has no dossiers yet. Add one with: hoso add DOSSIER FILE…\n"),
             hoso_archive_get_path (archive));
  width = widest_id (ids);
  for (guint i = 0; i < ids->len; i++)
    {
      const char *id = g_ptr_array_index (ids, i);
      g_autoptr(HosoDossier) dossier = hoso_archive_load_dossier (archive, id, &error);

      if (dossier == NULL)
        return hoso_cli_fail (cli, error, _("cannot read dossier %s"), id);
      if (cli->json)
        json_array_append_new (dossiers, dossier_json (dossier));
      else
        print_text_line (dossier, width);
    }
  if (root)
    hoso_cli_json_print (root);
  return HOSO_EXIT_OK;
}
