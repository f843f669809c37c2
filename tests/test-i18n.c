/* test-i18n.c — Attest in Russian (LANGUAGE=ru), under Xvfb, with the
 * catalogues compiled into the build directory (ATTEST_LOCALEDIR, a locale
 * tree <dir>/<lang>/LC_MESSAGES/attest.mo): plural forms, the PRId64
 * messages, the default category labels, and the main window with an
 * article, a claim and its history, the category popover, the export dialog
 * and the statistics window in Russian. The screenshots (window-ru.png,
 * window-ru-popover.png, window-ru-export.png, analysis-ru.png) go to
 * G_TEST_BUILDDIR; look at them for cut-off labels. */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <inttypes.h>
#include <locale.h>
#include <string.h>

#include "attest-analysis-window.h"
#include "attest-application.h"
#include "attest-article-view.h"
#include "attest-export-dialog.h"
#include "attest-store.h"
#include "attest-taxonomy-labels.h"
#include "attest-window.h"
#include "attest-test-ui.h"
#include "attest-test-utils.h"

/* Renders @widget as the user sees it into BUILDDIR/@name. */
static void
screenshot (GtkWidget  *widget,
            const char *name)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = g_build_filename (g_getenv ("G_TEST_BUILDDIR") ? g_getenv ("G_TEST_BUILDDIR") : ".",
                                            name, NULL);
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  int width = 0, height = 0;

  for (guint tries = 0; node == NULL && tries < 40; tries++)
    {
      GtkSnapshot *snapshot = gtk_snapshot_new ();

      attest_test_spin (100);
      width = gtk_widget_get_width (widget);
      height = gtk_widget_get_height (widget);
      gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
      node = gtk_snapshot_free_to_node (snapshot);
    }
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s", path);
}

/* A mapped label under @widget whose text is wider than the label was given
 * and that does not ellipsize or wrap: text cut off at the edge. */
static GtkWidget *
find_clipped_label (GtkWidget *widget)
{
  if (!gtk_widget_get_mapped (widget))
    return NULL;
  if (GTK_IS_LABEL (widget) && gtk_label_get_ellipsize (GTK_LABEL (widget)) == PANGO_ELLIPSIZE_NONE &&
      !gtk_label_get_wrap (GTK_LABEL (widget)) && *gtk_label_get_text (GTK_LABEL (widget)))
    {
      int natural = 0;

      gtk_widget_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &natural, NULL, NULL);
      /* (0 px: not laid out, e.g. on a page not shown yet) */
      if (gtk_widget_get_width (widget) > 0 && gtk_widget_get_width (widget) + 1 < natural)
        return widget;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_clipped_label (child);
      if (found)
        return found;
    }
  return NULL;
}

static void
assert_nothing_clipped (GtkWidget *widget)
{
  GtkWidget *clipped = find_clipped_label (widget);

  if (clipped)
    g_error ("label “%s” is cut off: %d px for %s",
             gtk_label_get_text (GTK_LABEL (clipped)), gtk_widget_get_width (clipped),
             G_OBJECT_TYPE_NAME (gtk_widget_get_parent (clipped)));
}

static GtkWidget *
find_toplevel (GType type)
{
  GtkWidget *found = NULL;

  for (GList *l = gtk_window_list_toplevels (); l; l = g_list_delete_link (l, l))
    if (G_TYPE_CHECK_INSTANCE_TYPE (l->data, type))
      found = l->data;
  return found;
}

/* ------------------------------------------------------------------ tests */

static void
test_catalogue (void)
{
  guint n_labels = 0;
  const char *const *labels = attest_taxonomy_default_labels (&n_labels);
  char buf[64];

  g_assert_cmpstr (_("No Article Selected"), ==, "Статья не выбрана");
  g_assert_cmpstr (_("Search articles"), ==, "Поиск статей");
  g_assert_cmpstr (C_("certainty", "High"), ==, "Высокая");

  /* Russian has three plural forms. */
  g_assert_cmpstr (ngettext ("%u article imported", "%u articles imported", 1), ==, "Импортирована %u статья");
  g_assert_cmpstr (ngettext ("%u article imported", "%u articles imported", 3), ==, "Импортировано %u статьи");
  g_assert_cmpstr (ngettext ("%u article imported", "%u articles imported", 5), ==, "Импортировано %u статей");
  g_assert_cmpstr (ngettext ("%u article imported", "%u articles imported", 11), ==, "Импортировано %u статей");
  g_assert_cmpstr (ngettext ("%u article imported", "%u articles imported", 21), ==, "Импортирована %u статья");

  /* Messages with a 64-bit number (PRId64: system-dependent in the .mo). */
  g_snprintf (buf, sizeof buf, ngettext ("%" PRId64 " claim", "%" PRId64 " claims", 22), (int64_t) 22);
  g_assert_cmpstr (buf, ==, "22 утверждения");

  /* The default categories, shown through g_dgettext. */
  g_assert_cmpuint (n_labels, ==, 13);
  for (guint i = 0; i < n_labels; i++)
    g_assert_cmpstr (g_dgettext (GETTEXT_PACKAGE, labels[i]), !=, labels[i]);
  g_assert_cmpstr (g_dgettext (GETTEXT_PACKAGE, "Troop deployment"), ==, "Размещение войск");
}

static void
test_window (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) claims = NULL;
  g_autoptr(GPtrArray) citations = NULL;
  g_autofree char *dir = attest_test_make_tmp_dir ("attest-i18n-XXXXXX");
  g_autofree char *db = g_build_filename (dir, "team.db", NULL);
  g_autoptr(AttestStore) store = NULL;
  g_autoptr(AttestStore) boris = NULL;
  AttestWindow *window;
  AttestArticleView *view;
  AttestCitation *novye = NULL;
  GtkWidget *popover, *dialog, *analysis;
  gint64 deadline;

  g_assert_no_error (error);
  store = attest_store_open (db, ATTEST_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_true (attest_store_set_annotator (store, "Анна Аналитик", NULL));

  window = attest_window_new (NULL);
  gtk_window_set_default_size (GTK_WINDOW (window), 1400, 900);
  gtk_window_present (GTK_WINDOW (window));
  attest_window_set_store (window, store);
  attest_test_spin (100);
  g_assert_true (attest_test_wait_for_text (GTK_WIDGET (window), "Статей пока нет"));
  g_assert_true (attest_test_shows_text (GTK_WIDGET (window), "Импортировать статьи…"));
  assert_nothing_clipped (GTK_WIDGET (window));

  for (guint i = 0; i < G_N_ELEMENTS (attest_test_samples); i++)
    {
      g_autofree char *path = attest_test_sample_path (attest_test_samples[i]);
      g_ptr_array_add (files, g_file_new_for_path (path));
    }
  attest_window_import_files (window, (GFile **) files->pdata, files->len);
  deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  while (attest_window_is_importing (window) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (attest_window_is_importing (window));
  g_assert_true (attest_test_wait_for_text (GTK_WIDGET (window), "Импортировано 5 статей"));
  /* The first article opens; no claim is selected yet. */
  g_assert_true (attest_test_wait_for_text (GTK_WIDGET (window), "Утверждение не выбрано"));
  g_assert_true (attest_test_shows_text (GTK_WIDGET (window), "Поиск статей"));
  g_assert_true (attest_test_shows_text (GTK_WIDGET (window), "Eurasia Daily Monitor · т. 2, вып. 226"));

  /* An article, a claim (key 1), its source linked: the inspector in Russian. */
  g_assert_true (attest_window_open_document (window, "3"));
  attest_test_spin (200);
  view = ATTEST_ARTICLE_VIEW (gtk_widget_get_template_child (GTK_WIDGET (window), ATTEST_TYPE_WINDOW,
                                                            "article_view"));
  attest_article_view_set_selection (view, 1453, 1479);
  attest_article_view_show_category_popover (view);
  attest_test_spin (200);
  popover = attest_test_find_popover (GTK_WIDGET (view));
  g_assert_nonnull (popover);
  g_assert_true (attest_test_shows_text (popover, "Размещение войск"));
  g_assert_true (attest_test_shows_text (popover, "Органы и меры наркоконтроля"));
  screenshot (popover, "window-ru-popover.png");
  assert_nothing_clipped (popover);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "article.categorize", "i", 1));
  attest_test_spin (100);

  claims = attest_store_list_claims (store, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (claims->len, ==, 1);
  citations = attest_store_list_citations (store, "3", &error);
  g_assert_no_error (error);
  for (guint i = 0; i < citations->len; i++)
    if (g_str_equal (((AttestCitation *) g_ptr_array_index (citations, i))->source->outlet, "Novye izvestiya"))
      novye = g_ptr_array_index (citations, i);
  g_assert_nonnull (novye);
  g_signal_emit_by_name (view, "citation-activated", novye);
  attest_test_spin (100);

  /* History rows: what changed, in the catalogue's words (issue 16 made
   * them "Created as …", "Source linked: …", the lead translates the new
   * templates), with the translated category; who and when below. */
  {
    g_autofree char *created = g_strdup_printf (_("Created as %s"), "Размещение войск");
    g_autofree char *linked = g_strdup_printf (_("Source linked: %s"), "Novye izvestiya");

    g_assert_true (attest_test_wait_for_text (GTK_WIDGET (window), created));
    g_assert_true (attest_test_shows_text (GTK_WIDGET (window), linked));
  }
  g_assert_true (attest_test_shows_text (GTK_WIDGET (window), "Уверенность"));
  g_assert_true (attest_test_shows_text (GTK_WIDGET (window), "_Удалить утверждение") ||
                 attest_test_shows_text (GTK_WIDGET (window), "Удалить утверждение"));
  screenshot (GTK_WIDGET (window), "window-ru.png");
  assert_nothing_clipped (GTK_WIDGET (window));

  /* The export dialog. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.export", NULL));
  attest_test_spin (300);
  dialog = find_toplevel (ATTEST_TYPE_EXPORT_DIALOG);
  g_assert_nonnull (dialog);
  g_assert_true (attest_test_wait_for_text (dialog, "Какие утверждения"));
  screenshot (dialog, "window-ru-export.png");
  assert_nothing_clipped (dialog);
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* The statistics window, with a second annotator for the agreement page. */
  boris = attest_store_open (db, ATTEST_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_true (attest_store_set_annotator (boris, "Борис", NULL));
  {
    const AttestClaimSpec theirs[] = {
      { 1453, 1479, "troop-deployment", NULL, NULL },
      { 1190, 1260, "military-base", NULL, NULL },
    };
    g_autoptr(GArray) added = attest_store_add_claims (boris, "3", theirs, 2, &error);

    g_assert_no_error (error);
    g_assert_nonnull (added);
  }
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.analysis", NULL));
  attest_test_spin (300);
  analysis = find_toplevel (ATTEST_TYPE_ANALYSIS_WINDOW);
  g_assert_nonnull (analysis);
  gtk_window_set_default_size (GTK_WINDOW (analysis), 1000, 900);
  g_assert_true (attest_test_wait_for_text (analysis, "Утверждений: 3, связей с источниками: 1"));
  screenshot (analysis, "analysis-ru.png");
  assert_nothing_clipped (analysis);
  attest_analysis_window_show_page (ATTEST_ANALYSIS_WINDOW (analysis), "agreement");
  g_assert_true (attest_test_wait_for_text (analysis, "α Криппендорфа"));
  screenshot (analysis, "analysis-ru-agreement.png");
  assert_nothing_clipped (analysis);
  gtk_window_destroy (GTK_WINDOW (analysis));

  gtk_window_destroy (GTK_WINDOW (window));
  attest_test_spin (50);
  g_clear_object (&boris);
  g_clear_object (&store);
  attest_test_remove_tree (dir);
}

/* Makes @dir/<lang>/LC_MESSAGES/attest.mo (empty: only found, never read). */
static void
make_catalogue (const char *dir,
                const char *lang)
{
  g_autofree char *messages = g_build_filename (dir, lang, "LC_MESSAGES", NULL);
  g_autofree char *mo = g_build_filename (messages, GETTEXT_PACKAGE ".mo", NULL);

  g_assert_cmpint (g_mkdir_with_parents (messages, 0755), ==, 0);
  g_assert_true (g_file_set_contents (mo, "", 0, NULL));
}

/* Where the program looks for its translations: the build tree's, a
 * stage's, or the configured LOCALEDIR. */
static void
test_locale_dir (void)
{
  g_autofree char *root = attest_test_make_tmp_dir ("attest-locale-XXXXXX");
  g_autofree char *build = g_build_filename (root, "_build", NULL);
  g_autofree char *private_dir = g_build_filename (build, "meson-private", NULL);
  g_autofree char *po = g_build_filename (build, "po", NULL);
  g_autofree char *exe = g_build_filename (build, "src", "app", "attest", NULL);
  g_autofree char *stage = g_build_filename (root, "stage", NULL);
  g_autofree char *staged_locale = g_strconcat (stage, LOCALEDIR, NULL);
  g_autofree char *prefix = g_strndup (LOCALEDIR, strlen (LOCALEDIR) - strlen ("/share/locale"));
  g_autofree char *staged_exe = g_strconcat (stage, prefix, "/bin/attest", NULL);
  g_autofree char *found = NULL;

  g_assert_true (g_str_has_suffix (LOCALEDIR, "/share/locale"));

  /* A build tree without compiled catalogues: the configured directory. */
  g_assert_cmpint (g_mkdir_with_parents (private_dir, 0755), ==, 0);
  found = attest_application_find_locale_dir (exe);
  g_assert_cmpstr (found, ==, LOCALEDIR);
  g_clear_pointer (&found, g_free);

  /* With them (meson's i18n: <build>/po/<lang>/LC_MESSAGES): those. */
  make_catalogue (po, "ru");
  found = attest_application_find_locale_dir (exe);
  g_assert_cmpstr (found, ==, po);
  g_clear_pointer (&found, g_free);

  /* A po directory without meson-private is not a build tree. */
  g_assert_cmpint (g_rmdir (private_dir), ==, 0);
  found = attest_application_find_locale_dir (exe);
  g_assert_cmpstr (found, ==, LOCALEDIR);
  g_clear_pointer (&found, g_free);

  /* Staged with DESTDIR: the stage's catalogues, once they are there. */
  found = attest_application_find_locale_dir (staged_exe);
  g_assert_cmpstr (found, ==, LOCALEDIR);
  g_clear_pointer (&found, g_free);
  make_catalogue (staged_locale, "de");
  found = attest_application_find_locale_dir (staged_exe);
  g_assert_cmpstr (found, ==, staged_locale);
  g_clear_pointer (&found, g_free);

  /* Installed where it was configured: LOCALEDIR itself. */
  found = attest_application_find_locale_dir (LOCALEDIR "/../../bin/attest");
  g_assert_cmpstr (found, ==, LOCALEDIR);

  attest_test_remove_tree (root);
}

/* The program of this build tree, run as `build-aux/dev run` runs it, speaks
 * Russian: its --help has the application's own words translated. */
static void
test_uninstalled_run (void)
{
  g_autofree char *exe = g_build_filename (g_getenv ("G_TEST_BUILDDIR"), "..", "src", "app", "attest", NULL);
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;

  if (!g_file_test (exe, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip ("the program is not built");
      return;
    }
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_subprocess_launcher_setenv (launcher, "LANGUAGE", "ru", TRUE);
  g_subprocess_launcher_setenv (launcher, "LC_ALL", setlocale (LC_ALL, NULL), TRUE);
  proc = g_subprocess_launcher_spawn (launcher, &error, exe, "--help", NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (proc, NULL, NULL, &out, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_subprocess_get_exit_status (proc), ==, 0);
  g_assert_nonnull (strstr (out, "Аннотирование утверждений в новостных статьях и их источников."));
  g_assert_null (strstr (out, "Annotate the claims of news articles"));
}

int
main (int   argc,
      char *argv[])
{
  const char *localedir = g_getenv ("ATTEST_LOCALEDIR");
  g_autofree char *mo = NULL;

  g_test_init (&argc, &argv, NULL);

  /* Not gtk_test_init (): it forces en_US.UTF-8. LANGUAGE=ru needs a
   * locale other than C/POSIX: ru_RU.UTF-8 when it is generated (then dates
   * are Russian too), else C.UTF-8 (glibc ≥ 2.35; month names stay English). */
  if (setlocale (LC_ALL, "") == NULL || g_str_equal (setlocale (LC_ALL, NULL), "C") ||
      g_str_equal (setlocale (LC_ALL, NULL), "POSIX"))
    {
      if (setlocale (LC_ALL, "ru_RU.UTF-8") == NULL && setlocale (LC_ALL, "C.UTF-8") == NULL)
        {
          g_print ("1..0 # SKIP no UTF-8 locale for LANGUAGE=ru (install locales, generate ru_RU.UTF-8)\n");
          return 0;
        }
    }
  mo = localedir ? g_build_filename (localedir, "ru", "LC_MESSAGES", GETTEXT_PACKAGE ".mo", NULL) : NULL;
  if (mo == NULL || !g_file_test (mo, G_FILE_TEST_EXISTS))
    {
      g_print ("1..0 # SKIP no compiled Russian catalogue (ATTEST_LOCALEDIR=%s)\n", localedir ? localedir : "");
      return 0;
    }
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_test_message ("locale %s, LANGUAGE=%s", setlocale (LC_ALL, NULL), g_getenv ("LANGUAGE"));
  gtk_disable_setlocale ();
  gtk_init ();
  adw_init ();
  gtk_icon_theme_add_resource_path (gtk_icon_theme_get_for_display (gdk_display_get_default ()),
                                    "/io/github/attest/Attest/icons");

  g_test_add_func ("/i18n/catalogue", test_catalogue);
  g_test_add_func ("/i18n/window", test_window);
  g_test_add_func ("/i18n/locale-dir", test_locale_dir);
  g_test_add_func ("/i18n/uninstalled-run", test_uninstalled_run);

  return g_test_run ();
}
