/* ocfl-inventory.h: the OCFL inventory as the store reads and writes it.
 *
 * This is the store's working model of inventory.json: tolerant enough to
 * read any object that ocfl-validate accepts, and writing exactly one
 * canonical form (sorted keys and paths, sha512, unpadded version names) so
 * that the same state always gives the same bytes.  Strict checking of
 * foreign inventories is the validator's job, not this file's.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  GDateTime *created;
  char *message;              /* NULL if absent */
  char *user_name;            /* NULL if absent */
  char *user_address;         /* NULL if absent */
  GHashTable *state;          /* logical path (char *) -> digest (char *) */
} HosoInventoryVersion;

typedef struct {
  char *id;
  char *digest_algorithm;     /* "sha512" or "sha256" */
  char *content_directory;    /* "content" unless the inventory says */
  GHashTable *manifest;       /* digest -> GPtrArray of content paths */
  GPtrArray *versions;        /* HosoInventoryVersion *, [0] is v1 */
} HosoInventory;

/* A new inventory for object ID with no versions. */
HosoInventory *hoso_inventory_new (const char *id);

/* Parses inventory JSON.  CORRUPT (HOSO_ARCHIVE_ERROR) if it is not an
 * inventory this store can use.  Caller frees. */
HosoInventory *hoso_inventory_parse (GBytes *json, GError **error);

/* Canonical JSON bytes (ends with a newline). */
GBytes *hoso_inventory_serialize (HosoInventory *inv);

void hoso_inventory_free (HosoInventory *inv);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HosoInventory, hoso_inventory_free)

guint hoso_inventory_head (HosoInventory *inv);
/* Version N (1-based) or NULL. */
HosoInventoryVersion *hoso_inventory_version (HosoInventory *inv, guint n);

/* Appends a version taking ownership of STATE; the strings are copied. */
HosoInventoryVersion *hoso_inventory_add_version (HosoInventory *inv,
                                                  GDateTime *created,
                                                  const char *message,
                                                  const char *user_name,
                                                  const char *user_address,
                                                  GHashTable *state);

/* Adds CONTENT_PATH under DIGEST in the manifest. */
void hoso_inventory_add_content (HosoInventory *inv, const char *digest,
                                 const char *content_path);

/* The first content path of DIGEST, or NULL. Owned by INV. */
const char *hoso_inventory_content_path (HosoInventory *inv, const char *digest);

/* A new path -> digest table (both keys and values owned). */
GHashTable *hoso_state_new (void);
GHashTable *hoso_state_copy (GHashTable *state);

/* The contents of a sidecar file for inventory bytes JSON. Caller frees. */
char *hoso_inventory_sidecar (GBytes *json, const char *algorithm);

/* TRUE if SIDECAR (a sidecar file's bytes) holds the digest of JSON. */
gboolean hoso_inventory_sidecar_matches (GBytes *json, GBytes *sidecar,
                                         const char *algorithm);

G_END_DECLS
