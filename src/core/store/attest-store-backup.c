/* attest-store-backup.c — consistent copies of the database (part of
 * AttestStore; see attest-store-private.h).
 *
 * SQLite's backup API copies the live database page by page, consistent
 * even while others write. Its destination must be an SQLite file, which
 * SQLite opens by name; a copy killed half-way would then leave a partial
 * database (and its journal) under the name the user chose, which a later
 * command could mistake for a database. So the copy goes into an
 * AttestOutputFile — an unnamed file that gets its name only when complete
 * — through a small SQLite VFS that hands SQLite that file's descriptor.
 * Nobody else can see the file while it is written, so the VFS needs no
 * locks, and the copy needs no journal: on failure the file is dropped.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "attest-error.h"
#include "attest-output-file.h"
#include "attest-store-private.h"

#define FD_VFS_NAME   "attest-fd"
#define FD_VFS_PREFIX "/attest-fd/"

typedef struct {
  sqlite3_file base;
  int          fd;   /* owned by the AttestOutputFile */
} FdFile;

static int
fd_close (sqlite3_file *file)
{
  return SQLITE_OK;
}

static int
fd_read (sqlite3_file *file,
         void         *buffer,
         int           amount,
         sqlite3_int64 offset)
{
  FdFile *f = (FdFile *) file;
  int done = 0;

  while (done < amount)
    {
      ssize_t n = pread (f->fd, (char *) buffer + done, amount - done, offset + done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        return SQLITE_IOERR_READ;
      if (n == 0)
        {
          /* SQLite asks past the end of a growing file and expects zeros. */
          memset ((char *) buffer + done, 0, amount - done);
          return SQLITE_IOERR_SHORT_READ;
        }
      done += n;
    }
  return SQLITE_OK;
}

static int
fd_write (sqlite3_file *file,
          const void   *buffer,
          int           amount,
          sqlite3_int64 offset)
{
  FdFile *f = (FdFile *) file;
  int done = 0;

  while (done < amount)
    {
      ssize_t n = pwrite (f->fd, (const char *) buffer + done, amount - done, offset + done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        return errno == ENOSPC || errno == EDQUOT ? SQLITE_FULL : SQLITE_IOERR_WRITE;
      done += n;
    }
  return SQLITE_OK;
}

static int
fd_truncate (sqlite3_file *file,
             sqlite3_int64 size)
{
  return ftruncate (((FdFile *) file)->fd, size) == 0 ? SQLITE_OK : SQLITE_IOERR_TRUNCATE;
}

static int
fd_sync (sqlite3_file *file,
         int           flags)
{
  /* The AttestOutputFile syncs the whole file before naming it. */
  return SQLITE_OK;
}

static int
fd_file_size (sqlite3_file  *file,
              sqlite3_int64 *size)
{
  struct stat st;

  if (fstat (((FdFile *) file)->fd, &st) != 0)
    return SQLITE_IOERR_FSTAT;
  *size = st.st_size;
  return SQLITE_OK;
}

static int
fd_lock (sqlite3_file *file,
         int           level)
{
  return SQLITE_OK;
}

static int
fd_check_reserved_lock (sqlite3_file *file,
                        int          *out)
{
  *out = 0;
  return SQLITE_OK;
}

static int
fd_file_control (sqlite3_file *file,
                 int           op,
                 void         *arg)
{
  return SQLITE_NOTFOUND;
}

static int
fd_sector_size (sqlite3_file *file)
{
  return 4096;
}

static int
fd_device_characteristics (sqlite3_file *file)
{
  return 0;
}

static const sqlite3_io_methods fd_methods = {
  .iVersion = 1,
  .xClose = fd_close,
  .xRead = fd_read,
  .xWrite = fd_write,
  .xTruncate = fd_truncate,
  .xSync = fd_sync,
  .xFileSize = fd_file_size,
  .xLock = fd_lock,
  .xUnlock = fd_lock,
  .xCheckReservedLock = fd_check_reserved_lock,
  .xFileControl = fd_file_control,
  .xSectorSize = fd_sector_size,
  .xDeviceCharacteristics = fd_device_characteristics,
};

/* The database "/attest-fd/N" is descriptor N; nothing else can be opened
 * (journal_mode=OFF and temp_store=MEMORY ask for nothing else). */
static int
fd_open (sqlite3_vfs  *vfs,
         const char   *name,
         sqlite3_file *file,
         int           flags,
         int          *out_flags)
{
  FdFile *f = (FdFile *) file;
  gint64 fd;

  f->base.pMethods = NULL;
  if (name == NULL || !(flags & SQLITE_OPEN_MAIN_DB) || !g_str_has_prefix (name, FD_VFS_PREFIX) ||
      !g_ascii_string_to_signed (name + strlen (FD_VFS_PREFIX), 10, 0, G_MAXINT, &fd, NULL))
    return SQLITE_CANTOPEN;
  f->fd = fd;
  f->base.pMethods = &fd_methods;
  if (out_flags)
    *out_flags = flags;
  return SQLITE_OK;
}

static int
fd_delete (sqlite3_vfs *vfs,
           const char  *name,
           int          sync_dir)
{
  return SQLITE_OK;
}

static int
fd_access (sqlite3_vfs *vfs,
           const char  *name,
           int          flags,
           int         *out)
{
  *out = 0;
  return SQLITE_OK;
}

static int
fd_full_pathname (sqlite3_vfs *vfs,
                  const char  *name,
                  int          size,
                  char        *out)
{
  if (g_strlcpy (out, name, size) >= (gsize) size)
    return SQLITE_CANTOPEN;
  return SQLITE_OK;
}

/* Time, randomness and sleep come from the default VFS. */
static int
fd_randomness (sqlite3_vfs *vfs, int n, char *out)
{
  sqlite3_vfs *real = vfs->pAppData;
  return real->xRandomness (real, n, out);
}

static int
fd_sleep (sqlite3_vfs *vfs, int microseconds)
{
  sqlite3_vfs *real = vfs->pAppData;
  return real->xSleep (real, microseconds);
}

static int
fd_current_time (sqlite3_vfs *vfs, double *out)
{
  sqlite3_vfs *real = vfs->pAppData;
  return real->xCurrentTime (real, out);
}

static int
fd_get_last_error (sqlite3_vfs *vfs, int n, char *out)
{
  return errno;
}

static gboolean
register_fd_vfs (GError **error)
{
  static sqlite3_vfs vfs;
  static gsize registered = 0;
  static int rc = SQLITE_OK;

  if (g_once_init_enter (&registered))
    {
      sqlite3_vfs *real = sqlite3_vfs_find (NULL);

      vfs = (sqlite3_vfs) {
        .iVersion = 1,
        .szOsFile = sizeof (FdFile),
        .mxPathname = 64,
        .zName = FD_VFS_NAME,
        .pAppData = real,
        .xOpen = fd_open,
        .xDelete = fd_delete,
        .xAccess = fd_access,
        .xFullPathname = fd_full_pathname,
        .xRandomness = fd_randomness,
        .xSleep = fd_sleep,
        .xCurrentTime = fd_current_time,
        .xGetLastError = fd_get_last_error,
      };
      rc = real ? sqlite3_vfs_register (&vfs, 0) : SQLITE_ERROR;
      g_once_init_leave (&registered, 1);
    }
  if (rc != SQLITE_OK)
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_FAILED,
                   _("Could not prepare SQLite for the copy: %s"), sqlite3_errstr (rc));
      return FALSE;
    }
  return TRUE;
}

sqlite3 *
_attest_store_open_unnamed (AttestOutputFile *out,
                            GError          **error)
{
  g_autofree char *name = g_strdup_printf (FD_VFS_PREFIX "%d", attest_output_file_get_fd (out));
  sqlite3 *db = NULL;
  int rc;

  if (!register_fd_vfs (error))
    return NULL;

  rc = sqlite3_open_v2 (name, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, FD_VFS_NAME);
  if (rc == SQLITE_OK)
    rc = sqlite3_exec (db, "PRAGMA journal_mode = OFF; PRAGMA temp_store = MEMORY", NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_IO, _("Could not start writing “%s”: %s"),
                   attest_output_file_get_path (out), db ? sqlite3_errmsg (db) : sqlite3_errstr (rc));
      sqlite3_close_v2 (db);
      return NULL;
    }
  return db;
}

/* Copies @source (a connection, in no write transaction) into @out. */
gboolean
_attest_store_copy_into (sqlite3          *source,
                         const char       *source_path,
                         AttestOutputFile *out,
                         GError          **error)
{
  const char *dest = attest_output_file_get_path (out);
  sqlite3 *copy;
  sqlite3_backup *backup;
  int rc;

  if (!(copy = _attest_store_open_unnamed (out, error)))
    return FALSE;

  if (!(backup = sqlite3_backup_init (copy, "main", source, "main")))
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_IO,
                   _("Could not copy “%s”: %s"), source_path, sqlite3_errmsg (copy));
      sqlite3_close_v2 (copy);
      return FALSE;
    }

  /* Others may write meanwhile: the copy restarts until one pass sees a
   * database nobody changed, as the backup API documents. */
  do
    {
      rc = sqlite3_backup_step (backup, 1024);
      if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
        g_usleep (20 * G_TIME_SPAN_MILLISECOND);
    }
  while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
  sqlite3_backup_finish (backup);
  sqlite3_close_v2 (copy);

  if (rc != SQLITE_DONE)
    {
      int code = (rc & 0xff) == SQLITE_FULL ? ATTEST_ERROR_FULL
                 : (rc & 0xff) == SQLITE_IOERR ? ATTEST_ERROR_DISK
                 : (rc & 0xff) == SQLITE_CORRUPT ? ATTEST_ERROR_CORRUPT : ATTEST_ERROR_IO;

      g_set_error (error, ATTEST_ERROR, code, _("Could not copy “%s” to “%s”: %s"),
                   source_path, dest, sqlite3_errstr (rc));
      return FALSE;
    }
  return TRUE;
}

/**
 * attest_store_backup:
 * @self: a #AttestStore
 * @dest: (type filename): the file to write
 * @error: return location for a #GError, or %NULL
 *
 * Copies the database, consistent as of one moment, to @dest.
 *
 * Returns: %TRUE on success
 */
gboolean
attest_store_backup (AttestStore *self,
                     const char  *dest,
                     GError     **error)
{
  g_autoptr(AttestOutputFile) out = NULL;

  g_return_val_if_fail (ATTEST_IS_STORE (self), FALSE);
  g_return_val_if_fail (dest != NULL, FALSE);

  if (!(out = attest_output_file_new (dest, error)))
    return FALSE;
  /* A backup never replaces: an older copy may be all that is left. */
  if (g_file_test (attest_output_file_get_path (out), G_FILE_TEST_EXISTS))
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID,
                   _("“%s” already exists; choose a new file for the backup"), dest);
      return FALSE;
    }
  if (!_attest_store_refuse_orphaned_journal (attest_output_file_get_path (out), error))
    return FALSE;
  return _attest_store_copy_into (self->db, self->path, out, error) &&
         attest_output_file_commit (out, FALSE, NULL, error);
}
