/* archive-fs.h: file system primitives of the store, private to archive/.
 *
 * Everything that makes a commit durable goes through here: whole writes,
 * fsync of files and folders, write-temporary-then-rename, recursive removal.
 * It is also where faults are injected for the crash and full-disk tests:
 *
 *   HOSO_FAULT_KILL_AT=K     the K-th commit step (hoso_fault_step) kills
 *                            the process with SIGKILL;
 *   HOSO_FAULT_ENOSPC_AT=K   the K-th write (hoso_fs_write_all) fails with
 *                            ENOSPC, as on a full disk;
 *   HOSO_FAULT_STEP_DELAY_MS=N  every commit step sleeps N ms, to widen the
 *                            windows that concurrent readers must survive;
 *   HOSO_FAULT_EIO_READ=NAME reading a file whose path ends with NAME fails
 *                            with EIO (root reads any file whatever its
 *                            mode, so tests can not rely on permissions).
 *
 * Both are read once per process and cost one comparison when unset.
 */
#pragma once

#include <glib.h>
#include <sys/types.h>

G_BEGIN_DECLS

/* Marks a step of a commit; dies here if HOSO_FAULT_KILL_AT says so. */
void hoso_fault_step (const char *what);

/* TRUE (with errno set to EIO) if HOSO_FAULT_EIO_READ says that reading
 * PATH must fail. */
gboolean hoso_fault_read_fails (const char *path);

/* Writes all LEN bytes of BUF to FD.  WHAT names the file in the error. */
gboolean hoso_fs_write_all (int fd, const void *buf, gsize len,
                            const char *what, GError **error);

/* Creates NAME in DIRFD (which must not exist), writes DATA and fsyncs it. */
gboolean hoso_fs_write_file_at (int dirfd, const char *name, const void *data,
                                gsize len, GError **error);

/* Durably replaces DEST_NAME in DEST_DIRFD with DATA: the bytes go to
 * TMP_NAME in TMP_DIRFD (same file system), are fsynced, and renamed over
 * DEST_NAME; the destination folder is not fsynced (callers do, once). */
gboolean hoso_fs_replace_file_at (int tmp_dirfd, const char *tmp_name,
                                  int dest_dirfd, const char *dest_name,
                                  const void *data, gsize len, GError **error);

/* fsync of a folder (or file) open as FD, or of PATH in DIRFD. */
gboolean hoso_fs_fsync_fd (int fd, const char *what, GError **error);
gboolean hoso_fs_fsync_at (int dirfd, const char *path, GError **error);

/* fsync of every file and folder under folder PATH in DIRFD, PATH
 * included; symbolic links are not followed. */
gboolean hoso_fs_sync_tree_at (int dirfd, const char *path, GError **error);

/* mkdir -p of PATH below DIRFD. */
gboolean hoso_fs_mkdir_p_at (int dirfd, const char *path, GError **error);

/* rm -rf of NAME in DIRFD; a missing NAME is not an error.  Never follows
 * symbolic links. */
gboolean hoso_fs_rm_rf_at (int dirfd, const char *name, GError **error);

/* Reads the whole (small) file PATH in DIRFD.  Caller frees. */
GBytes *hoso_fs_read_at (int dirfd, const char *path, GError **error);

/* Opens folder PATH in DIRFD with O_DIRECTORY, or -1 with ERROR. */
int hoso_fs_opendir_at (int dirfd, const char *path, GError **error);

/* Sets a G_IO_ERROR from errno with "PREFIX: strerror" as message. */
gboolean hoso_fs_set_errno (GError **error, int errsv, const char *format, ...)
  G_GNUC_PRINTF (3, 4);

G_END_DECLS

G_BEGIN_DECLS
/* Copies LEN bytes from the start of IN_FD to OUT_FD, in the kernel where
 * it can (copy_file_range), else through a buffer.  Subject to
 * HOSO_FAULT_ENOSPC_AT like hoso_fs_write_all. */
gboolean hoso_fs_copy_range (int in_fd, int out_fd, guint64 len, const char *what,
                             GError **error);
G_END_DECLS
