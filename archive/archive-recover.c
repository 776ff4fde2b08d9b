/* archive-recover.c: recovery of commits that a crash interrupted.
 *
 * Recovery works from staging/: every commit first writes, in its own
 * staging folder, a file naming the object it changes.  A folder left there
 * means a commit did not finish; under the writer lock, its object is brought
 * to the last complete version (rolled forward into the root inventory if it
 * got that far, an incomplete version folder removed) and the folder is
 * removed.
 */
#include "config.h"

#include "archive-private.h"
#include "archive-fs.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <gio/gio.h>
#include <glib/gi18n-lib.h>

gboolean
hoso_archive_inventory_complete (int dir_fd, const char *prefix, GBytes **out_json,
                                 GBytes **out_sidecar)
{
  g_autofree char *inv_path = g_strconcat (prefix, "inventory.json", NULL);
  g_autofree char *side_path = g_strconcat (prefix, "inventory.json.sha512", NULL);
  g_autoptr(GBytes) json = hoso_fs_read_at (dir_fd, inv_path, NULL);
  g_autoptr(GBytes) side = json ? hoso_fs_read_at (dir_fd, side_path, NULL) : NULL;

  if (side == NULL || !hoso_inventory_sidecar_matches (json, side, "sha512"))
    return FALSE;
  if (out_json)
    *out_json = g_steal_pointer (&json);
  if (out_sidecar)
    *out_sidecar = g_steal_pointer (&side);
  return TRUE;
}

static guint
version_dir_number (const char *name)
{
  guint64 n = 0;
  if (name[0] != 'v' || name[1] < '1' || name[1] > '9'
      || !g_ascii_string_to_unsigned (name + 1, 10, 1, G_MAXUINT32, &n, NULL))
    return 0;
  return (guint) n;
}

/* Removes version folders above the last complete one; returns it (0 if
 * none). */
static guint
drop_incomplete_versions (int obj_fd, GError **error)
{
  g_autoptr(GArray) found = g_array_new (FALSE, FALSE, sizeof (guint));
  int fd = dup (obj_fd);
  DIR *d = fd >= 0 ? fdopendir (fd) : NULL;
  struct dirent *de;

  if (d == NULL)
    {
      if (fd >= 0)
        close (fd);
      return 0;
    }
  while ((de = readdir (d)) != NULL)
    {
      guint n = version_dir_number (de->d_name);
      if (n)
        g_array_append_val (found, n);
    }
  closedir (d);

  guint best = 0;
  for (guint i = 0; i < found->len; i++)
    {
      guint n = g_array_index (found, guint, i);
      g_autofree char *prefix = g_strdup_printf ("v%u/", n);
      if (n > best && hoso_archive_inventory_complete (obj_fd, prefix, NULL, NULL))
        best = n;
    }
  for (guint i = 0; i < found->len; i++)
    {
      guint n = g_array_index (found, guint, i);
      g_autofree char *name = g_strdup_printf ("v%u", n);
      if (n > best && !hoso_fs_rm_rf_at (obj_fd, name, error))
        return 0;
    }
  return best;
}

static gboolean
bytes_equal_at (int dir_fd, const char *path, GBytes *want)
{
  g_autoptr(GBytes) have = hoso_fs_read_at (dir_fd, path, NULL);
  return have && g_bytes_equal (have, want);
}

/* Brings the object at REL to its last complete version. */
static gboolean
recover_object (HosoArchive *archive, const char *rel, GError **error)
{
  int obj_fd = openat (archive->store_fd, rel, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (obj_fd < 0 && errno == ENOENT)
    {
      /* A new object that never got renamed in: drop empty tuple folders. */
      g_autofree char *dir = g_path_get_dirname (rel);
      while (!g_str_equal (dir, ".") && unlinkat (archive->store_fd, dir, AT_REMOVEDIR) == 0)
        {
          char *up = g_path_get_dirname (dir);
          g_free (dir);
          dir = up;
        }
      return TRUE;
    }
  if (obj_fd < 0)
    return hoso_fs_set_errno (error, errno, _("Recovering object “%s”"), rel);

  g_autoptr(GError) local = NULL;
  guint best = drop_incomplete_versions (obj_fd, &local);
  g_autoptr(GBytes) json = NULL;
  g_autoptr(GBytes) side = NULL;
  g_autofree char *prefix = g_strdup_printf ("v%u/", best);
  gboolean ok = local == NULL;

  if (ok && best > 0 && hoso_archive_inventory_complete (obj_fd, prefix, &json, &side)
      && !(bytes_equal_at (obj_fd, "inventory.json", json)
           && bytes_equal_at (obj_fd, "inventory.json.sha512", side)))
    {
      gsize jl, sl;
      const void *jd = g_bytes_get_data (json, &jl);
      const void *sd = g_bytes_get_data (side, &sl);
      ok = hoso_fs_replace_file_at (archive->staging_fd, "recover-inventory.tmp",
                                    obj_fd, "inventory.json", jd, jl, &local)
           && hoso_fs_replace_file_at (archive->staging_fd, "recover-sidecar.tmp",
                                       obj_fd, "inventory.json.sha512", sd, sl, &local)
           && hoso_fs_fsync_fd (obj_fd, rel, &local);
    }
  close (obj_fd);
  if (!ok)
    g_propagate_prefixed_error (error, g_steal_pointer (&local),
                                _("Recovering object “%s”: "), rel);
  return ok;
}

static gboolean
recover_entry (HosoArchive *archive, const char *name, GError **error)
{
  g_autofree char *target_path = g_build_filename (name, HOSO_TXN_TARGET, NULL);
  g_autoptr(GBytes) target = hoso_fs_read_at (archive->staging_fd, target_path, NULL);

  if (target != NULL)
    {
      g_autofree char *text = g_strndup (g_bytes_get_data (target, NULL),
                                         g_bytes_get_size (target));
      g_auto(GStrv) lines = g_strsplit (text, "\n", 2);
      const char *rel = lines[0];
      /* The first line names an object path made by hoso_archive_object_path:
       * refuse anything else rather than touch an arbitrary path. */
      if (strstr (rel, "..") == NULL && rel[0] != '/' && *rel
          && !recover_object (archive, rel, error))
        return FALSE;
    }
  return hoso_fs_rm_rf_at (archive->staging_fd, name, error);
}

gboolean
hoso_archive_recover (HosoArchive *archive, GError **error)
{
  int fd = dup (archive->staging_fd);
  DIR *d = fd >= 0 ? fdopendir (fd) : NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  struct dirent *de;

  if (d == NULL)
    {
      if (fd >= 0)
        close (fd);
      return hoso_fs_set_errno (error, errno, _("Reading the staging folder of “%s”"),
                                archive->path);
    }
  rewinddir (d);
  while ((de = readdir (d)) != NULL)
    if (!g_str_equal (de->d_name, ".") && !g_str_equal (de->d_name, ".."))
      g_ptr_array_add (names, g_strdup (de->d_name));
  closedir (d);

  for (guint i = 0; i < names->len; i++)
    if (!recover_entry (archive, g_ptr_array_index (names, i), error))
      return FALSE;
  return names->len == 0 || hoso_fs_fsync_fd (archive->staging_fd, "staging", error);
}

static gboolean
staging_is_empty (HosoArchive *archive)
{
  int fd = dup (archive->staging_fd);
  DIR *d = fd >= 0 ? fdopendir (fd) : NULL;
  struct dirent *de;
  gboolean empty = TRUE;

  if (d == NULL)
    {
      if (fd >= 0)
        close (fd);
      return TRUE;
    }
  rewinddir (d);
  while (empty && (de = readdir (d)) != NULL)
    empty = g_str_equal (de->d_name, ".") || g_str_equal (de->d_name, "..");
  closedir (d);
  return empty;
}

gboolean
hoso_archive_recover_if_idle (HosoArchive *archive, GError **error)
{
  if (staging_is_empty (archive))
    return TRUE;
  g_autoptr(GError) local = NULL;
  int lock = hoso_archive_lock (archive, FALSE, &local);
  if (lock < 0)
    {
      if (g_error_matches (local, HOSO_ARCHIVE_ERROR, HOSO_ARCHIVE_ERROR_LOCKED))
        return TRUE;          /* a writer is at work; its staging is its own */
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  gboolean ok = hoso_archive_recover (archive, error);
  hoso_archive_unlock (lock);
  return ok;
}

