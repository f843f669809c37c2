/* attest-agreement-compare.c — the curator's comparison of one document's
 * claims: agreements, disagreements, one-sided claims (see
 * attest-agreement.h).
 */
#include "config.h"

#include "attest-agreement.h"

#include <string.h>

#include "attest-agreement-private.h"
#include "attest-error.h"

/* =========================================================== comparison */

/**
 * attest_comparison_item_free:
 * @item: (nullable) (transfer full): an #AttestComparisonItem
 *
 * Frees @item and drops its references to its claims.
 */
void
attest_comparison_item_free (AttestComparisonItem *item)
{
  if (item == NULL)
    return;
  g_clear_pointer (&item->claims, g_ptr_array_unref);
  g_strfreev (item->absent);
  g_free (item);
}

/**
 * attest_comparison_kind_to_string:
 * @kind: an #AttestComparisonKind
 *
 * Returns: (transfer none): the kind's name, a static string
 */
const char *
attest_comparison_kind_to_string (AttestComparisonKind kind)
{
  switch (kind)
    {
    case ATTEST_COMPARISON_AGREEMENT:
      return "agreement";
    case ATTEST_COMPARISON_DISAGREEMENT:
      return "disagreement";
    case ATTEST_COMPARISON_ONE_SIDED:
    default:
      return "one-sided";
    }
}

static int
annotator_index (const char * const *annotators,
                 const char         *name)
{
  for (guint i = 0; annotators[i]; i++)
    if (g_str_equal (annotators[i], name))
      return (int) i;
  return -1;
}

static int
compare_item_claims (gconstpointer a,
                     gconstpointer b,
                     gpointer      user_data)
{
  const char * const *annotators = user_data;
  const AttestClaim *x = *(AttestClaim **) a;
  const AttestClaim *y = *(AttestClaim **) b;
  int ix = annotator_index (annotators, x->annotator);
  int iy = annotator_index (annotators, y->annotator);

  if (ix != iy)
    return ix < iy ? -1 : 1;
  return attest_agreement_compare_by_start (a, b);
}

static AttestComparisonItem *
item_new (AttestComparisonKind  kind,
          GPtrArray            *claims,
          const char * const   *annotators)
{
  AttestComparisonItem *item = g_new0 (AttestComparisonItem, 1);
  AttestClaim *first = g_ptr_array_index (claims, 0);
  g_autoptr(GStrvBuilder) absent = g_strv_builder_new ();

  item->kind = kind;
  item->claims = g_ptr_array_new_with_free_func (g_object_unref);
  item->start = first->start;
  item->end = first->end;
  item->same_span = TRUE;
  item->same_category = TRUE;
  for (guint i = 0; i < claims->len; i++)
    {
      AttestClaim *claim = g_ptr_array_index (claims, i);

      item->start = MIN (item->start, claim->start);
      item->end = MAX (item->end, claim->end);
      item->same_span &= claim->start == first->start && claim->end == first->end;
      item->same_category &= g_str_equal (claim->category, first->category);
      g_ptr_array_add (item->claims, g_object_ref (claim));
    }
  g_ptr_array_sort_with_data (item->claims, compare_item_claims, (gpointer) annotators);

  for (guint i = 0; annotators[i]; i++)
    {
      gboolean here = FALSE;

      for (guint k = 0; k < claims->len && !here; k++)
        here = g_str_equal (((AttestClaim *) g_ptr_array_index (claims, k))->annotator, annotators[i]);
      if (!here)
        g_strv_builder_add (absent, annotators[i]);
    }
  item->absent = g_strv_builder_end (absent);
  return item;
}

static int
compare_items (gconstpointer a,
               gconstpointer b)
{
  const AttestComparisonItem *x = *(AttestComparisonItem **) a;
  const AttestComparisonItem *y = *(AttestComparisonItem **) b;

  if (x->start != y->start)
    return x->start < y->start ? -1 : 1;
  if (x->end != y->end)
    return x->end < y->end ? -1 : 1;
  return (int) x->kind - (int) y->kind;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  const char *x = *(const char **) a;
  const char *y = *(const char **) b;
  int by_case = g_ascii_strcasecmp (x, y);

  return by_case != 0 ? by_case : strcmp (x, y);
}

/**
 * attest_agreement_compare_claims:
 * @claims: (element-type AttestClaim): the claims of one document
 * @annotators: (nullable) (array zero-terminated=1): who is compared;
 *   %NULL: all
 *
 * Compares the claims of one document. Only @annotators who made a claim
 * there take part. Exact agreements come first out of the pool; what is
 * left is grouped by overlap: a group of several annotators is a
 * disagreement, a lone claim is one-sided.
 *
 * Returns: (transfer full) (element-type AttestComparisonItem): the items,
 *   in text order
 */
GPtrArray *
attest_agreement_compare_claims (GPtrArray          *claims,
                                 const char * const *annotators)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) attest_comparison_item_free);
  g_autoptr(GPtrArray) present = g_ptr_array_new ();
  g_autoptr(GPtrArray) pool = g_ptr_array_new ();
  g_autoptr(GHashTable) groups = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                        (GDestroyNotify) g_ptr_array_unref);
  g_autoptr(GHashTable) used = g_hash_table_new (NULL, NULL);
  g_autoptr(GPtrArray) keys = g_ptr_array_new ();
  const char * const *order;
  guint n;

  g_return_val_if_fail (claims != NULL, NULL);

  /* Who takes part: the annotators asked for who made a claim here. */
  for (guint i = 0; i < claims->len; i++)
    {
      AttestClaim *claim = g_ptr_array_index (claims, i);

      if (annotators != NULL && !g_strv_contains (annotators, claim->annotator))
        continue;
      if (!g_ptr_array_find_with_equal_func (present, claim->annotator, g_str_equal, NULL))
        g_ptr_array_add (present, claim->annotator);
      g_ptr_array_add (pool, claim);
    }
  if (annotators != NULL)
    {
      g_autoptr(GPtrArray) ordered = g_ptr_array_new ();

      for (guint i = 0; annotators[i]; i++)
        if (g_ptr_array_find_with_equal_func (present, annotators[i], g_str_equal, NULL) &&
            !g_ptr_array_find_with_equal_func (ordered, annotators[i], g_str_equal, NULL))
          g_ptr_array_add (ordered, (gpointer) annotators[i]);
      g_ptr_array_set_size (present, 0);
      g_ptr_array_extend (present, ordered, NULL, NULL);
    }
  else
    g_ptr_array_sort (present, compare_names);
  g_ptr_array_add (present, NULL);
  order = (const char * const *) present->pdata;
  n = present->len - 1;
  g_ptr_array_sort (pool, attest_agreement_compare_by_start);

  /* Agreements: the same span and category from every annotator. */
  for (guint i = 0; i < pool->len; i++)
    {
      AttestClaim *claim = g_ptr_array_index (pool, i);
      g_autofree char *key = g_strdup_printf ("%" G_GINT64_FORMAT ":%" G_GINT64_FORMAT ":%s",
                                              claim->start, claim->end, claim->category);
      GPtrArray *group = g_hash_table_lookup (groups, key);

      if (group == NULL)
        {
          group = g_ptr_array_new ();
          g_ptr_array_add (keys, key);
          g_hash_table_insert (groups, g_steal_pointer (&key), group);
        }
      g_ptr_array_add (group, claim);
    }
  for (guint k = 0; n >= 2 && k < keys->len; k++)
    {
      GPtrArray *group = g_hash_table_lookup (groups, g_ptr_array_index (keys, k));

      for (;;)
        {
          g_autoptr(GPtrArray) chosen = g_ptr_array_new ();

          /* The first unused claim of each annotator, if all have one. */
          for (guint c = 0; c < n; c++)
            for (guint i = 0; i < group->len; i++)
              {
                AttestClaim *claim = g_ptr_array_index (group, i);

                if (g_str_equal (claim->annotator, order[c]) && !g_hash_table_contains (used, claim))
                  {
                    g_ptr_array_add (chosen, claim);
                    break;
                  }
              }
          if (chosen->len < n)
            break;
          for (guint i = 0; i < chosen->len; i++)
            g_hash_table_add (used, g_ptr_array_index (chosen, i));
          g_ptr_array_add (items, item_new (ATTEST_COMPARISON_AGREEMENT, chosen, order));
        }
    }

  /* The rest, grouped by overlap (a sweep over claims sorted by start). */
  for (guint i = 0; i < pool->len;)
    {
      g_autoptr(GPtrArray) component = g_ptr_array_new ();
      g_autoptr(GPtrArray) who = g_ptr_array_new ();
      gint64 end = G_MININT64;

      for (; i < pool->len; i++)
        {
          AttestClaim *claim = g_ptr_array_index (pool, i);

          if (g_hash_table_contains (used, claim))
            continue;
          if (component->len > 0 && claim->start >= end)
            break;
          g_ptr_array_add (component, claim);
          end = MAX (end, claim->end);
          if (!g_ptr_array_find_with_equal_func (who, claim->annotator, g_str_equal, NULL))
            g_ptr_array_add (who, claim->annotator);
        }
      if (component->len == 0)
        continue;

      if (who->len > 1)
        g_ptr_array_add (items, item_new (ATTEST_COMPARISON_DISAGREEMENT, component, order));
      else
        for (guint k = 0; k < component->len; k++)
          {
            g_autoptr(GPtrArray) one = g_ptr_array_new ();

            g_ptr_array_add (one, g_ptr_array_index (component, k));
            g_ptr_array_add (items, item_new (ATTEST_COMPARISON_ONE_SIDED, one, order));
          }
    }

  g_ptr_array_sort (items, compare_items);
  return g_steal_pointer (&items);
}

/**
 * attest_agreement_compare_document:
 * @store: an #AttestStore
 * @document_ref: a document's uuid or other reference
 * @annotators: (nullable) (array zero-terminated=1): who is compared;
 *   %NULL: all
 * @error: return location for a #GError, or %NULL
 *
 * attest_agreement_compare_claims() for a stored document's annotator
 * claims. Fewer than two annotators is ATTEST_ERROR_INVALID; an unknown
 * one NOT_FOUND.
 *
 * Returns: (transfer full) (element-type AttestComparisonItem) (nullable):
 *   the items in text order, or %NULL with @error set
 */
GPtrArray *
attest_agreement_compare_document (AttestStore        *store,
                                   const char         *document_ref,
                                   const char * const *annotators,
                                   GError            **error)
{
  g_autoptr(GPtrArray) claims = NULL;
  g_auto(GStrv) names = NULL;

  g_return_val_if_fail (ATTEST_IS_STORE (store), NULL);

  if (annotators != NULL && !attest_agreement_check_annotators (store, annotators, error))
    return NULL;
  if (!(claims = attest_store_list_annotator_claims (store, document_ref, error)))
    return NULL;

  names = annotators ? attest_agreement_unique_names (annotators)
                     : attest_store_list_claim_annotators (store, document_ref, error);
  if (names == NULL)
    return NULL;
  if (names[0] == NULL || names[1] == NULL)
    {
      if (names[0] == NULL)
        g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID,
                     "A comparison needs the claims of at least two annotators; "
                     "the document has none");
      else
        g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID,
                     "A comparison needs the claims of at least two annotators; "
                     "there is only “%s”", names[0]);
      return NULL;
    }
  return attest_agreement_compare_claims (claims, (const char * const *) names);
}
