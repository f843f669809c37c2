/* test-cli.c — attest-cli as a script would use it: the real binary, the
 * sample articles, exact output and exit codes, and every bad input leaving
 * the database as it was. */
#include <glib/gstdio.h>
#include <signal.h>
#include <json-glib/json-glib.h>
#include <sqlite3.h>
#include <string.h>
#include <unistd.h>

#include "attest-article-reader.h"
#include "attest-test-utils.h"

typedef struct {
  char *dir;
  char *db;
} Fixture;

static JsonNode *
parse (const char *json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, json, -1, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

static char *
db_dump (Fixture *f)
{
  /* What matters of the database: every row of every table, in order. */
  const char *tables[] = { "documents", "categories", "claims", "sources", "citations",
                           "claim_sources", "annotators", "history" };
  GString *out = g_string_new (NULL);
  sqlite3 *db = NULL;

  if (!g_file_test (f->db, G_FILE_TEST_EXISTS))
    return g_string_free (out, FALSE);
  g_assert_cmpint (sqlite3_open_v2 (f->db, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  for (guint t = 0; t < G_N_ELEMENTS (tables); t++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT * FROM %s", tables[t]);
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
  f->dir = attest_test_make_tmp_dir ("attest-cli-XXXXXX");
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

static void
import_all (Fixture *f)
{
  g_autofree char *s0 = attest_test_sample_path ("000_7978e9767d1c15ca.txt");
  g_autofree char *s1 = attest_test_sample_path ("001_e5288724e250c3ef.txt");
  g_autofree char *s2 = attest_test_sample_path ("002_362495c372b1300c.txt");
  g_autofree char *s3 = attest_test_sample_path ("003_5296401f81ea8387.txt");
  g_autofree char *s4 = attest_test_sample_path ("004_c3d161883663a3cb.txt");
  g_auto(AttestTestRun) r = attest_test_cli (f->db, "import", s0, s1, s2, s3, s4, NULL);

  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpstr (r.err, ==, "");
  g_assert_nonnull (strstr (r.out, "imported as document 1 (—), 5734 characters, 5 citations"));
  g_assert_nonnull (strstr (r.out, "imported as document 4 (Russia’s Anti-terrorist Agenda In "
                                   "Tajikistan), 5250 characters, 4 citations"));
  g_assert_nonnull (strstr (r.out, "imported as document 5 (Tajikistan Diversifies Its Security "
                                   "Assistance), 5899 characters, 5 citations"));
}

/* ------------------------------------------------------------------ tests */

static void
test_documents (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(JsonNode) root = NULL;
  JsonArray *docs;
  const char *titles[] = { NULL, NULL, NULL, "Russia’s Anti-terrorist Agenda In Tajikistan",
                           "Tajikistan Diversifies Its Security Assistance" };
  const char *volumes[] = { "2", "3", "1", "1", "1" };
  const char *issues[] = { "226", "79", "105", "30", "90" };

  import_all (f);
  {
    g_auto(AttestTestRun) r = attest_test_cli (f->db, "documents", "--json", NULL);
    g_assert_cmpint (r.status, ==, 0);
    root = parse (r.out);
  }
  docs = json_node_get_array (root);
  g_assert_cmpuint (json_array_get_length (docs), ==, 5);
  for (guint i = 0; i < 5; i++)
    {
      JsonObject *d = json_array_get_object_element (docs, i);

      g_assert_cmpstr (json_object_get_string_member (d, "title"), ==, titles[i]);
      g_assert_cmpstr (json_object_get_string_member (d, "publication"), ==, "Eurasia Daily Monitor");
      g_assert_cmpstr (json_object_get_string_member (d, "volume"), ==, volumes[i]);
      g_assert_cmpstr (json_object_get_string_member (d, "issue"), ==, issues[i]);
      g_assert_true (json_object_get_null_member (d, "author"));
      g_assert_cmpint (json_object_get_int_member (d, "claims"), ==, 0);
    }

  /* The same again: recognised and reported, not duplicated. */
  {
    g_autofree char *s2 = attest_test_sample_path ("002_362495c372b1300c.txt");
    g_auto(AttestTestRun) again = attest_test_cli (f->db, "import", s2, NULL);
    g_auto(AttestTestRun) human = attest_test_cli (f->db, "documents", NULL);

    g_assert_cmpint (again.status, ==, 0);
    g_assert_nonnull (strstr (again.out, "already imported as document 3"));
    g_assert_nonnull (strstr (human.out, "  5  "));
    g_assert_null (strstr (human.out, "  6  "));
    g_assert_nonnull (strstr (human.out, "Eurasia Daily Monitor, vol. 1, issue 90; author —; claims 0"));
  }
}

static void
test_show (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(JsonNode) root = NULL;
  JsonArray *citations;

  import_all (f);
  {
    g_auto(AttestTestRun) r = attest_test_cli (f->db, "show", "2", "--json", NULL);
    g_assert_cmpint (r.status, ==, 0);
    root = parse (r.out);
  }
  citations = json_object_get_array_member (json_node_get_object (root), "citations");
  g_assert_cmpuint (json_array_get_length (citations), ==, 7);

  {
    g_auto(AttestTestRun) r = attest_test_cli (f->db, "show", "2", NULL);
    g_assert_cmpint (r.status, ==, 0);
    g_assert_nonnull (strstr (r.out, "Interfax | — | April 21 → --04-21"));
    g_assert_nonnull (strstr (r.out, "Itar-Tass | — | April 21"));
    g_assert_nonnull (strstr (r.out, "On April 21 a session of the CIS Council"));
  }

  {
    g_auto(AttestTestRun) r = attest_test_cli (f->db, "show", "4", "--no-text", NULL);
    g_assert_nonnull (strstr (r.out, "NTV | Moscow | June 4 2004 → 2004-06-04"));
    g_assert_nonnull (strstr (r.out, "Vedomsti | Moscow | June 7 2004 → 2004-06-07"));
    g_assert_null (strstr (r.out, "Smoke pots"));
  }
}

static void
test_annotate_link_claims (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(JsonNode) claim = NULL;
  g_autoptr(JsonNode) ranged = NULL;
  g_autoptr(JsonNode) sources = NULL;
  g_autoptr(JsonNode) listed = NULL;
  g_autofree char *claim_uuid = NULL;
  g_autofree char *source_uuid = NULL;
  JsonObject *o;

  import_all (f);
  {
    g_auto(AttestTestRun) r = attest_test_cli (f->db, "--annotator", "Ana", "annotate", "3", "--category", "troop-deployment",
                         "--quote", "201st Motor Rifle Division", "--json", NULL);
    g_assert_cmpint (r.status, ==, 0);
    claim = parse (r.out);
  }
  o = json_node_get_object (claim);
  g_assert_cmpint (json_object_get_int_member (o, "start"), ==, 1453);
  g_assert_cmpint (json_object_get_int_member (o, "end"), ==, 1479);
  g_assert_cmpstr (json_object_get_string_member (o, "quote"), ==, "201st Motor Rifle Division");
  g_assert_cmpstr (json_object_get_string_member (o, "annotator"), ==, "Ana");
  claim_uuid = g_strdup (json_object_get_string_member (o, "uuid"));

  {
    g_auto(AttestTestRun) r = attest_test_cli (f->db, "--annotator", "Boris", "annotate", "3", "--category", "debt-deal",
                         "--range", "1200:1260", "--comment", "Debt & “basing” <swap>",
                         "--certainty", "high", "--json", NULL);
    g_autofree char *expected = NULL;
    g_autofree char *path = attest_test_sample_path ("002_362495c372b1300c.txt");
    g_autofree char *text = NULL;

    g_assert_cmpint (r.status, ==, 0);
    ranged = parse (r.out);
    g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
    expected = g_utf8_substring (text, 1200, 1260);
    g_assert_cmpstr (json_object_get_string_member (json_node_get_object (ranged), "quote"), ==, expected);
    g_assert_cmpstr (json_object_get_string_member (json_node_get_object (ranged), "certainty"), ==, "high");
    g_assert_cmpstr (json_object_get_string_member (json_node_get_object (ranged), "comment"), ==,
                     "Debt & “basing” <swap>");
  }

  /* The paragraph's own attribution is the suggestion; link it. */
  {
    g_auto(AttestTestRun) r = attest_test_cli (f->db, "suggest", claim_uuid, "--json", NULL);
    g_assert_cmpint (r.status, ==, 0);
    sources = parse (r.out);
    g_assert_cmpstr (json_object_get_string_member (json_node_get_object (sources), "outlet"), ==,
                     "Novye izvestiya");
    source_uuid = g_strdup (json_object_get_string_member (json_node_get_object (sources), "uuid"));
  }
  {
    g_auto(AttestTestRun) r = attest_test_cli (f->db, "link", claim_uuid, source_uuid, NULL);
    g_auto(AttestTestRun) twice = attest_test_cli (f->db, "link", claim_uuid, source_uuid, NULL);
    g_assert_cmpint (r.status, ==, 0);
    g_assert_cmpstr (r.out, ==, "Linked.\n");
    g_assert_cmpint (twice.status, ==, 0);
    g_assert_cmpstr (twice.out, ==, "The claim is already linked to this source\n");
  }

  {
    g_auto(AttestTestRun) r = attest_test_cli (f->db, "claims", "--document", "3", "--annotator", "Ana", "--json", NULL);
    JsonArray *a;

    g_assert_cmpint (r.status, ==, 0);
    listed = parse (r.out);
    a = json_node_get_array (listed);
    g_assert_cmpuint (json_array_get_length (a), ==, 1);
    o = json_array_get_object_element (a, 0);
    g_assert_cmpstr (json_object_get_string_member (o, "uuid"), ==, claim_uuid);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (o, "sources")), ==, 1);
  }
  {
    g_auto(AttestTestRun) r = attest_test_cli (f->db, "claims", "--category", "debt-deal", NULL);
    g_assert_cmpint (r.status, ==, 0);
    g_assert_nonnull (strstr (r.out, "1200:1260  debt-deal  draft  Boris  certainty high"));
    g_assert_nonnull (strstr (r.out, "1 claim\n"));
  }
  {
    g_auto(AttestTestRun) r = attest_test_cli (f->db, "claims", "--status", "accepted", NULL);
    g_assert_cmpstr (r.out, ==, "0 claims\n");
  }
  {
    g_auto(AttestTestRun) r = attest_test_cli (f->db, "edit", claim_uuid, "--status", "accepted", NULL);
    g_auto(AttestTestRun) h = attest_test_cli (f->db, "history", claim_uuid, NULL);
    g_assert_cmpint (r.status, ==, 0);
    g_assert_nonnull (strstr (h.out, "update status: draft → "));
    g_assert_nonnull (strstr (h.out, "link source"));
  }
  {
    g_auto(AttestTestRun) r = attest_test_cli (f->db, "sources", "--document", "3", NULL);
    g_assert_cmpint (r.status, ==, 0);
    g_assert_nonnull (strstr (r.out, "Novye izvestiya, October 4"));
    g_assert_nonnull (strstr (r.out, "cited 1, claims 1"));
    g_assert_nonnull (strstr (r.out, "4 sources\n"));
  }
  {
    g_auto(AttestTestRun) del = attest_test_cli (f->db, "delete", claim_uuid, NULL);
    g_auto(AttestTestRun) gone = attest_test_cli (f->db, "claims", "--document", "3", NULL);
    g_auto(AttestTestRun) h = attest_test_cli (f->db, "history", claim_uuid, NULL);
    g_assert_cmpint (del.status, ==, 0);
    g_assert_nonnull (strstr (gone.out, "1 claim\n"));
    g_assert_nonnull (strstr (h.out, " delete"));
  }
  {
    g_auto(AttestTestRun) r = attest_test_cli (f->db, "check", NULL);
    g_assert_cmpint (r.status, ==, 0);
    g_assert_cmpstr (r.out, ==, "The database is intact.\n");
  }
}

static void
test_search_and_taxonomy (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(JsonNode) hits = NULL;
  g_autoptr(JsonNode) cats = NULL;

  import_all (f);
  {
    g_auto(AttestTestRun) r = attest_test_cli (f->db, "search", "border guards", "--json", NULL);
    g_assert_cmpint (r.status, ==, 0);
    hits = parse (r.out);
    g_assert_cmpuint (json_array_get_length (json_node_get_array (hits)), ==, 4);
  }
  {
    g_auto(AttestTestRun) r = attest_test_cli (f->db, "search", "Sangdudi", NULL);
    g_assert_nonnull (strstr (r.out, "[Sangdudi]"));
    g_assert_nonnull (strstr (r.out, "1 document matches"));
  }
  {
    g_auto(AttestTestRun) r = attest_test_cli (f->db, "taxonomy", "--json", NULL);
    cats = parse (r.out);
    g_assert_cmpuint (json_array_get_length (json_node_get_array (cats)), ==, 13);
  }
  {
    g_auto(AttestTestRun) add = attest_test_cli (f->db, "taxonomy", "add", "sanctions", "--label", "Sanctions",
                           "--color", "#aa0000", NULL);
    g_auto(AttestTestRun) rename = attest_test_cli (f->db, "taxonomy", "rename", "sanctions", "Sanctions and embargoes", NULL);
    g_auto(AttestTestRun) recolour = attest_test_cli (f->db, "taxonomy", "recolour", "sanctions", "#00aa00", NULL);
    g_auto(AttestTestRun) retire = attest_test_cli (f->db, "taxonomy", "retire", "training", NULL);
    g_auto(AttestTestRun) list = attest_test_cli (f->db, "taxonomy", NULL);
    g_auto(AttestTestRun) bad = attest_test_cli (f->db, "taxonomy", "recolour", "sanctions", "green", NULL);

    g_assert_cmpint (add.status, ==, 0);
    g_assert_cmpint (rename.status, ==, 0);
    g_assert_cmpint (recolour.status, ==, 0);
    g_assert_cmpint (retire.status, ==, 0);
    g_assert_nonnull (strstr (list.out, "#00aa00  sanctions                  Sanctions and embargoes"));
    g_assert_nonnull (strstr (list.out, "training                   Training                                     0  (retired)"));
    g_assert_cmpint (bad.status, ==, 4);
    g_assert_cmpstr (bad.err, ==, "attest-cli: “green” is not a colour; use the form #rrggbb\n");
  }
}

static void
test_bad_input (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *before = NULL;
  g_autofree char *empty = g_build_filename (f->dir, "empty.txt", NULL);
  g_autofree char *binary = g_build_filename (f->dir, "image.png", NULL);
  g_autofree char *latin = g_build_filename (f->dir, "bad-encoding.txt", NULL);
  g_autofree char *huge = g_build_filename (f->dir, "huge.txt", NULL);
  g_autofree char *missing = g_build_filename (f->dir, "missing.txt", NULL);
  g_autofree char *hollow = g_build_filename (f->dir, "hollow", NULL);
  struct { const char *args[10]; int status; const char *message; } cases[] = {
    { { "import", missing }, 4, "No such file" },
    { { "import", hollow }, 4, "has no files to import" },
    { { "import", "--date", "2024-13-45", empty }, 4, "“2024-13-45” is not a date in the form YYYY-MM-DD" },
    { { "import", "--date", "banana", empty }, 4, "“banana” is not a date in the form YYYY-MM-DD" },
    { { "import", empty }, 4, "empty" },
    { { "import", binary }, 4, "not a text file" },
    { { "import", latin }, 4, "neither UTF-8 nor Windows-1252" },
    { { "import", huge }, 4, "MiB, the largest article Attest reads" },
    { { "annotate", "1", "--category", "training", "--range", "5700:5735" }, 4, "outside the text" },
    { { "annotate", "1", "--category", "training", "--range", "10:x" }, 2, "--range" },
    { { "annotate", "1", "--category", "training", "--quote", "not in the text" }, 4, "does not occur" },
    { { "annotate", "1", "--category", "spying", "--range", "0:5" }, 3, "No category “spying”" },
    { { "annotate", "9", "--category", "training", "--range", "0:5" }, 3, "No document “9”" },
    { { "annotate", "1", "--category", "training", "--range", "0:5", "--certainty", "sure" }, 4, "not a certainty" },
    { { "edit", "12345678" }, 3, "No claim" },
    { { "delete", "77" }, 3, "No claim “77”" },
    { { "link", "1", "1" }, 3, "No claim" },
    { { "show", "0" }, 3, "No document" },
    { { "claims", "--status", "maybe" }, 4, "not a status" },
    { { "frobnicate" }, 2, "unknown command" },
    { { "import" }, 2, "at least one file" },
    { { "show", "1", "--date", "2005-01-01" }, 2, "--date goes with" },
  };
  g_autofree char *s0 = attest_test_sample_path ("000_7978e9767d1c15ca.txt");

  {
    g_auto(AttestTestRun) r = attest_test_cli (f->db, "import", s0, NULL);
    g_assert_cmpint (r.status, ==, 0);
  }
  g_assert_true (g_file_set_contents (empty, "", 0, NULL));
  /* A folder with nothing but a hidden file in it. */
  g_assert_cmpint (g_mkdir (hollow, 0700), ==, 0);
  {
    g_autofree char *hidden = g_build_filename (hollow, ".notes", NULL);
    g_assert_true (g_file_set_contents (hidden, "x", -1, NULL));
  }
  g_assert_true (g_file_set_contents (binary, "\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16, NULL));
  g_assert_true (g_file_set_contents (latin, "Bad \x81\x8d bytes", -1, NULL));
  {
    FILE *fp = fopen (huge, "w");
    g_assert_nonnull (fp);
    g_assert_cmpint (ftruncate (fileno (fp), ATTEST_ARTICLE_MAX_BYTES + 1), ==, 0);
    fclose (fp);
  }

  before = db_dump (f);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GPtrArray) argv = g_ptr_array_new ();
      g_auto(AttestTestRun) r = { 0 };
      g_autofree char *after = NULL;

      g_ptr_array_add (argv, (char *) "--db");
      g_ptr_array_add (argv, f->db);
      for (guint a = 0; cases[i].args[a]; a++)
        g_ptr_array_add (argv, (char *) cases[i].args[a]);
      g_ptr_array_add (argv, NULL);
      r = attest_test_cli_argv (NULL, (const char * const *) argv->pdata);

      g_test_message ("%s %s → %d: %s", cases[i].args[0], cases[i].args[1] ? cases[i].args[1] : "",
                      r.status, r.err);
      g_assert_cmpint (r.status, ==, cases[i].status);
      g_assert_nonnull (strstr (r.err, cases[i].message));
      /* One clear line (plus the hint for usage errors), and nothing changed. */
      {
        g_auto(GStrv) lines = g_strsplit (r.err, "\n", -1);
        g_assert_cmpuint (g_strv_length (lines), <=, 3);
      }
      after = db_dump (f);
      g_assert_cmpstr (before, ==, after);
    }
}

static void
test_bad_databases (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *notes = g_build_filename (f->dir, "notes.txt", NULL);
  g_autofree char *s0 = attest_test_sample_path ("000_7978e9767d1c15ca.txt");
  g_autofree char *contents = NULL;

  /* Not a database at all: refused, untouched. */
  g_assert_true (g_file_set_contents (notes, "just some notes\n", -1, NULL));
  {
    g_autofree char *old_db = f->db;
    f->db = notes;
    {
      g_auto(AttestTestRun) r = attest_test_cli (f->db, "import", s0, NULL);
      g_assert_cmpint (r.status, ==, 5);
      g_assert_nonnull (strstr (r.err, "is not an Attest database"));
    }
    f->db = g_steal_pointer (&old_db);
  }
  g_assert_true (g_file_get_contents (notes, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "just some notes\n");

  /* A database that does not exist yet, for a read: not found, not created. */
  {
    g_auto(AttestTestRun) r = attest_test_cli (f->db, "documents", NULL);
    g_assert_cmpint (r.status, ==, 3);
    g_assert_nonnull (strstr (r.err, "there is no database"));
    g_assert_false (g_file_test (f->db, G_FILE_TEST_EXISTS));
  }

  /* Read-only: reads work, writes are refused with their own exit code. */
  {
    g_auto(AttestTestRun) imp = attest_test_cli (f->db, "import", s0, NULL);
    g_auto(AttestTestRun) read = attest_test_cli (f->db, "--read-only", "documents", NULL);
    g_auto(AttestTestRun) write = attest_test_cli (f->db, "--read-only", "annotate", "1", "--category", "training",
                             "--range", "0:5", NULL);
    g_assert_cmpint (imp.status, ==, 0);
    g_assert_cmpint (read.status, ==, 0);
    g_assert_cmpint (write.status, ==, 6);
    g_assert_nonnull (strstr (write.err, "read-only"));
  }

  /* A newer schema: refused, exit 5. */
  {
    sqlite3 *db = NULL;
    g_assert_cmpint (sqlite3_open (f->db, &db), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_exec (db, "PRAGMA user_version = 7", NULL, NULL, NULL), ==, SQLITE_OK);
    sqlite3_close (db);
  }
  {
    g_auto(AttestTestRun) r = attest_test_cli (f->db, "documents", NULL);
    g_assert_cmpint (r.status, ==, 5);
    g_assert_nonnull (strstr (r.err, "newer version of Attest"));
  }
}

static void
test_backup_and_merge (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *copy = g_build_filename (f->dir, "boris.db", NULL);
  g_autofree char *s2 = attest_test_sample_path ("002_362495c372b1300c.txt");
  g_autofree char *claim_uuid = NULL;
  g_autoptr(JsonNode) made = NULL;

  {
    g_auto(AttestTestRun) imp = attest_test_cli (f->db, "import", s2, NULL);
    g_auto(AttestTestRun) ann = attest_test_cli (f->db, "annotate", "1", "--category", "troop-deployment",
                           "--quote", "201st Motor Rifle Division", "--json", NULL);
    g_assert_cmpint (imp.status, ==, 0);
    g_assert_cmpint (ann.status, ==, 0);
    made = parse (ann.out);
    claim_uuid = g_strdup (json_object_get_string_member (json_node_get_object (made), "uuid"));
  }
  {
    g_auto(AttestTestRun) r = attest_test_cli (f->db, "backup", copy, NULL);
    g_auto(AttestTestRun) again = attest_test_cli (f->db, "backup", copy, NULL);
    g_assert_cmpint (r.status, ==, 0);
    g_assert_true (g_file_test (copy, G_FILE_TEST_EXISTS));
    g_assert_cmpint (again.status, ==, 4);
    g_assert_nonnull (strstr (again.err, "already exists"));
  }

  /* Boris works on his copy; Ana on hers. */
  {
    g_autofree char *main_db = g_strdup (f->db);
    g_free (f->db);
    f->db = g_strdup (copy);
    {
      g_auto(AttestTestRun) add = attest_test_cli (f->db, "--annotator", "Boris", "annotate", "1", "--category", "debt-deal",
                             "--range", "1200:1260", NULL);
      g_auto(AttestTestRun) edit = attest_test_cli (f->db, "--annotator", "Boris", "edit", claim_uuid, "--certainty", "low", NULL);
      g_assert_cmpint (add.status, ==, 0);
      g_assert_cmpint (edit.status, ==, 0);
    }
    g_free (f->db);
    f->db = g_steal_pointer (&main_db);
  }
  {
    g_auto(AttestTestRun) edit = attest_test_cli (f->db, "--annotator", "Ana", "edit", claim_uuid, "--certainty", "high", NULL);
    g_auto(AttestTestRun) merge = attest_test_cli (f->db, "merge", copy, NULL);
    g_auto(AttestTestRun) again = attest_test_cli (f->db, "merge", copy, "--json", NULL);
    g_auto(AttestTestRun) claims = attest_test_cli (f->db, "claims", "--annotator", "Boris", NULL);
    g_auto(AttestTestRun) history = attest_test_cli (f->db, "history", claim_uuid, NULL);
    g_autoptr(JsonNode) report = NULL;
    g_autofree char *expected = g_strdup_printf ("Conflict: claim %s, certainty: kept “high”, theirs “low” "
                                                 "is in its history\n", claim_uuid);

    g_assert_cmpint (edit.status, ==, 0);
    g_assert_cmpint (merge.status, ==, 7);
    g_assert_nonnull (strstr (merge.out, "Merged: 0 articles, 0 sources, 0 categories and 1 claims added; "
                                         "0 categories and 0 claims updated, 0 claims deleted; "
                                         "0 links added, 0 removed."));
    g_assert_nonnull (strstr (merge.out, expected));
    g_assert_cmpint (again.status, ==, 0);
    report = parse (again.out);
    g_assert_cmpint (json_object_get_int_member (json_node_get_object (report), "claims_added"), ==, 0);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (report),
                                                                           "conflicts")), ==, 0);
    g_assert_nonnull (strstr (claims.out, "1200:1260  debt-deal"));
    g_assert_nonnull (strstr (history.out, "conflict certainty: high → "));
  }
  /* Deleted in Boris's copy, edited here: the deletion stands, and the
   * message says so. */
  {
    g_autofree char *main_db = g_strdup (f->db);
    g_free (f->db);
    f->db = g_strdup (copy);
    {
      g_auto(AttestTestRun) del = attest_test_cli (f->db, "--annotator", "Boris", "delete", claim_uuid, NULL);
      g_assert_cmpint (del.status, ==, 0);
    }
    g_free (f->db);
    f->db = g_steal_pointer (&main_db);
  }
  {
    g_auto(AttestTestRun) edit = attest_test_cli (f->db, "--annotator", "Ana", "edit", claim_uuid, "--comment", "checked", NULL);
    g_auto(AttestTestRun) merge = attest_test_cli (f->db, "merge", copy, NULL);
    g_auto(AttestTestRun) claims = attest_test_cli (f->db, "claims", "--json", NULL);
    g_autofree char *expected = g_strdup_printf ("Conflict: claim %s was edited here and deleted in the other "
                                                 "copy: it stays deleted, the edits are in its history (settle ",
                                                 claim_uuid);

    g_assert_cmpint (edit.status, ==, 0);
    g_assert_cmpint (merge.status, ==, 7);
    g_assert_nonnull (strstr (merge.out, expected));
    g_assert_null (strstr (claims.out, claim_uuid));
  }
  /* Still open after the merge; settled from the command line: restoring
   * brings Ana's edited version back as a new claim. (The certainty
   * conflict of the first merge is moot while the claim is deleted.) */
  {
    g_auto(AttestTestRun) open = attest_test_cli (f->db, "conflicts", "--json", NULL);
    g_autoptr(JsonNode) list = parse (open.out);
    JsonArray *array = json_node_get_array (list);
    g_autofree char *deletion = NULL;
    JsonObject *o;

    g_assert_cmpint (open.status, ==, 0);
    g_assert_cmpuint (json_array_get_length (array), ==, 1);
    o = json_array_get_object_element (array, 0);
    g_assert_cmpstr (json_object_get_string_member (o, "uuid"), ==, claim_uuid);
    g_assert_cmpstr (json_object_get_string_member (o, "field"), ==, "deleted");
    g_assert_cmpstr (json_object_get_string_member (o, "ours"), ==, "0");
    g_assert_cmpstr (json_object_get_string_member (o, "theirs"), ==, "1");
    deletion = g_strdup (json_object_get_string_member (o, "id"));
    {
      g_auto(AttestTestRun) wrong = attest_test_cli (f->db, "settle", deletion, "mine", NULL);
      g_auto(AttestTestRun) restore = attest_test_cli (f->db, "--annotator", "Ana", "settle", deletion, "restore", NULL);
      g_auto(AttestTestRun) twice = attest_test_cli (f->db, "settle", deletion, "accept", NULL);
      g_auto(AttestTestRun) left = attest_test_cli (f->db, "conflicts", NULL);
      g_autofree char *prefix = g_strndup (claim_uuid, 8);
      g_auto(AttestTestRun) history = attest_test_cli (f->db, "history", prefix, NULL);
      g_auto(AttestTestRun) claims = attest_test_cli (f->db, "claims", "--json", NULL);
      g_autoptr(JsonNode) now = parse (claims.out);
      gboolean found = FALSE;

      g_assert_cmpint (wrong.status, ==, 2);
      g_assert_cmpint (restore.status, ==, 0);
      g_assert_true (g_str_has_prefix (restore.out, "Settled: the claim is back as "));
      g_assert_true (g_str_has_suffix (restore.out, ".\n"));
      g_assert_cmpint (twice.status, ==, 7);
      g_assert_nonnull (strstr (twice.err, "it was settled already"));
      g_assert_cmpint (left.status, ==, 0);
      /* The deleted claim's history, by the start of its id. */
      g_assert_cmpint (history.status, ==, 0);
      g_assert_nonnull (strstr (history.out, " Ana              claim    "));
      g_assert_nonnull (strstr (history.out, " settle deleted: 1 → \n0\n"));
      g_assert_nonnull (strstr (history.out, " update comment: — → \nchecked\n"));
      g_assert_null (strstr (left.out, deletion));
      for (guint i = 0; i < json_array_get_length (json_node_get_array (now)); i++)
        {
          JsonObject *o = json_array_get_object_element (json_node_get_array (now), i);

          if (g_str_equal (json_object_get_string_member (o, "comment") ? json_object_get_string_member (o, "comment") : "", "checked"))
            {
              g_autofree char *said = g_strdup_printf ("Settled: the claim is back as %s.\n",
                                                       json_object_get_string_member (o, "uuid"));

              g_assert_cmpstr (json_object_get_string_member (o, "uuid"), !=, claim_uuid);
              g_assert_cmpstr (restore.out, ==, said);
              found = TRUE;
            }
        }
      g_assert_true (found);
    }
    /* What the user typed is shown, never sent to the terminal as an
     * escape sequence. */
    {
      g_auto(AttestTestRun) hostile = attest_test_cli (f->db, "settle", "\033[31mred\033[0m", "mine", NULL);

      g_assert_cmpint (hostile.status, ==, 3);
      g_assert_null (strchr (hostile.err, '\033'));
      g_assert_nonnull (strstr (hostile.err, "\\x1b[31mred\\x1b[0m"));
    }
  }
  /* The other way: Boris's claim deleted here, edited in his copy. */
  {
    g_auto(AttestTestRun) mine = attest_test_cli (f->db, "claims", "--annotator", "Boris", "--json", NULL);
    g_autoptr(JsonNode) list = parse (mine.out);
    g_autofree char *boris = g_strdup (json_object_get_string_member (
        json_array_get_object_element (json_node_get_array (list), 0), "uuid"));
    g_autofree char *main_db = g_strdup (f->db);
    g_autofree char *expected = g_strdup_printf ("Conflict: claim %s was deleted here and edited in the "
                                                 "other copy: it stays deleted, their edits are in its "
                                                 "history (settle ", boris);

    {
      g_auto(AttestTestRun) del = attest_test_cli (f->db, "delete", boris, NULL);
      g_assert_cmpint (del.status, ==, 0);
    }
    g_free (f->db);
    f->db = g_strdup (copy);
    {
      g_auto(AttestTestRun) edit = attest_test_cli (f->db, "--annotator", "Boris", "edit", boris, "--comment", "sure", NULL);
      g_assert_cmpint (edit.status, ==, 0);
    }
    g_free (f->db);
    f->db = g_steal_pointer (&main_db);
    {
      g_auto(AttestTestRun) merge = attest_test_cli (f->db, "merge", copy, NULL);
      g_auto(AttestTestRun) again = attest_test_cli (f->db, "merge", copy, NULL);
      g_auto(AttestTestRun) claims = attest_test_cli (f->db, "claims", "--json", NULL);

      g_assert_cmpint (merge.status, ==, 7);
      g_assert_nonnull (strstr (merge.out, expected));
      g_assert_nonnull (strstr (merge.out, "0 claims updated"));
      g_assert_cmpint (again.status, ==, 0);
      g_assert_null (strstr (claims.out, boris));
    }
  }
  {
    g_autofree char *notes = g_build_filename (f->dir, "notes.txt", NULL);
    g_auto(AttestTestRun) bad = (g_file_set_contents (notes, "notes", -1, NULL), attest_test_cli (f->db, "merge", notes, NULL));
    g_assert_cmpint (bad.status, ==, 5);
  }
}

/* Correcting what was found: an article's metadata, a citation marked by
 * hand, one removed, an outlet's variant; each recorded in the history,
 * and carried to a teammate's copy by merging. */
static void
test_corrections (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *wire = g_test_build_filename (G_TEST_DIST, "data", "news", "wire-dushanbe.txt", NULL);
  g_autofree char *tass = g_test_build_filename (G_TEST_DIST, "data", "news", "agency-tass.txt", NULL);
  g_autofree char *copy = g_build_filename (f->dir, "boris.db", NULL);
  g_autofree char *dateline = NULL;
  g_autofree char *marked = NULL;
  g_autofree char *before = NULL;

  {
    g_auto(AttestTestRun) r = attest_test_cli (f->db, "import", wire, tass, NULL);
    g_assert_cmpint (r.status, ==, 0);
  }

  /* Metadata: every field, "" clears; year-less citations follow the date. */
  {
    g_auto(AttestTestRun) r = attest_test_cli (f->db, "edit-document", "1", "--title", "Tajikistan restructures its debt",
                         "--author", "", "--date", "2012-02-20", "--outlet", "Reuters News", NULL);
    g_auto(AttestTestRun) show = attest_test_cli (f->db, "show", "1", "--json", "--no-text", NULL);
    g_autoptr(JsonNode) root = NULL;
    JsonObject *doc, *c0;

    g_assert_cmpint (r.status, ==, 0);
    g_assert_cmpstr (r.out, ==, "Article corrected.\n");
    root = parse (show.out);
    doc = json_object_get_object_member (json_node_get_object (root), "document");
    g_assert_cmpstr (json_object_get_string_member (doc, "title"), ==, "Tajikistan restructures its debt");
    g_assert_true (json_object_get_null_member (doc, "author"));
    g_assert_cmpstr (json_object_get_string_member (doc, "date"), ==, "2012-02-20");
    g_assert_cmpstr (json_object_get_string_member (doc, "publication"), ==, "Reuters News");
    c0 = json_array_get_object_element (json_object_get_array_member (json_node_get_object (root), "citations"), 0);
    g_assert_cmpstr (json_object_get_string_member (c0, "kind"), ==, "dateline");
    g_assert_cmpstr (json_object_get_string_member (c0, "text"), ==, "DUSHANBE, March 1 (Reuters)");
    g_assert_cmpint (json_object_get_int_member (c0, "cover_start"), ==, 89);
    g_assert_cmpint (json_object_get_int_member (c0, "cover_end"), ==, 660);
    /* March 1 is within a month of February 20: the same year. */
    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (c0, "source"), "when"),
                     ==, "2012-03-01");
    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (c0, "source"), "canonical"),
                     ==, "Reuters");
    dateline = g_strdup (json_object_get_string_member (c0, "uuid"));
  }
  {
    g_auto(AttestTestRun) history = attest_test_cli (f->db, "history", NULL);

    /* The new value on a line of its own. */
    g_assert_nonnull (strstr (history.out, "update title: Tajikistan agrees to restructure Russian debt → \n"
                                           "Tajikistan restructures its debt\n"));
    g_assert_nonnull (strstr (history.out, "update author: Anna Petrova\n"));
    g_assert_nonnull (strstr (history.out, "update date: 2011-03-01 → \n2012-02-20\n"));
  }

  /* Refused, and nothing changes. */
  before = db_dump (f);
  {
    g_auto(AttestTestRun) bad_date = attest_test_cli (f->db, "edit-document", "1", "--date", "2011-02-30", NULL);
    g_auto(AttestTestRun) bad_words = attest_test_cli (f->db, "edit-document", "1", "--date", "March 3", NULL);
    g_auto(AttestTestRun) nothing = attest_test_cli (f->db, "edit-document", "1", NULL);
    g_auto(AttestTestRun) no_doc = attest_test_cli (f->db, "edit-document", "9", "--title", "X", NULL);
    g_auto(AttestTestRun) line_break = attest_test_cli (f->db, "edit-document", "1", "--title", "Two\nlines", NULL);
    g_auto(AttestTestRun) no_outlet = attest_test_cli (f->db, "mark-source", "2", "--quote", "Fakhrabad range", NULL);
    g_auto(AttestTestRun) blank_outlet = attest_test_cli (f->db, "mark-source", "2", "--quote", "Fakhrabad range", "--outlet", " ", NULL);
    g_auto(AttestTestRun) outside = attest_test_cli (f->db, "mark-source", "2", "--range", "600:700", "--outlet", "X", NULL);
    g_auto(AttestTestRun) no_citation = attest_test_cli (f->db, "remove-citation", "00000000-0000-4000-8000-000000000000", NULL);
    g_autofree char *after = NULL;

    g_assert_cmpint (bad_date.status, ==, 4);
    g_assert_nonnull (strstr (bad_date.err, "“2011-02-30” is not a date in the form YYYY-MM-DD"));
    g_assert_cmpint (bad_words.status, ==, 4);
    g_assert_cmpint (nothing.status, ==, 2);
    g_assert_cmpint (no_doc.status, ==, 3);
    g_assert_cmpint (line_break.status, ==, 4);
    g_assert_cmpint (no_outlet.status, ==, 2);
    g_assert_cmpint (blank_outlet.status, ==, 4);
    g_assert_cmpint (outside.status, ==, 4);
    g_assert_cmpint (no_citation.status, ==, 3);
    after = db_dump (f);
    g_assert_cmpstr (after, ==, before);
  }

  /* A passage marked as a citation covers its paragraph. */
  {
    g_auto(AttestTestRun) r = attest_test_cli (f->db, "mark-source", "2", "--quote", "press service of the Central Military District",
                         "--outlet", "Central Military District", "--json", NULL);
    g_autoptr(JsonNode) root = NULL;
    JsonObject *c;

    g_assert_cmpint (r.status, ==, 0);
    root = parse (r.out);
    c = json_node_get_object (root);
    g_assert_cmpstr (json_object_get_string_member (c, "kind"), ==, "marked");
    g_assert_cmpint (json_object_get_int_member (c, "start"), ==, 219);
    g_assert_cmpint (json_object_get_int_member (c, "end"), ==, 265);
    g_assert_cmpint (json_object_get_int_member (c, "cover_start"), ==, 67);
    g_assert_cmpint (json_object_get_int_member (c, "cover_end"), ==, 271);
    g_assert_cmpstr (json_object_get_string_member (c, "text"), ==, "press service of the Central Military District");
    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (c, "source"), "outlet"),
                     ==, "Central Military District");
    marked = g_strdup (json_object_get_string_member (c, "uuid"));
  }

  /* Boris takes a copy now; what follows happens on both sides. */
  {
    g_auto(AttestTestRun) r = attest_test_cli (f->db, "backup", copy, NULL);
    g_assert_cmpint (r.status, ==, 0);
  }

  /* A wrong citation removed: its source goes with it, nothing rests on it. */
  {
    g_auto(AttestTestRun) r = attest_test_cli (f->db, "remove-citation", dateline, NULL);
    g_auto(AttestTestRun) again = attest_test_cli (f->db, "remove-citation", dateline, NULL);
    g_auto(AttestTestRun) show = attest_test_cli (f->db, "show", "1", "--json", "--no-text", NULL);
    g_auto(AttestTestRun) sources = attest_test_cli (f->db, "sources", "--document", "1", "--json", NULL);
    g_auto(AttestTestRun) history = attest_test_cli (f->db, "history", dateline, NULL);
    g_autoptr(JsonNode) root = NULL;
    g_autoptr(JsonNode) list = NULL;

    g_assert_cmpint (r.status, ==, 0);
    g_assert_cmpstr (r.out, ==, "Citation removed.\n");
    g_assert_cmpint (again.status, ==, 3);
    root = parse (show.out);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (root), "citations")), ==, 2);
    list = parse (sources.out);
    g_assert_cmpuint (json_array_get_length (json_node_get_array (list)), ==, 2);
    g_assert_nonnull (strstr (history.out, "citation " ));
    g_assert_nonnull (strstr (history.out, "delete outlet: Reuters\n"));
  }

  /* An outlet's variant: "Itar Tass News" becomes a name of TASS. */
  {
    g_auto(AttestTestRun) r = attest_test_cli (f->db, "outlets", "merge", "Itar Tass News", "ITAR-TASS", NULL);
    g_auto(AttestTestRun) list = attest_test_cli (f->db, "outlets", NULL);
    g_auto(AttestTestRun) empty = attest_test_cli (f->db, "outlets", "merge", "Itar Tass News", NULL);

    g_assert_cmpint (r.status, ==, 0);
    g_assert_cmpstr (r.out, ==, "“Itar Tass News” is now a name of TASS.\n");
    g_assert_nonnull (strstr (list.out, "\nTASS  — Itar Tass, Itar Tass News, Itar-Tass, TASS news agency, Итар-Тасс, ТАСС\n"));
    g_assert_cmpint (empty.status, ==, 2);
  }
  /* Only into an outlet Attest knows; a whole outlet merges with its names. */
  {
    g_auto(AttestTestRun) typo = attest_test_cli (f->db, "outlets", "merge", "X", "NoSuchOutlet", NULL);
    g_auto(AttestTestRun) known = attest_test_cli (f->db, "outlets", "add", "Interfax", NULL);
    g_auto(AttestTestRun) same = attest_test_cli (f->db, "outlets", "merge", "Reuters", "Reuters", NULL);

    g_assert_cmpint (typo.status, ==, 3);
    g_assert_nonnull (strstr (typo.err, "No outlet “NoSuchOutlet” is known"));
    g_assert_cmpint (known.status, ==, 0);
    g_assert_cmpstr (known.out, ==, "“Interfax” is known already, as Interfax.\n");
    g_assert_cmpint (same.status, ==, 0);
    g_assert_cmpstr (same.out, ==, "“Reuters” is a name of Reuters already.\n");
  }

  /* Boris, on his copy: another title, the marked citation removed. */
  {
    g_autofree char *main_db = g_strdup (f->db);

    g_free (f->db);
    f->db = g_strdup (copy);
    {
      g_auto(AttestTestRun) title = attest_test_cli (f->db, "--annotator", "Boris", "edit-document", "2", "--title",
                               "Russian base in Tajikistan holds mountain drills", NULL);
      g_auto(AttestTestRun) remove = attest_test_cli (f->db, "--annotator", "Boris", "remove-citation", marked, NULL);
      g_assert_cmpint (title.status, ==, 0);
      g_assert_cmpint (remove.status, ==, 0);
    }
    g_free (f->db);
    f->db = g_steal_pointer (&main_db);
  }
  {
    g_auto(AttestTestRun) merge = attest_test_cli (f->db, "merge", copy, "--json", NULL);
    g_auto(AttestTestRun) again = attest_test_cli (f->db, "merge", copy, "--json", NULL);
    g_auto(AttestTestRun) show = attest_test_cli (f->db, "show", "2", "--json", "--no-text", NULL);
    g_auto(AttestTestRun) show1 = attest_test_cli (f->db, "show", "1", "--json", "--no-text", NULL);
    g_autoptr(JsonNode) report = NULL;
    g_autoptr(JsonNode) report2 = NULL;
    g_autoptr(JsonNode) root = NULL;
    g_autoptr(JsonNode) root1 = NULL;
    JsonArray *citations;

    g_assert_cmpint (merge.status, ==, 0);
    report = parse (merge.out);
    g_assert_cmpint (json_object_get_int_member (json_node_get_object (report), "documents_updated"), ==, 1);
    root = parse (show.out);
    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (json_node_get_object (root), "document"), "title"),
                     ==, "Russian base in Tajikistan holds mountain drills");
    citations = json_object_get_array_member (json_node_get_object (root), "citations");
    g_assert_cmpuint (json_array_get_length (citations), ==, 2);
    for (guint i = 0; i < json_array_get_length (citations); i++)
      g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (citations, i), "kind"), !=, "marked");
    /* Their copy still has the dateline we removed: it stays removed, and
     * its source does not come back without it. */
    root1 = parse (show1.out);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (root1), "citations")), ==, 2);
    {
      g_auto(AttestTestRun) sources = attest_test_cli (f->db, "sources", "--document", "1", "--json", NULL);
      g_autoptr(JsonNode) list = parse (sources.out);

      g_assert_cmpuint (json_array_get_length (json_node_get_array (list)), ==, 2);
    }
    g_assert_cmpint (again.status, ==, 0);
    report2 = parse (again.out);
    g_assert_cmpint (json_object_get_int_member (json_node_get_object (report2), "documents_updated"), ==, 0);
  }

  /* Both correct the same field differently: a conflict, ours kept. */
  {
    g_autofree char *main_db = g_strdup (f->db);

    g_free (f->db);
    f->db = g_strdup (copy);
    {
      g_auto(AttestTestRun) r = attest_test_cli (f->db, "--annotator", "Boris", "edit-document", "2", "--author", "Boris Ivanov", NULL);
      g_assert_cmpint (r.status, ==, 0);
    }
    g_free (f->db);
    f->db = g_steal_pointer (&main_db);
  }
  {
    g_auto(AttestTestRun) ours = attest_test_cli (f->db, "edit-document", "2", "--author", "Anna Smirnova", NULL);
    g_auto(AttestTestRun) merge = attest_test_cli (f->db, "merge", copy, NULL);
    g_auto(AttestTestRun) show = attest_test_cli (f->db, "show", "2", "--json", "--no-text", NULL);
    g_autoptr(JsonNode) root = NULL;

    g_assert_cmpint (ours.status, ==, 0);
    g_assert_cmpint (merge.status, ==, 7);
    root = parse (show.out);
    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (json_node_get_object (root), "document"), "author"),
                     ==, "Anna Smirnova");
  }

  /* Through TEI: the corrections travel, the ids stay, nothing is scanned
   * back. Here a passage is marked again (Boris's removal came with the
   * merge) and the removed dateline stays removed. */
  {
    g_autofree char *tei = g_build_filename (f->dir, "corpus.xml", NULL);
    g_autofree char *fresh = g_build_filename (f->dir, "fresh.db", NULL);
    g_autofree char *again = g_build_filename (f->dir, "again.xml", NULL);
    g_autofree char *first = NULL;
    g_autofree char *second = NULL;
    g_auto(AttestTestRun) mark = attest_test_cli (f->db, "mark-source", "2", "--quote", "Fakhrabad range", "--outlet", "Fakhrabad range office", NULL);
    g_auto(AttestTestRun) export = attest_test_cli (f->db, "export", "tei", "-o", tei, NULL);
    g_autofree char *main_db = g_strdup (f->db);
    g_autoptr(JsonNode) before1 = NULL;
    g_autoptr(JsonNode) before2 = NULL;

    g_assert_cmpint (mark.status, ==, 0);
    g_assert_cmpint (export.status, ==, 0);
    {
      g_auto(AttestTestRun) s1 = attest_test_cli (f->db, "show", "1", "--json", "--no-text", NULL);
      g_auto(AttestTestRun) s2 = attest_test_cli (f->db, "show", "2", "--json", "--no-text", NULL);

      before1 = parse (s1.out);
      before2 = parse (s2.out);
    }
    g_free (f->db);
    f->db = g_strdup (fresh);
    {
      /* By id: an import numbers the articles in the export's order. */
      const char *uuid1 = json_object_get_string_member (
          json_object_get_object_member (json_node_get_object (before1), "document"), "uuid");
      const char *uuid2 = json_object_get_string_member (
          json_object_get_object_member (json_node_get_object (before2), "document"), "uuid");
      g_auto(AttestTestRun) imp = attest_test_cli (f->db, "import-tei", tei, NULL);
      g_auto(AttestTestRun) s1 = attest_test_cli (f->db, "show", uuid1, "--json", "--no-text", NULL);
      g_auto(AttestTestRun) s2 = attest_test_cli (f->db, "show", uuid2, "--json", "--no-text", NULL);
      g_auto(AttestTestRun) back = attest_test_cli (f->db, "export", "tei", "-o", again, NULL);
      g_autoptr(JsonNode) after1 = parse (s1.out);
      g_autoptr(JsonNode) after2 = parse (s2.out);
      JsonArray *a1 = json_object_get_array_member (json_node_get_object (before1), "citations");
      JsonArray *b1 = json_object_get_array_member (json_node_get_object (after1), "citations");
      JsonArray *a2 = json_object_get_array_member (json_node_get_object (before2), "citations");
      JsonArray *b2 = json_object_get_array_member (json_node_get_object (after2), "citations");

      g_assert_cmpint (imp.status, ==, 0);
      g_assert_cmpuint (json_array_get_length (b1), ==, json_array_get_length (a1));
      g_assert_cmpuint (json_array_get_length (b1), ==, 2);
      g_assert_cmpuint (json_array_get_length (b2), ==, json_array_get_length (a2));
      for (guint i = 0; i < json_array_get_length (a2); i++)
        {
          JsonObject *x = json_array_get_object_element (a2, i);
          JsonObject *y = json_array_get_object_element (b2, i);

          g_assert_cmpstr (json_object_get_string_member (x, "uuid"), ==, json_object_get_string_member (y, "uuid"));
          g_assert_cmpstr (json_object_get_string_member (x, "kind"), ==, json_object_get_string_member (y, "kind"));
          g_assert_cmpint (json_object_get_int_member (x, "start"), ==, json_object_get_int_member (y, "start"));
          g_assert_cmpint (json_object_get_int_member (x, "cover_start"), ==, json_object_get_int_member (y, "cover_start"));
          g_assert_cmpint (json_object_get_int_member (x, "cover_end"), ==, json_object_get_int_member (y, "cover_end"));
        }
      g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (b2, 1), "kind"), ==, "marked");
      g_assert_cmpint (back.status, ==, 0);
    }
    g_assert_true (g_file_get_contents (tei, &first, NULL, NULL));
    g_assert_true (g_file_get_contents (again, &second, NULL, NULL));
    g_assert_cmpstr (first, ==, second);
    g_free (f->db);
    f->db = g_steal_pointer (&main_db);
  }
}

static void
test_usage (void)
{
  g_auto(AttestTestRun) none = attest_test_cli (NULL, NULL);
  g_auto(AttestTestRun) help = attest_test_cli (NULL, "--help", NULL);

  g_assert_cmpint (none.status, ==, 2);
  g_assert_nonnull (strstr (none.err, "no command given"));
  g_assert_cmpint (help.status, ==, 0);
  g_assert_nonnull (strstr (help.out, "annotate DOC --category C"));
  g_assert_nonnull (strstr (help.out, "Exit codes:"));
}

/* A PDF and a web page through the command line: the import says what it
 * left out, show repeats it, --json gives the counts; the same PDF again
 * changes nothing. */
static void
test_documents_from_pdf (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *pdf = g_test_build_filename (G_TEST_DIST, "data", "formats", "running-heads.pdf", NULL);
  g_autofree char *page = g_test_build_filename (G_TEST_DIST, "data", "formats", "drupal.html", NULL);
  g_autofree char *expected = NULL;
  g_auto(AttestTestRun) imported = attest_test_cli (f->db, "import", pdf, page, NULL);
  g_auto(AttestTestRun) again = { 0 };
  g_auto(AttestTestRun) shown = { 0 };
  g_auto(AttestTestRun) json = { 0 };
  g_autoptr(JsonNode) root = NULL;
  JsonObject *doc;
  JsonObject *facts;

  g_assert_cmpint (imported.status, ==, 0);
  expected = g_strdup_printf ("%s: imported as document 1 (The Caspian Naval Buildup), 4858 characters, 3 citations\n"
                              "%s: Imported from PDF, 4 pages; 1 running header and 4 page numbers left out\n"
                              "%s: imported as document 2 (Border Guards Report Surge in Drone Sightings Near Narva),"
                              " 1479 characters, 2 citations\n"
                              "%s: Imported from a web page; 947 characters of page furniture left out\n",
                              pdf, pdf, page, page);
  g_assert_cmpstr (imported.out, ==, expected);

  again = attest_test_cli (f->db, "import", pdf, NULL);
  g_assert_cmpint (again.status, ==, 0);
  g_assert_nonnull (strstr (again.out, "already imported as document 1"));

  shown = attest_test_cli (f->db, "show", "1", NULL);
  g_assert_cmpint (shown.status, ==, 0);
  g_assert_nonnull (strstr (shown.out, "running-heads.pdf (pdf, UTF-8)\n"
                                       "Import:         Imported from PDF, 4 pages; 1 running header and 4 page numbers left out\n"));

  json = attest_test_cli (f->db, "--json", "show", "1", NULL);
  g_assert_cmpint (json.status, ==, 0);
  root = parse (json.out);
  doc = json_object_get_object_member (json_node_get_object (root), "document");
  g_assert_cmpstr (json_object_get_string_member (doc, "format"), ==, "pdf");
  facts = json_object_get_object_member (doc, "extraction");
  g_assert_cmpint (json_object_get_int_member (facts, "pages"), ==, 4);
  g_assert_cmpint (json_object_get_int_member (facts, "running_headers"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (facts, "running_header_lines"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (facts, "page_numbers"), ==, 4);
  g_assert_cmpstr (json_object_get_string_member (doc, "import_summary"), ==,
                   "Imported from PDF, 4 pages; 1 running header and 4 page numbers left out");
}

/* A folder: its articles and its subfolders', in path order, written in
 * batches; a file that is not an article is reported by name and the
 * others are imported; hidden files are left alone; the same text twice
 * is one document. */
static void
test_import_folder (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *corpus = g_build_filename (f->dir, "corpus", NULL);
  g_autofree char *deeper = g_build_filename (corpus, "2005", NULL);
  const struct { const char *sample, *as; } copies[] = {
    { "001_e5288724e250c3ef.txt", "b.txt" },
    { "000_7978e9767d1c15ca.txt", "a.txt" },
    { "003_5296401f81ea8387.txt", "2005/c.txt" },
    { "000_7978e9767d1c15ca.txt", "2005/d.txt" },
  };
  g_autoptr(JsonNode) root = NULL;
  JsonArray *results;

  g_assert_cmpint (g_mkdir_with_parents (deeper, 0700), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (copies); i++)
    {
      g_autofree char *from = attest_test_sample_path (copies[i].sample);
      g_autofree char *to = g_build_filename (corpus, copies[i].as, NULL);
      g_autofree char *text = attest_test_read_file (from);

      g_assert_true (g_file_set_contents (to, text, -1, NULL));
    }
  {
    g_autofree char *png = g_build_filename (corpus, "map.png", NULL);
    g_autofree char *hidden = g_build_filename (corpus, ".index", NULL);

    g_autofree char *conf = g_build_filename (corpus, "annotation.conf", NULL);
    g_autofree char *gone = g_build_filename (corpus, "gone.txt", NULL);

    g_assert_true (g_file_set_contents (png, "\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16, NULL));
    g_assert_true (g_file_set_contents (hidden, "not an article", -1, NULL));
    /* brat's configuration is no article; a link to nothing is told. */
    g_assert_true (g_file_set_contents (conf, "[entities]\ntroop-deployment\n", -1, NULL));
    g_assert_cmpint (symlink ("nowhere.txt", gone), ==, 0);
  }

  {
    g_auto(AttestTestRun) r = attest_test_cli (f->db, "import", corpus, "--json", NULL);

    g_assert_cmpint (r.status, ==, 4);
    root = parse (r.out);
    g_assert_nonnull (strstr (r.err, "corpus/map.png: "));
    g_assert_nonnull (strstr (r.err, "not a text file"));
  }
  /* What cannot be read first, then in path order: 2005/c, 2005/d, a, b,
   * map.png. */
  results = json_node_get_array (root);
  g_assert_cmpuint (json_array_get_length (results), ==, 6);
  {
    g_autofree char *gone = g_build_filename (corpus, "gone.txt", NULL);
    JsonObject *o = json_array_get_object_element (results, 0);
    g_autofree char *says = g_strdup_printf ("%s is not a file that can be read as an article", gone);

    g_assert_cmpstr (json_object_get_string_member (o, "file"), ==, gone);
    g_assert_cmpstr (json_object_get_string_member (o, "error"), ==, says);
    json_array_remove_element (results, 0);
  }
  {
    const char *files[] = { "2005/c.txt", "2005/d.txt", "a.txt", "b.txt", "map.png" };
    const char *outcome[] = { "imported", "imported", "already-imported", "imported", NULL };
    const gint64 ids[] = { 1, 2, 2, 3, 0 };

    for (guint i = 0; i < G_N_ELEMENTS (files); i++)
      {
        JsonObject *o = json_array_get_object_element (results, i);
        g_autofree char *file = g_build_filename (corpus, files[i], NULL);

        g_assert_cmpstr (json_object_get_string_member (o, "file"), ==, file);
        if (outcome[i] == NULL)
          {
            g_assert_false (json_object_has_member (o, "result"));
            g_assert_nonnull (strstr (json_object_get_string_member (o, "error"), "not a text file"));
            continue;
          }
        g_assert_cmpstr (json_object_get_string_member (o, "result"), ==, outcome[i]);
        g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (o, "document"), "id"),
                         ==, ids[i]);
      }
  }

  /* Again: everything is there already; nothing changes. */
  {
    g_auto(AttestTestRun) r = attest_test_cli (f->db, "import", corpus, NULL);
    g_auto(AttestTestRun) docs = attest_test_cli (f->db, "documents", "--json", NULL);
    g_autoptr(JsonNode) listed = parse (docs.out);

    g_assert_cmpint (r.status, ==, 4);
    g_assert_nonnull (strstr (r.out, "a.txt: already imported as document 2"));
    g_assert_nonnull (strstr (r.out, "b.txt: already imported as document 3"));
    g_assert_cmpuint (json_array_get_length (json_node_get_array (listed)), ==, 3);
  }
}

/* The documents in @db as another process sees them (0 while it is not
 * there yet). */
static int
count_documents (const char *db)
{
  sqlite3 *conn = NULL;
  sqlite3_stmt *stmt = NULL;
  int n = 0;

  if (g_file_test (db, G_FILE_TEST_EXISTS) &&
      sqlite3_open_v2 (db, &conn, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
      sqlite3_prepare_v2 (conn, "SELECT count(*) FROM documents", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (conn);
  return n;
}

/* SIGTERM in the middle of a folder import: what was read is written and
 * reported, the JSON array is whole and names exactly the articles in the
 * database, the exit status says which signal stopped it. */
static void
test_import_stopped (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *corpus = g_build_filename (f->dir, "many", NULL);
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GBytes) out = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *json = NULL;
  guint n;

  g_assert_cmpint (g_mkdir (corpus, 0700), ==, 0);
  for (guint i = 0; i < 4000; i++)
    {
      g_autofree char *name = g_strdup_printf ("d%04u.txt", i);
      g_autofree char *path = g_build_filename (corpus, name, NULL);
      g_autofree char *text = g_strdup_printf ("Dispatch %u\n\nGuards closed crossing %u at dawn, Kabar reported.\n",
                                               i, i);

      g_assert_true (g_file_set_contents (path, text, -1, NULL));
    }
  proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error,
                           g_getenv ("ATTEST_CLI"), "--db", f->db, "import", "--json", corpus, NULL);
  g_assert_no_error (error);
  /* Once the first batch is in (the import is running, its signals
   * caught), however slow the machine. */
  for (int waited = 0; count_documents (f->db) == 0; waited++)
    {
      g_assert_cmpint (waited, <, 600);
      g_usleep (50 * G_TIME_SPAN_MILLISECOND);
    }
  g_subprocess_send_signal (proc, SIGTERM);
  g_assert_true (g_subprocess_communicate (proc, NULL, NULL, &out, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (proc));
  g_assert_cmpint (g_subprocess_get_exit_status (proc), ==, 128 + SIGTERM);

  json = g_strndup (g_bytes_get_data (out, NULL), g_bytes_get_size (out));
  root = parse (json);
  n = json_array_get_length (json_node_get_array (root));
  g_assert_cmpuint (n, <, 4000);
  {
    g_auto(AttestTestRun) docs = attest_test_cli (f->db, "documents", "--json", NULL);
    g_autoptr(JsonNode) listed = parse (docs.out);

    g_assert_cmpuint (json_array_get_length (json_node_get_array (listed)), ==, n);
  }
  /* Again: the rest comes in, nothing twice. */
  {
    g_auto(AttestTestRun) again = attest_test_cli (f->db, "import", corpus, NULL);
    g_auto(AttestTestRun) docs = attest_test_cli (f->db, "documents", "--json", NULL);
    g_autoptr(JsonNode) listed = parse (docs.out);

    g_assert_cmpint (again.status, ==, 0);
    g_assert_cmpuint (json_array_get_length (json_node_get_array (listed)), ==, 4000);
  }
}

/* A database written by another program (here sqlite3) may hold an
 * escape sequence in a source's address or outlet: `sources` shows it
 * escaped, never as bytes a terminal would run; `check` names a source a
 * merge would refuse. */
static void
test_sources_hostile_text (Fixture       *f,
                           gconstpointer  data)
{
  sqlite3 *db = NULL;

  import_all (f);
  {
    g_auto(AttestTestRun) r = attest_test_cli (f->db, "add-source", "--outlet", "Wire", "--url",
                                               "https://wire.example/a", NULL);
    g_assert_cmpint (r.status, ==, 0);
  }
  g_assert_cmpint (sqlite3_open (f->db, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "UPDATE sources SET url = 'http://x/' || char (27) || '[31mRED',"
                                     " outlet = 'Wi' || char (27) || '[2Jre' WHERE outlet = 'Wire'",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  {
    g_auto(AttestTestRun) r = attest_test_cli (f->db, "sources", NULL);

    g_assert_cmpint (r.status, ==, 0);
    g_assert_null (strchr (r.out, '\033'));
    g_assert_nonnull (strstr (r.out, "  http://x/\\x1b[31mRED\n"));
    g_assert_nonnull (strstr (r.out, "Wi\\x1b[2Jre"));
  }
  /* check names what a merge of this database would refuse. */
  {
    g_autofree char *uuid = NULL;
    g_autofree char *expected = NULL;

    g_assert_cmpint (sqlite3_open (f->db, &db), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_exec (db, "UPDATE sources SET url = 'javascript:alert(1)', outlet = 'Wire'"
                                       " WHERE outlet LIKE 'Wi%'", NULL, NULL, NULL), ==, SQLITE_OK);
    {
      sqlite3_stmt *stmt;

      g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT uuid FROM sources WHERE outlet = 'Wire'", -1, &stmt, NULL),
                       ==, SQLITE_OK);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
      uuid = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      sqlite3_finalize (stmt);
    }
    sqlite3_close (db);
    expected = g_strdup_printf ("source %s: “javascript:alert(1)” is not a web address: a source's address starts "
                                "with http:// or https://, names a host and holds no spaces\n", uuid);
    {
      g_auto(AttestTestRun) r = attest_test_cli (f->db, "check", NULL);

      g_assert_cmpint (r.status, ==, 5);
      g_assert_nonnull (strstr (r.out, expected));
      g_assert_nonnull (strstr (r.err, "1 problem found"));
    }
    /* The same for programs: JSON, the same exit code. */
    {
      g_auto(AttestTestRun) r = attest_test_cli (f->db, "--json", "check", NULL);
      g_autoptr(JsonParser) parser = json_parser_new ();
      JsonObject *o;
      g_autofree char *line = g_strndup (expected, strlen (expected) - 1);

      g_assert_cmpint (r.status, ==, 5);
      g_assert_true (json_parser_load_from_data (parser, r.out, -1, NULL));
      o = json_node_get_object (json_parser_get_root (parser));
      g_assert_false (json_object_get_boolean_member (o, "intact"));
      g_assert_cmpuint (json_array_get_length (json_object_get_array_member (o, "problems")), ==, 1);
      g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (o, "problems"), 0), ==, line);
    }
  }
}

/* A taxonomy damaged into a cycle of parents (by another program here)
 * is refused by the exchange exports that nest categories, with how to
 * mend it, rather than written with categories dropped or repeated (TEI
 * writes each category of a cycle once: store/category-cycle). */
static void
test_export_cycle (Fixture       *f,
                   gconstpointer  data)
{
  static const char * const formats[] = { "web-annotation", "uima-json", "refi-qda" };
  sqlite3 *db = NULL;

  import_all (f);
  {
    g_auto(AttestTestRun) a = attest_test_cli (f->db, "taxonomy", "add", "aa", "--label", "AA", "--color", "#112233",
                                               NULL);
    g_auto(AttestTestRun) c = attest_test_cli (f->db, "taxonomy", "add", "cc", "--label", "CC", "--color", "#112233",
                                               "--parent", "aa", NULL);
    g_assert_cmpint (a.status, ==, 0);
    g_assert_cmpint (c.status, ==, 0);
  }
  g_assert_cmpint (sqlite3_open (f->db, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "UPDATE categories SET parent_key = 'cc' WHERE key = 'aa'", NULL, NULL, NULL),
                   ==, SQLITE_OK);
  sqlite3_close (db);
  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_autofree char *out = g_build_filename (f->dir, formats[i], NULL);
      g_auto(AttestTestRun) r = attest_test_cli (f->db, "export", formats[i], "-o", out, NULL);

      g_assert_cmpint (r.status, ==, 5);
      g_assert_cmpstr (r.err, ==, "attest-cli: The category aa is under itself: its parents lead back to it. Give it "
                                  "another parent in Categories; attest-cli check lists every such category\n");
      g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) \
  g_test_add ("/cli/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("documents", test_documents);
  ADD ("show", test_show);
  ADD ("annotate-link-claims", test_annotate_link_claims);
  ADD ("search-and-taxonomy", test_search_and_taxonomy);
  ADD ("bad-input", test_bad_input);
  ADD ("import-folder", test_import_folder);
  ADD ("import-stopped", test_import_stopped);
  ADD ("bad-databases", test_bad_databases);
  ADD ("backup-and-merge", test_backup_and_merge);
  ADD ("corrections", test_corrections);
  ADD ("documents-from-pdf", test_documents_from_pdf);
  ADD ("sources-hostile-text", test_sources_hostile_text);
  ADD ("export-cycle", test_export_cycle);
#undef ADD
  g_test_add_func ("/cli/usage", test_usage);

  return g_test_run ();
}
