/* test-faults-merge.c — a full disk and failing I/O at every write and sync
 * of merging a teammate's copy: a failed merge changes nothing, and the
 * store merges again once the faults are off. */
#include "test-faults-fixture.h"

/* ----------------------------------------------------------------- merge */

#define TEAMMATE "Olga Other"

/* The header fields, the schema, and every row of every table (the search
 * index's own tables too), as text read through a new connection in one
 * snapshot: two dumps are equal when the databases hold the same data. */
static char *
dump_database (const char *path)
{
  GString *out = g_string_new (NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  sqlite3 *db = raw_open (path);
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_exec (db, "BEGIN", NULL, NULL, NULL), ==, SQLITE_OK);
  append_rows (out, db, "PRAGMA application_id");
  append_rows (out, db, "PRAGMA user_version");
  append_rows (out, db, "SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY name");

  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT name FROM sqlite_schema WHERE type = 'table'"
                                           " AND sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY name",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (names, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_finalize (stmt);
  /* The tables this test counts, and the FTS5 shadow tables. */
  g_assert_cmpuint (names->len, >=, G_N_ELEMENTS (tables) + 4);

  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT * FROM \"%s\"",
                                              (const char *) g_ptr_array_index (names, i));
      append_rows (out, db, sql);
    }
  g_assert_cmpint (sqlite3_exec (db, "COMMIT", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  return g_string_free (out, FALSE);
}

/* Dumps are long: on a difference, show the first line that differs. */
static void
assert_dumps_equal (const char *got,
                    const char *want)
{
  const char *g = got;
  const char *w = want;
  const char *line = got;
  guint number = 1;

  if (g_str_equal (got, want))
    return;
  for (; *g != '\0' && *g == *w; g++, w++)
    if (*g == '\n')
      {
        line = g + 1;
        number++;
      }
  w -= g - line;
  g_error ("the database changed, line %u of its dump: “%.300s” where it was “%.300s”",
           number, line, w);
}

static void
assert_reports_equal (const AttestMergeReport *got,
                      const AttestMergeReport *want)
{
  g_assert_cmpuint (got->documents_added, ==, want->documents_added);
  g_assert_cmpuint (got->sources_added, ==, want->sources_added);
  g_assert_cmpuint (got->categories_added, ==, want->categories_added);
  g_assert_cmpuint (got->categories_updated, ==, want->categories_updated);
  g_assert_cmpuint (got->claims_added, ==, want->claims_added);
  g_assert_cmpuint (got->claims_updated, ==, want->claims_updated);
  g_assert_cmpuint (got->claims_deleted, ==, want->claims_deleted);
  g_assert_cmpuint (got->links_added, ==, want->links_added);
  g_assert_cmpuint (got->links_removed, ==, want->links_removed);
  g_assert_cmpuint (got->history_added, ==, want->history_added);
  g_assert_nonnull (got->conflicts);
  g_assert_cmpuint (got->conflicts->len, ==, want->conflicts->len);
  for (guint i = 0; i < want->conflicts->len; i++)
    {
      const AttestMergeConflict *a = g_ptr_array_index (got->conflicts, i);
      const AttestMergeConflict *b = g_ptr_array_index (want->conflicts, i);

      g_assert_cmpstr (a->entity, ==, b->entity);
      g_assert_cmpstr (a->uuid, ==, b->uuid);
      g_assert_cmpstr (a->field, ==, b->field);
      g_assert_cmpstr (a->ours, ==, b->ours);
      g_assert_cmpstr (a->theirs, ==, b->theirs);
    }
}

/* A merge went through: it reports what the fault-free merge reported,
 * and added as many rows to every table, to the database that held
 * @before. */
static void
assert_merged (Fixture                 *f,
               const AttestMergeReport *report,
               const Counts            *before)
{
  Counts after = count_rows (f);
  Counts want;

  assert_reports_equal (report, &f->expected);
  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    want.rows[i] = before->rows[i] + f->merged.rows[i];
  assert_counts_equal (&after, &want);
}

static AttestClaim *
add_claim (Fixture     *f,
           AttestStore *store)
{
  g_autoptr(GError) error = NULL;
  Claim claim = next_claim (f);
  AttestClaim *saved;

  saved = attest_store_add_claim (store, f->doc_uuid, claim.start, claim.end,
                                  g_ptr_array_index (f->categories, claim.category),
                                  NULL, NULL, &error);
  g_assert_no_error (error);
  return saved;
}

static void
set_comment (AttestStore *store,
             const char  *uuid,
             const char  *comment)
{
  g_autoptr(AttestClaim) claim = NULL;
  g_autoptr(GError) error = NULL;

  claim = attest_store_get_claim (store, uuid, &error);
  g_assert_no_error (error);
  g_free (claim->comment);
  claim->comment = g_strdup (comment);
  g_assert_true (attest_store_update_claim (store, claim, &error));
  g_assert_no_error (error);
}

static void
set_label (AttestStore *store,
           const char  *key,
           const char  *label)
{
  g_autoptr(AttestCategory) category = NULL;
  g_autoptr(GError) error = NULL;

  category = attest_store_get_category (store, key, &error);
  g_assert_no_error (error);
  g_free (category->label);
  category->label = g_strdup (label);
  g_assert_true (attest_store_update_category (store, category, &error));
  g_assert_no_error (error);
}

/* Two copies edited apart. Both share our five claims, one of them linked
 * to a source of the article and one that Olga will delete; then Olga, on
 * her copy (a backup of ours), adds claims (one linked), removes our link,
 * renames a category, deletes a claim, comments on one and imports an
 * article; and we add claims, comment on the same claim (a conflict) and
 * rename another category. The merge into a fresh copy of ours, without
 * faults, is what every merge below must report and add. */
static void
merge_set_up (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(AttestDocument) article = attest_test_read_sample (imported[0]);
  g_autoptr(AttestDocument) stored = NULL;
  g_autoptr(AttestStore) ours = NULL;
  g_autoptr(AttestStore) theirs = NULL;
  g_autoptr(AttestStore) reference = NULL;
  g_autoptr(AttestClaim) doomed = NULL;
  g_autoptr(GPtrArray) sources = NULL;
  g_autoptr(GArray) words = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *reference_path = NULL;
  const char *linked;
  const char *commented;
  Counts before, after;

  fixture_set_up (f, data);
  f->other = g_build_filename (f->dir, "olga.db", NULL);
  f->pristine = g_build_filename (f->dir, "pristine.db", NULL);
  reference_path = g_build_filename (f->dir, "reference.db", NULL);

  ours = open_store (f);
  sources = attest_store_list_sources (ours, f->doc_uuid, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sources->len, >=, 2);
  linked = g_array_index (f->acknowledged, Claim, 0).uuid;
  commented = g_array_index (f->acknowledged, Claim, 1).uuid;
  g_assert_true (attest_store_link (ours, linked, ((AttestSource *) sources->pdata[0])->uuid, &error));
  g_assert_no_error (error);
  doomed = add_claim (f, ours);
  g_assert_true (attest_store_backup (ours, f->other, &error));
  g_assert_no_error (error);

  theirs = attest_store_open (f->other, ATTEST_STORE_OPEN_NO_CREATE, &error);
  g_assert_no_error (error);
  g_assert_true (attest_store_set_annotator (theirs, TEAMMATE, NULL));
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(AttestClaim) made = add_claim (f, theirs);

      if (i == 0)
        g_assert_true (attest_store_link (theirs, made->uuid,
                                          ((AttestSource *) sources->pdata[1])->uuid, &error));
      g_assert_no_error (error);
    }
  g_assert_true (attest_store_unlink (theirs, linked, ((AttestSource *) sources->pdata[0])->uuid, &error));
  g_assert_no_error (error);
  set_label (theirs, g_ptr_array_index (f->categories, 2), "Renamed by Olga");
  g_assert_true (attest_store_delete_claim (theirs, doomed->uuid, &error));
  g_assert_no_error (error);
  set_comment (theirs, commented, "Olga: which source?");
  stored = attest_store_add_document (theirs, article, NULL, &error);
  g_assert_no_error (error);
  words = find_words (stored->text);
  g_assert_cmpuint (words->len, >, 20);
  {
    g_autoptr(AttestClaim) made = NULL;

    made = attest_store_add_claim (theirs, stored->uuid, g_array_index (words, Claim, 10).start,
                                   g_array_index (words, Claim, 12).end,
                                   g_ptr_array_index (f->categories, 0), NULL, NULL, &error);
    g_assert_no_error (error);
  }
  g_clear_object (&theirs);

  save_acknowledged_claim (f, ours);
  save_acknowledged_claim (f, ours);
  set_comment (ours, commented, "Fran: check the date");
  set_label (ours, g_ptr_array_index (f->categories, 3), "Renamed by Fran");
  g_clear_object (&ours);
  copy_database (f->path, f->pristine);

  copy_database (f->pristine, reference_path);
  before = count_rows_at (reference_path);
  reference = attest_store_open (reference_path, ATTEST_STORE_OPEN_NO_CREATE, &error);
  g_assert_no_error (error);
  g_assert_true (attest_store_set_annotator (reference, "Fran Faults", NULL));
  g_assert_true (attest_store_merge (reference, f->other, &f->expected, &error));
  g_assert_no_error (error);
  g_clear_object (&reference);
  after = count_rows_at (reference_path);
  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    f->merged.rows[i] = after.rows[i] - before.rows[i];
  assert_sound (reference_path, NULL);

  g_assert_cmpuint (f->expected.documents_added, ==, 1);
  g_assert_cmpuint (f->expected.sources_added, >=, 1);
  g_assert_cmpuint (f->expected.categories_updated, ==, 1);
  g_assert_cmpuint (f->expected.claims_added, ==, 4);
  g_assert_cmpuint (f->expected.claims_updated, ==, 1);
  g_assert_cmpuint (f->expected.claims_deleted, ==, 1);
  g_assert_cmpuint (f->expected.links_added, ==, 1);
  g_assert_cmpuint (f->expected.links_removed, ==, 1);
  g_assert_cmpuint (f->expected.history_added, >, 0);
  g_assert_cmpuint (f->expected.conflicts->len, ==, 1);
  g_assert_cmpint (count_of (&f->merged, "claims"), ==, 4);
}

/* One merge with the fault at call @position, into our database as it was
 * before the merge. @warm: the store acknowledged a claim just before.
 * Returns TRUE when the merge made fewer calls than that. */
static gboolean
merge_fault_at (Fixture         *f,
                const FaultKind *kind,
                gboolean         warm,
                guint            position)
{
  g_auto(AttestMergeReport) report = { 0 };
  g_autoptr(AttestStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *expected = NULL;
  Counts counts;
  gboolean done;
  guint fired;

  copy_database (f->pristine, f->path);
  store = open_store (f);
  if (warm)
    g_object_unref (add_claim (f, store));
  before = dump_database (f->path);
  counts = count_rows (f);

  faults_arm (kind->target, kind->rc, kind->sticky, position);
  done = attest_store_merge (store, f->other, &report, &error);
  fired = faults.fired;
  faults_disarm ();

  if (done)
    {
      g_assert_no_error (error);
      g_assert_cmpuint (fired, ==, 0);
      assert_merged (f, &report, &counts);
      /* The dump does see a merge. */
      after = dump_database (f->path);
      g_assert_false (g_str_equal (after, before));
      g_clear_object (&store);
      assert_sound (f->path, NULL);
      return TRUE;
    }

  /* The fault surfaced as our error, in words, with nothing to report. */
  g_assert_cmpuint (fired, >=, 1);
  g_assert_error (error, ATTEST_ERROR, kind->expected);
  if (kind->expected == ATTEST_ERROR_FULL)
    expected = g_strdup_printf ("The disk holding “%s” is full; merging failed and nothing was changed",
                                f->path);
  else
    expected = g_strdup_printf ("Could not access “%s” while merging: disk I/O error", f->path);
  g_assert_cmpstr (error->message, ==, expected);
  g_clear_error (&error);
  g_assert_null (report.conflicts);
  g_assert_cmpuint (report.claims_added + report.history_added, ==, 0);

  /* Not one value of one row changed, as a new connection sees it while
   * the store that failed is still open... */
  after = dump_database (f->path);
  assert_dumps_equal (after, before);
  assert_sound (f->path, NULL);

  if (!warm)
    {
      /* ...and once that store is closed (its WAL checkpointed and
       * removed), then a new store merges. */
      g_clear_object (&store);
      g_clear_pointer (&after, g_free);
      after = dump_database (f->path);
      assert_dumps_equal (after, before);
      store = open_store (f);
    }

  /* The same merge, the disk freed, goes through and does what a merge
   * without faults does (warm: on the very store that saw the fault). */
  g_assert_true (attest_store_merge (store, f->other, &report, &error));
  g_assert_no_error (error);
  assert_merged (f, &report, &counts);
  g_clear_object (&store);
  assert_quick (f->path);
  return FALSE;
}

static void
test_merge_faults (Fixture       *f,
                   gconstpointer  data)
{
  const FaultKind *kind = data;
  guint positions[2] = { 0, 0 };

  for (guint warm = 0; warm < 2; warm++)
    {
      guint n;

      for (n = 1; n <= MAX_POSITION; n++)
        if (merge_fault_at (f, kind, warm, n))
          break;
      g_assert_cmpuint (n, <=, MAX_POSITION);
      positions[warm] = n - 1;
      g_assert_cmpuint (positions[warm], >=, 1);
    }

  g_test_message ("merge, %s: failed at each of %u %s calls (fresh WAL) and %u (after a commit); "
                  "each merge: documents added %u, sources added %u, claims added %u, links added %u, "
                  "links removed %u, claims updated %u, categories updated %u, claims deleted %u, "
                  "conflicts %u, history entries added %u",
                  kind->name, positions[0], kind->target == FAULT_WRITE ? "xWrite" : "xSync",
                  positions[1], f->expected.documents_added, f->expected.sources_added,
                  f->expected.claims_added, f->expected.links_added, f->expected.links_removed,
                  f->expected.claims_updated, f->expected.categories_updated,
                  f->expected.claims_deleted, f->expected.conflicts->len, f->expected.history_added);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  register_fault_vfs ();

  for (guint k = 0; k < N_WRITE_FAULT_KINDS; k++)
    {
      g_autofree char *merge = g_strdup_printf ("/faults/merge/%s", fault_kinds[k].name);

      g_test_add (merge, Fixture, &fault_kinds[k], merge_set_up, test_merge_faults, fixture_tear_down);
    }

  return g_test_run ();
}
