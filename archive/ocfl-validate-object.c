/* ocfl-validate-object.c: checks one OCFL object root on disk.
 *
 * It reads the declaration, the root inventory and its sidecar, every
 * entry of the object root, every version folder with its inventory and
 * content folder, and finally re-hashes the content files: each file is
 * read once, in bounded memory, for all the digests that the manifests of
 * the root and version inventories and the fixity blocks give for it.
 * What the JSON says on its own is checked in ocfl-validate-inventory.c.
 *
 * Links are reported and never followed, so nothing outside the object
 * is read; file names that are not UTF-8 are reported in a readable form.
 */
#include "config.h"

#include "ocfl-validate-private.h"
#include "archive-fs.h"
#include "ocfl-digest.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <gio/gio.h>

#define HASH_CHUNK (1024 * 1024)
#define MAX_EXPECTS_PER_FILE 16

/* One digest a content file must have. */
typedef struct {
  const char *algorithm;      /* interned */
  char *digest;               /* lower case */
  const char *code;           /* E092 (manifest) or E093 (fixity) */
  char *source;               /* the inventory that says so */
} Expect;

typedef struct {
  HosoOcflReport *report;
  int fd;                     /* the object root */
  const char *display;
  int spec;                   /* from the declaration, or 0 */
  HosoOcflInventory *root;    /* NULL when missing or unreadable */
  GHashTable *files;          /* content path of every regular file in
                                 the content folders walked so far */
  GHashTable *checks;         /* content path -> GPtrArray of Expect */
} Obj;

static void
expect_free (gpointer p)
{
  Expect *e = p;
  g_free (e->digest);
  g_free (e->source);
  g_free (e);
}

/* ---- Declaration and root inventory ------------------------------------- */

/* E002-E007: returns the declared OCFL version (10 or 11) or 0. */
static int
check_declaration (Obj *o, GPtrArray *entries)
{
  static const HosoOcflDeclarationRules rules = {
    "object root", "0=ocfl_object_", "E003", "E003", "E004", "E006", "E002", "E007"
  };
  return hoso_ocfl_check_declaration (o->report, o->fd, o->display, entries, &rules);
}

/* E058, E060, E061: the sidecar inventory.json.ALG next to INV. */
static void
check_sidecar (Obj *o, int dirfd, const char *dir_display,
               GPtrArray *entries, HosoOcflInventory *inv)
{
  if (inv->digest_algorithm == NULL || inv->file_digest == NULL)
    return;
  g_autofree char *name = g_strconcat ("inventory.json.",
                                       inv->digest_algorithm, NULL);
  g_autofree char *path = hoso_ocfl_join (dir_display, name);
  const HosoOcflEntry *entry = hoso_ocfl_find_entry (entries, name);
  g_autoptr(GError) error = NULL;

  if (entry == NULL || entry->kind == HOSO_OCFL_ENTRY_LINK)
    {
      hoso_ocfl_issue (o->report, "E058", path, "the inventory has no "
                       "digest file %s next to it%s", name,
                       entry ? " (only a link, which is not followed)" : "");
      return;
    }
  g_autoptr(GBytes) bytes = hoso_ocfl_read_file_at (dirfd, name, 4096, &error);
  if (bytes == NULL)
    {
      hoso_ocfl_issue (o->report, "E061", path,
                       "the inventory digest file can not be read: %s",
                       error->message);
      return;
    }
  g_autofree char *text = g_strndup (g_bytes_get_data (bytes, NULL),
                                     g_bytes_get_size (bytes));
  g_strchomp (text);
  char *space = text + strcspn (text, " \t");
  char *rest = space + strspn (space, " \t");
  gboolean well_formed = space != text && rest != space
    && strcmp (rest, "inventory.json") == 0;
  *space = '\0';
  if (!well_formed || !hoso_ocfl_is_hex_digest (inv->digest_algorithm, text))
    hoso_ocfl_issue (o->report, "E061", path,
                     "the inventory digest file must hold “DIGEST "
                     "inventory.json” and nothing else");
  else if (g_ascii_strcasecmp (text, inv->file_digest) != 0)
    hoso_ocfl_issue (o->report, "E060", path,
                     "the digest in this file is not the %s digest of "
                     "inventory.json (%s)", inv->digest_algorithm,
                     inv->file_digest);
}

/* Reads inventory.json of the folder DIRFD (the object root if IS_ROOT,
 * else a version folder) if ENTRIES has one.  Returns its text, or NULL. */
static GBytes *
read_inventory (Obj *o, int dirfd, const char *dir_display,
                GPtrArray *entries, gboolean is_root)
{
  const HosoOcflEntry *entry = hoso_ocfl_find_entry (entries,
                                                     "inventory.json");
  g_autofree char *path = hoso_ocfl_join (dir_display, "inventory.json");
  g_autoptr(GError) error = NULL;
  GBytes *bytes;

  if (entry != NULL && entry->kind == HOSO_OCFL_ENTRY_LINK)
    hoso_ocfl_issue (o->report, "E090", path, "the inventory is a symbolic "
                     "link, which is not followed");
  if (entry == NULL || entry->kind != HOSO_OCFL_ENTRY_FILE)
    {
      if (is_root)
        hoso_ocfl_issue (o->report, "E063", path,
                         "the object root has no inventory.json");
      else
        hoso_ocfl_issue (o->report, "W010", path,
                         "version folder %s has no inventory.json; each "
                         "version should keep a copy", dir_display);
      return NULL;
    }
  bytes = hoso_ocfl_read_file_at (dirfd, "inventory.json",
                                  HOSO_OCFL_MAX_INVENTORY_BYTES, &error);
  if (bytes == NULL)
    hoso_ocfl_issue (o->report, "E033", path,
                     "the inventory can not be read: %s", error->message);
  return bytes;
}

/* Reads, parses and checks the root inventory and its sidecar. */
static HosoOcflInventory *
load_root_inventory (Obj *o, GPtrArray *entries)
{
  g_autoptr(GBytes) bytes = read_inventory (o, o->fd, o->display, entries,
                                            TRUE);
  g_autofree char *path = hoso_ocfl_join (o->display, "inventory.json");
  HosoOcflInventory *inv;

  if (bytes == NULL)
    return NULL;
  inv = hoso_ocfl_inventory_parse (o->report, path, bytes, o->spec, TRUE);
  if (inv != NULL)
    check_sidecar (o, o->fd, o->display, entries, inv);
  return inv;
}

/* ---- Entries of the object root ----------------------------------------- */

/* E067, W013: the object's extensions folder. */
static void
check_extensions (Obj *o)
{
  hoso_ocfl_check_extensions_dir (o->report, o->fd, o->display, "E067", "W013");
}

static gboolean
holds_object (int dirfd, const char *name)
{
  HOSO_OCFL_AUTOFD int fd = hoso_ocfl_open_dir_at (dirfd, name);
  return fd >= 0
    && (faccessat (fd, "0=ocfl_object_1.1", F_OK, AT_SYMLINK_NOFOLLOW) == 0
        || faccessat (fd, "0=ocfl_object_1.0", F_OK, AT_SYMLINK_NOFOLLOW) == 0);
}

static gboolean
is_root_sidecar (Obj *o, const HosoOcflEntry *entry)
{
  const char *alg = entry->name + strlen ("inventory.json.");

  if (entry->kind != HOSO_OCFL_ENTRY_FILE
      || !g_str_has_prefix (entry->name, "inventory.json."))
    return FALSE;
  if (o->root == NULL || o->root->digest_algorithm == NULL)
    return hoso_digest_algorithm_known (alg);
  return strcmp (alg, o->root->digest_algorithm) == 0;
}

static void
check_root_entry (Obj *o, const HosoOcflEntry *entry)
{
  g_autofree char *path = hoso_ocfl_join (o->display, entry->name);
  gboolean is_dir = entry->kind == HOSO_OCFL_ENTRY_DIR;
  guint number, width;

  if (g_str_has_prefix (entry->name, "0=") || is_root_sidecar (o, entry)
      || strcmp (entry->name, "inventory.json") == 0)
    return;
  if (entry->kind == HOSO_OCFL_ENTRY_LINK)
    hoso_ocfl_issue (o->report, "E090", path,
                     "symbolic links must not be used in an object; it was "
                     "not followed");
  else if (is_dir && strcmp (entry->name, "logs") == 0)
    return;
  else if (is_dir && strcmp (entry->name, "extensions") == 0)
    check_extensions (o);
  else if (is_dir && hoso_ocfl_parse_version_name (entry->name, &number,
                                                   &width))
    {
      if (o->root != NULL && o->root->versions != NULL
          && hoso_ocfl_inventory_version (o->root, entry->name) == NULL)
        hoso_ocfl_issue (o->report, "E046", path,
                         "version folder %s is not listed in the root "
                         "inventory", entry->name);
    }
  else if (is_dir && holds_object (o->fd, entry->name))
    hoso_ocfl_issue (o->report, "E082", path,
                     "another OCFL object is stored inside this object's "
                     "root; object roots must end a storage hierarchy");
  else
    hoso_ocfl_issue (o->report, "E001", path,
                     "the object root must not hold this %s",
                     is_dir ? "folder" : "file");
}

/* ---- Version folders ---------------------------------------------------- */

static void walk_content (Obj *o, int dirfd, const char *rel, guint depth);

static void
walk_content_entry (Obj *o, int dirfd, const char *rel, guint depth,
                    const HosoOcflEntry *entry)
{
  g_autofree char *sub = hoso_ocfl_join (rel, entry->name);
  g_autofree char *path = hoso_ocfl_join (o->display, sub);

  switch (entry->kind)
    {
    case HOSO_OCFL_ENTRY_FILE:
      g_hash_table_add (o->files, g_steal_pointer (&sub));
      return;
    case HOSO_OCFL_ENTRY_LINK:
      hoso_ocfl_issue (o->report, "E090", path,
                       "symbolic links must not be used in an object; it was "
                       "not followed");
      return;
    case HOSO_OCFL_ENTRY_OTHER:
      hoso_ocfl_issue (o->report, "E089", path,
                       "this is not a regular file or folder; OCFL content "
                       "must be plain files");
      return;
    case HOSO_OCFL_ENTRY_DIR:
      break;
    }
  HOSO_OCFL_AUTOFD int fd = depth < HOSO_OCFL_MAX_DEPTH
    ? hoso_ocfl_open_dir_at (dirfd, entry->name) : -1;
  if (fd < 0)
    hoso_ocfl_issue (o->report, "E023", path,
                     "this content folder can not be read (%s), so its files "
                     "can not be checked", depth < HOSO_OCFL_MAX_DEPTH
                     ? g_strerror (errno) : "it is nested too deeply");
  else
    walk_content (o, fd, sub, depth + 1);
}

/* Records every regular file below the content folder DIRFD, shown as REL
 * ("v1/content/..."); E024 for empty folders. */
static void
walk_content (Obj *o, int dirfd, const char *rel, guint depth)
{
  g_autofree char *path = hoso_ocfl_join (o->display, rel);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = hoso_ocfl_list_dir (dirfd, &error);

  if (entries == NULL)
    {
      hoso_ocfl_issue (o->report, "E023", path,
                       "this content folder can not be read (%s), so its "
                       "files can not be checked", error->message);
      return;
    }
  if (entries->len == 0)
    {
      if (depth > 0)
        hoso_ocfl_issue (o->report, "E024", path,
                         "empty folders must not appear in a content folder");
      else
        hoso_ocfl_issue (o->report, "W003", path,
                         "the content folder is empty; a version without new "
                         "files should not have one");
    }
  for (guint i = 0; i < entries->len; i++)
    walk_content_entry (o, dirfd, rel, depth, entries->pdata[i]);
}

/* E015, W002, E090: what a version folder holds besides content. */
static void
check_version_entries (Obj *o, const char *name, GPtrArray *entries,
                       HosoOcflInventory *inv)
{
  const char *cd = o->root ? o->root->content_directory : "content";
  const char *alg = inv && inv->digest_algorithm ? inv->digest_algorithm
    : o->root ? o->root->digest_algorithm : NULL;

  for (guint i = 0; i < entries->len; i++)
    {
      const HosoOcflEntry *entry = entries->pdata[i];
      g_autofree char *rel = hoso_ocfl_join (name, entry->name);
      g_autofree char *path = hoso_ocfl_join (o->display, rel);
      gboolean sidecar = g_str_has_prefix (entry->name, "inventory.json.")
        && (alg == NULL
            || strcmp (entry->name + strlen ("inventory.json."), alg) == 0);
      if (entry->kind == HOSO_OCFL_ENTRY_LINK)
        hoso_ocfl_issue (o->report, "E090", path,
                         "symbolic links must not be used in an object; it "
                         "was not followed");
      else if (entry->kind == HOSO_OCFL_ENTRY_DIR)
        {
          if (strcmp (entry->name, cd) != 0)
            hoso_ocfl_issue (o->report, "W002", path,
                             "a version folder should hold no folder but its "
                             "content folder “%s”", cd);
        }
      else if (strcmp (entry->name, "inventory.json") != 0 && !sidecar)
        hoso_ocfl_issue (o->report, "E015", path,
                         "a version folder must hold only inventory.json, its "
                         "digest file and the content folder");
    }
}

/* E023 for a version folder's inventory: it lists every content file of
 * its own and earlier versions (walked before it, in version order). */
static void
check_prior_lists_files (Obj *o, HosoOcflInventory *prior)
{
  GHashTableIter iter;
  gpointer path;

  if (prior->manifest_json == NULL)
    return;
  g_hash_table_iter_init (&iter, o->files);
  while (g_hash_table_iter_next (&iter, &path, NULL))
    if (!g_hash_table_contains (prior->manifest, path))
      hoso_ocfl_issue (o->report, "E023", prior->display,
                       "content file %s is not in this inventory's manifest",
                       (const char *) path);
}

static void add_manifest_expects (Obj *o, HosoOcflInventory *inv);

/* E064 and the checks of a prior inventory against the root one. */
static void
check_prior_inventory (Obj *o, HosoOcflInventory *prior, const char *name,
                       gboolean is_head, int previous_spec)
{
  if (is_head)
    hoso_ocfl_issue (o->report, "E064", prior->display,
                     "the inventory of the latest version differs from the "
                     "root inventory.json; they must be the same file");
  hoso_ocfl_inventory_compare (o->report, o->root, prior, name,
                               previous_spec);
  check_prior_lists_files (o, prior);
  add_manifest_expects (o, prior);
}

/* Checks the inventory of version folder NAME, and the folder's other
 * entries.  The latest version's inventory is usually the root one, byte
 * for byte; it is then not parsed a second time.  Returns the OCFL
 * version the inventory is written for, or 0. */
static int
check_version_inventory (Obj *o, int fd, const char *name,
                         GPtrArray *entries, gboolean is_head,
                         int previous_spec)
{
  g_autofree char *display = hoso_ocfl_join (o->display, name);
  g_autofree char *path = hoso_ocfl_join (display, "inventory.json");
  g_autoptr(GBytes) bytes = read_inventory (o, fd, display, entries, FALSE);
  g_autoptr(HosoOcflInventory) prior = NULL;

  if (bytes != NULL && is_head)
    {
      gsize len;
      const void *data = g_bytes_get_data (bytes, &len);
      g_autofree char *sha512 = hoso_digest_bytes_hex ("sha512", data, len);
      if (strcmp (sha512, o->root->file_sha512) == 0)
        {
          check_sidecar (o, fd, display, entries, o->root);
          check_version_entries (o, name, entries, o->root);
          return o->root->spec;
        }
    }
  if (bytes != NULL)
    prior = hoso_ocfl_inventory_parse (o->report, path, bytes, o->spec,
                                       FALSE);
  if (prior != NULL)
    {
      check_sidecar (o, fd, display, entries, prior);
      check_prior_inventory (o, prior, name, is_head, previous_spec);
    }
  check_version_entries (o, name, entries, prior);
  return prior ? prior->spec : 0;
}

/* Checks version folder V: its content first (so that its inventory can
 * be checked against the files of this and earlier versions), then its
 * inventory and other entries. */
static int
check_version_dir (Obj *o, const HosoOcflVersion *v, int previous_spec)
{
  g_autofree char *path = hoso_ocfl_join (o->display, v->name);
  HOSO_OCFL_AUTOFD int fd = hoso_ocfl_open_dir_at (o->fd, v->name);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = fd >= 0 ? hoso_ocfl_list_dir (fd, &error)
    : NULL;
  const char *cd = o->root->content_directory;

  if (entries == NULL)
    {
      hoso_ocfl_issue (o->report, "E010", path,
                       "version folder %s, listed in the inventory, %s",
                       v->name, fd < 0 && errno == ENOENT ? "is missing"
                       : "can not be read");
      return 0;
    }
  const HosoOcflEntry *content = hoso_ocfl_find_entry (entries, cd);
  if (content != NULL && content->kind == HOSO_OCFL_ENTRY_DIR)
    {
      HOSO_OCFL_AUTOFD int cfd = hoso_ocfl_open_dir_at (fd, cd);
      g_autofree char *rel = hoso_ocfl_join (v->name, cd);
      if (cfd >= 0)
        walk_content (o, cfd, rel, 0);
    }
  const char *head = o->root->head;
  return check_version_inventory (o, fd, v->name, entries,
                                  head != NULL && strcmp (head, v->name) == 0,
                                  previous_spec);
}

/* ---- Manifest against the files ----------------------------------------- */

/* E014, E042, E015: content path PATH points into a version's content
 * folder. */
static gboolean
check_content_path_place (Obj *o, const char *path)
{
  g_auto(GStrv) parts = g_strsplit (path, "/", 3);
  guint number, width;
  HosoOcflInventory *root = o->root;

  if (hoso_ocfl_inventory_version (root, parts[0]) == NULL)
    {
      gboolean renamed = hoso_ocfl_parse_version_name (parts[0], &number,
                                                       &width)
        && root->versions_ok && number <= root->versions->len;
      hoso_ocfl_issue (o->report, renamed ? "E014" : "E042", root->display,
                       "content path “%s” does not begin with the name of a "
                       "version folder of this object", path);
      return FALSE;
    }
  if (parts[1] == NULL || parts[2] == NULL
      || strcmp (parts[1], root->content_directory) != 0)
    {
      hoso_ocfl_issue (o->report, "E015", root->display,
                       "content path “%s” is not inside the content folder "
                       "“%s” of its version", path, root->content_directory);
      return FALSE;
    }
  return TRUE;
}

/* E092, E023: the root manifest and the content files match one to one. */
static void
check_manifest_files (Obj *o)
{
  GHashTableIter iter;
  gpointer path;

  g_hash_table_iter_init (&iter, o->root->manifest);
  while (g_hash_table_iter_next (&iter, &path, NULL))
    if (check_content_path_place (o, path)
        && !g_hash_table_contains (o->files, path))
      hoso_ocfl_issue (o->report, "E092", o->root->display,
                       "content path %s is in the manifest but there is no "
                       "such file", (const char *) path);
  g_hash_table_iter_init (&iter, o->files);
  while (g_hash_table_iter_next (&iter, &path, NULL))
    if (!g_hash_table_contains (o->root->manifest, path))
      {
        g_autofree char *full = hoso_ocfl_join (o->display, path);
        hoso_ocfl_issue (o->report, "E023", full,
                         "this content file is not in the manifest of the "
                         "root inventory");
      }
}

/* ---- Digests ------------------------------------------------------------ */

static void
add_expect (Obj *o, const char *path, const char *algorithm,
            const char *digest, const char *code, const char *source)
{
  GPtrArray *list;

  if (!g_hash_table_contains (o->files, path)
      || !hoso_digest_algorithm_known (algorithm))
    return;
  algorithm = g_intern_string (algorithm);
  g_autofree char *lower = g_ascii_strdown (digest, -1);
  list = g_hash_table_lookup (o->checks, path);
  if (list == NULL)
    {
      list = g_ptr_array_new_with_free_func (expect_free);
      g_hash_table_insert (o->checks, g_strdup (path), list);
    }
  for (guint i = 0; i < list->len; i++)
    {
      Expect *e = list->pdata[i];
      if (e->algorithm == algorithm && strcmp (e->digest, lower) == 0
          && strcmp (e->code, code) == 0)
        return;
    }
  /* A sound object gives a file one digest per algorithm and inventory; a
   * hostile one could give it thousands, so only the first few count. */
  if (list->len >= MAX_EXPECTS_PER_FILE)
    return;
  Expect *e = g_new0 (Expect, 1);
  e->algorithm = algorithm;
  e->digest = g_steal_pointer (&lower);
  e->code = code;
  e->source = g_strdup (source);
  g_ptr_array_add (list, e);
}

static void
add_manifest_expects (Obj *o, HosoOcflInventory *inv)
{
  GHashTableIter iter;
  gpointer path, digest;

  if (inv->digest_algorithm == NULL)
    return;
  g_hash_table_iter_init (&iter, inv->manifest);
  while (g_hash_table_iter_next (&iter, &path, &digest))
    add_expect (o, path, inv->digest_algorithm, digest, "E092",
                inv->display);
}

static void
add_fixity_expects (Obj *o, HosoOcflInventory *inv)
{
  const char *algorithm, *digest;
  json_t *block, *paths;

  if (inv->fixity == NULL)
    return;
  json_object_foreach (inv->fixity, algorithm, block)
    {
      if (!json_is_object (block) || !hoso_digest_algorithm_known (algorithm))
        continue;
      const char *interned = g_intern_string (algorithm);
      json_object_foreach (block, digest, paths)
        for (gsize i = 0; json_is_array (paths) && i < json_array_size (paths);
             i++)
          {
            const char *path = json_string_value (json_array_get (paths, i));
            if (path != NULL)
              add_expect (o, path, interned, digest, "E093", inv->display);
          }
    }
}

static GPtrArray *
io_error (GError **error)
{
  int errsv = errno;
  g_set_error_literal (error, G_IO_ERROR, g_io_error_from_errno (errsv),
                       g_strerror (errsv));
  return NULL;
}

/* Reads the content file PATH once, feeding every algorithm in EXPECTS.
 * Returns the digests in the order of EXPECTS, or NULL with ERROR. */
static GPtrArray *
hash_file (Obj *o, const char *path, GPtrArray *expects, guint8 *buf,
           GError **error)
{
  HOSO_OCFL_AUTOFD int fd = openat (o->fd, path,
                                    O_RDONLY | O_NOFOLLOW | O_CLOEXEC
                                    | O_NOCTTY | O_NONBLOCK);
  g_autoptr(GPtrArray) digests = g_ptr_array_new_with_free_func (
    (GDestroyNotify) hoso_digest_free);

  if (fd < 0 || hoso_fault_read_fails (path))
    return io_error (error);
  (void) posix_fadvise (fd, 0, 0, POSIX_FADV_SEQUENTIAL);
  for (guint i = 0; i < expects->len; i++)
    g_ptr_array_add (digests, hoso_digest_new (
                       ((Expect *) expects->pdata[i])->algorithm));
  for (;;)
    {
      ssize_t n = read (fd, buf, HASH_CHUNK);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        return io_error (error);
      if (n == 0)
        break;
      for (guint i = 0; i < digests->len; i++)
        hoso_digest_update (digests->pdata[i], buf, (gsize) n);
    }
  GPtrArray *hex = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < digests->len; i++)
    g_ptr_array_add (hex, hoso_digest_finish_hex (digests->pdata[i]));
  return hex;
}

static void
check_file_digests (Obj *o, const char *path, GPtrArray *expects, guint8 *buf)
{
  g_autofree char *full = hoso_ocfl_join (o->display, path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) hex = hash_file (o, path, expects, buf, &error);

  if (hex == NULL)
    {
      hoso_ocfl_issue (o->report, "E092", full,
                       "this content file can not be read to check its "
                       "digest: %s", error->message);
      return;
    }
  for (guint i = 0; i < expects->len; i++)
    {
      Expect *e = expects->pdata[i];
      const char *got = hex->pdata[i];
      if (strcmp (got, e->digest) != 0)
        hoso_ocfl_issue (o->report, e->code, full,
                         "the file's %s digest is %.16s…, but %s gives "
                         "%.16s…", e->algorithm, got, e->source, e->digest);
    }
}

static int
compare_strings (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* E092, E093: re-hash every content file that has an expected digest,
 * in path order so that the report is the same from run to run. */
static void
check_digests (Obj *o)
{
  guint n = 0;
  g_autofree gpointer *paths = g_hash_table_get_keys_as_array (o->checks, &n);
  g_autofree guint8 *buf = g_malloc (HASH_CHUNK);

  qsort (paths, n, sizeof *paths, compare_strings);
  for (guint i = 0; i < n; i++)
    check_file_digests (o, paths[i], g_hash_table_lookup (o->checks, paths[i]),
                        buf);
}

/* ---- The object --------------------------------------------------------- */

static void
check_versions_and_content (Obj *o)
{
  GPtrArray *versions = o->root->versions;
  int spec = 0;

  for (guint i = 0; versions != NULL && i < versions->len; i++)
    {
      int s = check_version_dir (o, versions->pdata[i], spec);
      spec = s ? s : spec;
    }
  check_manifest_files (o);
  add_manifest_expects (o, o->root);
  add_fixity_expects (o, o->root);
  if (!(o->report->flags & HOSO_OCFL_VALIDATE_SKIP_DIGESTS))
    check_digests (o);
}

static void
check_expected_id (Obj *o, const char *expected_id)
{
  if (expected_id != NULL && o->root != NULL && o->root->id != NULL
      && strcmp (expected_id, o->root->id) != 0)
    hoso_ocfl_issue (o->report, "E083", o->display,
                     "the object's id is “%s”, but it is stored where the "
                     "object “%s” belongs", o->root->id, expected_id);
}

void
hoso_ocfl_check_object (HosoOcflReport *report, int dirfd,
                        const char *display, const char *expected_id,
                        HosoOcflObjectInfo *info)
{
  Obj o = { .report = report, .fd = dirfd, .display = display };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = hoso_ocfl_list_dir (dirfd, &error);

  if (entries == NULL)
    {
      hoso_ocfl_issue (report, "E063", display,
                       "the object root can not be read: %s", error->message);
      return;
    }
  o.spec = check_declaration (&o, entries);
  o.root = load_root_inventory (&o, entries);
  o.files = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  o.checks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                    (GDestroyNotify) g_ptr_array_unref);
  for (guint i = 0; i < entries->len; i++)
    check_root_entry (&o, entries->pdata[i]);
  if (o.root != NULL)
    {
      check_expected_id (&o, expected_id);
      check_versions_and_content (&o);
    }
  if (info != NULL)
    {
      info->id = o.root && o.root->id ? g_strdup (o.root->id) : NULL;
      info->spec = o.spec;
    }
  g_hash_table_unref (o.checks);
  g_hash_table_unref (o.files);
  hoso_ocfl_inventory_free (o.root);
}
