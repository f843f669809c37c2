/* attest-name-dialog.h — the question of the first launch: the name to
 * stamp on the claims, prefilled with the real name. */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define ATTEST_TYPE_NAME_DIALOG (attest_name_dialog_get_type ())
G_DECLARE_FINAL_TYPE (AttestNameDialog, attest_name_dialog, ATTEST, NAME_DIALOG, AdwMessageDialog)

/* Asks over @parent; the answer goes to @settings: annotator-name (trimmed)
 * and annotator-name-asked. A blank or invalid name cannot be given;
 * Escape keeps the real name (the setting stays empty). */
AttestNameDialog *attest_name_dialog_new (GtkWindow *parent,
                                          GSettings *settings);

G_END_DECLS
