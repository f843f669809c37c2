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

/**
 * AttestIntervalSegment:
 *
 * A run of [start, end) covered by exactly @count intervals: a plain value.
 */
typedef struct {
  gint64 start;
  gint64 end;
  guint  count;
} AttestIntervalSegment;

AttestIntervalIndex *attest_interval_index_new          (void);
void                 attest_interval_index_free         (AttestIntervalIndex *self);
void                 attest_interval_index_clear        (AttestIntervalIndex *self);
guint                attest_interval_index_get_size     (AttestIntervalIndex *self);

gboolean             attest_interval_index_add          (AttestIntervalIndex *self,
                                                         gpointer             item,
                                                         gint64               start,
                                                         gint64               end);
gboolean             attest_interval_index_remove       (AttestIntervalIndex *self,
                                                         gpointer             item);
gboolean             attest_interval_index_update       (AttestIntervalIndex *self,
                                                         gpointer             item,
                                                         gint64               start,
                                                         gint64               end);
gboolean             attest_interval_index_lookup       (AttestIntervalIndex *self,
                                                         gpointer             item,
                                                         gint64              *start,
                                                         gint64              *end);

GPtrArray           *attest_interval_index_at           (AttestIntervalIndex *self,
                                                         gint64               offset);
guint                attest_interval_index_count_at     (AttestIntervalIndex *self,
                                                         gint64               offset);
GPtrArray           *attest_interval_index_overlapping  (AttestIntervalIndex *self,
                                                         gint64               start,
                                                         gint64               end);
GArray              *attest_interval_index_coverage     (AttestIntervalIndex *self,
                                                         gint64               start,
                                                         gint64               end);

gpointer             attest_interval_index_get_nth      (AttestIntervalIndex *self,
                                                         guint                position,
                                                         gint64              *start,
                                                         gint64              *end);
int                  attest_interval_index_get_position (AttestIntervalIndex *self,
                                                         gpointer             item);
guint                attest_interval_index_first_from   (AttestIntervalIndex *self,
                                                         gint64               offset);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AttestIntervalIndex, attest_interval_index_free)

G_END_DECLS
