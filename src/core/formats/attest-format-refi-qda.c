/* attest-format-refi-qda.c — REFI-QDA project export and import.
 *
 * What it owns: the .qdpx format (see attest-format-refi-qda.h). Export
 * reads through the same store functions as the other writers, inside one
 * read snapshot, writes each article's text into the ZIP as it is read and
 * project.qde last; import checks the whole project (schema first) before
 * attest_exchange_import() writes anything.
 */
#include "config.h"

#include "attest-format-refi-qda.h"

#include <glib/gi18n-lib.h>
#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include <archive.h>
#include <archive_entry.h>
#include <libxml/xmlwriter.h>

#include "attest-category.h"
#include "attest-document.h"
#include "attest-error.h"
#include "attest-source.h"
#include "attest-store-bulk.h"

#define QDA_NAMESPACE "urn:QDA-XML:project:1.0"
/* The time every ZIP entry carries (2019-03-18, the schema's release):
 * a re-export of the same data gives the same bytes. */
#define ENTRY_TIME G_GINT64_CONSTANT (1552867200)

/* ---------------------------------------------------------------------- */
/* Shared                                                                 */
/* ---------------------------------------------------------------------- */

/* A name-based UUID (version 5, RFC 4122) in Attest's own namespace: the
 * same @kind and @name give the same GUID in every export. */
static char *
dup_name_guid (const char *kind,
               const char *name)
{
  static const guint8 attest_namespace[16] = {
    0x5b, 0x0e, 0x7c, 0x1d, 0x94, 0x2a, 0x4f, 0x63, 0xa1, 0x8e, 0x3d, 0x47, 0xc2, 0x19, 0x6f, 0x05,
  };
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA1);
  guint8 d[20];
  gsize len = sizeof d;

  g_checksum_update (sum, attest_namespace, sizeof attest_namespace);
  g_checksum_update (sum, (const guchar *) kind, -1);
  g_checksum_update (sum, (const guchar *) ":", 1);
  g_checksum_update (sum, (const guchar *) name, -1);
  g_checksum_get_digest (sum, d, &len);
  d[6] = (d[6] & 0x0f) | 0x50;
  d[8] = (d[8] & 0x3f) | 0x80;
  return g_strdup_printf ("%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
                          d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7],
                          d[8], d[9], d[10], d[11], d[12], d[13], d[14], d[15]);
}

/* An id of the database as a GUID: itself when it is one (lower case),
 * else one derived from it. */
static char *
dup_guid (const char *kind,
          const char *id)
{
  if (id != NULL && g_uuid_string_is_valid (id))
    return g_ascii_strdown (id, -1);
  return dup_name_guid (kind, id ? id : "");
}

static char *
dup_category_guid (const char *key)
{
  return dup_name_guid ("category", key);
}

/* A source's label as the window shows it, from its row: what a
 * "Source:" line holds, written and read. */
static char *
dup_row_label (const AttestSourceRow *row)
{
  g_autoptr(AttestSource) source = attest_source_new ();

  source->outlet = g_strdup (row->outlet);
  source->place = g_strdup (row->place);
  source->date_text = g_strdup (row->date_text);
  source->title = g_strdup (row->title);
  return attest_source_dup_label (source);
}

static void
append_escaped (GString    *out,
                const char *text)
{
  for (const char *p = text; *p; p++)
    switch (*p)
      {
      case '\\': g_string_append (out, "\\\\"); break;
      case '\n': g_string_append (out, "\\n"); break;
      case '\r': g_string_append (out, "\\r"); break;
      default: g_string_append_c (out, *p);
      }
}

/* ---------------------------------------------------------------------- */
/* Export                                                                 */
/* ---------------------------------------------------------------------- */

typedef struct {
  char      *uuid;
  gint64     start;
  gint64     end;
  char      *category;
  char      *annotator_uuid;
  char      *created;
  char      *modified;
  char      *status;
  char      *certainty;
  char      *comment;
  GPtrArray *sources;   /* labels, sorted */
} QdaClaim;

typedef struct {
  char      *guid;
  char      *name;
  GPtrArray *claims;    /* QdaClaim */
} QdaSource;

typedef struct {
  AttestStore             *store;
  const AttestClaimFilter *filter;
  GCancellable            *cancellable;
  AttestProgressFunc       progress;
  gpointer                 progress_data;
  struct archive          *zip;
  GOutputStream           *stream;
  GError                  *stream_error;
  GHashTable              *outside;  /* uuid → label, for the whole export */
  GHashTable              *local;    /* uuid → label, of the current document */
  GHashTable              *users;    /* annotator uuid → name */
  GPtrArray               *sources;  /* QdaSource */
  AttestExportCounts       counts;
} QdaWriter;

static void
qda_claim_free (QdaClaim *c)
{
  g_free (c->uuid);
  g_free (c->category);
  g_free (c->annotator_uuid);
  g_free (c->created);
  g_free (c->modified);
  g_free (c->status);
  g_free (c->certainty);
  g_free (c->comment);
  g_ptr_array_unref (c->sources);
  g_free (c);
}

static void
qda_source_free (QdaSource *s)
{
  g_free (s->guid);
  g_free (s->name);
  g_ptr_array_unref (s->claims);
  g_free (s);
}

static la_ssize_t
zip_write (struct archive *a,
           void           *user_data,
           const void     *buffer,
           size_t          length)
{
  QdaWriter *self = user_data;
  gsize written = 0;

  if (self->stream_error != NULL)
    return -1;
  if (!g_output_stream_write_all (self->stream, buffer, length, &written, self->cancellable, &self->stream_error))
    {
      archive_set_error (a, EIO, "%s", self->stream_error->message);
      return -1;
    }
  return (la_ssize_t) length;
}

static gboolean
zip_failed (QdaWriter  *self,
            GError    **error)
{
  if (self->stream_error != NULL)
    g_propagate_error (error, g_steal_pointer (&self->stream_error));
  else
    g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_IO, _("The REFI-QDA project could not be written: %s"),
                 archive_error_string (self->zip) ? archive_error_string (self->zip) : "libarchive");
  return FALSE;
}

static gboolean
add_entry (QdaWriter   *self,
           const char  *path,
           const char  *data,
           gsize        length,
           GError     **error)
{
  struct archive_entry *entry = archive_entry_new ();
  gsize done = 0;
  gboolean ok = TRUE;

  archive_entry_set_pathname_utf8 (entry, path);
  archive_entry_set_filetype (entry, AE_IFREG);
  archive_entry_set_perm (entry, 0644);
  archive_entry_set_size (entry, length);
  archive_entry_set_mtime (entry, ENTRY_TIME, 0);
  if (archive_write_header (self->zip, entry) != ARCHIVE_OK)
    ok = zip_failed (self, error);
  while (ok && done < length)
    {
      la_ssize_t n = archive_write_data (self->zip, data + done, length - done);

      if (n <= 0)
        ok = zip_failed (self, error);
      else
        done += n;
    }
  archive_entry_free (entry);
  return ok;
}

static gboolean
remember_label (const AttestSourceRow *row,
                gpointer               user_data,
                GError               **error)
{
  g_hash_table_insert (user_data, g_strdup (row->uuid), dup_row_label (row));
  return TRUE;
}

static int
compare_labels (gconstpointer a,
                gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* Text order, the longer first, then by uuid: the uuid travels. */
static int
compare_claims (gconstpointer a,
                gconstpointer b)
{
  const QdaClaim *x = *(QdaClaim * const *) a;
  const QdaClaim *y = *(QdaClaim * const *) b;

  if (x->start != y->start)
    return x->start < y->start ? -1 : 1;
  if (x->end != y->end)
    return x->end > y->end ? -1 : 1;
  return strcmp (x->uuid, y->uuid);
}

/* What a TextSource is called: the title, as a file name would not need. */
static char *
dup_source_name (AttestDocument *doc)
{
  if (doc->title != NULL && *doc->title)
    return g_strdup (doc->title);
  if (doc->publication != NULL && *doc->publication)
    return doc->issue ? g_strdup_printf ("%s %s", doc->publication, doc->issue) : g_strdup (doc->publication);
  if (doc->origin != NULL && *doc->origin)
    return g_strdup (doc->origin);
  return g_strdup ("article");
}

/* ISO 8601 UTC as xsd:dateTime wants it, or NULL for a malformed one. */
static char *
dup_date_time (const char *text)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) t = text ? g_date_time_new_from_iso8601 (text, utc) : NULL;
  g_autoptr(GDateTime) u = t ? g_date_time_to_utc (t) : NULL;

  return u ? g_date_time_format (u, "%Y-%m-%dT%H:%M:%SZ") : NULL;
}

static gboolean
write_document (AttestDocument *doc,
                guint           index,
                guint           total,
                gpointer        user_data,
                GError        **error)
{
  QdaWriter *self = user_data;
  g_autoptr(AttestClaimBatch) batch = NULL;
  g_autofree char *path = NULL;
  QdaSource *source;

  if (g_cancellable_set_error_if_cancelled (self->cancellable, error))
    return FALSE;

  g_hash_table_remove_all (self->local);
  if (!attest_store_foreach_source (self->store, doc->id, NULL, remember_label, self->local, error) ||
      !(batch = attest_store_collect_claims (self->store, doc->id, self->filter, error)))
    return FALSE;

  source = g_new0 (QdaSource, 1);
  source->guid = dup_guid ("document", doc->uuid);
  source->name = dup_source_name (doc);
  source->claims = g_ptr_array_new_with_free_func ((GDestroyNotify) qda_claim_free);
  g_ptr_array_add (self->sources, source);

  for (guint i = 0; i < batch->claims->len; i++)
    {
      const AttestClaimRow *row = &g_array_index (batch->claims, AttestClaimRow, i);
      QdaClaim *c = g_new0 (QdaClaim, 1);

      c->uuid = dup_guid ("claim", row->uuid);
      c->start = row->start;
      c->end = row->end;
      c->category = g_strdup (row->category);
      c->annotator_uuid = row->annotator_uuid ? dup_guid ("annotator", row->annotator_uuid) : NULL;
      c->created = dup_date_time (row->created);
      c->modified = dup_date_time (row->modified);
      c->status = g_strdup (row->status);
      c->certainty = g_strdup (row->certainty);
      c->comment = row->comment && *row->comment ? g_strdup (row->comment) : NULL;
      c->sources = g_ptr_array_new_with_free_func (g_free);
      for (guint k = 0; k < row->n_links; k++)
        {
          const char *label = g_hash_table_lookup (self->local, row->links[k].source_uuid);

          if (label == NULL)
            label = g_hash_table_lookup (self->outside, row->links[k].source_uuid);
          if (label != NULL)
            g_ptr_array_add (c->sources, g_strdup (label));
        }
      /* By label: source ids do not travel, an import finds them by label. */
      g_ptr_array_sort (c->sources, compare_labels);
      if (c->annotator_uuid != NULL)
        g_hash_table_insert (self->users, g_strdup (c->annotator_uuid), g_strdup (row->annotator));
      g_ptr_array_add (source->claims, c);
    }
  g_ptr_array_sort (source->claims, compare_claims);

  path = g_strdup_printf ("sources/%s.txt", source->guid);
  if (!add_entry (self, path, doc->text, strlen (doc->text), error))
    return FALSE;

  self->counts.documents++;
  self->counts.claims += batch->claims->len;
  if (self->progress)
    self->progress (index + 1, total, self->progress_data);
  return TRUE;
}

/* xmlTextWriter calls report failure with a negative number. */
#define W(call) do { if ((call) < 0) goto failed; } while (0)

static int
write_codes (xmlTextWriter *w,
             GPtrArray     *taxonomy,
             const char    *parent,
             GHashTable    *keys)
{
  gboolean any = FALSE;

  for (guint i = 0; i < taxonomy->len; i++)
    {
      AttestCategory *c = g_ptr_array_index (taxonomy, i);
      const char *up = c->parent_key && g_hash_table_contains (keys, c->parent_key) &&
                       g_strcmp0 (c->parent_key, c->key) != 0 ? c->parent_key : NULL;
      g_autofree char *guid = NULL;

      if (g_strcmp0 (up, parent) != 0)
        continue;
      if (!any && parent == NULL)
        W (xmlTextWriterStartElement (w, BAD_CAST "Codes"));
      any = TRUE;
      guid = dup_category_guid (c->key);
      W (xmlTextWriterStartElement (w, BAD_CAST "Code"));
      W (xmlTextWriterWriteAttribute (w, BAD_CAST "guid", BAD_CAST guid));
      W (xmlTextWriterWriteAttribute (w, BAD_CAST "name", BAD_CAST c->label));
      W (xmlTextWriterWriteAttribute (w, BAD_CAST "isCodable", BAD_CAST (c->retired ? "false" : "true")));
      if (attest_category_color_is_valid (c->color))
        W (xmlTextWriterWriteAttribute (w, BAD_CAST "color", BAD_CAST c->color));
      if (c->description != NULL && *c->description)
        W (xmlTextWriterWriteElement (w, BAD_CAST "Description", BAD_CAST c->description));
      /* Keys nest without cycles (attest_rules), and depth is small. */
      W (write_codes (w, taxonomy, c->key, keys));
      W (xmlTextWriterEndElement (w));
    }
  if (any && parent == NULL)
    W (xmlTextWriterEndElement (w));
  return 0;

failed:
  return -1;
}

static int
compare_users (gconstpointer a,
               gconstpointer b,
               gpointer      data)
{
  GHashTable *users = data;
  const char *x = *(const char * const *) a;
  const char *y = *(const char * const *) b;
  int c = g_strcmp0 (g_hash_table_lookup (users, x), g_hash_table_lookup (users, y));

  return c != 0 ? c : strcmp (x, y);
}

static char *
dup_description (QdaClaim *c)
{
  g_autoptr(GString) text = g_string_new (NULL);

  g_string_append_printf (text, "Status: %s", c->status);
  if (c->certainty != NULL)
    g_string_append_printf (text, "\nCertainty: %s", c->certainty);
  for (guint k = 0; k < c->sources->len; k++)
    {
      g_string_append (text, "\nSource: ");
      append_escaped (text, g_ptr_array_index (c->sources, k));
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static int
write_selection (xmlTextWriter *w,
                 QdaClaim      *c)
{
  g_autofree char *description = dup_description (c);
  g_autofree char *code = dup_category_guid (c->category);
  g_autofree char *coding = dup_name_guid ("coding", c->uuid);
  g_autofree char *note = dup_name_guid ("comment", c->uuid);

  W (xmlTextWriterStartElement (w, BAD_CAST "PlainTextSelection"));
  W (xmlTextWriterWriteAttribute (w, BAD_CAST "guid", BAD_CAST c->uuid));
  W (xmlTextWriterWriteFormatAttribute (w, BAD_CAST "startPosition", "%" G_GINT64_FORMAT, c->start));
  W (xmlTextWriterWriteFormatAttribute (w, BAD_CAST "endPosition", "%" G_GINT64_FORMAT, c->end));
  if (c->annotator_uuid)
    W (xmlTextWriterWriteAttribute (w, BAD_CAST "creatingUser", BAD_CAST c->annotator_uuid));
  if (c->created)
    W (xmlTextWriterWriteAttribute (w, BAD_CAST "creationDateTime", BAD_CAST c->created));
  if (c->annotator_uuid)
    W (xmlTextWriterWriteAttribute (w, BAD_CAST "modifyingUser", BAD_CAST c->annotator_uuid));
  if (c->modified)
    W (xmlTextWriterWriteAttribute (w, BAD_CAST "modifiedDateTime", BAD_CAST c->modified));
  W (xmlTextWriterWriteElement (w, BAD_CAST "Description", BAD_CAST description));
  W (xmlTextWriterStartElement (w, BAD_CAST "Coding"));
  W (xmlTextWriterWriteAttribute (w, BAD_CAST "guid", BAD_CAST coding));
  if (c->annotator_uuid)
    W (xmlTextWriterWriteAttribute (w, BAD_CAST "creatingUser", BAD_CAST c->annotator_uuid));
  if (c->created)
    W (xmlTextWriterWriteAttribute (w, BAD_CAST "creationDateTime", BAD_CAST c->created));
  W (xmlTextWriterStartElement (w, BAD_CAST "CodeRef"));
  W (xmlTextWriterWriteAttribute (w, BAD_CAST "targetGUID", BAD_CAST code));
  W (xmlTextWriterEndElement (w));
  W (xmlTextWriterEndElement (w));
  if (c->comment)
    {
      W (xmlTextWriterStartElement (w, BAD_CAST "NoteRef"));
      W (xmlTextWriterWriteAttribute (w, BAD_CAST "targetGUID", BAD_CAST note));
      W (xmlTextWriterEndElement (w));
    }
  W (xmlTextWriterEndElement (w));
  return 0;

failed:
  return -1;
}

static int
write_note (xmlTextWriter *w,
            QdaClaim      *c)
{
  g_autofree char *note = dup_name_guid ("comment", c->uuid);

  W (xmlTextWriterStartElement (w, BAD_CAST "Note"));
  W (xmlTextWriterWriteAttribute (w, BAD_CAST "guid", BAD_CAST note));
  W (xmlTextWriterWriteAttribute (w, BAD_CAST "name", BAD_CAST "Comment"));
  if (c->annotator_uuid)
    W (xmlTextWriterWriteAttribute (w, BAD_CAST "creatingUser", BAD_CAST c->annotator_uuid));
  if (c->modified)
    W (xmlTextWriterWriteAttribute (w, BAD_CAST "creationDateTime", BAD_CAST c->modified));
  W (xmlTextWriterWriteElement (w, BAD_CAST "PlainTextContent", BAD_CAST c->comment));
  W (xmlTextWriterEndElement (w));
  return 0;

failed:
  return -1;
}

static int
write_project (QdaWriter     *self,
               xmlTextWriter *w,
               GPtrArray     *taxonomy)
{
  g_autoptr(GPtrArray) users = g_ptr_array_new ();
  g_autoptr(GHashTable) keys = g_hash_table_new (g_str_hash, g_str_equal);
  gboolean any_note = FALSE;
  GHashTableIter iter;
  gpointer guid;

  g_hash_table_iter_init (&iter, self->users);
  while (g_hash_table_iter_next (&iter, &guid, NULL))
    g_ptr_array_add (users, guid);

  for (guint i = 0; i < taxonomy->len; i++)
    g_hash_table_add (keys, ((AttestCategory *) g_ptr_array_index (taxonomy, i))->key);
  g_ptr_array_sort_with_data (users, compare_users, self->users);

  W (xmlTextWriterSetIndent (w, 1));
  W (xmlTextWriterSetIndentString (w, BAD_CAST "  "));
  W (xmlTextWriterStartDocument (w, NULL, "UTF-8", NULL));
  W (xmlTextWriterStartElementNS (w, NULL, BAD_CAST "Project", BAD_CAST QDA_NAMESPACE));
  W (xmlTextWriterWriteAttribute (w, BAD_CAST "name", BAD_CAST "Attest"));
  W (xmlTextWriterWriteAttribute (w, BAD_CAST "origin", BAD_CAST "Attest " PACKAGE_VERSION));

  if (users->len > 0)
    {
      W (xmlTextWriterStartElement (w, BAD_CAST "Users"));
      for (guint i = 0; i < users->len; i++)
        {
          const char *guid = g_ptr_array_index (users, i);
          const char *name = g_hash_table_lookup (self->users, guid);

          W (xmlTextWriterStartElement (w, BAD_CAST "User"));
          W (xmlTextWriterWriteAttribute (w, BAD_CAST "guid", BAD_CAST guid));
          if (name != NULL)
            W (xmlTextWriterWriteAttribute (w, BAD_CAST "name", BAD_CAST name));
          W (xmlTextWriterEndElement (w));
        }
      W (xmlTextWriterEndElement (w));
    }

  if (taxonomy->len > 0)
    {
      W (xmlTextWriterStartElement (w, BAD_CAST "CodeBook"));
      W (write_codes (w, taxonomy, NULL, keys));
      W (xmlTextWriterEndElement (w));
    }

  W (xmlTextWriterStartElement (w, BAD_CAST "Sources"));
  for (guint i = 0; i < self->sources->len; i++)
    {
      QdaSource *s = g_ptr_array_index (self->sources, i);
      g_autofree char *path = g_strdup_printf ("internal://%s.txt", s->guid);

      W (xmlTextWriterStartElement (w, BAD_CAST "TextSource"));
      W (xmlTextWriterWriteAttribute (w, BAD_CAST "guid", BAD_CAST s->guid));
      W (xmlTextWriterWriteAttribute (w, BAD_CAST "name", BAD_CAST s->name));
      W (xmlTextWriterWriteAttribute (w, BAD_CAST "plainTextPath", BAD_CAST path));
      for (guint k = 0; k < s->claims->len; k++)
        {
          QdaClaim *c = g_ptr_array_index (s->claims, k);

          W (write_selection (w, c));
          any_note |= c->comment != NULL;
        }
      W (xmlTextWriterEndElement (w));
    }
  W (xmlTextWriterEndElement (w));

  if (any_note)
    {
      W (xmlTextWriterStartElement (w, BAD_CAST "Notes"));
      for (guint i = 0; i < self->sources->len; i++)
        {
          QdaSource *s = g_ptr_array_index (self->sources, i);

          for (guint k = 0; k < s->claims->len; k++)
            if (((QdaClaim *) g_ptr_array_index (s->claims, k))->comment)
              W (write_note (w, g_ptr_array_index (s->claims, k)));
        }
      W (xmlTextWriterEndElement (w));
    }

  W (xmlTextWriterEndElement (w));
  W (xmlTextWriterEndDocument (w));
  return 0;

failed:
  return -1;
}

#undef W

static gboolean
write_all (AttestStore *store,
           gpointer     user_data,
           GError     **error)
{
  QdaWriter *self = user_data;
  g_autoptr(GPtrArray) taxonomy = NULL;
  xmlBuffer *buffer = NULL;
  xmlTextWriter *w = NULL;
  gboolean ok;

  if (!attest_store_foreach_source (store, 0, NULL, remember_label, self->outside, error) ||
      !(taxonomy = attest_store_list_taxonomy (store, error)) ||
      !attest_store_foreach_document (store, self->filter, write_document, self, error))
    return FALSE;
  if (self->counts.documents == 0)
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_NOT_FOUND,
                   _("Nothing to export: the database holds no article"));
      return FALSE;
    }

  buffer = xmlBufferCreate ();
  w = buffer ? xmlNewTextWriterMemory (buffer, 0) : NULL;
  ok = w != NULL && write_project (self, w, taxonomy) == 0;
  if (w != NULL)
    xmlFreeTextWriter (w);  /* flushes into the buffer */
  if (!ok)
    g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_FAILED, _("The REFI-QDA project could not be written"));
  else
    ok = add_entry (self, "project.qde", (const char *) xmlBufferContent (buffer), xmlBufferLength (buffer), error);
  if (buffer != NULL)
    xmlBufferFree (buffer);
  return ok;
}

static gboolean
write_stream (GOutputStream *stream,
              gpointer       user_data,
              GCancellable  *cancellable,
              GError       **error)
{
  QdaWriter *self = user_data;
  gboolean ok;

  self->stream = stream;
  self->zip = archive_write_new ();
  if (archive_write_set_format_zip (self->zip) != ARCHIVE_OK ||
      archive_write_zip_set_compression_deflate (self->zip) != ARCHIVE_OK ||
      archive_write_set_bytes_in_last_block (self->zip, 1) != ARCHIVE_OK ||
      archive_write_open (self->zip, self, NULL, zip_write, NULL) != ARCHIVE_OK)
    ok = zip_failed (self, error);
  else
    ok = attest_store_read_snapshot (self->store, write_all, self, error);
  /* The central directory is written on close. */
  if (archive_write_close (self->zip) != ARCHIVE_OK && ok)
    ok = zip_failed (self, error);
  archive_write_free (self->zip);
  self->zip = NULL;
  g_clear_error (&self->stream_error);
  return ok;
}

/**
 * attest_refi_qda_export:
 * @store: an #AttestStore
 * @filter: (nullable): which claims, or %NULL for all
 * @file: the .qdpx to write (replaced whole, or left as it was on error)
 * @out_counts: (out caller-allocates) (optional): what was exported
 * @progress: (nullable) (scope call): called after each article
 * @progress_data: data for @progress
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError, or %NULL
 *
 * Every article the filter's document allows is written with the claims
 * that match the filter, and the whole taxonomy as the code book.
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */
gboolean
attest_refi_qda_export (AttestStore             *store,
                        const AttestClaimFilter *filter,
                        GFile                   *file,
                        AttestExportCounts      *out_counts,
                        AttestProgressFunc       progress,
                        gpointer                 progress_data,
                        GCancellable            *cancellable,
                        GError                 **error)
{
  QdaWriter self = {
    .store = store,
    .filter = filter,
    .cancellable = cancellable,
    .progress = progress,
    .progress_data = progress_data,
  };
  gboolean ok;

  g_return_val_if_fail (ATTEST_IS_STORE (store), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  self.outside = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self.local = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self.users = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self.sources = g_ptr_array_new_with_free_func ((GDestroyNotify) qda_source_free);

  ok = attest_export_write_file (store, filter, file, write_stream, &self, cancellable, error);

  g_hash_table_unref (self.outside);
  g_hash_table_unref (self.local);
  g_hash_table_unref (self.users);
  g_ptr_array_unref (self.sources);
  if (ok && out_counts)
    *out_counts = self.counts;
  return ok;
}

gboolean
attest_refi_qda_import (AttestStore        *store,
                        GFile              *file,
                        AttestImportCounts *out_counts,
                        guint              *out_skipped,
                        GCancellable       *cancellable,
                        GError            **error)
{
  g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_FAILED, "TODO");
  return FALSE;
}
