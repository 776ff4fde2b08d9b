/* test-extract.c: the text extractors, on the fixtures of tests/data/extract
 * (see the README there for how each was made): formats, pages, words on
 * pages, metadata, legacy encodings, scanned pages, signatures, damaged and
 * hostile files, limits, and the JSON form of an extraction. */
#include "config.h"

#include "extract.h"

#include <archive.h>
#include <archive_entry.h>
#include <string.h>
#include <sys/resource.h>
#include <glib/gstdio.h>

/* Path of the fixture NAME.  make check sets HOSO_SRCDIR; a test run by
 * hand from the build folder finds the sources from where it was built. */
static char *
fixture (const char *name)
{
  const char *srcdir = g_getenv ("HOSO_SRCDIR");
  if (srcdir != NULL)
    return g_build_filename (srcdir, "tests", "data", "extract", name, NULL);
  if (g_getenv ("G_TEST_SRCDIR") != NULL)
    return g_test_build_filename (G_TEST_DIST, "data", "extract", name, NULL);
  g_autofree char *dir = g_path_get_dirname (__FILE__);
  return g_build_filename (dir, "data", "extract", name, NULL);
}

static HosoExtraction *
extract_with (const char *name, const HosoExtractLimits *limits)
{
  g_autofree char *path = fixture (name);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  HosoExtraction *x = hoso_extract_file (path, limits);
  g_assert_nonnull (x);
  return x;
}

static HosoExtraction *
extract (const char *name)
{
  return extract_with (name, NULL);
}

static const char *
page (const HosoExtraction *x, guint number)
{
  g_assert_cmpuint (number, >=, 1);
  g_assert_cmpuint (number, <=, x->pages->len);
  return g_ptr_array_index (x->pages, number - 1);
}

static void
assert_page_has (const HosoExtraction *x, guint number, const char *word)
{
  const char *text = page (x, number);
  if (strstr (text, word) == NULL)
    g_error ("page %u lacks “%s”; it reads:\n%s", number, word, text);
}

static void
assert_nowhere (const HosoExtraction *x, const char *word)
{
  for (guint i = 0; i < x->pages->len; i++)
    if (strstr (g_ptr_array_index (x->pages, i), word) != NULL)
      g_error ("page %u has “%s”, which it should not", i + 1, word);
}

/* Every page is valid UTF-8 in NFC. */
static void
assert_nfc (const HosoExtraction *x)
{
  for (guint i = 0; i < x->pages->len; i++)
    {
      const char *text = g_ptr_array_index (x->pages, i);
      g_assert_true (g_utf8_validate (text, -1, NULL));
      g_autofree char *nfc = g_utf8_normalize (text, -1, G_NORMALIZE_NFC);
      g_assert_cmpstr (text, ==, nfc);
    }
}

static void
assert_time (GDateTime *time, const char *iso8601)
{
  g_assert_nonnull (time);
  g_autoptr(GDateTime) expected = g_date_time_new_from_iso8601 (iso8601, NULL);
  g_assert_nonnull (expected);
  g_assert_cmpint (g_date_time_to_unix (time), ==, g_date_time_to_unix (expected));
}

/* ---- One table for the plain cases ------------------------------------------ */

typedef struct {
  guint page;
  const char *word;
} Word;

typedef struct {
  const char *file;
  HosoTextStatus status;
  const char *type;
  const char *media_type;
  guint n_pages;
  const char *encoding;       /* NULL: none */
  Word words[6];
  const char *absent[6];
} Case;

#define DOCX "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
#define XLSX "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#define PPTX "application/vnd.openxmlformats-officedocument.presentationml.presentation"

static const Case cases[] = {
  /* PDF */
  { "vi-text.pdf", HOSO_TEXT_OK, "pdf", "application/pdf", 1, NULL,
    .words = { { 1, "Phiếu đăng ký sản phẩm OCOP" }, { 1, "Hợp tác xã Nông nghiệp" },
      { 1, "tỉnh Quảng Nam" } } },
  { "multi-page.pdf", HOSO_TEXT_OK, "pdf", "application/pdf", 3, NULL,
    .words = { { 1, "Phiếu đăng ký" }, { 2, "Phương án kinh doanh" },
      { 3, "kiểm nghiệm an toàn thực phẩm" } } },
  { "scan-mixed.pdf", HOSO_TEXT_OK, "pdf", "application/pdf", 3, NULL,
    .words = { { 1, "Biên bản họp hội đồng" }, { 3, "đạt 4 sao" } } },
  { "tcvn3.pdf", HOSO_TEXT_OK, "pdf", "application/pdf", 2, "TCVN3",
    .words = { { 1, "hợp tác xã nông nghiệp" }, { 1, "ủy ban nhân dân" },
      /* Too short to tell alone: converted with the rest. */
      { 2, "trang hai: hợp tác xã" } },
    .absent = { "hîp", "t¸c" } },
  { "signed.pdf", HOSO_TEXT_OK, "pdf", "application/pdf", 1, NULL,
    .words = { { 1, "Quyết định công nhận" } } },

  /* Office */
  { "sample.docx", HOSO_TEXT_OK, "docx", DOCX, 2, NULL,
    .words = { { 1, "Phương án kinh doanh\n" }, { 1, "Chủ thể:\tHợp tác xã Trầm hương" },
      { 1, "Dòng một\ndòng hai" }, { 2, "Trang hai: thị trường" }, { 2, "Đã xóa" } },
    .absent = { "bị xóa", "Hộp chữHộp chữ", "Hộp chữ\nHộp chữ" } },
  { "rendered-pages.docx", HOSO_TEXT_OK, "docx", DOCX, 3, NULL,
    .words = { { 1, "Trang một" }, { 2, "Trang hai" }, { 3, "Trang ba" } } },
  { "tcvn3.docx", HOSO_TEXT_OK, "docx", DOCX, 1, "TCVN3",
    .words = { { 1, "hợp tác xã nông nghiệp tiền phong" }, { 1, "phương án kinh doanh" } } },
  { "sample.xlsx", HOSO_TEXT_OK, "xlsx", XLSX, 3, NULL,
    .words = { { 1, "Tên sản phẩm\tHạng sao\tĐiểm\n" }, { 1, "Trà đảng sâm\t4\t72.5\n" },
      { 1, "Rượu Lòn bon\t3" }, { 2, "Ghi chú: hồ sơ đầy đủ" },
      { 3, "Trang tính mười" } },
    .absent = { "SUM", "ten" } },
  { "sample.pptx", HOSO_TEXT_OK, "pptx", PPTX, 3, NULL,
    .words = { { 1, "Giới thiệu HTX Dược liệu Đức Huy" },
      { 2, "Câu chuyện sản phẩm\nVùng nguyên liệu" }, { 3, "Trang chiếu mười" } },
    .absent = { "Bố cục" } },
  { "sample.odt", HOSO_TEXT_OK, "odt", "application/vnd.oasis.opendocument.text", 2, NULL,
    .words = { { 1, "Giới thiệu bộ máy\n" }, { 1, "Giám đốc:\tNguyễn   Văn An" },
      { 1, "Dòng một\ndòng hai" }, { 1, "Có chú thích" },
      { 2, "Trang hai: sơ đồ tổ chức" } },
    .absent = { "lời bình" } },
  { "sample.ods", HOSO_TEXT_OK, "ods", "application/vnd.oasis.opendocument.spreadsheet",
    2, NULL,
    .words = { { 1, "Tên\tSao\n" }, { 1, "Tinh dầu Quế\t4\n" }, { 2, "Tinh dầu Sả" } } },
  { "sample.odp", HOSO_TEXT_OK, "odp", "application/vnd.oasis.opendocument.presentation",
    2, NULL,
    .words = { { 1, "Bánh tráng lề Địch Yên" }, { 2, "Vòng tay trầm hương" } },
    .absent = { "ghi chú người nói" } },

  /* Text */
  { "utf8.txt", HOSO_TEXT_OK, "txt", "text/plain", 1, NULL,
    .words = { { 1, "Phiếu đăng ký sản phẩm OCOP" }, { 1, "Đặc sản: Rượu Lòn bon" } } },
  { "utf8-bom.txt", HOSO_TEXT_OK, "txt", "text/plain", 1, NULL,
    .words = { { 1, "Phiếu đăng ký" }, { 1, "Đặc sản" } },
    .absent = { "\xEF\xBB\xBF" } },
  { "utf16le.txt", HOSO_TEXT_OK, "txt", "text/plain", 1, "UTF-16LE",
    .words = { { 1, "Phiếu đăng ký" }, { 1, "Tiên Phước đạt 4 sao" } } },
  { "cp1258.txt", HOSO_TEXT_OK, "txt", "text/plain", 1, "WINDOWS-1258",
    .words = { { 1, "Phiếu đăng ký sản phẩm" }, { 1, "Đặc sản: Rượu Lòn bon Tiên Phước" } } },
  { "tcvn3.txt", HOSO_TEXT_OK, "txt", "text/plain", 1, "TCVN3",
    .words = { { 1, "hợp tác xã nông nghiệp" }, { 1, "phương án kinh doanh" } } },
  { "vni.txt", HOSO_TEXT_OK, "txt", "text/plain", 1, "VNI",
    .words = { { 1, "hợp tác xã nông nghiệp" }, { 1, "Hội đồng tỉnh Quảng Nam" } } },
  { "empty.txt", HOSO_TEXT_OK, "txt", "text/plain", 1, NULL, .words = { { 0 } } },
  { "products.csv", HOSO_TEXT_OK, "csv", "text/csv", 1, NULL,
    .words = { { 1, "Heo thảo dược Xứ Tiên;HTX Tiền Phong;3" } } },
  { "page.html", HOSO_TEXT_OK, "html", "text/html", 1, NULL,
    .words = { { 1, "Danh sách sản phẩm\n" }, { 1, "Sản phẩm đặc sản của tỉnh & thành phố ợ ạ" },
      { 1, "Trà\t4 sao" } },
    .absent = { "bíMật", "font-family", "không được lập chỉ mục", "ghi chú ẩn", "Bật JavaScript",
      "Hồ sơ" } },
  { "page-1258.html", HOSO_TEXT_OK, "html", "text/html", 1, "WINDOWS-1258",
    .words = { { 1, "Ủy ban nhân dân tỉnh Quảng Nam quyết định công nhận" } } },
  { "dossier.xml", HOSO_TEXT_OK, "xml", "application/xml", 1, NULL,
    .words = { { 1, "Rượu Lòn bon Tiên Phước\n" }, { 1, "HTX DVNN&KDTH Nhật Linh" },
      { 1, "Điểm: 72 <đạt>" } },
    .absent = { "QNA-2024-0012", "hồ sơ mẫu" } },

  /* Nobody's */
  { "random.bin", HOSO_TEXT_UNSUPPORTED, NULL, NULL, 0, NULL, .words = { { 0 } } },
  { "not-office.zip", HOSO_TEXT_UNSUPPORTED, NULL, NULL, 0, NULL, .words = { { 0 } } },
};

static void
test_case (gconstpointer data)
{
  const Case *c = data;
  g_autoptr(HosoExtraction) x = extract (c->file);

  g_assert_cmpstr (hoso_text_status_to_string (x->status), ==,
                   hoso_text_status_to_string (c->status));
  g_assert_cmpstr (x->type, ==, c->type);
  g_assert_cmpstr (x->media_type, ==, c->media_type);
  g_assert_cmpuint (x->pages->len, ==, c->n_pages);
  g_assert_cmpstr (x->encoding, ==, c->encoding);
  if (c->status == HOSO_TEXT_OK)
    g_assert_null (x->reason);
  else
    g_assert_nonnull (x->reason);
  for (guint i = 0; i < G_N_ELEMENTS (c->words) && c->words[i].word != NULL; i++)
    assert_page_has (x, c->words[i].page, c->words[i].word);
  for (guint i = 0; i < G_N_ELEMENTS (c->absent) && c->absent[i] != NULL; i++)
    assert_nowhere (x, c->absent[i]);
  assert_nfc (x);
}

/* ---- PDF ----------------------------------------------------------------------- */

static void
test_pdf_metadata (void)
{
  g_autoptr(HosoExtraction) x = extract ("vi-text.pdf");
  g_assert_cmpstr (x->title, ==, "Phiếu đăng ký sản phẩm OCOP");
  g_assert_cmpstr (x->author, ==, "HTX Nông nghiệp Tây Giang");
  assert_time (x->created, "2024-03-15T08:30:00+07:00");
  assert_time (x->modified, "2024-03-16T09:00:00+07:00");
  g_assert_cmpuint (x->ocr_pages->len, ==, 0);
  g_assert_cmpuint (x->signatures->len, ==, 0);
}

static void
test_pdf_ocr_pages (void)
{
  g_autoptr(HosoExtraction) x = extract ("scan-mixed.pdf");
  /* Page 2 is an image with a page number: only stray characters. */
  g_assert_cmpuint (x->ocr_pages->len, ==, 1);
  g_assert_cmpuint (g_array_index (x->ocr_pages, guint, 0), ==, 2);
  assert_page_has (x, 2, "2");
}

static void
test_pdf_legacy_title (void)
{
  g_autoptr(HosoExtraction) x = extract ("tcvn3.pdf");
  g_assert_cmpstr (x->title, ==, "hồ sơ sản phẩm");
}

static void
test_pdf_encrypted (void)
{
  g_autofree char *path = fixture ("encrypted.pdf");
  g_autoptr(GError) error = NULL;
  HosoExtractLimits limits = { 0 };
  g_autoptr(HosoExtraction) direct = hoso_extractor_pdf.extract (path, &limits, &error);
  g_assert_null (direct);
  g_assert_error (error, HOSO_EXTRACT_ERROR, HOSO_EXTRACT_ERROR_ENCRYPTED);

  g_autoptr(HosoExtraction) x = extract ("encrypted.pdf");
  g_assert_cmpint (x->status, ==, HOSO_TEXT_FAILED);
  g_assert_true (g_str_has_prefix (x->reason, "text extraction failed: "));
  g_assert_nonnull (strstr (x->reason, "password"));
  g_assert_cmpuint (x->pages->len, ==, 0);
}

static void
test_pdf_signed (void)
{
  g_autoptr(HosoExtraction) x = extract ("signed.pdf");
  g_assert_cmpuint (x->signatures->len, ==, 1);
  const HosoSignature *s = g_ptr_array_index (x->signatures, 0);
  g_assert_cmpstr (s->signer, ==, "Nguyễn Văn An");
  g_assert_true (s->valid);
  g_assert_nonnull (s->time);
  g_assert_cmpint (g_date_time_get_year (s->time), >=, 2024);
}

static void
test_pdf_damaged (void)
{
  /* poppler cannot rebuild either: no trailer, or no PDF at all after the
   * header.  Both fail whole, not with part of the text. */
  const char *const names[] = { "truncated.pdf", "corrupted.pdf" };
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(HosoExtraction) x = extract (names[i]);
      g_assert_cmpint (x->status, ==, HOSO_TEXT_FAILED);
      g_assert_true (g_str_has_prefix (x->reason, "text extraction failed: "));
      g_assert_nonnull (strstr (x->reason, "damaged"));
      g_assert_cmpuint (x->pages->len, ==, 0);
    }
}

static void
test_pdf_max_pages (void)
{
  HosoExtractLimits limits = { .max_expanded = 0, .max_pages = 2 };
  g_autoptr(HosoExtraction) x = extract_with ("multi-page.pdf", &limits);
  g_assert_cmpint (x->status, ==, HOSO_TEXT_OK);
  g_assert_cmpuint (x->pages->len, ==, 2);
  assert_page_has (x, 2, "Phương án kinh doanh");
}

/* ---- Office --------------------------------------------------------------------- */

static void
test_office_metadata (void)
{
  g_autoptr(HosoExtraction) docx = extract ("sample.docx");
  g_assert_cmpstr (docx->title, ==, "Phương án kinh doanh");
  g_assert_cmpstr (docx->author, ==, "Trần Thị Bình");
  assert_time (docx->created, "2024-03-15T01:30:00Z");
  assert_time (docx->modified, "2024-03-16T02:00:00Z");

  g_autoptr(HosoExtraction) xlsx = extract ("sample.xlsx");
  g_assert_cmpstr (xlsx->title, ==, "Danh sách sản phẩm OCOP");
  g_assert_cmpstr (xlsx->author, ==, "Phòng Nông nghiệp");

  /* ODF: the initial creator is the author; times without a zone are
   * Vietnamese civil time. */
  g_autoptr(HosoExtraction) odt = extract ("sample.odt");
  g_assert_cmpstr (odt->title, ==, "Giới thiệu bộ máy");
  g_assert_cmpstr (odt->author, ==, "Lê Văn Cường");
  assert_time (odt->created, "2024-03-15T08:30:00+07:00");
  assert_time (odt->modified, "2024-03-16T09:00:00+07:00");

  g_autoptr(HosoExtraction) ods = extract ("sample.ods");
  g_assert_cmpstr (ods->author, ==, "Phạm Thị Dung");
}

static void
test_office_odf_spaces (void)
{
  /* text:s asks for a billion spaces: a few dozen are written. */
  g_autoptr(HosoExtraction) x = extract ("sample.odt");
  const char *text = page (x, 2);
  const char *start = strstr (text, "Khoảng trắng lạ");
  g_assert_nonnull (start);
  const char *end = strstr (start, "hết");
  g_assert_nonnull (end);
  g_assert_cmpint (end - start, <, 100);
}

static void
test_office_max_pages (void)
{
  HosoExtractLimits limits = { .max_expanded = 0, .max_pages = 2 };
  g_autoptr(HosoExtraction) x = extract_with ("sample.pptx", &limits);
  g_assert_cmpuint (x->pages->len, ==, 2);
  assert_page_has (x, 2, "Câu chuyện sản phẩm");
}

static glong
max_rss_kib (void)
{
  struct rusage usage;
  g_assert_cmpint (getrusage (RUSAGE_SELF, &usage), ==, 0);
  return usage.ru_maxrss;
}

/* A bomb whose zip headers lie about the size: only counting what
 * inflates stops it. */
static void
test_office_bomb_lying (void)
{
  HosoExtractLimits limits = { .max_expanded = 4 * 1024 * 1024, .max_pages = 100 };
  g_autofree char *path = fixture ("bomb-lying.docx");
  glong rss_before = max_rss_kib ();
  gint64 start = g_get_monotonic_time ();

  g_autoptr(GError) error = NULL;
  g_autoptr(HosoExtraction) direct = hoso_extractor_office.extract (path, &limits, &error);
  g_assert_null (direct);
  g_assert_error (error, HOSO_EXTRACT_ERROR, HOSO_EXTRACT_ERROR_TOO_BIG);

  g_autoptr(HosoExtraction) x = hoso_extract_file (path, &limits);
  g_assert_cmpint (x->status, ==, HOSO_TEXT_FAILED);
  g_assert_true (g_str_has_prefix (x->reason, "text extraction failed: "));
  g_assert_nonnull (strstr (x->reason, "decompression bomb"));

  g_assert_cmpint (g_get_monotonic_time () - start, <, 10 * G_USEC_PER_SEC);
  g_assert_cmpint (max_rss_kib () - rss_before, <, 64 * 1024);
}

/* Writes a DOCX whose document.xml inflates to about SIZE bytes: an open
 * body followed by white space, well-formed as far as it goes, so that
 * only the limits can stop a reader.  (Constant bytes deflate fastest and
 * smallest: 1 GiB makes about 1 MiB.) */
static void
write_bomb (const char *path, guint64 size)
{
  static const char types[] =
    "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/"
    "package/2006/content-types\"><Override PartName=\"/word/document.xml\" "
    "ContentType=\"application/vnd.openxmlformats-officedocument."
    "wordprocessingml.document.main+xml\"/></Types>";
  static const char head[] =
    "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/"
    "2006/main\"><w:body>";
  g_autoptr(GString) chunk = g_string_new (NULL);
  g_string_set_size (chunk, 1024 * 1024);
  memset (chunk->str, ' ', chunk->len);
  guint64 n_chunks = size / chunk->len;
  guint64 total = sizeof head - 1 + n_chunks * chunk->len;

  struct archive *a = archive_write_new ();
  g_assert_cmpint (archive_write_set_format_zip (a), ==, ARCHIVE_OK);
  g_assert_cmpint (archive_write_open_filename (a, path), ==, ARCHIVE_OK);

  struct archive_entry *entry = archive_entry_new ();
  archive_entry_set_pathname (entry, "[Content_Types].xml");
  archive_entry_set_filetype (entry, AE_IFREG);
  archive_entry_set_perm (entry, 0644);
  archive_entry_set_size (entry, sizeof types - 1);
  g_assert_cmpint (archive_write_header (a, entry), ==, ARCHIVE_OK);
  g_assert_cmpint (archive_write_data (a, types, sizeof types - 1), ==, sizeof types - 1);

  archive_entry_clear (entry);
  archive_entry_set_pathname (entry, "word/document.xml");
  archive_entry_set_filetype (entry, AE_IFREG);
  archive_entry_set_perm (entry, 0644);
  archive_entry_set_size (entry, (la_int64_t) total);
  g_assert_cmpint (archive_write_header (a, entry), ==, ARCHIVE_OK);
  g_assert_cmpint (archive_write_data (a, head, sizeof head - 1), ==, sizeof head - 1);
  for (guint64 i = 0; i < n_chunks; i++)
    g_assert_cmpint (archive_write_data (a, chunk->str, chunk->len), ==,
                     (la_ssize_t) chunk->len);
  archive_entry_free (entry);
  g_assert_cmpint (archive_write_close (a), ==, ARCHIVE_OK);
  archive_write_free (a);
}

/* An honest bomb: 1 GiB of zeros in a few hundred KB, made here rather than
 * kept in the tree.  Its declared size stops it before it is inflated. */
static void
test_office_bomb_declared (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("hoso-extract-XXXXXX", &error);
  g_assert_no_error (error);
  g_autofree char *path = g_build_filename (dir, "bomb.docx", NULL);
  write_bomb (path, G_GUINT64_CONSTANT (1) << 30);
  GStatBuf st;
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_size, <, 2 * 1024 * 1024);

  glong rss_before = max_rss_kib ();
  gint64 start = g_get_monotonic_time ();
  HosoExtractLimits limits = { .max_expanded = 256 * 1024 * 1024, .max_pages = 5000 };
  g_autoptr(HosoExtraction) direct = hoso_extractor_office.extract (path, &limits, &error);
  g_assert_null (direct);
  g_assert_error (error, HOSO_EXTRACT_ERROR, HOSO_EXTRACT_ERROR_TOO_BIG);
  g_autoptr(HosoExtraction) x = hoso_extract_file (path, NULL);
  g_assert_cmpint (x->status, ==, HOSO_TEXT_FAILED);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);
  g_assert_cmpint (max_rss_kib () - rss_before, <, 64 * 1024);

  g_assert_cmpint (g_unlink (path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static void
test_office_dtd (void)
{
  g_autoptr(HosoExtraction) x = extract ("dtd.docx");
  g_assert_cmpint (x->status, ==, HOSO_TEXT_FAILED);
  g_assert_nonnull (strstr (x->reason, "DTD"));
}

static void
test_office_not_office (void)
{
  g_autoptr(HosoExtraction) x = extract ("not-office.zip");
  g_assert_cmpint (x->status, ==, HOSO_TEXT_UNSUPPORTED);
  g_assert_true (g_str_has_prefix (x->reason, "no text extracted: "));
}

/* ---- Text ------------------------------------------------------------------------ */

static void
test_html_metadata (void)
{
  g_autoptr(HosoExtraction) x = extract ("page.html");
  g_assert_cmpstr (x->title, ==, "Hồ sơ sản phẩm OCOP");
  g_assert_cmpstr (x->author, ==, "Sở Nông nghiệp");

  g_autoptr(HosoExtraction) y = extract ("page-1258.html");
  g_assert_cmpstr (y->title, ==, "Quyết định công nhận");
}

/* A billion laughs: entities are never expanded, so the file ends fast and
 * small whatever libxml2 makes of it (it refuses the entity loop). */
static void
test_xml_billion_laughs (void)
{
  gint64 start = g_get_monotonic_time ();
  glong rss_before = max_rss_kib ();
  g_autoptr(HosoExtraction) x = extract ("laughs.xml");
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);
  g_assert_cmpint (max_rss_kib () - rss_before, <, 64 * 1024);
  g_assert_cmpint (x->status, ==, HOSO_TEXT_FAILED);
  g_assert_true (g_str_has_prefix (x->reason, "text extraction failed: "));
  g_assert_cmpuint (x->pages->len, ==, 0);
}

static void
test_text_too_big (void)
{
  HosoExtractLimits limits = { .max_expanded = 100, .max_pages = 10 };
  g_autoptr(HosoExtraction) x = extract_with ("utf8.txt", &limits);
  g_assert_cmpint (x->status, ==, HOSO_TEXT_FAILED);
  g_assert_nonnull (strstr (x->reason, "too large"));
}

/* ---- Choosing an extractor ---------------------------------------------------------- */

static void
test_unsupported (void)
{
  g_autoptr(HosoExtraction) x = extract ("random.bin");
  g_assert_cmpstr (x->reason, ==, "no text extracted: unsupported format");
  g_assert_cmpuint (x->pages->len, ==, 0);
}

static void
test_missing_file (void)
{
  g_autoptr(HosoExtraction) x = hoso_extract_file ("/nonexistent/hoso/file.pdf", NULL);
  g_assert_cmpint (x->status, ==, HOSO_TEXT_FAILED);
  g_assert_true (g_str_has_prefix (x->reason, "text extraction failed: "));
}

static void
test_probes (void)
{
  const guint8 pdf[] = "%PDF-1.7\n";
  const guint8 late_pdf[] = "junk before\n%PDF-1.4\n";
  const guint8 mention[] = "Save it as %PDF-1.4, not as Word.\n";
  const guint8 zip[] = "PK\x03\x04rest";
  const guint8 html[] = "\xEF\xBB\xBF  \n<!DOCTYPE HTML><html>";
  const guint8 xml[] = "<?xml version=\"1.0\"?><a/>";
  const guint8 text[] = "Hợp tác xã\n";
  const guint8 binary[] = { 'a', 0, 'b', 1, 2, 3 };
  const guint8 utf16[] = { 0xFF, 0xFE, 'a', 0, 'b', 0 };

  g_assert_cmpint (hoso_extractor_pdf.probe (pdf, sizeof pdf - 1), ==, 100);
  g_assert_cmpint (hoso_extractor_pdf.probe (late_pdf, sizeof late_pdf - 1), ==, 90);
  g_assert_cmpint (hoso_extractor_pdf.probe (text, sizeof text - 1), ==, 0);
  g_assert_cmpint (hoso_extractor_pdf.probe (mention, sizeof mention - 1), ==, 0);
  g_assert_cmpint (hoso_extractor_office.probe (zip, sizeof zip - 1), >, 0);
  g_assert_cmpint (hoso_extractor_office.probe (pdf, sizeof pdf - 1), ==, 0);
  g_assert_cmpint (hoso_extractor_text.probe (html, sizeof html - 1), >,
                   hoso_extractor_text.probe (text, sizeof text - 1));
  g_assert_cmpint (hoso_extractor_text.probe (xml, sizeof xml - 1), >,
                   hoso_extractor_text.probe (text, sizeof text - 1));
  g_assert_cmpint (hoso_extractor_text.probe (text, sizeof text - 1), >, 0);
  g_assert_cmpint (hoso_extractor_text.probe (binary, sizeof binary), ==, 0);
  g_assert_cmpint (hoso_extractor_text.probe (utf16, sizeof utf16), >, 0);
  /* The format's own extractor outbids text on a PDF that is all ASCII. */
  g_assert_cmpint (hoso_extractor_pdf.probe (pdf, sizeof pdf - 1), >,
                   hoso_extractor_text.probe (pdf, sizeof pdf - 1));
}

/* ---- JSON -------------------------------------------------------------------------- */

static void
assert_same (const HosoExtraction *a, const HosoExtraction *b)
{
  g_assert_cmpint (a->status, ==, b->status);
  g_assert_cmpstr (a->reason, ==, b->reason);
  g_assert_cmpstr (a->media_type, ==, b->media_type);
  g_assert_cmpstr (a->type, ==, b->type);
  g_assert_cmpstr (a->title, ==, b->title);
  g_assert_cmpstr (a->author, ==, b->author);
  g_assert_cmpstr (a->encoding, ==, b->encoding);
  g_assert_true ((a->created == NULL) == (b->created == NULL));
  g_assert_true (a->created == NULL || g_date_time_equal (a->created, b->created));
  g_assert_true ((a->modified == NULL) == (b->modified == NULL));
  g_assert_true (a->modified == NULL || g_date_time_equal (a->modified, b->modified));
  g_assert_cmpuint (a->pages->len, ==, b->pages->len);
  for (guint i = 0; i < a->pages->len; i++)
    g_assert_cmpstr (g_ptr_array_index (a->pages, i), ==, g_ptr_array_index (b->pages, i));
  g_assert_cmpuint (a->ocr_pages->len, ==, b->ocr_pages->len);
  for (guint i = 0; i < a->ocr_pages->len; i++)
    g_assert_cmpuint (g_array_index (a->ocr_pages, guint, i), ==,
                      g_array_index (b->ocr_pages, guint, i));
  g_assert_cmpuint (a->signatures->len, ==, b->signatures->len);
  for (guint i = 0; i < a->signatures->len; i++)
    {
      const HosoSignature *s = g_ptr_array_index (a->signatures, i);
      const HosoSignature *t = g_ptr_array_index (b->signatures, i);
      g_assert_cmpstr (s->signer, ==, t->signer);
      g_assert_cmpint (s->valid, ==, t->valid);
      g_assert_true ((s->time == NULL) == (t->time == NULL));
      g_assert_true (s->time == NULL || g_date_time_equal (s->time, t->time));
    }
}

/* X through JSON text and back. */
static HosoExtraction *
round_trip (const HosoExtraction *x)
{
  json_t *json = hoso_extraction_to_json (x);
  g_assert_nonnull (json);
  g_autofree char *text = json_dumps (json, JSON_COMPACT);
  json_decref (json);
  g_assert_nonnull (text);
  json_error_t json_error;
  json_t *back = json_loads (text, 0, &json_error);
  g_assert_nonnull (back);
  g_autoptr(GError) error = NULL;
  HosoExtraction *y = hoso_extraction_from_json (back, &error);
  g_assert_no_error (error);
  json_decref (back);
  return y;
}

static void
test_json_round_trip (void)
{
  g_autoptr(HosoExtraction) x = hoso_extraction_new (HOSO_TEXT_OK);
  x->media_type = g_strdup ("application/pdf");
  x->type = g_strdup ("pdf");
  x->title = g_strdup ("Hồ sơ \"OCOP\"\n\tđặc sản");
  x->author = g_strdup ("Nguyễn Văn An");
  x->created = g_date_time_new_from_iso8601 ("2024-03-15T08:30:00.25+07:00", NULL);
  x->modified = g_date_time_new_utc (2025, 7, 6, 0, 0, 0);
  x->encoding = g_strdup ("TCVN3");
  g_ptr_array_add (x->pages, g_strdup ("Trang một"));
  g_ptr_array_add (x->pages, g_strdup (""));
  g_ptr_array_add (x->pages, g_strdup ("Trang ba"));
  guint ocr = 2;
  g_array_append_val (x->ocr_pages, ocr);
  g_autoptr(GDateTime) signed_at = g_date_time_new_utc (2024, 3, 15, 1, 30, 0);
  g_ptr_array_add (x->signatures, hoso_signature_new ("Nguyễn Văn An", signed_at, TRUE));
  g_ptr_array_add (x->signatures, hoso_signature_new (NULL, NULL, FALSE));

  g_autoptr(HosoExtraction) y = round_trip (x);
  assert_same (x, y);

  g_autoptr(HosoExtraction) failed =
    hoso_extraction_new_failed (HOSO_TEXT_FAILED, "text extraction failed: %s", "hỏng");
  g_autoptr(HosoExtraction) failed_back = round_trip (failed);
  assert_same (failed, failed_back);
  g_assert_cmpstr (failed_back->reason, ==, "text extraction failed: hỏng");

  /* And what an extractor really gives. */
  const char *const files[] = { "sample.docx", "signed.pdf", "scan-mixed.pdf", "random.bin" };
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autoptr(HosoExtraction) real = extract (files[i]);
      g_autoptr(HosoExtraction) back = round_trip (real);
      assert_same (real, back);
    }
}

static const char *const malformed[] = {
  "[]",
  "\"ok\"",
  "{}",
  "{\"status\":\"ok\",\"pages\":[],\"ocr_pages\":[],\"signatures\":[]}",
  "{\"format\":2,\"status\":\"ok\",\"pages\":[],\"ocr_pages\":[],\"signatures\":[]}",
  "{\"format\":\"1\",\"status\":\"ok\",\"pages\":[],\"ocr_pages\":[],\"signatures\":[]}",
  "{\"format\":1,\"pages\":[],\"ocr_pages\":[],\"signatures\":[]}",
  "{\"format\":1,\"status\":\"done\",\"pages\":[],\"ocr_pages\":[],\"signatures\":[]}",
  "{\"format\":1,\"status\":1,\"pages\":[],\"ocr_pages\":[],\"signatures\":[]}",
  "{\"format\":1,\"status\":\"ok\",\"ocr_pages\":[],\"signatures\":[]}",
  "{\"format\":1,\"status\":\"ok\",\"pages\":\"text\",\"ocr_pages\":[],\"signatures\":[]}",
  "{\"format\":1,\"status\":\"ok\",\"pages\":[1],\"ocr_pages\":[],\"signatures\":[]}",
  "{\"format\":1,\"status\":\"ok\",\"pages\":[null],\"ocr_pages\":[],\"signatures\":[]}",
  "{\"format\":1,\"status\":\"ok\",\"pages\":[\"a\\u0000b\"],\"ocr_pages\":[],\"signatures\":[]}",
  "{\"format\":1,\"status\":\"ok\",\"pages\":[\"a\"],\"signatures\":[]}",
  "{\"format\":1,\"status\":\"ok\",\"pages\":[\"a\"],\"ocr_pages\":{},\"signatures\":[]}",
  "{\"format\":1,\"status\":\"ok\",\"pages\":[\"a\"],\"ocr_pages\":[\"1\"],\"signatures\":[]}",
  "{\"format\":1,\"status\":\"ok\",\"pages\":[\"a\"],\"ocr_pages\":[0],\"signatures\":[]}",
  "{\"format\":1,\"status\":\"ok\",\"pages\":[\"a\"],\"ocr_pages\":[2],\"signatures\":[]}",
  "{\"format\":1,\"status\":\"ok\",\"pages\":[\"a\",\"b\"],\"ocr_pages\":[2,1],\"signatures\":[]}",
  "{\"format\":1,\"status\":\"ok\",\"pages\":[\"a\"],\"ocr_pages\":[1.5],\"signatures\":[]}",
  "{\"format\":1,\"status\":\"ok\",\"pages\":[],\"ocr_pages\":[]}",
  "{\"format\":1,\"status\":\"ok\",\"pages\":[],\"ocr_pages\":[],\"signatures\":{}}",
  "{\"format\":1,\"status\":\"ok\",\"pages\":[],\"ocr_pages\":[],\"signatures\":[1]}",
  "{\"format\":1,\"status\":\"ok\",\"pages\":[],\"ocr_pages\":[],\"signatures\":[{}]}",
  "{\"format\":1,\"status\":\"ok\",\"pages\":[],\"ocr_pages\":[],"
  "\"signatures\":[{\"valid\":\"yes\"}]}",
  "{\"format\":1,\"status\":\"ok\",\"pages\":[],\"ocr_pages\":[],"
  "\"signatures\":[{\"valid\":true,\"signer\":7}]}",
  "{\"format\":1,\"status\":\"ok\",\"pages\":[],\"ocr_pages\":[],"
  "\"signatures\":[{\"valid\":true,\"time\":\"yesterday\"}]}",
  "{\"format\":1,\"status\":\"ok\",\"pages\":[],\"ocr_pages\":[],"
  "\"signatures\":[{\"valid\":true,\"issuer\":\"CA\"}]}",
  "{\"format\":1,\"status\":\"ok\",\"pages\":[],\"ocr_pages\":[],\"signatures\":[],"
  "\"title\":5}",
  "{\"format\":1,\"status\":\"ok\",\"pages\":[],\"ocr_pages\":[],\"signatures\":[],"
  "\"author\":[\"a\"]}",
  "{\"format\":1,\"status\":\"ok\",\"pages\":[],\"ocr_pages\":[],\"signatures\":[],"
  "\"created\":\"2024-03-15\"}",
  "{\"format\":1,\"status\":\"ok\",\"pages\":[],\"ocr_pages\":[],\"signatures\":[],"
  "\"created\":\"2024-03-15T08:30:00\"}",
  "{\"format\":1,\"status\":\"ok\",\"pages\":[],\"ocr_pages\":[],\"signatures\":[],"
  "\"modified\":20240315}",
  "{\"format\":1,\"status\":\"ok\",\"pages\":[],\"ocr_pages\":[],\"signatures\":[],"
  "\"encoding\":true}",
  "{\"format\":1,\"status\":\"ok\",\"pages\":[],\"ocr_pages\":[],\"signatures\":[],"
  "\"pages_total\":3}",
  "{\"format\":1,\"status\":\"ok\",\"pages\":[],\"ocr_pages\":[],\"signatures\":[],"
  "\"reason\":\"why\"}",
  "{\"format\":1,\"status\":\"failed\",\"pages\":[],\"ocr_pages\":[],\"signatures\":[]}",
  "{\"format\":1,\"status\":\"unsupported\",\"pages\":[],\"ocr_pages\":[],"
  "\"signatures\":[],\"reason\":\"\"}",
};

static void
test_json_rejects (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (malformed); i++)
    {
      json_error_t json_error;
      json_t *json = json_loads (malformed[i], JSON_DECODE_ANY | JSON_ALLOW_NUL,
                                 &json_error);
      if (json == NULL)
        g_error ("test JSON %u does not parse: %s", i, json_error.text);
      g_autoptr(GError) error = NULL;
      g_autoptr(HosoExtraction) x = hoso_extraction_from_json (json, &error);
      json_decref (json);
      if (x != NULL)
        g_error ("accepted malformed JSON %u: %s", i, malformed[i]);
      g_assert_error (error, HOSO_EXTRACT_ERROR, HOSO_EXTRACT_ERROR_FAILED);
    }

  /* The smallest records that are right. */
  const char *const good[] = {
    "{\"format\":1,\"status\":\"ok\",\"pages\":[],\"ocr_pages\":[],\"signatures\":[]}",
    "{\"format\":1,\"status\":\"failed\",\"reason\":\"text extraction failed: x\","
    "\"pages\":[],\"ocr_pages\":[],\"signatures\":[],\"title\":null}",
  };
  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      json_t *json = json_loads (good[i], 0, NULL);
      g_assert_nonnull (json);
      g_autoptr(GError) error = NULL;
      g_autoptr(HosoExtraction) x = hoso_extraction_from_json (json, &error);
      json_decref (json);
      g_assert_no_error (error);
      g_assert_nonnull (x);
    }
}

static void
test_status_strings (void)
{
  const HosoTextStatus all[] = { HOSO_TEXT_PENDING, HOSO_TEXT_OK,
                                 HOSO_TEXT_UNSUPPORTED, HOSO_TEXT_FAILED };
  const char *const names[] = { "pending", "ok", "unsupported", "failed" };
  for (guint i = 0; i < G_N_ELEMENTS (all); i++)
    {
      HosoTextStatus back;
      g_assert_cmpstr (hoso_text_status_to_string (all[i]), ==, names[i]);
      g_assert_true (hoso_text_status_from_string (names[i], &back));
      g_assert_cmpint (back, ==, all[i]);
    }
  HosoTextStatus unused;
  g_assert_false (hoso_text_status_from_string ("OK", &unused));
  g_assert_false (hoso_text_status_from_string ("", &unused));
  g_assert_false (hoso_text_status_from_string (NULL, &unused));
}

/* poppler-glib reports every syntax error of a damaged PDF at INFO level;
 * the test log does not need thousands of them. */
static void
quiet (const char *domain, GLogLevelFlags level, const char *message,
       gpointer data)
{
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_log_set_handler ("Poppler", G_LOG_LEVEL_INFO | G_LOG_LEVEL_DEBUG, quiet, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *name = g_strdup_printf ("/extract/file/%s", cases[i].file);
      g_test_add_data_func (name, &cases[i], test_case);
    }
  g_test_add_func ("/extract/pdf/metadata", test_pdf_metadata);
  g_test_add_func ("/extract/pdf/ocr-pages", test_pdf_ocr_pages);
  g_test_add_func ("/extract/pdf/legacy-title", test_pdf_legacy_title);
  g_test_add_func ("/extract/pdf/encrypted", test_pdf_encrypted);
  g_test_add_func ("/extract/pdf/signed", test_pdf_signed);
  g_test_add_func ("/extract/pdf/damaged", test_pdf_damaged);
  g_test_add_func ("/extract/pdf/max-pages", test_pdf_max_pages);
  g_test_add_func ("/extract/office/metadata", test_office_metadata);
  g_test_add_func ("/extract/office/odf-spaces", test_office_odf_spaces);
  g_test_add_func ("/extract/office/max-pages", test_office_max_pages);
  g_test_add_func ("/extract/office/bomb-lying", test_office_bomb_lying);
  g_test_add_func ("/extract/office/bomb-declared", test_office_bomb_declared);
  g_test_add_func ("/extract/office/dtd", test_office_dtd);
  g_test_add_func ("/extract/office/not-office", test_office_not_office);
  g_test_add_func ("/extract/text/html-metadata", test_html_metadata);
  g_test_add_func ("/extract/text/billion-laughs", test_xml_billion_laughs);
  g_test_add_func ("/extract/text/too-big", test_text_too_big);
  g_test_add_func ("/extract/choose/unsupported", test_unsupported);
  g_test_add_func ("/extract/choose/missing-file", test_missing_file);
  g_test_add_func ("/extract/choose/probes", test_probes);
  g_test_add_func ("/extract/json/round-trip", test_json_round_trip);
  g_test_add_func ("/extract/json/rejects", test_json_rejects);
  g_test_add_func ("/extract/json/status-strings", test_status_strings);

  int status = g_test_run ();
  /* What a worker does before it exits; under ASan this also shows that
   * nothing the extractors keep leaks. */
  hoso_extract_cleanup_all ();
  return status;
}
