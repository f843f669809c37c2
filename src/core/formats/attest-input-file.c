/* attest-input-file.c — see attest-input-file.h. */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "attest-input-file.h"

#include <errno.h>
#include <fcntl.h>
#include <gio/gunixinputstream.h>
#include <sys/stat.h>
#include <unistd.h>

#include "attest-error.h"
#include "attest-store.h"

/**
 * attest_input_file_open:
 * @file: a #GFile
 * @out_size: (out) (optional): return location for its size
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError, or %NULL
 *
 * Opens @file for reading.
 *
 * Returns: (transfer full) (nullable): a stream over @file, or %NULL with
 *   @error set
 */
GInputStream *
attest_input_file_open (GFile         *file,
                        goffset       *out_size,
                        GCancellable  *cancellable,
                        GError       **error)
{
  g_autofree char *name = NULL;
  const char *path;
  struct stat st;
  int fd;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  path = g_file_peek_path (file);
  if (path == NULL)
    {
      /* Not a local file (a GVfs location): GIO is all there is. */
      g_autoptr(GFileInfo) info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE,
                                                     G_FILE_QUERY_INFO_NONE, cancellable, error);
      if (info == NULL)
        return NULL;
      if (out_size)
        *out_size = g_file_info_get_size (info);
      return G_INPUT_STREAM (g_file_read (file, cancellable, error));
    }

  name = g_filename_display_basename (path);
  if (!attest_store_check_not_open (path, error))
    return NULL;

  /* O_NONBLOCK: opening a FIFO for reading would wait for a writer. */
  fd = open (path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not open “%s”: %s"), name, g_strerror (saved));
      return NULL;
    }
  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode))
    {
      gboolean folder = S_ISDIR (st.st_mode);

      close (fd);
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_IO,
                   folder ? _("“%s” is a folder") : _("“%s” is not a regular file (a device, pipe or socket)"),
                   name);
      return NULL;
    }
  /* A regular file never blocks; reads are plain reads again. */
  fcntl (fd, F_SETFL, fcntl (fd, F_GETFL) & ~O_NONBLOCK);
  if (out_size)
    *out_size = st.st_size;
  return g_unix_input_stream_new (fd, TRUE);
}
