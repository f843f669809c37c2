/* test-article-view.c — the article view under Xvfb: exact tags for nested,
 * overlapping and identical claims and for citations, one tag per category,
 * the selected claim, the category popover and the digit keys, the chooser
 * for several claims, incremental edits, keyboard stepping, a 1 MB article
 * with 10,000 claims highlighted in the background, and real pointer and
 * key input through XTest when the X server offers it. Screenshots of the
 * view and of both popovers are saved to the build directory.
 */
#include "config.h"

#include <adwaita.h>
#include <dlfcn.h>
#include <gdk/x11/gdkx.h>
#include <glib/gstdio.h>
#include <string.h>
#include <X11/keysym.h>

#include "attest-article-reader.h"
#include "attest-article-view.h"
#include "attest-store.h"

#define N_FIXED_TAGS 5

typedef struct {
  char              *dir;
  AttestStore       *store;
  AttestDocument    *doc;
  GPtrArray         *categories;
  GPtrArray         *claims;      /* AttestClaim, what the view should show */
  GPtrArray         *citations;
  GtkWindow         *window;
  AttestArticleView *view;

  /* what the signals said */
  guint              n_create;
  gint64             create_start;
  gint64             create_end;
  char              *create_key;
  guint              n_activated;
  char              *activated_uuid;
  guint              n_cited;
  AttestCitation    *cited;
} Fixture;

/* ------------------------------------------------------------- helpers */

static void
spin (guint ms)
{
  gint64 until = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, FALSE);
}

static gboolean
wake_up (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/* One main loop iteration that sleeps until something happens (10 ms at
 * most), leaving the CPU to the X server. */
static void
iterate (void)
{
  guint id = g_timeout_add (10, wake_up, NULL);

  g_main_context_iteration (NULL, TRUE);
  g_source_remove (id);
}

static gboolean
wait_for (gboolean (*cond) (gpointer),
          gpointer  data,
          guint     timeout_ms)
{
  gint64 until = g_get_monotonic_time () + timeout_ms * 1000;

  while (!cond (data))
    {
      if (g_get_monotonic_time () > until)
        return FALSE;
      iterate ();
    }
  return TRUE;
}

static void
on_after_paint (GdkFrameClock *clock,
                guint         *painted)
{
  (*painted)++;
}

/* Waits until @widget's surface has painted a frame after now. */
static void
wait_painted (GtkWidget *widget)
{
  GdkFrameClock *clock;
  guint painted = 0;
  gulong id;
  gint64 until = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  while (!gtk_widget_get_mapped (widget) && g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, FALSE);
  g_assert_true (gtk_widget_get_mapped (widget));

  clock = gtk_widget_get_frame_clock (widget);
  id = g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint), &painted);
  gtk_widget_queue_draw (widget);
  while (painted < 2 && g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, FALSE);
  g_signal_handler_disconnect (clock, id);
  g_assert_cmpuint (painted, >=, 1);
}

static GskRenderNode *
widget_node (GtkWidget *widget)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  GtkSnapshot *snapshot = gtk_snapshot_new ();

  gdk_paintable_snapshot (paintable, snapshot,
                          gtk_widget_get_width (widget), gtk_widget_get_height (widget));
  return gtk_snapshot_free_to_node (snapshot);
}

/* Renders @window, with @popover composited where its surface sits, into
 * a PNG in the build directory. */
static void
screenshot (GtkWidget  *window,
            GtkWidget  *popover,
            const char *name)
{
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = NULL;
  const char *dir = g_getenv ("G_TEST_BUILDDIR");
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  int width = gtk_widget_get_width (window);
  int height = gtk_widget_get_height (window);
  GskRenderer *renderer;

  gtk_snapshot_append_color (snapshot, &(GdkRGBA) { 1, 1, 1, 1 },
                             &GRAPHENE_RECT_INIT (0, 0, width, height));
  node = widget_node (window);
  if (node)
    gtk_snapshot_append_node (snapshot, node);
  g_clear_pointer (&node, gsk_render_node_unref);

  if (popover != NULL && gtk_widget_get_mapped (popover))
    {
      GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (popover));
      double wx, wy, px, py;

      gtk_native_get_surface_transform (GTK_NATIVE (window), &wx, &wy);
      gtk_native_get_surface_transform (GTK_NATIVE (popover), &px, &py);
      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot,
                              &GRAPHENE_POINT_INIT (gdk_popup_get_position_x (GDK_POPUP (surface)) + px - wx,
                                                    gdk_popup_get_position_y (GDK_POPUP (surface)) + py - wy));
      node = widget_node (popover);
      if (node)
        gtk_snapshot_append_node (snapshot, node);
      gtk_snapshot_restore (snapshot);
    }

  g_clear_pointer (&node, gsk_render_node_unref);
  node = gtk_snapshot_free_to_node (snapshot);
  renderer = gtk_native_get_renderer (GTK_NATIVE (window));
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  path = g_build_filename (dir ? dir : ".", name, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s", path);
}

static GtkTextBuffer *
view_buffer (Fixture *f)
{
  return gtk_text_view_get_buffer (attest_article_view_get_text_view (f->view));
}

static GtkTextTag *
tag_named (Fixture    *f,
           const char *name)
{
  GtkTextTag *tag = gtk_text_tag_table_lookup (gtk_text_buffer_get_tag_table (view_buffer (f)), name);

  g_assert_nonnull (tag);
  return tag;
}

static GtkTextTag *
category_tag (Fixture    *f,
              const char *key)
{
  g_autofree char *name = g_strconcat ("attest-category:", key, NULL);

  return tag_named (f, name);
}

static gboolean
has_tag_at (Fixture    *f,
            GtkTextTag *tag,
            gint64      offset)
{
  GtkTextIter iter;

  gtk_text_buffer_get_iter_at_offset (view_buffer (f), &iter, (int) offset);
  return gtk_text_iter_has_tag (&iter, tag);
}

/* The claims covering @offset, and the innermost of them: the shortest,
 * then the one starting later, then the one added later — the claim whose
 * colour the view shows there. */
static AttestClaim *
innermost_at (GPtrArray *claims,
              gint64     offset,
              guint     *count)
{
  AttestClaim *best = NULL;

  *count = 0;
  for (guint i = 0; i < claims->len; i++)
    {
      AttestClaim *c = g_ptr_array_index (claims, i);

      if (c->start <= offset && offset < c->end)
        {
          (*count)++;
          if (best == NULL ||
              c->end - c->start < best->end - best->start ||
              (c->end - c->start == best->end - best->start && c->start >= best->start))
            best = c;
        }
    }
  return best;
}

/* At @offset exactly one category tag is on — the innermost claim's —
 * or none; the overlap tag is on where two or more claims cover it; the
 * citation tag where a citation does. */
static void
assert_tags_at (Fixture   *f,
                GPtrArray *claims,
                GPtrArray *citations,
                gint64     offset)
{
  gboolean cited = FALSE;
  guint count;
  AttestClaim *inner = innermost_at (claims, offset, &count);
  GtkTextIter iter;

  /* No highlight covers a line break (see apply_tag() in the view). */
  gtk_text_buffer_get_iter_at_offset (view_buffer (f), &iter, (int) offset);
  if (gtk_text_iter_ends_line (&iter))
    {
      inner = NULL;
      count = 0;
    }

  for (guint k = 0; k < f->categories->len; k++)
    {
      AttestCategory *cat = g_ptr_array_index (f->categories, k);
      gboolean want = inner != NULL && g_strcmp0 (inner->category, cat->key) == 0;

      if (has_tag_at (f, category_tag (f, cat->key), offset) != want)
        g_error ("offset %" G_GINT64_FORMAT ": category %s should be %s", offset, cat->key,
                 want ? "on" : "off");
    }

  if (has_tag_at (f, tag_named (f, "attest-overlap"), offset) != (count >= 2))
    g_error ("offset %" G_GINT64_FORMAT ": %u claims, overlap tag wrong", offset, count);

  for (guint i = 0; citations && i < citations->len; i++)
    {
      AttestCitation *c = g_ptr_array_index (citations, i);

      cited |= c->start <= offset && offset < c->end && !gtk_text_iter_ends_line (&iter);
    }
  if (has_tag_at (f, tag_named (f, "attest-citation"), offset) != cited)
    g_error ("offset %" G_GINT64_FORMAT ": citation tag should be %s", offset, cited ? "on" : "off");
}

static void
assert_all_tags (Fixture *f)
{
  for (gint64 p = 0; p <= f->doc->length; p++)
    assert_tags_at (f, f->claims, f->citations, p);
}

static void
assert_tag_exactly_over (Fixture    *f,
                         GtkTextTag *tag,
                         gint64      start,
                         gint64      end)
{
  GtkTextIter iter;

  gtk_text_buffer_get_start_iter (view_buffer (f), &iter);
  if (!gtk_text_iter_starts_tag (&iter, tag))
    g_assert_true (gtk_text_iter_forward_to_tag_toggle (&iter, tag));
  g_assert_cmpint (gtk_text_iter_get_offset (&iter), ==, start);
  g_assert_true (gtk_text_iter_forward_to_tag_toggle (&iter, tag));
  g_assert_cmpint (gtk_text_iter_get_offset (&iter), ==, end);
  /* and nowhere else */
  g_assert_false (gtk_text_iter_forward_to_tag_toggle (&iter, tag));
}

static AttestClaim *
add_claim (Fixture    *f,
           const char *quote,
           gint64      nth_from,
           const char *key)
{
  g_autoptr(GError) error = NULL;
  gint64 start = attest_document_find (f->doc, quote, nth_from);
  AttestClaim *claim;

  g_assert_cmpint (start, >=, 0);
  claim = attest_store_add_claim (f->store, f->doc->uuid, start,
                                  start + g_utf8_strlen (quote, -1), key, NULL, NULL, &error);
  g_assert_no_error (error);
  g_ptr_array_add (f->claims, claim);
  return claim;
}

static void
on_create_claim (AttestArticleView *view,
                 gint64             start,
                 gint64             end,
                 const char        *key,
                 Fixture           *f)
{
  f->n_create++;
  f->create_start = start;
  f->create_end = end;
  g_free (f->create_key);
  f->create_key = g_strdup (key);
}

static void
on_claim_activated (AttestArticleView *view,
                    const char        *uuid,
                    Fixture           *f)
{
  f->n_activated++;
  g_free (f->activated_uuid);
  f->activated_uuid = g_strdup (uuid);
}

static void
on_citation_activated (AttestArticleView *view,
                       AttestCitation    *citation,
                       Fixture           *f)
{
  f->n_cited++;
  f->cited = citation;
}

static char *
sample_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "data", name, NULL);
}

static gboolean
window_active (gpointer data)
{
  return gtk_window_is_active (data);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *db = NULL;
  g_autofree char *path = sample_path ("002_362495c372b1300c.txt");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(AttestDocument) read = NULL;

  f->dir = g_dir_make_tmp ("attest-view-XXXXXX", &error);
  g_assert_no_error (error);
  db = g_build_filename (f->dir, "view.db", NULL);
  f->store = attest_store_open (db, ATTEST_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_true (attest_store_set_annotator (f->store, "Ana Analyst", NULL));

  read = attest_article_reader_read_file (file, NULL, &error);
  g_assert_no_error (error);
  f->doc = attest_store_add_document (f->store, read, NULL, &error);
  g_assert_no_error (error);
  if (f->doc->text == NULL)
    {
      g_clear_object (&f->doc);
      f->doc = attest_store_get_document (f->store, read->sha256, &error);
      g_assert_no_error (error);
    }
  g_assert_nonnull (f->doc->text);

  f->categories = attest_store_list_categories (f->store, TRUE, &error);
  g_assert_no_error (error);
  f->citations = attest_store_list_citations (f->store, f->doc->uuid, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (f->citations->len, >, 0);
  f->claims = g_ptr_array_new_with_free_func (g_object_unref);

  /* Nested, identical, partly overlapping, and over a citation. */
  add_claim (f, "Russia’s reputation as a reliable security partner is currently growing within Central Asia", 0, "statement-position");
  add_claim (f, "reliable security partner", 0, "security-assistance");
  add_claim (f, "reliable security partner", 0, "military-base");
  add_claim (f, "growing within Central Asia, despite numerous efforts by Western countries", 0, "organisation-membership");
  add_claim (f, "Russia has been invited to attend the summit suggests that Moscow’s once rather lackluster reputation in Tashkent, for instance, has shifted in recent times (Khovar News Agency, October 12)", 0, "agreement-meeting");
  add_claim (f, "long-term deployment of the 201st Motor Rifle Division (MRD)", 0, "troop-deployment");
  add_claim (f, "$300 million debt to Russia written off", 0, "debt-deal");

  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (f->window, 1000, 800);
  f->view = ATTEST_ARTICLE_VIEW (attest_article_view_new ());
  gtk_window_set_child (f->window, GTK_WIDGET (f->view));
  g_signal_connect (f->view, "create-claim", G_CALLBACK (on_create_claim), f);
  g_signal_connect (f->view, "claim-activated", G_CALLBACK (on_claim_activated), f);
  g_signal_connect (f->view, "citation-activated", G_CALLBACK (on_citation_activated), f);

  attest_article_view_set_categories (f->view, f->categories);
  attest_article_view_set_document (f->view, f->doc, f->claims, f->citations);
  gtk_window_present (f->window);
  wait_painted (GTK_WIDGET (f->window));
  /* Popovers close when their window loses focus: start focused. */
  g_assert_true (wait_for (window_active, f->window, 3000));
}

static void
remove_tree (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d && (name = g_dir_read_name (d)))
    {
      g_autofree char *p = g_build_filename (dir, name, NULL);
      g_remove (p);
    }
  g_rmdir (dir);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  GtkWidget *view = GTK_WIDGET (f->view);

  /* The view must go away with its window: nothing else holds it. */
  g_object_add_weak_pointer (G_OBJECT (view), (gpointer *) &f->view);
  gtk_window_destroy (f->window);
  spin (50);
  g_assert_null (f->view);

  g_clear_pointer (&f->claims, g_ptr_array_unref);
  g_clear_pointer (&f->citations, g_ptr_array_unref);
  g_clear_pointer (&f->categories, g_ptr_array_unref);
  g_clear_object (&f->doc);
  g_clear_object (&f->store);
  g_free (f->create_key);
  g_free (f->activated_uuid);
  remove_tree (f->dir);
  g_free (f->dir);
}

static gboolean
popover_mapped (gpointer data)
{
  return gtk_widget_get_mapped (data);
}

static GtkWidget *
find_popover (Fixture    *f,
              const char *css_class)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (f->view));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_POPOVER (child) && gtk_widget_has_css_class (child, css_class))
      return child;
  g_assert_not_reached ();
}

/* The popover's row buttons, in order. */
static GPtrArray *
popover_rows (GtkWidget *widget,
              GPtrArray *rows)
{
  if (rows == NULL)
    rows = g_ptr_array_new ();
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_BUTTON (child) && gtk_widget_has_css_class (child, "attest-popover-row"))
        g_ptr_array_add (rows, child);
      else
        popover_rows (child, rows);
    }
  return rows;
}

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
  g_assert_cmpint (gtk_text_tag_table_get_size (table), ==, f->categories->len + N_FIXED_TAGS);

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
  attest_article_view_set_selection (f->view, start + 4, end + 10);
  g_assert_true (gtk_widget_activate_action (view, "article.show-categories", NULL));
  g_assert_true (wait_for (popover_mapped, popover, 3000));
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
  spin (100);
  g_assert_false (gtk_widget_get_visible (popover));

  /* A click on a row (a button) does the same. */
  attest_article_view_set_selection (f->view, start, start + 7);
  attest_article_view_show_category_popover (f->view);
  g_assert_true (wait_for (popover_mapped, popover, 3000));
  g_clear_pointer (&rows, g_ptr_array_unref);
  rows = popover_rows (popover, NULL);
  gtk_widget_activate (rows->pdata[1]);
  spin (400);  /* a button's activation is animated before "clicked" */
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
  attest_article_view_set_selection (f->view, start, end);
  attest_article_view_show_category_popover (f->view);
  g_assert_true (wait_for (popover_mapped, popover, 3000));
  g_assert_true (gtk_widget_get_visible (popover));
  g_assert_true (gtk_widget_activate_action (view, "article.clear", NULL));
  spin (100);
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
  g_assert_cmpint (gtk_text_tag_table_get_size (table), ==, f->categories->len + N_FIXED_TAGS);
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
  spin (400);
  g_assert_cmpuint (f->n_activated, ==, 2);
  g_assert_cmpstr (f->activated_uuid, ==, inner_b->uuid);
  g_assert_cmpstr (attest_article_view_get_selected_claim (f->view), ==, inner_b->uuid);
  spin (100);
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

/* ------------------------------------------------------ real input (XTest) */

/* Real input is asynchronous: XTest asks the X server for an event, the
 * server sends it back, GDK reads it and GTK handles it, each at its own
 * pace (slowly under sanitizers or load). So each step waits until GTK has
 * been given what was sent, and each check of a state reached later (an
 * idle, a popover mapping) waits for it, against a generous deadline
 * rather than after a fixed sleep. */
#define INPUT_TIMEOUT_MS 20000

typedef int  (*FakeKeyFunc)    (Display *, unsigned int, Bool, unsigned long);
typedef int  (*FakeButtonFunc) (Display *, unsigned int, Bool, unsigned long);
typedef int  (*FakeMotionFunc) (Display *, int, int, int, unsigned long);
typedef KeyCode (*KeysymToKeycodeFunc) (Display *, KeySym);
typedef int  (*FlushFunc)      (Display *);
typedef Bool (*TranslateFunc)  (Display *, Window, Window, int, int, int *, int *, Window *);

typedef struct {
  Display            *dpy;
  FakeKeyFunc         key;
  FakeButtonFunc      button;
  FakeMotionFunc      motion;
  KeysymToKeycodeFunc keycode;
  FlushFunc           flush;
  TranslateFunc       translate;
} XTest;

/* What GTK has been given, recorded by an emission hook on
 * GdkSurface::event. The hook runs as each event is delivered, just before
 * GTK handles it; so once an event is recorded, every earlier one has been
 * handled, and by the next check the recorded one too. */
static struct {
  guint       key_releases[256];   /* by X keycode */
  guint       button_presses;
  guint       button_releases;
  GdkSurface *pointer_surface;
  double      pointer_x;
  double      pointer_y;
} seen;

static gboolean
record_event (GSignalInvocationHint *hint,
              guint                  n_values,
              const GValue          *values,
              gpointer               data)
{
  GdkEvent *event = g_value_get_pointer (&values[1]);

  switch ((int) gdk_event_get_event_type (event))
    {
    case GDK_KEY_RELEASE:
      seen.key_releases[gdk_key_event_get_keycode (event) & 0xff]++;
      break;

    case GDK_BUTTON_PRESS:
      seen.button_presses++;
      break;

    case GDK_BUTTON_RELEASE:
      seen.button_releases++;
      break;

    case GDK_MOTION_NOTIFY:
    case GDK_ENTER_NOTIFY:
      seen.pointer_surface = gdk_event_get_surface (event);
      gdk_event_get_position (event, &seen.pointer_x, &seen.pointer_y);
      break;

    default:
      break;
    }
  return TRUE;
}

/* Iterates until @expr holds or INPUT_TIMEOUT_MS pass; the caller then
 * asserts @expr, so a wrong behaviour still fails, only later. */
#define WAIT_UNTIL(expr) \
  G_STMT_START { \
    gint64 until_ = g_get_monotonic_time () + INPUT_TIMEOUT_MS * G_TIME_SPAN_MILLISECOND; \
    while (!(expr) && g_get_monotonic_time () < until_) \
      iterate (); \
  } G_STMT_END

static gboolean
xtest_open (XTest *x)
{
  GdkDisplay *display = gdk_display_get_default ();
  void *tst;

  if (!GDK_IS_X11_DISPLAY (display) || !(tst = dlopen ("libXtst.so.6", RTLD_NOW)))
    return FALSE;

  x->dpy = gdk_x11_display_get_xdisplay (display);
  x->key = (FakeKeyFunc) dlsym (tst, "XTestFakeKeyEvent");
  x->button = (FakeButtonFunc) dlsym (tst, "XTestFakeButtonEvent");
  x->motion = (FakeMotionFunc) dlsym (tst, "XTestFakeMotionEvent");
  x->keycode = (KeysymToKeycodeFunc) dlsym (RTLD_DEFAULT, "XKeysymToKeycode");
  x->flush = (FlushFunc) dlsym (RTLD_DEFAULT, "XFlush");
  x->translate = (TranslateFunc) dlsym (RTLD_DEFAULT, "XTranslateCoordinates");
  return x->key && x->button && x->motion && x->keycode && x->flush && x->translate;
}

/* Types @sym (with @modifier held) and returns once GTK has handled it. */
static void
xtest_key (XTest  *x,
           KeySym  sym,
           KeySym  modifier)
{
  KeyCode code = x->keycode (x->dpy, sym);
  KeyCode mod = modifier ? x->keycode (x->dpy, modifier) : 0;
  KeyCode last = modifier ? mod : code;
  guint before = seen.key_releases[last];

  g_assert_cmpuint (code, !=, 0);
  if (modifier)
    x->key (x->dpy, mod, True, 0);
  x->key (x->dpy, code, True, 0);
  x->key (x->dpy, code, False, 0);
  if (modifier)
    x->key (x->dpy, mod, False, 0);
  x->flush (x->dpy);
  WAIT_UNTIL (seen.key_releases[last] > before);
  g_assert_cmpuint (seen.key_releases[last], >, before);
}

/* Moves the pointer over character @offset of the view (a few pixels
 * into it, so the press lands before the character) and returns once GTK
 * has seen it there. */
static void
xtest_move_to_offset (XTest   *x,
                      Fixture *f,
                      gint64   offset,
                      int      dx)
{
  GtkTextView *tv = attest_article_view_get_text_view (f->view);
  GtkNative *native = gtk_widget_get_native (GTK_WIDGET (tv));
  GdkSurface *surface = gtk_native_get_surface (native);
  GdkRectangle loc;
  GtkTextIter iter;
  int wx, wy, rx, ry, px, py;
  double nx, ny, sx, sy;
  Window child;

  gtk_text_buffer_get_iter_at_offset (view_buffer (f), &iter, (int) offset);
  gtk_text_view_get_iter_location (tv, &iter, &loc);
  gtk_text_view_buffer_to_window_coords (tv, GTK_TEXT_WINDOW_WIDGET, loc.x + dx, loc.y + loc.height / 2, &wx, &wy);
  g_assert_true (gtk_widget_translate_coordinates (GTK_WIDGET (tv), GTK_WIDGET (native), wx, wy, &sx, &sy));
  gtk_native_get_surface_transform (native, &nx, &ny);
  px = (int) (sx + nx);
  py = (int) (sy + ny);
  x->translate (x->dpy, gdk_x11_surface_get_xid (surface), DefaultRootWindow (x->dpy), px, py, &rx, &ry, &child);
  x->motion (x->dpy, -1, rx, ry, 0);
  x->flush (x->dpy);
  WAIT_UNTIL (seen.pointer_surface == surface &&
              ABS (seen.pointer_x - px) < 1.5 && ABS (seen.pointer_y - py) < 1.5);
  g_assert_true (seen.pointer_surface == surface);
  g_assert_cmpfloat_with_epsilon (seen.pointer_x, px, 1.5);
  g_assert_cmpfloat_with_epsilon (seen.pointer_y, py, 1.5);
}

/* Presses or releases the first button; returns once GTK has handled it. */
static void
xtest_button (XTest    *x,
              gboolean  press)
{
  guint *count = press ? &seen.button_presses : &seen.button_releases;
  guint before = *count;

  x->button (x->dpy, 1, press, 0);
  x->flush (x->dpy);
  WAIT_UNTIL (*count > before);
  g_assert_cmpuint (*count, >, before);
}

static gboolean
selection_is (Fixture *f,
              gint64   start,
              gint64   end)
{
  gint64 s, e;

  return attest_article_view_get_selection (f->view, &s, &e) && s == start && e == end;
}

static void
test_real_input (Fixture       *f,
                 gconstpointer  data)
{
  GtkWidget *popover = find_popover (f, "attest-category-popover");
  GtkWidget *chooser = find_popover (f, "attest-chooser-popover");
  GtkTextView *tv = attest_article_view_get_text_view (f->view);
  AttestClaim *outer = f->claims->pdata[0];
  AttestClaim *inner = f->claims->pdata[1];
  gint64 a = attest_document_find (f->doc, "Senior officers", 0);
  gint64 b = a + strlen ("Senior officers");
  gint64 s, e;
  GtkTextIter iter;
  guint hook;
  XTest x;

  if (!xtest_open (&x))
    {
      g_test_skip ("no XTest on this display");
      return;
    }
  memset (&seen, 0, sizeof seen);
  hook = g_signal_add_emission_hook (g_signal_lookup ("event", GDK_TYPE_SURFACE), 0, record_event, NULL, NULL);

  gtk_widget_grab_focus (GTK_WIDGET (f->view));
  g_assert_true (gtk_widget_has_focus (GTK_WIDGET (tv)));

  /* Drag over "Senior officers": on release, the categories at the selection. */
  xtest_move_to_offset (&x, f, a, 1);
  xtest_button (&x, TRUE);
  xtest_move_to_offset (&x, f, a + 5, 1);
  xtest_move_to_offset (&x, f, b, 1);
  xtest_button (&x, FALSE);
  g_assert_true (attest_article_view_get_selection (f->view, &s, &e));
  g_assert_cmpint (s, ==, a);
  g_assert_cmpint (e, ==, b);
  g_assert_true (wait_for (popover_mapped, popover, INPUT_TIMEOUT_MS));

  /* The digit, typed while the popover is open. */
  xtest_key (&x, XK_1, 0);
  g_assert_cmpuint (f->n_create, ==, 1);
  g_assert_cmpint (f->create_start, ==, a);
  g_assert_cmpint (f->create_end, ==, b);
  g_assert_cmpstr (f->create_key, ==, "troop-deployment");
  g_assert_false (gtk_widget_get_visible (popover));

  /* Keyboard only: caret, Shift+Right ×6, digit, no popover needed. */
  gtk_widget_grab_focus (GTK_WIDGET (f->view));
  gtk_text_buffer_get_iter_at_offset (view_buffer (f), &iter, (int) a);
  gtk_text_buffer_place_cursor (view_buffer (f), &iter);
  for (int i = 0; i < 6; i++)
    xtest_key (&x, XK_Right, XK_Shift_L);
  g_assert_true (selection_is (f, a, a + 6));
  g_assert_false (gtk_widget_get_visible (popover));
  xtest_key (&x, XK_2, 0);
  g_assert_cmpuint (f->n_create, ==, 2);
  g_assert_cmpint (f->create_start, ==, a);
  g_assert_cmpint (f->create_end, ==, a + 6);
  g_assert_cmpstr (f->create_key, ==, "military-base");

  /* Ctrl+Return opens the categories at a keyboard selection; Escape closes. */
  for (int i = 0; i < 3; i++)
    xtest_key (&x, XK_Right, XK_Shift_L);
  xtest_key (&x, XK_Return, XK_Control_L);
  g_assert_true (wait_for (popover_mapped, popover, INPUT_TIMEOUT_MS));
  xtest_key (&x, XK_Escape, 0);
  g_assert_false (gtk_widget_get_visible (popover));
  g_assert_true (attest_article_view_get_selection (f->view, NULL, NULL));
  xtest_key (&x, XK_Escape, 0);
  g_assert_false (attest_article_view_get_selection (f->view, NULL, NULL));
  g_assert_cmpuint (f->n_create, ==, 2);

  /* A digit with nothing selected creates nothing. */
  xtest_key (&x, XK_3, 0);
  g_assert_cmpuint (f->n_create, ==, 2);

  /* A click on text covered by one claim selects it (once the text view
   * has had the release: in an idle). */
  xtest_move_to_offset (&x, f, outer->start + 2, 2);
  xtest_button (&x, TRUE);
  xtest_button (&x, FALSE);
  WAIT_UNTIL (g_strcmp0 (f->activated_uuid, outer->uuid) == 0);
  g_assert_cmpstr (f->activated_uuid, ==, outer->uuid);
  g_assert_cmpstr (attest_article_view_get_selected_claim (f->view), ==, outer->uuid);

  /* A click on nested claims offers the chooser. */
  xtest_move_to_offset (&x, f, inner->start + 3, 2);
  xtest_button (&x, TRUE);
  xtest_button (&x, FALSE);
  g_assert_true (wait_for (popover_mapped, chooser, INPUT_TIMEOUT_MS));
  xtest_key (&x, XK_Escape, 0);
  g_assert_false (gtk_widget_get_visible (chooser));
  g_assert_cmpstr (attest_article_view_get_selected_claim (f->view), ==, outer->uuid);

  /* Alt+Down steps through the claims from the selected one. */
  xtest_key (&x, XK_Down, XK_Alt_L);
  g_assert_cmpstr (attest_article_view_get_selected_claim (f->view), ==, inner->uuid);

  g_signal_remove_emission_hook (g_signal_lookup ("event", GDK_TYPE_SURFACE), hook);
}

/* -------------------------------------------------------------- large */

typedef struct {
  AttestDocument *doc;
  GPtrArray      *claims;
  GPtrArray      *citations;
} Large;

static const char *large_keys[] = {
  "troop-deployment", "military-base", "debt-deal", "training", "border-security",
};

static Large
make_large (gsize bytes,
            guint n_claims)
{
  g_autoptr(GString) text = g_string_new ("Publication: Large Monitor Volume: 1 Issue: 1\n\n");
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  Large large;

  for (guint i = 0; text->len < bytes; i++)
    {
      g_autofree char *path = NULL;
      g_autofree char *contents = NULL;
      static const char *names[] = { "000_7978e9767d1c15ca.txt", "001_e5288724e250c3ef.txt",
                                     "002_362495c372b1300c.txt", "003_5296401f81ea8387.txt",
                                     "004_c3d161883663a3cb.txt" };

      path = sample_path (names[i % G_N_ELEMENTS (names)]);
      g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
      g_string_append (text, contents);
      g_string_append (text, "\n\n");
    }

  large.doc = attest_document_new ();
  attest_document_set_text (large.doc, text->str);
  large.doc->body_start = 48;
  large.claims = g_ptr_array_new_with_free_func (g_object_unref);
  large.citations = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < n_claims; i++)
    {
      AttestClaim *c = attest_claim_new ();
      gint64 len = g_rand_int_range (rand, 0, 8) == 0 ? g_rand_int_range (rand, 200, 2000)
                                                       : g_rand_int_range (rand, 5, 160);

      c->uuid = g_uuid_string_random ();
      c->start = g_rand_int_range (rand, 48, (gint32) (large.doc->length - len));
      c->end = c->start + len;
      c->category = g_strdup (large_keys[i % G_N_ELEMENTS (large_keys)]);
      c->quote = attest_document_dup_range (large.doc, c->start, c->end);
      g_ptr_array_add (large.claims, c);
    }

  for (guint i = 0; i < 300; i++)
    {
      AttestCitation *c = attest_citation_new ();

      c->uuid = g_uuid_string_random ();
      c->start = g_rand_int_range (rand, 48, (gint32) large.doc->length - 40);
      c->end = c->start + 30;
      g_ptr_array_add (large.citations, c);
    }
  return large;
}

static void
large_clear (Large *large)
{
  g_clear_object (&large->doc);
  g_clear_pointer (&large->claims, g_ptr_array_unref);
  g_clear_pointer (&large->citations, g_ptr_array_unref);
}

static gboolean
not_highlighting (gpointer data)
{
  return !attest_article_view_is_highlighting (data);
}

static void
test_large (Fixture       *f,
            gconstpointer  data)
{
  Large large = make_large (1024 * 1024, 10000);
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  GtkTextTag *overlap = tag_named (f, "attest-overlap");
  gint64 t0, t1;
  guint checked_far = 0, untagged_far = 0;

  g_assert_cmpuint (strlen (large.doc->text), >=, 1024 * 1024);

  t0 = g_get_monotonic_time ();
  attest_article_view_set_document (f->view, large.doc, large.claims, large.citations);
  t1 = g_get_monotonic_time ();
  g_test_message ("set_document of %" G_GINT64_FORMAT " characters, %u claims: %.1f ms",
                  large.doc->length, large.claims->len, (t1 - t0) / 1000.0);

  /* It returned with the start tagged and the rest queued. */
  g_assert_true (attest_article_view_is_highlighting (f->view));
  for (guint i = 0; i < 200; i++)
    assert_tags_at (f, large.claims, large.citations, g_rand_int_range (rand, 0, 4000));
  for (guint i = 0; i < large.claims->len; i++)
    {
      AttestClaim *c = large.claims->pdata[i];

      if (c->start > large.doc->length / 2)
        {
          checked_far++;
          untagged_far += !has_tag_at (f, category_tag (f, c->category), c->start);
        }
    }
  g_assert_cmpuint (untagged_far, >, checked_far / 2);

  /* A second document cancels the rest of the first. */
  attest_article_view_set_document (f->view, f->doc, f->claims, f->citations);
  g_assert_false (attest_article_view_is_highlighting (f->view));
  spin (100);
  assert_all_tags (f);

  /* Again, and let the main loop run: the window stays live meanwhile. */
  attest_article_view_set_document (f->view, large.doc, large.claims, large.citations);
  wait_painted (GTK_WIDGET (f->window));
  g_assert_true (wait_for (not_highlighting, f->view, 30000));

  for (guint i = 0; i < 3000; i++)
    assert_tags_at (f, large.claims, large.citations, g_rand_int_range (rand, 0, (gint32) large.doc->length + 1));
  for (guint i = 0; i < large.claims->len; i += 17)
    {
      AttestClaim *c = large.claims->pdata[i];

      assert_tags_at (f, large.claims, large.citations, c->start);
      assert_tags_at (f, large.claims, large.citations, c->end - 1);
      assert_tags_at (f, large.claims, large.citations, c->end);
    }
  /* Overlaps are there too, not only categories. */
  {
    gboolean any_overlap = FALSE;

    for (guint i = 0; i < large.claims->len && !any_overlap; i++)
      any_overlap = has_tag_at (f, overlap, ((AttestClaim *) large.claims->pdata[i])->start);
    g_assert_true (any_overlap);
  }

  /* An edit deep in the document re-tags just there. */
  {
    AttestClaim *c = attest_claim_new ();

    c->uuid = g_uuid_string_random ();
    c->start = large.doc->length - 500;
    c->end = large.doc->length - 100;
    c->category = g_strdup ("training");
    g_ptr_array_add (large.claims, c);
    t0 = g_get_monotonic_time ();
    attest_article_view_add_claim (f->view, c);
    t1 = g_get_monotonic_time ();
    g_test_message ("add_claim in a 10,000-claim document: %.2f ms", (t1 - t0) / 1000.0);
    for (gint64 p = c->start - 50; p < c->end + 50; p++)
      assert_tags_at (f, large.claims, large.citations, p);
  }

  large_clear (&large);
}

/* GTK 4.8 sometimes warns, as the pointer first moves over a window, that
 * it snapshots a widget of its own (a GtkGizmo) before allocating it. It
 * is GTK's and harmless; it is printed, and every other warning stays
 * fatal. (GTK logs structured, so a writer, not a fatal handler.) */
static GLogWriterOutput
log_writer (GLogLevelFlags   log_level,
            const GLogField *fields,
            gsize            n_fields,
            gpointer         data)
{
  const char *domain = NULL;
  const char *message = NULL;

  for (gsize i = 0; i < n_fields; i++)
    {
      if (g_str_equal (fields[i].key, "GLIB_DOMAIN"))
        domain = fields[i].value;
      else if (g_str_equal (fields[i].key, "MESSAGE"))
        message = fields[i].value;
    }

  if ((log_level & G_LOG_LEVEL_WARNING) && g_strcmp0 (domain, "Gtk") == 0 && message != NULL &&
      g_str_has_prefix (message, "Trying to snapshot GtkGizmo ") &&
      g_str_has_suffix (message, " without a current allocation"))
    return g_log_writer_standard_streams (log_level, fields, n_fields, data);

  return g_log_writer_default (log_level, fields, n_fields, data);
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
  ADD ("real-input", test_real_input);
  ADD ("large", test_large);

  return g_test_run ();
}
