/* fuzz-refi-qda.c — the REFI-QDA import's checks on any bytes, without a
 * database or a zip: project.qde up to the first NUL byte, the text every
 * internal:// source stands for after it (without a NUL, all of it is
 * both). One clear error or acceptance, never a crash. */
#include <stdint.h>
#include <string.h>

#include "attest-format-refi-qda.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  const char *qde = (const char *) data;
  const char *nul = memchr (qde, '\0', size);
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (nul != NULL)
    ok = attest_refi_qda_check (qde, nul - qde, nul + 1, size - (nul + 1 - qde), &error);
  else
    ok = attest_refi_qda_check (qde, size, qde, size, &error);
  g_assert_true (ok == (error == NULL));
  return 0;
}
