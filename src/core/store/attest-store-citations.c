/* attest-store-citations.c — the citations and citation_tombstones tables:
 * listing and suggesting citations, marking and removing them by hand, and
 * scanning the articles again after the upgrade to schema 3.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include <sqlite3.h>
#include <string.h>

#include "attest-citation-scanner.h"
#include "attest-date.h"
#include "attest-error.h"
#include "attest-rules.h"
#include "attest-store.h"
#include "attest-store-private.h"

static AttestCitation *
citation_from_row (sqlite3_stmt *stmt)
{
  AttestCitation *c = attest_citation_new ();
  int kind_column = 7 + SOURCE_COLUMN_COUNT;

  c->id = sqlite3_column_int64 (stmt, 0);
  c->uuid = _attest_store_column_dup (stmt, 1);
  c->start = sqlite3_column_int64 (stmt, 2);
  c->end = sqlite3_column_int64 (stmt, 3);
  c->text = _attest_store_column_dup (stmt, 4);
  c->closes_paragraph = sqlite3_column_int (stmt, 5);
  c->paragraph_start = sqlite3_column_int64 (stmt, 6);
  c->source = _attest_store_source_from_row (stmt, 7);
  c->document_uuid = g_strdup (c->source->document_uuid);
  if (!attest_citation_kind_from_string ((const char *) sqlite3_column_text (stmt, kind_column), &c->kind))
    c->kind = ATTEST_CITATION_PARENTHESIS;
  c->cover_start = sqlite3_column_int64 (stmt, kind_column + 1);
  c->cover_end = sqlite3_column_int64 (stmt, kind_column + 2);
  return c;
}

/**
 * attest_store_list_citations:
 * @self: a #AttestStore
 * @document_ref: a uuid, a unique uuid prefix or a row id
 * @error: return location for a #GError, or %NULL
 *
 * Lists a document's citations, in text order.
 *
 * Returns: (transfer full) (element-type AttestCitation) (nullable): the citations, or %NULL with @error set
 */
GPtrArray *
attest_store_list_citations (AttestStore *self,
                             const char  *document_ref,
                             GError     **error)
{
  static const char sql[] =
    "SELECT t.id, t.uuid, t.start, t.\"end\", t.text, t.closes_paragraph, t.paragraph_start, "
    SOURCE_COLUMNS ", " CITATION_KIND_COLUMNS
    " FROM citations t JOIN sources s ON s.id = t.source_id JOIN documents d ON d.id = t.document_id"
    " WHERE t.document_id = ? ORDER BY t.start, t.id";
  static const char sql_v2[] =
    "SELECT t.id, t.uuid, t.start, t.\"end\", t.text, t.closes_paragraph, t.paragraph_start, "
    SOURCE_COLUMNS ", " CITATION_KIND_COLUMNS_V2
    " FROM citations t JOIN sources s ON s.id = t.source_id JOIN documents d ON d.id = t.document_id"
    " WHERE t.document_id = ? ORDER BY t.start, t.id";
  g_autoptr(GPtrArray) citations = g_ptr_array_new_with_free_func (g_object_unref);
  sqlite3_stmt *stmt;
  gint64 doc_id;

  if (!(doc_id = _attest_store_resolve_ref (self, "documents", "document", document_ref, error)))
    return NULL;
  if (!(stmt = _attest_store_prepare (self, self->schema >= 3 ? sql : sql_v2, error)))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, doc_id);
  if (!_attest_store_collect (self, stmt, (AttestStoreRowFunc) citation_from_row,
                              citations, _("listing citations"), error))
    return NULL;

  {
    g_autoptr(GPtrArray) sources = g_ptr_array_new ();

    for (guint i = 0; i < citations->len; i++)
      g_ptr_array_add (sources, ((AttestCitation *) g_ptr_array_index (citations, i))->source);
    if (!_attest_store_name_outlets (self, sources, error))
      return NULL;
  }
  return g_steal_pointer (&citations);
}

/**
 * attest_store_suggest_citation:
 * @self: a #AttestStore
 * @document_ref: the document
 * @start: where the claim starts
 * @end: where it ends
 * @error: return location for a #GError, or %NULL
 *
 * The citation that most narrowly covers @start.
 *
 * Returns: (transfer full) (nullable): the citation, or %NULL when none covers it (or with @error set)
 */
AttestCitation *
attest_store_suggest_citation (AttestStore *self,
                               const char  *document_ref,
                               gint64       start,
                               gint64       end,
                               GError     **error)
{
  g_autoptr(AttestDocument) doc = NULL;
  g_autoptr(GPtrArray) citations = NULL;
  AttestCitation *best = NULL;

  if (!(doc = attest_store_get_document (self, document_ref, error)) ||
      !attest_document_check_range (doc, start, end, error) ||
      !(citations = attest_store_list_citations (self, doc->uuid, error)))
    return NULL;

  /* Of the attributions whose cover holds the claim, the closest: the
   * paragraph's own parenthesis or reporting verb before the story's
   * dateline or source line. */
  for (guint i = 0; i < citations->len; i++)
    {
      AttestCitation *c = g_ptr_array_index (citations, i);

      if (c->cover_start > start || start >= c->cover_end)
        continue;
      if (best == NULL || c->cover_end - c->cover_start < best->cover_end - best->cover_start)
        best = c;
    }

  return best != NULL ? g_object_ref (best) : NULL;
}

/* ------------------------------------------------------------ citations */

static gint64
find_or_add_source (AttestStore    *self,
                    AttestDocument *doc,
                    const char     *outlet,
                    const char     *place,
                    const char     *date_text,
                    char          **out_uuid,
                    GError        **error)
{
  static const char find_sql[] =
    "SELECT id, uuid FROM sources WHERE document_id = ? AND outlet = ? AND place IS ?"
    " AND date_text IS ? AND url IS NULL AND title IS NULL ORDER BY id LIMIT 1";
  g_autofree char *uuid = NULL;
  g_autofree char *when = NULL;
  g_autofree char *now = NULL;
  sqlite3_stmt *stmt;
  int rc;

  if (!(stmt = _attest_store_prepare (self, find_sql, error)))
    return 0;
  sqlite3_bind_int64 (stmt, 1, doc->id);
  _attest_store_bind_text (stmt, 2, outlet);
  _attest_store_bind_text (stmt, 3, place);
  _attest_store_bind_text (stmt, 4, date_text);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      *out_uuid = _attest_store_column_dup (stmt, 1);
      sqlite3_reset (stmt);
      return id;
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _attest_store_set_sqlite_error (self, error, rc, _("finding a source")), 0;

  uuid = g_uuid_string_random ();
  when = date_text ? attest_date_resolve (date_text, doc->date) : NULL;
  now = _attest_store_now_iso8601 ();
  if (!_attest_store_insert_source (self, &(AttestSourceRecord) {
      .uuid = uuid, .document_id = doc->id, .outlet = outlet, .place = place,
      .date_text = date_text, .date_when = when, .created = now,
    }, _("saving a source"), NULL, error))
    return 0;
  *out_uuid = g_steal_pointer (&uuid);
  return sqlite3_last_insert_rowid (self->db);
}

/* The one INSERT of the citations table (see attest-store-private.h). */
gboolean
_attest_store_insert_citation (AttestStore                *self,
                               const AttestCitationRecord *row,
                               const char                 *doing,
                               GError                    **error)
{
  static const char sql[] =
    "INSERT INTO citations (uuid, document_id, source_id, start, \"end\", text,"
    " closes_paragraph, paragraph_start, kind, cover_start, cover_end)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  sqlite3_stmt *stmt;

  if (!(stmt = _attest_store_prepare (self, sql, error)))
    return FALSE;
  _attest_store_bind_text (stmt, 1, row->uuid);
  sqlite3_bind_int64 (stmt, 2, row->document_id);
  sqlite3_bind_int64 (stmt, 3, row->source_id);
  sqlite3_bind_int64 (stmt, 4, row->start);
  sqlite3_bind_int64 (stmt, 5, row->end);
  _attest_store_bind_text (stmt, 6, row->text);
  sqlite3_bind_int64 (stmt, 7, row->closes_paragraph);
  sqlite3_bind_int64 (stmt, 8, row->paragraph_start);
  _attest_store_bind_text (stmt, 9, row->kind);
  sqlite3_bind_int64 (stmt, 10, row->cover_start);
  sqlite3_bind_int64 (stmt, 11, row->cover_end);
  return _attest_store_step_done (self, stmt, doing, error);
}

/* The one INSERT of the citation_tombstones table (see attest-store-private.h). */
gboolean
_attest_store_insert_tombstone (AttestStore                 *self,
                                const AttestTombstoneRecord *row,
                                AttestTombstoneMode          mode,
                                const char                  *doing,
                                GError                     **error)
{
#define TOMBSTONE_INSERT(verb) \
    "INSERT OR " verb " INTO citation_tombstones (uuid, document_id, source_uuid, start, \"end\"," \
    " text, outlet, kind, cover_start, cover_end, closes_paragraph, paragraph_start, removed)" \
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
  static const char replace_sql[] = TOMBSTONE_INSERT ("REPLACE");
  static const char keep_sql[] = TOMBSTONE_INSERT ("IGNORE");
#undef TOMBSTONE_INSERT
  sqlite3_stmt *stmt;

  if (!(stmt = _attest_store_prepare (self, mode == ATTEST_TOMBSTONE_REPLACE ? replace_sql : keep_sql, error)))
    return FALSE;
  _attest_store_bind_text (stmt, 1, row->uuid);
  sqlite3_bind_int64 (stmt, 2, row->document_id);
  _attest_store_bind_text (stmt, 3, row->source_uuid);
  sqlite3_bind_int64 (stmt, 4, row->start);
  sqlite3_bind_int64 (stmt, 5, row->end);
  _attest_store_bind_text (stmt, 6, row->text);
  _attest_store_bind_text (stmt, 7, row->outlet);
  _attest_store_bind_text (stmt, 8, row->kind);
  if (row->cover_start)
    sqlite3_bind_int64 (stmt, 9, *row->cover_start);
  if (row->cover_end)
    sqlite3_bind_int64 (stmt, 10, *row->cover_end);
  sqlite3_bind_int64 (stmt, 11, row->closes_paragraph);
  sqlite3_bind_int64 (stmt, 12, row->paragraph_start);
  _attest_store_bind_text (stmt, 13, row->removed);
  return _attest_store_step_done (self, stmt, doing, error);
}

static AttestCitation *
find_citation (AttestStore *self,
               const char  *document_uuid,
               const char  *uuid,
               GError     **error)
{
  g_autoptr(GPtrArray) citations = attest_store_list_citations (self, document_uuid, error);

  if (citations == NULL)
    return NULL;
  for (guint i = 0; i < citations->len; i++)
    {
      AttestCitation *c = g_ptr_array_index (citations, i);

      if (g_str_equal (c->uuid, uuid))
        return g_object_ref (c);
    }
  g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_NOT_FOUND, _("No citation %s"), uuid);
  return NULL;
}

/**
 * attest_store_mark_citation:
 * @self: a #AttestStore
 * @document_ref: the document
 * @start: where the citation starts
 * @end: where it ends
 * @outlet: the outlet cited
 * @place: (nullable): the dateline's place
 * @date_text: (nullable): the date as written
 * @error: return location for a #GError, or %NULL
 *
 * Marks [@start, @end) as citing @outlet.
 *
 * Returns: (transfer full) (nullable): the new citation, or %NULL with @error set
 */
AttestCitation *
attest_store_mark_citation (AttestStore *self,
                            const char  *document_ref,
                            gint64       start,
                            gint64       end,
                            const char  *outlet,
                            const char  *place,
                            const char  *date_text,
                            GError     **error)
{
  g_autoptr(AttestDocument) doc = NULL;
  g_autofree char *name = NULL;
  g_autofree char *place_name = NULL;
  g_autofree char *date_name = NULL;
  g_autofree char *text = NULL;
  g_autofree char *uuid = g_uuid_string_random ();
  g_autofree char *source_uuid = NULL;
  const char *at, *line, *line_end, *after;
  gint64 source_id, paragraph_start, paragraph_end;
  gboolean closes = TRUE;

  g_return_val_if_fail (ATTEST_IS_STORE (self), NULL);

  name = outlet ? g_strstrip (g_strdup (outlet)) : NULL;
  place_name = place ? g_strstrip (g_strdup (place)) : NULL;
  date_name = date_text ? g_strstrip (g_strdup (date_text)) : NULL;
  if (place_name && *place_name == '\0')
    g_clear_pointer (&place_name, g_free);
  if (date_name && *date_name == '\0')
    g_clear_pointer (&date_name, g_free);
  if (!attest_rules_check_string ("The outlet", name, -1, ATTEST_RULES_LINE | ATTEST_RULES_REQUIRED, error) ||
      !attest_rules_check_string ("The place", place_name, -1, ATTEST_RULES_LINE, error) ||
      !attest_rules_check_string ("The date", date_name, -1, ATTEST_RULES_LINE, error))
    return NULL;
  if (g_utf8_strlen (name, -1) > 200)
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID, _("The outlet’s name is longer than 200 characters"));
      return NULL;
    }

  if (!(doc = attest_store_get_document (self, document_ref, error)) ||
      !attest_document_check_range (doc, start, end, error))
    return NULL;

  /* The same passage cited twice by the same outlet is one citation. */
  {
    g_autoptr(GPtrArray) existing = attest_store_list_citations (self, doc->uuid, error);

    if (existing == NULL)
      return NULL;
    for (guint i = 0; i < existing->len; i++)
      {
        AttestCitation *c = g_ptr_array_index (existing, i);

        if (c->start == start && c->end == end && g_utf8_collate (c->source->outlet, name) == 0)
          {
            g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID,
                         _("This passage is already a citation of %s"), c->source->outlet);
            return NULL;
          }
      }
  }

  /* It covers its paragraph, like a closing parenthesis. */
  at = g_utf8_offset_to_pointer (doc->text, start);
  for (line = at; line > doc->text && line[-1] != '\n'; line--)
    ;
  line_end = strchr (at, '\n');
  if (line_end == NULL)
    line_end = doc->text + strlen (doc->text);
  paragraph_start = g_utf8_pointer_to_offset (doc->text, line);
  paragraph_end = g_utf8_pointer_to_offset (doc->text, line_end);
  text = attest_document_dup_range (doc, start, end);
  after = g_utf8_offset_to_pointer (doc->text, end);
  for (const char *p = after; p < line_end; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)) && !g_unichar_ispunct (g_utf8_get_char (p)))
      closes = FALSE;

  if (!_attest_store_begin_write (self, _("marking a source"), error))
    return NULL;
  if (!(source_id = find_or_add_source (self, doc, name, place_name, date_name, &source_uuid, error)))
    goto fail;
  if (!_attest_store_insert_citation (self, &(AttestCitationRecord) {
      .uuid = uuid, .document_id = doc->id, .source_id = source_id, .start = start, .end = end,
      .text = text, .closes_paragraph = closes, .paragraph_start = paragraph_start,
      .kind = "marked", .cover_start = MIN (paragraph_start, start),
      .cover_end = MAX (paragraph_end, end),
    }, _("marking a source"), error) ||
      !_attest_store_record_history (self, "citation", uuid, "create", "outlet", NULL, name, error) ||
      !_attest_store_commit_write (self, _("marking a source"), error))
    goto fail;

  return find_citation (self, doc->uuid, uuid, error);

fail:
  _attest_store_rollback_write (self);
  return NULL;
}

/**
 * attest_store_remove_citation:
 * @self: a #AttestStore
 * @ref: the citation
 * @error: return location for a #GError, or %NULL
 *
 * Removes the citation @uuid, keeping a tombstone; its source goes too
 * when nothing else cites it and no claim rests on it.
 *
 * Returns: %TRUE on success
 */
gboolean
attest_store_remove_citation (AttestStore *self,
                              const char  *ref,
                              GError     **error)
{
  static const char find_sql[] =
    "SELECT t.id, t.document_id, t.source_id, d.uuid, t.uuid FROM citations t"
    " JOIN documents d ON d.id = t.document_id WHERE t.id = ?";
  static const char tombstone_sql[] =
    "SELECT t.uuid, t.document_id, s.uuid, t.start, t.\"end\", t.text, s.outlet, t.kind,"
    " t.cover_start, t.cover_end, t.closes_paragraph, t.paragraph_start"
    " FROM citations t JOIN sources s ON s.id = t.source_id WHERE t.id = ?";
  static const char delete_sql[] = "DELETE FROM citations WHERE id = ?";
  /* An unused source of the document goes; one a claim rests on stays. */
  static const char orphan_sql[] =
    "DELETE FROM sources WHERE id = ?1 AND document_id IS NOT NULL"
    " AND NOT EXISTS (SELECT 1 FROM citations WHERE source_id = ?1)"
    " AND NOT EXISTS (SELECT 1 FROM claim_sources WHERE source_id = ?1)";
  g_autoptr(AttestCitation) citation = NULL;
  g_autofree char *document_uuid = NULL;
  g_autofree char *uuid = NULL;
  g_autofree char *now = _attest_store_now_iso8601 ();
  gint64 id, source_id;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (ATTEST_IS_STORE (self), FALSE);

  if (!(id = _attest_store_resolve_id_ref (self, "citations", "citation", ref, error)))
    return FALSE;
  if (!(stmt = _attest_store_prepare (self, find_sql, error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      return _attest_store_set_sqlite_error (self, error, rc, _("finding a citation"));
    }
  id = sqlite3_column_int64 (stmt, 0);
  source_id = sqlite3_column_int64 (stmt, 2);
  document_uuid = _attest_store_column_dup (stmt, 3);
  uuid = _attest_store_column_dup (stmt, 4);
  sqlite3_reset (stmt);
  if (!(citation = find_citation (self, document_uuid, uuid, error)))
    return FALSE;

  if (!_attest_store_begin_write (self, _("removing a citation"), error))
    return FALSE;
  if (!(stmt = _attest_store_prepare (self, tombstone_sql, error)))
    goto fail;
  sqlite3_bind_int64 (stmt, 1, id);
  if ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 cover_start = sqlite3_column_int64 (stmt, 8);
      gint64 cover_end = sqlite3_column_int64 (stmt, 9);
      /* The row's strings stay valid until the statement is reset, and the
       * insert prepares a statement of its own. */
      gboolean ok = _attest_store_insert_tombstone (self, &(AttestTombstoneRecord) {
          .uuid = (const char *) sqlite3_column_text (stmt, 0),
          .document_id = sqlite3_column_int64 (stmt, 1),
          .source_uuid = (const char *) sqlite3_column_text (stmt, 2),
          .start = sqlite3_column_int64 (stmt, 3),
          .end = sqlite3_column_int64 (stmt, 4),
          .text = (const char *) sqlite3_column_text (stmt, 5),
          .outlet = (const char *) sqlite3_column_text (stmt, 6),
          .kind = (const char *) sqlite3_column_text (stmt, 7),
          .cover_start = sqlite3_column_type (stmt, 8) == SQLITE_NULL ? NULL : &cover_start,
          .cover_end = sqlite3_column_type (stmt, 9) == SQLITE_NULL ? NULL : &cover_end,
          .closes_paragraph = sqlite3_column_int64 (stmt, 10),
          .paragraph_start = sqlite3_column_int64 (stmt, 11),
          .removed = now,
        }, ATTEST_TOMBSTONE_REPLACE, _("removing a citation"), error);

      sqlite3_reset (stmt);
      if (!ok)
        goto fail;
    }
  else
    {
      /* No row (its source gone): nothing to keep, as INSERT … SELECT did. */
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        {
          _attest_store_set_sqlite_error (self, error, rc, _("removing a citation"));
          goto fail;
        }
    }
  if (!(stmt = _attest_store_prepare (self, delete_sql, error)))
    goto fail;
  sqlite3_bind_int64 (stmt, 1, id);
  if (!_attest_store_step_done (self, stmt, _("removing a citation"), error))
    goto fail;
  if (!(stmt = _attest_store_prepare (self, orphan_sql, error)))
    goto fail;
  sqlite3_bind_int64 (stmt, 1, source_id);
  if (!_attest_store_step_done (self, stmt, _("removing a citation"), error))
    goto fail;
  if (!_attest_store_record_history (self, "citation", uuid, "delete", "outlet",
                                     citation->source->outlet, NULL, error))
    goto fail;
  return _attest_store_commit_write (self, _("removing a citation"), error);

fail:
  _attest_store_rollback_write (self);
  return FALSE;
}

/**
 * attest_store_restore_citation:
 * @self: a #AttestStore
 * @citation: (transfer none): the citation as listed before
 * @error: return location for a #GError, or %NULL
 *
 * Brings back a removed citation (undo), with its source if that went too.
 *
 * Returns: %TRUE on success
 */
gboolean
attest_store_restore_citation (AttestStore    *self,
                               AttestCitation *citation,
                               GError        **error)
{
  static const char document_sql[] = "SELECT id FROM documents WHERE uuid = ?";
  static const char untomb_sql[] = "DELETE FROM citation_tombstones WHERE uuid = ?";
  AttestSource *s;
  g_autofree char *now = _attest_store_now_iso8601 ();
  sqlite3_stmt *stmt;
  gint64 doc_id, source_id;

  g_return_val_if_fail (ATTEST_IS_STORE (self), FALSE);
  g_return_val_if_fail (ATTEST_IS_CITATION (citation) && citation->source != NULL, FALSE);
  s = citation->source;

  if (!_attest_store_begin_write (self, _("restoring a citation"), error))
    return FALSE;
  /* The source comes back with it if it went too; neither comes back
   * when the article is gone. */
  if (!(stmt = _attest_store_prepare (self, document_sql, error)))
    goto fail;
  _attest_store_bind_text (stmt, 1, citation->document_uuid);
  if (!_attest_store_query_id (self, stmt, &doc_id, _("restoring a citation"), error) ||
      !_attest_store_source_id_by_uuid (self, s->uuid, &source_id, error))
    goto fail;
  if (doc_id != 0 && source_id == 0 &&
      !_attest_store_insert_source (self, &(AttestSourceRecord) {
          .uuid = s->uuid, .document_id = doc_id, .outlet = s->outlet, .place = s->place,
          .date_text = s->date_text, .date_when = s->when, .created = now,
        }, _("restoring a citation"), &source_id, error))
    goto fail;
  if (doc_id != 0 && source_id != 0 &&
      !_attest_store_insert_citation (self, &(AttestCitationRecord) {
          .uuid = citation->uuid, .document_id = doc_id, .source_id = source_id,
          .start = citation->start, .end = citation->end, .text = citation->text,
          .closes_paragraph = citation->closes_paragraph,
          .paragraph_start = citation->paragraph_start,
          .kind = attest_citation_kind_to_string (citation->kind),
          .cover_start = citation->cover_start, .cover_end = citation->cover_end,
        }, _("restoring a citation"), error))
    goto fail;
  if (doc_id == 0 || source_id == 0)
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_NOT_FOUND,
                   _("The citation %s cannot come back: its article is gone"), citation->uuid);
      goto fail;
    }
  if (!(stmt = _attest_store_prepare (self, untomb_sql, error)))
    goto fail;
  _attest_store_bind_text (stmt, 1, citation->uuid);
  if (!_attest_store_step_done (self, stmt, _("restoring a citation"), error) ||
      !_attest_store_record_history (self, "citation", citation->uuid, "restore", "outlet",
                                     NULL, s->outlet, error))
    goto fail;
  return _attest_store_commit_write (self, _("restoring a citation"), error);

fail:
  _attest_store_rollback_write (self);
  return FALSE;
}

/* -------------------------------------------------------------- upgrade */

/* A citation found before, in @data by "start:end:folded outlet". */
static gboolean
key_existing_citation (sqlite3_stmt *stmt,
                       gpointer      data,
                       GError      **error)
{
  g_autofree char *folded = g_utf8_casefold ((const char *) sqlite3_column_text (stmt, 3), -1);

  g_hash_table_insert (data,
                       g_strdup_printf ("%" G_GINT64_FORMAT ":%" G_GINT64_FORMAT ":%s",
                                        (gint64) sqlite3_column_int64 (stmt, 1),
                                        (gint64) sqlite3_column_int64 (stmt, 2), folded),
                       GSIZE_TO_POINTER ((gsize) sqlite3_column_int64 (stmt, 0)));
  return TRUE;
}

/* After the upgrade to schema 3: the articles scanned again, so that a
 * database from before finds its datelines, reporting verbs and source
 * lines, and its parentheses get their kind and cover. Citations found
 * before are kept (claims rest on them); new ones are added beside. Inside
 * the upgrade's write. */
gboolean
_attest_store_rescan_citations (AttestStore *self,
                                GError     **error)
{
  static const char existing_sql[] =
    "SELECT t.id, t.start, t.\"end\", s.outlet FROM citations t JOIN sources s ON s.id = t.source_id"
    " WHERE t.document_id = ?";
  static const char update_sql[] =
    "UPDATE citations SET kind = ?, cover_start = ?, cover_end = ? WHERE id = ?";
  static const char source_sql[] =
    "SELECT id FROM sources WHERE document_id = ? AND outlet = ? AND place IS ? AND date_text IS ?"
    " AND url IS NULL ORDER BY id LIMIT 1";
  g_autoptr(AttestOutlets) outlets = attest_outlets_new ();
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *now = _attest_store_now_iso8601 ();
  sqlite3_stmt *stmt;
  int rc;

  /* The ids first: the statements below reuse the prepared ones. */
  if (!(stmt = _attest_store_prepare (self, "SELECT id FROM documents ORDER BY id", error)))
    return FALSE;
  if (!_attest_store_each_row (self, stmt, _attest_store_row_add_id, ids, _("upgrading the database"), error))
    return FALSE;

  for (guint d = 0; d < ids->len; d++)
    {
      gint64 doc_id = g_array_index (ids, gint64, d);
      g_autoptr(GHashTable) existing = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      g_autoptr(GPtrArray) citations = NULL;
      g_autofree char *text = NULL;
      g_autofree char *date = NULL;

      if (!(stmt = _attest_store_prepare (self, "SELECT text, date FROM documents WHERE id = ?", error)))
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, doc_id);
      if ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          text = _attest_store_column_dup (stmt, 0);
          date = _attest_store_column_dup (stmt, 1);
        }
      sqlite3_reset (stmt);
      if (rc != SQLITE_ROW || text == NULL || !g_utf8_validate (text, -1, NULL))
        continue;

      if (!(stmt = _attest_store_prepare (self, existing_sql, error)))
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, doc_id);
      if (!_attest_store_each_row (self, stmt, key_existing_citation, existing, _("upgrading the database"), error))
        return FALSE;

      citations = attest_citation_scanner_scan_with (text, date, outlets);
      for (guint i = 0; i < citations->len; i++)
        {
          AttestCitation *c = g_ptr_array_index (citations, i);
          AttestSource *s = c->source;
          g_autofree char *folded = g_utf8_casefold (s->outlet, -1);
          g_autofree char *key = g_strdup_printf ("%" G_GINT64_FORMAT ":%" G_GINT64_FORMAT ":%s",
                                                  c->start, c->end, folded);
          gpointer found;
          gint64 source_id = 0;

          if (g_hash_table_lookup_extended (existing, key, NULL, &found))
            {
              if (!(stmt = _attest_store_prepare (self, update_sql, error)))
                return FALSE;
              _attest_store_bind_text (stmt, 1, attest_citation_kind_to_string (c->kind));
              sqlite3_bind_int64 (stmt, 2, c->cover_start);
              sqlite3_bind_int64 (stmt, 3, c->cover_end);
              sqlite3_bind_int64 (stmt, 4, (gint64) GPOINTER_TO_SIZE (found));
              if (!_attest_store_step_done (self, stmt, _("upgrading the database"), error))
                return FALSE;
              continue;
            }

          if (!(stmt = _attest_store_prepare (self, source_sql, error)))
            return FALSE;
          sqlite3_bind_int64 (stmt, 1, doc_id);
          _attest_store_bind_text (stmt, 2, s->outlet);
          _attest_store_bind_text (stmt, 3, s->place);
          _attest_store_bind_text (stmt, 4, s->date_text);
          if ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
            source_id = sqlite3_column_int64 (stmt, 0);
          sqlite3_reset (stmt);
          if (rc != SQLITE_ROW && rc != SQLITE_DONE)
            return _attest_store_set_sqlite_error (self, error, rc, _("upgrading the database"));
          if (source_id == 0)
            {
              g_autofree char *uuid = g_uuid_string_random ();

              if (!_attest_store_insert_source (self, &(AttestSourceRecord) {
                  .uuid = uuid, .document_id = doc_id, .outlet = s->outlet, .place = s->place,
                  .date_text = s->date_text, .date_when = s->when, .created = now,
                }, _("upgrading the database"), NULL, error))
                return FALSE;
              source_id = sqlite3_last_insert_rowid (self->db);
            }

          {
            g_autofree char *uuid = g_uuid_string_random ();

            if (!_attest_store_insert_citation (self, &(AttestCitationRecord) {
                .uuid = uuid, .document_id = doc_id, .source_id = source_id, .start = c->start,
                .end = c->end, .text = c->text, .closes_paragraph = c->closes_paragraph,
                .paragraph_start = c->paragraph_start,
                .kind = attest_citation_kind_to_string (c->kind), .cover_start = c->cover_start,
                .cover_end = c->cover_end,
              }, _("upgrading the database"), error))
              return FALSE;
          }
        }
    }
  return TRUE;
}

/* The sources whose citations were removed here and that nothing cites
 * or rests on any more: a merge or a TEI import brought them back with a
 * teammate's rows, but they are as gone as their citations. Sources an
 * analyst added by hand (no citation ever) are never touched. */
gboolean
_attest_store_sweep_sources (AttestStore *self,
                             GError     **error)
{
  static const char sql[] =
    "DELETE FROM sources WHERE document_id IS NOT NULL"
    " AND uuid IN (SELECT source_uuid FROM citation_tombstones)"
    " AND NOT EXISTS (SELECT 1 FROM citations t WHERE t.source_id = sources.id)"
    " AND NOT EXISTS (SELECT 1 FROM claim_sources cs WHERE cs.source_id = sources.id)";
  sqlite3_stmt *stmt = _attest_store_prepare (self, sql, error);

  return stmt != NULL && _attest_store_step_done (self, stmt, _("tidying sources"), error);
}
