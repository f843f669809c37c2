/* attest-store.c — the Attest database: the GObject, its cache of prepared
 * statements, errors, transactions and references.
 *
 * AttestStore is one class split by table over the attest-store-*.c files
 * (see attest-store-private.h); only they speak SQL. Every write runs in
 * BEGIN IMMEDIATE, so a writer waits for the lock up front instead of
 * failing mid-transaction, and records who changed what in the history
 * table. Opening, the schema and the rules SQLite documents for a file
 * several processes share are in attest-store-open.c.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "attest-store.h"

#include <sqlite3.h>
#include <string.h>

#include "attest-error.h"
#include "attest-rules.h"
#include "attest-store-bulk.h"
#include "attest-store-private.h"

G_DEFINE_FINAL_TYPE (AttestStore, attest_store, G_TYPE_OBJECT)

static void
attest_store_finalize (GObject *object)
{
  AttestStore *self = ATTEST_STORE (object);

  g_clear_pointer (&self->statements, g_hash_table_unref);
  _attest_store_close (self);
  g_clear_object (&self->outlets);
  g_free (self->outlets_digest);
  g_free (self->path);
  g_free (self->annotator);
  g_free (self->read_only_reason);

  G_OBJECT_CLASS (attest_store_parent_class)->finalize (object);
}

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
attest_store_class_init (AttestStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = attest_store_finalize;

  /**
   * AttestStore::changed:
   * @self: the store
   *
   * Another connection (a teammate's window or command) committed to the
   * database. Emitted on the main context while the store is watched
   * (attest_store_watch()).
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
finalize_statement (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

static void
attest_store_init (AttestStore *self)
{
  self->annotator = attest_rules_dup_default_annotator_name ();
  self->statements = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL,
                                            finalize_statement);
}

/**
 * attest_search_hit_free:
 * @hit: (nullable) (transfer full): a hit of attest_store_search()
 *
 * Frees @hit.
 */
void
attest_search_hit_free (AttestSearchHit *hit)
{
  if (hit == NULL)
    return;
  g_clear_object (&hit->document);
  g_free (hit->snippet);
  g_free (hit->snippet_marked);
  g_free (hit);
}

/* ---------------------------------------------------------------- errors */

/* Turns an SQLite result code into one of ours, with words a user can act on.
 * @doing is already translated: the callers pass _("saving the claim") and
 * the like, a phrase that fits "while %s" in these messages. */
gboolean
_attest_store_set_sqlite_error (AttestStore *self,
                  GError     **error,
                  int          rc,
                  const char  *doing)
{
  const char *detail = self->db ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc);
  /* Translators: stands for the file name in the messages below when the
   * database has none */
  const char *name = self->path ? self->path : _("the database");

  switch (rc & 0xff)
    {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_BUSY,
                   /* Translators: the first %s is a file name, the second what was being
                    * done, e.g. “saving the claim” */
                   _("The database “%s” stayed locked by another program while %s; try again"),
                   name, doing);
      break;
    case SQLITE_FULL:
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_FULL,
                   /* Translators: the first %s is a file name, the second what was being
                    * done, e.g. “saving the claim” */
                   _("The disk holding “%s” is full; %s failed and nothing was changed"),
                   name, doing);
      break;
    case SQLITE_READONLY:
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_READ_ONLY,
                   /* Translators: the first %s is a file name, the second what was being
                    * done, e.g. “saving the claim” */
                   _("The database “%s” is read-only; %s is not possible"), name, doing);
      break;
    case SQLITE_NOTADB:
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_NOT_OURS,
                   _("“%s” is not an Attest database (not an SQLite file)"), name);
      break;
    case SQLITE_CORRUPT:
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_CORRUPT,
                   _("The database “%s” is damaged (%s); nothing was written"), name, detail);
      break;
    case SQLITE_IOERR:
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_DISK,
                   /* Translators: the first %s is a file name; “while %s” gets what was being
                    * done, e.g. “saving the claim”; the last %s is SQLite’s own English message */
                   _("Could not access “%s” while %s: %s"), name, doing, detail);
      break;
    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_IO,
                   _("Could not access “%s” while %s: %s"), name, doing, detail);
      break;
    case SQLITE_CONSTRAINT:
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID,
                   /* Translators: the first %s is what was being done, e.g. “saving the
                    * claim”; the second SQLite’s own English message */
                   _("Refused while %s: %s"), doing, detail);
      break;
    default:
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_FAILED,
                   /* Translators: the first %s is what was being done, e.g. “saving the
                    * claim”; the second SQLite’s own English message */
                   _("Database error while %s: %s"), doing, detail);
      break;
    }
  return FALSE;
}

gboolean
_attest_store_check_writable (AttestStore *self,
                GError     **error)
{
  if (!self->read_only)
    return TRUE;

  g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_READ_ONLY,
               /* Translators: %s is a file name; “%s%s%s” becomes “ (the reason)”,
                * e.g. “ (the file is not writable)”, or nothing */
               _("The database “%s” is open read-only%s%s%s; nothing can be changed"),
               self->path,
               self->read_only_reason ? " (" : "",
               self->read_only_reason ? self->read_only_reason : "",
               self->read_only_reason ? ")" : "");
  return FALSE;
}

/* ------------------------------------------------------------ statements */

/* Returns a cached, reset statement for @sql, a string literal. */
sqlite3_stmt *
_attest_store_prepare (AttestStore *self,
         const char  *sql,
         GError     **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (self->statements, sql);
  int rc;

  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }

  rc = sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      _attest_store_set_sqlite_error (self, error, rc, _("preparing a query"));
      return NULL;
    }

  g_hash_table_insert (self->statements, (gpointer) sql, stmt);
  return stmt;
}

void
_attest_store_bind_text (sqlite3_stmt *stmt,
           int           index,
           const char   *text)
{
  if (text == NULL)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
}

char *
_attest_store_column_dup (sqlite3_stmt *stmt,
            int           index)
{
  const unsigned char *text = sqlite3_column_text (stmt, index);

  return text ? g_strdup ((const char *) text) : NULL;
}

/* The one loop over a statement's rows: calls @func (when not NULL) on
 * each, then resets @stmt. A failed step is reported as @doing; a @func
 * that fails stops the loop with its own error. */
gboolean
_attest_store_each_row (AttestStore         *self,
                        sqlite3_stmt        *stmt,
                        AttestStoreEachFunc  func,
                        gpointer             data,
                        const char          *doing,
                        GError             **error)
{
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    if (func != NULL && !func (stmt, data, error))
      {
        sqlite3_reset (stmt);
        return FALSE;
      }
  return _attest_store_step_failed (self, stmt, rc, doing, error);
}

typedef struct {
  AttestStoreRowFunc  row_to_object;
  GPtrArray          *into;
} Collect;

static gboolean
collect_one (sqlite3_stmt *stmt,
             gpointer      data,
             GError      **error)
{
  Collect *c = data;

  g_ptr_array_add (c->into, c->row_to_object (stmt));
  return TRUE;
}

/* Adds @row_to_object of each row to @into, in the order of the rows. */
gboolean
_attest_store_collect (AttestStore         *self,
                       sqlite3_stmt        *stmt,
                       AttestStoreRowFunc   row_to_object,
                       GPtrArray           *into,
                       const char          *doing,
                       GError             **error)
{
  Collect c = { row_to_object, into };

  return _attest_store_each_row (self, stmt, collect_one, &c, doing, error);
}

/* Row functions for the common cases: the first column's text added to
 * the GStrvBuilder @data, or its integer to the GArray of gint64 @data. */
gboolean
_attest_store_row_add_text (sqlite3_stmt *stmt,
                            gpointer      data,
                            GError      **error)
{
  g_strv_builder_add (data, (const char *) sqlite3_column_text (stmt, 0));
  return TRUE;
}

gboolean
_attest_store_row_add_id (sqlite3_stmt *stmt,
                          gpointer      data,
                          GError      **error)
{
  gint64 id = sqlite3_column_int64 (stmt, 0);

  g_array_append_val ((GArray *) data, id);
  return TRUE;
}

/* Runs a statement that returns no rows (or whose rows we ignore). */
gboolean
_attest_store_step_done (AttestStore  *self,
                         sqlite3_stmt *stmt,
                         const char   *doing,
                         GError      **error)
{
  return _attest_store_each_row (self, stmt, NULL, NULL, doing, error);
}

const char *
_attest_store_column_text (sqlite3_stmt *stmt,
                           int           index)
{
  return (const char *) sqlite3_column_text (stmt, index);
}

/* Resets @stmt after its last step @rc: an error unless it was DONE. */
gboolean
_attest_store_step_failed (AttestStore  *self,
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

/* Binds @id, or NULL for 0. */
void
_attest_store_bind_id (sqlite3_stmt *stmt,
                       int           index,
                       gint64        id)
{
  if (id != 0)
    sqlite3_bind_int64 (stmt, index, id);
  else
    sqlite3_bind_null (stmt, index);
}

/* Runs a query that returns at most one row with one integer; 0 if none. */
gboolean
_attest_store_query_id (AttestStore  *self,
                        sqlite3_stmt *stmt,
                        gint64       *out_id,
                        const char   *doing,
                        GError      **error)
{
  int rc = sqlite3_step (stmt);

  *out_id = rc == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return _attest_store_set_sqlite_error (self, error, rc, doing);
  return TRUE;
}

/* A uuid named by @name (SHA-1, in the form of a version 5 uuid): the same
 * in every copy, for rows that copies make apart but must agree on. */
char *
_attest_store_name_uuid (const char *name)
{
  g_autofree char *sha = g_compute_checksum_for_string (G_CHECKSUM_SHA1, name, -1);

  return g_strdup_printf ("%.8s-%.4s-5%.3s-8%.3s-%.12s", sha, sha + 8, sha + 13, sha + 17, sha + 20);
}

/* ---------------------------------------------------------- transactions */

/* BEGIN IMMEDIATE takes the write lock at once. The busy timeout already
 * waits BUSY_TIMEOUT_MS; on top of that we retry a few times with a growing
 * pause, so that a burst of writers from several processes never surfaces a
 * raw SQLITE_BUSY to the user. */
gboolean
_attest_store_begin_write (AttestStore *self,
             const char  *doing,
             GError     **error)
{
  int rc = SQLITE_OK;

  /* Inside another write (settling a conflict saves the edit and its
   * record as one), a savepoint: all or nothing with the outer one. */
  if (!sqlite3_get_autocommit (self->db))
    {
      if (!_attest_store_check_writable (self, error))
        return FALSE;
      rc = sqlite3_exec (self->db, "SAVEPOINT attest_nested", NULL, NULL, NULL);
      if (rc != SQLITE_OK)
        return _attest_store_set_sqlite_error (self, error, rc, doing);
      self->nested_writes++;
      return TRUE;
    }
  self->nested_writes = 0;

  if (!_attest_store_check_writable (self, error) || !_attest_store_check_files (self, error))
    return FALSE;

  for (int attempt = 0; attempt < BUSY_RETRIES; attempt++)
    {
      rc = sqlite3_exec (self->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
      if (rc != SQLITE_BUSY && rc != SQLITE_LOCKED)
        break;
      g_usleep ((1 << attempt) * 10 * G_TIME_SPAN_MILLISECOND);
    }

  if (rc != SQLITE_OK)
    return _attest_store_set_sqlite_error (self, error, rc, doing);
  return TRUE;
}

gboolean
_attest_store_commit_write (AttestStore *self,
              const char  *doing,
              GError     **error)
{
  int rc = SQLITE_OK;

  if (self->nested_writes > 0)
    {
      rc = sqlite3_exec (self->db, "RELEASE attest_nested", NULL, NULL, NULL);
      if (rc != SQLITE_OK)
        {
          _attest_store_set_sqlite_error (self, error, rc, doing);
          _attest_store_rollback_write (self);
          return FALSE;
        }
      self->nested_writes--;
      return TRUE;
    }

  for (int attempt = 0; attempt < BUSY_RETRIES; attempt++)
    {
      rc = sqlite3_exec (self->db, "COMMIT", NULL, NULL, NULL);
      if (rc != SQLITE_BUSY)
        break;
      g_usleep ((1 << attempt) * 10 * G_TIME_SPAN_MILLISECOND);
    }

  if (rc != SQLITE_OK)
    {
      /* Word the error before the rollback: it replaces sqlite3_errmsg(). */
      _attest_store_set_sqlite_error (self, error, rc, doing);
      _attest_store_rollback_write (self);
      return FALSE;
    }
  return TRUE;
}

void
_attest_store_rollback_write (AttestStore *self)
{
  /* Harmless if SQLite already rolled back (e.g. after SQLITE_FULL). */
  if (sqlite3_get_autocommit (self->db))
    self->nested_writes = 0;
  else if (self->nested_writes > 0)
    {
      /* Undo the inner write only; the outer one decides the rest. */
      sqlite3_exec (self->db, "ROLLBACK TO attest_nested; RELEASE attest_nested", NULL, NULL, NULL);
      self->nested_writes--;
    }
  else
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
}

/* ----------------------------------------------------------------- misc */

char *
_attest_store_now_iso8601 (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
}
/* A ref is the row id (all digits), the full uuid, or a unique uuid prefix of
 * at least four characters; that is what people type on the command line. */
static gint64 resolve_ref (AttestStore *self, const char *table, const char *what, const char *ref,
                           gboolean numbers, GError **error);

gint64
_attest_store_resolve_ref (AttestStore *self,
             const char  *table,
             const char  *what,
             const char  *ref,
             GError     **error)
{
  return resolve_ref (self, table, what, ref, TRUE, error);
}

/* Citations are shown by their ids only, never by row number: "12345678",
 * the start of an id, must not name row 12345678. */
gint64
_attest_store_resolve_id_ref (AttestStore *self,
                              const char  *table,
                              const char  *what,
                              const char  *ref,
                              GError     **error)
{
  return resolve_ref (self, table, what, ref, FALSE, error);
}

/* All digits may be a row number or the start of a uuid ("624235…"); the
 * candidates come best first: the whole uuid, then the row number (as the
 * CLI lists it, and as row 4785 must stay row 4785 whatever uuids begin
 * with 4785), then prefixes, of which only one may match. */
#define RESOLVE_SQL(table) \
  "SELECT id, uuid = ?2 OR id IS ?1 FROM " table " WHERE uuid = ?2 OR id IS ?1" \
  " OR (uuid >= ?3 AND uuid < ?4)" \
  " ORDER BY uuid = ?2 DESC, id IS ?1 DESC LIMIT 2"

/* One text per table, so that the statement is prepared once (an export
 * looks up every document). The table name comes from our own callers. */
static const char *
resolve_sql (const char *table)
{
  static const char documents_sql[] = RESOLVE_SQL ("documents");
  static const char claims_sql[] = RESOLVE_SQL ("claims");
  static const char sources_sql[] = RESOLVE_SQL ("sources");
  static const char citations_sql[] = RESOLVE_SQL ("citations");

  if (g_str_equal (table, "documents"))
    return documents_sql;
  if (g_str_equal (table, "claims"))
    return claims_sql;
  if (g_str_equal (table, "sources"))
    return sources_sql;
  g_assert (g_str_equal (table, "citations"));
  return citations_sql;
}

static gint64
resolve_ref (AttestStore *self,
             const char  *table,
             const char  *what,
             const char  *ref,
             gboolean     numbers,
             GError     **error)
{
  g_autofree char *upper = NULL;
  const char *sql = resolve_sql (table);
  sqlite3_stmt *stmt = NULL;
  gboolean numeric = numbers && ref != NULL && *ref != '\0';
  gint64 id = 0;
  int n = 0;
  int rc;

  if (ref == NULL || *ref == '\0')
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_NOT_FOUND, "No %s was named", what);
      return 0;
    }

  for (const char *p = ref; *p; p++)
    if (!g_ascii_isdigit (*p))
      numeric = FALSE;

  if (!(stmt = _attest_store_prepare (self, sql, error)))
    return 0;
  if (numeric)
    sqlite3_bind_int64 (stmt, 1, g_ascii_strtoll (ref, NULL, 10));
  _attest_store_bind_text (stmt, 2, ref);
  /* A prefix of four characters or more: the range [ref, ref + U+007F)
   * of the uuid index holds every uuid that starts with it (uuids are
   * ASCII), and is read through the index rather than by a scan. */
  if (strlen (ref) >= 4)
    {
      upper = g_strconcat (ref, "\x7f", NULL);
      _attest_store_bind_text (stmt, 3, ref);
      _attest_store_bind_text (stmt, 4, upper);
    }

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      if (n++ == 0)
        {
          id = sqlite3_column_int64 (stmt, 0);
          /* A whole uuid or a row number: no need to look further. */
          if (sqlite3_column_int (stmt, 1))
            {
              rc = SQLITE_DONE;
              break;
            }
        }
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      _attest_store_set_sqlite_error (self, error, rc, _("looking up a reference"));
      return 0;
    }
  if (n == 0)
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_NOT_FOUND, "No %s “%s”", what, ref);
      return 0;
    }
  if (n > 1)
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_NOT_FOUND,
                   "“%s” names more than one %s; give more of its id", ref, what);
      return 0;
    }
  return id;
}

/**
 * attest_store_get_path:
 * @self: a #AttestStore
 *
 * The database's file.
 *
 * Returns: (transfer none) (type filename): its path
 */
const char *
attest_store_get_path (AttestStore *self)
{
  g_return_val_if_fail (ATTEST_IS_STORE (self), NULL);
  return self->path;
}

/**
 * attest_store_is_read_only:
 * @self: a #AttestStore
 *
 * Whether this store refuses writes.
 *
 * Returns: %TRUE when read-only
 */
gboolean
attest_store_is_read_only (AttestStore *self)
{
  g_return_val_if_fail (ATTEST_IS_STORE (self), TRUE);
  return self->read_only;
}

/**
 * attest_store_get_read_only_reason:
 * @self: a #AttestStore
 *
 * Why this store is read-only, in words for the user.
 *
 * Returns: (transfer none) (nullable): the reason, or %NULL when writable
 */
const char *
attest_store_get_read_only_reason (AttestStore *self)
{
  g_return_val_if_fail (ATTEST_IS_STORE (self), NULL);
  return self->read_only ? self->read_only_reason : NULL;
}

/**
 * attest_store_set_annotator:
 * @self: a #AttestStore
 * @name: the annotator's name
 * @error: return location for a #GError, or %NULL
 *
 * Sets who is stamped on this store's changes.
 *
 * Returns: %TRUE when @name was taken
 */
gboolean
attest_store_set_annotator (AttestStore *self,
                            const char  *name,
                            GError     **error)
{
  g_autofree char *trimmed = NULL;

  g_return_val_if_fail (ATTEST_IS_STORE (self), FALSE);

  if (!(trimmed = attest_rules_annotator_name (name, error)))
    return FALSE;
  g_free (self->annotator);
  self->annotator = g_steal_pointer (&trimmed);
  return TRUE;
}

/**
 * attest_store_get_annotator:
 * @self: a #AttestStore
 *
 * Who is stamped on this store's changes.
 *
 * Returns: (transfer none): the annotator's name
 */
const char *
attest_store_get_annotator (AttestStore *self)
{
  g_return_val_if_fail (ATTEST_IS_STORE (self), NULL);
  return self->annotator;
}

/* ------------------------------------------------------------ sharing */

/**
 * attest_store_get_data_version:
 * @self: a #AttestStore
 *
 * PRAGMA data_version changes when another connection commits: polling it
 * is how open windows notice their teammates' work (sqlite.org/pragma).
 *
 * Returns: the data version
 */
gint64
attest_store_get_data_version (AttestStore *self)
{
  static const char sql[] = "PRAGMA data_version";
  sqlite3_stmt *stmt;
  gint64 version = -1;

  g_return_val_if_fail (ATTEST_IS_STORE (self), -1);

  /* Reading would take the locks a file chooser may drop. */
  if (self->parked)
    return self->data_version;
  if (!_attest_store_check_files (self, NULL) || !(stmt = _attest_store_prepare (self, sql, NULL)))
    return -1;
  /* A new connection starts counting again, and could answer the number
   * the old one last gave: the connections are told apart above it. */
  if (sqlite3_step (stmt) == SQLITE_ROW)
    version = sqlite3_column_int64 (stmt, 0) + ((gint64) self->reconnects << 32);
  sqlite3_reset (stmt);
  self->data_version = version;
  return version;
}

/* Watching: a timeout polls the data version and emits ::changed when it
 * moved. The watch hangs off the store as object data, so that only
 * watched stores (the window's) carry it and it goes with the store. */
#define WATCH_KEY         "attest-store-watch"
#define WATCH_INTERVAL_MS 500  /* teammates' commits show up within about a second (DESIGN.md) */

typedef struct {
  AttestStore *store;     /* not a reference: the watch is the store's data */
  guint        source;
  guint        count;     /* attest_store_watch() calls not undone yet */
  gint64       version;   /* the last one seen */
} StoreWatch;

static void
store_watch_free (gpointer data)
{
  StoreWatch *watch = data;

  g_clear_handle_id (&watch->source, g_source_remove);
  g_free (watch);
}

static gboolean
store_watch_poll (gpointer data)
{
  StoreWatch *watch = data;
  gint64 version = attest_store_get_data_version (watch->store);
  g_autoptr(AttestStore) store = NULL;

  /* Parked, the store answers the last version read: nothing changes. */
  if (version == watch->version)
    return G_SOURCE_CONTINUE;
  watch->version = version;

  /* A handler may let the store go (and the watch with it). */
  store = g_object_ref (watch->store);
  g_signal_emit (store, signals[CHANGED], 0);
  return G_SOURCE_CONTINUE;
}

/**
 * attest_store_watch:
 * @self: a #AttestStore
 *
 * Starts polling for other programs' changes.
 */
void
attest_store_watch (AttestStore *self)
{
  StoreWatch *watch;

  g_return_if_fail (ATTEST_IS_STORE (self));

  if (!(watch = g_object_get_data (G_OBJECT (self), WATCH_KEY)))
    {
      watch = g_new0 (StoreWatch, 1);
      watch->store = self;
      watch->version = attest_store_get_data_version (self);
      watch->source = g_timeout_add (WATCH_INTERVAL_MS, store_watch_poll, watch);
      g_object_set_data_full (G_OBJECT (self), WATCH_KEY, watch, store_watch_free);
    }
  watch->count++;
}

/**
 * attest_store_unwatch:
 * @self: a #AttestStore
 *
 * Stops what attest_store_watch() started.
 */
void
attest_store_unwatch (AttestStore *self)
{
  StoreWatch *watch;

  g_return_if_fail (ATTEST_IS_STORE (self));
  g_return_if_fail ((watch = g_object_get_data (G_OBJECT (self), WATCH_KEY)) != NULL);

  if (--watch->count == 0)
    g_object_set_data (G_OBJECT (self), WATCH_KEY, NULL);
}

/* ----------------------------------------------------------------- check */

typedef struct {
  const char *format;
  GPtrArray  *problems;
} Problems;

static gboolean
add_problem (sqlite3_stmt *stmt,
             gpointer      data,
             GError      **error)
{
  Problems *p = data;
  const char *a = (const char *) sqlite3_column_text (stmt, 0);
  const char *b = sqlite3_column_count (stmt) > 1 ? (const char *) sqlite3_column_text (stmt, 1) : NULL;

  if (g_strcmp0 (a, "ok") == 0 && b == NULL)
    return TRUE;
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
  g_ptr_array_add (p->problems, g_strdup_printf (p->format, a ? a : "", b ? b : ""));
#pragma GCC diagnostic pop
  return TRUE;
}

static gboolean
collect_rows (AttestStore *self,
              const char  *sql,
              const char  *format,
              GPtrArray   *problems,
              GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL);
  gboolean ok;

  if (rc != SQLITE_OK)
    return _attest_store_set_sqlite_error (self, error, rc, _("checking the database"));

  ok = _attest_store_each_row (self, stmt, add_problem, &(Problems) { format, problems },
                               _("checking the database"), error);
  sqlite3_finalize (stmt);
  return ok;
}

/* A source that breaks the rules every copy of a row is checked by
 * (written before a rule, or by another program): a merge of this
 * database would refuse it. */
static gboolean
check_source_row (const AttestSourceRow *row,
                  gpointer               user_data,
                  GError               **error)
{
  GPtrArray *found = user_data;
  g_autoptr(GError) broken = NULL;

  if (!attest_rules_check_source (row, &broken))
    g_ptr_array_add (found, g_strdup_printf ("source %s: %s", row->uuid, broken->message));
  return TRUE;
}

/**
 * attest_store_check:
 * @self: a #AttestStore
 * @problems: (out) (optional) (transfer full) (element-type utf8): what was found
 * @error: return location for a #GError, or %NULL
 *
 * Checks the database's integrity. What is found is a result, not an error:
 * it goes in @problems, empty when the database is sound.
 *
 * Returns: %TRUE when the check ran (see @problems); %FALSE with @error set
 *   when it could not
 */
gboolean
attest_store_check (AttestStore *self,
                    GPtrArray  **problems,
                    GError     **error)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) docs = NULL;

  /* SQLite's substr() counts characters, the unit of our offsets. */
  if (!collect_rows (self, "PRAGMA integrity_check", "integrity: %s%s", found, error) ||
      !collect_rows (self, "SELECT \"table\", parent FROM pragma_foreign_key_check",
                     "a row of %s points to a missing %s", found, error) ||
      !collect_rows (self,
                     "SELECT c.uuid, d.uuid FROM claims c JOIN documents d ON d.id = c.document_id"
                     " WHERE NOT c.deleted AND (c.\"end\" > d.length"
                     "  OR substr (d.text, c.start + 1, c.\"end\" - c.start) IS NOT c.quote)",
                     "claim %s: its quote no longer matches the text of document %s at its offsets",
                     found, error) ||
      !collect_rows (self,
                     "SELECT t.uuid, d.uuid FROM citations t JOIN documents d ON d.id = t.document_id"
                     " WHERE substr (d.text, t.start + 1, t.\"end\" - t.start) IS NOT t.text",
                     "citation %s: its text no longer matches document %s", found, error) ||
      /* Up from each category, one step per category at most: one that
       * comes back to itself is in a parent cycle, which leaves the
       * taxonomy without a top to nest from. */
      !collect_rows (self,
                     "WITH RECURSIVE up (start, at, n) AS ("
                     "  SELECT key, parent_key, 1 FROM categories WHERE parent_key IS NOT NULL"
                     "  UNION ALL SELECT up.start, k.parent_key, up.n + 1 FROM up JOIN categories k ON k.key = up.at"
                     "  WHERE up.at != up.start AND k.parent_key IS NOT NULL"
                     "  AND up.n <= (SELECT count (*) FROM categories))"
                     " SELECT DISTINCT start FROM up WHERE at = start ORDER BY start",
                     "category %s: its parents lead back to it (a cycle)%s", found, error))
    return FALSE;

  if (!(docs = attest_store_list_documents (self, error)))
    return FALSE;
  for (guint i = 0; i < docs->len; i++)
    {
      AttestDocument *listed = g_ptr_array_index (docs, i);
      g_autoptr(AttestDocument) doc = _attest_store_get_document_by_id (self, listed->id, FALSE, error);
      static const char sql[] = "SELECT text FROM documents WHERE id = ?";
      g_autofree char *sha = NULL;
      sqlite3_stmt *stmt;
      int rc;

      if (doc == NULL || !(stmt = _attest_store_prepare (self, sql, error)))
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, doc->id);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        sha = g_compute_checksum_for_string (G_CHECKSUM_SHA256,
                                             (const char *) sqlite3_column_text (stmt, 0), -1);
      sqlite3_reset (stmt);
      if (rc != SQLITE_ROW)
        return _attest_store_set_sqlite_error (self, error, rc, _("checking the database"));
      if (g_strcmp0 (sha, doc->sha256) != 0)
        g_ptr_array_add (found, g_strdup_printf ("document %s: its text was altered after import "
                                                 "(SHA-256 differs)", doc->uuid));
      if (!attest_store_foreach_source (self, doc->id, NULL, check_source_row, found, error))
        return FALSE;
    }
  /* The outside sources too: what a merge or an import would refuse of
   * this database is said here first. */
  if (!attest_store_foreach_source (self, 0, NULL, check_source_row, found, error))
    return FALSE;

  if (problems)
    *problems = g_ptr_array_ref (found);
  return TRUE;
}
