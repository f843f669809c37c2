/* attest-span.c — see attest-span.h. */
#include "attest-span.h"

#include <string.h>

AttestSpans *
attest_spans_new (void)
{
  AttestSpans *self = g_new0 (AttestSpans, 1);

  self->spans = g_array_new (FALSE, FALSE, sizeof (AttestSpan));
  self->strings = g_string_chunk_new (4096);
  return self;
}

void
attest_spans_free (AttestSpans *self)
{
  if (self == NULL)
    return;
  g_array_unref (self->spans);
  g_string_chunk_free (self->strings);
  g_free (self);
}

/**
 * attest_spans_add:
 * @self: an #AttestSpans
 * @start: where the claim starts, in characters
 * @end: where it ends
 * @uuid: its id
 * @category: its category's key
 * @annotator: who made it
 * @sources: (nullable): its sources' uuids, separated by spaces
 *
 * Adds one claim; the strings are copied (categories and annotators once
 * each, however many claims share them).
 */
void
attest_spans_add (AttestSpans *self,
                  gint64       start,
                  gint64       end,
                  const char  *uuid,
                  const char  *category,
                  const char  *annotator,
                  const char  *sources)
{
  AttestSpan span = {
    start, end,
    g_string_chunk_insert (self->strings, uuid),
    g_string_chunk_insert_const (self->strings, category),
    g_string_chunk_insert_const (self->strings, annotator),
    sources && *sources ? g_string_chunk_insert (self->strings, sources) : "",
  };

  g_array_append_val (self->spans, span);
}

/* Whether @self rests on the source @uuid (of @length bytes). */
gboolean
attest_span_has_source (const AttestSpan *self,
                        const char       *uuid,
                        gsize             length)
{
  for (const char *p = self->sources; *p;)
    {
      const char *space = strchr (p, ' ');
      gsize n = space ? (gsize) (space - p) : strlen (p);

      if (n == length && memcmp (p, uuid, n) == 0)
        return TRUE;
      p += n + (space != NULL);
    }
  return FALSE;
}

guint
attest_span_n_sources (const AttestSpan *self)
{
  guint n = 0;

  for (const char *p = self->sources; *p; p++)
    if (p == self->sources || p[-1] == ' ')
      n += *p != ' ';
  return n;
}
