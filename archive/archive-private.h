/* archive-private.h: what the store's files share and nobody else sees. */
#pragma once

#include "hoso-archive.h"
#include "ocfl-inventory.h"

G_BEGIN_DECLS

#define HOSO_STORE_DIR "store"
#define HOSO_STAGING_DIR "staging"
#define HOSO_LOCK_FILE "lock"
#define HOSO_OBJECT_DECLARATION "0=ocfl_object_1.1"
#define HOSO_ROOT_DECLARATION "0=ocfl_1.1"
#define HOSO_LAYOUT_EXTENSION "0004-hashed-n-tuple-storage-layout"
/* The file in a staging transaction that names its target object. */
#define HOSO_TXN_TARGET "target"

struct _HosoArchive {
  char *path;                 /* absolute */
  char *store_path;           /* absolute */
  int dir_fd;                 /* ARCHIVE/ */
  int store_fd;               /* ARCHIVE/store */
  int staging_fd;             /* ARCHIVE/staging */
};

struct _HosoDossier {
  char *id;
  char *root;                 /* absolute object root */
  HosoInventory *inv;
  GPtrArray *versions;        /* HosoVersionInfo *, [0] is v1 */
};

/* Writes the storage root's declaration, layout description and the 0004
 * extension's config into STORE_FD. */
gboolean hoso_layout_write_root (int store_fd, GError **error);

/* The object root, relative to the storage root, of OCFL object OBJECT_ID
 * under the 0004 layout (sha256, 3 tuples of 3). Caller frees. */
char *hoso_layout_object_path (const char *object_id);

/* Under the writer lock: finishes or undoes every interrupted commit left
 * in staging/ (archive-recover.c). */
gboolean hoso_archive_recover (HosoArchive *archive, GError **error);

/* If staging/ is not empty and no writer holds the lock, takes it, runs
 * hoso_archive_recover and lets it go.  A writer at work is left alone. */
gboolean hoso_archive_recover_if_idle (HosoArchive *archive, GError **error);

/* TRUE if PREFIX + "inventory.json" in DIR_FD matches its .sha512 sidecar;
 * then the bytes of both are returned in *OUT_JSON and *OUT_SIDECAR (each
 * may be NULL). */
gboolean hoso_archive_inventory_complete (int dir_fd, const char *prefix,
                                          GBytes **out_json, GBytes **out_sidecar);

/* Reads and parses the root inventory of the object at OBJECT_REL (relative
 * to the store), retrying while it does not match its sidecar, as a writer
 * may be replacing the two.  NOT_FOUND if the object does not exist. */
HosoInventory *hoso_archive_read_inventory (HosoArchive *archive,
                                            const char *object_rel,
                                            GError **error);

/* The "documents/" prefix is prepended to PATH unless it already starts
 * with it or is "dossier.xml"; then the path is checked and NFC-normalised. */
char *hoso_resolve_logical_path (const char *path, GError **error);

G_END_DECLS
