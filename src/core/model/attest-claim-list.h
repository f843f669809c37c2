/* attest-claim-list.h — the claims of the open document, as a GListModel.
 *
 * The one list of a document's claims that the window, the article view and
 * the inspector share: AttestClaim items in text order (by start, longer
 * first, then by id, as the store lists them) with an index by uuid. Saving
 * a claim replaces the one with its uuid, so an edit reaches every view of
 * the list through "items-changed". The list holds a reference to each
 * claim; claims are replaced, never changed in place. GTK-free.
 */
#pragma once

#include <gio/gio.h>

#include "attest-claim.h"

G_BEGIN_DECLS

#define ATTEST_TYPE_CLAIM_LIST (attest_claim_list_get_type ())
G_DECLARE_FINAL_TYPE (AttestClaimList, attest_claim_list, ATTEST, CLAIM_LIST, GObject)

AttestClaimList *attest_claim_list_new        (void);

/* Replaces every claim with @claims (element-type AttestClaim, in any
 * order; NULL empties the list), as one "items-changed". A claim without a
 * uuid, or with the uuid of one given before it, is left out. */
void             attest_claim_list_set        (AttestClaimList *self,
                                               GPtrArray       *claims);
/* Adds @claim, or replaces the claim with its uuid, keeping text order;
 * one "items-changed". Among claims of the same span and id a new one goes
 * last. Returns its position. */
guint            attest_claim_list_save       (AttestClaimList *self,
                                               AttestClaim     *claim);
/* FALSE when no claim has @uuid. */
gboolean         attest_claim_list_remove     (AttestClaimList *self,
                                               const char      *uuid);

/* The claim with @uuid, or NULL. (transfer none) */
AttestClaim     *attest_claim_list_lookup     (AttestClaimList *self,
                                               const char      *uuid);
/* Whether a claim has @uuid, and where (@position may be NULL). */
gboolean         attest_claim_list_find       (AttestClaimList *self,
                                               const char      *uuid,
                                               guint           *position);

/* Text order: by start, the longer first (outer before nested), then by
 * id; <0, 0 or >0 as for strcmp(). */
int              attest_claim_list_compare    (const AttestClaim *a,
                                               const AttestClaim *b);

G_END_DECLS
