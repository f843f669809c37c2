/* attest-source.h — what a claim rests on: an outlet or agency, a place and a
 * date, or an outside report (URL, title). Sources found in an article's text
 * belong to that document; sources added by hand may belong to none.
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define ATTEST_TYPE_SOURCE (attest_source_get_type ())
G_DECLARE_FINAL_TYPE (AttestSource, attest_source, ATTEST, SOURCE, GObject)

struct _AttestSource
{
  GObject parent_instance;

  gint64  id;
  char   *uuid;
  char   *document_uuid;  /* NULL for an outside source */
  char   *outlet;         /* as written: "Itar-Tass" */
  char   *canonical;      /* the outlet as the list knows it: "TASS"; NULL if unknown */
  char   *place;          /* "Moscow", or NULL */
  char   *date_text;      /* as written: "December 1", "June 4 2004" */
  char   *when;           /* ISO: "2004-06-04"; "--12-01" when the year is unknown; NULL */
  char   *url;
  char   *title;
  char   *reliability;    /* optional grade, e.g. "A".."F" */
  gint64  citation_count; /* occurrences in the text, filled in by listings */
  gint64  claim_count;    /* claims linked to it, filled in by listings */
};

AttestSource *attest_source_new     (void);
char         *attest_source_dup_label (AttestSource *self);

G_END_DECLS
