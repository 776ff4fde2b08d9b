/* archive-fs.c: durable file system operations and fault injection.
 *
 * A commit is made safe by ordering: content is written and synced before
 * the rename that publishes it, and the root inventory is replaced by a
 * rename of a synced temporary.  These helpers do one such thing each.
 */
#include "config.h"

#include "archive-fs.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <gio/gio.h>
#include <glib/gi18n-lib.h>

/* ---- Fault injection ------------------------------------------------- */

static gint64
fault_setting (const char *name)
{
  const char *v = g_getenv (name);
  return v && *v ? g_ascii_strtoll (v, NULL, 10) : 0;
}

void
hoso_fault_step (const char *what)
{
  static gint64 kill_at = -1;
  static gint64 delay_ms = -1;
  static gint64 step = 0;

  if (kill_at < 0)
    {
      kill_at = fault_setting ("HOSO_FAULT_KILL_AT");
      delay_ms = fault_setting ("HOSO_FAULT_STEP_DELAY_MS");
    }
  if (delay_ms > 0)
    g_usleep ((gulong) delay_ms * 1000);
  if (kill_at > 0 && ++step == kill_at)
    raise (SIGKILL);
}

/* TRUE if this write is the one HOSO_FAULT_ENOSPC_AT asks to fail. */
static gboolean
fault_enospc (void)
{
  static gint fail_at = -1;     /* writes come from several threads */
  static gint writes = 0;

  if (g_atomic_int_get (&fail_at) < 0)
    g_atomic_int_set (&fail_at, (gint) fault_setting ("HOSO_FAULT_ENOSPC_AT"));
  return g_atomic_int_get (&fail_at) > 0
         && g_atomic_int_add (&writes, 1) + 1 == g_atomic_int_get (&fail_at);
}

gboolean
hoso_fault_read_fails (const char *path)
{
  const char *name = g_getenv ("HOSO_FAULT_EIO_READ");
  if (name == NULL || *name == '\0' || !g_str_has_suffix (path, name))
    return FALSE;
  errno = EIO;
  return TRUE;
}

/* ---- Helpers --------------------------------------------------------- */

gboolean
hoso_fs_set_errno (GError **error, int errsv, const char *format, ...)
{
  va_list ap;
  va_start (ap, format);
  g_autofree char *prefix = g_strdup_vprintf (format, ap);
  va_end (ap);
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv), "%s: %s",
               prefix, g_strerror (errsv));
  return FALSE;
}

gboolean
hoso_fs_write_all (int fd, const void *buf, gsize len, const char *what,
                   GError **error)
{
  const guint8 *p = buf;

  if (fault_enospc ())
    return hoso_fs_set_errno (error, ENOSPC, _("Writing “%s”"), what);
  while (len > 0)
    {
      ssize_t n = write (fd, p, len);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        return hoso_fs_set_errno (error, errno, _("Writing “%s”"), what);
      p += n;
      len -= (gsize) n;
    }
  return TRUE;
}

gboolean
hoso_fs_copy_range (int in_fd, int out_fd, guint64 len, const char *what,
                    GError **error)
{
  loff_t in_off = 0;

  if (fault_enospc ())
    return hoso_fs_set_errno (error, ENOSPC, _("Writing “%s”"), what);
  while ((guint64) in_off < len)
    {
      ssize_t n = copy_file_range (in_fd, &in_off, out_fd, NULL, len - (guint64) in_off, 0);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0 && (errno == EXDEV || errno == ENOSYS || errno == EINVAL
                    || errno == EOPNOTSUPP) && in_off == 0)
        break;                /* no kernel copy here: fall back to read/write */
      if (n < 0)
        return hoso_fs_set_errno (error, errno, _("Writing “%s”"), what);
      if (n == 0)
        return hoso_fs_set_errno (error, EIO, _("“%s” became shorter while being copied"), what);
    }
  if ((guint64) in_off == len)
    return TRUE;

  g_autofree guint8 *buf = g_malloc (1024 * 1024);
  for (;;)
    {
      ssize_t n = pread (in_fd, buf, 1024 * 1024, in_off);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        return hoso_fs_set_errno (error, errno, _("Reading “%s”"), what);
      if (n == 0)
        return TRUE;
      if (!hoso_fs_write_all (out_fd, buf, (gsize) n, what, error))
        return FALSE;
      in_off += n;
    }
}

gboolean
hoso_fs_fsync_fd (int fd, const char *what, GError **error)
{
  if (fsync (fd) < 0)
    return hoso_fs_set_errno (error, errno, _("Syncing “%s”"), what);
  return TRUE;
}

gboolean
hoso_fs_fsync_at (int dirfd, const char *path, GError **error)
{
  int fd = openat (dirfd, path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return hoso_fs_set_errno (error, errno, _("Opening “%s”"), path);
  gboolean ok = hoso_fs_fsync_fd (fd, path, error);
  close (fd);
  return ok;
}

gboolean
hoso_fs_sync_tree_at (int dirfd, const char *path, GError **error)
{
  int fd = openat (dirfd, path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  DIR *dir;
  struct dirent *entry;
  gboolean ok = TRUE;

  if (fd < 0)
    return hoso_fs_set_errno (error, errno, _("Opening “%s”"), path);
  dir = fdopendir (fd);
  if (dir == NULL)
    {
      int saved = errno;
      close (fd);
      return hoso_fs_set_errno (error, saved, _("Opening “%s”"), path);
    }
  while (ok && (entry = readdir (dir)) != NULL)
    {
      if (strcmp (entry->d_name, ".") == 0 || strcmp (entry->d_name, "..") == 0)
        continue;
      if (entry->d_type == DT_DIR)
        ok = hoso_fs_sync_tree_at (fd, entry->d_name, error);
      else if (entry->d_type == DT_REG)
        ok = hoso_fs_fsync_at (fd, entry->d_name, error);
      else if (entry->d_type == DT_UNKNOWN)
        {
          struct stat st;
          if (fstatat (fd, entry->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0)
            ok = hoso_fs_set_errno (error, errno, _("Reading “%s”"), entry->d_name);
          else if (S_ISDIR (st.st_mode))
            ok = hoso_fs_sync_tree_at (fd, entry->d_name, error);
          else if (S_ISREG (st.st_mode))
            ok = hoso_fs_fsync_at (fd, entry->d_name, error);
        }
    }
  ok = ok && hoso_fs_fsync_fd (fd, path, error);
  closedir (dir);
  return ok;
}

gboolean
hoso_fs_write_file_at (int dirfd, const char *name, const void *data,
                       gsize len, GError **error)
{
  int fd = openat (dirfd, name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0)
    return hoso_fs_set_errno (error, errno, _("Creating “%s”"), name);
  gboolean ok = hoso_fs_write_all (fd, data, len, name, error)
                && hoso_fs_fsync_fd (fd, name, error);
  if (close (fd) < 0 && ok)
    ok = hoso_fs_set_errno (error, errno, _("Closing “%s”"), name);
  return ok;
}

gboolean
hoso_fs_replace_file_at (int tmp_dirfd, const char *tmp_name,
                         int dest_dirfd, const char *dest_name,
                         const void *data, gsize len, GError **error)
{
  (void) unlinkat (tmp_dirfd, tmp_name, 0);
  if (!hoso_fs_write_file_at (tmp_dirfd, tmp_name, data, len, error))
    return FALSE;
  hoso_fault_step ("temporary written");
  if (renameat (tmp_dirfd, tmp_name, dest_dirfd, dest_name) < 0)
    return hoso_fs_set_errno (error, errno, _("Renaming “%s” to “%s”"),
                              tmp_name, dest_name);
  hoso_fault_step ("temporary renamed");
  return TRUE;
}

gboolean
hoso_fs_mkdir_p_at (int dirfd, const char *path, GError **error)
{
  g_autofree char *copy = g_strdup (path);

  for (char *p = copy; ; p++)
    {
      if (*p != '/' && *p != '\0')
        continue;
      char saved = *p;
      *p = '\0';
      if (*copy && mkdirat (dirfd, copy, 0755) < 0 && errno != EEXIST)
        return hoso_fs_set_errno (error, errno, _("Creating folder “%s”"), copy);
      *p = saved;
      if (saved == '\0')
        break;
    }
  return TRUE;
}

int
hoso_fs_opendir_at (int dirfd, const char *path, GError **error)
{
  int fd = openat (dirfd, path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0)
    hoso_fs_set_errno (error, errno, _("Opening folder “%s”"), path);
  return fd;
}

gboolean
hoso_fs_rm_rf_at (int dir_fd, const char *name, GError **error)
{
  struct stat st;

  if (fstatat (dir_fd, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
    return errno == ENOENT ? TRUE
           : hoso_fs_set_errno (error, errno, _("Removing “%s”"), name);
  if (!S_ISDIR (st.st_mode))
    {
      if (unlinkat (dir_fd, name, 0) < 0 && errno != ENOENT)
        return hoso_fs_set_errno (error, errno, _("Removing “%s”"), name);
      return TRUE;
    }

  int fd = openat (dir_fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0)
    return hoso_fs_set_errno (error, errno, _("Removing “%s”"), name);
  DIR *d = fdopendir (fd);
  if (d == NULL)
    {
      close (fd);
      return hoso_fs_set_errno (error, errno, _("Removing “%s”"), name);
    }
  struct dirent *de;
  gboolean ok = TRUE;
  while (ok && (de = readdir (d)) != NULL)
    {
      if (g_str_equal (de->d_name, ".") || g_str_equal (de->d_name, ".."))
        continue;
      ok = hoso_fs_rm_rf_at (dirfd (d), de->d_name, error);
    }
  closedir (d);
  if (ok && unlinkat (dir_fd, name, AT_REMOVEDIR) < 0 && errno != ENOENT)
    return hoso_fs_set_errno (error, errno, _("Removing “%s”"), name);
  return ok;
}

GBytes *
hoso_fs_read_at (int dirfd, const char *path, GError **error)
{
  int fd = openat (dirfd, path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    {
      hoso_fs_set_errno (error, errno, _("Reading “%s”"), path);
      return NULL;
    }
  GByteArray *buf = g_byte_array_new ();
  guint8 chunk[65536];
  for (;;)
    {
      ssize_t n = read (fd, chunk, sizeof chunk);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int errsv = errno;
          close (fd);
          g_byte_array_unref (buf);
          hoso_fs_set_errno (error, errsv, _("Reading “%s”"), path);
          return NULL;
        }
      if (n == 0)
        break;
      g_byte_array_append (buf, chunk, (guint) n);
    }
  close (fd);
  return g_byte_array_free_to_bytes (buf);
}
