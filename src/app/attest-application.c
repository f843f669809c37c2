/* attest-application.c — see attest-application.h.
 *
 * The command line (`attest [--db FILE] [--demo] [ARTICLE…]`) is handled in
 * the primary instance, so a second launch with files hands them to the
 * window already open (and "Open With" from the desktop goes through
 * ::open). */
#include "config.h"

#include "attest-application.h"

#include <glib/gi18n.h>
#include <string.h>

#include "attest-name-dialog.h"
#include "attest-preferences-window.h"
#include "attest-window.h"

/* The project's homepage, as in the metainfo's <url type="homepage">; the
 * issue tracker and the online guide are below it. */
#define HOMEPAGE "https://github.com/attest/attest"

struct _AttestApplication
{
  AdwApplication    parent_instance;

  GSettings        *settings;
  AttestNameDialog *name_dialog;  /* asking, on the first launch */
};

G_DEFINE_FINAL_TYPE (AttestApplication, attest_application, ADW_TYPE_APPLICATION)

enum {
  PROP_0,
  PROP_SETTINGS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const GOptionEntry option_entries[] = {
  { "db", 0, 0, G_OPTION_ARG_FILENAME, NULL, N_("Open this database (created if needed)"), N_("FILE") },
  { "demo", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Open the demo database of sample articles"), NULL },
  { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, NULL, NULL, N_("[ARTICLE…]") },
  { NULL }
};

AttestApplication *
attest_application_new (void)
{
  return g_object_new (ATTEST_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_COMMAND_LINE | G_APPLICATION_HANDLES_OPEN,
                       "resource-base-path", "/io/github/attest/Attest",
                       NULL);
}

GSettings *
attest_application_get_settings (AttestApplication *self)
{
  g_return_val_if_fail (ATTEST_IS_APPLICATION (self), NULL);
  return self->settings;
}

char *
attest_application_dup_default_path (AttestApplication *self)
{
  g_autofree char *last = self->settings ? g_settings_get_string (self->settings, "last-database") : NULL;

  if (last != NULL && *last != '\0')
    return g_steal_pointer (&last);
  return attest_store_dup_default_path ();
}

/* ---------------------------------------------------------------- actions */

static void
quit_activated (GSimpleAction *action,
                GVariant      *param,
                gpointer       user_data)
{
  GApplication *app = G_APPLICATION (user_data);
  /* A copy: closing a window takes it out of the application's list (and
   * may close its dialogs), which would free the node being walked. */
  GList *windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (app)));

  for (GList *l = windows; l; l = l->next)
    g_object_ref (l->data);
  /* Close windows so each saves its size; every edit is already saved. */
  for (GList *l = windows; l; l = l->next)
    gtk_window_close (GTK_WINDOW (l->data));
  g_list_free_full (windows, g_object_unref);
  g_application_quit (app);
}

static void
about_activated (GSimpleAction *action,
                 GVariant      *param,
                 gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  const char *developers[] = { "The Attest developers", NULL };
  GtkWidget *about = adw_about_window_new ();

  adw_about_window_set_application_name (ADW_ABOUT_WINDOW (about), _("Attest"));
  adw_about_window_set_application_icon (ADW_ABOUT_WINDOW (about), APP_ID);
  adw_about_window_set_version (ADW_ABOUT_WINDOW (about), PACKAGE_VERSION);
  adw_about_window_set_developer_name (ADW_ABOUT_WINDOW (about), _("The Attest developers"));
  adw_about_window_set_developers (ADW_ABOUT_WINDOW (about), developers);
  adw_about_window_set_comments (ADW_ABOUT_WINDOW (about),
                                 _("Mark the claims news articles make, tie each to the sources it "
                                   "rests on, share the work with your team, and export it as TEI."));
  adw_about_window_set_license_type (ADW_ABOUT_WINDOW (about), GTK_LICENSE_GPL_3_0);
  adw_about_window_set_website (ADW_ABOUT_WINDOW (about), HOMEPAGE);
  adw_about_window_set_issue_url (ADW_ABOUT_WINDOW (about), HOMEPAGE "/issues");
  adw_about_window_set_translator_credits (ADW_ABOUT_WINDOW (about), _("translator-credits"));
  gtk_window_set_transient_for (GTK_WINDOW (about), gtk_application_get_active_window (app));
  gtk_window_present (GTK_WINDOW (about));
}

static void
preferences_activated (GSimpleAction *action,
                       GVariant      *param,
                       gpointer       user_data)
{
  AttestApplication *self = ATTEST_APPLICATION (user_data);
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  GtkWindow *prefs = GTK_WINDOW (attest_preferences_window_new (self->settings));

  gtk_window_set_transient_for (prefs, parent);
  gtk_window_present (prefs);
}

#define HELP_ONLINE HOMEPAGE "/tree/main/help/C"

static void
browser_failed_response (AdwMessageDialog *dialog,
                         const char       *response,
                         gpointer          user_data)
{
  if (g_str_equal (response, "copy"))
    gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (dialog)), HELP_ONLINE);
}

/* No web browser either: the address, selectable and one click from the
 * clipboard, rather than a silent failure. */
static void
show_browser_failed (GtkWindow *parent)
{
  GtkWidget *dialog = adw_message_dialog_new (parent, _("Could Not Open a Web Browser"),
                                              _("The guide is online at this address; open it in a web "
                                                "browser on this or another computer."));
  GtkWidget *address = gtk_label_new (HELP_ONLINE);

  gtk_label_set_selectable (GTK_LABEL (address), TRUE);
  gtk_label_set_wrap (GTK_LABEL (address), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (address), PANGO_WRAP_WORD_CHAR);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), address);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "close", _("_Close"),
                                    "copy", _("_Copy Address"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "copy", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "copy");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "close");
  g_signal_connect (dialog, "response", G_CALLBACK (browser_failed_response), NULL);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
help_missing_response (AdwMessageDialog *dialog,
                       const char       *response,
                       gpointer          user_data)
{
  g_autoptr(GError) error = NULL;

  if (g_str_equal (response, "online") &&
      !g_app_info_launch_default_for_uri (HELP_ONLINE, NULL, &error))
    {
      g_debug ("Could not open %s: %s", HELP_ONLINE, error->message);
      show_browser_failed (gtk_window_get_transient_for (GTK_WINDOW (dialog)));
    }
}

/* No help browser, or it could not show the guide: said in words, with
 * the guide online as the way on; never the raw error. */
static void
show_help_missing (GtkWindow *parent)
{
  GtkWidget *dialog = adw_message_dialog_new (parent, _("The User Guide Is Not Installed"),
                                              _("The guide opens in GNOME’s help browser, Yelp, which is not "
                                                "installed on this computer, or the guide itself is not. Install "
                                                "the “yelp” package, or read the guide online."));

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "close", _("_Close"),
                                    "online", _("Read _Online"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "online", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "online");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "close");
  g_signal_connect (dialog, "response", G_CALLBACK (help_missing_response), NULL);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
help_shown (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GtkWindow) parent = user_data;
  g_autoptr(GError) error = NULL;

  if (!gtk_show_uri_full_finish (parent, result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_debug ("help: %s", error->message);
      show_help_missing (parent);
    }
}

/* The guide as HTML (yelp-build html), where a distribution ships it
 * beside the Mallard pages; NULL if there is none. */
static char *
find_html_help (void)
{
  g_autofree char *datadir = g_path_get_dirname (PKGDATADIR);
  g_autofree char *index = g_build_filename (datadir, "help", "C", APP_ID, "index.html", NULL);

  return g_file_test (index, G_FILE_TEST_IS_REGULAR) ? g_filename_to_uri (index, NULL, NULL) : NULL;
}

/* The Mallard guide in help/, installed to share/help/C/APP_ID, in Yelp;
 * without Yelp, the guide as HTML in the browser, else a clear message.
 * ATTEST_HELP_BROWSER (tests) names the help browser to look for. */
static void
help_activated (GSimpleAction *action,
                GVariant      *param,
                gpointer       user_data)
{
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (user_data));
  const char *browser = g_getenv ("ATTEST_HELP_BROWSER");
  g_autofree char *yelp = g_find_program_in_path (browser ? browser : "yelp");
  g_autofree char *html = NULL;

  if (yelp != NULL)
    {
      gtk_show_uri_full (parent, "help:" APP_ID, GDK_CURRENT_TIME, NULL, help_shown,
                         parent ? g_object_ref (parent) : NULL);
      return;
    }
  if ((html = find_html_help ()) != NULL)
    {
      gtk_show_uri (parent, html, GDK_CURRENT_TIME);
      return;
    }
  show_help_missing (parent);
}

static const GActionEntry app_actions[] = {
  { "quit", quit_activated },
  { "about", about_activated },
  { "preferences", preferences_activated },
  { "help", help_activated },
};

/* ------------------------------------------------------------ translations */

static gboolean
has_catalogues (const char *dir)
{
  g_autoptr(GDir) entries = g_dir_open (dir, 0, NULL);
  const char *lang;

  while (entries && (lang = g_dir_read_name (entries)))
    {
      g_autofree char *mo = g_build_filename (dir, lang, "LC_MESSAGES", GETTEXT_PACKAGE ".mo", NULL);

      if (g_file_test (mo, G_FILE_TEST_IS_REGULAR))
        return TRUE;
    }
  return FALSE;
}

char *
attest_application_find_locale_dir (const char *exe)
{
  g_autofree char *bindir = NULL;
  g_autofree char *build = NULL;
  g_autofree char *built = NULL;
  g_autofree char *marker = NULL;
  g_autofree char *prefix = NULL;

  g_return_val_if_fail (exe != NULL, NULL);

  /* Uninstalled: the program is <build>/src/app/attest, and meson's i18n
   * compiled the catalogues into <build>/po/<lang>/LC_MESSAGES. */
  bindir = g_path_get_dirname (exe);
  {
    g_autofree char *src = g_path_get_dirname (bindir);
    build = g_path_get_dirname (src);
  }
  marker = g_build_filename (build, "meson-private", NULL);
  built = g_build_filename (build, "po", NULL);
  if (g_file_test (marker, G_FILE_TEST_IS_DIR) && has_catalogues (built))
    return g_canonicalize_filename (built, NULL);

  /* Staged (meson install --destdir STAGE): the program is
   * STAGE<prefix>/bin/attest and its catalogues are STAGE<LOCALEDIR>. */
  if (g_str_has_suffix (LOCALEDIR, "/share/locale"))
    {
      g_autofree char *suffix = NULL;

      prefix = g_strndup (LOCALEDIR, strlen (LOCALEDIR) - strlen ("/share/locale"));
      suffix = g_strconcat (prefix, "/bin", NULL);
      if (g_str_has_suffix (bindir, suffix) && strlen (bindir) > strlen (suffix))
        {
          g_autofree char *stage = g_strndup (bindir, strlen (bindir) - strlen (suffix));
          g_autofree char *staged = g_strconcat (stage, LOCALEDIR, NULL);

          if (has_catalogues (staged))
            return g_steal_pointer (&staged);
        }
    }
  return g_strdup (LOCALEDIR);
}

/* ------------------------------------------------------------- lifecycle */

static void
attest_application_startup (GApplication *app)
{
  AttestApplication *self = ATTEST_APPLICATION (app);
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;
  static const struct { const char *action; const char *accels[3]; } accels[] = {
    { "app.quit", { "<Control>q", NULL } },
    { "app.preferences", { "<Control>comma", NULL } },
    { "app.help", { "F1", NULL } },
    { "win.import", { "<Control>o", NULL } },
    { "win.open-database", { "<Shift><Control>o", NULL } },
    { "win.new-database", { "<Control>n", NULL } },
    { "win.export", { "<Control>e", NULL } },
    { "win.undo", { "<Control>z", NULL } },
    { "win.redo", { "<Shift><Control>z", "<Control>y", NULL } },
    /* Delete and the digits are the article's own keys (attest-article-view.c):
     * as accelerators they would act on the claim while one types elsewhere. */
    { "win.search", { "<Shift><Control>f", NULL } },
    { "win.find", { "<Control>f", NULL } },
    { "win.document-properties", { "<Alt>Return", NULL } },
    { "win.mark-source", { "<Control>m", NULL } },
    { "win.show-inspector", { "F9", NULL } },
    { "win.show-help-overlay", { "<Control>question", NULL } },
    { "window.close", { "<Control>w", NULL } },
  };

  G_APPLICATION_CLASS (attest_application_parent_class)->startup (app);

  g_set_application_name (_("Attest"));
  gtk_window_set_default_icon_name (APP_ID);

  /* Without an installed schema (running from a build tree without
   * GSETTINGS_SCHEMA_DIR) the app still works; it just forgets. */
  if (source && (schema = g_settings_schema_source_lookup (source, APP_ID, TRUE)))
    {
      self->settings = g_settings_new (APP_ID);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SETTINGS]);
    }
  else
    g_warning ("The settings schema %s is not installed; preferences will not be kept", APP_ID);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions, G_N_ELEMENTS (app_actions), app);
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (app), accels[i].action, accels[i].accels);
}

/* The first launch asks who annotates, over the window it opens. A name
 * set before this question existed counts as the answer. */
static void
ask_annotator (AttestApplication *self,
               AttestWindow      *window)
{
  g_autofree char *name = NULL;

  if (self->settings == NULL || self->name_dialog != NULL ||
      g_settings_get_boolean (self->settings, "annotator-name-asked"))
    return;

  name = g_settings_get_string (self->settings, "annotator-name");
  if (*name != '\0')
    {
      g_settings_set_boolean (self->settings, "annotator-name-asked", TRUE);
      return;
    }

  self->name_dialog = attest_name_dialog_new (GTK_WINDOW (window), self->settings);
  g_object_add_weak_pointer (G_OBJECT (self->name_dialog), (gpointer *) &self->name_dialog);
  gtk_window_present (GTK_WINDOW (self->name_dialog));
}

static AttestWindow *
get_window (AttestApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (ATTEST_IS_WINDOW (window))
    return ATTEST_WINDOW (window);
  return attest_window_new (GTK_APPLICATION (self));
}

/* Opens @store_path (or the demo, or the last database) in the window; on
 * failure the window opens anyway and says why. */
static AttestWindow *
open_window (AttestApplication *self,
             const char        *store_path,
             gboolean           demo,
             gboolean           reuse_store)
{
  AttestWindow *window = get_window (self);
  g_autofree char *path = NULL;

  if (reuse_store && attest_window_get_store (window) && store_path == NULL && !demo)
    {
      gtk_window_present (GTK_WINDOW (window));
      return window;
    }

  gtk_window_present (GTK_WINDOW (window));
  ask_annotator (self, window);
  if (demo)
    {
      attest_window_open_samples (window);
      return window;
    }

  path = store_path ? g_strdup (store_path) : attest_application_dup_default_path (self);
  attest_window_open_database (window, path);
  return window;
}

static void
attest_application_activate (GApplication *app)
{
  open_window (ATTEST_APPLICATION (app), NULL, FALSE, TRUE);
}

static void
attest_application_open (GApplication  *app,
                         GFile        **files,
                         int            n_files,
                         const char    *hint)
{
  AttestWindow *window = open_window (ATTEST_APPLICATION (app), NULL, FALSE, TRUE);

  attest_window_import_files (window, files, n_files);
}

static int
attest_application_command_line (GApplication            *app,
                                 GApplicationCommandLine *cmdline)
{
  AttestApplication *self = ATTEST_APPLICATION (app);
  GVariantDict *options = g_application_command_line_get_options_dict (cmdline);
  g_autofree char *db = NULL;
  g_autofree char **remaining = NULL;
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);
  gboolean demo = FALSE;
  AttestWindow *window;

  g_variant_dict_lookup (options, "db", "^ay", &db);
  g_variant_dict_lookup (options, "demo", "b", &demo);
  g_variant_dict_lookup (options, G_OPTION_REMAINING, "^a&ay", &remaining);

  if (db != NULL && !g_path_is_absolute (db))
    {
      char *absolute = g_build_filename (g_application_command_line_get_cwd (cmdline), db, NULL);
      g_free (db);
      db = absolute;
    }

  window = open_window (self, db, demo, db == NULL && !demo);

  for (guint i = 0; remaining && remaining[i]; i++)
    g_ptr_array_add (files, g_application_command_line_create_file_for_arg (cmdline, remaining[i]));
  if (files->len > 0)
    attest_window_import_files (window, (GFile **) files->pdata, files->len);

  return EXIT_SUCCESS;
}

static void
attest_application_dispose (GObject *object)
{
  AttestApplication *self = ATTEST_APPLICATION (object);

  if (self->name_dialog != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->name_dialog), (gpointer *) &self->name_dialog);
  self->name_dialog = NULL;
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (attest_application_parent_class)->dispose (object);
}

static void
attest_application_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  AttestApplication *self = ATTEST_APPLICATION (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
attest_application_class_init (AttestApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = attest_application_dispose;
  object_class->get_property = attest_application_get_property;
  app_class->startup = attest_application_startup;
  app_class->activate = attest_application_activate;
  app_class->open = attest_application_open;
  app_class->command_line = attest_application_command_line;

  /**
   * AttestApplication:settings: (nullable)
   *
   * The settings once started, or %NULL when the schema is not installed.
   * Windows read them through this property, so that they need not know
   * the application's class.
   */
  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL, G_TYPE_SETTINGS,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
attest_application_init (AttestApplication *self)
{
  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
  g_application_set_option_context_parameter_string (G_APPLICATION (self), _("[ARTICLE…]"));
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Annotate the claims of news articles and their sources."));
}
