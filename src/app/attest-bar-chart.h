/* attest-bar-chart.h — a horizontal bar chart of counts (claims per
 * category, per annotator…), drawn with cairo so that what is on screen is
 * exactly what is exported as SVG or PNG. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define ATTEST_TYPE_BAR_CHART (attest_bar_chart_get_type ())
G_DECLARE_FINAL_TYPE (AttestBarChart, attest_bar_chart, ATTEST, BAR_CHART, GtkWidget)

GtkWidget *attest_bar_chart_new        (const char     *title);
/* Bars in order: @labels and @values have @n entries; @colors may be NULL
 * or hold "#rrggbb" (or NULL) per bar. */
void       attest_bar_chart_set_bars   (AttestBarChart *self,
                                        const char    **labels,
                                        const double   *values,
                                        const char    **colors,
                                        guint           n);
guint      attest_bar_chart_get_n_bars (AttestBarChart *self);
/* Writes the chart as SVG (".svg") or PNG (anything else). */
gboolean   attest_bar_chart_export     (AttestBarChart *self,
                                        const char     *path,
                                        GError        **error);

G_END_DECLS
