/* attest-bench-sources.c — how well and how fast Attest finds sources.
 *
 * Reads sets of articles with their expected metadata and attributions
 * (tests/data/news/, news-2/ and news-3/, or any expected.json of that
 * form given with --expected, once per set) and reports, over them all:
 *   - attribution precision and recall: a found attribution is right when
 *     an expected one has the same text and outlet (each counted once);
 *   - metadata accuracy per field (title, author, date, outlet): the share
 *     of articles where the field is exactly as expected (none included);
 *   - the scanner's speed over 10,000 articles, beside the floor measured
 *     in the same run: one pass over the same texts that only splits them
 *     into lines and counts characters, as any scan must.
 * Goals (issue "Sources and metadata in any outlet's words"): precision
 * ≥ 0.95, recall ≥ 0.90, every field ≥ 0.9, 10,000 articles under 2 s.
 */
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>

#include "attest-article-reader.h"
#include "attest-citation-scanner.h"

#define SCANS 10000

typedef struct
{
  guint right, wrong;
} Field;

static const char *
member (JsonObject *object,
        const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node == NULL || JSON_NODE_HOLDS_NULL (node) ? NULL : json_node_get_string (node);
}

static void
score (Field      *field,
       const char *found,
       const char *expected,
       const char *article,
       const char *name,
       gboolean    verbose)
{
  if (g_strcmp0 (found, expected) == 0)
    field->right++;
  else
    {
      field->wrong++;
      if (verbose)
        g_print ("  %s: %s is “%s”, expected “%s”\n", article, name, found ? found : "(none)",
                 expected ? expected : "(none)");
    }
}

int
main (int   argc,
      char *argv[])
{
  g_auto(GStrv) expected_paths = NULL;
  gboolean verbose = FALSE;
  const GOptionEntry entries[] = {
    { "expected", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &expected_paths, "Articles and their expected sources (JSON)", "FILE" },
    { "verbose", 'v', 0, G_OPTION_ARG_NONE, &verbose, "List every miss", NULL },
    { NULL },
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("— measure the citation scanner and the metadata reader");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) dates = g_ptr_array_new_with_free_func (g_free);
  Field title = { 0 }, author = { 0 }, date = { 0 }, outlet = { 0 };
  guint tp = 0, fp = 0, fn = 0;
  gint64 t0;
  double scan_s, floor_s;
  guint found_total = 0;
  gint64 chars = 0;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("attest-bench-sources: %s\n", error->message);
      return 2;
    }
  if (expected_paths == NULL)
    {
      expected_paths = g_new0 (char *, 4);
      expected_paths[0] = g_build_filename (ATTEST_SOURCE_ROOT, "tests", "data", "news", "expected.json", NULL);
      expected_paths[1] = g_build_filename (ATTEST_SOURCE_ROOT, "tests", "data", "news-2", "expected.json", NULL);
      expected_paths[2] = g_build_filename (ATTEST_SOURCE_ROOT, "tests", "data", "news-3", "expected.json", NULL);
    }

  for (guint set = 0; expected_paths[set] != NULL; set++)
    {
      const char *expected_path = expected_paths[set];
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GList) names = NULL;
      g_autofree char *base = g_path_get_dirname (expected_path);
      JsonObject *all;

      /* Keys name files relative to tests/data (the folder above
       * expected.json's), or beside expected.json. */
      if (!json_parser_load_from_file (parser, expected_path, &error))
        {
          g_printerr ("attest-bench-sources: %s\n", error->message);
          return 1;
        }
      all = json_node_get_object (json_parser_get_root (parser));
      names = json_object_get_members (all);
      g_print ("set: %s, %u articles\n", expected_path, g_list_length (names));

  for (GList *l = names; l != NULL; l = l->next)
        {
          const char *name = l->data;
          JsonObject *e = json_object_get_object_member (all, name);
          JsonArray *attributions = json_object_get_array_member (e, "attributions");
          g_autofree char *parent = g_path_get_dirname (base);
          g_autofree char *path = g_build_filename (parent, name, NULL);
          g_autoptr(GFile) file = NULL;
          g_autoptr(AttestDocument) doc = NULL;
          g_autoptr(GPtrArray) citations = NULL;
          g_autoptr(GHashTable) wanted = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

          if (!g_file_test (path, G_FILE_TEST_EXISTS))
            {
              g_free (path);
              path = g_build_filename (base, name, NULL);
            }
          file = g_file_new_for_path (path);
          doc = attest_article_reader_read_file (file, NULL, &error);
          if (doc == NULL)
            {
              g_printerr ("attest-bench-sources: %s\n", error->message);
              return 1;
            }

          score (&title, doc->title, member (e, "title"), name, "the title", verbose);
          score (&author, doc->author, member (e, "author"), name, "the author", verbose);
          score (&date, doc->date, member (e, "date"), name, "the date", verbose);
          score (&outlet, doc->publication, member (e, "outlet"), name, "the outlet", verbose);

          /* Expected attributions as a multiset of "text\x1foutlet". */
          for (guint i = 0; i < json_array_get_length (attributions); i++)
            {
              JsonObject *a = json_array_get_object_element (attributions, i);
              char *key = g_strdup_printf ("%s\x1f%s", member (a, "text"), member (a, "outlet"));
              guint n = GPOINTER_TO_UINT (g_hash_table_lookup (wanted, key));

              g_hash_table_replace (wanted, key, GUINT_TO_POINTER (n + 1));
            }

          citations = attest_citation_scanner_scan (doc->text, doc->date);
          for (guint i = 0; i < citations->len; i++)
            {
              AttestCitation *c = g_ptr_array_index (citations, i);
              g_autofree char *key = g_strdup_printf ("%s\x1f%s", c->text, c->source->outlet);
              guint n = GPOINTER_TO_UINT (g_hash_table_lookup (wanted, key));

              if (n > 0)
                {
                  tp++;
                  g_hash_table_replace (wanted, g_steal_pointer (&key), GUINT_TO_POINTER (n - 1));
                }
              else
                {
                  fp++;
                  if (verbose)
                    g_print ("  %s: found “%s” (%s), not expected\n", name, c->text, c->source->outlet);
                }
            }
          {
            GHashTableIter iter;
            gpointer key, value;

            g_hash_table_iter_init (&iter, wanted);
            while (g_hash_table_iter_next (&iter, &key, &value))
              {
                fn += GPOINTER_TO_UINT (value);
                if (verbose && GPOINTER_TO_UINT (value) > 0)
                  g_print ("  %s: missed “%s”\n", name, (const char *) key);
              }
          }

          g_ptr_array_add (texts, g_strdup (doc->text));
          g_ptr_array_add (dates, g_strdup (doc->date));
        }

    }

  if (texts->len == 0)
    {
      g_printerr ("attest-bench-sources: no articles\n");
      return 1;
    }

  /* Speed: the scanner over 10,000 articles, and the floor. */
  t0 = g_get_monotonic_time ();
  for (guint i = 0; i < SCANS; i++)
    {
      g_autoptr(GPtrArray) citations = attest_citation_scanner_scan (g_ptr_array_index (texts, i % texts->len),
                                                                     g_ptr_array_index (dates, i % texts->len));
      found_total += citations->len;
    }
  scan_s = (g_get_monotonic_time () - t0) / 1e6;

  t0 = g_get_monotonic_time ();
  for (guint i = 0; i < SCANS; i++)
    {
      const char *text = g_ptr_array_index (texts, i % texts->len);

      if (!g_utf8_validate (text, -1, NULL))
        return 1;
      for (const char *p = text;;)
        {
          const char *nl = strchr (p, '\n');

          chars += g_utf8_strlen (p, nl ? nl - p : -1);
          if (nl == NULL)
            break;
          p = nl + 1;
        }
    }
  floor_s = (g_get_monotonic_time () - t0) / 1e6;

  g_print ("articles: %u\n", texts->len);
  g_print ("attributions: %u right, %u wrong, %u missed: precision %.3f (goal 0.95), recall %.3f (goal 0.90)\n",
           tp, fp, fn, tp + fp ? (double) tp / (tp + fp) : 1.0, tp + fn ? (double) tp / (tp + fn) : 1.0);
  g_print ("metadata accuracy: title %.3f, author %.3f, date %.3f, outlet %.3f (goal 0.9 each)\n",
           (double) title.right / texts->len, (double) author.right / texts->len,
           (double) date.right / texts->len, (double) outlet.right / texts->len);
  g_print ("scanner: %d articles in %.3f s (goal 2 s), %u citations; floor (validate, split lines, count characters): %.3f s\n",
           SCANS, scan_s, found_total, floor_s);
  return chars > 0 ? 0 : 1;
}
