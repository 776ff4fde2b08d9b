/* ocfl-validate-private.h: what the three files of the OCFL validator share.
 *
 * The validator is split by concept: ocfl-validate.c decides what a path is
 * and checks storage roots, ocfl-validate-object.c checks the files and
 * folders of one object, ocfl-validate-inventory.c checks one inventory.json
 * and compares prior inventories with the root one.  They share an issue
 * report (which counts, deduplicates and caps issues), a few file system
 * helpers that never follow symbolic links, and the parsed inventory.
 *
 * Nothing here is installed or used outside archive/ocfl-validate*.c.
 */
#pragma once

#include <glib.h>
#include <jansson.h>

#include "ocfl-validate.h"

G_BEGIN_DECLS

/* The storage layout extension whose mapping the validator checks. */
#define HOSO_OCFL_LAYOUT_0004 "0004-hashed-n-tuple-storage-layout"

/* An inventory larger than this is reported (E033) and not parsed: a JSON
 * tree costs several times its text in memory, and no object hoso writes
 * comes near it (a dossier of 100,000 files has a 40 MB inventory). */
#define HOSO_OCFL_MAX_INVENTORY_BYTES (128 * 1024 * 1024)

/* Folder depth below which the validator does not descend (content trees
 * and storage hierarchies alike); deeper folders are reported. */
#define HOSO_OCFL_MAX_DEPTH 64

/* At most this many issues of one code are listed for one object; the rest
 * are counted and summed up in one line. */
#define HOSO_OCFL_MAX_ISSUES_PER_CODE 50

/* ---- The issue report ------------------------------------------------- */

typedef struct {
  GPtrArray *issues;          /* borrowed from the caller */
  HosoOcflValidateFlags flags;
  guint n_errors;             /* every error, listed or not */
  guint n_warnings;
  GHashTable *seen;           /* "code\npath\nmessage" listed for the
                                 current object */
  GHashTable *per_code;       /* code -> count for the current object */
} HosoOcflReport;

void hoso_ocfl_report_init (HosoOcflReport *report, GPtrArray *issues,
                            HosoOcflValidateFlags flags);
void hoso_ocfl_report_clear (HosoOcflReport *report);

/* Adds an issue with CODE ("E001" or "W004") about PATH (may be NULL).  The
 * message is cleaned so that it is valid UTF-8 without control characters
 * and not longer than a few hundred characters, whatever the input held. */
void hoso_ocfl_issue (HosoOcflReport *report, const char *code,
                      const char *path, const char *format, ...)
  G_GNUC_PRINTF (4, 5);

/* Ends one object: adds one line per code whose issues were capped, and
 * resets the per-object counts. */
void hoso_ocfl_report_object_done (HosoOcflReport *report, const char *path);

/* ---- File system helpers (never follow symbolic links) ---------------- */

typedef enum {
  HOSO_OCFL_ENTRY_FILE,
  HOSO_OCFL_ENTRY_DIR,
  HOSO_OCFL_ENTRY_LINK,
  HOSO_OCFL_ENTRY_OTHER,      /* fifo, socket, device */
} HosoOcflEntryKind;

typedef struct {
  char *name;
  HosoOcflEntryKind kind;
} HosoOcflEntry;

/* The entries of the folder open as DIRFD (without "." and ".."), sorted
 * by name.  NULL with a G_IO_ERROR on failure. */
GPtrArray *hoso_ocfl_list_dir (int dirfd, GError **error);

/* The entry named NAME in ENTRIES, or NULL. */
const HosoOcflEntry *hoso_ocfl_find_entry (GPtrArray *entries,
                                           const char *name);

/* Opens folder NAME in DIRFD without following a link; -1 and errno on
 * failure. */
int hoso_ocfl_open_dir_at (int dirfd, const char *name);

/* Reads the regular file NAME in DIRFD (no link followed) if it is at most
 * MAX_BYTES long.  NULL with a G_IO_ERROR otherwise. */
GBytes *hoso_ocfl_read_file_at (int dirfd, const char *name, gsize max_bytes,
                                GError **error);

/* The NAMASTE declaration ("0=...") among ENTRIES, or NULL; *COUNT is set
 * to how many there are (there must be one). */
const HosoOcflEntry *hoso_ocfl_find_declaration (GPtrArray *entries,
                                                 guint *count);

/* Checks that the declaration file NAME in DIRFD holds the text after
 * "0=" and a newline: READ_CODE when it can not be read, TEXT_CODE when
 * it holds something else. */
void hoso_ocfl_check_declaration_text (HosoOcflReport *report, int dirfd,
                                       const char *dir_display,
                                       const char *name,
                                       const char *read_code,
                                       const char *text_code);

/* "DIR/NAME" for messages.  Caller frees. */
char *hoso_ocfl_join (const char *dir, const char *name);

void hoso_ocfl_close_fd (int *fd);
#define HOSO_OCFL_AUTOFD __attribute__ ((cleanup (hoso_ocfl_close_fd)))

/* ---- Small syntax checks ---------------------------------------------- */

/* TRUE if S is "v" followed by decimal digits giving a positive number
 * below 10^9; *NUMBER and *WIDTH (digits written) are set. */
gboolean hoso_ocfl_parse_version_name (const char *s, guint *number,
                                       guint *width);

/* TRUE if S looks like an absolute URI: a scheme, a colon, and no
 * white space or control characters. */
gboolean hoso_ocfl_is_uri (const char *s);

/* TRUE if S is a digest of ALGORITHM in hexadecimal (either case).  For an
 * algorithm this build does not know, any non-empty string passes. */
gboolean hoso_ocfl_is_hex_digest (const char *algorithm, const char *s);

/* TRUE if NAME is an extension name registered with the OCFL editors. */
gboolean hoso_ocfl_extension_registered (const char *name);

/* ---- Inventories ------------------------------------------------------ */

typedef struct {
  const char *name;           /* "v1", "v0003" (borrowed from the JSON) */
  guint number;
  json_t *block;              /* the version's JSON object (borrowed) */
  GHashTable *state;          /* logical path -> digest, both borrowed;
                                 NULL when the state is unusable */
} HosoOcflVersion;

typedef struct {
  char *display;              /* path of the file, for messages */
  json_t *json;
  int spec;                   /* 10 or 11 after "type", else 0 */
  const char *id;             /* fields, borrowed; NULL if absent or bad */
  const char *head;
  const char *digest_algorithm;  /* interned; NULL if absent or unusable */
  const char *content_directory; /* "content" unless set */
  gboolean content_directory_set;
  GHashTable *manifest;       /* content path -> digest, both borrowed */
  json_t *manifest_json;      /* digest -> [content paths], borrowed */
  GPtrArray *versions;        /* HosoOcflVersion, in number order */
  GHashTable *version_index;  /* name -> HosoOcflVersion in versions */
  gboolean versions_ok;       /* versions are v1..vN in one naming */
  guint padding;              /* digits of zero-padded names, 0 if none */
  json_t *fixity;             /* borrowed, NULL if absent or bad */
  char *file_digest;          /* the file's digest in digest_algorithm */
  char *file_sha512;          /* and in sha512, to compare inventories */
} HosoOcflInventory;

void hoso_ocfl_inventory_free (HosoOcflInventory *inventory);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HosoOcflInventory, hoso_ocfl_inventory_free)

/* Checks BYTES, the text of the inventory file shown as DISPLAY.  SPEC
 * (10, 11, or 0 if unknown) is the OCFL version the inventory's type must
 * name when IS_ROOT.  Returns the parsed inventory (even one with errors,
 * as far as it could be understood), or NULL when BYTES is not a JSON
 * object; every problem is reported to REPORT.  Caller frees. */
HosoOcflInventory *hoso_ocfl_inventory_parse (HosoOcflReport *report,
                                              const char *display,
                                              GBytes *bytes, int spec,
                                              gboolean is_root);

/* The version named NAME in INVENTORY, or NULL. */
HosoOcflVersion *hoso_ocfl_inventory_version (HosoOcflInventory *inventory,
                                              const char *name);

/* Compares PRIOR, the inventory found in version folder VERSION_NAME, with
 * ROOT, the object root's inventory: head, id, content directory, OCFL
 * version, and each version block they share (E066, W011). */
void hoso_ocfl_inventory_compare (HosoOcflReport *report,
                                  HosoOcflInventory *root,
                                  HosoOcflInventory *prior,
                                  const char *version_name,
                                  int previous_spec);

/* ---- Objects ---------------------------------------------------------- */

typedef struct {
  char *id;                   /* the root inventory's id, or NULL */
  int spec;                   /* 10 or 11 from the declaration, else 0 */
} HosoOcflObjectInfo;

/* Checks the object whose root folder is open as DIRFD and shown as
 * DISPLAY.  EXPECTED_ID (may be NULL) is the id it must carry.  Fills
 * INFO (may be NULL; caller frees INFO->id). */
void hoso_ocfl_check_object (HosoOcflReport *report, int dirfd,
                             const char *display, const char *expected_id,
                             HosoOcflObjectInfo *info);

/* The rules for one kind of NAMASTE declaration: an object root's
 * (0=ocfl_object_1.x) or a storage root's (0=ocfl_1.x), and the codes
 * each fault gets. */
typedef struct {
  const char *what;           /* "object root" */
  const char *prefix;         /* "0=ocfl_object_" */
  const char *missing_code;   /* no declaration */
  const char *many_code;      /* more than one */
  const char *version_code;   /* the right prefix, an unknown version */
  const char *name_code;      /* another name altogether */
  const char *read_code;      /* it can not be read */
  const char *text_code;      /* its text is wrong */
} HosoOcflDeclarationRules;

/* Checks the declaration among ENTRIES of the folder DIRFD by RULES.
 * Returns the declared OCFL version (10 or 11) or 0. */
int hoso_ocfl_check_declaration (HosoOcflReport *report, int dirfd, const char *display,
                                 GPtrArray *entries, const HosoOcflDeclarationRules *rules);

/* Checks the "extensions" folder in DIRFD: ERROR_CODE for anything but a
 * folder in it (or if it can not be read), WARNING_CODE for a folder not
 * named after a registered extension. */
void hoso_ocfl_check_extensions_dir (HosoOcflReport *report, int dirfd, const char *display,
                                     const char *error_code, const char *warning_code);

/* ---- Storage roots (ocfl-validate-root.c) ------------------------------ */

/* Checks the storage root open as DIRFD, whose entries are ENTRIES, and
 * every object below it; DISPLAY names it in messages. */
void hoso_ocfl_check_storage_root (HosoOcflReport *report, int dirfd,
                                   const char *display, GPtrArray *entries);

G_END_DECLS
