/* vn-text.h: Vietnamese text, as the indexer needs it.
 *
 * Text reaches the index from many places: PDFs, office files, plain text
 * in UTF-8, UTF-16 or Windows-1258, and old government files typed in the
 * legacy 8-bit Vietnamese encodings TCVN3 (ABC, the .VnTime fonts) and VNI.
 * These functions turn all of it into UTF-8 in NFC, and fold words the way
 * people type them without diacritics.  None of them prints or exits.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* UTF-8 text TEXT (LEN bytes, or -1 if NUL-terminated) in NFC.  NFC puts
 * marks of different classes in one order ("a" + dot below + circumflex and
 * "a" + circumflex + dot below both give "ậ"); beyond NFC, a tone mark typed
 * before the circumflex or breve of a, e, o is put after it, so "a" + acute
 * + circumflex gives "ấ" too.  Each byte of an invalid UTF-8 sequence, and
 * each NUL within LEN, becomes U+FFFD.  TEXT may be NULL if LEN is 0.  Never
 * NULL; caller frees. */
char *hoso_vn_normalize (const char *text, gssize len);

/* TEXT case folded, without combining marks (after canonical
 * decomposition), and with đ/Đ, which have no decomposition, as d: "Đặc
 * Sản" gives "dac san", "MĂNG CỤT" "mang cut".  Ð and ð (U+00D0, U+00F0),
 * often typed for Đ, are d too.  Anything else is kept; invalid UTF-8 as
 * for hoso_vn_normalize().  Caller frees. */
char *hoso_vn_fold (const char *text, gssize len);

/* TRUE if TEXT has a letter with a diacritic: a combining mark (alone or
 * in a precomposed letter), or đ/Đ, Ð/ð.  Invalid bytes are skipped. */
gboolean hoso_vn_has_diacritics (const char *text, gssize len);

/* TRUE if WORD is spelt as one Vietnamese syllable: an initial consonant
 * or none, a vowel nucleus, a final consonant that the nucleus takes, at
 * most one tone mark (on a vowel; only the acute or the dot below before a
 * final c, ch, p or t), in lowercase, capitalised or in capitals, composed
 * or not: "nghiêng", "Quyết", "TRƯỜNG", "an" but not "café", "ViỆt",
 * "thùc" or "ơng".  This is what legacy detection counts on. */
gboolean hoso_vn_is_syllable (const char *word, gssize len);

typedef enum {
  HOSO_VN_LEGACY_NONE,
  HOSO_VN_LEGACY_TCVN3,       /* TCVN 5712:1993 table VN3 (ABC, .VnTime fonts) */
  HOSO_VN_LEGACY_VNI,         /* VNI (VNI-Times fonts) */
} HosoVnLegacy;

/* Whether UTF-8 TEXT is really legacy Vietnamese read as if it were
 * Latin-1 / Windows-1252 (what PDFs with .VnTime fonts and old .txt files
 * give: "hîp t¸c x·" for "hợp tác xã").  Decided on the words of the whole
 * text: those that are syllables only when read back as TCVN3 or VNI codes
 * must be most of the words outside ASCII, more than twice those that are
 * syllables as they stand, and include at least two different words that
 * no Latin-script language writes ("t¸c", "tÊt", "ñöôïc", "Vieät").  So
 * correct Unicode Vietnamese, English, French or German text, and short
 * strings such as "où" or "så på", are never taken for legacy text; a
 * legacy text of a single word, or of two ordinary-looking ones, is not
 * recognised either. */
HosoVnLegacy hoso_vn_detect_legacy (const char *text, gssize len);

/* TEXT converted from LEGACY (read as Latin-1/Windows-1252 code points,
 * as above) to Unicode, in NFC.  TCVN3 is table VN3 of TCVN 5712:1993,
 * which has no tone-marked capitals: documents show its lowercase codes in
 * an all-capital font (.VnTimeH), so they become capitals in a word whose
 * other letters are capitals ("PHIÕU" gives "PHIẾU"), or in a capitalised
 * word next to one on the same line; elsewhere they stay lowercase.  VNI
 * mark codes combine with the vowel before them.  Codes the encoding does
 * not use, characters above U+00FF (Windows-1252 punctuation among them)
 * and invalid UTF-8 (as U+FFFD) are kept.  NONE gives TEXT in NFC.  Caller
 * frees. */
char *hoso_vn_convert_legacy (const char *text, gssize len, HosoVnLegacy legacy);

/* "TCVN3", "VNI" or NULL for NONE. */
const char *hoso_vn_legacy_name (HosoVnLegacy legacy);

/* Bytes of a text file of unknown encoding, as UTF-8 NFC: a UTF-8 or
 * UTF-16 byte order mark decides; else DECLARED (a charset named by the file
 * itself, e.g. an HTML meta tag or XML declaration; may be NULL) if iconv
 * knows it and the bytes are valid in it ("TCVN3" and "VNI" are known too);
 * else valid UTF-8 is UTF-8; else Windows-1258 (bytes it leaves undefined
 * become U+FFFD).  Bytes that are not UTF-8 are also read as Windows-1252
 * and tried for TCVN3 and VNI, against the words that are Vietnamese in the
 * reading above: Windows-1258 reads most legacy codes as other letters or
 * as tone marks, so legacy text must be looked for before it, and real
 * Windows-1258 text, which can look like TCVN3 read as Windows-1252, must
 * win when its words are Vietnamese.  Whatever the bytes were, the text
 * is then tried for legacy encodings as by hoso_vn_clean().  *OUT_ENCODING
 * (may be NULL) gets what was found: "UTF-8", "UTF-16LE", "UTF-16BE",
 * "WINDOWS-1258", DECLARED in capitals, or "TCVN3" or "VNI" when the text
 * was converted from one of them.  FALSE with a G_CONVERT_ERROR if the bytes
 * cannot be decoded at all: a UTF-16 byte order mark followed by an odd
 * number of bytes or by a lone surrogate.  Caller frees both strings. */
gboolean hoso_vn_decode (const char *bytes, gsize len, const char *declared,
                         char **out_text, char **out_encoding, GError **error);

/* Makes extracted TEXT ready to index: NFC, legacy encodings detected
 * (hoso_vn_detect_legacy) and converted.  *OUT_LEGACY (may be NULL) gets
 * what was converted.  Caller frees. */
char *hoso_vn_clean (const char *text, gssize len, HosoVnLegacy *out_legacy);

G_END_DECLS
