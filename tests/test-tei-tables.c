/* test-tei-tables.c — the tables (AttestTableWriter): CSV and JSON Lines with
 * exact content, and the small fixture's TEI round trip and curation. */
#include "test-tei-fixture.h"

/* ------------------------------------------------------------------ tables */

/* One document, claims with every kind of value; the fixture fixes uuids
 * and times so that the tables can be compared byte for byte. */
static void
load_small (AttestStore *store)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "tei-small.xml", NULL);
  g_autofree char *xml = NULL;
  g_autoptr(GError) error = NULL;
  gsize len;

  g_assert_true (g_file_get_contents (path, &xml, &len, NULL));
  import_string (store, xml, len, NULL, &error);
  g_assert_no_error (error);
}

static char *
table (AttestStore       *store,
       AttestTableFormat  format,
       AttestClaimFilter *filter)
{
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;

  attest_table_writer_write (store, format, filter, out, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_output_stream_write_all (out, "", 1, NULL, NULL, NULL);
  g_output_stream_close (out, NULL, NULL);
  return g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (out));
}

static void
test_small_round_trip (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "tei-small.xml", NULL);
  g_autofree char *fixture = NULL;
  g_autofree char *xml = NULL;
  xmlRelaxNGPtr schema = attest_schema ();

  /* The fixture is exactly what the writer writes. */
  g_assert_true (g_file_get_contents (path, &fixture, NULL, NULL));
  assert_valid (schema, fixture, strlen (fixture));
  load_small (f->store);
  xml = export_to_string (f->store, NULL, NULL);
  g_assert_cmpstr (xml, ==, fixture);
  xmlRelaxNGFree (schema);
}

static void
test_curation (Fixture       *f,
               gconstpointer  data)
{
  g_auto(Curated) c = { 0 };
  g_autofree char *xml = NULL;
  g_autofree char *again = NULL;
  g_autofree char *accepted = NULL;
  g_autofree char *ana = NULL;
  g_autofree char *ben = NULL;
  g_autofree char *figures = NULL;
  g_autofree char *ptr = NULL;
  g_autofree char *ids = NULL;
  g_autofree char *copy_path = tmp_path (f, "copy.db");
  g_autofree char *accepted_path = tmp_path (f, "accepted.db");
  g_autoptr(AttestStore) copy = NULL;
  g_autoptr(GError) error = NULL;
  AttestClaimFilter only_accepted = { .status = "accepted" };
  xmlRelaxNGPtr schema = attest_schema ();

  annotate_curated (f->store, &c);
  xml = export_to_string (f->store, NULL, NULL);
  assert_valid (schema, xml, strlen (xml));

  /* The header: the hand-worked figures, exactly as written. */
  ana = person_id (xml, "Ana");
  ben = person_id (xml, "Ben");
  figures = g_strdup_printf (
    "          <interpGrp type=\"agreement\" subtype=\"all\">\n"
    "            <interp type=\"krippendorff-alpha\" n=\"11354\">0.9460</interp>\n"
    "            <interp type=\"cohen-kappa\" corresp=\"#%1$s #%2$s\" n=\"5677\">0.9460</interp>\n"
    "            <interp type=\"exact-precision\" corresp=\"#%1$s #%2$s\" n=\"2\">0.5000</interp>\n"
    "            <interp type=\"exact-recall\" corresp=\"#%1$s #%2$s\" n=\"2\">0.5000</interp>\n"
    "            <interp type=\"exact-f1\" corresp=\"#%1$s #%2$s\" n=\"1\">0.5000</interp>\n"
    "            <interp type=\"overlap-precision\" corresp=\"#%1$s #%2$s\" n=\"2\">1.0000</interp>\n"
    "            <interp type=\"overlap-recall\" corresp=\"#%1$s #%2$s\" n=\"2\">1.0000</interp>\n"
    "            <interp type=\"overlap-f1\" corresp=\"#%1$s #%2$s\" n=\"2\">1.0000</interp>\n"
    "            <interp type=\"sources-equal\" corresp=\"#%1$s #%2$s\" n=\"1\">1.0000</interp>\n"
    "            <interp type=\"sources-jaccard\" corresp=\"#%1$s #%2$s\" n=\"1\">1.0000</interp>\n"
    "          </interpGrp>\n", ana, ben);
  g_assert_nonnull (strstr (xml, figures));
  g_assert_nonnull (strstr (xml, "<p>Inter-annotator agreement of Ana, Ben on 1 documents "
                                 "(5677 characters), before curation:"));
  g_assert_nonnull (strstr (xml, "<interpGrp type=\"agreement\" ana=\"#counter-narcotics\">"));
  g_assert_nonnull (strstr (xml, "<interpGrp type=\"agreement\" ana=\"#training\">"));

  /* The curated span points to both originals, in the order given. */
  ptr = g_strdup_printf ("<ptr type=\"origin\" target=\"#c-%s #c-%s\"/></span>", c.ana_cn, c.ben_cn);
  {
    g_autofree char *span = g_strdup_printf ("<span xml:id=\"c-%s\"", c.curated);
    g_autofree char *origin_span = g_strdup_printf ("<span xml:id=\"c-%s\"", c.ana_cn);
    const char *at = strstr (xml, span);
    const char *end;

    g_assert_nonnull (at);
    end = strstr (at, "</span>") + strlen ("</span>");
    g_assert_true (strstr (at, ptr) == end - strlen (ptr));
    g_assert_true (at < strstr (xml, origin_span));
  }

  /* Round trip: the same bytes, figures and pointers included. */
  copy = open_store (copy_path);
  import_string (copy, xml, -1, NULL, &error);
  g_assert_no_error (error);
  again = export_to_string (copy, NULL, NULL);
  g_assert_cmpstr (again, ==, xml);
  g_clear_object (&copy);

  /* The dataset of accepted claims: the originals are not in it, so they
   * are named by uuid; the figures still describe the annotation. */
  accepted = export_to_string (f->store, &only_accepted, NULL);
  assert_valid (schema, accepted, strlen (accepted));
  ids = g_strdup_printf ("<idno type=\"origin\">%s</idno><idno type=\"origin\">%s</idno></span>",
                         c.ana_cn, c.ben_cn);
  g_assert_nonnull (strstr (accepted, ids));
  g_assert_null (strstr (accepted, "<ptr type=\"origin\""));
  g_assert_nonnull (strstr (accepted, figures));
  copy = open_store (accepted_path);
  import_string (copy, accepted, -1, NULL, &error);
  g_assert_no_error (error);
  g_clear_object (&copy);

  /* Origins that contradict the history, or point nowhere, are refused
   * with nothing imported. */
  {
    g_autofree char *bogus = g_strdup_printf ("\"#c-%s", c.curated);
    g_autofree char *ben_ref = g_strdup_printf (" #c-%s\"", c.ben_cn);
    g_autofree char *ben_span = g_strdup_printf ("<span xml:id=\"c-%s\"", c.ben_cn);
    g_autofree char *ana_ref = g_strdup_printf ("\"#c-%s", c.ana_cn);
    g_autofree char *ana_idno = g_strdup_printf ("<idno type=\"origin\">%s</idno>", c.ana_cn);
    struct {
      char       *xml;
      const char *message;
    } cases[] = {
      { replace_once (xml, ptr, "</span>"), "names 0 origins, its history records 2" },
      { replace_once (xml, ben_ref, " #c-00000000-0000-4000-8000-000000000000\""),
        "as its origin, which its history does not record" },
      { replace_once (xml, ana_ref, "\"#s-00000000-0000-4000-8000-000000000000"), "not to a claim" },
      { replace_once (accepted, ana_idno, "<idno type=\"origin\">Ana's</idno>"), "not a claim's uuid" },
      { replace_once (xml, ana_ref, bogus), "its history does not record" },
      { NULL, "is not another claim of document" },
    };

    /* Ben's span gone, the pointer to it left: the history is satisfied,
     * the pointer dangles. */
    {
      const char *from = strstr (xml, ben_span);
      const char *to = strstr (from, "</span>") + strlen ("</span>");

      g_assert_nonnull (from);
      cases[5].xml = g_strdup_printf ("%.*s%s", (int) (from - xml), xml, to);
    }

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
      {
        g_autofree char *path = g_strdup_printf ("%s/refused-%u.db", f->dir, i);
        g_autoptr(AttestStore) fresh = open_store (path);
        g_autoptr(GError) refused = NULL;
        g_autoptr(GPtrArray) docs = NULL;

        g_assert_false (import_string (fresh, cases[i].xml, -1, NULL, &refused));
        g_test_message ("case %u: %s", i, refused->message);
        g_assert_error (refused, ATTEST_ERROR, ATTEST_ERROR_FORMAT);
        g_assert_nonnull (strstr (refused->message, cases[i].message));
        docs = attest_store_list_documents (fresh, &error);
        g_assert_no_error (error);
        g_assert_cmpuint (docs->len, ==, 0);
        g_clear_error (&refused);
        g_assert_false (check_string (cases[i].xml, &refused));
        g_assert_nonnull (strstr (refused->message, cases[i].message));
        g_free (cases[i].xml);
      }
  }
  xmlRelaxNGFree (schema);
}

static const char expected_csv[] =
  "claim,document,document_title,start,end,quote,category,annotator,status,certainty,comment,"
  "created,modified,sources,source_uuids\r\n"
  "11111111-0000-4000-8000-000000000001,dddddddd-0000-4000-8000-000000000001,"
  "\"Troops, debts and a \"\"deal\"\"\",0,6,Moscow,troop-deployment,Ana Analyst,accepted,high,"
  "\"He said, \"\"no\"\"\nthen left\",2024-05-02T10:15:00Z,2024-05-03T08:01:30Z,"
  "\"Interfax, Moscow, December 1; Reuters\","
  "55555555-0000-4000-8000-000000000001 55555555-0000-4000-8000-000000000002\r\n"
  "11111111-0000-4000-8000-000000000002,dddddddd-0000-4000-8000-000000000001,"
  "\"Troops, debts and a \"\"deal\"\"\",7,28,\"will send troops, and\",debt-deal,Bo Østergaard,"
  "draft,,,2024-05-02T10:16:00Z,2024-05-02T10:16:00Z,,\r\n";

static const char expected_jsonl[] =
  "{\"claim\":\"11111111-0000-4000-8000-000000000001\",\"document\":\"dddddddd-0000-4000-8000-000000000001\","
  "\"document_title\":\"Troops, debts and a \\\"deal\\\"\",\"start\":0,\"end\":6,\"quote\":\"Moscow\","
  "\"category\":\"troop-deployment\",\"annotator\":\"Ana Analyst\",\"status\":\"accepted\","
  "\"certainty\":\"high\",\"comment\":\"He said, \\\"no\\\"\\nthen left\","
  "\"created\":\"2024-05-02T10:15:00Z\",\"modified\":\"2024-05-03T08:01:30Z\",\"sources\":["
  "{\"uuid\":\"55555555-0000-4000-8000-000000000001\",\"label\":\"Interfax, Moscow, December 1\","
  "\"outlet\":\"Interfax\",\"place\":\"Moscow\",\"date\":\"December 1\",\"when\":\"2005-12-01\","
  "\"url\":null,\"title\":null,\"reliability\":null},"
  "{\"uuid\":\"55555555-0000-4000-8000-000000000002\",\"label\":\"Reuters\",\"outlet\":\"Reuters\","
  "\"place\":null,\"date\":null,\"when\":null,\"url\":\"https://example.org/a?b=1&c=2\","
  "\"title\":\"A report\",\"reliability\":\"B\"}]}\n"
  "{\"claim\":\"11111111-0000-4000-8000-000000000002\",\"document\":\"dddddddd-0000-4000-8000-000000000001\","
  "\"document_title\":\"Troops, debts and a \\\"deal\\\"\",\"start\":7,\"end\":28,"
  "\"quote\":\"will send troops, and\",\"category\":\"debt-deal\",\"annotator\":\"Bo Østergaard\","
  "\"status\":\"draft\",\"certainty\":null,\"comment\":null,\"created\":\"2024-05-02T10:16:00Z\","
  "\"modified\":\"2024-05-02T10:16:00Z\",\"sources\":[]}\n";

static void
test_csv (Fixture       *f,
          gconstpointer  data)
{
  g_autofree char *csv = NULL;
  g_autofree char *accepted = NULL;
  AttestClaimFilter filter = { .status = "accepted" };

  load_small (f->store);
  csv = table (f->store, ATTEST_TABLE_FORMAT_CSV, NULL);
  g_assert_cmpstr (csv, ==, expected_csv);

  /* Filters apply as for TEI: the header and the accepted claim. */
  accepted = table (f->store, ATTEST_TABLE_FORMAT_CSV, &filter);
  g_assert_true (g_str_has_prefix (expected_csv, accepted));
  g_assert_cmpuint (strlen (accepted), <, strlen (expected_csv));
  g_assert_true (g_str_has_suffix (accepted, "55555555-0000-4000-8000-000000000002\r\n"));
}

static void
test_jsonl (Fixture       *f,
            gconstpointer  data)
{
  g_autofree char *jsonl = NULL;

  load_small (f->store);
  jsonl = table (f->store, ATTEST_TABLE_FORMAT_JSONL, NULL);
  g_assert_cmpstr (jsonl, ==, expected_jsonl);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/tei/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("small-round-trip", test_small_round_trip);
  ADD ("curation", test_curation);
  ADD ("csv", test_csv);
  ADD ("jsonl", test_jsonl);
#undef ADD

  return g_test_run ();
}
