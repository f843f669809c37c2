/* attest-markup-text.h — the text of HTML, XHTML and TEI trees (private).
 *
 * One home for the white-space and paragraph rules every markup reader
 * shares: runs of white space become one space, block elements (HTML) or
 * <p>/<head>/<ab> (TEI) become paragraphs, <br>/<lb> a line break, <pre>
 * is kept as is. Trees are walked without recursion, so any depth is safe.
 */
#pragma once

#include <glib.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

G_BEGIN_DECLS

typedef enum {
  ATTEST_MARKUP_HTML,     /* block elements are paragraphs */
  ATTEST_MARKUP_TEI,      /* <p>, <head> and <ab> are paragraphs */
  ATTEST_MARKUP_INLINE,   /* everything is one line (titles, names) */
} AttestMarkupMode;

/* Whether @text (@len bytes, or up to NUL when -1) is only white space. */
gboolean   attest_text_is_blank        (const char       *text,
                                        gssize            len);

/* Whether @text starts with @prefix, ASCII case ignored. */
gboolean   attest_text_has_prefix_ci   (const char       *text,
                                        const char       *prefix);

/* Case-insensitive strstr over at most @len bytes of @haystack. */
const char *attest_text_find_ci        (const char       *haystack,
                                        gsize             len,
                                        const char       *needle);

/* The paragraphs of @root's subtree, in order (element-type utf8). */
GPtrArray *attest_markup_paragraphs    (xmlNode          *root,
                                        AttestMarkupMode  mode);

/* The text of @node on one line, white space collapsed; NULL if empty. */
char      *attest_markup_node_text     (xmlNode          *node);

/* @s with white space collapsed as HTML does; NULL if empty. */
char      *attest_markup_collapse      (const char       *s);

/* The next element after @node in document order within @root, entering
 * @node's children when @descend; NULL at the end. */
xmlNode   *attest_markup_next_element  (xmlNode          *node,
                                        xmlNode          *root,
                                        gboolean          descend);

/* Refuses (ATTEST_ERROR_FORMAT, naming @what) markup with an element of
 * more attributes than any document has, which libxml2 would take minutes
 * to parse; one linear pass over the bytes. */
gboolean   attest_markup_check_tags    (const char       *data,
                                        gsize             len,
                                        const char       *what,
                                        GError          **error);

/* Between these two, libxml2's context-free messages go nowhere: some
 * parser errors bypass NOERROR through them. @quiet keeps what was set. */
typedef struct {
  xmlGenericErrorFunc  func;
  void                *context;
} AttestMarkupQuiet;

void       attest_markup_quiet_begin   (AttestMarkupQuiet *quiet);
void       attest_markup_quiet_end     (AttestMarkupQuiet *quiet);

G_END_DECLS
