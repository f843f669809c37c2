/* attest-import.c — see attest-import.h. */
#include "config.h"

#include "attest-import.h"

#include "attest-article-reader.h"
#include "attest-error.h"
#include "attest-format-brat.h"

#include <glib/gi18n-lib.h>
#include <string.h>

/**
 * attest_import_report_clear:
 * @report: a report
 *
 * Frees the report's strings and zeroes it, ready for another run.
 */
void
attest_import_report_clear (AttestImportReport *report)
{
  g_clear_pointer (&report->first_uuid, g_free);
  g_clear_pointer (&report->summary, g_free);
  *report = (AttestImportReport) { 0 };
}

/* The tally of one file's outcome. */
static void
tally (AttestImportReport *report,
       AttestDocument     *stored,
       gboolean            existed)
{
  if (report == NULL)
    return;
  if (stored == NULL)
    {
      report->failed++;
      return;
    }

  if (report->first_uuid == NULL)
    report->first_uuid = g_strdup (stored->uuid);
  if (existed)
    report->duplicates++;
  else
    report->imported++;
  if (g_strcmp0 (stored->encoding, "Windows-1252") == 0 && !existed)
    report->legacy++;
  if (!existed && report->summary == NULL && stored->extraction != NULL)
    report->summary = attest_document_dup_import_summary (stored);
}

/* The date given instead of the file's. */
static void
set_date (AttestDocument *doc,
          const char     *date)
{
  if (doc != NULL && date != NULL)
    {
      g_free (doc->date);
      doc->date = g_strdup (date);
    }
}

/* The one step after reading, whatever was read: the date given instead of
 * the file's, the document added (or found), the tally kept. */
static AttestDocument *
add_read (AttestStore        *store,
          AttestDocument     *doc,
          const char         *date,
          AttestImportReport *report,
          gboolean           *existed,
          GError            **error)
{
  g_autoptr(AttestDocument) stored = NULL;
  gboolean was_there = FALSE;

  set_date (doc, date);
  if (doc != NULL)
    stored = attest_store_add_document (store, doc, &was_there, error);
  if (existed != NULL)
    *existed = was_there;
  tally (report, stored, was_there);
  return g_steal_pointer (&stored);
}

/**
 * attest_import_file:
 * @store: the store the document goes into
 * @file: an article (text, HTML, TEI, PDF, DOCX, ODT or EPUB)
 * @date: (nullable): the date to record instead of the one the file gives
 * @report: (nullable): the tally this file is added to
 * @existed: (out) (optional): TRUE when the same text was already in
 *   @store, which is then left as it was
 * @cancellable: (nullable): stops the reading
 * @error: errors of the reader (attest-article-reader.h) or the store
 *
 * Returns: (transfer full) (nullable): the stored document (the one already
 *   there for a duplicate), or NULL with @error set.
 */
AttestDocument *
attest_import_file (AttestStore        *store,
                    GFile              *file,
                    const char         *date,
                    AttestImportReport *report,
                    gboolean           *existed,
                    GCancellable       *cancellable,
                    GError            **error)
{
  g_autoptr(AttestDocument) doc = NULL;

  g_return_val_if_fail (ATTEST_IS_STORE (store), NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  doc = attest_article_reader_read_file (file, cancellable, error);
  return add_read (store, doc, date, report, existed, error);
}

/**
 * attest_import_bytes:
 * @store: an #AttestStore
 * @bytes: the content
 * @name: tells the format, and becomes the document's origin
 * @date: (nullable): the date to record instead of the one the article gives
 * @report: (nullable): the tally this article is added to
 * @existed: (out) (optional): %TRUE when the same text was already there
 * @error: return location for a #GError, or %NULL
 *
 * attest_import_file() for an article in memory (read with
 * attest_article_reader_read_bytes()).
 *
 * Returns: (transfer full) (nullable): the stored document, or %NULL with
 *   @error set
 */
AttestDocument *
attest_import_bytes (AttestStore        *store,
                     GBytes             *bytes,
                     const char         *name,
                     const char         *date,
                     AttestImportReport *report,
                     gboolean           *existed,
                     GError            **error)
{
  g_autoptr(AttestDocument) doc = NULL;

  g_return_val_if_fail (ATTEST_IS_STORE (store), NULL);
  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  doc = attest_article_reader_read_bytes (bytes, name, error);
  return add_read (store, doc, date, report, existed, error);
}

/* Articles are written in batches, one transaction each: up to this many,
 * or this much text, or what was read in this long. A thousand files then
 * wait for the disk a few times instead of a thousand; the database is
 * locked for a fraction of a second at a time; and slow files (PDFs) are
 * committed, and told, every few seconds. */
#define BATCH_ARTICLES ATTEST_IMPORT_BATCH_ARTICLES
#define BATCH_BYTES    (64 * 1024 * 1024)
#define BATCH_TIME     (2 * G_TIME_SPAN_SECOND)

typedef struct {
  GFile          *file;
  AttestDocument *doc;  /* read, to be written; NULL when reading failed */
  GError         *error;
} Pending;

static void
pending_clear (Pending *p)
{
  g_clear_object (&p->doc);
  g_clear_error (&p->error);
}

/* Writes the documents read, in one transaction, and tells each file's
 * outcome in order. Returns FALSE, with the batch's error in
 * @batch_error, when the transaction failed as a whole. */
static gboolean
flush (AttestStore          *store,
       GArray               *pending,
       AttestImportReport   *report,
       AttestImportFileFunc  each,
       gpointer              user_data,
       GError              **batch_error)
{
  g_autoptr(GPtrArray) docs = g_ptr_array_new ();
  g_autofree AttestDocument **stored = NULL;
  g_autofree gboolean *existed = NULL;
  g_autofree GError **errors = NULL;
  g_autoptr(GError) error = NULL;
  gboolean written;

  for (guint i = 0; i < pending->len; i++)
    if (g_array_index (pending, Pending, i).doc != NULL)
      g_ptr_array_add (docs, g_array_index (pending, Pending, i).doc);
  stored = g_new0 (AttestDocument *, docs->len + 1);
  existed = g_new0 (gboolean, docs->len + 1);
  errors = g_new0 (GError *, docs->len + 1);
  written = docs->len == 0 ||
            attest_store_add_documents (store, (AttestDocument **) docs->pdata, docs->len,
                                        stored, existed, errors, &error);

  for (guint i = 0, k = 0; i < pending->len; i++)
    {
      Pending *p = &g_array_index (pending, Pending, i);
      g_autoptr(AttestDocument) doc = NULL;
      gboolean was_there = FALSE;

      if (p->doc != NULL)
        {
          doc = stored[k];
          was_there = existed[k];
          if (!written)
            p->error = g_error_copy (error);
          else if (errors[k] != NULL)
            p->error = errors[k];
          k++;
        }
      tally (report, doc, was_there);
      if (each != NULL)
        each (p->file, doc, was_there, p->error, user_data);
      pending_clear (p);
    }
  g_array_set_size (pending, 0);
  if (!written)
    g_propagate_error (batch_error, g_steal_pointer (&error));
  return written;
}

/* After a batch failed as a whole (the database locked by another
 * process, full, read-only), the files left are told with its error at
 * once: each batch would wait as long for the same lock. */
static void
tell_rest (GFile               **files,
           guint                 n_files,
           const GError         *batch_error,
           AttestImportReport   *report,
           AttestImportFileFunc  each,
           gpointer              user_data)
{
  for (guint i = 0; i < n_files; i++)
    {
      tally (report, NULL, FALSE);
      if (each != NULL)
        each (files[i], NULL, FALSE, batch_error, user_data);
    }
}

/**
 * attest_import_files:
 * @store: the store the documents go into
 * @files: (array length=n_files): article files
 * @n_files: how many
 * @date: (nullable): the date to record instead of the one each file gives
 * @report: (nullable): the tally the files are added to
 * @each: (nullable) (scope call): told each file's outcome, in order,
 *   once it is committed or refused
 * @progress: (nullable) (scope call): told after each file is read
 * @user_data: data for @each and @progress
 * @cancellable: (nullable): stops after the file being read; what was read
 *   before is still written
 * @error: return location for a #GError: only cancelling sets it
 *
 * attest_import_file() for many files, written a batch at a time (see
 * BATCH_ARTICLES). A file that cannot be read, or that the database
 * refuses, is told with its error and leaves the others; when a whole
 * batch's transaction fails (the database locked or full) each of its
 * files is told with that error, and nothing of it is in the store, and
 * so are the files after it, without being read.
 *
 * Returns: %FALSE when cancelled, %TRUE otherwise
 */
gboolean
attest_import_files (AttestStore          *store,
                     GFile               **files,
                     guint                 n_files,
                     const char           *date,
                     AttestImportReport   *report,
                     AttestImportFileFunc  each,
                     AttestProgressFunc    progress,
                     gpointer              user_data,
                     GCancellable         *cancellable,
                     GError              **error)
{
  g_autoptr(GArray) pending = g_array_new (FALSE, TRUE, sizeof (Pending));
  g_autoptr(GError) batch_error = NULL;
  gint64 batch_began = g_get_monotonic_time ();
  gsize batch_bytes = 0;

  g_return_val_if_fail (ATTEST_IS_STORE (store), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  for (guint i = 0; i < n_files; i++)
    {
      Pending p = { files[i], NULL, NULL };

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          flush (store, pending, report, each, user_data, NULL);
          return FALSE;
        }

      p.doc = attest_article_reader_read_file (files[i], cancellable, &p.error);
      set_date (p.doc, date);
      if (p.doc != NULL)
        batch_bytes += strlen (p.doc->text);
      g_array_append_val (pending, p);
      if (progress != NULL)
        progress (i + 1, n_files, user_data);

      if (pending->len >= BATCH_ARTICLES || batch_bytes >= BATCH_BYTES ||
          g_get_monotonic_time () - batch_began >= BATCH_TIME)
        {
          if (!flush (store, pending, report, each, user_data, &batch_error))
            {
              tell_rest (files + i + 1, n_files - i - 1, batch_error, report, each, user_data);
              return TRUE;
            }
          batch_began = g_get_monotonic_time ();
          batch_bytes = 0;
        }
    }
  flush (store, pending, report, each, user_data, NULL);
  return TRUE;
}

/* How deep a folder import goes: deeper is a loop or a mistake. */
#define MAX_FOLDER_DEPTH 32

static gint
compare_paths (gconstpointer a,
               gconstpointer b)
{
  /* Peeked, not copied: a sort of 10,000 files makes 130,000 comparisons. */
  return g_strcmp0 (g_file_peek_path (*(GFile * const *) a), g_file_peek_path (*(GFile * const *) b));
}

void
attest_import_problem_free (AttestImportProblem *problem)
{
  g_clear_object (&problem->file);
  g_clear_error (&problem->error);
  g_free (problem);
}

static void
add_problem (GPtrArray *problems,
             GFile     *file,
             GError    *error)
{
  AttestImportProblem *problem = g_new0 (AttestImportProblem, 1);

  problem->file = g_object_ref (file);
  problem->error = error;
  g_ptr_array_add (problems, problem);
}

/* The files of @folder into @files; what cannot be read (a subfolder
 * closed to us or too deep, a pipe, a device, a broken link) into
 * @problems, and the rest goes on. FALSE only when cancelled. */
static gboolean
list_into (GFile        *folder,
           guint         depth,
           GPtrArray    *files,
           GPtrArray    *problems,
           GCancellable *cancellable,
           GError      **error)
{
  g_autoptr(GFileEnumerator) children = NULL;
  g_autoptr(GError) local_error = NULL;

  if (depth > MAX_FOLDER_DEPTH)
    {
      g_autofree char *name = g_file_get_parse_name (folder);

      add_problem (problems, folder, g_error_new (G_IO_ERROR, G_IO_ERROR_TOO_MANY_LINKS,
                                                  _("%s is more than %u folders deep"), name, MAX_FOLDER_DEPTH));
      return TRUE;
    }
  children = g_file_enumerate_children (folder,
                                        G_FILE_ATTRIBUTE_STANDARD_NAME ","
                                        G_FILE_ATTRIBUTE_STANDARD_TYPE ","
                                        G_FILE_ATTRIBUTE_STANDARD_IS_HIDDEN ","
                                        G_FILE_ATTRIBUTE_STANDARD_IS_SYMLINK,
                                        G_FILE_QUERY_INFO_NONE, cancellable, &local_error);
  if (children == NULL)
    goto unreadable;

  for (;;)
    {
      GFileInfo *info;
      GFile *child;

      if (!g_file_enumerator_iterate (children, &info, &child, cancellable, &local_error))
        goto unreadable;
      if (info == NULL)
        break;
      /* Hidden files are a tool's, not articles; a link to a folder could
       * lead back up. */
      if (g_file_info_get_is_hidden (info) || attest_brat_is_configuration (g_file_info_get_name (info)))
        continue;
      switch (g_file_info_get_file_type (info))
        {
        case G_FILE_TYPE_DIRECTORY:
          if (!g_file_info_get_is_symlink (info) &&
              !list_into (child, depth + 1, files, problems, cancellable, error))
            return FALSE;
          break;
        case G_FILE_TYPE_REGULAR:
          g_ptr_array_add (files, g_object_ref (child));
          break;
        default:
          {
            g_autofree char *name = g_file_get_parse_name (child);

            /* A pipe, a device, a socket, a link to nothing: told, not read. */
            add_problem (problems, child, g_error_new (ATTEST_ERROR, ATTEST_ERROR_INVALID,
                                                       _("%s is not a file that can be read as an article"),
                                                       name));
          }
        }
    }
  return TRUE;

unreadable:
  if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  add_problem (problems, folder, g_steal_pointer (&local_error));
  return TRUE;
}

/**
 * attest_import_list_folder:
 * @folder: a folder
 * @out_problems: (out) (element-type AttestImportProblem): what could not
 *   be read: a subfolder closed to us or too deep, a pipe, a device, a
 *   broken link; the rest is listed all the same
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError, or %NULL
 *
 * What importing a folder reads: its files and those of its subfolders,
 * sorted by path so that articles are numbered in an order that does not
 * hang on the file system; hidden files, links to folders and brat's
 * configuration files left out.
 *
 * Returns: (transfer full) (element-type GFile): the files, or %NULL when
 *   cancelled
 */
GPtrArray *
attest_import_list_folder (GFile        *folder,
                           GPtrArray   **out_problems,
                           GCancellable *cancellable,
                           GError      **error)
{
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func ((GDestroyNotify) attest_import_problem_free);

  g_return_val_if_fail (G_IS_FILE (folder), NULL);

  if (!list_into (folder, 0, files, problems, cancellable, error))
    return NULL;
  *out_problems = g_steal_pointer (&problems);
  g_ptr_array_sort (files, compare_paths);
  return g_steal_pointer (&files);
}
