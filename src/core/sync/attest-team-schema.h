/* attest-team-schema.h — the team server's tables in PostgreSQL: creating
 * them on an empty database and recognising them.
 *
 * This is the one home of the SQL that speaks to the team server's schema
 * (schema `attest`): the change log every member pushes to and pulls from,
 * the members, and the rules the server itself enforces (row-level
 * security, grants, commit-ordered sequence numbers).
 */
#pragma once

#include <glib.h>
#include "attest-pq.h"

G_BEGIN_DECLS

/* The version of the server schema this Attest creates and reads. */
#define ATTEST_TEAM_SCHEMA_VERSION 1

/* The group roles an administrator grants to each member's login role. */
#define ATTEST_TEAM_ROLE_MEMBER "attest_member"   /* reads and writes the team's changes */
#define ATTEST_TEAM_ROLE_READER "attest_reader"   /* follows the team's work, writes nothing */

/* The channel every insert into the change log notifies; the payload is the
 * highest sequence number the statement inserted. */
#define ATTEST_TEAM_CHANNEL "attest_changes"

gboolean     attest_team_schema_check     (PGconn      *conn,
                                           int         *out_version,
                                           GError     **error);
gboolean     attest_team_schema_create    (PGconn      *conn,
                                           char       **out_admin_sql,
                                           GError     **error);
const char  *attest_team_schema_roles_sql (void);

/* The change log: registering, reading and writing (see attest-team.c). */
gboolean     attest_team_schema_register  (PGconn      *conn,
                                           const char  *annotator,
                                           GError     **error);
gboolean     attest_team_schema_pull      (PGconn      *conn,
                                           gint64       after,
                                           guint        limit,
                                           GPtrArray   *into,
                                           gint64      *out_last,
                                           GError     **error);
gboolean     attest_team_schema_push      (PGconn      *conn,
                                           gint64       head,
                                           GPtrArray   *changes,
                                           gboolean     keep_lock,
                                           gint64      *out_head,
                                           gboolean    *out_behind,
                                           GError     **error);
gboolean     attest_team_schema_push_locked (PGconn    *conn,
                                             GPtrArray *changes,
                                             gint64    *out_head,
                                             GError   **error);
void         attest_team_schema_push_abort (PGconn     *conn);

G_END_DECLS
