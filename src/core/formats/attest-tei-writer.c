/* attest-tei-writer.c — streams the database out as TEI P5.
 *
 * What it owns: the TEI encoding of Attest's model (see attest-tei.rng for
 * the exact shape, README.md for the reasons) and the xmlTextWriter that
 * produces it. Rows come from the store's export functions one document
 * at a time inside a read snapshot; output goes through a GOutputStream,
 * so memory stays flat however large the corpus. This file runs the
 * export and writes each document's frame; the pieces are in
 * attest-tei-writer-header.c (headers, taxonomy, history, agreement) and
 * attest-tei-writer-document.c (a document's text and standOff), over the
 * primitives of attest-tei-writer-output.c.
 *
 * The output is deterministic (no export time, fixed English strings, row
 * order the import preserves), so export → import into an empty database
 * → export gives the same bytes.
 */
#include "config.h"

#include "attest-tei-writer.h"

#include "attest-error.h"
#include "attest-output-file.h"
#include "attest-tei-writer-private.h"

/* ---------------------------------------------------------------- output */

/* libxml2 would print a failed write to stderr and forget why; keep the
 * GError instead, swallow the rest of the output and stop at the next
 * check. */
static int
write_cb (void       *context,
          const char *buffer,
          int         len)
{
  TeiWriter *self = context;

  if (self->stream_error == NULL)
    g_output_stream_write_all (self->stream, buffer, len, NULL, self->cancellable,
                               &self->stream_error);
  return len;
}

static int
close_cb (void *context)
{
  return 0;
}

/* ------------------------------------------------------------- documents */

static gboolean
write_document (AttestDocument *doc,
                guint           index,
                guint           total,
                gpointer        user_data,
                GError        **error)
{
  TeiWriter *self = user_data;
  g_autoptr(AttestClaimBatch) batch = NULL;
  g_autoptr(GPtrArray) citations = NULL;
  guint depth;

  if (index == 0 && !self->single)
    {
      if (!tei_write_corpus_header (self, total, error))
        return FALSE;
      /* The documents sit one level inside the corpus. */
      self->base = 1;
    }
  if (tei_check_cancelled (self))
    return FALSE;
  depth = self->base;

  self->doc_uuid = doc->uuid;
  if (!(citations = attest_store_list_citations (self->store, doc->uuid, error)) ||
      !(batch = attest_store_collect_claims (self->store, doc->id, self->filter, error)) ||
      (self->curation && !attest_store_collect_origins (self->store, doc->id, batch, error)))
    return FALSE;

  if (self->single)
    tei_start_inline (self, "TEI");
  else
    tei_start (self, depth, "TEI");
  if (self->single)
    tei_attr (self, "xmlns", ATTEST_TEI_NAMESPACE);
  tei_attr_printf (self, "xml:id", ATTEST_TEI_DOCUMENT_ID "%s", doc->uuid);
  tei_start (self, depth + 1, "teiHeader");
  tei_write_document_file_desc (self, doc, error);
  if (self->single && !tei_failed (self) &&
      (!tei_write_encoding_desc (self, error) || !tei_write_revision_desc (self, error)))
    return FALSE;
  tei_end_block (self, depth + 1);

  tei_write_text (self, doc, batch, citations);

  self->standoff_open = FALSE;
  self->list_open = FALSE;
  if (!tei_failed (self) &&
      !attest_store_foreach_source (self->store, doc->id, NULL, tei_write_document_source, self, error))
    return FALSE;
  if (self->list_open)
    tei_end_block (self, depth + 2);
  /* Which claims are in the export, for the curated ones' pointers. */
  g_hash_table_remove_all (self->exported);
  for (guint i = 0; i < batch->claims->len; i++)
    if (g_array_index (batch->claims, AttestClaimRow, i).n_origins > 0)
      {
        for (guint k = 0; k < batch->claims->len; k++)
          g_hash_table_add (self->exported,
                            (gpointer) g_array_index (batch->claims, AttestClaimRow, k).uuid);
        break;
      }
  if (batch->claims->len > 0)
    {
      tei_open_standoff (self);
      tei_start (self, depth + 2, "spanGrp");
      tei_attr (self, "type", "claims");
      g_string_truncate (self->scratch, 0);
      for (guint i = 0; i < batch->claims->len && !tei_failed (self); i++)
        tei_write_claim (self, &g_array_index (batch->claims, AttestClaimRow, i));
      tei_flush_scratch (self, TRUE);
      tei_end_block (self, depth + 2);
    }
  /* Every attribution, as found or corrected: the reader takes this list
   * instead of scanning the text again. Sources were listed above. */
  if (citations->len > 0 && !tei_failed (self))
    {
      tei_open_standoff (self);
      tei_start (self, depth + 2, "spanGrp");
      tei_attr (self, "type", "citations");
      g_string_truncate (self->scratch, 0);
      for (guint i = 0; i < citations->len && !tei_failed (self); i++)
        tei_write_citation (self, g_ptr_array_index (citations, i));
      tei_flush_scratch (self, TRUE);
      tei_end_block (self, depth + 2);
    }
  if (self->standoff_open)
    tei_end_block (self, depth + 1);
  tei_end_block (self, depth);

  self->doc_uuid = NULL;
  self->counts.documents++;
  if (tei_failed (self))
    return FALSE;
  if (self->progress)
    self->progress (index + 1, total, self->progress_data);
  return TRUE;
}

static gboolean
write_all (AttestStore *store,
           gpointer     user_data,
           GError     **error)
{
  TeiWriter *self = user_data;

  tei_check_xml (self, xmlTextWriterStartDocument (self->w, NULL, "UTF-8", NULL));
  /* How far the annotators agree, as `attest-cli agreement` reports it:
   * the agreement code computes the figures in this snapshot, this file
   * only writes them (none with fewer than two annotators). */
  if (!attest_store_has_curation (store, &self->curation, error) ||
      !attest_agreement_compute_for_export (store, self->filter, &self->agreement, error) ||
      !attest_store_foreach_document (store, self->filter, write_document, self, error))
    return FALSE;
  if (self->counts.documents == 0)
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_NOT_FOUND,
                   "There are no documents to export");
      return FALSE;
    }
  if (!self->single)
    tei_end_block (self, 0);
  tei_check_xml (self, xmlTextWriterEndDocument (self->w));
  tei_check_xml (self, xmlTextWriterFlush (self->w));
  return !tei_failed (self);
}

/**
 * attest_tei_writer_write:
 * @store: an #AttestStore
 * @filter: (nullable): which claims, or %NULL for all
 * @stream: where the export goes
 * @out_counts: (out caller-allocates) (optional): the counts of what was exported
 * @progress: (nullable) (scope call): called as the work progresses
 * @progress_data: data for @progress
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError, or %NULL
 *
 * Writes the claims matching @filter (NULL: all) and the documents they
 * belong to: all documents, or filter->document alone as a TEI document.
 * Deleted claims (tombstones) are not exported. Errors are ATTEST_ERROR
 * (NOT_FOUND for an unknown filter value, INVALID for a database value
 * TEI cannot carry, IO, …) or G_IO_ERROR_CANCELLED. @stream is not
 * closed.
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */
gboolean
attest_tei_writer_write (AttestStore             *store,
                         const AttestClaimFilter *filter,
                         GOutputStream           *stream,
                         AttestExportCounts      *out_counts,
                         AttestProgressFunc       progress,
                         gpointer                 progress_data,
                         GCancellable            *cancellable,
                         GError                 **error)
{
  TeiWriter self = {
    .store = store,
    .filter = filter,
    .stream = stream,
    .cancellable = cancellable,
    .progress = progress,
    .progress_data = progress_data,
    .single = filter != NULL && filter->document != NULL,
  };
  xmlOutputBufferPtr output;
  GError *local_error = NULL;
  gboolean ok;

  g_return_val_if_fail (ATTEST_IS_STORE (store), FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), FALSE);

  if (!attest_store_check_filter (store, filter, NULL, error))
    return FALSE;

  output = xmlOutputBufferCreateIO (write_cb, close_cb, &self, NULL);
  self.w = output ? xmlNewTextWriter (output) : NULL;
  if (self.w == NULL)
    {
      if (output)
        xmlOutputBufferClose (output);
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_FAILED, "Could not start the TEI writer");
      return FALSE;
    }
  self.person_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self.scratch = g_string_sized_new (65536 + 4096);
  self.exported = g_hash_table_new (g_str_hash, g_str_equal);

  ok = attest_store_read_snapshot (store, write_all, &self, &local_error);
  xmlFreeTextWriter (self.w);

  /* The first error wins: the stream's, then ours, then the store's. */
  if (self.stream_error != NULL)
    {
      attest_output_file_propagate_error (error, g_steal_pointer (&self.stream_error), NULL);
      g_clear_error (&self.error);
      g_clear_error (&local_error);
      ok = FALSE;
    }
  else if (self.error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&self.error));
      g_clear_error (&local_error);
      ok = FALSE;
    }
  else if (!ok)
    g_propagate_error (error, local_error);

  g_hash_table_unref (self.person_ids);
  g_hash_table_unref (self.exported);
  g_clear_pointer (&self.agreement, attest_agreement_report_free);
  g_string_free (self.scratch, TRUE);
  if (ok && out_counts)
    *out_counts = self.counts;
  return ok;
}

/* ------------------------------------------------------------------ file */

typedef struct {
  AttestStore             *store;
  const AttestClaimFilter *filter;
  AttestExportCounts       counts;
  AttestProgressFunc       progress;
  gpointer                 progress_data;
} WriteFileData;

/* An export that would hold nothing asked for writes no file: no article
 * at all, or no claim where the filter picks claims (a dataset of
 * accepted claims where none is accepted is a mistake, not a dataset). */
static gboolean
write_to_stream (GOutputStream *stream,
                 gpointer       user_data,
                 GCancellable  *cancellable,
                 GError       **error)
{
  WriteFileData *data = user_data;
  const AttestClaimFilter *f = data->filter;
  gboolean picks_claims = f && (f->status || f->annotator || f->category);

  if (!attest_tei_writer_write (data->store, data->filter, stream, &data->counts,
                                data->progress, data->progress_data, cancellable, error))
    return FALSE;
  if (data->counts.documents == 0)
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_NOT_FOUND,
                   "Nothing to export: the database holds no article");
      return FALSE;
    }
  if (picks_claims && data->counts.claims == 0)
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_NOT_FOUND,
                   "Nothing to export: no claim matches the filter");
      return FALSE;
    }
  return TRUE;
}

/**
 * attest_tei_writer_write_file:
 * @store: an #AttestStore
 * @filter: (nullable): which claims, or %NULL for all
 * @file: the file to write (a local file)
 * @out_counts: (out caller-allocates) (optional): the counts of what was exported
 * @progress: (nullable) (scope call): called as the work progresses
 * @progress_data: data for @progress
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError, or %NULL
 *
 * The same into @file (a local file), which is replaced only once the
 * export succeeded (see attest-output-file.h); an export with no article,
 * or no claim where the filter picks claims, writes nothing and fails
 * with ATTEST_ERROR_NOT_FOUND.
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */
gboolean
attest_tei_writer_write_file (AttestStore             *store,
                              const AttestClaimFilter *filter,
                              GFile                   *file,
                              AttestExportCounts      *out_counts,
                              AttestProgressFunc       progress,
                              gpointer                 progress_data,
                              GCancellable            *cancellable,
                              GError                 **error)
{
  WriteFileData data = { store, filter, { 0 }, progress, progress_data };

  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  if (!attest_export_write_file (store, filter, file, write_to_stream, &data, cancellable, error))
    return FALSE;
  if (out_counts)
    *out_counts = data.counts;
  return TRUE;
}
