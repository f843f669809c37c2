/* attest-rules.h — what every row of Attest must be, whoever brings it.
 *
 * One home for the value rules that the store, the TEI reader and writer,
 * merging a teammate's copy and the command line all apply: a row from a
 * file or another database passes exactly the checks a row typed in the
 * window passes. Each check returns FALSE with an ATTEST_ERROR_INVALID
 * error whose message names the row and the first problem.
 */
#pragma once

#include <glib.h>

#include "attest-category.h"
#include "attest-citation.h"
#include "attest-document.h"
#include "attest-store.h"

G_BEGIN_DECLS

/* Values, as our schemas allow them. None reads past a NUL. */
gboolean  attest_rules_is_uuid        (const char *text);
gboolean  attest_rules_is_timestamp   (const char *text);  /* 2024-05-02T10:15:00Z */
gboolean  attest_rules_is_token       (const char *text);  /* no space or control */
gboolean  attest_rules_is_xml_char    (gunichar    c);     /* XML 1.0 Char */
gboolean  attest_rules_is_sha256      (const char *text);  /* 64 lower-case hex digits */

typedef enum {
  ATTEST_RULES_TEXT     = 0,       /* any text: the TEI writer carries controls as <g> */
  ATTEST_RULES_LINE     = 1 << 0,  /* a name, key or address: no control characters */
  ATTEST_RULES_REQUIRED = 1 << 1,  /* NULL and "" are refused */
} AttestRulesFlags;

/* @n_bytes bytes at @value (-1: up to its NUL; a database column gives
 * its own count, so a NUL inside shows) are a string Attest can keep:
 * valid UTF-8 without NUL, and what @flags ask. NULL passes unless
 * required. @what names it in the message ("the title of document …"). */
gboolean  attest_rules_check_string   (const char       *what,
                                       const char       *value,
                                       gssize            n_bytes,
                                       AttestRulesFlags  flags,
                                       GError          **error);

/* An annotator's name: trimmed of white space at both ends, not empty,
 * without line breaks or control characters, at most 200 characters.
 * Returns the trimmed copy, or NULL with ATTEST_ERROR_INVALID. */
char     *attest_rules_annotator_name (const char *name,
                                       GError    **error);

/* A name as stored (of an annotator, of the author of a change): one that
 * attest_rules_annotator_name() keeps as it is. @what names the field in
 * the message ("The author of change …"). */
gboolean  attest_rules_check_name     (const char *what,
                                       const char *name,
                                       GError    **error);

/* Who works when nobody said: the real name, else the login name. */
char     *attest_rules_dup_default_annotator_name (void);

/* Whole records, as they arrive from a TEI file or another database.
 * The document is checked with its text: SHA-256 and length must match
 * it, and the body must start inside it. */
gboolean  attest_rules_check_document (const AttestDocument  *document,
                                       GError               **error);
gboolean  attest_rules_check_annotator (const AttestPersonRow *person,
                                       GError               **error);
gboolean  attest_rules_check_category (const AttestCategory  *category,
                                       GError               **error);
gboolean  attest_rules_check_source   (const AttestSourceRow *source,
                                       GError               **error);
gboolean  attest_rules_check_change   (const AttestChangeRow *change,
                                       GError               **error);
/* A claim of @document (with its text): offsets inside the text, the
 * quote exactly the characters between them, a known status and
 * certainty, times and a version. @at_start, if not NULL, points to the
 * character at claim->start in the text, for callers that walk it in
 * order. The category and annotator are checked where they are resolved. */
gboolean  attest_rules_check_claim    (const AttestClaimRow  *claim,
                                       const AttestDocument  *document,
                                       const char            *at_start,
                                       GError               **error);
/* An attribution found in @document's text, likewise. */
gboolean  attest_rules_check_citation (const AttestCitation  *citation,
                                       const AttestDocument  *document,
                                       const char            *at_start,
                                       GError               **error);

G_END_DECLS
