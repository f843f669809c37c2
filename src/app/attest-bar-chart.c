/* attest-bar-chart.c — see attest-bar-chart.h. */
#include "config.h"

#include "attest-bar-chart.h"

#include <cairo-svg.h>
#include <glib/gi18n.h>

#include "attest-error.h"
#include "attest-output-file.h"

#define BAR_HEIGHT   22
#define BAR_GAP      6
#define LABEL_WIDTH  220
#define TITLE_HEIGHT 30
#define EXPORT_WIDTH 640

struct _AttestBarChart
{
  GtkWidget  parent_instance;

  char      *title;
  GPtrArray *labels;   /* char* */
  GArray    *values;   /* double */
  GPtrArray *colors;   /* char*, may hold NULLs */
};

G_DEFINE_FINAL_TYPE (AttestBarChart, attest_bar_chart, GTK_TYPE_WIDGET)

static int
chart_height (AttestBarChart *self)
{
  return TITLE_HEIGHT + MAX (1, self->labels->len) * (BAR_HEIGHT + BAR_GAP);
}

/* The one drawing routine, for the screen and for exports. */
static void
draw (AttestBarChart *self,
      cairo_t        *cr,
      int             width,
      const GdkRGBA  *fg,
      const GdkRGBA  *accent)
{
  double max = 0;

  for (guint i = 0; i < self->values->len; i++)
    max = MAX (max, g_array_index (self->values, double, i));

  cairo_select_font_face (cr, "Cantarell", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD);
  cairo_set_font_size (cr, 14);
  gdk_cairo_set_source_rgba (cr, fg);
  cairo_move_to (cr, 0, 18);
  cairo_show_text (cr, self->title ? self->title : "");

  cairo_select_font_face (cr, "Cantarell", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size (cr, 12);

  if (self->labels->len == 0)
    {
      cairo_move_to (cr, 0, TITLE_HEIGHT + 14);
      cairo_show_text (cr, _("Nothing to count yet"));
      return;
    }

  for (guint i = 0; i < self->labels->len; i++)
    {
      const char *label = g_ptr_array_index (self->labels, i);
      const char *color = g_ptr_array_index (self->colors, i);
      double value = g_array_index (self->values, double, i);
      double y = TITLE_HEIGHT + i * (BAR_HEIGHT + BAR_GAP);
      double room = MAX (10, width - LABEL_WIDTH - 60);
      double w = max > 0 ? room * value / max : 0;
      g_autofree char *number = g_strdup_printf ("%g", value);
      g_autofree char *shown = NULL;
      GdkRGBA bar;

      /* Long labels are cut to fit their column. */
      if (g_utf8_strlen (label, -1) > 32)
        {
          g_autofree char *head = g_utf8_substring (label, 0, 31);
          shown = g_strconcat (head, "…", NULL);
        }
      else
        shown = g_strdup (label);
      gdk_cairo_set_source_rgba (cr, fg);
      cairo_move_to (cr, 0, y + BAR_HEIGHT - 6);
      cairo_show_text (cr, shown);

      if (color == NULL || !gdk_rgba_parse (&bar, color))
        bar = *accent;
      gdk_cairo_set_source_rgba (cr, &bar);
      cairo_rectangle (cr, LABEL_WIDTH, y, MAX (w, 1), BAR_HEIGHT);
      cairo_fill (cr);

      gdk_cairo_set_source_rgba (cr, fg);
      cairo_move_to (cr, LABEL_WIDTH + w + 6, y + BAR_HEIGHT - 6);
      cairo_show_text (cr, number);
    }
}

static void
attest_bar_chart_snapshot (GtkWidget   *widget,
                           GtkSnapshot *snapshot)
{
  AttestBarChart *self = ATTEST_BAR_CHART (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  cairo_t *cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  GdkRGBA fg;
  GdkRGBA accent = { 0.21, 0.52, 0.89, 1 };

  /* gtk_widget_get_color () is GTK 4.10; this is its 4.8 spelling. */
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &fg);
  draw (self, cr, width, &fg, &accent);
  cairo_destroy (cr);
}

static void
attest_bar_chart_measure (GtkWidget      *widget,
                          GtkOrientation  orientation,
                          int             for_size,
                          int            *minimum,
                          int            *natural,
                          int            *minimum_baseline,
                          int            *natural_baseline)
{
  AttestBarChart *self = ATTEST_BAR_CHART (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = LABEL_WIDTH + 120;
      *natural = LABEL_WIDTH + 400;
    }
  else
    *minimum = *natural = chart_height (self);
}

typedef struct {
  GOutputStream *stream;
  GError        *error;
} ChartWriter;

static cairo_status_t
write_chart (void                *closure,
             const unsigned char *data,
             unsigned int         length)
{
  ChartWriter *w = closure;

  if (w->error == NULL)
    g_output_stream_write_all (w->stream, data, length, NULL, NULL, &w->error);
  return w->error ? CAIRO_STATUS_WRITE_ERROR : CAIRO_STATUS_SUCCESS;
}

/* Written whole or not at all, never over the open database
 * (attest-output-file.h). */
gboolean
attest_bar_chart_export (AttestBarChart *self,
                         const char     *path,
                         GError        **error)
{
  GdkRGBA fg = { 0.14, 0.14, 0.14, 1 };
  GdkRGBA accent = { 0.21, 0.52, 0.89, 1 };
  g_autoptr(AttestOutputFile) out = NULL;
  int height = chart_height (self) + 10;
  gboolean svg = g_str_has_suffix (path, ".svg");
  ChartWriter writer = { NULL, NULL };
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;

  g_return_val_if_fail (ATTEST_IS_BAR_CHART (self), FALSE);

  if (!(out = attest_output_file_new (path, error)))
    return FALSE;
  writer.stream = attest_output_file_get_stream (out);

  if (svg)
    surface = cairo_svg_surface_create_for_stream (write_chart, &writer, EXPORT_WIDTH, height);
  else
    surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, EXPORT_WIDTH, height);

  cr = cairo_create (surface);
  /* White behind the bars: exported charts go into papers. */
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  draw (self, cr, EXPORT_WIDTH, &fg, &accent);
  cairo_destroy (cr);

  cairo_surface_flush (surface);
  if (svg)
    {
      cairo_surface_finish (surface);
      status = cairo_surface_status (surface);
    }
  else
    status = cairo_surface_write_to_png_stream (surface, write_chart, &writer);
  cairo_surface_destroy (surface);

  if (writer.error != NULL)
    {
      attest_output_file_propagate_error (error, g_steal_pointer (&writer.error), path);
      return FALSE;
    }
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_IO, _("Could not write the chart to “%s”: %s"),
                   path, cairo_status_to_string (status));
      return FALSE;
    }
  return attest_output_file_commit (out, TRUE, NULL, error);
}

void
attest_bar_chart_set_bars (AttestBarChart *self,
                           const char    **labels,
                           const double   *values,
                           const char    **colors,
                           guint           n)
{
  g_autofree char *a11y = NULL;
  GString *summary = g_string_new (self->title);

  g_return_if_fail (ATTEST_IS_BAR_CHART (self));

  g_ptr_array_set_size (self->labels, 0);
  g_ptr_array_set_size (self->colors, 0);
  g_array_set_size (self->values, 0);
  for (guint i = 0; i < n; i++)
    {
      g_ptr_array_add (self->labels, g_strdup (labels[i] ? labels[i] : "—"));
      g_ptr_array_add (self->colors, g_strdup (colors ? colors[i] : NULL));
      g_array_append_val (self->values, values[i]);
      g_string_append_printf (summary, "%s %s: %g", i ? "," : ":", labels[i] ? labels[i] : "—", values[i]);
    }

  /* A chart is read aloud as its numbers. */
  a11y = g_string_free (summary, FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, a11y, -1);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

guint
attest_bar_chart_get_n_bars (AttestBarChart *self)
{
  g_return_val_if_fail (ATTEST_IS_BAR_CHART (self), 0);
  return self->labels->len;
}

static void
attest_bar_chart_finalize (GObject *object)
{
  AttestBarChart *self = ATTEST_BAR_CHART (object);

  g_free (self->title);
  g_ptr_array_unref (self->labels);
  g_ptr_array_unref (self->colors);
  g_array_unref (self->values);

  G_OBJECT_CLASS (attest_bar_chart_parent_class)->finalize (object);
}

static void
attest_bar_chart_class_init (AttestBarChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = attest_bar_chart_finalize;
  widget_class->snapshot = attest_bar_chart_snapshot;
  widget_class->measure = attest_bar_chart_measure;
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
  gtk_widget_class_set_css_name (widget_class, "barchart");
}

static void
attest_bar_chart_init (AttestBarChart *self)
{
  self->labels = g_ptr_array_new_with_free_func (g_free);
  self->colors = g_ptr_array_new_with_free_func (g_free);
  self->values = g_array_new (FALSE, FALSE, sizeof (double));
}

GtkWidget *
attest_bar_chart_new (const char *title)
{
  AttestBarChart *self = g_object_new (ATTEST_TYPE_BAR_CHART, NULL);

  self->title = g_strdup (title);
  return GTK_WIDGET (self);
}
