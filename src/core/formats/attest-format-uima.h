/* attest-format-uima.h — UIMA CAS JSON: export to a folder, import back.
 *
 * The JSON serialization of the Apache UIMA CAS (draft specification
 * 0.4.0, as DKPro cassis and INCEpTION's "UIMA CAS JSON" import read it).
 * Export writes one <name>.json per article into a new or empty folder
 * (the names of attest-export-folder.h). Each file is one CAS:
 *
 *   "%TYPES": webanno.custom.Claim (a span layer, as INCEpTION names a
 *             custom layer "Claim") with the string features category,
 *             categoryLabel, status, certainty, comment, annotator, uuid,
 *             created and modified and the string array features sources,
 *             sourceDetails and categoryDetails; and DKPro's
 *             DocumentMetaData (documentTitle, documentId)
 *   "%FEATURE_STRUCTURES": the Sofa (id 1) holding the article's text,
 *             the DocumentMetaData (id 2), then each claim with its span
 *             and, after a claim with sources, their labels and details
 *             as two uima.cas.StringArray; after all claims, each
 *             category's details (it and its parents, the topmost first),
 *             one uima.cas.StringArray its claims share
 *   "%VIEWS": _InitialView: the Sofa, and the metadata and claims as members
 *
 * begin and end are Java string offsets — UTF-16 code units — where
 * Attest counts Unicode code points: a character outside the Basic
 * Multilingual Plane (an emoji) counts two.
 *
 * Import reads such a folder (its *.json) or one file: the text of the
 * Sofa of _InitialView, and its spans of type webanno.custom.Claim; a CAS
 * without one reads the spans of any other custom layer (webanno.custom.*)
 * that have a string feature "category" or "value". Everything else is
 * ignored. It is checked in full, then written by
 * attest_exchange_import_with_categories()
 * in one transaction; an error names the file and the feature structure.
 */
#pragma once

#include <gio/gio.h>

#include "attest-exchange-import.h"
#include "attest-export-options.h"
#include "attest-store.h"
#include "attest-tei-reader.h"

G_BEGIN_DECLS

/* Larger files are refused before they are read. */
#define ATTEST_UIMA_MAX_BYTES (64 * 1024 * 1024)
/* A CAS nests five deep; more than this is refused before parsing. */
#define ATTEST_UIMA_MAX_DEPTH 64
/* Values of any kind in one file, counted before it is parsed: json-glib's
 * tree takes many times the file's size. */
#define ATTEST_UIMA_MAX_VALUES 8000000

gboolean           attest_uima_export      (AttestStore             *store,
                                            const AttestClaimFilter *filter,
                                            GFile                   *folder,
                                            AttestExportCounts      *out_counts,
                                            AttestProgressFunc       progress,
                                            gpointer                 progress_data,
                                            GCancellable            *cancellable,
                                            GError                 **error);

gboolean           attest_uima_import      (AttestStore             *store,
                                            GFile                   *path,
                                            AttestImportCounts      *out_counts,
                                            GCancellable            *cancellable,
                                            GError                 **error);

/* One CAS JSON file's article and claims, checked, without a database. */
AttestExchangeDoc *attest_uima_parse       (const char              *data,
                                            gsize                    length,
                                            const char              *name,
                                            GError                 **error);

/* Every check of an import of one file, without a database. */
gboolean           attest_uima_check       (const char              *data,
                                            gsize                    length,
                                            const char              *name,
                                            GError                 **error);

/* UTF-16 code units before code point @offset of @text (which has at
 * least @offset characters). */
gint64             attest_uima_to_utf16    (const char              *text,
                                            gint64                   offset);

/* The code point at UTF-16 offset @units of @text; -1 past the end or
 * between the two halves of a surrogate pair. */
gint64             attest_uima_from_utf16  (const char              *text,
                                            gint64                   units);

G_END_DECLS
