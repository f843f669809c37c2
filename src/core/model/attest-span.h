/* attest-span.h — claims as agreement reads them: the offsets, category,
 * annotator and sources of every claim of a corpus, without a claim
 * object each. A document's spans and their strings live in one
 * AttestSpans; a TEI export of a million claims reads them one document
 * at a time.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  gint64      start;
  gint64      end;
  const char *uuid;
  const char *category;   /* its key */
  const char *annotator;  /* a name */
  const char *sources;    /* the linked sources' uuids, separated by spaces; "" for none */
} AttestSpan;

typedef struct {
  GArray       *spans;    /* AttestSpan */
  /*< private >*/
  GStringChunk *strings;
} AttestSpans;

AttestSpans *attest_spans_new        (void);
void         attest_spans_free       (AttestSpans      *self);
void         attest_spans_add        (AttestSpans      *self,
                                      gint64            start,
                                      gint64            end,
                                      const char       *uuid,
                                      const char       *category,
                                      const char       *annotator,
                                      const char       *sources);
void         attest_spans_sort       (AttestSpans      *self);
gboolean     attest_span_has_source  (const AttestSpan *self,
                                      const char       *uuid,
                                      gsize             length);
guint        attest_span_n_sources   (const AttestSpan *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AttestSpans, attest_spans_free)

G_END_DECLS
