/* attest-store-replica.c — this database as a replica of a team's server
 * (part of AttestStore; see attest-store-private.h).
 *
 * A team shares its work through a server that keeps, in the order it
 * received them, the rows every member changed (see the sync code in
 * src/core/sync). Each member's database is a replica; beside it lies a
 * mirror: an Attest database holding exactly what the server held at the
 * last change this replica read. The mirror is what makes the rules of
 * merging copies the rules of syncing too:
 *
 *  - pulling applies the server's new rows to the mirror (here:
 *    attest_store_replica_apply()), then merges the mirror into the replica
 *    like a teammate's copy (attest_store_merge(), all its checks and
 *    conflict rules), then fast-forwards every row the replica has no
 *    unsent change of to the mirror's exact values (its version and times
 *    too), so that replicas agree to the byte and a row never bounces
 *    between two of them;
 *  - pushing sends the rows that differ between replica and mirror
 *    (attest_store_replica_changes()): this member's own changes, and what
 *    their merges decided.
 *
 * A sync looks only at what changed since the last one: triggers write
 * down each row changed in the replica (replica_dirty, whoever writes),
 * the mirror lists the entities it pulled (replica_touched), and the
 * merge, fast-forward and comparison take those rows only
 * (attest_store_replica_pending()). A token renewed by each sync's write
 * tells when a copy of either file was put back; then every row is looked
 * at once (attest_store_replica_recover()). Each pulled change is checked
 * as a merge would check it and left out if it fails.
 *
 * Rows travel by their keys (uuids, a category's key, an outlet's name):
 * a row id of one database means nothing in another, so each reference is
 * written as the key of the row it points to. One table of descriptions
 * below drives every statement; a table added to the schema is replicated
 * once it is described here.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include <json-glib/json-glib.h>
#include <string.h>

#include "attest-error.h"
#include "attest-store-private.h"

#define MIRROR "replica_mirror"

typedef struct {
  const char *name;
  const char *ref_table;  /* a row id of this table, travelling as its key */
  const char *ref_key;
  gboolean    heavy;      /* compared through another column, sent when changed */
  gboolean    fixed;      /* never changes once the row is written (a merge refuses a change) */
} Column;

typedef struct {
  const char *table;
  guint       n_key;      /* the first n_key columns are the row's key */
  /* The history entity a row belongs to (SQL over alias t of main), or
   * NULL for rows never changed once written, or without a history. */
  const char *history_key;
  gboolean    without_rowid;
  /* What the tracking triggers write down for a row changed here (see
   * attest_store_replica_track()): its rowid, or, for a table without one,
   * the column standing for it. */
  const char *dirty_column;
  /* The dirty_column values of the rows of schema %s that belong to an
   * entity pulled since the last sync (TOUCHED), or NULL: none do. */
  const char *touched_rows;
  /* Which entity a change of this table touches, as the history names it:
   * the value of this column (in the change's row, else its key), or of
   * attest_outlet_history_id() over it. */
  const char *entity_column;
  gboolean    outlet_entity;
  Column      columns[18];
} Table;

#define REF(col, table, key) { col, table, key, FALSE, FALSE }
#define COL(col) { col, NULL, NULL, FALSE, FALSE }
#define FIXED_REF(col, table, key) { col, table, key, FALSE, TRUE }
#define FIXED(col) { col, NULL, NULL, FALSE, TRUE }
/* The entities pulled since the last sync, in the attached mirror. */
#define TOUCHED "(SELECT entity FROM " MIRROR ".replica_touched)"

/* In the order rows can be added: each after the tables it points to. */
static const Table tables[] = {
  { .table = "annotators", .n_key = 1, .dirty_column = "rowid",
    .columns = { COL ("uuid"), COL ("name") } },
  { .table = "documents", .n_key = 1, .history_key = "t.uuid", .dirty_column = "rowid",
    .touched_rows = "SELECT id FROM %s.documents WHERE uuid IN " TOUCHED, .entity_column = "uuid",
    .columns = { COL ("uuid"), FIXED ("sha256"), COL ("title"), COL ("publication"), COL ("volume"), COL ("issue"),
                 COL ("author"), COL ("date"), COL ("origin"), COL ("format"), COL ("encoding"), FIXED ("length"),
                 COL ("body_start"), COL ("imported"), COL ("version"),
                 /* The same SHA-256 is the same text: compared by that, never read twice. */
                 { "text", NULL, NULL, TRUE, FALSE } } },
  /* Its rowid is its document's id. */
  { .table = "document_extractions", .n_key = 1, .dirty_column = "rowid",
    .touched_rows = "SELECT id FROM %s.documents WHERE uuid IN " TOUCHED, .entity_column = "document_id",
    .columns = { REF ("document_id", "documents", "uuid"), COL ("facts") } },
  { .table = "categories", .n_key = 1, .history_key = "t.key", .dirty_column = "rowid",
    .touched_rows = "SELECT id FROM %s.categories WHERE key IN " TOUCHED, .entity_column = "key",
    .columns = { COL ("key"), COL ("label"), COL ("description"), COL ("color"), COL ("shortcut"),
                 COL ("parent_key"), COL ("retired"), COL ("position"), COL ("version"), COL ("modified") } },
  { .table = "sources", .n_key = 1, .history_key = "t.uuid", .dirty_column = "rowid",
    .touched_rows = "SELECT id FROM %s.sources WHERE uuid IN " TOUCHED, .entity_column = "uuid",
    .columns = { COL ("uuid"), FIXED_REF ("document_id", "documents", "uuid"), COL ("outlet"), COL ("place"),
                 COL ("date_text"), COL ("date_when"), COL ("url"), COL ("title"), COL ("reliability"),
                 COL ("created") } },
  { .table = "citations", .n_key = 1, .history_key = "t.uuid", .dirty_column = "rowid",
    .touched_rows = "SELECT id FROM %s.citations WHERE uuid IN " TOUCHED, .entity_column = "uuid",
    .columns = { COL ("uuid"), FIXED_REF ("document_id", "documents", "uuid"), REF ("source_id", "sources", "uuid"),
                 COL ("start"), COL ("end"), COL ("text"), COL ("closes_paragraph"), COL ("paragraph_start"),
                 COL ("kind"), COL ("cover_start"), COL ("cover_end") } },
  { .table = "citation_tombstones", .n_key = 1, .dirty_column = "rowid",
    .touched_rows = "SELECT rowid FROM %s.citation_tombstones WHERE uuid IN " TOUCHED, .entity_column = "uuid",
    .columns = { COL ("uuid"), REF ("document_id", "documents", "uuid"), COL ("source_uuid"), COL ("start"),
                 COL ("end"), COL ("text"), COL ("outlet"), COL ("kind"), COL ("cover_start"), COL ("cover_end"),
                 COL ("closes_paragraph"), COL ("paragraph_start"), COL ("removed") } },
  { .table = "claims", .n_key = 1, .history_key = "t.uuid", .dirty_column = "rowid",
    .touched_rows = "SELECT id FROM %s.claims WHERE uuid IN " TOUCHED, .entity_column = "uuid",
    .columns = { COL ("uuid"), FIXED_REF ("document_id", "documents", "uuid"), FIXED ("start"), FIXED ("end"),
                 FIXED ("quote"), REF ("category_id", "categories", "key"), REF ("annotator_id", "annotators", "uuid"),
                 COL ("created"), COL ("modified"), COL ("status"), COL ("certainty"), COL ("comment"),
                 COL ("version"), COL ("deleted") } },
  /* A claim's links are told in its history (link, unlink). */
  { .table = "claim_sources", .n_key = 2, .history_key = "(SELECT x.uuid FROM main.claims x WHERE x.id = t.claim_id)",
    .without_rowid = TRUE, .dirty_column = "claim_id",
    .touched_rows = "SELECT id FROM %s.claims WHERE uuid IN " TOUCHED, .entity_column = "claim_id",
    .columns = { REF ("claim_id", "claims", "uuid"), REF ("source_id", "sources", "uuid"),
                 REF ("annotator_id", "annotators", "uuid"), COL ("created") } },
  { .table = "history", .n_key = 1, .dirty_column = "rowid",
    .touched_rows = "SELECT id FROM %s.history WHERE entity_uuid IN " TOUCHED, .entity_column = "entity_uuid",
    .columns = { COL ("uuid"), COL ("at"), COL ("annotator"), COL ("entity"), COL ("entity_uuid"), COL ("action"),
                 COL ("field"), COL ("old_value"), COL ("new_value") } },
  { .table = "outlets", .n_key = 1, .history_key = "attest_outlet_history_id (t.name)", .without_rowid = TRUE,
    .dirty_column = "name",
    .touched_rows = "SELECT name FROM %s.outlets WHERE attest_outlet_history_id (name) IN " TOUCHED,
    .entity_column = "name", .outlet_entity = TRUE,
    .columns = { COL ("name"), COL ("canonical"), COL ("annotator"), COL ("created") } },
};

static guint
n_columns (const Table *t)
{
  guint n = 0;

  while (n < G_N_ELEMENTS (t->columns) && t->columns[n].name != NULL)
    n++;
  return n;
}

static const Table *
find_table (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    if (g_strcmp0 (tables[i].table, name) == 0)
      return &tables[i];
  return NULL;
}

/* A column of alias @alias (a row of @schema) as it travels: a reference
 * becomes the key of the row it points to. */
static void
append_value (GString      *sql,
              const Column *c,
              const char   *schema,
              const char   *alias)
{
  if (c->ref_table)
    g_string_append_printf (sql, "(SELECT x.\"%s\" FROM %s.%s x WHERE x.id = %s.\"%s\")",
                            c->ref_key, schema, c->ref_table, alias, c->name);
  else
    g_string_append_printf (sql, "%s.\"%s\"", alias, c->name);
}

/* The columns of @t, as they travel; a heavy one by the column that
 * stands for it (sha256, already in the list) is left out. */
static void
append_values (GString     *sql,
               const Table *t,
               const char  *schema,
               const char  *alias,
               guint        n)
{
  gboolean first = TRUE;

  for (guint i = 0; i < n; i++)
    {
      if (t->columns[i].heavy)
        continue;
      if (!first)
        g_string_append (sql, ", ");
      append_value (sql, &t->columns[i], schema, alias);
      first = FALSE;
    }
}

/* "Row r of @r_schema has the key of row t of @t_schema", written so that
 * the index on r's key finds it: a reference of t is turned into the row
 * id of @r_schema's row it names. */
static void
append_same_key (GString     *sql,
                 const Table *t,
                 const char  *r_schema,
                 const char  *t_schema)
{
  for (guint i = 0; i < t->n_key; i++)
    {
      const Column *c = &t->columns[i];

      if (i > 0)
        g_string_append (sql, " AND ");
      if (c->ref_table)
        g_string_append_printf (sql, "r.\"%s\" = (SELECT y.id FROM %s.%s y WHERE y.\"%s\" ="
                                " (SELECT x.\"%s\" FROM %s.%s x WHERE x.id = t.\"%s\"))",
                                c->name, r_schema, c->ref_table, c->ref_key, c->ref_key, t_schema,
                                c->ref_table, c->name);
      else
        g_string_append_printf (sql, "r.\"%s\" = t.\"%s\"", c->name, c->name);
    }
}

/* --------------------------------------------------------------- attach */

static gboolean
attach_mirror (AttestStore *self,
               const char  *mirror_path,
               GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (self->db, "ATTACH ? AS " MIRROR, -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, mirror_path, -1, SQLITE_TRANSIENT);
      rc = sqlite3_step (stmt);
      rc = rc == SQLITE_DONE ? SQLITE_OK : rc;
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_OK)
    return _attest_store_set_sqlite_error (self, error, rc, _("opening the team's mirror"));
  return TRUE;
}

static void
detach_mirror (AttestStore *self)
{
  sqlite3_exec (self->db, "DETACH " MIRROR, NULL, NULL, NULL);
}

/* ---------------------------------------------------------------- changes */

void
attest_replica_change_free (AttestReplicaChange *change)
{
  g_free (change->table);
  g_free (change->key);
  g_free (change->body);
  g_free (change);
}

static void
add_json_value (JsonBuilder  *b,
                sqlite3_stmt *stmt,
                int           i)
{
  switch (sqlite3_column_type (stmt, i))
    {
    case SQLITE_INTEGER:
      json_builder_add_int_value (b, sqlite3_column_int64 (stmt, i));
      break;
    case SQLITE_NULL:
      json_builder_add_null_value (b);
      break;
    default:
      json_builder_add_string_value (b, (const char *) sqlite3_column_text (stmt, i));
      break;
    }
}

/* One change from a row of @stmt holding @t's columns (all of them with
 * @with_row, else only its key): {"key": {…}, "row": {…}}. */
static AttestReplicaChange *
change_from_row (AttestStore  *self,
                 const Table  *t,
                 sqlite3_stmt *stmt,
                 gboolean      with_row,
                 GError      **error)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GString) key = g_string_new (NULL);
  AttestReplicaChange *change;
  guint n = n_columns (t);
  int col = 0;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "key");
  json_builder_begin_object (b);
  for (guint i = 0; i < t->n_key; i++)
    {
      json_builder_set_member_name (b, t->columns[i].name);
      add_json_value (b, stmt, i);
      if (i > 0)
        g_string_append_c (key, ' ');
      if (sqlite3_column_type (stmt, i) != SQLITE_NULL)
        g_string_append (key, (const char *) sqlite3_column_text (stmt, i));
    }
  json_builder_end_object (b);
  if (with_row)
    {
      json_builder_set_member_name (b, "row");
      json_builder_begin_object (b);
      for (guint i = 0; i < n; i++)
        {
          const Column *c = &t->columns[i];

          json_builder_set_member_name (b, c->name);
          if (c->heavy)
            {
              /* Read only for the rows that go: "SELECT text FROM documents WHERE uuid = ?". */
              g_autofree char *sql = g_strdup_printf ("SELECT \"%s\" FROM main.%s WHERE \"%s\" = ?",
                                                      c->name, t->table, t->columns[0].name);
              sqlite3_stmt *heavy = NULL;
              int rc = sqlite3_prepare_v2 (self->db, sql, -1, &heavy, NULL);

              if (rc == SQLITE_OK)
                {
                  sqlite3_bind_value (heavy, 1, sqlite3_column_value (stmt, 0));
                  rc = sqlite3_step (heavy);
                }
              if (rc != SQLITE_ROW)
                {
                  sqlite3_finalize (heavy);
                  _attest_store_set_sqlite_error (self, error, rc, _("reading a change to send"));
                  return NULL;
                }
              add_json_value (b, heavy, 0);
              sqlite3_finalize (heavy);
            }
          else
            add_json_value (b, stmt, col++);
        }
      json_builder_end_object (b);
    }
  json_builder_end_object (b);

  root = json_builder_get_root (b);
  change = g_new0 (AttestReplicaChange, 1);
  change->table = g_strdup (t->table);
  change->key = g_string_free (g_steal_pointer (&key), FALSE);
  change->body = json_to_string (root, FALSE);
  return change;
}

static gboolean
collect_changes (AttestStore *self,
                 const Table *t,
                 const char  *sql,
                 gboolean     with_row,
                 GPtrArray   *into,
                 GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) != SQLITE_OK)
    return _attest_store_set_sqlite_error (self, error, sqlite3_errcode (self->db), _("comparing with the team's mirror"));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      AttestReplicaChange *change = change_from_row (self, t, stmt, with_row, error);

      if (change == NULL)
        {
          sqlite3_finalize (stmt);
          return FALSE;
        }
      g_ptr_array_add (into, change);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return _attest_store_set_sqlite_error (self, error, rc, _("comparing with the team's mirror"));
  return TRUE;
}

/* The first column of the first row @sql (with ?1 = @text) gives, as an
 * integer: 0 if none; -1 if the statement cannot be prepared (a table
 * this database lacks). */
static gint64
query_int (AttestStore *self,
           const char  *sql,
           const char  *text)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value = 0;

  if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      sqlite3_finalize (stmt);
      return -1;
    }
  if (text)
    sqlite3_bind_text (stmt, 1, text, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

/* Whether the tracking triggers have seen every change since the last
 * sync (see attest_store_replica_track()): the mirror recorded this
 * database's token then, and the count of changes written down has not
 * gone back (a copy of an older file put in its place). With the mirror
 * attached, in the comparing transaction. */
static gboolean
tracking_is_whole (AttestStore *self)
{
  return query_int (self,
                    "SELECT (SELECT token FROM main.replica_tracking) ="
                    "  (SELECT value FROM " MIRROR ".replica_state WHERE name = 'tracking')"
                    " AND coalesce ((SELECT seq FROM main.sqlite_sequence WHERE name = 'replica_dirty'), 0) >="
                    "  coalesce ((SELECT value FROM " MIRROR ".replica_state WHERE name = 'dirty_mark'), 0)"
                    " AND EXISTS (SELECT 1 FROM " MIRROR ".sqlite_schema WHERE name = 'replica_touched')"
                    " AND NOT EXISTS (SELECT 1 FROM " MIRROR ".replica_state WHERE name = 'touched_all')",
                    NULL) == 1;
}

/* The rows of @t in main that may differ from the mirror: those the
 * triggers wrote down, and those of the entities pulled since. */
static void
append_dirty_filter (GString     *sql,
                     const Table *t)
{
  g_string_append_printf (sql, "t.%s IN (SELECT rid FROM main.replica_dirty WHERE tbl = '%s'",
                          t->dirty_column, t->table);
  if (t->touched_rows)
    {
      g_string_append (sql, " UNION ");
      g_string_append_printf (sql, t->touched_rows, "main");
    }
  g_string_append (sql, ") AND ");
}

/* See attest_store_replica_pending(). */
static GPtrArray *
compare (AttestStore *self,
         const char  *mirror_path,
         gboolean     incremental,
         gint64      *out_mark,
         GError     **error)
{
  g_autoptr(GPtrArray) changes = g_ptr_array_new_with_free_func ((GDestroyNotify) attest_replica_change_free);
  gboolean ok = TRUE;

  if (out_mark)
    *out_mark = 0;
  if (!attach_mirror (self, mirror_path, error))
    return NULL;
  if (sqlite3_exec (self->db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
    {
      _attest_store_set_sqlite_error (self, error, sqlite3_errcode (self->db), _("comparing with the team's mirror"));
      detach_mirror (self);
      return NULL;
    }
  /* Every change written down up to here is compared below, in this
   * snapshot: attest_store_replica_settle() may forget them. */
  if (out_mark)
    *out_mark = MAX (0, query_int (self, "SELECT max (seq) FROM main.replica_dirty", NULL));
  incremental = incremental && tracking_is_whole (self);
  g_debug ("replica: comparing %s rows with the mirror", incremental ? "the tracked" : "all");
  for (guint i = 0; ok && i < G_N_ELEMENTS (tables); i++)
    {
      const Table *t = &tables[i];
      g_autoptr(GString) sql = g_string_new ("SELECT ");

      /* In the order the rows came here: the server keeps that order, and
       * every replica's rows follow it. */
      append_values (sql, t, "main", "t", n_columns (t));
      g_string_append_printf (sql, " FROM main.%s t WHERE ", t->table);
      if (incremental)
        append_dirty_filter (sql, t);
      g_string_append_printf (sql, "NOT EXISTS (SELECT 1 FROM " MIRROR ".%s r WHERE ", t->table);
      append_same_key (sql, t, MIRROR, "main");
      /* A row never changed once written goes if the server lacks it; the
       * server's own, if another, stays (the first one written wins). */
      if (t->history_key)
        {
          g_string_append (sql, " AND (");
          append_values (sql, t, "main", "t", n_columns (t));
          g_string_append (sql, ") IS (");
          append_values (sql, t, MIRROR, "r", n_columns (t));
          g_string_append (sql, ")");
        }
      g_string_append (sql, ") ORDER BY ");
      /* A category after its parent: the mirror checks each reference as
       * the row comes (see attest_store_replica_apply_each()). */
      if (g_str_equal (t->table, "categories"))
        g_string_append (sql, ATTEST_CATEGORY_DEPTH ("t.parent_key", "main.categories") ", ");
      if (t->without_rowid)
        append_values (sql, t, "main", "t", t->n_key);
      else
        g_string_append (sql, "t.rowid");
      ok = collect_changes (self, t, sql->str, TRUE, changes, error);
    }
  for (guint i = G_N_ELEMENTS (tables); ok && i > 0; i--)
    {
      const Table *t = &tables[i - 1];
      g_autoptr(GString) sql = g_string_new ("SELECT ");

      /* Nor is it ever removed: a row the server has and this database
       * lacks is one a merge brings (this is a copy put back from before). */
      if (!t->history_key)
        continue;
      append_values (sql, t, MIRROR, "t", t->n_key);
      if (!incremental ||
          query_int (self, "SELECT EXISTS (SELECT 1 FROM main.replica_dirty WHERE tbl = ?1 AND rid = '')",
                     t->table) != 0)
        {
          /* Rows went here (or nothing tells which did): all are compared. */
          g_string_append_printf (sql, " FROM " MIRROR ".%s t EXCEPT SELECT ", t->table);
          append_values (sql, t, "main", "t", t->n_key);
          g_string_append_printf (sql, " FROM main.%s t", t->table);
        }
      else if (t->touched_rows)
        {
          /* Rows the server gained that the merge did not take. */
          g_string_append_printf (sql, " FROM " MIRROR ".%s t WHERE t.%s IN (", t->table, t->dirty_column);
          g_string_append_printf (sql, t->touched_rows, MIRROR);
          g_string_append_printf (sql, ") AND NOT EXISTS (SELECT 1 FROM main.%s r WHERE ", t->table);
          append_same_key (sql, t, "main", MIRROR);
          g_string_append (sql, ")");
        }
      else
        continue;
      ok = collect_changes (self, t, sql->str, FALSE, changes, error);
    }
  sqlite3_exec (self->db, "COMMIT", NULL, NULL, NULL);
  detach_mirror (self);
  return ok ? g_steal_pointer (&changes) : NULL;
}

/**
 * attest_store_replica_changes:
 * @self: a #AttestStore, the replica
 * @mirror_path: its mirror (see the top of attest-store-replica.c)
 * @error: return location for a #GError, or %NULL
 *
 * What this replica has that its mirror has not: each row added or
 * changed, then each row removed (a link unlinked, a citation removed),
 * in an order the mirror can apply them in. Read in one snapshot, every
 * row compared.
 *
 * Returns: (transfer container) (element-type AttestReplicaChange) (nullable):
 *   the changes, or %NULL with @error set
 */
GPtrArray *
attest_store_replica_changes (AttestStore *self,
                              const char  *mirror_path,
                              GError     **error)
{
  g_return_val_if_fail (ATTEST_IS_STORE (self), NULL);

  return compare (self, mirror_path, FALSE, NULL, error);
}

/**
 * attest_store_replica_pending:
 * @self: a #AttestStore, the replica
 * @mirror_path: its mirror
 * @out_mark: (out): how far the changes written down here were compared,
 *   for attest_store_replica_settle()
 * @error: return location for a #GError, or %NULL
 *
 * The same changes as attest_store_replica_changes(), found by comparing
 * only the rows changed here since the last sync and those of the
 * entities pulled since (when the tracking is whole; else every row).
 *
 * Returns: (transfer container) (element-type AttestReplicaChange) (nullable):
 *   the changes, or %NULL with @error set
 */
GPtrArray *
attest_store_replica_pending (AttestStore *self,
                              const char  *mirror_path,
                              gint64      *out_mark,
                              GError     **error)
{
  g_return_val_if_fail (ATTEST_IS_STORE (self), NULL);
  g_return_val_if_fail (out_mark != NULL, NULL);

  return compare (self, mirror_path, TRUE, out_mark, error);
}

/* ----------------------------------------------------------------- tracking */

static gboolean ensure_mirror_tables (AttestStore *self,
                                      GError     **error);
static gboolean set_state (AttestStore *self,
                           const char  *name,
                           const char  *text,
                           gint64       number,
                           GError     **error);

/**
 * attest_store_replica_track:
 * @self: a #AttestStore, the replica
 * @error: return location for a #GError, or %NULL
 *
 * Makes this database write down which rows change (triggers on every
 * replicated table fill replica_dirty), whoever writes them: this
 * process, the window, another command. So a sync compares the rows
 * changed since the last one, not every row. Nothing happens if it does
 * already. A random token, recorded in the mirror by
 * attest_store_replica_settle(), tells a later sync that no change went
 * unseen in between.
 *
 * Returns: %TRUE on success
 */
gboolean
attest_store_replica_track (AttestStore  *self,
                            GError      **error)
{
  g_autoptr(GString) sql = NULL;
  g_autofree char *token = NULL;

  g_return_val_if_fail (ATTEST_IS_STORE (self), FALSE);

  if (query_int (self, "SELECT count (*) FROM main.replica_tracking", NULL) == 1)
    return TRUE;
  token = g_uuid_string_random ();
  sql = g_string_new ("CREATE TABLE IF NOT EXISTS main.replica_tracking (token TEXT NOT NULL);"
                      /* AUTOINCREMENT: a seq is never given twice, so "forget
                       * up to the mark" never forgets a later change. rid
                       * INTEGER: untyped, the triggers' lookups by it scan
                       * (an outlet's name, text, is found by it all the same). */
                      "CREATE TABLE IF NOT EXISTS main.replica_dirty ("
                      " seq INTEGER PRIMARY KEY AUTOINCREMENT, tbl TEXT NOT NULL, rid INTEGER, UNIQUE (tbl, rid));"
                      "DELETE FROM main.replica_tracking;");
  g_string_append_printf (sql, "INSERT INTO main.replica_tracking (token) VALUES ('%s');", token);
  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    {
      const Table *t = &tables[i];
      /* Delete, then insert: a conflict clause in a trigger yields to the
       * outer statement's (an INSERT OR IGNORE would keep the old seq). */
      g_autofree char *note_new = g_strdup_printf (
        "DELETE FROM replica_dirty WHERE tbl = '%1$s' AND rid = NEW.%2$s;"
        " INSERT INTO replica_dirty (tbl, rid) VALUES ('%1$s', NEW.%2$s);", t->table, t->dirty_column);

      g_string_append_printf (sql,
                              "CREATE TRIGGER IF NOT EXISTS main.replica_dirty_%1$s_insert AFTER INSERT ON %1$s"
                              " BEGIN %2$s END;"
                              "CREATE TRIGGER IF NOT EXISTS main.replica_dirty_%1$s_update AFTER UPDATE ON %1$s"
                              " BEGIN %2$s END;"
                              /* A row gone: its table is compared whole once. */
                              "CREATE TRIGGER IF NOT EXISTS main.replica_dirty_%1$s_delete AFTER DELETE ON %1$s"
                              " BEGIN DELETE FROM replica_dirty WHERE tbl = '%1$s' AND rid = '';"
                              " INSERT INTO replica_dirty (tbl, rid) VALUES ('%1$s', ''); END;",
                              t->table, note_new);
    }
  if (!_attest_store_check_writable (self, error) ||
      !_attest_store_begin_write (self, _("preparing to sync"), error))
    return FALSE;
  if (sqlite3_exec (self->db, sql->str, NULL, NULL, NULL) != SQLITE_OK)
    {
      _attest_store_set_sqlite_error (self, error, sqlite3_errcode (self->db), _("preparing to sync"));
      _attest_store_rollback_write (self);
      return FALSE;
    }
  return _attest_store_commit_write (self, _("preparing to sync"), error);
}

/**
 * attest_store_replica_is_tracked:
 * @self: a #AttestStore
 *
 * Returns: whether this database writes down which rows change (a
 * member's, or a copy of one)
 */
gboolean
attest_store_replica_is_tracked (AttestStore *self)
{
  g_return_val_if_fail (ATTEST_IS_STORE (self), FALSE);

  return query_int (self, "SELECT count (*) FROM main.replica_tracking", NULL) >= 0;
}

/**
 * attest_store_replica_untrack:
 * @self: a #AttestStore, a replica leaving its team
 * @error: return location for a #GError, or %NULL
 *
 * Undoes attest_store_replica_track().
 *
 * Returns: %TRUE on success
 */
gboolean
attest_store_replica_untrack (AttestStore  *self,
                              GError      **error)
{
  g_autoptr(GString) sql = g_string_new (NULL);

  g_return_val_if_fail (ATTEST_IS_STORE (self), FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    g_string_append_printf (sql,
                            "DROP TRIGGER IF EXISTS main.replica_dirty_%1$s_insert;"
                            "DROP TRIGGER IF EXISTS main.replica_dirty_%1$s_update;"
                            "DROP TRIGGER IF EXISTS main.replica_dirty_%1$s_delete;", tables[i].table);
  g_string_append (sql, "DROP TABLE IF EXISTS main.replica_dirty; DROP TABLE IF EXISTS main.replica_tracking;");
  if (!_attest_store_check_writable (self, error) ||
      !_attest_store_begin_write (self, _("leaving the team"), error))
    return FALSE;
  if (sqlite3_exec (self->db, sql->str, NULL, NULL, NULL) != SQLITE_OK)
    {
      _attest_store_set_sqlite_error (self, error, sqlite3_errcode (self->db), _("leaving the team"));
      _attest_store_rollback_write (self);
      return FALSE;
    }
  return _attest_store_commit_write (self, _("leaving the team"), error);
}

/* A new token for this database's tracking, in its open write
 * transaction: every write of a sync here changes it, so that a copy of
 * the file from before, put back in its place, is known by its older
 * token at the next sync (attest_store_replica_recover()). *@out_token is
 * NULL if this database is not tracked. */
static gboolean
rotate_token (AttestStore  *self,
              char        **out_token,
              GError      **error)
{
  g_autofree char *token = NULL;
  sqlite3_stmt *stmt;

  *out_token = NULL;
  if (query_int (self, "SELECT count (*) FROM main.replica_tracking", NULL) != 1)
    return TRUE;
  token = g_uuid_string_random ();
  if (!(stmt = _attest_store_prepare (self, "UPDATE main.replica_tracking SET token = ?", error)))
    return FALSE;
  _attest_store_bind_text (stmt, 1, token);
  if (!_attest_store_step_done (self, stmt, _("recording the team's state"), error))
    return FALSE;
  *out_token = g_steal_pointer (&token);
  return TRUE;
}

/**
 * attest_store_replica_recover:
 * @self: a #AttestStore, the replica
 * @mirror: its mirror
 * @error: return location for a #GError, or %NULL
 *
 * Before a sync. If what this database wrote down may not cover every
 * change since the last sync — another copy of the file put in its place
 * (a backup, the same database from another computer), a mirror copied
 * from elsewhere, a crash between writing the two, a database from before
 * the tracking — the mirror is told to merge, fast-forward and compare
 * every row this once, as at a first sync. Nothing is lost either way;
 * only time.
 *
 * Returns: %TRUE on success
 */
gboolean
attest_store_replica_recover (AttestStore  *self,
                              AttestStore  *mirror,
                              GError      **error)
{
  g_autofree char *ours = NULL;
  g_autofree char *recorded = attest_store_replica_get_state (mirror, "tracking", NULL);
  g_autofree char *mark = attest_store_replica_get_state (mirror, "dirty_mark", NULL);
  sqlite3_stmt *stmt = NULL;
  gint64 seq;

  g_return_val_if_fail (ATTEST_IS_STORE (self), FALSE);
  g_return_val_if_fail (ATTEST_IS_STORE (mirror), FALSE);

  if (sqlite3_prepare_v2 (self->db, "SELECT token FROM main.replica_tracking", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    ours = _attest_store_column_dup (stmt, 0);
  sqlite3_finalize (stmt);
  seq = MAX (0, query_int (self, "SELECT seq FROM main.sqlite_sequence WHERE name = 'replica_dirty'", NULL));
  if (ours && g_strcmp0 (ours, recorded) == 0 && seq >= (mark ? g_ascii_strtoll (mark, NULL, 10) : 0))
    return TRUE;

  g_debug ("replica: this database's record of changes is not whole: every row is looked at");
  if (!_attest_store_check_writable (mirror, error) ||
      !_attest_store_begin_write (mirror, _("recording the team's state"), error))
    return FALSE;
  if (!set_state (mirror, "touched_all", "1", 0, error) ||
      sqlite3_exec (mirror->db, "DELETE FROM replica_state WHERE name = 'merged'", NULL, NULL, NULL) != SQLITE_OK)
    {
      if (error && *error == NULL)
        _attest_store_set_sqlite_error (mirror, error, sqlite3_errcode (mirror->db), _("recording the team's state"));
      _attest_store_rollback_write (mirror);
      return FALSE;
    }
  return _attest_store_commit_write (mirror, _("recording the team's state"), error);
}

/**
 * attest_store_replica_settle:
 * @self: a #AttestStore, the replica
 * @mirror: its mirror, holding what was just compared
 * @mark: the mark attest_store_replica_pending() gave, or 0 to keep
 *   every change written down (a follower's, never sent)
 * @error: return location for a #GError, or %NULL
 *
 * After a sync sent what attest_store_replica_pending() found (or found
 * nothing): the changes written down up to @mark are forgotten here, and
 * the mirror forgets which entities were pulled, and records this
 * database's token. In that order: a crash in between leaves more to
 * compare, never less.
 *
 * Returns: %TRUE on success
 */
gboolean
attest_store_replica_settle (AttestStore  *self,
                             AttestStore  *mirror,
                             gint64        mark,
                             GError      **error)
{
  g_autofree char *token = NULL;
  g_autofree char *rotated = NULL;
  g_autofree char *mark_text = NULL;
  sqlite3_stmt *stmt = NULL;

  g_return_val_if_fail (ATTEST_IS_STORE (self), FALSE);
  g_return_val_if_fail (ATTEST_IS_STORE (mirror), FALSE);

  if (sqlite3_prepare_v2 (self->db, "SELECT token FROM main.replica_tracking", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    token = _attest_store_column_dup (stmt, 0);
  sqlite3_finalize (stmt);
  if (token == NULL)
    return TRUE;
  /* A write (and a wake-up of every window) only when there is something
   * to forget. */
  if (mark > 0 && query_int (self, "SELECT EXISTS (SELECT 1 FROM main.replica_dirty WHERE seq <= CAST (?1 AS INTEGER))",
                             mark_text = g_strdup_printf ("%" G_GINT64_FORMAT, mark)) == 1)
    {
      if (!_attest_store_check_writable (self, error) ||
          !_attest_store_begin_write (self, _("recording the team's state"), error))
        return FALSE;
      if (!(stmt = _attest_store_prepare (self, "DELETE FROM main.replica_dirty WHERE seq <= ?", error)))
        {
          _attest_store_rollback_write (self);
          return FALSE;
        }
      sqlite3_bind_int64 (stmt, 1, mark);
      if (!_attest_store_step_done (self, stmt, _("recording the team's state"), error) ||
          !rotate_token (self, &rotated, error))
        {
          _attest_store_rollback_write (self);
          return FALSE;
        }
      if (!_attest_store_commit_write (self, _("recording the team's state"), error))
        return FALSE;
      if (rotated)
        {
          g_free (token);
          token = g_steal_pointer (&rotated);
        }
    }

  if (!_attest_store_check_writable (mirror, error) ||
      !_attest_store_begin_write (mirror, _("recording the team's state"), error))
    return FALSE;
  if (!ensure_mirror_tables (mirror, error) ||
      sqlite3_exec (mirror->db, "DELETE FROM replica_touched; DELETE FROM replica_state WHERE name = 'touched_all'",
                    NULL, NULL, NULL) != SQLITE_OK ||
      !set_state (mirror, "tracking", token, 0, error) ||
      (mark > 0 && !set_state (mirror, "dirty_mark", NULL, mark, error)))
    {
      if (error && *error == NULL)
        _attest_store_set_sqlite_error (mirror, error, sqlite3_errcode (mirror->db), _("recording the team's state"));
      _attest_store_rollback_write (mirror);
      return FALSE;
    }
  return _attest_store_commit_write (mirror, _("recording the team's state"), error);
}

/* ------------------------------------------------------------------ apply */

static gboolean
bind_json (AttestStore  *self,
           sqlite3_stmt *stmt,
           int           index,
           JsonObject   *object,
           const char   *member,
           GError      **error)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;

  if (node == NULL)
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID,
                   _("A change from the team's server lacks the column “%s”"), member);
      return FALSE;
    }
  if (JSON_NODE_HOLDS_NULL (node))
    sqlite3_bind_null (stmt, index);
  else if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64)
    sqlite3_bind_int64 (stmt, index, json_node_get_int (node));
  else if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    sqlite3_bind_text (stmt, index, json_node_get_string (node), -1, SQLITE_TRANSIENT);
  else
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID,
                   _("A change from the team's server holds a value of the wrong kind in “%s”"), member);
      return FALSE;
    }
  return TRUE;
}

/* @name of @object when it is an object itself, else NULL. */
static JsonObject *
object_member (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

/* The value of column @c, from parameter @n: a reference is found by the
 * key it travels as. */
static void
append_parameter (GString      *sql,
                  const Column *c,
                  guint         n)
{
  if (c->ref_table)
    g_string_append_printf (sql, "(SELECT id FROM %s WHERE \"%s\" = ?%u)", c->ref_table, c->ref_key, n);
  else
    g_string_append_printf (sql, "?%u", n);
}

/* An applied change's entity, for the next merge, fast-forward and
 * comparison to look at (see Table.touched_rows). */
static gboolean
note_touched (AttestStore *self,
              const Table *t,
              JsonObject  *values,
              GError     **error)
{
  static const char plain_sql[] = "INSERT OR IGNORE INTO replica_touched (entity) VALUES (?1)";
  static const char outlet_sql[] =
    "INSERT OR IGNORE INTO replica_touched (entity) VALUES (attest_outlet_history_id (?1))";
  JsonNode *node;
  sqlite3_stmt *stmt;

  if (t->entity_column == NULL)
    return TRUE;
  node = json_object_get_member (values, t->entity_column);
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return TRUE;
  if (!(stmt = _attest_store_prepare (self, t->outlet_entity ? outlet_sql : plain_sql, error)))
    return FALSE;
  _attest_store_bind_text (stmt, 1, json_node_get_string (node));
  return _attest_store_step_done (self, stmt, _("applying the team's changes"), error);
}

/* Runs @sql with the values of @t's first @n columns from @object; the
 * first column of a row it returns (if any) into @out. */
static gboolean
run_bound (AttestStore *self,
           const char  *sql,
           const Table *t,
           guint        n,
           JsonObject  *object,
           int         *out,
           GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  *out = 0;
  if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) != SQLITE_OK)
    return _attest_store_set_sqlite_error (self, error, sqlite3_errcode (self->db), _("applying the team's changes"));
  for (guint i = 0; i < n; i++)
    if (!bind_json (self, stmt, i + 1, object, t->columns[i].name, error))
      {
        sqlite3_finalize (stmt);
        return FALSE;
      }
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *out = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    return _attest_store_set_sqlite_error (self, error, rc, _("applying the team's changes"));
  return TRUE;
}

/* A change may not alter what identifies a row beyond its key (a claim's
 * passage, the article of a source, a text): a merge refuses that, and
 * with it the whole mirror. */
static gboolean
check_fixed (AttestStore *self,
             const Table *t,
             guint        n,
             JsonObject  *row,
             GError     **error)
{
  g_autoptr(GString) sql = g_string_new ("SELECT EXISTS (SELECT 1 FROM ");
  gboolean any = FALSE;
  int moved = 0;

  g_string_append_printf (sql, "%s WHERE ", t->table);
  for (guint i = 0; i < t->n_key; i++)
    {
      g_string_append_printf (sql, "%s\"%s\" IS ", i ? " AND " : "", t->columns[i].name);
      append_parameter (sql, &t->columns[i], i + 1);
    }
  g_string_append (sql, " AND NOT (");
  for (guint i = t->n_key; i < n; i++)
    if (t->columns[i].fixed)
      {
        g_string_append_printf (sql, "%s\"%s\" IS ", any ? " AND " : "", t->columns[i].name);
        append_parameter (sql, &t->columns[i], i + 1);
        any = TRUE;
      }
  g_string_append (sql, "))");
  if (!any)
    return TRUE;
  if (!run_bound (self, sql->str, t, n, row, &moved, error))
    return FALSE;
  if (moved)
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID,
                   _("The change moves a row of %s to another passage, article or text, which Attest never does"),
                   t->table);
      return FALSE;
    }
  return TRUE;
}

static gboolean
apply_one (AttestStore      *self,
           const char       *table,
           const char       *body,
           gboolean          note,
           AttestRowChecker *checker,
           GError          **error)
{
  const Table *t = find_table (table);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GString) sql = g_string_new (NULL);
  JsonObject *root, *key, *row;
  guint n;
  int rc;

  if (t == NULL)
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID,
                   _("The team's server holds a change of “%s”, which this version of Attest does not know"),
                   table ? table : "");
      return FALSE;
    }
  if (!json_parser_load_from_data (parser, body ? body : "", -1, error) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_clear_error (error);
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID,
                   _("A change of %s from the team's server is not a JSON object"), table);
      return FALSE;
    }
  root = json_node_get_object (json_parser_get_root (parser));
  key = object_member (root, "key");
  row = object_member (root, "row");
  if ((json_object_has_member (root, "key") && key == NULL) || (json_object_has_member (root, "row") && row == NULL) ||
      (key == NULL && row == NULL))
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID,
                   _("A change of %s from the team's server has no key or row to apply"), table);
      return FALSE;
    }
  n = row ? n_columns (t) : t->n_key;
  if (!row && !t->history_key)
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID,
                   _("The change removes a row of %s, which Attest never removes"), t->table);
      return FALSE;
    }

  if (row)
    {
      g_string_append_printf (sql, "INSERT INTO %s (", t->table);
      for (guint i = 0; i < n; i++)
        g_string_append_printf (sql, "%s\"%s\"", i ? ", " : "", t->columns[i].name);
      g_string_append (sql, ") VALUES (");
      for (guint i = 0; i < n; i++)
        {
          if (i)
            g_string_append (sql, ", ");
          append_parameter (sql, &t->columns[i], i + 1);
        }
      g_string_append (sql, ") ON CONFLICT (");
      for (guint i = 0; i < t->n_key; i++)
        g_string_append_printf (sql, "%s\"%s\"", i ? ", " : "", t->columns[i].name);
      /* A row never changed once written stays as it was (checked below). */
      g_string_append (sql, t->history_key ? ") DO UPDATE SET " : ") DO NOTHING");
      for (guint i = t->n_key; t->history_key && i < n; i++)
        g_string_append_printf (sql, "%s\"%s\" = excluded.\"%s\"", i > t->n_key ? ", " : "",
                                t->columns[i].name, t->columns[i].name);
    }
  else
    {
      g_string_append_printf (sql, "DELETE FROM %s WHERE ", t->table);
      for (guint i = 0; i < n; i++)
        {
          g_string_append_printf (sql, "%s\"%s\" IS ", i ? " AND " : "", t->columns[i].name);
          append_parameter (sql, &t->columns[i], i + 1);
        }
    }

  if (row && t->history_key && !check_fixed (self, t, n, row, error))
    return FALSE;
  if (!run_bound (self, sql->str, t, n, row ? row : key, &rc, error))
    return FALSE;
  if (row && !t->history_key && sqlite3_changes (self->db) == 0)
    {
      g_autoptr(GString) same = g_string_new ("SELECT EXISTS (SELECT 1 FROM ");

      /* There already: the change must say the same. */
      g_string_append_printf (same, "%s WHERE ", t->table);
      for (guint i = 0; i < n; i++)
        {
          g_string_append_printf (same, "%s\"%s\" IS ", i ? " AND " : "", t->columns[i].name);
          append_parameter (same, &t->columns[i], i + 1);
        }
      g_string_append (same, ")");
      if (!run_bound (self, same->str, t, n, row, &rc, error))
        return FALSE;
      if (rc != 1)
        {
          g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID,
                       _("The change rewrites a row of %s, which Attest never changes once written"), t->table);
          return FALSE;
        }
    }
  if (note && !note_touched (self, t, row ? row : key, error))
    return FALSE;
  /* What a merge would refuse is left out now, not in every later sync. */
  if (checker && row)
    {
      JsonNode *id = json_object_get_member (row, t->columns[0].name);

      if (id && JSON_NODE_HOLDS_VALUE (id) && json_node_get_value_type (id) == G_TYPE_STRING &&
          !_attest_row_checker_check (checker, t->table, json_node_get_string (id), error))
        return FALSE;
    }
  return TRUE;
}

/* The mirror's own tables, which no other database has: its facts (the
 * server's position, its address, the last sync), and the entities whose
 * rows were pulled since the last sync ended. */
static gboolean
ensure_mirror_tables (AttestStore *self,
                      GError     **error)
{
  if (sqlite3_exec (self->db,
                    "CREATE TABLE IF NOT EXISTS replica_state (name TEXT PRIMARY KEY, value);"
                    "CREATE TABLE IF NOT EXISTS replica_touched (entity TEXT PRIMARY KEY)",
                    NULL, NULL, NULL) != SQLITE_OK)
    return _attest_store_set_sqlite_error (self, error, sqlite3_errcode (self->db), _("recording the team's state"));
  return TRUE;
}


static gboolean
set_state (AttestStore *self,
           const char  *name,
           const char  *text,
           gint64       number,
           GError     **error)
{
  static const char sql[] = "INSERT OR REPLACE INTO replica_state (name, value) VALUES (?, ?)";
  sqlite3_stmt *stmt;

  if (!ensure_mirror_tables (self, error))
    return FALSE;
  if (!(stmt = _attest_store_prepare (self, sql, error)))
    return FALSE;
  _attest_store_bind_text (stmt, 1, name);
  if (text)
    _attest_store_bind_text (stmt, 2, text);
  else
    sqlite3_bind_int64 (stmt, 2, number);
  return _attest_store_step_done (self, stmt, _("recording the team's state"), error);
}

/**
 * attest_store_replica_set_state:
 * @self: a #AttestStore, a mirror
 * @name: what is recorded ("server", "synced", …)
 * @value: its value
 * @error: return location for a #GError, or %NULL
 *
 * Returns: %TRUE on success
 */
gboolean
attest_store_replica_set_state (AttestStore *self,
                                const char  *name,
                                const char  *value,
                                GError     **error)
{
  g_return_val_if_fail (ATTEST_IS_STORE (self), FALSE);
  g_return_val_if_fail (value != NULL, FALSE);

  if (!_attest_store_check_writable (self, error) ||
      !_attest_store_begin_write (self, _("recording the team's state"), error))
    return FALSE;
  if (!set_state (self, name, value, 0, error))
    {
      _attest_store_rollback_write (self);
      return FALSE;
    }
  return _attest_store_commit_write (self, _("recording the team's state"), error);
}

/**
 * attest_store_replica_get_state:
 * @self: a #AttestStore, a mirror
 * @name: what was recorded
 * @error: return location for a #GError, or %NULL
 *
 * Returns: (transfer full) (nullable): its value, or %NULL (with @error
 *   set only on failure)
 */
char *
attest_store_replica_get_state (AttestStore *self,
                                const char  *name,
                                GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  char *value = NULL;
  int rc;

  g_return_val_if_fail (ATTEST_IS_STORE (self), NULL);

  if (sqlite3_prepare_v2 (self->db, "SELECT value FROM replica_state WHERE name = ?", -1, &stmt, NULL) != SQLITE_OK)
    {
      /* No table yet: nothing recorded. */
      sqlite3_finalize (stmt);
      return NULL;
    }
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    value = _attest_store_column_dup (stmt, 0);
  sqlite3_finalize (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    _attest_store_set_sqlite_error (self, error, rc, _("reading the team's state"));
  return value;
}

/* Applies @changes and records @seq, in one transaction. With @refused,
 * each change goes in a savepoint and one that does not fit is left out
 * and told; without, the first that does not fit fails them all. */
static gboolean
apply_changes (AttestStore *self,
               GPtrArray   *changes,
               gint64       seq,
               GPtrArray   *refused,
               GError     **error)
{
  g_autoptr(AttestRowChecker) checker = refused ? _attest_row_checker_new (self) : NULL;
  gboolean note;
  gint64 from = 0;

  if (!_attest_store_check_writable (self, error) ||
      !_attest_store_begin_write (self, _("applying the team's changes"), error))
    return FALSE;
  if (!ensure_mirror_tables (self, error) || !attest_store_replica_get_seq (self, &from, error))
    goto fail;
  /* A new mirror: every entity is touched, and the next merge,
   * fast-forward and comparison take all rows (faster than by a list). */
  note = from > 0 && query_int (self, "SELECT count (*) FROM replica_state WHERE name = 'touched_all'", NULL) == 0;
  if (!note && !set_state (self, "touched_all", "1", 0, error))
    goto fail;
  /* All or nothing: a change may name a row a later one adds. */
  if (refused == NULL && sqlite3_exec (self->db, "PRAGMA defer_foreign_keys = ON", NULL, NULL, NULL) != SQLITE_OK)
    goto fail;
  for (guint i = 0; i < changes->len; i++)
    {
      AttestReplicaChange *c = g_ptr_array_index (changes, i);
      g_autoptr(GError) problem = NULL;

      if (refused == NULL)
        {
          if (!apply_one (self, c->table, c->body, note, NULL, error))
            goto fail;
          continue;
        }
      if (sqlite3_exec (self->db, "SAVEPOINT replica_change", NULL, NULL, NULL) != SQLITE_OK)
        goto fail;
      if (apply_one (self, c->table, c->body, note, checker, &problem))
        {
          if (sqlite3_exec (self->db, "RELEASE replica_change", NULL, NULL, NULL) != SQLITE_OK)
            goto fail;
          continue;
        }
      if (sqlite3_exec (self->db, "ROLLBACK TO replica_change; RELEASE replica_change", NULL, NULL, NULL) != SQLITE_OK)
        goto fail;
      g_ptr_array_add (refused, g_strdup_printf ("%s %s: %s", c->table ? c->table : "?", c->key ? c->key : "?",
                                                 problem->message));
    }
  if (!set_state (self, "seq", NULL, seq, error))
    goto fail;
  return _attest_store_commit_write (self, _("applying the team's changes"), error);

fail:
  if (error && *error == NULL)
    _attest_store_set_sqlite_error (self, error, sqlite3_errcode (self->db), _("applying the team's changes"));
  _attest_store_rollback_write (self);
  return FALSE;
}

/**
 * attest_store_replica_apply:
 * @self: a #AttestStore, a mirror
 * @changes: (element-type AttestReplicaChange): the changes, in the server's order
 * @seq: the server's position after the last of them
 * @error: return location for a #GError, or %NULL
 *
 * Applies changes to the mirror and records @seq, all in one transaction:
 * a crash leaves the mirror at its last position. References are checked
 * at the commit, so a change may name a row a later one of @changes adds.
 * For this replica's own changes, just sent.
 *
 * Returns: %TRUE on success
 */
gboolean
attest_store_replica_apply (AttestStore *self,
                            GPtrArray   *changes,
                            gint64       seq,
                            GError     **error)
{
  g_return_val_if_fail (ATTEST_IS_STORE (self), FALSE);

  return apply_changes (self, changes, seq, NULL, error);
}

/**
 * attest_store_replica_apply_each:
 * @self: a #AttestStore, a mirror
 * @changes: (element-type AttestReplicaChange): the server's changes, in its order
 * @seq: the server's position after the last of them
 * @refused: (element-type utf8): where a line goes for each change that
 *   does not fit (its table, its key, why), in order
 * @error: return location for a #GError, or %NULL
 *
 * As attest_store_replica_apply(), but a change that does not fit (not
 * JSON, a table or column this version does not know, a reference to a
 * row the mirror lacks, a value of the wrong kind) is left out and told in
 * @refused, rather than stopping every later sync of the team: the server
 * is outside input, and one member's bad row must not halt the others.
 * Every replica leaves out the same changes (they apply the same ones, in
 * the same order). References are checked as each change comes.
 *
 * Returns: %TRUE on success (changes refused included)
 */
gboolean
attest_store_replica_apply_each (AttestStore *self,
                                 GPtrArray   *changes,
                                 gint64       seq,
                                 GPtrArray   *refused,
                                 GError     **error)
{
  g_return_val_if_fail (ATTEST_IS_STORE (self), FALSE);
  g_return_val_if_fail (refused != NULL, FALSE);

  return apply_changes (self, changes, seq, refused, error);
}

/**
 * attest_store_replica_get_seq:
 * @self: a #AttestStore, a mirror
 * @out_seq: (out): the server's position it holds (0: none yet)
 * @error: return location for a #GError, or %NULL
 *
 * Returns: %TRUE on success
 */
gboolean
attest_store_replica_get_seq (AttestStore *self,
                              gint64      *out_seq,
                              GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  *out_seq = 0;
  rc = sqlite3_prepare_v2 (self->db, "SELECT value FROM replica_state WHERE name = 'seq'", -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      /* No table yet: a new mirror, at the start. */
      sqlite3_finalize (stmt);
      return TRUE;
    }
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *out_seq = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return _attest_store_set_sqlite_error (self, error, rc, _("reading the team's position"));
  return TRUE;
}

/* ------------------------------------------------------------ fast-forward */

/**
 * attest_store_replica_fast_forward:
 * @self: a #AttestStore, the replica
 * @mirror_path: its mirror
 * @error: return location for a #GError, or %NULL
 *
 * After the mirror was merged in: every row of an entity pulled since the
 * last sync (all rows after a first sync or a recovery) that this replica
 * holds no unsent change of (no history entry of its entity the mirror
 * lacks) takes the mirror's values exactly, its version and times too.
 * The merge took their changes already; this makes the copies equal to
 * the byte, so nothing bounces back to the server. What an import left
 * out comes where this replica has none. One transaction, which renews
 * the tracking's token (see attest_store_replica_recover()).
 *
 * Returns: %TRUE on success
 */
gboolean
attest_store_replica_fast_forward (AttestStore *self,
                                   const char  *mirror_path,
                                   GError     **error)
{
  g_autofree char *token = NULL;
  gboolean ok = TRUE;
  gboolean all;

  g_return_val_if_fail (ATTEST_IS_STORE (self), FALSE);

  if (!_attest_store_check_writable (self, error) || !attach_mirror (self, mirror_path, error))
    return FALSE;
  if (!_attest_store_begin_write (self, _("catching up with the team"), error))
    {
      detach_mirror (self);
      return FALSE;
    }
  all = query_int (self, "SELECT count (*) FROM " MIRROR ".replica_state WHERE name = 'touched_all'", NULL) != 0;
  for (guint i = 0; ok && i < G_N_ELEMENTS (tables); i++)
    {
      const Table *t = &tables[i];
      g_autoptr(GString) sql = NULL;
      guint n = n_columns (t);
      gboolean first = TRUE;

      if (t->history_key == NULL)
        continue;
      sql = g_string_new (NULL);
      g_string_append_printf (sql, "UPDATE main.%s AS t SET (", t->table);
      for (guint c = t->n_key; c < n; c++)
        if (!t->columns[c].heavy)
          {
            g_string_append_printf (sql, "%s\"%s\"", first ? "" : ", ", t->columns[c].name);
            first = FALSE;
          }
      g_string_append (sql, ") = (SELECT ");
      first = TRUE;
      for (guint c = t->n_key; c < n; c++)
        {
          const Column *col = &t->columns[c];

          if (col->heavy)
            continue;
          if (!first)
            g_string_append (sql, ", ");
          first = FALSE;
          if (col->ref_table)
            g_string_append_printf (sql, "(SELECT y.id FROM main.%s y WHERE y.\"%s\" ="
                                    " (SELECT z.\"%s\" FROM " MIRROR ".%s z WHERE z.id = r.\"%s\"))",
                                    col->ref_table, col->ref_key, col->ref_key, col->ref_table, col->name);
          else
            g_string_append_printf (sql, "r.\"%s\"", col->name);
        }
      g_string_append_printf (sql, " FROM " MIRROR ".%s r WHERE ", t->table);
      append_same_key (sql, t, MIRROR, "main");
      /* Only rows the merge may have changed: the entities pulled. */
      g_string_append (sql, ") WHERE ");
      if (!all)
        {
          g_string_append_printf (sql, "t.%s IN (", t->dirty_column);
          g_string_append_printf (sql, t->touched_rows, "main");
          g_string_append (sql, ") AND ");
        }
      g_string_append_printf (sql, "EXISTS (SELECT 1 FROM " MIRROR ".%s r WHERE ", t->table);
      append_same_key (sql, t, MIRROR, "main");
      g_string_append (sql, ") AND (");
      append_values (sql, t, "main", "t", n);
      g_string_append (sql, ") IS NOT (SELECT ");
      append_values (sql, t, MIRROR, "r", n);
      g_string_append_printf (sql, " FROM " MIRROR ".%s r WHERE ", t->table);
      append_same_key (sql, t, MIRROR, "main");
      g_string_append_printf (sql, ") AND NOT EXISTS (SELECT 1 FROM main.history h WHERE h.entity_uuid = %s"
                              " AND NOT EXISTS (SELECT 1 FROM " MIRROR ".history mh WHERE mh.uuid = h.uuid))",
                              t->history_key);
      if (sqlite3_exec (self->db, sql->str, NULL, NULL, NULL) != SQLITE_OK)
        ok = _attest_store_set_sqlite_error (self, error, sqlite3_errcode (self->db), _("catching up with the team"));
    }
  /* What an import left out, which a merge does not bring to an article
   * both have: the server's, where this database has none (the same text
   * imported from two formats). */
  if (ok)
    {
      g_autoptr(GString) sql = g_string_new (
        "INSERT INTO main.document_extractions (document_id, facts)"
        " SELECT d.id, r.facts FROM " MIRROR ".document_extractions r"
        " JOIN " MIRROR ".documents md ON md.id = r.document_id JOIN main.documents d ON d.uuid = md.uuid"
        " WHERE NOT EXISTS (SELECT 1 FROM main.document_extractions x WHERE x.document_id = d.id)");

      if (!all)
        g_string_append (sql, " AND md.uuid IN " TOUCHED);
      if (sqlite3_exec (self->db, sql->str, NULL, NULL, NULL) != SQLITE_OK)
        ok = _attest_store_set_sqlite_error (self, error, sqlite3_errcode (self->db), _("catching up with the team"));
    }
  if (ok)
    ok = rotate_token (self, &token, error);
  if (ok)
    ok = _attest_store_commit_write (self, _("catching up with the team"), error);
  else
    _attest_store_rollback_write (self);
  /* Then the mirror: a crash in between leaves the two tokens apart,
   * which the next sync takes for a copy put back (all rows looked at). */
  if (ok && token)
    {
      sqlite3_stmt *stmt = NULL;

      if (sqlite3_prepare_v2 (self->db, "INSERT OR REPLACE INTO " MIRROR ".replica_state (name, value) VALUES ('tracking', ?)",
                              -1, &stmt, NULL) == SQLITE_OK)
        {
          sqlite3_bind_text (stmt, 1, token, -1, SQLITE_TRANSIENT);
          if (sqlite3_step (stmt) != SQLITE_DONE)
            ok = _attest_store_set_sqlite_error (self, error, sqlite3_errcode (self->db), _("recording the team's state"));
        }
      else
        ok = _attest_store_set_sqlite_error (self, error, sqlite3_errcode (self->db), _("recording the team's state"));
      sqlite3_finalize (stmt);
    }
  detach_mirror (self);
  return ok;
}
