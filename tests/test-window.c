/* test-window.c — the main window as an analyst uses it, under Xvfb: import
 * the sample articles, select text and press a digit, overlap a claim, link
 * the paragraph's attribution, undo and redo, delete, import a bad file and
 * see the error; every template instantiates; PNG screenshots of the window,
 * the category popover and the inspector go to the build directory. */
#include "test-window-fixture.h"

/* ------------------------------------------------------------------ tests */

static void
test_templates (void)
{
  /* Every template instantiates: a broken .ui fails here, not for users. */
  g_autoptr(GtkBuilder) builder = gtk_builder_new_from_resource ("/io/github/attest/Attest/gtk/help-overlay.ui");
  GtkWidget *window = GTK_WIDGET (attest_window_new (NULL));
  GtkWidget *inspector = g_object_ref_sink (g_object_new (ATTEST_TYPE_INSPECTOR, NULL));
  GtkWidget *view = g_object_ref_sink (attest_article_view_new ());
  GtkWidget *prefs = attest_preferences_window_new (NULL);

  g_assert_nonnull (gtk_builder_get_object (builder, "help_overlay"));
  g_assert_true (ATTEST_IS_WINDOW (window));
  g_assert_true (ATTEST_IS_INSPECTOR (inspector));
  g_assert_true (ATTEST_IS_ARTICLE_VIEW (view));
  gtk_window_destroy (GTK_WINDOW (window));
  gtk_window_destroy (GTK_WINDOW (prefs));
  gtk_window_destroy (GTK_WINDOW (gtk_builder_get_object (builder, "help_overlay")));
  g_object_unref (inspector);
  g_object_unref (view);
}

static void
test_empty_state (void)
{
  g_autofree char *dir = attest_test_make_tmp_dir ("attest-window-XXXXXX");
  g_autofree char *db = g_build_filename (dir, "empty.db", NULL);
  g_autoptr(AttestStore) store = attest_store_open (db, ATTEST_STORE_OPEN_DEFAULT, NULL);
  AttestWindow *window = attest_window_new (NULL);
  GtkStack *stack = GTK_STACK (gtk_widget_get_template_child (GTK_WIDGET (window), ATTEST_TYPE_WINDOW, "main_stack"));

  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 700);
  gtk_window_present (GTK_WINDOW (window));
  attest_window_set_store (window, store);
  attest_test_spin (200);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "empty");
  g_assert_true (attest_test_wait_for_text (GTK_WIDGET (window), "No Articles Yet"));
  g_assert_true (attest_test_shows_text (GTK_WIDGET (window), "Import Articles…"));
  g_assert_true (attest_test_shows_text (GTK_WIDGET (window), "Open Sample Articles"));
  /* Nothing to show: no toggles for the list and the inspector. */
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window),
                                                                                     ATTEST_TYPE_WINDOW,
                                                                                     "sidebar_button"))));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window),
                                                                                     ATTEST_TYPE_WINDOW,
                                                                                     "inspector_button"))));
  screenshot (GTK_WIDGET (window), "window-empty.png");
  gtk_window_destroy (GTK_WINDOW (window));
  attest_test_spin (50);
  g_clear_object (&store);
  {
    g_autofree char *wal = g_strconcat (db, "-wal", NULL);
    g_autofree char *shm = g_strconcat (db, "-shm", NULL);
    g_remove (db);
    g_remove (wal);
    g_remove (shm);
    g_rmdir (dir);
  }
}

static void
test_annotate (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GPtrArray) after_create = NULL;
  g_autoptr(GPtrArray) after_overlap = NULL;
  g_autoptr(GPtrArray) under = NULL;
  g_autoptr(GPtrArray) citations = NULL;
  g_autoptr(GPtrArray) docs = NULL;
  g_autoptr(GError) error = NULL;
  AttestArticleView *view = article_view (f);
  AttestClaim *troops;
  AttestCitation *novye = NULL;

  docs = attest_store_list_documents (f->store, &error);
  g_assert_cmpuint (docs->len, ==, 5);
  g_assert_true (attest_window_open_document (f->window, "3"));
  attest_test_spin (200);
  screenshot (GTK_WIDGET (f->window), "window-article.png");

  /* Select "201st Motor Rifle Division" and press 1 (Troop deployment). */
  attest_article_view_set_selection (view, 1453, 1479);
  attest_article_view_show_category_popover (view);
  attest_test_spin (200);
  g_assert_nonnull (attest_test_find_popover (GTK_WIDGET (view)));
  g_assert_true (attest_test_shows_text (attest_test_find_popover (GTK_WIDGET (view)), "Troop deployment"));
  screenshot (attest_test_find_popover (GTK_WIDGET (view)), "window-popover.png");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "article.categorize", "i", 1));
  attest_test_spin (50);

  after_create = claims (f);
  g_assert_cmpuint (after_create->len, ==, 1);
  troops = g_ptr_array_index (after_create, 0);
  g_assert_cmpint (troops->start, ==, 1453);
  g_assert_cmpint (troops->end, ==, 1479);
  g_assert_cmpstr (troops->category, ==, "troop-deployment");
  g_assert_cmpstr (troops->quote, ==, "201st Motor Rifle Division");
  g_assert_cmpstr (troops->annotator, ==, "Ana Analyst");
  g_assert_cmpstr (attest_window_get_selected_claim (f->window), ==, troops->uuid);

  /* A nested claim over "Motor Rifle Division" with 2 (Military base). */
  attest_article_view_set_selection (view, 1459, 1479);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "article.categorize", "i", 2));
  attest_test_spin (50);
  after_overlap = claims (f);
  g_assert_cmpuint (after_overlap->len, ==, 2);
  under = attest_article_view_claims_at (view, 1465);
  g_assert_cmpuint (under->len, ==, 2);

  /* Select the first claim again and click the paragraph's attribution. */
  attest_window_select_claim (f->window, troops->uuid);
  citations = attest_store_list_citations (f->store, "3", &error);
  for (guint i = 0; i < citations->len; i++)
    if (g_str_equal (((AttestCitation *) g_ptr_array_index (citations, i))->source->outlet, "Novye izvestiya"))
      novye = g_ptr_array_index (citations, i);
  g_assert_nonnull (novye);
  g_signal_emit_by_name (view, "citation-activated", novye);
  attest_test_spin (50);
  {
    g_autoptr(AttestClaim) linked = attest_store_get_claim (f->store, troops->uuid, &error);
    g_assert_cmpuint (linked->source_uuids->len, ==, 1);
    g_assert_cmpstr (g_ptr_array_index (linked->source_uuids, 0), ==, novye->source->uuid);
  }
  /* The inspector tells the claim's story, newest first: what changed as
   * the title, who and when below (issue 16: the rows no longer start with
   * the annotator's name). */
  g_assert_true (attest_test_wait_for_text (GTK_WIDGET (f->window), "Source linked: Novye izvestiya, October 4"));
  g_assert_true (attest_test_shows_text (GTK_WIDGET (f->window), "Created as Troop deployment"));
  screenshot (GTK_WIDGET (f->window), "window-inspector.png");

  /* Undo the link, redo it. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.undo", NULL));
  {
    g_autoptr(AttestClaim) c = attest_store_get_claim (f->store, troops->uuid, &error);
    g_assert_cmpuint (c->source_uuids->len, ==, 0);
  }
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.redo", NULL));
  {
    g_autoptr(AttestClaim) c = attest_store_get_claim (f->store, troops->uuid, &error);
    g_assert_cmpuint (c->source_uuids->len, ==, 1);
  }

  /* Delete the selected claim; undo brings it back, same uuid. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.delete-claim", NULL));
  attest_test_spin (50);
  {
    g_autoptr(GPtrArray) left = claims (f);
    g_assert_cmpuint (left->len, ==, 1);
    g_assert_null (attest_window_get_selected_claim (f->window));
  }
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.undo", NULL));
  attest_test_spin (50);
  {
    g_autoptr(GPtrArray) back = claims (f);
    g_autoptr(GPtrArray) again = NULL;
    g_assert_cmpuint (back->len, ==, 2);
    g_assert_cmpstr (attest_window_get_selected_claim (f->window), ==, troops->uuid);
    again = attest_article_view_claims_at (view, 1465);
    g_assert_cmpuint (again->len, ==, 2);
  }
}

static void
test_bad_import (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *empty = g_build_filename (f->dir, "empty-article.txt", NULL);
  g_autofree char *binary = g_build_filename (f->dir, "photo.png", NULL);
  g_autoptr(GFile) file1 = NULL;
  g_autoptr(GFile) file2 = NULL;
  g_autoptr(GPtrArray) docs = NULL;
  GFile *files[2];

  g_assert_true (g_file_set_contents (empty, "", 0, NULL));
  g_assert_true (g_file_set_contents (binary, "\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16, NULL));
  files[0] = file1 = g_file_new_for_path (empty);
  files[1] = file2 = g_file_new_for_path (binary);
  attest_window_import_files (f->window, files, 2);
  wait_for_import (f->window);
  attest_test_spin (300);

  /* Each file gets a toast naming it and the reason, ahead of other news;
   * closing one shows the next. Nothing is added to the database. */
  g_assert_true (attest_test_wait_for_text (GTK_WIDGET (f->window), "photo.png was not imported"));
  g_assert_true (attest_test_shows_text (GTK_WIDGET (f->window), "is not a text file"));
  screenshot (GTK_WIDGET (f->window), "window-import-error.png");
  g_assert_true (close_toast (GTK_WIDGET (f->window)));
  attest_test_spin (600);
  g_assert_true (attest_test_wait_for_text (GTK_WIDGET (f->window), "empty-article.txt was not imported"));
  g_assert_true (attest_test_shows_text (GTK_WIDGET (f->window), "is empty"));
  docs = attest_store_list_documents (f->store, NULL);
  g_assert_cmpuint (docs->len, ==, 5);
}

/* A PDF and a scanned PDF dropped together: the PDF opens, a toast says
 * what its import left out, the scan is refused with its reason. */
static void
test_import_documents (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *pdf = g_test_build_filename (G_TEST_DIST, "data", "formats", "running-heads.pdf", NULL);
  g_autofree char *scan = g_test_build_filename (G_TEST_DIST, "data", "formats", "scanned.pdf", NULL);
  g_autoptr(GFile) file1 = g_file_new_for_path (pdf);
  g_autoptr(GFile) file2 = g_file_new_for_path (scan);
  g_autoptr(GPtrArray) docs = NULL;
  GFile *files[2] = { file1, file2 };

  attest_window_import_files (f->window, files, 2);
  wait_for_import (f->window);
  attest_test_spin (300);

  g_assert_true (attest_test_wait_for_text (GTK_WIDGET (f->window), "scanned.pdf was not imported"));
  g_assert_true (attest_test_shows_text (GTK_WIDGET (f->window), "has no text layer"));
  g_assert_true (close_toast (GTK_WIDGET (f->window)));
  attest_test_spin (600);
  g_assert_true (attest_test_wait_for_text (GTK_WIDGET (f->window),
                                "Imported from PDF, 4 pages; 1 running header and 4 page numbers left out"));
  screenshot (GTK_WIDGET (f->window), "window-import-pdf.png");
  /* The PDF is open: its headline heads the article view. */
  g_assert_true (attest_test_shows_text (GTK_WIDGET (f->window), "The Caspian Naval Buildup"));
  docs = attest_store_list_documents (f->store, NULL);
  g_assert_cmpuint (docs->len, ==, 6);
}

/* A brat folder and a broken .ann dropped together (issue 18): the
 * folder's article and claim come in, each with a toast; the broken file
 * is refused by name and leaves nothing behind. */
/* The mapped buttons labelled @label under @widget. */
static void
collect_buttons (GtkWidget  *widget,
                 const char *label,
                 GPtrArray  *found)
{
  if (GTK_IS_BUTTON (widget) && gtk_widget_get_mapped (widget) &&
      g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0)
    g_ptr_array_add (found, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    collect_buttons (child, label, found);
}

static void
test_import_annotations (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *folder = g_build_filename (f->dir, "brat-in", NULL);
  g_autofree char *txt = g_build_filename (folder, "moves.txt", NULL);
  g_autofree char *ann = g_build_filename (folder, "moves.ann", NULL);
  g_autofree char *bad_dir = g_build_filename (f->dir, "brat-bad", NULL);
  g_autofree char *bad_txt = g_build_filename (bad_dir, "bad.txt", NULL);
  g_autofree char *bad_ann = g_build_filename (bad_dir, "bad.ann", NULL);
  g_autoptr(GFile) file1 = g_file_new_for_path (folder);
  g_autoptr(GFile) file2 = g_file_new_for_path (bad_ann);
  g_autoptr(GPtrArray) docs = NULL;
  g_autoptr(GPtrArray) all = NULL;
  GFile *files[2] = { file1, file2 };
  gboolean found = FALSE;

  g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);
  g_assert_cmpint (g_mkdir (bad_dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (txt, "An unseen article.\nTroops moved west.\n", -1, NULL));
  g_assert_true (g_file_set_contents (ann, "T1\ttroop-deployment 19 37\tTroops moved west.\n", -1, NULL));
  /* Beside the set, two files it does not hold: named, not read. */
  {
    g_autofree char *stray = g_build_filename (folder, "stray.txt", NULL);
    g_autofree char *page = g_build_filename (folder, "notes.html", NULL);

    g_assert_true (g_file_set_contents (stray, "An article without annotations.\n", -1, NULL));
    g_assert_true (g_file_set_contents (page, "<p>Notes.</p>\n", -1, NULL));
  }
  g_assert_true (g_file_set_contents (bad_txt, "Short.\n", -1, NULL));
  g_assert_true (g_file_set_contents (bad_ann, "T1\ttroop-deployment 0 99\tShort.\n", -1, NULL));

  attest_window_import_files (f->window, files, 2);
  wait_for_import (f->window);
  attest_test_spin (300);

  g_assert_true (attest_test_wait_for_text (GTK_WIDGET (f->window), "bad.ann was not imported"));
  g_assert_true (attest_test_shows_text (GTK_WIDGET (f->window), "is past the end of the text"));
  g_assert_true (close_toast (GTK_WIDGET (f->window)));
  attest_test_spin (600);
  g_assert_true (attest_test_wait_for_text (GTK_WIDGET (f->window), "brat-in: 1 article and 1 claim imported; "
                                                                     "2 files left out, not part of the annotation set"));
  screenshot (GTK_WIDGET (f->window), "window-import-annotations.png");
  /* The toast has room for the count; its button names them. (The
   * failure's toast, closed above, may linger while it fades: the button
   * clicked is the one on screen.) */
  {
    g_autoptr(GPtrArray) buttons = g_ptr_array_new ();
    GtkWidget *details = NULL;
    AdwMessageDialog *dialog = NULL;

    for (guint tries = 0; tries < 100 && details == NULL; tries++)
      {
        g_ptr_array_set_size (buttons, 0);
        collect_buttons (GTK_WIDGET (f->window), "_Details", buttons);
        if (buttons->len == 1)
          details = g_ptr_array_index (buttons, 0);
        else
          attest_test_spin (50);
      }
    g_assert_nonnull (details);
    g_assert_true (gtk_widget_activate (details));
    for (guint tries = 0; tries < 100 && dialog == NULL; tries++)
      {
        attest_test_spin (50);
        dialog = attest_test_find_message_dialog ("Files Left Out");
      }
    g_assert_nonnull (dialog);
    g_assert_cmpstr (adw_message_dialog_get_body (dialog), ==,
                     "These files are in “brat-in” but are not part of its annotation set, so they were not read:\n"
                     "notes.html\nstray.txt");
    adw_message_dialog_response (dialog, "close");
    attest_test_spin (200);
  }

  docs = attest_store_list_documents (f->store, NULL);
  g_assert_cmpuint (docs->len, ==, 6);
  all = claims (f);
  for (guint i = 0; i < all->len; i++)
    {
      AttestClaim *c = g_ptr_array_index (all, i);

      if (g_strcmp0 (c->quote, "Troops moved west.") == 0)
        {
          g_assert_cmpint (c->start, ==, 19);
          g_assert_cmpint (c->end, ==, 37);
          g_assert_cmpstr (c->category, ==, "troop-deployment");
          found = TRUE;
        }
      g_assert_cmpstr (c->quote, !=, "Short.");
    }
  g_assert_true (found);
}

/* A folder dropped: its articles and its subfolder's come in, written in
 * batches; a file in it that is no article is refused by name. */
static void
test_import_folder (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *folder = g_build_filename (f->dir, "dispatches", NULL);
  g_autofree char *deeper = g_build_filename (folder, "march", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (folder);
  g_autoptr(GPtrArray) docs = NULL;
  const char *texts[][2] = {
    { "one.txt", "Border dispatch one\n\nGuards closed the crossing at dawn.\n" },
    { "two.txt", "Border dispatch two\n\nThe crossing opened again at noon.\n" },
    { "march/three.txt", "Border dispatch three\n\nTrucks waited through the night.\n" },
  };
  GFile *files[1] = { file };

  g_assert_cmpint (g_mkdir_with_parents (deeper, 0700), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autofree char *path = g_build_filename (folder, texts[i][0], NULL);

      g_assert_true (g_file_set_contents (path, texts[i][1], -1, NULL));
    }
  {
    g_autofree char *png = g_build_filename (folder, "map.png", NULL);

    g_assert_true (g_file_set_contents (png, "\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16, NULL));
  }

  attest_window_import_files (f->window, files, 1);
  wait_for_import (f->window);
  attest_test_spin (300);

  g_assert_true (attest_test_wait_for_text (GTK_WIDGET (f->window), "map.png was not imported"));
  g_assert_true (attest_test_shows_text (GTK_WIDGET (f->window), "is not a text file"));
  g_assert_true (close_toast (GTK_WIDGET (f->window)));
  attest_test_spin (600);
  g_assert_true (attest_test_wait_for_text (GTK_WIDGET (f->window), "3 articles imported"));
  docs = attest_store_list_documents (f->store, NULL);
  g_assert_cmpuint (docs->len, ==, 8);
  /* In path order: the subfolder's first. */
  g_assert_cmpstr (((AttestDocument *) g_ptr_array_index (docs, 5))->title, ==, "Border dispatch three");
  g_assert_cmpstr (((AttestDocument *) g_ptr_array_index (docs, 7))->title, ==, "Border dispatch two");
}

static void
test_live_refresh (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) under = NULL;
  AttestArticleView *view = article_view (f);
  gint64 started, seen = 0;

  g_assert_true (attest_window_open_document (f->window, "3"));
  attest_test_spin (100);

  /* Another analyst's process saves a claim in the same database. */
  proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error,
                           g_getenv ("ATTEST_CLI"), "--db", f->db, "--annotator", "Boris",
                           "annotate", "3", "--category", "debt-deal", "--range", "1200:1260", NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_wait_check (proc, NULL, &error));
  g_assert_no_error (error);

  /* It appears in the open window, without reloading, within 2 s. */
  started = g_get_monotonic_time ();
  while (g_get_monotonic_time () - started < 2 * G_USEC_PER_SEC)
    {
      g_clear_pointer (&under, g_ptr_array_unref);
      under = attest_article_view_claims_at (view, 1230);
      if (under->len == 1)
        {
          seen = g_get_monotonic_time () - started;
          break;
        }
      g_main_context_iteration (NULL, FALSE);
    }
  g_test_message ("another process's claim appeared after %" G_GINT64_FORMAT " ms", seen / 1000);
  g_assert_cmpuint (under->len, ==, 1);
  g_assert_cmpstr (((AttestClaim *) g_ptr_array_index (under, 0))->annotator, ==, "Boris");
  g_assert_cmpstr (((AttestClaim *) g_ptr_array_index (under, 0))->category, ==, "debt-deal");

  /* Layers: hide Boris's claims, then drafts; show them again. */
  attest_window_set_layer_visible (f->window, "Boris", NULL, FALSE);
  g_clear_pointer (&under, g_ptr_array_unref);
  under = attest_article_view_claims_at (view, 1230);
  g_assert_cmpuint (under->len, ==, 0);
  attest_window_set_layer_visible (f->window, "Boris", NULL, TRUE);
  g_clear_pointer (&under, g_ptr_array_unref);
  under = attest_article_view_claims_at (view, 1230);
  g_assert_cmpuint (under->len, ==, 1);
  attest_window_set_layer_visible (f->window, NULL, "draft", FALSE);
  g_clear_pointer (&under, g_ptr_array_unref);
  under = attest_article_view_claims_at (view, 1230);
  g_assert_cmpuint (under->len, ==, 0);

  {
    GtkMenuButton *layers = GTK_MENU_BUTTON (gtk_widget_get_template_child (GTK_WIDGET (f->window),
                                                                             ATTEST_TYPE_WINDOW, "layers_button"));
    gtk_menu_button_popup (layers);
    g_assert_true (attest_test_wait_for_text (GTK_WIDGET (f->window), "Boris"));
    attest_test_spin (500);
    g_assert_nonnull (attest_test_find_popover (GTK_WIDGET (layers)));
    screenshot (attest_test_find_popover (GTK_WIDGET (layers)), "window-layers.png");
    gtk_menu_button_popdown (layers);
  }
  attest_window_set_layer_visible (f->window, NULL, "draft", TRUE);
  g_clear_pointer (&under, g_ptr_array_unref);
  under = attest_article_view_claims_at (view, 1230);
  g_assert_cmpuint (under->len, ==, 1);
}

static void
test_merge (Fixture       *f,
            gconstpointer  data)
{
  g_autofree char *copy = g_build_filename (f->dir, "boris.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) under = NULL;
  AttestArticleView *view = article_view (f);

  g_assert_true (attest_window_open_document (f->window, "3"));
  g_assert_true (attest_store_backup (f->store, copy, &error));
  {
    g_autoptr(AttestStore) boris = attest_store_open (copy, ATTEST_STORE_OPEN_DEFAULT, &error);
    g_autoptr(AttestClaim) c = NULL;

    g_assert_true (attest_store_set_annotator (boris, "Boris", NULL));
    c = attest_store_add_claim (boris, "3", 1200, 1260, "debt-deal", NULL, NULL, &error);
    g_assert_no_error (error);
  }

  attest_window_merge (f->window, copy);
  /* One of each count in its singular (issue 16: "1 claims"). */
  g_assert_true (attest_test_wait_for_text (GTK_WIDGET (f->window),
                                            "Merged: 1 claim added, 0 updated, 0 deleted; 0 articles added"));
  under = attest_article_view_claims_at (view, 1230);
  g_assert_cmpuint (under->len, ==, 1);
  g_assert_cmpstr (((AttestClaim *) g_ptr_array_index (under, 0))->annotator, ==, "Boris");

  /* Two more claims from the same copy: the plural. */
  {
    g_autoptr(AttestStore) boris = attest_store_open (copy, ATTEST_STORE_OPEN_DEFAULT, &error);
    g_autoptr(AttestClaim) c1 = NULL;
    g_autoptr(AttestClaim) c2 = NULL;

    g_assert_true (attest_store_set_annotator (boris, "Boris", NULL));
    c1 = attest_store_add_claim (boris, "3", 1300, 1320, "debt-deal", NULL, NULL, &error);
    g_assert_no_error (error);
    c2 = attest_store_add_claim (boris, "3", 1400, 1420, "debt-deal", NULL, NULL, &error);
    g_assert_no_error (error);
  }
  attest_window_merge (f->window, copy);
  g_assert_true (attest_test_wait_for_text (GTK_WIDGET (f->window),
                                            "Merged: 2 claims added, 0 updated, 0 deleted; 0 articles added"));
}

static void
test_analysis (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestStore) boris = attest_store_open (f->db, ATTEST_STORE_OPEN_DEFAULT, &error);
  g_autofree char *folder_path = g_build_filename (f->dir, "charts", NULL);
  g_autoptr(GFile) folder = g_file_new_for_path (folder_path);
  g_autofree char *svg = NULL;
  AttestAnalysisWindow *analysis = NULL;
  const AttestClaimSpec ana[] = {
    { 1453, 1479, "troop-deployment", NULL, NULL },
    { 1200, 1260, "debt-deal", NULL, NULL },
  };
  const AttestClaimSpec theirs[] = {
    { 1453, 1479, "troop-deployment", NULL, NULL },   /* agrees with Ana */
    { 1190, 1260, "military-base", NULL, NULL },      /* overlaps, differs */
  };

  g_assert_no_error (error);
  g_assert_true (attest_store_set_annotator (boris, "Boris", NULL));
  g_assert_nonnull (attest_store_add_claims (f->store, "3", ana, 2, &error));
  g_assert_nonnull (attest_store_add_claims (boris, "3", theirs, 2, &error));
  g_assert_no_error (error);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.analysis", NULL));
  attest_test_spin (300);
  for (GList *l = gtk_window_list_toplevels (); l; l = g_list_delete_link (l, l))
    if (ATTEST_IS_ANALYSIS_WINDOW (l->data))
      analysis = l->data;
  g_assert_nonnull (analysis);
  gtk_window_set_default_size (GTK_WINDOW (analysis), 1000, 900);

  g_assert_true (attest_test_wait_for_text (GTK_WIDGET (analysis), "4 claims, 0 links to sources"));
  screenshot (GTK_WIDGET (analysis), "analysis-statistics.png");

  attest_analysis_window_show_page (analysis, "agreement");
  g_assert_true (attest_test_wait_for_text (GTK_WIDGET (analysis), "Ana Analyst – Boris"));
  g_assert_true (attest_test_shows_text (GTK_WIDGET (analysis), "Krippendorff’s α"));
  screenshot (GTK_WIDGET (analysis), "analysis-agreement.png");

  attest_analysis_window_show_page (analysis, "curation");
  /* Article 3 is the third in the list. */
  adw_combo_row_set_selected (ADW_COMBO_ROW (gtk_widget_get_template_child (GTK_WIDGET (analysis),
                                                                            ATTEST_TYPE_ANALYSIS_WINDOW,
                                                                            "curation_document_row")), 2);
  g_assert_true (attest_test_wait_for_text (GTK_WIDGET (analysis), "Agreement · 1453–1479"));
  g_assert_true (attest_test_shows_text (GTK_WIDGET (analysis), "Disagreement · 1190–1260"));
  screenshot (GTK_WIDGET (analysis), "analysis-curation.png");

  /* Charts leave as SVG and PNG. */
  g_assert_cmpint (g_mkdir_with_parents (folder_path, 0755), ==, 0);
  g_assert_true (attest_analysis_window_export_charts (analysis, folder, "svg", &error));
  g_assert_true (attest_analysis_window_export_charts (analysis, folder, "png", &error));
  g_assert_no_error (error);
  {
    g_autofree char *path = g_build_filename (folder_path, "claims-per-category.svg", NULL);
    g_autofree char *png = g_build_filename (folder_path, "claims-per-annotator.png", NULL);
    g_autofree char *head = NULL;
    gsize len = 0;

    g_assert_true (g_file_get_contents (path, &svg, NULL, NULL));
    g_assert_nonnull (strstr (svg, "<svg"));
    g_assert_true (g_file_get_contents (png, &head, &len, NULL));
    g_assert_cmpuint (len, >, 100);
    g_assert_true (memcmp (head, "\x89PNG", 4) == 0);
  }
  gtk_window_destroy (GTK_WINDOW (analysis));
  attest_test_remove_tree (folder_path);
}

static void
test_export (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *target = g_build_filename (f->dir, "accepted.tei.xml", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (target);
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestClaim) claim = NULL;
  g_autofree char *xml = NULL;
  AttestExportDialog *dialog;
  gint64 deadline;

  /* One accepted claim and one draft: the export keeps the accepted one. */
  claim = attest_store_add_claim (f->store, "3", 1453, 1479, "troop-deployment", "high", NULL, &error);
  g_assert_no_error (error);
  g_free (claim->status);
  claim->status = g_strdup ("accepted");
  g_assert_true (attest_store_update_claim (f->store, claim, &error));
  g_clear_object (&claim);
  claim = attest_store_add_claim (f->store, "3", 0, 11, "statement-position", NULL, NULL, &error);
  g_assert_no_error (error);

  /* Two articles of one title (issue 16): told apart in the list. */
  g_assert_true (attest_store_set_document_field (f->store, "1", "title", "Russia and Tajikistan agree", &error));
  g_assert_true (attest_store_set_document_field (f->store, "2", "title", "Russia and Tajikistan agree", &error));
  g_assert_no_error (error);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.export", NULL));
  attest_test_spin (200);
  dialog = NULL;
  for (GList *l = gtk_window_list_toplevels (); l; l = g_list_delete_link (l, l))
    if (ATTEST_IS_EXPORT_DIALOG (l->data))
      dialog = l->data;
  g_assert_nonnull (dialog);
  screenshot (GTK_WIDGET (dialog), "window-export.png");
  {
    AdwComboRow *row = ADW_COMBO_ROW (gtk_widget_get_template_child (GTK_WIDGET (dialog), ATTEST_TYPE_EXPORT_DIALOG,
                                                                     "document_row"));
    GListModel *titles = adw_combo_row_get_model (row);
    g_autoptr(GHashTable) distinct = g_hash_table_new (g_str_hash, g_str_equal);
    guint alike = 0;

    g_assert_cmpuint (g_list_model_get_n_items (titles), ==, 6);
    for (guint i = 0; i < 6; i++)
      {
        const char *title = gtk_string_list_get_string (GTK_STRING_LIST (titles), i);

        g_assert_true (g_hash_table_add (distinct, (gpointer) title));
        if (g_str_has_prefix (title, "Russia and Tajikistan agree ("))
          alike++;
      }
    g_assert_cmpuint (alike, ==, 2);
  }

  attest_export_dialog_set_format (dialog, "tei");
  attest_export_dialog_set_filter (dialog, NULL, "accepted");
  attest_export_dialog_export_to (dialog, file);
  deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  while (g_file_query_exists (file, NULL) == FALSE && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  attest_test_spin (300);

  g_assert_true (g_file_get_contents (target, &xml, NULL, NULL));
  g_assert_true (g_str_has_prefix (xml, "<?xml"));
  g_assert_nonnull (strstr (xml, "<teiCorpus"));
  g_assert_nonnull (strstr (xml, "#troop-deployment"));
  g_assert_null (strstr (xml, "\"#statement-position\""));
  g_assert_true (attest_test_wait_for_text (GTK_WIDGET (f->window), "Exported 1 claim to accepted.tei.xml"));
  /* The toast offers to open what was written. */
  {
    GtkWidget *overlay = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (f->window), ATTEST_TYPE_WINDOW,
                                                                    "toast_overlay"));
    GtkWidget *open = attest_test_find_button (overlay, "_Open");
    g_autofree char *uri = g_file_get_uri (file);

    g_assert_nonnull (open);
    g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (open)), ==, "win.open-export");
    g_assert_cmpstr (g_variant_get_string (gtk_actionable_get_action_target_value (GTK_ACTIONABLE (open)), NULL),
                     ==, uri);
  }
}

/* brat from the Export dialog: a new folder with each article's files. */
static void
test_export_brat (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *target = g_build_filename (f->dir, "claims-brat", NULL);
  g_autofree char *conf = g_build_filename (target, "annotation.conf", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (target);
  g_autoptr(GFile) conf_file = g_file_new_for_path (conf);
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestClaim) claim = NULL;
  AttestExportDialog *dialog = NULL;
  gint64 deadline;

  claim = attest_store_add_claim (f->store, "3", 1453, 1479, "troop-deployment", "high", NULL, &error);
  g_assert_no_error (error);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.export", NULL));
  attest_test_spin (200);
  for (GList *l = gtk_window_list_toplevels (); l; l = g_list_delete_link (l, l))
    if (ATTEST_IS_EXPORT_DIALOG (l->data))
      dialog = l->data;
  g_assert_nonnull (dialog);

  attest_export_dialog_set_format (dialog, "brat");
  attest_export_dialog_export_to (dialog, file);
  deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  while (!g_file_query_exists (conf_file, NULL) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (attest_test_wait_for_text (GTK_WIDGET (f->window), "Exported 1 claim to claims-brat"));
  {
    g_autofree char *text = attest_test_read_file (conf);

    g_assert_nonnull (strstr (text, "[entities]\ntroop-deployment\n"));
  }
}

static void
test_read_only (void)
{
  g_autofree char *dir = attest_test_make_tmp_dir ("attest-window-XXXXXX");
  g_autofree char *db = g_build_filename (dir, "shared.db", NULL);
  g_autofree char *sample = attest_test_sample_path (attest_test_samples[0]);
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestStore) store = NULL;
  AttestWindow *window;
  GtkRevealer *bar;
  GtkWidget *import_button;

  {
    g_autoptr(AttestStore) writer = attest_store_open (db, ATTEST_STORE_OPEN_DEFAULT, &error);
    g_autoptr(GFile) file = g_file_new_for_path (sample);
    g_autoptr(AttestDocument) doc = attest_article_reader_read_file (file, NULL, &error);
    g_autoptr(AttestDocument) stored = attest_store_add_document (writer, doc, NULL, &error);
    g_assert_no_error (error);
  }
  store = attest_store_open (db, ATTEST_STORE_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);

  window = attest_window_new (NULL);
  gtk_window_present (GTK_WINDOW (window));
  attest_window_set_store (window, store);
  attest_test_spin (200);
  bar = GTK_REVEALER (gtk_widget_get_template_child (GTK_WIDGET (window), ATTEST_TYPE_WINDOW, "read_only_revealer"));
  import_button = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window), ATTEST_TYPE_WINDOW, "import_button"));
  g_assert_true (gtk_revealer_get_reveal_child (bar));
  g_assert_true (attest_test_wait_for_text (GTK_WIDGET (window), "read-only"));
  g_assert_false (gtk_widget_get_sensitive (import_button));
  screenshot (GTK_WIDGET (window), "window-read-only.png");
  gtk_window_destroy (GTK_WINDOW (window));
  attest_test_spin (50);
  g_clear_object (&store);
  attest_test_remove_tree (dir);
}

/* The window opens as it was left: size, inspector and list from the settings
 * (read once the application is set, which is after construction). */
static void
test_restores_state (void)
{
  GSettings *settings = attest_application_get_settings (test_application ());
  AttestWindow *window;
  int width, height;

  g_settings_set_int (settings, "window-width", 1111);
  g_settings_set_int (settings, "window-height", 777);
  g_settings_set_boolean (settings, "show-inspector", FALSE);
  g_settings_set_boolean (settings, "show-sidebar", FALSE);
  window = attest_window_new (GTK_APPLICATION (test_application ()));
  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  g_assert_cmpint (width, ==, 1111);
  g_assert_cmpint (height, ==, 777);
  /* The inspector is a flap beside the article: hidden, it is not revealed. */
  g_assert_false (adw_flap_get_reveal_flap (ADW_FLAP (gtk_widget_get_template_child (GTK_WIDGET (window),
                                                                                    ATTEST_TYPE_WINDOW,
                                                                                    "inspector_flap"))));
  g_assert_false (adw_flap_get_reveal_flap (ADW_FLAP (gtk_widget_get_template_child (GTK_WIDGET (window),
                                                                                    ATTEST_TYPE_WINDOW,
                                                                                    "sidebar_flap"))));
  g_settings_reset (settings, "window-width");
  g_settings_reset (settings, "window-height");
  g_settings_reset (settings, "show-inspector");
  g_settings_reset (settings, "show-sidebar");
  gtk_window_destroy (GTK_WINDOW (window));
  attest_test_spin (50);
}

/* A long passage does not push the claim's controls away: at 360 px wide
 * the quote is cut at four lines, the category, status and certainty are
 * on the first screen, and the whole quote is the label's tooltip. */
static void
test_inspector_narrow (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) categories = attest_store_list_categories (f->store, TRUE, &error);
  g_autoptr(AttestClaim) claim = attest_store_add_claim (f->store, "3", 0, 1500, "troop-deployment", NULL, NULL,
                                                         &error);
  GtkWidget *window = gtk_window_new ();
  AttestInspector *inspector = g_object_new (ATTEST_TYPE_INSPECTOR, NULL);
  GtkWidget *quote = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (inspector), ATTEST_TYPE_INSPECTOR,
                                                                "quote_label"));
  GtkWidget *certainty = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (inspector), ATTEST_TYPE_INSPECTOR,
                                                                    "certainty_row"));
  graphene_point_t bottom;
  g_autofree char *tooltip = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (g_utf8_strlen (claim->quote, -1), ==, 1500);
  gtk_window_set_default_size (GTK_WINDOW (window), 360, 720);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (inspector));
  gtk_window_present (GTK_WINDOW (window));
  attest_inspector_set_categories (inspector, categories);
  attest_inspector_set_claim (inspector, claim, NULL);
  attest_test_spin (300);
  screenshot (window, "inspector-360.png");

  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (inspector)), <=, 360);
  g_assert_cmpint (gtk_label_get_lines (GTK_LABEL (quote)), ==, 4);
  g_assert_cmpint (gtk_label_get_ellipsize (GTK_LABEL (quote)), ==, PANGO_ELLIPSIZE_END);
  /* Four lines of text, not the 30 or so the passage takes. */
  g_assert_cmpint (gtk_widget_get_height (quote), <, 120);
  g_assert_true (gtk_widget_compute_point (certainty, GTK_WIDGET (inspector),
                                           &GRAPHENE_POINT_INIT (0, gtk_widget_get_height (certainty)), &bottom));
  g_assert_cmpfloat (bottom.y, <, 720);
  tooltip = g_strdup_printf ("“%s”", claim->quote);
  g_assert_cmpstr (gtk_widget_get_tooltip_text (quote), ==, tooltip);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Resizes the window and waits (with a deadline) until it is laid out at
 * that width (less the few pixels of its frame's shadow). */
static void
resize_window (AttestWindow *window,
               int           width,
               int           height)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  while (ABS (gtk_widget_get_width (GTK_WIDGET (window)) - width) > 24 && g_get_monotonic_time () < deadline)
    attest_test_spin (20);
  g_assert_cmpint (ABS (gtk_widget_get_width (GTK_WIDGET (window)) - width), <=, 24);
  /* The folding animates: until it is over. */
  attest_test_spin (400);
}

static gpointer
window_child (Fixture    *f,
              const char *name)
{
  return gtk_widget_get_template_child (GTK_WIDGET (f->window), ATTEST_TYPE_WINDOW, name);
}

/* Any window size (issue 16): wide, the list, the article and the
 * inspector side by side; at 800 px the panes fold away and the inspector
 * comes over the article on its toggle; narrow, the header keeps what has
 * no other way in. The title is the article's, the database's name below
 * it; the layers button shows a filter. */
static void
count_reveal (GtkRevealer *revealer,
              GParamSpec  *pspec,
              guint       *shown)
{
  if (gtk_revealer_get_reveal_child (revealer))
    (*shown)++;
}

/* An import's progress is shown where the user sees it: in the article
 * list when it is open, under the header bar when the list is hidden or
 * folded away, and nowhere once the import is over. */
static void
test_import_progress (Fixture       *f,
                             gconstpointer  data)
{
  g_autofree char *folder = g_build_filename (f->dir, "wires", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (folder);
  GtkRevealer *bar = window_child (f, "import_revealer");
  GFile *files[1] = { file };
  guint shown = 0;

  g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);
  for (guint i = 0; i < 40; i++)
    {
      g_autofree char *name = g_strdup_printf ("wire-%02u.txt", i);
      g_autofree char *path = g_build_filename (folder, name, NULL);
      g_autofree char *text = g_strdup_printf ("Wire %u\n\nTroops moved to the border (Interfax, Moscow, "
                                               "December %u).\n", i, i % 28 + 1);

      g_assert_true (g_file_set_contents (path, text, -1, NULL));
    }
  g_signal_connect (bar, "notify::reveal-child", G_CALLBACK (count_reveal), &shown);

  /* Wide: the list is open and shows the count; no second bar. */
  resize_window (f->window, 1400, 800);
  g_assert_true (adw_flap_get_reveal_flap (window_child (f, "sidebar_flap")));
  attest_window_import_files (f->window, files, 1);
  wait_for_import (f->window);
  g_assert_cmpuint (shown, ==, 0);
  g_assert_false (gtk_revealer_get_reveal_child (bar));

  /* The list hidden (its button, or folded away in a narrow window): the
   * bar under the header shows. */
  attest_test_remove_tree (folder);
  g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);
  for (guint i = 0; i < 40; i++)
    {
      g_autofree char *name = g_strdup_printf ("dispatch-%02u.txt", i);
      g_autofree char *path = g_build_filename (folder, name, NULL);
      g_autofree char *text = g_strdup_printf ("Dispatch %u\n\nGuards closed the crossing (Reuters, %u May).\n",
                                               i, i % 28 + 1);

      g_assert_true (g_file_set_contents (path, text, -1, NULL));
    }
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-sidebar", NULL));
  attest_test_spin (400);
  g_assert_false (adw_flap_get_reveal_flap (window_child (f, "sidebar_flap")));
  attest_window_import_files (f->window, files, 1);
  wait_for_import (f->window);
  g_assert_cmpuint (shown, >=, 1);
  g_assert_false (gtk_revealer_get_reveal_child (bar));
  g_assert_true (attest_test_wait_for_text (GTK_WIDGET (f->window), "40 articles imported"));
}

static void
test_layout (Fixture       *f,
             gconstpointer  data)
{
  AdwFlap *sidebar = window_child (f, "sidebar_flap");
  AdwFlap *inspector = window_child (f, "inspector_flap");
  AdwWindowTitle *title = window_child (f, "window_title");
  GtkWidget *layers = window_child (f, "layers_button");
  g_autofree char *window_title = NULL;
  g_autoptr(AttestClaim) claim = NULL;
  g_autoptr(GError) error = NULL;

  resize_window (f->window, 1400, 900);
  g_assert_true (gtk_widget_get_visible (window_child (f, "sidebar_button")));
  g_assert_true (gtk_widget_get_visible (window_child (f, "inspector_button")));
  g_assert_false (adw_flap_get_folded (sidebar));
  g_assert_false (adw_flap_get_folded (inspector));
  g_assert_true (adw_flap_get_reveal_flap (sidebar));
  g_assert_true (adw_flap_get_reveal_flap (inspector));

  /* The open article's title, not the file's name; "team.db" is "team". */
  g_assert_cmpstr (adw_window_title_get_subtitle (title), ==, "team");
  g_assert_cmpstr (adw_window_title_get_title (title), !=, "team.db");
  g_assert_cmpuint (strlen (adw_window_title_get_title (title)), >, 0);
  window_title = g_strdup_printf ("%s — Attest", adw_window_title_get_title (title));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (f->window)), ==, window_title);

  resize_window (f->window, 800, 600);
  g_assert_true (adw_flap_get_folded (sidebar));
  g_assert_true (adw_flap_get_folded (inspector));
  g_assert_false (adw_flap_get_reveal_flap (sidebar));
  g_assert_false (adw_flap_get_reveal_flap (inspector));
  g_assert_true (gtk_widget_get_visible (window_child (f, "import_button")));
  /* F9's action brings the inspector over the article, and takes it away. */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-inspector", NULL);
  attest_test_spin (400);
  g_assert_true (adw_flap_get_reveal_flap (inspector));
  g_assert_cmpint (gtk_widget_get_width (window_child (f, "inspector")), >=, 300);
  screenshot (GTK_WIDGET (f->window), "window-800-inspector.png");
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-inspector", NULL);
  g_assert_false (adw_flap_get_reveal_flap (inspector));
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-sidebar", NULL);
  attest_test_spin (400);
  g_assert_true (adw_flap_get_reveal_flap (sidebar));
  screenshot (GTK_WIDGET (f->window), "window-800-sidebar.png");
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-sidebar", NULL);
  attest_test_spin (400);
  g_assert_false (adw_flap_get_reveal_flap (sidebar));
  /* Searching the articles (Shift+Ctrl+F) brings the folded list. */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.search", NULL);
  g_assert_true (adw_flap_get_reveal_flap (sidebar));
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-sidebar", NULL);
  attest_test_spin (400);
  g_assert_false (adw_flap_get_reveal_flap (sidebar));

  /* A claim clicked in the article brings the folded inspector over it. */
  claim = attest_store_add_claim (f->store, "3", 1453, 1479, "troop-deployment", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (attest_window_open_document (f->window, "3"));
  g_assert_false (adw_flap_get_reveal_flap (inspector));
  g_signal_emit_by_name (article_view (f), "claim-activated", claim->uuid);
  g_assert_true (adw_flap_get_reveal_flap (inspector));
  g_assert_cmpstr (attest_window_get_selected_claim (f->window), ==, claim->uuid);
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-inspector", NULL);

  resize_window (f->window, 500, 700);
  g_assert_false (gtk_widget_get_visible (window_child (f, "import_button")));
  g_assert_false (gtk_widget_get_visible (window_child (f, "export_button")));
  g_assert_false (gtk_widget_get_visible (window_child (f, "redo_button")));
  g_assert_true (gtk_widget_get_visible (window_child (f, "layers_button")));
  screenshot (GTK_WIDGET (f->window), "window-500.png");

  /* Docked again, the inspector is shown as it was before folding. */
  resize_window (f->window, 1400, 900);
  g_assert_false (adw_flap_get_folded (inspector));
  g_assert_true (adw_flap_get_reveal_flap (inspector));
  g_assert_true (adw_flap_get_reveal_flap (sidebar));
  g_assert_true (gtk_widget_get_visible (window_child (f, "import_button")));
  /* The list hidden while docked stays hidden through a fold and back. */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-sidebar", NULL);
  g_assert_false (adw_flap_get_reveal_flap (sidebar));
  resize_window (f->window, 800, 600);
  resize_window (f->window, 1400, 900);
  g_assert_false (adw_flap_get_folded (sidebar));
  g_assert_false (adw_flap_get_reveal_flap (sidebar));
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-sidebar", NULL);
  g_assert_true (adw_flap_get_reveal_flap (sidebar));

  /* A filter on: another icon, and the accent colour. */
  g_assert_false (gtk_widget_has_css_class (layers, "layers-filtered"));
  attest_window_set_layer_visible (f->window, NULL, "draft", FALSE);
  g_assert_true (gtk_widget_has_css_class (layers, "layers-filtered"));
  g_assert_cmpstr (gtk_menu_button_get_icon_name (GTK_MENU_BUTTON (layers)), ==, "view-conceal-symbolic");
  screenshot (GTK_WIDGET (f->window), "window-layers-filtered.png");
  attest_window_set_layer_visible (f->window, NULL, "draft", TRUE);
  g_assert_false (gtk_widget_has_css_class (layers, "layers-filtered"));
  g_assert_cmpstr (gtk_menu_button_get_icon_name (GTK_MENU_BUTTON (layers)), ==, "view-reveal-symbolic");
}

int
main (int   argc,
      char *argv[])
{
  g_log_set_writer_func (log_writer, NULL, NULL);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  /* What GtkApplication does for its resource-base-path: the app icons
   * (the empty state shows the symbolic one) come from the resource. */
  gtk_icon_theme_add_resource_path (gtk_icon_theme_get_for_display (gdk_display_get_default ()),
                                    "/io/github/attest/Attest/icons");

  g_test_add_func ("/window/templates", test_templates);
  g_test_add_func ("/window/empty-state", test_empty_state);
  g_test_add ("/window/annotate", Fixture, NULL, fixture_set_up, test_annotate, fixture_tear_down);
  g_test_add ("/window/bad-import", Fixture, NULL, fixture_set_up, test_bad_import, fixture_tear_down);
  g_test_add ("/window/import-documents", Fixture, NULL, fixture_set_up, test_import_documents, fixture_tear_down);
  g_test_add ("/window/import-annotations", Fixture, NULL, fixture_set_up, test_import_annotations, fixture_tear_down);
  g_test_add ("/window/import-folder", Fixture, NULL, fixture_set_up, test_import_folder, fixture_tear_down);
  g_test_add ("/window/import-progress", Fixture, NULL, fixture_set_up, test_import_progress,
              fixture_tear_down);
  g_test_add ("/window/live-refresh", Fixture, NULL, fixture_set_up, test_live_refresh, fixture_tear_down);
  g_test_add ("/window/merge", Fixture, NULL, fixture_set_up, test_merge, fixture_tear_down);
  g_test_add ("/window/analysis", Fixture, NULL, fixture_set_up, test_analysis, fixture_tear_down);
  g_test_add ("/window/export", Fixture, NULL, fixture_set_up, test_export, fixture_tear_down);
  g_test_add ("/window/export-brat", Fixture, NULL, fixture_set_up, test_export_brat, fixture_tear_down);
  g_test_add ("/window/inspector-narrow", Fixture, NULL, fixture_set_up, test_inspector_narrow, fixture_tear_down);
  g_test_add_func ("/window/read-only", test_read_only);
  g_test_add_func ("/window/restores-state", test_restores_state);
  g_test_add ("/window/layout", Fixture, NULL, fixture_set_up, test_layout, fixture_tear_down);

  return g_test_run ();
}
