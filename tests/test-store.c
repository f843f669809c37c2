/* test-store.c — the database: schema and pragmas, importing the sample
 * articles, claims, sources, links, history, search, check, and every kind of
 * database file that must be refused untouched. */
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>
#include <unistd.h>

#include "attest-test-schema.h"
#include "attest-article-reader.h"
#include "attest-error.h"
#include "attest-citation-scanner.h"
#include "attest-store.h"
#include "attest-tei-reader.h"
#include "attest-tei-writer.h"
#include "attest-import.h"
#include "attest-rules.h"
#include "attest-test-utils.h"

typedef struct {
  char        *dir;
  char        *path;
  AttestStore *store;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = attest_test_make_tmp_dir ("attest-store-XXXXXX");
  f->path = g_build_filename (f->dir, "team.db", NULL);
  f->store = attest_store_open (f->path, ATTEST_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_true (attest_store_set_annotator (f->store, "Ana Analyst", NULL));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  /* The test holds the last reference: a leaked one fails here. */
  if (f->store != NULL)
    g_assert_finalize_object (g_steal_pointer (&f->store));
  attest_test_remove_tree (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

static int
raw_int (const char *path,
         const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  int value = -1;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return value;
}

static void
raw_exec (const char *path,
          const char *sql)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
}

static char *
file_sha256 (const char *path)
{
  g_autofree char *contents = NULL;
  gsize len = 0;

  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, len);
}

/* ------------------------------------------------------------------ tests */

static void
test_new_database (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) cats = attest_store_list_categories (f->store, FALSE, &error);
  const char *keys[] = {
    "troop-deployment", "military-base", "military-exercise", "arms-cooperation",
    "training", "debt-deal", "security-assistance", "counter-narcotics",
    "border-security", "terrorism-extremism", "agreement-meeting",
    "organisation-membership", "statement-position",
  };
  AttestCategory *first;

  g_assert_no_error (error);
  g_assert_cmpuint (cats->len, ==, G_N_ELEMENTS (keys));
  for (guint i = 0; i < cats->len; i++)
    g_assert_cmpstr (((AttestCategory *) g_ptr_array_index (cats, i))->key, ==, keys[i]);
  first = g_ptr_array_index (cats, 0);
  g_assert_cmpstr (first->label, ==, "Troop deployment");
  g_assert_cmpstr (first->color, ==, "#cc3311");
  g_assert_cmpint (first->shortcut, ==, 1);
  g_assert_cmpint (((AttestCategory *) g_ptr_array_index (cats, 9))->shortcut, ==, 0);
  g_assert_cmpint (((AttestCategory *) g_ptr_array_index (cats, 10))->shortcut, ==, -1);

  g_assert_false (attest_store_is_read_only (f->store));
  g_clear_object (&f->store);

  g_assert_cmpint (raw_int (f->path, "PRAGMA application_id"), ==, ATTEST_STORE_APPLICATION_ID);
  g_assert_cmpint (raw_int (f->path, "PRAGMA user_version"), ==, ATTEST_STORE_SCHEMA_VERSION);
  g_assert_cmpint (raw_int (f->path, "SELECT journal_mode = 'wal' FROM pragma_journal_mode"), ==, 1);
}

static void
test_import_samples (Fixture       *f,
                     gconstpointer  data)
{
  /* citations and distinct sources the scanner finds in each article */
  const guint n_citations[] = { 5, 7, 4, 4, 5 };
  const guint n_sources[] = { 5, 7, 4, 4, 5 };
  const char *titles[] = { NULL, NULL, NULL, "Russia’s Anti-terrorist Agenda In Tajikistan",
                           "Tajikistan Diversifies Its Security Assistance" };
  const char *issues[] = { "226", "79", "105", "30", "90" };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) docs = NULL;
  g_autoptr(GPtrArray) history = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (attest_test_samples); i++)
    {
      gboolean existed = TRUE;
      g_autoptr(AttestDocument) doc = attest_test_import_sample (f->store, attest_test_samples[i], &existed);
      g_autoptr(GPtrArray) citations = attest_store_list_citations (f->store, doc->uuid, &error);
      g_autoptr(GPtrArray) sources = attest_store_list_sources (f->store, doc->uuid, &error);

      g_assert_no_error (error);
      g_assert_false (existed);
      g_assert_cmpint (doc->id, ==, i + 1);
      g_assert_cmpstr (doc->title, ==, titles[i]);
      g_assert_cmpstr (doc->publication, ==, "Eurasia Daily Monitor");
      g_assert_cmpstr (doc->issue, ==, issues[i]);
      g_assert_null (doc->author);
      g_assert_cmpuint (citations->len, ==, n_citations[i]);
      g_assert_cmpuint (sources->len, ==, n_sources[i]);
    }

  /* The stored text is the file, character for character. */
  {
    g_autofree char *path = attest_test_sample_path (attest_test_samples[3]);
    g_autofree char *contents = NULL;
    g_autoptr(AttestDocument) doc = attest_store_get_document (f->store, "4", &error);

    g_assert_no_error (error);
    g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
    g_assert_cmpstr (doc->text, ==, contents);
    g_assert_cmpint (doc->length, ==, 5250);
  }

  /* Importing the same article again is recognised, not duplicated. */
  {
    gboolean existed = FALSE;
    g_autoptr(AttestDocument) again = attest_test_import_sample (f->store, attest_test_samples[2], &existed);

    g_assert_true (existed);
    g_assert_cmpint (again->id, ==, 3);
  }

  docs = attest_store_list_documents (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (docs->len, ==, 5);

  history = attest_store_list_history (f->store, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (history->len, ==, 5);
  g_assert_cmpstr (((AttestHistoryEntry *) g_ptr_array_index (history, 0))->action, ==, "import");
  g_assert_cmpstr (((AttestHistoryEntry *) g_ptr_array_index (history, 0))->annotator, ==, "Ana Analyst");
}

static void
test_document_refs (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(AttestDocument) doc = attest_test_import_sample (f->store, attest_test_samples[0], NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *prefix = g_strndup (doc->uuid, 6);
  g_autoptr(AttestDocument) by_prefix = attest_store_get_document (f->store, prefix, &error);
  g_autoptr(AttestDocument) by_uuid = NULL;
  g_autoptr(AttestDocument) missing = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (by_prefix->uuid, ==, doc->uuid);
  by_uuid = attest_store_get_document (f->store, doc->uuid, &error);
  g_assert_no_error (error);
  g_assert_cmpint (by_uuid->id, ==, 1);

  /* A prefix of digits only is still a prefix. */
  {
    g_autoptr(AttestDocument) digits = attest_store_get_document (f->store, "1", &error);
    g_assert_no_error (error);
    g_assert_cmpint (digits->id, ==, 1);
  }
  missing = attest_store_get_document (f->store, "42", &error);
  g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_NOT_FOUND);
  g_assert_null (missing);
  g_clear_error (&error);
  missing = attest_store_get_document (f->store, "abc", &error); /* too short a prefix */
  g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Digits that are both a row number and the start of uuids: the row
   * number wins (a corpus of 10,000 articles has row 4785 and, one time
   * in seven, a uuid beginning 4785); a longer prefix is still a prefix,
   * and names one row or is refused. */
  g_object_unref (attest_test_import_sample (f->store, attest_test_samples[1], NULL));
  g_object_unref (attest_test_import_sample (f->store, attest_test_samples[2], NULL));
  raw_exec (f->path, "UPDATE documents SET uuid = '00010000-0000-4000-8000-00000000000' || id"
                     " WHERE id IN (2, 3)");
  {
    g_autoptr(AttestDocument) row = attest_store_get_document (f->store, "0001", &error);
    g_autoptr(AttestDocument) whole = NULL;
    g_autoptr(AttestDocument) both = NULL;

    g_assert_no_error (error);
    g_assert_cmpint (row->id, ==, 1);
    whole = attest_store_get_document (f->store, "00010000-0000-4000-8000-000000000003", &error);
    g_assert_no_error (error);
    g_assert_cmpint (whole->id, ==, 3);
    both = attest_store_get_document (f->store, "00010000", &error);
    g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_NOT_FOUND);
    g_assert_nonnull (strstr (error->message, "names more than one document"));
    g_assert_null (both);
  }
}

/* A file of schema 1: upgraded when opened for writing, after a backup
 * that keeps it as it was; read as it is when the store may not write
 * (versions 2 and 3 add an index and columns it does without). */
static void
test_upgrade_from_1 (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(AttestDocument) doc = attest_test_import_sample (f->store, attest_test_samples[0], NULL);
  g_autoptr(AttestDocument) wire = attest_test_import_sample (f->store, "news/wire-dushanbe.txt", NULL);
  g_autofree char *backup = g_strdup_printf ("%s.before-v%d.bak", f->path, ATTEST_STORE_SCHEMA_VERSION);
  g_autoptr(AttestStore) read_only = NULL;
  g_autoptr(GPtrArray) docs = NULL;
  g_autoptr(GError) error = NULL;
  const char *index_count = "SELECT count(*) FROM sqlite_schema WHERE name = 'history_curation'";
  const char *live_indexes = "SELECT count(*) FROM sqlite_schema WHERE name LIKE 'claims_live_by_%'";
  const char *time_index = "SELECT count(*) FROM sqlite_schema WHERE name = 'history_by_time'";

  g_assert_cmpint (ATTEST_STORE_SCHEMA_VERSION, ==, 6);
  g_assert_cmpint (raw_int (f->path, live_indexes), ==, 2);
  g_assert_cmpint (raw_int (f->path, time_index), ==, 1);
  g_assert_cmpint (raw_int (f->path, index_count), ==, 1);
  g_clear_object (&f->store);
  /* Before schema 3 only parentheses were found: the wire story had none. */
  raw_exec (f->path, "DELETE FROM citations WHERE kind != 'parenthesis';"
                     " DELETE FROM sources WHERE id NOT IN (SELECT source_id FROM citations)");
  raw_exec (f->path, ATTEST_TEST_MAKE_VERSION_1);

  read_only = attest_store_open (f->path, ATTEST_STORE_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  docs = attest_store_list_documents (read_only, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (docs->len, ==, 2);
  {
    /* Before schema 4 no import record: the document reads without one. */
    g_autoptr(AttestDocument) old = attest_store_get_document (read_only, doc->uuid, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (old->text, ==, doc->text);
    g_assert_null (old->extraction);
  }
  g_clear_object (&read_only);
  g_assert_cmpint (raw_int (f->path, "PRAGMA user_version"), ==, 1);
  g_assert_false (g_file_test (backup, G_FILE_TEST_EXISTS));

  f->store = attest_store_open (f->path, ATTEST_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_cmpint (raw_int (f->path, "PRAGMA user_version"), ==, 6);
  g_assert_cmpint (raw_int (f->path, index_count), ==, 1);
  g_assert_cmpint (raw_int (f->path, live_indexes), ==, 2);
  g_assert_cmpint (raw_int (f->path, time_index), ==, 1);
  /* The articles were scanned again: the citations found before keep
   * their ids and get the kind and cover a fresh scan gives them. */
  g_assert_cmpint (raw_int (f->path, "SELECT count(*) FROM citations"), ==, 5 + 3);
  {
    g_autoptr(GPtrArray) found = attest_store_list_citations (f->store, wire->uuid, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (found->len, ==, 3);
    g_assert_cmpint (((AttestCitation *) g_ptr_array_index (found, 0))->kind, ==, ATTEST_CITATION_DATELINE);
    g_assert_cmpstr (((AttestCitation *) g_ptr_array_index (found, 0))->source->when, ==, "2011-03-01");
  }
  {
    g_autoptr(GPtrArray) stored = attest_store_list_citations (f->store, doc->uuid, &error);
    g_autoptr(GPtrArray) fresh = attest_citation_scanner_scan (doc->text, doc->date);

    g_assert_no_error (error);
    g_assert_cmpuint (stored->len, ==, fresh->len);
    for (guint i = 0; i < stored->len; i++)
      {
        AttestCitation *a = g_ptr_array_index (stored, i);
        AttestCitation *b = g_ptr_array_index (fresh, i);

        g_assert_cmpint (a->start, ==, b->start);
        g_assert_cmpint (a->kind, ==, b->kind);
        g_assert_cmpint (a->cover_start, ==, b->cover_start);
        g_assert_cmpint (a->cover_end, ==, b->cover_end);
      }
  }
  g_assert_cmpint (raw_int (backup, "PRAGMA user_version"), ==, 1);
  g_assert_cmpint (raw_int (backup, "SELECT count(*) FROM documents"), ==, 2);
  g_assert_cmpint (raw_int (backup, index_count), ==, 0);
  g_assert_cmpint (raw_int (backup, live_indexes), ==, 0);
  g_assert_cmpint (raw_int (backup, time_index), ==, 0);
  g_remove (backup);
}

static void
test_claims (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(AttestDocument) doc = attest_test_import_sample (f->store, attest_test_samples[2], NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestClaim) claim = NULL;
  g_autoptr(AttestClaim) nested = NULL;
  g_autoptr(AttestClaim) stale = NULL;
  g_autoptr(GPtrArray) claims = NULL;
  g_autoptr(GPtrArray) history = NULL;
  AttestClaimFilter by_category = { .category = "military-base" };
  gint64 start = attest_document_find (doc, "201st Motor Rifle Division", 0);

  g_assert_cmpint (start, ==, 1453);
  claim = attest_store_add_claim (f->store, doc->uuid, 1453, 1479, "troop-deployment",
                                  "high", "Division in Dushanbe", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (claim->quote, ==, "201st Motor Rifle Division");
  g_assert_cmpint (claim->start, ==, 1453);
  g_assert_cmpint (claim->end, ==, 1479);
  g_assert_cmpstr (claim->category, ==, "troop-deployment");
  g_assert_cmpstr (claim->annotator, ==, "Ana Analyst");
  g_assert_cmpstr (claim->status, ==, "draft");
  g_assert_cmpstr (claim->certainty, ==, "high");
  g_assert_cmpstr (claim->comment, ==, "Division in Dushanbe");
  g_assert_cmpint (claim->version, ==, 1);
  g_assert_true (g_uuid_string_is_valid (claim->uuid));
  g_assert_cmpstr (claim->created, ==, claim->modified);
  g_assert_cmpint (strlen (claim->created), ==, 20);

  /* A nested claim over the same words. */
  nested = attest_store_add_claim (f->store, "1", 1459, 1479, "military-base", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (nested->quote, ==, "Motor Rifle Division");
  g_assert_null (nested->comment);

  claims = attest_store_list_claims (f->store, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (claims->len, ==, 2);
  g_clear_pointer (&claims, g_ptr_array_unref);
  claims = attest_store_list_claims (f->store, &by_category, &error);
  g_assert_cmpuint (claims->len, ==, 1);
  g_assert_cmpstr (((AttestClaim *) g_ptr_array_index (claims, 0))->uuid, ==, nested->uuid);

  /* Edit, then a stale copy of the same claim must conflict. */
  stale = attest_store_get_claim (f->store, claim->uuid, &error);
  g_assert_no_error (error);
  g_free (claim->status);
  claim->status = g_strdup ("accepted");
  g_free (claim->comment);
  claim->comment = g_strdup ("Confirmed: <b> & “quotes”, кириллица");
  g_assert_true (attest_store_update_claim (f->store, claim, &error));
  g_assert_no_error (error);
  g_assert_cmpint (claim->version, ==, 2);

  g_free (stale->category);
  stale->category = g_strdup ("training");
  g_assert_false (attest_store_update_claim (f->store, stale, &error));
  g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_CONFLICT);
  g_clear_error (&error);
  /* Both versions are in the history: the applied edit and the refused one. */
  {
    g_autoptr(GPtrArray) h = attest_store_list_history (f->store, claim->uuid, &error);
    const char *expected[][3] = {
      { "category", "troop-deployment", "training" },
      { "status", "accepted", "draft" },
      { "comment", "Confirmed: <b> & “quotes”, кириллица", "Division in Dushanbe" },
    };

    /* create, status, comment, then the stale copy's three differing fields */
    g_assert_cmpuint (h->len, ==, 6);
    for (guint i = 0; i < 3; i++)
      {
        AttestHistoryEntry *e = g_ptr_array_index (h, 3 + i);

        g_assert_cmpstr (e->action, ==, "conflict");
        g_assert_cmpstr (e->field, ==, expected[i][0]);
        g_assert_cmpstr (e->old_value, ==, expected[i][1]);
        g_assert_cmpstr (e->new_value, ==, expected[i][2]);
      }
  }
  g_clear_object (&stale);
  stale = attest_store_get_claim (f->store, claim->uuid, &error);
  g_assert_cmpstr (stale->category, ==, "troop-deployment");
  g_assert_cmpstr (stale->status, ==, "accepted");
  g_assert_cmpstr (stale->comment, ==, "Confirmed: <b> & “quotes”, кириллица");

  /* Delete leaves a tombstone and a history entry. */
  g_assert_true (attest_store_delete_claim (f->store, nested->uuid, &error));
  g_assert_no_error (error);
  g_clear_pointer (&claims, g_ptr_array_unref);
  claims = attest_store_list_claims (f->store, NULL, &error);
  g_assert_cmpuint (claims->len, ==, 1);
  g_clear_object (&stale);
  stale = attest_store_get_claim (f->store, nested->uuid, &error);
  g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_NOT_FOUND);
  g_clear_error (&error);

  history = attest_store_list_history (f->store, nested->uuid, &error);
  g_assert_cmpuint (history->len, ==, 2);
  g_assert_cmpstr (((AttestHistoryEntry *) g_ptr_array_index (history, 1))->action, ==, "delete");
  g_assert_cmpstr (((AttestHistoryEntry *) g_ptr_array_index (history, 1))->old_value, ==,
                   "military-base 1459:1479 “Motor Rifle Division”");
  g_clear_pointer (&history, g_ptr_array_unref);
  history = attest_store_list_history (f->store, claim->uuid, &error);
  g_assert_cmpuint (history->len, ==, 6); /* create, status, comment, 3 refused fields */
  g_assert_cmpstr (((AttestHistoryEntry *) g_ptr_array_index (history, 1))->field, ==, "status");
  g_assert_cmpstr (((AttestHistoryEntry *) g_ptr_array_index (history, 1))->old_value, ==, "draft");
  g_assert_cmpstr (((AttestHistoryEntry *) g_ptr_array_index (history, 1))->new_value, ==, "accepted");
}

static void
test_claim_bad_input (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(AttestDocument) doc = attest_test_import_sample (f->store, attest_test_samples[0], NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) claims = NULL;
  struct { gint64 start, end; const char *category, *certainty; int code; } cases[] = {
    { -1, 10, "training", NULL, ATTEST_ERROR_INVALID },
    { 10, 10, "training", NULL, ATTEST_ERROR_INVALID },
    { 20, 10, "training", NULL, ATTEST_ERROR_INVALID },
    { 5700, 5735, "training", NULL, ATTEST_ERROR_INVALID },  /* past the end (5734) */
    { 0, 10, "no-such-category", NULL, ATTEST_ERROR_NOT_FOUND },
    { 0, 10, "training", "certain", ATTEST_ERROR_INVALID },
    { 55, 57, "training", NULL, ATTEST_ERROR_INVALID },      /* "\n\n": only white space */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(AttestClaim) claim = attest_store_add_claim (f->store, doc->uuid, cases[i].start,
                                                             cases[i].end, cases[i].category,
                                                             cases[i].certainty, NULL, &error);
      g_assert_null (claim);
      g_assert_error (error, ATTEST_ERROR, cases[i].code);
      g_clear_error (&error);
    }

  {
    g_autoptr(AttestClaim) claim = attest_store_add_claim (f->store, "99", 0, 10, "training",
                                                           NULL, NULL, &error);
    g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_NOT_FOUND);
    g_clear_error (&error);
  }

  claims = attest_store_list_claims (f->store, NULL, &error);
  g_assert_cmpuint (claims->len, ==, 0);
}

static void
test_claims_batch (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(AttestDocument) doc = attest_test_import_sample (f->store, attest_test_samples[3], NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GPtrArray) claims = NULL;
  const AttestClaimSpec good[] = {
    { 3245, 3271, "troop-deployment", NULL, NULL },
    { 0, 18, "statement-position", "low", "the stray first line" },
    { 5200, 5250, "agreement-meeting", NULL, NULL },  /* up to the very end */
  };
  AttestClaimSpec bad[G_N_ELEMENTS (good) + 1];

  /* One bad claim in a batch: none of them is saved. */
  memcpy (bad, good, sizeof good);
  bad[3] = (AttestClaimSpec) { 10, 20, "no-such-category", NULL, NULL };
  ids = attest_store_add_claims (f->store, doc->uuid, bad, G_N_ELEMENTS (bad), &error);
  g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_NOT_FOUND);
  g_assert_null (ids);
  g_clear_error (&error);
  claims = attest_store_list_claims (f->store, NULL, &error);
  g_assert_cmpuint (claims->len, ==, 0);
  g_clear_pointer (&claims, g_ptr_array_unref);

  ids = attest_store_add_claims (f->store, doc->uuid, good, G_N_ELEMENTS (good), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 3);
  claims = attest_store_list_claims (f->store, NULL, &error);
  g_assert_cmpuint (claims->len, ==, 3);
  /* Listed in text order. */
  g_assert_cmpstr (((AttestClaim *) g_ptr_array_index (claims, 0))->quote, ==, "Placeholder canvas");
  g_assert_cmpstr (((AttestClaim *) g_ptr_array_index (claims, 1))->quote, ==, "201st Motor Rifle Division");
  g_assert_cmpint (((AttestClaim *) g_ptr_array_index (claims, 2))->end, ==, 5250);
}

/* What adding returns is what reading the row back gives, field by field,
 * for a plain text and for a file with an import record and no format. */
static void
test_added_as_read (Fixture       *f,
                    gconstpointer  data)
{
  const char *texts[] = { "Cafe\xcc\x81 Dushanbe\n\nBody (Interfax, Moscow, December 1).", "Second text." };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(AttestDocument) doc = attest_document_new ();
      g_autoptr(AttestDocument) added = NULL;
      g_autoptr(AttestDocument) read = NULL;
      g_autoptr(GError) error = NULL;

      attest_document_set_text (doc, texts[i]);
      doc->title = g_strdup (i == 0 ? "Cafe\xcc\x81" : NULL);
      doc->origin = g_strdup ("added.txt");
      doc->date = g_strdup (i == 0 ? "2024-12-01" : NULL);
      doc->body_start = i == 0 ? 15 : 0;
      if (i == 1)
        doc->extraction = g_strdup ("{\"pages\":2}");
      else
        doc->format = g_strdup ("html");
      added = attest_store_add_document (f->store, doc, NULL, &error);
      g_assert_no_error (error);
      read = attest_store_get_document (f->store, added->uuid, &error);
      g_assert_no_error (error);

      g_assert_cmpint (added->id, ==, read->id);
      g_assert_cmpstr (added->uuid, ==, read->uuid);
      g_assert_cmpstr (added->sha256, ==, read->sha256);
      g_assert_cmpstr (added->title, ==, read->title);
      g_assert_cmpstr (added->publication, ==, read->publication);
      g_assert_cmpstr (added->volume, ==, read->volume);
      g_assert_cmpstr (added->issue, ==, read->issue);
      g_assert_cmpstr (added->author, ==, read->author);
      g_assert_cmpstr (added->date, ==, read->date);
      g_assert_cmpstr (added->origin, ==, read->origin);
      g_assert_cmpstr (added->format, ==, read->format);
      g_assert_cmpstr (added->format, ==, i == 0 ? "html" : "text");
      g_assert_cmpstr (added->encoding, ==, read->encoding);
      g_assert_cmpstr (added->encoding, ==, "UTF-8");
      g_assert_cmpstr (added->text, ==, read->text);
      g_assert_cmpint (added->length, ==, read->length);
      g_assert_cmpint (added->body_start, ==, read->body_start);
      g_assert_cmpstr (added->imported, ==, read->imported);
      g_assert_cmpstr (added->extraction, ==, read->extraction);
      g_assert_cmpint (added->claim_count, ==, read->claim_count);
      g_assert_cmpint (added->claim_count, ==, 0);
    }
}

static void
test_combining_marks (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(AttestDocument) doc = attest_document_new ();
  g_autoptr(AttestDocument) stored = NULL;
  g_autoptr(AttestClaim) claim = NULL;
  g_autoptr(GError) error = NULL;

  /* "Cafe" + COMBINING ACUTE ACCENT: offset 4 splits e from its accent. */
  attest_document_set_text (doc, "Cafe\xcc\x81 Dushanbe");
  stored = attest_store_add_document (f->store, doc, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (stored->length, ==, 14);

  claim = attest_store_add_claim (f->store, stored->uuid, 0, 4, "training", NULL, NULL, &error);
  g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID);
  g_assert_null (claim);
  g_clear_error (&error);
  claim = attest_store_add_claim (f->store, stored->uuid, 4, 9, "training", NULL, NULL, &error);
  g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID);
  g_clear_error (&error);
  claim = attest_store_add_claim (f->store, stored->uuid, 0, 5, "training", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (claim->quote, ==, "Cafe\xcc\x81");
}

static void
test_sources_and_links (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(AttestDocument) doc = attest_test_import_sample (f->store, attest_test_samples[0], NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) sources = attest_store_list_sources (f->store, doc->uuid, &error);
  g_autoptr(AttestClaim) claim = NULL;
  g_autoptr(AttestClaim) reread = NULL;
  g_autoptr(AttestCitation) suggestion = NULL;
  g_autoptr(AttestSource) outside = attest_source_new ();
  g_autoptr(AttestSource) stored = NULL;
  AttestSource *interfax;
  gint64 start;

  g_assert_no_error (error);
  g_assert_cmpuint (sources->len, ==, 5);
  interfax = g_ptr_array_index (sources, 4);
  g_assert_cmpstr (interfax->outlet, ==, "Interfax");
  g_assert_cmpstr (interfax->place, ==, "Moscow");
  g_assert_cmpstr (interfax->date_text, ==, "December 1");
  g_assert_cmpstr (interfax->when, ==, "--12-01");
  g_assert_cmpstr (interfax->document_uuid, ==, doc->uuid);
  g_assert_cmpint (interfax->citation_count, ==, 1);

  /* A claim in Markov's paragraph: the paragraph's closing attribution is
   * the suggestion. */
  start = attest_document_find (doc, "sending Russian border guards back to Tajikistan", 0);
  g_assert_cmpint (start, >, 0);
  claim = attest_store_add_claim (f->store, doc->uuid, start, start + 48, "border-security",
                                  NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (claim->quote, ==, "sending Russian border guards back to Tajikistan");
  suggestion = attest_store_suggest_citation (f->store, doc->uuid, claim->start, claim->end, &error);
  g_assert_no_error (error);
  g_assert_nonnull (suggestion);
  g_assert_cmpstr (suggestion->text, ==, "Interfax, Moscow, December 1");
  g_assert_cmpstr (suggestion->source->uuid, ==, interfax->uuid);

  g_assert_true (attest_store_link (f->store, claim->uuid, interfax->uuid, &error));
  g_assert_no_error (error);
  g_assert_false (attest_store_link (f->store, claim->uuid, interfax->uuid, &error));
  g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_DUPLICATE);
  g_clear_error (&error);

  /* An outside report, added by hand, then linked too. */
  outside->outlet = g_strdup ("Reuters");
  outside->date_text = g_strdup ("December 3 2005");
  outside->url = g_strdup ("https://example.org/report");
  stored = attest_store_add_source (f->store, outside, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (stored->when, ==, "2005-12-03");
  g_assert_null (stored->document_uuid);
  g_assert_true (attest_store_link (f->store, claim->uuid, stored->uuid, &error));

  reread = attest_store_get_claim (f->store, claim->uuid, &error);
  g_assert_cmpuint (reread->source_uuids->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (reread->source_uuids, 0), ==, interfax->uuid);
  g_assert_cmpstr (g_ptr_array_index (reread->source_uuids, 1), ==, stored->uuid);

  g_assert_true (attest_store_unlink (f->store, claim->uuid, interfax->uuid, &error));
  g_assert_false (attest_store_unlink (f->store, claim->uuid, interfax->uuid, &error));
  g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_clear_object (&reread);
  reread = attest_store_get_claim (f->store, claim->uuid, &error);
  g_assert_cmpuint (reread->source_uuids->len, ==, 1);

  /* What a claim on the article may rest on: its five, in the order of
   * their first citation as the article's own listing has them, then the
   * outside one; another article's are not among them. */
  {
    g_autoptr(AttestDocument) other = attest_test_import_sample (f->store, attest_test_samples[1], NULL);
    g_autoptr(GPtrArray) usable = attest_store_list_article_sources (f->store, doc->uuid, &error);
    g_autoptr(GPtrArray) theirs = attest_store_list_sources (f->store, other->uuid, NULL);

    g_assert_no_error (error);
    g_assert_cmpuint (theirs->len, >, 0);
    g_assert_cmpuint (usable->len, ==, 6);
    for (guint i = 0; i < 5; i++)
      g_assert_cmpstr (((AttestSource *) g_ptr_array_index (usable, i))->uuid, ==,
                       ((AttestSource *) g_ptr_array_index (sources, i))->uuid);
    g_assert_cmpstr (((AttestSource *) g_ptr_array_index (usable, 5))->uuid, ==, stored->uuid);
    g_assert_cmpint (((AttestSource *) g_ptr_array_index (usable, 4))->citation_count, ==, 1);
    g_assert_null (attest_store_list_article_sources (f->store, "no-such-article", &error));
    g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_NOT_FOUND);
    g_clear_error (&error);
  }

  /* Bad sources. */
  {
    g_autoptr(AttestSource) empty = attest_source_new ();
    g_autoptr(AttestSource) bad_date = attest_source_new ();
    g_autoptr(AttestSource) bad_url = attest_source_new ();
    g_autoptr(AttestSource) r = NULL;

    r = attest_store_add_source (f->store, empty, &error);
    g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID);
    g_clear_error (&error);
    bad_date->outlet = g_strdup ("Kabar");
    bad_date->date_text = g_strdup ("the other day");
    r = attest_store_add_source (f->store, bad_date, &error);
    g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID);
    g_clear_error (&error);
    bad_url->outlet = g_strdup ("Kabar");
    bad_url->url = g_strdup ("not a url");
    r = attest_store_add_source (f->store, bad_url, &error);
    g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID);
    g_clear_error (&error);
    /* A URI, but not a web address: the source editor's message. */
    g_free (bad_url->url);
    bad_url->url = g_strdup ("javascript:alert(document.cookie)");
    r = attest_store_add_source (f->store, bad_url, &error);
    g_assert_null (r);
    g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID);
    g_assert_cmpstr (error->message, ==, "“javascript:alert(document.cookie)” is not a web address: a source's "
                                         "address starts with http:// or https://, names a host and holds no spaces");
    g_clear_error (&error);
    /* A field holds 1,000 characters, as an article's does and as every
     * import takes them; an address has no such limit. */
    {
      g_autofree char *longest = g_strnfill (1000, 'o');
      g_autofree char *longer = g_strnfill (1001, 'o');
      g_autofree char *path = g_strnfill (3000, 'p');
      g_autoptr(AttestSource) ok = NULL;

      g_free (bad_url->url);
      bad_url->url = g_strconcat ("https://wire.example/", path, NULL);
      g_free (bad_url->outlet);
      bad_url->outlet = g_strdup (longer);
      g_assert_null (attest_store_add_source (f->store, bad_url, &error));
      g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID);
      g_assert_cmpstr (error->message, ==, "A source's outlet has 1001 characters; it may have at most 1000");
      g_clear_error (&error);
      g_free (bad_url->outlet);
      bad_url->outlet = g_strdup (longest);
      ok = attest_store_add_source (f->store, bad_url, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (strlen (ok->url), ==, strlen ("https://wire.example/") + 3000);
    }
  }
}

/* The rule every write of a source's address goes through (the source
 * editor, TEI and the exchange imports, merge and sync). */
static void
test_url_rule (void)
{
  static const char * const good[] = {
    "https://example.org/report", "http://EXAMPLE.org:8080/a?b=c#d", "HTTPS://example.org",
    "https://user@example.org/%20spaced", "https://[2001:db8::1]/x",
    /* Joiners are text: an emoji sequence, a Persian word, an IDN host. */
    "https://example.com/\xf0\x9f\x91\xa9\u200D\xf0\x9f\x91\xa7", "https://fa.wikipedia.org/wiki/\u0645\u06CC\u200C\u062E",
    "https://\u043F\u0440\u0438\u043C\u0435\u0440.\u0440\u0444/",
  };
  static const char * const bad[] = {
    "javascript:alert(1)", "file:///etc/passwd", "ftp://example.org/x", "mailto:a@example.org",
    "http://exa mple.org/", "https://example.org/a b", "https://example.org/a\tb", " https://example.org/",
    "https://example.org/\u2028", "http:///path", "http:path", "example.org/report", "//example.org/x", "",
    "https://example.org/\x1b[2J",
    /* A host that decodes to a space, invisible format characters, and
     * a backslash browsers read as "/" (the host would be evil.com). */
    "http://%20/", "https://example.org/\u202Eexe.txt", "http://exa\u200Bmple.org/", "http://x.com\\@evil.com/",
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;

      g_test_message ("%s", good[i]);
      g_assert_true (attest_rules_check_url (good[i], &error));
      g_assert_no_error (error);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;

      g_test_message ("%s", bad[i]);
      g_assert_false (attest_rules_check_url (bad[i], &error));
      g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID);
      g_assert_true (g_str_has_suffix (error->message, "” is not a web address: a source's address starts with "
                                                       "http:// or https://, names a host and holds no spaces"));
    }
  /* A bound every format can carry a source whole within. */
  {
    g_autofree char *path = g_strnfill (ATTEST_RULES_URL_MAX_BYTES - strlen ("https://example.org/"), 'p');
    g_autofree char *longest = g_strconcat ("https://example.org/", path, NULL);
    g_autofree char *longer = g_strconcat (longest, "q", NULL);
    g_autoptr(GError) error = NULL;

    g_assert_true (attest_rules_check_url (longest, &error));
    g_assert_false (attest_rules_check_url (longer, &error));
    g_assert_cmpstr (error->message, ==, "A web address holds at most 8192 bytes; this one holds 8193");
  }
  /* Control characters are shown, not passed to a terminal. */
  {
    g_autoptr(GError) error = NULL;

    g_assert_false (attest_rules_check_url ("https://example.org/\x1b[2J\tx", &error));
    g_assert_cmpstr (error->message, ==, "“https://example.org/\\u001B[2J\\u0009x” is not a web address: a source's "
                                         "address starts with http:// or https://, names a host and holds no spaces");
    g_clear_error (&error);
    g_assert_false (attest_rules_check_url ("https://example.org/\u202Eexe.txt", &error));
    g_assert_cmpstr (error->message, ==, "“https://example.org/\\u202Eexe.txt” is not a web address: a source's "
                                         "address starts with http:// or https://, names a host and holds no spaces");
  }
  /* Through the source rule, as a merge or an import checks a row. */
  {
    g_autoptr(GError) error = NULL;
    AttestSourceRow row = {
      .uuid = "5e1d2c3b-4a59-4687-9a0b-1c2d3e4f5a6b", .outlet = "Kabar", .url = "file:///etc/passwd",
      .created = "2025-01-02T03:04:05Z",
    };

    g_assert_false (attest_rules_check_source (&row, &error));
    g_assert_cmpstr (error->message, ==, "“file:///etc/passwd” is not a web address: a source's address starts "
                                         "with http:// or https://, names a host and holds no spaces");
    g_clear_error (&error);
    row.url = "https://example.org/x";
    g_assert_true (attest_rules_check_source (&row, &error));
    g_assert_no_error (error);
  }
}

static void
test_document_date (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(AttestDocument) doc = attest_test_import_sample (f->store, attest_test_samples[0], NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) sources = NULL;
  g_autoptr(AttestDocument) reread = NULL;

  g_assert_false (attest_store_set_document_date (f->store, doc->uuid, "5 Dec 2005", &error));
  g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_true (attest_store_set_document_date (f->store, doc->uuid, "2005-12-05", &error));
  g_assert_no_error (error);
  reread = attest_store_get_document (f->store, doc->uuid, &error);
  g_assert_cmpstr (reread->date, ==, "2005-12-05");

  sources = attest_store_list_sources (f->store, doc->uuid, &error);
  g_assert_cmpstr (((AttestSource *) g_ptr_array_index (sources, 0))->when, ==, "2005-11-30");
  g_assert_cmpstr (((AttestSource *) g_ptr_array_index (sources, 4))->when, ==, "2005-12-01");
}

static void
test_search (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) hits = NULL;
  g_autoptr(GPtrArray) none = NULL;
  g_autoptr(GPtrArray) odd = NULL;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (guint i = 0; i < G_N_ELEMENTS (attest_test_samples); i++)
    g_object_unref (attest_test_import_sample (f->store, attest_test_samples[i], NULL));

  /* Every article but 001 has both words. */
  hits = attest_store_search (f->store, "border guards", 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, 4);
  for (guint i = 0; i < hits->len; i++)
    {
      AttestSearchHit *hit = g_ptr_array_index (hits, i);

      g_array_append_val (ids, hit->document->id);
      g_assert_nonnull (strstr (hit->snippet, "["));
      g_assert_null (hit->document->text);
    }
  {
    gboolean seen[6] = { 0 };
    for (guint i = 0; i < ids->len; i++)
      seen[g_array_index (ids, gint64, i)] = TRUE;
    g_assert_true (seen[1] && !seen[2] && seen[3] && seen[4] && seen[5]);
  }

  none = attest_store_search (f->store, "zeppelin", 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (none->len, ==, 0);

  /* FTS5 syntax in what people type is taken as words, not as a query:
   * no syntax error, and "NOT" does not exclude anything. Each word is a
   * prefix, so "NOT" also finds 001's "noticeable": all five. */
  odd = attest_store_search (f->store, "\"Dushanbe AND (NOT", 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (odd->len, ==, 5);
  g_clear_pointer (&none, g_ptr_array_unref);
  none = attest_store_search (f->store, "Dushanbe NOT Tajikistan", 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (none->len, ==, 5);

  g_assert_null (attest_store_search (f->store, "   ", 0, &error));
  g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID);
}

static void
test_taxonomy (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestCategory) cat = attest_category_new ();
  g_autoptr(AttestCategory) reread = NULL;
  g_autoptr(GPtrArray) active = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(AttestDocument) doc = attest_test_import_sample (f->store, attest_test_samples[0], NULL);
  g_autoptr(AttestClaim) claim = NULL;

  cat->key = g_strdup ("sanctions");
  cat->label = g_strdup ("Sanctions");
  cat->color = g_strdup ("#123abc");
  cat->shortcut = 1;  /* taken by troop-deployment */
  g_assert_false (attest_store_add_category (f->store, cat, &error));
  g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID);
  g_clear_error (&error);

  cat->shortcut = -1;
  cat->parent_key = g_strdup ("statement-position");
  g_assert_true (attest_store_add_category (f->store, cat, &error));
  g_assert_no_error (error);
  g_assert_cmpint (cat->id, ==, 14);
  g_assert_false (attest_store_add_category (f->store, cat, &error));
  g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_DUPLICATE);
  g_clear_error (&error);

  /* Bad keys and colours. */
  {
    const char *bad_keys[] = { "Sanctions", "1st", "with space", "", "x<y" };
    for (guint i = 0; i < G_N_ELEMENTS (bad_keys); i++)
      {
        g_autoptr(AttestCategory) bad = attest_category_new ();
        bad->key = g_strdup (bad_keys[i]);
        bad->label = g_strdup ("Bad");
        bad->color = g_strdup ("#000000");
        g_assert_false (attest_store_add_category (f->store, bad, &error));
        g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID);
        g_clear_error (&error);
      }
    g_free (cat->color);
    cat->color = g_strdup ("red");
    g_assert_false (attest_store_update_category (f->store, cat, &error));
    g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID);
    g_clear_error (&error);
  }

  /* Rename, recolour, retire. */
  g_free (cat->color);
  cat->color = g_strdup ("#654321");
  g_free (cat->label);
  cat->label = g_strdup ("Sanctions and embargoes");
  cat->retired = TRUE;
  g_assert_true (attest_store_update_category (f->store, cat, &error));
  g_assert_no_error (error);
  reread = attest_store_get_category (f->store, "sanctions", &error);
  g_assert_cmpstr (reread->label, ==, "Sanctions and embargoes");
  g_assert_cmpstr (reread->color, ==, "#654321");
  g_assert_cmpstr (reread->parent_key, ==, "statement-position");
  g_assert_true (reread->retired);
  g_assert_cmpint (reread->version, ==, 2);

  active = attest_store_list_categories (f->store, FALSE, &error);
  all = attest_store_list_categories (f->store, TRUE, &error);
  g_assert_cmpuint (active->len, ==, 13);
  g_assert_cmpuint (all->len, ==, 14);

  claim = attest_store_add_claim (f->store, doc->uuid, 0, 11, "sanctions", NULL, NULL, &error);
  g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID);
  g_assert_null (claim);
}

static AttestCategory *
new_category (const char *key,
              const char *label)
{
  AttestCategory *c = attest_category_new ();

  c->key = g_strdup (key);
  c->label = g_strdup (label);
  c->color = g_strdup ("#123456");
  c->shortcut = -1;
  return c;
}

static gboolean
set_parent (AttestStore *store,
            const char  *key,
            const char  *parent,
            GError     **error)
{
  g_autoptr(AttestCategory) c = attest_store_get_category (store, key, error);

  g_assert_nonnull (c);
  g_free (c->parent_key);
  c->parent_key = g_strdup (parent);
  return attest_store_update_category (store, c, error);
}

/* Found by testing from outside: a parent cycle was accepted (then the
 * TEI export recursed until it crashed) and check called it intact. */
static void
test_category_cycle (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(AttestCategory) reread = NULL;
  g_autofree char *out = g_build_filename (f->dir, "out.xml", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (out);
  g_autofree char *xml = NULL;
  g_autoptr(AttestDocument) doc = attest_test_import_sample (f->store, attest_test_samples[0], NULL);

  g_assert_true (set_parent (f->store, "training", "debt-deal", &error));
  g_assert_no_error (error);
  g_assert_false (set_parent (f->store, "debt-deal", "training", &error));
  g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "“training” cannot be the parent of “debt-deal”: "
                   "it is already under it, and a category cannot be under itself");
  g_clear_error (&error);

  /* Three deep: border-security under training under debt-deal. */
  g_assert_true (set_parent (f->store, "border-security", "training", &error));
  g_assert_false (set_parent (f->store, "debt-deal", "border-security", &error));
  g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID);
  g_clear_error (&error);
  reread = attest_store_get_category (f->store, "debt-deal", &error);
  g_assert_null (reread->parent_key);

  /* Moving a category elsewhere in its own line is fine. */
  g_assert_true (set_parent (f->store, "border-security", "debt-deal", &error));
  g_assert_no_error (error);

  g_assert_true (attest_store_check (f->store, &problems, &error));
  g_assert_cmpuint (problems->len, ==, 0);
  g_clear_pointer (&problems, g_ptr_array_unref);

  /* A cycle made behind our back: check names each category in it, and
   * the TEI export writes them once each instead of recursing forever. */
  raw_exec (f->path, "UPDATE categories SET parent_key = 'training' WHERE key = 'debt-deal'");
  g_assert_true (attest_store_check (f->store, &problems, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (problems->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (problems, 0), ==, "category debt-deal: its parents lead back to it (a cycle)");
  g_assert_cmpstr (g_ptr_array_index (problems, 1), ==, "category training: its parents lead back to it (a cycle)");

  g_assert_true (attest_tei_writer_write_file (f->store, NULL, file, NULL, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (out, &xml, NULL, NULL));
  g_assert_nonnull (strstr (xml, "xml:id=\"training\""));
  g_assert_null (strstr (strstr (xml, "xml:id=\"training\"") + 1, "xml:id=\"training\""));
  g_assert_nonnull (strstr (xml, "xml:id=\"debt-deal\""));
  g_assert_null (strstr (strstr (xml, "xml:id=\"debt-deal\"") + 1, "xml:id=\"debt-deal\""));
}

/* Found by testing from outside: a 10,000-character label froze the
 * Categories editor; an ESC in a description broke every TEI export;
 * a second "Troop deployment" could be added. */
static void
test_category_text_rules (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *label_200 = g_strnfill (200, 'x');
  g_autofree char *label_201 = g_strnfill (201, 'y');
  g_autofree char *desc_2001 = g_strnfill (2001, 'z');
  g_autofree char *out = g_build_filename (f->dir, "out.xml", NULL);
  g_autofree char *path_2 = g_build_filename (f->dir, "second.db", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (out);
  g_autoptr(AttestCategory) c = new_category ("long", label_201);
  g_autoptr(AttestCategory) reread = NULL;
  g_autoptr(AttestStore) second = NULL;
  g_autoptr(AttestDocument) doc = attest_test_import_sample (f->store, attest_test_samples[0], NULL);

  g_assert_false (attest_store_add_category (f->store, c, &error));
  g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "The label of category long has 201 characters; a label has at most 200");
  g_clear_error (&error);
  g_free (c->label);
  c->label = g_strdup (label_200);
  g_assert_true (attest_store_add_category (f->store, c, &error));
  g_assert_no_error (error);

  g_free (c->description);
  c->description = g_strdup (desc_2001);
  g_assert_false (attest_store_update_category (f->store, c, &error));
  g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==,
                   "The description of category long has 2001 characters; a description has at most 2000");
  g_clear_error (&error);

  /* Names: one per live category, whatever the case. */
  {
    g_autoptr(AttestCategory) twin = new_category ("troops", "troop DEPLOYMENT");

    g_assert_false (attest_store_add_category (f->store, twin, &error));
    g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID);
    g_assert_cmpstr (error->message, ==, "There is already a category named “Troop deployment”; choose another name");
    g_clear_error (&error);

    g_free (c->description);
    c->description = NULL;
    g_free (c->label);
    c->label = g_strdup ("Training");
    g_assert_false (attest_store_update_category (f->store, c, &error));
    g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID);
    g_assert_cmpstr (error->message, ==, "There is already a category named “Training”; choose another name");
    g_clear_error (&error);

    /* A retired category's name is free again, and a case change of
     * one's own name is no clash. */
    twin->retired = TRUE;
    g_assert_true (attest_store_add_category (f->store, twin, &error));
    g_assert_no_error (error);
    g_free (c->label);
    c->label = g_strdup ("LONG ONE");
    g_assert_true (attest_store_update_category (f->store, c, &error));
    g_free (c->label);
    c->label = g_strdup ("Long one");
    g_assert_true (attest_store_update_category (f->store, c, &error));
    g_assert_no_error (error);
    twin->retired = FALSE;
    g_assert_false (attest_store_update_category (f->store, twin, &error));
    g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID);
    g_clear_error (&error);
  }

  /* A control character in a description is carried like one in a label. */
  g_free (c->description);
  c->description = g_strdup ("a\x1b" "b\x01" "c");
  g_assert_true (attest_store_update_category (f->store, c, &error));
  g_assert_no_error (error);
  g_assert_true (attest_tei_writer_write_file (f->store, NULL, file, NULL, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  second = attest_store_open (path_2, ATTEST_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_true (attest_tei_reader_import_file (second, file, NULL, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  reread = attest_store_get_category (second, "long", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (reread->description, ==, "a\x1b" "b\x01" "c");
  g_assert_cmpstr (reread->label, ==, "Long one");
  g_assert_finalize_object (g_steal_pointer (&second));
}

static void
test_check (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(AttestDocument) doc = attest_test_import_sample (f->store, attest_test_samples[1], NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(AttestClaim) claim = attest_store_add_claim (f->store, doc->uuid, 3, 14, "training",
                                                         NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_true (attest_store_check (f->store, &problems, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (problems->len, ==, 0);
  g_clear_pointer (&problems, g_ptr_array_unref);

  /* Someone edits the file behind our back. */
  raw_exec (f->path, "UPDATE claims SET quote = 'something else'");
  g_assert_true (attest_store_check (f->store, &problems, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (problems->len, ==, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (problems, 0), claim->uuid));
  g_assert_nonnull (strstr (g_ptr_array_index (problems, 0), "quote no longer matches"));
}

static void
test_sharing (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestStore) other = attest_store_open (f->path, ATTEST_STORE_OPEN_DEFAULT, &error);
  g_autoptr(AttestDocument) doc = NULL;
  g_autoptr(AttestStore) copy = NULL;
  g_autoptr(GPtrArray) copied = NULL;
  g_autofree char *backup = g_build_filename (f->dir, "backup.db", NULL);
  g_autofree char *kind = NULL;
  gint64 before;

  g_assert_no_error (error);
  before = attest_store_get_data_version (f->store);
  g_assert_cmpint (before, >=, 0);

  /* Our own commits do not change our data version; another's do. */
  doc = attest_test_import_sample (f->store, attest_test_samples[1], NULL);
  g_assert_cmpint (attest_store_get_data_version (f->store), ==, before);
  {
    g_autoptr(AttestClaim) c = attest_store_add_claim (other, doc->uuid, 0, 20, "training", NULL, NULL, &error);
    g_assert_no_error (error);
  }
  g_assert_cmpint (attest_store_get_data_version (f->store), !=, before);

  /* A consistent copy of the live database. */
  g_assert_true (attest_store_backup (f->store, backup, &error));
  g_assert_no_error (error);
  copy = attest_store_open (backup, ATTEST_STORE_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  copied = attest_store_list_claims (copy, NULL, &error);
  g_assert_cmpuint (copied->len, ==, 1);
  g_assert_false (attest_store_backup (f->store, backup, &error));
  g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID);

  /* The test folder is on a local disk (or tmpfs). */
  kind = attest_store_dup_network_filesystem (f->path);
  g_assert_null (kind);
}

/* ------------------------------------------------ refused database files */

static void
test_refuse_not_sqlite (void)
{
  g_autofree char *dir = attest_test_make_tmp_dir ("attest-store-XXXXXX");
  g_autofree char *path = g_build_filename (dir, "notes.db", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestStore) store = NULL;

  g_assert_true (g_file_set_contents (path, "My notes, not a database.\n", -1, NULL));
  before = file_sha256 (path);
  store = attest_store_open (path, ATTEST_STORE_OPEN_DEFAULT, &error);
  g_assert_null (store);
  g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_NOT_OURS);
  after = file_sha256 (path);
  g_assert_cmpstr (before, ==, after);
  attest_test_remove_tree (dir);
}

static void
test_refuse_foreign_sqlite (void)
{
  g_autofree char *dir = attest_test_make_tmp_dir ("attest-store-XXXXXX");
  g_autofree char *path = g_build_filename (dir, "other.db", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestStore) store = NULL;

  raw_exec (path, "CREATE TABLE t (x); INSERT INTO t VALUES (1);");
  before = file_sha256 (path);
  store = attest_store_open (path, ATTEST_STORE_OPEN_DEFAULT, &error);
  g_assert_null (store);
  g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_NOT_OURS);
  g_assert_nonnull (strstr (error->message, "another program"));
  after = file_sha256 (path);
  g_assert_cmpstr (before, ==, after);
  attest_test_remove_tree (dir);
}

static void
test_refuse_newer (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestStore) store = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  g_clear_object (&f->store);
  raw_exec (f->path, "PRAGMA user_version = 99");
  before = file_sha256 (f->path);
  store = attest_store_open (f->path, ATTEST_STORE_OPEN_DEFAULT, &error);
  g_assert_null (store);
  g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_NEWER_SCHEMA);
  g_assert_nonnull (strstr (error->message, "newer version of Attest"));
  after = file_sha256 (f->path);
  g_assert_cmpstr (before, ==, after);
}

static void
test_corrupt (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestStore) store = NULL;
  g_autoptr(GPtrArray) docs = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gsize len;

  for (guint i = 0; i < G_N_ELEMENTS (attest_test_samples); i++)
    g_object_unref (attest_test_import_sample (f->store, attest_test_samples[i], NULL));
  g_clear_object (&f->store);
  /* Fold the WAL back in, then scribble over everything after page 1. */
  raw_exec (f->path, "PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode = DELETE;");
  g_assert_true (g_file_get_contents (f->path, &contents, &len, NULL));
  g_assert_cmpuint (len, >, 8192);
  for (gsize i = 4096; i < len; i++)
    contents[i] = (char) (i * 7 + 13);
  g_assert_true (g_file_set_contents (f->path, contents, len, NULL));
  before = file_sha256 (f->path);

  store = attest_store_open (f->path, ATTEST_STORE_OPEN_DEFAULT, &error);
  if (store != NULL)
    {
      docs = attest_store_list_documents (store, &error);
      g_assert_null (docs);
    }
  g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_CORRUPT);
  g_clear_object (&store);
  after = file_sha256 (f->path);
  g_assert_cmpstr (before, ==, after);
}

static void
test_read_only (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestStore) store = NULL;
  g_autoptr(GPtrArray) docs = NULL;
  g_autoptr(AttestClaim) claim = NULL;
  g_autoptr(AttestDocument) doc = attest_test_import_sample (f->store, attest_test_samples[4], NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  g_clear_object (&f->store);
  before = file_sha256 (f->path);

  store = attest_store_open (f->path, ATTEST_STORE_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  g_assert_true (attest_store_is_read_only (store));
  g_assert_cmpstr (attest_store_get_read_only_reason (store), ==, "opened read-only on request");

  /* Reads work… */
  docs = attest_store_list_documents (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (docs->len, ==, 1);
  /* …writes are refused with a clear message. */
  claim = attest_store_add_claim (store, doc->uuid, 0, 10, "training", NULL, NULL, &error);
  g_assert_null (claim);
  g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_READ_ONLY);
  g_assert_nonnull (strstr (error->message, "read-only"));
  g_clear_object (&store);
  after = file_sha256 (f->path);
  g_assert_cmpstr (before, ==, after);

  /* A file without write permission opens read-only by itself. Root may
   * write anyway, so this half only means something for other users. */
  if (geteuid () == 0)
    {
      g_test_message ("running as root: file permissions do not apply, skipping the chmod half");
      return;
    }
  g_assert_cmpint (g_chmod (f->path, 0444), ==, 0);
  store = attest_store_open (f->path, ATTEST_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_true (attest_store_is_read_only (store));
  g_assert_cmpstr (attest_store_get_read_only_reason (store), ==, "the file is not writable");
}

static void
test_missing_and_folder (void)
{
  g_autofree char *dir = attest_test_make_tmp_dir ("attest-store-XXXXXX");
  g_autofree char *path = g_build_filename (dir, "absent.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestStore) store = NULL;

  store = attest_store_open (path, ATTEST_STORE_OPEN_NO_CREATE, &error);
  g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_NOT_FOUND);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  store = attest_store_open (dir, ATTEST_STORE_OPEN_DEFAULT, &error);
  g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_IO);
  g_assert_null (store);
  attest_test_remove_tree (dir);
}

/* Imports scan with the outlets the database knows at that moment, though
 * the store keeps them between imports: one added here, or by another
 * process, is found in the next article. */
static guint
import_counting_citations (AttestStore *store,
                           const char  *title,
                           const char  *outlet)
{
  g_autoptr(AttestDocument) doc = attest_document_new ();
  g_autoptr(AttestDocument) stored = NULL;
  g_autoptr(GPtrArray) citations = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = g_strdup_printf ("%s\n\nTroops moved to the border, %s reported on Monday.\n\n"
                                           "The ministry said more would follow, %s said.\n",
                                           title, outlet, outlet);

  attest_document_set_text (doc, text);
  stored = attest_store_add_document (store, doc, NULL, &error);
  g_assert_no_error (error);
  citations = attest_store_list_citations (store, stored->uuid, &error);
  g_assert_no_error (error);
  return citations->len;
}

static void
test_outlets_between_imports (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  /* Unknown, "Zorbex Wire said." is not taken for an attribution. */
  g_assert_cmpuint (import_counting_citations (f->store, "One", "Zorbex Wire"), ==, 1);
  g_assert_true (attest_store_add_outlet (f->store, "Zorbex Wire", NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (import_counting_citations (f->store, "Two", "Zorbex Wire"), ==, 2);

  /* Another connection adds one. */
  g_assert_cmpuint (import_counting_citations (f->store, "Three", "Quarnet News"), ==, 1);
  {
    g_autoptr(AttestStore) other = attest_store_open (f->path, ATTEST_STORE_OPEN_DEFAULT, &error);

    g_assert_no_error (error);
    g_assert_true (attest_store_set_annotator (other, "Ben Analyst", NULL));
    g_assert_true (attest_store_add_outlet (other, "Quarnet News", NULL, &error));
    g_assert_no_error (error);
  }
  g_assert_cmpuint (import_counting_citations (f->store, "Four", "Quarnet News"), ==, 2);

  /* An outlet merged into another changes the rows, not their number. */
  g_assert_true (attest_store_add_outlet (f->store, "Quarnet News", "Zorbex Wire", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (import_counting_citations (f->store, "Five", "Quarnet News"), ==, 2);
}

/* Articles in one transaction: one the database refuses (another
 * article's id) leaves the others; the same text twice is one document;
 * a read-only store refuses the batch and nothing is written. */
static void
test_documents_batch (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(AttestDocument) first = attest_test_import_sample (f->store, attest_test_samples[0], NULL);
  AttestDocument *docs[4] = {
    attest_test_read_sample (attest_test_samples[1]),
    attest_test_read_sample (attest_test_samples[2]),
    attest_test_read_sample (attest_test_samples[3]),
    attest_test_read_sample (attest_test_samples[1]),
  };
  AttestDocument *stored[4];
  gboolean existed[4];
  GError *errors[4];
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) listed = NULL;

  /* The second claims the first sample's id. */
  g_free (docs[1]->uuid);
  docs[1]->uuid = g_strdup (first->uuid);
  g_assert_true (attest_store_add_documents (f->store, docs, 4, stored, existed, errors, &error));
  g_assert_no_error (error);
  g_assert_no_error (errors[0]);
  g_assert_error (errors[1], ATTEST_ERROR, ATTEST_ERROR_INVALID);
  g_assert_cmpstr (errors[1]->message, ==, "Refused while importing an article: UNIQUE constraint failed: documents.uuid");
  g_assert_null (stored[1]);
  g_assert_no_error (errors[2]);
  g_assert_no_error (errors[3]);
  g_assert_cmpint (stored[0]->id, ==, 2);
  g_assert_cmpint (stored[2]->id, ==, 3);
  g_assert_cmpint (stored[3]->id, ==, 2);
  g_assert_false (existed[0]);
  g_assert_false (existed[2]);
  g_assert_true (existed[3]);
  g_clear_error (&errors[1]);
  for (guint i = 0; i < 4; i++)
    g_clear_object (&stored[i]);
  listed = attest_store_list_documents (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (listed->len, ==, 3);

  /* A date not in the form set-date takes: that article refused. */
  {
    g_autoptr(AttestDocument) dated = attest_test_read_sample (attest_test_samples[4]);
    g_autoptr(AttestDocument) none = NULL;

    dated->date = g_strdup ("2024-13-45");
    none = attest_store_add_document (f->store, dated, NULL, &error);
    g_assert_null (none);
    g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID);
    g_assert_cmpstr (error->message, ==, "“2024-13-45” is not a date in the form YYYY-MM-DD");
    g_clear_error (&error);
  }

  /* Read-only: the whole batch refused, each outcome empty. */
  g_assert_finalize_object (g_steal_pointer (&f->store));
  f->store = attest_store_open (f->path, ATTEST_STORE_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  g_object_unref (docs[1]);
  docs[1] = attest_test_read_sample (attest_test_samples[4]);
  g_assert_false (attest_store_add_documents (f->store, docs + 1, 1, stored, existed, errors, &error));
  g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_READ_ONLY);
  g_assert_null (stored[0]);
  g_assert_null (errors[0]);
  g_clear_pointer (&listed, g_ptr_array_unref);
  listed = attest_store_list_documents (f->store, NULL);
  g_assert_cmpuint (listed->len, ==, 3);

  for (guint i = 0; i < 4; i++)
    g_object_unref (docs[i]);
}

/* A -wal left from a database deleted after its process was killed: a new
 * database at that path would take in its old pages. Refused, nothing
 * made or removed; once the -wal is gone, created as usual. */
static void
test_orphaned_journal (void)
{
  g_autofree char *dir = attest_test_make_tmp_dir ("attest-orphan-XXXXXX");
  g_autofree char *path = g_build_filename (dir, "team.db", NULL);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);
  g_autofree char *expected = NULL;
  g_autoptr(AttestStore) store = NULL;
  g_autoptr(GError) error = NULL;

  /* A real -wal: a database with a claim not yet checkpointed, whose main
   * file is then deleted while the -wal stays. */
  {
    g_autoptr(AttestStore) first = attest_store_open (path, ATTEST_STORE_OPEN_DEFAULT, &error);
    g_autofree char *keep = g_strconcat (path, "-wal.kept", NULL);
    g_autofree char *contents = NULL;
    gsize length;

    g_assert_no_error (error);
    g_object_unref (attest_test_import_sample (first, attest_test_samples[0], NULL));
    g_assert_true (g_file_get_contents (wal, &contents, &length, NULL));
    g_assert_cmpuint (length, >, 0);
    g_clear_object (&first);
    g_assert_cmpint (g_remove (path), ==, 0);
    g_remove (shm);
    g_assert_true (g_file_set_contents (wal, contents, length, NULL));
  }

  store = attest_store_open (path, ATTEST_STORE_OPEN_DEFAULT, &error);
  g_assert_null (store);
  g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_UNSAFE);
  expected = g_strdup_printf ("“%s” is left from a database “%s” that is no longer there; a new database "
                              "there would take in its old changes and be damaged. Move or delete “%s” "
                              "(and its -shm) first", wal, path, wal);
  g_assert_cmpstr (error->message, ==, expected);
  g_clear_error (&error);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (wal, G_FILE_TEST_EXISTS));

  /* Nor a backup written there. */
  {
    g_autofree char *other_path = g_build_filename (dir, "other.db", NULL);
    g_autoptr(AttestStore) other = attest_store_open (other_path, ATTEST_STORE_OPEN_DEFAULT, &error);

    g_assert_no_error (error);
    g_assert_false (attest_store_backup (other, path, &error));
    g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_UNSAFE);
    g_assert_cmpstr (error->message, ==, expected);
    g_clear_error (&error);
    g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  }

  g_assert_cmpint (g_remove (wal), ==, 0);
  store = attest_store_open (path, ATTEST_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  {
    g_autoptr(GPtrArray) docs = attest_store_list_documents (store, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (docs->len, ==, 0);
  }
  g_clear_object (&store);
  attest_test_remove_tree (dir);
}

static void
count_outcome (GFile          *file,
               AttestDocument *stored,
               gboolean        existed,
               const GError   *error,
               gpointer        user_data)
{
  GArray *codes = user_data;
  int code = stored ? 0 : error->code;

  g_assert_true (stored != NULL || error->domain == ATTEST_ERROR);
  g_array_append_val (codes, code);
}

/* Files imported in batches: once a batch fails as a whole (here: the
 * database may not be written), the files after it are told with the same
 * error without being read; the binary last file is not looked at. */
static void
test_import_files_fail_fast (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GArray) codes = g_array_new (FALSE, FALSE, sizeof (int));
  g_autoptr(GError) error = NULL;
  AttestImportReport report = { 0 };

  for (guint i = 0; i <= ATTEST_IMPORT_BATCH_ARTICLES; i++)
    {
      g_autofree char *name = g_strdup_printf ("article-%03u.txt", i);
      g_autofree char *path = g_build_filename (f->dir, name, NULL);
      g_autofree char *text = g_strdup_printf ("Dispatch %u\n\nGuards closed crossing %u at dawn.\n", i, i);

      if (i == ATTEST_IMPORT_BATCH_ARTICLES)
        g_assert_true (g_file_set_contents (path, "\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16, NULL));
      else
        g_assert_true (g_file_set_contents (path, text, -1, NULL));
      g_ptr_array_add (files, g_file_new_for_path (path));
    }
  g_assert_finalize_object (g_steal_pointer (&f->store));
  f->store = attest_store_open (f->path, ATTEST_STORE_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);

  g_assert_true (attest_import_files (f->store, (GFile **) files->pdata, files->len, NULL, &report,
                                     count_outcome, NULL, codes, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (codes->len, ==, ATTEST_IMPORT_BATCH_ARTICLES + 1);
  for (guint i = 0; i < codes->len; i++)
    g_assert_cmpint (g_array_index (codes, int, i), ==, ATTEST_ERROR_READ_ONLY);
  g_assert_cmpuint (report.failed, ==, ATTEST_IMPORT_BATCH_ARTICLES + 1);
  g_assert_cmpuint (report.imported, ==, 0);
  attest_import_report_clear (&report);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) \
  g_test_add ("/store/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("new-database", test_new_database);
  ADD ("import-samples", test_import_samples);
  ADD ("document-refs", test_document_refs);
  ADD ("upgrade-from-1", test_upgrade_from_1);
  ADD ("claims", test_claims);
  ADD ("claim-bad-input", test_claim_bad_input);
  ADD ("claims-batch", test_claims_batch);
  ADD ("combining-marks", test_combining_marks);
  ADD ("added-as-read", test_added_as_read);
  ADD ("sources-and-links", test_sources_and_links);
  ADD ("outlets-between-imports", test_outlets_between_imports);
  ADD ("documents-batch", test_documents_batch);
  ADD ("import-files-fail-fast", test_import_files_fail_fast);
  ADD ("document-date", test_document_date);
  ADD ("search", test_search);
  ADD ("taxonomy", test_taxonomy);
  ADD ("check", test_check);
  ADD ("category-cycle", test_category_cycle);
  ADD ("category-text-rules", test_category_text_rules);
  ADD ("sharing", test_sharing);
  ADD ("refuse-newer", test_refuse_newer);
  ADD ("corrupt", test_corrupt);
  ADD ("read-only", test_read_only);
#undef ADD
  g_test_add_func ("/store/url-rule", test_url_rule);
  g_test_add_func ("/store/refuse-not-sqlite", test_refuse_not_sqlite);
  g_test_add_func ("/store/orphaned-journal", test_orphaned_journal);
  g_test_add_func ("/store/refuse-foreign-sqlite", test_refuse_foreign_sqlite);
  g_test_add_func ("/store/missing-and-folder", test_missing_and_folder);

  return g_test_run ();
}
