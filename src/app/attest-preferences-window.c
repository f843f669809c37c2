/* attest-preferences-window.c — see attest-preferences-window.h.
 * The annotator name is saved when applied; empty means the real name. */
#include "config.h"

#include "attest-preferences-window.h"

#include <glib/gi18n.h>

struct _AttestPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  AdwEntryRow          *annotator_row;
  GSettings            *settings;
};

G_DEFINE_FINAL_TYPE (AttestPreferencesWindow, attest_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static void
on_annotator_applied (AttestPreferencesWindow *self)
{
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->annotator_row))));

  if (self->settings)
    g_settings_set_string (self->settings, "annotator-name", name);
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
}

static void
attest_preferences_window_init (AttestPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_swapped (self->annotator_row, "apply", G_CALLBACK (on_annotator_applied), self);
  g_signal_connect_swapped (self->annotator_row, "entry-activated", G_CALLBACK (on_annotator_applied), self);
}

GtkWidget *
attest_preferences_window_new (GSettings *settings)
{
  AttestPreferencesWindow *self = g_object_new (ATTEST_TYPE_PREFERENCES_WINDOW, NULL);

  if (settings)
    {
      g_autofree char *name = g_settings_get_string (settings, "annotator-name");

      self->settings = g_object_ref (settings);
      gtk_editable_set_text (GTK_EDITABLE (self->annotator_row), name);
    }
  else
    {
      gtk_widget_set_sensitive (GTK_WIDGET (self->annotator_row), FALSE);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->annotator_row),
                                   _("Preferences cannot be kept: the settings schema is not installed"));
    }
  return GTK_WIDGET (self);
}
