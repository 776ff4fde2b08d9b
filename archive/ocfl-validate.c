/* ocfl-validate.c: the validator's entry points, and the report and file
 * system helpers its other files share.
 *
 * hoso_ocfl_validate_path() looks at the folder it is given: one holding a
 * storage root declaration (0=ocfl_1.x) or an ocfl_layout.json is checked
 * as a storage root (ocfl-validate-root.c), anything else as an object
 * (ocfl-validate-object.c); inventories are checked in
 * ocfl-validate-inventory.c.
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

int
hoso_ocfl_check_declaration (HosoOcflReport *report, int dirfd, const char *display,
                             GPtrArray *entries, const HosoOcflDeclarationRules *rules)
{
  guint n;
  const HosoOcflEntry *decl = hoso_ocfl_find_declaration (entries, &n);
  g_autofree char *v11 = g_strconcat (rules->prefix, "1.1", NULL);
  g_autofree char *v10 = g_strconcat (rules->prefix, "1.0", NULL);
  int spec;

  if (decl == NULL)
    {
      hoso_ocfl_issue (report, rules->missing_code, display,
                       "the %s has no declaration file %s (or %s)", rules->what, v11, v10);
      return 0;
    }
  if (n > 1)
    hoso_ocfl_issue (report, rules->many_code, display,
                     "the %s has %u declaration files (0=...); there must be exactly one",
                     rules->what, n);
  spec = strcmp (decl->name, v11) == 0 ? 11 : strcmp (decl->name, v10) == 0 ? 10 : 0;
  if (spec == 0)
    hoso_ocfl_issue (report, g_str_has_prefix (decl->name, rules->prefix)
                     ? rules->version_code : rules->name_code, display,
                     "the declaration file is named “%s”, not %s or %s", decl->name, v11, v10);
  else
    hoso_ocfl_check_declaration_text (report, dirfd, display, decl->name,
                                      rules->read_code, rules->text_code);
  return spec;
}

void
hoso_ocfl_check_extensions_dir (HosoOcflReport *report, int dirfd, const char *display,
                                const char *error_code, const char *warning_code)
{
  g_autofree char *path = hoso_ocfl_join (display, "extensions");
  HOSO_OCFL_AUTOFD int fd = hoso_ocfl_open_dir_at (dirfd, "extensions");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = fd >= 0 ? hoso_ocfl_list_dir (fd, &error) : NULL;

  if (entries == NULL)
    {
      hoso_ocfl_issue (report, error_code, path, "the extensions folder can not be read: %s",
                       error ? error->message : g_strerror (errno));
      return;
    }
  for (guint i = 0; i < entries->len; i++)
    {
      const HosoOcflEntry *entry = entries->pdata[i];
      g_autofree char *sub = hoso_ocfl_join (path, entry->name);
      if (entry->kind != HOSO_OCFL_ENTRY_DIR)
        hoso_ocfl_issue (report, error_code, sub,
                         "the extensions folder may hold only extension folders, not this %s",
                         entry->kind == HOSO_OCFL_ENTRY_LINK ? "link" : "file");
      else if (!hoso_ocfl_extension_registered (entry->name))
        hoso_ocfl_issue (report, warning_code, sub,
                         "extension folder “%s” is not named after a registered extension",
                         entry->name);
    }
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
    HOSO_OCFL_LAYOUT_0004,
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
    hoso_ocfl_check_storage_root (&report, fd, display, entries);
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
