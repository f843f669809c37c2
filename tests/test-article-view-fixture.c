/* test-article-view-fixture.c — what the article view tests (test-article-view
 * and test-article-view-input) share: the fixture, its signals, waiting,
 * screenshots and the checks of the tags. */
#include "test-article-view-fixture.h"

/* ------------------------------------------------------------- helpers */

gboolean
wake_up (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/* One main loop iteration that sleeps until something happens (10 ms at
 * most), leaving the CPU to the X server. */
void
iterate (void)
{
  guint id = g_timeout_add (10, wake_up, NULL);

  g_main_context_iteration (NULL, TRUE);
  g_source_remove (id);
}

gboolean
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

void
on_after_paint (GdkFrameClock *clock,
                guint         *painted)
{
  (*painted)++;
}

/* Waits until @widget's surface has painted a frame after now. */
void
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

GskRenderNode *
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
void
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

GtkTextBuffer *
view_buffer (Fixture *f)
{
  return gtk_text_view_get_buffer (attest_article_view_get_text_view (f->view));
}

GtkTextTag *
tag_named (Fixture    *f,
           const char *name)
{
  GtkTextTag *tag = gtk_text_tag_table_lookup (gtk_text_buffer_get_tag_table (view_buffer (f)), name);

  g_assert_nonnull (tag);
  return tag;
}

GtkTextTag *
category_tag (Fixture    *f,
              const char *key)
{
  g_autofree char *name = g_strconcat ("attest-category:", key, NULL);

  return tag_named (f, name);
}

gboolean
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
AttestClaim *
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
void
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

void
assert_all_tags (Fixture *f)
{
  for (gint64 p = 0; p <= f->doc->length; p++)
    assert_tags_at (f, f->claims, f->citations, p);
}

void
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

AttestClaim *
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

void
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

void
on_claim_activated (AttestArticleView *view,
                    const char        *uuid,
                    Fixture           *f)
{
  f->n_activated++;
  g_free (f->activated_uuid);
  f->activated_uuid = g_strdup (uuid);
}

void
on_citation_activated (AttestArticleView *view,
                       AttestCitation    *citation,
                       Fixture           *f)
{
  f->n_cited++;
  f->cited = citation;
}

gboolean
window_active (gpointer data)
{
  return gtk_window_is_active (data);
}

void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *db = NULL;
  g_autofree char *path = attest_test_sample_path ("002_362495c372b1300c.txt");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(AttestDocument) read = NULL;

  f->dir = attest_test_make_tmp_dir ("attest-view-XXXXXX");
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

void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  GtkWidget *view = GTK_WIDGET (f->view);
  GtkWindow *window = g_object_ref (f->window);

  /* The view must go away with its window: nothing else holds it. */
  g_object_add_weak_pointer (G_OBJECT (view), (gpointer *) &f->view);
  gtk_window_destroy (f->window);
  attest_test_spin (50);
  g_assert_finalize_object (window);
  g_assert_null (f->view);

  g_clear_pointer (&f->claims, g_ptr_array_unref);
  g_clear_pointer (&f->citations, g_ptr_array_unref);
  g_clear_pointer (&f->categories, g_ptr_array_unref);
  g_clear_object (&f->doc);
  /* The test holds the last reference: a leaked one fails here. */
  if (f->store != NULL)
    g_assert_finalize_object (g_steal_pointer (&f->store));
  g_free (f->create_key);
  g_free (f->activated_uuid);
  attest_test_remove_tree (f->dir);
  g_free (f->dir);
}

gboolean
popover_mapped (gpointer data)
{
  return gtk_widget_get_mapped (data);
}

GtkWidget *
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
GPtrArray *
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


/* GTK 4.8 sometimes warns, as the pointer first moves over a window, that
 * it snapshots a widget of its own (a GtkGizmo) before allocating it. It
 * is GTK's and harmless; it is printed, and every other warning stays
 * fatal. (GTK logs structured, so a writer, not a fatal handler.) */
GLogWriterOutput
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
