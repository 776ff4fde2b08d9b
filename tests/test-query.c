/* test-query.c: Vietnamese words, the query language and snippets.
 *
 * The tokenizer is tested where it matters, inside FTS5: an in-memory table
 * indexed with it, searched with compiled queries.  The end-to-end table of
 * queries on a corpus is tests/t0110-search.sh.
 */
#include "config.h"

#include <string.h>

#include "index-private.h"

/* ---- Words --------------------------------------------------------------- */

typedef struct {
  GPtrArray *exact, *folded;
  GArray *starts;
} Words;

static gboolean
collect (const char *exact, gsize exact_len, const char *folded,
         gsize folded_len, gsize start, gsize end, gpointer user_data)
{
  Words *w = user_data;
  guint s = (guint) start;

  g_ptr_array_add (w->exact, g_strndup (exact, exact_len));
  g_ptr_array_add (w->folded, g_strndup (folded, folded_len));
  g_array_append_val (w->starts, s);
  return TRUE;
}

static void
words_of (const char *text, Words *w)
{
  w->exact = g_ptr_array_new_with_free_func (g_free);
  w->folded = g_ptr_array_new_with_free_func (g_free);
  w->starts = g_array_new (FALSE, FALSE, sizeof (guint));
  hoso_vi_words (text, strlen (text), collect, w);
}

static void
words_clear (Words *w)
{
  g_ptr_array_unref (w->exact);
  g_ptr_array_unref (w->folded);
  g_array_unref (w->starts);
}

static char *
exact_of (const char *word)
{
  Words w;
  char *exact;

  words_of (word, &w);
  g_assert_cmpuint (w.exact->len, ==, 1);
  exact = g_strdup (g_ptr_array_index (w.exact, 0));
  words_clear (&w);
  return exact;
}

static void
test_words_forms (void)
{
  Words w;

  g_autofree char *dac = exact_of ("đặc");

  words_of ("Đặc Sản, MĂNG-cụt 2024!", &w);
  g_assert_cmpuint (w.exact->len, ==, 5);
  g_assert_cmpstr (g_ptr_array_index (w.exact, 0), ==, dac);
  g_assert_cmpstr (dac, ==, "đặc");
  g_assert_cmpstr (g_ptr_array_index (w.folded, 0), ==, "dac");
  g_assert_cmpstr (g_ptr_array_index (w.folded, 1), ==, "san");
  g_assert_cmpstr (g_ptr_array_index (w.exact, 2), ==, "măng");
  g_assert_cmpstr (g_ptr_array_index (w.folded, 2), ==, "mang");
  g_assert_cmpstr (g_ptr_array_index (w.folded, 3), ==, "cut");
  g_assert_cmpstr (g_ptr_array_index (w.exact, 4), ==, "2024");
  /* Byte offsets into the original: "Đặc " is 2 + 3 + 1 + 1 bytes. */
  g_assert_cmpuint (g_array_index (w.starts, guint, 0), ==, 0);
  g_assert_cmpuint (g_array_index (w.starts, guint, 1), ==, 7);
  words_clear (&w);
}

static void
test_words_normal_forms (void)
{
  g_autofree char *nfc = exact_of ("m\xe1\xba\xa1ng");           /* mạng */
  g_autofree char *nfd = exact_of ("ma\xcc\xa3ng");              /* a + dot below */
  g_autofree char *a1 = exact_of ("a\xcc\xa3\xcc\x82");          /* dot, circumflex */
  g_autofree char *a2 = exact_of ("a\xcc\x82\xcc\xa3");          /* circumflex, dot */
  g_autofree char *a3 = exact_of ("\xe1\xba\xad");               /* ậ precomposed */
  g_autofree char *upper = exact_of ("M\xe1\xba\xa0NG");         /* MẠNG */

  g_assert_cmpstr (nfc, ==, nfd);
  g_assert_cmpstr (a1, ==, a2);
  g_assert_cmpstr (a1, ==, a3);
  g_assert_cmpstr (nfc, ==, upper);
}

static void
test_words_tone_placement (void)
{
  g_autofree char *hoa_old = exact_of ("ho\xc3\xa0");            /* hoà */
  g_autofree char *hoa_new = exact_of ("h\xc3\xb2" "a");         /* hòa */
  g_autofree char *thuy_old = exact_of ("thu\xc3\xbd");          /* thuý */
  g_autofree char *thuy_new = exact_of ("th\xc3\xba" "y");       /* thúy */
  g_autofree char *hoa_plain = exact_of ("hoa");
  g_autofree char *hoa_hoi = exact_of ("h\xe1\xbb\x8f" "a");     /* hỏa */

  g_assert_cmpstr (hoa_old, ==, hoa_new);
  g_assert_cmpstr (thuy_old, ==, thuy_new);
  g_assert_cmpstr (hoa_old, !=, hoa_plain);
  g_assert_cmpstr (hoa_old, !=, hoa_hoi);
}

static void
test_words_separators (void)
{
  Words w;

  /* Stray bytes, ids, punctuation and very long runs all separate cleanly. */
  words_of ("QNA-2024-0012\xff" "abc  x_y\t\xe2\x80\x94z", &w);
  g_assert_cmpuint (w.exact->len, ==, 7);
  g_assert_cmpstr (g_ptr_array_index (w.exact, 0), ==, "qna");
  g_assert_cmpstr (g_ptr_array_index (w.exact, 3), ==, "abc");
  g_assert_cmpstr (g_ptr_array_index (w.exact, 6), ==, "z");
  words_clear (&w);

  {
    g_autofree char *long_word = g_strnfill (200, 'a');
    words_of (long_word, &w);
    g_assert_cmpuint (w.exact->len, ==, 4);     /* cut every 64 letters */
    words_clear (&w);
  }
}

/* ---- The query language -------------------------------------------------- */

static void
check_fts (const char *typed, const char *fts)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HosoQuery) query = hoso_query_parse (typed, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (query->fts, ==, fts);
}

static void
check_error (const char *typed)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HosoQuery) query = hoso_query_parse (typed, &error);

  g_assert_null (query);
  g_assert_error (error, HOSO_INDEX_ERROR, HOSO_INDEX_ERROR_QUERY);
  g_assert_cmpuint (strlen (error->message), >, 10);
}

static void
test_query_compile (void)
{
  check_fts ("mang cut", "\"mang\" AND \"cut\"");
  check_fts ("\"an toàn thực phẩm\"", "\"an toàn thực phẩm\"");
  check_fts ("chè OR trà xanh", "(\"chè\" OR \"trà\") AND \"xanh\"");
  check_fts ("mang -mạng", "(\"mang\") NOT \"mạng\"");
  check_fts ("a -b -\"c d\"", "(\"a\") NOT (\"b\" OR \"c d\")");
  check_fts ("kiem*", "\"kiem\" *");
  check_fts ("\"an toan th\"*", "\"an toan th\" *");
  /* FTS5 syntax is only ever text. */
  check_fts ("QNA-2024-0012", "\"QNA-2024-0012\"");
  check_fts ("NEAR(a b) ^c", "\"NEAR(a\" AND \"b)\" AND \"^c\"");
  check_fts ("say \"hi", "\"say\" AND \"hi\"");
  check_fts ("a\"b", "\"a\"\"b\"");
  check_fts ("10:30 http://x", "\"10:30\" AND \"http://x\"");
  /* OR at the edges, and words that are only punctuation, drop out. */
  check_fts ("OR chè OR", "\"chè\"");
  check_fts ("chè ?! -", "\"chè\"");
  /* Lowercase "or" is a word. */
  check_fts ("a or b", "\"a\" AND \"or\" AND \"b\"");
}

static void
test_query_filters (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HosoQuery) query =
    hoso_query_parse ("chè dossier:qna-2024-0012 type:PDF year:2024 "
                      "path:kiem-nghiem path:\"documents/hồ sơ\" dossier:DNG-2025-0031",
                      &error);

  g_assert_no_error (error);
  g_assert_cmpstr (query->fts, ==, "\"chè\"");
  g_assert_cmpuint (query->dossiers->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (query->dossiers, 0), ==, "QNA-2024-0012");
  g_assert_cmpstr (g_ptr_array_index (query->types, 0), ==, "pdf");
  g_assert_cmpint (g_array_index (query->years, int, 0), ==, 2024);
  g_assert_cmpstr (g_ptr_array_index (query->paths, 0), ==, "documents/kiem-nghiem");
  g_assert_cmpstr (g_ptr_array_index (query->paths, 1), ==, "documents/hồ sơ");
}

static void
test_query_errors (void)
{
  check_error ("");
  check_error ("   ");
  check_error ("?! ...");
  check_error ("-mang");
  check_error ("type:pdf");
  check_error ("chè type:exe");
  check_error ("chè year:24");
  check_error ("chè year:abcd");
  check_error ("chè dossier:a/b");
  check_error ("chè dossier:");
  check_error ("chè path:");
  check_error ("ch\xe8");
}

/* ---- Matching, inside FTS5 ----------------------------------------------- */

static const char *const pages[] = {
  /* 1 */ "Phiếu kiểm nghiệm măng cụt của Hợp tác xã Tiên Phước",
  /* 2 */ "Hệ thống mạng cụt ở xã bên",
  /* 3 */ "Đặc sản của ông Nguyễn Văn Đức",
  /* 4 */ "Giáo dục và Dục Mỹ",
  /* 5 */ "Nước hoà bình (cách viết cũ)",
  /* 6 */ "ma\xcc\x86ng non đóng hộp, viết ở dạng NFD",
  /* 7 */ "Mã hồ sơ QNA-2024-0012 đã nộp",
};

static sqlite3 *
make_index (void)
{
  g_autoptr(GError) error = NULL;
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (":memory:", &db), ==, SQLITE_OK);
  g_assert_true (hoso_vi_tokenizer_register (db, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_exec (db, "CREATE VIRTUAL TABLE t USING fts5"
                                 " (text, tokenize = '" HOSO_VI_TOKENIZER "')",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      sqlite3_stmt *stmt;
      sqlite3_prepare_v2 (db, "INSERT INTO t (rowid, text) VALUES (?1, ?2)", -1,
                          &stmt, NULL);
      sqlite3_bind_int (stmt, 1, i + 1);
      sqlite3_bind_text (stmt, 2, pages[i], -1, SQLITE_STATIC);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
      sqlite3_finalize (stmt);
    }
  return db;
}

/* The rows matching TYPED, as "1 3". */
static char *
rows_for (sqlite3 *db, const char *typed)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HosoQuery) query = hoso_query_parse (typed, &error);
  GString *rows = g_string_new (NULL);
  sqlite3_stmt *stmt;

  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT rowid FROM t WHERE t MATCH ?1"
                                       " ORDER BY rowid", -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, query->fts, -1, SQLITE_STATIC);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_string_append_printf (rows, "%s%d", rows->len ? " " : "",
                            sqlite3_column_int (stmt, 0));
  sqlite3_finalize (stmt);
  return g_string_free (rows, FALSE);
}

static void
check_rows (sqlite3 *db, const char *typed, const char *expected)
{
  g_autofree char *rows = rows_for (db, typed);

  if (g_strcmp0 (rows, expected) != 0)
    g_error ("query “%s”: rows “%s”, expected “%s”", typed, rows, expected);
}

static void
test_match_rules (void)
{
  sqlite3 *db = make_index ();

  check_rows (db, "mang cut", "1 2");           /* no diacritics: every spelling */
  check_rows (db, "măng", "1 6");               /* with them: that spelling only */
  check_rows (db, "mạng", "2");
  check_rows (db, "mang cụt", "1 2");           /* per word */
  check_rows (db, "măng cụt", "1");
  check_rows (db, "MĂNG", "1 6");               /* case */
  check_rows (db, "dac san", "3");              /* đ as d */
  check_rows (db, "Duc", "3 4");
  check_rows (db, "Đức", "3");
  check_rows (db, "dục", "4");
  check_rows (db, "ma\xcc\x86ng", "1 6");       /* an NFD query */
  check_rows (db, "hòa bình", "5");             /* tone placement */
  check_rows (db, "hoa binh", "5");
  check_rows (db, "QNA-2024-0012", "7");        /* ids stay whole phrases */
  check_rows (db, "qna-2024-0013", "");
  check_rows (db, "\"mạng cụt\"", "2");
  check_rows (db, "\"cụt mạng\"", "");
  check_rows (db, "cut -mạng", "1");
  check_rows (db, "măng OR mạng", "1 2 6");
  check_rows (db, "kiem*", "1");
  check_rows (db, "ngh*", "1");
  check_rows (db, "nghiệ*", "1");               /* a prefix typed with its tone */
  check_rows (db, "kiể*", "1");
  check_rows (db, "hòa*", "5");
  check_rows (db, "(mang)", "1 2 6");          /* FTS5 syntax is text */
  check_rows (db, "NEAR(mang", "");            /* the phrase “near mang” */
  sqlite3_close (db);
}

/* ---- Snippets ------------------------------------------------------------ */

static void
test_snippet (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HosoQuery) query = hoso_query_parse ("mang cut", &error);
  g_autoptr(GArray) matches = NULL;
  g_autoptr(GString) page = g_string_new (NULL);
  g_autofree char *snippet = NULL;

  g_assert_no_error (error);
  for (guint i = 0; i < 60; i++)
    g_string_append (page, "Lời mở đầu rất dài\n\n");
  g_string_append (page, "Phiếu kiểm   nghiệm MĂNG cụt.");
  snippet = hoso_snippet_make (page->str, query, 80, &matches);

  g_assert_cmpuint (g_utf8_strlen (snippet, -1), <=, 80);
  g_assert_nonnull (strstr (snippet, "Phiếu kiểm nghiệm MĂNG cụt."));
  g_assert_null (strchr (snippet, '\n'));
  g_assert_cmpuint (matches->len, ==, 2);
  for (guint i = 0; i < matches->len; i++)
    {
      const HosoSearchMatch *m = &g_array_index (matches, HosoSearchMatch, i);
      const char *start = g_utf8_offset_to_pointer (snippet, m->start);
      g_autofree char *word = g_strndup (start,
                                         g_utf8_offset_to_pointer (start, m->length) - start);
      g_assert_cmpstr (word, ==, i == 0 ? "MĂNG" : "cụt");
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/words/forms", test_words_forms);
  g_test_add_func ("/words/normal-forms", test_words_normal_forms);
  g_test_add_func ("/words/tone-placement", test_words_tone_placement);
  g_test_add_func ("/words/separators", test_words_separators);
  g_test_add_func ("/query/compile", test_query_compile);
  g_test_add_func ("/query/filters", test_query_filters);
  g_test_add_func ("/query/errors", test_query_errors);
  g_test_add_func ("/match/rules", test_match_rules);
  g_test_add_func ("/snippet/offsets", test_snippet);
  return g_test_run ();
}
