/* attest-interval-index.c — owns the interval index behind "which claims
 * are under this point" (see attest-interval-index.h).
 *
 * The entries live in one array sorted by (start, -end, seq). Over that
 * order sits an implicit binary tree whose nodes hold the largest end of
 * their leaves: a query for "start < limit and end > threshold" walks only
 * the subtrees whose max end passes the threshold, so it costs
 * O(log n + k log n) however the intervals nest. Edits are rare next to
 * queries (one per user gesture), so an edit shifts the array and marks the
 * tree stale; the next query rebuilds it in O(n). Bulk adds are collected
 * and sorted once.
 */
#include "attest-interval-index.h"

typedef struct {
  gint64   start;
  gint64   end;
  guint64  seq;   /* insertion order: keeps identical intervals stable */
  gpointer item;
} Entry;

typedef struct {
  gint64  start;
  gint64  end;
  guint64 seq;
} Key;

struct _AttestIntervalIndex
{
  GArray     *entries;     /* Entry, sorted once settled */
  GArray     *pending;     /* Entry, added since the last settle */
  GHashTable *keys;        /* item → Key*, to find an item's slot */
  gint64     *tree;        /* max end; root at 1, leaves at cap + i */
  guint       cap;
  gboolean    tree_stale;
  guint64     next_seq;
};

/* Below this many pending adds, insert each in place instead of sorting. */
#define SMALL_BATCH 16

static int
compare_keys (gint64  a_start,
              gint64  a_end,
              guint64 a_seq,
              gint64  b_start,
              gint64  b_end,
              guint64 b_seq)
{
  if (a_start != b_start)
    return a_start < b_start ? -1 : 1;
  if (a_end != b_end)
    return a_end > b_end ? -1 : 1;   /* outer before inner */
  if (a_seq != b_seq)
    return a_seq < b_seq ? -1 : 1;
  return 0;
}

static int
compare_entries (gconstpointer a,
                 gconstpointer b)
{
  const Entry *x = a;
  const Entry *y = b;

  return compare_keys (x->start, x->end, x->seq, y->start, y->end, y->seq);
}

/**
 * attest_interval_index_new:
 *
 * Returns: (transfer full): a new #AttestIntervalIndex
 */
AttestIntervalIndex *
attest_interval_index_new (void)
{
  AttestIntervalIndex *self = g_new0 (AttestIntervalIndex, 1);

  self->entries = g_array_new (FALSE, FALSE, sizeof (Entry));
  self->pending = g_array_new (FALSE, FALSE, sizeof (Entry));
  self->keys = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  return self;
}

/**
 * attest_interval_index_free:
 * @self: (nullable): an #AttestIntervalIndex
 *
 * Frees the index; the items are not the index's to free.
 */
void
attest_interval_index_free (AttestIntervalIndex *self)
{
  if (self == NULL)
    return;

  g_array_unref (self->entries);
  g_array_unref (self->pending);
  g_hash_table_unref (self->keys);
  g_free (self->tree);
  g_free (self);
}

/**
 * attest_interval_index_clear:
 * @self: an #AttestIntervalIndex
 *
 * Forgets every item.
 */
void
attest_interval_index_clear (AttestIntervalIndex *self)
{
  g_return_if_fail (self != NULL);

  g_array_set_size (self->entries, 0);
  g_array_set_size (self->pending, 0);
  g_hash_table_remove_all (self->keys);
  self->tree_stale = TRUE;
}

/**
 * attest_interval_index_get_size:
 * @self: an #AttestIntervalIndex
 *
 * Returns: the number of items indexed
 */
guint
attest_interval_index_get_size (AttestIntervalIndex *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return g_hash_table_size (self->keys);
}

/* First position whose entry is not before the key. */
static guint
lower_bound (GArray  *entries,
             gint64   start,
             gint64   end,
             guint64  seq)
{
  guint lo = 0;
  guint hi = entries->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      const Entry *e = &g_array_index (entries, Entry, mid);

      if (compare_keys (e->start, e->end, e->seq, start, end, seq) < 0)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

/* First position whose start is >= @offset (or > it, with @strictly). */
static guint
start_bound (GArray   *entries,
             gint64    offset,
             gboolean  strictly)
{
  guint lo = 0;
  guint hi = entries->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      gint64 s = g_array_index (entries, Entry, mid).start;

      if (s < offset || (strictly && s == offset))
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

static void
rebuild_tree (AttestIntervalIndex *self)
{
  guint n = self->entries->len;
  guint cap = 1;

  while (cap < n)
    cap <<= 1;

  if (cap != self->cap || self->tree == NULL)
    {
      g_free (self->tree);
      self->tree = g_new (gint64, 2 * cap);
      self->cap = cap;
    }

  for (guint i = 0; i < cap; i++)
    self->tree[cap + i] = i < n ? g_array_index (self->entries, Entry, i).end : G_MININT64;
  for (guint i = cap - 1; i >= 1; i--)
    self->tree[i] = MAX (self->tree[2 * i], self->tree[2 * i + 1]);

  self->tree_stale = FALSE;
}

/* Brings pending adds into the sorted array and the tree up to date. */
static void
settle (AttestIntervalIndex *self)
{
  if (self->pending->len > 0)
    {
      if (self->pending->len <= SMALL_BATCH)
        {
          for (guint i = 0; i < self->pending->len; i++)
            {
              const Entry *e = &g_array_index (self->pending, Entry, i);
              guint pos = lower_bound (self->entries, e->start, e->end, e->seq);

              g_array_insert_val (self->entries, pos, *e);
            }
        }
      else
        {
          g_array_append_vals (self->entries, self->pending->data, self->pending->len);
          g_array_sort (self->entries, compare_entries);
        }
      g_array_set_size (self->pending, 0);
      self->tree_stale = TRUE;
    }

  if (self->tree_stale)
    rebuild_tree (self);
}

/**
 * attest_interval_index_add:
 * @self: an #AttestIntervalIndex
 * @item: the item, not referenced
 * @start: the start offset in the text (in bytes)
 * @end: the end offset (exclusive)
 *
 * Indexes @item over [start, end).
 *
 * Returns: %FALSE (and nothing changes) when @item is already indexed
 */
gboolean
attest_interval_index_add (AttestIntervalIndex *self,
                           gpointer             item,
                           gint64               start,
                           gint64               end)
{
  Entry e;
  Key *key;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (start <= end, FALSE);

  if (g_hash_table_contains (self->keys, item))
    return FALSE;

  e = (Entry) { start, end, self->next_seq++, item };
  g_array_append_val (self->pending, e);

  key = g_new (Key, 1);
  *key = (Key) { e.start, e.end, e.seq };
  g_hash_table_insert (self->keys, item, key);
  return TRUE;
}

/* The slot of @item in the settled array, or -1. */
static int
find_slot (AttestIntervalIndex *self,
           gpointer             item)
{
  const Key *key = g_hash_table_lookup (self->keys, item);
  guint pos;

  if (key == NULL)
    return -1;

  settle (self);
  pos = lower_bound (self->entries, key->start, key->end, key->seq);
  g_assert (pos < self->entries->len);
  g_assert (g_array_index (self->entries, Entry, pos).item == item);
  return (int) pos;
}

/**
 * attest_interval_index_remove:
 * @self: an #AttestIntervalIndex
 * @item: the item
 *
 * Returns: %FALSE when @item is not indexed
 */
gboolean
attest_interval_index_remove (AttestIntervalIndex *self,
                              gpointer             item)
{
  int pos;

  g_return_val_if_fail (self != NULL, FALSE);

  pos = find_slot (self, item);
  if (pos < 0)
    return FALSE;

  g_array_remove_index (self->entries, pos);
  g_hash_table_remove (self->keys, item);
  self->tree_stale = TRUE;
  return TRUE;
}

/**
 * attest_interval_index_update:
 * @self: an #AttestIntervalIndex
 * @item: the item, not referenced
 * @start: the start offset in the text (in bytes)
 * @end: the end offset (exclusive)
 *
 * Moves @item to [start, end).
 *
 * Returns: %FALSE when @item is not indexed
 */
gboolean
attest_interval_index_update (AttestIntervalIndex *self,
                              gpointer             item,
                              gint64               start,
                              gint64               end)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (start <= end, FALSE);

  if (!attest_interval_index_remove (self, item))
    return FALSE;
  return attest_interval_index_add (self, item, start, end);
}

/**
 * attest_interval_index_lookup:
 * @self: an #AttestIntervalIndex
 * @item: the item, not referenced
 * @start: (out) (optional): return location for its start
 * @end: (out) (optional): return location for its end
 *
 * Where @item is.
 *
 * Returns: %FALSE when @item is not indexed
 */
gboolean
attest_interval_index_lookup (AttestIntervalIndex *self,
                              gpointer             item,
                              gint64              *start,
                              gint64              *end)
{
  const Key *key;

  g_return_val_if_fail (self != NULL, FALSE);

  key = g_hash_table_lookup (self->keys, item);
  if (key == NULL)
    return FALSE;

  if (start)
    *start = key->start;
  if (end)
    *end = key->end;
  return TRUE;
}

typedef void (*VisitFunc) (const Entry *entry,
                           gpointer     data);

/* Visits, in order, the non-empty entries at positions < @limit whose end
 * is > @threshold. */
static void
collect (AttestIntervalIndex *self,
         guint                node,
         guint                node_lo,
         guint                node_size,
         guint                limit,
         gint64               threshold,
         VisitFunc            visit,
         gpointer             data)
{
  if (node_lo >= limit || self->tree[node] <= threshold)
    return;

  if (node_size == 1)
    {
      const Entry *e = &g_array_index (self->entries, Entry, node_lo);

      if (e->start < e->end)
        visit (e, data);
      return;
    }

  collect (self, 2 * node, node_lo, node_size / 2, limit, threshold, visit, data);
  collect (self, 2 * node + 1, node_lo + node_size / 2, node_size / 2, limit, threshold, visit, data);
}

static void
query (AttestIntervalIndex *self,
       guint                limit,
       gint64               threshold,
       VisitFunc            visit,
       gpointer             data)
{
  settle (self);
  if (self->entries->len == 0)
    return;
  collect (self, 1, 0, self->cap, limit, threshold, visit, data);
}

static void
visit_add_item (const Entry *entry,
                gpointer     data)
{
  g_ptr_array_add (data, entry->item);
}

static void
visit_count (const Entry *entry,
             gpointer     data)
{
  (*(guint *) data)++;
}

/**
 * attest_interval_index_at:
 * @self: an #AttestIntervalIndex
 * @offset: the offset
 *
 * Returns: (transfer container) (element-type gpointer): the items with
 *   start <= @offset < end, in index order
 */
GPtrArray *
attest_interval_index_at (AttestIntervalIndex *self,
                          gint64               offset)
{
  GPtrArray *items = g_ptr_array_new ();

  g_return_val_if_fail (self != NULL, items);

  settle (self);
  query (self, start_bound (self->entries, offset, TRUE), offset, visit_add_item, items);
  return items;
}

/**
 * attest_interval_index_count_at:
 * @self: an #AttestIntervalIndex
 * @offset: the offset
 *
 * Returns: how many items cover @offset (start <= @offset < end)
 */
guint
attest_interval_index_count_at (AttestIntervalIndex *self,
                                gint64               offset)
{
  guint count = 0;

  g_return_val_if_fail (self != NULL, 0);

  settle (self);
  query (self, start_bound (self->entries, offset, TRUE), offset, visit_count, &count);
  return count;
}

/**
 * attest_interval_index_overlapping:
 * @self: an #AttestIntervalIndex
 * @start: the start offset in the text (in bytes)
 * @end: the end offset (exclusive)
 *
 * Returns: (transfer container) (element-type gpointer): the items sharing
 *   at least one position with [start, end), in index order
 */
GPtrArray *
attest_interval_index_overlapping (AttestIntervalIndex *self,
                                   gint64               start,
                                   gint64               end)
{
  GPtrArray *items = g_ptr_array_new ();

  g_return_val_if_fail (self != NULL, items);

  if (start >= end)
    return items;

  settle (self);
  query (self, start_bound (self->entries, end, FALSE), start, visit_add_item, items);
  return items;
}

typedef struct {
  gint64 pos;
  int    delta;
} Event;

typedef struct {
  GArray *events;
  gint64  start;
  gint64  end;
} CoverageData;

static void
visit_add_events (const Entry *entry,
                  gpointer     data)
{
  CoverageData *cd = data;
  Event on = { MAX (entry->start, cd->start), +1 };
  Event off = { MIN (entry->end, cd->end), -1 };

  g_array_append_val (cd->events, on);
  g_array_append_val (cd->events, off);
}

static int
compare_events (gconstpointer a,
                gconstpointer b)
{
  const Event *x = a;
  const Event *y = b;

  return x->pos < y->pos ? -1 : x->pos > y->pos;
}

/**
 * attest_interval_index_coverage:
 * @self: an #AttestIntervalIndex
 * @start: the start offset in the text (in bytes)
 * @end: the end offset (exclusive)
 *
 * [start, end) cut into maximal runs of equal coverage, in order, count 0
 * included: the runs tile the range exactly.
 *
 * Returns: (transfer full) (element-type AttestIntervalSegment): the runs;
 *   empty when start >= end
 */
GArray *
attest_interval_index_coverage (AttestIntervalIndex *self,
                                gint64               start,
                                gint64               end)
{
  GArray *segments = g_array_new (FALSE, FALSE, sizeof (AttestIntervalSegment));
  g_autoptr(GArray) events = NULL;
  CoverageData cd;
  gint64 at = start;
  guint i = 0;
  int count = 0;

  g_return_val_if_fail (self != NULL, segments);

  if (start >= end)
    return segments;

  events = g_array_new (FALSE, FALSE, sizeof (Event));
  cd = (CoverageData) { events, start, end };
  settle (self);
  query (self, start_bound (self->entries, end, FALSE), start, visit_add_events, &cd);
  g_array_sort (events, compare_events);

  while (at < end)
    {
      gint64 next;

      while (i < events->len && g_array_index (events, Event, i).pos <= at)
        count += g_array_index (events, Event, i++).delta;
      next = i < events->len ? MIN (g_array_index (events, Event, i).pos, end) : end;

      if (segments->len > 0 &&
          g_array_index (segments, AttestIntervalSegment, segments->len - 1).count == (guint) count)
        g_array_index (segments, AttestIntervalSegment, segments->len - 1).end = next;
      else
        {
          AttestIntervalSegment seg = { at, next, (guint) count };
          g_array_append_val (segments, seg);
        }
      at = next;
    }

  return segments;
}

/**
 * attest_interval_index_get_nth:
 * @self: an #AttestIntervalIndex
 * @position: a position in index order, below the size
 * @start: (out) (optional): return location for its start
 * @end: (out) (optional): return location for its end
 *
 * Index order, for walking from one item to the next.
 *
 * Returns: (transfer none): the item at @position
 */
gpointer
attest_interval_index_get_nth (AttestIntervalIndex *self,
                               guint                position,
                               gint64              *start,
                               gint64              *end)
{
  const Entry *e;

  g_return_val_if_fail (self != NULL, NULL);

  settle (self);
  if (position >= self->entries->len)
    return NULL;

  e = &g_array_index (self->entries, Entry, position);
  if (start)
    *start = e->start;
  if (end)
    *end = e->end;
  return e->item;
}

/**
 * attest_interval_index_get_position:
 * @self: an #AttestIntervalIndex
 * @item: the item, not referenced
 *
 * Returns: the position of @item, or -1
 */
int
attest_interval_index_get_position (AttestIntervalIndex *self,
                                    gpointer             item)
{
  g_return_val_if_fail (self != NULL, -1);

  return find_slot (self, item);
}

/**
 * attest_interval_index_first_from:
 * @self: an #AttestIntervalIndex
 * @offset: the offset
 *
 * Returns: the position of the first item starting at or after @offset
 *   (the size when there is none)
 */
guint
attest_interval_index_first_from (AttestIntervalIndex *self,
                                  gint64               offset)
{
  g_return_val_if_fail (self != NULL, 0);

  settle (self);
  return start_bound (self->entries, offset, FALSE);
}
