/* fuzz-tei.c — the TEI reader on any bytes: every check of an import,
 * without a database. One clear error or acceptance, never a crash, no
 * network, no entity expansion. */
#include <stdint.h>

#include "attest-tei-reader.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_data (data, size, NULL);
  g_autoptr(GError) error = NULL;
  gboolean ok = attest_tei_reader_check (stream, "fuzz.xml", NULL, &error);

  g_assert_true (ok == (error == NULL));
  return 0;
}
