/* attest-test-exchange.c — the exchange-format tests' shared fixture. */
#include "config.h"

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
