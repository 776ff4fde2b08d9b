/* test-dossier-id.c: the grammar of dossier ids and logical paths. */
#include "config.h"

#include "hoso-archive.h"
#include "archive-private.h"

#include <string.h>

static void
test_ids_valid (void)
{
  const char *good[] = { "QNA-2024-0012", "a", "0", "x.y_z-1",
                         "A234567890123456789012345678901234567890123456789012345678901234" };
  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;
      g_assert_true (hoso_dossier_id_validate (good[i], &error));
      g_assert_no_error (error);
    }
}

static void
test_ids_invalid (void)
{
  const char *bad[] = { "", "-abc", ".hidden", "_x", "a b", "a/b", "../x", "đặc-sản",
                        "A2345678901234567890123456789012345678901234567890123456789012345",
                        "a:b", "a\nb" };
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_assert_false (hoso_dossier_id_validate (bad[i], &error));
      g_assert_error (error, HOSO_ARCHIVE_ERROR, HOSO_ARCHIVE_ERROR_INVALID_ID);
    }
  g_assert_false (hoso_dossier_id_validate (NULL, NULL));
}

static void
test_object_ids (void)
{
  g_autofree char *oid = hoso_dossier_object_id ("QNA-2024-0012");
  g_assert_cmpstr (oid, ==, "urn:ocop:QNA-2024-0012");
  g_autofree char *back = hoso_dossier_id_from_object_id (oid);
  g_assert_cmpstr (back, ==, "QNA-2024-0012");
  g_assert_null (hoso_dossier_id_from_object_id ("urn:ocop:../x"));
  g_assert_null (hoso_dossier_id_from_object_id ("info:x"));
}

static void
test_layout (void)
{
  /* The example given for the 0004 layout: object-01. */
  g_autofree char *known = hoso_layout_object_path ("object-01");
  g_assert_cmpstr (known, ==, "3c0/ff4/240/"
                   "3c0ff4240c1e116dba14c7627f2319b58aa3d77606d0d90dfc6161608ac987d4");
  /* A dossier's object is placed by its URN, not its short id. */
  g_autofree char *p = hoso_archive_object_path ("object-01");
  g_autofree char *q = hoso_layout_object_path ("urn:ocop:object-01");
  g_assert_cmpstr (p, ==, q);
}

static void
test_paths_normalised (void)
{
  /* "ệ" decomposed (e + combining circumflex + combining dot below). */
  const char *nfd = "documents/bi\x65\xcc\x82\xcc\xa3n-ba\xcc\x89n.pdf";
  g_autoptr(GError) error = NULL;
  g_autofree char *nfc = hoso_logical_path_normalize (nfd, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (nfc, ==, "documents/bi\xe1\xbb\x87n-b\xe1\xba\xa3n.pdf");
}

static void
test_paths_refused (void)
{
  const char *bad[] = { "", "/etc/passwd", "documents/../x", "documents//x", "documents/",
                        "./x", "documents/a\x01", "documents/\xff\xfe", "a\\b" };
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *out = hoso_logical_path_normalize (bad[i], &error);
      g_assert_null (out);
      g_assert_error (error, HOSO_ARCHIVE_ERROR, HOSO_ARCHIVE_ERROR_INVALID_PATH);
    }
}

static void
test_paths_resolved (void)
{
  g_autofree char *a = hoso_resolve_logical_path ("a.pdf", NULL);
  g_autofree char *b = hoso_resolve_logical_path ("documents/a.pdf", NULL);
  g_autofree char *c = hoso_resolve_logical_path ("dossier.xml", NULL);
  g_assert_cmpstr (a, ==, "documents/a.pdf");
  g_assert_cmpstr (b, ==, "documents/a.pdf");
  g_assert_cmpstr (c, ==, "dossier.xml");
  g_assert_null (hoso_resolve_logical_path ("../x", NULL));
}

static void
test_fold (void)
{
  g_autofree char *a = hoso_logical_path_fold ("documents/Giấy-Chứng-Nhận.pdf");
  g_autofree char *b = hoso_logical_path_fold ("documents/giấy-chứng-nhận.PDF");
  g_autofree char *c = hoso_logical_path_fold ("documents/giay-chung-nhan.pdf");
  g_assert_cmpstr (a, ==, b);
  g_assert_cmpstr (a, !=, c);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/id/valid", test_ids_valid);
  g_test_add_func ("/id/invalid", test_ids_invalid);
  g_test_add_func ("/id/object-id", test_object_ids);
  g_test_add_func ("/id/layout", test_layout);
  g_test_add_func ("/path/nfc", test_paths_normalised);
  g_test_add_func ("/path/refused", test_paths_refused);
  g_test_add_func ("/path/resolved", test_paths_resolved);
  g_test_add_func ("/path/fold", test_fold);
  return g_test_run ();
}
