/* attest-table-writer.c — claims as CSV (RFC 4180) and JSON Lines.
 *
 * What it owns: the two tabular formats (see attest-table-writer.h for
 * their columns). Rows come from the store's export functions one
 * document at a time inside a read snapshot, and leave through a
 * GOutputStream in blocks, so memory stays flat.
 */
#include "config.h"

#include "attest-table-writer.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "attest-error.h"
#include "attest-output-file.h"
#include "attest-store-bulk.h"

#define FLUSH_AT (64 * 1024)

typedef struct {
  AttestStore             *store;
  AttestTableFormat        format;
  const AttestClaimFilter *filter;
  GOutputStream           *stream;
  GCancellable            *cancellable;
  AttestProgressFunc       progress;
  gpointer                 progress_data;

  GHashTable              *outside;    /* uuid → AttestSource, for the whole export */
  GHashTable              *local;      /* uuid → AttestSource, of the current document */
  GString                 *out;
  JsonGenerator           *generator;
  GError                  *stream_error;
  AttestExportCounts       counts;
} TableWriter;

static const char *csv_columns[] = {
  "claim", "document", "document_title", "start", "end", "quote", "category", "annotator",
  "status", "certainty", "comment", "created", "modified", "sources", "source_uuids",
};

static gboolean
flush (TableWriter *self,
       GError     **error)
{
  if (self->out->len == 0)
    return TRUE;
  if (!g_output_stream_write_all (self->stream, self->out->str, self->out->len, NULL,
                                  self->cancellable, &self->stream_error))
    {
      attest_output_file_propagate_error (error, g_steal_pointer (&self->stream_error), NULL);
      return FALSE;
    }
  g_string_truncate (self->out, 0);
  return TRUE;
}

/* RFC 4180: a field with a comma, a double quote, CR or LF is quoted, and
 * a double quote inside it is doubled. NULL is an empty field. */
static void
csv_field (GString    *out,
           const char *value,
           gboolean    first)
{
  if (!first)
    g_string_append_c (out, ',');
  if (value == NULL)
    return;
  if (strpbrk (value, ",\"\r\n") == NULL)
    {
      g_string_append (out, value);
      return;
    }
  g_string_append_c (out, '"');
  for (const char *p = value; *p; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

static AttestSource *
source_from_row (const AttestSourceRow *row)
{
  AttestSource *source = attest_source_new ();

  source->uuid = g_strdup (row->uuid);
  source->outlet = g_strdup (row->outlet);
  source->place = g_strdup (row->place);
  source->date_text = g_strdup (row->date_text);
  source->when = g_strdup (row->when);
  source->url = g_strdup (row->url);
  source->title = g_strdup (row->title);
  source->reliability = g_strdup (row->reliability);
  return source;
}

static gboolean
remember_source (const AttestSourceRow *row,
                 gpointer               user_data,
                 GError               **error)
{
  GHashTable *sources = user_data;

  g_hash_table_insert (sources, g_strdup (row->uuid), source_from_row (row));
  return TRUE;
}

static AttestSource *
lookup_source (TableWriter *self,
               const char  *uuid)
{
  AttestSource *source = g_hash_table_lookup (self->local, uuid);

  return source ? source : g_hash_table_lookup (self->outside, uuid);
}

static void
write_csv_row (TableWriter          *self,
               AttestDocument       *doc,
               const AttestClaimRow *c)
{
  g_autoptr(GString) labels = g_string_new (NULL);
  g_autoptr(GString) uuids = g_string_new (NULL);
  char start[32];
  char end[32];

  g_snprintf (start, sizeof start, "%" G_GINT64_FORMAT, c->start);
  g_snprintf (end, sizeof end, "%" G_GINT64_FORMAT, c->end);
  for (guint i = 0; i < c->n_links; i++)
    {
      AttestSource *source = lookup_source (self, c->links[i].source_uuid);
      g_autofree char *label = source ? attest_source_dup_label (source) : NULL;

      g_string_append_printf (labels, "%s%s", i ? "; " : "", label ? label : "");
      g_string_append_printf (uuids, "%s%s", i ? " " : "", c->links[i].source_uuid);
    }

  csv_field (self->out, c->uuid, TRUE);
  csv_field (self->out, doc->uuid, FALSE);
  csv_field (self->out, doc->title, FALSE);
  csv_field (self->out, start, FALSE);
  csv_field (self->out, end, FALSE);
  csv_field (self->out, c->quote, FALSE);
  csv_field (self->out, c->category, FALSE);
  csv_field (self->out, c->annotator, FALSE);
  csv_field (self->out, c->status, FALSE);
  csv_field (self->out, c->certainty, FALSE);
  csv_field (self->out, c->comment, FALSE);
  csv_field (self->out, c->created, FALSE);
  csv_field (self->out, c->modified, FALSE);
  csv_field (self->out, labels->str, FALSE);
  csv_field (self->out, uuids->str, FALSE);
  g_string_append (self->out, "\r\n");
}

static void
add_string (JsonBuilder *b,
            const char  *name,
            const char  *value)
{
  json_builder_set_member_name (b, name);
  if (value != NULL)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

static void
add_int (JsonBuilder *b,
         const char  *name,
         gint64       value)
{
  json_builder_set_member_name (b, name);
  json_builder_add_int_value (b, value);
}

static void
write_json_row (TableWriter          *self,
                AttestDocument       *doc,
                const AttestClaimRow *c)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *line = NULL;

  json_builder_begin_object (b);
  add_string (b, "claim", c->uuid);
  add_string (b, "document", doc->uuid);
  add_string (b, "document_title", doc->title);
  add_int (b, "start", c->start);
  add_int (b, "end", c->end);
  add_string (b, "quote", c->quote);
  add_string (b, "category", c->category);
  add_string (b, "annotator", c->annotator);
  add_string (b, "status", c->status);
  add_string (b, "certainty", c->certainty);
  add_string (b, "comment", c->comment);
  add_string (b, "created", c->created);
  add_string (b, "modified", c->modified);
  json_builder_set_member_name (b, "sources");
  json_builder_begin_array (b);
  for (guint i = 0; i < c->n_links; i++)
    {
      AttestSource *source = lookup_source (self, c->links[i].source_uuid);
      g_autofree char *label = source ? attest_source_dup_label (source) : NULL;

      json_builder_begin_object (b);
      add_string (b, "uuid", c->links[i].source_uuid);
      add_string (b, "label", label);
      add_string (b, "outlet", source ? source->outlet : NULL);
      add_string (b, "place", source ? source->place : NULL);
      add_string (b, "date", source ? source->date_text : NULL);
      add_string (b, "when", source ? source->when : NULL);
      add_string (b, "url", source ? source->url : NULL);
      add_string (b, "title", source ? source->title : NULL);
      add_string (b, "reliability", source ? source->reliability : NULL);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);

  root = json_builder_get_root (b);
  json_generator_set_root (self->generator, root);
  line = json_generator_to_data (self->generator, NULL);
  g_string_append (self->out, line);
  g_string_append_c (self->out, '\n');
}

static gboolean
write_document (AttestDocument *doc,
                guint           index,
                guint           total,
                gpointer        user_data,
                GError        **error)
{
  TableWriter *self = user_data;
  g_autoptr(AttestClaimBatch) batch = NULL;

  if (g_cancellable_set_error_if_cancelled (self->cancellable, error))
    return FALSE;

  g_hash_table_remove_all (self->local);
  if (!attest_store_foreach_source (self->store, doc->id, NULL, remember_source, self->local, error) ||
      !(batch = attest_store_collect_claims (self->store, doc->id, self->filter, error)))
    return FALSE;

  for (guint i = 0; i < batch->claims->len; i++)
    {
      const AttestClaimRow *c = &g_array_index (batch->claims, AttestClaimRow, i);

      if (self->format == ATTEST_TABLE_FORMAT_CSV)
        write_csv_row (self, doc, c);
      else
        write_json_row (self, doc, c);
      if (self->out->len > FLUSH_AT && !flush (self, error))
        return FALSE;
    }

  self->counts.documents++;
  self->counts.claims += batch->claims->len;
  if (self->progress)
    self->progress (index + 1, total, self->progress_data);
  return TRUE;
}

static gboolean
write_all (AttestStore *store,
           gpointer     user_data,
           GError     **error)
{
  TableWriter *self = user_data;

  if (self->format == ATTEST_TABLE_FORMAT_CSV)
    {
      for (guint i = 0; i < G_N_ELEMENTS (csv_columns); i++)
        csv_field (self->out, csv_columns[i], i == 0);
      g_string_append (self->out, "\r\n");
    }

  /* Every outside source, so a claim's links resolve whatever the filter. */
  if (!attest_store_foreach_source (store, 0, NULL, remember_source, self->outside, error) ||
      !attest_store_foreach_document (store, self->filter, write_document, self, error))
    return FALSE;
  return flush (self, error);
}

/**
 * attest_table_writer_write:
 * @store: an #AttestStore
 * @format: CSV or JSON Lines
 * @filter: (nullable): which claims, or %NULL for all
 * @stream: where the export goes
 * @out_counts: (out caller-allocates) (optional): the counts of what was exported
 * @progress: (nullable) (scope call): called as the work progresses
 * @progress_data: data for @progress
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError, or %NULL
 *
 * Errors as for attest_tei_writer_write(); @stream is not closed.
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */
gboolean
attest_table_writer_write (AttestStore             *store,
                           AttestTableFormat        format,
                           const AttestClaimFilter *filter,
                           GOutputStream           *stream,
                           AttestExportCounts      *out_counts,
                           AttestProgressFunc       progress,
                           gpointer                 progress_data,
                           GCancellable            *cancellable,
                           GError                 **error)
{
  TableWriter self = {
    .store = store,
    .format = format,
    .filter = filter,
    .stream = stream,
    .cancellable = cancellable,
    .progress = progress,
    .progress_data = progress_data,
  };
  gboolean ok;

  g_return_val_if_fail (ATTEST_IS_STORE (store), FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), FALSE);
  g_return_val_if_fail (format == ATTEST_TABLE_FORMAT_CSV || format == ATTEST_TABLE_FORMAT_JSONL, FALSE);

  if (!attest_store_check_filter (store, filter, NULL, error))
    return FALSE;

  self.outside = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self.local = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self.out = g_string_sized_new (FLUSH_AT + 4096);
  self.generator = json_generator_new ();

  ok = attest_store_read_snapshot (store, write_all, &self, error);

  g_hash_table_unref (self.outside);
  g_hash_table_unref (self.local);
  g_string_free (self.out, TRUE);
  g_object_unref (self.generator);
  if (ok && out_counts)
    *out_counts = self.counts;
  return ok;
}

typedef struct {
  AttestStore             *store;
  AttestTableFormat        format;
  const AttestClaimFilter *filter;
  AttestExportCounts       counts;
  AttestProgressFunc       progress;
  gpointer                 progress_data;
} WriteFileData;

/* A table without a claim writes no file. */
static gboolean
write_to_stream (GOutputStream *stream,
                 gpointer       user_data,
                 GCancellable  *cancellable,
                 GError       **error)
{
  WriteFileData *data = user_data;

  if (!attest_table_writer_write (data->store, data->format, data->filter, stream,
                                  &data->counts, data->progress, data->progress_data,
                                  cancellable, error))
    return FALSE;
  if (data->counts.claims == 0)
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_NOT_FOUND,
                   data->filter && (data->filter->document || data->filter->status ||
                                    data->filter->annotator || data->filter->category)
                   ? "Nothing to export: no claim matches the filter"
                   : "Nothing to export: the database holds no claim");
      return FALSE;
    }
  return TRUE;
}

/**
 * attest_table_writer_write_file:
 * @store: an #AttestStore
 * @format: CSV or JSON Lines
 * @filter: (nullable): which claims, or %NULL for all
 * @file: the file to write (a local file)
 * @out_counts: (out caller-allocates) (optional): the counts of what was exported
 * @progress: (nullable) (scope call): called as the work progresses
 * @progress_data: data for @progress
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError, or %NULL
 *
 * The same into @file, which is replaced only once the export succeeded.
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */
gboolean
attest_table_writer_write_file (AttestStore             *store,
                                AttestTableFormat        format,
                                const AttestClaimFilter *filter,
                                GFile                   *file,
                                AttestExportCounts      *out_counts,
                                AttestProgressFunc       progress,
                                gpointer                 progress_data,
                                GCancellable            *cancellable,
                                GError                 **error)
{
  WriteFileData data = { store, format, filter, { 0 }, progress, progress_data };

  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  if (!attest_export_write_file (store, filter, file, write_to_stream, &data, cancellable, error))
    return FALSE;
  if (out_counts)
    *out_counts = data.counts;
  return TRUE;
}
