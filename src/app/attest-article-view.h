/* attest-article-view.h — the article in the middle of the window.
 *
 * A read-only GtkTextView showing one document's text with its claims
 * highlighted — one text tag per category plus a few state tags (selected,
 * overlap, citation), never one tag per claim — and an in-memory interval
 * index that answers "which claims cover this offset". The claims shown are
 * a model, an AttestClaimList: whoever changes it (the window, after a
 * save) changes the highlights. Selecting text opens a popover of
 * categories; a click or the category's digit asks for a claim. The view
 * never writes to the store: it emits signals and the window saves.
 */
#pragma once

#include <gtk/gtk.h>

#include "attest-category.h"
#include "attest-citation.h"
#include "attest-claim.h"
#include "attest-claim-list.h"
#include "attest-document.h"

G_BEGIN_DECLS

#define ATTEST_TYPE_ARTICLE_VIEW (attest_article_view_get_type ())
G_DECLARE_FINAL_TYPE (AttestArticleView, attest_article_view, ATTEST, ARTICLE_VIEW, GtkWidget)

GtkWidget   *attest_article_view_new                (void);

/* Shows @document (with its text), its claims and its citations, coloured
 * by @categories (AttestCategory*). Any argument array may be empty; NULL
 * @document clears the view. The arrays are not kept; the objects are. */
void         attest_article_view_set_document       (AttestArticleView *self,
                                                     AttestDocument    *document,
                                                     GPtrArray         *claims,
                                                     GPtrArray         *citations);
AttestDocument *attest_article_view_get_document    (AttestArticleView *self);
void         attest_article_view_set_categories     (AttestArticleView *self,
                                                     GPtrArray         *categories);

/* The claims shown (transfer none): set_document fills it, and the view
 * re-tags the text on its "items-changed" — cheaply: only the range of a
 * claim that came, went or changed span or category. Share it (the
 * inspector's list of the article's claims) and edit it with
 * attest_claim_list_save() and attest_claim_list_remove(). */
AttestClaimList *attest_article_view_get_claims     (AttestArticleView *self);

/* Shorthands on that model: add and update both save @claim into it
 * (replacing the claim with its uuid); remove takes the claim out. */
void         attest_article_view_add_claim          (AttestArticleView *self,
                                                     AttestClaim       *claim);
void         attest_article_view_update_claim       (AttestArticleView *self,
                                                     AttestClaim       *claim);
void         attest_article_view_remove_claim       (AttestArticleView *self,
                                                     const char        *uuid);

/* The claims covering character @offset (AttestClaim*, shortest first).
 * Transfer full: the array holds a reference to each claim. */
GPtrArray   *attest_article_view_claims_at          (AttestArticleView *self,
                                                     gint64             offset);

/* The selected claim (drawn with the "selected" tag), or NULL. Selecting
 * scrolls it into view. */
void         attest_article_view_select_claim       (AttestArticleView *self,
                                                     const char        *uuid);
const char  *attest_article_view_get_selected_claim (AttestArticleView *self);

/* The text selection in character offsets; FALSE when nothing is selected. */
gboolean     attest_article_view_get_selection      (AttestArticleView *self,
                                                     gint64            *start,
                                                     gint64            *end);
void         attest_article_view_set_selection      (AttestArticleView *self,
                                                     gint64             start,
                                                     gint64             end);

/* The categories popover at the current selection, as Menu or Ctrl+Return
 * open it: modal, with the focus in it; Escape closes it. (After a mouse
 * selection the same popover opens as a hint that keeps the focus in the
 * text and closes when the focus leaves the article.) */
void         attest_article_view_show_category_popover (AttestArticleView *self);

/* Marks the search match from @start to @end (character offsets), puts
 * the caret there and scrolls to it; the mark goes when the caret moves. */
void         attest_article_view_show_match         (AttestArticleView *self,
                                                     gint64             start,
                                                     gint64             end);

GtkTextView *attest_article_view_get_text_view      (AttestArticleView *self);

/* TRUE while the rest of a long document is still being highlighted in
 * the background (the first screen is tagged by set_document itself);
 * notified as the "highlighting" property. */
gboolean     attest_article_view_is_highlighting    (AttestArticleView *self);

/* Marks in bold the article's citations of the sources @source_uuids
 * (char*: the selected claim's; NULL clears the marks) and, if @scroll_to
 * (a source uuid) is one of them, scrolls its first citation to the middle
 * of the view. Returns whether @scroll_to was found in the text. */
gboolean     attest_article_view_show_sources       (AttestArticleView *self,
                                                     GPtrArray         *source_uuids,
                                                     const char        *scroll_to);

/* Signals:
 *   create-claim (gint64 start, gint64 end, const char *category_key)
 *   claim-activated (const char *uuid)            — it is now selected (NULL: Escape
 *                                                   deselected it)
 *   citation-activated (AttestCitation *citation)
 *   delete-claim (const char *uuid)               — Delete on the selected claim
 * Properties (read-only, notified): document, selected-claim, highlighting.
 * Actions (group "article"):
 *   categorize (i: digit)        — keys 0–9, with text selected
 *   create-claim (s: key)        — a category row of the popover
 *   show-categories              — Menu, Ctrl+Return
 *   next-claim / previous-claim  — Alt+Down / Alt+Up, in (start, -end) order
 *   clear                        — Escape: popover, then selection, then claim
 *   activate-at (x: offset)      — what a click on that character does
 *   delete-claim                 — Delete, with a claim selected
 * The keys are the view's own: they act only while the focus is in the
 * article (the text or its popovers), never while typing elsewhere. */

gboolean         attest_article_view_get_show_labels     (AttestArticleView *self);
void             attest_article_view_set_show_labels     (AttestArticleView *self,
                                                          gboolean           show_labels);
int              attest_article_view_get_claim_lane      (AttestArticleView *self,
                                                          const char        *uuid);
char            *attest_article_view_get_tooltip_text_at (AttestArticleView *self,
                                                          double             x,
                                                          double             y);

G_END_DECLS
