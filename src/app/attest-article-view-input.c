/* attest-article-view-input.c — owns what the user does in the article
 * view: the selected claim, the two popovers (categories for a selection;
 * the claims or sources under a click), pointer input, the "article"
 * actions and their keys.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "attest-article-text.h"
#include "attest-article-view-private.h"

/* ------------------------------------------------------------ selection */

AttestClaim *
_attest_article_view_selected_claim (AttestArticleView *self)
{
  return self->selected_uuid ? attest_claim_list_lookup (self->claims, self->selected_uuid) : NULL;
}

static void
scroll_to_offset (AttestArticleView *self,
                  gint64             offset)
{
  GtkTextIter iter;

  _attest_article_view_iter_at (self, &iter, offset);
  gtk_text_buffer_move_mark (self->buffer, self->scroll_mark, &iter);
  gtk_text_view_scroll_to_mark (self->text_view, self->scroll_mark, 0.15, FALSE, 0, 0);
}

void
_attest_article_view_set_selected (AttestArticleView *self,
                                   AttestClaim       *claim,
                                   gboolean           scroll)
{
  if (self->selected_uuid != NULL)
    _attest_article_view_remove_tag (self, self->selected_tag, self->selected_range.start, self->selected_range.end);

  if (claim == NULL && self->selected_uuid == NULL)
    return;

  g_clear_pointer (&self->selected_uuid, g_free);
  self->selected_range = (Range) { 0, 0 };

  if (claim != NULL)
    {
      self->selected_uuid = g_strdup (claim->uuid);
      self->selected_range = (Range) { claim->start, claim->end };
      _attest_article_view_apply_tag (self, self->selected_tag, claim->start, claim->end);
      if (scroll)
        scroll_to_offset (self, claim->start);
    }

  /* Which claim is selected, for a screen reader (and tests from outside). */
  if (claim != NULL)
    {
      g_autofree char *about = _attest_article_view_describe_claim (self, claim);

      g_strdelimit (about, "\n", ';');
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->text_view),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, about, -1);
    }
  else
    gtk_accessible_reset_property (GTK_ACCESSIBLE (self->text_view), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);

  g_object_notify_by_pspec (G_OBJECT (self), _attest_article_view_properties[PROP_SELECTED_CLAIM]);
  _attest_article_view_update_actions (self);
}

static void
activate_claim (AttestArticleView *self,
                AttestClaim       *claim,
                gboolean           scroll)
{
  g_autoptr(AttestClaim) hold = g_object_ref (claim);

  _attest_article_view_set_selected (self, claim, scroll);
  g_signal_emit (self, _attest_article_view_signals[CLAIM_ACTIVATED], 0, claim->uuid);
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
void
_attest_article_view_show_categories (AttestArticleView *self,
                                      gboolean           hint)
{
  GtkTextIter s, e;
  GdkRectangle rect;

  if (!gtk_text_buffer_get_selection_bounds (self->buffer, &s, &e) ||
      !range_rect (self, &s, &e, &rect))
    return;

  self->offered_start = gtk_text_iter_get_offset (&s);
  self->offered_end = gtk_text_iter_get_offset (&e);
  gtk_popover_popdown (self->chooser_popover);
  if (gtk_widget_get_visible (GTK_WIDGET (self->category_popover)) && hint != self->category_hint)
    gtk_popover_popdown (self->category_popover);
  self->category_hint = hint;
  gtk_popover_set_autohide (self->category_popover, !hint);
  gtk_popover_set_pointing_to (self->category_popover, &rect);
  gtk_popover_popup (self->category_popover);
}

/* Closes the categories if they are only a hint (see _attest_article_view_show_categories()). */
void
_attest_article_view_close_category_hint (AttestArticleView *self)
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
    {
      if (!gtk_widget_get_visible (GTK_WIDGET (self->category_popover)) ||
          self->offered_start >= self->offered_end)
        return;
      start = self->offered_start;
      end = self->offered_end;
    }

  gtk_popover_popdown (self->category_popover);

  /* Collapse the selection so the new highlight is not hidden under it. */
  _attest_article_view_iter_at (self, &iter, end);
  gtk_text_buffer_place_cursor (self->buffer, &iter);

  g_signal_emit (self, _attest_article_view_signals[CREATE_CLAIM], 0, start, end, hold);
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

void
_attest_article_view_rebuild_category_rows (AttestArticleView *self)
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
      const char *label = _attest_article_view_category_label (self, category->key);
      g_autofree char *digit = NULL;
      g_autofree char *a11y = NULL;
      GtkWidget *row;
      GdkRGBA rgba;

      _attest_article_view_category_rgba (self, category->key, &rgba);
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

static const char *
status_words (const char *status)
{
  if (g_strcmp0 (status, "accepted") == 0)
    return _("Accepted");
  if (g_strcmp0 (status, "rejected") == 0)
    return _("Rejected");
  /* Translators: the status of a claim not yet reviewed */
  return _("Draft");
}

static const char *
certainty_words (const char *certainty)
{
  if (g_strcmp0 (certainty, "high") == 0)
    return _("High certainty");
  if (g_strcmp0 (certainty, "medium") == 0)
    return _("Medium certainty");
  if (g_strcmp0 (certainty, "low") == 0)
    return _("Low certainty");
  return _("Certainty not set");
}

/* "Anna · Draft": who made the claim, and where it stands. */
static char *
claim_byline (AttestClaim *claim)
{
  const char *who = claim->annotator && *claim->annotator ? claim->annotator : _("Unknown annotator");

  /* Translators: a claim's annotator and status, e.g. "Anna · Accepted" */
  return g_strdup_printf (_("%s · %s"), who, status_words (claim->status));
}

/* The claim's sources by name: those cited in this article, then a count
 * of the others (outside sources, named in the inspector). */
static char *
sources_line (AttestArticleView *self,
              AttestClaim       *claim)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) line = g_string_new (NULL);
  g_autofree char *joined = NULL;
  guint n = claim->source_uuids ? claim->source_uuids->len : 0;
  guint others = 0;

  if (n == 0)
    return g_strdup (_("No sources"));

  for (guint i = 0; i < n; i++)
    {
      const char *uuid = g_ptr_array_index (claim->source_uuids, i);
      gboolean found = FALSE;

      for (guint c = 0; !found && c < self->citations->len; c++)
        {
          AttestCitation *citation = g_ptr_array_index (self->citations, c);

          if (citation->source != NULL && g_strcmp0 (citation->source->uuid, uuid) == 0)
            {
              g_ptr_array_add (names, attest_source_dup_label (citation->source));
              found = TRUE;
            }
        }
      if (!found)
        others++;
    }

  g_ptr_array_add (names, NULL);
  joined = g_strjoinv ("; ", (char **) names->pdata);
  /* Translators: before the names of a claim's sources */
  g_string_append (line, g_dngettext (GETTEXT_PACKAGE, "Source: ", "Sources: ", n));
  g_string_append (line, joined);
  if (others > 0)
    {
      g_autofree char *more = NULL;

      if (*joined != '\0')
        g_string_append (line, "; ");
      /* Translators: sources of a claim not cited in this article */
      more = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u outside source", "%u outside sources", others),
                              others);
      g_string_append (line, more);
    }
  return g_string_free (g_steal_pointer (&line), FALSE);
}

/* What a tooltip says of @claim: category, annotator and status,
 * certainty, sources. */
char *
_attest_article_view_describe_claim (AttestArticleView *self,
                                     AttestClaim       *claim)
{
  g_autofree char *byline = claim_byline (claim);
  g_autofree char *sources = sources_line (self, claim);

  return g_strdup_printf ("%s\n%s · %s\n%s",
                          _attest_article_view_category_label (self, claim->category),
                          byline, certainty_words (claim->certainty), sources);
}

static void
on_chooser_row_clicked (GtkButton         *button,
                        AttestArticleView *self)
{
  AttestClaim *claim = g_object_get_data (G_OBJECT (button), "attest-claim");
  AttestCitation *citation = g_object_get_data (G_OBJECT (button), "attest-citation");

  gtk_popover_popdown (self->chooser_popover);

  if (claim != NULL && attest_claim_list_lookup (self->claims, claim->uuid) == claim)
    activate_claim (self, claim, FALSE);
  else if (citation != NULL)
    g_signal_emit (self, _attest_article_view_signals[CITATION_ACTIVATED], 0, citation);
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
          const char *label = _attest_article_view_category_label (self, claim->category);
          g_autofree char *quote = excerpt (claim->quote);
          g_autofree char *about = claim_byline (claim);
          /* Translators: a claim in the "Claims Here" list: who made it and its
           * status (e.g. "Anna · Draft"), then the start of its quote */
          g_autofree char *subtitle = g_strdup_printf (_("%s — “%s”"), about, quote);
          g_autofree char *a11y = g_strdup_printf ("%s, %s", label, subtitle);
          GtkWidget *row;
          GdkRGBA rgba;

          _attest_article_view_category_rgba (self, claim->category, &rgba);
          row = make_row (&rgba, label, subtitle, NULL, a11y);
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

  _attest_article_view_iter_at (self, &s, offset);
  e = s;
  gtk_text_iter_forward_char (&e);
  if (!range_rect (self, &s, &e, &rect))
    rect = (GdkRectangle) { 0, 0, 1, 1 };

  if (citations->len > 0 && (self->selected_uuid != NULL || claims->len == 0))
    {
      if (citations->len == 1)
        g_signal_emit (self, _attest_article_view_signals[CITATION_ACTIVATED], 0, g_ptr_array_index (citations, 0));
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
  AttestClaim *mark;
  GtkTextIter iter;
  int bx, by, trailing;

  self->release_source = 0;

  if (gtk_text_buffer_get_has_selection (self->buffer))
    {
      _attest_article_view_show_categories (self, TRUE);
      return G_SOURCE_REMOVE;
    }

  if (self->dragged)
    return G_SOURCE_REMOVE;

  gtk_text_view_window_to_buffer_coords (self->text_view, GTK_TEXT_WINDOW_WIDGET,
                                         (int) self->release_x, (int) self->release_y,
                                         &bx, &by);
  /* A claim's own mark picks that one claim, however many are nested. */
  mark = attest_article_text_mark_at (ATTEST_ARTICLE_TEXT (self->text_view), bx, by);
  if (mark != NULL)
    activate_claim (self, mark, FALSE);
  else if (gtk_text_view_get_iter_at_position (self->text_view, &iter, &trailing, bx, by))
    activate_offset (self, gtk_text_iter_get_offset (&iter));

  return G_SOURCE_REMOVE;
}

/* The claims under the pointer: the one whose mark it is on, or those
 * covering the character it is on. */
static GPtrArray *
claims_at_point (AttestArticleView *self,
                 int                bx,
                 int                by,
                 GdkRectangle      *area)
{
  AttestClaim *mark = attest_article_text_mark_at (ATTEST_ARTICLE_TEXT (self->text_view), bx, by);
  GtkTextIter iter;
  GdkRectangle rect;
  int trailing;

  if (mark != NULL)
    {
      GPtrArray *claims = g_ptr_array_new_with_free_func (g_object_unref);

      g_ptr_array_add (claims, g_object_ref (mark));
      /* Below the pointer's lane and the ones under it. */
      *area = (GdkRectangle) { bx - 2, by - 2, 4,
                               4 + (int) attest_article_text_get_n_lanes (ATTEST_ARTICLE_TEXT (self->text_view)) * ATTEST_LANE_PITCH };
      return claims;
    }

  if (!gtk_text_view_get_iter_at_position (self->text_view, &iter, &trailing, bx, by))
    return NULL;
  gtk_text_view_get_iter_location (self->text_view, &iter, &rect);
  if (by < rect.y || by >= rect.y + rect.height)
    return NULL;
  /* The lanes under the character too: the tooltip opens below them,
   * never over the marks the pointer may go to next. */
  *area = rect;
  area->height += ATTEST_LANE_TOP + (int) attest_article_text_get_n_lanes (ATTEST_ARTICLE_TEXT (self->text_view)) * ATTEST_LANE_PITCH;
  return attest_article_view_claims_at (self, gtk_text_iter_get_offset (&iter));
}

#define TOOLTIP_CLAIMS 4

/* The tooltip opens over the next lines: clicks and motion there go
 * through it, to the text under it. */
static void
on_tooltip_mapped (GtkWidget *label)
{
  GtkNative *native = gtk_widget_get_native (label);
  cairo_region_t *nothing;

  if (native == NULL || gtk_native_get_surface (native) == NULL)
    return;
  nothing = cairo_region_create ();
  gdk_surface_set_input_region (gtk_native_get_surface (native), nothing);
  cairo_region_destroy (nothing);
}

/* What the tooltip at a point (buffer coordinates) says, and the area it
 * holds for; NULL where no claim is. */
static char *
tooltip_text_at (AttestArticleView *self,
                 int                bx,
                 int                by,
                 GdkRectangle      *area)
{
  g_autoptr(GPtrArray) claims = NULL;
  GString *text;

  /* An open popover (the categories, the claims here) is what the user
   * is looking at: no tooltip over it. */
  if (gtk_widget_get_visible (GTK_WIDGET (self->category_popover)) ||
      gtk_widget_get_visible (GTK_WIDGET (self->chooser_popover)))
    return NULL;

  claims = claims_at_point (self, bx, by, area);
  if (claims == NULL || claims->len == 0)
    return NULL;

  text = g_string_new (NULL);
  for (guint i = 0; i < MIN (claims->len, TOOLTIP_CLAIMS); i++)
    {
      g_autofree char *about = _attest_article_view_describe_claim (self, g_ptr_array_index (claims, i));

      if (i > 0)
        g_string_append (text, "\n\n");
      g_string_append (text, about);
    }
  if (claims->len > TOOLTIP_CLAIMS)
    {
      guint more = claims->len - TOOLTIP_CLAIMS;

      g_string_append (text, "\n\n");
      /* Translators: after the first claims under the pointer, in its tooltip */
      g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "and %u more claim", "and %u more claims", more),
                              more);
    }
  return g_string_free (text, FALSE);
}

/**
 * attest_article_view_get_tooltip_text_at:
 * @x: a point in the text view's coordinates
 * @y:
 *
 * Returns: (transfer full) (nullable): what hovering there shows: the
 *   claim of the mark under the point, or the claims of the character
 */
char *
attest_article_view_get_tooltip_text_at (AttestArticleView *self,
                                         double             x,
                                         double             y)
{
  GdkRectangle area;
  int bx, by;

  g_return_val_if_fail (ATTEST_IS_ARTICLE_VIEW (self), NULL);

  gtk_text_view_window_to_buffer_coords (self->text_view, GTK_TEXT_WINDOW_WIDGET, (int) x, (int) y, &bx, &by);
  return tooltip_text_at (self, bx, by, &area);
}

/* Hovering a claim, or its mark, tells what it is. */
static gboolean
on_query_tooltip (GtkWidget         *widget,
                  int                x,
                  int                y,
                  gboolean           keyboard_mode,
                  GtkTooltip        *tooltip,
                  AttestArticleView *self)
{
  g_autofree char *text = NULL;
  GdkRectangle area;
  int bx, by;

  if (keyboard_mode)
    {
      GtkTextIter insert;

      gtk_text_buffer_get_iter_at_mark (self->buffer, &insert, gtk_text_buffer_get_insert (self->buffer));
      gtk_text_view_get_iter_location (self->text_view, &insert, &area);
      bx = area.x;
      by = area.y + area.height / 2;
    }
  else
    gtk_text_view_window_to_buffer_coords (self->text_view, GTK_TEXT_WINDOW_WIDGET, x, y, &bx, &by);

  text = tooltip_text_at (self, bx, by, &area);
  if (text == NULL)
    return FALSE;

  gtk_text_view_buffer_to_window_coords (self->text_view, GTK_TEXT_WINDOW_WIDGET,
                                         area.x, area.y, &area.x, &area.y);
  gtk_tooltip_set_tip_area (tooltip, &area);
  if (self->tooltip_label == NULL)
    {
      self->tooltip_label = g_object_ref_sink (gtk_label_new (NULL));
      gtk_label_set_max_width_chars (GTK_LABEL (self->tooltip_label), 60);
      gtk_label_set_wrap (GTK_LABEL (self->tooltip_label), TRUE);
      gtk_label_set_xalign (GTK_LABEL (self->tooltip_label), 0);
      g_signal_connect (self->tooltip_label, "map", G_CALLBACK (on_tooltip_mapped), NULL);
    }
  gtk_label_set_text (GTK_LABEL (self->tooltip_label), text);
  gtk_tooltip_set_custom (tooltip, self->tooltip_label);
  return TRUE;
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

void
_attest_article_view_update_actions (AttestArticleView *self)
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
  AttestCategory *category = _attest_article_view_find_category_by_digit (self, g_variant_get_int32 (parameter));

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
  AttestCategory *category = _attest_article_view_find_category (self, key);

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
  AttestClaim *current = _attest_article_view_selected_claim (self);
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
      gboolean offered = gtk_widget_get_visible (GTK_WIDGET (self->category_popover)) &&
                         self->offered_start < self->offered_end;

      gtk_popover_popdown (self->category_popover);
      gtk_popover_popdown (self->chooser_popover);
      /* Closing the categories leaves the selection they were for. */
      if (offered && !gtk_text_buffer_get_has_selection (self->buffer))
        attest_article_view_set_selection (self, self->offered_start, self->offered_end);
    }
  else if (gtk_text_buffer_get_has_selection (self->buffer))
    {
      gtk_text_buffer_get_iter_at_mark (self->buffer, &insert,
                                        gtk_text_buffer_get_insert (self->buffer));
      gtk_text_buffer_place_cursor (self->buffer, &insert);
    }
  else if (self->selected_uuid != NULL)
    {
      /* The window deselects too: the inspector shows no claim. */
      _attest_article_view_set_selected (self, NULL, FALSE);
      g_signal_emit (self, _attest_article_view_signals[CLAIM_ACTIVATED], 0, NULL);
    }
}

static void
action_delete_claim (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  AttestArticleView *self = ATTEST_ARTICLE_VIEW (widget);
  g_autofree char *uuid = g_strdup (self->selected_uuid);

  if (uuid != NULL)
    g_signal_emit (self, _attest_article_view_signals[DELETE_CLAIM], 0, uuid);
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

/* ------------------------------------------------------------- set-up */


static void
on_has_selection_changed (AttestArticleView *self)
{
  _attest_article_view_update_actions (self);
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
    _attest_article_view_close_category_hint (self);
}

/* The focus went elsewhere in the window: the categories offered for the
 * selection no longer apply to what the user is doing. */
static void
on_focus_leave (AttestArticleView *self)
{
  _attest_article_view_close_category_hint (self);
}

static void
on_popover_visible_changed (AttestArticleView *self)
{
  _attest_article_view_update_actions (self);
  /* A tooltip already up goes when a popover opens (see tooltip_text_at()). */
  gtk_widget_trigger_tooltip_query (GTK_WIDGET (self->text_view));
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

void
_attest_article_view_install_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "article.categorize", "i", action_categorize);
  gtk_widget_class_install_action (widget_class, "article.create-claim", "s", action_create_claim);
  gtk_widget_class_install_action (widget_class, "article.show-categories", NULL, action_show_categories);
  gtk_widget_class_install_action (widget_class, "article.next-claim", NULL, action_next_claim);
  gtk_widget_class_install_action (widget_class, "article.previous-claim", NULL, action_previous_claim);
  gtk_widget_class_install_action (widget_class, "article.clear", NULL, action_clear);
  gtk_widget_class_install_action (widget_class, "article.activate-at", "x", action_activate_at);
  gtk_widget_class_install_action (widget_class, "article.delete-claim", NULL, action_delete_claim);
}

/* The controllers and signals the input here needs, once the template, the
 * buffer and the tags exist. */
void
_attest_article_view_init_input (AttestArticleView *self)
{
  GtkEventController *legacy;
  GtkEventController *focus;

  g_signal_connect_swapped (self->buffer, "notify::has-selection",
                            G_CALLBACK (on_has_selection_changed), self);

  legacy = gtk_event_controller_legacy_new ();
  gtk_event_controller_set_propagation_phase (legacy, GTK_PHASE_CAPTURE);
  g_signal_connect (legacy, "event", G_CALLBACK (on_text_view_event), self);
  gtk_widget_add_controller (GTK_WIDGET (self->text_view), legacy);

  gtk_widget_set_has_tooltip (GTK_WIDGET (self->text_view), TRUE);
  g_signal_connect (self->text_view, "query-tooltip", G_CALLBACK (on_query_tooltip), self);

  add_shortcuts (GTK_WIDGET (self));
  add_shortcuts (GTK_WIDGET (self->category_popover));
  add_shortcuts (GTK_WIDGET (self->chooser_popover));

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
}
