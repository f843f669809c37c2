/* attest-text-index.c — see attest-text-index.h. */
#include "config.h"

#include "attest-text-index.h"

#define CHECKPOINT_EVERY 256

struct _AttestTextIndex {
  const char *text;
  gsize       length;   /* bytes */
  gint64      n_chars;
  GArray     *marks;    /* gsize: byte offset of every CHECKPOINT_EVERY-th character */
};

/**
 * attest_text_index_new:
 * @text: valid UTF-8
 * @length: its length in bytes
 *
 * Returns: (transfer full): an index of @text, which it does not copy
 */
AttestTextIndex *
attest_text_index_new (const char *text,
                       gsize       length)
{
  AttestTextIndex *ix = g_new0 (AttestTextIndex, 1);
  const char *end = text + length;
  gint64 n = 0;

  ix->text = text;
  ix->length = length;
  ix->marks = g_array_sized_new (FALSE, FALSE, sizeof (gsize), length / CHECKPOINT_EVERY + 1);
  for (const char *p = text; p < end; p = g_utf8_next_char (p), n++)
    if (n % CHECKPOINT_EVERY == 0)
      {
        gsize at = p - text;

        g_array_append_val (ix->marks, at);
      }
  ix->n_chars = n;
  return ix;
}

void
attest_text_index_free (AttestTextIndex *ix)
{
  if (ix == NULL)
    return;
  g_array_unref (ix->marks);
  g_free (ix);
}

gint64
attest_text_index_n_chars (const AttestTextIndex *ix)
{
  return ix->n_chars;
}

/**
 * attest_text_index_at:
 * @index: an index
 * @offset: a character offset, from 0 to the number of characters
 *
 * Returns: (nullable): where character @offset starts (the end of the text
 *   for the number of characters), or %NULL for an offset outside
 */
const char *
attest_text_index_at (const AttestTextIndex *ix,
                      gint64                 offset)
{
  const char *p;

  if (offset < 0 || offset > ix->n_chars)
    return NULL;
  if (offset == ix->n_chars)
    return ix->text + ix->length;
  p = ix->text + g_array_index (ix->marks, gsize, offset / CHECKPOINT_EVERY);
  return g_utf8_offset_to_pointer (p, offset % CHECKPOINT_EVERY);
}

/**
 * attest_text_index_offset:
 * @index: an index
 * @at: a pointer to the start of a character of the text, or its end
 *
 * Returns: the character offset of @at
 */
gint64
attest_text_index_offset (const AttestTextIndex *ix,
                          const char            *at)
{
  gsize byte = at - ix->text;
  guint lo = 0, hi = ix->marks->len;

  g_return_val_if_fail (at >= ix->text && at <= ix->text + ix->length, -1);

  /* The last checkpoint at or before @at, then a short walk. */
  while (hi - lo > 1)
    {
      guint mid = lo + (hi - lo) / 2;

      if (g_array_index (ix->marks, gsize, mid) <= byte)
        lo = mid;
      else
        hi = mid;
    }
  if (ix->marks->len == 0)
    return 0;
  return (gint64) lo * CHECKPOINT_EVERY
         + g_utf8_pointer_to_offset (ix->text + g_array_index (ix->marks, gsize, lo), at);
}
