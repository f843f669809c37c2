/* attest-tei-reader.c — reads Attest's TEI back, checking as it goes.
 *
 * What it owns: parsing what attest-tei-writer.c writes (the shape is in
 * data/attest-tei.rng) with libxml2's SAX2 push parser, the checks RELAX
 * NG cannot make, and handing the rows to the store's bulk import, all in
 * one pass and one transaction.
 *
 * Why SAX and not xmlTextReader: the reader registers every xml:id in a
 * table that lives as long as the document, so a corpus of a million
 * claims (three million ids) costs hundreds of megabytes and seconds of
 * hashing; SAX builds nothing. Memory here holds the header's small
 * tables and one document at a time.
 *
 * Hostile input: XML_PARSE_NONET, never NOENT/DTDLOAD/DTDATTR, no
 * external subset or entity resolver, and the first entity declaration
 * stops the parser, so neither "billion laughs" nor an external entity is
 * ever expanded. Before the real pass a short probe reads the header up
 * to appInfo, so that a file from a newer Attest is refused as such
 * rather than with whatever its unknown elements would cause.
 *
 * This file runs the parser (probe, input, errors, entities) and holds
 * the public entry points; the grammar is in attest-tei-reader-elements.c,
 * the rows of the header in attest-tei-reader-header.c and those of each
 * document in attest-tei-reader-document.c.
 *
 * Pointers are resolved when they are met; the writer puts every target
 * before its users (persons and taxonomy in the header, anchors in the
 * text before the claims, sources before claims), and a pointer forward
 * or into another document is refused.
 */
#include "config.h"

#include "attest-tei-reader.h"

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/SAX2.h>
#include <string.h>

#include "attest-error.h"
#include "attest-input-file.h"
#include "attest-tei-reader-private.h"

#define CHUNK_SIZE     (64 * 1024)
#define PROBE_LIMIT    (64 * 1024 * 1024)

/* --------------------------------------------------------------- errors */

void
tei_reader_fail (Reader     *self,
                 int         code,
                 const char *format,
                 ...)
{
  g_autofree char *message = NULL;
  va_list args;

  if (self->error != NULL)
    return;
  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  self->error = g_error_new (ATTEST_ERROR, code, "“%s”, line %d: %s", self->name,
                             self->ctxt ? xmlSAX2GetLineNumber (self->ctxt) : 0, message);
  if (self->ctxt != NULL)
    xmlStopParser (self->ctxt);
}

/* Takes over an error from the store, adding where in the file it arose. */
void
tei_reader_fail_with (Reader *self,
                      GError *error)
{
  if (self->error == NULL && error != NULL)
    {
      self->error = g_error_new (error->domain, error->code, "“%s”, line %d: %s", self->name,
                                 self->ctxt ? xmlSAX2GetLineNumber (self->ctxt) : 0,
                                 error->message);
      if (self->ctxt != NULL)
        xmlStopParser (self->ctxt);
    }
  g_clear_error (&error);
}

/* A record is checked by the rules every row obeys, whoever brings it
 * (attest-rules.c): the same words as for a teammate's copy, with the
 * place in the file. */
gboolean
tei_reader_obeys (Reader   *self,
                  gboolean  passed,
                  GError  **error)
{
  if (passed)
    return TRUE;
  (*error)->code = ATTEST_ERROR_FORMAT;
  tei_reader_fail_with (self, g_steal_pointer (error));
  return FALSE;
}

static void
structured_error (void        *user_data,
                  xmlErrorPtr  error)
{
  Reader *self = user_data;

  if (error->level < XML_ERR_ERROR || self->xml_error != NULL)
    return;
  /* libxml2's push parser says "Extra content at the end of the document"
   * of a file that ends while elements are still open. */
  if (error->code == XML_ERR_DOCUMENT_END && self->stack->len > 0)
    self->xml_error = g_strdup ("the file ends in the middle of the document: it was cut short");
  else
    self->xml_error = g_strstrip (g_strdup (error->message ? error->message : "unknown error"));
  self->xml_error_line = error->line;
}

/* ------------------------------------------------------------- entities */

static void
refuse_entity (Reader *self)
{
  self->entities = TRUE;
  tei_reader_fail (self, ATTEST_ERROR_FORMAT,
                   "the file declares XML entities, which Attest does not read (nothing was expanded)");
}

static void
entity_decl (void          *user_data,
             const xmlChar *name,
             int            type,
             const xmlChar *public_id,
             const xmlChar *system_id,
             xmlChar       *content)
{
  refuse_entity (user_data);
}

static void
unparsed_entity_decl (void          *user_data,
                      const xmlChar *name,
                      const xmlChar *public_id,
                      const xmlChar *system_id,
                      const xmlChar *notation_name)
{
  refuse_entity (user_data);
}

static xmlEntityPtr
get_entity (void          *user_data,
            const xmlChar *name)
{
  /* The five predefined entities never come here; nothing else exists. */
  return NULL;
}

static void
reference (void          *user_data,
           const xmlChar *name)
{
  Reader *self = user_data;

  self->entities = TRUE;
  tei_reader_fail (self, ATTEST_ERROR_FORMAT, "the file refers to the XML entity &%s;, which Attest does not read",
                   (const char *) name);
}

/* ---------------------------------------------------------------- input */

gboolean
tei_reader_is_blank (const xmlChar *text,
                     int            len)
{
  for (int i = 0; i < len; i++)
    if (text[i] != ' ' && text[i] != '\t' && text[i] != '\n' && text[i] != '\r')
      return FALSE;
  return TRUE;
}

static void
reader_init (Reader *self)
{
  self->stack = g_array_new (FALSE, FALSE, sizeof (Frame));
  self->elems = g_hash_table_new (g_direct_hash, g_direct_equal);
  self->field = g_string_new (NULL);
  self->values = g_string_new (NULL);
  self->value_ptrs = g_ptr_array_new ();
  self->persons = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, tei_reader_person_free);
  self->categories = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->outside = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->header_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->documents = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->category_stack = g_ptr_array_new_with_free_func (tei_reader_category_build_free);
  self->claim.links = g_ptr_array_new_with_free_func (tei_reader_link_build_free);
  self->claim.origin_ids = g_ptr_array_new_with_free_func (g_free);
  self->curated = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify) g_ptr_array_unref);
}

static void
reader_clear (Reader *self)
{
  g_array_unref (self->stack);
  g_hash_table_unref (self->elems);
  g_string_free (self->field, TRUE);
  g_string_free (self->values, TRUE);
  g_ptr_array_unref (self->value_ptrs);
  g_hash_table_unref (self->persons);
  g_hash_table_unref (self->categories);
  g_hash_table_unref (self->outside);
  g_hash_table_unref (self->header_ids);
  g_hash_table_unref (self->documents);
  g_ptr_array_unref (self->category_stack);
  tei_reader_clear_person (&self->person);
  tei_reader_clear_source (&self->source);
  tei_reader_clear_claim (&self->claim);
  g_ptr_array_unref (self->claim.links);
  g_ptr_array_unref (self->claim.origin_ids);
  g_hash_table_unref (self->curated);
  tei_reader_clear_change (&self->change);
  g_clear_pointer (&self->doc, tei_reader_doc_build_free);
  g_free (self->corpus_count);
  g_free (self->application_version);
  g_free (self->xml_error);
  g_clear_error (&self->error);
}

/* The bytes the probe read, handed to the real pass before the rest. */
typedef struct {
  GInputStream *stream;
  GByteArray   *replay;
  gsize         replay_pos;
  gsize         total;
  gboolean      probing;
} Input;

static gssize
input_read (Input        *input,
            char         *buffer,
            gsize         size,
            GCancellable *cancellable,
            GError      **error)
{
  gssize n;

  /* While probing the replay buffer only fills; the real pass reads it. */
  if (!input->probing && input->replay_pos < input->replay->len)
    {
      n = MIN (size, input->replay->len - input->replay_pos);
      memcpy (buffer, input->replay->data + input->replay_pos, n);
      input->replay_pos += n;
      return n;
    }
  n = g_input_stream_read (input->stream, buffer, size, cancellable, error);
  if (n > 0)
    input->total += n;
  return n;
}

static void
free_parser (Reader *self)
{
  /* For "expat compatibility" libxml2 keeps entity declarations in a
   * document of its own even in SAX mode; it is ours to free. */
  if (self->ctxt->myDoc != NULL)
    xmlFreeDoc (self->ctxt->myDoc);
  self->ctxt->myDoc = NULL;
  xmlFreeParserCtxt (self->ctxt);
  self->ctxt = NULL;
}

static void
silent_error (void       *ctx,
              const char *msg,
              ...)
{
}

static gboolean parse_silently (Reader *self, Input *input, gboolean keep, GError **error);

/* Feeds the input to a SAX2 push parser until it ends, fails or is
 * stopped. @keep: remember what was read (for the probe). libxml2 2.9
 * raises encoding errors without the parser context, through the thread's
 * generic error function: silence that for the parse (errors reach the
 * user through the structured handler and our GError), then restore it. */
static gboolean
parse (Reader   *self,
       Input    *input,
       gboolean  keep,
       GError  **error)
{
  xmlGenericErrorFunc saved = xmlGenericError;
  void *saved_ctx = xmlGenericErrorContext;
  gboolean result;

  xmlSetGenericErrorFunc (NULL, silent_error);
  result = parse_silently (self, input, keep, error);
  xmlSetGenericErrorFunc (saved_ctx, saved);
  return result;
}

static gboolean
parse_silently (Reader   *self,
                Input    *input,
                gboolean  keep,
                GError  **error)
{
  xmlSAXHandler sax = { 0 };
  g_autofree char *buffer = g_malloc (CHUNK_SIZE);
  gboolean stopped = FALSE;
  gboolean any = FALSE;
  gssize n;

  sax.initialized = XML_SAX2_MAGIC;
  sax.startElementNs = tei_reader_start_element;
  sax.endElementNs = tei_reader_end_element;
  sax.characters = tei_reader_characters;
  sax.ignorableWhitespace = tei_reader_characters;
  sax.cdataBlock = tei_reader_characters;
  sax.serror = structured_error;
  sax.entityDecl = entity_decl;
  sax.unparsedEntityDecl = unparsed_entity_decl;
  sax.getEntity = get_entity;
  sax.getParameterEntity = get_entity;
  sax.reference = reference;

  /* Names are interned per parser: a new parser, a new cache. */
  g_hash_table_remove_all (self->elems);
  self->ctxt = xmlCreatePushParserCtxt (&sax, self, NULL, 0, self->name);
  if (self->ctxt == NULL)
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_FAILED, "Out of memory reading “%s”", self->name);
      return FALSE;
    }
  /* No network, and nothing that loads or expands a DTD. */
  xmlCtxtUseOptions (self->ctxt, XML_PARSE_NONET | XML_PARSE_NOCDATA);

  do
    {
      GError *read_error = NULL;

      n = input_read (input, buffer, CHUNK_SIZE, self->cancellable, &read_error);
      if (n < 0)
        {
          free_parser (self);
          if (g_error_matches (read_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            g_propagate_error (error, read_error);
          else
            {
              g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_IO, "Could not read “%s”: %s",
                           self->name, read_error->message);
              g_error_free (read_error);
            }
          return FALSE;
        }
      if (keep)
        {
          g_byte_array_append (input->replay, (const guint8 *) buffer, n);
          if (input->replay->len > PROBE_LIMIT)
            tei_reader_fail (self, ATTEST_ERROR_FORMAT,
                             "the file is not an Attest export (no Attest application in its first %d MB)",
                             PROBE_LIMIT / (1024 * 1024));
        }
      if (n > 0 && !tei_reader_is_blank ((const xmlChar *) buffer, n))
        any = TRUE;
      if (tei_reader_ok (self))
        {
          gboolean had_xml_error = self->xml_error != NULL;

          xmlParseChunk (self->ctxt, buffer, n, n == 0);
          /* The same for the XML itself: a file cut inside a tag or an
           * attribute only fails once libxml2 knows no more is coming. */
          if (n == 0 && !had_xml_error && self->xml_error != NULL && self->stack->len > 0 &&
              !self->probing)
            {
              g_free (self->xml_error);
              self->xml_error = g_strdup ("the file ends in the middle of the document: it was cut short");
            }
          /* At the end libxml2 reads whatever is left, a start tag cut in
           * half included; if that fails while the root is still open,
           * the file was cut short, whatever the element's complaint. */
          if (n == 0 && !tei_reader_ok (self) && self->stack->len > 0 &&
              self->error->domain == ATTEST_ERROR && !self->probing)
            {
              g_clear_error (&self->error);
              self->error = g_error_new (ATTEST_ERROR, ATTEST_ERROR_FORMAT,
                                         "“%s” is not well-formed XML: the file ends in the middle "
                                         "of the document: it was cut short", self->name);
            }
        }
      stopped = !tei_reader_ok (self) || self->ctxt->disableSAX == 2 || !self->ctxt->wellFormed ||
                self->ctxt->instate == XML_PARSER_EOF;
    }
  while (n > 0 && !stopped);

  if (tei_reader_ok (self) && !self->ctxt->wellFormed)
    {
      if (!any)
        self->error = g_error_new (ATTEST_ERROR, ATTEST_ERROR_EMPTY, "“%s” is empty", self->name);
      else
        self->error = g_error_new (ATTEST_ERROR, ATTEST_ERROR_FORMAT,
                                   "“%s” is not well-formed XML: line %d: %s", self->name,
                                   self->xml_error_line,
                                   self->xml_error ? self->xml_error : "the parser stopped");
    }

  free_parser (self);

  if (!tei_reader_ok (self))
    {
      g_propagate_error (error, g_steal_pointer (&self->error));
      return FALSE;
    }
  return TRUE;
}

/* Reads the header as far as the Attest application: the file's root, its
 * format version, and the DTD (entities) are known before any data is. */
static gboolean
probe (Reader  *self,
       Input   *input,
       GError **error)
{
  self->probing = input->probing = TRUE;
  if (!parse (self, input, TRUE, error))
    return FALSE;
  self->probing = input->probing = FALSE;
  g_array_set_size (self->stack, 0);

  if (!self->have_app)
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_FORMAT,
                   "“%s” is not an Attest export (no Attest application in its header)", self->name);
      return FALSE;
    }
  self->have_app = FALSE;
  self->format_version = 0;
  return TRUE;
}

static gboolean
import_all (AttestStore *store,
            gpointer     user_data,
            GError     **error)
{
  gpointer *args = user_data;
  Reader *self = args[0];
  Input *input = args[1];

  if (store != NULL && !attest_store_import_watermarks (store, &self->marks, error))
    return FALSE;
  return parse (self, input, FALSE, error);
}

static gboolean
run (AttestStore        *store,
     GInputStream       *stream,
     const char         *name,
     AttestImportCounts *out_counts,
     AttestProgressFunc  progress,
     gpointer            progress_data,
     GCancellable       *cancellable,
     GError            **error)
{
  Reader self = {
    .store = store,
    .name = name ? name : "input",
    .cancellable = cancellable,
    .progress = progress,
    .progress_data = progress_data,
  };
  Input input = { stream, g_byte_array_new (), 0, 0, FALSE };
  gpointer args[2] = { &self, &input };
  gboolean result;

  reader_init (&self);

  result = probe (&self, &input, error);
  if (result)
    {
      /* The real pass starts again from the first byte. */
      g_clear_pointer (&self.application_version, g_free);
      if (store != NULL)
        result = attest_store_bulk_import (store, import_all, args, error);
      else
        result = import_all (NULL, args, error);
    }

  if (result && out_counts)
    *out_counts = self.counts;
  g_byte_array_unref (input.replay);
  reader_clear (&self);
  return result;
}

/**
 * attest_tei_reader_import:
 * @store: an #AttestStore
 * @stream: the TEI file's content
 * @name: names the input in messages
 * @out_counts: (out caller-allocates) (optional): the counts of what was imported
 * @progress: (nullable) (scope call): called as the work progresses
 * @progress_data: data for @progress
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError, or %NULL
 *
 * Errors: ATTEST_ERROR_FORMAT (not well-formed, not TEI, not an Attest
 * export, entities, dangling pointers, offsets or text that do not
 * match…), ATTEST_ERROR_NEWER_SCHEMA (a newer Attest wrote it),
 * ATTEST_ERROR_CONFLICT (a uuid the database holds with other content),
 * the store's errors, or G_IO_ERROR_CANCELLED.
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */
gboolean
attest_tei_reader_import (AttestStore        *store,
                          GInputStream       *stream,
                          const char         *name,
                          AttestImportCounts *out_counts,
                          AttestProgressFunc  progress,
                          gpointer            progress_data,
                          GCancellable       *cancellable,
                          GError            **error)
{
  g_return_val_if_fail (ATTEST_IS_STORE (store), FALSE);
  g_return_val_if_fail (G_IS_INPUT_STREAM (stream), FALSE);

  return run (store, stream, name, out_counts, progress, progress_data, cancellable, error);
}

/**
 * attest_tei_reader_check:
 * @stream: the TEI file's content
 * @name: names the input in messages
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError, or %NULL
 *
 * All the checks of an import, without a database. (Ids repeated across
 * documents are found only on import, by the database.)
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */
gboolean
attest_tei_reader_check (GInputStream  *stream,
                         const char    *name,
                         GCancellable  *cancellable,
                         GError       **error)
{
  g_return_val_if_fail (G_IS_INPUT_STREAM (stream), FALSE);

  return run (NULL, stream, name, NULL, NULL, NULL, cancellable, error);
}

static GInputStream *
open_file (GFile        *file,
           GCancellable *cancellable,
           GError      **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *name = g_file_get_parse_name (file);
  GInputStream *stream = attest_input_file_open (file, NULL, cancellable, &local_error);

  if (stream != NULL)
    return stream;
  if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      local_error->domain == ATTEST_ERROR)
    g_propagate_error (error, g_steal_pointer (&local_error));
  else
    g_set_error (error, ATTEST_ERROR,
                 g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND)
                 ? ATTEST_ERROR_NOT_FOUND : ATTEST_ERROR_IO,
                 "Could not read “%s”: %s", name, local_error->message);
  return NULL;
}

/**
 * attest_tei_reader_import_file:
 * @store: an #AttestStore
 * @file: the TEI file
 * @out_counts: (out caller-allocates) (optional): the counts of what was imported
 * @progress: (nullable) (scope call): called as the work progresses
 * @progress_data: data for @progress
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError, or %NULL
 *
 * attest_tei_reader_import() from @file.
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */
gboolean
attest_tei_reader_import_file (AttestStore        *store,
                               GFile              *file,
                               AttestImportCounts *out_counts,
                               AttestProgressFunc  progress,
                               gpointer            progress_data,
                               GCancellable       *cancellable,
                               GError            **error)
{
  g_autoptr(GInputStream) stream = NULL;
  g_autofree char *name = NULL;

  g_return_val_if_fail (ATTEST_IS_STORE (store), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  if (!(stream = open_file (file, cancellable, error)))
    return FALSE;
  name = g_file_get_basename (file);
  return run (store, stream, name, out_counts, progress, progress_data, cancellable, error);
}

/**
 * attest_tei_reader_check_file:
 * @file: the TEI file
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError, or %NULL
 *
 * attest_tei_reader_check() of @file.
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */
gboolean
attest_tei_reader_check_file (GFile         *file,
                              GCancellable  *cancellable,
                              GError       **error)
{
  g_autoptr(GInputStream) stream = NULL;
  g_autofree char *name = NULL;

  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  if (!(stream = open_file (file, cancellable, error)))
    return FALSE;
  name = g_file_get_basename (file);
  return run (NULL, stream, name, NULL, NULL, NULL, cancellable, error);
}
