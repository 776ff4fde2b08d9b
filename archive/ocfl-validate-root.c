/* ocfl-validate-root.c: checking an OCFL storage root.
 *
 * A storage root check reads the root's declaration, extensions and
 * ocfl_layout.json, walks the storage hierarchy without following links,
 * validates every object root it meets, and, when ocfl_layout.json names
 * the 0004-hashed-n-tuple-storage-layout extension, checks that each object
 * sits at the path its id maps to.
 */
#include "config.h"

#include "ocfl-validate-private.h"
#include "ocfl-digest.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <gio/gio.h>

/* How object ids map to paths under the storage root. */
typedef struct {
  gboolean hashed;            /* the 0004 extension with a usable config */
  const char *algorithm;
  guint tuple_size;
  guint n_tuples;
  gboolean short_root;
} Layout;

typedef struct {
  HosoOcflReport *report;
  const char *display;        /* the storage root, for messages */
  int spec;                   /* 10 or 11 from its declaration, else 0 */
  Layout layout;
  GHashTable *ids;            /* object id -> relative path */
  guint n_top_level;          /* objects that are children of the root */
  guint n_nested;             /* objects deeper in a hierarchy */
} RootWalk;

/* E069 and E075-E080: the storage root's declaration.  Returns its OCFL
 * version (10 or 11) or 0. */
static int
check_root_declaration (RootWalk *w, int dirfd, GPtrArray *entries)
{
  static const HosoOcflDeclarationRules rules = {
    "storage root", "0=ocfl_", "E069", "E076", "E077", "E079", "E075", "E080"
  };
  return hoso_ocfl_check_declaration (w->report, dirfd, w->display, entries, &rules);
}

/* E070, E071: ocfl_layout.json.  Returns the extension it names, or NULL.
 * Caller frees. */
static char *
check_layout_file (RootWalk *w, int dirfd)
{
  g_autofree char *path = hoso_ocfl_join (w->display, "ocfl_layout.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = hoso_ocfl_read_file_at (dirfd, "ocfl_layout.json",
                                                    1024 * 1024, &error);
  json_error_t jerr;

  if (bytes == NULL)
    {
      hoso_ocfl_issue (w->report, "E070", path,
                       "ocfl_layout.json can not be read: %s",
                       error->message);
      return NULL;
    }
  json_t *json = json_loadb (g_bytes_get_data (bytes, NULL),
                             g_bytes_get_size (bytes),
                             JSON_REJECT_DUPLICATES, &jerr);
  if (json == NULL || !json_is_object (json))
    {
      hoso_ocfl_issue (w->report, "E070", path,
                       "ocfl_layout.json is not a JSON object (%s)",
                       json ? "another JSON value" : jerr.text);
      json_decref (json);
      return NULL;
    }
  json_t *ext = json_object_get (json, "extension");
  json_t *desc = json_object_get (json, "description");
  char *name = NULL;
  if (ext == NULL || desc == NULL)
    hoso_ocfl_issue (w->report, "E070", path,
                     "ocfl_layout.json must have the keys “extension” and "
                     "“description”");
  if (desc != NULL && !json_is_string (desc))
    hoso_ocfl_issue (w->report, "E070", path,
                     "the “description” in ocfl_layout.json must be a string");
  if (ext != NULL && (!json_is_string (ext)
                      || json_string_length (ext) == 0))
    hoso_ocfl_issue (w->report, "E071", path,
                     "the “extension” in ocfl_layout.json must be the name "
                     "of a registered extension");
  else if (ext != NULL)
    name = g_strdup (json_string_value (ext));
  json_decref (json);
  return name;
}

static gboolean
layout_int (json_t *config, const char *key, guint def, guint *out)
{
  json_t *v = json_object_get (config, key);
  if (v == NULL)
    {
      *out = def;
      return TRUE;
    }
  if (!json_is_integer (v) || json_integer_value (v) < 0
      || json_integer_value (v) > 32)
    return FALSE;
  *out = (guint) json_integer_value (v);
  return TRUE;
}

/* Reads the parameters of the 0004 layout from CONFIG into LAYOUT.
 * Returns NULL if they are usable, else what is wrong. */
static const char *
parse_layout_0004 (json_t *config, Layout *layout)
{
  json_t *name = json_object_get (config, "extensionName");
  json_t *alg = json_object_get (config, "digestAlgorithm");
  json_t *short_root = json_object_get (config, "shortObjectRoot");

  if (name != NULL && (!json_is_string (name)
                       || strcmp (json_string_value (name), HOSO_OCFL_LAYOUT_0004) != 0))
    return "its extensionName is not " HOSO_OCFL_LAYOUT_0004;
  if (alg != NULL && (!json_is_string (alg)
                      || !hoso_digest_algorithm_known (json_string_value (alg))))
    return "its digestAlgorithm is not an algorithm of the fixity block";
  layout->algorithm = g_intern_string (alg ? json_string_value (alg)
                                       : "sha256");
  if (!layout_int (config, "tupleSize", 3, &layout->tuple_size)
      || !layout_int (config, "numberOfTuples", 3, &layout->n_tuples))
    return "tupleSize and numberOfTuples must be integers from 0 to 32";
  if ((layout->tuple_size == 0) != (layout->n_tuples == 0))
    return "tupleSize and numberOfTuples must both be 0 or both more than 0";
  if (short_root != NULL && !json_is_boolean (short_root))
    return "shortObjectRoot must be true or false";
  layout->short_root = short_root != NULL && json_is_true (short_root);
  guint len = hoso_digest_hex_length (layout->algorithm);
  if (layout->tuple_size * layout->n_tuples > len)
    return "tupleSize times numberOfTuples is longer than the digest";
  if (layout->tuple_size * layout->n_tuples == len && layout->short_root)
    return "shortObjectRoot must be false when the tuples use the whole digest";
  return NULL;
}

/* The 0004 layout's parameters, from
 * extensions/0004-hashed-n-tuple-storage-layout/config.json when present,
 * else the extension's defaults.  An unusable config is reported (E083:
 * without it there is no deterministic mapping of ids to paths). */
static void
load_layout_0004 (RootWalk *w, int dirfd)
{
  const char *rel = "extensions/" HOSO_OCFL_LAYOUT_0004 "/config.json";
  g_autofree char *path = hoso_ocfl_join (w->display, rel);
  HOSO_OCFL_AUTOFD int ext_fd = hoso_ocfl_open_dir_at (dirfd, "extensions");
  HOSO_OCFL_AUTOFD int conf_fd = ext_fd < 0 ? -1
    : hoso_ocfl_open_dir_at (ext_fd, HOSO_OCFL_LAYOUT_0004);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  json_error_t jerr;
  const char *problem;

  if (conf_fd < 0 || faccessat (conf_fd, "config.json", F_OK,
                                AT_SYMLINK_NOFOLLOW) != 0)
    {
      json_t *empty = json_object ();
      parse_layout_0004 (empty, &w->layout);
      json_decref (empty);
      w->layout.hashed = TRUE;
      return;
    }
  bytes = hoso_ocfl_read_file_at (conf_fd, "config.json", 1024 * 1024, &error);
  if (bytes == NULL)
    {
      hoso_ocfl_issue (w->report, "E083", path,
                       "the layout configuration can not be read: %s; object "
                       "paths are not checked", error->message);
      return;
    }
  json_t *config = json_loadb (g_bytes_get_data (bytes, NULL),
                               g_bytes_get_size (bytes),
                               JSON_REJECT_DUPLICATES, &jerr);
  if (config == NULL || !json_is_object (config))
    problem = "it is not a JSON object";
  else
    problem = parse_layout_0004 (config, &w->layout);
  json_decref (config);
  if (problem != NULL)
    hoso_ocfl_issue (w->report, "E083", path,
                     "the layout configuration is not usable: %s; object "
                     "paths are not checked", problem);
  else
    w->layout.hashed = TRUE;
}

/* E112 (E086 in OCFL 1.0), W016: the storage root's extensions folder. */
static void
check_root_extensions (RootWalk *w, int dirfd)
{
  hoso_ocfl_check_extensions_dir (w->report, dirfd, w->display,
                                  w->spec == 10 ? "E086" : "E112", "W016");
}

/* The path the 0004 layout gives object ID.  Caller frees. */
static char *
layout_path (const Layout *layout, const char *id)
{
  g_autofree char *digest = hoso_digest_bytes_hex (layout->algorithm, id,
                                                   strlen (id));
  GString *path = g_string_new (NULL);
  gsize used = (gsize) layout->tuple_size * layout->n_tuples;

  for (guint i = 0; i < layout->n_tuples; i++)
    {
      g_string_append_len (path, digest + i * layout->tuple_size,
                           layout->tuple_size);
      g_string_append_c (path, '/');
    }
  g_string_append (path, layout->short_root ? digest + used : digest);
  return g_string_free (path, FALSE);
}

/* E081, E037, E083: what the storage root says about the object found at
 * REL (path relative to the storage root) after it was validated. */
static void
check_object_placement (RootWalk *w, const char *rel, const char *display,
                        const HosoOcflObjectInfo *info, guint depth)
{
  if (depth == 1)
    w->n_top_level++;
  else
    w->n_nested++;
  if (info->spec != 0 && w->spec != 0 && info->spec > w->spec)
    hoso_ocfl_issue (w->report, "E081", display,
                     "the object declares OCFL 1.%d, later than the storage "
                     "root's OCFL 1.%d", info->spec % 10, w->spec % 10);
  if (info->id == NULL)
    return;
  const char *other = g_hash_table_lookup (w->ids, info->id);
  if (other != NULL)
    hoso_ocfl_issue (w->report, "E037", display,
                     "object id “%s” is also the id of the object at %s",
                     info->id, other);
  else
    g_hash_table_insert (w->ids, g_strdup (info->id), g_strdup (rel));
  if (!w->layout.hashed)
    return;
  g_autofree char *want = layout_path (&w->layout, info->id);
  if (strcmp (want, rel) != 0)
    hoso_ocfl_issue (w->report, "E083", display,
                     "object “%s” is stored at %s, but the storage layout "
                     HOSO_OCFL_LAYOUT_0004 " puts it at %s", info->id, rel, want);
}

static void
validate_found_object (RootWalk *w, int dirfd, const char *rel, guint depth)
{
  g_autofree char *display = hoso_ocfl_join (w->display, rel);
  HosoOcflObjectInfo info = { NULL, 0 };

  hoso_ocfl_check_object (w->report, dirfd, display, NULL, &info);
  check_object_placement (w, rel, display, &info, depth);
  hoso_ocfl_report_object_done (w->report, display);
  g_free (info.id);
}

static gboolean
is_object_root (GPtrArray *entries)
{
  for (guint i = 0; i < entries->len; i++)
    {
      const HosoOcflEntry *entry = entries->pdata[i];
      if (g_str_has_prefix (entry->name, "0=ocfl_object_"))
        return TRUE;
    }
  return FALSE;
}

/* Files at the top of the storage root are allowed and ignored (E087), as
 * are the declaration, ocfl_layout.json and the extensions folder. */
static gboolean
skip_root_entry (const HosoOcflEntry *entry)
{
  if (entry->kind == HOSO_OCFL_ENTRY_DIR)
    return strcmp (entry->name, "extensions") == 0;
  return entry->kind == HOSO_OCFL_ENTRY_FILE;
}

static gboolean walk_hierarchy (RootWalk *w, int dirfd, const char *rel,
                                guint depth);

/* Looks at one entry of a folder of the storage hierarchy; INNER is TRUE
 * when that folder has sub-folders (it is an intermediate folder, not the
 * end of a branch).  Returns TRUE if an object root was found at or below
 * the entry. */
static gboolean
walk_entry (RootWalk *w, int dirfd, const char *rel,
            const HosoOcflEntry *entry, guint depth, gboolean inner)
{
  g_autofree char *sub = hoso_ocfl_join (rel, entry->name);
  g_autofree char *display = hoso_ocfl_join (w->display, sub);

  if (entry->kind == HOSO_OCFL_ENTRY_LINK)
    {
      hoso_ocfl_issue (w->report, "E090", display,
                       "symbolic links must not be used in a storage "
                       "hierarchy; it was not followed");
      return FALSE;
    }
  if (entry->kind != HOSO_OCFL_ENTRY_DIR)
    {
      hoso_ocfl_issue (w->report, inner ? "E084" : "E072", display,
                       inner ? "files must not be stored in the intermediate "
                       "folders of a storage hierarchy"
                       : "this file is in the storage hierarchy but not part "
                       "of any OCFL object");
      return FALSE;
    }
  if (depth + 1 > HOSO_OCFL_MAX_DEPTH)
    {
      hoso_ocfl_issue (w->report, "E085", display,
                       "the storage hierarchy is deeper than %d folders here; "
                       "it was not followed further", HOSO_OCFL_MAX_DEPTH);
      return FALSE;
    }
  HOSO_OCFL_AUTOFD int fd = hoso_ocfl_open_dir_at (dirfd, entry->name);
  if (fd < 0)
    {
      hoso_ocfl_issue (w->report, "E085", display,
                       "this folder of the storage hierarchy can not be "
                       "opened: %s", g_strerror (errno));
      return FALSE;
    }
  gboolean found = walk_hierarchy (w, fd, sub, depth + 1);
  if (!found && depth == 0)
    hoso_ocfl_issue (w->report, "E088", display,
                     "this folder of the storage root holds no OCFL object "
                     "and is not the extensions folder");
  return found;
}

static gboolean
walk_hierarchy (RootWalk *w, int dirfd, const char *rel, guint depth)
{
  g_autofree char *display = depth ? hoso_ocfl_join (w->display, rel)
    : g_strdup (w->display);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = hoso_ocfl_list_dir (dirfd, &error);
  gboolean found = FALSE, has_subdir = FALSE;

  if (entries == NULL)
    {
      hoso_ocfl_issue (w->report, "E085", display,
                       "this folder of the storage hierarchy can not be "
                       "read: %s", error->message);
      return FALSE;
    }
  if (depth > 0 && is_object_root (entries))
    {
      validate_found_object (w, dirfd, rel, depth);
      return TRUE;
    }
  if (depth > 0 && entries->len == 0)
    {
      hoso_ocfl_issue (w->report, "E073", display,
                       "empty folders must not appear under a storage root");
      return FALSE;
    }
  for (guint i = 0; i < entries->len; i++)
    has_subdir |= ((HosoOcflEntry *) entries->pdata[i])->kind
                  == HOSO_OCFL_ENTRY_DIR;
  for (guint i = 0; i < entries->len; i++)
    {
      const HosoOcflEntry *entry = entries->pdata[i];
      if (depth == 0 && skip_root_entry (entry))
        continue;
      found |= walk_entry (w, dirfd, rel, entry, depth, has_subdir);
    }
  if (depth > 0 && !found && !has_subdir)
    hoso_ocfl_issue (w->report, "E085", display,
                     "this branch of the storage hierarchy does not end in "
                     "an OCFL object root");
  return found;
}

void
hoso_ocfl_check_storage_root (HosoOcflReport *report, int dirfd,
                              const char *display, GPtrArray *entries)
{
  RootWalk w = { .report = report, .display = display };
  const HosoOcflEntry *layout_file
    = hoso_ocfl_find_entry (entries, "ocfl_layout.json");
  const HosoOcflEntry *ext = hoso_ocfl_find_entry (entries, "extensions");

  w.ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  w.spec = check_root_declaration (&w, dirfd, entries);
  if (ext != NULL && ext->kind == HOSO_OCFL_ENTRY_DIR)
    check_root_extensions (&w, dirfd);
  if (layout_file != NULL)
    {
      g_autofree char *name = check_layout_file (&w, dirfd);
      if (name != NULL && strcmp (name, HOSO_OCFL_LAYOUT_0004) == 0)
        load_layout_0004 (&w, dirfd);
    }
  walk_hierarchy (&w, dirfd, "", 0);
  if (w.n_top_level > 0 && w.n_nested > 0)
    hoso_ocfl_issue (report, "W015", display,
                     "%u objects are direct children of the storage root "
                     "and %u are deeper in a hierarchy; use one or the other",
                     w.n_top_level, w.n_nested);
  hoso_ocfl_report_object_done (report, display);
  g_hash_table_unref (w.ids);
}

