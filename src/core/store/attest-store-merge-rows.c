/* attest-store-merge-rows.c — each table's rows of a teammate's copy,
 * merged into ours by uuid (see attest-store-merge.c for the rules): the
 * documents, sources, citations and their tombstones, outlets, annotators,
 * categories, claims, links and history. Part of AttestStore.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include <string.h>

#include "attest-error.h"
#include "attest-rules.h"
#include "attest-store-merge-private.h"

/* ------------------------------------------------------------ documents */

/* The corrections of an article both sides have: a field only they
 * corrected takes their value; one both corrected differently is a
 * conflict, ours kept. */
static gboolean
merge_document_fields (Merge          *m,
                       gint64          id,
                       AttestDocument *theirs_doc,
                       GError        **error)
{
  static const char *fields[] = { "title", "author", "date", "publication" };
  static const char *update_sql[] = {
    "UPDATE documents SET title = ?, version = version + 1 WHERE id = ?",
    "UPDATE documents SET author = ?, version = version + 1 WHERE id = ?",
    "UPDATE documents SET date = ?, version = version + 1 WHERE id = ?",
    "UPDATE documents SET publication = ?, version = version + 1 WHERE id = ?",
  };
  g_autoptr(GHashTable) theirs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) ours = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(AttestDocument) mine = NULL;
  g_autofree char *ref = g_strdup_printf ("%" G_GINT64_FORMAT, id);
  const char *their_values[] = { theirs_doc->title, theirs_doc->author, theirs_doc->date, theirs_doc->publication };

  if (!_attest_merge_changed_fields (m, m->other, m->our_history, theirs_doc->uuid, theirs, error))
    return FALSE;
  if (g_hash_table_size (theirs) == 0)
    return TRUE;
  if (!_attest_merge_changed_fields (m, m->self, m->their_history, theirs_doc->uuid, ours, error) ||
      !(mine = attest_store_get_document (m->self, ref, error)))
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      const char *our_value = i == 0 ? mine->title : i == 1 ? mine->author : i == 2 ? mine->date : mine->publication;
      sqlite3_stmt *stmt;

      if (!g_hash_table_contains (theirs, fields[i]) || g_strcmp0 (our_value, their_values[i]) == 0)
        continue;
      if (g_hash_table_contains (ours, fields[i]))
        {
          if (!_attest_merge_record_conflict (m, "document", theirs_doc->uuid, fields[i], our_value, their_values[i], error))
            return FALSE;
          continue;
        }
      if (!(stmt = _attest_store_prepare (m->self, update_sql[i], error)))
        return FALSE;
      _attest_store_bind_text (stmt, 1, their_values[i]);
      sqlite3_bind_int64 (stmt, 2, id);
      if (!_attest_store_step_done (m->self, stmt, _("merging an article's correction"), error))
        return FALSE;
      if (i == 2 && !_attest_store_resolve_source_dates (m->self, id, their_values[i], error))
        return FALSE;
      m->report->documents_updated++;
    }
  return TRUE;
}


/* A row of ours matched to one of theirs by its content takes their id
 * (ATTEST_MERGE_ADOPT_IDS): in @table, in its history, and, for a source,
 * wherever its id is written as a value. Our ids here were never sent to
 * the team's server: a replica merges the server's rows before it sends. */
static gboolean
adopt_id (Merge      *m,
          const char *table,
          const char *ours,
          const char *theirs,
          GError    **error)
{
  const char *values[] = { ours, theirs };
  g_autofree char *rename = g_strdup_printf ("UPDATE %s SET uuid = ?2 WHERE uuid = ?1", table);

  if (!m->adopt || g_strcmp0 (ours, theirs) == 0)
    return TRUE;
  if (!_attest_merge_run (m, rename, values, 2, error) ||
      !_attest_merge_run (m, "UPDATE history SET entity_uuid = ?2 WHERE entity_uuid = ?1", values, 2, error))
    return FALSE;
  if (g_str_equal (table, "sources") &&
      (!_attest_merge_run (m, "UPDATE history SET new_value = ?2 WHERE action = 'link' AND new_value = ?1",
                           values, 2, error) ||
       !_attest_merge_run (m, "UPDATE history SET old_value = ?2 WHERE action = 'unlink' AND old_value = ?1",
                           values, 2, error) ||
       !_attest_merge_run (m, "UPDATE citation_tombstones SET source_uuid = ?2 WHERE source_uuid = ?1",
                           values, 2, error)))
    return FALSE;
  return TRUE;
}

gboolean
_attest_merge_document (sqlite3_stmt *row,
                gpointer      data,
                GError      **error)
{
  static const char by_uuid_sql[] = "SELECT id, sha256 FROM documents WHERE uuid = ?";
  Merge *m = data;
  g_autoptr(AttestDocument) doc = attest_document_new ();
  const char *v[12];
  gint64 id = 0;
  gboolean same_uuid = FALSE;
  sqlite3_stmt *stmt;
  int rc;

  for (int c = 0; c < 12; c++)
    if (!_attest_merge_text_column (row, c, c == 11 ? "A document's text" : "A document's metadata",
                      ATTEST_RULES_TEXT, &v[c], error))
      return FALSE;
  doc->uuid = g_strdup (v[0]);
  doc->sha256 = g_strdup (v[1]);
  doc->title = g_strdup (v[2]);
  doc->publication = g_strdup (v[3]);
  doc->volume = g_strdup (v[4]);
  doc->issue = g_strdup (v[5]);
  doc->author = g_strdup (v[6]);
  doc->date = g_strdup (v[7]);
  doc->origin = g_strdup (v[8]);
  doc->format = g_strdup (v[9]);
  doc->encoding = g_strdup (v[10]);
  doc->text = g_strdup (v[11]);
  if (!_attest_merge_int_column (row, 12, "A document's length", FALSE, &doc->length, error) ||
      !_attest_merge_int_column (row, 13, "Where a document's body starts", FALSE, &doc->body_start, error) ||
      !_attest_merge_text_column (row, 14, "A document's import time", ATTEST_RULES_LINE, &v[0], error) ||
      !_attest_merge_text_column (row, 15, "What a document's import left out", ATTEST_RULES_LINE, &v[1], error))
    return FALSE;
  doc->imported = g_strdup (v[0]);
  doc->extraction = g_strdup (v[1]);
  if (!attest_rules_check_document (doc, error) || !_attest_merge_first_time (m, "document", doc->uuid, error))
    return FALSE;
  if (m->check_only)
    return TRUE;

  /* The same uuid must be the same text: else one copy was altered. */
  if (!(stmt = _attest_store_prepare (m->self, by_uuid_sql, error)))
    return FALSE;
  _attest_store_bind_text (stmt, 1, doc->uuid);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      gboolean same = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 1), doc->sha256) == 0;

      same_uuid = TRUE;
      id = sqlite3_column_int64 (stmt, 0);
      sqlite3_reset (stmt);
      if (!same)
        {
          g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_CONFLICT,
                       _("The document %s is in this database with another text; "
                         "one of the two was altered"), doc->uuid);
          return FALSE;
        }
    }
  else
    {
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        return _attest_store_set_sqlite_error (m->self, error, rc, _("merging"));
      /* The same article, imported on both sides: matched by its text. */
      if ((id = _attest_merge_our_id (m, "SELECT id FROM documents WHERE sha256 = ?", doc->sha256, error)) < 0)
        return FALSE;
    }

  if (id == 0)
    {
      if (!_attest_store_insert_document (m->self, &(AttestDocumentRecord) {
          .uuid = doc->uuid, .sha256 = doc->sha256, .title = doc->title,
          .publication = doc->publication, .volume = doc->volume, .issue = doc->issue,
          .author = doc->author, .date = doc->date, .origin = doc->origin, .format = doc->format,
          .encoding = doc->encoding, .text = doc->text, .length = doc->length,
          .body_start = doc->body_start, .imported = doc->imported,
        }, _("merging a document"), NULL, error))
        return FALSE;
      id = sqlite3_last_insert_rowid (m->self->db);
      if (!_attest_store_insert_extraction (m->self, id, doc->extraction, error))
        return FALSE;
      m->report->documents_added++;
    }
  else if (same_uuid && !merge_document_fields (m, id, doc, error))
    return FALSE;
  else if (!same_uuid && m->adopt)
    {
      g_autofree char *id_text = g_strdup_printf ("%" G_GINT64_FORMAT, id);
      g_autofree char *ours = NULL;
      sqlite3_stmt *q;

      if (!(q = _attest_store_prepare (m->self, "SELECT uuid FROM documents WHERE id = ?", error)))
        return FALSE;
      sqlite3_bind_int64 (q, 1, id);
      if (sqlite3_step (q) == SQLITE_ROW)
        ours = _attest_store_column_dup (q, 0);
      sqlite3_reset (q);
      if (ours && !adopt_id (m, "documents", ours, doc->uuid, error))
        return FALSE;
    }

  g_hash_table_insert (m->doc_map, g_strdup (doc->uuid), _attest_merge_boxed_id (id));
  return TRUE;
}

/* ------------------------------------------------------ sources, citations */

gboolean
_attest_merge_source (sqlite3_stmt *row,
              gpointer      data,
              GError      **error)
{
  static const char same_sql[] =
    "SELECT uuid FROM sources WHERE document_id = ? AND outlet IS ? AND place IS ? AND date_text IS ?"
    " AND url IS NULL LIMIT 1";
  static const char same_unclaimed_sql[] =
    "SELECT uuid FROM sources WHERE document_id = ? AND outlet IS ? AND place IS ? AND date_text IS ?"
    " AND url IS NULL ORDER BY id";
  Merge *m = data;
  AttestSourceRow s = { 0 };
  const char *doc_uuid;
  gint64 *doc_id = NULL;
  gint64 their_doc_id;
  g_autofree char *ours = NULL;
  sqlite3_stmt *stmt;
  gint64 exists;

  if (!_attest_merge_text_column (row, 0, "A source's id", ATTEST_RULES_LINE, &s.uuid, error) ||
      !_attest_merge_text_column (row, 1, "A source's document", ATTEST_RULES_LINE, &doc_uuid, error) ||
      !_attest_merge_text_column (row, 2, "A source's outlet", ATTEST_RULES_TEXT, &s.outlet, error) ||
      !_attest_merge_text_column (row, 3, "A source's place", ATTEST_RULES_TEXT, &s.place, error) ||
      !_attest_merge_text_column (row, 4, "A source's date", ATTEST_RULES_TEXT, &s.date_text, error) ||
      !_attest_merge_text_column (row, 5, "A source's date", ATTEST_RULES_LINE, &s.when, error) ||
      !_attest_merge_text_column (row, 6, "A source's address", ATTEST_RULES_LINE, &s.url, error) ||
      !_attest_merge_text_column (row, 7, "A source's title", ATTEST_RULES_TEXT, &s.title, error) ||
      !_attest_merge_text_column (row, 8, "A source's reliability", ATTEST_RULES_TEXT, &s.reliability, error) ||
      !_attest_merge_text_column (row, 9, "When a source was recorded", ATTEST_RULES_LINE, &s.created, error) ||
      !_attest_merge_int_column (row, 10, "A source's document", TRUE, &their_doc_id, error) ||
      !attest_rules_check_source (&s, error) || !_attest_merge_first_time (m, "source", s.uuid, error))
    return FALSE;
  if (their_doc_id >= 0 && (doc_uuid == NULL || !(doc_id = _attest_merge_our_document (m, doc_uuid, error))))
    return _attest_merge_dangling ("The source", s.uuid, error);
  if (m->check_only)
    return TRUE;

  if ((exists = _attest_merge_our_id (m, "SELECT id FROM sources WHERE uuid = ?", s.uuid, error)) < 0)
    return FALSE;
  if (exists)
    {
      gint64 owner;

      /* The same source must belong to the same article on both sides. */
      if ((owner = _attest_merge_our_id (m, "SELECT coalesce (document_id, 0) FROM sources WHERE uuid = ?", s.uuid, error)) < 0)
        return FALSE;
      if (owner != (doc_id ? *doc_id : 0))
        {
          g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID,
                       _("the source %s belongs to another article in this database"), s.uuid);
          return FALSE;
        }
      g_hash_table_insert (m->source_map, g_strdup (s.uuid), g_strdup (s.uuid));
      return TRUE;
    }

  /* An attribution both sides scanned from the same article. */
  if (doc_id && s.url == NULL)
    {
      int rc;

      if (!(stmt = _attest_store_prepare (m->self, m->adopt ? same_unclaimed_sql : same_sql, error)))
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, *doc_id);
      _attest_store_bind_text (stmt, 2, s.outlet);
      _attest_store_bind_text (stmt, 3, s.place);
      _attest_store_bind_text (stmt, 4, s.date_text);
      /* Adopting: only a row of ours that is not one of theirs already (a
       * member who added the same report twice has two, and both stay). */
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW && ours == NULL)
        {
          const char *candidate = (const char *) sqlite3_column_text (stmt, 0);
          gint64 theirs_too = 0;

          if (m->adopt && (theirs_too = _attest_merge_other_id (m, "SELECT id FROM sources WHERE uuid = ?",
                                                                 candidate, error)) < 0)
            {
              sqlite3_reset (stmt);
              return FALSE;
            }
          if (theirs_too == 0)
            ours = g_strdup (candidate);
        }
      sqlite3_reset (stmt);
      if (ours)
        {
          if (m->adopt)
            {
              if (!adopt_id (m, "sources", ours, s.uuid, error))
                return FALSE;
              g_hash_table_insert (m->source_map, g_strdup (s.uuid), g_strdup (s.uuid));
              return TRUE;
            }
          g_hash_table_insert (m->source_map, g_strdup (s.uuid), g_steal_pointer (&ours));
          return TRUE;
        }
    }

  if (!_attest_store_insert_source (m->self, &(AttestSourceRecord) {
      .uuid = s.uuid, .document_id = doc_id ? *doc_id : 0, .outlet = s.outlet, .place = s.place,
      .date_text = s.date_text, .date_when = s.when, .url = s.url, .title = s.title,
      .reliability = s.reliability, .created = s.created,
    }, _("merging a source"), NULL, error))
    return FALSE;
  g_hash_table_insert (m->source_map, g_strdup (s.uuid), g_strdup (s.uuid));
  m->report->sources_added++;
  return TRUE;
}


gboolean
_attest_merge_citation (sqlite3_stmt *row,
                gpointer      data,
                GError      **error)
{
  /* Their source, when the citation is to be added. */
  static const char source_sql[] =
    "SELECT s.id FROM sources s WHERE s.uuid = ?3"
    " AND NOT EXISTS (SELECT 1 FROM citations WHERE uuid = ?1)"
    /* Removed here: it stays removed. */
    " AND NOT EXISTS (SELECT 1 FROM citation_tombstones b WHERE b.uuid = ?1 OR (b.document_id = ?2"
    "  AND b.start = ?4 AND b.\"end\" = ?5 AND b.outlet IS s.outlet))"
    " AND NOT EXISTS (SELECT 1 FROM citations c WHERE c.document_id = ?2 AND c.source_id = s.id"
    "  AND c.start = ?4)";
  Merge *m = data;
  g_autoptr(AttestCitation) c = attest_citation_new ();
  const char *uuid, *doc_uuid, *source_uuid, *text;
  gint64 closes;
  gint64 *doc_id;
  const char *mapped;
  sqlite3_stmt *stmt;
  gint64 source_id;

  if (!_attest_merge_text_column (row, 0, "An attribution's id", ATTEST_RULES_LINE, &uuid, error) ||
      !_attest_merge_text_column (row, 1, "An attribution's document", ATTEST_RULES_LINE, &doc_uuid, error) ||
      !_attest_merge_text_column (row, 2, "An attribution's source", ATTEST_RULES_LINE, &source_uuid, error) ||
      !_attest_merge_int_column (row, 3, "Where an attribution starts", FALSE, &c->start, error) ||
      !_attest_merge_int_column (row, 4, "Where an attribution ends", FALSE, &c->end, error) ||
      !_attest_merge_text_column (row, 5, "An attribution's text", ATTEST_RULES_TEXT, &text, error) ||
      !_attest_merge_flag_column (row, 6, "Whether an attribution closes its paragraph", &closes, error) ||
      !_attest_merge_int_column (row, 7, "Where an attribution's paragraph starts", FALSE, &c->paragraph_start, error) ||
      !_attest_merge_int_column (row, 9, "Where the text an attribution covers starts", FALSE, &c->cover_start, error) ||
      !_attest_merge_int_column (row, 10, "Where the text an attribution covers ends", FALSE, &c->cover_end, error))
    return FALSE;
  if (!attest_citation_kind_from_string ((const char *) sqlite3_column_text (row, 8), &c->kind))
    return g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID,
                        _("The attribution %s was found in a way this version does not know (“%s”)"),
                        uuid, (const char *) sqlite3_column_text (row, 8)), FALSE;
  if (doc_uuid == NULL || source_uuid == NULL ||
      !(doc_id = _attest_merge_our_document (m, doc_uuid, error)) ||
      !(mapped = _attest_merge_our_source (m, source_uuid, error)))
    return _attest_merge_dangling ("The attribution", uuid, error);
  c->uuid = g_strdup (uuid);
  c->text = g_strdup (text);
  if (!_attest_merge_first_time (m, "attribution", uuid, error) ||
      !_attest_merge_load_their_document (m, doc_uuid, error) ||
      !attest_rules_check_citation (c, m->doc, _attest_merge_text_at (m, c->start), error))
    return FALSE;
  if (m->check_only)
    return TRUE;

  if (!(stmt = _attest_store_prepare (m->self, source_sql, error)))
    return FALSE;
  _attest_store_bind_text (stmt, 1, c->uuid);
  sqlite3_bind_int64 (stmt, 2, *doc_id);
  _attest_store_bind_text (stmt, 3, mapped);
  sqlite3_bind_int64 (stmt, 4, c->start);
  sqlite3_bind_int64 (stmt, 5, c->end);
  if (!_attest_store_query_id (m->self, stmt, &source_id, _("merging a citation"), error))
    return FALSE;
  if (source_id == 0)
    {
      /* Ours, scanned from the same article, at the same place: theirs. */
      if (m->adopt)
        {
          static const char same_sql[] =
            "SELECT c.uuid FROM citations c JOIN sources s ON s.id = c.source_id"
            " WHERE c.document_id = ?1 AND s.uuid = ?2 AND c.start = ?3 AND c.uuid <> ?4";
          g_autofree char *ours = NULL;
          sqlite3_stmt *q;

          if (!(q = _attest_store_prepare (m->self, same_sql, error)))
            return FALSE;
          sqlite3_bind_int64 (q, 1, *doc_id);
          _attest_store_bind_text (q, 2, mapped);
          sqlite3_bind_int64 (q, 3, c->start);
          _attest_store_bind_text (q, 4, c->uuid);
          if (sqlite3_step (q) == SQLITE_ROW)
            ours = _attest_store_column_dup (q, 0);
          sqlite3_reset (q);
          if (ours && !adopt_id (m, "citations", ours, c->uuid, error))
            return FALSE;
        }
      return TRUE;
    }
  return _attest_store_insert_citation (m->self, &(AttestCitationRecord) {
      .uuid = c->uuid, .document_id = *doc_id, .source_id = source_id, .start = c->start,
      .end = c->end, .text = c->text, .closes_paragraph = closes,
      .paragraph_start = c->paragraph_start, .kind = attest_citation_kind_to_string (c->kind),
      .cover_start = c->cover_start, .cover_end = c->cover_end,
    }, _("merging a citation"), error);
}

/* A citation they removed: removed here too, with its tombstone. */
gboolean
_attest_merge_tombstone (sqlite3_stmt *row,
                 gpointer      data,
                 GError      **error)
{
  static const char sources_sql[] =
    "SELECT t.source_id FROM citations t JOIN sources s ON s.id = t.source_id"
    " WHERE t.document_id = ?2 AND (t.uuid = ?1 OR (t.start = ?3 AND t.\"end\" = ?4 AND s.outlet IS ?5))";
  static const char delete_sql[] =
    "DELETE FROM citations WHERE document_id = ?2 AND (uuid = ?1 OR (start = ?3 AND \"end\" = ?4"
    " AND source_id IN (SELECT id FROM sources WHERE outlet IS ?5)))";
  static const char orphan_sql[] =
    "DELETE FROM sources WHERE id = ?1 AND document_id IS NOT NULL"
    " AND NOT EXISTS (SELECT 1 FROM citations WHERE source_id = ?1)"
    " AND NOT EXISTS (SELECT 1 FROM claim_sources WHERE source_id = ?1)";
  Merge *m = data;
  g_autoptr(GArray) sources = g_array_new (FALSE, FALSE, sizeof (gint64));
  const char *uuid, *doc_uuid, *source_uuid, *text, *outlet, *kind, *removed;
  gint64 start, end, cover_start, cover_end, closes, paragraph_start;
  AttestCitationKind parsed;
  gint64 *doc_id;
  sqlite3_stmt *stmt;

  if (!_attest_merge_text_column (row, 0, "A removed attribution's id", ATTEST_RULES_LINE, &uuid, error) ||
      !_attest_merge_text_column (row, 1, "A removed attribution's document", ATTEST_RULES_LINE, &doc_uuid, error) ||
      !_attest_merge_text_column (row, 2, "A removed attribution's source", ATTEST_RULES_LINE, &source_uuid, error) ||
      !_attest_merge_int_column (row, 3, "Where a removed attribution starts", FALSE, &start, error) ||
      !_attest_merge_int_column (row, 4, "Where a removed attribution ends", FALSE, &end, error) ||
      !_attest_merge_text_column (row, 5, "A removed attribution's text", ATTEST_RULES_TEXT, &text, error) ||
      !_attest_merge_text_column (row, 6, "A removed attribution's outlet", ATTEST_RULES_LINE, &outlet, error) ||
      !_attest_merge_text_column (row, 7, "How a removed attribution was found", ATTEST_RULES_LINE, &kind, error) ||
      !_attest_merge_int_column (row, 8, "Where a removed attribution's cover starts", FALSE, &cover_start, error) ||
      !_attest_merge_int_column (row, 9, "Where a removed attribution's cover ends", FALSE, &cover_end, error) ||
      !_attest_merge_flag_column (row, 10, "Whether a removed attribution closed its paragraph", &closes, error) ||
      !_attest_merge_int_column (row, 11, "Where a removed attribution's paragraph starts", FALSE, &paragraph_start, error) ||
      !_attest_merge_text_column (row, 12, "When an attribution was removed", ATTEST_RULES_LINE, &removed, error))
    return FALSE;
  if (uuid == NULL || doc_uuid == NULL || source_uuid == NULL || text == NULL || kind == NULL ||
      removed == NULL || !(doc_id = _attest_merge_our_document (m, doc_uuid, error)))
    return _attest_merge_dangling ("The removed attribution", uuid, error);
  if (!attest_rules_is_uuid (uuid) || !attest_citation_kind_from_string (kind, &parsed) ||
      !attest_rules_is_timestamp (removed) || start >= end || cover_start > cover_end)
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID,
                   _("The removed attribution %s is not one Attest writes"), uuid);
      return FALSE;
    }
  if (m->check_only)
    return TRUE;

  /* Ours that match: by id, or the same place and outlet found apart. */
  if (!(stmt = _attest_store_prepare (m->self, sources_sql, error)))
    return FALSE;
  _attest_store_bind_text (stmt, 1, uuid);
  sqlite3_bind_int64 (stmt, 2, *doc_id);
  sqlite3_bind_int64 (stmt, 3, start);
  sqlite3_bind_int64 (stmt, 4, end);
  _attest_store_bind_text (stmt, 5, outlet);
  if (!_attest_store_each_row (m->self, stmt, _attest_store_row_add_id, sources, _("merging"), error))
    return FALSE;

  if (!(stmt = _attest_store_prepare (m->self, delete_sql, error)))
    return FALSE;
  _attest_store_bind_text (stmt, 1, uuid);
  sqlite3_bind_int64 (stmt, 2, *doc_id);
  sqlite3_bind_int64 (stmt, 3, start);
  sqlite3_bind_int64 (stmt, 4, end);
  _attest_store_bind_text (stmt, 5, outlet);
  if (!_attest_store_step_done (m->self, stmt, _("merging a removed citation"), error))
    return FALSE;
  for (guint i = 0; i < sources->len; i++)
    {
      if (!(stmt = _attest_store_prepare (m->self, orphan_sql, error)))
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, g_array_index (sources, gint64, i));
      if (!_attest_store_step_done (m->self, stmt, _("merging a removed citation"), error))
        return FALSE;
    }

  return _attest_store_insert_tombstone (m->self, &(AttestTombstoneRecord) {
      .uuid = uuid, .document_id = *doc_id, .source_uuid = source_uuid, .start = start,
      .end = end, .text = text, .outlet = outlet, .kind = kind, .cover_start = &cover_start,
      .cover_end = &cover_end, .closes_paragraph = closes, .paragraph_start = paragraph_start,
      .removed = removed,
    }, ATTEST_TOMBSTONE_KEEP_EXISTING, _("merging a removed citation"), error);
}

/* An outlet or variant they added: added here; a name both gave to
 * different outlets is a conflict, ours kept. */
gboolean
_attest_merge_outlet (sqlite3_stmt *row,
              gpointer      data,
              GError      **error)
{
  static const char ours_sql[] = "SELECT canonical FROM outlets WHERE name = ?";
  Merge *m = data;
  const char *name, *canonical, *annotator, *created;
  g_autofree char *ours = NULL;
  sqlite3_stmt *stmt;
  int rc;

  if (!_attest_merge_text_column (row, 0, "An outlet's name", ATTEST_RULES_LINE, &name, error) ||
      !_attest_merge_text_column (row, 1, "An outlet", ATTEST_RULES_LINE, &canonical, error) ||
      !_attest_merge_text_column (row, 2, "Who added an outlet", ATTEST_RULES_LINE, &annotator, error) ||
      !_attest_merge_text_column (row, 3, "When an outlet was added", ATTEST_RULES_LINE, &created, error))
    return FALSE;
  if (name == NULL || *name == '\0' || canonical == NULL || *canonical == '\0' || annotator == NULL ||
      created == NULL || !attest_rules_is_timestamp (created))
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID,
                   _("An outlet “%s” is not one Attest writes"), name ? name : "");
      return FALSE;
    }
  if (m->check_only)
    return TRUE;

  if (!(stmt = _attest_store_prepare (m->self, ours_sql, error)))
    return FALSE;
  _attest_store_bind_text (stmt, 1, name);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    ours = _attest_store_column_dup (stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return _attest_store_set_sqlite_error (m->self, error, rc, _("merging"));

  if (ours != NULL)
    {
      g_autofree char *id = _attest_store_outlet_history_id (name);
      const char *values[] = { id, ours, canonical };
      sqlite3_stmt *seen;

      if (g_str_equal (ours, canonical))
        return TRUE;
      /* Told once: merging the same copy again says nothing new. */
      if (!(seen = _attest_store_prepare (m->self,
                                          "SELECT 1 FROM history WHERE action = 'conflict' AND entity = 'outlet'"
                                          " AND entity_uuid = ?1 AND old_value IS ?2 AND new_value IS ?3", error)))
        return FALSE;
      for (guint i = 0; i < 3; i++)
        _attest_store_bind_text (seen, i + 1, values[i]);
      rc = sqlite3_step (seen);
      sqlite3_reset (seen);
      if (rc == SQLITE_ROW)
        return TRUE;
      if (rc != SQLITE_DONE)
        return _attest_store_set_sqlite_error (m->self, error, rc, _("merging"));
      return _attest_merge_record_conflict (m, "outlet", id, name, ours, canonical, error);
    }

  /* Not here (the lookup above compares as the table does, ignoring
   * case): the insert adds it. */
  return _attest_store_insert_outlet (m->self, name, canonical, annotator, created,
                                      _("merging an outlet"), error);
}

/* ----------------------------------------------- annotators, categories */

gboolean
_attest_merge_annotator (sqlite3_stmt *row,
                 gpointer      data,
                 GError      **error)
{
  Merge *m = data;
  AttestPersonRow person;

  if (!_attest_merge_text_column (row, 0, "An annotator's id", ATTEST_RULES_LINE, &person.uuid, error) ||
      !_attest_merge_text_column (row, 1, "An annotator's name", ATTEST_RULES_LINE, &person.name, error) ||
      !attest_rules_check_annotator (&person, error) ||
      !_attest_merge_first_time (m, "annotator", person.uuid, error) || !_attest_merge_first_time (m, "annotator named", person.name, error))
    return FALSE;
  if (m->check_only)
    return TRUE;
  {
    static const char name_sql[] = "SELECT name FROM annotators WHERE uuid = ?";
    sqlite3_stmt *stmt = _attest_store_prepare (m->self, name_sql, error);
    g_autofree char *ours = NULL;
    int rc;

    if (stmt == NULL)
      return FALSE;
    _attest_store_bind_text (stmt, 1, person.uuid);
    if ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
      ours = _attest_store_column_dup (stmt, 0);
    sqlite3_reset (stmt);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
      return _attest_store_set_sqlite_error (m->self, error, rc, _("merging"));
    /* Nobody is renamed in Attest: one id with two names is an altered copy. */
    if (ours != NULL && strcmp (ours, person.name) != 0)
      {
        g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID,
                     _("the annotator %s is “%s” in it and “%s” here"), person.uuid, person.name, ours);
        return FALSE;
      }
  }

  /* Names identify people across copies; keep the first uuid seen (a
   * replica takes the team's). */
  if (m->adopt)
    {
      const char *values[] = { person.name, person.uuid };

      if (!_attest_merge_run (m, "UPDATE annotators SET uuid = ?2 WHERE name = ?1 AND uuid <> ?2", values, 2, error))
        return FALSE;
    }
  return _attest_store_insert_annotator (m->self, person.uuid, person.name, TRUE, _("merging"), error);
}

static const char * const category_fields[] = {
  "label", "description", "color", "shortcut", "parent", "retired",
};
static const char * const category_columns[] = {
  "label", "description", "color", "shortcut", "parent_key", "retired",
};

gboolean
_attest_merge_category (sqlite3_stmt *row,
                gpointer      data,
                GError      **error)
{
  Merge *m = data;
  g_autoptr(AttestCategory) category = attest_category_new ();
  g_autoptr(GHashTable) theirs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) ours = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(AttestCategory) mine = NULL;
  g_autofree char *shortcut = NULL;
  const char *key, *label, *description, *color, *parent, *modified;
  const char *their_values[G_N_ELEMENTS (category_fields)];
  gint64 digit, retired;
  gint64 exists;
  gboolean changed = FALSE;
  g_autoptr(GPtrArray) taxonomy = NULL;
  const AttestCategory *same_label = NULL;

  if (!_attest_merge_text_column (row, 0, "A category's key", ATTEST_RULES_LINE, &key, error) ||
      !_attest_merge_text_column (row, 1, "A category's label", ATTEST_RULES_TEXT, &label, error) ||
      !_attest_merge_text_column (row, 2, "A category's description", ATTEST_RULES_TEXT, &description, error) ||
      !_attest_merge_text_column (row, 3, "A category's colour", ATTEST_RULES_LINE, &color, error) ||
      !_attest_merge_int_column (row, 4, "A category's shortcut", TRUE, &digit, error) ||
      !_attest_merge_text_column (row, 5, "A category's parent", ATTEST_RULES_LINE, &parent, error) ||
      !_attest_merge_flag_column (row, 6, "Whether a category is retired", &retired, error) ||
      !_attest_merge_text_column (row, 7, "When a category changed", ATTEST_RULES_LINE, &modified, error))
    return FALSE;
  category->key = g_strdup (key);
  category->label = g_strdup (label);
  category->description = g_strdup (description);
  category->color = g_strdup (color);
  category->shortcut = (int) CLAMP (digit, -1000, 1000);
  category->parent_key = g_strdup (parent);
  category->retired = retired;
  if (!attest_rules_check_category (category, error) || !_attest_merge_first_time (m, "category", key, error))
    return FALSE;
  if (!attest_rules_is_timestamp (modified))
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID,
                   _("The category %s does not say when it changed"), key);
      return FALSE;
    }
  /* Alone, a category of their copy is checked against its taxonomy. */
  if (m->check_only)
    return (taxonomy = attest_store_list_categories (m->other, TRUE, error)) != NULL &&
           attest_rules_check_parent (taxonomy, key, parent, error);

  /* Compared and written as text, as our own values are read below. */
  shortcut = digit >= 0 ? g_strdup_printf ("%d", (int) digit) : NULL;
  their_values[0] = label;
  their_values[1] = description;
  their_values[2] = color;
  their_values[3] = shortcut;
  their_values[4] = parent;
  their_values[5] = retired ? "1" : "0";

  if ((exists = _attest_merge_our_id (m, "SELECT id FROM categories WHERE key = ?", key, error)) < 0)
    return FALSE;
  if (exists == 0)
    {
      gint64 parent_id = 0;

      /* Parents come first (see the query): one neither copy has is a
       * _attest_merge_dangling reference. */
      if (parent != NULL &&
          (parent_id = _attest_merge_our_id (m, "SELECT id FROM categories WHERE key = ?", parent, error)) <= 0)
        {
          if (parent_id == 0)
            g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID,
                         _("the category %s has the parent %s, which neither copy has"), key, parent);
          return FALSE;
        }

      if (!retired && !(taxonomy = attest_store_list_categories (m->self, TRUE, error)))
        return FALSE;
      if (!_attest_store_insert_category (m->self, &(AttestCategoryRecord) {
            .key = key, .label = label, .description = description, .color = color,
            .shortcut = digit >= 0 ? digit : -1, .parent_key = parent, .retired = retired != 0,
            .position = -1, .modified = modified,
          }, _("merging"), NULL, error))
        return FALSE;
      m->report->categories_added++;
      /* Two people named a new category alike under two keys. Keys are
       * what claims point to, so theirs is kept (failing the merge would
       * hold back all their work); the clash is reported as a conflict of
       * its label, ours being the label it clashes with, for the team to
       * rename one. */
      if (taxonomy != NULL && (same_label = attest_rules_find_label (taxonomy, key, label)) &&
          !_attest_merge_record_conflict (m, "category", key, "label", same_label->label, label, error))
        return FALSE;
      return TRUE;
    }

  if (!_attest_merge_changed_fields (m, m->other, m->our_history, key, theirs, error) ||
      !_attest_merge_changed_fields (m, m->self, m->their_history, key, ours, error) ||
      !(mine = attest_store_get_category (m->self, key, error)))
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (category_fields); i++)
    {
      const char *their_value = their_values[i];
      g_autofree char *sql = NULL;
      g_autofree char *our_value = NULL;
      sqlite3_stmt *stmt;
      int rc;

      if (!g_hash_table_contains (theirs, category_fields[i]))
        continue;

      /* The column name is ours, from the table above. */
      sql = g_strdup_printf ("SELECT CAST (%s AS TEXT) FROM categories WHERE key = ?", category_columns[i]);
      if (sqlite3_prepare_v2 (m->self->db, sql, -1, &stmt, NULL) != SQLITE_OK)
        return _attest_store_set_sqlite_error (m->self, error, sqlite3_errcode (m->self->db), _("merging"));
      _attest_store_bind_text (stmt, 1, key);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        our_value = _attest_store_column_dup (stmt, 0);
      sqlite3_finalize (stmt);

      if (g_strcmp0 (our_value, their_value) == 0)
        continue;
      if (g_hash_table_contains (ours, category_fields[i]))
        {
          if (!_attest_merge_record_conflict (m, "category", key, category_fields[i], our_value, their_value, error))
            return FALSE;
          continue;
        }

      /* Their parent or name, fine in their copy, can clash with our
       * edits: with our parents it could close a cycle (training under
       * debt-deal here, debt-deal under training there); with our names
       * make two categories of one name. Ours is kept and the clash
       * reported, as when both changed the field. */
      if (i == 0 || i == 4)
        {
          g_autoptr(GError) clash = NULL;

          g_clear_pointer (&taxonomy, g_ptr_array_unref);
          if (!(taxonomy = attest_store_list_categories (m->self, TRUE, error)))
            return FALSE;
          if ((i == 4 && !attest_rules_check_parent (taxonomy, key, their_value, &clash)) ||
              (i == 0 && !mine->retired && !attest_rules_check_label_unique (taxonomy, key, their_value, &clash)))
            {
              if (!_attest_merge_record_conflict (m, "category", key, category_fields[i], our_value, their_value, error))
                return FALSE;
              continue;
            }
        }

      g_free (sql);
      sql = g_strdup_printf ("UPDATE categories SET %s = ?2, version = version + 1, modified = ?3"
                             " WHERE key = ?1", category_columns[i]);
      if (sqlite3_prepare_v2 (m->self->db, sql, -1, &stmt, NULL) != SQLITE_OK)
        return _attest_store_set_sqlite_error (m->self, error, sqlite3_errcode (m->self->db), _("merging"));
      _attest_store_bind_text (stmt, 1, key);
      _attest_store_bind_text (stmt, 2, their_value);
      _attest_store_bind_text (stmt, 3, m->now);
      rc = sqlite3_step (stmt);
      sqlite3_finalize (stmt);
      if (rc != SQLITE_DONE)
        return _attest_store_set_sqlite_error (m->self, error, rc, _("merging a category"));
      changed = TRUE;
    }

  if (changed)
    m->report->categories_updated++;
  return TRUE;
}

/* ---------------------------------------------------------------- claims */

static const char * const claim_fields[] = { "category", "status", "certainty", "comment", "deleted" };

/* Their edits of a claim deleted here that a restored copy of it already
 * carries (the copy holds each under an id derived from the edit's, here
 * or in their copy): those need no decision, the copy has them. */
static gboolean
edits_carried (Merge      *m,
               const char *uuid,
               gboolean   *out_carried,
               GError    **error)
{
  static const char sql[] =
    "SELECT uuid FROM history WHERE entity = 'claim' AND entity_uuid = ?"
    " AND action IN ('update', 'link', 'unlink')";
  g_autofree char *copy = _attest_store_restored_uuid (uuid);
  sqlite3_stmt *stmt;
  gboolean carried = TRUE;
  guint unseen = 0;
  int rc;

  if (!(stmt = _attest_store_prepare (m->other, sql, error)))
    return FALSE;
  _attest_store_bind_text (stmt, 1, uuid);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *entry = (const char *) sqlite3_column_text (stmt, 0);
      g_autofree char *derived = NULL;

      if (g_hash_table_contains (m->our_history, entry))
        continue;
      unseen++;
      derived = _attest_store_restored_entry_uuid (entry, copy);
      if (!g_hash_table_contains (m->our_history, derived))
        {
          int known = _attest_merge_they_know (m, derived, error);

          if (known < 0)
            {
              sqlite3_reset (stmt);
              return FALSE;
            }
          carried = carried && known;
        }
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _attest_store_set_sqlite_error (m->other, error, rc, _("merging a claim"));
  *out_carried = unseen > 0 && carried;
  return TRUE;
}

gboolean
_attest_merge_claim (sqlite3_stmt *row,
             gpointer      data,
             GError      **error)
{
  static const char ours_sql[] =
    "SELECT k.key, c.status, c.certainty, c.comment, CAST (c.deleted AS TEXT), c.version,"
    " c.document_id, c.start, c.\"end\""
    " FROM claims c JOIN categories k ON k.id = c.category_id WHERE c.uuid = ?";
  Merge *m = data;
  AttestClaimRow c = { 0 };
  const char *doc_uuid;
  gboolean deleted_here;
  gboolean told = FALSE;
  gint64 deleted;
  gint64 *doc_id;
  g_autoptr(GHashTable) theirs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) ours = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  const char *their_values[G_N_ELEMENTS (claim_fields)];
  char *our_values[G_N_ELEMENTS (claim_fields)] = { NULL };
  const char *uuid;
  sqlite3_stmt *stmt;
  gint64 our_version = 0;
  gboolean found = FALSE;
  gboolean same_span = TRUE;
  gboolean changed = FALSE;
  gboolean ok = FALSE;
  int rc;

  if (!_attest_merge_text_column (row, 0, "A claim's id", ATTEST_RULES_LINE, &c.uuid, error) ||
      !_attest_merge_text_column (row, 1, "A claim's document", ATTEST_RULES_LINE, &doc_uuid, error) ||
      !_attest_merge_int_column (row, 2, "Where a claim starts", FALSE, &c.start, error) ||
      !_attest_merge_int_column (row, 3, "Where a claim ends", FALSE, &c.end, error) ||
      !_attest_merge_text_column (row, 4, "A claim's quote", ATTEST_RULES_TEXT, &c.quote, error) ||
      !_attest_merge_text_column (row, 5, "A claim's category", ATTEST_RULES_LINE, &c.category, error) ||
      !_attest_merge_text_column (row, 6, "A claim's status", ATTEST_RULES_LINE, &c.status, error) ||
      !_attest_merge_text_column (row, 7, "A claim's certainty", ATTEST_RULES_LINE, &c.certainty, error) ||
      !_attest_merge_text_column (row, 8, "A claim's comment", ATTEST_RULES_TEXT, &c.comment, error) ||
      !_attest_merge_flag_column (row, 9, "Whether a claim is deleted", &deleted, error) ||
      !_attest_merge_text_column (row, 10, "A claim's annotator", ATTEST_RULES_LINE, &c.annotator, error) ||
      !_attest_merge_text_column (row, 11, "When a claim was made", ATTEST_RULES_LINE, &c.created, error) ||
      !_attest_merge_text_column (row, 12, "When a claim changed", ATTEST_RULES_LINE, &c.modified, error) ||
      !_attest_merge_int_column (row, 13, "A claim's version", FALSE, &c.version, error))
    return FALSE;
  uuid = c.uuid;
  if (doc_uuid == NULL || c.category == NULL || c.annotator == NULL ||
      !(doc_id = _attest_merge_our_document (m, doc_uuid, error)))
    return _attest_merge_dangling ("The claim", uuid, error);
  if (!_attest_merge_first_time (m, "claim", uuid, error) ||
      !_attest_merge_load_their_document (m, doc_uuid, error) ||
      !attest_rules_check_claim (&c, m->doc, _attest_merge_text_at (m, c.start), error))
    return FALSE;
  if (m->check_only)
    return TRUE;

  their_values[0] = c.category;
  their_values[1] = c.status;
  their_values[2] = c.certainty;
  their_values[3] = c.comment;
  their_values[4] = deleted ? "1" : "0";

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
      /* A claim's article and span never change: the same id elsewhere is
       * an altered copy, not an edit. */
      same_span = sqlite3_column_int64 (stmt, 6) == *doc_id && sqlite3_column_int64 (stmt, 7) == c.start &&
                  sqlite3_column_int64 (stmt, 8) == c.end;
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return _attest_store_set_sqlite_error (m->self, error, rc, _("merging a claim"));
  if (found && !same_span)
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID,
                   _("the claim %s marks another passage (or article) here"), uuid);
      goto out;
    }

  if (!found)
    {
      /* Their new claim (or their tombstone of one we never saw). */
      AttestClaimRecord record = {
        .uuid = uuid, .document_id = *doc_id, .start = c.start, .end = c.end,
        .quote = c.quote, .created = c.created, .modified = c.modified, .status = c.status,
        .certainty = c.certainty, .comment = c.comment, .version = c.version,
        .deleted = deleted != 0,
      };

      if (!_attest_store_category_id_by_key (m->self, c.category, &record.category_id, error) ||
          !_attest_store_annotator_id_by_name (m->self, c.annotator, &record.annotator_id, error) ||
          !_attest_store_insert_claim (m->self, &record, _("merging a claim"), NULL, error))
        return FALSE;
      m->report->claims_added++;
      return TRUE;
    }

  if (!_attest_merge_changed_fields (m, m->other, m->our_history, uuid, theirs, error) ||
      !_attest_merge_changed_fields (m, m->self, m->their_history, uuid, ours, error))
    goto out;

  deleted_here = g_strcmp0 (our_values[G_N_ELEMENTS (claim_fields) - 1], "1") == 0;
  for (guint i = 0; i < G_N_ELEMENTS (claim_fields); i++)
    {
      const char *field = claim_fields[i];

      if (!g_hash_table_contains (theirs, field) || g_strcmp0 (our_values[i], their_values[i]) == 0)
        continue;

      /* A deletion on either side stands: never resurrect a claim. */
      if (g_str_equal (field, "deleted") && g_strcmp0 (our_values[i], "1") == 0)
        continue;
      /* Deleted here, edited there: the claim stays deleted and the user
       * is told, once. Their edit goes into the tombstone, so that settling
       * the conflict their way brings back their version. */
      if (deleted_here)
        {
          gboolean carried = FALSE;

          if (!told && !edits_carried (m, uuid, &carried, error))
            goto out;
          if (!told && !carried && !_attest_merge_record_conflict (m, "claim", uuid, "deleted", "1", "0", error))
            goto out;
          told = TRUE;
        }
      else if (g_hash_table_contains (ours, field) && !g_str_equal (field, "deleted"))
        {
          if (!_attest_merge_record_conflict (m, "claim", uuid, field, our_values[i], their_values[i], error))
            goto out;
          continue;
        }
      if (g_str_equal (field, "deleted") && g_hash_table_size (ours) > 0)
        {
          /* Edited here, deleted there: the deletion wins, and says so. */
          if (!_attest_merge_record_conflict (m, "claim", uuid, "deleted", "0", "1", error))
            goto out;
        }

      {
        g_autofree char *sql = NULL;
        const char *column = g_str_equal (field, "category") ? "category_id" : field;
        const char *expr = g_str_equal (field, "category") ? "(SELECT id FROM categories WHERE key = ?2)" : "?2";

        sql = g_strdup_printf ("UPDATE claims SET %s = %s WHERE uuid = ?1", column, expr);
        if (sqlite3_prepare_v2 (m->self->db, sql, -1, &stmt, NULL) != SQLITE_OK)
          {
            _attest_store_set_sqlite_error (m->self, error, sqlite3_errcode (m->self->db), _("merging"));
            goto out;
          }
        _attest_store_bind_text (stmt, 1, uuid);
        _attest_store_bind_text (stmt, 2, their_values[i]);
        rc = sqlite3_step (stmt);
        sqlite3_finalize (stmt);
        if (rc != SQLITE_DONE)
          {
            _attest_store_set_sqlite_error (m->self, error, rc, _("merging a claim"));
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
      gint64 next = MAX (our_version, c.version) + 1;
      g_autofree char *version = g_strdup_printf ("%" G_GINT64_FORMAT, next);
      const char *values[] = { uuid, version, m->now };

      if (!_attest_merge_run (m, "UPDATE claims SET version = CAST (?2 AS INTEGER), modified = ?3 WHERE uuid = ?1",
                values, 3, error))
        goto out;
      /* Their edit of a claim deleted here went into its tombstone only. */
      if (!deleted_here)
        m->report->claims_updated++;
    }
  ok = TRUE;

out:
  for (guint i = 0; i < G_N_ELEMENTS (claim_fields); i++)
    g_free (our_values[i]);
  return ok;
}

/* ----------------------------------------------------------------- links */

typedef struct {
  GHashTable *known;
  gboolean   *out;
} Unseen;

static gboolean
note_unseen (sqlite3_stmt *stmt,
             gpointer      data,
             GError      **error)
{
  Unseen *u = data;

  if (!g_hash_table_contains (u->known, sqlite3_column_text (stmt, 0)))
    *u->out = TRUE;
  return TRUE;
}

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

  *out = FALSE;
  if (stmt == NULL)
    return FALSE;
  _attest_store_bind_text (stmt, 1, claim_uuid);
  _attest_store_bind_text (stmt, 2, source_uuid);
  return _attest_store_each_row (store, stmt, note_unseen, &(Unseen) { known, out }, _("merging"), error);
}

gboolean
_attest_merge_link (sqlite3_stmt *row,
            gpointer      data,
            GError      **error)
{
  Merge *m = data;
  const char *claim_uuid, *their_source, *annotator, *created;
  const char *source_uuid;
  gboolean we_unlinked = FALSE;
  gint64 claim_id, source_id, annotator_id;
  int before;

  if (!_attest_merge_text_column (row, 0, "A link's claim", ATTEST_RULES_LINE, &claim_uuid, error) ||
      !_attest_merge_text_column (row, 1, "A link's source", ATTEST_RULES_LINE, &their_source, error) ||
      !_attest_merge_text_column (row, 2, "Who made a link", ATTEST_RULES_LINE, &annotator, error) ||
      !_attest_merge_text_column (row, 3, "When a link was made", ATTEST_RULES_LINE, &created, error))
    return FALSE;
  if (claim_uuid == NULL || their_source == NULL || annotator == NULL ||
      !(source_uuid = _attest_merge_our_source (m, their_source, error)))
    return _attest_merge_dangling ("A link of claim", claim_uuid, error);
  if (!attest_rules_is_timestamp (created))
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID,
                   _("A link of claim %s does not say when it was made"), claim_uuid);
      return FALSE;
    }
  if (m->check_only)
    return TRUE;

  /* We took this link away after they last saw it: it stays away. */
  if (!unlinked_unseen (m, m->self, m->their_history, claim_uuid, source_uuid, &we_unlinked, error))
    return FALSE;
  if (we_unlinked)
    return TRUE;

  /* A claim or source that is not here is not linked. */
  if (!_attest_store_claim_id_by_uuid (m->self, claim_uuid, &claim_id, error) ||
      !_attest_store_source_id_by_uuid (m->self, source_uuid, &source_id, error) ||
      !_attest_store_annotator_id_by_name (m->self, annotator, &annotator_id, error))
    return FALSE;
  before = sqlite3_total_changes (m->self->db);
  if (claim_id != 0 && source_id != 0 &&
      !_attest_store_insert_link (m->self, claim_id, source_id, annotator_id, created, TRUE,
                                  _("merging a link"), error))
    return FALSE;
  if (sqlite3_total_changes (m->self->db) > before)
    m->report->links_added++;
  return TRUE;
}

/* Links we have that they removed after seeing them. */
gboolean
_attest_merge_unlink (sqlite3_stmt *row,
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
  if (!_attest_merge_run (m, "DELETE FROM claim_sources WHERE claim_id = (SELECT id FROM claims WHERE uuid = ?1)"
               " AND source_id = (SELECT id FROM sources WHERE uuid = ?2)", values, 2, error))
    return FALSE;
  if (sqlite3_total_changes (m->self->db) > before)
    m->report->links_removed++;
  return TRUE;
}

/* --------------------------------------------------------------- history */

gboolean
_attest_merge_history (sqlite3_stmt *row,
               gpointer      data,
               GError      **error)
{
  Merge *m = data;
  AttestChangeRow change;

  if (g_hash_table_contains (m->our_history, sqlite3_column_text (row, 0)))
    return TRUE;
  change.uuid = (const char *) sqlite3_column_text (row, 0);
  change.at = (const char *) sqlite3_column_text (row, 1);
  change.annotator = (const char *) sqlite3_column_text (row, 2);
  change.entity = (const char *) sqlite3_column_text (row, 3);
  change.entity_uuid = (const char *) sqlite3_column_text (row, 4);
  change.action = (const char *) sqlite3_column_text (row, 5);
  change.field = (const char *) sqlite3_column_text (row, 6);
  change.old_value = (const char *) sqlite3_column_text (row, 7);
  change.new_value = (const char *) sqlite3_column_text (row, 8);
  m->report->history_added++;
  return _attest_store_insert_history (m->self, &change, _("merging"), error);
}

