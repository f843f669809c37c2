/* test-safety-outside.c — never lose work: the failures found by testing
 * from outside (issue 12), each against real files and real attest-cli
 * processes: locks lost and files removed behind the store's back, parked
 * and killed writers, hard links, odd names, side files, read-only WALs and
 * folders, and what the command line writes to standard output. */
#include "test-safety-fixture.h"

/* -------------------------------------- found by the test from outside */

/* What GTK's file chooser did: showing the database's folder, it opened and
 * closed the file (to guess its type), and the process lost its locks; a
 * teammate's command then removed the WAL the window wrote into. The store
 * notices the removed files and connects again before writing, and
 * attest_store_reconnect() takes the locks again at once. */
static void
test_locks_lost (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *shm = g_strconcat (f->db, "-shm", NULL);
  g_autoptr(AttestClaim) ours = NULL;
  g_autoptr(GError) error = NULL;
  int fd;

  g_assert_true (holds_locks (f->db, getpid ()));
  /* The chooser's sniffing, by hand. */
  fd = open (f->db, O_RDONLY);
  close (fd);
  fd = open (shm, O_RDONLY);
  close (fd);
  g_assert_false (holds_locks (f->db, getpid ()));

  {
    g_auto(AttestTestRun) r = cli (NULL, "--db", f->db, "--annotator", "Boris", "annotate", f->doc,
                         "--category", "training", "--range", "10:20");
    g_assert_cmpint (r.status, ==, 0);
  }
  /* Boris's command believed itself the last user and removed the WAL. */
  ours = attest_store_add_claim (f->store, f->doc, 50, 60, "training", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (holds_locks (f->db, getpid ()));

  /* The same by request, with nobody removing anything. */
  fd = open (f->db, O_RDONLY);
  close (fd);
  g_assert_false (holds_locks (f->db, getpid ()));
  g_assert_true (attest_store_reconnect (f->store, &error));
  g_assert_no_error (error);
  g_assert_true (holds_locks (f->db, getpid ()));

  g_clear_object (&f->store);
  assert_claims (f->db, 6, "Boris", 1);
}

/* Another program removed the WAL and the shared memory while the store
 * had them open; a teammate then saved a claim into new ones. Connecting
 * again must not close the old connection as the last user would: that
 * deletes the WAL by its name, which is now the teammate's. */
static void
test_wal_removed (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *wal = g_strconcat (f->db, "-wal", NULL);
  g_autofree char *shm = g_strconcat (f->db, "-shm", NULL);
  g_autoptr(AttestClaim) ours = NULL;
  g_autoptr(GError) error = NULL;

  /* What was written so far is in the database file, so only the removal
   * is tested here, not what it loses by itself. */
  g_assert_cmpint (count_rows (f->db, "PRAGMA wal_checkpoint(TRUNCATE)"), ==, 0);
  g_assert_cmpint (unlink (wal), ==, 0);
  g_assert_cmpint (unlink (shm), ==, 0);
  {
    g_auto(AttestTestRun) r = cli (NULL, "--db", f->db, "--annotator", "Boris", "annotate", f->doc,
                         "--category", "training", "--range", "10:20");
    g_assert_cmpint (r.status, ==, 0);
  }
  /* The window still holds its lock on the database file, so Boris's
   * command left its WAL for the last user. */
  g_assert_true (g_file_test (wal, G_FILE_TEST_EXISTS));
  ours = attest_store_add_claim (f->store, f->doc, 50, 60, "training", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (ours);

  g_clear_object (&f->store);
  assert_claims (f->db, 6, "Boris", 1);
}

/* While a file chooser is open the store holds nothing the chooser could
 * drop: teammates' commands rightly see no other user and tidy the WAL
 * away. Afterwards the store writes to the files as they are. */
static void
test_parked (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *shm = g_strconcat (f->db, "-shm", NULL);
  g_autofree char *wal = g_strconcat (f->db, "-wal", NULL);
  g_autoptr(AttestClaim) first = NULL;
  g_autoptr(AttestClaim) second = NULL;
  g_autoptr(GError) error = NULL;
  gint64 version = attest_store_get_data_version (f->store);
  int fd;

  g_assert_true (holds_locks (f->db, getpid ()));
  attest_store_park_all ();
  g_assert_false (holds_locks (f->db, getpid ()));
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *range = g_strdup_printf ("%u:%u", 10 + i, 20 + i);
      g_auto(AttestTestRun) r = cli (NULL, "--db", f->db, "--annotator", "Boris", "annotate", f->doc,
                           "--category", "training", "--range", range);

      g_assert_cmpint (r.status, ==, 0);
      /* The chooser's sniffing, by hand. */
      fd = open (f->db, O_RDONLY);
      close (fd);
      /* The last user removed the WAL: nobody else was there. */
      g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
      /* Polling waits, and answers what it last saw. */
      g_assert_cmpint (attest_store_get_data_version (f->store), ==, version);
    }
  /* A write while parked connects first. */
  first = attest_store_add_claim (f->store, f->doc, 50, 60, "training", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (holds_locks (f->db, getpid ()));

  version = attest_store_get_data_version (f->store);
  attest_store_park_all ();
  fd = open (shm, O_RDONLY);
  close (fd);
  attest_store_reconnect_all ();
  g_assert_true (holds_locks (f->db, getpid ()));
  /* A new connection counts anew: the window must still see a change, as
   * teammates may have saved while the chooser was open. */
  g_assert_cmpint (attest_store_get_data_version (f->store), !=, version);
  second = attest_store_add_claim (f->store, f->doc, 70, 80, "training", NULL, NULL, &error);
  g_assert_no_error (error);

  g_clear_object (&f->store);
  assert_claims (f->db, 9, "Boris", 3);
}

/* One file under two names keeps two WALs: writes through both lose one
 * side's work. A file with more than one link is refused for writing. */
static void
test_hard_links (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *other = g_build_filename (f->dir, "other-name.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestStore) store = NULL;

  g_clear_object (&f->store);
  g_assert_cmpint (link (f->db, other), ==, 0);
  for (guint i = 0; i < 2; i++)
    {
      g_auto(AttestTestRun) r = cli (NULL, "--db", i ? other : f->db, "annotate", "1", "--category", "training",
                           "--range", "10:20");

      g_assert_cmpint (r.status, ==, 5);
      g_assert_nonnull (strstr (r.err, "hard links"));
    }
  store = attest_store_open (other, ATTEST_STORE_OPEN_DEFAULT, &error);
  g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_UNSAFE);
  g_clear_error (&error);
  /* Reading loses nothing. */
  store = attest_store_open (other, ATTEST_STORE_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);
  g_assert_cmpint (count_rows (f->db, "SELECT count(*) FROM claims"), ==, 4);
}

/* Names SQLite would read as something else, and empty ones. */
static void
test_odd_names (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *article = attest_test_sample_path ("000_7978e9767d1c15ca.txt");
  g_autofree char *memory = g_build_filename (f->dir, ":memory:", NULL);
  g_autofree char *uri = g_build_filename (f->dir, "file:u.db", NULL);

  {
    g_auto(AttestTestRun) r = cli (f->dir, "--db", "", "import", article);
    g_assert_cmpint (r.status, ==, 2);
    g_assert_nonnull (strstr (r.err, "need a file name"));
  }
  {
    g_auto(AttestTestRun) r = cli (f->dir, "--db", ":memory:", "import", article);
    g_assert_cmpint (r.status, ==, 0);
    g_assert_cmpint (count_rows (memory, "SELECT count(*) FROM documents"), ==, 1);
  }
  {
    g_auto(AttestTestRun) r = cli (f->dir, "--db", "file:u.db?mode=memory", "import", article);
    g_auto(AttestTestRun) s = cli (f->dir, "--db", "file:u.db", "import", article);
    g_autofree char *query = g_build_filename (f->dir, "file:u.db?mode=memory", NULL);

    g_assert_cmpint (r.status, ==, 0);
    g_assert_true (g_file_test (query, G_FILE_TEST_EXISTS));
    g_assert_cmpint (s.status, ==, 0);
    g_assert_cmpint (count_rows (uri, "SELECT count(*) FROM documents"), ==, 1);
  }
  {
    g_auto(AttestTestRun) a = cli (f->dir, "--db", f->db, "import", "");
    g_auto(AttestTestRun) b = cli (f->dir, "--db", f->db, "backup", "a.db", "b.db");
    g_auto(AttestTestRun) c = cli (f->dir, "--db", f->db, "export", "csv", "-o", "");

    g_assert_cmpint (a.status, ==, 2);
    g_assert_nonnull (strstr (a.err, "argument is empty"));
    g_assert_cmpint (b.status, ==, 2);
    g_assert_nonnull (strstr (b.err, "takes one file"));
    g_assert_cmpint (c.status, ==, 2);
  }
  /* A zero-width space is no part of a name. */
  {
    g_auto(AttestTestRun) r = cli (NULL, "--db", f->db, "--annotator", "Boris\u200b", "annotate", "1",
                         "--category", "training", "--range", "1:9");

    g_assert_cmpint (r.status, ==, 0);
    g_assert_cmpint (count_rows (f->db, "SELECT count(*) FROM annotators WHERE name = 'Boris'"), ==, 1);
  }
}

/* A pipe where SQLite looks for the journal, WAL or shared memory would
 * block it: refused at once. */
static void
test_side_files (Fixture       *f,
                 gconstpointer  data)
{
  static const char * const suffixes[] = { "-journal", "-wal", "-shm" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *db = g_strdup_printf ("%s/copy-%u.db", f->dir, i);
      g_autofree char *side = g_strconcat (db, suffixes[i], NULL);
      g_autoptr(GError) error = NULL;
      gint64 started;

      g_assert_true (attest_store_backup (f->store, db, &error));
      g_assert_no_error (error);
      g_assert_cmpint (mkfifo (side, 0644), ==, 0);
      started = g_get_monotonic_time ();
      {
        g_auto(AttestTestRun) r = cli (NULL, "--db", db, "documents");

        g_assert_cmpint (r.status, ==, 5);
        g_assert_nonnull (strstr (r.err, "not a regular file"));
      }
      g_assert_false (attest_store_merge (f->store, db, NULL, &error));
      g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_UNSAFE);
      g_assert_cmpint (g_get_monotonic_time () - started, <, 5 * G_TIME_SPAN_SECOND);
    }

  /* The open database's own -shm given as a copy to merge: refused by
   * what it is, before anything opens (and closes) it. */
  {
    g_autofree char *shm = g_strconcat (f->db, "-shm", NULL);
    g_autoptr(GError) error = NULL;

    g_assert_false (attest_store_merge (f->store, shm, NULL, &error));
    g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID);
    g_assert_true (holds_locks (f->db, getpid ()));
  }
  {
    g_autoptr(GFile) empty_file = NULL;
    g_autofree char *empty = g_build_filename (f->dir, "empty.db", NULL);
    g_autoptr(GError) error = NULL;

    g_assert_true (g_file_set_contents (empty, "", 0, NULL));
    g_assert_false (attest_store_merge (f->store, empty, NULL, &error));
    g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_EMPTY);
  }
}

/* A creation killed at any moment leaves no file, or a whole database;
 * one on a full disk leaves nothing. */
static void
test_killed_creation (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *article = attest_test_sample_path ("000_7978e9767d1c15ca.txt");
  g_autofree char *db = g_build_filename (f->dir, "new.db", NULL);
  g_autofree char *before = NULL;
  guint whole = 0, none = 0;

  g_clear_object (&f->store);
  before = listing (f->dir);
  for (guint round = 0; round < 40; round++)
    {
      g_autoptr(GSubprocess) proc = NULL;
      g_autoptr(GError) error = NULL;

      proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error,
                               g_getenv ("ATTEST_CLI"), "--db", db, "import", article, NULL);
      g_assert_no_error (error);
      g_usleep (g_random_int_range (0, 40) * G_TIME_SPAN_MILLISECOND);
      g_subprocess_force_exit (proc);
      g_subprocess_wait (proc, NULL, NULL);

      if (g_file_test (db, G_FILE_TEST_EXISTS))
        {
          g_auto(AttestTestRun) r = cli (NULL, "--db", db, "documents");

          g_assert_cmpint (r.status, ==, 0);
          whole++;
        }
      else
        none++;
      {
        static const char * const names[] = { "", "-wal", "-shm", "-journal" };

        for (guint k = 0; k < G_N_ELEMENTS (names); k++)
          {
            g_autofree char *p = g_strconcat (db, names[k], NULL);
            g_unlink (p);
          }
      }
      assert_made_str (listing (f->dir), before);
    }
  g_test_message ("%u creations killed before the file appeared, %u after", none, whole);

  {
    g_autofree char *out = NULL, *err = NULL;
    g_autofree char *script = g_strdup_printf (
      "exec unshare -rm sh -c '"
      "mount -t tmpfs -o size=64k tmpfs \"$2\" || exit 99; "
      "\"$0\" --db \"$2/new.db\" import \"$1\"; echo \"status=$?\"; ls -A \"$2\" | wc -l' "
      "\"$0\" \"$1\" \"$2\"");
    g_autofree char *mount_point = g_build_filename (f->dir, "small-disk", NULL);
    int status;

    g_assert_cmpint (g_mkdir (mount_point, 0755), ==, 0);
    status = run_limited (script, article, mount_point, &out, &err);
    if (status == 99 || (status != 0 && strstr (err, "unshare")))
      {
        g_test_message ("no small disk here (%s); a full disk not tried", err);
        return;
      }
    g_test_message ("creation on a full disk: %s %s", out, err);
    g_assert_cmpint (status, ==, 0);
    g_assert_nonnull (strstr (out, "status=8\n0\n"));
    g_assert_nonnull (strstr (err, "full"));
  }
}

/* Readers do not wait for a writer: opening a database at this version
 * takes no lock. */
static void
test_readers_do_not_wait (Fixture       *f,
                          gconstpointer  data)
{
  pid_t child;
  int ready[2];
  char byte;
  gint64 started;

  g_clear_object (&f->store);
  g_assert_cmpint (pipe (ready), ==, 0);
  child = fork ();
  g_assert_cmpint (child, >=, 0);
  if (child == 0)
    {
      sqlite3 *db = NULL;

      if (sqlite3_open (f->db, &db) != SQLITE_OK || sqlite3_exec (db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
        _exit (1);
      if (write (ready[1], "x", 1) != 1)
        _exit (1);
      g_usleep (8 * G_TIME_SPAN_SECOND);
      _exit (0);
    }
  g_assert_cmpint (read (ready[0], &byte, 1), ==, 1);
  started = g_get_monotonic_time ();
  {
    g_auto(AttestTestRun) r = cli (NULL, "--db", f->db, "claims");
    g_auto(AttestTestRun) e = cli (f->dir, "--db", f->db, "export", "csv", "-o", "while-locked.csv");

    g_assert_cmpint (r.status, ==, 0);
    g_assert_nonnull (strstr (r.out, "4 claims"));
    g_assert_cmpint (e.status, ==, 0);
  }
  g_assert_cmpint (g_get_monotonic_time () - started, <, 4 * G_TIME_SPAN_SECOND);
  kill (child, SIGKILL);
  waitpid (child, NULL, 0);
  close (ready[0]);
  close (ready[1]);
}

/* Refused files get nothing new beside them; an upgrade never replaces an
 * older copy. */
static void
test_leaves_alone (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *foreign = g_build_filename (f->dir, "foreign.db", NULL);
  g_autofree char *copy = g_strdup_printf ("%s.before-v%d.bak", f->db, ATTEST_STORE_SCHEMA_VERSION);
  g_autofree char *second = g_strdup_printf ("%s.before-v%d.2.bak", f->db, ATTEST_STORE_SCHEMA_VERSION);
  g_autofree char *contents = NULL;
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (foreign, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA journal_mode = WAL; PRAGMA application_id = 7;"
                                     " CREATE TABLE t (x); INSERT INTO t VALUES (1);", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  {
    g_autofree char *before = listing (f->dir);
    g_auto(AttestTestRun) r = cli (NULL, "--db", foreign, "documents");

    g_assert_cmpint (r.status, ==, 5);
    assert_made_str (listing (f->dir), before);
  }

  g_clear_object (&f->store);
  make_version_1 (f->db);
  g_assert_true (g_file_set_contents (copy, "MY OLD BACKUP", -1, NULL));
  {
    g_auto(AttestTestRun) r = cli (NULL, "--db", f->db, "documents");
    g_assert_cmpint (r.status, ==, 0);
  }
  g_assert_true (g_file_get_contents (copy, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "MY OLD BACKUP");
  g_assert_cmpint (count_rows (second, "SELECT user_version FROM pragma_user_version"), ==, 1);
  g_assert_cmpint (count_rows (second, "SELECT count(*) FROM claims"), ==, 4);
}

/* A database whose changes wait in its WAL, in a folder nobody may write
 * to and without its -shm, cannot be read: said so, with exit 6. */
static void
test_read_only_wal (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *folder = g_build_filename (f->dir, "shelf", NULL);
  g_autofree char *db = g_build_filename (folder, "busy.db", NULL);
  g_autofree char *shm = g_strconcat (db, "-shm", NULL);
  g_autofree char *setpriv = g_find_program_in_path ("setpriv");
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) read = NULL;
  g_autofree char *out = NULL, *err = NULL;
  pid_t child;
  int status;

  if (geteuid () != 0 || setpriv == NULL)
    {
      g_test_skip ("needs root and setpriv to take write permission away from a second user");
      return;
    }
  g_assert_cmpint (g_mkdir (folder, 0755), ==, 0);
  g_assert_true (attest_store_backup (f->store, db, &error));
  g_assert_no_error (error);
  /* A writer killed after a commit leaves its WAL; the -shm goes. */
  child = fork ();
  if (child == 0)
    {
      sqlite3 *h = NULL;

      if (sqlite3_open (db, &h) != SQLITE_OK ||
          sqlite3_exec (h, "PRAGMA wal_autocheckpoint = 0; UPDATE claims SET comment = 'late'", NULL, NULL, NULL)
          != SQLITE_OK)
        _exit (1);
      kill (getpid (), SIGKILL);
    }
  waitpid (child, &status, 0);
  g_unlink (shm);
  g_chmod (f->dir, 0755);
  g_chmod (folder, 0555);
  read = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error,
                           setpriv, "--reuid=65534", "--regid=65534", "--clear-groups",
                           g_getenv ("ATTEST_CLI"), "--db", db, "claims", NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (read, NULL, NULL, &out, &err, NULL);
  g_chmod (folder, 0755);
  g_assert_cmpint (g_subprocess_get_exit_status (read), ==, 6);
  g_assert_nonnull (strstr (err, "cannot be read here"));
}

/* Runs the command line as "nobody"; the caller checked for root and setpriv. */
static AttestTestRun
cli_as_nobody (const char *first,
               ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) p = NULL;
  g_autoptr(GError) error = NULL;
  AttestTestRun r = { 0 };
  va_list ap;

  g_ptr_array_add (argv, (char *) "setpriv");
  g_ptr_array_add (argv, (char *) "--reuid=65534");
  g_ptr_array_add (argv, (char *) "--regid=65534");
  g_ptr_array_add (argv, (char *) "--clear-groups");
  g_ptr_array_add (argv, (char *) g_getenv ("ATTEST_CLI"));
  va_start (ap, first);
  for (const char *a = first; a != NULL; a = va_arg (ap, const char *))
    g_ptr_array_add (argv, (char *) a);
  va_end (ap);
  g_ptr_array_add (argv, NULL);
  p = g_subprocess_newv ((const char * const *) argv->pdata,
                         G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (p, NULL, NULL, &r.out, &r.err, &error);
  g_assert_no_error (error);
  r.status = g_subprocess_get_exit_status (p);
  return r;
}

/* Reading a database one may not write leaves nothing beside it: a -wal
 * and -shm of the reader's would stop the owner saving. Where such files
 * are there already, the owner is told what stops them. */
static void
test_unwritable_file (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *folder = g_build_filename (f->dir, "team", NULL);
  g_autofree char *db = g_build_filename (folder, "shared.db", NULL);
  g_autofree char *wal = g_strconcat (db, "-wal", NULL);
  g_autofree char *shm = g_strconcat (db, "-shm", NULL);
  g_autofree char *setpriv = g_find_program_in_path ("setpriv");
  g_autoptr(GError) error = NULL;

  if (geteuid () != 0 || setpriv == NULL)
    {
      g_test_skip ("needs root and setpriv to read as a second user");
      return;
    }
  g_assert_cmpint (g_mkdir (folder, 0755), ==, 0);
  g_assert_true (attest_store_backup (f->store, db, &error));
  g_assert_no_error (error);
  g_chmod (f->dir, 0755);
  g_assert_cmpint (g_chmod (folder, 01777), ==, 0);
  g_assert_cmpint (g_chmod (db, 0644), ==, 0);
  {
    g_auto(AttestTestRun) r = cli_as_nobody ("--db", db, "claims", NULL);

    g_assert_cmpint (r.status, ==, 0);
    g_assert_nonnull (strstr (r.out, "4 claims"));
  }
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (shm, G_FILE_TEST_EXISTS));
  {
    g_auto(AttestTestRun) r = cli (NULL, "--db", db, "annotate", "1", "--category", "training", "--range", "1:9");

    g_assert_cmpint (r.status, ==, 0);
  }

  /* Now the other way round: nobody owns the database, and root left a
   * -wal it cannot write. */
  g_assert_cmpint (chown (db, 65534, 65534), ==, 0);
  g_assert_true (g_file_set_contents (wal, "", 0, NULL));
  g_assert_cmpint (g_chmod (wal, 0644), ==, 0);
  {
    g_auto(AttestTestRun) r = cli_as_nobody ("--db", db, "annotate", "1", "--category", "training", "--range", "2:9", NULL);

    g_assert_cmpint (r.status, ==, 6);
    g_assert_nonnull (strstr (r.err, "-wal” beside it belongs to another user"));
  }
  g_unlink (wal);
  g_unlink (shm);
  g_assert_cmpint (count_rows (db, "SELECT count(*) FROM claims"), ==, 5);
}

/* Merging reads the other copy and leaves nothing beside it, whether the
 * copy is merged or refused. */
static void
test_merge_leaves_nothing (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *copy = g_build_filename (f->dir, "copy.db", NULL);
  g_autofree char *broken = g_build_filename (f->dir, "broken.db", NULL);
  g_autoptr(GError) error = NULL;
  const char *copies[] = { copy, broken };
  int fd;

  g_assert_true (attest_store_backup (f->store, copy, &error));
  g_assert_no_error (error);
  g_assert_true (attest_store_backup (f->store, broken, &error));
  g_assert_no_error (error);
  /* Page 3 overwritten with garbage: readable header, damaged inside. */
  fd = open (broken, O_WRONLY);
  g_assert_cmpint (fd, >=, 0);
  {
    char junk[4096];

    memset (junk, 0x5a, sizeof junk);
    g_assert_cmpint (pwrite (fd, junk, sizeof junk, 2 * 4096), ==, sizeof junk);
  }
  close (fd);

  for (guint i = 0; i < G_N_ELEMENTS (copies); i++)
    {
      g_autofree char *wal = g_strconcat (copies[i], "-wal", NULL);
      g_autofree char *shm = g_strconcat (copies[i], "-shm", NULL);
      g_auto(AttestTestRun) r = cli (NULL, "--db", f->db, "merge", copies[i]);

      g_assert_cmpint (r.status, ==, i == 0 ? 0 : 5);
      if (i == 1)
        {
          /* One line, SQLite's first finding. */
          g_assert_nonnull (strstr (r.err, "is damaged (SQLite's check found: "));
          g_assert_true (g_str_has_suffix (r.err, "nothing was merged\n"));
          g_assert_true (strchr (r.err, '\n') == r.err + strlen (r.err) - 1);
        }
      g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
      g_assert_false (g_file_test (shm, G_FILE_TEST_EXISTS));
    }
}

/* A file whose size the file system does not know (files in /proc say
 * 0) is read to its end, as the same bytes read whole would be. */
static void
test_unknown_size (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GFile) file = g_file_new_for_path ("/proc/version");
  g_autoptr(AttestDocument) streamed = NULL;
  g_autoptr(AttestDocument) whole = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (!g_file_get_contents ("/proc/version", &contents, &length, NULL))
    {
      g_test_skip ("no /proc/version here");
      return;
    }
  g_assert_cmpuint (length, >, 1);
  streamed = attest_article_reader_read_file (file, NULL, &error);
  g_assert_no_error (error);
  bytes = g_bytes_new_take (g_steal_pointer (&contents), length);
  whole = attest_article_reader_read_bytes (bytes, "version", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (streamed->text, ==, whole->text);
}

/* A command that changes what is in a database, or reads it, does not
 * create one: failing, it would leave an empty database behind. */
static void
test_no_empty_database (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *missing = g_build_filename (f->dir, "typo.db", NULL);
  const char *commands[][8] = {
    { "annotate", "1", "--category", "training", "--range", "1:9", NULL },
    { "delete", "1", NULL },
    { "claims", NULL },
    { "export", "csv", "-o", "out.csv", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autoptr(GPtrArray) argv = g_ptr_array_new ();
      g_auto(AttestTestRun) r = { 0 };

      g_ptr_array_add (argv, (char *) "--db");
      g_ptr_array_add (argv, missing);
      for (guint j = 0; commands[i][j]; j++)
        g_ptr_array_add (argv, (char *) commands[i][j]);
      g_ptr_array_add (argv, NULL);
      r = attest_test_cli_argv (f->dir, (const char * const *) argv->pdata);
      g_assert_cmpint (r.status, ==, 3);
      g_assert_nonnull (strstr (r.err, "there is no database"));
      g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));
    }
}

/* Renamed while open: SQLite would go on with the old file but keep its
 * WAL beside the old name, so a claim would be saved outside the file
 * under its new name. The store refuses to write instead. */
static void
test_renamed (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *moved = g_build_filename (f->dir, "moved.db", NULL);
  g_autoptr(AttestClaim) claim = NULL;
  g_autoptr(GError) error = NULL;

  /* What was saved before is in the file (a move leaves the WAL behind
   * under the old name; SQLite does not follow it). */
  g_assert_cmpint (count_rows (f->db, "PRAGMA wal_checkpoint(TRUNCATE)"), ==, 0);
  g_assert_cmpint (g_rename (f->db, moved), ==, 0);
  claim = attest_store_add_claim (f->store, f->doc, 50, 60, "training", NULL, NULL, &error);
  g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_UNSAFE);
  g_assert_null (claim);
  g_assert_nonnull (strstr (error->message, "was moved, renamed or replaced"));
  g_clear_object (&f->store);
  g_assert_cmpint (count_rows (moved, "SELECT count(*) FROM claims"), ==, 4);
}

/* /dev/stdout leads to a pipe no path spells: refused as what it is. */
static void
test_standard_output (Fixture       *f,
                      gconstpointer  data)
{
  g_auto(AttestTestRun) r = cli (NULL, "--db", f->db, "export", "csv", "-o", "/dev/stdout");
  g_autofree char *log = g_build_filename (f->dir, "log.txt", NULL);
  g_autofree char *kept = NULL;
  g_autoptr(GError) error = NULL;
  const char *names[] = { "/dev/stdout", "/dev/fd/1", "/proc/self/fd/1", "/dev/fd/../fd/1" };

  g_assert_cmpint (r.status, ==, 4);
  g_assert_nonnull (strstr (r.err, "not a regular file"));

  /* Appended to a file by the shell, it is still a descriptor: replacing
   * the file would lose what was there. */
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      const char *argv[] = { "/bin/sh", "-c", "\"$0\" --db \"$1\" export csv -o \"$3\" >> \"$2\"",
                             g_getenv ("ATTEST_CLI"), f->db, log, names[i], NULL };
      int status;

      g_clear_pointer (&kept, g_free);
      g_assert_true (g_file_set_contents (log, "an earlier line\n", -1, NULL));
      g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                                   NULL, NULL, &status, &error));
      g_assert_no_error (error);
      g_assert_true (WIFEXITED (status));
      g_assert_cmpint (WEXITSTATUS (status), ==, 4);
      g_assert_true (g_file_get_contents (log, &kept, NULL, NULL));
      g_assert_cmpstr (kept, ==, "an earlier line\n");
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) \
  g_test_add ("/safety/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("locks-lost", test_locks_lost);
  ADD ("wal-removed", test_wal_removed);
  ADD ("parked", test_parked);
  ADD ("hard-links", test_hard_links);
  ADD ("odd-names", test_odd_names);
  ADD ("side-files", test_side_files);
  ADD ("killed-creation", test_killed_creation);
  ADD ("readers-do-not-wait", test_readers_do_not_wait);
  ADD ("leaves-alone", test_leaves_alone);
  ADD ("read-only-wal", test_read_only_wal);
  ADD ("standard-output", test_standard_output);
  ADD ("unwritable-file", test_unwritable_file);
  ADD ("merge-leaves-nothing", test_merge_leaves_nothing);
  ADD ("unknown-size", test_unknown_size);
  ADD ("no-empty-database", test_no_empty_database);
  ADD ("renamed", test_renamed);
#undef ADD

  return g_test_run ();
}
