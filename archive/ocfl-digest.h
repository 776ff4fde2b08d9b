/* ocfl-digest.h: the digest algorithms OCFL names, over libcrypto.
 *
 * OCFL inventories use sha512 (or sha256) for content addressing and may
 * carry fixity in md5, sha1, sha256, sha512 and blake2b-512.  Digests are
 * returned as lowercase hexadecimal strings.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _HosoDigest HosoDigest;

/* TRUE if NAME ("sha512", "md5", ...) is an algorithm this build computes. */
gboolean hoso_digest_algorithm_known (const char *name);

/* Length in hex characters of a digest of algorithm NAME, 0 if unknown. */
guint hoso_digest_hex_length (const char *name);

/* A new running digest of algorithm NAME, or NULL if it is unknown. */
HosoDigest *hoso_digest_new (const char *name);
void hoso_digest_update (HosoDigest *digest, const void *data, gsize len);
/* Finishes the digest and returns it as lowercase hex; caller frees.  The
 * digest can not be updated afterwards. */
char *hoso_digest_finish_hex (HosoDigest *digest);
void hoso_digest_free (HosoDigest *digest);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HosoDigest, hoso_digest_free)

/* Digest of LEN bytes at DATA; caller frees. */
char *hoso_digest_bytes_hex (const char *name, const void *data, gsize len);

/* Digest of the file PATH relative to DIRFD (AT_FDCWD for the working
 * folder), read in bounded memory.  Caller frees; NULL with a G_IO_ERROR
 * naming the file on failure. */
char *hoso_digest_file_hex (int dirfd, const char *path, const char *name,
                            GError **error);

/* Digest of everything readable from FD (from its current offset). */
char *hoso_digest_fd_hex (int fd, const char *name, GError **error);

G_END_DECLS
