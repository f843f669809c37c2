/* attest-output-file.h — a file the user named, written whole or not at all.
 *
 * Exports, backups and chart images are written into a file without a name
 * in the target's folder (O_TMPFILE), flushed to disk and only then given
 * the target's name, in one rename. A failure, a cancellation or a killed
 * process leaves the target as it was (or absent) and nothing else behind.
 * Where the file system cannot make unnamed files, a hidden temporary
 * ".NAME.XXXXXX.part" beside the target takes its place; only a process
 * killed mid-write can leave that one behind.
 *
 * A target that is a database this process has open — under any name, a
 * hard or symbolic link, or its -wal, -shm or -journal — is refused
 * (attest_store_check_not_open()), as are folders and special files.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define ATTEST_TYPE_OUTPUT_FILE (attest_output_file_get_type ())
G_DECLARE_FINAL_TYPE (AttestOutputFile, attest_output_file, ATTEST, OUTPUT_FILE, GObject)

/* Writes the content into @stream; the stream is closed by the caller. */
typedef gboolean (*AttestOutputFunc) (GOutputStream *stream,
                                      gpointer       user_data,
                                      GCancellable  *cancellable,
                                      GError       **error);

AttestOutputFile *attest_output_file_new        (const char        *path,
                                                 GError           **error);
const char       *attest_output_file_get_path   (AttestOutputFile  *self);
GOutputStream    *attest_output_file_get_stream (AttestOutputFile  *self);
int               attest_output_file_get_fd     (AttestOutputFile  *self);
gboolean          attest_output_file_commit     (AttestOutputFile  *self,
                                                 gboolean           replace,
                                                 GCancellable      *cancellable,
                                                 GError           **error);

gboolean          attest_output_file_commit_as  (AttestOutputFile  *self,
                                                 const char        *path,
                                                 GError           **error);

gboolean          attest_output_file_write      (const char        *path,
                                                 AttestOutputFunc   func,
                                                 gpointer           user_data,
                                                 GCancellable      *cancellable,
                                                 GError           **error);

void              attest_output_file_propagate_error (GError      **error,
                                                      GError       *io_error,
                                                      const char   *path);

G_END_DECLS
