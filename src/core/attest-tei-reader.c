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
#include "attest-rules.h"
#include "attest-store-bulk.h"
#include "attest-tei-writer.h"

#define CHUNK_SIZE     (64 * 1024)
#define PROBE_LIMIT    (64 * 1024 * 1024)
#define XML_NS         "http://www.w3.org/XML/1998/namespace"
/* Where the corpus's own categories go when a new database adopts the
 * file's taxonomy: after every position the file can use. */
#define CATEGORY_SHIFT 1000000

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

/* Sorted by name, for bsearch. */
static const struct { const char *name; Elem elem; } elem_names[] = {
  { "TEI", E_TEI }, { "add", E_ADD }, { "analytic", E_ANALYTIC }, { "anchor", E_ANCHOR },
  { "appInfo", E_APP_INFO }, { "application", E_APPLICATION }, { "author", E_AUTHOR },
  { "authority", E_AUTHORITY }, { "bibl", E_BIBL }, { "biblScope", E_BIBL_SCOPE },
  { "biblStruct", E_BIBL_STRUCT }, { "body", E_BODY }, { "category", E_CATEGORY },
  { "change", E_CHANGE }, { "classDecl", E_CLASS_DECL }, { "date", E_DATE }, { "del", E_DEL },
  { "desc", E_DESC }, { "encodingDesc", E_ENCODING_DESC }, { "extent", E_EXTENT },
  { "fileDesc", E_FILE_DESC }, { "g", E_G }, { "gloss", E_GLOSS }, { "idno", E_IDNO },
  { "imprint", E_IMPRINT }, { "interp", E_INTERP }, { "interpGrp", E_INTERP_GRP },
  { "label", E_LABEL }, { "listBibl", E_LIST_BIBL },
  { "measure", E_MEASURE }, { "monogr", E_MONOGR }, { "note", E_NOTE },
  { "notesStmt", E_NOTES_STMT }, { "orgName", E_ORG_NAME }, { "p", E_P },
  { "persName", E_PERS_NAME }, { "ptr", E_PTR }, { "pubPlace", E_PUB_PLACE },
  { "publicationStmt", E_PUBLICATION_STMT }, { "resp", E_RESP }, { "respStmt", E_RESP_STMT },
  { "revisionDesc", E_REVISION_DESC }, { "sourceDesc", E_SOURCE_DESC }, { "span", E_SPAN },
  { "spanGrp", E_SPAN_GRP }, { "standOff", E_STAND_OFF }, { "taxonomy", E_TAXONOMY },
  { "teiCorpus", E_TEI_CORPUS }, { "teiHeader", E_TEI_HEADER }, { "text", E_TEXT },
  { "title", E_TITLE }, { "titleStmt", E_TITLE_STMT },
};

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

/* --------------------------------------------------------------- errors */

static void
fail (Reader     *self,
      int         code,
      const char *format,
      ...) G_GNUC_PRINTF (3, 4);

static void
fail (Reader     *self,
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
static void
fail_with (Reader *self,
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

static gboolean
ok (Reader *self)
{
  return self->error == NULL;
}

/* A record is checked by the rules every row obeys, whoever brings it
 * (attest-rules.c): the same words as for a teammate's copy, with the
 * place in the file. */
static gboolean
obeys (Reader   *self,
       gboolean  passed,
       GError  **error)
{
  if (passed)
    return TRUE;
  (*error)->code = ATTEST_ERROR_FORMAT;
  fail_with (self, g_steal_pointer (error));
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
  fail (self, ATTEST_ERROR_FORMAT,
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
  fail (self, ATTEST_ERROR_FORMAT, "the file refers to the XML entity &%s;, which Attest does not read",
        (const char *) name);
}

/* ---------------------------------------------------------------- values */

static void
clear_person (PersonBuild *p)
{
  g_clear_pointer (&p->id, g_free);
  g_clear_pointer (&p->resp, g_free);
  g_clear_pointer (&p->name, g_free);
}

static void
clear_source (SourceBuild *s)
{
  g_free (s->id); g_free (s->recorded); g_free (s->outlet); g_free (s->place);
  g_free (s->date_text); g_free (s->when); g_free (s->title); g_free (s->url);
  g_free (s->reliability);
  memset (s, 0, sizeof *s);
}

static void
link_build_free (gpointer data)
{
  LinkBuild *l = data;

  g_free (l->when);
  g_free (l->resp);
  g_free (l->corresp);
  g_free (l);
}

static void
clear_claim (ClaimBuild *c)
{
  GPtrArray *links = c->links;
  GPtrArray *origin_ids = c->origin_ids;

  g_free (c->id); g_free (c->from); g_free (c->to); g_free (c->ana); g_free (c->resp);
  g_free (c->cert); g_free (c->sources); g_free (c->type); g_free (c->subtype);
  g_free (c->created); g_free (c->modified); g_free (c->version); g_free (c->comment);
  g_free (c->origin_ptr);
  memset (c, 0, sizeof *c);
  c->links = links;
  if (c->links)
    g_ptr_array_set_size (c->links, 0);
  c->origin_ids = origin_ids;
  if (c->origin_ids)
    g_ptr_array_set_size (c->origin_ids, 0);
}

static void
clear_change (ChangeBuild *c)
{
  g_free (c->id); g_free (c->when); g_free (c->who); g_free (c->type); g_free (c->subtype);
  g_free (c->entity_uuid); g_free (c->field); g_free (c->old_value); g_free (c->new_value);
  memset (c, 0, sizeof *c);
}

static void
category_build_free (gpointer data)
{
  CategoryBuild *c = data;

  g_clear_object (&c->category);
  g_free (c);
}

static void
person_free (gpointer data)
{
  Person *p = data;

  g_free (p->name);
  g_free (p);
}

static void
doc_build_free (DocBuild *d)
{
  if (d == NULL)
    return;
  g_clear_object (&d->doc);
  g_free (d->id);
  g_free (d->idno_uuid);
  g_free (d->length);
  g_free (d->body_start);
  g_string_free (d->text, TRUE);
  g_array_unref (d->anchors);
  g_array_unref (d->citations);
  g_ptr_array_unref (d->citation_ids);
  g_hash_table_unref (d->sources);
  g_hash_table_unref (d->claims);
  g_ptr_array_unref (d->origin_ptrs);
  g_free (d);
}

/* A decimal number without sign, leading zeros or overflow. */
static gboolean
parse_count (const char *text,
             gint64     *out)
{
  guint64 value;

  if (text == NULL || !g_ascii_isdigit (*text) || (text[0] == '0' && text[1] != '\0'))
    return FALSE;
  if (!g_ascii_string_to_unsigned (text, 10, 0, G_MAXINT64, &value, NULL))
    return FALSE;
  *out = value;
  return TRUE;
}

/* Sets *target once; a second value for the same field is an error. */
static void
take (Reader     *self,
      char      **target,
      const char *value,
      const char *what)
{
  if (!ok (self))
    return;
  if (*target != NULL)
    {
      fail (self, ATTEST_ERROR_FORMAT, "%s appears twice", what);
      return;
    }
  *target = g_strdup (value);
}

/* ------------------------------------------------------------ attributes */

typedef struct {
  const xmlChar **raw;
  int             n;
  Reader         *reader;
} Attrs;

/* The value of attribute @name (in the XML namespace when @xml), or NULL.
 * Valid until the next element starts. */
static const char *
attr (Attrs      *attrs,
      const char *name,
      gboolean    xml)
{
  for (int i = 0; i < attrs->n; i++)
    {
      const xmlChar **a = attrs->raw + 5 * i;
      gboolean in_xml = a[2] != NULL && strcmp ((const char *) a[2], XML_NS) == 0;

      if (strcmp ((const char *) a[0], name) == 0 && in_xml == xml && (xml || a[2] == NULL))
        return g_ptr_array_index (attrs->reader->value_ptrs, i);
    }
  return NULL;
}

/* libxml2 hands attribute values over as unterminated ranges; copy them
 * all, NUL-terminated, into one reused buffer. */
static void
copy_values (Reader         *self,
             const xmlChar **raw,
             int             n)
{
  g_autoptr(GArray) offsets = g_array_sized_new (FALSE, FALSE, sizeof (gsize), n);

  g_string_truncate (self->values, 0);
  g_ptr_array_set_size (self->value_ptrs, 0);
  for (int i = 0; i < n; i++)
    {
      const xmlChar **a = raw + 5 * i;
      gsize offset = self->values->len;

      g_array_append_val (offsets, offset);
      /* Without entity substitution (which we never ask for) libxml2
       * keeps an ampersand in an attribute as "&#38;"; a bare "&" cannot
       * occur there otherwise. */
      for (const xmlChar *v = a[3]; v < a[4]; v++)
        {
          g_string_append_c (self->values, *v);
          if (*v == '&' && a[4] - v >= 5 && memcmp (v, "&#38;", 5) == 0)
            v += 4;
        }
      g_string_append_c (self->values, '\0');
    }
  /* Only now, when the buffer stops moving, turn offsets into pointers. */
  for (int i = 0; i < n; i++)
    g_ptr_array_add (self->value_ptrs, self->values->str + g_array_index (offsets, gsize, i));
}

/* ------------------------------------------------------------- the stack */

static Frame *
top (Reader *self)
{
  return self->stack->len ? &g_array_index (self->stack, Frame, self->stack->len - 1) : NULL;
}

static void
push (Reader     *self,
      Elem        elem,
      Kind        kind,
      Role        role,
      char      **target,
      const char *what)
{
  Frame frame = { elem, kind, role, target, what };

  g_array_append_val (self->stack, frame);
  if (kind == K_FIELD)
    g_string_truncate (self->field, 0);
}

static Elem
lookup_elem (Reader        *self,
             const xmlChar *localname)
{
  gpointer found;
  gsize lo = 0;
  gsize hi = G_N_ELEMENTS (elem_names);

  /* libxml2 interns names in its dictionary: after the first lookup, one
   * pointer comparison finds an element. */
  if (g_hash_table_lookup_extended (self->elems, localname, NULL, &found))
    return GPOINTER_TO_INT (found);

  while (lo < hi)
    {
      gsize mid = (lo + hi) / 2;
      int cmp = strcmp ((const char *) localname, elem_names[mid].name);

      if (cmp == 0)
        {
          g_hash_table_insert (self->elems, (gpointer) localname, GINT_TO_POINTER (elem_names[mid].elem));
          return elem_names[mid].elem;
        }
      if (cmp < 0)
        hi = mid;
      else
        lo = mid + 1;
    }
  g_hash_table_insert (self->elems, (gpointer) localname, GINT_TO_POINTER (E_UNKNOWN));
  return E_UNKNOWN;
}

/* ------------------------------------------------------------ documents */

static DocBuild *
doc_build_new (void)
{
  DocBuild *d = g_new0 (DocBuild, 1);

  d->doc = attest_document_new ();
  d->text = g_string_sized_new (16 * 1024);
  d->anchors = g_array_new (FALSE, FALSE, sizeof (Anchor));
  d->sources = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  d->claims = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  d->origin_ptrs = g_ptr_array_new_with_free_func (g_free);
  d->citations = g_array_new (FALSE, FALSE, sizeof (AttestCitationRow));
  d->citation_ids = g_ptr_array_new_with_free_func (g_free);
  return d;
}

static void
start_document (Reader  *self,
                Attrs   *attrs,
                gboolean after_header)
{
  const char *id = attr (attrs, "id", TRUE);

  if (after_header && (!self->have_app || !self->have_taxonomy))
    {
      fail (self, ATTEST_ERROR_FORMAT, "a document comes before the header that describes it");
      return;
    }
  if (id == NULL || strncmp (id, "d-", 2) != 0 || !attest_rules_is_uuid (id + 2))
    {
      fail (self, ATTEST_ERROR_FORMAT, "a TEI document needs an xml:id of the form d-UUID");
      return;
    }
  if (!g_hash_table_add (self->documents, g_strdup (id)))
    {
      fail (self, ATTEST_ERROR_FORMAT, "the document %s appears twice", id);
      return;
    }
  self->doc = doc_build_new ();
  self->doc->id = g_strdup (id);
  self->doc->doc->uuid = g_strdup (id + 2);
}

/* The header is complete: check it against the document's id. */
static void
end_document_header (Reader *self)
{
  DocBuild *d = self->doc;
  AttestDocument *doc = d->doc;

  if (!ok (self))
    return;
  if (g_strcmp0 (d->idno_uuid, doc->uuid) != 0)
    fail (self, ATTEST_ERROR_FORMAT, "the document %s has the uuid “%s” in its header",
          d->id, d->idno_uuid ? d->idno_uuid : "");
  else if (!parse_count (d->length, &doc->length))
    fail (self, ATTEST_ERROR_FORMAT, "the document %s does not give its length in characters", d->id);
  else if (!parse_count (d->body_start, &doc->body_start))
    fail (self, ATTEST_ERROR_FORMAT, "the document %s does not say where its body starts", d->id);
  else if (!d->have_imprint_date)
    fail (self, ATTEST_ERROR_FORMAT, "the document %s has no imprint date", d->id);
  d->header_done = TRUE;
}

/* The text is complete: check it, then store the document. */
static void
end_body (Reader *self)
{
  DocBuild *d = self->doc;
  AttestDocument *doc = d->doc;
  GError *error = NULL;

  if (!ok (self))
    return;
  if (d->lines == 0)
    {
      fail (self, ATTEST_ERROR_FORMAT, "the document %s has no text", d->id);
      return;
    }

  if (d->offset != doc->length)
    {
      fail (self, ATTEST_ERROR_FORMAT,
            "the text of document %s has %" G_GINT64_FORMAT " characters, its header says %"
            G_GINT64_FORMAT, d->id, d->offset, doc->length);
      return;
    }

  doc->text = g_string_free (g_steal_pointer (&d->text), FALSE);
  d->text = g_string_new (NULL);
  if (!obeys (self, attest_rules_check_document (doc, &error), &error))
    return;
  d->text_done = TRUE;

  if (self->store == NULL)
    return;
  d->row_id = attest_store_import_document (self->store, doc, self->marks.documents,
                                            &d->outcome, &error);
  if (d->row_id == 0)
    fail_with (self, error);
  else if (d->outcome == ATTEST_IMPORT_REPEATED)
    fail (self, ATTEST_ERROR_FORMAT, "the text of document %s appears twice in the file", d->id);
  else if (d->outcome == ATTEST_IMPORT_ADDED)
    self->counts.documents_added++;
  else
    self->counts.documents_existing++;
}

static void
end_document (Reader *self)
{
  DocBuild *d = self->doc;
  GError *error = NULL;

  if (!ok (self))
    return;
  if (!d->text_done)
    {
      fail (self, ATTEST_ERROR_FORMAT, "the document %s has no text", d->id);
      return;
    }
  for (guint i = 0; i + 1 < d->origin_ptrs->len; i += 2)
    {
      const char *curated = g_ptr_array_index (d->origin_ptrs, i);
      const char *origin = g_ptr_array_index (d->origin_ptrs, i + 1);

      if (!g_hash_table_contains (d->claims, origin) || g_str_equal (curated, origin))
        {
          fail (self, ATTEST_ERROR_FORMAT,
                "the claim %s points to its origin #%s, which is not another claim of document %s",
                curated, origin, d->id);
          return;
        }
    }
  if (self->store != NULL && d->outcome == ATTEST_IMPORT_ADDED &&
      !(d->citations_listed
          ? attest_store_import_citation_list (self->store, d->row_id, d->doc, d->citations, &error)
          : attest_store_import_citations (self->store, d->row_id, d->doc, &error)))
    {
      fail_with (self, error);
      return;
    }

  self->documents_seen++;
  g_clear_pointer (&self->doc, doc_build_free);
  if (self->progress)
    self->progress (self->documents_seen, MAX (self->documents_total, self->documents_seen),
                    self->progress_data);
  if (self->cancellable && g_cancellable_is_cancelled (self->cancellable))
    {
      g_cancellable_set_error_if_cancelled (self->cancellable, &self->error);
      xmlStopParser (self->ctxt);
    }
}

static void
start_line (Reader *self)
{
  DocBuild *d = self->doc;

  /* The <p>s are the lines of the text: a newline between each two. */
  if (d->lines++ > 0)
    {
      g_string_append_c (d->text, '\n');
      d->offset++;
    }
}

static void
add_anchor (Reader *self,
            Attrs  *attrs)
{
  DocBuild *d = self->doc;
  const char *id = attr (attrs, "id", TRUE);
  gsize prefix = strlen (d->id);
  gint64 offset;
  Anchor anchor = { d->offset, d->text->len };

  if (id == NULL || strncmp (id, d->id, prefix) != 0 || strncmp (id + prefix, "-o", 2) != 0 ||
      !parse_count (id + prefix + 2, &offset))
    {
      fail (self, ATTEST_ERROR_FORMAT, "an anchor of document %s has the id “%s”, not %s-oOFFSET",
            d->id, id ? id : "", d->id);
      return;
    }
  if (offset != d->offset)
    {
      fail (self, ATTEST_ERROR_FORMAT,
            "the anchor %s stands at character %" G_GINT64_FORMAT " of the text, not at %"
            G_GINT64_FORMAT, id, d->offset, offset);
      return;
    }
  if (d->anchors->len > 0 && g_array_index (d->anchors, Anchor, d->anchors->len - 1).offset == offset)
    {
      fail (self, ATTEST_ERROR_FORMAT, "the anchor %s appears twice", id);
      return;
    }
  g_array_append_val (d->anchors, anchor);
}

/* A curated claim names its originals: by pointer (checked once the
 * document's spans are all read, as an original may come after it) or by
 * uuid. They must be those the history records, no more and no fewer,
 * since the history is what the database keeps. */
static gboolean
check_origins (Reader *self)
{
  ClaimBuild *c = &self->claim;
  const char *uuid = c->id + 2;
  g_auto(GStrv) targets = NULL;
  g_autoptr(GPtrArray) origins = g_ptr_array_new ();
  GPtrArray *recorded = g_hash_table_lookup (self->curated, uuid);

  if (c->origin_ptr != NULL)
    {
      targets = g_strsplit_set (c->origin_ptr, " \t\n\r", -1);
      for (guint i = 0; targets[i]; i++)
        {
          if (*targets[i] == '\0')
            continue;
          if (strncmp (targets[i], "#c-", 3) != 0 || !attest_rules_is_uuid (targets[i] + 3))
            {
              fail (self, ATTEST_ERROR_FORMAT, "the claim %s points to “%s” as its origin, not to a claim",
                    c->id, targets[i]);
              return FALSE;
            }
          g_ptr_array_add (self->doc->origin_ptrs, g_strdup (c->id));
          g_ptr_array_add (self->doc->origin_ptrs, g_strdup (targets[i] + 1));
          g_ptr_array_add (origins, targets[i] + 3);
        }
    }
  for (guint i = 0; i < c->origin_ids->len; i++)
    {
      const char *origin = g_ptr_array_index (c->origin_ids, i);

      if (!attest_rules_is_uuid (origin))
        {
          fail (self, ATTEST_ERROR_FORMAT, "the claim %s names “%s” as its origin, not a claim's uuid",
                c->id, origin);
          return FALSE;
        }
      g_ptr_array_add (origins, (gpointer) origin);
    }

  for (guint i = 0; i < origins->len; i++)
    {
      if (recorded == NULL ||
          !g_ptr_array_find_with_equal_func (recorded, g_ptr_array_index (origins, i), g_str_equal, NULL))
        {
          fail (self, ATTEST_ERROR_FORMAT,
                "the claim %s names %s as its origin, which its history does not record",
                c->id, (const char *) g_ptr_array_index (origins, i));
          return FALSE;
        }
    }
  if (origins->len != (recorded ? recorded->len : 0))
    {
      fail (self, ATTEST_ERROR_FORMAT,
            "the claim %s names %u origins, its history records %u curated into it",
            c->id, origins->len, recorded ? recorded->len : 0);
      return FALSE;
    }
  return TRUE;
}

/* The anchor @pointer names, in the current document. */
static const Anchor *
resolve_anchor (Reader     *self,
                const char *owner,
                const char *pointer,
                const char *what)
{
  DocBuild *d = self->doc;
  gsize prefix = strlen (d->id);
  gint64 offset;
  guint lo = 0;
  guint hi = d->anchors->len;

  if (pointer == NULL || pointer[0] != '#' || strncmp (pointer + 1, "d-", 2) != 0)
    {
      fail (self, ATTEST_ERROR_FORMAT, "the %s has no %s anchor", owner, what);
      return NULL;
    }
  if (strncmp (pointer + 1, d->id, prefix) != 0 || strncmp (pointer + 1 + prefix, "-o", 2) != 0 ||
      !parse_count (pointer + 1 + prefix + 2, &offset))
    {
      fail (self, ATTEST_ERROR_FORMAT, "the @%s of the %s, “%s”, points outside its document",
            what, owner, pointer);
      return NULL;
    }
  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;
      const Anchor *a = &g_array_index (d->anchors, Anchor, mid);

      if (a->offset == offset)
        return a;
      if (a->offset < offset)
        lo = mid + 1;
      else
        hi = mid;
    }
  fail (self, ATTEST_ERROR_FORMAT, "the @%s of the %s, “%s”, points to no anchor in the text",
        what, owner, pointer);
  return NULL;
}

/* -------------------------------------------------------------- header */

static void
end_application (Reader *self)
{
  gint64 version;

  if (self->have_app)
    {
      fail (self, ATTEST_ERROR_FORMAT, "the file has two Attest applications in its header");
      return;
    }
  if (!parse_count (self->application_version, &version) || version < 1)
    {
      fail (self, ATTEST_ERROR_FORMAT, "the Attest format version “%s” is not a number",
            self->application_version ? self->application_version : "");
      return;
    }
  if (version > ATTEST_TEI_FORMAT_VERSION)
    {
      fail (self, ATTEST_ERROR_NEWER_SCHEMA,
            "the file was written by a newer Attest (TEI format %" G_GINT64_FORMAT
            "; this one reads up to %d)", version, ATTEST_TEI_FORMAT_VERSION);
      return;
    }
  self->format_version = version;
  self->have_app = TRUE;
}

static void
end_person (Reader *self)
{
  PersonBuild *p = &self->person;
  gboolean annotator = p->id && strncmp (p->id, "a-", 2) == 0 && attest_rules_is_uuid (p->id + 2);
  gboolean other = p->id && p->id[0] == 'p' && g_ascii_isdigit (p->id[1]) && p->id[1] != '0' &&
                   strspn (p->id + 1, "0123456789") == strlen (p->id + 1);
  Person *person;

  if (!ok (self))
    return;
  if (!annotator && !other)
    fail (self, ATTEST_ERROR_FORMAT, "a person has the id “%s”, not a-UUID or pN", p->id ? p->id : "");
  else if (g_strcmp0 (p->resp, annotator ? "annotator" : "editor") != 0)
    fail (self, ATTEST_ERROR_FORMAT, "the person %s is “%s”, not %s", p->id, p->resp ? p->resp : "",
          annotator ? "an annotator" : "an editor");
  else if (!g_hash_table_add (self->header_ids, g_strdup (p->id)))
    fail (self, ATTEST_ERROR_FORMAT, "the id %s appears twice", p->id);
  if (!ok (self))
    return;
  {
    g_autofree char *what = g_strdup_printf ("The name of person %s", p->id);
    GError *error = NULL;

    if (!obeys (self, attest_rules_check_name (what, p->name, &error), &error))
      return;
  }

  person = g_new0 (Person, 1);
  person->name = g_strdup (p->name);
  if (annotator)
    {
      person->annotator_id = 1;
      if (self->store != NULL)
        {
          AttestImportOutcome outcome;
          GError *error = NULL;

          person->annotator_id = attest_store_import_annotator (self->store, p->id + 2, p->name,
                                                                &outcome, &error);
          if (person->annotator_id == 0)
            {
              person_free (person);
              fail_with (self, error);
              return;
            }
          if (outcome == ATTEST_IMPORT_ADDED)
            self->counts.annotators_added++;
        }
    }
  g_hash_table_insert (self->persons, g_strdup (p->id), person);
  clear_person (p);
}

static gint64
resolve_annotator (Reader     *self,
                   const char *pointer,
                   const char *what)
{
  Person *person = pointer && pointer[0] == '#' ? g_hash_table_lookup (self->persons, pointer + 1) : NULL;

  if (person == NULL || person->annotator_id == 0)
    {
      fail (self, ATTEST_ERROR_FORMAT, "%s, “%s”, points to no annotator of the header",
            what, pointer ? pointer : "");
      return 0;
    }
  return person->annotator_id;
}

/* Stores the innermost pending category (its parent first, for the
 * foreign key). */
static void
store_category (Reader        *self,
                CategoryBuild *build)
{
  AttestCategory *c = build->category;
  AttestImportOutcome outcome;
  GError *error = NULL;
  gint64 id = 1;

  if (build->stored || !ok (self))
    return;
  build->stored = TRUE;

  if (!obeys (self, attest_rules_check_category (c, &error), &error))
    return;

  if (self->store != NULL)
    {
      id = attest_store_import_category (self->store, c, build->position, self->adopt_taxonomy,
                                         &outcome, &error);
      if (id == 0)
        {
          fail_with (self, error);
          return;
        }
      if (outcome == ATTEST_IMPORT_ADDED)
        self->counts.categories_added++;
    }
  g_hash_table_insert (self->categories, g_strdup (c->key), GINT_TO_POINTER (id));
}

static void
start_category (Reader *self,
                Attrs  *attrs)
{
  const char *key = attr (attrs, "id", TRUE);
  const char *n = attr (attrs, "n", FALSE);
  const char *style = attr (attrs, "style", FALSE);
  CategoryBuild *build;
  CategoryBuild *parent = self->category_stack->len
                          ? g_ptr_array_index (self->category_stack, self->category_stack->len - 1)
                          : NULL;

  if (!attest_category_key_is_valid (key))
    {
      fail (self, ATTEST_ERROR_FORMAT, "“%s” is not a category key", key ? key : "");
      return;
    }
  if (g_hash_table_contains (self->header_ids, key) || g_hash_table_contains (self->categories, key))
    {
      fail (self, ATTEST_ERROR_FORMAT, "the id %s appears twice", key);
      return;
    }
  if (n != NULL && !(n[0] >= '0' && n[0] <= '9' && n[1] == '\0'))
    {
      fail (self, ATTEST_ERROR_FORMAT, "the category %s has the shortcut “%s”, not a digit", key, n);
      return;
    }
  if (style == NULL || !g_str_has_prefix (style, "color: "))
    {
      fail (self, ATTEST_ERROR_FORMAT, "the category %s has no colour (style=\"color: #rrggbb\")", key);
      return;
    }
  if (parent != NULL)
    store_category (self, parent);

  build = g_new0 (CategoryBuild, 1);
  build->category = attest_category_new ();
  build->category->key = g_strdup (key);
  build->category->color = g_strdup (style + strlen ("color: "));
  build->category->shortcut = n ? n[0] - '0' : -1;
  build->category->parent_key = parent ? g_strdup (parent->category->key) : NULL;
  build->position = self->category_position++;
  g_hash_table_add (self->header_ids, g_strdup (key));
  g_ptr_array_add (self->category_stack, build);
}

static void
end_category (Reader *self)
{
  CategoryBuild *build = g_ptr_array_index (self->category_stack, self->category_stack->len - 1);

  store_category (self, build);
  g_ptr_array_remove_index (self->category_stack, self->category_stack->len - 1);
}

static void
start_taxonomy (Reader *self)
{
  GError *error = NULL;

  if (self->have_taxonomy)
    {
      fail (self, ATTEST_ERROR_FORMAT, "the file has two taxonomies");
      return;
    }
  if (self->store == NULL)
    return;
  if (!attest_store_import_is_empty (self->store, &self->adopt_taxonomy, &error) ||
      (self->adopt_taxonomy &&
       !attest_store_import_shift_categories (self->store, CATEGORY_SHIFT, &error)))
    fail_with (self, error);
}

static void
end_change (Reader *self)
{
  ChangeBuild *c = &self->change;
  Person *who = c->who && c->who[0] == '#' ? g_hash_table_lookup (self->persons, c->who + 1) : NULL;
  AttestChangeRow row;
  AttestImportOutcome outcome = ATTEST_IMPORT_ADDED;
  GError *error = NULL;

  if (!ok (self))
    return;
  if (c->id == NULL || strncmp (c->id, "h-", 2) != 0 || !attest_rules_is_uuid (c->id + 2))
    fail (self, ATTEST_ERROR_FORMAT, "a change has the id “%s”, not h-UUID", c->id ? c->id : "");
  else if (who == NULL)
    fail (self, ATTEST_ERROR_FORMAT, "the change %s, by “%s”, points to no person of the header",
          c->id, c->who ? c->who : "");
  if (!ok (self))
    return;
  row = (AttestChangeRow) {
    c->id + 2, c->when, who->name, c->type, c->entity_uuid, c->subtype,
    c->field, c->old_value, c->new_value,
  };
  if (!obeys (self, attest_rules_check_change (&row, &error), &error))
    return;

  /* What the curated claims' spans must say of their origins. */
  if (g_str_equal (c->type, "claim") && g_str_equal (c->subtype, "curate") &&
      g_strcmp0 (c->field, "origin") == 0 && c->old_value != NULL)
    {
      GPtrArray *origins = g_hash_table_lookup (self->curated, c->entity_uuid);

      if (origins == NULL)
        {
          origins = g_ptr_array_new_with_free_func (g_free);
          g_hash_table_insert (self->curated, g_strdup (c->entity_uuid), origins);
        }
      g_ptr_array_add (origins, g_strdup (c->old_value));
    }

  if (self->store != NULL)
    {
      if (!attest_store_import_change (self->store, &row, self->marks.history, &outcome, &error))
        {
          fail_with (self, error);
          return;
        }
      if (outcome == ATTEST_IMPORT_REPEATED)
        {
          fail (self, ATTEST_ERROR_FORMAT, "the change %s appears twice", c->id);
          return;
        }
      if (outcome == ATTEST_IMPORT_ADDED)
        self->counts.changes_added++;
    }
  clear_change (c);

  /* A long history must not make cancelling slow. */
  if (self->cancellable && g_cancellable_is_cancelled (self->cancellable))
    {
      g_cancellable_set_error_if_cancelled (self->cancellable, &self->error);
      xmlStopParser (self->ctxt);
    }
}

/* ------------------------------------------------------------- sources */

static void
end_source (Reader  *self,
            gboolean outside)
{
  SourceBuild *s = &self->source;
  GHashTable *table = outside ? self->outside : self->doc->sources;
  AttestSourceRow row;
  AttestImportOutcome outcome = ATTEST_IMPORT_ADDED;
  GError *error = NULL;
  gint64 id = 1;

  if (!ok (self))
    return;
  if (s->id == NULL || strncmp (s->id, "s-", 2) != 0 || !attest_rules_is_uuid (s->id + 2))
    fail (self, ATTEST_ERROR_FORMAT, "a source has the id “%s”, not s-UUID", s->id ? s->id : "");
  else if (g_hash_table_contains (self->outside, s->id) ||
           (self->doc && g_hash_table_contains (self->doc->sources, s->id)))
    fail (self, ATTEST_ERROR_FORMAT, "the source %s appears twice", s->id);
  if (!ok (self))
    return;

  /* An empty date element carries only @when: the text as written is unknown. */
  if (s->has_date && s->date_text != NULL && *s->date_text == '\0')
    g_clear_pointer (&s->date_text, g_free);

  row = (AttestSourceRow) {
    s->id + 2, s->outlet, s->place, s->date_text, s->when, s->url, s->title,
    s->reliability, s->recorded,
  };
  if (!obeys (self, attest_rules_check_source (&row, &error), &error))
    return;

  if (self->store != NULL)
    {
      gint64 document_id = outside ? 0 : self->doc->row_id;

      id = attest_store_import_source (self->store, document_id, &row,
                                       !outside && self->doc->outcome == ATTEST_IMPORT_SAME_TEXT,
                                       self->marks.sources, &outcome, &error);
      if (id == 0)
        {
          fail_with (self, error);
          return;
        }
      if (outcome == ATTEST_IMPORT_REPEATED)
        {
          fail (self, ATTEST_ERROR_FORMAT, "the source %s appears twice in the file", s->id);
          return;
        }
      if (outcome == ATTEST_IMPORT_ADDED)
        self->counts.sources_added++;
      else
        self->counts.sources_existing++;
    }
  g_hash_table_insert (table, g_strdup (s->id), GINT_TO_POINTER (id));
  clear_source (s);
}

static gint64
resolve_source (Reader     *self,
                const char *pointer)
{
  gpointer id;

  if (pointer != NULL && pointer[0] == '#' &&
      (g_hash_table_lookup_extended (self->doc->sources, pointer + 1, NULL, &id) ||
       g_hash_table_lookup_extended (self->outside, pointer + 1, NULL, &id)))
    return GPOINTER_TO_INT (id);
  fail (self, ATTEST_ERROR_FORMAT,
        "the claim %s points to “%s”, which is no source of its document nor an outside source",
        self->claim.id, pointer ? pointer : "");
  return 0;
}

/* ----------------------------------------------------------- citations */

/* <span xml:id="t-…" from="#…" to="#…" source="#s-…" type="citation"
 * subtype="dateline"/>: one attribution, as the export listed it. */
static void
read_citation (Reader *self,
               Attrs  *attrs)
{
  DocBuild *d = self->doc;
  const char *id = attr (attrs, "id", TRUE);
  const char *source = attr (attrs, "source", FALSE);
  g_autofree char *owner = g_strdup_printf ("attribution %s", id ? id : "");
  AttestCitationRow row = { 0 };
  const Anchor *from, *to;
  gpointer source_id;

  if (id == NULL || !g_str_has_prefix (id, "t-") || !attest_rules_is_uuid (id + 2))
    {
      fail (self, ATTEST_ERROR_FORMAT, "an attribution of document %s has the id “%s”, not t-UUID",
            d->id, id ? id : "");
      return;
    }
  if (g_strcmp0 (attr (attrs, "type", FALSE), "citation") != 0 ||
      !attest_citation_kind_from_string (attr (attrs, "subtype", FALSE), &row.kind))
    {
      fail (self, ATTEST_ERROR_FORMAT, "the attribution %s does not say how it was found", id);
      return;
    }
  if (!(from = resolve_anchor (self, owner, attr (attrs, "from", FALSE), "from")) ||
      !(to = resolve_anchor (self, owner, attr (attrs, "to", FALSE), "to")))
    return;
  if (from->offset >= to->offset)
    {
      fail (self, ATTEST_ERROR_FORMAT, "the attribution %s ends before it starts", id);
      return;
    }
  /* Only a source of its own document: attributions are found in its text. */
  if (source == NULL || source[0] != '#' ||
      !g_hash_table_lookup_extended (d->sources, source + 1, NULL, &source_id))
    {
      fail (self, ATTEST_ERROR_FORMAT, "the attribution %s cites “%s”, which is no source of document %s",
            id, source ? source : "", d->id);
      return;
    }
  for (guint i = 0; i < d->citation_ids->len; i++)
    if (g_str_equal (g_ptr_array_index (d->citation_ids, i), id + 2))
      {
        fail (self, ATTEST_ERROR_FORMAT, "the attribution %s appears twice", id);
        return;
      }

  g_ptr_array_add (d->citation_ids, g_strdup (id + 2));
  row.uuid = g_ptr_array_index (d->citation_ids, d->citation_ids->len - 1);
  row.start = from->offset;
  row.end = to->offset;
  row.source_id = GPOINTER_TO_INT (source_id);
  g_array_append_val (d->citations, row);
}

/* --------------------------------------------------------------- claims */

static void
end_claim (Reader *self)
{
  ClaimBuild *c = &self->claim;
  DocBuild *d = self->doc;
  const Anchor *from;
  const Anchor *to;
  g_auto(GStrv) sources = NULL;
  g_autoptr(GArray) source_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *quote = NULL;
  gpointer category_id = NULL;
  AttestClaimRow row;
  GError *rule_error = NULL;
  gint64 annotator_id;
  gint64 version = 0;

  if (!ok (self))
    return;
  if (c->id == NULL || strncmp (c->id, "c-", 2) != 0 || !attest_rules_is_uuid (c->id + 2))
    {
      fail (self, ATTEST_ERROR_FORMAT, "a claim has the id “%s”, not c-UUID", c->id ? c->id : "");
      return;
    }
  if (!g_hash_table_add (d->claims, g_strdup (c->id)))
    {
      fail (self, ATTEST_ERROR_FORMAT, "the claim %s appears twice", c->id);
      return;
    }
  g_autofree char *owner = g_strdup_printf ("claim %s", c->id);

  if (!(from = resolve_anchor (self, owner, c->from, "from")) || !(to = resolve_anchor (self, owner, c->to, "to")))
    return;
  if (from->offset >= to->offset)
    {
      fail (self, ATTEST_ERROR_FORMAT, "the claim %s ends (%s) before it starts (%s)",
            c->id, c->to, c->from);
      return;
    }
  if (c->ana == NULL || c->ana[0] != '#' ||
      !g_hash_table_lookup_extended (self->categories, c->ana + 1, NULL, &category_id))
    {
      fail (self, ATTEST_ERROR_FORMAT, "the claim %s has the category “%s”, which the taxonomy lacks",
            c->id, c->ana ? c->ana : "");
      return;
    }
  if (!(annotator_id = resolve_annotator (self, c->resp, "the annotator of a claim")))
    return;
  if (g_strcmp0 (c->type, "claim") != 0)
    {
      fail (self, ATTEST_ERROR_FORMAT, "the claim %s is not typed as a claim", c->id);
      return;
    }
  if (!parse_count (c->version, &version))
    {
      fail (self, ATTEST_ERROR_FORMAT, "the claim %s does not give its version", c->id);
      return;
    }

  if (c->sources != NULL)
    {
      sources = g_strsplit_set (c->sources, " \t\n\r", -1);
      for (guint i = 0; sources[i]; i++)
        {
          gint64 id;

          if (*sources[i] == '\0')
            continue;
          if (!(id = resolve_source (self, sources[i])))
            return;
          g_array_append_val (source_ids, id);
        }
    }
  for (guint i = 0; i < c->links->len; i++)
    {
      LinkBuild *link = g_ptr_array_index (c->links, i);

      if (sources == NULL || link->corresp == NULL || *link->corresp == '\0' ||
          !g_strv_contains ((const char * const *) sources, link->corresp))
        {
          fail (self, ATTEST_ERROR_FORMAT, "the claim %s dates a link to “%s”, which is not among its sources",
                c->id, link->corresp ? link->corresp : "");
          return;
        }
      if (!attest_rules_is_timestamp (link->when) || !resolve_annotator (self, link->resp, "a link"))
        {
          fail (self, ATTEST_ERROR_FORMAT, "the claim %s has a link without time or annotator", c->id);
          return;
        }
    }

  if (!check_origins (self))
    return;

  quote = g_strndup (d->doc->text + from->byte, to->byte - from->byte);
  row = (AttestClaimRow) {
    .uuid = c->id + 2, .start = from->offset, .end = to->offset, .quote = quote,
    .status = c->subtype, .certainty = c->cert, .comment = c->comment,
    .created = c->created, .modified = c->modified, .version = version,
  };
  if (!obeys (self, attest_rules_check_claim (&row, d->doc, d->doc->text + from->byte, &rule_error),
              &rule_error))
    return;

  if (self->store != NULL)
    {
      AttestImportOutcome outcome;
      GError *error = NULL;
      gint64 claim_id;
      guint k = 0;

      claim_id = attest_store_import_claim (self->store, d->row_id, GPOINTER_TO_INT (category_id),
                                            annotator_id, &row, self->marks.claims, &outcome, &error);
      if (claim_id == 0)
        {
          fail_with (self, error);
          return;
        }
      if (outcome == ATTEST_IMPORT_REPEATED)
        {
          fail (self, ATTEST_ERROR_FORMAT, "the claim %s appears twice in the file", c->id);
          return;
        }
      if (outcome == ATTEST_IMPORT_EXISTING)
        {
          self->counts.claims_existing++;
          clear_claim (c);
          return;
        }
      self->counts.claims_added++;

      /* A link without its own date (hand-written files) takes the claim's. */
      for (guint i = 0; sources && sources[i]; i++)
        {
          const char *when = c->created;
          gint64 who = annotator_id;

          if (*sources[i] == '\0')
            continue;
          for (guint j = 0; j < c->links->len; j++)
            {
              LinkBuild *link = g_ptr_array_index (c->links, j);

              if (strcmp (link->corresp, sources[i]) == 0)
                {
                  when = link->when;
                  who = resolve_annotator (self, link->resp, "a link");
                }
            }
          if (!attest_store_import_link (self->store, claim_id, g_array_index (source_ids, gint64, k++),
                                         who, when, &error))
            {
              fail_with (self, error);
              return;
            }
        }
    }
  clear_claim (c);
}

/* ------------------------------------------------------------ elements */

static void
unexpected (Reader     *self,
            const char *name,
            Elem        parent)
{
  for (guint i = 0; i < G_N_ELEMENTS (elem_names); i++)
    if (elem_names[i].elem == parent)
      {
        fail (self, ATTEST_ERROR_FORMAT, "unexpected <%s> inside <%s>", name, elem_names[i].name);
        return;
      }
  fail (self, ATTEST_ERROR_FORMAT, "unexpected <%s>", name);
}

/* An element whose text goes to *target; @type must match its @type. */
static gboolean
field (Reader     *self,
       Attrs      *attrs,
       Elem        elem,
       const char *attr_name,
       const char *value,
       char      **target,
       const char *what)
{
  const char *got = attr_name ? attr (attrs, attr_name, FALSE) : NULL;

  if (attr_name != NULL && g_strcmp0 (got, value) != 0)
    return FALSE;
  if (*target != NULL)
    {
      fail (self, ATTEST_ERROR_FORMAT, "%s appears twice", what);
      return TRUE;
    }
  push (self, elem, K_FIELD, R_NONE, target, what);
  return TRUE;
}

static void
start_element (void           *user_data,
               const xmlChar  *localname,
               const xmlChar  *prefix,
               const xmlChar  *uri,
               int             nb_namespaces,
               const xmlChar **namespaces,
               int             nb_attributes,
               int             nb_defaulted,
               const xmlChar **attributes)
{
  Reader *self = user_data;
  const char *name = (const char *) localname;
  Frame *parent = top (self);
  Elem elem = lookup_elem (self, localname);
  Attrs attrs = { attributes, nb_attributes, self };
  DocBuild *d = self->doc;
  Role role = parent ? parent->role : R_NONE;
  const char *type;

  if (!ok (self))
    return;
  copy_values (self, attributes, nb_attributes);

  if (uri == NULL || strcmp ((const char *) uri, ATTEST_TEI_NAMESPACE) != 0)
    {
      if (parent == NULL)
        fail (self, ATTEST_ERROR_FORMAT, "the file is XML but not TEI (its root is <%s>)", name);
      else
        fail (self, ATTEST_ERROR_FORMAT, "<%s> is not a TEI element", name);
      return;
    }

  if (self->probing)
    {
      /* Only the root and the application matter; stop where the header's
       * format information must have been. */
      if (parent == NULL && elem != E_TEI_CORPUS && elem != E_TEI)
        fail (self, ATTEST_ERROR_FORMAT, "the file is TEI but neither a teiCorpus nor a TEI document");
      else if (elem == E_APPLICATION && g_strcmp0 (attr (&attrs, "ident", FALSE), "Attest") == 0)
        {
          self->application_version = g_strdup (attr (&attrs, "version", FALSE));
          end_application (self);
          xmlStopParser (self->ctxt);
        }
      else if (elem == E_REVISION_DESC || elem == E_TEXT || elem == E_STAND_OFF ||
               (elem == E_TEI && parent != NULL))
        fail (self, ATTEST_ERROR_FORMAT,
              "the file is TEI but not an Attest export (no Attest application in its header); "
              "to add a TEI article, use import");
      push (self, elem, K_CONTAINER, R_NONE, NULL, NULL);
      return;
    }

  /* Text inside a field may hold <g> for a control character. */
  if (parent != NULL && (parent->kind == K_FIELD || parent->kind == K_LINE) && elem == E_G)
    {
      const char *t = attr (&attrs, "type", FALSE);
      const char *n = attr (&attrs, "n", FALSE);
      guint64 code = 0;

      if (g_strcmp0 (t, "control") != 0 || n == NULL || strncmp (n, "U+", 2) != 0 ||
          strlen (n) < 6 || strlen (n) > 8 || strspn (n + 2, "0123456789ABCDEF") != strlen (n + 2) ||
          !g_ascii_string_to_unsigned (n + 2, 16, 1, 0x10FFFF, &code, NULL) ||
          attest_rules_is_xml_char (code) || (code >= 0xD800 && code <= 0xDFFF))
        {
          fail (self, ATTEST_ERROR_FORMAT, "<g> stands only for a character XML cannot carry, not “%s”",
                n ? n : "");
          return;
        }
      if (parent->kind == K_LINE)
        {
          g_string_append_unichar (d->text, code);
          d->offset++;
        }
      else
        g_string_append_unichar (self->field, code);
      push (self, elem, K_EMPTY, R_NONE, NULL, NULL);
      return;
    }

  switch (role)
    {
    case R_NONE:
      if (parent != NULL)
        break;
      if (elem == E_TEI_CORPUS)
        {
          push (self, elem, K_CONTAINER, R_CORPUS, NULL, NULL);
          return;
        }
      if (elem == E_TEI)
        {
          /* One document whose header is also the corpus header; that it
           * holds the application and taxonomy is checked at its end. */
          self->single = TRUE;
          self->documents_total = 1;
          push (self, elem, K_CONTAINER, R_DOCUMENT, NULL, NULL);
          start_document (self, &attrs, FALSE);
          return;
        }
      fail (self, ATTEST_ERROR_FORMAT, "the file is TEI but neither a teiCorpus nor a TEI document");
      return;

    case R_CORPUS:
      if (elem == E_TEI_HEADER && !self->have_app && self->documents_seen == 0 && !self->corpus_count)
        {
          push (self, elem, K_CONTAINER, R_CORPUS_HEADER, NULL, NULL);
          return;
        }
      if (elem == E_TEI)
        {
          push (self, elem, K_CONTAINER, R_DOCUMENT, NULL, NULL);
          start_document (self, &attrs, TRUE);
          return;
        }
      break;

    case R_CORPUS_HEADER:
      if (elem == E_FILE_DESC)
        {
          push (self, elem, K_CONTAINER, R_CORPUS_FILE_DESC, NULL, NULL);
          return;
        }
      if (elem == E_ENCODING_DESC)
        {
          push (self, elem, K_CONTAINER, R_ENCODING_DESC, NULL, NULL);
          return;
        }
      if (elem == E_REVISION_DESC)
        {
          push (self, elem, K_CONTAINER, R_REVISION_DESC, NULL, NULL);
          return;
        }
      break;

    case R_DOCUMENT:
      if (elem == E_TEI_HEADER && !d->header_done)
        {
          push (self, elem, K_CONTAINER, R_DOCUMENT_HEADER, NULL, NULL);
          return;
        }
      if (elem == E_TEXT && d->header_done && !d->text_done)
        {
          push (self, elem, K_CONTAINER, R_TEXT, NULL, NULL);
          return;
        }
      if (elem == E_STAND_OFF && d->text_done && !d->claims_started)
        {
          push (self, elem, K_CONTAINER, R_STANDOFF, NULL, NULL);
          return;
        }
      break;

    case R_DOCUMENT_HEADER:
      if (elem == E_FILE_DESC)
        {
          push (self, elem, K_CONTAINER, R_DOCUMENT_FILE_DESC, NULL, NULL);
          return;
        }
      if (self->single && elem == E_ENCODING_DESC)
        {
          push (self, elem, K_CONTAINER, R_ENCODING_DESC, NULL, NULL);
          return;
        }
      if (self->single && elem == E_REVISION_DESC)
        {
          push (self, elem, K_CONTAINER, R_REVISION_DESC, NULL, NULL);
          return;
        }
      break;

    case R_CORPUS_FILE_DESC:
    case R_DOCUMENT_FILE_DESC:
      if (elem == E_TITLE_STMT)
        {
          push (self, elem, K_CONTAINER, R_TITLE_STMT, NULL, NULL);
          return;
        }
      if (elem == E_EXTENT)
        {
          push (self, elem, K_CONTAINER, role == R_CORPUS_FILE_DESC ? R_CORPUS_EXTENT : R_DOCUMENT_EXTENT,
                NULL, NULL);
          return;
        }
      if (elem == E_PUBLICATION_STMT)
        {
          push (self, elem, K_CONTAINER,
                role == R_CORPUS_FILE_DESC ? R_CORPUS_PUBLICATION : R_DOCUMENT_PUBLICATION, NULL, NULL);
          return;
        }
      if (elem == E_NOTES_STMT)
        {
          push (self, elem, K_CONTAINER, role == R_DOCUMENT_FILE_DESC ? R_NOTES_STMT : R_CORPUS_NOTES,
                NULL, NULL);
          return;
        }
      if (elem == E_SOURCE_DESC)
        {
          push (self, elem, K_CONTAINER,
                role == R_CORPUS_FILE_DESC ? R_CORPUS_SOURCE_DESC : R_DOCUMENT_SOURCE_DESC, NULL, NULL);
          return;
        }
      break;

    case R_TITLE_STMT:
      if (elem == E_TITLE)
        {
          /* The title for people; the data is in the biblStruct. */
          push (self, elem, K_FIELD, R_NONE, NULL, "the title");
          return;
        }
      if (elem == E_RESP_STMT && (!d || self->single))
        {
          clear_person (&self->person);
          self->person.id = g_strdup (attr (&attrs, "id", TRUE));
          push (self, elem, K_CONTAINER, R_RESP_STMT, NULL, NULL);
          return;
        }
      break;

    case R_RESP_STMT:
      if (elem == E_RESP && field (self, &attrs, elem, NULL, NULL, &self->person.resp, "a person's role"))
        return;
      if (elem == E_PERS_NAME && field (self, &attrs, elem, NULL, NULL, &self->person.name, "a person's name"))
        return;
      break;

    case R_CORPUS_EXTENT:
    case R_DOCUMENT_EXTENT:
      if (elem == E_MEASURE)
        {
          const char *unit = attr (&attrs, "unit", FALSE);
          const char *quantity = attr (&attrs, "quantity", FALSE);

          if (g_strcmp0 (unit, role == R_CORPUS_EXTENT ? "documents" : "characters") != 0)
            {
              fail (self, ATTEST_ERROR_FORMAT, "the extent is counted in “%s”", unit ? unit : "");
              return;
            }
          take (self, role == R_CORPUS_EXTENT ? &self->corpus_count : &d->length, quantity, "the extent");
          push (self, elem, K_FIELD, R_NONE, NULL, "the extent");
          return;
        }
      break;

    case R_CORPUS_PUBLICATION:
      if (elem == E_P)
        {
          push (self, elem, K_FIELD, R_NONE, NULL, "the publication statement");
          return;
        }
      break;

    case R_DOCUMENT_PUBLICATION:
      if (elem == E_AUTHORITY)
        {
          push (self, elem, K_FIELD, R_NONE, NULL, "the authority");
          return;
        }
      if (elem == E_IDNO && (field (self, &attrs, elem, "type", "uuid", &d->idno_uuid, "the document's uuid") ||
                             field (self, &attrs, elem, "type", "sha256", &d->doc->sha256, "the document's SHA-256")))
        return;
      break;

    case R_NOTES_STMT:
      if (elem == E_NOTE)
        {
          if (field (self, &attrs, elem, "type", "origin", &d->doc->origin, "the origin") ||
              field (self, &attrs, elem, "type", "format", &d->doc->format, "the format") ||
              field (self, &attrs, elem, "type", "encoding", &d->doc->encoding, "the encoding") ||
              field (self, &attrs, elem, "type", "body-start", &d->body_start, "the body's start"))
            return;
          if (g_strcmp0 (attr (&attrs, "type", FALSE), "imported") == 0)
            {
              push (self, elem, K_CONTAINER, R_IMPORTED_NOTE, NULL, NULL);
              return;
            }
          /* A single document's header is also the corpus header. */
          if (self->single && g_strcmp0 (attr (&attrs, "type", FALSE), "agreement") == 0)
            {
              push (self, elem, K_CONTAINER, R_AGREEMENT, NULL, NULL);
              return;
            }
        }
      break;

    case R_CORPUS_NOTES:
      if (elem == E_NOTE && g_strcmp0 (attr (&attrs, "type", FALSE), "agreement") == 0)
        {
          push (self, elem, K_CONTAINER, R_AGREEMENT, NULL, NULL);
          return;
        }
      break;

    /* The agreement figures are computed from the claims at each export;
     * reading checks their shape and keeps nothing. */
    case R_AGREEMENT:
      if (elem == E_P)
        {
          push (self, elem, K_FIELD, R_NONE, NULL, "the agreement note");
          return;
        }
      if (elem == E_INTERP_GRP)
        {
          push (self, elem, K_CONTAINER, R_INTERP_GRP, NULL, NULL);
          return;
        }
      break;

    case R_INTERP_GRP:
      if (elem == E_INTERP)
        {
          push (self, elem, K_FIELD, R_NONE, NULL, "an agreement figure");
          return;
        }
      break;

    case R_IMPORTED_NOTE:
      if (elem == E_DATE)
        {
          take (self, &d->doc->imported, attr (&attrs, "when", FALSE), "the import time");
          push (self, elem, K_EMPTY, R_NONE, NULL, NULL);
          return;
        }
      break;

    case R_CORPUS_SOURCE_DESC:
    case R_DOCUMENT_SOURCE_DESC:
      if (elem == E_P && role == R_CORPUS_SOURCE_DESC)
        {
          push (self, elem, K_FIELD, R_NONE, NULL, "the source description");
          return;
        }
      if (elem == E_BIBL_STRUCT && role == R_DOCUMENT_SOURCE_DESC)
        {
          push (self, elem, K_CONTAINER, R_BIBL_STRUCT, NULL, NULL);
          return;
        }
      if (elem == E_LIST_BIBL && (role == R_CORPUS_SOURCE_DESC || self->single) &&
          g_strcmp0 (attr (&attrs, "type", FALSE), "outside-sources") == 0)
        {
          push (self, elem, K_CONTAINER, R_OUTSIDE_SOURCES, NULL, NULL);
          return;
        }
      break;

    case R_BIBL_STRUCT:
      if (elem == E_ANALYTIC)
        {
          push (self, elem, K_CONTAINER, R_ANALYTIC, NULL, NULL);
          return;
        }
      if (elem == E_MONOGR)
        {
          push (self, elem, K_CONTAINER, R_MONOGR, NULL, NULL);
          return;
        }
      break;

    case R_ANALYTIC:
      if ((elem == E_TITLE && field (self, &attrs, elem, "level", "a", &d->doc->title, "the title")) ||
          (elem == E_AUTHOR && field (self, &attrs, elem, NULL, NULL, &d->doc->author, "the author")))
        return;
      break;

    case R_MONOGR:
      if (elem == E_TITLE && field (self, &attrs, elem, "level", "j", &d->doc->publication, "the publication"))
        return;
      if (elem == E_IMPRINT)
        {
          push (self, elem, K_CONTAINER, R_IMPRINT, NULL, NULL);
          return;
        }
      break;

    case R_IMPRINT:
      if (elem == E_BIBL_SCOPE &&
          (field (self, &attrs, elem, "unit", "volume", &d->doc->volume, "the volume") ||
           field (self, &attrs, elem, "unit", "issue", &d->doc->issue, "the issue")))
        return;
      if (elem == E_DATE && !d->have_imprint_date)
        {
          const char *when = attr (&attrs, "when", FALSE);

          d->have_imprint_date = TRUE;
          if (when != NULL)
            d->doc->date = g_strdup (when);
          push (self, elem, K_FIELD, R_NONE, NULL, "the date");
          return;
        }
      break;

    case R_OUTSIDE_SOURCES:
    case R_DOCUMENT_SOURCES:
      if (elem == E_BIBL)
        {
          clear_source (&self->source);
          self->source.id = g_strdup (attr (&attrs, "id", TRUE));
          push (self, elem, K_LOOSE, R_BIBL, NULL, NULL);
          return;
        }
      break;

    case R_BIBL:
      type = attr (&attrs, "type", FALSE);
      if (elem == E_DATE && g_strcmp0 (type, "recorded") == 0)
        {
          take (self, &self->source.recorded, attr (&attrs, "when", FALSE), "the time a source was recorded");
          push (self, elem, K_EMPTY, R_NONE, NULL, NULL);
          return;
        }
      if (elem == E_DATE && type == NULL && !self->source.has_date)
        {
          const char *when = attr (&attrs, "when", FALSE);

          self->source.has_date = TRUE;
          self->source.when = g_strdup (when);
          push (self, elem, K_FIELD, R_NONE, &self->source.date_text, "a source's date");
          return;
        }
      if ((elem == E_ORG_NAME && field (self, &attrs, elem, NULL, NULL, &self->source.outlet, "a source's outlet")) ||
          (elem == E_PUB_PLACE && field (self, &attrs, elem, NULL, NULL, &self->source.place, "a source's place")) ||
          (elem == E_TITLE && field (self, &attrs, elem, NULL, NULL, &self->source.title, "a source's title")) ||
          (elem == E_NOTE && field (self, &attrs, elem, "type", "reliability", &self->source.reliability,
                                    "a source's reliability")))
        return;
      if (elem == E_PTR)
        {
          take (self, &self->source.url, attr (&attrs, "target", FALSE), "a source's URL");
          push (self, elem, K_EMPTY, R_NONE, NULL, NULL);
          return;
        }
      break;

    case R_ENCODING_DESC:
      if (elem == E_APP_INFO)
        {
          push (self, elem, K_CONTAINER, R_APP_INFO, NULL, NULL);
          return;
        }
      if (elem == E_CLASS_DECL && self->have_app)
        {
          push (self, elem, K_CONTAINER, R_CLASS_DECL, NULL, NULL);
          return;
        }
      break;

    case R_APP_INFO:
      if (elem == E_APPLICATION && g_strcmp0 (attr (&attrs, "ident", FALSE), "Attest") == 0)
        {
          g_free (self->application_version);
          self->application_version = g_strdup (attr (&attrs, "version", FALSE));
          end_application (self);
          push (self, elem, K_CONTAINER, R_APPLICATION, NULL, NULL);
          return;
        }
      break;

    case R_APPLICATION:
      if (elem == E_LABEL)
        {
          push (self, elem, K_FIELD, R_NONE, NULL, "the application's label");
          return;
        }
      break;

    case R_CLASS_DECL:
      if (elem == E_TAXONOMY)
        {
          start_taxonomy (self);
          push (self, elem, K_CONTAINER, R_TAXONOMY, NULL, NULL);
          return;
        }
      break;

    case R_TAXONOMY:
    case R_CATEGORY:
      if (elem == E_DESC && role == R_TAXONOMY)
        {
          push (self, elem, K_FIELD, R_NONE, NULL, "the taxonomy's description");
          return;
        }
      if (elem == E_CATEGORY)
        {
          start_category (self, &attrs);
          push (self, elem, K_CONTAINER, R_CATEGORY, NULL, NULL);
          return;
        }
      if (role == R_CATEGORY)
        {
          CategoryBuild *build = g_ptr_array_index (self->category_stack, self->category_stack->len - 1);
          AttestCategory *c = build->category;

          if (elem == E_GLOSS && field (self, &attrs, elem, NULL, NULL, &c->label, "a category's label"))
            return;
          if (elem == E_DESC && field (self, &attrs, elem, "type", "description", &c->description,
                                       "a category's description"))
            return;
          if (elem == E_DESC && g_strcmp0 (attr (&attrs, "type", FALSE), "retired") == 0)
            {
              c->retired = TRUE;
              push (self, elem, K_EMPTY, R_NONE, NULL, NULL);
              return;
            }
        }
      break;

    case R_REVISION_DESC:
      if (elem == E_CHANGE)
        {
          ChangeBuild *c = &self->change;

          clear_change (c);
          c->id = g_strdup (attr (&attrs, "id", TRUE));
          c->when = g_strdup (attr (&attrs, "when", FALSE));
          c->who = g_strdup (attr (&attrs, "who", FALSE));
          c->type = g_strdup (attr (&attrs, "type", FALSE));
          c->subtype = g_strdup (attr (&attrs, "subtype", FALSE));
          push (self, elem, K_CONTAINER, R_CHANGE, NULL, NULL);
          return;
        }
      break;

    case R_CHANGE:
      if ((elem == E_IDNO && field (self, &attrs, elem, "type", "entity", &self->change.entity_uuid,
                                    "a change's entity")) ||
          (elem == E_LABEL && field (self, &attrs, elem, "type", "field", &self->change.field,
                                     "a change's field")) ||
          (elem == E_DEL && field (self, &attrs, elem, NULL, NULL, &self->change.old_value,
                                   "a change's old value")) ||
          (elem == E_ADD && field (self, &attrs, elem, NULL, NULL, &self->change.new_value,
                                   "a change's new value")))
        return;
      break;

    case R_TEXT:
      if (elem == E_BODY)
        {
          push (self, elem, K_CONTAINER, R_BODY, NULL, NULL);
          return;
        }
      break;

    case R_BODY:
      if (elem == E_P)
        {
          start_line (self);
          push (self, elem, K_LINE, R_NONE, NULL, NULL);
          return;
        }
      break;

    case R_STANDOFF:
      if (elem == E_LIST_BIBL && !d->claims_started &&
          g_strcmp0 (attr (&attrs, "type", FALSE), "sources") == 0)
        {
          push (self, elem, K_CONTAINER, R_DOCUMENT_SOURCES, NULL, NULL);
          return;
        }
      if (elem == E_SPAN_GRP && !d->claims_started && !d->citations_listed &&
          g_strcmp0 (attr (&attrs, "type", FALSE), "claims") == 0)
        {
          d->claims_started = TRUE;
          push (self, elem, K_CONTAINER, R_SPAN_GRP, NULL, NULL);
          return;
        }
      if (elem == E_SPAN_GRP && !d->citations_listed && g_strcmp0 (attr (&attrs, "type", FALSE), "citations") == 0)
        {
          d->citations_listed = TRUE;
          push (self, elem, K_CONTAINER, R_CITATIONS, NULL, NULL);
          return;
        }
      break;

    case R_CITATIONS:
      if (elem == E_SPAN)
        {
          read_citation (self, &attrs);
          push (self, elem, K_EMPTY, R_NONE, NULL, NULL);
          return;
        }
      break;

    case R_SPAN_GRP:
      if (elem == E_SPAN)
        {
          ClaimBuild *c = &self->claim;

          clear_claim (c);
          c->id = g_strdup (attr (&attrs, "id", TRUE));
          c->from = g_strdup (attr (&attrs, "from", FALSE));
          c->to = g_strdup (attr (&attrs, "to", FALSE));
          c->ana = g_strdup (attr (&attrs, "ana", FALSE));
          c->resp = g_strdup (attr (&attrs, "resp", FALSE));
          c->cert = g_strdup (attr (&attrs, "cert", FALSE));
          c->sources = g_strdup (attr (&attrs, "source", FALSE));
          c->type = g_strdup (attr (&attrs, "type", FALSE));
          c->subtype = g_strdup (attr (&attrs, "subtype", FALSE));
          push (self, elem, K_CONTAINER, R_SPAN, NULL, NULL);
          return;
        }
      break;

    case R_SPAN:
      type = attr (&attrs, "type", FALSE);
      if (elem == E_DATE && g_strcmp0 (type, "created") == 0)
        {
          take (self, &self->claim.created, attr (&attrs, "when", FALSE), "a claim's creation time");
          push (self, elem, K_EMPTY, R_NONE, NULL, NULL);
          return;
        }
      if (elem == E_DATE && g_strcmp0 (type, "modified") == 0)
        {
          take (self, &self->claim.modified, attr (&attrs, "when", FALSE), "a claim's modification time");
          take (self, &self->claim.version, attr (&attrs, "n", FALSE), "a claim's version");
          push (self, elem, K_EMPTY, R_NONE, NULL, NULL);
          return;
        }
      if (elem == E_DATE && g_strcmp0 (type, "linked") == 0)
        {
          LinkBuild *link = g_new0 (LinkBuild, 1);

          link->when = g_strdup (attr (&attrs, "when", FALSE));
          link->resp = g_strdup (attr (&attrs, "resp", FALSE));
          link->corresp = g_strdup (attr (&attrs, "corresp", FALSE));
          g_ptr_array_add (self->claim.links, link);
          push (self, elem, K_EMPTY, R_NONE, NULL, NULL);
          return;
        }
      if (elem == E_PTR && g_strcmp0 (type, "origin") == 0)
        {
          take (self, &self->claim.origin_ptr, attr (&attrs, "target", FALSE), "a claim's origin pointer");
          push (self, elem, K_EMPTY, R_NONE, NULL, NULL);
          return;
        }
      if (elem == E_IDNO && g_strcmp0 (type, "origin") == 0)
        {
          push (self, elem, K_FIELD, R_ORIGIN_ID, NULL, "a claim's origin");
          return;
        }
      if (elem == E_NOTE && field (self, &attrs, elem, "type", "comment", &self->claim.comment,
                                   "a claim's comment"))
        return;
      break;

    default:
      break;
    }

  if (ok (self))
    {
      if (parent != NULL && parent->kind == K_LINE && elem == E_ANCHOR)
        {
          add_anchor (self, &attrs);
          push (self, elem, K_EMPTY, R_NONE, NULL, NULL);
          return;
        }
      unexpected (self, name, parent ? parent->elem : E_UNKNOWN);
    }
}

static void
end_element (void          *user_data,
             const xmlChar *localname,
             const xmlChar *prefix,
             const xmlChar *uri)
{
  Reader *self = user_data;
  Frame frame;

  if (!ok (self) || self->stack->len == 0)
    return;
  frame = *top (self);
  g_array_set_size (self->stack, self->stack->len - 1);
  if (self->probing)
    return;

  if (frame.kind == K_FIELD && frame.target != NULL)
    *frame.target = g_strdup (self->field->str);

  switch (frame.role)
    {
    case R_DOCUMENT:
      end_document (self);
      break;
    case R_DOCUMENT_HEADER:
      if (self->single && (!self->have_app || !self->have_taxonomy))
        fail (self, ATTEST_ERROR_FORMAT, "the header lacks the Attest application or the taxonomy");
      end_document_header (self);
      break;
    case R_CORPUS_HEADER:
      if (!self->have_app || !self->have_taxonomy)
        fail (self, ATTEST_ERROR_FORMAT, "the header lacks the Attest application or the taxonomy");
      else if (!self->corpus_count)
        fail (self, ATTEST_ERROR_FORMAT, "the header does not say how many documents follow");
      else
        {
          gint64 total;

          if (!parse_count (self->corpus_count, &total) || total < 1 || total > G_MAXUINT)
            fail (self, ATTEST_ERROR_FORMAT, "the header says “%s” documents follow", self->corpus_count);
          self->documents_total = total;
        }
      break;
    case R_CORPUS:
      if (ok (self) && self->documents_seen != self->documents_total)
        fail (self, ATTEST_ERROR_FORMAT, "the header announces %u documents, the file holds %u",
              self->documents_total, self->documents_seen);
      break;
    case R_RESP_STMT:
      end_person (self);
      break;
    case R_TAXONOMY:
      self->have_taxonomy = TRUE;
      break;
    case R_CATEGORY:
      end_category (self);
      break;
    case R_CHANGE:
      end_change (self);
      break;
    case R_BIBL:
      end_source (self, top (self)->role == R_OUTSIDE_SOURCES);
      break;
    case R_BODY:
      end_body (self);
      break;
    case R_SPAN:
      end_claim (self);
      break;
    case R_ORIGIN_ID:
      g_ptr_array_add (self->claim.origin_ids, g_strdup (self->field->str));
      break;
    default:
      break;
    }
}

static gboolean
is_blank (const xmlChar *text,
          int            len)
{
  for (int i = 0; i < len; i++)
    if (text[i] != ' ' && text[i] != '\t' && text[i] != '\n' && text[i] != '\r')
      return FALSE;
  return TRUE;
}

static void
characters (void          *user_data,
            const xmlChar *text,
            int            len)
{
  Reader *self = user_data;
  Frame *frame = top (self);

  if (!ok (self) || frame == NULL || self->probing)
    return;

  switch (frame->kind)
    {
    case K_LINE:
      {
        DocBuild *d = self->doc;

        g_string_append_len (d->text, (const char *) text, len);
        /* Count characters: every byte that does not continue a sequence. */
        for (int i = 0; i < len; i++)
          if ((text[i] & 0xC0) != 0x80)
            d->offset++;
      }
      break;
    case K_FIELD:
      g_string_append_len (self->field, (const char *) text, len);
      break;
    case K_LOOSE:
      break;
    case K_CONTAINER:
    case K_EMPTY:
    default:
      if (!is_blank (text, len))
        fail (self, ATTEST_ERROR_FORMAT, "unexpected text “%.*s”", MIN (len, 40), (const char *) text);
      break;
    }
}

/* ---------------------------------------------------------------- input */

static void
reader_init (Reader *self)
{
  self->stack = g_array_new (FALSE, FALSE, sizeof (Frame));
  self->elems = g_hash_table_new (g_direct_hash, g_direct_equal);
  self->field = g_string_new (NULL);
  self->values = g_string_new (NULL);
  self->value_ptrs = g_ptr_array_new ();
  self->persons = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, person_free);
  self->categories = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->outside = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->header_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->documents = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->category_stack = g_ptr_array_new_with_free_func (category_build_free);
  self->claim.links = g_ptr_array_new_with_free_func (link_build_free);
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
  clear_person (&self->person);
  clear_source (&self->source);
  clear_claim (&self->claim);
  g_ptr_array_unref (self->claim.links);
  g_ptr_array_unref (self->claim.origin_ids);
  g_hash_table_unref (self->curated);
  clear_change (&self->change);
  g_clear_pointer (&self->doc, doc_build_free);
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
  sax.startElementNs = start_element;
  sax.endElementNs = end_element;
  sax.characters = characters;
  sax.ignorableWhitespace = characters;
  sax.cdataBlock = characters;
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
            fail (self, ATTEST_ERROR_FORMAT,
                  "the file is not an Attest export (no Attest application in its first %d MB)",
                  PROBE_LIMIT / (1024 * 1024));
        }
      if (n > 0 && !is_blank ((const xmlChar *) buffer, n))
        any = TRUE;
      if (ok (self))
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
          if (n == 0 && !ok (self) && self->stack->len > 0 &&
              self->error->domain == ATTEST_ERROR && !self->probing)
            {
              g_clear_error (&self->error);
              self->error = g_error_new (ATTEST_ERROR, ATTEST_ERROR_FORMAT,
                                         "“%s” is not well-formed XML: the file ends in the middle "
                                         "of the document: it was cut short", self->name);
            }
        }
      stopped = !ok (self) || self->ctxt->disableSAX == 2 || !self->ctxt->wellFormed ||
                self->ctxt->instate == XML_PARSER_EOF;
    }
  while (n > 0 && !stopped);

  if (ok (self) && !self->ctxt->wellFormed)
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

  if (!ok (self))
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
