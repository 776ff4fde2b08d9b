/* text-cache.h: extracted text, kept by content digest.
 *
 * ARCHIVE/text/ holds one zlib-compressed JSON document (a HosoExtraction)
 * per content SHA-512, in fan-out folders: text/ab/cdef....json.z for the
 * digest "abcdef...".  It is derived (the store can always give it again),
 * so an entry that cannot be read is treated as missing and extracted again.
 * Entries are written to text/tmp/ and renamed into place, so a reader never
 * sees half an entry.
 */
#pragma once

#include <glib.h>

#include "extract.h"

G_BEGIN_DECLS

/* TRUE if DIGEST can key an entry: 3 to 128 lower-case hex digits.  The
 * functions below refuse any other (G_IO_ERROR_INVALID_ARGUMENT). */
gboolean hoso_text_cache_digest_is_valid (const char *digest);

/* Path of DIGEST's entry under TEXT_DIR.  Caller frees. */
char *hoso_text_cache_path (const char *text_dir, const char *digest);

/* TRUE if DIGEST has an entry (whatever its status). */
gboolean hoso_text_cache_has (const char *text_dir, const char *digest);

/* DIGEST's extraction.  G_IO_ERROR_NOT_FOUND if there is none; a damaged
 * entry gives HOSO_EXTRACT_ERROR_FAILED.  Caller frees. */
HosoExtraction *hoso_text_cache_load (const char *text_dir, const char *digest,
                                      GError **error);

/* Reads a compressed entry from any file (used on what a worker wrote). */
HosoExtraction *hoso_text_cache_load_file (const char *path, GError **error);

/* Writes EXTRACTION compressed to the file PATH (no rename, no fsync). */
gboolean hoso_text_cache_write_file (const char *path,
                                     const HosoExtraction *extraction,
                                     GError **error);

/* Stores EXTRACTION as DIGEST's entry: written under text/tmp/, renamed
 * into place (replacing any older entry). */
gboolean hoso_text_cache_store (const char *text_dir, const char *digest,
                                const HosoExtraction *extraction,
                                GError **error);

/* Moves the finished entry file TMP_PATH (under TEXT_DIR/tmp) into place as
 * DIGEST's entry. */
gboolean hoso_text_cache_adopt (const char *text_dir, const char *digest,
                                const char *tmp_path, GError **error);

G_END_DECLS
