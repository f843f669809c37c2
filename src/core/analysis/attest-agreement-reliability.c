/* attest-agreement-reliability.c — chance-corrected agreement on nominal
 * labels: Cohen's κ, Fleiss' κ and Krippendorff's α (see
 * attest-agreement.h).
 *
 * What it owns: the formulas, accumulated unit by unit with missing
 * labels; a unit may stand for many identical ones (a weight), so the
 * builder in attest-agreement.c adds each segment of equal labels once.
 */
#include "config.h"

#include "attest-agreement.h"

#include <math.h>
#include <string.h>

#include "attest-agreement-private.h"

/* ========================================================= coefficients */

/* What Cohen's κ needs of one pair of coders: the units both labelled, how
 * many of them alike, and each coder's label counts on them. */
typedef struct {
  double  units;
  double  agree;
  GArray *a_counts;  /* double per value */
  GArray *b_counts;
} PairTable;

struct _AttestReliability
{
  guint      n_coders;
  guint      n_values;
  PairTable *pairs;            /* n_coders × n_coders, [a * n + b] with a < b */

  /* Fleiss: the units labelled by every coder. */
  double     fleiss_units;
  double     fleiss_agreement; /* Σ weight × P_i */
  GArray    *fleiss_counts;    /* Σ weight × n_ij, per value */

  /* Krippendorff: the pairable units (two values or more). */
  double     alpha_values;     /* n = Σ weight × m_u */
  double     alpha_disagreement; /* Σ_c Σ_k≠c o_ck */
  GArray    *alpha_counts;     /* n_c */
};

static GArray *
value_array (guint n_values)
{
  GArray *array = g_array_sized_new (FALSE, TRUE, sizeof (double), n_values);

  g_array_set_size (array, n_values);
  return array;
}

static PairTable *
pair_table (AttestReliability *self,
            guint              a,
            guint              b)
{
  return &self->pairs[a * self->n_coders + b];
}

/**
 * attest_reliability_new:
 * @n_coders: the number of coders
 * @n_values: how many labels are expected
 *
 * @n_values is a hint: labels may be any value ≥ 0.
 *
 * Returns: (transfer full): a new #AttestReliability
 */
AttestReliability *
attest_reliability_new (guint n_coders,
                        guint n_values)
{
  AttestReliability *self;

  g_return_val_if_fail (n_coders >= 2 && n_coders <= MAX_ANNOTATORS, NULL);

  self = g_new0 (AttestReliability, 1);

  self->n_coders = n_coders;
  self->n_values = MAX (n_values, 1);
  self->pairs = g_new0 (PairTable, (gsize) n_coders * n_coders);
  for (guint a = 0; a < n_coders; a++)
    for (guint b = a + 1; b < n_coders; b++)
      {
        pair_table (self, a, b)->a_counts = value_array (self->n_values);
        pair_table (self, a, b)->b_counts = value_array (self->n_values);
      }
  self->fleiss_counts = value_array (self->n_values);
  self->alpha_counts = value_array (self->n_values);
  return self;
}

/**
 * attest_reliability_free:
 * @self: (nullable): an #AttestReliability
 */
void
attest_reliability_free (AttestReliability *self)
{
  if (self == NULL)
    return;
  for (guint a = 0; a < self->n_coders; a++)
    for (guint b = a + 1; b < self->n_coders; b++)
      {
        g_array_unref (pair_table (self, a, b)->a_counts);
        g_array_unref (pair_table (self, a, b)->b_counts);
      }
  g_free (self->pairs);
  g_array_unref (self->fleiss_counts);
  g_array_unref (self->alpha_counts);
  g_free (self);
}

/* Labels are not known in advance (categories appear as claims do). */
static void
ensure_value (AttestReliability *self,
              int                value)
{
  guint needed = (guint) value + 1;

  if (needed <= self->n_values)
    return;
  needed = MAX (needed, self->n_values * 2);
  for (guint a = 0; a < self->n_coders; a++)
    for (guint b = a + 1; b < self->n_coders; b++)
      {
        g_array_set_size (pair_table (self, a, b)->a_counts, needed);
        g_array_set_size (pair_table (self, a, b)->b_counts, needed);
      }
  g_array_set_size (self->fleiss_counts, needed);
  g_array_set_size (self->alpha_counts, needed);
  self->n_values = needed;
}

#define COUNT(array, value) g_array_index ((array), double, (value))

/**
 * attest_reliability_add_unit:
 * @self: an #AttestReliability
 * @labels: (array): one label per coder
 * @weight: how many identical units this one stands for
 *
 * Adds a unit that @weight identical units would add: @labels holds one
 * label per coder, ATTEST_AGREEMENT_MISSING where a coder gave none.
 */
void
attest_reliability_add_unit (AttestReliability *self,
                             const int         *labels,
                             double             weight)
{
  int values[MAX_ANNOTATORS];
  double counts[MAX_ANNOTATORS];
  guint n_distinct = 0;
  guint m = 0;

  g_return_if_fail (self != NULL && labels != NULL);
  g_return_if_fail (self->n_coders <= MAX_ANNOTATORS);

  if (weight <= 0)
    return;

  /* n_uc: how many coders gave each value to this unit. */
  for (guint c = 0; c < self->n_coders; c++)
    {
      guint i;

      if (labels[c] < 0)
        continue;
      ensure_value (self, labels[c]);
      m++;
      for (i = 0; i < n_distinct && values[i] != labels[c]; i++)
        ;
      if (i == n_distinct)
        {
          values[n_distinct] = labels[c];
          counts[n_distinct++] = 0;
        }
      counts[i] += 1;
    }

  for (guint a = 0; a < self->n_coders; a++)
    for (guint b = a + 1; b < self->n_coders; b++)
      {
        PairTable *t = pair_table (self, a, b);

        if (labels[a] < 0 || labels[b] < 0)
          continue;
        t->units += weight;
        if (labels[a] == labels[b])
          t->agree += weight;
        COUNT (t->a_counts, labels[a]) += weight;
        COUNT (t->b_counts, labels[b]) += weight;
      }

  /* Fleiss (1971), eq. 2: P_i = (Σ_j n_ij² − n) / (n (n − 1)). */
  if (m == self->n_coders)
    {
      double n = m;
      double squares = 0;

      for (guint i = 0; i < n_distinct; i++)
        {
          squares += counts[i] * counts[i];
          COUNT (self->fleiss_counts, values[i]) += weight * counts[i];
        }
      self->fleiss_units += weight;
      self->fleiss_agreement += weight * (squares - n) / (n * (n - 1));
    }

  /* Krippendorff (2011), coincidences: each ordered pair of values of a
   * unit from different coders adds 1 / (m_u − 1) to o_ck; for nominal
   * data only their sum off the diagonal and the totals n_c matter. */
  if (m >= 2)
    {
      self->alpha_values += weight * m;
      for (guint i = 0; i < n_distinct; i++)
        {
          COUNT (self->alpha_counts, values[i]) += weight * counts[i];
          self->alpha_disagreement += weight * counts[i] * (m - counts[i]) / (m - 1);
        }
    }
}

/* Cohen (1960): κ = (p_o − p_e) / (1 − p_e), p_e = Σ_k p_a(k) p_b(k). */
/**
 * attest_reliability_cohen_kappa:
 * @self: an #AttestReliability
 * @a: a coder
 * @b: another coder
 * @out_units: (out) (optional): return location for the number of units both labelled
 * @out_observed: (out) (optional): return location for the observed share of agreement
 *
 * Cohen's κ of coders @a and @b on the units both labelled.
 *
 * Returns: κ, or NaN when it is not defined
 */
double
attest_reliability_cohen_kappa (AttestReliability *self,
                                guint              a,
                                guint              b,
                                double            *out_units,
                                double            *out_observed)
{
  PairTable *t;
  double expected = 0;
  double observed;

  g_return_val_if_fail (self != NULL, NAN);
  g_return_val_if_fail (a != b && a < self->n_coders && b < self->n_coders, NAN);

  t = pair_table (self, MIN (a, b), MAX (a, b));
  if (out_units)
    *out_units = t->units;
  if (out_observed)
    *out_observed = t->units > 0 ? t->agree / t->units : NAN;
  if (t->units <= 0)
    return NAN;

  observed = t->agree / t->units;
  for (guint v = 0; v < self->n_values; v++)
    expected += (COUNT (t->a_counts, v) / t->units) * (COUNT (t->b_counts, v) / t->units);
  /* Both used one label throughout: nothing for chance to explain. */
  if (fabs (1.0 - expected) < 1e-12)
    return NAN;
  return (observed - expected) / (1.0 - expected);
}

/* Fleiss (1971): κ = (P̄ − P̄_e) / (1 − P̄_e), P̄_e = Σ_j p_j²,
 * p_j = Σ_i n_ij / (N n). */
/**
 * attest_reliability_fleiss_kappa:
 * @self: an #AttestReliability
 * @out_units: (out) (optional): return location for the number of units
 *   every coder labelled
 *
 * Fleiss' κ on the units every coder labelled.
 *
 * Returns: κ, or NaN when it is not defined
 */
double
attest_reliability_fleiss_kappa (AttestReliability *self,
                                 double            *out_units)
{
  double mean_agreement;
  double expected = 0;
  double n;

  g_return_val_if_fail (self != NULL, NAN);

  if (out_units)
    *out_units = self->fleiss_units;
  if (self->fleiss_units <= 0)
    return NAN;

  n = self->n_coders;
  mean_agreement = self->fleiss_agreement / self->fleiss_units;
  for (guint v = 0; v < self->n_values; v++)
    {
      double p = COUNT (self->fleiss_counts, v) / (self->fleiss_units * n);
      expected += p * p;
    }
  if (fabs (1.0 - expected) < 1e-12)
    return NAN;
  return (mean_agreement - expected) / (1.0 - expected);
}

/* Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", C.:
 * α = 1 − (n − 1) Σ_c Σ_k≠c o_ck / Σ_c Σ_k≠c n_c n_k, where
 * Σ_c Σ_k≠c n_c n_k = n² − Σ_c n_c². */
/**
 * attest_reliability_krippendorff_alpha:
 * @self: an #AttestReliability
 * @out_pairable: (out) (optional): return location for the number of
 *   values in those units (his n)
 *
 * Krippendorff's α (nominal) on every unit at least two coders labelled.
 *
 * Returns: α, or NaN when it is not defined
 */
double
attest_reliability_krippendorff_alpha (AttestReliability *self,
                                       double            *out_pairable)
{
  double n;
  double expected;

  g_return_val_if_fail (self != NULL, NAN);

  n = self->alpha_values;
  if (out_pairable)
    *out_pairable = n;
  if (n <= 1)
    return NAN;

  expected = n * n;
  for (guint v = 0; v < self->n_values; v++)
    expected -= COUNT (self->alpha_counts, v) * COUNT (self->alpha_counts, v);
  if (expected < 1e-9)
    return NAN;
  return 1.0 - (n - 1) * self->alpha_disagreement / expected;
}

static AttestReliability *
reliability_from_matrix (const int *labels,
                         gsize      n_units,
                         guint      n_coders)
{
  AttestReliability *self = attest_reliability_new (n_coders, 8);

  for (gsize u = 0; u < n_units; u++)
    attest_reliability_add_unit (self, labels + u * n_coders, 1.0);
  return self;
}

/**
 * attest_agreement_cohen_kappa:
 * @labels: (array): a row-major matrix of @n_units rows and two columns
 * @n_units: the number of units (rows)
 *
 * attest_reliability_cohen_kappa() on a matrix; labels are ≥ 0 or
 * ATTEST_AGREEMENT_MISSING.
 *
 * Returns: κ, or NaN when it is not defined
 */
double
attest_agreement_cohen_kappa (const int *labels,
                              gsize      n_units)
{
  g_autoptr(AttestReliability) r = reliability_from_matrix (labels, n_units, 2);

  return attest_reliability_cohen_kappa (r, 0, 1, NULL, NULL);
}

/**
 * attest_agreement_fleiss_kappa:
 * @labels: (array): a row-major matrix of @n_units rows and @n_coders columns
 * @n_units: the number of units (rows)
 * @n_coders: the number of coders (columns)
 *
 * attest_reliability_fleiss_kappa() on a matrix.
 *
 * Returns: κ, or NaN when it is not defined
 */
double
attest_agreement_fleiss_kappa (const int *labels,
                               gsize      n_units,
                               guint      n_coders)
{
  g_autoptr(AttestReliability) r = NULL;

  g_return_val_if_fail (n_coders >= 2 && n_coders <= MAX_ANNOTATORS, NAN);
  r = reliability_from_matrix (labels, n_units, n_coders);
  return attest_reliability_fleiss_kappa (r, NULL);
}

/**
 * attest_agreement_krippendorff_alpha:
 * @labels: (array): a row-major matrix of @n_units rows and @n_coders columns
 * @n_units: the number of units (rows)
 * @n_coders: the number of coders (columns)
 *
 * attest_reliability_krippendorff_alpha() on a matrix.
 *
 * Returns: α, or NaN when it is not defined
 */
double
attest_agreement_krippendorff_alpha (const int *labels,
                                     gsize      n_units,
                                     guint      n_coders)
{
  g_autoptr(AttestReliability) r = NULL;

  g_return_val_if_fail (n_coders >= 2 && n_coders <= MAX_ANNOTATORS, NAN);
  r = reliability_from_matrix (labels, n_units, n_coders);
  return attest_reliability_krippendorff_alpha (r, NULL);
}
