/* attest-claim.h — a claim: a span [start, end) of one document, in Unicode
 * characters, with its quote, category, annotator, status, certainty and
 * comment. Spans may overlap and nest. version grows with every edit; an edit
 * made against an older version is a conflict.
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define ATTEST_TYPE_CLAIM (attest_claim_get_type ())
G_DECLARE_FINAL_TYPE (AttestClaim, attest_claim, ATTEST, CLAIM, GObject)

struct _AttestClaim
{
  GObject parent_instance;

  gint64     id;
  char      *uuid;
  char      *document_uuid;
  gint64     start;
  gint64     end;
  char      *quote;
  char      *category;      /* category key */
  char      *annotator;     /* annotator name */
  char      *created;       /* ISO 8601 UTC */
  char      *modified;
  char      *status;        /* "draft", "accepted", "rejected" */
  char      *certainty;     /* "low", "medium", "high", or NULL */
  char      *comment;       /* NULL when none */
  gint64     version;
  GPtrArray *source_uuids;  /* char*, the linked sources */
};

AttestClaim *attest_claim_new               (void);
AttestClaim *attest_claim_copy              (AttestClaim *self);
gboolean     attest_claim_status_is_valid   (const char *status);
gboolean     attest_claim_certainty_is_valid (const char *certainty);

G_END_DECLS
