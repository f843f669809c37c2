/* test-search.c — the full-text search as the sidebar uses it: each word a
 * prefix, quoted words a phrase, anything typed safe (never an FTS5 syntax
 * error), Cyrillic in any case, snippets with the matches marked, and
 * where the first match is in the text. */
#include "config.h"

#include <string.h>

#include "attest-error.h"
#include "attest-store.h"
#include "attest-test-utils.h"

typedef struct {
  char        *dir;
  AttestStore *store;
  char        *uuids[ATTEST_TEST_N_SAMPLES + 1];  /* the samples, then the Russian one */
} Fixture;

static const char russian_text[] =
  "Соглашение о долге\n\n"
  "Министр финансов Боков подписал соглашение о реструктуризации долга. "
  "БОКОВ сказал, что сделка по долгу выгодна обеим сторонам.";

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestDocument) russian = attest_document_new ();
  g_autofree char *path = NULL;

  f->dir = attest_test_make_tmp_dir ("attest-search-XXXXXX");
  path = g_build_filename (f->dir, "team.db", NULL);
  f->store = attest_store_open (path, ATTEST_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < ATTEST_TEST_N_SAMPLES; i++)
    {
      g_autoptr(AttestDocument) doc = attest_test_import_sample (f->store, attest_test_samples[i], NULL);
      g_assert_nonnull (doc);
      f->uuids[i] = g_strdup (doc->uuid);
    }
  russian->title = g_strdup ("Соглашение о долге");
  russian->origin = g_strdup ("russian.txt");
  attest_document_set_text (russian, russian_text);
  g_assert_true (attest_store_add_document (f->store, russian, NULL, &error));
  g_assert_no_error (error);
  f->uuids[ATTEST_TEST_N_SAMPLES] = g_strdup (russian->uuid);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_assert_finalize_object (g_steal_pointer (&f->store));
  attest_test_remove_tree (f->dir);
  for (guint i = 0; i < G_N_ELEMENTS (f->uuids); i++)
    g_free (f->uuids[i]);
  g_free (f->dir);
}

/* The hits' documents as sample numbers (0…4, 5 for the Russian one),
 * sorted, as "1 3": the order FTS5 ranks them in is its own business. */
static char *
found (Fixture    *f,
       const char *query)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) hits = attest_store_search (f->store, query, 0, &error);
  g_autoptr(GString) out = g_string_new (NULL);
  gboolean seen[G_N_ELEMENTS (f->uuids)] = { 0 };

  g_assert_no_error (error);
  g_assert_nonnull (hits);
  for (guint i = 0; i < hits->len; i++)
    {
      AttestSearchHit *hit = g_ptr_array_index (hits, i);

      for (guint j = 0; j < G_N_ELEMENTS (f->uuids); j++)
        if (g_str_equal (hit->document->uuid, f->uuids[j]))
          {
            g_assert_false (seen[j]);
            seen[j] = TRUE;
          }
    }
  for (guint j = 0; j < G_N_ELEMENTS (f->uuids); j++)
    if (seen[j])
      g_string_append_printf (out, "%s%u", out->len ? " " : "", j);
  return g_strdup (out->str);
}

#define assert_found(f, query, expected) \
  G_STMT_START { g_autofree char *_got = found ((f), (query)); g_assert_cmpstr (_got, ==, (expected)); } G_STMT_END

static void
test_prefix (Fixture       *f,
             gconstpointer  data)
{
  /* "Baronov" is only in sample 3, "Rakhmonov" in 2 and 3. */
  assert_found (f, "Baronov", "3");
  assert_found (f, "Baro", "3");
  assert_found (f, "baro", "3");
  assert_found (f, "Rakh", "2 3");
  /* Every word must match, each as a prefix. */
  assert_found (f, "Rakh Baro", "3");
  assert_found (f, "zeppelin", "");
  /* A prefix only matches words that start with it. */
  assert_found (f, "aronov", "");
}

static void
test_phrase (Fixture       *f,
             gconstpointer  data)
{
  /* Every sample but 001 has "border guards" as two words … */
  assert_found (f, "border guards", "0 2 3 4");
  assert_found (f, "\"border guards\"", "0 2 3 4");
  /* … but not always side by side in this order. */
  assert_found (f, "\"guards border\"", "");
  /* A phrase matches as written, not as a prefix. */
  assert_found (f, "\"Baronov\"", "3");
  assert_found (f, "\"Baro\"", "");
  assert_found (f, "\"Major-General Aleksandr Baronov\"", "3");
  assert_found (f, "\"Aleksandr Baronov\" Rakh", "3");
}

static void
test_hostile (Fixture       *f,
              gconstpointer  data)
{
  const char *queries[] = {
    "\"", "\"\"", "\"\"\"", "*", "**", "-", "- -", "(", ")", "()", "^", ":", "+", "NEAR", "NEAR(",
    "NEAR(Baronov Rakh, 3)", "Baronov*", "Baronov -Rakh", "Baronov NOT Rakh", "Baronov OR zeppelin",
    "Baronov AND", "title:Baronov", "{title}: Baronov", "\"Baronov", "Baronov\"", "Baro\"nov",
    "Baronov )", "'Baronov'", "Baronov;DROP TABLE documents", "\\", "%", "_",
  };

  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) hits = attest_store_search (f->store, queries[i], 0, &error);

      /* Nothing to look for is "empty", never a syntax error. */
      if (hits == NULL)
        g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID);
      else
        g_assert_no_error (error);
    }

  /* The words of the punctuation are searched, the operators as words. */
  assert_found (f, "Baronov*", "3");
  assert_found (f, "Baronov -Rakh", "3");
  assert_found (f, "(Baronov)", "3");
  assert_found (f, "Rakh, (Baronov)", "3");
  /* Words joined by punctuation are side by side, as in "Major-General". */
  assert_found (f, "Major-Gen", "3");
  assert_found (f, "General-Major", "");
  assert_found (f, "Baronov AND", "3");
  /* "NOT" excludes nothing: it is a word (every sample has "not"). */
  assert_found (f, "Baronov NOT", "3");
  assert_found (f, "Baronov OR zeppelin", "");
  assert_found (f, "Baronov: Rakh,", "3");
  /* A quote without its pair is left out; the pair makes a phrase. */
  assert_found (f, "\"Baronov", "3");
  assert_found (f, "Baronov\"", "3");
  assert_found (f, "\"Aleksandr Baro", "3");
  assert_found (f, "Baronov;DROP TABLE documents", "");
  assert_found (f, "Baronov - *", "3");
  {
    g_autoptr(GError) error = NULL;
    g_autofree char *titles = NULL;

    g_assert_null (attest_store_search (f->store, "\"\" * - ( )", 0, &error));
    g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID);
  }
  {
    /* The table survived. */
    g_autoptr(GPtrArray) docs = attest_store_list_documents (f->store, NULL);
    g_assert_cmpuint (docs->len, ==, 6);
  }
}

static void
test_cyrillic (Fixture       *f,
               gconstpointer  data)
{
  assert_found (f, "Боков", "5");
  assert_found (f, "боков", "5");
  assert_found (f, "БОК", "5");
  assert_found (f, "бок", "5");
  /* "долг" is the start of "долга", "долге" and "долгу". */
  assert_found (f, "долг", "5");
  assert_found (f, "\"соглашение о реструктуризации\"", "5");
  assert_found (f, "\"реструктуризации соглашение\"", "");
  assert_found (f, "Боков Baronov", "");
}

static void
test_snippet (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) hits = attest_store_search (f->store, "бок", 0, &error);
  AttestSearchHit *hit;

  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, 1);
  hit = g_ptr_array_index (hits, 0);
  g_assert_cmpstr (hit->document->uuid, ==, f->uuids[ATTEST_TEST_N_SAMPLES]);
  g_assert_null (hit->document->text);
  /* Twelve words around the matches, on one line, each match marked;
   * "…" where the text goes on. */
  g_assert_cmpstr (hit->snippet, ==,
                   "Соглашение о долге Министр финансов [Боков] подписал соглашение о реструктуризации "
                   "долга. [БОКОВ]…");
  g_assert_cmpstr (hit->snippet_marked, ==,
                   "Соглашение о долге Министр финансов \002Боков\003 подписал соглашение о реструктуризации "
                   "долга. \002БОКОВ\003…");

  g_clear_pointer (&hits, g_ptr_array_unref);
  hits = attest_store_search (f->store, "\"Aleksandr Baronov\"", 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, 1);
  hit = g_ptr_array_index (hits, 0);
  g_assert_nonnull (strstr (hit->snippet_marked, "\002Aleksandr Baronov\003"));
  g_assert_nonnull (strstr (hit->snippet, "[Aleksandr Baronov]"));
}

static void
test_find_match (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestDocument) doc = attest_store_get_document (f->store, f->uuids[3], &error);
  gint64 start = -1, end = -1;
  g_autofree char *word = NULL;

  g_assert_no_error (error);
  /* The first "Baronov" of sample 3, found by its prefix. */
  g_assert_true (attest_store_find_match (f->store, f->uuids[3], "baro", &start, &end, &error));
  g_assert_no_error (error);
  word = attest_document_dup_range (doc, start, end);
  g_assert_cmpstr (word, ==, "Baronov");
  g_assert_cmpint (start, ==, attest_document_find (doc, "Baronov", 0));

  /* A phrase: the whole phrase. */
  g_clear_pointer (&word, g_free);
  g_assert_true (attest_store_find_match (f->store, f->uuids[3], "\"Aleksandr Baronov\"", &start, &end, &error));
  word = attest_document_dup_range (doc, start, end);
  g_assert_cmpstr (word, ==, "Aleksandr Baronov");

  /* Words typed side by side: one match over both. */
  g_clear_pointer (&word, g_free);
  g_assert_true (attest_store_find_match (f->store, f->uuids[3], "aleksandr baro", &start, &end, &error));
  word = attest_document_dup_range (doc, start, end);
  g_assert_cmpstr (word, ==, "Aleksandr Baronov");
  g_clear_pointer (&word, g_free);
  g_assert_true (attest_store_find_match (f->store, f->uuids[3], "major general aleks", &start, &end, &error));
  word = attest_document_dup_range (doc, start, end);
  g_assert_cmpstr (word, ==, "Major-General Aleksandr");
  /* Words apart: the first of them alone. */
  g_clear_pointer (&word, g_free);
  g_assert_true (attest_store_find_match (f->store, f->uuids[3], "Baronov Rakhmonov", &start, &end, &error));
  word = attest_document_dup_range (doc, start, end);
  g_assert_cmpstr (word, ==, "Baronov");

  /* Offsets in characters, past Cyrillic text; any case. */
  g_clear_pointer (&word, g_free);
  g_assert_true (attest_store_find_match (f->store, f->uuids[ATTEST_TEST_N_SAMPLES], "боков", &start, &end,
                                          &error));
  g_assert_no_error (error);
  g_assert_cmpint (start, ==, g_utf8_strlen ("Соглашение о долге\n\nМинистр финансов ", -1));
  g_assert_cmpint (end, ==, start + 5);
  g_assert_true (attest_store_find_match (f->store, f->uuids[ATTEST_TEST_N_SAMPLES], "финансов бок", &start, &end,
                                          &error));
  g_assert_cmpint (start, ==, g_utf8_strlen ("Соглашение о долге\n\nМинистр ", -1));
  g_assert_cmpint (end, ==, start + g_utf8_strlen ("финансов Боков", -1));

  /* Not in this document: FALSE without an error. */
  g_assert_false (attest_store_find_match (f->store, f->uuids[1], "Baronov", &start, &end, &error));
  g_assert_no_error (error);
  /* Nothing to look for; no such document. */
  g_assert_false (attest_store_find_match (f->store, f->uuids[3], "\"", &start, &end, &error));
  g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (attest_store_find_match (f->store, "ffffffff-0000-0000-0000-000000000000", "Baronov",
                                           &start, &end, &error));
  g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_NOT_FOUND);
}

/* Several words: where they match together. In sequence first (each a
 * prefix, any case), else the first paragraph with them all, else the
 * first word's first place. */
static void
test_find_match_together (Fixture       *f,
                          gconstpointer  data)
{
  static const char text[] =
    "Security review\n\n"
    "Rising security risks worry the region.\n\n"
    "The army found its Security Structures too weak.\n\n"
    "Structures, then security, last.";
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestDocument) doc = attest_document_new ();
  const char *para3 = strstr (text, "The army");
  gint64 start = -1, end = -1;
  glong at;

  doc->title = g_strdup ("Security review");
  doc->origin = g_strdup ("together.txt");
  attest_document_set_text (doc, text);
  g_assert_true (attest_store_add_document (f->store, doc, NULL, &error));
  g_assert_no_error (error);

  /* In sequence, as typed or as prefixes in another case. */
  at = g_utf8_pointer_to_offset (text, strstr (text, "Security Structures"));
  g_assert_true (attest_store_find_match (f->store, doc->uuid, "security structures", &start, &end, &error));
  g_assert_no_error (error);
  g_assert_cmpint (start, ==, at);
  g_assert_cmpint (end, ==, at + strlen ("Security Structures"));
  g_assert_true (attest_store_find_match (f->store, doc->uuid, "SECUR struct", &start, &end, &error));
  g_assert_cmpint (start, ==, at);
  g_assert_cmpint (end, ==, at + strlen ("Security Structures"));
  /* A phrase and a word in sequence. */
  g_assert_true (attest_store_find_match (f->store, doc->uuid, "\"security structures\" too", &start, &end, &error));
  g_assert_cmpint (start, ==, at);
  g_assert_cmpint (end, ==, at + strlen ("Security Structures too"));

  /* Not in sequence: the first paragraph with both, at its first match
   * (paragraph 3, not paragraph 2's "security" nor paragraph 4). */
  g_assert_true (attest_store_find_match (f->store, doc->uuid, "weak security", &start, &end, &error));
  g_assert_no_error (error);
  g_assert_cmpint (start, ==, at);
  g_assert_cmpint (end, ==, at + strlen ("Security"));
  /* (Matches side by side show as one, as before.) */
  g_assert_true (attest_store_find_match (f->store, doc->uuid, "structures security", &start, &end, &error));
  g_assert_cmpint (start, ==, g_utf8_pointer_to_offset (text, para3) + strlen ("The army found its "));
  g_assert_cmpint (end, ==, start + strlen ("Security Structures"));

  /* Never in one paragraph: the first word's first place ("risks" in
   * paragraph 2, though "last" comes later). */
  g_assert_true (attest_store_find_match (f->store, doc->uuid, "last risks", &start, &end, &error));
  g_assert_no_error (error);
  g_assert_cmpint (start, ==, g_utf8_pointer_to_offset (text, strstr (text, "risks")));
  g_assert_cmpint (end, ==, start + strlen ("risks"));

  /* One word: its first place, the title's included. */
  g_assert_true (attest_store_find_match (f->store, doc->uuid, "security", &start, &end, &error));
  g_assert_cmpint (start, ==, 0);
  g_assert_cmpint (end, ==, strlen ("Security"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/search/prefix", Fixture, NULL, fixture_set_up, test_prefix, fixture_tear_down);
  g_test_add ("/search/phrase", Fixture, NULL, fixture_set_up, test_phrase, fixture_tear_down);
  g_test_add ("/search/hostile", Fixture, NULL, fixture_set_up, test_hostile, fixture_tear_down);
  g_test_add ("/search/cyrillic", Fixture, NULL, fixture_set_up, test_cyrillic, fixture_tear_down);
  g_test_add ("/search/snippet", Fixture, NULL, fixture_set_up, test_snippet, fixture_tear_down);
  g_test_add ("/search/find-match", Fixture, NULL, fixture_set_up, test_find_match, fixture_tear_down);
  g_test_add ("/search/find-match-together", Fixture, NULL, fixture_set_up, test_find_match_together,
              fixture_tear_down);

  return g_test_run ();
}
