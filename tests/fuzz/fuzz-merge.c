/* fuzz-merge.c — merging a teammate's database file of any content into a
 * fresh database: refused with a clear error or merged, and the database
 * merged into is whole afterwards. The input is written to a file because
 * SQLite reads databases from files. */
#include <glib/gstdio.h>
#include <stdint.h>
#include <unistd.h>

#include "attest-store.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static char *dir;
  g_autofree char *theirs = NULL;
  g_autofree char *ours = NULL;
  g_autoptr(AttestStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_auto(AttestMergeReport) report = { 0 };
  gboolean merged;

  if (dir == NULL)
    dir = g_dir_make_tmp ("attest-fuzz-merge-XXXXXX", NULL);
  theirs = g_build_filename (dir, "theirs.db", NULL);
  ours = g_build_filename (dir, "ours.db", NULL);
  for (const char *suffix = ""; suffix; suffix = *suffix ? NULL : "-wal")
    {
      g_autofree char *a = g_strconcat (theirs, suffix, NULL);
      g_autofree char *b = g_strconcat (ours, suffix, NULL);
      g_remove (a);
      g_remove (b);
    }

  g_assert_true (g_file_set_contents (theirs, (const char *) data, size, NULL));
  store = attest_store_open (ours, ATTEST_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);

  merged = attest_store_merge (store, theirs, &report, &error);
  g_assert_true (merged == (error == NULL));
  g_clear_error (&error);

  /* Ours stays whole whatever theirs was. */
  g_assert_true (attest_store_check (store, &problems, &error));
  g_assert_cmpuint (problems->len, ==, 0);
  return 0;
}
