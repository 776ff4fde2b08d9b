/* index-text.c: putting extracted text into the catalog.
 *
 * A content's text comes from the text cache when it is there, and from the
 * extraction workers otherwise (extract-pool.c), which store it in the cache
 * first.  The queue of work is derived, never kept: a content is pending
 * while its digest has no cached text.  Each file's text is indexed in its
 * own short transaction, so an interrupted `hoso index` keeps what it did
 * and a reader never waits.
 */
#include "config.h"

#include <string.h>
#include <unistd.h>

#include "index-private.h"
#include "text-cache.h"

/* Removes the pages of content CONTENT_ID from the index. */
static gboolean
delete_pages (HosoCatalog *catalog, gint64 content_id, GError **error)
{
  sqlite3_stmt *stmt = hoso_catalog_stmt (catalog,
                                          "INSERT INTO page_text (page_text, rowid, text)"
                                          " SELECT 'delete', id, text FROM page"
                                          " WHERE id BETWEEN ?1 AND ?2", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, HOSO_PAGE_ID (content_id, 0));
  sqlite3_bind_int64 (stmt, 2, HOSO_PAGE_ID (content_id + 1, 0) - 1);
  if (!hoso_catalog_step_done (catalog, stmt, error))
    return FALSE;
  stmt = hoso_catalog_stmt (catalog, "DELETE FROM page WHERE id BETWEEN ?1 AND ?2",
                            error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, HOSO_PAGE_ID (content_id, 0));
  sqlite3_bind_int64 (stmt, 2, HOSO_PAGE_ID (content_id + 1, 0) - 1);
  return hoso_catalog_step_done (catalog, stmt, error);
}

/* TRUE if TEXT has something besides white space. */
static gboolean
has_text (const char *text)
{
  for (const char *p = text; *p; p++)
    if (!g_ascii_isspace (*p))
      return TRUE;
  return FALSE;
}

static gboolean
insert_page (HosoCatalog *catalog, gint64 content_id, guint number,
             const char *text, GError **error)
{
  sqlite3_stmt *stmt = hoso_catalog_stmt (catalog,
                                          "INSERT INTO page (id, text) VALUES (?1, ?2)",
                                          error);
  gint64 row = HOSO_PAGE_ID (content_id, number);
  gsize len = strlen (text);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, row);
  sqlite3_bind_text (stmt, 2, text, (int) len, SQLITE_STATIC);
  if (!hoso_catalog_step_done (catalog, stmt, error))
    return FALSE;
  stmt = hoso_catalog_stmt (catalog,
                            "INSERT INTO page_text (rowid, text) VALUES (?1, ?2)",
                            error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, row);
  sqlite3_bind_text (stmt, 2, text, (int) len, SQLITE_STATIC);
  return hoso_catalog_step_done (catalog, stmt, error);
}

static void
bind_text_or_null (sqlite3_stmt *stmt, int i, const char *text)
{
  if (text)
    sqlite3_bind_text (stmt, i, text, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, i);
}

gboolean
hoso_catalog_index_extraction (HosoCatalog *catalog, gint64 content_id,
                               const HosoExtraction *ex, GError **error)
{
  sqlite3_stmt *stmt;
  g_autofree char *created = ex->created ? g_date_time_format_iso8601 (ex->created) : NULL;

  if (!delete_pages (catalog, content_id, error))
    return FALSE;
  stmt = hoso_catalog_stmt (catalog,
                            "UPDATE content SET text_status = ?2, reason = ?3,"
                            " media_type = ?4, type = ?5, pages = ?6,"
                            " ocr_pages = ?7, title = ?8, author = ?9,"
                            " created = ?10, year = ?11, encoding = ?12,"
                            " signatures = ?13 WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, content_id);
  sqlite3_bind_text (stmt, 2, hoso_text_status_to_string (ex->status), -1,
                     SQLITE_STATIC);
  bind_text_or_null (stmt, 3, ex->reason);
  bind_text_or_null (stmt, 4, ex->media_type);
  bind_text_or_null (stmt, 5, ex->type);
  if (ex->status == HOSO_TEXT_OK)
    sqlite3_bind_int (stmt, 6, ex->pages->len);
  sqlite3_bind_int (stmt, 7, ex->ocr_pages ? ex->ocr_pages->len : 0);
  bind_text_or_null (stmt, 8, ex->title);
  bind_text_or_null (stmt, 9, ex->author);
  bind_text_or_null (stmt, 10, created);
  if (ex->created)
    sqlite3_bind_int (stmt, 11, g_date_time_get_year (ex->created));
  bind_text_or_null (stmt, 12, ex->encoding);
  sqlite3_bind_int (stmt, 13, ex->signatures ? ex->signatures->len : 0);
  if (!hoso_catalog_step_done (catalog, stmt, error))
    return FALSE;

  for (guint i = 0; ex->pages && i < ex->pages->len && i + 1 < (1u << HOSO_PAGE_BITS); i++)
    {
      const char *text = g_ptr_array_index (ex->pages, i);
      /* Empty pages take no room; a hit is always a page with text. */
      if (has_text (text) && !insert_page (catalog, content_id, i + 1, text, error))
        return FALSE;
    }
  return TRUE;
}

static char *
content_digest (HosoCatalog *catalog, gint64 content_id, GError **error)
{
  sqlite3_stmt *stmt = hoso_catalog_stmt (catalog,
                                          "SELECT digest FROM content WHERE id = ?1",
                                          error);
  char *digest = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, content_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    digest = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  if (digest == NULL)
    hoso_catalog_sqlite_error (catalog->db, error, _("cannot read the catalog"));
  return digest;
}

gboolean
hoso_catalog_index_cached (HosoCatalog *catalog, GArray *content_ids,
                           HosoIndexProgressFunc progress, gpointer user_data,
                           GError **error)
{
  for (guint i = 0; i < content_ids->len; i++)
    {
      gint64 id = g_array_index (content_ids, gint64, i);
      g_autofree char *digest = content_digest (catalog, id, error);
      g_autoptr(HosoExtraction) ex = NULL;

      if (digest == NULL)
        return FALSE;
      if (progress && i % 16 == 0)
        progress (_("texts"), i, content_ids->len, user_data);
      /* Missing or damaged: the content stays pending, to be extracted. */
      ex = hoso_text_cache_load (catalog->text_dir, digest, NULL);
      if (ex != NULL && !hoso_catalog_index_extraction (catalog, id, ex, error))
        return FALSE;
    }
  if (progress)
    progress (_("texts"), content_ids->len, content_ids->len, user_data);
  return TRUE;
}

/* ---- Extracting what is pending ------------------------------------------ */

typedef struct {
  HosoCatalog *catalog;
  GHashTable *ids;            /* digest -> gint64 * content id */
  guint done, total;
  HosoIndexFileFunc func;
  gpointer user_data;
  GError *error;              /* the first catalog failure */
} IndexRun;

static void
index_one (const char *digest, const HosoExtraction *extraction,
           gpointer user_data)
{
  IndexRun *run = user_data;
  gint64 *id = g_hash_table_lookup (run->ids, digest);

  run->done++;
  if (id != NULL && run->error == NULL)
    {
      if (!hoso_catalog_exec (run->catalog, "BEGIN IMMEDIATE", &run->error))
        return;
      if (!hoso_catalog_index_extraction (run->catalog, *id, extraction,
                                          &run->error))
        sqlite3_exec (run->catalog->db, "ROLLBACK", NULL, NULL, NULL);
      else if (hoso_catalog_exec (run->catalog, "COMMIT", &run->error)
               && run->done % 64 == 0)
        hoso_catalog_checkpoint (run->catalog);
    }
  if (run->func)
    run->func (digest, extraction, run->done, run->total, run->user_data);
}

/* Queues on POOL every content to extract; fills RUN->ids. */
static gboolean
queue_pending (HosoCatalog *catalog, HosoExtractPool *pool, const char *id,
               gboolean retry_failed, IndexRun *run, GError **error)
{
  const char *store = hoso_archive_get_store_path (catalog->archive);
  sqlite3_stmt *stmt;
  int rc;

  stmt = hoso_catalog_stmt (catalog,
                            "SELECT c.id, c.digest, c.location, c.text_status"
                            " FROM content c WHERE (c.text_status = 'pending'"
                            "  OR (?2 AND c.text_status = 'failed'))"
                            " AND (?1 IS NULL OR c.id IN (SELECT f.content"
                            "  FROM file f JOIN dossier d ON d.id = f.dossier"
                            "  WHERE d.name = ?1))"
                            " ORDER BY c.id", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 2, retry_failed);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 *content = g_new (gint64, 1);
      const char *digest = (const char *) sqlite3_column_text (stmt, 1);
      g_autofree char *path = g_build_filename (store,
                                                (const char *) sqlite3_column_text (stmt, 2),
                                                NULL);

      *content = sqlite3_column_int64 (stmt, 0);
      /* A failure is cached like any result; trying again means forgetting
       * it first. */
      if (strcmp ((const char *) sqlite3_column_text (stmt, 3), "failed") == 0)
        {
          g_autofree char *entry = hoso_text_cache_path (catalog->text_dir, digest);
          unlink (entry);
        }
      g_hash_table_insert (run->ids, g_strdup (digest), content);
      hoso_extract_pool_push (pool, digest, path);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return hoso_catalog_sqlite_error (catalog->db, error,
                                      _("cannot read the catalog"));
  run->total = g_hash_table_size (run->ids);
  return TRUE;
}

gboolean
hoso_catalog_index_pending (HosoCatalog *catalog, const char *id,
                            gboolean retry_failed, HosoExtractPool *pool,
                            HosoIndexFileFunc func, gpointer user_data,
                            GCancellable *cancellable, GError **error)
{
  g_autoptr(GHashTable) ids = g_hash_table_new_full (g_str_hash, g_str_equal,
                                                     g_free, g_free);
  IndexRun run = { catalog, ids, 0, 0, func, user_data, NULL };
  gboolean ok;

  if (!queue_pending (catalog, pool, id, retry_failed, &run, error))
    return FALSE;
  if (run.total == 0)
    return TRUE;
  ok = hoso_extract_pool_run (pool, index_one, &run, cancellable, error);
  if (run.done >= 64)
    hoso_catalog_checkpoint (catalog);
  if (run.error != NULL)
    {
      g_clear_error (error);
      g_propagate_error (error, run.error);
      return FALSE;
    }
  return ok;
}
