/* attest-store-tei.c — the store's side of export and bulk import.
 *
 * What it owns: the SQL that streams rows out for the TEI, CSV and JSON
 * Lines writers (one document at a time, inside one read snapshot), and
 * the SQL that writes a whole TEI file back in one BEGIN IMMEDIATE
 * transaction. Part of the AttestStore class (see attest-store-private.h);
 * nothing outside the store's files speaks SQL.
 *
 * Export order is chosen so that an import into an empty database, which
 * inserts rows in file order, gives the same order back: documents,
 * annotators, sources and history by row id, claims by (start, end
 * descending, row id), links by source uuid.
 */
#include "config.h"

#include <string.h>

#include "attest-citation-scanner.h"
#include "attest-error.h"
#include "attest-store-private.h"

/* Whether a claim (aliases c, and its category key ?2, annotator name ?3,
 * status ?4) matches a filter; ?1 is a document row id or NULL. */
#define CLAIM_MATCHES \
  " (?1 IS NULL OR c.document_id = ?1)" \
  " AND (?2 IS NULL OR c.category_id = (SELECT id FROM categories WHERE key = ?2))" \
  " AND (?3 IS NULL OR c.annotator_id = (SELECT id FROM annotators WHERE name = ?3))" \
  " AND (?4 IS NULL OR c.status = ?4)"

static gboolean
filter_is_empty (const AttestClaimFilter *filter)
{
  return filter == NULL ||
         (filter->document == NULL && filter->category == NULL &&
          filter->annotator == NULL && filter->status == NULL);
}

/* Binds ?1 … ?4 of CLAIM_MATCHES. */
static void
bind_filter (sqlite3_stmt            *stmt,
             gint64                   document_id,
             const AttestClaimFilter *filter)
{
  if (document_id > 0)
    sqlite3_bind_int64 (stmt, 1, document_id);
  if (filter != NULL)
    {
      _attest_store_bind_text (stmt, 2, filter->category);
      _attest_store_bind_text (stmt, 3, filter->annotator);
      _attest_store_bind_text (stmt, 4, filter->status);
    }
}

static const char *
column_text (sqlite3_stmt *stmt,
             int           index)
{
  return (const char *) sqlite3_column_text (stmt, index);
}

static gboolean
step_failed (AttestStore  *self,
             sqlite3_stmt *stmt,
             int           rc,
             const char   *doing,
             GError      **error)
{
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _attest_store_set_sqlite_error (self, error, rc, doing);
  return TRUE;
}

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
    return _attest_store_set_sqlite_error (self, error, rc, "starting to read");

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
      if (!_attest_store_query_id (self, stmt, &id, "reading a category", error))
        return FALSE;
      if (id == 0)
        {
          g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_NOT_FOUND,
                       "No category “%s” (see “attest-cli taxonomy”)", filter->category);
          return FALSE;
        }
    }

  if (filter != NULL && filter->status != NULL && !attest_claim_status_is_valid (filter->status))
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID,
                   "“%s” is not a status; use draft, accepted or rejected", filter->status);
      return FALSE;
    }

  if (filter != NULL && filter->annotator != NULL)
    {
      sqlite3_stmt *stmt;
      gint64 id;

      if (!(stmt = _attest_store_prepare (self, annotator_sql, error)))
        return FALSE;
      _attest_store_bind_text (stmt, 1, filter->annotator);
      if (!_attest_store_query_id (self, stmt, &id, "looking up an annotator", error))
        return FALSE;
      if (id == 0)
        {
          g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_NOT_FOUND,
                       "No annotator “%s” has made any claim", filter->annotator);
          return FALSE;
        }
    }

  if (out_document_id)
    *out_document_id = document_id;
  return TRUE;
}

/* --------------------------------------------------------------- people */

gboolean
attest_store_foreach_person (AttestStore      *self,
                             AttestPersonFunc  func,
                             gpointer          user_data,
                             GError          **error)
{
  static const char annotators_sql[] = "SELECT uuid, name FROM annotators ORDER BY id";
  /* One pass over the history (no index has its names): DISTINCT first,
   * into a temporary B-tree that holds only the few distinct names, then
   * the annotators' names are looked up once per name, not once per row. */
  static const char others_sql[] =
    "SELECT h.annotator FROM (SELECT DISTINCT annotator FROM history) h"
    " WHERE NOT EXISTS (SELECT 1 FROM annotators a WHERE a.name = h.annotator)"
    " ORDER BY h.annotator";
  sqlite3_stmt *stmt;
  int rc;

  if (!(stmt = _attest_store_prepare (self, annotators_sql, error)))
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      AttestPersonRow row = { column_text (stmt, 0), column_text (stmt, 1) };

      if (!func (&row, user_data, error))
        {
          sqlite3_reset (stmt);
          return FALSE;
        }
    }
  if (!step_failed (self, stmt, rc, "listing annotators", error))
    return FALSE;

  if (!(stmt = _attest_store_prepare (self, others_sql, error)))
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      AttestPersonRow row = { NULL, column_text (stmt, 0) };

      if (!func (&row, user_data, error))
        {
          sqlite3_reset (stmt);
          return FALSE;
        }
    }
  return step_failed (self, stmt, rc, "listing annotators", error);
}

/* -------------------------------------------------------------- history */

gboolean
attest_store_foreach_change (AttestStore             *self,
                             const AttestClaimFilter *filter,
                             AttestChangeFunc         func,
                             gpointer                 user_data,
                             GError                 **error)
{
  static const char all_sql[] =
    "SELECT uuid, at, annotator, entity, entity_uuid, action, field, old_value, new_value"
    " FROM history ORDER BY id";
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
    " ORDER BY h.id";
  gint64 document_id = 0;
  sqlite3_stmt *stmt;
  int rc;

  if (!filter_is_empty (filter) &&
      !attest_store_check_filter (self, filter, &document_id, error))
    return FALSE;

  if (!(stmt = _attest_store_prepare (self, filter_is_empty (filter) ? all_sql : filtered_sql, error)))
    return FALSE;
  if (!filter_is_empty (filter))
    bind_filter (stmt, document_id, filter);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      AttestChangeRow row = {
        column_text (stmt, 0), column_text (stmt, 1), column_text (stmt, 2),
        column_text (stmt, 3), column_text (stmt, 4), column_text (stmt, 5),
        column_text (stmt, 6), column_text (stmt, 7), column_text (stmt, 8),
      };

      if (!func (&row, user_data, error))
        {
          sqlite3_reset (stmt);
          return FALSE;
        }
    }
  return step_failed (self, stmt, rc, "reading the history", error);
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
    " k.retired, k.version, 0 FROM categories k ORDER BY k.position, k.id";
  g_autoptr(GPtrArray) categories = g_ptr_array_new_with_free_func (g_object_unref);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (ATTEST_IS_STORE (self), NULL);

  if (!(stmt = _attest_store_prepare (self, sql, error)))
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (categories, _attest_store_category_from_row (stmt));
  if (!step_failed (self, stmt, rc, "listing categories", error))
    return NULL;
  return g_steal_pointer (&categories);
}

/* ------------------------------------------------------------ documents */

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
    " d.text FROM documents d"
    " WHERE ?1 IS NULL OR d.id = ?1 ORDER BY d.id";
  gint64 document_id = 0;
  sqlite3_stmt *stmt;
  gint64 total;
  guint index = 0;
  int rc;

  if (!attest_store_check_filter (self, filter, &document_id, error))
    return FALSE;

  if (!(stmt = _attest_store_prepare (self, count_sql, error)))
    return FALSE;
  if (document_id)
    sqlite3_bind_int64 (stmt, 1, document_id);
  if (!_attest_store_query_id (self, stmt, &total, "counting documents", error))
    return FALSE;

  if (!(stmt = _attest_store_prepare (self, sql, error)))
    return FALSE;
  if (document_id)
    sqlite3_bind_int64 (stmt, 1, document_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(AttestDocument) doc = _attest_store_document_from_row (stmt);

      doc->text = _attest_store_column_dup (stmt, 16);
      if (!func (doc, index, MAX ((guint) total, index + 1), user_data, error))
        {
          sqlite3_reset (stmt);
          return FALSE;
        }
      index++;
    }
  return step_failed (self, stmt, rc, "reading documents", error);
}

/* -------------------------------------------------------------- sources */

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
    " FROM sources WHERE document_id = ?5 ORDER BY id";
  static const char outside_sql[] =
    "SELECT uuid, outlet, place, date_text, date_when, url, title, reliability, created"
    " FROM sources s WHERE document_id IS NULL"
    " AND (?5 OR EXISTS (SELECT 1 FROM claim_sources cs JOIN claims c ON c.id = cs.claim_id"
    "   WHERE cs.source_id = s.id AND NOT c.deleted AND" CLAIM_MATCHES "))"
    " ORDER BY id";
  sqlite3_stmt *stmt;
  int rc;

  if (!(stmt = _attest_store_prepare (self, document_id ? document_sql : outside_sql, error)))
    return FALSE;
  if (document_id)
    sqlite3_bind_int64 (stmt, 5, document_id);
  else
    {
      gint64 filter_document_id = 0;

      if (!filter_is_empty (filter) &&
          !attest_store_check_filter (self, filter, &filter_document_id, error))
        return FALSE;
      bind_filter (stmt, filter_document_id, filter);
      sqlite3_bind_int (stmt, 5, filter_is_empty (filter));
    }

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      AttestSourceRow row = {
        column_text (stmt, 0), column_text (stmt, 1), column_text (stmt, 2),
        column_text (stmt, 3), column_text (stmt, 4), column_text (stmt, 5),
        column_text (stmt, 6), column_text (stmt, 7), column_text (stmt, 8),
      };

      if (!func (&row, user_data, error))
        {
          sqlite3_reset (stmt);
          return FALSE;
        }
    }
  return step_failed (self, stmt, rc, "reading sources", error);
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

/* Positions in a batch's claims, by (start, end descending, position). */
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
  return i < j ? -1 : i > j;
}

/* Puts the claims (and their first links, alongside) in (start, end
 * descending) order, keeping the order they came in among equals. */
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
      !_attest_store_query_id (self, stmt, &found, "reading the history of curation", error))
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
      if ((index = g_hash_table_lookup (rows, column_text (stmt, 0))) != NULL)
        {
          guint row = GPOINTER_TO_UINT (index) - 1;

          g_array_append_val (owners, row);
          g_ptr_array_add (batch->origins, (gpointer) chunk_dup (batch->strings, column_text (stmt, 1)));
        }
    }
  if (!step_failed (self, stmt, rc, "reading the history of curation", error))
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
   * Ordered by (start, id) only: claims_by_document (document_id, start)
   * holds the rowid after start, so SQLite walks the index in this order
   * and sorts nothing, which saves a third of this query's time. The rest
   * of the order, end descending among claims with the same start and
   * links by source uuid, is made below, where few rows are out of place
   * (rows of one claim are together: its id is in the order). */
  static const char sql[] =
    "SELECT c.id, c.uuid, c.start, c.\"end\", c.quote, k.key, a.uuid, a.name, c.created,"
    " c.modified, c.status, c.certainty, c.comment, c.version, s.uuid, la.uuid, cs.created"
    " FROM claims c JOIN categories k ON k.id = c.category_id"
    " JOIN annotators a ON a.id = c.annotator_id"
    " LEFT JOIN claim_sources cs ON cs.claim_id = c.id"
    " LEFT JOIN sources s ON s.id = cs.source_id"
    " LEFT JOIN annotators la ON la.id = cs.annotator_id"
    " WHERE c.document_id = ?1 AND NOT c.deleted"
    " AND (?2 IS NULL OR k.key = ?2) AND (?3 IS NULL OR a.name = ?3)"
    " AND (?4 IS NULL OR c.status = ?4)"
    " ORDER BY c.start, c.id";
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
  bind_filter (stmt, document_id, filter);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      GStringChunk *s = batch->strings;

      if (id != current)
        {
          AttestClaimRow row = {
            .uuid = chunk_dup (s, column_text (stmt, 1)),
            .start = sqlite3_column_int64 (stmt, 2),
            .end = sqlite3_column_int64 (stmt, 3),
            .quote = chunk_dup (s, column_text (stmt, 4)),
            .category = chunk_dup (s, column_text (stmt, 5)),
            .annotator_uuid = chunk_dup (s, column_text (stmt, 6)),
            .annotator = chunk_dup (s, column_text (stmt, 7)),
            .created = chunk_dup (s, column_text (stmt, 8)),
            .modified = chunk_dup (s, column_text (stmt, 9)),
            .status = chunk_dup (s, column_text (stmt, 10)),
            .certainty = chunk_dup (s, column_text (stmt, 11)),
            .comment = chunk_dup (s, column_text (stmt, 12)),
            .version = sqlite3_column_int64 (stmt, 13),
          };

          g_array_append_val (batch->claims, row);
          g_array_append_val (first_links, link_index);
          current = id;
        }

      if (sqlite3_column_type (stmt, 14) != SQLITE_NULL)
        {
          AttestLinkRow link = {
            chunk_dup (s, column_text (stmt, 14)),
            chunk_dup (s, column_text (stmt, 15)),
            chunk_dup (s, column_text (stmt, 16)),
          };

          g_array_append_val (batch->links, link);
          g_array_index (batch->claims, AttestClaimRow, batch->claims->len - 1).n_links++;
          link_index++;
        }
    }
  if (!step_failed (self, stmt, rc, "reading claims", error))
    return NULL;

  /* Claims with the same start: end descending, then id (the order they
   * came in). Mostly nothing to do; a sort of positions otherwise. */
  for (guint i = 1; i < batch->claims->len; i++)
    {
      const AttestClaimRow *prev = &g_array_index (batch->claims, AttestClaimRow, i - 1);
      const AttestClaimRow *row = &g_array_index (batch->claims, AttestClaimRow, i);

      if (prev->start == row->start && prev->end < row->end)
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

/* --------------------------------------------------------------- import */

static gboolean
check_in_import (AttestStore *self,
                 GError     **error)
{
  if (!sqlite3_get_autocommit (self->db))
    return TRUE;
  g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_FAILED,
               "Internal error: an import call outside attest_store_bulk_import()");
  return FALSE;
}

gboolean
attest_store_bulk_import (AttestStore                *self,
                          AttestStoreTransactionFunc  func,
                          gpointer                    user_data,
                          GError                    **error)
{
  g_return_val_if_fail (ATTEST_IS_STORE (self), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  if (!_attest_store_begin_write (self, "importing", error))
    return FALSE;
  if (!func (self, user_data, error) || !_attest_store_sweep_sources (self, error))
    {
      _attest_store_rollback_write (self);
      return FALSE;
    }
  return _attest_store_commit_write (self, "importing", error);
}

gboolean
attest_store_import_watermarks (AttestStore            *self,
                                AttestImportWatermarks *out,
                                GError                **error)
{
  static const char sql[] =
    "SELECT (SELECT coalesce (max (id), 0) FROM documents),"
    " (SELECT coalesce (max (id), 0) FROM claims),"
    " (SELECT coalesce (max (id), 0) FROM sources),"
    " (SELECT coalesce (max (id), 0) FROM history)";
  sqlite3_stmt *stmt;
  int rc;

  if (!check_in_import (self, error) || !(stmt = _attest_store_prepare (self, sql, error)))
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      out->documents = sqlite3_column_int64 (stmt, 0);
      out->claims = sqlite3_column_int64 (stmt, 1);
      out->sources = sqlite3_column_int64 (stmt, 2);
      out->history = sqlite3_column_int64 (stmt, 3);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    return _attest_store_set_sqlite_error (self, error, rc, "importing");
  return TRUE;
}

gboolean
attest_store_import_is_empty (AttestStore *self,
                              gboolean    *out_empty,
                              GError     **error)
{
  static const char sql[] = "SELECT EXISTS (SELECT 1 FROM documents)";
  sqlite3_stmt *stmt;
  gint64 any;

  if (!(stmt = _attest_store_prepare (self, sql, error)) ||
      !_attest_store_query_id (self, stmt, &any, "importing", error))
    return FALSE;
  *out_empty = !any;
  return TRUE;
}

gint64
attest_store_import_annotator (AttestStore         *self,
                               const char          *uuid,
                               const char          *name,
                               AttestImportOutcome *out_outcome,
                               GError             **error)
{
  static const char by_uuid_sql[] = "SELECT id FROM annotators WHERE uuid = ?";
  static const char by_name_sql[] = "SELECT id FROM annotators WHERE name = ?";
  sqlite3_stmt *stmt;
  gint64 id = 0;

  if (!check_in_import (self, error))
    return 0;

  *out_outcome = ATTEST_IMPORT_EXISTING;
  if (!(stmt = _attest_store_prepare (self, by_uuid_sql, error)))
    return 0;
  _attest_store_bind_text (stmt, 1, uuid);
  if (!_attest_store_query_id (self, stmt, &id, "importing annotators", error))
    return 0;
  if (id != 0)
    return id;

  if (!(stmt = _attest_store_prepare (self, by_name_sql, error)))
    return 0;
  _attest_store_bind_text (stmt, 1, name);
  if (!_attest_store_query_id (self, stmt, &id, "importing annotators", error))
    return 0;
  if (id != 0)
    return id;

  if (!_attest_store_insert_annotator (self, uuid, name, FALSE, "importing annotators", error))
    return 0;
  *out_outcome = ATTEST_IMPORT_ADDED;
  return sqlite3_last_insert_rowid (self->db);
}

gboolean
attest_store_import_shift_categories (AttestStore *self,
                                      gint64       count,
                                      GError     **error)
{
  static const char sql[] = "UPDATE categories SET position = position + ?";
  sqlite3_stmt *stmt;

  if (!check_in_import (self, error) || !(stmt = _attest_store_prepare (self, sql, error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, count);
  return _attest_store_step_done (self, stmt, "importing the taxonomy", error);
}

gint64
attest_store_import_category (AttestStore         *self,
                              AttestCategory      *category,
                              gint64               position,
                              gboolean             adopt,
                              AttestImportOutcome *out_outcome,
                              GError             **error)
{
  static const char find_sql[] = "SELECT id FROM categories WHERE key = ?";
  static const char update_sql[] =
    "UPDATE categories SET label = ?, description = ?, color = ?, shortcut = ?,"
    " parent_key = ?, retired = ?, position = ? WHERE id = ?";
  static const char end_sql[] = "SELECT coalesce (max (position), -1) + 1 FROM categories";
  static const char shortcut_sql[] =
    "SELECT id FROM categories WHERE shortcut = ? AND NOT retired";
  g_autofree char *now = NULL;
  sqlite3_stmt *stmt;
  gboolean keep_shortcut = category->shortcut >= 0;
  gint64 id;

  if (!check_in_import (self, error) || !(stmt = _attest_store_prepare (self, find_sql, error)))
    return 0;
  _attest_store_bind_text (stmt, 1, category->key);
  if (!_attest_store_query_id (self, stmt, &id, "importing the taxonomy", error))
    return 0;

  if (id != 0 && !adopt)
    {
      *out_outcome = ATTEST_IMPORT_EXISTING;
      return id;
    }

  if (id != 0)
    {
      if (!(stmt = _attest_store_prepare (self, update_sql, error)))
        return 0;
      sqlite3_bind_int64 (stmt, 8, id);
    }
  else
    {
      if (!adopt)
        {
          gint64 taken = 0;

          /* Added to a taxonomy in use: go last, and leave a shortcut that
           * another category already answers to. */
          if (!(stmt = _attest_store_prepare (self, end_sql, error)) ||
              !_attest_store_query_id (self, stmt, &position, "importing the taxonomy", error))
            return 0;
          if (keep_shortcut && !category->retired)
            {
              if (!(stmt = _attest_store_prepare (self, shortcut_sql, error)))
                return 0;
              sqlite3_bind_int (stmt, 1, category->shortcut);
              if (!_attest_store_query_id (self, stmt, &taken, "importing the taxonomy", error))
                return 0;
              keep_shortcut = taken == 0;
            }
        }
      now = _attest_store_now_iso8601 ();
      if (!_attest_store_insert_category (self, &(AttestCategoryRecord) {
            .key = category->key, .label = category->label,
            .description = category->description, .color = category->color,
            .shortcut = keep_shortcut ? category->shortcut : -1,
            .parent_key = category->parent_key, .retired = category->retired,
            .position = position, .modified = now,
          }, "importing the taxonomy", &id, error))
        return 0;
      *out_outcome = ATTEST_IMPORT_ADDED;
      return id;
    }

  _attest_store_bind_text (stmt, 1, category->label);
  _attest_store_bind_text (stmt, 2, category->description);
  _attest_store_bind_text (stmt, 3, category->color);
  if (keep_shortcut)
    sqlite3_bind_int (stmt, 4, category->shortcut);
  _attest_store_bind_text (stmt, 5, category->parent_key);
  sqlite3_bind_int (stmt, 6, category->retired);
  sqlite3_bind_int64 (stmt, 7, position);
  if (!_attest_store_step_done (self, stmt, "importing the taxonomy", error))
    return 0;

  *out_outcome = ATTEST_IMPORT_EXISTING;
  return id;
}

gboolean
attest_store_import_change (AttestStore           *self,
                            const AttestChangeRow *row,
                            gint64                 watermark,
                            AttestImportOutcome   *out_outcome,
                            GError               **error)
{
  static const char find_sql[] = "SELECT id FROM history WHERE uuid = ?";
  sqlite3_stmt *stmt;
  gint64 id;

  if (!check_in_import (self, error) || !(stmt = _attest_store_prepare (self, find_sql, error)))
    return FALSE;
  _attest_store_bind_text (stmt, 1, row->uuid);
  if (!_attest_store_query_id (self, stmt, &id, "importing the history", error))
    return FALSE;
  if (id != 0)
    {
      *out_outcome = id > watermark ? ATTEST_IMPORT_REPEATED : ATTEST_IMPORT_EXISTING;
      return TRUE;
    }

  if (!_attest_store_insert_history (self, row, "importing the history", error))
    return FALSE;
  *out_outcome = ATTEST_IMPORT_ADDED;
  return TRUE;
}

gint64
attest_store_import_document (AttestStore         *self,
                              AttestDocument      *document,
                              gint64               watermark,
                              AttestImportOutcome *out_outcome,
                              GError             **error)
{
  static const char by_uuid_sql[] = "SELECT id, sha256 FROM documents WHERE uuid = ?";
  static const char by_text_sql[] = "SELECT id FROM documents WHERE sha256 = ?";
  sqlite3_stmt *stmt;
  gint64 id = 0;
  int rc;

  if (!check_in_import (self, error) || !(stmt = _attest_store_prepare (self, by_uuid_sql, error)))
    return 0;
  _attest_store_bind_text (stmt, 1, document->uuid);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      gboolean same = g_strcmp0 (column_text (stmt, 1), document->sha256) == 0;

      id = sqlite3_column_int64 (stmt, 0);
      sqlite3_reset (stmt);
      if (id > watermark)
        *out_outcome = ATTEST_IMPORT_REPEATED;
      else if (!same)
        {
          g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_CONFLICT,
                       "The document %s is in the database with another text; "
                       "one of the two was altered", document->uuid);
          return 0;
        }
      else
        *out_outcome = ATTEST_IMPORT_EXISTING;
      return id;
    }
  if (!step_failed (self, stmt, rc, "importing a document", error))
    return 0;

  if (!(stmt = _attest_store_prepare (self, by_text_sql, error)))
    return 0;
  _attest_store_bind_text (stmt, 1, document->sha256);
  if (!_attest_store_query_id (self, stmt, &id, "importing a document", error))
    return 0;
  if (id != 0)
    {
      *out_outcome = id > watermark ? ATTEST_IMPORT_REPEATED : ATTEST_IMPORT_SAME_TEXT;
      return id;
    }

  if (!_attest_store_insert_document (self, &(AttestDocumentRecord) {
      .uuid = document->uuid, .sha256 = document->sha256, .title = document->title,
      .publication = document->publication, .volume = document->volume, .issue = document->issue,
      .author = document->author, .date = document->date, .origin = document->origin,
      .format = document->format, .encoding = document->encoding, .text = document->text,
      .length = document->length, .body_start = document->body_start,
      .imported = document->imported,
    }, "importing a document", NULL, error))
    return 0;

  *out_outcome = ATTEST_IMPORT_ADDED;
  return sqlite3_last_insert_rowid (self->db);
}

gint64
attest_store_import_source (AttestStore           *self,
                            gint64                 document_id,
                            const AttestSourceRow *row,
                            gboolean               match_text,
                            gint64                 watermark,
                            AttestImportOutcome   *out_outcome,
                            GError               **error)
{
  static const char by_uuid_sql[] = "SELECT id, coalesce (document_id, 0) FROM sources WHERE uuid = ?";
  static const char by_text_sql[] =
    "SELECT id FROM sources WHERE document_id = ? AND outlet IS ? AND place IS ?"
    " AND date_text IS ? ORDER BY id LIMIT 1";
  sqlite3_stmt *stmt;
  gint64 id = 0;
  int rc;

  if (!check_in_import (self, error) || !(stmt = _attest_store_prepare (self, by_uuid_sql, error)))
    return 0;
  _attest_store_bind_text (stmt, 1, row->uuid);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      gint64 owner = sqlite3_column_int64 (stmt, 1);

      id = sqlite3_column_int64 (stmt, 0);
      sqlite3_reset (stmt);
      if (id > watermark)
        *out_outcome = ATTEST_IMPORT_REPEATED;
      else if (owner != document_id)
        {
          g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_CONFLICT,
                       "The source %s belongs to another document in the database", row->uuid);
          return 0;
        }
      else
        *out_outcome = ATTEST_IMPORT_EXISTING;
      return id;
    }
  if (!step_failed (self, stmt, rc, "importing a source", error))
    return 0;

  if (match_text && document_id != 0)
    {
      if (!(stmt = _attest_store_prepare (self, by_text_sql, error)))
        return 0;
      sqlite3_bind_int64 (stmt, 1, document_id);
      _attest_store_bind_text (stmt, 2, row->outlet);
      _attest_store_bind_text (stmt, 3, row->place);
      _attest_store_bind_text (stmt, 4, row->date_text);
      if (!_attest_store_query_id (self, stmt, &id, "importing a source", error))
        return 0;
      if (id != 0)
        {
          *out_outcome = ATTEST_IMPORT_EXISTING;
          return id;
        }
    }

  if (!_attest_store_insert_source (self, &(AttestSourceRecord) {
      .uuid = row->uuid, .document_id = document_id, .outlet = row->outlet, .place = row->place,
      .date_text = row->date_text, .date_when = row->when, .url = row->url, .title = row->title,
      .reliability = row->reliability, .created = row->created,
    }, "importing a source", NULL, error))
    return 0;

  *out_outcome = ATTEST_IMPORT_ADDED;
  return sqlite3_last_insert_rowid (self->db);
}

/* Citations are derived from the text by the scanner, as at a first
 * import, but tied to the sources the file brings (same outlet, place and
 * date as written) instead of new ones; an attribution whose source the
 * file does not hold stays unmarked. */
gboolean
attest_store_import_citation_list (AttestStore    *self,
                                   gint64          document_id,
                                   AttestDocument *document,
                                   GArray         *rows,
                                   GError        **error)
{
  static const char source_sql[] = "SELECT 1 FROM sources WHERE id = ? AND document_id = ?";
  g_autoptr(AttestOutlets) outlets = NULL;
  g_autoptr(GPtrArray) scanned = NULL;
  g_autoptr(GHashTable) by_span = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GArray) keys = NULL;

  if (!check_in_import (self, error) || !(outlets = attest_store_dup_outlets (self, error)))
    return FALSE;

  /* Covers as a scan gives them; an attribution the scan does not find
   * (marked by hand, or with another outlet list) covers its paragraph. */
  scanned = attest_citation_scanner_scan_with (document->text, document->date, outlets);
  keys = g_array_sized_new (FALSE, FALSE, sizeof (gint64), scanned->len);
  for (guint i = 0; i < scanned->len; i++)
    {
      AttestCitation *c = g_ptr_array_index (scanned, i);
      gint64 key = c->start * G_GINT64_CONSTANT (1000003) + c->end;

      g_array_append_val (keys, key);
    }
  for (guint i = 0; i < scanned->len; i++)
    if (!g_hash_table_contains (by_span, &g_array_index (keys, gint64, i)))
      g_hash_table_insert (by_span, &g_array_index (keys, gint64, i), g_ptr_array_index (scanned, i));

  for (guint i = 0; i < rows->len; i++)
    {
      const AttestCitationRow *r = &g_array_index (rows, AttestCitationRow, i);
      gint64 key = r->start * G_GINT64_CONSTANT (1000003) + r->end;
      AttestCitation *found = g_hash_table_lookup (by_span, &key);
      g_autofree char *text = NULL;
      gint64 paragraph_start, cover_start, cover_end;
      gboolean closes;
      sqlite3_stmt *stmt;
      int rc;

      if (r->start < 0 || r->end > document->length || r->start >= r->end)
        {
          g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID,
                       "The attribution %s lies outside its document's text", r->uuid);
          return FALSE;
        }
      if (!(stmt = _attest_store_prepare (self, source_sql, error)))
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, r->source_id);
      sqlite3_bind_int64 (stmt, 2, document_id);
      rc = sqlite3_step (stmt);
      sqlite3_reset (stmt);
      if (rc != SQLITE_ROW)
        {
          if (rc != SQLITE_DONE)
            return _attest_store_set_sqlite_error (self, error, rc, "importing citations");
          g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID,
                       "The attribution %s cites a source of another document", r->uuid);
          return FALSE;
        }

      text = attest_document_dup_range (document, r->start, r->end);
      if (found != NULL)
        {
          paragraph_start = found->paragraph_start;
          closes = found->closes_paragraph;
          cover_start = found->cover_start;
          cover_end = found->cover_end;
        }
      else
        {
          const char *at = g_utf8_offset_to_pointer (document->text, r->start);
          const char *after = g_utf8_offset_to_pointer (at, r->end - r->start);
          const char *line = at;
          const char *line_end = strchr (at, '\n');

          while (line > document->text && line[-1] != '\n')
            line--;
          if (line_end == NULL)
            line_end = document->text + strlen (document->text);
          paragraph_start = g_utf8_pointer_to_offset (document->text, line);
          closes = TRUE;
          for (const char *p = after; p < line_end; p = g_utf8_next_char (p))
            if (!g_unichar_isspace (g_utf8_get_char (p)) && !g_unichar_ispunct (g_utf8_get_char (p)))
              closes = FALSE;
          cover_start = paragraph_start;
          cover_end = MAX (g_utf8_pointer_to_offset (document->text, line_end), r->end);
        }

      if (!_attest_store_insert_citation (self, &(AttestCitationRecord) {
          .uuid = r->uuid, .document_id = document_id, .source_id = r->source_id, .start = r->start,
          .end = r->end, .text = text, .closes_paragraph = closes,
          .paragraph_start = paragraph_start, .kind = attest_citation_kind_to_string (r->kind),
          .cover_start = cover_start, .cover_end = cover_end,
        }, "importing citations", error))
        return FALSE;
    }
  return TRUE;
}

gboolean
attest_store_import_citations (AttestStore    *self,
                               gint64          document_id,
                               AttestDocument *document,
                               GError        **error)
{
  static const char sources_sql[] =
    "SELECT id, outlet, place, date_text FROM sources WHERE document_id = ? ORDER BY id";
  g_autoptr(GHashTable) by_key = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(AttestOutlets) outlets = NULL;
  g_autoptr(GPtrArray) citations = NULL;
  sqlite3_stmt *stmt;
  int rc;

  if (!check_in_import (self, error) || !(outlets = attest_store_dup_outlets (self, error)) ||
      !(stmt = _attest_store_prepare (self, sources_sql, error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, document_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      char *key = _attest_store_source_key (outlets, column_text (stmt, 1), column_text (stmt, 2),
                                            column_text (stmt, 3));

      if (g_hash_table_contains (by_key, key))
        g_free (key);
      else
        g_hash_table_insert (by_key, key, GINT_TO_POINTER (sqlite3_column_int64 (stmt, 0)));
    }
  if (!step_failed (self, stmt, rc, "importing citations", error))
    return FALSE;
  if (g_hash_table_size (by_key) == 0)
    return TRUE;

  citations = attest_citation_scanner_scan_with (document->text, document->date, outlets);
  for (guint i = 0; i < citations->len; i++)
    {
      AttestCitation *c = g_ptr_array_index (citations, i);
      AttestSource *s = c->source;
      g_autofree char *key = _attest_store_source_key (outlets, s->outlet, s->place, s->date_text);
      g_autofree char *uuid = NULL;
      gpointer source_id;

      if (!g_hash_table_lookup_extended (by_key, key, NULL, &source_id))
        continue;

      uuid = g_uuid_string_random ();
      if (!_attest_store_insert_citation (self, &(AttestCitationRecord) {
          .uuid = uuid, .document_id = document_id, .source_id = GPOINTER_TO_INT (source_id),
          .start = c->start, .end = c->end, .text = c->text,
          .closes_paragraph = c->closes_paragraph, .paragraph_start = c->paragraph_start,
          .kind = attest_citation_kind_to_string (c->kind), .cover_start = c->cover_start,
          .cover_end = c->cover_end,
        }, "importing citations", error))
        return FALSE;
    }
  return TRUE;
}

gint64
attest_store_import_claim (AttestStore          *self,
                           gint64                document_id,
                           gint64                category_id,
                           gint64                annotator_id,
                           const AttestClaimRow *row,
                           gint64                watermark,
                           AttestImportOutcome  *out_outcome,
                           GError              **error)
{
  static const char find_sql[] = "SELECT id, document_id FROM claims WHERE uuid = ?";
  AttestClaimRecord record = {
    .uuid = row->uuid, .document_id = document_id, .start = row->start, .end = row->end,
    .quote = row->quote, .category_id = category_id, .annotator_id = annotator_id,
    .created = row->created, .modified = row->modified, .status = row->status,
    .certainty = row->certainty, .comment = row->comment, .version = row->version,
  };
  sqlite3_stmt *stmt;
  gint64 new_id;
  int rc;

  if (!check_in_import (self, error) || !(stmt = _attest_store_prepare (self, find_sql, error)))
    return 0;
  _attest_store_bind_text (stmt, 1, row->uuid);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      gint64 owner = sqlite3_column_int64 (stmt, 1);

      sqlite3_reset (stmt);
      if (id > watermark)
        *out_outcome = ATTEST_IMPORT_REPEATED;
      else if (owner != document_id)
        {
          g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_CONFLICT,
                       "The claim %s belongs to another document in the database", row->uuid);
          return 0;
        }
      else
        *out_outcome = ATTEST_IMPORT_EXISTING;
      return id;
    }
  if (!step_failed (self, stmt, rc, "importing a claim", error))
    return 0;

  if (!_attest_store_insert_claim (self, &record, "importing a claim", &new_id, error))
    return 0;

  *out_outcome = ATTEST_IMPORT_ADDED;
  return new_id;
}

gboolean
attest_store_import_link (AttestStore *self,
                          gint64       claim_id,
                          gint64       source_id,
                          gint64       annotator_id,
                          const char  *created,
                          GError     **error)
{
  if (!check_in_import (self, error))
    return FALSE;
  return _attest_store_insert_link (self, claim_id, source_id, annotator_id, created, TRUE,
                                    "importing a link", error);
}
