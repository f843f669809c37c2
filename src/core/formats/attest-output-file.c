/* attest-output-file.c — see attest-output-file.h; also the one way an
 * export reaches its file (attest_export_write_file(), declared in
 * attest-export-options.h).
 *
 * Why not g_file_replace(): GLib writes a new target in place, so a failed
 * or killed export left a truncated file under the name the user chose; it
 * uses a temporary only when the target already exists.
 */
#define _GNU_SOURCE  /* O_TMPFILE */
#include "config.h"

#include "attest-output-file.h"

#include <errno.h>
#include <fcntl.h>
#include <gio/gunixoutputstream.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "attest-error.h"
#include "attest-export-options.h"
#include "attest-store-bulk.h"

#define BUFFER_SIZE    (256 * 1024)
#define MAX_LINK_HOPS  16

struct _AttestOutputFile
{
  GObject        parent_instance;

  char          *path;       /* the target, symbolic links followed */
  char          *name;       /* its last component */
  int            dir_fd;     /* its folder */
  int            fd;         /* the file being written */
  char          *temp_name;  /* NULL: the file has no name yet (O_TMPFILE) */
  GOutputStream *stream;
  gboolean       synced;     /* all written and on disk */
  gboolean       finished;   /* committed, or given up */
};

G_DEFINE_FINAL_TYPE (AttestOutputFile, attest_output_file, G_TYPE_OBJECT)

/* ---------------------------------------------------------------- errors */

static int
code_for_errno (int saved)
{
  switch (saved)
    {
    case ENOSPC:
    case EDQUOT:
    case EFBIG:
      return ATTEST_ERROR_FULL;
    case EIO:
      return ATTEST_ERROR_DISK;
    default:
      return ATTEST_ERROR_IO;
    }
}

static gboolean
set_errno_error (GError    **error,
                 int         saved,
                 const char *format,
                 const char *path)
{
  g_autofree char *what = g_strdup_printf (format, path);

  g_set_error (error, ATTEST_ERROR, code_for_errno (saved), "%s: %s", what, g_strerror (saved));
  return FALSE;
}

/**
 * attest_output_file_propagate_error:
 * @error: return location for a #GError, or %NULL
 * @io_error: (transfer full): the GIO error
 * @path: (nullable): the target
 *
 * A GIO error from writing to @path, as an ATTEST_ERROR a user can act on:
 * FULL for a full disk or quota, DISK for an I/O error, IO otherwise;
 * cancellation stays G_IO_ERROR_CANCELLED. Takes @io_error; @path may
 * be NULL where the writer knows only its stream.
 */
void
attest_output_file_propagate_error (GError    **error,
                                    GError     *io_error,
                                    const char *path)
{
  int code = ATTEST_ERROR_IO;

  if (io_error->domain != G_IO_ERROR)
    {
      g_propagate_error (error, io_error);
      return;
    }
  if (io_error->code == G_IO_ERROR_CANCELLED)
    {
      g_propagate_error (error, io_error);
      return;
    }
  if (io_error->code == G_IO_ERROR_NO_SPACE)
    code = ATTEST_ERROR_FULL;
  else if (io_error->code == G_IO_ERROR_FAILED)  /* EIO and the like */
    code = ATTEST_ERROR_DISK;

  if (code == ATTEST_ERROR_FULL && path)
    g_set_error (error, ATTEST_ERROR, code, "The disk is full; “%s” was not written", path);
  else if (code == ATTEST_ERROR_FULL)
    g_set_error (error, ATTEST_ERROR, code, "The disk is full; the file was not written");
  else if (path)
    g_set_error (error, ATTEST_ERROR, code, "Could not write “%s”: %s", path, io_error->message);
  else
    g_set_error (error, ATTEST_ERROR, code, "Could not write the file: %s", io_error->message);
  g_error_free (io_error);
}

/* ------------------------------------------------------------- lifecycle */

static void
give_up (AttestOutputFile *self)
{
  if (self->finished)
    return;
  self->finished = TRUE;
  /* The stream is not closed with a flush: nothing more reaches the file. */
  if (self->temp_name != NULL && self->dir_fd >= 0)
    unlinkat (self->dir_fd, self->temp_name, 0);
}

static void
attest_output_file_finalize (GObject *object)
{
  AttestOutputFile *self = ATTEST_OUTPUT_FILE (object);

  give_up (self);
  g_clear_object (&self->stream);
  if (self->fd >= 0)
    close (self->fd);
  if (self->dir_fd >= 0)
    close (self->dir_fd);
  g_free (self->path);
  g_free (self->name);
  g_free (self->temp_name);

  G_OBJECT_CLASS (attest_output_file_parent_class)->finalize (object);
}

static void
attest_output_file_class_init (AttestOutputFileClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = attest_output_file_finalize;
}

static void
attest_output_file_init (AttestOutputFile *self)
{
  self->fd = -1;
  self->dir_fd = -1;
}

/* @path with a symbolic link in its last component followed, so that the
 * file it points to is replaced, not the link. */
static char *
follow_links (const char *path,
              GError    **error)
{
  g_autofree char *current = g_strdup (path);

  for (int hops = 0; hops < MAX_LINK_HOPS; hops++)
    {
      g_autofree char *target = NULL;
      g_autofree char *absolute = g_canonicalize_filename (current, NULL);
      g_autofree char *parent = g_path_get_dirname (absolute);
      g_autofree char *real_parent = realpath (parent, NULL);
      struct stat st;

      /* /dev/stdout, /dev/fd/N and /proc/self/fd/N lead to whatever a
       * descriptor of this process is, a file only by chance: replacing it
       * would throw away what the shell appended there before. The folder
       * is resolved too: /dev/fd is itself a link into /proc. */
      if (g_str_has_prefix (absolute, "/proc/") ||
          (real_parent != NULL && (g_str_equal (real_parent, "/proc") ||
                                   g_str_has_prefix (real_parent, "/proc/"))))
        {
          g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID,
                       "“%s” stands for an open descriptor of a program, not a file; name a file to write",
                       path);
          return NULL;
        }
      if (lstat (current, &st) != 0 || !S_ISLNK (st.st_mode))
        return g_steal_pointer (&current);
      if (!(target = g_file_read_link (current, NULL)))
        return g_steal_pointer (&current);
      if (!g_path_is_absolute (target))
        {
          g_autofree char *dir = g_path_get_dirname (current);
          g_free (current);
          current = g_build_filename (dir, target, NULL);
        }
      else
        {
          g_free (current);
          current = g_steal_pointer (&target);
        }
    }
  g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_IO,
               "“%s” is a chain of symbolic links that does not end", path);
  return NULL;
}

/* Whether this system can give an O_TMPFILE file a name: through
 * /proc/self/fd, which a Flatpak sandbox has too. */
static gboolean
can_link_unnamed (void)
{
  return access ("/proc/self/fd", X_OK) == 0;
}

/* A hidden name beside the target for a file on its way there; the stem
 * keeps it well under NAME_MAX whatever the target is called. */
static char *
temporary_name (AttestOutputFile *self)
{
  g_autofree char *stem = g_utf8_make_valid (self->name, MIN (strlen (self->name), 200));

  return g_strdup_printf (".%s.%06x.part", stem, g_random_int () & 0xffffff);
}

static int
open_named_temporary (AttestOutputFile *self)
{
  for (int attempt = 0; attempt < 100; attempt++)
    {
      int fd;

      g_free (self->temp_name);
      self->temp_name = temporary_name (self);
      fd = openat (self->dir_fd, self->temp_name, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
      if (fd >= 0 || errno != EEXIST)
        {
          if (fd < 0)
            g_clear_pointer (&self->temp_name, g_free);
          return fd;
        }
    }
  g_clear_pointer (&self->temp_name, g_free);
  errno = EEXIST;
  return -1;
}

/**
 * attest_output_file_new:
 * @path: the target
 * @error: return location for a #GError, or %NULL
 *
 * Opens the unnamed file in @path's folder; see the file's description for
 * the targets refused.
 *
 * Returns: (transfer full) (nullable): a new #AttestOutputFile, or %NULL
 *   with @error set
 */
AttestOutputFile *
attest_output_file_new (const char *path,
                        GError    **error)
{
  g_autoptr(AttestOutputFile) self = NULL;
  g_autofree char *dir = NULL;
  g_autoptr(GOutputStream) raw = NULL;
  struct stat st;
  gboolean exists;

  g_return_val_if_fail (path != NULL, NULL);

  self = g_object_new (ATTEST_TYPE_OUTPUT_FILE, NULL);
  /* What the name leads to, links followed by the kernel: /dev/stdout is a
   * link to a pipe or terminal that no path spells. */
  if (stat (path, &st) == 0 && !S_ISREG (st.st_mode))
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID,
                   S_ISDIR (st.st_mode) ? "“%s” is a folder; choose a file to write"
                   : "“%s” is not a regular file (a device, pipe or socket); choose a file to write", path);
      return NULL;
    }
  if (!(self->path = follow_links (path, error)))
    return NULL;

  exists = stat (self->path, &st) == 0;
  if (exists && S_ISDIR (st.st_mode))
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID,
                   "“%s” is a folder; choose a file to write", path);
      return NULL;
    }
  if (exists && !S_ISREG (st.st_mode))
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID,
                   "“%s” is not a regular file (a device, pipe or socket); choose a file to write", path);
      return NULL;
    }
  if (!attest_store_check_not_open (path, error) || !attest_store_check_not_open (self->path, error))
    return NULL;

  dir = g_path_get_dirname (self->path);
  self->name = g_path_get_basename (self->path);
  self->dir_fd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (self->dir_fd < 0)
    return set_errno_error (error, errno, "Could not open the folder “%s”", dir), NULL;

  self->fd = -1;
  if (can_link_unnamed ())
    self->fd = openat (self->dir_fd, ".", O_TMPFILE | O_RDWR | O_CLOEXEC, 0666);
  if (self->fd < 0 && (self->fd = open_named_temporary (self)) < 0)
    return set_errno_error (error, errno, "Could not write in the folder “%s”", dir), NULL;

  /* A replaced file keeps its permissions. */
  if (exists)
    fchmod (self->fd, st.st_mode & 07777);

  raw = g_unix_output_stream_new (self->fd, FALSE);
  self->stream = g_buffered_output_stream_new_sized (raw, BUFFER_SIZE);
  return g_steal_pointer (&self);
}

/**
 * attest_output_file_get_path:
 * @self: an #AttestOutputFile
 *
 * Returns: (transfer none): the target, with a symbolic link in its last
 *   component followed
 */
const char *
attest_output_file_get_path (AttestOutputFile *self)
{
  g_return_val_if_fail (ATTEST_IS_OUTPUT_FILE (self), NULL);
  return self->path;
}

/**
 * attest_output_file_get_stream:
 * @self: an #AttestOutputFile
 *
 * Returns: (transfer none): a buffered stream into the unnamed file, owned
 *   by @self
 */
GOutputStream *
attest_output_file_get_stream (AttestOutputFile *self)
{
  g_return_val_if_fail (ATTEST_IS_OUTPUT_FILE (self), NULL);
  return self->stream;
}

/**
 * attest_output_file_get_fd:
 * @self: an #AttestOutputFile
 *
 * The unnamed file's descriptor, for writers that are not streams (SQLite's
 * backup); owned by @self. Do not mix with the stream.
 *
 * Returns: the file descriptor
 */
int
attest_output_file_get_fd (AttestOutputFile *self)
{
  g_return_val_if_fail (ATTEST_IS_OUTPUT_FILE (self), -1);
  return self->fd;
}

/* --------------------------------------------------------------- commit */

/* Gives the unnamed file the name @name in the folder. */
static int
link_unnamed (AttestOutputFile *self,
              const char       *name)
{
  g_autofree char *proc = g_strdup_printf ("/proc/self/fd/%d", self->fd);

  return linkat (AT_FDCWD, proc, self->dir_fd, name, AT_SYMLINK_FOLLOW);
}

static gboolean
name_file (AttestOutputFile *self,
           const char       *name,
           gboolean          replace,
           GError          **error)
{
  g_autofree char *shown = NULL;

  if (self->temp_name == NULL)
    {
      /* link() never replaces: for a new target the name appears with the
       * whole file, and nothing else ever had a name. */
      if (link_unnamed (self, name) == 0)
        return TRUE;
      if (errno != EEXIST || !replace)
        goto failed;

      /* rename() is the only way to replace atomically, and it needs a
       * name to move from; that name lives for the two calls below. */
      for (int attempt = 0; attempt < 100 && self->temp_name == NULL; attempt++)
        {
          self->temp_name = temporary_name (self);
          if (link_unnamed (self, self->temp_name) != 0)
            {
              int saved = errno;

              g_clear_pointer (&self->temp_name, g_free);
              errno = saved;
              if (errno != EEXIST)
                goto failed;
            }
        }
      if (self->temp_name == NULL)
        goto failed;
    }

  if (replace)
    {
      if (renameat (self->dir_fd, self->temp_name, self->dir_fd, name) != 0)
        goto failed;
    }
  else
    {
      /* A named temporary that must not replace: link, then drop the
       * temporary name. */
      if (linkat (self->dir_fd, self->temp_name, self->dir_fd, name, 0) != 0)
        goto failed;
      unlinkat (self->dir_fd, self->temp_name, 0);
    }
  g_clear_pointer (&self->temp_name, g_free);
  return TRUE;

failed:
  {
    int saved = errno;
    g_autofree char *dir = g_path_get_dirname (self->path);

    shown = g_build_filename (dir, name, NULL);
    if (saved == EEXIST)
      {
        g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID,
                     "“%s” already exists; choose a new file", shown);
        return FALSE;
      }
    return set_errno_error (error, saved, "Could not write “%s”", shown);
  }
}

/* Everything written, flushed and on disk, once. */
static gboolean
flush_to_disk (AttestOutputFile *self,
               GCancellable     *cancellable,
               GError          **error)
{
  GError *io_error = NULL;

  if (self->synced)
    return TRUE;
  if (!g_output_stream_close (self->stream, cancellable, &io_error))
    {
      attest_output_file_propagate_error (error, io_error, self->path);
      return FALSE;
    }
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  /* On disk before it has the name: a power cut must not leave the target
   * empty (the ext4 "zero-length file" problem). */
  if (fsync (self->fd) != 0)
    return set_errno_error (error, errno, "Could not write “%s”", self->path);
  self->synced = TRUE;
  return TRUE;
}

/**
 * attest_output_file_commit:
 * @self: an #AttestOutputFile
 * @replace: whether an existing target is replaced
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError, or %NULL
 *
 * Flushes the file to disk and gives it the target's name: replacing the
 * target when @replace, else failing with ATTEST_ERROR_INVALID if it
 * exists. Without a commit (or after a failed one) the target stays as it
 * was and the unnamed file is dropped when @self is finalized.
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */
gboolean
attest_output_file_commit (AttestOutputFile *self,
                           gboolean          replace,
                           GCancellable     *cancellable,
                           GError          **error)
{
  g_return_val_if_fail (ATTEST_IS_OUTPUT_FILE (self), FALSE);
  g_return_val_if_fail (!self->finished, FALSE);

  if (!flush_to_disk (self, cancellable, error) || !name_file (self, self->name, replace, error))
    {
      give_up (self);
      return FALSE;
    }
  self->finished = TRUE;
  /* The new name itself is durable once the folder is synced. */
  fsync (self->dir_fd);
  return TRUE;
}

/**
 * attest_output_file_commit_as:
 * @self: an #AttestOutputFile
 * @path: the name to give, in the target's folder
 * @error: return location for a #GError, or %NULL
 *
 * The same, never replacing, under @path in the target's folder: fails
 * with ATTEST_ERROR_INVALID if that name is taken, and then another name
 * may be tried (a copy that must not overwrite an older one).
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */
gboolean
attest_output_file_commit_as (AttestOutputFile *self,
                              const char       *path,
                              GError          **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *our_dir = NULL;
  g_autofree char *name = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (ATTEST_IS_OUTPUT_FILE (self), FALSE);
  g_return_val_if_fail (!self->finished, FALSE);

  dir = g_path_get_dirname (path);
  our_dir = g_path_get_dirname (self->path);
  g_return_val_if_fail (g_str_equal (dir, our_dir), FALSE);
  name = g_path_get_basename (path);

  if (!flush_to_disk (self, NULL, error))
    {
      give_up (self);
      return FALSE;
    }
  if (!name_file (self, name, FALSE, &local_error))
    {
      /* Taken: the caller may try another name. */
      if (!g_error_matches (local_error, ATTEST_ERROR, ATTEST_ERROR_INVALID))
        give_up (self);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  self->finished = TRUE;
  fsync (self->dir_fd);
  return TRUE;
}

/**
 * attest_output_file_write:
 * @path: the target
 * @func: (scope call): writes the content
 * @user_data: data for @func
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError, or %NULL
 *
 * attest_output_file_new(), @func on its stream, then the commit that
 * replaces @path: the target changes only if @func succeeds.
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */
gboolean
attest_output_file_write (const char       *path,
                          AttestOutputFunc  func,
                          gpointer          user_data,
                          GCancellable     *cancellable,
                          GError          **error)
{
  g_autoptr(AttestOutputFile) file = attest_output_file_new (path, error);

  if (file == NULL)
    return FALSE;
  if (!func (file->stream, user_data, cancellable, error))
    return FALSE;
  return attest_output_file_commit (file, TRUE, cancellable, error);
}

/**
 * attest_export_write_file:
 * @store: an #AttestStore
 * @filter: (nullable): what the export picks
 * @file: the file to write
 * @func: (scope call): writes the export
 * @user_data: data for @func
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError, or %NULL
 *
 * For the writers: @func writes the export of @filter into @file's stream
 * (see attest_output_file_write()). A file not on this computer is
 * refused with ATTEST_ERROR_IO, then a bad filter before the file is
 * touched; @file changes only if @func succeeds.
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */
gboolean
attest_export_write_file (AttestStore             *store,
                          const AttestClaimFilter *filter,
                          GFile                   *file,
                          AttestOutputFunc         func,
                          gpointer                 user_data,
                          GCancellable            *cancellable,
                          GError                 **error)
{
  const char *path = g_file_peek_path (file);

  if (path == NULL)
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_IO, "Attest writes only files on this computer");
      return FALSE;
    }
  /* Refuse a bad filter before touching the file. */
  return attest_store_check_filter (store, filter, NULL, error) &&
         attest_output_file_write (path, func, user_data, cancellable, error);
}
