/* attest-store-claims.c — the claims table: a claim's rules (its range,
 * quote and category), adding, listing, editing, deleting and restoring.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>

#include <sqlite3.h>
#include <string.h>

#include "attest-error.h"
#include "attest-rules.h"
#include "attest-store.h"
#include "attest-store-private.h"

/* ---------------------------------------------------------------- claims */



AttestClaim *
_attest_store_claim_from_row (sqlite3_stmt *stmt)
{
  AttestClaim *claim = attest_claim_new ();
  const char *sources;

  claim->id = sqlite3_column_int64 (stmt, 0);
  claim->uuid = _attest_store_column_dup (stmt, 1);
  claim->document_uuid = _attest_store_column_dup (stmt, 2);
  claim->start = sqlite3_column_int64 (stmt, 3);
  claim->end = sqlite3_column_int64 (stmt, 4);
  claim->quote = _attest_store_column_dup (stmt, 5);
  claim->category = _attest_store_column_dup (stmt, 6);
  claim->annotator = _attest_store_column_dup (stmt, 7);
  claim->created = _attest_store_column_dup (stmt, 8);
  claim->modified = _attest_store_column_dup (stmt, 9);
  claim->status = _attest_store_column_dup (stmt, 10);
  claim->certainty = _attest_store_column_dup (stmt, 11);
  claim->comment = _attest_store_column_dup (stmt, 12);
  claim->version = sqlite3_column_int64 (stmt, 13);

  sources = (const char *) sqlite3_column_text (stmt, 14);
  if (sources != NULL)
    {
      g_auto(GStrv) uuids = g_strsplit (sources, " ", -1);

      for (guint i = 0; uuids[i]; i++)
        g_ptr_array_add (claim->source_uuids, g_strdup (uuids[i]));
    }
  return claim;
}

AttestClaim *
_attest_store_get_claim_by_id (AttestStore *self,
                 gint64       id,
                 GError     **error)
{
  static const char sql[] = "SELECT " CLAIM_COLUMNS ", c.deleted" CLAIM_FROM " WHERE c.id = ?";
  AttestClaim *claim = NULL;
  sqlite3_stmt *stmt;
  int rc;

  if (!(stmt = _attest_store_prepare (self, sql, error)))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW && sqlite3_column_int (stmt, 15))
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_NOT_FOUND,
                   _("The claim %s was deleted"), sqlite3_column_text (stmt, 1));
    }
  else if (rc == SQLITE_ROW)
    claim = _attest_store_claim_from_row (stmt);
  else if (rc == SQLITE_DONE)
    g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_NOT_FOUND, _("No claim %" PRId64), id);
  else
    _attest_store_set_sqlite_error (self, error, rc, _("reading a claim"));
  sqlite3_reset (stmt);
  return claim;
}

/**
 * attest_store_get_claim:
 * @self: a #AttestStore
 * @ref: a uuid, a unique uuid prefix or a row id
 * @error: return location for a #GError, or %NULL
 *
 * Reads one claim.
 *
 * Returns: (transfer full) (nullable): the claim, or %NULL with @error set
 */
AttestClaim *
attest_store_get_claim (AttestStore *self,
                        const char  *ref,
                        GError     **error)
{
  gint64 id = _attest_store_resolve_ref (self, "claims", "claim", ref, error);

  return id ? _attest_store_get_claim_by_id (self, id, error) : NULL;
}

/* What a claim needs of its document, read without loading the text:
 * SQLite's substr() counts characters, the unit of our offsets. */
typedef struct {
  gint64  id;
  char   *uuid;
  gint64  length;
} DocumentRef;

static gboolean
document_ref_lookup (AttestStore *self,
                     const char  *ref,
                     DocumentRef *out,
                     GError     **error)
{
  static const char sql[] = "SELECT uuid, length FROM documents WHERE id = ?";
  sqlite3_stmt *stmt;
  int rc;

  if (!(out->id = _attest_store_resolve_ref (self, "documents", "document", ref, error)))
    return FALSE;
  if (!(stmt = _attest_store_prepare (self, sql, error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, out->id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      out->uuid = _attest_store_column_dup (stmt, 0);
      out->length = sqlite3_column_int64 (stmt, 1);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    return _attest_store_set_sqlite_error (self, error, rc, _("reading a document"));
  return TRUE;
}

/* Checks a claim's range against document @doc_id and returns its quote.
 * Offsets count characters, so they cannot split a UTF-8 sequence; but a
 * range must not split a base letter from its combining marks either, nor
 * hold nothing but white space. Shared with curation (attest-store-curation.c). */
char *
_attest_store_claim_quote (AttestStore *self,
                           gint64       doc_id,
                           gint64       start,
                           gint64       end,
                           GError     **error)
{
  static const char sql[] =
    "SELECT length, substr (text, ?2 + 1, ?3 - ?2), substr (text, ?3 + 1, 1)"
    " FROM documents WHERE id = ?1";
  g_autofree char *quote = NULL;
  g_autofree char *after = NULL;
  gint64 length = 0;
  sqlite3_stmt *stmt;
  int rc;

  if (!(stmt = _attest_store_prepare (self, sql, error)))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, doc_id);
  sqlite3_bind_int64 (stmt, 2, start);
  sqlite3_bind_int64 (stmt, 3, end);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      length = sqlite3_column_int64 (stmt, 0);
      quote = _attest_store_column_dup (stmt, 1);
      after = _attest_store_column_dup (stmt, 2);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    {
      _attest_store_set_sqlite_error (self, error, rc, _("reading the claim's text"));
      return NULL;
    }

  if (start < 0 || end > length || start >= end)
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID,
                   _("Range %" PRId64 ":%" PRId64
                     " is outside the text (0:%" PRId64 ") or empty"),
                   start, end, length);
      return NULL;
    }

  if (!attest_rules_check_span (quote, after ? g_utf8_get_char (after) : 0, start, end, error))
    return NULL;

  return g_steal_pointer (&quote);
}

/* The row id of a category a new claim may use (a hot path: no counts).
 * Shared with curation. */
gint64
_attest_store_usable_category_id (AttestStore *self,
                    const char  *key,
                    GError     **error)
{
  static const char sql[] = "SELECT id, retired FROM categories WHERE key = ?";
  sqlite3_stmt *stmt;
  gboolean retired = FALSE;
  gint64 id = 0;
  int rc;

  if (!(stmt = _attest_store_prepare (self, sql, error)))
    return 0;
  _attest_store_bind_text (stmt, 1, key);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      id = sqlite3_column_int64 (stmt, 0);
      retired = sqlite3_column_int (stmt, 1);
    }
  sqlite3_reset (stmt);

  if (rc == SQLITE_DONE)
    g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_NOT_FOUND,
                 _("No category “%s” (see “attest-cli taxonomy”)"), key ? key : "");
  else if (rc != SQLITE_ROW)
    _attest_store_set_sqlite_error (self, error, rc, _("reading a category"));
  else if (retired)
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID,
                   _("The category “%s” is retired; choose another"), key);
      return 0;
    }
  return rc == SQLITE_ROW ? id : 0;
}

static gboolean
insert_claim_row (AttestStore             *self,
                  const char              *sql,
                  const AttestClaimRecord *row,
                  const char              *doing,
                  GError                 **error)
{
  sqlite3_stmt *stmt;

  if (!(stmt = _attest_store_prepare (self, sql, error)))
    return FALSE;
  _attest_store_bind_text (stmt, 1, row->uuid);
  _attest_store_bind_id (stmt, 2, row->document_id);
  sqlite3_bind_int64 (stmt, 3, row->start);
  sqlite3_bind_int64 (stmt, 4, row->end);
  _attest_store_bind_text (stmt, 5, row->quote);
  _attest_store_bind_id (stmt, 6, row->category_id);
  _attest_store_bind_id (stmt, 7, row->annotator_id);
  _attest_store_bind_text (stmt, 8, row->created);
  _attest_store_bind_text (stmt, 9, row->modified);
  _attest_store_bind_text (stmt, 10, row->status);
  _attest_store_bind_text (stmt, 11, row->certainty);
  _attest_store_bind_text (stmt, 12, row->comment);
  sqlite3_bind_int64 (stmt, 13, row->version);
  sqlite3_bind_int (stmt, 14, row->deleted ? 1 : 0);
  return _attest_store_step_done (self, stmt, doing, error);
}

/* The INSERT of the claims table (see attest-store-private.h), in its two
 * forms: _attest_store_insert_claim() and _attest_store_insert_new_claim(). */
#define INSERT_CLAIM \
  "INSERT INTO claims (uuid, document_id, start, \"end\", quote, category_id, annotator_id," \
  " created, modified, status, certainty, comment, version, deleted)" \
  " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"

gboolean
_attest_store_insert_claim (AttestStore             *self,
                            const AttestClaimRecord *row,
                            const char              *doing,
                            gint64                  *out_id,
                            GError                 **error)
{
  static const char sql[] = INSERT_CLAIM;

  if (!insert_claim_row (self, sql, row, doing, error))
    return FALSE;
  if (out_id)
    *out_id = sqlite3_last_insert_rowid (self->db);
  return TRUE;
}

/* For imports: a claim the database has (by uuid) is left as it is, and
 * *@out_id is 0; one look in the uuid index instead of two. */
gboolean
_attest_store_insert_new_claim (AttestStore             *self,
                                const AttestClaimRecord *row,
                                const char              *doing,
                                gint64                  *out_id,
                                GError                 **error)
{
  static const char sql[] = INSERT_CLAIM " ON CONFLICT (uuid) DO NOTHING";

  if (!insert_claim_row (self, sql, row, doing, error))
    return FALSE;
  *out_id = sqlite3_changes (self->db) > 0 ? sqlite3_last_insert_rowid (self->db) : 0;
  return TRUE;
}

gboolean
_attest_store_claim_id_by_uuid (AttestStore  *self,
                                const char   *uuid,
                                gint64       *out_id,
                                GError      **error)
{
  static const char sql[] = "SELECT id FROM claims WHERE uuid = ?";
  sqlite3_stmt *stmt;

  if (!(stmt = _attest_store_prepare (self, sql, error)))
    return FALSE;
  _attest_store_bind_text (stmt, 1, uuid);
  return _attest_store_query_id (self, stmt, out_id, _("looking up a claim"), error);
}

/* Inserts one claim inside the caller's write transaction; returns its row
 * id, or 0 with @error set. */
static gint64
insert_claim (AttestStore       *self,
              const DocumentRef *doc,
              gint64             who,
              const char        *now,
              const AttestClaimSpec *spec,
              GError           **error)
{
  g_autofree char *quote = NULL;
  g_autofree char *uuid = NULL;
  AttestClaimRecord row = { 0 };
  gint64 category_id;
  gint64 id;

  if (spec->certainty != NULL && !attest_claim_certainty_is_valid (spec->certainty))
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID,
                   _("“%s” is not a certainty; use low, medium, high or unknown"), spec->certainty);
      return 0;
    }
  if (!(category_id = _attest_store_usable_category_id (self, spec->category, error)) ||
      !(quote = _attest_store_claim_quote (self, doc->id, spec->start, spec->end, error)))
    return 0;

  uuid = g_uuid_string_random ();
  row.uuid = uuid;
  row.document_id = doc->id;
  row.start = spec->start;
  row.end = spec->end;
  row.quote = quote;
  row.category_id = category_id;
  row.annotator_id = who;
  row.created = now;
  row.modified = now;
  /* What the table's defaults were: a new claim is a draft, version 1. */
  row.status = "draft";
  row.certainty = spec->certainty;
  row.comment = spec->comment && *spec->comment ? spec->comment : NULL;
  row.version = 1;
  if (!_attest_store_insert_claim (self, &row, _("saving the claim"), &id, error))
    return 0;
  if (!_attest_store_record_history (self, "claim", uuid, "create", NULL, NULL, spec->category, error))
    return 0;

  return id;
}

/* Saves @specs in one transaction. With @out_first, the first claim is
 * read back before the commit, so an error in reading it leaves nothing
 * saved and the message that says so is true. */
static GArray *
add_claims (AttestStore           *self,
            const char            *document_ref,
            const AttestClaimSpec *specs,
            guint                  n_specs,
            AttestClaim          **out_first,
            GError               **error)
{
  g_autoptr(GArray) ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n_specs);
  g_autofree char *now = NULL;
  DocumentRef doc = { 0 };
  gint64 who;

  if (!_attest_store_check_writable (self, error) ||
      !_attest_store_begin_write (self, _("saving claims"), error))
    return NULL;

  /* Looked up inside the transaction, so the document cannot vanish. */
  if (!document_ref_lookup (self, document_ref, &doc, error) ||
      !(who = _attest_store_annotator_id (self, error)))
    goto fail;

  now = _attest_store_now_iso8601 ();
  for (guint i = 0; i < n_specs; i++)
    {
      gint64 id = insert_claim (self, &doc, who, now, &specs[i], error);

      if (id == 0)
        goto fail;
      g_array_append_val (ids, id);
    }

  if (out_first != NULL && n_specs > 0 &&
      !(*out_first = _attest_store_get_claim_by_id (self, g_array_index (ids, gint64, 0), error)))
    goto fail;
  if (!_attest_store_commit_write (self, _("saving claims"), error))
    {
      if (out_first != NULL)
        g_clear_object (out_first);
      goto fail;
    }

  g_free (doc.uuid);
  return g_steal_pointer (&ids);

fail:
  _attest_store_rollback_write (self);
  g_free (doc.uuid);
  return NULL;
}

/**
 * attest_store_add_claim:
 * @self: a #AttestStore
 * @document_ref: a uuid, a unique uuid prefix or a row id
 * @start: where the claim starts, in characters
 * @end: where it ends (exclusive)
 * @category: a category key
 * @certainty: (nullable): low, medium, high or unknown
 * @comment: (nullable): a comment
 * @error: return location for a #GError, or %NULL
 *
 * Adds one claim on [@start, @end) of a document.
 *
 * Returns: (transfer full) (nullable): the new claim, or %NULL with @error set
 */
AttestClaim *
attest_store_add_claim (AttestStore *self,
                        const char  *document_ref,
                        gint64       start,
                        gint64       end,
                        const char  *category,
                        const char  *certainty,
                        const char  *comment,
                        GError     **error)
{
  AttestClaimSpec spec = { start, end, category, certainty, comment };
  AttestClaim *claim = NULL;
  g_autoptr(GArray) ids = add_claims (self, document_ref, &spec, 1, &claim, error);

  return ids ? claim : NULL;
}

/**
 * attest_store_add_claims:
 * @self: a #AttestStore
 * @document_ref: a uuid, a unique uuid prefix or a row id
 * @specs: (array length=n_specs): the claims
 * @n_specs: how many
 * @error: return location for a #GError, or %NULL
 *
 * Adds @n_specs claims of one document, all or none.
 *
 * Returns: (transfer full) (element-type gint64) (nullable): their row ids, or %NULL with @error set
 */
GArray *
attest_store_add_claims (AttestStore           *self,
                         const char            *document_ref,
                         const AttestClaimSpec *specs,
                         guint                  n_specs,
                         GError               **error)
{
  return add_claims (self, document_ref, specs, n_specs, NULL, error);
}

/* ------------------------------------------------------------- the filter */

/* The one binding of CLAIM_MATCHES (see attest-store-private.h). */
void
_attest_store_bind_claim_filter (sqlite3_stmt            *stmt,
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

gboolean
_attest_store_claim_filter_is_empty (const AttestClaimFilter *filter)
{
  return filter == NULL ||
         (filter->document == NULL && filter->category == NULL &&
          filter->annotator == NULL && filter->status == NULL);
}

/**
 * attest_store_list_claims:
 * @self: a #AttestStore
 * @filter: (nullable): what to list; %NULL lists all
 * @error: return location for a #GError, or %NULL
 *
 * Lists the live claims matching @filter.
 *
 * Returns: (transfer full) (element-type AttestClaim) (nullable): the claims, or %NULL with @error set
 */
GPtrArray *
attest_store_list_claims (AttestStore             *self,
                          const AttestClaimFilter *filter,
                          GError                 **error)
{
  static const char sql[] =
    "SELECT " CLAIM_COLUMNS CLAIM_FROM
    " WHERE NOT c.deleted AND" CLAIM_MATCHES
    " ORDER BY d.id, c.start, c.\"end\" DESC, c.id";
  static const char document_sql[] =
    "SELECT " CLAIM_COLUMNS CLAIM_FROM
    " WHERE NOT c.deleted AND" CLAIM_MATCHES_DOCUMENT
    " ORDER BY c.start, c.\"end\" DESC, c.id";
  g_autoptr(GPtrArray) claims = g_ptr_array_new_with_free_func (g_object_unref);
  gint64 doc_id = 0;
  sqlite3_stmt *stmt;

  if (filter && filter->document &&
      !(doc_id = _attest_store_resolve_ref (self, "documents", "document", filter->document, error)))
    return NULL;
  if (filter && filter->category)
    {
      g_autoptr(AttestCategory) cat = attest_store_get_category (self, filter->category, error);
      if (cat == NULL)
        return NULL;
    }
  if (filter && filter->status && !attest_claim_status_is_valid (filter->status))
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID,
                   _("“%s” is not a status; use draft, accepted or rejected"), filter->status);
      return NULL;
    }

  if (!(stmt = _attest_store_prepare (self, doc_id ? document_sql : sql, error)))
    return NULL;
  _attest_store_bind_claim_filter (stmt, doc_id, filter);
  if (!_attest_store_collect (self, stmt, (AttestStoreRowFunc) _attest_store_claim_from_row,
                              claims, _("listing claims"), error))
    return NULL;

  return g_steal_pointer (&claims);
}

/**
 * attest_store_update_claim:
 * @self: a #AttestStore
 * @claim: (transfer none): the claim; its version and modified time are updated
 * @error: return location for a #GError, or %NULL
 *
 * Saves category, status, certainty and comment of @claim.
 *
 * Returns: %TRUE on success
 */
gboolean
attest_store_update_claim (AttestStore *self,
                           AttestClaim *claim,
                           GError     **error)
{
  static const char sql[] =
    "UPDATE claims SET category_id = ?, status = ?, certainty = ?, comment = ?,"
    " modified = ?, version = version + 1 WHERE id = ? AND version = ?";
  g_autoptr(AttestClaim) current = NULL;
  g_autoptr(AttestCategory) cat = NULL;
  g_autofree char *now = NULL;
  const char *comment = claim->comment && *claim->comment ? claim->comment : NULL;
  sqlite3_stmt *stmt;
  struct { const char *field, *old_value, *new_value; } changes[4];
  guint n_changes = 0;

  g_return_val_if_fail (ATTEST_IS_CLAIM (claim), FALSE);

  if (!_attest_store_check_writable (self, error))
    return FALSE;
  if (!attest_claim_status_is_valid (claim->status))
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID,
                   _("“%s” is not a status; use draft, accepted or rejected"),
                   claim->status ? claim->status : "");
      return FALSE;
    }
  if (claim->certainty && !attest_claim_certainty_is_valid (claim->certainty))
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID,
                   _("“%s” is not a certainty; use low, medium, high or unknown"), claim->certainty);
      return FALSE;
    }
  if (!(cat = attest_store_get_category (self, claim->category, error)))
    return FALSE;

  if (!_attest_store_begin_write (self, _("saving the claim"), error))
    return FALSE;

  /* Read inside the transaction: nobody can change the row between this
   * check and our UPDATE. */
  if (!(current = _attest_store_get_claim_by_id (self, claim->id, error)))
    goto fail;
  if (current->version != claim->version)
    {
      /* Refused, but not forgotten: the edit that lost goes into the
       * history beside the one that won, for the team to settle. */
      const char *fields[] = { "category", "status", "certainty", "comment" };
      const char *theirs[] = { current->category, current->status, current->certainty, current->comment };
      const char *mine[] = { claim->category, claim->status, claim->certainty, comment };

      for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
        if (g_strcmp0 (theirs[i], mine[i]) != 0 &&
            !_attest_store_record_history (self, "claim", current->uuid, "conflict", fields[i],
                                           theirs[i], mine[i], error))
          goto fail;
      if (!_attest_store_commit_write (self, _("saving the claim"), error))
        return FALSE;

      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_CONFLICT,
                   _("The claim was changed by %s meanwhile (version %" PRId64
                     ", yours %" PRId64 ", last modified %s); your change was kept in its "
                     "history but not applied"),
                   current->annotator, current->version, claim->version, current->modified);
      return FALSE;
    }
  if (g_strcmp0 (current->category, claim->category) != 0 && cat->retired)
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID,
                   _("The category “%s” is retired; choose another"), cat->key);
      goto fail;
    }

#define CHANGE(name, a, b) \
  if (g_strcmp0 ((a), (b)) != 0) \
    changes[n_changes++] = (typeof (changes[0])) { name, (a), (b) }
  CHANGE ("category", current->category, claim->category);
  CHANGE ("status", current->status, claim->status);
  CHANGE ("certainty", current->certainty, claim->certainty);
  CHANGE ("comment", current->comment, comment);
#undef CHANGE

  if (n_changes == 0)
    {
      _attest_store_rollback_write (self);
      return TRUE;
    }

  now = _attest_store_now_iso8601 ();
  if (!(stmt = _attest_store_prepare (self, sql, error)))
    goto fail;
  sqlite3_bind_int64 (stmt, 1, cat->id);
  _attest_store_bind_text (stmt, 2, claim->status);
  _attest_store_bind_text (stmt, 3, claim->certainty);
  _attest_store_bind_text (stmt, 4, comment);
  _attest_store_bind_text (stmt, 5, now);
  sqlite3_bind_int64 (stmt, 6, claim->id);
  sqlite3_bind_int64 (stmt, 7, claim->version);
  if (!_attest_store_step_done (self, stmt, _("saving the claim"), error))
    goto fail;

  for (guint i = 0; i < n_changes; i++)
    if (!_attest_store_record_history (self, "claim", current->uuid, "update", changes[i].field,
                         changes[i].old_value, changes[i].new_value, error))
      goto fail;

  if (!_attest_store_commit_write (self, _("saving the claim"), error))
    return FALSE;

  claim->version++;
  g_free (claim->modified);
  claim->modified = g_steal_pointer (&now);
  return TRUE;

fail:
  _attest_store_rollback_write (self);
  return FALSE;
}

/**
 * attest_store_delete_claim:
 * @self: a #AttestStore
 * @ref: a uuid, a unique uuid prefix or a row id
 * @error: return location for a #GError, or %NULL
 *
 * Deletes a claim (it can be restored).
 *
 * Returns: %TRUE on success
 */
gboolean
attest_store_delete_claim (AttestStore *self,
                           const char  *ref,
                           GError     **error)
{
  static const char sql[] =
    "UPDATE claims SET deleted = 1, version = version + 1, modified = ? WHERE id = ?";
  g_autoptr(AttestClaim) claim = NULL;
  g_autofree char *now = NULL;
  g_autofree char *old = NULL;
  sqlite3_stmt *stmt;

  if (!_attest_store_check_writable (self, error))
    return FALSE;
  if (!(claim = attest_store_get_claim (self, ref, error)))
    return FALSE;

  now = _attest_store_now_iso8601 ();
  old = g_strdup_printf ("%s %" G_GINT64_FORMAT ":%" G_GINT64_FORMAT " “%s”",
                         claim->category, claim->start, claim->end, claim->quote);

  if (!_attest_store_begin_write (self, _("deleting the claim"), error))
    return FALSE;
  if (!(stmt = _attest_store_prepare (self, sql, error)))
    goto fail;
  _attest_store_bind_text (stmt, 1, now);
  sqlite3_bind_int64 (stmt, 2, claim->id);
  if (!_attest_store_step_done (self, stmt, _("deleting the claim"), error) ||
      !_attest_store_record_history (self, "claim", claim->uuid, "delete", NULL, old, NULL, error))
    goto fail;
  return _attest_store_commit_write (self, _("deleting the claim"), error);

fail:
  _attest_store_rollback_write (self);
  return FALSE;
}

/**
 * attest_store_dup_claim_uuid:
 * @self: a #AttestStore
 * @ref: a uuid, a unique uuid prefix or a row id
 * @error: return location for a #GError, or %NULL
 *
 * The uuid of the claim @ref names, deleted or not: what a history or a
 * conflict about a deleted claim is looked up by.
 *
 * Returns: (transfer full) (nullable): the uuid, or %NULL with @error set
 */
char *
attest_store_dup_claim_uuid (AttestStore *self,
                             const char  *ref,
                             GError     **error)
{
  static const char sql[] = "SELECT uuid FROM claims WHERE id = ?";
  g_autofree char *uuid = NULL;
  sqlite3_stmt *stmt;
  gint64 id;
  int rc;

  g_return_val_if_fail (ATTEST_IS_STORE (self), NULL);

  if (!(id = _attest_store_resolve_ref (self, "claims", "claim", ref, error)) ||
      !(stmt = _attest_store_prepare (self, sql, error)))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    uuid = _attest_store_column_dup (stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    {
      _attest_store_set_sqlite_error (self, error, rc, _("reading a claim"));
      return NULL;
    }
  return g_steal_pointer (&uuid);
}

/* The uuid of a deleted claim's restored copy: derived from the deleted
 * one's, so two teammates who restore the same claim apart make one claim,
 * not two, once their copies merge. */
char *
_attest_store_restored_uuid (const char *uuid)
{
  g_autofree char *seed = g_strconcat ("attest restored copy of ", uuid, NULL);

  return _attest_store_name_uuid (seed);
}

/* The deleted claim @uuid (row @old_id) was restored before as @copy_id:
 * the edits of it that came since are made to the copy too. Refused when
 * the copy was deleted since, or when nothing came. */
static gboolean
bring_edits_to_copy (AttestStore *self,
                     const char  *uuid,
                     gint64       old_id,
                     const char  *copy_uuid,
                     gint64       copy_id,
                     const char  *now,
                     GError     **error)
{
  static const char deleted_sql[] = "SELECT deleted FROM claims WHERE id = ?";
  static const char * const fields[] = { "category", "status", "certainty", "comment" };
  g_autoptr(GHashTable) edited = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  sqlite3_stmt *stmt;
  guint added = 0;
  gboolean deleted;
  int rc;

  if (!(stmt = _attest_store_prepare (self, deleted_sql, error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, copy_id);
  rc = sqlite3_step (stmt);
  deleted = rc == SQLITE_ROW && sqlite3_column_int (stmt, 0) != 0;
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    return _attest_store_set_sqlite_error (self, error, rc, _("restoring the claim"));
  if (deleted)
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_CONFLICT,
                   _("This claim was restored already (as %s), and that copy was deleted since"), copy_uuid);
      return FALSE;
    }
  if (!_attest_store_copy_claim_history (self, uuid, copy_uuid, edited, &added, error))
    return FALSE;
  if (added == 0)
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_CONFLICT,
                   _("This claim was restored already (as %s), with every edit there is"), copy_uuid);
      return FALSE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      const char *column = g_str_equal (fields[i], "category") ? "category_id" : fields[i];
      g_autofree char *sql = NULL;

      if (!g_hash_table_contains (edited, fields[i]))
        continue;
      sql = g_strdup_printf ("UPDATE claims SET %s = (SELECT %s FROM claims WHERE id = ?1) WHERE id = ?2",
                             column, column);
      if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) != SQLITE_OK)
        return _attest_store_set_sqlite_error (self, error, sqlite3_errcode (self->db), _("restoring the claim"));
      sqlite3_bind_int64 (stmt, 1, old_id);
      sqlite3_bind_int64 (stmt, 2, copy_id);
      rc = sqlite3_step (stmt);
      sqlite3_finalize (stmt);
      if (rc != SQLITE_DONE)
        return _attest_store_set_sqlite_error (self, error, rc, _("restoring the claim"));
    }
  if (!(stmt = _attest_store_prepare (self, "UPDATE claims SET version = version + 1, modified = ? WHERE id = ?",
                                      error)))
    return FALSE;
  _attest_store_bind_text (stmt, 1, now);
  sqlite3_bind_int64 (stmt, 2, copy_id);
  return _attest_store_step_done (self, stmt, _("restoring the claim"), error);
}

/**
 * attest_store_dup_restored_claim_uuid:
 * @claim_uuid: a deleted claim's uuid
 *
 * Returns: (transfer full): the uuid its restored copy has, in every copy
 *   of the database (see _attest_store_restored_uuid())
 */
char *
attest_store_dup_restored_claim_uuid (const char *claim_uuid)
{
  g_return_val_if_fail (claim_uuid != NULL, NULL);

  return _attest_store_restored_uuid (claim_uuid);
}

/* Brings the deleted claim @uuid back as a new claim, with its passage,
 * category, author, status, certainty, comment and sources, inside the
 * caller's write. The tombstone stays: merging copies never resurrects a
 * deleted claim, so the copy travels to teammates as a claim of its own. */
gboolean
_attest_store_copy_deleted_claim (AttestStore  *self,
                                  const char   *uuid,
                                  char        **out_uuid,
                                  GError      **error)
{
  static const char sql[] =
    "SELECT c.id, c.document_id, c.start, c.\"end\", c.quote, c.category_id, c.annotator_id,"
    " c.created, c.status, c.certainty, c.comment, c.deleted, k.key"
    " FROM claims c JOIN categories k ON k.id = c.category_id WHERE c.uuid = ?";
  g_autofree char *copy_uuid = _attest_store_restored_uuid (uuid);
  g_autofree char *now = _attest_store_now_iso8601 ();
  g_autofree char *quote = NULL, *created = NULL, *status = NULL, *certainty = NULL;
  g_autofree char *comment = NULL, *category = NULL;
  AttestClaimRecord row = { 0 };
  gint64 old_id = 0, new_id = 0, existing = 0;
  gboolean deleted = FALSE;
  sqlite3_stmt *stmt;
  int rc;

  if (!(stmt = _attest_store_prepare (self, sql, error)))
    return FALSE;
  _attest_store_bind_text (stmt, 1, uuid);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      old_id = sqlite3_column_int64 (stmt, 0);
      row.document_id = sqlite3_column_int64 (stmt, 1);
      row.start = sqlite3_column_int64 (stmt, 2);
      row.end = sqlite3_column_int64 (stmt, 3);
      row.quote = quote = _attest_store_column_dup (stmt, 4);
      row.category_id = sqlite3_column_int64 (stmt, 5);
      row.annotator_id = sqlite3_column_int64 (stmt, 6);
      row.created = created = _attest_store_column_dup (stmt, 7);
      row.status = status = _attest_store_column_dup (stmt, 8);
      row.certainty = certainty = _attest_store_column_dup (stmt, 9);
      row.comment = comment = _attest_store_column_dup (stmt, 10);
      deleted = sqlite3_column_int (stmt, 11) != 0;
      category = _attest_store_column_dup (stmt, 12);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return _attest_store_set_sqlite_error (self, error, rc, _("restoring the claim"));
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_NOT_FOUND, _("No claim %s"), uuid);
      return FALSE;
    }
  if (!deleted)
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_CONFLICT,
                   _("The claim is not deleted any more: someone brought it back meanwhile"));
      return FALSE;
    }
  if (!_attest_store_claim_id_by_uuid (self, copy_uuid, &existing, error))
    return FALSE;
  if (existing != 0)
    {
      /* Restored before, and edited in another copy since (a merge
       * brought that edit to the deleted claim): the copy takes it. */
      if (!bring_edits_to_copy (self, uuid, old_id, copy_uuid, existing, now, error))
        return FALSE;
    }
  else
    {
      guint added = 0;

      row.uuid = copy_uuid;
      row.modified = now;
      row.version = 1;
      if (!_attest_store_insert_claim (self, &row, _("restoring the claim"), &new_id, error) ||
          !_attest_store_copy_links (self, old_id, new_id, error) ||
          !_attest_store_copy_claim_history (self, uuid, copy_uuid, NULL, &added, error))
        return FALSE;
    }
  if (!_attest_store_record_history (self, "claim", copy_uuid, "create", "restored-from", uuid, category, error))
    return FALSE;
  if (out_uuid)
    *out_uuid = g_steal_pointer (&copy_uuid);
  return TRUE;
}

/**
 * attest_store_restore_claim:
 * @self: a #AttestStore
 * @ref: a uuid, a unique uuid prefix or a row id
 * @error: return location for a #GError, or %NULL
 *
 * Brings back a deleted claim with its uuid, offsets and links: what undo
 * of a delete (or redo of a create) needs. A curated claim whose passage
 * was curated again meanwhile is refused (see
 * attest_store_check_restore_curated()).
 *
 * Returns: %TRUE on success
 */
gboolean
attest_store_restore_claim (AttestStore *self,
                            const char  *ref,
                            GError     **error)
{
  static const char sql[] =
    "UPDATE claims SET deleted = 0, version = version + 1, modified = ?"
    " WHERE id = ? AND deleted = 1 RETURNING uuid";
  g_autofree char *now = NULL;
  g_autofree char *uuid = NULL;
  sqlite3_stmt *stmt;
  gint64 id;
  int rc;

  if (!_attest_store_check_writable (self, error) ||
      !(id = _attest_store_resolve_ref (self, "claims", "claim", ref, error)))
    return FALSE;

  now = _attest_store_now_iso8601 ();
  if (!_attest_store_begin_write (self, _("restoring the claim"), error))
    return FALSE;
  /* Checked under the write lock: a curated claim comes back only if its
   * passage was not curated again meanwhile. */
  if (!attest_store_check_restore_curated (self, ref, error) ||
      !(stmt = _attest_store_prepare (self, sql, error)))
    goto fail;
  _attest_store_bind_text (stmt, 1, now);
  sqlite3_bind_int64 (stmt, 2, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    uuid = _attest_store_column_dup (stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      _attest_store_set_sqlite_error (self, error, rc, _("restoring the claim"));
      goto fail;
    }
  if (uuid == NULL)
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID, _("The claim is not deleted"));
      goto fail;
    }
  if (!_attest_store_record_history (self, "claim", uuid, "restore", NULL, NULL, NULL, error))
    goto fail;
  return _attest_store_commit_write (self, _("restoring the claim"), error);

fail:
  _attest_store_rollback_write (self);
  return FALSE;
}
