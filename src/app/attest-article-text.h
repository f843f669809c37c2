/* attest-article-text.h — the article's text view, which draws what text
 * tags cannot: a box around the selected claim, a stripe under text that
 * two or more claims cover, a dotted rule under citations.
 *
 * Tags mark where (their runs are found by their toggles); this view draws
 * how, for the visible lines only. The article view owns the tags and tells
 * this view which tag each decoration follows, and in which colour.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef enum {
  ATTEST_DECORATION_STRIPE,
  ATTEST_DECORATION_DOTS,
  ATTEST_DECORATION_OUTLINE,   /* last: drawn on top */
  ATTEST_N_DECORATIONS
} AttestDecoration;

#define ATTEST_TYPE_ARTICLE_TEXT (attest_article_text_get_type ())
G_DECLARE_FINAL_TYPE (AttestArticleText, attest_article_text, ATTEST, ARTICLE_TEXT, GtkTextView)

/* Draws @decoration under or around the runs of @tag (NULL: nowhere). The
 * tag belongs to the buffer's tag table; the view does not keep a reference. */
void attest_article_text_set_decoration       (AttestArticleText *self,
                                               AttestDecoration   decoration,
                                               GtkTextTag        *tag);
void attest_article_text_set_decoration_color (AttestArticleText *self,
                                               AttestDecoration   decoration,
                                               const GdkRGBA     *color);

G_END_DECLS
