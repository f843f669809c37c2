/* attest-tei-writer-private.h — what the parts of the TEI writer share:
 * its state, the output primitives (attest-tei-writer-output.c) and the
 * pieces each part writes (-header.c, -document.c, attest-tei-writer.c).
 */
#pragma once

#include <libxml/xmlwriter.h>
#include <string.h>

#include "attest-agreement.h"
#include "attest-store-bulk.h"
#include "attest-tei-names.h"
#include "attest-tei-writer.h"

G_BEGIN_DECLS

/* GLib before 2.76 appends to a GString through g_string_insert_len(), a
 * call with checks for every piece, and the export appends some thirty
 * pieces per claim: append in place while there is room. */
static inline void
append_len (GString    *out,
            const char *text,
            gsize       len)
{
  if (G_LIKELY (out->len + len < out->allocated_len))
    {
      memcpy (out->str + out->len, text, len);
      out->len += len;
      out->str[out->len] = '\0';
    }
  else
    g_string_append_len (out, text, len);
}

static inline void
append_str (GString    *out,
            const char *text)
{
  append_len (out, text, strlen (text));
}

static inline void
append_char (GString *out,
             char     c)
{
  append_len (out, &c, 1);
}

typedef struct {
  AttestStore             *store;
  const AttestClaimFilter *filter;
  GOutputStream           *stream;
  GCancellable            *cancellable;
  AttestProgressFunc       progress;
  gpointer                 progress_data;

  xmlTextWriterPtr         w;
  /* Sticky errors: once set, writing stops and the export fails. The
   * stream's own error is kept apart so libxml2 never reports it. */
  GError                  *error;
  GError                  *stream_error;

  gboolean                 single;        /* one TEI document, not a corpus */
  GHashTable              *person_ids;    /* name → xml:id */
  guint                    n_others;      /* people known only from the history */
  gboolean                 list_open;
  gboolean                 standoff_open;
  const char              *doc_uuid;
  guint                    base;          /* indentation depth of the document */
  GString                 *scratch;
  AttestAgreementReport   *agreement;     /* NULL: fewer than two annotators */
  gboolean                 curation;      /* the history has curated claims */
  GHashTable              *exported;      /* claim uuids of the current document */
  AttestExportCounts       counts;
} TeiWriter;

static const char indentation[] = "\n                                        ";

/* The elements that repeat once per claim, source or change are built
 * in one buffer and handed to xmlTextWriter in one raw write: a dozen
 * writer calls per element would be most of the export's time. These
 * helpers append to @out and escape as xmlTextWriter would. */
static inline void
append_indent (GString *out,
               guint    depth)
{
  append_len (out, indentation, 1 + MIN (2 * depth, sizeof indentation - 2));
}

/* A decimal integer, without printf (twice per anchor and per claim). */
static inline void
append_int (GString *out,
            gint64   value)
{
  char buffer[24];
  char *p = buffer + sizeof buffer;
  guint64 v = value < 0 ? -(guint64) value : (guint64) value;

  do
    *--p = '0' + v % 10;
  while ((v /= 10) != 0);
  if (value < 0)
    *--p = '-';
  append_len (out, p, buffer + sizeof buffer - p);
}

/* d-<uuid>-o<offset>: the xml:id of the anchor where a claim starts or
 * ends. */
static inline void
append_anchor_id (GString    *out,
                  const char *doc_uuid,
                  gint64      offset)
{
  append_len (out, ATTEST_TEI_DOCUMENT_ID, 2);
  append_str (out, doc_uuid);
  append_len (out, ATTEST_TEI_ANCHOR_INFIX, 2);
  append_int (out, offset);
}

/* ------------------------------------------- attest-tei-writer-output.c */

/* Sticky errors: once one is set, every primitive does nothing. */
gboolean tei_failed (TeiWriter *self);
void     tei_fail (TeiWriter  *self,
                   int         code,
                   const char *format,
                   ...) G_GNUC_PRINTF (3, 4);
void     tei_check_xml (TeiWriter *self,
                        int        rc);
void     tei_newline (TeiWriter *self,
                      guint      depth);
void     tei_raw (TeiWriter  *self,
                  const char *text,
                  gsize       len);
void     tei_flush_scratch (TeiWriter *self,
                            gboolean   all);
void     tei_start (TeiWriter  *self,
                    guint       depth,
                    const char *name);
void     tei_start_inline (TeiWriter  *self,
                           const char *name);
void     tei_end (TeiWriter *self);
void     tei_end_block (TeiWriter *self,
                        guint      depth);
void     tei_attr (TeiWriter  *self,
                   const char *name,
                   const char *value);
void     tei_attr_printf (TeiWriter  *self,
                          const char *name,
                          const char *format,
                          ...) G_GNUC_PRINTF (3, 4);
gboolean tei_escape_into (TeiWriter  *self,
                          GString    *out,
                          const char *text,
                          gsize       len,
                          gboolean    allow_g,
                          const char *what);
void     tei_chars (TeiWriter  *self,
                    const char *text,
                    gboolean    allow_g,
                    const char *what);
void     tei_text_element (TeiWriter  *self,
                           const char *name,
                           const char *type_name,
                           const char *type,
                           const char *text,
                           const char *what);
void     tei_text_line (TeiWriter  *self,
                        guint       depth,
                        const char *name,
                        const char *type_name,
                        const char *type,
                        const char *text,
                        const char *what);
void     tei_append_attr (TeiWriter  *self,
                          GString    *out,
                          const char *name,
                          const char *prefix,
                          const char *value);
void     tei_append_element (TeiWriter  *self,
                             GString    *out,
                             const char *name,
                             const char *type_name,
                             const char *type,
                             const char *text,
                             const char *what);
void     tei_check_uuid (TeiWriter  *self,
                         const char *what,
                         const char *uuid);
void     tei_check_time (TeiWriter  *self,
                         const char *what,
                         const char *owner,
                         const char *value);
gboolean tei_check_cancelled (TeiWriter *self);

/* ------------------------------------------- attest-tei-writer-header.c */

gboolean tei_write_person (const AttestPersonRow *row,
                           gpointer               user_data,
                           GError               **error);
void     tei_write_bibl (TeiWriter             *self,
                         guint                  depth,
                         const AttestSourceRow *row);
gboolean tei_write_outside_sources (TeiWriter *self,
                                    GError   **error);
gboolean tei_write_encoding_desc (TeiWriter *self,
                                  GError   **error);
gboolean tei_write_revision_desc (TeiWriter *self,
                                  GError   **error);
void     tei_write_agreement_note (TeiWriter *self,
                                   guint      depth);
gboolean tei_write_corpus_header (TeiWriter *self,
                                  guint      total,
                                  GError   **error);

/* ----------------------------------------- attest-tei-writer-document.c */

void     tei_write_document_file_desc (TeiWriter      *self,
                                       AttestDocument *doc,
                                       GError        **error);
void     tei_write_text (TeiWriter        *self,
                         AttestDocument   *doc,
                         AttestClaimBatch *batch,
                         GPtrArray        *citations);
void     tei_open_standoff (TeiWriter *self);
gboolean tei_write_document_source (const AttestSourceRow *row,
                                    gpointer               user_data,
                                    GError               **error);
void     tei_write_citation (TeiWriter      *self,
                             AttestCitation *c);
void     tei_write_claim (TeiWriter            *self,
                          const AttestClaimRow *c);

G_END_DECLS
