/* attest-store-taxonomy.c — the categories table: the taxonomy claims are
 * filed under.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include <sqlite3.h>
#include <string.h>

#include "attest-error.h"
#include "attest-rules.h"
#include "attest-store.h"
#include "attest-store-private.h"

/* -------------------------------------------------------------- taxonomy */

gboolean
_attest_store_category_id_by_key (AttestStore  *self,
                                  const char   *key,
                                  gint64       *out_id,
                                  GError      **error)
{
  static const char sql[] = "SELECT id FROM categories WHERE key = ?";
  sqlite3_stmt *stmt;

  if (!(stmt = _attest_store_prepare (self, sql, error)))
    return FALSE;
  _attest_store_bind_text (stmt, 1, key);
  return _attest_store_query_id (self, stmt, out_id, _("looking up a category"), error);
}


AttestCategory *
_attest_store_category_from_row (sqlite3_stmt *stmt)
{
  AttestCategory *cat = attest_category_new ();

  cat->id = sqlite3_column_int64 (stmt, 0);
  cat->key = _attest_store_column_dup (stmt, 1);
  cat->label = _attest_store_column_dup (stmt, 2);
  cat->description = _attest_store_column_dup (stmt, 3);
  cat->color = _attest_store_column_dup (stmt, 4);
  cat->shortcut = sqlite3_column_type (stmt, 5) == SQLITE_NULL ? -1 : sqlite3_column_int (stmt, 5);
  cat->parent_key = _attest_store_column_dup (stmt, 6);
  cat->retired = sqlite3_column_int (stmt, 7);
  cat->version = sqlite3_column_int64 (stmt, 8);
  cat->claim_count = sqlite3_column_int64 (stmt, 9);
  return cat;
}

/**
 * attest_store_list_categories:
 * @self: a #AttestStore
 * @include_retired: whether to list retired ones too
 * @error: return location for a #GError, or %NULL
 *
 * Lists the taxonomy's categories.
 *
 * Returns: (transfer full) (element-type AttestCategory) (nullable): the categories, or %NULL with @error set
 */
GPtrArray *
attest_store_list_categories (AttestStore *self,
                              gboolean     include_retired,
                              GError     **error)
{
  static const char sql[] =
    "SELECT " CATEGORY_COLUMNS " FROM categories k"
    " WHERE ?1 OR NOT k.retired ORDER BY k.position, k.id";
  g_autoptr(GPtrArray) cats = g_ptr_array_new_with_free_func (g_object_unref);
  sqlite3_stmt *stmt;

  if (!(stmt = _attest_store_prepare (self, sql, error)))
    return NULL;
  sqlite3_bind_int (stmt, 1, include_retired);
  if (!_attest_store_collect (self, stmt, (AttestStoreRowFunc) _attest_store_category_from_row,
                              cats, _("listing categories"), error))
    return NULL;

  return g_steal_pointer (&cats);
}

/**
 * attest_store_get_category:
 * @self: a #AttestStore
 * @key: the category's key
 * @error: return location for a #GError, or %NULL
 *
 * Reads one category.
 *
 * Returns: (transfer full) (nullable): the category, or %NULL with @error set
 */
AttestCategory *
attest_store_get_category (AttestStore *self,
                           const char  *key,
                           GError     **error)
{
  static const char sql[] = "SELECT " CATEGORY_COLUMNS " FROM categories k WHERE k.key = ?";
  AttestCategory *cat = NULL;
  sqlite3_stmt *stmt;
  int rc;

  if (!(stmt = _attest_store_prepare (self, sql, error)))
    return NULL;
  _attest_store_bind_text (stmt, 1, key);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    cat = _attest_store_category_from_row (stmt);
  sqlite3_reset (stmt);

  if (rc == SQLITE_DONE)
    g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_NOT_FOUND,
                 _("No category “%s” (see “attest-cli taxonomy”)"), key ? key : "");
  else if (rc != SQLITE_ROW)
    _attest_store_set_sqlite_error (self, error, rc, _("reading a category"));
  return cat;
}

/* @old: the category as stored, or NULL for a new one. */
static gboolean
validate_category (AttestStore          *self,
                   AttestCategory       *category,
                   const AttestCategory *old,
                   GError              **error)
{
  g_autoptr(GPtrArray) taxonomy = NULL;
  static const char shortcut_sql[] =
    "SELECT key FROM categories WHERE shortcut = ? AND key != ? AND NOT retired";
  sqlite3_stmt *stmt;
  int rc;

  if (!attest_category_key_is_valid (category->key))
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID,
                   _("“%s” is not a valid category key: use lower-case letters, digits and "
                     "hyphens, starting with a letter"), category->key ? category->key : "");
      return FALSE;
    }
  if (category->label == NULL || *g_strstrip (category->label) == '\0')
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID, _("A category needs a label"));
      return FALSE;
    }
  if (!attest_category_color_is_valid (category->color))
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID,
                   _("“%s” is not a colour; use the form #rrggbb"),
                   category->color ? category->color : "");
      return FALSE;
    }
  if (category->shortcut > 9 || category->shortcut < -1)
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID,
                   _("A shortcut is one digit, 0 to 9"));
      return FALSE;
    }
  if (category->parent_key != NULL)
    {
      g_autoptr(AttestCategory) parent = attest_store_get_category (self, category->parent_key, error);

      if (parent == NULL)
        return FALSE;
      if (g_str_equal (parent->key, category->key))
        {
          g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID,
                       _("A category cannot be its own parent"));
          return FALSE;
        }
    }
  /* The rules a category from a file or a teammate's copy meets too. */
  if (!attest_rules_check_category (category, error))
    return FALSE;
  if (!(taxonomy = attest_store_list_categories (self, TRUE, error)))
    return FALSE;
  if (category->parent_key != NULL &&
      (old == NULL || g_strcmp0 (old->parent_key, category->parent_key) != 0) &&
      !attest_rules_check_parent (taxonomy, category->key, category->parent_key, error))
    return FALSE;
  /* Only a new name, or a category back in use, is compared: copies
   * merged before this rule may hold two of a name, and editing one's
   * colour must still work. */
  if (!category->retired &&
      (old == NULL || old->retired || g_strcmp0 (old->label, category->label) != 0) &&
      !attest_rules_check_label_unique (taxonomy, category->key, category->label, error))
    return FALSE;
  if (category->shortcut >= 0 && !category->retired)
    {
      g_autofree char *taken = NULL;

      if (!(stmt = _attest_store_prepare (self, shortcut_sql, error)))
        return FALSE;
      sqlite3_bind_int (stmt, 1, category->shortcut);
      _attest_store_bind_text (stmt, 2, category->key);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        taken = _attest_store_column_dup (stmt, 0);
      sqlite3_reset (stmt);
      if (taken != NULL)
        {
          g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID,
                       _("The shortcut %d is already used by “%s”"), category->shortcut, taken);
          return FALSE;
        }
    }
  return TRUE;
}

/* The one INSERT of the categories table (see attest-store-private.h). */
gboolean
_attest_store_insert_category (AttestStore                *self,
                               const AttestCategoryRecord *row,
                               const char                 *doing,
                               gint64                     *out_id,
                               GError                    **error)
{
  static const char sql[] =
    "INSERT INTO categories (key, label, description, color, shortcut, parent_key,"
    " retired, position, modified)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7,"
    " coalesce (?8, (SELECT coalesce (max (position), -1) + 1 FROM categories)), ?9)";
  sqlite3_stmt *stmt;

  if (!(stmt = _attest_store_prepare (self, sql, error)))
    return FALSE;
  _attest_store_bind_text (stmt, 1, row->key);
  _attest_store_bind_text (stmt, 2, row->label);
  _attest_store_bind_text (stmt, 3, row->description);
  _attest_store_bind_text (stmt, 4, row->color);
  if (row->shortcut >= 0)
    sqlite3_bind_int64 (stmt, 5, row->shortcut);
  _attest_store_bind_text (stmt, 6, row->parent_key);
  sqlite3_bind_int (stmt, 7, row->retired ? 1 : 0);
  if (row->position >= 0)
    sqlite3_bind_int64 (stmt, 8, row->position);
  _attest_store_bind_text (stmt, 9, row->modified);
  if (!_attest_store_step_done (self, stmt, doing, error))
    return FALSE;
  if (out_id)
    *out_id = sqlite3_last_insert_rowid (self->db);
  return TRUE;
}

/**
 * attest_store_add_category:
 * @self: a #AttestStore
 * @category: (transfer none): the new category
 * @error: return location for a #GError, or %NULL
 *
 * Adds @category to the taxonomy.
 *
 * Returns: %TRUE on success
 */
gboolean
attest_store_add_category (AttestStore    *self,
                           AttestCategory *category,
                           GError        **error)
{
  g_autoptr(AttestCategory) existing = NULL;
  g_autofree char *now = _attest_store_now_iso8601 ();

  if (!_attest_store_check_writable (self, error) || !validate_category (self, category, NULL, error))
    return FALSE;

  if ((existing = attest_store_get_category (self, category->key, NULL)))
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_DUPLICATE,
                   _("There is already a category “%s” (%s)"), existing->key, existing->label);
      return FALSE;
    }

  if (!_attest_store_begin_write (self, _("adding a category"), error))
    return FALSE;
  if (!_attest_store_insert_category (self, &(AttestCategoryRecord) {
        .key = category->key, .label = category->label, .description = category->description,
        .color = category->color, .shortcut = category->shortcut,
        .parent_key = category->parent_key, .retired = category->retired, .position = -1,
        .modified = now,
      }, _("adding a category"), NULL, error))
    goto fail;
  category->id = sqlite3_last_insert_rowid (self->db);
  if (!_attest_store_record_history (self, "category", category->key, "create", NULL, NULL,
                                     category->label, error))
    goto fail;
  category->version = 1;
  return _attest_store_commit_write (self, _("adding a category"), error);

fail:
  _attest_store_rollback_write (self);
  return FALSE;
}

/**
 * attest_store_update_category:
 * @self: a #AttestStore
 * @category: (transfer none): the category, matched by key
 * @error: return location for a #GError, or %NULL
 *
 * Saves the editable fields of @category.
 *
 * Returns: %TRUE on success
 */
gboolean
attest_store_update_category (AttestStore    *self,
                              AttestCategory *category,
                              GError        **error)
{
  static const char sql[] =
    "UPDATE categories SET label = ?, description = ?, color = ?, shortcut = ?,"
    " parent_key = ?, retired = ?, version = version + 1, modified = ? WHERE key = ?";
  g_autoptr(AttestCategory) old = NULL;
  g_autofree char *now = _attest_store_now_iso8601 ();
  g_autofree char *old_shortcut = NULL;
  g_autofree char *new_shortcut = NULL;
  sqlite3_stmt *stmt;
  const struct { const char *field, *old_value, *new_value; } *f, fields[] = {
    { "label", NULL, NULL }, { "description", NULL, NULL }, { "color", NULL, NULL },
    { "shortcut", NULL, NULL }, { "parent", NULL, NULL }, { "retired", NULL, NULL },
  };
  const char *olds[G_N_ELEMENTS (fields)];
  const char *news[G_N_ELEMENTS (fields)];

  if (!_attest_store_check_writable (self, error))
    return FALSE;
  if (!(old = attest_store_get_category (self, category->key, error)))
    return FALSE;
  if (!validate_category (self, category, old, error))
    return FALSE;

  old_shortcut = old->shortcut >= 0 ? g_strdup_printf ("%d", old->shortcut) : NULL;
  new_shortcut = category->shortcut >= 0 ? g_strdup_printf ("%d", category->shortcut) : NULL;
  olds[0] = old->label;       news[0] = category->label;
  olds[1] = old->description; news[1] = category->description;
  olds[2] = old->color;       news[2] = category->color;
  olds[3] = old_shortcut;     news[3] = new_shortcut;
  olds[4] = old->parent_key;  news[4] = category->parent_key;
  olds[5] = old->retired ? "yes" : "no"; news[5] = category->retired ? "yes" : "no";

  if (!_attest_store_begin_write (self, _("changing a category"), error))
    return FALSE;
  if (!(stmt = _attest_store_prepare (self, sql, error)))
    goto fail;
  _attest_store_bind_text (stmt, 1, category->label);
  _attest_store_bind_text (stmt, 2, category->description);
  _attest_store_bind_text (stmt, 3, category->color);
  if (category->shortcut >= 0)
    sqlite3_bind_int (stmt, 4, category->shortcut);
  _attest_store_bind_text (stmt, 5, category->parent_key);
  sqlite3_bind_int (stmt, 6, category->retired);
  _attest_store_bind_text (stmt, 7, now);
  _attest_store_bind_text (stmt, 8, category->key);
  if (!_attest_store_step_done (self, stmt, _("changing a category"), error))
    goto fail;

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      f = &fields[i];
      if (g_strcmp0 (olds[i], news[i]) != 0 &&
          !_attest_store_record_history (self, "category", category->key, "update", f->field,
                           olds[i], news[i], error))
        goto fail;
    }

  if (!_attest_store_commit_write (self, _("changing a category"), error))
    return FALSE;
  category->version = old->version + 1;
  return TRUE;

fail:
  _attest_store_rollback_write (self);
  return FALSE;
}

/**
 * attest_store_move_category:
 * @self: a #AttestStore
 * @key: the category's key
 * @position: where it goes, 0 first, among all categories (retired too)
 * @error: return location for a #GError, or %NULL
 *
 * Reorders the taxonomy: the order pickers and exports list it in. Every
 * category is renumbered 0, 1, 2… so positions stay dense whatever merges
 * or imports left behind. The move is recorded in the history as a change
 * of the field "position" (index before and after); merging does not carry
 * the order, which is each copy's own.
 *
 * Returns: %TRUE on success
 */
gboolean
attest_store_move_category (AttestStore *self,
                            const char  *key,
                            guint        position,
                            GError     **error)
{
  static const char keys_sql[] = "SELECT key FROM categories ORDER BY position, id";
  static const char set_sql[] = "UPDATE categories SET position = ?2 WHERE key = ?1";
  static const char moved_sql[] =
    "UPDATE categories SET version = version + 1, modified = ?2 WHERE key = ?1";
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *now = _attest_store_now_iso8601 ();
  g_autofree char *old_text = NULL;
  g_autofree char *new_text = NULL;
  sqlite3_stmt *stmt;
  guint from = G_MAXUINT;
  char *moving;
  int rc;

  if (!_attest_store_check_writable (self, error))
    return FALSE;
  if (!_attest_store_begin_write (self, _("moving a category"), error))
    return FALSE;

  /* Read inside the transaction: the order cannot change under us. */
  if (!(stmt = _attest_store_prepare (self, keys_sql, error)))
    goto fail;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (keys, _attest_store_column_dup (stmt, 0));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _attest_store_set_sqlite_error (self, error, rc, _("moving a category"));
      goto fail;
    }
  for (guint i = 0; i < keys->len; i++)
    if (g_strcmp0 (g_ptr_array_index (keys, i), key) == 0)
      from = i;
  if (from == G_MAXUINT)
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_NOT_FOUND,
                   _("No category “%s” (see “attest-cli taxonomy”)"), key ? key : "");
      goto fail;
    }
  position = MIN (position, keys->len - 1);
  if (position == from)
    {
      _attest_store_rollback_write (self);
      return TRUE;
    }

  moving = g_ptr_array_steal_index (keys, from);
  g_ptr_array_insert (keys, position, moving);
  for (guint i = 0; i < keys->len; i++)
    {
      if (!(stmt = _attest_store_prepare (self, set_sql, error)))
        goto fail;
      _attest_store_bind_text (stmt, 1, g_ptr_array_index (keys, i));
      sqlite3_bind_int64 (stmt, 2, i);
      if (!_attest_store_step_done (self, stmt, _("moving a category"), error))
        goto fail;
    }
  if (!(stmt = _attest_store_prepare (self, moved_sql, error)))
    goto fail;
  _attest_store_bind_text (stmt, 1, key);
  _attest_store_bind_text (stmt, 2, now);
  if (!_attest_store_step_done (self, stmt, _("moving a category"), error))
    goto fail;

  old_text = g_strdup_printf ("%u", from);
  new_text = g_strdup_printf ("%u", position);
  if (!_attest_store_record_history (self, "category", key, "update", "position", old_text, new_text, error))
    goto fail;
  return _attest_store_commit_write (self, _("moving a category"), error);

fail:
  _attest_store_rollback_write (self);
  return FALSE;
}
