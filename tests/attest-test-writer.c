/* attest-test-writer.c — one analyst, as a separate process, for the
 * concurrency and crash tests.
 *
 *   attest-test-writer --database DB --document REF --annotator NAME --specs FILE
 *
 * FILE holds one claim a line, "START END CATEGORY". Each claim is saved in
 * its own transaction through attest_store_add_claim(), as the app does, and
 * its uuid is printed (and flushed) the moment the call returns: a printed
 * uuid is a claim the store acknowledged. Any error goes to stderr and the
 * exit status is 1.
 */
#include <stdio.h>
#include <stdlib.h>

#include "attest-store.h"

typedef struct {
  gint64  start;
  gint64  end;
  char   *category;
} Spec;

static void
spec_clear (gpointer data)
{
  Spec *spec = data;

  g_free (spec->category);
}

static GArray *
read_specs (const char  *path,
            GError     **error)
{
  g_autoptr(GArray) specs = g_array_new (FALSE, TRUE, sizeof (Spec));
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;

  g_array_set_clear_func (specs, spec_clear);
  if (!g_file_get_contents (path, &contents, NULL, error))
    return NULL;

  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = NULL;
      Spec spec = { 0 };

      if (*lines[i] == '\0')
        continue;
      fields = g_strsplit (lines[i], " ", 3);
      if (g_strv_length (fields) != 3 ||
          !g_ascii_string_to_signed (fields[0], 10, 0, G_MAXINT64, &spec.start, NULL) ||
          !g_ascii_string_to_signed (fields[1], 10, 0, G_MAXINT64, &spec.end, NULL))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "%s:%u: expected “START END CATEGORY”", path, i + 1);
          return NULL;
        }
      spec.category = g_strdup (fields[2]);
      g_array_append_val (specs, spec);
    }

  return g_steal_pointer (&specs);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *database = NULL;
  g_autofree char *document = NULL;
  g_autofree char *annotator = NULL;
  g_autofree char *specs_path = NULL;
  GOptionEntry entries[] = {
    { "database", 0, 0, G_OPTION_ARG_FILENAME, &database, "The database", "DB" },
    { "document", 0, 0, G_OPTION_ARG_STRING, &document, "The document", "REF" },
    { "annotator", 0, 0, G_OPTION_ARG_STRING, &annotator, "Who writes", "NAME" },
    { "specs", 0, 0, G_OPTION_ARG_FILENAME, &specs_path, "The claims to save", "FILE" },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("- save claims one by one");
  g_autoptr(AttestStore) store = NULL;
  g_autoptr(GArray) specs = NULL;
  g_autoptr(GError) error = NULL;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("attest-test-writer: %s\n", error->message);
      return 2;
    }
  if (database == NULL || document == NULL || annotator == NULL || specs_path == NULL)
    {
      g_printerr ("attest-test-writer: --database, --document, --annotator and --specs are required\n");
      return 2;
    }

  if (!(specs = read_specs (specs_path, &error)) ||
      !(store = attest_store_open (database, ATTEST_STORE_OPEN_NO_CREATE, &error)))
    {
      g_printerr ("attest-test-writer: %s\n", error->message);
      return 1;
    }
  g_assert_true (attest_store_set_annotator (store, annotator, NULL));

  for (guint i = 0; i < specs->len; i++)
    {
      const Spec *spec = &g_array_index (specs, Spec, i);
      g_autoptr(AttestClaim) claim = NULL;

      claim = attest_store_add_claim (store, document, spec->start, spec->end,
                                      spec->category, NULL, NULL, &error);
      if (claim == NULL)
        {
          g_printerr ("attest-test-writer: %s: claim %u (%" G_GINT64_FORMAT ":%" G_GINT64_FORMAT
                      "): %s\n", annotator, i, spec->start, spec->end, error->message);
          return 1;
        }

      /* Acknowledged: say so at once, so that a kill right after still
       * leaves the uuid on record. */
      if (fprintf (stdout, "%s\n", claim->uuid) < 0 || fflush (stdout) != 0)
        {
          g_printerr ("attest-test-writer: could not write to stdout\n");
          return 1;
        }
    }

  return 0;
}
