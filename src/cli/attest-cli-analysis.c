/* attest-cli-analysis.c — the commands that measure and settle the annotations:
 * agreement, curate (compare, accept, reject, merge), and stats. */
#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>
#include <math.h>

#include "attest-agreement.h"
#include "attest-rules.h"

#include "attest-cli-private.h"

/* A figure to four decimals, or a dash where it is undefined. */
static char *
figure (double value)
{
  return isnan (value) ? g_strdup ("—") : g_strdup_printf ("%.4f", value);
}

/* Undefined figures are null in JSON. */
static void
add_double (JsonBuilder *b,
            const char  *name,
            double       value)
{
  json_builder_set_member_name (b, name);
  if (isnan (value))
    json_builder_add_null_value (b);
  else
    json_builder_add_double_value (b, value);
}

/* --annotators, checked in main(): names joined by commas. */
static GStrv
split_annotators (const char *list)
{
  return list ? g_strsplit (list, ",", -1) : NULL;
}

/* Each name of a comma-separated list trimmed and checked as any annotator
 * name is; the list joined again, or NULL with the first problem. */
char *
normalize_annotators (const char *list,
                      GError    **error)
{
  g_auto(GStrv) parts = split_annotators (list);
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
  g_auto(GStrv) result = NULL;

  for (guint i = 0; parts[i]; i++)
    {
      g_autofree char *name = attest_rules_annotator_name (parts[i], error);

      if (name == NULL)
        return NULL;
      g_strv_builder_add (names, name);
    }
  result = g_strv_builder_end (names);
  return g_strjoinv (",", result);
}

static void
build_span_agreement (JsonBuilder               *b,
                      const char                *name,
                      const AttestSpanAgreement *span)
{
  json_builder_set_member_name (b, name);
  json_builder_begin_object (b);
  add_int (b, "reference_claims", span->reference_claims);
  add_int (b, "other_claims", span->other_claims);
  add_int (b, "matches", span->matches);
  add_double (b, "precision", span->precision);
  add_double (b, "recall", span->recall);
  add_double (b, "f1", span->f1);
  json_builder_end_object (b);
}

static void
build_figures (JsonBuilder                  *b,
               const AttestAgreementFigures *f)
{
  json_builder_begin_object (b);
  add_string (b, "category", f->category);
  add_double (b, "krippendorff_alpha", f->krippendorff_alpha);
  add_int (b, "pairable_values", (gint64) f->pairable_values);
  add_double (b, "fleiss_kappa", f->fleiss_kappa);
  add_int (b, "fleiss_units", (gint64) f->fleiss_units);
  json_builder_set_member_name (b, "pairs");
  json_builder_begin_array (b);
  for (guint i = 0; i < f->pairs->len; i++)
    {
      const AttestPairAgreement *p = g_ptr_array_index (f->pairs, i);

      json_builder_begin_object (b);
      add_string (b, "reference", p->reference);
      add_string (b, "other", p->other);
      add_int (b, "documents", p->documents);
      add_int (b, "units", (gint64) p->units);
      add_double (b, "observed", p->observed);
      add_double (b, "cohen_kappa", p->cohen_kappa);
      build_span_agreement (b, "exact", &p->exact);
      build_span_agreement (b, "overlap", &p->overlap);
      json_builder_set_member_name (b, "sources");
      json_builder_begin_object (b);
      add_int (b, "matched", p->sources.matched);
      add_int (b, "equal", p->sources.equal);
      add_double (b, "equal_share", p->sources.equal_share);
      add_double (b, "jaccard_mean", p->sources.jaccard_mean);
      json_builder_end_object (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
}

static void
print_span_agreement (const char                *label,
                      const AttestSpanAgreement *s)
{
  g_autofree char *p = figure (s->precision);
  g_autofree char *r = figure (s->recall);
  g_autofree char *f1 = figure (s->f1);

  /* TRANSLATORS: P, R, F1: precision, recall, F1 score */
  g_print (_("    %-8s P %s  R %s  F1 %s  (%u matched; %u and %u claims)\n"),
           label, p, r, f1, s->matches, s->reference_claims, s->other_claims);
}

static void
print_figures (const AttestAgreementFigures *f)
{
  g_autofree char *alpha = figure (f->krippendorff_alpha);

  if (f->category)
    g_print (_("Category %s\n"), f->category);
  else
    g_print (_("All categories\n"));
  g_print (_("  Krippendorff's α %s on %" PRId64 " values"),
           alpha, (gint64) f->pairable_values);
  if (f->pairs->len > 1)
    {
      g_autofree char *fleiss = figure (f->fleiss_kappa);
      g_print (_("; Fleiss' κ %s on %" PRId64 " characters coded by all"),
               fleiss, (gint64) f->fleiss_units);
    }
  g_print ("\n");

  for (guint i = 0; i < f->pairs->len; i++)
    {
      const AttestPairAgreement *p = g_ptr_array_index (f->pairs, i);
      g_autofree char *kappa = figure (p->cohen_kappa);
      g_autofree char *observed = figure (p->observed);
      g_autofree char *equal = figure (p->sources.equal_share);
      g_autofree char *jaccard = figure (p->sources.jaccard_mean);

      g_print (ngettext ("  %s × %s: %u document both annotated; Cohen's κ %s (observed %s on %"
                         PRId64 " characters)\n",
                         "  %s × %s: %u documents both annotated; Cohen's κ %s (observed %s on %"
                         PRId64 " characters)\n", p->documents),
               p->reference, p->other, p->documents, kappa, observed, (gint64) p->units);
      print_span_agreement (_("exact"), &p->exact);
      print_span_agreement (_("overlap"), &p->overlap);
      g_print (_("    sources  equal in %u of %u exact matches (%s); mean Jaccard %s\n"),
               p->sources.equal, p->sources.matched, equal, jaccard);
    }
}

int
cmd_agreement (Cli *cli)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestAgreementReport) report = NULL;
  g_auto(GStrv) annotators = split_annotators (cli->opts->annotators);
  AttestAgreementOptions options = {
    .annotators = (const char * const *) annotators,
    .category = cli->opts->category,
    .document = cli->opts->document,
  };

  if (cli->n_args != 0)
    return usage_error (_("agreement takes no arguments; choose with --annotators, --category and --document"));
  if (!(report = attest_agreement_compute (cli->store, &options, &error)))
    return fail (error);

  if (cli->opts->json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_object (b);
      add_string (b, "unit", "character");
      json_builder_set_member_name (b, "annotators");
      json_builder_begin_array (b);
      for (guint i = 0; report->annotators[i]; i++)
        json_builder_add_string_value (b, report->annotators[i]);
      json_builder_end_array (b);
      add_int (b, "documents", report->documents);
      add_int (b, "characters", (gint64) report->characters);
      json_builder_set_member_name (b, "overall");
      build_figures (b, report->overall);
      json_builder_set_member_name (b, "categories");
      json_builder_begin_array (b);
      for (guint i = 0; i < report->categories->len; i++)
        build_figures (b, g_ptr_array_index (report->categories, i));
      json_builder_end_array (b);
      json_builder_end_object (b);
      return print_json (b);
    }

  {
    g_autofree char *who = g_strjoinv (", ", report->annotators);

    g_print (ngettext ("Agreement of %s on %u document (%" PRId64 " characters of text).\n",
                       "Agreement of %s on %u documents (%" PRId64 " characters of text).\n",
                       report->documents),
             who, report->documents, (gint64) report->characters);
  }
  g_print (_("Units are the characters of the article bodies; a dash marks a figure that is undefined.\n\n"));
  /* With --category the overall figures are that category's. */
  if (cli->opts->category == NULL)
    {
      print_figures (report->overall);
      if (report->categories->len > 0)
        g_print ("\n");
    }
  for (guint i = 0; i < report->categories->len; i++)
    {
      if (i > 0)
        g_print ("\n");
      print_figures (g_ptr_array_index (report->categories, i));
    }
  return EXIT_OK;
}

/* The claim's quote on one line, cut short. */
static char *
short_quote (const char *quote)
{
  g_autofree char *one_line = g_strdup (quote);

  for (char *p = one_line; *p; p++)
    if (*p == '\n' || *p == '\t')
      *p = ' ';
  if (g_utf8_strlen (one_line, -1) <= 60)
    return g_steal_pointer (&one_line);
  {
    g_autofree char *head = g_utf8_substring (one_line, 0, 59);
    return g_strconcat (head, "…", NULL);
  }
}

static int
curate_compare (Cli *cli)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(AttestDocument) doc = NULL;
  g_auto(GStrv) annotators = split_annotators (cli->opts->annotators);
  guint counts[3] = { 0 };

  if (cli->n_args != 2)
    return usage_error (_("curate compare needs one document"));
  if (!(doc = attest_store_get_document (cli->store, cli->args[1], &error)) ||
      !(items = attest_agreement_compare_document (cli->store, doc->uuid,
                                                   (const char * const *) annotators, &error)))
    return fail (error);
  for (guint i = 0; i < items->len; i++)
    counts[((AttestComparisonItem *) g_ptr_array_index (items, i))->kind]++;

  if (cli->opts->json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_object (b);
      add_string (b, "document", doc->uuid);
      add_int (b, "agreements", counts[ATTEST_COMPARISON_AGREEMENT]);
      add_int (b, "disagreements", counts[ATTEST_COMPARISON_DISAGREEMENT]);
      add_int (b, "one_sided", counts[ATTEST_COMPARISON_ONE_SIDED]);
      json_builder_set_member_name (b, "items");
      json_builder_begin_array (b);
      for (guint i = 0; i < items->len; i++)
        {
          AttestComparisonItem *item = g_ptr_array_index (items, i);

          json_builder_begin_object (b);
          add_string (b, "kind", attest_comparison_kind_to_string (item->kind));
          add_int (b, "start", item->start);
          add_int (b, "end", item->end);
          json_builder_set_member_name (b, "same_span");
          json_builder_add_boolean_value (b, item->same_span);
          json_builder_set_member_name (b, "same_category");
          json_builder_add_boolean_value (b, item->same_category);
          json_builder_set_member_name (b, "claims");
          json_builder_begin_array (b);
          for (guint k = 0; k < item->claims->len; k++)
            build_claim (b, g_ptr_array_index (item->claims, k));
          json_builder_end_array (b);
          json_builder_set_member_name (b, "absent");
          json_builder_begin_array (b);
          for (guint k = 0; item->absent[k]; k++)
            json_builder_add_string_value (b, item->absent[k]);
          json_builder_end_array (b);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_builder_end_object (b);
      return print_json (b);
    }

  g_print (_("Document %" PRId64 " (%s): agreements %u, disagreements %u, one-sided claims %u\n"),
           doc->id, or_dash (doc->title), counts[ATTEST_COMPARISON_AGREEMENT],
           counts[ATTEST_COMPARISON_DISAGREEMENT], counts[ATTEST_COMPARISON_ONE_SIDED]);
  for (guint i = 0; i < items->len; i++)
    {
      AttestComparisonItem *item = g_ptr_array_index (items, i);
      const char *how = "";

      if (item->kind == ATTEST_COMPARISON_DISAGREEMENT)
        how = !item->same_category && !item->same_span ? _("  (category and boundaries differ)")
            : !item->same_category ? _("  (category differs)")
            : !item->same_span ? _("  (boundaries differ)")
            : "";
      g_print ("\n%s %" G_GINT64_FORMAT ":%" G_GINT64_FORMAT "%s\n",
               attest_comparison_kind_to_string (item->kind), item->start, item->end, how);
      for (guint k = 0; k < item->claims->len; k++)
        {
          AttestClaim *c = g_ptr_array_index (item->claims, k);
          g_autofree char *id = short_id (c->uuid);
          g_autofree char *quote = short_quote (c->quote);

          g_print ("  %-16s %s  %" G_GINT64_FORMAT ":%" G_GINT64_FORMAT "  %s  %s  %s %u  “%s”\n",
                   c->annotator, id, c->start, c->end, c->category, c->status,
                   _("sources"), c->source_uuids->len, quote);
        }
      for (guint k = 0; item->absent[k]; k++)
        g_print ("  %-16s %s\n", item->absent[k], _("(no claim here)"));
    }
  return EXIT_OK;
}

static int
curate_status (Cli        *cli,
               const char *status)
{
  g_autoptr(GError) error = NULL;
  const char * const *refs = (const char * const *) cli->args + 1;

  if (cli->n_args < 2)
    return usage_error (_("curate accept and reject need at least one claim"));
  if (!attest_store_curate_set_status (cli->store, refs, status, &error))
    return fail (error);

  if (cli->opts->json)
    {
      g_autoptr(GPtrArray) claims = g_ptr_array_new_with_free_func (g_object_unref);

      for (guint i = 0; refs[i]; i++)
        {
          AttestClaim *claim = attest_store_get_claim (cli->store, refs[i], &error);

          if (claim == NULL)
            return fail (error);
          g_ptr_array_add (claims, claim);
        }
      return print_json_items (claims, (BuildFunc) build_claim);
    }
  if (g_str_equal (status, "accepted"))
    g_print (ngettext ("%u claim accepted.\n", "%u claims accepted.\n", cli->n_args - 1),
             cli->n_args - 1);
  else
    g_print (ngettext ("%u claim rejected.\n", "%u claims rejected.\n", cli->n_args - 1),
             cli->n_args - 1);
  return EXIT_OK;
}

static int
curate_merge (Cli *cli)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestClaim) claim = NULL;
  gint64 start = -1;
  gint64 end = -1;
  int status;

  if (cli->n_args < 2)
    return usage_error (_("curate merge needs the claims to merge"));
  if (cli->opts->range && (status = range_option (cli, &start, &end)) != EXIT_OK)
    return status;

  claim = attest_store_curate_merge (cli->store, (const char * const *) cli->args + 1,
                                     start, end, cli->opts->category, &error);
  if (claim == NULL)
    return fail (error);
  if (!cli->opts->json)
    g_print (ngettext ("Curated claim %s saved, from %u claim.\n",
                       "Curated claim %s saved, from %u claims.\n", cli->n_args - 1),
             claim->uuid, cli->n_args - 1);
  return print_one_claim (cli, claim);
}

int
cmd_curate (Cli *cli)
{
  const char *verb = cli->n_args > 0 ? cli->args[0] : "";

  if (g_str_equal (verb, "compare"))
    return curate_compare (cli);
  if (g_str_equal (verb, "accept"))
    return curate_status (cli, "accepted");
  if (g_str_equal (verb, "reject"))
    return curate_status (cli, "rejected");
  if (g_str_equal (verb, "merge"))
    return curate_merge (cli);
  return usage_error (_("curate takes: compare, accept, reject, merge"));
}

static void
build_counts (JsonBuilder *b,
              const char  *name,
              GPtrArray   *counts,
              const char  *key_name,
              const char  *label_name)
{
  json_builder_set_member_name (b, name);
  json_builder_begin_array (b);
  for (guint i = 0; i < counts->len; i++)
    {
      AttestCount *c = g_ptr_array_index (counts, i);

      json_builder_begin_object (b);
      if (c->id)
        add_int (b, "id", c->id);
      add_string (b, key_name, c->key);
      if (label_name)
        add_string (b, label_name, c->label);
      add_int (b, "claims", c->count);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

static void
print_counts (const char *heading,
              GPtrArray  *counts)
{
  g_print ("\n%s\n", heading);
  if (counts->len == 0)
    g_print ("  —\n");
  for (guint i = 0; i < counts->len; i++)
    {
      AttestCount *c = g_ptr_array_index (counts, i);
      g_autofree char *key = c->id ? g_strdup_printf ("%3" G_GINT64_FORMAT "  %.8s", c->id, c->key)
                                   : g_strdup (c->key ? c->key : _("(no outlet)"));

      g_print ("  %6" G_GINT64_FORMAT "  %s%s%s\n", c->count, key,
               c->label ? "  " : "", c->label ? c->label : "");
    }
}

int
cmd_stats (Cli *cli)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestStatistics) stats = NULL;
  AttestClaimFilter filter = claim_filter (cli);

  if (cli->n_args != 0)
    return usage_error (_("stats takes no arguments"));
  if (!(stats = attest_store_get_statistics (cli->store, &filter, &error)))
    return fail (error);

  if (cli->opts->json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_object (b);
      add_int (b, "claims", stats->claims);
      add_int (b, "links", stats->links);
      add_double (b, "no_source_share", stats->no_source_share);
      json_builder_set_member_name (b, "sources_per_claim");
      json_builder_begin_object (b);
      add_double (b, "mean", stats->sources_mean);
      add_int (b, "0", stats->with_sources[0]);
      add_int (b, "1", stats->with_sources[1]);
      add_int (b, "2", stats->with_sources[2]);
      add_int (b, "3+", stats->with_sources[3]);
      json_builder_end_object (b);
      build_counts (b, "categories", stats->by_category, "key", "label");
      build_counts (b, "annotators", stats->by_annotator, "name", NULL);
      build_counts (b, "documents", stats->by_document, "uuid", "title");
      build_counts (b, "outlets", stats->by_outlet, "outlet", NULL);
      json_builder_end_object (b);
      return print_json (b);
    }

  {
    g_autofree char *share = figure (stats->no_source_share);
    g_autofree char *mean = figure (stats->sources_mean);

    g_print (ngettext ("%" PRId64 " claim", "%" PRId64 " claims", stats->claims),
             stats->claims);
    g_print (_("; without a source %" PRId64 " (share %s)\n"), stats->with_sources[0], share);
    g_print (_("Sources per claim: mean %s; 0: %" PRId64 ", 1: %" PRId64
               ", 2: %" PRId64 ", 3 or more: %" PRId64 "\n"),
             mean, stats->with_sources[0], stats->with_sources[1], stats->with_sources[2],
             stats->with_sources[3]);
  }
  print_counts (_("Claims per category:"), stats->by_category);
  print_counts (_("Claims per annotator:"), stats->by_annotator);
  print_counts (_("Claims per document:"), stats->by_document);
  print_counts (_("Claims per source outlet:"), stats->by_outlet);
  return EXIT_OK;
}
