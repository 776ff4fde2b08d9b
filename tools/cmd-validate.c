/* cmd-validate.c: "hoso validate PATH", the OCFL validator on any folder.
 *
 * PATH may be a storage root (every object under it is checked too) or one
 * object, written by hoso or by any other OCFL tool.  Each issue is printed
 * with its code from the OCFL validation codes list, errors making PATH
 * invalid and warnings not.  Exit status 0 if valid, 1 if not.
 */
#include "config.h"

#include "cli.h"

static void
print_json (const char *path, GPtrArray *issues, gboolean valid)
{
  g_autoptr(json_t) root = hoso_cli_json_new ();
  json_t *errors = json_array ();
  json_t *warnings = json_array ();

  for (guint i = 0; i < issues->len; i++)
    {
      const HosoOcflIssue *issue = g_ptr_array_index (issues, i);
      json_array_append_new (issue->is_warning ? warnings : errors,
                             hoso_cli_issue_json (issue));
    }
  json_object_set_new (root, "path", hoso_cli_json_string (path));
  json_object_set_new (root, "valid", json_boolean (valid));
  json_object_set_new (root, "errors", errors);
  json_object_set_new (root, "warnings", warnings);
  hoso_cli_json_print (root);
}

static void
print_text (const char *path, GPtrArray *issues, gboolean valid)
{
  guint n_errors = 0, n_warnings = 0;
  g_autofree char *errors = NULL;
  g_autofree char *warnings = NULL;

  for (guint i = 0; i < issues->len; i++)
    {
      const HosoOcflIssue *issue = g_ptr_array_index (issues, i);
      hoso_cli_print_issue (issue, "", path);
      if (issue->is_warning)
        n_warnings++;
      else
        n_errors++;
    }
  errors = g_strdup_printf (ngettext ("%u error", "%u errors", n_errors), n_errors);
  warnings = g_strdup_printf (ngettext ("%u warning", "%u warnings", n_warnings), n_warnings);
  if (valid)
    g_print (_("“%s” is valid OCFL (%s, %s).\n"), path, errors, warnings);
  else
    g_print (_("“%s” is not valid OCFL (%s, %s): see the codes in the OCFL validation codes list.\n"),
             path, errors, warnings);
}

/* A hoso archive folder holds its OCFL storage root in store/: validate
 * that, as the person surely meant.  Caller frees. */
static char *
storage_root_of (const char *path)
{
  g_autofree char *decl = g_build_filename (path, "store", "0=ocfl_1.1", NULL);
  g_autofree char *conf = g_build_filename (path, "hoso.conf", NULL);

  if (g_file_test (decl, G_FILE_TEST_IS_REGULAR) && g_file_test (conf, G_FILE_TEST_IS_REGULAR))
    return g_build_filename (path, "store", NULL);
  return g_strdup (path);
}

int
hoso_cmd_validate (HosoCli *cli, int argc, char **argv)
{
  g_autofree char *path = NULL;
  gboolean skip_digests = FALSE;
  const GOptionEntry entries[] = {
    { "skip-digests", 0, 0, G_OPTION_ARG_NONE, &skip_digests,
      N_("Check the structure only, without re-hashing the content files"), NULL },
    G_OPTION_ENTRY_NULL
  };
  g_auto(GStrv) args = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) issues = g_ptr_array_new_with_free_func ((GDestroyNotify) hoso_ocfl_issue_free);
  gboolean valid = FALSE;

  if (!hoso_cli_parse (cli, "validate", entries, argc, argv, 1, 1, &args))
    return HOSO_EXIT_USAGE;
  path = storage_root_of (args[0]);
  if (!hoso_ocfl_validate_path (path,
                                skip_digests ? HOSO_OCFL_VALIDATE_SKIP_DIGESTS
                                             : HOSO_OCFL_VALIDATE_DEFAULT,
                                issues, &valid, &error))
    return hoso_cli_fail (cli, error, _("cannot validate “%s”"), path);
  if (cli->json)
    print_json (path, issues, valid);
  else
    print_text (path, issues, valid);
  return valid ? HOSO_EXIT_OK : HOSO_EXIT_PROBLEMS;
}
