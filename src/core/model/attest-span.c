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

static int
compare_positions (gconstpointer a,
                   gconstpointer b,
                   gpointer      data)
{
  const AttestSpan *spans = data;
  guint i = *(const guint *) a, j = *(const guint *) b;
  const AttestSpan *x = &spans[i], *y = &spans[j];

  if (x->start != y->start)
    return x->start < y->start ? -1 : 1;
  if (x->end != y->end)
    return x->end > y->end ? -1 : 1;
  return (i > j) - (i < j);
}

/**
 * attest_spans_sort:
 * @self: an #AttestSpans
 *
 * Puts the spans in text order: by start, the longer first, then in the
 * order they were added (the database's, when added by row id). Reading a
 * document's claims in row order and sorting them here is quicker than
 * reading them in text order, which jumps about the table.
 */
void
attest_spans_sort (AttestSpans *self)
{
  guint n = self->spans->len;
  g_autofree guint *order = g_new (guint, n);
  GArray *sorted = g_array_sized_new (FALSE, FALSE, sizeof (AttestSpan), n);

  for (guint i = 0; i < n; i++)
    order[i] = i;
  g_qsort_with_data (order, n, sizeof (guint), compare_positions, self->spans->data);
  for (guint i = 0; i < n; i++)
    g_array_append_val (sorted, g_array_index (self->spans, AttestSpan, order[i]));
  g_array_unref (self->spans);
  self->spans = sorted;
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
