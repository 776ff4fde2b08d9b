/* archive-publish.c: writing a built version durably and publishing it.
 *
 * The order is what makes a crash harmless (DESIGN.md, "Invariants"):
 *   1. check the new state as a whole (no name clashes);
 *   2. write the version's inventory and sidecar, and copies for the root,
 *      in staging/;
 *   3. every staged byte and folder is on disk: one syncfs, or for a few
 *      files an fsync of each (cheaper than syncing the whole file system,
 *      which on a busy machine holds other processes' writes too);
 *   4. rename the version (or, for a new dossier, the whole object) into the
 *      store and fsync the object folder: from here the version exists, and
 *      recovery rolls it forward if we die;
 *   5. rename the root inventory, then its sidecar, over the old ones, and
 *      fsync the object folder;
 *   6. remove the staging folder.
 * Every write that can fail for want of space happens before step 4, so a
 * full disk leaves the dossier exactly as it was.
 */
#include "config.h"

#include "commit-private.h"
#include "archive-fs.h"
#include "ocfl-digest.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>

/* Up to this many new files, a commit syncs them one by one (step 3). */
#define SYNC_EACH_MAX_FILES 32
#include <sys/stat.h>
#include <unistd.h>
#include <gio/gio.h>
#include <glib/gi18n-lib.h>

#define ROOT_INVENTORY_TMP "root-inventory.json"
#define ROOT_SIDECAR_TMP "root-inventory.json.sha512"

/* ---- 1. The new state as a whole ---------------------------------------- */

static gboolean
clash (HosoCommit *c, const char *a, const char *b, const char *why, GError **error)
{
  g_set_error (error, HOSO_ARCHIVE_ERROR, HOSO_ARCHIVE_ERROR_CONFLICT,
               _("Dossier %s can not hold both “%s” and “%s”: %s. Rename one of them."),
               c->id, a, b, why);
  return FALSE;
}

static gboolean
check_state (HosoCommit *c, GError **error)
{
  g_autoptr(GHashTable) folded = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GHashTableIter it;
  gpointer key;

  g_hash_table_iter_init (&it, c->state);
  while (g_hash_table_iter_next (&it, &key, NULL))
    {
      const char *path = key;
      char *fold = hoso_logical_path_fold (path);
      const char *other = g_hash_table_lookup (folded, fold);
      if (other != NULL)
        {
          g_free (fold);
          return clash (c, other, path,
                        _("the names differ only in upper and lower case or in Unicode form"),
                        error);
        }
      g_hash_table_insert (folded, fold, (gpointer) path);

      /* A file may not also be a folder: "a" and "a/b" can not both exist. */
      g_autofree char *prefix = g_strdup (path);
      for (char *slash = strrchr (prefix, '/'); slash; slash = strrchr (prefix, '/'))
        {
          *slash = '\0';
          if (g_hash_table_contains (c->state, prefix))
            return clash (c, prefix, path, _("a file can not also be a folder"), error);
        }
    }
  return TRUE;
}

/* Drops staged content that no path of the new state uses any more (a file
 * added and then removed or replaced within this commit). */
static void
drop_unused_content (HosoCommit *c)
{
  g_autoptr(GHashTable) used = g_hash_table_new (g_str_hash, g_str_equal);
  GHashTableIter it;
  gpointer digest, content;

  g_hash_table_iter_init (&it, c->state);
  while (g_hash_table_iter_next (&it, NULL, &digest))
    g_hash_table_add (used, digest);
  g_hash_table_iter_init (&it, c->staged);
  while (g_hash_table_iter_next (&it, &digest, &content))
    if (!g_hash_table_contains (used, digest))
      {
        /* content is "vN/content/PATH"; staged at version_rel/content/PATH */
        const char *rest = strchr (content, '/') + 1;
        g_autofree char *staged = g_strconcat (c->version_rel, "/", rest, NULL);
        (void) unlinkat (c->txn_fd, staged, 0);
        g_hash_table_iter_remove (&it);
      }
  /* Empty folders left behind are removed before publishing. */
}

/* Removes empty folders at and below REL in DIR_FD, bottom-up; TRUE if REL
 * itself was removed. */
static gboolean
remove_empty_dirs (int dir_fd, const char *rel)
{
  int fd = openat (dir_fd, rel, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  DIR *d = fd >= 0 ? fdopendir (fd) : NULL;
  g_autoptr(GPtrArray) children = g_ptr_array_new_with_free_func (g_free);
  struct dirent *de;

  if (d == NULL)
    {
      if (fd >= 0)
        close (fd);
      return FALSE;
    }
  while ((de = readdir (d)) != NULL)
    if (!g_str_equal (de->d_name, ".") && !g_str_equal (de->d_name, ".."))
      g_ptr_array_add (children, g_build_filename (rel, de->d_name, NULL));
  closedir (d);

  gboolean empty = TRUE;
  for (guint i = 0; i < children->len; i++)
    {
      const char *child = g_ptr_array_index (children, i);
      struct stat st;
      if (fstatat (dir_fd, child, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISDIR (st.st_mode)
          && remove_empty_dirs (dir_fd, child))
        continue;
      empty = FALSE;
    }
  return empty && unlinkat (dir_fd, rel, AT_REMOVEDIR) == 0;
}

/* ---- 2. Inventories ------------------------------------------------------ */

static void
default_user (const char **name, const char **address, char **owned_address)
{
  if (*name == NULL || **name == '\0')
    {
      *name = g_get_user_name ();
      *address = NULL;
    }
  if (*address == NULL || **address == '\0')
    {
      *owned_address = g_strdup_printf ("mailto:%s@%s", g_get_user_name (), g_get_host_name ());
      *address = *owned_address;
    }
}

static GBytes *
build_inventory (HosoCommit *c, const char *message, const char *user_name,
                 const char *user_address)
{
  g_autofree char *owned_address = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  GHashTableIter it;
  gpointer digest, content;

  default_user (&user_name, &user_address, &owned_address);
  g_hash_table_iter_init (&it, c->staged);
  while (g_hash_table_iter_next (&it, &digest, &content))
    hoso_inventory_add_content (c->inv, digest, content);
  hoso_inventory_add_version (c->inv, now, message, user_name, user_address,
                              g_steal_pointer (&c->state));
  c->state = hoso_state_copy (hoso_inventory_version (c->inv, c->version)->state);
  return hoso_inventory_serialize (c->inv);
}

static gboolean
write_inventories (HosoCommit *c, GBytes *json, GError **error)
{
  gsize len;
  const void *data = g_bytes_get_data (json, &len);
  g_autofree char *sidecar = hoso_inventory_sidecar (json, "sha512");
  g_autofree char *v_inv = g_strconcat (c->version_rel, "/inventory.json", NULL);
  g_autofree char *v_side = g_strconcat (c->version_rel, "/inventory.json.sha512", NULL);
  gsize slen = strlen (sidecar);

  if (!hoso_fs_write_file_at (c->txn_fd, v_inv, data, len, error)
      || !hoso_fs_write_file_at (c->txn_fd, v_side, sidecar, slen, error))
    return FALSE;
  hoso_fault_step ("version inventory written");
  if (c->version == 1)
    {
      static const char decl[] = "ocfl_object_1.1\n";
      return hoso_fs_write_file_at (c->txn_fd, "object/" HOSO_OBJECT_DECLARATION, decl,
                                    strlen (decl), error)
             && hoso_fs_write_file_at (c->txn_fd, "object/inventory.json", data, len, error)
             && hoso_fs_write_file_at (c->txn_fd, "object/inventory.json.sha512", sidecar,
                                       slen, error);
    }
  return hoso_fs_write_file_at (c->txn_fd, ROOT_INVENTORY_TMP, data, len, error)
         && hoso_fs_write_file_at (c->txn_fd, ROOT_SIDECAR_TMP, sidecar, slen, error);
}

/* ---- 4 and 5. Publishing ------------------------------------------------- */

static gboolean
publish_new_object (HosoCommit *c, GError **error)
{
  int store = c->archive->store_fd;
  g_autofree char *parent = g_path_get_dirname (c->object_rel);

  if (!hoso_fs_mkdir_p_at (store, parent, error))
    return FALSE;
  /* Make the tuple folders durable before the object appears in them. */
  for (g_autofree char *d = g_strdup (parent); ; )
    {
      char *up = g_path_get_dirname (d);
      gboolean ok = hoso_fs_fsync_at (store, d, error);
      g_free (d);
      d = up;
      if (!ok)
        return FALSE;
      if (g_str_equal (d, "."))
        break;
    }
  if (!hoso_fs_fsync_fd (store, "store", error))
    return FALSE;
  if (renameat (c->txn_fd, "object", store, c->object_rel) < 0)
    return hoso_fs_set_errno (error, errno, _("Publishing dossier %s"), c->id);
  c->published = TRUE;
  hoso_fault_step ("object renamed into store");
  if (!hoso_fs_fsync_at (store, parent, error))
    return FALSE;
  hoso_fault_step ("store folder synced");
  return TRUE;
}

static gboolean
publish_version (HosoCommit *c, GError **error)
{
  int obj = hoso_fs_opendir_at (c->archive->store_fd, c->object_rel, error);
  if (obj < 0)
    return FALSE;
  gboolean ok = TRUE;
  if (renameat (c->txn_fd, c->version_rel, obj, c->version_rel) < 0)
    ok = hoso_fs_set_errno (error, errno, _("Publishing version %u of dossier %s"),
                            c->version, c->id);
  if (ok)
    {
      c->published = TRUE;
      hoso_fault_step ("version renamed into object");
    }
  ok = ok && hoso_fs_fsync_fd (obj, c->object_rel, error);
  if (ok)
    hoso_fault_step ("object folder synced");
  if (ok && renameat (c->txn_fd, ROOT_INVENTORY_TMP, obj, "inventory.json") < 0)
    ok = hoso_fs_set_errno (error, errno, _("Replacing the inventory of dossier %s"), c->id);
  if (ok)
    hoso_fault_step ("root inventory replaced");
  if (ok && renameat (c->txn_fd, ROOT_SIDECAR_TMP, obj, "inventory.json.sha512") < 0)
    ok = hoso_fs_set_errno (error, errno, _("Replacing the inventory of dossier %s"), c->id);
  if (ok)
    hoso_fault_step ("root sidecar replaced");
  ok = ok && hoso_fs_fsync_fd (obj, c->object_rel, error);
  close (obj);
  return ok;
}

/* ---- The whole ------------------------------------------------------------ */

static gboolean
prepare (HosoCommit *c, const char *message, const char *user_name,
         const char *user_address, GError **error)
{
  if (!hoso_commit_drain (c, error))
    return FALSE;
  if (!hoso_commit_has_changes (c))
    {
      g_set_error (error, HOSO_ARCHIVE_ERROR, HOSO_ARCHIVE_ERROR_NO_CHANGE,
                   _("Nothing changed in dossier %s: version %u already holds these files."),
                   c->id, c->version - 1);
      return FALSE;
    }
  if (!check_state (c, error))
    return FALSE;
  drop_unused_content (c);
  g_autofree char *content = g_strconcat (c->version_rel, "/content", NULL);
  (void) remove_empty_dirs (c->txn_fd, content);

  g_autoptr(GBytes) json = build_inventory (c, message, user_name, user_address);
  if (!write_inventories (c, json, error))
    return FALSE;
  if (g_hash_table_size (c->staged) <= SYNC_EACH_MAX_FILES)
    {
      if (!hoso_fs_sync_tree_at (c->txn_fd, ".", error))
        return FALSE;
    }
  else if (syncfs (c->archive->staging_fd) < 0)
    return hoso_fs_set_errno (error, errno, _("Syncing the archive “%s”"), c->archive->path);
  hoso_fault_step ("staging synced");
  return TRUE;
}

static void
release (HosoCommit *c)
{
  c->finished = TRUE;
  hoso_archive_unlock (c->lock_fd);
  c->lock_fd = -1;
}

gboolean
hoso_commit_finish (HosoCommit *c, const char *message, const char *user_name,
                    const char *user_address, guint *out_version, GError **error)
{
  g_return_val_if_fail (!c->finished, FALSE);
  g_autoptr(GError) local = NULL;
  gboolean ok = prepare (c, message, user_name, user_address, &local)
                && (c->version == 1 ? publish_new_object (c, &local)
                                    : publish_version (c, &local));
  if (ok)
    {
      ok = hoso_fs_rm_rf_at (c->archive->staging_fd, c->txn_name, &local)
           && hoso_fs_fsync_fd (c->archive->staging_fd, "staging", &local);
      hoso_fault_step ("staging cleaned");
    }
  if (ok)
    {
      release (c);
      if (out_version)
        *out_version = c->version;
      return TRUE;
    }

  if (c->published)
    /* The version is in the store: leave staging for recovery, which rolls
     * it forward the next time the archive is opened. */
    g_propagate_prefixed_error (error, g_steal_pointer (&local),
                                _("Version %u of dossier %s was saved, but finishing it failed "
                                  "(it will be completed when the archive is next opened): "),
                                c->version, c->id);
  else
    {
      (void) hoso_fs_rm_rf_at (c->archive->staging_fd, c->txn_name, NULL);
      if (local->domain == HOSO_ARCHIVE_ERROR)
        g_propagate_error (error, g_steal_pointer (&local));
      else
        g_propagate_prefixed_error (error, g_steal_pointer (&local),
                                    _("Dossier %s was not changed: "), c->id);
    }
  release (c);
  return FALSE;
}
