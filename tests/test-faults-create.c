/* test-faults-create.c — a full disk and failing I/O at every write and sync
 * of setting up an empty file as a database and of upgrading a version 1
 * one: the next open sets it up, or upgrades it, completely. */
#include "test-faults-fixture.h"

/* -------------------------------------------------------------- creating */

#define DEFAULT_CATEGORIES 13

/* What creating a database yields, without timestamps: the header fields,
 * the schema, the default taxonomy and the (zero) rows of the other
 * tables. */
static char *
dump_new_database (const char *path)
{
  GString *out = g_string_new (NULL);
  sqlite3 *db = raw_open (path);

  append_rows (out, db, "PRAGMA application_id");
  append_rows (out, db, "PRAGMA user_version");
  append_rows (out, db, "PRAGMA journal_mode");
  append_rows (out, db, "SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY name");
  append_rows (out, db, "SELECT key, label, description, color, shortcut, parent_key, retired, position,"
                        " version FROM categories ORDER BY id");
  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM %s", tables[i]);
      append_rows (out, db, sql);
    }
  sqlite3_close (db);
  return g_string_free (out, FALSE);
}

/* The file at f->path is a whole new database, as one created without
 * faults: ours, of the current schema, with the default taxonomy; @sound:
 * and passes every check of assert_sound(). */
static void
assert_created (Fixture  *f,
                gboolean  sound)
{
  g_autofree char *dump = dump_new_database (f->path);
  sqlite3 *db = raw_open (f->path);

  g_assert_cmpint (raw_int (db, "PRAGMA application_id"), ==, ATTEST_STORE_APPLICATION_ID);
  g_assert_cmpint (raw_int (db, "PRAGMA user_version"), ==, ATTEST_STORE_SCHEMA_VERSION);
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM categories"), ==, DEFAULT_CATEGORIES);
  sqlite3_close (db);
  g_assert_cmpstr (dump, ==, f->schema);
  if (sound)
    assert_sound (f->path, NULL);
  else
    assert_quick (f->path);
}

static void
create_set_up (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(AttestStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *reference = NULL;

  faults_disarm ();
  f->dir = attest_test_make_tmp_dir ("attest-faults-XXXXXX");
  f->path = g_build_filename (f->dir, "new.db", NULL);
  reference = g_build_filename (f->dir, "reference.db", NULL);

  store = attest_store_open (reference, ATTEST_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_clear_object (&store);
  f->schema = dump_new_database (reference);
}

/* attest_store_open() on a path where there is no file, with the fault at
 * call @position. @phases counts the failures while opening (switching to
 * WAL) and while setting up the schema; @leftovers those that left a
 * non-empty file or a WAL behind. Returns TRUE when creating made fewer
 * calls than that. */
static gboolean
create_fault_at (Fixture         *f,
                 const FaultKind *kind,
                 guint            position,
                 guint            phases[2],
                 guint           *leftovers)
{
  static const char * const doing[2] = { "opening", "setting up the database" };
  g_autoptr(AttestStore) store = NULL;
  g_autoptr(GError) error = NULL;
  guint fired;
  guint phase;

  /* An empty file is set up in place, through SQLite's own files (a path
   * with no file is built elsewhere; see test_create_new_faults()). */
  remove_database (f->path);
  g_assert_true (g_file_set_contents (f->path, "", 0, NULL));
  faults_arm (kind->target, kind->rc, kind->sticky, position);
  store = attest_store_open (f->path, ATTEST_STORE_OPEN_DEFAULT, &error);
  fired = faults.fired;
  faults_disarm ();

  if (store != NULL)
    {
      g_assert_no_error (error);
      g_assert_cmpuint (fired, ==, 0);
      g_clear_object (&store);
      assert_created (f, TRUE);
      return TRUE;
    }

  /* The fault surfaced as our error, in words. */
  g_assert_cmpuint (fired, >=, 1);
  g_assert_error (error, ATTEST_ERROR, kind->expected);
  for (phase = 0; phase < G_N_ELEMENTS (doing); phase++)
    {
      g_autofree char *expected = NULL;

      if (kind->expected == ATTEST_ERROR_FULL)
        expected = g_strdup_printf ("The disk holding “%s” is full; %s failed and nothing was changed",
                                    f->path, doing[phase]);
      else
        expected = g_strdup_printf ("Could not access “%s” while %s: disk I/O error",
                                    f->path, doing[phase]);
      if (g_str_equal (error->message, expected))
        break;
    }
  if (phase == G_N_ELEMENTS (doing))
    g_error ("unexpected message: %s", error->message);
  phases[phase]++;
  g_clear_error (&error);

  {
    g_autofree char *wal = g_strconcat (f->path, "-wal", NULL);
    GStatBuf st;

    if ((g_stat (f->path, &st) == 0 && st.st_size > 0) || g_file_test (wal, G_FILE_TEST_EXISTS))
      (*leftovers)++;
  }

  /* Whatever the failure left behind, opening the same path again, the
   * disk freed, sets up a whole database, as a new store sees it... */
  store = attest_store_open (f->path, ATTEST_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);
  assert_created (f, FALSE);

  /* ...and once every connection is closed, still so. */
  g_clear_object (&store);
  assert_created (f, TRUE);
  return FALSE;
}

static void
test_create_faults (Fixture       *f,
                    gconstpointer  data)
{
  const FaultKind *kind = data;
  guint phases[2] = { 0, 0 };
  guint leftovers = 0;
  guint n;

  for (n = 1; n <= MAX_POSITION; n++)
    if (create_fault_at (f, kind, n, phases, &leftovers))
      break;
  g_assert_cmpuint (n, <=, MAX_POSITION);
  /* Both the switch to WAL and the schema are written and synced. */
  g_assert_cmpuint (phases[0], >=, 1);
  g_assert_cmpuint (phases[1], >=, 1);

  g_test_message ("set up an empty file, %s: failed at each of %u %s calls (%u while switching to WAL, "
                  "%u while setting up the schema and the default taxonomy); "
                  "%u failures left a file behind, each set up whole when opened again",
                  kind->name, n - 1, kind->target == FAULT_WRITE ? "xWrite" : "xSync",
                  phases[0], phases[1], leftovers);
}


/* A path with no file: the database is built in a file without a name
 * (attest-output-file.h) and linked into place whole, so no write or sync
 * goes through SQLite's files there, and no fault can leave half a
 * database (test-safety.c fills a real disk and kills the creation). */
static void
test_create_new_faults (Fixture       *f,
                        gconstpointer  data)
{
  const FaultKind *kind = data;
  g_autoptr(AttestStore) store = NULL;
  g_autoptr(GError) error = NULL;
  guint calls;

  remove_database (f->path);
  faults_arm (kind->target, kind->rc, kind->sticky, 1);
  store = attest_store_open (f->path, ATTEST_STORE_OPEN_DEFAULT, &error);
  calls = faults.calls;
  faults_disarm ();
  g_assert_no_error (error);
  g_assert_cmpuint (calls, ==, 0);
  g_clear_object (&store);
  assert_created (f, TRUE);
}

/* --------------------------------------------------------------- upgrade */

/* A version 1 database (schema 2 without its curation index) with an
 * article and claims, kept beside as "v1.db" to start each run from. */
static void
upgrade_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *v1 = NULL;
  sqlite3 *db;

  fixture_set_up (f, data);
  db = raw_open (f->path);
  g_assert_cmpint (sqlite3_exec (db, ATTEST_TEST_MAKE_VERSION_1, NULL, NULL, NULL),
                   ==, SQLITE_OK);
  sqlite3_close (db);
  v1 = g_build_filename (f->dir, "v1.db", NULL);
  copy_database (f->path, v1);
}

static gboolean
upgrade_fault_at (Fixture         *f,
                  const FaultKind *kind,
                  guint            position)
{
  static const char * const doing[2] = { "opening", "setting up the database" };
  g_autofree char *v1 = g_build_filename (f->dir, "v1.db", NULL);
  g_autofree char *copy = g_strdup_printf ("%s.before-v%d.bak", f->path, ATTEST_STORE_SCHEMA_VERSION);
  g_autoptr(AttestStore) store = NULL;
  g_autoptr(GError) error = NULL;
  Counts before = count_rows_at (v1);
  gboolean matched = FALSE;
  guint fired;
  sqlite3 *db;

  copy_database (v1, f->path);
  g_remove (copy);
  faults_arm (kind->target, kind->rc, kind->sticky, position);
  store = attest_store_open (f->path, ATTEST_STORE_OPEN_DEFAULT, &error);
  fired = faults.fired;
  faults_disarm ();

  if (store != NULL)
    {
      g_assert_no_error (error);
      g_assert_cmpuint (fired, ==, 0);
      g_clear_object (&store);
      db = raw_open (f->path);
      g_assert_cmpint (raw_int (db, "PRAGMA user_version"), ==, ATTEST_STORE_SCHEMA_VERSION);
      sqlite3_close (db);
      return TRUE;
    }

  g_assert_cmpuint (fired, >=, 1);
  g_assert_error (error, ATTEST_ERROR, kind->expected);
  for (guint phase = 0; phase < G_N_ELEMENTS (doing) && !matched; phase++)
    {
      g_autofree char *expected = kind->expected == ATTEST_ERROR_FULL
        ? g_strdup_printf ("The disk holding “%s” is full; %s failed and nothing was changed", f->path, doing[phase])
        : g_strdup_printf ("Could not access “%s” while %s: disk I/O error", f->path, doing[phase]);

      matched = g_str_equal (error->message, expected);
    }
  if (!matched)
    g_error ("unexpected message: %s", error->message);

  /* Still version 1, every row there and sound. */
  {
    Counts after = count_rows (f);

    assert_counts_equal (&after, &before);
  }
  db = raw_open (f->path);
  g_assert_cmpint (raw_int (db, "PRAGMA user_version"), ==, 1);
  sqlite3_close (db);
  /* The copy taken before: absent, or whole at version 1. */
  if (g_file_test (copy, G_FILE_TEST_EXISTS))
    {
      Counts copied = count_rows_at (copy);

      assert_counts_equal (&copied, &before);
      db = raw_open (copy);
      g_assert_cmpint (raw_int (db, "PRAGMA user_version"), ==, 1);
      sqlite3_close (db);
    }
  /* And with the disk well again, it upgrades, and is sound. */
  assert_sound (f->path, NULL);
  db = raw_open (f->path);
  g_assert_cmpint (raw_int (db, "PRAGMA user_version"), ==, ATTEST_STORE_SCHEMA_VERSION);
  sqlite3_close (db);
  return FALSE;
}

static void
test_upgrade_faults (Fixture       *f,
                     gconstpointer  data)
{
  const FaultKind *kind = data;
  guint n;

  for (n = 1; n <= MAX_POSITION; n++)
    if (upgrade_fault_at (f, kind, n))
      break;
  g_assert_cmpuint (n, <=, MAX_POSITION);
  g_assert_cmpuint (n - 1, >=, 1);
  g_test_message ("upgrade, %s: failed at each of %u calls", kind->name, n - 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  register_fault_vfs ();

  for (guint k = 0; k < N_WRITE_FAULT_KINDS; k++)
    {
      g_autofree char *create = g_strdup_printf ("/faults/create/%s", fault_kinds[k].name);
      g_autofree char *create_new = g_strdup_printf ("/faults/create-new/%s", fault_kinds[k].name);
      g_autofree char *upgrade = g_strdup_printf ("/faults/upgrade/%s", fault_kinds[k].name);

      g_test_add (create, Fixture, &fault_kinds[k], create_set_up, test_create_faults, fixture_tear_down);
      g_test_add (create_new, Fixture, &fault_kinds[k], create_set_up, test_create_new_faults, fixture_tear_down);
      g_test_add (upgrade, Fixture, &fault_kinds[k], upgrade_set_up, test_upgrade_faults, fixture_tear_down);
    }

  return g_test_run ();
}
