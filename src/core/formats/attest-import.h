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

/**
 * AttestImportFileFunc:
 * @file: the file
 * @stored: (nullable): the stored document (the one already there for a
 *   duplicate), or %NULL when @file was not imported
 * @existed: %TRUE when the same text was already in the store
 * @error: (nullable): why @file was not imported
 * @user_data: the data given
 *
 * The outcome of one file of attest_import_files(), told once it is
 * committed (or refused), in the order of the files.
 */
typedef void (*AttestImportFileFunc) (GFile          *file,
                                      AttestDocument *stored,
                                      gboolean        existed,
                                      const GError   *error,
                                      gpointer        user_data);

/* The most articles attest_import_files() writes in one transaction. */
#define ATTEST_IMPORT_BATCH_ARTICLES 250

gboolean        attest_import_files        (AttestStore          *store,
                                            GFile               **files,
                                            guint                 n_files,
                                            const char           *date,
                                            AttestImportReport   *report,
                                            AttestImportFileFunc  each,
                                            AttestProgressFunc    progress,
                                            gpointer              user_data,
                                            GCancellable         *cancellable,
                                            GError              **error);

/* A file or folder inside a folder being imported that cannot be read. */
typedef struct {
  GFile  *file;
  GError *error;
} AttestImportProblem;

void            attest_import_problem_free (AttestImportProblem  *problem);

GPtrArray      *attest_import_list_folder  (GFile                *folder,
                                            GPtrArray           **out_problems,
                                            GCancellable         *cancellable,
                                            GError              **error);

G_END_DECLS
