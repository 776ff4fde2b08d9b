/* hoso-archive.h: the public interface of the dossier store.
 *
 * An archive is a folder holding an OCFL 1.1 storage root (store/), a staging
 * area on the same file system (staging/) and a lock file.  Each dossier is one
 * OCFL object whose id is "urn:ocop:" followed by the dossier's short id.  Every
 * change is a new immutable version; nothing is overwritten.
 *
 * Conventions: every function that can fail returns gboolean (or a pointer that
 * is NULL on failure) and sets a GError in HOSO_ARCHIVE_ERROR (or G_IO_ERROR for
 * system calls).  Nothing here prints or exits.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define HOSO_ARCHIVE_ERROR (hoso_archive_error_quark ())
GQuark hoso_archive_error_quark (void);

typedef enum {
  HOSO_ARCHIVE_ERROR_FAILED,        /* a system call failed (I/O, space, ...) */
  HOSO_ARCHIVE_ERROR_INVALID_ID,    /* dossier id outside the grammar */
  HOSO_ARCHIVE_ERROR_INVALID_PATH,  /* logical path escapes or is malformed */
  HOSO_ARCHIVE_ERROR_CONFLICT,      /* two files to one path, case/NFC clash */
  HOSO_ARCHIVE_ERROR_NOT_FOUND,     /* no such dossier, version or path */
  HOSO_ARCHIVE_ERROR_EXISTS,        /* init on a folder that is not empty */
  HOSO_ARCHIVE_ERROR_LOCKED,        /* another writer holds the lock */
  HOSO_ARCHIVE_ERROR_CORRUPT,       /* stored data does not match its inventory */
  HOSO_ARCHIVE_ERROR_NOT_ARCHIVE,   /* folder is not a hoso archive */
  HOSO_ARCHIVE_ERROR_INPUT,         /* an input file is missing, unreadable or a loop */
  HOSO_ARCHIVE_ERROR_NO_CHANGE,     /* a commit with nothing to change */
} HosoArchiveError;

/* ---- Dossier ids and logical paths ------------------------------------- */

/* TRUE if ID is 1 to 64 ASCII letters, digits, '.', '_' or '-', starting
 * with a letter or digit.  Sets HOSO_ARCHIVE_ERROR_INVALID_ID otherwise. */
gboolean hoso_dossier_id_validate (const char *id, GError **error);

/* "urn:ocop:" + ID.  Caller frees. */
char *hoso_dossier_object_id (const char *id);

/* The short id inside an OCFL object id, or NULL if OBJECT_ID is not of the
 * form urn:ocop:ID with a valid ID.  Caller frees. */
char *hoso_dossier_id_from_object_id (const char *object_id);

/* Checks a logical path (relative, '/'-separated, no empty, '.' or '..'
 * segment, valid UTF-8, no NUL or control characters) and returns it
 * normalised to NFC.  Caller frees; NULL with INVALID_PATH on error. */
char *hoso_logical_path_normalize (const char *path, GError **error);

/* A key under which two names that differ only by case or Unicode
 * normalisation compare equal (NFC of the case fold).  Caller frees. */
char *hoso_logical_path_fold (const char *path);

/* ---- Opening an archive ------------------------------------------------- */

typedef struct _HosoArchive HosoArchive;

/* The archive folder to use: EXPLICIT if not NULL, else $HOSO_ARCHIVE if set
 * and not empty, else "./archive".  Caller frees. */
char *hoso_archive_default_path (const char *explicit_dir);

/* Creates a new, empty archive at PATH (created if missing; an existing
 * folder must be empty).  Returns the opened archive. */
HosoArchive *hoso_archive_init (const char *path, GError **error);

/* Opens an existing archive.  Checks that store/ and staging/ are on one
 * file system.  If staging/ holds leftovers of an interrupted commit and no
 * writer holds the lock, takes the lock, recovers, and releases it. */
HosoArchive *hoso_archive_open (const char *path, GError **error);

void hoso_archive_free (HosoArchive *archive);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HosoArchive, hoso_archive_free)

const char *hoso_archive_get_path (HosoArchive *archive);
/* Absolute path of the OCFL storage root (ARCHIVE/store). */
const char *hoso_archive_get_store_path (HosoArchive *archive);

/* Object root of dossier ID relative to the storage root, per the 0004
 * hashed n-tuple layout (sha256, 3 tuples of 3).  Caller frees. */
char *hoso_archive_object_path (const char *id);

/* Takes the writer lock that commits take (for work that must not run
 * beside a commit, such as rebuilding the catalog): an fd holding
 * flock(LOCK_EX) on ARCHIVE/lock, or -1 with LOCKED (if not WAIT) or
 * another error.  hoso_archive_unlock releases it. */
int hoso_archive_lock (HosoArchive *archive, gboolean wait, GError **error);
void hoso_archive_unlock (int lock_fd);

/* Sorted array (char *) of the ids of all dossiers in the archive. */
GPtrArray *hoso_archive_list_dossiers (HosoArchive *archive, GError **error);

/* ---- Reading a dossier -------------------------------------------------- */

typedef struct _HosoDossier HosoDossier;

typedef struct {
  guint number;               /* 1 for v1 */
  GDateTime *created;
  char *message;              /* may be NULL */
  char *user_name;            /* may be NULL */
  char *user_address;         /* may be NULL */
} HosoVersionInfo;

typedef struct {
  char *path;                 /* logical path, e.g. "documents/a.pdf" */
  char *digest;               /* sha512, lowercase hex */
  char *content_path;         /* relative to the object root */
  goffset size;               /* bytes, from the stored file */
} HosoEntry;

/* Loads the current head of dossier ID (its root inventory, checked against
 * its sidecar; a reader that meets a mismatch retries, as a writer may be
 * replacing it).  NOT_FOUND if there is no such dossier. */
HosoDossier *hoso_archive_load_dossier (HosoArchive *archive, const char *id,
                                        GError **error);
void hoso_dossier_free (HosoDossier *dossier);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HosoDossier, hoso_dossier_free)

const char *hoso_dossier_get_id (HosoDossier *dossier);
guint hoso_dossier_get_head (HosoDossier *dossier);
/* Absolute path of the object root. */
const char *hoso_dossier_get_root (HosoDossier *dossier);

/* Version N's metadata (1 <= N <= head), owned by DOSSIER; NULL otherwise. */
const HosoVersionInfo *hoso_dossier_get_version (HosoDossier *dossier, guint n);

/* The entries of version N (0 means head), sorted by path; elements owned by
 * the returned array.  NOT_FOUND for a version that does not exist. */
GPtrArray *hoso_dossier_list (HosoDossier *dossier, guint n, GError **error);

/* The entry at logical PATH (with or without the "documents/" prefix) in
 * version N (0 means head).  Caller frees with hoso_entry_free. */
HosoEntry *hoso_dossier_lookup (HosoDossier *dossier, guint n, const char *path,
                                GError **error);
void hoso_entry_free (HosoEntry *entry);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HosoEntry, hoso_entry_free)

/* Streams ENTRY's content to OUT_FD while re-hashing it.  CORRUPT if the
 * content does not match its digest (the bytes have been written by then:
 * callers writing to a file write a temporary and rename only on success). */
gboolean hoso_dossier_copy_out (HosoDossier *dossier, const HosoEntry *entry,
                                int out_fd, GError **error);

typedef enum {
  HOSO_CHANGE_ADDED,
  HOSO_CHANGE_REMOVED,
  HOSO_CHANGE_MODIFIED,
  HOSO_CHANGE_RENAMED,        /* same content, new path, old path gone */
} HosoChangeKind;

typedef struct {
  HosoChangeKind kind;
  char *path;                 /* new path (old path for REMOVED) */
  char *old_path;             /* RENAMED only */
  char *old_digest;           /* REMOVED, MODIFIED */
  char *new_digest;           /* ADDED, MODIFIED, RENAMED */
} HosoChange;

/* Changes from version VA to version VB (VA may be 0: the empty state),
 * sorted by path.  Elements owned by the array. */
GPtrArray *hoso_dossier_diff (HosoDossier *dossier, guint va, guint vb,
                              GError **error);

const char *hoso_change_kind_to_string (HosoChangeKind kind);

/* ---- Writing a version -------------------------------------------------- */

typedef struct _HosoCommit HosoCommit;

/* Called from the committing thread while files are brought in: the bytes
 * hashed so far and in all of the files queued in this commit, and the
 * logical path of the last file done. */
typedef void (*HosoProgressFunc) (const char *logical_path, guint64 done,
                                  guint64 total, gpointer user_data);

/* Starts a new version of dossier ID (created if new): takes the writer lock
 * (waiting for it if WAIT, else LOCKED), runs recovery, and prepares a
 * staging folder.  The lock is held until the commit is finished or freed. */
HosoCommit *hoso_commit_begin (HosoArchive *archive, const char *id,
                               gboolean wait, GError **error);

void hoso_commit_set_progress (HosoCommit *commit, HosoProgressFunc func,
                               gpointer user_data);

/* Logical paths given to the functions below name a file of the dossier:
 * "dossier.xml", or a path under "documents/", which is prepended to a path
 * that does not already start with it ("a.pdf" is "documents/a.pdf").
 *
 * Adds or replaces the file at LOGICAL_PATH with a copy of SRC, streamed and hashed in bounded
 * memory.  Content already in the object is not stored again.  Two adds to
 * one path, or two paths differing only by case or normalisation in the new
 * state, give CONFLICT; a missing or unreadable SRC gives INPUT. */
gboolean hoso_commit_add_file (HosoCommit *commit, const char *src,
                               const char *logical_path, GError **error);

/* Adds every regular file under folder SRC below LOGICAL_PREFIX, recursively.
 * Symbolic links are followed; a loop gives INPUT. */
gboolean hoso_commit_add_tree (HosoCommit *commit, const char *src,
                               const char *logical_prefix, GError **error);

/* Adds BYTES as the file at LOGICAL_PATH (used for metadata). */
gboolean hoso_commit_add_bytes (HosoCommit *commit, GBytes *bytes,
                                const char *logical_path, GError **error);

/* Removes the file at PATH, or every file under folder PATH. NOT_FOUND if
 * nothing matches. */
gboolean hoso_commit_remove (HosoCommit *commit, const char *path,
                             GError **error);

/* Renames a file or a folder. NOT_FOUND if OLD matches nothing; CONFLICT if
 * NEW is taken. */
gboolean hoso_commit_move (HosoCommit *commit, const char *old_path,
                           const char *new_path, GError **error);

/* TRUE if the new state differs from the head. */
gboolean hoso_commit_has_changes (HosoCommit *commit);

/* The version number this commit will create (head + 1). */
guint hoso_commit_get_version (HosoCommit *commit);

/* Writes the version durably (see DESIGN.md: staging, fsync, rename, root
 * inventory) and releases the lock.  USER_NAME and USER_ADDRESS may be NULL
 * for the defaults (the account name and mailto:NAME@HOST).  *OUT_VERSION
 * gets the new version number.  NO_CHANGE if the new state equals the head
 * (nothing is written).  On failure nothing is committed, staging is
 * emptied and the lock released. */
gboolean hoso_commit_finish (HosoCommit *commit, const char *message,
                             const char *user_name, const char *user_address,
                             guint *out_version, GError **error);

/* Abandons an unfinished commit: empties its staging folder and releases
 * the lock.  Safe after hoso_commit_finish. */
void hoso_commit_free (HosoCommit *commit);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HosoCommit, hoso_commit_free)

/* ---- Verifying ---------------------------------------------------------- */

typedef struct {
  char *dossier;              /* short id */
  guint version;              /* first version whose state names the file */
  char *path;                 /* logical path in that version */
  char *content_path;         /* relative to the object root */
  char *expected;             /* digest in the inventory */
  char *found;                /* digest of the stored bytes, or NULL if missing */
} HosoFixityProblem;

void hoso_fixity_problem_free (HosoFixityProblem *problem);

/* Re-hashes every content file of dossier ID and appends a
 * HosoFixityProblem to PROBLEMS for each that is missing or does not match.
 * Returns FALSE only if the dossier could not be read at all. */
gboolean hoso_archive_verify_fixity (HosoArchive *archive, const char *id,
                                     GPtrArray *problems, GError **error);

G_END_DECLS
