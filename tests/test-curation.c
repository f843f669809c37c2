/* test-curation.c — agreement, curation and statistics on a real store:
 * three annotators on the sample articles with overlaps whose figures were
 * worked out by hand (below), the curator's accept / reject / merge and
 * what they leave in the history, exact statistics, and the same through
 * the real attest-cli (output, JSON, exit codes). */
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "attest-agreement.h"
#include "attest-article-reader.h"
#include "attest-error.h"
#include "attest-store.h"
#include "attest-undo-stack.h"
#include "attest-test-utils.h"

#define EPSILON 0.00005

/* The team's claims.
 *
 * Document 1 (000_7978e9767d1c15ca.txt): 5734 characters, body from 57, so
 * 5677 units. Document 2 (001_e5288724e250c3ef.txt): 6189 characters, body
 * from 56, 6133 units. Categories: CN counter-narcotics, SA
 * security-assistance, SP statement-position, TD troop-deployment.
 * Sources (row ids): 1 Regnum, 2 Kyrgyz Public Educational Radio, 3 Kabar
 * in document 1; 8 Interfax, 9 Itar-Tass in document 2.
 *
 *   doc  who   span          category  sources
 *   1    Ana   [100,200)     CN        1          a1
 *   1    Ana   [300,400)     SA                   a2
 *   1    Ana   [1000,1100)   CN                   a3
 *   1    Ben   [100,200)     CN        1          b1
 *   1    Ben   [350,450)     SA                   b2
 *   1    Ben   [1000,1100)   SP                   b3
 *   1    Cleo  [100,200)     CN        1 2 3      c1
 *   1    Cleo  [120,140)     TD                   c3  (inside c1: the shorter wins)
 *   1    Cleo  [300,400)     SP                   c2
 *   2    Ana   [100,200)     CN        8 9        a4
 *   2    Ben   [100,200)     CN        8          b4
 *   (Cleo made no claim in document 2: missing there, not "none".)
 *
 * Document 1 as character units (labels of Ana, Ben, Cleo):
 *
 *   [57,100)      43   –  –  –        [350,400)     50   SA SA SP
 *   [100,120)     20   CN CN CN       [400,450)     50   –  SA –
 *   [120,140)     20   CN CN TD       [450,1000)   550   –  –  –
 *   [140,200)     60   CN CN CN       [1000,1100)  100   CN SP –
 *   [200,300)    100   –  –  –        [1100,5734) 4634   –  –  –
 *   [300,350)     50   SA –  SP                         (sum 5677)
 *
 * Cohen, Ana × Ben, document 1: agree 5327 (– –) + 100 (CN) + 50 (SA) = 5477;
 *   Ana: – 5377, CN 200, SA 100; Ben: – 5377, CN 100, SA 100, SP 100;
 *   N² p_e = 5377² + 200·100 + 100·100 = 28942129;
 *   κ = (5477·5677 − 28942129) / (5677² − 28942129) = 2150800 / 3286200 = 0.6545
 * Ana × Cleo: agree 5377 + 80 = 5457; Cleo: – 5477, CN 80, TD 20, SP 100;
 *   N² p_e = 5377·5477 + 200·80 = 29465829;
 *   κ = (5457·5677 − 29465829) / (32228329 − 29465829) = 1513560 / 2762500 = 0.5479
 * Ben × Cleo: agree 5327 + 80 = 5407; N² p_e = 5377·5477 + 100·80 + 100·100
 *   = 29467829; κ = (30695539 − 29467829) / 2760500 = 1227710 / 2760500 = 0.4447
 * Fleiss (all three on 5677 units): P_i = 1 on 5407 units, 1/3 on 120
 *   (two alike), 0 on 150 (all differ): P̄ = (5407 + 40) / 5677 = 0.959486;
 *   totals of 17031: – 16231, CN 380, TD 20, SA 200, SP 200:
 *   P̄_e = (16231² + 380² + 20² + 200² + 200²) / 17031² = 0.909035;
 *   κ = (0.959486 − 0.909035) / (1 − 0.909035) = 0.5546
 * Krippendorff (m = 3 everywhere, n = 17031, the same totals): off-diagonal
 *   coincidences 2 per unit where two agree (20 + 50 + 50 units), 3 where
 *   all differ (50 + 100): D = 240 + 450 = 690;
 *   α = 1 − 17030 · 690 / (17031² − Σ n_c²) = 1 − 11750700 / 26384800 = 0.5546
 * Spans, document 1: exact matches a1 = b1 = c1 only; overlap adds
 *   a2 ~ b2 (SA, 50 characters) → Ana × Ben exact 1 of 3 and 3 (P = R = F1
 *   = 0.3333), overlap 2 (0.6667); Ana × Cleo and Ben × Cleo 1 and 1.
 * Sources, document 1: a1 = b1 {1}: equal, J = 1; a1 / c1: {1} and {1,2,3}:
 *   J = 1/3, not equal.
 * Counter-narcotics alone, Ana × Ben, document 1: they differ on [1000,1100):
 *   p_o = 5577/5677; Ana CN 200, Ben CN 100: N² p_e = 200·100 + 5477·5577;
 *   κ = 1095400 / 1663100 = 0.6586; exact 1 of Ana's 2 and Ben's 1:
 *   P = 1, R = 0.5, F1 = 0.6667.
 *
 * Both documents: Ana × Ben share 11810 units, agree on 11610; Ana and Ben
 *   – 11410, CN 300 / 200, SA 100 / 100, SP – / 100:
 *   κ = (11610·11810 − (11410² + 300·200 + 100·100)) / (11810² − 130258100)
 *   = 6856000 / 9218000 = 0.7438; spans 2 exact of 4 and 4 (0.5), 3
 *   overlap (0.75); sources b4 ⊂ a4: J = 1/2: equal 1 of 2, mean J 0.75.
 * Krippendorff adds document 2 with m = 2 (Cleo missing): n = 17031 + 12266
 *   = 29297; – 28297, CN 580, TD 20, SA 200, SP 200; D still 690:
 *   α = 1 − 29296 · 690 / (29297² − Σ n_c²) = 1 − 20214240 / 57177200 = 0.6465
 *   (counting Cleo as "none" there would give 0.5459).
 * Fleiss stays on document 1 (the only one all three annotated): 0.5546.
 * Security assistance alone, Ana × Ben, both documents: they differ on 100
 *   units of 11810; SA 100 each: κ = (11710·11810 − (100² + 11710²)) /
 *   (11810² − 137134100) = 1161000 / 2342000 = 0.4957. Ana × Cleo: Cleo
 *   never says SA: κ = 0.
 */

typedef struct {
  char        *dir;
  char        *path;
  AttestStore *store;
  char        *doc1;
  char        *doc2;
  char        *a[5];   /* a1 … a4 (index 0 unused), likewise b and c */
  char        *b[5];
  char        *c[4];
  const char  *cli_db;   /* the database attest-cli opens, if not path */
} Fixture;

static char *
add (Fixture    *f,
     const char *who,
     const char *doc,
     gint64      start,
     gint64      end,
     const char *category,
     ...)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestClaim) claim = NULL;
  va_list ap;

  g_assert_true (attest_store_set_annotator (f->store, who, NULL));
  claim = attest_store_add_claim (f->store, doc, start, end, category, NULL, NULL, &error);
  g_assert_no_error (error);
  va_start (ap, category);
  for (const char *s = va_arg (ap, const char *); s; s = va_arg (ap, const char *))
    {
      attest_store_link (f->store, claim->uuid, s, &error);
      g_assert_no_error (error);
    }
  va_end (ap);
  return g_strdup (claim->uuid);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestDocument) d1 = NULL;
  g_autoptr(AttestDocument) d2 = NULL;

  f->dir = attest_test_make_tmp_dir ("attest-curation-XXXXXX");
  f->path = g_build_filename (f->dir, "team.db", NULL);
  f->store = attest_store_open (f->path, ATTEST_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);

  d1 = attest_test_import_sample (f->store, "000_7978e9767d1c15ca.txt", NULL);
  d2 = attest_test_import_sample (f->store, "001_e5288724e250c3ef.txt", NULL);
  g_assert_cmpint (d1->length, ==, 5734);
  g_assert_cmpint (d1->body_start, ==, 57);
  g_assert_cmpint (d2->length, ==, 6189);
  g_assert_cmpint (d2->body_start, ==, 56);
  f->doc1 = g_strdup (d1->uuid);
  f->doc2 = g_strdup (d2->uuid);

  f->a[1] = add (f, "Ana", "1", 100, 200, "counter-narcotics", "1", NULL);
  f->a[2] = add (f, "Ana", "1", 300, 400, "security-assistance", NULL);
  f->a[3] = add (f, "Ana", "1", 1000, 1100, "counter-narcotics", NULL);
  f->a[4] = add (f, "Ana", "2", 100, 200, "counter-narcotics", "8", "9", NULL);
  f->b[1] = add (f, "Ben", "1", 100, 200, "counter-narcotics", "1", NULL);
  f->b[2] = add (f, "Ben", "1", 350, 450, "security-assistance", NULL);
  f->b[3] = add (f, "Ben", "1", 1000, 1100, "statement-position", NULL);
  f->b[4] = add (f, "Ben", "2", 100, 200, "counter-narcotics", "8", NULL);
  f->c[1] = add (f, "Cleo", "1", 100, 200, "counter-narcotics", "1", "2", "3", NULL);
  f->c[3] = add (f, "Cleo", "1", 120, 140, "troop-deployment", NULL);
  f->c[2] = add (f, "Cleo", "1", 300, 400, "statement-position", NULL);

  g_assert_true (attest_store_set_annotator (f->store, "Cora Curator", NULL));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  /* The test holds the last reference: a leaked one fails here. */
  if (f->store != NULL)
    g_assert_finalize_object (g_steal_pointer (&f->store));
  attest_test_remove_tree (f->dir);
  g_free (f->path);
  g_free (f->dir);
  g_free (f->doc1);
  g_free (f->doc2);
  for (guint i = 0; i < 5; i++)
    {
      g_free (f->a[i]);
      g_free (f->b[i]);
    }
  for (guint i = 0; i < 4; i++)
    g_free (f->c[i]);
}

static AttestAgreementReport *
agreement (Fixture            *f,
           const char * const *annotators,
           const char         *category,
           const char         *document)
{
  AttestAgreementOptions options = { annotators, category, document };
  g_autoptr(GError) error = NULL;
  AttestAgreementReport *report = attest_agreement_compute (f->store, &options, &error);

  g_assert_no_error (error);
  return report;
}

static void
assert_span (const AttestSpanAgreement *s,
             guint                      reference,
             guint                      other,
             guint                      matches,
             double                     precision,
             double                     recall,
             double                     f1)
{
  g_assert_cmpuint (s->reference_claims, ==, reference);
  g_assert_cmpuint (s->other_claims, ==, other);
  g_assert_cmpuint (s->matches, ==, matches);
  g_assert_cmpfloat_with_epsilon (s->precision, precision, EPSILON);
  g_assert_cmpfloat_with_epsilon (s->recall, recall, EPSILON);
  g_assert_cmpfloat_with_epsilon (s->f1, f1, EPSILON);
}

/* ---------------------------------------------------------- agreement */

static void
test_agreement_document (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(AttestAgreementReport) report = agreement (f, NULL, NULL, "1");
  const AttestAgreementFigures *all = report->overall;
  const AttestAgreementFigures *cn;
  const AttestPairAgreement *p;

  g_assert_cmpuint (g_strv_length (report->annotators), ==, 3);
  g_assert_cmpstr (report->annotators[0], ==, "Ana");
  g_assert_cmpstr (report->annotators[1], ==, "Ben");
  g_assert_cmpstr (report->annotators[2], ==, "Cleo");
  g_assert_cmpuint (report->documents, ==, 1);
  g_assert_cmpfloat (report->characters, ==, 5677);

  g_assert_cmpfloat_with_epsilon (all->fleiss_kappa, 0.5546, EPSILON);
  g_assert_cmpfloat (all->fleiss_units, ==, 5677);
  g_assert_cmpfloat_with_epsilon (all->krippendorff_alpha, 0.5546, EPSILON);
  g_assert_cmpfloat (all->pairable_values, ==, 17031);
  g_assert_cmpuint (all->pairs->len, ==, 3);

  p = attest_agreement_figures_get_pair (all, "Ana", "Ben");
  g_assert_cmpstr (p->reference, ==, "Ana");
  g_assert_cmpuint (p->documents, ==, 1);
  g_assert_cmpfloat (p->units, ==, 5677);
  g_assert_cmpfloat_with_epsilon (p->observed, 0.9648, EPSILON);
  g_assert_cmpfloat_with_epsilon (p->cohen_kappa, 0.6545, EPSILON);
  assert_span (&p->exact, 3, 3, 1, 0.3333, 0.3333, 0.3333);
  assert_span (&p->overlap, 3, 3, 2, 0.6667, 0.6667, 0.6667);
  g_assert_cmpuint (p->sources.matched, ==, 1);
  g_assert_cmpuint (p->sources.equal, ==, 1);
  g_assert_cmpfloat_with_epsilon (p->sources.equal_share, 1.0, EPSILON);
  g_assert_cmpfloat_with_epsilon (p->sources.jaccard_mean, 1.0, EPSILON);

  p = attest_agreement_figures_get_pair (all, "Ana", "Cleo");
  g_assert_cmpfloat_with_epsilon (p->cohen_kappa, 0.5479, EPSILON);
  assert_span (&p->exact, 3, 3, 1, 0.3333, 0.3333, 0.3333);
  assert_span (&p->overlap, 3, 3, 1, 0.3333, 0.3333, 0.3333);
  g_assert_cmpuint (p->sources.equal, ==, 0);
  g_assert_cmpfloat_with_epsilon (p->sources.equal_share, 0.0, EPSILON);
  g_assert_cmpfloat_with_epsilon (p->sources.jaccard_mean, 0.3333, EPSILON);

  p = attest_agreement_figures_get_pair (all, "Ben", "Cleo");
  g_assert_cmpfloat_with_epsilon (p->cohen_kappa, 0.4447, EPSILON);
  assert_span (&p->overlap, 3, 3, 1, 0.3333, 0.3333, 0.3333);

  /* Four categories appear; counter-narcotics as worked out above. */
  g_assert_cmpuint (report->categories->len, ==, 4);
  cn = g_ptr_array_index (report->categories, 0);
  g_assert_cmpstr (cn->category, ==, "counter-narcotics");
  p = attest_agreement_figures_get_pair (cn, "Ana", "Ben");
  g_assert_cmpfloat_with_epsilon (p->cohen_kappa, 0.6586, EPSILON);
  assert_span (&p->exact, 2, 1, 1, 1.0, 0.5, 0.6667);

  /* Two annotators: Cohen's κ, and no Fleiss' κ. */
  {
    static const char * const pair[] = { "Ana", "Ben", NULL };
    g_autoptr(AttestAgreementReport) two = agreement (f, pair, NULL, "1");

    g_assert_cmpuint (two->overall->pairs->len, ==, 1);
    g_assert_true (isnan (two->overall->fleiss_kappa));
    g_assert_cmpfloat_with_epsilon (((AttestPairAgreement *) g_ptr_array_index (two->overall->pairs, 0))->cohen_kappa,
                                    0.6545, EPSILON);
  }
}

static void
test_agreement_corpus (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(AttestAgreementReport) report = agreement (f, NULL, NULL, NULL);
  const AttestAgreementFigures *all = report->overall;
  const AttestAgreementFigures *sa;
  const AttestPairAgreement *p;

  g_assert_cmpuint (report->documents, ==, 2);
  g_assert_cmpfloat (report->characters, ==, 5677 + 6133);
  g_assert_cmpfloat_with_epsilon (all->krippendorff_alpha, 0.6465, EPSILON);
  g_assert_cmpfloat (all->pairable_values, ==, 29297);
  g_assert_cmpfloat_with_epsilon (all->fleiss_kappa, 0.5546, EPSILON);
  g_assert_cmpfloat (all->fleiss_units, ==, 5677);

  p = attest_agreement_figures_get_pair (all, "Ana", "Ben");
  g_assert_cmpuint (p->documents, ==, 2);
  g_assert_cmpfloat (p->units, ==, 11810);
  g_assert_cmpfloat_with_epsilon (p->cohen_kappa, 0.7438, EPSILON);
  assert_span (&p->exact, 4, 4, 2, 0.5, 0.5, 0.5);
  assert_span (&p->overlap, 4, 4, 3, 0.75, 0.75, 0.75);
  g_assert_cmpuint (p->sources.matched, ==, 2);
  g_assert_cmpuint (p->sources.equal, ==, 1);
  g_assert_cmpfloat_with_epsilon (p->sources.equal_share, 0.5, EPSILON);
  g_assert_cmpfloat_with_epsilon (p->sources.jaccard_mean, 0.75, EPSILON);

  /* Cleo did not annotate document 2: her pairs are document 1's. */
  p = attest_agreement_figures_get_pair (all, "Ana", "Cleo");
  g_assert_cmpuint (p->documents, ==, 1);
  g_assert_cmpfloat (p->units, ==, 5677);
  g_assert_cmpfloat_with_epsilon (p->cohen_kappa, 0.5479, EPSILON);
  assert_span (&p->exact, 3, 3, 1, 0.3333, 0.3333, 0.3333);

  sa = attest_agreement_report_get_figures (report, "security-assistance");
  g_assert_cmpfloat_with_epsilon (attest_agreement_figures_get_pair (sa, "Ana", "Ben")->cohen_kappa,
                                  0.4957, EPSILON);
  g_assert_cmpfloat_with_epsilon (attest_agreement_figures_get_pair (sa, "Ana", "Cleo")->cohen_kappa,
                                  0.0, EPSILON);
  /* Neither Ana nor Ben ever says troop deployment: nothing to correct. */
  g_assert_true (isnan (attest_agreement_figures_get_pair (
    attest_agreement_report_get_figures (report, "troop-deployment"), "Ana", "Ben")->cohen_kappa));

  /* --category: everything limited to it, the same figures. */
  {
    g_autoptr(AttestAgreementReport) only = agreement (f, NULL, "security-assistance", NULL);

    g_assert_cmpuint (only->categories->len, ==, 1);
    g_assert_cmpfloat_with_epsilon (attest_agreement_figures_get_pair (only->overall, "Ana", "Ben")->cohen_kappa,
                                    0.4957, EPSILON);
  }
}

static void
test_agreement_errors (Fixture       *f,
                       gconstpointer  data)
{
  static const char * const unknown[] = { "Ana", "Nobody", NULL };
  static const char * const alone[] = { "Ana", NULL };
  AttestAgreementOptions options = { unknown, NULL, NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestAgreementReport) report = attest_agreement_compute (f->store, &options, &error);

  g_assert_null (report);
  g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_NOT_FOUND);
  g_clear_error (&error);

  options.annotators = alone;
  g_assert_null (attest_agreement_compute (f->store, &options, &error));
  g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID);
  g_clear_error (&error);

  options.annotators = NULL;
  options.category = "no-such-category";
  g_assert_null (attest_agreement_compute (f->store, &options, &error));
  g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_NOT_FOUND);
}

/* ---------------------------------------------------------- curation */

static void
assert_kinds (GPtrArray  *items,
              const char *expected)
{
  g_autoptr(GString) kinds = g_string_new (NULL);

  for (guint i = 0; i < items->len; i++)
    {
      AttestComparisonItem *item = g_ptr_array_index (items, i);

      g_string_append_printf (kinds, "%s%s %" G_GINT64_FORMAT ":%" G_GINT64_FORMAT,
                              i ? ", " : "", attest_comparison_kind_to_string (item->kind),
                              item->start, item->end);
    }
  g_assert_cmpstr (kinds->str, ==, expected);
}

static void
test_compare (Fixture       *f,
              gconstpointer  data)
{
  static const char * const pair[] = { "Ana", "Ben", NULL };
  static const char * const cleo[] = { "Cleo", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) all = attest_agreement_compare_document (f->store, "1", NULL, &error);
  g_autoptr(GPtrArray) two = NULL;
  g_autoptr(GPtrArray) doc2 = NULL;
  AttestComparisonItem *item;

  g_assert_no_error (error);
  assert_kinds (all, "agreement 100:200, one-sided 120:140, disagreement 300:450, "
                     "disagreement 1000:1100");
  item = g_ptr_array_index (all, 2);
  g_assert_false (item->same_span);
  g_assert_false (item->same_category);
  g_assert_cmpuint (item->claims->len, ==, 3);
  g_assert_cmpstr (((AttestClaim *) g_ptr_array_index (item->claims, 0))->uuid, ==, f->a[2]);
  g_assert_cmpstr (((AttestClaim *) g_ptr_array_index (item->claims, 1))->uuid, ==, f->b[2]);
  g_assert_cmpstr (((AttestClaim *) g_ptr_array_index (item->claims, 2))->uuid, ==, f->c[2]);
  item = g_ptr_array_index (all, 3);
  g_assert_true (item->same_span);
  g_assert_false (item->same_category);

  two = attest_agreement_compare_document (f->store, "1", pair, &error);
  g_assert_no_error (error);
  assert_kinds (two, "agreement 100:200, disagreement 300:450, disagreement 1000:1100");
  item = g_ptr_array_index (two, 1);
  g_assert_true (item->same_category);
  g_assert_false (item->same_span);

  /* Cleo did not annotate document 2. */
  doc2 = attest_agreement_compare_document (f->store, "2", NULL, &error);
  g_assert_no_error (error);
  assert_kinds (doc2, "agreement 100:200");

  g_assert_null (attest_agreement_compare_document (f->store, "2", cleo, &error));
  g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (attest_agreement_compare_document (f->store, "99", NULL, &error));
  g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_NOT_FOUND);
}

static void
test_accept_reject (Fixture       *f,
                    gconstpointer  data)
{
  const char *accept[] = { f->a[2], f->b[2], f->a[2], NULL };
  const char *bad[] = { f->a[3], "ffffffff-no-such-claim", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(AttestClaim) claim = NULL;
  AttestHistoryEntry *last;

  g_assert_true (attest_store_curate_set_status (f->store, accept, "accepted", &error));
  g_assert_no_error (error);
  claim = attest_store_get_claim (f->store, f->a[2], &error);
  g_assert_cmpstr (claim->status, ==, "accepted");
  g_assert_cmpint (claim->version, ==, 2);
  history = attest_store_list_history (f->store, f->a[2], &error);
  g_assert_cmpuint (history->len, ==, 2);
  last = g_ptr_array_index (history, 1);
  g_assert_cmpstr (last->annotator, ==, "Cora Curator");
  g_assert_cmpstr (last->action, ==, "update");
  g_assert_cmpstr (last->field, ==, "status");
  g_assert_cmpstr (last->old_value, ==, "draft");
  g_assert_cmpstr (last->new_value, ==, "accepted");

  /* Accepting again changes nothing and records nothing. */
  g_assert_true (attest_store_curate_set_status (f->store, accept, "accepted", &error));
  g_clear_pointer (&history, g_ptr_array_unref);
  history = attest_store_list_history (f->store, f->b[2], &error);
  g_assert_cmpuint (history->len, ==, 2);

  /* All or none: one unknown claim, and a3 stays a draft. */
  g_assert_false (attest_store_curate_set_status (f->store, bad, "rejected", &error));
  g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_clear_object (&claim);
  claim = attest_store_get_claim (f->store, f->a[3], &error);
  g_assert_cmpstr (claim->status, ==, "draft");

  bad[1] = NULL;
  g_assert_false (attest_store_curate_set_status (f->store, bad, "final", &error));
  g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (attest_store_curate_set_status (f->store, bad, "rejected", &error));
  g_clear_object (&claim);
  claim = attest_store_get_claim (f->store, f->a[3], &error);
  g_assert_cmpstr (claim->status, ==, "rejected");
}

static void
test_merge (Fixture       *f,
            gconstpointer  data)
{
  const char *same[] = { f->a[1], f->b[1], f->c[1], NULL };
  const char *differ[] = { f->a[3], f->b[3], NULL };
  const char *across[] = { f->c[3], f->a[4], NULL };   /* not merged below */
  const char *hull[] = { f->b[2], f->a[2], NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestClaim) merged = NULL;
  g_autoptr(AttestClaim) chosen = NULL;
  g_autoptr(AttestClaim) spanning = NULL;
  g_autoptr(AttestClaim) original = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(GPtrArray) sources = attest_store_list_sources (f->store, "1", &error);
  g_auto(GStrv) origins = NULL;
  g_auto(GStrv) annotators = NULL;
  const char *source_uuids[3];
  AttestHistoryEntry *e;

  for (guint i = 0; i < 3; i++)
    source_uuids[i] = ((AttestSource *) g_ptr_array_index (sources, i))->uuid;

  merged = attest_store_curate_merge (f->store, same, -1, -1, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (merged->start, ==, 100);
  g_assert_cmpint (merged->end, ==, 200);
  g_assert_cmpstr (merged->category, ==, "counter-narcotics");
  g_assert_cmpstr (merged->annotator, ==, "Cora Curator");
  g_assert_cmpstr (merged->status, ==, "accepted");
  g_assert_cmpstr (merged->document_uuid, ==, f->doc1);
  g_assert_cmpuint (merged->source_uuids->len, ==, 3);
  for (guint i = 0; i < 3; i++)
    g_assert_cmpstr (g_ptr_array_index (merged->source_uuids, i), ==, source_uuids[i]);

  /* Its history: created, linked, and where it came from. */
  history = attest_store_list_history (f->store, merged->uuid, &error);
  g_assert_cmpuint (history->len, ==, 7);
  e = g_ptr_array_index (history, 0);
  g_assert_cmpstr (e->action, ==, "create");
  g_assert_cmpstr (e->new_value, ==, "counter-narcotics");
  g_assert_cmpstr (e->annotator, ==, "Cora Curator");
  for (guint i = 0; i < 3; i++)
    {
      e = g_ptr_array_index (history, 1 + i);
      g_assert_cmpstr (e->action, ==, "link");
      g_assert_cmpstr (e->new_value, ==, source_uuids[i]);
      e = g_ptr_array_index (history, 4 + i);
      g_assert_cmpstr (e->action, ==, "curate");
      g_assert_cmpstr (e->field, ==, "origin");
      g_assert_cmpstr (e->old_value, ==, same[i]);
      g_assert_null (e->new_value);
    }
  origins = attest_store_list_curation_origins (f->store, merged->uuid, &error);
  g_assert_cmpstrv (origins, same);

  /* The originals are kept as they were, each pointing to the merge. */
  original = attest_store_get_claim (f->store, f->c[1], &error);
  g_assert_cmpstr (original->status, ==, "draft");
  g_assert_cmpint (original->version, ==, 1);
  g_clear_pointer (&history, g_ptr_array_unref);
  history = attest_store_list_history (f->store, f->c[1], &error);
  e = g_ptr_array_index (history, history->len - 1);
  g_assert_cmpstr (e->action, ==, "curate");
  g_assert_cmpstr (e->field, ==, "curated-into");
  g_assert_cmpstr (e->new_value, ==, merged->uuid);
  g_assert_cmpstr (e->annotator, ==, "Cora Curator");

  /* Different categories need a choice. */
  g_assert_null (attest_store_curate_merge (f->store, differ, -1, -1, NULL, &error));
  g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID);
  g_clear_error (&error);
  chosen = attest_store_curate_merge (f->store, differ, 1000, 1050, "counter-narcotics", &error);
  g_assert_no_error (error);
  g_assert_cmpint (chosen->start, ==, 1000);
  g_assert_cmpint (chosen->end, ==, 1050);
  g_assert_cmpuint (chosen->source_uuids->len, ==, 0);

  /* The default span covers them all: [300,400) ∪ [350,450). */
  spanning = attest_store_curate_merge (f->store, hull, -1, -1, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (spanning->start, ==, 300);
  g_assert_cmpint (spanning->end, ==, 450);

  /* Refused: two documents, a range outside the text, a lone end. */
  g_assert_null (attest_store_curate_merge (f->store, across, -1, -1, NULL, &error));
  g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID);
  g_clear_error (&error);
  /* (Claims not curated yet: a second merge of the same ones is refused
   * before its range is looked at; see test_curate_twice.) */
  same[0] = f->c[3];
  same[1] = NULL;
  g_assert_null (attest_store_curate_merge (f->store, same, 5700, 5800, NULL, &error));
  g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (attest_store_curate_merge (f->store, same, 100, -1, NULL, &error));
  g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID);
  g_clear_error (&error);

  /* Curated claims are not an annotator's: agreement is unchanged. */
  annotators = attest_store_list_claim_annotators (f->store, NULL, &error);
  g_assert_cmpuint (g_strv_length (annotators), ==, 3);
  {
    g_autoptr(AttestAgreementReport) report = agreement (f, NULL, NULL, "1");

    g_assert_cmpfloat_with_epsilon (report->overall->fleiss_kappa, 0.5546, EPSILON);
    g_assert_cmpfloat_with_epsilon (attest_agreement_figures_get_pair (report->overall, "Ana", "Ben")->cohen_kappa,
                                    0.6545, EPSILON);
  }
}

/* A teammate's copy learns the curation by an ordinary merge: the curated
 * claim with its links and origins, the decisions on statuses; merging
 * again changes nothing. */
static void
test_merge_copies (Fixture       *f,
                   gconstpointer  data)
{
  const char *same[] = { f->a[1], f->b[1], f->c[1], NULL };
  const char *accept[] = { f->a[2], NULL };
  g_autofree char *copy_path = g_build_filename (f->dir, "copy.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestStore) copy = NULL;
  g_autoptr(AttestClaim) merged = NULL;
  g_autoptr(AttestClaim) theirs = NULL;
  g_autoptr(AttestClaim) accepted = NULL;
  g_auto(GStrv) origins = NULL;
  g_auto(GStrv) annotators = NULL;
  g_auto(AttestMergeReport) report = { 0 };
  g_auto(AttestMergeReport) again = { 0 };

  g_assert_true (attest_store_backup (f->store, copy_path, &error));
  merged = attest_store_curate_merge (f->store, same, -1, -1, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (attest_store_curate_set_status (f->store, accept, "accepted", &error));

  copy = attest_store_open (copy_path, ATTEST_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_true (attest_store_merge (copy, f->path, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.claims_added, ==, 1);
  g_assert_cmpuint (report.claims_updated, ==, 1);
  g_assert_cmpuint (report.links_added, ==, 3);
  g_assert_cmpuint (report.conflicts->len, ==, 0);

  theirs = attest_store_get_claim (copy, merged->uuid, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (theirs->status, ==, "accepted");
  g_assert_cmpstr (theirs->annotator, ==, "Cora Curator");
  g_assert_cmpuint (theirs->source_uuids->len, ==, 3);
  origins = attest_store_list_curation_origins (copy, merged->uuid, &error);
  g_assert_cmpstrv (origins, same);
  accepted = attest_store_get_claim (copy, f->a[2], &error);
  g_assert_cmpstr (accepted->status, ==, "accepted");
  annotators = attest_store_list_claim_annotators (copy, NULL, &error);
  g_assert_cmpuint (g_strv_length (annotators), ==, 3);

  g_assert_true (attest_store_merge (copy, f->path, &again, &error));
  g_assert_cmpuint (again.claims_added + again.claims_updated + again.links_added + again.history_added, ==, 0);

  g_clear_object (&copy);
  {
    g_autofree char *wal = g_strconcat (copy_path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (copy_path, "-shm", NULL);

    g_remove (wal);
    g_remove (shm);
  }
}

/* The status, version and last history entry of a claim, exactly. */
static void
assert_decided (Fixture    *f,
                const char *uuid,
                const char *status,
                gint64      version)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestClaim) claim = attest_store_get_claim (f->store, uuid, &error);
  g_autoptr(GPtrArray) history = attest_store_list_history (f->store, uuid, &error);
  AttestHistoryEntry *last;

  g_assert_no_error (error);
  g_assert_cmpstr (claim->status, ==, status);
  g_assert_cmpint (claim->version, ==, version);
  last = g_ptr_array_index (history, history->len - 1);
  if (version > 1)
    {
      g_assert_cmpstr (last->action, ==, "update");
      g_assert_cmpstr (last->field, ==, "status");
      g_assert_cmpstr (last->old_value, ==, "draft");
      g_assert_cmpstr (last->new_value, ==, status);
      g_assert_cmpstr (last->annotator, ==, "Cora Curator");
    }
  else
    for (guint i = 0; i < history->len; i++)
      g_assert_cmpstr (((AttestHistoryEntry *) g_ptr_array_index (history, i))->field, !=, "status");
}

static guint
count_claims (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) all = attest_store_list_claims (f->store, NULL, &error);

  g_assert_no_error (error);
  return all->len;
}

/* Ana's version of [1000,1100) (counter-narcotics against Ben's
 * statement): hers accepted, his rejected, nothing else touched. */
static void
test_pick_a (Fixture       *f,
             gconstpointer  data)
{
  const char *pair[] = { f->a[3], f->b[3], NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestClaim) curated = NULL;
  guint before = count_claims (f);

  g_assert_true (attest_store_curate_pick (f->store, pair, f->a[3], &error));
  g_assert_no_error (error);
  assert_decided (f, f->a[3], "accepted", 2);
  assert_decided (f, f->b[3], "rejected", 2);
  assert_decided (f, f->a[2], "draft", 1);
  g_assert_cmpuint (count_claims (f), ==, before);
  /* A pick makes no curated claim. */
  g_assert_true (attest_store_get_curated_claim (f->store, f->a[3], &curated, &error));
  g_assert_null (curated);
}

/* Ben's version among three ([300,400) SA, [350,450) SA, [300,400) SP),
 * given in another order: only his is accepted. */
static void
test_pick_b (Fixture       *f,
             gconstpointer  data)
{
  const char *three[] = { f->c[2], f->a[2], f->b[2], NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) accepted = NULL;
  AttestClaimFilter filter = { 0 };

  g_assert_true (attest_store_curate_pick (f->store, three, f->b[2], &error));
  g_assert_no_error (error);
  assert_decided (f, f->b[2], "accepted", 2);
  assert_decided (f, f->a[2], "rejected", 2);
  assert_decided (f, f->c[2], "rejected", 2);

  filter.status = "accepted";
  accepted = attest_store_list_claims (f->store, &filter, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (accepted->len, ==, 1);
  g_assert_cmpstr (((AttestClaim *) g_ptr_array_index (accepted, 0))->uuid, ==, f->b[2]);
}

/* A merged version with the category the curator chose (Ben's,
 * statement-position), over Ana's span: one curated claim, found from
 * each original. */
static void
test_merge_with_category (Fixture       *f,
                          gconstpointer  data)
{
  const char *pair[] = { f->a[3], f->b[3], NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestClaim) merged = NULL;
  g_autoptr(AttestClaim) from_a = NULL;
  g_autoptr(AttestClaim) from_b = NULL;
  g_autoptr(AttestClaim) none = NULL;
  guint before = count_claims (f);

  merged = attest_store_curate_merge (f->store, pair, 1000, 1100, "statement-position", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (merged->category, ==, "statement-position");
  g_assert_cmpint (merged->start, ==, 1000);
  g_assert_cmpint (merged->end, ==, 1100);
  g_assert_cmpstr (merged->status, ==, "accepted");
  g_assert_cmpstr (merged->annotator, ==, "Cora Curator");
  g_assert_cmpuint (count_claims (f), ==, before + 1);

  g_assert_true (attest_store_get_curated_claim (f->store, f->a[3], &from_a, &error));
  g_assert_true (attest_store_get_curated_claim (f->store, f->b[3], &from_b, &error));
  g_assert_true (attest_store_get_curated_claim (f->store, f->a[2], &none, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (from_a->uuid, ==, merged->uuid);
  g_assert_cmpstr (from_b->uuid, ==, merged->uuid);
  g_assert_null (none);
  /* The originals stay drafts: the curated claim speaks for them. */
  assert_decided (f, f->a[3], "draft", 1);
  assert_decided (f, f->b[3], "draft", 1);

  g_assert_false (attest_store_get_curated_claim (f->store, "no-such-claim", &none, &error));
  g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_NOT_FOUND);
  g_assert_null (none);
}

/* A second curation of the same pair is refused, whatever came first,
 * and leaves everything as it was; deleting the curated claim (undoing
 * the merge) lets the pair be curated again. */
static void
test_curate_twice (Fixture       *f,
                   gconstpointer  data)
{
  const char *pair[] = { f->a[3], f->b[3], NULL };
  const char *three[] = { f->a[2], f->b[2], f->c[2], NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestClaim) merged = NULL;
  g_autoptr(AttestClaim) again = NULL;
  g_autoptr(AttestClaim) second = NULL;
  guint before = count_claims (f);

  /* Merge, then merge again (the old Merge button's duplicates). */
  merged = attest_store_curate_merge (f->store, pair, -1, -1, "counter-narcotics", &error);
  g_assert_no_error (error);
  g_assert_null (attest_store_curate_merge (f->store, pair, -1, -1, "counter-narcotics", &error));
  g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_CONFLICT);
  g_assert_nonnull (strstr (error->message, "already merged into the curated claim"));
  g_assert_nonnull (strstr (error->message, merged->uuid));
  g_clear_error (&error);
  /* One of the pair is enough. */
  pair[0] = f->b[3];
  pair[1] = NULL;
  g_assert_null (attest_store_curate_merge (f->store, pair, -1, -1, NULL, &error));
  g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_CONFLICT);
  g_clear_error (&error);
  pair[0] = f->a[3];
  pair[1] = f->b[3];
  /* Merged, then picked. */
  g_assert_false (attest_store_curate_pick (f->store, pair, f->b[3], &error));
  g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_CONFLICT);
  g_clear_error (&error);
  assert_decided (f, f->a[3], "draft", 1);
  assert_decided (f, f->b[3], "draft", 1);
  g_assert_cmpuint (count_claims (f), ==, before + 1);

  /* Undone: with the curated claim deleted, the pair is open again. */
  g_assert_true (attest_store_delete_claim (f->store, merged->uuid, &error));
  g_assert_no_error (error);
  second = attest_store_curate_merge (f->store, pair, -1, -1, "statement-position", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (second->category, ==, "statement-position");
  g_assert_true (attest_store_get_curated_claim (f->store, f->a[3], &again, &error));
  g_assert_cmpstr (again->uuid, ==, second->uuid);

  /* Picked, then picked the other way, then merged: both refused. */
  g_assert_true (attest_store_curate_pick (f->store, three, f->a[2], &error));
  g_assert_false (attest_store_curate_pick (f->store, three, f->c[2], &error));
  g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_CONFLICT);
  g_assert_nonnull (strstr (error->message, "were settled already"));
  g_clear_error (&error);
  g_assert_null (attest_store_curate_merge (f->store, three, -1, -1, "security-assistance", &error));
  g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_CONFLICT);
  g_clear_error (&error);
  assert_decided (f, f->a[2], "accepted", 2);
  assert_decided (f, f->b[2], "rejected", 2);
  assert_decided (f, f->c[2], "rejected", 2);
  g_assert_cmpuint (count_claims (f), ==, before + 1);
  /* Undone as the window undoes a pick (each status set back): open
   * again, and Cleo's version can be chosen. */
  g_assert_true (attest_store_curate_set_status (f->store, three, "draft", &error));
  g_assert_true (attest_store_curate_pick (f->store, three, f->c[2], &error));
  g_assert_no_error (error);
  {
    g_autoptr(AttestClaim) c2 = attest_store_get_claim (f->store, f->c[2], &error);
    g_autoptr(AttestClaim) a2 = attest_store_get_claim (f->store, f->a[2], &error);

    g_assert_cmpstr (c2->status, ==, "accepted");
    g_assert_cmpint (c2->version, ==, 4);
    g_assert_cmpstr (a2->status, ==, "rejected");
  }

  /* Both sides accepted (as the old Accept left a disagreement) is not
   * settled: the curator can still choose. */
  pair[0] = f->a[1];
  pair[1] = f->b[1];
  g_assert_true (attest_store_curate_set_status (f->store, pair, "accepted", &error));
  g_assert_true (attest_store_curate_pick (f->store, pair, f->b[1], &error));
  g_assert_no_error (error);
  {
    g_autoptr(AttestClaim) a1 = attest_store_get_claim (f->store, f->a[1], &error);

    g_assert_cmpstr (a1->status, ==, "rejected");
    g_assert_cmpint (a1->version, ==, 3);
  }
}

/* What a pick refuses before writing anything. */
static void
test_pick_errors (Fixture       *f,
                  gconstpointer  data)
{
  const char *pair[] = { f->a[3], f->b[3], NULL };
  const char *one[] = { f->a[3], NULL };
  const char *across[] = { f->a[1], f->a[4], NULL };
  const char *unknown[] = { f->a[3], "ffffffff-no-such-claim", NULL };
  g_autoptr(GError) error = NULL;

  g_assert_false (attest_store_curate_pick (f->store, pair, f->c[1], &error));
  g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (attest_store_curate_pick (f->store, pair, NULL, &error));
  g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (attest_store_curate_pick (f->store, one, f->a[3], &error));
  g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (attest_store_curate_pick (f->store, across, f->a[1], &error));
  g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (attest_store_curate_pick (f->store, unknown, f->a[3], &error));
  g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_NOT_FOUND);
  g_clear_error (&error);
  assert_decided (f, f->a[3], "draft", 1);
  assert_decided (f, f->b[3], "draft", 1);
  assert_decided (f, f->a[1], "draft", 1);
}

/* A teammate's copy learns a pick as two status edits. */
static void
test_pick_copies (Fixture       *f,
                  gconstpointer  data)
{
  const char *pair[] = { f->a[3], f->b[3], NULL };
  g_autofree char *copy_path = g_build_filename (f->dir, "copy.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestStore) copy = NULL;
  g_autoptr(AttestClaim) a3 = NULL;
  g_autoptr(AttestClaim) b3 = NULL;
  g_auto(AttestMergeReport) report = { 0 };

  g_assert_true (attest_store_backup (f->store, copy_path, &error));
  g_assert_true (attest_store_curate_pick (f->store, pair, f->b[3], &error));
  copy = attest_store_open (copy_path, ATTEST_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_true (attest_store_merge (copy, f->path, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.claims_updated, ==, 2);
  g_assert_cmpuint (report.conflicts->len, ==, 0);
  a3 = attest_store_get_claim (copy, f->a[3], &error);
  b3 = attest_store_get_claim (copy, f->b[3], &error);
  g_assert_cmpstr (a3->status, ==, "rejected");
  g_assert_cmpstr (b3->status, ==, "accepted");
  /* And refuses, as the original does, to curate them again. */
  g_assert_false (attest_store_curate_pick (copy, pair, f->a[3], &error));
  g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_CONFLICT);
  g_clear_error (&error);

  g_clear_object (&copy);
  {
    g_autofree char *wal = g_strconcat (copy_path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (copy_path, "-shm", NULL);

    g_remove (wal);
    g_remove (shm);
  }
}

/* -------------------------------------------------------- statistics */

static void
assert_count (GPtrArray  *counts,
              guint       index,
              const char *key,
              gint64      count)
{
  AttestCount *c = g_ptr_array_index (counts, index);

  g_assert_cmpstr (c->key, ==, key);
  g_assert_cmpint (c->count, ==, count);
}

static void
test_statistics (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestStatistics) stats = attest_store_get_statistics (f->store, NULL, &error);
  g_autoptr(AttestStatistics) ana = NULL;
  AttestClaimFilter filter = { .annotator = "Ana" };

  g_assert_no_error (error);
  /* 11 claims; sources: a1 1, b1 1, c1 3, a4 2, b4 1 → 8 links. */
  g_assert_cmpint (stats->claims, ==, 11);
  g_assert_cmpint (stats->links, ==, 8);
  g_assert_cmpint (stats->with_sources[0], ==, 6);
  g_assert_cmpint (stats->with_sources[1], ==, 3);
  g_assert_cmpint (stats->with_sources[2], ==, 1);
  g_assert_cmpint (stats->with_sources[3], ==, 1);
  g_assert_cmpfloat_with_epsilon (stats->sources_mean, 8.0 / 11, EPSILON);
  g_assert_cmpfloat_with_epsilon (stats->no_source_share, 6.0 / 11, EPSILON);

  g_assert_cmpuint (stats->by_category->len, ==, 4);
  assert_count (stats->by_category, 0, "counter-narcotics", 6);
  assert_count (stats->by_category, 1, "security-assistance", 2);
  assert_count (stats->by_category, 2, "statement-position", 2);
  assert_count (stats->by_category, 3, "troop-deployment", 1);
  g_assert_cmpstr (((AttestCount *) g_ptr_array_index (stats->by_category, 0))->label, ==,
                   "Drug-control agency and counter-narcotics");

  g_assert_cmpuint (stats->by_annotator->len, ==, 3);
  assert_count (stats->by_annotator, 0, "Ana", 4);
  assert_count (stats->by_annotator, 1, "Ben", 4);
  assert_count (stats->by_annotator, 2, "Cleo", 3);

  g_assert_cmpuint (stats->by_document->len, ==, 2);
  assert_count (stats->by_document, 0, f->doc1, 9);
  assert_count (stats->by_document, 1, f->doc2, 2);
  g_assert_cmpint (((AttestCount *) g_ptr_array_index (stats->by_document, 1))->id, ==, 2);

  /* A claim counts once per outlet: b4 and a4 both cite Interfax. */
  g_assert_cmpuint (stats->by_outlet->len, ==, 5);
  assert_count (stats->by_outlet, 0, "Regnum", 3);
  assert_count (stats->by_outlet, 1, "Interfax", 2);
  assert_count (stats->by_outlet, 2, "Itar-Tass", 1);
  assert_count (stats->by_outlet, 3, "Kabar", 1);
  assert_count (stats->by_outlet, 4, "Kyrgyz Public Educational Radio", 1);
  g_assert_cmpint (stats->by_status[0], ==, 11);
  g_assert_cmpint (stats->by_status[1], ==, 0);
  g_assert_cmpint (stats->by_status[2], ==, 0);

  /* A curator's decisions show at once: Ana's version of [1000,1100). */
  {
    const char *pair[] = { f->a[3], f->b[3], NULL };
    g_autoptr(AttestStatistics) after = NULL;

    g_assert_true (attest_store_curate_pick (f->store, pair, f->a[3], &error));
    after = attest_store_get_statistics (f->store, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpint (after->claims, ==, 11);
    g_assert_cmpint (after->by_status[0], ==, 9);
    g_assert_cmpint (after->by_status[1], ==, 1);
    g_assert_cmpint (after->by_status[2], ==, 1);
  }

  ana = attest_store_get_statistics (f->store, &filter, &error);
  g_assert_no_error (error);
  g_assert_cmpint (ana->claims, ==, 4);
  g_assert_cmpint (ana->links, ==, 3);
  g_assert_cmpint (ana->with_sources[0], ==, 2);
  assert_count (ana->by_document, 0, f->doc1, 3);
  assert_count (ana->by_document, 1, f->doc2, 1);

  filter.annotator = "Nobody";
  g_assert_null (attest_store_get_statistics (f->store, &filter, &error));
  g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_NOT_FOUND);
}

static void
test_statistics_empty (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = attest_test_make_tmp_dir ("attest-curation-XXXXXX");
  g_autofree char *path = g_build_filename (dir, "empty.db", NULL);
  g_autoptr(AttestStore) store = attest_store_open (path, ATTEST_STORE_OPEN_DEFAULT, &error);
  g_autoptr(AttestStatistics) stats = attest_store_get_statistics (store, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpint (stats->claims, ==, 0);
  g_assert_true (isnan (stats->sources_mean));
  g_assert_true (isnan (stats->no_source_share));
  g_assert_cmpuint (stats->by_category->len, ==, 0);

  /* No annotators at all: agreement says so. */
  g_assert_null (attest_agreement_compute (store, NULL, &error));
  g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID);

  g_clear_object (&store);
  {
    g_autofree char *wal = g_strconcat (path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (path, "-shm", NULL);

    g_remove (path);
    g_remove (wal);
    g_remove (shm);
  }
  g_rmdir (dir);
}

/* --------------------------------------------------------------- CLI */

/* The CLI runs on the fixture's database, or on the copy a test made. */
#define cli(f, ...) attest_test_cli ((f)->cli_db ? (f)->cli_db : (f)->path, __VA_ARGS__)

static JsonObject *
parse_object (const char *json,
              JsonParser *parser)
{
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, json, -1, &error);
  g_assert_no_error (error);
  return json_node_get_object (json_parser_get_root (parser));
}

static void
assert_contains (const char *haystack,
                 const char *needle)
{
  if (strstr (haystack, needle) == NULL)
    g_error ("“%s” not found in:\n%s", needle, haystack);
}

static void
test_cli_agreement (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root;
  JsonObject *overall;
  JsonObject *pair;

  /* Other processes see the store's data; close nothing, WAL is shared. */
  {
    g_auto(AttestTestRun) r = cli (f, "agreement", "--document", "1", "--json", NULL);

    g_assert_cmpint (r.status, ==, 0);
    g_assert_cmpstr (r.err, ==, "");
    root = parse_object (r.out, parser);
    g_assert_cmpstr (json_object_get_string_member (root, "unit"), ==, "character");
    g_assert_cmpint (json_object_get_int_member (root, "documents"), ==, 1);
    g_assert_cmpint (json_object_get_int_member (root, "characters"), ==, 5677);
    overall = json_object_get_object_member (root, "overall");
    g_assert_true (json_object_get_null_member (overall, "category"));
    g_assert_cmpfloat_with_epsilon (json_object_get_double_member (overall, "fleiss_kappa"), 0.5546, EPSILON);
    g_assert_cmpfloat_with_epsilon (json_object_get_double_member (overall, "krippendorff_alpha"), 0.5546, EPSILON);
    g_assert_cmpint (json_object_get_int_member (overall, "pairable_values"), ==, 17031);
    pair = json_array_get_object_element (json_object_get_array_member (overall, "pairs"), 0);
    g_assert_cmpstr (json_object_get_string_member (pair, "reference"), ==, "Ana");
    g_assert_cmpstr (json_object_get_string_member (pair, "other"), ==, "Ben");
    g_assert_cmpfloat_with_epsilon (json_object_get_double_member (pair, "cohen_kappa"), 0.6545, EPSILON);
    g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (pair, "overlap"), "matches"), ==, 2);
    g_assert_cmpfloat_with_epsilon (json_object_get_double_member (json_object_get_object_member (pair, "sources"),
                                                                   "jaccard_mean"), 1.0, EPSILON);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "categories")), ==, 4);
  }

  {
    g_auto(AttestTestRun) r = cli (f, "agreement", "--annotators", "Ana,Ben", NULL);

    g_assert_cmpint (r.status, ==, 0);
    assert_contains (r.out, "Agreement of Ana, Ben on 2 documents (11810 characters of text).\n");
    assert_contains (r.out, "All categories\n  Krippendorff's α ");
    assert_contains (r.out, "  Ana × Ben: 2 documents both annotated; Cohen's κ 0.7438 "
                            "(observed 0.9831 on 11810 characters)\n");
    assert_contains (r.out, "    exact    P 0.5000  R 0.5000  F1 0.5000  (2 matched; 4 and 4 claims)\n");
    assert_contains (r.out, "    overlap  P 0.7500  R 0.7500  F1 0.7500  (3 matched; 4 and 4 claims)\n");
    assert_contains (r.out, "    sources  equal in 1 of 2 exact matches (0.5000); mean Jaccard 0.7500\n");
    /* Cleo's troop deployment is not theirs; Fleiss' κ needs three. */
    g_assert_null (strstr (r.out, "troop-deployment"));
    g_assert_null (strstr (r.out, "Fleiss"));
  }
  {
    g_auto(AttestTestRun) r = cli (f, "agreement", "--category", "troop-deployment", NULL);

    /* Undefined figures: Ana and Ben never said troop deployment. */
    g_assert_cmpint (r.status, ==, 0);
    g_assert_null (strstr (r.out, "All categories"));
    assert_contains (r.out, "Category troop-deployment\n  Krippendorff's α ");
    assert_contains (r.out, "; Fleiss' κ ");
    assert_contains (r.out, "  Ana × Ben: 2 documents both annotated; Cohen's κ — "
                            "(observed 1.0000 on 11810 characters)\n"
                            "    exact    P —  R —  F1 —  (0 matched; 0 and 0 claims)\n");
  }

  {
    g_auto(AttestTestRun) r = cli (f, "agreement", "--annotators", "Ana,Nobody", NULL);

    g_assert_cmpint (r.status, ==, 3);
    assert_contains (r.err, "No annotator “Nobody”");
    g_assert_cmpstr (r.out, ==, "");
  }
  {
    g_auto(AttestTestRun) r = cli (f, "agreement", "--annotators", "Ana", NULL);

    g_assert_cmpint (r.status, ==, 4);
    g_assert_cmpstr (r.err, ==, "attest-cli: Agreement needs the claims of at least two "
                                "annotators; there is only “Ana”\n");
  }
  {
    g_auto(AttestTestRun) r = cli (f, "agreement", "--category", "nope", NULL);

    g_assert_cmpint (r.status, ==, 3);
  }
  {
    g_auto(AttestTestRun) r = cli (f, "agreement", "extra", NULL);

    g_assert_cmpint (r.status, ==, 2);
  }
}

/* Removes the corpus header's agreement note from @xml, in place. */
static void
strip_agreement (char *xml)
{
  char *from = strstr (xml, "      <notesStmt>\n        <note type=\"agreement\">");
  char *to = from ? strstr (from, "</notesStmt>\n") : NULL;

  g_assert_nonnull (to);
  to += strlen ("</notesStmt>\n");
  memmove (from, to, strlen (to) + 1);
}

static void
test_cli_curate (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root;
  JsonArray *items;
  g_autofree char *curated = NULL;

  {
    g_auto(AttestTestRun) r = cli (f, "curate", "compare", "1", "--json", NULL);

    g_assert_cmpint (r.status, ==, 0);
    root = parse_object (r.out, parser);
    g_assert_cmpint (json_object_get_int_member (root, "agreements"), ==, 1);
    g_assert_cmpint (json_object_get_int_member (root, "disagreements"), ==, 2);
    g_assert_cmpint (json_object_get_int_member (root, "one_sided"), ==, 1);
    items = json_object_get_array_member (root, "items");
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (items, 2), "kind"), ==,
                     "disagreement");
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
                        json_array_get_object_element (items, 2), "claims")), ==, 3);
  }
  {
    g_auto(AttestTestRun) r = cli (f, "curate", "compare", "1", "--annotators", "Ana,Ben", NULL);

    g_assert_cmpint (r.status, ==, 0);
    assert_contains (r.out, "Document 1 (—): agreements 1, disagreements 2, one-sided claims 0\n");
    assert_contains (r.out, "\ndisagreement 300:450  (boundaries differ)\n");
    assert_contains (r.out, "\ndisagreement 1000:1100  (category differs)\n");
    assert_contains (r.out, "\n  Ana  ");
  }
  {
    g_auto(AttestTestRun) r = cli (f, "curate", "compare", "2", "--annotators", "Cleo", NULL);

    g_assert_cmpint (r.status, ==, 4);
    assert_contains (r.err, "at least two annotators");
  }
  {
    g_auto(AttestTestRun) r = cli (f, "curate", "compare", "1", "--annotators", "Ana,Zed", NULL);

    g_assert_cmpint (r.status, ==, 3);
  }

  {
    g_auto(AttestTestRun) r = cli (f, "--annotator", "Cora Curator", "--json", "curate", "merge",
                         f->a[1], f->b[1], f->c[1], NULL);
    JsonObject *claim;

    g_assert_cmpint (r.status, ==, 0);
    claim = parse_object (r.out, parser);
    g_assert_cmpstr (json_object_get_string_member (claim, "status"), ==, "accepted");
    g_assert_cmpstr (json_object_get_string_member (claim, "annotator"), ==, "Cora Curator");
    g_assert_cmpint (json_object_get_int_member (claim, "start"), ==, 100);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (claim, "sources")), ==, 3);
    curated = g_strdup (json_object_get_string_member (claim, "uuid"));
  }
  {
    g_auto(AttestTestRun) r = cli (f, "curate", "merge", f->a[3], f->b[3], NULL);

    g_assert_cmpint (r.status, ==, 4);
    assert_contains (r.err, "different categories");
  }
  {
    g_auto(AttestTestRun) r = cli (f, "curate", "merge", f->a[3], f->b[3], "--range", "1000:1040",
                         "--category", "counter-narcotics", NULL);

    g_assert_cmpint (r.status, ==, 0);
    assert_contains (r.out, "Curated claim ");
    assert_contains (r.out, "saved, from 2 claims.\n");
  }
  {
    g_auto(AttestTestRun) r = cli (f, "curate", "merge", f->a[3], "--range", "10", NULL);

    g_assert_cmpint (r.status, ==, 2);
  }
  {
    g_auto(AttestTestRun) r = cli (f, "curate", "accept", f->a[2], f->b[2], NULL);

    g_assert_cmpint (r.status, ==, 0);
    g_assert_cmpstr (r.out, ==, "2 claims accepted.\n");
  }
  {
    g_auto(AttestTestRun) r = cli (f, "curate", "reject", f->c[3], NULL);

    g_assert_cmpint (r.status, ==, 0);
    g_assert_cmpstr (r.out, ==, "1 claim rejected.\n");
  }
  {
    g_auto(AttestTestRun) r = cli (f, "curate", "accept", "no-such-claim", NULL);

    g_assert_cmpint (r.status, ==, 3);
  }
  {
    g_auto(AttestTestRun) r = cli (f, "curate", NULL);

    g_assert_cmpint (r.status, ==, 2);
    assert_contains (r.err, "curate takes: compare, accept, reject, merge");
  }
  {
    g_auto(AttestTestRun) r = cli (f, "history", curated, "--json", NULL);
    JsonArray *entries;

    g_assert_cmpint (r.status, ==, 0);
    json_parser_load_from_data (parser, r.out, -1, NULL);
    entries = json_node_get_array (json_parser_get_root (parser));
    g_assert_cmpuint (json_array_get_length (entries), ==, 7);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (entries, 6), "action"), ==,
                     "curate");
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (entries, 6), "old"), ==,
                     f->c[1]);
  }

  /* The curated-only dataset: accepted claims, read back to the same bytes.
   * Its history says where the curated claims came from. */
  {
    g_autofree char *first = g_build_filename (f->dir, "accepted.xml", NULL);
    g_autofree char *second = g_build_filename (f->dir, "again.xml", NULL);
    g_autofree char *copy = g_build_filename (f->dir, "copy.db", NULL);
    g_autofree char *a = NULL;
    g_autofree char *b = NULL;
    g_autofree char *origin = NULL;
    g_auto(AttestTestRun) out = cli (f, "export", "tei", "-o", first, "--status", "accepted", NULL);

    g_assert_cmpint (out.status, ==, 0);
    assert_contains (out.out, "4 claims.");
    g_assert_true (g_file_get_contents (first, &a, NULL, NULL));
    assert_contains (a, "subtype=\"curate\"");
    origin = g_strdup_printf ("<del>%s</del>", f->a[1]);
    assert_contains (a, origin);
    /* The curated claim names its originals, which this export leaves
     * out, by uuid. */
    {
      g_autofree char *ids = g_strdup_printf ("<idno type=\"origin\">%s</idno><idno type=\"origin\">%s</idno>"
                                              "<idno type=\"origin\">%s</idno></span>",
                                              f->a[1], f->b[1], f->c[1]);

      assert_contains (a, ids);
    }
    /* The header carries the figures worked out by hand above: curation
     * changed none of them. */
    assert_contains (a, "<p>Inter-annotator agreement of Ana, Ben, Cleo on 2 documents (11810 characters)");
    assert_contains (a, "<interp type=\"krippendorff-alpha\" n=\"29297\">0.6465</interp>");
    assert_contains (a, "<interp type=\"fleiss-kappa\" n=\"5677\">0.5546</interp>");
    assert_contains (a, "n=\"11810\">0.7438</interp>");
    assert_contains (a, "n=\"2\">0.7500</interp>");

    f->cli_db = copy;
    {
      g_auto(AttestTestRun) in = cli (f, "import-tei", first, NULL);
      g_auto(AttestTestRun) again = cli (f, "export", "tei", "-o", second, "--status", "accepted", NULL);

      g_assert_cmpint (in.status, ==, 0);
      g_assert_cmpint (again.status, ==, 0);
    }
    f->cli_db = NULL;
    g_assert_true (g_file_get_contents (second, &b, NULL, NULL));
    /* The same bytes, but for the agreement: it is computed from the
     * annotators' claims, which this dataset leaves out. */
    g_assert_nonnull (strstr (b, "<note type=\"agreement\">"));
    strip_agreement (a);
    strip_agreement (b);
    g_assert_cmpstr (a, ==, b);
  }
}

static void
test_cli_stats (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root;
  JsonObject *per_claim;
  JsonArray *outlets;

  {
    g_auto(AttestTestRun) r = cli (f, "stats", "--json", NULL);

    g_assert_cmpint (r.status, ==, 0);
    root = parse_object (r.out, parser);
    g_assert_cmpint (json_object_get_int_member (root, "claims"), ==, 11);
    g_assert_cmpint (json_object_get_int_member (root, "links"), ==, 8);
    g_assert_cmpfloat_with_epsilon (json_object_get_double_member (root, "no_source_share"), 0.5455, EPSILON);
    per_claim = json_object_get_object_member (root, "sources_per_claim");
    g_assert_cmpfloat_with_epsilon (json_object_get_double_member (per_claim, "mean"), 0.7273, EPSILON);
    g_assert_cmpint (json_object_get_int_member (per_claim, "0"), ==, 6);
    g_assert_cmpint (json_object_get_int_member (per_claim, "1"), ==, 3);
    g_assert_cmpint (json_object_get_int_member (per_claim, "2"), ==, 1);
    g_assert_cmpint (json_object_get_int_member (per_claim, "3+"), ==, 1);
    g_assert_cmpint (json_array_get_length (json_object_get_array_member (root, "categories")), ==, 4);
    g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (
                       json_object_get_array_member (root, "annotators"), 2), "claims"), ==, 3);
    g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (
                       json_object_get_array_member (root, "documents"), 0), "claims"), ==, 9);
    outlets = json_object_get_array_member (root, "outlets");
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (outlets, 0), "outlet"), ==,
                     "Regnum");
    g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (outlets, 0), "claims"), ==, 3);
  }
  {
    g_auto(AttestTestRun) r = cli (f, "stats", NULL);

    g_assert_cmpint (r.status, ==, 0);
    assert_contains (r.out, "11 claims; without a source 6 (share 0.5455)\n");
    assert_contains (r.out, "Sources per claim: mean 0.7273; 0: 6, 1: 3, 2: 1, 3 or more: 1\n");
    assert_contains (r.out, "\nClaims per category:\n       6  counter-narcotics  "
                            "Drug-control agency and counter-narcotics\n");
    assert_contains (r.out, "\nClaims per annotator:\n       4  Ana\n       4  Ben\n       3  Cleo\n");
    assert_contains (r.out, "\nClaims per source outlet:\n       3  Regnum\n       2  Interfax\n");
  }
  {
    g_auto(AttestTestRun) r = cli (f, "stats", "--status", "accepted", "--json", NULL);

    g_assert_cmpint (r.status, ==, 0);
    root = parse_object (r.out, parser);
    g_assert_cmpint (json_object_get_int_member (root, "claims"), ==, 0);
    g_assert_true (json_object_get_null_member (json_object_get_object_member (root, "sources_per_claim"),
                                                "mean"));
  }
  {
    g_auto(AttestTestRun) r = cli (f, "stats", "--annotator", "Nobody", NULL);

    g_assert_cmpint (r.status, ==, 3);
  }
}

/* ------------------------------------------- curating a passage once */

static void
assert_status (Fixture    *f,
               const char *uuid,
               const char *status)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestClaim) claim = attest_store_get_claim (f->store, uuid, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (claim->status, ==, status);
}

static void
assert_deleted (Fixture    *f,
                const char *uuid)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestClaim) claim = attest_store_get_claim (f->store, uuid, &error);

  g_assert_null (claim);
  g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_NOT_FOUND);
}

/* Undoing the deletion of a curated claim whose claims were curated again
 * meanwhile is refused; the undo stays on the stack and works once the
 * other curation is undone. */
static void
test_restore_curated (Fixture       *f,
                      gconstpointer  data)
{
  const char *pair[] = { f->a[3], f->b[3], NULL };
  const char *two[] = { f->a[2], f->b[2], NULL };
  g_autoptr(AttestUndoStack) undo = attest_undo_stack_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestClaim) merged = NULL;
  g_autoptr(AttestClaim) second = NULL;
  g_autoptr(AttestClaim) third = NULL;
  g_autoptr(AttestClaim) now = NULL;
  g_autofree char *done = NULL;
  guint before = count_claims (f);

  /* Merge, delete, merge again, undo the deletion. */
  merged = attest_store_curate_merge (f->store, pair, -1, -1, "counter-narcotics", &error);
  g_assert_no_error (error);
  g_assert_true (attest_undo_stack_perform_delete (undo, f->store, merged->uuid, &error));
  g_assert_no_error (error);
  second = attest_store_curate_merge (f->store, pair, -1, -1, "counter-narcotics", &error);
  g_assert_no_error (error);
  g_assert_null (attest_undo_stack_undo (undo, f->store, &error));
  g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_CONFLICT);
  assert_contains (error->message, "The curated claim ");
  assert_contains (error->message, merged->uuid);
  assert_contains (error->message, "cannot be brought back");
  assert_contains (error->message, second->uuid);
  g_clear_error (&error);
  assert_deleted (f, merged->uuid);
  g_assert_true (attest_undo_stack_can_undo (undo));
  g_assert_cmpuint (count_claims (f), ==, before + 1);
  g_assert_true (attest_store_get_curated_claim (f->store, f->a[3], &now, &error));
  g_assert_cmpstr (now->uuid, ==, second->uuid);
  g_clear_object (&now);

  /* With the second one deleted, the undo goes through. */
  g_assert_true (attest_store_delete_claim (f->store, second->uuid, &error));
  done = attest_undo_stack_undo (undo, f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (done, ==, merged->uuid);
  g_assert_true (attest_store_get_curated_claim (f->store, f->b[3], &now, &error));
  g_assert_cmpstr (now->uuid, ==, merged->uuid);
  g_clear_object (&now);
  g_assert_cmpuint (count_claims (f), ==, before + 1);

  /* Merge, delete, pick one of them, undo the deletion. */
  third = attest_store_curate_merge (f->store, two, -1, -1, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (attest_undo_stack_perform_delete (undo, f->store, third->uuid, &error));
  g_assert_true (attest_store_curate_pick (f->store, two, f->a[2], &error));
  g_assert_no_error (error);
  g_assert_null (attest_undo_stack_undo (undo, f->store, &error));
  g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_CONFLICT);
  assert_contains (error->message, third->uuid);
  assert_contains (error->message, "cannot be brought back");
  assert_contains (error->message, "chosen over Ben’s version");
  g_clear_error (&error);
  assert_deleted (f, third->uuid);
  assert_status (f, f->a[2], "accepted");
  assert_status (f, f->b[2], "rejected");

  /* The pick undone (statuses set back): the curated claim comes back. */
  g_assert_true (attest_store_curate_set_status (f->store, two, "draft", &error));
  g_clear_pointer (&done, g_free);
  done = attest_undo_stack_undo (undo, f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (done, ==, third->uuid);
  g_assert_true (attest_store_get_curated_claim (f->store, f->a[2], &now, &error));
  g_assert_cmpstr (now->uuid, ==, third->uuid);
  g_assert_cmpuint (count_claims (f), ==, before + 2);
}

/* A curated claim is not a version to curate. */
static void
test_curated_not_a_version (Fixture       *f,
                            gconstpointer  data)
{
  const char *pair[] = { f->a[3], f->b[3], NULL };
  const char *alone[] = { NULL, NULL };
  const char *with[] = { NULL, f->a[1], NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestClaim) merged = NULL;
  guint before;

  merged = attest_store_curate_merge (f->store, pair, -1, -1, "counter-narcotics", &error);
  g_assert_no_error (error);
  before = count_claims (f);
  alone[0] = merged->uuid;
  g_assert_null (attest_store_curate_merge (f->store, alone, -1, -1, NULL, &error));
  g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID);
  assert_contains (error->message, "is a curated claim");
  assert_contains (error->message, merged->uuid);
  g_clear_error (&error);
  with[0] = merged->uuid;
  g_assert_false (attest_store_curate_pick (f->store, with, f->a[1], &error));
  g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID);
  assert_contains (error->message, "is a curated claim");
  g_clear_error (&error);
  g_assert_false (attest_store_curate_pick (f->store, with, merged->uuid, &error));
  g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID);
  g_clear_error (&error);
  assert_status (f, f->a[1], "draft");
  g_assert_cmpuint (count_claims (f), ==, before);

  {
    g_auto(AttestTestRun) r = cli (f, "curate", "merge", merged->uuid, NULL);

    g_assert_cmpint (r.status, ==, 4);
    g_assert_cmpstr (r.out, ==, "");
    assert_contains (r.err, "is a curated claim, not an annotator’s version");
  }
  g_assert_cmpuint (count_claims (f), ==, before);
}

/* A version rejected by a pick, or merged, is not curated again. */
static void
test_settled_stays (Fixture       *f,
                    gconstpointer  data)
{
  const char *first[] = { f->a[1], f->b[1], NULL };
  const char *later[] = { f->b[1], f->c[1], NULL };
  const char *merge[] = { f->a[1], f->c[1], NULL };
  const char *b1[] = { f->b[1], NULL };
  const char *two[] = { f->a[2], f->b[2], NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestClaim) merged = NULL;
  guint before = count_claims (f);

  g_assert_true (attest_store_curate_pick (f->store, first, f->a[1], &error));
  g_assert_no_error (error);

  /* Ben's rejected version picked against Cleo's draft. */
  g_assert_false (attest_store_curate_pick (f->store, later, f->b[1], &error));
  g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_CONFLICT);
  assert_contains (error->message, f->b[1]);
  assert_contains (error->message, "already settled: it is rejected and Ana’s version");
  assert_contains (error->message, f->a[1]);
  g_clear_error (&error);
  /* Ana's chosen version merged with Cleo's. */
  g_assert_null (attest_store_curate_merge (f->store, merge, -1, -1, NULL, &error));
  g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_CONFLICT);
  assert_contains (error->message, "it was chosen over Ben’s version");
  g_clear_error (&error);
  /* Ben's version accepted on its own. */
  g_assert_false (attest_store_curate_set_status (f->store, b1, "accepted", &error));
  g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_CONFLICT);
  g_clear_error (&error);
  assert_decided (f, f->a[1], "accepted", 2);
  assert_decided (f, f->b[1], "rejected", 2);
  assert_status (f, f->c[1], "draft");
  g_assert_cmpuint (count_claims (f), ==, before);
  {
    g_auto(AttestTestRun) r = cli (f, "curate", "accept", f->b[1], NULL);

    g_assert_cmpint (r.status, ==, 7);
    g_assert_cmpstr (r.out, ==, "");
    assert_contains (r.err, "already settled");
  }
  assert_status (f, f->b[1], "rejected");

  /* Set back to drafts, the pick is undone: Ben's version can win. */
  g_assert_true (attest_store_curate_set_status (f->store, first, "draft", &error));
  g_assert_true (attest_store_curate_pick (f->store, later, f->b[1], &error));
  g_assert_no_error (error);
  assert_status (f, f->a[1], "draft");
  assert_status (f, f->b[1], "accepted");
  assert_status (f, f->c[1], "rejected");

  /* Merged claims are neither accepted nor rejected on their own. */
  merged = attest_store_curate_merge (f->store, two, -1, -1, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (attest_store_curate_set_status (f->store, two, "accepted", &error));
  g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_CONFLICT);
  assert_contains (error->message, "already merged into the curated claim");
  assert_contains (error->message, merged->uuid);
  g_clear_error (&error);
  g_assert_false (attest_store_curate_set_status (f->store, two, "rejected", &error));
  g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_CONFLICT);
  g_clear_error (&error);
  assert_status (f, f->a[2], "draft");
  assert_status (f, f->b[2], "draft");
  {
    g_auto(AttestTestRun) r = cli (f, "curate", "accept", f->a[2], f->b[2], NULL);

    g_assert_cmpint (r.status, ==, 7);
    assert_contains (r.err, "already merged into the curated claim");
  }
  assert_status (f, f->a[2], "draft");
  /* Deleting the curated claim undoes the merge. */
  g_assert_true (attest_store_delete_claim (f->store, merged->uuid, &error));
  g_assert_true (attest_store_curate_set_status (f->store, two, "accepted", &error));
  g_assert_no_error (error);
  assert_status (f, f->b[2], "accepted");
}

/* A curated claim's range overlaps every claim it is made from and lies
 * in the text. */
static void
test_merge_range (Fixture       *f,
                  gconstpointer  data)
{
  const char *pair[] = { f->a[4], f->b[4], NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestClaim) merged = NULL;
  guint before = count_claims (f);

  g_assert_null (attest_store_curate_merge (f->store, pair, 0, 5, NULL, &error));
  g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID);
  assert_contains (error->message, "The range 0–5 does not overlap the claim ");
  assert_contains (error->message, f->a[4]);
  assert_contains (error->message, "(100–200)");
  g_clear_error (&error);
  /* Touching is not overlapping. */
  g_assert_null (attest_store_curate_merge (f->store, pair, 200, 260, NULL, &error));
  g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_null (attest_store_curate_merge (f->store, pair, -5, 10, NULL, &error));
  g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "The range -5–10 is outside the text: it starts before its beginning");
  g_clear_error (&error);
  g_assert_null (attest_store_curate_merge (f->store, pair, 5, -1, NULL, &error));
  g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID);
  assert_contains (error->message, "Give both ends");
  g_clear_error (&error);
  g_assert_cmpuint (count_claims (f), ==, before);

  /* Overlapping both, though covering neither. */
  merged = attest_store_curate_merge (f->store, pair, 150, 260, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (merged->start, ==, 150);
  g_assert_cmpint (merged->end, ==, 260);
  g_assert_cmpuint (count_claims (f), ==, before + 1);
}

/* The claims as agreement reads them: in text order (start, the longer
 * first, then as made), with each one's sources, read in row order and
 * sorted (attest_spans_sort()). */
static void
test_annotator_spans (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestDocument) doc = attest_store_get_document (f->store, f->doc1, &error);
  g_autoptr(GPtrArray) sources = attest_store_list_sources (f->store, "1", &error);
  g_autoptr(AttestSpans) spans = NULL;
  g_autofree char *three = NULL;
  const char *uuids[] = { f->a[1], f->b[1], f->c[1], f->c[3], f->a[2], f->c[2], f->b[2], f->a[3], f->b[3] };
  const char *names[] = { "Ana", "Ben", "Cleo", "Cleo", "Ana", "Cleo", "Ben", "Ana", "Ben" };
  const gint64 starts[] = { 100, 100, 100, 120, 300, 300, 350, 1000, 1000 };
  const gint64 ends[] = { 200, 200, 200, 140, 400, 400, 450, 1100, 1100 };
  const char *categories[] = { "counter-narcotics", "counter-narcotics", "counter-narcotics",
                               "troop-deployment", "security-assistance", "statement-position",
                               "security-assistance", "counter-narcotics", "statement-position" };

  g_assert_no_error (error);
  spans = attest_store_list_annotator_spans (f->store, doc->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (spans->spans->len, ==, G_N_ELEMENTS (uuids));
  three = g_strjoin (" ", ((AttestSource *) g_ptr_array_index (sources, 0))->uuid,
                     ((AttestSource *) g_ptr_array_index (sources, 1))->uuid,
                     ((AttestSource *) g_ptr_array_index (sources, 2))->uuid, NULL);
  for (guint i = 0; i < spans->spans->len; i++)
    {
      const AttestSpan *span = &g_array_index (spans->spans, AttestSpan, i);

      g_assert_cmpstr (span->uuid, ==, uuids[i]);
      g_assert_cmpstr (span->annotator, ==, names[i]);
      g_assert_cmpstr (span->category, ==, categories[i]);
      g_assert_cmpint (span->start, ==, starts[i]);
      g_assert_cmpint (span->end, ==, ends[i]);
      g_assert_cmpstr (span->sources, ==, i == 2 ? three : i < 2 ? ((AttestSource *) g_ptr_array_index (sources, 0))->uuid : "");
    }
  g_assert_cmpuint (attest_span_n_sources (&g_array_index (spans->spans, AttestSpan, 2)), ==, 3);

  /* A deleted claim is no one's any more. */
  g_assert_true (attest_store_delete_claim (f->store, f->c[3], &error));
  g_assert_no_error (error);
  g_clear_pointer (&spans, attest_spans_free);
  spans = attest_store_list_annotator_spans (f->store, doc->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (spans->spans->len, ==, G_N_ELEMENTS (uuids) - 1);
  g_assert_cmpstr (g_array_index (spans->spans, AttestSpan, 3).uuid, ==, f->a[2]);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/curation/agreement/document", test_agreement_document);
  ADD ("/curation/agreement/corpus", test_agreement_corpus);
  ADD ("/curation/agreement/errors", test_agreement_errors);
  ADD ("/curation/agreement/spans", test_annotator_spans);
  ADD ("/curation/compare", test_compare);
  ADD ("/curation/accept-reject", test_accept_reject);
  ADD ("/curation/merge", test_merge);
  ADD ("/curation/merge-copies", test_merge_copies);
  ADD ("/curation/pick-a", test_pick_a);
  ADD ("/curation/pick-b", test_pick_b);
  ADD ("/curation/merge-with-category", test_merge_with_category);
  ADD ("/curation/curate-twice", test_curate_twice);
  ADD ("/curation/pick-errors", test_pick_errors);
  ADD ("/curation/pick-copies", test_pick_copies);
  ADD ("/curation/statistics", test_statistics);
  g_test_add_func ("/curation/statistics/empty", test_statistics_empty);
  ADD ("/curation/cli/agreement", test_cli_agreement);
  ADD ("/curation/cli/curate", test_cli_curate);
  ADD ("/curation/cli/stats", test_cli_stats);
  ADD ("/curation/restore-curated", test_restore_curated);
  ADD ("/curation/curated-not-a-version", test_curated_not_a_version);
  ADD ("/curation/settled-stays", test_settled_stays);
  ADD ("/curation/merge-range", test_merge_range);
#undef ADD

  return g_test_run ();
}
