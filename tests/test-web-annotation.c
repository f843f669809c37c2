/* test-web-annotation.c — W3C Web Annotation export and import
 * (attest-format-web-annotation.c): the exact JSON of a known claim, a
 * round trip into an empty database that gives the same file byte for
 * byte, code-point offsets after an astral character, the shapes other
 * tools write, and hostile files refused with nothing imported. */
#include "config.h"

#include <json-glib/json-glib.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "attest-error.h"
#include "attest-format-web-annotation.h"
#include "attest-source.h"
#include "attest-test-exchange.h"

typedef AttestTestExchange Fixture;

/* The comment on the samples' "regional operational group" claim, with
 * the characters this format must escape. */
#define GROUP_COMMENT "tab\there,\nnew line, \"quoted\" back\\slash"

static gboolean
import_text (AttestStore        *store,
             Fixture            *f,
             const char         *name,
             const char         *json,
             AttestImportCounts *counts,
             GError            **error)
{
  g_autofree char *path = attest_test_exchange_file (f, name);
  g_autoptr(GFile) file = g_file_new_for_path (path);

  attest_test_write_file (path, json, -1);
  return attest_web_annotation_import (store, file, counts, NULL, error);
}

static void
replace_all (GString    *s,
             const char *what,
             const char *by)
{
  g_assert_nonnull (strstr (s->str, what));
  g_string_replace (s, what, by, 0);
}

/* The one annotation of the file, its ids and times as placeholders. */
static char *
dup_only_annotation (const char  *path,
                     AttestClaim *claim)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) out = NULL;
  g_autofree char *data = NULL;
  JsonObject *root, *first;
  JsonArray *items;

  g_assert_true (json_parser_load_from_file (parser, path, &error));
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpint (json_object_get_int_member (root, "total"), ==, 1);
  first = json_object_get_object_member (root, "first");
  items = json_object_get_array_member (first, "items");
  g_assert_cmpuint (json_array_get_length (items), ==, 1);
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  json_generator_set_root (generator, json_array_get_element (items, 0));
  data = json_generator_to_data (generator, NULL);
  out = g_string_new (data);
  replace_all (out, claim->uuid, "CLAIM");
  replace_all (out, claim->document_uuid, "ARTICLE");
  replace_all (out, claim->created, "CREATED");
  if (!g_str_equal (claim->created, claim->modified))
    replace_all (out, claim->modified, "MODIFIED");
  else
    g_string_replace (out, "\"modified\" : \"CREATED\"", "\"modified\" : \"MODIFIED\"", 1);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static const char expected_group[] =
  "{\n"
  "  \"id\" : \"urn:uuid:CLAIM\",\n"
  "  \"type\" : \"Annotation\",\n"
  "  \"motivation\" : \"classifying\",\n"
  "  \"created\" : \"CREATED\",\n"
  "  \"modified\" : \"MODIFIED\",\n"
  "  \"creator\" : {\n"
  "    \"type\" : \"Person\",\n"
  "    \"name\" : \"Ana Analyst\"\n"
  "  },\n"
  "  \"attest:status\" : \"accepted\",\n"
  "  \"attest:certainty\" : \"high\",\n"
  "  \"body\" : [\n"
  "    {\n"
  "      \"type\" : \"TextualBody\",\n"
  "      \"purpose\" : \"classifying\",\n"
  "      \"value\" : \"Drug-control agency and counter-narcotics\",\n"
  "      \"attest:key\" : \"counter-narcotics\"\n"
  "    },\n"
  "    {\n"
  "      \"type\" : \"TextualBody\",\n"
  "      \"purpose\" : \"commenting\",\n"
  "      \"value\" : \"tab\\there,\\nnew line, \\\"quoted\\\" back\\\\slash\"\n"
  "    },\n"
  "    {\n"
  "      \"id\" : \"urn:uuid:REGNUM\",\n"
  "      \"type\" : \"TextualBody\",\n"
  "      \"purpose\" : \"identifying\",\n"
  "      \"value\" : \"Regnum, Moscow, November 30\",\n"
  "      \"attest:outside\" : false,\n"
  "      \"attest:outlet\" : \"Regnum\",\n"
  "      \"attest:place\" : \"Moscow\",\n"
  "      \"attest:date\" : \"November 30\",\n"
  "      \"attest:when\" : \"--11-30\"\n"
  "    }\n"
  "  ],\n"
  "  \"target\" : {\n"
  "    \"source\" : {\n"
  "      \"id\" : \"urn:uuid:ARTICLE\",\n"
  "      \"type\" : \"Text\",\n"
  "      \"format\" : \"text/plain\"\n"
  "    },\n"
  "    \"selector\" : [\n"
  "      {\n"
  "        \"type\" : \"TextQuoteSelector\",\n"
  "        \"exact\" : \"regional operational group\",\n"
  "        \"prefix\" : \"gnaled by the creation of a new \",\n"
  "        \"suffix\" : \" under Russian control and the u\"\n"
  "      },\n"
  "      {\n"
  "        \"type\" : \"TextPositionSelector\",\n"
  "        \"start\" : 831,\n"
  "        \"end\" : 857\n"
  "      }\n"
  "    ]\n"
  "  }\n"
  "}";

/* calls[0]: how many, calls[1]: the last total. */
static void
count_progress (guint    done,
                guint    total,
                gpointer user_data)
{
  guint *calls = user_data;

  g_assert_cmpuint (done, ==, calls[0] + 1);
  calls[0]++;
  calls[1] = total;
}

static AttestClaim *
only_claim (AttestStore *store,
            const char  *category)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) claims = attest_store_list_claims (store, &(AttestClaimFilter) { .category = category },
                                                          &error);

  g_assert_no_error (error);
  g_assert_cmpuint (claims->len, ==, 1);
  return g_object_ref (g_ptr_array_index (claims, 0));
}

static void
test_export_claim (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *path = attest_test_exchange_file (f, "one.jsonld");
  g_autofree char *annotation = NULL;
  g_autofree char *all = NULL;
  g_autoptr(AttestClaim) group = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  AttestExportCounts counts = { 0 };
  guint calls[2] = { 0, 0 };

  attest_test_exchange_annotate (f->store, GROUP_COMMENT, NULL);
  group = only_claim (f->store, "counter-narcotics");
  g_assert_true (attest_web_annotation_export (f->store, &(AttestClaimFilter) { .category = "counter-narcotics" },
                                               file, &counts, count_progress, calls, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (calls[0], ==, 5);
  g_assert_cmpuint (calls[1], ==, 5);
  g_assert_cmpuint (counts.documents, ==, 5);
  g_assert_cmpuint (counts.claims, ==, 1);

  annotation = attest_test_exchange_name_sources (f->store, dup_only_annotation (path, group));
  g_assert_cmpstr (annotation, ==, expected_group);

  /* The collection's head: the two contexts, every article's text once. */
  all = attest_test_read_file (path);
  g_assert_true (g_str_has_prefix (all, "{\n"
                                        "  \"@context\" : [\n"
                                        "    \"http://www.w3.org/ns/anno.jsonld\",\n"
                                        "    {\n"
                                        "      \"attest\" : \"https://attest.github.io/ns/web-annotation#\",\n"
                                        "      \"title\" : \"http://purl.org/dc/terms/title\"\n"
                                        "    }\n"
                                        "  ],\n"
                                        "  \"id\" : \"urn:uuid:"));
  g_assert_nonnull (strstr (all, "  \"type\" : \"AnnotationCollection\",\n"
                                 "  \"label\" : \"Claims exported from Attest\",\n"
                                 "  \"total\" : 1,\n"
                                 "  \"attest:articles\" : [\n"
                                 "    {\n"
                                 "      \"id\" : \"urn:uuid:"));
  {
    guint n = 0;

    for (const char *s = strstr (all, "\"attest:text\""); s; s = strstr (s + 1, "\"attest:text\""))
      n++;
    g_assert_cmpuint (n, ==, 5);
  }
  g_assert_true (g_str_has_suffix (all, "    ]\n  }\n}\n"));

  /* An empty database has nothing to export, and writes no file. */
  {
    g_autofree char *empty_db = attest_test_exchange_file (f, "empty.db");
    g_autofree char *none = attest_test_exchange_file (f, "none.jsonld");
    g_autoptr(AttestStore) empty = attest_test_exchange_open_store (empty_db);
    g_autoptr(GFile) none_file = g_file_new_for_path (none);

    g_assert_false (attest_web_annotation_export (empty, NULL, none_file, NULL, NULL, NULL, NULL, &error));
    g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_NOT_FOUND);
    g_assert_false (g_file_test (none, G_FILE_TEST_EXISTS));
  }
}

static gint
compare_lines (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* Claims as comparable lines, in document text and offset order. */
static char *
dup_claims (AttestStore *store)
{
  g_autoptr(GPtrArray) claims = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);

  claims = attest_store_list_claims (store, NULL, &error);
  g_assert_no_error (error);
  for (guint k = 0; k < claims->len; k++)
    {
      AttestClaim *c = g_ptr_array_index (claims, k);

      g_ptr_array_add (lines, g_strdup_printf ("%s %s %" G_GINT64_FORMAT " %" G_GINT64_FORMAT " %s %s %s %s %s %s %s “%s”",
                                               c->uuid, c->document_uuid, c->start, c->end, c->category,
                                               c->status, c->certainty ? c->certainty : "-",
                                               c->comment ? c->comment : "-", c->annotator, c->created,
                                               c->modified, c->quote));
    }
  g_ptr_array_sort (lines, compare_lines);
  for (guint i = 0; i < lines->len; i++)
    g_string_append_printf (out, "%s\n", (char *) g_ptr_array_index (lines, i));
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* Sources travel whole: two outside sources of one label stay two, with
 * their ids and addresses, beside the article's source; a second export
 * gives the same bytes. */
static gboolean
import_file (AttestStore *store,
             GFile       *file,
             GError     **error)
{
  return attest_web_annotation_import (store, file, NULL, NULL, error);
}

static void
test_round_trip_sources (Fixture       *f,
                         gconstpointer  data)
{
  attest_test_exchange_round_trip_sources (f, attest_web_annotation_export, import_file, ".jsonld");
}

static void
test_round_trip (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *first = attest_test_exchange_file (f, "first.jsonld");
  g_autofree char *second = attest_test_exchange_file (f, "second.jsonld");
  g_autofree char *copy_path = attest_test_exchange_file (f, "copy.db");
  g_autoptr(AttestStore) copy = attest_test_exchange_open_store (copy_path);
  g_autoptr(GFile) file = g_file_new_for_path (first);
  g_autoptr(GError) error = NULL;
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autofree char *claims_a = NULL;
  g_autofree char *claims_b = NULL;
  AttestImportCounts counts = { 0 };

  attest_test_exchange_annotate (f->store, GROUP_COMMENT, NULL);
  /* A second annotator's claim keeps its name. */
  g_assert_true (attest_store_set_annotator (f->store, "Boris Curator", NULL));
  {
    g_autoptr(GPtrArray) docs = attest_store_list_documents (f->store, &error);
    g_autoptr(AttestClaim) c = NULL;

    g_assert_no_error (error);
    c = attest_test_add_claim (f->store, ((AttestDocument *) g_ptr_array_index (docs, 2))->uuid, 0, 11,
                               "military-base");
    attest_test_edit_claim (f->store, c->uuid, "status", "rejected");
    attest_test_edit_claim (f->store, c->uuid, "certainty", "low");
  }
  attest_test_exchange_export (attest_web_annotation_export, f->store, first, NULL, NULL);

  g_assert_true (attest_web_annotation_import (copy, file, &counts, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (counts.documents_added, ==, 5);
  g_assert_cmpuint (counts.claims_added, ==, 4);
  attest_test_exchange_export (attest_web_annotation_export, copy, second, NULL, NULL);
  a = attest_test_read_file (first);
  b = attest_test_read_file (second);
  g_assert_cmpstr (a, ==, b);

  claims_a = dup_claims (f->store);
  claims_b = dup_claims (copy);
  g_assert_cmpstr (claims_a, ==, claims_b);

  /* Into the database it came from: nothing new. */
  memset (&counts, 0, sizeof counts);
  g_assert_true (attest_web_annotation_import (f->store, file, &counts, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (counts.documents_added, ==, 0);
  g_assert_cmpuint (counts.documents_existing, ==, 5);
  g_assert_cmpuint (counts.claims_added, ==, 0);
  g_assert_cmpuint (counts.claims_existing, ==, 4);
  g_assert_finalize_object (g_steal_pointer (&copy));
}

/* An emoji is one code point (two UTF-16 units, four bytes): the offsets
 * after it count it once, both ways. */
static void
test_astral (Fixture       *f,
             gconstpointer  data)
{
  static const char json[] =
    "{ \"@context\": \"http://www.w3.org/ns/anno.jsonld\", \"type\": \"AnnotationCollection\",\n"
    "  \"attest:articles\": [ { \"id\": \"urn:uuid:0b8c4f4e-3c1a-4c8e-9a55-1f0e0c2f5a01\", \"type\": \"Text\",\n"
    "    \"attest:text\": \"\xF0\x9F\x98\x80 Troops arrived in Dushanbe.\\n\" } ],\n"
    "  \"first\": { \"type\": \"AnnotationPage\", \"items\": [ {\n"
    "    \"type\": \"Annotation\",\n"
    "    \"body\": { \"type\": \"TextualBody\", \"purpose\": \"classifying\", \"value\": \"Troop deployment\" },\n"
    "    \"target\": { \"source\": \"urn:uuid:0b8c4f4e-3c1a-4c8e-9a55-1f0e0c2f5a01\",\n"
    "      \"selector\": { \"type\": \"TextPositionSelector\", \"start\": 20, \"end\": 28 } } } ] } }\n";
  g_autofree char *out = attest_test_exchange_file (f, "astral-out.jsonld");
  g_autofree char *written = NULL;
  g_autoptr(AttestClaim) c = NULL;
  g_autoptr(GError) error = NULL;
  AttestImportCounts counts = { 0 };

  g_assert_true (import_text (f->store, f, "astral.jsonld", json, &counts, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (counts.documents_added, ==, 1);
  g_assert_cmpuint (counts.claims_added, ==, 1);
  c = only_claim (f->store, "troop-deployment");
  g_assert_cmpint (c->start, ==, 20);
  g_assert_cmpint (c->end, ==, 28);
  g_assert_cmpstr (c->quote, ==, "Dushanbe");
  g_assert_cmpstr (c->document_uuid, ==, "0b8c4f4e-3c1a-4c8e-9a55-1f0e0c2f5a01");

  attest_test_exchange_export (attest_web_annotation_export, f->store, out, NULL, NULL);
  written = attest_test_read_file (out);
  g_assert_nonnull (strstr (written, "\"exact\" : \"Dushanbe\",\n"
                                     "              \"prefix\" : \"\xF0\x9F\x98\x80 Troops arrived in \",\n"
                                     "              \"suffix\" : \".\\n\"\n"));
  g_assert_nonnull (strstr (written, "\"start\" : 20,\n              \"end\" : 28\n"));
}

/* What other tools write: a bare array, a single annotation, a page;
 * sources as IRIs, selectors alone, bodies Attest does not know. */
static void
test_foreign (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(AttestDocument) d0 = attest_test_import_sample (f->store, attest_test_samples[0], NULL);
  g_autoptr(AttestDocument) d1 = attest_test_import_sample (f->store, attest_test_samples[1], NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestClaim) c = NULL;
  g_autofree char *array = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  AttestImportCounts counts = { 0 };
  gint64 at = attest_document_find (d0, "regional operational group", 0);

  g_assert_cmpint (at, ==, 831);
  /* A JSON array; the source an IRI whose last part is the article's
   * file; a tag and a highlight motivation; a body kind left aside. */
  array = g_strdup_printf (
    "[ { \"@context\": \"http://www.w3.org/ns/anno.jsonld\", \"id\": \"http://example.org/anno/1\",\n"
    "    \"type\": \"Annotation\", \"motivation\": \"highlighting\",\n"
    "    \"body\": [ { \"type\": \"TextualBody\", \"purpose\": \"tagging\", \"value\": \"Counter-narcotics\" },\n"
    "              { \"type\": \"Image\", \"id\": \"http://example.org/a.png\" },\n"
    "              { \"type\": \"TextualBody\", \"purpose\": \"replying\", \"value\": \"left aside\" } ],\n"
    "    \"target\": { \"source\": \"https://news.example.org/archive/%s\",\n"
    "      \"selector\": [ { \"type\": \"TextPositionSelector\", \"start\": 831, \"end\": 857 },\n"
    "                    { \"type\": \"CssSelector\", \"value\": \"#p3\" } ] } } ]\n",
    d0->origin);
  g_assert_true (import_text (f->store, f, "array.json", array, &counts, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (counts.documents_existing, ==, 1);
  g_assert_cmpuint (counts.claims_added, ==, 1);
  c = only_claim (f->store, "counter-narcotics");
  g_assert_cmpstr (c->document_uuid, ==, d0->uuid);
  g_assert_cmpint (c->start, ==, 831);
  g_clear_object (&c);

  /* A single annotation; its source unknown, its quote alone (in a
   * SpecificResource) found in one article; a new category from its label. */
  memset (&counts, 0, sizeof counts);
  g_assert_true (import_text (f->store, f, "single.jsonld",
    "{ \"@context\": \"http://www.w3.org/ns/anno.jsonld\", \"type\": \"Annotation\",\n"
    "  \"body\": { \"type\": \"TextualBody\", \"purpose\": \"classifying\", \"value\": \"Border incidents\" },\n"
    "  \"bodyValue\": \"seen twice\",\n"
    "  \"creator\": { \"type\": \"Person\", \"name\": \"Chen Reviewer\" },\n"
    "  \"created\": \"2015-10-13T13:00:00+02:00\",\n"
    "  \"target\": { \"type\": \"SpecificResource\", \"source\": \"http://elsewhere.example/x\",\n"
    "    \"selector\": { \"type\": \"TextQuoteSelector\", \"exact\": \"Interfax-Kazakhstan\" } } }\n",
    &counts, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (counts.categories_added, ==, 1);
  g_assert_cmpuint (counts.claims_added, ==, 1);
  c = only_claim (f->store, "border-incidents");
  g_assert_cmpstr (c->document_uuid, ==, d1->uuid);
  g_assert_cmpint (c->start, ==, attest_document_find (d1, "Interfax-Kazakhstan", 0));
  g_assert_cmpstr (c->annotator, ==, "Chen Reviewer");
  g_assert_cmpstr (c->created, ==, "2015-10-13T11:00:00Z");
  g_assert_cmpstr (c->comment, ==, "seen twice");
  g_clear_object (&c);

  /* A page, the article by its urn:uuid, the quote with prefix and suffix. */
  memset (&counts, 0, sizeof counts);
  {
    g_autofree char *page = g_strdup_printf (
      "{ \"type\": \"AnnotationPage\", \"items\": [ { \"type\": \"Annotation\",\n"
      "  \"body\": [ { \"purpose\": \"classifying\", \"value\": \"Debt deal\", \"attest:key\": \"debt-deal\" },\n"
      "            { \"type\": \"TextualBody\", \"purpose\": \"identifying\", \"value\": \"Regnum, Moscow, November 30\" },\n"
      "            { \"id\": \"http://example.org/bodies/7\", \"type\": \"TextualBody\", \"purpose\": \"identifying\",\n"
      "              \"value\": \"Regnum, Moscow, November 30\" } ],\n"
      "  \"target\": { \"source\": { \"id\": \"urn:uuid:%s\" },\n"
      "    \"selector\": { \"type\": \"TextQuoteSelector\", \"exact\": \"group\", \"prefix\": \"operational \",\n"
      "      \"suffix\": \" under\" } } } ] }\n",
      d0->uuid);

    g_assert_true (import_text (f->store, f, "page.jsonld", page, &counts, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (counts.claims_added, ==, 1);
    c = only_claim (f->store, "debt-deal");
    g_assert_cmpint (c->start, ==, 852);
    g_assert_cmpint (c->end, ==, 857);
    /* By label (another tool's body id is not a source's): the article's
     * own source, linked once. */
    g_assert_cmpuint (c->source_uuids->len, ==, 1);
    {
      g_autoptr(AttestSource) s = attest_store_get_source (f->store, g_ptr_array_index (c->source_uuids, 0), &error);

      g_assert_no_error (error);
      g_assert_cmpstr (s->document_uuid, ==, d0->uuid);
      g_assert_cmpstr (s->outlet, ==, "Regnum");
    }
    g_clear_object (&c);
  }

  /* Refused, nothing written: both selectors disagreeing, a quote found
   * twice, a quote nowhere, a page elsewhere. */
  before = dup_claims (f->store);
  {
    static const struct { const char *json; const char *says; } refused[] = {
      { "{ \"type\": \"Annotation\", \"id\": \"urn:x:1\", \"body\": { \"purpose\": \"classifying\", \"value\": \"Training\" },\n"
        "  \"target\": { \"source\": \"http://elsewhere.example/x\", \"selector\": [\n"
        "    { \"type\": \"TextQuoteSelector\", \"exact\": \"regional operational group\" },\n"
        "    { \"type\": \"TextPositionSelector\", \"start\": 830, \"end\": 856 } ] } }",
        "refused.json, annotation 1 (urn:x:1): the TextQuoteSelector does not match the text at the "
        "TextPositionSelector's place" },
      { "[ { \"type\": \"Annotation\", \"body\": { \"purpose\": \"classifying\", \"value\": \"Training\" },\n"
        "  \"target\": { \"source\": \"http://elsewhere.example/x\", \"selector\":\n"
        "    { \"type\": \"TextQuoteSelector\", \"exact\": \"Interfax-Kazakhstan\" } } },\n"
        "  { \"type\": \"Annotation\", \"body\": { \"purpose\": \"classifying\", \"value\": \"Training\" },\n"
        "  \"target\": { \"source\": \"http://elsewhere.example/x\", \"selector\":\n"
        "    { \"type\": \"TextQuoteSelector\", \"exact\": \"Russia\" } } } ]",
        "refused.json, annotation 2: the quoted text is in the database's articles more than once; "
        "a prefix and suffix must tell which" },
      { "{ \"type\": \"Annotation\", \"body\": { \"purpose\": \"classifying\", \"value\": \"Training\" },\n"
        "  \"target\": { \"source\": \"http://elsewhere.example/x\", \"selector\":\n"
        "    { \"type\": \"TextQuoteSelector\", \"exact\": \"Kyiv\", \"suffix\": \"!\" } } }",
        "refused.json, annotation 1: the quoted text is in none of the database's articles" },
      { "[ { \"id\": \"urn:uuid:0B8C4F4E-3C1A-4C8E-9A55-1F0E0C2F5A09\", \"type\": \"Annotation\",\n"
        "    \"body\": { \"purpose\": \"classifying\", \"value\": \"Training\" },\n"
        "    \"target\": { \"source\": \"http://elsewhere.example/x\", \"selector\":\n"
        "      { \"type\": \"TextQuoteSelector\", \"exact\": \"Interfax-Kazakhstan\" } } },\n"
        "  { \"id\": \"urn:uuid:0b8c4f4e-3c1a-4c8e-9a55-1f0e0c2f5a09\", \"type\": \"Annotation\",\n"
        "    \"body\": { \"purpose\": \"classifying\", \"value\": \"Training\" },\n"
        "    \"target\": { \"source\": \"http://elsewhere.example/x\", \"selector\":\n"
        "      { \"type\": \"TextQuoteSelector\", \"exact\": \"regional operational group\", \"suffix\": \" under\" } } } ]",
        "refused.json, annotation 2 (urn:uuid:0b8c4f4e-3c1a-4c8e-9a55-1f0e0c2f5a09): annotation 1 has the same id" },
      /* What the file says is shown short, without control characters. */
      { "{ \"type\": \"Annotation\", \"id\": \"urn:x:\\u001b[2J"
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\" }",
        "refused.json, annotation 1 (urn:x:\\x1b[2Jaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa…): "
        "the annotation has no target with a selector" },
      { "{ \"type\": \"AnnotationCollection\", \"first\": \"http://example.org/page1\" }",
        "refused.json: the collection's first page is not in the file; only pages embedded in it are read" },
      { "{ \"type\": \"Annotation\", \"body\": { \"purpose\": \"classifying\", \"value\": \"***\" },\n"
        "  \"target\": { \"source\": \"http://elsewhere.example/x\", \"selector\":\n"
        "    { \"type\": \"TextQuoteSelector\", \"exact\": \"Interfax-Kazakhstan\" } } }",
        "refused.json, annotation 1: the category “***” cannot be a category key (letters, digits and "
        "hyphens, starting with a letter)" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
      {
        g_autoptr(GError) local = NULL;

        g_assert_false (import_text (f->store, f, "refused.json", refused[i].json, NULL, &local));
        g_assert_error (local, ATTEST_ERROR, ATTEST_ERROR_FORMAT);
        g_assert_cmpstr (local->message, ==, refused[i].says);
      }
  }
  after = dup_claims (f->store);
  g_assert_cmpstr (before, ==, after);
}

/* Hostile files: each refused with its message, nothing imported. */
static void
test_hostile (Fixture       *f,
              gconstpointer  data)
{
  static const char head[] =
    "{ \"type\": \"AnnotationCollection\", \"attest:articles\": [ { \"id\": \"urn:a\", \"attest:text\": "
    "\"Troops arrived in Dushanbe.\\n\" } ],\n  \"first\": { \"type\": \"AnnotationPage\", \"items\": [ {\n"
    "  \"type\": \"Annotation\", \"body\": { \"purpose\": \"classifying\", \"value\": \"Training\" },\n";
  g_autoptr(GString) deep = g_string_new (NULL);
  g_autoptr(GString) many = g_string_new (NULL);
  g_autoptr(GString) strings = g_string_new ("[\"");
  g_autoptr(GString) ones = g_string_new (NULL);
  g_autofree char *past = g_strconcat (head, "  \"target\": { \"source\": \"urn:a\", \"selector\": "
                                       "{ \"type\": \"TextPositionSelector\", \"start\": 18, \"end\": 99 } } } ] } }", NULL);
  g_autofree char *quote = g_strconcat (head, "  \"target\": { \"source\": \"urn:a\", \"selector\": [ "
                                        "{ \"type\": \"TextPositionSelector\", \"start\": 0, \"end\": 6 },"
                                        "{ \"type\": \"TextQuoteSelector\", \"exact\": \"Tanks!\" } ] } } ] } }", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  for (guint i = 0; i < 1000000; i++)
    g_string_append_c (deep, '[');
  /* Flat, but too many objects for the tree the parser would build. */
  g_string_append_c (many, '[');
  for (guint i = 0; i <= ATTEST_WEB_ANNOTATION_MAX_VALUES; i++)
    g_string_append (many, "{},");
  g_string_append (many, "{}]");
  g_string_append (ones, "[1");
  for (guint i = 0; i < ATTEST_WEB_ANNOTATION_MAX_VALUES; i++)
    g_string_append (ones, ",1");
  g_string_append_c (ones, ']');
  /* Brackets inside strings are text, not nesting. */
  for (guint i = 0; i < 100; i++)
    g_string_append (strings, "[{");
  g_string_append (strings, "\"]");

  attest_test_exchange_annotate (f->store, GROUP_COMMENT, NULL);
  before = dup_claims (f->store);
  {
    const struct { const char *json; gssize len; const char *says; } cases[] = {
      { deep->str, deep->len, "deep.json:1:65: arrays and objects are nested more than 64 deep" },
      /* The array, then 7,999,999 objects: the next one is at 1 + 3 × 7,999,999. */
      { many->str, many->len, "deep.json:1:23999999: more than 8000000 values (strings, numbers, arrays, objects…)" },
      { past, -1, "deep.json, annotation 1: the position 18–99 is past the end of the text (28 characters)" },
      { quote, -1, "deep.json, annotation 1: the TextQuoteSelector does not match the text at the "
                   "TextPositionSelector's place" },
      { "\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16, "deep.json:1:1: the file is not UTF-8 text" },
      { "[\n\"Tro\x81ps\"]", -1, "deep.json:2:5: the file is not UTF-8 text" },
      { "[\n\"Troops\",\0]", 13, "deep.json:2:10: the file holds a NUL byte; it is not JSON text" },
      { "{ \"type\": \"Annotation\",\n \"target\": { \"source\": ", -1,
        "deep.json:2:24: the file ends before its JSON value does" },
      { strings->str, strings->len, "deep.json: item 1 is not an annotation" },
      /* json-glib cut strings at an escaped NUL: "Ana\u0000Evil" was "Ana". */
      { "{ \"type\": \"Annotation\", \"creator\": { \"type\": \"Person\", \"name\": \"Ana\\u0000Evil\" } }", -1,
        "deep.json:1:68: a string holds the escape \\u0000 (a NUL character), which Attest cannot keep" },
      /* An escaped backslash before "u0000" is no escape of a NUL. */
      { "[ \"C:\\\\u0000\", 1 ]", -1, "deep.json: item 1 is not an annotation" },
      /* json-glib read the first of two values and ignored the second. */
      { "{ \"type\": \"Annotation\" }\n{ \"type\": \"Annotation\" }", -1,
        "deep.json:2:1: more follows the end of the JSON value; a file holds one value" },
      /* and kept the last of a repeated member. */
      { "{ \"type\": \"Annotation\", \"attest:status\": \"rejected\",\n  \"attest:status\": \"accepted\" }", -1,
        "deep.json:2:3: the member “attest:status” appears twice in one object" },
      /* and skipped comments. */
      { "/* \" */ [ ]", -1, "deep.json:1:1: a comment; JSON has none" },
      /* Scalars count: a flat array of ones took 40 bytes each in the tree. */
      { ones->str, ones->len, "deep.json:1:16000000: more than 8000000 values (strings, numbers, arrays, objects…)" },
      { "", 0, "deep.json: the file is empty" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
      {
        g_autofree char *path = attest_test_exchange_file (f, "deep.json");
        g_autoptr(GFile) file = g_file_new_for_path (path);
        g_autoptr(GError) error = NULL;
        gsize len = cases[i].len < 0 ? strlen (cases[i].json) : (gsize) cases[i].len;

        attest_test_write_file (path, cases[i].json, len);
        g_assert_false (attest_web_annotation_import (f->store, file, NULL, NULL, &error));
        g_assert_nonnull (error);
        g_test_message ("%s", error->message);
        g_assert_cmpstr (error->message, ==, cases[i].says);
        /* Without a database, the same. */
        g_clear_error (&error);
        g_assert_false (attest_web_annotation_check (cases[i].json, len, "deep.json", &error));
        g_assert_nonnull (error);
      }
  }
  after = dup_claims (f->store);
  g_assert_cmpstr (before, ==, after);
}

/* Over the size limit: a sparse file, refused from its size before it
 * is read. */
static void
test_huge (Fixture       *f,
           gconstpointer  data)
{
  g_autofree char *path = attest_test_exchange_file (f, "huge.jsonld");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  FILE *out = fopen (path, "w");
  gint64 started = g_get_monotonic_time ();

  g_assert_nonnull (out);
  g_assert_cmpint (ftruncate (fileno (out), ATTEST_WEB_ANNOTATION_MAX_BYTES + 1), ==, 0);
  fclose (out);
  g_assert_false (attest_web_annotation_import (f->store, file, NULL, NULL, &error));
  g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_TOO_LARGE);
  g_assert_cmpstr (error->message, ==, "huge.jsonld: 268435457 bytes, larger than the 268435456 a Web Annotation "
                                       "file may have");
  g_assert_cmpint (g_get_monotonic_time () - started, <, 5 * G_USEC_PER_SEC);
}

/* An export of several MiB is written whole (json_generator_to_stream()
 * made one write() and cut it at 256 KiB), parses, and comes back. */
static void
test_large_export (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GString) json = g_string_new (NULL);
  g_autofree char *first = attest_test_exchange_file (f, "large-first.jsonld");
  g_autofree char *second = attest_test_exchange_file (f, "large-second.jsonld");
  g_autofree char *copy_path = attest_test_exchange_file (f, "large-copy.db");
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autoptr(AttestStore) copy = attest_test_exchange_open_store (copy_path);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GFile) file = g_file_new_for_path (first);
  g_autoptr(GError) error = NULL;
  AttestImportCounts counts = { 0 };
  JsonObject *root, *article;
  gsize length = 0;

  for (guint i = 0; i < 40000; i++)
    g_string_append_printf (text, "Troops arrived in Dushanbe on day %05u.\n", i);
  g_assert_cmpuint (text->len, ==, 40000 * 41);
  g_string_append (json, "{ \"type\": \"AnnotationCollection\", \"attest:articles\": [ { \"id\": "
                         "\"urn:uuid:0b8c4f4e-3c1a-4c8e-9a55-1f0e0c2f5a02\", \"attest:text\": \"");
  {
    g_autofree char *escaped = g_strescape (text->str, NULL);
    g_string_append (json, escaped);
  }
  g_string_append (json, "\" } ],\n  \"first\": { \"type\": \"AnnotationPage\", \"items\": [ {\n"
                         "  \"type\": \"Annotation\", \"body\": { \"purpose\": \"classifying\", \"value\": \"Training\" },\n"
                         "  \"target\": { \"source\": \"urn:uuid:0b8c4f4e-3c1a-4c8e-9a55-1f0e0c2f5a02\", \"selector\": "
                         "{ \"type\": \"TextPositionSelector\", \"start\": 1639993, \"end\": 1639998 } } } ] } }\n");
  g_assert_true (import_text (f->store, f, "large.jsonld", json->str, &counts, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (counts.claims_added, ==, 1);

  attest_test_exchange_export (attest_web_annotation_export, f->store, first, NULL, NULL);
  a = attest_test_read_file (first);
  length = strlen (a);
  g_assert_cmpuint (length, >, 1024 * 1024);
  g_assert_true (g_str_has_suffix (a, "    ]\n  }\n}\n"));
  g_assert_true (json_parser_load_from_data (parser, a, length, &error));
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpint (json_object_get_int_member (root, "total"), ==, 1);
  article = json_array_get_object_element (json_object_get_array_member (root, "attest:articles"), 0);
  g_assert_cmpstr (json_object_get_string_member (article, "attest:text"), ==, text->str);

  g_assert_true (attest_web_annotation_import (copy, file, &counts, NULL, &error));
  g_assert_no_error (error);
  attest_test_exchange_export (attest_web_annotation_export, copy, second, NULL, NULL);
  b = attest_test_read_file (second);
  g_assert_cmpstr (a, ==, b);
  {
    g_autoptr(AttestClaim) c = only_claim (copy, "training");

    g_assert_cmpstr (c->quote, ==, "39999");
  }
  g_assert_finalize_object (g_steal_pointer (&copy));
}

/* One annotation, valid but for what is added to it; a collection of two articles with one id. */
#define ONE(extra, body, selector) \
  "{ \"type\": \"Annotation\", \"id\": \"http://example.org/anno/1\"" extra ",\n" \
  "  \"body\": [ { \"type\": \"TextualBody\", \"purpose\": \"classifying\", \"value\": \"Training\" }" body " ],\n" \
  "  \"target\": { \"source\": \"http://elsewhere.example/x\", \"selector\": [\n" \
  "    { \"type\": \"TextQuoteSelector\", \"exact\": \"Interfax-Kazakhstan\" }" selector " ] } }"
#define ARTICLES(first, second) \
  "{ \"type\": \"AnnotationCollection\", \"attest:articles\": [\n" \
  "  { \"id\": \"urn:uuid:77777777-7777-4777-8777-777777777777\", \"type\": \"Text\", " first " },\n" \
  "  { \"id\": \"urn:uuid:77777777-7777-4777-8777-777777777777\", \"type\": \"Text\", " second " } ] }"

/* What a file says twice, or in a way Attest cannot keep, is refused with
 * the place named, never half kept. */
static void
test_conflicts (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(AttestDocument) d0 = attest_test_import_sample (f->store, attest_test_samples[0], NULL);
  g_autoptr(AttestDocument) d1 = attest_test_import_sample (f->store, attest_test_samples[1], NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(GPtrArray) docs_before = NULL;
  g_autoptr(GPtrArray) docs_after = NULL;
  static const struct { const char *json; const char *says; } refused[] = {
    /* Any id, not only a urn:uuid, once. */
    { "[ " ONE ("", "", "") ",\n" ONE ("", "", "") " ]",
      "refused.json, annotation 2 (http://example.org/anno/1): annotation 1 has the same id" },
    { ONE ("", ", { \"type\": \"TextualBody\", \"purpose\": \"classifying\", \"value\": \"Debt deal\" }", ""),
      "refused.json, annotation 1 (http://example.org/anno/1): the annotation has more than one category "
      "(bodies with the purpose classifying); a claim has one" },
    { ONE (", \"creator\": [ { \"type\": \"Person\", \"name\": \"Dan\" }, { \"type\": \"Person\", \"name\": \"Eve\" } ]",
           "", ""),
      "refused.json, annotation 1 (http://example.org/anno/1): the annotation has more than one creator; "
      "a claim has one annotator" },
    { ONE ("", "", ", { \"type\": \"TextQuoteSelector\", \"exact\": \"Kazakhstan\" }"),
      "refused.json, annotation 1 (http://example.org/anno/1): the target has two different TextQuoteSelectors; "
      "a claim has one span" },
    { ONE ("", "", ", { \"type\": \"TextPositionSelector\", \"start\": 0, \"end\": 4 },"
                   "{ \"type\": \"TextPositionSelector\", \"start\": 5, \"end\": 8 }"),
      "refused.json, annotation 1 (http://example.org/anno/1): the target has two different "
      "TextPositionSelectors; a claim has one span" },
    { ARTICLES ("\"attest:text\": \"Text one troops.\"", "\"attest:text\": \"Text two, something else.\""),
      "refused.json, article 2: another article of the file has the id "
      "urn:uuid:77777777-7777-4777-8777-777777777777 and a different text" },
    { ARTICLES ("\"title\": \"Two\\nlines\", \"attest:text\": \"Text one troops.\"", "\"attest:text\": \"Text one troops.\""),
      "refused.json, article 1: the title holds a line break or control character (U+000A)" },
    { ARTICLES ("\"attest:origin\": \"a\\u001b[2Jb.txt\", \"attest:text\": \"Text one troops.\"",
                "\"attest:text\": \"Text one troops.\""),
      "refused.json, article 1: “attest:origin” holds a line break or control character (U+001B)" },
    { ARTICLES ("\"attest:imported\": \"not a date\", \"attest:text\": \"Text one troops.\"",
                "\"attest:text\": \"Text one troops.\""),
      "refused.json, article 1: “attest:imported” is not a date and time with its time zone (ISO 8601)" },
    { ARTICLES ("\"attest:imported\": \"2015-10-13T13:00:00\", \"attest:text\": \"Text one troops.\"",
                "\"attest:text\": \"Text one troops.\""),
      "refused.json, article 1: “attest:imported” is not a date and time with its time zone (ISO 8601)" },
  };

  g_assert_cmpint (attest_document_find (d1, "Interfax-Kazakhstan", 0), >=, 0);
  before = dup_claims (f->store);
  docs_before = attest_store_list_documents (f->store, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(GError) local = NULL;

      g_test_message ("%u: %s", i, refused[i].says);
      g_assert_false (import_text (f->store, f, "refused.json", refused[i].json, NULL, &local));
      g_assert_error (local, ATTEST_ERROR, ATTEST_ERROR_FORMAT);
      g_assert_cmpstr (local->message, ==, refused[i].says);
    }
  after = dup_claims (f->store);
  g_assert_cmpstr (before, ==, after);
  docs_after = attest_store_list_documents (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (docs_after->len, ==, docs_before->len);

  /* The same id and text twice is one article; a time with its zone is
   * kept in UTC. */
  {
    AttestImportCounts counts = { 0 };
    g_autoptr(AttestDocument) doc = NULL;

    g_assert_true (import_text (f->store, f, "same.json",
                                ARTICLES ("\"attest:origin\": \"same.txt\", \"attest:imported\": \"2015-10-13T13:00:00+02:00\", "
                                          "\"attest:text\": \"Text one troops.\"",
                                          "\"attest:text\": \"Text one troops.\""), &counts, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (counts.documents_added, ==, 1);
    doc = attest_store_get_document (f->store, "77777777-7777-4777-8777-777777777777", &error);
    g_assert_no_error (error);
    g_assert_cmpstr (doc->imported, ==, "2015-10-13T11:00:00Z");
    g_assert_cmpstr (doc->origin, ==, "same.txt");
  }
  /* Two articles of one file name: a source IRI ending in it is ambiguous. */
  {
    AttestImportCounts counts = { 0 };
    g_autoptr(GError) local = NULL;

    g_assert_true (import_text (f->store, f, "other.json",
                                "{ \"type\": \"AnnotationCollection\", \"attest:articles\": [\n"
                                "  { \"id\": \"urn:uuid:88888888-8888-4888-8888-888888888888\", "
                                "\"attest:origin\": \"same.txt\", \"attest:text\": \"Text two troops.\" } ] }",
                                &counts, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (counts.documents_added, ==, 1);
    g_assert_false (import_text (f->store, f, "refused.json",
                                 "{ \"type\": \"Annotation\", \"body\": { \"purpose\": \"classifying\", \"value\": \"Training\" },\n"
                                 "  \"target\": { \"source\": \"https://news.example.org/same.txt\", \"selector\":\n"
                                 "    { \"type\": \"TextQuoteSelector\", \"exact\": \"troops\" } } }", NULL, &local));
    g_assert_error (local, ATTEST_ERROR, ATTEST_ERROR_FORMAT);
    g_assert_cmpstr (local->message, ==, "refused.json, annotation 1: its source is ambiguous: the file name "
                                         "“same.txt” is that of 2 articles of the database");
  }
}
#undef ONE
#undef ARTICLES

static void
test_cli (Fixture       *f,
          gconstpointer  data)
{
  g_autofree char *out = attest_test_exchange_file (f, "cli.jsonld");
  g_autofree char *copy = attest_test_exchange_file (f, "cli-copy.db");

  attest_test_exchange_annotate (f->store, GROUP_COMMENT, NULL);
  g_assert_finalize_object (g_steal_pointer (&f->store));
  {
    g_auto(AttestTestRun) r = attest_test_cli (f->path, "export", "web-annotation", "-o", out, "--status", "accepted",
                                               NULL);
    g_autofree char *says = g_strdup_printf ("Exported 5 documents to %s; 1 claim.\n", out);

    g_assert_cmpint (r.status, ==, 0);
    g_assert_cmpstr (r.out, ==, says);
  }
  {
    g_auto(AttestTestRun) r = attest_test_cli (copy, "import-web-annotation", out, NULL);

    g_assert_cmpint (r.status, ==, 0);
    g_assert_nonnull (strstr (r.out, "5 documents imported, 1 claim"));
  }
}

static void
add_category (AttestStore *store,
              const char  *key,
              const char  *label,
              const char  *description,
              const char  *parent)
{
  g_autoptr(AttestCategory) c = attest_category_new ();
  g_autoptr(GError) error = NULL;

  c->key = g_strdup (key);
  c->label = g_strdup (label);
  c->description = g_strdup (description);
  c->color = g_strdup ("#4477aa");
  c->parent_key = g_strdup (parent);
  c->shortcut = -1;
  attest_store_add_category (store, c, &error);
  g_assert_no_error (error);
}

static void
retire_category (AttestStore *store,
                 const char  *key)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestCategory) c = attest_store_get_category (store, key, &error);

  g_assert_no_error (error);
  c->retired = TRUE;
  g_assert_true (attest_store_update_category (store, c, &error));
  g_assert_no_error (error);
}

/* The taxonomy in its order, one line a category: what travels. */
static char *
dup_taxonomy (AttestStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) taxonomy = attest_store_list_categories (store, TRUE, &error);
  g_autoptr(GString) out = g_string_new (NULL);

  g_assert_no_error (error);
  for (guint i = 0; i < taxonomy->len; i++)
    {
      AttestCategory *c = g_ptr_array_index (taxonomy, i);

      g_string_append_printf (out, "%s|%s|%s|%s|%s\n", c->key, c->label,
                              c->description ? c->description : "-", c->parent_key ? c->parent_key : "-",
                              c->retired ? "retired" : "live");
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* attest:categories carries the claims' categories and their parents,
 * parent first: into an empty database a nested category comes back under
 * its parent (one no claim uses), with its description, and a retired one
 * retired with its claim; a second export gives the same bytes. A claim
 * into a category retired in the database is refused; a bad entry is
 * refused with its place named. */
static void
test_category_details (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *first = attest_test_exchange_file (f, "first.jsonld");
  g_autofree char *second = attest_test_exchange_file (f, "second.jsonld");
  g_autofree char *copy_path = attest_test_exchange_file (f, "copy.db");
  g_autoptr(AttestStore) copy = attest_test_exchange_open_store (copy_path);
  g_autoptr(GFile) file = g_file_new_for_path (first);
  g_autoptr(AttestClaim) group = NULL;
  g_autoptr(AttestClaim) fire = NULL;
  g_autoptr(AttestClaim) old = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autofree char *taxonomy_a = NULL;
  g_autofree char *taxonomy_b = NULL;
  g_autofree char *claims_a = NULL;
  g_autofree char *claims_b = NULL;
  AttestImportCounts counts = { 0 };
  static const struct { const char *json; const char *says; } refused[] = {
    { "{ \"type\": \"AnnotationCollection\", \"attest:categories\": { \"attest:key\": \"x\" } }",
      "bad.jsonld: the collection's attest:categories is not a list of categories" },
    { "{ \"type\": \"AnnotationCollection\", \"attest:categories\": [ { \"attest:key\": \"Not a key\" } ] }",
      "bad.jsonld, category 1: the category “Not a key” cannot be a category key (letters, digits and hyphens, "
      "starting with a letter)" },
    { "{ \"type\": \"AnnotationCollection\", \"attest:categories\": [ { \"attest:key\": \"a\" }, "
      "{ \"attest:key\": \"a\" } ] }",
      "bad.jsonld, category 2: the category a is listed twice" },
    { "{ \"type\": \"AnnotationCollection\", \"attest:categories\": [ { \"attest:key\": \"a\", "
      "\"attest:retired\": \"yes\" } ] }",
      "bad.jsonld, category 1: its attest:retired is not true or false" },
    { "{ \"type\": \"AnnotationCollection\", \"attest:categories\": [ { \"attest:key\": \"a\", "
      "\"attest:parent\": 7 } ] }",
      "bad.jsonld, category 1: its attest:parent is not text" },
  };

  attest_test_exchange_annotate (f->store, GROUP_COMMENT, &group);
  add_category (f->store, "staff-drills", "Staff drills", "Drills, courses and <live> practice.", NULL);
  add_category (f->store, "live-fire", "Live fire", NULL, "staff-drills");
  add_category (f->store, "old-term", "Old term", "No longer in use.", NULL);
  fire = attest_test_add_claim (f->store, group->document_uuid, 831, 857, "live-fire");
  old = attest_test_add_claim (f->store, group->document_uuid, 0, 11, "old-term");
  retire_category (f->store, "old-term");
  attest_test_exchange_export (attest_web_annotation_export, f->store, first, NULL, NULL);
  a = attest_test_read_file (first);
  g_assert_nonnull (strstr (a, "    {\n"
                               "      \"type\" : \"TextualBody\",\n"
                               "      \"purpose\" : \"classifying\",\n"
                               "      \"value\" : \"Staff drills\",\n"
                               "      \"attest:key\" : \"staff-drills\",\n"
                               "      \"attest:description\" : \"Drills, courses and <live> practice.\"\n"
                               "    },\n"
                               "    {\n"
                               "      \"type\" : \"TextualBody\",\n"
                               "      \"purpose\" : \"classifying\",\n"
                               "      \"value\" : \"Live fire\",\n"
                               "      \"attest:key\" : \"live-fire\",\n"
                               "      \"attest:parent\" : \"staff-drills\"\n"
                               "    },\n"
                               "    {\n"
                               "      \"type\" : \"TextualBody\",\n"
                               "      \"purpose\" : \"classifying\",\n"
                               "      \"value\" : \"Old term\",\n"
                               "      \"attest:key\" : \"old-term\",\n"
                               "      \"attest:description\" : \"No longer in use.\",\n"
                               "      \"attest:retired\" : true\n"
                               "    }\n"
                               "  ],\n"
                               "  \"first\" : {\n"));

  g_assert_true (attest_web_annotation_import (copy, file, &counts, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (counts.categories_added, ==, 3);
  g_assert_cmpuint (counts.claims_added, ==, 5);
  attest_test_exchange_export (attest_web_annotation_export, copy, second, NULL, NULL);
  b = attest_test_read_file (second);
  g_assert_cmpstr (a, ==, b);
  taxonomy_a = dup_taxonomy (f->store);
  taxonomy_b = dup_taxonomy (copy);
  g_assert_cmpstr (taxonomy_a, ==, taxonomy_b);
  g_assert_true (g_str_has_suffix (taxonomy_b,
                                   "staff-drills|Staff drills|Drills, courses and <live> practice.|-|live\n"
                                   "live-fire|Live fire|-|staff-drills|live\n"
                                   "old-term|Old term|No longer in use.|-|retired\n"));
  claims_a = dup_claims (f->store);
  claims_b = dup_claims (copy);
  g_assert_cmpstr (claims_a, ==, claims_b);

  /* New claims (another annotator's), one into the category retired in
   * the copy: refused, nothing written. */
  {
    g_autoptr(GString) again = g_string_new (a);
    g_autofree char *creator = g_strdup_printf ("\"name\" : \"%s\"", old->annotator);

    replace_all (again, old->uuid, "0b8c4f4e-3c1a-4c8e-9a55-1f0e0c2f5a99");
    replace_all (again, creator, "\"name\" : \"Zed Other\"");
    g_assert_false (import_text (copy, f, "again.jsonld", again->str, NULL, &error));
    g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_FORMAT);
    {
      g_autofree char *says = g_strdup_printf ("again.jsonld (urn:uuid:%s), annotation 1 "
                                               "(urn:uuid:0b8c4f4e-3c1a-4c8e-9a55-1f0e0c2f5a99): the category "
                                               "old-term is retired; restore it to import claims into it",
                                               group->document_uuid);

      g_assert_cmpstr (error->message, ==, says);
    }
    g_clear_error (&error);
  }
  g_clear_pointer (&claims_b, g_free);
  claims_b = dup_claims (copy);
  g_assert_cmpstr (claims_a, ==, claims_b);
  g_assert_finalize_object (g_steal_pointer (&copy));

  /* The same file as written before attest:categories: it imports as
   * then, a new category top-level and live. */
  {
    g_autofree char *older_path = attest_test_exchange_file (f, "older.db");
    g_autoptr(AttestStore) older = attest_test_exchange_open_store (older_path);
    g_autoptr(JsonParser) parser = json_parser_new ();
    g_autoptr(JsonGenerator) generator = json_generator_new ();
    g_autoptr(AttestCategory) fire_back = NULL;
    g_autoptr(AttestCategory) old_back = NULL;
    g_autofree char *text = NULL;

    g_assert_true (json_parser_load_from_data (parser, a, -1, &error));
    g_assert_no_error (error);
    json_object_remove_member (json_node_get_object (json_parser_get_root (parser)), "attest:categories");
    json_generator_set_root (generator, json_parser_get_root (parser));
    text = json_generator_to_data (generator, NULL);
    g_assert_null (strstr (text, "attest:parent"));
    memset (&counts, 0, sizeof counts);
    g_assert_true (import_text (older, f, "older.jsonld", text, &counts, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (counts.categories_added, ==, 2);
    g_assert_cmpuint (counts.claims_added, ==, 5);
    fire_back = attest_store_get_category (older, "live-fire", &error);
    g_assert_no_error (error);
    g_assert_null (fire_back->parent_key);
    g_assert_false (fire_back->retired);
    old_back = attest_store_get_category (older, "old-term", &error);
    g_assert_no_error (error);
    g_assert_false (old_back->retired);
    g_assert_null (old_back->description);
    g_assert_finalize_object (g_steal_pointer (&older));
  }

  /* A parent neither the file nor the database has: the editor's rule. */
  g_assert_false (import_text (f->store, f, "orphan.jsonld",
                               "{ \"type\": \"AnnotationCollection\", \"attest:categories\": [ { \"attest:key\": "
                               "\"orphan\", \"value\": \"Orphan\", \"attest:parent\": \"nowhere\" } ],\n"
                               " \"first\": { \"type\": \"AnnotationPage\", \"items\": [] },\n"
                               " \"attest:articles\": [ { \"id\": \"urn:uuid:77777777-7777-4777-8777-777777777777\", "
                               "\"attest:text\": \"Text one troops.\" } ] }", NULL, &error));
  g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_FORMAT);
  g_assert_cmpstr (error->message, ==, "orphan.jsonld, category 1: No category “nowhere” to be the parent of “orphan”");
  g_clear_error (&error);
  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_test_message ("%u: %s", i, refused[i].says);
      g_assert_false (import_text (f->store, f, "bad.jsonld", refused[i].json, NULL, &error));
      g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_FORMAT);
      g_assert_cmpstr (error->message, ==, refused[i].says);
      g_clear_error (&error);
    }
  g_clear_pointer (&taxonomy_b, g_free);
  taxonomy_b = dup_taxonomy (f->store);
  g_assert_cmpstr (taxonomy_a, ==, taxonomy_b);
}

/* A database written before addresses were checked, holding a source at
 * `javascript:…`, still opens and exports as it is; importing that export
 * (a new write) is refused with the rule's message, nothing written. */
static void
test_old_bad_url (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *out = attest_test_exchange_file (f, "old.jsonld");
  g_autofree char *copy_path = attest_test_exchange_file (f, "copy.db");
  g_autofree char *json = NULL;
  g_autofree char *says = NULL;
  g_autoptr(AttestStore) copy = NULL;
  g_autoptr(AttestClaim) group = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (out);
  g_autoptr(GPtrArray) docs = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3 *db = NULL;

  attest_test_exchange_annotate (f->store, GROUP_COMMENT, &group);
  attest_test_exchange_add_twins (f->store, group->uuid);
  g_assert_finalize_object (g_steal_pointer (&f->store));
  g_assert_cmpint (sqlite3_open (f->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "UPDATE sources SET url = 'javascript:alert(1)' "
                                     "WHERE url = 'https://interfax.example/a'", NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_changes (db), ==, 1);
  sqlite3_close (db);

  f->store = attest_test_exchange_open_store (f->path);
  attest_test_exchange_export (attest_web_annotation_export, f->store, out, NULL, NULL);
  json = attest_test_read_file (out);
  g_assert_nonnull (strstr (json, "\"attest:url\" : \"javascript:alert(1)\""));

  copy = attest_test_exchange_open_store (copy_path);
  g_assert_false (attest_web_annotation_import (copy, file, NULL, NULL, &error));
  g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_FORMAT);
  says = g_strdup_printf ("old.jsonld (urn:uuid:%s), annotation 2 (urn:uuid:%s): “javascript:alert(1)” is not a web "
                          "address: a source's address starts with http:// or https://, names a host and holds no "
                          "spaces", group->document_uuid, group->uuid);
  g_assert_cmpstr (error->message, ==, says);
  docs = attest_store_list_documents (copy, NULL);
  g_assert_cmpuint (docs->len, ==, 0);
  g_assert_finalize_object (g_steal_pointer (&copy));
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/web-annotation/" path, Fixture, NULL, attest_test_exchange_set_up, func, attest_test_exchange_tear_down)
  ADD ("export-claim", test_export_claim);
  ADD ("round-trip", test_round_trip);
  ADD ("round-trip/sources", test_round_trip_sources);
  ADD ("astral", test_astral);
  ADD ("foreign", test_foreign);
  ADD ("hostile", test_hostile);
  ADD ("huge", test_huge);
  ADD ("cli", test_cli);
  ADD ("large-export", test_large_export);
  ADD ("conflicts", test_conflicts);
  ADD ("category-details", test_category_details);
  ADD ("old-bad-url", test_old_bad_url);
#undef ADD

  return g_test_run ();
}
