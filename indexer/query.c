/* query.c: hoso's query language, compiled to an FTS5 expression.
 *
 * What a person types in the search box:
 *
 *   măng cụt              both words, anywhere on the page (AND)
 *   "an toàn thực phẩm"   the words next to each other, in this order
 *   chè OR trà            either word; OR binds the two terms beside it
 *   -mạng                 pages without the word
 *   kiem*                 words starting with "kiem"
 *   dossier:QNA-2024-0012  type:pdf  year:2024  path:documents/kiem-nghiem
 *
 * Every term reaches FTS5 inside double quotes, so hyphens, colons, ids and
 * FTS5's own keywords are never read as syntax: "QNA-2024-0012" is simply
 * the phrase qna 2024 0012.  Filters become SQL conditions (search.c); a key
 * that is not a filter ("10:30", "http:") is taken as words.
 */
#include "config.h"

#include <string.h>

#include "hoso-archive.h"
#include "index-private.h"
#include "vn-text.h"

static const char *const known_types[] = {
  "pdf", "docx", "xlsx", "pptx", "odt", "ods", "odp", "txt", "csv", "html",
  "xml", NULL
};

typedef struct {
  char *text;                 /* the term as typed, without quotes or '*' */
  gboolean prefix;
} Term;

static void
term_free (Term *term)
{
  g_free (term->text);
  g_free (term);
}

static void
query_word_free (HosoQueryWord *word)
{
  g_free (word->exact);
  g_free (word);
}

void
hoso_query_free (HosoQuery *query)
{
  if (query == NULL)
    return;
  g_free (query->fts);
  g_ptr_array_unref (query->words);
  g_ptr_array_unref (query->dossiers);
  g_ptr_array_unref (query->types);
  g_array_unref (query->years);
  g_ptr_array_unref (query->paths);
  g_free (query);
}

/* ---- Reading the typed text ---------------------------------------------- */

typedef struct {
  const char *p;
} Reader;

/* Reads a quoted string starting after its opening quote, up to the closing
 * quote (or the end, if the person forgot it). */
static char *
read_quoted (Reader *r)
{
  const char *end = strchr (r->p, '"');
  char *s;

  if (end == NULL)
    end = r->p + strlen (r->p);
  s = g_strndup (r->p, end - r->p);
  r->p = *end ? end + 1 : end;
  return s;
}

static char *
read_bare (Reader *r)
{
  const char *start = r->p;

  while (*r->p && !g_ascii_isspace (*r->p))
    r->p++;
  return g_strndup (start, r->p - start);
}

/* ---- Filters ------------------------------------------------------------- */

static gboolean
add_filter (HosoQuery *query, const char *key, const char *value,
            GError **error)
{
  if (strcmp (key, "dossier") == 0)
    {
      g_autofree char *upper = g_ascii_strup (value, -1);
      if (!hoso_dossier_id_validate (upper, NULL))
        {
          g_set_error (error, HOSO_INDEX_ERROR, HOSO_INDEX_ERROR_QUERY,
                       _("“%s” is not a dossier id: write it like dossier:QNA-2024-0012"),
                       value);
          return FALSE;
        }
      g_ptr_array_add (query->dossiers, g_steal_pointer (&upper));
    }
  else if (strcmp (key, "type") == 0)
    {
      g_autofree char *lower = g_ascii_strdown (value, -1);
      if (!g_strv_contains (known_types, lower))
        {
          g_autofree char *list = g_strjoinv (", ", (char **) known_types);
          g_set_error (error, HOSO_INDEX_ERROR, HOSO_INDEX_ERROR_QUERY,
                       _("“%s” is not a type hoso knows; use one of %s"),
                       value, list);
          return FALSE;
        }
      g_ptr_array_add (query->types, g_steal_pointer (&lower));
    }
  else if (strcmp (key, "year") == 0)
    {
      guint64 year = 0;
      if (strlen (value) != 4
          || !g_ascii_string_to_unsigned (value, 10, 1900, 2999, &year, NULL))
        {
          g_set_error (error, HOSO_INDEX_ERROR, HOSO_INDEX_ERROR_QUERY,
                       _("“%s” is not a year: write it like year:2024"), value);
          return FALSE;
        }
      int y = (int) year;
      g_array_append_val (query->years, y);
    }
  else /* path */
    {
      g_autofree char *nfc = hoso_vn_normalize (value, -1);
      const char *rest = nfc[0] == '/' ? nfc + 1 : nfc;
      if (*rest == '\0')
        {
          g_set_error_literal (error, HOSO_INDEX_ERROR, HOSO_INDEX_ERROR_QUERY,
                               _("path: needs a folder or file name, like path:documents/kiem-nghiem"));
          return FALSE;
        }
      if (g_str_has_prefix (rest, "documents/")
          || g_str_has_prefix ("dossier.xml", rest))
        g_ptr_array_add (query->paths, g_strdup (rest));
      else
        g_ptr_array_add (query->paths, g_strconcat ("documents/", rest, NULL));
    }
  return TRUE;
}

/* KEY if ITEM starts with a filter key and a colon ("type:pdf"), else NULL. */
static const char *
filter_key (const char *item)
{
  static const char *const keys[] = { "dossier", "type", "year", "path" };

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      gsize n = strlen (keys[i]);
      if (g_ascii_strncasecmp (item, keys[i], n) == 0 && item[n] == ':')
        return keys[i];
    }
  return NULL;
}

/* ---- Compiling ------------------------------------------------------------ */

static gboolean
count_word (const char *exact, gsize exact_len, const char *folded,
            gsize folded_len, gsize start, gsize end, gpointer user_data)
{
  (*(guint *) user_data)++;
  return TRUE;
}

static guint
n_words (const char *text)
{
  guint n = 0;

  hoso_vi_words (text, strlen (text), count_word, &n);
  return n;
}

typedef struct {
  GPtrArray *words;
  guint n, i;
  gboolean prefix;
} WordCollector;

static gboolean
collect_word (const char *exact, gsize exact_len, const char *folded,
              gsize folded_len, gsize start, gsize end, gpointer user_data)
{
  WordCollector *c = user_data;
  HosoQueryWord *word = g_new0 (HosoQueryWord, 1);

  word->exact = g_strndup (exact, exact_len);
  /* Only the last word of a prefix term ("an toan thuc*") is a prefix. */
  word->prefix = c->prefix && ++c->i == c->n;
  g_ptr_array_add (c->words, word);
  return TRUE;
}

static void
append_term (GString *fts, const Term *term)
{
  g_string_append_c (fts, '"');
  for (const char *p = term->text; *p; p++)
    {
      if (*p == '"')
        g_string_append_c (fts, '"');
      g_string_append_c (fts, *p);
    }
  g_string_append_c (fts, '"');
  if (term->prefix)
    g_string_append (fts, " *");
}

/* "(a OR b)" for a group of terms, "a" for one. */
static void
append_group (GString *fts, GPtrArray *group)
{
  if (group->len > 1)
    g_string_append_c (fts, '(');
  for (guint i = 0; i < group->len; i++)
    {
      if (i > 0)
        g_string_append (fts, " OR ");
      append_term (fts, g_ptr_array_index (group, i));
    }
  if (group->len > 1)
    g_string_append_c (fts, ')');
}

static Term *
term_new (char *text, gboolean prefix)
{
  Term *term = g_new0 (Term, 1);

  term->text = text;
  term->prefix = prefix;
  return term;
}

/* Splits TEXT into groups of positive terms (each group ORed), negative
 * terms and filters. */
static gboolean
read_query (HosoQuery *query, const char *text, GPtrArray *groups,
            GPtrArray *negatives, GError **error)
{
  Reader r = { text };
  gboolean or_pending = FALSE;

  for (;;)
    {
      gboolean negative = FALSE, prefix = FALSE, quoted = FALSE;
      char *item;
      const char *key;

      while (g_ascii_isspace (*r.p))
        r.p++;
      if (*r.p == '\0')
        break;
      if (*r.p == '-' && r.p[1] != '\0' && !g_ascii_isspace (r.p[1]))
        negative = TRUE, r.p++;
      if (*r.p == '"')
        {
          r.p++;
          item = read_quoted (&r);
          quoted = TRUE;
          if (*r.p == '*')
            prefix = TRUE, r.p++;
        }
      else
        {
          item = read_bare (&r);
          if ((key = filter_key (item)) != NULL && !negative)
            {
              g_autofree char *owned = item;
              g_autofree char *value = NULL;
              const char *v = item + strlen (key) + 1;
              if (*v == '"')
                {
                  /* A quoted value may hold spaces: read on from the quote. */
                  r.p -= strlen (v) - 1;
                  value = read_quoted (&r);
                }
              else
                value = g_strdup (v);
              if (*value == '\0')
                {
                  g_set_error (error, HOSO_INDEX_ERROR, HOSO_INDEX_ERROR_QUERY,
                               _("“%s” needs a value after the colon"), owned);
                  return FALSE;
                }
              if (!add_filter (query, key, value, error))
                return FALSE;
              continue;
            }
          if (strcmp (item, "OR") == 0 && !negative)
            {
              g_free (item);
              or_pending = groups->len > 0;
              continue;
            }
          if (g_str_has_suffix (item, "*"))
            {
              prefix = TRUE;
              item[strlen (item) - 1] = '\0';
            }
        }
      (void) quoted;
      /* A term with no word in it ("-", "?!", "***") finds nothing. */
      if (n_words (item) == 0)
        {
          g_free (item);
          continue;
        }
      if (negative)
        g_ptr_array_add (negatives, term_new (item, prefix));
      else if (or_pending)
        {
          g_ptr_array_add (g_ptr_array_index (groups, groups->len - 1),
                           term_new (item, prefix));
          or_pending = FALSE;
        }
      else
        {
          GPtrArray *group = g_ptr_array_new_with_free_func ((GDestroyNotify) term_free);
          g_ptr_array_add (group, term_new (item, prefix));
          g_ptr_array_add (groups, group);
        }
    }
  return TRUE;
}

HosoQuery *
hoso_query_parse (const char *text, GError **error)
{
  g_autoptr(HosoQuery) query = g_new0 (HosoQuery, 1);
  g_autoptr(GPtrArray) groups = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  g_autoptr(GPtrArray) negatives = g_ptr_array_new_with_free_func ((GDestroyNotify) term_free);
  g_autofree char *nfc = NULL;
  GString *fts;

  query->words = g_ptr_array_new_with_free_func ((GDestroyNotify) query_word_free);
  query->dossiers = g_ptr_array_new_with_free_func (g_free);
  query->types = g_ptr_array_new_with_free_func (g_free);
  query->years = g_array_new (FALSE, FALSE, sizeof (int));
  query->paths = g_ptr_array_new_with_free_func (g_free);

  if (!g_utf8_validate (text, -1, NULL))
    {
      g_set_error_literal (error, HOSO_INDEX_ERROR, HOSO_INDEX_ERROR_QUERY,
                           _("the query is not valid UTF-8 text"));
      return NULL;
    }
  nfc = hoso_vn_normalize (text, -1);
  if (!read_query (query, nfc, groups, negatives, error))
    return NULL;
  if (groups->len == 0)
    {
      g_set_error_literal (error, HOSO_INDEX_ERROR, HOSO_INDEX_ERROR_QUERY,
                           negatives->len > 0
                           ? _("the query only says what to leave out; add a word to search for")
                           : _("the query has no word to search for"));
      return NULL;
    }

  fts = g_string_new (NULL);
  for (guint i = 0; i < groups->len; i++)
    {
      GPtrArray *group = g_ptr_array_index (groups, i);
      if (i > 0)
        g_string_append (fts, " AND ");
      append_group (fts, group);
      for (guint j = 0; j < group->len; j++)
        {
          const Term *term = g_ptr_array_index (group, j);
          WordCollector c = { query->words, n_words (term->text), 0,
                              term->prefix };
          hoso_vi_words (term->text, strlen (term->text), collect_word, &c);
        }
    }
  if (negatives->len > 0)
    {
      g_string_prepend_c (fts, '(');
      g_string_append (fts, ") NOT ");
      append_group (fts, negatives);
    }
  query->fts = g_string_free (fts, FALSE);
  return g_steal_pointer (&query);
}

gboolean
hoso_query_word_matches (const HosoQueryWord *word, const char *exact,
                         gsize exact_len, const char *folded, gsize folded_len)
{
  gsize n = strlen (word->exact);

  if (word->prefix)
    return (exact_len >= n && memcmp (exact, word->exact, n) == 0)
           || (folded_len >= n && memcmp (folded, word->exact, n) == 0);
  return (exact_len == n && memcmp (exact, word->exact, n) == 0)
         || (folded_len == n && memcmp (folded, word->exact, n) == 0);
}
