/* attest-store-open.c — opening the Attest database: the files this process
 * has open, the header check, the schema and its migrations, connecting
 * again when another process removed the -wal or -shm, and parking while a
 * file chooser is open.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

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

#include "attest-error.h"
#include "attest-output-file.h"
#include "attest-rules.h"
#include "attest-store-private.h"
#include "attest-store-schema.h"

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

/**
 * attest_store_check_not_open:
 * @path: (type filename): a database file
 * @error: return location for a #GError, or %NULL
 *
 * Refuses a @path this process has open already.
 *
 * Returns: %TRUE when @path is not open here
 */
gboolean
attest_store_check_not_open (const char *path,
                             GError    **error)
{
  g_autofree char *database = NULL;

  g_return_val_if_fail (path != NULL, FALSE);

  if (lookup_open_file (path, &database) == NOT_OPEN)
    return TRUE;
  g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID,
               _("“%s” is the database Attest has open (%s), or one of its files; choose another file"),
               path, database);
  return FALSE;
}

/* ------------------------------------------------------------------ open */

/**
 * attest_store_dup_default_path:
 *
 * The database used when none is named.
 *
 * Returns: (transfer full): the path in the user's data folder
 */
char *
attest_store_dup_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "attest", "attest.db", NULL);
}

static gboolean
load_default_taxonomy (AttestStore *self,
                       GError     **error)
{
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
      AttestCategoryRecord row = {
        .key = json_object_get_string_member (c, "key"),
        .label = json_object_get_string_member (c, "label"),
        .description = json_object_get_string_member_with_default (c, "description", NULL),
        .color = json_object_get_string_member (c, "color"),
        .shortcut = json_object_has_member (c, "shortcut") ? json_object_get_int_member (c, "shortcut") : -1,
        .position = i,
        .modified = now,
      };

      if (!_attest_store_insert_category (self, &row, _("loading the default taxonomy"), NULL, error))
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
                   _("“%s” is an SQLite database of another program, not of Attest; it was left untouched"),
                   path);
      return FALSE;
    }
  if (h->version > ATTEST_STORE_SCHEMA_VERSION)
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_NEWER_SCHEMA,
                   _("“%s” was written by a newer version of Attest (schema %d; this one reads up to %d); "
                     "it was left untouched"),
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
static void
outlet_history_id_sql (sqlite3_context *context,
                       int              argc,
                       sqlite3_value  **argv)
{
  const char *name = (const char *) sqlite3_value_text (argv[0]);
  g_autofree char *id = name ? _attest_store_outlet_history_id (name) : NULL;

  if (id)
    sqlite3_result_text (context, id, -1, SQLITE_TRANSIENT);
  else
    sqlite3_result_null (context);
}

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
                   _("“%s” is not an Attest database (not an SQLite file); it was left untouched"), path);
      break;
    case SQLITE_READONLY:
      /* SQLITE_READONLY_ROLLBACK: a rollback journal beside the file
       * holds a transaction its writer never finished. Attest writes in
       * WAL mode and never leaves one; finishing it would change a file
       * that may not be ours. */
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_NOT_OURS,
                   _("“%s” holds a transaction another program did not finish (its journal “%s-journal”); "
                     "it was left untouched — open it with that program first"),
                   path, path);
      break;
    case SQLITE_CORRUPT:
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_CORRUPT,
                   _("The database “%s” is damaged (%s); it was left untouched"), path, sqlite3_errmsg (db));
      break;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_BUSY,
                   _("The database “%s” stayed locked by another program while opening; try again"), path);
      break;
    case SQLITE_IOERR:
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_DISK,
                   _("Could not read “%s”: %s"), path, sqlite3_errmsg (db));
      break;
    default:
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_IO,
                   _("Could not open “%s”: %s"), path, db ? sqlite3_errmsg (db) : sqlite3_errstr (rc));
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
  g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_IO, _("Could not find a free name for the copy of “%s”"),
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
    if (!exec (self, attest_store_migrations[v], _("upgrading the database"), error))
      return FALSE;

  if (from == 0 && !load_default_taxonomy (self, error))
    return FALSE;
  /* Schema 3 knows more kinds of citation than the scanner of before. */
  if (from > 0 && from < 3 && !_attest_store_rescan_citations (self, error))
    return FALSE;

  sql = g_strdup_printf ("PRAGMA application_id = %d; PRAGMA user_version = %d;",
                         ATTEST_STORE_APPLICATION_ID, ATTEST_STORE_SCHEMA_VERSION);
  return exec (self, sql, _("upgrading the database"), error);
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
    return _attest_store_set_sqlite_error (self, error, rc, _("reading the database header"));
  if (header.app_id == ATTEST_STORE_APPLICATION_ID && header.version == ATTEST_STORE_SCHEMA_VERSION)
    return TRUE;

  if (!_attest_store_begin_write (self, _("setting up the database"), error))
    return FALSE;
  rc = read_header (self->db, &header);
  if (rc != SQLITE_OK)
    {
      _attest_store_set_sqlite_error (self, error, rc, _("reading the database header"));
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
  return _attest_store_commit_write (self, _("setting up the database"), error);

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

/* A -wal or -shm beside a database that is not there is what is left of a
 * database deleted while a process using it was killed: SQLite would read
 * the old -wal into the new file and damage it. Refused with the names,
 * never removed here: another process may be creating the file now. */
gboolean
_attest_store_refuse_orphaned_journal (const char *path,
                                       GError    **error)
{
  static const char * const beside[] = { "-wal", "-shm" };

  for (guint i = 0; i < G_N_ELEMENTS (beside); i++)
    {
      g_autofree char *side = g_strconcat (path, beside[i], NULL);

      /* Created and named meanwhile by another process: theirs, and fine. */
      if (g_file_test (side, G_FILE_TEST_EXISTS) && !g_file_test (path, G_FILE_TEST_EXISTS))
        {
          g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_UNSAFE,
                       _("“%s” is left from a database “%s” that is no longer there; a new database "
                         "there would take in its old changes and be damaged. Move or delete “%s” "
                         "(and its -shm) first"), side, path, side);
          return FALSE;
        }
    }
  return TRUE;
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
  ok = exec (self, "BEGIN", _("creating the database"), error) &&
       migrate (self, 0, error) &&
       exec (self, "COMMIT", _("creating the database"), error);
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
                   _("Could not create “%s”: %s"), self->path, g_strerror (saved));
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
      /* A large sort (the history of a whole export, in time order) may
       * merge its runs in a second thread: a quarter less time on two
       * cores. Small sorts never start one. */
      if (rc == SQLITE_OK)
        rc = sqlite3_exec (db, "PRAGMA threads = 1", NULL, NULL, NULL);
      /* An outlet's history is kept under an id made from its name (see
       * _attest_store_outlet_history_id()); replication asks for it in SQL. */
      if (rc == SQLITE_OK)
        rc = sqlite3_create_function (db, "attest_outlet_history_id", 1,
                                      SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, NULL,
                                      outlet_history_id_sql, NULL, NULL);
    }
  if (rc != SQLITE_OK)
    {
      sqlite3 *failed = self->db;

      /* Worded as any error of this database. */
      self->db = db;
      _attest_store_set_sqlite_error (self, error, rc, _("opening"));
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
                   _("Another program removed the journal of “%s” while Attest had it open, and a task of "
                     "Attest still holds the old one; nothing was changed, try again in a moment"), self->path);
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
                   _("The database “%s” was moved, renamed or replaced while Attest had it open; "
                     "nothing was saved. Open it again where it is now"), self->path);
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

/**
 * attest_store_reconnect:
 * @self: a #AttestStore
 * @error: return location for a #GError, or %NULL
 *
 * Connects again to the database file.
 *
 * Returns: %TRUE on success
 */
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

/**
 * attest_store_reconnect_all:
 *
 * Connects every store of this process again (after attest_store_park_all()).
 */
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

/**
 * attest_store_park_all:
 *
 * Lets every store of this process drop its locks for a while.
 */
void
attest_store_park_all (void)
{
  g_autoptr(GPtrArray) stores = stores_of_this_thread ();

  for (guint i = 0; i < stores->len; i++)
    park (g_ptr_array_index (stores, i));
}

/* Closes the connection (in finalize). The last user checkpoints and
 * removes the WAL, by its name: not if the name is now another process's
 * WAL. */
void
_attest_store_close (AttestStore *self)
{
  if (self->db != NULL && files_moved (self))
    close_leaving_wal (self->db);
  else if (self->db != NULL)
    sqlite3_close_v2 (self->db);
  if (self->open_file != NULL)
    unregister_open_file (self->open_file);
}

gboolean
_attest_store_check_files (AttestStore *self,
                           GError     **error)
{
  return check_files (self, error);
}

/**
 * attest_store_open:
 * @path: (type filename): the database file
 * @flags: how to open it
 * @error: return location for a #GError, or %NULL
 *
 * Opens (or, as @flags allow, creates) the database at @path.
 *
 * Returns: (transfer full) (nullable): the store, or %NULL with @error set
 */
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
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID, _("No database file was named"));
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
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_IO, _("“%s” is a folder, not a database"), path);
      return NULL;
    }
  if (exists && !S_ISREG (st.st_mode))
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_NOT_OURS,
                   _("“%s” is not a regular file (a device, pipe or socket), so not a database; "
                     "it was left untouched"), path);
      return NULL;
    }
  if (lookup_open_file (path, NULL) == OPEN_SIDE_FILE)
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID,
                   _("“%s” is the WAL or shared memory of the database Attest has open, not a database"), path);
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
                       _("“%s”, beside the database, is not a regular file; “%s” was left untouched"),
                       side, path);
          return NULL;
        }
    }
  if (!exists && (flags & (ATTEST_STORE_OPEN_NO_CREATE | ATTEST_STORE_OPEN_READ_ONLY)))
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_NOT_FOUND, _("There is no database “%s”"), path);
      return NULL;
    }

  dir_writable = access (dir, W_OK) == 0;
  /* Translators: the reasons below fill “This database is read-only (%s)”
   * and “The database “%s” is open read-only (%s); …” */
  if (flags & ATTEST_STORE_OPEN_READ_ONLY)
    self->read_only_reason = g_strdup (_("opened read-only on request"));
  else if (exists && access (path, W_OK) != 0)
    self->read_only_reason = g_strdup (_("the file is not writable"));
  else if (exists && !dir_writable)
    /* SQLite writes its -wal and -shm beside the file. */
    self->read_only_reason = g_strdup (_("its folder is not writable"));
  else if (exists)
    {
      /* Left by another user reading it with an older Attest or with
       * SQLite. Only a refusal counts: a file removed meanwhile by its last
       * user is nothing in the way. */
      const char *side[] = { wal, shm };

      for (guint i = 0; i < G_N_ELEMENTS (side) && self->read_only_reason == NULL; i++)
        if (access (side[i], W_OK) != 0 && (errno == EACCES || errno == EROFS))
          self->read_only_reason = g_strdup_printf (_("“%s” beside it belongs to another user and is not "
                                                      "writable; once nobody has the database open, it may "
                                                      "be deleted"), side[i]);
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
                   _("“%s” has %u names (hard links); SQLite keeps its journal beside each name, so "
                     "edits made through two of them would be lost. Keep one name, or work on a copy"),
                   path, (guint) st.st_nlink);
      return NULL;
    }

  if (!exists && !_attest_store_refuse_orphaned_journal (path, error))
    return NULL;
  if (!exists)
    {
      if (g_mkdir_with_parents (dir, 0755) != 0)
        {
          int saved = errno;
          g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_IO,
                       _("Could not create the folder “%s”: %s"), dir, g_strerror (saved));
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
                       _("“%s” cannot be read here: changes wait in “%s”, and SQLite must create “%s” "
                         "to read them, which this folder does not allow. Open it once where its folder "
                         "is writable, or copy the folder"), path, wal, shm);
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
                       _("“%s” is an empty database: there is nothing in it to read"), path);
          return NULL;
        }
      if (header.version < ATTEST_STORE_READABLE_FROM)
        {
          g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_READ_ONLY,
                       _("“%s” needs an upgrade, which is not possible read-only"), path);
          return NULL;
        }
    }
  else if (!set_up_schema (self, error))
    return NULL;
  self->schema = self->read_only ? header.version : ATTEST_STORE_SCHEMA_VERSION;

  remember_files (self);
  return g_steal_pointer (&self);
}

/**
 * attest_store_dup_network_filesystem:
 * @path: (type filename): a file or folder
 *
 * SQLite's locking does not work over network file systems ("How To Corrupt
 * An SQLite Database File", section 2.1), and FUSE mounts often pass it on
 * to one. Returns what kind of mount it is, or NULL for a local disk.
 *
 * Returns: (transfer full) (nullable): its name, or %NULL on a local disk
 */
char *
attest_store_dup_network_filesystem (const char *path)
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
