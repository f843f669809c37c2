/* test-merge.c — two copies of a team's database edited apart, merged both
 * ways: the same content on both sides, nothing lost, deletions not undone,
 * conflicts reported and kept; merging again changes nothing. */
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "attest-article-reader.h"
#include "attest-error.h"
#include "attest-store.h"
#include "attest-tei-writer.h"
#include "attest-test-utils.h"

typedef struct {
  char        *dir;
  char        *path_a;
  char        *path_b;
  AttestStore *a;
  AttestStore *b;
} Fixture;

static const char *
source_uuid (AttestStore *store,
             const char  *doc,
             const char  *outlet,
             guint        nth)
{
  static char found[64];
  g_autoptr(GPtrArray) sources = attest_store_list_sources (store, doc, NULL);

  for (guint i = 0; i < sources->len; i++)
    {
      AttestSource *s = g_ptr_array_index (sources, i);
      if (g_str_equal (s->outlet, outlet) && nth-- == 0)
        {
          g_strlcpy (found, s->uuid, sizeof found);
          return found;
        }
    }
  g_assert_not_reached ();
}

/* Everything a merge must carry, keyed by uuid (row ids differ between
 * copies), as text to compare. */
static char *
content (const char *path)
{
  const char *queries[] = {
    "SELECT uuid, sha256, title, date FROM documents ORDER BY uuid",
    "SELECT key, label, color, shortcut, parent_key, retired FROM categories ORDER BY key",
    "SELECT c.uuid, d.uuid, c.start, c.\"end\", c.quote, k.key, a.name, c.status, c.certainty, c.comment,"
    " c.deleted FROM claims c JOIN documents d ON d.id = c.document_id"
    " JOIN categories k ON k.id = c.category_id JOIN annotators a ON a.id = c.annotator_id ORDER BY c.uuid",
    "SELECT s.uuid, s.outlet, s.place, s.date_text, s.url FROM sources s ORDER BY s.uuid",
    "SELECT c.uuid, s.uuid FROM claim_sources cs JOIN claims c ON c.id = cs.claim_id"
    " JOIN sources s ON s.id = cs.source_id ORDER BY 1, 2",
    "SELECT name FROM annotators ORDER BY name",
  };
  GString *out = g_string_new (NULL);
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
    {
      sqlite3_stmt *stmt = NULL;

      g_assert_cmpint (sqlite3_prepare_v2 (db, queries[q], -1, &stmt, NULL), ==, SQLITE_OK);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          for (int c = 0; c < sqlite3_column_count (stmt); c++)
            g_string_append_printf (out, "%s|", sqlite3_column_text (stmt, c));
          g_string_append_c (out, '\n');
        }
      sqlite3_finalize (stmt);
      g_string_append (out, "--\n");
    }
  sqlite3_close (db);
  return g_string_free (out, FALSE);
}

/* Compares a string the test just made, and frees it. */
#define assert_made_str(made, expected) \
  G_STMT_START { g_autofree char *made_ = (made); g_assert_cmpstr (made_, ==, (expected)); } G_STMT_END

static guint
changes (const AttestMergeReport *r)
{
  return r->documents_added + r->documents_updated + r->sources_added + r->categories_added + r->categories_updated +
         r->claims_added + r->claims_updated + r->claims_deleted + r->links_added + r->links_removed +
         r->history_added + r->conflicts->len;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = attest_test_make_tmp_dir ("attest-merge-XXXXXX");
  f->path_a = g_build_filename (f->dir, "ana.db", NULL);
  f->path_b = g_build_filename (f->dir, "boris.db", NULL);
  f->a = attest_store_open (f->path_a, ATTEST_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_true (attest_store_set_annotator (f->a, "Ana", NULL));
}

static void
fork_copy (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (attest_store_backup (f->a, f->path_b, &error));
  g_assert_no_error (error);
  f->b = attest_store_open (f->path_b, ATTEST_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_true (attest_store_set_annotator (f->b, "Boris", NULL));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  /* The test holds the last references: a leaked one fails here. */
  if (f->a != NULL)
    g_assert_finalize_object (g_steal_pointer (&f->a));
  if (f->b != NULL)
    g_assert_finalize_object (g_steal_pointer (&f->b));
  attest_test_remove_tree (f->dir);
  g_free (f->path_a);
  g_free (f->path_b);
  g_free (f->dir);
}

static void
test_diverge_and_merge (Fixture       *f,
                        gconstpointer  data)
{
  g_auto(AttestMergeReport) into_a = { 0 };
  g_auto(AttestMergeReport) into_b = { 0 };
  g_auto(AttestMergeReport) again_a = { 0 };
  g_auto(AttestMergeReport) again_b = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestDocument) d0 = attest_test_import_sample (f->a, "000_7978e9767d1c15ca.txt", NULL);
  g_autoptr(AttestDocument) d1 = attest_test_import_sample (f->a, "001_e5288724e250c3ef.txt", NULL);
  g_autoptr(AttestDocument) d2 = NULL;
  g_autoptr(AttestClaim) c1 = attest_test_add_claim (f->a, d0->uuid, 100, 160, "counter-narcotics");
  g_autoptr(AttestClaim) c2 = attest_test_add_claim (f->a, d0->uuid, 300, 340, "border-security");
  g_autoptr(AttestClaim) c3 = attest_test_add_claim (f->a, d1->uuid, 50, 90, "agreement-meeting");
  g_autoptr(AttestClaim) a1 = NULL;
  g_autoptr(AttestClaim) b1 = NULL;
  g_autoptr(AttestClaim) b2 = NULL;
  g_autofree char *regnum = g_strdup (source_uuid (f->a, d0->uuid, "Regnum", 0));
  g_autofree char *kabar = g_strdup (source_uuid (f->a, d0->uuid, "Kabar", 0));
  g_autofree char *content_a = NULL;
  g_autofree char *content_b = NULL;
  g_autofree char *content_a2 = NULL;

  g_assert_true (attest_store_link (f->a, c1->uuid, regnum, &error));
  fork_copy (f);

  /* Ana, on her copy. */
  a1 = attest_test_add_claim (f->a, d1->uuid, 200, 260, "training");
  attest_test_edit_claim (f->a, c1->uuid, "status", "accepted");
  g_assert_true (attest_store_delete_claim (f->a, c2->uuid, &error));
  g_assert_true (attest_store_unlink (f->a, c1->uuid, regnum, &error));
  attest_test_rename_category (f->a, "training", "Training of forces");

  /* Boris, on his. */
  b1 = attest_test_add_claim (f->b, d0->uuid, 500, 560, "debt-deal");
  attest_test_edit_claim (f->b, c3->uuid, "comment", "Boris: check the date");
  g_assert_true (attest_store_link (f->b, b1->uuid, kabar, &error));
  d2 = attest_test_import_sample (f->b, "002_362495c372b1300c.txt", NULL);
  b2 = attest_test_add_claim (f->b, d2->uuid, 1453, 1479, "troop-deployment");
  g_assert_true (attest_store_link (f->b, b2->uuid, source_uuid (f->b, d2->uuid, "Novye izvestiya", 0), &error));
  attest_test_rename_category (f->b, "debt-deal", "Debt and loans");
  g_assert_no_error (error);

  /* Boris's copy into Ana's. */
  g_assert_true (attest_store_merge (f->a, f->path_b, &into_a, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (into_a.documents_added, ==, 1);
  g_assert_cmpuint (into_a.sources_added, ==, 4);       /* the new article's attributions */
  g_assert_cmpuint (into_a.claims_added, ==, 2);        /* b1, b2 */
  g_assert_cmpuint (into_a.claims_updated, ==, 1);      /* c3's comment */
  g_assert_cmpuint (into_a.claims_deleted, ==, 0);
  g_assert_cmpuint (into_a.categories_updated, ==, 1);  /* debt-deal's label */
  g_assert_cmpuint (into_a.links_added, ==, 2);         /* b1→Kabar, b2→Novye izvestiya */
  g_assert_cmpuint (into_a.links_removed, ==, 0);       /* c1→Regnum stays unlinked */
  g_assert_cmpuint (into_a.conflicts->len, ==, 0);

  /* …and Ana's into Boris's. */
  g_assert_true (attest_store_merge (f->b, f->path_a, &into_b, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (into_b.documents_added, ==, 0);
  g_assert_cmpuint (into_b.claims_added, ==, 1);        /* a1 */
  g_assert_cmpuint (into_b.claims_updated, ==, 2);      /* c1's status, c2 deleted */
  g_assert_cmpuint (into_b.claims_deleted, ==, 1);
  g_assert_cmpuint (into_b.categories_updated, ==, 1);  /* training's label */
  g_assert_cmpuint (into_b.links_removed, ==, 1);       /* Ana's unlink of c1→Regnum */
  g_assert_cmpuint (into_b.conflicts->len, ==, 0);

  /* The same content on both sides. */
  content_a = content (f->path_a);
  content_b = content (f->path_b);
  g_assert_cmpstr (content_a, ==, content_b);
  g_assert_nonnull (strstr (content_a, "training|Training of forces|"));
  g_assert_nonnull (strstr (content_a, "debt-deal|Debt and loans|"));
  g_assert_nonnull (strstr (content_a, "Boris: check the date"));

  /* The deleted claim stays deleted everywhere. */
  {
    g_autoptr(AttestClaim) gone = attest_store_get_claim (f->b, c2->uuid, &error);
    g_assert_null (gone);
    g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_NOT_FOUND);
    g_clear_error (&error);
  }

  /* Merging again, either way, changes nothing. */
  g_assert_true (attest_store_merge (f->a, f->path_b, &again_a, &error));
  g_assert_true (attest_store_merge (f->b, f->path_a, &again_b, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (changes (&again_a), ==, 0);
  g_assert_cmpuint (changes (&again_b), ==, 0);
  content_a2 = content (f->path_a);
  g_assert_cmpstr (content_a2, ==, content_a);

  /* Both copies are whole. */
  {
    g_autoptr(GPtrArray) problems = NULL;
    g_assert_true (attest_store_check (f->a, &problems, &error));
    g_assert_cmpuint (problems->len, ==, 0);
    g_clear_pointer (&problems, g_ptr_array_unref);
    g_assert_true (attest_store_check (f->b, &problems, &error));
    g_assert_cmpuint (problems->len, ==, 0);
  }
}

static void
test_conflict (Fixture       *f,
               gconstpointer  data)
{
  g_auto(AttestMergeReport) report = { 0 };
  g_auto(AttestMergeReport) again = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestDocument) d0 = attest_test_import_sample (f->a, "000_7978e9767d1c15ca.txt", NULL);
  g_autoptr(AttestClaim) c = attest_test_add_claim (f->a, d0->uuid, 100, 160, "counter-narcotics");
  g_autoptr(AttestClaim) after = NULL;
  g_autoptr(AttestClaim) deleted_there = attest_test_add_claim (f->a, d0->uuid, 300, 340, "border-security");
  g_autoptr(GPtrArray) history = NULL;
  AttestMergeConflict *conflict;

  fork_copy (f);
  attest_test_edit_claim (f->a, c->uuid, "certainty", "high");
  attest_test_edit_claim (f->b, c->uuid, "certainty", "low");
  /* Edited by Ana, deleted by Boris. */
  attest_test_edit_claim (f->a, deleted_there->uuid, "comment", "keep this");
  g_assert_true (attest_store_delete_claim (f->b, deleted_there->uuid, &error));

  g_assert_true (attest_store_merge (f->a, f->path_b, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.conflicts->len, ==, 2);
  conflict = g_ptr_array_index (report.conflicts, 0);
  g_assert_cmpstr (conflict->uuid, ==, c->uuid);
  g_assert_cmpstr (conflict->field, ==, "certainty");
  g_assert_cmpstr (conflict->ours, ==, "high");
  g_assert_cmpstr (conflict->theirs, ==, "low");
  conflict = g_ptr_array_index (report.conflicts, 1);
  g_assert_cmpstr (conflict->uuid, ==, deleted_there->uuid);
  g_assert_cmpstr (conflict->field, ==, "deleted");

  /* Ours is kept, theirs is in the history; the deletion stands. */
  after = attest_store_get_claim (f->a, c->uuid, &error);
  g_assert_cmpstr (after->certainty, ==, "high");
  history = attest_store_list_history (f->a, c->uuid, &error);
  {
    gboolean both = FALSE;
    for (guint i = 0; i < history->len; i++)
      {
        AttestHistoryEntry *e = g_ptr_array_index (history, i);
        if (g_str_equal (e->action, "conflict") && g_strcmp0 (e->new_value, "low") == 0 &&
            g_strcmp0 (e->old_value, "high") == 0)
          both = TRUE;
      }
    g_assert_true (both);
  }
  {
    g_autoptr(AttestClaim) gone = attest_store_get_claim (f->a, deleted_there->uuid, &error);
    g_assert_null (gone);
    g_clear_error (&error);
  }

  /* Reported once: merging again finds nothing new. */
  g_assert_true (attest_store_merge (f->a, f->path_b, &again, &error));
  g_assert_cmpuint (changes (&again), ==, 0);
}

static void
test_refused (Fixture       *f,
              gconstpointer  data)
{
  g_auto(AttestMergeReport) report = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *notes = g_build_filename (f->dir, "notes.txt", NULL);
  g_autofree char *missing = g_build_filename (f->dir, "missing.db", NULL);
  g_autoptr(AttestStore) read_only = NULL;

  g_assert_true (g_file_set_contents (notes, "not a database", -1, NULL));
  g_assert_false (attest_store_merge (f->a, notes, &report, &error));
  g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_NOT_OURS);
  g_clear_error (&error);
  g_assert_false (attest_store_merge (f->a, missing, &report, &error));
  g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (attest_store_merge (f->a, f->path_a, &report, &error));
  g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID);
  g_clear_error (&error);

  fork_copy (f);
  read_only = attest_store_open (f->path_a, ATTEST_STORE_OPEN_READ_ONLY, &error);
  g_assert_false (attest_store_merge (read_only, f->path_b, &report, &error));
  g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_READ_ONLY);
}


/* ------------------------------------------------------- hostile copies */

/* A copy from a teammate is outside input: each of these was merged
 * before (three of them crashed) and must now be refused whole, with a
 * sentence naming the copy and the problem, leaving our database as it
 * was. Each mutation is SQL run on a good copy; "rebuild" first recreates
 * the table without its constraints, as a hand-edited or foreign file can
 * be. */
typedef struct {
  const char *name;
  const char *rebuild;    /* a table to recreate without constraints, or NULL */
  const char *sql;
  int         code;
  const char *message;
  gboolean    after_good;  /* merged into a database that took the good copy */
} HostileCase;

static const HostileCase hostile_cases[] = {
  { "a NUL in an article's text", NULL,
    "UPDATE documents SET text = CAST (text || x'00' || 'tail' AS TEXT)", ATTEST_ERROR_CORRUPT, "NUL" },
  { "a NUL in a comment", NULL,
    "UPDATE claims SET comment = 'before' || char (0) || 'after'", ATTEST_ERROR_CORRUPT, "NUL" },
  { "a title that is not UTF-8", NULL,
    "UPDATE documents SET title = CAST (x'ff4e6577' AS TEXT)", ATTEST_ERROR_CORRUPT, "not valid UTF-8" },
  { "an author's name that is not UTF-8", NULL,
    "UPDATE documents SET author = CAST (x'c3' AS TEXT)", ATTEST_ERROR_CORRUPT, "not valid UTF-8" },
  { "offsets past the end of the text", NULL,
    "UPDATE claims SET \"end\" = 999999", ATTEST_ERROR_CORRUPT, "outside the text" },
  { "a quote that is not the text", NULL,
    "UPDATE claims SET quote = 'something else entirely'", ATTEST_ERROR_CORRUPT, "is not the text at" },
  { "a category key with a quote", NULL,
    "PRAGMA foreign_keys = OFF; UPDATE categories SET key = 'bad\"key' WHERE key = 'training'",
    ATTEST_ERROR_CORRUPT, "is not a category key" },
  { "a category key with a space", NULL,
    "PRAGMA foreign_keys = OFF; UPDATE categories SET key = 'troop deployment' WHERE key = 'troop-deployment'",
    ATTEST_ERROR_CORRUPT, "is not a category key" },
  { "a colour that is not #rrggbb", NULL,
    "UPDATE categories SET color = 'red' WHERE key = 'training'", ATTEST_ERROR_CORRUPT, "colour" },
  { "a shortcut of 12", "categories",
    "UPDATE categories SET shortcut = 12 WHERE key = 'training'", ATTEST_ERROR_CORRUPT, "shortcut" },
  { "a category its own parent", NULL,
    "UPDATE categories SET parent_key = key WHERE key = 'training'", ATTEST_ERROR_CORRUPT, "parent" },
  { "a label of 201 characters", NULL,
    "UPDATE categories SET label = replace (hex (zeroblob (201)), '00', 'x') WHERE key = 'training'",
    ATTEST_ERROR_CORRUPT, "the label of category training has 201 characters; a label has at most 200" },
  { "a description of 2,001 characters", NULL,
    "UPDATE categories SET description = replace (hex (zeroblob (2001)), '00', 'x') WHERE key = 'training'",
    ATTEST_ERROR_CORRUPT, "the description of category training has 2001 characters; a description has at most 2000" },
  { "a label of spaces only", NULL,
    "UPDATE categories SET label = '   ' WHERE key = 'training'", ATTEST_ERROR_CORRUPT,
    "the label of category training is only spaces" },
  { "a text that differs under the same document id", NULL,
    "ALTER", ATTEST_ERROR_CONFLICT, "with another text" },
  { "a text that does not match its SHA-256", NULL,
    "UPDATE documents SET text = replace (text, 'the', 'THE')", ATTEST_ERROR_CORRUPT, "SHA-256" },
  { "a length that is not the text's", NULL,
    "UPDATE documents SET length = length - 3", ATTEST_ERROR_CORRUPT, "characters" },
  { "a body that starts past the end", NULL,
    "UPDATE documents SET body_start = length + 10", ATTEST_ERROR_CORRUPT, "starts at" },
  { "a date that is no date", NULL,
    "UPDATE documents SET date = '2004-13-45'", ATTEST_ERROR_CORRUPT, "not YYYY-MM-DD" },
  { "no text (NULL)", "documents",
    "UPDATE documents SET text = NULL", ATTEST_ERROR_CORRUPT, "missing" },
  { "no quote (NULL)", "claims",
    "UPDATE claims SET quote = NULL", ATTEST_ERROR_CORRUPT, "missing" },
  { "no start (NULL)", "claims",
    "UPDATE claims SET start = NULL", ATTEST_ERROR_CORRUPT, "missing, not a number" },
  { "a start that is text", "claims",
    "UPDATE claims SET start = 'ten'", ATTEST_ERROR_CORRUPT, "not a number" },
  { "no action in a history entry (NULL)", "history",
    "UPDATE history SET action = NULL", ATTEST_ERROR_CORRUPT, "does not say what changed" },
  { "no history id (NULL)", "history",
    "UPDATE history SET uuid = NULL", ATTEST_ERROR_CORRUPT, "not a UUID" },
  { "no annotator name (NULL)", "annotators",
    "UPDATE annotators SET name = NULL", ATTEST_ERROR_CORRUPT, "annotator" },
  { "an annotator named with spaces only", NULL,
    "UPDATE annotators SET name = '   '", ATTEST_ERROR_CORRUPT, "cannot be empty" },
  { "an annotator name with spaces around it", NULL,
    "UPDATE annotators SET name = ' Ana '", ATTEST_ERROR_CORRUPT, "spaces at its ends" },
  { "a history entry by a blank name", NULL,
    "UPDATE history SET annotator = ' '", ATTEST_ERROR_CORRUPT, "cannot be empty" },
  { "a status that is none", "claims",
    "UPDATE claims SET status = 'maybe'", ATTEST_ERROR_CORRUPT, "status" },
  { "a certainty that is none", "claims",
    "UPDATE claims SET certainty = 'sure'", ATTEST_ERROR_CORRUPT, "certainty" },
  { "a creation time that is no time", NULL,
    "UPDATE claims SET created = 'yesterday'", ATTEST_ERROR_CORRUPT, "creation" },
  { "a version of 0", NULL,
    "UPDATE claims SET version = 0", ATTEST_ERROR_CORRUPT, "version" },
  { "a deleted flag of 7", NULL,
    "UPDATE claims SET deleted = 7", ATTEST_ERROR_CORRUPT, "not 0 or 1" },
  { "a claim id that is no uuid", NULL,
    "UPDATE claims SET uuid = 'claim-1' WHERE id = (SELECT min (id) FROM claims)", ATTEST_ERROR_CORRUPT, "not a UUID" },
  { "a claim of a missing document", NULL,
    "PRAGMA foreign_keys = OFF; UPDATE claims SET document_id = 999", ATTEST_ERROR_CORRUPT, "lacks" },
  { "a claim of a missing category", NULL,
    "PRAGMA foreign_keys = OFF; UPDATE claims SET category_id = 999", ATTEST_ERROR_CORRUPT, "lacks" },
  { "a link of a missing source", NULL,
    "PRAGMA foreign_keys = OFF; UPDATE claim_sources SET source_id = 999", ATTEST_ERROR_CORRUPT, "lacks" },
  { "a link without a time", NULL,
    "UPDATE claim_sources SET created = 'never'", ATTEST_ERROR_CORRUPT, "when it was made" },
  { "a source without outlet, title or address", "sources",
    "UPDATE sources SET outlet = NULL, title = NULL, url = NULL", ATTEST_ERROR_CORRUPT, "no outlet" },
  { "a source's address with a line break", NULL,
    "UPDATE sources SET url = 'https://example.org/a' || char (10) || 'b'", ATTEST_ERROR_CORRUPT, "line break" },
  { "a source's address that is not a web address", NULL,
    "UPDATE sources SET url = 'javascript:alert(1)'", ATTEST_ERROR_CORRUPT, "is not a web address" },
  { "an attribution past the end of the text", NULL,
    "UPDATE citations SET \"end\" = 999999", ATTEST_ERROR_CORRUPT, "outside the text" },
  { "an attribution that is not the text", NULL,
    "UPDATE citations SET text = 'Pravda'", ATTEST_ERROR_CORRUPT, "is not the text" },
  { "a missing table", NULL,
    "DROP TABLE citations", ATTEST_ERROR_CORRUPT, "tables are not Attest's" },
  { "a missing column", NULL,
    "ALTER TABLE claims DROP COLUMN certainty", ATTEST_ERROR_CORRUPT, "tables are not Attest's" },
  /* Found by testing from outside: a copy without its UNIQUE constraints,
   * ids reused, and references to what neither copy has. */
  { "a claim twice", "claims",
    "INSERT INTO claims SELECT * FROM claims WHERE id = (SELECT min (id) FROM claims)",
    ATTEST_ERROR_CORRUPT, "appears twice" },
  { "a change twice", "history",
    "INSERT INTO history SELECT * FROM history WHERE id = (SELECT min (id) FROM history)",
    ATTEST_ERROR_CORRUPT, "appears twice" },
  { "two annotators of one name", "annotators",
    "INSERT INTO annotators SELECT id + 100, '0e4b8c53-1f6d-4a8e-9a39-2d3c1b7e5f00', name FROM annotators",
    ATTEST_ERROR_CORRUPT, "appears twice" },
  { "a category whose parent neither copy has", NULL,
    "PRAGMA foreign_keys = OFF; INSERT INTO categories (key, label, color, parent_key, position, modified)"
    " VALUES ('orphan', 'Orphan', '#123456', 'ghost', 99, '2024-05-02T10:15:00Z')",
    ATTEST_ERROR_CORRUPT, "neither copy has" },
  { "a start of 0.5", "claims",
    "UPDATE claims SET start = 0.5", ATTEST_ERROR_CORRUPT, "not a whole number" },
  { "our claim's id on another passage", NULL,
    "UPDATE claims SET start = start + 1, \"end\" = \"end\" + 1,"
    " quote = (SELECT substr (d.text, claims.start + 2, claims.\"end\" - claims.start)"
    "          FROM documents d WHERE d.id = claims.document_id)"
    " WHERE id = (SELECT min (id) FROM claims)", ATTEST_ERROR_CORRUPT, "marks another passage", TRUE },
  { "our annotator's id with another name", NULL,
    "UPDATE annotators SET name = 'Somebody Else'", ATTEST_ERROR_CORRUPT, "“Somebody Else” in it", TRUE },
};

/* Recreates @table without NOT NULL and CHECK constraints (and without
 * its indexes and triggers), keeping its rows. */
static void
strip_constraints (sqlite3    *db,
                   const char *table)
{
  g_autofree char *sql = g_strdup_printf (
    "PRAGMA foreign_keys = OFF;"
    " DROP TRIGGER IF EXISTS documents_ai; DROP TRIGGER IF EXISTS documents_ad;"
    " DROP TRIGGER IF EXISTS documents_au;"
    " CREATE TABLE loose AS SELECT * FROM %s; DROP TABLE %s; ALTER TABLE loose RENAME TO %s;",
    table, table, table);

  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
}

/* The same uuid, another text: its own SHA-256 and length, so only the
 * comparison with our copy can tell. */
static void
alter_text (sqlite3 *db)
{
  sqlite3_stmt *stmt = NULL;
  g_autofree char *text = NULL;
  g_autofree char *sha = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT text || ' (altered)' FROM documents LIMIT 1", -1, &stmt, NULL),
                   ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  text = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sha = g_compute_checksum_for_string (G_CHECKSUM_SHA256, text, -1);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "UPDATE documents SET text = ?, sha256 = ?, length = ?"
                                           " WHERE id = (SELECT min (id) FROM documents)", -1, &stmt, NULL),
                   ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, text, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, sha, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, g_utf8_strlen (text, -1));
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
}

static void
test_hostile_copies (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(AttestDocument) doc = attest_test_import_sample (f->a, "002_362495c372b1300c.txt", NULL);
  g_autofree char *good = g_build_filename (f->dir, "good.db", NULL);
  g_autofree char *before = NULL;
  g_autoptr(GError) error = NULL;

  /* A copy with a bit of everything: claims, comments, links, history. */
  {
    g_autoptr(AttestClaim) c1 = attest_test_add_claim (f->a, doc->uuid, 1453, 1479, "troop-deployment");
    g_autoptr(AttestClaim) c2 = attest_test_add_claim (f->a, doc->uuid, 100, 140, "training");

    attest_test_edit_claim (f->a, c1->uuid, "comment", "a comment");
    attest_test_edit_claim (f->a, c2->uuid, "certainty", "high");
    g_assert_true (attest_store_link (f->a, c1->uuid, source_uuid (f->a, doc->uuid, "Itar-Tass", 0), &error));
    g_assert_no_error (error);
  }
  g_assert_true (attest_store_backup (f->a, good, &error));
  g_assert_no_error (error);

  /* Ours is another database, so that their rows are new to it. */
  g_clear_object (&f->a);
  g_remove (f->path_a);
  f->a = attest_store_open (f->path_a, ATTEST_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  before = content (f->path_a);

  for (guint i = 0; i < G_N_ELEMENTS (hostile_cases); i++)
    {
      const HostileCase *hc = &hostile_cases[i];
      g_autofree char *path = g_strdup_printf ("%s/hostile-%02u.db", f->dir, i);
      g_autofree char *good_contents = NULL;
      gsize length;
      sqlite3 *db = NULL;

      g_test_message ("%s", hc->name);
      g_assert_true (g_file_get_contents (good, &good_contents, &length, NULL));
      g_assert_true (g_file_set_contents (path, good_contents, length, NULL));
      g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
      sqlite3_exec (db, "PRAGMA ignore_check_constraints = ON", NULL, NULL, NULL);
      if (hc->rebuild)
        strip_constraints (db, hc->rebuild);
      if (g_str_equal (hc->sql, "ALTER"))
        alter_text (db);
      else if (sqlite3_exec (db, hc->sql, NULL, NULL, NULL) != SQLITE_OK)
        g_error ("could not make the copy: %s", sqlite3_errmsg (db));
      g_assert_cmpint (sqlite3_changes (db) > 0 || g_str_has_prefix (hc->sql, "DROP") ||
                       g_str_has_prefix (hc->sql, "ALTER"), ==, TRUE);
      sqlite3_close (db);

      /* A text that differs under the same id, and ids reused, need the
       * good copy first. */
      if (hc->code == ATTEST_ERROR_CONFLICT || hc->after_good)
        {
          g_assert_true (attest_store_merge (f->a, good, NULL, &error));
          g_assert_no_error (error);
          g_free (before);
          before = content (f->path_a);
        }

      g_assert_false (attest_store_merge (f->a, path, NULL, &error));
      g_test_message ("  → %s", error->message);
      g_assert_error (error, ATTEST_ERROR, hc->code);
      g_assert_nonnull (strstr (error->message, path));
      g_assert_nonnull (strstr (error->message, hc->message));
      g_assert_nonnull (strstr (error->message, "nothing was changed"));
      g_clear_error (&error);
      {
        g_autofree char *after = content (f->path_a);
        g_assert_cmpstr (after, ==, before);
      }

      /* And the store goes on: the good copy still merges. */
      if (hc->code == ATTEST_ERROR_CONFLICT || hc->after_good)
        {
          g_clear_object (&f->a);
          g_remove (f->path_a);
          f->a = attest_store_open (f->path_a, ATTEST_STORE_OPEN_DEFAULT, &error);
          g_assert_no_error (error);
          g_free (before);
          before = content (f->path_a);
        }
    }

  g_assert_true (attest_store_merge (f->a, good, NULL, &error));
  g_assert_no_error (error);
  {
    g_autofree char *theirs = content (good);
    assert_made_str (content (f->path_a), theirs);
  }
}

/* A teammate goes on editing their copy while it is merged. The merge
 * reads the copy in one snapshot, so every history entry it takes goes
 * with the values of that moment; merging again after the edits stop
 * brings both copies to the same content. Before, each table was read in
 * its own statement: the history could be newer than the values taken,
 * and later merges thought those edits seen (12 claims in 40 stayed
 * different). */
static void
test_merge_while_edited (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(AttestDocument) doc = attest_test_import_sample (f->a, "002_362495c372b1300c.txt", NULL);
  g_autoptr(GPtrArray) uuids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GSubprocess) editor = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) script = g_string_new ("while :; do\n");
  g_autofree char *stop = g_build_filename (f->dir, "stop", NULL);
  guint merges = 0;

  for (int i = 0; i < 40; i++)
    {
      g_autoptr(AttestClaim) c = attest_test_add_claim (f->a, doc->uuid, i * 50, i * 50 + 30, "training");
      g_ptr_array_add (uuids, g_strdup (c->uuid));
    }
  fork_copy (f);
  g_clear_object (&f->b);

  /* Boris edits his copy from another process, claim after claim. */
  for (guint i = 0; i < uuids->len; i++)
    g_string_append_printf (script,
                            "  \"$0\" --db \"$1\" --annotator Boris edit %s --comment \"edit $(date +%%s%%N)\""
                            " --status %s >/dev/null 2>&1\n",
                            (char *) g_ptr_array_index (uuids, i), i % 2 ? "accepted" : "rejected");
  g_string_append (script, "  [ -e \"$2\" ] && exit 0\ndone\n");
  editor = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, "sh", "-c", script->str,
                             g_getenv ("ATTEST_CLI"), f->path_b, stop, NULL);
  g_assert_no_error (error);

  /* Ana merges his copy again and again meanwhile. */
  for (gint64 until = g_get_monotonic_time () + 6 * G_TIME_SPAN_SECOND; g_get_monotonic_time () < until;)
    {
      g_auto(AttestMergeReport) report = { 0 };

      g_assert_true (attest_store_merge (f->a, f->path_b, &report, &error));
      g_assert_no_error (error);
      merges++;
    }
  g_assert_true (g_file_set_contents (stop, "", 0, NULL));
  g_assert_true (g_subprocess_wait_check (editor, NULL, &error));
  g_assert_no_error (error);

  /* Twice more, now that he stopped: the claims are his. */
  for (int i = 0; i < 2; i++)
    {
      g_auto(AttestMergeReport) report = { 0 };

      g_assert_true (attest_store_merge (f->a, f->path_b, &report, &error));
      g_assert_no_error (error);
    }
  g_test_message ("%u merges while the copy was edited", merges);
  g_assert_cmpuint (merges, >, 5);
  {
    g_autofree char *theirs = content (f->path_b);
    assert_made_str (content (f->path_a), theirs);
  }
}

static void
set_parent (AttestStore *store,
            const char  *key,
            const char  *parent)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestCategory) c = attest_store_get_category (store, key, &error);

  g_free (c->parent_key);
  c->parent_key = g_strdup (parent);
  g_assert_true (attest_store_update_category (store, c, &error));
  g_assert_no_error (error);
}

static void
add_category (AttestStore *store,
              const char  *key,
              const char  *label)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestCategory) c = attest_category_new ();

  c->key = g_strdup (key);
  c->label = g_strdup (label);
  c->color = g_strdup ("#123456");
  c->shortcut = -1;
  g_assert_true (attest_store_add_category (store, c, &error));
  g_assert_no_error (error);
}

static void
assert_conflict (const AttestMergeReport *report,
                 guint                    i,
                 const char              *key,
                 const char              *field,
                 const char              *ours,
                 const char              *theirs)
{
  const AttestMergeConflict *c = g_ptr_array_index (report->conflicts, i);

  g_assert_cmpstr (c->entity, ==, "category");
  g_assert_cmpstr (c->uuid, ==, key);
  g_assert_cmpstr (c->field, ==, field);
  g_assert_cmpstr (c->ours, ==, ours);
  g_assert_cmpstr (c->theirs, ==, theirs);
}

/* Found by testing from outside: each copy's parents were fine alone, the
 * merge closed a cycle (training under debt-deal, debt-deal under
 * training) and the TEI export then crashed. Their change that clashes
 * with ours (a cycle, a name one of ours has) keeps ours and is reported
 * as a conflict; a new category of theirs named like one of ours is kept,
 * the clash reported. */
static void
test_category_clashes (Fixture       *f,
                       gconstpointer  data)
{
  g_auto(AttestMergeReport) into_a = { 0 };
  g_auto(AttestMergeReport) into_b = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestDocument) d0 = attest_test_import_sample (f->a, "000_7978e9767d1c15ca.txt", NULL);
  g_autoptr(AttestCategory) debt = NULL;
  g_autoptr(AttestCategory) training = NULL;
  g_autoptr(AttestCategory) border = NULL;
  g_autoptr(AttestCategory) sanctions = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autofree char *out = g_build_filename (f->dir, "out.xml", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (out);

  fork_copy (f);
  set_parent (f->a, "training", "debt-deal");
  set_parent (f->b, "debt-deal", "training");
  attest_test_rename_category (f->a, "training", "Drills");
  attest_test_rename_category (f->b, "border-security", "drills");
  add_category (f->a, "embargo", "sanctions");
  add_category (f->b, "sanctions", "Sanctions");

  g_assert_true (attest_store_merge (f->a, f->path_b, &into_a, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (into_a.categories_added, ==, 1);
  g_assert_cmpuint (into_a.conflicts->len, ==, 3);
  assert_conflict (&into_a, 0, "border-security", "label", "Border security", "drills");
  assert_conflict (&into_a, 1, "sanctions", "label", "sanctions", "Sanctions");
  assert_conflict (&into_a, 2, "debt-deal", "parent", NULL, "training");

  debt = attest_store_get_category (f->a, "debt-deal", &error);
  g_assert_null (debt->parent_key);
  border = attest_store_get_category (f->a, "border-security", &error);
  g_assert_cmpstr (border->label, ==, "Border security");
  sanctions = attest_store_get_category (f->a, "sanctions", &error);
  g_assert_cmpstr (sanctions->label, ==, "Sanctions");
  g_assert_true (attest_store_check (f->a, &problems, &error));
  g_assert_cmpuint (problems->len, ==, 0);
  g_clear_pointer (&problems, g_ptr_array_unref);
  g_assert_true (attest_tei_writer_write_file (f->a, NULL, file, NULL, NULL, NULL, NULL, &error));
  g_assert_no_error (error);

  /* Taking their parent when settling is refused like any cycle. */
  {
    const AttestMergeConflict *c = g_ptr_array_index (into_a.conflicts, 2);

    g_assert_false (attest_store_settle_conflict (f->a, c->id, ATTEST_SETTLE_TAKE_THEIRS, &error));
    g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID);
    g_clear_error (&error);
  }

  /* The other way, the same: Boris keeps his parents. */
  g_assert_true (attest_store_merge (f->b, f->path_a, &into_b, &error));
  g_assert_no_error (error);
  training = attest_store_get_category (f->b, "training", &error);
  g_assert_null (training->parent_key);
  g_clear_object (&debt);
  debt = attest_store_get_category (f->b, "debt-deal", &error);
  g_assert_cmpstr (debt->parent_key, ==, "training");
  g_assert_true (attest_store_check (f->b, &problems, &error));
  g_assert_cmpuint (problems->len, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/merge/diverge-and-merge", Fixture, NULL, fixture_set_up, test_diverge_and_merge, fixture_tear_down);
  g_test_add ("/merge/conflict", Fixture, NULL, fixture_set_up, test_conflict, fixture_tear_down);
  g_test_add ("/merge/refused", Fixture, NULL, fixture_set_up, test_refused, fixture_tear_down);
  g_test_add ("/merge/hostile-copies", Fixture, NULL, fixture_set_up, test_hostile_copies, fixture_tear_down);
  g_test_add ("/merge/category-clashes", Fixture, NULL, fixture_set_up, test_category_clashes, fixture_tear_down);
  g_test_add ("/merge/while-edited", Fixture, NULL, fixture_set_up, test_merge_while_edited, fixture_tear_down);
  return g_test_run ();
}
