/* attest-history-entry.c — see attest-history-entry.h. */
#include "attest-history-entry.h"

G_DEFINE_FINAL_TYPE (AttestHistoryEntry, attest_history_entry, G_TYPE_OBJECT)

static void
attest_history_entry_finalize (GObject *object)
{
  AttestHistoryEntry *self = ATTEST_HISTORY_ENTRY (object);

  g_free (self->uuid);
  g_free (self->at);
  g_free (self->annotator);
  g_free (self->entity);
  g_free (self->entity_uuid);
  g_free (self->action);
  g_free (self->field);
  g_free (self->old_value);
  g_free (self->new_value);

  G_OBJECT_CLASS (attest_history_entry_parent_class)->finalize (object);
}

static void
attest_history_entry_class_init (AttestHistoryEntryClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = attest_history_entry_finalize;
}

static void
attest_history_entry_init (AttestHistoryEntry *self)
{
}

/**
 * attest_history_entry_new:
 *
 * Returns: (transfer full): a new #AttestHistoryEntry
 */
AttestHistoryEntry *
attest_history_entry_new (void)
{
  return g_object_new (ATTEST_TYPE_HISTORY_ENTRY, NULL);
}
