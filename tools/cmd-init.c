/* cmd-init.c: "hoso init [DIR]", creating a new, empty archive.
 *
 * DIR is taken from the argument, else --archive, $HOSO_ARCHIVE or
 * ./archive.  The library refuses a folder that is not empty, so running
 * init twice, or on a folder holding something else, changes nothing.
 */
#include "config.h"

#include "cli.h"

static void
print_created (HosoCli *cli, HosoArchive *archive)
{
  if (cli->json)
    {
      g_autoptr(json_t) root = hoso_cli_json_new ();
      json_object_set_new (root, "archive",
                           hoso_cli_json_string (hoso_archive_get_path (archive)));
      json_object_set_new (root, "store",
                           hoso_cli_json_string (hoso_archive_get_store_path (archive)));
      hoso_cli_json_print (root);
      return;
    }
  g_print (_("Created an empty archive in “%s”.\n"), hoso_archive_get_path (archive));
  g_print (_("Add files to a dossier with: hoso add DOSSIER FILE…\n"));
}

int
hoso_cmd_init (HosoCli *cli, int argc, char **argv)
{
  g_auto(GStrv) args = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(HosoArchive) archive = NULL;
  g_autofree char *path = NULL;

  if (!hoso_cli_parse (cli, "init", NULL, argc, argv, 0, 1, &args))
    return HOSO_EXIT_USAGE;
  path = hoso_archive_default_path (args[0] ? args[0] : cli->archive_dir);
  archive = hoso_archive_init (path, &error);
  if (archive == NULL)
    return hoso_cli_fail (cli, error, _("cannot create an archive in “%s”"), path);
  print_created (cli, archive);
  return HOSO_EXIT_OK;
}
