/* attest-undo-stack.h — undo and redo of the edits made in one window.
 *
 * Every edit the app makes through the store is recorded here — made and
 * recorded in one call with a perform_ function, or pushed after the
 * caller made it with the push_ function of its kind; undo and redo
 * replay the inverse through the store, so they are saved at once and
 * recorded in the history like any edit. An edit that someone else has
 * changed since is not undone over their work: that is a conflict.
 */
#pragma once

#include "attest-claim.h"
#include "attest-store.h"

G_BEGIN_DECLS

#define ATTEST_TYPE_UNDO_STACK (attest_undo_stack_get_type ())
G_DECLARE_FINAL_TYPE (AttestUndoStack, attest_undo_stack, ATTEST, UNDO_STACK, GObject)

typedef enum {
  ATTEST_EDIT_CREATE,
  ATTEST_EDIT_DELETE,
  ATTEST_EDIT_UPDATE,
  ATTEST_EDIT_LINK,
  ATTEST_EDIT_UNLINK,
  ATTEST_EDIT_DOCUMENT,   /* an article's title, author, date or outlet corrected */
  ATTEST_EDIT_MARK,       /* citations marked by hand */
  ATTEST_EDIT_UNMARK,     /* citations removed */
  ATTEST_EDIT_CATEGORY,   /* a category added, renamed, recoloured, retired, restored… */
  ATTEST_EDIT_CATEGORY_MOVE, /* a category moved in the taxonomy's order */
} AttestEditKind;

AttestUndoStack *attest_undo_stack_new         (void);

void             attest_undo_stack_push_create (AttestUndoStack *self,
                                                const char      *claim_uuid);
void             attest_undo_stack_push_delete (AttestUndoStack *self,
                                                const char      *claim_uuid);
void             attest_undo_stack_push_update (AttestUndoStack *self,
                                                AttestClaim     *before,
                                                AttestClaim     *after);
void             attest_undo_stack_push_link   (AttestUndoStack *self,
                                                const char      *claim_uuid,
                                                const char      *source_uuid,
                                                gboolean         linked);

void             attest_undo_stack_push_document (AttestUndoStack *self,
                                                  const char      *document_uuid,
                                                  const char      *field,
                                                  const char      *before,
                                                  const char      *after);
void             attest_undo_stack_push_citations (AttestUndoStack *self,
                                                   GPtrArray       *citations,
                                                   gboolean         marked);

/* Making an edit and recording it in one call: each does its store call
 * (named in its doc comment) and records the edit only when that succeeded; on
 * failure @error is set, as by the store, and the stack is unchanged. */
AttestClaim     *attest_undo_stack_perform_create   (AttestUndoStack *self,
                                                     AttestStore     *store,
                                                     const char      *document_uuid,
                                                     gint64           start,
                                                     gint64           end,
                                                     const char      *category,
                                                     GError         **error);
gboolean         attest_undo_stack_perform_delete   (AttestUndoStack *self,
                                                     AttestStore     *store,
                                                     const char      *claim_uuid,
                                                     GError         **error);
gboolean         attest_undo_stack_perform_update   (AttestUndoStack *self,
                                                     AttestStore     *store,
                                                     AttestClaim     *before,
                                                     AttestClaim     *after,
                                                     GError         **error);
gboolean         attest_undo_stack_perform_link     (AttestUndoStack *self,
                                                     AttestStore     *store,
                                                     const char      *claim_uuid,
                                                     const char      *source_uuid,
                                                     gboolean         linked,
                                                     GError         **error);
gboolean         attest_undo_stack_perform_document (AttestUndoStack *self,
                                                     AttestStore     *store,
                                                     const char      *document_uuid,
                                                     const char      *field,
                                                     const char      *before,
                                                     const char      *after,
                                                     GError         **error);
AttestCitation  *attest_undo_stack_perform_mark     (AttestUndoStack *self,
                                                     AttestStore     *store,
                                                     const char      *document_uuid,
                                                     gint64           start,
                                                     gint64           end,
                                                     const char      *outlet,
                                                     const char      *place,
                                                     const char      *date_text,
                                                     GError         **error);
gboolean         attest_undo_stack_perform_unmark   (AttestUndoStack *self,
                                                     AttestStore     *store,
                                                     GPtrArray       *citations,
                                                     GError         **error);

/* The taxonomy: a category added (undone by retiring it, the way a
 * category goes without losing the claims filed under it; redone by
 * restoring it), a category's fields changed (undone by setting @before's
 * back, unless someone else changed the category since: a conflict), a
 * category moved. Undo and redo of these return "". */
gboolean         attest_undo_stack_perform_category_add    (AttestUndoStack *self,
                                                            AttestStore     *store,
                                                            AttestCategory  *category,
                                                            GError         **error);
gboolean         attest_undo_stack_perform_category_update (AttestUndoStack *self,
                                                            AttestStore     *store,
                                                            AttestCategory  *before,
                                                            AttestCategory  *after,
                                                            GError         **error);
gboolean         attest_undo_stack_perform_category_move   (AttestUndoStack *self,
                                                            AttestStore     *store,
                                                            const char      *key,
                                                            guint            position,
                                                            GError         **error);

gboolean         attest_undo_stack_can_undo    (AttestUndoStack *self);
gboolean         attest_undo_stack_can_redo    (AttestUndoStack *self);
int              attest_undo_stack_peek_undo   (AttestUndoStack *self);
int              attest_undo_stack_peek_redo   (AttestUndoStack *self);

char            *attest_undo_stack_undo        (AttestUndoStack *self,
                                                AttestStore     *store,
                                                GError         **error);
char            *attest_undo_stack_redo        (AttestUndoStack *self,
                                                AttestStore     *store,
                                                GError         **error);
void             attest_undo_stack_clear       (AttestUndoStack *self);

G_END_DECLS
