/* test-safety-fixture.c — what the never-lose-work tests (test-safety and
 * test-safety-outside) share: the fixture, attest-cli runs, lock and file checks. */
#include "test-safety-fixture.h"

void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestDocument) doc = NULL;
  static const gint64 spans[][2] = { { 100, 140 }, { 200, 260 }, { 300, 330 }, { 1453, 1479 } };

  f->dir = attest_test_make_tmp_dir ("attest-safety-XXXXXX");
  f->db = g_build_filename (f->dir, "team.db", NULL);
  f->store = attest_store_open (f->db, ATTEST_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_true (attest_store_set_annotator (f->store, "Ana", NULL));
  doc = attest_test_import_sample (f->store, "002_362495c372b1300c.txt", NULL);
  f->doc = g_strdup (doc->uuid);
  for (guint i = 0; i < G_N_ELEMENTS (spans); i++)
    {
      g_autoptr(AttestClaim) c = attest_store_add_claim (f->store, f->doc, spans[i][0], spans[i][1],
                                                         "troop-deployment", NULL, NULL, &error);
      g_assert_no_error (error);
    }
}

void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  /* The test holds the last reference: a leaked one fails here. */
  if (f->store != NULL)
    g_assert_finalize_object (g_steal_pointer (&f->store));
  attest_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->db);
  g_free (f->doc);
}

/* --------------------------------------------------------------- helpers */
/* Whether process @pid holds the read locks every SQLite connection in WAL
 * mode keeps while it is open: on the database file's shared range
 * (PENDING_BYTE + 2, 510 bytes, in the unix VFS) and on the "DMS" byte
 * (128) of its -shm. A child process asks the kernel, since a process
 * never sees its own locks as conflicting. */
gboolean
holds_locks (const char *db,
             pid_t       pid)
{
  g_autofree char *shm = g_strconcat (db, "-shm", NULL);
  pid_t child;
  int status;

  child = fork ();
  g_assert_cmpint (child, >=, 0);
  if (child == 0)
    {
      struct flock on_db = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0x40000002, .l_len = 510 };
      struct flock on_shm = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 128, .l_len = 1 };
      int db_fd = open (db, O_RDONLY);
      int shm_fd = open (shm, O_RDONLY);

      if (db_fd < 0 || shm_fd < 0 || fcntl (db_fd, F_GETLK, &on_db) != 0 || fcntl (shm_fd, F_GETLK, &on_shm) != 0)
        _exit (2);
      _exit (on_db.l_type != F_UNLCK && on_db.l_pid == pid &&
             on_shm.l_type != F_UNLCK && on_shm.l_pid == pid ? 0 : 1);
    }
  g_assert_cmpint (waitpid (child, &status, 0), ==, child);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), !=, 2);
  return WEXITSTATUS (status) == 0;
}

char *
digest (const char *path)
{
  g_autofree char *contents = NULL;
  gsize length;

  if (!g_file_get_contents (path, &contents, &length, NULL))
    return g_strdup ("absent");
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, length);
}

/* How many pieces @sep cuts @text into. */
guint
count_pieces (const char *text,
              const char *sep)
{
  g_auto(GStrv) pieces = g_strsplit (text, sep, -1);

  return g_strv_length (pieces);
}

int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* What stat() says of @path: never open a file of the open database here,
 * or this process loses its locks, as the bug under test did. */
char *
fingerprint (const char *path)
{
  struct stat st;

  if (stat (path, &st) != 0)
    return g_strdup ("absent");
  return g_strdup_printf ("%lu:%ld:%ld.%09ld", (unsigned long) st.st_ino, (long) st.st_size,
                          (long) st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
}

/* The names in @dir, sorted and joined by spaces. */
char *
listing (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  while (d && (name = g_dir_read_name (d)))
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);
  return g_strjoinv (" ", (char **) names->pdata);
}

gint64
count_rows (const char *db,
            const char *sql)
{
  sqlite3 *h = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 n = -1;

  /* Read-write, so that closing removes the -wal and -shm it made. */
  g_assert_cmpint (sqlite3_open_v2 (db, &h, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  if (sqlite3_prepare_v2 (h, sql, -1, &stmt, NULL) == SQLITE_OK && sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (h);
  return n;
}

/* The database holds @total claims, @n of them by @name. */
void
assert_claims (const char *db,
               gint64      total,
               const char *name,
               gint64      n)
{
  char *sql = sqlite3_mprintf ("SELECT count(*) FROM claims c JOIN annotators a"
                               " ON a.id = c.annotator_id WHERE a.name = %Q", name);

  g_assert_cmpint (count_rows (db, "SELECT count(*) FROM claims"), ==, total);
  g_assert_cmpint (count_rows (db, sql), ==, n);
  sqlite3_free (sql);
}

/* Runs @script (sh) with the CLI, the database and @target as $0 $1 $2;
 * returns its exit status and stderr. */
int
run_limited (const char  *script,
             const char  *db,
             const char  *target,
             char       **out,
             char       **err)
{
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;

  proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error,
                           "sh", "-c", script, g_getenv ("ATTEST_CLI"), db, target, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, out, err, &error);
  g_assert_no_error (error);
  return g_subprocess_get_exit_status (proc);
}

/* Schema 1: see attest-test-schema.h. */
void
make_version_1 (const char *path)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, ATTEST_TEST_MAKE_VERSION_1, NULL, NULL, NULL),
                   ==, SQLITE_OK);
  sqlite3_close (db);
}
