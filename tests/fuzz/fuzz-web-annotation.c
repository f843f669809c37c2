/* fuzz-web-annotation.c — the Web Annotation import's checks on any bytes,
 * without a database (the articles must travel in the file). One clear
 * error or acceptance, never a crash. */
#include <stdint.h>
#include <string.h>

#include "attest-format-web-annotation.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  gboolean ok;

  ok = attest_web_annotation_check ((const char *) data, size, "fuzz.jsonld", &error);
  g_assert_true (ok == (error == NULL));
  return 0;
}
