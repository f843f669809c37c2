/* attest-interval-index.h — which items cover this offset?
 *
 * A small in-memory index of half-open intervals [start, end) over opaque
 * items (the article view keeps its claims and citations in two of them).
 * Items are kept sorted by (start, -end, insertion order) — outer intervals
 * before the ones nested in them — with a max-end tree over that order, so
 * a stabbing or overlap query costs O(log n + k log n). The index does not
 * own its items. Empty intervals are stored but cover nothing. GTK-free.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _AttestIntervalIndex AttestIntervalIndex;

/* A run of [start, end) covered by exactly @count intervals. */
typedef struct {
  gint64 start;
  gint64 end;
  guint  count;
} AttestIntervalSegment;

AttestIntervalIndex *attest_interval_index_new          (void);
void                 attest_interval_index_free         (AttestIntervalIndex *self);
void                 attest_interval_index_clear        (AttestIntervalIndex *self);
guint                attest_interval_index_get_size     (AttestIntervalIndex *self);

/* FALSE (and nothing changes) when @item is already indexed. */
gboolean             attest_interval_index_add          (AttestIntervalIndex *self,
                                                         gpointer             item,
                                                         gint64               start,
                                                         gint64               end);
gboolean             attest_interval_index_remove       (AttestIntervalIndex *self,
                                                         gpointer             item);
/* Moves @item to [start, end); FALSE when it is not indexed. */
gboolean             attest_interval_index_update       (AttestIntervalIndex *self,
                                                         gpointer             item,
                                                         gint64               start,
                                                         gint64               end);
gboolean             attest_interval_index_lookup       (AttestIntervalIndex *self,
                                                         gpointer             item,
                                                         gint64              *start,
                                                         gint64              *end);

/* Items with start <= @offset < end, in index order. */
GPtrArray           *attest_interval_index_at           (AttestIntervalIndex *self,
                                                         gint64               offset);
guint                attest_interval_index_count_at     (AttestIntervalIndex *self,
                                                         gint64               offset);
/* Items sharing at least one position with [start, end), in index order. */
GPtrArray           *attest_interval_index_overlapping  (AttestIntervalIndex *self,
                                                         gint64               start,
                                                         gint64               end);
/* [start, end) cut into maximal runs of equal coverage, in order, count 0
 * included: the runs tile the range exactly. An array of
 * AttestIntervalSegment; empty when start >= end. */
GArray              *attest_interval_index_coverage     (AttestIntervalIndex *self,
                                                         gint64               start,
                                                         gint64               end);

/* Index order, for walking from one item to the next. */
gpointer             attest_interval_index_get_nth      (AttestIntervalIndex *self,
                                                         guint                position,
                                                         gint64              *start,
                                                         gint64              *end);
/* The position of @item, or -1. */
int                  attest_interval_index_get_position (AttestIntervalIndex *self,
                                                         gpointer             item);
/* The position of the first item starting at or after @offset (the size
 * when there is none). */
guint                attest_interval_index_first_from   (AttestIntervalIndex *self,
                                                         gint64               offset);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AttestIntervalIndex, attest_interval_index_free)

G_END_DECLS
