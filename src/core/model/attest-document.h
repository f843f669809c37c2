/* attest-document.h — an imported article.
 *
 * The text is stored exactly as read (BOM removed, CRLF folded to LF, decoded
 * to UTF-8) and never changes after import; offsets everywhere are counted in
 * Unicode characters of this text. Fields are public and read-only to users.
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define ATTEST_TYPE_DOCUMENT (attest_document_get_type ())
G_DECLARE_FINAL_TYPE (AttestDocument, attest_document, ATTEST, DOCUMENT, GObject)

struct _AttestDocument
{
  GObject parent_instance;

  gint64  id;            /* row id in the store, 0 before it is stored */
  char   *uuid;          /* leaves the database (TEI xml:id, merges) */
  char   *sha256;        /* of the UTF-8 text; identifies the article */
  char   *title;         /* NULL when the file has no title line */
  char   *publication;
  char   *volume;
  char   *issue;
  char   *author;        /* NULL when the By: line is empty */
  char   *date;          /* ISO 8601 date "YYYY-MM-DD", or NULL */
  char   *origin;        /* the file it came from (basename) */
  char   *format;        /* "text", "html", "tei", "pdf", "docx", "odt", "epub" */
  char   *encoding;      /* "UTF-8", "UTF-8 with BOM", "Windows-1252", … */
  char   *text;          /* UTF-8, NUL-terminated */
  gint64  length;        /* in characters */
  gint64  body_start;    /* character offset where the body starts */
  char   *imported;      /* ISO 8601 UTC time of import */
  char   *extraction;    /* JSON counts of what the import left out, or NULL */
  gint64  claim_count;   /* filled in by listings */
};

AttestDocument *attest_document_new          (void);
void            attest_document_set_text     (AttestDocument *self,
                                              const char     *text);
char           *attest_document_dup_range    (AttestDocument *self,
                                              gint64          start,
                                              gint64          end);
gboolean        attest_document_check_range  (AttestDocument *self,
                                              gint64          start,
                                              gint64          end,
                                              GError        **error);
/* Characters in the first @bytes bytes of valid UTF-8 @text (each byte
 * that does not continue a character): g_utf8_strlen() without a NUL
 * check, a word at a time, for the long texts imports count through. */
gsize           attest_utf8_length           (const char     *text,
                                              gsize           bytes);
/* The article's name for people: its title, or outlet and issue ("Eurasia
 * Daily Monitor, issue 226", as analysts cite untitled ones), or where it
 * came from. Translated. */
char           *attest_document_dup_label    (AttestDocument *self);
/* "PDF", "Word document", … for the stored format; NULL if unknown. */
const char     *attest_document_format_label (const char     *format);

/* What the import did, for people: "Imported from PDF, 12 pages; 2 running
 * headers and 14 page numbers left out". Translated. */
char           *attest_document_dup_import_summary (AttestDocument *self);

gint64          attest_document_find         (AttestDocument *self,
                                              const char     *quote,
                                              gint64          from);

G_END_DECLS
