/* attest-export-dialog.h — Export: TEI P5, CSV or JSON Lines, with the same
 * filters as `attest-cli export`, progress, and cancel. */
#pragma once

#include <adwaita.h>

#include "attest-store.h"

G_BEGIN_DECLS

#define ATTEST_TYPE_EXPORT_DIALOG (attest_export_dialog_get_type ())
G_DECLARE_FINAL_TYPE (AttestExportDialog, attest_export_dialog, ATTEST, EXPORT_DIALOG, AdwWindow)

/* NULL with @error set when the store cannot list what the filters offer. */
AttestExportDialog *attest_export_dialog_new        (GtkWindow          *parent,
                                                     AttestStore        *store,
                                                     GError            **error);
/* Preselects filters: the open article, a status ("accepted"…). */
void                attest_export_dialog_set_filter (AttestExportDialog *self,
                                                     const char         *document_uuid,
                                                     const char         *status);
/* "tei", "csv" or "jsonl". */
void                attest_export_dialog_set_format (AttestExportDialog *self,
                                                     const char         *format);
/* Starts the export into @file (what the file chooser does). */
void                attest_export_dialog_export_to  (AttestExportDialog *self,
                                                     GFile              *file);
gboolean            attest_export_dialog_is_running (AttestExportDialog *self);
/* The file the finished export wrote (NULL if it failed or was cancelled),
 * while its "done" signal is emitted. */
GFile              *attest_export_dialog_get_written (AttestExportDialog *self);

G_END_DECLS
