/* cmd-log.c: "hoso log DOSSIER", the history of a dossier.
 *
 * Each version, newest first: its number, when and by whom it was made, its
 * message, and how many files it added, removed, modified and renamed
 * (worked out by comparing it with the version before).
 */
#include "config.h"

#include "cli.h"

/* "Name <email>" from a version's user, or "-". Caller frees. */
static char *
format_user (const HosoVersionInfo *info)
{
  const char *address = info->user_address;

  if (address && g_str_has_prefix (address, "mailto:"))
    address += 7;
  if (info->user_name && address)
    return g_strdup_printf ("%s <%s>", info->user_name, address);
  if (info->user_name || address)
    return g_strdup (info->user_name ? info->user_name : address);
  return g_strdup ("-");
}

static void
print_version_text (const HosoVersionInfo *info, GPtrArray *changes)
{
  g_autofree char *date = hoso_cli_format_date (info->created);
  g_autofree char *user = format_user (info);
  g_autofree char *summary = hoso_cli_change_summary (changes);

  g_print ("v%u  %s  %s\n", info->number, date, user);
  if (info->message && *info->message)
    g_print ("    %s\n", info->message);
  g_print ("    %s\n\n", summary);
}

static json_t *
version_json (const HosoVersionInfo *info, GPtrArray *changes)
{
  json_t *obj = json_object ();
  json_t *user = json_object ();

  json_object_set_new (user, "name", hoso_cli_json_string (info->user_name));
  json_object_set_new (user, "address", hoso_cli_json_string (info->user_address));
  json_object_set_new (obj, "version", json_integer (info->number));
  json_object_set_new (obj, "created", hoso_cli_json_date (info->created));
  json_object_set_new (obj, "user", user);
  json_object_set_new (obj, "message", hoso_cli_json_string (info->message));
  json_object_set_new (obj, "changes", hoso_cli_change_counts_json (changes));
  return obj;
}

int
hoso_cmd_log (HosoCli *cli, int argc, char **argv)
{
  g_auto(GStrv) args = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(HosoArchive) archive = NULL;
  g_autoptr(HosoDossier) dossier = NULL;
  g_autoptr(json_t) root = NULL;
  json_t *versions = NULL;

  if (!hoso_cli_parse (cli, "log", NULL, argc, argv, 1, 1, &args))
    return HOSO_EXIT_USAGE;
  archive = hoso_cli_open_archive (cli, &error);
  if (archive)
    dossier = hoso_cli_load_dossier (archive, args[0], &error);
  if (dossier == NULL)
    return hoso_cli_fail (cli, error, _("cannot show the history of “%s”"), args[0]);

  if (cli->json)
    {
      root = hoso_cli_json_new ();
      versions = json_array ();
      json_object_set_new (root, "dossier", hoso_cli_json_string (args[0]));
      json_object_set_new (root, "head", json_integer (hoso_dossier_get_head (dossier)));
      json_object_set_new (root, "versions", versions);
    }
  for (guint n = hoso_dossier_get_head (dossier); n >= 1; n--)
    {
      const HosoVersionInfo *info = hoso_dossier_get_version (dossier, n);
      g_autoptr(GPtrArray) changes = hoso_dossier_diff (dossier, n - 1, n, &error);

      if (info == NULL && changes != NULL)
        g_set_error (&error, HOSO_ARCHIVE_ERROR, HOSO_ARCHIVE_ERROR_CORRUPT,
                     _("the inventory has no entry for version %u"), n);
      if (info == NULL || changes == NULL)
        return hoso_cli_fail (cli, error, _("cannot read version %u of %s"), n,
                              args[0]);
      if (cli->json)
        json_array_append_new (versions, version_json (info, changes));
      else
        print_version_text (info, changes);
    }
  if (root)
    hoso_cli_json_print (root);
  return HOSO_EXIT_OK;
}
