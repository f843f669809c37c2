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

/**
 * AttestExportCounts:
 *
 * What an export wrote: plain numbers, filled in by the writer into the
 * caller's struct.
 */
typedef struct {
  guint   documents;
  guint64 claims;
  guint64 sources;
  guint64 changes;
} AttestExportCounts;

gboolean attest_export_write_file (AttestStore             *store,
                                   const AttestClaimFilter *filter,
                                   GFile                   *file,
                                   AttestOutputFunc         func,
                                   gpointer                 user_data,
                                   GCancellable            *cancellable,
                                   GError                 **error);

G_END_DECLS
