/* attest-store-history.c — the history and annotators tables: who changed
 * what, and the names of everyone who made a claim.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include <sqlite3.h>
#include <string.h>

#include "attest-error.h"
#include "attest-store.h"
#include "attest-store-private.h"

gboolean
_attest_store_record_history (AttestStore *self,
                const char  *entity,
                const char  *entity_uuid,
                const char  *action,
                const char  *field,
                const char  *old_value,
                const char  *new_value,
                GError     **error)
{
  g_autofree char *uuid = g_uuid_string_random ();
  g_autofree char *at = _attest_store_now_iso8601 ();
  AttestChangeRow row = {
    .uuid = uuid, .at = at, .annotator = self->annotator, .entity = entity,
    .entity_uuid = entity_uuid, .action = action, .field = field,
    .old_value = old_value, .new_value = new_value,
  };

  return _attest_store_insert_history (self, &row, _("recording the history"), error);
}

/* The one INSERT of the history table (see attest-store-private.h). */
static gboolean
insert_history (AttestStore           *self,
                const char            *sql,
                const AttestChangeRow *row,
                const char            *doing,
                GError               **error)
{
  sqlite3_stmt *stmt;

  if (!(stmt = _attest_store_prepare (self, sql, error)))
    return FALSE;

  _attest_store_bind_text (stmt, 1, row->uuid);
  _attest_store_bind_text (stmt, 2, row->at);
  _attest_store_bind_text (stmt, 3, row->annotator);
  _attest_store_bind_text (stmt, 4, row->entity);
  _attest_store_bind_text (stmt, 5, row->entity_uuid);
  _attest_store_bind_text (stmt, 6, row->action);
  _attest_store_bind_text (stmt, 7, row->field);
  _attest_store_bind_text (stmt, 8, row->old_value);
  _attest_store_bind_text (stmt, 9, row->new_value);

  return _attest_store_step_done (self, stmt, doing, error);
}

/* The INSERT of the history table, in its two forms. */
#define INSERT_HISTORY \
  "INSERT INTO history (uuid, at, annotator, entity, entity_uuid, action," \
  " field, old_value, new_value) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"

gboolean
_attest_store_insert_history (AttestStore           *self,
                              const AttestChangeRow *row,
                              const char            *doing,
                              GError               **error)
{
  static const char sql[] = INSERT_HISTORY;

  return insert_history (self, sql, row, doing, error);
}

/* For imports: one look in the uuid index instead of a lookup, then an
 * insert that looks again (half of a TEI import's history). */
gboolean
_attest_store_insert_new_history (AttestStore           *self,
                                  const AttestChangeRow *row,
                                  const char            *doing,
                                  gboolean              *out_added,
                                  GError               **error)
{
  static const char sql[] = INSERT_HISTORY " ON CONFLICT (uuid) DO NOTHING";

  if (!insert_history (self, sql, row, doing, error))
    return FALSE;
  *out_added = sqlite3_changes (self->db) > 0;
  return TRUE;
}

/* The id of history entry @entry_uuid as the restored copy @copy_uuid
 * holds it (see _attest_store_copy_claim_history()). */
char *
_attest_store_restored_entry_uuid (const char *entry_uuid,
                                   const char *copy_uuid)
{
  g_autofree char *seed = g_strconcat ("attest restored entry ", entry_uuid, " of ", copy_uuid, NULL);

  return _attest_store_name_uuid (seed);
}

/* Seven columns, some NULL: g_strfreev() would stop at the first NULL. */
static void
free_entry_row (gpointer data)
{
  char **row = data;

  for (int i = 0; i < 7; i++)
    g_free (row[i]);
  g_free (row);
}

/* A restored claim's copy takes the deleted claim's own changes (created,
 * edited, linked, unlinked) under ids derived from theirs: two copies that
 * restore the same claim apart then hold the same entries for what they
 * shared, and a merge sees only what each side changed as its own; what one
 * copy edited before restoring reaches the other. Inside the caller's write;
 * entries there already (restored once before) are left as they are. Counts
 * the entries added in *@out_added, and the fields they edit in @out_fields. */
gboolean
_attest_store_copy_claim_history (AttestStore *self,
                                  const char  *from_uuid,
                                  const char  *to_uuid,
                                  GHashTable  *out_fields,
                                  guint       *out_added,
                                  GError     **error)
{
  static const char select_sql[] =
    "SELECT uuid, at, annotator, action, field, old_value, new_value FROM history"
    " WHERE entity = 'claim' AND entity_uuid = ? AND action IN ('create', 'update', 'link', 'unlink')"
    " ORDER BY id";
  static const char exists_sql[] = "SELECT 1 FROM history WHERE uuid = ?";
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (free_entry_row);
  sqlite3_stmt *stmt;
  int rc;

  *out_added = 0;
  if (!(stmt = _attest_store_prepare (self, select_sql, error)))
    return FALSE;
  _attest_store_bind_text (stmt, 1, from_uuid);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      char **row = g_new0 (char *, 8);

      for (int i = 0; i < 7; i++)
        row[i] = _attest_store_column_dup (stmt, i);
      g_ptr_array_add (rows, row);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _attest_store_set_sqlite_error (self, error, rc, _("copying a claim's history"));

  for (guint i = 0; i < rows->len; i++)
    {
      char **r = g_ptr_array_index (rows, i);
      g_autofree char *uuid = _attest_store_restored_entry_uuid (r[0], to_uuid);
      AttestChangeRow row = {
        .uuid = uuid, .at = r[1], .annotator = r[2], .entity = "claim", .entity_uuid = to_uuid,
        .action = r[3], .field = r[4], .old_value = r[5], .new_value = r[6],
      };
      gboolean exists;

      if (!(stmt = _attest_store_prepare (self, exists_sql, error)))
        return FALSE;
      _attest_store_bind_text (stmt, 1, uuid);
      rc = sqlite3_step (stmt);
      exists = rc == SQLITE_ROW;
      sqlite3_reset (stmt);
      if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return _attest_store_set_sqlite_error (self, error, rc, _("copying a claim's history"));
      if (exists)
        continue;
      if (!_attest_store_insert_history (self, &row, _("copying a claim's history"), error))
        return FALSE;
      (*out_added)++;
      if (out_fields && g_str_equal (r[3], "update") && r[4])
        g_hash_table_add (out_fields, g_strdup (r[4]));
    }
  return TRUE;
}

/* The one INSERT of the annotators table (see attest-store-private.h). */
gboolean
_attest_store_insert_annotator (AttestStore *self,
                                const char  *uuid,
                                const char  *name,
                                gboolean     or_ignore,
                                const char  *doing,
                                GError     **error)
{
#define ANNOTATOR_INSERT(verb) verb " INTO annotators (uuid, name) VALUES (?, ?)"
  static const char sql[] = ANNOTATOR_INSERT ("INSERT");
  static const char ignore_sql[] = ANNOTATOR_INSERT ("INSERT OR IGNORE");
#undef ANNOTATOR_INSERT
  sqlite3_stmt *stmt;

  if (!(stmt = _attest_store_prepare (self, or_ignore ? ignore_sql : sql, error)))
    return FALSE;
  _attest_store_bind_text (stmt, 1, uuid);
  _attest_store_bind_text (stmt, 2, name);
  return _attest_store_step_done (self, stmt, doing, error);
}

gboolean
_attest_store_annotator_id_by_name (AttestStore  *self,
                                    const char   *name,
                                    gint64       *out_id,
                                    GError      **error)
{
  static const char sql[] = "SELECT id FROM annotators WHERE name = ?";
  sqlite3_stmt *stmt;

  if (!(stmt = _attest_store_prepare (self, sql, error)))
    return FALSE;
  _attest_store_bind_text (stmt, 1, name);
  return _attest_store_query_id (self, stmt, out_id, _("looking up the annotator"), error);
}

/* The current annotator's row id, created on first use. Call inside a write. */
gint64
_attest_store_annotator_id (AttestStore *self,
              GError     **error)
{
  static const char select_sql[] = "SELECT id FROM annotators WHERE name = ?";
  g_autofree char *uuid = NULL;
  sqlite3_stmt *stmt;
  int rc;

  if (!(stmt = _attest_store_prepare (self, select_sql, error)))
    return 0;
  _attest_store_bind_text (stmt, 1, self->annotator);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      sqlite3_reset (stmt);
      return id;
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _attest_store_set_sqlite_error (self, error, rc, _("looking up the annotator"));
      return 0;
    }

  uuid = g_uuid_string_random ();
  if (!_attest_store_insert_annotator (self, uuid, self->annotator, FALSE, _("adding the annotator"), error))
    return 0;

  return sqlite3_last_insert_rowid (self->db);
}

/**
 * attest_store_list_annotators:
 * @self: a #AttestStore
 * @error: return location for a #GError, or %NULL
 *
 * The names of everyone who made a claim here, for filters.
 *
 * Returns: (transfer full) (nullable): the names, or %NULL with @error set
 */
GStrv
attest_store_list_annotators (AttestStore *self,
                              GError     **error)
{
  static const char sql[] = "SELECT name FROM annotators ORDER BY name COLLATE NOCASE";
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
  sqlite3_stmt *stmt;

  if (!(stmt = _attest_store_prepare (self, sql, error)))
    return NULL;
  if (!_attest_store_each_row (self, stmt, _attest_store_row_add_text, names, _("listing annotators"), error))
    return NULL;

  return g_strv_builder_end (names);
}

/* --------------------------------------------------------------- history */

static AttestHistoryEntry *
history_entry_from_row (sqlite3_stmt *stmt)
{
  AttestHistoryEntry *e = attest_history_entry_new ();

  e->id = sqlite3_column_int64 (stmt, 0);
  e->uuid = _attest_store_column_dup (stmt, 1);
  e->at = _attest_store_column_dup (stmt, 2);
  e->annotator = _attest_store_column_dup (stmt, 3);
  e->entity = _attest_store_column_dup (stmt, 4);
  e->entity_uuid = _attest_store_column_dup (stmt, 5);
  e->action = _attest_store_column_dup (stmt, 6);
  e->field = _attest_store_column_dup (stmt, 7);
  e->old_value = _attest_store_column_dup (stmt, 8);
  e->new_value = _attest_store_column_dup (stmt, 9);
  return e;
}

/**
 * attest_store_list_history:
 * @self: a #AttestStore
 * @entity_uuid: (nullable): the entity, or %NULL for all
 * @error: return location for a #GError, or %NULL
 *
 * Lists the history, of one entity or of all.
 *
 * Returns: (transfer full) (element-type AttestHistoryEntry) (nullable): the entries, oldest first, or %NULL with @error set
 */
GPtrArray *
attest_store_list_history (AttestStore *self,
                           const char  *entity_uuid,
                           GError     **error)
{
  static const char sql[] =
    "SELECT id, uuid, at, annotator, entity, entity_uuid, action, field, old_value, new_value"
    " FROM history WHERE ?1 IS NULL OR entity_uuid = ?1 ORDER BY id";
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func (g_object_unref);
  sqlite3_stmt *stmt;

  if (!(stmt = _attest_store_prepare (self, sql, error)))
    return NULL;
  _attest_store_bind_text (stmt, 1, entity_uuid);
  if (!_attest_store_collect (self, stmt, (AttestStoreRowFunc) history_entry_from_row,
                              entries, _("reading the history"), error))
    return NULL;

  return g_steal_pointer (&entries);
}
