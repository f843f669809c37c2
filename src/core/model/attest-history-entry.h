/* attest-history-entry.h — one recorded change: who, when, what, old → new.
 * Deleting a claim records a tombstone entry; the row itself is kept with
 * deleted = 1 so that merging copies never resurrects it.
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define ATTEST_TYPE_HISTORY_ENTRY (attest_history_entry_get_type ())
G_DECLARE_FINAL_TYPE (AttestHistoryEntry, attest_history_entry, ATTEST, HISTORY_ENTRY, GObject)

/**
 * AttestHistoryEntry:
 *
 * One recorded change, as the store lists it. The fields are public to
 * read; the entry owns its strings.
 */
struct _AttestHistoryEntry
{
  GObject parent_instance;

  gint64  id;
  char   *uuid;
  char   *at;           /* ISO 8601 UTC */
  char   *annotator;
  char   *entity;       /* "claim", "source", "link", "category", "document" */
  char   *entity_uuid;  /* claim uuid, source uuid, category key… */
  char   *action;       /* "create", "update", "delete", "link", "unlink", "import" */
  char   *field;        /* for updates: "category", "comment", …; else NULL */
  char   *old_value;
  char   *new_value;
};

AttestHistoryEntry *attest_history_entry_new (void);

/* The words the window shows for what the store records (translated;
 * never NULL, never the stored value): a field's name ("status" is
 * "Status"), a claim's status ("draft" is "Draft") and its certainty (no
 * certainty and "unknown" are both "Unknown"). */
const char *attest_history_field_label     (const char *field);
const char *attest_history_status_label    (const char *status);
const char *attest_history_certainty_label (const char *certainty);

G_END_DECLS
