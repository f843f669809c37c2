/* test-news.c — metadata and attributions of news in many outlets' styles.
 *
 * tests/data/news/ holds articles written for these tests (invented
 * sentences) in the styles of an international wire, Russian and Central
 * Asian agencies, a web magazine, a think-tank analysis, newspapers, a
 * forum repost and a press release, as plain text and as saved pages; the
 * five sample articles are listed beside them. expected.json gives, for
 * each, its exact title, author, date and outlet and every attribution in
 * text order: how it was found, its text, outlet, place, date, and the
 * first and last words of the text it covers. Anything found that is not
 * listed (a photo credit, a byline, "(CSTO)") fails the test.
 */
#include <json-glib/json-glib.h>
#include <string.h>

#include "attest-article-reader.h"
#include "attest-citation-scanner.h"

static JsonObject *
load_set (JsonParser **parser,
          const char  *set)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", set, "expected.json", NULL);
  g_autoptr(GError) error = NULL;

  *parser = json_parser_new ();
  json_parser_load_from_file (*parser, path, &error);
  g_assert_no_error (error);
  return json_node_get_object (json_parser_get_root (*parser));
}

static const char *
member (JsonObject *object,
        const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  g_assert_nonnull (node);
  return JSON_NODE_HOLDS_NULL (node) ? NULL : json_node_get_string (node);
}

static char *
covered_end (const char *text,
             gint64      start,
             gint64      end,
             gboolean    last)
{
  glong n = end - start;
  g_autofree char *covered = g_utf8_substring (text, start, end);

  return last ? g_utf8_substring (covered, MAX (0, n - 24), n) : g_utf8_substring (covered, 0, MIN (n, 24));
}

static void
test_article (gconstpointer data)
{
  const char *name = data;
  g_autoptr(JsonParser) parser = NULL;
  JsonObject *all = load_set (&parser, "news");
  JsonObject *expected = json_object_get_object_member (all, name);
  JsonArray *attributions = json_object_get_array_member (expected, "attributions");
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestDocument) doc = NULL;
  g_autoptr(GPtrArray) citations = NULL;

  doc = attest_article_reader_read_file (file, NULL, &error);
  g_assert_no_error (error);

  g_assert_cmpstr (doc->title, ==, member (expected, "title"));
  g_assert_cmpstr (doc->author, ==, member (expected, "author"));
  g_assert_cmpstr (doc->date, ==, member (expected, "date"));
  g_assert_cmpstr (doc->publication, ==, member (expected, "outlet"));

  citations = attest_citation_scanner_scan (doc->text, doc->date);
  for (guint i = 0; i < MIN (citations->len, json_array_get_length (attributions)); i++)
    {
      AttestCitation *c = g_ptr_array_index (citations, i);
      JsonObject *e = json_array_get_object_element (attributions, i);
      g_autofree char *at = g_utf8_substring (doc->text, c->start, c->end);
      g_autofree char *from = covered_end (doc->text, c->cover_start, c->cover_end, FALSE);
      g_autofree char *to = covered_end (doc->text, c->cover_start, c->cover_end, TRUE);

      g_test_message ("%s: attribution %u, “%s”", name, i, c->text);
      g_assert_cmpstr (attest_citation_kind_to_string (c->kind), ==, member (e, "kind"));
      g_assert_cmpstr (c->text, ==, member (e, "text"));
      g_assert_cmpstr (at, ==, c->text);
      g_assert_cmpstr (c->source->outlet, ==, member (e, "outlet"));
      g_assert_cmpstr (c->source->canonical, ==, member (e, "canonical"));
      g_assert_cmpstr (c->source->place, ==, member (e, "place"));
      g_assert_cmpstr (c->source->date_text, ==, member (e, "date"));
      g_assert_cmpstr (c->source->when, ==, member (e, "when"));
      g_assert_cmpstr (from, ==, member (e, "covers_from"));
      g_assert_cmpstr (to, ==, member (e, "covers_to"));
      /* The attribution lies in what it covers, or closes it. */
      g_assert_cmpint (c->cover_start, <=, c->start);
      g_assert_cmpint (c->end, <=, c->cover_end);
    }
  g_assert_cmpuint (citations->len, ==, json_array_get_length (attributions));
}

/* The second set (news-2/) was written apart from the code, by someone
 * who had not read it, in the styles of sixteen more outlets; its answers
 * give each attribution's text and outlet. */
static void
test_second_set (gconstpointer data)
{
  const char *name = data;
  g_autoptr(JsonParser) parser = NULL;
  JsonObject *all = load_set (&parser, "news-2");
  JsonObject *expected = json_object_get_object_member (all, name);
  JsonArray *attributions = json_object_get_array_member (expected, "attributions");
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "news-2", name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestDocument) doc = NULL;
  g_autoptr(GPtrArray) citations = NULL;

  doc = attest_article_reader_read_file (file, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (doc->title, ==, member (expected, "title"));
  g_assert_cmpstr (doc->author, ==, member (expected, "author"));
  g_assert_cmpstr (doc->date, ==, member (expected, "date"));
  g_assert_cmpstr (doc->publication, ==, member (expected, "outlet"));

  citations = attest_citation_scanner_scan (doc->text, doc->date);
  for (guint i = 0; i < MIN (citations->len, json_array_get_length (attributions)); i++)
    {
      AttestCitation *c = g_ptr_array_index (citations, i);
      JsonObject *e = json_array_get_object_element (attributions, i);

      g_test_message ("%s: attribution %u, “%s”", name, i, c->text);
      g_assert_cmpstr (c->text, ==, member (e, "text"));
      g_assert_cmpstr (c->source->outlet, ==, member (e, "outlet"));
      g_assert_cmpint (c->cover_start, <=, c->start);
      g_assert_cmpint (c->end, <=, c->cover_end);
    }
  g_assert_cmpuint (citations->len, ==, json_array_get_length (attributions));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(JsonParser) second = NULL;
  g_autoptr(GList) names = NULL;
  g_autoptr(GList) second_names = NULL;
  JsonObject *all;

  g_test_init (&argc, &argv, NULL);

  second_names = json_object_get_members (load_set (&second, "news-2"));
  g_assert_cmpuint (g_list_length (second_names), ==, 16);
  for (GList *l = second_names; l != NULL; l = l->next)
    {
      g_autofree char *test = g_strdup_printf ("/news-2/%s", (const char *) l->data);

      g_test_add_data_func_full (test, g_strdup (l->data), test_second_set, g_free);
    }

  all = load_set (&parser, "news");
  names = json_object_get_members (all);
  g_assert_cmpuint (g_list_length (names), ==, 19);
  for (GList *l = names; l != NULL; l = l->next)
    {
      g_autofree char *test = g_strdup_printf ("/news/%s", (const char *) l->data);

      g_test_add_data_func_full (test, g_strdup (l->data), test_article, g_free);
    }

  return g_test_run ();
}
