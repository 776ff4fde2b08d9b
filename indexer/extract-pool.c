/* extract-pool.c: text extraction on a pool of hoso-extract processes.
 *
 * The parent (this file) and each worker talk over one Unix stream socket,
 * which is the worker's standard input and output, one line at a time:
 *
 *   worker:  HOSO-EXTRACT 1        once, when it is ready for work
 *   parent:  EXTRACT <out> <in>    extract the file <in> and write its
 *                                  compressed cache entry to <out>
 *   worker:  OK                    <out> is written
 *            ERR <message>         <out> could not be written (the message
 *                                  g_strescape'd); a system failure
 *            OOM                   sent by a dying worker whose memory ran
 *                                  out, just before the signal kills it
 *
 * Paths are percent-escaped (every byte but RFC 3986 unreserved ones and
 * '/'), so a name with spaces or newlines stays one token.  The extractors'
 * limits are command-line options of the worker; its CPU and memory limits
 * are set between fork and exec.  A socket rather than two pipes lets the
 * parent write with MSG_NOSIGNAL: a dead worker gives EPIPE, never SIGPIPE,
 * and no signal state of the process is touched.
 *
 * The parent trusts nothing a worker writes: the entry is read back with
 * hoso_text_cache_load_file (bounded and checked) before it is moved into
 * the cache, and an answer that is none of the above kills the worker.
 * A worker that dies before its hello is a system failure (a wrong path,
 * a missing library, a memory limit too small to start), reported as an
 * error of the run rather than blamed on a file.
 *
 * The parent recycles workers: after files_per_worker files it closes the
 * socket, the worker sees the end of its input, cleans up and exits, and
 * the parent reaps it (with SIGKILL after a grace period).
 *
 * This file is the scheduling: the queue, giving out jobs, the poll loop
 * and what each answer or death means for a job.  Starting, stopping and
 * reaping the processes themselves is extract-worker.c's.
 */
#include "config.h"

#include "extract-pool-private.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "text-cache.h"

#define MAX_ANSWER 4096                          /* bytes in one answer line */
#define STALE_TMP_SECONDS (24 * 60 * 60)         /* leftovers of a killed run */

struct _HosoExtractJob {
  char *digest;
  char *path;
};

struct _HosoExtractPool {
  char *text_dir;
  char *tmp_dir;
  char *worker_path;
  HosoExtractPoolOptions options;
  GQueue queue;             /* HosoExtractJob *, not yet given to a worker */
  GHashTable *queued;       /* digests queued or being extracted */
  HosoExtractWorker *workers;
  guint n_workers;
  GArray *retiring;         /* HosoExtractRetiring: told to exit, not reaped yet */
  HosoExtractPoolStats stats;
};

/* What one hoso_extract_pool_run passes around. */
typedef struct {
  HosoExtractPool *pool;
  HosoExtractDoneFunc done;
  gpointer user_data;
} Run;

static void
job_free (HosoExtractJob *job)
{
  g_free (job->digest);
  g_free (job->path);
  g_free (job);
}

/* ---- Options ------------------------------------------------------------ */

static void
env_number (const char *name, guint64 *value)
{
  const char *s = g_getenv (name);
  guint64 v;

  if (s != NULL && g_ascii_string_to_unsigned (s, 10, 0, G_MAXUINT, &v, NULL))
    *value = v;
}

void
hoso_extract_pool_options_init (HosoExtractPoolOptions *options)
{
  guint64 timeout = 60, cpu = 60, memory_mib = 1024, workers = 0, recycle = 200;

  env_number ("HOSO_EXTRACT_TIMEOUT", &timeout);
  env_number ("HOSO_EXTRACT_CPU", &cpu);
  env_number ("HOSO_EXTRACT_MEMORY", &memory_mib);
  env_number ("HOSO_EXTRACT_WORKERS", &workers);
  env_number ("HOSO_EXTRACT_RECYCLE", &recycle);

  memset (options, 0, sizeof *options);
  options->n_workers = (guint) workers;
  options->cpu_seconds = (guint) cpu;
  options->memory_bytes = memory_mib * 1024 * 1024;
  options->wall_seconds = (guint) timeout;
  options->files_per_worker = (guint) recycle;
  options->limits.max_expanded = (guint64) 256 * 1024 * 1024;
  options->limits.max_pages = 5000;
}

/* ---- Pool ----------------------------------------------------------------- */

/* Removes what runs killed outright left in text/tmp/, but only files too
 * old to belong to a run still going in another process. */
static void
remove_stale_tmp (const char *tmp_dir)
{
  g_autoptr(GDir) dir = g_dir_open (tmp_dir, 0, NULL);
  const char *name;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (tmp_dir, name, NULL);
      GStatBuf st;
      if (g_lstat (path, &st) == 0 && S_ISREG (st.st_mode)
          && now - (gint64) st.st_mtime > STALE_TMP_SECONDS)
        (void) g_unlink (path);
    }
}

HosoExtractPool *
hoso_extract_pool_new (const char *text_dir,
                       const HosoExtractPoolOptions *options, GError **error)
{
  HosoExtractPoolOptions defaults;
  g_autofree char *tmp_dir = g_build_filename (text_dir, "tmp", NULL);

  if (options == NULL)
    {
      hoso_extract_pool_options_init (&defaults);
      options = &defaults;
    }
  if (g_mkdir_with_parents (tmp_dir, 0777) < 0)
    {
      int errsv = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
                   _("Creating text cache folder “%s”: %s"), tmp_dir, g_strerror (errsv));
      return NULL;
    }
  remove_stale_tmp (tmp_dir);

  HosoExtractPool *pool = g_new0 (HosoExtractPool, 1);
  pool->text_dir = g_strdup (text_dir);
  pool->tmp_dir = g_steal_pointer (&tmp_dir);
  pool->options = *options;
  pool->worker_path = options->worker_path ? g_strdup (options->worker_path)
                                           : hoso_extract_worker_path ();
  pool->options.worker_path = pool->worker_path;
  pool->n_workers = options->n_workers ? options->n_workers : g_get_num_processors ();
  pool->workers = g_new0 (HosoExtractWorker, pool->n_workers);
  for (guint i = 0; i < pool->n_workers; i++)
    {
      pool->workers[i].fd = -1;
      pool->workers[i].answer = g_string_new (NULL);
      hoso_extract_worker_clear (&pool->workers[i]);
    }
  g_queue_init (&pool->queue);
  pool->queued = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  pool->retiring = g_array_new (FALSE, FALSE, sizeof (HosoExtractRetiring));
  return pool;
}

void
hoso_extract_pool_free (HosoExtractPool *pool)
{
  if (pool == NULL)
    return;
  for (guint i = 0; i < pool->n_workers; i++)
    {
      HosoExtractWorker *w = &pool->workers[i];
      if (w->job != NULL)
        {
          kill (w->pid, SIGKILL);
          (void) g_unlink (w->tmp_path);
          g_clear_pointer (&w->job, job_free);
        }
      g_clear_pointer (&w->tmp_path, g_free);
      if (w->pid != 0)
        hoso_extract_worker_retire (w, pool->retiring);
      g_string_free (w->answer, TRUE);
    }
  hoso_extract_reap_retiring (pool->retiring, TRUE);
  g_array_unref (pool->retiring);
  g_queue_clear_full (&pool->queue, (GDestroyNotify) job_free);
  g_hash_table_unref (pool->queued);
  g_free (pool->workers);
  g_free (pool->worker_path);
  g_free (pool->tmp_dir);
  g_free (pool->text_dir);
  g_free (pool);
}

void
hoso_extract_pool_push (HosoExtractPool *pool, const char *digest,
                        const char *path)
{
  g_return_if_fail (hoso_text_cache_digest_is_valid (digest));

  if (g_hash_table_contains (pool->queued, digest))
    return;
  g_hash_table_add (pool->queued, g_strdup (digest));
  HosoExtractJob *job = g_new (HosoExtractJob, 1);
  job->digest = g_strdup (digest);
  job->path = g_strdup (path);
  g_queue_push_tail (&pool->queue, job);
}

void
hoso_extract_pool_get_stats (HosoExtractPool *pool, HosoExtractPoolStats *stats)
{
  *stats = pool->stats;
}

/* ---- Finishing jobs ------------------------------------------------------- */

/* Hands JOB's result, already in the cache, to the caller; frees JOB. */
static void
job_done (Run *run, HosoExtractJob *job, const HosoExtraction *extraction)
{
  if (run->done != NULL)
    run->done (job->digest, extraction, run->user_data);
  g_hash_table_remove (run->pool->queued, job->digest);
  job_free (job);
}

/* Records JOB as FAILED with REASON (taken), in the cache and for the
 * caller.  FALSE (JOB back in the queue) if the cache cannot be written. */
static gboolean
job_fail (Run *run, HosoExtractJob *job, char *reason, GError **error)
{
  g_autofree char *owned = reason;
  g_autoptr(HosoExtraction) x = hoso_extraction_new_failed (HOSO_TEXT_FAILED, "%s", owned);

  if (!hoso_text_cache_store (run->pool->text_dir, job->digest, x, error))
    {
      g_queue_push_head (&run->pool->queue, job);
      return FALSE;
    }
  run->pool->stats.worker_failures++;
  job_done (run, job, x);
  return TRUE;
}

/* W's socket reached its end: the process is gone or going.  Reaps it and
 * settles its job. */
static gboolean
worker_died (Run *run, HosoExtractWorker *w, GError **error)
{
  HosoExtractPool *pool = run->pool;
  struct rusage usage = { 0 };
  int status = 0;

  hoso_extract_reap_within_grace (w->pid, &status, &usage);
  HosoExtractJob *job = g_steal_pointer (&w->job);
  g_autofree char *tmp_path = g_steal_pointer (&w->tmp_path);
  gboolean was_ready = w->ready;
  g_autofree char *reason = hoso_extract_death_reason (w, &pool->options, status, &usage);
  hoso_extract_worker_clear (w);
  if (tmp_path != NULL)
    (void) g_unlink (tmp_path);
  if (job == NULL)
    return TRUE;                /* died idle: the next job starts another */
  if (!was_ready)
    {
      g_autofree char *how = hoso_extract_status_text (status);
      g_queue_push_head (&pool->queue, job);
      if (pool->options.memory_bytes > 0)
        g_set_error (error, HOSO_EXTRACT_ERROR, HOSO_EXTRACT_ERROR_FAILED,
                     _("The text extraction worker “%s” stopped before it was ready (%s); "
                       "run it by hand to see why, and check that its memory limit "
                       "(%u MiB) lets it start"),
                     pool->worker_path, how, (guint) (pool->options.memory_bytes / (1024 * 1024)));
      else
        g_set_error (error, HOSO_EXTRACT_ERROR, HOSO_EXTRACT_ERROR_FAILED,
                     _("The text extraction worker “%s” stopped before it was ready (%s); "
                       "run it by hand to see why"),
                     pool->worker_path, how);
      return FALSE;
    }
  return job_fail (run, job, g_steal_pointer (&reason), error);
}

/* Kills W, whose answer made no sense, and fails its job; before its hello
 * that means it is not hoso-extract at all, which fails the run. */
static gboolean
worker_garbled (Run *run, HosoExtractWorker *w, GError **error)
{
  HosoExtractJob *job = g_steal_pointer (&w->job);
  g_autofree char *tmp_path = g_steal_pointer (&w->tmp_path);
  gboolean was_ready = w->ready;

  hoso_extract_worker_kill (w);
  if (tmp_path != NULL)
    (void) g_unlink (tmp_path);
  if (!was_ready)
    {
      if (job != NULL)
        g_queue_push_head (&run->pool->queue, job);
      g_set_error (error, HOSO_EXTRACT_ERROR, HOSO_EXTRACT_ERROR_FAILED,
                   _("“%s” does not answer as the text extraction worker hoso-extract does "
                     "(set HOSO_EXTRACT_WORKER to the hoso-extract program)"),
                   run->pool->worker_path);
      return FALSE;
    }
  if (job == NULL)
    return TRUE;
  return job_fail (run, job, g_strdup (_("text extraction failed: the extractor gave a malformed answer")),
                   error);
}

/* W answered OK: checks what it wrote and moves it into the cache. */
static gboolean
worker_finished (Run *run, HosoExtractWorker *w, GError **error)
{
  HosoExtractPool *pool = run->pool;
  HosoExtractJob *job = g_steal_pointer (&w->job);
  g_autofree char *tmp_path = g_steal_pointer (&w->tmp_path);
  g_autoptr(GError) local = NULL;

  w->deadline = G_MAXINT64;
  g_autoptr(HosoExtraction) x = hoso_text_cache_load_file (tmp_path, &local);
  if (x == NULL)
    {
      (void) g_unlink (tmp_path);
      return job_fail (run, job,
                       g_strdup_printf (_("text extraction failed: the extractor's result cannot be read (%s)"),
                                        local->message),
                       error);
    }
  if (!hoso_text_cache_adopt (pool->text_dir, job->digest, tmp_path, error))
    {
      (void) g_unlink (tmp_path);
      g_queue_push_head (&pool->queue, job);
      return FALSE;
    }
  pool->stats.extracted++;
  job_done (run, job, x);
  return TRUE;
}

/* Acts on one answer LINE of W. */
static gboolean
worker_answer (Run *run, HosoExtractWorker *w, const char *line, GError **error)
{
  if (!w->ready)
    {
      if (strcmp (line, HOSO_EXTRACT_PROTOCOL_HELLO) != 0)
        return worker_garbled (run, w, error);
      w->ready = TRUE;
      return TRUE;
    }
  if (strcmp (line, "OOM") == 0)
    {
      w->oom = TRUE;            /* it dies next; the end of input follows */
      return TRUE;
    }
  if (w->job != NULL && strcmp (line, "OK") == 0)
    return worker_finished (run, w, error);
  if (w->job != NULL && g_str_has_prefix (line, "ERR "))
    {
      /* It could not write under text/tmp/: the disk, not the file. */
      g_autofree char *message = g_strcompress (line + 4);
      g_set_error (error, HOSO_EXTRACT_ERROR, HOSO_EXTRACT_ERROR_FAILED,
                   _("The text extraction worker could not save the text of “%s”: %s"),
                   w->job->path, message);
      return FALSE;
    }
  return worker_garbled (run, w, error);
}

/* Reads whatever W has written and acts on each whole line. */
static gboolean
worker_read (Run *run, HosoExtractWorker *w, GError **error)
{
  char buf[4096];

  while (w->pid != 0)
    {
      ssize_t n = recv (w->fd, buf, sizeof buf, MSG_DONTWAIT);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
        return TRUE;
      if (n <= 0)
        return worker_died (run, w, error);
      g_string_append_len (w->answer, buf, n);

      char *nl;
      while (w->pid != 0 && (nl = memchr (w->answer->str, '\n', w->answer->len)) != NULL)
        {
          g_autofree char *line = g_strndup (w->answer->str, (gsize) (nl - w->answer->str));
          g_string_erase (w->answer, 0, nl - w->answer->str + 1);
          if (!worker_answer (run, w, line, error))
            return FALSE;
        }
      if (w->answer->len > MAX_ANSWER)
        return worker_garbled (run, w, error);
    }
  return TRUE;
}

/* W overran the wall clock on its file. */
static gboolean
worker_timed_out (Run *run, HosoExtractWorker *w, GError **error)
{
  HosoExtractJob *job = g_steal_pointer (&w->job);
  g_autofree char *tmp_path = g_steal_pointer (&w->tmp_path);

  hoso_extract_worker_kill (w);
  (void) g_unlink (tmp_path);
  return job_fail (run, job,
                   g_strdup_printf (_("text extraction failed: timed out after %u s"),
                                    run->pool->options.wall_seconds),
                   error);
}

/* ---- Giving out jobs ------------------------------------------------------ */

static gboolean
send_all (int fd, const char *buf, gsize len)
{
  while (len > 0)
    {
      ssize_t n = send (fd, buf, len, MSG_NOSIGNAL);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        return FALSE;
      buf += n;
      len -= (gsize) n;
    }
  return TRUE;
}

/* Makes sure slot W holds a live process that has room for one more file. */
static gboolean
worker_make_ready (HosoExtractPool *pool, HosoExtractWorker *w, GError **error)
{
  int status;

  if (w->pid != 0 && hoso_extract_wait_child (w->pid, &status, NULL, WNOHANG) != 0)
    hoso_extract_worker_clear (w);      /* it died idle (already reaped) */
  if (w->pid != 0 && pool->options.files_per_worker > 0
      && w->n_files >= pool->options.files_per_worker)
    hoso_extract_worker_retire (w, pool->retiring);
  if (w->pid == 0)
    {
      if (!hoso_extract_worker_start (w, &pool->options, error))
        return FALSE;
      pool->stats.workers_started++;
    }
  return TRUE;
}

gboolean
hoso_extract_pool_prestart (HosoExtractPool *pool, guint n, GError **error)
{
  for (guint i = 0; i < MIN (n, pool->n_workers); i++)
    if (!worker_make_ready (pool, &pool->workers[i], error))
      return FALSE;
  return TRUE;
}

/* Sends JOB to W.  FALSE if W is gone (its socket is closed). */
static gboolean
worker_send (HosoExtractPool *pool, HosoExtractWorker *w, HosoExtractJob *job)
{
  /* Unique among the pools of all processes sharing this text/tmp/. */
  static gint serial;
  g_autofree char *tmp_path = g_strdup_printf ("%s/w%d-%d.json.z", pool->tmp_dir,
                                               (int) getpid (), g_atomic_int_add (&serial, 1));
  g_autofree char *out = g_uri_escape_string (tmp_path, "/", FALSE);
  g_autofree char *in = g_uri_escape_string (job->path, "/", FALSE);
  g_autofree char *line = g_strdup_printf ("EXTRACT %s %s\n", out, in);

  if (!send_all (w->fd, line, strlen (line)))
    return FALSE;
  w->job = job;
  w->tmp_path = g_steal_pointer (&tmp_path);
  w->n_files++;
  w->deadline = pool->options.wall_seconds > 0
    ? g_get_monotonic_time () + (gint64) pool->options.wall_seconds * G_USEC_PER_SEC
    : G_MAXINT64;
  return TRUE;
}

/* Gives JOB to slot W, starting a process there if needed.  A process that
 * died while idle is replaced once; one that dies before its hello makes
 * the run fail. */
static gboolean
worker_give (Run *run, HosoExtractWorker *w, HosoExtractJob *job, GError **error)
{
  for (int attempt = 0; attempt < 2; attempt++)
    {
      if (!worker_make_ready (run->pool, w, error))
        {
          g_queue_push_head (&run->pool->queue, job);
          return FALSE;
        }
      if (worker_send (run->pool, w, job))
        return TRUE;
      gboolean was_ready = w->ready;
      w->job = job;             /* so that worker_died settles it */
      if (!was_ready || attempt == 1)
        return worker_died (run, w, error);
      w->job = NULL;
      int status;
      hoso_extract_reap_within_grace (w->pid, &status, NULL);
      hoso_extract_worker_clear (w);
    }
  g_assert_not_reached ();
}

/* Answers JOB from the cache if it has a readable entry.  A damaged entry
 * is extracted again (and replaced). */
static gboolean
answer_from_cache (Run *run, HosoExtractJob *job)
{
  g_autoptr(HosoExtraction) x = hoso_text_cache_load (run->pool->text_dir, job->digest, NULL);

  if (x == NULL)
    return FALSE;
  run->pool->stats.from_cache++;
  job_done (run, job, x);
  return TRUE;
}

/* Gives queued jobs to every idle slot. */
static gboolean
dispatch (Run *run, GCancellable *cancellable, GError **error)
{
  HosoExtractPool *pool = run->pool;

  for (guint i = 0; i < pool->n_workers; i++)
    {
      HosoExtractWorker *w = &pool->workers[i];
      while (w->job == NULL && !g_queue_is_empty (&pool->queue))
        {
          if (g_cancellable_is_cancelled (cancellable))
            return TRUE;
          HosoExtractJob *job = g_queue_pop_head (&pool->queue);
          if (!answer_from_cache (run, job) && !worker_give (run, w, job, error))
            return FALSE;
        }
    }
  return TRUE;
}

/* Waits for an answer, an overrun or cancellation, and acts on it. */
static gboolean
wait_for_workers (Run *run, GPollFD *cancel_fd, GError **error)
{
  HosoExtractPool *pool = run->pool;
  g_autofree struct pollfd *fds = g_new0 (struct pollfd, pool->n_workers + 1);
  g_autofree HosoExtractWorker **who = g_new0 (HosoExtractWorker *, pool->n_workers);
  gint64 now = g_get_monotonic_time (), next = G_MAXINT64;
  guint n = 0;

  for (guint i = 0; i < pool->n_workers; i++)
    if (pool->workers[i].job != NULL)
      {
        who[n] = &pool->workers[i];
        fds[n].fd = who[n]->fd;
        fds[n].events = POLLIN;
        next = MIN (next, who[n]->deadline);
        n++;
      }
  guint n_fds = n;
  if (cancel_fd != NULL)
    {
      fds[n_fds].fd = cancel_fd->fd;
      fds[n_fds].events = POLLIN;
      n_fds++;
    }
  int timeout = next == G_MAXINT64 ? -1
    : (int) CLAMP ((next - now + 999) / 1000, 0, G_MAXINT);
  if (poll (fds, n_fds, timeout) < 0 && errno != EINTR)
    return hoso_extract_set_errno_error (error, errno,
                                         _("Waiting for the text extraction workers"));

  for (guint i = 0; i < n; i++)
    if (fds[i].revents != 0 && who[i]->job != NULL && !worker_read (run, who[i], error))
      return FALSE;
  /* An answer may have come while a done callback ran: read it before
   * holding the clock against the worker. */
  now = g_get_monotonic_time ();
  for (guint i = 0; i < n; i++)
    if (who[i]->job != NULL && who[i]->deadline <= now
        && (!worker_read (run, who[i], error)
            || (who[i]->job != NULL && !worker_timed_out (run, who[i], error))))
      return FALSE;
  return TRUE;
}

static gboolean
any_busy (HosoExtractPool *pool)
{
  for (guint i = 0; i < pool->n_workers; i++)
    if (pool->workers[i].job != NULL)
      return TRUE;
  return FALSE;
}

/* Stops the files being extracted (their processes are killed) and puts
 * them back at the head of the queue. */
static void
requeue_busy (HosoExtractPool *pool)
{
  for (guint i = 0; i < pool->n_workers; i++)
    {
      HosoExtractWorker *w = &pool->workers[i];
      if (w->job == NULL)
        continue;
      g_queue_push_head (&pool->queue, g_steal_pointer (&w->job));
      (void) g_unlink (w->tmp_path);
      g_clear_pointer (&w->tmp_path, g_free);
      hoso_extract_worker_kill (w);
    }
}

gboolean
hoso_extract_pool_run (HosoExtractPool *pool, HosoExtractDoneFunc done,
                       gpointer user_data, GCancellable *cancellable,
                       GError **error)
{
  Run run = { pool, done, user_data };
  GPollFD cancel_fd;
  gboolean have_cancel_fd = g_cancellable_make_pollfd (cancellable, &cancel_fd);
  gboolean ok = TRUE;

  for (;;)
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, error)
          || !dispatch (&run, cancellable, error))
        {
          ok = FALSE;
          break;
        }
      hoso_extract_reap_retiring (pool->retiring, FALSE);
      if (!any_busy (pool))
        {
          if (g_queue_is_empty (&pool->queue))
            break;
          continue;             /* cancelled during dispatch */
        }
      if (!wait_for_workers (&run, have_cancel_fd ? &cancel_fd : NULL, error))
        {
          ok = FALSE;
          break;
        }
    }
  if (!ok)
    requeue_busy (pool);
  hoso_extract_reap_retiring (pool->retiring, TRUE);
  if (have_cancel_fd)
    g_cancellable_release_fd (cancellable);
  return ok;
}
