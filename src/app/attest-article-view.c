/* attest-article-view.c — owns the article in the middle of the window: the
 * text buffer and its tags, the interval indexes of claims and citations,
 * the background highlighter, the text view subclass that draws the
 * selection box, overlap stripes and citation dots, and the two popovers
 * (categories for a selection; the claims or sources under a click).
 *
 * Highlights are one tag per category plus five fixed tags (header, title,
 * citation, selected, overlap): GtkTextView slows down with thousands of
 * distinct tags, not with many toggles of a few. Each run of text shows
 * the colour of its innermost claim, so nested claims stay visible; runs
 * under two or more claims get the overlap stripe. A new document is tagged
 * where the user looks first, the rest in idle chunks of a few milliseconds
 * that scrolling re-prioritises; an edit re-tags only the claim's range.
 *
 * The view never saves anything: it emits "create-claim", "claim-activated",
 * "citation-activated" and "delete-claim", and the window calls back with
 * the result. Its keys (digits, Delete, Escape…) act only while the focus is
 * in the article; typed anywhere else they go to the widget that has it.
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "attest-article-view.h"
#include "attest-interval-index.h"
#include "attest-resources.h"

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
  GHashTable          *claims;          /* uuid → AttestClaim */
  AttestIntervalIndex *claim_index;     /* of AttestClaim* */
  GPtrArray           *citations;       /* AttestCitation */
  AttestIntervalIndex *citation_index;  /* of AttestCitation* */

  char                *selected_uuid;
  Range                selected_range;  /* where the selected tag is */

  GArray              *pending;         /* Range: text not yet tagged, in order */
  guint                highlight_source;

  /* A primary-button press on the text, to tell a click from a drag. */
  gboolean             pressed;
  gboolean             dragged;
  double               press_x;
  double               press_y;
  double               release_x;
  double               release_y;
  guint                release_source;

  gboolean             dark;
};

G_DEFINE_FINAL_TYPE (AttestArticleView, attest_article_view, GTK_TYPE_WIDGET)

/* The text view itself, subclassed to draw what tags cannot: a box around
 * the selected claim, a stripe under text that two or more claims cover,
 * a dotted rule under citations. Tags mark where (their runs are found by
 * their toggles); this draws how, for the visible lines only. Pango's
 * underlines are too thin for this: at 1× they are under a pixel high and
 * GTK 4.8's GL renderer drops some of them altogether. */
#define ATTEST_TYPE_ARTICLE_TEXT (attest_article_text_get_type ())
G_DECLARE_FINAL_TYPE (AttestArticleText, attest_article_text, ATTEST, ARTICLE_TEXT, GtkTextView)

typedef enum {
  DECORATION_STRIPE,
  DECORATION_DOTS,
  DECORATION_OUTLINE,   /* last: drawn on top */
  N_DECORATIONS
} DecorationStyle;

typedef struct {
  GtkTextTag *tag;      /* the table owns it */
  GdkRGBA     color;
} Decoration;

struct _AttestArticleText
{
  GtkTextView parent_instance;

  Decoration  decorations[N_DECORATIONS];
};

G_DEFINE_FINAL_TYPE (AttestArticleText, attest_article_text, GTK_TYPE_TEXT_VIEW)

static void
decorate_segment (GtkSnapshot     *snapshot,
                  DecorationStyle  style,
                  const GdkRGBA   *color,
                  int              x0,
                  int              x1,
                  int              y,
                  int              height)
{
  int width = MAX (x1 - x0, 1);

  switch (style)
    {
    case DECORATION_STRIPE:
      gtk_snapshot_append_color (snapshot, color, &GRAPHENE_RECT_INIT (x0, y + height - 1, width, 3));
      break;

    case DECORATION_DOTS:
      /* 2 px dots every 4 px. */
      gtk_snapshot_push_repeat (snapshot, &GRAPHENE_RECT_INIT (x0, y + height + 1, width, 2),
                                &GRAPHENE_RECT_INIT (x0, y + height + 1, 4, 2));
      gtk_snapshot_append_color (snapshot, color, &GRAPHENE_RECT_INIT (x0, y + height + 1, 2, 2));
      gtk_snapshot_pop (snapshot);
      break;

    case DECORATION_OUTLINE:
    case N_DECORATIONS:
    default:
      {
        const float w = 2.0f;
        graphene_rect_t rect = GRAPHENE_RECT_INIT (x0 - 3, y - 1, width + 6, height + 3);
        GskRoundedRect box;

        gsk_rounded_rect_init_from_rect (&box, &rect, 4.0f);
        gtk_snapshot_append_border (snapshot, &box,
                                    (float[4]) { w, w, w, w },
                                    (GdkRGBA[4]) { *color, *color, *color, *color });
      }
      break;
    }
}

/* Decorates [start, end) — never across a line break, see apply_tag() —
 * one display line at a time, down to @stop. */
static void
decorate_run (AttestArticleText *self,
              GtkSnapshot       *snapshot,
              DecorationStyle    style,
              const GtkTextIter *start,
              const GtkTextIter *end,
              const GtkTextIter *stop)
{
  GtkTextView *view = GTK_TEXT_VIEW (self);
  GtkTextIter line = *start;

  while (gtk_text_iter_compare (&line, end) < 0 && gtk_text_iter_compare (&line, stop) < 0)
    {
      GtkTextIter next = line;
      GtkTextIter last;
      GdkRectangle first_rect, last_rect;

      if (!gtk_text_view_forward_display_line (view, &next) || gtk_text_iter_compare (&next, end) > 0)
        next = *end;

      /* The last character of the run on this display line. */
      last = next;
      gtk_text_iter_backward_char (&last);
      if (gtk_text_iter_compare (&last, &line) < 0)
        last = line;

      gtk_text_view_get_iter_location (view, &line, &first_rect);
      gtk_text_view_get_iter_location (view, &last, &last_rect);
      decorate_segment (snapshot, style, &self->decorations[style].color,
                        first_rect.x, last_rect.x + last_rect.width,
                        first_rect.y, first_rect.height);

      if (gtk_text_iter_equal (&next, &line))
        break;
      line = next;
    }
}

static void
attest_article_text_snapshot_layer (GtkTextView      *view,
                                    GtkTextViewLayer  layer,
                                    GtkSnapshot      *snapshot)
{
  AttestArticleText *self = ATTEST_ARTICLE_TEXT (view);
  GtkTextIter top, stop;
  GdkRectangle visible;

  if (layer != GTK_TEXT_VIEW_LAYER_ABOVE_TEXT)
    return;

  gtk_text_view_get_visible_rect (view, &visible);
  gtk_text_view_get_iter_at_location (view, &top, 0, visible.y);
  gtk_text_iter_set_line_offset (&top, 0);
  gtk_text_view_get_iter_at_location (view, &stop, visible.width, visible.y + visible.height);
  gtk_text_iter_forward_line (&stop);

  for (guint d = 0; d < N_DECORATIONS; d++)
    {
      GtkTextTag *tag = self->decorations[d].tag;
      GtkTextIter iter = top;

      if (tag == NULL)
        continue;
      if (!gtk_text_iter_has_tag (&iter, tag) && !gtk_text_iter_forward_to_tag_toggle (&iter, tag))
        continue;

      while (gtk_text_iter_compare (&iter, &stop) < 0)
        {
          GtkTextIter end = iter;

          gtk_text_iter_forward_to_tag_toggle (&end, tag);
          decorate_run (self, snapshot, d, &iter, &end, &stop);

          iter = end;
          if (!gtk_text_iter_forward_to_tag_toggle (&iter, tag))
            break;
        }
    }
}

static void
attest_article_text_class_init (AttestArticleTextClass *klass)
{
  GTK_TEXT_VIEW_CLASS (klass)->snapshot_layer = attest_article_text_snapshot_layer;
}

static void
attest_article_text_init (AttestArticleText *self)
{
}

enum {
  PROP_0,
  PROP_DOCUMENT,
  PROP_SELECTED_CLAIM,
  PROP_HIGHLIGHTING,
  N_PROPS
};

enum {
  CREATE_CLAIM,
  CLAIM_ACTIVATED,
  CITATION_ACTIVATED,
  DELETE_CLAIM,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void update_actions      (AttestArticleView *self);
static void close_category_hint (AttestArticleView *self);

/* ------------------------------------------------------------ helpers */

static int
compare_offsets (const gint64 *a,
                 const gint64 *b)
{
  return *a < *b ? -1 : *a > *b;
}

static void
iter_at (AttestArticleView *self,
         GtkTextIter       *iter,
         gint64             offset)
{
  gtk_text_buffer_get_iter_at_offset (self->buffer, iter, (int) CLAMP (offset, 0, G_MAXINT));
}

/* Applies @tag over [start, end) but never over a line break. GTK 4.8's
 * text layout gives a line that starts without a tag toggle the style it
 * last computed, and with its line-display cache that need not be the
 * line above: a tag still on at a line break leaks into lines further
 * down (seen here: a paragraph drawn in the header's style). With no tag
 * on across a line break, the style carried over is always the plain one. */
static void
apply_tag (AttestArticleView *self,
           GtkTextTag        *tag,
           gint64             start,
           gint64             end)
{
  GtkTextIter s, e;

  if (start >= end)
    return;
  iter_at (self, &s, start);
  iter_at (self, &e, end);

  while (gtk_text_iter_compare (&s, &e) < 0)
    {
      GtkTextIter line_end = s;

      if (!gtk_text_iter_ends_line (&line_end))
        gtk_text_iter_forward_to_line_end (&line_end);
      if (gtk_text_iter_compare (&line_end, &e) > 0)
        line_end = e;
      if (gtk_text_iter_compare (&s, &line_end) < 0)
        gtk_text_buffer_apply_tag (self->buffer, tag, &s, &line_end);
      s = line_end;
      if (!gtk_text_iter_forward_line (&s))
        break;
    }
}

static void
remove_tag (AttestArticleView *self,
            GtkTextTag        *tag,
            gint64             start,
            gint64             end)
{
  GtkTextIter s, e;

  if (start >= end)
    return;
  iter_at (self, &s, start);
  iter_at (self, &e, end);
  gtk_text_buffer_remove_tag (self->buffer, tag, &s, &e);
}

static AttestCategory *
find_category (AttestArticleView *self,
               const char        *key)
{
  for (guint i = 0; self->categories && i < self->categories->len; i++)
    {
      AttestCategory *category = g_ptr_array_index (self->categories, i);

      if (g_strcmp0 (category->key, key) == 0)
        return category;
    }
  return NULL;
}

static AttestCategory *
find_category_by_digit (AttestArticleView *self,
                        int                digit)
{
  for (guint i = 0; self->categories && i < self->categories->len; i++)
    {
      AttestCategory *category = g_ptr_array_index (self->categories, i);

      if (!category->retired && category->shortcut == digit)
        return category;
    }
  return NULL;
}

static const char *
category_label (AttestArticleView *self,
                const char        *key)
{
  AttestCategory *category = find_category (self, key);

  /* Labels of the shipped taxonomy are in our catalogue. */
  return category && category->label ? _(category->label) : key;
}

static void
category_rgba (AttestArticleView *self,
               const char        *key,
               GdkRGBA           *rgba)
{
  AttestCategory *category = find_category (self, key);

  if (category == NULL || category->color == NULL || !gdk_rgba_parse (rgba, category->color))
    *rgba = (GdkRGBA) { 0.6, 0.6, 0.6, 1.0 };
}

/* ------------------------------------------------------------- colours */

static void
color_category_tag (AttestArticleView *self,
                    const char        *key,
                    GtkTextTag        *tag)
{
  GdkRGBA rgba;

  category_rgba (self, key, &rgba);
  /* Translucent so the text keeps the theme's colour and contrast; a
   * little stronger on a dark background, where tints read weaker. */
  rgba.alpha = self->dark ? 0.42 : 0.35;
  g_object_set (tag, "background-rgba", &rgba, NULL);
}

static void
update_colors (AttestArticleView *self)
{
  AttestArticleText *text = ATTEST_ARTICLE_TEXT (self->text_view);
  const GdkRGBA fg = self->dark ? (GdkRGBA) { 1, 1, 1, 1 } : (GdkRGBA) { 0, 0, 0, 0.8 };
  const GdkRGBA dim = self->dark ? (GdkRGBA) { 1, 1, 1, 0.55 } : (GdkRGBA) { 0, 0, 0, 0.5 };
  const GdkRGBA rule = self->dark ? (GdkRGBA) { 1, 1, 1, 0.7 } : (GdkRGBA) { 0, 0, 0, 0.6 };
  GdkRGBA accent, citation;
  GHashTableIter iter;
  gpointer key, tag;

  gdk_rgba_parse (&accent, self->dark ? "#78aeed" : "#1c71d8");
  gdk_rgba_parse (&citation, self->dark ? "#dc8add" : "#813d9c");

  g_object_set (self->header_tag, "foreground-rgba", &dim, NULL);
  g_object_set (self->title_tag, "foreground-rgba", &fg, NULL);
  g_object_set (self->citation_tag, "foreground-rgba", &citation, NULL);
  text->decorations[DECORATION_STRIPE].color = rule;
  text->decorations[DECORATION_DOTS].color = citation;
  text->decorations[DECORATION_OUTLINE].color = accent;
  gtk_widget_queue_draw (GTK_WIDGET (self->text_view));

  g_hash_table_iter_init (&iter, self->category_tags);
  while (g_hash_table_iter_next (&iter, &key, &tag))
    color_category_tag (self, key, tag);
}

static void
on_dark_changed (AttestArticleView *self,
                 GParamSpec        *pspec,
                 AdwStyleManager   *manager)
{
  self->dark = adw_style_manager_get_dark (manager);
  update_colors (self);
}

/* ---------------------------------------------------------------- tags */

static GtkTextTag *
add_tag (AttestArticleView *self,
         const char        *name)
{
  GtkTextTag *tag = gtk_text_tag_new (name);

  gtk_text_tag_table_add (self->tags, tag);
  g_object_unref (tag);
  return tag;
}

/* Category tags are created as categories appear; the state tags must
 * stay on top of them (a higher priority wins where they both set a
 * property), the overlap rule above the selection so both show. */
static void
raise_state_tags (AttestArticleView *self)
{
  GtkTextTag *order[] = { self->header_tag, self->title_tag, self->citation_tag,
                          self->selected_tag, self->overlap_tag };
  int top = gtk_text_tag_table_get_size (self->tags) - 1;

  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    gtk_text_tag_set_priority (order[i], top);
}

static GtkTextTag *
ensure_category_tag (AttestArticleView *self,
                     const char        *key)
{
  g_autofree char *name = NULL;
  GtkTextTag *tag;

  if (key == NULL)
    key = "";

  tag = g_hash_table_lookup (self->category_tags, key);
  if (tag != NULL)
    return tag;

  name = g_strconcat ("attest-category:", key, NULL);
  tag = add_tag (self, name);
  g_hash_table_insert (self->category_tags, g_strdup (key), tag);
  color_category_tag (self, key, tag);
  raise_state_tags (self);
  return tag;
}

/* The claim whose colour a run shows: the innermost, i.e. the shortest;
 * among equals the one starting later, then the one indexed later. */
static gboolean
is_inner (AttestClaim *claim,
          AttestClaim *best)
{
  gint64 len = claim->end - claim->start;
  gint64 best_len = best->end - best->start;

  if (len != best_len)
    return len < best_len;
  return claim->start >= best->start;
}

typedef struct {
  GtkTextTag *tag;
  gint64      start;
  gint64      end;
} Run;

/* Adjacent pieces with the same tag are applied as one. */
static void
run_extend (AttestArticleView *self,
            Run               *run,
            GtkTextTag        *tag,
            gint64             start,
            gint64             end)
{
  if (run->tag == tag && run->end == start)
    {
      run->end = end;
      return;
    }
  if (run->tag != NULL)
    apply_tag (self, run->tag, run->start, run->end);
  *run = (Run) { tag, start, end };
}

static void
run_flush (AttestArticleView *self,
           Run               *run)
{
  if (run->tag != NULL)
    apply_tag (self, run->tag, run->start, run->end);
  run->tag = NULL;
}

/* Paints the claims over [start, end): every run between two claim
 * boundaries takes the category tag of its innermost claim — so a nested
 * claim shows its own colour inside the outer one, not whichever category
 * tag has the higher priority — and runs under two or more claims take the
 * overlap rule. Nothing is removed; see retag_range(). */
static void
paint_claims (AttestArticleView *self,
              gint64             start,
              gint64             end)
{
  g_autoptr(GPtrArray) claims = attest_interval_index_overlapping (self->claim_index, start, end);
  g_autoptr(GPtrArray) active = NULL;
  g_autoptr(GArray) cuts = NULL;
  Run colour = { NULL, 0, 0 };
  Run overlap = { NULL, 0, 0 };
  guint next = 0;

  if (claims->len == 0)
    return;

  cuts = g_array_sized_new (FALSE, FALSE, sizeof (gint64), 2 * claims->len);
  for (guint i = 0; i < claims->len; i++)
    {
      AttestClaim *claim = g_ptr_array_index (claims, i);
      gint64 a = MAX (claim->start, start);
      gint64 b = MIN (claim->end, end);

      g_array_append_val (cuts, a);
      g_array_append_val (cuts, b);
    }
  g_array_sort (cuts, (GCompareFunc) compare_offsets);

  /* Claims arrive sorted by start: sweep the runs between cuts, keeping
   * the claims that cover the current run. */
  active = g_ptr_array_new ();
  for (guint c = 0; c + 1 < cuts->len; c++)
    {
      gint64 a = g_array_index (cuts, gint64, c);
      gint64 b = g_array_index (cuts, gint64, c + 1);
      AttestClaim *best = NULL;

      if (a == b)
        continue;

      while (next < claims->len && MAX (((AttestClaim *) claims->pdata[next])->start, start) <= a)
        g_ptr_array_add (active, claims->pdata[next++]);
      for (guint i = active->len; i-- > 0;)
        if (((AttestClaim *) active->pdata[i])->end <= a)
          g_ptr_array_remove_index (active, i);
      if (active->len == 0)
        continue;

      for (guint i = 0; i < active->len; i++)
        if (best == NULL || is_inner (active->pdata[i], best))
          best = active->pdata[i];

      run_extend (self, &colour, ensure_category_tag (self, best->category), a, b);
      if (active->len >= 2)
        run_extend (self, &overlap, self->overlap_tag, a, b);
    }

  run_flush (self, &colour);
  run_flush (self, &overlap);
}

/* Tags [start, end) of a fresh buffer: claims and citations. Idempotent,
 * so a range may be tagged again (by a scroll or an edit) without harm. */
static void
tag_range (AttestArticleView *self,
           gint64             start,
           gint64             end)
{
  g_autoptr(GPtrArray) citations = NULL;

  if (start >= end)
    return;

  paint_claims (self, start, end);

  citations = attest_interval_index_overlapping (self->citation_index, start, end);
  for (guint i = 0; i < citations->len; i++)
    {
      AttestCitation *citation = g_ptr_array_index (citations, i);

      apply_tag (self, self->citation_tag,
                 MAX (citation->start, start), MIN (citation->end, end));
    }
}

/* After an edit to a claim over [start, end): only that range can change
 * (innermost claims and overlaps elsewhere do not depend on it), so clear
 * the category and overlap tags there and paint it again. */
static void
retag_range (AttestArticleView *self,
             gint64             start,
             gint64             end)
{
  GHashTableIter iter;
  gpointer tag;

  start = MAX (start, 0);
  end = MIN (end, gtk_text_buffer_get_char_count (self->buffer));
  if (start >= end)
    return;

  g_hash_table_iter_init (&iter, self->category_tags);
  while (g_hash_table_iter_next (&iter, NULL, &tag))
    remove_tag (self, tag, start, end);
  remove_tag (self, self->overlap_tag, start, end);

  paint_claims (self, start, end);
}

static void
tag_header (AttestArticleView *self)
{
  AttestDocument *doc = self->document;
  gint64 body_start = MIN (doc->body_start, doc->length);

  if (body_start <= 0)
    return;

  apply_tag (self, self->header_tag, 0, body_start);

  if (doc->title != NULL && *doc->title != '\0')
    {
      gint64 at = attest_document_find (doc, doc->title, 0);
      gint64 len = g_utf8_strlen (doc->title, -1);

      if (at >= 0 && at + len <= body_start)
        apply_tag (self, self->title_tag, at, at + len);
    }
}

/* ------------------------------------------------- background tagging */

static void
stop_highlighting (AttestArticleView *self)
{
  gboolean was = self->highlight_source != 0;

  g_clear_handle_id (&self->highlight_source, g_source_remove);
  g_array_set_size (self->pending, 0);
  if (was)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HIGHLIGHTING]);
}

static gboolean
highlight_idle (gpointer data)
{
  AttestArticleView *self = data;
  gint64 deadline = g_get_monotonic_time () + HIGHLIGHT_BUDGET_US;

  while (self->pending->len > 0)
    {
      Range *r = &g_array_index (self->pending, Range, 0);
      gint64 start = r->start;
      gint64 end = MIN (r->end, start + HIGHLIGHT_STEP);

      r->start = end;
      if (r->start >= r->end)
        g_array_remove_index (self->pending, 0);
      tag_range (self, start, end);

      if (g_get_monotonic_time () >= deadline)
        break;
    }

  if (self->pending->len > 0)
    return G_SOURCE_CONTINUE;

  self->highlight_source = 0;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HIGHLIGHTING]);
  return G_SOURCE_REMOVE;
}

/* Tags what is pending inside [start, end) now and drops it from the queue. */
static void
highlight_now (AttestArticleView *self,
               gint64             start,
               gint64             end)
{
  g_autoptr(GArray) rest = g_array_new (FALSE, FALSE, sizeof (Range));

  for (guint i = 0; i < self->pending->len; i++)
    {
      Range r = g_array_index (self->pending, Range, i);
      gint64 a = MAX (r.start, start);
      gint64 b = MIN (r.end, end);

      if (a >= b)
        {
          g_array_append_val (rest, r);
          continue;
        }

      tag_range (self, a, b);
      if (r.start < a)
        g_array_append_val (rest, ((Range) { r.start, a }));
      if (b < r.end)
        g_array_append_val (rest, ((Range) { b, r.end }));
    }

  g_array_set_size (self->pending, 0);
  g_array_append_vals (self->pending, rest->data, rest->len);
  if (self->pending->len == 0)
    stop_highlighting (self);
}

/* The characters shown, give or take a screen above and below. */
static void
visible_range (AttestArticleView *self,
               gint64            *start,
               gint64            *end)
{
  GdkRectangle rect;
  GtkTextIter s, e;

  gtk_text_view_get_visible_rect (self->text_view, &rect);
  gtk_text_view_get_iter_at_location (self->text_view, &s, 0, MAX (0, rect.y - rect.height));
  gtk_text_view_get_iter_at_location (self->text_view, &e, rect.width, rect.y + 2 * rect.height);
  gtk_text_iter_forward_line (&e);
  *start = gtk_text_iter_get_offset (&s);
  *end = gtk_text_iter_get_offset (&e);
}

static void
on_vadjustment_value_changed (AttestArticleView *self,
                              GtkAdjustment     *adjustment)
{
  gint64 start, end;

  /* The hint points at where the selection was on screen. */
  close_category_hint (self);

  if (self->pending->len == 0)
    return;

  visible_range (self, &start, &end);
  highlight_now (self, start, end);
}

/* How many characters a first screen can show: lines × characters per
 * line, doubled for safety. Before the first allocation, assume a large
 * window. */
static gint64
first_screen_chars (AttestArticleView *self)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));

  if (width <= 0 || height <= 0)
    width = height = 1200;

  return MAX (4000, 2 * (gint64) (height / 14) * (MIN (width, READABLE_WIDTH) / 6));
}

/* ------------------------------------------------------------ selection */

static AttestClaim *
selected_claim (AttestArticleView *self)
{
  return self->selected_uuid ? g_hash_table_lookup (self->claims, self->selected_uuid) : NULL;
}

static void
scroll_to_offset (AttestArticleView *self,
                  gint64             offset)
{
  GtkTextIter iter;

  iter_at (self, &iter, offset);
  gtk_text_buffer_move_mark (self->buffer, self->scroll_mark, &iter);
  gtk_text_view_scroll_to_mark (self->text_view, self->scroll_mark, 0.15, FALSE, 0, 0);
}

static void
set_selected (AttestArticleView *self,
              AttestClaim       *claim,
              gboolean           scroll)
{
  if (self->selected_uuid != NULL)
    remove_tag (self, self->selected_tag, self->selected_range.start, self->selected_range.end);

  if (claim == NULL && self->selected_uuid == NULL)
    return;

  g_clear_pointer (&self->selected_uuid, g_free);
  self->selected_range = (Range) { 0, 0 };

  if (claim != NULL)
    {
      self->selected_uuid = g_strdup (claim->uuid);
      self->selected_range = (Range) { claim->start, claim->end };
      apply_tag (self, self->selected_tag, claim->start, claim->end);
      if (scroll)
        scroll_to_offset (self, claim->start);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_CLAIM]);
  update_actions (self);
}

static void
activate_claim (AttestArticleView *self,
                AttestClaim       *claim,
                gboolean           scroll)
{
  g_autoptr(AttestClaim) hold = g_object_ref (claim);

  set_selected (self, claim, scroll);
  g_signal_emit (self, signals[CLAIM_ACTIVATED], 0, claim->uuid);
}

/* ------------------------------------------------------------ popovers */

/* A rectangle around [start, end) in our own coordinates, on the display
 * line where the range ends (where the pointer is after a drag), clamped
 * to what is visible. */
static gboolean
range_rect (AttestArticleView *self,
            const GtkTextIter *start,
            const GtkTextIter *end,
            GdkRectangle      *rect)
{
  GdkRectangle rs, rl, ls;
  GtkTextIter last = *end;
  GtkTextIter line_start;
  int wx, wy;
  double x, y;
  int left, right;

  if (!gtk_text_iter_equal (start, end))
    gtk_text_iter_backward_char (&last);

  gtk_text_view_get_iter_location (self->text_view, start, &rs);
  gtk_text_view_get_iter_location (self->text_view, &last, &rl);

  if (rs.y == rl.y)
    left = rs.x;
  else
    {
      line_start = last;
      gtk_text_view_backward_display_line_start (self->text_view, &line_start);
      gtk_text_view_get_iter_location (self->text_view, &line_start, &ls);
      left = ls.x;
    }
  right = MAX (rl.x + rl.width, left + 1);

  gtk_text_view_buffer_to_window_coords (self->text_view, GTK_TEXT_WINDOW_WIDGET,
                                         left, rl.y, &wx, &wy);
  if (!gtk_widget_translate_coordinates (GTK_WIDGET (self->text_view), GTK_WIDGET (self),
                                         wx, wy, &x, &y))
    return FALSE;

  rect->x = (int) x;
  rect->y = CLAMP ((int) y, 0, MAX (0, gtk_widget_get_height (GTK_WIDGET (self)) - rl.height));
  rect->width = right - left;
  rect->height = MAX (rl.height, 1);
  return TRUE;
}

static void
draw_swatch (GtkDrawingArea *area,
             cairo_t        *cr,
             int             width,
             int             height,
             gpointer        data)
{
  const GdkRGBA *rgba = data;
  double r = 3.0;

  cairo_new_sub_path (cr);
  cairo_arc (cr, width - r, r, r, -G_PI / 2, 0);
  cairo_arc (cr, width - r, height - r, r, 0, G_PI / 2);
  cairo_arc (cr, r, height - r, r, G_PI / 2, G_PI);
  cairo_arc (cr, r, r, r, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
  gdk_cairo_set_source_rgba (cr, rgba);
  cairo_fill_preserve (cr);
  cairo_set_source_rgba (cr, 0, 0, 0, 0.25);
  cairo_set_line_width (cr, 1.0);
  cairo_stroke (cr);
}

/* A popover row: a flat button with a colour swatch, a title, an optional
 * dimmed subtitle and an optional shortcut. */
static GtkWidget *
make_row (const GdkRGBA *color,
          const char    *title,
          const char    *subtitle,
          const char    *shortcut,
          const char    *accessible_label)
{
  GtkWidget *button = gtk_button_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 10);
  GtkWidget *labels = gtk_box_new (GTK_ORIENTATION_VERTICAL, 1);
  GtkWidget *label;

  gtk_widget_add_css_class (button, "flat");
  gtk_widget_add_css_class (button, "attest-popover-row");

  if (color != NULL)
    {
      GtkWidget *swatch = gtk_drawing_area_new ();

      gtk_drawing_area_set_content_width (GTK_DRAWING_AREA (swatch), 14);
      gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (swatch), 14);
      gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (swatch), draw_swatch,
                                      gdk_rgba_copy (color), (GDestroyNotify) gdk_rgba_free);
      gtk_widget_set_valign (swatch, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (swatch, "attest-swatch");
      gtk_box_append (GTK_BOX (box), swatch);
    }

  label = gtk_label_new (title);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 40);
  gtk_box_append (GTK_BOX (labels), label);

  if (subtitle != NULL)
    {
      label = gtk_label_new (subtitle);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_label_set_max_width_chars (GTK_LABEL (label), 48);
      gtk_label_set_width_chars (GTK_LABEL (label), 32);
      gtk_widget_add_css_class (label, "dim-label");
      gtk_widget_add_css_class (label, "caption");
      gtk_box_append (GTK_BOX (labels), label);
    }

  gtk_widget_set_hexpand (labels, TRUE);
  gtk_widget_set_valign (labels, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (box), labels);

  if (shortcut != NULL)
    {
      label = gtk_label_new (shortcut);
      gtk_widget_add_css_class (label, "dim-label");
      gtk_widget_add_css_class (label, "attest-shortcut");
      gtk_box_append (GTK_BOX (box), label);
    }

  gtk_button_set_child (GTK_BUTTON (button), box);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible_label,
                                  -1);
  return button;
}

static void
clear_box (GtkBox *box)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (box))))
    gtk_box_remove (box, child);
}

/* The categories at the selection. Asked for from the keyboard (Menu,
 * Ctrl+Return) the popover is modal and takes the focus, so the arrow keys
 * walk its rows; after a mouse selection it is a @hint that leaves the focus
 * in the text and lets the next click through: it closes when the selection
 * changes, the text scrolls or the focus leaves the article. */
static void
show_categories (AttestArticleView *self,
                 gboolean           hint)
{
  GtkTextIter s, e;
  GdkRectangle rect;

  if (!gtk_text_buffer_get_selection_bounds (self->buffer, &s, &e) ||
      !range_rect (self, &s, &e, &rect))
    return;

  gtk_popover_popdown (self->chooser_popover);
  if (gtk_widget_get_visible (GTK_WIDGET (self->category_popover)) && hint != self->category_hint)
    gtk_popover_popdown (self->category_popover);
  self->category_hint = hint;
  gtk_popover_set_autohide (self->category_popover, !hint);
  gtk_popover_set_pointing_to (self->category_popover, &rect);
  gtk_popover_popup (self->category_popover);
}

/* Closes the categories if they are only a hint (see show_categories()). */
static void
close_category_hint (AttestArticleView *self)
{
  if (self->category_hint && gtk_widget_get_visible (GTK_WIDGET (self->category_popover)))
    gtk_popover_popdown (self->category_popover);
}

static void
categorize (AttestArticleView *self,
            const char        *key)
{
  g_autofree char *hold = g_strdup (key);
  gint64 start, end;
  GtkTextIter iter;

  if (!attest_article_view_get_selection (self, &start, &end))
    return;

  gtk_popover_popdown (self->category_popover);

  /* Collapse the selection so the new highlight is not hidden under it. */
  iter_at (self, &iter, end);
  gtk_text_buffer_place_cursor (self->buffer, &iter);

  g_signal_emit (self, signals[CREATE_CLAIM], 0, start, end, hold);
}

static void
on_category_row_clicked (GtkButton         *button,
                         AttestArticleView *self)
{
  categorize (self, g_object_get_data (G_OBJECT (button), "attest-category-key"));
}

static int
compare_for_picker (gconstpointer a,
                    gconstpointer b)
{
  AttestCategory *x = *(AttestCategory **) a;
  AttestCategory *y = *(AttestCategory **) b;
  /* 1…9 first, then 0 (the key after 9), then the ones without a digit. */
  int kx = x->shortcut < 0 ? 100 : x->shortcut == 0 ? 10 : x->shortcut;
  int ky = y->shortcut < 0 ? 100 : y->shortcut == 0 ? 10 : y->shortcut;

  if (kx != ky)
    return kx - ky;
  return g_utf8_collate (x->label ? x->label : "", y->label ? y->label : "");
}

static void
rebuild_category_rows (AttestArticleView *self)
{
  g_autoptr(GPtrArray) sorted = g_ptr_array_new ();

  clear_box (self->category_box);

  for (guint i = 0; self->categories && i < self->categories->len; i++)
    {
      AttestCategory *category = g_ptr_array_index (self->categories, i);

      if (!category->retired)
        g_ptr_array_add (sorted, category);
    }
  g_ptr_array_sort (sorted, compare_for_picker);

  for (guint i = 0; i < sorted->len; i++)
    {
      AttestCategory *category = g_ptr_array_index (sorted, i);
      const char *label = category_label (self, category->key);
      g_autofree char *digit = NULL;
      g_autofree char *a11y = NULL;
      GtkWidget *row;
      GdkRGBA rgba;

      category_rgba (self, category->key, &rgba);
      if (category->shortcut >= 0 && category->shortcut <= 9)
        {
          digit = g_strdup_printf ("%d", category->shortcut);
          /* TRANSLATORS: accessible name of a category in the picker: label, shortcut digit */
          a11y = g_strdup_printf (_("%s, shortcut %d"), label, category->shortcut);
        }
      else
        a11y = g_strdup (label);

      row = make_row (&rgba, label, NULL, digit, a11y);
      g_object_set_data_full (G_OBJECT (row), "attest-category-key",
                              g_strdup (category->key), g_free);
      g_signal_connect (row, "clicked", G_CALLBACK (on_category_row_clicked), self);
      gtk_box_append (self->category_box, row);
    }
}

static char *
excerpt (const char *quote)
{
  g_autofree char *flat = g_strdup (quote ? quote : "");
  g_autofree char *cut = NULL;

  g_strdelimit (flat, "\n\t\r", ' ');
  if (g_utf8_strlen (flat, -1) <= EXCERPT_CHARS)
    return g_steal_pointer (&flat);
  cut = g_utf8_substring (flat, 0, EXCERPT_CHARS - 1);
  return g_strconcat (cut, "…", NULL);
}

static void
on_chooser_row_clicked (GtkButton         *button,
                        AttestArticleView *self)
{
  AttestClaim *claim = g_object_get_data (G_OBJECT (button), "attest-claim");
  AttestCitation *citation = g_object_get_data (G_OBJECT (button), "attest-citation");

  gtk_popover_popdown (self->chooser_popover);

  if (claim != NULL && g_hash_table_lookup (self->claims, claim->uuid) == claim)
    activate_claim (self, claim, FALSE);
  else if (citation != NULL)
    g_signal_emit (self, signals[CITATION_ACTIVATED], 0, citation);
}

static void
show_chooser (AttestArticleView  *self,
              GPtrArray          *claims,
              GPtrArray          *citations,
              const GdkRectangle *rect)
{
  clear_box (self->chooser_box);

  if (claims != NULL)
    {
      gtk_label_set_label (self->chooser_heading, _("Claims Here"));
      for (guint i = 0; i < claims->len; i++)
        {
          AttestClaim *claim = g_ptr_array_index (claims, i);
          const char *label = category_label (self, claim->category);
          g_autofree char *quote = excerpt (claim->quote);
          g_autofree char *a11y = g_strdup_printf ("%s: %s", label, quote);
          GtkWidget *row;
          GdkRGBA rgba;

          category_rgba (self, claim->category, &rgba);
          row = make_row (&rgba, label, quote, NULL, a11y);
          g_object_set_data_full (G_OBJECT (row), "attest-claim",
                                  g_object_ref (claim), g_object_unref);
          g_signal_connect (row, "clicked", G_CALLBACK (on_chooser_row_clicked), self);
          gtk_box_append (self->chooser_box, row);
        }
    }
  else
    {
      gtk_label_set_label (self->chooser_heading, _("Sources Here"));
      for (guint i = 0; i < citations->len; i++)
        {
          AttestCitation *citation = g_ptr_array_index (citations, i);
          g_autofree char *label = citation->source ? attest_source_dup_label (citation->source)
                                                    : g_strdup (citation->text);
          g_autofree char *text = excerpt (citation->text);
          GtkWidget *row = make_row (NULL, label, text, NULL, label);

          g_object_set_data_full (G_OBJECT (row), "attest-citation",
                                  g_object_ref (citation), g_object_unref);
          g_signal_connect (row, "clicked", G_CALLBACK (on_chooser_row_clicked), self);
          gtk_box_append (self->chooser_box, row);
        }
    }

  gtk_popover_popdown (self->category_popover);
  gtk_popover_set_pointing_to (self->chooser_popover, rect);
  gtk_popover_popup (self->chooser_popover);
}

static int
compare_shortest_first (gconstpointer a,
                        gconstpointer b)
{
  AttestClaim *x = *(AttestClaim **) a;
  AttestClaim *y = *(AttestClaim **) b;
  gint64 lx = x->end - x->start;
  gint64 ly = y->end - y->start;

  return lx < ly ? -1 : lx > ly;
}

/* What a click on character @offset does: a citation when a claim is
 * selected (to link it) or when no claim is there; else the claim, or a
 * chooser when several claims are under the pointer. */
static void
activate_offset (AttestArticleView *self,
                 gint64             offset)
{
  g_autoptr(GPtrArray) claims = attest_article_view_claims_at (self, offset);
  g_autoptr(GPtrArray) citations = attest_interval_index_at (self->citation_index, offset);
  GtkTextIter s, e;
  GdkRectangle rect;

  iter_at (self, &s, offset);
  e = s;
  gtk_text_iter_forward_char (&e);
  if (!range_rect (self, &s, &e, &rect))
    rect = (GdkRectangle) { 0, 0, 1, 1 };

  if (citations->len > 0 && (self->selected_uuid != NULL || claims->len == 0))
    {
      if (citations->len == 1)
        g_signal_emit (self, signals[CITATION_ACTIVATED], 0, g_ptr_array_index (citations, 0));
      else
        show_chooser (self, NULL, citations, &rect);
    }
  else if (claims->len == 1)
    activate_claim (self, g_ptr_array_index (claims, 0), FALSE);
  else if (claims->len > 1)
    show_chooser (self, claims, NULL, &rect);
}

/* ------------------------------------------------------- pointer input */

/* An event's position in the text view's coordinates. */
static gboolean
event_point (AttestArticleView *self,
             GdkEvent          *event,
             double            *x,
             double            *y)
{
  GtkNative *native = gtk_widget_get_native (GTK_WIDGET (self->text_view));
  double ex, ey, nx, ny;

  if (native == NULL || !gdk_event_get_position (event, &ex, &ey))
    return FALSE;

  gtk_native_get_surface_transform (native, &nx, &ny);
  return gtk_widget_translate_coordinates (GTK_WIDGET (native), GTK_WIDGET (self->text_view),
                                           ex - nx, ey - ny, x, y);
}

/* Runs once the text view has handled the release, so the selection is
 * final: a selection gets the categories; a click lands on claims. */
static gboolean
after_release (gpointer data)
{
  AttestArticleView *self = data;
  GtkTextIter iter;
  int bx, by, trailing;

  self->release_source = 0;

  if (gtk_text_buffer_get_has_selection (self->buffer))
    {
      show_categories (self, TRUE);
      return G_SOURCE_REMOVE;
    }

  if (self->dragged)
    return G_SOURCE_REMOVE;

  gtk_text_view_window_to_buffer_coords (self->text_view, GTK_TEXT_WINDOW_WIDGET,
                                         (int) self->release_x, (int) self->release_y,
                                         &bx, &by);
  if (gtk_text_view_get_iter_at_position (self->text_view, &iter, &trailing, bx, by))
    activate_offset (self, gtk_text_iter_get_offset (&iter));

  return G_SOURCE_REMOVE;
}

/* A legacy controller in the capture phase sees presses and releases
 * before the text view's own gestures claim them, without taking part in
 * (and being cancelled by) their claims. It never stops an event. */
static gboolean
on_text_view_event (GtkEventControllerLegacy *controller,
                    GdkEvent                 *event,
                    AttestArticleView        *self)
{
  double x, y;

  switch ((int) gdk_event_get_event_type (event))
    {
    case GDK_BUTTON_PRESS:
      if (gdk_button_event_get_button (event) == GDK_BUTTON_PRIMARY &&
          event_point (self, event, &x, &y))
        {
          self->pressed = TRUE;
          self->dragged = FALSE;
          self->press_x = x;
          self->press_y = y;
        }
      break;

    case GDK_MOTION_NOTIFY:
      if (self->pressed && !self->dragged && event_point (self, event, &x, &y) &&
          gtk_drag_check_threshold (GTK_WIDGET (self->text_view),
                                    (int) self->press_x, (int) self->press_y, (int) x, (int) y))
        self->dragged = TRUE;
      break;

    case GDK_BUTTON_RELEASE:
      if (self->pressed && gdk_button_event_get_button (event) == GDK_BUTTON_PRIMARY)
        {
          self->pressed = FALSE;
          if (!event_point (self, event, &self->release_x, &self->release_y))
            break;
          g_clear_handle_id (&self->release_source, g_source_remove);
          self->release_source = g_idle_add_full (G_PRIORITY_DEFAULT, after_release, self, NULL);
        }
      break;

    default:
      break;
    }

  return GDK_EVENT_PROPAGATE;
}

/* -------------------------------------------------------------- actions */

static void
update_actions (AttestArticleView *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean has_selection = self->buffer && gtk_text_buffer_get_has_selection (self->buffer);
  gboolean popover_open = gtk_widget_get_visible (GTK_WIDGET (self->category_popover)) ||
                          gtk_widget_get_visible (GTK_WIDGET (self->chooser_popover));
  gboolean has_claims = attest_interval_index_get_size (self->claim_index) > 0;

  gtk_widget_action_set_enabled (widget, "article.categorize", has_selection);
  gtk_widget_action_set_enabled (widget, "article.create-claim", has_selection);
  gtk_widget_action_set_enabled (widget, "article.show-categories", has_selection);
  gtk_widget_action_set_enabled (widget, "article.next-claim", has_claims);
  gtk_widget_action_set_enabled (widget, "article.previous-claim", has_claims);
  gtk_widget_action_set_enabled (widget, "article.clear",
                                 has_selection || popover_open || self->selected_uuid != NULL);
  gtk_widget_action_set_enabled (widget, "article.delete-claim", self->selected_uuid != NULL);
}

static void
action_categorize (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  AttestArticleView *self = ATTEST_ARTICLE_VIEW (widget);
  AttestCategory *category = find_category_by_digit (self, g_variant_get_int32 (parameter));

  if (category == NULL)
    {
      gtk_widget_error_bell (widget);
      return;
    }
  categorize (self, category->key);
}

static void
action_create_claim (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  AttestArticleView *self = ATTEST_ARTICLE_VIEW (widget);
  const char *key = g_variant_get_string (parameter, NULL);
  AttestCategory *category = find_category (self, key);

  if (category == NULL || category->retired)
    {
      gtk_widget_error_bell (widget);
      return;
    }
  categorize (self, key);
}

static void
action_show_categories (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  attest_article_view_show_category_popover (ATTEST_ARTICLE_VIEW (widget));
}

static void
step_claim (AttestArticleView *self,
            int                direction)
{
  guint size = attest_interval_index_get_size (self->claim_index);
  AttestClaim *current = selected_claim (self);
  gint64 position;
  AttestClaim *claim;

  if (size == 0)
    return;

  if (current != NULL)
    position = attest_interval_index_get_position (self->claim_index, current) + direction;
  else
    {
      /* Nothing selected yet: start from the caret. */
      GtkTextIter insert;

      gtk_text_buffer_get_iter_at_mark (self->buffer, &insert,
                                        gtk_text_buffer_get_insert (self->buffer));
      position = attest_interval_index_first_from (self->claim_index,
                                                   gtk_text_iter_get_offset (&insert));
      if (direction < 0)
        position--;
    }

  if (position < 0 || position >= size)
    {
      gtk_widget_error_bell (GTK_WIDGET (self));
      return;
    }

  claim = attest_interval_index_get_nth (self->claim_index, position, NULL, NULL);
  activate_claim (self, claim, TRUE);
}

static void
action_next_claim (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  step_claim (ATTEST_ARTICLE_VIEW (widget), +1);
}

static void
action_previous_claim (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  step_claim (ATTEST_ARTICLE_VIEW (widget), -1);
}

static void
action_clear (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  AttestArticleView *self = ATTEST_ARTICLE_VIEW (widget);
  GtkTextIter insert;

  /* One layer at a time: the popover, then the text selection, then the
   * selected claim. */
  if (gtk_widget_get_visible (GTK_WIDGET (self->category_popover)) ||
      gtk_widget_get_visible (GTK_WIDGET (self->chooser_popover)))
    {
      gtk_popover_popdown (self->category_popover);
      gtk_popover_popdown (self->chooser_popover);
    }
  else if (gtk_text_buffer_get_has_selection (self->buffer))
    {
      gtk_text_buffer_get_iter_at_mark (self->buffer, &insert,
                                        gtk_text_buffer_get_insert (self->buffer));
      gtk_text_buffer_place_cursor (self->buffer, &insert);
    }
  else
    set_selected (self, NULL, FALSE);
}

static void
action_delete_claim (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  AttestArticleView *self = ATTEST_ARTICLE_VIEW (widget);
  g_autofree char *uuid = g_strdup (self->selected_uuid);

  if (uuid != NULL)
    g_signal_emit (self, signals[DELETE_CLAIM], 0, uuid);
}

static void
action_activate_at (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  activate_offset (ATTEST_ARTICLE_VIEW (widget), g_variant_get_int64 (parameter));
}

static void
add_shortcut (GtkShortcutController *controller,
              guint                  keyval,
              GdkModifierType        modifiers,
              const char            *action,
              GVariant              *args)
{
  GtkShortcut *shortcut = gtk_shortcut_new (gtk_keyval_trigger_new (keyval, modifiers),
                                            gtk_named_action_new (action));

  if (args != NULL)
    gtk_shortcut_set_arguments (shortcut, args);
  gtk_shortcut_controller_add_shortcut (controller, shortcut);
}

/* The view's keys run in the capture phase: the text view's input method
 * would otherwise swallow the digits (it commits them, and a read-only
 * buffer drops them), and its Menu key would open the context menu. An
 * action that is disabled (no selection) lets the key through. Events in
 * a popover stop at the popover, so each popover gets the same keys; the
 * actions resolve through the popover's parent, this view. */
static void
add_shortcuts (GtkWidget *widget)
{
  GtkEventController *controller = gtk_shortcut_controller_new ();
  GtkShortcutController *sc = GTK_SHORTCUT_CONTROLLER (controller);

  gtk_event_controller_set_name (controller, "attest-article-view-keys");
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);

  for (int d = 0; d <= 9; d++)
    {
      add_shortcut (sc, GDK_KEY_0 + d, 0, "article.categorize", g_variant_new_int32 (d));
      add_shortcut (sc, GDK_KEY_KP_0 + d, 0, "article.categorize", g_variant_new_int32 (d));
    }
  add_shortcut (sc, GDK_KEY_Menu, 0, "article.show-categories", NULL);
  add_shortcut (sc, GDK_KEY_Return, GDK_CONTROL_MASK, "article.show-categories", NULL);
  add_shortcut (sc, GDK_KEY_KP_Enter, GDK_CONTROL_MASK, "article.show-categories", NULL);
  add_shortcut (sc, GDK_KEY_Down, GDK_ALT_MASK, "article.next-claim", NULL);
  add_shortcut (sc, GDK_KEY_Up, GDK_ALT_MASK, "article.previous-claim", NULL);
  add_shortcut (sc, GDK_KEY_Escape, 0, "article.clear", NULL);
  /* Delete here, not as an application accelerator: typed in the comment
   * field or the search box it deletes a character, never the claim. */
  add_shortcut (sc, GDK_KEY_Delete, 0, "article.delete-claim", NULL);
  add_shortcut (sc, GDK_KEY_KP_Delete, 0, "article.delete-claim", NULL);

  gtk_widget_add_controller (widget, controller);
}

/* ------------------------------------------------------- GObject, widget */

static void
on_has_selection_changed (AttestArticleView *self)
{
  update_actions (self);
}

/* The hint follows the selection: a caret moved or a selection extended
 * from the keyboard leaves it pointing at nothing. */
static void
on_mark_set (AttestArticleView *self,
             GtkTextIter       *location,
             GtkTextMark       *mark)
{
  if (mark == gtk_text_buffer_get_insert (self->buffer) ||
      mark == gtk_text_buffer_get_selection_bound (self->buffer))
    close_category_hint (self);
}

/* The focus went elsewhere in the window: the categories offered for the
 * selection no longer apply to what the user is doing. */
static void
on_focus_leave (AttestArticleView *self)
{
  close_category_hint (self);
}

static void
on_popover_visible_changed (AttestArticleView *self)
{
  update_actions (self);
}

static void
on_popover_closed (GtkPopover        *popover,
                   AttestArticleView *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root ? gtk_root_get_focus (root) : NULL;

  /* Keyboard work goes on in the text, not in the closed popover; but a
   * focus the user moved elsewhere (a click on the search box while the
   * hint was open) stays where it went. */
  if (focus != NULL && focus != GTK_WIDGET (popover) && !gtk_widget_is_ancestor (focus, GTK_WIDGET (popover)))
    return;
  if (gtk_widget_get_mapped (GTK_WIDGET (self->text_view)))
    gtk_widget_grab_focus (GTK_WIDGET (self->text_view));
}

static void
attest_article_view_measure (GtkWidget      *widget,
                             GtkOrientation  orientation,
                             int             for_size,
                             int            *minimum,
                             int            *natural,
                             int            *minimum_baseline,
                             int            *natural_baseline)
{
  AttestArticleView *self = ATTEST_ARTICLE_VIEW (widget);

  gtk_widget_measure (GTK_WIDGET (self->scroller), orientation, for_size,
                      minimum, natural, minimum_baseline, natural_baseline);
}

static void
attest_article_view_size_allocate (GtkWidget *widget,
                                   int        width,
                                   int        height,
                                   int        baseline)
{
  AttestArticleView *self = ATTEST_ARTICLE_VIEW (widget);
  int margin = MAX (MIN_MARGIN, (width - READABLE_WIDTH) / 2);

  /* A readable column: centre the text rather than stretch it. Only a
   * change of width moves it, and that re-wraps the text anyway. */
  if (gtk_text_view_get_left_margin (self->text_view) != margin)
    {
      gtk_text_view_set_left_margin (self->text_view, margin);
      gtk_text_view_set_right_margin (self->text_view, margin);
    }

  gtk_widget_allocate (GTK_WIDGET (self->scroller), width, height, baseline, NULL);
  gtk_popover_present (self->category_popover);
  gtk_popover_present (self->chooser_popover);
}

static gboolean
attest_article_view_grab_focus (GtkWidget *widget)
{
  return gtk_widget_grab_focus (GTK_WIDGET (ATTEST_ARTICLE_VIEW (widget)->text_view));
}

static void
attest_article_view_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  AttestArticleView *self = ATTEST_ARTICLE_VIEW (object);

  switch (prop_id)
    {
    case PROP_DOCUMENT:
      g_value_set_object (value, self->document);
      break;
    case PROP_SELECTED_CLAIM:
      g_value_set_string (value, self->selected_uuid);
      break;
    case PROP_HIGHLIGHTING:
      g_value_set_boolean (value, attest_article_view_is_highlighting (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
attest_article_view_dispose (GObject *object)
{
  AttestArticleView *self = ATTEST_ARTICLE_VIEW (object);

  g_clear_handle_id (&self->highlight_source, g_source_remove);
  g_clear_handle_id (&self->release_source, g_source_remove);

  if (self->buffer != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->buffer, self);
      g_clear_object (&self->buffer);
    }

  /* Tearing the template down may close a popover: no callbacks into a
   * half-disposed view. */
  if (self->category_popover != NULL)
    {
      /* Closed first, so their grab on the seat ends with them. */
      gtk_popover_popdown (self->category_popover);
      gtk_popover_popdown (self->chooser_popover);
      g_signal_handlers_disconnect_by_data (self->category_popover, self);
      g_signal_handlers_disconnect_by_data (self->chooser_popover, self);
      g_signal_handlers_disconnect_by_data (gtk_scrolled_window_get_vadjustment (self->scroller), self);
    }

  /* Unparents the scroller and both popovers. */
  gtk_widget_dispose_template (GTK_WIDGET (self), ATTEST_TYPE_ARTICLE_VIEW);

  g_clear_object (&self->document);
  g_clear_pointer (&self->categories, g_ptr_array_unref);
  g_clear_pointer (&self->citations, g_ptr_array_unref);
  if (self->claim_index != NULL)
    attest_interval_index_clear (self->claim_index);
  if (self->citation_index != NULL)
    attest_interval_index_clear (self->citation_index);
  g_clear_pointer (&self->claims, g_hash_table_unref);
  g_clear_pointer (&self->selected_uuid, g_free);

  G_OBJECT_CLASS (attest_article_view_parent_class)->dispose (object);
}

static void
attest_article_view_finalize (GObject *object)
{
  AttestArticleView *self = ATTEST_ARTICLE_VIEW (object);

  g_clear_pointer (&self->claim_index, attest_interval_index_free);
  g_clear_pointer (&self->citation_index, attest_interval_index_free);
  g_clear_pointer (&self->category_tags, g_hash_table_unref);
  g_clear_pointer (&self->pending, g_array_unref);
  g_clear_object (&self->tags);

  G_OBJECT_CLASS (attest_article_view_parent_class)->finalize (object);
}

static void
attest_article_view_class_init (AttestArticleViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = attest_article_view_get_property;
  object_class->dispose = attest_article_view_dispose;
  object_class->finalize = attest_article_view_finalize;

  widget_class->measure = attest_article_view_measure;
  widget_class->size_allocate = attest_article_view_size_allocate;
  widget_class->grab_focus = attest_article_view_grab_focus;

  properties[PROP_DOCUMENT] =
    g_param_spec_object ("document", NULL, NULL, ATTEST_TYPE_DOCUMENT,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_SELECTED_CLAIM] =
    g_param_spec_string ("selected-claim", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_HIGHLIGHTING] =
    g_param_spec_boolean ("highlighting", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * AttestArticleView::create-claim:
   * @start: first character of the selection
   * @end: character after it
   * @category: the category key
   *
   * The user asked for a claim over the selection. The window saves it and
   * calls attest_article_view_add_claim().
   */
  signals[CREATE_CLAIM] =
    g_signal_new ("create-claim", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, G_TYPE_INT64, G_TYPE_INT64, G_TYPE_STRING);

  /* The user picked a claim (click, chooser, Alt+Down/Up); it is selected. */
  signals[CLAIM_ACTIVATED] =
    g_signal_new ("claim-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  /* The user clicked a citation (to link it to the selected claim). */
  signals[CITATION_ACTIVATED] =
    g_signal_new ("citation-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, ATTEST_TYPE_CITATION);

  /* Delete was pressed in the article with this claim selected. */
  signals[DELETE_CLAIM] =
    g_signal_new ("delete-claim", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_install_action (widget_class, "article.categorize", "i", action_categorize);
  gtk_widget_class_install_action (widget_class, "article.create-claim", "s", action_create_claim);
  gtk_widget_class_install_action (widget_class, "article.show-categories", NULL, action_show_categories);
  gtk_widget_class_install_action (widget_class, "article.next-claim", NULL, action_next_claim);
  gtk_widget_class_install_action (widget_class, "article.previous-claim", NULL, action_previous_claim);
  gtk_widget_class_install_action (widget_class, "article.clear", NULL, action_clear);
  gtk_widget_class_install_action (widget_class, "article.activate-at", "x", action_activate_at);
  gtk_widget_class_install_action (widget_class, "article.delete-claim", NULL, action_delete_claim);

  g_type_ensure (ATTEST_TYPE_ARTICLE_TEXT);
  /* Pulls the resource object into the link, so its constructor registers it. */
  (void) attest_get_resource ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/attest/Attest/attest-article-view.ui");
  gtk_widget_class_bind_template_child (widget_class, AttestArticleView, scroller);
  gtk_widget_class_bind_template_child (widget_class, AttestArticleView, text_view);
  gtk_widget_class_bind_template_child (widget_class, AttestArticleView, category_popover);
  gtk_widget_class_bind_template_child (widget_class, AttestArticleView, category_box);
  gtk_widget_class_bind_template_child (widget_class, AttestArticleView, chooser_popover);
  gtk_widget_class_bind_template_child (widget_class, AttestArticleView, chooser_box);
  gtk_widget_class_bind_template_child (widget_class, AttestArticleView, chooser_heading);

  gtk_widget_class_set_css_name (widget_class, "attest-article-view");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
attest_article_view_init (AttestArticleView *self)
{
  g_autoptr(GMenu) extra = g_menu_new ();
  GtkTextIter start;
  GtkEventController *legacy;
  GtkEventController *focus;
  AttestArticleText *text;
  AdwStyleManager *style = adw_style_manager_get_default ();

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_set_parent (GTK_WIDGET (self->category_popover), GTK_WIDGET (self));
  gtk_widget_set_parent (GTK_WIDGET (self->chooser_popover), GTK_WIDGET (self));

  self->claims = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_object_unref);
  self->claim_index = attest_interval_index_new ();
  self->citations = g_ptr_array_new_with_free_func (g_object_unref);
  self->citation_index = attest_interval_index_new ();
  self->categories = g_ptr_array_new_with_free_func (g_object_unref);
  self->category_tags = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->pending = g_array_new (FALSE, FALSE, sizeof (Range));

  self->tags = gtk_text_tag_table_new ();
  self->header_tag = add_tag (self, "attest-header");
  g_object_set (self->header_tag,
                "scale", 0.92,
                "pixels-below-lines", 2,
                NULL);
  self->title_tag = add_tag (self, "attest-title");
  g_object_set (self->title_tag,
                "weight", PANGO_WEIGHT_BOLD,
                "scale", 1.6,
                "pixels-below-lines", 10,
                NULL);
  /* The citation tag colours the text; the state tags have no look of
   * their own: AttestArticleText draws under and around their runs. (Not
   * an overline for the selection: GTK 4.8 frees overline-rgba twice.) */
  self->citation_tag = add_tag (self, "attest-citation");
  self->selected_tag = add_tag (self, "attest-selected");
  self->overlap_tag = add_tag (self, "attest-overlap");
  text = ATTEST_ARTICLE_TEXT (self->text_view);
  text->decorations[DECORATION_STRIPE].tag = self->overlap_tag;
  text->decorations[DECORATION_DOTS].tag = self->citation_tag;
  text->decorations[DECORATION_OUTLINE].tag = self->selected_tag;
  g_assert (gtk_text_tag_table_get_size (self->tags) == N_FIXED_TAGS);

  self->dark = style != NULL && adw_style_manager_get_dark (style);
  if (style != NULL)
    g_signal_connect_object (style, "notify::dark", G_CALLBACK (on_dark_changed), self,
                             G_CONNECT_SWAPPED);
  update_colors (self);

  /* One buffer for the view's life: documents replace its text. (GTK 4.8
   * can keep line displays of a buffer given up with set_buffer() and
   * read them after it is freed.) No undo history: the text is read-only. */
  self->buffer = gtk_text_buffer_new (self->tags);
  gtk_text_buffer_set_enable_undo (self->buffer, FALSE);
  gtk_text_buffer_get_start_iter (self->buffer, &start);
  self->scroll_mark = gtk_text_buffer_create_mark (self->buffer, "attest-scroll", &start, TRUE);
  g_signal_connect_swapped (self->buffer, "notify::has-selection",
                            G_CALLBACK (on_has_selection_changed), self);
  gtk_text_view_set_buffer (self->text_view, self->buffer);

  g_menu_append (extra, _("Categorize Selection…"), "article.show-categories");
  gtk_text_view_set_extra_menu (self->text_view, G_MENU_MODEL (extra));

  legacy = gtk_event_controller_legacy_new ();
  gtk_event_controller_set_propagation_phase (legacy, GTK_PHASE_CAPTURE);
  g_signal_connect (legacy, "event", G_CALLBACK (on_text_view_event), self);
  gtk_widget_add_controller (GTK_WIDGET (self->text_view), legacy);

  add_shortcuts (GTK_WIDGET (self));
  add_shortcuts (GTK_WIDGET (self->category_popover));
  add_shortcuts (GTK_WIDGET (self->chooser_popover));

  g_signal_connect_swapped (gtk_scrolled_window_get_vadjustment (self->scroller), "value-changed",
                            G_CALLBACK (on_vadjustment_value_changed), self);
  g_signal_connect_swapped (self->category_popover, "notify::visible",
                            G_CALLBACK (on_popover_visible_changed), self);
  g_signal_connect_swapped (self->chooser_popover, "notify::visible",
                            G_CALLBACK (on_popover_visible_changed), self);
  g_signal_connect (self->category_popover, "closed", G_CALLBACK (on_popover_closed), self);
  g_signal_connect (self->chooser_popover, "closed", G_CALLBACK (on_popover_closed), self);
  g_signal_connect_swapped (self->buffer, "mark-set", G_CALLBACK (on_mark_set), self);
  focus = gtk_event_controller_focus_new ();
  g_signal_connect_swapped (focus, "leave", G_CALLBACK (on_focus_leave), self);
  gtk_widget_add_controller (GTK_WIDGET (self), focus);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self->text_view),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Article"),
                                  -1);
  update_actions (self);
}

/* ------------------------------------------------------------- public */

GtkWidget *
attest_article_view_new (void)
{
  return g_object_new (ATTEST_TYPE_ARTICLE_VIEW, NULL);
}

static void
index_claim (AttestArticleView *self,
             AttestClaim       *claim)
{
  g_hash_table_replace (self->claims, claim->uuid, g_object_ref (claim));
  attest_interval_index_add (self->claim_index, claim, claim->start, claim->end);
  ensure_category_tag (self, claim->category);
}

static void
unindex_claim (AttestArticleView *self,
               AttestClaim       *claim)
{
  attest_interval_index_remove (self->claim_index, claim);
  g_hash_table_remove (self->claims, claim->uuid);
}

void
attest_article_view_set_document (AttestArticleView *self,
                                  AttestDocument    *document,
                                  GPtrArray         *claims,
                                  GPtrArray         *citations)
{
  GtkTextIter start;
  gint64 length;
  gint64 first;

  g_return_if_fail (ATTEST_IS_ARTICLE_VIEW (self));
  g_return_if_fail (document == NULL || ATTEST_IS_DOCUMENT (document));

  stop_highlighting (self);
  gtk_popover_popdown (self->category_popover);
  gtk_popover_popdown (self->chooser_popover);
  g_clear_handle_id (&self->release_source, g_source_remove);
  self->pressed = FALSE;

  if (self->selected_uuid != NULL)
    {
      g_clear_pointer (&self->selected_uuid, g_free);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_CLAIM]);
    }

  attest_interval_index_clear (self->claim_index);
  g_hash_table_remove_all (self->claims);
  attest_interval_index_clear (self->citation_index);
  g_ptr_array_set_size (self->citations, 0);
  g_set_object (&self->document, document);

  /* The old text goes with all its tags. */
  gtk_text_buffer_set_text (self->buffer,
                            document != NULL && document->text != NULL ? document->text : "", -1);
  /* The caret (a right-gravity mark) went to the end with the text. */
  gtk_text_buffer_get_start_iter (self->buffer, &start);
  gtk_text_buffer_place_cursor (self->buffer, &start);
  gtk_text_buffer_move_mark (self->buffer, self->scroll_mark, &start);
  length = gtk_text_buffer_get_char_count (self->buffer);

  for (guint i = 0; claims != NULL && i < claims->len; i++)
    {
      AttestClaim *claim = g_ptr_array_index (claims, i);

      if (claim->uuid != NULL && !g_hash_table_contains (self->claims, claim->uuid))
        index_claim (self, claim);
    }

  for (guint i = 0; citations != NULL && i < citations->len; i++)
    {
      AttestCitation *citation = g_ptr_array_index (citations, i);

      g_ptr_array_add (self->citations, g_object_ref (citation));
      attest_interval_index_add (self->citation_index, citation, citation->start, citation->end);
    }

  if (document != NULL)
    tag_header (self);

  /* The first screen now, the rest in the background. */
  first = MIN (length, first_screen_chars (self));
  tag_range (self, 0, first);
  if (first < length)
    {
      g_array_append_val (self->pending, ((Range) { first, length }));
      self->highlight_source = g_idle_add_full (HIGHLIGHT_PRIORITY, highlight_idle, self, NULL);
      g_source_set_static_name (g_main_context_find_source_by_id (NULL, self->highlight_source),
                                "[attest] article highlighting");
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HIGHLIGHTING]);
    }

  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scroller), 0);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self->text_view),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  document && document->title ? document->title : _("Article"),
                                  -1);
  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DOCUMENT]);
}

AttestDocument *
attest_article_view_get_document (AttestArticleView *self)
{
  g_return_val_if_fail (ATTEST_IS_ARTICLE_VIEW (self), NULL);

  return self->document;
}

void
attest_article_view_set_categories (AttestArticleView *self,
                                    GPtrArray         *categories)
{
  GHashTableIter iter;
  gpointer key, tag;

  g_return_if_fail (ATTEST_IS_ARTICLE_VIEW (self));

  g_ptr_array_set_size (self->categories, 0);
  for (guint i = 0; categories != NULL && i < categories->len; i++)
    {
      AttestCategory *category = g_ptr_array_index (categories, i);

      g_ptr_array_add (self->categories, g_object_ref (category));
      ensure_category_tag (self, category->key);
    }

  /* A recoloured category needs no re-tagging: its one tag changes. */
  g_hash_table_iter_init (&iter, self->category_tags);
  while (g_hash_table_iter_next (&iter, &key, &tag))
    color_category_tag (self, key, tag);

  rebuild_category_rows (self);
}

void
attest_article_view_add_claim (AttestArticleView *self,
                               AttestClaim       *claim)
{
  g_return_if_fail (ATTEST_IS_ARTICLE_VIEW (self));
  g_return_if_fail (ATTEST_IS_CLAIM (claim));
  g_return_if_fail (claim->uuid != NULL);

  if (g_hash_table_contains (self->claims, claim->uuid))
    {
      attest_article_view_update_claim (self, claim);
      return;
    }

  index_claim (self, claim);
  retag_range (self, claim->start, claim->end);
  update_actions (self);
}

void
attest_article_view_update_claim (AttestArticleView *self,
                                  AttestClaim       *claim)
{
  g_autoptr(AttestClaim) old = NULL;
  gboolean was_selected;

  g_return_if_fail (ATTEST_IS_ARTICLE_VIEW (self));
  g_return_if_fail (ATTEST_IS_CLAIM (claim));
  g_return_if_fail (claim->uuid != NULL);

  old = g_hash_table_lookup (self->claims, claim->uuid);
  if (old == NULL)
    {
      attest_article_view_add_claim (self, claim);
      return;
    }
  g_object_ref (old);

  was_selected = g_strcmp0 (self->selected_uuid, claim->uuid) == 0;
  unindex_claim (self, old);
  index_claim (self, claim);

  /* The text shows only span and category: a comment saved as it is typed
   * (or a status) leaves the tags alone. */
  if (old->start == claim->start && old->end == claim->end && g_strcmp0 (old->category, claim->category) == 0)
    return;

  retag_range (self, old->start, old->end);
  if (old->start != claim->start || old->end != claim->end)
    retag_range (self, claim->start, claim->end);

  if (was_selected)
    {
      remove_tag (self, self->selected_tag, self->selected_range.start, self->selected_range.end);
      self->selected_range = (Range) { claim->start, claim->end };
      apply_tag (self, self->selected_tag, claim->start, claim->end);
    }
}

void
attest_article_view_remove_claim (AttestArticleView *self,
                                  const char        *uuid)
{
  g_autoptr(AttestClaim) old = NULL;

  g_return_if_fail (ATTEST_IS_ARTICLE_VIEW (self));
  g_return_if_fail (uuid != NULL);

  old = g_hash_table_lookup (self->claims, uuid);
  if (old == NULL)
    return;
  g_object_ref (old);

  if (g_strcmp0 (self->selected_uuid, uuid) == 0)
    set_selected (self, NULL, FALSE);

  unindex_claim (self, old);
  retag_range (self, old->start, old->end);
  update_actions (self);
}

/**
 * attest_article_view_claims_at:
 *
 * Returns: (transfer full): the claims covering @offset, shortest first
 *   (the innermost of nested claims leads), each with a reference.
 */
GPtrArray *
attest_article_view_claims_at (AttestArticleView *self,
                               gint64             offset)
{
  g_autoptr(GPtrArray) items = NULL;
  GPtrArray *claims = g_ptr_array_new_with_free_func (g_object_unref);

  g_return_val_if_fail (ATTEST_IS_ARTICLE_VIEW (self), claims);

  items = attest_interval_index_at (self->claim_index, offset);
  for (guint i = 0; i < items->len; i++)
    g_ptr_array_add (claims, g_object_ref (g_ptr_array_index (items, i)));
  /* Stable: equal lengths keep index order (by start). */
  g_ptr_array_sort (claims, compare_shortest_first);
  return claims;
}

void
attest_article_view_select_claim (AttestArticleView *self,
                                  const char        *uuid)
{
  g_return_if_fail (ATTEST_IS_ARTICLE_VIEW (self));

  set_selected (self, uuid ? g_hash_table_lookup (self->claims, uuid) : NULL, TRUE);
}

const char *
attest_article_view_get_selected_claim (AttestArticleView *self)
{
  g_return_val_if_fail (ATTEST_IS_ARTICLE_VIEW (self), NULL);

  return self->selected_uuid;
}

gboolean
attest_article_view_get_selection (AttestArticleView *self,
                                   gint64            *start,
                                   gint64            *end)
{
  GtkTextIter s, e;

  g_return_val_if_fail (ATTEST_IS_ARTICLE_VIEW (self), FALSE);

  if (!gtk_text_buffer_get_selection_bounds (self->buffer, &s, &e))
    return FALSE;

  if (start)
    *start = gtk_text_iter_get_offset (&s);
  if (end)
    *end = gtk_text_iter_get_offset (&e);
  return TRUE;
}

void
attest_article_view_set_selection (AttestArticleView *self,
                                   gint64             start,
                                   gint64             end)
{
  GtkTextIter s, e;

  g_return_if_fail (ATTEST_IS_ARTICLE_VIEW (self));

  iter_at (self, &s, start);
  iter_at (self, &e, end);
  /* The caret (insert) at the end, as after a forward drag. */
  gtk_text_buffer_select_range (self->buffer, &e, &s);
  gtk_text_view_scroll_mark_onscreen (self->text_view, gtk_text_buffer_get_insert (self->buffer));
}

void
attest_article_view_show_category_popover (AttestArticleView *self)
{
  g_return_if_fail (ATTEST_IS_ARTICLE_VIEW (self));

  show_categories (self, FALSE);
}

GtkTextView *
attest_article_view_get_text_view (AttestArticleView *self)
{
  g_return_val_if_fail (ATTEST_IS_ARTICLE_VIEW (self), NULL);

  return self->text_view;
}

gboolean
attest_article_view_is_highlighting (AttestArticleView *self)
{
  g_return_val_if_fail (ATTEST_IS_ARTICLE_VIEW (self), FALSE);

  return self->highlight_source != 0;
}
