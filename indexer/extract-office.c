/* extract-office.c: the text of office documents (OOXML and OpenDocument).
 *
 * DOCX, XLSX and PPTX (Office Open XML) and ODT, ODS and ODP (OpenDocument)
 * are zip packages of XML parts.  libarchive streams the members straight
 * into libxml2's xmlTextReader: nothing is written to disk and no member is
 * held whole in memory.  The package itself says what it is, never the file
 * name: [Content_Types].xml for OOXML, the mimetype member (or the manifest)
 * for OpenDocument.  A zip that is neither is UNSUPPORTED.
 *
 * The package is read in three passes, each walking the zip's central
 * directory and decompressing only the members it needs: first what the
 * package is, then its metadata and (for XLSX) the shared strings every
 * sheet refers to, then the sheets, slides or body.  Members are stored in
 * any order, so one pass could not see the shared strings before a sheet.
 *
 * Untrusted packages are bombs as often as documents: every decompressed
 * byte counts against limits->max_expanded, across all members and passes,
 * and a member that declares a larger size is refused before it is read.
 * The XML is parsed without network access, without loading a DTD and
 * without substituting entities, and a part carrying a DTD is refused
 * (no office format has one).
 *
 * Pages: a sheet or a slide is a page, in the numeric order of the part
 * names (sheet2 before sheet10).  A word-processing document is split where
 * its producer last laid out a page (w:lastRenderedPageBreak in DOCX,
 * text:soft-page-break in ODT), which is what a reader saw as pages;
 * a DOCX without them (one not saved by Word) is split at its explicit page
 * breaks instead, and a document with neither is one page.  Headers,
 * footers, comments, formulas and speaker notes are not indexed.
 */
#include "config.h"

#include "extract.h"

#include <archive.h>
#include <archive_entry.h>
#include <glib/gi18n.h>
#include <libxml/xmlreader.h>
#include <string.h>

#define NS_CT "http://schemas.openxmlformats.org/package/2006/content-types"
#define NS_W "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define NS_S "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
#define NS_A "http://schemas.openxmlformats.org/drawingml/2006/main"
#define NS_MC "http://schemas.openxmlformats.org/markup-compatibility/2006"
#define NS_DC "http://purl.org/dc/elements/1.1/"
#define NS_DCTERMS "http://purl.org/dc/terms/"
#define NS_OFFICE "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
#define NS_TEXT "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
#define NS_TABLE "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
#define NS_DRAW "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
#define NS_META "urn:oasis:names:tc:opendocument:xmlns:meta:1.0"
#define NS_PRESENTATION "urn:oasis:names:tc:opendocument:xmlns:presentation:1.0"
#define NS_MANIFEST "urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"

#define CT_CORE "application/vnd.openxmlformats-package.core-properties+xml"
#define CT_SHARED_STRINGS \
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
#define CT_WORKSHEET \
  "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
#define CT_SLIDE "application/vnd.openxmlformats-officedocument.presentationml.slide+xml"

/* The longest "mimetype" member read. */
#define MIMETYPE_MAX 256
/* text:s asks for N spaces; more than this many is not typing. */
#define ODF_MAX_SPACES 64

typedef enum {
  KIND_NONE,
  KIND_DOCX,
  KIND_XLSX,
  KIND_PPTX,
  KIND_ODT,
  KIND_ODS,
  KIND_ODP,
} Kind;

typedef struct {
  const char *content_type;   /* of the OOXML main part, or ODF mimetype */
  Kind kind;
  const char *type;
  const char *media_type;
} KindInfo;

static const KindInfo kinds[] = {
  { "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    KIND_DOCX, "docx",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document" },
  { "application/vnd.ms-word.document.macroEnabled.main+xml",
    KIND_DOCX, "docx", "application/vnd.ms-word.document.macroEnabled.12" },
  { "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
    KIND_DOCX, "docx",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template" },
  { "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    KIND_XLSX, "xlsx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" },
  { "application/vnd.ms-excel.sheet.macroEnabled.main+xml",
    KIND_XLSX, "xlsx", "application/vnd.ms-excel.sheet.macroEnabled.12" },
  { "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
    KIND_PPTX, "pptx",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation" },
  { "application/vnd.ms-powerpoint.presentation.macroEnabled.main+xml",
    KIND_PPTX, "pptx", "application/vnd.ms-powerpoint.presentation.macroEnabled.12" },
  { "application/vnd.oasis.opendocument.text",
    KIND_ODT, "odt", "application/vnd.oasis.opendocument.text" },
  { "application/vnd.oasis.opendocument.spreadsheet",
    KIND_ODS, "ods", "application/vnd.oasis.opendocument.spreadsheet" },
  { "application/vnd.oasis.opendocument.presentation",
    KIND_ODP, "odp", "application/vnd.oasis.opendocument.presentation" },
};

typedef struct {
  const char *path;
  const HosoExtractLimits *limits;
  guint64 expanded;           /* decompressed bytes, all members so far */

  /* Pass 1: what the package is. */
  GHashTable *part_types;     /* OOXML: lowercased part name -> content type */
  char *odf_mimetype;         /* the mimetype member, or the manifest's */
  const KindInfo *kind;
  char *main_part;            /* OOXML main part, lowercased */

  /* Pass 2 and 3. */
  GPtrArray *shared_strings;  /* XLSX: char * */
  GHashTable *wanted;         /* pass 3: lowercased part names to read */
  GHashTable *part_pages;     /* lowercased part name -> GPtrArray of pages */
  HosoExtraction *x;
} Office;

static void
office_clear (Office *o)
{
  g_clear_pointer (&o->part_types, g_hash_table_unref);
  g_clear_pointer (&o->odf_mimetype, g_free);
  g_clear_pointer (&o->main_part, g_free);
  g_clear_pointer (&o->shared_strings, g_ptr_array_unref);
  g_clear_pointer (&o->wanted, g_hash_table_unref);
  g_clear_pointer (&o->part_pages, g_hash_table_unref);
  g_clear_pointer (&o->x, hoso_extraction_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Office, office_clear)

static int
office_probe (const guint8 *head, gsize len)
{
  /* Only a local file header at the very start: the inner format is only
   * known once the package is opened. */
  if (len >= 4 && memcmp (head, "PK\x03\x04", 4) == 0)
    return 80;
  return 0;
}

static gboolean
too_big (Office *o, GError **error)
{
  g_autofree char *limit = g_format_size (o->limits->max_expanded);
  g_set_error (error, HOSO_EXTRACT_ERROR, HOSO_EXTRACT_ERROR_TOO_BIG,
               _("the document unpacks to more than %s (a decompression bomb, "
                 "or a document too large to index); its text was not read"),
               limit);
  return FALSE;
}

/* libarchive's message about what went wrong with A, without the line
 * feed some of its messages end with.  Caller frees. */
static char *
archive_message (struct archive *a)
{
  const char *message = archive_error_string (a);
  return g_strstrip (g_strdup (message != NULL ? message : _("unknown error")));
}

static gboolean
damaged (struct archive *a, GError **error)
{
  g_autofree char *message = archive_message (a);
  g_set_error (error, HOSO_EXTRACT_ERROR, HOSO_EXTRACT_ERROR_FAILED,
               _("the zip package is damaged: %s"), message);
  return FALSE;
}

/* ---- Members as XML ---------------------------------------------------- */

/* What the XML reader pulls from: the current member of the zip. */
typedef struct {
  Office *o;
  struct archive *a;
  GError *error;              /* set when reading failed or went past the limit */
  char *xml_error;            /* the first error libxml2 reported */
} MemberStream;

static int
member_read (void *context, char *buf, int len)
{
  MemberStream *s = context;
  if (s->error != NULL)
    return -1;
  la_ssize_t n = archive_read_data (s->a, buf, (size_t) len);
  if (n < 0)
    {
      damaged (s->a, &s->error);
      return -1;
    }
  s->o->expanded += (guint64) n;
  if (s->o->limits->max_expanded > 0
      && s->o->expanded > s->o->limits->max_expanded)
    {
      too_big (s->o, &s->error);
      return -1;
    }
  return (int) n;
}

static int
member_close (void *context)
{
  return 0;
}

static void
member_xml_error (void *context, xmlErrorPtr error)
{
  MemberStream *s = context;
  if (s->xml_error != NULL || error == NULL || error->level < XML_ERR_ERROR)
    return;
  g_autofree char *message = g_strdup (error->message != NULL ? error->message : "?");
  s->xml_error = g_strdup_printf ("line %d: %s", error->line, g_strstrip (message));
}

/* Called for each node; returns TRUE to skip the element's subtree.  An
 * empty element (<a/>) is given as its start and then as its end. */
typedef gboolean (*NodeFunc) (xmlTextReaderPtr r, int type, gpointer data);

static gboolean
node_is (xmlTextReaderPtr r, const char *ns, const char *local)
{
  const char *node_ns = (const char *) xmlTextReaderConstNamespaceUri (r);
  const char *node_local = (const char *) xmlTextReaderConstLocalName (r);
  return node_ns != NULL && node_local != NULL
         && strcmp (node_local, local) == 0 && strcmp (node_ns, ns) == 0;
}

static gboolean
is_text_node (int type)
{
  return type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_CDATA
         || type == XML_READER_TYPE_WHITESPACE
         || type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE;
}

/* The value of attribute NS:LOCAL of the current element, or NULL.
 * Caller frees. */
static char *
attribute (xmlTextReaderPtr r, const char *ns, const char *local)
{
  xmlChar *value = xmlTextReaderGetAttributeNs (r, (const xmlChar *) local,
                                                (const xmlChar *) ns);
  char *copy = g_strdup ((const char *) value);
  xmlFree (value);
  return copy;
}

/* Parses the current member of A, NAME, with FUNC. */
static gboolean
parse_member (Office *o, struct archive *a, const char *name, NodeFunc func,
              gpointer data, GError **error)
{
  MemberStream s = { .o = o, .a = a };
  /* NONET: no network; no NOENT, DTDLOAD, DTDATTR or DTDVALID: entities
   * are not substituted and no external DTD is read. */
  xmlTextReaderPtr r = xmlReaderForIO (member_read, member_close, &s, name, NULL,
                                       XML_PARSE_NONET);
  if (r == NULL)
    {
      g_set_error (error, HOSO_EXTRACT_ERROR, HOSO_EXTRACT_ERROR_FAILED,
                   _("%s could not be read as XML"), name);
      return FALSE;
    }
  xmlTextReaderSetStructuredErrorHandler (r, member_xml_error, &s);

  gboolean dtd = FALSE;
  int ret = xmlTextReaderRead (r);
  while (ret == 1)
    {
      int type = xmlTextReaderNodeType (r);
      if (type == XML_READER_TYPE_DOCUMENT_TYPE)
        {
          dtd = TRUE;
          break;
        }
      gboolean skip = func (r, type, data);
      if (!skip && type == XML_READER_TYPE_ELEMENT && xmlTextReaderIsEmptyElement (r))
        func (r, XML_READER_TYPE_END_ELEMENT, data);
      ret = skip ? xmlTextReaderNext (r) : xmlTextReaderRead (r);
    }
  xmlFreeTextReader (r);

  gboolean ok = FALSE;
  if (s.error != NULL)
    g_propagate_error (error, g_steal_pointer (&s.error));
  else if (dtd)
    g_set_error (error, HOSO_EXTRACT_ERROR, HOSO_EXTRACT_ERROR_FAILED,
                 _("%s declares a DTD, which office documents never do"), name);
  else if (ret != 0)
    g_set_error (error, HOSO_EXTRACT_ERROR, HOSO_EXTRACT_ERROR_FAILED,
                 _("%s is not well-formed XML (%s)"), name,
                 s.xml_error != NULL ? s.xml_error : _("unknown error"));
  else
    ok = TRUE;
  g_free (s.xml_error);
  return ok;
}

/* ---- Walking the package ----------------------------------------------- */

/* Reads the current member with A into the office state.  LOWER is the
 * member's name in lower case. */
typedef gboolean (*MemberFunc) (Office *o, struct archive *a, const char *name,
                                const char *lower, GError **error);

/* Opens the package and gives each member WANT accepts to READ.  Members
 * not wanted are skipped without being decompressed. */
static gboolean
scan_package (Office *o, gboolean (*want) (Office *o, const char *lower),
              MemberFunc read, GError **error)
{
  struct archive *a = archive_read_new ();
  archive_read_support_format_zip_seekable (a);
  gboolean ok = TRUE;

  if (archive_read_open_filename (a, o->path, 64 * 1024) != ARCHIVE_OK)
    {
      damaged (a, error);
      archive_read_free (a);
      return FALSE;
    }

  struct archive_entry *entry;
  int r = ARCHIVE_EOF;
  /* ARCHIVE_WARN: an entry libarchive could read, with something odd about
   * its attributes, which do not matter here. */
  while (ok && ((r = archive_read_next_header (a, &entry)) == ARCHIVE_OK
                || r == ARCHIVE_WARN))
    {
      const char *name = archive_entry_pathname (entry);
      if (name == NULL || archive_entry_filetype (entry) != AE_IFREG)
        continue;
      g_autofree char *lower = g_ascii_strdown (name, -1);
      if (!want (o, lower))
        continue;
      if (archive_entry_is_data_encrypted (entry))
        {
          g_set_error (error, HOSO_EXTRACT_ERROR, HOSO_EXTRACT_ERROR_ENCRYPTED,
                       _("the document is protected with a password; add a copy "
                         "saved without one to index its text"));
          ok = FALSE;
          break;
        }
      guint64 max = o->limits->max_expanded;
      if (max > 0 && archive_entry_size_is_set (entry)
          && (archive_entry_size (entry) < 0
              || (guint64) archive_entry_size (entry) > max - MIN (max, o->expanded)))
        {
          ok = too_big (o, error);
          break;
        }
      ok = read (o, a, name, lower, error);
    }
  if (ok && r != ARCHIVE_EOF)
    ok = damaged (a, error);
  archive_read_free (a);
  return ok;
}

/* ---- Pass 1: what the package is ---------------------------------------- */

static gboolean
content_types_node (xmlTextReaderPtr r, int type, gpointer data)
{
  Office *o = data;
  if (type != XML_READER_TYPE_ELEMENT || !node_is (r, NS_CT, "Override"))
    return FALSE;
  g_autofree char *part = attribute (r, NULL, "PartName");
  g_autofree char *content_type = attribute (r, NULL, "ContentType");
  if (part == NULL || content_type == NULL)
    return FALSE;
  const char *name = part[0] == '/' ? part + 1 : part;
  g_hash_table_replace (o->part_types, g_ascii_strdown (name, -1),
                        g_steal_pointer (&content_type));
  return FALSE;
}

static gboolean
manifest_node (xmlTextReaderPtr r, int type, gpointer data)
{
  Office *o = data;
  if (type != XML_READER_TYPE_ELEMENT || o->odf_mimetype != NULL
      || !node_is (r, NS_MANIFEST, "file-entry"))
    return FALSE;
  g_autofree char *path = attribute (r, NS_MANIFEST, "full-path");
  if (g_strcmp0 (path, "/") == 0)
    o->odf_mimetype = attribute (r, NS_MANIFEST, "media-type");
  return FALSE;
}

static gboolean
want_package_type (Office *o, const char *lower)
{
  return strcmp (lower, "[content_types].xml") == 0
         || strcmp (lower, "mimetype") == 0
         || strcmp (lower, "meta-inf/manifest.xml") == 0;
}

static gboolean
read_package_type (Office *o, struct archive *a, const char *name,
                   const char *lower, GError **error)
{
  if (strcmp (lower, "[content_types].xml") == 0)
    return parse_member (o, a, name, content_types_node, o, error);
  if (strcmp (lower, "meta-inf/manifest.xml") == 0)
    return parse_member (o, a, name, manifest_node, o, error);

  /* mimetype: a short ASCII string; a long one is not an ODF mimetype. */
  char buf[MIMETYPE_MAX + 1];
  la_ssize_t n = archive_read_data (a, buf, sizeof buf);
  if (n < 0)
    return damaged (a, error);
  o->expanded += (guint64) n;
  if (n <= MIMETYPE_MAX)
    {
      g_free (o->odf_mimetype);
      o->odf_mimetype = g_strstrip (g_strndup (buf, (gsize) n));
    }
  return TRUE;
}

/* Sets o->kind from what pass 1 found; FALSE if not an office package. */
static gboolean
decide_kind (Office *o)
{
  GHashTableIter iter;
  gpointer part, content_type;
  g_hash_table_iter_init (&iter, o->part_types);
  while (g_hash_table_iter_next (&iter, &part, &content_type))
    for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
      if (kinds[i].kind <= KIND_PPTX
          && g_ascii_strcasecmp (content_type, kinds[i].content_type) == 0)
        {
          o->kind = &kinds[i];
          o->main_part = g_strdup (part);
          return TRUE;
        }
  for (guint i = 0; o->odf_mimetype != NULL && i < G_N_ELEMENTS (kinds); i++)
    if (kinds[i].kind >= KIND_ODT
        && strcmp (o->odf_mimetype, kinds[i].content_type) == 0)
      {
        o->kind = &kinds[i];
        return TRUE;
      }
  return FALSE;
}

/* ---- Pass 2: metadata and shared strings -------------------------------- */

/* Dates of OOXML and ODF metadata: W3CDTF / ISO 8601.  Those without a
 * zone offset (ODF's usually) are taken as Vietnamese civil time. */
static GDateTime *
parse_date (const char *s)
{
  if (s == NULL)
    return NULL;
  g_autoptr(GTimeZone) vn = g_time_zone_new_identifier ("Asia/Ho_Chi_Minh");
  if (vn == NULL)
    vn = g_time_zone_new_offset (7 * 3600);
  g_autofree char *text = g_strstrip (g_strdup (s));
  GDateTime *time = g_date_time_new_from_iso8601 (text, vn);
  if (time == NULL && strchr (text, 'T') == NULL)
    {
      g_autofree char *midnight = g_strconcat (text, "T00:00:00", NULL);
      time = g_date_time_new_from_iso8601 (midnight, vn);
    }
  return time;
}

/* Metadata parts: the text of a few simple elements. */
typedef struct {
  GString *title, *creator, *initial_creator, *created, *modified;
  GString *current;           /* the field being read, or NULL */
} Meta;

static gboolean
meta_node (xmlTextReaderPtr r, int type, gpointer data)
{
  Meta *m = data;
  if (type == XML_READER_TYPE_ELEMENT)
    {
      GString **field = NULL;
      if (node_is (r, NS_DC, "title"))
        field = &m->title;
      else if (node_is (r, NS_DC, "creator"))
        field = &m->creator;
      else if (node_is (r, NS_META, "initial-creator"))
        field = &m->initial_creator;
      else if (node_is (r, NS_DCTERMS, "created")
               || node_is (r, NS_META, "creation-date"))
        field = &m->created;
      else if (node_is (r, NS_DCTERMS, "modified") || node_is (r, NS_DC, "date"))
        field = &m->modified;
      if (field != NULL && *field == NULL)
        m->current = *field = g_string_new (NULL);
    }
  else if (type == XML_READER_TYPE_END_ELEMENT)
    m->current = NULL;
  else if (is_text_node (type) && m->current != NULL)
    g_string_append (m->current, (const char *) xmlTextReaderConstValue (r));
  return FALSE;
}

static char *
meta_string (GString *s)
{
  if (s == NULL)
    return NULL;
  g_strstrip (s->str);
  return s->str[0] != '\0' ? g_strdup (s->str) : NULL;
}

static gboolean
read_meta (Office *o, struct archive *a, const char *name, GError **error)
{
  Meta m = { 0 };
  gboolean ok = parse_member (o, a, name, meta_node, &m, error);
  if (ok)
    {
      g_free (o->x->title);
      o->x->title = meta_string (m.title);
      g_free (o->x->author);
      /* ODF: initial-creator made it, dc:creator saved it last. */
      o->x->author = meta_string (m.initial_creator != NULL ? m.initial_creator
                                                            : m.creator);
      g_clear_pointer (&o->x->created, g_date_time_unref);
      g_clear_pointer (&o->x->modified, g_date_time_unref);
      o->x->created = parse_date (m.created != NULL ? m.created->str : NULL);
      o->x->modified = parse_date (m.modified != NULL ? m.modified->str : NULL);
    }
  for (GString **s = &m.title; s <= &m.modified; s++)
    if (*s != NULL)
      g_string_free (*s, TRUE);
  return ok;
}

/* XLSX shared strings: one string per si, phonetic runs (rPh) left out. */
typedef struct {
  GPtrArray *strings;
  GString *current;           /* inside si */
  gboolean in_t;
} SharedStrings;

static gboolean
shared_strings_node (xmlTextReaderPtr r, int type, gpointer data)
{
  SharedStrings *s = data;
  if (type == XML_READER_TYPE_ELEMENT)
    {
      if (node_is (r, NS_S, "si"))
        s->current = g_string_new (NULL);
      else if (node_is (r, NS_S, "t"))
        s->in_t = TRUE;
      else if (node_is (r, NS_S, "rPh"))
        return TRUE;
    }
  else if (type == XML_READER_TYPE_END_ELEMENT)
    {
      if (node_is (r, NS_S, "t"))
        s->in_t = FALSE;
      else if (node_is (r, NS_S, "si") && s->current != NULL)
        g_ptr_array_add (s->strings, g_string_free (g_steal_pointer (&s->current),
                                                    FALSE));
    }
  else if (is_text_node (type) && s->in_t && s->current != NULL)
    g_string_append (s->current, (const char *) xmlTextReaderConstValue (r));
  return FALSE;
}

static gboolean
want_metadata (Office *o, const char *lower)
{
  if (o->kind->kind >= KIND_ODT)
    return strcmp (lower, "meta.xml") == 0;
  const char *content_type = g_hash_table_lookup (o->part_types, lower);
  return g_strcmp0 (content_type, CT_CORE) == 0
         || (o->kind->kind == KIND_XLSX
             && g_strcmp0 (content_type, CT_SHARED_STRINGS) == 0);
}

static gboolean
read_metadata (Office *o, struct archive *a, const char *name, const char *lower,
               GError **error)
{
  const char *content_type = g_hash_table_lookup (o->part_types, lower);
  if (g_strcmp0 (content_type, CT_SHARED_STRINGS) == 0)
    {
      SharedStrings s = { .strings = o->shared_strings };
      gboolean ok = parse_member (o, a, name, shared_strings_node, &s, error);
      if (s.current != NULL)
        g_string_free (s.current, TRUE);
      return ok;
    }
  return read_meta (o, a, name, error);
}

/* ---- Pass 3: the text --------------------------------------------------- */

/* Splits TEXT at the offsets BREAKS (increasing) into PAGES. */
static void
split_pages (GString *text, GArray *breaks, GPtrArray *pages)
{
  gsize start = 0;
  for (guint i = 0; i < breaks->len; i++)
    {
      gsize at = g_array_index (breaks, gsize, i);
      if (at < start)
        continue;
      g_ptr_array_add (pages, g_strndup (text->str + start, at - start));
      start = at;
    }
  g_ptr_array_add (pages, g_strdup (text->str + start));
}

/* DOCX body: w:p paragraphs of w:t runs. */
typedef struct {
  GString *text;
  GArray *rendered;           /* gsize: offsets of w:lastRenderedPageBreak */
  GArray *explicit;           /* gsize: offsets of page breaks in the text */
  gsize paragraph;            /* offset where the current w:p began */
  gboolean in_t;
  guint in_ppr;               /* depth of w:pPr (tab stops are not tabs) */
} Docx;

static void
add_break (GArray *breaks, gsize at)
{
  g_array_append_val (breaks, at);
}

static gboolean
is_on (xmlTextReaderPtr r, const char *ns)
{
  g_autofree char *val = attribute (r, ns, "val");
  return val == NULL || !(strcmp (val, "0") == 0 || strcmp (val, "false") == 0
                          || strcmp (val, "off") == 0);
}

static gboolean
docx_node (xmlTextReaderPtr r, int type, gpointer data)
{
  Docx *d = data;
  if (type == XML_READER_TYPE_ELEMENT)
    {
      /* Markup compatibility: the fallback repeats the choice's text. */
      if (node_is (r, NS_MC, "Fallback"))
        return TRUE;
      const char *ns = (const char *) xmlTextReaderConstNamespaceUri (r);
      if (g_strcmp0 (ns, NS_W) != 0)
        return FALSE;
      const char *name = (const char *) xmlTextReaderConstLocalName (r);
      if (strcmp (name, "t") == 0)
        d->in_t = TRUE;
      else if (strcmp (name, "p") == 0)
        d->paragraph = d->text->len;
      else if (strcmp (name, "pPr") == 0)
        d->in_ppr++;
      else if (strcmp (name, "pageBreakBefore") == 0 && is_on (r, NS_W))
        add_break (d->explicit, d->paragraph);
      else if (strcmp (name, "lastRenderedPageBreak") == 0)
        add_break (d->rendered, d->text->len);
      else if (strcmp (name, "tab") == 0 && d->in_ppr == 0)
        g_string_append_c (d->text, '\t');
      else if (strcmp (name, "cr") == 0)
        g_string_append_c (d->text, '\n');
      else if (strcmp (name, "noBreakHyphen") == 0)
        g_string_append_c (d->text, '-');
      else if (strcmp (name, "br") == 0)
        {
          g_autofree char *br_type = attribute (r, NS_W, "type");
          if (g_strcmp0 (br_type, "page") == 0)
            add_break (d->explicit, d->text->len);
          else
            g_string_append_c (d->text, '\n');
        }
    }
  else if (type == XML_READER_TYPE_END_ELEMENT)
    {
      if (node_is (r, NS_W, "t"))
        d->in_t = FALSE;
      else if (node_is (r, NS_W, "p"))
        g_string_append_c (d->text, '\n');
      else if (node_is (r, NS_W, "pPr") && d->in_ppr > 0)
        d->in_ppr--;
    }
  else if (is_text_node (type) && d->in_t)
    g_string_append (d->text, (const char *) xmlTextReaderConstValue (r));
  return FALSE;
}

static gboolean
read_docx (Office *o, struct archive *a, const char *name, GPtrArray *pages,
           GError **error)
{
  Docx d = {
    .text = g_string_new (NULL),
    .rendered = g_array_new (FALSE, FALSE, sizeof (gsize)),
    .explicit = g_array_new (FALSE, FALSE, sizeof (gsize)),
  };
  gboolean ok = parse_member (o, a, name, docx_node, &d, error);
  if (ok)
    split_pages (d.text, d.rendered->len > 0 ? d.rendered : d.explicit, pages);
  g_string_free (d.text, TRUE);
  g_array_unref (d.rendered);
  g_array_unref (d.explicit);
  return ok;
}

/* XLSX sheet: a row a line, cells separated by tabs. */
typedef struct {
  GPtrArray *shared_strings;
  GString *text;
  GString *cell;
  char *cell_type;
  guint row_cells;
  gboolean in_v, in_t;
} Sheet;

static void
sheet_end_cell (Sheet *s)
{
  const char *value = s->cell->str;
  if (g_strcmp0 (s->cell_type, "s") == 0)
    {
      guint64 index;
      if (!g_ascii_string_to_unsigned (g_strstrip (s->cell->str), 10, 0,
                                       G_MAXUINT - 1, &index, NULL)
          || index >= s->shared_strings->len)
        value = "";
      else
        value = g_ptr_array_index (s->shared_strings, index);
    }
  if (value[0] != '\0')
    {
      if (s->row_cells++ > 0)
        g_string_append_c (s->text, '\t');
      g_string_append (s->text, value);
    }
  g_string_truncate (s->cell, 0);
  g_clear_pointer (&s->cell_type, g_free);
}

static gboolean
sheet_node (xmlTextReaderPtr r, int type, gpointer data)
{
  Sheet *s = data;
  if (type == XML_READER_TYPE_ELEMENT)
    {
      if (node_is (r, NS_S, "row"))
        s->row_cells = 0;
      else if (node_is (r, NS_S, "c"))
        {
          g_free (s->cell_type);
          s->cell_type = attribute (r, NULL, "t");
          g_string_truncate (s->cell, 0);
        }
      else if (node_is (r, NS_S, "v"))
        s->in_v = TRUE;
      else if (node_is (r, NS_S, "t"))
        s->in_t = TRUE;
      else if (node_is (r, NS_S, "f") || node_is (r, NS_S, "rPh")
               || node_is (r, NS_MC, "Fallback"))
        return TRUE;
    }
  else if (type == XML_READER_TYPE_END_ELEMENT)
    {
      if (node_is (r, NS_S, "v"))
        s->in_v = FALSE;
      else if (node_is (r, NS_S, "t"))
        s->in_t = FALSE;
      else if (node_is (r, NS_S, "c"))
        sheet_end_cell (s);
      else if (node_is (r, NS_S, "row") && s->row_cells > 0)
        g_string_append_c (s->text, '\n');
    }
  else if (is_text_node (type) && (s->in_v || s->in_t))
    g_string_append (s->cell, (const char *) xmlTextReaderConstValue (r));
  return FALSE;
}

static gboolean
read_sheet (Office *o, struct archive *a, const char *name, GPtrArray *pages,
            GError **error)
{
  Sheet s = {
    .shared_strings = o->shared_strings,
    .text = g_string_new (NULL),
    .cell = g_string_new (NULL),
  };
  gboolean ok = parse_member (o, a, name, sheet_node, &s, error);
  g_ptr_array_add (pages, g_string_free (s.text, !ok));
  g_string_free (s.cell, TRUE);
  g_free (s.cell_type);
  return ok;
}

/* PPTX slide: DrawingML paragraphs (a:p) of a:t runs. */
typedef struct {
  GString *text;
  gboolean in_t;
} Slide;

static gboolean
slide_node (xmlTextReaderPtr r, int type, gpointer data)
{
  Slide *s = data;
  if (type == XML_READER_TYPE_ELEMENT)
    {
      if (node_is (r, NS_A, "t"))
        s->in_t = TRUE;
      else if (node_is (r, NS_A, "br"))
        g_string_append_c (s->text, '\n');
      else if (node_is (r, NS_MC, "Fallback"))
        return TRUE;
    }
  else if (type == XML_READER_TYPE_END_ELEMENT)
    {
      if (node_is (r, NS_A, "t"))
        s->in_t = FALSE;
      else if (node_is (r, NS_A, "p"))
        g_string_append_c (s->text, '\n');
    }
  else if (is_text_node (type) && s->in_t)
    g_string_append (s->text, (const char *) xmlTextReaderConstValue (r));
  return FALSE;
}

static gboolean
read_slide (Office *o, struct archive *a, const char *name, GPtrArray *pages,
            GError **error)
{
  Slide s = { .text = g_string_new (NULL) };
  gboolean ok = parse_member (o, a, name, slide_node, &s, error);
  g_ptr_array_add (pages, g_string_free (s.text, !ok));
  return ok;
}

/* OpenDocument content.xml: text:p and text:h paragraphs; a table:table of
 * a spreadsheet or a draw:page of a presentation is a page, a text document
 * is split at text:soft-page-break. */
typedef struct {
  Kind kind;
  GPtrArray *pages;
  GString *page;
  GString *cell;              /* ODS: the cell being read, else NULL */
  guint row_cells;
  guint in_paragraph;         /* depth of text:p / text:h */
} Odf;

static void
odf_flush_page (Odf *d)
{
  g_ptr_array_add (d->pages, g_string_free (d->page, FALSE));
  d->page = g_string_new (NULL);
}

static GString *
odf_out (Odf *d)
{
  return d->cell != NULL ? d->cell : d->page;
}

static gboolean
odf_start (Odf *d, xmlTextReaderPtr r)
{
  /* Not document text: comments, speaker notes, deleted text. */
  if (node_is (r, NS_OFFICE, "annotation")
      || node_is (r, NS_PRESENTATION, "notes")
      || node_is (r, NS_TEXT, "tracked-changes"))
    return TRUE;
  if (node_is (r, NS_TEXT, "p") || node_is (r, NS_TEXT, "h"))
    {
      GString *out = odf_out (d);
      /* Paragraphs of one cell are one value. */
      if (d->cell != NULL && out->len > 0)
        g_string_append_c (out, ' ');
      d->in_paragraph++;
    }
  else if (node_is (r, NS_TEXT, "s"))
    {
      g_autofree char *c = attribute (r, NS_TEXT, "c");
      guint64 n = 1;
      if (c != NULL)
        g_ascii_string_to_unsigned (c, 10, 1, G_MAXUINT, &n, NULL);
      for (guint64 i = 0; i < MIN (n, ODF_MAX_SPACES); i++)
        g_string_append_c (odf_out (d), ' ');
    }
  else if (node_is (r, NS_TEXT, "tab"))
    g_string_append_c (odf_out (d), '\t');
  else if (node_is (r, NS_TEXT, "line-break"))
    g_string_append_c (odf_out (d), '\n');
  else if (d->kind == KIND_ODT && node_is (r, NS_TEXT, "soft-page-break"))
    odf_flush_page (d);
  else if (d->kind == KIND_ODS && node_is (r, NS_TABLE, "table-row"))
    d->row_cells = 0;
  else if (d->kind == KIND_ODS && (node_is (r, NS_TABLE, "table-cell")
                                   || node_is (r, NS_TABLE, "covered-table-cell")))
    d->cell = g_string_new (NULL);
  return FALSE;
}

static void
odf_end (Odf *d, xmlTextReaderPtr r)
{
  if (node_is (r, NS_TEXT, "p") || node_is (r, NS_TEXT, "h"))
    {
      if (d->in_paragraph > 0)
        d->in_paragraph--;
      if (d->cell == NULL)
        g_string_append_c (d->page, '\n');
    }
  else if (d->cell != NULL && (node_is (r, NS_TABLE, "table-cell")
                               || node_is (r, NS_TABLE, "covered-table-cell")))
    {
      /* A repeated cell (table:number-columns-repeated) is written once:
       * repeating it would let a few bytes expand to millions. */
      if (d->cell->len > 0)
        {
          if (d->row_cells++ > 0)
            g_string_append_c (d->page, '\t');
          g_string_append_len (d->page, d->cell->str, (gssize) d->cell->len);
        }
      g_string_free (d->cell, TRUE);
      d->cell = NULL;
    }
  else if (d->kind == KIND_ODS && node_is (r, NS_TABLE, "table-row"))
    {
      if (d->row_cells > 0)
        g_string_append_c (d->page, '\n');
    }
  else if ((d->kind == KIND_ODS && node_is (r, NS_TABLE, "table"))
           || (d->kind == KIND_ODP && node_is (r, NS_DRAW, "page")))
    odf_flush_page (d);
}

static gboolean
odf_node (xmlTextReaderPtr r, int type, gpointer data)
{
  Odf *d = data;
  if (type == XML_READER_TYPE_ELEMENT)
    return odf_start (d, r);
  if (type == XML_READER_TYPE_END_ELEMENT)
    odf_end (d, r);
  else if (is_text_node (type) && d->in_paragraph > 0)
    g_string_append (odf_out (d), (const char *) xmlTextReaderConstValue (r));
  return FALSE;
}

static gboolean
read_odf (Office *o, struct archive *a, const char *name, GPtrArray *pages,
          GError **error)
{
  Odf d = { .kind = o->kind->kind, .pages = pages, .page = g_string_new (NULL) };
  gboolean ok = parse_member (o, a, name, odf_node, &d, error);
  /* What follows the last page break (ODT), or stray text after the last
   * sheet or slide; and an empty document is still one empty page. */
  if (d.kind == KIND_ODT || d.page->len > 0 || pages->len == 0)
    odf_flush_page (&d);
  g_string_free (d.page, TRUE);
  if (d.cell != NULL)
    g_string_free (d.cell, TRUE);
  return ok;
}

static gboolean
want_text (Office *o, const char *lower)
{
  return g_hash_table_contains (o->wanted, lower);
}

static gboolean
read_text (Office *o, struct archive *a, const char *name, const char *lower,
           GError **error)
{
  GPtrArray *pages = g_ptr_array_new_with_free_func (g_free);
  g_hash_table_replace (o->part_pages, g_strdup (lower), pages);
  switch (o->kind->kind)
    {
    case KIND_DOCX:
      return read_docx (o, a, name, pages, error);
    case KIND_XLSX:
      return read_sheet (o, a, name, pages, error);
    case KIND_PPTX:
      return read_slide (o, a, name, pages, error);
    case KIND_ODT:
    case KIND_ODS:
    case KIND_ODP:
      return read_odf (o, a, name, pages, error);
    case KIND_NONE:
    default:
      g_assert_not_reached ();
    }
}

static int
compare_part_names (gconstpointer a, gconstpointer b)
{
  const char *const *x = a;
  const char *const *y = b;
  g_autofree char *kx = g_utf8_collate_key_for_filename (*x, -1);
  g_autofree char *ky = g_utf8_collate_key_for_filename (*y, -1);
  return strcmp (kx, ky);
}

/* The parts holding the text, in page order: the sheets or slides named in
 * [Content_Types].xml (numeric order of their names), else the one part
 * holding the body. */
static GPtrArray *
text_parts (Office *o)
{
  GPtrArray *parts = g_ptr_array_new_with_free_func (g_free);
  const char *wanted_type = o->kind->kind == KIND_XLSX ? CT_WORKSHEET
                            : o->kind->kind == KIND_PPTX ? CT_SLIDE : NULL;
  if (wanted_type != NULL)
    {
      GHashTableIter iter;
      gpointer part, content_type;
      g_hash_table_iter_init (&iter, o->part_types);
      while (g_hash_table_iter_next (&iter, &part, &content_type))
        if (g_ascii_strcasecmp (content_type, wanted_type) == 0)
          g_ptr_array_add (parts, g_strdup (part));
      g_ptr_array_sort (parts, compare_part_names);
    }
  else
    g_ptr_array_add (parts, g_strdup (o->kind->kind == KIND_DOCX ? o->main_part
                                                                  : "content.xml"));
  return parts;
}

static HosoExtraction *
office_extract (const char *path, const HosoExtractLimits *limits, GError **error)
{
  g_auto(Office) o = {
    .path = path,
    .limits = limits,
    .part_types = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free),
    .shared_strings = g_ptr_array_new_with_free_func (g_free),
    .wanted = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL),
    .part_pages = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify) g_ptr_array_unref),
    .x = hoso_extraction_new (HOSO_TEXT_OK),
  };

  if (!scan_package (&o, want_package_type, read_package_type, error))
    return NULL;
  if (!decide_kind (&o))
    return hoso_extraction_new_failed (HOSO_TEXT_UNSUPPORTED, "%s",
                                       _("no text extracted: a zip archive that "
                                         "is not an office document"));
  o.x->type = g_strdup (o.kind->type);
  o.x->media_type = g_strdup (o.kind->media_type);

  if (!scan_package (&o, want_metadata, read_metadata, error))
    return NULL;

  g_autoptr(GPtrArray) parts = text_parts (&o);
  if (limits->max_pages > 0 && parts->len > limits->max_pages)
    g_ptr_array_set_size (parts, (gint) limits->max_pages);
  for (guint i = 0; i < parts->len; i++)
    g_hash_table_add (o.wanted, g_strdup (g_ptr_array_index (parts, i)));
  if (!scan_package (&o, want_text, read_text, error))
    return NULL;

  /* Pages in order; a part named but missing from the zip gives none. */
  g_autoptr(GPtrArray) raw = g_ptr_array_new ();
  for (guint i = 0; i < parts->len; i++)
    {
      GPtrArray *pages = g_hash_table_lookup (o.part_pages,
                                              g_ptr_array_index (parts, i));
      for (guint j = 0; pages != NULL && j < pages->len; j++)
        g_ptr_array_add (raw, g_ptr_array_index (pages, j));
    }
  if (limits->max_pages > 0 && raw->len > limits->max_pages)
    g_ptr_array_set_size (raw, (gint) limits->max_pages);
  if (raw->len == 0)
    g_ptr_array_add (raw, (gpointer) "");
  hoso_extract_set_pages (o.x, raw);
  return g_steal_pointer (&o.x);
}

const HosoExtractor hoso_extractor_office = {
  .name = "office",
  .probe = office_probe,
  .extract = office_extract,
  .cleanup = NULL,
};
