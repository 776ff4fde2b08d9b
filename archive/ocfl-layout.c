/* ocfl-layout.c: where objects live in the storage root.
 *
 * hoso uses the OCFL community extension 0004-hashed-n-tuple-storage-layout
 * with sha256, 3 tuples of 3 characters: the object urn:ocop:X lives at
 * aaa/bbb/ccc/<sha256 of its id>.  The hash spreads 16,000 dossiers evenly
 * and makes any id, whatever its characters, a safe path.
 */
#include "config.h"

#include "archive-private.h"
#include "archive-fs.h"
#include "ocfl-digest.h"

#include <string.h>

#define TUPLE_SIZE 3
#define TUPLES 3

static const char layout_json[] =
  "{\n"
  "  \"extension\": \"" HOSO_LAYOUT_EXTENSION "\",\n"
  "  \"description\": \"OCFL object identifiers are hashed with sha256 and split into 3 "
  "directories of 3 characters, above a directory named by the whole hash.\"\n"
  "}\n";

static const char config_json[] =
  "{\n"
  "  \"extensionName\": \"" HOSO_LAYOUT_EXTENSION "\",\n"
  "  \"digestAlgorithm\": \"sha256\",\n"
  "  \"tupleSize\": 3,\n"
  "  \"numberOfTuples\": 3,\n"
  "  \"shortObjectRoot\": false\n"
  "}\n";

char *
hoso_archive_object_path (const char *id)
{
  g_autofree char *object_id = hoso_dossier_object_id (id);
  return hoso_layout_object_path (object_id);
}

char *
hoso_layout_object_path (const char *object_id)
{
  g_autofree char *hash = hoso_digest_bytes_hex ("sha256", object_id, strlen (object_id));
  GString *path = g_string_new (NULL);

  for (int i = 0; i < TUPLES; i++)
    {
      g_string_append_len (path, hash + i * TUPLE_SIZE, TUPLE_SIZE);
      g_string_append_c (path, '/');
    }
  g_string_append (path, hash);
  return g_string_free (path, FALSE);
}

gboolean
hoso_layout_write_root (int store_fd, GError **error)
{
  static const char declaration[] = "ocfl_1.1\n";
  const char *ext_dir = "extensions/" HOSO_LAYOUT_EXTENSION;

  return hoso_fs_write_file_at (store_fd, HOSO_ROOT_DECLARATION, declaration,
                                strlen (declaration), error)
         && hoso_fs_write_file_at (store_fd, "ocfl_layout.json", layout_json,
                                   strlen (layout_json), error)
         && hoso_fs_mkdir_p_at (store_fd, ext_dir, error)
         && hoso_fs_write_file_at (store_fd, "extensions/" HOSO_LAYOUT_EXTENSION "/config.json",
                                   config_json, strlen (config_json), error)
         && hoso_fs_fsync_at (store_fd, ext_dir, error)
         && hoso_fs_fsync_at (store_fd, "extensions", error)
         && hoso_fs_fsync_fd (store_fd, "store", error);
}
