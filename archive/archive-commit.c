/* archive-commit.c: building one new version of a dossier and committing it.
 *
 * A commit works in its own folder staging/txn-XXXXXX holding:
 *   target          the object path and the new version number, so that
 *                   recovery knows what an interrupted commit touched;
 *   object/         for a new dossier, the whole object root;
 *   vN/             for an existing one, the new version folder.
 * Files are hashed by worker threads and only content the object does not
 * hold yet is copied in (commit-files.c), so each digest is stored once
 * (OCFL forward deltas).  Finishing writes the
 * inventories, syncs the file system once, renames the version into the
 * object, and replaces the root inventory and its sidecar.  Each step is a
 * hoso_fault_step so that tests can kill the process between any two.
 */
#include "config.h"

#include "archive-private.h"
#include "archive-fs.h"
#include "commit-private.h"
#include "ocfl-digest.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <gio/gio.h>
#include <glib/gi18n-lib.h>



/* ---- Beginning -------------------------------------------------------- */

static gboolean
write_target (HosoCommit *c, GError **error)
{
  g_autofree char *text = g_strdup_printf ("%s\n%u\n", c->object_rel, c->version);
  return hoso_fs_write_file_at (c->txn_fd, HOSO_TXN_TARGET, text, strlen (text), error);
}

static gboolean
make_txn (HosoCommit *c, GError **error)
{
  for (int attempt = 0; attempt < 100; attempt++)
    {
      g_free (c->txn_name);
      c->txn_name = g_strdup_printf ("txn-%08x", g_random_int ());
      if (mkdirat (c->archive->staging_fd, c->txn_name, 0755) == 0)
        break;
      if (errno != EEXIST)
        return hoso_fs_set_errno (error, errno, _("Creating a staging folder in “%s”"),
                                  c->archive->path);
    }
  c->txn_fd = hoso_fs_opendir_at (c->archive->staging_fd, c->txn_name, error);
  if (c->txn_fd < 0)
    return FALSE;
  hoso_fault_step ("staging folder created");
  c->version_rel = c->version == 1 ? g_strdup ("object/v1")
                                   : g_strdup_printf ("v%u", c->version);
  g_autofree char *content = g_strconcat (c->version_rel, "/content", NULL);
  return write_target (c, error) && hoso_fs_mkdir_p_at (c->txn_fd, content, error);
}

static gboolean
load_head (HosoCommit *c, GError **error)
{
  g_autoptr(GError) local = NULL;
  HosoInventory *inv = hoso_archive_read_inventory (c->archive, c->object_rel, &local);

  if (inv == NULL && !g_error_matches (local, HOSO_ARCHIVE_ERROR, HOSO_ARCHIVE_ERROR_NOT_FOUND))
    {
      g_propagate_prefixed_error (error, g_steal_pointer (&local),
                                  _("Reading dossier %s: "), c->id);
      return FALSE;
    }
  if (inv == NULL)
    {
      g_autofree char *object_id = hoso_dossier_object_id (c->id);
      inv = hoso_inventory_new (object_id);
    }
  c->inv = inv;
  c->version = hoso_inventory_head (inv) + 1;
  HosoInventoryVersion *head = hoso_inventory_version (inv, c->version - 1);
  c->state = head ? hoso_state_copy (head->state) : hoso_state_new ();
  return TRUE;
}

HosoCommit *
hoso_commit_begin (HosoArchive *archive, const char *id, gboolean wait,
                   GError **error)
{
  if (!hoso_dossier_id_validate (id, error))
    return NULL;

  g_autoptr(HosoCommit) c = g_new0 (HosoCommit, 1);
  c->archive = archive;
  c->id = g_strdup (id);
  c->object_rel = hoso_archive_object_path (id);
  c->txn_fd = -1;
  c->lock_fd = -1;
  c->sources = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  c->staged = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  c->lock_fd = hoso_archive_lock (archive, wait, error);
  if (c->lock_fd < 0)
    return NULL;
  if (!hoso_archive_recover (archive, error) || !load_head (c, error) || !make_txn (c, error))
    return NULL;
  return g_steal_pointer (&c);
}

void
hoso_commit_set_progress (HosoCommit *commit, HosoProgressFunc func, gpointer user_data)
{
  commit->progress = func;
  commit->progress_data = user_data;
}

guint
hoso_commit_get_version (HosoCommit *commit)
{
  return commit->version;
}

void
hoso_commit_free (HosoCommit *c)
{
  if (c == NULL)
    return;
  hoso_commit_stop_workers (c);
  if (c->txn_fd >= 0)
    close (c->txn_fd);
  if (c->txn_name && !c->finished)
    (void) hoso_fs_rm_rf_at (c->archive->staging_fd, c->txn_name, NULL);
  hoso_archive_unlock (c->lock_fd);
  g_clear_pointer (&c->inv, hoso_inventory_free);
  g_clear_pointer (&c->state, g_hash_table_unref);
  g_clear_pointer (&c->sources, g_hash_table_unref);
  g_clear_pointer (&c->staged, g_hash_table_unref);
  g_free (c->id);
  g_free (c->object_rel);
  g_free (c->txn_name);
  g_free (c->version_rel);
  g_clear_error (&c->deferred);
  g_free (c);
}

/* ---- Adding files ----------------------------------------------------- */

gboolean
hoso_commit_input_error (GError **error, const char *src, const char *why)
{
  g_set_error (error, HOSO_ARCHIVE_ERROR, HOSO_ARCHIVE_ERROR_INPUT,
               _("Cannot add “%s”: %s"), src, why);
  return FALSE;
}


gboolean
hoso_commit_claim_path (HosoCommit *c, const char *path, const char *src, GError **error)
{
  const char *other = g_hash_table_lookup (c->sources, path);
  if (other != NULL)
    {
      g_set_error (error, HOSO_ARCHIVE_ERROR, HOSO_ARCHIVE_ERROR_CONFLICT,
                   _("Two files would go to “%s” in dossier %s: “%s” and “%s”. "
                     "Rename one of them, or add it with --as."),
                   path, c->id, other, src);
      return FALSE;
    }
  g_hash_table_insert (c->sources, g_strdup (path), g_strdup (src));
  return TRUE;
}

char *
hoso_commit_content_path (HosoCommit *c, const char *path)
{
  return g_strdup_printf ("v%u/%s/%s", c->version, c->inv->content_directory, path);
}

/* Removes empty folders from the staged file REL_FILE up to content/. */
static void
prune_empty_dirs (HosoCommit *c, const char *rel_file)
{
  g_autofree char *dir = g_path_get_dirname (rel_file);
  g_autofree char *stop = g_strconcat (c->version_rel, "/content", NULL);

  while (g_str_has_prefix (dir, stop) && !g_str_equal (dir, stop)
         && unlinkat (c->txn_fd, dir, AT_REMOVEDIR) == 0)
    {
      char *up = g_path_get_dirname (dir);
      g_free (dir);
      dir = up;
    }
}

char *
hoso_commit_staged_file (HosoCommit *c, const char *path)
{
  return g_strdup_printf ("%s/content/%s", c->version_rel, path);
}

/* Puts DIGEST at PATH in the new state; keeps the staged copy only if the
 * object does not hold that content yet. */
static void
place_content (HosoCommit *c, const char *path, const char *digest, const char *staged)
{
  if (hoso_inventory_content_path (c->inv, digest) != NULL
      || g_hash_table_contains (c->staged, digest))
    {
      (void) unlinkat (c->txn_fd, staged, 0);
      prune_empty_dirs (c, staged);
    }
  else
    g_hash_table_insert (c->staged, g_strdup (digest), hoso_commit_content_path (c, path));
  g_hash_table_insert (c->state, g_strdup (path), g_strdup (digest));
  hoso_fault_step ("file staged");
}

gboolean
hoso_commit_add_bytes (HosoCommit *c, GBytes *bytes, const char *logical_path,
                       GError **error)
{
  g_autofree char *path = hoso_resolve_logical_path (logical_path, error);
  /* Files being hashed may bring the same content: let them land first so
   * that it is stored once. */
  if (path == NULL || !hoso_commit_drain (c, error)
      || !hoso_commit_claim_path (c, path, logical_path, error))
    return FALSE;

  gsize len;
  const void *data = g_bytes_get_data (bytes, &len);
  g_autofree char *staged = hoso_commit_staged_file (c, path);
  g_autofree char *dir = g_path_get_dirname (staged);
  if (!hoso_fs_mkdir_p_at (c->txn_fd, dir, error))
    return FALSE;
  int out = openat (c->txn_fd, staged, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (out < 0)
    return hoso_fs_set_errno (error, errno, _("Creating “%s” in staging"), path);
  gboolean ok = hoso_fs_write_all (out, data, len, path, error);
  if (close (out) < 0 && ok)
    ok = hoso_fs_set_errno (error, errno, _("Writing “%s”"), path);
  if (!ok)
    return FALSE;
  g_autofree char *digest = hoso_digest_bytes_hex ("sha512", data, len);
  place_content (c, path, digest, staged);
  return TRUE;
}

/* ---- Folders ---------------------------------------------------------- */

typedef struct {
  dev_t dev;
  ino_t ino;
} DirId;

static gboolean
add_tree_rec (HosoCommit *c, const char *src, const char *prefix, GArray *stack,
              GError **error)
{
  struct stat st;
  if (stat (src, &st) < 0)
    return hoso_commit_input_error (error, src, g_strerror (errno));
  for (guint i = 0; i < stack->len; i++)
    {
      DirId *d = &g_array_index (stack, DirId, i);
      if (d->dev == st.st_dev && d->ino == st.st_ino)
        return hoso_commit_input_error (error, src, _("a symbolic link loops back to a folder above it"));
    }
  DirId me = { st.st_dev, st.st_ino };
  g_array_append_val (stack, me);

  g_autoptr(GError) local = NULL;
  g_autoptr(GDir) dir = g_dir_open (src, 0, &local);
  if (dir == NULL)
    return hoso_commit_input_error (error, src, local->message);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;
  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, (GCompareFunc) g_strcmp0);

  gboolean ok = TRUE;
  for (guint i = 0; ok && i < names->len; i++)
    {
      const char *n = g_ptr_array_index (names, i);
      g_autofree char *child = g_build_filename (src, n, NULL);
      g_autofree char *lpath = g_strconcat (prefix, "/", n, NULL);
      struct stat cst;
      if (stat (child, &cst) < 0)
        ok = hoso_commit_input_error (error, child, g_strerror (errno));
      else if (S_ISDIR (cst.st_mode))
        ok = add_tree_rec (c, child, lpath, stack, error);
      else
        ok = hoso_commit_add_file (c, child, lpath, error);
    }
  g_array_set_size (stack, stack->len - 1);
  return ok;
}

gboolean
hoso_commit_add_tree (HosoCommit *c, const char *src, const char *logical_prefix,
                      GError **error)
{
  g_autoptr(GArray) stack = g_array_new (FALSE, FALSE, sizeof (DirId));
  g_autofree char *prefix = hoso_resolve_logical_path (logical_prefix, error);
  return prefix != NULL && add_tree_rec (c, src, prefix, stack, error);
}

/* ---- Removing and moving ---------------------------------------------- */

/* Paths of the new state equal to PATH or below folder PATH, sorted. */
static GPtrArray *
matching_paths (HosoCommit *c, const char *path)
{
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *folder = g_strconcat (path, "/", NULL);
  GHashTableIter it;
  gpointer key;

  g_hash_table_iter_init (&it, c->state);
  while (g_hash_table_iter_next (&it, &key, NULL))
    if (g_str_equal (key, path) || g_str_has_prefix (key, folder))
      g_ptr_array_add (out, g_strdup (key));
  g_ptr_array_sort (out, (GCompareFunc) g_strcmp0);
  return out;
}

static gboolean
not_found (HosoCommit *c, const char *path, GError **error)
{
  g_set_error (error, HOSO_ARCHIVE_ERROR, HOSO_ARCHIVE_ERROR_NOT_FOUND,
               _("Dossier %s has no file or folder “%s”. See “hoso ls %s”."),
               c->id, path, c->id);
  return FALSE;
}

gboolean
hoso_commit_remove (HosoCommit *c, const char *path_in, GError **error)
{
  if (!hoso_commit_drain (c, error))
    return FALSE;
  g_autofree char *path = hoso_resolve_logical_path (path_in, error);
  if (path == NULL)
    return FALSE;
  g_autoptr(GPtrArray) paths = matching_paths (c, path);
  if (paths->len == 0)
    return not_found (c, path, error);
  for (guint i = 0; i < paths->len; i++)
    g_hash_table_remove (c->state, g_ptr_array_index (paths, i));
  return TRUE;
}

gboolean
hoso_commit_move (HosoCommit *c, const char *old_in, const char *new_in, GError **error)
{
  if (!hoso_commit_drain (c, error))
    return FALSE;
  g_autofree char *old_path = hoso_resolve_logical_path (old_in, error);
  g_autofree char *new_path = old_path ? hoso_resolve_logical_path (new_in, error) : NULL;
  if (new_path == NULL)
    return FALSE;
  g_autoptr(GPtrArray) paths = matching_paths (c, old_path);
  if (paths->len == 0)
    return not_found (c, old_path, error);
  g_autoptr(GPtrArray) taken = matching_paths (c, new_path);
  if (taken->len > 0 && !g_str_equal (old_path, new_path))
    {
      g_set_error (error, HOSO_ARCHIVE_ERROR, HOSO_ARCHIVE_ERROR_CONFLICT,
                   _("Cannot move “%s” to “%s” in dossier %s: “%s” is already there."),
                   old_path, new_path, c->id, (char *) g_ptr_array_index (taken, 0));
      return FALSE;
    }
  gsize old_len = strlen (old_path);
  for (guint i = 0; i < paths->len; i++)
    {
      const char *p = g_ptr_array_index (paths, i);
      char *digest = g_strdup (g_hash_table_lookup (c->state, p));
      g_hash_table_remove (c->state, p);
      g_hash_table_insert (c->state, g_strconcat (new_path, p + old_len, NULL), digest);
    }
  return TRUE;
}

gboolean
hoso_commit_has_changes (HosoCommit *c)
{
  HosoInventoryVersion *head = hoso_inventory_version (c->inv, c->version - 1);
  GHashTable *old = head ? head->state : NULL;
  guint old_n = old ? g_hash_table_size (old) : 0;

  /* Files still being hashed must land first; if one failed, say "changed"
   * so that the caller goes on to hoso_commit_finish, which reports it. */
  if (!hoso_commit_drain (c, NULL))
    return TRUE;
  if (old == NULL)
    return TRUE;              /* a new dossier is a change even when empty */
  if (old_n != g_hash_table_size (c->state))
    return TRUE;
  GHashTableIter it;
  gpointer path, digest;
  g_hash_table_iter_init (&it, c->state);
  while (g_hash_table_iter_next (&it, &path, &digest))
    if (g_strcmp0 (g_hash_table_lookup (old, path), digest) != 0)
      return TRUE;
  return FALSE;
}
