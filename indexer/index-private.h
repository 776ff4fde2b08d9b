/* index-private.h: what the files of indexer/ share and nobody else uses. */
#pragma once

#include <glib.h>
#include <glib/gi18n.h>
#include <sqlite3.h>

#include "hoso-index.h"

G_BEGIN_DECLS

/* ---- Words (tokenizer.c) ------------------------------------------------- */

/* The FTS5 tokenizer's name.  The number changes whenever the words it makes
 * change, since an index built by another version would answer wrongly; a
 * catalog built with another name is rebuilt. */
#define HOSO_VI_TOKENIZER "hoso_vi_1"

/* One word of a text: its search form EXACT (case folded, NFC, the tone
 * mark placed canonically), its FOLDED form (no diacritics, đ as d), and
 * where it is in the text (bytes START to END).  FOLDED equals EXACT for a
 * word without diacritics.  Return FALSE to stop. */
typedef gboolean (*HosoWordFunc) (const char *exact, gsize exact_len,
                                  const char *folded, gsize folded_len,
                                  gsize start, gsize end, gpointer user_data);

/* Calls FUNC for each word of the UTF-8 TEXT (LEN bytes).  A word is a run
 * of letters, digits and combining marks; anything else separates words.
 * Returns FALSE if FUNC stopped it. */
gboolean hoso_vi_words (const char *text, gsize len, HosoWordFunc func,
                        gpointer user_data);

/* Registers the tokenizer HOSO_VI_TOKENIZER on DB. */
gboolean hoso_vi_tokenizer_register (sqlite3 *db, GError **error);

/* ---- Queries (query.c) --------------------------------------------------- */

typedef struct {
  char *exact;                /* search form of one word, as hoso_vi_words */
  gboolean prefix;            /* matches words starting with EXACT */
} HosoQueryWord;

typedef struct {
  char *fts;                  /* the FTS5 MATCH expression, every term quoted */
  GPtrArray *words;           /* HosoQueryWord *: the words to highlight */
  GPtrArray *dossiers;        /* char *: dossier: filters (any of them) */
  GPtrArray *types;           /* char *: type: filters */
  GArray *years;              /* int: year: filters */
  GPtrArray *paths;           /* char *: path: prefixes, full logical paths */
} HosoQuery;

/* Compiles hoso's query language (README: "Search") into a HosoQuery.
 * HOSO_INDEX_ERROR_QUERY, with a sentence a person can act on, for a query
 * that cannot be searched. */
HosoQuery *hoso_query_parse (const char *text, GError **error);
void hoso_query_free (HosoQuery *query);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HosoQuery, hoso_query_free)

/* TRUE if the word EXACT/FOLDED of a document matches WORD. */
gboolean hoso_query_word_matches (const HosoQueryWord *word,
                                  const char *exact, gsize exact_len,
                                  const char *folded, gsize folded_len);

/* ---- Snippets (search.c) ------------------------------------------------- */

/* A stretch of at most MAX_CHARS characters of TEXT around the words of
 * QUERY, with whitespace runs made single spaces, and the matches in it
 * (HosoSearchMatch, in characters).  Caller frees *OUT_MATCHES. */
char *hoso_snippet_make (const char *text, const HosoQuery *query,
                         guint max_chars, GArray **out_matches);

G_END_DECLS

G_BEGIN_DECLS

/* ---- The catalog (catalog.c) -------------------------------------------- */

/* Bumped whenever schemas/catalog.sql changes; a catalog of another version
 * is rebuilt on open. */
#define HOSO_CATALOG_VERSION 2

/* A page's row id in the catalog: its content's id and its number in one
 * integer (see schemas/catalog.sql); numbers stay below 2^20. */
#define HOSO_PAGE_BITS 20
#define HOSO_PAGE_ID(content, number) (((gint64) (content) << HOSO_PAGE_BITS) | (number))

struct _HosoCatalog {
  HosoArchive *archive;       /* borrowed */
  sqlite3 *db;
  char *text_dir;             /* ARCHIVE/text */
  GHashTable *statements;     /* SQL text -> sqlite3_stmt *, prepared once */
};

/* Sets ERROR from DB's last error, after WHAT (already translated): CORRUPT
 * if the file is damaged, FAILED otherwise.  Returns FALSE. */
gboolean hoso_catalog_sqlite_error (sqlite3 *db, GError **error,
                                    const char *what);

/* SQL prepared on CATALOG's connection, reset and with its bindings
 * cleared; owned by the catalog.  NULL with an error. */
sqlite3_stmt *hoso_catalog_stmt (HosoCatalog *catalog, const char *sql,
                                 GError **error);

/* Runs SQL (no results) on CATALOG. */
gboolean hoso_catalog_exec (HosoCatalog *catalog, const char *sql,
                            GError **error);

/* Steps STMT to its end; FALSE with an error if it fails. */
gboolean hoso_catalog_step_done (HosoCatalog *catalog, sqlite3_stmt *stmt,
                                 GError **error);

/* Writes into the WAL what it holds, as far as readers allow, so it does
 * not grow without bound while a server reads. */
void hoso_catalog_checkpoint (HosoCatalog *catalog);

/* Drops everything and creates the schema (schemas/catalog.sql), in the
 * caller's transaction. */
gboolean hoso_catalog_create_schema (HosoCatalog *catalog, GError **error);

/* ---- Filling it (catalog-sync.c, index-text.c) --------------------------- */

/* Adds the versions of dossier ID that the catalog lacks, in the caller's
 * transaction.  Contents seen for the first time are appended to
 * NEW_CONTENTS (gint64; may be NULL). */
gboolean hoso_catalog_sync_versions (HosoCatalog *catalog, const char *id,
                                     GArray *new_contents, GError **error);

/* The ids (gint64) of all contents in the catalog. */
GArray *hoso_catalog_all_contents (HosoCatalog *catalog, GError **error);

/* Records EXTRACTION as the text of content CONTENT_ID: its status and
 * metadata, and its pages in the full-text index (replacing any earlier
 * ones).  Runs inside the caller's transaction. */
gboolean hoso_catalog_index_extraction (HosoCatalog *catalog, gint64 content_id,
                                        const HosoExtraction *extraction,
                                        GError **error);

/* Indexes the cached text of every content in CONTENT_IDS (gint64) that has
 * an entry in the text cache.  PROGRESS as for the catalog. */
gboolean hoso_catalog_index_cached (HosoCatalog *catalog, GArray *content_ids,
                                    HosoIndexProgressFunc progress,
                                    gpointer user_data, GError **error);

G_END_DECLS
