/* attest-team.h — this database as a member of a team's server.
 *
 * A team shares its work through a stock PostgreSQL database (its schema:
 * attest-team-schema.c). Each member's SQLite database stays their working
 * copy, usable without the server; beside it, in "DATABASE.team", lies the
 * mirror: what the server held at the last change read, with the server's
 * address (never a password) and the time of the last sync. Syncing reads
 * the server's new changes into the mirror, merges the mirror in under the
 * rules of merging copies, and sends what this database has that the
 * mirror has not (see attest-store-replica.c).
 */
#pragma once

#include <glib.h>

#include "attest-store.h"

G_BEGIN_DECLS

typedef struct {
  guint             received;  /* changes read from the server */
  guint             sent;      /* changes written to it */
  guint             unsent;    /* a follower's changes, kept here */
  GPtrArray        *refused;   /* char*: the server's changes left out, and why */
  AttestMergeReport merge;     /* what merging them in found, conflicts too */
} AttestTeamReport;

void     attest_team_report_clear (AttestTeamReport *report);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (AttestTeamReport, attest_team_report_clear)

typedef struct {
  char    *server;      /* the connection string given when joining */
  gboolean connected;   /* the server answered just now */
  char    *problem;     /* why not, in its words, when it did not */
  guint    waiting;     /* changes of this database not yet sent */
  gint64   position;    /* the server's last change read */
  char    *synced;      /* when the last sync finished (ISO 8601), or NULL */
} AttestTeamStatus;

void     attest_team_status_clear (AttestTeamStatus *status);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (AttestTeamStatus, attest_team_status_clear)

char    *attest_team_dup_mirror_path (AttestStore       *store);
gboolean attest_team_is_member       (AttestStore       *store);
gboolean attest_team_join            (AttestStore       *store,
                                      const char        *conninfo,
                                      const char        *password,
                                      char             **out_admin_sql,
                                      AttestTeamReport  *report,
                                      GError           **error);
gboolean attest_team_sync            (AttestStore       *store,
                                      const char        *password,
                                      AttestTeamReport  *report,
                                      GError           **error);
gboolean attest_team_get_status      (AttestStore       *store,
                                      const char        *password,
                                      gboolean           ask_server,
                                      AttestTeamStatus  *status,
                                      GError           **error);
gboolean attest_team_leave           (AttestStore       *store,
                                      GError           **error);

G_END_DECLS
