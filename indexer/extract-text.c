/* extract-text.c: the text of plain text, CSV, HTML and XML files.
 *
 * The probe looks at content only: markup at the start makes HTML or XML,
 * otherwise bytes that look like text (no NUL byte, few control bytes, or
 * a UTF-16 byte order mark) are text.  The bytes are decoded with
 * hoso_vn_decode, which knows Vietnamese files: BOMs, the charset an HTML
 * or XML file declares, UTF-8, Windows-1258 and the legacy TCVN3 and VNI
 * encodings.  HTML gives the text a reader sees (not scripts or styles)
 * through libxml2's HTML parser; XML gives the text of its elements through
 * xmlTextReader, with no entity substitution and no DTD loading, so a
 * "billion laughs" file cannot expand.  Each file is one page.
 */
#include "config.h"

#include "extract.h"
#include "vn-text.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/xmlreader.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Where a charset declaration may be: HTML's prescan looks this far. */
#define DECLARATION_WINDOW 1024
/* Lines looked at to tell CSV from text. */
#define CSV_SAMPLE_LINES 10
#define CSV_SAMPLE_BYTES 8192

typedef enum {
  FORMAT_TXT,
  FORMAT_CSV,
  FORMAT_HTML,
  FORMAT_XML,
} Format;

/* ---- Probing ------------------------------------------------------------- */

static gboolean
has_prefix_ci (const char *s, gsize len, const char *prefix)
{
  gsize n = strlen (prefix);
  return len >= n && g_ascii_strncasecmp (s, prefix, n) == 0;
}

/* Skips a UTF-8 BOM and leading white space. */
static const char *
skip_lead (const char *s, gsize *len)
{
  if (*len >= 3 && memcmp (s, "\xEF\xBB\xBF", 3) == 0)
    {
      s += 3;
      *len -= 3;
    }
  while (*len > 0 && g_ascii_isspace (*s))
    {
      s++;
      (*len)--;
    }
  return s;
}

/* What markup S (LEN bytes, ASCII-compatible) starts with. */
static Format
markup_format (const char *s, gsize len)
{
  s = skip_lead (s, &len);
  if (has_prefix_ci (s, len, "<!doctype html") || has_prefix_ci (s, len, "<html")
      || has_prefix_ci (s, len, "<head") || has_prefix_ci (s, len, "<body"))
    return FORMAT_HTML;
  if (has_prefix_ci (s, len, "<?xml"))
    {
      /* XHTML is HTML, whatever its declaration says. */
      gsize window = MIN (len, (gsize) DECLARATION_WINDOW);
      for (gsize i = 0; i < window; i++)
        if (s[i] == '<' && (has_prefix_ci (s + i, window - i, "<!doctype html")
                            || has_prefix_ci (s + i, window - i, "<html ")
                            || has_prefix_ci (s + i, window - i, "<html>")))
          return FORMAT_HTML;
      return FORMAT_XML;
    }
  if (len >= 2 && s[0] == '<' && (g_ascii_isalpha (s[1]) || s[1] == '_'))
    return FORMAT_XML;
  return FORMAT_TXT;
}

static gboolean
has_utf16_bom (const guint8 *head, gsize len)
{
  return len >= 2 && ((head[0] == 0xFF && head[1] == 0xFE)
                      || (head[0] == 0xFE && head[1] == 0xFF));
}

/* Text has no NUL byte and few C0 control bytes besides white space.
 * Bytes from 0x80 are anything: legacy Vietnamese encodings use them all. */
static gboolean
looks_like_text (const guint8 *head, gsize len)
{
  gsize controls = 0;
  for (gsize i = 0; i < len; i++)
    {
      guint8 c = head[i];
      if (c == 0)
        return FALSE;
      if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f'
           && c != 0x1B) || c == 0x7F)
        controls++;
    }
  return controls * 20 <= len;
}

static int
text_probe (const guint8 *head, gsize len)
{
  if (len == 0)
    return 10;                /* an empty file is an empty text */
  if (has_utf16_bom (head, len))
    return 60;
  if (!looks_like_text (head, len))
    return 0;
  switch (markup_format ((const char *) head, len))
    {
    case FORMAT_HTML:
    case FORMAT_XML:
      return 70;
    case FORMAT_TXT:
    case FORMAT_CSV:
    default:
      return 50;
    }
}

/* ---- Reading and decoding ------------------------------------------------ */

static char *
read_limited (const char *path, guint64 max, gsize *out_len, GError **error)
{
  int fd = g_open (path, O_RDONLY | O_CLOEXEC | O_NOCTTY, 0);
  struct stat st;
  if (fd < 0 || fstat (fd, &st) != 0)
    {
      int saved = errno;
      g_set_error (error, HOSO_EXTRACT_ERROR, HOSO_EXTRACT_ERROR_FAILED,
                   _("the file cannot be read: %s"), g_strerror (saved));
      if (fd >= 0)
        close (fd);
      return NULL;
    }
  if (max > 0 && (guint64) st.st_size > max)
    {
      g_autofree char *limit = g_format_size (max);
      g_set_error (error, HOSO_EXTRACT_ERROR, HOSO_EXTRACT_ERROR_TOO_BIG,
                   _("the text file is larger than %s, too large to index"), limit);
      close (fd);
      return NULL;
    }
  gsize size = (gsize) st.st_size;
  g_autofree char *buf = g_malloc (size + 1);
  gssize len = hoso_extract_read_full (fd, buf, size);
  if (len < 0)
    {
      int saved = errno;
      g_set_error (error, HOSO_EXTRACT_ERROR, HOSO_EXTRACT_ERROR_FAILED,
                   _("the file cannot be read: %s"), g_strerror (saved));
      close (fd);
      return NULL;
    }
  close (fd);
  buf[len] = '\0';
  *out_len = (gsize) len;
  return g_steal_pointer (&buf);
}

/* The charset an HTML meta tag or an XML declaration names in the first
 * bytes, as browsers' prescan finds it; NULL if none.  Caller frees. */
static char *
declared_charset (const char *bytes, gsize len)
{
  static const char *const patterns[] = {
    "^\\s*<\\?xml[^>]*\\sencoding\\s*=\\s*[\"']([A-Za-z0-9._:-]+)[\"']",
    "<meta[^>]*charset\\s*=\\s*[\"']?([A-Za-z0-9._:-]+)",
  };
  g_autofree char *head = g_strndup (bytes, MIN (len, (gsize) DECLARATION_WINDOW));
  /* The head may be any bytes: let the regex see ASCII only. */
  for (char *p = head; *p != '\0'; p++)
    if ((guchar) *p >= 0x80)
      *p = '?';
  for (guint i = 0; i < G_N_ELEMENTS (patterns); i++)
    {
      g_autoptr(GRegex) re = g_regex_new (patterns[i], G_REGEX_CASELESS, 0, NULL);
      g_autoptr(GMatchInfo) match = NULL;
      if (re != NULL && g_regex_match (re, head, 0, &match))
        return g_match_info_fetch (match, 1);
    }
  return NULL;
}

/* ---- CSV ------------------------------------------------------------------ */

/* Separators outside double quotes on LINE; -1 if a quote is left open. */
static int
count_separators (const char *line, char separator)
{
  int count = 0;
  gboolean quoted = FALSE;
  for (const char *p = line; *p != '\0'; p++)
    {
      if (*p == '"')
        quoted = !quoted;
      else if (*p == separator && !quoted)
        count++;
    }
  return quoted ? -1 : count;
}

/* CSV: the first lines all have the same number of the same separator:
 * at least three lines with one or more, or two lines with two or more
 * (two lines of prose with a comma each are not a table). */
static gboolean
looks_like_csv (const char *text)
{
  static const char separators[] = { ',', ';', '\t', '|' };
  g_autofree char *head = g_strndup (text, CSV_SAMPLE_BYTES);
  g_auto(GStrv) lines = g_strsplit (head, "\n", CSV_SAMPLE_LINES + 1);
  guint n_lines = g_strv_length (lines);
  /* The last piece may be cut short by the sample or be the rest. */
  if (n_lines > CSV_SAMPLE_LINES || strlen (head) == CSV_SAMPLE_BYTES)
    n_lines--;

  for (guint s = 0; s < G_N_ELEMENTS (separators); s++)
    {
      int expected = -1;
      guint seen = 0;
      gboolean consistent = TRUE;
      for (guint i = 0; i < n_lines && consistent; i++)
        {
          g_strchomp (lines[i]);
          if (lines[i][0] == '\0')
            continue;
          int count = count_separators (lines[i], separators[s]);
          if (count < 1 || (expected >= 0 && count != expected))
            consistent = FALSE;
          expected = count;
          seen++;
        }
      if (consistent && (seen >= 3 || (seen == 2 && expected >= 2)))
        return TRUE;
    }
  return FALSE;
}

/* ---- HTML ----------------------------------------------------------------- */

typedef struct {
  GString *text;
  gboolean space;             /* white space waiting to be written */
  guint pre;                  /* depth of pre and textarea */
  char *title, *author;
} Html;

/* Ends the line, if one was begun, without the tab a last cell left. */
static void
html_newline (Html *h)
{
  while (h->text->len > 0 && h->text->str[h->text->len - 1] == '\t')
    g_string_truncate (h->text, h->text->len - 1);
  if (h->text->len > 0 && h->text->str[h->text->len - 1] != '\n')
    g_string_append_c (h->text, '\n');
  h->space = FALSE;
}

/* Appends S with runs of white space as one space, as a browser shows it. */
static void
html_append (Html *h, const char *s)
{
  if (h->pre > 0)
    {
      g_string_append (h->text, s);
      return;
    }
  for (const char *p = s; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      if (g_unichar_isspace (c) || c == 0xA0)
        {
          h->space = TRUE;
          continue;
        }
      if (h->space && h->text->len > 0 && h->text->str[h->text->len - 1] != '\n'
          && h->text->str[h->text->len - 1] != '\t')
        g_string_append_c (h->text, ' ');
      h->space = FALSE;
      g_string_append_unichar (h->text, c);
    }
}

static char *
collapse (const char *s)
{
  Html h = { .text = g_string_new (NULL) };
  html_append (&h, s != NULL ? s : "");
  if (h.text->len == 0)
    {
      g_string_free (h.text, TRUE);
      return NULL;
    }
  return g_string_free (h.text, FALSE);
}

static gboolean
is_block (const char *name)
{
  static const char *const blocks[] = {
    "address", "article", "aside", "blockquote", "body", "caption", "dd",
    "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form",
    "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "html", "li", "main",
    "nav", "ol", "p", "pre", "section", "table", "textarea", "tr", "ul",
    NULL
  };
  return g_strv_contains (blocks, name);
}

/* Called on entering NODE; returns TRUE to visit its children. */
static gboolean
html_enter (Html *h, xmlNodePtr node)
{
  if (node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE)
    {
      html_append (h, (const char *) node->content);
      return FALSE;
    }
  if (node->type != XML_ELEMENT_NODE || node->name == NULL)
    return FALSE;

  const char *name = (const char *) node->name;
  /* Not text a reader sees. */
  if (strcmp (name, "script") == 0 || strcmp (name, "style") == 0
      || strcmp (name, "template") == 0 || strcmp (name, "noscript") == 0
      || strcmp (name, "iframe") == 0 || strcmp (name, "object") == 0)
    return FALSE;
  if (strcmp (name, "title") == 0)
    {
      if (h->title == NULL)
        {
          xmlChar *content = xmlNodeGetContent (node);
          h->title = collapse ((const char *) content);
          xmlFree (content);
        }
      return FALSE;
    }
  if (strcmp (name, "meta") == 0)
    {
      xmlChar *meta_name = xmlGetProp (node, (const xmlChar *) "name");
      if (h->author == NULL && meta_name != NULL
          && g_ascii_strcasecmp ((const char *) meta_name, "author") == 0)
        {
          xmlChar *content = xmlGetProp (node, (const xmlChar *) "content");
          h->author = collapse ((const char *) content);
          xmlFree (content);
        }
      xmlFree (meta_name);
      return FALSE;
    }
  if (strcmp (name, "br") == 0)
    {
      g_string_append_c (h->text, '\n');
      h->space = FALSE;
      return FALSE;
    }
  if (is_block (name))
    html_newline (h);
  if (strcmp (name, "pre") == 0 || strcmp (name, "textarea") == 0)
    h->pre++;
  return TRUE;
}

static void
html_leave (Html *h, xmlNodePtr node)
{
  if (node->type != XML_ELEMENT_NODE || node->name == NULL)
    return;
  const char *name = (const char *) node->name;
  if ((strcmp (name, "pre") == 0 || strcmp (name, "textarea") == 0) && h->pre > 0)
    h->pre--;
  if (is_block (name))
    html_newline (h);
  else if (strcmp (name, "td") == 0 || strcmp (name, "th") == 0)
    {
      g_string_append_c (h->text, '\t');
      h->space = FALSE;
    }
}

/* Walks the tree under ROOT without recursion: a hostile page may nest
 * elements deeper than any stack. */
static void
html_walk (Html *h, xmlNodePtr root)
{
  xmlNodePtr node = root;
  while (node != NULL)
    {
      if (html_enter (h, node) && node->children != NULL)
        {
          node = node->children;
          continue;
        }
      while (node != NULL)
        {
          html_leave (h, node);
          if (node == root)
            node = NULL;
          else if (node->next != NULL)
            {
              node = node->next;
              break;
            }
          else
            node = node->parent;
        }
    }
}

static gboolean
extract_html (HosoExtraction *x, const char *text, GError **error)
{
  /* The text is UTF-8 already: the page's own declaration is ignored. */
  htmlDocPtr doc = htmlReadMemory (text, (int) strlen (text), NULL, "UTF-8",
                                   HTML_PARSE_NONET | HTML_PARSE_NOERROR
                                   | HTML_PARSE_NOWARNING | HTML_PARSE_RECOVER
                                   | HTML_PARSE_IGNORE_ENC);
  if (doc == NULL)
    {
      g_set_error (error, HOSO_EXTRACT_ERROR, HOSO_EXTRACT_ERROR_FAILED,
                   _("the HTML page cannot be parsed"));
      return FALSE;
    }
  Html h = { .text = g_string_new (NULL) };
  xmlNodePtr root = xmlDocGetRootElement (doc);
  if (root != NULL)
    html_walk (&h, root);
  xmlFreeDoc (doc);

  x->title = h.title;
  x->author = h.author;
  g_ptr_array_add (x->pages, g_string_free (h.text, FALSE));
  return TRUE;
}

/* ---- XML ------------------------------------------------------------------- */

static void
xml_error (void *context, xmlErrorPtr error)
{
  char **first = context;
  if (*first != NULL || error == NULL || error->level < XML_ERR_ERROR)
    return;
  g_autofree char *message = g_strdup (error->message != NULL ? error->message : "?");
  *first = g_strdup_printf ("line %d: %s", error->line, g_strstrip (message));
}

/* The text of the elements of the XML document TEXT, a line per element
 * that holds some.  NULL with an error if it is not well-formed. */
static char *
xml_text (const char *text, GError **error)
{
  /* No XML_PARSE_NOENT (entities stay references), no DTDLOAD, no network;
   * the text is UTF-8 already, whatever the declaration says. */
  xmlTextReaderPtr r = xmlReaderForMemory (text, (int) strlen (text), NULL, "UTF-8",
                                           XML_PARSE_NONET | XML_PARSE_IGNORE_ENC);
  if (r == NULL)
    {
      g_set_error (error, HOSO_EXTRACT_ERROR, HOSO_EXTRACT_ERROR_FAILED,
                   _("the XML document cannot be read"));
      return NULL;
    }
  g_autofree char *first_error = NULL;
  xmlTextReaderSetStructuredErrorHandler (r, xml_error, &first_error);

  g_autoptr(GString) out = g_string_new (NULL);
  int ret;
  while ((ret = xmlTextReaderRead (r)) == 1)
    {
      int type = xmlTextReaderNodeType (r);
      if (type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_CDATA)
        {
          g_autofree char *value =
            g_strdup ((const char *) xmlTextReaderConstValue (r));
          g_strstrip (value);
          if (value[0] == '\0')
            continue;
          if (out->len > 0 && out->str[out->len - 1] != '\n')
            g_string_append_c (out, ' ');
          g_string_append (out, value);
        }
      else if (type == XML_READER_TYPE_END_ELEMENT && out->len > 0
               && out->str[out->len - 1] != '\n')
        g_string_append_c (out, '\n');
    }
  xmlFreeTextReader (r);
  if (ret != 0)
    {
      g_set_error (error, HOSO_EXTRACT_ERROR, HOSO_EXTRACT_ERROR_FAILED,
                   _("the XML document is not well-formed (%s)"),
                   first_error != NULL ? first_error : _("unknown error"));
      return NULL;
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* ---- Extraction ------------------------------------------------------------ */

static const struct {
  const char *type;
  const char *media_type;
} format_names[] = {
  [FORMAT_TXT] = { "txt", "text/plain" },
  [FORMAT_CSV] = { "csv", "text/csv" },
  [FORMAT_HTML] = { "html", "text/html" },
  [FORMAT_XML] = { "xml", "application/xml" },
};

static void
normalize_in_place (char **s)
{
  if (*s == NULL)
    return;
  char *clean = hoso_vn_normalize (*s, -1);
  g_free (*s);
  *s = clean;
}

/* The file at PATH as UTF-8 NFC text, and the encoding it was in (NULL for
 * UTF-8).  Caller frees both. */
static char *
decode_file (const char *path, const HosoExtractLimits *limits,
             char **out_encoding, GError **error)
{
  gsize len = 0;
  g_autofree char *bytes = read_limited (path, limits->max_expanded, &len, error);
  if (bytes == NULL)
    return NULL;

  g_autofree char *declared = NULL;
  if (!has_utf16_bom ((const guint8 *) bytes, len))
    declared = declared_charset (bytes, len);
  g_autofree char *text = NULL;
  g_autofree char *encoding = NULL;
  g_autoptr(GError) decode_error = NULL;
  if (!hoso_vn_decode (bytes, len, declared, &text, &encoding, &decode_error))
    {
      g_set_error (error, HOSO_EXTRACT_ERROR, HOSO_EXTRACT_ERROR_FAILED,
                   _("the text cannot be decoded: %s"), decode_error->message);
      return NULL;
    }
  /* libxml2 takes lengths as int. */
  if (strlen (text) > G_MAXINT)
    {
      g_set_error (error, HOSO_EXTRACT_ERROR, HOSO_EXTRACT_ERROR_TOO_BIG,
                   _("the text file is too large to index"));
      return NULL;
    }
  *out_encoding = NULL;
  if (encoding != NULL && g_ascii_strcasecmp (encoding, "UTF-8") != 0)
    *out_encoding = g_steal_pointer (&encoding);
  return g_steal_pointer (&text);
}

static HosoExtraction *
text_extract (const char *path, const HosoExtractLimits *limits, GError **error)
{
  g_autoptr(HosoExtraction) x = hoso_extraction_new (HOSO_TEXT_OK);
  g_autofree char *text = decode_file (path, limits, &x->encoding, error);
  if (text == NULL)
    return NULL;

  gsize len = strlen (text);
  Format format = markup_format (text, len);
  g_autofree char *page = NULL;
  if (format == FORMAT_HTML && !extract_html (x, text, error))
    return NULL;
  if (format == FORMAT_XML)
    {
      gboolean declared_xml = has_prefix_ci (skip_lead (text, &len), len, "<?xml");
      g_autoptr(GError) xml_error = NULL;
      page = xml_text (text, &xml_error);
      /* A file that only starts with a tag may be text that happens to;
       * one that declares itself XML and is not well-formed is damaged. */
      if (page == NULL && declared_xml)
        {
          g_propagate_error (error, g_steal_pointer (&xml_error));
          return NULL;
        }
      if (page == NULL)
        format = FORMAT_TXT;
    }
  if (format == FORMAT_TXT && looks_like_csv (text))
    format = FORMAT_CSV;
  if (format == FORMAT_TXT || format == FORMAT_CSV)
    page = g_steal_pointer (&text);
  if (page != NULL)
    g_ptr_array_add (x->pages, g_steal_pointer (&page));

  x->type = g_strdup (format_names[format].type);
  x->media_type = g_strdup (format_names[format].media_type);

  /* Decoding made the file's text NFC; what the parsers built from it
   * (character references, joined runs) is made NFC again. */
  for (guint i = 0; i < x->pages->len; i++)
    normalize_in_place ((char **) &x->pages->pdata[i]);
  normalize_in_place (&x->title);
  normalize_in_place (&x->author);
  return g_steal_pointer (&x);
}

/* libxml2 keeps global state between files, shared with the office
 * extractor; a worker frees it once, before it exits. */
static void
text_cleanup (void)
{
  xmlCleanupParser ();
}

const HosoExtractor hoso_extractor_text = {
  .name = "text",
  .probe = text_probe,
  .extract = text_extract,
  .cleanup = text_cleanup,
};
