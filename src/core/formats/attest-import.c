/* attest-import.c — see attest-import.h. */
#include "config.h"

#include "attest-import.h"

#include "attest-article-reader.h"

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

  if (doc != NULL && date != NULL)
    {
      g_free (doc->date);
      doc->date = g_strdup (date);
    }
  if (doc != NULL)
    stored = attest_store_add_document (store, doc, &was_there, error);
  if (existed != NULL)
    *existed = was_there;

  if (report == NULL)
    return g_steal_pointer (&stored);
  if (stored == NULL)
    {
      report->failed++;
      return NULL;
    }

  if (report->first_uuid == NULL)
    report->first_uuid = g_strdup (stored->uuid);
  if (was_there)
    report->duplicates++;
  else
    report->imported++;
  if (g_strcmp0 (stored->encoding, "Windows-1252") == 0 && !was_there)
    report->legacy++;
  if (!was_there && report->summary == NULL && stored->extraction != NULL)
    report->summary = attest_document_dup_import_summary (stored);
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
