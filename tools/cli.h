/* cli.h: what the files of the hoso command share.
 *
 * hoso.c parses the global options into a HosoCli and hands it, with the
 * rest of the command line, to one hoso_cmd_*() per subcommand.  Each
 * subcommand lives in its own tools/cmd-*.c and returns the process exit
 * status; cli-output.c holds what they print in common: error messages (in
 * text or JSON), the mapping from GError to exit status, JSON output with a
 * format version, and byte progress on a terminal.  Nothing outside tools/
 * prints or exits.
 */
#pragma once

#include <gio/gio.h>
#include <glib.h>
#include <glib/gi18n.h>
#include <jansson.h>

#include "hoso-archive.h"
#include "hoso-index.h"
#include "ocfl-validate.h"

G_BEGIN_DECLS

/* The version of every JSON document hoso prints ("format": 1).  It changes
 * only when a change would break a reader; schemas/json/ describes it. */
#define HOSO_CLI_JSON_FORMAT 1

/* Exit statuses.  hoso_cli_exit_status() is the one place that maps an
 * error to one of these. */
typedef enum {
  HOSO_EXIT_OK = 0,
  HOSO_EXIT_PROBLEMS = 1,     /* a check found problems */
  HOSO_EXIT_USAGE = 2,        /* usage or input error */
  HOSO_EXIT_LOCKED = 3,       /* the archive is locked by another writer */
  HOSO_EXIT_FAILED = 4,       /* the system failed: I/O, disk full, ... */
} HosoExit;

/* Global options, filled by hoso.c and by each subcommand's parser. */
typedef struct {
  char *archive_dir;          /* --archive/-A, or NULL */
  gboolean json;              /* --json */
  gboolean defer_text;        /* add --defer-text: queue text, do not wait */
  HosoExtractPool *pool;      /* text extraction workers, once started */
} HosoCli;

typedef struct {
  const char *name;           /* "add" */
  const char *parameters;     /* N_("DOSSIER FILE…"), or NULL */
  const char *summary;        /* N_() one line */
  const char *description;    /* N_() examples shown by --help, or NULL */
  int (*run) (HosoCli *cli, int argc, char **argv);
} HosoCliCommand;

G_DEFINE_AUTOPTR_CLEANUP_FUNC (json_t, json_decref)

/* ---- Subcommands (tools/cmd-*.c) ---------------------------------------- */

/* Each takes the arguments after the global options, argv[0] being the
 * subcommand's name, and returns a HosoExit. */
int hoso_cmd_init (HosoCli *cli, int argc, char **argv);
int hoso_cmd_add (HosoCli *cli, int argc, char **argv);
int hoso_cmd_rm (HosoCli *cli, int argc, char **argv);
int hoso_cmd_mv (HosoCli *cli, int argc, char **argv);
int hoso_cmd_log (HosoCli *cli, int argc, char **argv);
int hoso_cmd_ls (HosoCli *cli, int argc, char **argv);
int hoso_cmd_get (HosoCli *cli, int argc, char **argv);
int hoso_cmd_diff (HosoCli *cli, int argc, char **argv);
int hoso_cmd_list (HosoCli *cli, int argc, char **argv);
int hoso_cmd_verify (HosoCli *cli, int argc, char **argv);
int hoso_cmd_validate (HosoCli *cli, int argc, char **argv);
int hoso_cmd_search (HosoCli *cli, int argc, char **argv);
int hoso_cmd_index (HosoCli *cli, int argc, char **argv);
int hoso_cmd_reindex (HosoCli *cli, int argc, char **argv);

/* The table of subcommands, in the order "hoso --help" lists them
 * (defined in hoso.c), and a lookup by name (NULL if unknown). */
extern const HosoCliCommand hoso_cli_commands[];
const HosoCliCommand *hoso_cli_find_command (const char *name);

/* ---- Parsing (cli-output.c) --------------------------------------------- */

/* Parses ARGV (argv[0] is the subcommand's name) with the subcommand's
 * ENTRIES (may be NULL) plus the global --archive and --json.  On success
 * *ARGS gets the remaining arguments, without argv[0] (caller frees with
 * g_strfreev) and returns TRUE.  If there are fewer than MIN_ARGS or more
 * than MAX_ARGS (-1: no limit) of them, or an option is wrong, prints a
 * usage error and returns FALSE.  --help prints the help and exits 0. */
gboolean hoso_cli_parse (HosoCli *cli, const char *command,
                         const GOptionEntry *entries, int argc, char **argv,
                         int min_args, int max_args, char ***args);

/* Parses a version argument: "3", "v3" (and "0" when ALLOW_ZERO, the empty
 * state before v1).  FALSE with a G_OPTION_ERROR if it is not one. */
gboolean hoso_cli_parse_version (const char *text, gboolean allow_zero,
                                 guint *out_version, GError **error);

/* Opens the archive named by --archive, $HOSO_ARCHIVE or ./archive. */
HosoArchive *hoso_cli_open_archive (HosoCli *cli, GError **error);

/* Checks ID and loads that dossier from ARCHIVE. */
HosoDossier *hoso_cli_load_dossier (HosoArchive *archive, const char *id,
                                    GError **error);

/* The full logical path for a path a person typed: "a.pdf" and
 * "documents/a.pdf" both give "documents/a.pdf" (checked and in NFC).
 * Caller frees; NULL with INVALID_PATH. */
char *hoso_cli_document_path (const char *typed, GError **error);

/* ---- Output (cli-output.c) ---------------------------------------------- */

/* The exit status for ERROR (one of HosoExit). */
int hoso_cli_exit_status (const GError *error);

/* A stable name for ERROR's kind, used as the "code" of JSON errors:
 * "locked", "not_found", "invalid_id", ... */
const char *hoso_cli_error_code (const GError *error);

/* Reports ERROR and returns its exit status.  FORMAT (printf style, already
 * translated) says what could not be done, e.g. "cannot add “x.pdf” to
 * QNA-2024-0012"; the error's message and a hint on what to do next follow.
 * The whole goes to stderr as one line, or with --json to stdout as
 * {"format":1,"error":{"code":...,"message":...}}. */
int hoso_cli_fail (HosoCli *cli, const GError *error, const char *format, ...)
  G_GNUC_PRINTF (3, 4);

/* Reports a usage error for COMMAND (NULL for hoso itself) and returns
 * HOSO_EXIT_USAGE. */
int hoso_cli_usage_error (HosoCli *cli, const char *command,
                          const char *format, ...) G_GNUC_PRINTF (3, 4);

/* A new JSON object holding "format": HOSO_CLI_JSON_FORMAT, for a command's
 * output.  Caller owns it. */
json_t *hoso_cli_json_new (void);

/* A JSON string for S (NULL gives JSON null; bytes that are not UTF-8 are
 * replaced, as jansson accepts only UTF-8). */
json_t *hoso_cli_json_string (const char *s);

/* A JSON string for DT in ISO 8601, or null. */
json_t *hoso_cli_json_date (GDateTime *dt);

/* Prints ROOT on stdout, indented, with a final newline. */
void hoso_cli_json_print (json_t *root);

/* DT in local time as "2024-05-01 10:22:33 +07:00".  Caller frees. */
char *hoso_cli_format_date (GDateTime *dt);

/* The first 12 characters of DIGEST.  Caller frees. */
char *hoso_cli_short_digest (const char *digest);

/* Pads S with spaces to WIDTH characters (not bytes).  Caller frees. */
char *hoso_cli_pad (const char *s, guint width);

/* Progress of copies into a commit: set on COMMIT when stdout is a
 * terminal and not --json, so a person sees bytes moving for big files. */
void hoso_cli_progress_attach (HosoCli *cli, HosoCommit *commit);

/* Parses "Name <email>" into a name and "mailto:email".  NULL or "" gives
 * two NULLs (the library's defaults).  FALSE with a G_OPTION_ERROR if
 * USER is not of that form. */
gboolean hoso_cli_parse_user (const char *user, char **out_name,
                              char **out_address, GError **error);

/* Counts of each kind of change in CHANGES (HosoChange), as
 * "2 added, 1 removed" (translated; "no changes" if empty).  Caller frees. */
char *hoso_cli_change_summary (GPtrArray *changes);

/* The same counts as a JSON object {"added":2,"removed":1,...}. */
json_t *hoso_cli_change_counts_json (GPtrArray *changes);

/* CHANGES as a JSON array of {"kind","path",...}. */
json_t *hoso_cli_changes_json (GPtrArray *changes);

/* Finishes COMMIT on dossier ID with MESSAGE and the user (NULLs for the
 * defaults), then prints the new version and its changes.  If the commit
 * changes nothing, makes no version and prints UNCHANGED_TEXT (or a generic
 * sentence if NULL).  Returns a HosoExit; errors are reported. */
int hoso_cli_commit_finish (HosoCli *cli, HosoArchive *archive,
                            HosoCommit *commit, const char *id,
                            const char *message, const char *user_name,
                            const char *user_address,
                            const char *unchanged_text);

/* An OCFL validation issue as {"code","message","path"} (path may be null). */
json_t *hoso_cli_issue_json (const HosoOcflIssue *issue);

/* Prints ISSUE as "[E001] PATH: message" to stdout after INDENT, with
 * FALLBACK_PATH when the issue names no path. */
void hoso_cli_print_issue (const HosoOcflIssue *issue, const char *indent,
                           const char *fallback_path);

/* Translated word for a change kind: "added", "removed", ... */
const char *hoso_cli_change_kind_label (HosoChangeKind kind);

/* ---- The catalog and text (cli-index.c) -------------------------------- */

/* Opens ARCHIVE's catalog, showing the progress of a rebuild on a
 * terminal. */
HosoCatalog *hoso_cli_open_catalog (HosoCli *cli, HosoArchive *archive,
                                    GError **error);

/* A HosoIndexProgressFunc drawing a bar on a terminal (USER_DATA: the
 * HosoCli); nothing with --json or when stdout is not a terminal. */
void hoso_cli_count_progress (const char *what, guint64 done, guint64 total,
                              gpointer user_data);

/* What became of the text of the files of a commit. */
typedef struct {
  guint indexed;              /* files whose text is in the index */
  guint no_text;              /* unsupported formats */
  guint pending;              /* left for "hoso index" (--defer-text) */
  GPtrArray *failed;          /* char *: "path: reason", one per file */
} HosoCliTextReport;

void hoso_cli_text_report_clear (HosoCliTextReport *report);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (HosoCliTextReport, hoso_cli_text_report_clear)

/* After a commit of dossier ID: brings the catalog up to date and, unless
 * --defer-text, extracts and indexes the text of its new files, filling
 * REPORT.  FALSE with an error if the catalog cannot be written (the
 * version itself is safe by then). */
gboolean hoso_cli_index_dossier (HosoCli *cli, HosoArchive *archive,
                                 const char *id, HosoCliTextReport *report,
                                 GError **error);

/* Before a commit that will need text read (not --defer-text): starts an
 * extraction worker now, so that it loads while the commit is written.
 * Failing to is not an error here; hoso_cli_index_dossier reports it. */
void hoso_cli_prestart_extraction (HosoCli *cli, HosoArchive *archive);

/* A cancellable cancelled when the process gets SIGINT or SIGTERM.  Call
 * before any thread is started: it blocks those signals and waits for them
 * on a thread of its own. */
GCancellable *hoso_cli_cancel_on_signal (void);

G_END_DECLS
