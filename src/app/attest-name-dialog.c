/* attest-name-dialog.c — see attest-name-dialog.h.
 *
 * Every claim carries its annotator's name, and agreement between
 * annotators is counted by name: a team whose claims all say the login
 * name "user" has no figures. So the first launch asks, once. */
#include "config.h"

#include "attest-name-dialog.h"

#include <glib/gi18n.h>

#include "attest-annotator-name.h"
#include "attest-rules.h"

struct _AttestNameDialog
{
  AdwMessageDialog  parent_instance;

  AdwEntryRow      *name_row;
  GtkLabel         *problem_label;
  GSettings        *settings;
};

G_DEFINE_FINAL_TYPE (AttestNameDialog, attest_name_dialog, ADW_TYPE_MESSAGE_DIALOG)

/* A blank or invalid name cannot be given: the button waits for a name. */
static void
on_name_changed (AttestNameDialog *self)
{
  g_autofree char *problem = NULL;
  g_autofree char *name = attest_annotator_name_check (gtk_editable_get_text (GTK_EDITABLE (self->name_row)),
                                                       &problem);

  attest_annotator_name_show_problem (GTK_WIDGET (self->name_row), self->problem_label, problem);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "use", name != NULL);
}

static void
attest_name_dialog_response (AdwMessageDialog *dialog,
                             const char       *response)
{
  AttestNameDialog *self = ATTEST_NAME_DIALOG (dialog);

  if (self->settings != NULL && g_str_equal (response, "use"))
    {
      g_autofree char *problem = NULL;
      g_autofree char *name = attest_annotator_name_check (gtk_editable_get_text (GTK_EDITABLE (self->name_row)),
                                                           &problem);

      if (name != NULL)
        g_settings_set_string (self->settings, "annotator-name", name);
    }
  /* Answered, or dismissed with Escape (the real name, as offered):
   * Preferences is where to change it from now on. */
  if (self->settings != NULL)
    g_settings_set_boolean (self->settings, "annotator-name-asked", TRUE);
}

static void
attest_name_dialog_dispose (GObject *object)
{
  AttestNameDialog *self = ATTEST_NAME_DIALOG (object);

  g_clear_object (&self->settings);

  G_OBJECT_CLASS (attest_name_dialog_parent_class)->dispose (object);
}

static void
attest_name_dialog_class_init (AttestNameDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  AdwMessageDialogClass *dialog_class = ADW_MESSAGE_DIALOG_CLASS (klass);

  object_class->dispose = attest_name_dialog_dispose;
  dialog_class->response = attest_name_dialog_response;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/attest/Attest/attest-name-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, AttestNameDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, AttestNameDialog, problem_label);
}

static void
attest_name_dialog_init (AttestNameDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_swapped (self->name_row, "changed", G_CALLBACK (on_name_changed), self);
}

AttestNameDialog *
attest_name_dialog_new (GtkWindow *parent,
                        GSettings *settings)
{
  AttestNameDialog *self = g_object_new (ATTEST_TYPE_NAME_DIALOG, "transient-for", parent, NULL);
  g_autofree char *name = attest_rules_dup_default_annotator_name ();

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  self->settings = g_object_ref (settings);
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), name);
  gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
  return self;
}
