/* attest-article-view-tagging.c — owns how the article view highlights:
 * the tag table, the colours, painting claims and citations into the
 * buffer, and the background tagging of a long document (see
 * attest-article-view.c for the scheme).
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "attest-article-text.h"
#include "attest-article-view-private.h"

/* ------------------------------------------------------------ helpers */

static int
compare_offsets (const gint64 *a,
                 const gint64 *b)
{
  return *a < *b ? -1 : *a > *b;
}

void
_attest_article_view_iter_at (AttestArticleView *self,
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
void
_attest_article_view_apply_tag (AttestArticleView *self,
                                GtkTextTag        *tag,
                                gint64             start,
                                gint64             end)
{
  GtkTextIter s, e;

  if (start >= end)
    return;
  _attest_article_view_iter_at (self, &s, start);
  _attest_article_view_iter_at (self, &e, end);

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

void
_attest_article_view_remove_tag (AttestArticleView *self,
                                 GtkTextTag        *tag,
                                 gint64             start,
                                 gint64             end)
{
  GtkTextIter s, e;

  if (start >= end)
    return;
  _attest_article_view_iter_at (self, &s, start);
  _attest_article_view_iter_at (self, &e, end);
  gtk_text_buffer_remove_tag (self->buffer, tag, &s, &e);
}

AttestCategory *
_attest_article_view_find_category (AttestArticleView *self,
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

AttestCategory *
_attest_article_view_find_category_by_digit (AttestArticleView *self,
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

const char *
_attest_article_view_category_label (AttestArticleView *self,
                                     const char        *key)
{
  AttestCategory *category = _attest_article_view_find_category (self, key);

  /* Labels of the shipped taxonomy are in our catalogue. */
  return category && category->label ? _(category->label) : key;
}

void
_attest_article_view_category_rgba (AttestArticleView *self,
                                    const char        *key,
                                    GdkRGBA           *rgba)
{
  AttestCategory *category = _attest_article_view_find_category (self, key);

  if (category == NULL || category->color == NULL || !gdk_rgba_parse (rgba, category->color))
    *rgba = (GdkRGBA) { 0.6, 0.6, 0.6, 1.0 };
}

/* ------------------------------------------------------------- colours */

void
_attest_article_view_color_category_tag (AttestArticleView *self,
                                         const char        *key,
                                         GtkTextTag        *tag)
{
  GdkRGBA rgba;

  _attest_article_view_category_rgba (self, key, &rgba);
  /* Translucent so the text keeps the theme's colour and contrast; a
   * little stronger on a dark background, where tints read weaker. */
  rgba.alpha = self->dark ? 0.42 : 0.35;
  g_object_set (tag, "background-rgba", &rgba, NULL);
}

/* The text view's colours and short labels of the categories: those of
 * the taxonomy in its order (which decides who keeps a short label two
 * would share), then any other a claim names. */
void
_attest_article_view_style_categories (AttestArticleView *self)
{
  AttestArticleText *text = ATTEST_ARTICLE_TEXT (self->text_view);
  g_autoptr(GHashTable) taken = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) done = g_hash_table_new (g_str_hash, g_str_equal);
  GHashTableIter iter;
  gpointer key;

  for (guint i = 0; self->categories && i < self->categories->len; i++)
    {
      AttestCategory *category = g_ptr_array_index (self->categories, i);
      g_autofree char *short_label = NULL;
      GdkRGBA rgba;

      if (category->key == NULL || g_hash_table_contains (done, category->key))
        continue;
      short_label = attest_article_text_short_label (_attest_article_view_category_label (self, category->key), taken);
      _attest_article_view_category_rgba (self, category->key, &rgba);
      attest_article_text_set_category_style (text, category->key, &rgba, short_label);
      g_hash_table_add (done, category->key);
    }

  g_hash_table_iter_init (&iter, self->category_tags);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      g_autofree char *short_label = NULL;
      GdkRGBA rgba;

      if (g_hash_table_contains (done, key))
        continue;
      short_label = attest_article_text_short_label (key, taken);
      _attest_article_view_category_rgba (self, key, &rgba);
      attest_article_text_set_category_style (text, key, &rgba, short_label);
    }
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
  attest_article_text_set_decoration_color (text, ATTEST_DECORATION_STRIPE, &rule);
  attest_article_text_set_decoration_color (text, ATTEST_DECORATION_DOTS, &citation);
  attest_article_text_set_decoration_color (text, ATTEST_DECORATION_OUTLINE, &accent);
  attest_article_text_set_selection_color (text, &accent);

  g_hash_table_iter_init (&iter, self->category_tags);
  while (g_hash_table_iter_next (&iter, &key, &tag))
    _attest_article_view_color_category_tag (self, key, tag);
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
  /* Above the header's and the title's spacing too: a paragraph's lanes
   * need their room wherever it is. */
  for (guint d = 1; d <= ATTEST_MAX_LANES; d++)
    gtk_text_tag_set_priority (attest_article_text_get_lane_tag (ATTEST_ARTICLE_TEXT (self->text_view), d), top);
}

GtkTextTag *
_attest_article_view_ensure_category_tag (AttestArticleView *self,
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
  _attest_article_view_color_category_tag (self, key, tag);
  raise_state_tags (self);
  _attest_article_view_style_categories (self);
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
    _attest_article_view_apply_tag (self, run->tag, run->start, run->end);
  *run = (Run) { tag, start, end };
}

static void
run_flush (AttestArticleView *self,
           Run               *run)
{
  if (run->tag != NULL)
    _attest_article_view_apply_tag (self, run->tag, run->start, run->end);
  run->tag = NULL;
}

/* Paints the claims over [start, end): every run between two claim
 * boundaries takes the category tag of its innermost claim — so a nested
 * claim shows its own colour inside the outer one, not whichever category
 * tag has the higher priority — and runs under two or more claims take the
 * overlap rule. Nothing is removed; see _attest_article_view_retag_range(). */
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

      run_extend (self, &colour, _attest_article_view_ensure_category_tag (self, best->category), a, b);
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

      _attest_article_view_apply_tag (self, self->citation_tag,
                                      MAX (citation->start, start), MIN (citation->end, end));
    }
}

/* Takes the claims' tags (category and overlap) off [start, end). */
static void
clear_claim_tags (AttestArticleView *self,
                  gint64             start,
                  gint64             end)
{
  GHashTableIter iter;
  gpointer tag;

  g_hash_table_iter_init (&iter, self->category_tags);
  while (g_hash_table_iter_next (&iter, NULL, &tag))
    _attest_article_view_remove_tag (self, tag, start, end);
  _attest_article_view_remove_tag (self, self->overlap_tag, start, end);
}

/* After an edit to a claim over [start, end): only that range can change
 * (innermost claims and overlaps elsewhere do not depend on it), so clear
 * the category and overlap tags there and paint it again. */
void
_attest_article_view_retag_range (AttestArticleView *self,
                                  gint64             start,
                                  gint64             end)
{
  start = MAX (start, 0);
  end = MIN (end, gtk_text_buffer_get_char_count (self->buffer));
  if (start >= end)
    return;

  clear_claim_tags (self, start, end);
  paint_claims (self, start, end);
}

static void
tag_header (AttestArticleView *self)
{
  AttestDocument *doc = self->document;
  gint64 body_start = MIN (doc->body_start, doc->length);

  if (body_start <= 0)
    return;

  _attest_article_view_apply_tag (self, self->header_tag, 0, body_start);

  if (doc->title != NULL && *doc->title != '\0')
    {
      gint64 at = attest_document_find (doc, doc->title, 0);
      gint64 len = g_utf8_strlen (doc->title, -1);

      if (at >= 0 && at + len <= body_start)
        _attest_article_view_apply_tag (self, self->title_tag, at, at + len);
    }
}

/* ------------------------------------------------- background tagging */

void
_attest_article_view_stop_highlighting (AttestArticleView *self)
{
  gboolean was = self->highlight_source != 0;

  g_clear_handle_id (&self->highlight_source, g_source_remove);
  g_array_set_size (self->pending, 0);
  if (was)
    g_object_notify_by_pspec (G_OBJECT (self), _attest_article_view_properties[PROP_HIGHLIGHTING]);
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
  g_object_notify_by_pspec (G_OBJECT (self), _attest_article_view_properties[PROP_HIGHLIGHTING]);
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
    _attest_article_view_stop_highlighting (self);
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
  _attest_article_view_close_category_hint (self);

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

/* The header now, then the claims and citations of the first screen; the
 * rest in the background. */
void
_attest_article_view_start_highlighting (AttestArticleView *self)
{
  gint64 length = gtk_text_buffer_get_char_count (self->buffer);
  gint64 first;

  if (self->document != NULL)
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
      g_object_notify_by_pspec (G_OBJECT (self), _attest_article_view_properties[PROP_HIGHLIGHTING]);
    }
}

/* After many claims changed at once: their tags go, and the claims are
 * painted again as for a new document, where the user looks first. */
void
_attest_article_view_repaint_claims (AttestArticleView *self)
{
  gint64 start, end;

  _attest_article_view_stop_highlighting (self);
  clear_claim_tags (self, 0, gtk_text_buffer_get_char_count (self->buffer));
  _attest_article_view_start_highlighting (self);
  visible_range (self, &start, &end);
  highlight_now (self, start, end);
}

/* The tag table with its fixed tags, coloured for the style (light or
 * dark) and recoloured when it changes. */
void
_attest_article_view_init_tags (AttestArticleView *self)
{
  AttestArticleText *text = ATTEST_ARTICLE_TEXT (self->text_view);
  AdwStyleManager *style = adw_style_manager_get_default ();

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
   * an overline for the selection: GTK 4.8 frees overline-rgba twice.)
   * The overlap tag is drawn no more: each claim has a mark in a lane of
   * its own, which says more than a stripe under where two meet. */
  self->citation_tag = add_tag (self, "attest-citation");
  self->selected_tag = add_tag (self, "attest-selected");
  self->overlap_tag = add_tag (self, "attest-overlap");
  attest_article_text_set_decoration (text, ATTEST_DECORATION_DOTS, self->citation_tag);
  attest_article_text_set_decoration (text, ATTEST_DECORATION_OUTLINE, self->selected_tag);
  attest_article_text_add_lane_tags (text, self->tags);
  g_assert (gtk_text_tag_table_get_size (self->tags) == N_FIXED_TAGS + ATTEST_MAX_LANES);

  self->dark = style != NULL && adw_style_manager_get_dark (style);
  if (style != NULL)
    g_signal_connect_object (style, "notify::dark", G_CALLBACK (on_dark_changed), self,
                             G_CONNECT_SWAPPED);
  update_colors (self);

  g_signal_connect_swapped (gtk_scrolled_window_get_vadjustment (self->scroller), "value-changed",
                            G_CALLBACK (on_vadjustment_value_changed), self);
}
