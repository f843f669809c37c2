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

gboolean   attest_text_is_blank        (const char       *text,
                                        gssize            len);

gboolean   attest_text_has_prefix_ci   (const char       *text,
                                        const char       *prefix);

const char *attest_text_find_ci        (const char       *haystack,
                                        gsize             len,
                                        const char       *needle);

GPtrArray *attest_markup_paragraphs    (xmlNode          *root,
                                        AttestMarkupMode  mode);

char      *attest_markup_node_text     (xmlNode          *node);

char      *attest_markup_collapse      (const char       *s);

xmlNode   *attest_markup_next_element  (xmlNode          *node,
                                        xmlNode          *root,
                                        gboolean          descend);

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
