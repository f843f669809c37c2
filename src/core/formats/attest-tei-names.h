/* attest-tei-names.h — the names and id rules of Attest's TEI, shared by
 * its reader and writer (private to them).
 *
 * The writer writes what is here and the reader checks it against the
 * same words: the namespace, our format version, the prefixes of the
 * xml:ids (each followed by a uuid), the anchors' ids, the people's roles,
 * a category's style and the <g> that stands for a character XML cannot
 * carry. The full shape is in data/attest-tei.rng.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define ATTEST_TEI_NAMESPACE      "http://www.tei-c.org/ns/1.0"
#define ATTEST_TEI_XML_NAMESPACE  "http://www.w3.org/XML/1998/namespace"
/* The version of our encoding, in appInfo/application/@version. A reader
 * refuses a file with a higher one. */
#define ATTEST_TEI_FORMAT_VERSION 1

/* xml:id prefixes, each followed by the row's uuid. People known only from
 * the history have "p1", "p2"… instead. */
#define ATTEST_TEI_DOCUMENT_ID    "d-"
#define ATTEST_TEI_ANNOTATOR_ID   "a-"
#define ATTEST_TEI_CLAIM_ID       "c-"
#define ATTEST_TEI_SOURCE_ID      "s-"
#define ATTEST_TEI_CITATION_ID    "t-"
#define ATTEST_TEI_CHANGE_ID      "h-"
/* An anchor's id is its document's id, this, and its offset in characters:
 * d-<uuid>-o<offset>. */
#define ATTEST_TEI_ANCHOR_INFIX   "-o"

/* respStmt/resp of an annotator (a-…) and of anyone else (p…). */
#define ATTEST_TEI_ROLE_ANNOTATOR "annotator"
#define ATTEST_TEI_ROLE_EDITOR    "editor"

/* category/@style is this followed by #rrggbb. */
#define ATTEST_TEI_COLOR_STYLE    "color: "

/* A character XML 1.0 cannot carry, in text that may hold it. */
#define ATTEST_TEI_CONTROL_FORMAT "<g type=\"control\" n=\"U+%04X\"/>"

/* @id is @prefix (one of the _ID prefixes above) followed by a uuid. */
gboolean attest_tei_id_is_uuid         (const char *id,
                                        const char *prefix);
/* @id is "pN" (N from 1, no leading zero): a person of the history. */
gboolean attest_tei_id_is_other_person (const char *id);

/* A decimal number without sign, leading zeros or overflow. */
gboolean attest_tei_parse_count        (const char *text,
                                        gint64     *out);

/* @id is the id of an anchor in the document whose id is @doc_id; its
 * offset goes to @out_offset. */
gboolean attest_tei_parse_anchor_id    (const char *id,
                                        const char *doc_id,
                                        gint64     *out_offset);

/* The character a <g> with @type and @n stands for: one XML cannot carry,
 * named as ATTEST_TEI_CONTROL_FORMAT names it. */
gboolean attest_tei_parse_control      (const char *type,
                                        const char *n,
                                        gunichar   *out);

G_END_DECLS
