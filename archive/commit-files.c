/* commit-files.c: bringing files into a commit, fast and in bounded memory.
 *
 * Adding a file has two costs: hashing it and copying it.  Worker threads
 * hash the queued files, and the worker that first meets a digest the
 * object does not hold yet copies that content in, with copy_file_range,
 * while the other workers go on hashing; the committing thread only collects
 * the results into the new state.  So re-adding unchanged files costs only
 * their hashing, spread over the cores, and new content is copied by the
 * kernel alongside.  Writeback of each copy starts at once
 * (sync_file_range), so the one sync at the end of the commit has little
 * left to do.
 *
 * A file could change between being hashed and being copied: the copy is
 * made from the same inode only if its size and modification time are what
 * the hash saw, and refused otherwise.
 */
#include "config.h"

#include "commit-private.h"
#include "archive-fs.h"
#include "ocfl-digest.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <gio/gio.h>
#include <glib/gi18n-lib.h>

#define HASH_CHUNK (1024 * 1024)
#define MAX_WORKERS 4
#define PROGRESS_USEC (200 * 1000)

typedef struct {
  char *src;
  char *path;                 /* logical path */
  struct stat st;             /* as seen when queued */
  char *digest;               /* set by the worker */
  gboolean copied;            /* the worker copied the content in */
  GError *error;              /* set by the worker on failure */
} HashJob;

static void
hash_job_free (HashJob *job)
{
  g_free (job->src);
  g_free (job->path);
  g_free (job->digest);
  g_clear_error (&job->error);
  g_free (job);
}

static gboolean
same_file (const struct stat *a, const struct stat *b)
{
  return a->st_dev == b->st_dev && a->st_ino == b->st_ino && a->st_size == b->st_size
         && a->st_mtim.tv_sec == b->st_mtim.tv_sec && a->st_mtim.tv_nsec == b->st_mtim.tv_nsec;
}

/* ---- Copying in ------------------------------------------------------------ */

/* TRUE if the content of JOB is new to the object and to this commit, in
 * which case JOB's worker is the one to copy it in.  Called from workers. */
static gboolean
claim_content (HosoCommit *c, HashJob *job)
{
  gboolean mine = FALSE;

  g_mutex_lock (&c->claims_lock);
  if (hoso_inventory_content_path (c->inv, job->digest) == NULL
      && !g_hash_table_contains (c->claimed, job->digest))
    {
      g_hash_table_add (c->claimed, g_strdup (job->digest));
      mine = TRUE;
    }
  g_mutex_unlock (&c->claims_lock);
  return mine;
}

/* Copies the file of JOB into staging, from the very inode that was hashed
 * and only if it has not changed since.  Called from workers. */
static void
copy_in (HosoCommit *c, HashJob *job, GError **error)
{
  g_autofree char *staged = hoso_commit_staged_file (c, job->path);
  g_autofree char *dir = g_path_get_dirname (staged);
  struct stat st;
  int in = open (job->src, O_RDONLY | O_CLOEXEC | O_NOCTTY);
  int out = -1;

  if (in < 0)
    {
      hoso_commit_input_error (error, job->src, g_strerror (errno));
      return;
    }
  gboolean ok = TRUE;
  if (fstat (in, &st) < 0 || !same_file (&st, &job->st))
    ok = hoso_commit_input_error (error, job->src, _("it changed while being added"));
  ok = ok && hoso_fs_mkdir_p_at (c->txn_fd, dir, error);
  if (ok && (out = openat (c->txn_fd, staged, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644)) < 0)
    ok = hoso_fs_set_errno (error, errno, _("Creating “%s” in staging"), job->path);
  ok = ok && hoso_fs_copy_range (in, out, (guint64) st.st_size, job->path, error);
  if (ok)
    (void) sync_file_range (out, 0, 0, SYNC_FILE_RANGE_WRITE);
  if (out >= 0 && close (out) < 0 && ok)
    ok = hoso_fs_set_errno (error, errno, _("Writing “%s”"), job->path);
  close (in);
  job->copied = ok;
}

/* ---- Workers ------------------------------------------------------------ */

static void
hash_worker (gpointer data, gpointer user_data)
{
  HashJob *job = data;
  HosoCommit *c = user_data;
  g_autoptr(HosoDigest) digest = hoso_digest_new ("sha512");
  g_autofree guint8 *buf = g_malloc (HASH_CHUNK);
  struct stat st;
  int fd = open (job->src, O_RDONLY | O_CLOEXEC | O_NOCTTY);

  if (fd < 0)
    hoso_commit_input_error (&job->error, job->src, g_strerror (errno));
  else if (fstat (fd, &st) < 0 || !same_file (&st, &job->st))
    hoso_commit_input_error (&job->error, job->src, _("it changed while being added"));
  else
    {
      (void) posix_fadvise (fd, 0, 0, POSIX_FADV_SEQUENTIAL);
      for (;;)
        {
          ssize_t n = read (fd, buf, HASH_CHUNK);
          if (n < 0 && errno == EINTR)
            continue;
          if (n < 0)
            {
              hoso_commit_input_error (&job->error, job->src, g_strerror (errno));
              break;
            }
          if (n == 0)
            {
              job->digest = hoso_digest_finish_hex (digest);
              break;
            }
          hoso_digest_update (digest, buf, (gsize) n);
          g_atomic_pointer_add (&c->bytes_done, n);
        }
    }
  if (fd >= 0)
    close (fd);
  if (job->error == NULL && claim_content (c, job))
    copy_in (c, job, &job->error);
  g_async_queue_push (c->results, job);
}

static gboolean
start_workers (HosoCommit *c, GError **error)
{
  if (c->pool != NULL)
    return TRUE;
  c->results = g_async_queue_new ();
  c->claimed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_mutex_init (&c->claims_lock);
  c->pool = g_thread_pool_new (hash_worker, c, CLAMP (g_get_num_processors (), 1, MAX_WORKERS),
                               FALSE, error);
  return c->pool != NULL;
}

void
hoso_commit_stop_workers (HosoCommit *c)
{
  if (c->pool == NULL)
    return;
  g_thread_pool_free (c->pool, FALSE, TRUE);
  c->pool = NULL;
  HashJob *job;
  while ((job = g_async_queue_try_pop (c->results)) != NULL)
    hash_job_free (job);
  c->pending = 0;
  g_clear_pointer (&c->results, g_async_queue_unref);
  g_clear_pointer (&c->claimed, g_hash_table_unref);
  g_mutex_clear (&c->claims_lock);
}

/* ---- Queueing ----------------------------------------------------------- */

gboolean
hoso_commit_add_file (HosoCommit *c, const char *src, const char *logical_path,
                      GError **error)
{
  g_autofree char *path = hoso_resolve_logical_path (logical_path, error);
  struct stat st;

  if (path == NULL)
    return FALSE;
  if (stat (src, &st) < 0)
    return hoso_commit_input_error (error, src, g_strerror (errno));
  if (!S_ISREG (st.st_mode))
    return hoso_commit_input_error (error, src, _("it is not a regular file"));
  if (access (src, R_OK) < 0)
    return hoso_commit_input_error (error, src, g_strerror (errno));
  if (!hoso_commit_claim_path (c, path, src, error) || !start_workers (c, error))
    return FALSE;

  HashJob *job = g_new0 (HashJob, 1);
  job->src = g_strdup (src);
  job->path = g_steal_pointer (&path);
  job->st = st;
  c->bytes_total += (guint64) st.st_size;
  c->pending++;
  return g_thread_pool_push (c->pool, job, error);
}

/* ---- Collecting ----------------------------------------------------------- */

/* Puts the hashed file of JOB in the new state; its content was copied in
 * by the worker if it was new. */
static void
collect_job (HosoCommit *c, HashJob *job)
{
  if (job->copied)
    g_hash_table_insert (c->staged, g_strdup (job->digest),
                         hoso_commit_content_path (c, job->path));
  g_hash_table_insert (c->state, g_strdup (job->path), g_strdup (job->digest));
  hoso_fault_step ("file staged");
}

static void
report_progress (HosoCommit *c, const char *path)
{
  if (c->progress)
    c->progress (path, (guint64) g_atomic_pointer_get (&c->bytes_done), c->bytes_total,
                 c->progress_data);
}

gboolean
hoso_commit_drain (HosoCommit *c, GError **error)
{
  g_autofree char *last = NULL;

  while (c->pending > 0)
    {
      HashJob *job = g_async_queue_timeout_pop (c->results, PROGRESS_USEC);
      if (job == NULL)
        {
          if (last)
            report_progress (c, last);
          continue;
        }
      g_free (last);
      last = g_strdup (job->path);
      c->pending--;
      if (c->deferred == NULL)
        {
          if (job->error)
            c->deferred = g_steal_pointer (&job->error);
          else
            collect_job (c, job);
          report_progress (c, job->path);
        }
      hash_job_free (job);
    }
  if (c->deferred)
    {
      if (error)
        *error = g_error_copy (c->deferred);
      return FALSE;
    }
  return TRUE;
}
