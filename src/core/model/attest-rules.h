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
gboolean  attest_rules_is_timestamp   (const char *text);
gboolean  attest_rules_is_token       (const char *text);
gboolean  attest_rules_is_xml_char    (gunichar    c);
gboolean  attest_rules_is_line_char   (gunichar    c);
gboolean  attest_rules_is_sha256      (const char *text);

typedef enum {
  ATTEST_RULES_TEXT     = 0,       /* any text: the TEI writer carries controls as <g> */
  ATTEST_RULES_LINE     = 1 << 0,  /* a name, key or address: no control characters */
  ATTEST_RULES_REQUIRED = 1 << 1,  /* NULL and "" are refused */
} AttestRulesFlags;

gboolean  attest_rules_check_string   (const char       *what,
                                       const char       *value,
                                       gssize            n_bytes,
                                       AttestRulesFlags  flags,
                                       GError          **error);

char     *attest_rules_annotator_name (const char *name,
                                       GError    **error);

gboolean  attest_rules_check_name     (const char *what,
                                       const char *name,
                                       GError    **error);

char     *attest_rules_dup_default_annotator_name (void);

/* Whole records, as they arrive from a TEI file or another database. */
gboolean  attest_rules_check_document (const AttestDocument  *document,
                                       GError               **error);
gboolean  attest_rules_check_annotator (const AttestPersonRow *person,
                                       GError               **error);
/* A category's label and description: what the Categories editor can
 * show without stalling, and what a TEI export carries. */
/* An article's title, author, date or publication, as its details take it. */
#define ATTEST_RULES_DOCUMENT_FIELD_MAX        1000
#define ATTEST_RULES_VERSION_MAX               (G_GINT64_CONSTANT (1) << 53)
#define ATTEST_RULES_CATEGORY_LABEL_MAX        200
#define ATTEST_RULES_CATEGORY_DESCRIPTION_MAX  2000
#define ATTEST_RULES_CATEGORY_DEPTH_MAX        100
#define ATTEST_RULES_URL_MAX_BYTES             8192

gboolean  attest_rules_check_category (const AttestCategory  *category,
                                       GError               **error);
/* Within a taxonomy (@categories: AttestCategory*, retired ones too). */
gboolean  attest_rules_check_parent   (GPtrArray             *categories,
                                       const char            *key,
                                       const char            *parent_key,
                                       GError               **error);
const AttestCategory *
          attest_rules_find_label     (GPtrArray             *categories,
                                       const char            *key,
                                       const char            *label);
gboolean  attest_rules_check_taxonomy (GPtrArray             *categories,
                                       GError               **error);
gboolean  attest_rules_check_label_unique (GPtrArray         *categories,
                                       const char            *key,
                                       const char            *label,
                                       GError               **error);
/* A source's web address: an absolute http or https URL with a host,
 * without white space or control characters. */
gboolean  attest_rules_check_url      (const char       *url,
                                       GError          **error);
gboolean  attest_rules_check_source   (const AttestSourceRow *source,
                                       GError               **error);
gboolean  attest_rules_check_change   (const AttestChangeRow *change,
                                       GError               **error);
gboolean  attest_rules_check_claim    (const AttestClaimRow  *claim,
                                       const AttestDocument  *document,
                                       const char            *at_start,
                                       GError               **error);
gboolean  attest_rules_check_span     (const char            *quote,
                                       gunichar               after,
                                       gint64                 start,
                                       gint64                 end,
                                       GError               **error);
gboolean  attest_rules_check_citation (const AttestCitation  *citation,
                                       const AttestDocument  *document,
                                       const char            *at_start,
                                       GError               **error);

G_END_DECLS
