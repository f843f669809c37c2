/* test-taxonomy-editor.c — the taxonomy editor in the window, in-process
 * under Xvfb: opened from the main menu's action, a category added,
 * renamed, recoloured, given a digit, moved up, retired and restored through
 * the editor's own widgets, undone with the editor's Ctrl+Z action and the
 * window's — the store checked exactly after each step, the article view's
 * tag following at once, and the taxonomy the same after reopening. */
#include "test-window-fixture.h"

#include "attest-taxonomy-editor.h"
/* Only its key and pointer helpers are used here. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-function"
#include "attest-test-input.h"
#pragma GCC diagnostic pop

static AttestTaxonomyEditor *
find_editor (void)
{
  AttestTaxonomyEditor *editor = NULL;

  for (GList *l = gtk_window_list_toplevels (); l; l = g_list_delete_link (l, l))
    if (ATTEST_IS_TAXONOMY_EDITOR (l->data) && gtk_widget_get_visible (l->data))
      editor = l->data;
  return editor;
}

/* The first widget of @type under @widget (depth first), or NULL;
 * with @icon, a button showing that icon. */
static GtkWidget *
find_widget (GtkWidget  *widget,
             GType       type,
             const char *icon)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type) &&
      (icon == NULL || g_strcmp0 (gtk_button_get_icon_name (GTK_BUTTON (widget)), icon) == 0))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, type, icon);

      if (found)
        return found;
    }
  return NULL;
}


/* One category as the store has it: "label color digit live|retired @position". */
static char *
state (Fixture    *f,
       const char *key)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) all = attest_store_list_categories (f->store, TRUE, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < all->len; i++)
    {
      AttestCategory *c = g_ptr_array_index (all, i);

      if (g_str_equal (c->key, key))
        return g_strdup_printf ("%s %s %d %s @%u", c->label, c->color, c->shortcut,
                                c->retired ? "retired" : "live", i);
    }
  return g_strdup ("none");
}

#define assert_state(f, key, expected) \
  G_STMT_START { g_autofree char *s_ = state ((f), (key)); g_assert_cmpstr (s_, ==, (expected)); } G_STMT_END

/* The colour the article view paints @key's claims with, as #rrggbb. */
static char *
tag_color (Fixture    *f,
           const char *key)
{
  GtkTextView *text = attest_article_view_get_text_view (article_view (f));
  g_autofree char *name = g_strconcat ("attest-category:", key, NULL);
  GtkTextTag *tag = gtk_text_tag_table_lookup (gtk_text_buffer_get_tag_table (gtk_text_view_get_buffer (text)), name);
  GdkRGBA *rgba = NULL;
  char *hex;

  g_assert_nonnull (tag);
  g_object_get (tag, "background-rgba", &rgba, NULL);
  hex = g_strdup_printf ("#%02x%02x%02x", (int) (rgba->red * 255 + .5), (int) (rgba->green * 255 + .5),
                         (int) (rgba->blue * 255 + .5));
  gdk_rgba_free (rgba);
  return hex;
}

static void
test_edit_and_undo (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) all = attest_store_list_categories (f->store, TRUE, &error);
  g_autoptr(AttestCategory) troop = attest_store_get_category (f->store, "troop-deployment", &error);
  g_autofree char *troop_color = g_strdup (troop->color);
  g_autoptr(AttestCategory) statement = attest_store_get_category (f->store, "statement-position", &error);
  g_autofree char *expected = NULL;
  g_autofree char *added = NULL;
  g_autofree char *color = NULL;
  guint n = all->len;
  AttestTaxonomyEditor *editor;
  GtkWidget *new_row, *row, *widget;
  GdkRGBA purple = { 0x61 / 255., 0x35 / 255., 0x83 / 255., 1 };

  g_assert_cmpuint (n, ==, 13);
  g_assert_true (attest_window_open_document (f->window, "3"));

  /* Main menu → Categories… */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.categories", NULL));
  attest_test_spin (200);
  editor = find_editor ();
  g_assert_nonnull (editor);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (editor)) == GTK_WINDOW (f->window));
  g_assert_true (attest_test_wait_for_text (GTK_WIDGET (editor), "Troop deployment"));
  screenshot (GTK_WIDGET (editor), "taxonomy-editor.png");

  /* Add: typed in the "New Category" row and applied. */
  new_row = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (editor), ATTEST_TYPE_TAXONOMY_EDITOR, "new_row"));
  gtk_editable_set_text (GTK_EDITABLE (new_row), "  Cyber operations ");
  g_signal_emit_by_name (new_row, "apply");
  attest_test_spin (50);
  /* Every digit is taken by the default taxonomy: none for the new one. */
  /* Its colour is the first of the editor's that no category has (the
   * default palette is another part's to choose). */
  {
    g_autoptr(AttestCategory) c = attest_store_get_category (f->store, "cyber-operations", &error);

    g_assert_no_error (error);
    color = g_strdup (c->color);
    for (guint i = 0; i < all->len; i++)
      g_assert_cmpstr (((AttestCategory *) g_ptr_array_index (all, i))->color, !=, color);
  }
  added = g_strdup_printf ("Cyber operations %s -1 live @13", color);
  assert_state (f, "cyber-operations", added);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (new_row)), ==, "");
  g_assert_cmpstr (attest_taxonomy_editor_get_last_toast (editor), ==, "Added “Cyber operations”");
  /* The article view has its tag at once. */
  {
    g_autofree char *hex = tag_color (f, "cyber-operations");
    g_assert_cmpstr (hex, ==, color);
  }
  /* The same name again is refused, in words. */
  gtk_editable_set_text (GTK_EDITABLE (new_row), "cyber OPERATIONS");
  g_signal_emit_by_name (new_row, "apply");
  g_assert_cmpstr (attest_taxonomy_editor_get_last_toast (editor), ==, "There is already a category “cyber OPERATIONS”");
  assert_state (f, "cyber-operations-2", "none");

  /* Rename: the Name row inside the category's row. */
  row = attest_taxonomy_editor_get_row (editor, "cyber-operations");
  g_assert_true (ADW_IS_EXPANDER_ROW (row));
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);
  widget = find_widget (row, ADW_TYPE_ENTRY_ROW, NULL);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (widget)), ==, "Cyber operations");
  gtk_editable_set_text (GTK_EDITABLE (widget), "Cyber and information operations");
  g_signal_emit_by_name (widget, "apply");
  expected = g_strdup_printf ("Cyber and information operations %s -1 live @13", color);
  assert_state (f, "cyber-operations", expected);

  /* Recolour: the row's colour button, as its chooser sets it. */
  row = attest_taxonomy_editor_get_row (editor, "cyber-operations");
  widget = find_widget (row, GTK_TYPE_COLOR_BUTTON, NULL);
  g_assert_nonnull (widget);
  gtk_color_chooser_set_rgba (GTK_COLOR_CHOOSER (widget), &purple);
  g_signal_emit_by_name (widget, "color-set");
  assert_state (f, "cyber-operations", "Cyber and information operations #613583 -1 live @13");
  {
    g_autofree char *hex = tag_color (f, "cyber-operations");
    g_assert_cmpstr (hex, ==, "#613583");
  }

  /* A digit another category has moves here (it was refused before, so a
   * new category could not get a key with all ten taken); undone in two
   * steps, as the store saves it as two updates. */
  row = attest_taxonomy_editor_get_row (editor, "cyber-operations");
  widget = find_widget (row, ADW_TYPE_COMBO_ROW, NULL);
  adw_combo_row_set_selected (ADW_COMBO_ROW (widget), 3);   /* "3 (used by “Military exercise”)" */
  g_assert_cmpstr (attest_taxonomy_editor_get_last_toast (editor), ==,
                   "The key 3 moved from “Military exercise” to “Cyber and information operations”");
  assert_state (f, "cyber-operations", "Cyber and information operations #613583 3 live @13");
  assert_state (f, "military-exercise", "Military exercise #ddcc77 -1 live @2");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.undo", NULL));
  assert_state (f, "cyber-operations", "Cyber and information operations #613583 -1 live @13");
  assert_state (f, "military-exercise", "Military exercise #ddcc77 -1 live @2");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.undo", NULL));
  assert_state (f, "military-exercise", "Military exercise #ddcc77 3 live @2");
  /* Troop deployment gives up 1; the new one takes it. */
  row = attest_taxonomy_editor_get_row (editor, "troop-deployment");
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);
  adw_combo_row_set_selected (ADW_COMBO_ROW (find_widget (row, ADW_TYPE_COMBO_ROW, NULL)), 0);
  expected = (g_free (expected), g_strdup_printf ("Troop deployment %s -1 live @0", troop_color));
  assert_state (f, "troop-deployment", expected);
  row = attest_taxonomy_editor_get_row (editor, "cyber-operations");
  adw_combo_row_set_selected (ADW_COMBO_ROW (find_widget (row, ADW_TYPE_COMBO_ROW, NULL)), 1);
  assert_state (f, "cyber-operations", "Cyber and information operations #613583 1 live @13");
  g_assert_cmpstr (attest_taxonomy_editor_get_last_toast (editor), ==,
                   "“Cyber and information operations” is filed by the key 1 now");

  /* Move up: past the category above it. */
  row = attest_taxonomy_editor_get_row (editor, "cyber-operations");
  widget = find_widget (row, GTK_TYPE_BUTTON, "go-up-symbolic");
  g_assert_nonnull (widget);
  g_signal_emit_by_name (widget, "clicked");
  assert_state (f, "cyber-operations", "Cyber and information operations #613583 1 live @12");
  expected = (g_free (expected), g_strdup_printf ("Statement or position %s -1 live @13", statement->color));
  assert_state (f, "statement-position", expected);
  screenshot (GTK_WIDGET (editor), "taxonomy-editor-edited.png");

  /* Retire: it moves to the retired list, with a Restore button. */
  row = attest_taxonomy_editor_get_row (editor, "cyber-operations");
  g_signal_emit_by_name (attest_test_find_button (row, "_Retire"), "clicked");
  assert_state (f, "cyber-operations", "Cyber and information operations #613583 1 retired @12");
  row = attest_taxonomy_editor_get_row (editor, "cyber-operations");
  g_assert_true (ADW_IS_ACTION_ROW (row) && !ADW_IS_EXPANDER_ROW (row));
  g_assert_nonnull (attest_test_find_button (row, "Re_store"));
  {
    GtkAdjustment *v = gtk_scrolled_window_get_vadjustment (
      GTK_SCROLLED_WINDOW (find_widget (GTK_WIDGET (editor), GTK_TYPE_SCROLLED_WINDOW, NULL)));

    attest_test_spin (100);
    gtk_adjustment_set_value (v, gtk_adjustment_get_upper (v));
    screenshot (GTK_WIDGET (editor), "taxonomy-editor-retired.png");
  }

  /* Undo in the editor: a real Ctrl+Z (XTest) with the pointer over it,
   * then its action, step by step. */
  {
    Input input;

    /* As after a click on Retire: that button went with its row, so no
     * text field has the focus (in one, Ctrl+Z undoes the typing). */
    gtk_window_set_focus (GTK_WINDOW (editor), NULL);
    if (input_open (&input))
      {
        input_move_to (&input, GTK_WIDGET (editor), gtk_widget_get_width (GTK_WIDGET (editor)) / 2.0,
                       gtk_widget_get_height (GTK_WIDGET (editor)) / 2.0);
        input_key (&input, XK_z, XK_Control_L);
        input_close (&input);
      }
    else
      {
        g_test_message ("no XTest on this display: Ctrl+Z through its action");
        g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.undo", NULL));
      }
  }
  assert_state (f, "cyber-operations", "Cyber and information operations #613583 1 live @12");
  g_assert_true (ADW_IS_EXPANDER_ROW (attest_taxonomy_editor_get_row (editor, "cyber-operations")));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.undo", NULL));
  assert_state (f, "cyber-operations", "Cyber and information operations #613583 1 live @13");
  /* …and in the window (win.undo): the editor follows. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.undo", NULL));
  assert_state (f, "cyber-operations", "Cyber and information operations #613583 -1 live @13");
  {
    GtkWidget *combo = find_widget (attest_taxonomy_editor_get_row (editor, "cyber-operations"),
                                    ADW_TYPE_COMBO_ROW, NULL);
    g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (combo)), ==, 0);
  }
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.undo", NULL));
  expected = (g_free (expected), g_strdup_printf ("Troop deployment %s 1 live @0", troop_color));
  assert_state (f, "troop-deployment", expected);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.undo", NULL));
  expected = (g_free (expected), g_strdup_printf ("Cyber and information operations %s -1 live @13", color));
  assert_state (f, "cyber-operations", expected);
  {
    g_autofree char *hex = tag_color (f, "cyber-operations");
    g_assert_cmpstr (hex, ==, color);
  }
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.undo", NULL));
  assert_state (f, "cyber-operations", added);
  /* Undoing the addition retires it (claims may be filed under it). */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.undo", NULL));
  expected = (g_free (expected), g_strdup_printf ("Cyber operations %s -1 retired @13", color));
  assert_state (f, "cyber-operations", expected);
  /* Redo brings it back; then restore through its row after retiring. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.redo", NULL));
  assert_state (f, "cyber-operations", added);
  g_assert_true (attest_taxonomy_editor_retire (editor, "cyber-operations", TRUE));
  g_signal_emit_by_name (attest_test_find_button (attest_taxonomy_editor_get_row (editor, "cyber-operations"), "Re_store"),
                         "clicked");
  assert_state (f, "cyber-operations", added);

  /* Closed and the database opened again: all of it was saved. */
  gtk_window_close (GTK_WINDOW (editor));
  attest_test_spin (50);
  {
    g_autoptr(AttestStore) again = attest_store_open (f->db, ATTEST_STORE_OPEN_DEFAULT, &error);
    g_autoptr(AttestCategory) c = attest_store_get_category (again, "cyber-operations", &error);

    g_assert_no_error (error);
    g_assert_cmpstr (c->label, ==, "Cyber operations");
    g_assert_false (c->retired);
  }
}

/* A read-only database: the editor shows the taxonomy, changes nothing. */
/* The training row as it is now (a teammate's commit, polled, may rebuild
 * the rows: what was typed and refused must survive it too). */
static void
refetch (AttestTaxonomyEditor *editor,
         GtkWidget           **row,
         GtkWidget           **name,
         GtkWidget           **message)
{
  *row = attest_taxonomy_editor_get_row (editor, "training");
  *name = g_object_get_data (G_OBJECT (*row), "attest-name-row");
  *message = g_object_get_data (G_OBJECT (*row), "attest-name-error");
}

/* F13, F9: a refused name leaves the row open, the text as typed, and the
 * reason whole under it; the name cannot be typed past 200 characters. */
static void
test_refused_rename (Fixture       *f,
                     gconstpointer  data)
{
  AttestTaxonomyEditor *editor;
  GtkWidget *row, *name, *message;
  g_autofree char *long_name = NULL;
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < 287; i++)
    g_string_append_c (s, 'a' + i % 26);
  long_name = g_string_free (s, FALSE);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.categories", NULL));
  attest_test_spin (200);
  editor = find_editor ();
  g_assert_nonnull (editor);

  row = attest_taxonomy_editor_get_row (editor, "training");
  g_assert_true (ADW_IS_EXPANDER_ROW (row));
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);
  name = g_object_get_data (G_OBJECT (row), "attest-name-row");
  message = g_object_get_data (G_OBJECT (row), "attest-name-error");
  g_assert_true (ADW_IS_ENTRY_ROW (name));
  g_assert_true (GTK_IS_LABEL (message));
  g_assert_false (gtk_widget_get_visible (gtk_widget_get_parent (message)));

  /* Empty. */
  gtk_editable_set_text (GTK_EDITABLE (name), "   ");
  g_signal_emit_by_name (name, "apply");
  attest_test_spin (50);
  refetch (editor, &row, &name, &message);
  g_assert_true (adw_expander_row_get_expanded (ADW_EXPANDER_ROW (row)));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (name)), ==, "   ");
  g_assert_true (gtk_widget_has_css_class (name, "error"));
  g_assert_true (gtk_widget_get_visible (gtk_widget_get_parent (message)));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (message)), ==, "A category needs a name");

  /* Another category's name. */
  refetch (editor, &row, &name, &message);
  gtk_editable_set_text (GTK_EDITABLE (name), "border SECURITY");
  g_assert_false (gtk_widget_has_css_class (name, "error"));
  g_assert_false (gtk_widget_get_visible (gtk_widget_get_parent (message)));
  g_signal_emit_by_name (name, "apply");
  attest_test_spin (50);
  refetch (editor, &row, &name, &message);
  g_assert_true (adw_expander_row_get_expanded (ADW_EXPANDER_ROW (row)));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (name)), ==, "border SECURITY");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (message)), ==, "There is already a category “border SECURITY”");
  g_assert_cmpstr (attest_taxonomy_editor_get_last_toast (editor), ==, "There is already a category “border SECURITY”");
  screenshot (GTK_WIDGET (editor), "taxonomy-editor-refused.png");

  /* Too long: the entry stops at 200; asked directly, refused in words. */
  refetch (editor, &row, &name, &message);
  gtk_editable_set_text (GTK_EDITABLE (name), long_name);
  g_assert_cmpint (g_utf8_strlen (gtk_editable_get_text (GTK_EDITABLE (name)), -1), ==, 200);
  g_assert_false (attest_taxonomy_editor_rename (editor, "training", long_name));
  attest_test_spin (50);
  refetch (editor, &row, &name, &message);
  g_assert_true (adw_expander_row_get_expanded (ADW_EXPANDER_ROW (row)));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (message)), ==,
                   "A category name can have at most 200 characters (this one has 287)");
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(AttestCategory) c = attest_store_get_category (f->store, "training", &error);

    g_assert_no_error (error);
    g_assert_cmpstr (c->label, ==, "Training");
  }
  /* The 200 typed are a valid name. */
  refetch (editor, &row, &name, &message);
  gtk_editable_set_text (GTK_EDITABLE (name), long_name);
  g_signal_emit_by_name (name, "apply");
  attest_test_spin (50);
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(AttestCategory) c = attest_store_get_category (f->store, "training", &error);

    g_assert_no_error (error);
    g_assert_cmpint (g_utf8_strlen (c->label, -1), ==, 200);
    g_assert_true (strncmp (c->label, long_name, 200) == 0);
  }
  gtk_window_close (GTK_WINDOW (editor));
  attest_test_spin (50);
}

/* F10: with all ten digits taken, a new category takes one from the menu. */
static void
test_shortcut_moves (Fixture       *f,
                     gconstpointer  data)
{
  AttestTaxonomyEditor *editor;
  GtkWidget *row;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.categories", NULL));
  attest_test_spin (200);
  editor = find_editor ();
  g_assert_nonnull (editor);
  g_assert_true (attest_taxonomy_editor_add (editor, "Cyber operations"));
  assert_state (f, "training", "Training #009e73 5 live @4");
  row = attest_taxonomy_editor_get_row (editor, "cyber-operations");
  adw_combo_row_set_selected (ADW_COMBO_ROW (find_widget (row, ADW_TYPE_COMBO_ROW, NULL)), 5);
  attest_test_spin (50);
  g_assert_cmpstr (attest_taxonomy_editor_get_last_toast (editor), ==,
                   "The key 5 moved from “Training” to “Cyber operations”");
  assert_state (f, "training", "Training #009e73 -1 live @4");
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(AttestCategory) c = attest_store_get_category (f->store, "cyber-operations", &error);

    g_assert_no_error (error);
    g_assert_cmpint (c->shortcut, ==, 5);
  }
  /* The menus say it: Training's has no owner for 5 now, the new one's 5. */
  row = attest_taxonomy_editor_get_row (editor, "training");
  {
    GListModel *model = adw_combo_row_get_model (ADW_COMBO_ROW (find_widget (row, ADW_TYPE_COMBO_ROW, NULL)));

    g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (model), 5), ==,
                     "5 (used by “Cyber operations”)");
    g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (find_widget (row, ADW_TYPE_COMBO_ROW, NULL))), ==, 0);
  }
  gtk_window_close (GTK_WINDOW (editor));
  attest_test_spin (50);
}

static void
test_read_only (void)
{
  g_autofree char *dir = attest_test_make_tmp_dir ("attest-taxonomy-XXXXXX");
  g_autofree char *db = g_build_filename (dir, "team.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestStore) store = NULL;
  g_autoptr(AttestUndoStack) undo = attest_undo_stack_new ();
  AttestTaxonomyEditor *editor;
  GtkWidget *content;

  g_clear_object (&store);
  store = attest_store_open (db, ATTEST_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_clear_object (&store);
  store = attest_store_open (db, ATTEST_STORE_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);

  editor = attest_taxonomy_editor_new (NULL, store, undo);
  gtk_window_present (GTK_WINDOW (editor));
  attest_test_spin (100);
  content = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (editor), ATTEST_TYPE_TAXONOMY_EDITOR, "content"));
  g_assert_false (gtk_widget_get_sensitive (content));
  g_assert_true (attest_test_shows_text (GTK_WIDGET (editor), "This database is read-only: its categories can be read, not changed."));
  g_assert_false (attest_taxonomy_editor_add (editor, "Cyber operations"));
  g_assert_cmpstr (attest_taxonomy_editor_get_last_toast (editor), ==,
                   "This database is read-only: its categories cannot be changed");
  g_assert_false (attest_undo_stack_can_undo (undo));
  gtk_window_destroy (GTK_WINDOW (editor));
  attest_test_spin (50);
  g_clear_object (&store);
  attest_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_log_set_writer_func (log_writer, NULL, NULL);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/taxonomy-editor/edit-and-undo", Fixture, NULL, fixture_set_up, test_edit_and_undo, fixture_tear_down);
  g_test_add ("/taxonomy-editor/refused-rename", Fixture, NULL, fixture_set_up, test_refused_rename, fixture_tear_down);
  g_test_add ("/taxonomy-editor/shortcut-moves", Fixture, NULL, fixture_set_up, test_shortcut_moves, fixture_tear_down);
  g_test_add_func ("/taxonomy-editor/read-only", test_read_only);
  return g_test_run ();
}
