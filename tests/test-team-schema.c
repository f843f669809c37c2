/* test-team-schema.c — the team server's schema against a real PostgreSQL
 * server (tests/attest-test-pg.c): created on an empty database and only
 * there, foreign and newer schemas refused and left as they were, the
 * server itself refusing a change in another member's name, a reader's
 * writes, rewrites of the log; NOTIFY after a commit; seq in commit order
 * under concurrent writers; and the fixture's own stop and restart. */
#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "attest-error.h"
#include "attest-team-schema.h"
#include "attest-test-pg.h"

static AttestTestPg *pg;

/* ------------------------------------------------------------- helpers */

static PGconn *
connect_as (const char *role)
{
  g_autoptr(GError) error = NULL;
  PGconn *conn = attest_test_pg_connect (pg, role, &error);

  g_assert_no_error (error);
  return conn;
}

/* Runs @sql with up to three text parameters, which must succeed. */
static PGresult *
ok (PGconn     *conn,
    const char *sql,
    ...)
{
  const char *params[3];
  int n = 0;
  va_list ap;
  PGresult *res;

  va_start (ap, sql);
  for (const char *p; n < 3 && (p = va_arg (ap, const char *)); )
    params[n++] = p;
  va_end (ap);

  res = PQexecParams (conn, sql, n, NULL, params, NULL, NULL, 0);
  if (PQresultStatus (res) != PGRES_COMMAND_OK && PQresultStatus (res) != PGRES_TUPLES_OK)
    g_error ("%s: %s", sql, PQerrorMessage (conn));
  return res;
}

/* The first value of @sql's result, rows joined by "," when there are
 * several (one column). */
static char *
value (PGconn     *conn,
       const char *sql)
{
  g_autoptr(PGresult) res = ok (conn, sql, NULL);
  g_autoptr(GString) out = g_string_new (NULL);

  for (int i = 0; i < PQntuples (res); i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      g_string_append (out, PQgetisnull (res, i, 0) ? "NULL" : PQgetvalue (res, i, 0));
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
assert_value (PGconn     *conn,
              const char *sql,
              const char *expected)
{
  g_autofree char *got = value (conn, sql);

  g_assert_cmpstr (got, ==, expected);
}

/* @sql must be refused by the server with @sqlstate and a message holding
 * @words. */
static void
assert_refused (PGconn     *conn,
                const char *sql,
                const char *sqlstate,
                const char *words)
{
  g_autoptr(PGresult) res = PQexec (conn, sql);

  g_assert_cmpint (PQresultStatus (res), ==, PGRES_FATAL_ERROR);
  g_assert_cmpstr (PQresultErrorField (res, PG_DIAG_SQLSTATE), ==, sqlstate);
  g_assert_nonnull (strstr (PQresultErrorField (res, PG_DIAG_MESSAGE_PRIMARY), words));
}

/* @sql changes @expected rows ("0" for none). */
static void
assert_affected (PGconn     *conn,
                 const char *sql,
                 const char *expected)
{
  g_autoptr(PGresult) res = ok (conn, sql, NULL);

  g_assert_cmpstr (PQcmdTuples (res), ==, expected);
}

#define INSERT_CHANGE \
  "INSERT INTO attest.changes (id, entity, entity_uuid, body) VALUES ($1, 'claims', $2, '{\"quote\": \"x\"}')"

static char *
push (PGconn     *conn,
      const char *id)
{
  g_autoptr(PGresult) res = ok (conn, INSERT_CHANGE " RETURNING seq", id, "c1", NULL);

  g_assert_cmpint (PQntuples (res), ==, 1);
  return g_strdup (PQgetvalue (res, 0, 0));
}

static char *
uuid (guint n)
{
  return g_strdup_printf ("00000000-0000-4000-8000-%012u", n);
}

/* What a database holds, as text to compare before and after a refusal:
 * the objects in schema attest, the rows of meta, the number of changes,
 * the team's roles. */
static char *
snapshot (void)
{
  g_autoptr(PGconn) conn = connect_as (ATTEST_TEST_PG_SUPERUSER);
  g_autofree char *objects = value (conn,
                                    "SELECT c.relname || ':' || c.relkind::text FROM pg_class c"
                                    "  JOIN pg_namespace n ON n.oid = c.relnamespace"
                                    " WHERE n.nspname = 'attest' ORDER BY 1");
  g_autofree char *has_meta = value (conn, "SELECT to_regclass ('attest.meta') IS NOT NULL");
  /* Whatever its columns are. */
  g_autofree char *meta = g_str_equal (has_meta, "t")
                          ? value (conn, "SELECT coalesce (string_agg (m::text, ';' ORDER BY m::text), '')"
                                         "  FROM attest.meta m")
                          : g_strdup ("none");
  g_autofree char *roles = value (conn,
                                  "SELECT count(*) FROM pg_roles WHERE rolname IN ('attest_member', 'attest_reader')");

  return g_strdup_printf ("objects %s\nmeta %s\nroles %s", objects, meta, roles);
}

/* A team as the README sets it up: `lead` owns the database and may make
 * roles, and creates the schema; ana and bob are members (registered as
 * "Ana" and "Bob"), rita follows as a reader. */
static void
make_team (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PGconn) lead = NULL;
  g_autoptr(PGconn) ana = NULL;
  g_autoptr(PGconn) bob = NULL;
  g_autofree char *admin_sql = NULL;

  attest_test_pg_super (pg, "CREATE ROLE lead LOGIN CREATEROLE; ALTER DATABASE attest OWNER TO lead");
  lead = connect_as ("lead");
  g_assert_true (attest_team_schema_create (lead, &admin_sql, &error));
  g_assert_no_error (error);
  g_assert_null (admin_sql);

  attest_test_pg_super (pg, "CREATE ROLE ana LOGIN; GRANT attest_member TO ana;"
                        "CREATE ROLE bob LOGIN; GRANT attest_member TO bob;"
                        "CREATE ROLE rita LOGIN; GRANT attest_reader TO rita");
  ana = connect_as ("ana");
  g_clear_pointer (&admin_sql, g_free);
  assert_affected (ana, "INSERT INTO attest.members (annotator) VALUES ('Ana')", "1");
  bob = connect_as ("bob");
  assert_affected (bob, "INSERT INTO attest.members (annotator) VALUES ('Bob')", "1");
}

/* Each test starts from an empty database `attest` and no roles, the
 * server running. */
static void
setup (gpointer      fixture,
       gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  if (!attest_test_pg_is_running (pg))
    attest_test_pg_restart (pg, &error);
  g_assert_no_error (error);
  attest_test_pg_reset (pg, &error);
  g_assert_no_error (error);
}

static void
teardown (gpointer      fixture,
          gconstpointer data)
{
}

/* ------------------------------------------------------------- creating */

static void
test_create_empty (gpointer      fixture,
                   gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PGconn) lead = NULL;
  g_autoptr(PGconn) ana = NULL;
  g_autofree char *admin_sql = NULL;
  int version = -1;

  attest_test_pg_super (pg, "CREATE ROLE lead LOGIN CREATEROLE; ALTER DATABASE attest OWNER TO lead");
  lead = connect_as ("lead");

  g_assert_true (attest_team_schema_check (lead, &version, &error));
  g_assert_no_error (error);
  g_assert_cmpint (version, ==, 0);

  g_assert_true (attest_team_schema_create (lead, &admin_sql, &error));
  g_assert_no_error (error);
  g_assert_null (admin_sql);
  g_assert_cmpint (PQtransactionStatus (lead), ==, PQTRANS_IDLE);

  g_assert_true (attest_team_schema_check (lead, &version, &error));
  g_assert_no_error (error);
  g_assert_cmpint (version, ==, 1);

  assert_value (lead, "SELECT key || '=' || value FROM attest.meta ORDER BY key", "schema_version=1");
  assert_value (lead,
                "SELECT c.relname || ':' || c.relrowsecurity || c.relforcerowsecurity FROM pg_class c"
                "  JOIN pg_namespace n ON n.oid = c.relnamespace"
                " WHERE n.nspname = 'attest' AND c.relkind = 'r' ORDER BY 1",
                "changes:truetrue,members:truetrue,meta:falsefalse");
  assert_value (lead, "SELECT nspowner::regrole::text FROM pg_namespace WHERE nspname = 'attest'", "lead");
  assert_value (lead,
                "SELECT rolname || ':' || rolcanlogin FROM pg_roles"
                " WHERE rolname IN ('attest_member', 'attest_reader') ORDER BY 1",
                "attest_member:false,attest_reader:false");
  assert_value (lead,
                "SELECT grantee || ':' || table_name || ':' || privilege_type"
                "  FROM information_schema.role_table_grants"
                " WHERE table_schema = 'attest' AND grantee LIKE 'attest\\_%' ORDER BY 1",
                "attest_member:changes:INSERT,attest_member:changes:SELECT,"
                "attest_member:members:INSERT,attest_member:members:SELECT,attest_member:meta:SELECT,"
                "attest_reader:changes:SELECT,attest_reader:members:SELECT,attest_reader:meta:SELECT");
  assert_value (lead, "SELECT tgname FROM pg_trigger WHERE tgrelid = 'attest.changes'::regclass ORDER BY 1",
                "changes_notify,changes_serialize");

  /* A member sees the same. */
  attest_test_pg_super (pg, "CREATE ROLE ana LOGIN; GRANT attest_member TO ana");
  ana = connect_as ("ana");
  version = -1;
  g_assert_true (attest_team_schema_check (ana, &version, &error));
  g_assert_no_error (error);
  g_assert_cmpint (version, ==, 1);
}

/* Creating again is harmless: the same objects, the log kept. */
static void
test_create_twice (gpointer      fixture,
                   gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PGconn) lead = NULL;
  g_autoptr(PGconn) ana = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *admin_sql = NULL;
  g_autofree char *id = uuid (1);
  g_autofree char *seq = NULL;

  make_team ();
  ana = connect_as ("ana");
  seq = push (ana, id);
  g_assert_cmpstr (seq, ==, "1");
  before = snapshot ();

  lead = connect_as ("lead");
  g_assert_true (attest_team_schema_create (lead, &admin_sql, &error));
  g_assert_no_error (error);
  g_assert_null (admin_sql);
  after = snapshot ();
  g_assert_cmpstr (after, ==, before);
  assert_value (ana, "SELECT seq || ':' || id || ':' || member FROM attest.changes",
                "1:00000000-0000-4000-8000-000000000001:ana");

  /* Not inside a transaction of the caller's. */
  g_clear_pointer (&before, g_free);
  before = snapshot ();
  g_clear_pointer (&after, g_free);
  PQclear (ok (lead, "BEGIN", NULL));
  g_assert_false (attest_team_schema_create (lead, NULL, &error));
  g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID);
  PQclear (ok (lead, "ROLLBACK", NULL));
  after = snapshot ();
  g_assert_cmpstr (after, ==, before);
}

typedef struct {
  char    *conninfo;
  gboolean created;
  char    *message;
} Creator;

static gpointer
create_thread (gpointer data)
{
  Creator *c = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(PGconn) conn = PQconnectdb (c->conninfo);

  g_assert_cmpint (PQstatus (conn), ==, CONNECTION_OK);
  c->created = attest_team_schema_create (conn, NULL, &error);
  c->message = error ? g_strdup (error->message) : NULL;
  return NULL;
}

/* Two first members at once: both succeed, one schema. */
static void
test_create_concurrent (gpointer      fixture,
                        gconstpointer data)
{
  Creator creators[2] = { { NULL, }, };
  GThread *threads[2];
  g_autoptr(PGconn) conn = NULL;

  attest_test_pg_super (pg, "CREATE ROLE lead LOGIN CREATEROLE; ALTER DATABASE attest OWNER TO lead");
  for (guint i = 0; i < 2; i++)
    {
      creators[i].conninfo = attest_test_pg_conninfo (pg, "lead");
      threads[i] = g_thread_new ("creator", create_thread, &creators[i]);
    }
  for (guint i = 0; i < 2; i++)
    {
      g_thread_join (threads[i]);
      g_assert_cmpstr (creators[i].message, ==, NULL);
      g_assert_true (creators[i].created);
      g_free (creators[i].conninfo);
    }

  conn = connect_as ("lead");
  assert_value (conn, "SELECT key || '=' || value FROM attest.meta", "schema_version=1");
  assert_value (conn, "SELECT count(*) FROM pg_trigger WHERE tgrelid = 'attest.changes'::regclass", "2");
}

/* A schema `attest` of another program: refused by check and create, left
 * exactly as it was. */
static void
test_foreign (gpointer      fixture,
              gconstpointer data)
{
  static const char * const foreign[] = {
    /* Anything in it but a table meta. */
    "CREATE SCHEMA attest AUTHORIZATION lead; CREATE TABLE attest.stuff (x int); ALTER TABLE attest.stuff OWNER TO lead;"
    "INSERT INTO attest.stuff VALUES (7)",
    /* A table meta of other columns. */
    "CREATE SCHEMA attest AUTHORIZATION lead; CREATE TABLE attest.meta (k text, v text); ALTER TABLE attest.meta OWNER TO lead",
    /* Our columns, no version. */
    "CREATE SCHEMA attest AUTHORIZATION lead; CREATE TABLE attest.meta (key text, value text);"
    "ALTER TABLE attest.meta OWNER TO lead; INSERT INTO attest.meta VALUES ('colour', 'blue')",
    /* A version that is no number. */
    "CREATE SCHEMA attest AUTHORIZATION lead; CREATE TABLE attest.meta (key text, value text);"
    "ALTER TABLE attest.meta OWNER TO lead; INSERT INTO attest.meta VALUES ('schema_version', 'one')",
  };
  static const char * const expected[] = {
    "objects stuff:r\nmeta none\nroles 0",
    "objects meta:r\nmeta \nroles 0",
    "objects meta:r\nmeta (colour,blue)\nroles 0",
    "objects meta:r\nmeta (schema_version,one)\nroles 0",
  };

  for (guint i = 0; i < G_N_ELEMENTS (foreign); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(PGconn) lead = NULL;
      g_autofree char *before = NULL;
      g_autofree char *after = NULL;
      g_autofree char *admin_sql = NULL;
      int version = -1;

      if (i > 0)
        setup (NULL, NULL);
      attest_test_pg_super (pg, "CREATE ROLE lead LOGIN CREATEROLE; ALTER DATABASE attest OWNER TO lead");
      attest_test_pg_super (pg, foreign[i]);
      before = snapshot ();
      g_assert_cmpstr (before, ==, expected[i]);

      lead = connect_as ("lead");
      g_assert_false (attest_team_schema_check (lead, &version, &error));
      g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_NOT_OURS);
      g_assert_nonnull (strstr (error->message, "another program"));
      g_assert_cmpint (version, ==, 0);
      g_clear_error (&error);

      g_assert_false (attest_team_schema_create (lead, &admin_sql, &error));
      g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_NOT_OURS);
      g_assert_null (admin_sql);
      g_assert_cmpint (PQtransactionStatus (lead), ==, PQTRANS_IDLE);
      after = snapshot ();
      g_assert_cmpstr (after, ==, before);
    }
}

/* A schema of a newer Attest: refused with its version, left as it was. */
static void
test_newer (gpointer      fixture,
            gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PGconn) lead = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  int version = -1;

  make_team ();
  attest_test_pg_super (pg, "UPDATE attest.meta SET value = '2' WHERE key = 'schema_version';"
                        "CREATE TABLE attest.future (x int)");
  before = snapshot ();
  g_assert_cmpstr (before, ==,
                   "objects changes:r,changes_id_key:i,changes_pkey:i,changes_seq_seq:S,future:r,"
                   "members:r,members_annotator_key:i,members_pkey:i,meta:r,meta_pkey:i\n"
                   "meta (schema_version,2)\nroles 2");

  lead = connect_as ("lead");
  g_assert_false (attest_team_schema_check (lead, &version, &error));
  g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_NEWER_SCHEMA);
  g_assert_nonnull (strstr (error->message, "newer version of Attest (schema 2; this one reads up to 1)"));
  g_assert_cmpint (version, ==, 2);
  g_clear_error (&error);

  g_assert_false (attest_team_schema_create (lead, NULL, &error));
  g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_NEWER_SCHEMA);
  after = snapshot ();
  g_assert_cmpstr (after, ==, before);
}

/* A creator without CREATEROLE: the schema is made, the roles are not, and
 * the statements returned for an administrator make the team work. */
static void
test_without_createrole (gpointer      fixture,
                         gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PGconn) plain = NULL;
  g_autoptr(PGconn) ana = NULL;
  g_autofree char *admin_sql = NULL;
  g_autofree char *seq = NULL;
  g_autofree char *id1 = uuid (1);
  g_autofree char *id2 = uuid (2);
  int version = -1;

  attest_test_pg_super (pg, "CREATE ROLE plain LOGIN; ALTER DATABASE attest OWNER TO plain");
  plain = connect_as ("plain");
  g_assert_true (attest_team_schema_create (plain, &admin_sql, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (admin_sql, ==, attest_team_schema_roles_sql ());
  g_assert_cmpstr (admin_sql, ==,
                   "CREATE ROLE attest_member NOLOGIN;\n"
                   "CREATE ROLE attest_reader NOLOGIN;\n"
                   "GRANT USAGE ON SCHEMA attest TO attest_member;\n"
                   "GRANT SELECT ON attest.meta, attest.members, attest.changes TO attest_member;\n"
                   "GRANT INSERT ON attest.members, attest.changes TO attest_member;\n"
                   "GRANT USAGE ON SCHEMA attest TO attest_reader;\n"
                   "GRANT SELECT ON attest.meta, attest.members, attest.changes TO attest_reader;\n");
  g_assert_true (attest_team_schema_check (plain, &version, &error));
  g_assert_cmpint (version, ==, 1);
  assert_value (plain, "SELECT count(*) FROM pg_roles WHERE rolname IN ('attest_member', 'attest_reader')", "0");

  /* The creator works alone meanwhile, under the same rules. */
  assert_affected (plain, "INSERT INTO attest.members (annotator) VALUES ('Plain')", "1");
  seq = push (plain, id1);
  g_assert_cmpstr (seq, ==, "1");
  assert_refused (plain, "INSERT INTO attest.changes (id, member, entity, entity_uuid, body)"
                  " VALUES (gen_random_uuid (), 'ana', 'claims', 'c', '{}')",
                  "42501", "row-level security");

  /* The administrator runs what was returned; then members can join. */
  attest_test_pg_super (pg, admin_sql);
  attest_test_pg_super (pg, "CREATE ROLE ana LOGIN; GRANT attest_member TO ana");
  ana = connect_as ("ana");
  assert_affected (ana, "INSERT INTO attest.members (annotator) VALUES ('Ana')", "1");
  g_clear_pointer (&seq, g_free);
  seq = push (ana, id2);
  /* 2 was drawn by the refused insert. */
  g_assert_cmpstr (seq, ==, "3");
}

/* The roles made by an administrator beforehand: a creator without
 * CREATEROLE grants them their rights, and nothing is left to do. */
static void
test_roles_beforehand (gpointer      fixture,
                       gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PGconn) plain = NULL;
  g_autoptr(PGconn) ana = NULL;
  g_autoptr(PGconn) rita = NULL;
  g_autofree char *admin_sql = NULL;
  g_autofree char *id = uuid (1);
  g_autofree char *seq = NULL;

  attest_test_pg_super (pg, "CREATE ROLE attest_member NOLOGIN; CREATE ROLE attest_reader NOLOGIN;"
                        "CREATE ROLE plain LOGIN; ALTER DATABASE attest OWNER TO plain;"
                        "CREATE ROLE ana LOGIN; GRANT attest_member TO ana;"
                        "CREATE ROLE rita LOGIN; GRANT attest_reader TO rita");
  plain = connect_as ("plain");
  g_assert_true (attest_team_schema_create (plain, &admin_sql, &error));
  g_assert_no_error (error);
  g_assert_null (admin_sql);

  ana = connect_as ("ana");
  assert_affected (ana, "INSERT INTO attest.members (annotator) VALUES ('Ana')", "1");
  seq = push (ana, id);
  g_assert_cmpstr (seq, ==, "1");
  rita = connect_as ("rita");
  assert_value (rita, "SELECT member FROM attest.changes", "ana");
  assert_refused (rita, "INSERT INTO attest.members (annotator) VALUES ('Rita')",
                  "42501", "permission denied for table members");
}

/* An empty schema `attest` an administrator made for the creator, who may
 * not create schemas in the database: taken as it is. */
static void
test_schema_beforehand (gpointer      fixture,
                        gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PGconn) lead = NULL;
  g_autoptr(PGconn) ana = NULL;
  g_autofree char *admin_sql = NULL;
  g_autofree char *id = uuid (1);
  g_autofree char *seq = NULL;
  int version = -1;

  attest_test_pg_super (pg, "CREATE ROLE lead LOGIN CREATEROLE; CREATE SCHEMA attest AUTHORIZATION lead");
  lead = connect_as ("lead");
  assert_refused (lead, "CREATE SCHEMA elsewhere", "42501", "permission denied for database attest");
  g_assert_true (attest_team_schema_check (lead, &version, &error));
  g_assert_cmpint (version, ==, 0);
  g_assert_true (attest_team_schema_create (lead, &admin_sql, &error));
  g_assert_no_error (error);
  g_assert_null (admin_sql);
  g_assert_true (attest_team_schema_check (lead, &version, &error));
  g_assert_cmpint (version, ==, 1);

  attest_test_pg_super (pg, "CREATE ROLE ana LOGIN; GRANT attest_member TO ana");
  ana = connect_as ("ana");
  assert_affected (ana, "INSERT INTO attest.members (annotator) VALUES ('Ana')", "1");
  seq = push (ana, id);
  g_assert_cmpstr (seq, ==, "1");
}

/* A role nobody granted anything: told what to ask for. */
static void
test_no_access (gpointer      fixture,
                gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PGconn) eve = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  int version = -1;

  make_team ();
  attest_test_pg_super (pg, "CREATE ROLE eve LOGIN");
  eve = connect_as ("eve");
  before = snapshot ();
  g_assert_false (attest_team_schema_check (eve, &version, &error));
  g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_FAILED);
  g_assert_cmpstr (error->message, ==,
                   "This user may not read the team’s work on the server; an administrator must grant it "
                   "the role “attest_member” (or “attest_reader” to follow the team without changing anything)");
  g_clear_error (&error);

  g_assert_false (attest_team_schema_create (eve, NULL, &error));
  g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_FAILED);
  after = snapshot ();
  g_assert_cmpstr (after, ==, before);
}

/* No CREATE on the database at all: the server's refusal, in its words. */
static void
test_no_create (gpointer      fixture,
                gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PGconn) eve = NULL;
  g_autofree char *before = snapshot ();
  g_autofree char *after = NULL;

  attest_test_pg_super (pg, "CREATE ROLE eve LOGIN CREATEROLE");
  eve = connect_as ("eve");
  g_assert_false (attest_team_schema_create (eve, NULL, &error));
  g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_FAILED);
  g_assert_cmpstr (error->message, ==,
                   "Could not create the team’s tables on the server: permission denied for database attest");
  g_assert_cmpint (PQtransactionStatus (eve), ==, PQTRANS_IDLE);
  after = snapshot ();
  g_assert_cmpstr (after, ==, before);
}

/* ------------------------------------------------------------- security */

static void
test_own_name (gpointer      fixture,
               gconstpointer data)
{
  g_autoptr(PGconn) ana = NULL;
  g_autoptr(PGresult) res = NULL;
  g_autofree char *id1 = uuid (1);
  g_autofree char *id2 = uuid (2);

  make_team ();
  ana = connect_as ("ana");
  res = ok (ana, INSERT_CHANGE " RETURNING seq, member, entity, body->>'quote'", id1, "c1", NULL);
  g_assert_cmpint (PQntuples (res), ==, 1);
  g_assert_cmpstr (PQgetvalue (res, 0, 0), ==, "1");
  g_assert_cmpstr (PQgetvalue (res, 0, 1), ==, "ana");
  g_assert_cmpstr (PQgetvalue (res, 0, 2), ==, "claims");
  g_assert_cmpstr (PQgetvalue (res, 0, 3), ==, "x");
  g_clear_pointer (&res, PQclear);

  /* Her own name spelled out is the same. */
  res = ok (ana, "INSERT INTO attest.changes (id, member, entity, entity_uuid, body)"
                 " VALUES ($1, 'ana', 'categories', 'k', '{}') RETURNING seq", id2, NULL);
  g_assert_cmpstr (PQgetvalue (res, 0, 0), ==, "2");
  assert_value (ana, "SELECT role || '=' || annotator FROM attest.members ORDER BY 1", "ana=Ana,bob=Bob");

  /* The log's own checks (no seq of the client's choosing: the message is
   * worded differently before PostgreSQL 14, the state is the same). */
  assert_refused (ana, "INSERT INTO attest.changes (id, entity, entity_uuid, body)"
                  " VALUES (gen_random_uuid (), 'spell', 'c', '{}')",
                  "23514", "violates check constraint");
  assert_refused (ana, "INSERT INTO attest.changes (seq, id, entity, entity_uuid, body)"
                  " VALUES (100, gen_random_uuid (), 'claims', 'c', '{}')",
                  "428C9", "column \"seq\"");
  assert_value (ana, "SELECT string_agg (seq::text, ',' ORDER BY seq) FROM attest.changes", "1,2");
}

static void
test_other_name (gpointer      fixture,
                 gconstpointer data)
{
  g_autoptr(PGconn) ana = NULL;
  g_autoptr(PGconn) carl = NULL;

  make_team ();
  ana = connect_as ("ana");

  /* In bob's name. */
  assert_refused (ana, "INSERT INTO attest.changes (id, member, entity, entity_uuid, body)"
                  " VALUES (gen_random_uuid (), 'bob', 'claims', 'c', '{}')",
                  "42501", "new row violates row-level security policy for table \"changes\"");
  /* In a name of nobody. */
  assert_refused (ana, "INSERT INTO attest.changes (id, member, entity, entity_uuid, body)"
                  " VALUES (gen_random_uuid (), 'zed', 'claims', 'c', '{}')",
                  "42501", "row-level security");
  /* Registering someone else, or a second name for herself. */
  assert_refused (ana, "INSERT INTO attest.members (role, annotator) VALUES ('carl', 'Carl')",
                  "42501", "new row violates row-level security policy for table \"members\"");
  assert_refused (ana, "INSERT INTO attest.members (annotator) VALUES ('Ana Again')",
                  "23505", "duplicate key");
  /* A group role as a second identity. */
  PQclear (ok (ana, "SET ROLE attest_member", NULL));
  assert_refused (ana, "INSERT INTO attest.members (annotator) VALUES ('Group')",
                  "42501", "row-level security");
  assert_refused (ana, "INSERT INTO attest.changes (id, entity, entity_uuid, body)"
                  " VALUES (gen_random_uuid (), 'claims', 'c', '{}')",
                  "42501", "row-level security");
  PQclear (ok (ana, "RESET ROLE", NULL));

  /* A member not registered yet writes nothing; another's annotator name is
   * taken. */
  attest_test_pg_super (pg, "CREATE ROLE carl LOGIN; GRANT attest_member TO carl");
  carl = connect_as ("carl");
  assert_refused (carl, "INSERT INTO attest.changes (id, entity, entity_uuid, body)"
                  " VALUES (gen_random_uuid (), 'claims', 'c', '{}')",
                  "42501", "row-level security");
  assert_refused (carl, "INSERT INTO attest.members (annotator) VALUES ('Ana')",
                  "23505", "duplicate key");
  assert_affected (carl, "INSERT INTO attest.members (annotator) VALUES ('Carl')", "1");

  assert_value (ana, "SELECT count(*) FROM attest.changes", "0");
  assert_value (ana, "SELECT string_agg (role || '=' || annotator, ',' ORDER BY role) FROM attest.members",
                "ana=Ana,bob=Bob,carl=Carl");
}

static void
test_reader (gpointer      fixture,
             gconstpointer data)
{
  g_autoptr(PGconn) ana = NULL;
  g_autoptr(PGconn) rita = NULL;
  g_autofree char *id1 = uuid (1);
  g_autofree char *id2 = uuid (2);
  g_autofree char *seq1 = NULL;
  g_autofree char *seq2 = NULL;
  int version = -1;
  g_autoptr(GError) error = NULL;

  make_team ();
  ana = connect_as ("ana");
  seq1 = push (ana, id1);
  seq2 = push (ana, id2);

  rita = connect_as ("rita");
  g_assert_true (attest_team_schema_check (rita, &version, &error));
  g_assert_cmpint (version, ==, 1);
  assert_value (rita, "SELECT string_agg (seq || ':' || member, ',' ORDER BY seq) FROM attest.changes",
                "1:ana,2:ana");
  assert_value (rita, "SELECT string_agg (annotator, ',' ORDER BY annotator) FROM attest.members", "Ana,Bob");
  assert_refused (rita, "INSERT INTO attest.changes (id, entity, entity_uuid, body)"
                  " VALUES (gen_random_uuid (), 'claims', 'c', '{}')",
                  "42501", "permission denied for table changes");
  assert_refused (rita, "INSERT INTO attest.members (annotator) VALUES ('Rita')",
                  "42501", "permission denied for table members");
  assert_refused (rita, "UPDATE attest.changes SET body = '{}'", "42501", "permission denied for table changes");
  assert_refused (rita, "DELETE FROM attest.changes", "42501", "permission denied for table changes");
  assert_refused (rita, "UPDATE attest.meta SET value = '9'", "42501", "permission denied for table meta");
  assert_value (rita, "SELECT count(*) FROM attest.changes", "2");
}

/* A change pushed again (same id) adds nothing. */
static void
test_repush (gpointer      fixture,
             gconstpointer data)
{
  g_autoptr(PGconn) ana = NULL;
  g_autoptr(PGconn) bob = NULL;
  g_autoptr(PGresult) res = NULL;
  g_autofree char *id = uuid (1);
  g_autofree char *id2 = uuid (2);
  g_autofree char *seq = NULL;

  make_team ();
  ana = connect_as ("ana");
  bob = connect_as ("bob");
  seq = push (ana, id);
  g_assert_cmpstr (seq, ==, "1");

  res = ok (ana, INSERT_CHANGE " ON CONFLICT (id) DO NOTHING RETURNING seq", id, "c1", NULL);
  g_assert_cmpint (PQntuples (res), ==, 0);
  g_assert_cmpstr (PQcmdTuples (res), ==, "0");
  g_clear_pointer (&res, PQclear);
  /* Whoever pushes it. */
  res = ok (bob, INSERT_CHANGE " ON CONFLICT (id) DO NOTHING RETURNING seq", id, "c1", NULL);
  g_assert_cmpstr (PQcmdTuples (res), ==, "0");
  g_clear_pointer (&res, PQclear);
  /* Without ON CONFLICT it is an error, not a second row. */
  res = PQexecParams (ana, INSERT_CHANGE, 2, NULL, (const char *[]) { id, "c1" }, NULL, NULL, 0);
  g_assert_cmpstr (PQresultErrorField (res, PG_DIAG_SQLSTATE), ==, "23505");
  g_clear_pointer (&res, PQclear);

  /* A new one after the repeats: the repeats drew numbers, so seq has gaps,
   * but stays increasing. */
  res = ok (ana, INSERT_CHANGE " ON CONFLICT (id) DO NOTHING RETURNING seq", id2, "c2", NULL);
  g_assert_cmpstr (PQcmdTuples (res), ==, "1");
  g_assert_cmpint (g_ascii_strtoll (PQgetvalue (res, 0, 0), NULL, 10), >, 1);
  assert_value (ana, "SELECT string_agg (id::text || '@' || member, ',' ORDER BY seq) FROM attest.changes",
                "00000000-0000-4000-8000-000000000001@ana,00000000-0000-4000-8000-000000000002@ana");
}

/* Nobody rewrites the log: members may not, and the owner, bound by the
 * forced row-level security with no policy for it, changes no row. */
static void
test_append_only (gpointer      fixture,
                  gconstpointer data)
{
  g_autoptr(PGconn) ana = NULL;
  g_autoptr(PGconn) lead = NULL;
  g_autofree char *id = uuid (1);
  g_autofree char *seq = NULL;

  make_team ();
  ana = connect_as ("ana");
  seq = push (ana, id);

  assert_refused (ana, "UPDATE attest.changes SET body = '{\"quote\": \"forged\"}'",
                  "42501", "permission denied for table changes");
  assert_refused (ana, "DELETE FROM attest.changes", "42501", "permission denied for table changes");
  assert_refused (ana, "UPDATE attest.members SET annotator = 'Bob2' WHERE role = 'bob'",
                  "42501", "permission denied for table members");
  assert_refused (ana, "DELETE FROM attest.members", "42501", "permission denied for table members");
  assert_refused (ana, "TRUNCATE attest.changes", "42501", "permission denied for table changes");

  lead = connect_as ("lead");
  assert_affected (lead, "UPDATE attest.changes SET body = '{\"quote\": \"forged\"}'", "0");
  assert_affected (lead, "DELETE FROM attest.changes", "0");
  assert_affected (lead, "DELETE FROM attest.members", "0");

  assert_value (ana, "SELECT seq || ':' || member || ':' || (body->>'quote') FROM attest.changes", "1:ana:x");
  assert_value (ana, "SELECT count(*) FROM attest.members", "2");
}

/* ---------------------------------------------------------------- NOTIFY */

/* The next notification on @conn, waiting up to 10 s for it. */
static PGnotify *
next_notify (PGconn *conn)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  for (;;)
    {
      PGnotify *n;
      GPollFD fd = { PQsocket (conn), G_IO_IN, 0 };
      gint64 left;

      g_assert_cmpint (PQconsumeInput (conn), ==, 1);
      if ((n = PQnotifies (conn)))
        return n;
      left = deadline - g_get_monotonic_time ();
      if (left <= 0)
        return NULL;
      g_poll (&fd, 1, (int) (left / 1000) + 1);
    }
}

static void
test_notify (gpointer      fixture,
             gconstpointer data)
{
  g_autoptr(PGconn) ana = NULL;
  g_autoptr(PGconn) rita = NULL;
  g_autofree char *id1 = uuid (1);
  g_autofree char *id2 = uuid (2);
  g_autofree char *id3 = uuid (3);
  g_autofree char *seq = NULL;
  PGnotify *n;

  make_team ();
  rita = connect_as ("rita");
  PQclear (ok (rita, "LISTEN " ATTEST_TEAM_CHANNEL, NULL));
  ana = connect_as ("ana");

  seq = push (ana, id1);
  n = next_notify (rita);
  g_assert_nonnull (n);
  g_assert_cmpstr (n->relname, ==, "attest_changes");
  g_assert_cmpstr (n->extra, ==, "1");
  g_assert_cmpint (n->be_pid, ==, PQbackendPID (ana));
  PQfreemem (n);

  /* A re-push inserts nothing and wakes nobody; a statement of two rows
   * notifies once with the higher seq, and only at its commit. */
  PQclear (ok (ana, INSERT_CHANGE " ON CONFLICT (id) DO NOTHING", id1, "c1", NULL));
  PQclear (ok (ana, "BEGIN", NULL));
  PQclear (ok (ana, "INSERT INTO attest.changes (id, entity, entity_uuid, body)"
                    " VALUES ($1, 'claims', 'a', '{}'), ($2, 'claims', 'b', '{}')", id2, id3, NULL));
  g_assert_cmpint (PQconsumeInput (rita), ==, 1);
  g_assert_null (PQnotifies (rita));
  PQclear (ok (ana, "COMMIT", NULL));
  n = next_notify (rita);
  g_assert_nonnull (n);
  /* seq 2 went to the re-push's drawn number. */
  g_assert_cmpstr (n->extra, ==, "4");
  PQfreemem (n);
  assert_value (rita, "SELECT string_agg (seq::text, ',' ORDER BY seq) FROM attest.changes", "1,3,4");
}

/* ------------------------------------------------------------ seq order */

/* Whether @conn's backend waits for the change log's advisory lock, as seen
 * from @watch; polled up to 10 s. */
static gboolean
waits_for_lock (PGconn *watch,
                PGconn *conn)
{
  g_autofree char *pid = g_strdup_printf ("%d", PQbackendPID (conn));
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  do
    {
      g_autoptr(PGresult) res = ok (watch,
                                    "SELECT 1 FROM pg_stat_activity a JOIN pg_locks l ON l.pid = a.pid"
                                    " WHERE a.pid = $1::int AND a.wait_event_type = 'Lock'"
                                    "   AND a.wait_event = 'advisory' AND NOT l.granted"
                                    "   AND l.locktype = 'advisory' AND l.objid = 2",
                                    pid, NULL);
      if (PQntuples (res) == 1)
        return TRUE;
      g_usleep (5 * 1000);
    }
  while (g_get_monotonic_time () < deadline);
  return FALSE;
}

/* The INSERT sent on @conn returns its seq. */
static char *
finish_push (PGconn *conn)
{
  g_autoptr(PGresult) res = PQgetResult (conn);
  g_autoptr(PGresult) end = NULL;
  char *seq;

  g_assert_cmpint (PQresultStatus (res), ==, PGRES_TUPLES_OK);
  seq = g_strdup (PQgetvalue (res, 0, 0));
  end = PQgetResult (conn);
  g_assert_null (end);
  return seq;
}

static void
test_commit_order (gpointer      fixture,
                   gconstpointer data)
{
  g_autoptr(PGconn) ana = NULL;
  g_autoptr(PGconn) bob = NULL;
  g_autoptr(PGconn) rita = NULL;
  g_autoptr(PGconn) watch = NULL;
  g_autofree char *id1 = uuid (1);
  g_autofree char *id2 = uuid (2);
  g_autofree char *id3 = uuid (3);
  g_autofree char *id4 = uuid (4);
  g_autofree char *seq1 = NULL;
  g_autofree char *seq2 = NULL;
  g_autofree char *seq3 = NULL;
  g_autofree char *seq4 = NULL;

  make_team ();
  ana = connect_as ("ana");
  bob = connect_as ("bob");
  rita = connect_as ("rita");
  watch = connect_as (ATTEST_TEST_PG_SUPERUSER);

  /* Ana inserts in a transaction; Bob's insert waits for her commit rather
   * than drawing a number hers could commit after. */
  PQclear (ok (ana, "BEGIN", NULL));
  PQclear (ok (bob, "BEGIN", NULL));
  seq1 = push (ana, id1);
  g_assert_cmpstr (seq1, ==, "1");
  g_assert_cmpint (PQsendQueryParams (bob, INSERT_CHANGE " RETURNING seq", 2, NULL,
                                      (const char *[]) { id2, "c2" }, NULL, NULL, 0), ==, 1);
  g_assert_true (waits_for_lock (watch, bob));
  g_assert_cmpint (PQconsumeInput (bob), ==, 1);
  g_assert_cmpint (PQisBusy (bob), ==, 1);
  assert_value (rita, "SELECT count(*) FROM attest.changes", "0");

  PQclear (ok (ana, "COMMIT", NULL));
  seq2 = finish_push (bob);
  g_assert_cmpstr (seq2, ==, "2");
  assert_value (rita, "SELECT string_agg (seq::text, ',' ORDER BY seq) FROM attest.changes", "1");
  PQclear (ok (bob, "COMMIT", NULL));
  assert_value (rita, "SELECT string_agg (seq || ':' || member, ',' ORDER BY seq) FROM attest.changes",
                "1:ana,2:bob");

  /* A writer that rolls back leaves a gap the waiting one does not fill:
   * the reader never sees a lower seq appear later. */
  PQclear (ok (ana, "BEGIN", NULL));
  seq3 = push (ana, id3);
  g_assert_cmpstr (seq3, ==, "3");
  g_assert_cmpint (PQsendQueryParams (bob, INSERT_CHANGE " RETURNING seq", 2, NULL,
                                      (const char *[]) { id4, "c4" }, NULL, NULL, 0), ==, 1);
  g_assert_true (waits_for_lock (watch, bob));
  PQclear (ok (ana, "ROLLBACK", NULL));
  seq4 = finish_push (bob);
  g_assert_cmpstr (seq4, ==, "4");
  assert_value (rita, "SELECT string_agg (seq || ':' || member, ',' ORDER BY seq) FROM attest.changes",
                "1:ana,2:bob,4:bob");
}

#define WRITERS      4
#define TRANSACTIONS 25

typedef struct {
  char   *conninfo;
  guint   writer;
  gint   *done;
} Writer;

/* Transactions of 1 to 3 changes, holding on a moment before the commit so
 * that commits and inserts of the writers interleave. */
static gpointer
writer_thread (gpointer data)
{
  Writer *w = data;
  g_autoptr(PGconn) conn = PQconnectdb (w->conninfo);
  GRand *rand = g_rand_new_with_seed (w->writer);

  g_assert_cmpint (PQstatus (conn), ==, CONNECTION_OK);
  for (guint t = 0; t < TRANSACTIONS; t++)
    {
      guint rows = g_rand_int_range (rand, 1, 4);

      PQclear (ok (conn, "BEGIN", NULL));
      for (guint r = 0; r < rows; r++)
        PQclear (ok (conn, "INSERT INTO attest.changes (id, entity, entity_uuid, body)"
                           " VALUES (gen_random_uuid (), 'claims', 'c', '{}')", NULL));
      PQclear (ok (conn, "SELECT pg_sleep (random () * 0.004)", NULL));
      PQclear (ok (conn, "COMMIT", NULL));
    }
  g_rand_free (rand);
  g_atomic_int_inc (w->done);
  return NULL;
}

/* Writers at once, and a reader that asks only for "seq > the highest it
 * has seen", as a client pulling the log does: it must end up with every
 * row. */
static void
test_commit_order_concurrent (gpointer      fixture,
                              gconstpointer data)
{
  Writer writers[WRITERS];
  GThread *threads[WRITERS];
  g_autoptr(PGconn) rita = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GArray) seqs = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *total = NULL;
  gint64 last = 0;
  gint done = 0;
  gboolean finished;

  make_team ();
  rita = connect_as ("rita");
  for (guint i = 0; i < WRITERS; i++)
    {
      writers[i].conninfo = attest_test_pg_conninfo (pg, i % 2 ? "bob" : "ana");
      writers[i].writer = i + 1;
      writers[i].done = &done;
      threads[i] = g_thread_new ("writer", writer_thread, &writers[i]);
    }

  do
    {
      g_autofree char *after = g_strdup_printf ("%" G_GINT64_FORMAT, last);
      g_autoptr(PGresult) res = NULL;

      /* Read "done" first: a last pass after every writer finished. */
      finished = g_atomic_int_get (&done) == WRITERS;
      res = ok (rita, "SELECT seq FROM attest.changes WHERE seq > $1::bigint ORDER BY seq", after, NULL);
      for (int r = 0; r < PQntuples (res); r++)
        {
          gint64 seq = g_ascii_strtoll (PQgetvalue (res, r, 0), NULL, 10);

          g_array_append_val (seqs, seq);
          last = seq;
        }
    }
  while (!finished);

  for (guint i = 0; i < WRITERS; i++)
    {
      g_thread_join (threads[i]);
      g_free (writers[i].conninfo);
    }

  /* Every committed row was read once, in increasing order. */
  total = value (rita, "SELECT count(*) FROM attest.changes");
  g_assert_cmpint (seqs->len, ==, g_ascii_strtoll (total, NULL, 10));
  g_assert_cmpint (seqs->len, >=, WRITERS * TRANSACTIONS);
  for (guint i = 0; i < seqs->len; i++)
    {
      gint64 *seq = &g_array_index (seqs, gint64, i);

      if (i > 0)
        g_assert_cmpint (*seq, >, g_array_index (seqs, gint64, i - 1));
      g_assert_true (g_hash_table_add (seen, seq));
    }
  g_test_message ("%u changes by %d writers read as they came", seqs->len, WRITERS);
}

/* -------------------------------------------------------------- fixture */

static void
test_restart (gpointer      fixture,
              gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PGconn) ana = NULL;
  g_autoptr(PGresult) res = NULL;
  g_autofree char *id1 = uuid (1);
  g_autofree char *id2 = uuid (2);
  g_autofree char *id3 = uuid (3);
  g_autofree char *seq = NULL;

  make_team ();
  ana = connect_as ("ana");
  seq = push (ana, id1);

  g_assert_true (attest_test_pg_restart (pg, &error));
  g_assert_no_error (error);
  g_assert_true (attest_test_pg_is_running (pg));
  g_test_message ("restarted in %" G_GINT64_FORMAT " ms", attest_test_pg_start_usec (pg) / 1000);

  /* The old session is gone; a new one finds the data. */
  res = PQexec (ana, "SELECT 1");
  g_assert_cmpint (PQresultStatus (res), ==, PGRES_FATAL_ERROR);
  g_clear_pointer (&ana, PQfinish);
  ana = connect_as ("ana");
  assert_value (ana, "SELECT seq || ':' || id || ':' || member FROM attest.changes",
                "1:00000000-0000-4000-8000-000000000001:ana");
  g_clear_pointer (&seq, g_free);
  seq = push (ana, id2);
  g_assert_cmpstr (seq, ==, "2");

  /* After a crash, what was committed is there too (seq may jump: the
   * server logs sequence values ahead). */
  g_assert_true (attest_test_pg_crash (pg, &error));
  g_assert_no_error (error);
  g_assert_true (attest_test_pg_restart (pg, &error));
  g_assert_no_error (error);
  g_clear_pointer (&ana, PQfinish);
  ana = connect_as ("ana");
  assert_value (ana, "SELECT string_agg (seq || ':' || member, ',' ORDER BY seq) FROM attest.changes",
                "1:ana,2:ana");
  g_clear_pointer (&seq, g_free);
  seq = push (ana, id3);
  g_assert_cmpint (g_ascii_strtoll (seq, NULL, 10), >, 2);
}

static void
test_stopped (gpointer      fixture,
              gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PGconn) ana = NULL;
  g_autofree char *id = uuid (1);
  g_autofree char *seq = NULL;
  g_autofree char *conninfo = NULL;
  g_autofree char *socket = NULL;
  g_autofree char *expected = NULL;

  make_team ();
  ana = connect_as ("ana");
  seq = push (ana, id);

  g_assert_true (attest_test_pg_stop (pg, &error));
  g_assert_no_error (error);
  g_assert_false (attest_test_pg_is_running (pg));
  /* Stopping again is nothing. */
  g_assert_true (attest_test_pg_stop (pg, &error));

  /* A session of before the stop: the schema's calls say so, as a
   * server out of reach (the sync then counts as offline). */
  g_assert_false (attest_team_schema_check (ana, NULL, &error));
  g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_UNREACHABLE);
  g_assert_cmpstr (error->message, ==,
                   "Could not read the team server’s database: terminating connection due to administrator command");
  g_clear_error (&error);
  g_assert_false (attest_team_schema_create (ana, NULL, &error));
  g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_UNREACHABLE);
  g_assert_true (g_str_has_prefix (error->message, "Could not create the team’s tables on the server: "));
  g_clear_error (&error);
  g_clear_pointer (&ana, PQfinish);

  ana = attest_test_pg_connect (pg, "ana", &error);
  g_assert_null (ana);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED);
  conninfo = attest_test_pg_conninfo (pg, "ana");
  socket = g_strndup (conninfo + strlen ("host='"), strchr (conninfo + strlen ("host='"), '\'') - conninfo - strlen ("host='"));
  expected = g_strdup_printf ("Could not connect to attest as ana: connection to server on socket "
                              "\"%s/.s.PGSQL.5432\" failed: No such file or directory", socket);
  g_assert_true (g_str_has_prefix (error->message, expected));
  g_clear_error (&error);

  /* And the team's client is told the same by libpq itself. */
  g_assert_cmpint (PQping (conninfo), ==, PQPING_NO_RESPONSE);

  g_assert_true (attest_test_pg_restart (pg, &error));
  g_assert_no_error (error);
  ana = connect_as ("ana");
  assert_value (ana, "SELECT count(*) FROM attest.changes", "1");
}

/* Whether all sessions on the database but @conn's end, within 10 s. */
static gboolean
sessions_end (PGconn *conn)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  do
    {
      g_autofree char *others = value (conn, "SELECT count(*) FROM pg_stat_activity"
                                             " WHERE datname = 'attest' AND pid <> pg_backend_pid ()");
      if (g_str_equal (others, "0"))
        return TRUE;
      g_usleep (5 * 1000);
    }
  while (g_get_monotonic_time () < deadline);
  return FALSE;
}

/* Each case starts from nothing, whatever the one before left. */
static void
test_reset (gpointer      fixture,
            gconstpointer data)
{
  static const char * const leftovers[] = {
    NULL,  /* the team, the schema, a session still open */
    "CREATE TABLE public.stray (x int)",
    "CREATE SCHEMA other; CREATE FUNCTION other.f () RETURNS int LANGUAGE sql AS 'SELECT 1'",
    "ALTER DATABASE attest SET work_mem = '8MB'",
  };

  for (guint i = 0; i < G_N_ELEMENTS (leftovers); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(PGconn) ana = NULL;
      g_autoptr(PGconn) conn = NULL;
      g_autofree char *id = uuid (1);
      g_autofree char *seq = NULL;

      make_team ();
      ana = connect_as ("ana");
      seq = push (ana, id);
      if (leftovers[i])
        attest_test_pg_super (pg, leftovers[i]);
      PQclear (ok (ana, "BEGIN", NULL));
      PQclear (ok (ana, "SELECT count(*) FROM attest.changes", NULL));

      g_assert_true (attest_test_pg_reset (pg, &error));
      g_assert_no_error (error);
      conn = connect_as (ATTEST_TEST_PG_SUPERUSER);
      assert_value (conn, "SELECT count(*) FROM pg_namespace WHERE nspname IN ('attest', 'other')", "0");
      assert_value (conn, "SELECT count(*) FROM pg_class WHERE relnamespace = 'public'::regnamespace", "0");
      assert_value (conn, "SELECT string_agg (rolname, ',') FROM pg_roles WHERE rolname !~ '^pg_'", "postgres");
      assert_value (conn, "SELECT datdba::regrole::text FROM pg_database WHERE datname = 'attest'", "postgres");
      assert_value (conn, "SELECT count(*) FROM pg_db_role_setting", "0");
      /* The session of before was ended: its backend leaves the list a
       * moment after it let go of its locks. */
      g_assert_true (sessions_end (conn));

      setup (NULL, NULL);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  gint64 started;
  int status;

  g_test_init (&argc, &argv, NULL);

  started = g_get_monotonic_time ();
  pg = attest_test_pg_start (&error);
  /* No server programs is a failure, not a skip: CI installs them. */
  g_assert_no_error (error);
  g_test_message ("PostgreSQL from %s: cluster made and started in %" G_GINT64_FORMAT " ms "
                  "(the server's start alone %" G_GINT64_FORMAT " ms)",
                  attest_test_pg_bindir (pg), (g_get_monotonic_time () - started) / 1000,
                  attest_test_pg_start_usec (pg) / 1000);

#define ADD(path, func) g_test_add (path, void, NULL, setup, func, teardown)
  ADD ("/team/schema/create-empty", test_create_empty);
  ADD ("/team/schema/create-twice", test_create_twice);
  ADD ("/team/schema/create-concurrent", test_create_concurrent);
  ADD ("/team/schema/foreign", test_foreign);
  ADD ("/team/schema/newer", test_newer);
  ADD ("/team/schema/without-createrole", test_without_createrole);
  ADD ("/team/schema/roles-beforehand", test_roles_beforehand);
  ADD ("/team/schema/schema-beforehand", test_schema_beforehand);
  ADD ("/team/schema/no-access", test_no_access);
  ADD ("/team/schema/no-create", test_no_create);
  ADD ("/team/security/own-name", test_own_name);
  ADD ("/team/security/other-name", test_other_name);
  ADD ("/team/security/reader", test_reader);
  ADD ("/team/security/repush", test_repush);
  ADD ("/team/security/append-only", test_append_only);
  ADD ("/team/notify", test_notify);
  ADD ("/team/order/commit-order", test_commit_order);
  ADD ("/team/order/concurrent", test_commit_order_concurrent);
  ADD ("/team/server/restart", test_restart);
  ADD ("/team/server/stopped", test_stopped);
  ADD ("/team/server/reset", test_reset);
#undef ADD

  status = g_test_run ();
  g_clear_pointer (&pg, attest_test_pg_free);
  return status;
}
