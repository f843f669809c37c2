/* test-faults.c — a full disk and failing I/O, at every write and every sync
 * an operation makes.
 *
 * The store opens its database through SQLite's default VFS (it passes no
 * VFS name to sqlite3_open_v2()), so this program registers, as the default,
 * a VFS that wraps "unix" and can make the Nth xWrite return SQLITE_FULL or
 * SQLITE_IOERR_WRITE, or the Nth xSync return SQLITE_IOERR_FSYNC. For each
 * operation (saving a claim, a batch of claims, importing an article,
 * merging a teammate's copy, setting up an empty file as a database, upgrading
 * an old one) and each kind of
 * fault, N runs from 1 up to the number of calls the operation makes. Every
 * time: the operation fails with ATTEST_ERROR_FULL or ATTEST_ERROR_DISK and a
 * sentence naming the file and what failed; with the faults off, a new
 * store finds every acknowledged claim intact, nothing of the failed
 * operation, and a sound file; and the store that saw the fault goes on
 * saving (merges again; for a new database: opening the same path again
 * sets it up completely).
 *
 * Upgrading a version 1 database (copied with the backup API, then
 * migrated in one transaction) gets the same treatment for writes and
 * syncs: a failed upgrade leaves the file at version 1 with every row, the
 * copy beside it absent or complete, and the next open upgrades it.
 * Reads fail at every position too, for the three operations: a failure
 * reported is a failure that changed nothing.
 *
 * This program: the three operations. Merging: test-faults-merge.c;
 * creating and upgrading: test-faults-create.c.
 */
#include "test-faults-fixture.h"

/* ----------------------------------------------------------------- tests */

/* One run with the fault at call @position. Returns TRUE when the
 * operation made fewer calls than that, so it succeeded untouched. @warm:
 * the same store acknowledged a claim just before, so the fault hits a WAL
 * that holds committed frames not yet copied into the database. */
static gboolean
fault_at (Fixture        *f,
          const Scenario *scenario,
          gboolean        warm,
          guint           position)
{
  const FaultKind *kind = scenario->kind;
  g_autoptr(AttestStore) store = open_store (f);
  g_autoptr(GPtrArray) claims = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = NULL;
  Counts before, after;
  gboolean done;
  guint fired;

  if (warm)
    save_acknowledged_claim (f, store);
  before = count_rows (f);

  faults_arm (kind->target, kind->rc, kind->sticky, position);
  done = run_operation (f, scenario->op, store, &error);
  fired = faults.fired;
  faults_disarm ();

  if (done)
    {
      /* Past the last call: nothing failed, so everything must be there. */
      g_assert_no_error (error);
      g_assert_cmpuint (fired, ==, 0);
      after = count_rows (f);
      switch (scenario->op)
        {
        case OP_CLAIM:
          g_assert_cmpint (count_of (&after, "claims"), ==, count_of (&before, "claims") + 1);
          break;
        case OP_BATCH:
          g_assert_cmpint (count_of (&after, "claims"), ==, count_of (&before, "claims") + BATCH_SIZE);
          break;
        case OP_IMPORT:
          g_assert_cmpint (count_of (&after, "documents"), ==, count_of (&before, "documents") + 1);
          break;
        case OP_IMPORT_BATCH:
          g_assert_cmpint (count_of (&after, "documents"), ==, count_of (&before, "documents") + 2);
          break;
        default:
          g_assert_not_reached ();
        }
      g_assert_cmpint (count_of (&after, "history"), >, count_of (&before, "history"));
      assert_intact (f);
      return TRUE;
    }

  /* The fault surfaced as our error, in words. */
  g_assert_cmpuint (fired, >=, 1);
  g_assert_error (error, ATTEST_ERROR, kind->expected);
  if (kind->expected == ATTEST_ERROR_FULL)
    expected = g_strdup_printf ("The disk holding “%s” is full; %s failed and nothing was changed",
                                f->path, operation_doing[scenario->op]);
  else
    expected = g_strdup_printf ("Could not access “%s” while %s: disk I/O error",
                                f->path, operation_doing[scenario->op]);
  if (kind->target == FAULT_READ)
    {
      g_autofree char *start = g_strdup_printf ("Could not access “%s” while ", f->path);

      /* A read fails in whatever step reads, named after "while"; SQLite's
       * own words follow ("disk I/O error", or the statement it was
       * preparing). */
      g_assert_true (g_str_has_prefix (error->message, start));
    }
  else if (scenario->op == OP_IMPORT_BATCH)
    {
      /* Three articles fill SQLite's cache: a fault may hit a write in the
       * middle of the batch, and the message names that step. */
      g_autofree char *start = kind->expected == ATTEST_ERROR_FULL
                               ? g_strdup_printf ("The disk holding “%s” is full; ", f->path)
                               : g_strdup_printf ("Could not access “%s” while ", f->path);
      const char *end = kind->expected == ATTEST_ERROR_FULL ? " failed and nothing was changed"
                                                            : ": disk I/O error";

      g_assert_true (g_str_has_prefix (error->message, start));
      g_assert_true (g_str_has_suffix (error->message, end));
    }
  else
    g_assert_cmpstr (error->message, ==, expected);
  g_clear_error (&error);

  /* Nothing of it reached the file, and the store that failed does not
   * see any of it either. */
  after = count_rows (f);
  assert_counts_equal (&after, &before);
  claims = attest_store_list_claims (store, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (claims->len, ==, count_of (&before, "claims"));

  /* Everything acknowledged is intact, seen by a new store while the one
   * that failed is still open... */
  assert_intact (f);

  /* ...which, the disk freed, goes on saving. */
  save_acknowledged_claim (f, store);
  g_clear_object (&store);

  /* And once every connection is closed (the WAL is checkpointed into the
   * database), still so. */
  assert_intact (f);
  return FALSE;
}

static void
test_faults (Fixture       *f,
             gconstpointer  data)
{
  const Scenario *scenario = data;
  guint positions[2] = { 0, 0 };

  for (guint warm = 0; warm < 2; warm++)
    {
      guint n;

      f->import = imported[warm];
      for (n = 1; n <= MAX_POSITION; n++)
        if (fault_at (f, scenario, warm, n))
          break;
      g_assert_cmpuint (n, <=, MAX_POSITION);
      positions[warm] = n - 1;
      /* A write transaction makes at least one write and one sync; it
       * reads through the VFS only what its cache lacks: nothing, once
       * warm. */
      if (scenario->kind->target != FAULT_READ || !warm)
        g_assert_cmpuint (positions[warm], >=, 1);
    }

  g_test_message ("%s, %s: failed at each of %u %s calls (fresh WAL) and %u (after a commit); "
                  "%u claims acknowledged",
                  operation_names[scenario->op], scenario->kind->name,
                  positions[0], scenario->kind->target == FAULT_WRITE ? "xWrite"
                                : scenario->kind->target == FAULT_READ ? "xRead" : "xSync",
                  positions[1], f->acknowledged->len);
}

int
main (int   argc,
      char *argv[])
{
  static Scenario scenarios[G_N_ELEMENTS (operation_names) * G_N_ELEMENTS (fault_kinds)];
  guint n = 0;

  g_test_init (&argc, &argv, NULL);
  register_fault_vfs ();

  for (guint op = 0; op < G_N_ELEMENTS (operation_names); op++)
    for (guint k = 0; k < G_N_ELEMENTS (fault_kinds); k++)
      {
        g_autofree char *path = g_strdup_printf ("/faults/%s/%s", operation_names[op],
                                                 fault_kinds[k].name);

        scenarios[n] = (Scenario) { op, &fault_kinds[k] };
        g_test_add (path, Fixture, &scenarios[n], fixture_set_up, test_faults, fixture_tear_down);
        n++;
      }

  return g_test_run ();
}
