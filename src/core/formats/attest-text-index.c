/* attest-text-index.c — see attest-text-index.h. */
#include "config.h"

#include "attest-text-index.h"

#include <string.h>

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

/**
 * attest_text_dup_stored:
 * @raw: valid UTF-8, as a file holds it
 * @length: its length in bytes
 * @out_dropped: (out) (transfer full): the character offsets in @raw of
 *   what was left out (gint64, ascending)
 * @out_raw_chars: (out) (optional): the characters of @raw
 * @out_bom: (out) (optional): whether @raw started with a BOM
 *
 * Returns: (transfer full): @raw as Attest stores it
 */
char *
attest_text_dup_stored (const char  *raw,
                        gsize        length,
                        GArray     **out_dropped,
                        gint64      *out_raw_chars,
                        gboolean    *out_bom)
{
  GString *stored = g_string_sized_new (length + 1);
  GArray *dropped = g_array_new (FALSE, FALSE, sizeof (gint64));
  gboolean bom = FALSE;
  gint64 n = 0;

  for (const char *s = raw; s < raw + length; s = g_utf8_next_char (s), n++)
    {
      if ((n == 0 && length >= 3 && memcmp (s, "\xEF\xBB\xBF", 3) == 0) ||
          (*s == '\r' && s + 1 < raw + length && s[1] == '\n'))
        {
          bom = bom || n == 0;
          g_array_append_val (dropped, n);
          continue;
        }
      g_string_append_len (stored, s, g_utf8_next_char (s) - s);
    }
  *out_dropped = dropped;
  if (out_raw_chars)
    *out_raw_chars = n;
  if (out_bom)
    *out_bom = bom;
  return g_string_free (stored, FALSE);
}

/**
 * attest_text_to_stored:
 * @dropped: what attest_text_dup_stored() left out
 * @raw: a character offset in the text as it was
 *
 * Returns: the same place in the stored text
 */
gint64
attest_text_to_stored (GArray *dropped,
                       gint64  raw)
{
  guint lo = 0, hi = dropped->len;

  /* How many characters left out lie before @raw. */
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (g_array_index (dropped, gint64, mid) < raw)
        lo = mid + 1;
      else
        hi = mid;
    }
  return raw - lo;
}
