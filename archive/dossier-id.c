/* dossier-id.c: the grammar of dossier ids and of logical paths.
 *
 * A dossier id is what people type and see (QNA-2024-0012); its OCFL object
 * id is the URN urn:ocop:ID.  Logical paths are the names files have inside
 * a version; they are checked here before anything reaches the store, and
 * kept in Unicode NFC so that one name has one spelling.
 */
#include "config.h"

#include "archive-private.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <utf8proc.h>

#define OBJECT_ID_PREFIX "urn:ocop:"
#define DOSSIER_ID_MAX 64

G_DEFINE_QUARK (hoso-archive-error-quark, hoso_archive_error)

static gboolean
id_char_ok (char c)
{
  return g_ascii_isalnum (c) || c == '.' || c == '_' || c == '-';
}

gboolean
hoso_dossier_id_validate (const char *id, GError **error)
{
  gsize len = id ? strlen (id) : 0;
  const char *why = NULL;

  if (len == 0)
    why = _("it is empty");
  else if (len > DOSSIER_ID_MAX)
    why = _("it is longer than 64 characters");
  else if (!g_ascii_isalnum (id[0]))
    why = _("it must begin with a letter or a digit");
  else
    for (gsize i = 0; i < len; i++)
      if (!id_char_ok (id[i]))
        {
          why = _("it may hold only ASCII letters, digits, “.”, “_” and “-”");
          break;
        }
  if (why == NULL)
    return TRUE;

  g_autofree char *shown = id ? g_utf8_make_valid (id, -1) : g_strdup ("");
  g_set_error (error, HOSO_ARCHIVE_ERROR, HOSO_ARCHIVE_ERROR_INVALID_ID,
               _("“%s” is not a valid dossier id: %s (example: QNA-2024-0012)"),
               shown, why);
  return FALSE;
}

char *
hoso_dossier_object_id (const char *id)
{
  return g_strconcat (OBJECT_ID_PREFIX, id, NULL);
}

char *
hoso_dossier_id_from_object_id (const char *object_id)
{
  if (object_id == NULL || !g_str_has_prefix (object_id, OBJECT_ID_PREFIX))
    return NULL;
  const char *id = object_id + strlen (OBJECT_ID_PREFIX);
  if (!hoso_dossier_id_validate (id, NULL))
    return NULL;
  return g_strdup (id);
}

/* Runs utf8proc_map with OPTIONS on S (valid UTF-8); NULL if it fails. */
static char *
utf8_map (const char *s, utf8proc_option_t options)
{
  utf8proc_uint8_t *out = NULL;
  utf8proc_ssize_t n = utf8proc_map ((const utf8proc_uint8_t *) s, 0, &out,
                                     options | UTF8PROC_NULLTERM | UTF8PROC_STABLE);
  if (n < 0)
    return NULL;
  /* utf8proc allocates with malloc; hand back GLib memory. */
  char *copy = g_strdup ((const char *) out);
  free (out);
  return copy;
}

static gboolean
path_error (GError **error, const char *path, const char *why)
{
  g_autofree char *shown = g_utf8_make_valid (path, -1);
  g_set_error (error, HOSO_ARCHIVE_ERROR, HOSO_ARCHIVE_ERROR_INVALID_PATH,
               _("“%s” is not a valid path in a dossier: %s"), shown, why);
  return FALSE;
}

static gboolean
segment_ok (const char *seg, const char *path, GError **error)
{
  if (*seg == '\0')
    return path_error (error, path, _("it has an empty segment (“//”, or a “/” at either end)"));
  if (g_str_equal (seg, ".") || g_str_equal (seg, ".."))
    return path_error (error, path, _("“.” and “..” are not allowed"));
  if (strlen (seg) > 255)
    return path_error (error, path, _("a name is longer than 255 bytes"));
  return TRUE;
}

char *
hoso_logical_path_normalize (const char *path, GError **error)
{
  if (path == NULL || *path == '\0')
    {
      path_error (error, "", _("it is empty"));
      return NULL;
    }
  if (!g_utf8_validate (path, -1, NULL))
    {
      path_error (error, path, _("it is not valid UTF-8"));
      return NULL;
    }
  if (path[0] == '/')
    {
      path_error (error, path, _("absolute paths are not allowed"));
      return NULL;
    }
  for (const char *p = path; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      if (g_unichar_iscntrl (c) || c == '\\')
        {
          path_error (error, path, _("it holds a control character or a backslash"));
          return NULL;
        }
    }
  g_autofree char *nfc = utf8_map (path, UTF8PROC_COMPOSE);
  if (nfc == NULL)
    {
      path_error (error, path, _("it can not be normalised to Unicode NFC"));
      return NULL;
    }
  g_auto(GStrv) segs = g_strsplit (nfc, "/", -1);
  for (guint i = 0; segs[i]; i++)
    if (!segment_ok (segs[i], path, error))
      return NULL;
  return g_steal_pointer (&nfc);
}

char *
hoso_logical_path_fold (const char *path)
{
  char *folded = utf8_map (path, UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD);
  return folded ? folded : g_strdup (path);
}

char *
hoso_resolve_logical_path (const char *path, GError **error)
{
  g_autofree char *full = NULL;

  if (path != NULL && path[0] != '/'
      && !g_str_equal (path, "dossier.xml") && !g_str_has_prefix (path, "documents/"))
    full = g_strconcat ("documents/", path, NULL);
  else
    full = g_strdup (path);
  return hoso_logical_path_normalize (full, error);
}
