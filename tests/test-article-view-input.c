/* test-article-view-input.c — the article view under Xvfb with real pointer
 * and key input through XTest when the X server offers it, and a 1 MB
 * article with 10,000 claims highlighted in the background.
 */
#include "test-article-view-fixture.h"

#include "attest-article-text.h"

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
 * into it, so the press lands before the character), or on the middle of
 * the mark of @lane under it (-1: on the character), or, with @offset
 * negative, to the view's top-left corner; returns once GTK has seen it
 * there. */
/* Until the text view's scroll position stays put for three 50 ms looks
 * (at most INPUT_TIMEOUT_MS). */
static void
wait_scroll_settled (GtkTextView *tv)
{
  GtkAdjustment *adj = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (tv));
  gint64 until = g_get_monotonic_time () + INPUT_TIMEOUT_MS * G_TIME_SPAN_MILLISECOND;
  double last = gtk_adjustment_get_value (adj);
  int still = 0;

  while (still < 3 && g_get_monotonic_time () < until)
    {
      attest_test_spin (50);
      if (gtk_adjustment_get_value (adj) == last)
        still++;
      else
        still = 0;
      last = gtk_adjustment_get_value (adj);
    }
  g_assert_cmpint (still, ==, 3);
}

static void
xtest_move_to (XTest   *x,
               Fixture *f,
               gint64   offset,
               int      dx,
               int      lane)
{
  GtkTextView *tv = attest_article_view_get_text_view (f->view);
  GtkNative *native = gtk_widget_get_native (GTK_WIDGET (tv));
  GdkSurface *surface = gtk_native_get_surface (native);
  GdkRectangle loc, visible;
  GtkTextIter iter;
  int wx, wy, rx, ry, px, py;
  double nx, ny, sx, sy;
  Window child;

  /* Selecting a claim scrolls to it, animated: the text must stand still
   * before a place in it is turned into a pointer position (seen under
   * load: the click landed on another claim). */
  wait_scroll_settled (tv);
  gtk_text_buffer_get_iter_at_offset (view_buffer (f), &iter, (int) MAX (offset, 0));
  gtk_text_view_get_iter_location (tv, &iter, &loc);
  /* The lanes of the claims' marks space the lines out: the character may
   * be below the window. Into view first. */
  gtk_text_view_get_visible_rect (tv, &visible);
  if (offset >= 0 && (loc.y < visible.y || loc.y + loc.height > visible.y + visible.height))
    {
      /* Not scroll_to_iter(): it animates, and would move the text under the pointer. */
      gtk_adjustment_set_value (gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (tv)),
                                loc.y - visible.height / 2);
      WAIT_UNTIL ((gtk_text_view_get_visible_rect (tv, &visible),
                   loc.y >= visible.y && loc.y + loc.height <= visible.y + visible.height));
      wait_painted (GTK_WIDGET (tv));
    }
  /* On the character, or on the middle of a lane's mark under it. */
  gtk_text_view_buffer_to_window_coords (tv, GTK_TEXT_WINDOW_WIDGET, loc.x + dx,
                                         lane < 0 ? loc.y + loc.height / 2
                                                  : loc.y + loc.height + ATTEST_LANE_TOP + lane * ATTEST_LANE_PITCH + ATTEST_LANE_THICKNESS / 2,
                                         &wx, &wy);
  if (offset < 0)
    wx = wy = 2;   /* the view's top-left corner, where no claim is */
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

static void
xtest_move_to_offset (XTest   *x,
                      Fixture *f,
                      gint64   offset,
                      int      dx)
{
  xtest_move_to (x, f, offset, dx, -1);
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

  /* A click on nested claims offers the chooser. Out and back in first:
   * the tooltip of the claim just clicked opens below its lanes, over the
   * next line, and until its surface has its empty input region (at map)
   * a press there goes to the tooltip (seen under load). */
  xtest_move_to (&x, f, -1, 0, -1);
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

  /* A click on a claim's own mark selects that one, however many are
   * nested there: lanes 2, 0, 1 under the nested claims (each click a few
   * characters along, never a double-click). */
  {
    AttestClaim *by_lane[] = { outer, inner, f->claims->pdata[2] };
    const int order[] = { 2, 0, 1 };

    for (guint i = 0; i < G_N_ELEMENTS (order); i++)
      {
        AttestClaim *want = by_lane[order[i]];

        g_assert_cmpint (attest_article_view_get_claim_lane (f->view, want->uuid), ==, order[i]);
        /* Out and back in: the tooltip of the last click's place closes
         * (it may stand over the next lane). */
        xtest_move_to (&x, f, -1, 0, -1);
        xtest_move_to (&x, f, inner->start + 1 + 4 * i, 2, order[i]);
        xtest_button (&x, TRUE);
        xtest_button (&x, FALSE);
        WAIT_UNTIL (g_strcmp0 (attest_article_view_get_selected_claim (f->view), want->uuid) == 0);
        g_assert_cmpstr (attest_article_view_get_selected_claim (f->view), ==, want->uuid);
        g_assert_cmpstr (f->activated_uuid, ==, want->uuid);
        g_assert_false (gtk_widget_get_visible (chooser));
        g_assert_false (attest_article_view_get_selection (f->view, NULL, NULL));
      }
  }

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

      path = attest_test_sample_path (names[i % G_N_ELEMENTS (names)]);
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
  attest_test_spin (100);
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

  ADD ("real-input", test_real_input);
  ADD ("large", test_large);

  return g_test_run ();
}
