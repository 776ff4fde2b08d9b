/* test-vn-text.c: Vietnamese text: NFC, folding, the legacy encodings TCVN3
 * and VNI (tables, detection, conversion) and decoding the bytes of text files.
 *
 * Legacy and Windows-1258 bytes are written out here as escapes, from the
 * published code tables; the only other source of expected text is glibc's
 * TCVN5712-1 converter, an independent implementation of the TCVN table. */
#include "config.h"

#include "vn-text.h"

#include <string.h>

/* BYTES read as Latin-1, the way a PDF library hands over legacy text. */
static char *
latin1 (const char *bytes)
{
  g_autoptr(GError) error = NULL;
  char *utf8 = g_convert (bytes, -1, "UTF-8", "ISO-8859-1", NULL, NULL, &error);
  g_assert_no_error (error);
  return utf8;
}

/* Real sentences in Unicode (NFC), TCVN3 and VNI. */
static const struct {
  const char *unicode, *tcvn3, *vni;
} sentences[] = {
  { "Hợp tác xã Nông nghiệp Tiên Phước",
    "H\xEEp t\xB8" "c x\xB7 N\xABng nghi\xD6p Ti\xAAn Ph\xAD\xED" "c",
    "H\xF4\xEFp ta\xF9" "c xa\xF5 No\xE2ng nghie\xE4p Tie\xE2n Ph\xF6\xF4\xF9" "c" },
  { "Giấy chứng nhận an toàn thực phẩm",
    "Gi\xCAy ch\xF8ng nh\xCBn an to\xB5n th\xF9" "c ph\xC8m",
    "Gia\xE1y ch\xF6\xF9ng nha\xE4n an toa\xF8n th\xF6\xEF" "c pha\xE5m" },
  /* TCVN3 has no tone-marked capitals: the lowercase codes in .VnTimeH. */
  { "PHIẾU KẾT QUẢ THỬ NGHIỆM",
    "PHI\xD5U K\xD5T QU\xB6 TH\xF6 NGHI\xD6M",
    "PHIE\xC1U KE\xC1T QUA\xDB TH\xD6\xDB NGHIE\xC4M" },
  { "Đặng Văn Phước",
    "\xA7\xC6ng V\xA8n Ph\xAD\xED" "c",
    "\xD1" "a\xEBng Va\xEAn Ph\xF6\xF4\xF9" "c" },
  /* ° is 0xB0 in both, and neither encoding uses that code. */
  { "Sản phẩm được bảo quản ở nhiệt độ 4°C",
    "S\xB6n ph\xC8m \xAE\xAD\xEE" "c b\xB6o qu\xB6n \xEB nhi\xD6t \xAE\xE9 4\xB0" "C",
    "Sa\xFBn pha\xE5m \xF1\xF6\xF4\xEF" "c ba\xFBo qua\xFBn \xF4\xFB nhie\xE4t \xF1o\xE4 4\xB0" "C" },
  { "Cộng hoà xã hội chủ nghĩa Việt Nam. Độc lập - Tự do - Hạnh phúc.",
    "C\xE9ng ho\xB5 x\xB7 h\xE9i ch\xF1 ngh\xDC" "a Vi\xD6t Nam. \xA7\xE9" "c l\xCBp - T\xF9 do - H\xB9nh ph\xF3" "c.",
    "Co\xE4ng hoa\xF8 xa\xF5 ho\xE4i chu\xFB ngh\xF3" "a Vie\xE4t Nam. \xD1o\xE4" "c la\xE4p - T\xF6\xEF do - Ha\xEFnh phu\xF9" "c." },
};

/* ---- Normalisation ------------------------------------------------------- */

static void
test_normalize_nfd (void)
{
  /* "Việt Nam" with ệ as e, circumflex, dot below. */
  g_autofree char *a = hoso_vn_normalize ("Vie\xCC\x82\xCC\xA3t Nam", -1);
  g_assert_cmpstr (a, ==, "Vi\xE1\xBB\x87t Nam");
  /* Half decomposed: ê then the dot below. */
  g_autofree char *b = hoso_vn_normalize ("Vi\xC3\xAA\xCC\xA3t", -1);
  g_assert_cmpstr (b, ==, "Vi\xE1\xBB\x87t");
  /* Already NFC and plain ASCII come back the same. */
  g_autofree char *c = hoso_vn_normalize ("Ti\xC3\xAAn Ph\xC6\xB0\xE1\xBB\x9B" "c", -1);
  g_assert_cmpstr (c, ==, "Ti\xC3\xAAn Ph\xC6\xB0\xE1\xBB\x9B" "c");
  g_autofree char *d = hoso_vn_normalize ("OCOP 2024", -1);
  g_assert_cmpstr (d, ==, "OCOP 2024");
  g_autofree char *e = hoso_vn_normalize ("", -1);
  g_assert_cmpstr (e, ==, "");
  g_autofree char *f = hoso_vn_normalize (NULL, 0);
  g_assert_cmpstr (f, ==, "");
}

static void
test_normalize_mark_order (void)
{
  /* ậ: dot below and circumflex in both orders (different classes). */
  g_autofree char *a = hoso_vn_normalize ("a\xCC\xA3\xCC\x82", -1);
  g_autofree char *b = hoso_vn_normalize ("a\xCC\x82\xCC\xA3", -1);
  g_assert_cmpstr (a, ==, "\xE1\xBA\xAD");
  g_assert_cmpstr (b, ==, "\xE1\xBA\xAD");
  /* ấ with the tone typed before the circumflex (same class, 230). */
  g_autofree char *c = hoso_vn_normalize ("a\xCC\x81\xCC\x82", -1);
  g_assert_cmpstr (c, ==, "\xE1\xBA\xA5");
  /* ặ: dot below, breve, in either order; ằ: grave before breve. */
  g_autofree char *d = hoso_vn_normalize ("a\xCC\xA3\xCC\x86", -1);
  g_assert_cmpstr (d, ==, "\xE1\xBA\xB7");
  g_autofree char *e = hoso_vn_normalize ("A\xCC\x80\xCC\x86", -1);
  g_assert_cmpstr (e, ==, "\xE1\xBA\xB0");
  /* ợ: horn and dot below in either order, with ơ precomposed or not. */
  g_autofree char *f = hoso_vn_normalize ("o\xCC\xA3\xCC\x9B", -1);
  g_autofree char *g = hoso_vn_normalize ("\xC6\xA1\xCC\xA3", -1);
  g_assert_cmpstr (f, ==, "\xE1\xBB\xA3");
  g_assert_cmpstr (g, ==, "\xE1\xBB\xA3");
  /* Only Vietnamese vowels are reordered: on x, and breve on e, the marks
   * stay in the order given (which is a different text in Unicode). */
  g_autofree char *h = hoso_vn_normalize ("x\xCC\x81\xCC\x82", -1);
  g_assert_cmpstr (h, ==, "x\xCC\x81\xCC\x82");
  g_autofree char *i = hoso_vn_normalize ("e\xCC\x81\xCC\x86", -1);
  g_assert_cmpstr (i, ==, "\xC3\xA9\xCC\x86");
}

static void
test_normalize_invalid (void)
{
  /* A stray byte, a sequence cut short (a U+FFFD for each byte), an
   * overlong NUL. */
  g_autofree char *a = hoso_vn_normalize ("ab\xFF" "cd\xE1\xBB", -1);
  g_assert_cmpstr (a, ==, "ab\xEF\xBF\xBD" "cd\xEF\xBF\xBD\xEF\xBF\xBD");
  g_autofree char *b = hoso_vn_normalize ("x\xC0\x80y", -1);
  g_assert_true (g_utf8_validate (b, -1, NULL));
  g_assert_cmpstr (b, !=, "x\xC0\x80y");
  g_assert_nonnull (strstr (b, "\xEF\xBF\xBD"));
  /* Invalid bytes do not stop the normalisation of what follows. */
  g_autofree char *c = hoso_vn_normalize ("\xFEVie\xCC\x82\xCC\xA3t", -1);
  g_assert_cmpstr (c, ==, "\xEF\xBF\xBDVi\xE1\xBB\x87t");
  /* A length that cuts "ệ" in two, and one that does not; a NUL inside. */
  g_autofree char *d = hoso_vn_normalize ("Vi\xE1\xBB\x87t", 4);
  g_assert_cmpstr (d, ==, "Vi\xEF\xBF\xBD\xEF\xBF\xBD");
  g_autofree char *e = hoso_vn_normalize ("Vi\xE1\xBB\x87t", 5);
  g_assert_cmpstr (e, ==, "Vi\xE1\xBB\x87");
  g_autofree char *f = hoso_vn_normalize ("a\0b", 3);
  g_assert_cmpstr (f, ==, "a\xEF\xBF\xBD" "b");
}

/* ---- Folding ------------------------------------------------------------- */

static void
test_fold (void)
{
  static const struct { const char *in, *out; } cases[] = {
    { "Đặc Sản", "dac san" },
    { "MĂNG CỤT", "mang cut" },
    { "Đức", "duc" },
    { "đường Đinh Tiên Hoàng", "duong dinh tien hoang" },
    { "Ðức", "duc" },                           /* U+00D0, typed for Đ */
    { "Hợp tác xã Nông nghiệp Tiên Phước", "hop tac xa nong nghiep tien phuoc" },
    { "PHIẾU KẾT QUẢ THỬ NGHIỆM", "phieu ket qua thu nghiem" },
    { "Vie\xCC\x82\xCC\xA3t", "viet" },         /* NFD */
    { "Số 12/2024/QĐ-UBND", "so 12/2024/qd-ubnd" },
    { "Café Müller, Straße", "cafe muller, strasse" },
    { "OCOP 5★", "ocop 5★" },
    { "HELLO", "hello" },
    { "", "" },
  };
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *folded = hoso_vn_fold (cases[i].in, -1);
      g_assert_cmpstr (folded, ==, cases[i].out);
    }
  /* A length, and invalid UTF-8 kept visible as U+FFFD. */
  g_autofree char *a = hoso_vn_fold ("ĐẶC SẢN", 6);
  g_assert_cmpstr (a, ==, "dac");
  g_autofree char *b = hoso_vn_fold ("\xC4\x90\xFF", -1);
  g_assert_cmpstr (b, ==, "d\xEF\xBF\xBD");
}

static void
test_has_diacritics (void)
{
  g_assert_true (hoso_vn_has_diacritics ("Việt", -1));
  g_assert_true (hoso_vn_has_diacritics ("đ", -1));
  g_assert_true (hoso_vn_has_diacritics ("Đa", -1));
  g_assert_true (hoso_vn_has_diacritics ("tác", -1));
  g_assert_true (hoso_vn_has_diacritics ("e\xCC\x81", -1));   /* NFD */
  g_assert_true (hoso_vn_has_diacritics ("naïve", -1));
  g_assert_true (hoso_vn_has_diacritics ("dac san \xC6\xB0", -1));
  g_assert_false (hoso_vn_has_diacritics ("Viet Nam", -1));
  g_assert_false (hoso_vn_has_diacritics ("", -1));
  g_assert_false (hoso_vn_has_diacritics ("\xC2\xA9 2024 \xE2\x80\x94 OCOP \xE2\x98\x85", -1));
  g_assert_false (hoso_vn_has_diacritics ("abc\xFF", -1));
  /* Only the first LEN bytes count. */
  g_assert_false (hoso_vn_has_diacritics ("Viet Vi\xE1\xBB\x87t", 4));
  g_assert_true (hoso_vn_has_diacritics ("Viet Vi\xE1\xBB\x87t", -1));
}

/* ---- Vietnamese syllables ---------------------------------------------------- */

static void
test_syllables (void)
{
  static const char *const valid[] = {
    "a", "à", "an", "ăn", "ấy", "ở", "ơi", "yêu", "yên", "ước", "Ông",
    "nghiêng", "Quyết", "quốc", "quý", "TRƯỜNG", "NGHIỆP", "người", "được", "Đặng",
    "giấy", "gì", "gìn", "giàng", "giêng", "giếng", "kênh", "kỹ", "ghế", "nghĩ",
    "khuya", "khuỷu", "hoặc", "hoạch", "khoanh", "huỳnh", "thuở", "xoong", "chuyện",
    "nguyễn", "tuần", "xuân", "khuâng", "rượu", "muối", "ngoài", "ngoẹo", "thích",
    "bệnh", "sách", "tiếp", "cằm", "inh", "ích", "ênh", "ca",
    "Vie\xCC\x82\xCC\xA3t", "ho\xCC\x9B\xCC\xA3p",           /* decomposed */
  };
  static const char *const invalid[] = {
    "", "café", "Müller", "fan", "jeans", "web", "zoo",
    "ViỆt", "vIệt",                     /* not a case people write */
    "thùc", "tàp", "mảt", "cãch",       /* c, ch, p, t take only ´ or ̣ */
    "ơng", "ơc", "êng", "ing", "ic", "uyêng",   /* finals the nucleus does not take */
    "ă", "â", "lầ", "iê", "uô",         /* nuclei that need a final */
    "ka", "ghá", "ngha", "ce", "ci", "qa", "xtr", "bb", "đđ", "iou",
    "ảá", "t\xC3\xA1\xCC\x80", "m\xCC\x81" "a",   /* two tones; a tone on a consonant */
    "o\xCC\x86", "\xC3\xB1",          /* ŏ, ñ: marks Vietnamese does not use */
    "tiếng Việt", "nhà\xFF", "abcdefghijklmnopqrstuvwxyz",
  };
  for (guint i = 0; i < G_N_ELEMENTS (valid); i++)
    if (!hoso_vn_is_syllable (valid[i], -1))
      g_error ("“%s” is a Vietnamese syllable", valid[i]);
  for (guint i = 0; i < G_N_ELEMENTS (invalid); i++)
    if (hoso_vn_is_syllable (invalid[i], -1))
      g_error ("“%s” is not a Vietnamese syllable", invalid[i]);
  /* A length. */
  g_assert_true (hoso_vn_is_syllable ("Việt Nam", 6));
  g_assert_false (hoso_vn_is_syllable ("Việt Nam", 7));
  g_assert_false (hoso_vn_is_syllable (NULL, 0));
}

/* ---- Legacy encodings ------------------------------------------------------ */

static void
check_legacy_sentence (const char *bytes, const char *expected, HosoVnLegacy legacy)
{
  const char *name = hoso_vn_legacy_name (legacy);
  g_autofree char *read = latin1 (bytes);

  g_test_message ("%s: %s", name, expected);
  g_assert_cmpint (hoso_vn_detect_legacy (read, -1), ==, legacy);
  g_autofree char *converted = hoso_vn_convert_legacy (read, -1, legacy);
  g_assert_cmpstr (converted, ==, expected);

  HosoVnLegacy found = HOSO_VN_LEGACY_NONE;
  g_autofree char *cleaned = hoso_vn_clean (read, -1, &found);
  g_assert_cmpstr (cleaned, ==, expected);
  g_assert_cmpint (found, ==, legacy);

  /* The raw bytes of a .txt file. */
  g_autoptr(GError) error = NULL;
  g_autofree char *decoded = NULL, *encoding = NULL;
  g_assert_true (hoso_vn_decode (bytes, strlen (bytes), NULL, &decoded, &encoding, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (decoded, ==, expected);
  g_assert_cmpstr (encoding, ==, name);

  /* The correct text is left alone. */
  g_assert_cmpint (hoso_vn_detect_legacy (expected, -1), ==, HOSO_VN_LEGACY_NONE);
  g_autofree char *again = hoso_vn_clean (expected, -1, &found);
  g_assert_cmpstr (again, ==, expected);
  g_assert_cmpint (found, ==, HOSO_VN_LEGACY_NONE);
}

static void
test_tcvn3_sentences (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (sentences); i++)
    check_legacy_sentence (sentences[i].tcvn3, sentences[i].unicode, HOSO_VN_LEGACY_TCVN3);
}

static void
test_vni_sentences (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (sentences); i++)
    check_legacy_sentence (sentences[i].vni, sentences[i].unicode, HOSO_VN_LEGACY_VNI);
}

/* Every code of the TCVN3 (VN3) table: 67 lowercase letters with
 * diacritics and the 7 capitals without a tone mark. */
static const char tcvn3_all[] =
  "\xA1 \xA2 \xA3 \xA4 \xA5 \xA6 \xA7 \xA8 \xA9 \xAA \xAB \xAC \xAD \xAE "
  "\xB5 \xB6 \xB7 \xB8 \xB9 \xBB \xBC \xBD \xBE "
  "\xC6 \xC7 \xC8 \xC9 \xCA \xCB \xCC \xCE \xCF "
  "\xD0 \xD1 \xD2 \xD3 \xD4 \xD5 \xD6 \xD7 \xD8 \xDC \xDD \xDE \xDF "
  "\xE1 \xE2 \xE3 \xE4 \xE5 \xE6 \xE7 \xE8 \xE9 \xEA \xEB \xEC \xED \xEE \xEF "
  "\xF1 \xF2 \xF3 \xF4 \xF5 \xF6 \xF7 \xF8 \xF9 \xFA \xFB \xFC \xFD \xFE";

static void
test_tcvn3_table (void)
{
  g_autofree char *read = latin1 (tcvn3_all);
  g_autofree char *converted = hoso_vn_convert_legacy (read, -1, HOSO_VN_LEGACY_TCVN3);
  g_assert_cmpstr (converted, ==,
                   "Ă Â Ê Ô Ơ Ư Đ ă â ê ô ơ ư đ "
                   "à ả ã á ạ ằ ẳ ẵ ắ "
                   "ặ ầ ẩ ẫ ấ ậ è ẻ ẽ "
                   "é ẹ ề ể ễ ế ệ ì ỉ ĩ í ị ò "
                   "ỏ õ ó ọ ồ ổ ỗ ố ộ ờ ở ỡ ớ ợ ù "
                   "ủ ũ ú ụ ừ ử ữ ứ ự ỳ ỷ ỹ ý ỵ");

  /* Codes VN3 leaves free keep their Latin-1 reading: ° ± ² ³ º À Ù ÿ. */
  g_autofree char *free_codes = latin1 ("\xB0 \xB1 \xB2 \xB3 \xBA \xC0 \xD9 \xFF");
  g_autofree char *kept = hoso_vn_convert_legacy (free_codes, -1, HOSO_VN_LEGACY_TCVN3);
  g_assert_cmpstr (kept, ==, "° ± ² ³ º À Ù ÿ");

  /* Windows-1252 punctuation and text outside Latin-1 pass through. */
  g_autofree char *quoted = hoso_vn_convert_legacy ("\xE2\x80\x9C" "t\xC2\xB8" "c\xE2\x80\x9D \xE2\x80\x93 \xE1\xBB\x87",
                                                    -1, HOSO_VN_LEGACY_TCVN3);
  g_assert_cmpstr (quoted, ==, "“tác” – ệ");
}

/* The same table against glibc's TCVN5712-1 converter, where iconv has it. */
static void
test_tcvn3_against_iconv (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = g_convert (tcvn3_all, -1, "UTF-8", "TCVN5712-1", NULL, NULL, &error);

  if (expected == NULL)
    {
      g_test_skip ("iconv has no TCVN5712-1 converter");
      return;
    }
  g_autofree char *read = latin1 (tcvn3_all);
  g_autofree char *converted = hoso_vn_convert_legacy (read, -1, HOSO_VN_LEGACY_TCVN3);
  g_autofree char *nfc = g_utf8_normalize (expected, -1, G_NORMALIZE_NFC);
  g_assert_cmpstr (converted, ==, nfc);
}

static void
test_tcvn3_capitals (void)
{
  static const struct { const char *bytes, *unicode; } cases[] = {
    /* A capitalised word stays so; all capitals around it make it capitals. */
    { "H\xB5 N\xE9i", "Hà Nội" },
    { "H\xB5 N\xE9I", "HÀ NỘI" },
    { "C\xE9NG HO\xB5 X\xB7 H\xE9I CH\xF1 NGH\xDC" "A VI\xD6T NAM",
      "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM" },
    { "UBND t\xD8nh Qu\xB6ng Nam", "UBND tỉnh Quảng Nam" },
    { "S\xE8 QUY\xD5T \xA7\xDENH", "SỐ QUYẾT ĐỊNH" },
    { "H\xB5 NAM", "HÀ NAM" },
    { "PH\xA6\xA5NG \xB8N", "PHƯƠNG ÁN" },         /* the first letter may be one too */
    { "PHI\xD5U \xA7\xA1NG K\xFD", "PHIẾU ĐĂNG KÝ" },  /* 0xFD is ý in both */
    /* Not across a line break, nor because of an abbreviation. */
    { "PHI\xD5U\nH\xB5 N\xE9i", "PHIẾU\nHà Nội" },
    { "S\xE8: 0531/KQ-TN", "Số: 0531/KQ-TN" },
    { "T\xF5 ng\xB5y", "Từ ngày" },
  };
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *read = latin1 (cases[i].bytes);
      g_autofree char *converted = hoso_vn_convert_legacy (read, -1, HOSO_VN_LEGACY_TCVN3);
      g_assert_cmpstr (converted, ==, cases[i].unicode);
    }
}

static void
test_vni_table (void)
{
  /* All 134 letters: each vowel with no tone and the five tones, then đ. */
  static const char lower[] =
    "a a\xF8 a\xF9 a\xFB a\xF5 a\xEF "
    "a\xEA a\xE8 a\xE9 a\xFA a\xFC a\xEB "
    "a\xE2 a\xE0 a\xE1 a\xE5 a\xE3 a\xE4 "
    "e e\xF8 e\xF9 e\xFB e\xF5 e\xEF "
    "e\xE2 e\xE0 e\xE1 e\xE5 e\xE3 e\xE4 "
    "i \xEC \xED \xE6 \xF3 \xF2 "
    "o o\xF8 o\xF9 o\xFB o\xF5 o\xEF "
    "o\xE2 o\xE0 o\xE1 o\xE5 o\xE3 o\xE4 "
    "\xF4 \xF4\xF8 \xF4\xF9 \xF4\xFB \xF4\xF5 \xF4\xEF "
    "u u\xF8 u\xF9 u\xFB u\xF5 u\xEF "
    "\xF6 \xF6\xF8 \xF6\xF9 \xF6\xFB \xF6\xF5 \xF6\xEF "
    "y y\xF8 y\xF9 y\xFB y\xF5 \xEE "
    "\xF1";
  static const char upper[] =
    "A A\xD8 A\xD9 A\xDB A\xD5 A\xCF "
    "A\xCA A\xC8 A\xC9 A\xDA A\xDC A\xCB "
    "A\xC2 A\xC0 A\xC1 A\xC5 A\xC3 A\xC4 "
    "E E\xD8 E\xD9 E\xDB E\xD5 E\xCF "
    "E\xC2 E\xC0 E\xC1 E\xC5 E\xC3 E\xC4 "
    "I \xCC \xCD \xC6 \xD3 \xD2 "
    "O O\xD8 O\xD9 O\xDB O\xD5 O\xCF "
    "O\xC2 O\xC0 O\xC1 O\xC5 O\xC3 O\xC4 "
    "\xD4 \xD4\xD8 \xD4\xD9 \xD4\xDB \xD4\xD5 \xD4\xCF "
    "U U\xD8 U\xD9 U\xDB U\xD5 U\xCF "
    "\xD6 \xD6\xD8 \xD6\xD9 \xD6\xDB \xD6\xD5 \xD6\xCF "
    "Y Y\xD8 Y\xD9 Y\xDB Y\xD5 \xCE "
    "\xD1";
  g_autofree char *read_lower = latin1 (lower);
  g_autofree char *read_upper = latin1 (upper);
  g_autofree char *got_lower = hoso_vn_convert_legacy (read_lower, -1, HOSO_VN_LEGACY_VNI);
  g_autofree char *got_upper = hoso_vn_convert_legacy (read_upper, -1, HOSO_VN_LEGACY_VNI);

  g_assert_cmpstr (got_lower, ==,
                   "a à á ả ã ạ ă ằ ắ ẳ ẵ ặ â ầ ấ ẩ ẫ ậ "
                   "e è é ẻ ẽ ẹ ê ề ế ể ễ ệ i ì í ỉ ĩ ị "
                   "o ò ó ỏ õ ọ ô ồ ố ổ ỗ ộ ơ ờ ớ ở ỡ ợ "
                   "u ù ú ủ ũ ụ ư ừ ứ ử ữ ự y ỳ ý ỷ ỹ ỵ đ");
  g_assert_cmpstr (got_upper, ==,
                   "A À Á Ả Ã Ạ Ă Ằ Ắ Ẳ Ẵ Ặ Â Ầ Ấ Ẩ Ẫ Ậ "
                   "E È É Ẻ Ẽ Ẹ Ê Ề Ế Ể Ễ Ệ I Ì Í Ỉ Ĩ Ị "
                   "O Ò Ó Ỏ Õ Ọ Ô Ồ Ố Ổ Ỗ Ộ Ơ Ờ Ớ Ở Ỡ Ợ "
                   "U Ù Ú Ủ Ũ Ụ Ư Ừ Ứ Ử Ữ Ự Y Ỳ Ý Ỷ Ỹ Ỵ Đ");

  /* A mark code after a lowercase or capital letter takes its case; away
   * from a vowel it is kept as it reads; unused codes are kept. */
  g_autofree char *mixed = latin1 ("Vie\xC4t VIE\xE4T 5\xF9 \xE9t \xF1\xF9 \xE7\xFF");
  g_autofree char *got_mixed = hoso_vn_convert_legacy (mixed, -1, HOSO_VN_LEGACY_VNI);
  g_assert_cmpstr (got_mixed, ==, "Việt VIỆT 5ù ét đù çÿ");
}

static void
test_legacy_name (void)
{
  g_assert_cmpstr (hoso_vn_legacy_name (HOSO_VN_LEGACY_TCVN3), ==, "TCVN3");
  g_assert_cmpstr (hoso_vn_legacy_name (HOSO_VN_LEGACY_VNI), ==, "VNI");
  g_assert_null (hoso_vn_legacy_name (HOSO_VN_LEGACY_NONE));
  /* NONE converts nothing, but still gives NFC. */
  g_autofree char *same = hoso_vn_convert_legacy ("t\xC2\xB8" "c Vie\xCC\x82\xCC\xA3t", -1,
                                                  HOSO_VN_LEGACY_NONE);
  g_assert_cmpstr (same, ==, "t¸c Việt");
}

/* ---- Detection: no false positives ----------------------------------------- */

static void
assert_not_legacy (const char *text)
{
  g_test_message ("%s", text);
  g_assert_cmpint (hoso_vn_detect_legacy (text, -1), ==, HOSO_VN_LEGACY_NONE);
  HosoVnLegacy found = HOSO_VN_LEGACY_TCVN3;
  g_autofree char *cleaned = hoso_vn_clean (text, -1, &found);
  g_autofree char *nfc = g_utf8_normalize (text, -1, G_NORMALIZE_NFC);
  g_assert_cmpint (found, ==, HOSO_VN_LEGACY_NONE);
  g_assert_cmpstr (cleaned, ==, nfc);
}

static void
test_detect_unicode_vietnamese (void)
{
  static const char *const texts[] = {
    "Tiêu Tiên Phước của Công ty TNHH Sơn Tiến (Tiên Sơn, Tiên Phước) đạt 4 sao, 70,9 điểm, "
    "theo Quyết định số 3610/QĐ-UBND ngày 29/12/2022. Heo thảo dược Xứ Tiên của HTX Tiền Phong "
    "đạt 3 sao. Rượu Lòn bon Tiên Phước; Tinh dầu Quế; Bánh tráng lề Địch Yên; vòng tay trầm hương.",
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
    "GIẤY CHỨNG NHẬN SẢN PHẨM OCOP",
    /* Words whose letters are all in Latin-1, which legacy readings change. */
    "Có cà phê và trà, tôi là ông Tâm, cô Hà và chú Sáu ở nhà bên. Tên tôi là Tâm.",
    "có cà phê",
    "Ông Tâm",
    /* Decomposed (NFD) text. */
    "Vie\xCC\x82\xCC\xA3t Nam, ho\xCC\x9B\xCC\xA3p ta\xCC\x81" "c xa\xCC\x83",
    "Đặc sản", "Nước mắm Duy Trinh", "Trà sâm Ngọc Linh", "Đà Nẵng",
  };
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    assert_not_legacy (texts[i]);
  for (guint i = 0; i < G_N_ELEMENTS (sentences); i++)
    assert_not_legacy (sentences[i].unicode);
}

static void
test_detect_western (void)
{
  static const char *const texts[] = {
    "The café’s naïve résumé: 5 µm × 3 mm, © 2024 Acme® — 100 °C ± 2 °C, ½ price, "
    "«quoted» text · a bullet · another, 1ª edición, Zoë and Chloë, coöperate.",
    "Où est la bibliothèque ? Déjà vu, à la française, ça coûte très cher ; où êtes-vous, "
    "là-bas près de l’église ? Noël, maïs, cœur, garçon, élève, forêt, où, où, là, à.",
    "Müller über Größe, schön und für Zürich; Straße, Ärger, Öl, Übung, hören, Mädchen, Bäckerei.",
    "El señor está aquí; mañana sí, ¿qué más? Año, niño, José, corazón, también, acción, pingüino.",
    "São Paulo, ação, não, você, é, está, coração, irmã, avô, pão, mãe.",
    "Ça va? Où? Là! Été, thé, café, dé, né, sé, té, tú, mí, sí.",
    /* Short strings. */
    "où", "Où ? Où !", "café", "Müller", "São", "µm ×", "© ®", "5 µm × 3 · «x»",
    "Ñoño", "à là", "été", "Ü", "ñ", "«»", "¿?", "×÷", "Windows® XP © Microsoft",
    "½ ¼ ¾ ² ³ ° ± · ¸ ¶ µ ª º « »", "", "ASCII only",
    /* Lines with two words that read as syllables in a legacy encoding
     * (så, på as TCVN3 sồ, pồ; può, più as VNI puị, piú), but are words. */
    "Hvis nummer mangler, så placeres markøren på den sidste linje.",
    "può essere una combinazione qualsiasi delle lettere descritte più",
    "Så gå på",
    /* French quoting a few legacy words: most of its words make no sense
     * as legacy text, so it is left as it is. */
    "Le café Hîp t¸c x· près de l’église, très célèbre, déjà fermé, où l’on mangeait "
    "des crêpes et des gâteaux, était en face du théâtre.",
  };
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    assert_not_legacy (texts[i]);

  /* No single Latin-1 character, alone or twice over, is taken for legacy. */
  for (gunichar c = 0xA1; c <= 0xFF; c++)
    {
      char one[8] = { 0 };
      g_unichar_to_utf8 (c, one);
      g_autofree char *twice = g_strdup_printf ("%s %s", one, one);
      g_assert_cmpint (hoso_vn_detect_legacy (one, -1), ==, HOSO_VN_LEGACY_NONE);
      g_assert_cmpint (hoso_vn_detect_legacy (twice, -1), ==, HOSO_VN_LEGACY_NONE);
    }
}

static void
test_detect_short_legacy (void)
{
  /* Two different words that no language writes so are enough (a symbol
   * among letters); one is not, nor one word three times. */
  g_autofree char *two = latin1 ("t\xB8" "c x\xB7");
  g_assert_cmpint (hoso_vn_detect_legacy (two, -1), ==, HOSO_VN_LEGACY_TCVN3);
  g_autofree char *one = latin1 ("Ph\xAD\xED" "c");
  g_assert_cmpint (hoso_vn_detect_legacy (one, -1), ==, HOSO_VN_LEGACY_NONE);
  g_autofree char *same = latin1 ("x\xB7 x\xB7 x\xB7");
  g_assert_cmpint (hoso_vn_detect_legacy (same, -1), ==, HOSO_VN_LEGACY_NONE);
  /* Or a capital after a small letter (tất nhiều), two letters outside
   * ASCII (Đá mới), VNI marks no language writes after a vowel (Việt, mùa). */
  g_autofree char *vni = latin1 ("Vie\xE4t Nam co\xF9 bo\xE1n mu\xF8" "a");
  g_assert_cmpint (hoso_vn_detect_legacy (vni, -1), ==, HOSO_VN_LEGACY_VNI);
  g_autofree char *tcvn3_case = latin1 ("t\xCAt nhi\xD2u");
  g_assert_cmpint (hoso_vn_detect_legacy (tcvn3_case, -1), ==, HOSO_VN_LEGACY_TCVN3);
  g_autofree char *vni_two = latin1 ("\xD1" "a\xF9 m\xF4\xF9i");
  g_assert_cmpint (hoso_vn_detect_legacy (vni_two, -1), ==, HOSO_VN_LEGACY_VNI);
  /* Words ending in c, ch, p or t take only the acute or the dot below: as
   * they read, "Thùc" and "tèt" are not Vietnamese, so they count for TCVN3
   * (thực, tốt), not against it. */
  g_autofree char *stops = latin1 ("Th\xF9" "c ph\xC8m t\xE8t, m\xE9t s\xE8 ch\xD8 ti\xAAu");
  g_assert_cmpint (hoso_vn_detect_legacy (stops, -1), ==, HOSO_VN_LEGACY_TCVN3);
  /* Legacy text among English is still found; a length limits the text. */
  g_autofree char *mixed = latin1 ("Producer: H\xEEp t\xB8" "c x\xB7 N\xABng nghi\xD6p, "
                                   "address: Ti\xAAn Ph\xAD\xED" "c, Qu\xB6ng Nam. Phone 0235.");
  g_assert_cmpint (hoso_vn_detect_legacy (mixed, -1), ==, HOSO_VN_LEGACY_TCVN3);
  g_assert_cmpint (hoso_vn_detect_legacy (mixed, 12), ==, HOSO_VN_LEGACY_NONE);
}

/* ---- Decoding bytes ---------------------------------------------------------- */

static void
check_decode (const char *bytes, gsize len, const char *declared,
              const char *expected, const char *expected_encoding)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL, *encoding = NULL;

  g_test_message ("%s (%s)", expected, expected_encoding);
  g_assert_true (hoso_vn_decode (bytes, len, declared, &text, &encoding, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (text, ==, expected);
  g_assert_cmpstr (encoding, ==, expected_encoding);
}

#define BYTES(s) (s), (sizeof (s) - 1)

static void
test_decode_bom (void)
{
  /* "Việt" in UTF-8 NFD, UTF-16LE and UTF-16BE, after a byte order mark. */
  check_decode (BYTES ("\xEF\xBB\xBFVie\xCC\x82\xCC\xA3t"), NULL, "Việt", "UTF-8");
  check_decode (BYTES ("\xFF\xFEV\0i\0\xC7\x1Et\0"), NULL, "Việt", "UTF-16LE");
  check_decode (BYTES ("\xFE\xFF\0V\0i\x1E\xC7\0t"), NULL, "Việt", "UTF-16BE");
  /* Decomposed UTF-16 is composed too, and a BOM beats a declaration. */
  check_decode (BYTES ("\xFF\xFE" "e\0\x02\x03\x23\x03"), "ISO-8859-1", "ệ", "UTF-16LE");
  /* A BOM and nothing else. */
  check_decode (BYTES ("\xFF\xFE"), NULL, "", "UTF-16LE");
  check_decode (BYTES ("\xEF\xBB\xBF"), NULL, "", "UTF-8");
}

static void
test_decode_utf16_truncated (void)
{
  static const char *const broken[] = { "\xFF\xFEV\0i", "\xFE\xFF\0V\0" };
  for (guint i = 0; i < G_N_ELEMENTS (broken); i++)
    {
      g_autoptr(GError) error = NULL;
      char *text = NULL, *encoding = NULL;

      g_assert_false (hoso_vn_decode (broken[i], 5, NULL, &text, &encoding, &error));
      g_assert_error (error, G_CONVERT_ERROR, G_CONVERT_ERROR_PARTIAL_INPUT);
      g_assert_nonnull (strstr (error->message, i == 0 ? "UTF-16LE" : "UTF-16BE"));
      g_assert_null (text);
      g_assert_null (encoding);
    }
  /* A high surrogate without its low half. */
  g_autoptr(GError) error = NULL;
  char *text = NULL;
  g_assert_false (hoso_vn_decode (BYTES ("\xFF\xFE\x3D\xD8" "a\0"), NULL, &text, NULL, &error));
  g_assert_error (error, G_CONVERT_ERROR, G_CONVERT_ERROR_ILLEGAL_SEQUENCE);
  g_assert_null (text);
}

static void
test_decode_utf8 (void)
{
  check_decode (BYTES ("Ho\xCC\x9B\xCC\xA3p ta\xCC\x81" "c xa\xCC\x83"), NULL, "Hợp tác xã", "UTF-8");
  check_decode (BYTES ("plain ASCII\n"), NULL, "plain ASCII\n", "UTF-8");
  check_decode ("", 0, NULL, "", "UTF-8");
  check_decode (NULL, 0, NULL, "", "UTF-8");
  /* Legacy text read as Latin-1 and saved as UTF-8 (a PDF's text). */
  check_decode (BYTES ("H\xC3\xAEp t\xC2\xB8" "c x\xC2\xB7"), NULL, "Hợp tác xã", "TCVN3");
}

static void
test_decode_cp1258 (void)
{
  /* Windows-1258: base letters and separate tone marks (0xEC acute,
   * 0xDE tilde, 0xF2 dot below); ơ 0xF5, ư 0xFD, Đ 0xD0, ă 0xE3. */
  check_decode (BYTES ("H\xF5\xF2p t\xE1" "c xa\xDE N\xF4ng nghi\xEA\xF2p Ti\xEAn Ph\xFD\xF5\xEC" "c"),
                NULL, "Hợp tác xã Nông nghiệp Tiên Phước", "WINDOWS-1258");
  check_decode (BYTES ("\xD0\xE3\xF2ng V\xE3n Ph\xFD\xF5\xEC" "c"), NULL, "Đặng Văn Phước", "WINDOWS-1258");
  check_decode (BYTES ("Gi\xE2\xECy ch\xFD\xECng nh\xE2\xF2n an to\xE0n th\xFD\xF2" "c ph\xE2\xD2m"),
                NULL, "Giấy chứng nhận an toàn thực phẩm", "WINDOWS-1258");
  /* A byte Windows-1258 leaves free becomes U+FFFD. */
  check_decode (BYTES ("t\xE1" "c\x81"), NULL, "tác\xEF\xBF\xBD", "WINDOWS-1258");
  /* Western text in Latin-1 bytes reads the same in Windows-1258. */
  check_decode (BYTES ("Caf\xE9 cr\xE8me, gar\xE7on"), NULL, "Café crème, garçon", "WINDOWS-1258");
  /* Read as Windows-1252, these bytes make TCVN3 syllables (the tilde 0xDE
   * is Þ, and "xaÞ" would be "xaị"), but read as Windows-1258 every word
   * is Vietnamese: Windows-1258 wins. */
  check_decode (BYTES ("Ngo\xDE xa\xDE, nga\xDE ba, mu\xDE N\xF4ng"), NULL,
                "Ngõ xã, ngã ba, mũ Nông", "WINDOWS-1258");
}

static void
test_decode_declared (void)
{
  check_decode (BYTES ("Caf\xE9 cr\xE8me br\xFBl\xE9" "e"), "ISO-8859-1", "Café crème brûlée", "ISO-8859-1");
  check_decode (BYTES ("\xD0\xE3\xF2ng V\xE3n"), "windows-1258", "Đặng Văn", "WINDOWS-1258");
  check_decode (BYTES ("V\0i\0\xC7\x1Et\0"), "UTF-16LE", "Việt", "UTF-16LE");
  /* Unknown to iconv, or wrong for the bytes: the bytes decide. */
  check_decode (BYTES ("Vi\xE1\xBB\x87t"), "x-no-such-charset", "Việt", "UTF-8");
  check_decode (BYTES ("Vi\xEA\xF2t"), "UTF-8", "Việt", "WINDOWS-1258");
  /* The legacy encodings by name. */
  check_decode (BYTES ("\xA7\xC6ng V\xA8n"), "TCVN3", "Đặng Văn", "TCVN3");
  check_decode (BYTES ("\xD1" "a\xEBng Va\xEAn"), "vni", "Đặng Văn", "VNI");
  /* Legacy text under a Western or a Vietnamese declaration. */
  check_decode (BYTES ("H\xEEp t\xB8" "c x\xB7 N\xABng nghi\xD6p"), "ISO-8859-1",
                "Hợp tác xã Nông nghiệp", "TCVN3");
  check_decode (BYTES ("H\xEEp t\xB8" "c x\xB7 N\xABng nghi\xD6p"), "windows-1258",
                "Hợp tác xã Nông nghiệp", "TCVN3");
}

static void
test_decode_legacy_in_unicode (void)
{
  /* A .VnTime document saved as "Unicode text": UTF-16 of its Latin-1 reading. */
  check_decode (BYTES ("\xFF\xFEH\0\xEE\0p\0 \0t\0\xB8\0" "c\0 \0x\0\xB7\0"), NULL, "Hợp tác xã", "TCVN3");
  /* Windows-1252 punctuation in raw TCVN3 bytes. */
  check_decode (BYTES ("\x93H\xEEp t\xB8" "c x\xB7\x94 \x96 N\xABng nghi\xD6p"), NULL,
                "“Hợp tác xã” – Nông nghiệp", "TCVN3");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/vn-text/normalize/nfd", test_normalize_nfd);
  g_test_add_func ("/vn-text/normalize/mark-order", test_normalize_mark_order);
  g_test_add_func ("/vn-text/normalize/invalid", test_normalize_invalid);
  g_test_add_func ("/vn-text/fold", test_fold);
  g_test_add_func ("/vn-text/has-diacritics", test_has_diacritics);
  g_test_add_func ("/vn-text/syllables", test_syllables);
  g_test_add_func ("/vn-text/tcvn3/sentences", test_tcvn3_sentences);
  g_test_add_func ("/vn-text/tcvn3/table", test_tcvn3_table);
  g_test_add_func ("/vn-text/tcvn3/iconv", test_tcvn3_against_iconv);
  g_test_add_func ("/vn-text/tcvn3/capitals", test_tcvn3_capitals);
  g_test_add_func ("/vn-text/vni/sentences", test_vni_sentences);
  g_test_add_func ("/vn-text/vni/table", test_vni_table);
  g_test_add_func ("/vn-text/legacy-name", test_legacy_name);
  g_test_add_func ("/vn-text/detect/unicode-vietnamese", test_detect_unicode_vietnamese);
  g_test_add_func ("/vn-text/detect/western", test_detect_western);
  g_test_add_func ("/vn-text/detect/short", test_detect_short_legacy);
  g_test_add_func ("/vn-text/decode/bom", test_decode_bom);
  g_test_add_func ("/vn-text/decode/utf16-truncated", test_decode_utf16_truncated);
  g_test_add_func ("/vn-text/decode/utf8", test_decode_utf8);
  g_test_add_func ("/vn-text/decode/cp1258", test_decode_cp1258);
  g_test_add_func ("/vn-text/decode/declared", test_decode_declared);
  g_test_add_func ("/vn-text/decode/legacy-in-unicode", test_decode_legacy_in_unicode);
  return g_test_run ();
}
