/* fuzz-scanner.c — the citation scanner on any text: every citation it
 * reports lies inside the text and says what the text says there. */
#include <stdint.h>

#include "attest-citation-scanner.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  /* The scanner is given valid UTF-8, as the reader guarantees. */
  g_autofree char *text = g_utf8_make_valid ((const char *) data, size);
  gint64 length = g_utf8_strlen (text, -1);
  const char *dates[] = { NULL, "2005-12-05", "2004-01-03" };

  for (guint d = 0; d < G_N_ELEMENTS (dates); d++)
    {
      g_autoptr(GPtrArray) citations = attest_citation_scanner_scan (text, dates[d]);

      for (guint i = 0; i < citations->len; i++)
        {
          AttestCitation *c = g_ptr_array_index (citations, i);
          g_autofree char *there = NULL;

          g_assert_true (0 <= c->start && c->start < c->end && c->end <= length);
          there = g_utf8_substring (text, c->start, c->end);
          g_assert_cmpstr (there, ==, c->text);
          g_assert_nonnull (c->source);
          g_assert_nonnull (c->source->outlet);
        }
    }
  return 0;
}
