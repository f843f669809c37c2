/* attest-import.h — an article file into a store: read it, then add the
 * document, as the window, the application and attest-cli all do. */
#pragma once

#include <gio/gio.h>

#include "attest-document.h"
#include "attest-store.h"

G_BEGIN_DECLS

/* What a run of imports came to; zero it before the first file. */
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

/**
 * attest_import_file:
 * @store: the store the document goes into
 * @file: an article (text, HTML, TEI, PDF, DOCX, ODT or EPUB)
 * @date: (nullable): the date to record instead of the one the file gives
 * @report: (nullable): the tally this file is added to
 * @existed: (out) (optional): TRUE when the same text was already in
 *   @store, which is then left as it was
 * @cancellable: (nullable): stops the reading
 * @error: errors of the reader (attest-article-reader.h) or the store
 *
 * Returns: (transfer full) (nullable): the stored document (the one already
 *   there for a duplicate), or NULL with @error set.
 */
AttestDocument *attest_import_file         (AttestStore        *store,
                                            GFile              *file,
                                            const char         *date,
                                            AttestImportReport *report,
                                            gboolean           *existed,
                                            GCancellable       *cancellable,
                                            GError            **error);

/* attest_import_file() for an article in memory; @name tells its format
 * and becomes its origin (attest_article_reader_read_bytes()). */
AttestDocument *attest_import_bytes        (AttestStore        *store,
                                            GBytes             *bytes,
                                            const char         *name,
                                            const char         *date,
                                            AttestImportReport *report,
                                            gboolean           *existed,
                                            GError            **error);

G_END_DECLS
