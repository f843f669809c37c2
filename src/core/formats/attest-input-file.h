/* attest-input-file.h — a file the user named, opened for reading safely.
 *
 * Never a database this process has open (closing any descriptor of it
 * would drop the locks SQLite holds; see attest_store_check_not_open()),
 * never a pipe or a device (reading would block or never end), never a
 * folder: each is refused with ATTEST_ERROR_IO naming the file, before
 * anything is read. A file that cannot be opened gives the G_IO_ERROR of
 * GIO, so callers word "missing" and "not allowed" as before.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

GInputStream *attest_input_file_open (GFile         *file,
                                      goffset       *out_size,
                                      GCancellable  *cancellable,
                                      GError       **error);

G_END_DECLS
