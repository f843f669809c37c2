/* fuzz-brat.c — the brat import's checks on any bytes, without a database:
 * the text up to the first NUL byte, the annotations after it (without a
 * NUL, all of it is both). One clear error or acceptance, never a crash. */
#include <stdint.h>
#include <string.h>

#include "attest-format-brat.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  const char *text = (const char *) data;
  const char *nul = memchr (text, '\0', size);
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (nul != NULL)
    ok = attest_brat_check (text, nul - text, nul + 1, size - (nul + 1 - text), "fuzz.ann", &error);
  else
    ok = attest_brat_check (text, size, text, size, "fuzz.ann", &error);
  g_assert_true (ok == (error == NULL));
  return 0;
}
