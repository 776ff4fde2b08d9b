/* archive-verify.c: fixity, re-hashing every stored file of a dossier.
 *
 * Structure is the validator's job (ocfl-validate*.c); this file answers
 * the records officer's question: is every byte still what was stored, and
 * if not, which document of which version is damaged.
 */
#include "config.h"

#include "archive-private.h"
#include "archive-fs.h"
#include "ocfl-digest.h"

#include <fcntl.h>
#include <unistd.h>

void
hoso_fixity_problem_free (HosoFixityProblem *p)
{
  if (p == NULL)
    return;
  g_free (p->dossier);
  g_free (p->path);
  g_free (p->content_path);
  g_free (p->expected);
  g_free (p->found);
  g_free (p);
}

/* Where DIGEST first appears: the version number and one logical path. */
static void
first_use (HosoInventory *inv, const char *digest, guint *out_version, const char **out_path)
{
  for (guint n = 1; n <= hoso_inventory_head (inv); n++)
    {
      GHashTableIter it;
      gpointer path, dig;
      g_hash_table_iter_init (&it, hoso_inventory_version (inv, n)->state);
      while (g_hash_table_iter_next (&it, &path, &dig))
        if (g_str_equal (dig, digest))
          {
            *out_version = n;
            *out_path = path;
            return;
          }
    }
  *out_version = 0;
  *out_path = NULL;
}

gboolean
hoso_archive_verify_fixity (HosoArchive *archive, const char *id, GPtrArray *problems,
                            GError **error)
{
  g_autoptr(HosoDossier) d = hoso_archive_load_dossier (archive, id, error);
  if (d == NULL)
    return FALSE;
  int root_fd = hoso_fs_opendir_at (AT_FDCWD, d->root, error);
  if (root_fd < 0)
    return FALSE;

  GHashTableIter it;
  gpointer digest, paths;
  g_hash_table_iter_init (&it, d->inv->manifest);
  while (g_hash_table_iter_next (&it, &digest, &paths))
    for (guint i = 0; i < ((GPtrArray *) paths)->len; i++)
      {
        const char *content = g_ptr_array_index ((GPtrArray *) paths, i);
        int fd = openat (root_fd, content, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
        char *found = NULL;
        if (fd >= 0)
          {
            (void) posix_fadvise (fd, 0, 0, POSIX_FADV_SEQUENTIAL);
            found = hoso_digest_fd_hex (fd, d->inv->digest_algorithm, NULL);
            close (fd);
          }
        if (found && g_ascii_strcasecmp (found, digest) == 0)
          {
            g_free (found);
            continue;
          }
        HosoFixityProblem *p = g_new0 (HosoFixityProblem, 1);
        const char *path;
        first_use (d->inv, digest, &p->version, &path);
        p->dossier = g_strdup (id);
        p->path = g_strdup (path);
        p->content_path = g_strdup (content);
        p->expected = g_strdup (digest);
        p->found = found;
        g_ptr_array_add (problems, p);
      }
  close (root_fd);
  return TRUE;
}
