/* cmd-diff.c: "hoso diff DOSSIER VA VB", what changed between two versions.
 *
 * One line per changed path: added, removed, modified (same path, new
 * content) or renamed (same content, new path).  Version 0 is the empty
 * state before v1, so "hoso diff D 0 1" lists what v1 brought.
 */
#include "config.h"

#include "cli.h"

/* Width of the kind column: the longest translated label. */
static guint
label_width (void)
{
  guint width = 0;

  for (int k = HOSO_CHANGE_ADDED; k <= HOSO_CHANGE_RENAMED; k++)
    width = MAX (width, (guint) g_utf8_strlen (hoso_cli_change_kind_label (k), -1));
  return width;
}

static void
print_text (const char *id, guint va, guint vb, GPtrArray *changes)
{
  guint width = label_width ();

  if (changes->len == 0)
    {
      g_print (_("No differences between version %u and version %u of %s.\n"),
               va, vb, id);
      return;
    }
  for (guint i = 0; i < changes->len; i++)
    {
      const HosoChange *c = g_ptr_array_index (changes, i);
      g_autofree char *label = hoso_cli_pad (hoso_cli_change_kind_label (c->kind), width);

      if (c->kind == HOSO_CHANGE_RENAMED)
        g_print ("%s  %s → %s\n", label, c->old_path, c->path);
      else
        g_print ("%s  %s\n", label, c->path);
    }
}

static void
print_json (const char *id, guint va, guint vb, GPtrArray *changes)
{
  g_autoptr(json_t) root = hoso_cli_json_new ();

  json_object_set_new (root, "dossier", hoso_cli_json_string (id));
  json_object_set_new (root, "from", json_integer (va));
  json_object_set_new (root, "to", json_integer (vb));
  json_object_set_new (root, "changes", hoso_cli_changes_json (changes));
  hoso_cli_json_print (root);
}

int
hoso_cmd_diff (HosoCli *cli, int argc, char **argv)
{
  g_auto(GStrv) args = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(HosoArchive) archive = NULL;
  g_autoptr(HosoDossier) dossier = NULL;
  g_autoptr(GPtrArray) changes = NULL;
  guint va = 0, vb = 0;

  if (!hoso_cli_parse (cli, "diff", NULL, argc, argv, 3, 3, &args))
    return HOSO_EXIT_USAGE;
  if (!hoso_cli_parse_version (args[1], TRUE, &va, &error)
      || !hoso_cli_parse_version (args[2], TRUE, &vb, &error))
    return hoso_cli_usage_error (cli, "diff", "%s", error->message);

  archive = hoso_cli_open_archive (cli, &error);
  if (archive)
    dossier = hoso_cli_load_dossier (archive, args[0], &error);
  if (dossier)
    changes = hoso_dossier_diff (dossier, va, vb, &error);
  if (changes == NULL)
    return hoso_cli_fail (cli, error, _("cannot compare version %u and version %u of “%s”"),
                          va, vb, args[0]);
  if (cli->json)
    print_json (args[0], va, vb, changes);
  else
    print_text (args[0], va, vb, changes);
  return HOSO_EXIT_OK;
}
