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
  guint8 *buffer;
  HosoProgressFunc progress;
  gpointer progress_data;
  gboolean published;         /* the version has been renamed into the store */
  gboolean finished;          /* lock released; staging left to recovery if published */
};

/* The content path of PATH in the version being built, relative to the
 * object root. Caller frees. */
char *hoso_commit_content_path (HosoCommit *c, const char *path);

G_END_DECLS
