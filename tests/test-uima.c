/* test-uima.c — UIMA CAS JSON export and import (attest-format-uima.c):
 * the exact file of a known article, the key parts of a sample's CAS,
 * UTF-16 offsets around characters outside the Basic Multilingual Plane,
 * a round trip that gives the same files byte for byte, and every hostile
 * input refused with its exact message and nothing imported. */
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>
#include <unistd.h>

#include "attest-article-reader.h"
#include "attest-error.h"
#include "attest-format-uima.h"
#include "attest-test-exchange.h"

typedef AttestTestExchange Fixture;

/* The comment on the samples' "regional operational group" claim, with
 * the characters this format must escape. */
#define GROUP_COMMENT "tab\there,\nnew line, back\\slash “quoted”"

static guint
count_documents (AttestStore *store)
{
  g_autoptr(GPtrArray) docs = attest_store_list_documents (store, NULL);

  return docs->len;
}

/* ---------------------------------------------------------------------- */
/* UTF-16 offsets                                                         */
/* ---------------------------------------------------------------------- */

static void
test_utf16 (void)
{
  /* a, GRINNING FACE (U+1F600), b, MATHEMATICAL SCRIPT CAPITAL X (U+1D4B3), c */
  static const char text[] = "a\xF0\x9F\x98\x80" "b\xF0\x9D\x92\xB3" "c";
  static const gint64 units[] = { 0, 1, 3, 4, 6, 7 };
  static const gint64 back[] = { 0, 1, -1, 2, 3, -1, 4, 5, -1 };
  g_autoptr(GString) long_text = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (units); i++)
    g_assert_cmpint (attest_uima_to_utf16 (text, i), ==, units[i]);
  for (guint i = 0; i < G_N_ELEMENTS (back); i++)
    g_assert_cmpint (attest_uima_from_utf16 (text, i), ==, back[i]);
  g_assert_cmpint (attest_uima_from_utf16 (text, -1), ==, -1);

  /* Past the first checkpoints: 300 emoji, then "x". */
  for (guint i = 0; i < 300; i++)
    g_string_append (long_text, "\xF0\x9F\x98\x80");
  g_string_append (long_text, "x");
  g_assert_cmpint (attest_uima_to_utf16 (long_text->str, 257), ==, 514);
  g_assert_cmpint (attest_uima_to_utf16 (long_text->str, 300), ==, 600);
  g_assert_cmpint (attest_uima_to_utf16 (long_text->str, 301), ==, 601);
  g_assert_cmpint (attest_uima_from_utf16 (long_text->str, 513), ==, -1);
  g_assert_cmpint (attest_uima_from_utf16 (long_text->str, 514), ==, 257);
  g_assert_cmpint (attest_uima_from_utf16 (long_text->str, 599), ==, -1);
  g_assert_cmpint (attest_uima_from_utf16 (long_text->str, 600), ==, 300);
  g_assert_cmpint (attest_uima_from_utf16 (long_text->str, 601), ==, 301);
  g_assert_cmpint (attest_uima_from_utf16 (long_text->str, 602), ==, -1);
}

/* ---------------------------------------------------------------------- */
/* Export                                                                 */
/* ---------------------------------------------------------------------- */

/* An article with an emoji before its claims, put in with every field
 * given, so that the whole file is known. */
#define EMOJI_TEXT "Border report\n\nThe \xF0\x9F\x98\x80 border is closed, the guards said.\n"

static void
add_emoji_article (AttestStore *store)
{
  g_autoptr(GPtrArray) docs = g_ptr_array_new_with_free_func ((GDestroyNotify) attest_exchange_doc_free);
  g_autoptr(AttestDocument) doc = attest_document_new ();
  g_autoptr(GError) error = NULL;
  AttestExchangeDoc *d;
  AttestExchangeClaim *c;
  AttestExchangeSource *src;

  attest_document_set_text (doc, EMOJI_TEXT);
  doc->uuid = g_strdup ("5d1e4a3c-0b6f-4c39-9a51-2f7c8e0d9b11");
  doc->format = g_strdup ("text");
  doc->encoding = g_strdup ("UTF-8");
  doc->origin = g_strdup ("border.txt");
  doc->imported = g_strdup ("2025-01-02T03:04:05Z");
  attest_article_reader_parse_header (doc);
  d = attest_exchange_doc_new ("border.txt", g_steal_pointer (&doc));
  g_ptr_array_add (docs, d);

  /* "border", after the emoji: code points 21 … 27, UTF-16 22 … 28. */
  c = attest_exchange_claim_new ();
  c->start = 21;
  c->end = 27;
  c->quote = g_strdup ("border");
  c->key = g_strdup ("border-security");
  c->status = g_strdup ("accepted");
  c->certainty = g_strdup ("high");
  c->comment = g_strdup ("said \"closed\"\tand\nmeant it");
  c->uuid = g_strdup ("0a7e9f52-6c1d-4e8b-b3a2-5f4d6c7b8a90");
  c->annotator = g_strdup ("Boris Curator");
  c->created = g_strdup ("2025-01-02T03:04:05Z");
  c->modified = g_strdup ("2025-01-03T00:00:00Z");
  /* An outside source added by hand, whole: it comes back with its id,
   * place and address, not only its label. */
  src = attest_exchange_claim_add_label (c, "Outside Wire, Paris");
  src->uuid = g_strdup ("5e1d2c3b-4a59-4687-9a0b-1c2d3e4f5a6b");
  src->outside = TRUE;
  src->outlet = g_strdup ("Outside Wire");
  src->place = g_strdup ("Paris");
  src->url = g_strdup ("https://wire.example/1");
  g_ptr_array_add (d->claims, c);

  /* The emoji itself: one code point, two UTF-16 code units. */
  c = attest_exchange_claim_new ();
  c->start = 19;
  c->end = 20;
  c->quote = g_strdup ("\xF0\x9F\x98\x80");
  c->key = g_strdup ("border-security");
  c->uuid = g_strdup ("1b8f0a63-7d2e-4f9c-84b3-6a5e7d8c9b01");
  c->created = g_strdup ("2025-01-02T03:04:05Z");
  g_ptr_array_add (d->claims, c);

  g_assert_true (attest_exchange_import (store, docs, NULL, NULL, &error));
  g_assert_no_error (error);
}

static const char expected_border[] =
  "{\n"
  "  \"%TYPES\" : {\n"
  "    \"de.tudarmstadt.ukp.dkpro.core.api.metadata.type.DocumentMetaData\" : {\n"
  "      \"%NAME\" : \"de.tudarmstadt.ukp.dkpro.core.api.metadata.type.DocumentMetaData\",\n"
  "      \"%SUPER_TYPE\" : \"uima.tcas.DocumentAnnotation\",\n"
  "      \"documentTitle\" : {\n"
  "        \"%NAME\" : \"documentTitle\",\n"
  "        \"%RANGE\" : \"uima.cas.String\"\n"
  "      },\n"
  "      \"documentId\" : {\n"
  "        \"%NAME\" : \"documentId\",\n"
  "        \"%RANGE\" : \"uima.cas.String\"\n"
  "      }\n"
  "    },\n"
  "    \"webanno.custom.Claim\" : {\n"
  "      \"%NAME\" : \"webanno.custom.Claim\",\n"
  "      \"%SUPER_TYPE\" : \"uima.tcas.Annotation\",\n"
  "      \"category\" : {\n"
  "        \"%NAME\" : \"category\",\n"
  "        \"%RANGE\" : \"uima.cas.String\"\n"
  "      },\n"
  "      \"categoryLabel\" : {\n"
  "        \"%NAME\" : \"categoryLabel\",\n"
  "        \"%RANGE\" : \"uima.cas.String\"\n"
  "      },\n"
  "      \"status\" : {\n"
  "        \"%NAME\" : \"status\",\n"
  "        \"%RANGE\" : \"uima.cas.String\"\n"
  "      },\n"
  "      \"certainty\" : {\n"
  "        \"%NAME\" : \"certainty\",\n"
  "        \"%RANGE\" : \"uima.cas.String\"\n"
  "      },\n"
  "      \"comment\" : {\n"
  "        \"%NAME\" : \"comment\",\n"
  "        \"%RANGE\" : \"uima.cas.String\"\n"
  "      },\n"
  "      \"annotator\" : {\n"
  "        \"%NAME\" : \"annotator\",\n"
  "        \"%RANGE\" : \"uima.cas.String\"\n"
  "      },\n"
  "      \"uuid\" : {\n"
  "        \"%NAME\" : \"uuid\",\n"
  "        \"%RANGE\" : \"uima.cas.String\"\n"
  "      },\n"
  "      \"created\" : {\n"
  "        \"%NAME\" : \"created\",\n"
  "        \"%RANGE\" : \"uima.cas.String\"\n"
  "      },\n"
  "      \"modified\" : {\n"
  "        \"%NAME\" : \"modified\",\n"
  "        \"%RANGE\" : \"uima.cas.String\"\n"
  "      },\n"
  "      \"sources\" : {\n"
  "        \"%NAME\" : \"sources\",\n"
  "        \"%RANGE\" : \"uima.cas.StringArray\"\n"
  "      },\n"
  "      \"sourceDetails\" : {\n"
  "        \"%NAME\" : \"sourceDetails\",\n"
  "        \"%RANGE\" : \"uima.cas.StringArray\"\n"
  "      },\n"
  "      \"categoryDetails\" : {\n"
  "        \"%NAME\" : \"categoryDetails\",\n"
  "        \"%RANGE\" : \"uima.cas.StringArray\"\n"
  "      }\n"
  "    }\n"
  "  },\n"
  "  \"%FEATURE_STRUCTURES\" : [\n"
  "    {\n"
  "      \"%ID\" : 1,\n"
  "      \"%TYPE\" : \"uima.cas.Sofa\",\n"
  "      \"sofaNum\" : 1,\n"
  "      \"sofaID\" : \"_InitialView\",\n"
  "      \"mimeType\" : \"text\",\n"
  "      \"sofaString\" : \"Border report\\n\\nThe \xF0\x9F\x98\x80 border is closed, the guards said.\\n\"\n"
  "    },\n"
  "    {\n"
  "      \"%ID\" : 2,\n"
  "      \"%TYPE\" : \"de.tudarmstadt.ukp.dkpro.core.api.metadata.type.DocumentMetaData\",\n"
  "      \"@sofa\" : 1,\n"
  "      \"begin\" : 0,\n"
  "      \"end\" : 57,\n"
  "      \"documentTitle\" : \"Border report\",\n"
  "      \"documentId\" : \"border-report\"\n"
  "    },\n"
  "    {\n"
  "      \"%ID\" : 3,\n"
  "      \"%TYPE\" : \"webanno.custom.Claim\",\n"
  "      \"@sofa\" : 1,\n"
  "      \"begin\" : 19,\n"
  "      \"end\" : 21,\n"
  "      \"category\" : \"border-security\",\n"
  "      \"categoryLabel\" : \"Border security\",\n"
  "      \"status\" : \"draft\",\n"
  "      \"annotator\" : \"Ana Analyst\",\n"
  "      \"uuid\" : \"1b8f0a63-7d2e-4f9c-84b3-6a5e7d8c9b01\",\n"
  "      \"created\" : \"2025-01-02T03:04:05Z\",\n"
  "      \"modified\" : \"2025-01-02T03:04:05Z\",\n"
  "      \"@categoryDetails\" : 7\n"
  "    },\n"
  "    {\n"
  "      \"%ID\" : 4,\n"
  "      \"%TYPE\" : \"webanno.custom.Claim\",\n"
  "      \"@sofa\" : 1,\n"
  "      \"begin\" : 22,\n"
  "      \"end\" : 28,\n"
  "      \"category\" : \"border-security\",\n"
  "      \"categoryLabel\" : \"Border security\",\n"
  "      \"status\" : \"accepted\",\n"
  "      \"certainty\" : \"high\",\n"
  "      \"comment\" : \"said \\\"closed\\\"\\tand\\nmeant it\",\n"
  "      \"annotator\" : \"Boris Curator\",\n"
  "      \"uuid\" : \"0a7e9f52-6c1d-4e8b-b3a2-5f4d6c7b8a90\",\n"
  "      \"created\" : \"2025-01-02T03:04:05Z\",\n"
  "      \"modified\" : \"2025-01-03T00:00:00Z\",\n"
  "      \"@sources\" : 5,\n"
  "      \"@sourceDetails\" : 6,\n"
  "      \"@categoryDetails\" : 7\n"
  "    },\n"
  "    {\n"
  "      \"%ID\" : 5,\n"
  "      \"%TYPE\" : \"uima.cas.StringArray\",\n"
  "      \"%ELEMENTS\" : [\n"
  "        \"Outside Wire, Paris\"\n"
  "      ]\n"
  "    },\n"
  "    {\n"
  "      \"%ID\" : 6,\n"
  "      \"%TYPE\" : \"uima.cas.StringArray\",\n"
  "      \"%ELEMENTS\" : [\n"
  "        \"{\\\"id\\\":\\\"urn:uuid:5e1d2c3b-4a59-4687-9a0b-1c2d3e4f5a6b\\\",\\\"label\\\":\\\"Outside Wire, Paris\\\",\\\"outside\\\":true,\\\"outlet\\\":\\\"Outside Wire\\\",\\\"place\\\":\\\"Paris\\\",\\\"url\\\":\\\"https://wire.example/1\\\"}\"\n"
  "      ]\n"
  "    },\n"
  "    {\n"
  "      \"%ID\" : 7,\n"
  "      \"%TYPE\" : \"uima.cas.StringArray\",\n"
  "      \"%ELEMENTS\" : [\n"
  "        \"{\\\"key\\\":\\\"border-security\\\",\\\"label\\\":\\\"Border security\\\",\\\"description\\\":\\\"Border guards, border control and frontier protection.\\\"}\"\n"
  "      ]\n"
  "    }\n"
  "  ],\n"
  "  \"%VIEWS\" : {\n"
  "    \"_InitialView\" : {\n"
  "      \"%SOFA\" : 1,\n"
  "      \"%MEMBERS\" : [\n"
  "        2,\n"
  "        3,\n"
  "        4\n"
  "      ]\n"
  "    }\n"
  "  }\n"
  "}\n";

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

/* The whole file of a known article, byte for byte. */
static void
test_export_exact (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *folder = attest_test_exchange_file (f, "out");
  g_autofree char *path = g_build_filename (folder, "border-report.json", NULL);
  g_autofree char *json = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (folder);
  g_autoptr(GError) error = NULL;
  AttestExportCounts counts = { 0 };
  guint calls[2] = { 0, 0 };

  add_emoji_article (f->store);
  g_assert_true (attest_uima_export (f->store, NULL, file, &counts, count_progress, calls, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (counts.documents, ==, 1);
  g_assert_cmpuint (counts.claims, ==, 2);
  g_assert_cmpuint (calls[0], ==, 1);
  g_assert_cmpuint (calls[1], ==, 1);
  json = attest_test_read_file (path);
  g_assert_cmpstr (json, ==, expected_border);
}

static JsonObject *
structure (JsonArray *list,
           guint      index)
{
  return json_array_get_object_element (list, index);
}

/* The key parts of a sample's CAS: its text, metadata, claims in text
 * order with their features, the sources array, the view. */
static void
test_export_samples (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *folder = attest_test_exchange_file (f, "out");
  g_autofree char *path = g_build_filename (folder, "eurasia-daily-monitor-226.json", NULL);
  g_autofree char *other_path = g_build_filename (folder, "eurasia-daily-monitor-79.json", NULL);
  g_autoptr(AttestDocument) d0 = attest_test_read_sample (attest_test_samples[0]);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonParser) other = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = NULL;
  AttestExportCounts counts = { 0 };
  JsonObject *root, *o, *view;
  JsonArray *list, *members, *elements;
  g_autofree char *details = NULL;
  guint n_files = 0;

  attest_test_exchange_annotate (f->store, GROUP_COMMENT, NULL);
  attest_test_exchange_export (attest_uima_export, f->store, folder, NULL, &counts);
  g_assert_cmpuint (counts.documents, ==, 5);
  g_assert_cmpuint (counts.claims, ==, 3);
  dir = g_dir_open (folder, 0, NULL);
  while (g_dir_read_name (dir))
    n_files++;
  g_assert_cmpuint (n_files, ==, 5);

  g_assert_true (json_parser_load_from_mapped_file (parser, path, &error));
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_true (json_object_has_member (json_object_get_object_member (root, "%TYPES"), "webanno.custom.Claim"));
  list = json_object_get_array_member (root, "%FEATURE_STRUCTURES");
  /* Sofa, metadata, two claims, one's two source arrays, and each
   * category's details (two categories) after them. */
  g_assert_cmpuint (json_array_get_length (list), ==, 8);

  o = structure (list, 0);
  g_assert_cmpstr (json_object_get_string_member (o, "%TYPE"), ==, "uima.cas.Sofa");
  g_assert_cmpstr (json_object_get_string_member (o, "sofaString"), ==, d0->text);
  o = structure (list, 1);
  g_assert_cmpstr (json_object_get_string_member (o, "documentId"), ==, "eurasia-daily-monitor-226");
  g_assert_cmpint (json_object_get_int_member (o, "end"), ==, attest_uima_to_utf16 (d0->text, d0->length));

  o = structure (list, 2);
  g_assert_cmpint (json_object_get_int_member (o, "%ID"), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (o, "category"), ==, "debt-deal");
  g_assert_cmpint (json_object_get_int_member (o, "begin"), ==, 30);
  g_assert_cmpint (json_object_get_int_member (o, "end"), ==, 120);
  g_assert_cmpstr (json_object_get_string_member (o, "status"), ==, "draft");
  g_assert_cmpstr (json_object_get_string_member (o, "annotator"), ==, "Ana Analyst");
  g_assert_false (json_object_has_member (o, "certainty"));
  g_assert_false (json_object_has_member (o, "@sources"));
  g_assert_false (json_object_has_member (o, "@sourceDetails"));
  g_assert_cmpint (json_object_get_int_member (o, "@categoryDetails"), ==, 7);

  o = structure (list, 3);
  g_assert_cmpstr (json_object_get_string_member (o, "category"), ==, "counter-narcotics");
  g_assert_cmpstr (json_object_get_string_member (o, "categoryLabel"), ==, "Drug-control agency and counter-narcotics");
  g_assert_cmpint (json_object_get_int_member (o, "begin"), ==, 831);
  g_assert_cmpint (json_object_get_int_member (o, "end"), ==, 857);
  g_assert_cmpstr (json_object_get_string_member (o, "status"), ==, "accepted");
  g_assert_cmpstr (json_object_get_string_member (o, "certainty"), ==, "high");
  g_assert_cmpstr (json_object_get_string_member (o, "comment"), ==, "tab\there,\nnew line, back\\slash “quoted”");
  g_assert_cmpint (json_object_get_int_member (o, "@sources"), ==, 5);
  g_assert_cmpint (json_object_get_int_member (o, "@sourceDetails"), ==, 6);
  g_assert_cmpint (json_object_get_int_member (o, "@categoryDetails"), ==, 8);
  o = structure (list, 4);
  g_assert_cmpstr (json_object_get_string_member (o, "%TYPE"), ==, "uima.cas.StringArray");
  elements = json_object_get_array_member (o, "%ELEMENTS");
  g_assert_cmpuint (json_array_get_length (elements), ==, 1);
  g_assert_cmpstr (json_array_get_string_element (elements, 0), ==, "Regnum, Moscow, November 30");
  /* Its id and fields, beside it. */
  o = structure (list, 5);
  g_assert_cmpint (json_object_get_int_member (o, "%ID"), ==, 6);
  g_assert_cmpstr (json_object_get_string_member (o, "%TYPE"), ==, "uima.cas.StringArray");
  elements = json_object_get_array_member (o, "%ELEMENTS");
  g_assert_cmpuint (json_array_get_length (elements), ==, 1);
  details = attest_test_exchange_name_sources (f->store, g_strdup (json_array_get_string_element (elements, 0)));
  g_assert_cmpstr (details, ==, "{\"id\":\"urn:uuid:REGNUM\",\"label\":\"Regnum, Moscow, November 30\","
                                "\"outside\":false,\"outlet\":\"Regnum\",\"place\":\"Moscow\",\"date\":\"November 30\","
                                "\"when\":\"--11-30\"}");
  /* Each category's details, once, in the order the claims first use them. */
  o = structure (list, 6);
  g_assert_cmpint (json_object_get_int_member (o, "%ID"), ==, 7);
  elements = json_object_get_array_member (o, "%ELEMENTS");
  g_assert_cmpuint (json_array_get_length (elements), ==, 1);
  g_assert_cmpstr (json_array_get_string_element (elements, 0), ==,
                   "{\"key\":\"debt-deal\",\"label\":\"Debt and financial deal\",\"description\":\"Loans, debt "
                   "restructuring, debt-for-assets swaps, financial aid.\"}");
  o = structure (list, 7);
  g_assert_cmpint (json_object_get_int_member (o, "%ID"), ==, 8);
  elements = json_object_get_array_member (o, "%ELEMENTS");
  g_assert_cmpuint (json_array_get_length (elements), ==, 1);
  g_assert_cmpstr (json_array_get_string_element (elements, 0), ==,
                   "{\"key\":\"counter-narcotics\",\"label\":\"Drug-control agency and counter-narcotics\","
                   "\"description\":\"Drug-control agencies, counter-narcotics operations and programmes.\"}");

  view = json_object_get_object_member (json_object_get_object_member (root, "%VIEWS"), "_InitialView");
  g_assert_cmpint (json_object_get_int_member (view, "%SOFA"), ==, 1);
  members = json_object_get_array_member (view, "%MEMBERS");
  g_assert_cmpuint (json_array_get_length (members), ==, 3);
  g_assert_cmpint (json_array_get_int_element (members, 0), ==, 2);
  g_assert_cmpint (json_array_get_int_element (members, 1), ==, 3);
  g_assert_cmpint (json_array_get_int_element (members, 2), ==, 4);

  /* The outside source, by its label. */
  g_assert_true (json_parser_load_from_mapped_file (other, other_path, &error));
  g_assert_no_error (error);
  list = json_object_get_array_member (json_node_get_object (json_parser_get_root (other)), "%FEATURE_STRUCTURES");
  g_assert_cmpint (json_object_get_int_member (structure (list, 2), "begin"), ==, 139);
  elements = json_object_get_array_member (structure (list, 3), "%ELEMENTS");
  g_assert_cmpstr (json_array_get_string_element (elements, 0), ==, "Outside Wire, Paris");
  elements = json_object_get_array_member (structure (list, 4), "%ELEMENTS");
  g_free (details);
  details = attest_test_exchange_name_sources (f->store, g_strdup (json_array_get_string_element (elements, 0)));
  g_assert_cmpstr (details, ==, "{\"id\":\"urn:uuid:OUTSIDE-WIRE\",\"label\":\"Outside Wire, Paris\","
                                "\"outside\":true,\"outlet\":\"Outside Wire\",\"place\":\"Paris\"}");
}

/* ---------------------------------------------------------------------- */
/* Round trip                                                             */
/* ---------------------------------------------------------------------- */

static gint
compare_lines (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* Claims as comparable lines. */
static char *
dup_claims (AttestStore *store)
{
  g_autoptr(GPtrArray) docs = NULL;
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) out = g_string_new (NULL);

  docs = attest_store_list_documents (store, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < docs->len; i++)
    {
      AttestDocument *doc = g_ptr_array_index (docs, i);
      g_autoptr(GPtrArray) claims = attest_store_list_claims (store, &(AttestClaimFilter) { .document = doc->uuid }, &error);

      g_assert_no_error (error);
      for (guint k = 0; k < claims->len; k++)
        {
          AttestClaim *c = g_ptr_array_index (claims, k);

          g_ptr_array_add (lines, g_strdup_printf ("%s %s %" G_GINT64_FORMAT " %" G_GINT64_FORMAT " %s %s %s %s %s “%s”",
                                                   doc->sha256, c->uuid, c->start, c->end, c->category, c->status,
                                                   c->certainty ? c->certainty : "-", c->annotator,
                                                   c->comment ? c->comment : "-", c->quote));
        }
    }
  g_ptr_array_sort (lines, compare_lines);
  for (guint i = 0; i < lines->len; i++)
    g_string_append_printf (out, "%s\n", (char *) g_ptr_array_index (lines, i));
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
assert_same_folders (const char *a,
                     const char *b)
{
  g_autoptr(GDir) dir = g_dir_open (a, 0, NULL);
  const char *name;
  guint n = 0, m = 0;

  while ((name = g_dir_read_name (dir)))
    {
      g_autofree char *pa = g_build_filename (a, name, NULL);
      g_autofree char *pb = g_build_filename (b, name, NULL);
      g_autofree char *ca = attest_test_read_file (pa);
      g_autofree char *cb = attest_test_read_file (pb);

      g_assert_cmpstr (ca, ==, cb);
      n++;
    }
  g_clear_pointer (&dir, g_dir_close);
  dir = g_dir_open (b, 0, NULL);
  while (g_dir_read_name (dir))
    m++;
  g_assert_cmpuint (n, ==, m);
}

/* Sources travel whole: two outside sources of one label stay two, with
 * their ids and addresses, beside the article's source; a second export
 * gives the same bytes. */
static gboolean
import_file (AttestStore *store,
             GFile       *file,
             GError     **error)
{
  return attest_uima_import (store, file, NULL, NULL, error);
}

static void
test_round_trip_sources (Fixture       *f,
                         gconstpointer  data)
{
  attest_test_exchange_round_trip_sources (f, attest_uima_export, import_file, "");
}

static void
test_round_trip (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *first = attest_test_exchange_file (f, "first");
  g_autofree char *second = attest_test_exchange_file (f, "second");
  g_autofree char *copy_path = attest_test_exchange_file (f, "copy.db");
  g_autoptr(AttestStore) copy = attest_test_exchange_open_store (copy_path);
  g_autoptr(GFile) folder = g_file_new_for_path (first);
  g_autoptr(GError) error = NULL;
  g_autofree char *claims_a = NULL;
  g_autofree char *claims_b = NULL;
  AttestImportCounts counts = { 0 };

  attest_test_exchange_annotate (f->store, GROUP_COMMENT, NULL);
  add_emoji_article (f->store);
  attest_test_exchange_export (attest_uima_export, f->store, first, NULL, NULL);

  g_assert_true (attest_uima_import (copy, folder, &counts, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (counts.documents_added, ==, 6);
  g_assert_cmpuint (counts.claims_added, ==, 5);
  /* Boris Curator came with his claim. */
  g_assert_cmpuint (counts.annotators_added, ==, 2);
  attest_test_exchange_export (attest_uima_export, copy, second, NULL, NULL);
  assert_same_folders (first, second);

  claims_a = dup_claims (f->store);
  claims_b = dup_claims (copy);
  g_assert_cmpstr (claims_a, ==, claims_b);

  /* Into the database it came from: nothing new. */
  memset (&counts, 0, sizeof counts);
  g_assert_true (attest_uima_import (f->store, folder, &counts, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (counts.documents_added, ==, 0);
  g_assert_cmpuint (counts.documents_existing, ==, 6);
  g_assert_cmpuint (counts.claims_added, ==, 0);
  g_assert_cmpuint (counts.claims_existing, ==, 5);
  g_clear_pointer (&claims_b, g_free);
  claims_b = dup_claims (f->store);
  g_assert_cmpstr (claims_a, ==, claims_b);
  g_assert_finalize_object (g_steal_pointer (&copy));
}

/* ---------------------------------------------------------------------- */
/* Import                                                                 */
/* ---------------------------------------------------------------------- */

/* A CAS around @text (a JSON string's contents) and @claims (feature
 * structures after the Sofa, with their leading comma). */
static char *
make_cas (const char *text,
          const char *claims)
{
  return g_strdup_printf ("{\"%%TYPES\": {},\n"
                          "\"%%FEATURE_STRUCTURES\": [\n"
                          "{\"%%ID\": 1, \"%%TYPE\": \"uima.cas.Sofa\", \"sofaNum\": 1, \"sofaID\": \"_InitialView\", "
                          "\"sofaString\": \"%s\"}%s\n],\n"
                          "\"%%VIEWS\": {\"_InitialView\": {\"%%SOFA\": 1, \"%%MEMBERS\": [3]}}}\n", text, claims);
}

#define CLAIM(begin, end, more) \
  ",\n{\"%ID\": 3, \"%TYPE\": \"webanno.custom.Claim\", \"@sofa\": 1, \"begin\": " #begin ", \"end\": " #end more "}"

/* BOM, CRLF and an emoji: the offsets count them; Attest keeps the text
 * without BOM and CR. */
static void
test_crlf (Fixture       *f,
           gconstpointer  data)
{
  g_autofree char *path = attest_test_exchange_file (f, "crlf.json");
  g_autofree char *json = make_cas ("\\uFEFFHello world.\\r\\nSecond \\ud83d\\ude00 line.\\r\\n",
                                    CLAIM (15, 21, ", \"category\": \"training\"")
                                    ",{\"%ID\": 4, \"%TYPE\": \"webanno.custom.Claim\", \"@sofa\": 1, \"begin\": 25, "
                                    "\"end\": 29, \"category\": \"training\"}");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) docs = NULL;
  g_autoptr(GPtrArray) claims = NULL;
  g_autoptr(AttestDocument) doc = NULL;
  AttestClaim *c;

  attest_test_write_file (path, json, -1);
  g_assert_true (attest_uima_import (f->store, file, NULL, NULL, &error));
  g_assert_no_error (error);
  docs = attest_store_list_documents (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (docs->len, ==, 1);
  doc = attest_store_get_document (f->store, ((AttestDocument *) g_ptr_array_index (docs, 0))->uuid, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (doc->text, ==, "Hello world.\nSecond \xF0\x9F\x98\x80 line.\n");
  g_assert_cmpstr (doc->origin, ==, "crlf.json");
  claims = attest_store_list_claims (f->store, &(AttestClaimFilter) { .document = doc->uuid }, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (claims->len, ==, 2);
  c = g_ptr_array_index (claims, 0);
  g_assert_cmpint (c->start, ==, 13);
  g_assert_cmpint (c->end, ==, 19);
  g_assert_cmpstr (c->quote, ==, "Second");
  g_assert_cmpstr (c->annotator, ==, "Ana Analyst");
  g_assert_cmpstr (c->status, ==, "draft");
  c = g_ptr_array_index (claims, 1);
  g_assert_cmpint (c->start, ==, 22);
  g_assert_cmpint (c->end, ==, 26);
  g_assert_cmpstr (c->quote, ==, "line");
}

/* INCEpTION's own layer under another name: its "value" is the category
 * (a new one keeps the value as its label); other types are ignored. */
static void
test_other_layer (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *path = attest_test_exchange_file (f, "inception.json");
  g_autofree char *json = make_cas ("Troops crossed the border at dawn.\\n",
                                    ",{\"%ID\": 3, \"%TYPE\": \"webanno.custom.Span\", \"@sofa\": 1, \"begin\": 0, "
                                    "\"end\": 6, \"value\": \"Troop deployment\"}"
                                    ",{\"%ID\": 4, \"%TYPE\": \"webanno.custom.Span\", \"@sofa\": 1, \"begin\": 19, "
                                    "\"end\": 25, \"value\": \"Border Watch\"}"
                                    ",{\"%ID\": 5, \"%TYPE\": \"de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Token\", "
                                    "\"@sofa\": 1, \"begin\": 0, \"end\": 6}"
                                    ",{\"%ID\": 6, \"%TYPE\": \"webanno.custom.Span\", \"@sofa\": 9, \"begin\": 0, "
                                    "\"end\": 1, \"value\": \"Elsewhere\"}"
                                    /* Names a key cannot hold: keys of their own. */
                                    ",{\"%ID\": 7, \"%TYPE\": \"webanno.custom.Span\", \"@sofa\": 1, \"begin\": 7, "
                                    "\"end\": 14, \"value\": \"Размещение войск\"}"
                                    ",{\"%ID\": 8, \"%TYPE\": \"webanno.custom.Span\", \"@sofa\": 1, \"begin\": 26, "
                                    "\"end\": 28, \"value\": \"Sécurité frontière\"}");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) claims = NULL;
  g_autoptr(GPtrArray) cats = NULL;
  AttestImportCounts counts = { 0 };
  gboolean found = FALSE;

  attest_test_write_file (path, json, -1);
  g_assert_true (attest_uima_import (f->store, file, &counts, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (counts.claims_added, ==, 4);
  g_assert_cmpuint (counts.categories_added, ==, 3);
  claims = attest_store_list_claims (f->store, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (claims->len, ==, 4);
  g_assert_cmpstr (((AttestClaim *) g_ptr_array_index (claims, 0))->category, ==, "troop-deployment");
  g_assert_cmpstr (((AttestClaim *) g_ptr_array_index (claims, 1))->category, ==, "category-99318bb4");
  g_assert_cmpstr (((AttestClaim *) g_ptr_array_index (claims, 2))->category, ==, "border-watch");
  g_assert_cmpstr (((AttestClaim *) g_ptr_array_index (claims, 3))->category, ==, "securite-frontiere-f31d14fc");
  cats = attest_store_list_categories (f->store, TRUE, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < cats->len; i++)
    {
      AttestCategory *c = g_ptr_array_index (cats, i);

      if (g_str_equal (c->key, "border-watch"))
        {
          g_assert_cmpstr (c->label, ==, "Border Watch");
          found = TRUE;
        }
    }
  g_assert_true (found);
}

typedef struct {
  const char *name;
  const char *json;   /* NULL: made by make_cas() from text and claims */
  gssize      length;
  const char *text;
  const char *claims;
  const char *message;  /* ending in ':': what it starts with */
} Hostile;

#define TEXT "Hello world.\\nSecond \\ud83d\\ude00 line.\\n"
#define CAT ", \"category\": \"x\""
#define DETAILS(elements) ",\n{\"%ID\": 4, \"%TYPE\": \"uima.cas.StringArray\", \"%ELEMENTS\": [" elements "]}"

static const Hostile hostile[] = {
  { "category-details-ref", NULL, -1, TEXT, CLAIM (0, 5, CAT ", \"@categoryDetails\": \"4\""),
    "h.json, feature structure 3: its category details are not a feature structure id" },
  { "category-details-missing", NULL, -1, TEXT, CLAIM (0, 5, CAT ", \"@categoryDetails\": 9"),
    "h.json, feature structure 3: its category details (9) are not a uima.cas.StringArray of the file" },
  { "category-details-not-object", NULL, -1, TEXT, CLAIM (0, 5, CAT ", \"@categoryDetails\": 4") DETAILS ("\"[1]\""),
    "h.json, feature structure 3: its category details, element 1: not a JSON object" },
  { "category-details-nested", NULL, -1, TEXT,
    CLAIM (0, 5, CAT ", \"@categoryDetails\": 4") DETAILS ("\"{\\\"key\\\":{\\\"x\\\":[1]}}\""),
    "h.json, feature structure 3: its category details, element 1: a category's details:1:13: arrays and objects "
    "are nested more than 2 deep" },
  /* Two deep is what the guard lets through; the details are flat. */
  { "category-details-member-list", NULL, -1, TEXT,
    CLAIM (0, 5, CAT ", \"@categoryDetails\": 4") DETAILS ("\"{\\\"key\\\":\\\"x\\\",\\\"extra\\\":[1]}\""),
    "h.json, feature structure 3: its category details, element 1: “extra” is not a string" },
  { "category-details-empty", NULL, -1, TEXT, CLAIM (0, 5, CAT ", \"@categoryDetails\": 4") DETAILS (""),
    "h.json, feature structure 3: its category details are empty" },
  { "category-details-retired", NULL, -1, TEXT,
    CLAIM (0, 5, CAT ", \"@categoryDetails\": 4") DETAILS ("\"{\\\"key\\\":\\\"x\\\",\\\"retired\\\":\\\"yes\\\"}\""),
    "h.json, feature structure 3: its category details, element 1: “retired” is not true or false" },
  { "category-details-parent", NULL, -1, TEXT,
    CLAIM (0, 5, CAT ", \"@categoryDetails\": 4") DETAILS ("\"{\\\"key\\\":\\\"x\\\",\\\"parent\\\":7}\""),
    "h.json, feature structure 3: its category details, element 1: “parent” is not a string" },
  { "category-details-key", NULL, -1, TEXT,
    CLAIM (0, 5, CAT ", \"@categoryDetails\": 4") DETAILS ("\"{\\\"key\\\":\\\"Not a key\\\"}\""),
    "h.json, feature structure 3: its category details, element 1: the category “Not a key” cannot be a category "
    "key (letters, digits and hyphens, starting with a letter)" },
  { "category-details-other", NULL, -1, TEXT,
    CLAIM (0, 5, CAT ", \"@categoryDetails\": 4") DETAILS ("\"{\\\"key\\\":\\\"y\\\"}\""),
    "h.json, feature structure 3: its category details end with y, not with its category x" },
  /* A source's id in Attest's details is urn:uuid: and a UUID, or absent. */
  { "source-id-number", NULL, -1, TEXT,
    CLAIM (0, 5, CAT ", \"@sourceDetails\": 4")
    DETAILS ("\"{\\\"id\\\":5,\\\"label\\\":\\\"Interfax\\\",\\\"outside\\\":true}\""),
    "h.json, feature structure 3: its source details, element 1: the source “Interfax” has the id 5, not "
    "“urn:uuid:” and a UUID" },
  { "source-id-text", NULL, -1, TEXT,
    CLAIM (0, 5, CAT ", \"@sourceDetails\": 4")
    DETAILS ("\"{\\\"id\\\":\\\"17\\\",\\\"label\\\":\\\"Interfax\\\",\\\"outside\\\":true}\""),
    "h.json, feature structure 3: its source details, element 1: the source “Interfax” has the id \"17\", not "
    "“urn:uuid:” and a UUID" },
  { "source-id-bare-uuid", NULL, -1, TEXT,
    CLAIM (0, 5, CAT ", \"@sourceDetails\": 4")
    DETAILS ("\"{\\\"id\\\":\\\"5e1d2c3b-4a59-4687-9a0b-1c2d3e4f5a6b\\\",\\\"label\\\":\\\"Interfax\\\"}\""),
    "h.json, feature structure 3: its source details, element 1: the source “Interfax” has the id "
    "\"5e1d2c3b-4a59-4687-9a0b-1c2d3e4f5a6b\", not “urn:uuid:” and a UUID" },
  { "past-the-text", NULL, -1, TEXT, CLAIM (0, 99, CAT),
    "h.json, feature structure 3: its end 99 is past the end of the text (29 UTF-16 code units)" },
  { "surrogate", NULL, -1, TEXT, CLAIM (21, 28, CAT),
    "h.json, feature structure 3: its begin 21 falls between the two halves of a character outside the Basic "
    "Multilingual Plane (a surrogate pair)" },
  { "negative", NULL, -1, TEXT, CLAIM (-1, 5, CAT), "h.json, feature structure 3: its begin -1 is negative" },
  { "not-a-number", NULL, -1, TEXT, CLAIM ("0", 5, CAT), "h.json, feature structure 3: its begin is not a whole number" },
  { "fraction", NULL, -1, TEXT, CLAIM (0, 5.5, CAT), "h.json, feature structure 3: its end is not a whole number" },
  { "huge-number", NULL, -1, TEXT, CLAIM (0, 99999999999999999999999, CAT),
    "h.json:4:76: a number has more than 18 digits" },
  { "reversed", NULL, -1, TEXT, CLAIM (5, 0, CAT), "h.json, feature structure 3: its span is empty or reversed" },
  { "no-category", NULL, -1, TEXT, CLAIM (0, 5, ""), "h.json, feature structure 3: it has no category" },
  { "category-not-string", NULL, -1, TEXT, CLAIM (0, 5, ", \"category\": 7"),
    "h.json, feature structure 3: its category is not a string" },
  { "bad-status", NULL, -1, TEXT, CLAIM (0, 5, CAT ", \"status\": \"maybe\""),
    "h.json, feature structure 3: “maybe” is not a status (draft, accepted or rejected)" },
  { "bad-certainty", NULL, -1, TEXT, CLAIM (0, 5, CAT ", \"certainty\": \"sure\""),
    "h.json, feature structure 3: “sure” is not a certainty (low, medium, high or unknown)" },
  { "sources-nowhere", NULL, -1, TEXT, CLAIM (0, 5, CAT ", \"@sources\": 42"),
    "h.json, feature structure 3: its sources (42) are not a uima.cas.StringArray of the file" },
  { "white-space", NULL, -1, TEXT, CLAIM (5, 6, CAT),
    "h.json, feature structure 3: The range 5:6 holds only white space" },
  { "terminal-escape", NULL, -1, TEXT, CLAIM (0, 5, ", \"category\": \"\\u001b]0;pwned\\u0007\""),
    "h.json, feature structure 3: A category's name holds a line break or control character (U+001B)" },
  { "nul-in-string", NULL, -1, "Hello\\u0000world", "",
    "h.json:3:98: a string holds the escape \\u0000 (a NUL character), which Attest cannot keep" },
  { "broken-escape", NULL, -1, "a\\ud8\\u35\\udce b", "", "h.json:3:94: a \\u escape in a string is not followed by four hexadecimal digits" },
  { "short-escape", NULL, -1, TEXT, CLAIM (0, 5, ", \"category\": \"x\", \"comment\": \"\\ud8\\u35\""),
    "h.json:4:108: a \\u escape in a string is not followed by four hexadecimal digits" },
  { "lone-surrogate", NULL, -1, TEXT, CLAIM (0, 5, ", \"category\": \"x\", \"comment\": \"\\udc00\""),
    "h.json:4:108: a string holds half of a UTF-16 surrogate pair alone" },
  { "empty-text", NULL, -1, "", "", "h.json, feature structure 1: the text is empty" },
  { "duplicate-id", NULL, -1, TEXT, ",{\"%ID\": 1, \"%TYPE\": \"x\"}", "h.json, feature structure 1: the id is used twice" },
  { "no-id", NULL, -1, TEXT, ",{\"%TYPE\": \"x\"}",
    "h.json: the feature structure at place 2 of the list has no %ID (a whole number from 1)" },
  { "no-sofa", "{\"%FEATURE_STRUCTURES\": []}", -1, NULL, NULL,
    "h.json: the CAS has no text: no Sofa of the view _InitialView" },
  { "no-structures", "{\"%TYPES\": {}}", -1, NULL, NULL,
    "h.json: not a UIMA CAS JSON file: it has no %FEATURE_STRUCTURES list" },
  { "not-an-object", "[1, 2]", -1, NULL, NULL, "h.json: not a UIMA CAS JSON file: it is not a JSON object" },
  { "utf8-offsets", "{\"%HEADER\": {\"%OFFSET_ENCODING\": \"UTF-8\"}, \"%FEATURE_STRUCTURES\": []}", -1, NULL, NULL,
    "h.json: offsets counted as “UTF-8”: Attest reads UTF-16 offsets, as UIMA writes them" },
  { "truncated", "{\"%TYPES\": {},\n\"%FEATURE_STRUCTURES\": [\n{\"%ID\": 1, \"%TYPE\": \"uima.cas.Sofa\", \"sofaS", -1,
    NULL, NULL, "h.json:3:38: a string is not closed" },
  { "bad-json", "{\"%TYPES\": {},\n\"%FEATURE_STRUCTURES\": [1 2]}", -1, NULL, NULL,
    "h.json:2:" },
  { "binary", "\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16, NULL, NULL, "h.json:1:1: the file is not UTF-8 text" },
  { "not-utf8", "{\"%TYPES\": {},\n\"x\": \"caf\xE9\"}", -1, NULL, NULL,
    "h.json:2:10: the file is not UTF-8 text" },
  { "comment-hides-brackets", "/* \" */ [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[ /* \" */",
    -1, NULL, NULL, "h.json:1:1: a comment; JSON has none" },
  { "single-quotes", "{'%FEATURE_STRUCTURES': []}", -1, NULL, NULL, "h.json:1:2: “'” is not JSON" },
  { "deep", "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[", -1, NULL, NULL,
    "h.json:1:65: arrays and objects are nested more than 64 deep" },
};

/* Each refused with its message, by attest_uima_check() and by an import
 * that leaves the database as it was. */
static void
test_hostile (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *path = attest_test_exchange_file (f, "h.json");
  g_autoptr(GFile) file = g_file_new_for_path (path);

  for (guint i = 0; i < G_N_ELEMENTS (hostile); i++)
    {
      const Hostile *h = &hostile[i];
      g_autofree char *made = h->json ? NULL : make_cas (h->text, h->claims);
      const char *json = h->json ? h->json : made;
      gsize length = h->length < 0 ? strlen (json) : (gsize) h->length;
      g_autoptr(GError) error = NULL;
      g_autoptr(GError) again = NULL;

      g_test_message ("%s", h->name);
      g_assert_false (attest_uima_check (json, length, "h.json", &error));
      g_assert_nonnull (error);
      g_test_message ("%s", error->message);
      /* json-glib's own message after the line: only where is checked. */
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      if (g_str_has_suffix (h->message, ":"))
        g_assert_true (g_str_has_prefix (error->message, h->message));
      else
        g_assert_cmpstr (error->message, ==, h->message);

      attest_test_write_file (path, json, length);
      g_assert_false (attest_uima_import (f->store, file, NULL, NULL, &again));
      g_assert_cmpstr (again->message, ==, error->message);
      g_assert_cmpuint (count_documents (f->store), ==, 0);
    }
}

/* A million '[' is refused before the parser sees it, quickly; brackets
 * inside strings are text, not nesting. */
static void
test_deep (Fixture       *f,
           gconstpointer  data)
{
  g_autofree char *deep = g_strnfill (1000000, '[');
  g_autoptr(GString) brackets = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  gint64 started = g_get_monotonic_time ();

  g_assert_false (attest_uima_check (deep, strlen (deep), "deep.json", &error));
  g_assert_cmpstr (error->message, ==, "deep.json:1:65: arrays and objects are nested more than 64 deep");
  g_assert_cmpint (g_get_monotonic_time () - started, <, 2 * G_USEC_PER_SEC);
  g_clear_error (&error);

  for (guint i = 0; i < 200; i++)
    g_string_append (brackets, "[{\\\"");
  {
    /* The comment (a string) holds 200 levels of brackets and escaped quotes. */
    g_autofree char *claim = g_strconcat (CLAIM (0, 5, ", \"category\": \"x\", \"comment\": \""), NULL);
    g_autofree char *full = NULL;

    /* CLAIM ends with the object's "}": the comment goes before it. */
    claim[strlen (claim) - 1] = '\0';
    json = g_strconcat (claim, brackets->str, "\"}", NULL);
    full = make_cas (TEXT, json);
    g_assert_true (attest_uima_check (full, strlen (full), "h.json", &error));
    g_assert_no_error (error);
  }
}

/* A cancelled export leaves nothing; a folder not empty is refused; an
 * empty one is filled. */
static void
test_export_folder (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *folder = attest_test_exchange_file (f, "out");
  g_autofree char *json = g_build_filename (folder, "border-report.json", NULL);
  g_autofree char *message = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (folder);
  g_autoptr(GCancellable) cancelled = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = NULL;
  const char *name;

  add_emoji_article (f->store);
  g_cancellable_cancel (cancelled);
  g_assert_false (attest_uima_export (f->store, NULL, file, NULL, NULL, NULL, cancelled, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_false (g_file_test (folder, G_FILE_TEST_EXISTS));

  g_assert_cmpint (g_mkdir (folder, 0750), ==, 0);
  {
    GStatBuf before, after;

    g_assert_cmpint (g_stat (folder, &before), ==, 0);
    attest_test_exchange_export (attest_uima_export, f->store, folder, NULL, NULL);
    g_assert_cmpint (g_stat (folder, &after), ==, 0);
    g_assert_cmpuint (before.st_ino, ==, after.st_ino);
    g_assert_cmpuint (after.st_mode & 0777, ==, 0750);
  }
  g_assert_true (g_file_test (json, G_FILE_TEST_IS_REGULAR));

  message = g_strdup_printf ("%s is not empty: this export goes into a new or empty folder", folder);
  g_assert_false (attest_uima_export (f->store, NULL, file, NULL, NULL, NULL, NULL, &error));
  g_assert_cmpstr (error->message, ==, message);

  /* Nothing but the database and the export beside it. */
  dir = g_dir_open (f->dir, 0, NULL);
  while ((name = g_dir_read_name (dir)))
    g_assert_true (g_str_has_prefix (name, "source.db") || g_str_equal (name, "out"));
}

/* A .json that is a link to a file elsewhere is not read; a file over
 * the limit is refused from its size. */
static void
test_link_and_size (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *secret = attest_test_exchange_file (f, "secret");
  g_autofree char *link = attest_test_exchange_file (f, "link.json");
  g_autofree char *big = attest_test_exchange_file (f, "big.json");
  g_autofree char *json = make_cas (TEXT, CLAIM (0, 5, CAT));
  g_autoptr(GFile) link_file = g_file_new_for_path (link);
  g_autoptr(GFile) big_file = g_file_new_for_path (big);
  g_autoptr(GError) error = NULL;
  FILE *out;

  attest_test_write_file (secret, json, -1);
  g_assert_cmpint (symlink (secret, link), ==, 0);
  g_assert_false (attest_uima_import (f->store, link_file, NULL, NULL, &error));
  g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_IO);
  g_assert_cmpstr (error->message, ==, "link.json: not a regular file");
  g_clear_error (&error);

  out = g_fopen (big, "w");
  g_assert_nonnull (out);
  g_assert_cmpint (ftruncate (fileno (out), (off_t) ATTEST_UIMA_MAX_BYTES + 1), ==, 0);
  fclose (out);
  g_assert_false (attest_uima_import (f->store, big_file, NULL, NULL, &error));
  g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_TOO_LARGE);
  g_assert_cmpstr (error->message, ==, "big.json: 67108865 bytes, larger than the 67108864 a UIMA CAS JSON file may have");
  g_assert_cmpuint (count_documents (f->store), ==, 0);
}

/* Two articles, the second bad: neither is imported. */
static void
test_all_or_nothing (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *folder = attest_test_exchange_file (f, "in");
  g_autofree char *a = g_build_filename (folder, "a.json", NULL);
  g_autofree char *b = g_build_filename (folder, "b.json", NULL);
  g_autofree char *a_json = make_cas ("First article.\\n", CLAIM (0, 5, ", \"category\": \"new-kind\""));
  g_autofree char *b_json = make_cas ("Second article.\\n", CLAIM (7, 99, ", \"category\": \"new-kind\""));
  g_autoptr(GFile) file = g_file_new_for_path (folder);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);
  attest_test_write_file (a, a_json, -1);
  attest_test_write_file (b, b_json, -1);
  g_assert_false (attest_uima_import (f->store, file, NULL, NULL, &error));
  g_assert_cmpstr (error->message, ==,
                   "b.json, feature structure 3: its end 99 is past the end of the text (16 UTF-16 code units)");
  g_assert_cmpuint (count_documents (f->store), ==, 0);
}

/* The command line: export with a filter, import, and a refusal. */
static void
test_cli (Fixture       *f,
          gconstpointer  data)
{
  g_autofree char *folder = attest_test_exchange_file (f, "cli");
  g_autofree char *copy = attest_test_exchange_file (f, "cli-copy.db");
  g_autofree char *bad = attest_test_exchange_file (f, "bad.json");
  g_autofree char *bad_json = make_cas (TEXT, CLAIM (21, 28, CAT));

  attest_test_exchange_annotate (f->store, GROUP_COMMENT, NULL);
  g_assert_finalize_object (g_steal_pointer (&f->store));
  {
    g_auto(AttestTestRun) r = attest_test_cli (f->path, "export", "uima-json", "-o", folder, "--status", "accepted",
                                               NULL);

    g_assert_cmpint (r.status, ==, 0);
    g_assert_nonnull (strstr (r.out, "5 documents"));
    g_assert_nonnull (strstr (r.out, "1 claim."));
  }
  /* Beside the CAS files, two that are none: named, not read. */
  {
    g_autofree char *stray = g_build_filename (folder, "stray.txt", NULL);
    g_autofree char *page = g_build_filename (folder, "TypeSystem.xml", NULL);

    attest_test_write_file (stray, "An article without annotations.\n", -1);
    attest_test_write_file (page, "<typeSystemDescription/>\n", -1);
  }
  {
    g_auto(AttestTestRun) r = attest_test_cli (copy, "import-uima", folder, NULL);

    g_assert_cmpint (r.status, ==, 0);
    g_assert_true (g_str_has_prefix (r.out, "Left out, not part of the annotation set: TypeSystem.xml\n"
                                            "Left out, not part of the annotation set: stray.txt\n"));
    g_assert_nonnull (strstr (r.out, "5 documents imported, 1 claim"));
  }
  /* import tells the folder is a set, and says the same. */
  {
    g_auto(AttestTestRun) r = attest_test_cli (copy, "import", folder, NULL);

    g_assert_cmpint (r.status, ==, 0);
    g_assert_true (g_str_has_prefix (r.out, "Left out, not part of the annotation set: TypeSystem.xml\n"
                                            "Left out, not part of the annotation set: stray.txt\n"));
  }
  attest_test_write_file (bad, bad_json, -1);
  {
    g_auto(AttestTestRun) r = attest_test_cli (copy, "import-uima", bad, NULL);

    g_assert_cmpint (r.status, ==, 4);
    g_assert_cmpstr (r.err, ==, "attest-cli: bad.json, feature structure 3: its begin 21 falls between the two "
                                "halves of a character outside the Basic Multilingual Plane (a surrogate pair); "
                                "nothing was imported\n");
  }
  {
    g_auto(AttestTestRun) r = attest_test_cli (copy, "import-uima", NULL);

    g_assert_cmpint (r.status, ==, 2);
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

/* @categoryDetails carries a claim's category and its parents: into an
 * empty database a nested category comes back under its parent (which no
 * claim uses), with its description, and a retired one retired with its
 * claim; a second export gives the same bytes. A parent nobody has, one
 * key described two ways, and a new claim into a category retired in the
 * database are refused with nothing written. */
static void
test_category_details (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *first = attest_test_exchange_file (f, "first");
  g_autofree char *second = attest_test_exchange_file (f, "second");
  g_autofree char *copy_path = attest_test_exchange_file (f, "copy.db");
  g_autofree char *path = attest_test_exchange_file (f, "c.json");
  g_autofree char *file_path = g_build_filename (first, "eurasia-daily-monitor-226.json", NULL);
  g_autoptr(AttestStore) copy = attest_test_exchange_open_store (copy_path);
  g_autoptr(GFile) folder = g_file_new_for_path (first);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(AttestClaim) group = NULL;
  g_autoptr(AttestClaim) fire = NULL;
  g_autoptr(AttestClaim) old = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *taxonomy_a = NULL;
  g_autofree char *taxonomy_b = NULL;
  g_autofree char *claims_a = NULL;
  g_autofree char *claims_b = NULL;
  g_autofree char *json = NULL;
  AttestImportCounts counts = { 0 };

  attest_test_exchange_annotate (f->store, GROUP_COMMENT, &group);
  add_category (f->store, "staff-drills", "Staff drills", "Drills, courses and <live> practice.", NULL);
  add_category (f->store, "live-fire", "Live fire", NULL, "staff-drills");
  add_category (f->store, "old-term", "Old term", "No longer in use.", NULL);
  fire = attest_test_add_claim (f->store, group->document_uuid, 831, 857, "live-fire");
  old = attest_test_add_claim (f->store, group->document_uuid, 0, 11, "old-term");
  {
    g_autoptr(AttestCategory) c = attest_store_get_category (f->store, "old-term", &error);

    g_assert_no_error (error);
    c->retired = TRUE;
    g_assert_true (attest_store_update_category (f->store, c, &error));
    g_assert_no_error (error);
  }
  attest_test_exchange_export (attest_uima_export, f->store, first, NULL, NULL);
  json = attest_test_read_file (file_path);
  g_assert_nonnull (strstr (json, "\"{\\\"key\\\":\\\"staff-drills\\\",\\\"label\\\":\\\"Staff drills\\\","
                                  "\\\"description\\\":\\\"Drills, courses and <live> practice.\\\"}\",\n"
                                  "        \"{\\\"key\\\":\\\"live-fire\\\",\\\"label\\\":\\\"Live fire\\\","
                                  "\\\"parent\\\":\\\"staff-drills\\\"}\"\n"));
  g_assert_nonnull (strstr (json, "\"{\\\"key\\\":\\\"old-term\\\",\\\"label\\\":\\\"Old term\\\","
                                  "\\\"description\\\":\\\"No longer in use.\\\",\\\"retired\\\":true}\"\n"));

  g_assert_true (attest_uima_import (copy, folder, &counts, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (counts.categories_added, ==, 3);
  g_assert_cmpuint (counts.claims_added, ==, 5);
  attest_test_exchange_export (attest_uima_export, copy, second, NULL, NULL);
  assert_same_folders (first, second);
  taxonomy_a = dup_taxonomy (f->store);
  taxonomy_b = dup_taxonomy (copy);
  /* In the order the claims first use them (a CAS holds no taxonomy). */
  g_assert_true (g_str_has_suffix (taxonomy_b,
                                   "old-term|Old term|No longer in use.|-|retired\n"
                                   "staff-drills|Staff drills|Drills, courses and <live> practice.|-|live\n"
                                   "live-fire|Live fire|-|staff-drills|live\n"));
  claims_a = dup_claims (f->store);
  claims_b = dup_claims (copy);
  g_assert_cmpstr (claims_a, ==, claims_b);

  /* The same files as written before @categoryDetails: they import as
   * then, a new category top-level and live. */
  {
    g_autofree char *older_path = attest_test_exchange_file (f, "older.db");
    g_autofree char *older_dir = attest_test_exchange_file (f, "older");
    g_autoptr(AttestStore) older = attest_test_exchange_open_store (older_path);
    g_autoptr(GFile) older_folder = g_file_new_for_path (older_dir);
    g_autoptr(AttestCategory) fire_back = NULL;
    g_autoptr(AttestCategory) old_back = NULL;
    g_autoptr(GDir) dir = g_dir_open (first, 0, NULL);
    const char *name;

    g_assert_cmpint (g_mkdir (older_dir, 0700), ==, 0);
    while ((name = g_dir_read_name (dir)))
      {
        g_autofree char *from = g_build_filename (first, name, NULL);
        g_autofree char *to = g_build_filename (older_dir, name, NULL);
        g_autoptr(JsonParser) parser = json_parser_new ();
        g_autoptr(JsonGenerator) generator = json_generator_new ();
        g_autofree char *text = NULL;
        JsonArray *list;

        g_assert_true (json_parser_load_from_file (parser, from, &error));
        g_assert_no_error (error);
        list = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                             "%FEATURE_STRUCTURES");
        for (guint i = 0; i < json_array_get_length (list); i++)
          {
            JsonObject *o = json_array_get_object_element (list, i);

            if (json_object_has_member (o, "@categoryDetails"))
              json_object_remove_member (o, "@categoryDetails");
          }
        json_generator_set_root (generator, json_parser_get_root (parser));
        text = json_generator_to_data (generator, NULL);
        attest_test_write_file (to, text, -1);
      }
    memset (&counts, 0, sizeof counts);
    g_assert_true (attest_uima_import (older, older_folder, &counts, NULL, &error));
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

  /* Another annotator's new claim into the category retired in the copy. */
  g_clear_pointer (&json, g_free);
  json = make_cas ("Text one troops.", ",\n{\"%ID\": 3, \"%TYPE\": \"webanno.custom.Claim\", \"@sofa\": 1, "
                   "\"begin\": 0, \"end\": 4, \"category\": \"old-term\", \"annotator\": \"Zed Other\"}");
  attest_test_write_file (path, json, -1);
  g_assert_false (attest_uima_import (copy, file, NULL, NULL, &error));
  g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_FORMAT);
  g_assert_cmpstr (error->message, ==, "c.json, feature structure 3: the category old-term is retired; restore it "
                                       "to import claims into it");
  g_clear_error (&error);
  g_clear_pointer (&claims_b, g_free);
  claims_b = dup_claims (copy);
  g_assert_cmpstr (claims_a, ==, claims_b);
  g_assert_finalize_object (g_steal_pointer (&copy));

  /* A parent neither the file nor the database has: the editor's rule. */
  g_clear_pointer (&json, g_free);
  json = make_cas ("Text one troops.", ",\n{\"%ID\": 3, \"%TYPE\": \"webanno.custom.Claim\", \"@sofa\": 1, "
                   "\"begin\": 0, \"end\": 4, \"category\": \"orphan\", \"@categoryDetails\": 4},\n"
                   "{\"%ID\": 4, \"%TYPE\": \"uima.cas.StringArray\", \"%ELEMENTS\": "
                   "[\"{\\\"key\\\":\\\"orphan\\\",\\\"parent\\\":\\\"nowhere\\\"}\"]}");
  attest_test_write_file (path, json, -1);
  g_assert_false (attest_uima_import (f->store, file, NULL, NULL, &error));
  g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_FORMAT);
  g_assert_cmpstr (error->message, ==, "c.json, feature structure 3: No category “nowhere” to be the parent of "
                                       "“orphan”");
  g_clear_error (&error);

  /* One key, two descriptions. */
  g_clear_pointer (&json, g_free);
  json = make_cas ("Text one troops.", ",\n{\"%ID\": 3, \"%TYPE\": \"webanno.custom.Claim\", \"@sofa\": 1, "
                   "\"begin\": 0, \"end\": 4, \"category\": \"twice\", \"@categoryDetails\": 5},\n"
                   "{\"%ID\": 4, \"%TYPE\": \"webanno.custom.Claim\", \"@sofa\": 1, "
                   "\"begin\": 5, \"end\": 8, \"category\": \"twice\", \"@categoryDetails\": 6},\n"
                   "{\"%ID\": 5, \"%TYPE\": \"uima.cas.StringArray\", \"%ELEMENTS\": "
                   "[\"{\\\"key\\\":\\\"twice\\\",\\\"description\\\":\\\"One.\\\"}\"]},\n"
                   "{\"%ID\": 6, \"%TYPE\": \"uima.cas.StringArray\", \"%ELEMENTS\": "
                   "[\"{\\\"key\\\":\\\"twice\\\",\\\"description\\\":\\\"Two.\\\"}\"]}");
  attest_test_write_file (path, json, -1);
  g_assert_false (attest_uima_import (f->store, file, NULL, NULL, &error));
  g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_FORMAT);
  g_assert_cmpstr (error->message, ==, "c.json, feature structure 4: its category details describe twice otherwise "
                                       "than c.json, feature structure 3");
  g_clear_error (&error);
  g_clear_pointer (&taxonomy_b, g_free);
  taxonomy_b = dup_taxonomy (f->store);
  g_assert_cmpstr (taxonomy_a, ==, taxonomy_b);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/uima/utf16", test_utf16);
#define ADD(path, func) \
  g_test_add ("/uima/" path, Fixture, NULL, attest_test_exchange_set_up, func, attest_test_exchange_tear_down)
  ADD ("export-exact", test_export_exact);
  ADD ("export-samples", test_export_samples);
  ADD ("round-trip", test_round_trip);
  ADD ("round-trip/sources", test_round_trip_sources);
  ADD ("crlf-bom-emoji", test_crlf);
  ADD ("other-layer", test_other_layer);
  ADD ("hostile", test_hostile);
  ADD ("deep", test_deep);
  ADD ("export-folder", test_export_folder);
  ADD ("link-and-size", test_link_and_size);
  ADD ("all-or-nothing", test_all_or_nothing);
  ADD ("cli", test_cli);
  ADD ("category-details", test_category_details);
#undef ADD

  return g_test_run ();
}
