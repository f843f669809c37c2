/* attest-news-header.h — an article's header read from its first lines
 * (private): the header lines of plain text exports ("Publication: …
 * Volume: N Issue: N", "By:", "Date:") and, in news copied from a site or a
 * wire, the headline, bylines, dates, the outlet and the dateline, site
 * chrome, section paths and photo credits skipped. The article reader
 * (attest-article-reader.c) calls it; no character of the text is dropped.
 */
#pragma once

#include "attest-document.h"

G_BEGIN_DECLS

void attest_news_header_parse          (AttestDocument *doc);

void attest_news_header_take_title     (AttestDocument *doc,
                                        const char     *title);

void attest_news_header_take_meta_line (AttestDocument *doc,
                                        const char     *line);

void attest_news_header_fill           (AttestDocument *doc);

G_END_DECLS
