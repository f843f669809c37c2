/* test-models.c — the model objects' read-only properties mirror their fields. */
#include "config.h"

#include "attest-category.h"
#include "attest-claim.h"
#include "attest-document.h"
#include "attest-source.h"

#include <string.h>

static void
test_claim_properties (void)
{
  g_autoptr(AttestClaim) claim = attest_claim_new ();
  g_autofree char *uuid = NULL, *quote = NULL, *category = NULL, *status = NULL, *certainty = NULL, *comment = NULL;
  gint64 start = 0, end = 0, version = 0;

  claim->uuid = g_strdup ("7d3f0e4a-0000-4000-8000-000000000001");
  claim->start = 12;
  claim->end = 40;
  claim->quote = g_strdup ("troops were moved to the border");
  claim->category = g_strdup ("troop-deployment");
  claim->status = g_strdup ("accepted");
  claim->version = 3;

  g_object_get (claim, "uuid", &uuid, "start", &start, "end", &end, "quote", &quote,
                "category", &category, "status", &status, "certainty", &certainty,
                "comment", &comment, "version", &version, NULL);
  g_assert_cmpstr (uuid, ==, "7d3f0e4a-0000-4000-8000-000000000001");
  g_assert_cmpint (start, ==, 12);
  g_assert_cmpint (end, ==, 40);
  g_assert_cmpstr (quote, ==, "troops were moved to the border");
  g_assert_cmpstr (category, ==, "troop-deployment");
  g_assert_cmpstr (status, ==, "accepted");
  g_assert_null (certainty);
  g_assert_null (comment);
  g_assert_cmpint (version, ==, 3);

  /* Read-only: a binding can follow them, nobody can set them. */
  g_assert_false (g_object_class_find_property (G_OBJECT_GET_CLASS (claim), "status")->flags & G_PARAM_WRITABLE);
  g_assert_finalize_object (g_steal_pointer (&claim));
}

static void
test_category_properties (void)
{
  g_autoptr(AttestCategory) category = attest_category_new ();
  g_autofree char *key = NULL, *color = NULL, *parent = NULL;
  int shortcut = 0;
  gboolean retired = TRUE;
  gint64 count = 0;

  category->key = g_strdup ("military-base");
  category->color = g_strdup ("#ff7800");
  category->claim_count = 17;

  g_object_get (category, "key", &key, "color", &color, "parent-key", &parent,
                "shortcut", &shortcut, "retired", &retired, "claim-count", &count, NULL);
  g_assert_cmpstr (key, ==, "military-base");
  g_assert_cmpstr (color, ==, "#ff7800");
  g_assert_null (parent);
  g_assert_cmpint (shortcut, ==, -1);   /* none, as attest_category_new () leaves it */
  g_assert_false (retired);
  g_assert_cmpint (count, ==, 17);
  g_assert_finalize_object (g_steal_pointer (&category));
}

static void
test_source_properties (void)
{
  g_autoptr(AttestSource) source = attest_source_new ();
  g_autofree char *outlet = NULL, *canonical = NULL, *when = NULL, *url = NULL;
  gint64 citations = 0;

  source->outlet = g_strdup ("Itar-Tass");
  source->canonical = g_strdup ("TASS");
  source->when = g_strdup ("--12-01");
  source->citation_count = 2;

  g_object_get (source, "outlet", &outlet, "canonical", &canonical, "when", &when,
                "url", &url, "citation-count", &citations, NULL);
  g_assert_cmpstr (outlet, ==, "Itar-Tass");
  g_assert_cmpstr (canonical, ==, "TASS");
  g_assert_cmpstr (when, ==, "--12-01");
  g_assert_null (url);
  g_assert_cmpint (citations, ==, 2);
  g_assert_finalize_object (g_steal_pointer (&source));
}

static void
test_document_properties (void)
{
  g_autoptr(AttestDocument) document = attest_document_new ();
  g_autofree char *title = NULL, *format = NULL, *author = NULL;
  gint64 length = 0;

  document->title = g_strdup ("Moscow moves troops");
  document->format = g_strdup ("pdf");
  attest_document_set_text (document, "Мир и война");

  g_object_get (document, "title", &title, "format", &format, "author", &author,
                "length", &length, NULL);
  g_assert_cmpstr (title, ==, "Moscow moves troops");
  g_assert_cmpstr (format, ==, "pdf");
  g_assert_null (author);
  g_assert_cmpint (length, ==, 11);     /* characters, not bytes */
  g_assert_finalize_object (g_steal_pointer (&document));
}

/* Counting characters a word at a time gives what g_utf8_strlen() gives,
 * at every length and alignment, for 1- to 4-byte characters. */
static void
test_utf8_length (void)
{
  const char *text = "Moscow (Interfax) — Москва, 12 декабря 🇷🇺: «ТАСС» said 中文 ok.";
  gsize bytes = strlen (text);

  g_assert_cmpuint (attest_utf8_length ("", 0), ==, 0);
  g_assert_cmpuint (attest_utf8_length ("abcdefgh", 8), ==, 8);
  g_assert_cmpuint (attest_utf8_length ("абвгдежз", 16), ==, 8);
  g_assert_cmpuint (attest_utf8_length ("🇷🇺", 8), ==, 2);
  g_assert_cmpuint (attest_utf8_length (text, bytes), ==, 61);
  for (gsize start = 0; start < bytes; start = g_utf8_next_char (text + start) - text)
    for (gsize end = start; end <= bytes; end = end < bytes ? (gsize) (g_utf8_next_char (text + end) - text) : bytes + 1)
      g_assert_cmpuint (attest_utf8_length (text + start, end - start), ==,
                        g_utf8_strlen (text + start, end - start));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/models/claim", test_claim_properties);
  g_test_add_func ("/models/category", test_category_properties);
  g_test_add_func ("/models/source", test_source_properties);
  g_test_add_func ("/models/document", test_document_properties);
  g_test_add_func ("/models/utf8-length", test_utf8_length);
  return g_test_run ();
}
