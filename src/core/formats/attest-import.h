/* attest-import.h — an article file into a store: read it, then add the
 * document, as the window, the application and attest-cli all do. */
#pragma once

#include <gio/gio.h>

#include "attest-document.h"
#include "attest-store.h"

G_BEGIN_DECLS

/**
 * AttestImportReport:
 *
 * What a run of imports came to; zero it before the first file. The caller
 * owns the report and its strings: attest_import_report_clear() frees them.
 */
typedef struct {
  guint  imported;     /* new documents */
  guint  duplicates;   /* files whose text was already there: nothing changed */
  guint  failed;       /* files not imported (cancelled ones included) */
  guint  legacy;       /* new documents that were not UTF-8 and were read as Windows-1252 */
  char  *first_uuid;   /* the first document imported or found already there */
  char  *summary;      /* what was left out of the first new document from PDF, DOCX, a web page… */
} AttestImportReport;

void            attest_import_report_clear (AttestImportReport *report);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (AttestImportReport, attest_import_report_clear)

AttestDocument *attest_import_file         (AttestStore        *store,
                                            GFile              *file,
                                            const char         *date,
                                            AttestImportReport *report,
                                            gboolean           *existed,
                                            GCancellable       *cancellable,
                                            GError            **error);

AttestDocument *attest_import_bytes        (AttestStore        *store,
                                            GBytes             *bytes,
                                            const char         *name,
                                            const char         *date,
                                            AttestImportReport *report,
                                            gboolean           *existed,
                                            GError            **error);

G_END_DECLS
