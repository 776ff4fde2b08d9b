/* archive-open.c: creating and opening an archive, the writer lock,
 * reading root inventories, and listing the dossiers.
 *
 * Opening recovers what an interrupted commit left behind, when no writer
 * is at work (archive-recover.c).
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
  if (!hoso_archive_recover_if_idle (archive, error))
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
      if (hoso_archive_inventory_complete (obj_fd, "", &json, NULL))
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
