/* attest-xml-stream.h — libxml2's streaming reader over the XML parts of
 * office documents and e-books (private to libattest).
 *
 * No network, no DTD loading, no entity substitution; a part whose DTD
 * declares entities is refused as soon as its DOCTYPE is read, so neither
 * external entities nor expansion bombs are processed. libxml2 never
 * prints: the first error is kept and reported with the part's name.
 */
#pragma once

#include <glib.h>
#include <libxml/xmlreader.h>

G_BEGIN_DECLS

typedef struct _AttestXmlStream AttestXmlStream;

AttestXmlStream *attest_xml_stream_new   (GBytes          *bytes,
                                          const char      *what);
void             attest_xml_stream_free  (AttestXmlStream *stream);

gboolean         attest_xml_stream_next  (AttestXmlStream *stream,
                                          GError         **error);

xmlTextReaderPtr attest_xml_stream_reader (AttestXmlStream *stream);

gboolean         attest_xml_stream_is_start (AttestXmlStream *stream,
                                             const char      *local);
gboolean         attest_xml_stream_is_end   (AttestXmlStream *stream,
                                             const char      *local);

char            *attest_xml_stream_dup_attribute (AttestXmlStream *stream,
                                                  const char      *local);

char            *attest_xml_stream_dup_text (AttestXmlStream *stream,
                                             GError         **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AttestXmlStream, attest_xml_stream_free)

G_END_DECLS
