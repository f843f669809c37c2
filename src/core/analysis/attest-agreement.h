/* attest-agreement.h — how far annotators agree, and where they differ.
 *
 * GTK-free maths over claims, in three layers:
 *
 *  1. AttestReliability: chance-corrected agreement on nominal labels
 *     (Cohen's κ, Fleiss' κ, Krippendorff's α) accumulated unit by unit,
 *     with missing labels; attest_agreement_*() wrap it for a plain
 *     units × coders matrix, e.g. a published example.
 *  2. AttestAgreementBuilder: claims of several annotators, one document at
 *     a time, turned into span agreement (exact and overlap precision,
 *     recall, F1), agreement on claim → source links, and the coefficients
 *     above on character units. AttestAgreementReport holds the result.
 *  3. Comparison of one document's claims for a curator: agreements,
 *     disagreements, one-sided claims.
 *
 * The units (see README.md, "Agreement and curation"):
 *  - a unit is one character of an article's body [body_start, length);
 *  - an annotator's label for a unit is the category of their claim that
 *    covers it, or "none"; where several of their claims cover it, the
 *    shortest one wins, and between equally long ones the smallest category
 *    key (strcmp), so that nesting reads as "the most specific claim";
 *  - an annotator who made no claim at all in a document is missing for all
 *    of its units (they did not annotate it), not "none";
 *  - per category the labels are binary: covered by a claim of that
 *    category, or not.
 * Undefined figures (no units, or no variation to correct for) are NaN.
 */
#pragma once

#include <glib.h>

#include "attest-store.h"

G_BEGIN_DECLS

/* A missing label in a units × coders matrix. */
#define ATTEST_AGREEMENT_MISSING (-1)

/* ------------------------------------------------------- coefficients */

typedef struct _AttestReliability AttestReliability;

AttestReliability *attest_reliability_new          (guint               n_coders,
                                                    guint               n_values);
void               attest_reliability_free         (AttestReliability  *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AttestReliability, attest_reliability_free)

void               attest_reliability_add_unit     (AttestReliability  *self,
                                                    const int          *labels,
                                                    double              weight);
double             attest_reliability_cohen_kappa  (AttestReliability  *self,
                                                    guint               a,
                                                    guint               b,
                                                    double             *out_units,
                                                    double             *out_observed);
double             attest_reliability_fleiss_kappa (AttestReliability  *self,
                                                    double             *out_units);
double             attest_reliability_krippendorff_alpha (AttestReliability *self,
                                                    double             *out_pairable);

double             attest_agreement_cohen_kappa    (const int          *labels,
                                                    gsize               n_units);
double             attest_agreement_fleiss_kappa   (const int          *labels,
                                                    gsize               n_units,
                                                    guint               n_coders);
double             attest_agreement_krippendorff_alpha (const int      *labels,
                                                    gsize               n_units,
                                                    guint               n_coders);

/* ------------------------------------------------------------- report */

/* Span agreement of two annotators, the first taken as the reference:
 * precision = matches / other, recall = matches / reference, F1 =
 * 2 matches / (reference + other), the same whichever is the reference. */
typedef struct {
  guint  reference_claims;
  guint  other_claims;
  guint  matches;
  double precision;
  double recall;
  double f1;
} AttestSpanAgreement;

/* Claim → source links on the exact matches: the share whose source sets
 * are equal, and the mean Jaccard index |S ∩ T| / |S ∪ T| (1 when both
 * are empty). */
typedef struct {
  guint  matched;
  guint  equal;
  double equal_share;
  double jaccard_mean;
} AttestLinkAgreement;

/**
 * AttestPairAgreement:
 *
 * The figures of one pair of annotators. The report that holds it owns
 * its strings.
 */
typedef struct {
  char                *reference;   /* annotator names */
  char                *other;
  guint                documents;   /* annotated by both */
  double               units;       /* characters both labelled */
  double               observed;    /* share of those labelled alike */
  double               cohen_kappa;
  AttestSpanAgreement  exact;       /* same start, end and category */
  AttestSpanAgreement  overlap;     /* overlapping, same category; one to one */
  AttestLinkAgreement  sources;
} AttestPairAgreement;

/**
 * AttestAgreementFigures:
 *
 * The figures of one category, or of all. The report that holds them owns
 * @category and @pairs with the pairs in it.
 */
typedef struct {
  char      *category;              /* NULL: all categories */
  GPtrArray *pairs;                 /* AttestPairAgreement*, in annotator order */
  double     fleiss_kappa;          /* NaN with fewer than three annotators */
  double     fleiss_units;
  double     krippendorff_alpha;
  double     pairable_values;
} AttestAgreementFigures;

/**
 * AttestAgreementReport:
 *
 * Agreement over a set of documents. The caller owns the report and
 * everything in it: attest_agreement_report_free() frees it all.
 */
typedef struct {
  GStrv                   annotators;
  guint                   documents;   /* documents looked at */
  double                  characters;  /* their body characters */
  AttestAgreementFigures *overall;
  GPtrArray              *categories;  /* AttestAgreementFigures*, by key */
} AttestAgreementReport;

void attest_agreement_report_free (AttestAgreementReport *report);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AttestAgreementReport, attest_agreement_report_free)

const AttestPairAgreement *
     attest_agreement_figures_get_pair (const AttestAgreementFigures *figures,
                                        const char                   *reference,
                                        const char                   *other);
const AttestAgreementFigures *
     attest_agreement_report_get_figures (const AttestAgreementReport *report,
                                          const char                  *category);

/* ------------------------------------------------------------ builder */

typedef struct _AttestAgreementBuilder AttestAgreementBuilder;

AttestAgreementBuilder *attest_agreement_builder_new   (const char * const *annotators,
                                                        const char         *category,
                                                        GError            **error);
void                    attest_agreement_builder_free  (AttestAgreementBuilder *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AttestAgreementBuilder, attest_agreement_builder_free)

void                    attest_agreement_builder_add_document (AttestAgreementBuilder *self,
                                                        gint64                  length,
                                                        gint64                  body_start,
                                                        const AttestSpans      *spans);
AttestAgreementReport  *attest_agreement_builder_finish (AttestAgreementBuilder *self);

/**
 * AttestAgreementOptions:
 *
 * What attest_agreement_compute() looks at. The caller owns the strings;
 * they are only read during the call.
 */
typedef struct {
  const char * const *annotators;   /* NULL: everyone with a claim in scope */
  const char         *category;     /* NULL: all categories */
  const char         *document;     /* a ref, or NULL: the whole corpus */
} AttestAgreementOptions;

AttestAgreementReport  *attest_agreement_compute       (AttestStore                  *store,
                                                        const AttestAgreementOptions *options,
                                                        GError                      **error);
AttestAgreementReport  *attest_agreement_compute_in_snapshot (AttestStore            *store,
                                                        const AttestAgreementOptions *options,
                                                        GError                      **error);

/* ------------------------------------------------------------- export */

gboolean attest_agreement_compute_for_export (AttestStore                 *store,
                                              const AttestClaimFilter     *filter,
                                              AttestAgreementReport      **out_report,
                                              GError                     **error);

/* One figure as an export records it: its name, the count it rests on
 * and its value (NaN: undefined). */
typedef struct {
  const char *name;
  double      count;
  double      value;
} AttestAgreementFigure;

#define ATTEST_PAIR_AGREEMENT_N_FIGURES 9

void     attest_pair_agreement_list_figures (const AttestPairAgreement *pair,
                                             AttestAgreementFigure      list[ATTEST_PAIR_AGREEMENT_N_FIGURES]);

gboolean attest_agreement_figures_any_defined (const AttestAgreementFigures *figures);

/* --------------------------------------------------------- comparison */

typedef enum {
  ATTEST_COMPARISON_AGREEMENT,     /* every annotator: same span and category */
  ATTEST_COMPARISON_DISAGREEMENT,  /* overlapping claims of several annotators */
  ATTEST_COMPARISON_ONE_SIDED,     /* one claim nobody else's overlaps */
} AttestComparisonKind;

/**
 * AttestComparisonItem:
 *
 * One place where the annotators agree or not. It owns @claims (a
 * reference to each claim) and @absent: attest_comparison_item_free()
 * frees them.
 */
typedef struct {
  AttestComparisonKind kind;
  gint64               start;          /* the span its claims cover together */
  gint64               end;
  gboolean             same_span;
  gboolean             same_category;
  GPtrArray           *claims;         /* AttestClaim*, by annotator, then offsets */
  GStrv                absent;         /* who takes part but has no claim here */
} AttestComparisonItem;

void        attest_comparison_item_free (AttestComparisonItem *item);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AttestComparisonItem, attest_comparison_item_free)
const char *attest_comparison_kind_to_string (AttestComparisonKind kind);

GPtrArray  *attest_agreement_compare_claims (GPtrArray          *claims,
                                             const char * const *annotators);
GPtrArray  *attest_agreement_compare_document (AttestStore        *store,
                                               const char         *document_ref,
                                               const char * const *annotators,
                                               GError            **error);

G_END_DECLS
