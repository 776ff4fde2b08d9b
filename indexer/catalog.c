/* catalog.c: opening ARCHIVE/catalog.db, and keeping it in step.
 *
 * The catalog is SQLite in WAL mode, so readers (search, the server) never
 * wait for a writer.  Writers keep transactions short (BEGIN IMMEDIATE, a
 * busy timeout) and checkpoint the WAL as they go.  Opening a catalog that
 * is missing, damaged, or made by another version of the schema or of the
 * tokenizer makes it again; opening one that lags the store (a writer died
 * between its commit and the catalog) brings those dossiers up to date.
 */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "index-private.h"
#include "indexer/catalog-sql.h"

#define CATALOG_FILE "catalog.db"
#define NOTES_DIR "catalog-behind"
#define TEXT_DIR "text"
/* How long a writer waits for another writer's transaction. */
#define BUSY_TIMEOUT_MS 10000

G_DEFINE_QUARK (hoso-index-error-quark, hoso_index_error)

gboolean
hoso_catalog_sqlite_error (sqlite3 *db, GError **error, const char *what)
{
  int code = db ? sqlite3_errcode (db) : SQLITE_NOMEM;
  gboolean corrupt = code == SQLITE_CORRUPT || code == SQLITE_NOTADB;

  g_set_error (error, HOSO_INDEX_ERROR,
               corrupt ? HOSO_INDEX_ERROR_CORRUPT : HOSO_INDEX_ERROR_FAILED,
               "%s: %s", what, db ? sqlite3_errmsg (db) : g_strerror (ENOMEM));
  return FALSE;
}

char *
hoso_catalog_text_dir (HosoArchive *archive)
{
  return g_build_filename (hoso_archive_get_path (archive), TEXT_DIR, NULL);
}

sqlite3_stmt *
hoso_catalog_stmt (HosoCatalog *catalog, const char *sql, GError **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (catalog->statements, sql);

  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }
  if (sqlite3_prepare_v3 (catalog->db, sql, -1, SQLITE_PREPARE_PERSISTENT,
                          &stmt, NULL) != SQLITE_OK)
    {
      hoso_catalog_sqlite_error (catalog->db, error, _("cannot read the catalog"));
      return NULL;
    }
  /* The key is the caller's SQL: always a string literal. */
  g_hash_table_insert (catalog->statements, (gpointer) sql, stmt);
  return stmt;
}

gboolean
hoso_catalog_exec (HosoCatalog *catalog, const char *sql, GError **error)
{
  if (sqlite3_exec (catalog->db, sql, NULL, NULL, NULL) != SQLITE_OK)
    return hoso_catalog_sqlite_error (catalog->db, error,
                                      _("cannot write the catalog"));
  return TRUE;
}

gboolean
hoso_catalog_step_done (HosoCatalog *catalog, sqlite3_stmt *stmt,
                        GError **error)
{
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    ;
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return hoso_catalog_sqlite_error (catalog->db, error,
                                      _("cannot write the catalog"));
  return TRUE;
}

void
hoso_catalog_checkpoint (HosoCatalog *catalog)
{
  /* PASSIVE never waits for readers; what they still need stays. */
  sqlite3_wal_checkpoint_v2 (catalog->db, NULL, SQLITE_CHECKPOINT_PASSIVE,
                             NULL, NULL);
}

static void
statement_free (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

void
hoso_catalog_free (HosoCatalog *catalog)
{
  if (catalog == NULL)
    return;
  g_hash_table_unref (catalog->statements);
  sqlite3_close (catalog->db);
  g_free (catalog->text_dir);
  g_free (catalog);
}

/* ---- Opening ------------------------------------------------------------- */

static char *
catalog_path (HosoArchive *archive)
{
  return g_build_filename (hoso_archive_get_path (archive), CATALOG_FILE, NULL);
}

/* Opens the SQLite file at PATH (created if missing) with hoso's settings
 * and tokenizer. */
static HosoCatalog *
open_file (HosoArchive *archive, const char *path, GError **error)
{
  g_autoptr(HosoCatalog) catalog = g_new0 (HosoCatalog, 1);

  catalog->archive = archive;
  catalog->text_dir = hoso_catalog_text_dir (archive);
  catalog->statements = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                               statement_free);
  if (sqlite3_open_v2 (path, &catalog->db,
                       SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
                       | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK)
    {
      g_prefix_error (error, "%s: ", path);
      hoso_catalog_sqlite_error (catalog->db, error, _("cannot open the catalog"));
      return NULL;
    }
  sqlite3_busy_timeout (catalog->db, BUSY_TIMEOUT_MS);
  /* The last connection to close would checkpoint the WAL and sync the
   * file: every short command (a search, one add) paid two fsyncs for it.
   * Writers checkpoint as they go instead (hoso_catalog_checkpoint, and
   * SQLite's own every 1,000 pages), so the WAL stays small. */
  sqlite3_db_config (catalog->db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL);
  sqlite3_extended_result_codes (catalog->db, 0);
  /* The catalog is derived: a power cut may cost its last transactions,
   * never its consistency, so NORMAL (no fsync per commit) is enough. */
  if (!hoso_catalog_exec (catalog, "PRAGMA journal_mode = WAL;"
                          "PRAGMA synchronous = NORMAL;"
                          "PRAGMA foreign_keys = OFF;"
                          "PRAGMA journal_size_limit = 67108864;", error)
      || !hoso_vi_tokenizer_register (catalog->db, error))
    return NULL;
  return g_steal_pointer (&catalog);
}

/* TRUE if CATALOG was made by this version of the schema and tokenizer. */
static gboolean
is_current (HosoCatalog *catalog)
{
  sqlite3_stmt *stmt;
  gboolean current = FALSE;

  if (sqlite3_prepare_v2 (catalog->db,
                          "SELECT (SELECT user_version FROM pragma_user_version),"
                          " (SELECT sql FROM sqlite_schema WHERE name = 'page_text')",
                          -1, &stmt, NULL) != SQLITE_OK)
    return FALSE;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *sql = (const char *) sqlite3_column_text (stmt, 1);
      current = sqlite3_column_int (stmt, 0) == HOSO_CATALOG_VERSION
                && sql != NULL && strstr (sql, "'" HOSO_VI_TOKENIZER "'");
    }
  sqlite3_finalize (stmt);
  return current;
}

gboolean
hoso_catalog_create_schema (HosoCatalog *catalog, GError **error)
{
  g_autoptr(GString) sql = g_string_new (catalog_sql);
  g_autofree char *version = g_strdup_printf ("PRAGMA user_version = %d;",
                                              HOSO_CATALOG_VERSION);
  static const char drop[] =
    "DROP TABLE IF EXISTS page_text; DROP TABLE IF EXISTS page;"
    "DROP TABLE IF EXISTS file; DROP TABLE IF EXISTS content;"
    "DROP TABLE IF EXISTS version; DROP TABLE IF EXISTS dossier;";

  g_string_replace (sql, "@TOKENIZER@", HOSO_VI_TOKENIZER, 0);
  g_hash_table_remove_all (catalog->statements);
  return hoso_catalog_exec (catalog, drop, error)
         && hoso_catalog_exec (catalog, sql->str, error)
         && hoso_catalog_exec (catalog, version, error);
}

/* ---- Notes of dossiers the catalog may lag behind ------------------------ */

static char *
notes_dir (HosoArchive *archive)
{
  return g_build_filename (hoso_archive_get_path (archive), NOTES_DIR, NULL);
}

static char *
note_path (HosoArchive *archive, const char *id, pid_t pid)
{
  g_autofree char *dir = notes_dir (archive);
  g_autofree char *name = g_strdup_printf ("%s~%ld", id, (long) pid);

  return g_build_filename (dir, name, NULL);
}

gboolean
hoso_catalog_note_change (HosoArchive *archive, const char *id, GError **error)
{
  g_autofree char *dir = notes_dir (archive);
  g_autofree char *path = note_path (archive, id, getpid ());

  /* The note must outlive a crash of this process or of the machine, or the
   * catalog would never learn of the commit: written and synced before it. */
  if (g_mkdir_with_parents (dir, 0777) != 0
      || !g_file_set_contents_full (path, "", 0,
                                    G_FILE_SET_CONTENTS_CONSISTENT
                                    | G_FILE_SET_CONTENTS_DURABLE, 0666, error))
    {
      if (error && *error == NULL)
        g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno),
                     "%s: %s", dir, g_strerror (errno));
      return FALSE;
    }
  return TRUE;
}

void
hoso_catalog_clear_note (HosoArchive *archive, const char *id)
{
  g_autofree char *path = note_path (archive, id, getpid ());

  unlink (path);
}

/* Ids of dossiers noted by processes that are gone, with the note files. */
static GPtrArray *
orphan_notes (HosoArchive *archive, GPtrArray *files)
{
  g_autofree char *dir_path = notes_dir (archive);
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  while (dir && (name = g_dir_read_name (dir)) != NULL)
    {
      const char *tilde = strrchr (name, '~');
      guint64 pid = 0;

      if (tilde == NULL
          || !g_ascii_string_to_unsigned (tilde + 1, 10, 1, G_MAXINT, &pid, NULL))
        continue;
      /* A live writer will update the catalog itself. */
      if ((pid_t) pid != getpid () && (kill ((pid_t) pid, 0) == 0 || errno == EPERM))
        continue;
      g_ptr_array_add (ids, g_strndup (name, tilde - name));
      g_ptr_array_add (files, g_build_filename (dir_path, name, NULL));
    }
  return ids;
}

/* Brings the catalog up to date with the dossiers whose writers died before
 * doing it.  Under the writer lock; if a writer holds it, this is left for
 * the next time. */
static gboolean
catch_up (HosoCatalog *catalog, GError **error)
{
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) ids = orphan_notes (catalog->archive, files);
  int lock_fd;

  if (ids->len == 0)
    return TRUE;
  lock_fd = hoso_archive_lock (catalog->archive, FALSE, NULL);
  if (lock_fd < 0)
    return TRUE;
  for (guint i = 0; i < ids->len; i++)
    {
      const char *id = g_ptr_array_index (ids, i);
      g_autoptr(GError) local = NULL;

      if (!hoso_catalog_sync_dossier (catalog, id, &local)
          && !g_error_matches (local, HOSO_ARCHIVE_ERROR,
                               HOSO_ARCHIVE_ERROR_NOT_FOUND))
        {
          hoso_archive_unlock (lock_fd);
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
      unlink (g_ptr_array_index (files, i));
    }
  hoso_archive_unlock (lock_fd);
  return TRUE;
}

HosoCatalog *
hoso_catalog_open (HosoArchive *archive, HosoIndexProgressFunc progress,
                   gpointer user_data, GError **error)
{
  g_autofree char *path = catalog_path (archive);
  g_autoptr(HosoCatalog) catalog = NULL;
  g_autoptr(GError) local = NULL;

  if (g_file_test (path, G_FILE_TEST_EXISTS))
    catalog = open_file (archive, path, &local);
  if (catalog == NULL || !is_current (catalog))
    {
      /* Missing, damaged or out of date: it is derived, make it again. */
      g_clear_pointer (&catalog, hoso_catalog_free);
      if (!hoso_catalog_rebuild (archive, TRUE, progress, user_data, error))
        return NULL;
      catalog = open_file (archive, path, error);
      if (catalog == NULL)
        return NULL;
    }
  if (!catch_up (catalog, error))
    return NULL;
  return g_steal_pointer (&catalog);
}

/* ---- Rebuilding ---------------------------------------------------------- */

/* Removes the catalog's files, for a catalog SQLite cannot open at all. */
static void
remove_catalog_files (const char *path)
{
  static const char *const suffixes[] = { "", "-wal", "-shm" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *p = g_strconcat (path, suffixes[i], NULL);
      unlink (p);
    }
}

gboolean
hoso_catalog_rebuild (HosoArchive *archive, gboolean wait,
                      HosoIndexProgressFunc progress,
                      gpointer user_data, GError **error)
{
  g_autofree char *path = catalog_path (archive);
  g_autoptr(HosoCatalog) catalog = NULL;
  g_autoptr(GError) local = NULL;
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(GArray) contents = NULL;
  int lock_fd;
  gboolean ok;

  /* A commit beside the rebuild could be missed by it: hold them off. */
  lock_fd = hoso_archive_lock (archive, wait, error);
  if (lock_fd < 0)
    return FALSE;

  /* Rebuilt in place, in one transaction: readers keep seeing the old
   * catalog until it commits.  A file SQLite cannot read is replaced. */
  catalog = open_file (archive, path, &local);
  if (catalog == NULL || !hoso_catalog_exec (catalog, "BEGIN IMMEDIATE", &local))
    {
      if (local && local->code != HOSO_INDEX_ERROR_CORRUPT)
        {
          hoso_archive_unlock (lock_fd);
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
      g_clear_pointer (&catalog, hoso_catalog_free);
      g_clear_error (&local);
      remove_catalog_files (path);
      catalog = open_file (archive, path, error);
      if (catalog == NULL || !hoso_catalog_exec (catalog, "BEGIN IMMEDIATE", error))
        {
          hoso_archive_unlock (lock_fd);
          return FALSE;
        }
    }

  ok = hoso_catalog_create_schema (catalog, error)
       && (ids = hoso_archive_list_dossiers (archive, error)) != NULL;
  for (guint i = 0; ok && i < ids->len; i++)
    {
      if (progress)
        progress (_("dossiers"), i, ids->len, user_data);
      ok = hoso_catalog_sync_versions (catalog, g_ptr_array_index (ids, i),
                                       NULL, error);
    }
  if (ok && progress)
    progress (_("dossiers"), ids->len, ids->len, user_data);
  if (ok)
    {
      contents = hoso_catalog_all_contents (catalog, error);
      ok = contents != NULL
           && hoso_catalog_index_cached (catalog, contents, progress,
                                         user_data, error);
    }
  if (ok)
    ok = hoso_catalog_exec (catalog, "COMMIT", error);
  else
    sqlite3_exec (catalog->db, "ROLLBACK", NULL, NULL, NULL);
  if (ok)
    {
      /* Everything is in the WAL now; move it into the file. */
      sqlite3_wal_checkpoint_v2 (catalog->db, NULL, SQLITE_CHECKPOINT_TRUNCATE,
                                 NULL, NULL);
    }
  hoso_archive_unlock (lock_fd);
  return ok;
}

/* ---- Counting ------------------------------------------------------------- */

gboolean
hoso_catalog_counts (HosoCatalog *catalog, HosoIndexCounts *out, GError **error)
{
  sqlite3_stmt *stmt;
  int rc;

  memset (out, 0, sizeof *out);
  stmt = hoso_catalog_stmt (catalog,
                            "SELECT text_status, count(*), sum(pages),"
                            " sum(ocr_pages) FROM content GROUP BY text_status",
                            error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      HosoTextStatus status;
      guint n = sqlite3_column_int (stmt, 1);

      if (!hoso_text_status_from_string ((const char *) sqlite3_column_text (stmt, 0),
                                         &status))
        continue;
      switch (status)
        {
        case HOSO_TEXT_PENDING: out->pending = n; break;
        case HOSO_TEXT_OK: out->ok = n; break;
        case HOSO_TEXT_UNSUPPORTED: out->unsupported = n; break;
        case HOSO_TEXT_FAILED: out->failed = n; break;
        }
      out->ocr_pages += sqlite3_column_int (stmt, 3);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return hoso_catalog_sqlite_error (catalog->db, error,
                                      _("cannot read the catalog"));
  stmt = hoso_catalog_stmt (catalog, "SELECT count(*) FROM page", error);
  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    out->pages = sqlite3_column_int (stmt, 0);
  sqlite3_reset (stmt);
  return TRUE;
}
