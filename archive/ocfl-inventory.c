/* ocfl-inventory.c: reading and writing inventory.json with jansson. */
#include "config.h"

#include "ocfl-inventory.h"
#include "ocfl-digest.h"
#include "hoso-archive.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <jansson.h>

#define INVENTORY_TYPE "https://ocfl.io/1.1/spec/#inventory"

static void
version_free (HosoInventoryVersion *v)
{
  if (v == NULL)
    return;
  g_clear_pointer (&v->created, g_date_time_unref);
  g_free (v->message);
  g_free (v->user_name);
  g_free (v->user_address);
  g_clear_pointer (&v->state, g_hash_table_unref);
  g_free (v);
}

GHashTable *
hoso_state_new (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

GHashTable *
hoso_state_copy (GHashTable *state)
{
  GHashTable *copy = hoso_state_new ();
  GHashTableIter it;
  gpointer k, v;
  g_hash_table_iter_init (&it, state);
  while (g_hash_table_iter_next (&it, &k, &v))
    g_hash_table_insert (copy, g_strdup (k), g_strdup (v));
  return copy;
}

HosoInventory *
hoso_inventory_new (const char *id)
{
  HosoInventory *inv = g_new0 (HosoInventory, 1);
  inv->id = g_strdup (id);
  inv->digest_algorithm = g_strdup ("sha512");
  inv->content_directory = g_strdup ("content");
  inv->manifest = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify) g_ptr_array_unref);
  inv->versions = g_ptr_array_new_with_free_func ((GDestroyNotify) version_free);
  return inv;
}

void
hoso_inventory_free (HosoInventory *inv)
{
  if (inv == NULL)
    return;
  g_free (inv->id);
  g_free (inv->digest_algorithm);
  g_free (inv->content_directory);
  g_hash_table_unref (inv->manifest);
  g_ptr_array_unref (inv->versions);
  g_free (inv);
}

guint
hoso_inventory_head (HosoInventory *inv)
{
  return inv->versions->len;
}

HosoInventoryVersion *
hoso_inventory_version (HosoInventory *inv, guint n)
{
  if (n < 1 || n > inv->versions->len)
    return NULL;
  return g_ptr_array_index (inv->versions, n - 1);
}

HosoInventoryVersion *
hoso_inventory_add_version (HosoInventory *inv, GDateTime *created,
                            const char *message, const char *user_name,
                            const char *user_address, GHashTable *state)
{
  HosoInventoryVersion *v = g_new0 (HosoInventoryVersion, 1);
  v->created = g_date_time_ref (created);
  v->message = g_strdup (message);
  v->user_name = g_strdup (user_name);
  v->user_address = g_strdup (user_address);
  v->state = state;
  g_ptr_array_add (inv->versions, v);
  return v;
}

void
hoso_inventory_add_content (HosoInventory *inv, const char *digest,
                            const char *content_path)
{
  GPtrArray *paths = g_hash_table_lookup (inv->manifest, digest);
  if (paths == NULL)
    {
      paths = g_ptr_array_new_with_free_func (g_free);
      g_hash_table_insert (inv->manifest, g_strdup (digest), paths);
    }
  g_ptr_array_add (paths, g_strdup (content_path));
}

const char *
hoso_inventory_content_path (HosoInventory *inv, const char *digest)
{
  GPtrArray *paths = g_hash_table_lookup (inv->manifest, digest);
  return paths && paths->len ? g_ptr_array_index (paths, 0) : NULL;
}

/* ---- Parsing ----------------------------------------------------------- */

static gboolean
corrupt (GError **error, const char *why)
{
  g_set_error (error, HOSO_ARCHIVE_ERROR, HOSO_ARCHIVE_ERROR_CORRUPT,
               _("The inventory can not be used: %s"), why);
  return FALSE;
}

static const char *
opt_string (json_t *obj, const char *key)
{
  json_t *v = json_object_get (obj, key);
  return json_is_string (v) ? json_string_value (v) : NULL;
}

/* Digests are compared in lowercase: OCFL treats them case-insensitively. */
static char *
digest_key (const char *digest)
{
  return g_ascii_strdown (digest, -1);
}

static gboolean
parse_manifest (HosoInventory *inv, json_t *manifest, GError **error)
{
  const char *digest;
  json_t *paths;

  if (!json_is_object (manifest))
    return corrupt (error, _("“manifest” is missing or not an object"));
  json_object_foreach (manifest, digest, paths)
    {
      size_t i;
      json_t *p;
      g_autofree char *key = digest_key (digest);
      if (!json_is_array (paths))
        return corrupt (error, _("a manifest entry is not a list"));
      json_array_foreach (paths, i, p)
        {
          if (!json_is_string (p))
            return corrupt (error, _("a content path is not a string"));
          hoso_inventory_add_content (inv, key, json_string_value (p));
        }
    }
  return TRUE;
}

static GHashTable *
parse_state (json_t *state, GError **error)
{
  g_autoptr(GHashTable) out = hoso_state_new ();
  const char *digest;
  json_t *paths;

  if (!json_is_object (state))
    {
      corrupt (error, _("a version has no “state” object"));
      return NULL;
    }
  json_object_foreach (state, digest, paths)
    {
      size_t i;
      json_t *p;
      if (!json_is_array (paths))
        {
          corrupt (error, _("a state entry is not a list"));
          return NULL;
        }
      json_array_foreach (paths, i, p)
        {
          if (!json_is_string (p))
            {
              corrupt (error, _("a logical path is not a string"));
              return NULL;
            }
          g_hash_table_insert (out, g_strdup (json_string_value (p)),
                               digest_key (digest));
        }
    }
  return g_steal_pointer (&out);
}

static gboolean
parse_version (HosoInventory *inv, json_t *ver, GError **error)
{
  if (!json_is_object (ver))
    return corrupt (error, _("a version is not an object"));
  const char *created_s = opt_string (ver, "created");
  g_autoptr(GDateTime) created = created_s ? g_date_time_new_from_iso8601 (created_s, NULL) : NULL;
  if (created == NULL)
    return corrupt (error, _("a version has no valid “created” time"));
  GHashTable *state = parse_state (json_object_get (ver, "state"), error);
  if (state == NULL)
    return FALSE;
  json_t *user = json_object_get (ver, "user");
  hoso_inventory_add_version (inv, created, opt_string (ver, "message"),
                              json_is_object (user) ? opt_string (user, "name") : NULL,
                              json_is_object (user) ? opt_string (user, "address") : NULL,
                              state);
  return TRUE;
}

/* Version names are v1, v2... possibly zero-padded; returns 0 if not. */
static guint
version_number (const char *name)
{
  if (name[0] != 'v' || !g_ascii_isdigit (name[1]))
    return 0;
  guint64 n = 0;
  if (!g_ascii_string_to_unsigned (name + 1, 10, 1, G_MAXUINT32, &n, NULL))
    return 0;
  return (guint) n;
}

static gboolean
parse_versions (HosoInventory *inv, json_t *root, GError **error)
{
  json_t *versions = json_object_get (root, "versions");
  const char *head = opt_string (root, "head");
  guint head_n = head ? version_number (head) : 0;

  if (!json_is_object (versions) || head_n == 0)
    return corrupt (error, _("“versions” or “head” is missing"));
  if (json_object_size (versions) != head_n)
    return corrupt (error, _("the versions are not numbered 1 to head"));
  const char *name;
  json_t *ver;
  g_autofree json_t **ordered = g_new0 (json_t *, head_n);
  json_object_foreach (versions, name, ver)
    {
      guint n = version_number (name);
      if (n == 0 || n > head_n || ordered[n - 1] != NULL)
        return corrupt (error, _("the versions are not numbered 1 to head"));
      ordered[n - 1] = ver;
    }
  for (guint i = 0; i < head_n; i++)
    if (!parse_version (inv, ordered[i], error))
      return FALSE;
  return TRUE;
}

HosoInventory *
hoso_inventory_parse (GBytes *json, GError **error)
{
  gsize len;
  const char *data = g_bytes_get_data (json, &len);
  json_error_t jerr;
  json_t *root = json_loadb (data, len, JSON_REJECT_DUPLICATES, &jerr);

  if (root == NULL)
    {
      g_autofree char *why = g_strdup_printf (_("invalid JSON at line %d: %s"),
                                              jerr.line, jerr.text);
      corrupt (error, why);
      return NULL;
    }
  const char *id = opt_string (root, "id");
  const char *alg = opt_string (root, "digestAlgorithm");
  const char *cdir = opt_string (root, "contentDirectory");
  g_autoptr(HosoInventory) inv = NULL;
  if (id == NULL || alg == NULL || !hoso_digest_algorithm_known (alg))
    corrupt (error, _("“id” or “digestAlgorithm” is missing or unknown"));
  else
    {
      inv = hoso_inventory_new (id);
      g_free (inv->digest_algorithm);
      inv->digest_algorithm = g_strdup (alg);
      if (cdir)
        {
          g_free (inv->content_directory);
          inv->content_directory = g_strdup (cdir);
        }
      if (!parse_manifest (inv, json_object_get (root, "manifest"), error)
          || !parse_versions (inv, root, error))
        g_clear_pointer (&inv, hoso_inventory_free);
    }
  json_decref (root);
  return g_steal_pointer (&inv);
}

/* ---- Writing ----------------------------------------------------------- */

static int
compare_strings (gconstpointer a, gconstpointer b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

static json_t *
sorted_string_array (GPtrArray *strings)
{
  g_autoptr(GPtrArray) copy = g_ptr_array_copy (strings, NULL, NULL);
  g_ptr_array_set_free_func (copy, NULL);     /* the copy borrows the strings */
  g_ptr_array_sort (copy, compare_strings);
  json_t *arr = json_array ();
  for (guint i = 0; i < copy->len; i++)
    json_array_append_new (arr, json_string (g_ptr_array_index (copy, i)));
  return arr;
}

static json_t *
state_to_json (GHashTable *state)
{
  g_autoptr(GHashTable) by_digest = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                           (GDestroyNotify) g_ptr_array_unref);
  GHashTableIter it;
  gpointer path, digest;
  g_hash_table_iter_init (&it, state);
  while (g_hash_table_iter_next (&it, &path, &digest))
    {
      GPtrArray *paths = g_hash_table_lookup (by_digest, digest);
      if (paths == NULL)
        {
          paths = g_ptr_array_new ();
          g_hash_table_insert (by_digest, digest, paths);
        }
      g_ptr_array_add (paths, path);
    }
  json_t *obj = json_object ();
  g_hash_table_iter_init (&it, by_digest);
  gpointer paths;
  while (g_hash_table_iter_next (&it, &digest, &paths))
    json_object_set_new (obj, digest, sorted_string_array (paths));
  return obj;
}

static json_t *
version_to_json (HosoInventoryVersion *v)
{
  json_t *obj = json_object ();
  g_autofree char *created = g_date_time_format (v->created, "%Y-%m-%dT%H:%M:%SZ");
  json_object_set_new (obj, "created", json_string (created));
  if (v->message)
    json_object_set_new (obj, "message", json_string (v->message));
  json_object_set_new (obj, "state", state_to_json (v->state));
  if (v->user_name)
    {
      json_t *user = json_object ();
      json_object_set_new (user, "name", json_string (v->user_name));
      if (v->user_address)
        json_object_set_new (user, "address", json_string (v->user_address));
      json_object_set_new (obj, "user", user);
    }
  return obj;
}

GBytes *
hoso_inventory_serialize (HosoInventory *inv)
{
  json_t *root = json_object ();
  guint head = hoso_inventory_head (inv);
  g_autofree char *head_name = g_strdup_printf ("v%u", head);

  json_object_set_new (root, "id", json_string (inv->id));
  json_object_set_new (root, "type", json_string (INVENTORY_TYPE));
  json_object_set_new (root, "digestAlgorithm", json_string (inv->digest_algorithm));
  json_object_set_new (root, "head", json_string (head_name));
  if (!g_str_equal (inv->content_directory, "content"))
    json_object_set_new (root, "contentDirectory", json_string (inv->content_directory));

  json_t *manifest = json_object ();
  GHashTableIter it;
  gpointer digest, paths;
  g_hash_table_iter_init (&it, inv->manifest);
  while (g_hash_table_iter_next (&it, &digest, &paths))
    json_object_set_new (manifest, digest, sorted_string_array (paths));
  json_object_set_new (root, "manifest", manifest);

  json_t *versions = json_object ();
  for (guint n = 1; n <= head; n++)
    {
      g_autofree char *name = g_strdup_printf ("v%u", n);
      json_object_set_new (versions, name, version_to_json (hoso_inventory_version (inv, n)));
    }
  json_object_set_new (root, "versions", versions);

  char *text = json_dumps (root, JSON_INDENT (2) | JSON_SORT_KEYS);
  json_decref (root);
  GString *s = g_string_new (text);
  free (text);
  g_string_append_c (s, '\n');
  return g_string_free_to_bytes (s);
}

char *
hoso_inventory_sidecar (GBytes *json, const char *algorithm)
{
  gsize len;
  const void *data = g_bytes_get_data (json, &len);
  g_autofree char *digest = hoso_digest_bytes_hex (algorithm, data, len);
  return g_strdup_printf ("%s inventory.json\n", digest);
}

gboolean
hoso_inventory_sidecar_matches (GBytes *json, GBytes *sidecar,
                                const char *algorithm)
{
  gsize len, slen;
  const void *data = g_bytes_get_data (json, &len);
  const char *s = g_bytes_get_data (sidecar, &slen);
  g_autofree char *digest = hoso_digest_bytes_hex (algorithm, data, len);
  g_autofree char *text = g_strndup (s, slen);
  g_auto(GStrv) words = g_strsplit_set (g_strstrip (text), " \t", 2);

  return digest && words[0] && words[1]
         && g_ascii_strcasecmp (words[0], digest) == 0
         && g_str_equal (g_strstrip (words[1]), "inventory.json");
}
