/* attest-bench-view.c — the article view's budgets of DESIGN.md, measured
 * under a real GTK main loop (run it under xvfb-run, or on a desktop).
 *
 * In one run and one window size it times, for the article view and for
 * the floor — a plain GtkTextView holding the same text with no tags:
 *   - first paint of a 1 MB article carrying 10,000 claims: from
 *     set_document (set_buffer for the floor) to the end of the first frame
 *     painted after it (the frame clock's "after-paint");
 *   - annotating: from activating the digit action on a selection to the
 *     end of the next frame, the new claim highlighted (with and without
 *     saving it in a store); the floor applies one tag to the plain view;
 *   - scrolling the whole document a page per frame: the work of each
 *     frame (frame clock "before-paint" to "after-paint") and the interval
 *     between frames, median and maximum.
 * Nothing is asserted; budgets are 150 ms first paint, 16 ms annotating.
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

#include "attest-article-view.h"
#include "attest-window.h"

#include <sqlite3.h>
#include "attest-store.h"

#ifndef ATTEST_SOURCE_ROOT
#define ATTEST_SOURCE_ROOT "."
#endif

static int      n_claims = 10000;
static int      n_bytes = 1024 * 1024;
static int      rounds = 5;
static int      annotations = 40;
static char    *samples_dir = NULL;
static gboolean skip_scroll = FALSE;
static char    *database = NULL;
static gboolean window_only = FALSE;

static const GOptionEntry entries[] = {
  { "claims", 0, 0, G_OPTION_ARG_INT, &n_claims, "Claims on the article (default 10000)", "N" },
  { "bytes", 0, 0, G_OPTION_ARG_INT, &n_bytes, "Size of the article (default 1 MiB)", "N" },
  { "rounds", 0, 0, G_OPTION_ARG_INT, &rounds, "First-paint repetitions (default 5)", "N" },
  { "annotations", 0, 0, G_OPTION_ARG_INT, &annotations, "Claims created per variant (default 40)", "N" },
  { "samples", 0, 0, G_OPTION_ARG_FILENAME, &samples_dir, "Folder of sample articles (default: data/samples)", "DIR" },
  { "no-scroll", 0, 0, G_OPTION_ARG_NONE, &skip_scroll, "Skip the scrolling runs", NULL },
  { "database", 0, 0, G_OPTION_ARG_FILENAME, &database, "Also open this database in the window and switch articles "
    "(e.g. attest-bench --full --keep's attest.db)", "FILE" },
  { "window-only", 0, 0, G_OPTION_ARG_NONE, &window_only, "With --database: only the window's figures", NULL },
  { NULL }
};

static const char *keys[] = {
  "troop-deployment", "military-base", "military-exercise", "arms-cooperation", "training",
  "debt-deal", "security-assistance", "counter-narcotics", "border-security", "terrorism-extremism",
  "agreement-meeting", "organisation-membership", "statement-position",
};

static double
ms_since (gint64 t0)
{
  return (g_get_monotonic_time () - t0) / 1000.0;
}

static void
spin (guint ms)
{
  gint64 until = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, FALSE);
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
median (GArray *values)
{
  if (values->len == 0)
    return 0;
  g_array_sort (values, compare_doubles);
  return g_array_index (values, double, values->len / 2);
}

static double
maximum (GArray *values)
{
  double m = 0;

  for (guint i = 0; i < values->len; i++)
    m = MAX (m, g_array_index (values, double, i));
  return m;
}

static void
row (const char *what,
     double      view,
     double      floor,
     const char *unit)
{
  g_print ("  %-46s %10.2f %10.2f  %-4s\n", what, view, floor, unit);
}

/* ------------------------------------------------------------ frames */

typedef struct {
  guint  painted;
  gint64 before;        /* start of the frame's paint */
  gint64 last_after;    /* end of the previous frame */
  GArray *work;         /* ms, before-paint → after-paint */
  GArray *interval;     /* ms, after-paint → after-paint */
} Frames;

static void
on_before_paint (GdkFrameClock *clock,
                 Frames        *fr)
{
  fr->before = g_get_monotonic_time ();
}

static void
on_after_paint (GdkFrameClock *clock,
                Frames        *fr)
{
  gint64 now = g_get_monotonic_time ();

  fr->painted++;
  if (fr->work && fr->before)
    g_array_append_val (fr->work, ((double) { (now - fr->before) / 1000.0 }));
  if (fr->interval && fr->last_after)
    g_array_append_val (fr->interval, ((double) { (now - fr->last_after) / 1000.0 }));
  fr->last_after = now;
}

/* Each toplevel has its own frame clock. */
static Frames view_frames;
static Frames floor_frames;
static GtkWidget *view_window;
static GtkWidget *floor_window;

static void
watch_frames (GtkWidget *window,
              Frames    *fr)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (window);

  g_signal_connect (clock, "before-paint", G_CALLBACK (on_before_paint), fr);
  g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint), fr);
}

/* Runs the main loop until @fr's window ends a frame (one is asked for,
 * in case nothing changed); returns when it ended. */
static gint64
wait_next_frame (Frames *fr)
{
  guint start = fr->painted;

  gtk_widget_queue_draw (fr == &view_frames ? view_window : floor_window);

  while (fr->painted == start)
    g_main_context_iteration (NULL, TRUE);
  return fr->last_after;
}

static void
wait_mapped (GtkWidget *window)
{
  while (!gtk_widget_get_mapped (window))
    g_main_context_iteration (NULL, TRUE);
}

/* Waits until the text view's background layout has settled: the
 * scrollable height no longer changes for half a second. */
static void
wait_settled (GtkAdjustment *vadj)
{
  double upper = -1;
  gint64 since = g_get_monotonic_time ();

  while (g_get_monotonic_time () - since < 500 * 1000)
    {
      g_main_context_iteration (NULL, FALSE);
      if (gtk_adjustment_get_upper (vadj) != upper)
        {
          upper = gtk_adjustment_get_upper (vadj);
          since = g_get_monotonic_time ();
        }
    }
}

/* ------------------------------------------------------------ corpus */

typedef struct {
  AttestDocument *doc;
  GPtrArray      *claims;
  GPtrArray      *citations;
} Article;

static Article
make_article (void)
{
  g_autoptr(GString) text = g_string_new ("Publication: Eurasia Daily Monitor Volume: 9 Issue: 999\n\n");
  g_autoptr(GRand) rand = g_rand_new_with_seed (2004);
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GPtrArray) bodies = g_ptr_array_new_with_free_func (g_free);
  const char *name;
  Article a;

  dir = g_dir_open (samples_dir, 0, NULL);
  while (dir && (name = g_dir_read_name (dir)))
    {
      g_autofree char *path = g_build_filename (samples_dir, name, NULL);
      char *contents = NULL;

      if (g_str_has_suffix (name, ".txt") && g_file_get_contents (path, &contents, NULL, NULL))
        g_ptr_array_add (bodies, contents);
    }
  if (bodies->len == 0)
    {
      g_printerr ("attest-bench-view: no sample articles in %s\n", samples_dir);
      exit (1);
    }

  for (guint i = 0; text->len < (gsize) n_bytes; i++)
    {
      g_string_append (text, g_ptr_array_index (bodies, i % bodies->len));
      g_string_append (text, "\n\n");
    }

  a.doc = attest_document_new ();
  attest_document_set_text (a.doc, text->str);
  a.doc->body_start = 57;
  a.claims = g_ptr_array_new_with_free_func (g_object_unref);
  a.citations = g_ptr_array_new_with_free_func (g_object_unref);

  /* Mostly sentence-sized claims, one in eight long enough to nest others. */
  for (int i = 0; i < n_claims; i++)
    {
      AttestClaim *c = attest_claim_new ();
      gint64 len = g_rand_int_range (rand, 0, 8) == 0 ? g_rand_int_range (rand, 200, 2000)
                                                       : g_rand_int_range (rand, 10, 200);

      c->uuid = g_uuid_string_random ();
      c->start = g_rand_int_range (rand, 57, (gint32) (a.doc->length - len));
      c->end = c->start + len;
      c->category = g_strdup (keys[i % G_N_ELEMENTS (keys)]);
      g_ptr_array_add (a.claims, c);
    }

  for (int i = 0; i < 400; i++)
    {
      AttestCitation *c = attest_citation_new ();

      c->uuid = g_uuid_string_random ();
      c->start = g_rand_int_range (rand, 57, (gint32) a.doc->length - 40);
      c->end = c->start + 28;
      g_ptr_array_add (a.citations, c);
    }
  return a;
}

/* ------------------------------------------------------------- runs */

typedef struct {
  AttestStore    *store;      /* NULL: do not save */
  const char     *doc_ref;
  AttestArticleView *view;
  gint64          handled;    /* when the handler finished */
} Annotator;

static void
on_create_claim (AttestArticleView *view,
                 gint64             start,
                 gint64             end,
                 const char        *key,
                 Annotator         *an)
{
  g_autoptr(AttestClaim) claim = NULL;

  if (an->store != NULL)
    {
      g_autoptr(GError) error = NULL;

      claim = attest_store_add_claim (an->store, an->doc_ref, start, end, key, NULL, NULL, &error);
      if (claim == NULL)
        {
          g_printerr ("attest-bench-view: saving a claim: %s\n", error->message);
          exit (1);
        }
    }
  else
    {
      claim = attest_claim_new ();
      claim->uuid = g_uuid_string_random ();
      claim->start = start;
      claim->end = end;
      claim->category = g_strdup (key);
    }

  attest_article_view_add_claim (view, claim);
  an->handled = g_get_monotonic_time ();
}

static GtkWidget *
plain_view (GtkTextView **out)
{
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *tv = gtk_text_view_new ();

  /* Typeset as the article view is, so only the tags differ. */
  gtk_text_view_set_editable (GTK_TEXT_VIEW (tv), FALSE);
  gtk_text_buffer_set_enable_undo (gtk_text_view_get_buffer (GTK_TEXT_VIEW (tv)), FALSE);
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (tv), GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (tv), 120);
  gtk_text_view_set_right_margin (GTK_TEXT_VIEW (tv), 120);
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (tv), 32);
  gtk_text_view_set_pixels_above_lines (GTK_TEXT_VIEW (tv), 2);
  gtk_text_view_set_pixels_below_lines (GTK_TEXT_VIEW (tv), 4);
  gtk_text_view_set_pixels_inside_wrap (GTK_TEXT_VIEW (tv), 5);
  gtk_widget_add_css_class (tv, "attest-article");
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), tv);
  *out = GTK_TEXT_VIEW (tv);
  return scroller;
}

/* Scrolls @vadj a page per frame from top to bottom. */
typedef struct {
  GtkAdjustment *vadj;
  gboolean       done;
} Scroll;

static gboolean
scroll_tick (GtkWidget     *widget,
             GdkFrameClock *clock,
             gpointer       data)
{
  Scroll *s = data;
  double value = gtk_adjustment_get_value (s->vadj) + gtk_adjustment_get_page_size (s->vadj);

  if (value + gtk_adjustment_get_page_size (s->vadj) >= gtk_adjustment_get_upper (s->vadj))
    {
      s->done = TRUE;
      return G_SOURCE_REMOVE;
    }
  gtk_adjustment_set_value (s->vadj, value);
  return G_SOURCE_CONTINUE;
}

static void
measure_scroll (GtkWidget     *widget,
                Frames        *fr,
                GtkAdjustment *vadj,
                double        *work_median,
                double        *work_max,
                double        *interval_median,
                double        *interval_max,
                guint         *n_frames)
{
  Scroll s = { vadj, FALSE };
  g_autoptr(GArray) work = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) interval = g_array_new (FALSE, FALSE, sizeof (double));

  gtk_adjustment_set_value (vadj, 0);
  wait_settled (vadj);
  gtk_widget_queue_draw (widget);
  wait_next_frame (fr);

  fr->work = work;
  fr->interval = interval;
  fr->last_after = 0;
  gtk_widget_add_tick_callback (widget, scroll_tick, &s, NULL);
  while (!s.done)
    g_main_context_iteration (NULL, TRUE);
  wait_next_frame (fr);
  fr->work = NULL;
  fr->interval = NULL;

  *n_frames = work->len;
  *work_median = median (work);
  *work_max = maximum (work);
  *interval_median = median (interval);
  *interval_max = maximum (interval);
}

/* ------------------------------------------------------------ the window */

static void setup_title (GtkSignalListItemFactory *factory,
                         GtkListItem              *item,
                         gpointer                  data);
static void bind_title  (GtkSignalListItemFactory *factory,
                         GtkListItem              *item,
                         gpointer                  data);

/* Runs the main loop until @window ends a frame; returns when it ended. */
static gint64
window_frame (GtkWidget *window,
              Frames    *fr)
{
  guint start = fr->painted;

  gtk_widget_queue_draw (window);
  while (fr->painted == start)
    g_main_context_iteration (NULL, TRUE);
  return fr->last_after;
}

/* The window opening @path, as File → Open does, to its sidebar listing
 * every article and painted; then switching to articles across the
 * corpus, each to its first frame painted. The floor: a GtkListView of
 * the titles read with raw SQLite, and an untagged GtkTextView given
 * each article's text read with raw SQLite. */
static void
measure_window (const char *path)
{
  static Frames window_frames, list_frames;
  g_autoptr(GArray) open_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) open_floor = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) switch_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) switch_floor = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GPtrArray) uuids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261205);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 n_claims = 0;
  GtkWidget *list_window, *list_view, *plain_window;
  GtkTextView *plain;

  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
    {
      g_printerr ("attest-bench-view: cannot open %s\n", path);
      return;
    }
  sqlite3_prepare_v2 (db, "SELECT uuid FROM documents ORDER BY id", -1, &stmt, NULL);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (uuids, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_finalize (stmt);
  sqlite3_prepare_v2 (db, "SELECT count(*) FROM claims", -1, &stmt, NULL);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n_claims = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);

  g_print ("\n  the window on %s: %u articles, %" G_GINT64_FORMAT " claims; window 1400×900\n",
           path, uuids->len, n_claims);

  for (int r = 0; r < rounds; r++)
    {
      AttestWindow *window = attest_window_new (NULL);
      g_autoptr(GtkStringList) titles = gtk_string_list_new (NULL);
      g_autoptr(GtkListItemFactory) factory = NULL;
      gint64 t0;

      gtk_window_set_default_size (GTK_WINDOW (window), 1400, 900);
      gtk_window_present (GTK_WINDOW (window));
      watch_frames (GTK_WIDGET (window), &window_frames);
      wait_mapped (GTK_WIDGET (window));
      window_frame (GTK_WIDGET (window), &window_frames);

      t0 = g_get_monotonic_time ();
      attest_window_open_database (window, path);
      g_array_append_val (open_ms, ((double) { (window_frame (GTK_WIDGET (window), &window_frames) - t0) / 1000.0 }));

      /* Switching: the same articles on both sides, from across the corpus. */
      if (r == 0)
        {
          plain_window = gtk_window_new ();
          gtk_window_set_default_size (GTK_WINDOW (plain_window), 1000, 900);
          gtk_window_set_child (GTK_WINDOW (plain_window), plain_view (&plain));
          gtk_window_present (GTK_WINDOW (plain_window));
          watch_frames (plain_window, &list_frames);
          wait_mapped (plain_window);
          sqlite3_prepare_v2 (db, "SELECT text FROM documents WHERE uuid = ?", -1, &stmt, NULL);
          for (int k = 0; k < 20; k++)
            {
              const char *uuid = g_ptr_array_index (uuids, g_rand_int_range (rand, 0, uuids->len));

              t0 = g_get_monotonic_time ();
              attest_window_open_document (window, uuid);
              g_array_append_val (switch_ms, ((double) { (window_frame (GTK_WIDGET (window), &window_frames) - t0) / 1000.0 }));

              t0 = g_get_monotonic_time ();
              sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_STATIC);
              if (sqlite3_step (stmt) == SQLITE_ROW)
                gtk_text_buffer_set_text (gtk_text_view_get_buffer (plain),
                                          (const char *) sqlite3_column_text (stmt, 0), -1);
              sqlite3_reset (stmt);
              g_array_append_val (switch_floor, ((double) { (window_frame (plain_window, &list_frames) - t0) / 1000.0 }));
            }
          sqlite3_finalize (stmt);
          gtk_window_destroy (GTK_WINDOW (plain_window));
        }
      gtk_window_destroy (GTK_WINDOW (window));
      spin (100);

      /* The floor of opening: the titles into a list view. */
      list_frames = (Frames) { 0 };
      factory = gtk_signal_list_item_factory_new ();
      g_signal_connect (factory, "setup", G_CALLBACK (setup_title), NULL);
      g_signal_connect (factory, "bind", G_CALLBACK (bind_title), NULL);
      list_window = gtk_window_new ();
      gtk_window_set_default_size (GTK_WINDOW (list_window), 1400, 900);
      list_view = gtk_list_view_new (NULL, g_object_ref (factory));
      {
        GtkWidget *scrolled = gtk_scrolled_window_new ();

        gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), list_view);
        gtk_window_set_child (GTK_WINDOW (list_window), scrolled);
      }
      gtk_window_present (GTK_WINDOW (list_window));
      watch_frames (list_window, &list_frames);
      wait_mapped (list_window);
      window_frame (list_window, &list_frames);
      t0 = g_get_monotonic_time ();
      sqlite3_prepare_v2 (db, "SELECT title FROM documents ORDER BY id", -1, &stmt, NULL);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        gtk_string_list_append (titles, sqlite3_column_text (stmt, 0) ? (const char *) sqlite3_column_text (stmt, 0) : "");
      sqlite3_finalize (stmt);
      gtk_list_view_set_model (GTK_LIST_VIEW (list_view),
                               GTK_SELECTION_MODEL (gtk_single_selection_new (g_object_ref (G_LIST_MODEL (titles)))));
      g_array_append_val (open_floor, ((double) { (window_frame (list_window, &list_frames) - t0) / 1000.0 }));
      gtk_window_destroy (GTK_WINDOW (list_window));
      window_frames = (Frames) { 0 };
      list_frames = (Frames) { 0 };
      spin (100);
    }
  sqlite3_close (db);

  g_print ("  %-46s %10s %10s\n", "", "window", "floor");
  row ("open the database → sidebar painted, median", median (open_ms), median (open_floor), "ms");
  row ("open the database → sidebar painted, worst", maximum (open_ms), maximum (open_floor), "ms");
  row ("switch article → painted, median", median (switch_ms), median (switch_floor), "ms");
  row ("switch article → painted, worst", maximum (switch_ms), maximum (switch_floor), "ms");
  g_print ("  budgets: open < 1000 ms, switch < 100 ms (issue 19)\n");
}

static void
setup_title (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             gpointer                  data)
{
  gtk_list_item_set_child (item, gtk_label_new (NULL));
}

static void
bind_title (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            gpointer                  data)
{
  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)),
                      gtk_string_object_get_string (gtk_list_item_get_item (item)));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = g_option_context_new ("— the article view's first paint, annotating and scrolling");
  g_autoptr(GError) error = NULL;
  g_autoptr(GtkCssProvider) css = NULL;
  g_autoptr(AttestStore) store = NULL;
  g_autoptr(GPtrArray) categories = NULL;
  g_autoptr(AttestDocument) stored = NULL;
  g_autoptr(GArray) paint_view = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) paint_floor = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) call_view = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) call_floor = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) highlighted = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *dir = NULL;
  g_autofree char *db = NULL;
  AttestArticleView *view;
  GtkTextView *plain;
  GtkAdjustment *view_vadj, *floor_vadj;
  Annotator an = { 0 };
  Article a;
  gint64 t0;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("attest-bench-view: %s\n", error->message);
      return 2;
    }
  if (samples_dir == NULL)
    samples_dir = g_build_filename (ATTEST_SOURCE_ROOT, "data", "samples", NULL);

  gtk_init ();
  adw_init ();
  css = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (css, "/io/github/attest/Attest/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);

  if (database != NULL && window_only)
    {
      measure_window (database);
      return 0;
    }

  /* A store for the taxonomy and for the "saved" variant of annotating. */
  dir = g_dir_make_tmp ("attest-bench-view-XXXXXX", &error);
  db = g_build_filename (dir, "bench.db", NULL);
  store = attest_store_open (db, ATTEST_STORE_OPEN_DEFAULT, &error);
  if (store == NULL)
    {
      g_printerr ("attest-bench-view: %s\n", error->message);
      return 1;
    }
  attest_store_set_annotator (store, "Bench", NULL);
  categories = attest_store_list_categories (store, FALSE, &error);

  a = make_article ();
  stored = attest_store_add_document (store, a.doc, NULL, &error);
  if (stored == NULL)
    {
      g_printerr ("attest-bench-view: storing the article: %s\n", error->message);
      return 1;
    }

  /* One window for the view, one for the floor, same size. */
  view_window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (view_window), 1000, 800);
  view = ATTEST_ARTICLE_VIEW (attest_article_view_new ());
  attest_article_view_set_categories (view, categories);
  gtk_window_set_child (GTK_WINDOW (view_window), GTK_WIDGET (view));
  gtk_window_present (GTK_WINDOW (view_window));
  watch_frames (view_window, &view_frames);
  wait_mapped (view_window);

  floor_window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (floor_window), 1000, 800);
  gtk_window_set_child (GTK_WINDOW (floor_window), plain_view (&plain));
  gtk_window_present (GTK_WINDOW (floor_window));
  watch_frames (floor_window, &floor_frames);
  wait_mapped (floor_window);

  view_vadj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (gtk_widget_get_parent (GTK_WIDGET (attest_article_view_get_text_view (view)))));
  floor_vadj = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (plain));

  g_print ("attest-bench-view: GTK %u.%u.%u, libadwaita %u.%u.%u, renderer %s, %s\n",
           gtk_get_major_version (), gtk_get_minor_version (), gtk_get_micro_version (),
           adw_get_major_version (), adw_get_minor_version (), adw_get_micro_version (),
           G_OBJECT_TYPE_NAME (gtk_native_get_renderer (GTK_NATIVE (view_window))),
           G_OBJECT_TYPE_NAME (gdk_display_get_default ()));
  g_print ("  article: %zu bytes, %" G_GINT64_FORMAT " characters, %u claims, %u citations; window 1000×800\n\n",
           strlen (a.doc->text), a.doc->length, a.claims->len, a.citations->len);
  g_print ("  %-46s %10s %10s\n", "", "view", "floor");

  /* ---- first paint, alternating view and floor */
  for (int r = 0; r < rounds; r++)
    {
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (plain);
      gint64 t1;

      attest_article_view_set_document (view, NULL, NULL, NULL);
      wait_next_frame (&view_frames);
      t0 = g_get_monotonic_time ();
      attest_article_view_set_document (view, a.doc, a.claims, a.citations);
      g_array_append_val (call_view, ((double) { ms_since (t0) }));
      t1 = wait_next_frame (&view_frames);
      g_array_append_val (paint_view, ((double) { (t1 - t0) / 1000.0 }));
      while (attest_article_view_is_highlighting (view))
        g_main_context_iteration (NULL, TRUE);
      g_array_append_val (highlighted, ((double) { ms_since (t0) }));

      /* As the view does: one buffer, its text replaced (GTK 4.8's
       * set_buffer() on a shown view can leave dangling marks behind). */
      gtk_text_buffer_set_text (buffer, "", 0);
      wait_next_frame (&floor_frames);
      t0 = g_get_monotonic_time ();
      gtk_text_buffer_set_text (buffer, a.doc->text, -1);
      g_array_append_val (call_floor, ((double) { ms_since (t0) }));
      t1 = wait_next_frame (&floor_frames);
      g_array_append_val (paint_floor, ((double) { (t1 - t0) / 1000.0 }));
    }
  row ("first paint, median", median (paint_view), median (paint_floor), "ms");
  row ("first paint, worst", maximum (paint_view), maximum (paint_floor), "ms");
  row ("  of which set_document / set_text (median)", median (call_view), median (call_floor), "ms");
  row ("all 10,000 claims highlighted, in background", median (highlighted), 0, "ms");

  /* ---- annotating: digit on a selection → next frame painted */
  {
    g_autoptr(GArray) lat_mem = g_array_new (FALSE, FALSE, sizeof (double));
    g_autoptr(GArray) lat_saved = g_array_new (FALSE, FALSE, sizeof (double));
    g_autoptr(GArray) sync_mem = g_array_new (FALSE, FALSE, sizeof (double));
    g_autoptr(GArray) sync_saved = g_array_new (FALSE, FALSE, sizeof (double));
    g_autoptr(GArray) lat_floor = g_array_new (FALSE, FALSE, sizeof (double));
    g_autoptr(GArray) sync_floor = g_array_new (FALSE, FALSE, sizeof (double));
    g_autoptr(GArray) paint_work = g_array_new (FALSE, FALSE, sizeof (double));
    g_autoptr(GArray) paint_work_floor = g_array_new (FALSE, FALSE, sizeof (double));
    GtkTextBuffer *fb = gtk_text_view_get_buffer (plain);
    GtkTextTag *tag = gtk_text_buffer_create_tag (fb, NULL, "background", "#f6d32d", NULL);
    g_autoptr(GRand) rand = g_rand_new_with_seed (99);
    gulong id;

    an.view = view;
    an.doc_ref = stored->uuid;
    id = g_signal_connect (view, "create-claim", G_CALLBACK (on_create_claim), &an);
    /* Annotate where the reader is: a third of the way down. */
    gtk_adjustment_set_value (view_vadj, gtk_adjustment_get_upper (view_vadj) / 3);
    gtk_adjustment_set_value (floor_vadj, gtk_adjustment_get_upper (floor_vadj) / 3);
    wait_settled (view_vadj);

    for (int v = 0; v < 2; v++)
      {
        an.store = v == 0 ? NULL : store;
        for (int i = 0; i < annotations; i++)
          {
            GdkRectangle visible;
            GtkTextIter iter;
            gint64 start, t1;

            gtk_text_view_get_visible_rect (attest_article_view_get_text_view (view), &visible);
            gtk_text_view_get_iter_at_location (attest_article_view_get_text_view (view), &iter,
                                                200, visible.y + g_rand_int_range (rand, 40, visible.height - 80));
            start = gtk_text_iter_get_offset (&iter);
            attest_article_view_set_selection (view, start, start + g_rand_int_range (rand, 20, 120));
            wait_next_frame (&view_frames);

            t0 = g_get_monotonic_time ();
            gtk_widget_activate_action (GTK_WIDGET (view), "article.categorize", "i", 1 + i % 9);
            g_array_append_val (v == 0 ? sync_mem : sync_saved, ((double) { (an.handled - t0) / 1000.0 }));
            t1 = wait_next_frame (&view_frames);
            g_array_append_val (v == 0 ? lat_mem : lat_saved, ((double) { (t1 - t0) / 1000.0 }));
            g_array_append_val (paint_work, ((double) { (t1 - view_frames.before) / 1000.0 }));
          }
      }
    g_signal_handler_disconnect (view, id);

    for (int i = 0; i < annotations; i++)
      {
        GdkRectangle visible;
        GtkTextIter s, e;
        gint64 t1;

        gtk_text_view_get_visible_rect (plain, &visible);
        gtk_text_view_get_iter_at_location (plain, &s, 200, visible.y + g_rand_int_range (rand, 40, visible.height - 80));
        e = s;
        gtk_text_iter_forward_chars (&e, g_rand_int_range (rand, 20, 120));
        gtk_widget_queue_draw (GTK_WIDGET (plain));
        wait_next_frame (&floor_frames);
        t0 = g_get_monotonic_time ();
        gtk_text_buffer_apply_tag (fb, tag, &s, &e);
        g_array_append_val (sync_floor, ((double) { ms_since (t0) }));
        t1 = wait_next_frame (&floor_frames);
        g_array_append_val (lat_floor, ((double) { (t1 - t0) / 1000.0 }));
        g_array_append_val (paint_work_floor, ((double) { (t1 - floor_frames.before) / 1000.0 }));
      }

    g_print ("\n");
    row ("annotate → painted, median (in memory)", median (lat_mem), median (lat_floor), "ms");
    row ("annotate → painted, worst (in memory)", maximum (lat_mem), maximum (lat_floor), "ms");
    row ("annotate → saved → painted, median", median (lat_saved), median (lat_floor), "ms");
    row ("annotate → saved → painted, worst", maximum (lat_saved), maximum (lat_floor), "ms");
    row ("  of which the key's handling (median, memory)", median (sync_mem), median (sync_floor), "ms");
    row ("  of which the key's handling (median, saved)", median (sync_saved), median (sync_floor), "ms");
    row ("  of which painting the frame (median)", median (paint_work), median (paint_work_floor), "ms");
    g_print ("  (the rest is waiting for the frame clock's next frame)\n");
  }

  /* ---- scrolling a page per frame over the whole article */
  if (!skip_scroll)
    {
      double vw_med, vw_max, vi_med, vi_max, fw_med, fw_max, fi_med, fi_max;
      guint vn, fn;

      measure_scroll (view_window, &view_frames, view_vadj, &vw_med, &vw_max, &vi_med, &vi_max, &vn);
      measure_scroll (floor_window, &floor_frames, floor_vadj, &fw_med, &fw_max, &fi_med, &fi_max, &fn);
      g_print ("\n");
      g_print ("  scrolling a page per frame: %u frames (view), %u (floor)\n", vn, fn);
      row ("frame work, median", vw_med, fw_med, "ms");
      row ("frame work, worst", vw_max, fw_max, "ms");
      row ("frame interval, median", vi_med, fi_med, "ms");
      row ("frame interval, worst", vi_max, fi_max, "ms");
    }

  g_print ("\n  budgets: first paint 150 ms, annotating 16 ms (DESIGN.md)\n");
  if (database != NULL)
    measure_window (database);

  gtk_window_destroy (GTK_WINDOW (view_window));
  gtk_window_destroy (GTK_WINDOW (floor_window));
  spin (50);
  g_clear_object (&store);
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
  g_clear_object (&a.doc);
  g_ptr_array_unref (a.claims);
  g_ptr_array_unref (a.citations);
  return 0;
}
