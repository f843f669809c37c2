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

/* Fills title/publication/volume/issue/author/date/body_start of @doc from
 * the header lines of its text (plain text: nothing else is known). */
void attest_news_header_parse          (AttestDocument *doc);

/* A title a file states: symbols before its words dropped, a " - Reuters"
 * after it taken as the outlet, a " - by Name" as the author. */
void attest_news_header_take_title     (AttestDocument *doc,
                                        const char     *title);

/* A byline or date line a page showed beside its article, left out of the
 * text: the author or the date, when still unknown. */
void attest_news_header_take_meta_line (AttestDocument *doc,
                                        const char     *line);

/* What the file's own metadata left open, from its text's first lines;
 * moves ->body_start past the header it finds. */
void attest_news_header_fill           (AttestDocument *doc);

G_END_DECLS
