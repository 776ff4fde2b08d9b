/* extract-pool.h: text extraction in worker processes.
 *
 * Parsers of untrusted files run in hoso-extract, a separate executable
 * started by fork and exec, one per core.  Each worker runs with limits on
 * CPU time and memory (lifted under AddressSanitizer), dies with its parent
 * (PR_SET_PDEATHSIG), and is replaced after a number of files.  The parent
 * kills a worker that overruns the wall clock.  A crash, a hang or a bomb
 * costs one file's text: that file gets a FAILED extraction with a reason
 * ("text extraction failed: timed out after 60 s") and the batch goes on.
 *
 * Every result, FAILED ones included, is stored in the text cache before it
 * is handed to the caller, so a file is never extracted twice.
 */
#pragma once

#include <gio/gio.h>
#include <glib.h>

#include "extract.h"

G_BEGIN_DECLS

typedef struct {
  const char *worker_path;    /* the hoso-extract executable; NULL:
                                 hoso_extract_worker_path () */
  guint n_workers;            /* 0: one per core */
  guint cpu_seconds;          /* RLIMIT_CPU of a worker; 0: none */
  guint64 memory_bytes;       /* RLIMIT_AS of a worker; 0: none */
  guint wall_seconds;         /* per file, enforced by the parent; 0: none */
  guint files_per_worker;     /* recycle after this many; 0: never */
  HosoExtractLimits limits;   /* passed to the extractors */
} HosoExtractPoolOptions;

/* Fills OPTIONS with the defaults (60 s, 1 GiB, 200 files, one worker per
 * core; 256 MiB expanded, 5,000 pages), then applies the environment
 * overrides tests use: HOSO_EXTRACT_TIMEOUT (s, wall clock),
 * HOSO_EXTRACT_CPU (s of CPU, default 60 too), HOSO_EXTRACT_MEMORY (MiB),
 * HOSO_EXTRACT_WORKERS, HOSO_EXTRACT_RECYCLE.  A value that is not a
 * number is ignored.  worker_path is left NULL (found at pool_new). */
void hoso_extract_pool_options_init (HosoExtractPoolOptions *options);

/* Where hoso-extract is: $HOSO_EXTRACT_WORKER if set, else beside the
 * running executable if it is there (a build tree), else LIBEXECDIR.
 * Caller frees. */
char *hoso_extract_worker_path (void);

typedef struct _HosoExtractPool HosoExtractPool;

/* How a pool's jobs went, since it was made. */
typedef struct {
  guint from_cache;           /* answered from the text cache */
  guint extracted;            /* answered by a worker (any status) */
  guint worker_failures;      /* FAILED because the worker crashed, hung
                                 or went over a limit */
  guint workers_started;      /* processes started */
} HosoExtractPoolStats;

/* Called in the thread running hoso_extract_pool_run, once per job, as soon
 * as its result is in the cache.  EXTRACTION is borrowed. */
typedef void (*HosoExtractDoneFunc) (const char *digest,
                                     const HosoExtraction *extraction,
                                     gpointer user_data);

/* A pool storing results in TEXT_DIR (created if missing), with OPTIONS
 * (copied; NULL for hoso_extract_pool_options_init's).  No process is
 * started until hoso_extract_pool_run.  Removes temporary entries more than
 * a day old that killed runs left in TEXT_DIR/tmp/. */
HosoExtractPool *hoso_extract_pool_new (const char *text_dir,
                                        const HosoExtractPoolOptions *options,
                                        GError **error);
void hoso_extract_pool_free (HosoExtractPool *pool);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HosoExtractPool, hoso_extract_pool_free)

/* Starts up to N workers now, before there is work for them, so that their
 * start (loading the PDF and office libraries) overlaps the caller's own
 * work, such as a commit.  They wait for files; hoso_extract_pool_run
 * gives them some.  Call it from the thread that will run the pool. */
gboolean hoso_extract_pool_prestart (HosoExtractPool *pool, guint n,
                                     GError **error);

/* Queues the file at PATH, whose content has DIGEST (lower-case hex).  A
 * digest queued again while it is still queued is ignored: it is extracted
 * and reported once. */
void hoso_extract_pool_push (HosoExtractPool *pool, const char *digest,
                             const char *path);

/* Extracts every queued file on the workers and calls DONE for each.
 * Returns when the queue is empty, or early (FALSE, G_IO_ERROR_CANCELLED)
 * if CANCELLABLE is cancelled: what is done stays done.  FALSE with an error
 * only when the system fails (a worker cannot be started at all, the cache
 * cannot be written), never because of one file.  Jobs not finished when it
 * returns FALSE stay queued for the next run.  Idle workers are kept for
 * the next run; they die with the thread that started them
 * (PR_SET_PDEATHSIG follows the thread), so run a pool from one thread that
 * outlives it, and a dead idle worker is simply replaced.  The process
 * must not ignore SIGCHLD (workers are reaped with wait4, which needs
 * their exit status). */
gboolean hoso_extract_pool_run (HosoExtractPool *pool,
                                HosoExtractDoneFunc done, gpointer user_data,
                                GCancellable *cancellable, GError **error);

/* Copies POOL's counts into STATS. */
void hoso_extract_pool_get_stats (HosoExtractPool *pool,
                                  HosoExtractPoolStats *stats);

/* The first line a worker writes, before any answer (the protocol is
 * described at the top of extract-pool.c). */
#define HOSO_EXTRACT_PROTOCOL_HELLO "HOSO-EXTRACT 1"

G_END_DECLS
