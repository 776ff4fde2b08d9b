/* ocfl-validate-inventory.c: checks one OCFL inventory.json on its own, and
 * a version folder's inventory against the object root's.
 *
 * Loading an inventory checks everything that can be judged from the JSON
 * alone: the keys and their types, the digest algorithm, the version
 * sequence and its naming, each version block (created, state, message,
 * user), logical and content path syntax, the manifest, the fixity block,
 * and that the state, manifest and head agree with one another.  What the
 * JSON says about files on disk is checked in ocfl-validate-object.c.
 *
 * Every lookup goes through a GHashTable, so the work grows with the size
 * of the inventory, never with its square: an object of a hundred thousand
 * files validates in about the time it takes to read it.
 */
#include "config.h"

#include "ocfl-validate-private.h"
#include "ocfl-digest.h"

#include <string.h>

#define TYPE_1_0 "https://ocfl.io/1.0/spec/#inventory"
#define TYPE_1_1 "https://ocfl.io/1.1/spec/#inventory"

/* What loading one inventory needs at hand. */
typedef struct {
  HosoOcflReport *report;
  HosoOcflInventory *inv;
  int spec;                   /* the rules to apply: 10 or 11 */
  gboolean is_root;           /* the object root's inventory */
} Load;

/* Warnings about the id and the version blocks are given for the root
 * inventory only: a version folder's inventory repeats the same blocks,
 * and W011 already says when they differ. */
#define ROOT_WARNING(l) ((l)->is_root)

static void
version_free (gpointer p)
{
  HosoOcflVersion *version = p;
  g_clear_pointer (&version->state, g_hash_table_unref);
  g_free (version);
}

void
hoso_ocfl_inventory_free (HosoOcflInventory *inv)
{
  if (inv == NULL)
    return;
  g_clear_pointer (&inv->manifest, g_hash_table_unref);
  g_clear_pointer (&inv->version_index, g_hash_table_unref);
  g_clear_pointer (&inv->versions, g_ptr_array_unref);
  g_clear_pointer (&inv->json, json_decref);
  g_free (inv->display);
  g_free (inv->file_digest);
  g_free (inv->file_sha512);
  g_free (inv);
}

/* Codes that OCFL 1.1 added: an OCFL 1.0 inventory gets the 1.0 code. */
static const char *
by_spec (const Load *l, const char *code_1_1, const char *code_1_0)
{
  return l->spec == 10 ? code_1_0 : code_1_1;
}

/* ---- Paths -------------------------------------------------------------- */

typedef enum { PATH_OK, PATH_SLASH_END, PATH_BAD_ELEMENT } PathProblem;

/* Logical and content paths share one grammar: elements joined by "/",
 * none of them empty, "." or "..", and no "/" at either end. */
static PathProblem
path_problem (const char *path)
{
  gsize len = strlen (path);

  if (len == 0)
    return PATH_BAD_ELEMENT;
  if (path[0] == '/' || path[len - 1] == '/')
    return PATH_SLASH_END;
  for (const char *p = path; p != NULL; )
    {
      const char *slash = strchr (p, '/');
      gsize n = slash ? (gsize) (slash - p) : strlen (p);
      if (n == 0 || (n == 1 && p[0] == '.')
          || (n == 2 && p[0] == '.' && p[1] == '.'))
        return PATH_BAD_ELEMENT;
      p = slash ? slash + 1 : NULL;
    }
  return PATH_OK;
}

/* Orders paths as if "/" came before every other character, so that a
 * path is directly followed by the paths inside it as a folder ("a",
 * "a/b", "a-b"). */
static int
compare_as_folders (gconstpointer a, gconstpointer b)
{
  const guchar *p = *(const guchar * const *) a;
  const guchar *q = *(const guchar * const *) b;

  for (; *p != '\0' && *p == *q; p++, q++)
    ;
  int cp = *p == '/' ? 1 : *p == '\0' ? 0 : *p + 1;
  int cq = *q == '/' ? 1 : *q == '\0' ? 0 : *q + 1;
  return cp - cq;
}

/* Reports CODE for each path in PATHS (a set) that is also the leading
 * part of another: a file and a folder can not have one name.  Sorting
 * keeps this linear in the length of the paths, however deep they are. */
static void
check_prefix_conflicts (Load *l, GHashTable *paths, const char *code,
                        const char *what)
{
  guint n = 0;
  g_autofree gpointer *sorted = g_hash_table_get_keys_as_array (paths, &n);

  qsort (sorted, n, sizeof *sorted, compare_as_folders);
  for (guint i = 0; i + 1 < n; i++)
    {
      const char *path = sorted[i];
      const char *next = sorted[i + 1];
      gsize len = strlen (path);
      if (strncmp (next, path, len) == 0 && next[len] == '/')
        hoso_ocfl_issue (l->report, code, l->inv->display,
                         "%s “%s” is used both as a file and as a folder "
                         "of “%s”", what, path, next);
    }
}

/* ---- Top-level keys ----------------------------------------------------- */

static void
check_keys (Load *l)
{
  static const char *const known[] = {
    "id", "type", "digestAlgorithm", "head", "contentDirectory",
    "manifest", "versions", "fixity",
  };
  const char *key;
  json_t *value;

  if (l->spec != 11)
    return;
  json_object_foreach (l->inv->json, key, value)
    {
      gboolean ok = FALSE;
      for (gsize i = 0; i < G_N_ELEMENTS (known) && !ok; i++)
        ok = strcmp (key, known[i]) == 0;
      if (!ok)
        hoso_ocfl_issue (l->report, "E102", l->inv->display,
                         "the inventory has the key “%s”, which the OCFL "
                         "specification does not define", key);
    }
}

static const char *
get_string (Load *l, const char *key, const char *code_missing,
            const char *code_type)
{
  json_t *v = json_object_get (l->inv->json, key);

  if (v == NULL)
    {
      if (code_missing != NULL)
        hoso_ocfl_issue (l->report, code_missing, l->inv->display,
                         "the inventory has no “%s”", key);
      return NULL;
    }
  if (!json_is_string (v))
    {
      hoso_ocfl_issue (l->report, code_type, l->inv->display,
                       "the inventory's “%s” must be a string", key);
      return NULL;
    }
  return json_string_value (v);
}

/* E036-E038, W005: id and type.  Sets l->spec from the type. */
static void
check_id_and_type (Load *l, int declared_spec, gboolean is_root)
{
  const char *type = get_string (l, "type", "E036", "E038");

  l->inv->id = get_string (l, "id", "E036", "E037");
  if (ROOT_WARNING (l) && l->inv->id != NULL
      && !hoso_ocfl_is_uri (l->inv->id))
    hoso_ocfl_issue (l->report, "W005", l->inv->display,
                     "the object id “%s” is not a URI", l->inv->id);
  if (type != NULL && strcmp (type, TYPE_1_1) == 0)
    l->inv->spec = 11;
  else if (type != NULL && strcmp (type, TYPE_1_0) == 0)
    l->inv->spec = 10;
  else if (type != NULL)
    hoso_ocfl_issue (l->report, "E038", l->inv->display,
                     "the inventory type “%s” is not " TYPE_1_1 " (or the "
                     "1.0 one)", type);
  if (is_root && declared_spec != 0 && l->inv->spec != 0
      && l->inv->spec != declared_spec)
    hoso_ocfl_issue (l->report, "E038", l->inv->display,
                     "the inventory type is for OCFL 1.%d but the object "
                     "declares OCFL 1.%d", l->inv->spec % 10,
                     declared_spec % 10);
  l->spec = l->inv->spec ? l->inv->spec : (declared_spec ? declared_spec : 11);
}

/* E025, W004, E017, E018: digestAlgorithm and contentDirectory. */
static void
check_algorithm_and_content_dir (Load *l)
{
  const char *alg = get_string (l, "digestAlgorithm", "E036", "E025");
  const char *cd = get_string (l, "contentDirectory", NULL, "E017");

  if (alg != NULL && strcmp (alg, "sha512") != 0
      && strcmp (alg, "sha256") != 0)
    hoso_ocfl_issue (l->report, "E025", l->inv->display,
                     "the digest algorithm “%s” can not be used for content "
                     "addressing; use sha512 (or sha256)", alg);
  else if (alg != NULL && strcmp (alg, "sha256") == 0)
    hoso_ocfl_issue (l->report, "W004", l->inv->display,
                     "the inventory uses sha256; sha512 should be used");
  if (alg != NULL && hoso_digest_algorithm_known (alg))
    l->inv->digest_algorithm = g_intern_string (alg);

  l->inv->content_directory = "content";
  if (cd == NULL)
    return;
  if (*cd == '\0' || strchr (cd, '/') != NULL)
    hoso_ocfl_issue (l->report, "E017", l->inv->display,
                     "contentDirectory “%s” must be one folder name, "
                     "without “/”", cd);
  else if (strcmp (cd, ".") == 0 || strcmp (cd, "..") == 0)
    hoso_ocfl_issue (l->report, "E018", l->inv->display,
                     "contentDirectory must not be “.” or “..”");
  else
    {
      l->inv->content_directory = cd;
      l->inv->content_directory_set = TRUE;
    }
}

/* ---- Manifest ----------------------------------------------------------- */

static void
check_digest_key (Load *l, GHashTable *seen, const char *digest,
                  const char *algorithm, const char *block,
                  const char *code_syntax, const char *code_dup)
{
  if (algorithm != NULL && !hoso_ocfl_is_hex_digest (algorithm, digest))
    hoso_ocfl_issue (l->report, code_syntax, l->inv->display,
                     "“%s” in the %s is not a %s digest in hexadecimal",
                     digest, block, algorithm);
  char *lower = g_ascii_strdown (digest, -1);
  if (!g_hash_table_add (seen, lower))
    hoso_ocfl_issue (l->report, code_dup, l->inv->display,
                     "digest %s appears more than once in the %s (digests "
                     "are compared without regard to case)", digest, block);
}

static void
add_manifest_path (Load *l, const char *digest, json_t *item)
{
  const char *path = json_string_value (item);

  if (path == NULL)
    {
      hoso_ocfl_issue (l->report, "E092", l->inv->display,
                       "the manifest entry for %s must list content paths "
                       "as strings", digest);
      return;
    }
  switch (path_problem (path))
    {
    case PATH_SLASH_END:
      hoso_ocfl_issue (l->report, "E100", l->inv->display,
                       "content path “%s” must not begin or end with “/”",
                       path);
      return;
    case PATH_BAD_ELEMENT:
      hoso_ocfl_issue (l->report, "E099", l->inv->display,
                       "content path “%s” has an empty, “.” or “..” element",
                       path);
      return;
    case PATH_OK:
      break;
    }
  if (!g_hash_table_insert (l->inv->manifest, (gpointer) path,
                            (gpointer) digest))
    hoso_ocfl_issue (l->report, "E101", l->inv->display,
                     "content path “%s” is listed more than once in the "
                     "manifest", path);
}

/* E041, E106, E092, E096, E099-E101. */
static void
check_manifest (Load *l)
{
  json_t *manifest = json_object_get (l->inv->json, "manifest");
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal,
                                                      g_free, NULL);
  const char *digest;
  json_t *paths;

  if (manifest == NULL)
    {
      hoso_ocfl_issue (l->report, "E041", l->inv->display,
                       "the inventory has no manifest");
      return;
    }
  if (!json_is_object (manifest))
    {
      hoso_ocfl_issue (l->report, by_spec (l, "E106", "E041"),
                       l->inv->display, "the manifest must be a JSON object");
      return;
    }
  l->inv->manifest_json = manifest;
  json_object_foreach (manifest, digest, paths)
    {
      check_digest_key (l, seen, digest, l->inv->digest_algorithm,
                        "manifest", "E039", "E096");
      if (!json_is_array (paths))
        {
          hoso_ocfl_issue (l->report, "E092", l->inv->display,
                           "the manifest entry for %s must be an array of "
                           "content paths", digest);
          continue;
        }
      for (gsize i = 0; i < json_array_size (paths); i++)
        add_manifest_path (l, digest, json_array_get (paths, i));
    }
  check_prefix_conflicts (l, l->inv->manifest, "E101", "content path");
}

/* ---- Version blocks ----------------------------------------------------- */

static gboolean
digits (const char *s, int n, int max)
{
  int v = 0;
  for (int i = 0; i < n; i++)
    {
      if (!g_ascii_isdigit (s[i]))
        return FALSE;
      v = v * 10 + (s[i] - '0');
    }
  return v <= max;
}

/* RFC 3339 date-time: 2024-01-31T12:00:00(.123)(Z|+07:00). */
static gboolean
is_rfc3339 (const char *s)
{
  if (strlen (s) < 20 || !digits (s, 4, 9999) || s[4] != '-'
      || !digits (s + 5, 2, 12) || s[7] != '-' || !digits (s + 8, 2, 31)
      || (s[10] != 'T' && s[10] != 't') || !digits (s + 11, 2, 23)
      || s[13] != ':' || !digits (s + 14, 2, 59) || s[16] != ':'
      || !digits (s + 17, 2, 60))
    return FALSE;
  const char *p = s + 19;
  if (*p == '.')
    {
      if (!g_ascii_isdigit (p[1]))
        return FALSE;
      for (p++; g_ascii_isdigit (*p); p++)
        ;
    }
  if ((*p == 'Z' || *p == 'z') && p[1] == '\0')
    return TRUE;
  return (*p == '+' || *p == '-') && digits (p + 1, 2, 23) && p[3] == ':'
    && digits (p + 4, 2, 59) && p[6] == '\0';
}

static void
add_logical_path (Load *l, HosoOcflVersion *v, const char *digest,
                  json_t *item)
{
  const char *path = json_string_value (item);

  if (path == NULL)
    {
      hoso_ocfl_issue (l->report, "E051", l->inv->display,
                       "the state of %s must list logical paths as strings",
                       v->name);
      return;
    }
  switch (path_problem (path))
    {
    case PATH_SLASH_END:
      hoso_ocfl_issue (l->report, "E053", l->inv->display,
                       "logical path “%s” in %s must not begin or end with "
                       "“/”", path, v->name);
      return;
    case PATH_BAD_ELEMENT:
      hoso_ocfl_issue (l->report, "E052", l->inv->display,
                       "logical path “%s” in %s has an empty, “.” or “..” "
                       "element", path, v->name);
      return;
    case PATH_OK:
      break;
    }
  if (!g_hash_table_insert (v->state, (gpointer) path, (gpointer) digest))
    hoso_ocfl_issue (l->report, "E095", l->inv->display,
                     "logical path “%s” appears more than once in the state "
                     "of %s", path, v->name);
}

/* E048, E050-E053, E095: the state of version V. */
static void
check_state (Load *l, HosoOcflVersion *v, GHashTable *used)
{
  json_t *state = json_object_get (v->block, "state");
  const char *digest;
  json_t *paths;

  if (state == NULL || !json_is_object (state))
    {
      hoso_ocfl_issue (l->report, state ? "E050" : "E048", l->inv->display,
                       "version %s %s", v->name,
                       state ? "has a state that is not a JSON object"
                       : "has no state");
      return;
    }
  v->state = g_hash_table_new (g_str_hash, g_str_equal);
  json_object_foreach (state, digest, paths)
    {
      g_hash_table_add (used, (gpointer) digest);
      if (l->inv->manifest_json != NULL
          && json_object_get (l->inv->manifest_json, digest) == NULL)
        hoso_ocfl_issue (l->report, "E050", l->inv->display,
                         "digest %s in the state of %s is not a key of the "
                         "manifest (keys must match exactly, case included)",
                         digest, v->name);
      if (!json_is_array (paths))
        {
          hoso_ocfl_issue (l->report, "E051", l->inv->display,
                           "the state of %s must give an array of logical "
                           "paths for %s", v->name, digest);
          continue;
        }
      for (gsize i = 0; i < json_array_size (paths); i++)
        add_logical_path (l, v, digest, json_array_get (paths, i));
    }
  check_prefix_conflicts (l, v->state, "E095", "logical path");
}

/* E054, E094, W007-W009: message and user of version V. */
static void
check_message_and_user (Load *l, HosoOcflVersion *v)
{
  json_t *message = json_object_get (v->block, "message");
  json_t *user = json_object_get (v->block, "user");

  if (message != NULL && !json_is_string (message))
    hoso_ocfl_issue (l->report, "E094", l->inv->display,
                     "the message of %s must be a string", v->name);
  if (ROOT_WARNING (l) && (message == NULL || user == NULL))
    hoso_ocfl_issue (l->report, "W007", l->inv->display,
                     "version %s has no %s", v->name,
                     message == NULL && user == NULL ? "message and no user"
                     : message == NULL ? "message" : "user");
  if (user == NULL)
    return;
  json_t *name = json_object_get (user, "name");
  json_t *address = json_object_get (user, "address");
  if (!json_is_object (user) || !json_is_string (name))
    {
      hoso_ocfl_issue (l->report, "E054", l->inv->display,
                       "the user of %s must be a JSON object with a “name” "
                       "string", v->name);
      return;
    }
  if (!ROOT_WARNING (l))
    return;
  if (address == NULL)
    hoso_ocfl_issue (l->report, "W008", l->inv->display,
                     "the user of %s has no address", v->name);
  else if (!json_is_string (address)
           || !hoso_ocfl_is_uri (json_string_value (address)))
    hoso_ocfl_issue (l->report, "W009", l->inv->display,
                     "the user address of %s is not a URI (use mailto: or "
                     "a URL such as an ORCID iD)", v->name);
}

static void
check_version_block (Load *l, HosoOcflVersion *v, GHashTable *used)
{
  static const char *const known[] = { "created", "state", "message", "user" };
  const char *key;
  json_t *value;

  if (!json_is_object (v->block))
    {
      hoso_ocfl_issue (l->report, "E047", l->inv->display,
                       "version %s must be a JSON object", v->name);
      return;
    }
  json_object_foreach (v->block, key, value)
    {
      gboolean ok = FALSE;
      for (gsize i = 0; i < G_N_ELEMENTS (known) && !ok; i++)
        ok = strcmp (key, known[i]) == 0;
      if (!ok && l->spec == 11)
        hoso_ocfl_issue (l->report, "E102", l->inv->display,
                         "version %s has the key “%s”, which the OCFL "
                         "specification does not define", v->name, key);
    }
  json_t *created = json_object_get (v->block, "created");
  if (created == NULL)
    hoso_ocfl_issue (l->report, "E048", l->inv->display,
                     "version %s has no “created” time", v->name);
  else if (!json_is_string (created)
           || !is_rfc3339 (json_string_value (created)))
    hoso_ocfl_issue (l->report, "E049", l->inv->display,
                     "the “created” time of %s must be an RFC 3339 date and "
                     "time to the second with a time zone, like "
                     "2024-05-01T09:30:00Z", v->name);
  check_state (l, v, used);
  check_message_and_user (l, v);
}

/* ---- The version sequence ----------------------------------------------- */

static int
compare_versions (gconstpointer a, gconstpointer b)
{
  const HosoOcflVersion *va = *(HosoOcflVersion * const *) a;
  const HosoOcflVersion *vb = *(HosoOcflVersion * const *) b;
  return va->number < vb->number ? -1 : va->number > vb->number;
}

/* E011, E012: V is named like FIRST (padded to the same width, or not
 * padded at all).  Returns TRUE if so. */
static gboolean
check_naming (Load *l, const HosoOcflVersion *v, const HosoOcflVersion *first)
{
  guint width = strlen (v->name) - 1;
  guint padding = l->inv->padding;

  if (padding != 0 && width == padding && v->name[1] != '0')
    hoso_ocfl_issue (l->report, "E011", l->inv->display,
                     "version %s does not fit the zero-padded naming of %s "
                     "(a padded name must start with v0)", v->name,
                     first->name);
  else if ((padding == 0 && v->name[1] == '0')
           || (padding != 0 && width != padding))
    hoso_ocfl_issue (l->report, "E012", l->inv->display,
                     "version %s is not named like %s; all version names "
                     "must use one convention", v->name, first->name);
  else
    return TRUE;
  return FALSE;
}

/* E009, E010, E012: the numbers are 1..N, each once. */
static gboolean
check_numbers (Load *l, const HosoOcflVersion *prev, const HosoOcflVersion *v)
{
  if (prev == NULL && v->number != 1)
    hoso_ocfl_issue (l->report, "E009", l->inv->display,
                     "the versions start at %s; they must start at 1",
                     v->name);
  else if (prev != NULL && v->number == prev->number)
    hoso_ocfl_issue (l->report, "E012", l->inv->display,
                     "versions %s and %s have the same number", prev->name,
                     v->name);
  else if (prev != NULL && v->number != prev->number + 1)
    hoso_ocfl_issue (l->report, "E010", l->inv->display,
                     "version %s follows %s; version numbers must have no "
                     "gaps", v->name, prev->name);
  else
    return TRUE;
  return FALSE;
}

/* E009-E012, W001: numbers 1..N, all named alike.  Returns TRUE if so. */
static gboolean
check_sequence (Load *l)
{
  GPtrArray *versions = l->inv->versions;
  const HosoOcflVersion *first = versions->pdata[0];
  gboolean ok = TRUE;

  l->inv->padding = first->name[1] == '0' ? strlen (first->name) - 1 : 0;
  for (guint i = 0; i < versions->len; i++)
    {
      const HosoOcflVersion *v = versions->pdata[i];
      ok &= check_numbers (l, i ? versions->pdata[i - 1] : NULL, v);
      ok &= check_naming (l, v, first);
    }
  if (ROOT_WARNING (l) && l->inv->padding != 0)
    hoso_ocfl_issue (l->report, "W001", l->inv->display,
                     "version names are zero-padded (%s); v1, v2, ... "
                     "should be used", first->name);
  return ok;
}

/* E043-E047, E104, E008 and each version block. */
static void
check_versions (Load *l, GHashTable *used)
{
  json_t *versions = json_object_get (l->inv->json, "versions");
  const char *name;
  json_t *block;

  l->inv->versions = g_ptr_array_new_with_free_func (version_free);
  l->inv->version_index = g_hash_table_new (g_str_hash, g_str_equal);
  if (versions == NULL || !json_is_object (versions))
    {
      hoso_ocfl_issue (l->report, versions ? "E045" : "E043",
                       l->inv->display, "the inventory %s",
                       versions ? "has a “versions” that is not a JSON object"
                       : "has no “versions” block");
      return;
    }
  if (json_object_size (versions) == 0)
    hoso_ocfl_issue (l->report, "E008", l->inv->display,
                     "the inventory lists no versions; an object has at "
                     "least one");
  json_object_foreach (versions, name, block)
    {
      guint number, width;
      if (!hoso_ocfl_parse_version_name (name, &number, &width))
        {
          hoso_ocfl_issue (l->report, by_spec (l, "E104", "E046"),
                           l->inv->display, "“%s” in versions is not a "
                           "version name (v followed by a number)", name);
          continue;
        }
      HosoOcflVersion *v = g_new0 (HosoOcflVersion, 1);
      v->name = name;
      v->number = number;
      v->block = block;
      g_hash_table_insert (l->inv->version_index, (gpointer) name, v);
      g_ptr_array_add (l->inv->versions, v);
      check_version_block (l, v, used);
    }
  g_ptr_array_sort (l->inv->versions, compare_versions);
  if (l->inv->versions->len > 0)
    l->inv->versions_ok = check_sequence (l);
}

/* E036, E040: head names the last version. */
static void
check_head (Load *l)
{
  l->inv->head = get_string (l, "head", "E036", "E040");
  GPtrArray *versions = l->inv->versions;
  if (l->inv->head == NULL || versions == NULL || versions->len == 0)
    return;
  const HosoOcflVersion *last = versions->pdata[versions->len - 1];
  if (strcmp (l->inv->head, last->name) != 0)
    hoso_ocfl_issue (l->report, "E040", l->inv->display,
                     "head is “%s” but the latest version is %s",
                     l->inv->head, last->name);
}

/* E107: every manifest entry is used by some version. */
static void
check_manifest_used (Load *l, GHashTable *used)
{
  const char *digest;
  json_t *paths;

  if (l->inv->manifest_json == NULL)
    return;
  json_object_foreach (l->inv->manifest_json, digest, paths)
    if (!g_hash_table_contains (used, digest))
      hoso_ocfl_issue (l->report, "E107", l->inv->display,
                       "manifest entry %s is not used by the state of any "
                       "version", digest);
}

/* ---- Fixity ------------------------------------------------------------- */

static gboolean
extension_algorithm (const char *name)
{
  /* Names from the digest-algorithms extensions 0001 and 0009: allowed,
   * and ignored when this build can not compute them (E028). */
  static const char *const names[] = {
    "blake2b-160", "blake2b-256", "blake2b-384", "sha512/256", "size",
  };
  for (gsize i = 0; i < G_N_ELEMENTS (names); i++)
    if (strcmp (name, names[i]) == 0)
      return TRUE;
  return FALSE;
}

static void
check_fixity_path (Load *l, const char *algorithm, json_t *item)
{
  const char *path = json_string_value (item);

  if (path == NULL)
    hoso_ocfl_issue (l->report, "E057", l->inv->display,
                     "the %s fixity block must list content paths as strings",
                     algorithm);
  else if (path_problem (path) == PATH_SLASH_END)
    hoso_ocfl_issue (l->report, "E100", l->inv->display,
                     "fixity content path “%s” must not begin or end with "
                     "“/”", path);
  else if (path_problem (path) == PATH_BAD_ELEMENT)
    hoso_ocfl_issue (l->report, "E099", l->inv->display,
                     "fixity content path “%s” has an empty, “.” or “..” "
                     "element", path);
  else if (!g_hash_table_contains (l->inv->manifest, path))
    hoso_ocfl_issue (l->report, "E057", l->inv->display,
                     "fixity content path “%s” is not in the manifest", path);
}

static void
check_fixity_block (Load *l, const char *algorithm, json_t *block)
{
  gboolean known = hoso_digest_algorithm_known (algorithm);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal,
                                                      g_free, NULL);
  g_autofree char *what = g_strdup_printf ("%s fixity block", algorithm);
  const char *digest;
  json_t *paths;

  if (!known && !extension_algorithm (algorithm))
    {
      hoso_ocfl_issue (l->report, "E056", l->inv->display,
                       "the fixity block uses “%s”, which is not a digest "
                       "algorithm named by OCFL or its extensions", algorithm);
      return;
    }
  if (!json_is_object (block))
    {
      hoso_ocfl_issue (l->report, "E057", l->inv->display,
                       "the %s must be a JSON object", what);
      return;
    }
  json_object_foreach (block, digest, paths)
    {
      check_digest_key (l, seen, digest, known ? algorithm : NULL, what,
                        "E057", "E097");
      if (!json_is_array (paths))
        {
          hoso_ocfl_issue (l->report, "E057", l->inv->display,
                           "the %s entry for %s must be an array of content "
                           "paths", what, digest);
          continue;
        }
      for (gsize i = 0; i < json_array_size (paths); i++)
        check_fixity_path (l, algorithm, json_array_get (paths, i));
    }
}

/* E111 (E055 in 1.0), E056, E057, E097. */
static void
check_fixity (Load *l)
{
  json_t *fixity = json_object_get (l->inv->json, "fixity");
  const char *algorithm;
  json_t *block;

  if (fixity == NULL)
    return;
  if (!json_is_object (fixity))
    {
      hoso_ocfl_issue (l->report, by_spec (l, "E111", "E055"),
                       l->inv->display, "the fixity block must be a JSON "
                       "object");
      return;
    }
  l->inv->fixity = fixity;
  json_object_foreach (fixity, algorithm, block)
    check_fixity_block (l, algorithm, block);
}

/* ---- Loading ------------------------------------------------------------ */

static json_t *
parse (HosoOcflReport *report, const char *display, GBytes *bytes)
{
  json_error_t jerr;
  json_t *json = json_loadb (g_bytes_get_data (bytes, NULL),
                             g_bytes_get_size (bytes),
                             JSON_REJECT_DUPLICATES, &jerr);
  if (json == NULL)
    {
      hoso_ocfl_issue (report, "E033", display,
                       "the inventory is not valid JSON in UTF-8: %s "
                       "(line %d, column %d)", jerr.text, jerr.line,
                       jerr.column);
      return NULL;
    }
  if (!json_is_object (json))
    {
      hoso_ocfl_issue (report, "E033", display,
                       "the inventory must be a JSON object");
      json_decref (json);
      return NULL;
    }
  return json;
}

static void
load_checks (Load *l, int declared_spec, gboolean is_root)
{
  g_autoptr(GHashTable) used = g_hash_table_new (g_str_hash, g_str_equal);

  l->inv->manifest = g_hash_table_new (g_str_hash, g_str_equal);
  check_id_and_type (l, declared_spec, is_root);
  check_keys (l);
  check_algorithm_and_content_dir (l);
  check_manifest (l);
  check_versions (l, used);
  check_head (l);
  check_manifest_used (l, used);
  check_fixity (l);
}

HosoOcflInventory *
hoso_ocfl_inventory_parse (HosoOcflReport *report, const char *display,
                           GBytes *bytes, int spec, gboolean is_root)
{
  json_t *json = parse (report, display, bytes);
  if (json == NULL)
    return NULL;

  g_autoptr(HosoOcflInventory) inv = g_new0 (HosoOcflInventory, 1);
  Load l = { report, inv, 0, is_root };
  gsize len;
  const void *data = g_bytes_get_data (bytes, &len);
  inv->display = g_strdup (display);
  inv->json = json;
  load_checks (&l, spec, is_root);
  inv->file_sha512 = hoso_digest_bytes_hex ("sha512", data, len);
  if (inv->digest_algorithm != NULL)
    inv->file_digest = hoso_digest_bytes_hex (inv->digest_algorithm, data, len);
  return g_steal_pointer (&inv);
}

HosoOcflVersion *
hoso_ocfl_inventory_version (HosoOcflInventory *inv, const char *name)
{
  return inv->version_index
    ? g_hash_table_lookup (inv->version_index, name) : NULL;
}

/* ---- Comparing a version folder's inventory with the root one ----------- */

/* The content paths the manifest of INV gives for DIGEST, sorted and
 * joined, so that two inventories in different digest algorithms can be
 * compared by where their content lies.  Caller frees. */
static char *
content_paths_of (HosoOcflInventory *inv, const char *digest)
{
  json_t *paths = inv->manifest_json
    ? json_object_get (inv->manifest_json, digest) : NULL;
  g_autoptr(GPtrArray) list = g_ptr_array_new ();

  for (gsize i = 0; json_is_array (paths) && i < json_array_size (paths); i++)
    {
      const char *p = json_string_value (json_array_get (paths, i));
      if (p != NULL)
        g_ptr_array_add (list, (gpointer) p);
    }
  g_ptr_array_sort (list, (GCompareFunc) g_strcmp0);
  g_ptr_array_add (list, NULL);
  return g_strjoinv ("\n", (char **) list->pdata);
}

/* When the root and a prior inventory use different digest algorithms,
 * their states are compared by where the content lies: each digest is
 * turned once into its sorted content paths, and equal lists share one
 * pointer, so that a comparison costs the same whatever the lists hold. */
typedef struct {
  GHashTable *canonical;      /* joined content paths (owned) */
  GHashTable *root_places;    /* root digest -> canonical list */
  GHashTable *prior_places;   /* prior digest -> canonical list */
} Places;

static const char *
place_of (Places *places, GHashTable *by_digest, HosoOcflInventory *inv,
          const char *digest)
{
  const char *place = g_hash_table_lookup (by_digest, digest);
  if (place != NULL)
    return place;
  char *joined = content_paths_of (inv, digest);
  place = g_hash_table_lookup (places->canonical, joined);
  if (place == NULL)
    {
      g_hash_table_add (places->canonical, joined);
      place = joined;
    }
  else
    g_free (joined);
  g_hash_table_insert (by_digest, (gpointer) digest, (gpointer) place);
  return place;
}

static gboolean
same_content (Places *places, HosoOcflInventory *root,
              const char *root_digest, HosoOcflInventory *prior,
              const char *prior_digest)
{
  if (root->digest_algorithm != NULL
      && root->digest_algorithm == prior->digest_algorithm)
    return g_ascii_strcasecmp (root_digest, prior_digest) == 0;
  const char *a = place_of (places, places->root_places, root, root_digest);
  const char *b = place_of (places, places->prior_places, prior,
                            prior_digest);
  return *a != '\0' && a == b;
}

/* E066: the version block V of PRIOR describes the same logical state as
 * the root inventory's block RV. */
static void
compare_state (HosoOcflReport *report, Places *places,
               HosoOcflInventory *root, HosoOcflVersion *rv,
               HosoOcflInventory *prior, HosoOcflVersion *pv)
{
  GHashTableIter iter;
  gpointer path, digest;
  const char *differs = NULL;

  if (rv->state == NULL || pv->state == NULL)
    return;
  g_hash_table_iter_init (&iter, rv->state);
  while (differs == NULL && g_hash_table_iter_next (&iter, &path, &digest))
    {
      const char *other = g_hash_table_lookup (pv->state, path);
      if (other == NULL || !same_content (places, root, digest, prior, other))
        differs = path;
    }
  if (differs == NULL
      && g_hash_table_size (rv->state) != g_hash_table_size (pv->state))
    differs = "(a file the root inventory does not list)";
  if (differs != NULL)
    hoso_ocfl_issue (report, "E066", prior->display,
                     "version %s here does not describe the same files as "
                     "in the root inventory (first difference: %s)",
                     pv->name, differs);
}

/* W011: created, message and user are the same. */
static void
compare_metadata (HosoOcflReport *report, HosoOcflVersion *rv,
                  HosoOcflInventory *prior, HosoOcflVersion *pv)
{
  static const char *const keys[] = { "created", "message", "user" };

  if (!json_is_object (rv->block) || !json_is_object (pv->block))
    return;
  for (gsize i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      json_t *a = json_object_get (rv->block, keys[i]);
      json_t *b = json_object_get (pv->block, keys[i]);
      if ((a == NULL) != (b == NULL) || (a != NULL && !json_equal (a, b)))
        hoso_ocfl_issue (report, "W011", prior->display,
                         "the “%s” of version %s differs from the root "
                         "inventory's", keys[i], pv->name);
    }
}

static void
compare_header (HosoOcflReport *report, HosoOcflInventory *root,
                HosoOcflInventory *prior, const char *version_name,
                int previous_spec)
{
  if (prior->head != NULL && strcmp (prior->head, version_name) != 0)
    hoso_ocfl_issue (report, "E040", prior->display,
                     "the inventory in version folder %s gives head “%s”; it "
                     "must be %s", version_name, prior->head, version_name);
  if (root->id != NULL && prior->id != NULL
      && strcmp (root->id, prior->id) != 0)
    hoso_ocfl_issue (report, "E037", prior->display,
                     "the object id “%s” differs from the root inventory's "
                     "“%s”; an object's id must not change", prior->id,
                     root->id);
  if (strcmp (root->content_directory, prior->content_directory) != 0)
    hoso_ocfl_issue (report, "E019", prior->display,
                     "contentDirectory is “%s” here but “%s” in the root "
                     "inventory; it must not change between versions",
                     prior->content_directory, root->content_directory);
  if (prior->spec != 0 && ((previous_spec != 0 && prior->spec < previous_spec)
                           || (root->spec != 0 && prior->spec > root->spec)))
    hoso_ocfl_issue (report, "E103", prior->display,
                     "this inventory is for OCFL 1.%d, which does not fit "
                     "between the earlier and later versions of the object",
                     prior->spec % 10);
}

void
hoso_ocfl_inventory_compare (HosoOcflReport *report, HosoOcflInventory *root,
                             HosoOcflInventory *prior,
                             const char *version_name, int previous_spec)
{
  Places places = {
    g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL),
    g_hash_table_new (g_str_hash, g_str_equal),
    g_hash_table_new (g_str_hash, g_str_equal),
  };

  compare_header (report, root, prior, version_name, previous_spec);
  for (guint i = 0; prior->versions != NULL && i < prior->versions->len; i++)
    {
      HosoOcflVersion *pv = prior->versions->pdata[i];
      HosoOcflVersion *rv = hoso_ocfl_inventory_version (root, pv->name);
      if (rv == NULL)
        {
          hoso_ocfl_issue (report, "E066", prior->display,
                           "version %s is not in the root inventory",
                           pv->name);
          continue;
        }
      compare_state (report, &places, root, rv, prior, pv);
      compare_metadata (report, rv, prior, pv);
    }
  g_hash_table_unref (places.root_places);
  g_hash_table_unref (places.prior_places);
  g_hash_table_unref (places.canonical);
}
