/* hoso-index.h: the catalog and search, as the hoso command uses them.
 *
 * The catalog (ARCHIVE/catalog.db, SQLite in WAL mode, schema in
 * schemas/catalog.sql) lists the dossiers, versions and files of the store,
 * what is known of each file's content (media type, pages, text status) and
 * a full-text index of every page.  It is derived: deleting it loses
 * nothing, since hoso_catalog_rebuild() makes it again from the store and
 * the text cache (ARCHIVE/text/).
 *
 * A writer that commits a version first leaves a note in
 * ARCHIVE/catalog-behind/ and removes it once the catalog has the version.
 * Opening the catalog finds notes left by writers that died in between and
 * brings those dossiers up to date, under the writer lock.
 */
#pragma once

#include <gio/gio.h>
#include <glib.h>

#include "extract-pool.h"
#include "hoso-archive.h"

G_BEGIN_DECLS

#define HOSO_INDEX_ERROR (hoso_index_error_quark ())
GQuark hoso_index_error_quark (void);

typedef enum {
  HOSO_INDEX_ERROR_FAILED,    /* SQLite failed (disk full, I/O error...) */
  HOSO_INDEX_ERROR_QUERY,     /* the search query cannot be searched */
  HOSO_INDEX_ERROR_CORRUPT,   /* catalog.db is damaged: rebuild it */
} HosoIndexErrorCode;

typedef struct _HosoCatalog HosoCatalog;

/* Opens ARCHIVE's catalog, creating it if it is missing, rebuilding it if it
 * was made by another version of its schema or tokenizer, and catching up
 * with commits whose writer died before updating it.  PROGRESS (may be NULL)
 * is told of a rebuild's progress. */
typedef void (*HosoIndexProgressFunc) (const char *what, guint64 done,
                                       guint64 total, gpointer user_data);
HosoCatalog *hoso_catalog_open (HosoArchive *archive,
                                HosoIndexProgressFunc progress,
                                gpointer user_data, GError **error);
void hoso_catalog_free (HosoCatalog *catalog);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HosoCatalog, hoso_catalog_free)

/* ARCHIVE/text, where extracted text is cached.  Caller frees. */
char *hoso_catalog_text_dir (HosoArchive *archive);

/* ---- Keeping it in step with the store ----------------------------------- */

/* Leaves the note that dossier ID is about to change (call under the writer
 * lock, before the commit is published), and removes it once the catalog
 * has caught up.  The note names this process, so other processes leave it
 * alone while it lives. */
gboolean hoso_catalog_note_change (HosoArchive *archive, const char *id,
                                   GError **error);
void hoso_catalog_clear_note (HosoArchive *archive, const char *id);

/* Adds to the catalog every version of dossier ID it does not have yet, with
 * its files; content whose text is in the cache is indexed at once, the
 * rest is left pending. */
gboolean hoso_catalog_sync_dossier (HosoCatalog *catalog, const char *id,
                                    GError **error);

/* Makes the catalog again from the store and the text cache, in one
 * transaction (readers see the old catalog until it is done), under the
 * writer lock (waiting for it if WAIT, else LOCKED).  Extracts nothing: a
 * content without cached text is left pending.  A catalog file SQLite
 * cannot read at all is replaced. */
gboolean hoso_catalog_rebuild (HosoArchive *archive, gboolean wait,
                               HosoIndexProgressFunc progress,
                               gpointer user_data, GError **error);

/* ---- Text ---------------------------------------------------------------- */

typedef struct {
  guint pending;              /* contents waiting for extraction */
  guint ok;                   /* ... with text */
  guint unsupported;
  guint failed;
  guint pages;                /* pages indexed */
  guint ocr_pages;            /* pages waiting for OCR */
} HosoIndexCounts;

gboolean hoso_catalog_counts (HosoCatalog *catalog, HosoIndexCounts *out,
                              GError **error);

/* Called after each file extracted: its digest, its result, and how many of
 * the queued files are done. */
typedef void (*HosoIndexFileFunc) (const char *digest,
                                   const HosoExtraction *extraction,
                                   guint done, guint total,
                                   gpointer user_data);

/* Extracts and indexes the text of every pending content (only those of
 * dossier ID, if not NULL) on POOL (see extract-pool.h; its text folder
 * must be hoso_catalog_text_dir).  With RETRY_FAILED, contents whose
 * extraction failed are tried again.  Cancelling CANCELLABLE stops early
 * with G_IO_ERROR_CANCELLED; what is done stays done and the rest stays
 * pending. */
gboolean hoso_catalog_index_pending (HosoCatalog *catalog, const char *id,
                                     gboolean retry_failed,
                                     HosoExtractPool *pool,
                                     HosoIndexFileFunc func, gpointer user_data,
                                     GCancellable *cancellable,
                                     GError **error);

/* ---- Search -------------------------------------------------------------- */

typedef struct {
  guint start;                /* in characters (code points) of the snippet */
  guint length;
} HosoSearchMatch;

typedef struct {
  char *dossier;              /* short id */
  guint version;              /* the head version the file is in */
  char *path;                 /* logical path */
  char *digest;
  char *type;                 /* "pdf"... or NULL */
  guint page;                 /* 1-based */
  double score;               /* bm25: lower is better */
  char *snippet;              /* text of the page around the matches */
  GArray *matches;            /* HosoSearchMatch */
} HosoSearchHit;

void hoso_search_hit_free (HosoSearchHit *hit);

typedef struct {
  guint total;                /* pages matching, counted up to the larger
                                 of LIMIT and HOSO_SEARCH_COUNT_MAX */
  gboolean total_capped;      /* more than that match */
  GPtrArray *hits;            /* HosoSearchHit *: the best LIMIT, grouped by
                                 dossier (dossiers in order of their best
                                 hit, hits in each by score) */
} HosoSearchResult;

/* Counting every match of a word found on most pages of a big archive
 * would cost more than ranking them; past this many, the count stops. */
#define HOSO_SEARCH_COUNT_MAX 1000

void hoso_search_result_free (HosoSearchResult *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HosoSearchResult, hoso_search_result_free)

/* Searches the head versions of all dossiers for QUERY (hoso's query
 * language, see README).  HOSO_INDEX_ERROR_QUERY for a query that cannot
 * be searched. */
HosoSearchResult *hoso_catalog_search (HosoCatalog *catalog, const char *query,
                                       guint limit, GError **error);

G_END_DECLS
