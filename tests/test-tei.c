/* test-tei.c — TEI export and import: round trips and validation.
 *
 * The export of the sample articles with claims that overlap, nest, share
 * boundaries and sit at the very start and end of a text validates against
 * Attest's own schema (always) and the official tei_all.rng (when the build
 * knows where it is); export → import into an empty database → export
 * gives the same bytes and the same rows, on the samples and on a
 * generated corpus; curation survives the round trip. Bad input:
 * test-tei-input.c; the tables: test-tei-tables.c.
 */
#include "test-tei-fixture.h"

/* ------------------------------------------------------------------ tests */

static void
test_samples_round_trip (Fixture       *f,
                         gconstpointer  data)
{
  xmlRelaxNGPtr schema = attest_schema ();
  g_autofree char *xml = NULL;
  g_autoptr(GError) error = NULL;

  annotate_rich (f->store);
  xml = assert_round_trip (f, "copy.db");
  assert_valid (schema, xml, strlen (xml));
  g_assert_true (check_string (xml, &error));
  g_assert_no_error (error);

  /* What the encoding promises, visible in the file. */
  g_assert_nonnull (strstr (xml, "<teiCorpus xmlns=\"http://www.tei-c.org/ns/1.0\">"));
  g_assert_nonnull (strstr (xml, "<application ident=\"Attest\" version=\"1\">"));
  g_assert_nonnull (strstr (xml, "<category xml:id=\"troop-deployment\" n=\"1\" style=\"color: #cc3311\">"));
  g_assert_nonnull (strstr (xml, "<category xml:id=\"troops-abroad\" style=\"color: #A51D2D\">"));
  g_assert_nonnull (strstr (xml, "<desc type=\"retired\"/>"));
  g_assert_nonnull (strstr (xml, "<g type=\"control\" n=\"U+001B\"/>"));
  g_assert_nonnull (strstr (xml, "<g type=\"control\" n=\"U+FFFE\"/>"));
  g_assert_nonnull (strstr (xml, "&#13;"));
  g_assert_nonnull (strstr (xml, "<persName>李雷</persName>"));
  g_assert_nonnull (strstr (xml, "<ptr target=\"https://example.org/report?id=1&amp;lang=en\"/>"));
  g_assert_nonnull (strstr (xml, "subtype=\"accepted\""));
  g_assert_nonnull (strstr (xml, "cert=\"unknown\""));
  g_assert_nonnull (strstr (xml, "<note type=\"comment\">Contains &lt;tags&gt; &amp; ampersands"));
  /* Deleted claims are not exported; their deletion is in the history. */
  g_assert_null (strstr (xml, "Deleted later."));
  g_assert_nonnull (strstr (xml, "type=\"claim\" subtype=\"delete\""));

  xmlRelaxNGFree (schema);
}

static void
test_single_document (Fixture       *f,
                      gconstpointer  data)
{
  xmlRelaxNGPtr schema = attest_schema ();
  g_autofree char *copy_path = tmp_path (f, "one.db");
  g_autoptr(AttestStore) copy = NULL;
  g_autoptr(AttestDocument) doc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *xml = NULL;
  g_autofree char *again = NULL;
  g_autoptr(GPtrArray) claims = NULL;
  AttestClaimFilter filter = { 0 };
  AttestImportCounts counts = { 0 };

  annotate_rich (f->store);
  doc = attest_store_get_document (f->store, "4", &error);
  g_assert_no_error (error);
  filter.document = doc->uuid;
  xml = export_to_string (f->store, &filter, NULL);
  assert_valid (schema, xml, strlen (xml));
  g_assert_true (g_str_has_prefix (xml, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<TEI xmlns="));
  g_assert_null (strstr (xml, "<teiCorpus"));

  copy = open_store (copy_path);
  import_string (copy, xml, -1, &counts, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (counts.documents_added, ==, 1);
  g_assert_cmpuint (counts.claims_added, ==, 7);
  again = export_to_string (copy, &filter, NULL);
  g_assert_cmpstr (again, ==, xml);

  claims = attest_store_list_claims (copy, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (claims->len, ==, 7);
  xmlRelaxNGFree (schema);
}

static void
test_filters (Fixture       *f,
              gconstpointer  data)
{
  xmlRelaxNGPtr schema = attest_schema ();
  AttestClaimFilter filter = { .status = "accepted", .annotator = "Bo Østergaard" };
  g_autoptr(GError) error = NULL;
  g_autofree char *xml = NULL;
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  AttestClaimFilter bad[] = {
    { .document = "no-such-document" }, { .category = "no-such-category" },
    { .annotator = "Nobody" }, { .status = "maybe" },
  };
  int codes[] = { ATTEST_ERROR_NOT_FOUND, ATTEST_ERROR_NOT_FOUND, ATTEST_ERROR_NOT_FOUND,
                  ATTEST_ERROR_INVALID };

  annotate_rich (f->store);
  xml = export_to_string (f->store, &filter, NULL);
  assert_valid (schema, xml, strlen (xml));
  /* Every document, only Bo's accepted claims (two in each of his
   * documents, the second and the fifth), and the outside source they use. */
  g_assert_cmpint (g_strstr_len (xml, -1, "<TEI ") != NULL, ==, TRUE);
  {
    guint spans = 0;

    for (const char *p = xml; (p = strstr (p, "<span xml:id=\"c-")); p++)
      spans++;
    g_assert_cmpuint (spans, ==, 4);
  }
  g_assert_nonnull (strstr (xml, "type=\"outside-sources\""));

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_clear_error (&error);
      g_assert_false (attest_tei_writer_write (f->store, &bad[i], out, NULL, NULL, NULL, NULL, &error));
      g_assert_error (error, ATTEST_ERROR, codes[i]);
    }
  xmlRelaxNGFree (schema);
}

/* A corpus like a real one, only bigger: 40 documents of random lines
 * (blank lines, non-Latin words, control characters, with and without a
 * final newline), 60 random claims each (overlapping, nested, sharing
 * boundaries, at 0 and at the end), random links and history. Written
 * through the bulk import so that it takes one transaction. */
typedef struct {
  GRand  *rand;
  gint64  annotators[3];
  gint64  categories[4];
  gint64  outside;
} Generator;

static const char *words[] = {
  "Dushanbe", "border", "guards", "“troops”", "debt", "Душанбе", "東京", "agency", "drug",
  "30¢ªC", "Interfax,", "Moscow,", "December", "1", "—", "&", "<tag>", "\"quoted\"", "\x1b",
};

static char *
random_text (GRand *rand)
{
  GString *text = g_string_new (NULL);
  int lines = g_rand_int_range (rand, 3, 25);

  for (int l = 0; l < lines; l++)
    {
      int n = g_rand_int_range (rand, 0, 30);

      if (l > 0)
        g_string_append_c (text, '\n');
      for (int w = 0; w < n; w++)
        {
          if (w > 0)
            g_string_append_c (text, ' ');
          g_string_append (text, words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))]);
        }
      if (g_rand_int_range (rand, 0, 5) == 0)
        g_string_append (text, " (Interfax, Moscow, December 1)");
    }
  if (g_rand_boolean (rand))
    g_string_append_c (text, '\n');
  if (text->len == 0)
    g_string_append (text, "x");
  return g_string_free (text, FALSE);
}

static gboolean
generate (AttestStore *store,
          gpointer     user_data,
          GError     **error)
{
  Generator *g = user_data;
  AttestImportOutcome outcome;
  const char *names[] = { "Ana Analyst", "Bo Østergaard", "李雷" };
  const char *keys[] = { "troop-deployment", "debt-deal", "training", "border-security" };
  const char *statuses[] = { "draft", "accepted", "rejected" };
  const char *certainties[] = { "low", "medium", "high", "unknown", NULL };
  const char *comments[] = { NULL, "short", "a, \"quoted\" <comment> & more\nsecond line", "  " };
  AttestSourceRow outside = {
    .uuid = "0f0f0f0f-0000-4000-8000-000000000001", .outlet = "Reuters", .title = "Report",
    .url = "https://example.org/?a=1&b=2", .created = "2024-05-02T10:15:00Z",
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *uuid = g_strdup_printf ("0a0a0a0a-0000-4000-8000-%012u", i);

      if (!(g->annotators[i] = attest_store_import_annotator (store, uuid, names[i], &outcome, error)))
        return FALSE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      g_autoptr(AttestCategory) cat = attest_store_get_category (store, keys[i], error);

      if (cat == NULL)
        return FALSE;
      g->categories[i] = cat->id;
    }
  if (!(g->outside = attest_store_import_source (store, 0, &outside, FALSE, 0, &outcome, error)))
    return FALSE;

  for (int d = 0; d < 40; d++)
    {
      g_autoptr(AttestDocument) doc = attest_document_new ();
      g_autofree char *text = random_text (g->rand);
      g_autofree char *uuid = g_strdup_printf ("0d0d0d0d-0000-4000-8000-%012d", d);
      gint64 sources[3];
      gint64 doc_id;

      attest_document_set_text (doc, text);
      doc->uuid = g_strdup (uuid);
      doc->title = d % 3 ? g_strdup_printf ("Article %d, “generated”", d) : NULL;
      doc->publication = g_strdup ("Eurasia Daily Monitor");
      doc->volume = d % 2 ? g_strdup ("3") : NULL;
      doc->issue = g_strdup_printf ("%d", d);
      doc->date = d % 4 ? g_strdup_printf ("2006-04-%02d", 1 + d % 28) : NULL;
      doc->origin = g_strdup_printf ("gen-%d.txt", d);
      doc->format = g_strdup ("text");
      doc->encoding = g_strdup (d % 5 ? "UTF-8" : "Windows-1252");
      doc->imported = g_strdup ("2024-05-02T10:15:00.123456Z");
      if (!(doc_id = attest_store_import_document (store, doc, 0, &outcome, error)))
        return FALSE;

      for (int s = 0; s < 2; s++)
        {
          g_autofree char *suuid = g_strdup_printf ("05050505-%04d-4000-8000-%012d", s, d);
          AttestSourceRow row = {
            .uuid = suuid, .outlet = s ? "Kabar" : "Interfax", .place = s ? NULL : "Moscow",
            .date_text = "December 1", .when = s ? "--12-01" : "2005-12-01",
            .created = "2024-05-02T10:15:00Z",
          };

          if (!(sources[s] = attest_store_import_source (store, doc_id, &row, FALSE, 0, &outcome, error)))
            return FALSE;
        }
      sources[2] = g->outside;
      if (!attest_store_import_citations (store, doc_id, doc, error))
        return FALSE;

      for (int c = 0; c < 60; c++)
        {
          g_autofree char *cuuid = g_strdup_printf ("0c0c0c0c-%04d-4000-8000-%012d", c, d);
          g_autofree char *quote = NULL;
          gint64 start, end, claim_id;
          AttestClaimRow row = { 0 };
          int shape = g_rand_int_range (g->rand, 0, 6);

          /* Some at the ends, some sharing boundaries, most anywhere. */
          if (shape == 0)
            start = 0;
          else if (shape == 1)
            start = MAX (0, doc->length - g_rand_int_range (g->rand, 1, 10));
          else
            start = g_rand_int_range (g->rand, 0, doc->length);
          end = shape == 2 || start + 1 >= doc->length
                ? doc->length : g_rand_int_range (g->rand, start + 1, MIN (doc->length, start + 120) + 1);
          if (shape == 3)
            start = (start / 10) * 10, end = MAX (end, start + 1);
          quote = g_utf8_substring (doc->text, start, end);

          row.uuid = cuuid;
          row.start = start;
          row.end = end;
          row.quote = quote;
          row.created = "2024-05-02T10:15:00Z";
          row.modified = "2024-05-03T11:00:00Z";
          row.status = statuses[g_rand_int_range (g->rand, 0, 3)];
          row.certainty = certainties[g_rand_int_range (g->rand, 0, 5)];
          row.comment = comments[g_rand_int_range (g->rand, 0, 4)];
          row.version = g_rand_int_range (g->rand, 1, 5);
          claim_id = attest_store_import_claim (store, doc_id,
                                                g->categories[g_rand_int_range (g->rand, 0, 4)],
                                                g->annotators[g_rand_int_range (g->rand, 0, 3)],
                                                &row, 0, &outcome, error);
          if (!claim_id)
            return FALSE;
          for (int s = 0; s < 3; s++)
            if (g_rand_int_range (g->rand, 0, 3) == 0 &&
                !attest_store_import_link (store, claim_id, sources[s],
                                           g->annotators[g_rand_int_range (g->rand, 0, 3)],
                                           "2024-05-04T09:00:00Z", error))
              return FALSE;
          if (c % 20 == 0)
            {
              g_autofree char *huuid = g_strdup_printf ("0e0e0e0e-%04d-4000-8000-%012d", c, d);
              AttestChangeRow change = {
                huuid, "2024-05-03T11:00:00Z", names[c % 3], "claim", cuuid, "update",
                "comment", NULL, "a new, \"quoted\" comment",
              };

              if (!attest_store_import_change (store, &change, 0, &outcome, error))
                return FALSE;
            }
        }
    }
  return TRUE;
}

static void
test_generated_round_trip (Fixture       *f,
                           gconstpointer  data)
{
  xmlRelaxNGPtr schema = attest_schema ();
  Generator g = { .rand = g_rand_new_with_seed (20240502) };
  g_autoptr(GError) error = NULL;
  g_autofree char *xml = NULL;
  g_autoptr(GPtrArray) claims = NULL;

  attest_store_bulk_import (f->store, generate, &g, &error);
  g_assert_no_error (error);
  claims = attest_store_list_claims (f->store, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (claims->len, ==, 40 * 60);

  xml = assert_round_trip (f, "generated-copy.db");
  assert_valid (schema, xml, strlen (xml));
  g_assert_true (check_string (xml, &error));
  g_assert_no_error (error);

  g_rand_free (g.rand);
  xmlRelaxNGFree (schema);
}

/* The official TEI P5 schema, when the build was told where it is. It is
 * 1 MB of RELAX NG (about 6 s to compile), so one test validates both
 * kinds of root and the generated corpus. */
static void
test_tei_all (Fixture       *f,
              gconstpointer  data)
{
  const char *path = g_getenv ("ATTEST_TEI_SCHEMA");
  xmlRelaxNGPtr schema;
  Generator g = { .rand = g_rand_new_with_seed (7) };
  g_autoptr(GError) error = NULL;
  g_autofree char *corpus = NULL;
  g_autofree char *single = NULL;
  g_autofree char *generated = NULL;
  g_autofree char *generated_path = tmp_path (f, "generated.db");
  g_autoptr(AttestStore) generated_store = NULL;
  AttestClaimFilter filter = { .document = "1" };
  AttestClaimFilter only_accepted = { .status = "accepted" };
  g_autofree char *curated_path = tmp_path (f, "curated.db");
  g_autoptr(AttestStore) curated_store = NULL;
  g_autofree char *curated = NULL;
  g_autofree char *dataset = NULL;
  g_auto(Curated) c = { 0 };

  if (path == NULL || *path == '\0' || !g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_test_message ("tei_all.rng not found (meson option tei_schema: “%s”); "
                      "the export was validated against Attest's own schema only",
                      path ? path : "");
      g_test_skip ("tei_all.rng is not available");
      g_rand_free (g.rand);
      return;
    }

  annotate_rich (f->store);
  corpus = export_to_string (f->store, NULL, NULL);
  single = export_to_string (f->store, &filter, NULL);
  generated_store = open_store (generated_path);
  attest_store_bulk_import (generated_store, generate, &g, &error);
  g_assert_no_error (error);
  generated = export_to_string (generated_store, NULL, NULL);
  /* Agreement in the header, origins as pointers and as uuids. */
  curated_store = open_store (curated_path);
  annotate_curated (curated_store, &c);
  curated = export_to_string (curated_store, NULL, NULL);
  dataset = export_to_string (curated_store, &only_accepted, NULL);
  g_assert_nonnull (strstr (curated, "<interpGrp type=\"agreement\""));
  g_assert_nonnull (strstr (curated, "<ptr type=\"origin\""));
  g_assert_nonnull (strstr (dataset, "<idno type=\"origin\">"));

  schema = load_schema (NULL, path);
  assert_valid (schema, corpus, strlen (corpus));
  assert_valid (schema, single, strlen (single));
  assert_valid (schema, generated, strlen (generated));
  assert_valid (schema, curated, strlen (curated));
  assert_valid (schema, dataset, strlen (dataset));
  xmlRelaxNGFree (schema);
  g_rand_free (g.rand);
}

/* The same file twice, and the same article known under another uuid. */
static void
test_import_again (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *xml = NULL;
  g_autofree char *copy_path = tmp_path (f, "copy.db");
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(AttestStore) copy = NULL;
  g_autoptr(AttestDocument) own = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) claims = NULL;
  g_autoptr(GPtrArray) sources = NULL;
  g_autoptr(GPtrArray) docs = NULL;
  AttestImportCounts counts = { 0 };

  annotate_rich (f->store);
  xml = export_to_string (f->store, NULL, NULL);

  /* Into the database it came from: everything is there already. */
  before = db_dump (f->path);
  import_string (f->store, xml, -1, &counts, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (counts.documents_added, ==, 0);
  g_assert_cmpuint (counts.documents_existing, ==, 6);
  g_assert_cmpuint (counts.claims_added, ==, 0);
  g_assert_cmpuint (counts.claims_existing, ==, 42);
  g_assert_cmpuint (counts.changes_added, ==, 0);
  after = db_dump (f->path);
  g_assert_cmpstr (after, ==, before);

  /* A colleague imported the fourth sample on their own (another uuid,
   * other sources) and annotated it: the import adds the file's claims to
   * that document, matching the sources the scanner found by text. */
  copy = open_store (copy_path);
  g_assert_true (attest_store_set_annotator (copy, "Colleague", NULL));
  own = attest_test_import_sample (copy, attest_test_samples[3], NULL);
  g_clear_object (&own);
  own = attest_store_get_document (copy, "1", &error);
  g_assert_no_error (error);
  g_object_unref (claim (copy, own->uuid, 100, 120, "training", NULL, "Theirs."));
  import_string (copy, xml, -1, &counts, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (counts.documents_added, ==, 5);
  g_assert_cmpuint (counts.documents_existing, ==, 1);
  g_assert_cmpuint (counts.claims_added, ==, 42);

  docs = attest_store_list_documents (copy, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (docs->len, ==, 6);
  claims = attest_store_list_claims (copy, &(AttestClaimFilter) { .document = own->uuid }, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (claims->len, ==, 1 + 7);
  sources = attest_store_list_sources (copy, own->uuid, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sources->len, ==, 4);   /* the scanner's four, none added */
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/tei/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("samples-round-trip", test_samples_round_trip);
  ADD ("single-document", test_single_document);
  ADD ("filters", test_filters);
  ADD ("generated-round-trip", test_generated_round_trip);
  ADD ("tei-all", test_tei_all);
  ADD ("import-again", test_import_again);
#undef ADD

  return g_test_run ();
}
