/* attest-tei-writer.h — the curated corpus as one TEI P5 file.
 *
 * A teiCorpus (or, for a single document, a TEI) that validates against
 * the official tei_all.rng and against data/attest-tei.rng, streamed with
 * libxml2's xmlTextWriter while the rows are read, so memory holds one
 * document at a time. attest-tei-reader.c reads it back without loss; the
 * encoding is described in attest-tei.rng and the README.
 */
#pragma once

#include <gio/gio.h>

#include "attest-export-options.h"
#include "attest-store.h"

G_BEGIN_DECLS

/* Writes the claims matching @filter (NULL: all) and the documents they
 * belong to: all documents, or filter->document alone as a TEI document.
 * Deleted claims (tombstones) are not exported. Errors are ATTEST_ERROR
 * (NOT_FOUND for an unknown filter value, INVALID for a database value
 * TEI cannot carry, IO, …) or G_IO_ERROR_CANCELLED. @stream is not
 * closed. */
gboolean attest_tei_writer_write      (AttestStore             *store,
                                       const AttestClaimFilter *filter,
                                       GOutputStream           *stream,
                                       AttestExportCounts      *out_counts,
                                       AttestProgressFunc       progress,
                                       gpointer                 progress_data,
                                       GCancellable            *cancellable,
                                       GError                 **error);

/* The same into @file (a local file), which is replaced only once the
 * export succeeded (see attest-output-file.h); an export with no article,
 * or no claim where the filter picks claims, writes nothing and fails
 * with ATTEST_ERROR_NOT_FOUND. */
gboolean attest_tei_writer_write_file (AttestStore             *store,
                                       const AttestClaimFilter *filter,
                                       GFile                   *file,
                                       AttestExportCounts      *out_counts,
                                       AttestProgressFunc       progress,
                                       gpointer                 progress_data,
                                       GCancellable            *cancellable,
                                       GError                 **error);

G_END_DECLS
