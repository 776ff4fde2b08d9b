/* ocfl-digest.c: OCFL digest algorithms on libcrypto's EVP interface. */
#include "config.h"

#include "ocfl-digest.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <gio/gio.h>
#include <openssl/evp.h>

#define READ_CHUNK (1024 * 1024)

struct _HosoDigest {
  EVP_MD_CTX *ctx;
};

static const EVP_MD *
lookup_md (const char *name)
{
  if (name == NULL)
    return NULL;
  if (g_str_equal (name, "sha512"))
    return EVP_sha512 ();
  if (g_str_equal (name, "sha256"))
    return EVP_sha256 ();
  if (g_str_equal (name, "sha1"))
    return EVP_sha1 ();
  if (g_str_equal (name, "md5"))
    return EVP_md5 ();
  if (g_str_equal (name, "blake2b-512"))
    return EVP_blake2b512 ();
  return NULL;
}

gboolean
hoso_digest_algorithm_known (const char *name)
{
  return lookup_md (name) != NULL;
}

guint
hoso_digest_hex_length (const char *name)
{
  const EVP_MD *md = lookup_md (name);
  return md ? (guint) EVP_MD_get_size (md) * 2 : 0;
}

HosoDigest *
hoso_digest_new (const char *name)
{
  const EVP_MD *md = lookup_md (name);
  if (md == NULL)
    return NULL;
  HosoDigest *d = g_new0 (HosoDigest, 1);
  d->ctx = EVP_MD_CTX_new ();
  if (d->ctx == NULL || !EVP_DigestInit_ex (d->ctx, md, NULL))
    g_error ("libcrypto could not start a %s digest", name);
  return d;
}

void
hoso_digest_update (HosoDigest *digest, const void *data, gsize len)
{
  EVP_DigestUpdate (digest->ctx, data, len);
}

char *
hoso_digest_finish_hex (HosoDigest *digest)
{
  unsigned char raw[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  static const char hex[] = "0123456789abcdef";

  EVP_DigestFinal_ex (digest->ctx, raw, &len);
  char *out = g_malloc (len * 2 + 1);
  for (unsigned int i = 0; i < len; i++)
    {
      out[2 * i] = hex[raw[i] >> 4];
      out[2 * i + 1] = hex[raw[i] & 0xf];
    }
  out[len * 2] = '\0';
  return out;
}

void
hoso_digest_free (HosoDigest *digest)
{
  if (digest == NULL)
    return;
  EVP_MD_CTX_free (digest->ctx);
  g_free (digest);
}

char *
hoso_digest_bytes_hex (const char *name, const void *data, gsize len)
{
  g_autoptr(HosoDigest) d = hoso_digest_new (name);
  if (d == NULL)
    return NULL;
  hoso_digest_update (d, data, len);
  return hoso_digest_finish_hex (d);
}

char *
hoso_digest_fd_hex (int fd, const char *name, GError **error)
{
  g_autoptr(HosoDigest) d = hoso_digest_new (name);
  g_autofree guint8 *buf = g_malloc (READ_CHUNK);

  if (d == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   "Unknown digest algorithm “%s”", name);
      return NULL;
    }
  for (;;)
    {
      ssize_t n = read (fd, buf, READ_CHUNK);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int errsv = errno;
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
                       "%s", g_strerror (errsv));
          return NULL;
        }
      if (n == 0)
        break;
      hoso_digest_update (d, buf, (gsize) n);
    }
  return hoso_digest_finish_hex (d);
}

char *
hoso_digest_file_hex (int dirfd, const char *path, const char *name,
                      GError **error)
{
  int fd = openat (dirfd, path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
  if (fd < 0)
    {
      int errsv = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
                   "Cannot read “%s”: %s", path, g_strerror (errsv));
      return NULL;
    }
  (void) posix_fadvise (fd, 0, 0, POSIX_FADV_SEQUENTIAL);
  char *hex = hoso_digest_fd_hex (fd, name, error);
  close (fd);
  if (hex == NULL)
    g_prefix_error (error, "Reading “%s”: ", path);
  return hex;
}
