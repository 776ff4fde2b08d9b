/* vn-text.c: Vietnamese text for the indexer: NFC, folding, decoding bytes.
 *
 * The entry points of vn-text.h: normalisation to NFC, folding for search
 * without diacritics, and turning the bytes of a text file, or text that
 * extractors read, into clean UTF-8.  Unicode work (normalisation, case,
 * character categories) is utf8proc's; charsets iconv knows go through
 * g_convert.  The legacy 8-bit encodings TCVN3 and VNI, which no library
 * we can depend on reads, are in vn-legacy.c, and the Vietnamese spelling
 * rules used to recognise them in vn-syllable.c.
 *
 * glibc's iconv reads Windows-1258 (and composes its separate tone marks
 * with the letter before); the result goes through NFC here anyway, as
 * does everything these functions return.
 */
#include "config.h"

#include "vn-text-private.h"

#include <string.h>
#include <utf8proc.h>
#include <glib/gi18n-lib.h>

/* ---- Unicode through utf8proc ------------------------------------------ */

/* TRUE if the first N bytes of S are ASCII without NUL: nothing to do. */
static gboolean
is_plain_ascii (const char *s, gsize n)
{
  for (gsize i = 0; i < n; i++)
    if ((guchar) s[i] - 1u >= 0x7fu)
      return FALSE;
  return TRUE;
}

const char *
hoso_vn_valid_utf8 (const char *text, gssize len, gsize *out_len, char **copy)
{
  gsize n = len < 0 ? strlen (text) : (gsize) len;

  *copy = NULL;
  if (!g_utf8_validate_len (text, n, NULL))
    {
      *copy = g_utf8_make_valid (text, (gssize) n);
      text = *copy;
      n = strlen (text);
    }
  *out_len = n;
  return text;
}

static gboolean
is_mark (utf8proc_int32_t c)
{
  utf8proc_category_t cat = utf8proc_category (c);
  return cat == UTF8PROC_CATEGORY_MN || cat == UTF8PROC_CATEGORY_MC
         || cat == UTF8PROC_CATEGORY_ME;
}

/* Vietnamese writes a vowel mark (circumflex, breve) and a tone mark on one
 * letter.  Both have combining class 230, so canonical ordering keeps them
 * in the order typed and "a" U+0301 U+0302 would not compose to "ấ" while
 * "a" U+0302 U+0301 does.  Puts such a vowel mark before the tone marks on
 * a, e, o, the only letters it can stand on in Vietnamese, in the
 * decomposed and canonically ordered BUF. */
static void
order_vietnamese_marks (utf8proc_int32_t *buf, utf8proc_ssize_t n)
{
  for (utf8proc_ssize_t i = 0; i < n; i++)
    {
      utf8proc_int32_t base = buf[i] | 0x20;        /* ASCII lowercase */

      if (base != 'a' && base != 'e' && base != 'o')
        continue;
      utf8proc_ssize_t end = i + 1;
      while (end < n && utf8proc_get_property (buf[end])->combining_class != 0)
        end++;
      for (gboolean moved = TRUE; moved; )
        {
          moved = FALSE;
          for (utf8proc_ssize_t k = i + 1; k + 1 < end; k++)
            {
              utf8proc_int32_t a = buf[k], b = buf[k + 1];
              gboolean tone = a == MARK_GRAVE || a == MARK_ACUTE || a == MARK_TILDE
                              || a == MARK_HOOK;
              gboolean vowel_mark = b == MARK_CIRCUMFLEX || (b == MARK_BREVE && base == 'a');
              if (tone && vowel_mark)
                {
                  buf[k] = b;
                  buf[k + 1] = a;
                  moved = TRUE;
                }
            }
        }
      i = end - 1;
    }
}

/* Valid UTF-8 S (N bytes) through utf8proc with OPTIONS, CUSTOM (may be
 * NULL) applied to each character first.  Newly allocated; NULL only if
 * utf8proc refuses the text, which it does not do for valid UTF-8. */
static char *
map_utf8 (const char *s, gsize n, utf8proc_option_t options,
          utf8proc_custom_func custom, gboolean vietnamese_order)
{
  /* Decomposition seldom makes more code points than there were bytes, so
   * one pass nearly always does; utf8proc says when it needs more room. */
  utf8proc_ssize_t room = (utf8proc_ssize_t) (n + n / 2 + 8);
  utf8proc_int32_t *buf = NULL;
  utf8proc_ssize_t got;

  for (;;)
    {
      /* One spare slot: the UTF-8 written back in place ends with a NUL. */
      buf = g_renew (utf8proc_int32_t, buf, room + 1);
      got = utf8proc_decompose_custom ((const utf8proc_uint8_t *) s, (utf8proc_ssize_t) n,
                                       buf, room, options, custom, NULL);
      if (got < 0)
        {
          g_free (buf);
          return NULL;
        }
      if (got <= room)
        break;
      room = got;
    }
  if (vietnamese_order)
    order_vietnamese_marks (buf, got);
  utf8proc_ssize_t bytes = utf8proc_reencode (buf, got, options);
  if (bytes < 0)
    {
      g_free (buf);
      return NULL;
    }
  return g_realloc (buf, (gsize) bytes + 1);
}

char *
hoso_vn_normalize (const char *text, gssize len)
{
  g_return_val_if_fail (text != NULL || len == 0, NULL);

  if (text == NULL)
    return g_strdup ("");
  gsize n = len < 0 ? strlen (text) : (gsize) len;
  if (is_plain_ascii (text, n))
    return g_strndup (text, n);

  g_autofree char *copy = NULL;
  const char *s = hoso_vn_valid_utf8 (text, (gssize) n, &n, &copy);
  char *nfc = map_utf8 (s, n, UTF8PROC_STABLE | UTF8PROC_COMPOSE, NULL, TRUE);
  return nfc != NULL ? nfc : g_strndup (s, n);
}

/* Đ and đ have no decomposition, so no mark stripping turns them into d.
 * Ð and ð (U+00D0, U+00F0, the Icelandic eth) look the same and are often
 * typed for them (Windows-1252 has Ð where Windows-1258 has Đ). */
static gboolean
is_d_with_stroke (utf8proc_int32_t c)
{
  return c == 0x0110 || c == 0x0111 || c == 0x00D0 || c == 0x00F0;
}

static utf8proc_int32_t
fold_d_with_stroke (utf8proc_int32_t c, void *data)
{
  (void) data;
  return is_d_with_stroke (c) ? 'd' : c;
}

char *
hoso_vn_fold (const char *text, gssize len)
{
  g_return_val_if_fail (text != NULL || len == 0, NULL);

  if (text == NULL)
    return g_strdup ("");
  gsize n = len < 0 ? strlen (text) : (gsize) len;
  if (is_plain_ascii (text, n))
    return g_ascii_strdown (text, (gssize) n);

  g_autofree char *copy = NULL;
  const char *s = hoso_vn_valid_utf8 (text, (gssize) n, &n, &copy);
  char *folded = map_utf8 (s, n, UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD
                           | UTF8PROC_STRIPMARK, fold_d_with_stroke, FALSE);
  return folded != NULL ? folded : g_strndup (s, n);
}

gboolean
hoso_vn_has_diacritics (const char *text, gssize len)
{
  g_return_val_if_fail (text != NULL || len == 0, FALSE);

  if (text == NULL)
    return FALSE;
  gsize n = len < 0 ? strlen (text) : (gsize) len;
  const utf8proc_uint8_t *p = (const utf8proc_uint8_t *) text, *end = p + n;

  while (p < end)
    {
      utf8proc_int32_t c, parts[8];
      int boundclass = 0;

      if (*p < 0x80)
        {
          p++;
          continue;
        }
      utf8proc_ssize_t step = utf8proc_iterate (p, end - p, &c);
      if (step < 0)
        {
          p++;
          continue;
        }
      p += step;
      if (is_d_with_stroke (c))
        return TRUE;
      utf8proc_ssize_t k = utf8proc_decompose_char (c, parts, G_N_ELEMENTS (parts),
                                                    UTF8PROC_DECOMPOSE, &boundclass);
      for (utf8proc_ssize_t i = 0; i < MIN (k, (utf8proc_ssize_t) G_N_ELEMENTS (parts)); i++)
        if (is_mark (parts[i]))
          return TRUE;
    }
  return FALSE;
}

/* ---- Text from the extractors ------------------------------------------- */

char *
hoso_vn_clean (const char *text, gssize len, HosoVnLegacy *out_legacy)
{
  g_return_val_if_fail (text != NULL || len == 0, NULL);

  char *nfc = hoso_vn_normalize (text, len);
  HosoVnLegacy legacy = hoso_vn_detect_legacy (nfc, -1);

  if (out_legacy != NULL)
    *out_legacy = legacy;
  if (legacy == HOSO_VN_LEGACY_NONE)
    return nfc;
  char *converted = hoso_vn_convert_legacy (nfc, -1, legacy);
  g_free (nfc);
  return converted;
}

/* ---- Decoding bytes ------------------------------------------------------ */

/* What bytes 0x80..0xFF are in CHARSET, from iconv: U+FFFD where it has
 * nothing, the Latin-1 reading if iconv does not know CHARSET at all. */
static void
fill_byte_table (gunichar table[0x80], const char *charset)
{
  for (guint b = 0x80; b <= 0xFF; b++)
    {
      char byte = (char) b;
      gsize written = 0;
      g_autoptr(GError) error = NULL;
      g_autofree char *utf8 = g_convert (&byte, 1, "UTF-8", charset, NULL, &written, &error);

      if (utf8 != NULL && written > 0)
        table[b - 0x80] = g_utf8_get_char (utf8);
      else if (g_error_matches (error, G_CONVERT_ERROR, G_CONVERT_ERROR_NO_CONVERSION))
        table[b - 0x80] = b;
      else
        table[b - 0x80] = 0xFFFD;
    }
}

static const gunichar *
byte_table_cp1252 (void)
{
  static gunichar table[0x80];
  static gsize done = 0;

  if (g_once_init_enter (&done))
    {
      fill_byte_table (table, "WINDOWS-1252");
      /* Windows leaves five bytes free; fonts such as .VnTime still have
       * them, so they stay as their Latin-1 reading rather than U+FFFD. */
      for (guint b = 0x80; b < 0xA0; b++)
        if (table[b - 0x80] == 0xFFFD)
          table[b - 0x80] = b;
      g_once_init_leave (&done, 1);
    }
  return table;
}

static const gunichar *
byte_table_cp1258 (void)
{
  static gunichar table[0x80];
  static gsize done = 0;

  if (g_once_init_enter (&done))
    {
      fill_byte_table (table, "WINDOWS-1258");
      g_once_init_leave (&done, 1);
    }
  return table;
}

/* BYTES (LEN) of a single-byte charset with TABLE for 0x80..0xFF, as UTF-8
 * in NFC (which composes Windows-1258's separate tone marks). */
static char *
read_single_byte (const char *bytes, gsize len, const gunichar *table)
{
  g_autoptr(GString) out = g_string_sized_new (len + len / 2 + 1);

  for (gsize i = 0; i < len; i++)
    {
      guchar b = (guchar) bytes[i];
      if (b < 0x80)
        g_string_append_c (out, (char) b);
      else
        g_string_append_unichar (out, table[b - 0x80]);
    }
  return hoso_vn_normalize (out->str, (gssize) out->len);
}

/* BYTES in the charset a file DECLARED, in NFC; NULL if iconv does not know
 * it or the bytes are not in it.  TCVN3 and VNI, which iconv does not know,
 * are converted here and *LEGACY says so. */
static char *
read_declared (const char *bytes, gsize len, const char *declared, HosoVnLegacy *legacy)
{
  for (HosoVnLegacy l = HOSO_VN_LEGACY_TCVN3; l <= HOSO_VN_LEGACY_VNI; l++)
    if (g_ascii_strcasecmp (declared, hoso_vn_legacy_name (l)) == 0)
      {
        g_autofree char *ansi = read_single_byte (bytes, len, byte_table_cp1252 ());
        *legacy = l;
        return hoso_vn_convert_legacy (ansi, -1, l);
      }

  gsize written = 0;
  g_autofree char *utf8 = g_convert (bytes, (gssize) len, "UTF-8", declared, NULL, &written, NULL);
  if (utf8 == NULL)
    return NULL;
  return hoso_vn_normalize (utf8, (gssize) written);
}

static char *
read_utf16 (const char *bytes, gsize len, const char *charset, GError **error)
{
  gsize written = 0;
  g_autofree char *utf8 = g_convert (bytes, (gssize) len, "UTF-8", charset, NULL, &written, error);

  if (utf8 == NULL)
    {
      g_prefix_error (error, _("The text starts with a %s byte order mark but is not valid %s; "
                               "check that the file is complete, or save it again as UTF-8: "),
                      charset, charset);
      return NULL;
    }
  return hoso_vn_normalize (utf8, (gssize) written);
}

gboolean
hoso_vn_decode (const char *bytes, gsize len, const char *declared,
                char **out_text, char **out_encoding, GError **error)
{
  g_return_val_if_fail (bytes != NULL || len == 0, FALSE);
  g_return_val_if_fail (out_text != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (bytes == NULL)
    bytes = "";
  const guchar *b = (const guchar *) bytes;
  g_autofree char *text = NULL;
  g_autofree char *encoding = NULL;
  HosoVnLegacy legacy = HOSO_VN_LEGACY_NONE;

  if (len >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF)
    {
      text = hoso_vn_normalize (bytes + 3, (gssize) len - 3);
      encoding = g_strdup ("UTF-8");
    }
  else if (len >= 2 && ((b[0] == 0xFF && b[1] == 0xFE) || (b[0] == 0xFE && b[1] == 0xFF)))
    {
      const char *charset = b[0] == 0xFF ? "UTF-16LE" : "UTF-16BE";
      text = read_utf16 (bytes + 2, len - 2, charset, error);
      if (text == NULL)
        return FALSE;
      encoding = g_strdup (charset);
    }
  else
    {
      gboolean utf8 = g_utf8_validate_len (bytes, len, NULL);

      if (declared != NULL && declared[0] != '\0'
          && (text = read_declared (bytes, len, declared, &legacy)) != NULL)
        encoding = g_ascii_strup (declared, -1);
      else if (utf8)
        {
          text = hoso_vn_normalize (bytes, (gssize) len);
          encoding = g_strdup ("UTF-8");
        }
      else
        {
          text = read_single_byte (bytes, len, byte_table_cp1258 ());
          encoding = g_strdup ("WINDOWS-1258");
        }

      /* Bytes that are not UTF-8 may be TCVN3 or VNI, whatever was
       * declared.  Windows-1258 reads most of their codes as other letters
       * or as tone marks, so they are looked for in the Windows-1252
       * reading, the one legacy fonts were made for, against the number of
       * words that are Vietnamese in the reading chosen above. */
      if (!utf8 && legacy == HOSO_VN_LEGACY_NONE)
        {
          g_autofree char *ansi = read_single_byte (bytes, len, byte_table_cp1252 ());

          legacy = hoso_vn_decide_legacy (ansi, strlen (ansi), text);
          if (legacy != HOSO_VN_LEGACY_NONE)
            {
              g_free (text);
              text = hoso_vn_convert_legacy (ansi, -1, legacy);
            }
        }
    }

  /* Legacy text can come in any of these, e.g. a .VnTime document saved by
   * Word as "Unicode text" is UTF-16 of its Windows-1252 reading. */
  if (legacy == HOSO_VN_LEGACY_NONE)
    {
      legacy = hoso_vn_detect_legacy (text, -1);
      if (legacy != HOSO_VN_LEGACY_NONE)
        {
          char *converted = hoso_vn_convert_legacy (text, -1, legacy);
          g_free (text);
          text = converted;
        }
    }
  if (legacy != HOSO_VN_LEGACY_NONE)
    {
      g_free (encoding);
      encoding = g_strdup (hoso_vn_legacy_name (legacy));
    }

  *out_text = g_steal_pointer (&text);
  if (out_encoding != NULL)
    *out_encoding = g_steal_pointer (&encoding);
  return TRUE;
}
