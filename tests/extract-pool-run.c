/* extract-pool-run.c: runs the pool of extraction workers on files, for
 * tests/t0100-extract-workers.sh.
 *
 *   extract-pool-run TEXT_DIR FILE...
 *
 * Each FILE is queued under the SHA-512 of its content, the pool runs with
 * the options hoso_extract_pool_options_init gives (so the HOSO_EXTRACT_*
 * variables apply), and one line is printed per result:
 *
 *   <first 12 hex of the digest> <how> <status> <file name> <reason or ->
 *
 * where <how> is "cached" (answered from the text cache), "extracted" (by
 * a worker) or "killed" (the worker crashed, hung or went over a limit).
 * Last come three lines: "# workers started: N" counts the processes,
 * "# fds leaked: N" compares the open descriptors before the pool was made
 * and after it was freed, and "# children left: N" is 1 if any child
 * process (running or a zombie) outlived the pool, else 0.  With
 * CANCEL_AFTER=N in the environment the run is cancelled after N results
 * and the exit status is 3.  Any other failure of the run prints the error
 * and exits 1.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <gio/gio.h>
#include <glib.h>

#include "extract-pool.h"

int main (int argc, char **argv);

typedef struct {
  HosoExtractPool *pool;
  GHashTable *names;            /* digest -> file name */
  HosoExtractPoolStats seen;
  GCancellable *cancellable;
  guint64 cancel_after;
  guint n_results;
} Driver;

static char *
file_digest (const char *path, GError **error)
{
  g_autofree char *data = NULL;
  gsize len;

  if (!g_file_get_contents (path, &data, &len, error))
    return NULL;
  return g_compute_checksum_for_data (G_CHECKSUM_SHA512, (const guchar *) data, len);
}

static int
count_open_fds (void)
{
  g_autoptr(GDir) dir = g_dir_open ("/proc/self/fd", 0, NULL);
  int n = 0;

  while (dir != NULL && g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

static void
on_done (const char *digest, const HosoExtraction *extraction, gpointer user_data)
{
  Driver *d = user_data;
  HosoExtractPoolStats now;
  const char *how = "?";

  hoso_extract_pool_get_stats (d->pool, &now);
  if (now.from_cache > d->seen.from_cache)
    how = "cached";
  else if (now.extracted > d->seen.extracted)
    how = "extracted";
  else if (now.worker_failures > d->seen.worker_failures)
    how = "killed";
  d->seen = now;
  /* One line per result, whatever the reason holds. */
  g_autoptr(GString) reason = g_string_new (extraction->reason ? extraction->reason : "-");
  g_string_replace (reason, "\n", "\\n", 0);
  printf ("%.12s %s %s %s %s\n", digest, how,
          hoso_text_status_to_string (extraction->status),
          (const char *) g_hash_table_lookup (d->names, digest), reason->str);
  fflush (stdout);
  if (d->cancel_after > 0 && ++d->n_results == d->cancel_after)
    g_cancellable_cancel (d->cancellable);
}

int
main (int argc, char **argv)
{
  HosoExtractPoolOptions options;
  g_autoptr(GError) error = NULL;
  const char *cancel_after = g_getenv ("CANCEL_AFTER");
  Driver d = { 0 };

  if (argc < 3)
    {
      fprintf (stderr, "usage: %s TEXT_DIR FILE...\n", argv[0]);
      return 2;
    }
  g_autoptr(GHashTable) names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GPtrArray) digests = g_ptr_array_new_with_free_func (g_free);
  for (int i = 2; i < argc; i++)
    {
      char *digest = file_digest (argv[i], &error);
      if (digest == NULL)
        {
          fprintf (stderr, "%s\n", error->message);
          return 1;
        }
      g_hash_table_replace (names, g_strdup (digest), g_path_get_basename (argv[i]));
      g_ptr_array_add (digests, digest);
    }

  int fds_before = count_open_fds ();
  hoso_extract_pool_options_init (&options);
  HosoExtractPool *pool = hoso_extract_pool_new (argv[1], &options, &error);
  if (pool == NULL)
    {
      fprintf (stderr, "%s\n", error->message);
      return 1;
    }
  for (guint i = 0; i < digests->len; i++)
    hoso_extract_pool_push (pool, digests->pdata[i], argv[i + 2]);

  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  d.pool = pool;
  d.names = names;
  d.cancellable = cancellable;
  d.cancel_after = cancel_after ? g_ascii_strtoull (cancel_after, NULL, 10) : 0;

  gboolean ok = hoso_extract_pool_run (pool, on_done, &d, cancellable, &error);
  HosoExtractPoolStats stats;
  hoso_extract_pool_get_stats (pool, &stats);
  hoso_extract_pool_free (pool);
  int status;
  pid_t child = waitpid (-1, &status, WNOHANG);
  printf ("# workers started: %u\n", stats.workers_started);
  printf ("# fds leaked: %d\n", count_open_fds () - fds_before);
  printf ("# children left: %d\n", child < 0 && errno == ECHILD ? 0 : 1);
  if (!ok && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return 3;
  if (!ok)
    {
      fprintf (stderr, "%s\n", error->message);
      return 1;
    }
  return 0;
}
