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

#include <libxml/parser.h>
#include <libxml/xmlschemas.h>

#include "attest-text-index.h"
#include "attest-article-reader.h"
#include "attest-category.h"
#include "attest-claim.h"
#include "attest-document.h"
#include "attest-error.h"
#include "attest-exchange-import.h"
#include "attest-markup-text.h"
#include "attest-rules.h"
#include "attest-source.h"
#include "attest-store-bulk.h"
#include "attest-zip.h"

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
  char      *user;      /* the annotator's User guid */
  char      *created;
  char      *modified;
  char      *status;
  char      *certainty;
  char      *comment;
  GPtrArray *sources;   /* labels, sorted */
  GPtrArray *details;   /* the same sources' ids and fields, as JSON */
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
  GHashTable              *outside;  /* uuid → AttestExchangeSource, for the whole export */
  GHashTable              *local;    /* uuid → AttestExchangeSource, of the current document */
  GHashTable              *users;    /* User guid → annotator name */
  GPtrArray               *sources;  /* QdaSource */
  AttestExportCounts       counts;
} QdaWriter;

static void
qda_claim_free (QdaClaim *c)
{
  g_free (c->uuid);
  g_free (c->category);
  g_free (c->user);
  g_free (c->created);
  g_free (c->modified);
  g_free (c->status);
  g_free (c->certainty);
  g_free (c->comment);
  g_ptr_array_unref (c->sources);
  g_ptr_array_unref (c->details);
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
  if (!attest_exchange_collect_sources (self->store, doc->id, self->local, error) ||
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
      g_autoptr(GPtrArray) sources = NULL;
      QdaClaim *c = g_new0 (QdaClaim, 1);

      c->uuid = dup_guid ("claim", row->uuid);
      c->start = row->start;
      c->end = row->end;
      c->category = g_strdup (row->category);
      /* From the name, not the annotator's uuid: imports match annotators
       * by name and give a new one a new uuid, so only this survives a
       * round trip. */
      c->user = row->annotator ? dup_name_guid ("annotator", row->annotator) : NULL;
      c->created = dup_date_time (row->created);
      c->modified = dup_date_time (row->modified);
      c->status = g_strdup (row->status);
      c->certainty = g_strdup (row->certainty);
      c->comment = row->comment && *row->comment ? g_strdup (row->comment) : NULL;
      /* The label, which other tools show, and the id and fields, which
       * tell two sources of one label apart. */
      sources = attest_exchange_link_sources (row, self->local, self->outside);
      c->sources = g_ptr_array_new_with_free_func (g_free);
      c->details = g_ptr_array_new_with_free_func (g_free);
      for (guint k = 0; k < sources->len; k++)
        {
          const AttestExchangeSource *s = g_ptr_array_index (sources, k);

          g_ptr_array_add (c->sources, g_strdup (s->label));
          g_ptr_array_add (c->details, attest_exchange_source_to_json (s));
        }
      if (c->user != NULL)
        g_hash_table_insert (self->users, g_strdup (c->user), g_strdup (row->annotator));
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

/* What XML 1.0 can hold: a control character (but tab, line feed and
 * carriage return), which a comment may have, becomes U+FFFD, so that the
 * file stays well-formed. */
static char *
dup_xml_safe (const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text, -1);
  GString *out = g_string_sized_new (strlen (valid));

  for (const char *p = valid; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) ||
          (c >= 0xE000 && c <= 0xFFFD) || c >= 0x10000)
        g_string_append_len (out, p, g_utf8_next_char (p) - p);
      else
        g_string_append_unichar (out, 0xFFFD);
    }
  return g_string_free (out, FALSE);
}

static int
write_attribute (xmlTextWriter *w,
                 const char    *name,
                 const char    *value)
{
  g_autofree char *safe = dup_xml_safe (value);

  return xmlTextWriterWriteAttribute (w, BAD_CAST name, BAD_CAST safe);
}

static int
write_element (xmlTextWriter *w,
               const char    *name,
               const char    *value)
{
  g_autofree char *safe = dup_xml_safe (value);

  return xmlTextWriterWriteElement (w, BAD_CAST name, BAD_CAST safe);
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
      W (write_attribute (w, "guid", guid));
      W (write_attribute (w, "name", c->label));
      W (write_attribute (w, "isCodable", (c->retired ? "false" : "true")));
      if (attest_category_color_is_valid (c->color))
        W (write_attribute (w, "color", c->color));
      if (c->description != NULL && *c->description)
        W (write_element (w, "Description", c->description));
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
      g_string_append (text, "\nSource details: ");
      append_escaped (text, g_ptr_array_index (c->details, k));
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
  W (write_attribute (w, "guid", c->uuid));
  W (xmlTextWriterWriteFormatAttribute (w, BAD_CAST "startPosition", "%" G_GINT64_FORMAT, c->start));
  W (xmlTextWriterWriteFormatAttribute (w, BAD_CAST "endPosition", "%" G_GINT64_FORMAT, c->end));
  if (c->user)
    W (write_attribute (w, "creatingUser", c->user));
  if (c->created)
    W (write_attribute (w, "creationDateTime", c->created));
  if (c->user)
    W (write_attribute (w, "modifyingUser", c->user));
  if (c->modified)
    W (write_attribute (w, "modifiedDateTime", c->modified));
  W (write_element (w, "Description", description));
  W (xmlTextWriterStartElement (w, BAD_CAST "Coding"));
  W (write_attribute (w, "guid", coding));
  if (c->user)
    W (write_attribute (w, "creatingUser", c->user));
  if (c->created)
    W (write_attribute (w, "creationDateTime", c->created));
  W (xmlTextWriterStartElement (w, BAD_CAST "CodeRef"));
  W (write_attribute (w, "targetGUID", code));
  W (xmlTextWriterEndElement (w));
  W (xmlTextWriterEndElement (w));
  if (c->comment)
    {
      W (xmlTextWriterStartElement (w, BAD_CAST "NoteRef"));
      W (write_attribute (w, "targetGUID", note));
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
  W (write_attribute (w, "guid", note));
  W (write_attribute (w, "name", "Comment"));
  if (c->user)
    W (write_attribute (w, "creatingUser", c->user));
  if (c->modified)
    W (write_attribute (w, "creationDateTime", c->modified));
  W (write_element (w, "PlainTextContent", c->comment));
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
  W (write_attribute (w, "name", "Attest"));
  W (write_attribute (w, "origin", "Attest " PACKAGE_VERSION));

  if (users->len > 0)
    {
      W (xmlTextWriterStartElement (w, BAD_CAST "Users"));
      for (guint i = 0; i < users->len; i++)
        {
          const char *guid = g_ptr_array_index (users, i);
          const char *name = g_hash_table_lookup (self->users, guid);

          W (xmlTextWriterStartElement (w, BAD_CAST "User"));
          W (write_attribute (w, "guid", guid));
          if (name != NULL)
            W (write_attribute (w, "name", name));
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
      W (write_attribute (w, "guid", s->guid));
      W (write_attribute (w, "name", s->name));
      W (write_attribute (w, "plainTextPath", path));
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

  if (!attest_exchange_collect_sources (store, 0, self->outside, error) ||
      !(taxonomy = attest_store_list_taxonomy (store, error)) ||
      !attest_rules_check_taxonomy (taxonomy, error) ||
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

  self.outside = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                        (GDestroyNotify) attest_exchange_source_free);
  self.local = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                      (GDestroyNotify) attest_exchange_source_free);
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

/* ---------------------------------------------------------------------- */
/* Import: the schema                                                     */
/* ---------------------------------------------------------------------- */

#define SCHEMA_RESOURCE "/io/github/attest/Attest/core/refi-qda-project.xsd"

typedef struct {
  int   line;
  char *message;
} XmlProblem;

/* libxml2 2.12 made the structured error handler's argument const. */
#if LIBXML_VERSION >= 21200
typedef const xmlError *XmlErrorArg;
#else
typedef xmlError *XmlErrorArg;
#endif

static void
remember_problem (void        *user_data,
                  XmlErrorArg  e)
{
  XmlProblem *p = user_data;

  /* The first one says what is wrong; the rest follow from it. */
  if (p->message != NULL || e == NULL || e->message == NULL || e->level < XML_ERR_ERROR)
    return;
  p->line = e->line;
  p->message = g_strstrip (g_strdup (e->message));
}

/* The parser's handler gets the context, which carries the problem. */
static void
remember_parse_problem (void        *user_data,
                        XmlErrorArg  e)
{
  xmlParserCtxt *ctxt = user_data;

  remember_problem (ctxt->_private, e);
}

/* The published schema, compiled into the core; parsed once. */
static xmlSchema *
get_schema (GError **error)
{
  static xmlSchema *schema = NULL;

  if (g_once_init_enter (&schema))
    {
      g_autoptr(GBytes) bytes = g_resources_lookup_data (SCHEMA_RESOURCE, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
      xmlSchemaParserCtxt *ctxt = NULL;
      xmlSchema *parsed = NULL;
      XmlProblem quiet = { 0 };

      if (bytes != NULL &&
          (ctxt = xmlSchemaNewMemParserCtxt (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes))) != NULL)
        {
          xmlSchemaSetParserStructuredErrors (ctxt, remember_problem, &quiet);
          parsed = xmlSchemaParse (ctxt);
          xmlSchemaFreeParserCtxt (ctxt);
        }
      g_free (quiet.message);
      g_once_init_leave (&schema, parsed ? parsed : (xmlSchema *) GSIZE_TO_POINTER (1));
    }
  if (schema == GSIZE_TO_POINTER (1))
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_FAILED, _("The REFI-QDA schema built into Attest cannot be read"));
      return NULL;
    }
  return schema;
}

/* ---------------------------------------------------------------------- */
/* Import: parsing                                                        */
/* ---------------------------------------------------------------------- */

typedef struct {
  char *key;
  char *label;
  char *color;
} QdaCode;

typedef struct {
  const char  *name;       /* "fieldwork.qdpx, project.qde", for messages */
  const char  *file;       /* "project.qdpx" */
  AttestZip   *zip;        /* NULL: a bare project.qde, or a check */
  const char  *fixed;      /* a check's text for every internal:// path */
  gsize        fixed_len;
  GHashTable  *known_guid; /* category guid → key, of the database */
  GHashTable  *known_label;/* casefolded label → key, of the database */
  GHashTable  *new_keys;   /* keys made for this project's new codes */
  GHashTable  *code_names; /* casefolded names of the codes read */
  GHashTable  *users;      /* guid → name */
  GHashTable  *codes;      /* guid → QdaCode */
  GHashTable  *notes;      /* guid → text */
  GHashTable  *seen;       /* the guids of sources and selections read */
  GPtrArray   *docs;       /* AttestExchangeDoc */
  GPtrArray   *categories; /* AttestExchangeCategory, a parent first */
  guint        skipped;
  guint        left_out;   /* selections without a code, codings of a whole source */
  char        *now;
} QdaReader;

static void
qda_code_free (QdaCode *c)
{
  g_free (c->key);
  g_free (c->label);
  g_free (c->color);
  g_free (c);
}

/* A message for people: what the file says is quoted in it, so it is kept
 * to one line of at most @max characters, with no control character (no
 * terminal sequence gets through). */
static char *
dup_shown (const char *text,
           guint       max)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *valid = g_utf8_make_valid (text, -1);
  const char *p = valid;

  for (guint n = 0; *p && n < max; p = g_utf8_next_char (p), n++)
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '\n')
        g_string_append (out, "\\n");
      else if (c < 0x20 || (c >= 0x7f && c < 0xa0))
        g_string_append_printf (out, "\\x%02x", c);
      else
        g_string_append_unichar (out, c);
    }
  if (*p)
    g_string_append (out, "…");
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* Every message of an import names the file, then the part of it (a
 * .qdpx's project.qde or sources/…) and the line: "fieldwork.qdpx,
 * project.qde, line 12: …", "fieldwork.qdpx, sources/abc.txt: …". */
static gboolean
fail_in (GError    **error,
         const char *name,
         long        line,
         const char *format,
         va_list     args) G_GNUC_PRINTF (4, 0);

static gboolean
fail_in (GError    **error,
         const char *name,
         long        line,
         const char *format,
         va_list     args)
{
  g_autofree char *raw = g_strdup_vprintf (format, args);
  g_autofree char *text = dup_shown (raw, 600);

  if (line > 0)
    /* TRANSLATORS: a file (and its part), the line in it, and what is wrong there */
    g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_FORMAT, _("%s, line %ld: %s"), name, line, text);
  else
    g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_FORMAT, "%s: %s", name, text);
  return FALSE;
}

static gboolean
read_fail (GError    **error,
           QdaReader  *r,
           xmlNode    *node,
           const char *format,
           ...) G_GNUC_PRINTF (4, 5);

static gboolean
read_fail (GError    **error,
           QdaReader  *r,
           xmlNode    *node,
           const char *format,
           ...)
{
  va_list args;

  va_start (args, format);
  fail_in (error, r->name, node ? xmlGetLineNo (node) : 0, format, args);
  va_end (args);
  return FALSE;
}

/* A place the parser found, by its line. */
static gboolean
line_fail (GError    **error,
           QdaReader  *r,
           long        line,
           const char *format,
           ...) G_GNUC_PRINTF (4, 5);

static gboolean
line_fail (GError    **error,
           QdaReader  *r,
           long        line,
           const char *format,
           ...)
{
  va_list args;

  va_start (args, format);
  fail_in (error, r->name, MAX (line, 1), format, args);
  va_end (args);
  return FALSE;
}

/* A text of the archive, by its part name. */
static gboolean
part_fail (GError    **error,
           QdaReader  *r,
           const char *part,
           const char *format,
           ...) G_GNUC_PRINTF (4, 5);

static gboolean
part_fail (GError    **error,
           QdaReader  *r,
           const char *part,
           const char *format,
           ...)
{
  /* TRANSLATORS: a .qdpx file, and the part of it a message is about */
  g_autofree char *name = g_strdup_printf (_("%s, %s"), r->file, part);
  va_list args;

  va_start (args, format);
  fail_in (error, name, 0, format, args);
  va_end (args);
  return FALSE;
}

/* A GUID as one form: lower case, no braces. */
static char *
dup_normal_guid (const char *guid)
{
  gsize len = guid ? strlen (guid) : 0;

  if (len == 38 && guid[0] == '{' && guid[37] == '}')
    return g_ascii_strdown (guid + 1, 36);
  return g_ascii_strdown (guid ? guid : "", -1);
}

static gboolean
is_element (xmlNode    *node,
            const char *name)
{
  return node->type == XML_ELEMENT_NODE && node->ns != NULL &&
         xmlStrEqual (node->ns->href, BAD_CAST QDA_NAMESPACE) && xmlStrEqual (node->name, BAD_CAST name);
}

static char *
dup_attribute (xmlNode    *node,
               const char *name)
{
  xmlChar *value = xmlGetProp (node, BAD_CAST name);
  char *copy = value ? g_strdup ((const char *) value) : NULL;

  xmlFree (value);
  return copy;
}

static char *
dup_guid_attribute (xmlNode    *node,
                    const char *name)
{
  g_autofree char *value = dup_attribute (node, name);

  return value ? dup_normal_guid (value) : NULL;
}

static char *
dup_content (xmlNode *node)
{
  xmlChar *value = xmlNodeGetContent (node);
  char *copy = g_strdup (value ? (const char *) value : "");

  xmlFree (value);
  return copy;
}

static xmlNode *
find_child (xmlNode    *node,
            const char *name)
{
  for (xmlNode *n = node->children; n; n = n->next)
    if (is_element (n, name))
      return n;
  return NULL;
}

/* xsd:dateTime as Attest keeps times (UTC, to the second); NULL when it
 * has none or it cannot be read (a time without zone is taken as UTC). */
static char *
dup_time_attribute (xmlNode    *node,
                    const char *name)
{
  g_autofree char *value = dup_attribute (node, name);

  return value ? dup_date_time (g_strstrip (value)) : NULL;
}

/* "Troop deployment" → "troop-deployment": what a new category's key is
 * made of a code's name. */
static char *
dup_key_for_name (const char *name)
{
  g_autofree char *ascii = g_str_to_ascii (name, "C");
  g_autoptr(GString) key = g_string_new (NULL);

  for (const char *p = ascii; *p && key->len < 60; p++)
    {
      if (g_ascii_isalnum (*p))
        g_string_append_c (key, g_ascii_tolower (*p));
      else if (key->len > 0 && key->str[key->len - 1] != '-')
        g_string_append_c (key, '-');
    }
  while (key->len > 0 && key->str[key->len - 1] == '-')
    g_string_truncate (key, key->len - 1);
  if (key->len == 0)
    g_string_assign (key, "code");
  else if (!g_ascii_islower (key->str[0]))
    {
      /* "2024 drills": a key starts with a letter, and has at most 64. */
      g_string_prepend (key, "code-");
      g_string_truncate (key, MIN (key->len, 64));
      while (key->str[key->len - 1] == '-')
        g_string_truncate (key, key->len - 1);
    }
  return g_string_free (g_steal_pointer (&key), FALSE);
}

static gboolean
is_database_key (gpointer    guid,
                 gpointer    key,
                 gpointer    wanted)
{
  return g_str_equal (key, wanted);
}

/* A new code's key: made of its name, unless that gives nothing of its
 * own ("Войска" and "Армия" both give only "code") or a key another code
 * of the project or a category of the database has: then the start of
 * the code's guid makes it one code's, so that distinct codes stay
 * distinct categories. */
static char *
dup_new_key (QdaReader  *r,
             const char *label,
             const char *guid)
{
  g_autofree char *key = dup_key_for_name (label);
  g_autofree char *hex = g_compute_checksum_for_string (G_CHECKSUM_SHA256, guid, -1);
  g_autoptr(GString) unique = NULL;
  gsize stem;

  if (!g_str_equal (key, "code") && !g_hash_table_contains (r->new_keys, key) &&
      g_hash_table_find (r->known_guid, is_database_key, key) == NULL)
    {
      g_hash_table_add (r->new_keys, g_strdup (key));
      return g_steal_pointer (&key);
    }
  unique = g_string_new_len (key, MIN (strlen (key), 55));
  while (unique->len > 0 && unique->str[unique->len - 1] == '-')
    g_string_truncate (unique, unique->len - 1);
  stem = unique->len;
  /* Of the guid's hash, not the guid: guids written by one tool often
   * share their start. */
  for (guint n = 8; n <= 64; n += 4)
    {
      g_string_truncate (unique, stem);
      g_string_append_printf (unique, "-%.*s", (int) n, hex);
      if (!g_hash_table_contains (r->new_keys, unique->str) &&
          g_hash_table_find (r->known_guid, is_database_key, unique->str) == NULL)
        break;
    }
  g_hash_table_add (r->new_keys, g_strdup (unique->str));
  return g_string_free (g_steal_pointer (&unique), FALSE);
}

/* A code's name as a label, checked as the Categories editor checks a
 * name: one line, at most the length a label has. A name that breaks the
 * rule refuses the import; cut or changed, it would be another name. */
static char *
dup_label_for_name (const char  *name,
                    GError     **error)
{
  g_autofree char *line = NULL;
  glong n;

  if (!attest_rules_check_string (_("A category's name"), name, -1, ATTEST_RULES_LINE, error))
    return NULL;
  line = g_strstrip (g_strdup (name));
  if ((n = g_utf8_strlen (line, -1)) > ATTEST_RULES_CATEGORY_LABEL_MAX)
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID,
                   _("A category name can have at most %d characters (this one has %ld)"),
                   ATTEST_RULES_CATEGORY_LABEL_MAX, n);
      return NULL;
    }
  return g_steal_pointer (&line);
}

/* "#abc" → "#aabbcc"; NULL for none. */
static char *
dup_color (const char *color)
{
  if (color == NULL)
    return NULL;
  if (strlen (color) == 4 && color[0] == '#')
    return g_ascii_strdown ((char[]) { '#', color[1], color[1], color[2], color[2], color[3], color[3], 0 }, -1);
  return attest_category_color_is_valid (color) ? g_ascii_strdown (color, -1) : NULL;
}

/* @parent: the key of the code @codes is in, or NULL for the code book. */
/* A code no one may code (isCodable "false" or "0") is a retired category. */
static gboolean
code_is_codable (xmlNode *n)
{
  g_autofree char *codable = dup_attribute (n, "isCodable");

  return codable == NULL || !(g_str_equal (g_strstrip (codable), "false") || g_str_equal (codable, "0"));
}

static gboolean
read_codes (QdaReader  *r,
            xmlNode    *codes,
            const char *parent,
            GError    **error)
{
  for (xmlNode *n = codes->children; n; n = n->next)
    {
      g_autofree char *name = NULL;
      g_autofree char *label = NULL;
      g_autofree char *color = NULL;
      g_autofree char *codable = NULL;
      g_autoptr(GError) local = NULL;
      AttestExchangeCategory *category;
      xmlNode *description;
      QdaCode *code;
      const char *key;
      char *guid;

      if (!is_element (n, "Code"))
        continue;
      guid = dup_guid_attribute (n, "guid");
      if (g_hash_table_contains (r->codes, guid))
        {
          read_fail (error, r, n, _("the code %s is defined twice"), guid);
          g_free (guid);
          return FALSE;
        }
      name = dup_attribute (n, "name");
      if (!(label = dup_label_for_name (name ? name : "", &local)))
        {
          read_fail (error, r, n, "%s", local->message);
          g_free (guid);
          return FALSE;
        }
      /* Two codes of one name: the editor keeps two live categories of
       * one name apart only by refusing the second, and matching by name
       * would merge them, moving one code's claims to the other. A code no
       * one may code (retired) may share a live one's name, as there. */
      if (*label && code_is_codable (n) && !g_hash_table_add (r->code_names, g_utf8_casefold (label, -1)))
        {
          read_fail (error, r, n, _("There is already a category “%s”"), label);
          g_free (guid);
          return FALSE;
        }
      color = dup_attribute (n, "color");
      code = g_new0 (QdaCode, 1);
      /* An Attest export's code (its guid comes from the key), a category
       * with that label, or a new one. */
      if ((key = g_hash_table_lookup (r->known_guid, guid)) != NULL)
        code->key = g_strdup (key);
      else
        {
          g_autofree char *folded = g_utf8_casefold (label, -1);

          code->key = (key = g_hash_table_lookup (r->known_label, folded)) ? g_strdup (key)
                                                                           : dup_new_key (r, label, guid);
        }
      code->label = *label ? g_steal_pointer (&label) : NULL;
      code->color = dup_color (color);
      g_hash_table_insert (r->codes, guid, code);
      /* Its details, for a category the database lacks: the nesting is
       * its parent, a code no one may code is retired (as the export
       * writes them). */
      category = attest_exchange_category_new (r->name, code->key);
      category->label = g_strdup (code->label);
      category->color = g_strdup (code->color);
      category->parent_key = g_strdup (parent);
      category->retired = !code_is_codable (n);
      if ((description = find_child (n, "Description")) != NULL)
        category->description = dup_content (description);
      category->where = g_strdup_printf (_("line %ld"), xmlGetLineNo (n));
      g_ptr_array_add (r->categories, category);
      /* Nested codes are codes too; the depth was checked before parsing. */
      if (!read_codes (r, n, code->key, error))
        return FALSE;
    }
  return TRUE;
}

/* The text a TextSource or Note holds: inline, or a file of the archive,
 * whose part name @out_part gets (NULL for a text inline). */
static char *
dup_source_text (QdaReader  *r,
                 xmlNode    *node,
                 gsize      *out_len,
                 char      **out_part,
                 GError    **error)
{
  xmlNode *inline_text = find_child (node, "PlainTextContent");
  g_autofree char *path = dup_attribute (node, "plainTextPath");
  g_autofree char *part = NULL;
  g_autoptr(GBytes) bytes = NULL;
  gsize len;

  if (inline_text != NULL && path != NULL)
    {
      read_fail (error, r, node, _("the text is given both inline and as a file: only one may be"));
      return NULL;
    }
  if (inline_text != NULL)
    {
      char *text = dup_content (inline_text);

      *out_len = strlen (text);
      /* The same limit as a text in the archive: an export of what came
       * in must read back. */
      if (*out_len > ATTEST_ARTICLE_MAX_BYTES)
        {
          g_free (text);
          read_fail (error, r, node, _("the text is larger than the largest article Attest reads"));
          return NULL;
        }
      return text;
    }
  if (path == NULL)
    {
      read_fail (error, r, node, _("the text source has no text (neither PlainTextContent nor plainTextPath)"));
      return NULL;
    }
  if (!g_str_has_prefix (path, "internal://"))
    {
      read_fail (error, r, node, _("the text “%s” is outside the project file, which Attest does not read"), path);
      return NULL;
    }
  if (r->fixed != NULL)
    {
      *out_len = r->fixed_len;
      return g_strndup (r->fixed, r->fixed_len);
    }
  if (r->zip == NULL)
    {
      read_fail (error, r, node, _("the text “%s” is in the .qdpx file, not beside a bare project.qde"), path);
      return NULL;
    }
  /* "internal://../project.qde" stays in the archive but is not a text
   * of it: a name, never a path. */
  if (strstr (path, "..") != NULL || strchr (path + strlen ("internal://"), '%') != NULL)
    {
      read_fail (error, r, node, _("the text “%s” is not a file of the project's sources"), path);
      return NULL;
    }
  if (!(part = attest_zip_resolve (r->zip, "sources/", path + strlen ("internal://"), error)))
    return NULL;
  if (!attest_zip_has (r->zip, part))
    {
      read_fail (error, r, node, _("the text “%s” is not in the .qdpx file"), path);
      return NULL;
    }
  if (!(bytes = attest_zip_read (r->zip, part, error)))
    return NULL;
  if (g_bytes_get_size (bytes) > ATTEST_ARTICLE_MAX_BYTES)
    {
      part_fail (error, r, part, _("the text is larger than the largest article Attest reads"));
      return NULL;
    }
  *out_part = g_steal_pointer (&part);
  /* A NUL inside is caught with the other checks of the text. */
  {
    char *copy;

    *out_len = len = g_bytes_get_size (bytes);
    copy = g_malloc (len + 1);
    memcpy (copy, g_bytes_get_data (bytes, NULL), len);
    copy[len] = '\0';
    return copy;
  }
}

static gboolean
read_notes (QdaReader  *r,
            xmlNode    *notes,
            GError    **error)
{
  for (xmlNode *n = notes->children; n; n = n->next)
    {
      char *guid;
      char *text;
      gsize len = 0;

      if (!is_element (n, "Note"))
        continue;
      g_autofree char *part = NULL;

      if (!(text = dup_source_text (r, n, &len, &part, error)))
        return FALSE;
      if (!g_utf8_validate_len (text, len, NULL) || strlen (text) != len)
        {
          g_free (text);
          return part ? part_fail (error, r, part, _("the note is not UTF-8 text"))
                      : read_fail (error, r, n, _("the note is not UTF-8 text"));
        }
      guid = dup_guid_attribute (n, "guid");
      if (g_hash_table_contains (r->notes, guid))
        {
          g_free (text);
          read_fail (error, r, n, _("the note %s is defined twice"), guid);
          g_free (guid);
          return FALSE;
        }
      g_hash_table_insert (r->notes, guid, text);
    }
  return TRUE;
}

/* A text as Attest stores it: no BOM, LF for CRLF. @dropped gets the
 * offsets (in the given text) of the characters left out, which the
 * positions of the project still count. */
typedef struct {
  char   *text;
  gint64  n_chars;     /* of the given text */
  GArray *dropped;     /* gint64 */
  char   *encoding;
  gint64  length;      /* characters of the stored text */
  gsize   bytes;       /* its bytes */
  AttestTextIndex *index;  /* of the stored text: a project of many
                            * selections does not walk it from its start for each */
} StoredText;

static void
stored_text_clear (StoredText *t)
{
  g_free (t->text);
  g_clear_pointer (&t->dropped, g_array_unref);
  g_clear_pointer (&t->index, attest_text_index_free);
  g_free (t->encoding);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (StoredText, stored_text_clear)

/* @part: the archive's file the text is, or NULL for one inline. */
static gboolean
store_text (QdaReader   *r,
            xmlNode     *node,
            const char  *part,
            const char  *data,
            gsize        len,
            StoredText  *out,
            GError     **error)
{
  gboolean bom = FALSE;

  if (!g_utf8_validate_len (data, len, NULL) || memchr (data, '\0', len) != NULL)
    return part ? part_fail (error, r, part, _("the text is not UTF-8 (or holds a NUL byte)"))
                : read_fail (error, r, node, _("the text is not UTF-8 (or holds a NUL byte)"));
  out->text = attest_text_dup_stored (data, len, &out->dropped, &out->n_chars, &bom);
  if (*out->text == '\0')
    return part ? part_fail (error, r, part, _("the text is empty"))
                : read_fail (error, r, node, _("the text is empty"));
  out->encoding = g_strdup (bom ? "UTF-8 with BOM" : "UTF-8");
  out->bytes = strlen (out->text);
  out->index = attest_text_index_new (out->text, out->bytes);
  out->length = attest_text_index_n_chars (out->index);
  return TRUE;
}

/* The stored text at @offset (0 … length). */
static const char *
stored_at (const StoredText *t,
           gint64            offset)
{
  if (offset >= t->length)
    return t->text + t->bytes;
  return attest_text_index_at (t->index, offset);
}

static gboolean
read_position (QdaReader  *r,
               xmlNode    *node,
               const char *name,
               gint64      n_chars,
               gint64     *out,
               GError    **error)
{
  g_autofree char *value = dup_attribute (node, name);
  gint64 number;

  if (value == NULL || !g_ascii_string_to_signed (g_strstrip (value), 10, 0, G_MAXINT64, &number, NULL))
    return read_fail (error, r, node, _("the %s “%s” is not a position in the text (a number from 0)"),
                      name, value ? value : "");
  if (number > n_chars)
    return read_fail (error, r, node,
                      g_dngettext (GETTEXT_PACKAGE,
                                   "the %s %s is past the end of the text (%" PRId64 " character)",
                                   "the %s %s is past the end of the text (%" PRId64 " characters)",
                                   n_chars),
                      name, value, (int64_t) n_chars);
  *out = number;
  return TRUE;
}

/* Unescapes what append_escaped() wrote. */
static char *
unescape (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p; p++)
    {
      if (*p != '\\' || p[1] == '\0')
        {
          g_string_append_c (out, *p);
          continue;
        }
      p++;
      switch (*p)
        {
        case 'n': g_string_append_c (out, '\n'); break;
        case 'r': g_string_append_c (out, '\r'); break;
        case '\\': g_string_append_c (out, '\\'); break;
        default: g_string_append_c (out, '\\'); g_string_append_c (out, *p);
        }
    }
  return g_string_free (out, FALSE);
}

typedef struct {
  char      *status;
  char      *certainty;
  GPtrArray *sources;
  char      *other;     /* a description of another form, for the comment */
} Described;

static void
described_clear (Described *d)
{
  g_free (d->status);
  g_free (d->certainty);
  g_clear_pointer (&d->sources, g_ptr_array_unref);
  g_free (d->other);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Described, described_clear)

/* Attest's own form ("Status: …", "Certainty: …", "Source: …" lines), or
 * any other text, which is kept as part of the comment. */
static gboolean
read_description (QdaReader  *r,
                  xmlNode    *selection,
                  Described  *out,
                  GError    **error)
{
  xmlNode *node = find_child (selection, "Description");
  g_autofree char *text = node ? dup_content (node) : NULL;
  g_auto(GStrv) lines = NULL;

  out->sources = g_ptr_array_new_with_free_func ((GDestroyNotify) attest_exchange_source_free);
  if (text == NULL || *g_strstrip (text) == '\0')
    return TRUE;
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    {
      const char *line = lines[i];

      if (g_str_has_prefix (line, "Status: ") && out->status == NULL)
        out->status = g_strdup (line + strlen ("Status: "));
      else if (g_str_has_prefix (line, "Certainty: ") && out->certainty == NULL)
        out->certainty = g_strdup (line + strlen ("Certainty: "));
      else if (g_str_has_prefix (line, "Source: ") && line[strlen ("Source: ")] != '\0')
        {
          AttestExchangeSource *s = g_new0 (AttestExchangeSource, 1);

          s->label = unescape (line + strlen ("Source: "));
          g_ptr_array_add (out->sources, s);
        }
      else if (g_str_has_prefix (line, "Source details: "))
        {
          /* Attest's own: the id and fields of a source whose label is on
           * a Source line; the writer pairs them. */
          g_autofree char *json = unescape (line + strlen ("Source details: "));
          g_autoptr(GError) local = NULL;
          AttestExchangeSource *s = attest_exchange_source_from_json (json, &local);

          if (s == NULL)
            return read_fail (error, r, node, "%s", local->message);
          g_ptr_array_add (out->sources, s);
        }
      else
        {
          /* Not Attest's form: all of it is the other tool's memo. */
          g_clear_pointer (&out->status, g_free);
          g_clear_pointer (&out->certainty, g_free);
          g_ptr_array_set_size (out->sources, 0);
          out->other = g_steal_pointer (&text);
          return TRUE;
        }
    }
  if (out->status != NULL && !attest_claim_status_is_valid (out->status))
    return read_fail (error, r, node, _("“%s” is not a status (draft, accepted or rejected)"), out->status);
  if (out->certainty != NULL && !attest_claim_certainty_is_valid (out->certainty))
    return read_fail (error, r, node, _("“%s” is not a certainty (low, medium, high or unknown)"), out->certainty);
  return TRUE;
}

/* The texts of the notes @node refers to, after @into. */
static gboolean
append_notes (QdaReader  *r,
              xmlNode    *node,
              GString    *into,
              GError    **error)
{
  for (xmlNode *n = node->children; n; n = n->next)
    {
      g_autofree char *guid = NULL;
      const char *text;

      if (!is_element (n, "NoteRef"))
        continue;
      guid = dup_guid_attribute (n, "targetGUID");
      if (!(text = g_hash_table_lookup (r->notes, guid)))
        return read_fail (error, r, n, _("the note %s is not in the project"), guid);
      if (*text == '\0')
        continue;
      if (into->len > 0)
        g_string_append (into, "\n\n");
      g_string_append (into, text);
    }
  return TRUE;
}

static gboolean
read_selection (QdaReader         *r,
                xmlNode           *node,
                const StoredText  *text,
                AttestExchangeDoc *d,
                GError           **error)
{
  g_auto(Described) described = { 0 };
  g_autoptr(GString) notes = g_string_new (NULL);
  g_autofree char *guid = dup_guid_attribute (node, "guid");
  g_autofree char *user = dup_guid_attribute (node, "creatingUser");
  g_autofree char *created = dup_time_attribute (node, "creationDateTime");
  g_autofree char *modified = dup_time_attribute (node, "modifiedDateTime");
  g_autofree char *where = g_strdup_printf (_("line %ld"), xmlGetLineNo (node));
  g_autofree char *quote = NULL;
  const char *from, *to;
  gint64 raw_start, raw_end, start, end;
  gboolean first = TRUE;

  /* A guid names one thing: a second selection with it would be taken
   * for the first, and its claims silently dropped. */
  if (!g_hash_table_add (r->seen, g_strdup (guid)))
    return read_fail (error, r, node, _("the guid %s is used twice"), guid);
  if (!read_position (r, node, "startPosition", text->n_chars, &raw_start, error) ||
      !read_position (r, node, "endPosition", text->n_chars, &raw_end, error))
    return FALSE;
  start = attest_text_to_stored (text->dropped, raw_start);
  end = attest_text_to_stored (text->dropped, raw_end);
  if (start >= end)
    return read_fail (error, r, node, _("the span %" PRId64 ":%" PRId64 " is outside the text (0:%" PRId64 ") or empty"),
                      (int64_t) start, (int64_t) end, (int64_t) text->length);
  from = stored_at (text, start);
  to = stored_at (text, end);
  quote = g_strndup (from, to - from);
  {
    g_autoptr(GError) local = NULL;

    /* What selecting in the window checks (attest_exchange_check_span(),
     * without counting the text again for each selection). */
    if (!attest_rules_check_span (quote, g_utf8_get_char (to), start, end, &local))
      return read_fail (error, r, node, "%s", local->message);
  }
  if (!read_description (r, node, &described, error) ||
      !append_notes (r, node, notes, error))
    return FALSE;

  for (xmlNode *n = node->children; n; n = n->next)
    {
      g_autoptr(AttestExchangeClaim) c = NULL;
      g_autoptr(GString) comment = NULL;
      g_autofree char *code_guid = NULL;
      g_autofree char *coder = NULL;
      xmlNode *ref;
      QdaCode *code;

      if (!is_element (n, "Coding"))
        continue;
      ref = find_child (n, "CodeRef");
      code_guid = ref ? dup_guid_attribute (ref, "targetGUID") : g_strdup ("");
      if (!(code = g_hash_table_lookup (r->codes, code_guid)))
        return read_fail (error, r, n, _("the coding refers to the code %s, which the project does not define"),
                          code_guid);

      comment = g_string_new (described.other);
      if (notes->len > 0)
        g_string_append_printf (comment, "%s%s", comment->len ? "\n\n" : "", notes->str);
      if (!append_notes (r, n, comment, error))
        return FALSE;
      coder = dup_guid_attribute (n, "creatingUser");
      if (coder != NULL && !g_hash_table_contains (r->users, coder))
        return read_fail (error, r, n, _("the coding names the user %s, which the project does not define"), coder);
      if (coder == NULL && user != NULL && !g_hash_table_contains (r->users, user))
        return read_fail (error, r, node, _("the selection names the user %s, which the project does not define"),
                          user);

      c = attest_exchange_claim_new ();
      c->start = start;
      c->end = end;
      c->quote = g_strdup (quote);
      c->key = g_strdup (code->key);
      c->label = g_strdup (code->label);
      c->color = g_strdup (code->color);
      c->status = g_strdup (described.status);
      c->certainty = g_strdup (described.certainty);
      c->comment = comment->len ? g_strdup (comment->str) : NULL;
      for (guint k = 0; k < described.sources->len; k++)
        g_ptr_array_add (c->sources, attest_exchange_source_copy (g_ptr_array_index (described.sources, k)));
      /* The selection's guid is the first claim's: one selection coded
       * twice is two claims. */
      c->uuid = first && g_uuid_string_is_valid (guid) ? g_strdup (guid) : NULL;
      c->annotator = g_strdup (coder && g_hash_table_contains (r->users, coder)
                               ? g_hash_table_lookup (r->users, coder)
                               : user ? g_hash_table_lookup (r->users, user) : NULL);
      c->created = created ? g_strdup (created) : dup_time_attribute (n, "creationDateTime");
      c->modified = g_strdup (modified);
      c->where = g_strdup (where);
      g_ptr_array_add (d->claims, g_steal_pointer (&c));
      first = FALSE;
    }
  /* Another tool's quotation with a memo only: no claim, but counted. */
  if (first)
    r->left_out++;
  return TRUE;
}

static gboolean
read_text_source (QdaReader  *r,
                  xmlNode    *node,
                  GError    **error)
{
  g_auto(StoredText) text = { 0 };
  g_autofree char *raw = NULL;
  g_autofree char *guid = dup_guid_attribute (node, "guid");
  g_autofree char *name = dup_attribute (node, "name");
  g_autofree char *made = NULL;
  g_autofree char *part = NULL;
  g_autoptr(AttestExchangeDoc) d = NULL;
  AttestDocument *doc;
  gsize len = 0;

  if (!g_hash_table_add (r->seen, g_strdup (guid)))
    return read_fail (error, r, node, _("the guid %s is used twice"), guid);
  if (!(raw = dup_source_text (r, node, &len, &part, error)) ||
      !store_text (r, node, part, raw, len, &text, error))
    return FALSE;

  doc = attest_document_new ();
  attest_document_set_text (doc, text.text);
  doc->uuid = g_uuid_string_is_valid (guid) ? g_strdup (guid) : g_uuid_string_random ();
  doc->format = g_strdup ("text");
  doc->encoding = g_strdup (text.encoding);
  /* Articles imported together are listed by origin: numbered, they keep
   * the project's order, and a re-export gives the same file. */
  doc->origin = g_strdup_printf ("%s #%05u", r->file, r->docs->len + 1);
  doc->imported = g_strdup (r->now);
  attest_article_reader_parse_header (doc);
  /* The source's name is the title, unless it is what the export would
   * call the article anyway (then the text's own header stands). */
  made = dup_source_name (doc);
  if (name != NULL && *g_strstrip (name) && g_strcmp0 (name, made) != 0)
    {
      g_free (doc->title);
      doc->title = g_steal_pointer (&name);
    }
  d = attest_exchange_doc_new (r->name, doc);
  if (part != NULL)
    /* TRANSLATORS: a .qdpx file, and the part of it a message is about */
    d->text_name = g_strdup_printf (_("%s, %s"), r->file, part);

  for (xmlNode *n = node->children; n; n = n->next)
    {
      if (is_element (n, "PlainTextSelection") && !read_selection (r, n, &text, d, error))
        return FALSE;
      /* A code of the whole text is not a claim on a passage. */
      if (is_element (n, "Coding"))
        r->left_out++;
    }
  g_ptr_array_add (r->docs, g_steal_pointer (&d));
  return TRUE;
}

static gboolean
read_project (QdaReader  *r,
              xmlNode    *root,
              GError    **error)
{
  xmlNode *book;
  xmlNode *codes;

  for (xmlNode *n = root->children; n; n = n->next)
    if (is_element (n, "Users"))
      for (xmlNode *u = n->children; u; u = u->next)
        if (is_element (u, "User"))
          {
            g_autofree char *name = dup_attribute (u, "name");
            g_autofree char *user = dup_guid_attribute (u, "guid");

            /* Which of two would a coding mean? */
            if (g_hash_table_contains (r->users, user))
              return read_fail (error, r, u, _("the user %s is defined twice"), user);
            /* A user without a name is known, and codes as the importing
             * annotator. */
            g_hash_table_insert (r->users, g_steal_pointer (&user),
                                 name != NULL && *g_strstrip (name) ? g_steal_pointer (&name) : NULL);
          }
  if ((book = find_child (root, "CodeBook")) && (codes = find_child (book, "Codes")) &&
      !read_codes (r, codes, NULL, error))
    return FALSE;
  for (xmlNode *n = root->children; n; n = n->next)
    if (is_element (n, "Notes") && !read_notes (r, n, error))
      return FALSE;
  for (xmlNode *n = root->children; n; n = n->next)
    if (is_element (n, "Sources"))
      for (xmlNode *s = n->children; s; s = s->next)
        {
          if (s->type != XML_ELEMENT_NODE)
            continue;
          if (!is_element (s, "TextSource"))
            r->skipped++;  /* pictures, PDF, audio, video */
          else if (!read_text_source (r, s, error))
            return FALSE;
        }
  return TRUE;
}

/* Before any parser sees it: how deep the elements nest (a bounded scan,
 * no recursion), and no DOCTYPE, which a project never has and through
 * which entities would come in. */
static gboolean
scan_markup (QdaReader   *r,
             const char  *data,
             gsize        len,
             GError     **error)
{
  const char *end = data + len;
  guint depth = 0;
  guint line = 1;

  for (const char *p = data; p < end; p++)
    {
      const char *close;

      if (*p == '\n')
        line++;
      if (*p != '<' || p + 1 >= end)
        continue;
      if (p[1] == '!' || p[1] == '?')
        {
          const char *stop = p[1] == '?' ? "?>" : (end - p >= 4 && memcmp (p, "<!--", 4) == 0) ? "-->"
                           : (end - p >= 9 && memcmp (p, "<![CDATA[", 9) == 0) ? "]]>" : NULL;

          if (stop == NULL)
            return line_fail (error, r, line, _("a DOCTYPE or other declaration, which a REFI-QDA "
                                                "project never has; it is refused"));
          close = g_strstr_len (p, end - p, stop);
          for (const char *s = p; s < (close ? close : end); s++)
            if (*s == '\n')
              line++;
          if (close == NULL)
            break;
          p = close;
          continue;
        }
      if (p[1] == '/')
        {
          depth = depth > 0 ? depth - 1 : 0;
          continue;
        }
      /* A start tag: self-closing ones do not nest. Quotes may hold '>'. */
      {
        char quote = 0;
        const char *s;

        for (s = p + 1; s < end && (quote || *s != '>'); s++)
          {
            if (*s == '\n')
              line++;
            if (quote && *s == quote)
              quote = 0;
            else if (!quote && (*s == '"' || *s == '\''))
              quote = *s;
          }
        if (s >= end)
          break;
        if (s[-1] != '/' && ++depth > ATTEST_REFI_QDA_MAX_DEPTH)
          return line_fail (error, r, line, _("the elements nest more than %d deep; it is refused"),
                            ATTEST_REFI_QDA_MAX_DEPTH);
        p = s;
      }
    }
  return TRUE;
}

/* Parses, validates and reads project.qde into r->docs. */
static gboolean
read_qde (QdaReader   *r,
          const char  *data,
          gsize        len,
          GError     **error)
{
  xmlParserCtxt *ctxt = NULL;
  xmlSchemaValidCtxt *valid = NULL;
  xmlSchema *schema;
  xmlDoc *xml = NULL;
  XmlProblem problem = { 0 };
  gboolean ok = FALSE;

  if (!g_utf8_validate_len (data, len, NULL) || memchr (data, '\0', len) != NULL)
    return read_fail (error, r, NULL, _("the project is not UTF-8 text"));
  if (!scan_markup (r, data, len, error) || !(schema = get_schema (error)))
    return FALSE;

  /* Never NOENT, DTDLOAD or DTDATTR: nothing outside this text is read. */
  if (!(ctxt = xmlNewParserCtxt ()))
    return read_fail (error, r, NULL, _("out of memory"));
  ctxt->_private = &problem;
  ctxt->sax->serror = remember_parse_problem;
  {
    AttestMarkupQuiet quiet;

    attest_markup_quiet_begin (&quiet);
    xml = xmlCtxtReadMemory (ctxt, data, (int) len, "project.qde", "UTF-8",
                             XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
                             XML_PARSE_BIG_LINES | XML_PARSE_IGNORE_ENC | XML_PARSE_NOCDATA);
    attest_markup_quiet_end (&quiet);
  }
  if (xml == NULL || !ctxt->wellFormed)
    {
      line_fail (error, r, problem.line, _("not well-formed XML: %s"), problem.message ? problem.message : "");
      goto out;
    }
  if (xml->intSubset != NULL || xml->extSubset != NULL)
    {
      read_fail (error, r, NULL, _("a DOCTYPE, which a REFI-QDA project never has; it is refused"));
      goto out;
    }

  g_clear_pointer (&problem.message, g_free);
  valid = xmlSchemaNewValidCtxt (schema);
  xmlSchemaSetValidStructuredErrors (valid, remember_problem, &problem);
  if (xmlSchemaValidateDoc (valid, xml) != 0)
    {
      line_fail (error, r, problem.line, _("not a valid REFI-QDA project: %s"),
                 problem.message ? problem.message : _("the schema refuses it"));
      goto out;
    }
  ok = read_project (r, xmlDocGetRootElement (xml), error);

out:
  g_free (problem.message);
  if (valid != NULL)
    xmlSchemaFreeValidCtxt (valid);
  if (xml != NULL)
    xmlFreeDoc (xml);
  xmlFreeParserCtxt (ctxt);
  return ok;
}

static void
qda_reader_init (QdaReader  *r,
                 const char *name)
{
  g_autoptr(GDateTime) t = g_date_time_new_now_utc ();

  r->name = name;
  r->known_guid = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  r->known_label = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  r->new_keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  r->code_names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  r->users = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  r->codes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) qda_code_free);
  r->notes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  r->seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  r->docs = g_ptr_array_new_with_free_func ((GDestroyNotify) attest_exchange_doc_free);
  r->categories = g_ptr_array_new_with_free_func ((GDestroyNotify) attest_exchange_category_free);
  r->now = g_date_time_format (t, "%Y-%m-%dT%H:%M:%SZ");
}

static void
qda_reader_clear (QdaReader *r)
{
  g_clear_pointer (&r->known_guid, g_hash_table_unref);
  g_clear_pointer (&r->known_label, g_hash_table_unref);
  g_clear_pointer (&r->new_keys, g_hash_table_unref);
  g_clear_pointer (&r->code_names, g_hash_table_unref);
  g_clear_pointer (&r->users, g_hash_table_unref);
  g_clear_pointer (&r->codes, g_hash_table_unref);
  g_clear_pointer (&r->notes, g_hash_table_unref);
  g_clear_pointer (&r->seen, g_hash_table_unref);
  g_clear_pointer (&r->docs, g_ptr_array_unref);
  g_clear_pointer (&r->categories, g_ptr_array_unref);
  g_clear_pointer (&r->zip, attest_zip_free);
  g_clear_pointer (&r->now, g_free);
}

/**
 * attest_refi_qda_check:
 * @qde: the bytes of a project.qde
 * @qde_len: their length
 * @text: the text every internal:// path of the project stands for
 * @text_len: its length
 * @error: return location for a #GError, or %NULL
 *
 * Returns: %TRUE if an import of the project into a database without
 *   categories would place every coding
 */
gboolean
attest_refi_qda_check (const char  *qde,
                       gsize        qde_len,
                       const char  *text,
                       gsize        text_len,
                       GError     **error)
{
  QdaReader r = { 0 };
  gboolean ok;

  qda_reader_init (&r, "project.qde");
  r.file = "project.qde";
  r.fixed = text;
  r.fixed_len = text_len;
  ok = read_qde (&r, qde, qde_len, error) && attest_exchange_check (r.docs, error);
  qda_reader_clear (&r);
  return ok;
}

static gboolean
remember_categories (QdaReader    *r,
                     AttestStore  *store,
                     GError      **error)
{
  g_autoptr(GPtrArray) categories = attest_store_list_categories (store, TRUE, error);

  if (categories == NULL)
    return FALSE;
  for (guint i = 0; i < categories->len; i++)
    {
      AttestCategory *c = g_ptr_array_index (categories, i);

      g_hash_table_insert (r->known_guid, dup_category_guid (c->key), g_strdup (c->key));
      if (c->label != NULL)
        g_hash_table_replace (r->known_label, g_utf8_casefold (c->label, -1), g_strdup (c->key));
    }
  return TRUE;
}

static GBytes *
load_limited (GFile         *file,
              const char    *shown,
              GCancellable  *cancellable,
              GError       **error)
{
  g_autoptr(GFileInfo) info = NULL;
  char *data = NULL;
  gsize len = 0;

  /* A link is not followed, as no import follows one. */
  if (!(info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE "," G_FILE_ATTRIBUTE_STANDARD_TYPE,
                                  G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, cancellable, error)))
    return NULL;
  if (g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR)
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_IO, _("%s: not a regular file"), shown);
      return NULL;
    }
  if (g_file_info_get_size (info) > ATTEST_REFI_QDA_MAX_BYTES)
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_TOO_LARGE,
                   _("%s: %" PRId64 " bytes, larger than the %d a REFI-QDA project may have"),
                   shown, (int64_t) g_file_info_get_size (info), ATTEST_REFI_QDA_MAX_BYTES);
      return NULL;
    }
  if (!g_file_load_contents (file, cancellable, &data, &len, NULL, error))
    return NULL;
  if (len > ATTEST_REFI_QDA_MAX_BYTES)
    {
      g_free (data);
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_TOO_LARGE, _("%s: larger than a REFI-QDA project may be"), shown);
      return NULL;
    }
  return g_bytes_new_take (data, len);
}

/**
 * attest_refi_qda_import:
 * @store: an #AttestStore
 * @file: a .qdpx (or a bare project.qde whose texts are inline)
 * @out_counts: (out caller-allocates) (optional): what was imported
 * @out_skipped: (out) (optional): the sources that are not text, left out
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError, or %NULL
 *
 * The whole project is read and checked before anything is written; then
 * attest_exchange_import() adds it in one transaction. On error nothing
 * is imported and the message names the file and the line.
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */
gboolean
attest_refi_qda_import (AttestStore        *store,
                        GFile              *file,
                        AttestImportCounts *out_counts,
                        guint              *out_skipped,
                        GCancellable       *cancellable,
                        GError            **error)
{
  g_autofree char *base = g_file_get_basename (file);
  g_autofree char *shown = g_filename_display_name (base);
  g_autofree char *name = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GBytes) qde = NULL;
  QdaReader r = { 0 };
  const char *data;
  gsize len;
  gboolean ok = FALSE;

  g_return_val_if_fail (ATTEST_IS_STORE (store), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  if (!(bytes = load_limited (file, shown, cancellable, error)))
    return FALSE;
  data = g_bytes_get_data (bytes, &len);
  /* A bare project.qde is XML (perhaps after a BOM); anything else must
   * be the ZIP of a .qdpx. */
  if (len > 0 && (data[0] == '<' || (len >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)))
    {
      name = g_strdup (shown);
      qda_reader_init (&r, name);
      qde = g_bytes_ref (bytes);
    }
  else
    {
      /* TRANSLATORS: a .qdpx file, and the part of it a message is about */
      name = g_strdup_printf (_("%s, %s"), shown, "project.qde");
      qda_reader_init (&r, name);
      if (!(r.zip = attest_zip_open (bytes, shown, error)))
        goto out;
      if (!attest_zip_has (r.zip, "project.qde"))
        {
          g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_FORMAT,
                       _("%s is not a REFI-QDA project: it holds no project.qde"), shown);
          goto out;
        }
      if (!(qde = attest_zip_read (r.zip, "project.qde", error)))
        goto out;
    }
  data = g_bytes_get_data (qde, &len);
  r.file = shown;
  if (!remember_categories (&r, store, error) ||
      !read_qde (&r, data, len, error))
    goto out;
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    goto out;
  ok = attest_exchange_import_with_categories (store, r.categories, r.docs, out_counts, cancellable, error);
  if (ok && out_skipped)
    *out_skipped = r.skipped;
  if (ok && out_counts)
    out_counts->selections_left_out = r.left_out;

out:
  qda_reader_clear (&r);
  return ok;
}
