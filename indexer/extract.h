/* extract.h: text extraction, one extractor per format behind one vtable.
 *
 * An extractor says whether it can read a file from its first bytes (the
 * probe: content decides, never the file name), then extracts its text page
 * by page with whatever metadata the format carries, and frees its own state.
 * Extraction runs only inside the worker processes of hoso-extract (see
 * extract-pool.h), since it parses untrusted files.
 *
 * The result, a HosoExtraction, is what the text cache keeps for a content
 * digest (serialised as JSON, see hoso_extraction_to_json) and what the
 * catalog indexes.
 */
#pragma once

#include <glib.h>
#include <jansson.h>

G_BEGIN_DECLS

#define HOSO_EXTRACT_ERROR (hoso_extract_error_quark ())
GQuark hoso_extract_error_quark (void);

typedef enum {
  HOSO_EXTRACT_ERROR_FAILED,        /* the file is damaged or unreadable */
  HOSO_EXTRACT_ERROR_TOO_BIG,       /* it expands past the limits (a bomb) */
  HOSO_EXTRACT_ERROR_ENCRYPTED,     /* it needs a password */
} HosoExtractErrorCode;

typedef enum {
  HOSO_TEXT_PENDING,          /* not extracted yet (never in the cache) */
  HOSO_TEXT_OK,               /* text extracted (some pages may need OCR) */
  HOSO_TEXT_UNSUPPORTED,      /* stored and listed, no extractor for it */
  HOSO_TEXT_FAILED,           /* extraction failed; REASON says why */
} HosoTextStatus;

typedef struct {
  char *signer;               /* common name, may be NULL */
  GDateTime *time;            /* signing time, may be NULL */
  gboolean valid;             /* poppler's verdict on the signature itself */
} HosoSignature;

/* A signature with copies of SIGNER and a reference to TIME (either may be
 * NULL); hoso_signature_free frees it (the free function of
 * HosoExtraction.signatures). */
HosoSignature *hoso_signature_new (const char *signer, GDateTime *time,
                                   gboolean valid);
void hoso_signature_free (HosoSignature *signature);

typedef struct {
  HosoTextStatus status;
  char *reason;               /* FAILED/UNSUPPORTED: a sentence, else NULL */
  char *media_type;           /* "application/pdf", ... (NULL if unknown) */
  char *type;                 /* short name used by search filters: "pdf",
                                 "docx", "xlsx", "pptx", "odt", "ods", "odp",
                                 "txt", "csv", "html", "xml", or NULL */
  char *title;                /* metadata, each may be NULL */
  char *author;
  GDateTime *created;
  GDateTime *modified;
  char *encoding;             /* what the text was converted from when not
                                 plain Unicode: "WINDOWS-1258", "UTF-16LE",
                                 "TCVN3", "VNI"; else NULL */
  GPtrArray *pages;           /* char *: UTF-8 NFC text of page 1, 2, ...
                                 (formats without pages have one "page";
                                 a sheet or slide is a page) */
  GArray *ocr_pages;          /* guint: 1-based pages with no usable text
                                 layer, to be read by OCR */
  GPtrArray *signatures;      /* HosoSignature *; empty if none */
} HosoExtraction;

/* A new, empty extraction with STATUS (pages etc. empty, not NULL). */
HosoExtraction *hoso_extraction_new (HosoTextStatus status);
void hoso_extraction_free (HosoExtraction *extraction);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HosoExtraction, hoso_extraction_free)

/* A FAILED or UNSUPPORTED extraction with REASON (printf style). */
HosoExtraction *hoso_extraction_new_failed (HosoTextStatus status,
                                            const char *format, ...)
  G_GNUC_PRINTF (2, 3);

const char *hoso_text_status_to_string (HosoTextStatus status);
/* "ok", "unsupported", "failed", "pending"; FALSE for anything else. */
gboolean hoso_text_status_from_string (const char *s, HosoTextStatus *out);

/* The extraction as JSON ({"format":1,"status":...,"pages":[...],...}),
 * and back.  to_json writes every member (null when unset); times are
 * ISO 8601 with their offset.  from_json checks every member and fails with
 * HOSO_EXTRACT_ERROR_FAILED on anything malformed: a missing or mistyped
 * member, an unknown one, a format other than 1, a time without an offset,
 * OCR pages that are not existing pages in increasing order, a FAILED or
 * UNSUPPORTED record without a reason or another one with a reason. */
json_t *hoso_extraction_to_json (const HosoExtraction *extraction);
HosoExtraction *hoso_extraction_from_json (json_t *json, GError **error);

/* ---- Extractors ---------------------------------------------------------- */

/* Limits an extractor keeps while it reads one file; 0 means no limit. */
typedef struct {
  guint64 max_expanded;       /* bytes of decompressed XML/text (bombs) */
  guint max_pages;            /* pages (or sheets, slides) read; later
                                 pages are left out, not an error */
} HosoExtractLimits;

typedef struct _HosoExtractor HosoExtractor;
struct _HosoExtractor {
  const char *name;           /* "pdf", "office", "text" */
  /* A bid from 0 (not mine) to 100 (certainly mine) for a file whose first
   * LEN bytes are HEAD (LEN may be less than the file's size). */
  int (*probe) (const guint8 *head, gsize len);
  /* Extracts the file at PATH.  Returns a HosoExtraction (status OK, or
   * UNSUPPORTED when the probe was wrong about the file's inner format),
   * or NULL with an error when the file cannot be read. */
  HosoExtraction *(*extract) (const char *path, const HosoExtractLimits *limits,
                              GError **error);
  /* Frees what the extractor keeps between files (may be NULL). */
  void (*cleanup) (void);
};

extern const HosoExtractor hoso_extractor_pdf;
extern const HosoExtractor hoso_extractor_office;
extern const HosoExtractor hoso_extractor_text;

/* Extracts the file at PATH with the extractor that bids highest on its
 * first bytes.  Never NULL: a file no extractor takes gives UNSUPPORTED
 * ("no text extracted: unsupported format"), and an extractor's error gives
 * FAILED with the error's message as the reason.  LIMITS may be NULL for
 * the pool's defaults (256 MiB expanded, 5,000 pages). */
HosoExtraction *hoso_extract_file (const char *path,
                                   const HosoExtractLimits *limits);

/* For extractors: appends RAW_PAGES (char *, UTF-8 as the format gave it;
 * borrowed) to the pages of EXTRACTION, cleaned, and cleans its title and
 * author the same way.  Whether the text is legacy TCVN3 or VNI read as
 * Latin-1 is decided once, on the whole document, so that every page is
 * converted alike; the legacy encoding found goes to EXTRACTION->encoding.
 * Every string ends up in NFC; an empty title or author becomes NULL. */
void hoso_extract_set_pages (HosoExtraction *extraction,
                             const GPtrArray *raw_pages);

/* For extractors: reads up to SIZE bytes from FD into BUF (fewer only at
 * the end of the file), going on after EINTR.  Returns how many, or -1
 * with errno set. */
gssize hoso_extract_read_full (int fd, void *buf, gsize size);

/* Calls every extractor's cleanup (a worker does before it exits). */
void hoso_extract_cleanup_all (void);

G_END_DECLS
