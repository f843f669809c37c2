/* attest-store-sources.c — the sources, claim_sources and outlets tables:
 * who a document quotes, the links from claims to them, and the outlets and
 * variants analysts add to the shipped list. Every correction is recorded
 * in the history.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include <sqlite3.h>
#include <string.h>

#include "attest-date.h"
#include "attest-error.h"
#include "attest-rules.h"
#include "attest-store.h"
#include "attest-store-private.h"

/* --------------------------------------------------------------- sources */


/* What makes two attributions of an article one source: the same outlet
 * (ITAR-TASS and TASS are one), place and date as written. */
char *
_attest_store_source_key (AttestOutlets *outlets,
                          const char    *outlet,
                          const char    *place,
                          const char    *date_text)
{
  const char *canonical = outlet ? attest_outlets_lookup (outlets, outlet) : NULL;
  g_autofree char *name = g_utf8_casefold (canonical ? canonical : outlet ? outlet : "", -1);

  return g_strdup_printf ("%s\x1f%s\x1f%s", name, place ? place : "", date_text ? date_text : "");
}

/* Each source's outlet as this database knows it (its analysts' variants
 * included): the canonical name. */
gboolean
_attest_store_name_outlets (AttestStore *self,
                            GPtrArray   *sources,
                            GError     **error)
{
  AttestOutlets *outlets;

  if (sources->len == 0)
    return TRUE;
  if (!(outlets = _attest_store_outlets (self, error)))
    return FALSE;
  for (guint i = 0; i < sources->len; i++)
    {
      AttestSource *s = g_ptr_array_index (sources, i);

      g_free (s->canonical);
      s->canonical = g_strdup (attest_outlets_lookup (outlets, s->outlet));
    }
  return TRUE;
}

AttestSource *
_attest_store_source_from_row (sqlite3_stmt *stmt,
                 int           first)
{
  AttestSource *s = attest_source_new ();

  s->id = sqlite3_column_int64 (stmt, first + 0);
  s->uuid = _attest_store_column_dup (stmt, first + 1);
  s->document_uuid = _attest_store_column_dup (stmt, first + 2);
  s->outlet = _attest_store_column_dup (stmt, first + 3);
  s->place = _attest_store_column_dup (stmt, first + 4);
  s->date_text = _attest_store_column_dup (stmt, first + 5);
  s->when = _attest_store_column_dup (stmt, first + 6);
  s->url = _attest_store_column_dup (stmt, first + 7);
  s->title = _attest_store_column_dup (stmt, first + 8);
  s->reliability = _attest_store_column_dup (stmt, first + 9);
  s->citation_count = sqlite3_column_int64 (stmt, first + 10);
  s->claim_count = sqlite3_column_int64 (stmt, first + 11);
  return s;
}

/* A source whose columns come first in the row. */
static AttestSource *
source_from_row (sqlite3_stmt *stmt)
{
  return _attest_store_source_from_row (stmt, 0);
}

/**
 * attest_store_list_sources:
 * @self: a #AttestStore
 * @document_ref: (nullable): a document, or %NULL for all sources
 * @error: return location for a #GError, or %NULL
 *
 * Lists sources, of one document or of all.
 *
 * Returns: (transfer full) (element-type AttestSource) (nullable): the sources, or %NULL with @error set
 */
GPtrArray *
attest_store_list_sources (AttestStore *self,
                           const char  *document_ref,
                           GError     **error)
{
  static const char sql[] =
    "SELECT " SOURCE_COLUMNS " FROM sources s LEFT JOIN documents d ON d.id = s.document_id"
    " ORDER BY s.document_id IS NULL, s.document_id,"
    "  (SELECT min (start) FROM citations t WHERE t.source_id = s.id), s.id";
  /* One document's by its index (not "?1 IS NULL OR", which reads all). */
  static const char document_sql[] =
    "SELECT " SOURCE_COLUMNS " FROM sources s LEFT JOIN documents d ON d.id = s.document_id"
    " WHERE s.document_id = ?1"
    " ORDER BY (SELECT min (start) FROM citations t WHERE t.source_id = s.id), s.id";
  g_autoptr(GPtrArray) sources = g_ptr_array_new_with_free_func (g_object_unref);
  gint64 doc_id = 0;
  sqlite3_stmt *stmt;

  if (document_ref &&
      !(doc_id = _attest_store_resolve_ref (self, "documents", "document", document_ref, error)))
    return NULL;

  if (!(stmt = _attest_store_prepare (self, doc_id ? document_sql : sql, error)))
    return NULL;
  if (doc_id)
    sqlite3_bind_int64 (stmt, 1, doc_id);
  if (!_attest_store_collect (self, stmt, (AttestStoreRowFunc) source_from_row, sources, _("listing sources"), error))
    return NULL;
  if (!_attest_store_name_outlets (self, sources, error))
    return NULL;

  return g_steal_pointer (&sources);
}

/**
 * attest_store_list_article_sources:
 * @self: a #AttestStore
 * @document_ref: a document
 * @error: return location for a #GError, or %NULL
 *
 * What a claim on the document may rest on: its own attributions (in the
 * order of their first citation), then the outside sources; read by the
 * index, not by listing every source of the database (57,000 of them took
 * an article a third of a second to open).
 *
 * Returns: (transfer full) (element-type AttestSource) (nullable): the sources, or %NULL with @error set
 */
GPtrArray *
attest_store_list_article_sources (AttestStore *self,
                                   const char  *document_ref,
                                   GError     **error)
{
  static const char sql[] =
    "SELECT " SOURCE_COLUMNS " FROM sources s LEFT JOIN documents d ON d.id = s.document_id"
    " WHERE s.document_id = ?1 OR s.document_id IS NULL"
    " ORDER BY s.document_id IS NULL,"
    "  (SELECT min (start) FROM citations t WHERE t.source_id = s.id), s.id";
  g_autoptr(GPtrArray) sources = g_ptr_array_new_with_free_func (g_object_unref);
  gint64 doc_id;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (ATTEST_IS_STORE (self), NULL);

  if (!(doc_id = _attest_store_resolve_ref (self, "documents", "document", document_ref, error)) ||
      !(stmt = _attest_store_prepare (self, sql, error)))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, doc_id);
  if (!_attest_store_collect (self, stmt, (AttestStoreRowFunc) source_from_row, sources, _("listing sources"), error) ||
      !_attest_store_name_outlets (self, sources, error))
    return NULL;
  return g_steal_pointer (&sources);
}

/**
 * attest_store_get_source:
 * @self: a #AttestStore
 * @ref: a uuid, a unique uuid prefix or a row id
 * @error: return location for a #GError, or %NULL
 *
 * Reads one source.
 *
 * Returns: (transfer full) (nullable): the source, or %NULL with @error set
 */
AttestSource *
attest_store_get_source (AttestStore *self,
                         const char  *ref,
                         GError     **error)
{
  static const char sql[] =
    "SELECT " SOURCE_COLUMNS " FROM sources s LEFT JOIN documents d ON d.id = s.document_id"
    " WHERE s.id = ?";
  AttestSource *source = NULL;
  sqlite3_stmt *stmt;
  gint64 id;
  int rc;

  if (!(id = _attest_store_resolve_ref (self, "sources", "source", ref, error)))
    return NULL;
  if (!(stmt = _attest_store_prepare (self, sql, error)))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    source = _attest_store_source_from_row (stmt, 0);
  else
    _attest_store_set_sqlite_error (self, error, rc, _("reading a source"));
  sqlite3_reset (stmt);
  return source;
}

/**
 * attest_store_add_source:
 * @self: a #AttestStore
 * @source: (transfer none): the new source
 * @error: return location for a #GError, or %NULL
 *
 * Adds @source.
 *
 * Returns: (transfer full) (nullable): the source as stored, or %NULL with @error set
 */
AttestSource *
attest_store_add_source (AttestStore  *self,
                         AttestSource *source,
                         GError      **error)
{
  g_autoptr(AttestDocument) doc = NULL;
  g_autofree char *uuid = g_uuid_string_random ();
  g_autofree char *now = _attest_store_now_iso8601 ();
  g_autofree char *when = NULL;
  gint64 id;

  if (!_attest_store_check_writable (self, error))
    return NULL;
  if ((source->outlet == NULL || *source->outlet == '\0') &&
      (source->title == NULL || *source->title == '\0') &&
      (source->url == NULL || *source->url == '\0'))
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID,
                   _("A source needs an outlet, a title or a URL"));
      return NULL;
    }
  if (source->url != NULL && !attest_rules_check_url (source->url, error))
    return NULL;
  if (source->document_uuid &&
      !(doc = attest_store_get_document (self, source->document_uuid, error)))
    return NULL;
  if (source->date_text)
    {
      when = attest_date_resolve (source->date_text, doc ? doc->date : NULL);
      if (when == NULL && strlen (source->date_text) == 10 && source->date_text[4] == '-')
        {
          GDate d;
          g_date_clear (&d, 1);
          g_date_set_parse (&d, source->date_text);
          if (g_date_valid (&d))
            when = g_strdup (source->date_text);
        }
      if (when == NULL)
        {
          g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID,
                       _("“%s” is not a date Attest understands (e.g. “June 4 2004” or 2004-06-04)"),
                       source->date_text);
          return NULL;
        }
    }

  /* The rules every copy checks this row by (a merge, a team's sync, a
   * TEI import): what is written here must pass them there. */
  if (!attest_rules_check_source (&(AttestSourceRow) {
        .uuid = uuid, .outlet = source->outlet, .place = source->place, .date_text = source->date_text,
        .when = when, .url = source->url, .title = source->title, .reliability = source->reliability,
        .created = now,
      }, error))
    return NULL;
  if (!_attest_store_begin_write (self, _("adding a source"), error))
    return NULL;
  if (!_attest_store_insert_source (self, &(AttestSourceRecord) {
      .uuid = uuid, .document_id = doc ? doc->id : 0, .outlet = source->outlet,
      .place = source->place, .date_text = source->date_text, .date_when = when, .url = source->url,
      .title = source->title, .reliability = source->reliability, .created = now,
    }, _("adding a source"), NULL, error))
    goto fail;
  id = sqlite3_last_insert_rowid (self->db);
  if (!_attest_store_record_history (self, "source", uuid, "create", NULL, NULL,
                       source->outlet ? source->outlet : source->title ? source->title : source->url,
                       error))
    goto fail;

  /* Read back before the commit: an error now truly leaves nothing. */
  {
    g_autofree char *ref = g_strdup_printf ("%" G_GINT64_FORMAT, id);
    g_autoptr(AttestSource) added = attest_store_get_source (self, ref, error);

    if (added == NULL || !_attest_store_commit_write (self, _("adding a source"), error))
      goto fail;
    return g_steal_pointer (&added);
  }

fail:
  _attest_store_rollback_write (self);
  return NULL;
}

/* The one INSERT of the sources table (see attest-store-private.h). */
gboolean
_attest_store_insert_source (AttestStore              *self,
                             const AttestSourceRecord *row,
                             const char               *doing,
                             gint64                   *out_id,
                             GError                  **error)
{
  static const char sql[] =
    "INSERT INTO sources (uuid, document_id, outlet, place, date_text, date_when, url,"
    " title, reliability, created) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  sqlite3_stmt *stmt;

  if (!(stmt = _attest_store_prepare (self, sql, error)))
    return FALSE;
  _attest_store_bind_text (stmt, 1, row->uuid);
  _attest_store_bind_id (stmt, 2, row->document_id);
  _attest_store_bind_text (stmt, 3, row->outlet);
  _attest_store_bind_text (stmt, 4, row->place);
  _attest_store_bind_text (stmt, 5, row->date_text);
  _attest_store_bind_text (stmt, 6, row->date_when);
  _attest_store_bind_text (stmt, 7, row->url);
  _attest_store_bind_text (stmt, 8, row->title);
  _attest_store_bind_text (stmt, 9, row->reliability);
  _attest_store_bind_text (stmt, 10, row->created);
  if (!_attest_store_step_done (self, stmt, doing, error))
    return FALSE;
  if (out_id)
    *out_id = sqlite3_last_insert_rowid (self->db);
  return TRUE;
}

/* The one INSERT of the claim_sources table (see attest-store-private.h). */
gboolean
_attest_store_insert_link (AttestStore *self,
                           gint64       claim_id,
                           gint64       source_id,
                           gint64       annotator_id,
                           const char  *created,
                           gboolean     or_ignore,
                           const char  *doing,
                           GError     **error)
{
#define LINK_INSERT(verb) \
  verb " INTO claim_sources (claim_id, source_id, annotator_id, created) VALUES (?, ?, ?, ?)"
  static const char sql[] = LINK_INSERT ("INSERT");
  static const char ignore_sql[] = LINK_INSERT ("INSERT OR IGNORE");
#undef LINK_INSERT
  sqlite3_stmt *stmt;

  if (!(stmt = _attest_store_prepare (self, or_ignore ? ignore_sql : sql, error)))
    return FALSE;
  _attest_store_bind_id (stmt, 1, claim_id);
  _attest_store_bind_id (stmt, 2, source_id);
  _attest_store_bind_id (stmt, 3, annotator_id);
  _attest_store_bind_text (stmt, 4, created);
  return _attest_store_step_done (self, stmt, doing, error);
}

/* A restored claim's copy keeps the deleted one's sources, as linked then. */
gboolean
_attest_store_copy_links (AttestStore *self,
                          gint64       from_claim_id,
                          gint64       to_claim_id,
                          GError     **error)
{
  static const char sql[] =
    "INSERT INTO claim_sources (claim_id, source_id, annotator_id, created)"
    " SELECT ?2, source_id, annotator_id, created FROM claim_sources WHERE claim_id = ?1";
  sqlite3_stmt *stmt;

  if (!(stmt = _attest_store_prepare (self, sql, error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, from_claim_id);
  sqlite3_bind_int64 (stmt, 2, to_claim_id);
  return _attest_store_step_done (self, stmt, _("restoring the claim's sources"), error);
}

gboolean
_attest_store_source_id_by_uuid (AttestStore  *self,
                                 const char   *uuid,
                                 gint64       *out_id,
                                 GError      **error)
{
  static const char sql[] = "SELECT id FROM sources WHERE uuid = ?";
  sqlite3_stmt *stmt;

  if (!(stmt = _attest_store_prepare (self, sql, error)))
    return FALSE;
  _attest_store_bind_text (stmt, 1, uuid);
  return _attest_store_query_id (self, stmt, out_id, _("looking up a source"), error);
}

static gboolean
link_exists (AttestStore *self,
             gint64       claim_id,
             gint64       source_id,
             gboolean    *out_exists,
             GError     **error)
{
  static const char sql[] = "SELECT 1 FROM claim_sources WHERE claim_id = ? AND source_id = ?";
  sqlite3_stmt *stmt;
  int rc;

  if (!(stmt = _attest_store_prepare (self, sql, error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, claim_id);
  sqlite3_bind_int64 (stmt, 2, source_id);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return _attest_store_set_sqlite_error (self, error, rc, _("reading a link"));
  *out_exists = rc == SQLITE_ROW;
  return TRUE;
}

/**
 * attest_store_link:
 * @self: a #AttestStore
 * @claim_ref: the claim
 * @source_ref: the source
 * @error: return location for a #GError, or %NULL
 *
 * Links a claim to a source.
 *
 * Returns: %TRUE on success
 */
gboolean
attest_store_link (AttestStore *self,
                   const char  *claim_ref,
                   const char  *source_ref,
                   GError     **error)
{
  g_autoptr(AttestClaim) claim = NULL;
  g_autoptr(AttestSource) source = NULL;
  g_autofree char *now = _attest_store_now_iso8601 ();
  g_autofree char *label = NULL;
  gboolean exists = FALSE;
  gint64 who;

  if (!_attest_store_check_writable (self, error))
    return FALSE;
  if (!(claim = attest_store_get_claim (self, claim_ref, error)) ||
      !(source = attest_store_get_source (self, source_ref, error)))
    return FALSE;
  if (source->document_uuid && g_strcmp0 (source->document_uuid, claim->document_uuid) != 0)
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID,
                   _("The source is cited in another document than the claim"));
      return FALSE;
    }

  if (!_attest_store_begin_write (self, _("linking a source"), error))
    return FALSE;
  if (!link_exists (self, claim->id, source->id, &exists, error))
    goto fail;
  if (exists)
    {
      _attest_store_rollback_write (self);
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_DUPLICATE,
                   _("The claim is already linked to this source"));
      return FALSE;
    }
  if (!(who = _attest_store_annotator_id (self, error)))
    goto fail;
  label = attest_source_dup_label (source);
  if (!_attest_store_insert_link (self, claim->id, source->id, who, now, FALSE, _("linking a source"), error) ||
      !_attest_store_record_history (self, "claim", claim->uuid, "link", "source", NULL, source->uuid, error))
    goto fail;
  return _attest_store_commit_write (self, _("linking a source"), error);

fail:
  _attest_store_rollback_write (self);
  return FALSE;
}

/**
 * attest_store_unlink:
 * @self: a #AttestStore
 * @claim_ref: the claim
 * @source_ref: the source
 * @error: return location for a #GError, or %NULL
 *
 * Removes the link of a claim to a source.
 *
 * Returns: %TRUE on success
 */
gboolean
attest_store_unlink (AttestStore *self,
                     const char  *claim_ref,
                     const char  *source_ref,
                     GError     **error)
{
  static const char sql[] = "DELETE FROM claim_sources WHERE claim_id = ? AND source_id = ?";
  g_autoptr(AttestClaim) claim = NULL;
  g_autoptr(AttestSource) source = NULL;
  sqlite3_stmt *stmt;
  gboolean exists = FALSE;

  if (!_attest_store_check_writable (self, error))
    return FALSE;
  if (!(claim = attest_store_get_claim (self, claim_ref, error)) ||
      !(source = attest_store_get_source (self, source_ref, error)))
    return FALSE;

  if (!_attest_store_begin_write (self, _("unlinking a source"), error))
    return FALSE;
  if (!link_exists (self, claim->id, source->id, &exists, error))
    goto fail;
  if (!exists)
    {
      _attest_store_rollback_write (self);
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_NOT_FOUND,
                   _("The claim is not linked to this source"));
      return FALSE;
    }
  if (!(stmt = _attest_store_prepare (self, sql, error)))
    goto fail;
  sqlite3_bind_int64 (stmt, 1, claim->id);
  sqlite3_bind_int64 (stmt, 2, source->id);
  if (!_attest_store_step_done (self, stmt, _("unlinking a source"), error) ||
      !_attest_store_record_history (self, "claim", claim->uuid, "unlink", "source", source->uuid, NULL, error))
    goto fail;
  return _attest_store_commit_write (self, _("unlinking a source"), error);

fail:
  _attest_store_rollback_write (self);
  return FALSE;
}

/* -------------------------------------------------------------- outlets */

/* A stable id for an outlet's name in the history (it has no uuid of its
 * own): the name, case-folded, hashed into the form of a UUID. */
char *
_attest_store_outlet_history_id (const char *name)
{
  g_autofree char *folded = g_utf8_casefold (name, -1);

  return _attest_store_name_uuid (folded);
}

typedef struct {
  GChecksum *digest;
  GPtrArray *pairs;  /* name, canonical, name, canonical… */
} OutletRows;

static gboolean
read_outlet (sqlite3_stmt *stmt,
             gpointer      data,
             GError      **error)
{
  OutletRows *rows = data;

  for (int c = 0; c < 2; c++)
    {
      const char *text = (const char *) sqlite3_column_text (stmt, c);

      /* With the terminating NUL, so that "ab","c" and "a","bc" differ. */
      g_checksum_update (rows->digest, (const guchar *) text, strlen (text) + 1);
      g_ptr_array_add (rows->pairs, g_strdup (text));
    }
  return TRUE;
}

/* The rows of the outlets table, in the order they were added, and their
 * digest. A file of an older schema has none. */
static gboolean
read_outlets (AttestStore *self,
              OutletRows  *rows,
              GError     **error)
{
  static const char sql[] = "SELECT name, canonical FROM outlets ORDER BY created, name";
  sqlite3_stmt *stmt;

  rows->digest = g_checksum_new (G_CHECKSUM_SHA256);
  rows->pairs = g_ptr_array_new_with_free_func (g_free);
  if (self->schema < 3)
    return TRUE;
  if (!(stmt = _attest_store_prepare (self, sql, error)))
    return FALSE;
  return _attest_store_each_row (self, stmt, read_outlet, rows, _("reading the outlets"), error);
}

static void
outlet_rows_clear (OutletRows *rows)
{
  g_clear_pointer (&rows->digest, g_checksum_free);
  g_clear_pointer (&rows->pairs, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (OutletRows, outlet_rows_clear)

/* The shipped outlets with @rows added. */
static AttestOutlets *
build_outlets (OutletRows *rows)
{
  AttestOutlets *outlets = attest_outlets_new ();

  for (guint i = 0; i + 1 < rows->pairs->len; i += 2)
    attest_outlets_add (outlets, g_ptr_array_index (rows->pairs, i), g_ptr_array_index (rows->pairs, i + 1));
  return outlets;
}

/* The outlets an import scans with (transfer none), built again only when
 * the outlets rows differ from those it was built from: building them for
 * every article was a tenth of an import. Reading the rows (a few dozen)
 * is what it costs to know; whoever changed them (this connection, a
 * merge, another process) makes a new digest. */
AttestOutlets *
_attest_store_outlets (AttestStore *self,
                       GError     **error)
{
  g_auto(OutletRows) rows = { 0 };
  const char *digest;

  if (!read_outlets (self, &rows, error))
    return NULL;
  digest = g_checksum_get_string (rows.digest);
  if (self->outlets == NULL || g_strcmp0 (self->outlets_digest, digest) != 0)
    {
      g_clear_object (&self->outlets);
      self->outlets = build_outlets (&rows);
      g_free (self->outlets_digest);
      self->outlets_digest = g_strdup (digest);
    }
  return self->outlets;
}

/**
 * attest_store_dup_outlets:
 * @self: a #AttestStore
 * @error: return location for a #GError, or %NULL
 *
 * The shipped outlets with those this database's analysts added.
 *
 * Returns: (transfer full) (nullable): the outlets, or %NULL with @error set
 */
AttestOutlets *
attest_store_dup_outlets (AttestStore *self,
                          GError     **error)
{
  g_auto(OutletRows) rows = { 0 };

  g_return_val_if_fail (ATTEST_IS_STORE (self), NULL);

  if (!read_outlets (self, &rows, error))
    return NULL;
  return build_outlets (&rows);
}

/* The one INSERT of the outlets table (see attest-store-private.h): a name
 * known already (in any case) takes the new outlet. */
gboolean
_attest_store_insert_outlet (AttestStore *self,
                             const char  *name,
                             const char  *canonical,
                             const char  *annotator,
                             const char  *created,
                             const char  *doing,
                             GError     **error)
{
  static const char sql[] =
    "INSERT INTO outlets (name, canonical, annotator, created) VALUES (?1, ?2, ?3, ?4)"
    " ON CONFLICT (name) DO UPDATE SET canonical = ?2, annotator = ?3, created = ?4";
  sqlite3_stmt *stmt;

  if (!(stmt = _attest_store_prepare (self, sql, error)))
    return FALSE;
  _attest_store_bind_text (stmt, 1, name);
  _attest_store_bind_text (stmt, 2, canonical);
  _attest_store_bind_text (stmt, 3, annotator);
  _attest_store_bind_text (stmt, 4, created);
  return _attest_store_step_done (self, stmt, doing, error);
}

/**
 * attest_store_add_outlet:
 * @self: a #AttestStore
 * @name: the name
 * @canonical: (nullable): the outlet @name stands for, or %NULL for an outlet of its own
 * @error: return location for a #GError, or %NULL
 *
 * Adds an outlet, or a name of one.
 *
 * Returns: %TRUE on success
 */
gboolean
attest_store_add_outlet (AttestStore *self,
                         const char  *name,
                         const char  *canonical,
                         GError     **error)
{
  static const char old_sql[] = "SELECT canonical FROM outlets WHERE name = ?";
  g_autofree char *variant = name ? g_strstrip (g_strdup (name)) : NULL;
  g_autofree char *target = canonical ? g_strstrip (g_strdup (canonical)) : NULL;
  g_autofree char *now = _attest_store_now_iso8601 ();
  g_autofree char *old = NULL;
  g_autofree char *history_id = NULL;
  g_autoptr(AttestOutlets) known = NULL;
  const char *resolved;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (ATTEST_IS_STORE (self), FALSE);

  if (target != NULL && *target == '\0')
    g_clear_pointer (&target, g_free);
  if (!attest_rules_check_string ("The outlet’s name", variant, -1, ATTEST_RULES_LINE | ATTEST_RULES_REQUIRED, error) ||
      !attest_rules_check_string ("The outlet it is a name of", target, -1, ATTEST_RULES_LINE, error))
    return FALSE;
  if (g_utf8_strlen (variant, -1) > 200 || (target && g_utf8_strlen (target, -1) > 200))
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID, _("An outlet’s name is longer than 200 characters"));
      return FALSE;
    }
  if (self->schema < 3)
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_READ_ONLY,
                   _("This database is of an older version, read as it is: outlets cannot be added to it"));
      return FALSE;
    }

  /* A variant of a variant is a variant of its outlet: "Itar Tass" merged
   * into "ITAR-TASS" joins TASS. */
  if (!(known = attest_store_dup_outlets (self, error)))
    return FALSE;
  if (target != NULL)
    {
      /* Only into an outlet Attest knows: a typo must not make one. */
      if (!(resolved = attest_outlets_lookup (known, target)))
        {
          g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_NOT_FOUND,
                       _("No outlet “%s” is known; add it first"), target);
          return FALSE;
        }
      g_free (target);
      target = g_strdup (resolved);
    }
  else if ((resolved = attest_outlets_lookup (known, variant)) != NULL)
    /* Known already, as itself or as a name of another: nothing to add. */
    return TRUE;
  else
    target = g_strdup (variant);

  if (!_attest_store_begin_write (self, _("adding an outlet"), error))
    return FALSE;
  if (!(stmt = _attest_store_prepare (self, old_sql, error)))
    goto fail;
  _attest_store_bind_text (stmt, 1, variant);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    old = _attest_store_column_dup (stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      _attest_store_set_sqlite_error (self, error, rc, _("adding an outlet"));
      goto fail;
    }
  if (old == NULL && attest_outlets_lookup (known, variant) != NULL)
    old = g_strdup (attest_outlets_lookup (known, variant));
  if (g_strcmp0 (old, target) == 0)
    {
      _attest_store_rollback_write (self);
      return TRUE;
    }

  history_id = _attest_store_outlet_history_id (variant);
  if (!_attest_store_insert_outlet (self, variant, target, attest_store_get_annotator (self), now,
                                    _("adding an outlet"), error) ||
      !_attest_store_record_history (self, "outlet", history_id, old ? "update" : "create", variant,
                                     old, target, error))
    goto fail;
  return _attest_store_commit_write (self, _("adding an outlet"), error);

fail:
  _attest_store_rollback_write (self);
  return FALSE;
}

