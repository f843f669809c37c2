/* attest-article-view-private.h — what the files of the article view share:
 * its instance struct and the functions one file calls in another.
 *
 *   attest-article-view.c          the widget, its public API, the claims model
 *   attest-article-view-tagging.c  tags, colours, painting, background tagging
 *   attest-article-view-input.c    selection, popovers, pointer, actions, keys
 *   attest-article-text.c          the text view that draws the decorations
 */
#pragma once

#include "attest-article-view.h"
#include "attest-claim-list.h"
#include "attest-interval-index.h"

G_BEGIN_DECLS

/* Background tagging: a chunk stops after this long, well inside a frame;
 * the clock is read every STEP characters. The priority sits just above
 * GtkTextView's own background validation (GDK_PRIORITY_REDRAW + 5) so
 * lines are laid out once, already tagged, but below painting and input. */
#define HIGHLIGHT_BUDGET_US   5000
#define HIGHLIGHT_STEP        4096
#define HIGHLIGHT_PRIORITY    (GDK_PRIORITY_REDRAW + 4)

/* The text column: about 80 characters, centred, never under 24 px of margin. */
#define READABLE_WIDTH        760
#define MIN_MARGIN            24

#define EXCERPT_CHARS         90
#define N_FIXED_TAGS          5

typedef struct {
  gint64 start;
  gint64 end;
} Range;

struct _AttestArticleView
{
  GtkWidget            parent_instance;

  /* template */
  GtkScrolledWindow   *scroller;
  GtkTextView         *text_view;
  GtkPopover          *category_popover;
  GtkBox              *category_box;
  /* The categories after a mouse selection are a hint, not a modal popover:
   * it takes neither the focus nor the next click, so a click on the search
   * box or the comment field lands there (and digits typed next go there). */
  gboolean             category_hint;
  /* The selection the categories were opened for: GTK can drop the text
   * selection while the modal popover holds the focus (seen under Xvfb,
   * 1 run in 10), and the choice still applies to what was offered. */
  gint64               offered_start;
  gint64               offered_end;
  GtkPopover          *chooser_popover;
  GtkBox              *chooser_box;
  GtkLabel            *chooser_heading;

  GtkTextTagTable     *tags;
  GtkTextBuffer       *buffer;
  GtkTextMark         *scroll_mark;
  GtkTextTag          *header_tag;
  GtkTextTag          *title_tag;
  GtkTextTag          *citation_tag;
  GtkTextTag          *selected_tag;
  GtkTextTag          *overlap_tag;
  GHashTable          *category_tags;   /* key → GtkTextTag (the table owns it) */

  AttestDocument      *document;
  GPtrArray           *categories;      /* AttestCategory */
  AttestClaimList     *claims;          /* the model; retagged on items-changed */
  GPtrArray           *shown;           /* AttestClaim: the list as last tagged */
  AttestIntervalIndex *claim_index;     /* of the AttestClaim* in shown */
  GPtrArray           *citations;       /* AttestCitation */
  AttestIntervalIndex *citation_index;  /* of AttestCitation* */

  char                *selected_uuid;
  Range                selected_range;  /* where the selected tag is */

  GArray              *pending;         /* Range: text not yet tagged, in order */
  guint                highlight_source;

  /* A search match shown: scrolled to again until it stays in view, as the
   * lines get their final heights (tagging, lazy validation). */
  GtkTextMark         *match_mark;
  guint                match_scroll_source;
  guint                match_scroll_ticks;
  gboolean             match_seen;

  /* A primary-button press on the text, to tell a click from a drag. */
  gboolean             pressed;
  gboolean             dragged;
  double               press_x;
  double               press_y;
  double               release_x;
  double               release_y;
  guint                release_source;

  gboolean             dark;
  GSettings           *settings;        /* NULL without the schema installed */
  GtkWidget           *tooltip_label;   /* the text of the claims' tooltip */
};


enum {
  PROP_0,
  PROP_DOCUMENT,
  PROP_SELECTED_CLAIM,
  PROP_HIGHLIGHTING,
  PROP_SHOW_LABELS,
  N_PROPS
};

enum {
  CREATE_CLAIM,
  CLAIM_ACTIVATED,
  CITATION_ACTIVATED,
  DELETE_CLAIM,
  N_SIGNALS
};

extern GParamSpec *_attest_article_view_properties[N_PROPS];
extern guint       _attest_article_view_signals[N_SIGNALS];

/* attest-article-view-tagging.c */
void            _attest_article_view_init_tags              (AttestArticleView *self);
void            _attest_article_view_iter_at                (AttestArticleView *self,
                                                             GtkTextIter       *iter,
                                                             gint64             offset);
void            _attest_article_view_apply_tag              (AttestArticleView *self,
                                                             GtkTextTag        *tag,
                                                             gint64             start,
                                                             gint64             end);
void            _attest_article_view_remove_tag             (AttestArticleView *self,
                                                             GtkTextTag        *tag,
                                                             gint64             start,
                                                             gint64             end);
AttestCategory *_attest_article_view_find_category          (AttestArticleView *self,
                                                             const char        *key);
AttestCategory *_attest_article_view_find_category_by_digit (AttestArticleView *self,
                                                             int                digit);
const char     *_attest_article_view_category_label         (AttestArticleView *self,
                                                             const char        *key);
void            _attest_article_view_category_rgba          (AttestArticleView *self,
                                                             const char        *key,
                                                             GdkRGBA           *rgba);
void            _attest_article_view_style_categories       (AttestArticleView *self);
void            _attest_article_view_color_category_tag     (AttestArticleView *self,
                                                             const char        *key,
                                                             GtkTextTag        *tag);
GtkTextTag     *_attest_article_view_ensure_category_tag    (AttestArticleView *self,
                                                             const char        *key);
void            _attest_article_view_retag_range            (AttestArticleView *self,
                                                             gint64             start,
                                                             gint64             end);
void            _attest_article_view_start_highlighting     (AttestArticleView *self);
void            _attest_article_view_stop_highlighting      (AttestArticleView *self);
void            _attest_article_view_repaint_claims         (AttestArticleView *self);

/* attest-article-view-input.c */
void            _attest_article_view_init_input             (AttestArticleView *self);
void            _attest_article_view_install_actions        (GtkWidgetClass    *widget_class);
AttestClaim    *_attest_article_view_selected_claim         (AttestArticleView *self);
void            _attest_article_view_set_selected           (AttestArticleView *self,
                                                             AttestClaim       *claim,
                                                             gboolean           scroll);
void            _attest_article_view_show_categories        (AttestArticleView *self,
                                                             gboolean           hint);
void            _attest_article_view_close_category_hint    (AttestArticleView *self);
void            _attest_article_view_rebuild_category_rows  (AttestArticleView *self);
void            _attest_article_view_update_actions         (AttestArticleView *self);
gboolean        _attest_article_view_is_scrolling_to_match  (AttestArticleView *self);
char           *_attest_article_view_describe_claim         (AttestArticleView *self,
                                                             AttestClaim       *claim);

G_END_DECLS
