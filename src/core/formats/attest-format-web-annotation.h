/* attest-format-web-annotation.h — W3C Web Annotation (JSON-LD): export
 * to one file, import back.
 *
 * Export writes one AnnotationCollection (id, label, total) whose embedded
 * first AnnotationPage holds one Annotation per claim, articles in the
 * database's order, claims by start, then the longer first, then as brat
 * orders them:
 *
 *   {
 *     "id": "urn:uuid:<claim>", "type": "Annotation", "motivation": "classifying",
 *     "created": "…Z", "modified": "…Z", "creator": { "type": "Person", "name": "…" },
 *     "attest:status": "accepted", "attest:certainty": "high",
 *     "body": [
 *       { "type": "TextualBody", "purpose": "classifying", "value": "<label>", "attest:key": "<key>" },
 *       { "type": "TextualBody", "purpose": "commenting", "value": "<comment>" },
 *       { "type": "TextualBody", "purpose": "identifying", "value": "<source label>" }
 *     ],
 *     "target": {
 *       "source": { "id": "urn:uuid:<article>", "type": "Text", "format": "text/plain", "title": "…" },
 *       "selector": [ { "type": "TextQuoteSelector", "exact": …, "prefix": …, "suffix": … },
 *                     { "type": "TextPositionSelector", "start": …, "end": … } ]
 *     }
 *   }
 *
 * Offsets are Unicode code points of the article's text as Attest stores
 * it; prefix and suffix are up to 32 code points each. The second
 * @context entry declares the prefix "attest:" for Attest's own terms: the
 * claim's status and certainty, the category's key, and "attest:articles"
 * on the collection: each exported article once, as a Text resource with
 * its id, title and "attest:text", so that the file can be imported into an
 * empty database.
 *
 * Import reads that, and also a single Annotation, a JSON array of them,
 * an AnnotationPage or an AnnotationCollection with an embedded first
 * page. The article of an annotation is, in this order: the text the file
 * carries for its source ("attest:articles", or "attest:text" on the
 * source), the database's article with that urn:uuid, the article whose
 * file name is the last part of the source's IRI (Attest keeps no URL
 * for an article), or the one place in the database's articles where the
 * TextQuoteSelector (with its prefix and suffix) fits. Both selectors, when
 * given, must agree. Everything is checked before one transaction writes
 * it (attest_exchange_import()); on error nothing is written.
 */
#pragma once

#include <gio/gio.h>

#include "attest-export-options.h"
#include "attest-store.h"
#include "attest-tei-reader.h"

G_BEGIN_DECLS

/* Larger files are refused before they are read. */
#define ATTEST_WEB_ANNOTATION_MAX_BYTES (256 * 1024 * 1024)
/* Arrays and objects nested deeper are refused before they are parsed. */
#define ATTEST_WEB_ANNOTATION_MAX_DEPTH 64
/* So are files of more values than this (objects, arrays, strings,
 * numbers, true, false, null; an exported annotation has about 33): the
 * parsed tree takes 80 to 220 bytes a value, far more than the file. */
#define ATTEST_WEB_ANNOTATION_MAX_VALUES 8000000

gboolean attest_web_annotation_export (AttestStore             *store,
                                       const AttestClaimFilter *filter,
                                       GFile                   *file,
                                       AttestExportCounts      *out_counts,
                                       AttestProgressFunc       progress,
                                       gpointer                 progress_data,
                                       GCancellable            *cancellable,
                                       GError                 **error);

gboolean attest_web_annotation_import (AttestStore             *store,
                                       GFile                   *file,
                                       AttestImportCounts      *out_counts,
                                       GCancellable            *cancellable,
                                       GError                 **error);

/* Every check of an import, without a database: articles must travel in
 * the file. */
gboolean attest_web_annotation_check  (const char              *data,
                                       gsize                    length,
                                       const char              *name,
                                       GError                 **error);

G_END_DECLS
