/* archive-read.c: reading dossiers: versions, files and differences.
 *
 * Readers take no lock.  Versions never change once written, so a reader
 * needs only a consistent root inventory (hoso_archive_read_inventory
 * retries while a writer is replacing it); every content file it names is
 * already in place.
 */
#include "config.h"

#include "archive-private.h"
#include "archive-fs.h"
#include "ocfl-digest.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <gio/gio.h>
#include <glib/gi18n-lib.h>

#define COPY_CHUNK (1024 * 1024)

static void
version_info_free (HosoVersionInfo *info)
{
  g_date_time_unref (info->created);
  g_free (info->message);
  g_free (info->user_name);
  g_free (info->user_address);
  g_free (info);
}

static GPtrArray *
version_infos (HosoInventory *inv)
{
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) version_info_free);
  for (guint n = 1; n <= hoso_inventory_head (inv); n++)
    {
      HosoInventoryVersion *v = hoso_inventory_version (inv, n);
      HosoVersionInfo *info = g_new0 (HosoVersionInfo, 1);
      info->number = n;
      info->created = g_date_time_ref (v->created);
      info->message = g_strdup (v->message);
      info->user_name = g_strdup (v->user_name);
      info->user_address = g_strdup (v->user_address);
      g_ptr_array_add (out, info);
    }
  return out;
}

HosoDossier *
hoso_archive_load_dossier (HosoArchive *archive, const char *id, GError **error)
{
  if (!hoso_dossier_id_validate (id, error))
    return NULL;
  g_autofree char *rel = hoso_archive_object_path (id);
  g_autoptr(GError) local = NULL;
  HosoInventory *inv = hoso_archive_read_inventory (archive, rel, &local);
  if (inv == NULL)
    {
      if (g_error_matches (local, HOSO_ARCHIVE_ERROR, HOSO_ARCHIVE_ERROR_NOT_FOUND))
        g_set_error (error, HOSO_ARCHIVE_ERROR, HOSO_ARCHIVE_ERROR_NOT_FOUND,
                     _("There is no dossier %s in archive “%s”. See “hoso list”."),
                     id, archive->path);
      else
        g_propagate_prefixed_error (error, g_steal_pointer (&local),
                                    _("Reading dossier %s: "), id);
      return NULL;
    }
  HosoDossier *d = g_new0 (HosoDossier, 1);
  d->id = g_strdup (id);
  d->root = g_build_filename (archive->store_path, rel, NULL);
  d->inv = inv;
  d->versions = version_infos (inv);
  return d;
}

void
hoso_dossier_free (HosoDossier *dossier)
{
  if (dossier == NULL)
    return;
  g_free (dossier->id);
  g_free (dossier->root);
  hoso_inventory_free (dossier->inv);
  g_ptr_array_unref (dossier->versions);
  g_free (dossier);
}

const char *
hoso_dossier_get_id (HosoDossier *dossier)
{
  return dossier->id;
}

guint
hoso_dossier_get_head (HosoDossier *dossier)
{
  return hoso_inventory_head (dossier->inv);
}

const char *
hoso_dossier_get_root (HosoDossier *dossier)
{
  return dossier->root;
}

const HosoVersionInfo *
hoso_dossier_get_version (HosoDossier *dossier, guint n)
{
  if (n < 1 || n > dossier->versions->len)
    return NULL;
  return g_ptr_array_index (dossier->versions, n - 1);
}

/* ---- Files of a version -------------------------------------------------- */

void
hoso_entry_free (HosoEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->path);
  g_free (entry->digest);
  g_free (entry->content_path);
  g_free (entry);
}

/* The state of version N (0: head), or NULL with NOT_FOUND. */
static GHashTable *
state_of (HosoDossier *d, guint n, GError **error)
{
  HosoInventoryVersion *v = hoso_inventory_version (d->inv, n ? n : hoso_inventory_head (d->inv));
  if (v == NULL)
    g_set_error (error, HOSO_ARCHIVE_ERROR, HOSO_ARCHIVE_ERROR_NOT_FOUND,
                 _("Dossier %s has no version %u; its versions are 1 to %u."),
                 d->id, n, hoso_inventory_head (d->inv));
  return v ? v->state : NULL;
}

static HosoEntry *
make_entry (HosoDossier *d, const char *path, const char *digest)
{
  HosoEntry *e = g_new0 (HosoEntry, 1);
  struct stat st;
  e->path = g_strdup (path);
  e->digest = g_strdup (digest);
  e->content_path = g_strdup (hoso_inventory_content_path (d->inv, digest));
  g_autofree char *file = e->content_path ? g_build_filename (d->root, e->content_path, NULL) : NULL;
  e->size = file && stat (file, &st) == 0 ? st.st_size : -1;
  return e;
}

static int
compare_entries (gconstpointer a, gconstpointer b)
{
  return strcmp ((*(HosoEntry *const *) a)->path, (*(HosoEntry *const *) b)->path);
}

GPtrArray *
hoso_dossier_list (HosoDossier *d, guint n, GError **error)
{
  GHashTable *state = state_of (d, n, error);
  if (state == NULL)
    return NULL;
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) hoso_entry_free);
  GHashTableIter it;
  gpointer path, digest;
  g_hash_table_iter_init (&it, state);
  while (g_hash_table_iter_next (&it, &path, &digest))
    g_ptr_array_add (out, make_entry (d, path, digest));
  g_ptr_array_sort (out, compare_entries);
  return out;
}

HosoEntry *
hoso_dossier_lookup (HosoDossier *d, guint n, const char *path_in, GError **error)
{
  GHashTable *state = state_of (d, n, error);
  if (state == NULL)
    return NULL;
  g_autofree char *path = hoso_resolve_logical_path (path_in, error);
  if (path == NULL)
    return NULL;
  const char *digest = g_hash_table_lookup (state, path);
  if (digest == NULL)
    {
      g_set_error (error, HOSO_ARCHIVE_ERROR, HOSO_ARCHIVE_ERROR_NOT_FOUND,
                   _("Dossier %s has no file “%s” in version %u. See “hoso ls %s”, "
                     "or “hoso log %s” for the versions that had it."),
                   d->id, path, n ? n : hoso_inventory_head (d->inv), d->id, d->id);
      return NULL;
    }
  return make_entry (d, path, digest);
}

/* Streams DIRFD-relative FILE to OUT_FD (if >= 0) and returns its digest. */
static char *
stream_and_hash (int fd, int out_fd, const char *algorithm, const char *what, GError **error)
{
  g_autoptr(HosoDigest) digest = hoso_digest_new (algorithm);
  g_autofree guint8 *buf = g_malloc (COPY_CHUNK);

  for (;;)
    {
      ssize_t n = read (fd, buf, COPY_CHUNK);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          hoso_fs_set_errno (error, errno, _("Reading “%s”"), what);
          return NULL;
        }
      if (n == 0)
        break;
      hoso_digest_update (digest, buf, (gsize) n);
      if (out_fd >= 0 && !hoso_fs_write_all (out_fd, buf, (gsize) n, what, error))
        return NULL;
    }
  return hoso_digest_finish_hex (digest);
}

gboolean
hoso_dossier_copy_out (HosoDossier *d, const HosoEntry *entry, int out_fd, GError **error)
{
  if (entry->content_path == NULL)
    {
      g_set_error (error, HOSO_ARCHIVE_ERROR, HOSO_ARCHIVE_ERROR_CORRUPT,
                   _("Dossier %s: the manifest has no content for “%s”."), d->id, entry->path);
      return FALSE;
    }
  g_autofree char *file = g_build_filename (d->root, entry->content_path, NULL);
  int fd = open (file, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    {
      g_set_error (error, HOSO_ARCHIVE_ERROR, HOSO_ARCHIVE_ERROR_CORRUPT,
                   _("Dossier %s: the stored copy of “%s” can not be read (%s). "
                     "Run “hoso verify %s”."), d->id, entry->path, g_strerror (errno), d->id);
      return FALSE;
    }
  (void) posix_fadvise (fd, 0, 0, POSIX_FADV_SEQUENTIAL);
  g_autofree char *found = stream_and_hash (fd, out_fd, d->inv->digest_algorithm, entry->path, error);
  close (fd);
  if (found == NULL)
    return FALSE;
  if (g_ascii_strcasecmp (found, entry->digest) != 0)
    {
      g_set_error (error, HOSO_ARCHIVE_ERROR, HOSO_ARCHIVE_ERROR_CORRUPT,
                   _("Dossier %s: the stored copy of “%s” is damaged (its digest does not "
                     "match the inventory). Run “hoso verify %s” and restore it from a backup."),
                   d->id, entry->path, d->id);
      return FALSE;
    }
  return TRUE;
}

/* ---- Differences ----------------------------------------------------------- */

const char *
hoso_change_kind_to_string (HosoChangeKind kind)
{
  switch (kind)
    {
    case HOSO_CHANGE_ADDED: return "added";
    case HOSO_CHANGE_REMOVED: return "removed";
    case HOSO_CHANGE_MODIFIED: return "modified";
    case HOSO_CHANGE_RENAMED: return "renamed";
    default: return "unknown";
    }
}

static void
change_free (HosoChange *c)
{
  g_free (c->path);
  g_free (c->old_path);
  g_free (c->old_digest);
  g_free (c->new_digest);
  g_free (c);
}

static HosoChange *
change_new (HosoChangeKind kind, const char *path, const char *old_path,
            const char *old_digest, const char *new_digest)
{
  HosoChange *c = g_new0 (HosoChange, 1);
  c->kind = kind;
  c->path = g_strdup (path);
  c->old_path = g_strdup (old_path);
  c->old_digest = g_strdup (old_digest);
  c->new_digest = g_strdup (new_digest);
  return c;
}

static int
compare_changes (gconstpointer a, gconstpointer b)
{
  return strcmp ((*(HosoChange *const *) a)->path, (*(HosoChange *const *) b)->path);
}

/* Pairs each removed path with an added path of the same content: a rename. */
static void
find_renames (GPtrArray *changes)
{
  g_autoptr(GHashTable) added = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < changes->len; i++)
    {
      HosoChange *c = g_ptr_array_index (changes, i);
      if (c->kind == HOSO_CHANGE_ADDED && !g_hash_table_contains (added, c->new_digest))
        g_hash_table_insert (added, c->new_digest, c);
    }
  for (guint i = 0; i < changes->len; )
    {
      HosoChange *r = g_ptr_array_index (changes, i);
      HosoChange *a = r->kind == HOSO_CHANGE_REMOVED
                      ? g_hash_table_lookup (added, r->old_digest) : NULL;
      if (a == NULL)
        {
          i++;
          continue;
        }
      g_hash_table_remove (added, r->old_digest);
      a->kind = HOSO_CHANGE_RENAMED;
      a->old_path = g_steal_pointer (&r->path);
      g_ptr_array_remove_index (changes, i);
    }
}

GPtrArray *
hoso_dossier_diff (HosoDossier *d, guint va, guint vb, GError **error)
{
  g_autoptr(GHashTable) empty = hoso_state_new ();
  GHashTable *a = va == 0 ? empty : state_of (d, va, error);
  GHashTable *b = a ? state_of (d, vb, error) : NULL;
  if (b == NULL || vb == 0)
    {
      if (b != NULL)
        g_set_error (error, HOSO_ARCHIVE_ERROR, HOSO_ARCHIVE_ERROR_NOT_FOUND,
                     _("Dossier %s has no version 0."), d->id);
      return NULL;
    }
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) change_free);
  GHashTableIter it;
  gpointer path, digest;
  g_hash_table_iter_init (&it, a);
  while (g_hash_table_iter_next (&it, &path, &digest))
    {
      const char *now = g_hash_table_lookup (b, path);
      if (now == NULL)
        g_ptr_array_add (out, change_new (HOSO_CHANGE_REMOVED, path, NULL, digest, NULL));
      else if (!g_str_equal (now, digest))
        g_ptr_array_add (out, change_new (HOSO_CHANGE_MODIFIED, path, NULL, digest, now));
    }
  g_hash_table_iter_init (&it, b);
  while (g_hash_table_iter_next (&it, &path, &digest))
    if (!g_hash_table_contains (a, path))
      g_ptr_array_add (out, change_new (HOSO_CHANGE_ADDED, path, NULL, NULL, digest));
  g_ptr_array_sort (out, compare_changes);
  find_renames (out);
  return out;
}

