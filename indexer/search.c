/* search.c: finding pages, ranking them, and showing where the words are.
 *
 * One SQL statement ranks every matching page of the head versions by
 * bm25 and keeps the best LIMIT (and counts them all on the way); only for
 * those is the page's text read and a snippet made.  A snippet is a stretch
 * of the page as written, with the offsets of the matching words: no markup
 * is ever put into text that came from a document, so whoever shows it
 * (a terminal, the web page) escapes and highlights it its own way.
 */
#include "config.h"

#include <string.h>

#include "index-private.h"

/* Characters of page text around the matches. */
#define SNIPPET_CHARS 200

void
hoso_search_hit_free (HosoSearchHit *hit)
{
  g_free (hit->dossier);
  g_free (hit->path);
  g_free (hit->digest);
  g_free (hit->type);
  g_free (hit->snippet);
  if (hit->matches)
    g_array_unref (hit->matches);
  g_free (hit);
}

void
hoso_search_result_free (HosoSearchResult *result)
{
  if (result == NULL)
    return;
  if (result->hits)
    g_ptr_array_unref (result->hits);
  g_free (result);
}

/* ---- Snippets ------------------------------------------------------------ */

typedef struct {
  const HosoQuery *query;
  GArray *spans;              /* HosoSearchMatch, in bytes for now */
} MatchState;

static gboolean
find_match (const char *exact, gsize exact_len, const char *folded,
            gsize folded_len, gsize start, gsize end, gpointer user_data)
{
  MatchState *state = user_data;

  for (guint i = 0; i < state->query->words->len; i++)
    if (hoso_query_word_matches (g_ptr_array_index (state->query->words, i),
                                 exact, exact_len, folded, folded_len))
      {
        HosoSearchMatch span = { (guint) start, (guint) (end - start) };
        g_array_append_val (state->spans, span);
        break;
      }
  return TRUE;
}

/* The byte where a window of MAX_BYTES should start to hold the most
 * matches, a little before the first of them. */
static gsize
best_window (const char *text, GArray *spans, gsize max_bytes)
{
  guint best = 0, best_count = 0;

  for (guint i = 0; i < spans->len; i++)
    {
      const HosoSearchMatch *a = &g_array_index (spans, HosoSearchMatch, i);
      guint count = 0;
      for (guint j = i; j < spans->len; j++)
        {
          const HosoSearchMatch *b = &g_array_index (spans, HosoSearchMatch, j);
          if (b->start + b->length > a->start + max_bytes * 3 / 4)
            break;
          count++;
        }
      if (count > best_count)
        best = i, best_count = count;
    }
  if (spans->len == 0)
    return 0;
  {
    gsize start = g_array_index (spans, HosoSearchMatch, best).start;
    gsize lead = max_bytes / 4;
    const char *p = text + (start > lead ? start - lead : 0);

    /* Start on a character, and on a word if one begins soon. */
    while (p > text && (*p & 0xC0) == 0x80)
      p--;
    for (const char *q = p; p > text && q < text + start; q++)
      if (g_ascii_isspace (*q))
        {
          p = q + 1;
          break;
        }
    return p - text;
  }
}

/* A snippet cut at MAX_CHARS ends at the last space instead of inside a
 * word, unless that would cut a match. */
static void
trim_partial_word (GString *out, guint n_chars, guint max_chars,
                   GArray *matches)
{
  const char *space;
  guint last_match_end = 0;

  if (n_chars < max_chars || (space = strrchr (out->str, ' ')) == NULL)
    return;
  if (matches->len > 0)
    {
      const HosoSearchMatch *m = &g_array_index (matches, HosoSearchMatch,
                                                 matches->len - 1);
      last_match_end = m->start + m->length;
    }
  if ((guint) g_utf8_pointer_to_offset (out->str, space) >= last_match_end)
    g_string_truncate (out, space - out->str);
}

char *
hoso_snippet_make (const char *text, const HosoQuery *query, guint max_chars,
                   GArray **out_matches)
{
  g_autoptr(GArray) spans = g_array_new (FALSE, FALSE, sizeof (HosoSearchMatch));
  GArray *matches = g_array_new (FALSE, FALSE, sizeof (HosoSearchMatch));
  MatchState state = { query, spans };
  gsize len = strlen (text), from, to;
  GString *out = g_string_new (NULL);
  guint next = 0, n_chars = 0;
  gboolean space = FALSE;

  hoso_vi_words (text, len, find_match, &state);
  /* Vietnamese letters are 1 to 3 bytes: a window of 2 bytes a character
   * holds about MAX_CHARS; the loop below stops at MAX_CHARS anyway. */
  from = best_window (text, spans, (gsize) max_chars * 2);
  to = len;
  while (next < spans->len && g_array_index (spans, HosoSearchMatch, next).start < from)
    next++;

  /* Copy from FROM, white space runs as one space, noting where each match
   * lands in characters of the snippet. */
  for (const char *p = text + from; p < text + to && n_chars < max_chars;
       p = g_utf8_next_char (p))
    {
      gsize at = p - text;
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c))
        {
          space = out->len > 0;
          continue;
        }
      if (space)
        {
          g_string_append_c (out, ' ');
          n_chars++;
          space = FALSE;
        }
      if (next < spans->len && g_array_index (spans, HosoSearchMatch, next).start == at)
        {
          const HosoSearchMatch *span = &g_array_index (spans, HosoSearchMatch, next);
          HosoSearchMatch m = { n_chars,
                                (guint) g_utf8_strlen (text + span->start, span->length) };
          /* A match cut by the end of the snippet is left out. */
          if (n_chars + m.length <= max_chars)
            g_array_append_val (matches, m);
          next++;
        }
      g_string_append_unichar (out, c);
      n_chars++;
    }
  trim_partial_word (out, n_chars, max_chars, matches);
  *out_matches = matches;
  return g_string_free (out, FALSE);
}

/* ---- The search ---------------------------------------------------------- */

/* " AND (COLUMN = ? OR COLUMN = ?)" for N values, numbered from *PARAM. */
static void
append_any (GString *sql, const char *column, guint n, int *param)
{
  if (n == 0)
    return;
  g_string_append (sql, " AND (");
  for (guint i = 0; i < n; i++)
    g_string_append_printf (sql, "%s%s = ?%d", i ? " OR " : "", column, (*param)++);
  g_string_append_c (sql, ')');
}

/* What the ranking and the count share: the matching pages of the head
 * versions, filtered.  A page's row id carries its content's id (see
 * schemas/catalog.sql), so a page leads to its files without a lookup. */
static void
append_matches (GString *sql, const HosoQuery *query)
{
  int param = 3;
  gboolean need_content = query->types->len > 0 || query->years->len > 0;

  g_string_append_printf (sql,
                          " FROM page_text"
                          " JOIN file f ON f.content = (page_text.rowid >> %d)"
                          " JOIN dossier d ON d.id = f.dossier AND f.version = d.head",
                          HOSO_PAGE_BITS);
  if (need_content)
    g_string_append (sql, " JOIN content c ON c.id = f.content");
  g_string_append (sql, " WHERE page_text MATCH ?1");
  append_any (sql, "d.name", query->dossiers->len, &param);
  append_any (sql, "c.type", query->types->len, &param);
  append_any (sql, "coalesce(c.year, d.year)", query->years->len, &param);
  if (query->paths->len > 0)
    {
      g_string_append (sql, " AND (");
      for (guint i = 0; i < query->paths->len; i++, param++)
        g_string_append_printf (sql, "%ssubstr(f.path, 1, length(?%d)) = ?%d",
                                i ? " OR " : "", param, param);
      g_string_append_c (sql, ')');
    }
}

/* The best ?2 hits.  Counting them all in the same statement (a window
 * function) would make SQLite sort every match with its columns instead of
 * keeping the best few: twice the time, so the count is a statement of its
 * own. */
static char *
rank_sql (const HosoQuery *query)
{
  GString *sql = g_string_new ("SELECT page_text.rowid, d.name, f.version, f.path,"
                               " f.content, page_text.rank AS score");

  append_matches (sql, query);
  g_string_append (sql, " ORDER BY score, d.name, f.path, page_text.rowid LIMIT ?2");
  return g_string_free (sql, FALSE);
}

/* How many match, up to one more than CAP. */
static char *
count_sql (const HosoQuery *query, guint cap)
{
  GString *sql = g_string_new ("SELECT count(*) FROM (SELECT 1");

  append_matches (sql, query);
  g_string_append_printf (sql, " LIMIT %u)", cap + 1);
  return g_string_free (sql, FALSE);
}

static void
bind_filters (sqlite3_stmt *stmt, const HosoQuery *query)
{
  int param = 3;

  for (guint i = 0; i < query->dossiers->len; i++)
    sqlite3_bind_text (stmt, param++, g_ptr_array_index (query->dossiers, i), -1,
                       SQLITE_STATIC);
  for (guint i = 0; i < query->types->len; i++)
    sqlite3_bind_text (stmt, param++, g_ptr_array_index (query->types, i), -1,
                       SQLITE_STATIC);
  for (guint i = 0; i < query->years->len; i++)
    sqlite3_bind_int (stmt, param++, g_array_index (query->years, int, i));
  for (guint i = 0; i < query->paths->len; i++)
    sqlite3_bind_text (stmt, param++, g_ptr_array_index (query->paths, i), -1,
                       SQLITE_STATIC);
}

/* Prepares SQL on CATALOG with QUERY's match expression and filters bound
 * (?2, the limit, is left to the caller). */
static sqlite3_stmt *
prepare_search (HosoCatalog *catalog, const char *sql, const HosoQuery *query,
                GError **error)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (catalog->db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      hoso_catalog_sqlite_error (catalog->db, error, _("cannot search the catalog"));
      sqlite3_finalize (stmt);
      return NULL;
    }
  sqlite3_bind_text (stmt, 1, query->fts, -1, SQLITE_STATIC);
  bind_filters (stmt, query);
  return stmt;
}

static char *
dup_column (sqlite3_stmt *stmt, int i)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, i));
}

/* Fills in what a hit needs besides its rank: its content's digest and
 * type, and a snippet of its page. */
static gboolean
complete_hit (HosoCatalog *catalog, const HosoQuery *query, gint64 page_id,
              gint64 content_id, HosoSearchHit *hit, GError **error)
{
  sqlite3_stmt *stmt = hoso_catalog_stmt (catalog,
                                          "SELECT c.digest, c.type, p.text"
                                          " FROM content c, page p"
                                          " WHERE c.id = ?1 AND p.id = ?2", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, content_id);
  sqlite3_bind_int64 (stmt, 2, page_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      return hoso_catalog_sqlite_error (catalog->db, error,
                                        _("cannot read the catalog"));
    }
  hit->digest = dup_column (stmt, 0);
  hit->type = dup_column (stmt, 1);
  hit->snippet = hoso_snippet_make ((const char *) sqlite3_column_text (stmt, 2),
                                    query, SNIPPET_CHARS, &hit->matches);
  sqlite3_reset (stmt);
  return TRUE;
}

/* HITS (best first) ordered by dossier, dossiers by their best hit, in a
 * new array that owns them. */
static GPtrArray *
group_by_dossier (GPtrArray *hits)
{
  GPtrArray *grouped = g_ptr_array_new_full (hits->len,
                                             (GDestroyNotify) hoso_search_hit_free);
  g_autoptr(GHashTable) taken = g_hash_table_new (NULL, NULL);

  for (guint i = 0; i < hits->len; i++)
    {
      HosoSearchHit *first = g_ptr_array_index (hits, i);
      if (g_hash_table_contains (taken, first))
        continue;
      for (guint j = i; j < hits->len; j++)
        {
          HosoSearchHit *hit = g_ptr_array_index (hits, j);
          if (!g_hash_table_contains (taken, hit)
              && strcmp (hit->dossier, first->dossier) == 0)
            {
              g_hash_table_add (taken, hit);
              g_ptr_array_add (grouped, hit);
            }
        }
    }
  return grouped;
}

static gboolean
count_matches (HosoCatalog *catalog, const HosoQuery *query, guint cap,
               guint *out_total, GError **error)
{
  g_autofree char *sql = count_sql (query, cap);
  sqlite3_stmt *stmt = prepare_search (catalog, sql, query, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *out_total = sqlite3_column_int (stmt, 0);
  else
    hoso_catalog_sqlite_error (catalog->db, error, _("cannot search the catalog"));
  sqlite3_finalize (stmt);
  return rc == SQLITE_ROW;
}

HosoSearchResult *
hoso_catalog_search (HosoCatalog *catalog, const char *text, guint limit,
                     GError **error)
{
  g_autoptr(HosoQuery) query = hoso_query_parse (text, error);
  g_autoptr(GPtrArray) hits = NULL;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(HosoSearchResult) result = g_new0 (HosoSearchResult, 1);
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt;
  int rc;

  if (query == NULL)
    return NULL;
  sql = rank_sql (query);
  stmt = prepare_search (catalog, sql, query, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int (stmt, 2, limit);

  hits = g_ptr_array_new_with_free_func ((GDestroyNotify) hoso_search_hit_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      HosoSearchHit *hit = g_new0 (HosoSearchHit, 1);
      gint64 page_id = sqlite3_column_int64 (stmt, 0);
      gint64 content_id = sqlite3_column_int64 (stmt, 4);

      hit->dossier = dup_column (stmt, 1);
      hit->version = sqlite3_column_int (stmt, 2);
      hit->path = dup_column (stmt, 3);
      hit->page = (guint) (page_id & ((1 << HOSO_PAGE_BITS) - 1));
      hit->score = sqlite3_column_double (stmt, 5);
      g_ptr_array_add (hits, hit);
      g_array_append_val (ids, page_id);
      g_array_append_val (ids, content_id);
    }
  if (rc != SQLITE_DONE)
    hoso_catalog_sqlite_error (catalog->db, error, _("cannot search the catalog"));
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return NULL;
  for (guint i = 0; i < hits->len; i++)
    if (!complete_hit (catalog, query, g_array_index (ids, gint64, 2 * i),
                       g_array_index (ids, gint64, 2 * i + 1),
                       g_ptr_array_index (hits, i), error))
      return NULL;
  /* Fewer hits than asked for are all there is. */
  if (hits->len < limit)
    result->total = hits->len;
  else
    {
      /* Never less than the hits asked for, so a total is never below
       * the number of hits shown. */
      guint cap = MAX (limit, HOSO_SEARCH_COUNT_MAX);
      if (!count_matches (catalog, query, cap, &result->total, error))
        return NULL;
      if (result->total > cap)
        {
          result->total = cap;
          result->total_capped = TRUE;
        }
    }
  result->hits = group_by_dossier (hits);
  /* The hits now belong to RESULT->hits. */
  g_ptr_array_set_free_func (hits, NULL);
  return g_steal_pointer (&result);
}
