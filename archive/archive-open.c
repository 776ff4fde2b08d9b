/* archive-open.c: creating and opening an archive, the writer lock, and
 * recovery of commits that a crash interrupted.
 *
 * Recovery works from staging/: every commit first writes, in its own
 * staging folder, a file naming the object it changes.  A folder left there
 * means a commit did not finish; under the writer lock, its object is brought
 * to the last complete version (rolled forward into the root inventory if it
 * got that far) and the folder is removed.
 */
#include "config.h"

#include "archive-private.h"
#include "archive-fs.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>
#include <gio/gio.h>
#include <glib/gi18n-lib.h>

#define READ_RETRIES 200
#define READ_RETRY_USEC 10000

static const char conf_text[] =
  "# hoso archive settings (GKeyFile).\n"
  "[archive]\n"
  "format-version=1\n";

char *
hoso_archive_default_path (const char *explicit_dir)
{
  if (explicit_dir && *explicit_dir)
    return g_strdup (explicit_dir);
  const char *env = g_getenv ("HOSO_ARCHIVE");
  if (env && *env)
    return g_strdup (env);
  return g_strdup ("archive");
}

void
hoso_archive_free (HosoArchive *archive)
{
  if (archive == NULL)
    return;
  g_free (archive->path);
  g_free (archive->store_path);
  if (archive->dir_fd >= 0)
    close (archive->dir_fd);
  if (archive->store_fd >= 0)
    close (archive->store_fd);
  if (archive->staging_fd >= 0)
    close (archive->staging_fd);
  g_free (archive);
}

const char *
hoso_archive_get_path (HosoArchive *archive)
{
  return archive->path;
}

const char *
hoso_archive_get_store_path (HosoArchive *archive)
{
  return archive->store_path;
}

static gboolean
not_archive (GError **error, const char *path, const char *why)
{
  g_set_error (error, HOSO_ARCHIVE_ERROR, HOSO_ARCHIVE_ERROR_NOT_ARCHIVE,
               _("“%s” is not a hoso archive (%s). Create one with “hoso init %s”, "
                 "or point to it with --archive or HOSO_ARCHIVE."),
               path, why, path);
  return FALSE;
}

static gboolean
folder_is_empty (const char *path, gboolean *out_exists, GError **error)
{
  g_autoptr(GError) local = NULL;
  g_autoptr(GDir) dir = g_dir_open (path, 0, &local);

  *out_exists = dir != NULL || !g_error_matches (local, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  if (dir == NULL && *out_exists)
    {
      g_propagate_prefixed_error (error, g_steal_pointer (&local),
                                  _("Cannot create an archive in “%s”: "), path);
      return FALSE;
    }
  return dir == NULL || g_dir_read_name (dir) == NULL;
}

HosoArchive *
hoso_archive_init (const char *path, GError **error)
{
  gboolean exists = FALSE;
  g_autoptr(GError) local = NULL;

  if (!folder_is_empty (path, &exists, &local))
    {
      if (local)
        g_propagate_error (error, g_steal_pointer (&local));
      else
        g_set_error (error, HOSO_ARCHIVE_ERROR, HOSO_ARCHIVE_ERROR_EXISTS,
                     _("Cannot create an archive in “%s”: the folder is not empty. "
                       "Choose a new or empty folder."), path);
      return NULL;
    }
  if (g_mkdir_with_parents (path, 0755) < 0)
    {
      hoso_fs_set_errno (error, errno, _("Cannot create the archive folder “%s”"), path);
      return NULL;
    }
  int fd = hoso_fs_opendir_at (AT_FDCWD, path, error);
  if (fd < 0)
    return NULL;
  gboolean ok = mkdirat (fd, HOSO_STORE_DIR, 0755) == 0
                && mkdirat (fd, HOSO_STAGING_DIR, 0755) == 0;
  if (!ok)
    hoso_fs_set_errno (error, errno, _("Cannot create the archive in “%s”"), path);
  int store_fd = ok ? hoso_fs_opendir_at (fd, HOSO_STORE_DIR, error) : -1;
  ok = store_fd >= 0
       && hoso_layout_write_root (store_fd, error)
       && hoso_fs_write_file_at (fd, HOSO_LOCK_FILE, "", 0, error)
       && hoso_fs_write_file_at (fd, "hoso.conf", conf_text, strlen (conf_text), error)
       && hoso_fs_fsync_at (fd, HOSO_STAGING_DIR, error)
       && hoso_fs_fsync_fd (fd, path, error);
  if (store_fd >= 0)
    close (store_fd);
  close (fd);
  if (!ok)
    return NULL;
  return hoso_archive_open (path, error);
}

int
hoso_archive_lock (HosoArchive *archive, gboolean wait, GError **error)
{
  int fd = openat (archive->dir_fd, HOSO_LOCK_FILE, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0)
    {
      hoso_fs_set_errno (error, errno, _("Cannot open the lock of archive “%s”"), archive->path);
      return -1;
    }
  int rc;
  do
    rc = flock (fd, LOCK_EX | (wait ? 0 : LOCK_NB));
  while (rc < 0 && errno == EINTR);
  if (rc == 0)
    return fd;
  int errsv = errno;
  close (fd);
  if (errsv == EWOULDBLOCK)
    g_set_error (error, HOSO_ARCHIVE_ERROR, HOSO_ARCHIVE_ERROR_LOCKED,
                 _("The archive “%s” is being changed by another hoso command. "
                   "Try again when it has finished, or use --wait to wait for it."),
                 archive->path);
  else
    hoso_fs_set_errno (error, errsv, _("Cannot lock archive “%s”"), archive->path);
  return -1;
}

void
hoso_archive_unlock (int lock_fd)
{
  if (lock_fd >= 0)
    close (lock_fd);          /* closing the last descriptor drops the flock */
}

/* ---- Recovery ------------------------------------------------------------- */

/* TRUE if DIR_FD/PREFIX inventory.json matches its .sha512 sidecar. */
static gboolean
inventory_complete (int dir_fd, const char *prefix, GBytes **out_json, GBytes **out_sidecar)
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
      if (n > best && inventory_complete (obj_fd, prefix, NULL, NULL))
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

  if (ok && best > 0 && inventory_complete (obj_fd, prefix, &json, &side)
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

/* If a crash left work in staging/ and nobody writes now, recover. */
static gboolean
recover_if_idle (HosoArchive *archive, GError **error)
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

HosoArchive *
hoso_archive_open (const char *path, GError **error)
{
  g_autoptr(HosoArchive) archive = g_new0 (HosoArchive, 1);
  struct stat st_store, st_staging;

  archive->dir_fd = archive->store_fd = archive->staging_fd = -1;
  archive->path = g_canonicalize_filename (path, NULL);
  archive->store_path = g_build_filename (archive->path, HOSO_STORE_DIR, NULL);
  archive->dir_fd = open (archive->path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (archive->dir_fd < 0)
    {
      not_archive (error, path, g_strerror (errno));
      return NULL;
    }
  archive->store_fd = openat (archive->dir_fd, HOSO_STORE_DIR, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  archive->staging_fd = openat (archive->dir_fd, HOSO_STAGING_DIR, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (archive->store_fd < 0 || archive->staging_fd < 0
      || faccessat (archive->store_fd, HOSO_ROOT_DECLARATION, F_OK, 0) < 0)
    {
      not_archive (error, path, _("it has no store/ and staging/ folders"));
      return NULL;
    }
  if (fstat (archive->store_fd, &st_store) < 0 || fstat (archive->staging_fd, &st_staging) < 0
      || st_store.st_dev != st_staging.st_dev)
    {
      g_set_error (error, HOSO_ARCHIVE_ERROR, HOSO_ARCHIVE_ERROR_NOT_ARCHIVE,
                   _("In archive “%s”, store/ and staging/ are on different file systems, so a "
                     "commit could not be atomic. Put both on one file system."), path);
      return NULL;
    }
  if (!recover_if_idle (archive, error))
    return NULL;
  return g_steal_pointer (&archive);
}

/* ---- Reading inventories and listing -------------------------------------- */

HosoInventory *
hoso_archive_read_inventory (HosoArchive *archive, const char *object_rel,
                             GError **error)
{
  int obj_fd = openat (archive->store_fd, object_rel, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (obj_fd < 0)
    {
      if (errno == ENOENT)
        g_set_error (error, HOSO_ARCHIVE_ERROR, HOSO_ARCHIVE_ERROR_NOT_FOUND,
                     _("There is no such dossier"));
      else
        hoso_fs_set_errno (error, errno, _("Opening object “%s”"), object_rel);
      return NULL;
    }
  for (int attempt = 0; attempt < READ_RETRIES; attempt++)
    {
      g_autoptr(GBytes) json = NULL;
      if (inventory_complete (obj_fd, "", &json, NULL))
        {
          close (obj_fd);
          return hoso_inventory_parse (json, error);
        }
      g_usleep (READ_RETRY_USEC);   /* a writer may be between two renames */
    }
  close (obj_fd);
  g_set_error (error, HOSO_ARCHIVE_ERROR, HOSO_ARCHIVE_ERROR_CORRUPT,
               _("The inventory of object “%s” does not match its sidecar. "
                 "Run “hoso verify” to check the archive."), object_rel);
  return NULL;
}

/* Appends the names of the subfolders of DIR_FD/PATH to OUT. */
static void
list_subdirs (int dir_fd, const char *path, GPtrArray *out)
{
  int fd = openat (dir_fd, path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  DIR *d = fd >= 0 ? fdopendir (fd) : NULL;
  struct dirent *de;

  if (d == NULL)
    {
      if (fd >= 0)
        close (fd);
      return;
    }
  while ((de = readdir (d)) != NULL)
    if (de->d_name[0] != '.' && (de->d_type == DT_DIR || de->d_type == DT_UNKNOWN))
      g_ptr_array_add (out, g_build_filename (path, de->d_name, NULL));
  closedir (d);
}

static int
compare_strings (gconstpointer a, gconstpointer b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

GPtrArray *
hoso_archive_list_dossiers (HosoArchive *archive, GError **error)
{
  g_autoptr(GPtrArray) level = g_ptr_array_new_with_free_func (g_free);
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);

  g_ptr_array_add (level, g_strdup ("."));
  for (int depth = 0; depth < 4; depth++)
    {
      g_autoptr(GPtrArray) next = g_ptr_array_new_with_free_func (g_free);
      for (guint i = 0; i < level->len; i++)
        {
          const char *p = g_ptr_array_index (level, i);
          if (depth == 0 || strlen (strrchr (p, '/') + 1) == 3)
            list_subdirs (archive->store_fd, p, next);
        }
      g_ptr_array_unref (level);
      level = g_steal_pointer (&next);
    }
  for (guint i = 0; i < level->len; i++)
    {
      const char *rel = (const char *) g_ptr_array_index (level, i) + 2;  /* skip "./" */
      g_autoptr(HosoInventory) inv = hoso_archive_read_inventory (archive, rel, NULL);
      char *id = inv ? hoso_dossier_id_from_object_id (inv->id) : NULL;
      if (id)
        g_ptr_array_add (ids, id);
    }
  g_ptr_array_sort (ids, compare_strings);
  (void) error;
  return ids;
}
