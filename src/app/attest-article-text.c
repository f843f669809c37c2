/* attest-article-text.c — owns the drawing of the article's decorations
 * (see attest-article-text.h).
 *
 * Pango's underlines are too thin for this: at 1× they are under a pixel
 * high and GTK 4.8's GL renderer drops some of them altogether.
 */
#include "config.h"

#include "attest-article-text.h"

typedef struct {
  GtkTextTag *tag;      /* the table owns it */
  GdkRGBA     color;
} Decoration;

struct _AttestArticleText
{
  GtkTextView parent_instance;

  Decoration  decorations[ATTEST_N_DECORATIONS];
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
