/* scale-gen.c: an archive of many synthetic documents, for search at scale.
 *
 * Making 100,000 real PDFs and reading them back takes hours; what a search
 * at that scale depends on is the catalog, so this program builds one the
 * way hoso does, with only the reading of the files left out.  For each
 * dossier it commits a version through the store's C interface (one small
 * placeholder file per document, unique bytes), puts a synthetic text for
 * each document's content into the text cache (ARCHIVE/text/, what a
 * worker would have written after reading a PDF), and then calls
 * hoso_catalog_sync_dossier (), which indexes cached text at once: the real
 * schema, the real inserts, the real Vietnamese tokenizer.  `hoso reindex`
 * can rebuild this catalog like any other.
 *
 * The text is in the spirit of ../shared/corpus/make-corpus.sh: the same
 * kinds of documents with the same page counts (2 to 20), the same
 * communes, products, cooperatives, people, paragraphs and lab tests, a page
 * of about 44 lines of 92 characters.  Document N depends only on the seed
 * and N, so a run with more documents starts with the same ones.
 */
#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "extract.h"
#include "hoso-archive.h"
#include "hoso-index.h"
#include "text-cache.h"

/* ---- Words, as make-corpus.sh has them ----------------------------------- */

static const char *const COMMUNES[] = {
  "Tiên Cảnh", "Tiên Lập", "Tiên Mỹ", "Tiên Châu", "Tiên Hà", "Tiên Sơn", "Tiên Lãnh",
  "Tiên Ngọc", "Tiên Hiệp", "Tiên Cẩm", "Tiên Thọ", "Tiên An", "Tiên Lộc", "Tiên Phong",
  "thị trấn Tiên Kỳ",
};
static const char *const PRODUCTS[] = {
  "măng cụt", "bòn bon", "tiêu Tiên Phước", "chè xanh", "mật ong rừng", "bưởi Thanh Trà",
  "tinh dầu quế", "bánh tráng Phú Chiêm", "nấm linh chi", "trà thảo dược", "chuối mốc sấy",
  "rượu cần", "mứt gừng", "nước mắm cá cơm", "sâm Ngọc Linh", "cà phê bột", "hạt điều rang muối",
  "dầu phộng ép", "gạo lứt đỏ", "mật ong bạc hà",
};
/* {c} is the commune. */
static const char *const COOPS[] = {
  "Hợp tác xã Nông nghiệp {c}", "Hợp tác xã Dịch vụ Nông nghiệp {c}", "Tổ hợp tác Sản xuất {c}",
  "Công ty TNHH Đặc sản {c}", "Hộ kinh doanh Nguyễn Văn Đức ({c})", "Hợp tác xã Măng cụt {c}",
};
static const char *const PEOPLE[] = {
  "Nguyễn Văn Hùng", "Trần Thị Thu Hằng", "Lê Quang Đạo", "Phạm Thị Ngọc Ánh", "Võ Minh Đức",
  "Huỳnh Thị Mỹ Lệ", "Đặng Văn Phước", "Bùi Thị Diệu", "Đoàn Ngọc Sơn", "Phan Thanh Tùng",
};
static const char *const SECTIONS[] = {
  "Thông tin chung", "Thực trạng sản xuất", "Thị trường tiêu thụ", "Kế hoạch tài chính",
  "Giải pháp thực hiện", "Kiến nghị", "Điều khoản thi hành", "Kết luận",
};

typedef struct {
  const char *slug;
  const char *title;
  int min_pages, max_pages;
  int weight;
} Kind;

static const Kind KINDS[] = {
  { "phuong-an-kinh-doanh", "PHƯƠNG ÁN SẢN XUẤT KINH DOANH", 8, 20, 3 },
  { "phieu-ket-qua-thu-nghiem", "PHIẾU KẾT QUẢ THỬ NGHIỆM", 2, 5, 4 },
  { "quyet-dinh", "QUYẾT ĐỊNH", 2, 4, 3 },
  { "ho-so-ocop", "HỒ SƠ ĐĂNG KÝ ĐÁNH GIÁ, PHÂN HẠNG SẢN PHẨM OCOP", 6, 16, 2 },
  { "bien-ban-tham-dinh", "BIÊN BẢN THẨM ĐỊNH ĐIỀU KIỆN AN TOÀN THỰC PHẨM", 2, 6, 2 },
  { "hop-dong", "HỢP ĐỒNG MUA BÁN SẢN PHẨM", 3, 8, 1 },
};

/* {name} is filled in by fill (). */
static const char *const PARAS[] = {
  "{coop} được thành lập năm {year}, có trụ sở tại xã {commune}, huyện Tiên Phước, tỉnh Quảng Nam, với {n} thành viên tham gia sản xuất {product}.",
  "Sản phẩm {product} là đặc sản của vùng đất Tiên Phước, được trồng và chế biến theo quy trình thực hành nông nghiệp tốt (VietGAP) trên diện tích {ha} ha.",
  "Mục tiêu của phương án là nâng hạng sản phẩm OCOP {product} từ 3 sao lên 4 sao trong giai đoạn {year}–{year2}, mở rộng thị trường tiêu thụ tại Đà Nẵng, Hà Nội và Thành phố Hồ Chí Minh.",
  "Cơ sở đã được cấp giấy chứng nhận an toàn thực phẩm số {cert}/GCN-ATTP do Sở Nông nghiệp và Phát triển nông thôn tỉnh Quảng Nam cấp ngày {day}/{month}/{year}.",
  "Doanh thu dự kiến năm {year2} đạt {money} triệu đồng, lợi nhuận sau thuế khoảng {profit} triệu đồng; giải quyết việc làm thường xuyên cho {n2} lao động địa phương, trong đó có {women} lao động nữ.",
  "Nguyên liệu {product} được thu mua trực tiếp từ các hộ dân tại xã {commune} với giá ổn định, có hợp đồng bao tiêu sản phẩm và truy xuất nguồn gốc bằng mã QR.",
  "Quy trình sơ chế gồm các bước: tiếp nhận nguyên liệu, phân loại, rửa sạch, để ráo, đóng gói, dán nhãn và bảo quản ở nhiệt độ {temp} °C; toàn bộ dụng cụ được vệ sinh định kỳ.",
  "Căn cứ Luật An toàn thực phẩm ngày 17 tháng 6 năm 2010; căn cứ Nghị định số 15/2018/NĐ-CP ngày 02 tháng 02 năm 2018 của Chính phủ quy định chi tiết thi hành một số điều của Luật An toàn thực phẩm.",
  "Căn cứ Quyết định số 148/QĐ-TTg ngày 24 tháng 02 năm 2023 của Thủ tướng Chính phủ ban hành Bộ tiêu chí đánh giá, phân hạng sản phẩm thuộc Chương trình Mỗi xã một sản phẩm (OCOP).",
  "Bao bì sản phẩm được thiết kế mới, ghi đầy đủ thông tin: tên sản phẩm, thành phần, khối lượng tịnh {weight} g, hạn sử dụng {shelf} tháng, hướng dẫn bảo quản và mã số mã vạch.",
  "Rủi ro chính gồm thời tiết bất thường, sâu bệnh hại trên cây {product}, biến động giá thị trường và thiếu vốn lưu động; hợp tác xã đã xây dựng phương án phòng ngừa cho từng rủi ro.",
  "Ông/bà {person}, chức vụ Giám đốc, là người đại diện theo pháp luật, chịu trách nhiệm trước pháp luật về tính chính xác của hồ sơ và chất lượng sản phẩm {product}.",
  "Hội đồng đánh giá cấp huyện đã tiến hành kiểm tra thực tế tại cơ sở sản xuất, lấy mẫu {product} gửi phân tích tại Trung tâm Kỹ thuật Tiêu chuẩn Đo lường Chất lượng 2 (Quatest 2).",
  "Kết quả thử nghiệm cho thấy các chỉ tiêu vi sinh vật và kim loại nặng đều nằm trong giới hạn cho phép theo QCVN 8-2:2011/BYT và QCVN 8-3:2012/BYT.",
  "Kênh phân phối gồm cửa hàng giới thiệu sản phẩm OCOP huyện Tiên Phước, các siêu thị, điểm bán đặc sản Quảng Nam và sàn thương mại điện tử; giá bán lẻ {price} đồng/hộp.",
  "Kế hoạch đầu tư máy sấy lạnh, máy đóng gói hút chân không và kho lạnh dung tích {cap} m³ với tổng kinh phí {money} triệu đồng, trong đó vốn hỗ trợ của Nhà nước chiếm {pct}%.",
  "Người dân địa phương có kinh nghiệm lâu năm trong việc trồng, chăm sóc và thu hái {product}; mùa thu hoạch chính từ tháng {month} đến tháng {month2} hằng năm.",
  "Hồ sơ gồm: đơn đăng ký, phiếu đăng ký sản phẩm, bản sao giấy chứng nhận đăng ký kinh doanh, giấy chứng nhận an toàn thực phẩm, phiếu kết quả thử nghiệm và tiêu chuẩn cơ sở.",
};

typedef struct {
  const char *name, *unit, *method;
} LabTest;

static const LabTest TESTS[] = {
  { "Độ ẩm", "%", "TCVN 7035:2002" }, { "Hàm lượng tro tổng", "%", "TCVN 5611:2007" },
  { "Chì (Pb)", "mg/kg", "AOAC 999.11" }, { "Cadimi (Cd)", "mg/kg", "AOAC 999.11" },
  { "Asen (As)", "mg/kg", "AOAC 986.15" }, { "Tổng số vi sinh vật hiếu khí", "CFU/g", "TCVN 4884-1:2015" },
  { "Coliforms", "CFU/g", "TCVN 6848:2007" }, { "E. coli", "CFU/g", "TCVN 7924-2:2008" },
  { "Salmonella", "/25 g", "TCVN 10780-1:2017" }, { "Tổng số nấm men, nấm mốc", "CFU/g", "TCVN 8275-1:2010" },
  { "Aflatoxin B1", "µg/kg", "TCVN 7596:2007" }, { "Đường tổng", "%", "TCVN 4594:1988" },
};

#define PICK(r, array) ((array)[g_rand_int_range ((r), 0, G_N_ELEMENTS (array))])
#define WRAP_CHARS 92

/* ---- One document's text ------------------------------------------------- */

typedef struct {
  const Kind *kind;
  const char *commune, *product;
  char *coop, *dossier, *sample;
  int year;
} Doc;

static void
doc_clear (Doc *doc)
{
  g_free (doc->coop);
  g_free (doc->dossier);
  g_free (doc->sample);
}

/* N with a dot every three digits, as Vietnamese writes money. */
static void
append_grouped (GString *out, int n)
{
  char digits[16];
  int len = g_snprintf (digits, sizeof digits, "%d", n);

  for (int i = 0; i < len; i++)
    {
      if (i > 0 && (len - i) % 3 == 0)
        g_string_append_c (out, '.');
      g_string_append_c (out, digits[i]);
    }
}

/* Appends TEMPLATE to OUT with each {name} filled from DOC or drawn from R
 * (fresh numbers at each use, as make-corpus.sh does). */
static void
fill (GRand *r, const char *template, const Doc *doc, GString *out)
{
  static const int temps[] = { 4, 8, 18, 25 }, weights[] = { 100, 200, 250, 500, 1000 };
  static const int shelves[] = { 6, 9, 12, 18, 24 }, pcts[] = { 30, 40, 50, 70 };
  const char *p = template;

  while (*p)
    {
      const char *open = strchr (p, '{'), *close;
      char key[16];

      if (open == NULL || (close = strchr (open, '}')) == NULL
          || (gsize) (close - open) >= sizeof key)
        {
          g_string_append (out, p);
          return;
        }
      g_string_append_len (out, p, open - p);
      memcpy (key, open + 1, close - open - 1);
      key[close - open - 1] = '\0';
      p = close + 1;
      if (strcmp (key, "coop") == 0) g_string_append (out, doc->coop);
      else if (strcmp (key, "commune") == 0) g_string_append (out, doc->commune);
      else if (strcmp (key, "product") == 0) g_string_append (out, doc->product);
      else if (strcmp (key, "year") == 0) g_string_append_printf (out, "%d", doc->year);
      else if (strcmp (key, "year2") == 0) g_string_append_printf (out, "%d", doc->year + g_rand_int_range (r, 1, 4));
      else if (strcmp (key, "n") == 0) g_string_append_printf (out, "%d", g_rand_int_range (r, 7, 121));
      else if (strcmp (key, "n2") == 0) g_string_append_printf (out, "%d", g_rand_int_range (r, 5, 61));
      else if (strcmp (key, "women") == 0) g_string_append_printf (out, "%d", g_rand_int_range (r, 2, 31));
      else if (strcmp (key, "ha") == 0) g_string_append_printf (out, "%d", g_rand_int_range (r, 3, 91));
      else if (strcmp (key, "day") == 0) g_string_append_printf (out, "%02d", g_rand_int_range (r, 1, 29));
      else if (strcmp (key, "month") == 0 || strcmp (key, "month2") == 0)
        g_string_append_printf (out, "%02d", g_rand_int_range (r, 1, 13));
      else if (strcmp (key, "money") == 0) append_grouped (out, g_rand_int_range (r, 150, 9001));
      else if (strcmp (key, "profit") == 0) g_string_append_printf (out, "%d", g_rand_int_range (r, 20, 901));
      else if (strcmp (key, "temp") == 0) g_string_append_printf (out, "%d", PICK (r, temps));
      else if (strcmp (key, "weight") == 0) g_string_append_printf (out, "%d", PICK (r, weights));
      else if (strcmp (key, "shelf") == 0) g_string_append_printf (out, "%d", PICK (r, shelves));
      else if (strcmp (key, "price") == 0) append_grouped (out, g_rand_int_range (r, 30, 451) * 1000);
      else if (strcmp (key, "cap") == 0) g_string_append_printf (out, "%d", g_rand_int_range (r, 10, 81));
      else if (strcmp (key, "cert") == 0) g_string_append_printf (out, "%d", g_rand_int_range (r, 100, 1000));
      else if (strcmp (key, "pct") == 0) g_string_append_printf (out, "%d", PICK (r, pcts));
      else if (strcmp (key, "person") == 0) g_string_append (out, PICK (r, PEOPLE));
      else g_string_append_printf (out, "{%s}", key);
    }
}

/* Splits PARA into lines of at most WRAP_CHARS characters at spaces, like
 * Python's textwrap.wrap, appending them to LINES. */
static void
wrap (const char *para, GPtrArray *lines)
{
  g_auto(GStrv) words = g_strsplit (para, " ", -1);
  GString *line = g_string_new (NULL);
  glong line_chars = 0;

  for (guint i = 0; words[i] != NULL; i++)
    {
      glong n = g_utf8_strlen (words[i], -1);
      if (n == 0)
        continue;
      if (line->len > 0 && line_chars + 1 + n > WRAP_CHARS)
        {
          g_ptr_array_add (lines, g_strdup (line->str));
          g_string_truncate (line, 0);
          line_chars = 0;
        }
      if (line->len > 0)
        {
          g_string_append_c (line, ' ');
          line_chars++;
        }
      g_string_append (line, words[i]);
      line_chars += n;
    }
  if (line->len > 0)
    g_ptr_array_add (lines, g_strdup (line->str));
  g_string_free (line, TRUE);
}

/* Page PNO of NPAGES of DOC. Caller frees. */
static char *
page_text (GRand *r, const Doc *doc, int pno, int npages)
{
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) para = g_string_new (NULL);
  GString *out = g_string_new (NULL);
  const char *slug = doc->kind->slug;
  guint target = pno < npages ? 44 : (guint) g_rand_int_range (r, 12, 41);
  int sec = 1;

  if (pno == 1)
    {
      g_ptr_array_add (lines, g_strdup ("CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM"));
      g_ptr_array_add (lines, g_strdup ("Độc lập – Tự do – Hạnh phúc"));
      g_ptr_array_add (lines, g_strdup (""));
      g_ptr_array_add (lines, g_strdup (doc->kind->title));
      g_ptr_array_add (lines, g_strdup_printf ("Sản phẩm: %s — %s", doc->product, doc->coop));
      g_ptr_array_add (lines, g_strdup_printf ("Số hồ sơ: %s    Tiên Phước, ngày %d tháng %d năm %d",
                                               doc->dossier, g_rand_int_range (r, 1, 29),
                                               g_rand_int_range (r, 1, 13), doc->year));
      g_ptr_array_add (lines, g_strdup (""));
    }
  if (strcmp (slug, "phieu-ket-qua-thu-nghiem") == 0 && pno <= 2)
    {
      gboolean used[G_N_ELEMENTS (TESTS)] = { FALSE };

      g_ptr_array_add (lines, g_strdup_printf ("Tên mẫu: %s   Mã mẫu: %s   Nơi gửi mẫu: %s",
                                               doc->product, doc->sample, doc->coop));
      g_ptr_array_add (lines, g_strdup (""));
      g_ptr_array_add (lines, g_strdup ("STT | Chỉ tiêu thử nghiệm | Đơn vị | Kết quả | Phương pháp thử"));
      for (int i = 1; i <= 8; i++)
        {
          guint t;
          char result[32];
          do
            t = (guint) g_rand_int_range (r, 0, G_N_ELEMENTS (TESTS));
          while (used[t]);
          used[t] = TRUE;
          if (strcmp (TESTS[t].unit, "/25 g") == 0 || g_rand_double (r) < .3)
            g_strlcpy (result, "Không phát hiện", sizeof result);
          else
            g_snprintf (result, sizeof result, "%.2f", g_rand_double_range (r, 0.01, 95));
          g_ptr_array_add (lines, g_strdup_printf ("%d | %s | %s | %s | %s", i, TESTS[t].name,
                                                   TESTS[t].unit, result, TESTS[t].method));
        }
      g_ptr_array_add (lines, g_strdup (""));
    }
  else if (strcmp (slug, "quyet-dinh") == 0 && pno == 1)
    {
      g_ptr_array_add (lines, g_strdup ("QUYẾT ĐỊNH"));
      g_ptr_array_add (lines, g_strdup_printf ("Về việc công nhận sản phẩm OCOP %s đạt hạng %d sao",
                                               doc->product, g_rand_int_range (r, 3, 5)));
      g_ptr_array_add (lines, g_strdup (""));
      g_ptr_array_add (lines, g_strdup ("CHỦ TỊCH ỦY BAN NHÂN DÂN HUYỆN TIÊN PHƯỚC"));
      g_ptr_array_add (lines, g_strdup (""));
    }
  while (lines->len < target)
    {
      int n = g_rand_int_range (r, 1, 4);

      if (g_rand_double (r) < .18)
        {
          g_ptr_array_add (lines, g_strdup (""));
          g_ptr_array_add (lines, g_strdup_printf ("%d.%d. %s", pno, sec++, PICK (r, SECTIONS)));
        }
      g_string_truncate (para, 0);
      for (int i = 0; i < n; i++)
        {
          if (i > 0)
            g_string_append_c (para, ' ');
          fill (r, PICK (r, PARAS), doc, para);
        }
      wrap (para->str, lines);
    }
  g_ptr_array_set_size (lines, target);
  for (guint i = 0; i < lines->len; i++)
    g_string_append_printf (out, "%s\n", (const char *) g_ptr_array_index (lines, i));
  g_string_append_printf (out, "\nTrang %d/%d — %s\n", pno, npages, doc->dossier);
  return g_string_free (out, FALSE);
}

/* Document number I (from 1) for SEED: its file name and its text.  The
 * caller frees both. */
static HosoExtraction *
make_document (guint32 seed, guint i, char **out_name)
{
  g_autoptr(GRand) r = g_rand_new_with_seed (seed * 2654435761u + i);
  HosoExtraction *ex = hoso_extraction_new (HOSO_TEXT_OK);
  int total = 0, pick, npages;
  Doc doc = { 0 };

  for (guint k = 0; k < G_N_ELEMENTS (KINDS); k++)
    total += KINDS[k].weight;
  pick = g_rand_int_range (r, 0, total);
  for (guint k = 0; k < G_N_ELEMENTS (KINDS); k++)
    if ((pick -= KINDS[k].weight) < 0)
      {
        doc.kind = &KINDS[k];
        break;
      }
  doc.commune = PICK (r, COMMUNES);
  doc.product = PICK (r, PRODUCTS);
  {
    g_auto(GStrv) parts = g_strsplit (PICK (r, COOPS), "{c}", -1);
    doc.coop = g_strjoinv (doc.commune, parts);
  }
  doc.year = g_rand_int_range (r, 2019, 2026);
  doc.dossier = g_strdup_printf ("HS-%d-%06u", g_rand_int_range (r, 2019, 2026), i);
  doc.sample = g_strdup_printf ("M%d", g_rand_int_range (r, 10000, 100000));
  npages = g_rand_int_range (r, doc.kind->min_pages, doc.kind->max_pages + 1);
  for (int p = 1; p <= npages; p++)
    g_ptr_array_add (ex->pages, page_text (r, &doc, p, npages));
  ex->media_type = g_strdup ("application/pdf");
  ex->type = g_strdup ("pdf");
  ex->title = g_strdup (doc.kind->title);
  ex->created = g_date_time_new_utc (doc.year, g_rand_int_range (r, 1, 13),
                                     g_rand_int_range (r, 1, 29), 8, 0, 0);
  *out_name = g_strdup_printf ("d%06u_%s.pdf", i, doc.kind->slug);
  doc_clear (&doc);
  return ex;
}

/* ---- Into the archive ---------------------------------------------------- */

typedef struct {
  guint64 pages, text_bytes;
} Totals;

/* Commits dossier number D with documents FIRST..LAST, caches their text
 * and brings the catalog up to date. */
static gboolean
add_dossier (HosoArchive *archive, HosoCatalog *catalog, const char *text_dir,
             guint32 seed, guint d, guint first, guint last, Totals *totals,
             GError **error)
{
  g_autofree char *id = g_strdup_printf ("QNA-%d-%05u", 2019 + (int) (d % 7), d);
  g_autoptr(HosoCommit) commit = hoso_commit_begin (archive, id, FALSE, error);

  if (commit == NULL)
    return FALSE;
  for (guint i = first; i <= last; i++)
    {
      g_autofree char *name = NULL;
      g_autoptr(HosoExtraction) ex = make_document (seed, i, &name);
      /* Unique bytes per document, so each is a content of its own. */
      g_autofree char *bytes = g_strdup_printf ("%%PDF-1.4\n%% hoso scale-gen seed %u document %u\n",
                                                seed, i);
      gsize len = strlen (bytes);
      g_autoptr(GBytes) content = g_bytes_new_take (g_steal_pointer (&bytes), len);
      g_autofree char *digest = g_compute_checksum_for_bytes (G_CHECKSUM_SHA512, content);

      if (!hoso_text_cache_store (text_dir, digest, ex, error)
          || !hoso_commit_add_bytes (commit, content, name, error))
        return FALSE;
      totals->pages += ex->pages->len;
      for (guint p = 0; p < ex->pages->len; p++)
        totals->text_bytes += strlen (g_ptr_array_index (ex->pages, p));
    }
  if (!hoso_catalog_note_change (archive, id, error))
    return FALSE;
  if (!hoso_commit_finish (commit, "Hồ sơ tổng hợp (scale-gen)", "Văn thư OCOP",
                           "mailto:vanthu@ocop.example.vn", NULL, error))
    {
      hoso_catalog_clear_note (archive, id);
      return FALSE;
    }
  if (!hoso_catalog_sync_dossier (catalog, id, error))
    return FALSE;
  hoso_catalog_clear_note (archive, id);
  return TRUE;
}

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(HosoArchive) archive = NULL;
  g_autoptr(HosoCatalog) catalog = NULL;
  g_autofree char *text_dir = NULL;
  int docs = 100000, per_dossier = 10, seed = 42;
  Totals totals = { 0, 0 };
  gint64 t0;
  guint d = 0;
  const GOptionEntry entries[] = {
    { "docs", 'n', 0, G_OPTION_ARG_INT, &docs, "Documents (default 100000)", "N" },
    { "per-dossier", 0, 0, G_OPTION_ARG_INT, &per_dossier,
      "Documents in each dossier (default 10)", "N" },
    { "seed", 0, 0, G_OPTION_ARG_INT, &seed, "Seed of the text (default 42)", "N" },
    G_OPTION_ENTRY_NULL
  };

  setlocale (LC_ALL, "");
  context = g_option_context_new ("ARCHIVE");
  g_option_context_set_summary (context,
                                "Makes the new archive ARCHIVE with N synthetic Vietnamese "
                                "documents, their text cached and indexed.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || argc != 2
      || docs < 1 || per_dossier < 1 || seed < 0)
    {
      fprintf (stderr, "scale-gen: %s\nUsage: scale-gen [--docs N] [--per-dossier N] [--seed N] ARCHIVE\n",
               error ? error->message : "need one new archive folder, and positive numbers");
      return 2;
    }
  archive = hoso_archive_init (argv[1], &error);
  if (archive)
    catalog = hoso_catalog_open (archive, NULL, NULL, &error);
  if (catalog == NULL)
    {
      fprintf (stderr, "scale-gen: cannot make the archive %s: %s\n", argv[1], error->message);
      return 1;
    }
  text_dir = hoso_catalog_text_dir (archive);
  t0 = g_get_monotonic_time ();
  for (guint first = 1; first <= (guint) docs; first += (guint) per_dossier)
    {
      guint last = MIN ((guint) docs, first + (guint) per_dossier - 1);

      if (!add_dossier (archive, catalog, text_dir, (guint32) seed, ++d, first, last,
                        &totals, &error))
        {
          fprintf (stderr, "scale-gen: dossier %u: %s\n", d, error->message);
          return 1;
        }
      if (d % 500 == 0)
        fprintf (stderr, "scale-gen: %u documents, %" G_GUINT64_FORMAT " pages, %.0f s\n",
                 last, totals.pages, (g_get_monotonic_time () - t0) / 1e6);
    }
  printf ("summary: docs=%d dossiers=%u pages=%" G_GUINT64_FORMAT
          " text_bytes=%" G_GUINT64_FORMAT " seconds=%.1f\n",
          docs, d, totals.pages, totals.text_bytes, (g_get_monotonic_time () - t0) / 1e6);
  return 0;
}
