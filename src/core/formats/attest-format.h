/* attest-format.h — the small interface every file-format reader implements
 * (private to libattest).
 *
 * A reader turns the bytes of one kind of file into paragraphs in reading
 * order, the metadata the file itself states, and counts of what it left
 * out. attest-article-reader.c detects the kind, calls the reader and turns
 * the result into an AttestDocument; it is the only caller. How PDFs are
 * read is in attest-format-pdf.c, Word files in attest-format-docx.c,
 * OpenDocument in attest-format-odt.c, EPUB in attest-format-epub.c, web
 * pages in attest-format-html.c, one TEI document in attest-format-tei.c.
 * Plain text is the article reader's own.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * AttestFormatResult:
 *
 * What a reader found in a file. The caller owns the result and all it
 * holds: attest_format_result_init() before the reader,
 * attest_format_result_clear() after.
 */
typedef struct {
  GPtrArray *paragraphs;   /* (element-type utf8): the text, in order */
  char      *title;        /* as the file states them; NULL when it does not */
  char      *author;
  char      *date;         /* any form the date grammar reads */
  char      *publication;
  char      *volume;       /* of a journal (citation_volume) */
  char      *issue;
  char      *heading;      /* the page's own headline, when it leads the text */
  GPtrArray *meta_lines;   /* (element-type utf8): bylines and date lines the
                            * page showed beside the article, left out of it */

  /* What was left out, for the import report (see attest-document.h). */
  guint      pages;
  guint      running_headers;       /* distinct running header/footer lines */
  guint      running_header_lines;  /* … and the lines removed for them */
  guint      page_numbers;
  guint      textless_pages;
  guint      footnotes;             /* moved after the body */
  gint64     furniture_chars;       /* web page text that is not the article */

  gsize      text_bytes;            /* of the paragraphs, kept by _add() */
} AttestFormatResult;

/* The most text one article holds (the article reader's limit). */
#define ATTEST_FORMAT_MAX_TEXT (16 * 1024 * 1024)

void     attest_format_result_init  (AttestFormatResult *result);
void     attest_format_result_clear (AttestFormatResult *result);

gboolean attest_format_result_too_large (AttestFormatResult *result,
                                         const char         *name,
                                         GError            **error);

void     attest_format_result_add   (AttestFormatResult *result,
                                     const char         *text);

char    *attest_format_decode       (const char         *data,
                                     gsize               len,
                                     const char         *name,
                                     const char        **encoding,
                                     GError            **error);

void     attest_format_set_field    (char              **field,
                                     char               *value);

gboolean attest_format_name_in      (const char         *local,
                                     const char * const *names);

gboolean attest_format_pdf_read     (GBytes             *bytes,
                                     const char         *name,
                                     AttestFormatResult *result,
                                     GError            **error);
gboolean attest_format_docx_read    (GBytes             *bytes,
                                     const char         *name,
                                     AttestFormatResult *result,
                                     GError            **error);
gboolean attest_format_odt_read     (GBytes             *bytes,
                                     const char         *name,
                                     AttestFormatResult *result,
                                     GError            **error);
gboolean attest_format_epub_read    (GBytes             *bytes,
                                     const char         *name,
                                     AttestFormatResult *result,
                                     GError            **error);

gboolean attest_format_tei_read     (const char         *text,
                                     const char         *name,
                                     AttestFormatResult *result,
                                     GError            **error);

gboolean attest_format_html_read    (const char         *text,
                                     const char         *name,
                                     AttestFormatResult *result,
                                     GError            **error);

gboolean attest_format_html_add_chapter (const char         *data,
                                         gsize               len,
                                         const char         *book,
                                         const char         *part,
                                         AttestFormatResult *result,
                                         GError            **error);

G_END_DECLS

G_BEGIN_DECLS

/* The text flow of an office document, in one place for every reader that
 * has paragraphs, tables and notes (DOCX, ODT): a table is one paragraph
 * block, each row a line, cells separated by a tab, paragraphs within a
 * cell by a space; a note's mark stays in the text where it is referenced
 * and its text becomes a paragraph "N text" after the body. */
typedef struct _AttestFlow AttestFlow;

AttestFlow *attest_flow_new          (AttestFormatResult *result);
void        attest_flow_finish       (AttestFlow         *flow);

void        attest_flow_text         (AttestFlow         *flow,
                                      const char         *text,
                                      gboolean            collapse);
void        attest_flow_end_paragraph (AttestFlow        *flow);
void        attest_flow_begin_table  (AttestFlow         *flow);
void        attest_flow_end_cell     (AttestFlow         *flow);
void        attest_flow_end_row      (AttestFlow         *flow);
void        attest_flow_end_table    (AttestFlow         *flow);
void        attest_flow_begin_note   (AttestFlow         *flow);
void        attest_flow_end_note     (AttestFlow         *flow,
                                      const char         *mark);
gboolean    attest_flow_is_at_start  (AttestFlow         *flow);

G_END_DECLS

G_BEGIN_DECLS

typedef struct _AttestZip AttestZip;

gboolean    attest_format_read_metadata (AttestZip           *zip,
                                         const char          *name,
                                         const char          *part,
                                         const char * const  *keys,
                                         AttestFormatResult  *result,
                                         GError             **error);

G_END_DECLS
