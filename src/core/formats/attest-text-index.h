/* attest-text-index.h — character offsets of a text found in bytes fast.
 *
 * Attest counts offsets in Unicode code points; UTF-8 needs a walk from
 * the start to find one. The index remembers the byte offset of every
 * 256th character, so a reader placing many claims in a long text walks
 * at most 255 characters for each, however they are ordered. The text is
 * not copied: it must outlive the index.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _AttestTextIndex AttestTextIndex;

AttestTextIndex *attest_text_index_new     (const char            *text,
                                            gsize                  length);
void             attest_text_index_free    (AttestTextIndex       *index);
gint64           attest_text_index_n_chars (const AttestTextIndex *index);
const char      *attest_text_index_at      (const AttestTextIndex *index,
                                            gint64                 offset);
gint64           attest_text_index_offset  (const AttestTextIndex *index,
                                            const char            *at);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AttestTextIndex, attest_text_index_free)

/* A text as every import stores it, without a BOM at its start and with
 * LF for CRLF; offsets another tool counted on the text as it was are
 * moved with attest_text_to_stored(). */
char            *attest_text_dup_stored    (const char            *raw,
                                            gsize                  length,
                                            GArray               **out_dropped,
                                            gint64                *out_raw_chars,
                                            gboolean              *out_bom);
gint64           attest_text_to_stored     (GArray                *dropped,
                                            gint64                 raw);

G_END_DECLS
