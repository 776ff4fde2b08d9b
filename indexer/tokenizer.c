/* tokenizer.c: Vietnamese words, and the FTS5 tokenizer made of them.
 *
 * People type Vietnamese with or without diacritics, and the rule is per
 * word: a word typed without any diacritic matches the word with or without
 * them ("mang" finds "măng" and "mạng"), a word typed with one matches only
 * that spelling ("măng" does not find "mạng").  The index therefore keeps
 * two forms of each word at the same position: its EXACT form (case folded,
 * canonically composed) and, when it differs, its FOLDED form (no marks,
 * đ as d).  A query word is looked up in its exact form only: a word
 * without diacritics is its own folded form, so it meets the folded forms of
 * every spelling, while a word with diacritics meets only exact forms.
 *
 * Neither FTS5's unicode61 nor Unicode itself folds đ to d (the letter has
 * no decomposition), hence a tokenizer of our own.  The exact form also puts
 * the tone mark of a syllable ending in oa, oe or uy in one place, so the old
 * and new spellings "hoà" and "hòa", "thuý" and "thúy" are one word, as
 * readers take them.
 */
#include "config.h"

#include <string.h>
#include <utf8proc.h>

#include "index-private.h"

/* Longest word kept whole, in code points; longer runs are cut.  No
 * Vietnamese syllable comes near it; it bounds the stack buffers. */
#define MAX_WORD 64
/* Room for a decomposed word: a code point decomposes into at most 4 here
 * (a letter, a vowel mark and a tone mark, or a Hangul syllable's 3). */
#define MAX_DECOMPOSED (MAX_WORD * 4)

static gboolean
is_word_char (utf8proc_int32_t c)
{
  if (c < 0x80)
    return g_ascii_isalnum (c);
  switch (utf8proc_category (c))
    {
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT: case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ME:
    case UTF8PROC_CATEGORY_ND: case UTF8PROC_CATEGORY_NL:
    case UTF8PROC_CATEGORY_NO:
      return TRUE;
    default:
      return FALSE;
    }
}

/* The five Vietnamese tone marks, as combining characters. */
static gboolean
is_tone_mark (utf8proc_int32_t c)
{
  return c == 0x0300 || c == 0x0301 || c == 0x0303 || c == 0x0309
         || c == 0x0323;
}

static gsize
encode (const utf8proc_int32_t *cps, gsize n, char *out)
{
  gsize len = 0;

  for (gsize i = 0; i < n; i++)
    len += utf8proc_encode_char (cps[i], (utf8proc_uint8_t *) out + len);
  return len;
}

/* Old and new spelling put the tone of a syllable ending in "oa", "oe" or
 * "uy" on different vowels: "hòa" and "hoà", "khỏe" and "khoẻ", "thúy" and
 * "thuý".  Moves a tone mark found on the first vowel of such an ending to
 * the second, in CPS (N decomposed, lowercase code points), so both
 * spellings give one word.  Only the ending is touched: elsewhere the place
 * of the tone is fixed, and a prefix typed with its tone ("nghiệ*") must
 * stay a prefix of the word. */
static void
place_tone (utf8proc_int32_t *cps, gsize n)
{
  gssize last = -1, first = -1;
  utf8proc_int32_t tone;

  /* The last two base letters, and what sits between them. */
  for (gssize i = (gssize) n - 1; i >= 0; i--)
    if (utf8proc_get_property (cps[i])->combining_class == 0)
      {
        if (last < 0)
          last = i;
        else
          {
            first = i;
            break;
          }
      }
  if (first < 0 || last != (gssize) n - 1 || last - first != 2
      || !is_tone_mark (cps[first + 1]))
    return;
  if (!((cps[first] == 'o' && (cps[last] == 'a' || cps[last] == 'e'))
        || (cps[first] == 'u' && cps[last] == 'y')))
    return;
  /* "quý": after q, u is part of the consonant, and the tone is on y. */
  if (cps[first] == 'u' && first > 0 && cps[first - 1] == 'q')
    return;
  tone = cps[first + 1];
  cps[first + 1] = cps[last];
  cps[last] = tone;
}

/* Fills EXACT and FOLDED (each of 4 * MAX_DECOMPOSED bytes) for the word
 * WORD (LEN bytes).  Returns FALSE if utf8proc refuses it. */
static gboolean
word_forms (const char *word, gsize len, char *exact, gsize *exact_len,
            char *folded, gsize *folded_len)
{
  utf8proc_int32_t cps[MAX_DECOMPOSED];
  utf8proc_int32_t plain[MAX_DECOMPOSED];
  utf8proc_ssize_t n;
  gsize n_folded = 0;
  gsize ascii;

  /* A word of ASCII letters and digits (a third of Vietnamese syllables,
   * and every number) is its own forms, lowercased: no need for utf8proc. */
  for (ascii = 0; ascii < len && (guchar) word[ascii] < 0x80; ascii++)
    exact[ascii] = folded[ascii] = g_ascii_tolower (word[ascii]);
  if (ascii == len)
    {
      *exact_len = *folded_len = len;
      return TRUE;
    }

  /* Decomposing also puts combining marks in canonical order, so text in
   * NFC, NFD or with marks in odd orders gives the same forms. */
  n = utf8proc_decompose ((const utf8proc_uint8_t *) word, len, cps,
                          MAX_DECOMPOSED,
                          UTF8PROC_DECOMPOSE | UTF8PROC_CASEFOLD);
  if (n < 0 || n > MAX_DECOMPOSED)
    return FALSE;
  place_tone (cps, n);
  memcpy (plain, cps, n * sizeof *cps);

  for (utf8proc_ssize_t i = 0; i < n; i++)
    {
      utf8proc_int32_t c = cps[i];
      const utf8proc_property_t *prop = utf8proc_get_property (c);

      if (prop->combining_class != 0 || prop->category == UTF8PROC_CATEGORY_MN)
        continue;
      cps[n_folded++] = c == 0x0111 ? 'd' : c;
    }
  *folded_len = encode (cps, n_folded, folded);

  n = utf8proc_normalize_utf32 (plain, n, UTF8PROC_COMPOSE | UTF8PROC_STABLE);
  if (n < 0)
    return FALSE;
  *exact_len = encode (plain, n, exact);
  return TRUE;
}

gboolean
hoso_vi_words (const char *text, gsize len, HosoWordFunc func,
               gpointer user_data)
{
  const utf8proc_uint8_t *s = (const utf8proc_uint8_t *) text;
  char exact[4 * MAX_DECOMPOSED], folded[4 * MAX_DECOMPOSED];
  gsize pos = 0, start = 0;
  guint n_chars = 0;
  gboolean in_word = FALSE;

  while (pos <= len)
    {
      utf8proc_int32_t c = -1;
      utf8proc_ssize_t step = 1;
      gboolean word_char = FALSE;

      if (pos < len)
        {
          step = utf8proc_iterate (s + pos, len - pos, &c);
          if (step <= 0)
            step = 1, c = -1;    /* a stray byte separates words */
          word_char = c >= 0 && is_word_char (c);
        }
      /* A word ends at a separator, at the end, or when it is too long. */
      if (in_word && (!word_char || n_chars == MAX_WORD))
        {
          gsize exact_len, folded_len;

          if (word_forms (text + start, pos - start, exact, &exact_len,
                          folded, &folded_len)
              && !func (exact, exact_len, folded, folded_len, start, pos,
                        user_data))
            return FALSE;
          in_word = FALSE;
        }
      if (word_char && !in_word)
        {
          in_word = TRUE;
          start = pos;
          n_chars = 0;
        }
      n_chars++;
      pos += step;
    }
  return TRUE;
}

/* ---- The FTS5 tokenizer ---------------------------------------------------- */

typedef struct {
  void *ctx;
  int (*token) (void *ctx, int flags, const char *token, int n, int start,
                int end);
  gboolean query;
  int rc;
} TokenizeState;

static gboolean
emit_word (const char *exact, gsize exact_len, const char *folded,
           gsize folded_len, gsize start, gsize end, gpointer user_data)
{
  TokenizeState *state = user_data;

  state->rc = state->token (state->ctx, 0, exact, (int) exact_len,
                            (int) start, (int) end);
  if (state->rc != SQLITE_OK)
    return FALSE;
  /* A query word stands in its exact form alone (see the top of the file). */
  if (state->query || (exact_len == folded_len
                       && memcmp (exact, folded, exact_len) == 0))
    return TRUE;
  state->rc = state->token (state->ctx, FTS5_TOKEN_COLOCATED, folded,
                            (int) folded_len, (int) start, (int) end);
  return state->rc == SQLITE_OK;
}

static int
vi_create (void *user_data, const char **args, int n_args,
           Fts5Tokenizer **out)
{
  if (n_args != 0)
    return SQLITE_ERROR;
  /* No state: any non-NULL pointer will do. */
  *out = (Fts5Tokenizer *) user_data;
  return SQLITE_OK;
}

static void
vi_delete (Fts5Tokenizer *tokenizer)
{
}

static int
vi_tokenize (Fts5Tokenizer *tokenizer, void *ctx, int flags, const char *text,
             int len, int (*token) (void *, int, const char *, int, int, int))
{
  TokenizeState state = { ctx, token, (flags & FTS5_TOKENIZE_QUERY) != 0,
                          SQLITE_OK };

  if (len > 0)
    hoso_vi_words (text, (gsize) len, emit_word, &state);
  return state.rc;
}

static fts5_api *
fts5_api_of (sqlite3 *db)
{
  fts5_api *api = NULL;
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (db, "SELECT fts5(?1)", -1, &stmt, NULL) != SQLITE_OK)
    return NULL;
  sqlite3_bind_pointer (stmt, 1, &api, "fts5_api_ptr", NULL);
  sqlite3_step (stmt);
  sqlite3_finalize (stmt);
  return api;
}

gboolean
hoso_vi_tokenizer_register (sqlite3 *db, GError **error)
{
  static fts5_tokenizer vtable = { vi_create, vi_delete, vi_tokenize };
  static int token = 1;
  fts5_api *api = fts5_api_of (db);

  if (api == NULL)
    {
      g_set_error_literal (error, HOSO_INDEX_ERROR, HOSO_INDEX_ERROR_FAILED,
                           _("this SQLite has no full-text search (FTS5)"));
      return FALSE;
    }
  if (api->xCreateTokenizer (api, HOSO_VI_TOKENIZER, &token, &vtable, NULL)
      != SQLITE_OK)
    {
      g_set_error (error, HOSO_INDEX_ERROR, HOSO_INDEX_ERROR_FAILED,
                   _("cannot register the search tokenizer: %s"),
                   sqlite3_errmsg (db));
      return FALSE;
    }
  return TRUE;
}
