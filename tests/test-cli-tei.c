/* test-cli-tei.c — attest-cli export and import-tei as a script would use
 * them: the real binary, exit codes, files written or left alone, and a
 * database that a refused import leaves as it was. */
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <sqlite3.h>
#include <string.h>

#include "attest-test-utils.h"

typedef struct {
  char *dir;
  char *db;
} Fixture;

static char *
in_dir (Fixture    *f,
        const char *name)
{
  return g_build_filename (f->dir, name, NULL);
}

static char *
db_dump (const char *path)
{
  const char *tables[] = { "documents", "categories", "claims", "sources", "citations",
                           "claim_sources", "annotators", "history" };
  GString *out = g_string_new (NULL);
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  for (guint t = 0; t < G_N_ELEMENTS (tables); t++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT * FROM %s ORDER BY 1, 2", tables[t]);
      sqlite3_stmt *stmt = NULL;

      g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          for (int c = 0; c < sqlite3_column_count (stmt); c++)
            g_string_append_printf (out, "%s|", sqlite3_column_text (stmt, c));
          g_string_append_c (out, '\n');
        }
      sqlite3_finalize (stmt);
    }
  sqlite3_close (db);
  return g_string_free (out, FALSE);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->dir = attest_test_make_tmp_dir ("attest-cli-tei-XXXXXX");
  f->db = g_build_filename (f->dir, "attest.db", NULL);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  attest_test_remove_tree (f->dir);
  g_free (f->db);
  g_free (f->dir);
}

/* The small fixture: one article, two claims, fixed ids and times. */
static void
load_small (Fixture *f)
{
  g_autofree char *small = attest_test_sample_path ("tei-small.xml");
  g_auto(AttestTestRun) r = attest_test_cli (f->db, "import-tei", small, NULL);

  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpstr (r.err, ==, "");
  g_assert_nonnull (strstr (r.out, "1 document imported, 2 claims, 2 sources, 3 recorded changes."));
}

/* ------------------------------------------------------------------ tests */

static void
test_round_trip (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *small = attest_test_sample_path ("tei-small.xml");
  g_autofree char *out = in_dir (f, "corpus.xml");
  g_autofree char *copy_db = in_dir (f, "copy.db");
  g_autofree char *again = in_dir (f, "again.xml");
  g_autofree char *expected = attest_test_read_file (small);
  g_autofree char *got = NULL;
  g_autofree char *got_again = NULL;

  load_small (f);
  {
    g_auto(AttestTestRun) r = attest_test_cli (f->db, "export", "tei", "-o", out, NULL);
    g_autofree char *said = g_strdup_printf ("Exported 1 document to %s; 2 claims.\n", out);

    g_assert_cmpint (r.status, ==, 0);
    g_assert_cmpstr (r.out, ==, said);
    g_assert_cmpstr (r.err, ==, "");
  }
  got = attest_test_read_file (out);
  g_assert_cmpstr (got, ==, expected);

  /* Into a database that does not exist yet: import-tei creates it. */
  {
    g_auto(AttestTestRun) r = attest_test_cli (copy_db, "--json", "import-tei", out, NULL);
    g_autoptr(JsonParser) parser = json_parser_new ();
    JsonObject *o;

    g_assert_cmpint (r.status, ==, 0);
    g_assert_true (json_parser_load_from_data (parser, r.out, -1, NULL));
    o = json_node_get_object (json_parser_get_root (parser));
    g_assert_cmpint (json_object_get_int_member (o, "documents_added"), ==, 1);
    g_assert_cmpint (json_object_get_int_member (o, "claims_added"), ==, 2);
    g_assert_cmpint (json_object_get_int_member (o, "changes_added"), ==, 3);
  }
  {
    g_auto(AttestTestRun) r = attest_test_cli (copy_db, "export", "tei", "-o", again, NULL);

    g_assert_cmpint (r.status, ==, 0);
  }
  got_again = attest_test_read_file (again);
  g_assert_cmpstr (got_again, ==, expected);

  /* The same file again: nothing new, and it says so. */
  {
    g_auto(AttestTestRun) r = attest_test_cli (f->db, "import-tei", small, NULL);

    g_assert_cmpint (r.status, ==, 0);
    g_assert_nonnull (strstr (r.out, "0 documents imported, 0 claims"));
    g_assert_nonnull (strstr (r.out, "Already in the database and left as they were: 1 documents, 2 claims"));
  }
}

static void
test_single_and_filters (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *out = in_dir (f, "one.xml");
  g_autofree char *xml = NULL;

  load_small (f);
  {
    g_auto(AttestTestRun) r = attest_test_cli (f->db, "export", "tei", "-o", out, "--document", "dddddddd", "--status", "accepted", NULL);
    g_autofree char *said = g_strdup_printf ("Exported 1 document to %s; 1 claim.\n", out);

    g_assert_cmpint (r.status, ==, 0);
    g_assert_cmpstr (r.out, ==, said);
  }
  xml = attest_test_read_file (out);
  g_assert_true (g_str_has_prefix (xml, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<TEI "));
  g_assert_nonnull (strstr (xml, "c-11111111-0000-4000-8000-000000000001"));
  g_assert_null (strstr (xml, "c-11111111-0000-4000-8000-000000000002"));
}

static void
test_tables (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *csv = in_dir (f, "claims.csv");
  g_autofree char *jsonl = in_dir (f, "claims.jsonl");
  g_autofree char *csv_text = NULL;
  g_autofree char *jsonl_text = NULL;
  g_auto(GStrv) lines = NULL;

  load_small (f);
  {
    g_auto(AttestTestRun) r = attest_test_cli (f->db, "export", "csv", "-o", csv, "--annotator", "Bo Østergaard", NULL);

    g_assert_cmpint (r.status, ==, 0);
  }
  csv_text = attest_test_read_file (csv);
  g_assert_cmpstr (csv_text, ==,
                   "claim,document,document_title,start,end,quote,category,annotator,status,"
                   "certainty,comment,created,modified,sources,source_uuids\r\n"
                   "11111111-0000-4000-8000-000000000002,dddddddd-0000-4000-8000-000000000001,"
                   "\"Troops, debts and a \"\"deal\"\"\",7,28,\"will send troops, and\",debt-deal,"
                   "Bo Østergaard,draft,,,2024-05-02T10:16:00Z,2024-05-02T10:16:00Z,,\r\n");

  {
    g_auto(AttestTestRun) r = attest_test_cli (f->db, "--json", "export", "jsonl", "-o", jsonl, NULL);

    g_assert_cmpint (r.status, ==, 0);
    g_assert_nonnull (strstr (r.out, "\"claims\" : 2"));
  }
  jsonl_text = attest_test_read_file (jsonl);
  lines = g_strsplit (jsonl_text, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 3);
  g_assert_cmpstr (lines[2], ==, "");
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GError) error = NULL;

      json_parser_load_from_data (parser, lines[i], -1, &error);
      g_assert_no_error (error);
      g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
    }
}

static void
test_usage_and_errors (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *out = in_dir (f, "out.xml");
  g_autofree char *missing_db = in_dir (f, "missing.db");

  /* Export reads an existing database only. */
  {
    g_auto(AttestTestRun) r = attest_test_cli (missing_db, "export", "tei", "-o", out, NULL);

    g_assert_cmpint (r.status, ==, 3);
    g_assert_false (g_file_test (missing_db, G_FILE_TEST_EXISTS));
  }

  load_small (f);
  {
    g_auto(AttestTestRun) r = attest_test_cli (f->db, "export", NULL);
    g_assert_cmpint (r.status, ==, 2);
  }
  {
    g_auto(AttestTestRun) r = attest_test_cli (f->db, "export", "pdf", "-o", out, NULL);
    g_assert_cmpint (r.status, ==, 2);
    g_assert_nonnull (strstr (r.err, "tei, csv, jsonl or brat"));
  }
  {
    g_auto(AttestTestRun) r = attest_test_cli (f->db, "export", "tei", NULL);
    g_assert_cmpint (r.status, ==, 2);
    g_assert_nonnull (strstr (r.err, "-o FILE"));
  }
  {
    g_auto(AttestTestRun) r = attest_test_cli (f->db, "export", "tei", "-o", out, "--document", "ffffffff", NULL);
    g_assert_cmpint (r.status, ==, 3);
  }
  {
    g_auto(AttestTestRun) r = attest_test_cli (f->db, "export", "csv", "-o", out, "--category", "no-such-thing", NULL);
    g_assert_cmpint (r.status, ==, 3);
  }
  {
    g_auto(AttestTestRun) r = attest_test_cli (f->db, "export", "jsonl", "-o", out, "--status", "maybe", NULL);
    g_assert_cmpint (r.status, ==, 4);
  }
  /* None of the refused exports left a file behind. */
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
  {
    g_autofree char *nowhere = in_dir (f, "no/such/dir/out.xml");
    g_auto(AttestTestRun) r = attest_test_cli (f->db, "export", "tei", "-o", nowhere, NULL);
    g_assert_cmpint (r.status, ==, 4);
  }
  {
    g_auto(AttestTestRun) r = attest_test_cli (f->db, "import-tei", NULL);
    g_assert_cmpint (r.status, ==, 2);
  }
}

static void
test_import_refused (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *small = attest_test_sample_path ("tei-small.xml");
  g_autofree char *xml = attest_test_read_file (small);
  g_autofree char *before = NULL;
  struct {
    const char *name;
    char       *contents;
    int         status;
    const char *message;
  } cases[] = {
    { "cut.xml", g_strndup (xml, strlen (xml) / 2), 4, "cut short" },
    { "newer.xml", NULL, 5, "newer Attest" },
    { "dangling.xml", NULL, 4, "no source" },
    { "empty.xml", g_strdup (""), 4, "is empty" },
    { "xxe.xml", g_strdup ("<?xml version=\"1.0\"?>\n<!DOCTYPE TEI [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n"
                           "<TEI xmlns=\"http://www.tei-c.org/ns/1.0\">&x;</TEI>\n"), 4, "entities" },
    /* The list of citations: how each was found, its source, once each, in order. */
    { "kind.xml", NULL, 4, "does not say how it was found" },
    { "outside.xml", NULL, 4, "which is no source of document" },
    { "twice.xml", NULL, 4, "appears twice" },
    { "backwards.xml", NULL, 4, "ends before it starts" },
  };
  const char *citation_source = "source=\"#s-55555555-0000-4000-8000-000000000001\" type=\"citation\"";
  const char *citation_line =
    "        <span xml:id=\"t-77777777-0000-4000-8000-000000000001\" "
    "from=\"#d-dddddddd-0000-4000-8000-000000000001-o47\" to=\"#d-dddddddd-0000-4000-8000-000000000001-o75\" "
    "source=\"#s-55555555-0000-4000-8000-000000000001\" type=\"citation\" subtype=\"parenthesis\"/>\n";

  g_assert_nonnull (strstr (xml, citation_line));
  {
    g_auto(GStrv) parts = g_strsplit (xml, "subtype=\"parenthesis\"", 2);
    cases[5].contents = g_strjoinv ("subtype=\"quoted\"", parts);
  }
  {
    g_auto(GStrv) parts = g_strsplit (xml, citation_source, 2);
    cases[6].contents = g_strjoinv ("source=\"#s-55555555-0000-4000-8000-000000000002\" type=\"citation\"", parts);
  }
  {
    g_auto(GStrv) parts = g_strsplit (xml, citation_line, 2);
    g_autofree char *doubled = g_strconcat (citation_line, citation_line, NULL);
    cases[7].contents = g_strjoinv (doubled, parts);
  }
  {
    g_auto(GStrv) parts = g_strsplit (xml, citation_line, 2);
    const char *swapped =
      "        <span xml:id=\"t-77777777-0000-4000-8000-000000000001\" "
      "from=\"#d-dddddddd-0000-4000-8000-000000000001-o75\" to=\"#d-dddddddd-0000-4000-8000-000000000001-o47\" "
      "source=\"#s-55555555-0000-4000-8000-000000000001\" type=\"citation\" subtype=\"parenthesis\"/>\n";
    cases[8].contents = g_strjoinv (swapped, parts);
  }

  {
    g_auto(GStrv) parts = g_strsplit (xml, "version=\"1\"", 2);
    cases[1].contents = g_strjoinv ("version=\"7\"", parts);
  }
  {
    g_auto(GStrv) parts = g_strsplit (xml, "#s-55555555-0000-4000-8000-000000000002\"", 2);
    cases[2].contents = g_strjoinv ("#s-55555555-0000-4000-8000-000000000009\"", parts);
  }

  load_small (f);
  before = db_dump (f->db);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = in_dir (f, cases[i].name);
      g_autofree char *after = NULL;
      g_auto(AttestTestRun) r = { 0 };

      g_assert_true (g_file_set_contents (path, cases[i].contents, -1, NULL));
      r = attest_test_cli (f->db, "import-tei", path, NULL);
      g_test_message ("%s: %d %s", cases[i].name, r.status, r.err);
      g_assert_cmpint (r.status, ==, cases[i].status);
      g_assert_nonnull (strstr (r.err, cases[i].message));
      g_assert_nonnull (strstr (r.err, "nothing was imported"));
      g_assert_null (strstr (r.err, "root:"));
      after = db_dump (f->db);
      g_assert_cmpstr (after, ==, before);
      g_free (cases[i].contents);
    }

  {
    g_autofree char *missing = in_dir (f, "missing.xml");
    g_auto(AttestTestRun) r = attest_test_cli (f->db, "import-tei", missing, NULL);
    g_assert_cmpint (r.status, ==, 3);
  }
}

/* import-tei is for Attest's own files; a TEI article goes through import,
 * which keeps working, and refuses a corpus. */
static void
test_import_kinds (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *article = attest_test_sample_path ("article.tei.xml");
  g_autofree char *small = attest_test_sample_path ("tei-small.xml");

  {
    g_auto(AttestTestRun) r = attest_test_cli (f->db, "import-tei", article, NULL);
    g_assert_cmpint (r.status, ==, 4);
    g_assert_nonnull (strstr (r.err, "use import"));
  }
  {
    g_auto(AttestTestRun) r = attest_test_cli (f->db, "import", article, NULL);
    g_assert_cmpint (r.status, ==, 0);
    g_assert_nonnull (strstr (r.out, "imported as document 1"));
  }
  {
    g_auto(AttestTestRun) r = attest_test_cli (f->db, "import", small, NULL);
    g_assert_cmpint (r.status, ==, 4);
    g_assert_nonnull (strstr (r.err, "import-tei"));
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/cli-tei/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("round-trip", test_round_trip);
  ADD ("single-and-filters", test_single_and_filters);
  ADD ("tables", test_tables);
  ADD ("usage-and-errors", test_usage_and_errors);
  ADD ("import-refused", test_import_refused);
  ADD ("import-kinds", test_import_kinds);
#undef ADD

  return g_test_run ();
}
