/* attest-inspector.h — the right-hand pane: the selected claim and its
 * sources, the article's claims, and the article's sources.
 *
 * It shows what the window gives it and emits what the user asked for; the
 * window does the saving (and the undo), so every edit goes one way.
 */
#pragma once

#include <gtk/gtk.h>

#include "attest-citation.h"
#include "attest-claim.h"
#include "attest-source.h"

G_BEGIN_DECLS

#define ATTEST_TYPE_INSPECTOR (attest_inspector_get_type ())
G_DECLARE_FINAL_TYPE (AttestInspector, attest_inspector, ATTEST, INSPECTOR, GtkWidget)

/* AttestCategory*, in picker order, retired ones included (old claims
 * may use them). */
void         attest_inspector_set_categories (AttestInspector *self,
                                              GPtrArray       *categories);
/* @claims: the article's claims, a GListModel of AttestClaim kept up to
 * date by its owner — the article view's AttestClaimList
 * (attest_article_view_get_claims()), so the list follows every edit;
 * @sources: AttestSource* of the article and outside ones. */
void         attest_inspector_set_article    (AttestInspector *self,
                                              GListModel      *claims,
                                              GPtrArray       *sources);
/* Shows @claim (or nothing), with @suggestion as the attribution to offer
 * first (may be NULL). */
void         attest_inspector_set_claim      (AttestInspector *self,
                                              AttestClaim     *claim,
                                              AttestCitation  *suggestion);
AttestClaim *attest_inspector_get_claim      (AttestInspector *self);
/* The shown claim's history (AttestHistoryEntry*, oldest first). */
void         attest_inspector_set_history    (AttestInspector *self,
                                              GPtrArray       *entries);
void         attest_inspector_set_editable   (AttestInspector *self,
                                              gboolean         editable);
/* Switches to a page: "claim", "claims" or "sources". */
void         attest_inspector_show_page      (AttestInspector *self,
                                              const char      *name);
/* Emits "edit-comment" now if the comment field holds text not yet
 * emitted (the window calls it before the selection, the article or the
 * store changes, before other edits and undo, and when it closes). */
void         attest_inspector_commit_comment (AttestInspector *self);

G_END_DECLS
