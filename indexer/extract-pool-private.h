/* extract-pool-private.h: what the pool and its worker processes share.
 *
 * extract-pool.c gives out jobs and reads the answers; extract-worker.c
 * starts the hoso-extract processes, reaps them and says why one died.
 * Nobody else uses this.
 */
#pragma once

#include <glib.h>
#include <sys/resource.h>
#include <sys/types.h>

#include "extract-pool.h"

G_BEGIN_DECLS

/* One file to extract; defined in extract-pool.c. */
typedef struct _HosoExtractJob HosoExtractJob;

/* A slot of the pool, and the worker process in it if any. */
typedef struct {
  GPid pid;                 /* 0: no process in this slot */
  int fd;                   /* our end of its socket */
  gboolean ready;           /* it has said hello */
  gboolean oom;             /* it said OOM before dying */
  guint n_files;            /* files sent to this process */
  HosoExtractJob *job;      /* the file it works on; NULL when idle */
  char *tmp_path;           /* where it writes that file's entry */
  gint64 deadline;          /* monotonic µs; G_MAXINT64 for none */
  GString *answer;          /* bytes of an answer line read so far */
} HosoExtractWorker;

/* A worker told to exit (its socket closed) and not reaped yet. */
typedef struct {
  GPid pid;
  gint64 kill_at;           /* monotonic µs */
} HosoExtractRetiring;

/* Sets ERROR to WHAT and the message of errno ERRSV, in G_IO_ERROR with
 * the matching code.  Always FALSE. */
gboolean hoso_extract_set_errno_error (GError **error, int errsv, const char *what);

/* ---- extract-worker.c ------------------------------------------------------ */

/* Starts a hoso-extract process (OPTIONS->worker_path, which must be set)
 * in slot W, which must be empty, with OPTIONS' limits; W is then cleared
 * (hoso_extract_worker_clear) and holds it, not yet ready: its hello comes
 * over W->fd.  FALSE with an error if it cannot be started at all. */
gboolean hoso_extract_worker_start (HosoExtractWorker *w,
                                    const HosoExtractPoolOptions *options,
                                    GError **error);

/* Empties slot W for another process: closes its socket and forgets the
 * process (without killing or reaping it).  W->job and W->tmp_path are the
 * caller's and left as they are. */
void hoso_extract_worker_clear (HosoExtractWorker *w);

/* Kills W's process at once, reaps it and clears W. */
void hoso_extract_worker_kill (HosoExtractWorker *w);

/* Closes W's socket: an idle worker then exits by itself.  Its pid goes to
 * RETIRING (a GArray of HosoExtractRetiring) to be reaped later by
 * hoso_extract_reap_retiring; W is cleared. */
void hoso_extract_worker_retire (HosoExtractWorker *w, GArray *retiring);

/* Reaps the workers of RETIRING that have exited, and kills those past
 * their grace period.  With BLOCK, waits for the others (killing those
 * that do not exit in time) until none is left. */
void hoso_extract_reap_retiring (GArray *retiring, gboolean block);

/* wait4 that survives EINTR; USAGE may be NULL.  Returns the pid, 0
 * (WNOHANG, still running) or -1 (not our child any more: SIGCHLD ignored,
 * or reaped elsewhere). */
pid_t hoso_extract_wait_child (GPid pid, int *status, struct rusage *usage, int flags);

/* Waits a grace period for PID to exit by itself, then kills it; either
 * way reaps it, into *STATUS and *USAGE (may be NULL). */
void hoso_extract_reap_within_grace (GPid pid, int *status, struct rusage *usage);

/* Why the worker W, reaped with STATUS and USAGE under OPTIONS' limits,
 * died, as the reason of a FAILED extraction ("text extraction failed:
 * ...").  Caller frees. */
char *hoso_extract_death_reason (const HosoExtractWorker *w,
                                 const HosoExtractPoolOptions *options,
                                 int status, const struct rusage *usage);

/* How a process ended, from its wait STATUS ("exit status 1"), for a
 * message.  Caller frees. */
char *hoso_extract_status_text (int status);

G_END_DECLS
