/* attest-article-reader.h — turns a file into an AttestDocument.
 *
 * Plain text (UTF-8 with or without BOM, CRLF, or legacy Windows-1252, which is
 * decoded and reported in ->encoding), TEI (a TEI document: its header and its
 * text's paragraphs), and through the format readers (attest-format.h) saved
 * web pages, PDF, DOCX, ODT and EPUB; their ->extraction tells what was left
 * out. The kind is told by the file's first bytes, then its name.
 * Header lines of the exports analysts use are parsed out of plain text:
 * an optional title line, "Publication: … Volume: N Issue: N", "By: …";
 * no character of the file is dropped from the stored text.
 */
#pragma once

#include <gio/gio.h>
#include "attest-document.h"

G_BEGIN_DECLS

/* Text files (and the text of any document) larger than this are refused
 * with ATTEST_ERROR_TOO_LARGE; so are PDF, DOCX, ODT and EPUB files larger
 * than ATTEST_DOCUMENT_MAX_BYTES (their images take room, not text). */
#define ATTEST_ARTICLE_MAX_BYTES (16 * 1024 * 1024)
#define ATTEST_DOCUMENT_MAX_BYTES (128 * 1024 * 1024)

AttestDocument *attest_article_reader_read_file  (GFile        *file,
                                                  GCancellable *cancellable,
                                                  GError      **error);

AttestDocument *attest_article_reader_read_bytes (GBytes       *bytes,
                                                  const char   *name,
                                                  GError      **error);

void            attest_article_reader_parse_header (AttestDocument *doc);

G_END_DECLS
