/* hoso-extract.c: the text extraction worker (see indexer/extract-pool.h).
 *
 * The pool starts one of these per core, with CPU and memory limits, and
 * sends it files one line at a time on standard input; it answers on
 * standard output (the protocol is described at the top of
 * indexer/extract-pool.c).  It keeps both on descriptors of its own and
 * points fds 0 and 1 elsewhere, so that a library printing to stdout cannot
 * garble the protocol.  It exits when its input ends.
 *
 * When memory runs out it says so ("OOM") from its fatal-signal handler
 * just before it dies, so the parent can tell a bomb from a crash: GLib's
 * "failed to allocate" and an address space found full at the moment of
 * the crash both count.
 *
 * Run by hand with FILEs, it prints each file's extraction as JSON, one
 * line per file, for looking at what an extractor makes of a file:
 *   hoso-extract scan.pdf
 *
 * Fault injection for the tests (tests/t0100-extract-workers.sh):
 * HOSO_EXTRACT_FAULT=crash|hang|spin|oom acts on every file whose name
 * contains "fault-", before any extractor sees it.  crash dies of SIGSEGV;
 * hang sleeps forever (the parent's wall-clock limit); spin loops on the
 * CPU (RLIMIT_CPU); oom allocates until allocation fails (RLIMIT_AS) or
 * --memory is reached (under sanitizers, which lift RLIMIT_AS), then aborts
 * as poppler does when it runs out.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <glib.h>
#include <glib/gi18n.h>

#include "extract-pool.h"
#include "extract.h"
#include "text-cache.h"

int main (int argc, char **argv);

/* A crash with less than this much address space left is out of memory. */
#define OOM_PROBE_BYTES ((size_t) 64 * 1024 * 1024)

static int proto_out = -1;
static guint64 memory_limit;
static volatile sig_atomic_t oom_seen;

/* ---- Telling an out-of-memory death from a crash ------------------------ */

/* Async-signal-safe: mmap and munmap are plain system calls. */
static gboolean
address_space_nearly_full (void)
{
#if HOSO_SANITIZERS
  return FALSE;                 /* no RLIMIT_AS under sanitizers */
#else
  if (memory_limit == 0)
    return FALSE;
  void *p = mmap (NULL, OOM_PROBE_BYTES, PROT_NONE,
                  MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (p == MAP_FAILED)
    return errno == ENOMEM;
  munmap (p, OOM_PROBE_BYTES);
  return FALSE;
#endif
}

static void
on_fatal_signal (int sig)
{
  if (proto_out >= 0 && (oom_seen || address_space_nearly_full ()))
    (void) !write (proto_out, "OOM\n", 4);
  raise (sig);                  /* SA_RESETHAND: the default action now */
}

static void
catch_fatal_signals (void)
{
  /* Under sanitizers SIGSEGV and friends are theirs: they report them. */
#if HOSO_SANITIZERS
  static const int sigs[] = { SIGABRT };
#else
  static const int sigs[] = { SIGABRT, SIGSEGV, SIGBUS, SIGILL, SIGFPE };
#endif
  struct sigaction sa;

  memset (&sa, 0, sizeof sa);
  sa.sa_handler = on_fatal_signal;
  sa.sa_flags = SA_RESETHAND | SA_NODEFER;
  sigemptyset (&sa.sa_mask);
  for (gsize i = 0; i < G_N_ELEMENTS (sigs); i++)
    sigaction (sigs[i], &sa, NULL);
}

/* GLib's g_malloc reports a failure with g_error before it aborts. */
static GLogWriterOutput
log_writer (GLogLevelFlags level, const GLogField *fields, gsize n_fields,
            gpointer user_data)
{
  if (level & G_LOG_LEVEL_ERROR)
    for (gsize i = 0; i < n_fields; i++)
      if (strcmp (fields[i].key, "MESSAGE") == 0 && fields[i].length < 0
          && strstr (fields[i].value, "failed to allocate") != NULL)
        oom_seen = 1;
  return g_log_writer_default (level, fields, n_fields, user_data);
}

/* ---- Faults for the tests ------------------------------------------------- */

static void G_GNUC_NORETURN
fault_oom (void)
{
  guint64 cap = memory_limit > 0 ? memory_limit : (guint64) 4 << 30;
  guint64 total = 0;

  for (;;)
    {
      if (total >= cap)
        {
          oom_seen = 1;         /* the limit the kernel would have kept */
          abort ();
        }
      volatile char *p = malloc (1024 * 1024);
      if (p == NULL)
        {
          fputs ("hoso-extract: out of memory\n", stderr);
          abort ();
        }
      p[0] = 1;
      total += 1024 * 1024;
    }
}

static void
maybe_fault (const char *path)
{
  const char *fault = g_getenv ("HOSO_EXTRACT_FAULT");
  g_autofree char *name = g_path_get_basename (path);

  if (fault == NULL || strstr (name, "fault-") == NULL)
    return;
  if (strcmp (fault, "crash") == 0)
    {
      signal (SIGSEGV, SIG_DFL);  /* a plain crash, whatever catches SIGSEGV */
      raise (SIGSEGV);
    }
  else if (strcmp (fault, "hang") == 0)
    for (;;)
      pause ();
  else if (strcmp (fault, "spin") == 0)
    {
      volatile guint64 n = 0;
      for (;;)
        n++;
    }
  else if (strcmp (fault, "oom") == 0)
    fault_oom ();
}

/* ---- Jobs ------------------------------------------------------------------ */

/* Extracts IN_PATH and writes its cache entry to OUT_PATH. */
static gboolean
extract_to (const char *in_path, const char *out_path,
            const HosoExtractLimits *limits, GError **error)
{
  g_autoptr(GError) local = NULL;

  maybe_fault (in_path);
  g_autoptr(HosoExtraction) x = hoso_extract_file (in_path, limits);
  if (hoso_text_cache_write_file (out_path, x, &local))
    return TRUE;
  if (!g_error_matches (local, HOSO_EXTRACT_ERROR, HOSO_EXTRACT_ERROR_TOO_BIG))
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  g_autoptr(HosoExtraction) failed =
    hoso_extraction_new_failed (HOSO_TEXT_FAILED, _("text extraction failed: %s"), local->message);
  return hoso_text_cache_write_file (out_path, failed, error);
}

/* The answer line to the request LINE (without its newline). */
static char *
answer (const char *line, const HosoExtractLimits *limits)
{
  g_auto(GStrv) words = g_strsplit (line, " ", 0);
  g_autoptr(GError) error = NULL;

  if (g_strv_length (words) != 3 || strcmp (words[0], "EXTRACT") != 0)
    return g_strdup ("ERR malformed request\n");
  g_autofree char *out_path = g_uri_unescape_string (words[1], NULL);
  g_autofree char *in_path = g_uri_unescape_string (words[2], NULL);
  if (out_path == NULL || in_path == NULL)
    return g_strdup ("ERR malformed request\n");
  if (!extract_to (in_path, out_path, limits, &error))
    {
      g_autofree char *escaped = g_strescape (error->message, NULL);
      return g_strdup_printf ("ERR %s\n", escaped);
    }
  return g_strdup ("OK\n");
}

static gboolean
write_all (int fd, const char *s)
{
  gsize len = strlen (s);

  while (len > 0)
    {
      ssize_t n = write (fd, s, len);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        return FALSE;
      s += n;
      len -= (gsize) n;
    }
  return TRUE;
}

/* Moves the protocol off fds 0 and 1: input from /dev/null, stdout into
 * stderr (which the pool points at /dev/null unless HOSO_DEBUG is set). */
static gboolean
take_protocol_fds (int *in_fd, int *out_fd)
{
  int null = open ("/dev/null", O_RDONLY | O_CLOEXEC);

  *in_fd = fcntl (0, F_DUPFD_CLOEXEC, 3);
  *out_fd = fcntl (1, F_DUPFD_CLOEXEC, 3);
  gboolean ok = null >= 0 && *in_fd >= 0 && *out_fd >= 0
                && dup2 (null, 0) >= 0 && dup2 (2, 1) >= 0;
  if (null >= 0)
    close (null);
  return ok;
}

static int
serve (const HosoExtractLimits *limits)
{
  int in_fd;
  g_autofree char *line = NULL;
  size_t cap = 0;
  ssize_t n;

  if (!take_protocol_fds (&in_fd, &proto_out))
    {
      g_printerr ("hoso-extract: %s\n", g_strerror (errno));
      return 1;
    }
  FILE *in = fdopen (in_fd, "r");
  if (in == NULL || !write_all (proto_out, HOSO_EXTRACT_PROTOCOL_HELLO "\n"))
    return 1;
  while ((n = getline (&line, &cap, in)) > 0)
    {
      if (line[n - 1] == '\n')
        line[n - 1] = '\0';
      g_autofree char *reply = answer (line, limits);
      if (!write_all (proto_out, reply))
        break;
    }
  fclose (in);
  hoso_extract_cleanup_all ();
  return 0;
}

/* hoso-extract FILE...: prints each file's extraction as JSON. */
static int
print_files (char **files, const HosoExtractLimits *limits)
{
  int status = 0;

  for (char **f = files; *f != NULL; f++)
    {
      maybe_fault (*f);
      g_autoptr(HosoExtraction) x = hoso_extract_file (*f, limits);
      json_t *json = hoso_extraction_to_json (x);
      g_autofree char *text = json ? json_dumps (json, JSON_COMPACT) : NULL;
      json_decref (json);
      g_print ("%s\n", text ? text : "null");
      if (x->status == HOSO_TEXT_FAILED)
        status = 1;
    }
  hoso_extract_cleanup_all ();
  return status;
}

int
main (int argc, char **argv)
{
  gint64 max_expanded = 256 * 1024 * 1024, memory = 0;
  gint max_pages = 5000;
  g_auto(GStrv) files = NULL;
  const GOptionEntry entries[] = {
    { "max-expanded", 0, 0, G_OPTION_ARG_INT64, &max_expanded,
      N_("Stop at BYTES of decompressed text or XML"), N_("BYTES") },
    { "max-pages", 0, 0, G_OPTION_ARG_INT, &max_pages,
      N_("Read at most N pages, sheets or slides"), "N" },
    { "memory", 0, 0, G_OPTION_ARG_INT64, &memory,
      N_("The memory limit the pool set (BYTES), to report running out of it"), N_("BYTES") },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &files, NULL, N_("[FILE…]") },
    { NULL, 0, 0, 0, NULL, NULL, NULL }
  };
  g_autoptr(GOptionContext) context =
    g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;

  setlocale (LC_ALL, "");
  const char *localedir = g_getenv ("HOSO_LOCALEDIR");
  bindtextdomain (GETTEXT_PACKAGE, localedir && *localedir ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_option_context_set_summary (context,
    _("The text extraction worker of hoso.  hoso starts it; run by hand with\n"
      "FILEs, it prints what it extracts from each as one line of JSON."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error)
      || max_expanded < 0 || max_pages < 0 || memory < 0)
    {
      g_printerr ("hoso-extract: %s\n", error ? error->message : _("a limit is negative"));
      return 2;
    }
  memory_limit = (guint64) memory;
  HosoExtractLimits limits = { (guint64) max_expanded, (guint) max_pages };

  g_log_set_writer_func (log_writer, NULL, NULL);
  catch_fatal_signals ();
  if (files != NULL && files[0] != NULL)
    return print_files (files, &limits);
  return serve (&limits);
}
