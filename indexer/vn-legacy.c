/* vn-legacy.c: the legacy 8-bit Vietnamese encodings TCVN3 and VNI.
 *
 * Their tables, how to recognise text in them and how to convert it.  No
 * library we can depend on provides these: glibc's iconv has TCVN5712-1
 * (the VN1 table, which puts capitals on C0 and C1 control codes) but not
 * VNI, other iconvs may have neither, and most legacy text reaches us not
 * as bytes but already read as Latin-1 or Windows-1252 by a PDF or office
 * library, so everything here works on that reading.
 *
 * Legacy text is recognised word by word, by Vietnamese spelling
 * (vn-syllable.c): a word that becomes a syllable when its characters are
 * read back as TCVN3 or VNI codes ("t¸c" gives "tác") is evidence for that
 * encoding, a word that is a syllable as it stands ("tác", "có") evidence
 * against.  Words of other languages are seldom syllables in any reading,
 * but a few short ones are ("så", "più"), so the evidence must also hold
 * words that no Latin-script language writes as they read: a symbol among
 * letters, a capital after a small letter, two letters outside ASCII, or a
 * VNI mark code after a vowel.  See hoso_vn_detect_legacy() in vn-text.h
 * and hoso_vn_decide_legacy() below.
 */
#include "config.h"

#include "vn-text-private.h"

#include <string.h>
#include <utf8proc.h>

/* ---- The tables ---------------------------------------------------------- */

/* TCVN3: TCVN 5712:1993 table VN3, the "ABC" encoding of the .VnTime fonts,
 * bytes 0xA0 to 0xFF (below is ASCII).  VN3 has the 67 lowercase letters
 * with diacritics and the 7 capitals without a tone mark; a capital with a
 * tone is the lowercase code shown by an all-capital font (.VnTimeH), which
 * tcvn3_convert() makes up for.  0 is a byte VN3 leaves free: VN1 and VN2
 * put tone-marked capitals and combining tone marks there, but ABC fonts do
 * not, and as Latin-1 those bytes are characters (° ± ² ³) that legacy
 * documents do hold, so they are kept as they read. */
static const guint16 tcvn3_codes[0x60] = {
  /* A0 */ 0x00A0, 0x0102, 0x00C2, 0x00CA, 0x00D4, 0x01A0, 0x01AF, 0x0110, /* nbsp Ă Â Ê Ô Ơ Ư Đ */
  /* A8 */ 0x0103, 0x00E2, 0x00EA, 0x00F4, 0x01A1, 0x01B0, 0x0111, 0,      /* ă â ê ô ơ ư đ */
  /* B0 */ 0, 0, 0, 0, 0, 0x00E0, 0x1EA3, 0x00E3,                         /* à ả ã */
  /* B8 */ 0x00E1, 0x1EA1, 0, 0x1EB1, 0x1EB3, 0x1EB5, 0x1EAF, 0,          /* á ạ ằ ẳ ẵ ắ */
  /* C0 */ 0, 0, 0, 0, 0, 0, 0x1EB7, 0x1EA7,                              /* ặ ầ */
  /* C8 */ 0x1EA9, 0x1EAB, 0x1EA5, 0x1EAD, 0x00E8, 0, 0x1EBB, 0x1EBD,     /* ẩ ẫ ấ ậ è ẻ ẽ */
  /* D0 */ 0x00E9, 0x1EB9, 0x1EC1, 0x1EC3, 0x1EC5, 0x1EBF, 0x1EC7, 0x00EC, /* é ẹ ề ể ễ ế ệ ì */
  /* D8 */ 0x1EC9, 0, 0, 0, 0x0129, 0x00ED, 0x1ECB, 0x00F2,               /* ỉ ĩ í ị ò */
  /* E0 */ 0, 0x1ECF, 0x00F5, 0x00F3, 0x1ECD, 0x1ED3, 0x1ED5, 0x1ED7,     /* ỏ õ ó ọ ồ ổ ỗ */
  /* E8 */ 0x1ED1, 0x1ED9, 0x1EDD, 0x1EDF, 0x1EE1, 0x1EDB, 0x1EE3, 0x00F9, /* ố ộ ờ ở ỡ ớ ợ ù */
  /* F0 */ 0, 0x1EE7, 0x0169, 0x00FA, 0x1EE5, 0x1EEB, 0x1EED, 0x1EEF,     /* ủ ũ ú ụ ừ ử ữ */
  /* F8 */ 0x1EE9, 0x1EF1, 0x1EF3, 0x1EF7, 0x1EF9, 0x00FD, 0x1EF5, 0,     /* ứ ự ỳ ỷ ỹ ý ỵ */
};

/* VNI (VNI-Win, the VNI-Times fonts) writes most letters as a base letter
 * and a byte for its marks, "a" + "á" for "ấ", and a few as one byte.  The
 * codes are in case pairs: 0xC0-0xDF below, 0xE0-0xFF mean the same in
 * lowercase.  An entry is a letter, or one or two combining marks for the
 * vowel before; {0, 0} is a byte VNI does not use. */
static const guint16 vni_codes[0x20][2] = {
  /* C0 À */ { MARK_CIRCUMFLEX, MARK_GRAVE }, /* C1 Á */ { MARK_CIRCUMFLEX, MARK_ACUTE },
  /* C2 Â */ { MARK_CIRCUMFLEX, 0 },          /* C3 Ã */ { MARK_CIRCUMFLEX, MARK_TILDE },
  /* C4 Ä */ { MARK_CIRCUMFLEX, MARK_DOT },   /* C5 Å */ { MARK_CIRCUMFLEX, MARK_HOOK },
  /* C6 Æ */ { 0x1EC8, 0 } /* Ỉ */,           /* C7 Ç */ { 0, 0 },
  /* C8 È */ { MARK_BREVE, MARK_GRAVE },      /* C9 É */ { MARK_BREVE, MARK_ACUTE },
  /* CA Ê */ { MARK_BREVE, 0 },               /* CB Ë */ { MARK_BREVE, MARK_DOT },
  /* CC Ì */ { 0x00CC, 0 } /* Ì */,           /* CD Í */ { 0x00CD, 0 } /* Í */,
  /* CE Î */ { 0x1EF4, 0 } /* Ỵ */,           /* CF Ï */ { MARK_DOT, 0 },
  /* D0 Ð */ { 0, 0 },                        /* D1 Ñ */ { 0x0110, 0 } /* Đ */,
  /* D2 Ò */ { 0x1ECA, 0 } /* Ị */,           /* D3 Ó */ { 0x0128, 0 } /* Ĩ */,
  /* D4 Ô */ { 0x01A0, 0 } /* Ơ */,           /* D5 Õ */ { MARK_TILDE, 0 },
  /* D6 Ö */ { 0x01AF, 0 } /* Ư */,           /* D7 × */ { 0, 0 },
  /* D8 Ø */ { MARK_GRAVE, 0 },               /* D9 Ù */ { MARK_ACUTE, 0 },
  /* DA Ú */ { MARK_BREVE, MARK_HOOK },       /* DB Û */ { MARK_HOOK, 0 },
  /* DC Ü */ { MARK_BREVE, MARK_TILDE },      /* DD Ý */ { 0, 0 },
  /* DE Þ */ { 0, 0 },                        /* DF ß */ { 0, 0 },
};

const char *
hoso_vn_legacy_name (HosoVnLegacy legacy)
{
  switch (legacy)
    {
    case HOSO_VN_LEGACY_TCVN3:
      return "TCVN3";
    case HOSO_VN_LEGACY_VNI:
      return "VNI";
    case HOSO_VN_LEGACY_NONE:
    default:
      return NULL;
    }
}

/* TRUE if C, read as Latin-1, is a TCVN3 letter code (0xFD, ý, is ý). */
static gboolean
is_tcvn3_letter (gunichar c)
{
  return c > 0xA0 && c <= 0xFF && tcvn3_codes[c - 0xA0] != 0;
}

/* What TCVN3 code C (a character read as Latin-1) stands for; C itself if
 * it is not a TCVN3 letter. */
static gunichar
tcvn3_char (gunichar c)
{
  return is_tcvn3_letter (c) ? tcvn3_codes[c - 0xA0] : c;
}

/* What VNI code C (read as Latin-1) stands for, in OUT (room for 2); returns
 * how many code points.  A mark byte is a mark only after a vowel
 * (*AFTER_VOWEL, updated here); anywhere else it is kept as it reads. */
static guint
vni_char (gunichar c, gboolean *after_vowel, gunichar out[2])
{
  if (c >= 0xC0 && c <= 0xFF)
    {
      const guint16 *code = vni_codes[(c - 0xC0) & 0x1F];

      if (code[0] >= 0x0300 && code[0] < 0x0370)
        {
          if (*after_vowel)
            {
              out[0] = code[0];
              out[1] = code[1];
              return code[1] != 0 ? 2 : 1;
            }
        }
      else if (code[0] != 0)
        {
          out[0] = c >= 0xE0 ? (gunichar) utf8proc_tolower (code[0]) : code[0];
          *after_vowel = code[0] != 0x0110;
          return 1;
        }
    }
  out[0] = c;
  *after_vowel = c != 0 && c < 0x80 && strchr ("aeiouyAEIOUY", (int) c) != NULL;
  return 1;
}

/* ---- Detection ----------------------------------------------------------- */

#define DISTINCT_MAX 3

/* What the words of a text say for one legacy encoding. */
typedef struct {
  guint hits;                   /* words that become syllables only read this way */
  guint strong;                 /* ... and that no Latin-script language writes so */
  guint distinct;               /* different words among the hits, up to DISTINCT_MAX */
  const char *seen[DISTINCT_MAX];
  gsize seen_len[DISTINCT_MAX];
} VnEvidence;

typedef enum {
  SCAN_LEGACY = 1 << 0,         /* count what the legacy readings make */
  SCAN_UNICODE = 1 << 1,        /* count words that are syllables as they stand */
} VnScan;

typedef struct {
  VnScan what;
  guint words;                  /* words with a character outside ASCII */
  guint unicode;                /* ... that are Vietnamese syllables as they stand */
  VnEvidence legacy[3];         /* indexed by HosoVnLegacy */
} VnStats;

/* A character that can be part of a word in some reading: an ASCII or other
 * letter or mark, or anything in U+00A1..U+00FF, where the legacy encodings
 * put letters that Latin-1 calls symbols ("t¸c" is "tác" in TCVN3). */
static gboolean
is_word_char (gunichar c)
{
  if (c < 0x80)
    return g_ascii_isalpha ((int) c);
  if (c <= 0xA0)
    return FALSE;
  if (c <= 0xFF)
    return TRUE;
  utf8proc_category_t cat = utf8proc_category ((utf8proc_int32_t) c);
  return cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_ME;
}

/* Whether the N characters CP, read as LEGACY, are a word that no
 * Latin-script language writes: with a symbol among letters ("t¸c"), a
 * capital after a small letter ("tÊt"), more than one letter outside ASCII
 * ("ñöôïc"), or, for VNI, after a vowel a mark code that is a letter no
 * Western orthography writes after a vowel: ø õ â ê ä å ã ("laø", "Vieät").
 * Words such as "så", "più" or "où" read as legacy syllables too, but are
 * words as they stand. */
static gboolean
is_strong_evidence (const gunichar *cp, guint n, HosoVnLegacy legacy)
{
  guint non_ascii = 0;
  gboolean seen_lower = FALSE;

  for (guint i = 0; i < n; i++)
    {
      gunichar c = cp[i];
      utf8proc_category_t cat = utf8proc_category ((utf8proc_int32_t) c);

      if (c >= 0x80)
        non_ascii++;
      if (cat < UTF8PROC_CATEGORY_LU || cat > UTF8PROC_CATEGORY_LO)
        return TRUE;
      if (cat == UTF8PROC_CATEGORY_LU && seen_lower)
        return TRUE;
      seen_lower |= cat == UTF8PROC_CATEGORY_LL;
      if (legacy == HOSO_VN_LEGACY_VNI && i > 0 && c >= 0xC0 && c <= 0xFF
          && strchr ("\xF8\xF5\xE2\xEA\xE4\xE5\xE3", (int) (c | 0x20)) != NULL
          && strchr ("aeiouy\xF4\xF6", (int) (cp[i - 1] | 0x20)) != NULL)
        return TRUE;
    }
  return non_ascii >= 2;
}

static void
count_hit (VnEvidence *ev, const char *word, gsize len, gboolean strong)
{
  ev->hits++;
  ev->strong += strong;
  for (guint i = 0; i < ev->distinct; i++)
    if (ev->seen_len[i] == len && memcmp (ev->seen[i], word, len) == 0)
      return;
  if (ev->distinct < DISTINCT_MAX)
    {
      ev->seen[ev->distinct] = word;
      ev->seen_len[ev->distinct] = len;
      ev->distinct++;
    }
}

/* Counts one word with a non-ASCII character: its N characters CP, its
 * bytes WORD (LEN), whether it has a character above U+00FF (HIGH). */
static void
count_word (VnStats *st, const char *word, gsize len, const gunichar *cp, guint n,
            gboolean high)
{
  st->words++;
  if (n > WORD_MAX)
    return;
  if ((st->what & SCAN_UNICODE) && hoso_vn_syllable_chars (cp, n, TRUE, NULL, NULL))
    st->unicode++;
  if (!(st->what & SCAN_LEGACY) || high)
    return;                     /* the legacy readings only make U+0000..U+00FF */

  gunichar as_tcvn3[WORD_MAX], as_vni[2 * WORD_MAX];
  guint n_vni = 0;
  gboolean tcvn3_changed = FALSE, vni_changed = FALSE, after_vowel = FALSE;
  for (guint i = 0; i < n; i++)
    {
      as_tcvn3[i] = tcvn3_char (cp[i]);
      tcvn3_changed |= as_tcvn3[i] != cp[i];
      guint k = vni_char (cp[i], &after_vowel, as_vni + n_vni);
      vni_changed |= k != 1 || as_vni[n_vni] != cp[i];
      n_vni += k;
    }

  /* A word of one or two letters without an initial consonant ("µm", "où")
   * is too easily made by chance to count. */
  gboolean initial = FALSE;
  guint letters = 0;
  if (tcvn3_changed && hoso_vn_syllable_chars (as_tcvn3, n, FALSE, &initial, &letters)
      && (initial || letters >= 3))
    count_hit (&st->legacy[HOSO_VN_LEGACY_TCVN3], word, len,
               is_strong_evidence (cp, n, HOSO_VN_LEGACY_TCVN3));
  if (vni_changed && hoso_vn_syllable_chars (as_vni, n_vni, FALSE, &initial, &letters)
      && (initial || letters >= 3))
    count_hit (&st->legacy[HOSO_VN_LEGACY_VNI], word, len,
               is_strong_evidence (cp, n, HOSO_VN_LEGACY_VNI));
}

/* Counts WHAT of the words of TEXT (N bytes of UTF-8; invalid bytes
 * separate words) in ST. */
static void
scan_words (const char *text, gsize n, VnScan what, VnStats *st)
{
  const utf8proc_uint8_t *p = (const utf8proc_uint8_t *) text, *end = p + n;
  const utf8proc_uint8_t *start = NULL;
  gunichar cp[WORD_MAX + 1];
  guint k = 0;
  gboolean non_ascii = FALSE, high = FALSE;

  memset (st, 0, sizeof *st);
  st->what = what;
  for (;;)
    {
      utf8proc_int32_t c = ' ';
      utf8proc_ssize_t step = 1;

      if (p < end)
        {
          if (*p >= 0x80 && (step = utf8proc_iterate (p, end - p, &c)) < 0)
            {
              c = 0xFFFD;
              step = 1;
            }
          else if (*p < 0x80)
            c = *p;
        }
      if (p < end && is_word_char ((gunichar) c))
        {
          if (start == NULL)
            {
              start = p;
              k = 0;
              non_ascii = high = FALSE;
            }
          if (k <= WORD_MAX)
            cp[k++] = (gunichar) c;
          non_ascii |= c >= 0x80;
          high |= c > 0xFF;
        }
      else
        {
          if (start != NULL && non_ascii)
            count_word (st, (const char *) start, (gsize) (p - start), cp, k, high);
          start = NULL;
          if (p >= end)
            break;
        }
      p += step;
    }
}

/* The legacy encoding for which ST has a case: enough evidence, and most
 * words outside ASCII making sense that way. */
static HosoVnLegacy
legacy_candidate (const VnStats *st)
{
  const VnEvidence *tcvn3 = &st->legacy[HOSO_VN_LEGACY_TCVN3];
  const VnEvidence *vni = &st->legacy[HOSO_VN_LEGACY_VNI];
  HosoVnLegacy best = tcvn3->hits > vni->hits ? HOSO_VN_LEGACY_TCVN3
                      : vni->hits > tcvn3->hits ? HOSO_VN_LEGACY_VNI : HOSO_VN_LEGACY_NONE;

  if (best == HOSO_VN_LEGACY_NONE)
    return best;
  const VnEvidence *ev = &st->legacy[best];
  /* Three different words, one of them impossible as it reads; or two, both
   * impossible.  A short Danish or Italian line can hold two or three
   * words that read as syllables ("så", "på"; "può", "più"), never such. */
  if (!((ev->distinct >= 3 && ev->strong >= 1) || (ev->distinct >= 2 && ev->strong >= 2)))
    return HOSO_VN_LEGACY_NONE;
  /* In legacy text nearly all words outside ASCII make sense that way; in
   * French or German, a few by chance. */
  if (2 * ev->hits < st->words)
    return HOSO_VN_LEGACY_NONE;
  return best;
}

/* TRUE if UTF-8 TEXT has a character in U+0080..U+00FF, where every legacy
 * code lands when read as Latin-1: without one there is nothing to detect. */
static gboolean
has_latin1_range (const char *text, gsize n)
{
  return memchr (text, 0xC2, n) != NULL || memchr (text, 0xC3, n) != NULL;
}

HosoVnLegacy
hoso_vn_decide_legacy (const char *text, gsize n, const char *other)
{
  VnStats st, as_is;

  if (!has_latin1_range (text, n))
    return HOSO_VN_LEGACY_NONE;
  scan_words (text, n, SCAN_LEGACY, &st);
  HosoVnLegacy best = legacy_candidate (&st);
  if (best == HOSO_VN_LEGACY_NONE)
    return best;

  /* Only now, with a case to answer, count the words that are syllables as
   * they stand, the costlier half of the work.  Some legacy words are too
   * ("cã", "mét"), up to a fifth of them in real text; in correct
   * Vietnamese nearly all words are. */
  scan_words (text, n, SCAN_UNICODE, &as_is);
  guint unicode = as_is.unicode;
  if (other != NULL)
    {
      scan_words (other, strlen (other), SCAN_UNICODE, &as_is);
      unicode = MAX (unicode, as_is.unicode);
    }
  return st.legacy[best].hits >= 2 * unicode ? best : HOSO_VN_LEGACY_NONE;
}

HosoVnLegacy
hoso_vn_detect_legacy (const char *text, gssize len)
{
  g_return_val_if_fail (text != NULL || len == 0, HOSO_VN_LEGACY_NONE);

  if (text == NULL)
    return HOSO_VN_LEGACY_NONE;
  return hoso_vn_decide_legacy (text, len < 0 ? strlen (text) : (gsize) len, NULL);
}

/* ---- Conversion ---------------------------------------------------------- */

static void
vni_convert (const char *s, gsize n, GString *out)
{
  gboolean after_vowel = FALSE;

  for (const char *p = s; p < s + n; p = g_utf8_next_char (p))
    {
      gunichar parts[2];
      guint k = vni_char (g_utf8_get_char (p), &after_vowel, parts);
      for (guint i = 0; i < k; i++)
        g_string_append_unichar (out, parts[i]);
    }
}

typedef struct {
  gsize start, end;             /* bytes of the word in the text */
  gboolean caps;                /* in capitals, with letters an all-capital font shows so */
  gboolean maybe_caps;          /* a capital, then only such letters ("Hµ": Hà or HÀ) */
  gboolean heading;             /* in capitals and Vietnamese: its line is in capitals */
  gboolean new_line;            /* a line break before it */
  gboolean upper;               /* the decision */
} Tcvn3Word;

/* Whether C, in a TCVN3 text, is part of a word, and what case it shows:
 * 'U' upper, 'L' lower, 'A' a TCVN3 lowercase code, which an all-capital
 * font shows as a capital, 'M' a mark or a letter without case, 0 no part
 * of a word. */
static char
tcvn3_letter_case (gunichar c)
{
  if (c < 0x80)
    return g_ascii_isupper ((int) c) ? 'U' : g_ascii_islower ((int) c) ? 'L' : 0;
  if (c <= 0xFF)
    {
      if (!is_tcvn3_letter (c))
        return 0;
      return utf8proc_isupper ((utf8proc_int32_t) tcvn3_char (c)) ? 'U' : 'A';
    }
  if (!is_word_char (c))
    return 0;
  return utf8proc_isupper ((utf8proc_int32_t) c) ? 'U'
         : utf8proc_islower ((utf8proc_int32_t) c) ? 'L' : 'M';
}

/* Reads the word of S that starts at P into W; returns its end. */
static const char *
tcvn3_word (const char *s, const char *p, const char *end, Tcvn3Word *w)
{
  gunichar cp[WORD_MAX];
  guint upper = 0, lower = 0, maybe = 0, n = 0;
  gboolean first_upper = tcvn3_letter_case (g_utf8_get_char (p)) == 'U';
  char kind;

  w->start = (gsize) (p - s);
  for (; p < end && (kind = tcvn3_letter_case (g_utf8_get_char (p))) != 0;
       p = g_utf8_next_char (p))
    {
      upper += kind == 'U';
      lower += kind == 'L';
      maybe += kind == 'A';
      if (n < WORD_MAX)
        cp[n] = tcvn3_char (g_utf8_get_char (p));
      n++;
    }
  w->end = (gsize) (p - s);
  /* Capitals other than the first letter, and no small letters. */
  gboolean in_capitals = lower == 0 && (upper >= 2 || (upper == 1 && !first_upper));
  w->caps = in_capitals && maybe > 0;
  w->maybe_caps = lower == 0 && upper == 1 && first_upper && maybe > 0;
  /* Abbreviations ("UBND", "KQ") are in capitals on any line; "NAM" or
   * "NéI" (NỘI) say the line is. */
  w->heading = in_capitals && (maybe > 0 || hoso_vn_syllable_chars (cp, n, FALSE, NULL, NULL));
  return p;
}

/* TCVN3 has no codes for tone-marked capitals: documents show the lowercase
 * codes in an all-capital font, so "PHIÕU" is "PHIẾU" on paper but "PHIếU"
 * by the table.  A word is taken for capitals when its other letters are,
 * or when it is a capitalised word ("Hµ", Hà) next to a Vietnamese word in
 * capitals on the same line ("Hµ NéI", HÀ NỘI; "Hµ NAM", HÀ NAM). */
static void
tcvn3_convert (const char *s, gsize n, GString *out)
{
  g_autoptr(GArray) words = g_array_new (FALSE, TRUE, sizeof (Tcvn3Word));
  gboolean new_line = FALSE;
  const char *p = s, *end = s + n;

  while (p < end)
    {
      gunichar c = g_utf8_get_char (p);

      if (tcvn3_letter_case (c) == 0)
        {
          new_line |= c == '\n';
          p = g_utf8_next_char (p);
          continue;
        }
      Tcvn3Word w = { .new_line = new_line };
      p = tcvn3_word (s, p, end, &w);
      g_array_append_val (words, w);
      new_line = FALSE;
    }

  for (guint i = 0; i < words->len; i++)
    {
      Tcvn3Word *w = &g_array_index (words, Tcvn3Word, i);
      const Tcvn3Word *prev = i > 0 ? &g_array_index (words, Tcvn3Word, i - 1) : NULL;
      const Tcvn3Word *next = i + 1 < words->len ? &g_array_index (words, Tcvn3Word, i + 1) : NULL;

      w->upper = w->caps
                 || (w->maybe_caps
                     && ((prev != NULL && !w->new_line && (prev->heading || prev->upper))
                         || (next != NULL && !next->new_line && next->heading)));
    }

  gsize done = 0;
  for (guint i = 0; i <= words->len; i++)
    {
      const Tcvn3Word *w = i < words->len ? &g_array_index (words, Tcvn3Word, i) : NULL;
      gsize until = w != NULL ? w->start : n;

      g_string_append_len (out, s + done, (gssize) (until - done));
      if (w == NULL)
        break;
      for (p = s + w->start; p < s + w->end; p = g_utf8_next_char (p))
        {
          gunichar c = g_utf8_get_char (p), v = tcvn3_char (c);
          if (w->upper && is_tcvn3_letter (c))
            v = (gunichar) utf8proc_toupper ((utf8proc_int32_t) v);
          g_string_append_unichar (out, v);
        }
      done = w->end;
    }
}

char *
hoso_vn_convert_legacy (const char *text, gssize len, HosoVnLegacy legacy)
{
  g_return_val_if_fail (text != NULL || len == 0, NULL);

  if (text == NULL)
    return g_strdup ("");
  gsize n;
  g_autofree char *copy = NULL;
  const char *s = hoso_vn_valid_utf8 (text, len, &n, &copy);
  g_autoptr(GString) out = g_string_sized_new (n + n / 4 + 1);

  switch (legacy)
    {
    case HOSO_VN_LEGACY_TCVN3:
      tcvn3_convert (s, n, out);
      break;
    case HOSO_VN_LEGACY_VNI:
      vni_convert (s, n, out);
      break;
    case HOSO_VN_LEGACY_NONE:
    default:
      g_string_append_len (out, s, (gssize) n);
      break;
    }
  return hoso_vn_normalize (out->str, (gssize) out->len);
}
