/* commit-private.h: the state of a commit in progress, shared by
 * archive-commit.c (building the new state) and archive-publish.c (writing
 * and publishing it). */
#pragma once

#include "archive-private.h"

G_BEGIN_DECLS

struct _HosoCommit {
  HosoArchive *archive;       /* borrowed */
  char *id;
  char *object_rel;           /* object root relative to store/ */
  int lock_fd;
  HosoInventory *inv;         /* the head's inventory, or a new empty one */
  guint version;              /* the version being built */
  char *txn_name;             /* staging/<txn_name> */
  int txn_fd;
  char *version_rel;          /* "object/v1" or "vN", relative to txn */
  GHashTable *state;          /* the new state: path -> digest */
  GHashTable *sources;        /* path -> source it was added from, this commit */
  GHashTable *staged;         /* digest -> content path staged in this commit */
  /* Files being hashed (commit-files.c). */
  GThreadPool *pool;
  GAsyncQueue *results;       /* finished HashJob *s */
  guint pending;              /* jobs pushed and not yet collected */
  GError *deferred;           /* the first failure of a job */
  guint64 bytes_total;        /* bytes queued for hashing */
  GMutex claims_lock;         /* guards claimed, used by the workers */
  GHashTable *claimed;        /* digests a worker is copying in */
  gsize bytes_done;           /* bytes hashed (atomic, pointer-sized) */
  HosoProgressFunc progress;
  gpointer progress_data;
  gboolean published;         /* the version has been renamed into the store */
  gboolean finished;          /* lock released; staging left to recovery if published */
};

/* The content path of PATH in the version being built, relative to the
 * object root. Caller frees. */
char *hoso_commit_content_path (HosoCommit *c, const char *path);

/* Where content for PATH is staged, relative to the txn folder. */
char *hoso_commit_staged_file (HosoCommit *c, const char *path);

/* Records PATH as coming from SRC; CONFLICT if this commit already put
 * another file there. */
gboolean hoso_commit_claim_path (HosoCommit *c, const char *path, const char *src,
                                 GError **error);

/* Sets an INPUT error about SRC. Returns FALSE. */
gboolean hoso_commit_input_error (GError **error, const char *src, const char *why);

/* Waits for every queued file to be hashed and, if new, copied in, and
 * puts them in the new state.  Returns FALSE with the first failure (kept
 * for hoso_commit_finish to report again). */
gboolean hoso_commit_drain (HosoCommit *c, GError **error);

/* Stops the hashing threads (after draining). */
void hoso_commit_stop_workers (HosoCommit *c);

G_END_DECLS
