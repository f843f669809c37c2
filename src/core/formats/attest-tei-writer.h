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

gboolean attest_tei_writer_write      (AttestStore             *store,
                                       const AttestClaimFilter *filter,
                                       GOutputStream           *stream,
                                       AttestExportCounts      *out_counts,
                                       AttestProgressFunc       progress,
                                       gpointer                 progress_data,
                                       GCancellable            *cancellable,
                                       GError                 **error);

gboolean attest_tei_writer_write_file (AttestStore             *store,
                                       const AttestClaimFilter *filter,
                                       GFile                   *file,
                                       AttestExportCounts      *out_counts,
                                       AttestProgressFunc       progress,
                                       gpointer                 progress_data,
                                       GCancellable            *cancellable,
                                       GError                 **error);

G_END_DECLS
