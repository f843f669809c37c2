/* attest-team-worker.h — keeping a member's database in sync while the
 * window is open: a thread of its own, with its own connection to the
 * database, that syncs when poked (a local change), when the server says
 * others wrote (LISTEN/NOTIFY), and now and then; offline it retries, more
 * slowly each time. The window learns the state through ::changed on the
 * main context it was made in, and others' changes through the database
 * itself (the store notices other connections' commits).
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum {
  ATTEST_TEAM_STATE_SYNCING,
  ATTEST_TEAM_STATE_SYNCED,
  ATTEST_TEAM_STATE_OFFLINE,   /* the server cannot be reached; changes wait */
  ATTEST_TEAM_STATE_FAILED,    /* the server refused (see the message) */
} AttestTeamState;

#define ATTEST_TYPE_TEAM_WORKER (attest_team_worker_get_type ())
G_DECLARE_FINAL_TYPE (AttestTeamWorker, attest_team_worker, ATTEST, TEAM_WORKER, GObject)

AttestTeamWorker *attest_team_worker_new          (const char       *db_path,
                                                   const char       *annotator,
                                                   const char       *password);
void              attest_team_worker_poke         (AttestTeamWorker *self);
AttestTeamState   attest_team_worker_get_state    (AttestTeamWorker *self);
guint             attest_team_worker_get_waiting  (AttestTeamWorker *self);
guint             attest_team_worker_get_conflicts (AttestTeamWorker *self);
char             *attest_team_worker_dup_message  (AttestTeamWorker *self);
guint             attest_team_worker_get_syncs    (AttestTeamWorker *self);

G_END_DECLS
