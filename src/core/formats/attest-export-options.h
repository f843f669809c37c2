/* attest-export-options.h — what every export shares: what it wrote, and
 * how a writer's stream becomes the file the user named.
 *
 * The TEI writer (attest-tei-writer.h) and the table writer
 * (attest-table-writer.h) both take an AttestClaimFilter (attest-store.h)
 * and report these counts; into a file they both go through
 * attest_export_write_file(), which uses attest-output-file.h.
 */
#pragma once

#include <gio/gio.h>

#include "attest-output-file.h"
#include "attest-store.h"

G_BEGIN_DECLS

typedef struct {
  guint   documents;
  guint64 claims;
  guint64 sources;
  guint64 changes;
} AttestExportCounts;

/* For the writers: @func writes the export of @filter into @file's stream
 * (see attest_output_file_write()). A file not on this computer is
 * refused with ATTEST_ERROR_IO, then a bad filter before the file is
 * touched; @file changes only if @func succeeds. */
gboolean attest_export_write_file (AttestStore             *store,
                                   const AttestClaimFilter *filter,
                                   GFile                   *file,
                                   AttestOutputFunc         func,
                                   gpointer                 user_data,
                                   GCancellable            *cancellable,
                                   GError                 **error);

G_END_DECLS
