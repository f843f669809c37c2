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
 * The whole merge is one BEGIN IMMEDIATE transaction here, and one read
 * transaction on the other copy: everything is read from one snapshot of
 * it, so a teammate still editing it cannot make us copy a history newer
 * than the values copied with it.
 *
 * The other copy is outside input, like a TEI file: every row it brings
 * passes the checks of attest-rules.c before it is used (a damaged or
 * hostile file can hold NULLs, NULs, bad UTF-8, offsets past a text, keys
 * no export can carry), and the first problem refuses the whole merge.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include <string.h>

#include <sys/stat.h>

#include "attest-error.h"
#include "attest-rules.h"
#include "attest-store-merge-private.h"


/**
 * attest_merge_conflict_free:
 * @c: (transfer full): a conflict
 */
void
attest_merge_conflict_free (AttestMergeConflict *c)
{
  g_free (c->entity);
  g_free (c->uuid);
  g_free (c->field);
  g_free (c->ours);
  g_free (c->theirs);
  g_free (c->id);
  g_free (c);
}

/**
 * attest_merge_report_clear:
 * @report: a #AttestMergeReport
 *
 * Frees what @report holds and zeroes it.
 */
void
attest_merge_report_clear (AttestMergeReport *report)
{
  g_clear_pointer (&report->conflicts, g_ptr_array_unref);
  memset (report, 0, sizeof *report);
}

gint64 *
_attest_merge_boxed_id (gint64 id)
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
          AttestStoreEachFunc row,
          gpointer      data,
          GError      **error)
{
  sqlite3_stmt *stmt = NULL;
  gboolean ok;
  int rc;

  /* Prepared once per merge, not cached: the other store's schema is
   * whatever the file holds, and a table it lacks must fail here. */
  rc = sqlite3_prepare_v2 (store->db, sql, -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_CORRUPT,
                   _("its tables are not Attest's (%s)"), sqlite3_errmsg (store->db));
      return FALSE;
    }
  if (bind1)
    _attest_store_bind_text (stmt, 1, bind1);
  ok = _attest_store_each_row (store, stmt, row, data, _("merging"), error);
  sqlite3_finalize (stmt);
  return ok;
}

/* ------------------------------------------------------ reading theirs */

/* A text column of their row, checked as attest-rules.c says; its byte
 * count comes from SQLite, so a NUL inside the value shows. */
gboolean
_attest_merge_text_column (sqlite3_stmt     *row,
             int               i,
             const char       *what,
             AttestRulesFlags  flags,
             const char      **out,
             GError          **error)
{
  const char *value = (const char *) sqlite3_column_text (row, i);
  int bytes = sqlite3_column_bytes (row, i);

  if (sqlite3_column_type (row, i) == SQLITE_NULL)
    value = NULL;
  if (!attest_rules_check_string (what, value, value ? bytes : -1, flags, error))
    return FALSE;
  *out = value;
  return TRUE;
}

/* An integer column; NULL only where @nullable (then *@out is -1). */
gboolean
_attest_merge_int_column (sqlite3_stmt *row,
            int           i,
            const char   *what,
            gboolean      nullable,
            gint64       *out,
            GError      **error)
{
  int type = sqlite3_column_type (row, i);

  if (type == SQLITE_NULL && nullable)
    {
      *out = -1;
      return TRUE;
    }
  if (type != SQLITE_INTEGER)
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID, "%s is %s", what,
                   type == SQLITE_NULL ? "missing, not a number"
                   : type == SQLITE_FLOAT ? "not a whole number" : "text, not a number");
      return FALSE;
    }
  *out = sqlite3_column_int64 (row, i);
  return TRUE;
}

gboolean
_attest_merge_flag_column (sqlite3_stmt *row,
             int           i,
             const char   *what,
             gint64       *out,
             GError      **error)
{
  if (!_attest_merge_int_column (row, i, what, FALSE, out, error))
    return FALSE;
  if (*out != 0 && *out != 1)
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID, "%s is %" G_GINT64_FORMAT ", not 0 or 1",
                   what, *out);
      return FALSE;
    }
  return TRUE;
}

/* A row that points to a row their copy lacks (a claim of a missing
 * document…): the joins below are LEFT JOINs so that it shows. */
gboolean
_attest_merge_dangling (const char *what,
          const char *uuid,
          GError    **error)
{
  /* The lookup that found nothing may have failed already. */
  if (error && *error)
    return FALSE;
  g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID, "%s %s points to a %s their copy lacks",
               what, uuid ? uuid : "", strstr (what, "link") ? "claim, source or annotator"
                                       : strstr (what, "claim") ? "document, category or annotator"
                                       : "document or source");
  return FALSE;
}

/* Their copy's schema may lack its UNIQUE constraints: each id may come
 * once, or one row of theirs would be merged over another. */
gboolean
_attest_merge_first_time (Merge      *m,
            const char *table,
            const char *id,
            GError    **error)
{
  /* A row checked alone may be checked again, changed. */
  if (m->check_only)
    return TRUE;
  if (g_hash_table_add (m->seen, g_strconcat (table, ":", id, NULL)))
    return TRUE;
  g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID, "the %s %s appears twice in it", table, id);
  return FALSE;
}

/* Makes @uuid, one of their documents, the current one, with its text. */
gboolean
_attest_merge_load_their_document (Merge      *m,
                     const char *uuid,
                     GError    **error)
{
  static const char sql[] = "SELECT text, length FROM documents WHERE uuid = ?";
  sqlite3_stmt *stmt;
  int rc;

  if (m->doc && g_strcmp0 (m->doc->uuid, uuid) == 0)
    return TRUE;
  g_clear_object (&m->doc);
  if (!(stmt = _attest_store_prepare (m->other, sql, error)))
    return FALSE;
  _attest_store_bind_text (stmt, 1, uuid);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      /* Checked against its SHA-256 when the documents were merged. */
      m->doc = attest_document_new ();
      m->doc->uuid = g_strdup (uuid);
      m->doc->text = _attest_store_column_dup (stmt, 0);
      m->doc->length = sqlite3_column_int64 (stmt, 1);
      m->at_offset = 0;
      m->at = m->doc->text;
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    return _attest_store_set_sqlite_error (m->other, error, rc == SQLITE_DONE ? SQLITE_CORRUPT : rc,
                                           _("merging"));
  return TRUE;
}

/* The place of character @offset in the current document's text: rows come
 * in text order, so the walk only goes forward (or starts again). */
const char *
_attest_merge_text_at (Merge  *m,
         gint64  offset)
{
  if (offset < 0 || offset > m->doc->length)
    return NULL;
  if (offset < m->at_offset)
    {
      m->at_offset = 0;
      m->at = m->doc->text;
    }
  m->at = g_utf8_offset_to_pointer (m->at, offset - m->at_offset);
  m->at_offset = offset;
  return m->at;
}

/* Their history, read first and checked whole: what each side has not
 * seen decides every field of the merge. */
static gboolean
collect_their_change (sqlite3_stmt *row,
                      gpointer      data,
                      GError      **error)
{
  Merge *m = data;
  AttestChangeRow change = { 0 };

  if (!_attest_merge_text_column (row, 0, "A change's id", ATTEST_RULES_LINE, &change.uuid, error) ||
      !_attest_merge_text_column (row, 1, "A change's time", ATTEST_RULES_LINE, &change.at, error) ||
      !_attest_merge_text_column (row, 2, "A change's author", ATTEST_RULES_LINE, &change.annotator, error) ||
      !_attest_merge_text_column (row, 3, "What a change changed", ATTEST_RULES_LINE, &change.entity, error) ||
      !_attest_merge_text_column (row, 4, "What a change changed", ATTEST_RULES_LINE, &change.entity_uuid, error) ||
      !_attest_merge_text_column (row, 5, "A change's action", ATTEST_RULES_LINE, &change.action, error) ||
      !_attest_merge_text_column (row, 6, "A change's field", ATTEST_RULES_LINE, &change.field, error) ||
      !_attest_merge_text_column (row, 7, "A change's old value", ATTEST_RULES_TEXT, &change.old_value, error) ||
      !_attest_merge_text_column (row, 8, "A change's new value", ATTEST_RULES_TEXT, &change.new_value, error) ||
      !attest_rules_check_change (&change, error))
    return FALSE;
  if (m->check_only)
    return TRUE;
  if (!g_hash_table_add (m->their_history, g_strdup (change.uuid)))
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID, _("the change %s appears twice in it"), change.uuid);
      return FALSE;
    }
  return TRUE;
}

static gboolean
collect_uuid (sqlite3_stmt *stmt,
              gpointer      data,
              GError      **error)
{
  g_hash_table_add (data, _attest_store_column_dup (stmt, 0));
  return TRUE;
}

#define HISTORY_SQL \
  "SELECT uuid, at, annotator, entity, entity_uuid, action, field, old_value, new_value FROM history"
#define SOURCES_SQL \
  "SELECT s.uuid, d.uuid, s.outlet, s.place, s.date_text, s.date_when, s.url, s.title," \
  " s.reliability, s.created, s.document_id FROM sources s LEFT JOIN documents d ON d.id = s.document_id"
#define ANNOTATORS_SQL "SELECT uuid, name FROM annotators"
#define CATEGORIES_SQL \
  "SELECT key, label, description, color, shortcut, parent_key, retired, modified FROM categories"
#define TOMBSTONES_SQL \
  "SELECT t.uuid, d.uuid, t.source_uuid, t.start, t.\"end\", t.text, t.outlet, t.kind, t.cover_start," \
  " t.cover_end, t.closes_paragraph, t.paragraph_start, t.removed" \
  " FROM citation_tombstones t LEFT JOIN documents d ON d.id = t.document_id"
#define OUTLETS_SQL "SELECT name, canonical, annotator, created FROM outlets"
#define CLAIMS_SQL \
  "SELECT c.uuid, d.uuid, c.start, c.\"end\", c.quote, k.key, c.status, c.certainty, c.comment, c.deleted," \
  " a.name, c.created, c.modified, c.version" \
  " FROM claims c LEFT JOIN documents d ON d.id = c.document_id" \
  " LEFT JOIN categories k ON k.id = c.category_id LEFT JOIN annotators a ON a.id = c.annotator_id"
#define LINKS_SQL \
  "SELECT c.uuid, s.uuid, a.name, cs.created FROM claim_sources cs LEFT JOIN claims c ON c.id = cs.claim_id" \
  " LEFT JOIN sources s ON s.id = cs.source_id LEFT JOIN annotators a ON a.id = cs.annotator_id"
#define OUR_LINKS_SQL \
  "SELECT c.uuid, s.uuid FROM claim_sources cs JOIN claims c ON c.id = cs.claim_id" \
  " JOIN sources s ON s.id = cs.source_id"

/* @select (rows of theirs), then @order; with ATTEST_MERGE_TOUCHED only
 * the rows whose @entity is one their copy pulled since the last sync. */
static char *
their_rows (Merge      *m,
            const char *select,
            const char *entity,
            const char *order)
{
  if (!m->touched)
    return g_strconcat (select, " ", order, NULL);
  return g_strdup_printf ("%s WHERE %s IN (SELECT entity FROM replica_touched) %s", select, entity, order);
}

static gboolean
collect_text (sqlite3_stmt *stmt,
              gpointer      data,
              GError      **error)
{
  char **out = data;

  g_free (*out);
  *out = _attest_store_column_dup (stmt, 0);
  return TRUE;
}

/**
 * _attest_merge_our_document:
 * @m: the merge
 * @their_uuid: one of their documents
 * @error: return location for a #GError, or %NULL
 *
 * Returns: (nullable): our row id of their document (merged now if it
 *   was outside the touched entities), or %NULL: not theirs (@error
 *   unset) or a failure (@error set)
 */
gint64 *
_attest_merge_our_document (Merge      *m,
                            const char *their_uuid,
                            GError    **error)
{
  static gint64 none = 0;
  gint64 *id = their_uuid ? g_hash_table_lookup (m->doc_map, their_uuid) : NULL;

  /* Checking alone: the copy's own keys hold their references. */
  if (m->check_only)
    return &none;
  if (id || !m->touched || their_uuid == NULL)
    return id;
  if (!each_row (m->other, m->other->schema >= 4 ? DOCUMENTS_SQL (EXTRACTION_COLUMN) " WHERE uuid = ?"
                                                 : DOCUMENTS_SQL ("NULL") " WHERE uuid = ?",
                 their_uuid, _attest_merge_document, m, error))
    return NULL;
  return g_hash_table_lookup (m->doc_map, their_uuid);
}

/**
 * _attest_merge_our_source:
 * @m: the merge
 * @their_uuid: one of their sources
 * @error: return location for a #GError, or %NULL
 *
 * Returns: (nullable): our uuid of their source, as _attest_merge_our_document()
 */
const char *
_attest_merge_our_source (Merge      *m,
                          const char *their_uuid,
                          GError    **error)
{
  const char *uuid = their_uuid ? g_hash_table_lookup (m->source_map, their_uuid) : NULL;

  if (m->check_only)
    return their_uuid;
  if (uuid || !m->touched || their_uuid == NULL)
    return uuid;
  if (!each_row (m->other, SOURCES_SQL " WHERE s.uuid = ?", their_uuid, _attest_merge_source, m, error))
    return NULL;
  return g_hash_table_lookup (m->source_map, their_uuid);
}

/* Whether their copy holds the history entry @entry_uuid (in a touched
 * merge their history was read only for the touched entities): 1 or 0,
 * -1 on failure. */
int
_attest_merge_they_know (Merge      *m,
                         const char *entry_uuid,
                         GError    **error)
{
  gint64 id;

  if (g_hash_table_contains (m->their_history, entry_uuid))
    return 1;
  if (!m->touched)
    return 0;
  id = _attest_merge_other_id (m, "SELECT id FROM history WHERE uuid = ?", entry_uuid, error);
  return id < 0 ? -1 : id > 0;
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
      g_auto(GStrv) lines = g_strsplit (result ? result : sqlite3_errstr (rc), "\n", -1);
      const char *first = lines[0];

      /* One sentence: SQLite's first finding, not its whole report. */
      for (guint i = 0; lines[i] != NULL; i++)
        if (*lines[i] != '\0' && !g_str_has_prefix (lines[i], "***"))
          {
            first = lines[i];
            break;
          }
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_CORRUPT,
                   _("“%s” is damaged (SQLite's check found: %.200s); nothing was merged"), path,
                   first ? first : "");
      return FALSE;
    }
  return TRUE;
}

/* Runs a statement on our side that returns nothing. */
gboolean
_attest_merge_run (Merge       *m,
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
  return _attest_store_step_done (m->self, stmt, _("merging"), error);
}

/* The id @sql (one text parameter) finds in @store, 0 if none, -1 on
 * error. */
static gint64
query_id (AttestStore *store,
          const char  *sql,
          const char  *value,
          GError     **error)
{
  sqlite3_stmt *stmt = _attest_store_prepare (store, sql, error);
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
      _attest_store_set_sqlite_error (store, error, rc, _("merging"));
      return -1;
    }
  return id;
}

gint64
_attest_merge_our_id (Merge      *m,
                      const char *sql,
                      const char *value,
                      GError    **error)
{
  return query_id (m->self, sql, value, error);
}

gint64
_attest_merge_other_id (Merge      *m,
                        const char *sql,
                        const char *value,
                        GError    **error)
{
  return query_id (m->other, sql, value, error);
}

gboolean
_attest_merge_record_conflict (Merge      *m,
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
  c->id = g_uuid_string_random ();
  g_ptr_array_add (m->report->conflicts, c);

  /* Kept beside ours, for the team to settle (by c->id). */
  return _attest_store_insert_history (m->self, &(AttestChangeRow) {
      .uuid = c->id, .at = m->now, .annotator = m->self->annotator,
      .entity = entity, .entity_uuid = uuid, .action = "conflict", .field = field,
      .old_value = ours, .new_value = theirs,
    }, _("recording a conflict"), error);
}

/* Which fields of @entity_uuid did one side change that the other has not
 * seen? Fills @fields (field name → TRUE) from the history entries of
 * @store that are not in @known. Deletion counts as the field "deleted". */
typedef struct {
  GHashTable *known;
  GHashTable *fields;
} ChangedFields;

static gboolean
add_changed_field (sqlite3_stmt *stmt,
                   gpointer      data,
                   GError      **error)
{
  ChangedFields *c = data;
  const char *uuid = (const char *) sqlite3_column_text (stmt, 0);
  const char *action = (const char *) sqlite3_column_text (stmt, 1);
  const char *field = (const char *) sqlite3_column_text (stmt, 2);

  if (g_hash_table_contains (c->known, uuid))
    return TRUE;
  /* A settle changes the field too: when both copies recorded the same
   * conflict, keeping one's own value is the change the other must take. */
  if ((g_str_equal (action, "update") || g_str_equal (action, "settle")) && field)
    g_hash_table_add (c->fields, g_strdup (field));
  else if (g_str_equal (action, "delete") || g_str_equal (action, "restore"))
    g_hash_table_add (c->fields, g_strdup ("deleted"));
  return TRUE;
}

gboolean
_attest_merge_changed_fields (Merge       *m,
                AttestStore *store,
                GHashTable  *known,
                const char  *entity_uuid,
                GHashTable  *fields,
                GError     **error)
{
  static const char sql[] =
    "SELECT uuid, action, field FROM history WHERE entity_uuid = ?";
  sqlite3_stmt *stmt = _attest_store_prepare (store, sql, error);

  if (stmt == NULL)
    return FALSE;
  _attest_store_bind_text (stmt, 1, entity_uuid);
  return _attest_store_each_row (store, stmt, add_changed_field, &(ChangedFields) { known, fields },
                                 _("merging"), error);
}

/* ------------------------------------------------------------------ main */

/* Whether @a and @b name one file, by any path or link. */
static gboolean
same_file (const char *a,
           const char *b)
{
  struct stat sa, sb;

  if (stat (a, &sa) != 0 || stat (b, &sb) != 0)
    return g_strcmp0 (a, b) == 0;
  return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

/* A problem of their copy's content, as one sentence naming the file:
 * "“boris.db” was not merged: the claim … spans …; nothing was changed". */
static void
refuse (GError    **error,
        GError     *problem,
        const char *path)
{
  g_autofree char *detail = g_strdup (problem->message);
  int code = problem->code == ATTEST_ERROR_CONFLICT ? ATTEST_ERROR_CONFLICT : ATTEST_ERROR_CORRUPT;

  if (g_ascii_isupper (detail[0]) && (g_ascii_islower (detail[1]) || detail[1] == ' ' || detail[1] == '\''))
    detail[0] = g_ascii_tolower (detail[0]);
  g_set_error (error, ATTEST_ERROR, code, _("“%s” was not merged: %s; nothing was changed"), path, detail);
  g_error_free (problem);
}

/* A conflict this merge found that their history, merged in too, shows
 * settled already (a teammate settled the same conflict in their copy) is
 * not reported: there is nothing left to decide. */
static gboolean
drop_settled_conflicts (AttestStore       *self,
                        AttestMergeReport *report,
                        GError           **error)
{
  for (guint i = report->conflicts->len; i > 0; i--)
    {
      AttestMergeConflict *c = g_ptr_array_index (report->conflicts, i - 1);
      gboolean settled = FALSE;

      if (!attest_store_conflict_is_settled (self, c->id, &settled, error))
        return FALSE;
      if (settled)
        g_ptr_array_remove_index (report->conflicts, i - 1);
    }
  return TRUE;
}

/**
 * attest_store_merge:
 * @self: a #AttestStore
 * @other_path: (type filename): the other database
 * @report: (out caller-allocates) (optional): what was merged
 * @error: return location for a #GError, or %NULL
 *
 * Merges the database at @other_path into this one.
 *
 * Returns: %TRUE on success
 */
gboolean
attest_store_merge (AttestStore       *self,
                    const char        *other_path,
                    AttestMergeReport *report,
                    GError           **error)
{
  return attest_store_merge_full (self, other_path, ATTEST_MERGE_DEFAULT, report, error);
}

/**
 * attest_store_merge_full:
 * @self: a #AttestStore
 * @other_path: the other copy
 * @flags: with %ATTEST_MERGE_ADOPT_IDS, a row of ours matched to one of
 *   theirs by its content (an article by its text, a scanned attribution
 *   by its outlet, place and date, an annotator by name) takes their id:
 *   a replica takes the team server's ids, so that no row reaches the
 *   server twice under two ids
 * @report: (out caller-allocates) (optional): what the merge did
 * @error: return location for a #GError, or %NULL
 *
 * Returns: %TRUE on success
 */
gboolean
attest_store_merge_full (AttestStore       *self,
                         const char        *other_path,
                         AttestMergeFlags   flags,
                         AttestMergeReport *report,
                         GError           **error)
{
  g_autoptr(AttestStore) other = NULL;
  g_autoptr(GError) local_error = NULL;
  AttestMergeReport scratch = { 0 };
  g_autofree char *history_sql = NULL, *categories_sql = NULL, *documents_sql = NULL, *sources_sql = NULL;
  g_autofree char *citations_sql = NULL, *tombstones_sql = NULL, *outlets_sql = NULL, *claims_sql = NULL;
  g_autofree char *links_sql = NULL, *touched_json = NULL;
  Merge m = { 0 };
  gboolean reading = FALSE;
  gboolean ok = FALSE;

  g_return_val_if_fail (ATTEST_IS_STORE (self), FALSE);
  g_return_val_if_fail (other_path != NULL, FALSE);

  if (report == NULL)
    report = &scratch;
  memset (report, 0, sizeof *report);
  report->conflicts = g_ptr_array_new_with_free_func ((GDestroyNotify) attest_merge_conflict_free);

  if (!_attest_store_check_writable (self, error))
    goto done;
  if (same_file (attest_store_get_path (self), other_path))
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID, _("A database cannot be merged into itself"));
      goto done;
    }
  /* Read-only, and refused untouched if not ours or newer. */
  if (!(other = attest_store_open (other_path, ATTEST_STORE_OPEN_READ_ONLY, error)))
    goto done;

  /* One snapshot of theirs for everything below: a deferred BEGIN takes
   * it at the first read, the quick check. */
  if (sqlite3_exec (other->db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
    {
      _attest_store_set_sqlite_error (other, error, sqlite3_errcode (other->db), _("merging"));
      goto done;
    }
  reading = TRUE;
  /* A team's mirror is this program's own file, checked whole when a
   * merge takes all of it; a sync's merge reads a few rows by index. */
  if (!(flags & ATTEST_MERGE_TOUCHED) && !check_other (other, other_path, error))
    goto done;

  m.self = self;
  m.other = other;
  m.adopt = (flags & ATTEST_MERGE_ADOPT_IDS) != 0;
  m.report = report;
  m.our_history = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  m.their_history = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  m.doc_map = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  m.source_map = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  m.seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  m.now = _attest_store_now_iso8601 ();

  m.touched = (flags & ATTEST_MERGE_TOUCHED) != 0;
  if (m.touched)
    {
      history_sql = their_rows (&m, HISTORY_SQL, "entity_uuid", "ORDER BY id");
      /* Our links of the touched claims, as a JSON array to bind. */
      if (!each_row (other, "SELECT json_group_array (entity) FROM replica_touched", NULL, collect_text,
                     &touched_json, error))
        goto done;
    }
  else
    history_sql = g_strconcat (HISTORY_SQL, " ORDER BY id", NULL);
  documents_sql = their_rows (&m, other->schema >= 4 ? DOCUMENTS_SQL (EXTRACTION_COLUMN) : DOCUMENTS_SQL ("NULL"),
                              "uuid", "ORDER BY id");
  citations_sql = their_rows (&m, other->schema >= 3 ? CITATION_SQL (CITATION_KIND_COLUMNS)
                                                     : CITATION_SQL (CITATION_KIND_COLUMNS_V2),
                              "t.uuid", "ORDER BY t.document_id, t.start, t.id");

  /* Their history first, checked whole: it decides every field. */
  if (!each_row (other, history_sql, NULL, collect_their_change, &m, &local_error))
    {
      refuse (error, g_steal_pointer (&local_error), other_path);
      goto done;
    }

  if (!_attest_store_begin_write (self, _("merging"), error))
    goto done;

  /* The two histories as they were before this merge: what each side has
   * that the other has not seen decides every field. Rows of theirs come
   * by document and offset, so each text is read once. */
  if (!each_row (self, "SELECT uuid FROM history", NULL, collect_uuid, m.our_history, &local_error) ||
      !each_row (other, ANNOTATORS_SQL " ORDER BY id", NULL, _attest_merge_annotator, &m, &local_error) ||
      !each_row (other, categories_sql = their_rows (&m, CATEGORIES_SQL, "key",
                                                     "ORDER BY " ATTEST_CATEGORY_DEPTH ("categories.parent_key",
                                                                                       "categories") ", position"),
                 NULL, _attest_merge_category, &m, &local_error) ||
      !each_row (other, documents_sql, NULL, _attest_merge_document, &m, &local_error) ||
      !each_row (other, sources_sql = their_rows (&m, SOURCES_SQL, "s.uuid", "ORDER BY s.id"),
                 NULL, _attest_merge_source, &m, &local_error) ||
      !each_row (other, citations_sql, NULL, _attest_merge_citation, &m, &local_error) ||
      (other->schema >= 3 &&
       (!each_row (other, tombstones_sql = their_rows (&m, TOMBSTONES_SQL, "t.uuid", "ORDER BY t.document_id, t.start"),
                   NULL, _attest_merge_tombstone, &m, &local_error) ||
        !each_row (other, outlets_sql = their_rows (&m, OUTLETS_SQL, "attest_outlet_history_id (name)",
                                                    "ORDER BY created, name"),
                   NULL, _attest_merge_outlet, &m, &local_error))) ||
      !each_row (other, claims_sql = their_rows (&m, CLAIMS_SQL, "c.uuid", "ORDER BY c.document_id, c.start, c.id"),
                 NULL, _attest_merge_claim, &m, &local_error) ||
      !each_row (other, links_sql = their_rows (&m, LINKS_SQL, "c.uuid", ""),
                 NULL, _attest_merge_link, &m, &local_error) ||
      !each_row (self, m.touched ? OUR_LINKS_SQL " WHERE c.uuid IN (SELECT value FROM json_each (?))" : OUR_LINKS_SQL,
                 touched_json, _attest_merge_unlink, &m, &local_error) ||
      !each_row (other, history_sql, NULL, _attest_merge_history, &m, &local_error))
    {
      _attest_store_rollback_write (self);
      /* Their content is refused with its own words; our disk's errors
       * (full, failing, locked) pass as they are. */
      if (local_error->domain == ATTEST_ERROR &&
          (local_error->code == ATTEST_ERROR_INVALID || local_error->code == ATTEST_ERROR_CONFLICT ||
           (local_error->code == ATTEST_ERROR_CORRUPT && g_str_has_prefix (local_error->message, "its "))))
        refuse (error, g_steal_pointer (&local_error), other_path);
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      goto done;
    }

  ok = _attest_store_sweep_sources (self, error) && drop_settled_conflicts (self, report, error) &&
       _attest_store_commit_write (self, _("merging"), error);

done:
  if (reading)
    sqlite3_exec (other->db, "ROLLBACK", NULL, NULL, NULL);
  /* Nothing was changed on failure, so there is nothing to report. */
  if (!ok || report == &scratch)
    attest_merge_report_clear (report);
  g_clear_pointer (&m.our_history, g_hash_table_unref);
  g_clear_pointer (&m.their_history, g_hash_table_unref);
  g_clear_pointer (&m.doc_map, g_hash_table_unref);
  g_clear_pointer (&m.source_map, g_hash_table_unref);
  g_clear_pointer (&m.seen, g_hash_table_unref);
  g_clear_object (&m.doc);
  g_free (m.now);
  return ok;
}

/* ------------------------------------------------------------ row checks */

struct _AttestRowChecker
{
  Merge             m;
  AttestMergeReport report;
};

/**
 * _attest_row_checker_new:
 * @copy: a copy of an Attest database (a team's mirror)
 *
 * Checks rows of @copy one by one, each as a merge of @copy would check
 * it (attest-rules.c, the same code): so a sync can leave out, as it
 * comes, a change from the team's server that a merge would refuse.
 *
 * Returns: (transfer full): the checker
 */
AttestRowChecker *
_attest_row_checker_new (AttestStore *copy)
{
  AttestRowChecker *checker = g_new0 (AttestRowChecker, 1);

  checker->m.self = copy;
  checker->m.other = copy;
  checker->m.check_only = TRUE;
  checker->m.report = &checker->report;
  checker->report.conflicts = g_ptr_array_new_with_free_func ((GDestroyNotify) attest_merge_conflict_free);
  checker->m.our_history = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  checker->m.their_history = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  checker->m.doc_map = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  checker->m.source_map = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  checker->m.seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  checker->m.now = _attest_store_now_iso8601 ();
  return checker;
}

void
_attest_row_checker_free (AttestRowChecker *checker)
{
  attest_merge_report_clear (&checker->report);
  g_hash_table_unref (checker->m.our_history);
  g_hash_table_unref (checker->m.their_history);
  g_hash_table_unref (checker->m.doc_map);
  g_hash_table_unref (checker->m.source_map);
  g_hash_table_unref (checker->m.seen);
  g_clear_object (&checker->m.doc);
  g_free (checker->m.now);
  g_free (checker);
}

/**
 * _attest_row_checker_check:
 * @checker: a checker
 * @table: a table of the copy
 * @key: the row's key: its uuid (a category's key, an outlet's name); for
 *   a claim's links, the claim's; for what an import left out, the
 *   document's
 * @error: return location for a #GError, or %NULL
 *
 * Returns: %TRUE if the row is one a merge takes (or is not there)
 */
gboolean
_attest_row_checker_check (AttestRowChecker  *checker,
                           const char        *table,
                           const char        *key,
                           GError           **error)
{
  static const struct {
    const char          *table;
    const char          *sql;
    AttestStoreEachFunc  row;
  } kinds[] = {
    { "annotators", ANNOTATORS_SQL " WHERE uuid = ?", _attest_merge_annotator },
    { "documents", DOCUMENTS_SQL (EXTRACTION_COLUMN) " WHERE uuid = ?", _attest_merge_document },
    { "document_extractions", DOCUMENTS_SQL (EXTRACTION_COLUMN) " WHERE uuid = ?", _attest_merge_document },
    { "categories", CATEGORIES_SQL " WHERE key = ?", _attest_merge_category },
    { "sources", SOURCES_SQL " WHERE s.uuid = ?", _attest_merge_source },
    { "citations", CITATION_SQL (CITATION_KIND_COLUMNS) " WHERE t.uuid = ?", _attest_merge_citation },
    { "citation_tombstones", TOMBSTONES_SQL " WHERE t.uuid = ?", _attest_merge_tombstone },
    { "claims", CLAIMS_SQL " WHERE c.uuid = ?", _attest_merge_claim },
    { "claim_sources", LINKS_SQL " WHERE c.uuid = ?", _attest_merge_link },
    { "history", HISTORY_SQL " WHERE uuid = ?", collect_their_change },
    { "outlets", OUTLETS_SQL " WHERE name = ?", _attest_merge_outlet },
  };

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (g_str_equal (kinds[i].table, table))
      {
        /* Kept prepared (the copy is a team's mirror, this program's own
         * file): a sync checks every change it reads, 100,000 at a join. */
        sqlite3_stmt *stmt = _attest_store_prepare (checker->m.other, kinds[i].sql, error);

        if (stmt == NULL)
          return FALSE;
        _attest_store_bind_text (stmt, 1, key);
        return _attest_store_each_row (checker->m.other, stmt, kinds[i].row, &checker->m, _("merging"), error);
      }
  return TRUE;
}
