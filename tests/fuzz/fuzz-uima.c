/* fuzz-uima.c — the UIMA CAS JSON import's checks on any bytes, without a
 * database: size, nesting, UTF-8, the JSON, the feature structures and
 * their offsets. One clear error or acceptance, never a crash. */
#include <stdint.h>

#include "attest-format-uima.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  gboolean ok = attest_uima_check ((const char *) data, size, "fuzz.json", &error);

  g_assert_true (ok == (error == NULL));
  return 0;
}
