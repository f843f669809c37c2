/* attest-store-merge.c — bringing a teammate's copy of the database into
 * this one (part of AttestStore; see attest-store-private.h).
 *
 * Why not SQLite's session extension: a changeset only exists for changes
 * made while a session object was attached, and copies edited apart by
 * separate Attest processes (on separate machines) have no such record.
 * What every copy does have is the history table: each change is a row with
 * its own UUID, who made it and when. So the merge is keyed by UUID:
 *
 *  - rows the other copy has and we lack (documents, sources, citations,
 *    annotators, categories, claims — tombstones included) are added with
 *    their UUIDs; an article imported separately on both sides is matched
 *    by its SHA-256, and its scanned attributions by outlet/place/date;
 *  - for rows both have, the history entries only the other side has are
 *    "their changes", those only we have are "ours"; a field only they
 *    changed takes their value, a field both changed to different values is
 *    a conflict: ours is kept, theirs is recorded as a "conflict" entry in
 *    the history and reported;
 *  - a deletion is never undone by a merge (tombstones win);
 *  - links follow the same rule through link/unlink entries;
 *  - finally their history entries are added, so merging again finds no
 *    changes of theirs: merging twice is merging once.
 *
 * The whole merge is one BEGIN IMMEDIATE transaction.
 */
#include "config.h"

#include <string.h>

#include "attest-error.h"
#include "attest-store-private.h"

typedef struct {
  AttestStore     *self;
  AttestStore     *other;
  AttestMergeReport *report;
  GHashTable      *our_history;     /* uuid set */
  GHashTable      *their_history;   /* uuid set */
  GHashTable      *doc_map;         /* their document uuid → our row id (boxed gint64) */
  GHashTable      *source_map;      /* their source uuid → our source uuid */
  char            *now;
} Merge;

static void
conflict_free (AttestMergeConflict *c)
{
  g_free (c->entity);
  g_free (c->uuid);
  g_free (c->field);
  g_free (c->ours);
  g_free (c->theirs);
  g_free (c);
}

void
attest_merge_report_clear (AttestMergeReport *report)
{
  g_clear_pointer (&report->conflicts, g_ptr_array_unref);
  memset (report, 0, sizeof *report);
}

static gint64 *
boxed_id (gint64 id)
{
  gint64 *p = g_new (gint64, 1);

  *p = id;
  return p;
}

/* Runs @sql on @store's connection, calling @row for each result row. */
static gboolean
each_row (AttestStore  *store,
          const char   *sql,
          const char   *bind1,
          gboolean    (*row) (sqlite3_stmt *stmt, gpointer data, GError **error),
          gpointer      data,
          GError      **error)
{
  sqlite3_stmt *stmt = _attest_store_prepare (store, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  if (bind1)
    _attest_store_bind_text (stmt, 1, bind1);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    if (!row (stmt, data, error))
      {
        sqlite3_reset (stmt);
        return FALSE;
      }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _attest_store_set_sqlite_error (store, error, rc, "merging");
  return TRUE;
}

static gboolean
collect_uuid (sqlite3_stmt *stmt,
              gpointer      data,
              GError      **error)
{
  /* The other copy is outside input: a damaged file can hold NULLs
   * where our schema has NOT NULL. */
  if (sqlite3_column_type (stmt, 0) == SQLITE_NULL)
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_CORRUPT,
                   "The other database is damaged (a history entry without an id); nothing was merged");
      return FALSE;
    }
  g_hash_table_add (data, _attest_store_column_dup (stmt, 0));
  return TRUE;
}

/* PRAGMA quick_check on the other copy: merging a damaged file is refused
 * before anything is read from it. */
static gboolean
check_other (AttestStore *other,
             const char  *path,
             GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  g_autofree char *result = NULL;
  int rc = sqlite3_prepare_v2 (other->db, "PRAGMA quick_check", -1, &stmt, NULL);

  if (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    result = _attest_store_column_dup (stmt, 0);
  sqlite3_finalize (stmt);

  if (rc != SQLITE_ROW || g_strcmp0 (result, "ok") != 0)
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_CORRUPT,
                   "“%s” is damaged (%s); nothing was merged", path,
                   result ? result : sqlite3_errstr (rc));
      return FALSE;
    }
  return TRUE;
}

/* Runs a statement on our side that returns nothing. */
static gboolean
run (Merge       *m,
     const char  *sql,
     const char **texts,
     guint        n_texts,
     GError     **error)
{
  sqlite3_stmt *stmt = _attest_store_prepare (m->self, sql, error);

  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < n_texts; i++)
    _attest_store_bind_text (stmt, i + 1, texts[i]);
  return _attest_store_step_done (m->self, stmt, "merging", error);
}

static gint64
our_id (Merge      *m,
        const char *sql,
        const char *value,
        GError    **error)
{
  sqlite3_stmt *stmt = _attest_store_prepare (m->self, sql, error);
  gint64 id = 0;
  int rc;

  if (stmt == NULL)
    return -1;
  _attest_store_bind_text (stmt, 1, value);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      _attest_store_set_sqlite_error (m->self, error, rc, "merging");
      return -1;
    }
  return id;
}

static gboolean
record_conflict (Merge      *m,
                 const char *entity,
                 const char *uuid,
                 const char *field,
                 const char *ours,
                 const char *theirs,
                 GError    **error)
{
  AttestMergeConflict *c = g_new0 (AttestMergeConflict, 1);

  c->entity = g_strdup (entity);
  c->uuid = g_strdup (uuid);
  c->field = g_strdup (field);
  c->ours = g_strdup (ours);
  c->theirs = g_strdup (theirs);
  g_ptr_array_add (m->report->conflicts, c);

  /* Kept beside ours, for the team to settle. */
  return _attest_store_record_history (m->self, entity, uuid, "conflict", field, ours, theirs, error);
}

/* Which fields of @entity_uuid did one side change that the other has not
 * seen? Fills @fields (field name → TRUE) from the history entries of
 * @store that are not in @known. Deletion counts as the field "deleted". */
static gboolean
changed_fields (Merge       *m,
                AttestStore *store,
                GHashTable  *known,
                const char  *entity_uuid,
                GHashTable  *fields,
                GError     **error)
{
  static const char sql[] =
    "SELECT uuid, action, field FROM history WHERE entity_uuid = ?";
  sqlite3_stmt *stmt = _attest_store_prepare (store, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  _attest_store_bind_text (stmt, 1, entity_uuid);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *uuid = (const char *) sqlite3_column_text (stmt, 0);
      const char *action = (const char *) sqlite3_column_text (stmt, 1);
      const char *field = (const char *) sqlite3_column_text (stmt, 2);

      if (g_hash_table_contains (known, uuid))
        continue;
      if (g_str_equal (action, "update") && field)
        g_hash_table_add (fields, g_strdup (field));
      else if (g_str_equal (action, "delete") || g_str_equal (action, "restore"))
        g_hash_table_add (fields, g_strdup ("deleted"));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _attest_store_set_sqlite_error (store, error, rc, "merging");
  return TRUE;
}

/* ------------------------------------------------------------ documents */

static gboolean
merge_document (sqlite3_stmt *row,
                gpointer      data,
                GError      **error)
{
  static const char insert_sql[] =
    "INSERT INTO documents (uuid, sha256, title, publication, volume, issue, author, date,"
    " origin, format, encoding, text, length, body_start, imported)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  Merge *m = data;
  g_autofree char *uuid = _attest_store_column_dup (row, 0);
  g_autofree char *sha = _attest_store_column_dup (row, 1);
  gint64 id;
  sqlite3_stmt *stmt;

  /* The same article, whatever its uuid: matched by its text. */
  if ((id = our_id (m, "SELECT id FROM documents WHERE uuid = ?", uuid, error)) < 0)
    return FALSE;
  if (id == 0 && (id = our_id (m, "SELECT id FROM documents WHERE sha256 = ?", sha, error)) < 0)
    return FALSE;

  if (id == 0)
    {
      if (!(stmt = _attest_store_prepare (m->self, insert_sql, error)))
        return FALSE;
      for (int c = 0; c < 15; c++)
        {
          if (sqlite3_column_type (row, c) == SQLITE_INTEGER)
            sqlite3_bind_int64 (stmt, c + 1, sqlite3_column_int64 (row, c));
          else
            _attest_store_bind_text (stmt, c + 1, (const char *) sqlite3_column_text (row, c));
        }
      if (!_attest_store_step_done (m->self, stmt, "merging a document", error))
        return FALSE;
      id = sqlite3_last_insert_rowid (m->self->db);
      m->report->documents_added++;
    }

  g_hash_table_insert (m->doc_map, g_steal_pointer (&uuid), boxed_id (id));
  return TRUE;
}

/* ------------------------------------------------------ sources, citations */

static gboolean
merge_source (sqlite3_stmt *row,
              gpointer      data,
              GError      **error)
{
  static const char insert_sql[] =
    "INSERT INTO sources (uuid, document_id, outlet, place, date_text, date_when, url, title,"
    " reliability, created) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  static const char same_sql[] =
    "SELECT uuid FROM sources WHERE document_id = ? AND outlet IS ? AND place IS ? AND date_text IS ?"
    " AND url IS NULL LIMIT 1";
  Merge *m = data;
  const char *uuid = (const char *) sqlite3_column_text (row, 0);
  const char *doc_uuid = (const char *) sqlite3_column_text (row, 1);
  gint64 *doc_id = doc_uuid ? g_hash_table_lookup (m->doc_map, doc_uuid) : NULL;
  g_autofree char *ours = NULL;
  sqlite3_stmt *stmt;
  gint64 exists;

  if ((exists = our_id (m, "SELECT id FROM sources WHERE uuid = ?", uuid, error)) < 0)
    return FALSE;
  if (exists)
    {
      g_hash_table_insert (m->source_map, g_strdup (uuid), g_strdup (uuid));
      return TRUE;
    }

  /* An attribution both sides scanned from the same article. */
  if (doc_id && sqlite3_column_type (row, 6) == SQLITE_NULL)
    {
      int rc;

      if (!(stmt = _attest_store_prepare (m->self, same_sql, error)))
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, *doc_id);
      _attest_store_bind_text (stmt, 2, (const char *) sqlite3_column_text (row, 2));
      _attest_store_bind_text (stmt, 3, (const char *) sqlite3_column_text (row, 3));
      _attest_store_bind_text (stmt, 4, (const char *) sqlite3_column_text (row, 4));
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        ours = _attest_store_column_dup (stmt, 0);
      sqlite3_reset (stmt);
      if (ours)
        {
          g_hash_table_insert (m->source_map, g_strdup (uuid), g_steal_pointer (&ours));
          return TRUE;
        }
    }

  if (!(stmt = _attest_store_prepare (m->self, insert_sql, error)))
    return FALSE;
  _attest_store_bind_text (stmt, 1, uuid);
  if (doc_id)
    sqlite3_bind_int64 (stmt, 2, *doc_id);
  for (int c = 2; c <= 9; c++)
    _attest_store_bind_text (stmt, c + 1, (const char *) sqlite3_column_text (row, c));
  if (!_attest_store_step_done (m->self, stmt, "merging a source", error))
    return FALSE;
  g_hash_table_insert (m->source_map, g_strdup (uuid), g_strdup (uuid));
  m->report->sources_added++;
  return TRUE;
}

static gboolean
merge_citation (sqlite3_stmt *row,
                gpointer      data,
                GError      **error)
{
  static const char insert_sql[] =
    "INSERT INTO citations (uuid, document_id, source_id, start, \"end\", text, closes_paragraph,"
    " paragraph_start) SELECT ?1, ?2, s.id, ?4, ?5, ?6, ?7, ?8 FROM sources s WHERE s.uuid = ?3"
    " AND NOT EXISTS (SELECT 1 FROM citations WHERE uuid = ?1)"
    " AND NOT EXISTS (SELECT 1 FROM citations c WHERE c.document_id = ?2 AND c.source_id = s.id"
    "  AND c.start = ?4)";
  Merge *m = data;
  const char *doc_uuid = (const char *) sqlite3_column_text (row, 1);
  const char *source_uuid = (const char *) sqlite3_column_text (row, 2);
  gint64 *doc_id = g_hash_table_lookup (m->doc_map, doc_uuid);
  const char *mapped = g_hash_table_lookup (m->source_map, source_uuid);
  sqlite3_stmt *stmt;

  if (doc_id == NULL || mapped == NULL)
    return TRUE;
  if (!(stmt = _attest_store_prepare (m->self, insert_sql, error)))
    return FALSE;
  _attest_store_bind_text (stmt, 1, (const char *) sqlite3_column_text (row, 0));
  sqlite3_bind_int64 (stmt, 2, *doc_id);
  _attest_store_bind_text (stmt, 3, mapped);
  sqlite3_bind_int64 (stmt, 4, sqlite3_column_int64 (row, 3));
  sqlite3_bind_int64 (stmt, 5, sqlite3_column_int64 (row, 4));
  _attest_store_bind_text (stmt, 6, (const char *) sqlite3_column_text (row, 5));
  sqlite3_bind_int64 (stmt, 7, sqlite3_column_int64 (row, 6));
  sqlite3_bind_int64 (stmt, 8, sqlite3_column_int64 (row, 7));
  return _attest_store_step_done (m->self, stmt, "merging a citation", error);
}

/* ----------------------------------------------- annotators, categories */

static gboolean
merge_annotator (sqlite3_stmt *row,
                 gpointer      data,
                 GError      **error)
{
  Merge *m = data;
  const char *values[] = { (const char *) sqlite3_column_text (row, 0),
                           (const char *) sqlite3_column_text (row, 1) };

  /* Names identify people across copies; keep the first uuid seen. */
  return run (m, "INSERT OR IGNORE INTO annotators (uuid, name) VALUES (?, ?)", values, 2, error);
}

static const char * const category_fields[] = {
  "label", "description", "color", "shortcut", "parent", "retired",
};
static const char * const category_columns[] = {
  "label", "description", "color", "shortcut", "parent_key", "retired",
};

static gboolean
merge_category (sqlite3_stmt *row,
                gpointer      data,
                GError      **error)
{
  Merge *m = data;
  const char *key = (const char *) sqlite3_column_text (row, 0);
  g_autoptr(GHashTable) theirs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) ours = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(AttestCategory) mine = NULL;
  gint64 exists;
  gboolean changed = FALSE;

  if ((exists = our_id (m, "SELECT id FROM categories WHERE key = ?", key, error)) < 0)
    return FALSE;
  if (exists == 0)
    {
      const char *values[8];

      for (int c = 0; c < 8; c++)
        values[c] = (const char *) sqlite3_column_text (row, c);
      if (!run (m, "INSERT INTO categories (key, label, description, color, shortcut, parent_key,"
                   " retired, modified, position)"
                   " VALUES (?, ?, ?, ?, ?, ?, ?, ?, (SELECT coalesce (max (position), -1) + 1 FROM categories))",
                values, 8, error))
        return FALSE;
      m->report->categories_added++;
      return TRUE;
    }

  if (!changed_fields (m, m->other, m->our_history, key, theirs, error) ||
      !changed_fields (m, m->self, m->their_history, key, ours, error) ||
      !(mine = attest_store_get_category (m->self, key, error)))
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (category_fields); i++)
    {
      const char *their_value = (const char *) sqlite3_column_text (row, i + 1);
      g_autofree char *sql = NULL;
      g_autofree char *our_value = NULL;
      sqlite3_stmt *stmt;
      int rc;

      if (!g_hash_table_contains (theirs, category_fields[i]))
        continue;

      /* The column name is ours, from the table above. */
      sql = g_strdup_printf ("SELECT CAST (%s AS TEXT) FROM categories WHERE key = ?", category_columns[i]);
      if (sqlite3_prepare_v2 (m->self->db, sql, -1, &stmt, NULL) != SQLITE_OK)
        return _attest_store_set_sqlite_error (m->self, error, sqlite3_errcode (m->self->db), "merging");
      _attest_store_bind_text (stmt, 1, key);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        our_value = _attest_store_column_dup (stmt, 0);
      sqlite3_finalize (stmt);

      if (g_strcmp0 (our_value, their_value) == 0)
        continue;
      if (g_hash_table_contains (ours, category_fields[i]))
        {
          if (!record_conflict (m, "category", key, category_fields[i], our_value, their_value, error))
            return FALSE;
          continue;
        }

      g_free (sql);
      sql = g_strdup_printf ("UPDATE categories SET %s = ?2, version = version + 1, modified = ?3"
                             " WHERE key = ?1", category_columns[i]);
      if (sqlite3_prepare_v2 (m->self->db, sql, -1, &stmt, NULL) != SQLITE_OK)
        return _attest_store_set_sqlite_error (m->self, error, sqlite3_errcode (m->self->db), "merging");
      _attest_store_bind_text (stmt, 1, key);
      _attest_store_bind_text (stmt, 2, their_value);
      _attest_store_bind_text (stmt, 3, m->now);
      rc = sqlite3_step (stmt);
      sqlite3_finalize (stmt);
      if (rc != SQLITE_DONE)
        return _attest_store_set_sqlite_error (m->self, error, rc, "merging a category");
      changed = TRUE;
    }

  if (changed)
    m->report->categories_updated++;
  return TRUE;
}

/* ---------------------------------------------------------------- claims */

static const char * const claim_fields[] = { "category", "status", "certainty", "comment", "deleted" };

static gboolean
merge_claim (sqlite3_stmt *row,
             gpointer      data,
             GError      **error)
{
  static const char insert_sql[] =
    "INSERT INTO claims (uuid, document_id, start, \"end\", quote, category_id, annotator_id,"
    " created, modified, status, certainty, comment, version, deleted)"
    " VALUES (?1, ?2, ?3, ?4, ?5, (SELECT id FROM categories WHERE key = ?6),"
    " (SELECT id FROM annotators WHERE name = ?7), ?8, ?9, ?10, ?11, ?12, ?13, ?14)";
  static const char ours_sql[] =
    "SELECT k.key, c.status, c.certainty, c.comment, CAST (c.deleted AS TEXT), c.version"
    " FROM claims c JOIN categories k ON k.id = c.category_id WHERE c.uuid = ?";
  Merge *m = data;
  const char *uuid = (const char *) sqlite3_column_text (row, 0);
  const char *doc_uuid = (const char *) sqlite3_column_text (row, 1);
  gint64 *doc_id = g_hash_table_lookup (m->doc_map, doc_uuid);
  g_autoptr(GHashTable) theirs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) ours = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  const char *their_values[G_N_ELEMENTS (claim_fields)];
  char *our_values[G_N_ELEMENTS (claim_fields)] = { NULL };
  sqlite3_stmt *stmt;
  gint64 our_version = 0;
  gboolean found = FALSE;
  gboolean changed = FALSE;
  gboolean ok = FALSE;
  int rc;

  if (doc_id == NULL)
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_CORRUPT,
                   "The other database has a claim of a missing document (%s)", uuid);
      return FALSE;
    }

  for (guint i = 0; i < G_N_ELEMENTS (claim_fields); i++)
    their_values[i] = (const char *) sqlite3_column_text (row, 5 + i);

  if (!(stmt = _attest_store_prepare (m->self, ours_sql, error)))
    return FALSE;
  _attest_store_bind_text (stmt, 1, uuid);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      found = TRUE;
      for (guint i = 0; i < G_N_ELEMENTS (claim_fields); i++)
        our_values[i] = _attest_store_column_dup (stmt, i);
      our_version = sqlite3_column_int64 (stmt, 5);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return _attest_store_set_sqlite_error (m->self, error, rc, "merging a claim");

  if (!found)
    {
      /* Their new claim (or their tombstone of one we never saw). */
      if (!(stmt = _attest_store_prepare (m->self, insert_sql, error)))
        return FALSE;
      _attest_store_bind_text (stmt, 1, uuid);
      sqlite3_bind_int64 (stmt, 2, *doc_id);
      sqlite3_bind_int64 (stmt, 3, sqlite3_column_int64 (row, 2));
      sqlite3_bind_int64 (stmt, 4, sqlite3_column_int64 (row, 3));
      _attest_store_bind_text (stmt, 5, (const char *) sqlite3_column_text (row, 4));
      _attest_store_bind_text (stmt, 6, their_values[0]);
      _attest_store_bind_text (stmt, 7, (const char *) sqlite3_column_text (row, 10));
      _attest_store_bind_text (stmt, 8, (const char *) sqlite3_column_text (row, 11));
      _attest_store_bind_text (stmt, 9, (const char *) sqlite3_column_text (row, 12));
      _attest_store_bind_text (stmt, 10, their_values[1]);
      _attest_store_bind_text (stmt, 11, their_values[2]);
      _attest_store_bind_text (stmt, 12, their_values[3]);
      sqlite3_bind_int64 (stmt, 13, sqlite3_column_int64 (row, 13));
      sqlite3_bind_int64 (stmt, 14, sqlite3_column_int64 (row, 9));
      if (!_attest_store_step_done (m->self, stmt, "merging a claim", error))
        return FALSE;
      m->report->claims_added++;
      return TRUE;
    }

  if (!changed_fields (m, m->other, m->our_history, uuid, theirs, error) ||
      !changed_fields (m, m->self, m->their_history, uuid, ours, error))
    goto out;

  for (guint i = 0; i < G_N_ELEMENTS (claim_fields); i++)
    {
      const char *field = claim_fields[i];

      if (!g_hash_table_contains (theirs, field) || g_strcmp0 (our_values[i], their_values[i]) == 0)
        continue;

      /* A deletion on either side stands: never resurrect a claim. */
      if (g_str_equal (field, "deleted") && g_strcmp0 (our_values[i], "1") == 0)
        continue;
      if (g_hash_table_contains (ours, field) && !g_str_equal (field, "deleted"))
        {
          if (!record_conflict (m, "claim", uuid, field, our_values[i], their_values[i], error))
            goto out;
          continue;
        }
      if (g_str_equal (field, "deleted") && g_hash_table_size (ours) > 0)
        {
          /* Edited here, deleted there: the deletion wins, and says so. */
          if (!record_conflict (m, "claim", uuid, "deleted", "0", "1", error))
            goto out;
        }

      {
        g_autofree char *sql = NULL;
        const char *column = g_str_equal (field, "category") ? "category_id" : field;
        const char *expr = g_str_equal (field, "category") ? "(SELECT id FROM categories WHERE key = ?2)" : "?2";

        sql = g_strdup_printf ("UPDATE claims SET %s = %s WHERE uuid = ?1", column, expr);
        if (sqlite3_prepare_v2 (m->self->db, sql, -1, &stmt, NULL) != SQLITE_OK)
          {
            _attest_store_set_sqlite_error (m->self, error, sqlite3_errcode (m->self->db), "merging");
            goto out;
          }
        _attest_store_bind_text (stmt, 1, uuid);
        _attest_store_bind_text (stmt, 2, their_values[i]);
        rc = sqlite3_step (stmt);
        sqlite3_finalize (stmt);
        if (rc != SQLITE_DONE)
          {
            _attest_store_set_sqlite_error (m->self, error, rc, "merging a claim");
            goto out;
          }
        changed = TRUE;
        if (g_str_equal (field, "deleted"))
          m->report->claims_deleted++;
      }
    }

  if (changed)
    {
      /* A version past both sides, so a window holding either one sees
       * the merged claim as changed. */
      gint64 next = MAX (our_version, (gint64) sqlite3_column_int64 (row, 13)) + 1;
      g_autofree char *version = g_strdup_printf ("%" G_GINT64_FORMAT, next);
      const char *values[] = { uuid, version, m->now };

      if (!run (m, "UPDATE claims SET version = CAST (?2 AS INTEGER), modified = ?3 WHERE uuid = ?1",
                values, 3, error))
        goto out;
      m->report->claims_updated++;
    }
  ok = TRUE;

out:
  for (guint i = 0; i < G_N_ELEMENTS (claim_fields); i++)
    g_free (our_values[i]);
  return ok;
}

/* ----------------------------------------------------------------- links */

/* Was (claim, source) unlinked in an entry of @store that @known lacks? */
static gboolean
unlinked_unseen (Merge       *m,
                 AttestStore *store,
                 GHashTable  *known,
                 const char  *claim_uuid,
                 const char  *source_uuid,
                 gboolean    *out,
                 GError     **error)
{
  static const char sql[] =
    "SELECT uuid FROM history WHERE entity_uuid = ? AND action = 'unlink' AND old_value = ?";
  sqlite3_stmt *stmt = _attest_store_prepare (store, sql, error);
  int rc;

  *out = FALSE;
  if (stmt == NULL)
    return FALSE;
  _attest_store_bind_text (stmt, 1, claim_uuid);
  _attest_store_bind_text (stmt, 2, source_uuid);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    if (!g_hash_table_contains (known, sqlite3_column_text (stmt, 0)))
      *out = TRUE;
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _attest_store_set_sqlite_error (store, error, rc, "merging");
  return TRUE;
}

static gboolean
merge_link (sqlite3_stmt *row,
            gpointer      data,
            GError      **error)
{
  static const char insert_sql[] =
    "INSERT OR IGNORE INTO claim_sources (claim_id, source_id, annotator_id, created)"
    " SELECT c.id, s.id, (SELECT id FROM annotators WHERE name = ?3), ?4"
    " FROM claims c, sources s WHERE c.uuid = ?1 AND s.uuid = ?2";
  Merge *m = data;
  const char *claim_uuid = (const char *) sqlite3_column_text (row, 0);
  const char *source_uuid = g_hash_table_lookup (m->source_map, sqlite3_column_text (row, 1));
  gboolean we_unlinked = FALSE;
  sqlite3_stmt *stmt;
  int before;

  if (source_uuid == NULL)
    return TRUE;
  /* We took this link away after they last saw it: it stays away. */
  if (!unlinked_unseen (m, m->self, m->their_history, claim_uuid, source_uuid, &we_unlinked, error))
    return FALSE;
  if (we_unlinked)
    return TRUE;

  if (!(stmt = _attest_store_prepare (m->self, insert_sql, error)))
    return FALSE;
  _attest_store_bind_text (stmt, 1, claim_uuid);
  _attest_store_bind_text (stmt, 2, source_uuid);
  _attest_store_bind_text (stmt, 3, (const char *) sqlite3_column_text (row, 2));
  _attest_store_bind_text (stmt, 4, (const char *) sqlite3_column_text (row, 3));
  before = sqlite3_total_changes (m->self->db);
  if (!_attest_store_step_done (m->self, stmt, "merging a link", error))
    return FALSE;
  if (sqlite3_total_changes (m->self->db) > before)
    m->report->links_added++;
  return TRUE;
}

/* Links we have that they removed after seeing them. */
static gboolean
merge_unlink (sqlite3_stmt *row,
              gpointer      data,
              GError      **error)
{
  Merge *m = data;
  const char *claim_uuid = (const char *) sqlite3_column_text (row, 0);
  const char *source_uuid = (const char *) sqlite3_column_text (row, 1);
  gboolean they_unlinked = FALSE;
  const char *values[] = { claim_uuid, source_uuid };
  int before;

  if (!unlinked_unseen (m, m->other, m->our_history, claim_uuid, source_uuid, &they_unlinked, error))
    return FALSE;
  if (!they_unlinked)
    return TRUE;

  before = sqlite3_total_changes (m->self->db);
  if (!run (m, "DELETE FROM claim_sources WHERE claim_id = (SELECT id FROM claims WHERE uuid = ?1)"
               " AND source_id = (SELECT id FROM sources WHERE uuid = ?2)", values, 2, error))
    return FALSE;
  if (sqlite3_total_changes (m->self->db) > before)
    m->report->links_removed++;
  return TRUE;
}

/* --------------------------------------------------------------- history */

static gboolean
merge_history (sqlite3_stmt *row,
               gpointer      data,
               GError      **error)
{
  Merge *m = data;
  const char *values[9];

  if (g_hash_table_contains (m->our_history, sqlite3_column_text (row, 0)))
    return TRUE;
  for (int c = 0; c < 9; c++)
    values[c] = (const char *) sqlite3_column_text (row, c);
  m->report->history_added++;
  return run (m, "INSERT INTO history (uuid, at, annotator, entity, entity_uuid, action, field,"
                 " old_value, new_value) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", values, 9, error);
}

/* ------------------------------------------------------------------ main */

gboolean
attest_store_merge (AttestStore       *self,
                    const char        *other_path,
                    AttestMergeReport *report,
                    GError           **error)
{
  g_autoptr(AttestStore) other = NULL;
  g_autoptr(GError) local_error = NULL;
  AttestMergeReport scratch = { 0 };
  Merge m = { 0 };
  gboolean ok = FALSE;

  g_return_val_if_fail (ATTEST_IS_STORE (self), FALSE);
  g_return_val_if_fail (other_path != NULL, FALSE);

  if (report == NULL)
    report = &scratch;
  memset (report, 0, sizeof *report);
  report->conflicts = g_ptr_array_new_with_free_func ((GDestroyNotify) conflict_free);

  if (!_attest_store_check_writable (self, error))
    goto done;
  /* Read-only, and refused untouched if not ours or newer. */
  if (!(other = attest_store_open (other_path, ATTEST_STORE_OPEN_READ_ONLY, error)))
    goto done;
  if (!check_other (other, other_path, error))
    goto done;
  if (g_strcmp0 (attest_store_get_path (self), other_path) == 0)
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID, "A database cannot be merged into itself");
      goto done;
    }

  m.self = self;
  m.other = other;
  m.report = report;
  m.our_history = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  m.their_history = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  m.doc_map = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  m.source_map = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  m.now = _attest_store_now_iso8601 ();

  if (!_attest_store_begin_write (self, "merging", error))
    goto done;

  /* The two histories as they were before this merge: what each side has
   * that the other has not seen decides every field. */
  if (!each_row (self, "SELECT uuid FROM history", NULL, collect_uuid, m.our_history, &local_error) ||
      !each_row (other, "SELECT uuid FROM history", NULL, collect_uuid, m.their_history, &local_error) ||
      !each_row (other, "SELECT uuid, name FROM annotators ORDER BY id", NULL, merge_annotator, &m, &local_error) ||
      !each_row (other, "SELECT key, label, description, color, CAST (shortcut AS TEXT), parent_key,"
                        " CAST (retired AS TEXT), modified FROM categories ORDER BY parent_key IS NOT NULL, position",
                 NULL, merge_category, &m, &local_error) ||
      !each_row (other, "SELECT uuid, sha256, title, publication, volume, issue, author, date, origin,"
                        " format, encoding, text, length, body_start, imported FROM documents ORDER BY id",
                 NULL, merge_document, &m, &local_error) ||
      !each_row (other, "SELECT s.uuid, d.uuid, s.outlet, s.place, s.date_text, s.date_when, s.url, s.title,"
                        " s.reliability, s.created FROM sources s LEFT JOIN documents d ON d.id = s.document_id"
                        " ORDER BY s.id", NULL, merge_source, &m, &local_error) ||
      !each_row (other, "SELECT t.uuid, d.uuid, s.uuid, t.start, t.\"end\", t.text, t.closes_paragraph,"
                        " t.paragraph_start FROM citations t JOIN documents d ON d.id = t.document_id"
                        " JOIN sources s ON s.id = t.source_id ORDER BY t.id",
                 NULL, merge_citation, &m, &local_error) ||
      !each_row (other, "SELECT c.uuid, d.uuid, c.start, c.\"end\", c.quote, k.key, c.status, c.certainty,"
                        " c.comment, CAST (c.deleted AS TEXT), a.name, c.created, c.modified, c.version"
                        " FROM claims c JOIN documents d ON d.id = c.document_id"
                        " JOIN categories k ON k.id = c.category_id JOIN annotators a ON a.id = c.annotator_id"
                        " ORDER BY c.id", NULL, merge_claim, &m, &local_error) ||
      !each_row (other, "SELECT c.uuid, s.uuid, a.name, cs.created FROM claim_sources cs"
                        " JOIN claims c ON c.id = cs.claim_id JOIN sources s ON s.id = cs.source_id"
                        " JOIN annotators a ON a.id = cs.annotator_id", NULL, merge_link, &m, &local_error) ||
      !each_row (self, "SELECT c.uuid, s.uuid FROM claim_sources cs JOIN claims c ON c.id = cs.claim_id"
                       " JOIN sources s ON s.id = cs.source_id", NULL, merge_unlink, &m, &local_error) ||
      !each_row (other, "SELECT uuid, at, annotator, entity, entity_uuid, action, field, old_value, new_value"
                        " FROM history ORDER BY id", NULL, merge_history, &m, &local_error))
    {
      _attest_store_rollback_write (self);
      g_propagate_error (error, g_steal_pointer (&local_error));
      goto done;
    }

  ok = _attest_store_commit_write (self, "merging", error);

done:
  /* Nothing was changed on failure, so there is nothing to report. */
  if (!ok || report == &scratch)
    attest_merge_report_clear (report);
  g_clear_pointer (&m.our_history, g_hash_table_unref);
  g_clear_pointer (&m.their_history, g_hash_table_unref);
  g_clear_pointer (&m.doc_map, g_hash_table_unref);
  g_clear_pointer (&m.source_map, g_hash_table_unref);
  g_free (m.now);
  return ok;
}
