/* attest-format-brat.h — brat standoff: export to a folder, import back.
 *
 * Export writes one <name>.txt (the article's text, exactly) and one
 * <name>.ann per article, plus the annotation.conf that makes the folder
 * open in brat. <name> is the article's title made safe: lower-case ASCII
 * letters, digits and hyphens, at most 60 characters, "article" when the
 * title gives nothing (or its publication and issue, or the file it came
 * from), and "_" with the first 8 hex digits of the text's SHA-256 for a
 * name already taken. Each
 * claim is a text-bound annotation typed by its category's key:
 *
 *   T1	troop-deployment 120 164	the quoted text
 *   A1	Status T1 accepted
 *   A2	Certainty T1 high
 *   #1	AnnotatorNotes T1	the claim's comment
 *   #2	Source T1	Interfax, Moscow, December 1
 *
 * Offsets are Unicode code points of the .txt, as Attest stores them and
 * as brat counts them. brat splits a span at line breaks, so a claim over
 * a paragraph break is written as fragments ("0 5;6 12") whose text is
 * joined by one space. Sources are notes of their own type, "Source",
 * holding the source's label. Notes escape a backslash, line feed,
 * carriage return and tab as \\ \n \r \t, so that a note stays one line.
 *
 * Import reads such a folder, or one .ann with the .txt beside it, in one
 * transaction: on any error nothing is written, and the error names the
 * file and line. An article whose text is already in the database (by
 * SHA-256) gets the claims, but for those the annotator has already
 * there with the same span and category (so a folder imported twice
 * changes nothing the second time); a type that is no category key yet becomes a
 * new category. Fragments separated only by white space are joined into
 * one claim; any other discontinuous span is refused. A .txt with CRLF
 * line ends or a BOM is stored without them (as every import does) and
 * the offsets are moved to match. A Source note names a source of the
 * article or an outside source by its label; one not found becomes an
 * outside source with that label as its outlet. The claims are the
 * annotator's of this store (attest_store_get_annotator()).
 */
#pragma once

#include <gio/gio.h>

#include "attest-export-options.h"
#include "attest-store.h"
#include "attest-tei-reader.h"

G_BEGIN_DECLS

/* Larger .ann files are refused before they are read. */
#define ATTEST_BRAT_MAX_ANN_BYTES (64 * 1024 * 1024)

gboolean attest_brat_export (AttestStore             *store,
                             const AttestClaimFilter *filter,
                             GFile                   *folder,
                             AttestExportCounts      *out_counts,
                             AttestProgressFunc       progress,
                             gpointer                 progress_data,
                             GCancellable            *cancellable,
                             GError                 **error);

gboolean attest_brat_import (AttestStore             *store,
                             GFile                   *path,
                             AttestImportCounts      *out_counts,
                             GCancellable            *cancellable,
                             GError                 **error);

/* Every check of an import of one .txt and .ann, without a database. */
gboolean attest_brat_check  (const char              *txt,
                             gsize                    txt_len,
                             const char              *ann,
                             gsize                    ann_len,
                             const char              *name,
                             GError                 **error);

/* brat's own files beside the pairs of a set (annotation.conf,
 * visual.conf, tools.conf, kb_shortcuts.conf): neither articles nor
 * files a set leaves out. */
gboolean attest_brat_is_configuration (const char *name);

G_END_DECLS
