/* attest-analysis-window.c — see attest-analysis-window.h.
 *
 * Three pages over the core: Statistics (counts as bar charts, exportable
 * as SVG/PNG), Agreement (between annotators: Cohen's and Fleiss' κ,
 * Krippendorff's α, span F1, source agreement) and Curation (one article's
 * claims compared across annotators; accept, reject or merge them). All
 * figures come from attest-agreement.c and the store; this file only shows
 * them and passes the curator's decisions back.
 */
#include "config.h"

#include "attest-analysis-window.h"

#include <glib/gi18n.h>
#include <inttypes.h>
#include <math.h>

#include "attest-agreement.h"
#include "attest-bar-chart.h"
#include "attest-file-chooser.h"

struct _AttestAnalysisWindow
{
  AdwWindow    parent_instance;

  AdwViewStack *view_stack;
  GtkBox      *statistics_box;
  GtkLabel    *summary_label;
  GtkBox      *agreement_box;
  AdwComboRow *curation_document_row;
  GtkListBox  *curation_list;

  AttestStore *store;
  GPtrArray   *charts;      /* AttestBarChart*, in page order */
  GPtrArray   *documents;   /* AttestDocument*, rows of curation_document_row */
  GHashTable  *categories;  /* key → AttestCategory* */
};

G_DEFINE_FINAL_TYPE (AttestAnalysisWindow, attest_analysis_window, ADW_TYPE_WINDOW)

static char *
format_figure (double value)
{
  return isnan (value) ? g_strdup ("—") : g_strdup_printf ("%.3f", value);
}

static const char *
category_label (AttestAnalysisWindow *self,
                const char           *key)
{
  AttestCategory *cat = key ? g_hash_table_lookup (self->categories, key) : NULL;

  return cat ? g_dgettext (GETTEXT_PACKAGE, cat->label) : (key ? key : _("All categories"));
}

static char *
document_label (AttestDocument *d)
{
  if (d->title)
    return g_strdup (d->title);
  return g_strdup_printf (_("%s, issue %s"), d->publication ? d->publication : (d->origin ? d->origin : "?"),
                          d->issue ? d->issue : "?");
}

/* ------------------------------------------------------------ statistics */

static void
add_chart (AttestAnalysisWindow *self,
           const char           *title,
           const char           *name,
           GPtrArray            *counts,
           gboolean              by_category,
           guint                 limit)
{
  GtkWidget *chart = attest_bar_chart_new (title);
  guint n = MIN (counts->len, limit);
  g_autofree const char **labels = g_new0 (const char *, n + 1);
  g_autofree const char **colors = g_new0 (const char *, n + 1);
  g_autofree double *values = g_new0 (double, n + 1);

  g_autoptr(GPtrArray) owned = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < n; i++)
    {
      AttestCount *c = g_ptr_array_index (counts, i);
      AttestCategory *cat = by_category ? g_hash_table_lookup (self->categories, c->key) : NULL;

      labels[i] = cat ? g_dgettext (GETTEXT_PACKAGE, cat->label) : (c->label ? c->label : c->key);
      colors[i] = cat ? cat->color : NULL;
      values[i] = c->count;

      /* Articles without a title are known by their issue, as elsewhere. */
      for (guint d = 0; c->label == NULL && c->id && self->documents && d < self->documents->len; d++)
        {
          AttestDocument *doc = g_ptr_array_index (self->documents, d);

          if (doc->id == c->id)
            {
              char *label = document_label (doc);
              g_ptr_array_add (owned, label);
              labels[i] = label;
            }
        }
    }
  attest_bar_chart_set_bars (ATTEST_BAR_CHART (chart), labels, values, colors, n);
  g_object_set_data_full (G_OBJECT (chart), "file-name", g_strdup (name), g_free);
  gtk_box_append (self->statistics_box, chart);
  g_ptr_array_add (self->charts, chart);
}

static void
fill_statistics (AttestAnalysisWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestStatistics) stats = attest_store_get_statistics (self->store, NULL, &error);
  g_autofree char *summary = NULL;
  g_autofree char *mean = NULL;
  g_autofree char *share = NULL;

  if (stats == NULL)
    {
      gtk_label_set_text (self->summary_label, error->message);
      return;
    }

  mean = isnan (stats->sources_mean) ? g_strdup ("—") : g_strdup_printf ("%.2f", stats->sources_mean);
  share = isnan (stats->no_source_share) ? g_strdup ("—")
                                         : g_strdup_printf ("%.0f %%", 100 * stats->no_source_share);
  summary = g_strdup_printf (_("%" PRId64 " claims, %" PRId64 " links to sources. "
                               "Sources per claim: %s on average; %s of the claims rest on no source."),
                             stats->claims, stats->links, mean, share);
  gtk_label_set_text (self->summary_label, summary);

  add_chart (self, _("Claims per category"), "claims-per-category", stats->by_category, TRUE, 30);
  add_chart (self, _("Claims per annotator"), "claims-per-annotator", stats->by_annotator, FALSE, 30);
  add_chart (self, _("Claims per source outlet"), "claims-per-outlet", stats->by_outlet, FALSE, 20);
  add_chart (self, _("Claims per article"), "claims-per-article", stats->by_document, FALSE, 30);

  {
    const char *labels[] = { _("No source"), _("One source"), _("Two sources"), _("Three or more") };
    double values[4];
    GtkWidget *chart = attest_bar_chart_new (_("Sources per claim"));

    for (guint i = 0; i < 4; i++)
      values[i] = stats->with_sources[i];
    attest_bar_chart_set_bars (ATTEST_BAR_CHART (chart), labels, values, NULL, 4);
    g_object_set_data_full (G_OBJECT (chart), "file-name", g_strdup ("sources-per-claim"), g_free);
    gtk_box_append (self->statistics_box, chart);
    g_ptr_array_add (self->charts, chart);
  }
}

gboolean
attest_analysis_window_export_charts (AttestAnalysisWindow *self,
                                      GFile                *folder,
                                      const char           *format,
                                      GError              **error)
{
  g_autofree char *dir = g_file_get_path (folder);

  g_return_val_if_fail (ATTEST_IS_ANALYSIS_WINDOW (self), FALSE);

  for (guint i = 0; i < self->charts->len; i++)
    {
      AttestBarChart *chart = g_ptr_array_index (self->charts, i);
      g_autofree char *name = g_strdup_printf ("%s.%s", (char *) g_object_get_data (G_OBJECT (chart), "file-name"),
                                               format);
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (!attest_bar_chart_export (chart, path, error))
        return FALSE;
    }
  return TRUE;
}

static void
folder_chosen (GtkNativeDialog      *chooser,
               int                   response,
               AttestAnalysisWindow *self)
{
  const char *format = g_object_get_data (G_OBJECT (chooser), "format");

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) folder = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autoptr(GError) error = NULL;

      if (!attest_analysis_window_export_charts (self, folder, format, &error))
        {
          GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Could Not Export the Charts"),
                                                      error->message);
          adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
          gtk_window_present (GTK_WINDOW (dialog));
        }
    }
  g_object_unref (chooser);
}

static void
export_action (GtkWidget  *widget,
               const char *action,
               GVariant   *param)
{
  GtkFileChooserNative *chooser = attest_file_chooser_new (_("Export Charts Into"), GTK_WINDOW (widget),
                                                               GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
                                                               _("_Export"), _("_Cancel"));

  g_object_set_data_full (G_OBJECT (chooser), "format", g_variant_dup_string (param, NULL), g_free);
  g_signal_connect (chooser, "response", G_CALLBACK (folder_chosen), widget);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* ------------------------------------------------------------- agreement */

static GtkWidget *
cell (const char *text,
      gboolean    heading)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_selectable (GTK_LABEL (label), !heading);
  if (heading)
    gtk_widget_add_css_class (label, "heading");
  else
    gtk_widget_add_css_class (label, "numeric");
  return label;
}

static void
add_heading (GtkBox     *box,
             const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "title-4");
  gtk_box_append (box, label);
}

static void
fill_agreement (AttestAnalysisWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestAgreementReport) report = NULL;
  AttestAgreementOptions options = { 0 };
  const AttestAgreementFigures *overall;
  g_autofree char *kappa = NULL;
  g_autofree char *alpha = NULL;
  g_autofree char *intro = NULL;
  g_autofree char *names = NULL;
  GtkWidget *grid;
  GtkWidget *label;

  report = attest_agreement_compute (self->store, &options, &error);
  if (report == NULL)
    {
      GtkWidget *page = adw_status_page_new ();

      adw_status_page_set_icon_name (ADW_STATUS_PAGE (page), "system-users-symbolic");
      adw_status_page_set_title (ADW_STATUS_PAGE (page), _("Agreement Needs Two Annotators"));
      adw_status_page_set_description (ADW_STATUS_PAGE (page), error->message);
      gtk_widget_set_vexpand (page, TRUE);
      gtk_box_append (self->agreement_box, page);
      return;
    }

  overall = report->overall;
  kappa = format_figure (overall->fleiss_kappa);
  alpha = format_figure (overall->krippendorff_alpha);
  names = g_strjoinv (", ", report->annotators);
  intro = g_strdup_printf (_("%s over %u articles (%.0f characters of body text, each a unit labelled "
                             "with the category of the claim covering it). Krippendorff’s α: %s. "
                             "Fleiss’ κ: %s."),
                           names, report->documents, report->characters, alpha, kappa);
  label = gtk_label_new (intro);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_box_append (self->agreement_box, label);

  add_heading (self->agreement_box, _("Between Pairs of Annotators"));
  grid = gtk_grid_new ();
  gtk_grid_set_column_spacing (GTK_GRID (grid), 24);
  gtk_grid_set_row_spacing (GTK_GRID (grid), 6);
  gtk_grid_attach (GTK_GRID (grid), cell (_("Annotators"), TRUE), 0, 0, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), cell (_("Cohen’s κ"), TRUE), 1, 0, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), cell (_("Exact F1"), TRUE), 2, 0, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), cell (_("Overlap F1"), TRUE), 3, 0, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), cell (_("Same sources"), TRUE), 4, 0, 1, 1);
  for (guint i = 0; i < overall->pairs->len; i++)
    {
      AttestPairAgreement *p = g_ptr_array_index (overall->pairs, i);
      g_autofree char *who = g_strdup_printf ("%s – %s", p->reference, p->other);
      g_autofree char *k = format_figure (p->cohen_kappa);
      g_autofree char *e = format_figure (p->exact.f1);
      g_autofree char *o = format_figure (p->overlap.f1);
      g_autofree char *s = format_figure (p->sources.equal_share);

      gtk_grid_attach (GTK_GRID (grid), cell (who, FALSE), 0, i + 1, 1, 1);
      gtk_grid_attach (GTK_GRID (grid), cell (k, FALSE), 1, i + 1, 1, 1);
      gtk_grid_attach (GTK_GRID (grid), cell (e, FALSE), 2, i + 1, 1, 1);
      gtk_grid_attach (GTK_GRID (grid), cell (o, FALSE), 3, i + 1, 1, 1);
      gtk_grid_attach (GTK_GRID (grid), cell (s, FALSE), 4, i + 1, 1, 1);
    }
  gtk_box_append (self->agreement_box, grid);

  add_heading (self->agreement_box, _("Per Category"));
  grid = gtk_grid_new ();
  gtk_grid_set_column_spacing (GTK_GRID (grid), 24);
  gtk_grid_set_row_spacing (GTK_GRID (grid), 6);
  gtk_grid_attach (GTK_GRID (grid), cell (_("Category"), TRUE), 0, 0, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), cell (_("Krippendorff’s α"), TRUE), 1, 0, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), cell (_("Fleiss’ κ"), TRUE), 2, 0, 1, 1);
  for (guint i = 0; i < report->categories->len; i++)
    {
      AttestAgreementFigures *f = g_ptr_array_index (report->categories, i);
      g_autofree char *a = format_figure (f->krippendorff_alpha);
      g_autofree char *k = format_figure (f->fleiss_kappa);

      gtk_grid_attach (GTK_GRID (grid), cell (category_label (self, f->category), FALSE), 0, i + 1, 1, 1);
      gtk_grid_attach (GTK_GRID (grid), cell (a, FALSE), 1, i + 1, 1, 1);
      gtk_grid_attach (GTK_GRID (grid), cell (k, FALSE), 2, i + 1, 1, 1);
    }
  gtk_box_append (self->agreement_box, grid);
}

/* -------------------------------------------------------------- curation */

static void fill_curation (AttestAnalysisWindow *self);

static void
show_error (AttestAnalysisWindow *self,
            const GError         *error)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Could Not Curate"), error->message);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static GStrv
claim_refs (GtkWidget *button)
{
  AttestComparisonItem *item = g_object_get_data (G_OBJECT (button), "item");
  g_autoptr(GStrvBuilder) refs = g_strv_builder_new ();

  for (guint i = 0; i < item->claims->len; i++)
    g_strv_builder_add (refs, ((AttestClaim *) g_ptr_array_index (item->claims, i))->uuid);
  return g_strv_builder_end (refs);
}

static void
on_curate (GtkButton            *button,
           AttestAnalysisWindow *self)
{
  const char *what = g_object_get_data (G_OBJECT (button), "what");
  g_auto(GStrv) refs = claim_refs (GTK_WIDGET (button));
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (g_str_equal (what, "merge"))
    {
      AttestComparisonItem *item = g_object_get_data (G_OBJECT (button), "item");
      AttestClaim *first = g_ptr_array_index (item->claims, 0);
      /* Different categories: the first annotator's, which the curator
       * can change afterwards in the inspector. */
      g_autoptr(AttestClaim) curated =
        attest_store_curate_merge (self->store, (const char * const *) refs, -1, -1,
                                   item->same_category ? NULL : first->category, &error);
      ok = curated != NULL;
    }
  else
    ok = attest_store_curate_set_status (self->store, (const char * const *) refs, what, &error);

  if (!ok)
    show_error (self, error);
  fill_curation (self);
}

static GtkWidget *
curate_button (AttestAnalysisWindow *self,
               const char           *label,
               const char           *what,
               AttestComparisonItem *item)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  g_object_set_data (G_OBJECT (button), "what", (gpointer) what);
  g_object_set_data (G_OBJECT (button), "item", item);
  g_signal_connect (button, "clicked", G_CALLBACK (on_curate), self);
  return button;
}

static void
fill_curation (AttestAnalysisWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = NULL;
  guint selected = adw_combo_row_get_selected (self->curation_document_row);
  AttestDocument *doc;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->curation_list))))
    gtk_list_box_remove (self->curation_list, child);
  if (self->documents == NULL || selected >= self->documents->len)
    return;

  doc = g_ptr_array_index (self->documents, selected);
  items = attest_agreement_compare_document (self->store, doc->uuid, NULL, &error);
  if (items == NULL)
    {
      GtkWidget *row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), error->message);
      gtk_list_box_append (self->curation_list, row);
      return;
    }

  for (guint i = 0; i < items->len; i++)
    {
      AttestComparisonItem *item = g_ptr_array_index (items, i);
      GtkWidget *row = adw_action_row_new ();
      GString *detail = g_string_new (NULL);
      const char *kind = item->kind == ATTEST_COMPARISON_AGREEMENT ? C_("curation", "Agreement")
                       : item->kind == ATTEST_COMPARISON_DISAGREEMENT ? C_("curation", "Disagreement")
                       : C_("curation", "One-sided");
      g_autofree char *title = NULL;
      g_autofree char *escaped = NULL;

      for (guint c = 0; c < item->claims->len; c++)
        {
          AttestClaim *claim = g_ptr_array_index (item->claims, c);
          const char *status = g_strcmp0 (claim->status, "draft") == 0 ? C_("claim status", "draft")
                             : g_strcmp0 (claim->status, "accepted") == 0 ? C_("claim status", "accepted")
                             : g_strcmp0 (claim->status, "rejected") == 0 ? C_("claim status", "rejected")
                             : claim->status;

          if (c)
            g_string_append_c (detail, '\n');
          /* Translators: annotator: category, “quoted passage” (status) */
          g_string_append_printf (detail, _("%s: %s, “%s” (%s)"), claim->annotator,
                                  category_label (self, claim->category), claim->quote, status);
        }
      if (item->absent && item->absent[0])
        {
          g_autofree char *absent = g_strjoinv (", ", item->absent);
          g_string_append_printf (detail, _("\nNo claim here: %s"), absent);
        }

      title = g_strdup_printf ("%s · %" G_GINT64_FORMAT "–%" G_GINT64_FORMAT, kind, item->start, item->end);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      escaped = g_markup_escape_text (detail->str, -1);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), escaped);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
      g_string_free (detail, TRUE);

      adw_action_row_add_suffix (ADW_ACTION_ROW (row), curate_button (self, _("_Accept"), "accepted", item));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), curate_button (self, _("_Reject"), "rejected", item));
      if (item->claims->len > 1)
        adw_action_row_add_suffix (ADW_ACTION_ROW (row), curate_button (self, _("_Merge"), "merge", item));

      /* The row keeps the item alive for its buttons. */
      g_object_set_data_full (G_OBJECT (row), "item", g_ptr_array_steal_index (items, i--),
                              (GDestroyNotify) attest_comparison_item_free);
      gtk_list_box_append (self->curation_list, row);
    }
}

/* ---------------------------------------------------------------- class */

static void
attest_analysis_window_dispose (GObject *object)
{
  AttestAnalysisWindow *self = ATTEST_ANALYSIS_WINDOW (object);

  g_clear_object (&self->store);
  g_clear_pointer (&self->charts, g_ptr_array_unref);
  g_clear_pointer (&self->documents, g_ptr_array_unref);
  g_clear_pointer (&self->categories, g_hash_table_unref);

  G_OBJECT_CLASS (attest_analysis_window_parent_class)->dispose (object);
}

static void
attest_analysis_window_class_init (AttestAnalysisWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = attest_analysis_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/attest/Attest/attest-analysis-window.ui");
  gtk_widget_class_bind_template_child (widget_class, AttestAnalysisWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, AttestAnalysisWindow, statistics_box);
  gtk_widget_class_bind_template_child (widget_class, AttestAnalysisWindow, summary_label);
  gtk_widget_class_bind_template_child (widget_class, AttestAnalysisWindow, agreement_box);
  gtk_widget_class_bind_template_child (widget_class, AttestAnalysisWindow, curation_document_row);
  gtk_widget_class_bind_template_child (widget_class, AttestAnalysisWindow, curation_list);
  gtk_widget_class_install_action (widget_class, "analysis.export", "s", export_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
attest_analysis_window_init (AttestAnalysisWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->charts = g_ptr_array_new ();
  self->categories = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_object_unref);
}

AttestAnalysisWindow *
attest_analysis_window_new (GtkWindow   *parent,
                            AttestStore *store,
                            GError     **error)
{
  AttestAnalysisWindow *self = g_object_new (ATTEST_TYPE_ANALYSIS_WINDOW, "transient-for", parent, NULL);
  g_autoptr(GPtrArray) cats = NULL;
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);

  self->store = g_object_ref (store);
  if (!(cats = attest_store_list_categories (store, TRUE, error)) ||
      !(self->documents = attest_store_list_documents (store, error)))
    {
      gtk_window_destroy (GTK_WINDOW (self));
      return NULL;
    }
  for (guint i = 0; i < cats->len; i++)
    {
      AttestCategory *c = g_ptr_array_index (cats, i);
      g_hash_table_insert (self->categories, c->key, g_object_ref (c));
    }
  for (guint i = 0; i < self->documents->len; i++)
    {
      g_autofree char *label = document_label (g_ptr_array_index (self->documents, i));
      gtk_string_list_append (names, label);
    }

  fill_statistics (self);
  fill_agreement (self);
  adw_combo_row_set_model (self->curation_document_row, G_LIST_MODEL (names));
  g_signal_connect_swapped (self->curation_document_row, "notify::selected", G_CALLBACK (fill_curation), self);
  fill_curation (self);
  return self;
}

void
attest_analysis_window_show_page (AttestAnalysisWindow *self,
                                  const char           *page)
{
  g_return_if_fail (ATTEST_IS_ANALYSIS_WINDOW (self));
  adw_view_stack_set_visible_child_name (self->view_stack, page);
}
