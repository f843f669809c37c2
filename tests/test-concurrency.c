/* test-concurrency.c — a team on one database: several writer processes at
 * once, a writer killed with SIGKILL at random moments, and a write lock held
 * by another connection.
 *
 * The writers are tests/attest-test-writer.c, one process each (the path
 * comes from $ATTEST_TEST_WRITER). Each saves its claims one transaction at a
 * time and prints a claim's uuid as soon as the store acknowledged it; what
 * was printed is what must be found afterwards, intact.
 */
#include <glib/gstdio.h>
#include <signal.h>
#include <sqlite3.h>

#include "attest-article-reader.h"
#include "attest-error.h"
#include "attest-store.h"
#include "attest-test-utils.h"

#define SAMPLE            "002_362495c372b1300c.txt"
#define N_WRITERS         4
#define CLAIMS_PER_WRITER 2500
#define N_KILLS           50

/* From attest-store.c: BUSY_TIMEOUT_MS × BUSY_RETRIES attempts at BEGIN
 * IMMEDIATE, plus pauses of 10, 20, 40 and 80 ms between them. */
#define STORE_BUSY_BUDGET_MS (4 * 5000 + 150)

typedef struct {
  gint64      start;
  gint64      end;
  const char *category;  /* owned by Fixture.categories */
} Spec;

typedef struct {
  char        *dir;
  char        *path;
  char        *doc_uuid;
  char        *text;
  GArray      *words;       /* Spec, category unset: one word each */
  GPtrArray   *categories;  /* char*, usable keys */
} Fixture;

/* --------------------------------------------------------------- helpers */

/* Word runs of the text, in characters: a range made of whole words is
 * never blank and never splits a letter from its accent, so every range a
 * writer gets is one the store must accept. */
static GArray *
find_words (const char *text)
{
  GArray *words = g_array_new (FALSE, TRUE, sizeof (Spec));
  gint64 offset = 0;
  gint64 start = -1;

  for (const char *p = text; ; p = g_utf8_next_char (p), offset++)
    {
      gunichar c = g_utf8_get_char (p);
      gboolean in_word = c != 0 && (g_unichar_isalnum (c) || g_unichar_ismark (c));

      if (in_word && start < 0)
        start = offset;
      else if (!in_word && start >= 0)
        {
          Spec word = { start, offset, NULL };
          g_array_append_val (words, word);
          start = -1;
        }
      if (c == 0)
        break;
    }
  return words;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(AttestDocument) stored = NULL;
  g_autoptr(AttestStore) store = NULL;
  g_autoptr(GPtrArray) cats = NULL;
  g_autoptr(GError) error = NULL;

  f->dir = attest_test_make_tmp_dir ("attest-concurrency-XXXXXX");
  f->path = g_build_filename (f->dir, "team.db", NULL);

  store = attest_store_open (f->path, ATTEST_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  stored = attest_test_import_sample (store, SAMPLE, NULL);
  f->doc_uuid = g_strdup (stored->uuid);
  f->text = g_strdup (stored->text);
  g_assert_cmpint (g_utf8_strlen (f->text, -1), ==, stored->length);

  f->words = find_words (f->text);
  g_assert_cmpuint (f->words->len, >, 100);

  cats = attest_store_list_categories (store, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cats->len, >, 1);
  f->categories = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < cats->len; i++)
    g_ptr_array_add (f->categories,
                     g_strdup (((AttestCategory *) g_ptr_array_index (cats, i))->key));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  attest_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->path);
  g_free (f->doc_uuid);
  g_free (f->text);
  g_clear_pointer (&f->words, g_array_unref);
  g_clear_pointer (&f->categories, g_ptr_array_unref);
}

/* Writer @w's claim @i: one to four whole words, spread over the text, in a
 * category that cycles; the same for every run. */
static Spec
writer_spec (Fixture *f,
             guint    w,
             guint    i)
{
  guint a = (i * 7919u + w * 104729u) % f->words->len;
  guint b = MIN (a + (i + w) % 4, f->words->len - 1);
  Spec spec = {
    g_array_index (f->words, Spec, a).start,
    g_array_index (f->words, Spec, b).end,
    g_ptr_array_index (f->categories, (i + w) % f->categories->len),
  };

  return spec;
}

static char *
write_specs (Fixture *f,
             guint    w,
             guint    n)
{
  g_autoptr(GString) lines = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  char *path = g_strdup_printf ("%s/writer-%u.specs", f->dir, w);

  for (guint i = 0; i < n; i++)
    {
      Spec spec = writer_spec (f, w, i);

      g_string_append_printf (lines, "%" G_GINT64_FORMAT " %" G_GINT64_FORMAT " %s\n",
                              spec.start, spec.end, spec.category);
    }
  g_file_set_contents (path, lines->str, lines->len, &error);
  g_assert_no_error (error);
  return path;
}

static char *
writer_path (void)
{
  const char *env = g_getenv ("ATTEST_TEST_WRITER");

  if (env != NULL && *env != '\0')
    return g_strdup (env);
  return g_test_build_filename (G_TEST_BUILT, "attest-test-writer", NULL);
}

/* Starts a writer whose stdout and stderr go to files, so that nothing it
 * printed is lost when it is killed, and no pipe can fill up and stall it. */
static GSubprocess *
spawn_writer (Fixture    *f,
              const char *annotator,
              const char *specs,
              const char *out_path,
              const char *err_path)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_autofree char *writer = writer_path ();
  g_autoptr(GError) error = NULL;
  GSubprocess *proc;

  g_subprocess_launcher_set_stdout_file_path (launcher, out_path);
  g_subprocess_launcher_set_stderr_file_path (launcher, err_path);
  proc = g_subprocess_launcher_spawn (launcher, &error, writer,
                                      "--database", f->path,
                                      "--document", f->doc_uuid,
                                      "--annotator", annotator,
                                      "--specs", specs,
                                      NULL);
  g_assert_no_error (error);
  return proc;
}

/* The uuids a writer printed: complete lines only (a line cut by a kill
 * was never a whole acknowledgement). */
static GPtrArray *
read_uuids (const char *path)
{
  g_autofree char *contents = attest_test_read_file (path);
  g_auto(GStrv) lines = g_strsplit (contents, "\n", -1);
  GPtrArray *uuids = g_ptr_array_new_with_free_func (g_free);
  guint n = g_strv_length (lines);

  /* The last element follows the last newline: empty, or unfinished. */
  for (guint i = 0; i + 1 < n; i++)
    {
      g_assert_true (g_uuid_string_is_valid (lines[i]));
      g_ptr_array_add (uuids, g_strdup (lines[i]));
    }
  return uuids;
}

static char *
raw_text (sqlite3    *db,
          const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  char *value = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return value;
}

static gint64
raw_int (sqlite3    *db,
         const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

/* What SQLite itself says, on a connection of its own: the file is sound,
 * and every claim came with its 'create' history entry and vice versa (a
 * transaction cut in half would leave one without the other). Returns the
 * number of claims. */
static gint64
assert_database_sound (const char *path)
{
  sqlite3 *db = NULL;
  g_autofree char *integrity = NULL;
  gint64 claims;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  integrity = raw_text (db, "PRAGMA integrity_check");
  g_assert_cmpstr (integrity, ==, "ok");
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM pragma_foreign_key_check"), ==, 0);

  claims = raw_int (db, "SELECT count(*) FROM claims");
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM history"
                                " WHERE entity = 'claim' AND action = 'create'"), ==, claims);
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM claims c WHERE NOT EXISTS"
                                " (SELECT 1 FROM history h WHERE h.entity_uuid = c.uuid"
                                "  AND h.entity = 'claim' AND h.action = 'create')"), ==, 0);
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM history h"
                                " WHERE h.entity = 'claim' AND h.action = 'create' AND NOT EXISTS"
                                " (SELECT 1 FROM claims c WHERE c.uuid = h.entity_uuid)"), ==, 0);
  sqlite3_close (db);
  return claims;
}

static void
assert_store_check_ok (AttestStore *store)
{
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok = attest_store_check (store, &problems, &error);

  g_assert_no_error (error);
  for (guint i = 0; problems && i < problems->len; i++)
    g_test_message ("problem: %s", (const char *) g_ptr_array_index (problems, i));
  g_assert_true (ok);
  g_assert_cmpuint (problems->len, ==, 0);
}

/* All live claims by uuid. */
static GHashTable *
claims_by_uuid (AttestStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) claims = attest_store_list_claims (store, NULL, &error);
  GHashTable *table = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_object_unref);

  g_assert_no_error (error);
  for (guint i = 0; i < claims->len; i++)
    {
      AttestClaim *claim = g_ptr_array_index (claims, i);

      g_assert_true (g_hash_table_insert (table, claim->uuid, g_object_ref (claim)));
    }
  return table;
}

/* The claim acknowledged as @uuid is there exactly as the writer asked. */
static void
assert_claim (Fixture     *f,
              GHashTable  *claims,
              const char  *uuid,
              const Spec  *spec,
              const char  *annotator)
{
  AttestClaim *claim = g_hash_table_lookup (claims, uuid);
  g_autofree char *quote = NULL;

  if (claim == NULL)
    g_error ("claim %s, acknowledged to %s, is missing", uuid, annotator);
  quote = g_utf8_substring (f->text, spec->start, spec->end);
  g_assert_cmpstr (claim->document_uuid, ==, f->doc_uuid);
  g_assert_cmpint (claim->start, ==, spec->start);
  g_assert_cmpint (claim->end, ==, spec->end);
  g_assert_cmpstr (claim->category, ==, spec->category);
  g_assert_cmpstr (claim->annotator, ==, annotator);
  g_assert_cmpstr (claim->quote, ==, quote);
  g_assert_cmpstr (claim->status, ==, "draft");
  g_assert_cmpint (claim->version, ==, 1);
}

/* ----------------------------------------------------------------- tests */

/* Four analysts at once, each saving 2,500 claims one transaction at a
 * time: nobody sees an error, nothing is lost or mixed up. */
static void
test_concurrent_writers (Fixture       *f,
                         gconstpointer  data)
{
  GSubprocess *procs[N_WRITERS];
  char *outs[N_WRITERS];
  char *errs[N_WRITERS];
  char *annotators[N_WRITERS];
  g_autoptr(GHashTable) printed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) claims = NULL;
  g_autoptr(AttestStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GTimer) timer = NULL;
  double seconds;

  for (guint w = 0; w < N_WRITERS; w++)
    annotators[w] = g_strdup_printf ("Writer %u", w + 1);

  /* Specs first, so that the writers start as close together as possible. */
  {
    char *specs[N_WRITERS];

    for (guint w = 0; w < N_WRITERS; w++)
      {
        specs[w] = write_specs (f, w, CLAIMS_PER_WRITER);
        outs[w] = g_strdup_printf ("%s/writer-%u.out", f->dir, w);
        errs[w] = g_strdup_printf ("%s/writer-%u.err", f->dir, w);
      }

    timer = g_timer_new ();
    for (guint w = 0; w < N_WRITERS; w++)
      procs[w] = spawn_writer (f, annotators[w], specs[w], outs[w], errs[w]);
    for (guint w = 0; w < N_WRITERS; w++)
      {
        g_subprocess_wait (procs[w], NULL, &error);
        g_assert_no_error (error);
      }
    seconds = g_timer_elapsed (timer, NULL);

    for (guint w = 0; w < N_WRITERS; w++)
      g_free (specs[w]);
  }

  g_test_message ("%u writers × %u claims, one transaction each: %.2f s wall time (%.0f commits/s)",
                  N_WRITERS, CLAIMS_PER_WRITER, seconds,
                  N_WRITERS * CLAIMS_PER_WRITER / seconds);

  /* Zero errors reported to any writer. */
  for (guint w = 0; w < N_WRITERS; w++)
    {
      g_autofree char *err = attest_test_read_file (errs[w]);

      g_assert_cmpstr (err, ==, "");
      g_assert_true (g_subprocess_get_if_exited (procs[w]));
      g_assert_cmpint (g_subprocess_get_exit_status (procs[w]), ==, 0);
    }

  store = attest_store_open (f->path, ATTEST_STORE_OPEN_NO_CREATE, &error);
  g_assert_no_error (error);
  claims = claims_by_uuid (store);
  g_assert_cmpuint (g_hash_table_size (claims), ==, N_WRITERS * CLAIMS_PER_WRITER);

  for (guint w = 0; w < N_WRITERS; w++)
    {
      g_autoptr(GPtrArray) uuids = read_uuids (outs[w]);
      g_autoptr(GPtrArray) mine = NULL;
      AttestClaimFilter filter = { .annotator = annotators[w] };

      g_assert_cmpuint (uuids->len, ==, CLAIMS_PER_WRITER);
      for (guint i = 0; i < uuids->len; i++)
        {
          const char *uuid = g_ptr_array_index (uuids, i);
          Spec spec = writer_spec (f, w, i);

          /* No uuid is printed twice, by one writer or by two. */
          g_assert_true (g_hash_table_add (printed, g_strdup (uuid)));
          assert_claim (f, claims, uuid, &spec, annotators[w]);
        }

      mine = attest_store_list_claims (store, &filter, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (mine->len, ==, CLAIMS_PER_WRITER);
    }

  g_assert_cmpuint (g_hash_table_size (printed), ==, N_WRITERS * CLAIMS_PER_WRITER);
  assert_store_check_ok (store);
  g_assert_cmpint (assert_database_sound (f->path), ==, N_WRITERS * CLAIMS_PER_WRITER);

  for (guint w = 0; w < N_WRITERS; w++)
    {
      g_object_unref (procs[w]);
      g_free (outs[w]);
      g_free (errs[w]);
      g_free (annotators[w]);
    }
}

/* A writer killed with SIGKILL while it saves claims, 50 times over: every
 * claim it reported as saved is there, intact, and nothing is half-written. */
static void
test_crash_safety (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20240917);
  g_autofree char *specs = write_specs (f, 0, CLAIMS_PER_WRITER);
  g_autofree char *err_path = g_build_filename (f->dir, "crash.err", NULL);
  g_autoptr(GHashTable) acknowledged = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  const char *annotator = "Crashing Writer";
  gint64 claims_before = 0;
  guint total = 0;
  guint committed_unprinted = 0;

  for (guint run = 0; run < N_KILLS; run++)
    {
      g_autofree char *out_path = g_strdup_printf ("%s/crash-%02u.out", f->dir, run);
      g_autoptr(GSubprocess) proc = spawn_writer (f, annotator, specs, out_path, err_path);
      g_autoptr(GHashTable) claims = NULL;
      g_autoptr(GPtrArray) uuids = NULL;
      g_autoptr(AttestStore) store = NULL;
      g_autoptr(GError) error = NULL;
      guint delay_ms = g_rand_int_range (rand, 20, 301);
      gint64 claims_after;
      GStatBuf st;

      /* Kill it while it writes, not while it starts up. */
      for (guint waited = 0; ; waited++)
        {
          if (g_stat (out_path, &st) == 0 && st.st_size > 0)
            break;
          if (g_subprocess_get_identifier (proc) == NULL || waited > 20000)
            {
              g_autofree char *err = attest_test_read_file (err_path);
              g_error ("run %u: the writer saved nothing: %s", run, err);
            }
          g_usleep (G_TIME_SPAN_MILLISECOND / 2);
        }
      g_usleep (delay_ms * G_TIME_SPAN_MILLISECOND);
      g_subprocess_send_signal (proc, SIGKILL);
      g_subprocess_wait (proc, NULL, &error);
      g_assert_no_error (error);

      /* It died of the kill, not of an error or of running out of work. */
      g_assert_true (g_subprocess_get_if_signaled (proc));
      g_assert_cmpint (g_subprocess_get_term_sig (proc), ==, SIGKILL);
      {
        g_autofree char *err = attest_test_read_file (err_path);
        g_assert_cmpstr (err, ==, "");
      }

      uuids = read_uuids (out_path);
      g_assert_cmpuint (uuids->len, >, 0);
      g_assert_cmpuint (uuids->len, <, CLAIMS_PER_WRITER);
      total += uuids->len;

      /* Nothing half-written, and at most one claim committed but killed
       * before its uuid could be printed. */
      claims_after = assert_database_sound (f->path);
      g_assert_cmpint (claims_after - claims_before, >=, uuids->len);
      g_assert_cmpint (claims_after - claims_before, <=, uuids->len + 1);
      committed_unprinted += claims_after - claims_before - uuids->len;
      claims_before = claims_after;

      /* Every claim acknowledged so far, in this run and the ones before,
       * is there exactly as written. */
      for (guint i = 0; i < uuids->len; i++)
        g_assert_true (g_hash_table_insert (acknowledged,
                                            g_strdup (g_ptr_array_index (uuids, i)),
                                            GUINT_TO_POINTER (i)));
      store = attest_store_open (f->path, ATTEST_STORE_OPEN_NO_CREATE, &error);
      g_assert_no_error (error);
      claims = claims_by_uuid (store);
      g_assert_cmpuint (g_hash_table_size (claims), ==, claims_after);
      {
        GHashTableIter iter;
        gpointer key, value;

        g_hash_table_iter_init (&iter, acknowledged);
        while (g_hash_table_iter_next (&iter, &key, &value))
          {
            Spec spec = writer_spec (f, 0, GPOINTER_TO_UINT (value));
            assert_claim (f, claims, key, &spec, annotator);
          }
      }
      assert_store_check_ok (store);
    }

  g_assert_cmpuint (g_hash_table_size (acknowledged), ==, total);
  g_test_message ("%u kills: %u claims acknowledged, all found intact; "
                  "%u more were committed just before a kill, unacknowledged",
                  N_KILLS, total, committed_unprinted);
}

typedef struct {
  sqlite3 *db;
  guint    hold_ms;
  int      rc;
} Holder;

static gpointer
release_later (gpointer data)
{
  Holder *holder = data;

  g_usleep (holder->hold_ms * G_TIME_SPAN_MILLISECOND);
  holder->rc = sqlite3_exec (holder->db, "COMMIT", NULL, NULL, NULL);
  return NULL;
}

static sqlite3 *
take_write_lock (Fixture *f)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (f->path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "BEGIN IMMEDIATE", NULL, NULL, NULL), ==, SQLITE_OK);
  return db;
}

/* Another connection holds the write lock for a second: the save waits for
 * it, then succeeds, and the user sees no error. */
static void
test_busy_wait (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(AttestStore) store = NULL;
  g_autoptr(AttestClaim) claim = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GTimer) timer = NULL;
  Spec spec = writer_spec (f, 0, 0);
  Holder holder = { NULL, 1000, -1 };
  GThread *thread;
  double seconds;

  store = attest_store_open (f->path, ATTEST_STORE_OPEN_NO_CREATE, &error);
  g_assert_no_error (error);
  g_assert_true (attest_store_set_annotator (store, "Patient Writer", NULL));

  holder.db = take_write_lock (f);
  thread = g_thread_new ("holder", release_later, &holder);

  timer = g_timer_new ();
  claim = attest_store_add_claim (store, f->doc_uuid, spec.start, spec.end, spec.category,
                                  NULL, NULL, &error);
  seconds = g_timer_elapsed (timer, NULL);
  g_thread_join (thread);
  sqlite3_close (holder.db);

  g_assert_no_error (error);
  g_assert_nonnull (claim);
  g_assert_cmpint (holder.rc, ==, SQLITE_OK);
  /* It really waited for the lock, and not for the whole retry budget. */
  g_assert_cmpfloat (seconds, >=, 0.95);
  g_assert_cmpfloat (seconds, <, 5.0);
  g_test_message ("waited %.2f s for a lock held 1 s", seconds);

  g_assert_cmpint (claim->start, ==, spec.start);
  g_assert_cmpint (claim->end, ==, spec.end);
  g_assert_cmpint (assert_database_sound (f->path), ==, 1);
}

/* A lock held longer than the whole retry budget: the save gives up with
 * ATTEST_ERROR_BUSY and a sentence, never a raw SQLITE_BUSY; once the lock
 * is gone the same store saves again. About 20 s. */
static void
test_busy_timeout (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(AttestStore) store = NULL;
  g_autoptr(AttestClaim) claim = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GTimer) timer = NULL;
  g_autofree char *expected = NULL;
  Spec spec = writer_spec (f, 0, 0);
  sqlite3 *holder;
  double seconds;

  store = attest_store_open (f->path, ATTEST_STORE_OPEN_NO_CREATE, &error);
  g_assert_no_error (error);

  holder = take_write_lock (f);
  timer = g_timer_new ();
  claim = attest_store_add_claim (store, f->doc_uuid, spec.start, spec.end, spec.category,
                                  NULL, NULL, &error);
  seconds = g_timer_elapsed (timer, NULL);
  g_assert_cmpint (sqlite3_exec (holder, "COMMIT", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (holder);

  g_test_message ("gave up after %.2f s", seconds);
  g_assert_null (claim);
  g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_BUSY);
  expected = g_strdup_printf ("The database “%s” stayed locked by another program while "
                              "saving claims; try again", f->path);
  g_assert_cmpstr (error->message, ==, expected);
  g_assert_cmpfloat (seconds, >=, (STORE_BUSY_BUDGET_MS - 100) / 1000.0);
  g_assert_cmpfloat (seconds, <, (STORE_BUSY_BUDGET_MS + 5000) / 1000.0);
  g_clear_error (&error);

  claim = attest_store_add_claim (store, f->doc_uuid, spec.start, spec.end, spec.category,
                                  NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (claim);
  g_assert_cmpint (assert_database_sound (f->path), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) \
  g_test_add ("/concurrency/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("four-writers", test_concurrent_writers);
  ADD ("crash-safety", test_crash_safety);
  ADD ("busy-wait", test_busy_wait);
  ADD ("busy-timeout", test_busy_timeout);
#undef ADD

  return g_test_run ();
}
