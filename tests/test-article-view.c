/* test-article-view.c — the article view under Xvfb: exact tags for nested,
 * overlapping and identical claims and for citations, one tag per category,
 * the selected claim, the category popover and the digit keys, the chooser
 * for several claims, incremental edits and keyboard stepping. Screenshots
 * of the view and of both popovers are saved to the build directory. Real
 * input and a large article: test-article-view-input.c.
 */
#include "test-article-view-fixture.h"

#include "attest-article-text.h"

/* --------------------------------------------------------------- tests */

static void
test_tags (Fixture       *f,
           gconstpointer  data)
{
  GtkTextTagTable *table = gtk_text_buffer_get_tag_table (view_buffer (f));
  AttestClaim *outer = f->claims->pdata[0];
  AttestClaim *inner_a = f->claims->pdata[1];
  AttestClaim *inner_b = f->claims->pdata[2];
  AttestClaim *partial = f->claims->pdata[3];
  g_autoptr(GPtrArray) at = NULL;

  /* One tag per category and the fixed state tags, never one per claim. */
  g_assert_cmpint (gtk_text_tag_table_get_size (table), ==, f->categories->len + N_FIXED_TAGS + ATTEST_MAX_LANES);

  /* The document is short: all of it is tagged before set_document returns. */
  g_assert_false (attest_article_view_is_highlighting (f->view));
  assert_all_tags (f);

  /* Spot checks that do not rely on the brute force above. */
  g_assert_true (has_tag_at (f, category_tag (f, "statement-position"), outer->start));
  g_assert_false (has_tag_at (f, category_tag (f, "statement-position"), outer->end));
  g_assert_false (has_tag_at (f, tag_named (f, "attest-overlap"), inner_a->start - 1));
  g_assert_true (has_tag_at (f, tag_named (f, "attest-overlap"), inner_a->start));
  /* Nested: the inner claim's colour inside the outer one (of two
   * identical spans, the later), the outer's around it. */
  g_assert_true (has_tag_at (f, category_tag (f, "military-base"), inner_a->start));
  g_assert_true (has_tag_at (f, category_tag (f, "military-base"), inner_a->end - 1));
  g_assert_false (has_tag_at (f, category_tag (f, "statement-position"), inner_a->start));
  g_assert_false (has_tag_at (f, category_tag (f, "security-assistance"), inner_a->start));
  g_assert_false (has_tag_at (f, category_tag (f, "military-base"), inner_a->end));
  g_assert_true (has_tag_at (f, category_tag (f, "statement-position"), inner_a->end));
  g_assert_true (has_tag_at (f, tag_named (f, "attest-overlap"), partial->start));
  g_assert_false (has_tag_at (f, tag_named (f, "attest-overlap"), outer->end));

  /* The header ("Publication: …") is set apart from the body. */
  g_assert_cmpint (f->doc->body_start, >, 0);
  for (gint64 p = 0; p < f->doc->body_start; p++)
    {
      GtkTextIter iter;

      gtk_text_buffer_get_iter_at_offset (view_buffer (f), &iter, (int) p);
      g_assert_cmpint (has_tag_at (f, tag_named (f, "attest-header"), p), ==, !gtk_text_iter_ends_line (&iter));
    }
  g_assert_true (has_tag_at (f, tag_named (f, "attest-header"), 0));
  g_assert_false (has_tag_at (f, tag_named (f, "attest-header"), f->doc->body_start));

  /* Every citation is marked over its span. */
  for (guint i = 0; i < f->citations->len; i++)
    {
      AttestCitation *c = f->citations->pdata[i];

      g_assert_false (has_tag_at (f, tag_named (f, "attest-citation"), c->start - 1));
      for (gint64 p = c->start; p < c->end; p++)
        g_assert_true (has_tag_at (f, tag_named (f, "attest-citation"), p));
      g_assert_false (has_tag_at (f, tag_named (f, "attest-citation"), c->end));
    }

  /* claims_at: exact claims, shortest first, identical spans in order. */
  at = attest_article_view_claims_at (f->view, inner_a->start);
  g_assert_cmpuint (at->len, ==, 3);
  g_assert_cmpstr (((AttestClaim *) at->pdata[0])->uuid, ==, inner_a->uuid);
  g_assert_cmpstr (((AttestClaim *) at->pdata[1])->uuid, ==, inner_b->uuid);
  g_assert_cmpstr (((AttestClaim *) at->pdata[2])->uuid, ==, outer->uuid);
  g_clear_pointer (&at, g_ptr_array_unref);

  at = attest_article_view_claims_at (f->view, partial->start);
  g_assert_cmpuint (at->len, ==, 2);
  g_assert_cmpstr (((AttestClaim *) at->pdata[0])->uuid, ==, partial->uuid);
  g_assert_cmpstr (((AttestClaim *) at->pdata[1])->uuid, ==, outer->uuid);
  g_clear_pointer (&at, g_ptr_array_unref);

  at = attest_article_view_claims_at (f->view, outer->end);
  g_assert_cmpuint (at->len, ==, 1);
  g_assert_cmpstr (((AttestClaim *) at->pdata[0])->uuid, ==, partial->uuid);
  g_clear_pointer (&at, g_ptr_array_unref);

  at = attest_article_view_claims_at (f->view, 0);
  g_assert_cmpuint (at->len, ==, 0);
  g_clear_pointer (&at, g_ptr_array_unref);

  attest_article_view_select_claim (f->view, ((AttestClaim *) f->claims->pdata[4])->uuid);
  wait_painted (GTK_WIDGET (f->window));
  screenshot (GTK_WIDGET (f->window), NULL, "article-view-highlights.png");

  /* The same in the dark: tints and text must stay readable. */
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  wait_painted (GTK_WIDGET (f->window));
  screenshot (GTK_WIDGET (f->window), NULL, "article-view-highlights-dark.png");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
}

static void
test_select (Fixture       *f,
             gconstpointer  data)
{
  AttestClaim *outer = f->claims->pdata[0];
  AttestClaim *inner = f->claims->pdata[1];
  GtkTextTag *selected = tag_named (f, "attest-selected");
  g_autofree char *prop = NULL;

  g_assert_null (attest_article_view_get_selected_claim (f->view));

  attest_article_view_select_claim (f->view, outer->uuid);
  g_assert_cmpstr (attest_article_view_get_selected_claim (f->view), ==, outer->uuid);
  assert_tag_exactly_over (f, selected, outer->start, outer->end);
  g_object_get (f->view, "selected-claim", &prop, NULL);
  g_assert_cmpstr (prop, ==, outer->uuid);

  /* Selecting another moves the tag; no signal for a programmatic choice. */
  attest_article_view_select_claim (f->view, inner->uuid);
  assert_tag_exactly_over (f, selected, inner->start, inner->end);
  g_assert_cmpuint (f->n_activated, ==, 0);

  /* Escape deselects when nothing else is open or selected. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->view), "article.clear", NULL));
  g_assert_null (attest_article_view_get_selected_claim (f->view));
  {
    GtkTextIter iter;

    gtk_text_buffer_get_start_iter (view_buffer (f), &iter);
    g_assert_false (gtk_text_iter_forward_to_tag_toggle (&iter, selected));
  }

  /* An unknown uuid selects nothing. */
  attest_article_view_select_claim (f->view, "no-such-claim");
  g_assert_null (attest_article_view_get_selected_claim (f->view));
}

/* Selects [start, end) and opens the categories for it. Under Xvfb, with
 * no window manager, the window can lose the focus to the popover's grab
 * under load: the popover then closes itself and GTK drops the selection
 * (about 1 run in 10). That is the display's doing, not the view's: it is
 * opened again, at most three times. */
static void
open_categories (Fixture   *f,
                 GtkWidget *popover,
                 gint64     start,
                 gint64     end)
{
  for (int i = 0; i < 3; i++)
    {
      attest_article_view_set_selection (f->view, start, end);
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->view), "article.show-categories", NULL));
      g_assert_true (wait_for (popover_mapped, popover, 3000));
      attest_test_spin (50);
      if (gtk_widget_get_visible (popover) && attest_article_view_get_selection (f->view, NULL, NULL))
        return;
      g_test_message ("the categories closed themselves (the window lost the focus): again");
    }
  g_assert_not_reached ();
}

static void
test_categorize (Fixture       *f,
                 gconstpointer  data)
{

  GtkWidget *view = GTK_WIDGET (f->view);
  GtkWidget *popover = find_popover (f, "attest-category-popover");
  g_autoptr(GPtrArray) rows = NULL;
  gint64 s, e;
  gint64 start = attest_document_find (f->doc, "Senior officers in the Russian air force", 0);
  gint64 end = start + 40;

  /* Nothing selected: the digit does nothing (the action is disabled, so
   * a real key goes through; see test_real_input). */
  g_assert_false (attest_article_view_get_selection (f->view, NULL, NULL));
  gtk_widget_activate_action (view, "article.categorize", "i", 1);
  g_assert_cmpuint (f->n_create, ==, 0);

  /* A selection and a digit: one gesture, exact offsets and key. */
  attest_article_view_set_selection (f->view, start, end);
  g_assert_true (attest_article_view_get_selection (f->view, &s, &e));
  g_assert_cmpint (s, ==, start);
  g_assert_cmpint (e, ==, end);
  g_assert_true (gtk_widget_activate_action (view, "article.categorize", "i", 1));
  g_assert_cmpuint (f->n_create, ==, 1);
  g_assert_cmpint (f->create_start, ==, start);
  g_assert_cmpint (f->create_end, ==, end);
  g_assert_cmpstr (f->create_key, ==, "troop-deployment");
  /* The selection is collapsed so the new highlight shows. */
  g_assert_false (attest_article_view_get_selection (f->view, NULL, NULL));

  /* 0 is the tenth category. */
  attest_article_view_set_selection (f->view, start, end);
  g_assert_true (gtk_widget_activate_action (view, "article.categorize", "i", 0));
  g_assert_cmpstr (f->create_key, ==, "terrorism-extremism");

  /* The popover at the selection, then the digit while it is open. */
  open_categories (f, popover, start + 4, end + 10);
  wait_painted (popover);
  screenshot (GTK_WIDGET (f->window), popover, "article-view-category-popover.png");

  /* Rows: every non-retired category, digits 1–9 then 0, then the rest. */
  rows = popover_rows (popover, NULL);
  g_assert_cmpuint (rows->len, ==, f->categories->len);

  g_assert_true (gtk_widget_activate_action (view, "article.categorize", "i", 6));
  g_assert_cmpuint (f->n_create, ==, 3);
  g_assert_cmpint (f->create_start, ==, start + 4);
  g_assert_cmpint (f->create_end, ==, end + 10);
  g_assert_cmpstr (f->create_key, ==, "debt-deal");
  attest_test_spin (100);
  g_assert_false (gtk_widget_get_visible (popover));

  /* A click on a row (a button) does the same. */
  attest_article_view_set_selection (f->view, start, start + 7);
  attest_article_view_show_category_popover (f->view);
  g_assert_true (wait_for (popover_mapped, popover, 3000));
  g_clear_pointer (&rows, g_ptr_array_unref);
  rows = popover_rows (popover, NULL);
  gtk_widget_activate (rows->pdata[1]);
  attest_test_spin (400);  /* a button's activation is animated before "clicked" */
  g_assert_cmpuint (f->n_create, ==, 4);
  g_assert_cmpint (f->create_start, ==, start);
  g_assert_cmpint (f->create_end, ==, start + 7);
  g_assert_cmpstr (f->create_key, ==, "military-base");

  /* By key, for the categories without a digit. */
  attest_article_view_set_selection (f->view, start, end);
  g_assert_true (gtk_widget_activate_action (view, "article.create-claim", "s", "statement-position"));
  g_assert_cmpuint (f->n_create, ==, 5);
  g_assert_cmpstr (f->create_key, ==, "statement-position");

  /* Escape closes the popover first, then drops the selection. */
  open_categories (f, popover, start, end);
  g_assert_true (gtk_widget_get_visible (popover));
  g_assert_true (gtk_widget_activate_action (view, "article.clear", NULL));
  attest_test_spin (100);
  g_assert_false (gtk_widget_get_visible (popover));
  g_assert_true (attest_article_view_get_selection (f->view, NULL, NULL));
  g_assert_true (gtk_widget_activate_action (view, "article.clear", NULL));
  g_assert_false (attest_article_view_get_selection (f->view, NULL, NULL));
  g_assert_cmpuint (f->n_create, ==, 5);

  /* The window goes away with the popover open (tear-down checks the view
   * is finalized, and criticals are fatal). */
  attest_article_view_set_selection (f->view, start, end);
  attest_article_view_show_category_popover (f->view);
  g_assert_true (wait_for (popover_mapped, popover, 3000));
}

/* The digit keys are bound to article.categorize in the view's own
 * capture-phase shortcut controller (so the text view's input method does
 * not eat them). */
static void
assert_key_bindings (GtkWidget *widget)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);
  GtkShortcutController *keys = NULL;
  guint n_digits = 0;
  gboolean menu = FALSE, ctrl_return = FALSE, alt_down = FALSE, alt_up = FALSE, escape = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) c = g_list_model_get_item (controllers, i);

      if (g_strcmp0 (gtk_event_controller_get_name (c), "attest-article-view-keys") == 0)
        keys = GTK_SHORTCUT_CONTROLLER (c);
    }
  g_assert_nonnull (keys);
  g_assert_cmpint (gtk_event_controller_get_propagation_phase (GTK_EVENT_CONTROLLER (keys)), ==, GTK_PHASE_CAPTURE);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (keys)); i++)
    {
      g_autoptr(GtkShortcut) sc = g_list_model_get_item (G_LIST_MODEL (keys), i);
      GtkShortcutTrigger *trigger = gtk_shortcut_get_trigger (sc);
      GtkShortcutAction *action = gtk_shortcut_get_action (sc);
      const char *name = gtk_named_action_get_action_name (GTK_NAMED_ACTION (action));
      guint keyval = gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger));
      GdkModifierType mods = gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (trigger));

      if (keyval >= GDK_KEY_0 && keyval <= GDK_KEY_9 && mods == 0)
        {
          g_assert_cmpstr (name, ==, "article.categorize");
          g_assert_cmpint (g_variant_get_int32 (gtk_shortcut_get_arguments (sc)), ==, (int) (keyval - GDK_KEY_0));
          n_digits++;
        }
      menu |= keyval == GDK_KEY_Menu && g_str_equal (name, "article.show-categories");
      ctrl_return |= keyval == GDK_KEY_Return && mods == GDK_CONTROL_MASK && g_str_equal (name, "article.show-categories");
      alt_down |= keyval == GDK_KEY_Down && mods == GDK_ALT_MASK && g_str_equal (name, "article.next-claim");
      alt_up |= keyval == GDK_KEY_Up && mods == GDK_ALT_MASK && g_str_equal (name, "article.previous-claim");
      escape |= keyval == GDK_KEY_Escape && g_str_equal (name, "article.clear");
    }
  g_assert_cmpuint (n_digits, ==, 10);
  g_assert_true (menu && ctrl_return && alt_down && alt_up && escape);
}

/* …on the view and on both popovers, whose key events do not reach it. */
static void
test_key_bindings (Fixture       *f,
                   gconstpointer  data)
{
  assert_key_bindings (GTK_WIDGET (f->view));
  assert_key_bindings (find_popover (f, "attest-category-popover"));
  assert_key_bindings (find_popover (f, "attest-chooser-popover"));
}

static void
test_edit (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  AttestClaim *partial = f->claims->pdata[3];
  AttestClaim *inner = f->claims->pdata[1];
  AttestClaim *added;
  g_autoptr(AttestClaim) changed = NULL;
  GtkTextTagTable *table = gtk_text_buffer_get_tag_table (view_buffer (f));

  /* Add: a claim across the partial overlap and beyond. */
  added = add_claim (f, "despite numerous efforts by Western countries to engage the region", 0, "border-security");
  attest_article_view_add_claim (f->view, added);
  assert_all_tags (f);

  /* Update: recategorise the inner claim (a new object, same uuid). */
  changed = attest_claim_copy (inner);
  g_free (changed->category);
  changed->category = g_strdup ("training");
  g_assert_true (attest_store_update_claim (f->store, changed, &error));
  g_assert_no_error (error);
  g_ptr_array_remove (f->claims, inner);
  g_ptr_array_add (f->claims, g_object_ref (changed));
  attest_article_view_update_claim (f->view, changed);
  assert_all_tags (f);

  /* The selected claim keeps its tag through an update. */
  attest_article_view_select_claim (f->view, changed->uuid);
  attest_article_view_update_claim (f->view, changed);
  assert_tag_exactly_over (f, tag_named (f, "attest-selected"), changed->start, changed->end);

  /* Remove: the partial claim, and the selected one. */
  attest_article_view_remove_claim (f->view, partial->uuid);
  g_ptr_array_remove (f->claims, partial);
  assert_all_tags (f);
  attest_article_view_remove_claim (f->view, changed->uuid);
  g_ptr_array_remove (f->claims, changed);
  assert_all_tags (f);
  g_assert_null (attest_article_view_get_selected_claim (f->view));

  /* Still one tag per category. */
  g_assert_cmpint (gtk_text_tag_table_get_size (table), ==, f->categories->len + N_FIXED_TAGS + ATTEST_MAX_LANES);
}

static void
test_click (Fixture       *f,
            gconstpointer  data)
{
  GtkWidget *view = GTK_WIDGET (f->view);
  GtkWidget *chooser = find_popover (f, "attest-chooser-popover");
  AttestClaim *outer = f->claims->pdata[0];
  AttestClaim *inner_a = f->claims->pdata[1];
  AttestClaim *inner_b = f->claims->pdata[2];
  AttestClaim *over_citation = f->claims->pdata[4];
  AttestCitation *khovar = NULL;
  g_autoptr(GPtrArray) rows = NULL;

  for (guint i = 0; i < f->citations->len; i++)
    {
      AttestCitation *c = f->citations->pdata[i];

      if (c->start >= over_citation->start && c->end <= over_citation->end)
        khovar = c;
    }
  g_assert_nonnull (khovar);

  /* One claim under the pointer: selected and activated. */
  g_assert_true (gtk_widget_activate_action (view, "article.activate-at", "x", outer->start));
  g_assert_cmpuint (f->n_activated, ==, 1);
  g_assert_cmpstr (f->activated_uuid, ==, outer->uuid);
  g_assert_cmpstr (attest_article_view_get_selected_claim (f->view), ==, outer->uuid);

  /* Three: a chooser listing them, shortest first. */
  g_assert_true (gtk_widget_activate_action (view, "article.activate-at", "x", inner_a->start + 3));
  g_assert_cmpuint (f->n_activated, ==, 1);
  g_assert_true (wait_for (popover_mapped, chooser, 3000));
  wait_painted (chooser);
  screenshot (GTK_WIDGET (f->window), chooser, "article-view-chooser.png");
  rows = popover_rows (chooser, NULL);
  g_assert_cmpuint (rows->len, ==, 3);
  gtk_widget_activate (rows->pdata[1]);
  attest_test_spin (400);
  g_assert_cmpuint (f->n_activated, ==, 2);
  g_assert_cmpstr (f->activated_uuid, ==, inner_b->uuid);
  g_assert_cmpstr (attest_article_view_get_selected_claim (f->view), ==, inner_b->uuid);
  attest_test_spin (100);
  g_assert_false (gtk_widget_get_visible (chooser));

  /* A citation inside a claim, with a claim selected: the citation. */
  g_assert_true (gtk_widget_activate_action (view, "article.activate-at", "x", khovar->start + 1));
  g_assert_cmpuint (f->n_cited, ==, 1);
  g_assert_true (f->cited == khovar);
  g_assert_cmpuint (f->n_activated, ==, 2);

  /* The same place with nothing selected: the claim. */
  attest_article_view_select_claim (f->view, NULL);
  g_assert_true (gtk_widget_activate_action (view, "article.activate-at", "x", khovar->start + 1));
  g_assert_cmpuint (f->n_cited, ==, 1);
  g_assert_cmpuint (f->n_activated, ==, 3);
  g_assert_cmpstr (f->activated_uuid, ==, over_citation->uuid);

  /* Plain text: nothing. */
  g_assert_true (gtk_widget_activate_action (view, "article.activate-at", "x", (gint64) 0));
  g_assert_cmpuint (f->n_activated, ==, 3);
  g_assert_cmpuint (f->n_cited, ==, 1);
}

static int
compare_start_then_longest (gconstpointer a,
                            gconstpointer b)
{
  AttestClaim *x = *(AttestClaim **) a;
  AttestClaim *y = *(AttestClaim **) b;

  if (x->start != y->start)
    return x->start < y->start ? -1 : 1;
  return x->end > y->end ? -1 : x->end < y->end;
}

static void
test_keyboard_steps (Fixture       *f,
                     gconstpointer  data)
{
  GtkWidget *view = GTK_WIDGET (f->view);
  g_autoptr(GPtrArray) order = g_ptr_array_copy (f->claims, (GCopyFunc) (void (*) (void)) g_object_ref, NULL);

  g_ptr_array_sort (order, compare_start_then_longest);

  /* Alt+Down from the top visits every claim, nested ones included. */
  for (guint i = 0; i < order->len; i++)
    {
      AttestClaim *want = order->pdata[i];

      g_assert_true (gtk_widget_activate_action (view, "article.next-claim", NULL));
      g_assert_cmpstr (attest_article_view_get_selected_claim (f->view), ==, want->uuid);
      g_assert_cmpstr (f->activated_uuid, ==, want->uuid);
      assert_tag_exactly_over (f, tag_named (f, "attest-selected"), want->start, want->end);
    }
  g_assert_cmpuint (f->n_activated, ==, order->len);

  /* Past the last one: stays. */
  g_assert_true (gtk_widget_activate_action (view, "article.next-claim", NULL));
  g_assert_cmpstr (attest_article_view_get_selected_claim (f->view), ==,
                   ((AttestClaim *) order->pdata[order->len - 1])->uuid);

  /* Alt+Up walks back. */
  for (int i = order->len - 2; i >= 0; i--)
    {
      g_assert_true (gtk_widget_activate_action (view, "article.previous-claim", NULL));
      g_assert_cmpstr (attest_article_view_get_selected_claim (f->view), ==,
                       ((AttestClaim *) order->pdata[i])->uuid);
    }
}

/* The point in the text view's coordinates of buffer point (bx, by). */
static void
to_widget (Fixture *f,
           int      bx,
           int      by,
           double  *x,
           double  *y)
{
  int wx, wy;

  gtk_text_view_buffer_to_window_coords (attest_article_view_get_text_view (f->view),
                                         GTK_TEXT_WINDOW_WIDGET, bx, by, &wx, &wy);
  *x = wx;
  *y = wy;
}

/* Each claim has a mark in a lane of its own: the lowest lane free over
 * its span, outer claims nearest the text. A click on a mark's pixels
 * selects that claim; hovering a mark or a claim's text tells what it is. */
static void
test_marks (Fixture       *f,
            gconstpointer  data)
{
  GtkTextView *tv = attest_article_view_get_text_view (f->view);
  AttestArticleText *text = ATTEST_ARTICLE_TEXT (tv);
  AttestClaim *outer = f->claims->pdata[0];      /* statement-position */
  AttestClaim *inner_a = f->claims->pdata[1];    /* "reliable security partner", security-assistance */
  AttestClaim *inner_b = f->claims->pdata[2];    /* the same span, military-base */
  AttestClaim *partial = f->claims->pdata[3];    /* from inside outer to past its end */
  AttestClaim *lone = f->claims->pdata[5];       /* troop-deployment, alone */
  const int want[] = { 0, 1, 2, 1, 0, 0, 0 };
  g_autofree char *tip = NULL;
  g_autoptr(AttestClaim) deeper = NULL;
  GdkRectangle rect, chr;
  GtkTextIter iter;
  double x, y;

  for (guint i = 0; i < f->claims->len; i++)
    {
      AttestClaim *claim = f->claims->pdata[i];

      g_assert_cmpint (attest_article_view_get_claim_lane (f->view, claim->uuid), ==, want[i]);
    }
  g_assert_cmpuint (attest_article_text_get_n_lanes (text), ==, 3);
  g_assert_cmpint (attest_article_view_get_claim_lane (f->view, "no-such-claim"), ==, -1);
  /* Room under each line of the paragraph for the three lanes (its own
   * spacing, see test_lane_spacing()). */
  g_assert_true (has_tag_at (f, attest_article_text_get_lane_tag (text, 3), outer->start));

  /* The marks of the nested claims are stacked one pitch apart under the
   * same line, and each pixel row picks its own claim. */
  g_assert_true (attest_article_text_get_mark_rect (text, outer, &rect));
  gtk_text_buffer_get_iter_at_offset (view_buffer (f), &iter, (int) inner_a->start);
  gtk_text_view_get_iter_location (tv, &iter, &chr);
  {
    AttestClaim *at[3] = { outer, inner_a, inner_b };

    for (int lane = 0; lane < 3; lane++)
      {
        int by = chr.y + chr.height + ATTEST_LANE_TOP + lane * ATTEST_LANE_PITCH;

        g_assert_true (attest_article_text_mark_at (text, chr.x + 2, by) == at[lane]);
        g_assert_true (attest_article_text_mark_at (text, chr.x + 2, by + 1) == at[lane]);
      }
    /* In the glyphs, and past the last lane: no mark. */
    g_assert_null (attest_article_text_mark_at (text, chr.x + 2, chr.y + chr.height / 2));
    g_assert_null (attest_article_text_mark_at (text, chr.x + 2,
                                                chr.y + chr.height + ATTEST_LANE_TOP + 3 * ATTEST_LANE_PITCH + 1));
  }
  g_assert_true (attest_article_text_get_mark_rect (text, inner_b, &rect));
  g_assert_cmpint (rect.y, ==, chr.y + chr.height + ATTEST_LANE_TOP + 2 * ATTEST_LANE_PITCH);
  g_assert_cmpint (rect.x, ==, chr.x);
  g_assert_true (attest_article_text_mark_at (text, rect.x + rect.width / 2, rect.y) == inner_b);

  /* Hovering the mark of inner_b names it alone, in words. */
  to_widget (f, rect.x + 1, rect.y, &x, &y);
  tip = attest_article_view_get_tooltip_text_at (f->view, x, y);
  g_assert_cmpstr (tip, ==, "Military base and basing rights\nAna Analyst · Draft · Certainty not set\nNo sources");
  g_clear_pointer (&tip, g_free);

  /* Hovering the text of the lone claim: it, likewise. */
  g_assert_true (attest_article_text_get_mark_rect (text, lone, &rect));
  gtk_text_buffer_get_iter_at_offset (view_buffer (f), &iter, (int) lone->start + 2);
  gtk_text_view_get_iter_location (tv, &iter, &chr);
  to_widget (f, chr.x + 1, chr.y + chr.height / 2, &x, &y);
  tip = attest_article_view_get_tooltip_text_at (f->view, x, y);
  g_assert_cmpstr (tip, ==, "Troop deployment\nAna Analyst · Draft · Certainty not set\nNo sources");
  g_clear_pointer (&tip, g_free);

  /* Not while a popover is open there: it would cover the popover. */
  attest_article_view_set_selection (f->view, lone->start, lone->start + 4);
  attest_article_view_show_category_popover (f->view);
  g_assert_true (wait_for (popover_mapped, find_popover (f, "attest-category-popover"), 3000));
  g_assert_null (attest_article_view_get_tooltip_text_at (f->view, x, y));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->view), "article.clear", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->view), "article.clear", NULL));
  tip = attest_article_view_get_tooltip_text_at (f->view, x, y);
  g_assert_cmpstr (tip, ==, "Troop deployment\nAna Analyst · Draft · Certainty not set\nNo sources");
  g_clear_pointer (&tip, g_free);

  /* Where nothing is claimed: no tooltip. */
  gtk_text_buffer_get_iter_at_offset (view_buffer (f), &iter, (int) lone->end + 2);
  gtk_text_view_get_iter_location (tv, &iter, &chr);
  to_widget (f, chr.x + 1, chr.y + chr.height / 2, &x, &y);
  g_assert_null (attest_article_view_get_tooltip_text_at (f->view, x, y));

  /* Hovering the text where outer, inner_a and inner_b meet: all three,
   * shortest first; with certainty, status and a source in words. */
  {
    g_autoptr(AttestClaim) sourced = attest_claim_copy (outer);
    AttestCitation *citation = f->citations->pdata[0];

    g_free (sourced->status);
    sourced->status = g_strdup ("accepted");
    g_free (sourced->certainty);
    sourced->certainty = g_strdup ("high");
    g_ptr_array_add (sourced->source_uuids, g_strdup (citation->source->uuid));
    g_ptr_array_add (sourced->source_uuids, g_strdup ("an-outside-source"));
    attest_article_view_update_claim (f->view, sourced);
    /* Same span: it keeps its lane, and the others theirs. */
    for (guint i = 0; i < f->claims->len; i++)
      g_assert_cmpint (attest_article_view_get_claim_lane (f->view, ((AttestClaim *) f->claims->pdata[i])->uuid), ==, want[i]);

    gtk_text_buffer_get_iter_at_offset (view_buffer (f), &iter, (int) inner_a->start + 1);
    gtk_text_view_get_iter_location (tv, &iter, &chr);
    to_widget (f, chr.x + 1, chr.y + chr.height / 2, &x, &y);
    tip = attest_article_view_get_tooltip_text_at (f->view, x, y);
    {
      g_autofree char *source = attest_source_dup_label (citation->source);
      g_autofree char *expect = g_strdup_printf ("Security assistance\nAna Analyst · Draft · Certainty not set\nNo sources\n\n"
                                                 "Military base and basing rights\nAna Analyst · Draft · Certainty not set\nNo sources\n\n"
                                                 "Statement or position\nAna Analyst · Accepted · High certainty\n"
                                                 "Sources: %s; 1 outside source", source);

      g_assert_cmpstr (tip, ==, expect);
    }
    g_clear_pointer (&tip, g_free);
  }

  /* A fourth level: a claim inside inner_a takes lane 3, and the lines
   * make room for it. */
  deeper = attest_claim_copy (inner_a);
  g_free (deeper->uuid);
  deeper->uuid = g_uuid_string_random ();
  deeper->start = inner_a->start + 2;
  deeper->end = inner_a->start + 6;
  attest_article_view_add_claim (f->view, deeper);
  g_assert_cmpint (attest_article_view_get_claim_lane (f->view, deeper->uuid), ==, 3);
  g_assert_cmpint (attest_article_view_get_claim_lane (f->view, partial->uuid), ==, 1);
  g_assert_cmpuint (attest_article_text_get_n_lanes (text), ==, 4);
  g_assert_true (has_tag_at (f, attest_article_text_get_lane_tag (text, 4), outer->start));
  g_assert_false (has_tag_at (f, attest_article_text_get_lane_tag (text, 3), outer->start));

  /* Removed again: back to three. */
  attest_article_view_remove_claim (f->view, deeper->uuid);
  g_assert_cmpuint (attest_article_text_get_n_lanes (text), ==, 3);
  g_assert_cmpint (attest_article_view_get_claim_lane (f->view, deeper->uuid), ==, -1);
}

/* Paragraph @line as laid out (on screen, not from an estimate): its
 * height to the top of the next paragraph, its display lines, the pixels
 * above its first display line and between its first two. The pixels
 * below its last line are not read from a character's rectangle (rounded
 * from Pango units, a pixel off at times): the tests compare the height
 * of one paragraph in two states instead, where only the spacing differs. */
typedef struct {
  int height;
  int n_lines;
  int above;
  int inside;
} Paragraph;

static Paragraph
paragraph_at (GtkTextView *tv,
              int          line)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (tv);
  GtkTextIter start, next, display;
  GdkRectangle first_rect, second_rect;
  Paragraph p = { 0, 1, 0, -1 };
  int y, next_y, height;

  gtk_text_buffer_get_iter_at_line (buffer, &start, line);
  g_assert_false (gtk_text_iter_ends_line (&start));
  next = start;
  g_assert_true (gtk_text_iter_forward_line (&next));

  /* Lines off screen have estimated heights until the view lays them out:
   * the line is brought on screen (without the animation of
   * scroll_to_iter) until its measure stays the same over two frames. */
  for (int i = 0, last = G_MININT, stable = 0; stable < 2 && i < 50; i++)
    {
      gtk_text_view_get_line_yrange (tv, &start, &y, &height);
      gtk_adjustment_set_value (gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (tv)), y);
      wait_painted (GTK_WIDGET (tv));
      gtk_text_view_get_line_yrange (tv, &start, &y, &height);
      gtk_text_view_get_line_yrange (tv, &next, &next_y, &height);
      stable = next_y - y == last ? stable + 1 : 0;
      last = next_y - y;
    }
  gtk_text_view_get_iter_location (tv, &start, &first_rect);
  p.height = next_y - y;
  p.above = first_rect.y - y;

  display = start;
  while (gtk_text_view_forward_display_line (tv, &display) && gtk_text_iter_get_line (&display) == line)
    {
      if (p.n_lines == 1)
        {
          gtk_text_view_get_iter_location (tv, &display, &second_rect);
          p.inside = second_rect.y - (first_rect.y + first_rect.height);
        }
      p.n_lines++;
    }
  return p;
}

/* The fixture's claims over paragraph @line. */
static GPtrArray *
claims_on_line (Fixture *f,
                int      line)
{
  GPtrArray *claims = g_ptr_array_new ();
  GtkTextIter s, e;

  gtk_text_buffer_get_iter_at_line (view_buffer (f), &s, line);
  e = s;
  if (!gtk_text_iter_ends_line (&e))
    gtk_text_iter_forward_to_line_end (&e);
  for (guint i = 0; i < f->claims->len; i++)
    {
      AttestClaim *claim = f->claims->pdata[i];

      if (claim->start < gtk_text_iter_get_offset (&e) && claim->end > gtk_text_iter_get_offset (&s))
        g_ptr_array_add (claims, claim);
    }
  return claims;
}

static int
tag_pixels (GtkTextTag *tag,
            const char *property)
{
  int value;

  g_object_get (tag, property, &value, NULL);
  return value;
}

static void
assert_no_lane_tag (Fixture *f,
                    int      line)
{
  AttestArticleText *text = ATTEST_ARTICLE_TEXT (attest_article_view_get_text_view (f->view));
  GtkTextIter iter;

  gtk_text_buffer_get_iter_at_line (view_buffer (f), &iter, line);
  for (guint d = 1; d <= ATTEST_MAX_LANES; d++)
    g_assert_false (gtk_text_iter_has_tag (&iter, attest_article_text_get_lane_tag (text, d)));
}

/* The room for the lanes is the paragraph's own: none in a paragraph
 * without claims, three lanes' under the one with the three-deep nest,
 * and less as its claims go, down to none again. The view's spacing is
 * above 2, below 4, between wrapped lines 5 (the template's); a paragraph
 * with d lanes has 4 + 3d below and between its lines. */
static void
test_lane_spacing (Fixture       *f,
                   gconstpointer  data)
{
  GtkTextView *tv = attest_article_view_get_text_view (f->view);
  AttestArticleText *text = ATTEST_ARTICLE_TEXT (tv);
  GtkTextBuffer *buffer = view_buffer (f);
  AttestClaim *outer = f->claims->pdata[0];
  AttestClaim *inner_a = f->claims->pdata[1];
  AttestClaim *inner_b = f->claims->pdata[2];
  AttestClaim *partial = f->claims->pdata[3];
  g_autoptr(GPtrArray) rest = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(AttestClaim) added = NULL;
  Paragraph plain0, plain, three, two, one, none;
  int nested, plain_line = -1;
  GtkTextIter iter;

  g_assert_cmpint (gtk_text_view_get_pixels_above_lines (tv), ==, 2);
  g_assert_cmpint (gtk_text_view_get_pixels_below_lines (tv), ==, 4);
  g_assert_cmpint (gtk_text_view_get_pixels_inside_wrap (tv), ==, 5);
  for (guint d = 1; d <= ATTEST_MAX_LANES; d++)
    {
      GtkTextTag *tag = attest_article_text_get_lane_tag (text, d);

      g_assert_cmpint (tag_pixels (tag, "pixels-above-lines"), ==, 2);
      g_assert_cmpint (tag_pixels (tag, "pixels-below-lines"), ==, 4 + 3 * (int) d);
      g_assert_cmpint (tag_pixels (tag, "pixels-inside-wrap"), ==, 4 + 3 * (int) d);
    }
  g_assert_cmpint (tag_pixels (attest_article_text_get_lane_tag (text, 1), "pixels-below-lines"), ==, 7);
  g_assert_cmpint (tag_pixels (attest_article_text_get_lane_tag (text, 3), "pixels-below-lines"), ==, 13);

  gtk_text_buffer_get_iter_at_offset (buffer, &iter, (int) outer->start);
  nested = gtk_text_iter_get_line (&iter);
  /* The first paragraph of the body that is long and holds no claim. */
  gtk_text_buffer_get_iter_at_offset (buffer, &iter, (int) f->doc->body_start);
  for (int line = gtk_text_iter_get_line (&iter); plain_line < 0 && line < gtk_text_buffer_get_line_count (buffer); line++)
    {
      g_autoptr(GPtrArray) claims = claims_on_line (f, line);
      GtkTextIter e;

      gtk_text_buffer_get_iter_at_line (buffer, &e, line);
      if (!gtk_text_iter_ends_line (&e))
        gtk_text_iter_forward_to_line_end (&e);
      if (gtk_text_iter_get_line_offset (&e) >= 200 && claims->len == 0)
        plain_line = line;
    }
  g_assert_cmpint (plain_line, >=, 0);
  g_assert_cmpint (plain_line, !=, nested);

  /* No claim: the view's spacing, no tag. */
  plain0 = paragraph_at (tv, plain_line);
  g_assert_cmpint (plain0.n_lines, >=, 2);
  g_assert_cmpint (plain0.above, ==, 2);
  g_assert_cmpint (plain0.inside, ==, 5);
  assert_no_lane_tag (f, plain_line);

  /* The three-deep nest: room for three lanes. */
  three = paragraph_at (tv, nested);
  g_assert_cmpint (three.n_lines, >=, 2);
  g_assert_cmpint (three.above, ==, 2);
  g_assert_cmpint (three.inside, ==, 13);
  gtk_text_buffer_get_iter_at_line (buffer, &iter, nested);
  g_assert_true (gtk_text_iter_has_tag (&iter, attest_article_text_get_lane_tag (text, 3)));

  /* The nested claims go: one lane fewer each time, 3 px less below
   * the paragraph and between each two of its lines. */
  attest_article_view_remove_claim (f->view, inner_b->uuid);
  attest_article_view_remove_claim (f->view, inner_a->uuid);
  two = paragraph_at (tv, nested);
  g_assert_cmpint (two.n_lines, ==, three.n_lines);
  g_assert_cmpint (two.inside, ==, 10);
  g_assert_cmpint (three.height - two.height, ==, 3 + 3 * (three.n_lines - 1));

  attest_article_view_remove_claim (f->view, partial->uuid);
  one = paragraph_at (tv, nested);
  g_assert_cmpint (one.above, ==, 2);
  g_assert_cmpint (one.inside, ==, 7);
  g_assert_cmpint (two.height - one.height, ==, 3 + 3 * (three.n_lines - 1));

  /* With the labels shown: room above the lines of the tagged paragraph
   * for the chips (13 px), none in the plain one. */
  attest_article_view_set_show_labels (f->view, TRUE);
  g_assert_cmpint (tag_pixels (attest_article_text_get_lane_tag (text, 1), "pixels-above-lines"), ==, 2 + 13);
  g_assert_cmpint (tag_pixels (attest_article_text_get_lane_tag (text, 1), "pixels-inside-wrap"), ==, 7 + 13);
  {
    Paragraph chips = paragraph_at (tv, nested);

    g_assert_cmpint (chips.above, ==, 2 + 13);
    g_assert_cmpint (chips.inside, ==, 7 + 13);
    g_assert_cmpint (chips.height - one.height, ==, 13 + 13 * (three.n_lines - 1));
  }
  plain = paragraph_at (tv, plain_line);
  g_assert_cmpint (plain.height, ==, plain0.height);
  g_assert_cmpint (plain.above, ==, 2);
  attest_article_view_set_show_labels (f->view, FALSE);

  /* Every claim of the paragraph gone: the view's spacing again, 2 px
   * less between each two lines than one lane's and 3 px less below. */
  {
    g_autoptr(GPtrArray) claims = claims_on_line (f, nested);

    for (guint i = 0; i < claims->len; i++)
      if (claims->pdata[i] != inner_a && claims->pdata[i] != inner_b && claims->pdata[i] != partial)
        g_ptr_array_add (rest, g_strdup (((AttestClaim *) claims->pdata[i])->uuid));
  }
  g_assert_cmpuint (rest->len, >=, 1);
  for (guint i = 0; i < rest->len; i++)
    attest_article_view_remove_claim (f->view, rest->pdata[i]);
  none = paragraph_at (tv, nested);
  g_assert_cmpint (none.above, ==, 2);
  g_assert_cmpint (none.inside, ==, 5);
  g_assert_cmpint (one.height - none.height, ==, 3 + 2 * (three.n_lines - 1));
  g_assert_cmpint (three.height - none.height, ==, 9 + 8 * (three.n_lines - 1));
  assert_no_lane_tag (f, nested);

  /* The plain paragraph kept its height through all of it, and one claim
   * in it makes room for one lane there: by the same 3 + 2 per line, so
   * it had the view's spacing (4 below) before. */
  plain = paragraph_at (tv, plain_line);
  g_assert_cmpint (plain.height, ==, plain0.height);
  added = attest_claim_copy (outer);
  g_free (added->uuid);
  added->uuid = g_uuid_string_random ();
  gtk_text_buffer_get_iter_at_line (buffer, &iter, plain_line);
  added->start = gtk_text_iter_get_offset (&iter) + 10;
  added->end = added->start + 20;
  attest_article_view_add_claim (f->view, added);
  plain = paragraph_at (tv, plain_line);
  g_assert_cmpint (plain.inside, ==, 7);
  g_assert_cmpint (plain.height - plain0.height, ==, 3 + 2 * (plain0.n_lines - 1));
  attest_article_view_remove_claim (f->view, added->uuid);
  plain = paragraph_at (tv, plain_line);
  g_assert_cmpint (plain.height, ==, plain0.height);
  g_assert_cmpint (plain.inside, ==, 5);
  assert_no_lane_tag (f, plain_line);
}

/* The short labels of the chips: initials, told apart when two would
 * be the same. */
static void
test_short_labels (void)
{
  g_autoptr(GHashTable) taken = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  const char *labels[][2] = {
    { "Troop deployment", "TD" },
    { "Military base and basing rights", "MB" },
    { "Arms and military-technical cooperation", "AM" },
    { "Training", "Tr" },
    { "Drug-control agency and counter-narcotics", "DC" },
    { "Agreement or meeting", "AMe" },
    { "Военные учения", "ВУ" },
    { "", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    {
      g_autofree char *got = attest_article_text_short_label (labels[i][0], taken);

      g_assert_cmpstr (got, ==, labels[i][1]);
    }
  /* Taken twice over: more letters, then a prime. */
  {
    g_autofree char *a = attest_article_text_short_label ("Agreement or meeting", taken);
    g_autofree char *b = attest_article_text_short_label ("Tr", taken);

    g_assert_cmpstr (a, ==, "AMee");
    g_assert_cmpstr (b, ==, "Tr'");
  }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GtkCssProvider) css = NULL;

  g_log_set_writer_func (log_writer, NULL, NULL);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  /* What AdwApplication would load from our resource base path. */
  css = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (css, "/io/github/attest/Attest/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);

#define ADD(path, func) \
  g_test_add ("/article-view/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("tags", test_tags);
  ADD ("select", test_select);
  ADD ("categorize", test_categorize);
  ADD ("key-bindings", test_key_bindings);
  ADD ("edit", test_edit);
  ADD ("click", test_click);
  ADD ("keyboard-steps", test_keyboard_steps);
  ADD ("marks", test_marks);
  ADD ("lane-spacing", test_lane_spacing);
  g_test_add_func ("/article-view/short-labels", test_short_labels);

  return g_test_run ();
}
