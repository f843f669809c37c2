/* fuzz-reader.c — the article reader on any bytes, named as text, HTML, TEI and
 * PDF (PDF, DOCX, ODT and EPUB are told by their first bytes, whatever the name).
 * Whatever the input: a document or one clear error, never a crash. */
#include <stdint.h>

#include "attest-article-reader.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static const char *names[] = { "article.txt", "article.html", "article.xml", "article.pdf" };
  g_autoptr(GBytes) bytes = g_bytes_new (data, size);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(AttestDocument) doc = attest_article_reader_read_bytes (bytes, names[i], &error);

      /* Exactly one of them, and a document's text is valid UTF-8 whose
       * length the document states. */
      g_assert_true ((doc == NULL) != (error == NULL));
      if (doc)
        {
          g_assert_true (g_utf8_validate (doc->text, -1, NULL));
          g_assert_cmpint (doc->length, ==, g_utf8_strlen (doc->text, -1));
          g_assert_cmpint (doc->body_start, <=, doc->length);
        }
    }
  return 0;
}
