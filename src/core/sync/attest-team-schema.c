/* attest-team-schema.c — the team server's tables in PostgreSQL: all of
 * their SQL, creating them on an empty database, recognising them.
 *
 * What the server enforces by itself, whatever client writes to it:
 *
 *  - The change log is append-only and ordered by the server: `seq` is drawn
 *    in commit order (see the trigger changes_serialize), so a reader that has seen seq N
 *    can ask for "seq > N" and never miss a row.
 *  - Each member writes in their own name only: row-level security, FORCEd
 *    so that it binds the tables' owner too, lets a role insert a change only
 *    as itself and only once it has registered as a member; no policy allows
 *    UPDATE or DELETE, so nobody but a superuser rewrites the log.
 *  - Two group roles carry the grants: attest_member (read and write) and
 *    attest_reader (read only). An administrator makes a person a member
 *    with `GRANT attest_member TO ana;`.
 *
 * The SQL uses nothing newer than PostgreSQL 11 (EXECUTE FUNCTION in
 * CREATE TRIGGER), so it runs on any server from 13 on.
 */
#include "config.h"

#include "attest-team-schema.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "attest-error.h"
#include "attest-store.h"

/* Advisory lock keys, (class, key) pairs in the database's advisory lock
 * space; the class spells "Atst" so that another program's keys in the same
 * database are unlikely to collide. */
#define LOCK_CLASS          "1098150772"
#define LOCK_KEY_SCHEMA     "1"   /* creating the schema */
#define LOCK_KEY_CHANGES    "2"   /* drawing seq values */

/* ------------------------------------------------------------------- SQL */

static const char CHECK_SQL[] =
  "SELECT n.oid IS NOT NULL,"
  "       (SELECT count(*) FROM pg_catalog.pg_class c WHERE c.relnamespace = n.oid)"
  "     + (SELECT count(*) FROM pg_catalog.pg_proc p WHERE p.pronamespace = n.oid),"
  "       EXISTS (SELECT 1 FROM pg_catalog.pg_class c"
  "               WHERE c.relnamespace = n.oid AND c.relname = 'meta' AND c.relkind = 'r')"
  "  FROM (SELECT 1) AS one"
  "  LEFT JOIN pg_catalog.pg_namespace n ON n.nspname = 'attest'";

static const char VERSION_SQL[] =
  "SELECT value FROM attest.meta WHERE key = 'schema_version'";

static const char LOCK_SCHEMA_SQL[] =
  "SELECT pg_catalog.pg_advisory_xact_lock (" LOCK_CLASS ", " LOCK_KEY_SCHEMA ")";

/* Not when an administrator made an empty schema `attest` for the team's
 * creator, who then needs no right to create schemas in the database (the
 * server checks that right even for CREATE SCHEMA IF NOT EXISTS). */
static const char CREATE_SCHEMA_SQL[] =
  "CREATE SCHEMA attest";

static const char SCHEMA_SQL[] =
  "CREATE TABLE attest.meta ("
  "  key   text PRIMARY KEY,"
  "  value text NOT NULL);"
  "INSERT INTO attest.meta (key, value) VALUES ('schema_version', '1');"

  /* Each member registers the annotator name they write as. */
  "CREATE TABLE attest.members ("
  "  role      name PRIMARY KEY DEFAULT current_user,"
  "  annotator text NOT NULL UNIQUE,"
  "  joined    timestamptz NOT NULL DEFAULT now());"

  /* The server-ordered change log; `id` makes pushing a change again a
   * no-op (INSERT … ON CONFLICT (id) DO NOTHING). */
  "CREATE TABLE attest.changes ("
  "  seq         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
  "  id          uuid NOT NULL UNIQUE,"
  "  member      name NOT NULL DEFAULT current_user,"
  /* The replica's table the row belongs to (see attest-store-replica.c). */
  "  entity      text NOT NULL CHECK (entity IN ('annotators', 'documents', 'document_extractions',"
  "                                              'categories', 'sources', 'citations',"
  "                                              'citation_tombstones', 'claims', 'claim_sources',"
  "                                              'history', 'outlets')),"
  "  entity_uuid text NOT NULL,"
  "  body        jsonb NOT NULL,"
  "  at          timestamptz NOT NULL DEFAULT now());"

  /* seq in commit order. An identity value is drawn when the row is made,
   * not when it commits: writer A could draw 11, writer B 12, B commit
   * first, and a reader that then saw 12 would ask for "seq > 12" and skip
   * 11 forever. So every INSERT statement first takes one transaction-level
   * advisory lock, in a BEFORE … FOR EACH STATEMENT trigger: the executor
   * fires it before it makes the first row, so the identity values are
   * drawn under the lock, and the lock is held until the transaction ends —
   * released only after its commit is visible to everyone. B's INSERT thus
   * waits for A to commit or roll back, draws a higher seq, and commits
   * after A. Writers serialise on this lock; readers never wait for it. */
  "CREATE FUNCTION attest.changes_serialize () RETURNS trigger"
  "  LANGUAGE plpgsql SET search_path = pg_catalog AS $$"
  "BEGIN"
  "  PERFORM pg_advisory_xact_lock (" LOCK_CLASS ", " LOCK_KEY_CHANGES ");"
  "  RETURN NULL;"
  "END $$;"
  "CREATE TRIGGER changes_serialize BEFORE INSERT ON attest.changes"
  "  FOR EACH STATEMENT EXECUTE FUNCTION attest.changes_serialize ();"

  /* Listeners learn of new changes at the commit; the payload is the
   * highest seq the statement inserted, nothing when a re-push inserted
   * no row at all. */
  "CREATE FUNCTION attest.changes_notify () RETURNS trigger"
  "  LANGUAGE plpgsql SET search_path = pg_catalog AS $$"
  "DECLARE"
  "  top bigint;"
  "BEGIN"
  "  SELECT max (seq) INTO top FROM inserted;"
  "  IF top IS NOT NULL THEN"
  "    PERFORM pg_notify ('" ATTEST_TEAM_CHANNEL "', top::text);"
  "  END IF;"
  "  RETURN NULL;"
  "END $$;"
  "CREATE TRIGGER changes_notify AFTER INSERT ON attest.changes"
  "  REFERENCING NEW TABLE AS inserted"
  "  FOR EACH STATEMENT EXECUTE FUNCTION attest.changes_notify ();"

  /* Row-level security, FORCEd so that the owner (the member who created
   * the schema) is bound too. session_user as well as current_user: a
   * member may SET ROLE to a group role they belong to, and must not gain a
   * second identity that way. No UPDATE or DELETE policy: append-only. */
  "ALTER TABLE attest.members ENABLE ROW LEVEL SECURITY;"
  "ALTER TABLE attest.members FORCE ROW LEVEL SECURITY;"
  "CREATE POLICY members_read ON attest.members FOR SELECT USING (true);"
  "CREATE POLICY members_join ON attest.members FOR INSERT"
  "  WITH CHECK (role = current_user AND role = session_user);"
  "ALTER TABLE attest.changes ENABLE ROW LEVEL SECURITY;"
  "ALTER TABLE attest.changes FORCE ROW LEVEL SECURITY;"
  "CREATE POLICY changes_read ON attest.changes FOR SELECT USING (true);"
  "CREATE POLICY changes_write ON attest.changes FOR INSERT"
  "  WITH CHECK (member = current_user AND member = session_user"
  "              AND EXISTS (SELECT 1 FROM attest.members m WHERE m.role = current_user));";

/* Roles are shared by every database of a server: one that another team's
 * database already made is used as it is. */
static const char CAN_CREATE_ROLES_SQL[] =
  "SELECT rolsuper OR rolcreaterole FROM pg_catalog.pg_roles WHERE rolname = current_user";

static const char ROLE_EXISTS_SQL[] =
  "SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = $1";

/* A concurrent creator may make the role between our look and our CREATE. */
#define CREATE_ROLE_SQL(role) \
  "DO $$ BEGIN CREATE ROLE " role " NOLOGIN;" \
  " EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$"

#define GRANT_MEMBER_SQL \
  "GRANT USAGE ON SCHEMA attest TO " ATTEST_TEAM_ROLE_MEMBER ";\n" \
  "GRANT SELECT ON attest.meta, attest.members, attest.changes TO " ATTEST_TEAM_ROLE_MEMBER ";\n" \
  "GRANT INSERT ON attest.members, attest.changes TO " ATTEST_TEAM_ROLE_MEMBER ";\n"

#define GRANT_READER_SQL \
  "GRANT USAGE ON SCHEMA attest TO " ATTEST_TEAM_ROLE_READER ";\n" \
  "GRANT SELECT ON attest.meta, attest.members, attest.changes TO " ATTEST_TEAM_ROLE_READER ";\n"

/* What an administrator runs when the creator could not make the roles. */
static const char ROLES_SQL[] =
  "CREATE ROLE " ATTEST_TEAM_ROLE_MEMBER " NOLOGIN;\n"
  "CREATE ROLE " ATTEST_TEAM_ROLE_READER " NOLOGIN;\n"
  GRANT_MEMBER_SQL
  GRANT_READER_SQL;

static const struct {
  const char *name;
  const char *create;
  const char *grant;
} group_roles[] = {
  { ATTEST_TEAM_ROLE_MEMBER, CREATE_ROLE_SQL (ATTEST_TEAM_ROLE_MEMBER), GRANT_MEMBER_SQL },
  { ATTEST_TEAM_ROLE_READER, CREATE_ROLE_SQL (ATTEST_TEAM_ROLE_READER), GRANT_READER_SQL },
};

/* --------------------------------------------------------------- helpers */

/* The server's own words: the primary message of an error result, or else
 * the first line of libpq's report (a lost connection), without its
 * "FATAL:" prefix. Neither ever carries the connection's password. */
static char *
server_message (PGconn   *conn,
                PGresult *res)
{
  const char *primary = res ? PQresultErrorField (res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
  g_autofree char *text = NULL;
  char *line;

  if (primary && *primary)
    return g_strdup (primary);

  text = g_strdup (PQerrorMessage (conn));
  line = text;
  line[strcspn (line, "\n")] = '\0';
  if (g_str_has_prefix (line, "FATAL:") || g_str_has_prefix (line, "ERROR:"))
    line += strlen ("FATAL:");
  g_strstrip (line);
  return g_strdup (*line ? line : _("the connection to the server was lost"));
}

static gboolean
is_sqlstate (PGresult   *res,
             const char *state)
{
  const char *got = res ? PQresultErrorField (res, PG_DIAG_SQLSTATE) : NULL;

  return got && g_str_equal (got, state);
}

static void
set_server_error (GError    **error,
                  PGconn     *conn,
                  PGresult   *res,
                  const char *doing)
{
  g_autofree char *message = server_message (conn, res);

  /* The connection lost mid-way: offline, like a server not reached. */
  g_set_error (error, ATTEST_ERROR, PQstatus (conn) == CONNECTION_BAD ? ATTEST_ERROR_UNREACHABLE : ATTEST_ERROR_FAILED,
               "%s: %s", doing, message);
}

/* Runs @sql (one statement or several without parameters), expecting
 * @expect. */
static PGresult *
run (PGconn          *conn,
     const char      *sql,
     ExecStatusType   expect,
     const char      *doing,
     GError         **error)
{
  PGresult *res = PQexec (conn, sql);

  if (PQresultStatus (res) != expect)
    {
      set_server_error (error, conn, res, doing);
      PQclear (res);
      return NULL;
    }
  return res;
}

static gboolean
run_command (PGconn      *conn,
             const char  *sql,
             const char  *doing,
             GError     **error)
{
  g_autoptr(PGresult) res = run (conn, sql, PGRES_COMMAND_OK, doing, error);

  return res != NULL;
}

static void
rollback (PGconn *conn)
{
  if (PQtransactionStatus (conn) != PQTRANS_IDLE)
    PQclear (PQexec (conn, "ROLLBACK"));
}

/* ----------------------------------------------------------------- check */

static gboolean check (PGconn   *conn,
                       int      *out_version,
                       gboolean *out_exists,
                       GError  **error);

/**
 * attest_team_schema_check:
 * @conn: a connection to the team's database
 * @out_version: (out) (optional): the schema's version, 0 for none yet
 * @error: return location for an error
 *
 * Tells what the database holds: no Attest schema yet (TRUE, version 0: a
 * member may create it), Attest's schema (TRUE, its version), a schema
 * `attest` of something else (%ATTEST_ERROR_NOT_OURS) or one made by a newer
 * Attest (%ATTEST_ERROR_NEWER_SCHEMA; @out_version holds its version). Reads
 * only; never changes the database.
 *
 * Returns: whether this Attest may use the database
 */
gboolean
attest_team_schema_check (PGconn  *conn,
                          int     *out_version,
                          GError **error)
{
  gboolean exists;

  g_return_val_if_fail (conn != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return check (conn, out_version, &exists, error);
}

static gboolean
check (PGconn   *conn,
       int      *out_version,
       gboolean *out_exists,
       GError  **error)
{
  g_autoptr(PGresult) shape = NULL;
  g_autoptr(PGresult) version = NULL;
  const char *text;
  gint64 n;

  if (out_version)
    *out_version = 0;

  shape = run (conn, CHECK_SQL, PGRES_TUPLES_OK,
               _("Could not read the team server’s database"), error);
  if (shape == NULL)
    return FALSE;

  /* No schema `attest`, or an empty one: nothing of anybody's to keep. */
  *out_exists = g_str_equal (PQgetvalue (shape, 0, 0), "t");
  if (!*out_exists || g_str_equal (PQgetvalue (shape, 0, 1), "0"))
    return TRUE;

  if (g_str_equal (PQgetvalue (shape, 0, 2), "f"))
    goto not_ours;

  version = PQexec (conn, VERSION_SQL);
  if (is_sqlstate (version, "42501"))  /* insufficient_privilege */
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_FAILED,
                   _("This user may not read the team’s work on the server; an administrator must grant "
                     "it the role “%s” (or “%s” to follow the team without changing anything)"),
                   ATTEST_TEAM_ROLE_MEMBER, ATTEST_TEAM_ROLE_READER);
      return FALSE;
    }
  /* A table `meta` without our columns is another program's. */
  if (is_sqlstate (version, "42703"))  /* undefined_column */
    goto not_ours;
  if (PQresultStatus (version) != PGRES_TUPLES_OK)
    {
      set_server_error (error, conn, version, _("Could not read the team server’s database"));
      return FALSE;
    }

  if (PQntuples (version) != 1)
    goto not_ours;
  text = PQgetvalue (version, 0, 0);
  if (!g_ascii_string_to_signed (text, 10, 1, G_MAXINT, &n, NULL))
    goto not_ours;

  if (n > ATTEST_TEAM_SCHEMA_VERSION)
    {
      if (out_version)
        *out_version = (int) n;
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_NEWER_SCHEMA,
                   _("The team’s server was set up by a newer version of Attest (schema %d; this one "
                     "reads up to %d); update Attest to work with it. The server was left untouched"),
                   (int) n, ATTEST_TEAM_SCHEMA_VERSION);
      return FALSE;
    }

  if (out_version)
    *out_version = (int) n;
  return TRUE;

not_ours:
  g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_NOT_OURS,
               _("The server’s database already holds a schema “attest” of another program; "
                 "it was left untouched. Use another database for the team"));
  return FALSE;
}

/* ---------------------------------------------------------------- create */

static gboolean
role_exists (PGconn      *conn,
             const char  *role,
             gboolean    *out_exists,
             GError     **error)
{
  const char *params[] = { role };
  g_autoptr(PGresult) res = PQexecParams (conn, ROLE_EXISTS_SQL, 1, NULL, params, NULL, NULL, 0);

  if (PQresultStatus (res) != PGRES_TUPLES_OK)
    {
      set_server_error (error, conn, res, _("Could not read the server’s roles"));
      return FALSE;
    }
  *out_exists = PQntuples (res) == 1;
  return TRUE;
}

/* Makes the group roles where the creator may, and grants each existing one
 * its rights. *out_missing tells whether one is left for an administrator. */
static gboolean
set_up_roles (PGconn    *conn,
              gboolean  *out_missing,
              GError   **error)
{
  g_autoptr(PGresult) can = run (conn, CAN_CREATE_ROLES_SQL, PGRES_TUPLES_OK,
                                 _("Could not read the server’s roles"), error);
  gboolean may_create;

  if (can == NULL)
    return FALSE;
  may_create = PQntuples (can) == 1 && g_str_equal (PQgetvalue (can, 0, 0), "t");

  *out_missing = FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (group_roles); i++)
    {
      gboolean exists;

      if (!role_exists (conn, group_roles[i].name, &exists, error))
        return FALSE;
      if (!exists && may_create)
        {
          if (!run_command (conn, group_roles[i].create, _("Could not create the team’s roles"), error))
            return FALSE;
          exists = TRUE;
        }
      if (!exists)
        {
          *out_missing = TRUE;
          continue;
        }
      if (!run_command (conn, group_roles[i].grant, _("Could not grant the team’s roles their rights"), error))
        return FALSE;
    }
  return TRUE;
}

/**
 * attest_team_schema_create:
 * @conn: a connection to the team's database, outside a transaction
 * @out_admin_sql: (out) (optional) (transfer full): what an administrator
 *   still has to run, or %NULL
 * @error: return location for an error
 *
 * Creates the team's schema on a database that has none, in one
 * transaction, and sets up the group roles ATTEST_TEAM_ROLE_MEMBER and
 * ATTEST_TEAM_ROLE_READER with their grants.
 *
 * Creating a schema that is already there at this version is harmless: it
 * changes nothing and returns TRUE, so two first members joining at once
 * both succeed (the second waits for the first). A schema of another
 * program or of a newer Attest is refused as attest_team_schema_check()
 * tells, and left unchanged.
 *
 * Roles belong to the whole server and creating them needs CREATEROLE. A
 * creator without it still creates the schema (the team can start with the
 * creator alone) and gets in @out_admin_sql the statements an administrator
 * must run for the other members: creating the missing roles and granting
 * them their rights (attest_team_schema_roles_sql()).
 *
 * Returns: whether the database now holds the team's schema
 */
gboolean
attest_team_schema_create (PGconn  *conn,
                           char   **out_admin_sql,
                           GError **error)
{
  g_autoptr(PGresult) lock = NULL;
  const char *doing = _("Could not create the team’s tables on the server");
  gboolean missing = FALSE;
  gboolean exists;
  int version;

  g_return_val_if_fail (conn != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (out_admin_sql)
    *out_admin_sql = NULL;

  if (PQstatus (conn) != CONNECTION_OK)
    {
      set_server_error (error, conn, NULL, doing);
      return FALSE;
    }
  if (PQtransactionStatus (conn) != PQTRANS_IDLE)
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID,
                   "the team's schema must be created outside a transaction");
      return FALSE;
    }

  /* Notices are not for the user; libpq would print them on stderr. */
  if (!run_command (conn, "BEGIN; SET LOCAL client_min_messages = error", doing, error))
    goto fail;

  /* Two first members at once: the second looks only after the first
   * committed, finds the schema and leaves it. */
  lock = run (conn, LOCK_SCHEMA_SQL, PGRES_TUPLES_OK, doing, error);
  if (lock == NULL || !check (conn, &version, &exists, error))
    goto fail;

  /* Already there at this version: nothing to do. */
  if (version != ATTEST_TEAM_SCHEMA_VERSION)
    {
      if (!exists && !run_command (conn, CREATE_SCHEMA_SQL, doing, error))
        goto fail;
      if (!run_command (conn, SCHEMA_SQL, doing, error) || !set_up_roles (conn, &missing, error))
        goto fail;
    }
  if (!run_command (conn, "COMMIT", doing, error))
    goto fail;

  if (missing && out_admin_sql)
    *out_admin_sql = g_strdup (ROLES_SQL);
  return TRUE;

fail:
  rollback (conn);
  return FALSE;
}

/**
 * attest_team_schema_roles_sql:
 *
 * The statements that create the team's group roles and grant them their
 * rights on the schema, for an administrator (a superuser or a role with
 * CREATEROLE that owns the schema) when its creator could not.
 *
 * Returns: SQL text, one statement a line
 */
const char *
attest_team_schema_roles_sql (void)
{
  return ROLES_SQL;
}

/* ------------------------------------------------------------- exchange */

/**
 * attest_team_schema_register:
 * @conn: a connection as the member
 * @annotator: the name this member annotates under
 * @error: return location for a #GError, or %NULL
 *
 * Registers the connected role as a member writing as @annotator, once;
 * a role registered under another name, or a name another role holds, is
 * refused (the server would otherwise take changes in someone else's
 * name). A read-only follower (no INSERT) is told so.
 *
 * Returns: %TRUE on success
 */
gboolean
attest_team_schema_register (PGconn      *conn,
                             const char  *annotator,
                             GError     **error)
{
  const char *values[] = { annotator };
  g_autoptr(PGresult) mine = NULL;
  g_autoptr(PGresult) res = NULL;

  mine = PQexecParams (conn, "SELECT annotator FROM attest.members WHERE role = session_user",
                       0, NULL, NULL, NULL, NULL, 0);
  if (PQresultStatus (mine) != PGRES_TUPLES_OK)
    {
      set_server_error (error, conn, mine, _("Could not read the team’s members"));
      return FALSE;
    }
  if (PQntuples (mine) == 1)
    {
      if (g_str_equal (PQgetvalue (mine, 0, 0), annotator))
        return TRUE;
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_CONFLICT,
                   _("The team server knows this user as “%s”, not “%s”: change the annotator name, "
                     "or connect as another user"), PQgetvalue (mine, 0, 0), annotator);
      return FALSE;
    }
  res = PQexecParams (conn, "INSERT INTO attest.members (annotator) VALUES ($1)", 1, NULL, values, NULL, NULL, 0);
  if (PQresultStatus (res) == PGRES_COMMAND_OK)
    return TRUE;
  if (is_sqlstate (res, "23505"))  /* unique_violation: another role has the name */
    g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_CONFLICT,
                 _("Another member of the team writes as “%s”: choose another annotator name"), annotator);
  else if (is_sqlstate (res, "42501"))  /* insufficient_privilege: a follower */
    g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_READ_ONLY,
                 _("This user may follow the team’s work but not change it"));
  else
    set_server_error (error, conn, res, _("Could not join the team"));
  return FALSE;
}

/**
 * attest_team_schema_pull:
 * @conn: a connection
 * @after: the last position read
 * @limit: at most this many changes
 * @into: (element-type AttestReplicaChange): where the changes go, in order
 * @out_last: (out): the position of the last one added (@after if none)
 * @error: return location for a #GError, or %NULL
 *
 * Returns: %TRUE on success
 */
gboolean
attest_team_schema_pull (PGconn     *conn,
                         gint64      after,
                         guint       limit,
                         GPtrArray  *into,
                         gint64     *out_last,
                         GError    **error)
{
  g_autofree char *after_text = g_strdup_printf ("%" G_GINT64_FORMAT, after);
  g_autofree char *limit_text = g_strdup_printf ("%u", limit);
  const char *values[] = { after_text, limit_text };
  g_autoptr(PGresult) res = PQexecParams (conn,
      "SELECT seq, entity, entity_uuid, body::text FROM attest.changes"
      " WHERE seq > $1::bigint ORDER BY seq LIMIT $2::integer", 2, NULL, values, NULL, NULL, 0);

  *out_last = after;
  if (PQresultStatus (res) != PGRES_TUPLES_OK)
    {
      set_server_error (error, conn, res, _("Could not read the team’s changes"));
      return FALSE;
    }
  for (int i = 0; i < PQntuples (res); i++)
    {
      AttestReplicaChange *c = g_new0 (AttestReplicaChange, 1);

      c->table = g_strdup (PQgetvalue (res, i, 1));
      c->key = g_strdup (PQgetvalue (res, i, 2));
      c->body = g_strdup (PQgetvalue (res, i, 3));
      g_ptr_array_add (into, c);
      *out_last = g_ascii_strtoll (PQgetvalue (res, i, 0), NULL, 10);
    }
  return TRUE;
}

/**
 * attest_team_schema_push:
 * @conn: a connection as the member
 * @head: the position the pushing replica has read up to
 * @changes: (element-type AttestReplicaChange): what it sends, in order
 * @keep_lock: when behind, keep the transaction and its lock open (the
 *   caller reads what it lacks, then calls attest_team_schema_push_locked()
 *   or attest_team_schema_push_abort()): nobody can write meanwhile
 * @out_head: (out): the server's position after them (or now, when behind)
 * @out_behind: (out): %TRUE when others wrote past @head: nothing was
 *   written, the replica must read those first
 * @error: return location for a #GError, or %NULL
 *
 * Writes @changes in one transaction, only if nobody wrote after @head:
 * every change on the server was made knowing all the ones before it,
 * which is what lets a replica take a row it has no change of as it is.
 * The lock is the one the table's trigger takes for each INSERT; it is
 * waited for 20 s at most (anyone may take an advisory lock).
 *
 * Returns: %TRUE on success (also when behind)
 */
gboolean
attest_team_schema_push (PGconn     *conn,
                         gint64      head,
                         GPtrArray  *changes,
                         gboolean    keep_lock,
                         gint64     *out_head,
                         gboolean   *out_behind,
                         GError    **error)
{
  const char *doing = _("Could not send the changes to the team server");
  g_autoptr(PGresult) lock = NULL;
  g_autoptr(PGresult) top = NULL;
  gint64 now;

  *out_behind = FALSE;
  *out_head = head;
  if (!run_command (conn, "BEGIN", doing, error) ||
      !run_command (conn, "SET LOCAL lock_timeout = '20s'", doing, error))
    goto fail;
  lock = run (conn, "SELECT pg_catalog.pg_advisory_xact_lock (" LOCK_CLASS ", " LOCK_KEY_CHANGES ")",
              PGRES_TUPLES_OK, doing, error);
  if (lock == NULL || !(top = run (conn, "SELECT coalesce (max (seq), 0) FROM attest.changes",
                                   PGRES_TUPLES_OK, doing, error)))
    goto fail;
  now = g_ascii_strtoll (PQgetvalue (top, 0, 0), NULL, 10);
  if (now != head)
    {
      *out_behind = TRUE;
      *out_head = now;
      if (!keep_lock)
        rollback (conn);
      return TRUE;
    }
  return attest_team_schema_push_locked (conn, changes, out_head, error);

fail:
  rollback (conn);
  return FALSE;
}

/**
 * attest_team_schema_push_locked:
 * @conn: a connection in the transaction attest_team_schema_push() kept
 * @changes: (element-type AttestReplicaChange): what is sent, in order
 * @out_head: (out): the server's position after them
 * @error: return location for a #GError, or %NULL
 *
 * Writes @changes and commits; on failure, nothing is written.
 *
 * Returns: %TRUE on success
 */
gboolean
attest_team_schema_push_locked (PGconn     *conn,
                                GPtrArray  *changes,
                                gint64     *out_head,
                                GError    **error)
{
  const char *doing = _("Could not send the changes to the team server");
  g_autoptr(PGresult) prepared = NULL;
  g_autoptr(PGresult) top = NULL;

  prepared = PQprepare (conn, "", "INSERT INTO attest.changes (id, entity, entity_uuid, body)"
                        " VALUES ($1::uuid, $2, $3, $4::jsonb)", 4, NULL);
  if (PQresultStatus (prepared) != PGRES_COMMAND_OK)
    {
      set_server_error (error, conn, prepared, doing);
      goto fail;
    }
  for (guint i = 0; i < changes->len; i++)
    {
      AttestReplicaChange *c = g_ptr_array_index (changes, i);
      g_autofree char *id = g_uuid_string_random ();
      const char *values[] = { id, c->table, c->key, c->body };
      g_autoptr(PGresult) res = PQexecPrepared (conn, "", 4, values, NULL, NULL, 0);

      if (PQresultStatus (res) != PGRES_COMMAND_OK)
        {
          if (is_sqlstate (res, "42501"))
            g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_READ_ONLY,
                         _("The team server refused the changes: this user may not write in the team’s name"));
          else
            set_server_error (error, conn, res, doing);
          goto fail;
        }
    }
  if (!(top = run (conn, "SELECT coalesce (max (seq), 0) FROM attest.changes", PGRES_TUPLES_OK, doing, error)) ||
      !run_command (conn, "COMMIT", doing, error))
    goto fail;
  *out_head = g_ascii_strtoll (PQgetvalue (top, 0, 0), NULL, 10);
  return TRUE;

fail:
  rollback (conn);
  return FALSE;
}

/* Ends the transaction attest_team_schema_push() kept, writing nothing. */
void
attest_team_schema_push_abort (PGconn *conn)
{
  rollback (conn);
}
