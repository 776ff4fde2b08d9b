/* test-archive.c: the store through its C interface: commits, reads,
 * deduplication, name clashes, differences, fixity, locking and recovery.
 * Every test makes its own archive in a fresh temporary folder. */
#include "config.h"

#include "hoso-archive.h"
#include "archive-private.h"
#include "ocfl-validate.h"

#include <fcntl.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>
#include <glib/gstdio.h>

typedef struct {
  char *dir;
  char *input;                /* a folder for input files */
  HosoArchive *archive;
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  f->dir = g_dir_make_tmp ("hoso-test-XXXXXX", &error);
  g_assert_no_error (error);
  f->input = g_build_filename (f->dir, "input", NULL);
  g_assert_cmpint (g_mkdir (f->input, 0755), ==, 0);
  g_autofree char *path = g_build_filename (f->dir, "archive", NULL);
  f->archive = hoso_archive_init (path, &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", f->dir);
  hoso_archive_free (f->archive);
  g_assert_cmpint (system (cmd), ==, 0);
  g_free (f->input);
  g_free (f->dir);
}

/* Writes TEXT to input/NAME and returns its path. */
static char *
make_input (Fixture *f, const char *name, const char *text)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (f->input, name, NULL);
  g_autofree char *dir = g_path_get_dirname (path);
  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
  return path;
}

static guint
commit_files (Fixture *f, const char *id, const char *const *pairs, GError **error)
{
  g_autoptr(HosoCommit) c = hoso_commit_begin (f->archive, id, FALSE, error);
  guint version = 0;
  if (c == NULL)
    return 0;
  for (guint i = 0; pairs[i]; i += 2)
    {
      g_autofree char *src = make_input (f, pairs[i], pairs[i + 1]);
      if (!hoso_commit_add_file (c, src, pairs[i], error))
        return 0;
    }
  if (!hoso_commit_finish (c, "test", "Tester", "mailto:t@example.org", &version, error))
    return 0;
  return version;
}

static char *
read_entry (HosoDossier *d, guint version, const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HosoEntry) e = hoso_dossier_lookup (d, version, path, &error);
  g_assert_no_error (error);
  g_autofree char *tmp = NULL;
  int fd = g_file_open_tmp ("hoso-out-XXXXXX", &tmp, &error);
  g_assert_no_error (error);
  g_assert_true (hoso_dossier_copy_out (d, e, fd, &error));
  g_assert_no_error (error);
  close (fd);
  char *text = NULL;
  g_file_get_contents (tmp, &text, NULL, &error);
  g_assert_no_error (error);
  g_unlink (tmp);
  return text;
}

static void
assert_object_valid (Fixture *f, const char *id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HosoDossier) d = hoso_archive_load_dossier (f->archive, id, &error);
  g_assert_no_error (error);
  g_autoptr(GPtrArray) issues = g_ptr_array_new_with_free_func ((GDestroyNotify) hoso_ocfl_issue_free);
  gboolean valid = FALSE;
  g_assert_true (hoso_ocfl_validate_path (hoso_archive_get_store_path (f->archive),
                                          HOSO_OCFL_VALIDATE_DEFAULT, issues, &valid, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < issues->len; i++)
    {
      HosoOcflIssue *issue = g_ptr_array_index (issues, i);
      g_test_message ("%s %s: %s", issue->code, issue->path ? issue->path : "", issue->message);
    }
  g_assert_true (valid);
  g_assert_cmpuint (issues->len, ==, 0);     /* no warnings either */
}

static gboolean
staging_empty (Fixture *f)
{
  g_autofree char *staging = g_build_filename (hoso_archive_get_path (f->archive), "staging", NULL);
  g_autoptr(GDir) dir = g_dir_open (staging, 0, NULL);
  return dir && g_dir_read_name (dir) == NULL;
}

static void
test_first_version (Fixture *f, gconstpointer data)
{
  const char *files[] = { "phiếu-kết-quả.pdf", "%PDF-1.4 lab report", "ảnh/sản-phẩm.jpg", "JPEG", NULL };
  g_autoptr(GError) error = NULL;
  g_assert_cmpuint (commit_files (f, "QNA-2024-0012", files, &error), ==, 1);
  g_assert_no_error (error);
  g_assert_true (staging_empty (f));

  g_autoptr(HosoDossier) d = hoso_archive_load_dossier (f->archive, "QNA-2024-0012", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hoso_dossier_get_head (d), ==, 1);
  const HosoVersionInfo *v = hoso_dossier_get_version (d, 1);
  g_assert_cmpstr (v->message, ==, "test");
  g_assert_cmpstr (v->user_name, ==, "Tester");
  g_assert_null (hoso_dossier_get_version (d, 2));

  g_autoptr(GPtrArray) entries = hoso_dossier_list (d, 0, &error);
  g_assert_cmpuint (entries->len, ==, 2);
  HosoEntry *e0 = g_ptr_array_index (entries, 0);
  g_assert_cmpstr (e0->path, ==, "documents/phiếu-kết-quả.pdf");
  g_assert_cmpint (e0->size, ==, strlen ("%PDF-1.4 lab report"));
  g_assert_cmpstr (e0->content_path, ==, "v1/content/documents/phiếu-kết-quả.pdf");
  g_autofree char *text = read_entry (d, 1, "ảnh/sản-phẩm.jpg");
  g_assert_cmpstr (text, ==, "JPEG");

  g_autoptr(GPtrArray) ids = hoso_archive_list_dossiers (f->archive, &error);
  g_assert_cmpuint (ids->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (ids, 0), ==, "QNA-2024-0012");
  assert_object_valid (f, "QNA-2024-0012");
}

static void
test_versions_and_dedup (Fixture *f, gconstpointer data)
{
  const char *v1[] = { "a.pdf", "same", "b.pdf", "old b", NULL };
  const char *v2[] = { "b.pdf", "new b", "c.pdf", "same", NULL };
  g_autoptr(GError) error = NULL;
  g_assert_cmpuint (commit_files (f, "X1", v1, &error), ==, 1);
  g_assert_cmpuint (commit_files (f, "X1", v2, &error), ==, 2);
  g_assert_no_error (error);

  g_autoptr(HosoDossier) d = hoso_archive_load_dossier (f->archive, "X1", &error);
  g_autoptr(HosoEntry) c = hoso_dossier_lookup (d, 2, "c.pdf", &error);
  g_assert_no_error (error);
  /* "same" was stored once, in v1: c.pdf points at it. */
  g_assert_cmpstr (c->content_path, ==, "v1/content/documents/a.pdf");
  g_autofree char *dup = g_build_filename (hoso_dossier_get_root (d), "v2/content/documents/c.pdf", NULL);
  g_assert_false (g_file_test (dup, G_FILE_TEST_EXISTS));
  g_autofree char *old_b = read_entry (d, 1, "b.pdf");
  g_autofree char *new_b = read_entry (d, 2, "b.pdf");
  g_assert_cmpstr (old_b, ==, "old b");
  g_assert_cmpstr (new_b, ==, "new b");

  g_autoptr(GPtrArray) changes = hoso_dossier_diff (d, 1, 2, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (changes->len, ==, 2);
  HosoChange *ch0 = g_ptr_array_index (changes, 0);
  HosoChange *ch1 = g_ptr_array_index (changes, 1);
  g_assert_cmpint (ch0->kind, ==, HOSO_CHANGE_MODIFIED);
  g_assert_cmpstr (ch0->path, ==, "documents/b.pdf");
  g_assert_cmpint (ch1->kind, ==, HOSO_CHANGE_ADDED);
  g_assert_cmpstr (ch1->path, ==, "documents/c.pdf");
  assert_object_valid (f, "X1");
}

/* The same content through a file, bytes and another file in one commit
 * is stored once, and the object stays valid. */
static void
test_same_content_one_commit (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HosoCommit) c = hoso_commit_begin (f->archive, "X10", FALSE, &error);
  g_autofree char *s1 = make_input (f, "một.pdf", "giống nhau");
  g_autofree char *s2 = make_input (f, "hai.pdf", "giống nhau");
  g_autoptr(GBytes) bytes = g_bytes_new_static ("giống nhau", strlen ("giống nhau"));
  g_assert_true (hoso_commit_add_file (c, s1, "một.pdf", &error));
  g_assert_true (hoso_commit_add_bytes (c, bytes, "ba.pdf", &error));
  g_assert_true (hoso_commit_add_file (c, s2, "hai.pdf", &error));
  guint v = 0;
  g_assert_true (hoso_commit_finish (c, "m", NULL, NULL, &v, &error));
  g_assert_no_error (error);

  g_autoptr(HosoDossier) d = hoso_archive_load_dossier (f->archive, "X10", &error);
  g_autoptr(GPtrArray) entries = hoso_dossier_list (d, 1, &error);
  g_assert_cmpuint (entries->len, ==, 3);
  const char *first = ((HosoEntry *) g_ptr_array_index (entries, 0))->content_path;
  for (guint i = 1; i < entries->len; i++)
    g_assert_cmpstr (((HosoEntry *) g_ptr_array_index (entries, i))->content_path, ==, first);
  assert_object_valid (f, "X10");
}

static void
test_no_change (Fixture *f, gconstpointer data)
{
  const char *v1[] = { "a.pdf", "A", NULL };
  g_autoptr(GError) error = NULL;
  g_assert_cmpuint (commit_files (f, "X2", v1, &error), ==, 1);
  g_assert_cmpuint (commit_files (f, "X2", v1, &error), ==, 0);
  g_assert_error (error, HOSO_ARCHIVE_ERROR, HOSO_ARCHIVE_ERROR_NO_CHANGE);
  g_assert_true (staging_empty (f));
  g_autoptr(HosoDossier) d = hoso_archive_load_dossier (f->archive, "X2", NULL);
  g_assert_cmpuint (hoso_dossier_get_head (d), ==, 1);
}

static void
test_remove_and_move (Fixture *f, gconstpointer data)
{
  const char *v1[] = { "a.pdf", "A", "dir/b.pdf", "B", "dir/c.pdf", "C", NULL };
  g_autoptr(GError) error = NULL;
  g_assert_cmpuint (commit_files (f, "X3", v1, &error), ==, 1);

  g_autoptr(HosoCommit) c = hoso_commit_begin (f->archive, "X3", FALSE, &error);
  g_assert_no_error (error);
  g_assert_true (hoso_commit_move (c, "dir", "thư-mục", &error));
  g_assert_true (hoso_commit_remove (c, "documents/a.pdf", &error));
  g_assert_false (hoso_commit_remove (c, "nope.pdf", &error));
  g_assert_error (error, HOSO_ARCHIVE_ERROR, HOSO_ARCHIVE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  guint v = 0;
  g_assert_true (hoso_commit_finish (c, "tidy", NULL, NULL, &v, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (v, ==, 2);

  g_autoptr(HosoDossier) d = hoso_archive_load_dossier (f->archive, "X3", &error);
  g_autoptr(GPtrArray) entries = hoso_dossier_list (d, 2, &error);
  g_assert_cmpuint (entries->len, ==, 2);
  g_assert_cmpstr (((HosoEntry *) g_ptr_array_index (entries, 0))->path, ==, "documents/thư-mục/b.pdf");
  /* The default user is the account, with a mailto: address. */
  const HosoVersionInfo *info = hoso_dossier_get_version (d, 2);
  g_assert_cmpstr (info->user_name, ==, g_get_user_name ());
  g_assert_true (g_str_has_prefix (info->user_address, "mailto:"));

  g_autoptr(GPtrArray) changes = hoso_dossier_diff (d, 1, 2, &error);
  guint renamed = 0, removed = 0;
  for (guint i = 0; i < changes->len; i++)
    {
      HosoChange *ch = g_ptr_array_index (changes, i);
      renamed += ch->kind == HOSO_CHANGE_RENAMED;
      removed += ch->kind == HOSO_CHANGE_REMOVED;
    }
  g_assert_cmpuint (renamed, ==, 2);
  g_assert_cmpuint (removed, ==, 1);
  assert_object_valid (f, "X3");
}

static void
test_name_clashes (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  const char *v1[] = { "Giấy.pdf", "A", NULL };
  g_assert_cmpuint (commit_files (f, "X4", v1, &error), ==, 1);

  /* Differs only by case from an existing file. */
  const char *v2[] = { "giấy.pdf", "B", NULL };
  g_assert_cmpuint (commit_files (f, "X4", v2, &error), ==, 0);
  g_assert_error (error, HOSO_ARCHIVE_ERROR, HOSO_ARCHIVE_ERROR_CONFLICT);
  g_clear_error (&error);

  /* Two files to one path in one commit. */
  g_autoptr(HosoCommit) c = hoso_commit_begin (f->archive, "X4", FALSE, &error);
  g_autofree char *s1 = make_input (f, "one", "1");
  g_autofree char *s2 = make_input (f, "two", "2");
  g_assert_true (hoso_commit_add_file (c, s1, "x.pdf", &error));
  g_assert_false (hoso_commit_add_file (c, s2, "x.pdf", &error));
  g_assert_error (error, HOSO_ARCHIVE_ERROR, HOSO_ARCHIVE_ERROR_CONFLICT);
  g_clear_error (&error);
  /* A file that would also be a folder. */
  g_assert_true (hoso_commit_add_file (c, s2, "Giấy.pdf/inner", &error));
  guint v = 0;
  g_assert_false (hoso_commit_finish (c, "m", NULL, NULL, &v, &error));
  g_assert_error (error, HOSO_ARCHIVE_ERROR, HOSO_ARCHIVE_ERROR_CONFLICT);
  g_assert_true (staging_empty (f));

  g_autoptr(HosoDossier) d = hoso_archive_load_dossier (f->archive, "X4", NULL);
  g_assert_cmpuint (hoso_dossier_get_head (d), ==, 1);
}

static void
test_bad_input (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_assert_null (hoso_commit_begin (f->archive, "../evil", FALSE, &error));
  g_assert_error (error, HOSO_ARCHIVE_ERROR, HOSO_ARCHIVE_ERROR_INVALID_ID);
  g_clear_error (&error);

  g_autoptr(HosoCommit) c = hoso_commit_begin (f->archive, "X5", FALSE, &error);
  g_autofree char *missing = g_build_filename (f->input, "missing.pdf", NULL);
  g_assert_false (hoso_commit_add_file (c, missing, "m.pdf", &error));
  g_assert_error (error, HOSO_ARCHIVE_ERROR, HOSO_ARCHIVE_ERROR_INPUT);
  g_assert_nonnull (strstr (error->message, "missing.pdf"));
  g_clear_error (&error);
  g_autofree char *src = make_input (f, "ok", "x");
  g_assert_false (hoso_commit_add_file (c, src, "../../etc/passwd", &error));
  g_assert_error (error, HOSO_ARCHIVE_ERROR, HOSO_ARCHIVE_ERROR_INVALID_PATH);
  g_clear_error (&error);
  g_assert_false (hoso_commit_add_file (c, f->input, "dir.pdf", &error));
  g_assert_error (error, HOSO_ARCHIVE_ERROR, HOSO_ARCHIVE_ERROR_INPUT);
  g_clear_error (&error);

  /* A folder whose symbolic link points back up. */
  g_autofree char *loopdir = g_build_filename (f->input, "loop", NULL);
  g_autofree char *link = g_build_filename (loopdir, "up", NULL);
  g_assert_cmpint (g_mkdir (loopdir, 0755), ==, 0);
  g_assert_cmpint (symlink ("..", link), ==, 0);
  g_assert_false (hoso_commit_add_tree (c, loopdir, "loop", &error));
  g_assert_error (error, HOSO_ARCHIVE_ERROR, HOSO_ARCHIVE_ERROR_INPUT);
  g_clear_error (&error);
  g_clear_pointer (&c, hoso_commit_free);
  g_assert_true (staging_empty (f));
  g_autoptr(HosoDossier) d = hoso_archive_load_dossier (f->archive, "X5", &error);
  g_assert_null (d);
  g_assert_error (error, HOSO_ARCHIVE_ERROR, HOSO_ARCHIVE_ERROR_NOT_FOUND);
}

static void
test_lock (Fixture *f, gconstpointer data)
{
  g_autofree char *lock = g_build_filename (hoso_archive_get_path (f->archive), "lock", NULL);
  int fd = open (lock, O_RDWR);
  g_assert_cmpint (flock (fd, LOCK_EX), ==, 0);
  g_autoptr(GError) error = NULL;
  g_autoptr(HosoCommit) c = hoso_commit_begin (f->archive, "X6", FALSE, &error);
  g_assert_null (c);
  g_assert_error (error, HOSO_ARCHIVE_ERROR, HOSO_ARCHIVE_ERROR_LOCKED);
  close (fd);
  g_clear_error (&error);
  c = hoso_commit_begin (f->archive, "X6", FALSE, &error);
  g_assert_no_error (error);
}

static void
test_fixity (Fixture *f, gconstpointer data)
{
  const char *v1[] = { "a.pdf", "original", "b.pdf", "other", NULL };
  g_autoptr(GError) error = NULL;
  g_assert_cmpuint (commit_files (f, "X7", v1, &error), ==, 1);
  g_autoptr(HosoDossier) d = hoso_archive_load_dossier (f->archive, "X7", &error);
  g_autofree char *file = g_build_filename (hoso_dossier_get_root (d), "v1/content/documents/a.pdf", NULL);
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func ((GDestroyNotify) hoso_fixity_problem_free);
  g_assert_true (hoso_archive_verify_fixity (f->archive, "X7", problems, &error));
  g_assert_cmpuint (problems->len, ==, 0);

  g_assert_cmpint (chmod (file, 0644), ==, 0);
  g_file_set_contents (file, "tampered", -1, &error);
  g_assert_no_error (error);
  g_assert_true (hoso_archive_verify_fixity (f->archive, "X7", problems, &error));
  g_assert_cmpuint (problems->len, ==, 1);
  HosoFixityProblem *p = g_ptr_array_index (problems, 0);
  g_assert_cmpstr (p->dossier, ==, "X7");
  g_assert_cmpuint (p->version, ==, 1);
  g_assert_cmpstr (p->path, ==, "documents/a.pdf");
  g_assert_nonnull (p->found);
  g_assert_cmpstr (p->found, !=, p->expected);

  g_autoptr(HosoEntry) e = hoso_dossier_lookup (d, 1, "a.pdf", &error);
  int null_fd = open ("/dev/null", O_WRONLY);
  g_assert_false (hoso_dossier_copy_out (d, e, null_fd, &error));
  g_assert_error (error, HOSO_ARCHIVE_ERROR, HOSO_ARCHIVE_ERROR_CORRUPT);
  close (null_fd);
}

/* Simulates a crash after the version was renamed into the object but
 * before the root inventory was replaced: recovery rolls it forward. */
static void
test_recovery_rolls_forward (Fixture *f, gconstpointer data)
{
  const char *v1[] = { "a.pdf", "A", NULL };
  const char *v2[] = { "a.pdf", "A2", NULL };
  g_autoptr(GError) error = NULL;
  g_assert_cmpuint (commit_files (f, "X8", v1, &error), ==, 1);
  g_assert_cmpuint (commit_files (f, "X8", v2, &error), ==, 2);
  g_autoptr(HosoDossier) d = hoso_archive_load_dossier (f->archive, "X8", &error);
  const char *root = hoso_dossier_get_root (d);

  /* Put v1's inventory back in the root, and leave a staging record. */
  g_autofree char *v1inv = g_build_filename (root, "v1/inventory.json", NULL);
  g_autofree char *v1side = g_build_filename (root, "v1/inventory.json.sha512", NULL);
  g_autofree char *rinv = g_build_filename (root, "inventory.json", NULL);
  g_autofree char *rside = g_build_filename (root, "inventory.json.sha512", NULL);
  g_autofree char *cmd = g_strdup_printf ("cp '%s' '%s' && cp '%s' '%s'", v1inv, rinv, v1side, rside);
  g_assert_cmpint (system (cmd), ==, 0);
  g_autofree char *txn = g_build_filename (hoso_archive_get_path (f->archive), "staging", "txn-test", NULL);
  g_assert_cmpint (g_mkdir (txn, 0755), ==, 0);
  g_autofree char *target = g_build_filename (txn, "target", NULL);
  g_autofree char *rel = hoso_archive_object_path ("X8");
  g_autofree char *text = g_strdup_printf ("%s\n2\n", rel);
  g_file_set_contents (target, text, -1, &error);

  g_autoptr(HosoArchive) again = hoso_archive_open (hoso_archive_get_path (f->archive), &error);
  g_assert_no_error (error);
  g_assert_true (staging_empty (f));
  g_autoptr(HosoDossier) d2 = hoso_archive_load_dossier (again, "X8", &error);
  g_assert_cmpuint (hoso_dossier_get_head (d2), ==, 2);
  assert_object_valid (f, "X8");
}

/* An incomplete version folder (no matching inventory) is removed. */
static void
test_recovery_removes_incomplete (Fixture *f, gconstpointer data)
{
  const char *v1[] = { "a.pdf", "A", NULL };
  g_autoptr(GError) error = NULL;
  g_assert_cmpuint (commit_files (f, "X9", v1, &error), ==, 1);
  g_autoptr(HosoDossier) d = hoso_archive_load_dossier (f->archive, "X9", &error);
  g_autofree char *v2 = g_build_filename (hoso_dossier_get_root (d), "v2/content", NULL);
  g_assert_cmpint (g_mkdir_with_parents (v2, 0755), ==, 0);
  g_autofree char *txn = g_build_filename (hoso_archive_get_path (f->archive), "staging", "txn-x", NULL);
  g_assert_cmpint (g_mkdir (txn, 0755), ==, 0);
  g_autofree char *target = g_build_filename (txn, "target", NULL);
  g_autofree char *rel = hoso_archive_object_path ("X9");
  g_autofree char *text = g_strdup_printf ("%s\n2\n", rel);
  g_file_set_contents (target, text, -1, &error);

  g_autoptr(HosoArchive) again = hoso_archive_open (hoso_archive_get_path (f->archive), &error);
  g_assert_no_error (error);
  g_autofree char *v2dir = g_build_filename (hoso_dossier_get_root (d), "v2", NULL);
  g_assert_false (g_file_test (v2dir, G_FILE_TEST_EXISTS));
  assert_object_valid (f, "X9");
}

static void
test_init_refuses_non_empty (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("hoso-init-XXXXXX", &error);
  g_autofree char *file = g_build_filename (dir, "x", NULL);
  g_file_set_contents (file, "x", -1, &error);
  g_assert_null (hoso_archive_init (dir, &error));
  g_assert_error (error, HOSO_ARCHIVE_ERROR, HOSO_ARCHIVE_ERROR_EXISTS);
  g_clear_error (&error);
  g_assert_null (hoso_archive_open (dir, &error));
  g_assert_error (error, HOSO_ARCHIVE_ERROR, HOSO_ARCHIVE_ERROR_NOT_ARCHIVE);
  g_unlink (file);
  g_rmdir (dir);
}

#define ADD(name, func) \
  g_test_add (name, Fixture, NULL, fixture_setup, func, fixture_teardown)

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  ADD ("/archive/first-version", test_first_version);
  ADD ("/archive/versions-and-dedup", test_versions_and_dedup);
  ADD ("/archive/no-change", test_no_change);
  ADD ("/archive/same-content-one-commit", test_same_content_one_commit);
  ADD ("/archive/remove-and-move", test_remove_and_move);
  ADD ("/archive/name-clashes", test_name_clashes);
  ADD ("/archive/bad-input", test_bad_input);
  ADD ("/archive/lock", test_lock);
  ADD ("/archive/fixity", test_fixity);
  ADD ("/archive/recovery/roll-forward", test_recovery_rolls_forward);
  ADD ("/archive/recovery/remove-incomplete", test_recovery_removes_incomplete);
  g_test_add_func ("/archive/init-refuses-non-empty", test_init_refuses_non_empty);
  return g_test_run ();
}
