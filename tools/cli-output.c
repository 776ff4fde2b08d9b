/* cli-output.c: what every hoso subcommand prints the same way.
 *
 * Errors are one line on stderr that says what could not be done, why, and
 * what to do next; with --json they are a JSON object on stdout instead.
 * The mapping from an error to the exit status and to the JSON error code
 * lives here and nowhere else.  This file also parses the options each
 * subcommand shares, prints JSON with its format version, and shows the
 * bytes copied into a commit when a person watches a terminal.
 */
#include "config.h"

#include <signal.h>

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

/* ---- Errors ------------------------------------------------------------- */

int
hoso_cli_exit_status (const GError *error)
{
  if (error->domain == HOSO_ARCHIVE_ERROR)
    switch ((HosoArchiveError) error->code)
      {
      case HOSO_ARCHIVE_ERROR_LOCKED:
        return HOSO_EXIT_LOCKED;
      case HOSO_ARCHIVE_ERROR_CORRUPT:
        return HOSO_EXIT_PROBLEMS;
      case HOSO_ARCHIVE_ERROR_FAILED:
        return HOSO_EXIT_FAILED;
      case HOSO_ARCHIVE_ERROR_INVALID_ID:
      case HOSO_ARCHIVE_ERROR_INVALID_PATH:
      case HOSO_ARCHIVE_ERROR_CONFLICT:
      case HOSO_ARCHIVE_ERROR_NOT_FOUND:
      case HOSO_ARCHIVE_ERROR_EXISTS:
      case HOSO_ARCHIVE_ERROR_NOT_ARCHIVE:
      case HOSO_ARCHIVE_ERROR_INPUT:
        return HOSO_EXIT_USAGE;
      case HOSO_ARCHIVE_ERROR_NO_CHANGE:
        return HOSO_EXIT_OK;
      }
  if (error->domain == HOSO_INDEX_ERROR)
    switch ((HosoIndexErrorCode) error->code)
      {
      case HOSO_INDEX_ERROR_QUERY:
        return HOSO_EXIT_USAGE;
      case HOSO_INDEX_ERROR_CORRUPT:
        return HOSO_EXIT_PROBLEMS;
      case HOSO_INDEX_ERROR_FAILED:
        return HOSO_EXIT_FAILED;
      }
  if (error->domain == G_OPTION_ERROR)
    return HOSO_EXIT_USAGE;
  if (error->domain == G_IO_ERROR)
    switch (error->code)
      {
      case G_IO_ERROR_NOT_FOUND:
      case G_IO_ERROR_EXISTS:
      case G_IO_ERROR_IS_DIRECTORY:
      case G_IO_ERROR_NOT_DIRECTORY:
      case G_IO_ERROR_NOT_REGULAR_FILE:
      case G_IO_ERROR_INVALID_FILENAME:
      case G_IO_ERROR_FILENAME_TOO_LONG:
      case G_IO_ERROR_PERMISSION_DENIED:
      case G_IO_ERROR_TOO_MANY_LINKS:
        return HOSO_EXIT_USAGE;
      case G_IO_ERROR_BUSY:
      case G_IO_ERROR_WOULD_BLOCK:
        return HOSO_EXIT_LOCKED;
      default:
        return HOSO_EXIT_FAILED;
      }
  return HOSO_EXIT_FAILED;
}

const char *
hoso_cli_error_code (const GError *error)
{
  if (error->domain == HOSO_ARCHIVE_ERROR)
    switch ((HosoArchiveError) error->code)
      {
      case HOSO_ARCHIVE_ERROR_FAILED: return "failed";
      case HOSO_ARCHIVE_ERROR_INVALID_ID: return "invalid_id";
      case HOSO_ARCHIVE_ERROR_INVALID_PATH: return "invalid_path";
      case HOSO_ARCHIVE_ERROR_CONFLICT: return "conflict";
      case HOSO_ARCHIVE_ERROR_NOT_FOUND: return "not_found";
      case HOSO_ARCHIVE_ERROR_EXISTS: return "exists";
      case HOSO_ARCHIVE_ERROR_LOCKED: return "locked";
      case HOSO_ARCHIVE_ERROR_CORRUPT: return "corrupt";
      case HOSO_ARCHIVE_ERROR_NOT_ARCHIVE: return "not_archive";
      case HOSO_ARCHIVE_ERROR_INPUT: return "input";
      case HOSO_ARCHIVE_ERROR_NO_CHANGE: return "no_change";
      }
  if (error->domain == HOSO_INDEX_ERROR)
    switch ((HosoIndexErrorCode) error->code)
      {
      case HOSO_INDEX_ERROR_QUERY: return "query";
      case HOSO_INDEX_ERROR_CORRUPT: return "catalog_corrupt";
      case HOSO_INDEX_ERROR_FAILED: return "failed";
      }
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return "interrupted";
  if (error->domain == G_OPTION_ERROR)
    return "usage";
  if (error->domain == G_IO_ERROR)
    switch (error->code)
      {
      case G_IO_ERROR_NOT_FOUND: return "input";
      case G_IO_ERROR_PERMISSION_DENIED: return "permission";
      case G_IO_ERROR_NO_SPACE: return "no_space";
      default: break;
      }
  return hoso_cli_exit_status (error) == HOSO_EXIT_USAGE ? "input" : "failed";
}

/* What a person can do about ERROR, as a full sentence. */
static const char *
error_hint (const GError *error)
{
  if (error->domain == HOSO_ARCHIVE_ERROR)
    switch ((HosoArchiveError) error->code)
      {
      case HOSO_ARCHIVE_ERROR_LOCKED:
        return _("Another hoso command is changing the archive: try again when it has finished, or add --wait to wait for it.");
      case HOSO_ARCHIVE_ERROR_NOT_FOUND:
        return _("“hoso list” shows the dossiers, “hoso ls” their files and “hoso log” their versions.");
      case HOSO_ARCHIVE_ERROR_INVALID_ID:
        /* The store's message gives the rule and an example already. */
        return NULL;
      case HOSO_ARCHIVE_ERROR_INVALID_PATH:
        return _("Use a relative path of names separated by “/”, without “.” or “..”, e.g. documents/report.pdf.");
      case HOSO_ARCHIVE_ERROR_CONFLICT:
        return _("Choose a name that is not taken; names that differ only by upper and lower case count as taken.");
      case HOSO_ARCHIVE_ERROR_EXISTS:
        return _("Choose a new or an empty folder.");
      case HOSO_ARCHIVE_ERROR_CORRUPT:
        return _("Run “hoso verify” to see what is damaged, and restore it from a backup.");
      case HOSO_ARCHIVE_ERROR_NOT_ARCHIVE:
        return _("Create one with “hoso init”, or name an existing archive with --archive DIR or $HOSO_ARCHIVE.");
      case HOSO_ARCHIVE_ERROR_INPUT:
        return _("Check the path and try again.");
      case HOSO_ARCHIVE_ERROR_NO_CHANGE:
        return NULL;
      case HOSO_ARCHIVE_ERROR_FAILED:
        break;
      }
  if (g_error_matches (error, HOSO_INDEX_ERROR, HOSO_INDEX_ERROR_QUERY))
    return _("“hoso search --help” shows how to write a query.");
  if (g_error_matches (error, HOSO_INDEX_ERROR, HOSO_INDEX_ERROR_CORRUPT))
    return _("The catalog can be made again from the archive: run “hoso reindex”.");
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return _("What was done is kept; run the command again to go on.");
  if (error->domain == G_OPTION_ERROR)
    return _("Run “hoso --help” for usage.");
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE))
    return _("Free some disk space, then try again.");
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED))
    return _("Check the permissions, then try again.");
  if (hoso_cli_exit_status (error) == HOSO_EXIT_USAGE)
    return _("Check the path and try again.");
  return _("Check the disk space and the permissions, then try again.");
}

/* TRUE if MESSAGE has a second sentence.  The store's messages end with
 * one saying what to do ("See “hoso ls QNA-1”."), and a second piece of
 * advice from here would only repeat it. */
static gboolean
gives_advice (const char *message)
{
  for (const char *p = strstr (message, ". "); p; p = strstr (p + 2, ". "))
    {
      const char *next = p + 2;
      if (g_str_has_prefix (next, "“")
          || g_unichar_isupper (g_utf8_get_char_validated (next, -1)))
        return TRUE;
    }
  return FALSE;
}

/* "CONTEXT: MESSAGE. HINT" with no doubled full stop. */
static char *
compose_message (const char *context, const char *message, const char *hint)
{
  g_autofree char *body = g_strstrip (g_strdup (message));
  gsize len = strlen (body);
  gboolean has_stop = (len > 0 && strchr (".!?", body[len - 1]) != NULL)
                      || g_str_has_suffix (body, "…");

  if (hint == NULL)
    return g_strdup_printf ("%s: %s%s", context, body, has_stop ? "" : ".");
  return g_strdup_printf ("%s: %s%s %s", context, body, has_stop ? "" : ".",
                          hint);
}

static void
print_error (HosoCli *cli, const char *code, const char *message)
{
  if (cli->json)
    {
      g_autoptr(json_t) root = hoso_cli_json_new ();
      json_t *err = json_object ();
      json_object_set_new (err, "code", json_string (code));
      json_object_set_new (err, "message", hoso_cli_json_string (message));
      json_object_set_new (root, "error", err);
      hoso_cli_json_print (root);
    }
  else
    g_printerr ("hoso: %s\n", message);
}

int
hoso_cli_fail (HosoCli *cli, const GError *error, const char *format, ...)
{
  va_list ap;
  g_autofree char *context = NULL;
  g_autofree char *message = NULL;

  va_start (ap, format);
  context = g_strdup_vprintf (format, ap);
  va_end (ap);
  message = compose_message (context, error->message,
                             gives_advice (error->message) ? NULL : error_hint (error));
  print_error (cli, hoso_cli_error_code (error), message);
  return hoso_cli_exit_status (error);
}

int
hoso_cli_usage_error (HosoCli *cli, const char *command, const char *format,
                      ...)
{
  va_list ap;
  g_autofree char *what = NULL;
  g_autofree char *context = NULL;
  g_autofree char *hint = NULL;
  g_autofree char *message = NULL;

  va_start (ap, format);
  what = g_strdup_vprintf (format, ap);
  va_end (ap);
  context = command ? g_strdup_printf ("%s", command) : g_strdup (_("usage"));
  hint = command ? g_strdup_printf (_("Run “hoso %s --help” for usage."), command)
                 : g_strdup (_("Run “hoso --help” for usage."));
  message = compose_message (context, what, hint);
  print_error (cli, "usage", message);
  return HOSO_EXIT_USAGE;
}

/* ---- Parsing ------------------------------------------------------------ */

gboolean
hoso_cli_parse (HosoCli *cli, const char *command, const GOptionEntry *entries,
                int argc, char **argv, int min_args, int max_args, char ***args)
{
  const GOptionEntry global[] = {
    { "archive", 'A', 0, G_OPTION_ARG_FILENAME, &cli->archive_dir,
      N_("Use the archive in DIR (default: $HOSO_ARCHIVE, else ./archive)"),
      N_("DIR") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &cli->json,
      N_("Print the result as JSON (see schemas/json/)"), NULL },
    G_OPTION_ENTRY_NULL
  };
  const HosoCliCommand *cmd = hoso_cli_find_command (command);
  g_autofree char *params = g_strdup_printf ("%s %s", command,
                                             cmd->parameters ? _(cmd->parameters) : "");
  g_autoptr(GOptionContext) ctx = g_option_context_new (params);
  g_auto(GStrv) strv = g_new0 (char *, argc + 1);
  g_autoptr(GError) error = NULL;
  int n;

  g_option_context_set_translation_domain (ctx, GETTEXT_PACKAGE);
  g_option_context_set_summary (ctx, cmd->summary);
  if (cmd->description)
    g_option_context_set_description (ctx, cmd->description);
  if (entries)
    g_option_context_add_main_entries (ctx, entries, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (ctx, global, GETTEXT_PACKAGE);

  /* GOption would drop, not free, a value given before the subcommand and
   * again after it; keep the earlier one aside and free whichever loses. */
  g_autofree char *archive_before = g_steal_pointer (&cli->archive_dir);

  for (int i = 0; i < argc; i++)
    strv[i] = g_strdup (argv[i]);
  if (!g_option_context_parse_strv (ctx, &strv, &error))
    {
      if (cli->archive_dir == NULL)
        cli->archive_dir = g_steal_pointer (&archive_before);
      hoso_cli_usage_error (cli, command, "%s", error->message);
      return FALSE;
    }
  if (cli->archive_dir == NULL)
    cli->archive_dir = g_steal_pointer (&archive_before);
  /* GOption leaves a "--" in place when what follows it looks like an
   * option ("hoso search -- -mạng măng"); it only marked the end of them. */
  for (guint i = 1; strv[i] != NULL; i++)
    if (strcmp (strv[i], "--") == 0)
      {
        g_free (strv[i]);
        memmove (strv + i, strv + i + 1, (g_strv_length (strv + i + 1) + 1) * sizeof *strv);
        break;
      }
  n = (int) g_strv_length (strv) - 1;
  if (n < min_args || (max_args >= 0 && n > max_args))
    {
      hoso_cli_usage_error (cli, command, _("expected %s"),
                            cmd->parameters ? _(cmd->parameters) : _("no arguments"));
      return FALSE;
    }
  *args = g_strdupv (strv + 1);
  return TRUE;
}

gboolean
hoso_cli_parse_version (const char *text, gboolean allow_zero,
                        guint *out_version, GError **error)
{
  const char *digits = (text[0] == 'v' || text[0] == 'V') ? text + 1 : text;
  guint64 n = 0;

  if (!g_ascii_string_to_unsigned (digits, 10, allow_zero ? 0 : 1, G_MAXUINT,
                                   &n, NULL))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("“%s” is not a version number (write 3 or v3%s)"), text,
                   allow_zero ? _(", or 0 for the empty state") : "");
      return FALSE;
    }
  *out_version = (guint) n;
  return TRUE;
}

HosoArchive *
hoso_cli_open_archive (HosoCli *cli, GError **error)
{
  g_autofree char *path = hoso_archive_default_path (cli->archive_dir);

  return hoso_archive_open (path, error);
}

HosoDossier *
hoso_cli_load_dossier (HosoArchive *archive, const char *id, GError **error)
{
  if (!hoso_dossier_id_validate (id, error))
    return NULL;
  return hoso_archive_load_dossier (archive, id, error);
}

char *
hoso_cli_document_path (const char *typed, GError **error)
{
  g_autofree char *trimmed = g_strdup (typed);
  gsize len = strlen (trimmed);
  const char *rest = trimmed;

  /* A trailing slash names a folder the same as the bare name does. */
  while (len > 1 && trimmed[len - 1] == '/')
    trimmed[--len] = '\0';
  if (g_str_has_prefix (trimmed, "documents/"))
    rest = trimmed + strlen ("documents/");
  g_autofree char *full = g_strconcat ("documents/", rest, NULL);
  return hoso_logical_path_normalize (full, error);
}

gboolean
hoso_cli_parse_user (const char *user, char **out_name, char **out_address,
                     GError **error)
{
  g_autoptr(GRegex) re = NULL;
  g_autoptr(GMatchInfo) match = NULL;
  g_autofree char *name = NULL;
  g_autofree char *email = NULL;

  *out_name = *out_address = NULL;
  if (user == NULL || *user == '\0')
    return TRUE;
  re = g_regex_new ("^\\s*(\\S.*?)\\s*<\\s*([^<>\\s]+@[^<>\\s]+)\\s*>\\s*$",
                    0, 0, NULL);
  if (!g_regex_match (re, user, 0, &match))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--user “%s” is not of the form “Name <email>”, e.g. --user \"Nguyễn Văn An <an@example.vn>\""),
                   user);
      return FALSE;
    }
  name = g_match_info_fetch (match, 1);
  email = g_match_info_fetch (match, 2);
  *out_name = g_steal_pointer (&name);
  *out_address = g_str_has_prefix (email, "mailto:")
                   ? g_steal_pointer (&email)
                   : g_strconcat ("mailto:", email, NULL);
  return TRUE;
}

/* ---- JSON --------------------------------------------------------------- */

json_t *
hoso_cli_json_new (void)
{
  json_t *root = json_object ();

  json_object_set_new (root, "format", json_integer (HOSO_CLI_JSON_FORMAT));
  return root;
}

json_t *
hoso_cli_json_string (const char *s)
{
  if (s == NULL)
    return json_null ();
  if (!g_utf8_validate (s, -1, NULL))
    {
      g_autofree char *valid = g_utf8_make_valid (s, -1);
      return json_string (valid);
    }
  return json_string (s);
}

json_t *
hoso_cli_json_date (GDateTime *dt)
{
  g_autofree char *text = dt ? g_date_time_format_iso8601 (dt) : NULL;

  return hoso_cli_json_string (text);
}

void
hoso_cli_json_print (json_t *root)
{
  json_dumpf (root, stdout, JSON_INDENT (2) | JSON_PRESERVE_ORDER);
  fputc ('\n', stdout);
  fflush (stdout);
}

/* ---- Text --------------------------------------------------------------- */

/* Times are shown in Vietnam's civil time (DESIGN.md), whatever the
 * machine's zone, unless the person set TZ to ask for another. */
static GTimeZone *
display_zone (void)
{
  const char *tz = g_getenv ("TZ");
  GTimeZone *zone = NULL;

  if (tz == NULL || *tz == '\0')
    zone = g_time_zone_new_identifier ("Asia/Ho_Chi_Minh");
  return zone ? zone : g_time_zone_new_local ();
}

char *
hoso_cli_format_date (GDateTime *dt)
{
  g_autoptr(GTimeZone) zone = NULL;
  g_autoptr(GDateTime) shown = NULL;

  if (dt == NULL)
    return g_strdup ("-");
  zone = display_zone ();
  shown = g_date_time_to_timezone (dt, zone);
  return g_date_time_format (shown, "%Y-%m-%d %H:%M:%S %:z");
}

char *
hoso_cli_short_digest (const char *digest)
{
  return g_strndup (digest ? digest : "", 12);
}

char *
hoso_cli_pad (const char *s, guint width)
{
  glong len = g_utf8_validate (s, -1, NULL) ? g_utf8_strlen (s, -1)
                                            : (glong) strlen (s);
  GString *out = g_string_new (s);

  for (glong i = len; i < (glong) width; i++)
    g_string_append_c (out, ' ');
  return g_string_free (out, FALSE);
}

/* ---- Progress ----------------------------------------------------------- */

/* Files smaller than this copy in well under a second at the measured
 * speeds (DESIGN.md: about 480 MB/s), so a progress line would only flash. */
#define PROGRESS_MIN_BYTES (64 * 1024 * 1024)
/* Redraw at most this often (microseconds). */
#define PROGRESS_INTERVAL (200 * 1000)

static gint64 progress_last_draw;

static void
progress_draw (const char *logical_path, guint64 done, guint64 total,
               G_GNUC_UNUSED gpointer user_data)
{
  gint64 now = g_get_monotonic_time ();
  g_autofree char *done_text = NULL;
  g_autofree char *total_text = NULL;

  if (total < PROGRESS_MIN_BYTES)
    return;
  if (done >= total)
    {
      /* Erase the line so what follows starts clean. */
      fputs ("\r\033[K", stdout);
      fflush (stdout);
      return;
    }
  if (now - progress_last_draw < PROGRESS_INTERVAL)
    return;
  progress_last_draw = now;
  done_text = g_format_size (done);
  total_text = g_format_size (total);
  /* Back to the start of the line and erase it, then redraw. */
  fputs ("\r\033[K", stdout);
  /* TRANSLATORS: progress of a copy: file, bytes done, total, percent. */
  g_print (_("%s: %s of %s (%u%%)"), logical_path, done_text, total_text,
           (guint) (done * 100 / total));
  fflush (stdout);
}

void
hoso_cli_progress_attach (HosoCli *cli, HosoCommit *commit)
{
  if (cli->json || !isatty (STDOUT_FILENO))
    return;
  hoso_commit_set_progress (commit, progress_draw, NULL);
}

/* ---- Changes ------------------------------------------------------------ */

const char *
hoso_cli_change_kind_label (HosoChangeKind kind)
{
  switch (kind)
    {
    case HOSO_CHANGE_ADDED: return _("added");
    case HOSO_CHANGE_REMOVED: return _("removed");
    case HOSO_CHANGE_MODIFIED: return _("modified");
    case HOSO_CHANGE_RENAMED: return _("renamed");
    }
  return "?";
}

/* The JSON names of change kinds, fixed by the schemas whatever the
 * library calls them. */
static const char *
change_kind_name (HosoChangeKind kind)
{
  static const char *const names[] = { "added", "removed", "modified", "renamed" };

  return (guint) kind < G_N_ELEMENTS (names) ? names[kind] : "modified";
}

static void
count_changes (GPtrArray *changes, guint counts[4])
{
  memset (counts, 0, 4 * sizeof counts[0]);
  for (guint i = 0; i < changes->len; i++)
    {
      const HosoChange *c = g_ptr_array_index (changes, i);
      if ((guint) c->kind < 4)
        counts[c->kind]++;
    }
}

char *
hoso_cli_change_summary (GPtrArray *changes)
{
  guint n[4];
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);

  count_changes (changes, n);
  if (n[HOSO_CHANGE_ADDED])
    g_ptr_array_add (parts, g_strdup_printf (ngettext ("%u added", "%u added", n[HOSO_CHANGE_ADDED]), n[HOSO_CHANGE_ADDED]));
  if (n[HOSO_CHANGE_REMOVED])
    g_ptr_array_add (parts, g_strdup_printf (ngettext ("%u removed", "%u removed", n[HOSO_CHANGE_REMOVED]), n[HOSO_CHANGE_REMOVED]));
  if (n[HOSO_CHANGE_MODIFIED])
    g_ptr_array_add (parts, g_strdup_printf (ngettext ("%u modified", "%u modified", n[HOSO_CHANGE_MODIFIED]), n[HOSO_CHANGE_MODIFIED]));
  if (n[HOSO_CHANGE_RENAMED])
    g_ptr_array_add (parts, g_strdup_printf (ngettext ("%u renamed", "%u renamed", n[HOSO_CHANGE_RENAMED]), n[HOSO_CHANGE_RENAMED]));
  if (parts->len == 0)
    return g_strdup (_("no changes"));
  g_ptr_array_add (parts, NULL);
  return g_strjoinv (", ", (char **) parts->pdata);
}

json_t *
hoso_cli_change_counts_json (GPtrArray *changes)
{
  guint n[4];
  json_t *obj = json_object ();

  count_changes (changes, n);
  json_object_set_new (obj, "added", json_integer (n[HOSO_CHANGE_ADDED]));
  json_object_set_new (obj, "removed", json_integer (n[HOSO_CHANGE_REMOVED]));
  json_object_set_new (obj, "modified", json_integer (n[HOSO_CHANGE_MODIFIED]));
  json_object_set_new (obj, "renamed", json_integer (n[HOSO_CHANGE_RENAMED]));
  return obj;
}

json_t *
hoso_cli_changes_json (GPtrArray *changes)
{
  json_t *array = json_array ();

  for (guint i = 0; i < changes->len; i++)
    {
      const HosoChange *c = g_ptr_array_index (changes, i);
      json_t *obj = json_object ();

      json_object_set_new (obj, "kind", json_string (change_kind_name (c->kind)));
      json_object_set_new (obj, "path", hoso_cli_json_string (c->path));
      if (c->kind == HOSO_CHANGE_RENAMED)
        json_object_set_new (obj, "old_path", hoso_cli_json_string (c->old_path));
      if (c->old_digest)
        json_object_set_new (obj, "old_digest", json_string (c->old_digest));
      if (c->new_digest)
        json_object_set_new (obj, "new_digest", json_string (c->new_digest));
      json_array_append_new (array, obj);
    }
  return array;
}

/* ---- Finishing a commit ------------------------------------------------- */

/* The changes the newest version VERSION of dossier ID made, or an empty
 * array if they can not be read (the version is committed all the same). */
static GPtrArray *
version_changes (HosoArchive *archive, const char *id, guint version)
{
  g_autoptr(HosoDossier) dossier = hoso_archive_load_dossier (archive, id, NULL);
  GPtrArray *changes = dossier ? hoso_dossier_diff (dossier, version - 1, version, NULL)
                               : NULL;

  return changes ? changes : g_ptr_array_new ();
}

static int
report_unchanged (HosoCli *cli, HosoArchive *archive, const char *id,
                  const char *unchanged_text)
{
  g_autoptr(HosoDossier) dossier = hoso_archive_load_dossier (archive, id, NULL);

  if (cli->json)
    {
      g_autoptr(json_t) root = hoso_cli_json_new ();
      json_object_set_new (root, "dossier", hoso_cli_json_string (id));
      json_object_set_new (root, "changed", json_false ());
      json_object_set_new (root, "version",
                           dossier ? json_integer (hoso_dossier_get_head (dossier))
                                   : json_null ());
      json_object_set_new (root, "changes", json_array ());
      hoso_cli_json_print (root);
    }
  else if (unchanged_text)
    g_print ("%s\n", unchanged_text);
  else
    g_print (_("Nothing changed in %s, so no version was made.\n"), id);
  return HOSO_EXIT_OK;
}

/* The text report as JSON: {"indexed":2,"no_text":0,"pending":0,"failed":[...]} */
static json_t *
text_report_json (const HosoCliTextReport *report)
{
  json_t *obj = json_object ();
  json_t *failed = json_array ();

  json_object_set_new (obj, "indexed", json_integer (report->indexed));
  json_object_set_new (obj, "no_text", json_integer (report->no_text));
  json_object_set_new (obj, "pending", json_integer (report->pending));
  for (guint i = 0; report->failed && i < report->failed->len; i++)
    json_array_append_new (failed,
                           hoso_cli_json_string (g_ptr_array_index (report->failed, i)));
  json_object_set_new (obj, "failed", failed);
  return obj;
}

static void
print_text_report (const HosoCliTextReport *report)
{
  if (report->pending > 0)
    g_print (ngettext ("Text: %u file waits to be read; run “hoso index”.\n",
                       "Text: %u files wait to be read; run “hoso index”.\n",
                       report->pending), report->pending);
  else if (report->indexed + report->no_text + report->failed->len > 0)
    {
      /* TRANSLATORS: "Text: 3 files indexed, 1 without text, 0 failed." */
      g_print (_("Text: %u indexed, %u without text (format not supported), %u failed.\n"),
               report->indexed, report->no_text, report->failed->len);
    }
  for (guint i = 0; i < report->failed->len; i++)
    g_printerr (_("hoso: warning: %s (the file is archived; its text is not searchable)\n"),
                (const char *) g_ptr_array_index (report->failed, i));
}

int
hoso_cli_commit_finish (HosoCli *cli, HosoArchive *archive, HosoCommit *commit,
                        const char *id, const char *message,
                        const char *user_name, const char *user_address,
                        const char *unchanged_text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) changes = NULL;
  g_autofree char *summary = NULL;
  g_auto(HosoCliTextReport) report = { 0 };
  guint version = 0;

  if (!hoso_commit_has_changes (commit))
    return report_unchanged (cli, archive, id, unchanged_text);
  /* Under the commit's lock, before the version exists: if this process
   * dies before the catalog has the version, the next one catches up. */
  if (!hoso_catalog_note_change (archive, id, &error))
    return hoso_cli_fail (cli, error, _("cannot write a new version of %s"), id);
  if (!hoso_commit_finish (commit, message, user_name, user_address, &version,
                           &error))
    {
      hoso_catalog_clear_note (archive, id);
      if (g_error_matches (error, HOSO_ARCHIVE_ERROR, HOSO_ARCHIVE_ERROR_NO_CHANGE))
        return report_unchanged (cli, archive, id, unchanged_text);
      return hoso_cli_fail (cli, error, _("cannot write a new version of %s"), id);
    }
  /* Fault hook for tests: die between the commit and the catalog. */
  if (g_getenv ("HOSO_FAULT_KILL_AFTER_COMMIT") != NULL)
    raise (SIGKILL);
  if (!hoso_cli_index_dossier (cli, archive, id, &report, &error))
    return hoso_cli_fail (cli, error,
                          _("version %u of %s is written, but the catalog could not be updated"),
                          version, id);

  changes = version_changes (archive, id, version);
  if (cli->json)
    {
      g_autoptr(json_t) root = hoso_cli_json_new ();
      json_object_set_new (root, "dossier", hoso_cli_json_string (id));
      json_object_set_new (root, "changed", json_true ());
      json_object_set_new (root, "version", json_integer (version));
      json_object_set_new (root, "message", hoso_cli_json_string (message));
      json_object_set_new (root, "changes", hoso_cli_changes_json (changes));
      json_object_set_new (root, "text", text_report_json (&report));
      hoso_cli_json_print (root);
      return HOSO_EXIT_OK;
    }
  summary = hoso_cli_change_summary (changes);
  /* TRANSLATORS: "QNA-2024-0012: version 2 (3 added): Add 3 files" */
  g_print (_("%s: version %u (%s): %s\n"), id, version, summary, message);
  print_text_report (&report);
  return HOSO_EXIT_OK;
}

/* ---- OCFL issues -------------------------------------------------------- */

json_t *
hoso_cli_issue_json (const HosoOcflIssue *issue)
{
  json_t *obj = json_object ();

  json_object_set_new (obj, "code", hoso_cli_json_string (issue->code));
  json_object_set_new (obj, "message", hoso_cli_json_string (issue->message));
  json_object_set_new (obj, "path", hoso_cli_json_string (issue->path));
  return obj;
}

void
hoso_cli_print_issue (const HosoOcflIssue *issue, const char *indent,
                      const char *fallback_path)
{
  g_print ("%s[%s] %s: %s\n", indent, issue->code,
           issue->path ? issue->path : fallback_path, issue->message);
}
