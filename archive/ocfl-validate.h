/* ocfl-validate.h: a validator for any OCFL 1.0 or 1.1 storage root or object.
 *
 * It reports every problem it finds as an issue carrying the code from the
 * OCFL validation-codes list (E001..., W001...) and a plain message.  It is
 * independent of how hoso writes objects, so it can judge objects written by
 * any OCFL tool, and hoso's own.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  char code[8];               /* "E001", "W004", ... */
  gboolean is_warning;
  char *path;                 /* object or file the issue is about (may be NULL) */
  char *message;              /* plain English sentence */
} HosoOcflIssue;

void hoso_ocfl_issue_free (HosoOcflIssue *issue);

typedef enum {
  HOSO_OCFL_VALIDATE_DEFAULT = 0,
  /* Do not re-hash content files (the caller checks fixity itself). */
  HOSO_OCFL_VALIDATE_SKIP_DIGESTS = 1 << 0,
} HosoOcflValidateFlags;

/* Validates PATH, which may be a storage root (holding a 0=ocfl_1.x
 * declaration: every object below it is validated too) or an object root
 * (0=ocfl_object_1.x).  Appends a HosoOcflIssue to ISSUES (an array created
 * with hoso_ocfl_issue_free as its free function) for each problem.
 * Returns FALSE with ERROR only if PATH can not be read at all; a PATH that
 * is neither a storage root nor an object is reported as issues.
 * *OUT_VALID (may be NULL) is TRUE when no error-level issue was added. */
gboolean hoso_ocfl_validate_path (const char *path, HosoOcflValidateFlags flags,
                                  GPtrArray *issues, gboolean *out_valid,
                                  GError **error);

/* Validates one object root. EXPECTED_ID, if not NULL, is the id the object
 * must carry (as a storage root's layout says). Same contract as above. */
gboolean hoso_ocfl_validate_object (const char *object_root,
                                    const char *expected_id,
                                    HosoOcflValidateFlags flags,
                                    GPtrArray *issues, gboolean *out_valid,
                                    GError **error);

G_END_DECLS
