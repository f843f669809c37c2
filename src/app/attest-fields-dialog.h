/* attest-fields-dialog.h — a question with a few named text fields and one
 * answer ("apply"): an article's properties, the outlet a marked passage
 * cites, an outlet's other name. The caller reads the fields on "response".
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define ATTEST_TYPE_FIELDS_DIALOG (attest_fields_dialog_get_type ())
G_DECLARE_FINAL_TYPE (AttestFieldsDialog, attest_fields_dialog, ATTEST, FIELDS_DIALOG, AdwMessageDialog)

/* Returns NULL when the fields can be applied, else what is wrong (the
 * answer waits until it is right). */
typedef char *(*AttestFieldsCheck) (AttestFieldsDialog *dialog,
                                    gpointer            user_data);

AttestFieldsDialog *attest_fields_dialog_new       (GtkWindow          *parent,
                                                    const char         *heading,
                                                    const char         *body,
                                                    const char         *apply_label);
/* Adds a row titled @title holding @value; returns its index. */
guint               attest_fields_dialog_add_field (AttestFieldsDialog *self,
                                                    const char         *title,
                                                    const char         *value);
/* The text of field @index, trimmed; NULL when empty. */
char               *attest_fields_dialog_dup_value (AttestFieldsDialog *self,
                                                    guint               index);
/* A line of information under the fields (not editable); NULL hides it. */
void                attest_fields_dialog_set_note  (AttestFieldsDialog *self,
                                                    const char         *note);
void                attest_fields_dialog_set_check (AttestFieldsDialog *self,
                                                    AttestFieldsCheck   check,
                                                    gpointer            user_data);

G_END_DECLS
