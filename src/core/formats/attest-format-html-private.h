/* attest-format-html-private.h — what the two halves of the web page
 * reader share (private): attest-format-html.c finds the article's text,
 * attest-format-html-meta.c what the page says about it.
 */
#pragma once

#include "attest-format.h"

#include <libxml/tree.h>

G_BEGIN_DECLS

static inline gboolean
is_named (xmlNode    *node,
          const char *name)
{
  return node->type == XML_ELEMENT_NODE && g_ascii_strcasecmp ((const char *) node->name, name) == 0;
}

static inline char *
dup_attribute (xmlNode    *node,
               const char *name)
{
  return (char *) xmlGetProp (node, (const xmlChar *) name);
}

typedef enum {
  META_TITLE,
  META_AUTHOR,
  META_PUBLICATION,
  META_VOLUME,
  META_ISSUE,
  META_DATE,
  N_META
} MetaField;

typedef struct {
  char  *values[N_META];
  guint  ranks[N_META];
} Meta;

/* The page's <meta> tags, JSON-LD and <time> into @meta, best first;
 * the first <title>'s text into @title_element. */
void     _attest_html_read_meta    (Meta                *meta,
                                    xmlNode             *root,
                                    char               **title_element);

/* Fills @result's metadata from @meta (emptied) and the page's <title>
 * (@title_element, taken), the site cut off the title. */
void     _attest_html_take_meta    (Meta                *meta,
                                    char               **title_element,
                                    const char          *headline,
                                    AttestFormatResult  *result);

/* Whether @text is @title, or @title's part before a site separator
 * ("Headline :: Site"), or with @after, the part after one ("Site ::
 * Headline"). */
gboolean _attest_html_title_part   (const char          *text,
                                    const char          *title,
                                    gboolean             after);

/* The lines under a headline, up to the first blank line: bylines and
 * date lines go to @result's meta_lines, anything else stays text; what
 * follows the blank line is the article's paragraphs. */
void     _attest_html_split_byline (const char          *lines,
                                    AttestFormatResult  *result);

G_END_DECLS
