/* ocfl-validate.c: the validator's entry points, its storage root checks,
 * and the report and file system helpers its other files share.
 *
 * hoso_ocfl_validate_path() looks at the folder it is given: one holding a
 * storage root declaration (0=ocfl_1.x) or an ocfl_layout.json is checked
 * as a storage root, anything else as an object.  A storage root check
 * walks the storage hierarchy without following links, validates every
 * object root it meets, and, when ocfl_layout.json names the
 * 0004-hashed-n-tuple-storage-layout extension, checks that each object sits
 * at the path its id maps to.  Objects are checked in
 * ocfl-validate-object.c, inventories in ocfl-validate-inventory.c.
 *
 * Nothing is printed: every finding becomes a HosoOcflIssue with the code
 * from the OCFL validation-codes list (https://ocfl.io/1.1/spec/
 * validation-codes.html) and a sentence saying what is wrong and where.
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

#define LAYOUT_0004 "0004-hashed-n-tuple-storage-layout"

/* ---- Issues and the report ---------------------------------------------- */

void
hoso_ocfl_issue_free (HosoOcflIssue *issue)
{
  if (issue == NULL)
    return;
  g_free (issue->path);
  g_free (issue->message);
  g_free (issue);
}

void
hoso_ocfl_report_init (HosoOcflReport *report, GPtrArray *issues,
                       HosoOcflValidateFlags flags)
{
  memset (report, 0, sizeof *report);
  report->issues = issues;
  report->flags = flags;
  report->seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  report->per_code = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                            NULL);
}

void
hoso_ocfl_report_clear (HosoOcflReport *report)
{
  g_clear_pointer (&report->seen, g_hash_table_unref);
  g_clear_pointer (&report->per_code, g_hash_table_unref);
}

/* S as valid UTF-8 of at most MAX_CHARS characters, with control and line
 * separator characters written as \xNN, so that a hostile file name or
 * JSON string can neither forge an output line nor flood it. */
static char *
clean_text (const char *s, guint max_chars)
{
  g_autofree char *valid = g_utf8_make_valid (s, -1);
  GString *out = g_string_sized_new (strlen (valid) + 8);
  guint n = 0;

  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      if (n++ == max_chars)
        {
          g_string_append (out, "…");
          break;
        }
      if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0))
        g_string_append_printf (out, "\\x%02x", (guint) c);
      else if (c == 0x2028 || c == 0x2029)
        g_string_append_printf (out, "\\u%04x", (guint) c);
      else
        g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

/* Counts one more issue of CODE in the current object; FALSE once the
 * cap is passed. */
static gboolean
count_and_check_cap (HosoOcflReport *report, const char *code)
{
  gpointer count = g_hash_table_lookup (report->per_code, code);
  guint n = GPOINTER_TO_UINT (count) + 1;
  g_hash_table_replace (report->per_code, g_strdup (code),
                        GUINT_TO_POINTER (n));
  return n <= HOSO_OCFL_MAX_ISSUES_PER_CODE;
}

static gboolean
capped (HosoOcflReport *report, const char *code)
{
  gpointer count = g_hash_table_lookup (report->per_code, code);
  return GPOINTER_TO_UINT (count) >= HOSO_OCFL_MAX_ISSUES_PER_CODE;
}

static void
add_issue (HosoOcflReport *report, const char *code, const char *path,
           const char *message)
{
  HosoOcflIssue *issue = g_new0 (HosoOcflIssue, 1);
  g_strlcpy (issue->code, code, sizeof issue->code);
  issue->is_warning = code[0] == 'W';
  issue->path = path ? clean_text (path, 1000) : NULL;
  issue->message = clean_text (message, 600);
  g_ptr_array_add (report->issues, issue);
}

void
hoso_ocfl_issue (HosoOcflReport *report, const char *code, const char *path,
                 const char *format, ...)
{
  va_list args;
  va_start (args, format);
  g_autofree char *message = g_strdup_vprintf (format, args);
  va_end (args);

  /* Past the cap, issues are only counted: remembering each one to drop
   * repeats would cost memory in proportion to a damaged archive. */
  if (!capped (report, code))
    {
      g_autofree char *key = g_strdup_printf ("%s\n%s\n%s", code,
                                              path ? path : "", message);
      if (!g_hash_table_add (report->seen, g_steal_pointer (&key)))
        return;
    }
  if (code[0] == 'W')
    report->n_warnings++;
  else
    report->n_errors++;
  if (count_and_check_cap (report, code))
    add_issue (report, code, path, message);
}

void
hoso_ocfl_report_object_done (HosoOcflReport *report, const char *path)
{
  GHashTableIter iter;
  gpointer code, count;

  g_hash_table_iter_init (&iter, report->per_code);
  while (g_hash_table_iter_next (&iter, &code, &count))
    {
      guint n = GPOINTER_TO_UINT (count);
      if (n <= HOSO_OCFL_MAX_ISSUES_PER_CODE)
        continue;
      g_autofree char *message = g_strdup_printf (
        "%u more issues with code %s in this object are not listed",
        n - HOSO_OCFL_MAX_ISSUES_PER_CODE, (const char *) code);
      add_issue (report, code, path, message);
    }
  g_hash_table_remove_all (report->per_code);
  g_hash_table_remove_all (report->seen);
}

/* ---- File system helpers ------------------------------------------------ */

void
hoso_ocfl_close_fd (int *fd)
{
  if (*fd >= 0)
    close (*fd);
  *fd = -1;
}

static void
entry_free (gpointer p)
{
  HosoOcflEntry *entry = p;
  g_free (entry->name);
  g_free (entry);
}

static int
compare_entries (gconstpointer a, gconstpointer b)
{
  const HosoOcflEntry *ea = *(HosoOcflEntry * const *) a;
  const HosoOcflEntry *eb = *(HosoOcflEntry * const *) b;
  return strcmp (ea->name, eb->name);
}

static HosoOcflEntryKind
entry_kind (int dirfd, const struct dirent *de)
{
  struct stat st;

  switch (de->d_type)
    {
    case DT_REG: return HOSO_OCFL_ENTRY_FILE;
    case DT_DIR: return HOSO_OCFL_ENTRY_DIR;
    case DT_LNK: return HOSO_OCFL_ENTRY_LINK;
    case DT_UNKNOWN: break;
    default: return HOSO_OCFL_ENTRY_OTHER;
    }
  if (fstatat (dirfd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0)
    return HOSO_OCFL_ENTRY_OTHER;
  if (S_ISREG (st.st_mode))
    return HOSO_OCFL_ENTRY_FILE;
  if (S_ISDIR (st.st_mode))
    return HOSO_OCFL_ENTRY_DIR;
  if (S_ISLNK (st.st_mode))
    return HOSO_OCFL_ENTRY_LINK;
  return HOSO_OCFL_ENTRY_OTHER;
}

GPtrArray *
hoso_ocfl_list_dir (int dirfd, GError **error)
{
  int fd = openat (dirfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  DIR *dir = fd >= 0 ? fdopendir (fd) : NULL;
  struct dirent *de;

  if (dir == NULL)
    {
      int errsv = errno;
      if (fd >= 0)
        close (fd);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
                   "%s", g_strerror (errsv));
      return NULL;
    }
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func (entry_free);
  errno = 0;
  while ((de = readdir (dir)) != NULL)
    {
      if (strcmp (de->d_name, ".") == 0 || strcmp (de->d_name, "..") == 0)
        continue;
      HosoOcflEntry *entry = g_new0 (HosoOcflEntry, 1);
      entry->name = g_strdup (de->d_name);
      entry->kind = entry_kind (dirfd, de);
      g_ptr_array_add (entries, entry);
      errno = 0;
    }
  int errsv = errno;
  closedir (dir);
  if (errsv != 0)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
                   "%s", g_strerror (errsv));
      return NULL;
    }
  g_ptr_array_sort (entries, compare_entries);
  return g_steal_pointer (&entries);
}

const HosoOcflEntry *
hoso_ocfl_find_entry (GPtrArray *entries, const char *name)
{
  for (guint i = 0; entries != NULL && i < entries->len; i++)
    {
      const HosoOcflEntry *entry = entries->pdata[i];
      if (strcmp (entry->name, name) == 0)
        return entry;
    }
  return NULL;
}

int
hoso_ocfl_open_dir_at (int dirfd, const char *name)
{
  return openat (dirfd, name,
                 O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
}

static gboolean
read_all (int fd, guint8 *buf, gsize len, GError **error)
{
  gsize done = 0;
  while (done < len)
    {
      ssize_t n = read (fd, buf + done, len - done);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int errsv = errno;
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
                       "%s", g_strerror (errsv));
          return FALSE;
        }
      if (n == 0)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                       "the file shrank while it was read");
          return FALSE;
        }
      done += (gsize) n;
    }
  return TRUE;
}

GBytes *
hoso_ocfl_read_file_at (int dirfd, const char *name, gsize max_bytes,
                        GError **error)
{
  HOSO_OCFL_AUTOFD int fd = openat (dirfd, name,
                                    O_RDONLY | O_NOFOLLOW | O_CLOEXEC
                                    | O_NOCTTY | O_NONBLOCK);
  struct stat st;

  if (fd < 0 || fstat (fd, &st) != 0)
    {
      int errsv = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
                   "%s", g_strerror (errsv));
      return NULL;
    }
  if (!S_ISREG (st.st_mode))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE,
                   "it is not a regular file");
      return NULL;
    }
  if ((guint64) st.st_size > max_bytes)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE,
                   "it is %" G_GUINT64_FORMAT " bytes long, more than the "
                   "%" G_GSIZE_FORMAT " this validator reads",
                   (guint64) st.st_size, max_bytes);
      return NULL;
    }
  gsize len = (gsize) st.st_size;
  guint8 *buf = g_malloc (len + 1);
  if (!read_all (fd, buf, len, error))
    {
      g_free (buf);
      return NULL;
    }
  buf[len] = '\0';
  return g_bytes_new_take (buf, len);
}

const HosoOcflEntry *
hoso_ocfl_find_declaration (GPtrArray *entries, guint *count)
{
  const HosoOcflEntry *decl = NULL;

  *count = 0;
  for (guint i = 0; i < entries->len; i++)
    {
      const HosoOcflEntry *entry = entries->pdata[i];
      if (g_str_has_prefix (entry->name, "0="))
        {
          decl = entry;
          (*count)++;
        }
    }
  return decl;
}

void
hoso_ocfl_check_declaration_text (HosoOcflReport *report, int dirfd,
                                  const char *dir_display, const char *name,
                                  const char *read_code, const char *text_code)
{
  g_autofree char *path = hoso_ocfl_join (dir_display, name);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = hoso_ocfl_read_file_at (dirfd, name, 64, &error);
  g_autofree char *want = g_strconcat (name + 2, "\n", NULL);

  if (bytes == NULL)
    hoso_ocfl_issue (report, read_code, path,
                     "the declaration can not be read: %s", error->message);
  else if (g_bytes_get_size (bytes) != strlen (want)
           || memcmp (g_bytes_get_data (bytes, NULL), want, strlen (want)) != 0)
    hoso_ocfl_issue (report, text_code, path,
                     "the declaration must hold the text “%s” and a "
                     "newline, and nothing else", name + 2);
}

char *
hoso_ocfl_join (const char *dir, const char *name)
{
  if (dir == NULL || *dir == '\0')
    return g_strdup (name);
  if (g_str_has_suffix (dir, "/"))
    return g_strconcat (dir, name, NULL);
  return g_strconcat (dir, "/", name, NULL);
}

/* ---- Small syntax checks ------------------------------------------------ */

gboolean
hoso_ocfl_parse_version_name (const char *s, guint *number, guint *width)
{
  guint64 n = 0;
  guint digits = 0;

  if (s == NULL || s[0] != 'v' || s[1] == '\0')
    return FALSE;
  for (const char *p = s + 1; *p != '\0'; p++)
    {
      if (!g_ascii_isdigit (*p) || ++digits > 18)
        return FALSE;
      n = n * 10 + (guint64) (*p - '0');
    }
  if (n == 0 || n >= 1000000000)
    return FALSE;
  *number = (guint) n;
  *width = digits;
  return TRUE;
}

gboolean
hoso_ocfl_is_uri (const char *s)
{
  const char *p = s;

  if (s == NULL || !g_ascii_isalpha (*p))
    return FALSE;
  while (g_ascii_isalnum (*p) || *p == '+' || *p == '-' || *p == '.')
    p++;
  if (*p != ':' || p[1] == '\0')
    return FALSE;
  for (; *p != '\0'; p++)
    if ((guchar) *p <= 0x20 || *p == 0x7f)
      return FALSE;
  return TRUE;
}

gboolean
hoso_ocfl_is_hex_digest (const char *algorithm, const char *s)
{
  guint want = hoso_digest_hex_length (algorithm);
  gsize len = strlen (s);

  if (len == 0 || (want != 0 && len != want))
    return FALSE;
  if (want == 0)
    return TRUE;
  for (const char *p = s; *p != '\0'; p++)
    if (!g_ascii_isxdigit (*p))
      return FALSE;
  return TRUE;
}

gboolean
hoso_ocfl_extension_registered (const char *name)
{
  /* The community extensions published by the OCFL editors
   * (https://github.com/OCFL/extensions). */
  static const char *const registered[] = {
    "0001-digest-algorithms",
    "0002-flat-direct-storage-layout",
    "0003-hash-and-id-n-tuple-storage-layout",
    LAYOUT_0004,
    "0005-mutable-head",
    "0006-flat-omit-prefix-storage-layout",
    "0007-n-tuple-omit-prefix-storage-layout",
    "0008-schema-registry",
    "0009-digest-algorithms",
    "0011-direct-clean-path-layout",
    "0012-hash-and-no-prefix-id-n-tuple-storage-layout",
  };
  for (gsize i = 0; i < G_N_ELEMENTS (registered); i++)
    if (strcmp (name, registered[i]) == 0)
      return TRUE;
  return FALSE;
}

/* ---- Storage roots ------------------------------------------------------ */

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
  guint n;
  const HosoOcflEntry *decl = hoso_ocfl_find_declaration (entries, &n);
  int spec;

  if (decl == NULL)
    {
      hoso_ocfl_issue (w->report, "E069", w->display,
                       "the storage root has no declaration file "
                       "0=ocfl_1.1 (or 0=ocfl_1.0)");
      return 0;
    }
  if (n > 1)
    hoso_ocfl_issue (w->report, "E076", w->display,
                     "the storage root has %u declaration files (0=...); "
                     "there must be exactly one", n);
  spec = strcmp (decl->name, "0=ocfl_1.1") == 0 ? 11
    : strcmp (decl->name, "0=ocfl_1.0") == 0 ? 10 : 0;
  if (spec == 0)
    hoso_ocfl_issue (w->report, g_str_has_prefix (decl->name, "0=ocfl_")
                     ? "E077" : "E079", w->display,
                     "the declaration file is named “%s”, not 0=ocfl_1.1 "
                     "or 0=ocfl_1.0", decl->name);
  else
    hoso_ocfl_check_declaration_text (w->report, dirfd, w->display,
                                      decl->name, "E075", "E080");
  return spec;
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
                       || strcmp (json_string_value (name), LAYOUT_0004) != 0))
    return "its extensionName is not " LAYOUT_0004;
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
  const char *rel = "extensions/" LAYOUT_0004 "/config.json";
  g_autofree char *path = hoso_ocfl_join (w->display, rel);
  HOSO_OCFL_AUTOFD int ext_fd = hoso_ocfl_open_dir_at (dirfd, "extensions");
  HOSO_OCFL_AUTOFD int conf_fd = ext_fd < 0 ? -1
    : hoso_ocfl_open_dir_at (ext_fd, LAYOUT_0004);
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
  g_autofree char *path = hoso_ocfl_join (w->display, "extensions");
  HOSO_OCFL_AUTOFD int fd = hoso_ocfl_open_dir_at (dirfd, "extensions");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = fd >= 0 ? hoso_ocfl_list_dir (fd, &error)
    : NULL;
  const char *code = w->spec == 10 ? "E086" : "E112";

  if (entries == NULL)
    {
      hoso_ocfl_issue (w->report, code, path,
                       "the extensions folder can not be read: %s",
                       error ? error->message : g_strerror (errno));
      return;
    }
  for (guint i = 0; i < entries->len; i++)
    {
      const HosoOcflEntry *entry = entries->pdata[i];
      g_autofree char *sub = hoso_ocfl_join (path, entry->name);
      if (entry->kind != HOSO_OCFL_ENTRY_DIR)
        hoso_ocfl_issue (w->report, code, sub,
                         "the extensions folder may hold only extension "
                         "folders, not this %s",
                         entry->kind == HOSO_OCFL_ENTRY_LINK ? "link" : "file");
      else if (!hoso_ocfl_extension_registered (entry->name))
        hoso_ocfl_issue (w->report, "W016", sub,
                         "extension folder “%s” is not named after a "
                         "registered extension", entry->name);
    }
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
                     LAYOUT_0004 " puts it at %s", info->id, rel, want);
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

static void
check_storage_root (HosoOcflReport *report, int dirfd, const char *display,
                    GPtrArray *entries)
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
      if (name != NULL && strcmp (name, LAYOUT_0004) == 0)
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

/* ---- Entry points ------------------------------------------------------- */

static gboolean
is_storage_root (GPtrArray *entries)
{
  gboolean declared_object = FALSE;

  for (guint i = 0; i < entries->len; i++)
    {
      const HosoOcflEntry *entry = entries->pdata[i];
      if (g_str_has_prefix (entry->name, "0=ocfl_object_"))
        declared_object = TRUE;
      else if (g_str_has_prefix (entry->name, "0=ocfl_"))
        return TRUE;
    }
  return !declared_object
    && hoso_ocfl_find_entry (entries, "ocfl_layout.json") != NULL;
}

/* PATH without trailing slashes, for messages.  Caller frees. */
static char *
display_path (const char *path)
{
  char *display = g_strdup (path);
  gsize len = strlen (display);
  while (len > 1 && display[len - 1] == '/')
    display[--len] = '\0';
  return display;
}

static int
open_top (const char *path, GError **error)
{
  int fd = open (path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0)
    {
      int errsv = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
                   "Cannot open “%s”: %s", path, g_strerror (errsv));
    }
  return fd;
}

gboolean
hoso_ocfl_validate_path (const char *path, HosoOcflValidateFlags flags,
                         GPtrArray *issues, gboolean *out_valid,
                         GError **error)
{
  HOSO_OCFL_AUTOFD int fd = open_top (path, error);
  g_autofree char *display = display_path (path);
  HosoOcflReport report;

  if (fd < 0)
    return FALSE;
  g_autoptr(GPtrArray) entries = hoso_ocfl_list_dir (fd, error);
  if (entries == NULL)
    {
      g_prefix_error (error, "Cannot read “%s”: ", path);
      return FALSE;
    }
  hoso_ocfl_report_init (&report, issues, flags);
  if (is_storage_root (entries))
    check_storage_root (&report, fd, display, entries);
  else
    {
      hoso_ocfl_check_object (&report, fd, display, NULL, NULL);
      hoso_ocfl_report_object_done (&report, display);
    }
  if (out_valid != NULL)
    *out_valid = report.n_errors == 0;
  hoso_ocfl_report_clear (&report);
  return TRUE;
}

gboolean
hoso_ocfl_validate_object (const char *object_root, const char *expected_id,
                           HosoOcflValidateFlags flags, GPtrArray *issues,
                           gboolean *out_valid, GError **error)
{
  HOSO_OCFL_AUTOFD int fd = open_top (object_root, error);
  g_autofree char *display = display_path (object_root);
  HosoOcflReport report;

  if (fd < 0)
    return FALSE;
  hoso_ocfl_report_init (&report, issues, flags);
  hoso_ocfl_check_object (&report, fd, display, expected_id, NULL);
  hoso_ocfl_report_object_done (&report, display);
  if (out_valid != NULL)
    *out_valid = report.n_errors == 0;
  hoso_ocfl_report_clear (&report);
  return TRUE;
}
