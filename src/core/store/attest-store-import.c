/* attest-store-import.c — the store's side of a bulk import: the SQL that
 * writes a whole TEI file back in one BEGIN IMMEDIATE transaction, over the
 * one insert of each table. Part of the AttestStore class (see
 * attest-store-private.h); the export side is attest-store-tei.c.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include <string.h>

#include "attest-citation-scanner.h"
#include "attest-error.h"
#include "attest-store-private.h"

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

/* The page cache of a bulk import, in KiB. */
#define BULK_CACHE_KIB 65536

gboolean
attest_store_bulk_import (AttestStore                *self,
                          AttestStoreTransactionFunc  func,
                          gpointer                    user_data,
                          GError                    **error)
{
  gboolean ok;

  g_return_val_if_fail (ATTEST_IS_STORE (self), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  if (!_attest_store_begin_write (self, _("importing"), error))
    return FALSE;
  /* One transaction of a million rows: with SQLite's 2 MiB page cache it
   * spills pages to the WAL and reads them back all along (a fifth of a
   * TEI import). A larger cache for the import only. */
  sqlite3_exec (self->db, "PRAGMA cache_size = -" G_STRINGIFY (BULK_CACHE_KIB), NULL, NULL, NULL);
  ok = func (self, user_data, error) && _attest_store_sweep_sources (self, error);
  if (!ok)
    _attest_store_rollback_write (self);
  else
    ok = _attest_store_commit_write (self, _("importing"), error);
  sqlite3_exec (self->db, "PRAGMA cache_size = -2000", NULL, NULL, NULL);
  return ok;
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
    return _attest_store_set_sqlite_error (self, error, rc, _("importing"));
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
      !_attest_store_query_id (self, stmt, &any, _("importing"), error))
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
  if (!_attest_store_query_id (self, stmt, &id, _("importing annotators"), error))
    return 0;
  if (id != 0)
    return id;

  if (!(stmt = _attest_store_prepare (self, by_name_sql, error)))
    return 0;
  _attest_store_bind_text (stmt, 1, name);
  if (!_attest_store_query_id (self, stmt, &id, _("importing annotators"), error))
    return 0;
  if (id != 0)
    return id;

  if (!_attest_store_insert_annotator (self, uuid, name, FALSE, _("importing annotators"), error))
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
  return _attest_store_step_done (self, stmt, _("importing the taxonomy"), error);
}

gboolean
attest_store_import_category_look (AttestStore *self,
                                   const char  *key,
                                   const char  *label,
                                   const char  *color,
                                   GError     **error)
{
  static const char sql[] =
    "UPDATE categories SET label = coalesce (?2, label), color = coalesce (?3, color) WHERE key = ?1";
  sqlite3_stmt *stmt;

  if (!check_in_import (self, error) || !(stmt = _attest_store_prepare (self, sql, error)))
    return FALSE;
  _attest_store_bind_text (stmt, 1, key);
  _attest_store_bind_text (stmt, 2, label);
  _attest_store_bind_text (stmt, 3, color);
  return _attest_store_step_done (self, stmt, _("importing the taxonomy"), error);
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
  if (!_attest_store_query_id (self, stmt, &id, _("importing the taxonomy"), error))
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
              !_attest_store_query_id (self, stmt, &position, _("importing the taxonomy"), error))
            return 0;
          if (keep_shortcut && !category->retired)
            {
              if (!(stmt = _attest_store_prepare (self, shortcut_sql, error)))
                return 0;
              sqlite3_bind_int (stmt, 1, category->shortcut);
              if (!_attest_store_query_id (self, stmt, &taken, _("importing the taxonomy"), error))
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
          }, _("importing the taxonomy"), &id, error))
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
  if (!_attest_store_step_done (self, stmt, _("importing the taxonomy"), error))
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
  gboolean added;
  gint64 id;

  if (!check_in_import (self, error) ||
      !_attest_store_insert_new_history (self, row, _("importing the history"), &added, error))
    return FALSE;
  if (added)
    {
      *out_outcome = ATTEST_IMPORT_ADDED;
      return TRUE;
    }

  /* There already: from before the import, or twice in it. */
  if (!(stmt = _attest_store_prepare (self, find_sql, error)))
    return FALSE;
  _attest_store_bind_text (stmt, 1, row->uuid);
  if (!_attest_store_query_id (self, stmt, &id, _("importing the history"), error))
    return FALSE;
  *out_outcome = id > watermark ? ATTEST_IMPORT_REPEATED : ATTEST_IMPORT_EXISTING;
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
      gboolean same = g_strcmp0 (_attest_store_column_text (stmt, 1), document->sha256) == 0;

      id = sqlite3_column_int64 (stmt, 0);
      sqlite3_reset (stmt);
      if (id > watermark)
        *out_outcome = ATTEST_IMPORT_REPEATED;
      else if (!same)
        {
          g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_CONFLICT,
                       _("The document %s is in the database with another text; "
                         "one of the two was altered"), document->uuid);
          return 0;
        }
      else
        *out_outcome = ATTEST_IMPORT_EXISTING;
      return id;
    }
  if (!_attest_store_step_failed (self, stmt, rc, _("importing a document"), error))
    return 0;

  if (!(stmt = _attest_store_prepare (self, by_text_sql, error)))
    return 0;
  _attest_store_bind_text (stmt, 1, document->sha256);
  if (!_attest_store_query_id (self, stmt, &id, _("importing a document"), error))
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
    }, _("importing a document"), NULL, error))
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
                       _("The source %s belongs to another document in the database"), row->uuid);
          return 0;
        }
      else
        *out_outcome = ATTEST_IMPORT_EXISTING;
      return id;
    }
  if (!_attest_store_step_failed (self, stmt, rc, _("importing a source"), error))
    return 0;

  if (match_text && document_id != 0)
    {
      if (!(stmt = _attest_store_prepare (self, by_text_sql, error)))
        return 0;
      sqlite3_bind_int64 (stmt, 1, document_id);
      _attest_store_bind_text (stmt, 2, row->outlet);
      _attest_store_bind_text (stmt, 3, row->place);
      _attest_store_bind_text (stmt, 4, row->date_text);
      if (!_attest_store_query_id (self, stmt, &id, _("importing a source"), error))
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
    }, _("importing a source"), NULL, error))
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
  AttestOutlets *outlets;
  g_autoptr(GPtrArray) scanned = NULL;
  g_autoptr(GHashTable) by_span = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GArray) keys = NULL;

  if (!check_in_import (self, error) || !(outlets = _attest_store_outlets (self, error)))
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
                       _("The attribution %s lies outside its document's text"), r->uuid);
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
            return _attest_store_set_sqlite_error (self, error, rc, _("importing citations"));
          g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID,
                       _("The attribution %s cites a source of another document"), r->uuid);
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
        }, _("importing citations"), error))
        return FALSE;
    }
  return TRUE;
}

typedef struct {
  AttestOutlets *outlets;
  GHashTable    *by_key;
} SourceKeys;

/* The first source of each key, by its row id. */
static gboolean
key_source (sqlite3_stmt *stmt,
            gpointer      data,
            GError      **error)
{
  SourceKeys *k = data;
  char *key = _attest_store_source_key (k->outlets, _attest_store_column_text (stmt, 1), _attest_store_column_text (stmt, 2),
                                        _attest_store_column_text (stmt, 3));

  if (g_hash_table_contains (k->by_key, key))
    g_free (key);
  else
    g_hash_table_insert (k->by_key, key, GINT_TO_POINTER (sqlite3_column_int64 (stmt, 0)));
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
  AttestOutlets *outlets;
  g_autoptr(GPtrArray) citations = NULL;
  sqlite3_stmt *stmt;

  if (!check_in_import (self, error) || !(outlets = _attest_store_outlets (self, error)) ||
      !(stmt = _attest_store_prepare (self, sources_sql, error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, document_id);
  if (!_attest_store_each_row (self, stmt, key_source, &(SourceKeys) { outlets, by_key },
                               _("importing citations"), error))
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
        }, _("importing citations"), error))
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

  if (!check_in_import (self, error) ||
      !_attest_store_insert_new_claim (self, &record, _("importing a claim"), &new_id, error))
    return 0;
  if (new_id != 0)
    {
      *out_outcome = ATTEST_IMPORT_ADDED;
      return new_id;
    }

  /* There already: from before the import, or twice in it. */
  if (!(stmt = _attest_store_prepare (self, find_sql, error)))
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
                       _("The claim %s belongs to another document in the database"), row->uuid);
          return 0;
        }
      else
        *out_outcome = ATTEST_IMPORT_EXISTING;
      return id;
    }
  /* The insert found the uuid taken, so the row is there: only an error
   * of reading can bring us here. */
  if (_attest_store_step_failed (self, stmt, rc, _("importing a claim"), error))
    g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_CONFLICT,
                 _("The claim %s could not be read back"), row->uuid);
  return 0;
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
                                    _("importing a link"), error);
}
