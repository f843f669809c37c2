/* attest-claim-list.c — owns the list of a document's claims and its uuid
 * index (see attest-claim-list.h).
 *
 * A sorted GPtrArray: lookups by uuid go through the hash table, positions
 * by binary search on the claim's (start, -end, id), so an edit costs
 * O(log n) to find and one memmove to apply.
 */
#include "attest-claim-list.h"

struct _AttestClaimList
{
  GObject     parent_instance;

  GPtrArray  *items;     /* AttestClaim*, in text order */
  GHashTable *by_uuid;   /* claim->uuid → AttestClaim* (the items hold them) */
};

static void attest_claim_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (AttestClaimList, attest_claim_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, attest_claim_list_model_init))

/**
 * attest_claim_list_compare:
 * @a: a claim
 * @b: another claim
 *
 * Text order: by start, the longer first (outer before nested), then by
 * id.
 *
 * Returns: <0, 0 or >0 as for strcmp()
 */
int
attest_claim_list_compare (const AttestClaim *a,
                           const AttestClaim *b)
{
  if (a->start != b->start)
    return a->start < b->start ? -1 : 1;
  if (a->end != b->end)
    return a->end > b->end ? -1 : 1;
  return a->id < b->id ? -1 : a->id > b->id;
}

static int
compare_items (gconstpointer a,
               gconstpointer b)
{
  return attest_claim_list_compare (*(AttestClaim **) a, *(AttestClaim **) b);
}

/* The first position whose claim sorts after @claim: where a new claim
 * goes, after the ones it ties with. */
static guint
upper_bound (AttestClaimList   *self,
             const AttestClaim *claim)
{
  guint lo = 0;
  guint hi = self->items->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (attest_claim_list_compare (g_ptr_array_index (self->items, mid), claim) <= 0)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

/* The position of @claim, which is in the list. */
static guint
position_of (AttestClaimList   *self,
             const AttestClaim *claim)
{
  guint pos = upper_bound (self, claim);

  /* Claims that tie (same span and id: only claims not from a store) sit
   * just before the bound. */
  while (pos-- > 0)
    if (g_ptr_array_index (self->items, pos) == claim)
      return pos;
  g_assert_not_reached ();
}

/* -------------------------------------------------------------- GListModel */

static GType
attest_claim_list_get_item_type (GListModel *model)
{
  return ATTEST_TYPE_CLAIM;
}

static guint
attest_claim_list_get_n_items (GListModel *model)
{
  return ATTEST_CLAIM_LIST (model)->items->len;
}

static gpointer
attest_claim_list_get_item (GListModel *model,
                            guint       position)
{
  AttestClaimList *self = ATTEST_CLAIM_LIST (model);

  if (position >= self->items->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->items, position));
}

static void
attest_claim_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = attest_claim_list_get_item_type;
  iface->get_n_items = attest_claim_list_get_n_items;
  iface->get_item = attest_claim_list_get_item;
}

/* ----------------------------------------------------------------- GObject */

static void
attest_claim_list_finalize (GObject *object)
{
  AttestClaimList *self = ATTEST_CLAIM_LIST (object);

  g_clear_pointer (&self->by_uuid, g_hash_table_unref);
  g_clear_pointer (&self->items, g_ptr_array_unref);

  G_OBJECT_CLASS (attest_claim_list_parent_class)->finalize (object);
}

static void
attest_claim_list_class_init (AttestClaimListClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = attest_claim_list_finalize;
}

static void
attest_claim_list_init (AttestClaimList *self)
{
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
  self->by_uuid = g_hash_table_new (g_str_hash, g_str_equal);
}

/* ------------------------------------------------------------------ public */

/**
 * attest_claim_list_new:
 *
 * Returns: (transfer full): a new #AttestClaimList
 */
AttestClaimList *
attest_claim_list_new (void)
{
  return g_object_new (ATTEST_TYPE_CLAIM_LIST, NULL);
}

/**
 * attest_claim_list_set:
 * @self: an #AttestClaimList
 * @claims: (nullable) (element-type AttestClaim): the claims, in any
 *   order; %NULL empties the list
 *
 * Replaces every claim with @claims, as one "items-changed". A claim without a
 * uuid, or with the uuid of one given before it, is left out.
 */
void
attest_claim_list_set (AttestClaimList *self,
                       GPtrArray       *claims)
{
  g_autoptr(GPtrArray) old = NULL;

  g_return_if_fail (ATTEST_IS_CLAIM_LIST (self));
  for (guint i = 0; claims != NULL && i < claims->len; i++)
    g_return_if_fail (ATTEST_IS_CLAIM (g_ptr_array_index (claims, i)));

  /* The old claims live until the hash table no longer points into them. */
  old = g_steal_pointer (&self->items);
  self->items = g_ptr_array_new_full (claims ? claims->len : 0, g_object_unref);
  g_hash_table_remove_all (self->by_uuid);

  for (guint i = 0; claims != NULL && i < claims->len; i++)
    {
      AttestClaim *claim = g_ptr_array_index (claims, i);

      if (claim->uuid == NULL || g_hash_table_contains (self->by_uuid, claim->uuid))
        continue;
      g_ptr_array_add (self->items, g_object_ref (claim));
      g_hash_table_insert (self->by_uuid, claim->uuid, claim);
    }
  /* Stable: claims that tie keep the order they were given in. */
  g_ptr_array_sort (self->items, compare_items);

  if (old->len > 0 || self->items->len > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, old->len, self->items->len);
}

/**
 * attest_claim_list_save:
 * @self: an #AttestClaimList
 * @claim: a claim, referenced by the list
 *
 * Adds @claim, or replaces the claim with its uuid, keeping text order;
 * one "items-changed". Among claims of the same span and id a new one goes
 * last.
 *
 * Returns: its position
 */
guint
attest_claim_list_save (AttestClaimList *self,
                        AttestClaim     *claim)
{
  AttestClaim *old;
  guint from, to;

  g_return_val_if_fail (ATTEST_IS_CLAIM_LIST (self), 0);
  g_return_val_if_fail (ATTEST_IS_CLAIM (claim), 0);
  g_return_val_if_fail (claim->uuid != NULL, 0);

  old = g_hash_table_lookup (self->by_uuid, claim->uuid);
  if (old == claim)
    return position_of (self, claim);

  g_object_ref (claim);
  if (old == NULL)
    {
      to = upper_bound (self, claim);
      g_ptr_array_insert (self->items, to, claim);
      g_hash_table_insert (self->by_uuid, claim->uuid, claim);
      g_list_model_items_changed (G_LIST_MODEL (self), to, 0, 1);
      return to;
    }

  from = position_of (self, old);
  /* Its key may have changed: out of the array first, then back in order. */
  g_hash_table_remove (self->by_uuid, old->uuid);
  g_ptr_array_remove_index (self->items, from);
  to = upper_bound (self, claim);
  if (to > from && attest_claim_list_compare (claim, old) == 0)
    to = from;    /* a tie stays where it was */
  g_ptr_array_insert (self->items, to, claim);
  g_hash_table_insert (self->by_uuid, claim->uuid, claim);

  /* One signal: the run between the old and the new place is replaced. */
  g_list_model_items_changed (G_LIST_MODEL (self), MIN (from, to),
                              MAX (from, to) - MIN (from, to) + 1,
                              MAX (from, to) - MIN (from, to) + 1);
  return to;
}

/**
 * attest_claim_list_remove:
 * @self: an #AttestClaimList
 * @uuid: a uuid
 *
 * Removes the claim with @uuid; one "items-changed".
 *
 * Returns: %FALSE when no claim has @uuid
 */
gboolean
attest_claim_list_remove (AttestClaimList *self,
                          const char      *uuid)
{
  AttestClaim *old;
  guint pos;

  g_return_val_if_fail (ATTEST_IS_CLAIM_LIST (self), FALSE);
  g_return_val_if_fail (uuid != NULL, FALSE);

  old = g_hash_table_lookup (self->by_uuid, uuid);
  if (old == NULL)
    return FALSE;

  pos = position_of (self, old);
  g_hash_table_remove (self->by_uuid, uuid);
  g_ptr_array_remove_index (self->items, pos);
  g_list_model_items_changed (G_LIST_MODEL (self), pos, 1, 0);
  return TRUE;
}

/**
 * attest_claim_list_lookup:
 * @self: an #AttestClaimList
 * @uuid: a uuid
 *
 * Returns: (transfer none) (nullable): the claim with @uuid, or %NULL
 */
AttestClaim *
attest_claim_list_lookup (AttestClaimList *self,
                          const char      *uuid)
{
  g_return_val_if_fail (ATTEST_IS_CLAIM_LIST (self), NULL);

  return uuid != NULL ? g_hash_table_lookup (self->by_uuid, uuid) : NULL;
}

/**
 * attest_claim_list_find:
 * @self: an #AttestClaimList
 * @uuid: a uuid
 * @position: (out) (optional): return location for its position
 *
 * Whether a claim has @uuid, and where.
 *
 * Returns: %TRUE when a claim has @uuid
 */
gboolean
attest_claim_list_find (AttestClaimList *self,
                        const char      *uuid,
                        guint           *position)
{
  AttestClaim *claim = attest_claim_list_lookup (self, uuid);

  if (claim == NULL)
    return FALSE;
  if (position != NULL)
    *position = position_of (self, claim);
  return TRUE;
}
