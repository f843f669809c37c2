/* attest-store.c — the Attest database, and the only file that speaks SQL.
 *
 * What it owns: the sqlite3 handle, the schema and its migrations, a cache of
 * prepared statements, and the rules SQLite documents for a file several
 * processes share (see attest-store.h). Every write runs in BEGIN IMMEDIATE,
 * so a writer waits for the lock up front instead of failing mid-transaction,
 * and records who changed what in the history table.
 */
#include "config.h"

#include "attest-store.h"

#include <errno.h>
#include <json-glib/json-glib.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include "attest-citation-scanner.h"
#include "attest-date.h"
#include "attest-error.h"
#include "attest-output-file.h"
#include "attest-rules.h"
#include "attest-store-private.h"
#include "attest-store-schema.h"

#define BUSY_TIMEOUT_MS 5000
#define BUSY_RETRIES    4


G_DEFINE_FINAL_TYPE (AttestStore, attest_store, G_TYPE_OBJECT)

static void unregister_open_file (gpointer entry);
static gboolean files_moved (AttestStore *self);
static void close_leaving_wal (sqlite3 *db);

static void
attest_store_finalize (GObject *object)
{
  AttestStore *self = ATTEST_STORE (object);

  g_clear_pointer (&self->statements, g_hash_table_unref);
  /* The last user checkpoints and removes the WAL, by its name: not if
   * the name is now another process's WAL. */
  if (self->db != NULL && files_moved (self))
    close_leaving_wal (self->db);
  else if (self->db != NULL)
    sqlite3_close_v2 (self->db);
  if (self->open_file != NULL)
    unregister_open_file (self->open_file);
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
  self->annotator = attest_rules_default_annotator_name ();
  self->statements = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL,
                                            finalize_statement);
}

void
attest_search_hit_free (AttestSearchHit *hit)
{
  if (hit == NULL)
    return;
  g_clear_object (&hit->document);
  g_free (hit->snippet);
  g_free (hit);
}

/* ---------------------------------------------------------------- errors */

/* Turns an SQLite result code into one of ours, with words a user can act on. */
gboolean
_attest_store_set_sqlite_error (AttestStore *self,
                  GError     **error,
                  int          rc,
                  const char  *doing)
{
  const char *detail = self->db ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc);
  const char *name = self->path ? self->path : "the database";

  switch (rc & 0xff)
    {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_BUSY,
                   "The database “%s” stayed locked by another program while %s; try again",
                   name, doing);
      break;
    case SQLITE_FULL:
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_FULL,
                   "The disk holding “%s” is full; %s failed and nothing was changed",
                   name, doing);
      break;
    case SQLITE_READONLY:
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_READ_ONLY,
                   "The database “%s” is read-only; %s is not possible", name, doing);
      break;
    case SQLITE_NOTADB:
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_NOT_OURS,
                   "“%s” is not an Attest database (not an SQLite file)", name);
      break;
    case SQLITE_CORRUPT:
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_CORRUPT,
                   "The database “%s” is damaged (%s); nothing was written", name, detail);
      break;
    case SQLITE_IOERR:
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_DISK,
                   "Could not access “%s” while %s: %s", name, doing, detail);
      break;
    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_IO,
                   "Could not access “%s” while %s: %s", name, doing, detail);
      break;
    case SQLITE_CONSTRAINT:
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID,
                   "Refused while %s: %s", doing, detail);
      break;
    default:
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_FAILED,
                   "Database error while %s: %s", doing, detail);
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
               "The database “%s” is open read-only%s%s%s; nothing can be changed",
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
      _attest_store_set_sqlite_error (self, error, rc, "preparing a query");
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

/* Runs a statement that returns no rows (or whose rows we ignore). */
gboolean
_attest_store_step_done (AttestStore  *self,
           sqlite3_stmt *stmt,
           const char   *doing,
           GError      **error)
{
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    ;
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _attest_store_set_sqlite_error (self, error, rc, doing);
  return TRUE;
}

static gboolean
exec (AttestStore *self,
      const char  *sql,
      const char  *doing,
      GError     **error)
{
  int rc = sqlite3_exec (self->db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    return _attest_store_set_sqlite_error (self, error, rc, doing);
  return TRUE;
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
  if (!sqlite3_get_autocommit (self->db))
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
}

/* ----------------------------------------------------------------- misc */

char *
_attest_store_now_iso8601 (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
}

gboolean
_attest_store_record_history (AttestStore *self,
                const char  *entity,
                const char  *entity_uuid,
                const char  *action,
                const char  *field,
                const char  *old_value,
                const char  *new_value,
                GError     **error)
{
  static const char sql[] =
    "INSERT INTO history (uuid, at, annotator, entity, entity_uuid, action,"
    " field, old_value, new_value) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
  g_autofree char *uuid = g_uuid_string_random ();
  g_autofree char *at = _attest_store_now_iso8601 ();
  sqlite3_stmt *stmt;

  if (!(stmt = _attest_store_prepare (self, sql, error)))
    return FALSE;

  _attest_store_bind_text (stmt, 1, uuid);
  _attest_store_bind_text (stmt, 2, at);
  _attest_store_bind_text (stmt, 3, self->annotator);
  _attest_store_bind_text (stmt, 4, entity);
  _attest_store_bind_text (stmt, 5, entity_uuid);
  _attest_store_bind_text (stmt, 6, action);
  _attest_store_bind_text (stmt, 7, field);
  _attest_store_bind_text (stmt, 8, old_value);
  _attest_store_bind_text (stmt, 9, new_value);

  return _attest_store_step_done (self, stmt, "recording the history", error);
}

/* The current annotator's row id, created on first use. Call inside a write. */
gint64
_attest_store_annotator_id (AttestStore *self,
              GError     **error)
{
  static const char select_sql[] = "SELECT id FROM annotators WHERE name = ?";
  static const char insert_sql[] = "INSERT INTO annotators (uuid, name) VALUES (?, ?)";
  g_autofree char *uuid = NULL;
  sqlite3_stmt *stmt;
  int rc;

  if (!(stmt = _attest_store_prepare (self, select_sql, error)))
    return 0;
  _attest_store_bind_text (stmt, 1, self->annotator);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      sqlite3_reset (stmt);
      return id;
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _attest_store_set_sqlite_error (self, error, rc, "looking up the annotator");
      return 0;
    }

  if (!(stmt = _attest_store_prepare (self, insert_sql, error)))
    return 0;
  uuid = g_uuid_string_random ();
  _attest_store_bind_text (stmt, 1, uuid);
  _attest_store_bind_text (stmt, 2, self->annotator);
  if (!_attest_store_step_done (self, stmt, "adding the annotator", error))
    return 0;

  return sqlite3_last_insert_rowid (self->db);
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

static gint64
resolve_ref (AttestStore *self,
             const char  *table,
             const char  *what,
             const char  *ref,
             gboolean     numbers,
             GError     **error)
{
  g_autofree char *sql = NULL;
  g_autofree char *upper = NULL;
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

  /* The table name comes from our own callers, never from input. All
   * digits may be a row number or the start of a uuid ("624235…"); the
   * candidates come best first: the whole uuid, then the row number (as
   * the CLI lists it, and as row 4785 must stay row 4785 whatever uuids
   * begin with 4785), then prefixes, of which only one may match. */
  sql = g_strdup_printf ("SELECT id, uuid = ?2 OR id IS ?1 FROM %s WHERE uuid = ?2 OR id IS ?1"
                         " OR (uuid >= ?3 AND uuid < ?4)"
                         " ORDER BY uuid = ?2 DESC, id IS ?1 DESC LIMIT 2", table);

  rc = sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      _attest_store_set_sqlite_error (self, error, rc, "looking up a reference");
      return 0;
    }
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
  sqlite3_finalize (stmt);

  if (rc != SQLITE_DONE)
    {
      _attest_store_set_sqlite_error (self, error, rc, "looking up a reference");
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

/* ------------------------------------------------------ open databases */

/* The database files this process has open. POSIX locks belong to the
 * process, and closing any descriptor of a file drops them all: reading or
 * replacing the database through another descriptor — an import of the
 * file, an export onto it — would leave SQLite's connections without
 * their locks while they write, and another process would think nobody
 * uses the file (sqlite.org, "How To Corrupt An SQLite Database File",
 * 2.2). So files the user names are checked against this list first. */
typedef struct {
  dev_t        dev;
  ino_t        ino;
  char        *canonical;
  AttestStore *store;   /* not a reference: removed before it is finalized */
  GThread     *thread;  /* that opened it, and uses it */
} OpenFile;

static GMutex     open_files_lock;
static GPtrArray *open_files;

static void
open_file_free (OpenFile *f)
{
  g_free (f->canonical);
  g_free (f);
}

/* @path with symbolic links and ".." resolved; the file need not exist. */
static char *
canonical_path (const char *path)
{
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  char *real;
  char *result;

  if ((real = realpath (path, NULL)) != NULL)
    {
      result = g_strdup (real);
      free (real);
      return result;
    }
  dir = g_path_get_dirname (path);
  base = g_path_get_basename (path);
  if ((real = realpath (dir, NULL)) != NULL)
    {
      result = g_build_filename (real, base, NULL);
      free (real);
      return result;
    }
  return g_canonicalize_filename (path, NULL);
}

static OpenFile *
register_open_file (AttestStore *store,
                    const char  *path)
{
  OpenFile *f = g_new0 (OpenFile, 1);
  struct stat st;

  f->store = store;
  f->thread = g_thread_self ();
  if (stat (path, &st) == 0)
    {
      f->dev = st.st_dev;
      f->ino = st.st_ino;
    }
  f->canonical = canonical_path (path);

  g_mutex_lock (&open_files_lock);
  if (open_files == NULL)
    open_files = g_ptr_array_new_with_free_func ((GDestroyNotify) open_file_free);
  g_ptr_array_add (open_files, f);
  g_mutex_unlock (&open_files_lock);
  return f;
}

static void
unregister_open_file (gpointer f)
{
  g_mutex_lock (&open_files_lock);
  g_ptr_array_remove_fast (open_files, f);
  g_mutex_unlock (&open_files_lock);
}

static gboolean
same_file (const struct stat *st,
           const char        *path)
{
  struct stat other;

  return stat (path, &other) == 0 && other.st_dev == st->st_dev && other.st_ino == st->st_ino;
}

typedef enum {
  NOT_OPEN,
  OPEN_DATABASE,   /* the database file itself, by any name */
  OPEN_SIDE_FILE,  /* its -wal, -shm or -journal */
} OpenKind;

/* Whether @path is a file of a database this process has open; its
 * canonical name in @out_database. */
static OpenKind
lookup_open_file (const char  *path,
                  char       **out_database)
{
  static const char * const suffixes[] = { "", "-wal", "-shm", "-journal" };
  g_autofree char *canonical = canonical_path (path);
  OpenKind kind = NOT_OPEN;
  struct stat st;
  gboolean exists = stat (path, &st) == 0;

  g_mutex_lock (&open_files_lock);
  for (guint i = 0; open_files && i < open_files->len && kind == NOT_OPEN; i++)
    {
      OpenFile *f = g_ptr_array_index (open_files, i);

      if (exists && st.st_dev == f->dev && st.st_ino == f->ino)
        kind = OPEN_DATABASE;
      for (guint k = 0; k < G_N_ELEMENTS (suffixes) && kind == NOT_OPEN; k++)
        {
          g_autofree char *name = g_strconcat (f->canonical, suffixes[k], NULL);

          if (g_str_equal (name, canonical) || (exists && k > 0 && same_file (&st, name)))
            kind = k == 0 ? OPEN_DATABASE : OPEN_SIDE_FILE;
        }
      if (kind != NOT_OPEN && out_database)
        *out_database = g_strdup (f->canonical);
    }
  g_mutex_unlock (&open_files_lock);
  return kind;
}

gboolean
attest_store_check_not_open (const char *path,
                             GError    **error)
{
  g_autofree char *database = NULL;

  g_return_val_if_fail (path != NULL, FALSE);

  if (lookup_open_file (path, &database) == NOT_OPEN)
    return TRUE;
  g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID,
               "“%s” is the database Attest has open (%s), or one of its files; choose another file",
               path, database);
  return FALSE;
}

/* ------------------------------------------------------------------ open */

char *
attest_store_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "attest", "attest.db", NULL);
}

static gboolean
load_default_taxonomy (AttestStore *self,
                       GError     **error)
{
  static const char sql[] =
    "INSERT INTO categories (key, label, description, color, shortcut, position, modified)"
    " VALUES (?, ?, ?, ?, ?, ?, ?)";
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *now = _attest_store_now_iso8601 ();
  JsonArray *categories;
  JsonObject *root;
  gsize size;
  const char *data;

  bytes = g_resources_lookup_data ("/io/github/attest/Attest/core/default-taxonomy.json",
                                   G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  if (bytes == NULL)
    return FALSE;

  data = g_bytes_get_data (bytes, &size);
  if (!json_parser_load_from_data (parser, data, size, error))
    return FALSE;

  root = json_node_get_object (json_parser_get_root (parser));
  categories = json_object_get_array_member (root, "categories");

  for (guint i = 0; i < json_array_get_length (categories); i++)
    {
      JsonObject *c = json_array_get_object_element (categories, i);
      sqlite3_stmt *stmt;

      if (!(stmt = _attest_store_prepare (self, sql, error)))
        return FALSE;
      _attest_store_bind_text (stmt, 1, json_object_get_string_member (c, "key"));
      _attest_store_bind_text (stmt, 2, json_object_get_string_member (c, "label"));
      _attest_store_bind_text (stmt, 3, json_object_get_string_member_with_default (c, "description", NULL));
      _attest_store_bind_text (stmt, 4, json_object_get_string_member (c, "color"));
      if (json_object_has_member (c, "shortcut"))
        sqlite3_bind_int (stmt, 5, json_object_get_int_member (c, "shortcut"));
      sqlite3_bind_int (stmt, 6, i);
      _attest_store_bind_text (stmt, 7, now);
      if (!_attest_store_step_done (self, stmt, "loading the default taxonomy", error))
        return FALSE;
    }

  return TRUE;
}

/* What page 1 says, read in one statement: separate reads could straddle
 * another process's creation of the schema and see neither before nor
 * after. */
typedef struct {
  int app_id;
  int version;
  int tables;
} Header;

static int
read_header (sqlite3 *db,
             Header  *out)
{
  static const char sql[] =
    "SELECT (SELECT application_id FROM pragma_application_id),"
    " (SELECT user_version FROM pragma_user_version), (SELECT count(*) FROM sqlite_schema)";
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);

  if (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      out->app_id = sqlite3_column_int (stmt, 0);
      out->version = sqlite3_column_int (stmt, 1);
      out->tables = sqlite3_column_int (stmt, 2);
      rc = SQLITE_OK;
    }
  sqlite3_finalize (stmt);
  return rc;
}

/* A header that is not ours, or from a newer Attest: refused, and the
 * file left exactly as it was. */
static gboolean
check_header (const char   *path,
              const Header *h,
              GError      **error)
{
  /* Without our id, only a file with nothing in it at all is ours to set
   * up: no tables, no id, no version. */
  if (h->app_id != ATTEST_STORE_APPLICATION_ID && (h->app_id != 0 || h->tables > 0 || h->version != 0))
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_NOT_OURS,
                   "“%s” is an SQLite database of another program, not of Attest; it was left untouched",
                   path);
      return FALSE;
    }
  if (h->version > ATTEST_STORE_SCHEMA_VERSION)
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_NEWER_SCHEMA,
                   "“%s” was written by a newer version of Attest (schema %d; this one reads up to %d); "
                   "it was left untouched",
                   path, h->version, ATTEST_STORE_SCHEMA_VERSION);
      return FALSE;
    }
  return TRUE;
}

/* Opens @path read-only and reads its header. A read-only connection
 * never writes: it neither rolls back another program's unfinished
 * transaction nor checkpoints a WAL into the file, so whatever the file
 * turns out to be, it is left as it was. @immutable reads a file in a
 * folder nobody can write to (SQLite could not create its -shm there). */
static sqlite3 *
open_read_only (const char *path,
                gboolean    immutable,
                Header     *header,
                GError    **error)
{
  g_autofree char *escaped = g_uri_escape_string (path, "/", FALSE);
  g_autofree char *uri = g_strdup_printf ("file:%s%s", escaped, immutable ? "?immutable=1" : "");
  sqlite3 *db = NULL;
  int rc;

  rc = sqlite3_open_v2 (uri, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_extended_result_codes (db, TRUE);
      sqlite3_busy_timeout (db, BUSY_TIMEOUT_MS);
      rc = read_header (db, header);
    }
  if (rc == SQLITE_OK)
    return db;

  switch (rc & 0xff)
    {
    case SQLITE_NOTADB:
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_NOT_OURS,
                   "“%s” is not an Attest database (not an SQLite file); it was left untouched", path);
      break;
    case SQLITE_READONLY:
      /* SQLITE_READONLY_ROLLBACK: a rollback journal beside the file
       * holds a transaction its writer never finished. Attest writes in
       * WAL mode and never leaves one; finishing it would change a file
       * that may not be ours. */
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_NOT_OURS,
                   "“%s” holds a transaction another program did not finish (its journal “%s-journal”); "
                   "it was left untouched — open it with that program first",
                   path, path);
      break;
    case SQLITE_CORRUPT:
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_CORRUPT,
                   "The database “%s” is damaged (%s); it was left untouched", path, sqlite3_errmsg (db));
      break;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_BUSY,
                   "The database “%s” stayed locked by another program while opening; try again", path);
      break;
    case SQLITE_IOERR:
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_DISK,
                   "Could not read “%s”: %s", path, sqlite3_errmsg (db));
      break;
    default:
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_IO,
                   "Could not open “%s”: %s", path, db ? sqlite3_errmsg (db) : sqlite3_errstr (rc));
      break;
    }
  sqlite3_close_v2 (db);
  return NULL;
}

/* The copy an upgrade leaves beside the database, NAME.before-vN.bak, or
 * NAME.before-vN.2.bak… when that exists: an older copy is never
 * replaced, it may be all that is left of something. */
static char *
upgrade_copy_name (AttestStore *self,
                   guint        n)
{
  if (n <= 1)
    return g_strdup_printf ("%s.before-v%d.bak", self->path, ATTEST_STORE_SCHEMA_VERSION);
  return g_strdup_printf ("%s.before-v%d.%u.bak", self->path, ATTEST_STORE_SCHEMA_VERSION, n);
}

static AttestOutputFile *
open_upgrade_copy (AttestStore *self,
                   GError     **error)
{
  g_autofree char *name = upgrade_copy_name (self, 1);

  return attest_output_file_new (name, error);
}

/* Names the copy: the first free name of upgrade_copy_name(). The unnamed
 * file is linked, so taking a name that appeared meanwhile fails and the
 * next one is tried. */
static gboolean
commit_upgrade_copy (AttestStore      *self,
                     AttestOutputFile *out,
                     GError          **error)
{
  for (guint n = 1; n < 1000; n++)
    {
      g_autofree char *name = upgrade_copy_name (self, n);
      g_autoptr(GError) local_error = NULL;

      if (g_file_test (name, G_FILE_TEST_EXISTS))
        continue;
      if (attest_output_file_commit_as (out, name, &local_error))
        return TRUE;
      if (!g_error_matches (local_error, ATTEST_ERROR, ATTEST_ERROR_INVALID))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
    }
  g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_IO, "Could not find a free name for the copy of “%s”",
               self->path);
  return FALSE;
}

/* Brings the schema from @from to ATTEST_STORE_SCHEMA_VERSION. Called
 * inside the BEGIN IMMEDIATE that read @from, so no other process can
 * create or upgrade the schema meanwhile; an existing database is first
 * copied beside itself, through a second connection (the backup API
 * cannot read through a connection that holds a write transaction). */
static gboolean
migrate (AttestStore *self,
         int          from,
         GError     **error)
{
  g_autofree char *sql = NULL;

  if (from > 0)
    {
      g_autoptr(AttestOutputFile) out = NULL;
      sqlite3 *reader = NULL;
      Header header;
      gboolean copied;

      if (!(out = open_upgrade_copy (self, error)) ||
          !(reader = open_read_only (self->path, FALSE, &header, error)))
        return FALSE;
      copied = _attest_store_copy_into (reader, self->path, out, error);
      sqlite3_close_v2 (reader);
      if (!copied || !commit_upgrade_copy (self, out, error))
        return FALSE;
    }

  for (int v = from; v < ATTEST_STORE_SCHEMA_VERSION; v++)
    if (!exec (self, attest_store_migrations[v], "upgrading the database", error))
      return FALSE;

  if (from == 0 && !load_default_taxonomy (self, error))
    return FALSE;
  /* Schema 3 knows more kinds of citation than the scanner of before. */
  if (from > 0 && from < 3 && !_attest_store_rescan_citations (self, error))
    return FALSE;

  sql = g_strdup_printf ("PRAGMA application_id = %d; PRAGMA user_version = %d;",
                         ATTEST_STORE_APPLICATION_ID, ATTEST_STORE_SCHEMA_VERSION);
  return exec (self, sql, "upgrading the database", error);
}

/* Sets up or upgrades the schema if it needs it. The header is read again
 * under the write lock: of several processes racing to create the same
 * new file, the first creates the schema and the others find it done. */
static gboolean
set_up_schema (AttestStore *self,
               GError     **error)
{
  Header header;
  int rc;

  /* The usual case, a database at this version, needs no lock: readers
   * must not wait for a teammate's write to open it. */
  rc = read_header (self->db, &header);
  if (rc != SQLITE_OK)
    return _attest_store_set_sqlite_error (self, error, rc, "reading the database header");
  if (header.app_id == ATTEST_STORE_APPLICATION_ID && header.version == ATTEST_STORE_SCHEMA_VERSION)
    return TRUE;

  if (!_attest_store_begin_write (self, "setting up the database", error))
    return FALSE;
  rc = read_header (self->db, &header);
  if (rc != SQLITE_OK)
    {
      _attest_store_set_sqlite_error (self, error, rc, "reading the database header");
      goto fail;
    }
  if (!check_header (self->path, &header, error))
    goto fail;
  if (header.version == ATTEST_STORE_SCHEMA_VERSION)
    {
      _attest_store_rollback_write (self);
      return TRUE;
    }
  if (!migrate (self, header.version, error))
    goto fail;
  return _attest_store_commit_write (self, "setting up the database", error);

fail:
  _attest_store_rollback_write (self);
  return FALSE;
}

/* The name SQLite is given for @path. This SQLite reads "", ":memory:"
 * and "file:…" as special names (it is built with URIs on), so a relative
 * path is given as "./path": every --db names a file. */
static char *
sqlite_name (const char *path)
{
  return g_path_is_absolute (path) ? g_strdup (path) : g_strconcat ("./", path, NULL);
}

/* Builds a new database in a file without a name beside its path, and
 * gives it the name only when it is complete: a creation that fails (a
 * full disk) or a process killed while creating leaves no file, and of
 * several processes creating the same file, the first whole file wins and
 * the others open it. */
static gboolean
create_database (AttestStore *self,
                 GError     **error)
{
  /* Bytes 18 and 19 of the file header: 2 means WAL, as the SQLite file
   * format documents. Set here, a new file never switches journal mode,
   * which is the one step of creation that needs a rollback journal. */
  static const guint8 wal_mode[2] = { 2, 2 };
  g_autoptr(AttestOutputFile) out = NULL;
  g_autoptr(GError) local_error = NULL;
  gboolean ok;

  if (!(out = attest_output_file_new (self->path, error)) ||
      !(self->db = _attest_store_open_unnamed (out, error)))
    return FALSE;
  ok = exec (self, "BEGIN", "creating the database", error) &&
       migrate (self, 0, error) &&
       exec (self, "COMMIT", "creating the database", error);
  /* The statements cached meanwhile belong to this connection. */
  g_hash_table_remove_all (self->statements);
  sqlite3_close_v2 (self->db);
  self->db = NULL;
  if (!ok)
    return FALSE;

  if (pwrite (attest_output_file_get_fd (out), wal_mode, sizeof wal_mode, 18) != sizeof wal_mode)
    {
      int saved = errno;
      g_set_error (error, ATTEST_ERROR, saved == ENOSPC ? ATTEST_ERROR_FULL : ATTEST_ERROR_DISK,
                   "Could not create “%s”: %s", self->path, g_strerror (saved));
      return FALSE;
    }
  if (attest_output_file_commit (out, FALSE, NULL, &local_error))
    return TRUE;
  /* Another process made it first: use theirs. */
  if (g_error_matches (local_error, ATTEST_ERROR, ATTEST_ERROR_INVALID) &&
      g_file_test (self->path, G_FILE_TEST_EXISTS))
    return TRUE;
  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

/* How the store's connections open the file: read-only, unless the store
 * is read-only only by request over a file it may write (see tidy). */
static int
open_flags (AttestStore *self)
{
  return self->read_only && !self->tidy ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
}

/* A connection to the existing file, read-only or not as the store is,
 * with our pragmas. */
static sqlite3 *
open_connection (AttestStore *self,
                 GError     **error)
{
  g_autofree char *name = sqlite_name (self->path);
  g_autofree char *escaped = g_uri_escape_string (self->path, "/", FALSE);
  g_autofree char *uri = g_strdup_printf ("file:%s?immutable=1", escaped);
  sqlite3 *db = NULL;
  int rc;

  if (self->immutable)
    rc = sqlite3_open_v2 (uri, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX, NULL);
  else
    rc = sqlite3_open_v2 (name, &db, open_flags (self) |
                                     SQLITE_OPEN_NOMUTEX, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_extended_result_codes (db, FALSE);
      sqlite3_busy_timeout (db, BUSY_TIMEOUT_MS);
      if (!self->read_only)
        {
          /* WAL lets readers go on while one writer commits; FULL syncs
           * the WAL on every commit so an acknowledged claim survives a
           * power cut. */
          for (int attempt = 0; attempt < BUSY_RETRIES * 10; attempt++)
            {
              rc = sqlite3_exec (db, "PRAGMA journal_mode = WAL", NULL, NULL, NULL);
              if (rc != SQLITE_BUSY && rc != SQLITE_LOCKED)
                break;
              g_usleep (20 * G_TIME_SPAN_MILLISECOND);
            }
          if (rc == SQLITE_OK)
            rc = sqlite3_exec (db, "PRAGMA synchronous = FULL", NULL, NULL, NULL);
        }
      if (rc == SQLITE_OK)
        rc = sqlite3_exec (db, "PRAGMA foreign_keys = ON", NULL, NULL, NULL);
    }
  if (rc != SQLITE_OK)
    {
      sqlite3 *failed = self->db;

      /* Worded as any error of this database. */
      self->db = db;
      _attest_store_set_sqlite_error (self, error, rc, "opening");
      self->db = failed;
      sqlite3_close_v2 (db);
      return NULL;
    }
  return db;
}

/* Notes which -wal and -shm files this connection uses. */
static void
remember_files (AttestStore *self)
{
  g_autofree char *wal = g_strconcat (self->path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (self->path, "-shm", NULL);
  struct stat st;

  self->wal_dev = self->shm_dev = 0;
  self->wal_ino = self->shm_ino = 0;
  if (stat (wal, &st) == 0)
    {
      self->wal_dev = st.st_dev;
      self->wal_ino = st.st_ino;
    }
  if (stat (shm, &st) == 0)
    {
      self->shm_dev = st.st_dev;
      self->shm_ino = st.st_ino;
    }
}

/* Closes a connection that may no longer be what it believes: SQLite's
 * last user checkpoints the WAL and deletes it by name, and after lost
 * locks or a removed WAL, the file of that name may hold a teammate's
 * commits that are in no other file. Leaving the WAL is always safe; the
 * next last user tidies up. */
static void
close_leaving_wal (sqlite3 *db)
{
  if (db == NULL)
    return;
  sqlite3_db_config (db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL);
  sqlite3_close_v2 (db);
}

/* Closes the connection and opens it again. The old one goes first: SQLite
 * shares one shared-memory mapping among the connections of a process to a
 * file, and a new connection opened beside the old would take over its
 * mapping of a removed -shm. If another connection of this process still
 * holds that mapping, the new one has no -shm of its own on disk: then
 * nothing may be written yet, and the store tries again at its next use. */
static gboolean
reconnect (AttestStore *self,
           GError     **error)
{
  g_autofree char *wal = g_strconcat (self->path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (self->path, "-shm", NULL);
  g_autoptr(GError) local_error = NULL;
  Header header;
  sqlite3 *db;

  g_hash_table_remove_all (self->statements);
  close_leaving_wal (self->db);
  self->db = NULL;
  self->reconnecting = TRUE;
  self->parked = FALSE;

  db = open_connection (self, &local_error);
  if (db == NULL)
    {
      /* Keep a connection for the calls that do not come here first; they
       * fail with "no such table" until the file can be opened again. */
      sqlite3_open_v2 (":memory:", &self->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  self->db = db;
  /* A read maps the shared memory (and makes the files where needed). */
  if (read_header (self->db, &header) != SQLITE_OK ||
      (!self->read_only && (!g_file_test (wal, G_FILE_TEST_EXISTS) || !g_file_test (shm, G_FILE_TEST_EXISTS))))
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_BUSY,
                   "Another program removed the journal of “%s” while Attest had it open, and a task of "
                   "Attest still holds the old one; nothing was changed, try again in a moment", self->path);
      return FALSE;
    }
  self->reconnecting = FALSE;
  self->reconnects++;
  remember_files (self);
  return TRUE;
}

/* Whether the -wal or -shm on disk is another file than the one this
 * connection uses. */
static gboolean
files_moved (AttestStore *self)
{
  g_autofree char *wal = NULL;
  g_autofree char *shm = NULL;
  struct stat st;

  if (self->immutable || self->wal_ino == 0 || self->shm_ino == 0)
    return FALSE;
  wal = g_strconcat (self->path, "-wal", NULL);
  shm = g_strconcat (self->path, "-shm", NULL);
  if (stat (wal, &st) != 0 || st.st_dev != self->wal_dev || st.st_ino != self->wal_ino)
    return TRUE;
  if (stat (shm, &st) != 0 || st.st_dev != self->shm_dev || st.st_ino != self->shm_ino)
    return TRUE;
  return FALSE;
}

/* If the -wal or -shm this connection uses is no longer the file on disk,
 * another process removed it — a process that took itself for the last
 * user, because this one had lost its locks (any close() of the database
 * file in this process drops them: GTK's file chooser, reading the file to
 * guess its type, does). Writing on would go into a removed WAL and be
 * lost, so the store connects again first, to the files as they are. Run
 * before every write transaction and every poll for others' changes; a
 * parked store (park()) connects again here. */
static gboolean
check_files (AttestStore *self,
             GError     **error)
{
  struct stat st;

  /* Renamed or replaced while open: SQLite keeps writing the old file but
   * puts its WAL beside the old name, where the work would be lost to the
   * file under its new name. Nothing is written until it is opened again. */
  if (!self->immutable && self->db_ino != 0 &&
      (stat (self->path, &st) != 0 || st.st_dev != self->db_dev || st.st_ino != self->db_ino))
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_UNSAFE,
                   "The database “%s” was moved, renamed or replaced while Attest had it open; "
                   "nothing was saved. Open it again where it is now", self->path);
      return FALSE;
    }
  if (self->reconnecting || self->parked)
    return reconnect (self, error);
  if (self->immutable || !sqlite3_get_autocommit (self->db))
    return TRUE;
  if (self->wal_ino == 0 || self->shm_ino == 0)
    {
      remember_files (self);
      return TRUE;
    }
  if (!files_moved (self))
    return TRUE;
  g_message ("The WAL or shared memory of “%s” was removed by another program; connecting again",
             self->path);
  return reconnect (self, error);
}

gboolean
attest_store_reconnect (AttestStore *self,
                        GError     **error)
{
  g_return_val_if_fail (ATTEST_IS_STORE (self), FALSE);

  if (!sqlite3_get_autocommit (self->db))
    return TRUE;
  return reconnect (self, error);
}

/* The stores this thread opened, referenced: a file chooser runs on the
 * main thread, and only its stores share its descriptors' fate. */
static GPtrArray *
stores_of_this_thread (void)
{
  GPtrArray *stores = g_ptr_array_new_with_free_func (g_object_unref);

  g_mutex_lock (&open_files_lock);
  for (guint i = 0; open_files && i < open_files->len; i++)
    {
      OpenFile *f = g_ptr_array_index (open_files, i);

      if (f->thread == g_thread_self ())
        g_ptr_array_add (stores, g_object_ref (f->store));
    }
  g_mutex_unlock (&open_files_lock);
  return stores;
}

void
attest_store_reconnect_all (void)
{
  g_autoptr(GPtrArray) stores = stores_of_this_thread ();

  for (guint i = 0; i < stores->len; i++)
    {
      g_autoptr(GError) error = NULL;
      AttestStore *store = g_ptr_array_index (stores, i);

      /* Failing here is not final: the next use tries again. */
      if (!store->immutable && !attest_store_reconnect (store, &error))
        g_message ("Could not connect to “%s” again: %s", store->path, error->message);
    }
}

/* Lets go of every lock and mapping: the connection is opened again
 * without reading, which takes none. Reads meanwhile take locks again,
 * writes connect again first (check_files()). */
static void
park (AttestStore *self)
{
  g_autofree char *name = sqlite_name (self->path);
  sqlite3 *db = NULL;

  if (self->immutable || self->parked || !sqlite3_get_autocommit (self->db))
    return;
  if (sqlite3_open_v2 (name, &db, open_flags (self) |
                                  SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK)
    {
      sqlite3_close_v2 (db);
      return;
    }
  g_hash_table_remove_all (self->statements);
  close_leaving_wal (self->db);
  sqlite3_busy_timeout (db, BUSY_TIMEOUT_MS);
  self->db = db;
  self->parked = TRUE;
}

void
attest_store_park_all (void)
{
  g_autoptr(GPtrArray) stores = stores_of_this_thread ();

  for (guint i = 0; i < stores->len; i++)
    park (g_ptr_array_index (stores, i));
}

gboolean
_attest_store_check_files (AttestStore *self,
                           GError     **error)
{
  return check_files (self, error);
}

AttestStore *
attest_store_open (const char            *path,
                   AttestStoreOpenFlags   flags,
                   GError               **error)
{
  static const char * const beside[] = { "-wal", "-shm", "-journal" };
  g_autoptr(AttestStore) self = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *wal = NULL;
  g_autofree char *shm = NULL;
  gboolean dir_writable;
  Header header = { 0 };
  sqlite3 *probe;
  struct stat st;
  gboolean exists;

  g_return_val_if_fail (path != NULL, NULL);

  if (*path == '\0')
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID, "No database file was named");
      return NULL;
    }

  self = g_object_new (ATTEST_TYPE_STORE, NULL);
  self->path = g_strdup (path);
  dir = g_path_get_dirname (path);
  wal = g_strconcat (path, "-wal", NULL);
  shm = g_strconcat (path, "-shm", NULL);

  /* Only stat() here: opening the file outside SQLite could drop the locks
   * of a connection this process already has to it, and a pipe or device
   * would block. */
  exists = stat (path, &st) == 0;
  if (exists && S_ISDIR (st.st_mode))
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_IO, "“%s” is a folder, not a database", path);
      return NULL;
    }
  if (exists && !S_ISREG (st.st_mode))
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_NOT_OURS,
                   "“%s” is not a regular file (a device, pipe or socket), so not a database; "
                   "it was left untouched", path);
      return NULL;
    }
  if (lookup_open_file (path, NULL) == OPEN_SIDE_FILE)
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID,
                   "“%s” is the WAL or shared memory of the database Attest has open, not a database", path);
      return NULL;
    }
  /* SQLite opens these itself; a pipe there would block it. */
  for (guint i = 0; i < G_N_ELEMENTS (beside); i++)
    {
      g_autofree char *side = g_strconcat (path, beside[i], NULL);
      struct stat side_st;

      if (stat (side, &side_st) == 0 && !S_ISREG (side_st.st_mode))
        {
          g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_UNSAFE,
                       "“%s”, beside the database, is not a regular file; “%s” was left untouched",
                       side, path);
          return NULL;
        }
    }
  if (!exists && (flags & (ATTEST_STORE_OPEN_NO_CREATE | ATTEST_STORE_OPEN_READ_ONLY)))
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_NOT_FOUND, "There is no database “%s”", path);
      return NULL;
    }

  dir_writable = access (dir, W_OK) == 0;
  if (flags & ATTEST_STORE_OPEN_READ_ONLY)
    self->read_only_reason = g_strdup ("opened read-only on request");
  else if (exists && access (path, W_OK) != 0)
    self->read_only_reason = g_strdup ("the file is not writable");
  else if (exists && !dir_writable)
    /* SQLite writes its -wal and -shm beside the file. */
    self->read_only_reason = g_strdup ("its folder is not writable");
  else if (exists)
    {
      /* Left by another user reading it with an older Attest or with
       * SQLite. Only a refusal counts: a file removed meanwhile by its last
       * user is nothing in the way. */
      const char *side[] = { wal, shm };

      for (guint i = 0; i < G_N_ELEMENTS (side) && self->read_only_reason == NULL; i++)
        if (access (side[i], W_OK) != 0 && (errno == EACCES || errno == EROFS))
          self->read_only_reason = g_strdup_printf ("“%s” beside it belongs to another user and is not "
                                                    "writable; once nobody has the database open, it may "
                                                    "be deleted", side[i]);
    }
  self->read_only = self->read_only_reason != NULL;
  /* Read-only on request, a file we may write is still opened read-write
   * (the store refuses every change itself): SQLite removes the -wal and
   * -shm it made only through such a connection, when it is the last. A
   * merge or an export then leaves nothing beside the file it read. */
  self->tidy = (flags & ATTEST_STORE_OPEN_READ_ONLY) && exists && dir_writable &&
               access (path, W_OK) == 0 && st.st_nlink == 1;

  /* SQLite keeps a WAL beside each name of a file: written through two
   * names, one's edits overwrite the other's ("How To Corrupt An SQLite
   * Database File", 2.5). */
  if (exists && !self->read_only && st.st_nlink > 1)
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_UNSAFE,
                   "“%s” has %u names (hard links); SQLite keeps its journal beside each name, so "
                   "edits made through two of them would be lost. Keep one name, or work on a copy",
                   path, (guint) st.st_nlink);
      return NULL;
    }

  if (!exists)
    {
      if (g_mkdir_with_parents (dir, 0755) != 0)
        {
          int saved = errno;
          g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_IO,
                       "Could not create the folder “%s”: %s", dir, g_strerror (saved));
          return NULL;
        }
      if (!create_database (self, error))
        return NULL;
    }

  /* Look before touching: a foreign or newer file is refused as it is. A
   * read-only connection never replays a journal or a WAL into the file;
   * without a WAL there is nothing to replay, and reading the file as it
   * stands (immutable) leaves no -wal or -shm behind either — but never for
   * a file this process has open, whose descriptors must not be closed
   * outside SQLite's bookkeeping. */
  /* Read as it stands, the file can be caught mid-checkpoint by the last
   * of its writers closing: pages of two moments look damaged. Damage
   * that is real stays on reading again. */
  for (int attempt = 0;; attempt++)
    {
      g_autoptr(GError) probe_error = NULL;
      gboolean as_it_stands = !g_file_test (wal, G_FILE_TEST_EXISTS) &&
                              lookup_open_file (path, NULL) == NOT_OPEN;

      probe = open_read_only (path, as_it_stands, &header, &probe_error);
      if (probe != NULL || !as_it_stands || attempt == 5 ||
          !g_error_matches (probe_error, ATTEST_ERROR, ATTEST_ERROR_CORRUPT))
        {
          if (probe_error != NULL)
            g_propagate_error (error, g_steal_pointer (&probe_error));
          break;
        }
      g_usleep (20 * G_TIME_SPAN_MILLISECOND);
    }
  if (probe == NULL)
    {
      if (self->read_only && !dir_writable && g_file_test (wal, G_FILE_TEST_EXISTS) &&
          !g_file_test (shm, G_FILE_TEST_EXISTS))
        {
          g_clear_error (error);
          g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_READ_ONLY,
                       "“%s” cannot be read here: changes wait in “%s”, and SQLite must create “%s” "
                       "to read them, which this folder does not allow. Open it once where its folder "
                       "is writable, or copy the folder", path, wal, shm);
        }
      return NULL;
    }
  sqlite3_close_v2 (probe);
  if (!check_header (path, &header, error))
    return NULL;

  /* In a folder nobody may write to, SQLite cannot make the -shm it reads a
   * WAL database with; in a file we may not write, it would make a -wal and
   * -shm its owner cannot write, which stops them saving. Without a -wal
   * nobody is writing, so the file is read as it stands. */
  self->immutable = self->read_only && (!dir_writable || access (path, W_OK) != 0) &&
                    !g_file_test (wal, G_FILE_TEST_EXISTS) && !g_file_test (shm, G_FILE_TEST_EXISTS);
  if (!(self->db = open_connection (self, error)))
    return NULL;
  self->open_file = register_open_file (self, path);
  if (stat (path, &st) == 0)
    {
      self->db_dev = st.st_dev;
      self->db_ino = st.st_ino;
    }

  if (self->read_only)
    {
      /* Read-only, the header read above stands; an older schema is read
       * as it is where it can be. */
      if (header.version == 0)
        {
          g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_EMPTY,
                       "“%s” is an empty database: there is nothing in it to read", path);
          return NULL;
        }
      if (header.version < ATTEST_STORE_READABLE_FROM)
        {
          g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_READ_ONLY,
                       "“%s” needs an upgrade, which is not possible read-only", path);
          return NULL;
        }
    }
  else if (!set_up_schema (self, error))
    return NULL;
  self->schema = self->read_only ? header.version : ATTEST_STORE_SCHEMA_VERSION;

  remember_files (self);
  return g_steal_pointer (&self);
}

const char *
attest_store_get_path (AttestStore *self)
{
  g_return_val_if_fail (ATTEST_IS_STORE (self), NULL);
  return self->path;
}

gboolean
attest_store_is_read_only (AttestStore *self)
{
  g_return_val_if_fail (ATTEST_IS_STORE (self), TRUE);
  return self->read_only;
}

const char *
attest_store_get_read_only_reason (AttestStore *self)
{
  g_return_val_if_fail (ATTEST_IS_STORE (self), NULL);
  return self->read_only ? self->read_only_reason : NULL;
}

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

const char *
attest_store_get_annotator (AttestStore *self)
{
  g_return_val_if_fail (ATTEST_IS_STORE (self), NULL);
  return self->annotator;
}

/* ------------------------------------------------------------ sharing */

/* PRAGMA data_version changes when another connection commits: polling it
 * is how open windows notice their teammates' work (sqlite.org/pragma). */
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
  if (!check_files (self, NULL) || !(stmt = _attest_store_prepare (self, sql, NULL)))
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

void
attest_store_unwatch (AttestStore *self)
{
  StoreWatch *watch;

  g_return_if_fail (ATTEST_IS_STORE (self));
  g_return_if_fail ((watch = g_object_get_data (G_OBJECT (self), WATCH_KEY)) != NULL);

  if (--watch->count == 0)
    g_object_set_data (G_OBJECT (self), WATCH_KEY, NULL);
}

/* SQLite's locking does not work over network file systems ("How To Corrupt
 * An SQLite Database File", section 2.1), and FUSE mounts often pass it on
 * to one. Returns what kind of mount it is, or NULL for a local disk. */
char *
attest_store_network_filesystem (const char *path)
{
  static const struct { unsigned long magic; const char *name; } kinds[] = {
    { 0x6969, "NFS" },
    { 0x517B, "SMB" },
    { 0xFF534D42, "CIFS/SMB" },
    { 0xFE534D42, "SMB2" },
    { 0x65735546, "FUSE" },
    { 0x01021997, "9P" },
    { 0x5346414F, "AFS" },
    { 0x00C36400, "Ceph" },
    { 0x47504653, "GPFS" },
    { 0x013111A8, "IBRIX" },
    { 0x0BD00BD0, "Lustre" },
  };
  g_autofree char *dir = NULL;
  struct statfs fs;

  g_return_val_if_fail (path != NULL, NULL);

  /* The file may not exist yet: its folder decides. */
  dir = g_file_test (path, G_FILE_TEST_EXISTS) ? g_strdup (path) : g_path_get_dirname (path);
  if (statfs (dir, &fs) != 0)
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if ((unsigned long) fs.f_type == kinds[i].magic)
      return g_strdup (kinds[i].name);
  return NULL;
}

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
        g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_NOT_FOUND, "No document %" G_GINT64_FORMAT, id);
      else
        _attest_store_set_sqlite_error (self, error, rc, "reading a document");
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
          _attest_store_set_sqlite_error (self, error, rc, "reading a document");
          g_object_unref (doc);
          return NULL;
        }
    }
  return doc;
}

static gboolean
insert_citations (AttestStore    *self,
                  AttestDocument *doc,
                  GError        **error)
{
  static const char source_sql[] =
    "INSERT INTO sources (uuid, document_id, outlet, place, date_text, date_when, created)"
    " VALUES (?, ?, ?, ?, ?, ?, ?)";
  static const char citation_sql[] =
    "INSERT INTO citations (uuid, document_id, source_id, start, \"end\", text,"
    " closes_paragraph, paragraph_start, kind, cover_start, cover_end)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  g_autoptr(AttestOutlets) outlets = attest_store_dup_outlets (self, error);
  g_autoptr(GPtrArray) citations = NULL;
  /* One source per distinct attribution in a document; a repeated
   * "(Avesta, September 17)" is one report cited twice. */
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *now = _attest_store_now_iso8601 ();

  if (outlets == NULL)
    return FALSE;
  citations = attest_citation_scanner_scan_with (doc->text, doc->date, outlets);
  for (guint i = 0; i < citations->len; i++)
    {
      AttestCitation *c = g_ptr_array_index (citations, i);
      AttestSource *s = c->source;
      g_autofree char *key = _attest_store_source_key (outlets, s->outlet, s->place, s->date_text);
      g_autofree char *citation_uuid = g_uuid_string_random ();
      gpointer source_id;
      sqlite3_stmt *stmt;

      if (!g_hash_table_lookup_extended (seen, key, NULL, &source_id))
        {
          g_autofree char *source_uuid = g_uuid_string_random ();

          if (!(stmt = _attest_store_prepare (self, source_sql, error)))
            return FALSE;
          _attest_store_bind_text (stmt, 1, source_uuid);
          sqlite3_bind_int64 (stmt, 2, doc->id);
          _attest_store_bind_text (stmt, 3, s->outlet);
          _attest_store_bind_text (stmt, 4, s->place);
          _attest_store_bind_text (stmt, 5, s->date_text);
          _attest_store_bind_text (stmt, 6, s->when);
          _attest_store_bind_text (stmt, 7, now);
          if (!_attest_store_step_done (self, stmt, "saving a source", error))
            return FALSE;
          source_id = GSIZE_TO_POINTER ((gsize) sqlite3_last_insert_rowid (self->db));
          g_hash_table_insert (seen, g_steal_pointer (&key), source_id);
        }

      if (!(stmt = _attest_store_prepare (self, citation_sql, error)))
        return FALSE;
      _attest_store_bind_text (stmt, 1, citation_uuid);
      sqlite3_bind_int64 (stmt, 2, doc->id);
      sqlite3_bind_int64 (stmt, 3, (gint64) GPOINTER_TO_SIZE (source_id));
      sqlite3_bind_int64 (stmt, 4, c->start);
      sqlite3_bind_int64 (stmt, 5, c->end);
      _attest_store_bind_text (stmt, 6, c->text);
      sqlite3_bind_int (stmt, 7, c->closes_paragraph);
      sqlite3_bind_int64 (stmt, 8, c->paragraph_start);
      _attest_store_bind_text (stmt, 9, attest_citation_kind_to_string (c->kind));
      sqlite3_bind_int64 (stmt, 10, c->cover_start);
      sqlite3_bind_int64 (stmt, 11, c->cover_end);
      if (!_attest_store_step_done (self, stmt, "saving a citation", error))
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
  return _attest_store_step_done (self, stmt, "keeping what an import left out", error);
}

AttestDocument *
attest_store_add_document (AttestStore     *self,
                           AttestDocument  *document,
                           gboolean        *out_existed,
                           GError         **error)
{
  static const char find_sql[] = "SELECT id FROM documents WHERE sha256 = ?";
  static const char insert_sql[] =
    "INSERT INTO documents (uuid, sha256, title, publication, volume, issue, author,"
    " date, origin, format, encoding, text, length, body_start, imported)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  g_autofree char *imported = NULL;
  sqlite3_stmt *stmt;
  gint64 id = 0;
  int rc;

  g_return_val_if_fail (ATTEST_IS_STORE (self), NULL);
  g_return_val_if_fail (ATTEST_IS_DOCUMENT (document), NULL);
  g_return_val_if_fail (document->text != NULL && document->sha256 != NULL, NULL);

  if (out_existed)
    *out_existed = FALSE;

  if (!_attest_store_begin_write (self, "importing an article", error))
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
      _attest_store_set_sqlite_error (self, error, rc, "importing an article");
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

  if (document->uuid == NULL)
    document->uuid = g_uuid_string_random ();
  imported = document->imported ? g_strdup (document->imported) : _attest_store_now_iso8601 ();

  if (!(stmt = _attest_store_prepare (self, insert_sql, error)))
    goto fail;
  _attest_store_bind_text (stmt, 1, document->uuid);
  _attest_store_bind_text (stmt, 2, document->sha256);
  _attest_store_bind_text (stmt, 3, document->title);
  _attest_store_bind_text (stmt, 4, document->publication);
  _attest_store_bind_text (stmt, 5, document->volume);
  _attest_store_bind_text (stmt, 6, document->issue);
  _attest_store_bind_text (stmt, 7, document->author);
  _attest_store_bind_text (stmt, 8, document->date);
  _attest_store_bind_text (stmt, 9, document->origin);
  _attest_store_bind_text (stmt, 10, document->format ? document->format : "text");
  _attest_store_bind_text (stmt, 11, document->encoding ? document->encoding : "UTF-8");
  _attest_store_bind_text (stmt, 12, document->text);
  sqlite3_bind_int64 (stmt, 13, document->length);
  sqlite3_bind_int64 (stmt, 14, document->body_start);
  _attest_store_bind_text (stmt, 15, imported);
  if (!_attest_store_step_done (self, stmt, "importing an article", error))
    goto fail;
  document->id = sqlite3_last_insert_rowid (self->db);

  if (!_attest_store_insert_extraction (self, document->id, document->extraction, error))
    goto fail;

  if (!insert_citations (self, document, error) ||
      !_attest_store_record_history (self, "document", document->uuid, "import", NULL, NULL,
                       document->origin, error))
    goto fail;

  /* Read back before the commit: an error now truly leaves nothing. */
  {
    g_autoptr(AttestDocument) added = _attest_store_get_document_by_id (self, document->id, TRUE, error);

    if (added == NULL || !_attest_store_commit_write (self, "importing an article", error))
      goto fail;
    return g_steal_pointer (&added);
  }

fail:
  _attest_store_rollback_write (self);
  document->id = 0;
  return NULL;
}

GPtrArray *
attest_store_list_documents (AttestStore *self,
                             GError     **error)
{
  static const char sql[] =
    "SELECT " DOCUMENT_COLUMNS " FROM documents d ORDER BY d.id";
  g_autoptr(GPtrArray) docs = g_ptr_array_new_with_free_func (g_object_unref);
  sqlite3_stmt *stmt;
  int rc;

  if (!(stmt = _attest_store_prepare (self, sql, error)))
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (docs, _attest_store_document_from_row (stmt));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _attest_store_set_sqlite_error (self, error, rc, "listing documents"), NULL;

  return g_steal_pointer (&docs);
}

AttestDocument *
attest_store_get_document (AttestStore *self,
                           const char  *ref,
                           GError     **error)
{
  gint64 id = _attest_store_resolve_ref (self, "documents", "document", ref, error);

  return id ? _attest_store_get_document_by_id (self, id, TRUE, error) : NULL;
}

/* Makes an FTS5 query of what a person typed: each word becomes a quoted
 * string (so "-", ":" or a stray quote are not syntax) and all must match. */
static char *
fts_query_from_user (const char *query)
{
  g_auto(GStrv) words = g_strsplit_set (query, " \t\n", -1);
  GString *out = g_string_new (NULL);

  for (guint i = 0; words[i]; i++)
    {
      g_auto(GStrv) parts = NULL;
      g_autofree char *escaped = NULL;

      if (*words[i] == '\0')
        continue;
      /* Inside an FTS5 string a double quote is written twice. */
      parts = g_strsplit (words[i], "\"", -1);
      escaped = g_strjoinv ("\"\"", parts);
      if (out->len > 0)
        g_string_append_c (out, ' ');
      g_string_append_printf (out, "\"%s\"", escaped);
    }

  return g_string_free (out, out->len == 0);
}

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
    " snippet (documents_fts, 1, '[', ']', '…', 12), documents_fts.rank"
    " FROM documents_fts JOIN documents d ON d.id = documents_fts.rowid"
    " WHERE documents_fts MATCH ?1 ORDER BY documents_fts.rank LIMIT ?2";
  g_autoptr(GPtrArray) hits = g_ptr_array_new_with_free_func ((GDestroyNotify) attest_search_hit_free);
  g_autofree char *fts = NULL;
  sqlite3_stmt *stmt;
  int rc;

  if (query == NULL || !(fts = fts_query_from_user (query)))
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID, "The search is empty");
      return NULL;
    }

  if (!(stmt = _attest_store_prepare (self, sql, error)))
    return NULL;
  _attest_store_bind_text (stmt, 1, fts);
  sqlite3_bind_int (stmt, 2, limit ? limit : G_MAXINT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      AttestSearchHit *hit = g_new0 (AttestSearchHit, 1);

      hit->document = _attest_store_document_from_row (stmt);
      hit->snippet = _attest_store_column_dup (stmt, 16);
      hit->rank = sqlite3_column_double (stmt, 17);
      g_ptr_array_add (hits, hit);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _attest_store_set_sqlite_error (self, error, rc, "searching"), NULL;

  return g_steal_pointer (&hits);
}

/* -------------------------------------------------------------- taxonomy */


AttestCategory *
_attest_store_category_from_row (sqlite3_stmt *stmt)
{
  AttestCategory *cat = attest_category_new ();

  cat->id = sqlite3_column_int64 (stmt, 0);
  cat->key = _attest_store_column_dup (stmt, 1);
  cat->label = _attest_store_column_dup (stmt, 2);
  cat->description = _attest_store_column_dup (stmt, 3);
  cat->color = _attest_store_column_dup (stmt, 4);
  cat->shortcut = sqlite3_column_type (stmt, 5) == SQLITE_NULL ? -1 : sqlite3_column_int (stmt, 5);
  cat->parent_key = _attest_store_column_dup (stmt, 6);
  cat->retired = sqlite3_column_int (stmt, 7);
  cat->version = sqlite3_column_int64 (stmt, 8);
  cat->claim_count = sqlite3_column_int64 (stmt, 9);
  return cat;
}

GPtrArray *
attest_store_list_categories (AttestStore *self,
                              gboolean     include_retired,
                              GError     **error)
{
  static const char sql[] =
    "SELECT " CATEGORY_COLUMNS " FROM categories k"
    " WHERE ?1 OR NOT k.retired ORDER BY k.position, k.id";
  g_autoptr(GPtrArray) cats = g_ptr_array_new_with_free_func (g_object_unref);
  sqlite3_stmt *stmt;
  int rc;

  if (!(stmt = _attest_store_prepare (self, sql, error)))
    return NULL;
  sqlite3_bind_int (stmt, 1, include_retired);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (cats, _attest_store_category_from_row (stmt));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _attest_store_set_sqlite_error (self, error, rc, "listing categories"), NULL;

  return g_steal_pointer (&cats);
}

AttestCategory *
attest_store_get_category (AttestStore *self,
                           const char  *key,
                           GError     **error)
{
  static const char sql[] = "SELECT " CATEGORY_COLUMNS " FROM categories k WHERE k.key = ?";
  AttestCategory *cat = NULL;
  sqlite3_stmt *stmt;
  int rc;

  if (!(stmt = _attest_store_prepare (self, sql, error)))
    return NULL;
  _attest_store_bind_text (stmt, 1, key);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    cat = _attest_store_category_from_row (stmt);
  sqlite3_reset (stmt);

  if (rc == SQLITE_DONE)
    g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_NOT_FOUND,
                 "No category “%s” (see “attest-cli taxonomy”)", key ? key : "");
  else if (rc != SQLITE_ROW)
    _attest_store_set_sqlite_error (self, error, rc, "reading a category");
  return cat;
}

static gboolean
validate_category (AttestStore    *self,
                   AttestCategory *category,
                   GError        **error)
{
  static const char shortcut_sql[] =
    "SELECT key FROM categories WHERE shortcut = ? AND key != ? AND NOT retired";
  sqlite3_stmt *stmt;
  int rc;

  if (!attest_category_key_is_valid (category->key))
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID,
                   "“%s” is not a valid category key: use lower-case letters, digits and "
                   "hyphens, starting with a letter", category->key ? category->key : "");
      return FALSE;
    }
  if (category->label == NULL || *g_strstrip (category->label) == '\0')
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID, "A category needs a label");
      return FALSE;
    }
  if (!attest_category_color_is_valid (category->color))
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID,
                   "“%s” is not a colour; use the form #rrggbb",
                   category->color ? category->color : "");
      return FALSE;
    }
  if (category->shortcut > 9 || category->shortcut < -1)
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID,
                   "A shortcut is one digit, 0 to 9");
      return FALSE;
    }
  if (category->parent_key != NULL)
    {
      g_autoptr(AttestCategory) parent = attest_store_get_category (self, category->parent_key, error);

      if (parent == NULL)
        return FALSE;
      if (g_str_equal (parent->key, category->key))
        {
          g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID,
                       "A category cannot be its own parent");
          return FALSE;
        }
    }
  if (category->shortcut >= 0 && !category->retired)
    {
      g_autofree char *taken = NULL;

      if (!(stmt = _attest_store_prepare (self, shortcut_sql, error)))
        return FALSE;
      sqlite3_bind_int (stmt, 1, category->shortcut);
      _attest_store_bind_text (stmt, 2, category->key);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        taken = _attest_store_column_dup (stmt, 0);
      sqlite3_reset (stmt);
      if (taken != NULL)
        {
          g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID,
                       "The shortcut %d is already used by “%s”", category->shortcut, taken);
          return FALSE;
        }
    }
  return TRUE;
}

gboolean
attest_store_add_category (AttestStore    *self,
                           AttestCategory *category,
                           GError        **error)
{
  static const char sql[] =
    "INSERT INTO categories (key, label, description, color, shortcut, parent_key,"
    " retired, position, modified)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, (SELECT coalesce (max (position), -1) + 1 FROM categories), ?)";
  g_autoptr(AttestCategory) existing = NULL;
  g_autofree char *now = _attest_store_now_iso8601 ();
  sqlite3_stmt *stmt;

  if (!_attest_store_check_writable (self, error) || !validate_category (self, category, error))
    return FALSE;

  if ((existing = attest_store_get_category (self, category->key, NULL)))
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_DUPLICATE,
                   "There is already a category “%s” (%s)", existing->key, existing->label);
      return FALSE;
    }

  if (!_attest_store_begin_write (self, "adding a category", error))
    return FALSE;
  if (!(stmt = _attest_store_prepare (self, sql, error)))
    goto fail;
  _attest_store_bind_text (stmt, 1, category->key);
  _attest_store_bind_text (stmt, 2, category->label);
  _attest_store_bind_text (stmt, 3, category->description);
  _attest_store_bind_text (stmt, 4, category->color);
  if (category->shortcut >= 0)
    sqlite3_bind_int (stmt, 5, category->shortcut);
  _attest_store_bind_text (stmt, 6, category->parent_key);
  sqlite3_bind_int (stmt, 7, category->retired);
  _attest_store_bind_text (stmt, 8, now);
  if (!_attest_store_step_done (self, stmt, "adding a category", error))
    goto fail;
  category->id = sqlite3_last_insert_rowid (self->db);
  if (!_attest_store_record_history (self, "category", category->key, "create", NULL, NULL,
                                     category->label, error))
    goto fail;
  category->version = 1;
  return _attest_store_commit_write (self, "adding a category", error);

fail:
  _attest_store_rollback_write (self);
  return FALSE;
}

gboolean
attest_store_update_category (AttestStore    *self,
                              AttestCategory *category,
                              GError        **error)
{
  static const char sql[] =
    "UPDATE categories SET label = ?, description = ?, color = ?, shortcut = ?,"
    " parent_key = ?, retired = ?, version = version + 1, modified = ? WHERE key = ?";
  g_autoptr(AttestCategory) old = NULL;
  g_autofree char *now = _attest_store_now_iso8601 ();
  g_autofree char *old_shortcut = NULL;
  g_autofree char *new_shortcut = NULL;
  sqlite3_stmt *stmt;
  const struct { const char *field, *old_value, *new_value; } *f, fields[] = {
    { "label", NULL, NULL }, { "description", NULL, NULL }, { "color", NULL, NULL },
    { "shortcut", NULL, NULL }, { "parent", NULL, NULL }, { "retired", NULL, NULL },
  };
  const char *olds[G_N_ELEMENTS (fields)];
  const char *news[G_N_ELEMENTS (fields)];

  if (!_attest_store_check_writable (self, error))
    return FALSE;
  if (!(old = attest_store_get_category (self, category->key, error)))
    return FALSE;
  if (!validate_category (self, category, error))
    return FALSE;

  old_shortcut = old->shortcut >= 0 ? g_strdup_printf ("%d", old->shortcut) : NULL;
  new_shortcut = category->shortcut >= 0 ? g_strdup_printf ("%d", category->shortcut) : NULL;
  olds[0] = old->label;       news[0] = category->label;
  olds[1] = old->description; news[1] = category->description;
  olds[2] = old->color;       news[2] = category->color;
  olds[3] = old_shortcut;     news[3] = new_shortcut;
  olds[4] = old->parent_key;  news[4] = category->parent_key;
  olds[5] = old->retired ? "yes" : "no"; news[5] = category->retired ? "yes" : "no";

  if (!_attest_store_begin_write (self, "changing a category", error))
    return FALSE;
  if (!(stmt = _attest_store_prepare (self, sql, error)))
    goto fail;
  _attest_store_bind_text (stmt, 1, category->label);
  _attest_store_bind_text (stmt, 2, category->description);
  _attest_store_bind_text (stmt, 3, category->color);
  if (category->shortcut >= 0)
    sqlite3_bind_int (stmt, 4, category->shortcut);
  _attest_store_bind_text (stmt, 5, category->parent_key);
  sqlite3_bind_int (stmt, 6, category->retired);
  _attest_store_bind_text (stmt, 7, now);
  _attest_store_bind_text (stmt, 8, category->key);
  if (!_attest_store_step_done (self, stmt, "changing a category", error))
    goto fail;

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      f = &fields[i];
      if (g_strcmp0 (olds[i], news[i]) != 0 &&
          !_attest_store_record_history (self, "category", category->key, "update", f->field,
                           olds[i], news[i], error))
        goto fail;
    }

  if (!_attest_store_commit_write (self, "changing a category", error))
    return FALSE;
  category->version = old->version + 1;
  return TRUE;

fail:
  _attest_store_rollback_write (self);
  return FALSE;
}

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
                   "The claim %s was deleted", sqlite3_column_text (stmt, 1));
    }
  else if (rc == SQLITE_ROW)
    claim = _attest_store_claim_from_row (stmt);
  else if (rc == SQLITE_DONE)
    g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_NOT_FOUND, "No claim %" G_GINT64_FORMAT, id);
  else
    _attest_store_set_sqlite_error (self, error, rc, "reading a claim");
  sqlite3_reset (stmt);
  return claim;
}

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
    return _attest_store_set_sqlite_error (self, error, rc, "reading a document");
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
  gboolean blank = TRUE;
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
      _attest_store_set_sqlite_error (self, error, rc, "reading the claim's text");
      return NULL;
    }

  if (start < 0 || end > length || start >= end)
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID,
                   "Range %" G_GINT64_FORMAT ":%" G_GINT64_FORMAT
                   " is outside the text (0:%" G_GINT64_FORMAT ") or empty",
                   start, end, length);
      return NULL;
    }

  for (const char *p = quote; *p; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      blank = FALSE;
  if (blank)
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID,
                   "The range %" G_GINT64_FORMAT ":%" G_GINT64_FORMAT " holds only white space",
                   start, end);
      return NULL;
    }

  if (g_unichar_ismark (g_utf8_get_char (quote)) ||
      (after != NULL && *after != '\0' && g_unichar_ismark (g_utf8_get_char (after))))
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID,
                   "The range %" G_GINT64_FORMAT ":%" G_GINT64_FORMAT
                   " is not on a character boundary (it splits a letter from its accent)",
                   start, end);
      return NULL;
    }

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
                 "No category “%s” (see “attest-cli taxonomy”)", key ? key : "");
  else if (rc != SQLITE_ROW)
    _attest_store_set_sqlite_error (self, error, rc, "reading a category");
  else if (retired)
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID,
                   "The category “%s” is retired; choose another", key);
      return 0;
    }
  return rc == SQLITE_ROW ? id : 0;
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
  static const char sql[] =
    "INSERT INTO claims (uuid, document_id, start, \"end\", quote, category_id,"
    " annotator_id, created, modified, certainty, comment)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  g_autofree char *quote = NULL;
  g_autofree char *uuid = NULL;
  sqlite3_stmt *stmt;
  gint64 category_id;
  gint64 id;

  if (spec->certainty != NULL && !attest_claim_certainty_is_valid (spec->certainty))
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID,
                   "“%s” is not a certainty; use low, medium, high or unknown", spec->certainty);
      return 0;
    }
  if (!(category_id = _attest_store_usable_category_id (self, spec->category, error)) ||
      !(quote = _attest_store_claim_quote (self, doc->id, spec->start, spec->end, error)) ||
      !(stmt = _attest_store_prepare (self, sql, error)))
    return 0;

  uuid = g_uuid_string_random ();
  _attest_store_bind_text (stmt, 1, uuid);
  sqlite3_bind_int64 (stmt, 2, doc->id);
  sqlite3_bind_int64 (stmt, 3, spec->start);
  sqlite3_bind_int64 (stmt, 4, spec->end);
  _attest_store_bind_text (stmt, 5, quote);
  sqlite3_bind_int64 (stmt, 6, category_id);
  sqlite3_bind_int64 (stmt, 7, who);
  _attest_store_bind_text (stmt, 8, now);
  _attest_store_bind_text (stmt, 9, now);
  _attest_store_bind_text (stmt, 10, spec->certainty);
  _attest_store_bind_text (stmt, 11, spec->comment && *spec->comment ? spec->comment : NULL);
  if (!_attest_store_step_done (self, stmt, "saving the claim", error))
    return 0;
  id = sqlite3_last_insert_rowid (self->db);
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
      !_attest_store_begin_write (self, "saving claims", error))
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
  if (!_attest_store_commit_write (self, "saving claims", error))
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

GArray *
attest_store_add_claims (AttestStore           *self,
                         const char            *document_ref,
                         const AttestClaimSpec *specs,
                         guint                  n_specs,
                         GError               **error)
{
  return add_claims (self, document_ref, specs, n_specs, NULL, error);
}

GPtrArray *
attest_store_list_claims (AttestStore             *self,
                          const AttestClaimFilter *filter,
                          GError                 **error)
{
  static const char sql[] =
    "SELECT " CLAIM_COLUMNS CLAIM_FROM
    " WHERE NOT c.deleted AND (?1 IS NULL OR d.id = ?1) AND (?2 IS NULL OR k.key = ?2)"
    " AND (?3 IS NULL OR a.name = ?3) AND (?4 IS NULL OR c.status = ?4)"
    " ORDER BY d.id, c.start, c.\"end\" DESC, c.id";
  g_autoptr(GPtrArray) claims = g_ptr_array_new_with_free_func (g_object_unref);
  gint64 doc_id = 0;
  sqlite3_stmt *stmt;
  int rc;

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
                   "“%s” is not a status; use draft, accepted or rejected", filter->status);
      return NULL;
    }

  if (!(stmt = _attest_store_prepare (self, sql, error)))
    return NULL;
  if (doc_id)
    sqlite3_bind_int64 (stmt, 1, doc_id);
  if (filter)
    {
      _attest_store_bind_text (stmt, 2, filter->category);
      _attest_store_bind_text (stmt, 3, filter->annotator);
      _attest_store_bind_text (stmt, 4, filter->status);
    }
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (claims, _attest_store_claim_from_row (stmt));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _attest_store_set_sqlite_error (self, error, rc, "listing claims"), NULL;

  return g_steal_pointer (&claims);
}

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
                   "“%s” is not a status; use draft, accepted or rejected",
                   claim->status ? claim->status : "");
      return FALSE;
    }
  if (claim->certainty && !attest_claim_certainty_is_valid (claim->certainty))
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID,
                   "“%s” is not a certainty; use low, medium, high or unknown", claim->certainty);
      return FALSE;
    }
  if (!(cat = attest_store_get_category (self, claim->category, error)))
    return FALSE;

  if (!_attest_store_begin_write (self, "saving the claim", error))
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
      if (!_attest_store_commit_write (self, "saving the claim", error))
        return FALSE;

      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_CONFLICT,
                   "The claim was changed by %s meanwhile (version %" G_GINT64_FORMAT
                   ", yours %" G_GINT64_FORMAT ", last modified %s); your change was kept in its "
                   "history but not applied",
                   current->annotator, current->version, claim->version, current->modified);
      return FALSE;
    }
  if (g_strcmp0 (current->category, claim->category) != 0 && cat->retired)
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID,
                   "The category “%s” is retired; choose another", cat->key);
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
  if (!_attest_store_step_done (self, stmt, "saving the claim", error))
    goto fail;

  for (guint i = 0; i < n_changes; i++)
    if (!_attest_store_record_history (self, "claim", current->uuid, "update", changes[i].field,
                         changes[i].old_value, changes[i].new_value, error))
      goto fail;

  if (!_attest_store_commit_write (self, "saving the claim", error))
    return FALSE;

  claim->version++;
  g_free (claim->modified);
  claim->modified = g_steal_pointer (&now);
  return TRUE;

fail:
  _attest_store_rollback_write (self);
  return FALSE;
}

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

  if (!_attest_store_begin_write (self, "deleting the claim", error))
    return FALSE;
  if (!(stmt = _attest_store_prepare (self, sql, error)))
    goto fail;
  _attest_store_bind_text (stmt, 1, now);
  sqlite3_bind_int64 (stmt, 2, claim->id);
  if (!_attest_store_step_done (self, stmt, "deleting the claim", error) ||
      !_attest_store_record_history (self, "claim", claim->uuid, "delete", NULL, old, NULL, error))
    goto fail;
  return _attest_store_commit_write (self, "deleting the claim", error);

fail:
  _attest_store_rollback_write (self);
  return FALSE;
}

/* Brings back a deleted claim with its uuid, offsets and links: what undo
 * of a delete (or redo of a create) needs. */
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
  if (!_attest_store_begin_write (self, "restoring the claim", error))
    return FALSE;
  if (!(stmt = _attest_store_prepare (self, sql, error)))
    goto fail;
  _attest_store_bind_text (stmt, 1, now);
  sqlite3_bind_int64 (stmt, 2, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    uuid = _attest_store_column_dup (stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      _attest_store_set_sqlite_error (self, error, rc, "restoring the claim");
      goto fail;
    }
  if (uuid == NULL)
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID, "The claim is not deleted");
      goto fail;
    }
  if (!_attest_store_record_history (self, "claim", uuid, "restore", NULL, NULL, NULL, error))
    goto fail;
  return _attest_store_commit_write (self, "restoring the claim", error);

fail:
  _attest_store_rollback_write (self);
  return FALSE;
}

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
  g_autoptr(AttestOutlets) outlets = NULL;

  if (sources->len == 0)
    return TRUE;
  if (!(outlets = attest_store_dup_outlets (self, error)))
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

GPtrArray *
attest_store_list_sources (AttestStore *self,
                           const char  *document_ref,
                           GError     **error)
{
  static const char sql[] =
    "SELECT " SOURCE_COLUMNS " FROM sources s LEFT JOIN documents d ON d.id = s.document_id"
    " WHERE ?1 IS NULL OR s.document_id = ?1"
    " ORDER BY s.document_id IS NULL, s.document_id,"
    "  (SELECT min (start) FROM citations t WHERE t.source_id = s.id), s.id";
  g_autoptr(GPtrArray) sources = g_ptr_array_new_with_free_func (g_object_unref);
  gint64 doc_id = 0;
  sqlite3_stmt *stmt;
  int rc;

  if (document_ref &&
      !(doc_id = _attest_store_resolve_ref (self, "documents", "document", document_ref, error)))
    return NULL;

  if (!(stmt = _attest_store_prepare (self, sql, error)))
    return NULL;
  if (doc_id)
    sqlite3_bind_int64 (stmt, 1, doc_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (sources, _attest_store_source_from_row (stmt, 0));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _attest_store_set_sqlite_error (self, error, rc, "listing sources"), NULL;
  if (!_attest_store_name_outlets (self, sources, error))
    return NULL;

  return g_steal_pointer (&sources);
}

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
    _attest_store_set_sqlite_error (self, error, rc, "reading a source");
  sqlite3_reset (stmt);
  return source;
}

AttestSource *
attest_store_add_source (AttestStore  *self,
                         AttestSource *source,
                         GError      **error)
{
  static const char sql[] =
    "INSERT INTO sources (uuid, document_id, outlet, place, date_text, date_when, url,"
    " title, reliability, created) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  g_autoptr(AttestDocument) doc = NULL;
  g_autofree char *uuid = g_uuid_string_random ();
  g_autofree char *now = _attest_store_now_iso8601 ();
  g_autofree char *when = NULL;
  sqlite3_stmt *stmt;
  gint64 id;

  if (!_attest_store_check_writable (self, error))
    return NULL;
  if ((source->outlet == NULL || *source->outlet == '\0') &&
      (source->title == NULL || *source->title == '\0') &&
      (source->url == NULL || *source->url == '\0'))
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID,
                   "A source needs an outlet, a title or a URL");
      return NULL;
    }
  if (source->url != NULL && !g_uri_is_valid (source->url, G_URI_FLAGS_NONE, NULL))
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID, "“%s” is not a valid URL", source->url);
      return NULL;
    }
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
                       "“%s” is not a date Attest understands (e.g. “June 4 2004” or 2004-06-04)",
                       source->date_text);
          return NULL;
        }
    }

  if (!_attest_store_begin_write (self, "adding a source", error))
    return NULL;
  if (!(stmt = _attest_store_prepare (self, sql, error)))
    goto fail;
  _attest_store_bind_text (stmt, 1, uuid);
  if (doc)
    sqlite3_bind_int64 (stmt, 2, doc->id);
  _attest_store_bind_text (stmt, 3, source->outlet);
  _attest_store_bind_text (stmt, 4, source->place);
  _attest_store_bind_text (stmt, 5, source->date_text);
  _attest_store_bind_text (stmt, 6, when);
  _attest_store_bind_text (stmt, 7, source->url);
  _attest_store_bind_text (stmt, 8, source->title);
  _attest_store_bind_text (stmt, 9, source->reliability);
  _attest_store_bind_text (stmt, 10, now);
  if (!_attest_store_step_done (self, stmt, "adding a source", error))
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

    if (added == NULL || !_attest_store_commit_write (self, "adding a source", error))
      goto fail;
    return g_steal_pointer (&added);
  }

fail:
  _attest_store_rollback_write (self);
  return NULL;
}

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
  int rc;

  if (!(doc_id = _attest_store_resolve_ref (self, "documents", "document", document_ref, error)))
    return NULL;
  if (!(stmt = _attest_store_prepare (self, self->schema >= 3 ? sql : sql_v2, error)))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, doc_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
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
      g_ptr_array_add (citations, c);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _attest_store_set_sqlite_error (self, error, rc, "listing citations"), NULL;

  {
    g_autoptr(GPtrArray) sources = g_ptr_array_new ();

    for (guint i = 0; i < citations->len; i++)
      g_ptr_array_add (sources, ((AttestCitation *) g_ptr_array_index (citations, i))->source);
    if (!_attest_store_name_outlets (self, sources, error))
      return NULL;
  }
  return g_steal_pointer (&citations);
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
    return _attest_store_set_sqlite_error (self, error, rc, "reading a link");
  *out_exists = rc == SQLITE_ROW;
  return TRUE;
}

gboolean
attest_store_link (AttestStore *self,
                   const char  *claim_ref,
                   const char  *source_ref,
                   GError     **error)
{
  static const char sql[] =
    "INSERT INTO claim_sources (claim_id, source_id, annotator_id, created) VALUES (?, ?, ?, ?)";
  g_autoptr(AttestClaim) claim = NULL;
  g_autoptr(AttestSource) source = NULL;
  g_autofree char *now = _attest_store_now_iso8601 ();
  g_autofree char *label = NULL;
  sqlite3_stmt *stmt;
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
                   "The source is cited in another document than the claim");
      return FALSE;
    }

  if (!_attest_store_begin_write (self, "linking a source", error))
    return FALSE;
  if (!link_exists (self, claim->id, source->id, &exists, error))
    goto fail;
  if (exists)
    {
      _attest_store_rollback_write (self);
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_DUPLICATE,
                   "The claim is already linked to this source");
      return FALSE;
    }
  if (!(who = _attest_store_annotator_id (self, error)) || !(stmt = _attest_store_prepare (self, sql, error)))
    goto fail;
  sqlite3_bind_int64 (stmt, 1, claim->id);
  sqlite3_bind_int64 (stmt, 2, source->id);
  sqlite3_bind_int64 (stmt, 3, who);
  _attest_store_bind_text (stmt, 4, now);
  label = attest_source_dup_label (source);
  if (!_attest_store_step_done (self, stmt, "linking a source", error) ||
      !_attest_store_record_history (self, "claim", claim->uuid, "link", "source", NULL, source->uuid, error))
    goto fail;
  return _attest_store_commit_write (self, "linking a source", error);

fail:
  _attest_store_rollback_write (self);
  return FALSE;
}

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

  if (!_attest_store_begin_write (self, "unlinking a source", error))
    return FALSE;
  if (!link_exists (self, claim->id, source->id, &exists, error))
    goto fail;
  if (!exists)
    {
      _attest_store_rollback_write (self);
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_NOT_FOUND,
                   "The claim is not linked to this source");
      return FALSE;
    }
  if (!(stmt = _attest_store_prepare (self, sql, error)))
    goto fail;
  sqlite3_bind_int64 (stmt, 1, claim->id);
  sqlite3_bind_int64 (stmt, 2, source->id);
  if (!_attest_store_step_done (self, stmt, "unlinking a source", error) ||
      !_attest_store_record_history (self, "claim", claim->uuid, "unlink", "source", source->uuid, NULL, error))
    goto fail;
  return _attest_store_commit_write (self, "unlinking a source", error);

fail:
  _attest_store_rollback_write (self);
  return FALSE;
}

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

/* The names of everyone who made a claim here, for filters. */
GStrv
attest_store_list_annotators (AttestStore *self,
                              GError     **error)
{
  static const char sql[] = "SELECT name FROM annotators ORDER BY name COLLATE NOCASE";
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
  sqlite3_stmt *stmt;
  int rc;

  if (!(stmt = _attest_store_prepare (self, sql, error)))
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_strv_builder_add (names, (const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _attest_store_set_sqlite_error (self, error, rc, "listing annotators"), NULL;

  return g_strv_builder_end (names);
}

/* --------------------------------------------------------------- history */

GPtrArray *
attest_store_list_history (AttestStore *self,
                           const char  *entity_uuid,
                           GError     **error)
{
  static const char sql[] =
    "SELECT id, uuid, at, annotator, entity, entity_uuid, action, field, old_value, new_value"
    " FROM history WHERE ?1 IS NULL OR entity_uuid = ?1 ORDER BY id";
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func (g_object_unref);
  sqlite3_stmt *stmt;
  int rc;

  if (!(stmt = _attest_store_prepare (self, sql, error)))
    return NULL;
  _attest_store_bind_text (stmt, 1, entity_uuid);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      AttestHistoryEntry *e = attest_history_entry_new ();

      e->id = sqlite3_column_int64 (stmt, 0);
      e->uuid = _attest_store_column_dup (stmt, 1);
      e->at = _attest_store_column_dup (stmt, 2);
      e->annotator = _attest_store_column_dup (stmt, 3);
      e->entity = _attest_store_column_dup (stmt, 4);
      e->entity_uuid = _attest_store_column_dup (stmt, 5);
      e->action = _attest_store_column_dup (stmt, 6);
      e->field = _attest_store_column_dup (stmt, 7);
      e->old_value = _attest_store_column_dup (stmt, 8);
      e->new_value = _attest_store_column_dup (stmt, 9);
      g_ptr_array_add (entries, e);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _attest_store_set_sqlite_error (self, error, rc, "reading the history"), NULL;

  return g_steal_pointer (&entries);
}

/* ----------------------------------------------------------------- check */

static gboolean
collect_rows (AttestStore *self,
              const char  *sql,
              const char  *format,
              GPtrArray   *problems,
              GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL);

  if (rc != SQLITE_OK)
    return _attest_store_set_sqlite_error (self, error, rc, "checking the database");

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *a = (const char *) sqlite3_column_text (stmt, 0);
      const char *b = sqlite3_column_count (stmt) > 1 ? (const char *) sqlite3_column_text (stmt, 1) : NULL;

      if (g_strcmp0 (a, "ok") == 0 && b == NULL)
        continue;
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
      g_ptr_array_add (problems, g_strdup_printf (format, a ? a : "", b ? b : ""));
#pragma GCC diagnostic pop
    }
  sqlite3_finalize (stmt);

  if (rc != SQLITE_DONE)
    return _attest_store_set_sqlite_error (self, error, rc, "checking the database");
  return TRUE;
}

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
                     "citation %s: its text no longer matches document %s", found, error))
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
        return _attest_store_set_sqlite_error (self, error, rc, "checking the database");
      if (g_strcmp0 (sha, doc->sha256) != 0)
        g_ptr_array_add (found, g_strdup_printf ("document %s: its text was altered after import "
                                                 "(SHA-256 differs)", doc->uuid));
    }

  if (problems)
    *problems = g_ptr_array_ref (found);
  return found->len == 0;
}
