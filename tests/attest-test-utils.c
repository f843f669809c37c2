/* attest-test-utils.c — helpers shared by the test programs: temporary
 * folders, the sample articles, a store holding them, and attest-cli runs. */
#include <glib/gstdio.h>
#include <sys/stat.h>

#include "attest-article-reader.h"
#include "attest-tei-writer.h"
#include "attest-test-utils.h"

const char * const attest_test_samples[ATTEST_TEST_N_SAMPLES] = {
  "000_7978e9767d1c15ca.txt",
  "001_e5288724e250c3ef.txt",
  "002_362495c372b1300c.txt",
  "003_5296401f81ea8387.txt",
  "004_c3d161883663a3cb.txt",
};

/* A file of tests/data (G_TEST_SRCDIR). */
char *
attest_test_sample_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "data", name, NULL);
}

/* A new folder under the temporary directory, from a template ending in XXXXXX. */
char *
attest_test_make_tmp_dir (const char *tmpl)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp (tmpl, &error);

  g_assert_no_error (error);
  return dir;
}

/* Removes @dir and everything in it, folders a test made unreadable or
 * unwritable included. Returns whether everything is gone. */
gboolean
attest_test_remove_tree (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  gboolean ok = TRUE;
  const char *name;

  while (d && (name = g_dir_read_name (d)))
    {
      g_autofree char *child = g_build_filename (dir, name, NULL);
      struct stat st;

      if (lstat (child, &st) == 0 && S_ISDIR (st.st_mode))
        {
          g_chmod (child, 0755);
          ok &= attest_test_remove_tree (child);
        }
      else if (g_unlink (child) != 0)
        ok = FALSE;
    }
  return g_rmdir (dir) == 0 && ok;
}

char *
attest_test_read_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  return contents;
}

/* A sample article of tests/data, read as the app reads it. */
AttestDocument *
attest_test_read_sample (const char *name)
{
  g_autofree char *path = attest_test_sample_path (name);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  AttestDocument *doc = attest_article_reader_read_file (file, NULL, &error);

  g_assert_no_error (error);
  return doc;
}

/* Reads a sample article and adds it to @store: the stored document. */
AttestDocument *
attest_test_import_sample (AttestStore *store,
                           const char  *name,
                           gboolean    *existed)
{
  g_autoptr(AttestDocument) doc = attest_test_read_sample (name);
  g_autoptr(GError) error = NULL;
  AttestDocument *stored;

  stored = attest_store_add_document (store, doc, existed, &error);
  g_assert_no_error (error);
  g_assert_nonnull (stored);
  return stored;
}

void
attest_test_run_clear (AttestTestRun *r)
{
  g_free (r->out);
  g_free (r->err);
}

/* attest-cli ($ATTEST_CLI) with @argv (NULL-terminated), in @cwd when set. */
AttestTestRun
attest_test_cli_argv (const char         *cwd,
                      const char * const *argv)
{
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  AttestTestRun r = { 0 };

  g_ptr_array_add (args, (char *) g_getenv ("ATTEST_CLI"));
  for (guint i = 0; argv[i]; i++)
    g_ptr_array_add (args, (char *) argv[i]);
  g_ptr_array_add (args, NULL);
  if (cwd)
    g_subprocess_launcher_set_cwd (launcher, cwd);
  proc = g_subprocess_launcher_spawnv (launcher, (const char * const *) args->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, &r.out, &r.err, &error);
  g_assert_no_error (error);
  r.status = g_subprocess_get_if_exited (proc) ? g_subprocess_get_exit_status (proc)
                                                : 128 + g_subprocess_get_term_sig (proc);
  return r;
}

/* Runs attest-cli --db DB ARGS…, NULL-terminated; without --db when @db is NULL. */
AttestTestRun
attest_test_cli (const char *db,
                 const char *first,
                 ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  va_list ap;

  if (db != NULL)
    {
      g_ptr_array_add (argv, (char *) "--db");
      g_ptr_array_add (argv, (char *) db);
    }
  va_start (ap, first);
  for (const char *a = first; a != NULL; a = va_arg (ap, const char *))
    g_ptr_array_add (argv, (char *) a);
  va_end (ap);
  g_ptr_array_add (argv, NULL);
  return attest_test_cli_argv (NULL, (const char * const *) argv->pdata);
}

AttestClaim *
attest_test_add_claim (AttestStore *store,
                       const char  *doc,
                       gint64       start,
                       gint64       end,
                       const char  *category)
{
  g_autoptr(GError) error = NULL;
  AttestClaim *c = attest_store_add_claim (store, doc, start, end, category, NULL, NULL, &error);

  g_assert_no_error (error);
  return c;
}

/* @field: status, comment, certainty or category. */
void
attest_test_edit_claim (AttestStore *store,
                        const char  *uuid,
                        const char  *field,
                        const char  *value)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestClaim) c = attest_store_get_claim (store, uuid, &error);
  char **slot;

  g_assert_no_error (error);
  slot = g_str_equal (field, "status") ? &c->status
       : g_str_equal (field, "comment") ? &c->comment
       : g_str_equal (field, "certainty") ? &c->certainty : &c->category;
  g_free (*slot);
  *slot = g_strdup (value);
  g_assert_true (attest_store_update_claim (store, c, &error));
  g_assert_no_error (error);
}

void
attest_test_rename_category (AttestStore *store,
                             const char  *key,
                             const char  *label)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestCategory) c = attest_store_get_category (store, key, &error);

  g_assert_no_error (error);
  g_free (c->label);
  c->label = g_strdup (label);
  g_assert_true (attest_store_update_category (store, c, &error));
  g_assert_no_error (error);
}

/* The whole database as a TEI export, as text: what replicas and round
 * trips compare to the byte. */
char *
attest_test_export_tei (AttestStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GBytes) bytes = NULL;

  g_assert_true (attest_tei_writer_write (store, NULL, out, NULL, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_output_stream_close (out, NULL, NULL));
  bytes = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (out));
  return g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}
