/* extraction.c: the result of extracting one file's text, and its JSON form.
 *
 * A HosoExtraction is what an extractor gives, what a worker sends back and
 * what the text cache keeps by content digest.  The JSON is read back from a
 * cache that anything could have damaged, so hoso_extraction_from_json
 * trusts nothing: every member is checked for its type and its meaning, and
 * anything unexpected rejects the whole document.
 *
 * The error domain lives here rather than in extract.c because this file is
 * in libhoso-index.a, which the hoso command links without the parsers.
 */
#include "config.h"

#include "extract.h"

#include <glib/gi18n.h>
#include <string.h>

/* The version of the JSON form; a cache entry with another one is
 * extracted again. */
#define EXTRACTION_JSON_FORMAT 1

G_DEFINE_QUARK (hoso-extract-error-quark, hoso_extract_error)

HosoSignature *
hoso_signature_new (const char *signer, GDateTime *time, gboolean valid)
{
  HosoSignature *signature = g_new0 (HosoSignature, 1);
  signature->signer = g_strdup (signer);
  signature->time = time != NULL ? g_date_time_ref (time) : NULL;
  signature->valid = valid;
  return signature;
}

void
hoso_signature_free (HosoSignature *signature)
{
  if (signature == NULL)
    return;
  g_free (signature->signer);
  g_clear_pointer (&signature->time, g_date_time_unref);
  g_free (signature);
}

HosoExtraction *
hoso_extraction_new (HosoTextStatus status)
{
  HosoExtraction *extraction = g_new0 (HosoExtraction, 1);
  extraction->status = status;
  extraction->pages = g_ptr_array_new_with_free_func (g_free);
  extraction->ocr_pages = g_array_new (FALSE, FALSE, sizeof (guint));
  extraction->signatures =
    g_ptr_array_new_with_free_func ((GDestroyNotify) hoso_signature_free);
  return extraction;
}

void
hoso_extraction_free (HosoExtraction *extraction)
{
  if (extraction == NULL)
    return;
  g_free (extraction->reason);
  g_free (extraction->media_type);
  g_free (extraction->type);
  g_free (extraction->title);
  g_free (extraction->author);
  g_clear_pointer (&extraction->created, g_date_time_unref);
  g_clear_pointer (&extraction->modified, g_date_time_unref);
  g_free (extraction->encoding);
  g_ptr_array_unref (extraction->pages);
  g_array_unref (extraction->ocr_pages);
  g_ptr_array_unref (extraction->signatures);
  g_free (extraction);
}

HosoExtraction *
hoso_extraction_new_failed (HosoTextStatus status, const char *format, ...)
{
  HosoExtraction *extraction = hoso_extraction_new (status);
  va_list args;
  va_start (args, format);
  extraction->reason = g_strdup_vprintf (format, args);
  va_end (args);
  return extraction;
}

static const char *const status_names[] = {
  [HOSO_TEXT_PENDING] = "pending",
  [HOSO_TEXT_OK] = "ok",
  [HOSO_TEXT_UNSUPPORTED] = "unsupported",
  [HOSO_TEXT_FAILED] = "failed",
};

const char *
hoso_text_status_to_string (HosoTextStatus status)
{
  if ((guint) status < G_N_ELEMENTS (status_names))
    return status_names[status];
  return "failed";
}

gboolean
hoso_text_status_from_string (const char *s, HosoTextStatus *out)
{
  for (guint i = 0; s != NULL && i < G_N_ELEMENTS (status_names); i++)
    if (strcmp (s, status_names[i]) == 0)
      {
        *out = (HosoTextStatus) i;
        return TRUE;
      }
  return FALSE;
}

/* ---- To JSON ------------------------------------------------------------- */

/* A JSON string of S, or null.  Extractors give valid UTF-8, but jansson
 * refuses anything else, so a bad byte must not lose a whole page. */
static json_t *
json_string_or_null (const char *s)
{
  if (s == NULL)
    return json_null ();
  if (g_utf8_validate (s, -1, NULL))
    return json_string (s);
  g_autofree char *valid = g_utf8_make_valid (s, -1);
  return json_string (valid);
}

static json_t *
json_time_or_null (GDateTime *time)
{
  if (time == NULL)
    return json_null ();
  g_autofree char *s = g_date_time_format_iso8601 (time);
  return json_string_or_null (s);
}

json_t *
hoso_extraction_to_json (const HosoExtraction *x)
{
  json_t *pages = json_array ();
  for (guint i = 0; i < x->pages->len; i++)
    json_array_append_new (pages,
                           json_string_or_null (g_ptr_array_index (x->pages, i)));

  json_t *ocr_pages = json_array ();
  for (guint i = 0; i < x->ocr_pages->len; i++)
    json_array_append_new (ocr_pages,
                           json_integer (g_array_index (x->ocr_pages, guint, i)));

  json_t *signatures = json_array ();
  for (guint i = 0; i < x->signatures->len; i++)
    {
      const HosoSignature *s = g_ptr_array_index (x->signatures, i);
      json_array_append_new (signatures,
                             json_pack ("{s:o, s:o, s:b}",
                                        "signer", json_string_or_null (s->signer),
                                        "time", json_time_or_null (s->time),
                                        "valid", s->valid));
    }

  return json_pack ("{s:i, s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o,"
                    " s:o, s:o, s:o}",
                    "format", EXTRACTION_JSON_FORMAT,
                    "status", hoso_text_status_to_string (x->status),
                    "reason", json_string_or_null (x->reason),
                    "media_type", json_string_or_null (x->media_type),
                    "type", json_string_or_null (x->type),
                    "title", json_string_or_null (x->title),
                    "author", json_string_or_null (x->author),
                    "created", json_time_or_null (x->created),
                    "modified", json_time_or_null (x->modified),
                    "encoding", json_string_or_null (x->encoding),
                    "pages", pages,
                    "ocr_pages", ocr_pages,
                    "signatures", signatures);
}

/* ---- From JSON ----------------------------------------------------------- */

static gboolean
malformed (GError **error, const char *what)
{
  g_set_error (error, HOSO_EXTRACT_ERROR, HOSO_EXTRACT_ERROR_FAILED,
               _("Malformed extraction record: %s"), what);
  return FALSE;
}

/* Fails unless OBJECT has only the members named in ALLOWED. */
static gboolean
check_members (json_t *object, const char *const *allowed, GError **error)
{
  const char *key;
  json_t *value;
  json_object_foreach (object, key, value)
    {
      if (!g_strv_contains (allowed, key))
        {
          g_autofree char *what = g_strdup_printf (_("unknown member “%s”"), key);
          return malformed (error, what);
        }
    }
  return TRUE;
}

/* MEMBER of OBJECT as a string copy in *OUT: absent or null gives NULL
 * (unless REQUIRED), anything but a string is an error. */
static gboolean
get_string (json_t *object, const char *member, gboolean required, char **out,
            GError **error)
{
  json_t *value = json_object_get (object, member);
  *out = NULL;
  if (value == NULL || json_is_null (value))
    {
      if (!required)
        return TRUE;
      g_autofree char *what = g_strdup_printf (_("“%s” is missing"), member);
      return malformed (error, what);
    }
  if (!json_is_string (value))
    {
      g_autofree char *what = g_strdup_printf (_("“%s” is not a string"), member);
      return malformed (error, what);
    }
  /* jansson accepts "\u0000" inside strings; C strings cannot hold it. */
  if (strlen (json_string_value (value)) != json_string_length (value))
    {
      g_autofree char *what = g_strdup_printf (_("“%s” holds a NUL character"),
                                               member);
      return malformed (error, what);
    }
  *out = g_strdup (json_string_value (value));
  return TRUE;
}

/* MEMBER of OBJECT as an ISO 8601 time with an offset, or NULL. */
static gboolean
get_time (json_t *object, const char *member, GDateTime **out, GError **error)
{
  g_autofree char *s = NULL;
  *out = NULL;
  if (!get_string (object, member, FALSE, &s, error))
    return FALSE;
  if (s == NULL)
    return TRUE;
  /* No default zone: a time without an offset is not what to_json writes. */
  *out = g_date_time_new_from_iso8601 (s, NULL);
  if (*out == NULL)
    {
      g_autofree char *what = g_strdup_printf (_("“%s” is not an ISO 8601 time "
                                                 "with an offset"), member);
      return malformed (error, what);
    }
  return TRUE;
}

static json_t *
get_array (json_t *object, const char *member, GError **error)
{
  json_t *value = json_object_get (object, member);
  if (!json_is_array (value))
    {
      g_autofree char *what = g_strdup_printf (_("“%s” is missing or not an array"),
                                               member);
      malformed (error, what);
      return NULL;
    }
  return value;
}

static gboolean
read_pages (json_t *json, HosoExtraction *x, GError **error)
{
  json_t *pages = get_array (json, "pages", error);
  if (pages == NULL)
    return FALSE;
  size_t i;
  json_t *page;
  json_array_foreach (pages, i, page)
    {
      if (!json_is_string (page)
          || strlen (json_string_value (page)) != json_string_length (page))
        return malformed (error, _("a page is not a string"));
      g_ptr_array_add (x->pages, g_strdup (json_string_value (page)));
    }
  return TRUE;
}

/* ocr_pages: page numbers, each an existing page, in increasing order. */
static gboolean
read_ocr_pages (json_t *json, HosoExtraction *x, GError **error)
{
  json_t *ocr_pages = get_array (json, "ocr_pages", error);
  if (ocr_pages == NULL)
    return FALSE;
  size_t i;
  json_t *value;
  json_int_t last = 0;
  json_array_foreach (ocr_pages, i, value)
    {
      if (!json_is_integer (value))
        return malformed (error, _("an OCR page is not an integer"));
      json_int_t n = json_integer_value (value);
      if (n < 1 || n > (json_int_t) x->pages->len || n <= last)
        return malformed (error, _("an OCR page is out of range or out of order"));
      guint page = (guint) n;
      g_array_append_val (x->ocr_pages, page);
      last = n;
    }
  return TRUE;
}

static gboolean
read_signatures (json_t *json, HosoExtraction *x, GError **error)
{
  static const char *const allowed[] = { "signer", "time", "valid", NULL };
  json_t *signatures = get_array (json, "signatures", error);
  if (signatures == NULL)
    return FALSE;
  size_t i;
  json_t *value;
  json_array_foreach (signatures, i, value)
    {
      if (!json_is_object (value))
        return malformed (error, _("a signature is not an object"));
      if (!check_members (value, allowed, error))
        return FALSE;
      json_t *valid = json_object_get (value, "valid");
      if (!json_is_boolean (valid))
        return malformed (error, _("a signature’s “valid” is missing or not "
                                   "a boolean"));
      g_autofree char *signer = NULL;
      g_autoptr(GDateTime) time = NULL;
      if (!get_string (value, "signer", FALSE, &signer, error)
          || !get_time (value, "time", &time, error))
        return FALSE;
      g_ptr_array_add (x->signatures,
                       hoso_signature_new (signer, time, json_is_true (valid)));
    }
  return TRUE;
}

HosoExtraction *
hoso_extraction_from_json (json_t *json, GError **error)
{
  static const char *const allowed[] = {
    "format", "status", "reason", "media_type", "type", "title", "author",
    "created", "modified", "encoding", "pages", "ocr_pages", "signatures",
    NULL
  };

  if (!json_is_object (json))
    {
      malformed (error, _("not a JSON object"));
      return NULL;
    }
  if (!check_members (json, allowed, error))
    return NULL;

  json_t *format = json_object_get (json, "format");
  if (!json_is_integer (format)
      || json_integer_value (format) != EXTRACTION_JSON_FORMAT)
    {
      malformed (error, _("“format” is missing or not 1"));
      return NULL;
    }

  g_autofree char *status_name = NULL;
  HosoTextStatus status;
  if (!get_string (json, "status", TRUE, &status_name, error))
    return NULL;
  if (!hoso_text_status_from_string (status_name, &status))
    {
      malformed (error, _("“status” is not a known status"));
      return NULL;
    }

  g_autoptr(HosoExtraction) x = hoso_extraction_new (status);
  if (!get_string (json, "reason", FALSE, &x->reason, error)
      || !get_string (json, "media_type", FALSE, &x->media_type, error)
      || !get_string (json, "type", FALSE, &x->type, error)
      || !get_string (json, "title", FALSE, &x->title, error)
      || !get_string (json, "author", FALSE, &x->author, error)
      || !get_string (json, "encoding", FALSE, &x->encoding, error)
      || !get_time (json, "created", &x->created, error)
      || !get_time (json, "modified", &x->modified, error)
      || !read_pages (json, x, error)
      || !read_ocr_pages (json, x, error)
      || !read_signatures (json, x, error))
    return NULL;

  /* A failed or unsupported file says why; nothing else has a reason. */
  gboolean wants_reason = status == HOSO_TEXT_FAILED
                          || status == HOSO_TEXT_UNSUPPORTED;
  if (wants_reason && (x->reason == NULL || x->reason[0] == '\0'))
    {
      malformed (error, _("a failed or unsupported record has no “reason”"));
      return NULL;
    }
  if (!wants_reason && x->reason != NULL)
    {
      malformed (error, _("only failed or unsupported records have a “reason”"));
      return NULL;
    }
  return g_steal_pointer (&x);
}
