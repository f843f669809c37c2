/* attest-tei-reader.h — reads an Attest TEI export back into a database.
 *
 * Accepts what attest-tei-writer.c writes: a teiCorpus, or a single TEI
 * document. Streaming (libxml2's SAX2 push parser: no tree, no ID table),
 * never touching the network and never expanding entities: a DOCTYPE that
 * declares entities is refused outright. Beyond the shape of the file it
 * checks what RELAX NG cannot: every pointer ("#id") names an element of
 * the right kind, every claim's @from anchor precedes its @to, the anchors
 * sit at the offsets their ids say, each text matches its SHA-256 and
 * length, and the file is not from a newer Attest.
 *
 * The import is one transaction: on any error nothing is written. Rows
 * already in the database (same uuid) are kept as they are; a document
 * whose text is already there under another uuid is not imported again,
 * but its claims and sources are added to the existing one. History is
 * copied as it is in the file; the import adds none of its own. An empty
 * database adopts the file's taxonomy; otherwise missing categories are
 * added and existing ones left alone.
 */
#pragma once

#include <gio/gio.h>

#include "attest-store.h"

G_BEGIN_DECLS

/**
 * AttestImportCounts:
 *
 * What an import added and what it found already there: plain numbers,
 * filled in by the reader into the caller's struct.
 */
typedef struct {
  guint   documents_added;
  guint   documents_existing;   /* same uuid, or the same text */
  guint64 claims_added;
  guint64 claims_existing;
  guint64 sources_added;
  guint64 sources_existing;
  guint64 changes_added;
  guint   annotators_added;
  guint   categories_added;
  guint   selections_left_out;  /* REFI-QDA: selections without a code,
                                 * codings of a whole source */
} AttestImportCounts;

gboolean attest_tei_reader_import      (AttestStore        *store,
                                        GInputStream       *stream,
                                        const char         *name,
                                        AttestImportCounts *out_counts,
                                        AttestProgressFunc  progress,
                                        gpointer            progress_data,
                                        GCancellable       *cancellable,
                                        GError            **error);

gboolean attest_tei_reader_import_file (AttestStore        *store,
                                        GFile              *file,
                                        AttestImportCounts *out_counts,
                                        AttestProgressFunc  progress,
                                        gpointer            progress_data,
                                        GCancellable       *cancellable,
                                        GError            **error);

gboolean attest_tei_reader_check       (GInputStream       *stream,
                                        const char         *name,
                                        GCancellable       *cancellable,
                                        GError            **error);

gboolean attest_tei_reader_check_file  (GFile              *file,
                                        GCancellable       *cancellable,
                                        GError            **error);

G_END_DECLS
