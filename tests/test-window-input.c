/* test-window-input.c — "Never lose work", with real keys and clicks through
 * XTest in windows of the real application (its accelerators included):
 * Delete and the digits act on claims only in the article; a comment is
 * saved as typed and kept when another claim is clicked, the article changes
 * or the window closes, one undo step per editing, conflicts asked about;
 * the annotator name in Preferences is saved as typed, blank refused; the
 * first launch asks for it. Each checks the database or the settings, not
 * the widgets alone. Also corrections made in the window (the article's
 * properties, sources marked and unmarked), each undone. */
#include "test-window-fixture.h"
#include "attest-test-input.h"

/* ------------------------------------------------- never lose work (real input) */

static Input input;

static gboolean
start_input (void)
{
  if (!input_open (&input))
    {
      g_test_skip ("no XTest on this display");
      return FALSE;
    }
  return TRUE;
}

static GtkWidget *
window_child (Fixture    *f,
              const char *name)
{
  return GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (f->window), ATTEST_TYPE_WINDOW, name));
}

static GtkWidget *
comment_row (Fixture *f)
{
  return GTK_WIDGET (gtk_widget_get_template_child (window_child (f, "inspector"), ATTEST_TYPE_INSPECTOR,
                                                    "comment_row"));
}

static gint64
find_text (Fixture    *f,
           const char *text)
{
  g_autoptr(AttestDocument) doc = attest_store_get_document (f->store, "3", NULL);
  gint64 offset = attest_document_find (doc, text, 0);

  g_assert_cmpint (offset, >=, 0);
  return offset;
}

/* The pointer over character @offset of the article (scrolled into view). */
static void
move_to_offset (Fixture *f,
                gint64   offset)
{
  GtkTextView *tv = attest_article_view_get_text_view (article_view (f));
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (tv);
  GtkTextIter iter;
  GdkRectangle loc;
  int wx, wy;

  gtk_text_buffer_get_iter_at_offset (buffer, &iter, (int) offset);
  gtk_text_view_scroll_to_iter (tv, &iter, 0.2, FALSE, 0, 0);
  attest_test_spin (100);
  gtk_text_view_get_iter_location (tv, &iter, &loc);
  gtk_text_view_buffer_to_window_coords (tv, GTK_TEXT_WINDOW_WIDGET, loc.x + 2, loc.y + loc.height / 2, &wx, &wy);
  input_move_to (&input, GTK_WIDGET (tv), wx, wy);
}

/* A drag over [start, end) of the article, as a hand selects text. */
static void
drag_select (Fixture *f,
             gint64   start,
             gint64   end)
{
  move_to_offset (f, start);
  input_button (&input, TRUE);
  move_to_offset (f, start + 3);
  move_to_offset (f, end);
  input_button (&input, FALSE);
}

/* A click into the text of claim @uuid (at @offset) selects it. */
static void
click_claim (Fixture    *f,
             gint64      offset,
             const char *uuid)
{
  move_to_offset (f, offset);
  input_button (&input, TRUE);
  input_button (&input, FALSE);
  INPUT_WAIT_UNTIL (g_strcmp0 (attest_window_get_selected_claim (f->window), uuid) == 0);
  g_assert_cmpstr (attest_window_get_selected_claim (f->window), ==, uuid);
}

static gboolean
has_focus_within (GtkWidget *widget)
{
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *focus = root ? gtk_root_get_focus (root) : NULL;

  return focus != NULL && (focus == widget || gtk_widget_is_ancestor (focus, widget));
}

/* The mapped label under @widget whose text contains @text. */
static GtkWidget *
find_label (GtkWidget  *widget,
            const char *text)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget) &&
      strstr (gtk_label_get_text (GTK_LABEL (widget)), text))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_label (child, text);
      if (found)
        return found;
    }
  return NULL;
}

static guint
n_claims (Fixture *f)
{
  g_autoptr(GPtrArray) all = claims (f);

  return all->len;
}

static char *
stored_comment (AttestStore *store,
                const char  *uuid)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestClaim) claim = attest_store_get_claim (store, uuid, &error);

  g_assert_no_error (error);
  return g_strdup (claim->comment);
}

/* Iterates until the stored comment of @uuid is @expected (the autosave
 * waits for a pause in the typing). */
static gboolean
comment_becomes (AttestStore *store,
                 const char  *uuid,
                 const char  *expected)
{
  gint64 until = g_get_monotonic_time () + INPUT_TIMEOUT_MS * G_TIME_SPAN_MILLISECOND;

  do
    {
      g_autofree char *text = stored_comment (store, uuid);

      if (g_strcmp0 (text, expected) == 0)
        return TRUE;
      input_iterate ();
    }
  while (g_get_monotonic_time () < until);
  return FALSE;
}

/* Item 1: Delete and the digits act on claims only while the article has
 * the focus; in the comment field and the search box they type. */
static void
test_keys_in_fields (Fixture       *f,
                     gconstpointer  data)
{
  GtkWidget *search = window_child (f, "search_entry");
  GtkWidget *comment = comment_row (f);
  GtkTextView *tv = attest_article_view_get_text_view (article_view (f));
  gint64 a = find_text (f, "201st Motor Rifle Division");
  gint64 b = find_text (f, "permanent Russian base");
  g_autofree char *uuid = NULL;
  g_autofree char *text = NULL;
  GtkWidget *popover;

  if (!start_input ())
    return;
  g_assert_true (attest_window_open_document (f->window, "3"));
  attest_test_spin (200);

  /* In the article: a drag, then 1, makes a claim (the categories hint is
   * open; the focus stays in the text). */
  gtk_widget_grab_focus (GTK_WIDGET (tv));
  drag_select (f, a, a + strlen ("201st Motor Rifle Division"));
  INPUT_WAIT_UNTIL (attest_test_find_popover (GTK_WIDGET (article_view (f))) != NULL);
  g_assert_nonnull (attest_test_find_popover (GTK_WIDGET (article_view (f))));
  input_key (&input, XK_1, 0);
  g_assert_cmpuint (n_claims (f), ==, 1);
  uuid = g_strdup (attest_window_get_selected_claim (f->window));
  g_assert_nonnull (uuid);

  /* In the comment field: Delete deletes a character, not the claim. */
  input_click (&input, comment);
  g_assert_true (has_focus_within (comment));
  input_type (&input, "needs check");
  for (int i = 0; i < 3; i++)
    input_key (&input, XK_Left, 0);
  input_key (&input, XK_Delete, 0);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (comment)), ==, "needs chck");
  g_assert_cmpuint (n_claims (f), ==, 1);
  g_assert_cmpstr (attest_window_get_selected_claim (f->window), ==, uuid);

  /* A digit there is a character too. */
  input_key (&input, XK_End, 0);
  input_type (&input, " 2");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (comment)), ==, "needs chck 2");
  g_assert_cmpuint (n_claims (f), ==, 1);

  /* With text selected in the article and its categories on screen, a
   * click on the search box goes to the search box: digits typed there
   * search, Delete deletes a character, and no claim is made or lost. */
  drag_select (f, b, b + strlen ("permanent Russian base"));
  INPUT_WAIT_UNTIL ((popover = attest_test_find_popover (GTK_WIDGET (article_view (f)))) != NULL);
  g_assert_nonnull (popover);
  input_click (&input, search);
  g_assert_true (has_focus_within (search));
  INPUT_WAIT_UNTIL (attest_test_find_popover (GTK_WIDGET (article_view (f))) == NULL);
  g_assert_null (attest_test_find_popover (GTK_WIDGET (article_view (f))));
  input_type (&input, "2005");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (search)), ==, "2005");
  g_assert_cmpuint (n_claims (f), ==, 1);
  input_key (&input, XK_Home, 0);
  input_key (&input, XK_Delete, 0);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (search)), ==, "005");
  g_assert_cmpuint (n_claims (f), ==, 1);
  g_assert_cmpstr (attest_window_get_selected_claim (f->window), ==, uuid);
  /* The comment typed before was saved when the focus left its field. */
  text = stored_comment (f->store, uuid);
  g_assert_cmpstr (text, ==, "needs chck 2");
  screenshot (GTK_WIDGET (f->window), "window-keys-in-search.png");

  /* Back in the article, Delete deletes the selected claim. */
  input_key (&input, XK_a, XK_Control_L);
  input_key (&input, XK_BackSpace, 0);
  attest_test_spin (100);
  click_claim (f, a + 4, uuid);
  g_assert_true (gtk_widget_has_focus (GTK_WIDGET (tv)));
  input_key (&input, XK_Delete, 0);
  g_assert_cmpuint (n_claims (f), ==, 0);
  g_assert_null (attest_window_get_selected_claim (f->window));
  /* and Ctrl+Z brings it back. */
  input_key (&input, XK_z, XK_Control_L);
  g_assert_cmpuint (n_claims (f), ==, 1);
  input_close (&input);
}

/* Item 2: a comment typed and not confirmed is kept when another claim is
 * clicked, saved after a pause, is one undo step, and is saved when the
 * article changes and when the window closes. */
static void
test_comment_autosave (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestClaim) first = NULL;
  g_autoptr(AttestClaim) second = NULL;
  GtkWidget *comment = comment_row (f);
  gint64 a = find_text (f, "201st Motor Rifle Division");
  gint64 b = find_text (f, "permanent Russian base");
  char *text;

  if (!start_input ())
    return;
  first = attest_store_add_claim (f->store, "3", a, a + 26, "troop-deployment", NULL, NULL, &error);
  g_assert_no_error (error);
  second = attest_store_add_claim (f->store, "3", b, b + 22, "military-base", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (attest_window_open_document (f->window, "3"));
  attest_test_spin (200);

  /* Typed, not confirmed, and another claim clicked at once. */
  click_claim (f, a + 4, first->uuid);
  input_click (&input, comment);
  input_type (&input, "needs a second source");
  click_claim (f, b + 4, second->uuid);
  text = stored_comment (f->store, first->uuid);
  g_assert_cmpstr (text, ==, "needs a second source");
  g_free (text);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (comment)), ==, "");

  /* Saved after a pause in the typing, while the field still has the focus;
   * two pauses, two saves. */
  input_click (&input, comment);
  input_type (&input, "first part");
  g_assert_true (comment_becomes (f->store, second->uuid, "first part"));
  g_assert_true (has_focus_within (comment));
  input_type (&input, " and more");
  g_assert_true (comment_becomes (f->store, second->uuid, "first part and more"));
  g_assert_true (has_focus_within (comment));
  screenshot (GTK_WIDGET (f->window), "window-comment-autosave.png");

  /* One undo step for the whole editing: back to no comment at all. */
  move_to_offset (f, b + 30);
  input_button (&input, TRUE);
  input_button (&input, FALSE);
  attest_test_spin (100);
  input_key (&input, XK_z, XK_Control_L);
  text = stored_comment (f->store, second->uuid);
  g_assert_null (text);
  input_key (&input, XK_z, XK_Control_L);   /* the first claim's comment */
  text = stored_comment (f->store, first->uuid);
  g_assert_null (text);
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.redo", NULL);
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.redo", NULL);
  text = stored_comment (f->store, second->uuid);
  g_assert_cmpstr (text, ==, "first part and more");
  g_free (text);

  /* The article changes while typing. */
  click_claim (f, a + 4, first->uuid);
  input_click (&input, comment);
  input_key (&input, XK_End, 0);
  input_type (&input, " checked");
  {
    GtkWidget *row = find_label (window_child (f, "document_list"), "issue 226");

    g_assert_nonnull (row);
    input_click (&input, row);
    INPUT_WAIT_UNTIL (g_strcmp0 (adw_window_title_get_subtitle (ADW_WINDOW_TITLE (window_child (f, "window_title"))),
                                 gtk_label_get_text (GTK_LABEL (row))) == 0);
  }
  text = stored_comment (f->store, first->uuid);
  g_assert_cmpstr (text, ==, "needs a second source checked");
  g_free (text);
  attest_test_spin (200);

  /* The window closes while typing. */
  g_assert_true (attest_window_open_document (f->window, "3"));
  attest_test_spin (200);
  click_claim (f, b + 4, second->uuid);
  input_click (&input, comment);
  input_key (&input, XK_End, 0);
  input_type (&input, " too");
  gtk_window_close (GTK_WINDOW (f->window));
  attest_test_spin (100);
  g_assert_null (f->window);
  text = stored_comment (f->store, second->uuid);
  g_assert_cmpstr (text, ==, "first part and more too");
  g_free (text);
  input_close (&input);
}

/* Every widget of @type under @widget, in order. */
static void
collect_type (GtkWidget *widget,
              GType      type,
              GPtrArray *found)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    g_ptr_array_add (found, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    collect_type (child, type, found);
}

static guint
count_citations (Fixture    *f,
                 const char *doc,
                 const char *kind)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) citations = attest_store_list_citations (f->store, doc, &error);
  guint n = 0;

  g_assert_no_error (error);
  for (guint i = 0; i < citations->len; i++)
    {
      AttestCitation *c = g_ptr_array_index (citations, i);

      if (kind == NULL || g_str_equal (attest_citation_kind_to_string (c->kind), kind))
        n++;
    }
  return n;
}

/* Correcting what was found, in the window: the article's properties, a
 * passage marked as a source, a source that is none; each undone. */
static void
test_corrections (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestDocument) doc = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  g_autoptr(GPtrArray) inspectors = g_ptr_array_new ();
  g_autoptr(GPtrArray) citations = NULL;
  AttestArticleView *view = article_view (f);
  AdwMessageDialog *dialog;
  gint64 start;

  g_assert_true (attest_window_open_document (f->window, "3"));
  attest_test_spin (100);

  /* Properties: a wrong date cannot be saved; a right one can. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.document-properties", NULL));
  attest_test_spin (200);
  dialog = attest_test_find_message_dialog ("Article Properties");
  g_assert_nonnull (dialog);
  collect_type (GTK_WIDGET (dialog), ADW_TYPE_ENTRY_ROW, rows);
  g_assert_cmpuint (rows->len, ==, 4);
  g_assert_cmpstr (gtk_editable_get_text (g_ptr_array_index (rows, 3)), ==, "Eurasia Daily Monitor");
  gtk_editable_set_text (g_ptr_array_index (rows, 0), "Russia’s Standing Grows in Central Asia");
  gtk_editable_set_text (g_ptr_array_index (rows, 2), "12 October 2004");
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "apply"));
  g_assert_true (attest_test_shows_text (GTK_WIDGET (dialog), "Write the date as year, month and day: 2005-04-21"));
  gtk_editable_set_text (g_ptr_array_index (rows, 2), "2004-10-12");
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "apply"));
  screenshot (GTK_WIDGET (dialog), "window-article-properties.png");
  adw_message_dialog_response (dialog, "apply");
  gtk_window_destroy (GTK_WINDOW (dialog));
  attest_test_spin (100);
  doc = attest_store_get_document (f->store, "3", &error);
  g_assert_cmpstr (doc->title, ==, "Russia’s Standing Grows in Central Asia");
  g_assert_cmpstr (doc->date, ==, "2004-10-12");
  g_clear_object (&doc);
  /* Year-less citations now have the article's year. */
  citations = attest_store_list_citations (f->store, "3", &error);
  g_assert_cmpstr (((AttestCitation *) g_ptr_array_index (citations, 0))->source->when, ==, "2004-10-12");
  g_clear_pointer (&citations, g_ptr_array_unref);

  /* Two fields changed, two steps to undo. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.undo", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.undo", NULL));
  attest_test_spin (50);
  doc = attest_store_get_document (f->store, "3", &error);
  g_assert_null (doc->title);
  g_assert_null (doc->date);
  g_clear_object (&doc);

  /* Mark as Source: the selection, prefilled as the outlet. */
  start = attest_document_find (attest_article_view_get_document (view), "Senior officers in the Russian air force", 0);
  g_assert_cmpint (start, >, 0);
  attest_article_view_set_selection (view, start, start + 40);
  g_assert_cmpuint (count_citations (f, "3", NULL), ==, 4);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.mark-source", NULL));
  attest_test_spin (200);
  dialog = attest_test_find_message_dialog ("Mark as Source");
  g_assert_nonnull (dialog);
  g_ptr_array_set_size (rows, 0);
  collect_type (GTK_WIDGET (dialog), ADW_TYPE_ENTRY_ROW, rows);
  g_assert_cmpuint (rows->len, ==, 3);
  g_assert_cmpstr (gtk_editable_get_text (g_ptr_array_index (rows, 0)), ==, "Senior officers in the Russian air force");
  gtk_editable_set_text (g_ptr_array_index (rows, 0), "");
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "apply"));
  gtk_editable_set_text (g_ptr_array_index (rows, 0), "Russian Air Force");
  screenshot (GTK_WIDGET (dialog), "window-mark-source.png");
  adw_message_dialog_response (dialog, "apply");
  gtk_window_destroy (GTK_WINDOW (dialog));
  attest_test_spin (100);
  g_assert_cmpuint (count_citations (f, "3", "marked"), ==, 1);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.undo", NULL));
  attest_test_spin (50);
  g_assert_cmpuint (count_citations (f, "3", "marked"), ==, 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.redo", NULL));
  attest_test_spin (50);
  g_assert_cmpuint (count_citations (f, "3", "marked"), ==, 1);

  /* Not a Source: the inspector's button on the article's source. */
  citations = attest_store_list_citations (f->store, "3", &error);
  collect_type (GTK_WIDGET (f->window), ATTEST_TYPE_INSPECTOR, inspectors);
  g_assert_cmpuint (inspectors->len, ==, 1);
  g_signal_emit_by_name (g_ptr_array_index (inspectors, 0), "remove-source",
                         ((AttestCitation *) g_ptr_array_index (citations, 0))->source->uuid);
  attest_test_spin (50);
  g_assert_cmpuint (count_citations (f, "3", NULL), ==, 4);
  g_assert_true (attest_test_shows_text (GTK_WIDGET (f->window), "Khovar News Agency is no longer a source here"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.undo", NULL));
  attest_test_spin (50);
  g_assert_cmpuint (count_citations (f, "3", NULL), ==, 5);
  screenshot (GTK_WIDGET (f->window), "window-corrections.png");
}

/* Item 2, failure path: someone else changes the claim while its comment
 * is being typed. The autosave is refused, never overwrites theirs, the
 * typed text is kept in the history and the user is asked, as for any
 * edit (attest-window.c: ATTEST_ERROR_CONFLICT). */
static void
test_comment_conflict (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestClaim) claim = NULL;
  g_autoptr(AttestStore) boris = NULL;
  g_autoptr(GPtrArray) history = NULL;
  GtkWidget *comment = comment_row (f);
  gint64 a = find_text (f, "201st Motor Rifle Division");
  AdwMessageDialog *dialog;
  gboolean kept = FALSE;
  char *text;

  if (!start_input ())
    return;
  claim = attest_store_add_claim (f->store, "3", a, a + 26, "troop-deployment", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (attest_window_open_document (f->window, "3"));
  attest_test_spin (200);
  click_claim (f, a + 4, claim->uuid);
  input_click (&input, comment);
  input_type (&input, "mine");

  /* Boris, in another connection, saves his comment first. */
  boris = attest_store_open (f->db, ATTEST_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_true (attest_store_set_annotator (boris, "Boris", &error));
  {
    g_autoptr(AttestClaim) his = attest_store_get_claim (boris, claim->uuid, &error);
    g_free (his->comment);
    his->comment = g_strdup ("theirs");
    g_assert_true (attest_store_update_claim (boris, his, &error));
    g_assert_no_error (error);
  }

  INPUT_WAIT_UNTIL (attest_test_find_message_dialog ("Claim Changed Meanwhile") != NULL);
  dialog = attest_test_find_message_dialog ("Claim Changed Meanwhile");
  g_assert_nonnull (dialog);
  screenshot (GTK_WIDGET (dialog), "window-comment-conflict.png");
  text = stored_comment (f->store, claim->uuid);
  g_assert_cmpstr (text, ==, "theirs");
  g_free (text);
  history = attest_store_list_history (f->store, claim->uuid, &error);
  for (guint i = 0; i < history->len; i++)
    {
      AttestHistoryEntry *e = g_ptr_array_index (history, i);
      if (g_str_equal (e->action, "conflict") && g_strcmp0 (e->new_value, "mine") == 0)
        kept = TRUE;
    }
  g_assert_true (kept);

  /* Applying mine is a deliberate choice. */
  input_click (&input, attest_test_find_button (GTK_WIDGET (dialog), "_Apply Mine"));
  INPUT_WAIT_UNTIL (attest_test_find_message_dialog ("Claim Changed Meanwhile") == NULL);
  text = stored_comment (f->store, claim->uuid);
  g_assert_cmpstr (text, ==, "mine");
  g_free (text);

  /* Again, and this time keep theirs (the default: Enter). */
  input_click (&input, comment);
  input_key (&input, XK_End, 0);
  input_type (&input, " again");
  {
    g_autoptr(AttestClaim) his = attest_store_get_claim (boris, claim->uuid, &error);
    g_free (his->comment);
    his->comment = g_strdup ("theirs again");
    g_assert_true (attest_store_update_claim (boris, his, &error));
  }
  INPUT_WAIT_UNTIL (attest_test_find_message_dialog ("Claim Changed Meanwhile") != NULL);
  dialog = attest_test_find_message_dialog ("Claim Changed Meanwhile");
  g_assert_nonnull (dialog);
  input_click (&input, attest_test_find_button (GTK_WIDGET (dialog), "_Keep Theirs"));
  INPUT_WAIT_UNTIL (attest_test_find_message_dialog ("Claim Changed Meanwhile") == NULL);
  text = stored_comment (f->store, claim->uuid);
  g_assert_cmpstr (text, ==, "theirs again");
  g_free (text);
  INPUT_WAIT_UNTIL (g_str_equal (gtk_editable_get_text (GTK_EDITABLE (comment)), "theirs again"));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (comment)), ==, "theirs again");
  input_close (&input);
}

static AttestPreferencesWindow *
find_preferences (void)
{
  AttestPreferencesWindow *found = NULL;

  for (GList *l = gtk_window_list_toplevels (); l; l = g_list_delete_link (l, l))
    if (ATTEST_IS_PREFERENCES_WINDOW (l->data) && gtk_widget_get_visible (l->data))
      found = l->data;
  return found;
}

/* Item 3: the name typed in Preferences is saved as typed, trimmed, with
 * no Enter; a blank or too long one is shown as wrong and not saved. */
static void
test_preferences_name (Fixture       *f,
                       gconstpointer  data)
{
  GSettings *settings = attest_application_get_settings (test_application ());
  g_autofree char *real = attest_rules_dup_default_annotator_name ();
  g_autofree char *saved = NULL;
  AttestPreferencesWindow *prefs;
  GtkWidget *row;
  GtkWidget *problem;

  if (!start_input ())
    return;
  g_settings_set_string (settings, "annotator-name", "");
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (application), "preferences"));
  g_action_group_activate_action (G_ACTION_GROUP (application), "preferences", NULL);
  INPUT_WAIT_UNTIL ((prefs = find_preferences ()) != NULL && gtk_widget_get_mapped (GTK_WIDGET (prefs)));
  g_assert_nonnull (prefs);
  row = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (prefs), ATTEST_TYPE_PREFERENCES_WINDOW,
                                                   "annotator_row"));
  problem = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (prefs), ATTEST_TYPE_PREFERENCES_WINDOW,
                                                       "annotator_problem"));
  /* The name in use: the real name while the setting is empty. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, real);

  /* Typed with spaces around, never confirmed: saved trimmed. */
  input_click (&input, row);
  input_key (&input, XK_a, XK_Control_L);
  input_type (&input, "  Boris Petrov  ");
  saved = g_settings_get_string (settings, "annotator-name");
  g_assert_cmpstr (saved, ==, "Boris Petrov");
  g_clear_pointer (&saved, g_free);
  /* …and the open window stamps new claims with it. */
  g_assert_cmpstr (attest_store_get_annotator (f->store), ==, "Boris Petrov");
  g_assert_false (gtk_widget_has_css_class (row, "error"));
  g_assert_false (gtk_widget_get_visible (problem));

  /* Blank: shown on the row, not saved. */
  input_key (&input, XK_a, XK_Control_L);
  input_key (&input, XK_BackSpace, 0);
  g_assert_true (gtk_widget_has_css_class (row, "error"));
  g_assert_nonnull (gtk_widget_get_tooltip_text (row));
  g_assert_true (gtk_widget_get_visible (problem));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (problem)), "blank"));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (problem)), "“Boris Petrov”"));
  saved = g_settings_get_string (settings, "annotator-name");
  g_assert_cmpstr (saved, ==, "Boris Petrov");
  g_clear_pointer (&saved, g_free);
  g_assert_cmpstr (attest_store_get_annotator (f->store), ==, "Boris Petrov");
  screenshot (GTK_WIDGET (prefs), "preferences-blank-name.png");

  /* Too long: the 201st character is refused; the 200 before it, a name
   * as typed, are what claims carry. */
  for (int i = 0; i < 201; i++)
    input_key (&input, XK_x, 0);
  g_assert_true (gtk_widget_has_css_class (row, "error"));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (problem)), "200"));
  saved = g_settings_get_string (settings, "annotator-name");
  g_assert_cmpint (strlen (saved), ==, 200);
  g_assert_true (strspn (saved, "x") == 200);
  g_clear_pointer (&saved, g_free);

  /* A name again, and the window closed with Escape: it is kept. */
  input_key (&input, XK_a, XK_Control_L);
  input_type (&input, "Dana");
  g_assert_false (gtk_widget_has_css_class (row, "error"));
  screenshot (GTK_WIDGET (prefs), "preferences-name.png");
  input_key_closing (&input, XK_Escape);
  INPUT_WAIT_UNTIL (find_preferences () == NULL);
  g_assert_null (find_preferences ());
  saved = g_settings_get_string (settings, "annotator-name");
  g_assert_cmpstr (saved, ==, "Dana");
  g_assert_cmpstr (attest_store_get_annotator (f->store), ==, "Dana");
  g_settings_reset (settings, "annotator-name");
  input_close (&input);
}

static AttestNameDialog *
find_name_dialog (void)
{
  AttestNameDialog *found = NULL;

  for (GList *l = gtk_window_list_toplevels (); l; l = g_list_delete_link (l, l))
    if (ATTEST_IS_NAME_DIALOG (l->data) && gtk_widget_get_visible (l->data))
      found = l->data;
  return found;
}

static void
destroy_app_windows (void)
{
  GList *windows;

  while ((windows = gtk_application_get_windows (GTK_APPLICATION (application))))
    gtk_window_destroy (windows->data);
  attest_test_spin (100);
}

/* Item 4: the first launch asks for the name, prefilled with the real
 * name; a blank one cannot be given; the answer is saved trimmed; the
 * question is not asked again. */
static void
test_first_launch (void)
{
  GSettings *settings = attest_application_get_settings (test_application ());
  g_autofree char *dir = attest_test_make_tmp_dir ("attest-window-XXXXXX");
  g_autofree char *db = g_build_filename (dir, "first.db", NULL);
  g_autofree char *real = attest_rules_dup_default_annotator_name ();
  g_autofree char *saved = NULL;
  AttestNameDialog *dialog;
  AttestWindow *window;
  GtkWidget *row;

  if (!start_input ())
    return;
  g_settings_reset (settings, "annotator-name");
  g_settings_reset (settings, "annotator-name-asked");
  g_settings_set_string (settings, "last-database", db);

  g_application_activate (G_APPLICATION (application));
  INPUT_WAIT_UNTIL ((dialog = find_name_dialog ()) != NULL && gtk_widget_get_mapped (GTK_WIDGET (dialog)));
  g_assert_nonnull (dialog);
  window = ATTEST_WINDOW (gtk_window_get_transient_for (GTK_WINDOW (dialog)));
  g_assert_true (ATTEST_IS_WINDOW (window));
  g_assert_nonnull (attest_window_get_store (window));
  row = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (dialog), ATTEST_TYPE_NAME_DIALOG, "name_row"));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, real);
  g_assert_true (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "use"));
  screenshot (GTK_WIDGET (dialog), "first-launch.png");

  /* Blank: refused; Enter does nothing. */
  input_click (&input, row);
  input_key (&input, XK_a, XK_Control_L);
  input_key (&input, XK_BackSpace, 0);
  g_assert_true (gtk_widget_has_css_class (row, "error"));
  g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "use"));
  screenshot (GTK_WIDGET (dialog), "first-launch-blank.png");
  input_key (&input, XK_Return, 0);
  attest_test_spin (200);
  g_assert_true (find_name_dialog () == dialog);
  saved = g_settings_get_string (settings, "annotator-name");
  g_assert_cmpstr (saved, ==, "");
  g_clear_pointer (&saved, g_free);
  g_assert_false (g_settings_get_boolean (settings, "annotator-name-asked"));

  /* A name with spaces around it, then Enter: saved trimmed. */
  input_type (&input, "  Dana Reviewer  ");
  g_assert_false (gtk_widget_has_css_class (row, "error"));
  input_key_closing (&input, XK_Return);
  INPUT_WAIT_UNTIL (find_name_dialog () == NULL);
  g_assert_null (find_name_dialog ());
  saved = g_settings_get_string (settings, "annotator-name");
  g_assert_cmpstr (saved, ==, "Dana Reviewer");
  g_clear_pointer (&saved, g_free);
  g_assert_true (g_settings_get_boolean (settings, "annotator-name-asked"));
  g_assert_cmpstr (attest_store_get_annotator (attest_window_get_store (window)), ==, "Dana Reviewer");

  /* Asked once: the next launch does not ask. */
  destroy_app_windows ();
  g_application_activate (G_APPLICATION (application));
  attest_test_spin (500);
  g_assert_null (find_name_dialog ());
  destroy_app_windows ();

  /* A name set before this question existed counts as the answer. */
  g_settings_reset (settings, "annotator-name-asked");
  g_settings_set_string (settings, "annotator-name", "Ana Analyst");
  g_application_activate (G_APPLICATION (application));
  attest_test_spin (500);
  g_assert_null (find_name_dialog ());
  g_assert_true (g_settings_get_boolean (settings, "annotator-name-asked"));
  destroy_app_windows ();

  g_settings_reset (settings, "annotator-name");
  g_settings_reset (settings, "last-database");
  g_settings_reset (settings, "recent-databases");
  input_close (&input);
  attest_test_remove_tree (dir);
}

/* ------------------------------------------------ the inspector (issue 16) */

static GtkWidget *
inspector_child (Fixture    *f,
                 const char *name)
{
  return GTK_WIDGET (gtk_widget_get_template_child (window_child (f, "inspector"), ATTEST_TYPE_INSPECTOR, name));
}

/* A claim of category @digit over @text, made as a hand does (select, digit). */
static char *
make_claim (Fixture    *f,
            const char *text,
            int         digit)
{
  gint64 start = find_text (f, text);

  attest_article_view_set_selection (article_view (f), start, start + g_utf8_strlen (text, -1));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (article_view (f)), "article.categorize", "i", digit));
  attest_test_spin (50);
  g_assert_nonnull (attest_window_get_selected_claim (f->window));
  return g_strdup (attest_window_get_selected_claim (f->window));
}

static AttestClaim *
stored_claim (Fixture    *f,
              const char *uuid)
{
  g_autoptr(GError) error = NULL;
  AttestClaim *claim = attest_store_get_claim (f->store, uuid, &error);

  g_assert_no_error (error);
  return claim;
}

/* The titles of the inspector's history rows, newest first, one a line. */
static char *
history_text (Fixture *f)
{
  GString *text = g_string_new (NULL);

  for (GtkWidget *row = gtk_widget_get_first_child (inspector_child (f, "history_list")); row;
       row = gtk_widget_get_next_sibling (row))
    if (ADW_IS_ACTION_ROW (row))
      g_string_append_printf (text, "%s\n", adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)));
  return g_string_free (text, FALSE);
}

static const char *
history_subtitle (Fixture *f)
{
  GtkWidget *row = gtk_widget_get_first_child (inspector_child (f, "history_list"));

  return row && ADW_IS_ACTION_ROW (row) ? adw_action_row_get_subtitle (ADW_ACTION_ROW (row)) : NULL;
}

/* Escape in the article, then in the inspector, deselects the claim; in
 * the comment field it is the field's. */
static void
test_escape_deselects (Fixture       *f,
                       gconstpointer  data)
{
  GtkTextView *tv = attest_article_view_get_text_view (article_view (f));
  GtkStack *claim_stack = GTK_STACK (inspector_child (f, "claim_stack"));
  g_autofree char *uuid = NULL;
  GtkWidget *delete_button;

  if (!start_input ())
    return;
  g_assert_true (attest_window_open_document (f->window, "3"));
  attest_test_spin (200);
  uuid = make_claim (f, "201st Motor Rifle Division", 1);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (claim_stack), ==, "claim");

  /* In the article, after a click on the claim (from no selection, so the
   * click is known to be handled before Escape is pressed). */
  attest_window_select_claim (f->window, NULL);
  gtk_widget_grab_focus (GTK_WIDGET (tv));
  attest_test_spin (50);
  click_claim (f, find_text (f, "201st Motor Rifle Division") + 4, uuid);
  input_key (&input, XK_Escape, 0);
  INPUT_WAIT_UNTIL (attest_window_get_selected_claim (f->window) == NULL);
  g_assert_null (attest_window_get_selected_claim (f->window));
  g_assert_null (attest_article_view_get_selected_claim (article_view (f)));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (claim_stack), ==, "none");

  /* In the comment field, Escape does not deselect. */
  attest_window_select_claim (f->window, uuid);
  attest_test_spin (50);
  input_click (&input, comment_row (f));
  g_assert_true (has_focus_within (comment_row (f)));
  input_key (&input, XK_Escape, 0);
  attest_test_spin (100);
  g_assert_cmpstr (attest_window_get_selected_claim (f->window), ==, uuid);

  /* In the inspector elsewhere (its Delete button has the focus): deselected. */
  delete_button = attest_test_find_button (window_child (f, "inspector"), "_Delete Claim");
  g_assert_nonnull (delete_button);
  gtk_widget_grab_focus (delete_button);
  attest_test_spin (50);
  g_assert_true (gtk_widget_has_focus (delete_button));
  input_key (&input, XK_Escape, 0);
  INPUT_WAIT_UNTIL (attest_window_get_selected_claim (f->window) == NULL);
  g_assert_null (attest_window_get_selected_claim (f->window));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (claim_stack), ==, "none");
  input_close (&input);
}

/* The linked attribution is bold while its claim is selected; a click on
 * its row in the inspector brings it into view. */
static void
test_source_row_shows_citation (Fixture       *f,
                                gconstpointer  data)
{
  AttestArticleView *view = article_view (f);
  GtkTextView *tv = attest_article_view_get_text_view (view);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (tv);
  GtkTextTag *linked;
  g_autoptr(GPtrArray) citations = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *uuid = NULL;
  AttestCitation *novye = NULL;
  GtkWidget *row;
  GtkTextIter iter;
  GdkRectangle visible, at;

  g_assert_true (attest_window_open_document (f->window, "3"));
  attest_test_spin (200);
  uuid = make_claim (f, "201st Motor Rifle Division", 1);
  citations = attest_store_list_citations (f->store, "3", &error);
  g_assert_no_error (error);
  for (guint i = 0; i < citations->len; i++)
    if (g_str_equal (((AttestCitation *) g_ptr_array_index (citations, i))->source->outlet, "Novye izvestiya"))
      novye = g_ptr_array_index (citations, i);
  g_assert_nonnull (novye);
  g_signal_emit_by_name (view, "citation-activated", novye);
  attest_test_spin (100);

  /* Marked while the claim is selected: its first and last character, not
   * the one before or after. */
  linked = gtk_text_tag_table_lookup (gtk_text_buffer_get_tag_table (buffer), "attest-linked");
  g_assert_nonnull (linked);
  gtk_text_buffer_get_iter_at_offset (buffer, &iter, (int) novye->start);
  g_assert_true (gtk_text_iter_has_tag (&iter, linked));
  gtk_text_buffer_get_iter_at_offset (buffer, &iter, (int) novye->end - 1);
  g_assert_true (gtk_text_iter_has_tag (&iter, linked));
  gtk_text_buffer_get_iter_at_offset (buffer, &iter, (int) novye->end);
  g_assert_false (gtk_text_iter_has_tag (&iter, linked));
  gtk_text_buffer_get_iter_at_offset (buffer, &iter, (int) novye->start - 1);
  g_assert_false (gtk_text_iter_has_tag (&iter, linked));

  /* Scrolled away to the end, a click on the claim's source row: the
   * citation is in view. (A low window, so that the article scrolls.) */
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1400, 420);
  {
    /* The resize and the scrolling land over a few frames. */
    gint64 until = g_get_monotonic_time () + INPUT_TIMEOUT_MS * G_TIME_SPAN_MILLISECOND;

    do
      {
        gtk_text_buffer_get_end_iter (buffer, &iter);
        gtk_text_view_scroll_to_iter (tv, &iter, 0, TRUE, 0, 1);
        attest_test_spin (100);
        gtk_text_buffer_get_iter_at_offset (buffer, &iter, (int) novye->start);
        gtk_text_view_get_visible_rect (tv, &visible);
        gtk_text_view_get_iter_location (tv, &iter, &at);
      }
    while (gdk_rectangle_intersect (&visible, &at, NULL) && g_get_monotonic_time () < until);
  }
  g_test_message ("visible %d+%d, citation at %d, chars %d", visible.y, visible.height, at.y, gtk_text_buffer_get_char_count (buffer));
  g_assert_false (gdk_rectangle_intersect (&visible, &at, NULL));
  row = gtk_widget_get_first_child (inspector_child (f, "linked_list"));
  g_assert_true (ADW_IS_ACTION_ROW (row));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, "Novye izvestiya, October 4");
  g_assert_true (gtk_list_box_row_get_activatable (GTK_LIST_BOX_ROW (row)));
  g_signal_emit_by_name (row, "activate");
  INPUT_WAIT_UNTIL ((gtk_text_view_get_visible_rect (tv, &visible), gtk_text_view_get_iter_location (tv, &iter, &at),
                     gdk_rectangle_intersect (&visible, &at, NULL)));
  g_assert_true (gdk_rectangle_intersect (&visible, &at, NULL));

  /* Deselected, the mark goes. */
  attest_window_select_claim (f->window, NULL);
  attest_test_spin (50);
  gtk_text_buffer_get_iter_at_offset (buffer, &iter, (int) novye->start);
  g_assert_false (gtk_text_iter_has_tag (&iter, linked));
  screenshot (GTK_WIDGET (f->window), "window-source-row.png");
}

/* The deletion's toast names the claim and its Undo brings it back. */
static void
test_delete_undo_toast (Fixture       *f,
                        gconstpointer  data)
{
  GtkWidget *overlay = window_child (f, "toast_overlay");
  g_autoptr(AttestClaim) back = NULL;
  g_autofree char *uuid = NULL;
  GtkWidget *undo;

  g_assert_true (attest_window_open_document (f->window, "3"));
  attest_test_spin (200);
  uuid = make_claim (f, "201st Motor Rifle Division", 1);
  g_assert_cmpuint (n_claims (f), ==, 1);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.delete-claim", NULL));
  g_assert_cmpuint (n_claims (f), ==, 0);
  g_assert_true (attest_test_wait_for_text (overlay, "Claim “201st Motor Rifle Division” deleted"));
  g_assert_false (attest_test_shows_text (overlay, uuid));
  undo = attest_test_find_button (overlay, "_Undo");
  g_assert_nonnull (undo);
  screenshot (GTK_WIDGET (f->window), "window-delete-toast.png");

  g_signal_emit_by_name (undo, "clicked");
  attest_test_spin (100);
  g_assert_cmpuint (n_claims (f), ==, 1);
  back = stored_claim (f, uuid);
  g_assert_cmpstr (back->quote, ==, "201st Motor Rifle Division");
  g_assert_cmpstr (back->category, ==, "troop-deployment");
  g_assert_cmpint (back->version, ==, 3);   /* created 1, deleted 2, restored 3 */
  g_assert_cmpstr (attest_window_get_selected_claim (f->window), ==, uuid);
}

/* A deletion undone by Ctrl+Z takes its toast away: its Undo would have
 * nothing left to undo (issue 16, F11). */
static void
test_delete_toast_gone_after_undo (Fixture       *f,
                                   gconstpointer  data)
{
  GtkWidget *overlay = window_child (f, "toast_overlay");
  g_autofree char *uuid = NULL;
  gint64 deadline;

  g_assert_true (attest_window_open_document (f->window, "3"));
  attest_test_spin (200);
  uuid = make_claim (f, "201st Motor Rifle Division", 1);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.delete-claim", NULL));
  g_assert_true (attest_test_wait_for_text (overlay, "Claim “201st Motor Rifle Division” deleted"));
  g_assert_nonnull (attest_test_find_button (overlay, "_Undo"));
  /* At once: the toast pushed aside by this one is still sliding out. */

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.undo", NULL));
  g_assert_cmpuint (n_claims (f), ==, 1);
  deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  while (attest_test_shows_text (overlay, "Claim “201st Motor Rifle Division” deleted") &&
         g_get_monotonic_time () < deadline)
    attest_test_spin (50);
  g_assert_false (attest_test_shows_text (overlay, "Claim “201st Motor Rifle Division” deleted"));
  g_assert_null (attest_test_find_button (overlay, "_Undo"));
}

/* Undo and redo say what they did in words, and an edit in another
 * article brings that article back with the claim selected (issue 16, F2). */
static void
test_undo_in_other_article (Fixture       *f,
                            gconstpointer  data)
{
  GtkWidget *overlay = window_child (f, "toast_overlay");
  g_autofree char *uuid = NULL;

  g_assert_true (attest_window_open_document (f->window, "3"));
  attest_test_spin (200);
  uuid = make_claim (f, "201st Motor Rifle Division", 1);
  g_assert_cmpuint (n_claims (f), ==, 1);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.undo", NULL));
  g_assert_cmpuint (n_claims (f), ==, 0);
  g_assert_true (attest_test_wait_for_text (overlay, "Undone: claim “201st Motor Rifle Division” created"));

  /* Another article open: redo recreates the claim in article 3, shown. */
  g_assert_true (attest_window_open_document (f->window, "1"));
  attest_test_spin (100);
  g_assert_null (attest_window_get_selected_claim (f->window));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.redo", NULL));
  g_assert_cmpuint (n_claims (f), ==, 1);
  g_assert_cmpstr (attest_window_get_selected_claim (f->window), ==, uuid);
  g_assert_true (attest_test_wait_for_text (overlay, "Redone: claim “201st Motor Rifle Division” created"));
  g_assert_false (attest_test_shows_text (overlay, "Undone: claim"));
}

/* Two edits undone with Ctrl+Z twice and redone: no conflict with oneself;
 * the history says each in words. */
static void
test_undo_twice_history (Fixture       *f,
                         gconstpointer  data)
{
  AdwComboRow *status = ADW_COMBO_ROW (inspector_child (f, "status_row"));
  AdwComboRow *certainty = ADW_COMBO_ROW (inspector_child (f, "certainty_row"));
  GtkWidget *overlay = window_child (f, "toast_overlay");
  g_autofree char *uuid = NULL;
  g_autofree char *history = NULL;
  AttestClaim *claim;

  if (!start_input ())
    return;
  g_assert_true (attest_window_open_document (f->window, "3"));
  attest_test_spin (200);
  uuid = make_claim (f, "201st Motor Rifle Division", 1);

  /* Certainty offers Unknown once: Unknown, Low, Medium, High. */
  g_assert_cmpuint (g_list_model_get_n_items (adw_combo_row_get_model (certainty)), ==, 4);
  g_assert_cmpuint (adw_combo_row_get_selected (certainty), ==, 0);

  adw_combo_row_set_selected (status, 1);       /* Accepted */
  attest_test_spin (50);
  adw_combo_row_set_selected (certainty, 3);    /* High */
  attest_test_spin (50);
  claim = stored_claim (f, uuid);
  g_assert_cmpstr (claim->status, ==, "accepted");
  g_assert_cmpstr (claim->certainty, ==, "high");
  g_assert_cmpint (claim->version, ==, 3);
  g_clear_object (&claim);
  history = history_text (f);
  g_assert_cmpstr (history, ==,
                   "Certainty: Unknown → High\n"
                   "Status: Draft → Accepted\n"
                   "Created as Troop deployment\n");
  g_clear_pointer (&history, g_free);
  /* Who · when, the day not padded: "Ana Analyst · 4 December 2026, 19:15". */
  g_assert_true (g_str_has_prefix (history_subtitle (f), "Ana Analyst · "));
  g_assert_true (g_ascii_isdigit (history_subtitle (f)[strlen ("Ana Analyst · ")]));

  /* Ctrl+Z, Ctrl+Z: both undone, exact values and versions. */
  gtk_widget_grab_focus (GTK_WIDGET (attest_article_view_get_text_view (article_view (f))));
  input_key (&input, XK_z, XK_Control_L);
  claim = stored_claim (f, uuid);
  g_assert_cmpstr (claim->certainty, ==, NULL);
  g_assert_cmpint (claim->version, ==, 4);
  g_clear_object (&claim);
  input_key (&input, XK_z, XK_Control_L);
  attest_test_spin (50);
  claim = stored_claim (f, uuid);
  g_assert_cmpstr (claim->status, ==, "draft");
  g_assert_cmpstr (claim->certainty, ==, NULL);
  g_assert_cmpint (claim->version, ==, 5);
  g_clear_object (&claim);
  g_assert_false (attest_test_shows_text (overlay, "changed by"));
  g_assert_cmpuint (adw_combo_row_get_selected (status), ==, 0);

  /* And redone twice. */
  input_key (&input, XK_y, XK_Control_L);
  input_key (&input, XK_y, XK_Control_L);
  attest_test_spin (50);
  claim = stored_claim (f, uuid);
  g_assert_cmpstr (claim->status, ==, "accepted");
  g_assert_cmpstr (claim->certainty, ==, "high");
  g_clear_object (&claim);

  history = history_text (f);
  g_assert_true (g_str_has_prefix (history, "Certainty: Unknown → High\n"
                                            "Status: Draft → Accepted\n"));
  g_assert_null (strstr (history, "draft"));
  g_assert_null (strstr (history, "accepted"));

  /* The article's claims: the start of the quote, then category, annotator
   * and status in words. */
  attest_inspector_show_page (ATTEST_INSPECTOR (window_child (f, "inspector")), "claims");
  INPUT_WAIT_UNTIL (find_label (inspector_child (f, "claims_list"), "Troop deployment · Ana Analyst · Accepted"));
  g_assert_nonnull (find_label (inspector_child (f, "claims_list"), "Troop deployment · Ana Analyst · Accepted"));
  g_assert_nonnull (find_label (inspector_child (f, "claims_list"), "201st Motor Rifle Division"));
  screenshot (GTK_WIDGET (f->window), "window-claims-tab.png");
  input_close (&input);
}

/* A claim curated into another says so with the other's passage, never
 * its uuid. */
static void
test_history_curated (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *a = NULL;
  g_autoptr(AttestClaim) merged = NULL;
  g_autofree char *history = NULL;
  const char *refs[2] = { NULL, NULL };

  g_assert_true (attest_window_open_document (f->window, "3"));
  attest_test_spin (200);
  a = make_claim (f, "201st Motor Rifle Division", 1);
  refs[0] = a;
  merged = attest_store_curate_merge (f->store, refs, -1, -1, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (attest_window_open_document (f->window, "3"));
  attest_test_spin (200);
  attest_window_select_claim (f->window, a);
  attest_test_spin (100);
  history = history_text (f);
  g_assert_cmpstr (history, ==,
                   "Curated into the claim “201st Motor Rifle Division”\n"
                   "Created as Troop deployment\n");
  g_assert_null (strstr (history, merged->uuid));
  g_clear_pointer (&history, g_free);

  attest_window_select_claim (f->window, merged->uuid);
  attest_test_spin (100);
  history = history_text (f);
  g_assert_true (g_str_has_prefix (history, "Curated from the claim “201st Motor Rifle Division”\n"));
  g_assert_null (strstr (history, a));
  g_clear_pointer (&history, g_free);

  /* A refused edit (saved over a newer version) is told in words too. */
  {
    g_autoptr(AttestClaim) ours = stored_claim (f, a);
    g_autoptr(AttestClaim) stale = stored_claim (f, a);

    g_free (ours->status);
    ours->status = g_strdup ("accepted");
    g_assert_true (attest_store_update_claim (f->store, ours, &error));
    g_assert_no_error (error);
    g_free (stale->status);
    stale->status = g_strdup ("rejected");
    g_assert_false (attest_store_update_claim (f->store, stale, &error));
    g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_CONFLICT);
    g_clear_error (&error);
  }
  attest_window_select_claim (f->window, NULL);
  attest_window_select_claim (f->window, a);
  attest_test_spin (100);
  history = history_text (f);
  g_assert_cmpstr (history, ==,
                   "Not saved: Status to Rejected — someone had set Accepted first\n"
                   "Status: Draft → Accepted\n"
                   "Curated into the claim “201st Motor Rifle Division”\n"
                   "Created as Troop deployment\n");
  g_clear_pointer (&history, g_free);

  /* Undoing the curation deletes the curated claim: the history no longer
   * points at it. */
  g_assert_true (attest_store_delete_claim (f->store, merged->uuid, &error));
  g_assert_no_error (error);
  g_assert_true (attest_window_open_document (f->window, "3"));
  attest_test_spin (200);
  attest_window_select_claim (f->window, a);
  attest_test_spin (100);
  history = history_text (f);
  g_assert_cmpstr (history, ==,
                   "Not saved: Status to Rejected — someone had set Accepted first\n"
                   "Status: Draft → Accepted\n"
                   "Curated into a claim that was later deleted\n"
                   "Created as Troop deployment\n");
}

/* F1 without a help browser: a message in words with a way on, never the
 * raw error of the help: URI. */
static void
test_help_without_yelp (Fixture       *f,
                        gconstpointer  data)
{
  AdwMessageDialog *dialog;

  g_setenv ("ATTEST_HELP_BROWSER", "attest-no-such-help-browser", TRUE);
  g_action_group_activate_action (G_ACTION_GROUP (test_application ()), "help", NULL);
  INPUT_WAIT_UNTIL (attest_test_find_message_dialog ("The User Guide Is Not Installed") != NULL);
  g_unsetenv ("ATTEST_HELP_BROWSER");
  dialog = attest_test_find_message_dialog ("The User Guide Is Not Installed");
  g_assert_nonnull (dialog);
  g_assert_true (g_str_has_prefix (adw_message_dialog_get_body (dialog),
                                   "The guide opens in GNOME’s help browser, Yelp, which is not installed"));
  g_assert_cmpstr (adw_message_dialog_get_response_label (dialog, "online"), ==, "Read _Online");
  g_assert_cmpstr (adw_message_dialog_get_response_label (dialog, "close"), ==, "_Close");
  g_assert_null (strstr (adw_message_dialog_get_body (dialog), "help:"));
  screenshot (GTK_WIDGET (dialog), "window-help-missing.png");
  adw_message_dialog_response (dialog, "close");
  gtk_window_destroy (GTK_WINDOW (dialog));
  attest_test_spin (50);
}

/* Read Online without a web browser: the address in words, selectable,
 * and Copy Address puts it on the clipboard (issue 16, F14). */
static void
test_help_without_browser (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GAppInfo) browser = g_app_info_get_default_for_uri_scheme ("https");
  AdwMessageDialog *dialog;
  GtkWidget *address;
  GdkClipboard *clipboard;
  gint64 deadline;

  if (browser != NULL)
    {
      g_test_skip ("a web browser is installed");
      return;
    }
  g_setenv ("ATTEST_HELP_BROWSER", "attest-no-such-help-browser", TRUE);
  g_action_group_activate_action (G_ACTION_GROUP (test_application ()), "help", NULL);
  INPUT_WAIT_UNTIL (attest_test_find_message_dialog ("The User Guide Is Not Installed") != NULL);
  g_unsetenv ("ATTEST_HELP_BROWSER");
  dialog = attest_test_find_message_dialog ("The User Guide Is Not Installed");
  adw_message_dialog_response (dialog, "online");
  gtk_window_destroy (GTK_WINDOW (dialog));
  INPUT_WAIT_UNTIL (attest_test_find_message_dialog ("Could Not Open a Web Browser") != NULL);
  dialog = attest_test_find_message_dialog ("Could Not Open a Web Browser");
  g_assert_nonnull (dialog);
  address = adw_message_dialog_get_extra_child (dialog);
  g_assert_true (GTK_IS_LABEL (address));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (address)), ==, "https://github.com/attest/attest/tree/main/help/C");
  g_assert_true (gtk_label_get_selectable (GTK_LABEL (address)));
  g_assert_cmpstr (adw_message_dialog_get_response_label (dialog, "copy"), ==, "_Copy Address");
  screenshot (GTK_WIDGET (dialog), "window-help-no-browser.png");

  adw_message_dialog_response (dialog, "copy");
  clipboard = gtk_widget_get_clipboard (GTK_WIDGET (dialog));
  deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  while (gdk_clipboard_get_content (clipboard) == NULL && g_get_monotonic_time () < deadline)
    attest_test_spin (50);
  g_assert_nonnull (gdk_clipboard_get_content (clipboard));
  {
    GValue text = G_VALUE_INIT;

    g_value_init (&text, G_TYPE_STRING);
    g_assert_true (gdk_content_provider_get_value (gdk_clipboard_get_content (clipboard), &text, NULL));
    g_assert_cmpstr (g_value_get_string (&text), ==, "https://github.com/attest/attest/tree/main/help/C");
    g_value_unset (&text);
  }
  gtk_window_destroy (GTK_WINDOW (dialog));
  attest_test_spin (50);
}

/* Open Sample Articles says that it switched databases, and its toast's
 * button goes back. */
static void
test_samples_switch (Fixture       *f,
                     gconstpointer  data)
{
  GtkWidget *overlay = window_child (f, "toast_overlay");
  g_autofree char *demo = g_build_filename (g_get_user_data_dir (), "attest", "demo.db", NULL);
  GtkWidget *back;

  g_assert_cmpstr (attest_store_get_path (attest_window_get_store (f->window)), ==, f->db);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.open-samples", NULL));
  INPUT_WAIT_UNTIL (attest_test_shows_text (overlay, "Opened the sample articles, kept in a database of their own"));
  g_assert_cmpstr (attest_store_get_path (attest_window_get_store (f->window)), ==, demo);
  back = attest_test_find_button (overlay, "_Back to Your Database");
  g_assert_nonnull (back);
  screenshot (GTK_WIDGET (f->window), "window-samples-toast.png");
  g_signal_emit_by_name (back, "clicked");
  INPUT_WAIT_UNTIL (g_strcmp0 (attest_store_get_path (attest_window_get_store (f->window)), f->db) == 0);
  g_assert_cmpstr (attest_store_get_path (attest_window_get_store (f->window)), ==, f->db);
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

  g_test_add ("/window/corrections", Fixture, NULL, fixture_set_up, test_corrections, fixture_tear_down);
  /* Never lose work: real input, in windows of the application. */
  g_test_add ("/window/keys-in-fields", Fixture, GINT_TO_POINTER (1), fixture_set_up, test_keys_in_fields,
              fixture_tear_down);
  g_test_add ("/window/comment-autosave", Fixture, GINT_TO_POINTER (1), fixture_set_up, test_comment_autosave,
              fixture_tear_down);
  g_test_add ("/window/comment-conflict", Fixture, GINT_TO_POINTER (1), fixture_set_up, test_comment_conflict,
              fixture_tear_down);
  g_test_add ("/window/preferences-name", Fixture, GINT_TO_POINTER (1), fixture_set_up, test_preferences_name,
              fixture_tear_down);
  g_test_add_func ("/window/first-launch", test_first_launch);
  /* The inspector, history and toasts (issue 16). */
  g_test_add ("/window/escape-deselects", Fixture, GINT_TO_POINTER (1), fixture_set_up, test_escape_deselects,
              fixture_tear_down);
  g_test_add ("/window/source-row-shows-citation", Fixture, NULL, fixture_set_up,
              test_source_row_shows_citation, fixture_tear_down);
  g_test_add ("/window/delete-undo-toast", Fixture, NULL, fixture_set_up, test_delete_undo_toast,
              fixture_tear_down);
  g_test_add ("/window/help-without-browser", Fixture, NULL, fixture_set_up, test_help_without_browser,
              fixture_tear_down);
  g_test_add ("/window/undo-in-other-article", Fixture, NULL, fixture_set_up, test_undo_in_other_article,
              fixture_tear_down);
  g_test_add ("/window/delete-toast-gone-after-undo", Fixture, NULL, fixture_set_up,
              test_delete_toast_gone_after_undo, fixture_tear_down);
  g_test_add ("/window/undo-twice-history", Fixture, GINT_TO_POINTER (1), fixture_set_up,
              test_undo_twice_history, fixture_tear_down);
  g_test_add ("/window/help-without-yelp", Fixture, GINT_TO_POINTER (1), fixture_set_up, test_help_without_yelp,
              fixture_tear_down);
  g_test_add ("/window/samples-switch", Fixture, GINT_TO_POINTER (1), fixture_set_up, test_samples_switch,
              fixture_tear_down);
  g_test_add ("/window/history-curated", Fixture, NULL, fixture_set_up, test_history_curated,
              fixture_tear_down);

  return g_test_run ();
}
