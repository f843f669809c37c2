/* attest-test-exchange.c — the exchange-format tests' shared fixture. */
#include "config.h"

#include <string.h>

#include "attest-source.h"
#include "attest-test-exchange.h"

/* A store with the annotator every format writes as the claims' creator. */
AttestStore *
attest_test_exchange_open_store (const char *path)
{
  g_autoptr(GError) error = NULL;
  AttestStore *store = attest_store_open (path, ATTEST_STORE_OPEN_DEFAULT, &error);

  g_assert_no_error (error);
  g_assert_true (attest_store_set_annotator (store, "Ana Analyst", NULL));
  return store;
}

void
attest_test_exchange_set_up (AttestTestExchange *f,
                             gconstpointer       data)
{
  f->dir = attest_test_make_tmp_dir ("attest-exchange-XXXXXX");
  f->path = g_build_filename (f->dir, "source.db", NULL);
  f->store = attest_test_exchange_open_store (f->path);
}

void
attest_test_exchange_tear_down (AttestTestExchange *f,
                                gconstpointer       data)
{
  if (f->store != NULL)
    g_assert_finalize_object (g_steal_pointer (&f->store));
  attest_test_remove_tree (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

char *
attest_test_exchange_file (AttestTestExchange *f,
                           const char         *name)
{
  return g_build_filename (f->dir, name, NULL);
}

void
attest_test_write_file (const char *path,
                        const char *contents,
                        gssize      length)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, contents, length, &error);
  g_assert_no_error (error);
}

void
attest_test_exchange_export (AttestTestExportFunc     export,
                             AttestStore             *store,
                             const char              *path,
                             const AttestClaimFilter *filter,
                             AttestExportCounts      *counts)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;

  g_assert_true (export (store, filter, file, counts, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
}

/* The samples, with claims of each kind on sample 000 ("Eurasia Daily
 * Monitor, issue 226") and one on sample 001 tied to an outside source.
 * @comment goes on the "regional operational group" claim, which
 * @out_group receives as stored, with its final times. */
void
attest_test_exchange_annotate (AttestStore  *store,
                               const char   *comment,
                               AttestClaim **out_group)
{
  g_autoptr(AttestDocument) d0 = attest_test_import_sample (store, attest_test_samples[0], NULL);
  g_autoptr(AttestDocument) d1 = attest_test_import_sample (store, attest_test_samples[1], NULL);
  g_autoptr(AttestClaim) group = NULL;
  g_autoptr(AttestClaim) across = NULL;
  g_autoptr(AttestClaim) tajik = NULL;
  g_autoptr(AttestSource) outside = attest_source_new ();
  g_autoptr(AttestSource) stored = NULL;
  g_autoptr(GPtrArray) sources = NULL;
  g_autoptr(GPtrArray) claims = NULL;
  g_autoptr(GError) error = NULL;
  const char *regnum = NULL;

  for (guint i = 2; i < ATTEST_TEST_N_SAMPLES; i++)
    g_object_unref (attest_test_import_sample (store, attest_test_samples[i], NULL));

  /* "regional operational group", as the analysts marked it. */
  g_assert_cmpint (attest_document_find (d0, "regional operational group", 0), ==, 831);
  group = attest_test_add_claim (store, d0->uuid, 831, 857, "counter-narcotics");
  attest_test_edit_claim (store, group->uuid, "status", "accepted");
  attest_test_edit_claim (store, group->uuid, "certainty", "high");
  attest_test_edit_claim (store, group->uuid, "comment", comment);
  /* Over the blank line between the header and the body. */
  across = attest_test_add_claim (store, d0->uuid, 30, 120, "debt-deal");

  sources = attest_store_list_sources (store, d0->uuid, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < sources->len; i++)
    {
      AttestSource *s = g_ptr_array_index (sources, i);

      if (g_strcmp0 (s->outlet, "Regnum") == 0)
        regnum = s->uuid;
    }
  g_assert_nonnull (regnum);
  g_assert_true (attest_store_link (store, group->uuid, regnum, &error));
  g_assert_no_error (error);

  outside->outlet = g_strdup ("Outside Wire");
  outside->place = g_strdup ("Paris");
  stored = attest_store_add_source (store, outside, &error);
  g_assert_no_error (error);
  tajik = attest_test_add_claim (store, d1->uuid, 139, 144, "border-security");
  g_assert_true (attest_store_link (store, tajik->uuid, stored->uuid, &error));
  g_assert_no_error (error);

  if (out_group == NULL)
    return;
  claims = attest_store_list_claims (store, &(AttestClaimFilter) { .document = d0->uuid }, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < claims->len; i++)
    if (g_str_equal (((AttestClaim *) g_ptr_array_index (claims, i))->uuid, group->uuid))
      *out_group = g_object_ref (g_ptr_array_index (claims, i));
  g_assert_nonnull (*out_group);
}

/* Two outside sources of one label ("Interfax, Moscow, December 3 2005"),
 * told apart by their addresses, and an outside source with the label of
 * the article's "Regnum, Moscow, November 30", linked to @claim_uuid beside
 * what it has (the group claim: that article's source). */
void
attest_test_exchange_add_twins (AttestStore *store,
                                const char  *claim_uuid)
{
  const char *urls[] = { "https://interfax.example/a", "https://interfax.example/b" };

  for (guint i = 0; i < G_N_ELEMENTS (urls); i++)
    {
      g_autoptr(AttestSource) s = attest_source_new ();
      g_autoptr(AttestSource) stored = NULL;
      g_autoptr(GError) error = NULL;

      s->outlet = g_strdup ("Interfax");
      s->place = g_strdup ("Moscow");
      s->date_text = g_strdup ("December 3 2005");
      s->url = g_strdup (urls[i]);
      s->reliability = i == 0 ? g_strdup ("B") : NULL;
      stored = attest_store_add_source (store, s, &error);
      g_assert_no_error (error);
      g_assert_true (attest_store_link (store, claim_uuid, stored->uuid, &error));
      g_assert_no_error (error);
    }

  /* And an outside source with the label of the article's own. */
  {
    g_autoptr(AttestSource) s = attest_source_new ();
    g_autoptr(AttestSource) stored = NULL;
    g_autoptr(GError) error = NULL;

    s->outlet = g_strdup ("Regnum");
    s->place = g_strdup ("Moscow");
    s->date_text = g_strdup ("November 30");
    s->url = g_strdup ("https://regnum.example/1");
    stored = attest_store_add_source (store, s, &error);
    g_assert_no_error (error);
    g_assert_true (attest_store_link (store, claim_uuid, stored->uuid, &error));
    g_assert_no_error (error);
  }
}

/* The sources of @claim, or, in a copy (@claim from the original), of the
 * claim with its span and category: brat gives a claim a new id. */
static GPtrArray *
claim_sources (AttestStore *store,
               AttestClaim *claim,
               char       **out_document)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) claims = attest_store_list_claims (store, NULL, &error);
  GPtrArray *sources = g_ptr_array_new_with_free_func (g_object_unref);
  AttestClaim *found = NULL;

  g_assert_no_error (error);
  for (guint i = 0; i < claims->len; i++)
    {
      AttestClaim *c = g_ptr_array_index (claims, i);

      if (c->start == claim->start && c->end == claim->end && g_str_equal (c->category, claim->category))
        {
          g_assert_null (found);
          found = c;
        }
    }
  g_assert_nonnull (found);
  *out_document = g_strdup (found->document_uuid);
  for (guint i = 0; i < found->source_uuids->len; i++)
    {
      AttestSource *s = attest_store_get_source (store, g_ptr_array_index (found->source_uuids, i), &error);

      g_assert_no_error (error);
      g_ptr_array_add (sources, s);
    }
  return sources;
}

static int
compare_by_uuid (gconstpointer a,
                 gconstpointer b)
{
  return strcmp ((*(AttestSource * const *) a)->uuid, (*(AttestSource * const *) b)->uuid);
}

/* @copy links @claim (of @original) to the sources @original does: the same ids and
 * fields, the two Interfax sources two, the article's source the
 * article's. */
void
attest_test_exchange_assert_sources (AttestStore *original,
                                     AttestStore *copy,
                                     AttestClaim *claim)
{
  g_autofree char *doc_a = NULL;
  g_autofree char *doc_b = NULL;
  g_autoptr(GPtrArray) a = claim_sources (original, claim, &doc_a);
  g_autoptr(GPtrArray) b = claim_sources (copy, claim, &doc_b);
  guint interfax = 0;
  guint regnum = 0;

  g_ptr_array_sort (a, compare_by_uuid);
  g_ptr_array_sort (b, compare_by_uuid);
  g_assert_cmpuint (a->len, ==, 4);
  g_assert_cmpuint (b->len, ==, 4);
  for (guint i = 0; i < a->len; i++)
    {
      AttestSource *x = g_ptr_array_index (a, i);
      AttestSource *y = g_ptr_array_index (b, i);

      g_assert_cmpstr (x->uuid, ==, y->uuid);
      /* The article's source is the copy's article's (article ids travel
       * in all but UIMA). */
      g_assert_cmpstr (x->document_uuid, ==, x->document_uuid ? doc_a : NULL);
      g_assert_cmpstr (y->document_uuid, ==, y->document_uuid ? doc_b : NULL);
      g_assert_true ((x->document_uuid == NULL) == (y->document_uuid == NULL));
      g_assert_cmpstr (x->outlet, ==, y->outlet);
      g_assert_cmpstr (x->place, ==, y->place);
      g_assert_cmpstr (x->date_text, ==, y->date_text);
      g_assert_cmpstr (x->when, ==, y->when);
      g_assert_cmpstr (x->url, ==, y->url);
      g_assert_cmpstr (x->title, ==, y->title);
      g_assert_cmpstr (x->reliability, ==, y->reliability);
      if (g_strcmp0 (y->outlet, "Interfax") == 0)
        {
          interfax++;
          g_assert_null (y->document_uuid);
          g_assert_cmpstr (y->place, ==, "Moscow");
          g_assert_cmpstr (y->when, ==, "2005-12-03");
          g_assert_cmpstr (y->url, ==, g_strcmp0 (y->reliability, "B") == 0 ? "https://interfax.example/a"
                                                                            : "https://interfax.example/b");
        }
      else
        {
          regnum++;
          g_assert_cmpstr (y->outlet, ==, "Regnum");
          g_assert_cmpstr (y->place, ==, "Moscow");
          g_assert_cmpstr (y->date_text, ==, "November 30");
          /* The article's (found in its text), or the outside one. */
          if (y->document_uuid != NULL)
            g_assert_null (y->url);
          else
            g_assert_cmpstr (y->url, ==, "https://regnum.example/1");
        }
    }
  g_assert_cmpuint (interfax, ==, 2);
  g_assert_cmpuint (regnum, ==, 2);
}

static void
assert_same_files (const char *a,
                   const char *b)
{
  if (g_file_test (a, G_FILE_TEST_IS_DIR))
    {
      g_autoptr(GDir) dir = g_dir_open (a, 0, NULL);
      const char *name;
      guint n = 0;

      g_assert_nonnull (dir);
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *x = g_build_filename (a, name, NULL);
          g_autofree char *y = g_build_filename (b, name, NULL);

          assert_same_files (x, y);
          n++;
        }
      g_assert_cmpuint (n, >, 0);
    }
  else
    {
      g_autofree char *x = NULL;
      g_autofree char *y = NULL;
      gsize nx = 0, ny = 0;

      g_assert_true (g_file_get_contents (a, &x, &nx, NULL));
      g_assert_true (g_file_get_contents (b, &y, &ny, NULL));
      g_assert_cmpmem (x, nx, y, ny);
    }
}

/* The group claim linked to its article's source, an outside source of
 * the same label and two outside sources of another one label: export,
 * import into an empty database, export again gives the same bytes, and
 * the copy has the four sources, whole. */
void
attest_test_exchange_round_trip_sources (AttestTestExchange  *f,
                                         AttestTestExportFunc export,
                                         AttestTestImportFunc import,
                                         const char          *extension)
{
  g_autofree char *first_name = g_strconcat ("first", extension, NULL);
  g_autofree char *second_name = g_strconcat ("second", extension, NULL);
  g_autofree char *first = attest_test_exchange_file (f, first_name);
  g_autofree char *second = attest_test_exchange_file (f, second_name);
  g_autofree char *copy_path = attest_test_exchange_file (f, "twins.db");
  g_autoptr(AttestStore) copy = attest_test_exchange_open_store (copy_path);
  g_autoptr(GFile) file = g_file_new_for_path (first);
  g_autoptr(AttestClaim) group = NULL;
  g_autoptr(GError) error = NULL;

  attest_test_exchange_annotate (f->store, "twins", &group);
  attest_test_exchange_add_twins (f->store, group->uuid);
  attest_test_exchange_export (export, f->store, first, NULL, NULL);
  g_assert_true (import (copy, file, &error));
  g_assert_no_error (error);
  attest_test_exchange_export (export, copy, second, NULL, NULL);
  assert_same_files (first, second);
  attest_test_exchange_assert_sources (f->store, copy, group);

  /* Imported again: nothing new, the same links. */
  g_assert_true (import (copy, file, &error));
  g_assert_no_error (error);
  attest_test_exchange_assert_sources (f->store, copy, group);
}

/* @text (freed) with each source's id written as its outlet in capitals
 * ("REGNUM", "OUTSIDE-WIRE"): what an export writes, told without the ids
 * each run makes anew. */
char *
attest_test_exchange_name_sources (AttestStore *store,
                                   char        *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) sources = attest_store_list_sources (store, NULL, &error);
  GString *out = g_string_new (text);

  g_free (text);
  g_assert_no_error (error);
  for (guint i = 0; i < sources->len; i++)
    {
      AttestSource *s = g_ptr_array_index (sources, i);
      g_autofree char *name = g_ascii_strup (s->outlet, -1);

      g_strdelimit (name, " ", '-');
      g_string_replace (out, s->uuid, name, 0);
    }
  return g_string_free (out, FALSE);
}
