/* attest-preferences-window.c — see attest-preferences-window.h.
 *
 * The annotator name is saved as it is typed, trimmed, whenever it is a
 * name by attest_rules_annotator_name(): nothing to confirm, so nothing is
 * lost by closing the window. A blank or invalid entry is shown as such on
 * the row and never saved; claims keep the last name until it is fixed.
 * The setting empty means the real name, which the row then shows (and
 * saves only once it is edited). The category labels switch is the
 * "show-category-labels" key, which every article view follows. */
#include "config.h"

#include "attest-preferences-window.h"

#include <glib/gi18n.h>

#include "attest-annotator-name.h"

struct _AttestPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  AdwEntryRow          *annotator_row;
  GtkLabel             *annotator_problem;
  AdwActionRow         *labels_row;
  GtkSwitch            *labels_switch;
  GSettings            *settings;
};

G_DEFINE_FINAL_TYPE (AttestPreferencesWindow, attest_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static void
on_annotator_changed (AttestPreferencesWindow *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->annotator_row));
  g_autofree char *problem = NULL;
  g_autofree char *name = attest_annotator_name_check (text, &problem);
  g_autofree char *saved = NULL;

  if (self->settings == NULL)
    return;

  if (name == NULL)
    {
      g_autofree char *in_use = attest_annotator_name_dup_in_use (self->settings);
      /* Translators: after what is wrong with the name typed; %s is the name still in use */
      g_autofree char *meanwhile = g_strdup_printf (_("Not saved. Your claims are stamped “%s” meanwhile."),
                                                    in_use);
      g_autofree char *message = g_strconcat (problem, " ", meanwhile, NULL);

      attest_annotator_name_show_problem (GTK_WIDGET (self->annotator_row), self->annotator_problem, message);
      return;
    }

  attest_annotator_name_show_problem (GTK_WIDGET (self->annotator_row), self->annotator_problem, NULL);
  saved = g_settings_get_string (self->settings, "annotator-name");
  if (g_strcmp0 (saved, name) != 0)
    g_settings_set_string (self->settings, "annotator-name", name);
}

/* Once the typing is over the row shows the name as saved, trimmed. */
static void
tidy_annotator (AttestPreferencesWindow *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->annotator_row));
  g_autofree char *problem = NULL;
  g_autofree char *name = attest_annotator_name_check (text, &problem);

  if (name != NULL && !g_str_equal (name, text))
    gtk_editable_set_text (GTK_EDITABLE (self->annotator_row), name);
}

static void
attest_preferences_window_dispose (GObject *object)
{
  AttestPreferencesWindow *self = ATTEST_PREFERENCES_WINDOW (object);

  g_clear_object (&self->settings);

  G_OBJECT_CLASS (attest_preferences_window_parent_class)->dispose (object);
}

static void
attest_preferences_window_class_init (AttestPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = attest_preferences_window_dispose;
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/attest/Attest/attest-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, AttestPreferencesWindow, annotator_row);
  gtk_widget_class_bind_template_child (widget_class, AttestPreferencesWindow, annotator_problem);
  gtk_widget_class_bind_template_child (widget_class, AttestPreferencesWindow, labels_row);
  gtk_widget_class_bind_template_child (widget_class, AttestPreferencesWindow, labels_switch);
}

static void
attest_preferences_window_init (AttestPreferencesWindow *self)
{
  GtkEventController *focus = gtk_event_controller_focus_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_swapped (self->annotator_row, "changed", G_CALLBACK (on_annotator_changed), self);
  g_signal_connect_swapped (self->annotator_row, "entry-activated", G_CALLBACK (tidy_annotator), self);
  g_signal_connect_swapped (focus, "leave", G_CALLBACK (tidy_annotator), self);
  gtk_widget_add_controller (GTK_WIDGET (self->annotator_row), focus);
}

GtkWidget *
attest_preferences_window_new (GSettings *settings)
{
  AttestPreferencesWindow *self = g_object_new (ATTEST_TYPE_PREFERENCES_WINDOW, NULL);

  if (settings)
    {
      g_autofree char *name = attest_annotator_name_dup_in_use (settings);

      gtk_editable_set_text (GTK_EDITABLE (self->annotator_row), name);
      self->settings = g_object_ref (settings);
      g_settings_bind (settings, "show-category-labels", self->labels_switch, "active", G_SETTINGS_BIND_DEFAULT);
    }
  else
    {
      gtk_widget_set_sensitive (GTK_WIDGET (self->annotator_row), FALSE);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->annotator_row),
                                   _("Preferences cannot be kept: the settings schema is not installed"));
      gtk_widget_set_sensitive (GTK_WIDGET (self->labels_row), FALSE);
    }
  return GTK_WIDGET (self);
}
