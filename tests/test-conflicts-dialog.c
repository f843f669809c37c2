/* test-conflicts-dialog.c — a teammate's copy merged in the window, with
 * conflicts on claims of two articles, a category and a deletion: the
 * dialog lists each with its article's title and passage and both versions
 * in words, settles them through its buttons (the store records each, a
 * second settle is refused), and the article view shows the claim as
 * settled at once. */
#include "test-window-fixture.h"

#include "attest-conflicts-dialog.h"
#include "attest-inspector.h"

static AttestConflictsDialog *
find_dialog (void)
{
  AttestConflictsDialog *dialog = NULL;

  for (GList *l = gtk_window_list_toplevels (); l; l = g_list_delete_link (l, l))
    if (ATTEST_IS_CONFLICTS_DIALOG (l->data) && gtk_widget_get_visible (l->data))
      dialog = l->data;
  return dialog;
}

static char *
title_of (AttestStore *store,
          const char  *ref)
{
  g_autoptr(AttestDocument) doc = attest_store_get_document (store, ref, NULL);

  return g_strdup (doc->title);
}

/* The uuid of the @nth imported article that has a title. */
static char *
titled (AttestStore *store,
        guint        nth)
{
  g_autoptr(GPtrArray) docs = attest_store_list_documents (store, NULL);

  for (guint i = 0; i < docs->len; i++)
    {
      AttestDocument *d = g_ptr_array_index (docs, i);

      if (d->title != NULL && nth-- == 0)
        return g_strdup (d->uuid);
    }
  g_assert_not_reached ();
}

/* The titles of the inspector's history rows, newest first, one a line. */
static char *
history_text (Fixture *f)
{
  GtkWidget *inspector = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (f->window), ATTEST_TYPE_WINDOW,
                                                                    "inspector"));
  GtkWidget *list = GTK_WIDGET (gtk_widget_get_template_child (inspector, ATTEST_TYPE_INSPECTOR, "history_list"));
  GString *text = g_string_new (NULL);

  for (GtkWidget *row = gtk_widget_get_first_child (list); row; row = gtk_widget_get_next_sibling (row))
    if (ADW_IS_ACTION_ROW (row))
      g_string_append_printf (text, "%s\n", adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)));
  return g_string_free (text, FALSE);
}

static void
test_list_and_settle (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *copy = g_build_filename (f->dir, "boris.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *doc3 = titled (f->store, 0);
  g_autofree char *doc1 = titled (f->store, 1);
  g_autoptr(AttestClaim) on3 = attest_test_add_claim (f->store, doc3, 1200, 1260, "debt-deal");
  g_autoptr(AttestClaim) on1 = attest_test_add_claim (f->store, doc1, 100, 160, "training");
  g_autoptr(AttestClaim) gone = attest_test_add_claim (f->store, doc1, 300, 340, "border-security");
  g_autoptr(AttestClaim) now = NULL;
  g_autoptr(GPtrArray) under = NULL;
  g_autofree char *title3 = title_of (f->store, doc3);
  g_autofree char *title1 = title_of (f->store, doc1);
  AttestArticleView *view = article_view (f);
  AttestConflictsDialog *dialog;
  gboolean settled = FALSE;

  g_assert_nonnull (title3);
  g_assert_nonnull (title1);
  g_assert_cmpstr (title3, !=, title1);
  g_assert_true (attest_window_open_document (f->window, doc3));
  g_assert_true (attest_store_backup (f->store, copy, &error));
  {
    g_autoptr(AttestStore) boris = attest_store_open (copy, ATTEST_STORE_OPEN_DEFAULT, &error);

    g_assert_true (attest_store_set_annotator (boris, "Boris", NULL));
    attest_test_edit_claim (boris, on3->uuid, "category", "military-base");
    attest_test_edit_claim (boris, on1->uuid, "certainty", "low");
    attest_test_edit_claim (boris, gone->uuid, "comment", "still here?");
  }
  attest_test_edit_claim (f->store, on3->uuid, "category", "security-assistance");
  attest_test_edit_claim (f->store, on1->uuid, "certainty", "high");
  g_assert_true (attest_store_delete_claim (f->store, gone->uuid, &error));

  attest_window_merge (f->window, copy);
  attest_test_spin (300);
  dialog = find_dialog ();
  g_assert_nonnull (dialog);
  gtk_window_set_default_size (GTK_WINDOW (dialog), 640, 760);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (f->window));
  g_assert_cmpuint (attest_conflicts_dialog_get_n_open (dialog), ==, 3);

  /* Each names its article and passage; the versions are in words. */
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (attest_conflicts_dialog_get_subject_row (dialog, 0))),
                   ==, title3);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (attest_conflicts_dialog_get_subject_row (dialog, 1))),
                   ==, title1);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (attest_conflicts_dialog_get_subject_row (dialog, 2))),
                   ==, title1);
  {
    g_autofree char *quoted = g_strdup_printf ("“%s”", on3->quote);
    g_assert_cmpstr (adw_action_row_get_subtitle (attest_conflicts_dialog_get_subject_row (dialog, 0)), ==, quoted);
  }
  g_assert_true (attest_test_shows_text (GTK_WIDGET (dialog), "Category: Security assistance"));
  g_assert_true (attest_test_shows_text (GTK_WIDGET (dialog), "Category: Military base and basing rights"));
  g_assert_true (attest_test_shows_text (GTK_WIDGET (dialog), "Certainty: High"));
  g_assert_true (attest_test_shows_text (GTK_WIDGET (dialog), "Certainty: Low"));
  g_assert_true (attest_test_shows_text (GTK_WIDGET (dialog), "You deleted this claim; their copy changed it"));
  g_assert_false (attest_test_shows_text (GTK_WIDGET (dialog), "military-base"));
  g_assert_true (attest_test_shows_text (GTK_WIDGET (dialog), "3 to settle"));
  screenshot (GTK_WIDGET (dialog), "conflicts-dialog.png");

  /* Take theirs on the open article's claim: saved, shown at once. */
  g_signal_emit_by_name (attest_conflicts_dialog_get_button (dialog, 0, ATTEST_SETTLE_TAKE_THEIRS), "clicked");
  attest_test_spin (100);
  g_assert_cmpuint (attest_conflicts_dialog_get_n_open (dialog), ==, 2);
  now = attest_store_get_claim (f->store, on3->uuid, &error);
  g_assert_cmpstr (now->category, ==, "military-base");
  under = attest_article_view_claims_at (view, 1230);
  g_assert_cmpuint (under->len, ==, 1);
  g_assert_cmpstr (((AttestClaim *) g_ptr_array_index (under, 0))->category, ==, "military-base");
  g_assert_false (gtk_widget_get_visible (attest_conflicts_dialog_get_button (dialog, 0, ATTEST_SETTLE_KEEP_OURS)));
  g_assert_true (attest_test_shows_text (GTK_WIDGET (dialog), "Taken: their version"));

  /* Keep mine on the other article's claim. */
  g_signal_emit_by_name (attest_conflicts_dialog_get_button (dialog, 1, ATTEST_SETTLE_KEEP_OURS), "clicked");
  g_clear_object (&now);
  now = attest_store_get_claim (f->store, on1->uuid, &error);
  g_assert_cmpstr (now->certainty, ==, "high");
  g_assert_cmpuint (attest_conflicts_dialog_get_n_open (dialog), ==, 1);

  /* The deletion: one answer, and it stays deleted. */
  g_signal_emit_by_name (attest_conflicts_dialog_get_button (dialog, 2, ATTEST_SETTLE_KEEP_OURS), "clicked");
  g_assert_cmpuint (attest_conflicts_dialog_get_n_open (dialog), ==, 0);
  g_assert_true (attest_test_shows_text (GTK_WIDGET (dialog), "All settled"));
  g_assert_null (attest_store_get_claim (f->store, gone->uuid, NULL));
  screenshot (GTK_WIDGET (dialog), "conflicts-dialog-settled.png");

  /* Recorded in the history: each once; a second settle is refused. */
  {
    g_autoptr(GPtrArray) history = attest_store_list_history (f->store, on3->uuid, &error);
    AttestHistoryEntry *e = g_ptr_array_index (history, history->len - 1);
    AttestMergeConflict *c = NULL;
    g_auto(AttestMergeReport) again = { 0 };

    g_assert_cmpstr (e->action, ==, "settle");
    g_assert_cmpstr (e->field, ==, "category");
    g_assert_cmpstr (e->old_value, ==, "security-assistance");
    g_assert_cmpstr (e->new_value, ==, "military-base");
    g_assert_cmpstr (e->annotator, ==, "Ana Analyst");
    for (guint i = 0; i < history->len; i++)
      {
        AttestHistoryEntry *h = g_ptr_array_index (history, i);
        if (g_str_equal (h->action, "conflict"))
          {
            g_assert_true (attest_store_conflict_is_settled (f->store, h->uuid, &settled, &error));
            g_assert_true (settled);
            g_assert_false (attest_store_settle_conflict (f->store, h->uuid, ATTEST_SETTLE_KEEP_OURS, &error));
            g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_CONFLICT);
            g_clear_error (&error);
            c = (gpointer) h;
          }
      }
    g_assert_nonnull (c);
  }

  /* The inspector tells each settle in one row, not as a second edit. */
  attest_window_select_claim (f->window, on3->uuid);
  attest_test_spin (100);
  {
    g_autofree char *text = history_text (f);

    g_assert_cmpstr (text, ==,
                     "Conflict settled: took theirs (Category: Military base and basing rights)\n"
                     "Category: Debt and financial deal → Military base and basing rights\n"
                     "Not saved: Category to Military base and basing rights — someone had set Security assistance first\n"
                     "Category: Debt and financial deal → Security assistance\n"
                     "Created as Debt and financial deal\n");
  }
  g_assert_true (attest_window_open_document (f->window, doc1));
  attest_test_spin (200);
  attest_window_select_claim (f->window, on1->uuid);
  attest_test_spin (100);
  {
    g_autofree char *text = history_text (f);

    g_assert_cmpstr (text, ==,
                     "Conflict settled: kept mine (Certainty: High)\n"
                     "Certainty: Unknown → Low\n"
                     "Not saved: Certainty to Low — someone had set High first\n"
                     "Certainty: Unknown → High\n"
                     "Created as Training\n");
  }

  gtk_window_close (GTK_WINDOW (dialog));
  attest_test_spin (50);
  g_assert_null (find_dialog ());
}

/* A teammate, on their own connection to the same file, settles one
 * conflict while the dialog is open: its row says so within about a
 * second and its buttons no longer answer; the other stays open. */
static void
test_settled_elsewhere (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *copy = g_build_filename (f->dir, "boris.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *doc1 = titled (f->store, 1);
  g_autoptr(AttestClaim) first = attest_test_add_claim (f->store, doc1, 100, 160, "training");
  g_autoptr(AttestClaim) second = attest_test_add_claim (f->store, doc1, 300, 340, "training");
  g_autoptr(AttestStore) petra = NULL;
  g_autoptr(GPtrArray) history = NULL;
  AttestConflictsDialog *dialog;
  GtkWidget *keep, *take;
  const char *id = NULL;
  gint64 deadline;

  g_assert_true (attest_store_backup (f->store, copy, &error));
  {
    g_autoptr(AttestStore) boris = attest_store_open (copy, ATTEST_STORE_OPEN_DEFAULT, &error);

    g_assert_true (attest_store_set_annotator (boris, "Boris", NULL));
    attest_test_edit_claim (boris, first->uuid, "certainty", "low");
    attest_test_edit_claim (boris, second->uuid, "certainty", "low");
  }
  attest_test_edit_claim (f->store, first->uuid, "certainty", "high");
  attest_test_edit_claim (f->store, second->uuid, "certainty", "high");
  attest_window_merge (f->window, copy);
  attest_test_spin (300);
  dialog = find_dialog ();
  g_assert_nonnull (dialog);
  g_assert_cmpuint (attest_conflicts_dialog_get_n_open (dialog), ==, 2);
  keep = attest_conflicts_dialog_get_button (dialog, 0, ATTEST_SETTLE_KEEP_OURS);
  take = attest_conflicts_dialog_get_button (dialog, 0, ATTEST_SETTLE_TAKE_THEIRS);
  g_assert_true (gtk_widget_get_sensitive (keep));

  petra = attest_store_open (attest_store_get_path (f->store), ATTEST_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_true (attest_store_set_annotator (petra, "Petra", NULL));
  history = attest_store_list_history (petra, first->uuid, &error);
  for (guint i = 0; i < history->len; i++)
    if (g_str_equal (((AttestHistoryEntry *) g_ptr_array_index (history, i))->action, "conflict"))
      id = ((AttestHistoryEntry *) g_ptr_array_index (history, i))->uuid;
  g_assert_nonnull (id);
  g_assert_true (attest_store_settle_conflict (petra, id, ATTEST_SETTLE_TAKE_THEIRS, &error));
  g_assert_no_error (error);

  deadline = g_get_monotonic_time () + 5 * G_TIME_SPAN_SECOND;
  while (gtk_widget_get_sensitive (keep) && g_get_monotonic_time () < deadline)
    attest_test_spin (50);
  g_assert_false (gtk_widget_get_sensitive (keep));
  g_assert_false (gtk_widget_get_sensitive (take));
  g_assert_true (attest_test_shows_text (GTK_WIDGET (dialog), "Settled by Petra: their version"));
  g_assert_true (attest_test_shows_text (GTK_WIDGET (dialog), "1 to settle"));
  g_assert_cmpuint (attest_conflicts_dialog_get_n_open (dialog), ==, 1);
  g_assert_true (gtk_widget_get_sensitive (attest_conflicts_dialog_get_button (dialog, 1, ATTEST_SETTLE_KEEP_OURS)));
  screenshot (GTK_WIDGET (dialog), "conflicts-dialog-settled-elsewhere.png");

  gtk_window_close (GTK_WINDOW (dialog));
  attest_test_spin (50);
}

/* A conflict a later merge superseded (a newer conflict of the same
 * field) offers no choice: settling it would write a stale value. */
static void
test_superseded (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *copy = g_build_filename (f->dir, "boris.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *doc1 = titled (f->store, 1);
  g_autoptr(AttestClaim) c = attest_test_add_claim (f->store, doc1, 100, 160, "training");
  g_autoptr(AttestStore) boris = NULL;
  g_auto(AttestMergeReport) first = { 0 };
  g_auto(AttestMergeReport) second = { 0 };
  AttestConflictsDialog *dialog;

  g_assert_true (attest_store_backup (f->store, copy, &error));
  boris = attest_store_open (copy, ATTEST_STORE_OPEN_DEFAULT, &error);
  g_assert_true (attest_store_set_annotator (boris, "Boris", NULL));
  attest_test_edit_claim (boris, c->uuid, "certainty", "low");
  attest_test_edit_claim (f->store, c->uuid, "certainty", "high");
  g_assert_true (attest_store_merge (f->store, copy, &first, &error));
  g_assert_cmpuint (first.conflicts->len, ==, 1);
  attest_test_edit_claim (boris, c->uuid, "certainty", "medium");
  g_assert_true (attest_store_merge (f->store, copy, &second, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (second.conflicts->len, ==, 1);

  dialog = attest_conflicts_dialog_new (GTK_WINDOW (f->window), f->store, first.conflicts);
  gtk_window_present (GTK_WINDOW (dialog));
  attest_test_spin (100);
  g_assert_false (gtk_widget_get_sensitive (attest_conflicts_dialog_get_button (dialog, 0, ATTEST_SETTLE_KEEP_OURS)));
  g_assert_false (gtk_widget_get_sensitive (attest_conflicts_dialog_get_button (dialog, 0, ATTEST_SETTLE_TAKE_THEIRS)));
  g_assert_true (attest_test_shows_text (GTK_WIDGET (dialog),
                                         "A later merge brought newer versions of this; settle that conflict instead"));
  g_assert_cmpuint (attest_conflicts_dialog_get_n_open (dialog), ==, 0);
  gtk_window_destroy (GTK_WINDOW (dialog));
  attest_test_spin (50);
}

/* A claim Ana changed and Boris deleted: Restore brings her version back
 * as a new claim, drawn in the open article at once, with its history. */
static void
test_restore (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *copy = g_build_filename (f->dir, "boris.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *doc1 = titled (f->store, 1);
  g_autoptr(AttestClaim) gone = attest_test_add_claim (f->store, doc1, 300, 340, "border-security");
  g_autoptr(GPtrArray) under = NULL;
  AttestArticleView *view = article_view (f);
  AttestConflictsDialog *dialog;
  AttestClaim *back;

  g_assert_true (attest_window_open_document (f->window, doc1));
  g_assert_true (attest_store_backup (f->store, copy, &error));
  {
    g_autoptr(AttestStore) boris = attest_store_open (copy, ATTEST_STORE_OPEN_DEFAULT, &error);

    g_assert_true (attest_store_set_annotator (boris, "Boris", NULL));
    g_assert_true (attest_store_delete_claim (boris, gone->uuid, &error));
  }
  attest_test_edit_claim (f->store, gone->uuid, "comment", "checked twice");

  attest_window_merge (f->window, copy);
  attest_test_spin (300);
  dialog = find_dialog ();
  g_assert_nonnull (dialog);
  g_assert_cmpuint (attest_conflicts_dialog_get_n_open (dialog), ==, 1);
  g_assert_true (attest_test_shows_text (GTK_WIDGET (dialog), "You changed this claim; their copy deleted it"));
  g_assert_true (attest_test_shows_text (GTK_WIDGET (dialog), "Your changed version"));
  under = attest_article_view_claims_at (view, 320);
  g_assert_cmpuint (under->len, ==, 0);
  g_clear_pointer (&under, g_ptr_array_unref);

  g_signal_emit_by_name (attest_conflicts_dialog_get_button (dialog, 0, ATTEST_SETTLE_TAKE_THEIRS), "clicked");
  attest_test_spin (100);
  g_assert_cmpuint (attest_conflicts_dialog_get_n_open (dialog), ==, 0);
  g_assert_true (attest_test_shows_text (GTK_WIDGET (dialog), "Restored: it is back, as a new claim"));
  screenshot (GTK_WIDGET (dialog), "conflicts-dialog-restored.png");

  under = attest_article_view_claims_at (view, 320);
  g_assert_cmpuint (under->len, ==, 1);
  back = g_ptr_array_index (under, 0);
  g_assert_cmpstr (back->uuid, !=, gone->uuid);
  g_assert_cmpstr (back->comment, ==, "checked twice");
  g_assert_cmpstr (back->category, ==, "border-security");
  g_assert_cmpint (back->start, ==, 300);
  g_assert_cmpint (back->end, ==, 340);
  g_assert_null (attest_store_get_claim (f->store, gone->uuid, NULL));

  attest_window_select_claim (f->window, back->uuid);
  attest_test_spin (100);
  {
    g_autofree char *text = history_text (f);

    /* The deleted claim's own history came with it. */
    g_assert_cmpstr (text, ==, "Brought back as Border security, after a merge had deleted it\n"
                               "Comment: None → “checked twice”\n"
                               "Created as Border security\n");
  }
  gtk_window_close (GTK_WINDOW (dialog));
  attest_test_spin (50);
}

/* Closed without settling, the conflicts stay open: Settle Conflicts…
 * in the main menu lists them again, until none is left. */
static void
test_reopen (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *copy = g_build_filename (f->dir, "boris.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *doc1 = titled (f->store, 1);
  g_autoptr(AttestClaim) c = attest_test_add_claim (f->store, doc1, 100, 160, "training");
  AttestConflictsDialog *dialog;

  g_assert_true (attest_store_backup (f->store, copy, &error));
  {
    g_autoptr(AttestStore) boris = attest_store_open (copy, ATTEST_STORE_OPEN_DEFAULT, &error);

    g_assert_true (attest_store_set_annotator (boris, "Boris", NULL));
    attest_test_edit_claim (boris, c->uuid, "certainty", "low");
  }
  attest_test_edit_claim (f->store, c->uuid, "certainty", "high");
  attest_window_merge (f->window, copy);
  attest_test_spin (300);
  dialog = find_dialog ();
  g_assert_nonnull (dialog);
  gtk_window_close (GTK_WINDOW (dialog));
  attest_test_spin (100);
  g_assert_null (find_dialog ());

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.conflicts", NULL));
  attest_test_spin (200);
  dialog = find_dialog ();
  g_assert_nonnull (dialog);
  g_assert_cmpuint (attest_conflicts_dialog_get_n_open (dialog), ==, 1);
  g_assert_true (attest_test_shows_text (GTK_WIDGET (dialog), "Certainty: Low"));
  g_signal_emit_by_name (attest_conflicts_dialog_get_button (dialog, 0, ATTEST_SETTLE_TAKE_THEIRS), "clicked");
  attest_test_spin (100);
  g_assert_cmpuint (attest_conflicts_dialog_get_n_open (dialog), ==, 0);
  gtk_window_close (GTK_WINDOW (dialog));
  attest_test_spin (100);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.conflicts", NULL));
  attest_test_spin (200);
  g_assert_null (find_dialog ());
  g_assert_true (attest_test_shows_text (GTK_WIDGET (f->window), "No conflicts to settle"));
}

/* Merging a copy with no conflicts opens no dialog. */
static void
test_no_conflicts (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *copy = g_build_filename (f->dir, "boris.db", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (attest_store_backup (f->store, copy, &error));
  attest_window_merge (f->window, copy);
  attest_test_spin (200);
  g_assert_null (find_dialog ());
}

int
main (int   argc,
      char *argv[])
{
  g_log_set_writer_func (log_writer, NULL, NULL);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/conflicts-dialog/list-and-settle", Fixture, NULL, fixture_set_up, test_list_and_settle, fixture_tear_down);
  g_test_add ("/conflicts-dialog/settled-elsewhere", Fixture, NULL, fixture_set_up, test_settled_elsewhere, fixture_tear_down);
  g_test_add ("/conflicts-dialog/superseded", Fixture, NULL, fixture_set_up, test_superseded, fixture_tear_down);
  g_test_add ("/conflicts-dialog/restore", Fixture, NULL, fixture_set_up, test_restore, fixture_tear_down);
  g_test_add ("/conflicts-dialog/reopen", Fixture, NULL, fixture_set_up, test_reopen, fixture_tear_down);
  g_test_add ("/conflicts-dialog/none", Fixture, NULL, fixture_set_up, test_no_conflicts, fixture_tear_down);
  return g_test_run ();
}
