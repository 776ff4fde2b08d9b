/* catalog-sync.c: copying what the store holds into the catalog.
 *
 * The store is the truth; the catalog follows it one dossier at a time.
 * Syncing a dossier adds the versions the catalog lacks, each with its whole
 * state (files and their contents), and is idempotent: running it twice, or
 * in two processes, leaves the same catalog.  Versions are immutable, so
 * what the catalog has of a version never needs to change.
 */
#include "config.h"

#include <string.h>

#include "index-private.h"
#include "text-cache.h"

/* The year in a dossier id like QNA-2024-0012, or 0. */
static int
year_of_id (const char *id)
{
  g_auto(GStrv) parts = g_strsplit (id, "-", -1);

  for (guint i = 1; parts[i] != NULL; i++)
    {
      guint64 year;
      if (strlen (parts[i]) == 4
          && g_ascii_string_to_unsigned (parts[i], 10, 1900, 2999, &year, NULL))
        return (int) year;
    }
  return 0;
}

/* The catalog's row id for dossier ID and the last version it has of it
 * (0, 0 if it has none). */
static gboolean
lookup_dossier (HosoCatalog *catalog, const char *id, gint64 *out_row,
                guint *out_head, GError **error)
{
  sqlite3_stmt *stmt = hoso_catalog_stmt (catalog,
                                          "SELECT id, head FROM dossier WHERE name = ?1",
                                          error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  *out_row = 0;
  *out_head = 0;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *out_row = sqlite3_column_int64 (stmt, 0);
      *out_head = sqlite3_column_int (stmt, 1);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return hoso_catalog_sqlite_error (catalog->db, error,
                                      _("cannot read the catalog"));
  return TRUE;
}

static gboolean
insert_dossier (HosoCatalog *catalog, const char *id, gint64 *out_row,
                GError **error)
{
  sqlite3_stmt *stmt = hoso_catalog_stmt (catalog,
                                          "INSERT INTO dossier (name, head, year)"
                                          " VALUES (?1, 0, ?2)", error);
  int year = year_of_id (id);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  if (year)
    sqlite3_bind_int (stmt, 2, year);
  if (!hoso_catalog_step_done (catalog, stmt, error))
    return FALSE;
  *out_row = sqlite3_last_insert_rowid (catalog->db);
  return TRUE;
}

static gboolean
insert_version (HosoCatalog *catalog, gint64 dossier,
                const HosoVersionInfo *info, GError **error)
{
  sqlite3_stmt *stmt = hoso_catalog_stmt (catalog,
                                          "INSERT OR IGNORE INTO version"
                                          " (dossier, number, created, message, user_name)"
                                          " VALUES (?1, ?2, ?3, ?4, ?5)", error);
  g_autofree char *created = g_date_time_format_iso8601 (info->created);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, dossier);
  sqlite3_bind_int (stmt, 2, info->number);
  sqlite3_bind_text (stmt, 3, created, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, info->message, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, info->user_name, -1, SQLITE_STATIC);
  return hoso_catalog_step_done (catalog, stmt, error);
}

/* The row id of the content of ENTRY, added (pending) if new; new ones are
 * appended to NEW_CONTENTS. */
static gboolean
ensure_content (HosoCatalog *catalog, const char *object_path,
                const HosoEntry *entry, GArray *new_contents, gint64 *out_row,
                GError **error)
{
  sqlite3_stmt *stmt = hoso_catalog_stmt (catalog,
                                          "SELECT id FROM content WHERE digest = ?1",
                                          error);
  g_autofree char *location = NULL;
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, entry->digest, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *out_row = sqlite3_column_int64 (stmt, 0);
      sqlite3_reset (stmt);
      return TRUE;
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return hoso_catalog_sqlite_error (catalog->db, error,
                                      _("cannot read the catalog"));

  location = g_build_filename (object_path, entry->content_path, NULL);
  stmt = hoso_catalog_stmt (catalog,
                            "INSERT INTO content (digest, size, location)"
                            " VALUES (?1, ?2, ?3)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, entry->digest, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, entry->size);
  sqlite3_bind_text (stmt, 3, location, -1, SQLITE_STATIC);
  if (!hoso_catalog_step_done (catalog, stmt, error))
    return FALSE;
  *out_row = sqlite3_last_insert_rowid (catalog->db);
  if (new_contents)
    g_array_append_val (new_contents, *out_row);
  return TRUE;
}

static gboolean
insert_files (HosoCatalog *catalog, HosoDossier *dossier, gint64 dossier_row,
              const char *object_path, guint version, GArray *new_contents,
              GError **error)
{
  g_autoptr(GPtrArray) entries = hoso_dossier_list (dossier, version, error);

  if (entries == NULL)
    return FALSE;
  for (guint i = 0; i < entries->len; i++)
    {
      const HosoEntry *entry = g_ptr_array_index (entries, i);
      gint64 content;
      sqlite3_stmt *stmt;

      if (!ensure_content (catalog, object_path, entry, new_contents, &content,
                           error))
        return FALSE;
      stmt = hoso_catalog_stmt (catalog,
                                "INSERT OR IGNORE INTO file (dossier, version, path, content)"
                                " VALUES (?1, ?2, ?3, ?4)", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, dossier_row);
      sqlite3_bind_int (stmt, 2, version);
      sqlite3_bind_text (stmt, 3, entry->path, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 4, content);
      if (!hoso_catalog_step_done (catalog, stmt, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
hoso_catalog_sync_versions (HosoCatalog *catalog, const char *id,
                            GArray *new_contents, GError **error)
{
  g_autoptr(HosoDossier) dossier = NULL;
  g_autofree char *object_path = NULL;
  gint64 row;
  guint known, head;
  sqlite3_stmt *stmt;

  dossier = hoso_archive_load_dossier (catalog->archive, id, error);
  if (dossier == NULL || !lookup_dossier (catalog, id, &row, &known, error))
    return FALSE;
  head = hoso_dossier_get_head (dossier);
  if (known >= head)
    return TRUE;
  if (row == 0 && !insert_dossier (catalog, id, &row, error))
    return FALSE;

  object_path = hoso_archive_object_path (id);
  for (guint n = known + 1; n <= head; n++)
    {
      if (!insert_version (catalog, row, hoso_dossier_get_version (dossier, n),
                           error)
          || !insert_files (catalog, dossier, row, object_path, n,
                            new_contents, error))
        {
          g_prefix_error (error, _("%s, version %u: "), id, n);
          return FALSE;
        }
    }
  stmt = hoso_catalog_stmt (catalog, "UPDATE dossier SET head = ?2 WHERE id = ?1",
                            error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, row);
  sqlite3_bind_int (stmt, 2, head);
  return hoso_catalog_step_done (catalog, stmt, error);
}

gboolean
hoso_catalog_sync_dossier (HosoCatalog *catalog, const char *id, GError **error)
{
  g_autoptr(GArray) new_contents = g_array_new (FALSE, FALSE, sizeof (gint64));

  if (!hoso_catalog_exec (catalog, "BEGIN IMMEDIATE", error))
    return FALSE;
  if (!hoso_catalog_sync_versions (catalog, id, new_contents, error))
    {
      sqlite3_exec (catalog->db, "ROLLBACK", NULL, NULL, NULL);
      return FALSE;
    }
  if (!hoso_catalog_exec (catalog, "COMMIT", error))
    return FALSE;
  /* Content seen before (another dossier's copy, or a file that came back)
   * has its text in the cache already. */
  if (!hoso_catalog_exec (catalog, "BEGIN IMMEDIATE", error))
    return FALSE;
  if (!hoso_catalog_index_cached (catalog, new_contents, NULL, NULL, error))
    {
      sqlite3_exec (catalog->db, "ROLLBACK", NULL, NULL, NULL);
      return FALSE;
    }
  return hoso_catalog_exec (catalog, "COMMIT", error);
}

GArray *
hoso_catalog_all_contents (HosoCatalog *catalog, GError **error)
{
  sqlite3_stmt *stmt = hoso_catalog_stmt (catalog, "SELECT id FROM content ORDER BY id",
                                          error);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  int rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (ids, id);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      hoso_catalog_sqlite_error (catalog->db, error, _("cannot read the catalog"));
      return NULL;
    }
  return g_steal_pointer (&ids);
}
