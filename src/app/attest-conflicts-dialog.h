/* attest-conflicts-dialog.h — the conflicts a merge found, one by one: the
 * article and passage (or the category, or the article's properties) each
 * is about, your version and theirs in words, and a choice to settle it
 * (keep mine / take theirs) through attest_store_settle_conflict(). */
#pragma once

#include <adwaita.h>

#include "attest-store.h"

G_BEGIN_DECLS

#define ATTEST_TYPE_CONFLICTS_DIALOG (attest_conflicts_dialog_get_type ())
G_DECLARE_FINAL_TYPE (AttestConflictsDialog, attest_conflicts_dialog, ATTEST, CONFLICTS_DIALOG, AdwWindow)

/* @conflicts: AttestMergeConflict*, copied. Emits ::settled (the conflict's
 * id) after each one is settled in @store. */
AttestConflictsDialog *attest_conflicts_dialog_new        (GtkWindow             *parent,
                                                           AttestStore           *store,
                                                           GPtrArray             *conflicts);
guint                  attest_conflicts_dialog_get_n_open (AttestConflictsDialog *self);
/* For tests and accessibility checks: the button that settles conflict
 * @index with @choice (the one button of a deletion answers both), and
 * the row that names what conflict @index is about. */
GtkWidget             *attest_conflicts_dialog_get_button (AttestConflictsDialog *self,
                                                           guint                  index,
                                                           AttestSettle           choice);
AdwActionRow          *attest_conflicts_dialog_get_subject_row (AttestConflictsDialog *self,
                                                                guint                  index);

G_END_DECLS
