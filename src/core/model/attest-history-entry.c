/* attest-history-entry.c — see attest-history-entry.h. */
#include "config.h"

#include "attest-history-entry.h"

#include <glib/gi18n-lib.h>

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

/* Labels shared with the inspector's rows (the same words, one translation). */
const char *
attest_history_field_label (const char *field)
{
  static const struct { const char *field, *label; } labels[] = {
    { "category", N_("Category") },
    { "status", N_("Status") },
    { "certainty", N_("Certainty") },
    { "comment", N_("Comment") },
    { "title", N_("Title") },
    { "author", N_("Author") },
    { "date", N_("Date") },
    { "publication", N_("Outlet") },
    { "outlet", N_("Outlet") },
    { "source", N_("Source") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (g_strcmp0 (field, labels[i].field) == 0)
      return _(labels[i].label);
  /* A field a newer version records: named in general, not by its key. */
  return _("Another detail");
}

const char *
attest_history_status_label (const char *status)
{
  if (g_strcmp0 (status, "accepted") == 0)
    return _("Accepted");
  if (g_strcmp0 (status, "rejected") == 0)
    return _("Rejected");
  /* NULL too: a claim is a draft until someone decides. */
  return _("Draft");
}

const char *
attest_history_certainty_label (const char *certainty)
{
  if (g_strcmp0 (certainty, "low") == 0)
    return C_("certainty", "Low");
  if (g_strcmp0 (certainty, "medium") == 0)
    return C_("certainty", "Medium");
  if (g_strcmp0 (certainty, "high") == 0)
    return C_("certainty", "High");
  /* None set and "unknown" (older data) mean the same. */
  return C_("certainty", "Unknown");
}
