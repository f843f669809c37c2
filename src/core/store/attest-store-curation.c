/* attest-store-curation.c — what curation and statistics need of the
 * database (part of AttestStore; see attest-store-private.h).
 *
 * What it owns: the SQL that reads annotators' own claims for agreement,
 * the curator's writes (accept, reject, merge into a curated claim) and the
 * counts behind `attest-cli stats`. Writes follow the store's rules: one
 * BEGIN IMMEDIATE transaction, all or nothing, every change in the history.
 * How curation is recorded in the history is described in attest-store.h.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>

#include <math.h>
#include <string.h>

#include "attest-error.h"
#include "attest-store-private.h"

/* A claim made by curation has an "origin" entry in its history. */
#define NOT_CURATED \
  " NOT EXISTS (SELECT 1 FROM history h WHERE h.entity_uuid = c.uuid" \
  "  AND h.action = 'curate' AND h.field = 'origin')"

/* ------------------------------------------------------ annotator claims */

/* The claims @sql selects (claim columns, ?1 the document's row id). */
static GPtrArray *
list_claims (AttestStore *self,
             const char  *sql,
             gint64       document_id,
             GError     **error)
{
  g_autoptr(GPtrArray) claims = g_ptr_array_new_with_free_func (g_object_unref);
  sqlite3_stmt *stmt;

  if (!(stmt = _attest_store_prepare (self, sql, error)))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, document_id);
  if (!_attest_store_collect (self, stmt, (AttestStoreRowFunc) _attest_store_claim_from_row,
                              claims, _("listing claims"), error))
    return NULL;

  return g_steal_pointer (&claims);
}

/**
 * attest_store_list_annotator_claims:
 * @self: a #AttestStore
 * @document_ref: the document
 * @error: return location for a #GError, or %NULL
 *
 * The live claims of one document that annotators made themselves.
 *
 * Returns: (transfer full) (element-type AttestClaim) (nullable): the claims, or %NULL with @error set
 */
GPtrArray *
attest_store_list_annotator_claims (AttestStore *self,
                                    const char  *document_ref,
                                    GError     **error)
{
  static const char sql[] =
    "SELECT " CLAIM_COLUMNS CLAIM_FROM
    " WHERE NOT c.deleted AND c.document_id = ?1 AND" NOT_CURATED
    " ORDER BY c.start, c.\"end\" DESC, c.id";
  gint64 doc_id;

  g_return_val_if_fail (ATTEST_IS_STORE (self), NULL);

  if (!(doc_id = _attest_store_resolve_ref (self, "documents", "document", document_ref, error)))
    return NULL;
  return list_claims (self, sql, doc_id, error);
}

typedef struct {
  AttestSpans *spans;
  GString     *sources;    /* of the claim being read */
  gint64       claim;      /* its row id, 0 before the first */
  gint64       start, end;
  char        *uuid, *category, *annotator;
} SpanRows;

static void
span_rows_flush (SpanRows *r)
{
  if (r->claim == 0)
    return;
  attest_spans_add (r->spans, r->start, r->end, r->uuid, r->category, r->annotator, r->sources->str);
  g_clear_pointer (&r->uuid, g_free);
  g_clear_pointer (&r->category, g_free);
  g_clear_pointer (&r->annotator, g_free);
  g_string_truncate (r->sources, 0);
  r->claim = 0;
}

/* A row per claim and source: a claim's rows come together. */
static gboolean
add_span_row (sqlite3_stmt *stmt,
              gpointer      data,
              GError      **error)
{
  SpanRows *r = data;
  gint64 claim = sqlite3_column_int64 (stmt, 0);
  const char *source = (const char *) sqlite3_column_text (stmt, 6);

  if (claim != r->claim)
    {
      span_rows_flush (r);
      r->claim = claim;
      r->start = sqlite3_column_int64 (stmt, 1);
      r->end = sqlite3_column_int64 (stmt, 2);
      r->uuid = _attest_store_column_dup (stmt, 3);
      r->category = _attest_store_column_dup (stmt, 4);
      r->annotator = _attest_store_column_dup (stmt, 5);
    }
  if (source != NULL)
    {
      if (r->sources->len > 0)
        g_string_append_c (r->sources, ' ');
      g_string_append (r->sources, source);
    }
  return TRUE;
}

/**
 * attest_store_list_annotator_spans:
 * @self: a #AttestStore
 * @document_id: the document's row id
 * @error: return location for a #GError, or %NULL
 *
 * The claims attest_store_list_annotator_claims() lists, as agreement
 * reads them: every claim of a corpus, one document at a time, without a
 * claim object each.
 *
 * Returns: (transfer full) (nullable): the spans, or %NULL with @error set
 */
AttestSpans *
attest_store_list_annotator_spans (AttestStore *self,
                                   gint64       document_id,
                                   GError     **error)
{
  /* In row order, which the index of live claims by document gives
   * without jumping about the table (a million claims of an export: a
   * second less); attest_spans_sort() then puts them in text order.
   * Sources in no particular order: agreement compares them as sets. */
  static const char sql[] =
    "SELECT c.id, c.start, c.\"end\", c.uuid, k.key, a.name, s.uuid"
    " FROM claims c JOIN categories k ON k.id = c.category_id JOIN annotators a ON a.id = c.annotator_id"
    " LEFT JOIN claim_sources cs ON cs.claim_id = c.id LEFT JOIN sources s ON s.id = cs.source_id"
    " WHERE NOT c.deleted AND c.document_id = ?1 AND" NOT_CURATED
    " ORDER BY c.id";
  g_autoptr(AttestSpans) spans = attest_spans_new ();
  g_autoptr(GString) sources = g_string_new (NULL);
  SpanRows rows = { spans, sources, 0 };
  sqlite3_stmt *stmt;
  gboolean ok;

  g_return_val_if_fail (ATTEST_IS_STORE (self), NULL);

  if (!(stmt = _attest_store_prepare (self, sql, error)))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, document_id);
  ok = _attest_store_each_row (self, stmt, add_span_row, &rows, _("listing claims"), error);
  /* The last claim, and its strings freed whatever happened. */
  span_rows_flush (&rows);
  if (!ok)
    return NULL;
  attest_spans_sort (spans);
  return g_steal_pointer (&spans);
}

/**
 * attest_store_list_claim_annotators:
 * @self: a #AttestStore
 * @document_ref: (nullable): a document, or %NULL for all
 * @error: return location for a #GError, or %NULL
 *
 * The names of those who made claims themselves.
 *
 * Returns: (transfer full) (nullable): the names, sorted, or %NULL with @error set
 */
GStrv
attest_store_list_claim_annotators (AttestStore *self,
                                    const char  *document_ref,
                                    GError     **error)
{
  static const char sql[] =
    "SELECT a.name FROM annotators a WHERE EXISTS (SELECT 1 FROM claims c"
    " WHERE c.annotator_id = a.id AND NOT c.deleted AND (?1 IS NULL OR c.document_id = ?1)"
    " AND" NOT_CURATED ")"
    " ORDER BY a.name COLLATE NOCASE, a.name";
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
  sqlite3_stmt *stmt;
  gint64 doc_id = 0;

  g_return_val_if_fail (ATTEST_IS_STORE (self), NULL);

  if (document_ref &&
      !(doc_id = _attest_store_resolve_ref (self, "documents", "document", document_ref, error)))
    return NULL;
  if (!(stmt = _attest_store_prepare (self, sql, error)))
    return NULL;
  if (doc_id)
    sqlite3_bind_int64 (stmt, 1, doc_id);
  if (!_attest_store_each_row (self, stmt, _attest_store_row_add_text, names, _("listing annotators"), error))
    return NULL;

  return g_strv_builder_end (names);
}

/* ----------------------------------------------------------------- status */

/* The distinct row ids of @claim_refs, in the order given; resolving
 * before the write keeps "no such claim" out of the transaction. */
static GArray *
resolve_claims (AttestStore        *self,
                const char * const *claim_refs,
                GError            **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  if (claim_refs == NULL || claim_refs[0] == NULL)
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID, _("No claim was named"));
      return NULL;
    }
  for (guint i = 0; claim_refs[i]; i++)
    {
      gint64 id = _attest_store_resolve_ref (self, "claims", "claim", claim_refs[i], error);
      gboolean seen = FALSE;

      if (id == 0)
        return NULL;
      for (guint j = 0; j < ids->len; j++)
        seen |= g_array_index (ids, gint64, j) == id;
      if (!seen)
        g_array_append_val (ids, id);
    }
  return g_steal_pointer (&ids);
}

/* Sets one claim's status inside a write, recorded as an "update" of
 * "status", as an edit records it, so that merging copies carries the
 * curator's decision over like any other edit. */
static gboolean
set_status_in_write (AttestStore *self,
                     AttestClaim *claim,
                     const char  *status,
                     const char  *now,
                     GError     **error)
{
  static const char sql[] =
    "UPDATE claims SET status = ?, modified = ?, version = version + 1 WHERE id = ?";
  sqlite3_stmt *stmt;

  if (g_str_equal (claim->status, status))
    return TRUE;
  if (!(stmt = _attest_store_prepare (self, sql, error)))
    return FALSE;
  _attest_store_bind_text (stmt, 1, status);
  _attest_store_bind_text (stmt, 2, now);
  sqlite3_bind_int64 (stmt, 3, claim->id);
  return _attest_store_step_done (self, stmt, _("curating claims"), error) &&
         _attest_store_record_history (self, "claim", claim->uuid, "update", "status",
                                       claim->status, status, error);
}

/* The row id of the live curated claim @claim_uuid was merged into, or 0. */
static gboolean
curated_claim_id (AttestStore *self,
                  const char  *claim_uuid,
                  gint64      *out_id,
                  GError     **error)
{
  static const char sql[] =
    "SELECT m.id FROM history h JOIN claims m ON m.uuid = h.new_value"
    " WHERE h.entity_uuid = ? AND h.action = 'curate' AND h.field = 'curated-into' AND NOT m.deleted"
    " ORDER BY h.id DESC LIMIT 1";
  sqlite3_stmt *stmt;

  if (!(stmt = _attest_store_prepare (self, sql, error)))
    return FALSE;
  _attest_store_bind_text (stmt, 1, claim_uuid);
  return _attest_store_query_id (self, stmt, out_id, _("reading the history of curation"), error);
}

/* Whether the claim @claim_uuid was made by curation (it has origins). */
static gboolean
is_curated_claim (AttestStore *self,
                  const char  *claim_uuid,
                  gboolean    *out_curated,
                  GError     **error)
{
  static const char sql[] =
    "SELECT h.id FROM history h WHERE h.entity_uuid = ? AND h.action = 'curate' AND h.field = 'origin'"
    " LIMIT 1";
  sqlite3_stmt *stmt;
  gint64 found = 0;

  if (!(stmt = _attest_store_prepare (self, sql, error)))
    return FALSE;
  _attest_store_bind_text (stmt, 1, claim_uuid);
  if (!_attest_store_query_id (self, stmt, &found, _("reading the history of curation"), error))
    return FALSE;
  *out_curated = found != 0;
  return TRUE;
}

/* The row id of a live annotator's claim of @claim's passage (same
 * document, overlapping span) whose status is @status, or 0: what a pick
 * leaves beside the version chosen, or beside each version rejected. */
static gboolean
passage_claim_id (AttestStore *self,
                  AttestClaim *claim,
                  const char  *status,
                  gint64      *out_id,
                  GError     **error)
{
  static const char sql[] =
    "SELECT o.id FROM claims o JOIN claims c ON c.id = ?1"
    " WHERE o.document_id = c.document_id AND o.id <> c.id AND NOT o.deleted AND o.status = ?2"
    " AND o.start < c.\"end\" AND c.start < o.\"end\""
    " AND NOT EXISTS (SELECT 1 FROM history h WHERE h.entity_uuid = o.uuid"
    "  AND h.action = 'curate' AND h.field = 'origin')"
    " ORDER BY o.start, o.id LIMIT 1";
  sqlite3_stmt *stmt;

  if (!(stmt = _attest_store_prepare (self, sql, error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, claim->id);
  _attest_store_bind_text (stmt, 2, status);
  return _attest_store_query_id (self, stmt, out_id, _("reading the claims of a passage"), error);
}

/* Refuses @claim (read in the write) if it was curated already, as the
 * header comment of attest_store_curate_pick() defines it; @changing_to
 * is the status a status change would give it, or NULL for a pick or a
 * merge, for which a rejected claim beside an accepted one and the
 * accepted one itself count as settled. */
static gboolean
check_claim_not_curated (AttestStore *self,
                         AttestClaim *claim,
                         const char  *changing_to,
                         GError     **error)
{
  gint64 curated = 0;
  gint64 other_id = 0;

  if (!curated_claim_id (self, claim->uuid, &curated, error))
    return FALSE;
  if (curated != 0)
    {
      g_autoptr(AttestClaim) merged = _attest_store_get_claim_by_id (self, curated, NULL);

      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_CONFLICT,
                   _("The claim %s was already merged into the curated claim %s; "
                     "it cannot be curated again unless that curated claim is deleted"),
                   claim->uuid, merged ? merged->uuid : "?");
      return FALSE;
    }

  /* A status change only conflicts with a pick when it accepts a version
   * the pick rejected; setting back to a draft is how a pick is undone. */
  if (changing_to != NULL && !g_str_equal (changing_to, "accepted"))
    return TRUE;

  if (g_str_equal (claim->status, "rejected"))
    {
      if (!passage_claim_id (self, claim, "accepted", &other_id, error))
        return FALSE;
      if (other_id != 0)
        {
          g_autoptr(AttestClaim) other = _attest_store_get_claim_by_id (self, other_id, NULL);

          g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_CONFLICT,
                       _("The claim %s was already settled: it is rejected and %s’s version %s "
                         "of the passage is accepted; set their statuses back to drafts before "
                         "curating it again"), claim->uuid, other ? other->annotator : "?",
                       other ? other->uuid : "?");
          return FALSE;
        }
    }
  else if (changing_to == NULL && g_str_equal (claim->status, "accepted"))
    {
      if (!passage_claim_id (self, claim, "rejected", &other_id, error))
        return FALSE;
      if (other_id != 0)
        {
          g_autoptr(AttestClaim) other = _attest_store_get_claim_by_id (self, other_id, NULL);

          g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_CONFLICT,
                       _("The claim %s was already settled: it was chosen over %s’s version %s "
                         "of the passage, which is rejected; set their statuses back to drafts "
                         "before curating it again"), claim->uuid, other ? other->annotator : "?",
                       other ? other->uuid : "?");
          return FALSE;
        }
    }
  return TRUE;
}

/* Refuses a second curation of the same claims (read in the write), and
 * curated claims used as versions: see attest_store_curate_pick() in
 * attest-store.h for what counts as curated already. */
static gboolean
check_not_settled (AttestStore *self,
                   GPtrArray   *claims,
                   GError     **error)
{
  gboolean any_draft = FALSE;
  const char *rejected = NULL;

  for (guint i = 0; i < claims->len; i++)
    {
      AttestClaim *claim = g_ptr_array_index (claims, i);
      gboolean curated = FALSE;

      if (!is_curated_claim (self, claim->uuid, &curated, error))
        return FALSE;
      if (curated)
        {
          g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID,
                       _("The claim %s is a curated claim, not an annotator’s version; "
                         "it cannot be curated again"), claim->uuid);
          return FALSE;
        }
      any_draft |= g_str_equal (claim->status, "draft");
      if (rejected == NULL && g_str_equal (claim->status, "rejected"))
        rejected = claim->uuid;
    }
  if (claims->len > 1 && !any_draft && rejected)
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_CONFLICT,
                   _("These %u claims were settled already (none is a draft, %s is rejected); "
                     "they cannot be curated again"), claims->len, rejected);
      return FALSE;
    }
  for (guint i = 0; i < claims->len; i++)
    if (!check_claim_not_curated (self, g_ptr_array_index (claims, i), NULL, error))
      return FALSE;
  return TRUE;
}

/* The claims of @ids, read inside the write: a deletion meanwhile is
 * noticed. */
static GPtrArray *
read_claims (AttestStore *self,
             GArray      *ids,
             GError     **error)
{
  g_autoptr(GPtrArray) claims = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < ids->len; i++)
    {
      AttestClaim *claim = _attest_store_get_claim_by_id (self, g_array_index (ids, gint64, i), error);

      if (claim == NULL)
        return NULL;
      g_ptr_array_add (claims, claim);
    }
  return g_steal_pointer (&claims);
}

/**
 * attest_store_curate_set_status:
 * @self: a #AttestStore
 * @claim_refs: (array zero-terminated=1): the claims
 * @status: "accepted", "rejected" or "draft"
 * @error: return location for a #GError, or %NULL
 *
 * Sets the status of several claims, all or none.
 *
 * Returns: %TRUE on success
 */
gboolean
attest_store_curate_set_status (AttestStore        *self,
                                const char * const *claim_refs,
                                const char         *status,
                                GError            **error)
{
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GPtrArray) claims = NULL;
  g_autofree char *now = NULL;

  g_return_val_if_fail (ATTEST_IS_STORE (self), FALSE);

  if (!attest_claim_status_is_valid (status))
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID,
                   _("“%s” is not a status; use draft, accepted or rejected"), status ? status : "");
      return FALSE;
    }
  if (!_attest_store_check_writable (self, error) ||
      !(ids = resolve_claims (self, claim_refs, error)))
    return FALSE;

  now = _attest_store_now_iso8601 ();
  if (!_attest_store_begin_write (self, _("curating claims"), error))
    return FALSE;

  if (!(claims = read_claims (self, ids, error)))
    goto fail;
  /* Every claim is checked before any is changed: all or none. */
  for (guint i = 0; i < claims->len; i++)
    {
      AttestClaim *claim = g_ptr_array_index (claims, i);

      if (!g_str_equal (claim->status, status) && !g_str_equal (status, "draft") &&
          !check_claim_not_curated (self, claim, status, error))
        goto fail;
    }
  for (guint i = 0; i < claims->len; i++)
    if (!set_status_in_write (self, g_ptr_array_index (claims, i), status, now, error))
      goto fail;

  return _attest_store_commit_write (self, _("curating claims"), error);

fail:
  _attest_store_rollback_write (self);
  return FALSE;
}

/**
 * attest_store_curate_pick:
 * @self: a #AttestStore
 * @claim_refs: (array zero-terminated=1): the claims of one place, at least two
 * @chosen_ref: the one to keep, one of @claim_refs
 * @error: return location for a #GError, or %NULL
 *
 * Settles a disagreement with one annotator's version: @chosen_ref
 * accepted, the others rejected, all or none.
 *
 * Returns: %TRUE on success
 */
gboolean
attest_store_curate_pick (AttestStore        *self,
                          const char * const *claim_refs,
                          const char         *chosen_ref,
                          GError            **error)
{
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GPtrArray) claims = NULL;
  g_autofree char *now = NULL;
  AttestClaim *first;
  gint64 chosen;
  gboolean among = FALSE;

  g_return_val_if_fail (ATTEST_IS_STORE (self), FALSE);

  if (!_attest_store_check_writable (self, error) ||
      !(ids = resolve_claims (self, claim_refs, error)))
    return FALSE;
  if (chosen_ref == NULL)
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID, _("No claim was chosen"));
      return FALSE;
    }
  if (!(chosen = _attest_store_resolve_ref (self, "claims", "claim", chosen_ref, error)))
    return FALSE;
  for (guint i = 0; i < ids->len; i++)
    among |= g_array_index (ids, gint64, i) == chosen;
  if (!among)
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID,
                   _("The chosen claim %s is not one of the claims compared"), chosen_ref);
      return FALSE;
    }
  if (ids->len < 2)
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID,
                   _("Choosing a version needs at least two claims; accept a lone claim instead"));
      return FALSE;
    }

  now = _attest_store_now_iso8601 ();
  if (!_attest_store_begin_write (self, _("curating claims"), error))
    return FALSE;

  if (!(claims = read_claims (self, ids, error)))
    goto fail;
  first = g_ptr_array_index (claims, 0);
  for (guint i = 1; i < claims->len; i++)
    if (!g_str_equal (((AttestClaim *) g_ptr_array_index (claims, i))->document_uuid, first->document_uuid))
      {
        g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID,
                     _("The claims %s and %s are in different documents; a version is chosen "
                       "among claims of one document"), first->uuid,
                     ((AttestClaim *) g_ptr_array_index (claims, i))->uuid);
        goto fail;
      }
  if (!check_not_settled (self, claims, error))
    goto fail;
  for (guint i = 0; i < claims->len; i++)
    {
      AttestClaim *claim = g_ptr_array_index (claims, i);

      if (!set_status_in_write (self, claim, claim->id == chosen ? "accepted" : "rejected", now, error))
        goto fail;
    }

  return _attest_store_commit_write (self, _("curating claims"), error);

fail:
  _attest_store_rollback_write (self);
  return FALSE;
}

/**
 * attest_store_get_curated_claim:
 * @self: a #AttestStore
 * @claim_ref: an annotator's claim
 * @out_curated: (out) (transfer full) (nullable): the curated claim, or %NULL
 * @error: return location for a #GError, or %NULL
 *
 * The curated claim that @claim_ref was merged into, if it is still there.
 *
 * Returns: %TRUE on success, with %NULL in @out_curated when there is none
 */
gboolean
attest_store_get_curated_claim (AttestStore  *self,
                                const char   *claim_ref,
                                AttestClaim **out_curated,
                                GError      **error)
{
  g_autoptr(AttestClaim) claim = NULL;
  gint64 id = 0;

  g_return_val_if_fail (ATTEST_IS_STORE (self), FALSE);
  g_return_val_if_fail (out_curated != NULL, FALSE);

  *out_curated = NULL;
  if (!(claim = attest_store_get_claim (self, claim_ref, error)) ||
      !curated_claim_id (self, claim->uuid, &id, error))
    return FALSE;
  if (id != 0 && !(*out_curated = _attest_store_get_claim_by_id (self, id, error)))
    return FALSE;
  return TRUE;
}

/* ------------------------------------------------------------------ merge */

static gint64
document_id_of (AttestStore *self,
                const char  *uuid,
                GError     **error)
{
  static const char sql[] = "SELECT id FROM documents WHERE uuid = ?";
  sqlite3_stmt *stmt;
  gint64 id = 0;
  int rc;

  if (!(stmt = _attest_store_prepare (self, sql, error)))
    return 0;
  _attest_store_bind_text (stmt, 1, uuid);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    _attest_store_set_sqlite_error (self, error, rc, _("reading a document"));
  return id;
}

/**
 * attest_store_curate_merge:
 * @self: a #AttestStore
 * @claim_refs: (array zero-terminated=1): the claims, of one document
 * @start: where it starts, or -1 with @end -1 for the smallest span covering them
 * @end: where it ends, or -1
 * @category: (nullable): a category key, or %NULL for the one they share
 * @error: return location for a #GError, or %NULL
 *
 * Creates the curated claim of @claim_refs.
 *
 * Returns: (transfer full) (nullable): the curated claim, or %NULL with @error set
 */
AttestClaim *
attest_store_curate_merge (AttestStore        *self,
                           const char * const *claim_refs,
                           gint64              start,
                           gint64              end,
                           const char         *category,
                           GError            **error)
{
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GPtrArray) originals = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) sources = g_ptr_array_new ();
  g_autofree char *uuid = NULL;
  g_autofree char *now = NULL;
  g_autofree char *quote = NULL;
  const char *key = category;
  AttestClaim *first;
  AttestClaimRecord row = { 0 };
  gint64 doc_id;
  gint64 category_id;
  gint64 who;
  gint64 id;

  g_return_val_if_fail (ATTEST_IS_STORE (self), NULL);

  /* -1 stands for an end not given; any other negative end is a place
   * before the text. */
  if ((start == -1) != (end == -1) && start >= -1 && end >= -1)
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID,
                   _("Give both ends of the curated claim's range, or neither"));
      return NULL;
    }
  if ((start < 0 || end < 0) && !(start == -1 && end == -1))
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID,
                   _("The range %" PRId64 "–%" PRId64 " is outside the text: "
                     "it starts before its beginning"), start, end);
      return NULL;
    }
  if (!_attest_store_check_writable (self, error) ||
      !(ids = resolve_claims (self, claim_refs, error)))
    return NULL;

  now = _attest_store_now_iso8601 ();
  if (!_attest_store_begin_write (self, _("merging claims"), error))
    return NULL;

  for (guint i = 0; i < ids->len; i++)
    {
      AttestClaim *claim = _attest_store_get_claim_by_id (self, g_array_index (ids, gint64, i), error);

      if (claim == NULL)
        goto fail;
      g_ptr_array_add (originals, claim);
    }
  first = g_ptr_array_index (originals, 0);
  /* Clicking Merge twice must not make a second curated claim. */
  if (!check_not_settled (self, originals, error))
    goto fail;

  for (guint i = 1; i < originals->len; i++)
    {
      AttestClaim *claim = g_ptr_array_index (originals, i);

      if (!g_str_equal (claim->document_uuid, first->document_uuid))
        {
          g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID,
                       _("The claims %s and %s are in different documents; only claims of one "
                         "document can be merged"), first->uuid, claim->uuid);
          goto fail;
        }
      if (category == NULL && !g_str_equal (claim->category, first->category))
        {
          g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID,
                       _("The claims have different categories (%s, %s); choose one for the "
                         "curated claim"), first->category, claim->category);
          goto fail;
        }
    }
  if (key == NULL)
    key = first->category;

  /* The default span is the hull: every character any of them marked. */
  if (start < 0)
    {
      start = first->start;
      end = first->end;
      for (guint i = 1; i < originals->len; i++)
        {
          AttestClaim *claim = g_ptr_array_index (originals, i);

          start = MIN (start, claim->start);
          end = MAX (end, claim->end);
        }
    }

  else
    /* A curated claim stands for its originals: it must mark (part of)
     * the passage each of them marks. */
    for (guint i = 0; i < originals->len; i++)
      {
        AttestClaim *claim = g_ptr_array_index (originals, i);

        if (start >= claim->end || claim->start >= end)
          {
            g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID,
                         _("The range %" PRId64 "–%" PRId64 " does not overlap "
                           "the claim %s (%" PRId64 "–%" PRId64 "); a curated "
                           "claim must overlap every claim it is made from"),
                         start, end, claim->uuid, claim->start, claim->end);
            goto fail;
          }
      }

  if (!(doc_id = document_id_of (self, first->document_uuid, error)) ||
      !(quote = _attest_store_claim_quote (self, doc_id, start, end, error)) ||
      !(category_id = _attest_store_usable_category_id (self, key, error)) ||
      !(who = _attest_store_annotator_id (self, error)))
    goto fail;

  uuid = g_uuid_string_random ();
  row.uuid = uuid;
  row.document_id = doc_id;
  row.start = start;
  row.end = end;
  row.quote = quote;
  row.category_id = category_id;
  row.annotator_id = who;
  row.created = now;
  row.modified = now;
  /* A curated claim is accepted at once. */
  row.status = "accepted";
  row.version = 1;
  if (!_attest_store_insert_claim (self, &row, _("merging claims"), &id, error))
    goto fail;
  if (!_attest_store_record_history (self, "claim", uuid, "create", NULL, NULL, key, error))
    goto fail;

  /* The union of their sources, in the order first met. */
  for (guint i = 0; i < originals->len; i++)
    {
      AttestClaim *claim = g_ptr_array_index (originals, i);

      for (guint j = 0; j < claim->source_uuids->len; j++)
        {
          char *source = g_ptr_array_index (claim->source_uuids, j);

          if (!g_ptr_array_find_with_equal_func (sources, source, g_str_equal, NULL))
            g_ptr_array_add (sources, source);
        }
    }
  for (guint i = 0; i < sources->len; i++)
    {
      const char *source = g_ptr_array_index (sources, i);
      gint64 source_id;

      /* A source no longer there is not linked (its history still is). */
      if (!_attest_store_source_id_by_uuid (self, source, &source_id, error) ||
          (source_id != 0 &&
           !_attest_store_insert_link (self, id, source_id, who, now, FALSE, _("merging claims"), error)) ||
          !_attest_store_record_history (self, "claim", uuid, "link", "source", NULL, source, error))
        goto fail;
    }

  for (guint i = 0; i < originals->len; i++)
    {
      AttestClaim *claim = g_ptr_array_index (originals, i);

      if (!_attest_store_record_history (self, "claim", uuid, "curate", "origin",
                                         claim->uuid, NULL, error) ||
          !_attest_store_record_history (self, "claim", claim->uuid, "curate", "curated-into",
                                         NULL, uuid, error))
        goto fail;
    }

  /* Read back before the commit: an error now truly leaves nothing. */
  {
    g_autoptr(AttestClaim) merged = _attest_store_get_claim_by_id (self, id, error);

    if (merged == NULL)
      goto fail;
    if (!_attest_store_commit_write (self, _("merging claims"), error))
      return NULL;
    return g_steal_pointer (&merged);
  }

fail:
  _attest_store_rollback_write (self);
  return NULL;
}

/**
 * attest_store_list_curation_origins:
 * @self: a #AttestStore
 * @claim_ref: the claim
 * @error: return location for a #GError, or %NULL
 *
 * The claims a curated claim was merged from.
 *
 * Returns: (transfer full) (nullable): their uuids, or %NULL with @error set
 */
GStrv
attest_store_list_curation_origins (AttestStore *self,
                                    const char  *claim_ref,
                                    GError     **error)
{
  static const char sql[] =
    "SELECT h.old_value FROM history h JOIN claims c ON c.uuid = h.entity_uuid"
    " WHERE c.id = ? AND h.action = 'curate' AND h.field = 'origin' ORDER BY h.id";
  g_autoptr(GStrvBuilder) origins = g_strv_builder_new ();
  sqlite3_stmt *stmt;
  gint64 id;

  g_return_val_if_fail (ATTEST_IS_STORE (self), NULL);

  if (!(id = _attest_store_resolve_ref (self, "claims", "claim", claim_ref, error)) ||
      !(stmt = _attest_store_prepare (self, sql, error)))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  if (!_attest_store_each_row (self, stmt, _attest_store_row_add_text, origins, _("reading the history"), error))
    return NULL;

  return g_strv_builder_end (origins);
}

/**
 * attest_store_check_restore_curated:
 * @self: a #AttestStore
 * @claim_ref: a deleted claim
 * @error: return location for a #GError, or %NULL
 *
 * Whether bringing back the deleted claim @claim_ref leaves each passage
 * curated once: see attest-store.h.
 *
 * Returns: %TRUE when it may be restored
 */
gboolean
attest_store_check_restore_curated (AttestStore *self,
                                    const char  *claim_ref,
                                    GError     **error)
{
  static const char sql[] =
    "SELECT o.id FROM history h JOIN claims o ON o.uuid = h.old_value"
    " WHERE h.entity_uuid = ? AND h.action = 'curate' AND h.field = 'origin' AND NOT o.deleted"
    " ORDER BY h.id";
  static const char deleted_sql[] = "SELECT uuid FROM claims WHERE id = ? AND deleted";
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *uuid = NULL;
  sqlite3_stmt *stmt;
  gint64 id;
  int rc;

  g_return_val_if_fail (ATTEST_IS_STORE (self), FALSE);

  if (!(id = _attest_store_resolve_ref (self, "claims", "claim", claim_ref, error)) ||
      !(stmt = _attest_store_prepare (self, deleted_sql, error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    uuid = _attest_store_column_dup (stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      _attest_store_set_sqlite_error (self, error, rc, _("reading a claim"));
      return FALSE;
    }
  /* A live claim is not restored (and would count as its own rival). */
  if (uuid == NULL)
    return TRUE;

  if (!(stmt = _attest_store_prepare (self, sql, error)))
    return FALSE;
  _attest_store_bind_text (stmt, 1, uuid);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 origin = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (ids, origin);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _attest_store_set_sqlite_error (self, error, rc, _("reading the history of curation"));
      return FALSE;
    }

  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(AttestClaim) origin = NULL;
      g_autoptr(GError) local_error = NULL;

      if (!(origin = _attest_store_get_claim_by_id (self, g_array_index (ids, gint64, i), error)))
        return FALSE;
      if (!check_claim_not_curated (self, origin, NULL, &local_error))
        {
          if (!g_error_matches (local_error, ATTEST_ERROR, ATTEST_ERROR_CONFLICT))
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return FALSE;
            }
          g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_CONFLICT,
                       _("The curated claim %s cannot be brought back: the claims it was made "
                         "from were curated again since it was deleted (%s). Undo that curation "
                         "first."), uuid, local_error->message);
          return FALSE;
        }
    }
  return TRUE;
}

/* ------------------------------------------------------------- statistics */

static void
count_free (AttestCount *count)
{
  g_free (count->key);
  g_free (count->label);
  g_free (count);
}

/**
 * attest_statistics_free:
 * @stats: (nullable) (transfer full): statistics
 *
 * Frees @stats.
 */
void
attest_statistics_free (AttestStatistics *stats)
{
  if (stats == NULL)
    return;
  g_clear_pointer (&stats->by_category, g_ptr_array_unref);
  g_clear_pointer (&stats->by_annotator, g_ptr_array_unref);
  g_clear_pointer (&stats->by_document, g_ptr_array_unref);
  g_clear_pointer (&stats->by_outlet, g_ptr_array_unref);
  g_free (stats);
}

typedef struct {
  const AttestClaimFilter *filter;
  gint64                   document_id;
  AttestStatistics        *stats;
} StatisticsRun;

static AttestCount *
count_from_row (sqlite3_stmt *stmt)
{
  AttestCount *count = g_new0 (AttestCount, 1);

  count->key = _attest_store_column_dup (stmt, 0);
  count->label = _attest_store_column_dup (stmt, 1);
  count->id = sqlite3_column_int64 (stmt, 2);
  count->count = sqlite3_column_int64 (stmt, 3);
  return count;
}

/* Rows of (key, label, id, count) into @into. */
static gboolean
collect_counts (AttestStore   *self,
                const char    *sql,
                StatisticsRun *run,
                GPtrArray     *into,
                GError       **error)
{
  sqlite3_stmt *stmt;

  if (!(stmt = _attest_store_prepare (self, sql, error)))
    return FALSE;
  _attest_store_bind_claim_filter (stmt, run->document_id, run->filter);
  return _attest_store_collect (self, stmt, (AttestStoreRowFunc) count_from_row, into, _("counting claims"), error);
}

/* A row of (sources per claim up to 3, claims, links) into the stats. */
static gboolean
add_to_histogram (sqlite3_stmt *stmt,
                  gpointer      data,
                  GError      **error)
{
  AttestStatistics *stats = data;
  int bucket = CLAMP (sqlite3_column_int (stmt, 0), 0, 3);

  stats->with_sources[bucket] = sqlite3_column_int64 (stmt, 1);
  stats->claims += sqlite3_column_int64 (stmt, 1);
  stats->links += sqlite3_column_int64 (stmt, 2);
  return TRUE;
}

/* A row of (status, claims) into the stats. */
static gboolean
add_to_statuses (sqlite3_stmt *stmt,
                 gpointer      data,
                 GError      **error)
{
  static const char * const statuses[] = { "draft", "accepted", "rejected" };
  AttestStatistics *stats = data;
  const char *status = _attest_store_column_text (stmt, 0);

  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    if (g_strcmp0 (status, statuses[i]) == 0)
      stats->by_status[i] = sqlite3_column_int64 (stmt, 1);
  return TRUE;
}

static gboolean
statistics_in_snapshot (AttestStore *self,
                        gpointer     user_data,
                        GError     **error)
{
  static const char category_sql[] =
    "SELECT k.key, k.label, 0, count(*) FROM claims c JOIN categories k ON k.id = c.category_id"
    " WHERE NOT c.deleted AND" CLAIM_MATCHES
    " GROUP BY k.id ORDER BY count(*) DESC, k.position, k.key";
  static const char annotator_sql[] =
    "SELECT a.name, NULL, 0, count(*) FROM claims c JOIN annotators a ON a.id = c.annotator_id"
    " WHERE NOT c.deleted AND" CLAIM_MATCHES
    " GROUP BY a.id ORDER BY count(*) DESC, a.name";
  static const char document_sql[] =
    "SELECT d.uuid, d.title, d.id, (SELECT count(*) FROM claims c"
    "  WHERE c.document_id = d.id AND NOT c.deleted AND" CLAIM_MATCHES ")"
    " FROM documents d WHERE ?1 IS NULL OR d.id = ?1 ORDER BY d.id";
  /* A claim counts once per outlet, however many of its sources are
   * reports of that outlet. */
  static const char outlet_sql[] =
    "SELECT s.outlet, NULL, 0, count(DISTINCT c.id) FROM claims c"
    " JOIN claim_sources cs ON cs.claim_id = c.id JOIN sources s ON s.id = cs.source_id"
    " WHERE NOT c.deleted AND" CLAIM_MATCHES
    " GROUP BY s.outlet ORDER BY count(DISTINCT c.id) DESC, s.outlet IS NULL, s.outlet";
  static const char histogram_sql[] =
    "SELECT min (n, 3), count(*), sum (n) FROM (SELECT (SELECT count(*) FROM claim_sources cs"
    "  WHERE cs.claim_id = c.id) AS n FROM claims c WHERE NOT c.deleted AND" CLAIM_MATCHES ")"
    " GROUP BY 1";
  static const char status_sql[] =
    "SELECT c.status, count(*) FROM claims c WHERE NOT c.deleted AND" CLAIM_MATCHES " GROUP BY c.status";
  StatisticsRun *run = user_data;
  AttestStatistics *stats = run->stats;
  sqlite3_stmt *stmt;

  if (!collect_counts (self, category_sql, run, stats->by_category, error) ||
      !collect_counts (self, annotator_sql, run, stats->by_annotator, error) ||
      !collect_counts (self, document_sql, run, stats->by_document, error) ||
      !collect_counts (self, outlet_sql, run, stats->by_outlet, error))
    return FALSE;

  if (!(stmt = _attest_store_prepare (self, histogram_sql, error)))
    return FALSE;
  _attest_store_bind_claim_filter (stmt, run->document_id, run->filter);
  if (!_attest_store_each_row (self, stmt, add_to_histogram, stats, _("counting sources"), error))
    return FALSE;

  if (!(stmt = _attest_store_prepare (self, status_sql, error)))
    return FALSE;
  _attest_store_bind_claim_filter (stmt, run->document_id, run->filter);
  return _attest_store_each_row (self, stmt, add_to_statuses, stats, _("counting claims by status"), error);
}

/**
 * attest_store_get_statistics:
 * @self: a #AttestStore
 * @filter: (nullable): which claims; %NULL counts all
 * @error: return location for a #GError, or %NULL
 *
 * Counts over the live claims matching @filter.
 *
 * Returns: (transfer full) (nullable): the statistics, or %NULL with @error set
 */
AttestStatistics *
attest_store_get_statistics (AttestStore             *self,
                             const AttestClaimFilter *filter,
                             GError                 **error)
{
  g_autoptr(AttestStatistics) stats = g_new0 (AttestStatistics, 1);
  StatisticsRun run = { filter, 0, stats };

  g_return_val_if_fail (ATTEST_IS_STORE (self), NULL);

  stats->by_category = g_ptr_array_new_with_free_func ((GDestroyNotify) count_free);
  stats->by_annotator = g_ptr_array_new_with_free_func ((GDestroyNotify) count_free);
  stats->by_document = g_ptr_array_new_with_free_func ((GDestroyNotify) count_free);
  stats->by_outlet = g_ptr_array_new_with_free_func ((GDestroyNotify) count_free);

  if (filter != NULL && !attest_store_check_filter (self, filter, &run.document_id, error))
    return NULL;
  /* One snapshot, so that the counts add up even while others write. */
  if (!attest_store_read_snapshot (self, statistics_in_snapshot, &run, error))
    return NULL;

  stats->sources_mean = stats->claims > 0 ? (double) stats->links / stats->claims : NAN;
  stats->no_source_share = stats->claims > 0 ? (double) stats->with_sources[0] / stats->claims : NAN;
  return g_steal_pointer (&stats);
}
