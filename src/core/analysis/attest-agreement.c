/* attest-agreement.c — inter-annotator agreement over claims (see
 * attest-agreement.h for the units and rules).
 *
 * What it owns: the report, the turning of claims into labelled units,
 * span matching, the computation over the store and the figures an export
 * records. The formulas are in attest-agreement-reliability.c, the
 * curator's comparison in attest-agreement-compare.c. It speaks no SQL: the store hands it claims one
 * document at a time, so memory follows the largest document, not the
 * corpus. Units are never materialised one character at a time: between
 * two claim boundaries every character carries the same labels, so each
 * such segment is added once, weighted by its length.
 */
#include "config.h"

#include "attest-agreement.h"

#include <math.h>
#include <string.h>

#include "attest-agreement-private.h"
#include "attest-error.h"
#include "attest-store-bulk.h"

/* =============================================================== report */

static void
pair_agreement_free (AttestPairAgreement *pair)
{
  g_free (pair->reference);
  g_free (pair->other);
  g_free (pair);
}

static void
figures_free (AttestAgreementFigures *figures)
{
  if (figures == NULL)
    return;
  g_free (figures->category);
  g_clear_pointer (&figures->pairs, g_ptr_array_unref);
  g_free (figures);
}

/**
 * attest_agreement_report_free:
 * @report: (nullable) (transfer full): a report
 */
void
attest_agreement_report_free (AttestAgreementReport *report)
{
  if (report == NULL)
    return;
  g_strfreev (report->annotators);
  figures_free (report->overall);
  g_clear_pointer (&report->categories, g_ptr_array_unref);
  g_free (report);
}

/**
 * attest_agreement_figures_get_pair:
 * @figures: the figures of a report
 * @reference: (nullable): an annotator
 * @other: (nullable): another annotator
 *
 * Returns: (transfer none) (nullable): the pair (@reference, @other) of
 *   @figures, in either order, or %NULL
 */
const AttestPairAgreement *
attest_agreement_figures_get_pair (const AttestAgreementFigures *figures,
                                   const char                   *reference,
                                   const char                   *other)
{
  g_return_val_if_fail (figures != NULL, NULL);

  for (guint i = 0; i < figures->pairs->len; i++)
    {
      const AttestPairAgreement *pair = g_ptr_array_index (figures->pairs, i);

      if ((g_strcmp0 (pair->reference, reference) == 0 && g_strcmp0 (pair->other, other) == 0) ||
          (g_strcmp0 (pair->reference, other) == 0 && g_strcmp0 (pair->other, reference) == 0))
        return pair;
    }
  return NULL;
}

/**
 * attest_agreement_report_get_figures:
 * @report: a report
 * @category: (nullable): a category's key; %NULL: overall
 *
 * Returns: (transfer none) (nullable): the figures of @category, owned by
 *   @report, or %NULL
 */
const AttestAgreementFigures *
attest_agreement_report_get_figures (const AttestAgreementReport *report,
                                     const char                  *category)
{
  g_return_val_if_fail (report != NULL, NULL);

  if (category == NULL)
    return report->overall;
  for (guint i = 0; i < report->categories->len; i++)
    {
      const AttestAgreementFigures *figures = g_ptr_array_index (report->categories, i);

      if (g_str_equal (figures->category, category))
        return figures;
    }
  return NULL;
}

/* ============================================================== builder */

typedef struct {
  guint  reference_claims;
  guint  other_claims;
  guint  exact;
  guint  overlap;
  guint  links_equal;
  double jaccard_sum;
} PairSpans;

/* Documents of one set of annotators (a bit mask) and their characters. */
typedef struct {
  guint64 mask;
  double  weight;
} MaskWeight;

/* Everything measured over one set of claims: all of them, or those of
 * one category. */
typedef struct {
  char              *category;
  AttestReliability *reliability;
  PairSpans         *spans;     /* n × n, [a * n + b] with a < b */
  GArray            *present;   /* MaskWeight: documents holding the category */
} Scope;

struct _AttestAgreementBuilder
{
  gboolean    finished;
  GStrv       annotators;
  guint       n;
  char       *category;
  guint       documents;
  double      characters;
  guint      *pair_documents;   /* n × n */
  GArray     *masks;            /* MaskWeight: every document */
  GHashTable *values;           /* category key → label (≥ 1; 0 is "none") */
  Scope      *overall;
  GHashTable *scopes;           /* category key → Scope* */
};

static Scope *
scope_new (AttestAgreementBuilder *self,
           const char             *category)
{
  Scope *scope = g_new0 (Scope, 1);

  scope->category = g_strdup (category);
  scope->reliability = attest_reliability_new (self->n, category ? 2 : 8);
  scope->spans = g_new0 (PairSpans, (gsize) self->n * self->n);
  scope->present = g_array_new (FALSE, FALSE, sizeof (MaskWeight));
  return scope;
}

static void
scope_free (Scope *scope)
{
  g_free (scope->category);
  attest_reliability_free (scope->reliability);
  g_free (scope->spans);
  g_array_unref (scope->present);
  g_free (scope);
}

static void
add_mask_weight (GArray  *masks,
                 guint64  mask,
                 double   weight)
{
  MaskWeight item = { mask, weight };

  for (guint i = 0; i < masks->len; i++)
    if (g_array_index (masks, MaskWeight, i).mask == mask)
      {
        g_array_index (masks, MaskWeight, i).weight += weight;
        return;
      }
  g_array_append_val (masks, item);
}

static double
mask_weight (GArray  *masks,
             guint64  mask)
{
  for (guint i = 0; i < masks->len; i++)
    if (g_array_index (masks, MaskWeight, i).mask == mask)
      return g_array_index (masks, MaskWeight, i).weight;
  return 0;
}

static guint
count_bits (guint64 mask)
{
  guint n = 0;

  for (; mask; mask &= mask - 1)
    n++;
  return n;
}

GStrv
attest_agreement_unique_names (const char * const *names)
{
  g_autoptr(GPtrArray) unique = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; names && names[i]; i++)
    {
      g_autofree char *name = g_strstrip (g_strdup (names[i]));

      if (*name != '\0' && !g_ptr_array_find_with_equal_func (unique, name, g_str_equal, NULL))
        g_ptr_array_add (unique, g_steal_pointer (&name));
    }
  g_ptr_array_add (unique, NULL);
  return (GStrv) g_ptr_array_free (g_steal_pointer (&unique), FALSE);
}

/**
 * attest_agreement_builder_new:
 * @annotators: (array zero-terminated=1): at least two distinct
 *   annotators, at most 64
 * @category: (nullable): limits everything to the claims of one category;
 *   %NULL: all
 * @error: return location for a #GError, or %NULL
 *
 * Returns: (transfer full) (nullable): a new #AttestAgreementBuilder, or
 *   %NULL with @error set
 */
AttestAgreementBuilder *
attest_agreement_builder_new (const char * const *annotators,
                              const char         *category,
                              GError            **error)
{
  g_autoptr(AttestAgreementBuilder) self = g_new0 (AttestAgreementBuilder, 1);

  self->annotators = attest_agreement_unique_names (annotators);
  self->n = g_strv_length (self->annotators);
  if (self->n == 0)
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID,
                   "Agreement needs the claims of at least two annotators; there are none");
      return NULL;
    }
  if (self->n == 1)
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID,
                   "Agreement needs the claims of at least two annotators; there is only “%s”",
                   self->annotators[0]);
      return NULL;
    }
  if (self->n > MAX_ANNOTATORS)
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID,
                   "Agreement is measured between at most %d annotators; choose them with "
                   "--annotators", MAX_ANNOTATORS);
      return NULL;
    }

  self->category = g_strdup (category);
  self->pair_documents = g_new0 (guint, (gsize) self->n * self->n);
  self->masks = g_array_new (FALSE, FALSE, sizeof (MaskWeight));
  self->values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->overall = scope_new (self, NULL);
  self->scopes = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) scope_free);
  return g_steal_pointer (&self);
}

/**
 * attest_agreement_builder_free:
 * @self: (nullable): an #AttestAgreementBuilder
 */
void
attest_agreement_builder_free (AttestAgreementBuilder *self)
{
  if (self == NULL)
    return;
  g_strfreev (self->annotators);
  g_free (self->category);
  g_free (self->pair_documents);
  g_clear_pointer (&self->masks, g_array_unref);
  g_clear_pointer (&self->values, g_hash_table_unref);
  g_clear_pointer (&self->overall, scope_free);
  g_clear_pointer (&self->scopes, g_hash_table_unref);
  g_free (self);
}

int
attest_agreement_compare_by_start (gconstpointer a,
                  gconstpointer b)
{
  const AttestClaim *x = *(AttestClaim **) a;
  const AttestClaim *y = *(AttestClaim **) b;

  if (x->start != y->start)
    return x->start < y->start ? -1 : 1;
  if (x->end != y->end)
    return x->end < y->end ? -1 : 1;
  return g_strcmp0 (x->uuid, y->uuid);
}

/* Spans (AttestSpan**) in the same order. */
static int
compare_spans (gconstpointer a,
               gconstpointer b)
{
  const AttestSpan *x = *(const AttestSpan **) a;
  const AttestSpan *y = *(const AttestSpan **) b;

  if (x->start != y->start)
    return x->start < y->start ? -1 : 1;
  if (x->end != y->end)
    return x->end < y->end ? -1 : 1;
  return g_strcmp0 (x->uuid, y->uuid);
}

static int
compare_offsets (gconstpointer a,
                 gconstpointer b)
{
  gint64 x = *(const gint64 *) a;
  gint64 y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

/* The label of the category key, for the all-categories scope. */
static int
value_of (AttestAgreementBuilder *self,
          const char             *category)
{
  gpointer value;

  if (!g_hash_table_lookup_extended (self->values, category, NULL, &value))
    {
      value = GINT_TO_POINTER (g_hash_table_size (self->values) + 1);
      g_hash_table_insert (self->values, g_strdup (category), value);
    }
  return GPOINTER_TO_INT (value);
}

/* Adds the character units [from, to) of one document to @scope. @lists
 * holds each annotator's claims (sorted by start), @mask those who
 * annotated the document at all (the others are missing). */
static void
add_units (AttestAgreementBuilder *self,
           Scope                  *scope,
           GPtrArray             **lists,
           guint64                 mask,
           gint64                  from,
           gint64                  to)
{
  g_autoptr(GArray) cuts = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree guint *cursor = g_new0 (guint, self->n);
  g_autofree GPtrArray **active = g_new0 (GPtrArray *, self->n);
  int labels[MAX_ANNOTATORS];

  /* A unit labelled by fewer than two annotators counts for nothing. */
  if (from >= to || count_bits (mask) < 2)
    return;

  g_array_append_val (cuts, from);
  g_array_append_val (cuts, to);
  for (guint c = 0; c < self->n; c++)
    for (guint i = 0; i < lists[c]->len; i++)
      {
        const AttestSpan *claim = g_ptr_array_index (lists[c], i);
        gint64 start = CLAMP (claim->start, from, to);
        gint64 end = CLAMP (claim->end, from, to);

        g_array_append_val (cuts, start);
        g_array_append_val (cuts, end);
      }
  g_array_sort (cuts, compare_offsets);

  for (guint c = 0; c < self->n; c++)
    active[c] = g_ptr_array_new ();

  for (guint k = 0; k + 1 < cuts->len; k++)
    {
      gint64 p = g_array_index (cuts, gint64, k);
      gint64 q = g_array_index (cuts, gint64, k + 1);

      if (p == q)
        continue;

      for (guint c = 0; c < self->n; c++)
        {
          const AttestSpan *inner = NULL;

          if (!(mask & (G_GUINT64_CONSTANT (1) << c)))
            {
              labels[c] = ATTEST_AGREEMENT_MISSING;
              continue;
            }

          /* Sweep: claims that began by p join, those ended by p leave. */
          for (; cursor[c] < lists[c]->len; cursor[c]++)
            {
              const AttestSpan *claim = g_ptr_array_index (lists[c], cursor[c]);

              if (claim->start > p)
                break;
              g_ptr_array_add (active[c], (gpointer) claim);
            }
          for (guint i = active[c]->len; i > 0; i--)
            {
              const AttestSpan *claim = g_ptr_array_index (active[c], i - 1);

              if (claim->end <= p)
                g_ptr_array_remove_index_fast (active[c], i - 1);
            }

          /* The innermost claim: the shortest, then the smallest key. */
          for (guint i = 0; i < active[c]->len; i++)
            {
              const AttestSpan *claim = g_ptr_array_index (active[c], i);
              gint64 length = claim->end - claim->start;

              if (inner == NULL || length < inner->end - inner->start ||
                  (length == inner->end - inner->start && strcmp (claim->category, inner->category) < 0))
                inner = claim;
            }

          if (inner == NULL)
            labels[c] = 0;
          else if (scope->category != NULL)
            labels[c] = 1;
          else
            labels[c] = value_of (self, inner->category);
        }

      attest_reliability_add_unit (scope->reliability, labels, (double) (q - p));
    }

  for (guint c = 0; c < self->n; c++)
    g_ptr_array_unref (active[c]);
}

/* Jaccard index of two claims' source sets; two empty sets are equal. */
static double
source_jaccard (const AttestSpan *a,
                const AttestSpan *b)
{
  guint both = 0;
  guint either;

  for (const char *p = a->sources; *p;)
    {
      const char *space = strchr (p, ' ');
      gsize n = space ? (gsize) (space - p) : strlen (p);

      if (n > 0 && attest_span_has_source (b, p, n))
        both++;
      p += n + (space != NULL);
    }
  either = attest_span_n_sources (a) + attest_span_n_sources (b) - both;
  return either == 0 ? 1.0 : (double) both / either;
}

typedef struct {
  guint  a;
  guint  b;
  gint64 overlap;
  gint64 key[4];
} Candidate;

static int
compare_candidates (gconstpointer x,
                    gconstpointer y)
{
  const Candidate *p = x;
  const Candidate *q = y;

  if (p->overlap != q->overlap)
    return p->overlap > q->overlap ? -1 : 1;
  for (guint i = 0; i < 4; i++)
    if (p->key[i] != q->key[i])
      return p->key[i] < q->key[i] ? -1 : 1;
  if (p->a != q->a)
    return p->a < q->a ? -1 : 1;
  return p->b < q->b ? -1 : p->b > q->b;
}

/* Matches the claims of one category of two annotators in one document,
 * one to one: exact matches first (same start and end), then, among the
 * rest, greedily the pairs that overlap most (ties: earlier and shorter
 * first), so that every exact match is an overlap match too. */
static void
match_spans (GPtrArray *ref,
             GPtrArray *other,
             PairSpans *spans)
{
  g_autofree gboolean *used_ref = g_new0 (gboolean, ref->len + 1);
  g_autofree gboolean *used_other = g_new0 (gboolean, other->len + 1);
  g_autoptr(GArray) candidates = g_array_new (FALSE, FALSE, sizeof (Candidate));
  guint i = 0;
  guint j = 0;

  spans->reference_claims += ref->len;
  spans->other_claims += other->len;

  while (i < ref->len && j < other->len)
    {
      const AttestSpan *a = g_ptr_array_index (ref, i);
      const AttestSpan *b = g_ptr_array_index (other, j);

      if (a->start == b->start && a->end == b->end)
        {
          double jaccard = source_jaccard (a, b);

          used_ref[i++] = TRUE;
          used_other[j++] = TRUE;
          spans->exact++;
          spans->overlap++;
          spans->jaccard_sum += jaccard;
          if (jaccard == 1.0)
            spans->links_equal++;
        }
      else if (a->start < b->start || (a->start == b->start && a->end < b->end))
        i++;
      else
        j++;
    }

  for (i = 0; i < ref->len; i++)
    {
      const AttestSpan *a = g_ptr_array_index (ref, i);

      if (used_ref[i])
        continue;
      for (j = 0; j < other->len; j++)
        {
          const AttestSpan *b = g_ptr_array_index (other, j);
          gint64 overlap = MIN (a->end, b->end) - MAX (a->start, b->start);

          if (b->start >= a->end)
            break;
          if (!used_other[j] && overlap > 0)
            {
              Candidate c = { i, j, overlap, { a->start, a->end, b->start, b->end } };
              g_array_append_val (candidates, c);
            }
        }
    }
  g_array_sort (candidates, compare_candidates);
  for (guint k = 0; k < candidates->len; k++)
    {
      Candidate *c = &g_array_index (candidates, Candidate, k);

      if (used_ref[c->a] || used_other[c->b])
        continue;
      used_ref[c->a] = used_other[c->b] = TRUE;
      spans->overlap++;
    }
}

static GPtrArray *
spans_of_category (GPtrArray  *claims,
                   const char *category)
{
  GPtrArray *subset = g_ptr_array_new ();

  for (guint i = 0; i < claims->len; i++)
    {
      const AttestSpan *claim = g_ptr_array_index (claims, i);

      if (g_str_equal (claim->category, category))
        g_ptr_array_add (subset, (gpointer) claim);
    }
  return subset;
}

static void
add_spans (PairSpans *into,
           PairSpans *from)
{
  into->reference_claims += from->reference_claims;
  into->other_claims += from->other_claims;
  into->exact += from->exact;
  into->overlap += from->overlap;
  into->links_equal += from->links_equal;
  into->jaccard_sum += from->jaccard_sum;
}

/**
 * attest_agreement_builder_add_document:
 * @self: an #AttestAgreementBuilder
 * @length: the document's length in characters
 * @body_start: where its body starts, in characters
 * @spans: its claims, of any annotator (those of others are ignored)
 *
 * Adds one document.
 */
void
attest_agreement_builder_add_document (AttestAgreementBuilder *self,
                                       gint64                  length,
                                       gint64                  body_start,
                                       const AttestSpans      *spans)
{
  g_autofree GPtrArray **lists = NULL;
  g_autoptr(GPtrArray) categories = g_ptr_array_new ();
  guint64 mask = 0;
  gint64 from;
  double weight;

  g_return_if_fail (self != NULL && !self->finished);
  g_return_if_fail (spans != NULL);

  lists = g_new0 (GPtrArray *, self->n);
  for (guint c = 0; c < self->n; c++)
    lists[c] = g_ptr_array_new ();

  /* Whoever made any claim here annotated the document, whatever the
   * category asked about. */
  for (guint i = 0; i < spans->spans->len; i++)
    {
      const AttestSpan *claim = &g_array_index (spans->spans, AttestSpan, i);

      for (guint c = 0; c < self->n; c++)
        if (g_strcmp0 (claim->annotator, self->annotators[c]) == 0)
          {
            mask |= G_GUINT64_CONSTANT (1) << c;
            if (self->category == NULL || g_str_equal (claim->category, self->category))
              g_ptr_array_add (lists[c], (gpointer) claim);
            break;
          }
    }
  for (guint c = 0; c < self->n; c++)
    {
      g_ptr_array_sort (lists[c], compare_spans);
      for (guint i = 0; i < lists[c]->len; i++)
        {
          const AttestSpan *claim = g_ptr_array_index (lists[c], i);

          if (!g_ptr_array_find_with_equal_func (categories, claim->category, g_str_equal, NULL))
            g_ptr_array_add (categories, (gpointer) claim->category);
        }
    }

  from = CLAMP (body_start, 0, length);
  weight = (double) (length - from);
  self->documents++;
  self->characters += weight;
  add_mask_weight (self->masks, mask, weight);

  for (guint a = 0; a < self->n; a++)
    for (guint b = a + 1; b < self->n; b++)
      if ((mask >> a & 1) && (mask >> b & 1))
        self->pair_documents[a * self->n + b]++;

  add_units (self, self->overall, lists, mask, from, length);

  for (guint k = 0; k < categories->len; k++)
    {
      const char *category = g_ptr_array_index (categories, k);
      g_autofree GPtrArray **subsets = g_new0 (GPtrArray *, self->n);
      Scope *scope = g_hash_table_lookup (self->scopes, category);

      if (scope == NULL)
        {
          scope = scope_new (self, category);
          g_hash_table_insert (self->scopes, scope->category, scope);
        }
      for (guint c = 0; c < self->n; c++)
        subsets[c] = spans_of_category (lists[c], category);

      add_units (self, scope, subsets, mask, from, length);
      add_mask_weight (scope->present, mask, weight);

      for (guint a = 0; a < self->n; a++)
        for (guint b = a + 1; b < self->n; b++)
          if ((mask >> a & 1) && (mask >> b & 1))
            {
              PairSpans spans = { 0 };

              match_spans (subsets[a], subsets[b], &spans);
              add_spans (&scope->spans[a * self->n + b], &spans);
              add_spans (&self->overall->spans[a * self->n + b], &spans);
            }

      for (guint c = 0; c < self->n; c++)
        g_ptr_array_unref (subsets[c]);
    }

  for (guint c = 0; c < self->n; c++)
    g_ptr_array_unref (lists[c]);
}

static void
span_figures (AttestSpanAgreement *out,
              guint                reference_claims,
              guint                other_claims,
              guint                matches)
{
  out->reference_claims = reference_claims;
  out->other_claims = other_claims;
  out->matches = matches;
  out->precision = other_claims > 0 ? (double) matches / other_claims : NAN;
  out->recall = reference_claims > 0 ? (double) matches / reference_claims : NAN;
  out->f1 = reference_claims + other_claims > 0
            ? 2.0 * matches / (reference_claims + other_claims) : NAN;
}

static AttestAgreementFigures *
scope_figures (AttestAgreementBuilder *self,
               Scope                  *scope)
{
  AttestAgreementFigures *figures = g_new0 (AttestAgreementFigures, 1);

  figures->category = g_strdup (scope->category);
  figures->pairs = g_ptr_array_new_with_free_func ((GDestroyNotify) pair_agreement_free);

  for (guint a = 0; a < self->n; a++)
    for (guint b = a + 1; b < self->n; b++)
      {
        AttestPairAgreement *pair = g_new0 (AttestPairAgreement, 1);
        PairSpans *spans = &scope->spans[a * self->n + b];

        pair->reference = g_strdup (self->annotators[a]);
        pair->other = g_strdup (self->annotators[b]);
        pair->documents = self->pair_documents[a * self->n + b];
        pair->cohen_kappa = attest_reliability_cohen_kappa (scope->reliability, a, b,
                                                            &pair->units, &pair->observed);
        span_figures (&pair->exact, spans->reference_claims, spans->other_claims, spans->exact);
        span_figures (&pair->overlap, spans->reference_claims, spans->other_claims, spans->overlap);
        pair->sources.matched = spans->exact;
        pair->sources.equal = spans->links_equal;
        pair->sources.equal_share = spans->exact > 0 ? (double) spans->links_equal / spans->exact : NAN;
        pair->sources.jaccard_mean = spans->exact > 0 ? spans->jaccard_sum / spans->exact : NAN;
        g_ptr_array_add (figures->pairs, pair);
      }

  figures->fleiss_kappa = attest_reliability_fleiss_kappa (scope->reliability, &figures->fleiss_units);
  /* Two annotators have Cohen's κ; Fleiss' is for three or more. */
  if (self->n < 3)
    figures->fleiss_kappa = NAN;
  figures->krippendorff_alpha = attest_reliability_krippendorff_alpha (scope->reliability,
                                                                       &figures->pairable_values);
  return figures;
}

static int
compare_figures (gconstpointer a,
                 gconstpointer b)
{
  const AttestAgreementFigures *x = *(AttestAgreementFigures **) a;
  const AttestAgreementFigures *y = *(AttestAgreementFigures **) b;

  return strcmp (x->category, y->category);
}

/**
 * attest_agreement_builder_finish:
 * @self: an #AttestAgreementBuilder
 *
 * Computes the figures over the documents added.
 *
 * Returns: (transfer full): the report
 */
AttestAgreementReport *
attest_agreement_builder_finish (AttestAgreementBuilder *self)
{
  AttestAgreementReport *report;
  GHashTableIter iter;
  Scope *scope;
  int none[MAX_ANNOTATORS];

  g_return_val_if_fail (self != NULL, NULL);
  /* Finishing adds the documents without a category to its figures. */
  g_return_val_if_fail (!self->finished, NULL);

  self->finished = TRUE;
  report = g_new0 (AttestAgreementReport, 1);
  report->annotators = g_strdupv (self->annotators);
  report->documents = self->documents;
  report->characters = self->characters;
  report->overall = scope_figures (self, self->overall);
  report->categories = g_ptr_array_new_with_free_func ((GDestroyNotify) figures_free);

  g_hash_table_iter_init (&iter, self->scopes);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &scope))
    {
      /* A document without the category is "none" throughout for those who
       * annotated it: added now, in one go per set of annotators. */
      for (guint i = 0; i < self->masks->len; i++)
        {
          MaskWeight *m = &g_array_index (self->masks, MaskWeight, i);
          double rest = m->weight - mask_weight (scope->present, m->mask);

          if (rest <= 0 || count_bits (m->mask) < 2)
            continue;
          for (guint c = 0; c < self->n; c++)
            none[c] = (m->mask >> c & 1) ? 0 : ATTEST_AGREEMENT_MISSING;
          attest_reliability_add_unit (scope->reliability, none, rest);
        }
      g_ptr_array_add (report->categories, scope_figures (self, scope));
    }
  g_ptr_array_sort (report->categories, compare_figures);
  return report;
}

/* ============================================================ the store */

/* Checks that every name is an annotator of the store. */
gboolean
attest_agreement_check_annotators (AttestStore        *store,
                  const char * const *names,
                  GError            **error)
{
  g_auto(GStrv) known = attest_store_list_annotators (store, error);

  if (known == NULL)
    return FALSE;
  for (guint i = 0; names && names[i]; i++)
    {
      g_autofree char *name = g_strstrip (g_strdup (names[i]));

      if (*name != '\0' && !g_strv_contains ((const char * const *) known, name))
        {
          g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_NOT_FOUND,
                       "No annotator “%s” (see “attest-cli stats” for who made claims)", name);
          return FALSE;
        }
    }
  return TRUE;
}

typedef struct {
  AttestAgreementBuilder *builder;
  const char             *document;
} ComputeRun;

static gboolean
compute_in_snapshot (AttestStore *store,
                     gpointer     user_data,
                     GError     **error)
{
  ComputeRun *run = user_data;
  g_autoptr(GPtrArray) documents = NULL;

  if (run->document)
    {
      AttestDocument *doc = attest_store_get_document (store, run->document, error);

      if (doc == NULL)
        return FALSE;
      documents = g_ptr_array_new_with_free_func (g_object_unref);
      g_ptr_array_add (documents, doc);
    }
  else if (!(documents = attest_store_list_documents (store, error)))
    return FALSE;

  for (guint i = 0; i < documents->len; i++)
    {
      AttestDocument *doc = g_ptr_array_index (documents, i);
      g_autoptr(AttestSpans) spans = attest_store_list_annotator_spans (store, doc->id, error);

      if (spans == NULL)
        return FALSE;
      attest_agreement_builder_add_document (run->builder, doc->length, doc->body_start, spans);
    }
  return TRUE;
}

static AttestAgreementReport *
compute (AttestStore                  *store,
         const AttestAgreementOptions *options,
         gboolean                      in_snapshot,
         GError                      **error)
{
  g_autoptr(AttestAgreementBuilder) builder = NULL;
  g_auto(GStrv) found = NULL;
  const char * const *annotators = options ? options->annotators : NULL;
  const char *category = options ? options->category : NULL;
  const char *document = options ? options->document : NULL;
  ComputeRun run = { NULL, document };

  g_return_val_if_fail (ATTEST_IS_STORE (store), NULL);

  if (category != NULL)
    {
      g_autoptr(AttestCategory) cat = attest_store_get_category (store, category, error);

      if (cat == NULL)
        return NULL;
    }
  if (document != NULL)
    {
      g_autoptr(AttestDocument) doc = attest_store_get_document (store, document, error);

      if (doc == NULL)
        return NULL;
    }
  if (annotators != NULL && !attest_agreement_check_annotators (store, annotators, error))
    return NULL;
  if (annotators == NULL)
    {
      if (!(found = attest_store_list_claim_annotators (store, document, error)))
        return NULL;
      annotators = (const char * const *) found;
    }

  if (!(builder = attest_agreement_builder_new (annotators, category, error)))
    return NULL;
  run.builder = builder;
  if (in_snapshot ? !compute_in_snapshot (store, &run, error)
                  : !attest_store_read_snapshot (store, compute_in_snapshot, &run, error))
    return NULL;
  return attest_agreement_builder_finish (builder);
}

/**
 * attest_agreement_compute:
 * @store: an #AttestStore
 * @options: who, which category and which document
 * @error: return location for a #GError, or %NULL
 *
 * Agreement over the store's annotator claims (claims made by curation
 * are left out), read in one snapshot. An unknown annotator, category or
 * document is ATTEST_ERROR_NOT_FOUND; fewer than two annotators
 * ATTEST_ERROR_INVALID.
 *
 * Returns: (transfer full) (nullable): the report, or %NULL with @error set
 */
AttestAgreementReport *
attest_agreement_compute (AttestStore                  *store,
                          const AttestAgreementOptions *options,
                          GError                      **error)
{
  return compute (store, options, FALSE, error);
}

/**
 * attest_agreement_compute_in_snapshot:
 * @store: an #AttestStore
 * @options: who, which category and which document
 * @error: return location for a #GError, or %NULL
 *
 * attest_agreement_compute() for a caller already inside
 * attest_store_read_snapshot(), such as an export that records the
 * figures in its header.
 *
 * Returns: (transfer full) (nullable): the report, or %NULL with @error set
 */
AttestAgreementReport *
attest_agreement_compute_in_snapshot (AttestStore                  *store,
                                      const AttestAgreementOptions *options,
                                      GError                      **error)
{
  return compute (store, options, TRUE, error);
}

/* =============================================================== export */

/**
 * attest_agreement_compute_for_export:
 * @store: an #AttestStore
 * @filter: (nullable): what the export picks
 * @out_report: (out) (transfer full) (nullable): return location for the
 *   report
 * @error: return location for a #GError, or %NULL
 *
 * The figures an export of @filter records, computed in the export's own
 * snapshot (call inside attest_store_read_snapshot()) over the documents
 * it exports and the category it is limited to — not over its annotator
 * or status: the figures describe the annotation before curation,
 * whatever part of it is exported. With fewer than two annotators to
 * compare *@out_report is NULL and that is no error.
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */
gboolean
attest_agreement_compute_for_export (AttestStore              *store,
                                     const AttestClaimFilter  *filter,
                                     AttestAgreementReport   **out_report,
                                     GError                  **error)
{
  AttestAgreementOptions options = {
    .category = filter ? filter->category : NULL,
    .document = filter ? filter->document : NULL,
  };
  GError *local_error = NULL;

  *out_report = attest_agreement_compute_in_snapshot (store, &options, &local_error);
  if (*out_report != NULL)
    return TRUE;
  /* Too few (or too many) annotators to compare: no figures, no error. */
  if (g_error_matches (local_error, ATTEST_ERROR, ATTEST_ERROR_INVALID))
    {
      g_clear_error (&local_error);
      return TRUE;
    }
  g_propagate_error (error, local_error);
  return FALSE;
}

/**
 * attest_pair_agreement_list_figures:
 * @p: a pair's figures
 * @list: (out caller-allocates) (array fixed-size=9): the %ATTEST_PAIR_AGREEMENT_N_FIGURES figures, filled in
 *
 * A pair's figures, each with the count it rests on: κ the characters
 * both labelled, precision the other annotator's claims, recall the
 * reference's, F1 the matches, sources the exact matches compared.
 */
void
attest_pair_agreement_list_figures (const AttestPairAgreement *p,
                                    AttestAgreementFigure      list[ATTEST_PAIR_AGREEMENT_N_FIGURES])
{
  list[0] = (AttestAgreementFigure) { "cohen-kappa", p->units, p->cohen_kappa };
  list[1] = (AttestAgreementFigure) { "exact-precision", p->exact.other_claims, p->exact.precision };
  list[2] = (AttestAgreementFigure) { "exact-recall", p->exact.reference_claims, p->exact.recall };
  list[3] = (AttestAgreementFigure) { "exact-f1", p->exact.matches, p->exact.f1 };
  list[4] = (AttestAgreementFigure) { "overlap-precision", p->overlap.other_claims, p->overlap.precision };
  list[5] = (AttestAgreementFigure) { "overlap-recall", p->overlap.reference_claims, p->overlap.recall };
  list[6] = (AttestAgreementFigure) { "overlap-f1", p->overlap.matches, p->overlap.f1 };
  list[7] = (AttestAgreementFigure) { "sources-equal", p->sources.matched, p->sources.equal_share };
  list[8] = (AttestAgreementFigure) { "sources-jaccard", p->sources.matched, p->sources.jaccard_mean };
}

/**
 * attest_agreement_figures_any_defined:
 * @figures: an #AttestAgreementFigures
 *
 * Returns: whether any figure of @figures (its own or a pair's) is defined
 */
gboolean
attest_agreement_figures_any_defined (const AttestAgreementFigures *figures)
{
  if (!isnan (figures->krippendorff_alpha) || !isnan (figures->fleiss_kappa))
    return TRUE;
  for (guint i = 0; i < figures->pairs->len; i++)
    {
      AttestAgreementFigure list[ATTEST_PAIR_AGREEMENT_N_FIGURES];

      attest_pair_agreement_list_figures (g_ptr_array_index (figures->pairs, i), list);
      for (guint k = 0; k < ATTEST_PAIR_AGREEMENT_N_FIGURES; k++)
        if (!isnan (list[k].value))
          return TRUE;
    }
  return FALSE;
}
