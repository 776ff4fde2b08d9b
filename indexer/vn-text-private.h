/* vn-text-private.h: what the files of Vietnamese text share.
 *
 * vn-text.c (NFC, folding, decoding bytes), vn-legacy.c (TCVN3 and VNI)
 * and vn-syllable.c (Vietnamese spelling) implement vn-text.h between
 * them; this is what they use of each other and nobody else does.
 */
#pragma once

#include <glib.h>

#include "vn-text.h"

G_BEGIN_DECLS

/* The combining marks Vietnamese writes: the tone marks (grave, acute,
 * tilde, hook above, dot below) and the vowel marks (circumflex, breve,
 * horn). */
enum {
  MARK_GRAVE = 0x0300,
  MARK_ACUTE = 0x0301,
  MARK_CIRCUMFLEX = 0x0302,
  MARK_TILDE = 0x0303,
  MARK_BREVE = 0x0306,
  MARK_HOOK = 0x0309,
  MARK_HORN = 0x031B,
  MARK_DOT = 0x0323,
};

#define WORD_MAX 24             /* longer runs of letters are not syllables */

/* ---- vn-text.c ------------------------------------------------------------ */

/* TEXT (LEN bytes, or up to its NUL if LEN < 0) as valid UTF-8: TEXT itself
 * when it is, else a copy left in *COPY (the caller frees it) in which each
 * invalid sequence and each NUL byte is U+FFFD.  *OUT_LEN gets the length. */
const char *hoso_vn_valid_utf8 (const char *text, gssize len, gsize *out_len,
                                char **copy);

/* ---- vn-syllable.c -------------------------------------------------------- */

/* Whether the N characters CP are a Vietnamese syllable (as
 * hoso_vn_is_syllable).  With STRICT_CASE the word must be lowercase,
 * capitalised or all capitals; without, any mix of cases will do.
 * *HAS_INITIAL (whether it starts with a consonant) and *LETTERS (how many
 * letters, marks not counted) describe it; either may be NULL, and neither
 * is set when it is not a syllable.  More than WORD_MAX characters are
 * never a syllable. */
gboolean hoso_vn_syllable_chars (const gunichar *cp, guint n, gboolean strict_case,
                                 gboolean *has_initial, guint *letters);

/* ---- vn-legacy.c ---------------------------------------------------------- */

/* The legacy encoding of TEXT (N bytes of UTF-8; invalid bytes separate
 * words), if its words say so against those that are Vietnamese as they
 * stand, in TEXT or in OTHER (another reading of the same bytes, e.g. as
 * Windows-1258; may be NULL): hoso_vn_detect_legacy is this without OTHER. */
HosoVnLegacy hoso_vn_decide_legacy (const char *text, gsize n, const char *other);

G_END_DECLS
