/* attest-table-writer.h — claims as tables for statistics: CSV and JSON Lines.
 *
 * One record per claim (deleted claims are left out): the claim's uuid,
 * its document's uuid and title, start and end offsets, quote, category,
 * annotator, status, certainty, comment, created and modified times, and
 * the sources it is linked to. Rows are written as they are read, one
 * document at a time.
 *
 * CSV follows RFC 4180: a header row, CRLF line ends, fields holding a
 * comma, a double quote, CR or LF are quoted with the quotes doubled; the
 * sources are one column of labels ("Interfax, Moscow, December 1")
 * joined by "; " and one of their uuids joined by " ". JSON Lines has one
 * object per line, the sources as an array of objects.
 */
#pragma once

#include <gio/gio.h>

#include "attest-store.h"
#include "attest-export-options.h"

G_BEGIN_DECLS

typedef enum {
  ATTEST_TABLE_FORMAT_CSV,
  ATTEST_TABLE_FORMAT_JSONL,
} AttestTableFormat;

gboolean attest_table_writer_write      (AttestStore             *store,
                                         AttestTableFormat        format,
                                         const AttestClaimFilter *filter,
                                         GOutputStream           *stream,
                                         AttestExportCounts      *out_counts,
                                         AttestProgressFunc       progress,
                                         gpointer                 progress_data,
                                         GCancellable            *cancellable,
                                         GError                 **error);

gboolean attest_table_writer_write_file (AttestStore             *store,
                                         AttestTableFormat        format,
                                         const AttestClaimFilter *filter,
                                         GFile                   *file,
                                         AttestExportCounts      *out_counts,
                                         AttestProgressFunc       progress,
                                         gpointer                 progress_data,
                                         GCancellable            *cancellable,
                                         GError                 **error);

G_END_DECLS
