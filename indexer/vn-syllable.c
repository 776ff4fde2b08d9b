/* vn-syllable.c: the spelling rules of Vietnamese syllables.
 *
 * A syllable is an initial consonant (maybe none), a vowel nucleus, a final
 * consonant (maybe none) and at most one tone mark, on a vowel.  Which
 * finals a nucleus takes, and that a syllable ending in c, ch, p or t has
 * the acute or the dot below, rule out nearly everything that is not
 * Vietnamese: this is what makes legacy detection (vn-legacy.c) safe on
 * other languages.
 */
#include "config.h"

#include "vn-text-private.h"

#include <string.h>
#include <utf8proc.h>

enum {
  RHYME_OPEN = 1 << 0,          /* no final consonant */
  FINAL_NG = 1 << 1,            /* ng, c */
  FINAL_NH = 1 << 2,            /* nh, ch */
  FINAL_M = 1 << 3,             /* m, p */
  FINAL_N = 1 << 4,             /* n, t */
  FINALS_ALL = FINAL_NG | FINAL_NH | FINAL_M | FINAL_N,
};

static const struct {
  const char *spelling;
  guint finals;                 /* RHYME_OPEN and the FINAL_ classes it takes */
} vn_nuclei[] = {
  { "a", RHYME_OPEN | FINALS_ALL },
  { "ă", FINAL_NG | FINAL_M | FINAL_N },
  { "â", FINAL_NG | FINAL_M | FINAL_N },
  { "e", RHYME_OPEN | FINAL_NG | FINAL_M | FINAL_N },
  { "ê", RHYME_OPEN | FINAL_NH | FINAL_M | FINAL_N },
  { "i", RHYME_OPEN | FINAL_NH | FINAL_M | FINAL_N },
  { "o", RHYME_OPEN | FINAL_NG | FINAL_M | FINAL_N },
  { "ô", RHYME_OPEN | FINAL_NG | FINAL_M | FINAL_N },
  { "ơ", RHYME_OPEN | FINAL_M | FINAL_N },
  { "u", RHYME_OPEN | FINAL_NG | FINAL_M | FINAL_N },
  { "ư", RHYME_OPEN | FINAL_NG | FINAL_M | FINAL_N },
  { "y", RHYME_OPEN },
  { "ai", RHYME_OPEN }, { "ao", RHYME_OPEN }, { "au", RHYME_OPEN }, { "ay", RHYME_OPEN },
  { "âu", RHYME_OPEN }, { "ây", RHYME_OPEN }, { "eo", RHYME_OPEN }, { "êu", RHYME_OPEN },
  { "ia", RHYME_OPEN }, { "iu", RHYME_OPEN }, { "oi", RHYME_OPEN }, { "ôi", RHYME_OPEN },
  { "ơi", RHYME_OPEN }, { "ua", RHYME_OPEN }, { "ui", RHYME_OPEN }, { "ưa", RHYME_OPEN },
  { "ưi", RHYME_OPEN }, { "ưu", RHYME_OPEN }, { "uơ", RHYME_OPEN },
  { "iê", FINAL_NG | FINAL_M | FINAL_N },
  { "yê", FINAL_NG | FINAL_M | FINAL_N },
  { "uô", FINAL_NG | FINAL_M | FINAL_N },
  { "ươ", FINAL_NG | FINAL_M | FINAL_N },
  { "oa", RHYME_OPEN | FINALS_ALL },
  { "oă", FINAL_NG | FINAL_M | FINAL_N },
  { "oe", RHYME_OPEN | FINAL_M | FINAL_N },
  { "oo", FINAL_NG },
  { "uâ", FINAL_NG | FINAL_M | FINAL_N },
  { "uê", RHYME_OPEN | FINAL_NH | FINAL_M | FINAL_N },
  { "uy", RHYME_OPEN | FINAL_NH | FINAL_M | FINAL_N },
  { "iêu", RHYME_OPEN }, { "yêu", RHYME_OPEN }, { "oai", RHYME_OPEN }, { "oay", RHYME_OPEN },
  { "oao", RHYME_OPEN }, { "oeo", RHYME_OPEN }, { "uây", RHYME_OPEN }, { "uôi", RHYME_OPEN },
  { "ươi", RHYME_OPEN }, { "ươu", RHYME_OPEN }, { "uya", RHYME_OPEN }, { "uyu", RHYME_OPEN },
  { "uyê", FINAL_N },
};

static const struct {
  const char *spelling;
  guint class;
  gboolean stop;                /* takes only the acute or the dot below */
} vn_finals[] = {
  { "ng", FINAL_NG, FALSE }, { "c", FINAL_NG, TRUE },
  { "nh", FINAL_NH, FALSE }, { "ch", FINAL_NH, TRUE },
  { "m", FINAL_M, FALSE }, { "p", FINAL_M, TRUE },
  { "n", FINAL_N, FALSE }, { "t", FINAL_N, TRUE },
  { "", RHYME_OPEN, FALSE },
};

static const char *const vn_initials[] = {
  "ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "qu", "th", "tr",
  "b", "c", "d", "đ", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x",
};

/* TRUE if R (LEN bytes, toneless lowercase) is a rhyme: nucleus and final. */
static gboolean
vn_rhyme (const char *r, gsize len, gboolean stop_tone)
{
  for (guint f = 0; f < G_N_ELEMENTS (vn_finals); f++)
    {
      gsize flen = strlen (vn_finals[f].spelling);

      if (flen >= len || memcmp (r + len - flen, vn_finals[f].spelling, flen) != 0)
        continue;
      if (vn_finals[f].stop && !stop_tone)
        continue;
      for (guint v = 0; v < G_N_ELEMENTS (vn_nuclei); v++)
        if (strlen (vn_nuclei[v].spelling) == len - flen
            && memcmp (vn_nuclei[v].spelling, r, len - flen) == 0
            && (vn_nuclei[v].finals & vn_finals[f].class))
          return TRUE;
    }
  return FALSE;
}

static gboolean
starts_front_vowel (const char *s)
{
  return s[0] == 'e' || s[0] == 'i' || s[0] == 'y' || g_str_has_prefix (s, "ê");
}

/* TRUE if S (toneless lowercase UTF-8) with TONE is a Vietnamese syllable;
 * *HAS_INITIAL says whether it starts with a consonant. */
static gboolean
vn_parse (const char *s, int tone, gboolean *has_initial)
{
  gboolean stop_tone = tone == MARK_ACUTE || tone == MARK_DOT;
  gsize len = strlen (s);

  if (vn_rhyme (s, len, stop_tone))
    {
      *has_initial = FALSE;
      return TRUE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (vn_initials); i++)
    {
      const char *init = vn_initials[i];
      gsize ilen = strlen (init);
      const char *rest = s + ilen;

      if (!g_str_has_prefix (s, init) || rest[0] == '\0')
        continue;
      /* Before e, ê, i and y the sound of c is written k, and g, ng are gh, ngh. */
      gboolean front = starts_front_vowel (rest);
      if (!front && (strcmp (init, "k") == 0 || strcmp (init, "gh") == 0
                     || strcmp (init, "ngh") == 0))
        continue;
      if (front && strcmp (init, "c") == 0)
        continue;
      /* Every initial that fits is tried: "gì" and "giếng" are g + ì, g + iếng. */
      if (vn_rhyme (rest, len - ilen, stop_tone))
        {
          *has_initial = TRUE;
          return TRUE;
        }
    }
  return FALSE;
}

gboolean
hoso_vn_syllable_chars (const gunichar *cp, guint n, gboolean strict_case,
                        gboolean *has_initial, guint *letters)
{
  utf8proc_int32_t letter[WORD_MAX];
  gboolean vowel[WORD_MAX];
  guint nl = 0, upper = 0;
  gboolean seen_lower = FALSE;
  int tone = 0;

  if (n == 0 || n > WORD_MAX)
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      utf8proc_int32_t parts[8];
      int boundclass = 0;

      if (strict_case)
        {
          if (utf8proc_isupper ((utf8proc_int32_t) cp[i]))
            {
              if (seen_lower)
                return FALSE;
              upper++;
            }
          else if (utf8proc_islower ((utf8proc_int32_t) cp[i]))
            {
              if (upper >= 2)
                return FALSE;
              seen_lower = TRUE;
            }
        }
      utf8proc_ssize_t k = utf8proc_decompose_char ((utf8proc_int32_t) cp[i], parts,
                                                    G_N_ELEMENTS (parts),
                                                    UTF8PROC_DECOMPOSE | UTF8PROC_CASEFOLD,
                                                    &boundclass);
      if (k < 1 || k > (utf8proc_ssize_t) G_N_ELEMENTS (parts))
        return FALSE;
      for (utf8proc_ssize_t j = 0; j < k; j++)
        {
          utf8proc_int32_t c = parts[j];

          switch (c)
            {
            case MARK_GRAVE: case MARK_ACUTE: case MARK_HOOK: case MARK_TILDE: case MARK_DOT:
              if (tone != 0 || nl == 0 || !vowel[nl - 1])
                return FALSE;
              tone = c;
              break;
            case MARK_CIRCUMFLEX: case MARK_BREVE: case MARK_HORN:
              {
                utf8proc_int32_t pair[2] = { nl > 0 ? letter[nl - 1] : 0, c };
                if (nl == 0 || !vowel[nl - 1]
                    || utf8proc_normalize_utf32 (pair, 2, UTF8PROC_COMPOSE) != 1)
                  return FALSE;
                letter[nl - 1] = pair[0];   /* the spelling tables say which are Vietnamese */
                break;
              }
            default:
              if (c != 0x0111 && (c < 'a' || c > 'z' || strchr ("fjwz", c) != NULL))
                return FALSE;
              if (nl == WORD_MAX)
                return FALSE;
              vowel[nl] = c < 0x80 && strchr ("aeiouy", c) != NULL;
              letter[nl++] = c;
              break;
            }
        }
    }

  char s[WORD_MAX * 4 + 1];
  gsize len = 0;
  for (guint i = 0; i < nl; i++)
    len += (gsize) utf8proc_encode_char (letter[i], (utf8proc_uint8_t *) s + len);
  s[len] = '\0';

  gboolean initial = FALSE;
  if (!vn_parse (s, tone, &initial))
    return FALSE;
  if (has_initial != NULL)
    *has_initial = initial;
  if (letters != NULL)
    *letters = nl;
  return TRUE;
}

gboolean
hoso_vn_is_syllable (const char *word, gssize len)
{
  g_return_val_if_fail (word != NULL || len == 0, FALSE);

  gunichar cp[WORD_MAX];
  guint n = 0;
  gsize size = word == NULL ? 0 : len < 0 ? strlen (word) : (gsize) len;
  const utf8proc_uint8_t *p = (const utf8proc_uint8_t *) word, *end = p + size;

  while (p < end)
    {
      utf8proc_int32_t c;
      utf8proc_ssize_t step = utf8proc_iterate (p, end - p, &c);
      if (step < 0 || n == WORD_MAX)
        return FALSE;
      cp[n++] = (gunichar) c;
      p += step;
    }
  return hoso_vn_syllable_chars (cp, n, TRUE, NULL, NULL);
}
