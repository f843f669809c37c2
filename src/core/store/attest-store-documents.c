/* attest-store-documents.c — the documents table and what hangs off it:
 * adding an article with its citations and extraction record, listing and
 * full-text search, and corrections to an article's title, author, date and
 * outlet (recorded in the history).
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>

#include <sqlite3.h>
#include <string.h>

#include "attest-citation-scanner.h"
#include "attest-date.h"
#include "attest-error.h"
#include "attest-rules.h"
#include "attest-store.h"
#include "attest-store-private.h"

/* ------------------------------------------------------------- documents */


AttestDocument *
_attest_store_document_from_row (sqlite3_stmt *stmt)
{
  AttestDocument *doc = attest_document_new ();

  doc->id = sqlite3_column_int64 (stmt, 0);
  doc->uuid = _attest_store_column_dup (stmt, 1);
  doc->sha256 = _attest_store_column_dup (stmt, 2);
  doc->title = _attest_store_column_dup (stmt, 3);
  doc->publication = _attest_store_column_dup (stmt, 4);
  doc->volume = _attest_store_column_dup (stmt, 5);
  doc->issue = _attest_store_column_dup (stmt, 6);
  doc->author = _attest_store_column_dup (stmt, 7);
  doc->date = _attest_store_column_dup (stmt, 8);
  doc->origin = _attest_store_column_dup (stmt, 9);
  doc->format = _attest_store_column_dup (stmt, 10);
  doc->encoding = _attest_store_column_dup (stmt, 11);
  doc->length = sqlite3_column_int64 (stmt, 12);
  doc->body_start = sqlite3_column_int64 (stmt, 13);
  doc->imported = _attest_store_column_dup (stmt, 14);
  doc->claim_count = sqlite3_column_int64 (stmt, 15);
  return doc;
}

AttestDocument *
_attest_store_get_document_by_id (AttestStore *self,
                    gint64       id,
                    gboolean     with_text,
                    GError     **error)
{
  static const char sql[] =
    "SELECT " DOCUMENT_COLUMNS ", d.text FROM documents d WHERE d.id = ?";
  sqlite3_stmt *stmt;
  AttestDocument *doc;
  int rc;

  if (!(stmt = _attest_store_prepare (self, sql, error)))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      if (rc == SQLITE_DONE)
        g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_NOT_FOUND, _("No document %" PRId64), id);
      else
        _attest_store_set_sqlite_error (self, error, rc, _("reading a document"));
      return NULL;
    }

  doc = _attest_store_document_from_row (stmt);
  /* The stored hash and length stay as they are: check() compares them
   * with the text, and nothing else should pay for hashing 1 MB. */
  if (with_text)
    doc->text = _attest_store_column_dup (stmt, 16);
  sqlite3_reset (stmt);

  if (self->schema >= 4)
    {
      static const char facts_sql[] = "SELECT facts FROM document_extractions WHERE document_id = ?";

      if (!(stmt = _attest_store_prepare (self, facts_sql, error)))
        {
          g_object_unref (doc);
          return NULL;
        }
      sqlite3_bind_int64 (stmt, 1, id);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        doc->extraction = _attest_store_column_dup (stmt, 0);
      sqlite3_reset (stmt);
      if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        {
          _attest_store_set_sqlite_error (self, error, rc, _("reading a document"));
          g_object_unref (doc);
          return NULL;
        }
    }
  return doc;
}

/* The one INSERT of the documents table (see attest-store-private.h). */
gboolean
_attest_store_insert_document (AttestStore                *self,
                               const AttestDocumentRecord *row,
                               const char                 *doing,
                               gint64                     *out_id,
                               GError                    **error)
{
  static const char sql[] =
    "INSERT INTO documents (uuid, sha256, title, publication, volume, issue, author,"
    " date, origin, format, encoding, text, length, body_start, imported)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  sqlite3_stmt *stmt;

  if (!(stmt = _attest_store_prepare (self, sql, error)))
    return FALSE;
  _attest_store_bind_text (stmt, 1, row->uuid);
  _attest_store_bind_text (stmt, 2, row->sha256);
  _attest_store_bind_text (stmt, 3, row->title);
  _attest_store_bind_text (stmt, 4, row->publication);
  _attest_store_bind_text (stmt, 5, row->volume);
  _attest_store_bind_text (stmt, 6, row->issue);
  _attest_store_bind_text (stmt, 7, row->author);
  _attest_store_bind_text (stmt, 8, row->date);
  _attest_store_bind_text (stmt, 9, row->origin);
  _attest_store_bind_text (stmt, 10, row->format);
  _attest_store_bind_text (stmt, 11, row->encoding);
  _attest_store_bind_text (stmt, 12, row->text);
  sqlite3_bind_int64 (stmt, 13, row->length);
  sqlite3_bind_int64 (stmt, 14, row->body_start);
  _attest_store_bind_text (stmt, 15, row->imported);
  if (!_attest_store_step_done (self, stmt, doing, error))
    return FALSE;
  if (out_id)
    *out_id = sqlite3_last_insert_rowid (self->db);
  return TRUE;
}

/* An article's attributions are found beside the writing of its row
 * (whose full-text index is flushed as the statement ends, the largest
 * part of an import): on two cores an import waits for the longer of the
 * two, not for both. The job reads only the text and the outlets, which
 * nothing changes until scan_finish(). */
typedef struct {
  GMutex         lock;
  GCond          done;
  const char    *text;
  const char    *date;
  AttestOutlets *outlets;
  GPtrArray     *citations;   /* set by the scan */
} Scan;

static void
scan_run (gpointer data,
          gpointer user_data)
{
  Scan *scan = data;
  GPtrArray *citations = attest_citation_scanner_scan_with (scan->text, scan->date, scan->outlets);

  g_mutex_lock (&scan->lock);
  scan->citations = citations;
  g_cond_signal (&scan->done);
  g_mutex_unlock (&scan->lock);
}

static void
scan_start (Scan           *scan,
            AttestDocument *doc,
            AttestOutlets  *outlets)
{
  static GThreadPool *pool = NULL;

  g_mutex_init (&scan->lock);
  g_cond_init (&scan->done);
  scan->text = doc->text;
  scan->date = doc->date;
  scan->outlets = outlets;
  scan->citations = NULL;

  /* One thread of its own, kept for the life of the process. */
  if (g_once_init_enter (&pool))
    {
      g_autoptr(GError) error = NULL;
      GThreadPool *created = g_thread_pool_new (scan_run, NULL, 1, TRUE, &error);

      if (created == NULL)
        g_warning ("Articles are scanned in turn: %s", error->message);
      g_once_init_leave (&pool, created);
    }
  if (pool == NULL || !g_thread_pool_push (pool, scan, NULL))
    scan_run (scan, NULL);
}

/* Waits for the scan; (transfer full) its citations. */
static GPtrArray *
scan_finish (Scan *scan)
{
  GPtrArray *citations;

  g_mutex_lock (&scan->lock);
  while (scan->citations == NULL)
    g_cond_wait (&scan->done, &scan->lock);
  citations = scan->citations;
  g_mutex_unlock (&scan->lock);
  g_mutex_clear (&scan->lock);
  g_cond_clear (&scan->done);
  return citations;
}

static gboolean
insert_citations (AttestStore    *self,
                  AttestDocument *doc,
                  AttestOutlets  *outlets,
                  GPtrArray      *citations,
                  GError        **error)
{
  /* One source per distinct attribution in a document; a repeated
   * "(Avesta, September 17)" is one report cited twice. */
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *now = _attest_store_now_iso8601 ();

  for (guint i = 0; i < citations->len; i++)
    {
      AttestCitation *c = g_ptr_array_index (citations, i);
      AttestSource *s = c->source;
      g_autofree char *key = _attest_store_source_key (outlets, s->outlet, s->place, s->date_text);
      g_autofree char *citation_uuid = g_uuid_string_random ();
      gpointer source_id;

      if (!g_hash_table_lookup_extended (seen, key, NULL, &source_id))
        {
          g_autofree char *source_uuid = g_uuid_string_random ();

          if (!_attest_store_insert_source (self, &(AttestSourceRecord) {
              .uuid = source_uuid, .document_id = doc->id, .outlet = s->outlet, .place = s->place,
              .date_text = s->date_text, .date_when = s->when, .created = now,
            }, _("saving a source"), NULL, error))
            return FALSE;
          source_id = GSIZE_TO_POINTER ((gsize) sqlite3_last_insert_rowid (self->db));
          g_hash_table_insert (seen, g_steal_pointer (&key), source_id);
        }

      if (!_attest_store_insert_citation (self, &(AttestCitationRecord) {
          .uuid = citation_uuid, .document_id = doc->id,
          .source_id = (gint64) GPOINTER_TO_SIZE (source_id), .start = c->start, .end = c->end,
          .text = c->text, .closes_paragraph = c->closes_paragraph,
          .paragraph_start = c->paragraph_start, .kind = attest_citation_kind_to_string (c->kind),
          .cover_start = c->cover_start, .cover_end = c->cover_end,
        }, _("saving a citation"), error))
        return FALSE;
    }

  return TRUE;
}

/* What the import of document @id left out, when it says (@facts, JSON
 * counts; NULL: nothing to keep). The table's CHECK refuses what is not
 * JSON, so a damaged copy cannot merge in a damaged record. */
gboolean
_attest_store_insert_extraction (AttestStore *self,
                                 gint64       id,
                                 const char  *facts,
                                 GError     **error)
{
  static const char sql[] = "INSERT INTO document_extractions (document_id, facts) VALUES (?, ?)";
  sqlite3_stmt *stmt;

  if (facts == NULL)
    return TRUE;
  if (!(stmt = _attest_store_prepare (self, sql, error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  _attest_store_bind_text (stmt, 2, facts);
  return _attest_store_step_done (self, stmt, _("keeping what an import left out"), error);
}

/* The document as attest_store_add_document() has just written it, with
 * the same defaults, as a read of its row would give it (without reading
 * the text back: a fifth of an import's own work). */
static AttestDocument *
stored_copy (AttestDocument *doc,
             const char     *imported)
{
  AttestDocument *copy = attest_document_new ();

  copy->id = doc->id;
  copy->uuid = g_strdup (doc->uuid);
  copy->sha256 = g_strdup (doc->sha256);
  copy->title = g_strdup (doc->title);
  copy->publication = g_strdup (doc->publication);
  copy->volume = g_strdup (doc->volume);
  copy->issue = g_strdup (doc->issue);
  copy->author = g_strdup (doc->author);
  copy->date = g_strdup (doc->date);
  copy->origin = g_strdup (doc->origin);
  copy->format = g_strdup (doc->format ? doc->format : "text");
  copy->encoding = g_strdup (doc->encoding ? doc->encoding : "UTF-8");
  copy->text = g_strdup (doc->text);
  copy->length = doc->length;
  copy->body_start = doc->body_start;
  copy->imported = g_strdup (imported);
  copy->extraction = g_strdup (doc->extraction);
  copy->claim_count = 0;
  return copy;
}

/**
 * attest_store_add_document:
 * @self: a #AttestStore
 * @document: (transfer none): the document, with its text and sha256
 * @out_existed: (out) (optional): set to %TRUE when it was there already
 * @error: return location for a #GError, or %NULL
 *
 * Adds @document, or finds the same text added before.
 *
 * Returns: (transfer full) (nullable): the stored document, or %NULL with @error set
 */
AttestDocument *
attest_store_add_document (AttestStore     *self,
                           AttestDocument  *document,
                           gboolean        *out_existed,
                           GError         **error)
{
  static const char find_sql[] = "SELECT id FROM documents WHERE sha256 = ?";
  g_autofree char *imported = NULL;
  g_autoptr(GPtrArray) citations = NULL;
  AttestOutlets *outlets;
  gboolean scanning = FALSE;
  Scan scan;
  sqlite3_stmt *stmt;
  gint64 id = 0;
  int rc;

  g_return_val_if_fail (ATTEST_IS_STORE (self), NULL);
  g_return_val_if_fail (ATTEST_IS_DOCUMENT (document), NULL);
  g_return_val_if_fail (document->text != NULL && document->sha256 != NULL, NULL);

  if (out_existed)
    *out_existed = FALSE;

  /* The date given for it (attest-cli import --date) as set-date takes it. */
  if (document->date != NULL && !attest_date_is_iso (document->date))
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID,
                   _("“%s” is not a date in the form YYYY-MM-DD"), document->date);
      return NULL;
    }

  if (!_attest_store_begin_write (self, _("importing an article"), error))
    return NULL;

  if (!(stmt = _attest_store_prepare (self, find_sql, error)))
    goto fail;
  _attest_store_bind_text (stmt, 1, document->sha256);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      _attest_store_set_sqlite_error (self, error, rc, _("importing an article"));
      goto fail;
    }

  if (id != 0)
    {
      /* The same text again: nothing to write. */
      _attest_store_rollback_write (self);
      if (out_existed)
        *out_existed = TRUE;
      return _attest_store_get_document_by_id (self, id, TRUE, error);
    }

  /* The outlets as this transaction sees them, for the scan and the
   * sources' keys alike. */
  if (!(outlets = _attest_store_outlets (self, error)))
    goto fail;
  scan_start (&scan, document, outlets);
  scanning = TRUE;

  if (document->uuid == NULL)
    document->uuid = g_uuid_string_random ();
  imported = document->imported ? g_strdup (document->imported) : _attest_store_now_iso8601 ();

  if (!_attest_store_insert_document (self, &(AttestDocumentRecord) {
      .uuid = document->uuid, .sha256 = document->sha256, .title = document->title,
      .publication = document->publication, .volume = document->volume, .issue = document->issue,
      .author = document->author, .date = document->date, .origin = document->origin,
      .format = document->format ? document->format : "text",
      .encoding = document->encoding ? document->encoding : "UTF-8", .text = document->text,
      .length = document->length, .body_start = document->body_start, .imported = imported,
    }, _("importing an article"), NULL, error))
    goto fail;
  document->id = sqlite3_last_insert_rowid (self->db);

  if (!_attest_store_insert_extraction (self, document->id, document->extraction, error))
    goto fail;

  citations = scan_finish (&scan);
  scanning = FALSE;
  if (!insert_citations (self, document, outlets, citations, error) ||
      !_attest_store_record_history (self, "document", document->uuid, "import", NULL, NULL,
                       document->origin, error))
    goto fail;

  {
    g_autoptr(AttestDocument) added = stored_copy (document, imported);

    if (!_attest_store_commit_write (self, _("importing an article"), error))
      goto fail;
    return g_steal_pointer (&added);
  }

fail:
  if (scanning)
    g_ptr_array_unref (scan_finish (&scan));
  _attest_store_rollback_write (self);
  document->id = 0;
  return NULL;
}

static gboolean
is_storage_error (const GError *error)
{
  return error->domain == ATTEST_ERROR &&
         (error->code == ATTEST_ERROR_FULL || error->code == ATTEST_ERROR_DISK ||
          error->code == ATTEST_ERROR_IO || error->code == ATTEST_ERROR_CORRUPT ||
          error->code == ATTEST_ERROR_READ_ONLY || error->code == ATTEST_ERROR_BUSY ||
          error->code == ATTEST_ERROR_NOT_OURS);
}

/**
 * attest_store_add_documents:
 * @self: a #AttestStore
 * @documents: (array length=n_documents): documents, as attest_store_add_document() takes them
 * @n_documents: how many
 * @out_stored: (array length=n_documents) (out caller-allocates): each
 *   stored document (transfer full), or %NULL where that one failed
 * @out_existed: (array length=n_documents) (out caller-allocates) (optional):
 *   %TRUE where the same text was there already
 * @out_errors: (array length=n_documents) (out caller-allocates): why each
 *   one failed (transfer full), %NULL for the others
 * @error: return location for a #GError, or %NULL
 *
 * Adds @documents in one transaction, so that a thousand articles wait for
 * the disk a few times rather than a thousand. Each is all or nothing
 * within it: one the database refuses leaves the others to be written.
 *
 * Returns: %FALSE with @error when the batch failed as a whole (the
 *   database locked, read-only, full, a disk error, at any step): then
 *   nothing of it was written and every @out_stored is %NULL
 */
gboolean
attest_store_add_documents (AttestStore     *self,
                            AttestDocument **documents,
                            guint            n_documents,
                            AttestDocument **out_stored,
                            gboolean        *out_existed,
                            GError         **out_errors,
                            GError         **error)
{
  g_return_val_if_fail (ATTEST_IS_STORE (self), FALSE);
  g_return_val_if_fail (out_stored != NULL && out_errors != NULL, FALSE);

  for (guint i = 0; i < n_documents; i++)
    {
      out_stored[i] = NULL;
      out_errors[i] = NULL;
      if (out_existed)
        out_existed[i] = FALSE;
    }

  if (!_attest_store_begin_write (self, _("importing articles"), error))
    return FALSE;

  /* Each one a savepoint within the transaction (begin_write() nests). */
  for (guint i = 0; i < n_documents; i++)
    {
      out_stored[i] = attest_store_add_document (self, documents[i], out_existed ? &out_existed[i] : NULL,
                                                 &out_errors[i]);
      /* A document the database refuses is that document's; the disk
       * full, I/O or a lock is the batch's: it may have ended the whole
       * transaction, and what was written before must not be reported
       * saved. */
      if (out_stored[i] == NULL && (sqlite3_get_autocommit (self->db) || is_storage_error (out_errors[i])))
        {
          g_propagate_error (error, g_steal_pointer (&out_errors[i]));
          goto fail;
        }
    }

  if (_attest_store_commit_write (self, _("importing articles"), error))
    return TRUE;

fail:
  _attest_store_rollback_write (self);
  for (guint i = 0; i < n_documents; i++)
    {
      g_clear_object (&out_stored[i]);
      g_clear_error (&out_errors[i]);
      if (out_existed)
        out_existed[i] = FALSE;
    }
  return FALSE;
}

/**
 * attest_store_list_documents:
 * @self: a #AttestStore
 * @error: return location for a #GError, or %NULL
 *
 * Lists every document, without its text.
 *
 * Returns: (transfer full) (element-type AttestDocument) (nullable): the documents, or %NULL with @error set
 */
GPtrArray *
attest_store_list_documents (AttestStore *self,
                             GError     **error)
{
  static const char sql[] =
    "SELECT " DOCUMENT_COLUMNS " FROM documents d ORDER BY d.id";
  g_autoptr(GPtrArray) docs = g_ptr_array_new_with_free_func (g_object_unref);
  sqlite3_stmt *stmt;

  if (!(stmt = _attest_store_prepare (self, sql, error)))
    return NULL;
  if (!_attest_store_collect (self, stmt, (AttestStoreRowFunc) _attest_store_document_from_row,
                              docs, _("listing documents"), error))
    return NULL;

  return g_steal_pointer (&docs);
}

/**
 * attest_store_get_document:
 * @self: a #AttestStore
 * @ref: a uuid, a unique uuid prefix or a row id
 * @error: return location for a #GError, or %NULL
 *
 * Reads one document with its text.
 *
 * Returns: (transfer full) (nullable): the document, or %NULL with @error set
 */
AttestDocument *
attest_store_get_document (AttestStore *self,
                           const char  *ref,
                           GError     **error)
{
  gint64 id = _attest_store_resolve_ref (self, "documents", "document", ref, error);

  return id ? _attest_store_get_document_by_id (self, id, TRUE, error) : NULL;
}

/* The marks snippet() and highlight() put around the matches: control
 * characters, which imported text does not have (a bracket would be
 * ambiguous with the article's own). */
#define MATCH_OPEN  '\x02'
#define MATCH_CLOSE '\x03'

/* A snippet is shown on one line: the breaks between the title and the
 * paragraphs it spans become single spaces. Takes @text. */
static char *
one_line (char *text)
{
  char *out = text;

  for (const char *p = text; p && *p; p++)
    {
      if (g_ascii_isspace (*p))
        {
          if (out == text || out[-1] != ' ')
            *out++ = ' ';
        }
      else
        *out++ = *p;
    }
  if (text)
    *out = '\0';
  return text;
}

static AttestSearchHit *
search_hit_from_row (sqlite3_stmt *stmt)
{
  AttestSearchHit *hit = g_new0 (AttestSearchHit, 1);

  hit->document = _attest_store_document_from_row (stmt);
  hit->snippet_marked = one_line (_attest_store_column_dup (stmt, 16));
  hit->rank = sqlite3_column_double (stmt, 17);
  if (hit->snippet_marked)
    {
      hit->snippet = g_strdup (hit->snippet_marked);
      g_strdelimit (hit->snippet, (char[]) { MATCH_OPEN, 0 }, '[');
      g_strdelimit (hit->snippet, (char[]) { MATCH_CLOSE, 0 }, ']');
    }
  return hit;
}

/* Whether @word has a letter or digit: a word of punctuation only ("-",
 * "*", "(") has no token to look for and is left out. */
static gboolean
has_token (const char *word,
           gssize      len)
{
  const char *end = len < 0 ? word + strlen (word) : word + len;

  for (const char *p = word; p < end; p = g_utf8_next_char (p))
    if (g_unichar_isalnum (g_utf8_get_char (p)))
      return TRUE;
  return FALSE;
}

static void
append_string (GString    *out,
               const char *word,
               gsize       len,
               gboolean    prefix)
{
  if (out->len > 0)
    g_string_append_c (out, ' ');
  g_string_append_c (out, '"');
  /* Inside an FTS5 string a double quote is written twice. */
  for (gsize i = 0; i < len; i++)
    {
      if (word[i] == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, word[i]);
    }
  g_string_append_c (out, '"');
  if (prefix)
    g_string_append_c (out, '*');
}

/* One word or "phrase" of a search, as compared with a match in the
 * text: its letters and digits only, case-folded. */
typedef struct {
  char     *norm;
  gboolean  prefix;
} Term;

static char *
normalize (const char *text,
           gssize      len)
{
  g_autofree char *folded = g_utf8_casefold (text, len);
  GString *out = g_string_new (NULL);

  for (const char *p = folded; *p; p = g_utf8_next_char (p))
    if (g_unichar_isalnum (g_utf8_get_char (p)))
      g_string_append_unichar (out, g_utf8_get_char (p));
  return g_string_free (out, FALSE);
}

static Term *
term_new (const char *word,
          gsize       len,
          gboolean    prefix)
{
  Term *term = g_new0 (Term, 1);

  term->norm = normalize (word, len);
  term->prefix = prefix;
  return term;
}

static void
term_free (Term *term)
{
  g_free (term->norm);
  g_free (term);
}

/* Makes an FTS5 query of what a person typed. Every word becomes a quoted
 * string, so FTS5 syntax (AND, NOT, NEAR, "-", ":", "*", parentheses) is
 * only words, and matches as a prefix ("Boko" finds "Bokov"), as people
 * expect of a field that searches while they type. Words between a pair
 * of double quotes are a phrase, matched as written; a quote without its
 * pair is ignored. All must match. NULL when nothing is left to look for. */
static char *
fts_query_from_user (const char *query,
                     GPtrArray  *terms)
{
  GString *out = g_string_new (NULL);
  const char *p = query;

  while (*p)
    {
      const char *close;
      const char *end;

      if (g_ascii_isspace (*p))
        {
          p++;
          continue;
        }
      if (*p == '"' && (close = strchr (p + 1, '"')))
        {
          if (has_token (p + 1, close - p - 1))
            {
              append_string (out, p + 1, close - p - 1, FALSE);
              if (terms)
                g_ptr_array_add (terms, term_new (p + 1, close - p - 1, FALSE));
            }
          p = close + 1;
          continue;
        }
      if (*p == '"')
        {
          p++;
          continue;
        }
      for (end = p; *end && !g_ascii_isspace (*end) && *end != '"'; end++)
        ;
      if (has_token (p, end - p))
        {
          append_string (out, p, end - p, TRUE);
          if (terms)
            g_ptr_array_add (terms, term_new (p, end - p, TRUE));
        }
      p = end;
    }

  return g_string_free (out, out->len == 0);
}

/**
 * attest_store_search:
 * @self: a #AttestStore
 * @query: the words, as typed: each matches as a prefix, "quoted words" as
 *   a phrase
 * @limit: the most hits to return, or 0 for all
 * @error: return location for a #GError, or %NULL
 *
 * Searches the documents' text. Each hit has a snippet of the text around
 * the matches.
 *
 * Returns: (transfer full) (element-type AttestSearchHit) (nullable): the hits, best first, or %NULL with @error set
 */
GPtrArray *
attest_store_search (AttestStore *self,
                     const char  *query,
                     guint        limit,
                     GError     **error)
{
  /* One FTS5 query in its own rank order: FTS5 ranks every match, then
   * SQLite stops after the limit, so snippets and the document's columns
   * are made for the rows shown only. (Ranking in a subquery and joining
   * back with a second MATCH for the snippets took twice as long.) */
  static const char sql[] =
    "SELECT " DOCUMENT_COLUMNS ","
    " snippet (documents_fts, 1, char (2), char (3), '…', 12), documents_fts.rank"
    " FROM documents_fts JOIN documents d ON d.id = documents_fts.rowid"
    " WHERE documents_fts MATCH ?1 ORDER BY documents_fts.rank LIMIT ?2";
  g_autoptr(GPtrArray) hits = g_ptr_array_new_with_free_func ((GDestroyNotify) attest_search_hit_free);
  g_autofree char *fts = NULL;
  sqlite3_stmt *stmt;

  if (query == NULL || !(fts = fts_query_from_user (query, NULL)))
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID, _("The search is empty"));
      return NULL;
    }

  if (!(stmt = _attest_store_prepare (self, sql, error)))
    return NULL;
  _attest_store_bind_text (stmt, 1, fts);
  sqlite3_bind_int (stmt, 2, limit ? limit : G_MAXINT);
  if (!_attest_store_collect (self, stmt, (AttestStoreRowFunc) search_hit_from_row, hits, _("searching"), error))
    return NULL;

  return g_steal_pointer (&hits);
}

/* How many match marks stand between @from and @to. */
static guint
count_marks (const char *from,
             const char *to)
{
  guint n = 0;

  for (const char *p = from + 1; p < to; p++)
    if (*p == MATCH_OPEN)
      n++;
  return n;
}

/* A match mark in highlight()'s text: where it is in the plain text, in
 * characters, its paragraph, and which of the search's terms it is. */
typedef struct {
  const char *open;
  gint64      start;
  gint64      end;
  guint       paragraph;
  guint       term;        /* G_MAXUINT: none told apart (the text's accents) */
  gboolean    follows;     /* only spaces or punctuation since the previous */
} Span;

static void
collect_spans (const char *marked,
               GPtrArray  *terms,
               GArray     *spans)
{
  gint64 offset = 0;
  guint paragraph = 0;
  const char *last_close = NULL;

  for (const char *p = marked; *p; p = g_utf8_next_char (p))
    {
      const char *close;
      Span span = { p, offset, 0, paragraph, G_MAXUINT, FALSE };
      g_autofree char *norm = NULL;

      if (*p == '\n')
        paragraph++;
      if (*p != MATCH_OPEN)
        {
          offset++;
          continue;
        }
      if (!(close = strchr (p, MATCH_CLOSE)))
        break;
      span.end = offset + g_utf8_strlen (p + 1, close - p - 1);
      norm = normalize (p + 1, close - p - 1);
      for (guint i = 0; i < terms->len; i++)
        {
          Term *term = g_ptr_array_index (terms, i);

          if (term->prefix ? g_str_has_prefix (norm, term->norm) : g_str_equal (norm, term->norm))
            {
              span.term = i;
              break;
            }
        }
      if (last_close)
        {
          g_autofree char *between = normalize (last_close + 1, p - last_close - 1);

          span.follows = between[0] == '\0' && memchr (last_close, '\n', p - last_close) == NULL;
        }
      g_array_append_val (spans, span);
      offset = span.end;
      last_close = close;
      p = close;
    }
}

static gboolean
span_is (GArray *spans,
         guint   i,
         guint   term)
{
  guint t = g_array_index (spans, Span, i).term;

  return t == term || t == G_MAXUINT;
}

/* The first span where the @n terms follow one another, in order. */
static guint
find_sequence (GArray *spans,
               guint   n)
{
  if (n < 2)
    return G_MAXUINT;
  for (guint i = 0; i + n <= spans->len; i++)
    {
      guint j;

      for (j = 0; j < n; j++)
        if (!span_is (spans, i + j, j) || (j > 0 && !g_array_index (spans, Span, i + j).follows))
          break;
      if (j == n)
        return i;
    }
  return G_MAXUINT;
}

/* The first span of the first paragraph that has all @n terms. */
static guint
find_paragraph (GArray *spans,
                guint   n)
{
  if (n < 2)
    return G_MAXUINT;
  for (guint i = 0; i < spans->len; )
    {
      guint paragraph = g_array_index (spans, Span, i).paragraph;
      guint j;
      guint found = 0;

      for (j = i; j < spans->len && g_array_index (spans, Span, j).paragraph == paragraph; j++)
        for (guint t = 0; t < n; t++)
          if (span_is (spans, j, t))
            found |= 1u << MIN (t, 31);
      if (found == (n >= 32 ? G_MAXUINT : (1u << n) - 1))
        return i;
      i = j;
    }
  return G_MAXUINT;
}

/**
 * attest_store_find_match:
 * @self: a #AttestStore
 * @ref: the document: a uuid, a unique uuid prefix or a row id
 * @query: the words, as given to attest_store_search()
 * @start: (out) (optional): where the first match in the text starts, in characters
 * @end: (out) (optional): where it ends
 * @error: return location for a #GError, or %NULL
 *
 * Finds where the search first matches in the document's text, to show
 * it: the match as FTS5 sees it (prefixes, phrases, any case, without
 * diacritics), not a plain substring.
 *
 * Returns: %TRUE when the text matches; %FALSE without @error when it does
 *   not (the words may be in the title only); %FALSE with @error set on failure
 */
gboolean
attest_store_find_match (AttestStore *self,
                         const char  *ref,
                         const char  *query,
                         gint64      *start,
                         gint64      *end,
                         GError     **error)
{
  static const char sql[] =
    "SELECT highlight (documents_fts, 1, char (2), char (3))"
    " FROM documents_fts WHERE documents_fts MATCH ?1 AND documents_fts.rowid = ?2";
  g_autofree char *fts = NULL;
  g_autofree char *marked = NULL;
  g_autoptr(GPtrArray) terms = g_ptr_array_new_with_free_func ((GDestroyNotify) term_free);
  g_autoptr(GArray) spans = g_array_new (FALSE, FALSE, sizeof (Span));
  sqlite3_stmt *stmt;
  const char *open, *close;
  guint first;
  gint64 id;
  int rc;

  if (query == NULL || !(fts = fts_query_from_user (query, terms)))
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID, _("The search is empty"));
      return FALSE;
    }
  if (!(id = _attest_store_resolve_ref (self, "documents", "document", ref, error)))
    return FALSE;
  if (!(stmt = _attest_store_prepare (self, sql, error)))
    return FALSE;
  _attest_store_bind_text (stmt, 1, fts);
  sqlite3_bind_int64 (stmt, 2, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    marked = _attest_store_column_dup (stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      _attest_store_set_sqlite_error (self, error, rc, _("finding a match"));
      return FALSE;
    }

  if (marked == NULL || !(open = strchr (marked, MATCH_OPEN)) || !(close = strchr (open, MATCH_CLOSE)))
    return FALSE;
  collect_spans (marked, terms, spans);
  /* Where the words match together: in sequence, else all in one
   * paragraph, else the first match. */
  first = find_sequence (spans, terms->len);
  if (first != G_MAXUINT)
    {
      if (start)
        *start = g_array_index (spans, Span, first).start;
      if (end)
        *end = g_array_index (spans, Span, first + terms->len - 1).end;
      return TRUE;
    }
  first = find_paragraph (spans, terms->len);
  if (first != G_MAXUINT)
    open = g_array_index (spans, Span, first).open;
  close = strchr (open, MATCH_CLOSE);
  /* The words typed side by side are one match ("drug traff" shows "drug
   * trafficking", not "drug"): the next match joins when only spaces or
   * punctuation stand between. */
  for (;;)
    {
      const char *next = close + 1;
      const char *next_close;

      while (*next && *next != MATCH_OPEN && next - close <= 4 && !g_unichar_isalnum (g_utf8_get_char (next)))
        next = g_utf8_next_char (next);
      if (*next != MATCH_OPEN || !(next_close = strchr (next, MATCH_CLOSE)))
        break;
      close = next_close;
    }
  if (start)
    *start = g_utf8_pointer_to_offset (marked, open) - 2 * count_marks (marked - 1, open);
  if (end)
    *end = g_utf8_pointer_to_offset (marked, close) - (2 * (gint64) count_marks (marked - 1, close) - 1);
  return TRUE;
}

/* ------------------------------------------------------------- metadata */

static const char *document_fields[] = { "title", "author", "date", "publication", NULL };

typedef struct {
  GArray     *ids;
  GPtrArray  *whens;
  const char *date;
} SourceDates;

static gboolean
resolve_source_date (sqlite3_stmt *stmt,
                     gpointer      data,
                     GError      **error)
{
  SourceDates *d = data;
  gint64 id = sqlite3_column_int64 (stmt, 0);

  g_array_append_val (d->ids, id);
  g_ptr_array_add (d->whens, attest_date_resolve ((const char *) sqlite3_column_text (stmt, 1), d->date));
  return TRUE;
}

/* Year-less attributions take their year from the article's date. Inside
 * a write. */
gboolean
_attest_store_resolve_source_dates (AttestStore *self,
                      gint64       document_id,
                      const char  *date,
                      GError     **error)
{
  static const char sources_sql[] =
    "SELECT id, date_text FROM sources WHERE document_id = ? AND date_text IS NOT NULL";
  static const char update_sql[] = "UPDATE sources SET date_when = ? WHERE id = ?";
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) whens = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt;

  if (!(stmt = _attest_store_prepare (self, sources_sql, error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, document_id);
  if (!_attest_store_each_row (self, stmt, resolve_source_date, &(SourceDates) { ids, whens, date },
                               _("setting the article's date"), error))
    return FALSE;

  for (guint i = 0; i < ids->len; i++)
    {
      if (!(stmt = _attest_store_prepare (self, update_sql, error)))
        return FALSE;
      _attest_store_bind_text (stmt, 1, g_ptr_array_index (whens, i));
      sqlite3_bind_int64 (stmt, 2, g_array_index (ids, gint64, i));
      if (!_attest_store_step_done (self, stmt, _("setting the article's date"), error))
        return FALSE;
    }
  return TRUE;
}

/**
 * attest_store_set_document_field:
 * @self: a #AttestStore
 * @ref: the document
 * @field: "title", "author", "date" or "publication"
 * @value: (nullable): the new value; %NULL or "" clears it
 * @error: return location for a #GError, or %NULL
 *
 * Corrects an article's title, author, date or publication.
 *
 * Returns: %TRUE on success
 */
gboolean
attest_store_set_document_field (AttestStore *self,
                                 const char  *ref,
                                 const char  *field,
                                 const char  *value,
                                 GError     **error)
{
  /* One statement per field: the column name cannot be a parameter. */
  static const char *update_sql[] = {
    "UPDATE documents SET title = ?, version = version + 1 WHERE id = ?",
    "UPDATE documents SET author = ?, version = version + 1 WHERE id = ?",
    "UPDATE documents SET date = ?, version = version + 1 WHERE id = ?",
    "UPDATE documents SET publication = ?, version = version + 1 WHERE id = ?",
  };
  g_autoptr(AttestDocument) doc = NULL;
  g_autofree char *trimmed = NULL;
  const char *old = NULL;
  sqlite3_stmt *stmt;
  gint which = -1;

  g_return_val_if_fail (ATTEST_IS_STORE (self), FALSE);

  for (guint i = 0; document_fields[i] != NULL; i++)
    if (g_strcmp0 (field, document_fields[i]) == 0)
      which = i;
  if (which < 0)
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID,
                   _("“%s” is not a field of an article that can be corrected "
                     "(title, author, date or publication)"), field ? field : "");
      return FALSE;
    }

  /* An empty value clears the field. */
  if (value != NULL)
    {
      trimmed = g_strstrip (g_strdup (value));
      if (*trimmed == '\0')
        g_clear_pointer (&trimmed, g_free);
    }
  if (!attest_rules_check_string ("The new value", trimmed, -1, ATTEST_RULES_LINE, error))
    return FALSE;
  if (trimmed != NULL && g_utf8_strlen (trimmed, -1) > ATTEST_RULES_DOCUMENT_FIELD_MAX)
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID,
                   "The new %s is longer than 1,000 characters", field);
      return FALSE;
    }
  if (g_str_equal (field, "date") && trimmed != NULL && !attest_date_is_iso (trimmed))
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID,
                   _("“%s” is not a date in the form YYYY-MM-DD"), trimmed);
      return FALSE;
    }

  if (!(doc = attest_store_get_document (self, ref, error)))
    return FALSE;
  old = which == 0 ? doc->title : which == 1 ? doc->author : which == 2 ? doc->date : doc->publication;
  if (g_strcmp0 (old, trimmed) == 0)
    return TRUE;

  if (!_attest_store_begin_write (self, _("correcting the article"), error))
    return FALSE;
  if (!(stmt = _attest_store_prepare (self, update_sql[which], error)))
    goto fail;
  _attest_store_bind_text (stmt, 1, trimmed);
  sqlite3_bind_int64 (stmt, 2, doc->id);
  if (!_attest_store_step_done (self, stmt, _("correcting the article"), error))
    goto fail;
  if (which == 2 && !_attest_store_resolve_source_dates (self, doc->id, trimmed, error))
    goto fail;
  if (!_attest_store_record_history (self, "document", doc->uuid, "update", field, old, trimmed, error))
    goto fail;
  return _attest_store_commit_write (self, _("correcting the article"), error);

fail:
  _attest_store_rollback_write (self);
  return FALSE;
}

/**
 * attest_store_set_document_date:
 * @self: a #AttestStore
 * @ref: a uuid, a unique uuid prefix or a row id
 * @date: (nullable): YYYY-MM-DD, or %NULL to clear it
 * @error: return location for a #GError, or %NULL
 *
 * Sets the date of the document @ref.
 *
 * Returns: %TRUE on success
 */
gboolean
attest_store_set_document_date (AttestStore *self,
                                const char  *ref,
                                const char  *date,
                                GError     **error)
{
  return attest_store_set_document_field (self, ref, "date", date, error);
}
