/* test-agreement.c — the agreement maths, on published worked examples and
 * on small fixtures computed by hand (the calculation is written out beside
 * each one), to four decimals; then claims turned into character units,
 * span matching, source links, and the curator's comparison, all without a
 * database. */
#include <math.h>

#include "attest-agreement.h"
#include "attest-error.h"

#define EPSILON 0.00005
#define M ATTEST_AGREEMENT_MISSING

/* Expands a subjects × categories table of counts (Fleiss' layout) into
 * one row of labels per subject, @n_raters per row. */
static int *
expand_counts (const int *counts,
               guint      n_subjects,
               guint      n_categories,
               guint      n_raters)
{
  int *labels = g_new (int, n_subjects * n_raters);

  for (guint s = 0; s < n_subjects; s++)
    {
      guint r = 0;

      for (guint k = 0; k < n_categories; k++)
        for (int i = 0; i < counts[s * n_categories + k]; i++)
          labels[s * n_raters + r++] = (int) k;
      g_assert_cmpuint (r, ==, n_raters);
    }
  return labels;
}

/* ------------------------------------------------------- coefficients */

/* The textbook 2×2 example (as in Wikipedia, "Cohen's kappa"): 50
 * proposals, two readers, yes (1) / no (0):
 *
 *              B yes  B no
 *     A yes      20     5     25
 *     A no       10    15     25
 *                30    20     50
 *
 * p_o = (20 + 15) / 50 = 0.7
 * p_e = 25/50 · 30/50 + 25/50 · 20/50 = 0.3 + 0.2 = 0.5
 * κ = (0.7 − 0.5) / (1 − 0.5) = 0.4 */
static void
test_cohen_textbook (void)
{
  g_autofree int *labels = g_new (int, 100);
  g_autoptr(AttestReliability) r = attest_reliability_new (2, 2);
  guint u = 0;
  double units = 0;
  double observed = 0;

  for (guint i = 0; i < 50; i++, u++)
    {
      labels[2 * u] = i < 25 ? 1 : 0;
      labels[2 * u + 1] = i < 20 ? 1 : i < 25 ? 0 : i < 35 ? 1 : 0;
    }
  g_assert_cmpfloat_with_epsilon (attest_agreement_cohen_kappa (labels, 50), 0.4, EPSILON);

  for (guint i = 0; i < 50; i++)
    attest_reliability_add_unit (r, labels + 2 * i, 1.0);
  g_assert_cmpfloat_with_epsilon (attest_reliability_cohen_kappa (r, 1, 0, &units, &observed),
                                  0.4, EPSILON);
  g_assert_cmpfloat (units, ==, 50);
  g_assert_cmpfloat_with_epsilon (observed, 0.7, EPSILON);

  /* A weighted unit is that many identical units: the four cells. */
  {
    g_autoptr(AttestReliability) w = attest_reliability_new (2, 2);
    static const int cells[4][2] = { { 1, 1 }, { 1, 0 }, { 0, 1 }, { 0, 0 } };
    static const double counts[4] = { 20, 5, 10, 15 };

    for (guint i = 0; i < 4; i++)
      attest_reliability_add_unit (w, cells[i], counts[i]);
    g_assert_cmpfloat_with_epsilon (attest_reliability_cohen_kappa (w, 0, 1, NULL, NULL),
                                    0.4, EPSILON);
  }
}

static void
test_cohen_undefined (void)
{
  /* Both always say "no": p_e = 1, nothing for κ to correct. */
  int same[] = { 0, 0, 0, 0, 0, 0 };
  /* Missing labels are left out: only unit 2 is paired. */
  int missing[] = { 0, M, M, 1, 1, 1 };

  g_assert_true (isnan (attest_agreement_cohen_kappa (same, 3)));
  g_assert_true (isnan (attest_agreement_cohen_kappa (missing, 3)));
  g_assert_true (isnan (attest_agreement_cohen_kappa (NULL, 0)));
}

/* Fleiss (1971), Table 1: 30 patients, each diagnosed by 6 of a larger
 * pool of psychiatrists, 5 categories (depression, personality disorder,
 * schizophrenia, neurosis, other). Published: κ = .430. Totals per
 * category 26, 26, 30, 55, 43 of 180; P̄ = 0.5556, P̄_e = 0.2199. */
static void
test_fleiss_1971 (void)
{
  static const int table[30 * 5] = {
    0, 0, 0, 6, 0,   0, 3, 0, 0, 3,   0, 1, 4, 0, 1,   0, 0, 0, 0, 6,   0, 3, 0, 3, 0,
    2, 0, 4, 0, 0,   0, 0, 4, 0, 2,   2, 0, 3, 1, 0,   2, 0, 0, 4, 0,   0, 0, 0, 0, 6,
    1, 0, 0, 5, 0,   1, 1, 0, 4, 0,   0, 3, 3, 0, 0,   1, 0, 0, 5, 0,   0, 2, 0, 3, 1,
    0, 0, 5, 0, 1,   3, 0, 0, 1, 2,   5, 1, 0, 0, 0,   0, 2, 0, 4, 0,   1, 0, 2, 0, 3,
    0, 0, 0, 0, 6,   0, 1, 0, 5, 0,   0, 2, 0, 1, 3,   2, 0, 0, 4, 0,   1, 0, 0, 4, 1,
    0, 5, 0, 1, 0,   4, 0, 0, 0, 2,   0, 2, 0, 4, 0,   1, 0, 5, 0, 0,   0, 0, 0, 0, 6,
  };
  g_autofree int *labels = expand_counts (table, 30, 5, 6);

  g_assert_cmpfloat_with_epsilon (attest_agreement_fleiss_kappa (labels, 30, 6), 0.4302, EPSILON);
}

/* A small example worked by hand (the one in Wikipedia, "Fleiss' kappa"):
 * 10 subjects, 14 raters, 5 categories.
 *   P_i: 1.000 .253 .308 .440 .330 .462 .242 .176 .286 .286; P̄ = 0.378022
 *   p_j = 20/140, 28/140, 39/140, 21/140, 32/140; P̄_e = 0.212755
 *   κ = (0.378022 − 0.212755) / (1 − 0.212755) = 4211/20059 = 0.2099 */
static void
test_fleiss_small (void)
{
  static const int table[10 * 5] = {
    0, 0, 0, 0, 14,   0, 2, 6, 4, 2,   0, 0, 3, 5, 6,   0, 3, 9, 2, 0,   2, 2, 8, 1, 1,
    7, 7, 0, 0, 0,    3, 2, 6, 3, 0,   2, 5, 3, 2, 2,   6, 5, 2, 1, 0,   0, 2, 2, 3, 7,
  };
  g_autofree int *labels = expand_counts (table, 10, 5, 14);

  g_assert_cmpfloat_with_epsilon (attest_agreement_fleiss_kappa (labels, 10, 14), 0.2099, EPSILON);
}

/* Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability",
 * section C: 4 coders × 12 units, values 1–5, missing data. Unit 12 has a
 * single value and is not pairable; n = 40 pairable values.
 * Published: nominal α = 0.743. */
static void
test_krippendorff_published (void)
{
  static const int coders[4][12] = {
    { 1, 2, 3, 3, 2, 1, 4, 1, 2, M, M, M },   /* A */
    { 1, 2, 3, 3, 2, 2, 4, 1, 2, 5, M, 3 },   /* B */
    { M, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, M },   /* C */
    { 1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, M },   /* D */
  };
  int labels[12 * 4];
  g_autoptr(AttestReliability) r = attest_reliability_new (4, 6);
  double pairable = 0;

  for (guint u = 0; u < 12; u++)
    for (guint c = 0; c < 4; c++)
      labels[u * 4 + c] = coders[c][u];

  g_assert_cmpfloat_with_epsilon (attest_agreement_krippendorff_alpha (labels, 12, 4), 0.7434, EPSILON);

  for (guint u = 0; u < 12; u++)
    attest_reliability_add_unit (r, labels + u * 4, 1.0);
  g_assert_cmpfloat_with_epsilon (attest_reliability_krippendorff_alpha (r, &pairable), 0.7434, EPSILON);
  g_assert_cmpfloat (pairable, ==, 40);
  /* Fleiss' κ needs units every coder labelled: units 2–9. */
  attest_reliability_fleiss_kappa (r, &pairable);
  g_assert_cmpfloat (pairable, ==, 8);
}

static void
test_krippendorff_undefined (void)
{
  int one_value[] = { 2, 2, 2, 2, M, 2 };
  int unpairable[] = { 1, M, M, 2 };

  g_assert_true (isnan (attest_agreement_krippendorff_alpha (one_value, 3, 2)));
  g_assert_true (isnan (attest_agreement_krippendorff_alpha (unpairable, 2, 2)));
}

/* ----------------------------------------------------------- claims */

/* One claim of @annotator added to @spans; the sources' uuids follow,
 * then NULL. */
static void
add_claim (AttestSpans *spans,
           const char  *annotator,
           gint64       start,
           gint64       end,
           const char  *category,
           ...)
{
  static guint serial;
  g_autofree char *uuid = g_strdup_printf ("00000000-0000-4000-8000-%012u", ++serial);
  g_autoptr(GStrvBuilder) sources = g_strv_builder_new ();
  g_auto(GStrv) list = NULL;
  g_autofree char *joined = NULL;
  va_list ap;

  va_start (ap, category);
  for (const char *s = va_arg (ap, const char *); s; s = va_arg (ap, const char *))
    g_strv_builder_add (sources, s);
  va_end (ap);
  list = g_strv_builder_end (sources);
  joined = g_strjoinv (" ", list);
  attest_spans_add (spans, start, end, uuid, category, annotator, joined);
}

/* The same as a claim object, for curation's comparison. */
static AttestClaim *
claim (const char *annotator,
       gint64      start,
       gint64      end,
       const char *category,
       ...)
{
  AttestClaim *c = attest_claim_new ();
  static guint serial = 1000;
  va_list ap;

  c->uuid = g_strdup_printf ("00000000-0000-4000-8000-%012u", ++serial);
  c->annotator = g_strdup (annotator);
  c->start = start;
  c->end = end;
  c->category = g_strdup (category);
  c->status = g_strdup ("draft");
  c->quote = g_strdup ("…");
  va_start (ap, category);
  for (const char *s = va_arg (ap, const char *); s; s = va_arg (ap, const char *))
    g_ptr_array_add (c->source_uuids, g_strdup (s));
  va_end (ap);
  return c;
}

static const char * const two[] = { "A", "B", NULL };
static const char * const three[] = { "A", "B", "C", NULL };

/* One document of 20 characters whose body starts at 2 (units 2–19):
 *
 *   A: x [0,6) (its header part is not a unit), y [10,15), z [12,14)
 *      inside y: z is shorter, so it labels 12–13;
 *   B: x [2,6), y [10,16).
 *
 *   units   2–5  6–9  10–11  12–13  14  15  16–19
 *   A       x    –    y      z      y   –   –
 *   B       x    –    y      y      y   y   –
 *   count   4    4    2      2      1   1   4      = 18
 *
 * Cohen: p_o = (4 + 4 + 2 + 1 + 4) / 18 = 15/18
 *   A: x 4, none 9, y 3, z 2;  B: x 4, none 8, y 6
 *   p_e = (4·4 + 9·8 + 3·6) / 18² = 106/324
 *   κ = (15·18 − 106) / (324 − 106) = 164/218 = 0.7523
 * Krippendorff: n = 36; n_x 8, n_none 17, n_y 9, n_z 2;
 *   three units disagree, each adds 1 + 1 off the diagonal: D = 6
 *   α = 1 − 35 · 6 / (36² − (64 + 289 + 81 + 4)) = 1 − 210/858 = 0.7552
 * Spans (A the reference): no exact match; overlap: x (4), y (5) → 2;
 *   precision 2/2 = 1, recall 2/3 = 0.6667, F1 = 4/5 = 0.8.
 * Category y alone (binary): A y on 10–14 (z is not y), B y on 10–15:
 *   they differ on unit 15 only: p_o = 17/18; A y 5, B y 6:
 *   p_e = (5·6 + 13·12) / 324 = 186/324; κ = (306 − 186)/(324 − 186)
 *   = 120/138 = 0.8696; spans: exact 0, overlap 1 of 1 and 1 → F1 1.
 * Category z: B never says z: p_e = p_o = 16/18, κ = 0. */
static void
test_builder_hand (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestAgreementBuilder) builder = attest_agreement_builder_new (two, NULL, &error);
  g_autoptr(AttestAgreementReport) report = NULL;
  g_autoptr(AttestSpans) claims = attest_spans_new ();
  const AttestAgreementFigures *f;
  const AttestPairAgreement *p;

  g_assert_no_error (error);
  add_claim (claims, "A", 0, 6, "x", NULL);
  add_claim (claims, "A", 10, 15, "y", NULL);
  add_claim (claims, "A", 12, 14, "z", NULL);
  add_claim (claims, "B", 2, 6, "x", NULL);
  add_claim (claims, "B", 10, 16, "y", NULL);
  /* Someone else's claims are not looked at. */
  add_claim (claims, "Z", 0, 20, "x", NULL);
  attest_agreement_builder_add_document (builder, 20, 2, claims);
  report = attest_agreement_builder_finish (builder);

  g_assert_cmpuint (report->documents, ==, 1);
  g_assert_cmpfloat (report->characters, ==, 18);
  f = report->overall;
  g_assert_null (f->category);
  g_assert_cmpuint (f->pairs->len, ==, 1);
  p = g_ptr_array_index (f->pairs, 0);
  g_assert_cmpstr (p->reference, ==, "A");
  g_assert_cmpstr (p->other, ==, "B");
  g_assert_cmpuint (p->documents, ==, 1);
  g_assert_cmpfloat (p->units, ==, 18);
  g_assert_cmpfloat_with_epsilon (p->observed, 15.0 / 18, EPSILON);
  g_assert_cmpfloat_with_epsilon (p->cohen_kappa, 0.7523, EPSILON);
  g_assert_cmpfloat_with_epsilon (f->krippendorff_alpha, 0.7552, EPSILON);
  g_assert_cmpfloat (f->pairable_values, ==, 36);
  g_assert_true (isnan (f->fleiss_kappa));     /* two annotators: Cohen's */
  g_assert_cmpuint (p->exact.matches, ==, 0);
  g_assert_cmpfloat (p->exact.precision, ==, 0);
  g_assert_cmpfloat (p->exact.f1, ==, 0);
  g_assert_cmpuint (p->overlap.reference_claims, ==, 3);
  g_assert_cmpuint (p->overlap.other_claims, ==, 2);
  g_assert_cmpuint (p->overlap.matches, ==, 2);
  g_assert_cmpfloat_with_epsilon (p->overlap.precision, 1.0, EPSILON);
  g_assert_cmpfloat_with_epsilon (p->overlap.recall, 0.6667, EPSILON);
  g_assert_cmpfloat_with_epsilon (p->overlap.f1, 0.8, EPSILON);
  g_assert_cmpuint (p->sources.matched, ==, 0);
  g_assert_true (isnan (p->sources.equal_share));
  g_assert_true (isnan (p->sources.jaccard_mean));

  g_assert_cmpuint (report->categories->len, ==, 3);
  f = attest_agreement_report_get_figures (report, "y");
  p = attest_agreement_figures_get_pair (f, "B", "A");
  g_assert_cmpfloat_with_epsilon (p->cohen_kappa, 0.8696, EPSILON);
  g_assert_cmpuint (p->exact.matches, ==, 0);
  g_assert_cmpfloat_with_epsilon (p->overlap.f1, 1.0, EPSILON);
  f = attest_agreement_report_get_figures (report, "z");
  p = attest_agreement_figures_get_pair (f, "A", "B");
  g_assert_cmpfloat_with_epsilon (p->cohen_kappa, 0.0, EPSILON);
  g_assert_cmpfloat_with_epsilon (p->overlap.recall, 0.0, EPSILON);
  g_assert_true (isnan (p->overlap.precision));  /* B made no z claim */

  /* With --category y, the overall figures are those of y. */
  {
    g_autoptr(AttestAgreementBuilder) only_y = attest_agreement_builder_new (two, "y", &error);
    g_autoptr(AttestAgreementReport) y = NULL;

    g_assert_no_error (error);
    attest_agreement_builder_add_document (only_y, 20, 2, claims);
    y = attest_agreement_builder_finish (only_y);
    p = g_ptr_array_index (y->overall->pairs, 0);
    g_assert_cmpfloat_with_epsilon (p->cohen_kappa, 0.8696, EPSILON);
    g_assert_cmpuint (y->categories->len, ==, 1);
    g_assert_cmpstr (((AttestAgreementFigures *) g_ptr_array_index (y->categories, 0))->category, ==, "y");
  }
}

/* Two documents of 10 characters (body from 0), three annotators; C made
 * no claim in the second, so C is missing there, not "none":
 *
 *   doc 1   A x [0,5)  B x [0,5)  C x [0,5)    all agree, 5 x + 5 none
 *   doc 2   A x [0,5)  B x [5,10)  C –          every unit differs
 *
 * Krippendorff: doc 1 gives m = 3 × 10 units: n_x 15, n_none 15, D 0;
 *   doc 2 gives m = 2 × 10 units: n_x 10, n_none 10, each unit 1 + 1:
 *   D = 20. n = 50: α = 1 − 49 · 20 / (50² − 25² − 25²) = 1 − 980/1250
 *   = 0.2160. (Were C "none" on doc 2, n = 60, n_none 35, D = 20:
 *   α = 1 − 59 · 20 / (3600 − 625 − 1225) = 0.3257.)
 * Fleiss: only doc 1 is coded by all: 10 units, P̄ = 1, p_x = p_none =
 *   1/2, P̄_e = 1/2, κ = 1.
 * A × C: one document in common; on doc 1 alone κ = 1.
 * A × B: doc 2 also in common, 20 units, p_o = 10/20, both x 10 none 10:
 *   p_e = 1/2, κ = 0. */
static void
test_builder_missing (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestAgreementBuilder) builder = attest_agreement_builder_new (three, NULL, &error);
  g_autoptr(AttestAgreementReport) report = NULL;
  g_autoptr(AttestSpans) doc1 = attest_spans_new ();
  g_autoptr(AttestSpans) doc2 = attest_spans_new ();
  const AttestPairAgreement *p;

  g_assert_no_error (error);
  add_claim (doc1, "A", 0, 5, "x", NULL);
  add_claim (doc1, "B", 0, 5, "x", NULL);
  add_claim (doc1, "C", 0, 5, "x", NULL);
  add_claim (doc2, "A", 0, 5, "x", NULL);
  add_claim (doc2, "B", 5, 10, "x", NULL);
  attest_agreement_builder_add_document (builder, 10, 0, doc1);
  attest_agreement_builder_add_document (builder, 10, 0, doc2);
  report = attest_agreement_builder_finish (builder);

  g_assert_cmpfloat_with_epsilon (report->overall->krippendorff_alpha, 0.2160, EPSILON);
  g_assert_cmpfloat (report->overall->pairable_values, ==, 50);
  g_assert_cmpfloat_with_epsilon (report->overall->fleiss_kappa, 1.0, EPSILON);
  g_assert_cmpfloat (report->overall->fleiss_units, ==, 10);
  p = attest_agreement_figures_get_pair (report->overall, "A", "C");
  g_assert_cmpuint (p->documents, ==, 1);
  g_assert_cmpfloat (p->units, ==, 10);
  g_assert_cmpfloat_with_epsilon (p->cohen_kappa, 1.0, EPSILON);
  p = attest_agreement_figures_get_pair (report->overall, "A", "B");
  g_assert_cmpuint (p->documents, ==, 2);
  g_assert_cmpfloat (p->units, ==, 20);
  g_assert_cmpfloat_with_epsilon (p->cohen_kappa, 0.0, EPSILON);
  /* Spans: doc 1 one exact match, doc 2 none (they do not overlap). */
  g_assert_cmpuint (p->exact.matches, ==, 1);
  g_assert_cmpfloat_with_epsilon (p->exact.f1, 0.5, EPSILON);
  g_assert_cmpfloat_with_epsilon (p->overlap.f1, 0.5, EPSILON);
  /* A × C spans count only the document both annotated. */
  p = attest_agreement_figures_get_pair (report->overall, "A", "C");
  g_assert_cmpuint (p->exact.reference_claims, ==, 1);
  g_assert_cmpfloat_with_epsilon (p->exact.f1, 1.0, EPSILON);
}

/* Overlap matching is one to one, exact matches first, then the largest
 * overlaps:
 *   A: a1 [0,10) y, a2 [9,20) y;   B: b1 [5,15) y, b2 [9,20) y
 *   exact: a2 = b2; then a1 overlaps b1 by 5 → 2 overlap matches.
 *   A: a3 [30,40) y;  B: b3 [30,34) y, b4 [35,40) y: a3 takes b4 (5 > 4),
 *   b3 is left over. Exact 1, overlap 3, of 3 (A) and 4 (B) claims:
 *   overlap P = 3/4, R = 3/3, F1 = 6/7 = 0.8571. */
static void
test_builder_overlap (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestAgreementBuilder) builder = attest_agreement_builder_new (two, NULL, &error);
  g_autoptr(AttestAgreementReport) report = NULL;
  g_autoptr(AttestSpans) claims = attest_spans_new ();
  const AttestPairAgreement *p;

  add_claim (claims, "A", 0, 10, "y", NULL);
  add_claim (claims, "A", 9, 20, "y", NULL);
  add_claim (claims, "A", 30, 40, "y", NULL);
  add_claim (claims, "B", 5, 15, "y", NULL);
  add_claim (claims, "B", 9, 20, "y", NULL);
  add_claim (claims, "B", 30, 34, "y", NULL);
  add_claim (claims, "B", 35, 40, "y", NULL);
  attest_agreement_builder_add_document (builder, 50, 0, claims);
  report = attest_agreement_builder_finish (builder);
  p = g_ptr_array_index (report->overall->pairs, 0);

  g_assert_cmpuint (p->exact.matches, ==, 1);
  g_assert_cmpuint (p->overlap.matches, ==, 3);
  g_assert_cmpfloat_with_epsilon (p->overlap.precision, 0.75, EPSILON);
  g_assert_cmpfloat_with_epsilon (p->overlap.recall, 1.0, EPSILON);
  g_assert_cmpfloat_with_epsilon (p->overlap.f1, 0.8571, EPSILON);
}

/* Sources of the exact matches:
 *   [0,5)   {s1}      vs {s1}       equal, J = 1
 *   [5,10)  {s1, s2}  vs {s2, s3}   J = 1/3
 *   [10,15) {}        vs {}         equal, J = 1
 *   [20,25) {s1}      vs {}         (different categories: not matched)
 * equal 2 of 3 = 0.6667; mean J = (1 + 1/3 + 1) / 3 = 0.7778. */
static void
test_builder_sources (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestAgreementBuilder) builder = attest_agreement_builder_new (two, NULL, &error);
  g_autoptr(AttestAgreementReport) report = NULL;
  g_autoptr(AttestSpans) claims = attest_spans_new ();
  const AttestPairAgreement *p;

  add_claim (claims, "A", 0, 5, "x", "s1", NULL);
  add_claim (claims, "B", 0, 5, "x", "s1", NULL);
  add_claim (claims, "A", 5, 10, "x", "s1", "s2", NULL);
  add_claim (claims, "B", 5, 10, "x", "s3", "s2", NULL);
  add_claim (claims, "A", 10, 15, "y", NULL);
  add_claim (claims, "B", 10, 15, "y", NULL);
  add_claim (claims, "A", 20, 25, "x", "s1", NULL);
  add_claim (claims, "B", 20, 25, "y", NULL);
  attest_agreement_builder_add_document (builder, 30, 0, claims);
  report = attest_agreement_builder_finish (builder);

  p = g_ptr_array_index (report->overall->pairs, 0);
  g_assert_cmpuint (p->sources.matched, ==, 3);
  g_assert_cmpuint (p->sources.equal, ==, 2);
  g_assert_cmpfloat_with_epsilon (p->sources.equal_share, 0.6667, EPSILON);
  g_assert_cmpfloat_with_epsilon (p->sources.jaccard_mean, 0.7778, EPSILON);
  /* Per category: x has the first two. */
  p = attest_agreement_figures_get_pair (attest_agreement_report_get_figures (report, "x"), "A", "B");
  g_assert_cmpuint (p->sources.matched, ==, 2);
  g_assert_cmpfloat_with_epsilon (p->sources.jaccard_mean, 0.6667, EPSILON);
}

static void
test_builder_too_few (void)
{
  static const char * const one[] = { "A", " A ", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestAgreementBuilder) builder = attest_agreement_builder_new (one, NULL, &error);

  g_assert_null (builder);
  g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==,
                   "Agreement needs the claims of at least two annotators; there is only “A”");
}

/* ---------------------------------------------------------- comparison */

static void
test_compare (void)
{
  g_autoptr(GPtrArray) claims = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GPtrArray) pair = NULL;
  AttestComparisonItem *item;

  /* Everyone: [0,10) x → an agreement. */
  g_ptr_array_add (claims, claim ("C", 0, 10, "x", NULL));
  g_ptr_array_add (claims, claim ("A", 0, 10, "x", NULL));
  g_ptr_array_add (claims, claim ("B", 0, 10, "x", NULL));
  /* Same span, one category differs → a disagreement (category). */
  g_ptr_array_add (claims, claim ("A", 20, 30, "x", NULL));
  g_ptr_array_add (claims, claim ("B", 20, 30, "x", NULL));
  g_ptr_array_add (claims, claim ("C", 20, 30, "y", NULL));
  /* Overlapping, same category, boundaries differ. */
  g_ptr_array_add (claims, claim ("A", 40, 50, "x", NULL));
  g_ptr_array_add (claims, claim ("B", 45, 55, "x", NULL));
  /* A alone; and C alone inside the first agreement. */
  g_ptr_array_add (claims, claim ("A", 60, 70, "y", NULL));
  g_ptr_array_add (claims, claim ("C", 2, 4, "z", NULL));

  items = attest_agreement_compare_claims (claims, NULL);
  g_assert_cmpuint (items->len, ==, 5);

  item = g_ptr_array_index (items, 0);
  g_assert_cmpint (item->kind, ==, ATTEST_COMPARISON_AGREEMENT);
  g_assert_cmpint (item->start, ==, 0);
  g_assert_cmpint (item->end, ==, 10);
  g_assert_cmpuint (item->claims->len, ==, 3);
  g_assert_cmpstr (((AttestClaim *) g_ptr_array_index (item->claims, 0))->annotator, ==, "A");
  g_assert_cmpstr (((AttestClaim *) g_ptr_array_index (item->claims, 2))->annotator, ==, "C");

  g_assert_cmpuint (g_strv_length (item->absent), ==, 0);

  item = g_ptr_array_index (items, 1);
  g_assert_cmpint (item->kind, ==, ATTEST_COMPARISON_ONE_SIDED);
  g_assert_cmpint (item->start, ==, 2);
  g_assert_cmpstrv (item->absent, ((const char * const []) { "A", "B", NULL }));
  g_assert_cmpstr (attest_comparison_kind_to_string (item->kind), ==, "one-sided");

  item = g_ptr_array_index (items, 2);
  g_assert_cmpint (item->kind, ==, ATTEST_COMPARISON_DISAGREEMENT);
  g_assert_true (item->same_span);
  g_assert_false (item->same_category);
  g_assert_cmpuint (item->claims->len, ==, 3);

  item = g_ptr_array_index (items, 3);
  g_assert_cmpint (item->kind, ==, ATTEST_COMPARISON_DISAGREEMENT);
  g_assert_false (item->same_span);
  g_assert_true (item->same_category);
  g_assert_cmpint (item->start, ==, 40);
  g_assert_cmpint (item->end, ==, 55);
  g_assert_cmpstrv (item->absent, ((const char * const []) { "C", NULL }));

  item = g_ptr_array_index (items, 4);
  g_assert_cmpint (item->kind, ==, ATTEST_COMPARISON_ONE_SIDED);
  g_assert_cmpint (item->start, ==, 60);

  /* Only A and B: [20,30) x is now an agreement, C's claims are out. */
  pair = attest_agreement_compare_claims (claims, two);
  g_assert_cmpuint (pair->len, ==, 4);
  item = g_ptr_array_index (pair, 1);
  g_assert_cmpint (item->kind, ==, ATTEST_COMPARISON_AGREEMENT);
  g_assert_cmpint (item->start, ==, 20);
  g_assert_cmpuint (item->claims->len, ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/agreement/cohen/textbook", test_cohen_textbook);
  g_test_add_func ("/agreement/cohen/undefined", test_cohen_undefined);
  g_test_add_func ("/agreement/fleiss/1971", test_fleiss_1971);
  g_test_add_func ("/agreement/fleiss/small", test_fleiss_small);
  g_test_add_func ("/agreement/krippendorff/published", test_krippendorff_published);
  g_test_add_func ("/agreement/krippendorff/undefined", test_krippendorff_undefined);
  g_test_add_func ("/agreement/builder/hand", test_builder_hand);
  g_test_add_func ("/agreement/builder/missing", test_builder_missing);
  g_test_add_func ("/agreement/builder/overlap", test_builder_overlap);
  g_test_add_func ("/agreement/builder/sources", test_builder_sources);
  g_test_add_func ("/agreement/builder/too-few", test_builder_too_few);
  g_test_add_func ("/agreement/compare", test_compare);

  return g_test_run ();
}
