/* attest-bench-team.c — syncing through a team's PostgreSQL server,
 * measured beside the server's own floor in the same run:
 *
 *  - save-to-visible latency: a claim saved and synced in one replica
 *    until it is in another replica's database, woken by the server's
 *    NOTIFY (median and 95th percentile over --rounds; budget 1 s), beside
 *    a bare INSERT + NOTIFY seen by a listening connection;
 *  - a new member catching up with 100,000 changes (--changes), beside
 *    COPY of the same change bodies into a plain table and reading them
 *    back; and the sending of them by the member who made them, beside
 *    INSERTs of the same rows in one transaction.
 *
 * It starts its own server with the tests' fixture (tests/attest-test-pg.c).
 * `_build/bench/attest-bench-team [--rounds N] [--changes N]`.
 */
#include "config.h"

#include <gio/gio.h>
#include <sqlite3.h>
#include <string.h>

#include "attest-article-reader.h"
#include "attest-store.h"
#include "attest-team.h"
#include "attest-test-pg.h"
#include "attest-test-utils.h"

static AttestTestPg *pg;

static void
die_on (GError *error)
{
  if (error != NULL)
    g_error ("%s", error->message);
}

static AttestStore *
member (const char *dir,
        const char *role,
        const char *annotator)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *file = g_strconcat (role, ".db", NULL);
  g_autofree char *path = g_build_filename (dir, file, NULL);
  g_autofree char *conninfo = attest_test_pg_conninfo (pg, role);
  g_auto(AttestTeamReport) report = { 0 };
  AttestStore *store = attest_store_open (path, ATTEST_STORE_OPEN_DEFAULT, &error);

  die_on (error);
  attest_store_set_annotator (store, annotator, NULL);
  attest_team_join (store, conninfo, NULL, NULL, &report, &error);
  die_on (error);
  return store;
}

static void
sync_or_die (AttestStore *store)
{
  g_autoptr(GError) error = NULL;
  g_auto(AttestTeamReport) report = { 0 };

  attest_team_sync (store, NULL, &report, &error);
  die_on (error);
}

/* Waits for a NOTIFY on @conn. */
static void
await_notify (PGconn *conn)
{
  for (;;)
    {
      PGnotify *n;
      GPollFD fd = { PQsocket (conn), G_IO_IN, 0 };

      PQconsumeInput (conn);
      if ((n = PQnotifies (conn)) != NULL)
        {
          PQfreemem (n);
          /* Drain the others a statement may have sent. */
          while ((n = PQnotifies (conn)) != NULL)
            PQfreemem (n);
          return;
        }
      g_poll (&fd, 1, 1000);
    }
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
percentile (GArray *ms,
            double  p)
{
  g_array_sort (ms, compare_doubles);
  return g_array_index (ms, double, MIN (ms->len - 1, (guint) (p * ms->len)));
}

static void
row (const char *what,
     double      attest,
     double      floor,
     const char *unit)
{
  if (floor > 0)
    g_print ("  %-46s %10.1f %10.1f  %-6s %6.1fx\n", what, attest, floor, unit, attest / floor);
  else
    g_print ("  %-46s %10.1f %10s  %-6s\n", what, attest, "", unit);
}

static PGconn *
connect_as (const char *role)
{
  g_autoptr(GError) error = NULL;
  PGconn *conn = attest_test_pg_connect (pg, role, &error);

  die_on (error);
  return conn;
}

static void
exec_or_die (PGconn     *conn,
             const char *sql)
{
  g_autoptr(PGresult) res = PQexec (conn, sql);

  if (PQresultStatus (res) != PGRES_COMMAND_OK && PQresultStatus (res) != PGRES_TUPLES_OK)
    g_error ("%s: %s", sql, PQerrorMessage (conn));
}

/* Ana saves a claim and syncs; Boris, woken by the server's NOTIFY,
 * syncs until the claim is in his database: milliseconds into @into. */
static void
measure_latency (AttestStore *ana,
                 AttestStore *boris,
                 PGconn      *listener,
                 const char  *doc,
                 int          rounds,
                 GArray      *into)
{
  g_autoptr(GError) error = NULL;

  for (int i = 0; i < rounds; i++)
    {
      gint64 start = g_get_monotonic_time ();
      g_autoptr(AttestClaim) c = attest_store_add_claim (ana, doc, 100 + i, 130 + i, "training",
                                                         NULL, NULL, &error);
      g_autoptr(AttestClaim) seen = NULL;
      double ms;

      die_on (error);
      sync_or_die (ana);
      await_notify (listener);
      sync_or_die (boris);
      seen = attest_store_get_claim (boris, c->uuid, &error);
      die_on (error);
      ms = (g_get_monotonic_time () - start) / 1000.0;
      g_array_append_val (into, ms);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GOptionContext) context = g_option_context_new ("— syncing through a team server, against its floor");
  int rounds = 50;
  int n_changes = 100000;
  GOptionEntry entries[] = {
    { "rounds", 0, 0, G_OPTION_ARG_INT, &rounds, "latency rounds (50)", "N" },
    { "changes", 0, 0, G_OPTION_ARG_INT, &n_changes, "changes for a new member (100000)", "N" },
    { NULL },
  };
  g_autofree char *dir = NULL;
  g_autoptr(AttestStore) lead = NULL;
  g_autoptr(AttestStore) ana = NULL;
  g_autoptr(AttestStore) boris = NULL;
  g_autoptr(AttestDocument) doc = NULL;
  g_autoptr(PGconn) listener = NULL;
  g_autoptr(GArray) latency = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) floor_latency = g_array_new (FALSE, FALSE, sizeof (double));
  double push_s, join_s, floor_insert_s, floor_copy_s;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    g_error ("%s", error->message);

  pg = attest_test_pg_start (&error);
  die_on (error);
  attest_test_pg_super (pg, "CREATE ROLE lead LOGIN CREATEROLE; ALTER DATABASE attest OWNER TO lead");
  dir = g_dir_make_tmp ("attest-bench-team-XXXXXX", &error);
  die_on (error);
  lead = member (dir, "lead", "Lena");
  attest_test_pg_super (pg, "CREATE ROLE ana LOGIN; GRANT attest_member TO ana; CREATE ROLE boris LOGIN; GRANT attest_member TO boris;"
                        "CREATE ROLE carla LOGIN; GRANT attest_member TO carla");
  ana = member (dir, "ana", "Ana");
  boris = member (dir, "boris", "Boris");
  {
    g_autoptr(GFile) file = g_file_new_build_filename (ATTEST_SOURCE_ROOT, "tests", "data",
                                                       "000_7978e9767d1c15ca.txt", NULL);
    g_autoptr(AttestDocument) read = attest_article_reader_read_file (file, NULL, &error);

    die_on (error);
    doc = attest_store_add_document (ana, read, NULL, &error);
    die_on (error);
  }
  sync_or_die (ana);
  sync_or_die (boris);

  g_print ("Attest team-server benchmark - PostgreSQL server %d, SQLite %s\n",
           PQserverVersion (listener = connect_as ("boris")), sqlite3_libversion ());
  g_print ("  %-46s %10s %10s  %-6s %7s\n", "", "Attest", "floor", "unit", "ratio");

  /* Save-to-visible: Ana saves and syncs; Boris, woken by NOTIFY, syncs
   * until the claim is in his database. */
  exec_or_die (listener, "LISTEN attest_changes");
  measure_latency (ana, boris, listener, doc->uuid, rounds, latency);
  /* The floor: a bare INSERT with its NOTIFY, seen by a listener. */
  {
    g_autoptr(PGconn) writer = connect_as (ATTEST_TEST_PG_SUPERUSER);
    g_autoptr(PGconn) ear = connect_as (ATTEST_TEST_PG_SUPERUSER);

    exec_or_die (writer, "CREATE TABLE floor_changes (seq bigserial PRIMARY KEY, body jsonb NOT NULL)");
    exec_or_die (ear, "LISTEN floor");
    for (int i = 0; i < rounds; i++)
      {
        gint64 start = g_get_monotonic_time ();
        double ms;

        exec_or_die (writer, "BEGIN; INSERT INTO floor_changes (body) VALUES ('{\"row\": {}}'); NOTIFY floor; COMMIT");
        await_notify (ear);
        ms = (g_get_monotonic_time () - start) / 1000.0;
        g_array_append_val (floor_latency, ms);
      }
  }
  row ("save to visible in another replica, median", percentile (latency, 0.5), percentile (floor_latency, 0.5), "ms");
  row ("save to visible in another replica, 95th pct", percentile (latency, 0.95),
       percentile (floor_latency, 0.95), "ms");

  /* Many changes: Ana saves them in batches, sends them, Carla joins. */
  {
    AttestClaimSpec *specs = g_new0 (AttestClaimSpec, 1000);
    g_autoptr(AttestStore) carla = NULL;
    g_autofree char *carla_path = g_build_filename (dir, "carla.db", NULL);
    g_autofree char *conninfo = attest_test_pg_conninfo (pg, "carla");
    g_autoptr(GPtrArray) waiting = NULL;
    g_autofree char *mirror = attest_team_dup_mirror_path (ana);
    g_auto(AttestTeamReport) report = { 0 };
    guint made = 0;
    gint64 t;

    /* Each claim is two changes: its row and its history entry. */
    while (made * 2 < (guint) n_changes)
      {
        guint n = MIN (1000, (n_changes / 2) - made);

        for (guint i = 0; i < n; i++)
          specs[i] = (AttestClaimSpec) { (made + i) % 5600, (made + i) % 5600 + 30, "debt-deal", NULL, NULL };
        g_array_unref (attest_store_add_claims (ana, doc->uuid, specs, n, &error));
        die_on (error);
        made += n;
      }
    g_free (specs);
    waiting = attest_store_replica_changes (ana, mirror, &error);
    die_on (error);

    t = g_get_monotonic_time ();
    sync_or_die (ana);
    push_s = (g_get_monotonic_time () - t) / 1e6;

    carla = attest_store_open (carla_path, ATTEST_STORE_OPEN_DEFAULT, &error);
    die_on (error);
    attest_store_set_annotator (carla, "Carla", NULL);
    t = g_get_monotonic_time ();
    attest_team_join (carla, conninfo, NULL, NULL, &report, &error);
    join_s = (g_get_monotonic_time () - t) / 1e6;
    die_on (error);

    /* The floor: the same bodies into a plain table, by INSERTs in one
     * transaction, and by COPY then read back. */
    {
      g_autoptr(PGconn) conn = connect_as (ATTEST_TEST_PG_SUPERUSER);
      g_autoptr(GString) copy = g_string_new (NULL);
      g_autoptr(PGresult) prepared = NULL;
      g_autoptr(PGresult) back = NULL;

      exec_or_die (conn, "CREATE TABLE floor_log (seq bigserial PRIMARY KEY, id uuid, entity text,"
                         " entity_uuid text, body jsonb)");
      t = g_get_monotonic_time ();
      exec_or_die (conn, "BEGIN");
      prepared = PQprepare (conn, "ins", "INSERT INTO floor_log (id, entity, entity_uuid, body)"
                            " VALUES (gen_random_uuid (), $1, $2, $3::jsonb)", 3, NULL);
      for (guint i = 0; i < waiting->len; i++)
        {
          AttestReplicaChange *c = g_ptr_array_index (waiting, i);
          const char *values[] = { c->table, c->key, c->body };
          g_autoptr(PGresult) res = PQexecPrepared (conn, "ins", 3, values, NULL, NULL, 0);

          if (PQresultStatus (res) != PGRES_COMMAND_OK)
            g_error ("%s", PQerrorMessage (conn));
        }
      exec_or_die (conn, "COMMIT");
      floor_insert_s = (g_get_monotonic_time () - t) / 1e6;

      exec_or_die (conn, "TRUNCATE floor_log");
      for (guint i = 0; i < waiting->len; i++)
        {
          AttestReplicaChange *c = g_ptr_array_index (waiting, i);
          g_autofree char *body = g_strescape (c->body, NULL);

          /* COPY's text format: backslashes doubled (g_strescape), tabs and
           * newlines as escapes. */
          g_string_append_printf (copy, "%s\t%s\t%s\n", c->table, c->key, body);
        }
      t = g_get_monotonic_time ();
      {
        g_autoptr(PGresult) start = PQexec (conn, "COPY floor_log (entity, entity_uuid, body) FROM STDIN");

        if (PQresultStatus (start) != PGRES_COPY_IN || PQputCopyData (conn, copy->str, copy->len) != 1 ||
            PQputCopyEnd (conn, NULL) != 1)
          g_error ("COPY: %s", PQerrorMessage (conn));
        g_clear_pointer (&start, PQclear);
        start = PQgetResult (conn);
        if (PQresultStatus (start) != PGRES_COMMAND_OK)
          g_error ("COPY: %s", PQerrorMessage (conn));
        while ((start = PQgetResult (conn)) != NULL)
          PQclear (start);
      }
      back = PQexec (conn, "SELECT seq, entity, entity_uuid, body::text FROM floor_log ORDER BY seq");
      if (PQresultStatus (back) != PGRES_TUPLES_OK)
        g_error ("%s", PQerrorMessage (conn));
      floor_copy_s = (g_get_monotonic_time () - t) / 1e6;
    }

    g_print ("  %u changes (%u claims and their history)\n", waiting->len, made);
    row ("send them (sync of the member who made them)", push_s, floor_insert_s, "s");
    row ("a new member joins and catches up", join_s, floor_copy_s, "s");
    g_print ("  received by the new member: %u changes\n", report.received);

    /* Save-to-visible again, now that each database holds them all. */
    sync_or_die (boris);
    {
      g_autoptr(GArray) big = g_array_new (FALSE, FALSE, sizeof (double));
      g_autofree char *what = g_strdup_printf ("same, with %u claims in each database", made);

      g_print ("  %s:\n", what);
      measure_latency (ana, boris, listener, doc->uuid, rounds, big);
      row ("  median", percentile (big, 0.5), percentile (floor_latency, 0.5), "ms");
      row ("  95th percentile", percentile (big, 0.95), percentile (floor_latency, 0.95), "ms");
    }
  }
  g_print ("  budgets: save to visible < 1000 ms (issue 17); floors: INSERT+NOTIFY seen by a listener; "
           "INSERTs in one transaction; COPY and read back\n");

  attest_test_remove_tree (dir);
  g_clear_pointer (&pg, attest_test_pg_free);
  return 0;
}
