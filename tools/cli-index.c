/* cli-index.c: the catalog and text, as the commands share them.
 *
 * Every command that commits a version ends here: the catalog learns of
 * the version, then the text of the new files is extracted on the workers
 * and indexed, so that `hoso add` returns with its files searchable.  Long
 * work draws a progress bar on a terminal.
 */
#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

/* Redraw a bar at most this often (µs). */
#define BAR_INTERVAL (G_USEC_PER_SEC / 8)
#define BAR_WIDTH 24

static gboolean
on_terminal (HosoCli *cli)
{
  return !cli->json && isatty (STDOUT_FILENO);
}

void
hoso_cli_count_progress (const char *what, guint64 done, guint64 total,
                         gpointer user_data)
{
  static gint64 last_draw;
  HosoCli *cli = user_data;
  gint64 now = g_get_monotonic_time ();
  char bar[BAR_WIDTH + 1];
  guint filled;

  if (!on_terminal (cli) || total == 0)
    return;
  if (done >= total)
    {
      fputs ("\r\033[K", stdout);
      fflush (stdout);
      last_draw = 0;
      return;
    }
  if (now - last_draw < BAR_INTERVAL)
    return;
  last_draw = now;
  filled = (guint) (done * BAR_WIDTH / total);
  memset (bar, '#', filled);
  memset (bar + filled, '.', BAR_WIDTH - filled);
  bar[BAR_WIDTH] = '\0';
  /* Back to the start of the line, erase it, redraw. */
  fputs ("\r\033[K", stdout);
  /* TRANSLATORS: a progress bar: "[####....] 12/40 files read" */
  g_print (_("[%s] %u/%u %s"), bar, (guint) done, (guint) total, what);
  fflush (stdout);
}

HosoCatalog *
hoso_cli_open_catalog (HosoCli *cli, HosoArchive *archive, GError **error)
{
  return hoso_catalog_open (archive, hoso_cli_count_progress, cli, error);
}

void
hoso_cli_text_report_clear (HosoCliTextReport *report)
{
  g_clear_pointer (&report->failed, g_ptr_array_unref);
}

/* ---- After a commit ------------------------------------------------------ */

typedef struct {
  HosoCli *cli;
  GHashTable *paths;          /* digest -> logical path, in the head */
  HosoCliTextReport *report;
} IndexState;

static void
file_done (const char *digest, const HosoExtraction *extraction, guint done,
           guint total, gpointer user_data)
{
  IndexState *state = user_data;
  const char *path = g_hash_table_lookup (state->paths, digest);

  switch (extraction->status)
    {
    case HOSO_TEXT_OK:
      state->report->indexed++;
      break;
    case HOSO_TEXT_UNSUPPORTED:
      state->report->no_text++;
      break;
    case HOSO_TEXT_FAILED:
    case HOSO_TEXT_PENDING:
      g_ptr_array_add (state->report->failed,
                       g_strdup_printf ("%s: %s", path ? path : digest,
                                        extraction->reason ? extraction->reason : "?"));
      break;
    }
  /* TRANSLATORS: what the progress bar counts while text is extracted. */
  hoso_cli_count_progress (_("files read"), done, total, state->cli);
}

static GHashTable *
head_paths (HosoArchive *archive, const char *id, GError **error)
{
  g_autoptr(HosoDossier) dossier = hoso_archive_load_dossier (archive, id, error);
  g_autoptr(GPtrArray) entries = dossier ? hoso_dossier_list (dossier, 0, error) : NULL;
  GHashTable *paths;

  if (entries == NULL)
    return NULL;
  paths = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  for (guint i = 0; i < entries->len; i++)
    {
      const HosoEntry *entry = g_ptr_array_index (entries, i);
      g_hash_table_insert (paths, g_strdup (entry->digest), g_strdup (entry->path));
    }
  return paths;
}

gboolean
hoso_cli_index_dossier (HosoCli *cli, HosoArchive *archive, const char *id,
                        HosoCliTextReport *report, GError **error)
{
  g_autoptr(HosoCatalog) catalog = NULL;
  g_autoptr(GHashTable) paths = NULL;
  HosoIndexCounts before;
  IndexState state = { cli, NULL, report };

  memset (report, 0, sizeof *report);
  report->failed = g_ptr_array_new_with_free_func (g_free);
  catalog = hoso_cli_open_catalog (cli, archive, error);
  if (catalog == NULL || !hoso_catalog_sync_dossier (catalog, id, error))
    return FALSE;
  if (cli->defer_text)
    {
      if (!hoso_catalog_counts (catalog, &before, error))
        return FALSE;
      report->pending = before.pending;
      hoso_catalog_clear_note (archive, id);
      return TRUE;
    }
  paths = head_paths (archive, id, error);
  if (paths == NULL)
    return FALSE;
  state.paths = paths;
  if (cli->pool == NULL)
    {
      g_autofree char *text_dir = hoso_catalog_text_dir (archive);
      cli->pool = hoso_extract_pool_new (text_dir, NULL, error);
      if (cli->pool == NULL)
        return FALSE;
    }
  if (!hoso_catalog_index_pending (catalog, id, FALSE, cli->pool, file_done,
                                   &state, NULL, error))
    return FALSE;
  hoso_catalog_clear_note (archive, id);
  return TRUE;
}

void
hoso_cli_prestart_extraction (HosoCli *cli, HosoArchive *archive)
{
  g_autofree char *text_dir = NULL;

  if (cli->defer_text || cli->pool != NULL)
    return;
  text_dir = hoso_catalog_text_dir (archive);
  cli->pool = hoso_extract_pool_new (text_dir, NULL, NULL);
  if (cli->pool != NULL && !hoso_extract_pool_prestart (cli->pool, 1, NULL))
    g_clear_pointer (&cli->pool, hoso_extract_pool_free);
}

/* ---- Interrupting -------------------------------------------------------- */

static gpointer
wait_for_signal (gpointer data)
{
  GCancellable *cancellable = data;
  sigset_t set;
  int sig;

  sigemptyset (&set);
  sigaddset (&set, SIGINT);
  sigaddset (&set, SIGTERM);
  if (sigwait (&set, &sig) == 0)
    g_cancellable_cancel (cancellable);
  return NULL;
}

GCancellable *
hoso_cli_cancel_on_signal (void)
{
  static GCancellable *cancellable;
  sigset_t set;

  if (cancellable != NULL)
    return cancellable;
  cancellable = g_cancellable_new ();
  /* Blocked in every thread started from now on; the one thread below takes
   * them, so the work stops between two files rather than in the middle. */
  sigemptyset (&set);
  sigaddset (&set, SIGINT);
  sigaddset (&set, SIGTERM);
  pthread_sigmask (SIG_BLOCK, &set, NULL);
  g_thread_unref (g_thread_new ("signals", wait_for_signal, cancellable));
  return cancellable;
}
