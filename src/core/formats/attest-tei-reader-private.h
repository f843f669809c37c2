/* attest-tei-reader-private.h — what the parts of the TEI reader share:
 * the reader's state, the builds of the rows being read, and the handlers
 * each part gives the element dispatch (attest-tei-reader-elements.c).
 */
#pragma once

#include <libxml/parser.h>

#include "attest-store-bulk.h"
#include "attest-tei-reader.h"

G_BEGIN_DECLS

/* The elements of our TEI (their names are in attest-tei-reader-elements.c). */
typedef enum {
  E_UNKNOWN,
  E_ADD, E_ANALYTIC, E_ANCHOR, E_APP_INFO, E_APPLICATION, E_AUTHOR, E_AUTHORITY,
  E_BIBL, E_BIBL_SCOPE, E_BIBL_STRUCT, E_BODY, E_CATEGORY, E_CHANGE, E_CLASS_DECL,
  E_DATE, E_DEL, E_DESC, E_ENCODING_DESC, E_EXTENT, E_FILE_DESC, E_G, E_GLOSS, E_IDNO,
  E_IMPRINT, E_INTERP, E_INTERP_GRP, E_LABEL, E_LIST_BIBL, E_MEASURE, E_MONOGR, E_NOTE, E_NOTES_STMT,
  E_ORG_NAME, E_P, E_PERS_NAME, E_PTR, E_PUB_PLACE, E_PUBLICATION_STMT, E_RESP,
  E_RESP_STMT, E_REVISION_DESC, E_SOURCE_DESC, E_SPAN, E_SPAN_GRP, E_STAND_OFF,
  E_TAXONOMY, E_TEI, E_TEI_CORPUS, E_TEI_HEADER, E_TEXT, E_TITLE, E_TITLE_STMT,
} Elem;

/* What an element is in its context. */
typedef enum {
  K_CONTAINER,   /* elements only; white space between them */
  K_FIELD,       /* text (and <g>) collected into *target */
  K_EMPTY,       /* no content at all */
  K_LOOSE,       /* elements, with text between them that is ignored (bibl) */
  K_LINE,        /* a <p> of the article: text, anchors and <g> */
} Kind;

/* Roles of containers that need their own handling. */
typedef enum {
  R_NONE,
  R_CORPUS, R_CORPUS_HEADER, R_DOCUMENT, R_DOCUMENT_HEADER,
  R_CORPUS_FILE_DESC, R_DOCUMENT_FILE_DESC, R_TITLE_STMT, R_RESP_STMT,
  R_CORPUS_EXTENT, R_DOCUMENT_EXTENT, R_CORPUS_PUBLICATION, R_DOCUMENT_PUBLICATION,
  R_CORPUS_SOURCE_DESC, R_DOCUMENT_SOURCE_DESC, R_OUTSIDE_SOURCES, R_DOCUMENT_SOURCES,
  R_BIBL, R_ENCODING_DESC, R_APP_INFO, R_APPLICATION, R_CLASS_DECL, R_TAXONOMY, R_CATEGORY,
  R_REVISION_DESC, R_CHANGE, R_NOTES_STMT, R_IMPORTED_NOTE, R_BIBL_STRUCT, R_ANALYTIC,
  R_MONOGR, R_IMPRINT, R_TEXT, R_BODY, R_STANDOFF, R_SPAN_GRP, R_SPAN, R_ORIGIN_ID, R_CITATIONS,
  R_CORPUS_NOTES, R_AGREEMENT, R_INTERP_GRP,
} Role;

typedef struct {
  Elem        elem;
  Kind        kind;
  Role        role;
  char      **target;   /* K_FIELD */
  const char *what;     /* K_FIELD: for messages */
} Frame;

typedef struct {
  gint64 offset;        /* characters */
  gsize  byte;          /* into the text */
} Anchor;

typedef struct {
  char *name;
  gint64 annotator_id;  /* 0: not an annotator (known from the history only) */
} Person;

typedef struct {
  char *id;
  char *resp;
  char *name;
} PersonBuild;

typedef struct {
  char *id;
  char *recorded;
  char *outlet;
  char *place;
  char *date_text;
  char *when;
  char *title;
  char *url;
  char *reliability;
  gboolean has_date;
} SourceBuild;

typedef struct {
  char *when;
  char *resp;
  char *corresp;
} LinkBuild;

typedef struct {
  char      *id;
  char      *from;
  char      *to;
  char      *ana;
  char      *resp;
  char      *cert;
  char      *sources;
  char      *type;
  char      *subtype;
  char      *created;
  char      *modified;
  char      *version;
  char      *comment;
  GPtrArray *links;     /* LinkBuild */
  char      *origin_ptr;  /* <ptr type="origin">'s targets */
  GPtrArray *origin_ids;  /* <idno type="origin">s */
} ClaimBuild;

typedef struct {
  char *id;
  char *when;
  char *who;
  char *type;
  char *subtype;
  char *entity_uuid;
  char *field;
  char *old_value;
  char *new_value;
} ChangeBuild;

typedef struct {
  AttestCategory *category;
  gint64          position;
  gboolean        stored;
} CategoryBuild;

typedef struct {
  AttestDocument     *doc;
  char               *id;            /* "d-uuid" */
  char               *idno_uuid;
  char               *length;        /* the extent's quantity */
  char               *body_start;
  gboolean            header_done;
  gboolean            text_done;
  gboolean            claims_started;
  gboolean            have_imprint_date;
  GString            *text;
  gint64              offset;
  guint               lines;
  GArray             *anchors;       /* Anchor, increasing */
  GHashTable         *sources;       /* "s-uuid" → row id */
  GHashTable         *claims;        /* "c-uuid", for repeats within it */
  GPtrArray          *origin_ptrs;   /* "c-uuid" pairs: a curated claim, a target
                                        its ptr names, checked at the end */
  gboolean            citations_listed;  /* a spanGrp of citations came: no scan */
  GArray             *citations;     /* AttestCitationRow; the uuids owned below */
  GPtrArray          *citation_ids;
  gint64              row_id;
  AttestImportOutcome outcome;
} DocBuild;

typedef struct {
  /* Set up by the caller. */
  AttestStore            *store;       /* NULL: check only */
  const char             *name;
  GCancellable           *cancellable;
  AttestProgressFunc      progress;
  gpointer                progress_data;
  gboolean                probing;

  xmlParserCtxtPtr        ctxt;
  GError                 *error;
  char                   *xml_error;   /* the parser's first complaint */
  int                     xml_error_line;
  gboolean                entities;

  GArray                 *stack;       /* Frame */
  GHashTable             *elems;       /* interned libxml2 name → Elem */
  GString                *field;
  GString                *values;      /* attribute values of the current element */
  GPtrArray              *value_ptrs;

  /* What the file says about itself. */
  gboolean                single;
  gboolean                have_app;
  int                     format_version;
  char                   *corpus_count;
  guint                   documents_seen;
  guint                   documents_total;

  /* The header's tables. */
  GHashTable             *persons;     /* "a-uuid" / "pN" → Person */
  GHashTable             *categories;  /* key → row id */
  GHashTable             *outside;     /* "s-uuid" → row id */
  GHashTable             *header_ids;  /* every other id met outside documents */
  GHashTable             *documents;   /* "d-uuid" */
  GHashTable             *curated;     /* curated uuid → GPtrArray of its origins,
                                          from the history's curate/origin changes */
  GPtrArray              *category_stack; /* CategoryBuild */
  gint64                  category_position;
  gboolean                have_taxonomy;
  gboolean                adopt_taxonomy;

  /* What is being read now. */
  PersonBuild             person;
  SourceBuild             source;
  ClaimBuild              claim;
  ChangeBuild             change;
  DocBuild               *doc;
  char                   *application_version;

  AttestImportWatermarks  marks;
  AttestImportCounts      counts;
} Reader;

typedef struct {
  const xmlChar **raw;
  int             n;
  Reader         *reader;
} Attrs;

/* No error yet: asked at every element and every piece of text. */
static inline gboolean
tei_reader_ok (Reader *self)
{
  return self->error == NULL;
}

/* ------------------------------------------------- attest-tei-reader.c */

void         tei_reader_fail (Reader     *self,
                              int         code,
                              const char *format,
                              ...) G_GNUC_PRINTF (3, 4);
void         tei_reader_fail_with (Reader *self,
                                   GError *error);
gboolean     tei_reader_obeys (Reader   *self,
                               gboolean  passed,
                               GError  **error);
gboolean     tei_reader_is_blank (const xmlChar *text,
                                  int            len);

/* ---------------------------------------- attest-tei-reader-elements.c */

const char * tei_reader_attr (Attrs      *attrs,
                              const char *name,
                              gboolean    xml);
void         tei_reader_start_element (void           *user_data,
                                       const xmlChar  *localname,
                                       const xmlChar  *prefix,
                                       const xmlChar  *uri,
                                       int             nb_namespaces,
                                       const xmlChar **namespaces,
                                       int             nb_attributes,
                                       int             nb_defaulted,
                                       const xmlChar **attributes);
void         tei_reader_end_element (void          *user_data,
                                     const xmlChar *localname,
                                     const xmlChar *prefix,
                                     const xmlChar *uri);
void         tei_reader_characters (void          *user_data,
                                    const xmlChar *text,
                                    int            len);

/* ------------------------------------------ attest-tei-reader-header.c */

void         tei_reader_clear_person (PersonBuild *p);
void         tei_reader_clear_change (ChangeBuild *c);
void         tei_reader_category_build_free (gpointer data);
void         tei_reader_person_free (gpointer data);
void         tei_reader_end_application (Reader *self);
void         tei_reader_end_person (Reader *self);
gint64       tei_reader_resolve_annotator (Reader     *self,
                                           const char *pointer,
                                           const char *what);
void         tei_reader_start_category (Reader *self,
                                        Attrs  *attrs);
void         tei_reader_end_category (Reader *self);
void         tei_reader_start_taxonomy (Reader *self);
void         tei_reader_end_change (Reader *self);

/* ---------------------------------------- attest-tei-reader-document.c */

void         tei_reader_clear_source (SourceBuild *s);
void         tei_reader_link_build_free (gpointer data);
void         tei_reader_clear_claim (ClaimBuild *c);
void         tei_reader_doc_build_free (DocBuild *d);
void         tei_reader_start_document (Reader  *self,
                                        Attrs   *attrs,
                                        gboolean after_header);
void         tei_reader_end_document_header (Reader *self);
void         tei_reader_end_body (Reader *self);
void         tei_reader_end_document (Reader *self);
void         tei_reader_start_line (Reader *self);
void         tei_reader_add_anchor (Reader *self,
                                    Attrs  *attrs);
void         tei_reader_end_source (Reader  *self,
                                    gboolean outside);
void         tei_reader_read_citation (Reader *self,
                                       Attrs  *attrs);
void         tei_reader_end_claim (Reader *self);

G_END_DECLS
