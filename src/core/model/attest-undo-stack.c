/* attest-undo-stack.c — see attest-undo-stack.h.
 *
 * Two stacks of Edit records. Creating and deleting are inverses through
 * attest_store_delete_claim / attest_store_restore_claim, which keep the
 * claim's uuid; updates remember both sets of values and the version each
 * side produced, so a claim changed by someone else in between is reported
 * as a conflict instead of being overwritten.
 */
#include "attest-undo-stack.h"

#include <glib/gi18n-lib.h>

#include "attest-error.h"
#include "attest-history-entry.h"

typedef struct {
  AttestEditKind kind;
  char          *claim_uuid;
  char          *source_uuid;            /* link / unlink */
  /* update: the fields before and after, and the version each produced */
  char          *values[2][4];           /* category, status, certainty, comment */
  gint64         version[2];
  /* document: values[0][0] before, values[1][0] after */
  char          *document_uuid;
  char          *field;
  GPtrArray     *citations;              /* mark / unmark: AttestCitation* */
  /* category: the category before and after (copies); move: its key and
   * place before and after */
  AttestCategory *category[2];
  guint          position[2];
} Edit;

struct _AttestUndoStack
{
  GObject    parent_instance;

  GPtrArray *undo;  /* Edit*, newest last */
  GPtrArray *redo;
};

enum {
  PROP_0,
  PROP_CAN_UNDO,
  PROP_CAN_REDO,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (AttestUndoStack, attest_undo_stack, G_TYPE_OBJECT)

static void
edit_free (Edit *edit)
{
  g_free (edit->claim_uuid);
  g_free (edit->source_uuid);
  g_free (edit->document_uuid);
  g_free (edit->field);
  g_clear_pointer (&edit->citations, g_ptr_array_unref);
  g_clear_object (&edit->category[0]);
  g_clear_object (&edit->category[1]);
  for (guint side = 0; side < 2; side++)
    for (guint i = 0; i < 4; i++)
      g_free (edit->values[side][i]);
  g_free (edit);
}

static void
attest_undo_stack_finalize (GObject *object)
{
  AttestUndoStack *self = ATTEST_UNDO_STACK (object);

  g_ptr_array_unref (self->undo);
  g_ptr_array_unref (self->redo);

  G_OBJECT_CLASS (attest_undo_stack_parent_class)->finalize (object);
}

static void
attest_undo_stack_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  AttestUndoStack *self = ATTEST_UNDO_STACK (object);

  switch (prop_id)
    {
    case PROP_CAN_UNDO:
      g_value_set_boolean (value, attest_undo_stack_can_undo (self));
      break;
    case PROP_CAN_REDO:
      g_value_set_boolean (value, attest_undo_stack_can_redo (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
attest_undo_stack_class_init (AttestUndoStackClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = attest_undo_stack_finalize;
  object_class->get_property = attest_undo_stack_get_property;

  properties[PROP_CAN_UNDO] =
    g_param_spec_boolean ("can-undo", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_CAN_REDO] =
    g_param_spec_boolean ("can-redo", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
attest_undo_stack_init (AttestUndoStack *self)
{
  self->undo = g_ptr_array_new_with_free_func ((GDestroyNotify) edit_free);
  self->redo = g_ptr_array_new_with_free_func ((GDestroyNotify) edit_free);
}

/**
 * attest_undo_stack_new:
 *
 * Returns: (transfer full): a new #AttestUndoStack
 */
AttestUndoStack *
attest_undo_stack_new (void)
{
  return g_object_new (ATTEST_TYPE_UNDO_STACK, NULL);
}

static void
notify_both (AttestUndoStack *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_UNDO]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_REDO]);
}

/* A new edit makes the redo history meaningless. */
static void
push (AttestUndoStack *self,
      Edit            *edit)
{
  g_ptr_array_add (self->undo, edit);
  g_ptr_array_set_size (self->redo, 0);
  notify_both (self);
}

/* The records, one constructor per kind: the push_ functions record an
 * edit the caller made, the perform_ functions make it and record it. */

static Edit *
edit_new_claim (AttestEditKind  kind,
                const char     *claim_uuid)
{
  Edit *edit = g_new0 (Edit, 1);

  edit->kind = kind;
  edit->claim_uuid = g_strdup (claim_uuid);
  return edit;
}

static void
copy_values (char        *values[4],
             AttestClaim *claim)
{
  values[0] = g_strdup (claim->category);
  values[1] = g_strdup (claim->status);
  values[2] = g_strdup (claim->certainty);
  values[3] = g_strdup (claim->comment);
}

static Edit *
edit_new_update (AttestClaim *before,
                 AttestClaim *after)
{
  Edit *edit = edit_new_claim (ATTEST_EDIT_UPDATE, after->uuid);

  copy_values (edit->values[0], before);
  copy_values (edit->values[1], after);
  edit->version[0] = before->version;
  edit->version[1] = after->version;
  return edit;
}

static Edit *
edit_new_link (const char *claim_uuid,
               const char *source_uuid,
               gboolean    linked)
{
  Edit *edit = edit_new_claim (linked ? ATTEST_EDIT_LINK : ATTEST_EDIT_UNLINK, claim_uuid);

  edit->source_uuid = g_strdup (source_uuid);
  return edit;
}

static Edit *
edit_new_document (const char *document_uuid,
                   const char *field,
                   const char *before,
                   const char *after)
{
  Edit *edit = g_new0 (Edit, 1);

  edit->kind = ATTEST_EDIT_DOCUMENT;
  edit->document_uuid = g_strdup (document_uuid);
  edit->field = g_strdup (field);
  edit->values[0][0] = g_strdup (before);
  edit->values[1][0] = g_strdup (after);
  return edit;
}

static Edit *
edit_new_citations (GPtrArray *citations,
                    gboolean   marked)
{
  Edit *edit = g_new0 (Edit, 1);

  edit->kind = marked ? ATTEST_EDIT_MARK : ATTEST_EDIT_UNMARK;
  edit->citations = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < citations->len; i++)
    g_ptr_array_add (edit->citations, g_object_ref (g_ptr_array_index (citations, i)));
  return edit;
}

/* What a category edit remembers of one side: a copy, not the caller's
 * object, which the caller may go on changing. */
static AttestCategory *
category_copy (AttestCategory *c)
{
  AttestCategory *copy = attest_category_new ();

  copy->id = c->id;
  copy->key = g_strdup (c->key);
  copy->label = g_strdup (c->label);
  copy->description = g_strdup (c->description);
  copy->color = g_strdup (c->color);
  copy->shortcut = c->shortcut;
  copy->parent_key = g_strdup (c->parent_key);
  copy->retired = c->retired;
  copy->version = c->version;
  return copy;
}

static Edit *
edit_new_category (AttestCategory *before,
                   AttestCategory *after)
{
  Edit *edit = g_new0 (Edit, 1);

  edit->kind = ATTEST_EDIT_CATEGORY;
  edit->category[0] = category_copy (before);
  edit->category[1] = category_copy (after);
  return edit;
}

static Edit *
edit_new_category_move (const char *key,
                        guint       from,
                        guint       to)
{
  Edit *edit = g_new0 (Edit, 1);

  edit->kind = ATTEST_EDIT_CATEGORY_MOVE;
  edit->field = g_strdup (key);
  edit->position[0] = from;
  edit->position[1] = to;
  return edit;
}

/**
 * attest_undo_stack_push_create:
 * @self: an #AttestUndoStack
 * @claim_uuid: the uuid of the claim the caller added
 *
 * Records a claim added (undo deletes it).
 */
void
attest_undo_stack_push_create (AttestUndoStack *self,
                               const char      *claim_uuid)
{
  g_return_if_fail (ATTEST_IS_UNDO_STACK (self));

  push (self, edit_new_claim (ATTEST_EDIT_CREATE, claim_uuid));
}

/**
 * attest_undo_stack_push_delete:
 * @self: an #AttestUndoStack
 * @claim_uuid: the uuid of the claim the caller deleted
 *
 * Records a claim deleted (undo restores it).
 */
void
attest_undo_stack_push_delete (AttestUndoStack *self,
                               const char      *claim_uuid)
{
  g_return_if_fail (ATTEST_IS_UNDO_STACK (self));

  push (self, edit_new_claim (ATTEST_EDIT_DELETE, claim_uuid));
}

/**
 * attest_undo_stack_push_update:
 * @self: an #AttestUndoStack
 * @before: the claim before the update
 * @after: the claim after it
 *
 * Records a claim updated: @before and @after are the claim before and after a successful
 * attest_store_update_claim (after->version is the version it produced).
 */
void
attest_undo_stack_push_update (AttestUndoStack *self,
                               AttestClaim     *before,
                               AttestClaim     *after)
{
  g_return_if_fail (ATTEST_IS_UNDO_STACK (self));
  g_return_if_fail (g_strcmp0 (before->uuid, after->uuid) == 0);

  push (self, edit_new_update (before, after));
}

/**
 * attest_undo_stack_push_link:
 * @self: an #AttestUndoStack
 * @claim_uuid: the claim's uuid
 * @source_uuid: the source's uuid
 * @linked: %TRUE when the link was made, %FALSE when it was removed
 *
 * Records a claim linked to a source, or unlinked from it.
 */
void
attest_undo_stack_push_link (AttestUndoStack *self,
                             const char      *claim_uuid,
                             const char      *source_uuid,
                             gboolean         linked)
{
  g_return_if_fail (ATTEST_IS_UNDO_STACK (self));

  push (self, edit_new_link (claim_uuid, source_uuid, linked));
}

/**
 * attest_undo_stack_push_document:
 * @self: an #AttestUndoStack
 * @document_uuid: the document's uuid
 * @field: the field's name
 * @before: (nullable): the field's value before
 * @after: (nullable): its value after
 *
 * Records a field of a document corrected with attest_store_set_document_field().
 */
void
attest_undo_stack_push_document (AttestUndoStack *self,
                                 const char      *document_uuid,
                                 const char      *field,
                                 const char      *before,
                                 const char      *after)
{
  g_return_if_fail (ATTEST_IS_UNDO_STACK (self));

  push (self, edit_new_document (document_uuid, field, before, after));
}

/**
 * attest_undo_stack_push_citations:
 * @self: an #AttestUndoStack
 * @citations: (element-type AttestCitation): the citations, as listed
 * @marked: %TRUE when they were marked, %FALSE when removed
 *
 * Records citations marked or removed.
 */
void
attest_undo_stack_push_citations (AttestUndoStack *self,
                                  GPtrArray       *citations,
                                  gboolean         marked)
{
  g_return_if_fail (ATTEST_IS_UNDO_STACK (self));
  g_return_if_fail (citations != NULL && citations->len > 0);

  push (self, edit_new_citations (citations, marked));
}

/* Sets the document's field to one side; it must still hold the other
 * side's value, or someone else corrected it since. */
static gboolean
apply_document (Edit        *edit,
                AttestStore *store,
                int          from,
                int          to,
                GError     **error)
{
  g_autoptr(AttestDocument) doc = attest_store_get_document (store, edit->document_uuid, error);
  const char *now;

  if (doc == NULL)
    return FALSE;
  now = g_str_equal (edit->field, "title") ? doc->title :
        g_str_equal (edit->field, "author") ? doc->author :
        g_str_equal (edit->field, "date") ? doc->date : doc->publication;
  if (g_strcmp0 (now, edit->values[from][0]) != 0)
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_CONFLICT,
                   /* Translators: the first %s is a detail of the article: Title, Author, Date, Outlet */
                   _("%s of the article was changed by someone else since; your correction was not undone over theirs"),
                   attest_history_field_label (edit->field));
      return FALSE;
    }
  return attest_store_set_document_field (store, edit->document_uuid, edit->field, edit->values[to][0], error);
}

/* Removes (@remove) or brings back the citations of @edit. A failure
 * half-way puts back those already done, so the edit stays whole. */
static gboolean
apply_citations (Edit        *edit,
                 AttestStore *store,
                 gboolean     remove,
                 GError     **error)
{
  for (guint i = 0; i < edit->citations->len; i++)
    {
      AttestCitation *c = g_ptr_array_index (edit->citations, i);

      if (remove ? attest_store_remove_citation (store, c->uuid, error)
                 : attest_store_restore_citation (store, c, error))
        continue;
      for (guint j = i; j > 0; j--)
        {
          AttestCitation *done = g_ptr_array_index (edit->citations, j - 1);

          if (remove)
            attest_store_restore_citation (store, done, NULL);
          else
            attest_store_remove_citation (store, done->uuid, NULL);
        }
      return FALSE;
    }
  return TRUE;
}

/**
 * attest_undo_stack_can_undo:
 * @self: an #AttestUndoStack
 *
 * Returns: %TRUE when there is an edit to undo
 */
gboolean
attest_undo_stack_can_undo (AttestUndoStack *self)
{
  g_return_val_if_fail (ATTEST_IS_UNDO_STACK (self), FALSE);
  return self->undo->len > 0;
}

/**
 * attest_undo_stack_can_redo:
 * @self: an #AttestUndoStack
 *
 * Returns: %TRUE when there is an edit to redo
 */
gboolean
attest_undo_stack_can_redo (AttestUndoStack *self)
{
  g_return_val_if_fail (ATTEST_IS_UNDO_STACK (self), FALSE);
  return self->redo->len > 0;
}

/**
 * attest_undo_stack_peek_undo:
 * @self: an #AttestUndoStack
 *
 * What the next undo would do.
 *
 * Returns: an #AttestEditKind, or -1 when there is nothing to undo
 */
int
attest_undo_stack_peek_undo (AttestUndoStack *self)
{
  g_return_val_if_fail (ATTEST_IS_UNDO_STACK (self), -1);
  return self->undo->len ? (int) ((Edit *) g_ptr_array_index (self->undo, self->undo->len - 1))->kind : -1;
}

/**
 * attest_undo_stack_peek_redo:
 * @self: an #AttestUndoStack
 *
 * What the next redo would do.
 *
 * Returns: an #AttestEditKind, or -1 when there is nothing to redo
 */
int
attest_undo_stack_peek_redo (AttestUndoStack *self)
{
  g_return_val_if_fail (ATTEST_IS_UNDO_STACK (self), -1);
  return self->redo->len ? (int) ((Edit *) g_ptr_array_index (self->redo, self->redo->len - 1))->kind : -1;
}

/* Sets the claim's fields to one side of an update; @from is the side the
 * stored claim must still be on, or someone else changed it since. */
static gboolean
apply_update (Edit        *edit,
              AttestStore *store,
              int          from,
              int          to,
              GError     **error)
{
  g_autoptr(AttestClaim) claim = attest_store_get_claim (store, edit->claim_uuid, error);
  char **v = edit->values[to];

  if (claim == NULL)
    return FALSE;
  if (claim->version != edit->version[from])
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_CONFLICT,
                   _("The claim was changed by %s since (%s); your edit was not undone over theirs"),
                   claim->annotator, claim->modified);
      return FALSE;
    }

  g_free (claim->category);
  g_free (claim->status);
  g_free (claim->certainty);
  g_free (claim->comment);
  claim->category = g_strdup (v[0]);
  claim->status = g_strdup (v[1]);
  claim->certainty = g_strdup (v[2]);
  claim->comment = g_strdup (v[3]);
  if (!attest_store_update_claim (store, claim, error))
    return FALSE;

  /* The replay produced a new version; the next replay starts from it. */
  edit->version[to] = claim->version;
  return TRUE;
}

static gboolean
same_category_fields (AttestCategory *a,
                      AttestCategory *b)
{
  return g_strcmp0 (a->label, b->label) == 0 && g_strcmp0 (a->description, b->description) == 0 &&
         g_strcmp0 (a->color, b->color) == 0 && a->shortcut == b->shortcut &&
         g_strcmp0 (a->parent_key, b->parent_key) == 0 && !a->retired == !b->retired;
}

/* Sets the category's fields to one side; it must still hold the other
 * side's, or someone else changed it since. */
static gboolean
apply_category (Edit        *edit,
                AttestStore *store,
                int          from,
                int          to,
                GError     **error)
{
  g_autoptr(AttestCategory) now = attest_store_get_category (store, edit->category[to]->key, error);
  g_autoptr(AttestCategory) target = NULL;

  if (now == NULL)
    return FALSE;
  if (!same_category_fields (now, edit->category[from]))
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_CONFLICT,
                   "The category “%s” was changed by someone else since; your edit was not undone over theirs",
                   now->label);
      return FALSE;
    }
  target = category_copy (edit->category[to]);
  return attest_store_update_category (store, target, error);
}

/* Where @key is in the taxonomy's order, retired categories included. */
static gboolean
category_position (AttestStore *store,
                   const char  *key,
                   guint       *out_position,
                   GError     **error)
{
  g_autoptr(GPtrArray) cats = attest_store_list_categories (store, TRUE, error);

  if (cats == NULL)
    return FALSE;
  for (guint i = 0; i < cats->len; i++)
    if (g_str_equal (((AttestCategory *) g_ptr_array_index (cats, i))->key, key))
      {
        *out_position = i;
        return TRUE;
      }
  g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_NOT_FOUND, "No category “%s”", key);
  return FALSE;
}

/* Replays @edit backwards (undo) or forwards (redo). */
static gboolean
replay (Edit        *edit,
        AttestStore *store,
        gboolean     backwards,
        GError     **error)
{
  switch (edit->kind)
    {
    case ATTEST_EDIT_CREATE:
      return backwards ? attest_store_delete_claim (store, edit->claim_uuid, error)
                       : attest_store_restore_claim (store, edit->claim_uuid, error);
    case ATTEST_EDIT_DELETE:
      return backwards ? attest_store_restore_claim (store, edit->claim_uuid, error)
                       : attest_store_delete_claim (store, edit->claim_uuid, error);
    case ATTEST_EDIT_UPDATE:
      return backwards ? apply_update (edit, store, 1, 0, error)
                       : apply_update (edit, store, 0, 1, error);
    case ATTEST_EDIT_LINK:
      return backwards ? attest_store_unlink (store, edit->claim_uuid, edit->source_uuid, error)
                       : attest_store_link (store, edit->claim_uuid, edit->source_uuid, error);
    case ATTEST_EDIT_UNLINK:
      return backwards ? attest_store_link (store, edit->claim_uuid, edit->source_uuid, error)
                       : attest_store_unlink (store, edit->claim_uuid, edit->source_uuid, error);
    case ATTEST_EDIT_DOCUMENT:
      return backwards ? apply_document (edit, store, 1, 0, error)
                       : apply_document (edit, store, 0, 1, error);
    case ATTEST_EDIT_MARK:
      return apply_citations (edit, store, backwards, error);
    case ATTEST_EDIT_UNMARK:
      return apply_citations (edit, store, !backwards, error);
    case ATTEST_EDIT_CATEGORY:
      return backwards ? apply_category (edit, store, 1, 0, error)
                       : apply_category (edit, store, 0, 1, error);
    case ATTEST_EDIT_CATEGORY_MOVE:
      return attest_store_move_category (store, edit->field, edit->position[backwards ? 0 : 1], error);
    default:
      g_assert_not_reached ();
    }
}

/* Our own replay gave the claim a new version (updates, deletions and
 * restorations all count one up). The next edit of that claim on @from
 * expects the version it once left, so without this the second undo in a
 * row would be refused as a conflict with ourselves. It now expects the
 * version we just wrote; a teammate's change after it still conflicts. */
static void
restamp_next (GPtrArray   *from,
              AttestStore *store,
              const char  *claim_uuid,
              gboolean     backwards)
{
  g_autoptr(AttestClaim) claim = NULL;

  for (guint i = from->len; i > 0; i--)
    {
      Edit *next = g_ptr_array_index (from, i - 1);

      if (g_strcmp0 (next->claim_uuid, claim_uuid) != 0)
        continue;
      /* Only updates check versions; any other edit of the claim restamps
       * the one behind it when it is replayed. */
      if (next->kind != ATTEST_EDIT_UPDATE)
        return;
      claim = attest_store_get_claim (store, claim_uuid, NULL);
      if (claim != NULL)
        next->version[backwards ? 1 : 0] = claim->version;
      return;
    }
}

static char *
move (AttestUndoStack *self,
      GPtrArray       *from,
      GPtrArray       *to,
      AttestStore     *store,
      gboolean         backwards,
      GError         **error)
{
  Edit *edit;

  g_return_val_if_fail (ATTEST_IS_STORE (store), NULL);

  if (from->len == 0)
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_NOT_FOUND,
                   "%s", backwards ? _("There is nothing to undo") : _("There is nothing to redo"));
      return NULL;
    }

  edit = g_ptr_array_index (from, from->len - 1);
  if (!replay (edit, store, backwards, error))
    return NULL;

  g_ptr_array_add (to, g_ptr_array_steal_index (from, from->len - 1));
  if (edit->claim_uuid)
    restamp_next (from, store, edit->claim_uuid, backwards);
  notify_both (self);
  return g_strdup (edit->claim_uuid ? edit->claim_uuid : "");
}

/**
 * attest_undo_stack_undo:
 * @self: an #AttestUndoStack
 * @store: an #AttestStore
 * @error: return location for a #GError, or %NULL
 *
 * Undoes the last edit, through @store. On error the stack is unchanged.
 *
 * Returns: (transfer full) (nullable): the uuid of the claim it touched
 *   (for the caller to refresh; "" when the edit was of the article or its
 *   citations), or %NULL with @error set
 */
char *
attest_undo_stack_undo (AttestUndoStack *self,
                        AttestStore     *store,
                        GError         **error)
{
  g_return_val_if_fail (ATTEST_IS_UNDO_STACK (self), NULL);
  return move (self, self->undo, self->redo, store, TRUE, error);
}

/**
 * attest_undo_stack_redo:
 * @self: an #AttestUndoStack
 * @store: an #AttestStore
 * @error: return location for a #GError, or %NULL
 *
 * Redoes the last edit undone, through @store; as attest_undo_stack_undo().
 *
 * Returns: (transfer full) (nullable): the uuid of the claim it touched
 *   ("" for the article or its citations), or %NULL with @error set
 */
char *
attest_undo_stack_redo (AttestUndoStack *self,
                        AttestStore     *store,
                        GError         **error)
{
  g_return_val_if_fail (ATTEST_IS_UNDO_STACK (self), NULL);
  return move (self, self->redo, self->undo, store, FALSE, error);
}

/**
 * attest_undo_stack_clear:
 * @self: an #AttestUndoStack
 *
 * Forgets every edit, for undo and redo.
 */
void
attest_undo_stack_clear (AttestUndoStack *self)
{
  g_return_if_fail (ATTEST_IS_UNDO_STACK (self));

  g_ptr_array_set_size (self->undo, 0);
  g_ptr_array_set_size (self->redo, 0);
  notify_both (self);
}

/* ------------------------------------------------------------ perform */

/* Makes @edit forwards, as a redo would, and records it; on failure the
 * edit is freed and nothing is recorded. For the kinds whose first doing
 * is their redo: delete, link, unlink, unmark. */
static gboolean
perform (AttestUndoStack *self,
         AttestStore     *store,
         Edit            *edit,
         GError         **error)
{
  if (!replay (edit, store, FALSE, error))
    {
      edit_free (edit);
      return FALSE;
    }
  push (self, edit);
  return TRUE;
}

/**
 * attest_undo_stack_perform_create:
 * @self: an #AttestUndoStack
 * @store: an #AttestStore
 * @document_uuid: the document's uuid
 * @start: the claim's start offset in the text
 * @end: its end offset
 * @category: the key of the claim's category
 * @error: return location for a #GError, or %NULL
 *
 * attest_store_add_claim() (no certainty, no comment), recorded.
 *
 * Returns: (transfer full) (nullable): the new claim, or %NULL with @error set
 */
AttestClaim *
attest_undo_stack_perform_create (AttestUndoStack *self,
                                  AttestStore     *store,
                                  const char      *document_uuid,
                                  gint64           start,
                                  gint64           end,
                                  const char      *category,
                                  GError         **error)
{
  AttestClaim *claim;

  g_return_val_if_fail (ATTEST_IS_UNDO_STACK (self), NULL);
  g_return_val_if_fail (ATTEST_IS_STORE (store), NULL);

  claim = attest_store_add_claim (store, document_uuid, start, end, category, NULL, NULL, error);
  if (claim != NULL)
    push (self, edit_new_claim (ATTEST_EDIT_CREATE, claim->uuid));
  return claim;
}

/**
 * attest_undo_stack_perform_delete:
 * @self: an #AttestUndoStack
 * @store: an #AttestStore
 * @claim_uuid: the claim's uuid
 * @error: return location for a #GError, or %NULL
 *
 * attest_store_delete_claim(), recorded.
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */
gboolean
attest_undo_stack_perform_delete (AttestUndoStack *self,
                                  AttestStore     *store,
                                  const char      *claim_uuid,
                                  GError         **error)
{
  g_return_val_if_fail (ATTEST_IS_UNDO_STACK (self), FALSE);
  g_return_val_if_fail (ATTEST_IS_STORE (store), FALSE);

  return perform (self, store, edit_new_claim (ATTEST_EDIT_DELETE, claim_uuid), error);
}

/**
 * attest_undo_stack_perform_update:
 * @self: an #AttestUndoStack
 * @store: an #AttestStore
 * @before: the claim as the caller had it
 * @after: the claim to save
 * @error: return location for a #GError, or %NULL
 *
 * attest_store_update_claim (@after), recorded: @before is the claim as the caller
 * had it; a claim changed since is ATTEST_ERROR_CONFLICT.
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */
gboolean
attest_undo_stack_perform_update (AttestUndoStack *self,
                                  AttestStore     *store,
                                  AttestClaim     *before,
                                  AttestClaim     *after,
                                  GError         **error)
{
  g_return_val_if_fail (ATTEST_IS_UNDO_STACK (self), FALSE);
  g_return_val_if_fail (ATTEST_IS_STORE (store), FALSE);
  g_return_val_if_fail (ATTEST_IS_CLAIM (before) && ATTEST_IS_CLAIM (after), FALSE);
  g_return_val_if_fail (g_strcmp0 (before->uuid, after->uuid) == 0, FALSE);

  /* The store's own save, not a replay: a conflict is the store's (and is
   * kept in the claim's history), and @after learns its new version. */
  if (!attest_store_update_claim (store, after, error))
    return FALSE;
  push (self, edit_new_update (before, after));
  return TRUE;
}

/**
 * attest_undo_stack_perform_link:
 * @self: an #AttestUndoStack
 * @store: an #AttestStore
 * @claim_uuid: the claim's uuid
 * @source_uuid: the source's uuid
 * @linked: %TRUE to link, %FALSE to unlink
 * @error: return location for a #GError, or %NULL
 *
 * attest_store_link(), or attest_store_unlink() when not @linked, recorded.
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */
gboolean
attest_undo_stack_perform_link (AttestUndoStack *self,
                                AttestStore     *store,
                                const char      *claim_uuid,
                                const char      *source_uuid,
                                gboolean         linked,
                                GError         **error)
{
  g_return_val_if_fail (ATTEST_IS_UNDO_STACK (self), FALSE);
  g_return_val_if_fail (ATTEST_IS_STORE (store), FALSE);

  return perform (self, store, edit_new_link (claim_uuid, source_uuid, linked), error);
}

/**
 * attest_undo_stack_perform_document:
 * @self: an #AttestUndoStack
 * @store: an #AttestStore
 * @document_uuid: the document's uuid
 * @field: the field's name
 * @before: (nullable): the field's value now
 * @after: (nullable): the value to set
 * @error: return location for a #GError, or %NULL
 *
 * attest_store_set_document_field (@after), recorded; @before is the field's value.
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */
gboolean
attest_undo_stack_perform_document (AttestUndoStack *self,
                                    AttestStore     *store,
                                    const char      *document_uuid,
                                    const char      *field,
                                    const char      *before,
                                    const char      *after,
                                    GError         **error)
{
  g_return_val_if_fail (ATTEST_IS_UNDO_STACK (self), FALSE);
  g_return_val_if_fail (ATTEST_IS_STORE (store), FALSE);

  if (!attest_store_set_document_field (store, document_uuid, field, after, error))
    return FALSE;
  push (self, edit_new_document (document_uuid, field, before, after));
  return TRUE;
}

/**
 * attest_undo_stack_perform_mark:
 * @self: an #AttestUndoStack
 * @store: an #AttestStore
 * @document_uuid: the document's uuid
 * @start: the citation's start offset in the text
 * @end: its end offset
 * @outlet: the outlet cited (required)
 * @place: (nullable): the dateline's place
 * @date_text: (nullable): the date as written
 * @error: return location for a #GError, or %NULL
 *
 * attest_store_mark_citation(), recorded.
 *
 * Returns: (transfer full) (nullable): the new citation, or %NULL with @error set
 */
AttestCitation *
attest_undo_stack_perform_mark (AttestUndoStack *self,
                                AttestStore     *store,
                                const char      *document_uuid,
                                gint64           start,
                                gint64           end,
                                const char      *outlet,
                                const char      *place,
                                const char      *date_text,
                                GError         **error)
{
  g_autoptr(GPtrArray) marked = NULL;
  AttestCitation *citation;

  g_return_val_if_fail (ATTEST_IS_UNDO_STACK (self), NULL);
  g_return_val_if_fail (ATTEST_IS_STORE (store), NULL);

  citation = attest_store_mark_citation (store, document_uuid, start, end, outlet, place, date_text, error);
  if (citation == NULL)
    return NULL;
  marked = g_ptr_array_new ();
  g_ptr_array_add (marked, citation);
  push (self, edit_new_citations (marked, TRUE));
  return citation;
}

/**
 * attest_undo_stack_perform_unmark:
 * @self: an #AttestUndoStack
 * @store: an #AttestStore
 * @citations: (element-type AttestCitation): the citations, as listed
 * @error: return location for a #GError, or %NULL
 *
 * attest_store_remove_citation() for each of @citations, recorded: all or none — a failure half-way puts back those removed.
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */
gboolean
attest_undo_stack_perform_unmark (AttestUndoStack *self,
                                  AttestStore     *store,
                                  GPtrArray       *citations,
                                  GError         **error)
{
  g_return_val_if_fail (ATTEST_IS_UNDO_STACK (self), FALSE);
  g_return_val_if_fail (ATTEST_IS_STORE (store), FALSE);
  g_return_val_if_fail (citations != NULL && citations->len > 0, FALSE);

  return perform (self, store, edit_new_citations (citations, FALSE), error);
}

/**
 * attest_undo_stack_perform_category_add:
 * @self: an #AttestUndoStack
 * @store: an #AttestStore
 * @category: the new category
 * @error: return location for a #GError, or %NULL
 *
 * attest_store_add_category(), recorded: undone by retiring it (the
 * store keeps every category a claim may have been filed under, and
 * merged copies may have), redone by restoring it.
 *
 * Returns: %TRUE on success
 */
gboolean
attest_undo_stack_perform_category_add (AttestUndoStack *self,
                                        AttestStore     *store,
                                        AttestCategory  *category,
                                        GError         **error)
{
  Edit *edit;

  g_return_val_if_fail (ATTEST_IS_UNDO_STACK (self), FALSE);
  g_return_val_if_fail (ATTEST_IS_STORE (store), FALSE);
  g_return_val_if_fail (ATTEST_IS_CATEGORY (category), FALSE);

  if (!attest_store_add_category (store, category, error))
    return FALSE;
  edit = edit_new_category (category, category);
  edit->category[0]->retired = TRUE;
  push (self, edit);
  return TRUE;
}

/**
 * attest_undo_stack_perform_category_update:
 * @self: an #AttestUndoStack
 * @store: an #AttestStore
 * @before: the category as stored
 * @after: the same category (same key) with the fields changed
 * @error: return location for a #GError, or %NULL
 *
 * attest_store_update_category() of @after, recorded. Renaming,
 * recolouring, a new shortcut, retiring and restoring are all this.
 *
 * Returns: %TRUE on success
 */
gboolean
attest_undo_stack_perform_category_update (AttestUndoStack *self,
                                           AttestStore     *store,
                                           AttestCategory  *before,
                                           AttestCategory  *after,
                                           GError         **error)
{
  g_return_val_if_fail (ATTEST_IS_UNDO_STACK (self), FALSE);
  g_return_val_if_fail (ATTEST_IS_STORE (store), FALSE);
  g_return_val_if_fail (g_strcmp0 (before->key, after->key) == 0, FALSE);

  return perform (self, store, edit_new_category (before, after), error);
}

/**
 * attest_undo_stack_perform_category_move:
 * @self: an #AttestUndoStack
 * @store: an #AttestStore
 * @key: the category's key
 * @position: where it goes (see attest_store_move_category())
 * @error: return location for a #GError, or %NULL
 *
 * attest_store_move_category(), recorded; undo moves it back.
 *
 * Returns: %TRUE on success
 */
gboolean
attest_undo_stack_perform_category_move (AttestUndoStack *self,
                                         AttestStore     *store,
                                         const char      *key,
                                         guint            position,
                                         GError         **error)
{
  guint from;

  g_return_val_if_fail (ATTEST_IS_UNDO_STACK (self), FALSE);
  g_return_val_if_fail (ATTEST_IS_STORE (store), FALSE);

  if (!category_position (store, key, &from, error))
    return FALSE;
  if (!attest_store_move_category (store, key, position, error))
    return FALSE;
  /* Where it landed (a position past the end is the end). */
  if (!category_position (store, key, &position, error))
    return FALSE;
  if (position != from)
    push (self, edit_new_category_move (key, from, position));
  return TRUE;
}
