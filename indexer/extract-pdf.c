/* extract-pdf.c: the text of PDF files, through poppler-glib.
 *
 * A PDF gives its text page by page, its metadata (title, author, dates)
 * and its digital signatures.  Scanned pages have no text layer: they are
 * listed in ocr_pages for the OCR queue, and their page keeps whatever
 * stray text poppler found.  Old government PDFs set in the .VnTime fonts
 * carry TCVN3 bytes that poppler reads as Latin-1; the whole document is
 * judged once and converted (see hoso_extract_set_pages).
 */
#include "config.h"

#include "extract.h"

#include <glib/gi18n.h>
#include <poppler.h>
#include <string.h>

/* poppler-glib 22.12 defines no cleanup functions of its own. */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerDocument, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerPage, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerSignatureInfo, poppler_signature_info_free)

/* Where the PDF header may be: the specification lets readers accept it
 * anywhere in the first 1024 bytes (after what some web servers print
 * before a generated PDF), and poppler does.  Later than byte 0 it must
 * begin a line, so that a text merely mentioning "%PDF-1.4" stays text. */
#define PDF_HEADER_WINDOW 1024

/* A page with fewer letters and digits than this has no usable text layer:
 * a scan with at most a page number or a stamp's stray characters. */
#define OCR_MIN_ALNUM 10

static int
pdf_probe (const guint8 *head, gsize len)
{
  gsize window = MIN (len, PDF_HEADER_WINDOW);
  if (window >= 5 && memcmp (head, "%PDF-", 5) == 0)
    return 100;
  gsize from = 1;
  while (from < window)
    {
      const guint8 *at = memmem (head + from, window - from, "%PDF-", 5);
      if (at == NULL)
        break;
      if (at[-1] == '\n' || at[-1] == '\r')
        return 90;
      from = (gsize) (at - head) + 1;
    }
  return 0;
}

/* TRUE if TEXT (UTF-8) has too few letters or digits to be a text layer.
 * Private-use characters, what fonts without a Unicode map give, do not
 * count. */
static gboolean
needs_ocr (const char *text)
{
  guint alnum = 0;
  for (const char *p = text; p != NULL && *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char_validated (p, -1);
      if (c == (gunichar) -1 || c == (gunichar) -2)
        break;
      if (g_unichar_isalnum (c) && g_unichar_type (c) != G_UNICODE_PRIVATE_USE)
        if (++alnum >= OCR_MIN_ALNUM)
          return FALSE;
    }
  return TRUE;
}

/* poppler_form_field_signature_validate_sync validates in a GTask thread,
 * and that thread may drop its reference to the field after the call has
 * returned.  If that reference were the last, the field, then the document,
 * then poppler's global state would be freed in that thread while this one
 * goes on using poppler (or exits): a crash seen in practice.  So the field
 * is watched with a toggle reference, and the caller waits until it holds
 * the only reference before it lets go. */
typedef struct {
  GMutex lock;
  GCond cond;
  gboolean only_ours;
} FieldWatch;

/* How long the validating thread may take to let go of the field. */
#define RELEASE_TIMEOUT (10 * G_TIME_SPAN_SECOND)

static void
field_toggled (gpointer data, GObject *object, gboolean is_last_ref)
{
  FieldWatch *watch = data;
  g_mutex_lock (&watch->lock);
  watch->only_ours = is_last_ref;
  g_cond_signal (&watch->cond);
  g_mutex_unlock (&watch->lock);
}

/* Validates FIELD's signature; takes the caller's reference to FIELD and
 * releases it in this thread.  NULL if poppler could not validate it. */
static PopplerSignatureInfo *
validate_signature (PopplerFormField *field)
{
  FieldWatch *watch = g_new0 (FieldWatch, 1);
  g_mutex_init (&watch->lock);
  g_cond_init (&watch->cond);
  watch->only_ours = TRUE;
  g_object_add_toggle_ref (G_OBJECT (field), field_toggled, watch);
  g_object_unref (field);

  /* Flags 0: the signature against the signed bytes, but not the
   * certificate (no trust store here, and its revocation check would go
   * to the network). */
  PopplerSignatureInfo *info =
    poppler_form_field_signature_validate_sync (field, 0, NULL, NULL);

  gint64 deadline = g_get_monotonic_time () + RELEASE_TIMEOUT;
  gboolean released = TRUE;
  g_mutex_lock (&watch->lock);
  while (!watch->only_ours && released)
    released = g_cond_wait_until (&watch->cond, &watch->lock, deadline);
  released = watch->only_ours;
  g_mutex_unlock (&watch->lock);
  if (!released)
    return info;              /* leak FIELD and WATCH rather than race */

  g_object_remove_toggle_ref (G_OBJECT (field), field_toggled, watch);
  g_mutex_clear (&watch->lock);
  g_cond_clear (&watch->cond);
  g_free (watch);
  return info;
}

/* The signatures of DOC, as far as poppler-glib 22.12 tells them: the
 * signer's common name, the signing time and whether the signature matches
 * the signed bytes (the certificate is not checked, see above).  22.12 has
 * no call for the signature's reason or location, nor for the
 * certificate's issuer, serial number or validity
 * (poppler_signature_info_get_certificate_info and the PopplerCertificateInfo
 * calls came in 23.x), so those are not recorded. */
static void
read_signatures (PopplerDocument *doc, HosoExtraction *x)
{
  GList *fields = poppler_document_get_signature_fields (doc);
  for (GList *l = fields; l != NULL; l = l->next)
    {
      g_autoptr(PopplerSignatureInfo) info = validate_signature (l->data);
      if (info == NULL)
        continue;
      PopplerSignatureStatus status = poppler_signature_info_get_signature_status (info);
      /* An empty field waiting for a signature is not a signature. */
      if (status == POPPLER_SIGNATURE_NOT_FOUND)
        continue;

      const char *signer = poppler_signature_info_get_signer_name (info);
      if (signer != NULL && signer[0] == '\0')
        signer = NULL;
      /* poppler gives the time as local time of this process, made from a
       * Unix time that is 0 when the signature has none. */
      GDateTime *local = poppler_signature_info_get_local_signing_time (info);
      g_autoptr(GDateTime) time = NULL;
      if (local != NULL && g_date_time_to_unix (local) != 0)
        time = g_date_time_to_utc (local);
      g_ptr_array_add (x->signatures,
                       hoso_signature_new (signer, time,
                                           status == POPPLER_SIGNATURE_VALID));
    }
  /* validate_signature took each field's reference. */
  g_list_free (fields);
}

static PopplerDocument *
open_document (const char *path, GError **error)
{
  g_autofree char *absolute = g_canonicalize_filename (path, NULL);
  g_autofree char *uri = g_filename_to_uri (absolute, NULL, error);
  if (uri == NULL)
    return NULL;

  g_autoptr(GError) local_error = NULL;
  PopplerDocument *doc = poppler_document_new_from_file (uri, NULL, &local_error);
  if (doc != NULL)
    return doc;
  if (g_error_matches (local_error, POPPLER_ERROR, POPPLER_ERROR_ENCRYPTED))
    g_set_error (error, HOSO_EXTRACT_ERROR, HOSO_EXTRACT_ERROR_ENCRYPTED,
                 _("the PDF is encrypted and needs a password to open; "
                   "add a copy saved without a password to index its text"));
  else
    g_set_error (error, HOSO_EXTRACT_ERROR, HOSO_EXTRACT_ERROR_FAILED,
                 _("the PDF is damaged or not a PDF (%s); add a copy saved "
                   "again from the program that made it"),
                 local_error->message);
  return NULL;
}

static HosoExtraction *
pdf_extract (const char *path, const HosoExtractLimits *limits, GError **error)
{
  g_autoptr(PopplerDocument) doc = open_document (path, error);
  if (doc == NULL)
    return NULL;

  g_autoptr(HosoExtraction) x = hoso_extraction_new (HOSO_TEXT_OK);
  x->media_type = g_strdup ("application/pdf");
  x->type = g_strdup ("pdf");
  x->title = poppler_document_get_title (doc);
  x->author = poppler_document_get_author (doc);
  x->created = poppler_document_get_creation_date_time (doc);
  x->modified = poppler_document_get_modification_date_time (doc);

  int n_pages = poppler_document_get_n_pages (doc);
  if (n_pages < 0)
    n_pages = 0;
  if (limits->max_pages > 0 && (guint) n_pages > limits->max_pages)
    n_pages = (int) limits->max_pages;

  g_autoptr(GPtrArray) raw = g_ptr_array_new_with_free_func (g_free);
  for (int i = 0; i < n_pages; i++)
    {
      g_autoptr(PopplerPage) page = poppler_document_get_page (doc, i);
      char *text = page != NULL ? poppler_page_get_text (page) : NULL;
      if (text == NULL)
        text = g_strdup ("");
      if (needs_ocr (text))
        {
          guint number = (guint) i + 1;
          g_array_append_val (x->ocr_pages, number);
        }
      g_ptr_array_add (raw, text);
    }
  hoso_extract_set_pages (x, raw);
  read_signatures (doc, x);
  return g_steal_pointer (&x);
}

const HosoExtractor hoso_extractor_pdf = {
  .name = "pdf",
  .probe = pdf_probe,
  .extract = pdf_extract,
  .cleanup = NULL,
};
