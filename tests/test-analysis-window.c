/* test-analysis-window.c — the curation page as a curator uses it, under
 * Xvfb, in-process with the main window: Ana and Boris agree on one claim
 * of article 3 and disagree on another; the curator accepts one version
 * (exactly one claim accepted, the row says whose, its buttons go
 * insensitive, the main window's claims follow at once), merges with a
 * category they choose, jumps from a row to its passage, and sees a
 * teammate's claim arrive. Screenshots analysis-window-*.png go to the
 * build directory. */
#include "config.h"

#include <glib/gi18n.h>

#include "test-window-fixture.h"

#include "attest-bar-chart.h"
#include "attest-document-list.h"

typedef struct {
  Fixture               w;
  AttestAnalysisWindow *analysis;
  char                 *ana;     /* Ana's [1200,1260) debt-deal */
  char                 *boris;   /* Boris's [1190,1260) military-base */
} Curation;

/* A claim's row id as a ref (valid until the next call). */
static const char *
id_ref (gint64 id)
{
  static char ref[32];

  g_snprintf (ref, sizeof ref, "%" G_GINT64_FORMAT, id);
  return ref;
}

static void
curation_set_up (Curation      *c,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestStore) boris = NULL;
  g_autoptr(GArray) ana = NULL;
  g_autoptr(GArray) theirs = NULL;
  g_autoptr(AttestClaim) ana_debt = NULL;
  g_autoptr(AttestClaim) boris_base = NULL;
  const AttestClaimSpec ana_specs[] = {
    { 1453, 1479, "troop-deployment", NULL, NULL },
    { 1200, 1260, "debt-deal", NULL, NULL },
  };
  const AttestClaimSpec boris_specs[] = {
    { 1453, 1479, "troop-deployment", NULL, NULL },   /* agrees with Ana */
    { 1190, 1260, "military-base", NULL, NULL },      /* overlaps, differs */
  };

  fixture_set_up (&c->w, data);
  boris = attest_store_open (c->w.db, ATTEST_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_true (attest_store_set_annotator (boris, "Boris", NULL));
  ana = attest_store_add_claims (c->w.store, "3", ana_specs, 2, &error);
  g_assert_no_error (error);
  theirs = attest_store_add_claims (boris, "3", boris_specs, 2, &error);
  g_assert_no_error (error);
  ana_debt = attest_store_get_claim (c->w.store, id_ref (g_array_index (ana, gint64, 1)), &error);
  boris_base = attest_store_get_claim (c->w.store, id_ref (g_array_index (theirs, gint64, 1)), &error);
  g_assert_no_error (error);
  g_assert_cmpint (ana_debt->start, ==, 1200);
  g_assert_cmpint (boris_base->start, ==, 1190);
  c->ana = g_strdup (ana_debt->uuid);
  c->boris = g_strdup (boris_base->uuid);
  g_clear_object (&boris);
  /* Ana's claims were written through the window's own connection, which
   * the poll does not notice: the window is told, as a teammate's commit
   * would tell it. */
  g_signal_emit_by_name (c->w.store, "changed");
  /* The curator works in the main window's store. */
  g_assert_true (attest_store_set_annotator (c->w.store, "Cora Curator", NULL));

  g_assert_true (attest_window_open_document (c->w.window, "3"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (c->w.window), "win.analysis", NULL));
  attest_test_spin (200);
  for (GList *l = gtk_window_list_toplevels (); l; l = g_list_delete_link (l, l))
    if (ATTEST_IS_ANALYSIS_WINDOW (l->data))
      c->analysis = l->data;
  g_assert_nonnull (c->analysis);
  g_object_add_weak_pointer (G_OBJECT (c->analysis), (gpointer *) &c->analysis);
  gtk_window_set_default_size (GTK_WINDOW (c->analysis), 1000, 800);
  attest_analysis_window_show_page (c->analysis, "curation");
  /* Article 3 is the third in the list. */
  adw_combo_row_set_selected (ADW_COMBO_ROW (gtk_widget_get_template_child (GTK_WIDGET (c->analysis),
                                                                            ATTEST_TYPE_ANALYSIS_WINDOW,
                                                                            "curation_document_row")), 2);
  g_assert_true (attest_test_wait_for_text (GTK_WIDGET (c->analysis), "Disagreement · 1190–1260"));
}

static void
curation_tear_down (Curation      *c,
                    gconstpointer  data)
{
  if (c->analysis)
    gtk_window_destroy (GTK_WINDOW (c->analysis));
  attest_test_spin (50);
  g_assert_null (c->analysis);
  fixture_tear_down (&c->w, data);
  g_free (c->ana);
  g_free (c->boris);
}

/* ---------------------------------------------------------- finding */

static GtkListBox *
curation_list (Curation *c)
{
  return GTK_LIST_BOX (gtk_widget_get_template_child (GTK_WIDGET (c->analysis), ATTEST_TYPE_ANALYSIS_WINDOW,
                                                      "curation_list"));
}

/* The row whose title starts with @title (and shows it). */
static GtkListBoxRow *
row_titled (Curation   *c,
            const char *title)
{
  GtkListBox *list = curation_list (c);

  for (int i = 0; gtk_list_box_get_row_at_index (list, i); i++)
    {
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (list, i);
      const char *shown = g_object_get_data (G_OBJECT (row), "title");

      if (shown && g_str_has_prefix (shown, title))
        {
          g_assert_true (attest_test_shows_text (GTK_WIDGET (row), shown));
          return row;
        }
    }
  return NULL;
}

/* The first widget of @type under @widget whose label is @label (NULL: any). */
static GtkWidget *
find_button (GtkWidget  *widget,
             GType       type,
             const char *label)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    {
      const char *text = GTK_IS_MENU_BUTTON (widget) ? gtk_menu_button_get_label (GTK_MENU_BUTTON (widget))
                                                     : gtk_button_get_label (GTK_BUTTON (widget));

      if (label == NULL || g_strcmp0 (text, label) == 0)
        return widget;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button (child, type, label);

      if (found)
        return found;
    }
  return NULL;
}

/* Whether every button of @row is insensitive (and there are some). */
static guint
count_buttons (GtkWidget *widget,
               gboolean   sensitive)
{
  guint n = 0;

  if ((GTK_IS_BUTTON (widget) || GTK_IS_MENU_BUTTON (widget)) && gtk_widget_get_sensitive (widget) == sensitive &&
      gtk_widget_get_mapped (widget))
    n++;
  /* A menu button's own GtkToggleButton is counted once, through it. */
  if (GTK_IS_MENU_BUTTON (widget))
    return n;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    n += count_buttons (child, sensitive);
  return n;
}

static void
find_combo_rows (GtkWidget *widget,
                 GPtrArray *into)
{
  if (ADW_IS_COMBO_ROW (widget))
    {
      g_ptr_array_add (into, widget);
      return;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    find_combo_rows (child, into);
}

static GtkWidget *
find_toplevel (GType type)
{
  GtkWidget *found = NULL;

  for (GList *l = gtk_window_list_toplevels (); l; l = g_list_delete_link (l, l))
    if (G_TYPE_CHECK_INSTANCE_TYPE (l->data, type) && gtk_widget_get_visible (l->data))
      found = l->data;
  return found;
}

/* The statistics page's summary, shown or not. */
static const char *
summary (Curation *c)
{
  return gtk_label_get_text (GTK_LABEL (gtk_widget_get_template_child (GTK_WIDGET (c->analysis),
                                                                       ATTEST_TYPE_ANALYSIS_WINDOW,
                                                                       "summary_label")));
}

/* The claim count the main window's sidebar shows for article @id. */
static gint64
sidebar_count (Curation *c,
               gint64    id)
{
  AttestDocumentList *list = ATTEST_DOCUMENT_LIST (gtk_widget_get_template_child (GTK_WIDGET (c->w.window),
                                                                                 ATTEST_TYPE_WINDOW,
                                                                                 "document_list"));
  GListModel *model = attest_document_list_get_model (list);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(AttestDocument) doc = g_list_model_get_item (model, i);

      if (doc->id == id)
        return doc->claim_count;
    }
  return -1;
}

static AttestClaim *
claim_in_view (Curation   *c,
               gint64      offset,
               const char *uuid)
{
  g_autoptr(GPtrArray) under = attest_article_view_claims_at (article_view (&c->w), offset);

  for (guint i = 0; i < under->len; i++)
    if (g_str_equal (((AttestClaim *) g_ptr_array_index (under, i))->uuid, uuid))
      return g_object_ref (g_ptr_array_index (under, i));
  return NULL;
}

static char *
status_of (Curation   *c,
           const char *uuid)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestClaim) claim = attest_store_get_claim (c->w.store, uuid, &error);

  g_assert_no_error (error);
  return g_strdup (claim->status);
}

/* ------------------------------------------------------------ tests */

/* Accept on a disagreement: Boris's version, and only his. */
static void
test_accept_version (Curation      *c,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) accepted = NULL;
  g_autoptr(AttestClaim) in_view = NULL;
  g_autoptr(AttestClaim) ana_in_view = NULL;
  g_autofree char *ana_status = NULL;
  AttestClaimFilter filter = { .document = "3", .status = "accepted" };
  GtkListBoxRow *row = row_titled (c, "Disagreement");
  GtkWidget *accept;
  GtkWidget *popover;
  GtkWidget *pick;

  g_assert_nonnull (row);
  g_assert_cmpuint (count_buttons (GTK_WIDGET (row), TRUE), ==, 3);
  accept = find_button (GTK_WIDGET (row), GTK_TYPE_MENU_BUTTON, "_Accept…");
  g_assert_nonnull (accept);
  gtk_menu_button_popup (GTK_MENU_BUTTON (accept));
  popover = GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (accept)));
  {
    gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

    while (!gtk_widget_get_mapped (popover) && g_get_monotonic_time () < deadline)
      g_main_context_iteration (NULL, FALSE);
  }
  g_assert_true (gtk_widget_get_mapped (popover));
  g_assert_nonnull (find_button (popover, GTK_TYPE_BUTTON, "Ana Analyst’s Version: Debt and financial deal"));
  pick = find_button (popover, GTK_TYPE_BUTTON, "Boris’s Version: Military base and basing rights");
  g_assert_nonnull (pick);
  g_signal_emit_by_name (pick, "clicked");

  /* Exactly one claim accepted: Boris's; Ana's rejected. */
  accepted = attest_store_list_claims (c->w.store, &filter, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (accepted->len, ==, 1);
  g_assert_cmpstr (((AttestClaim *) g_ptr_array_index (accepted, 0))->uuid, ==, c->boris);
  ana_status = status_of (c, c->ana);
  g_assert_cmpstr (ana_status, ==, "rejected");

  /* At once, with no main loop turn: the main window's claims follow. */
  in_view = claim_in_view (c, 1230, c->boris);
  ana_in_view = claim_in_view (c, 1230, c->ana);
  g_assert_nonnull (in_view);
  g_assert_nonnull (ana_in_view);
  g_assert_cmpstr (in_view->status, ==, "accepted");
  g_assert_cmpstr (ana_in_view->status, ==, "rejected");

  /* The row says how it was settled; none of its buttons works again. */
  attest_test_spin (50);
  row = row_titled (c, "Disagreement");
  g_assert_nonnull (row);
  g_assert_true (attest_test_shows_text (GTK_WIDGET (row), "Accepted Boris’s version"));
  g_assert_true (attest_test_shows_text (GTK_WIDGET (row), "Boris: Military base and basing rights"));
  g_assert_cmpuint (count_buttons (GTK_WIDGET (row), TRUE), ==, 0);
  g_assert_cmpuint (count_buttons (GTK_WIDGET (row), FALSE), ==, 3);
  /* The agreement is still open. */
  g_assert_cmpuint (count_buttons (GTK_WIDGET (row_titled (c, "Agreement")), TRUE), ==, 3);
  screenshot (GTK_WIDGET (c->analysis), "analysis-window-accepted.png");
  /* The statistics count the decision: a chart of claims per status,
   * first (its counts are checked in test-curation). */
  attest_analysis_window_show_page (c->analysis, "statistics");
  {
    GtkWidget *box = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (c->analysis), ATTEST_TYPE_ANALYSIS_WINDOW,
                                                                "statistics_box"));
    GtkWidget *first = gtk_widget_get_next_sibling (gtk_widget_get_first_child (box));

    g_assert_true (ATTEST_IS_BAR_CHART (first));
    g_assert_cmpuint (attest_bar_chart_get_n_bars (ATTEST_BAR_CHART (first)), ==, 3);
  }
  screenshot (GTK_WIDGET (c->analysis), "analysis-window-statistics.png");

  /* Jumping from the settled row shows the accepted claim. */
  g_assert_true (attest_window_open_document (c->w.window, "1"));
  g_assert_null (attest_window_get_selected_claim (c->w.window));
  /* The rows are built again when the store changes (the main window's
   * reload may come after the decision): the row is found again, not
   * reused (a freed row, 4 runs in 6 on a fresh build). */
  row = NULL;
  for (int i = 0; !row && gtk_list_box_get_row_at_index (curation_list (c), i); i++)
    {
      GtkListBoxRow *r = gtk_list_box_get_row_at_index (curation_list (c), i);

      if (g_str_has_prefix (g_object_get_data (G_OBJECT (r), "title"), "Disagreement"))
        row = r;
    }
  g_assert_nonnull (row);
  g_signal_emit_by_name (curation_list (c), "row-activated", row);
  g_assert_cmpstr (attest_window_get_selected_claim (c->w.window), ==, c->boris);
  g_assert_cmpstr (attest_article_view_get_selected_claim (article_view (&c->w)), ==, c->boris);
}

static GtkLabel *
find_label_text (GtkWidget  *w,
                 const char *text)
{
  if (GTK_IS_LABEL (w) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (w)), text) == 0)
    return GTK_LABEL (w);
  for (GtkWidget *ch = gtk_widget_get_first_child (w); ch; ch = gtk_widget_get_next_sibling (ch))
    {
      GtkLabel *found = find_label_text (ch, text);

      if (found)
        return found;
    }
  return NULL;
}

/* Merge: the category is the curator's choice (nothing is preselected
 * when the annotators differ), over the passage they choose. */
static void
test_merge (Curation      *c,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(AttestClaim) curated = NULL;
  g_autoptr(AttestClaim) in_view = NULL;
  g_autofree char *ana_status = NULL;
  GtkListBoxRow *row = row_titled (c, "Disagreement");
  AdwMessageDialog *dialog;
  AdwComboRow *category = NULL;
  AdwComboRow *passage = NULL;
  GListModel *names;
  guint military = GTK_INVALID_LIST_POSITION;

  g_assert_true (g_str_has_prefix (summary (c), "4 claims, 0 links"));
  g_assert_cmpint (sidebar_count (c, 3), ==, 4);
  g_signal_emit_by_name (find_button (GTK_WIDGET (row), GTK_TYPE_BUTTON, "_Merge…"), "clicked");
  attest_test_spin (200);
  dialog = ADW_MESSAGE_DIALOG (find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_nonnull (dialog);
  /* The two combo rows: category, then passage. */
  {
    g_autoptr(GPtrArray) rows = g_ptr_array_new ();

    find_combo_rows (adw_message_dialog_get_extra_child (dialog), rows);
    g_assert_cmpuint (rows->len, ==, 2);
    category = g_ptr_array_index (rows, 0);
    passage = g_ptr_array_index (rows, 1);
  }
  g_assert_nonnull (category);
  g_assert_nonnull (passage);
  g_assert_cmpuint (adw_combo_row_get_selected (category), ==, GTK_INVALID_LIST_POSITION);
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "merge"));
  /* The choices say in full who chose what: they wrap, never ellipsize. */
  {
    GtkListItemFactory *factory = adw_combo_row_get_list_factory (category);

    g_assert_nonnull (factory);
    g_assert_true (GTK_IS_SIGNAL_LIST_ITEM_FACTORY (factory));
  }
  gtk_widget_activate (GTK_WIDGET (category));
  attest_test_spin (200);
  {
    GtkLabel *choice_label = find_label_text (GTK_WIDGET (category), "Military base and basing rights (Boris)");

    g_assert_nonnull (choice_label);
    g_assert_true (gtk_label_get_wrap (choice_label));
    g_assert_cmpint (gtk_label_get_ellipsize (choice_label), ==, PANGO_ELLIPSIZE_NONE);
  }
  names = adw_combo_row_get_model (category);
  for (guint i = 0; i < g_list_model_get_n_items (names); i++)
    if (g_str_equal (gtk_string_list_get_string (GTK_STRING_LIST (names), i),
                     "Military base and basing rights (Boris)"))
      military = i;
  g_assert_cmpuint (military, !=, GTK_INVALID_LIST_POSITION);
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (adw_combo_row_get_model (passage)), 1), ==,
                   "Ana Analyst’s passage: “may signify Russia’s entry into this…”");
  adw_combo_row_set_selected (category, military);
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "merge"));
  adw_combo_row_set_selected (passage, 1);   /* Ana's [1200,1260) */
  screenshot (GTK_WIDGET (dialog), "analysis-window-merge.png");
  adw_message_dialog_response (dialog, "merge");
  attest_test_spin (100);

  /* One curated claim: Boris's category over Ana's passage. */
  g_assert_true (attest_store_get_curated_claim (c->w.store, c->ana, &curated, &error));
  g_assert_no_error (error);
  g_assert_nonnull (curated);
  g_assert_cmpstr (curated->category, ==, "military-base");
  g_assert_cmpint (curated->start, ==, 1200);
  g_assert_cmpint (curated->end, ==, 1260);
  g_assert_cmpstr (curated->status, ==, "accepted");
  g_assert_cmpstr (curated->annotator, ==, "Cora Curator");
  ana_status = status_of (c, c->ana);
  g_assert_cmpstr (ana_status, ==, "draft");
  all = claims (&c->w);
  g_assert_cmpuint (all->len, ==, 5);
  in_view = claim_in_view (c, 1230, curated->uuid);
  g_assert_nonnull (in_view);
  /* The sidebar counts it at once too. */
  g_assert_cmpint (sidebar_count (c, 3), ==, 5);

  /* The row says so and cannot be merged again; the statistics count
   * the new claim. */
  row = row_titled (c, "Disagreement");
  g_assert_true (attest_test_shows_text (GTK_WIDGET (row), "Merged as Military base and basing rights"));
  g_assert_cmpuint (count_buttons (GTK_WIDGET (row), TRUE), ==, 0);
  g_assert_true (g_str_has_prefix (summary (c), "5 claims, 0 links"));
  screenshot (GTK_WIDGET (c->analysis), "analysis-window-merged.png");

  /* A jump from it shows the curated claim. */
  g_signal_emit_by_name (curation_list (c), "row-activated", row);
  g_assert_cmpstr (attest_window_get_selected_claim (c->w.window), ==, curated->uuid);

  /* Undone: the curated claim goes, the row is open again. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (c->analysis), "analysis.undo", NULL));
  g_clear_object (&curated);
  g_assert_true (attest_store_get_curated_claim (c->w.store, c->ana, &curated, &error));
  g_assert_no_error (error);
  g_assert_null (curated);
  g_clear_pointer (&all, g_ptr_array_unref);
  all = claims (&c->w);
  g_assert_cmpuint (all->len, ==, 4);
  g_assert_cmpint (sidebar_count (c, 3), ==, 4);
  row = row_titled (c, "Disagreement");
  g_assert_cmpuint (count_buttons (GTK_WIDGET (row), TRUE), ==, 3);
}

/* An open row jumps to its first claim, in the article it is in. */
static void
test_jump (Curation      *c,
           gconstpointer  data)
{
  GtkListBoxRow *row = row_titled (c, "Agreement");
  g_autoptr(GPtrArray) all = claims (&c->w);
  const char *first = NULL;

  for (guint i = 0; i < all->len; i++)
    {
      AttestClaim *claim = g_ptr_array_index (all, i);

      if (claim->start == 1453 && g_str_equal (claim->annotator, "Ana Analyst"))
        first = claim->uuid;
    }
  g_assert_nonnull (first);
  g_assert_true (attest_window_open_document (c->w.window, "1"));
  g_assert_true (gtk_list_box_row_get_activatable (row));
  g_assert_true (gtk_widget_activate (GTK_WIDGET (row)));
  attest_test_spin (50);
  g_assert_cmpstr (attest_window_get_selected_claim (c->w.window), ==, first);
  g_assert_cmpstr (attest_article_view_get_selected_claim (article_view (&c->w)), ==, first);
}

/* A teammate's commit reaches every page: the statistics, the agreement
 * and the curation rows. */
static void
test_teammate (Curation      *c,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestStore) cleo = attest_store_open (c->w.db, ATTEST_STORE_OPEN_DEFAULT, &error);
  g_autoptr(AttestClaim) claim = NULL;

  g_assert_no_error (error);
  g_assert_true (attest_store_set_annotator (cleo, "Cleo", NULL));
  claim = attest_store_add_claim (cleo, "3", 2000, 2040, "troop-deployment", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (attest_test_wait_for_text (GTK_WIDGET (c->analysis), "One-sided · 2000–2040"));
  g_assert_true (attest_test_shows_text (GTK_WIDGET (c->analysis), "Cleo: Troop deployment"));
  attest_analysis_window_show_page (c->analysis, "statistics");
  g_assert_true (attest_test_wait_for_text (GTK_WIDGET (c->analysis), "5 claims, 0 links"));
  attest_analysis_window_show_page (c->analysis, "agreement");
  g_assert_true (attest_test_wait_for_text (GTK_WIDGET (c->analysis), "Ana Analyst, Boris, Cleo, on 1 article"));
  g_assert_true (attest_test_shows_text (GTK_WIDGET (c->analysis),
                                         "5 claims in all (Ana Analyst: 2 claims, Boris: 2 claims, Cleo: 1 claim)."));
  screenshot (GTK_WIDGET (c->analysis), "analysis-window-agreement.png");
  g_clear_object (&cleo);
}

/* Undo puts a pick back: both claims drafts again, the row open. */
static void
test_undo (Curation      *c,
           gconstpointer  data)
{
  GtkListBoxRow *row = row_titled (c, "Disagreement");
  GtkWidget *accept = find_button (GTK_WIDGET (row), GTK_TYPE_MENU_BUTTON, "_Accept…");
  GtkWidget *popover = GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (accept)));
  g_autofree char *ana_after = NULL;
  g_autofree char *ana_undone = NULL;
  g_autofree char *boris_undone = NULL;

  /* Nothing to undo yet: undoing changes nothing. */
  gtk_widget_activate_action (GTK_WIDGET (c->analysis), "analysis.undo", NULL);
  {
    g_autoptr(GPtrArray) all = claims (&c->w);
    g_autofree char *ana = status_of (c, c->ana);

    g_assert_cmpuint (all->len, ==, 4);
    g_assert_cmpstr (ana, ==, "draft");
  }
  g_signal_emit_by_name (find_button (popover, GTK_TYPE_BUTTON, "Ana Analyst’s Version: Debt and financial deal"),
                         "clicked");
  ana_after = status_of (c, c->ana);
  g_assert_cmpstr (ana_after, ==, "accepted");
  row = row_titled (c, "Disagreement");
  g_assert_true (attest_test_shows_text (GTK_WIDGET (row), "Accepted Ana Analyst’s version"));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (c->analysis), "analysis.undo", NULL));
  ana_undone = status_of (c, c->ana);
  boris_undone = status_of (c, c->boris);
  g_assert_cmpstr (ana_undone, ==, "draft");
  g_assert_cmpstr (boris_undone, ==, "draft");
  row = row_titled (c, "Disagreement");
  g_assert_cmpuint (count_buttons (GTK_WIDGET (row), TRUE), ==, 3);
  g_assert_false (attest_test_shows_text (GTK_WIDGET (row), "Accepted Ana Analyst’s version"));
}

/* Settled elsewhere while the row still offers its buttons: the store
 * refuses the second decision, the curator is told in plain words, and
 * the row then shows the first decision. */
static void
test_settled_meanwhile (Curation      *c,
                        gconstpointer  data)
{
  const char *pair[] = { c->ana, c->boris, NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *ana = NULL;
  g_autofree char *boris = NULL;
  GtkListBoxRow *row = row_titled (c, "Disagreement");
  GtkWidget *accept = find_button (GTK_WIDGET (row), GTK_TYPE_MENU_BUTTON, "_Accept…");
  GtkWidget *popover = GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (accept)));
  AdwMessageDialog *dialog;

  /* Through the window's own connection: nothing tells the window. */
  g_assert_true (attest_store_curate_pick (c->w.store, pair, c->ana, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_buttons (GTK_WIDGET (row), TRUE), ==, 3);

  g_signal_emit_by_name (find_button (popover, GTK_TYPE_BUTTON, "Boris’s Version: Military base and basing rights"),
                         "clicked");
  dialog = ADW_MESSAGE_DIALOG (find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Could Not Curate");
  g_assert_cmpstr (adw_message_dialog_get_body (dialog), ==,
                   "These claims were settled meanwhile, perhaps by a teammate. The list now shows how.");
  adw_message_dialog_response (dialog, "close");

  ana = status_of (c, c->ana);
  boris = status_of (c, c->boris);
  g_assert_cmpstr (ana, ==, "accepted");
  g_assert_cmpstr (boris, ==, "rejected");
  row = row_titled (c, "Disagreement");
  g_assert_true (attest_test_shows_text (GTK_WIDGET (row), "Accepted Ana Analyst’s version"));
  g_assert_cmpuint (count_buttons (GTK_WIDGET (row), TRUE), ==, 0);
  attest_test_spin (50);
}

/* A database open read-only can be studied, not curated: every decision
 * button is insensitive, rows still jump. */
static void
test_read_only (Curation      *c,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestStore) reader = attest_store_open (c->w.db, ATTEST_STORE_OPEN_READ_ONLY, &error);
  AttestAnalysisWindow *analysis;
  GtkListBox *list;
  guint rows = 0;

  g_assert_no_error (error);
  analysis = attest_analysis_window_new (NULL, reader, &error);
  g_assert_no_error (error);
  gtk_window_present (GTK_WINDOW (analysis));
  attest_analysis_window_show_page (analysis, "curation");
  adw_combo_row_set_selected (ADW_COMBO_ROW (gtk_widget_get_template_child (GTK_WIDGET (analysis),
                                                                            ATTEST_TYPE_ANALYSIS_WINDOW,
                                                                            "curation_document_row")), 2);
  g_assert_true (attest_test_wait_for_text (GTK_WIDGET (analysis), "Disagreement · 1190–1260"));
  list = GTK_LIST_BOX (gtk_widget_get_template_child (GTK_WIDGET (analysis), ATTEST_TYPE_ANALYSIS_WINDOW,
                                                      "curation_list"));
  for (int i = 0; gtk_list_box_get_row_at_index (list, i); i++)
    {
      GtkWidget *row = GTK_WIDGET (gtk_list_box_get_row_at_index (list, i));

      g_assert_cmpuint (count_buttons (row, TRUE), ==, 0);
      g_assert_cmpuint (count_buttons (row, FALSE), ==, 3);
      rows++;
    }
  g_assert_cmpuint (rows, ==, 2);
  gtk_window_destroy (GTK_WINDOW (analysis));
  attest_test_spin (50);
  g_clear_object (&reader);
}

static GtkLabel *
find_middle_ellipsized (GtkWidget *w)
{
  if (GTK_IS_LABEL (w) && gtk_label_get_ellipsize (GTK_LABEL (w)) == PANGO_ELLIPSIZE_MIDDLE &&
      gtk_widget_get_mapped (w))
    return GTK_LABEL (w);
  for (GtkWidget *ch = gtk_widget_get_first_child (w); ch; ch = gtk_widget_get_next_sibling (ch))
    {
      GtkLabel *found = find_middle_ellipsized (ch);

      if (found)
        return found;
    }
  return NULL;
}

/* Articles of one outlet differ at the end of their names: the Article
 * dropdown ellipsizes in the middle so the end (the issue) stays visible. */
static void
test_article_names (Curation      *c,
                    gconstpointer  data)
{
  GtkWidget *row = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (c->analysis), ATTEST_TYPE_ANALYSIS_WINDOW,
                                                              "curation_document_row"));
  GListModel *model = adw_combo_row_get_model (ADW_COMBO_ROW (row));
  GtkLabel *shown;

  g_assert_cmpuint (g_list_model_get_n_items (model), >=, 3);
  g_test_message ("article 3: %s", gtk_string_list_get_string (GTK_STRING_LIST (model), 2));
  shown = find_middle_ellipsized (row);
  g_assert_nonnull (shown);
  g_assert_cmpstr (gtk_label_get_text (shown), ==, gtk_string_list_get_string (GTK_STRING_LIST (model), 2));
  g_assert_cmpstr (gtk_label_get_text (shown), ==, "Eurasia Daily Monitor, issue 105");
  g_assert_cmpstr (gtk_widget_get_tooltip_text (GTK_WIDGET (shown)), ==, "Eurasia Daily Monitor, issue 105");
}

/* A phone-sized screen is 360 px wide: the window fits on every page, with
 * data (the curation rows of article 3, statistics, agreement tables). */
static void
test_narrow (Curation      *c,
             gconstpointer  data)
{
  const char *pages[] = { "statistics", "agreement", "curation" };

  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      int minimum = 0, natural = 0;

      attest_analysis_window_show_page (c->analysis, pages[i]);
      attest_test_spin (100);
      gtk_widget_measure (GTK_WIDGET (c->analysis), GTK_ORIENTATION_HORIZONTAL, -1,
                          &minimum, &natural, NULL, NULL);
      g_test_message ("%s: minimum width %d, natural %d", pages[i], minimum, natural);
      g_assert_cmpint (minimum, <=, 360);
    }
}

/* The same in Russian, whose words are longer: a window opened after
 * switching to the compiled ru catalogue of the build tree. */
static void
test_narrow_ru (Curation      *c,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *localedir = g_test_build_filename (G_TEST_BUILT, "..", "po", NULL);
  g_autofree char *mo = g_build_filename (localedir, "ru", "LC_MESSAGES", GETTEXT_PACKAGE ".mo", NULL);
  const char *pages[] = { "statistics", "agreement", "curation" };
  AttestAnalysisWindow *analysis;

  if (!g_file_test (mo, G_FILE_TEST_EXISTS))
    {
      g_test_skip ("no compiled Russian catalogue in the build tree");
      return;
    }
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_test_message ("locale %s", setlocale (LC_MESSAGES, NULL));
  g_setenv ("LANGUAGE", "ru", TRUE);
  analysis = attest_analysis_window_new (NULL, c->w.store, &error);
  g_assert_no_error (error);
  g_object_add_weak_pointer (G_OBJECT (analysis), (gpointer *) &analysis);
  /* The catalogue did load: the title is no longer English. */
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (analysis)), !=, "Statistics and Agreement");
  gtk_window_present (GTK_WINDOW (analysis));
  adw_combo_row_set_selected (ADW_COMBO_ROW (gtk_widget_get_template_child (GTK_WIDGET (analysis),
                                                                            ATTEST_TYPE_ANALYSIS_WINDOW,
                                                                            "curation_document_row")), 2);
  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      int minimum = 0, natural = 0;

      attest_analysis_window_show_page (analysis, pages[i]);
      attest_test_spin (150);
      gtk_widget_measure (GTK_WIDGET (analysis), GTK_ORIENTATION_HORIZONTAL, -1,
                          &minimum, &natural, NULL, NULL);
      g_test_message ("ru %s: minimum width %d, natural %d", pages[i], minimum, natural);
      g_assert_cmpint (minimum, <=, 360);
    }
  gtk_window_destroy (GTK_WINDOW (analysis));
  attest_test_spin (50);
  g_assert_null (analysis);
  g_unsetenv ("LANGUAGE");
}

int
main (int   argc,
      char *argv[])
{
  g_log_set_writer_func (log_writer, NULL, NULL);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  gtk_icon_theme_add_resource_path (gtk_icon_theme_get_for_display (gdk_display_get_default ()),
                                    "/io/github/attest/Attest/icons");

#define ADD(path, func) \
  g_test_add (path, Curation, NULL, curation_set_up, func, curation_tear_down)
  ADD ("/analysis-window/accept-version", test_accept_version);
  ADD ("/analysis-window/merge", test_merge);
  ADD ("/analysis-window/jump", test_jump);
  ADD ("/analysis-window/teammate", test_teammate);
  ADD ("/analysis-window/undo", test_undo);
  ADD ("/analysis-window/read-only", test_read_only);
  ADD ("/analysis-window/settled-meanwhile", test_settled_meanwhile);
  ADD ("/analysis-window/narrow", test_narrow);
  ADD ("/analysis-window/article-names", test_article_names);
  ADD ("/analysis-window/narrow-ru", test_narrow_ru);
#undef ADD

  return g_test_run ();
}
