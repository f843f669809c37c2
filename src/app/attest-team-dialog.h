/* attest-team-dialog.h — Main menu → Team Server…: joining a team's
 * PostgreSQL server (address, database, user, password — or a connection
 * string or service name), and, once a member, the server, the sync's
 * state, Sync Now and Leave Team. */
#pragma once

#include <adwaita.h>

#include "attest-store.h"
#include "attest-team-worker.h"

G_BEGIN_DECLS

#define ATTEST_TYPE_TEAM_DIALOG (attest_team_dialog_get_type ())
G_DECLARE_FINAL_TYPE (AttestTeamDialog, attest_team_dialog, ATTEST, TEAM_DIALOG, AdwWindow)

/* @worker: the window's, when @store is a member. Emits ::joined (the
 * password given, or NULL) after a join, ::left after leaving. */
AttestTeamDialog *attest_team_dialog_new      (GtkWindow        *parent,
                                               AttestStore      *store,
                                               AttestTeamWorker *worker);
void              attest_team_dialog_set_worker (AttestTeamDialog *self,
                                                 AttestTeamWorker *worker);
/* For tests and accessibility checks. */
GtkEditable      *attest_team_dialog_get_entry  (AttestTeamDialog *self,
                                                 const char       *name);
GtkButton        *attest_team_dialog_get_join_button (AttestTeamDialog *self);
const char       *attest_team_dialog_get_page   (AttestTeamDialog *self);
AdwActionRow     *attest_team_dialog_get_state_row (AttestTeamDialog *self);

G_END_DECLS
