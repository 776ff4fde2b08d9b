/* extract-worker.c: the hoso-extract processes of the extraction pool.
 *
 * Where the worker executable is, how a worker is started (a Unix socket
 * pair for its standard input and output, then fork and exec with its
 * limits set in between), how it is told to go and reaped, and what its
 * death says about the file it was working on.  The protocol spoken over
 * the socket, and what is done with the answers, is in extract-pool.c.
 *
 * Workers run in their own process group, so Ctrl-C in a terminal reaches
 * the parent alone, which cancels cleanly instead of seeing every worker
 * "crash".  Each dies with the thread that started it (PR_SET_PDEATHSIG).
 */
#include "config.h"

#include "extract-pool-private.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#include <glib/gi18n-lib.h>

#ifndef PKGLIBEXECDIR
#error "PKGLIBEXECDIR must name the folder hoso-extract is installed in"
#endif

#define GRACE_US (2 * G_USEC_PER_SEC)            /* to exit after end of input */

gboolean
hoso_extract_set_errno_error (GError **error, int errsv, const char *what)
{
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv), "%s: %s",
               what, g_strerror (errsv));
  return FALSE;
}

/* ---- The executable ------------------------------------------------------- */

char *
hoso_extract_worker_path (void)
{
  const char *env = g_getenv ("HOSO_EXTRACT_WORKER");
  if (env != NULL && *env != '\0')
    return g_strdup (env);

  g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);
  if (self != NULL)
    {
      g_autofree char *dir = g_path_get_dirname (self);
      g_autofree char *beside = g_build_filename (dir, "hoso-extract", NULL);
      if (g_file_test (beside, G_FILE_TEST_IS_REGULAR)
          && g_file_test (beside, G_FILE_TEST_IS_EXECUTABLE))
        return g_steal_pointer (&beside);
    }
  return g_build_filename (PKGLIBEXECDIR, "hoso-extract", NULL);
}

/* ---- Processes ----------------------------------------------------------- */

pid_t
hoso_extract_wait_child (GPid pid, int *status, struct rusage *usage, int flags)
{
  pid_t got;
  struct rusage ignored;

  do
    got = wait4 (pid, status, flags, usage ? usage : &ignored);
  while (got < 0 && errno == EINTR);
  return got;
}

void
hoso_extract_reap_within_grace (GPid pid, int *status, struct rusage *usage)
{
  gint64 give_up = g_get_monotonic_time () + GRACE_US;
  pid_t got;

  while ((got = hoso_extract_wait_child (pid, status, usage, WNOHANG)) == 0
         && g_get_monotonic_time () < give_up)
    g_usleep (5000);
  if (got == 0)
    {
      kill (pid, SIGKILL);
      hoso_extract_wait_child (pid, status, usage, 0);
    }
}

typedef struct {
  pid_t parent;
  gboolean limit_cpu;
  gboolean limit_as;
  struct rlimit cpu;
  struct rlimit as;
} ChildSetup;

/* Runs in the worker between fork and exec, so it makes only
 * async-signal-safe calls.  A worker that cannot get its limits exits
 * rather than run without them. */
static void
child_setup (gpointer data)
{
  const ChildSetup *cs = data;
  const struct rlimit no_core = { 0, 0 };
  struct sigaction dfl;
  sigset_t none;

  (void) setpgid (0, 0);
  /* Dies with us; and if we died before that was set, goes now. */
  if (prctl (PR_SET_PDEATHSIG, SIGKILL) < 0 || getppid () != cs->parent)
    _exit (127);
  memset (&dfl, 0, sizeof dfl);
  dfl.sa_handler = SIG_DFL;
  sigemptyset (&none);
  if (sigprocmask (SIG_SETMASK, &none, NULL) < 0
      || sigaction (SIGPIPE, &dfl, NULL) < 0
      || sigaction (SIGXCPU, &dfl, NULL) < 0
      || setrlimit (RLIMIT_CORE, &no_core) < 0
      || (cs->limit_cpu && setrlimit (RLIMIT_CPU, &cs->cpu) < 0)
      || (cs->limit_as && setrlimit (RLIMIT_AS, &cs->as) < 0))
    _exit (127);
}

/* WANT lowered to what this process may set (an unprivileged process
 * cannot raise a hard limit). */
static void
clamp_limit (int resource, struct rlimit *want)
{
  struct rlimit now;

  if (getrlimit (resource, &now) == 0 && now.rlim_max != RLIM_INFINITY)
    {
      want->rlim_max = MIN (want->rlim_max, now.rlim_max);
      want->rlim_cur = MIN (want->rlim_cur, want->rlim_max);
    }
}

static void
child_setup_init (const HosoExtractPoolOptions *o, ChildSetup *cs)
{
  memset (cs, 0, sizeof *cs);
  cs->parent = getpid ();
  if (o->cpu_seconds > 0)
    {
      /* SIGXCPU at the soft limit, SIGKILL a second later. */
      cs->limit_cpu = TRUE;
      cs->cpu.rlim_cur = o->cpu_seconds;
      cs->cpu.rlim_max = (rlim_t) o->cpu_seconds + 1;
      clamp_limit (RLIMIT_CPU, &cs->cpu);
    }
#if !HOSO_SANITIZERS
  /* AddressSanitizer reserves terabytes of address space up front. */
  if (o->memory_bytes > 0)
    {
      cs->limit_as = TRUE;
      cs->as.rlim_cur = cs->as.rlim_max = (rlim_t) o->memory_bytes;
      clamp_limit (RLIMIT_AS, &cs->as);
    }
#endif
}

void
hoso_extract_worker_clear (HosoExtractWorker *w)
{
  if (w->fd >= 0)
    close (w->fd);
  w->fd = -1;
  w->pid = 0;
  w->ready = FALSE;
  w->oom = FALSE;
  w->n_files = 0;
  w->deadline = G_MAXINT64;
  g_string_truncate (w->answer, 0);
}

gboolean
hoso_extract_worker_start (HosoExtractWorker *w, const HosoExtractPoolOptions *o,
                           GError **error)
{
  g_autoptr(GError) local = NULL;
  ChildSetup cs;
  GPid pid;
  int sv[2];

  if (socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0)
    return hoso_extract_set_errno_error (error, errno,
                                         _("Cannot start the text extraction worker"));
  /* One fd for each of its stdin and stdout, so GLib never has to dup2
   * one source fd onto two targets. */
  int child_out = fcntl (sv[1], F_DUPFD_CLOEXEC, 3);
  if (child_out < 0)
    {
      int errsv = errno;
      close (sv[0]);
      close (sv[1]);
      return hoso_extract_set_errno_error (error, errsv,
                                           _("Cannot start the text extraction worker"));
    }

  g_autofree char *expanded = g_strdup_printf ("--max-expanded=%" G_GUINT64_FORMAT,
                                               o->limits.max_expanded);
  g_autofree char *pages = g_strdup_printf ("--max-pages=%u", o->limits.max_pages);
  g_autofree char *memory = g_strdup_printf ("--memory=%" G_GUINT64_FORMAT, o->memory_bytes);
  const char *argv[] = { o->worker_path, expanded, pages, memory, NULL };
  const char *debug = g_getenv ("HOSO_DEBUG");
  GSpawnFlags flags = G_SPAWN_DO_NOT_REAP_CHILD;
  if (debug == NULL || *debug == '\0')
    flags |= G_SPAWN_STDERR_TO_DEV_NULL;

  child_setup_init (o, &cs);
  gboolean ok = g_spawn_async_with_pipes_and_fds (NULL, argv, NULL, flags,
                                                  child_setup, &cs,
                                                  sv[1], child_out, -1,
                                                  NULL, NULL, 0, &pid,
                                                  NULL, NULL, NULL, &local);
  close (sv[1]);
  close (child_out);
  if (!ok)
    {
      close (sv[0]);
      g_set_error (error, HOSO_EXTRACT_ERROR, HOSO_EXTRACT_ERROR_FAILED,
                   _("Cannot start the text extraction worker “%s”: %s "
                     "(set HOSO_EXTRACT_WORKER to the hoso-extract program)"),
                   o->worker_path, local->message);
      return FALSE;
    }
  hoso_extract_worker_clear (w);
  w->pid = pid;
  w->fd = sv[0];
  return TRUE;
}

void
hoso_extract_worker_kill (HosoExtractWorker *w)
{
  int status;

  kill (w->pid, SIGKILL);
  hoso_extract_wait_child (w->pid, &status, NULL, 0);
  hoso_extract_worker_clear (w);
}

void
hoso_extract_worker_retire (HosoExtractWorker *w, GArray *retiring)
{
  HosoExtractRetiring r = { w->pid, g_get_monotonic_time () + GRACE_US };

  g_array_append_val (retiring, r);
  hoso_extract_worker_clear (w);
}

void
hoso_extract_reap_retiring (GArray *retiring, gboolean block)
{
  for (guint i = 0; i < retiring->len;)
    {
      HosoExtractRetiring *r = &g_array_index (retiring, HosoExtractRetiring, i);
      int status;
      pid_t got = hoso_extract_wait_child (r->pid, &status, NULL, WNOHANG);

      if (got == 0 && block)
        {
          hoso_extract_reap_within_grace (r->pid, &status, NULL);
          got = r->pid;
        }
      else if (got == 0 && g_get_monotonic_time () >= r->kill_at)
        {
          kill (r->pid, SIGKILL);
          got = hoso_extract_wait_child (r->pid, &status, NULL, 0);
        }
      if (got != 0)
        g_array_remove_index_fast (retiring, i);
      else
        i++;
    }
}

/* ---- Why a worker died ---------------------------------------------------- */

char *
hoso_extract_death_reason (const HosoExtractWorker *w, const HosoExtractPoolOptions *o,
                           int status, const struct rusage *usage)
{
  gint64 cpu_us = (gint64) usage->ru_utime.tv_sec * G_USEC_PER_SEC + usage->ru_utime.tv_usec
                  + (gint64) usage->ru_stime.tv_sec * G_USEC_PER_SEC + usage->ru_stime.tv_usec;

  if (w->oom && o->memory_bytes > 0)
    return g_strdup_printf (_("text extraction failed: the extractor ran out of memory (limit %u MiB)"),
                            (guint) (o->memory_bytes / (1024 * 1024)));
  if (w->oom)
    return g_strdup (_("text extraction failed: the extractor ran out of memory"));
  if (WIFSIGNALED (status))
    {
      int sig = WTERMSIG (status);
      /* The kernel sends SIGXCPU at the soft limit and SIGKILL at the hard one. */
      if (o->cpu_seconds > 0
          && (sig == SIGXCPU
              || (sig == SIGKILL && cpu_us >= (gint64) o->cpu_seconds * G_USEC_PER_SEC)))
        return g_strdup_printf (_("text extraction failed: the extractor used more than %u s of CPU"),
                                o->cpu_seconds);
      return g_strdup_printf (_("text extraction failed: the extractor crashed (signal %d, %s)"),
                              sig, g_strsignal (sig));
    }
  if (WIFEXITED (status))
    return g_strdup_printf (_("text extraction failed: the extractor stopped unexpectedly (exit status %d)"),
                            WEXITSTATUS (status));
  return g_strdup (_("text extraction failed: the extractor disappeared"));
}

char *
hoso_extract_status_text (int status)
{
  if (WIFSIGNALED (status))
    return g_strdup_printf (_("killed by signal %d, %s"), WTERMSIG (status),
                            g_strsignal (WTERMSIG (status)));
  if (WIFEXITED (status))
    return g_strdup_printf (_("exit status %d"), WEXITSTATUS (status));
  return g_strdup (_("it could not be waited for"));
}
