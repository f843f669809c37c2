/* attest-test-pg.c — a real PostgreSQL server for a test.
 *
 * Each fixture makes its own cluster with the distribution's server
 * programs (initdb, postgres) in a fresh temporary folder, and the server
 * listens only on a Unix socket in that folder (listen_addresses=''): tests
 * running in parallel never meet, and nothing is reachable from the network.
 * Durability against a power cut is switched off (initdb --no-sync,
 * fsync=off): the WAL is still written at each commit, so what a client saw
 * committed survives a crash of the server (attest_test_pg_crash()), which
 * is what fault tests need; synchronous_commit stays on for that reason.
 *
 * PostgreSQL refuses to run as root, and tests and CI do run as root: then
 * initdb and the server run as `nobody`, dropped to in the child between
 * fork and exec, and the folder is theirs.
 *
 * A failed g_assert() aborts the test program: neither atexit() handlers nor
 * g_test_queue_destroy() run then, and a server left behind would hold its
 * folder forever. So a small reaper shell is started with the fixture: it
 * waits on a pipe only this process holds, and when the pipe closes — the
 * fixture freed, or the process gone however it went — it stops what is
 * left of the server and removes the folder.
 */
#include "config.h"

#include "attest-test-pg.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <grp.h>
#include <pwd.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "attest-test-utils.h"

/* Only the name of the socket file (.s.PGSQL.<port>): each fixture has its
 * own socket folder, so the usual port never collides. */
#define PORT 5432

/* Generous: the machines that run the tests may be busy. */
#define START_TIMEOUT_USEC (60 * G_USEC_PER_SEC)
#define STOP_TIMEOUT_USEC  (60 * G_USEC_PER_SEC)
#define POLL_USEC          (5 * 1000)

struct _AttestTestPg {
  char   **env;         /* the server programs' environment */
  char    *dir;         /* the socket, the log, the data folder */
  char    *datadir;
  char    *bindir;
  char    *log;
  gboolean drop;        /* running as root: the server runs as uid/gid */
  uid_t    uid;
  gid_t    gid;
  GPid     server;      /* the postmaster, 0 while stopped */
  int      guard;       /* the reaper's stdin */
  GPid     reaper;
  gint64   start_usec;  /* how long the last start took */
};

/* ------------------------------------------------------------- programs */

static gboolean
has_server_programs (const char *bindir)
{
  g_autofree char *initdb = g_build_filename (bindir, "initdb", NULL);
  g_autofree char *postgres = g_build_filename (bindir, "postgres", NULL);

  return g_file_test (initdb, G_FILE_TEST_IS_EXECUTABLE) && g_file_test (postgres, G_FILE_TEST_IS_EXECUTABLE);
}

/* ATTEST_PG_BINDIR if set; otherwise Debian's /usr/lib/postgresql/<N>/bin
 * with the highest N (pg_config --bindir names the client's programs, which
 * may come from another version); otherwise the folder of an initdb on PATH
 * (other distributions, builds from source). */
static char *
find_bindir (GError **error)
{
  const char *env = g_getenv ("ATTEST_PG_BINDIR");
  g_autoptr(GDir) versions = NULL;
  g_autofree char *on_path = NULL;
  g_autofree char *best = NULL;
  guint64 best_n = 0;
  const char *name;

  if (env && *env)
    {
      if (has_server_programs (env))
        return g_strdup (env);
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT,
                   "ATTEST_PG_BINDIR is '%s', which does not hold PostgreSQL's initdb and postgres", env);
      return NULL;
    }

  versions = g_dir_open ("/usr/lib/postgresql", 0, NULL);
  while (versions && (name = g_dir_read_name (versions)))
    {
      g_autofree char *bindir = g_build_filename ("/usr/lib/postgresql", name, "bin", NULL);
      guint64 n;

      if (g_ascii_string_to_unsigned (name, 10, 1, G_MAXUINT, &n, NULL)
          && n > best_n && has_server_programs (bindir))
        {
          best_n = n;
          g_free (best);
          best = g_steal_pointer (&bindir);
        }
    }
  if (best)
    return g_steal_pointer (&best);

  on_path = g_find_program_in_path ("initdb");
  if (on_path)
    {
      g_autofree char *real = realpath (on_path, NULL);
      g_autofree char *bindir = g_path_get_dirname (real ? real : on_path);

      if (has_server_programs (bindir))
        return g_steal_pointer (&bindir);
    }

  g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT,
               "PostgreSQL's server programs (initdb, postgres) were not found in /usr/lib/postgresql/*/bin "
               "nor on PATH: these tests need a real server. Install the Debian package 'postgresql' "
               "(build-aux/dev does), or set ATTEST_PG_BINDIR to the folder that holds them");
  return NULL;
}

/* Between fork and exec: the server's user instead of root. Only system
 * calls here (the child of a threaded process). */
static void
child_setup (gpointer data)
{
  AttestTestPg *pg = data;

  if (!pg->drop)
    return;
  if (setgroups (0, NULL) != 0 || setgid (pg->gid) != 0 || setuid (pg->uid) != 0)
    _exit (126);
}

static char *
log_tail (AttestTestPg *pg)
{
  g_autofree char *text = NULL;
  gsize len = 0;

  if (!g_file_get_contents (pg->log, &text, &len, NULL))
    return g_strdup ("(no server log)");
  return g_strdup (len > 2000 ? text + len - 2000 : text);
}

/* --------------------------------------------------------------- server */

static char *
conninfo_for (AttestTestPg *pg,
              const char   *dbname,
              const char   *role)
{
  return g_strdup_printf ("host='%s' port=%d dbname='%s' user='%s'", pg->dir, PORT, dbname, role);
}

/* Waits for the server process to end, up to a deadline. */
static gboolean
wait_server (AttestTestPg *pg,
             gint64        deadline,
             int          *out_status)
{
  for (;;)
    {
      pid_t got = waitpid (pg->server, out_status, WNOHANG);

      if (got == pg->server || (got < 0 && errno == ECHILD))
        {
          pg->server = 0;
          return TRUE;
        }
      if (g_get_monotonic_time () > deadline)
        return FALSE;
      g_usleep (POLL_USEC);
    }
}

static gboolean
start_server (AttestTestPg *pg,
              GError      **error)
{
  g_autofree char *postgres = g_build_filename (pg->bindir, "postgres", NULL);
  g_autofree char *sockets = g_strdup_printf ("unix_socket_directories=%s", pg->dir);
  g_autofree char *port = g_strdup_printf ("port=%d", PORT);
  g_autofree char *ping = conninfo_for (pg, "postgres", ATTEST_TEST_PG_SUPERUSER);
  const char *argv[] = {
    postgres, "-D", pg->datadir,
    "-c", "listen_addresses=",
    "-c", sockets,
    "-c", port,
    "-c", "fsync=off",
    "-c", "full_page_writes=off",
    "-c", "shared_buffers=16MB",
    NULL
  };
  gint64 started = g_get_monotonic_time ();
  gint64 deadline = started + START_TIMEOUT_USEC;
  int log_fd;
  gboolean spawned;

  g_return_val_if_fail (pg->server == 0, FALSE);

  log_fd = g_open (pg->log, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (log_fd < 0)
    {
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errno),
                   "Could not open the server log %s: %s", pg->log, g_strerror (errno));
      return FALSE;
    }
  spawned = g_spawn_async_with_pipes_and_fds (pg->dir, argv, (const char * const *) pg->env,
                                              G_SPAWN_DO_NOT_REAP_CHILD,
                                              child_setup, pg,
                                              -1, log_fd, log_fd,
                                              NULL, NULL, 0,
                                              &pg->server, NULL, NULL, NULL, error);
  close (log_fd);
  if (!spawned)
    return FALSE;

  /* Ready once it answers on its socket; PQping reports "rejecting" while
   * it starts up or recovers. */
  for (;;)
    {
      int status;

      if (PQping (ping) == PQPING_OK)
        break;
      if (waitpid (pg->server, &status, WNOHANG) == pg->server)
        {
          g_autofree char *tail = log_tail (pg);

          pg->server = 0;
          g_set_error (error, G_SPAWN_ERROR, G_SPAWN_ERROR_FAILED,
                       "The PostgreSQL server exited while starting (status %d); its log ends:\n%s",
                       status, tail);
          return FALSE;
        }
      if (g_get_monotonic_time () > deadline)
        {
          g_autofree char *tail = log_tail (pg);

          kill (pg->server, SIGQUIT);
          wait_server (pg, g_get_monotonic_time () + STOP_TIMEOUT_USEC, NULL);
          g_set_error (error, G_SPAWN_ERROR, G_SPAWN_ERROR_FAILED,
                       "The PostgreSQL server did not answer within %d s; its log ends:\n%s",
                       (int) (START_TIMEOUT_USEC / G_USEC_PER_SEC), tail);
          return FALSE;
        }
      g_usleep (POLL_USEC);
    }

  pg->start_usec = g_get_monotonic_time () - started;
  return TRUE;
}

/* Signals the postmaster and waits for it: SIGINT is PostgreSQL's "fast"
 * shutdown (sessions ended, data written), SIGQUIT its "immediate" one
 * (nothing written: the next start recovers from the log, as after a
 * crash). */
static gboolean
signal_server (AttestTestPg *pg,
               int           sig,
               GError      **error)
{
  int status = 0;

  if (pg->server == 0)
    return TRUE;
  kill (pg->server, sig);
  if (!wait_server (pg, g_get_monotonic_time () + STOP_TIMEOUT_USEC, &status))
    {
      kill (pg->server, SIGKILL);
      wait_server (pg, G_MAXINT64, NULL);
      g_set_error (error, G_SPAWN_ERROR, G_SPAWN_ERROR_FAILED,
                   "The PostgreSQL server did not stop within %d s and was killed",
                   (int) (STOP_TIMEOUT_USEC / G_USEC_PER_SEC));
      return FALSE;
    }
  return TRUE;
}

/* --------------------------------------------------------------- reaper */

/* ATTEST_TEST_PG_KEEP=1 keeps the folder, the server's log in it, for a
 * look after a failure; the server is stopped all the same. */
static gboolean
keep_folder (void)
{
  return g_getenv ("ATTEST_TEST_PG_KEEP") != NULL;
}

static const char reaper_script[] =
  /* The test runner's SIGTERM goes to the whole process group: outlive it
   * to clean up. */
  "trap '' INT TERM HUP\n"
  "read -r _\n"
  "pid=$(head -n 1 \"$1/data/postmaster.pid\" 2>/dev/null)\n"
  "if [ -n \"$pid\" ] && kill -QUIT \"$pid\" 2>/dev/null; then\n"
  "  while kill -0 \"$pid\" 2>/dev/null; do sleep 0.05; done\n"
  "fi\n"
  "[ -n \"$2\" ] || rm -rf \"$1\"\n";

static gboolean
start_reaper (AttestTestPg *pg,
              GError      **error)
{
  const char *keep = keep_folder () ? "keep" : "";
  const char *argv[] = { "/bin/sh", "-c", reaper_script, "attest-test-pg-reaper", pg->dir, keep, NULL };

  if (!g_spawn_async_with_pipes ("/", (char **) argv, NULL,
                                 G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL,
                                 NULL, NULL, &pg->reaper, &pg->guard, NULL, NULL, error))
    return FALSE;
  /* Not to be inherited by the server: the pipe must close with us. */
  fcntl (pg->guard, F_SETFD, FD_CLOEXEC);
  return TRUE;
}

/* ---------------------------------------------------------------- setup */

static gboolean
run_initdb (AttestTestPg *pg,
            GError      **error)
{
  g_autofree char *initdb = g_build_filename (pg->bindir, "initdb", NULL);
  const char *argv[] = {
    initdb, "-D", pg->datadir,
    "-U", ATTEST_TEST_PG_SUPERUSER,
    "-A", "trust",
    "-E", "UTF8", "--locale=C",
    "--no-sync",
    NULL
  };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status;

  if (!g_spawn_sync (pg->dir, (char **) argv, pg->env, G_SPAWN_DEFAULT, child_setup, pg,
                     &out, &err, &status, error))
    return FALSE;
  if (!g_spawn_check_wait_status (status, NULL))
    {
      g_set_error (error, G_SPAWN_ERROR, G_SPAWN_ERROR_FAILED,
                   "initdb failed (status %d):\n%s%s", status, out, err);
      return FALSE;
    }
  return TRUE;
}

/**
 * attest_test_pg_start:
 *
 * Makes a new cluster in a temporary folder and starts its server, with a
 * database `attest` and the superuser ATTEST_TEST_PG_SUPERUSER. Fails with
 * a message that says what to install when the server programs are missing.
 *
 * Returns: (transfer full): the running server, or %NULL
 */
AttestTestPg *
attest_test_pg_start (GError **error)
{
  g_autoptr(AttestTestPg) pg = g_new0 (AttestTestPg, 1);

  pg->guard = -1;
  /* Not the test runner's malloc checks (MALLOC_PERTURB_ slows every
   * backend down), and the server's messages in English whatever the
   * tests run in. */
  pg->env = g_get_environ ();
  pg->env = g_environ_unsetenv (pg->env, "MALLOC_PERTURB_");
  pg->env = g_environ_unsetenv (pg->env, "MALLOC_CHECK_");
  pg->env = g_environ_setenv (pg->env, "LC_ALL", "C", TRUE);
  pg->bindir = find_bindir (error);
  if (pg->bindir == NULL)
    return NULL;

  /* A short path: a socket's name holds at most 107 bytes. */
  pg->dir = g_dir_make_tmp ("attest-pg-XXXXXX", error);
  if (pg->dir == NULL)
    return NULL;
  pg->datadir = g_build_filename (pg->dir, "data", NULL);
  pg->log = g_build_filename (pg->dir, "server.log", NULL);
  if (strlen (pg->dir) + strlen ("/.s.PGSQL.5432") >= 108)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NAMETOOLONG,
                   "The temporary folder %s is too deep for a Unix socket in it: set TMPDIR to a shorter path",
                   pg->dir);
      return NULL;
    }

  if (!start_reaper (pg, error))
    return NULL;

  if (geteuid () == 0)
    {
      struct passwd *pw = getpwnam ("nobody");

      if (pw == NULL)
        {
          g_set_error (error, G_SPAWN_ERROR, G_SPAWN_ERROR_FAILED,
                       "Running as root and there is no user 'nobody' to run PostgreSQL as");
          return NULL;
        }
      pg->drop = TRUE;
      pg->uid = pw->pw_uid;
      pg->gid = pw->pw_gid;
      if (chown (pg->dir, pg->uid, pg->gid) != 0)
        {
          g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errno),
                       "Could not give %s to the user 'nobody': %s", pg->dir, g_strerror (errno));
          return NULL;
        }
    }

  if (!run_initdb (pg, error) || !start_server (pg, error))
    return NULL;

  if (!attest_test_pg_reset (pg, error))
    return NULL;
  return g_steal_pointer (&pg);
}

/**
 * attest_test_pg_free:
 *
 * Stops the server (fast shutdown) and removes its folder.
 */
void
attest_test_pg_free (AttestTestPg *pg)
{
  if (pg == NULL)
    return;

  signal_server (pg, SIGINT, NULL);
  if (pg->dir && !keep_folder ())
    attest_test_remove_tree (pg->dir);
  if (pg->guard >= 0)
    close (pg->guard);
  if (pg->reaper)
    waitpid (pg->reaper, NULL, 0);
  g_strfreev (pg->env);
  g_free (pg->dir);
  g_free (pg->datadir);
  g_free (pg->bindir);
  g_free (pg->log);
  g_free (pg);
}

/* ---------------------------------------------------------------- using */

/**
 * attest_test_pg_conninfo:
 * @role: the role to log in as
 *
 * Returns: (transfer full): a libpq connection string for the database
 *   `attest` as @role (no password: the test cluster trusts its socket)
 */
char *
attest_test_pg_conninfo (AttestTestPg *pg,
                         const char   *role)
{
  return conninfo_for (pg, "attest", role);
}

static PGconn *
connect_to (AttestTestPg *pg,
            const char   *dbname,
            const char   *role,
            GError      **error)
{
  g_autofree char *conninfo = conninfo_for (pg, dbname, role);
  g_autoptr(PGconn) conn = PQconnectdb (conninfo);

  if (PQstatus (conn) != CONNECTION_OK)
    {
      g_autofree char *message = g_strstrip (g_strdup (PQerrorMessage (conn)));

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED,
                   "Could not connect to %s as %s: %s", dbname, role, message);
      return NULL;
    }
  return g_steal_pointer (&conn);
}

/**
 * attest_test_pg_connect:
 *
 * Returns: (transfer full): a connection to the database `attest` as @role
 */
PGconn *
attest_test_pg_connect (AttestTestPg *pg,
                        const char   *role,
                        GError      **error)
{
  return connect_to (pg, "attest", role, error);
}

static void
ignore_notice (void       *data,
               const char *message)
{
}

static gboolean
exec_on (AttestTestPg *pg,
         const char   *dbname,
         const char   *sql,
         GError      **error)
{
  g_autoptr(PGconn) conn = connect_to (pg, dbname, ATTEST_TEST_PG_SUPERUSER, error);
  g_autoptr(PGresult) res = NULL;

  if (conn == NULL)
    return FALSE;
  /* "database … does not exist, skipping" and the like. */
  PQsetNoticeProcessor (conn, ignore_notice, NULL);
  res = PQexec (conn, sql);
  if (PQresultStatus (res) != PGRES_COMMAND_OK && PQresultStatus (res) != PGRES_TUPLES_OK)
    {
      g_autofree char *message = g_strstrip (g_strdup (PQerrorMessage (conn)));

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s: %s", sql, message);
      return FALSE;
    }
  return TRUE;
}

/**
 * attest_test_pg_exec_super:
 * @sql: one statement, or several (run as one transaction)
 *
 * Runs @sql on the database `attest` as the superuser.
 */
gboolean
attest_test_pg_exec_super (AttestTestPg *pg,
                           const char   *sql,
                           GError      **error)
{
  return exec_on (pg, "attest", sql, error);
}

/* Every role but the superusers goes: they belong to the whole cluster. */
#define DROP_ROLES_SQL \
  "DO $$ DECLARE r record; BEGIN" \
  "  FOR r IN SELECT rolname FROM pg_roles WHERE NOT rolsuper AND rolname !~ '^pg_' LOOP" \
  "    EXECUTE format ('DROP OWNED BY %I CASCADE', r.rolname);" \
  "    EXECUTE format ('DROP ROLE %I', r.rolname);" \
  "  END LOOP;" \
  "END $$;"

/* What a test may leave in the database, taken away in one transaction
 * (after the other sessions are ended: they may hold locks). */
static const char EMPTY_SQL[] =
  "ALTER DATABASE attest OWNER TO " ATTEST_TEST_PG_SUPERUSER ";"
  "ALTER DATABASE attest RESET ALL;"
  "DROP SCHEMA IF EXISTS attest CASCADE;"
  DROP_ROLES_SQL;

/* Anything else left makes the database be made anew. */
static const char LEFT_SQL[] =
  "SELECT (SELECT count(*) FROM pg_namespace"
  "         WHERE nspname NOT IN ('public', 'information_schema') AND nspname !~ '^pg_')"
  "     + (SELECT count(*) FROM pg_class WHERE relnamespace = 'public'::regnamespace)"
  "     + (SELECT count(*) FROM pg_proc WHERE pronamespace = 'public'::regnamespace)"
  "     + (SELECT count(*) FROM pg_extension WHERE extname <> 'plpgsql')";

static gboolean
empty_in_place (AttestTestPg *pg)
{
  g_autoptr(PGconn) conn = connect_to (pg, "attest", ATTEST_TEST_PG_SUPERUSER, NULL);
  g_autoptr(PGresult) ended = NULL;
  g_autoptr(PGresult) emptied = NULL;
  g_autoptr(PGresult) left = NULL;

  if (conn == NULL)
    return FALSE;
  PQsetNoticeProcessor (conn, ignore_notice, NULL);
  ended = PQexec (conn, "SELECT pg_terminate_backend (pid) FROM pg_stat_activity"
                        " WHERE datname = 'attest' AND pid <> pg_backend_pid ()");
  emptied = PQexec (conn, EMPTY_SQL);
  if (PQresultStatus (emptied) != PGRES_COMMAND_OK)
    return FALSE;
  left = PQexec (conn, LEFT_SQL);
  return PQresultStatus (left) == PGRES_TUPLES_OK && g_str_equal (PQgetvalue (left, 0, 0), "0");
}

/**
 * attest_test_pg_reset:
 *
 * An empty database `attest` and no roles but the superuser: what each
 * test case starts from. Roles belong to the whole cluster, so the ones a
 * test made go too.
 */
gboolean
attest_test_pg_reset (AttestTestPg *pg,
                      GError      **error)
{
  /* Emptying the database takes milliseconds; making it anew copies the
   * template, some 300 ms: only when a test left more than schema attest
   * and roles. */
  if (empty_in_place (pg))
    return TRUE;

  /* One statement a call: DROP and CREATE DATABASE refuse to run inside
   * the implicit transaction of a multi-statement query. */
  return exec_on (pg, "postgres", "DROP DATABASE IF EXISTS attest WITH (FORCE)", error)
      && exec_on (pg, "postgres", DROP_ROLES_SQL, error)
      && exec_on (pg, "postgres", "CREATE DATABASE attest", error);
}

/**
 * attest_test_pg_stop:
 *
 * Stops the server as an administrator would (fast shutdown: sessions are
 * ended, committed data kept). Connecting fails until
 * attest_test_pg_restart().
 */
gboolean
attest_test_pg_stop (AttestTestPg *pg,
                     GError      **error)
{
  return signal_server (pg, SIGINT, error);
}

/**
 * attest_test_pg_crash:
 *
 * Stops the server as a crash would (immediate shutdown: nothing flushed;
 * the next start replays the log).
 */
gboolean
attest_test_pg_crash (AttestTestPg *pg,
                      GError      **error)
{
  return signal_server (pg, SIGQUIT, error);
}

/**
 * attest_test_pg_restart:
 *
 * Stops the server if it runs, and starts it again on the same data and
 * socket; returns once it accepts connections.
 */
gboolean
attest_test_pg_restart (AttestTestPg *pg,
                        GError      **error)
{
  return signal_server (pg, SIGINT, error) && start_server (pg, error);
}

gboolean
attest_test_pg_is_running (AttestTestPg *pg)
{
  return pg->server != 0;
}

const char *
attest_test_pg_bindir (AttestTestPg *pg)
{
  return pg->bindir;
}

/* How long the last start took, from spawning the server to its first
 * answer. */
gint64
attest_test_pg_start_usec (AttestTestPg *pg)
{
  return pg->start_usec;
}

/**
 * attest_test_pg_super:
 *
 * attest_test_pg_exec_super() that must succeed: a failure ends the
 * program with the server's message (a test's setup, a benchmark's).
 */
void
attest_test_pg_super (AttestTestPg *pg,
                      const char   *sql)
{
  g_autoptr(GError) error = NULL;

  if (!attest_test_pg_exec_super (pg, sql, &error))
    g_error ("%s: %s", sql, error->message);
}
