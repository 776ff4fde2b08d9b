/* test-validate.c: unit tests of the OCFL validator (archive/ocfl-validate*).
 *
 * Each test builds, in its own temporary folder, a small valid object the
 * way hoso writes one (sha512, unpadded v1, v2, a message and a user with a
 * mailto address, an inventory and sidecar in the root and in each version),
 * breaks one thing, and checks that the validator reports the code the OCFL
 * validation-codes list gives for it.  The good object itself must give no
 * issue at all, not even a warning.  Storage roots are built the same way.
 */
#include "config.h"

#include <errno.h>
#include <ftw.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <jansson.h>

#include "ocfl-digest.h"
#include "ocfl-validate.h"

/* ---- Building objects ----------------------------------------------------- */

typedef struct {
  const char *logical;
  const char *text;
} TestFile;

static const TestFile version1[] = {
  { "dossier.xml", "<dossier id=\"QNA-2024-0012\"/>\n" },
  { "documents/scan-01.txt", "Trang 1: giấy chứng nhận\n" },
  { "documents/empty.txt", "" },
  { NULL, NULL },
};

/* Changes dossier.xml, keeps a file, adds one with a Vietnamese name and
 * one whose content is already stored (a forward delta: not stored twice). */
static const TestFile version2[] = {
  { "dossier.xml", "<dossier id=\"QNA-2024-0012\" v=\"2\"/>\n" },
  { "documents/scan-01.txt", "Trang 1: giấy chứng nhận\n" },
  { "documents/quyết định.txt", "Quyết định công nhận 4 sao\n" },
  { "documents/copy.txt", "Trang 1: giấy chứng nhận\n" },
  { NULL, NULL },
};

static const TestFile *const two_versions[] = { version1, version2 };

typedef struct {
  const char *algorithm;      /* sha512 unless set */
  gboolean padded;            /* v01, v02 */
} BuildOptions;

static void
write_text (const char *path, const char *text, gssize len)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  g_file_set_contents (path, text, len, &error);
  g_assert_no_error (error);
}

static char *
digest_of (const char *algorithm, const char *text, gssize len)
{
  return hoso_digest_bytes_hex (algorithm, text,
                                len < 0 ? strlen (text) : (gsize) len);
}

/* Writes INV as DIR/inventory.json and its sidecar. */
static void
write_inventory (const char *dir, json_t *inv)
{
  const char *alg = json_string_value (json_object_get (inv,
                                                       "digestAlgorithm"));
  g_autofree char *text = json_dumps (inv, JSON_INDENT (2) | JSON_SORT_KEYS);
  g_autofree char *path = g_build_filename (dir, "inventory.json", NULL);
  g_autofree char *sidecar_name = g_strconcat ("inventory.json.", alg, NULL);
  g_autofree char *sidecar = g_build_filename (dir, sidecar_name, NULL);
  g_autofree char *digest = digest_of (alg, text, -1);
  g_autofree char *line = g_strdup_printf ("%s  inventory.json\n", digest);

  write_text (path, text, -1);
  write_text (sidecar, line, -1);
}

static char *
version_name (const BuildOptions *opt, guint n)
{
  return g_strdup_printf (opt->padded ? "v%02u" : "v%u", n);
}

/* Adds version N (files FILES) to INV, storing new content under OBJ. */
static void
add_version (const char *obj, json_t *inv, const BuildOptions *opt, guint n,
             const TestFile *files)
{
  const char *alg = opt->algorithm;
  g_autofree char *name = version_name (opt, n);
  json_t *manifest = json_object_get (inv, "manifest");
  json_t *state = json_object ();
  json_t *block = json_pack ("{s:s, s:s, s:{s:s, s:s}}",
                             "created", "2024-05-01T09:30:00Z",
                             "message", "Nộp hồ sơ",
                             "user", "name", "Nguyễn Thị Lan",
                             "address", "mailto:lan@example.org");
  for (const TestFile *f = files; f->logical != NULL; f++)
    {
      g_autofree char *digest = digest_of (alg, f->text, -1);
      if (json_object_get (manifest, digest) == NULL)
        {
          g_autofree char *content = g_strconcat (name, "/content/",
                                                  f->logical, NULL);
          g_autofree char *path = g_build_filename (obj, content, NULL);
          write_text (path, f->text, -1);
          json_object_set_new (manifest, digest, json_pack ("[s]", content));
        }
      json_t *paths = json_object_get (state, digest);
      if (paths == NULL)
        json_object_set_new (state, digest, paths = json_array ());
      json_array_append_new (paths, json_string (f->logical));
    }
  json_object_set_new (block, "state", state);
  json_object_set_new (json_object_get (inv, "versions"), name, block);
  json_object_set_new (inv, "head", json_string (name));
  g_autofree char *dir = g_build_filename (obj, name, NULL);
  write_inventory (dir, inv);
}

static void
build_object_with (const char *obj, const char *id, const BuildOptions *opt,
                   guint n_versions)
{
  g_autofree char *decl = g_build_filename (obj, "0=ocfl_object_1.1", NULL);
  json_t *inv = json_pack ("{s:s, s:s, s:s, s:{}, s:{}}",
                           "id", id,
                           "type", "https://ocfl.io/1.1/spec/#inventory",
                           "digestAlgorithm", opt->algorithm,
                           "manifest", "versions");
  write_text (decl, "ocfl_object_1.1\n", -1);
  for (guint i = 0; i < n_versions; i++)
    add_version (obj, inv, opt, i + 1, two_versions[i]);
  write_inventory (obj, inv);
  json_decref (inv);
}

static void
build_object (const char *obj, const char *id)
{
  BuildOptions opt = { "sha512", FALSE };
  build_object_with (obj, id, &opt, 2);
}

static json_t *
read_inventory (const char *dir)
{
  g_autofree char *path = g_build_filename (dir, "inventory.json", NULL);
  json_error_t jerr;
  json_t *inv = json_load_file (path, 0, &jerr);
  g_assert_nonnull (inv);
  return inv;
}

/* Rewrites the root inventory and the latest version's copy of it, so that
 * only the change MUTATE makes is wrong. */
static void
rewrite_inventory (const char *obj, void (*mutate) (json_t *inv))
{
  json_t *inv = read_inventory (obj);
  mutate (inv);
  g_autofree char *head = g_build_filename (
    obj, json_string_value (json_object_get (inv, "head")), NULL);
  write_inventory (obj, inv);
  write_inventory (head, inv);
  json_decref (inv);
}

static int
remove_one (const char *path, const struct stat *st, int flag,
            struct FTW *ftw)
{
  (void) st; (void) flag; (void) ftw;
  chmod (path, 0700);
  return remove (path);
}

static void
rm_rf (const char *path)
{
  nftw (path, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* ---- Validating ----------------------------------------------------------- */

typedef struct {
  char *dir;                  /* the test's temporary folder */
  char *obj;                  /* DIR/obj, a good object */
  GPtrArray *issues;
  gboolean valid;
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  (void) data;
  f->dir = g_dir_make_tmp ("hoso-validate-XXXXXX", &error);
  g_assert_no_error (error);
  f->obj = g_build_filename (f->dir, "obj", NULL);
  build_object (f->obj, "urn:ocop:QNA-2024-0012");
  f->issues = NULL;
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  (void) data;
  rm_rf (f->dir);
  g_clear_pointer (&f->issues, g_ptr_array_unref);
  g_free (f->obj);
  g_free (f->dir);
}

static void
print_issues (GPtrArray *issues)
{
  for (guint i = 0; i < issues->len; i++)
    {
      const HosoOcflIssue *issue = issues->pdata[i];
      g_test_message ("[%s] %s: %s", issue->code,
                      issue->path ? issue->path : "", issue->message);
    }
}

static void
run (Fixture *f, const char *path, HosoOcflValidateFlags flags)
{
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&f->issues, g_ptr_array_unref);
  f->issues = g_ptr_array_new_with_free_func (
    (GDestroyNotify) hoso_ocfl_issue_free);
  f->valid = FALSE;
  g_assert_true (hoso_ocfl_validate_path (path, flags, f->issues, &f->valid,
                                          &error));
  g_assert_no_error (error);
  print_issues (f->issues);
}

static guint
count_code (GPtrArray *issues, const char *code)
{
  guint n = 0;
  for (guint i = 0; i < issues->len; i++)
    n += strcmp (((HosoOcflIssue *) issues->pdata[i])->code, code) == 0;
  return n;
}

/* PATH is invalid and CODE is among the errors. */
static void
assert_error (Fixture *f, const char *path, const char *code)
{
  run (f, path, HOSO_OCFL_VALIDATE_DEFAULT);
  g_assert_false (f->valid);
  if (count_code (f->issues, code) == 0)
    g_error ("%s was not reported for %s", code, path);
}

/* PATH is valid and CODE is the only kind of issue. */
static void
assert_only_warning (Fixture *f, const char *path, const char *code)
{
  run (f, path, HOSO_OCFL_VALIDATE_DEFAULT);
  g_assert_true (f->valid);
  g_assert_cmpuint (f->issues->len, >, 0);
  g_assert_cmpuint (count_code (f->issues, code), ==, f->issues->len);
}

static char *
obj_path (Fixture *f, const char *rel)
{
  return g_build_filename (f->obj, rel, NULL);
}

/* ---- Objects: the good ones ------------------------------------------------ */

static void
test_good_object (Fixture *f, gconstpointer data)
{
  (void) data;
  run (f, f->obj, HOSO_OCFL_VALIDATE_DEFAULT);
  g_assert_true (f->valid);
  g_assert_cmpuint (f->issues->len, ==, 0);
}

static void
test_good_one_version (Fixture *f, gconstpointer data)
{
  g_autofree char *obj = g_build_filename (f->dir, "one", NULL);
  BuildOptions opt = { "sha512", FALSE };
  (void) data;
  build_object_with (obj, "urn:ocop:QNA-2024-0001", &opt, 1);
  run (f, obj, HOSO_OCFL_VALIDATE_DEFAULT);
  g_assert_true (f->valid);
  g_assert_cmpuint (f->issues->len, ==, 0);
}

static void
test_padded_versions (Fixture *f, gconstpointer data)
{
  g_autofree char *obj = g_build_filename (f->dir, "padded", NULL);
  BuildOptions opt = { "sha512", TRUE };
  (void) data;
  build_object_with (obj, "urn:ocop:QNA-2024-0002", &opt, 2);
  assert_only_warning (f, obj, "W001");
}

static void
test_sha256 (Fixture *f, gconstpointer data)
{
  g_autofree char *obj = g_build_filename (f->dir, "sha256", NULL);
  BuildOptions opt = { "sha256", FALSE };
  (void) data;
  build_object_with (obj, "urn:ocop:QNA-2024-0003", &opt, 2);
  assert_only_warning (f, obj, "W004");
}

/* ---- Objects: one fault each ------------------------------------------------ */

static void
test_no_declaration (Fixture *f, gconstpointer data)
{
  g_autofree char *decl = obj_path (f, "0=ocfl_object_1.1");
  (void) data;
  g_assert_cmpint (unlink (decl), ==, 0);
  assert_error (f, f->obj, "E003");
}

static void
test_bad_declaration (Fixture *f, gconstpointer data)
{
  g_autofree char *decl = obj_path (f, "0=ocfl_object_1.1");
  (void) data;
  write_text (decl, "ocfl_object_1.1", -1);
  assert_error (f, f->obj, "E007");
}

static void
test_no_inventory (Fixture *f, gconstpointer data)
{
  g_autofree char *inv = obj_path (f, "inventory.json");
  (void) data;
  g_assert_cmpint (unlink (inv), ==, 0);
  assert_error (f, f->obj, "E063");
}

static void
test_no_sidecar (Fixture *f, gconstpointer data)
{
  g_autofree char *sidecar = obj_path (f, "inventory.json.sha512");
  (void) data;
  g_assert_cmpint (unlink (sidecar), ==, 0);
  assert_error (f, f->obj, "E058");
}

static void
test_wrong_sidecar (Fixture *f, gconstpointer data)
{
  g_autofree char *sidecar = obj_path (f, "v1/inventory.json.sha512");
  g_autofree char *digest = digest_of ("sha512", "something else", -1);
  g_autofree char *line = g_strdup_printf ("%s inventory.json\n", digest);
  (void) data;
  write_text (sidecar, line, -1);
  assert_error (f, f->obj, "E060");
}

static void
test_malformed_sidecar (Fixture *f, gconstpointer data)
{
  g_autofree char *sidecar = obj_path (f, "inventory.json.sha512");
  (void) data;
  write_text (sidecar, "not a digest\n", -1);
  assert_error (f, f->obj, "E061");
}

static void
test_extra_root_file (Fixture *f, gconstpointer data)
{
  g_autofree char *extra = obj_path (f, "notes.txt");
  (void) data;
  write_text (extra, "left here by mistake\n", -1);
  assert_error (f, f->obj, "E001");
}

static void
test_content_changed (Fixture *f, gconstpointer data)
{
  g_autofree char *file = obj_path (f, "v2/content/dossier.xml");
  (void) data;
  write_text (file, "<dossier tampered=\"yes\"/>\n", -1);
  assert_error (f, f->obj, "E092");
  /* The structure alone is still right. */
  run (f, f->obj, HOSO_OCFL_VALIDATE_SKIP_DIGESTS);
  g_assert_true (f->valid);
  g_assert_cmpuint (f->issues->len, ==, 0);
}

static void
test_extra_content_file (Fixture *f, gconstpointer data)
{
  g_autofree char *extra = obj_path (f, "v1/content/documents/stray.txt");
  (void) data;
  write_text (extra, "not in any manifest\n", -1);
  assert_error (f, f->obj, "E023");
}

static void
test_missing_content_file (Fixture *f, gconstpointer data)
{
  g_autofree char *file = obj_path (f, "v1/content/documents/scan-01.txt");
  (void) data;
  g_assert_cmpint (unlink (file), ==, 0);
  assert_error (f, f->obj, "E092");
}

static void
test_empty_content_folder (Fixture *f, gconstpointer data)
{
  g_autofree char *dir = obj_path (f, "v1/content/documents/empty-folder");
  (void) data;
  g_assert_cmpint (g_mkdir (dir, 0755), ==, 0);
  assert_error (f, f->obj, "E024");
}

/* A content file replaced by a link to a file outside the object with the
 * very same bytes: following it would hide the fault. */
static void
test_symlink_not_followed (Fixture *f, gconstpointer data)
{
  g_autofree char *outside = g_build_filename (f->dir, "outside.txt", NULL);
  g_autofree char *file = obj_path (f, "v1/content/documents/scan-01.txt");
  (void) data;
  write_text (outside, "Trang 1: giấy chứng nhận\n", -1);
  g_assert_cmpint (unlink (file), ==, 0);
  g_assert_cmpint (symlink (outside, file), ==, 0);
  assert_error (f, f->obj, "E090");
  g_assert_cmpuint (count_code (f->issues, "E092"), >, 0);
}

static void
set_bad_paths (json_t *inv)
{
  json_t *v1 = json_object_get (json_object_get (inv, "versions"), "v1");
  json_t *state = json_object_get (v1, "state");
  const char *digest;
  json_t *paths;

  json_object_foreach (state, digest, paths)
    {
      json_array_append_new (paths, json_string ("../../etc/passwd"));
      break;
    }
  json_object_set_new (json_object_get (inv, "manifest"), "00",
                       json_pack ("[s]", "v1/content/../../../etc/passwd"));
}

static void
test_dotdot_paths (Fixture *f, gconstpointer data)
{
  (void) data;
  rewrite_inventory (f->obj, set_bad_paths);
  assert_error (f, f->obj, "E052");
  g_assert_cmpuint (count_code (f->issues, "E099"), >, 0);
}

/* "x" and "x/x/x/.../x" (a hundred thousand levels): a conflict found
 * without work that grows with the square of the depth. */
static void
set_deep_conflict (json_t *inv)
{
  json_t *v2 = json_object_get (json_object_get (inv, "versions"), "v2");
  json_t *state = json_object_get (v2, "state");
  GString *deep = g_string_new ("x");
  const char *digest;
  json_t *paths;

  for (int i = 0; i < 100000; i++)
    g_string_append (deep, "/x");
  json_object_foreach (state, digest, paths)
    {
      json_array_append_new (paths, json_string ("x"));
      json_array_append_new (paths, json_string (deep->str));
      break;
    }
  g_string_free (deep, TRUE);
}

static void
test_deep_logical_path (Fixture *f, gconstpointer data)
{
  (void) data;
  rewrite_inventory (f->obj, set_deep_conflict);
  assert_error (f, f->obj, "E095");
}

static void
set_created_without_seconds (json_t *inv)
{
  json_t *v2 = json_object_get (json_object_get (inv, "versions"), "v2");
  json_object_set_new (v2, "created", json_string ("2024-05-01T09:30Z"));
}

static void
test_created_without_seconds (Fixture *f, gconstpointer data)
{
  (void) data;
  rewrite_inventory (f->obj, set_created_without_seconds);
  assert_error (f, f->obj, "E049");
}

static void
set_state_digest_upper (json_t *inv)
{
  json_t *v2 = json_object_get (json_object_get (inv, "versions"), "v2");
  json_t *state = json_object_get (v2, "state");
  const char *digest;
  json_t *paths;
  void *tmp;

  json_object_foreach_safe (state, tmp, digest, paths)
    {
      g_autofree char *upper = g_ascii_strup (digest, -1);
      json_object_set (state, upper, paths);
      json_object_del (state, digest);
      break;
    }
}

static void
test_state_digest_not_in_manifest (Fixture *f, gconstpointer data)
{
  (void) data;
  rewrite_inventory (f->obj, set_state_digest_upper);
  assert_error (f, f->obj, "E050");
}

static void
set_wrong_head (json_t *inv)
{
  json_object_set_new (inv, "head", json_string ("v1"));
}

static void
test_wrong_head (Fixture *f, gconstpointer data)
{
  json_t *inv = read_inventory (f->obj);
  (void) data;
  set_wrong_head (inv);
  write_inventory (f->obj, inv);
  json_decref (inv);
  assert_error (f, f->obj, "E040");
}

static void
test_head_inventory_differs (Fixture *f, gconstpointer data)
{
  g_autofree char *v2 = obj_path (f, "v2");
  json_t *inv = read_inventory (v2);
  (void) data;
  json_object_set_new (json_object_get (json_object_get (inv, "versions"),
                                        "v2"),
                       "message", json_string ("another message"));
  write_inventory (v2, inv);
  json_decref (inv);
  assert_error (f, f->obj, "E064");
}

static void
test_prior_state_differs (Fixture *f, gconstpointer data)
{
  g_autofree char *v1 = obj_path (f, "v1");
  json_t *inv = read_inventory (v1);
  json_t *state = json_object_get (json_object_get (json_object_get (
    inv, "versions"), "v1"), "state");
  const char *digest;
  json_t *paths;
  (void) data;
  json_object_foreach (state, digest, paths)
    json_array_append_new (paths, json_string ("renamed/elsewhere.txt"));
  write_inventory (v1, inv);
  json_decref (inv);
  assert_error (f, f->obj, "E066");
}

static void
set_fixity (json_t *inv)
{
  json_object_set_new (inv, "fixity", json_pack (
    "{s:{s:[s]}}", "md5", "d41d8cd98f00b204e9800998ecf8427f",
    "v1/content/documents/empty.txt"));
}

static void
test_fixity_mismatch (Fixture *f, gconstpointer data)
{
  (void) data;
  rewrite_inventory (f->obj, set_fixity);
  assert_error (f, f->obj, "E093");
}

static void
test_deeply_nested_json (Fixture *f, gconstpointer data)
{
  g_autofree char *inv = obj_path (f, "inventory.json");
  GString *deep = g_string_new ("{\"id\":");
  (void) data;
  for (int i = 0; i < 200000; i++)
    g_string_append_c (deep, '[');
  write_text (inv, deep->str, deep->len);
  g_string_free (deep, TRUE);
  assert_error (f, f->obj, "E033");
}

static void
test_not_utf8_json (Fixture *f, gconstpointer data)
{
  g_autofree char *inv = obj_path (f, "inventory.json");
  (void) data;
  write_text (inv, "{\"id\": \"\xff\xfe\"}", -1);
  assert_error (f, f->obj, "E033");
}

/* A file name that is not UTF-8 and holds a newline: the report must stay
 * readable UTF-8 and one line per issue. */
static void
test_hostile_file_name (Fixture *f, gconstpointer data)
{
  g_autofree char *file = obj_path (f, "v1/content/bad\xff\xfe\n[E000] x");
  (void) data;
  write_text (file, "x", -1);
  assert_error (f, f->obj, "E023");
  for (guint i = 0; i < f->issues->len; i++)
    {
      const HosoOcflIssue *issue = f->issues->pdata[i];
      g_assert_true (g_utf8_validate (issue->message, -1, NULL));
      g_assert_true (g_utf8_validate (issue->path, -1, NULL));
      g_assert_null (strchr (issue->message, '\n'));
      g_assert_null (strchr (issue->path, '\n'));
    }
}

static void
test_unreadable_file (Fixture *f, gconstpointer data)
{
  g_autofree char *file = obj_path (f, "v1/content/documents/scan-01.txt");
  (void) data;
  /* Root reads any file whatever its mode: inject the read error instead. */
  g_assert_nonnull (file);
  g_setenv ("HOSO_FAULT_EIO_READ", "v1/content/documents/scan-01.txt", TRUE);
  assert_error (f, f->obj, "E092");
  g_unsetenv ("HOSO_FAULT_EIO_READ");
  g_assert_nonnull (strstr (((HosoOcflIssue *) f->issues->pdata[0])->message,
                            g_strerror (EIO)));
}

static void
test_issue_cap (Fixture *f, gconstpointer data)
{
  (void) data;
  for (int i = 0; i < 120; i++)
    {
      g_autofree char *rel = g_strdup_printf ("v2/content/stray-%03d", i);
      g_autofree char *file = obj_path (f, rel);
      write_text (file, "x", -1);
    }
  assert_error (f, f->obj, "E023");
  g_assert_cmpuint (count_code (f->issues, "E023"), <=, 51);
  const HosoOcflIssue *last = f->issues->pdata[f->issues->len - 1];
  g_assert_nonnull (strstr (last->message, "not listed"));
}

static void
test_expected_id (Fixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) issues = g_ptr_array_new_with_free_func (
    (GDestroyNotify) hoso_ocfl_issue_free);
  g_autoptr(GError) error = NULL;
  gboolean valid = TRUE;
  (void) data;
  g_assert_true (hoso_ocfl_validate_object (f->obj, "urn:ocop:OTHER",
                                            HOSO_OCFL_VALIDATE_DEFAULT,
                                            issues, &valid, &error));
  g_assert_no_error (error);
  g_assert_false (valid);
  g_assert_cmpuint (count_code (issues, "E083"), ==, 1);
}

static void
test_unreadable_path (Fixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) issues = g_ptr_array_new_with_free_func (
    (GDestroyNotify) hoso_ocfl_issue_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *missing = g_build_filename (f->dir, "missing", NULL);
  g_autofree char *file = obj_path (f, "inventory.json");
  (void) data;
  g_assert_false (hoso_ocfl_validate_path (missing, 0, issues, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (hoso_ocfl_validate_path (file, 0, issues, NULL, &error));
  g_assert_nonnull (error);
  g_assert_cmpuint (issues->len, ==, 0);
}

/* ---- Storage roots ---------------------------------------------------------- */

/* STORE/3c0/ff4/.../ for ID under the 0004 layout's defaults. */
static char *
layout_path (const char *store, const char *id)
{
  g_autofree char *d = digest_of ("sha256", id, -1);
  g_autofree char *rel = g_strdup_printf ("%.3s/%.3s/%.3s/%s", d, d + 3,
                                          d + 6, d);
  return g_build_filename (store, rel, NULL);
}

static char *
build_store (Fixture *f)
{
  char *store = g_build_filename (f->dir, "store", NULL);
  g_autofree char *decl = g_build_filename (store, "0=ocfl_1.1", NULL);
  g_autofree char *layout = g_build_filename (store, "ocfl_layout.json", NULL);
  g_autofree char *config = g_build_filename (
    store, "extensions/0004-hashed-n-tuple-storage-layout/config.json", NULL);
  g_autofree char *a = layout_path (store, "urn:ocop:QNA-2024-0012");
  g_autofree char *b = layout_path (store, "urn:ocop:DNG-2025-0001");

  write_text (decl, "ocfl_1.1\n", -1);
  write_text (layout, "{\"extension\": \"0004-hashed-n-tuple-storage-layout\","
              " \"description\": \"sha256 of the id, 3 tuples of 3\"}\n", -1);
  write_text (config, "{\"extensionName\": "
              "\"0004-hashed-n-tuple-storage-layout\", \"digestAlgorithm\": "
              "\"sha256\", \"tupleSize\": 3, \"numberOfTuples\": 3, "
              "\"shortObjectRoot\": false}\n", -1);
  build_object (a, "urn:ocop:QNA-2024-0012");
  build_object (b, "urn:ocop:DNG-2025-0001");
  return store;
}

static void
test_store_good (Fixture *f, gconstpointer data)
{
  g_autofree char *store = build_store (f);
  (void) data;
  run (f, store, HOSO_OCFL_VALIDATE_DEFAULT);
  g_assert_true (f->valid);
  g_assert_cmpuint (f->issues->len, ==, 0);
}

/* The example mapping in the text of the 0004 extension, written out. */
static void
test_store_layout_example (Fixture *f, gconstpointer data)
{
  g_autofree char *store = build_store (f);
  g_autofree char *obj = g_build_filename (
    store, "3c0/ff4/240/3c0ff4240c1e116dba14c7627f2319b5"
    "8aa3d77606d0d90dfc6161608ac987d4", NULL);
  (void) data;
  build_object (obj, "object-01");
  run (f, store, HOSO_OCFL_VALIDATE_DEFAULT);
  g_assert_true (f->valid);
  /* Only the warning that "object-01" is not a URI. */
  g_assert_cmpuint (f->issues->len, ==, 1);
  g_assert_cmpuint (count_code (f->issues, "W005"), ==, 1);
}

static void
test_store_misplaced (Fixture *f, gconstpointer data)
{
  g_autofree char *store = build_store (f);
  g_autofree char *wrong = g_build_filename (store, "abc/def/012/obj", NULL);
  (void) data;
  build_object (wrong, "urn:ocop:QNA-2024-0099");
  assert_error (f, store, "E083");
}

static void
test_store_stray_file (Fixture *f, gconstpointer data)
{
  g_autofree char *store = build_store (f);
  g_autofree char *a = layout_path (store, "urn:ocop:QNA-2024-0012");
  g_autofree char *parent = g_path_get_dirname (a);
  g_autofree char *stray = g_build_filename (parent, "stray.txt", NULL);
  (void) data;
  write_text (stray, "x", -1);
  assert_error (f, store, "E084");
}

static void
test_store_empty_folder (Fixture *f, gconstpointer data)
{
  g_autofree char *store = build_store (f);
  g_autofree char *empty = g_build_filename (store, "fff/eee", NULL);
  (void) data;
  g_assert_cmpint (g_mkdir_with_parents (empty, 0755), ==, 0);
  assert_error (f, store, "E073");
}

static void
test_store_bad_object (Fixture *f, gconstpointer data)
{
  g_autofree char *store = build_store (f);
  g_autofree char *a = layout_path (store, "urn:ocop:QNA-2024-0012");
  g_autofree char *file = g_build_filename (a, "v1/content/dossier.xml", NULL);
  (void) data;
  write_text (file, "changed", -1);
  assert_error (f, store, "E092");
}

/* ---- Main ------------------------------------------------------------------- */

#define ADD(name, fn) \
  g_test_add ("/validate/" name, Fixture, NULL, fixture_setup, fn, \
              fixture_teardown)

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  ADD ("object/good", test_good_object);
  ADD ("object/good-one-version", test_good_one_version);
  ADD ("object/padded-versions", test_padded_versions);
  ADD ("object/sha256", test_sha256);
  ADD ("object/no-declaration", test_no_declaration);
  ADD ("object/bad-declaration", test_bad_declaration);
  ADD ("object/no-inventory", test_no_inventory);
  ADD ("object/no-sidecar", test_no_sidecar);
  ADD ("object/wrong-sidecar", test_wrong_sidecar);
  ADD ("object/malformed-sidecar", test_malformed_sidecar);
  ADD ("object/extra-root-file", test_extra_root_file);
  ADD ("object/content-changed", test_content_changed);
  ADD ("object/extra-content-file", test_extra_content_file);
  ADD ("object/missing-content-file", test_missing_content_file);
  ADD ("object/empty-content-folder", test_empty_content_folder);
  ADD ("object/symlink-not-followed", test_symlink_not_followed);
  ADD ("object/dotdot-paths", test_dotdot_paths);
  ADD ("object/deep-logical-path", test_deep_logical_path);
  ADD ("object/created-without-seconds", test_created_without_seconds);
  ADD ("object/state-digest-not-in-manifest",
       test_state_digest_not_in_manifest);
  ADD ("object/wrong-head", test_wrong_head);
  ADD ("object/head-inventory-differs", test_head_inventory_differs);
  ADD ("object/prior-state-differs", test_prior_state_differs);
  ADD ("object/fixity-mismatch", test_fixity_mismatch);
  ADD ("object/deeply-nested-json", test_deeply_nested_json);
  ADD ("object/not-utf8-json", test_not_utf8_json);
  ADD ("object/hostile-file-name", test_hostile_file_name);
  ADD ("object/unreadable-file", test_unreadable_file);
  ADD ("object/issue-cap", test_issue_cap);
  ADD ("object/expected-id", test_expected_id);
  ADD ("path/unreadable", test_unreadable_path);
  ADD ("root/good", test_store_good);
  ADD ("root/layout-example", test_store_layout_example);
  ADD ("root/misplaced-object", test_store_misplaced);
  ADD ("root/stray-file", test_store_stray_file);
  ADD ("root/empty-folder", test_store_empty_folder);
  ADD ("root/bad-object", test_store_bad_object);
  return g_test_run ();
}
