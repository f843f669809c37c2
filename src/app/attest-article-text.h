/* attest-article-text.h — the article's text view, which draws what text
 * tags cannot: a box around the selected claim, a dotted rule under
 * citations, the active selection over the highlights, and one mark per
 * claim — an underline in its category's colour, in a lane of its own
 * below the line, so nested and overlapping claims each stay visible —
 * with, on request, a chip with the category's short label at the claim's
 * start.
 *
 * Tags mark where (their runs are found by their toggles); this view draws
 * how, for the visible lines only. The article view owns the tags and the
 * claims index and tells this view which tag each decoration follows, and
 * in which colour.
 */
#pragma once

#include <gtk/gtk.h>

#include "attest-claim.h"
#include "attest-interval-index.h"

G_BEGIN_DECLS

typedef enum {
  ATTEST_DECORATION_STRIPE,
  ATTEST_DECORATION_DOTS,
  ATTEST_DECORATION_OUTLINE,   /* last: drawn on top */
  ATTEST_N_DECORATIONS
} AttestDecoration;

/* Lanes below a line: the first starts this far under the glyphs (below
 * the citations' dots), one every PITCH pixels, each THICKNESS high. Past
 * MAX lanes the deepest claims share the last one. */
#define ATTEST_LANE_TOP        4
#define ATTEST_LANE_PITCH      3
#define ATTEST_LANE_THICKNESS  2
#define ATTEST_MAX_LANES       16

#define ATTEST_TYPE_ARTICLE_TEXT (attest_article_text_get_type ())
G_DECLARE_FINAL_TYPE (AttestArticleText, attest_article_text, ATTEST, ARTICLE_TEXT, GtkTextView)

/* Draws @decoration under or around the runs of @tag (NULL: nowhere). The
 * tag belongs to the buffer's tag table; the view does not keep a reference. */
void         attest_article_text_set_decoration       (AttestArticleText   *self,
                                                       AttestDecoration     decoration,
                                                       GtkTextTag          *tag);
void         attest_article_text_set_decoration_color (AttestArticleText   *self,
                                                       AttestDecoration     decoration,
                                                       const GdkRGBA       *color);
void         attest_article_text_set_selection_color  (AttestArticleText   *self,
                                                       const GdkRGBA       *color);

/* Adds the tags that make room under a paragraph for its lanes, one per
 * depth, to @table, once, before any claims are set. */
void         attest_article_text_add_lane_tags        (AttestArticleText   *self,
                                                       GtkTextTagTable     *table);
GtkTextTag  *attest_article_text_get_lane_tag         (AttestArticleText   *self,
                                                       guint                depth);

/* The claims to mark: an index of AttestClaim*, owned by the caller, who
 * calls attest_article_text_claims_changed() after changing it. */
void         attest_article_text_set_claims           (AttestArticleText   *self,
                                                       AttestIntervalIndex *claims);
void         attest_article_text_claims_changed       (AttestArticleText   *self);
void         attest_article_text_claim_replaced       (AttestArticleText   *self,
                                                       AttestClaim         *was,
                                                       AttestClaim         *now);
void         attest_article_text_set_category_style   (AttestArticleText   *self,
                                                       const char          *key,
                                                       const GdkRGBA       *color,
                                                       const char          *short_label);
void         attest_article_text_set_show_labels      (AttestArticleText   *self,
                                                       gboolean             show_labels);
gboolean     attest_article_text_get_show_labels      (AttestArticleText   *self);

int          attest_article_text_get_lane             (AttestArticleText   *self,
                                                       AttestClaim         *claim);
guint        attest_article_text_get_n_lanes          (AttestArticleText   *self);
gboolean     attest_article_text_get_mark_rect        (AttestArticleText   *self,
                                                       AttestClaim         *claim,
                                                       GdkRectangle        *rect);
AttestClaim *attest_article_text_mark_at              (AttestArticleText   *self,
                                                       int                  buffer_x,
                                                       int                  buffer_y);

char        *attest_article_text_short_label          (const char          *label,
                                                       GHashTable          *taken);

G_END_DECLS
