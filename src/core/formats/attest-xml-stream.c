/* attest-xml-stream.c — see attest-xml-stream.h. */
#include "attest-xml-stream.h"
#include "attest-error.h"
#include "attest-markup-text.h"

#include <string.h>

/* libxml2 2.12 made the structured error handler's argument const. */
#if LIBXML_VERSION >= 21200
typedef const xmlError *XmlErrorArg;
#else
typedef xmlError *XmlErrorArg;
#endif

struct _AttestXmlStream
{
  GBytes           *bytes;      /* the reader reads from it in place */
  char             *what;
  xmlTextReaderPtr  reader;
  char             *message;    /* the first error libxml2 reported */
  int               line;
  gboolean          checked_dtd;
  gboolean          checked_tags;
};

static void
on_error (void        *data,
          XmlErrorArg  error)
{
  AttestXmlStream *stream = data;

  if (stream->message == NULL && error != NULL && error->message != NULL)
    {
      stream->message = g_strstrip (g_strdup (error->message));
      stream->line = error->line;
    }
}

/**
 * attest_xml_stream_new:
 * @bytes: the XML
 * @what: names the part in messages: "“memo.docx” (word/document.xml)"
 *
 * A pull reader over @bytes.
 *
 * Returns: (transfer full): a new #AttestXmlStream
 */
AttestXmlStream *
attest_xml_stream_new (GBytes     *bytes,
                       const char *what)
{
  AttestXmlStream *stream = g_new0 (AttestXmlStream, 1);
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);

  stream->bytes = g_bytes_ref (bytes);
  stream->what = g_strdup (what);
  /* No NOENT, no DTDLOAD, no DTDATTR: entities stay references and
   * nothing outside the part is ever loaded. */
  stream->reader = xmlReaderForMemory (data, (int) MIN (len, G_MAXINT), NULL, NULL,
                                       XML_PARSE_NONET | XML_PARSE_NOERROR |
                                       XML_PARSE_NOWARNING | XML_PARSE_NOCDATA |
                                       XML_PARSE_COMPACT);
  if (stream->reader != NULL)
    xmlTextReaderSetStructuredErrorHandler (stream->reader,
                                            (xmlStructuredErrorFunc) on_error, stream);
  return stream;
}

/**
 * attest_xml_stream_free:
 * @stream: (nullable): an #AttestXmlStream
 */
void
attest_xml_stream_free (AttestXmlStream *stream)
{
  if (stream == NULL)
    return;
  if (stream->reader != NULL)
    xmlFreeTextReader (stream->reader);
  g_bytes_unref (stream->bytes);
  g_free (stream->what);
  g_free (stream->message);
  g_free (stream);
}

static gboolean
declares_entities (AttestXmlStream *stream)
{
  /* Through the current node: xmlTextReaderCurrentDoc() would make the
   * reader keep every node it has read, and leave the document to us. */
  xmlNode *node = xmlTextReaderCurrentNode (stream->reader);
  xmlDoc *doc = node != NULL ? node->doc : NULL;

  return doc != NULL &&
         ((doc->intSubset != NULL && (doc->intSubset->entities != NULL ||
                                      doc->intSubset->pentities != NULL)) ||
          doc->extSubset != NULL);
}

/**
 * attest_xml_stream_next:
 * @stream: an #AttestXmlStream
 * @error: return location for a #GError, or %NULL
 *
 * Moves to the next node.
 *
 * Returns: %TRUE on a node, %FALSE at the end or on an error (then @error
 *   is set; ATTEST_ERROR_FORMAT)
 */
gboolean
attest_xml_stream_next (AttestXmlStream  *stream,
                        GError          **error)
{
  int r;
  int type;

  if (!stream->checked_tags)
    {
      gsize len;
      const char *data = g_bytes_get_data (stream->bytes, &len);

      stream->checked_tags = TRUE;
      if (!attest_markup_check_tags (data, len, stream->what, error))
        {
          g_clear_pointer (&stream->reader, xmlFreeTextReader);
          return FALSE;
        }
    }

  if (stream->reader == NULL)
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_FORMAT,
                   "%s cannot be read", stream->what);
      return FALSE;
    }

  r = xmlTextReaderRead (stream->reader);
  if (r < 0 || (r == 0 && stream->message != NULL))
    {
      /* libxml2 may stop inside the DTD itself (an entity loop): the
       * declarations are what is wrong, so they are what is said. */
      if (declares_entities (stream))
        g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_FORMAT,
                     "%s declares a DTD or entities, which documents of its kind never do; "
                     "it is refused", stream->what);
      else if (stream->message != NULL)
        g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_FORMAT,
                     "%s is not well-formed XML: %s (line %d)",
                     stream->what, stream->message, stream->line);
      else
        g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_FORMAT,
                     "%s is not well-formed XML", stream->what);
      return FALSE;
    }
  if (r == 0)
    return FALSE;

  /* Office documents never declare entities: one that does is hostile. The
   * DOCTYPE comes before the first element, so this refuses before any
   * entity could be referenced. */
  type = xmlTextReaderNodeType (stream->reader);
  if (!stream->checked_dtd &&
      (type == XML_READER_TYPE_DOCUMENT_TYPE || type == XML_READER_TYPE_ELEMENT))
    {
      if (declares_entities (stream) || type == XML_READER_TYPE_DOCUMENT_TYPE)
        {
          g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_FORMAT,
                       "%s declares a DTD or entities, which documents of its kind never do; "
                       "it is refused", stream->what);
          return FALSE;
        }
      stream->checked_dtd = type == XML_READER_TYPE_ELEMENT;
    }
  if (type == XML_READER_TYPE_ENTITY_REFERENCE)
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_FORMAT,
                   "%s refers to an entity, which documents of its kind never do; it is refused",
                   stream->what);
      return FALSE;
    }

  return TRUE;
}

/**
 * attest_xml_stream_reader:
 * @stream: an #AttestXmlStream
 *
 * Returns: (transfer none): the libxml2 reader, for the node's type, names,
 *   attributes and value
 */
xmlTextReaderPtr
attest_xml_stream_reader (AttestXmlStream *stream)
{
  return stream->reader;
}

/**
 * attest_xml_stream_is_start:
 * @stream: an #AttestXmlStream
 * @local: a local name
 *
 * Returns: whether the current node is an element start named @local
 */
gboolean
attest_xml_stream_is_start (AttestXmlStream *stream,
                            const char      *local)
{
  return xmlTextReaderNodeType (stream->reader) == XML_READER_TYPE_ELEMENT &&
         strcmp ((const char *) xmlTextReaderConstLocalName (stream->reader), local) == 0;
}

/**
 * attest_xml_stream_is_end:
 * @stream: an #AttestXmlStream
 * @local: a local name
 *
 * Returns: whether the current node is an element end named @local
 */
gboolean
attest_xml_stream_is_end (AttestXmlStream *stream,
                          const char      *local)
{
  int type = xmlTextReaderNodeType (stream->reader);

  if (type == XML_READER_TYPE_ELEMENT)
    return xmlTextReaderIsEmptyElement (stream->reader) &&
           strcmp ((const char *) xmlTextReaderConstLocalName (stream->reader), local) == 0;
  return type == XML_READER_TYPE_END_ELEMENT &&
         strcmp ((const char *) xmlTextReaderConstLocalName (stream->reader), local) == 0;
}

/**
 * attest_xml_stream_dup_attribute:
 * @stream: an #AttestXmlStream
 * @local: a local name
 *
 * Returns: (transfer full) (nullable): the attribute with local name
 *   @local (any namespace), or %NULL
 */
char *
attest_xml_stream_dup_attribute (AttestXmlStream *stream,
                                 const char      *local)
{
  xmlTextReaderPtr reader = stream->reader;
  char *value = NULL;

  if (xmlTextReaderMoveToFirstAttribute (reader) != 1)
    return NULL;
  do
    {
      if (strcmp ((const char *) xmlTextReaderConstLocalName (reader), local) == 0)
        {
          value = g_strdup ((const char *) xmlTextReaderConstValue (reader));
          break;
        }
    }
  while (xmlTextReaderMoveToNextAttribute (reader) == 1);
  xmlTextReaderMoveToElement (reader);

  return value;
}

/**
 * attest_xml_stream_dup_text:
 * @stream: an #AttestXmlStream
 * @error: return location for a #GError, or %NULL
 *
 * The text inside the current element, to its end, collapsed to one line;
 * Leaves the stream on the element's end.
 *
 * Returns: (transfer full) (nullable): the text, or %NULL if empty (or on
 *   an error, with @error set)
 */
char *
attest_xml_stream_dup_text (AttestXmlStream  *stream,
                            GError          **error)
{
  xmlTextReaderPtr reader = stream->reader;
  g_autoptr(GString) text = g_string_new (NULL);
  int depth = xmlTextReaderDepth (reader);

  if (xmlTextReaderIsEmptyElement (reader))
    return NULL;

  while (attest_xml_stream_next (stream, error))
    {
      int type = xmlTextReaderNodeType (reader);

      if (type == XML_READER_TYPE_END_ELEMENT && xmlTextReaderDepth (reader) == depth)
        return attest_markup_collapse (text->str);
      if (type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_CDATA ||
          type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE || type == XML_READER_TYPE_WHITESPACE)
        g_string_append (text, (const char *) xmlTextReaderConstValue (reader));
    }

  if (error != NULL && *error == NULL)
    g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_FORMAT,
                 "%s ends in the middle of an element", stream->what);
  return NULL;
}
