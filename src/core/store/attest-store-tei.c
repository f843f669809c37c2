/* attest-store-tei.c — the store's side of export.
 *
 * What it owns: the SQL that streams rows out for the TEI, CSV and JSON
 * Lines writers (one document at a time, inside one read snapshot); the
 * import side is attest-store-import.c. Part of the AttestStore class (see
 * attest-store-private.h); nothing outside the store's files speaks SQL.
 *
 * Export order is chosen so that an import into an empty database, which
 * inserts rows in file order, gives the same order back: documents,
 * annotators, sources and history by row id, claims by (start, end
 * descending, row id), links by source uuid.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include <string.h>

#include "attest-citation-scanner.h"
#include "attest-error.h"
#include "attest-store-private.h"

/* ------------------------------------------------------------ snapshot */

gboolean
attest_store_read_snapshot (AttestStore                *self,
                            AttestStoreTransactionFunc  func,
                            gpointer                    user_data,
                            GError                    **error)
{
  gboolean ok;
  int rc;

  g_return_val_if_fail (ATTEST_IS_STORE (self), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  if (!_attest_store_check_files (self, error))
    return FALSE;

  /* A deferred BEGIN takes no lock until the first read, and in WAL mode
   * that read fixes the snapshot for the whole transaction. */
  rc = sqlite3_exec (self->db, "BEGIN", NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    return _attest_store_set_sqlite_error (self, error, rc, _("starting to read"));

  ok = func (self, user_data, error);

  /* Nothing was written; ending the transaction only releases the snapshot. */
  sqlite3_exec (self->db, ok ? "COMMIT" : "ROLLBACK", NULL, NULL, NULL);
  if (!sqlite3_get_autocommit (self->db))
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  return ok;
}

gboolean
attest_store_check_filter (AttestStore             *self,
                           const AttestClaimFilter *filter,
                           gint64                  *out_document_id,
                           GError                 **error)
{
  static const char annotator_sql[] = "SELECT id FROM annotators WHERE name = ?";
  static const char category_sql[] = "SELECT id FROM categories WHERE key = ?";
  gint64 document_id = 0;

  g_return_val_if_fail (ATTEST_IS_STORE (self), FALSE);

  if (filter != NULL && filter->document != NULL &&
      !(document_id = _attest_store_resolve_ref (self, "documents", "document",
                                                 filter->document, error)))
    return FALSE;

  /* Not attest_store_get_category(): it counts the category's claims,
   * which reads a sixth of the corpus, and every export checks its filter
   * several times. */
  if (filter != NULL && filter->category != NULL)
    {
      sqlite3_stmt *stmt;
      gint64 id;

      if (!(stmt = _attest_store_prepare (self, category_sql, error)))
        return FALSE;
      _attest_store_bind_text (stmt, 1, filter->category);
      if (!_attest_store_query_id (self, stmt, &id, _("reading a category"), error))
        return FALSE;
      if (id == 0)
        {
          g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_NOT_FOUND,
                       _("No category “%s” (see “attest-cli taxonomy”)"), filter->category);
          return FALSE;
        }
    }

  if (filter != NULL && filter->status != NULL && !attest_claim_status_is_valid (filter->status))
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID,
                   _("“%s” is not a status; use draft, accepted or rejected"), filter->status);
      return FALSE;
    }

  if (filter != NULL && filter->annotator != NULL)
    {
      sqlite3_stmt *stmt;
      gint64 id;

      if (!(stmt = _attest_store_prepare (self, annotator_sql, error)))
        return FALSE;
      _attest_store_bind_text (stmt, 1, filter->annotator);
      if (!_attest_store_query_id (self, stmt, &id, _("looking up an annotator"), error))
        return FALSE;
      if (id == 0)
        {
          g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_NOT_FOUND,
                       _("No annotator “%s” has made any claim"), filter->annotator);
          return FALSE;
        }
    }

  if (out_document_id)
    *out_document_id = document_id;
  return TRUE;
}

/* --------------------------------------------------------------- people */

/* A caller's function and data, for the row functions below. */
typedef struct {
  gpointer func;
  gpointer user_data;
} Visit;

static gboolean
visit_annotator (sqlite3_stmt *stmt,
                 gpointer      data,
                 GError      **error)
{
  Visit *v = data;
  AttestPersonRow row = { _attest_store_column_text (stmt, 0), _attest_store_column_text (stmt, 1) };

  return ((AttestPersonFunc) v->func) (&row, v->user_data, error);
}

static gboolean
visit_other_person (sqlite3_stmt *stmt,
                    gpointer      data,
                    GError      **error)
{
  Visit *v = data;
  AttestPersonRow row = { NULL, _attest_store_column_text (stmt, 0) };

  return ((AttestPersonFunc) v->func) (&row, v->user_data, error);
}

gboolean
attest_store_foreach_person (AttestStore      *self,
                             AttestPersonFunc  func,
                             gpointer          user_data,
                             GError          **error)
{
  /* Every export's order hangs on what rows hold, never on the order they
   * came into this database: replicas of a team's database, which receive
   * rows in different orders, export the same bytes. */
  static const char annotators_sql[] = "SELECT uuid, name FROM annotators ORDER BY name, uuid";
  /* One pass over the history (no index has its names): DISTINCT first,
   * into a temporary B-tree that holds only the few distinct names, then
   * the annotators' names are looked up once per name, not once per row. */
  static const char others_sql[] =
    "SELECT h.annotator FROM (SELECT DISTINCT annotator FROM history) h"
    " WHERE NOT EXISTS (SELECT 1 FROM annotators a WHERE a.name = h.annotator)"
    " ORDER BY h.annotator";
  Visit visit = { (gpointer) func, user_data };
  sqlite3_stmt *stmt;

  if (!(stmt = _attest_store_prepare (self, annotators_sql, error)) ||
      !_attest_store_each_row (self, stmt, visit_annotator, &visit, _("listing annotators"), error))
    return FALSE;

  if (!(stmt = _attest_store_prepare (self, others_sql, error)))
    return FALSE;
  return _attest_store_each_row (self, stmt, visit_other_person, &visit, _("listing annotators"), error);
}

/* -------------------------------------------------------------- history */

static gboolean
visit_change (sqlite3_stmt *stmt,
              gpointer      data,
              GError      **error)
{
  Visit *v = data;
  AttestChangeRow row = {
    _attest_store_column_text (stmt, 0), _attest_store_column_text (stmt, 1), _attest_store_column_text (stmt, 2),
    _attest_store_column_text (stmt, 3), _attest_store_column_text (stmt, 4), _attest_store_column_text (stmt, 5),
    _attest_store_column_text (stmt, 6), _attest_store_column_text (stmt, 7), _attest_store_column_text (stmt, 8),
  };

  return ((AttestChangeFunc) v->func) (&row, v->user_data, error);
}

gboolean
attest_store_foreach_change (AttestStore             *self,
                             const AttestClaimFilter *filter,
                             AttestChangeFunc         func,
                             gpointer                 user_data,
                             GError                 **error)
{
  static const char all_sql[] =
    "SELECT uuid, at, annotator, entity, entity_uuid, action, field, old_value, new_value"
    " FROM history ORDER BY at, annotator, id";
  /* The history of what a filtered export holds: the taxonomy, its live
   * claims, its documents, their sources, the outside sources linked to
   * its claims. (Deleted claims' history is in full exports only: a
   * filtered export must read back to the same file.)
   *
   * One pass over the history, each row tested by its entity against that
   * table only. Not "entity_uuid IN (SELECT …) OR …" for every table:
   * SQLite fills each such list into a temporary B-tree before the first
   * row, and without a document the claims' one holds the uuid of every
   * matching claim of the corpus (tens of MB at a million claims, spilled
   * to a temporary file and read back at random). Such a list is kept only
   * for the claims of one document (?1), a few hundred uuids at most;
   * otherwise a claim is looked up by its uuid (EXISTS), as are documents
   * and sources, whose entries are few. */
  static const char filtered_sql[] =
    "SELECT h.uuid, h.at, h.annotator, h.entity, h.entity_uuid, h.action, h.field,"
    " h.old_value, h.new_value FROM history h"
    " WHERE CASE h.entity"
    " WHEN 'category' THEN 1"
    " WHEN 'claim' THEN CASE WHEN ?1 IS NULL"
    "   THEN EXISTS (SELECT 1 FROM claims c WHERE c.uuid = h.entity_uuid"
    "     AND NOT c.deleted AND" CLAIM_MATCHES ")"
    "   ELSE h.entity_uuid IN (SELECT c.uuid FROM claims c WHERE c.document_id = ?1"
    "     AND NOT c.deleted AND" CLAIM_MATCHES ") END"
    " WHEN 'document' THEN EXISTS (SELECT 1 FROM documents d WHERE d.uuid = h.entity_uuid"
    "   AND (?1 IS NULL OR d.id = ?1))"
    " WHEN 'source' THEN EXISTS (SELECT 1 FROM sources s WHERE s.uuid = h.entity_uuid AND CASE"
    "   WHEN s.document_id IS NOT NULL THEN (?1 IS NULL OR s.document_id = ?1)"
    "   ELSE EXISTS (SELECT 1 FROM claim_sources cs JOIN claims c ON c.id = cs.claim_id"
    "     WHERE cs.source_id = s.id AND NOT c.deleted AND" CLAIM_MATCHES ") END)"
    " ELSE 0 END"
    " ORDER BY h.at, h.annotator, h.id";
  gint64 document_id = 0;
  sqlite3_stmt *stmt;

  if (!_attest_store_claim_filter_is_empty (filter) &&
      !attest_store_check_filter (self, filter, &document_id, error))
    return FALSE;

  if (!(stmt = _attest_store_prepare (self, _attest_store_claim_filter_is_empty (filter) ? all_sql : filtered_sql, error)))
    return FALSE;
  if (!_attest_store_claim_filter_is_empty (filter))
    _attest_store_bind_claim_filter (stmt, document_id, filter);

  return _attest_store_each_row (self, stmt, visit_change, &(Visit) { (gpointer) func, user_data },
                                 _("reading the history"), error);
}

/* ----------------------------------------------------------- taxonomy */

GPtrArray *
attest_store_list_taxonomy (AttestStore  *self,
                            GError      **error)
{
  /* CATEGORY_COLUMNS but for the last, the claim count: counting reads
   * every claim of the corpus, at random through claims_by_category. */
  static const char sql[] =
    "SELECT k.id, k.key, k.label, k.description, k.color, k.shortcut, k.parent_key,"
    " k.retired, k.version, 0 FROM categories k ORDER BY k.position, k.key";
  g_autoptr(GPtrArray) categories = g_ptr_array_new_with_free_func (g_object_unref);
  sqlite3_stmt *stmt;

  g_return_val_if_fail (ATTEST_IS_STORE (self), NULL);

  if (!(stmt = _attest_store_prepare (self, sql, error)))
    return NULL;
  if (!_attest_store_collect (self, stmt, (AttestStoreRowFunc) _attest_store_category_from_row,
                              categories, _("listing categories"), error))
    return NULL;
  return g_steal_pointer (&categories);
}

/* ------------------------------------------------------------ documents */

typedef struct {
  AttestDocumentFunc  func;
  gpointer            user_data;
  guint               index;
  gint64              total;
} DocumentVisit;

static gboolean
visit_document (sqlite3_stmt *stmt,
                gpointer      data,
                GError      **error)
{
  DocumentVisit *v = data;
  g_autoptr(AttestDocument) doc = _attest_store_document_from_row (stmt);

  doc->text = _attest_store_column_dup (stmt, 16);
  if (!v->func (doc, v->index, MAX ((guint) v->total, v->index + 1), v->user_data, error))
    return FALSE;
  v->index++;
  return TRUE;
}

gboolean
attest_store_foreach_document (AttestStore             *self,
                               const AttestClaimFilter *filter,
                               AttestDocumentFunc       func,
                               gpointer                 user_data,
                               GError                 **error)
{
  static const char count_sql[] = "SELECT count(*) FROM documents WHERE ?1 IS NULL OR id = ?1";
  /* Its own statement (not the cached one attest-store.c uses), so that
   * callbacks may look documents up while this one is stepping.
   * DOCUMENT_COLUMNS but for the last, the live claim count: the writers
   * do not need it, and counting would read every claim once more. */
  static const char sql[] =
    "SELECT d.id, d.uuid, d.sha256, d.title, d.publication, d.volume, d.issue, d.author,"
    " d.date, d.origin, d.format, d.encoding, d.length, d.body_start, d.imported, 0,"
    " d.text FROM documents d WHERE d.id = ?1";
  /* The order first, then each document by its id: sorting the rows
   * themselves would carry every text through the sorter. */
  static const char order_sql[] =
    "SELECT id FROM documents WHERE ?1 IS NULL OR id = ?1 ORDER BY imported, origin, uuid";
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  DocumentVisit visit = { func, user_data, 0, 0 };
  gint64 document_id = 0;
  sqlite3_stmt *stmt;
  gint64 total;

  if (!attest_store_check_filter (self, filter, &document_id, error))
    return FALSE;

  if (!(stmt = _attest_store_prepare (self, count_sql, error)))
    return FALSE;
  if (document_id)
    sqlite3_bind_int64 (stmt, 1, document_id);
  if (!_attest_store_query_id (self, stmt, &total, _("counting documents"), error))
    return FALSE;

  if (!(stmt = _attest_store_prepare (self, order_sql, error)))
    return FALSE;
  if (document_id)
    sqlite3_bind_int64 (stmt, 1, document_id);
  if (!_attest_store_each_row (self, stmt, _attest_store_row_add_id, ids, _("reading documents"), error))
    return FALSE;
  visit.total = total;
  for (guint i = 0; i < ids->len; i++)
    {
      int rc;

      if (!(stmt = _attest_store_prepare (self, sql, error)))
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, g_array_index (ids, gint64, i));
      rc = sqlite3_step (stmt);
      if (rc != SQLITE_ROW)
        {
          sqlite3_reset (stmt);
          return _attest_store_set_sqlite_error (self, error, rc == SQLITE_DONE ? SQLITE_CORRUPT : rc,
                                                 _("reading documents"));
        }
      if (!visit_document (stmt, &visit, error))
        {
          sqlite3_reset (stmt);
          return FALSE;
        }
      sqlite3_reset (stmt);
    }
  return TRUE;
}

/* -------------------------------------------------------------- sources */

static gboolean
visit_source (sqlite3_stmt *stmt,
              gpointer      data,
              GError      **error)
{
  Visit *v = data;
  AttestSourceRow row = {
    _attest_store_column_text (stmt, 0), _attest_store_column_text (stmt, 1), _attest_store_column_text (stmt, 2),
    _attest_store_column_text (stmt, 3), _attest_store_column_text (stmt, 4), _attest_store_column_text (stmt, 5),
    _attest_store_column_text (stmt, 6), _attest_store_column_text (stmt, 7), _attest_store_column_text (stmt, 8),
  };

  return ((AttestSourceFunc) v->func) (&row, v->user_data, error);
}

/* Not by id: replicas of a team add the same sources in different orders,
 * and their exports must be equal to the byte. */
#define SOURCE_ORDER "created, uuid"

gboolean
attest_store_foreach_source (AttestStore             *self,
                             gint64                   document_id,
                             const AttestClaimFilter *filter,
                             AttestSourceFunc         func,
                             gpointer                 user_data,
                             GError                 **error)
{
  static const char document_sql[] =
    "SELECT uuid, outlet, place, date_text, date_when, url, title, reliability, created"
    " FROM sources WHERE document_id = ?5 ORDER BY " SOURCE_ORDER;
  static const char outside_sql[] =
    "SELECT uuid, outlet, place, date_text, date_when, url, title, reliability, created"
    " FROM sources s WHERE document_id IS NULL"
    " AND (?5 OR EXISTS (SELECT 1 FROM claim_sources cs JOIN claims c ON c.id = cs.claim_id"
    "   WHERE cs.source_id = s.id AND NOT c.deleted AND" CLAIM_MATCHES "))"
    " ORDER BY " SOURCE_ORDER;
  sqlite3_stmt *stmt;

  if (!(stmt = _attest_store_prepare (self, document_id ? document_sql : outside_sql, error)))
    return FALSE;
  if (document_id)
    sqlite3_bind_int64 (stmt, 5, document_id);
  else
    {
      gint64 filter_document_id = 0;

      if (!_attest_store_claim_filter_is_empty (filter) &&
          !attest_store_check_filter (self, filter, &filter_document_id, error))
        return FALSE;
      _attest_store_bind_claim_filter (stmt, filter_document_id, filter);
      sqlite3_bind_int (stmt, 5, _attest_store_claim_filter_is_empty (filter));
    }

  return _attest_store_each_row (self, stmt, visit_source, &(Visit) { (gpointer) func, user_data },
                                 _("reading sources"), error);
}

/* --------------------------------------------------------------- claims */

void
attest_claim_batch_free (AttestClaimBatch *batch)
{
  if (batch == NULL)
    return;
  g_array_unref (batch->claims);
  g_array_unref (batch->links);
  g_clear_pointer (&batch->origins, g_ptr_array_unref);
  g_string_chunk_free (batch->strings);
  g_free (batch);
}

static const char *
chunk_dup (GStringChunk *chunk,
           const char   *text)
{
  return text ? g_string_chunk_insert (chunk, text) : NULL;
}

static int
compare_links (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  return strcmp (((const AttestLinkRow *) a)->source_uuid, ((const AttestLinkRow *) b)->source_uuid);
}

/* Positions in a batch's claims, by (start, end descending, uuid): an
 * order that does not hang on the order rows came into this database, so
 * that two replicas of a team's database export the same bytes. */
static int
compare_claim_positions (gconstpointer a,
                         gconstpointer b,
                         gpointer      user_data)
{
  const AttestClaimRow *rows = user_data;
  guint i = *(const guint *) a, j = *(const guint *) b;

  if (rows[i].start != rows[j].start)
    return rows[i].start < rows[j].start ? -1 : 1;
  if (rows[i].end != rows[j].end)
    return rows[i].end > rows[j].end ? -1 : 1;
  return strcmp (rows[i].uuid, rows[j].uuid);
}

/* Puts the claims (and their first links, alongside) in (start, end
 * descending, uuid) order. */
static void
reorder_claims (AttestClaimBatch  *batch,
                GArray           **first_links)
{
  guint n = batch->claims->len;
  g_autofree guint *order = g_new (guint, n);
  GArray *claims = g_array_sized_new (FALSE, TRUE, sizeof (AttestClaimRow), n);
  GArray *firsts = g_array_sized_new (FALSE, FALSE, sizeof (guint), n);

  for (guint i = 0; i < n; i++)
    order[i] = i;
  g_qsort_with_data (order, n, sizeof (guint), compare_claim_positions, batch->claims->data);
  for (guint i = 0; i < n; i++)
    {
      g_array_append_val (claims, g_array_index (batch->claims, AttestClaimRow, order[i]));
      g_array_append_val (firsts, g_array_index (*first_links, guint, order[i]));
    }
  g_array_unref (batch->claims);
  batch->claims = claims;
  g_array_unref (*first_links);
  *first_links = firsts;
}

gboolean
attest_store_has_curation (AttestStore *self,
                           gboolean    *out_any,
                           GError     **error)
{
  static const char sql[] = "SELECT 1 FROM history WHERE action = 'curate' LIMIT 1";
  sqlite3_stmt *stmt;
  gint64 found = 0;

  g_return_val_if_fail (ATTEST_IS_STORE (self), FALSE);

  if (!(stmt = _attest_store_prepare (self, sql, error)) ||
      !_attest_store_query_id (self, stmt, &found, _("reading the history of curation"), error))
    return FALSE;
  *out_any = found != 0;
  return TRUE;
}

gboolean
attest_store_collect_origins (AttestStore       *self,
                              gint64             document_id,
                              AttestClaimBatch  *batch,
                              GError           **error)
{
  static const char sql[] =
    "SELECT c.uuid, h.old_value FROM claims c JOIN history h ON h.entity_uuid = c.uuid"
    " WHERE c.document_id = ?1 AND NOT c.deleted AND h.action = 'curate' AND h.field = 'origin'"
    " ORDER BY c.uuid, h.id";
  g_autoptr(GHashTable) rows = NULL;
  g_autoptr(GArray) owners = NULL;  /* the batch row of each origin, rows of one claim together */
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (ATTEST_IS_STORE (self), FALSE);

  if (!(stmt = _attest_store_prepare (self, sql, error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, document_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gpointer index;

      /* Most documents have no curated claim: the table is built for the
       * first one met. */
      if (rows == NULL)
        {
          rows = g_hash_table_new (g_str_hash, g_str_equal);
          owners = g_array_new (FALSE, FALSE, sizeof (guint));
          batch->origins = g_ptr_array_new ();
          for (guint i = 0; i < batch->claims->len; i++)
            g_hash_table_insert (rows, (gpointer) g_array_index (batch->claims, AttestClaimRow, i).uuid,
                                 GUINT_TO_POINTER (i + 1));
        }
      /* A claim the filter left out has nothing to carry its origins. */
      if ((index = g_hash_table_lookup (rows, _attest_store_column_text (stmt, 0))) != NULL)
        {
          guint row = GPOINTER_TO_UINT (index) - 1;

          g_array_append_val (owners, row);
          g_ptr_array_add (batch->origins, (gpointer) chunk_dup (batch->strings, _attest_store_column_text (stmt, 1)));
        }
    }
  if (!_attest_store_step_failed (self, stmt, rc, _("reading the history of curation"), error))
    return FALSE;

  /* The array has stopped growing: point each curated claim at its slice. */
  for (guint i = 0; owners != NULL && i < owners->len; i++)
    {
      AttestClaimRow *row = &g_array_index (batch->claims, AttestClaimRow,
                                            g_array_index (owners, guint, i));

      if (row->n_origins++ == 0)
        row->origins = (const char * const *) &g_ptr_array_index (batch->origins, i);
    }
  return TRUE;
}

AttestClaimBatch *
attest_store_collect_claims (AttestStore             *self,
                             gint64                   document_id,
                             const AttestClaimFilter *filter,
                             GError                 **error)
{
  /* One row per link (or one for a claim without links): the claim's
   * columns repeat and are read once per claim.
   *
   * In row order: the index of live claims by document holds them so, and
   * the table is read page after page instead of jumping about it in text
   * order (a third of this query's time at a million claims); SQLite sorts
   * nothing (rows of one claim are together). The order of the file,
   * start, end descending, uuid, and links by source uuid, is made below. */
  static const char sql[] =
    "SELECT c.id, c.uuid, c.start, c.\"end\", c.quote, k.key, a.uuid, a.name, c.created,"
    " c.modified, c.status, c.certainty, c.comment, c.version, s.uuid, la.uuid, cs.created"
    " FROM claims c JOIN categories k ON k.id = c.category_id"
    " JOIN annotators a ON a.id = c.annotator_id"
    " LEFT JOIN claim_sources cs ON cs.claim_id = c.id"
    " LEFT JOIN sources s ON s.id = cs.source_id"
    " LEFT JOIN annotators la ON la.id = cs.annotator_id"
    " WHERE c.document_id = ?1 AND NOT c.deleted AND" CLAIM_FILTER_FIELDS
    " ORDER BY c.id";
  g_autoptr(AttestClaimBatch) batch = g_new0 (AttestClaimBatch, 1);
  g_autoptr(GArray) first_links = g_array_new (FALSE, FALSE, sizeof (guint));
  sqlite3_stmt *stmt;
  gint64 current = 0;
  guint link_index = 0;
  int rc;

  g_return_val_if_fail (document_id > 0, NULL);

  batch->claims = g_array_new (FALSE, TRUE, sizeof (AttestClaimRow));
  batch->links = g_array_new (FALSE, TRUE, sizeof (AttestLinkRow));
  batch->strings = g_string_chunk_new (4096);

  if (!(stmt = _attest_store_prepare (self, sql, error)))
    return NULL;
  _attest_store_bind_claim_filter (stmt, document_id, filter);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      GStringChunk *s = batch->strings;

      if (id != current)
        {
          AttestClaimRow row = {
            .uuid = chunk_dup (s, _attest_store_column_text (stmt, 1)),
            .start = sqlite3_column_int64 (stmt, 2),
            .end = sqlite3_column_int64 (stmt, 3),
            .quote = chunk_dup (s, _attest_store_column_text (stmt, 4)),
            .category = chunk_dup (s, _attest_store_column_text (stmt, 5)),
            .annotator_uuid = chunk_dup (s, _attest_store_column_text (stmt, 6)),
            .annotator = chunk_dup (s, _attest_store_column_text (stmt, 7)),
            .created = chunk_dup (s, _attest_store_column_text (stmt, 8)),
            .modified = chunk_dup (s, _attest_store_column_text (stmt, 9)),
            .status = chunk_dup (s, _attest_store_column_text (stmt, 10)),
            .certainty = chunk_dup (s, _attest_store_column_text (stmt, 11)),
            .comment = chunk_dup (s, _attest_store_column_text (stmt, 12)),
            .version = sqlite3_column_int64 (stmt, 13),
          };

          g_array_append_val (batch->claims, row);
          g_array_append_val (first_links, link_index);
          current = id;
        }

      if (sqlite3_column_type (stmt, 14) != SQLITE_NULL)
        {
          AttestLinkRow link = {
            chunk_dup (s, _attest_store_column_text (stmt, 14)),
            chunk_dup (s, _attest_store_column_text (stmt, 15)),
            chunk_dup (s, _attest_store_column_text (stmt, 16)),
          };

          g_array_append_val (batch->links, link);
          g_array_index (batch->claims, AttestClaimRow, batch->claims->len - 1).n_links++;
          link_index++;
        }
    }
  if (!_attest_store_step_failed (self, stmt, rc, _("reading claims"), error))
    return NULL;

  /* Text order: start, end descending, then uuid; nothing to do when
   * the claims were made in it. */
  for (guint i = 1; i < batch->claims->len; i++)
    {
      const AttestClaimRow *prev = &g_array_index (batch->claims, AttestClaimRow, i - 1);
      const AttestClaimRow *row = &g_array_index (batch->claims, AttestClaimRow, i);

      if (prev->start > row->start || (prev->start == row->start &&
          (prev->end < row->end || (prev->end == row->end && strcmp (prev->uuid, row->uuid) > 0))))
        {
          reorder_claims (batch, &first_links);
          break;
        }
    }

  /* The links array has stopped growing: point each claim at its slice,
   * ordered by source uuid. */
  for (guint i = 0; i < batch->claims->len; i++)
    {
      AttestClaimRow *row = &g_array_index (batch->claims, AttestClaimRow, i);
      AttestLinkRow *links;

      if (row->n_links == 0)
        continue;
      links = &g_array_index (batch->links, AttestLinkRow, g_array_index (first_links, guint, i));
      for (guint k = 1; k < row->n_links; k++)
        if (strcmp (links[k - 1].source_uuid, links[k].source_uuid) > 0)
          {
            g_qsort_with_data (links, row->n_links, sizeof (AttestLinkRow), compare_links, NULL);
            break;
          }
      row->links = links;
    }

  return g_steal_pointer (&batch);
}
