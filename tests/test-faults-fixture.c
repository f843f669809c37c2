/* test-faults-fixture.c — what the fault tests (test-faults, test-faults-merge,
 * test-faults-create) share: the scenarios, the fixture, and the checks that
 * a failed operation changed nothing and the file is sound. */
#include "test-faults-fixture.h"

/* --------------------------------------------------------------- helpers */

void
claim_clear (gpointer data)
{
  g_free (((Claim *) data)->uuid);
}

/* Whole words, in characters: a range of them is always a valid claim. */
GArray *
find_words (const char *text)
{
  GArray *words = g_array_new (FALSE, TRUE, sizeof (Claim));
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
          Claim word = { start, offset, 0, NULL };
          g_array_append_val (words, word);
          start = -1;
        }
      if (c == 0)
        break;
    }
  return words;
}

/* The next claim to make: one to three words somewhere in the text. */
Claim
next_claim (Fixture *f)
{
  guint i = f->next++;
  guint a = (i * 7919u) % f->words->len;
  guint b = MIN (a + i % 3, f->words->len - 1);
  Claim claim = {
    g_array_index (f->words, Claim, a).start,
    g_array_index (f->words, Claim, b).end,
    i % f->categories->len,
    NULL,
  };

  return claim;
}

AttestStore *
open_store (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  AttestStore *store = attest_store_open (f->path, ATTEST_STORE_OPEN_NO_CREATE, &error);

  g_assert_no_error (error);
  g_assert_true (attest_store_set_annotator (store, "Fran Faults", NULL));
  return store;
}

/* Saves one claim with the faults off: work acknowledged before a fault. */
void
save_acknowledged_claim (Fixture     *f,
                         AttestStore *store)
{
  g_autoptr(AttestClaim) saved = NULL;
  g_autoptr(GError) error = NULL;
  Claim claim = next_claim (f);

  saved = attest_store_add_claim (store, f->doc_uuid, claim.start, claim.end,
                                  g_ptr_array_index (f->categories, claim.category),
                                  NULL, NULL, &error);
  g_assert_no_error (error);
  claim.uuid = g_strdup (saved->uuid);
  g_array_append_val (f->acknowledged, claim);
}

sqlite3 *
raw_open (const char *path)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  return db;
}

gint64
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

Counts
count_rows_at (const char *path)
{
  sqlite3 *db = raw_open (path);
  Counts counts;

  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM %s", tables[i]);
      counts.rows[i] = raw_int (db, sql);
    }
  sqlite3_close (db);
  return counts;
}

Counts
count_rows (Fixture *f)
{
  return count_rows_at (f->path);
}

void
assert_counts_equal (const Counts *a,
                     const Counts *b)
{
  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    {
      if (a->rows[i] != b->rows[i])
        g_test_message ("table %s: %" G_GINT64_FORMAT " rows, expected %" G_GINT64_FORMAT,
                        tables[i], a->rows[i], b->rows[i]);
      g_assert_cmpint (a->rows[i], ==, b->rows[i]);
    }
}

gint64
count_of (const Counts *counts,
          const char   *table)
{
  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    if (g_str_equal (tables[i], table))
      return counts->rows[i];
  g_assert_not_reached ();
}

/* The file at @path is sound as SQLite sees it (integrity_check), the
 * search index matches the documents, and the store's own check finds
 * nothing wrong, through @checker (a store opened after the fault) or
 * through a new store if NULL. */
void
assert_sound (const char  *path,
              AttestStore *checker)
{
  g_autoptr(AttestStore) store = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt = NULL;
  sqlite3 *db = raw_open (path);
  gboolean ok;

  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA integrity_check", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "ok");
  sqlite3_finalize (stmt);
  g_assert_cmpint (sqlite3_exec (db, "INSERT INTO documents_fts (documents_fts) VALUES ('integrity-check')",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM pragma_foreign_key_check"), ==, 0);
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM claims c WHERE NOT EXISTS"
                                " (SELECT 1 FROM history h WHERE h.entity_uuid = c.uuid"
                                "  AND h.entity = 'claim' AND h.action = 'create')"), ==, 0);
  sqlite3_close (db);

  if (checker == NULL)
    {
      store = attest_store_open (path, ATTEST_STORE_OPEN_NO_CREATE, &error);
      g_assert_no_error (error);
      checker = store;
    }
  ok = attest_store_check (checker, &problems, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < problems->len; i++)
    g_test_message ("problem: %s", (const char *) g_ptr_array_index (problems, i));
  g_assert_true (ok);
  g_assert_cmpuint (problems->len, ==, 0);
}

/* The lighter check, for a file already found sound before the last
 * fault-free write: PRAGMA quick_check and the foreign keys. */
void
assert_quick (const char *path)
{
  sqlite3_stmt *stmt = NULL;
  sqlite3 *db = raw_open (path);

  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA quick_check", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "ok");
  sqlite3_finalize (stmt);
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM pragma_foreign_key_check"), ==, 0);
  sqlite3_close (db);
}

/* The file is sound, and a new store finds every acknowledged claim and
 * import exactly as it was saved. */
void
assert_intact (Fixture *f)
{
  g_autoptr(AttestStore) store = NULL;
  g_autoptr(GPtrArray) claims = NULL;
  g_autoptr(GHashTable) by_uuid = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;

  store = open_store (f);
  assert_sound (f->path, store);

  claims = attest_store_list_claims (store, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (claims->len, >=, f->acknowledged->len);
  for (guint i = 0; i < claims->len; i++)
    {
      AttestClaim *claim = g_ptr_array_index (claims, i);
      g_hash_table_insert (by_uuid, claim->uuid, claim);
    }

  for (guint i = 0; i < f->acknowledged->len; i++)
    {
      const Claim *want = &g_array_index (f->acknowledged, Claim, i);
      AttestClaim *claim = g_hash_table_lookup (by_uuid, want->uuid);
      g_autofree char *quote = g_utf8_substring (f->text, want->start, want->end);

      if (claim == NULL)
        g_error ("the acknowledged claim %s is gone", want->uuid);
      g_assert_cmpstr (claim->document_uuid, ==, f->doc_uuid);
      g_assert_cmpint (claim->start, ==, want->start);
      g_assert_cmpint (claim->end, ==, want->end);
      g_assert_cmpstr (claim->category, ==, g_ptr_array_index (f->categories, want->category));
      g_assert_cmpstr (claim->quote, ==, quote);
    }

  for (guint i = 0; i < f->documents->len; i++)
    {
      g_autoptr(AttestDocument) doc = attest_store_get_document (store,
                                                                 g_ptr_array_index (f->documents, i),
                                                                 &error);
      g_assert_no_error (error);
      g_assert_nonnull (doc);
    }
}

/* Runs @op on @store; on success records what it acknowledged. */
gboolean
run_operation (Fixture      *f,
               Operation     op,
               AttestStore  *store,
               GError      **error)
{
  switch (op)
    {
    case OP_CLAIM:
      {
        Claim claim = next_claim (f);
        g_autoptr(AttestClaim) saved = NULL;

        saved = attest_store_add_claim (store, f->doc_uuid, claim.start, claim.end,
                                        g_ptr_array_index (f->categories, claim.category),
                                        NULL, NULL, error);
        if (saved == NULL)
          return FALSE;
        claim.uuid = g_strdup (saved->uuid);
        g_array_append_val (f->acknowledged, claim);
        return TRUE;
      }

    case OP_BATCH:
      {
        AttestClaimSpec specs[BATCH_SIZE];
        Claim claims[BATCH_SIZE];
        g_autoptr(GArray) ids = NULL;

        for (guint i = 0; i < BATCH_SIZE; i++)
          {
            claims[i] = next_claim (f);
            specs[i] = (AttestClaimSpec) {
              claims[i].start, claims[i].end,
              g_ptr_array_index (f->categories, claims[i].category), NULL, NULL,
            };
          }
        ids = attest_store_add_claims (store, f->doc_uuid, specs, BATCH_SIZE, error);
        if (ids == NULL)
          return FALSE;
        g_assert_cmpuint (ids->len, ==, BATCH_SIZE);

        /* The batch hands back row ids; reading them is the test's, not
         * the operation's, so no fault may hit it. */
        faults_disarm ();
        for (guint i = 0; i < BATCH_SIZE; i++)
          {
            g_autofree char *ref = g_strdup_printf ("%" G_GINT64_FORMAT, g_array_index (ids, gint64, i));
            g_autoptr(AttestClaim) saved = NULL;
            g_autoptr(GError) local = NULL;

            saved = attest_store_get_claim (store, ref, &local);
            g_assert_no_error (local);
            claims[i].uuid = g_strdup (saved->uuid);
            g_array_append_val (f->acknowledged, claims[i]);
          }
        return TRUE;
      }

    case OP_IMPORT:
      {
        g_autoptr(AttestDocument) doc = attest_test_read_sample (f->import);
        g_autoptr(AttestDocument) stored = NULL;
        gboolean existed = TRUE;

        stored = attest_store_add_document (store, doc, &existed, error);
        if (stored == NULL)
          return FALSE;
        g_assert_false (existed);
        g_ptr_array_add (f->documents, g_strdup (stored->uuid));
        return TRUE;
      }

    case OP_IMPORT_BATCH:
      {
        /* Two articles new to the database (others in the run after a
         * commit), and the one it has. */
        AttestDocument *docs[3] = {
          attest_test_read_sample (g_str_equal (f->import, imported[0]) ? "000_7978e9767d1c15ca.txt"
                                                             : "001_e5288724e250c3ef.txt"),
          attest_test_read_sample (f->import),
          attest_test_read_sample (SAMPLE),
        };
        AttestDocument *stored[3];
        gboolean existed[3];
        GError *errors[3];
        gboolean ok = attest_store_add_documents (store, docs, 3, stored, existed, errors, error);

        for (guint i = 0; i < 3; i++)
          g_object_unref (docs[i]);
        if (!ok)
          {
            for (guint i = 0; i < 3; i++)
              {
                g_assert_null (stored[i]);
                g_assert_null (errors[i]);
              }
            return FALSE;
          }
        for (guint i = 0; i < 3; i++)
          {
            g_assert_no_error (errors[i]);
            g_assert_cmpint (existed[i], ==, i == 2);
            if (i < 2)
              g_ptr_array_add (f->documents, g_strdup (stored[i]->uuid));
            g_object_unref (stored[i]);
          }
        return TRUE;
      }

    default:
      g_assert_not_reached ();
    }
}

/* --------------------------------------------------------------- fixture */

void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(AttestDocument) doc = attest_test_read_sample (SAMPLE);
  g_autoptr(AttestDocument) stored = NULL;
  g_autoptr(AttestStore) store = NULL;
  g_autoptr(GPtrArray) cats = NULL;
  g_autoptr(GError) error = NULL;

  faults_disarm ();
  f->dir = attest_test_make_tmp_dir ("attest-faults-XXXXXX");
  f->path = g_build_filename (f->dir, "team.db", NULL);
  f->acknowledged = g_array_new (FALSE, TRUE, sizeof (Claim));
  g_array_set_clear_func (f->acknowledged, claim_clear);
  f->documents = g_ptr_array_new_with_free_func (g_free);

  store = attest_store_open (f->path, ATTEST_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_true (attest_store_set_annotator (store, "Fran Faults", NULL));
  stored = attest_store_add_document (store, doc, NULL, &error);
  g_assert_no_error (error);
  f->doc_uuid = g_strdup (stored->uuid);
  f->text = g_strdup (stored->text);
  f->words = find_words (f->text);
  g_assert_cmpuint (f->words->len, >, 100);

  cats = attest_store_list_categories (store, FALSE, &error);
  g_assert_no_error (error);
  f->categories = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < cats->len; i++)
    g_ptr_array_add (f->categories,
                     g_strdup (((AttestCategory *) g_ptr_array_index (cats, i))->key));

  for (guint i = 0; i < 5; i++)
    save_acknowledged_claim (f, store);
}

void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  faults_disarm ();
  attest_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->path);
  g_free (f->doc_uuid);
  g_free (f->text);
  g_clear_pointer (&f->words, g_array_unref);
  g_clear_pointer (&f->categories, g_ptr_array_unref);
  g_clear_pointer (&f->acknowledged, g_array_unref);
  g_clear_pointer (&f->documents, g_ptr_array_unref);
  g_free (f->other);
  g_free (f->pristine);
  attest_merge_report_clear (&f->expected);
  g_free (f->schema);
}

/* Removes a database and the files SQLite keeps beside it. */
void
remove_database (const char *path)
{
  static const char * const suffixes[] = { "", "-wal", "-shm", "-journal" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *p = g_strconcat (path, suffixes[i], NULL);
      g_remove (p);
    }
}

/* A closed database is one file (the last connection checkpointed its WAL
 * and removed it), so copying that file copies the database. */
void
copy_database (const char *from,
               const char *to)
{
  g_autofree char *wal = g_strconcat (from, "-wal", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize length;

  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_get_contents (from, &contents, &length, &error));
  g_assert_no_error (error);
  remove_database (to);
  g_assert_true (g_file_set_contents (to, contents, length, &error));
  g_assert_no_error (error);
}

/* Appends every row of @sql, one line each, its values as text (blobs in
 * hex, NULL as such) between bars. */
void
append_rows (GString    *out,
             sqlite3    *db,
             const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_string_append_printf (out, "-- %s\n", sql);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      for (int c = 0; c < sqlite3_column_count (stmt); c++)
        {
          switch (sqlite3_column_type (stmt, c))
            {
            case SQLITE_NULL:
              g_string_append (out, "NULL");
              break;
            case SQLITE_INTEGER:
              g_string_append_printf (out, "%" G_GINT64_FORMAT, (gint64) sqlite3_column_int64 (stmt, c));
              break;
            case SQLITE_FLOAT:
              g_string_append_printf (out, "%.17g", sqlite3_column_double (stmt, c));
              break;
            case SQLITE_BLOB:
              {
                static const char hex[] = "0123456789abcdef";
                const guint8 *blob = sqlite3_column_blob (stmt, c);
                int n = sqlite3_column_bytes (stmt, c);

                g_string_append (out, "x'");
                for (int i = 0; i < n; i++)
                  {
                    g_string_append_c (out, hex[blob[i] >> 4]);
                    g_string_append_c (out, hex[blob[i] & 0xf]);
                  }
                g_string_append_c (out, '\'');
              }
              break;
            default:
              g_string_append_len (out, (const char *) sqlite3_column_text (stmt, c),
                                   sqlite3_column_bytes (stmt, c));
              break;
            }
          g_string_append_c (out, '|');
        }
      g_string_append_c (out, '\n');
    }
  g_assert_cmpint (rc, ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
}
