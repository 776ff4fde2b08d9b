/* cmd-index.c: "hoso index" and "hoso reindex", the text and the catalog.
 *
 * hoso index reads the text of every file still waiting for it (added with
 * --defer-text, or whose reading was interrupted) on the worker processes,
 * with a progress bar; Ctrl-C stops it between two files and a second run
 * goes on from there.  hoso reindex makes the catalog again from the store
 * and the text cache, reading no file again.
 */
#include "config.h"

#include <string.h>

#include "cli.h"

/* The exit status of a command stopped by Ctrl-C, as shells report it. */
#define EXIT_INTERRUPTED 130

static json_t *
counts_json (const HosoIndexCounts *counts)
{
  return json_pack ("{s:i, s:i, s:i, s:i, s:i, s:i}",
                    "pending", (int) counts->pending, "ok", (int) counts->ok,
                    "unsupported", (int) counts->unsupported,
                    "failed", (int) counts->failed, "pages", (int) counts->pages,
                    "ocr_pages", (int) counts->ocr_pages);
}

static void
print_counts (const HosoIndexCounts *counts)
{
  g_print (_("Files with text: %u (%u pages indexed); without text: %u (format not supported); failed: %u; waiting: %u.\n"),
           counts->ok, counts->pages, counts->unsupported, counts->failed,
           counts->pending);
  if (counts->ocr_pages > 0)
    g_print (ngettext ("%u page has no text layer and waits for OCR.\n",
                       "%u pages have no text layer and wait for OCR.\n",
                       counts->ocr_pages), counts->ocr_pages);
  if (counts->failed > 0)
    g_print (_("“hoso index --retry-failed” tries the failed files again.\n"));
}

static int
report (HosoCli *cli, HosoCatalog *catalog, const char *what, guint done)
{
  g_autoptr(GError) error = NULL;
  HosoIndexCounts counts;

  if (!hoso_catalog_counts (catalog, &counts, &error))
    return hoso_cli_fail (cli, error, _("cannot read the catalog"));
  if (cli->json)
    {
      g_autoptr(json_t) root = hoso_cli_json_new ();
      json_object_set_new (root, "done", json_integer (done));
      json_object_set_new (root, "counts", counts_json (&counts));
      hoso_cli_json_print (root);
    }
  else
    {
      g_print ("%s\n", what);
      print_counts (&counts);
    }
  return HOSO_EXIT_OK;
}

typedef struct {
  HosoCli *cli;
  guint done;
} IndexProgress;

static void
file_done (const char *digest, const HosoExtraction *extraction, guint done,
           guint total, gpointer user_data)
{
  IndexProgress *progress = user_data;

  progress->done = done;
  hoso_cli_count_progress (_("files read"), done, total, progress->cli);
}

int
hoso_cmd_index (HosoCli *cli, int argc, char **argv)
{
  g_auto(GStrv) args = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(HosoArchive) archive = NULL;
  g_autoptr(HosoCatalog) catalog = NULL;
  g_autofree char *dossier = NULL;
  g_autofree char *summary = NULL;
  gboolean retry_failed = FALSE;
  g_autoptr(HosoExtractPool) pool = NULL;
  g_autofree char *text_dir = NULL;
  IndexProgress progress = { cli, 0 };
  GCancellable *cancellable;
  const GOptionEntry entries[] = {
    { "dossier", 0, 0, G_OPTION_ARG_STRING, &dossier,
      N_("Only the files of this dossier"), N_("DOSSIER") },
    { "retry-failed", 0, 0, G_OPTION_ARG_NONE, &retry_failed,
      N_("Also read again the files whose reading failed"), NULL },
    G_OPTION_ENTRY_NULL
  };

  if (!hoso_cli_parse (cli, "index", entries, argc, argv, 0, 0, &args))
    return HOSO_EXIT_USAGE;
  if (dossier && !hoso_dossier_id_validate (dossier, &error))
    return hoso_cli_fail (cli, error, _("cannot index %s"), dossier);
  /* Before any thread starts, so Ctrl-C stops the work between files. */
  cancellable = hoso_cli_cancel_on_signal ();
  archive = hoso_cli_open_archive (cli, &error);
  if (archive)
    catalog = hoso_cli_open_catalog (cli, archive, &error);
  if (catalog == NULL)
    return hoso_cli_fail (cli, error, _("cannot open the catalog"));
  text_dir = hoso_catalog_text_dir (archive);
  pool = hoso_extract_pool_new (text_dir, NULL, &error);
  if (pool == NULL)
    return hoso_cli_fail (cli, error, _("cannot index the text of the archive"));
  if (!hoso_catalog_index_pending (catalog, dossier, retry_failed, pool,
                                   file_done, &progress, cancellable, &error))
    {
      hoso_cli_count_progress ("", 1, 1, cli);
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          hoso_cli_fail (cli, error,
                         ngettext ("interrupted after reading %u file",
                                   "interrupted after reading %u files",
                                   progress.done), progress.done);
          return EXIT_INTERRUPTED;
        }
      return hoso_cli_fail (cli, error, _("cannot index the text of the archive"));
    }
  summary = g_strdup_printf (ngettext ("Read %u file.", "Read %u files.", progress.done),
                             progress.done);
  return report (cli, catalog, summary, progress.done);
}

int
hoso_cmd_reindex (HosoCli *cli, int argc, char **argv)
{
  g_auto(GStrv) args = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(HosoArchive) archive = NULL;
  g_autoptr(HosoCatalog) catalog = NULL;
  gboolean wait = FALSE;
  const GOptionEntry entries[] = {
    { "wait", 0, 0, G_OPTION_ARG_NONE, &wait,
      N_("Wait for another writer to finish instead of failing"), NULL },
    G_OPTION_ENTRY_NULL
  };

  if (!hoso_cli_parse (cli, "reindex", entries, argc, argv, 0, 0, &args))
    return HOSO_EXIT_USAGE;
  archive = hoso_cli_open_archive (cli, &error);
  if (archive == NULL
      || !hoso_catalog_rebuild (archive, wait, hoso_cli_count_progress, cli, &error))
    return hoso_cli_fail (cli, error, _("cannot rebuild the catalog"));
  catalog = hoso_cli_open_catalog (cli, archive, &error);
  if (catalog == NULL)
    return hoso_cli_fail (cli, error, _("cannot open the catalog"));
  return report (cli, catalog, _("The catalog is rebuilt from the store and the text cache."), 0);
}
