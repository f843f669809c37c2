/* attest-format-refi-qda.h — the REFI-QDA project exchange standard (.qdpx),
 * as QualCoder, MAXQDA, NVivo and ATLAS.ti read and write it.
 *
 * A .qdpx is a ZIP holding project.qde (XML in the namespace
 * urn:QDA-XML:project:1.0, valid against the published Project.xsd, which
 * is compiled into the core) and sources/<guid>.txt, one per article: its
 * text, exactly as Attest stores it (UTF-8, LF line ends).
 *
 * Export maps:
 *   Users/User          ← the annotators of the exported claims, by name
 *                          (guid derived from the name: an import matches
 *                          annotators by name, so only that travels)
 *   CodeBook/Codes/Code ← every category, nested by parent, in the
 *                          analysts' order; guid derived from the key
 *                          (a name-based UUID, version 5), name = label,
 *                          color, isCodable = not retired, Description
 *   Sources/TextSource  ← each article (guid: its uuid; name: its title;
 *                          plainTextPath "internal://<guid>.txt")
 *   PlainTextSelection  ← each claim (guid: its uuid), startPosition and
 *                          endPosition in Unicode code points of the text,
 *                          creatingUser/creationDateTime and modifyingUser/
 *                          modifiedDateTime; its Description holds one line
 *                          "Status: …", one "Certainty: …" when set and one
 *                          "Source: …" per linked source (by label, sorted;
 *                          backslash, line feed and carriage return escaped
 *                          as \\ \n \r); one Coding with a CodeRef to its
 *                          category, and a NoteRef to its comment
 *   Notes/Note          ← each comment (PlainTextContent; guid derived from
 *                          the claim's)
 * Everything is in a stable order and the ZIP entries carry a fixed time,
 * so exporting the same data twice gives the same bytes.
 *
 * Import reads such a file (or any other tool's): text sources only (the
 * others are counted as skipped), their text from the archive
 * (plainTextPath internal://…) or inline (PlainTextContent); each Coding
 * of a PlainTextSelection becomes a claim. A code is the category whose
 * key gives its guid, else the one with its name as label, else a new
 * category whose key is its name made safe. project.qde is validated
 * against the schema first; errors name it and the line.
 */
#pragma once

#include <gio/gio.h>

#include "attest-export-options.h"
#include "attest-store.h"
#include "attest-tei-reader.h"

G_BEGIN_DECLS

/* Larger .qdpx files are refused before they are read. */
#define ATTEST_REFI_QDA_MAX_BYTES (256 * 1024 * 1024)
/* A project.qde nested deeper than this is refused before it is parsed. */
#define ATTEST_REFI_QDA_MAX_DEPTH 128

gboolean attest_refi_qda_export (AttestStore             *store,
                                 const AttestClaimFilter *filter,
                                 GFile                   *file,
                                 AttestExportCounts      *out_counts,
                                 AttestProgressFunc       progress,
                                 gpointer                 progress_data,
                                 GCancellable            *cancellable,
                                 GError                 **error);

gboolean attest_refi_qda_import (AttestStore             *store,
                                 GFile                   *file,
                                 AttestImportCounts      *out_counts,
                                 guint                   *out_skipped,
                                 GCancellable            *cancellable,
                                 GError                 **error);

/* Every check of an import of one project.qde, without a database: every
 * internal:// text of the project is @text. */
gboolean attest_refi_qda_check  (const char              *qde,
                                 gsize                    qde_len,
                                 const char              *text,
                                 gsize                    text_len,
                                 GError                 **error);

G_END_DECLS
