/* extract.c: picks the extractor for a file and runs it.
 *
 * Every extractor bids on the first bytes of the file (never on its name:
 * names in a dossier are whatever the producer typed), the highest bid
 * wins, and whatever happens the caller gets an extraction it can store:
 * a file nobody takes is UNSUPPORTED, an extractor's error is FAILED with a
 * reason a person can read.  Text cleaning common to all extractors (one
 * legacy-encoding decision per document) is here too.
 */
#include "config.h"

#include "extract.h"
#include "vn-text.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <unistd.h>

/* How much of a file the probes see. */
#define PROBE_BYTES 8192

/* The pool's defaults (see extract-pool.h), used when no limits are given. */
#define DEFAULT_MAX_EXPANDED (G_GUINT64_CONSTANT (256) * 1024 * 1024)
#define DEFAULT_MAX_PAGES 5000

/* In order of preference when two bid the same. */
static const HosoExtractor *const extractors[] = {
  &hoso_extractor_pdf,
  &hoso_extractor_office,
  &hoso_extractor_text,
};

gssize
hoso_extract_read_full (int fd, void *buf, gsize size)
{
  gsize len = 0;

  while (len < size)
    {
      ssize_t n = read (fd, (char *) buf + len, size - len);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        return -1;
      if (n == 0)
        break;
      len += (gsize) n;
    }
  return (gssize) len;
}

/* Reads up to SIZE bytes from the start of PATH into BUF. */
static gboolean
read_head (const char *path, guint8 *buf, gsize size, gsize *out_len,
           GError **error)
{
  int fd = g_open (path, O_RDONLY | O_CLOEXEC | O_NOCTTY, 0);
  gssize n;

  if (fd < 0)
    {
      int saved = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   _("Could not open “%s”: %s"), path, g_strerror (saved));
      return FALSE;
    }
  n = hoso_extract_read_full (fd, buf, size);
  if (n < 0)
    {
      int saved = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   _("Could not read “%s”: %s"), path, g_strerror (saved));
      close (fd);
      return FALSE;
    }
  close (fd);
  *out_len = (gsize) n;
  return TRUE;
}

HosoExtraction *
hoso_extract_file (const char *path, const HosoExtractLimits *limits)
{
  static const HosoExtractLimits defaults = {
    .max_expanded = DEFAULT_MAX_EXPANDED,
    .max_pages = DEFAULT_MAX_PAGES,
  };
  g_autoptr(GError) error = NULL;
  g_autofree guint8 *head = g_malloc (PROBE_BYTES);
  gsize len = 0;

  if (limits == NULL)
    limits = &defaults;
  if (!read_head (path, head, PROBE_BYTES, &len, &error))
    return hoso_extraction_new_failed (HOSO_TEXT_FAILED,
                                       _("text extraction failed: %s"),
                                       error->message);

  const HosoExtractor *best = NULL;
  int best_bid = 0;
  for (guint i = 0; i < G_N_ELEMENTS (extractors); i++)
    {
      int bid = extractors[i]->probe (head, len);
      if (bid > best_bid)
        {
          best = extractors[i];
          best_bid = bid;
        }
    }
  if (best == NULL)
    return hoso_extraction_new_failed (HOSO_TEXT_UNSUPPORTED, "%s",
                                       _("no text extracted: unsupported format"));

  HosoExtraction *extraction = best->extract (path, limits, &error);
  if (extraction == NULL)
    return hoso_extraction_new_failed (HOSO_TEXT_FAILED,
                                       _("text extraction failed: %s"),
                                       error != NULL ? error->message
                                                     : _("unknown error"));
  return extraction;
}

void
hoso_extract_cleanup_all (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (extractors); i++)
    if (extractors[i]->cleanup != NULL)
      extractors[i]->cleanup ();
}

/* S (may be NULL) in NFC, converted from LEGACY; NULL if empty. */
static char *
clean_string (const char *s, HosoVnLegacy legacy)
{
  if (s == NULL)
    return NULL;
  g_autofree char *clean = legacy != HOSO_VN_LEGACY_NONE
                           ? hoso_vn_convert_legacy (s, -1, legacy)
                           : hoso_vn_normalize (s, -1);
  g_strstrip (clean);
  if (clean[0] == '\0')
    return NULL;
  return g_steal_pointer (&clean);
}

void
hoso_extract_set_pages (HosoExtraction *x, const GPtrArray *raw_pages)
{
  /* Normalise first, so that detection and conversion see the same text,
   * then decide on everything the document says at once: a page or a
   * title alone is often too short to tell legacy text from Unicode, and
   * a document typed in one font must not come out half converted. */
  g_autoptr(GString) all = g_string_new (NULL);
  g_autoptr(GPtrArray) pages = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < raw_pages->len; i++)
    {
      const char *raw = g_ptr_array_index (raw_pages, i);
      char *page = hoso_vn_normalize (raw != NULL ? raw : "", -1);
      g_string_append (all, page);
      g_string_append_c (all, '\n');
      g_ptr_array_add (pages, page);
    }
  if (x->title != NULL)
    g_string_append_printf (all, "%s\n", x->title);
  if (x->author != NULL)
    g_string_append_printf (all, "%s\n", x->author);

  HosoVnLegacy legacy = hoso_vn_detect_legacy (all->str, (gssize) all->len);
  for (guint i = 0; i < pages->len; i++)
    {
      char *page = g_ptr_array_index (pages, i);
      if (legacy != HOSO_VN_LEGACY_NONE)
        page = hoso_vn_convert_legacy (page, -1, legacy);
      else
        pages->pdata[i] = NULL;
      g_ptr_array_add (x->pages, page);
    }

  g_autofree char *title = g_steal_pointer (&x->title);
  g_autofree char *author = g_steal_pointer (&x->author);
  x->title = clean_string (title, legacy);
  x->author = clean_string (author, legacy);
  if (legacy != HOSO_VN_LEGACY_NONE)
    {
      g_free (x->encoding);
      x->encoding = g_strdup (hoso_vn_legacy_name (legacy));
    }
}
