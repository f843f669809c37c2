/* attest-store-merge-settle.c — settling the conflicts a merge (or a
 * refused save) left in the history (part of AttestStore; see
 * attest-store-private.h).
 *
 * A conflict is a history entry (action "conflict") holding the value kept
 * (old_value) and the one that lost (new_value). Settling it either keeps
 * the kept value or takes the other, saved through the same store call as
 * any edit of that claim, category or article (so it is versioned, undoable
 * by nobody's surprise, and merged like an edit); then a "settle" entry for
 * the same field records the choice. That entry travels with the history to
 * every copy, so a conflict settled by one teammate reads as settled by all.
 * A conflict is settled when a "settle" entry of its field follows it.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include <string.h>

#include "attest-error.h"
#include "attest-store.h"
#include "attest-store-private.h"

typedef struct {
  gint64  id;
  char   *entity;
  char   *entity_uuid;
  char   *field;
  char   *ours;
  char   *theirs;
} Conflict;

static void
conflict_clear (Conflict *c)
{
  g_free (c->entity);
  g_free (c->entity_uuid);
  g_free (c->field);
  g_free (c->ours);
  g_free (c->theirs);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Conflict, conflict_clear)

static gboolean
read_conflict (AttestStore *self,
               const char  *conflict_id,
               Conflict    *out,
               GError     **error)
{
  static const char sql[] =
    "SELECT id, entity, entity_uuid, field, old_value, new_value FROM history"
    " WHERE uuid = ? AND action = 'conflict'";
  sqlite3_stmt *stmt;
  int rc;

  if (!(stmt = _attest_store_prepare (self, sql, error)))
    return FALSE;
  _attest_store_bind_text (stmt, 1, conflict_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      out->id = sqlite3_column_int64 (stmt, 0);
      out->entity = _attest_store_column_dup (stmt, 1);
      out->entity_uuid = _attest_store_column_dup (stmt, 2);
      out->field = _attest_store_column_dup (stmt, 3);
      out->ours = _attest_store_column_dup (stmt, 4);
      out->theirs = _attest_store_column_dup (stmt, 5);
    }
  sqlite3_reset (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_NOT_FOUND,
                   _("No conflict “%s” in this database"), conflict_id ? conflict_id : "");
      return FALSE;
    }
  if (rc != SQLITE_ROW)
    return _attest_store_set_sqlite_error (self, error, rc, _("reading a conflict"));
  if (out->field == NULL)
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID,
                   _("The conflict “%s” names no field"), conflict_id);
      return FALSE;
    }
  return TRUE;
}

/* The first row @sql finds among the history entries of @c's entity and
 * field after @c (parameters ?1–?4; ?5 and ?6, if @sql has them, are @c's
 * two values): its columns into @out (as many as it has), or NULLs. */
static gboolean
find_later_entry (AttestStore    *self,
                  const char     *sql,
                  const Conflict *c,
                  char          **out[],
                  guint           n_out,
                  GError        **error)
{
  sqlite3_stmt *stmt;
  int rc;

  for (guint i = 0; i < n_out; i++)
    if (out[i])
      *out[i] = NULL;
  if (!(stmt = _attest_store_prepare (self, sql, error)))
    return FALSE;
  _attest_store_bind_text (stmt, 1, c->entity);
  _attest_store_bind_text (stmt, 2, c->entity_uuid);
  _attest_store_bind_text (stmt, 3, c->field);
  sqlite3_bind_int64 (stmt, 4, c->id);
  if (sqlite3_bind_parameter_count (stmt) >= 6)
    {
      _attest_store_bind_text (stmt, 5, c->ours);
      _attest_store_bind_text (stmt, 6, c->theirs);
    }
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    for (guint i = 0; i < n_out; i++)
      if (out[i])
        *out[i] = _attest_store_column_dup (stmt, i);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return _attest_store_set_sqlite_error (self, error, rc, _("reading a conflict"));
  return TRUE;
}

/* Who settled @c and when (and what was kept, if @out_kept), or NULL in
 * *@out_by when nobody has. */
static gboolean
find_settling_full (AttestStore    *self,
                    const Conflict *c,
                    char          **out_by,
                    char          **out_at,
                    char          **out_kept,
                    GError        **error)
{
  static const char sql[] =
    "SELECT annotator, at, new_value FROM history WHERE action = 'settle' AND entity = ?1"
    " AND entity_uuid = ?2 AND field = ?3 AND id > ?4 ORDER BY id LIMIT 1";
  char **out[] = { out_by, out_at, out_kept };

  return find_later_entry (self, sql, c, out, G_N_ELEMENTS (out), error);
}

static gboolean
find_settling (AttestStore    *self,
               const Conflict *c,
               char          **out_by,
               char          **out_at,
               GError        **error)
{
  return find_settling_full (self, c, out_by, out_at, NULL, error);
}

/**
 * attest_store_conflict_is_settled:
 * @self: a #AttestStore
 * @conflict_id: the conflict's id (#AttestMergeConflict.id)
 * @out_settled: (out): whether a settle entry follows it
 * @error: return location for a #GError, or %NULL
 *
 * Returns: %TRUE on success
 */
gboolean
attest_store_conflict_is_settled (AttestStore *self,
                                  const char  *conflict_id,
                                  gboolean    *out_settled,
                                  GError     **error)
{
  g_auto(Conflict) c = { 0 };
  g_autofree char *by = NULL;
  g_autofree char *at = NULL;

  if (!read_conflict (self, conflict_id, &c, error) || !find_settling (self, &c, &by, &at, error))
    return FALSE;
  *out_settled = by != NULL;
  return TRUE;
}

static gboolean
take_for_claim (AttestStore    *self,
                const Conflict *c,
                GError        **error)
{
  g_autoptr(AttestClaim) claim = attest_store_get_claim (self, c->entity_uuid, error);
  char **slot;

  if (claim == NULL)
    return FALSE;
  slot = g_str_equal (c->field, "category") ? &claim->category :
         g_str_equal (c->field, "status") ? &claim->status :
         g_str_equal (c->field, "certainty") ? &claim->certainty :
         g_str_equal (c->field, "comment") ? &claim->comment : NULL;
  if (slot == NULL)
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID,
                   _("A claim has no field “%s” to take"), c->field);
      return FALSE;
    }
  g_free (*slot);
  *slot = g_strdup (c->theirs);
  return attest_store_update_claim (self, claim, error);
}

/* g_set_str() is GLib 2.76. */
static void
replace_str (char       **slot,
             const char  *value)
{
  g_free (*slot);
  *slot = g_strdup (value);
}

static gboolean
take_for_category (AttestStore    *self,
                   const Conflict *c,
                   GError        **error)
{
  g_autoptr(AttestCategory) cat = attest_store_get_category (self, c->entity_uuid, error);
  const char *v = c->theirs;

  if (cat == NULL)
    return FALSE;
  if (g_str_equal (c->field, "label"))
    replace_str (&cat->label, v);
  else if (g_str_equal (c->field, "description"))
    replace_str (&cat->description, v);
  else if (g_str_equal (c->field, "color"))
    replace_str (&cat->color, v);
  else if (g_str_equal (c->field, "parent"))
    replace_str (&cat->parent_key, v);
  else if (g_str_equal (c->field, "shortcut"))
    cat->shortcut = v && g_ascii_isdigit (v[0]) && v[1] == '\0' ? v[0] - '0' : -1;
  else if (g_str_equal (c->field, "retired"))
    cat->retired = g_strcmp0 (v, "1") == 0 || g_strcmp0 (v, "yes") == 0;
  else
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID,
                   _("A category has no field “%s” to take"), c->field);
      return FALSE;
    }
  return attest_store_update_category (self, cat, error);
}

/* The newest conflict of the same field after @c that brought other
 * values (a later merge), as its id in *@out_newer, or NULL. The same two
 * values again are not newer: a teammate's record of this very conflict,
 * merged in with their history, has them the other way round. */
static gboolean
find_newer_conflict (AttestStore    *self,
                     const Conflict *c,
                     char          **out_newer,
                     char          **out_at,
                     GError        **error)
{
  static const char sql[] =
    "SELECT uuid, at FROM history WHERE action = 'conflict' AND entity = ?1"
    " AND entity_uuid = ?2 AND field = ?3 AND id > ?4"
    " AND NOT ((old_value IS ?5 AND new_value IS ?6) OR (old_value IS ?6 AND new_value IS ?5))"
    " ORDER BY id DESC LIMIT 1";
  char **out[] = { out_newer, out_at };

  return find_later_entry (self, sql, c, out, G_N_ELEMENTS (out), error);
}

static const char *
empty_is_null (const char *value)
{
  return value != NULL && *value != '\0' ? value : NULL;
}

/* The field's value now, written as the merge writes it in a conflict. */
static gboolean
current_value (AttestStore    *self,
               const Conflict *c,
               char          **out_value,
               GError        **error)
{
  *out_value = NULL;
  if (g_str_equal (c->entity, "claim"))
    {
      g_autoptr(AttestClaim) claim = attest_store_get_claim (self, c->entity_uuid, error);
      const char *v;

      if (claim == NULL)
        return FALSE;
      v = g_str_equal (c->field, "category") ? claim->category :
          g_str_equal (c->field, "status") ? claim->status :
          g_str_equal (c->field, "certainty") ? claim->certainty :
          g_str_equal (c->field, "comment") ? claim->comment : NULL;
      *out_value = g_strdup (empty_is_null (v));
    }
  else if (g_str_equal (c->entity, "category"))
    {
      g_autoptr(AttestCategory) cat = attest_store_get_category (self, c->entity_uuid, error);

      if (cat == NULL)
        return FALSE;
      if (g_str_equal (c->field, "label"))
        *out_value = g_strdup (cat->label);
      else if (g_str_equal (c->field, "description"))
        *out_value = g_strdup (empty_is_null (cat->description));
      else if (g_str_equal (c->field, "color"))
        *out_value = g_strdup (empty_is_null (cat->color));
      else if (g_str_equal (c->field, "parent"))
        *out_value = g_strdup (empty_is_null (cat->parent_key));
      else if (g_str_equal (c->field, "shortcut"))
        *out_value = cat->shortcut >= 0 ? g_strdup_printf ("%d", cat->shortcut) : NULL;
      else if (g_str_equal (c->field, "retired"))
        *out_value = g_strdup (cat->retired ? "1" : "0");
    }
  else if (g_str_equal (c->entity, "document"))
    {
      g_autoptr(AttestDocument) doc = attest_store_get_document (self, c->entity_uuid, error);
      const char *v;

      if (doc == NULL)
        return FALSE;
      v = g_str_equal (c->field, "title") ? doc->title :
          g_str_equal (c->field, "author") ? doc->author :
          g_str_equal (c->field, "date") ? doc->date :
          g_str_equal (c->field, "publication") ? doc->publication : NULL;
      *out_value = g_strdup (empty_is_null (v));
    }
  return TRUE;
}

/* Checks, saves their value if taken and records the settle; all inside
 * the caller's write, so a refusal or a failure leaves nothing behind. */
static gboolean
settle_in_write (AttestStore  *self,
                 const char   *conflict_id,
                 gboolean      take,
                 GError      **error)
{
  g_auto(Conflict) c = { 0 };
  g_autofree char *by = NULL;
  g_autofree char *at = NULL;
  g_autofree char *newer = NULL;
  g_autofree char *newer_at = NULL;
  const char *kept, *dropped;

  /* Read under the write lock: nobody can settle it or change the value
   * between these checks and our writes. */
  if (!read_conflict (self, conflict_id, &c, error) ||
      !find_settling (self, &c, &by, &at, error))
    return FALSE;
  if (by != NULL)
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_CONFLICT,
                   _("This conflict was settled already, by %s (%s)"), by, at);
      return FALSE;
    }
  if (!find_newer_conflict (self, &c, &newer, &newer_at, error))
    return FALSE;
  if (newer != NULL)
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_CONFLICT,
                   _("A later merge (%s) brought newer values for this; settle that newer conflict "
                     "instead (%s)"), newer_at, newer);
      return FALSE;
    }
  kept = take ? c.theirs : c.ours;
  dropped = take ? c.ours : c.theirs;

  if (g_str_equal (c.field, "deleted"))
    {
      /* Tombstones win (see attest-store-merge-rows.c): the claim is
       * deleted now whichever side deleted it, and its row holds the
       * edited version. Keeping the deletion only acknowledges it; keeping
       * the edit brings that version back as a new claim. */
      if (g_strcmp0 (kept, "0") == 0 &&
          !_attest_store_copy_deleted_claim (self, c.entity_uuid, NULL, error))
        return FALSE;
    }
  else if (take)
    {
      g_autofree char *now = NULL;
      gboolean ok;

      /* Theirs replaces the value the merge kept, never a newer edit. */
      if (!current_value (self, &c, &now, error))
        return FALSE;
      if (g_strcmp0 (now, empty_is_null (c.ours)) != 0)
        {
          g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_CONFLICT,
                       _("Someone changed it after the merge (now “%s”, was “%s”); their version "
                         "would overwrite that change, so it was not taken"),
                       now ? now : "", c.ours ? c.ours : "");
          return FALSE;
        }

      if (g_str_equal (c.entity, "claim"))
        ok = take_for_claim (self, &c, error);
      else if (g_str_equal (c.entity, "category"))
        ok = take_for_category (self, &c, error);
      else if (g_str_equal (c.entity, "document"))
        ok = attest_store_set_document_field (self, c.entity_uuid, c.field, c.theirs, error);
      else
        {
          g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID,
                       "Their version of this %s cannot be taken; keep yours", c.entity);
          ok = FALSE;
        }
      if (!ok)
        return FALSE;
    }

  return _attest_store_record_history (self, c.entity, c.entity_uuid, "settle", c.field, dropped, kept, error);
}

/**
 * attest_store_settle_conflict:
 * @self: a #AttestStore
 * @conflict_id: the conflict's id (#AttestMergeConflict.id, the uuid of
 *   its history entry)
 * @choice: keep our value, or take theirs
 * @error: return location for a #GError, or %NULL
 *
 * Settles a conflict: with %ATTEST_SETTLE_TAKE_THEIRS their value is saved
 * as an edit (of the claim, category or article), and a "settle" entry is
 * added to the history (old value: the one dropped; new: the one kept),
 * both in one transaction: two people settling the same conflict at once,
 * or a crash in the middle, leave exactly one settle or none.
 * A claim edited in one copy and deleted in the other is deleted by the
 * merge; choosing the edit ("not deleted") brings the edited version back
 * as a new claim (see _attest_store_copy_deleted_claim()), with its
 * sources, while the tombstone stays. Refused with
 * %ATTEST_ERROR_CONFLICT, changing nothing: a conflict already settled
 * (here or by a teammate, through a merge); one a later merge superseded
 * with a newer conflict of the same field; taking theirs over a value
 * someone changed after the merge; restoring a claim that is not deleted
 * any more, or was restored already.
 *
 * Returns: %TRUE on success
 */
gboolean
attest_store_settle_conflict (AttestStore  *self,
                              const char   *conflict_id,
                              AttestSettle  choice,
                              GError      **error)
{
  g_return_val_if_fail (ATTEST_IS_STORE (self), FALSE);

  if (!_attest_store_check_writable (self, error) ||
      !_attest_store_begin_write (self, _("settling a conflict"), error))
    return FALSE;
  if (!settle_in_write (self, conflict_id, choice == ATTEST_SETTLE_TAKE_THEIRS, error))
    {
      _attest_store_rollback_write (self);
      return FALSE;
    }
  return _attest_store_commit_write (self, _("settling a conflict"), error);
}

/**
 * attest_store_get_conflict_settling:
 * @self: a #AttestStore
 * @conflict_id: the conflict's id (#AttestMergeConflict.id)
 * @out_by: (out) (transfer full) (nullable): who settled it, or %NULL
 * @out_kept: (out) (transfer full) (nullable): the value they kept
 * @out_newer: (out) (transfer full) (nullable): while it is open, the id
 *   of a later merge's conflict of the same field that supersedes it
 * @error: return location for a #GError, or %NULL
 *
 * What became of a conflict, for a view that shows it while teammates
 * settle it (their choice arrives with a merge, or from another process).
 *
 * Returns: %TRUE on success
 */
gboolean
attest_store_get_conflict_settling (AttestStore  *self,
                                    const char   *conflict_id,
                                    char        **out_by,
                                    char        **out_kept,
                                    char        **out_newer,
                                    GError      **error)
{
  g_auto(Conflict) c = { 0 };
  g_autofree char *at = NULL;
  g_autofree char *newer_at = NULL;

  g_return_val_if_fail (ATTEST_IS_STORE (self), FALSE);

  *out_by = NULL;
  *out_kept = NULL;
  *out_newer = NULL;
  if (!read_conflict (self, conflict_id, &c, error) ||
      !find_settling_full (self, &c, out_by, &at, out_kept, error))
    return FALSE;
  if (*out_by == NULL && !find_newer_conflict (self, &c, out_newer, &newer_at, error))
    return FALSE;
  return TRUE;
}

static gboolean
add_open_conflict (sqlite3_stmt *stmt,
                   gpointer      data,
                   GError      **error)
{
  AttestMergeConflict *c = g_new0 (AttestMergeConflict, 1);

  c->id = _attest_store_column_dup (stmt, 0);
  c->entity = _attest_store_column_dup (stmt, 1);
  c->uuid = _attest_store_column_dup (stmt, 2);
  c->field = _attest_store_column_dup (stmt, 3);
  c->ours = _attest_store_column_dup (stmt, 4);
  c->theirs = _attest_store_column_dup (stmt, 5);
  g_ptr_array_add (data, c);
  return TRUE;
}

/**
 * attest_store_list_open_conflicts:
 * @self: a #AttestStore
 * @error: return location for a #GError, or %NULL
 *
 * The conflicts nobody has settled, oldest first, so that one closed
 * dialog (or a merge made on the command line) loses none: the same rules
 * as find_settling_full() and find_newer_conflict(), for every conflict;
 * the same conflict recorded in two copies reads once, and the fields of
 * a deleted claim are left out (its deletion is listed if it is open).
 *
 * Returns: (transfer container) (element-type AttestMergeConflict) (nullable):
 *   the open conflicts, or %NULL with @error set
 */
GPtrArray *
attest_store_list_open_conflicts (AttestStore *self,
                                  GError     **error)
{
  static const char sql[] =
    "SELECT h.uuid, h.entity, h.entity_uuid, h.field, h.old_value, h.new_value FROM history h"
    " WHERE h.action = 'conflict' AND h.field IS NOT NULL"
    " AND NOT EXISTS (SELECT 1 FROM history s WHERE s.action = 'settle' AND s.entity = h.entity"
    "   AND s.entity_uuid = h.entity_uuid AND s.field = h.field AND s.id > h.id)"
    " AND NOT EXISTS (SELECT 1 FROM history n WHERE n.action = 'conflict' AND n.entity = h.entity"
    "   AND n.entity_uuid = h.entity_uuid AND n.field = h.field AND n.id > h.id"
    "   AND NOT ((n.old_value IS h.old_value AND n.new_value IS h.new_value)"
    "         OR (n.old_value IS h.new_value AND n.new_value IS h.old_value)))"
    /* The same conflict recorded in both copies reads once: the first.
     * One that comes again after a settle is new (an edit made since). */
    " AND NOT EXISTS (SELECT 1 FROM history d WHERE d.action = 'conflict' AND d.entity = h.entity"
    "   AND d.entity_uuid = h.entity_uuid AND d.field = h.field AND d.id < h.id"
    "   AND ((d.old_value IS h.old_value AND d.new_value IS h.new_value)"
    "     OR (d.old_value IS h.new_value AND d.new_value IS h.old_value))"
    "   AND NOT EXISTS (SELECT 1 FROM history s WHERE s.action = 'settle' AND s.entity = h.entity"
    "     AND s.entity_uuid = h.entity_uuid AND s.field = h.field AND s.id > d.id AND s.id < h.id))"
    /* A field of a deleted claim is moot: its deletion is what to settle. */
    " AND NOT (h.entity = 'claim' AND h.field <> 'deleted'"
    "   AND EXISTS (SELECT 1 FROM claims c WHERE c.uuid = h.entity_uuid AND c.deleted = 1))"
    " ORDER BY h.id";
  g_autoptr(GPtrArray) conflicts = g_ptr_array_new_with_free_func ((GDestroyNotify) attest_merge_conflict_free);
  sqlite3_stmt *stmt;

  g_return_val_if_fail (ATTEST_IS_STORE (self), NULL);

  if (!(stmt = _attest_store_prepare (self, sql, error)) ||
      !_attest_store_each_row (self, stmt, add_open_conflict, conflicts, _("reading the conflicts"), error))
    return NULL;
  return g_steal_pointer (&conflicts);
}

/**
 * attest_store_describe_claim:
 * @self: a #AttestStore
 * @claim_uuid: a claim's uuid, deleted or not
 * @out_title: (out) (transfer full): its article's name for people
 *   (attest_document_dup_label())
 * @out_quote: (out) (transfer full): the passage it marks
 * @error: return location for a #GError, or %NULL
 *
 * What a conflict of a claim is about, for the person settling it: the
 * claim may be one their copy deleted, which attest_store_get_claim()
 * no longer reads.
 *
 * Returns: %TRUE on success
 */
gboolean
attest_store_describe_claim (AttestStore *self,
                             const char  *claim_uuid,
                             char       **out_title,
                             char       **out_quote,
                             GError     **error)
{
  static const char sql[] =
    "SELECT d.title, c.quote, d.publication, d.issue, d.origin"
    " FROM claims c JOIN documents d ON d.id = c.document_id WHERE c.uuid = ?";
  sqlite3_stmt *stmt;
  int rc;

  *out_title = NULL;
  *out_quote = NULL;
  if (!(stmt = _attest_store_prepare (self, sql, error)))
    return FALSE;
  _attest_store_bind_text (stmt, 1, claim_uuid);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      g_autoptr(AttestDocument) doc = attest_document_new ();

      /* Named as every view names it (an untitled one by its issue). */
      doc->title = _attest_store_column_dup (stmt, 0);
      doc->publication = _attest_store_column_dup (stmt, 2);
      doc->issue = _attest_store_column_dup (stmt, 3);
      doc->origin = _attest_store_column_dup (stmt, 4);
      *out_title = attest_document_dup_label (doc);
      *out_quote = _attest_store_column_dup (stmt, 1);
    }
  sqlite3_reset (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_NOT_FOUND, _("No claim %s"), claim_uuid ? claim_uuid : "");
      return FALSE;
    }
  if (rc != SQLITE_ROW)
    return _attest_store_set_sqlite_error (self, error, rc, _("reading a claim"));
  return TRUE;
}
