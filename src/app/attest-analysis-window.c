/* attest-analysis-window.c — see attest-analysis-window.h.
 *
 * Three pages over the core: Statistics (counts as bar charts, exportable
 * as SVG/PNG), Agreement (between annotators: Cohen's and Fleiss' κ,
 * Krippendorff's α, span F1, source agreement, and what they rest on) and
 * Curation (one article's claims compared across annotators; on a
 * disagreement the curator accepts one annotator's version or merges them
 * into one claim of the category they choose; settled rows say how, and a
 * row shows its passage in the main window). All figures come from
 * attest-agreement.c and the store; this file only shows them and passes
 * the curator's decisions back. Everything is reloaded when the store
 * changes, this window's own decisions included.
 */
#include "config.h"

#include "attest-analysis-window.h"

#include <glib/gi18n.h>
#include <inttypes.h>
#include <math.h>
#include <string.h>

#include "attest-agreement.h"
#include "attest-bar-chart.h"
#include "attest-error.h"
#include "attest-file-chooser.h"
#include "attest-window.h"

struct _AttestAnalysisWindow
{
  AdwWindow    parent_instance;

  AdwViewStack *view_stack;
  GtkBox      *statistics_box;
  GtkLabel    *summary_label;
  GtkBox      *agreement_box;
  AdwComboRow *curation_document_row;
  GtkListBox  *curation_list;
  AdwToastOverlay *toast_overlay;

  AttestStore *store;
  GPtrArray   *charts;      /* AttestBarChart*, in page order */
  GPtrArray   *documents;   /* AttestDocument*, rows of curation_document_row */
  GHashTable  *categories;  /* key → AttestCategory* */
  gboolean     left;        /* the main window was active since the last reload */
  int          focus_row;   /* the row a decision was taken on, focused again after it, or -1 */
  /* What undoes the last decision: each claim's status before it, or the
   * curated claim it made. */
  GStrv        undo_claims;
  GStrv        undo_statuses;
  char        *undo_curated;
  AdwToast    *undo_toast;
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
  return attest_document_dup_label (d);
}

/* Articles of one outlet differ at the end ("…, issue 12" and "…, issue
 * 13"): the dropdown ellipsizes in the middle so that end stays visible.
 * @user_data: TRUE to wrap instead (the merge dialog's choices). */
static void
setup_document_item (GtkSignalListItemFactory *factory,
                     GtkListItem              *item,
                     gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  if (GPOINTER_TO_INT (user_data))
    {
      /* The merge dialog's choices ("Training (Anna)") read in full. */
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
      gtk_label_set_max_width_chars (GTK_LABEL (label), 30);
    }
  else
    {
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_MIDDLE);
      gtk_label_set_max_width_chars (GTK_LABEL (label), 40);
      gtk_label_set_width_chars (GTK_LABEL (label), 10);
    }
  gtk_list_item_set_child (item, label);
}

static void
bind_document_item (GtkSignalListItemFactory *factory,
                    GtkListItem              *item,
                    gpointer                  user_data)
{
  const char *text = gtk_string_object_get_string (GTK_STRING_OBJECT (gtk_list_item_get_item (item)));

  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)), text);
  gtk_widget_set_tooltip_text (gtk_list_item_get_child (item), text);
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

  /* Reloaded: the charts of before go. */
  for (guint i = 0; i < self->charts->len; i++)
    gtk_box_remove (self->statistics_box, g_ptr_array_index (self->charts, i));
  g_ptr_array_set_size (self->charts, 0);

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

  /* How far curation has got: what a decision changes at once. */
  {
    const char *labels[] = { _("Draft"), _("Accepted"), _("Rejected") };
    double values[3];
    GtkWidget *chart = attest_bar_chart_new (_("Claims per status"));

    for (guint i = 0; i < 3; i++)
      values[i] = stats->by_status[i];
    attest_bar_chart_set_bars (ATTEST_BAR_CHART (chart), labels, values, NULL, 3);
    g_object_set_data_full (G_OBJECT (chart), "file-name", g_strdup ("claims-per-status"), g_free);
    gtk_box_append (self->statistics_box, chart);
    g_ptr_array_add (self->charts, chart);
  }
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
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, "title-4");
  gtk_box_append (box, label);
}

static void
add_paragraph (GtkBox     *box,
               const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_box_append (box, label);
}

/* How many claims each of @annotators made themselves (curated claims
 * left out, as agreement leaves them out), and where two or more of them
 * annotated an article: only there are their labels compared. */
static char *
describe_claims (AttestAnalysisWindow *self,
                 GStrv                 annotators,
                 guint                *out_documents,
                 gint64               *out_characters)
{
  guint n = g_strv_length (annotators);
  g_autofree guint *counts = g_new0 (guint, n + 1);
  g_autofree gboolean *here = g_new0 (gboolean, n + 1);
  g_autoptr(GString) text = g_string_new (NULL);
  guint total = 0;

  *out_documents = 0;
  *out_characters = 0;
  for (guint d = 0; self->documents && d < self->documents->len; d++)
    {
      AttestDocument *doc = g_ptr_array_index (self->documents, d);
      g_autoptr(AttestSpans) spans = attest_store_list_annotator_spans (self->store, doc->id, NULL);
      guint present = 0;

      memset (here, 0, sizeof (gboolean) * n);
      for (guint c = 0; spans && c < spans->spans->len; c++)
        {
          const AttestSpan *claim = &g_array_index (spans->spans, AttestSpan, c);

          for (guint a = 0; a < n; a++)
            if (g_str_equal (annotators[a], claim->annotator))
              {
                counts[a]++;
                total++;
                here[a] = TRUE;
              }
        }
      for (guint a = 0; a < n; a++)
        present += here[a];
      if (present >= 2)
        {
          (*out_documents)++;
          *out_characters += doc->length - doc->body_start;
        }
    }
  for (guint a = 0; a < n; a++)
    {
      if (a > 0)
        g_string_append (text, ", ");
      /* Translators: an annotator and how many claims they made */
      g_string_append_printf (text, ngettext ("%s: %u claim", "%s: %u claims", counts[a]), annotators[a], counts[a]);
    }
  return g_strdup_printf (ngettext ("%u claim in all (%s).", "%u claims in all (%s).", total), total, text->str);
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
  g_autofree char *claims = NULL;
  g_autofree char *units = NULL;
  guint compared = 0;
  gint64 characters = 0;
  GtkWidget *grid;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->agreement_box))))
    gtk_box_remove (self->agreement_box, child);

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
  claims = describe_claims (self, report->annotators, &compared, &characters);
  if (g_strv_length (report->annotators) >= 3)
    /* Translators: %s lists the annotators, e.g. "Ana, Ben, Cleo"; %u counts articles */
    intro = g_strdup_printf (ngettext ("%s, on %u article annotated by two or more of them: "
                                       "Krippendorff’s α %s, Fleiss’ κ %s.",
                                       "%s, on %u articles annotated by two or more of them: "
                                       "Krippendorff’s α %s, Fleiss’ κ %s.", compared),
                             names, compared, alpha, kappa);
  else
    /* Translators: %s lists the annotators, e.g. "Ana, Ben"; %u counts articles */
    intro = g_strdup_printf (ngettext ("%s, on %u article both annotated: Krippendorff’s α %s.",
                                       "%s, on %u articles both annotated: Krippendorff’s α %s.", compared),
                             names, compared, alpha);
  add_paragraph (self->agreement_box, intro);
  gtk_widget_add_css_class (gtk_widget_get_last_child (GTK_WIDGET (self->agreement_box)), "title-4");
  add_paragraph (self->agreement_box, claims);

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
  /* Fleiss' κ needs three annotators: with two its column would only
   * say "—". */
  if (g_strv_length (report->annotators) >= 3)
    gtk_grid_attach (GTK_GRID (grid), cell (_("Fleiss’ κ"), TRUE), 2, 0, 1, 1);
  for (guint i = 0; i < report->categories->len; i++)
    {
      AttestAgreementFigures *f = g_ptr_array_index (report->categories, i);
      g_autofree char *a = format_figure (f->krippendorff_alpha);
      g_autofree char *k = format_figure (f->fleiss_kappa);

      gtk_grid_attach (GTK_GRID (grid), cell (category_label (self, f->category), FALSE), 0, i + 1, 1, 1);
      gtk_grid_attach (GTK_GRID (grid), cell (a, FALSE), 1, i + 1, 1, 1);
      if (g_strv_length (report->annotators) >= 3)
        gtk_grid_attach (GTK_GRID (grid), cell (k, FALSE), 2, i + 1, 1, 1);
    }
  gtk_box_append (self->agreement_box, grid);

  /* What the figures rest on, in plain words: a curator has to judge
   * whether they can be trusted. */
  add_heading (self->agreement_box, _("What These Figures Rest On"));
  units = g_strdup_printf (_("Each character of an article’s text (%" PRId64 " in the articles "
                             "compared, headings and bylines left out) is compared: an annotator’s label "
                             "for it is the category of their claim that covers it, the shortest one where "
                             "claims are nested, or “no claim”. Someone who marked nothing in an article is "
                             "left out there instead of counted as finding nothing, so an article only one "
                             "annotator marked counts for nothing. Claims a curator merged are not counted."),
                           characters);
  add_paragraph (self->agreement_box, units);
  add_paragraph (self->agreement_box,
                 _("Krippendorff’s α compares all annotators at once; Fleiss’ κ does too but needs three "
                   "or more annotators; Cohen’s κ compares two. Categories count as names only: any two "
                   "different ones disagree as much as any other two. All three take away the agreement chance "
                   "alone would give: 1 means the annotators always agree, 0 no more than by chance, less "
                   "than 0 less than by chance. As a rule of thumb, 0.8 or more is reliable and 0.67 to "
                   "0.8 allows tentative conclusions. “—” means a figure cannot be worked out here, for "
                   "instance for a category nobody used."));
  add_paragraph (self->agreement_box,
                 _("Exact F1 counts claims that match a claim of the other annotator with the same start, "
                   "end and category; Overlap F1 counts claims of the same category that overlap, each "
                   "matched once. 1 means every claim is matched, 0 none. Same sources is the share of "
                   "exactly matching claims that are tied to the same sources."));
}

/* -------------------------------------------------------------- curation */

static void fill_curation (AttestAnalysisWindow *self);

static void
show_error (AttestAnalysisWindow *self,
            const GError         *error)
{
  /* Buttons of settled rows are insensitive: a refusal means a teammate
   * (or another window) settled them meanwhile. */
  const char *message = g_error_matches (error, ATTEST_ERROR, ATTEST_ERROR_CONFLICT)
                      ? _("These claims were settled meanwhile, perhaps by a teammate. The list now shows how.")
                      : error->message;
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Could Not Curate"), message);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static GStrv
item_refs (AttestComparisonItem *item)
{
  g_autoptr(GStrvBuilder) refs = g_strv_builder_new ();

  for (guint i = 0; i < item->claims->len; i++)
    g_strv_builder_add (refs, ((AttestClaim *) g_ptr_array_index (item->claims, i))->uuid);
  return g_strv_builder_end (refs);
}

static int
row_index (GtkWidget *widget)
{
  GtkWidget *row = widget ? gtk_widget_get_ancestor (widget, GTK_TYPE_LIST_BOX_ROW) : NULL;

  return row ? gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (row)) : -1;
}

static void
forget_undo (AttestAnalysisWindow *self)
{
  g_clear_pointer (&self->undo_claims, g_strfreev);
  g_clear_pointer (&self->undo_statuses, g_strfreev);
  g_clear_pointer (&self->undo_curated, g_free);
  if (self->undo_toast)
    adw_toast_dismiss (self->undo_toast);
  g_clear_weak_pointer (&self->undo_toast);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "analysis.undo", FALSE);
}

/* Remembers what undoes a decision: @item's claims back to their
 * statuses before it (when @item is given), the curated claim it made
 * deleted (when @curated_uuid is); offers it in a toast saying what was
 * done. */
static void
offer_undo (AttestAnalysisWindow *self,
            AttestComparisonItem *item,
            const char           *curated_uuid,
            const char           *done)
{
  AdwToast *toast;

  forget_undo (self);
  if (item)
    {
      g_autoptr(GStrvBuilder) claims = g_strv_builder_new ();
      g_autoptr(GStrvBuilder) statuses = g_strv_builder_new ();

      for (guint i = 0; i < item->claims->len; i++)
        {
          AttestClaim *claim = g_ptr_array_index (item->claims, i);

          g_strv_builder_add (claims, claim->uuid);
          g_strv_builder_add (statuses, claim->status);
        }
      self->undo_claims = g_strv_builder_end (claims);
      self->undo_statuses = g_strv_builder_end (statuses);
    }
  self->undo_curated = g_strdup (curated_uuid);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "analysis.undo", TRUE);

  toast = adw_toast_new (done);
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_action_name (toast, "analysis.undo");
  g_set_weak_pointer (&self->undo_toast, toast);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* Every view follows at once: the store's ::changed reaches the main
 * window (article marks, sidebar counts, inspector) and this window. It is
 * emitted only for other connections' commits, and this write is the
 * window's own connection's. */
static void
curated (AttestAnalysisWindow *self,
         int                   row,
         gboolean              ok,
         const GError         *error)
{
  /* Keyboard users stay on the row they settled. */
  self->focus_row = row;
  if (!ok)
    show_error (self, error);
  g_signal_emit_by_name (self->store, "changed");
}

/* Puts the claims of the last decision back as they were: the curated
 * claim it made is deleted (like any claim, into the history), each
 * status set back. */
static void
undo_action (GtkWidget  *widget,
             const char *action,
             GVariant   *param)
{
  AttestAnalysisWindow *self = ATTEST_ANALYSIS_WINDOW (widget);
  static const char * const statuses[] = { "draft", "accepted", "rejected" };
  g_autoptr(GError) error = NULL;
  gboolean ok = TRUE;

  if (self->undo_claims == NULL && self->undo_curated == NULL)
    return;
  if (self->undo_curated)
    ok = attest_store_delete_claim (self->store, self->undo_curated, &error);
  for (guint s = 0; ok && self->undo_claims && s < G_N_ELEMENTS (statuses); s++)
    {
      g_autoptr(GStrvBuilder) refs = g_strv_builder_new ();
      g_auto(GStrv) these = NULL;

      for (guint i = 0; self->undo_claims[i]; i++)
        if (g_str_equal (self->undo_statuses[i], statuses[s]))
          g_strv_builder_add (refs, self->undo_claims[i]);
      these = g_strv_builder_end (refs);
      if (these[0] != NULL)
        ok = attest_store_curate_set_status (self->store, (const char * const *) these, statuses[s], &error);
    }
  forget_undo (self);
  curated (self, -1, ok, error);
}

static void
on_set_status (GtkButton            *button,
               AttestAnalysisWindow *self)
{
  AttestComparisonItem *item = g_object_get_data (G_OBJECT (button), "item");
  const char *status = g_object_get_data (G_OBJECT (button), "status");
  g_auto(GStrv) refs = item_refs (item);
  g_autoptr(GError) error = NULL;
  gboolean ok;

  ok = attest_store_curate_set_status (self->store, (const char * const *) refs, status, &error);
  if (ok)
    offer_undo (self, item, NULL, g_str_equal (status, "accepted") ? _("Accepted") : _("Rejected"));
  curated (self, row_index (GTK_WIDGET (button)), ok, error);
}

static void
on_pick (GtkButton            *button,
         AttestAnalysisWindow *self)
{
  AttestComparisonItem *item = g_object_get_data (G_OBJECT (button), "item");
  AttestClaim *chosen = g_object_get_data (G_OBJECT (button), "claim");
  g_auto(GStrv) refs = item_refs (item);
  g_autofree char *uuid = g_strdup (chosen->uuid);
  g_autoptr(GError) error = NULL;
  GtkWidget *popover = gtk_widget_get_ancestor (GTK_WIDGET (button), GTK_TYPE_POPOVER);
  int row = popover ? row_index (gtk_widget_get_parent (popover)) : -1;
  gboolean ok;

  if (popover)
    gtk_popover_popdown (GTK_POPOVER (popover));
  ok = attest_store_curate_pick (self->store, (const char * const *) refs, uuid, &error);
  if (ok)
    {
      /* Translators: %s is an annotator, e.g. "Accepted Ana’s version" */
      g_autofree char *done = g_strdup_printf (_("Accepted %s’s version"), chosen->annotator);

      offer_undo (self, item, NULL, done);
    }
  curated (self, row, ok, error);
}

/* ------------------------------------------------------------ merge dialog */

typedef struct {
  AttestAnalysisWindow *self;     /* weak: the dialog may outlive it */
  GStrv                 refs;
  GPtrArray            *keys;     /* category keys, rows of the category row */
  GArray               *spans;    /* gint64 pairs, rows of the span row */
  AdwComboRow          *category_row;
  AdwComboRow          *span_row;
  int                   row;
} MergeChoice;

static void
merge_choice_free (MergeChoice *choice)
{
  g_clear_weak_pointer (&choice->self);
  g_strfreev (choice->refs);
  g_ptr_array_unref (choice->keys);
  g_array_unref (choice->spans);
  g_free (choice);
}

static void
merge_category_chosen (AdwComboRow *row,
                       GParamSpec  *pspec,
                       GtkWidget   *dialog)
{
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "merge",
                                           adw_combo_row_get_selected (row) != GTK_INVALID_LIST_POSITION);
}

static void
merge_response (AdwMessageDialog *dialog,
                const char       *response,
                MergeChoice      *choice)
{
  guint category = adw_combo_row_get_selected (choice->category_row);
  guint span = choice->span_row ? adw_combo_row_get_selected (choice->span_row) : 0;
  g_autoptr(AttestClaim) merged = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start = -1;
  gint64 end = -1;

  if (!g_str_equal (response, "merge") || category >= choice->keys->len || choice->self == NULL)
    return;
  if (span < choice->spans->len / 2)
    {
      start = g_array_index (choice->spans, gint64, 2 * span);
      end = g_array_index (choice->spans, gint64, 2 * span + 1);
    }
  merged = attest_store_curate_merge (choice->self->store, (const char * const *) choice->refs, start, end,
                                      g_ptr_array_index (choice->keys, category), &error);
  if (merged)
    {
      g_autofree char *done = g_strdup_printf (_("Merged as %s"), category_label (choice->self, merged->category));

      offer_undo (choice->self, NULL, merged->uuid, done);
    }
  curated (choice->self, choice->row, merged != NULL, error);
}

static char *
short_quote (const char *quote)
{
  g_autofree char *flat = g_strdup (quote ? quote : "");

  g_strstrip (g_strdelimit (flat, "\n\t", ' '));
  if (g_utf8_strlen (flat, -1) > 40)
    {
      g_autofree char *cut = g_utf8_substring (flat, 0, 39);
      char *space = strrchr (cut, ' ');

      /* At a word's end, as a reader would shorten it. */
      if (space && space - cut > 20)
        *space = '\0';
      return g_strconcat (cut, "…", NULL);
    }
  return g_steal_pointer (&flat);
}

/* The curator writes the merged version: its category (never picked for
 * them when the annotators differ) and, when their passages differ, which
 * passage it covers. */
static void
on_merge (GtkButton            *button,
          AttestAnalysisWindow *self)
{
  AttestComparisonItem *item = g_object_get_data (G_OBJECT (button), "item");
  AttestClaim *first = g_ptr_array_index (item->claims, 0);
  g_autoptr(GtkStringList) category_names = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) span_names = gtk_string_list_new (NULL);
  g_autoptr(GPtrArray) cats = NULL;
  g_autoptr(GError) error = NULL;
  MergeChoice *choice;
  GtkWidget *dialog;
  GtkWidget *group;
  guint preselect = GTK_INVALID_LIST_POSITION;

  if (!(cats = attest_store_list_categories (self->store, FALSE, &error)))
    {
      show_error (self, error);
      return;
    }

  choice = g_new0 (MergeChoice, 1);
  g_set_weak_pointer (&choice->self, self);
  choice->refs = item_refs (item);
  choice->row = row_index (GTK_WIDGET (button));
  choice->keys = g_ptr_array_new_with_free_func (g_free);
  choice->spans = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (guint i = 0; i < cats->len; i++)
    {
      AttestCategory *cat = g_ptr_array_index (cats, i);
      g_autoptr(GString) name = g_string_new (g_dgettext (GETTEXT_PACKAGE, cat->label));
      gboolean first_of = TRUE;

      /* Whose category it is, so that the curator sees the choice. */
      for (guint c = 0; c < item->claims->len; c++)
        {
          AttestClaim *claim = g_ptr_array_index (item->claims, c);

          if (!g_str_equal (claim->category, cat->key))
            continue;
          g_string_append (name, first_of ? " (" : ", ");
          g_string_append (name, claim->annotator);
          first_of = FALSE;
        }
      if (!first_of)
        g_string_append_c (name, ')');
      gtk_string_list_append (category_names, name->str);
      g_ptr_array_add (choice->keys, g_strdup (cat->key));
      if (item->same_category && g_str_equal (cat->key, first->category))
        preselect = i;
    }

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Merge Into One Claim"),
                                   _("The merged claim is accepted in the curator’s name and keeps the "
                                     "sources of both. Choose what it says."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    "merge", _("_Merge"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "merge", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "merge");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");

  group = adw_preferences_group_new ();
  choice->category_row = ADW_COMBO_ROW (adw_combo_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (choice->category_row), _("Category"));
  adw_combo_row_set_model (choice->category_row, G_LIST_MODEL (category_names));
  /* The dialog is narrow: the choice reads in full under the title. */
  adw_combo_row_set_use_subtitle (choice->category_row, TRUE);
  adw_combo_row_set_selected (choice->category_row, preselect);
  {
    g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

    g_signal_connect (factory, "setup", G_CALLBACK (setup_document_item), GINT_TO_POINTER (TRUE));
    g_signal_connect (factory, "bind", G_CALLBACK (bind_document_item), NULL);
    adw_combo_row_set_list_factory (choice->category_row, factory);
  }
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (choice->category_row));
  g_signal_connect (choice->category_row, "notify::selected", G_CALLBACK (merge_category_chosen), dialog);
  merge_category_chosen (choice->category_row, NULL, dialog);

  if (!item->same_span)
    {
      gtk_string_list_append (span_names, _("Every word any of them marked"));
      g_array_append_val (choice->spans, item->start);
      g_array_append_val (choice->spans, item->end);
      for (guint c = 0; c < item->claims->len; c++)
        {
          AttestClaim *claim = g_ptr_array_index (item->claims, c);
          g_autofree char *quote = short_quote (claim->quote);
          /* Translators: whose passage a merged claim covers, and its start */
          g_autofree char *name = g_strdup_printf (_("%s’s passage: “%s”"), claim->annotator, quote);

          gtk_string_list_append (span_names, name);
          g_array_append_val (choice->spans, claim->start);
          g_array_append_val (choice->spans, claim->end);
        }
      choice->span_row = ADW_COMBO_ROW (adw_combo_row_new ());
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (choice->span_row), _("Passage"));
      adw_combo_row_set_model (choice->span_row, G_LIST_MODEL (span_names));
      adw_combo_row_set_use_subtitle (choice->span_row, TRUE);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (choice->span_row));
    }
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), group);

  g_signal_connect_data (dialog, "response", G_CALLBACK (merge_response), choice,
                         (GClosureNotify) (void (*) (void)) merge_choice_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ------------------------------------------------------------- rows */

/* How the curator settled @item, in the app's words, or NULL while it is
 * open; the claim a jump shows in @out_claim. Mirrors what the store
 * refuses to curate twice (attest_store_curate_pick()). */
static char *
describe_resolution (AttestAnalysisWindow *self,
                     AttestComparisonItem *item,
                     char                **out_claim)
{
  AttestClaim *accepted = NULL;
  guint n_accepted = 0;
  guint n_rejected = 0;

  *out_claim = g_strdup (((AttestClaim *) g_ptr_array_index (item->claims, 0))->uuid);
  for (guint i = 0; i < item->claims->len; i++)
    {
      AttestClaim *claim = g_ptr_array_index (item->claims, i);
      g_autoptr(AttestClaim) merged = NULL;

      if (attest_store_get_curated_claim (self->store, claim->uuid, &merged, NULL) && merged)
        {
          g_free (*out_claim);
          *out_claim = g_strdup (merged->uuid);
          /* Translators: %s is a category, e.g. "Merged as Troop deployment" */
          return g_strdup_printf (_("Merged as %s"), category_label (self, merged->category));
        }
      if (g_str_equal (claim->status, "accepted"))
        {
          accepted = claim;
          n_accepted++;
        }
      n_rejected += g_str_equal (claim->status, "rejected");
    }

  if (n_rejected == item->claims->len)
    return g_strdup (item->claims->len > 1 ? _("All rejected") : _("Rejected"));
  if (n_accepted == 1 && n_accepted + n_rejected == item->claims->len)
    {
      g_free (*out_claim);
      *out_claim = g_strdup (accepted->uuid);
      if (item->claims->len == 1)
        return g_strdup (_("Accepted"));
      /* Translators: %s is an annotator, e.g. "Accepted Ana’s version" */
      return g_strdup_printf (_("Accepted %s’s version"), accepted->annotator);
    }
  /* Accepting both sides of a disagreement settles nothing: the curator
   * still has to choose. */
  if (n_accepted == item->claims->len && item->kind != ATTEST_COMPARISON_DISAGREEMENT)
    return g_strdup (_("Accepted"));
  return NULL;
}

static GtkWidget *
curate_button (AttestAnalysisWindow *self,
               const char           *label,
               const char           *tooltip,
               AttestComparisonItem *item,
               GCallback             callback)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, tooltip);
  g_object_set_data (G_OBJECT (button), "item", item);
  g_signal_connect (button, "clicked", callback, self);
  return button;
}

/* Accept on a disagreement: whose version. */
static GtkWidget *
pick_button (AttestAnalysisWindow *self,
             AttestComparisonItem *item)
{
  GtkWidget *menu_button = gtk_menu_button_new ();
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

  gtk_menu_button_set_label (GTK_MENU_BUTTON (menu_button), _("_Accept…"));
  gtk_menu_button_set_use_underline (GTK_MENU_BUTTON (menu_button), TRUE);
  gtk_widget_set_tooltip_text (menu_button, _("Accept one annotator’s version and reject the others"));
  gtk_widget_set_valign (menu_button, GTK_ALIGN_CENTER);
  for (guint c = 0; c < item->claims->len; c++)
    {
      AttestClaim *claim = g_ptr_array_index (item->claims, c);
      /* Translators: a choice in the Accept menu, e.g. "Ana’s Version: Troop deployment" */
      g_autofree char *label = g_strdup_printf (_("%s’s Version: %s"), claim->annotator,
                                                category_label (self, claim->category));
      GtkWidget *button = gtk_button_new_with_label (label);

      gtk_widget_add_css_class (button, "flat");
      gtk_label_set_xalign (GTK_LABEL (gtk_button_get_child (GTK_BUTTON (button))), 0);
      /* Long names and categories wrap: the menu fits a 360 px screen. */
      gtk_label_set_wrap (GTK_LABEL (gtk_button_get_child (GTK_BUTTON (button))), TRUE);
      gtk_label_set_max_width_chars (GTK_LABEL (gtk_button_get_child (GTK_BUTTON (button))), 30);
      g_object_set_data (G_OBJECT (button), "item", item);
      g_object_set_data (G_OBJECT (button), "claim", claim);
      g_signal_connect (button, "clicked", G_CALLBACK (on_pick), self);
      gtk_box_append (GTK_BOX (box), button);
    }
  gtk_popover_set_child (GTK_POPOVER (popover), box);
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (menu_button), popover);
  return menu_button;
}

static const char *
status_label (const char *status)
{
  return g_strcmp0 (status, "draft") == 0 ? C_("claim status", "draft")
       : g_strcmp0 (status, "accepted") == 0 ? C_("claim status", "accepted")
       : g_strcmp0 (status, "rejected") == 0 ? C_("claim status", "rejected")
       : status;
}

/* The row's claim to show in the main window. */
static void
on_row_activated (GtkListBox           *list,
                  GtkListBoxRow        *row,
                  AttestAnalysisWindow *self)
{
  const char *claim = g_object_get_data (G_OBJECT (row), "jump-claim");
  const char *document = g_object_get_data (G_OBJECT (row), "jump-document");
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));
  AttestWindow *window;

  if (!ATTEST_IS_WINDOW (parent) || claim == NULL)
    return;
  window = ATTEST_WINDOW (parent);
  /* The main window may have another database open by now. */
  if (attest_window_get_store (window) != self->store)
    {
      GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Could Not Show the Passage"),
                                                  _("The main window has another database open now."));

      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (dialog));
      return;
    }
  if (attest_window_open_document (window, document))
    attest_window_select_claim (window, claim);
  gtk_window_present (GTK_WINDOW (window));
}

static void
fill_curation (AttestAnalysisWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = NULL;
  guint selected = adw_combo_row_get_selected (self->curation_document_row);
  GtkWidget *scrolled_window = gtk_widget_get_ancestor (GTK_WIDGET (self->curation_list), GTK_TYPE_SCROLLED_WINDOW);
  GtkAdjustment *scroll = scrolled_window ? gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled_window))
                                          : NULL;
  double scrolled = scroll ? gtk_adjustment_get_value (scroll) : 0;
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
      GtkWidget *label = gtk_label_new (error->message);

      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_widget_set_margin_top (label, 12);
      gtk_widget_set_margin_bottom (label, 12);
      gtk_list_box_append (self->curation_list, label);
      return;
    }

  for (guint i = 0; i < items->len; i++)
    {
      AttestComparisonItem *item = g_ptr_array_index (items, i);
      GtkWidget *row = gtk_list_box_row_new ();
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
      GtkWidget *actions = gtk_flow_box_new ();
      GtkWidget *label;
      GString *detail = g_string_new (NULL);
      const char *kind = item->kind == ATTEST_COMPARISON_AGREEMENT ? C_("curation", "Agreement")
                       : item->kind == ATTEST_COMPARISON_DISAGREEMENT ? C_("curation", "Disagreement")
                       : C_("curation", "One-sided");
      g_autofree char *title = NULL;
      g_autofree char *jump = NULL;
      g_autofree char *resolution = describe_resolution (self, item, &jump);
      GtkWidget *buttons[3] = { NULL, NULL, NULL };

      for (guint c = 0; c < item->claims->len; c++)
        {
          AttestClaim *claim = g_ptr_array_index (item->claims, c);
          /* The words, not the line breaks and spaces around them. */
          g_autofree char *quote = g_strstrip (g_strdelimit (g_strdup (claim->quote ? claim->quote : ""),
                                                             "\n\t", ' '));

          if (c)
            g_string_append_c (detail, '\n');
          /* Translators: annotator: category, “quoted passage” (status) */
          g_string_append_printf (detail, _("%s: %s, “%s” (%s)"), claim->annotator,
                                  category_label (self, claim->category), quote,
                                  status_label (claim->status));
        }
      if (item->absent && item->absent[0])
        {
          g_autofree char *absent = g_strjoinv (", ", item->absent);
          g_string_append_printf (detail, _("\nNo claim here: %s"), absent);
        }

      /* Text above, decisions below: a row reads the same in a window
       * 360 pixels wide as in a wide one. */
      gtk_widget_set_margin_start (box, 12);
      gtk_widget_set_margin_end (box, 12);
      gtk_widget_set_margin_top (box, 10);
      gtk_widget_set_margin_bottom (box, 10);
      title = g_strdup_printf ("%s · %" G_GINT64_FORMAT "–%" G_GINT64_FORMAT, kind, item->start, item->end);
      label = gtk_label_new (title);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_widget_add_css_class (label, "heading");
      gtk_box_append (GTK_BOX (box), label);
      label = gtk_label_new (detail->str);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
      gtk_widget_add_css_class (label, "dim-label");
      gtk_box_append (GTK_BOX (box), label);
      g_string_free (detail, TRUE);

      if (resolution)
        {
          label = gtk_label_new (resolution);
          gtk_label_set_xalign (GTK_LABEL (label), 0);
          gtk_label_set_wrap (GTK_LABEL (label), TRUE);
          gtk_widget_add_css_class (label, "success");
          gtk_widget_add_css_class (label, "heading");
          gtk_box_append (GTK_BOX (box), label);
        }

      if (item->kind == ATTEST_COMPARISON_DISAGREEMENT)
        buttons[0] = pick_button (self, item);
      else
        {
          buttons[0] = curate_button (self, _("_Accept"), item->claims->len > 1 ? _("Accept these claims")
                                                                               : _("Accept this claim"),
                                      item, G_CALLBACK (on_set_status));
          g_object_set_data (G_OBJECT (buttons[0]), "status", (gpointer) "accepted");
        }
      buttons[1] = curate_button (self, _("_Reject"), item->claims->len > 1 ? _("Reject every version")
                                                                           : _("Reject this claim"),
                                  item, G_CALLBACK (on_set_status));
      g_object_set_data (G_OBJECT (buttons[1]), "status", (gpointer) "rejected");
      if (item->claims->len > 1)
        buttons[2] = curate_button (self, _("_Merge…"), _("Merge them into one claim, choosing its category"),
                                    item, G_CALLBACK (on_merge));
      /* A flow box: the buttons go onto a second line where one line is
       * too narrow (Russian in 360 px), never widening the window. */
      gtk_flow_box_set_selection_mode (GTK_FLOW_BOX (actions), GTK_SELECTION_NONE);
      gtk_flow_box_set_column_spacing (GTK_FLOW_BOX (actions), 6);
      gtk_flow_box_set_row_spacing (GTK_FLOW_BOX (actions), 6);
      gtk_flow_box_set_min_children_per_line (GTK_FLOW_BOX (actions), 1);
      gtk_flow_box_set_max_children_per_line (GTK_FLOW_BOX (actions), 3);
      gtk_widget_set_margin_top (actions, 4);
      for (guint b = 0; b < G_N_ELEMENTS (buttons); b++)
        if (buttons[b])
          {
            /* Settled rows cannot be curated twice (the store refuses too);
             * nothing can be curated in a read-only database. */
            gtk_widget_set_sensitive (buttons[b], resolution == NULL && !attest_store_is_read_only (self->store));
            gtk_flow_box_append (GTK_FLOW_BOX (actions), buttons[b]);
            /* Tab goes to the button, not to the cell around it. */
            gtk_widget_set_focusable (gtk_widget_get_parent (buttons[b]), FALSE);
          }
      gtk_box_append (GTK_BOX (box), actions);
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
      g_object_set_data_full (G_OBJECT (row), "title", g_steal_pointer (&title), g_free);

      /* Activating the row shows its passage in the main window. */
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      gtk_widget_set_tooltip_text (row, _("Show in the article"));
      g_object_set_data_full (G_OBJECT (row), "jump-claim", g_steal_pointer (&jump), g_free);
      g_object_set_data_full (G_OBJECT (row), "jump-document", g_strdup (doc->uuid), g_free);

      /* The row keeps the item alive for its buttons. */
      g_object_set_data_full (G_OBJECT (row), "item", g_ptr_array_steal_index (items, i--),
                              (GDestroyNotify) attest_comparison_item_free);
      gtk_list_box_append (self->curation_list, row);
    }

  /* Rebuilt after each decision: the curator stays where they were. */
  if (scroll)
    gtk_adjustment_set_value (scroll, scrolled);
  if (self->focus_row >= 0 && gtk_list_box_get_row_at_index (self->curation_list, self->focus_row))
    gtk_widget_grab_focus (GTK_WIDGET (gtk_list_box_get_row_at_index (self->curation_list, self->focus_row)));
  self->focus_row = -1;
}

/* ------------------------------------------------------------- reloading */

static gboolean
load_categories (AttestAnalysisWindow *self,
                 GError              **error)
{
  g_autoptr(GPtrArray) cats = attest_store_list_categories (self->store, TRUE, error);

  if (cats == NULL)
    return FALSE;
  g_hash_table_remove_all (self->categories);
  for (guint i = 0; i < cats->len; i++)
    {
      AttestCategory *c = g_ptr_array_index (cats, i);
      g_hash_table_insert (self->categories, c->key, g_object_ref (c));
    }
  return TRUE;
}

/* The articles of the curation page, keeping the one shown. */
static gboolean
load_documents (AttestAnalysisWindow *self,
                GError              **error)
{
  g_autoptr(GPtrArray) documents = attest_store_list_documents (self->store, error);
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autofree char *shown = NULL;
  guint selected = adw_combo_row_get_selected (self->curation_document_row);
  guint select = 0;

  if (documents == NULL)
    return FALSE;
  if (self->documents && selected < self->documents->len)
    shown = g_strdup (((AttestDocument *) g_ptr_array_index (self->documents, selected))->uuid);
  for (guint i = 0; i < documents->len; i++)
    {
      AttestDocument *doc = g_ptr_array_index (documents, i);
      g_autofree char *label = document_label (doc);

      gtk_string_list_append (names, label);
      if (shown && g_str_equal (doc->uuid, shown))
        select = i;
    }
  g_clear_pointer (&self->documents, g_ptr_array_unref);
  self->documents = g_steal_pointer (&documents);

  g_signal_handlers_block_by_func (self->curation_document_row, fill_curation, self);
  adw_combo_row_set_model (self->curation_document_row, G_LIST_MODEL (names));
  adw_combo_row_set_selected (self->curation_document_row, select);
  g_signal_handlers_unblock_by_func (self->curation_document_row, fill_curation, self);
  return TRUE;
}

/* Everything again as the store has it now. */
static void
reload (AttestAnalysisWindow *self)
{
  g_autoptr(GError) error = NULL;

  if (self->store == NULL)
    return;
  if (!load_categories (self, &error) || !load_documents (self, &error))
    {
      gtk_label_set_text (self->summary_label, error->message);
      return;
    }
  fill_statistics (self);
  fill_agreement (self);
  fill_curation (self);
}

/* The main window's own edits do not emit ::changed: coming back to this
 * window after working there shows them. (Only after the main window was
 * active: this window's popovers and dialogs also make it inactive.) */
static void
parent_active_changed (AttestAnalysisWindow *self)
{
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));

  if (parent && gtk_window_is_active (parent))
    self->left = TRUE;
}

static void
active_changed (AttestAnalysisWindow *self)
{
  if (gtk_window_is_active (GTK_WINDOW (self)) && self->left)
    {
      self->left = FALSE;
      reload (self);
    }
}

/* ---------------------------------------------------------------- class */

static void
attest_analysis_window_dispose (GObject *object)
{
  AttestAnalysisWindow *self = ATTEST_ANALYSIS_WINDOW (object);

  if (self->store)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_clear_object (&self->store);
  g_clear_pointer (&self->charts, g_ptr_array_unref);
  g_clear_pointer (&self->documents, g_ptr_array_unref);
  g_clear_pointer (&self->categories, g_hash_table_unref);
  g_clear_pointer (&self->undo_claims, g_strfreev);
  g_clear_pointer (&self->undo_statuses, g_strfreev);
  g_clear_pointer (&self->undo_curated, g_free);
  g_clear_weak_pointer (&self->undo_toast);

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
  gtk_widget_class_bind_template_child (widget_class, AttestAnalysisWindow, toast_overlay);
  gtk_widget_class_install_action (widget_class, "analysis.undo", NULL, undo_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK, "analysis.undo", NULL);
  gtk_widget_class_install_action (widget_class, "analysis.export", "s", export_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
attest_analysis_window_init (AttestAnalysisWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->charts = g_ptr_array_new ();
  self->focus_row = -1;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "analysis.undo", FALSE);
  {
    GtkWidget *empty = gtk_label_new (_("Nobody has marked a claim in this article yet."));

    gtk_widget_add_css_class (empty, "dim-label");
    gtk_label_set_wrap (GTK_LABEL (empty), TRUE);
    gtk_widget_set_margin_top (empty, 18);
    gtk_widget_set_margin_bottom (empty, 18);
    gtk_widget_set_margin_start (empty, 12);
    gtk_widget_set_margin_end (empty, 12);
    gtk_list_box_set_placeholder (self->curation_list, empty);
  }
  self->categories = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_object_unref);
}

AttestAnalysisWindow *
attest_analysis_window_new (GtkWindow   *parent,
                            AttestStore *store,
                            GError     **error)
{
  AttestAnalysisWindow *self = g_object_new (ATTEST_TYPE_ANALYSIS_WINDOW, "transient-for", parent, NULL);

  self->store = g_object_ref (store);
  if (!load_categories (self, error) || !load_documents (self, error))
    {
      gtk_window_destroy (GTK_WINDOW (self));
      return NULL;
    }

  {
    g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

    g_signal_connect (factory, "setup", G_CALLBACK (setup_document_item), NULL);
    g_signal_connect (factory, "bind", G_CALLBACK (bind_document_item), NULL);
    adw_combo_row_set_factory (self->curation_document_row, factory);
  }
  fill_statistics (self);
  fill_agreement (self);
  g_signal_connect_swapped (self->curation_document_row, "notify::selected", G_CALLBACK (fill_curation), self);
  fill_curation (self);
  /* A teammate's commit, or this window's own decision. */
  g_signal_connect_object (store, "changed", G_CALLBACK (reload), self, G_CONNECT_SWAPPED);
  g_signal_connect (self, "notify::is-active", G_CALLBACK (active_changed), NULL);
  if (parent)
    g_signal_connect_object (parent, "notify::is-active", G_CALLBACK (parent_active_changed), self,
                             G_CONNECT_SWAPPED);
  g_signal_connect (self->curation_list, "row-activated", G_CALLBACK (on_row_activated), self);
  return self;
}

void
attest_analysis_window_show_page (AttestAnalysisWindow *self,
                                  const char           *page)
{
  g_return_if_fail (ATTEST_IS_ANALYSIS_WINDOW (self));
  adw_view_stack_set_visible_child_name (self->view_stack, page);
}
