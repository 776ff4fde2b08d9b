/* cmd-verify.c: "hoso verify [DOSSIER…]", proof that nothing is damaged.
 *
 * For each dossier (all by default) every stored file is re-hashed and
 * compared with its inventory, then the object's structure is checked by
 * the OCFL validator without hashing again.  When the whole archive is
 * verified, the storage root itself is validated too; issues it repeats
 * about objects already reported are not shown twice.  Exit status 1 if a
 * file is damaged or missing, or the validator found an error.
 */
#include "config.h"

#include "cli.h"

typedef struct {
  char *id;
  GPtrArray *fixity;          /* HosoFixityProblem */
  GPtrArray *issues;          /* HosoOcflIssue */
  char *read_error;           /* why the dossier could not be checked */
} DossierReport;

static void
dossier_report_free (DossierReport *report)
{
  g_free (report->id);
  g_ptr_array_unref (report->fixity);
  g_ptr_array_unref (report->issues);
  g_free (report->read_error);
  g_free (report);
}

static guint
count_errors (GPtrArray *issues)
{
  guint n = 0;

  for (guint i = 0; i < issues->len; i++)
    if (!((const HosoOcflIssue *) g_ptr_array_index (issues, i))->is_warning)
      n++;
  return n;
}

static gboolean
dossier_report_ok (const DossierReport *report)
{
  return report->read_error == NULL && report->fixity->len == 0
         && count_errors (report->issues) == 0;
}

/* Re-hashes and validates dossier ID.  Problems go into the report; FALSE
 * only for a dossier that does not exist (a usage error). */
static DossierReport *
verify_dossier (HosoArchive *archive, const char *id, GError **error)
{
  g_autoptr(GError) local = NULL;
  g_autoptr(HosoDossier) dossier = hoso_cli_load_dossier (archive, id, &local);
  g_autofree char *object_id = hoso_dossier_object_id (id);
  DossierReport *report;

  if (dossier == NULL && hoso_cli_exit_status (local) == HOSO_EXIT_USAGE)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return NULL;
    }
  report = g_new0 (DossierReport, 1);
  report->id = g_strdup (id);
  report->fixity = g_ptr_array_new_with_free_func ((GDestroyNotify) hoso_fixity_problem_free);
  report->issues = g_ptr_array_new_with_free_func ((GDestroyNotify) hoso_ocfl_issue_free);
  if (dossier == NULL
      || !hoso_archive_verify_fixity (archive, id, report->fixity, &local)
      || !hoso_ocfl_validate_object (hoso_dossier_get_root (dossier), object_id,
                                     HOSO_OCFL_VALIDATE_SKIP_DIGESTS,
                                     report->issues, NULL, &local))
    report->read_error = g_strdup (local ? local->message : _("unknown error"));
  return report;
}

static char *
issue_key (const HosoOcflIssue *issue)
{
  return g_strjoin ("\x1f", issue->code, issue->path ? issue->path : "",
                    issue->message, NULL);
}

/* Validates the storage root, dropping issues a dossier report already has. */
static GPtrArray *
verify_storage_root (HosoArchive *archive, GPtrArray *reports, char **read_error)
{
  g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func ((GDestroyNotify) hoso_ocfl_issue_free);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GError) error = NULL;
  GPtrArray *fresh = g_ptr_array_new_with_free_func ((GDestroyNotify) hoso_ocfl_issue_free);

  for (guint i = 0; i < reports->len; i++)
    {
      const DossierReport *r = g_ptr_array_index (reports, i);
      for (guint j = 0; j < r->issues->len; j++)
        g_hash_table_add (seen, issue_key (g_ptr_array_index (r->issues, j)));
    }
  if (!hoso_ocfl_validate_path (hoso_archive_get_store_path (archive),
                                HOSO_OCFL_VALIDATE_SKIP_DIGESTS, all, NULL, &error))
    *read_error = g_strdup (error->message);
  for (guint i = 0; i < all->len; i++)
    {
      g_autofree char *key = issue_key (g_ptr_array_index (all, i));
      if (!g_hash_table_contains (seen, key))
        g_ptr_array_add (fresh, g_ptr_array_steal_index (all, i--));
    }
  return fresh;
}

/* ---- Output ------------------------------------------------------------- */

static void
print_fixity_text (const char *id, const HosoFixityProblem *p)
{
  if (p->found)
    g_print (_("%s: v%u %s: the stored content does not match its digest.\n"),
             id, p->version, p->path);
  else
    g_print (_("%s: v%u %s: the stored content is missing.\n"),
             id, p->version, p->path);
  g_print ("    %-9s %s\n", _("content"), p->content_path);
  g_print ("    %-9s %s\n", _("expected"), p->expected);
  g_print ("    %-9s %s\n", _("found"), p->found ? p->found : _("(missing)"));
}

static void
print_report_text (const DossierReport *r)
{
  g_autofree char *prefix = g_strdup_printf ("%s: ", r->id);

  if (r->read_error)
    g_print (_("%s: cannot be checked: %s\n"), r->id, r->read_error);
  for (guint i = 0; i < r->fixity->len; i++)
    print_fixity_text (r->id, g_ptr_array_index (r->fixity, i));
  for (guint i = 0; i < r->issues->len; i++)
    hoso_cli_print_issue (g_ptr_array_index (r->issues, i), prefix, r->id);
  if (dossier_report_ok (r))
    g_print (_("%s: ok\n"), r->id);
}

static json_t *
issues_json (GPtrArray *issues)
{
  json_t *array = json_array ();

  for (guint i = 0; i < issues->len; i++)
    {
      const HosoOcflIssue *issue = g_ptr_array_index (issues, i);
      json_t *obj = hoso_cli_issue_json (issue);
      json_object_set_new (obj, "severity",
                           json_string (issue->is_warning ? "warning" : "error"));
      json_array_append_new (array, obj);
    }
  return array;
}

static json_t *
report_json (const DossierReport *r)
{
  json_t *obj = json_object ();
  json_t *fixity = json_array ();

  for (guint i = 0; i < r->fixity->len; i++)
    {
      const HosoFixityProblem *p = g_ptr_array_index (r->fixity, i);
      json_t *f = json_object ();
      json_object_set_new (f, "version", json_integer (p->version));
      json_object_set_new (f, "path", hoso_cli_json_string (p->path));
      json_object_set_new (f, "content_path", hoso_cli_json_string (p->content_path));
      json_object_set_new (f, "expected", hoso_cli_json_string (p->expected));
      json_object_set_new (f, "found", hoso_cli_json_string (p->found));
      json_array_append_new (fixity, f);
    }
  json_object_set_new (obj, "id", hoso_cli_json_string (r->id));
  json_object_set_new (obj, "ok", json_boolean (dossier_report_ok (r)));
  json_object_set_new (obj, "error", hoso_cli_json_string (r->read_error));
  json_object_set_new (obj, "fixity", fixity);
  json_object_set_new (obj, "issues", issues_json (r->issues));
  return obj;
}

static void
print_json (HosoArchive *archive, GPtrArray *reports, GPtrArray *root_issues,
            const char *root_error, gboolean ok)
{
  g_autoptr(json_t) root = hoso_cli_json_new ();
  json_t *dossiers = json_array ();
  json_t *store = json_object ();

  for (guint i = 0; i < reports->len; i++)
    json_array_append_new (dossiers, report_json (g_ptr_array_index (reports, i)));
  json_object_set_new (store, "checked", json_boolean (root_issues != NULL));
  json_object_set_new (store, "ok", json_boolean (root_error == NULL
                                                  && (root_issues == NULL
                                                      || count_errors (root_issues) == 0)));
  json_object_set_new (store, "error", hoso_cli_json_string (root_error));
  json_object_set_new (store, "issues", root_issues ? issues_json (root_issues) : json_array ());
  json_object_set_new (root, "archive", hoso_cli_json_string (hoso_archive_get_path (archive)));
  json_object_set_new (root, "ok", json_boolean (ok));
  json_object_set_new (root, "dossiers", dossiers);
  json_object_set_new (root, "storage_root", store);
  hoso_cli_json_print (root);
}

static void
print_text (GPtrArray *reports, GPtrArray *root_issues, const char *root_error,
            guint damaged, gboolean ok)
{
  const char *label = _("storage root");
  g_autofree char *prefix = g_strdup_printf ("%s: ", label);

  for (guint i = 0; i < reports->len; i++)
    print_report_text (g_ptr_array_index (reports, i));
  if (root_error)
    g_print (_("%s: cannot be checked: %s\n"), label, root_error);
  for (guint i = 0; root_issues && i < root_issues->len; i++)
    hoso_cli_print_issue (g_ptr_array_index (root_issues, i), prefix, label);
  if (root_issues && root_error == NULL && count_errors (root_issues) == 0)
    g_print (_("%s: ok\n"), label);
  if (ok)
    g_print (ngettext ("Verified %u dossier: no problems found.\n",
                       "Verified %u dossiers: no problems found.\n", reports->len),
             reports->len);
  else if (damaged == 0)
    g_print (ngettext ("Verified %u dossier: the storage root has problems, listed above.\n",
                       "Verified %u dossiers: the storage root has problems, listed above.\n",
                       reports->len),
             reports->len);
  else
    g_print (ngettext ("Verified %u dossier: problems found in %u. Restore the damaged files from a backup.\n",
                       "Verified %u dossiers: problems found in %u. Restore the damaged files from a backup.\n",
                       reports->len),
             reports->len, damaged);
}

/* ---- The command -------------------------------------------------------- */

static GPtrArray *
dossiers_to_check (HosoArchive *archive, char **args, GError **error)
{
  GPtrArray *ids;

  if (args[0] == NULL)
    return hoso_archive_list_dossiers (archive, error);
  ids = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; args[i]; i++)
    g_ptr_array_add (ids, g_strdup (args[i]));
  return ids;
}

int
hoso_cmd_verify (HosoCli *cli, int argc, char **argv)
{
  g_auto(GStrv) args = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(HosoArchive) archive = NULL;
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(GPtrArray) reports = g_ptr_array_new_with_free_func ((GDestroyNotify) dossier_report_free);
  g_autoptr(GPtrArray) root_issues = NULL;
  g_autofree char *root_error = NULL;
  guint damaged = 0;
  gboolean ok;

  if (!hoso_cli_parse (cli, "verify", NULL, argc, argv, 0, -1, &args))
    return HOSO_EXIT_USAGE;
  archive = hoso_cli_open_archive (cli, &error);
  if (archive)
    ids = dossiers_to_check (archive, args, &error);
  if (ids == NULL)
    return hoso_cli_fail (cli, error, _("cannot verify the archive"));

  for (guint i = 0; i < ids->len; i++)
    {
      const char *id = g_ptr_array_index (ids, i);
      DossierReport *report = verify_dossier (archive, id, &error);
      if (report == NULL)
        return hoso_cli_fail (cli, error, _("cannot verify “%s”"), id);
      damaged += dossier_report_ok (report) ? 0 : 1;
      g_ptr_array_add (reports, report);
    }
  if (args[0] == NULL)
    root_issues = verify_storage_root (archive, reports, &root_error);

  ok = damaged == 0 && root_error == NULL
       && (root_issues == NULL || count_errors (root_issues) == 0);
  if (cli->json)
    print_json (archive, reports, root_issues, root_error, ok);
  else
    print_text (reports, root_issues, root_error, damaged, ok);
  return ok ? HOSO_EXIT_OK : HOSO_EXIT_PROBLEMS;
}
