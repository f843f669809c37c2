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

void             attest_claim_list_set        (AttestClaimList *self,
                                               GPtrArray       *claims);
guint            attest_claim_list_save       (AttestClaimList *self,
                                               AttestClaim     *claim);
gboolean         attest_claim_list_remove     (AttestClaimList *self,
                                               const char      *uuid);

AttestClaim     *attest_claim_list_lookup     (AttestClaimList *self,
                                               const char      *uuid);
gboolean         attest_claim_list_find       (AttestClaimList *self,
                                               const char      *uuid,
                                               guint           *position);

int              attest_claim_list_compare    (const AttestClaim *a,
                                               const AttestClaim *b);

G_END_DECLS
