/* text-cache.c: extracted text on disk, one zlib-compressed JSON per digest.
 *
 * An entry is a zlib stream (RFC 1950, what compress2() writes) of the JSON
 * of one HosoExtraction.  Entries come from worker processes that parse
 * untrusted files, and the cache is derived data, so every read checks
 * everything: the file must be a regular file (no symbolic link), the
 * stream must end where the file ends, the JSON it holds may not expand
 * past HOSO_TEXT_CACHE_MAX_JSON, and hoso_extraction_from_json checks every
 * field.  Whatever fails these checks is "damaged" (HOSO_EXTRACT_ERROR_FAILED)
 * and extracted again by the caller.
 *
 * Entries are not fsynced: a crash can lose or truncate the newest ones, and
 * a lost or truncated entry is simply extracted again.
 */
#include "config.h"

#include "text-cache.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <zlib.h>

/* The largest JSON an entry may expand to.  The extractors stop at 256 MiB
 * of expanded input and 5,000 pages, so real text is far below this; the
 * bound is what keeps a damaged or hostile entry from taking all memory. */
#define HOSO_TEXT_CACHE_MAX_JSON ((gsize) 256 * 1024 * 1024)
/* Deflate never expands by more than a few bytes per 16 KiB block. */
#define HOSO_TEXT_CACHE_MAX_FILE (HOSO_TEXT_CACHE_MAX_JSON + HOSO_TEXT_CACHE_MAX_JSON / 1000 + 64)

static gboolean
set_errno_error (GError **error, int errsv, const char *what, const char *path)
{
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
               "%s “%s”: %s", what, path, g_strerror (errsv));
  return FALSE;
}

/* A digest is lower-case hex, long enough to fan out (so no '/' or '..'
 * can ever reach a path). */
gboolean
hoso_text_cache_digest_is_valid (const char *digest)
{
  gsize n = 0;

  for (const char *p = digest; *p; p++, n++)
    if (!g_ascii_isxdigit (*p) || g_ascii_isupper (*p))
      return FALSE;
  return n >= 3 && n <= 128;
}

static gboolean
check_digest (const char *digest, GError **error)
{
  if (hoso_text_cache_digest_is_valid (digest))
    return TRUE;
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
               _("“%s” is not a content digest (lower-case hexadecimal)"), digest);
  return FALSE;
}

char *
hoso_text_cache_path (const char *text_dir, const char *digest)
{
  g_return_val_if_fail (hoso_text_cache_digest_is_valid (digest), NULL);

  g_autofree char *fan = g_strndup (digest, 2);
  g_autofree char *name = g_strconcat (digest + 2, ".json.z", NULL);
  return g_build_filename (text_dir, fan, name, NULL);
}

gboolean
hoso_text_cache_has (const char *text_dir, const char *digest)
{
  struct stat st;

  if (!hoso_text_cache_digest_is_valid (digest))
    return FALSE;
  g_autofree char *path = hoso_text_cache_path (text_dir, digest);
  return lstat (path, &st) == 0 && S_ISREG (st.st_mode);
}

/* ---- Reading ------------------------------------------------------------ */

static gboolean
set_damaged (GError **error, const char *path, const char *why)
{
  g_set_error (error, HOSO_EXTRACT_ERROR, HOSO_EXTRACT_ERROR_FAILED,
               _("Text cache entry “%s” is damaged (%s); it will be extracted again"),
               path, why);
  return FALSE;
}

/* Reads the whole regular file PATH, at most MAX bytes.  Caller frees. */
static GBytes *
read_entry_file (const char *path, gsize max, GError **error)
{
  struct stat st;
  int fd = open (path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY);

  if (fd < 0)
    {
      if (errno == ELOOP)
        set_damaged (error, path, _("a symbolic link"));
      else
        set_errno_error (error, errno, _("Opening text cache entry"), path);
      return NULL;
    }
  if (fstat (fd, &st) < 0)
    {
      set_errno_error (error, errno, _("Reading text cache entry"), path);
      close (fd);
      return NULL;
    }
  if (!S_ISREG (st.st_mode) || (guint64) st.st_size > max)
    {
      set_damaged (error, path, S_ISREG (st.st_mode) ? _("too large") : _("not a regular file"));
      close (fd);
      return NULL;
    }

  gsize size = (gsize) st.st_size, got = 0;
  g_autofree guint8 *buf = g_malloc (size > 0 ? size : 1);
  while (got < size)
    {
      ssize_t n = read (fd, buf + got, size - got);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          set_errno_error (error, errno, _("Reading text cache entry"), path);
          close (fd);
          return NULL;
        }
      if (n == 0)
        break;                  /* shrank under us: inflate will say so */
      got += (gsize) n;
    }
  close (fd);
  return g_bytes_new_take (g_steal_pointer (&buf), got);
}

/* Inflates the zlib stream DATA, refusing more than MAX bytes of output.
 * Returns the bytes with a NUL after them, or NULL (a short reason in *WHY). */
static GByteArray *
inflate_bounded (const guint8 *data, gsize len, gsize max, const char **why)
{
  z_stream zs = { 0 };
  g_autoptr(GByteArray) out = NULL;
  int zret;

  if (len > G_MAXUINT)
    {
      *why = _("too large");
      return NULL;
    }
  if (inflateInit (&zs) != Z_OK)
    {
      *why = _("zlib cannot start");
      return NULL;
    }
  /* A first guess at the size; text compresses about four to one. */
  out = g_byte_array_sized_new ((guint) MIN (MAX (len * 4, 4096), max + 1));
  zs.next_in = (Bytef *) data;
  zs.avail_in = (uInt) len;
  do
    {
      if (out->len == max + 1)
        {
          *why = _("its text is too large");
          inflateEnd (&zs);
          return NULL;
        }
      gsize room = MIN ((gsize) 1024 * 1024, max + 1 - out->len);
      guint old_len = out->len;
      g_byte_array_set_size (out, old_len + (guint) room);
      zs.next_out = out->data + old_len;
      zs.avail_out = (uInt) room;
      zret = inflate (&zs, Z_NO_FLUSH);
      g_byte_array_set_size (out, old_len + (guint) (room - zs.avail_out));
      if (zret == Z_BUF_ERROR && zs.avail_in == 0)
        {
          *why = _("truncated");
          inflateEnd (&zs);
          return NULL;
        }
      if (zret != Z_OK && zret != Z_STREAM_END && zret != Z_BUF_ERROR)
        {
          *why = zret == Z_MEM_ERROR ? _("out of memory") : _("not a zlib stream");
          inflateEnd (&zs);
          return NULL;
        }
    }
  while (zret != Z_STREAM_END);
  inflateEnd (&zs);
  if (zs.avail_in != 0)
    {
      *why = _("bytes after the end of its data");
      return NULL;
    }
  if (out->len > max)
    {
      *why = _("its text is too large");
      return NULL;
    }
  guint8 nul = 0;
  g_byte_array_append (out, &nul, 1);
  return g_steal_pointer (&out);
}

HosoExtraction *
hoso_text_cache_load_file (const char *path, GError **error)
{
  const char *why = NULL;
  json_error_t jerr;

  g_autoptr(GBytes) raw = read_entry_file (path, HOSO_TEXT_CACHE_MAX_FILE, error);
  if (raw == NULL)
    return NULL;
  gsize raw_len;
  const guint8 *raw_data = g_bytes_get_data (raw, &raw_len);
  g_autoptr(GByteArray) text = inflate_bounded (raw_data, raw_len,
                                                HOSO_TEXT_CACHE_MAX_JSON, &why);
  if (text == NULL)
    {
      set_damaged (error, path, why);
      return NULL;
    }

  json_t *json = json_loadb ((const char *) text->data, text->len - 1,
                             JSON_REJECT_DUPLICATES, &jerr);
  if (json == NULL)
    {
      g_autofree char *msg = g_strdup_printf (_("not JSON: %s"), jerr.text);
      set_damaged (error, path, msg);
      return NULL;
    }
  g_autoptr(GError) local = NULL;
  HosoExtraction *extraction = hoso_extraction_from_json (json, &local);
  json_decref (json);
  if (extraction == NULL)
    {
      set_damaged (error, path, local->message);
      return NULL;
    }
  return extraction;
}

HosoExtraction *
hoso_text_cache_load (const char *text_dir, const char *digest, GError **error)
{
  if (!check_digest (digest, error))
    return NULL;
  g_autofree char *path = hoso_text_cache_path (text_dir, digest);
  g_autoptr(GError) local = NULL;
  HosoExtraction *extraction = hoso_text_cache_load_file (path, &local);
  if (extraction == NULL && g_error_matches (local, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("No extracted text for %s in “%s” yet"), digest, text_dir);
      return NULL;
    }
  if (extraction == NULL)
    g_propagate_error (error, g_steal_pointer (&local));
  return extraction;
}

/* ---- Writing ------------------------------------------------------------ */

static gboolean
write_all (int fd, const guint8 *p, gsize len, const char *path, GError **error)
{
  while (len > 0)
    {
      ssize_t n = write (fd, p, len);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        return set_errno_error (error, errno, _("Writing text cache entry"), path);
      p += n;
      len -= (gsize) n;
    }
  return TRUE;
}

/* Compresses EXTRACTION's JSON and writes it to FD (named PATH in errors).
 * HOSO_EXTRACT_ERROR_TOO_BIG if the JSON is larger than an entry may be. */
static gboolean
write_entry_fd (int fd, const char *path, const HosoExtraction *extraction,
                GError **error)
{
  json_t *json = hoso_extraction_to_json (extraction);
  if (json == NULL)
    {
      g_set_error (error, HOSO_EXTRACT_ERROR, HOSO_EXTRACT_ERROR_FAILED,
                   _("Writing text cache entry “%s”: the extraction cannot be written as JSON"),
                   path);
      return FALSE;
    }
  g_autofree char *text = json_dumps (json, JSON_COMPACT);
  json_decref (json);
  if (text == NULL)
    {
      g_set_error (error, HOSO_EXTRACT_ERROR, HOSO_EXTRACT_ERROR_FAILED,
                   _("Writing text cache entry “%s”: the extraction cannot be written as JSON"),
                   path);
      return FALSE;
    }
  gsize len = strlen (text);
  if (len > HOSO_TEXT_CACHE_MAX_JSON)
    {
      g_set_error (error, HOSO_EXTRACT_ERROR, HOSO_EXTRACT_ERROR_TOO_BIG,
                   _("the extracted text is larger than %u MiB"),
                   (guint) (HOSO_TEXT_CACHE_MAX_JSON / (1024 * 1024)));
      return FALSE;
    }

  uLongf zlen = compressBound ((uLong) len);
  g_autofree guint8 *z = g_malloc (zlen);
  int zret = compress2 (z, &zlen, (const Bytef *) text, (uLong) len, Z_DEFAULT_COMPRESSION);
  if (zret != Z_OK)
    {
      g_set_error (error, HOSO_EXTRACT_ERROR, HOSO_EXTRACT_ERROR_FAILED,
                   _("Writing text cache entry “%s”: zlib failed (%d)"), path, zret);
      return FALSE;
    }
  return write_all (fd, z, zlen, path, error);
}

gboolean
hoso_text_cache_write_file (const char *path, const HosoExtraction *extraction,
                            GError **error)
{
  int fd = open (path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY, 0666);
  if (fd < 0)
    return set_errno_error (error, errno, _("Creating text cache entry"), path);
  gboolean ok = write_entry_fd (fd, path, extraction, error);
  if (close (fd) < 0 && ok)
    ok = set_errno_error (error, errno, _("Closing text cache entry"), path);
  if (!ok)
    (void) unlink (path);
  return ok;
}

/* Makes FOLDER (and its parents) if missing. */
static gboolean
ensure_dir (const char *folder, GError **error)
{
  if (g_mkdir_with_parents (folder, 0777) < 0)
    return set_errno_error (error, errno, _("Creating text cache folder"), folder);
  return TRUE;
}

gboolean
hoso_text_cache_adopt (const char *text_dir, const char *digest,
                       const char *tmp_path, GError **error)
{
  if (!check_digest (digest, error))
    return FALSE;
  g_autofree char *dest = hoso_text_cache_path (text_dir, digest);
  if (rename (tmp_path, dest) == 0)
    return TRUE;
  if (errno != ENOENT)
    return set_errno_error (error, errno, _("Moving text cache entry into place"), dest);

  /* First entry of its fan-out folder. */
  g_autofree char *folder = g_path_get_dirname (dest);
  if (!ensure_dir (folder, error))
    return FALSE;
  if (rename (tmp_path, dest) < 0)
    return set_errno_error (error, errno, _("Moving text cache entry into place"), dest);
  return TRUE;
}

gboolean
hoso_text_cache_store (const char *text_dir, const char *digest,
                       const HosoExtraction *extraction, GError **error)
{
  if (!check_digest (digest, error))
    return FALSE;
  g_autofree char *tmp_dir = g_build_filename (text_dir, "tmp", NULL);
  if (!ensure_dir (tmp_dir, error))
    return FALSE;
  g_autofree char *tmp_path = g_build_filename (tmp_dir, "store-XXXXXX.json.z", NULL);
  int fd = g_mkstemp_full (tmp_path, O_WRONLY | O_CLOEXEC, 0666);
  if (fd < 0)
    return set_errno_error (error, errno, _("Creating text cache entry"), tmp_path);
  gboolean ok = write_entry_fd (fd, tmp_path, extraction, error);
  if (close (fd) < 0 && ok)
    ok = set_errno_error (error, errno, _("Closing text cache entry"), tmp_path);
  ok = ok && hoso_text_cache_adopt (text_dir, digest, tmp_path, error);
  if (!ok)
    (void) unlink (tmp_path);
  return ok;
}
