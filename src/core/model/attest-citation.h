/* attest-citation.h — one occurrence of a source in a document's text, such as
 * "Interfax, Moscow, December 1" inside "(Interfax, Moscow, December 1)".
 *
 * start/end are character offsets of the attribution itself (one segment of a
 * parenthesis; "(Interfax, Itar-Tass, April 21)" yields two citations with the
 * same span, one per agency).
 */
#pragma once

#include <glib-object.h>
#include "attest-source.h"

G_BEGIN_DECLS

/* How the scanner found a citation, or that an analyst marked it. */
typedef enum
{
  ATTEST_CITATION_PARENTHESIS,  /* "(Interfax, Moscow, December 1)", "(via the Moscow Times)" */
  ATTEST_CITATION_DATELINE,     /* "BISHKEK. Aug 30 (Interfax) -": the whole story */
  ATTEST_CITATION_REPORTING,    /* "told Interfax", "according to a Kommersant report" */
  ATTEST_CITATION_SOURCE_LINE,  /* "Source: Asia-Plus", "(Kabar, 24.kg)" on its own line */
  ATTEST_CITATION_MARKED,       /* selected and marked by an analyst */
} AttestCitationKind;

const char *attest_citation_kind_to_string   (AttestCitationKind  kind);
gboolean    attest_citation_kind_from_string (const char         *text,
                                              AttestCitationKind *kind);

#define ATTEST_TYPE_CITATION (attest_citation_get_type ())
G_DECLARE_FINAL_TYPE (AttestCitation, attest_citation, ATTEST, CITATION, GObject)

/**
 * AttestCitation:
 *
 * An attribution in a document's text. The fields are public to read; the
 * citation owns its strings and holds a reference to @source.
 */
struct _AttestCitation
{
  GObject parent_instance;

  gint64        id;
  char         *uuid;
  char         *document_uuid;
  gint64        start;            /* characters */
  gint64        end;
  char         *text;             /* the text of [start, end) */
  gboolean      closes_paragraph; /* only punctuation follows until the paragraph ends */
  gint64        paragraph_start;  /* character offset of its paragraph */
  AttestCitationKind kind;
  gint64        cover_start;      /* the text it attributes: [cover_start, cover_end) */
  gint64        cover_end;
  AttestSource *source;           /* owned */
};

AttestCitation *attest_citation_new (void);

G_END_DECLS
