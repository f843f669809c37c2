/* attest-fields-dialog.c — see attest-fields-dialog.h. */
#include "config.h"

#include "attest-fields-dialog.h"

#include <glib/gi18n.h>

struct _AttestFieldsDialog
{
  AdwMessageDialog  parent_instance;

  GtkListBox       *fields_list;
  GtkLabel         *note_label;
  GtkLabel         *problem_label;
  GPtrArray        *rows;         /* AdwEntryRow*, borrowed from the list */
  AttestFieldsCheck check;
  gpointer          check_data;
};

G_DEFINE_FINAL_TYPE (AttestFieldsDialog, attest_fields_dialog, ADW_TYPE_MESSAGE_DIALOG)

static void
run_check (AttestFieldsDialog *self)
{
  g_autofree char *problem = self->check ? self->check (self, self->check_data) : NULL;

  gtk_label_set_text (self->problem_label, problem ? problem : "");
  gtk_widget_set_visible (GTK_WIDGET (self->problem_label), problem != NULL);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "apply", problem == NULL);
}

static void
attest_fields_dialog_finalize (GObject *object)
{
  AttestFieldsDialog *self = ATTEST_FIELDS_DIALOG (object);

  g_ptr_array_unref (self->rows);

  G_OBJECT_CLASS (attest_fields_dialog_parent_class)->finalize (object);
}

static void
attest_fields_dialog_class_init (AttestFieldsDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = attest_fields_dialog_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/attest/Attest/attest-fields-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, AttestFieldsDialog, fields_list);
  gtk_widget_class_bind_template_child (widget_class, AttestFieldsDialog, note_label);
  gtk_widget_class_bind_template_child (widget_class, AttestFieldsDialog, problem_label);
}

static void
attest_fields_dialog_init (AttestFieldsDialog *self)
{
  self->rows = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}

AttestFieldsDialog *
attest_fields_dialog_new (GtkWindow  *parent,
                          const char *heading,
                          const char *body,
                          const char *apply_label)
{
  AttestFieldsDialog *self = g_object_new (ATTEST_TYPE_FIELDS_DIALOG,
                                           "transient-for", parent,
                                           "heading", heading,
                                           "body", body,
                                           NULL);

  if (apply_label != NULL)
    adw_message_dialog_set_response_label (ADW_MESSAGE_DIALOG (self), "apply", apply_label);
  return self;
}

guint
attest_fields_dialog_add_field (AttestFieldsDialog *self,
                                const char         *title,
                                const char         *value)
{
  GtkWidget *row;

  g_return_val_if_fail (ATTEST_IS_FIELDS_DIALOG (self), 0);

  row = adw_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_entry_row_set_activates_default (ADW_ENTRY_ROW (row), TRUE);
  gtk_editable_set_text (GTK_EDITABLE (row), value ? value : "");
  g_signal_connect_swapped (row, "changed", G_CALLBACK (run_check), self);
  gtk_list_box_append (self->fields_list, row);
  g_ptr_array_add (self->rows, row);
  if (self->rows->len == 1)
    gtk_widget_grab_focus (row);
  return self->rows->len - 1;
}

char *
attest_fields_dialog_dup_value (AttestFieldsDialog *self,
                                guint               index)
{
  char *text;

  g_return_val_if_fail (ATTEST_IS_FIELDS_DIALOG (self), NULL);
  g_return_val_if_fail (index < self->rows->len, NULL);

  text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (g_ptr_array_index (self->rows, index)))));
  if (*text == '\0')
    g_clear_pointer (&text, g_free);
  return text;
}

void
attest_fields_dialog_set_check (AttestFieldsDialog *self,
                                AttestFieldsCheck   check,
                                gpointer            user_data)
{
  g_return_if_fail (ATTEST_IS_FIELDS_DIALOG (self));

  self->check = check;
  self->check_data = user_data;
  run_check (self);
}

void
attest_fields_dialog_set_note (AttestFieldsDialog *self,
                               const char         *note)
{
  g_return_if_fail (ATTEST_IS_FIELDS_DIALOG (self));

  gtk_label_set_text (self->note_label, note ? note : "");
  gtk_widget_set_visible (GTK_WIDGET (self->note_label), note != NULL && *note != '\0');
}
