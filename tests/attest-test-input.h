/* attest-test-input.h — real pointer and key input for the UI tests,
 * through XTest, as a person's hands would give it (the same approach as
 * test-article-view.c's real-input test, for any widget of any window).
 *
 * Real input is asynchronous: XTest asks the X server for an event, the
 * server sends it back, GDK reads it and GTK handles it, each at its own
 * pace. So each step waits until GTK has been given what was sent (an
 * emission hook on GdkSurface::event records it), against a generous
 * deadline rather than after a fixed sleep.
 *
 * Header-only: static functions for one test program. */
#pragma once

#include <dlfcn.h>
#include <gdk/x11/gdkx.h>
#include <gtk/gtk.h>
#include <string.h>
#include <X11/keysym.h>

#define INPUT_TIMEOUT_MS 20000

typedef int     (*InputFakeKeyFunc)    (Display *, unsigned int, Bool, unsigned long);
typedef int     (*InputFakeButtonFunc) (Display *, unsigned int, Bool, unsigned long);
typedef int     (*InputFakeMotionFunc) (Display *, int, int, int, unsigned long);
typedef KeyCode (*InputKeysymToKeycodeFunc) (Display *, KeySym);
typedef int     (*InputFlushFunc)      (Display *);
typedef Bool    (*InputTranslateFunc)  (Display *, Window, Window, int, int, int *, int *, Window *);

typedef struct {
  Display                  *dpy;
  InputFakeKeyFunc          key;
  InputFakeButtonFunc       button;
  InputFakeMotionFunc       motion;
  InputKeysymToKeycodeFunc  keycode;
  InputFlushFunc            flush;
  InputTranslateFunc        translate;
  guint                     hook;
} Input;

/* What GTK has been given. The hook runs as each event is delivered, just
 * before GTK handles it; by the next check the recorded one is handled. */
static struct {
  guint       key_presses[256];    /* by X keycode */
  guint       key_releases[256];
  guint       button_presses;
  guint       button_releases;
  GdkSurface *pointer_surface;
  double      pointer_x;
  double      pointer_y;
} input_seen;

static gboolean
input_wake_up (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/* One main loop iteration that sleeps until something happens (10 ms at
 * most), leaving the CPU to the X server. */
static void
input_iterate (void)
{
  guint id = g_timeout_add (10, input_wake_up, NULL);

  g_main_context_iteration (NULL, TRUE);
  g_source_remove (id);
}

/* Iterates until @expr holds or INPUT_TIMEOUT_MS pass; the caller then
 * asserts @expr, so a wrong behaviour still fails, only later. */
#define INPUT_WAIT_UNTIL(expr) \
  G_STMT_START { \
    gint64 until_ = g_get_monotonic_time () + INPUT_TIMEOUT_MS * G_TIME_SPAN_MILLISECOND; \
    while (!(expr) && g_get_monotonic_time () < until_) \
      input_iterate (); \
  } G_STMT_END

static gboolean
input_record_event (GSignalInvocationHint *hint,
                    guint                  n_values,
                    const GValue          *values,
                    gpointer               data)
{
  GdkEvent *event = g_value_get_pointer (&values[1]);

  switch ((int) gdk_event_get_event_type (event))
    {
    case GDK_KEY_PRESS:
      input_seen.key_presses[gdk_key_event_get_keycode (event) & 0xff]++;
      break;

    case GDK_KEY_RELEASE:
      input_seen.key_releases[gdk_key_event_get_keycode (event) & 0xff]++;
      break;

    case GDK_BUTTON_PRESS:
      input_seen.button_presses++;
      break;

    case GDK_BUTTON_RELEASE:
      input_seen.button_releases++;
      break;

    case GDK_MOTION_NOTIFY:
    case GDK_ENTER_NOTIFY:
      input_seen.pointer_surface = gdk_event_get_surface (event);
      gdk_event_get_position (event, &input_seen.pointer_x, &input_seen.pointer_y);
      break;

    default:
      break;
    }
  return TRUE;
}

/* FALSE when the display has no XTest (the caller skips). */
static gboolean
input_open (Input *x)
{
  GdkDisplay *display = gdk_display_get_default ();
  void *tst;

  memset (x, 0, sizeof *x);
  if (!GDK_IS_X11_DISPLAY (display) || !(tst = dlopen ("libXtst.so.6", RTLD_NOW)))
    return FALSE;

  x->dpy = gdk_x11_display_get_xdisplay (display);
  x->key = (InputFakeKeyFunc) dlsym (tst, "XTestFakeKeyEvent");
  x->button = (InputFakeButtonFunc) dlsym (tst, "XTestFakeButtonEvent");
  x->motion = (InputFakeMotionFunc) dlsym (tst, "XTestFakeMotionEvent");
  x->keycode = (InputKeysymToKeycodeFunc) dlsym (RTLD_DEFAULT, "XKeysymToKeycode");
  x->flush = (InputFlushFunc) dlsym (RTLD_DEFAULT, "XFlush");
  x->translate = (InputTranslateFunc) dlsym (RTLD_DEFAULT, "XTranslateCoordinates");
  if (!(x->key && x->button && x->motion && x->keycode && x->flush && x->translate))
    return FALSE;

  memset (&input_seen, 0, sizeof input_seen);
  x->hook = g_signal_add_emission_hook (g_signal_lookup ("event", GDK_TYPE_SURFACE), 0,
                                        input_record_event, NULL, NULL);
  return TRUE;
}

static void
input_close (Input *x)
{
  if (x->hook)
    g_signal_remove_emission_hook (g_signal_lookup ("event", GDK_TYPE_SURFACE), x->hook);
  x->hook = 0;
}

/* Types @sym (with @modifier held, or 0) and returns once GTK has handled it. */
static void
input_key (Input  *x,
           KeySym  sym,
           KeySym  modifier)
{
  KeyCode code = x->keycode (x->dpy, sym);
  KeyCode mod = modifier ? x->keycode (x->dpy, modifier) : 0;
  KeyCode last = modifier ? mod : code;
  guint before = input_seen.key_releases[last];

  g_assert_cmpuint (code, !=, 0);
  if (modifier)
    x->key (x->dpy, mod, True, 0);
  x->key (x->dpy, code, True, 0);
  x->key (x->dpy, code, False, 0);
  if (modifier)
    x->key (x->dpy, mod, False, 0);
  x->flush (x->dpy);
  INPUT_WAIT_UNTIL (input_seen.key_releases[last] > before);
  g_assert_cmpuint (input_seen.key_releases[last], >, before);
}

/* Presses @sym that closes the window it is typed in (Escape in a dialog):
 * its release goes to no window, so this waits for the press only. */
static void
input_key_closing (Input  *x,
                   KeySym  sym)
{
  KeyCode code = x->keycode (x->dpy, sym);
  guint before = input_seen.key_presses[code];

  g_assert_cmpuint (code, !=, 0);
  x->key (x->dpy, code, True, 0);
  x->key (x->dpy, code, False, 0);
  x->flush (x->dpy);
  INPUT_WAIT_UNTIL (input_seen.key_presses[code] > before);
  g_assert_cmpuint (input_seen.key_presses[code], >, before);
}

/* Types @text: letters (capitals with Shift), digits and spaces. */
static void
input_type (Input      *x,
            const char *text)
{
  for (const char *p = text; *p; p++)
    {
      g_assert_true (g_ascii_isalnum (*p) || *p == ' ');
      if (g_ascii_isupper (*p))
        input_key (x, g_ascii_tolower (*p), XK_Shift_L);
      else
        input_key (x, *p == ' ' ? XK_space : (KeySym) *p, 0);
    }
}

/* Moves the pointer to (@wx, @wy) in @widget's coordinates and returns
 * once GTK has seen it there. */
static void
input_move_to (Input     *x,
               GtkWidget *widget,
               double     wx,
               double     wy)
{
  GtkNative *native = gtk_widget_get_native (widget);
  GdkSurface *surface = gtk_native_get_surface (native);
  graphene_point_t point;
  double nx, ny;
  int px, py, rx, ry;
  Window child;

  g_assert_true (gtk_widget_compute_point (widget, GTK_WIDGET (native), &GRAPHENE_POINT_INIT (wx, wy), &point));
  gtk_native_get_surface_transform (native, &nx, &ny);
  px = (int) (point.x + nx);
  py = (int) (point.y + ny);
  x->translate (x->dpy, gdk_x11_surface_get_xid (surface), DefaultRootWindow (x->dpy), px, py, &rx, &ry, &child);
  /* Via a pixel beside it: a motion to where the pointer already is
   * sends nothing to wait for. */
  x->motion (x->dpy, -1, rx + 1, ry + 1, 0);
  x->motion (x->dpy, -1, rx, ry, 0);
  x->flush (x->dpy);
  INPUT_WAIT_UNTIL (input_seen.pointer_surface == surface &&
                    ABS (input_seen.pointer_x - px) < 1.5 && ABS (input_seen.pointer_y - py) < 1.5);
  g_assert_true (input_seen.pointer_surface == surface);
  g_assert_cmpfloat_with_epsilon (input_seen.pointer_x, px, 1.5);
  g_assert_cmpfloat_with_epsilon (input_seen.pointer_y, py, 1.5);
}

/* Presses or releases the first button; returns once GTK has handled it. */
static void
input_button (Input    *x,
              gboolean  press)
{
  guint *count = press ? &input_seen.button_presses : &input_seen.button_releases;
  guint before = *count;

  x->button (x->dpy, 1, press, 0);
  x->flush (x->dpy);
  INPUT_WAIT_UNTIL (*count > before);
  g_assert_cmpuint (*count, >, before);
}

/* A click at the middle of @widget (a few pixels in from its start for a
 * wide one, where an entry's text begins). */
static void
input_click (Input     *x,
             GtkWidget *widget)
{
  int width, height;

  /* Just shown (a page switched, a dialog presented): wait for its size. */
  INPUT_WAIT_UNTIL (gtk_widget_get_mapped (widget) && gtk_widget_get_width (widget) > 0);
  width = gtk_widget_get_width (widget);
  height = gtk_widget_get_height (widget);
  g_assert_cmpint (width, >, 0);
  input_move_to (x, widget, MIN (width / 2.0, 60), height / 2.0);
  input_button (x, TRUE);
  input_button (x, FALSE);
}
