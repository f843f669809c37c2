/* attest-article-text.c — owns the drawing of the article's decorations
 * (see attest-article-text.h).
 *
 * Pango's underlines are too thin for this: at 1× they are under a pixel
 * high and GTK 4.8's GL renderer drops some of them altogether.
 */
#include "config.h"

#include "attest-article-text.h"

#include <string.h>

/* The chip of a short label: its height, and the gap kept above a line
 * for it when labels are shown. */
#define CHIP_HEIGHT 12
#define CHIP_SPACE  (CHIP_HEIGHT + 1)

typedef struct {
  GtkTextTag *tag;      /* the table owns it */
  GdkRGBA     color;
} Decoration;

/* Where a claim's mark is: its span, the paragraphs (lines) it covers,
 * and its lane, as last tagged. */
typedef struct {
  gint64 start;
  gint64 end;
  int    first;
  int    last;
  int    lane;
} Span;

typedef struct {
  GdkRGBA      color;
  char        *short_label;
  PangoLayout *layout;  /* of short_label, made when first drawn */
} CategoryStyle;

struct _AttestArticleText
{
  GtkTextView          parent_instance;

  Decoration           decorations[ATTEST_N_DECORATIONS];
  GdkRGBA              selection_color;

  AttestIntervalIndex *claims;      /* not owned */
  GHashTable          *lanes;       /* AttestClaim* → lane + 1 */
  guint                n_lanes;
  GHashTable          *styles;      /* category key → CategoryStyle */
  gboolean             show_labels;

  /* Room for the lanes, paragraph by paragraph: the tag of depth d
   * (lane_tags[d - 1], owned by the table) is on each paragraph whose
   * deepest claim is in lane d - 1; paragraphs without claims keep the
   * view's own spacing. */
  GtkTextTag          *lane_tags[ATTEST_MAX_LANES];
  GtkTextTagTable     *lane_table;  /* not owned: the table owns the tags */
  GHashTable          *line_depths; /* line number → depth, as tagged */
  GHashTable          *spans;       /* AttestClaim* → Span, as tagged */
  gboolean             depths_stale;
  GtkTextBuffer       *watched;     /* weak */

  /* The line spacing of the template, which the lanes and chips add to. */
  gboolean             have_base;
  int                  base_above;
  int                  base_below;
  int                  base_inside;
};

G_DEFINE_FINAL_TYPE (AttestArticleText, attest_article_text, GTK_TYPE_TEXT_VIEW)

static void
decorate_segment (GtkSnapshot      *snapshot,
                  AttestDecoration  style,
                  const GdkRGBA    *color,
                  int               x0,
                  int               x1,
                  int               y,
                  int               height)
{
  int width = MAX (x1 - x0, 1);

  switch (style)
    {
    case ATTEST_DECORATION_STRIPE:
      gtk_snapshot_append_color (snapshot, color, &GRAPHENE_RECT_INIT (x0, y + height - 1, width, 3));
      break;

    case ATTEST_DECORATION_DOTS:
      /* 2 px dots every 4 px. */
      gtk_snapshot_push_repeat (snapshot, &GRAPHENE_RECT_INIT (x0, y + height + 1, width, 2),
                                &GRAPHENE_RECT_INIT (x0, y + height + 1, 4, 2));
      gtk_snapshot_append_color (snapshot, color, &GRAPHENE_RECT_INIT (x0, y + height + 1, 2, 2));
      gtk_snapshot_pop (snapshot);
      break;

    case ATTEST_DECORATION_OUTLINE:
    case ATTEST_N_DECORATIONS:
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

/* Decorates [start, end) — never across a line break, see
 * _attest_article_view_apply_tag() — one display line at a time, down to
 * @stop. */
static void
decorate_run (AttestArticleText *self,
              GtkSnapshot       *snapshot,
              AttestDecoration   style,
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

/* Calls @func for each display line of [start, end) down to @stop, with
 * the segment's left and right edges and its line's top and height. */
typedef void (*SegmentFunc) (AttestArticleText *self,
                             GtkSnapshot       *snapshot,
                             int                x0,
                             int                x1,
                             int                y,
                             int                height,
                             gpointer           data);

static void
for_each_segment (AttestArticleText *self,
                  GtkSnapshot       *snapshot,
                  const GtkTextIter *start,
                  const GtkTextIter *end,
                  const GtkTextIter *stop,
                  SegmentFunc        func,
                  gpointer           data)
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

      last = next;
      gtk_text_iter_backward_char (&last);
      if (gtk_text_iter_compare (&last, &line) < 0)
        last = line;
      /* Not under a line break: it has no width of its own. */
      if (gtk_text_iter_ends_line (&last) && gtk_text_iter_compare (&last, &line) > 0)
        gtk_text_iter_backward_char (&last);

      gtk_text_view_get_iter_location (view, &line, &first_rect);
      gtk_text_view_get_iter_location (view, &last, &last_rect);
      if (!gtk_text_iter_ends_line (&line))
        func (self, snapshot, first_rect.x, last_rect.x + last_rect.width,
              first_rect.y, first_rect.height, data);

      if (gtk_text_iter_equal (&next, &line))
        break;
      line = next;
    }
}

/* ------------------------------------------------------------- lanes */

static int
lane_of (AttestArticleText *self,
         AttestClaim       *claim)
{
  return GPOINTER_TO_INT (g_hash_table_lookup (self->lanes, claim)) - 1;
}

/* A claim's lane is the lowest free over its span: walking the claims in
 * index order (by start, outer before inner), a lane is free once the
 * claim in it has ended. Outer claims take the lanes nearest the text. */
static void
assign_lanes (AttestArticleText *self)
{
  g_autoptr(GArray) ends = g_array_new (FALSE, FALSE, sizeof (gint64));
  guint n = self->claims ? attest_interval_index_get_size (self->claims) : 0;

  g_hash_table_remove_all (self->lanes);
  self->n_lanes = 0;

  for (guint i = 0; i < n; i++)
    {
      gint64 start, end;
      AttestClaim *claim = attest_interval_index_get_nth (self->claims, i, &start, &end);
      guint lane;

      if (start >= end)
        continue;
      for (lane = 0; lane < ends->len; lane++)
        if (g_array_index (ends, gint64, lane) <= start)
          break;
      if (lane == ends->len)
        g_array_append_val (ends, end);
      else
        g_array_index (ends, gint64, lane) = end;
      g_hash_table_insert (self->lanes, claim, GINT_TO_POINTER (lane + 1));
    }
  self->n_lanes = MIN (ends->len, ATTEST_MAX_LANES);
}

static void
ensure_base (AttestArticleText *self)
{
  GtkTextView *view = GTK_TEXT_VIEW (self);

  if (self->have_base)
    return;
  self->base_above = gtk_text_view_get_pixels_above_lines (view);
  self->base_below = gtk_text_view_get_pixels_below_lines (view);
  self->base_inside = gtk_text_view_get_pixels_inside_wrap (view);
  self->have_base = TRUE;
}

/* Each depth's tag: room under each line of its paragraph for that many
 * lanes, and above it for the chips. Only a change of the labels switch
 * sets them again (and lays the tagged paragraphs out again). */
static void
update_spacing (AttestArticleText *self)
{
  int chips = self->show_labels ? CHIP_SPACE : 0;

  ensure_base (self);
  for (int d = 1; d <= ATTEST_MAX_LANES; d++)
    {
      int lanes = ATTEST_LANE_TOP + d * ATTEST_LANE_PITCH;

      if (self->lane_tags[d - 1] != NULL)
        g_object_set (self->lane_tags[d - 1],
                      "pixels-above-lines", self->base_above + chips,
                      "pixels-below-lines", MAX (self->base_below, lanes),
                      "pixels-inside-wrap", MAX (self->base_inside, lanes) + chips,
                      NULL);
    }
}

/* [start, end) of line @line without its line break: no tag of this view
 * is on across one (see _attest_article_view_apply_tag()). FALSE for an
 * empty line, which has no lanes to draw. */
static gboolean
line_bounds (GtkTextBuffer *buffer,
             int            line,
             GtkTextIter   *start,
             GtkTextIter   *end)
{
  gtk_text_buffer_get_iter_at_line (buffer, start, line);
  if (gtk_text_iter_get_line (start) != line)
    return FALSE;
  *end = *start;
  if (!gtk_text_iter_ends_line (end))
    gtk_text_iter_forward_to_line_end (end);
  return gtk_text_iter_compare (start, end) < 0;
}

static void
set_line_depth (AttestArticleText *self,
                GtkTextBuffer     *buffer,
                int                line,
                int                was,
                int                now)
{
  GtkTextIter start, end;

  if (!line_bounds (buffer, line, &start, &end))
    return;
  if (was > 0)
    gtk_text_buffer_remove_tag (buffer, self->lane_tags[was - 1], &start, &end);
  if (now > 0)
    gtk_text_buffer_apply_tag (buffer, self->lane_tags[now - 1], &start, &end);
}

static void
mark_dirty (GHashTable *dirty,
            const Span *span)
{
  for (int line = span->first; line <= span->last; line++)
    g_hash_table_add (dirty, GINT_TO_POINTER (line));
}

/* The deepest lane among the claims over paragraph @line. */
static int
line_depth (AttestArticleText *self,
            GtkTextBuffer     *buffer,
            int                line)
{
  g_autoptr(GPtrArray) claims = NULL;
  GtkTextIter start, end;
  int depth = 0;

  if (self->claims == NULL || !line_bounds (buffer, line, &start, &end))
    return 0;
  claims = attest_interval_index_overlapping (self->claims, gtk_text_iter_get_offset (&start),
                                              gtk_text_iter_get_offset (&end));
  for (guint i = 0; i < claims->len; i++)
    depth = MAX (depth, MIN (lane_of (self, claims->pdata[i]), ATTEST_MAX_LANES - 1) + 1);
  return depth;
}

/* After the lanes were assigned again: the paragraphs of the claims that
 * came, went or changed lane are the only ones whose deepest lane can
 * have changed; their tags change where it did, and no other paragraph is
 * laid out again. A claim's paragraphs are kept from the change before
 * (the text is read-only), so the buffer is asked only about new claims. */
static void
update_line_depths (AttestArticleText *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self));
  g_autoptr(GHashTable) spans = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  g_autoptr(GHashTable) dirty = g_hash_table_new (NULL, NULL);
  int length = gtk_text_buffer_get_char_count (buffer);
  guint n = self->claims ? attest_interval_index_get_size (self->claims) : 0;
  GHashTableIter iter;
  gpointer key, value;

  /* Not before the buffer of the tags' table is shown. */
  if (self->lane_tags[0] == NULL || gtk_text_buffer_get_tag_table (buffer) != self->lane_table)
    return;

  if (self->depths_stale)
    {
      GtkTextIter start, end;

      /* The text changed under the tags: the lines counted are no more. */
      gtk_text_buffer_get_bounds (buffer, &start, &end);
      for (guint d = 0; d < ATTEST_MAX_LANES; d++)
        gtk_text_buffer_remove_tag (buffer, self->lane_tags[d], &start, &end);
      g_hash_table_remove_all (self->line_depths);
      g_hash_table_remove_all (self->spans);
      self->depths_stale = FALSE;
    }

  for (guint i = 0; i < n; i++)
    {
      gint64 start, end;
      AttestClaim *claim = attest_interval_index_get_nth (self->claims, i, &start, &end);
      int lane = lane_of (self, claim);
      Span *span = NULL;

      start = CLAMP (start, 0, length);
      end = CLAMP (end, 0, length);
      if (lane < 0 || start >= end)
        continue;

      /* The same claim as before, or a new one where a gone one was
       * (same address): the same lines if over the same span. */
      if (g_hash_table_steal_extended (self->spans, claim, NULL, (gpointer *) &span) &&
          (span->start != start || span->end != end))
        {
          mark_dirty (dirty, span);
          g_clear_pointer (&span, g_free);
        }
      if (span == NULL)
        {
          GtkTextIter s, e;

          span = g_new (Span, 1);
          span->start = start;
          span->end = end;
          gtk_text_buffer_get_iter_at_offset (buffer, &s, (int) start);
          gtk_text_buffer_get_iter_at_offset (buffer, &e, (int) end - 1);
          span->first = gtk_text_iter_get_line (&s);
          span->last = gtk_text_iter_get_line (&e);
          span->lane = -1;
        }
      if (span->lane != lane)
        mark_dirty (dirty, span);
      span->lane = lane;
      g_hash_table_insert (spans, claim, span);
    }

  /* The claims gone. */
  g_hash_table_iter_init (&iter, self->spans);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    mark_dirty (dirty, value);
  g_hash_table_unref (self->spans);
  self->spans = g_steal_pointer (&spans);

  g_hash_table_iter_init (&iter, dirty);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      int line = GPOINTER_TO_INT (key);
      int was = GPOINTER_TO_INT (g_hash_table_lookup (self->line_depths, key));
      int now = line_depth (self, buffer, line);

      if (was == now)
        continue;
      set_line_depth (self, buffer, line, was, now);
      if (now > 0)
        g_hash_table_insert (self->line_depths, key, GINT_TO_POINTER (now));
      else
        g_hash_table_remove (self->line_depths, key);
    }
}

static void
on_buffer_changed (AttestArticleText *self)
{
  self->depths_stale = TRUE;
}

static void
on_notify_buffer (AttestArticleText *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self));

  if (self->watched == buffer)
    return;
  if (self->watched != NULL)
    g_signal_handlers_disconnect_by_func (self->watched, on_buffer_changed, self);
  g_set_weak_pointer (&self->watched, buffer);
  if (buffer != NULL)
    g_signal_connect_object (buffer, "changed", G_CALLBACK (on_buffer_changed), self, G_CONNECT_SWAPPED);
  /* A new buffer carries tags of its own, or none. */
  g_hash_table_remove_all (self->line_depths);
  g_hash_table_remove_all (self->spans);
  self->depths_stale = TRUE;
}

static const GdkRGBA *
category_color (AttestArticleText *self,
                AttestClaim       *claim)
{
  static const GdkRGBA grey = { 0.6, 0.6, 0.6, 1.0 };
  CategoryStyle *style = g_hash_table_lookup (self->styles, claim->category ? claim->category : "");

  return style ? &style->color : &grey;
}

static void
draw_lane (AttestArticleText *self,
           GtkSnapshot       *snapshot,
           int                x0,
           int                x1,
           int                y,
           int                height,
           gpointer           data)
{
  AttestClaim *claim = data;
  int lane = MIN (lane_of (self, claim), ATTEST_MAX_LANES - 1);
  float top = y + height + ATTEST_LANE_TOP + lane * ATTEST_LANE_PITCH;

  gtk_snapshot_append_color (snapshot, category_color (self, claim),
                             &GRAPHENE_RECT_INIT (x0, top, MAX (x1 - x0, 2), ATTEST_LANE_THICKNESS));
}

/* Black or white, whichever reads better on @bg. */
static GdkRGBA
ink_on (const GdkRGBA *bg)
{
  double y = 0.2126 * bg->red + 0.7152 * bg->green + 0.0722 * bg->blue;

  return y > 0.5 ? (GdkRGBA) { 0, 0, 0, 0.87 } : (GdkRGBA) { 1, 1, 1, 1 };
}

/* The chip of @claim's short label above its first character; @right is
 * where the last chip on the same line ended, so chips never overlap. */
static void
draw_chip (AttestArticleText *self,
           GtkSnapshot       *snapshot,
           AttestClaim       *claim,
           int               *line_y,
           int               *right)
{
  CategoryStyle *style = g_hash_table_lookup (self->styles, claim->category ? claim->category : "");
  GtkTextIter iter;
  GdkRectangle rect;
  PangoRectangle ink, logical;
  GskRoundedRect box;
  GdkRGBA fg;
  float x, y, width;

  if (style == NULL || style->short_label == NULL || *style->short_label == '\0')
    return;

  if (style->layout == NULL)
    {
      g_autoptr(PangoAttrList) attrs = pango_attr_list_new ();

      style->layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), style->short_label);
      pango_attr_list_insert (attrs, pango_attr_scale_new (0.68));
      pango_attr_list_insert (attrs, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
      pango_layout_set_attributes (style->layout, attrs);
    }

  gtk_text_buffer_get_iter_at_offset (gtk_text_view_get_buffer (GTK_TEXT_VIEW (self)), &iter, (int) claim->start);
  gtk_text_view_get_iter_location (GTK_TEXT_VIEW (self), &iter, &rect);
  pango_layout_get_pixel_extents (style->layout, &ink, &logical);

  x = rect.x;
  if (rect.y == *line_y && x < *right + 2)
    x = *right + 2;
  width = logical.width + 6;
  y = rect.y - CHIP_HEIGHT - 1;
  *line_y = rect.y;
  *right = x + width;

  gsk_rounded_rect_init_from_rect (&box, &GRAPHENE_RECT_INIT (x, y, width, CHIP_HEIGHT), 4.0f);
  gtk_snapshot_push_rounded_clip (snapshot, &box);
  gtk_snapshot_append_color (snapshot, &style->color, &box.bounds);
  gtk_snapshot_pop (snapshot);

  fg = ink_on (&style->color);
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x + 3, y + (CHIP_HEIGHT - logical.height) / 2.0f));
  gtk_snapshot_append_layout (snapshot, style->layout, &fg);
  gtk_snapshot_restore (snapshot);
}

static void
draw_marks (AttestArticleText *self,
            GtkSnapshot       *snapshot,
            const GtkTextIter *top,
            const GtkTextIter *stop)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self));
  g_autoptr(GPtrArray) claims = NULL;
  int chip_line = G_MININT, chip_right = G_MININT;

  if (self->claims == NULL)
    return;

  claims = attest_interval_index_overlapping (self->claims,
                                              gtk_text_iter_get_offset (top),
                                              gtk_text_iter_get_offset (stop));
  for (guint i = 0; i < claims->len; i++)
    {
      AttestClaim *claim = g_ptr_array_index (claims, i);
      GtkTextIter start, end;

      if (lane_of (self, claim) < 0)
        continue;
      gtk_text_buffer_get_iter_at_offset (buffer, &start, (int) claim->start);
      gtk_text_buffer_get_iter_at_offset (buffer, &end, (int) claim->end);
      if (gtk_text_iter_compare (&start, top) < 0)
        start = *top;
      for_each_segment (self, snapshot, &start, &end, stop, draw_lane, claim);
    }

  /* Chips after the lanes, so a chip is never under a line's marks. */
  if (self->show_labels)
    for (guint i = 0; i < claims->len; i++)
      {
        AttestClaim *claim = g_ptr_array_index (claims, i);

        if (claim->start >= gtk_text_iter_get_offset (top) && lane_of (self, claim) >= 0)
          draw_chip (self, snapshot, claim, &chip_line, &chip_right);
      }
}

static void
draw_selection_segment (AttestArticleText *self,
                        GtkSnapshot       *snapshot,
                        int                x0,
                        int                x1,
                        int                y,
                        int                height,
                        gpointer           data)
{
  GdkRGBA fill = self->selection_color;
  const GdkRGBA *edge = &self->selection_color;
  graphene_rect_t rect = GRAPHENE_RECT_INIT (x0 - 1, y, MAX (x1 - x0, 1) + 2, height);
  GskRoundedRect box;

  fill.alpha = 0.30;
  gtk_snapshot_append_color (snapshot, &fill, &rect);
  gsk_rounded_rect_init_from_rect (&box, &rect, 0);
  gtk_snapshot_append_border (snapshot, &box, (float[4]) { 1.5, 1.5, 1.5, 1.5 },
                              (GdkRGBA[4]) { *edge, *edge, *edge, *edge });
}

/* GtkTextView paints its selection under the tags' backgrounds, where a
 * highlight hides it: paint it again on top, strong enough to see. */
static void
draw_selection (AttestArticleText *self,
                GtkSnapshot       *snapshot,
                const GtkTextIter *top,
                const GtkTextIter *stop)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self));
  GtkTextIter start, end;

  if (!gtk_text_buffer_get_selection_bounds (buffer, &start, &end))
    return;
  if (gtk_text_iter_compare (&start, top) < 0)
    start = *top;
  for_each_segment (self, snapshot, &start, &end, stop, draw_selection_segment, NULL);
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

  for (guint d = 0; d < ATTEST_N_DECORATIONS; d++)
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

  draw_marks (self, snapshot, &top, &stop);
  draw_selection (self, snapshot, &top, &stop);
}

static void
category_style_free (gpointer data)
{
  CategoryStyle *style = data;

  g_free (style->short_label);
  g_clear_object (&style->layout);
  g_free (style);
}

/* The chips' layouts follow the font. */
static void
drop_layouts (AttestArticleText *self)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->styles);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_clear_object (&((CategoryStyle *) value)->layout);
}

static void
attest_article_text_css_changed (GtkWidget         *widget,
                                 GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (attest_article_text_parent_class)->css_changed (widget, change);
  drop_layouts (ATTEST_ARTICLE_TEXT (widget));
}

static void
attest_article_text_finalize (GObject *object)
{
  AttestArticleText *self = ATTEST_ARTICLE_TEXT (object);

  g_clear_pointer (&self->lanes, g_hash_table_unref);
  g_clear_pointer (&self->styles, g_hash_table_unref);
  g_clear_pointer (&self->line_depths, g_hash_table_unref);
  g_clear_pointer (&self->spans, g_hash_table_unref);
  g_clear_weak_pointer (&self->watched);

  G_OBJECT_CLASS (attest_article_text_parent_class)->finalize (object);
}

static void
attest_article_text_class_init (AttestArticleTextClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = attest_article_text_finalize;
  GTK_WIDGET_CLASS (klass)->css_changed = attest_article_text_css_changed;
  GTK_TEXT_VIEW_CLASS (klass)->snapshot_layer = attest_article_text_snapshot_layer;
}

static void
attest_article_text_init (AttestArticleText *self)
{
  self->lanes = g_hash_table_new (NULL, NULL);
  self->styles = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, category_style_free);
  self->selection_color = (GdkRGBA) { 0.11, 0.44, 0.85, 1.0 };
  self->line_depths = g_hash_table_new (NULL, NULL);
  self->spans = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  g_signal_connect (self, "notify::buffer", G_CALLBACK (on_notify_buffer), NULL);
}

/* The tags that make room for the lanes, one per depth, in @table: the
 * table of every buffer this view will show. */
void
attest_article_text_add_lane_tags (AttestArticleText *self,
                                   GtkTextTagTable   *table)
{
  g_return_if_fail (ATTEST_IS_ARTICLE_TEXT (self));
  g_return_if_fail (GTK_IS_TEXT_TAG_TABLE (table));
  g_return_if_fail (self->lane_tags[0] == NULL);

  for (int d = 1; d <= ATTEST_MAX_LANES; d++)
    {
      g_autofree char *name = g_strdup_printf ("attest-lanes-%d", d);
      g_autoptr(GtkTextTag) tag = gtk_text_tag_new (name);

      gtk_text_tag_table_add (table, tag);
      self->lane_tags[d - 1] = tag;
    }
  self->lane_table = table;
  update_spacing (self);
}

/* Returns: (transfer none) (nullable): the tag that makes room for
 * @depth lanes (1 to ATTEST_MAX_LANES) */
GtkTextTag *
attest_article_text_get_lane_tag (AttestArticleText *self,
                                  guint              depth)
{
  g_return_val_if_fail (ATTEST_IS_ARTICLE_TEXT (self), NULL);
  g_return_val_if_fail (depth >= 1 && depth <= ATTEST_MAX_LANES, NULL);

  return self->lane_tags[depth - 1];
}

void
attest_article_text_set_decoration (AttestArticleText *self,
                                    AttestDecoration   decoration,
                                    GtkTextTag        *tag)
{
  g_return_if_fail (ATTEST_IS_ARTICLE_TEXT (self));
  g_return_if_fail (decoration < ATTEST_N_DECORATIONS);
  g_return_if_fail (tag == NULL || GTK_IS_TEXT_TAG (tag));

  self->decorations[decoration].tag = tag;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
attest_article_text_set_decoration_color (AttestArticleText *self,
                                          AttestDecoration   decoration,
                                          const GdkRGBA     *color)
{
  g_return_if_fail (ATTEST_IS_ARTICLE_TEXT (self));
  g_return_if_fail (decoration < ATTEST_N_DECORATIONS);
  g_return_if_fail (color != NULL);

  self->decorations[decoration].color = *color;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
attest_article_text_set_selection_color (AttestArticleText *self,
                                         const GdkRGBA     *color)
{
  g_return_if_fail (ATTEST_IS_ARTICLE_TEXT (self));
  g_return_if_fail (color != NULL);

  self->selection_color = *color;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
attest_article_text_set_claims (AttestArticleText   *self,
                                AttestIntervalIndex *claims)
{
  g_return_if_fail (ATTEST_IS_ARTICLE_TEXT (self));

  self->claims = claims;
  attest_article_text_claims_changed (self);
}

/* The lanes again, from the index in its order: linear in the claims,
 * run once per change of the claims, never per frame. */
void
attest_article_text_claims_changed (AttestArticleText *self)
{
  g_return_if_fail (ATTEST_IS_ARTICLE_TEXT (self));

  assign_lanes (self);
  update_line_depths (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* @now took @was's place in the index over the same span: it keeps the
 * lane (no walk over all the claims for a comment typed). */
void
attest_article_text_claim_replaced (AttestArticleText *self,
                                    AttestClaim       *was,
                                    AttestClaim       *now)
{
  gpointer lane;
  Span *span;

  g_return_if_fail (ATTEST_IS_ARTICLE_TEXT (self));

  lane = g_hash_table_lookup (self->lanes, was);
  g_hash_table_remove (self->lanes, was);
  if (lane != NULL)
    g_hash_table_insert (self->lanes, now, lane);
  /* And its paragraphs, which have the room they had. */
  if (g_hash_table_steal_extended (self->spans, was, NULL, (gpointer *) &span))
    g_hash_table_insert (self->spans, now, span);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
attest_article_text_set_category_style (AttestArticleText *self,
                                        const char        *key,
                                        const GdkRGBA     *color,
                                        const char        *short_label)
{
  CategoryStyle *style;

  g_return_if_fail (ATTEST_IS_ARTICLE_TEXT (self));
  g_return_if_fail (color != NULL);

  style = g_new0 (CategoryStyle, 1);
  style->color = *color;
  style->short_label = g_strdup (short_label);
  g_hash_table_replace (self->styles, g_strdup (key ? key : ""), style);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
attest_article_text_set_show_labels (AttestArticleText *self,
                                     gboolean           show_labels)
{
  g_return_if_fail (ATTEST_IS_ARTICLE_TEXT (self));

  show_labels = !!show_labels;
  if (self->show_labels == show_labels)
    return;
  self->show_labels = show_labels;
  update_spacing (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

gboolean
attest_article_text_get_show_labels (AttestArticleText *self)
{
  g_return_val_if_fail (ATTEST_IS_ARTICLE_TEXT (self), FALSE);

  return self->show_labels;
}

/* Returns: the lane of @claim's mark (0 nearest the text), or -1 when it
 * has none (not indexed, or empty). */
int
attest_article_text_get_lane (AttestArticleText *self,
                              AttestClaim       *claim)
{
  g_return_val_if_fail (ATTEST_IS_ARTICLE_TEXT (self), -1);

  return lane_of (self, claim);
}

guint
attest_article_text_get_n_lanes (AttestArticleText *self)
{
  g_return_val_if_fail (ATTEST_IS_ARTICLE_TEXT (self), 0);

  return self->n_lanes;
}

/* Where the first segment of @claim's mark is drawn, in buffer
 * coordinates. */
gboolean
attest_article_text_get_mark_rect (AttestArticleText *self,
                                   AttestClaim       *claim,
                                   GdkRectangle      *rect)
{
  GtkTextView *view = GTK_TEXT_VIEW (self);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextIter start, last, line_end;
  GdkRectangle first_rect, last_rect;
  int lane;

  g_return_val_if_fail (ATTEST_IS_ARTICLE_TEXT (self), FALSE);
  g_return_val_if_fail (rect != NULL, FALSE);

  lane = lane_of (self, claim);
  if (lane < 0)
    return FALSE;
  lane = MIN (lane, ATTEST_MAX_LANES - 1);

  gtk_text_buffer_get_iter_at_offset (buffer, &start, (int) claim->start);
  gtk_text_buffer_get_iter_at_offset (buffer, &last, (int) claim->end - 1);
  line_end = start;
  if (gtk_text_view_forward_display_line_end (view, &line_end) && gtk_text_iter_compare (&line_end, &last) <= 0)
    {
      last = line_end;
      gtk_text_iter_backward_char (&last);
    }
  gtk_text_view_get_iter_location (view, &start, &first_rect);
  gtk_text_view_get_iter_location (view, &last, &last_rect);

  rect->x = first_rect.x;
  rect->width = MAX (last_rect.x + last_rect.width - first_rect.x, 2);
  rect->y = first_rect.y + first_rect.height + ATTEST_LANE_TOP + lane * ATTEST_LANE_PITCH;
  rect->height = ATTEST_LANE_THICKNESS;
  return TRUE;
}

/* The lane under a point below a line: the line above the point, its
 * bottom, and how far below it the point is. */
static int
lane_at (AttestArticleText *self,
         int                x,
         int                y,
         GtkTextIter       *iter)
{
  GtkTextView *view = GTK_TEXT_VIEW (self);
  GdkRectangle rect;
  int below, trailing;

  /* At position, not location: the character x is on, not the nearest
   * place between two. */
  gtk_text_view_get_iter_at_position (view, iter, &trailing, x, y);
  gtk_text_view_get_iter_location (view, iter, &rect);
  if (y < rect.y)
    {
      /* In the space above this line (GTK counts it in the line): the
       * lanes of the line before. */
      GtkTextIter above = *iter;
      GdkRectangle line;

      if (!gtk_text_view_backward_display_line (view, &above))
        return -1;
      gtk_text_view_get_iter_location (view, &above, &line);
      if (line.y >= rect.y)
        return -1;
      gtk_text_view_get_iter_at_position (view, iter, &trailing, x, line.y + line.height / 2);
      gtk_text_view_get_iter_location (view, iter, &rect);
    }
  if (x < rect.x || x >= rect.x + MAX (rect.width, 1))
    return -1;

  /* A pixel of slack above and below each mark. */
  below = y - (rect.y + rect.height + ATTEST_LANE_TOP) + 1;
  if (below < 0 || below >= (int) self->n_lanes * ATTEST_LANE_PITCH + 1)
    return -1;
  return MIN (below / ATTEST_LANE_PITCH, (int) self->n_lanes - 1);
}

/**
 * attest_article_text_mark_at:
 *
 * Returns: (transfer none) (nullable): the claim whose mark is at the
 *   point (buffer coordinates), or %NULL when the point is on no mark
 */
AttestClaim *
attest_article_text_mark_at (AttestArticleText *self,
                             int                buffer_x,
                             int                buffer_y)
{
  g_autoptr(GPtrArray) claims = NULL;
  GtkTextIter iter;
  int lane;

  g_return_val_if_fail (ATTEST_IS_ARTICLE_TEXT (self), NULL);

  if (self->claims == NULL || self->n_lanes == 0)
    return NULL;

  lane = lane_at (self, buffer_x, buffer_y, &iter);
  if (lane < 0)
    return NULL;

  claims = attest_interval_index_at (self->claims, gtk_text_iter_get_offset (&iter));
  for (guint i = 0; i < claims->len; i++)
    if (MIN (lane_of (self, claims->pdata[i]), ATTEST_MAX_LANES - 1) == lane)
      return claims->pdata[i];
  return NULL;
}

static gboolean
is_joiner (const char *word)
{
  /* Short lower-case words ("and", "or", "of", "и") carry no initial. */
  return g_utf8_strlen (word, -1) <= 3 && g_unichar_islower (g_utf8_get_char (word));
}

/**
 * attest_article_text_short_label:
 * @label: a category's label, as shown (translated)
 * @taken: (nullable): short labels given already (a set), added to
 *
 * The short label a chip shows: the initials of the label's first two
 * words that are not joiners (“Troop deployment” → “TD”), or the first two
 * letters of a one-word label (“Training” → “Tr”). When that is taken, the
 * next letters of the last word used are added until it is not
 * (“Agreement or meeting” after “Arms and military…” → “AMe”).
 *
 * Returns: (transfer full): the short label
 */
char *
attest_article_text_short_label (const char *label,
                                 GHashTable *taken)
{
  g_auto(GStrv) words = g_regex_split_simple ("[\\s\\p{Pd}/]+", label ? label : "", 0, 0);
  g_autoptr(GString) out = g_string_new (NULL);
  const char *last = NULL;
  const char *rest = NULL;
  guint used = 0;

  for (guint i = 0; words[i] != NULL && used < 2; i++)
    {
      gunichar c = g_utf8_get_char (words[i]);

      if (*words[i] == '\0' || !g_unichar_isalnum (c) || (used > 0 && is_joiner (words[i])))
        continue;
      g_string_append_unichar (out, g_unichar_toupper (c));
      last = words[i];
      used++;
    }
  if (used == 1)
    {
      /* One word: its second letter too, as written. */
      rest = g_utf8_next_char (last);
      if (*rest != '\0')
        {
          g_string_append_unichar (out, g_utf8_get_char (rest));
          rest = g_utf8_next_char (rest);
        }
    }
  else if (last != NULL)
    rest = g_utf8_next_char (last);

  while (taken != NULL && g_hash_table_contains (taken, out->str))
    {
      if (rest != NULL && *rest != '\0')
        {
          g_string_append_unichar (out, g_utf8_get_char (rest));
          rest = g_utf8_next_char (rest);
        }
      else
        g_string_append_c (out, '\'');
    }

  if (taken != NULL)
    g_hash_table_add (taken, g_strdup (out->str));
  return g_string_free (g_steal_pointer (&out), FALSE);
}
