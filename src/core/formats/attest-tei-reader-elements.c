/* attest-tei-reader-elements.c — the TEI reader's grammar.
 *
 * What it owns: which element may stand where (a stack of frames, each
 * with its kind and role), the attributes of the element being read, and
 * the text collected into fields and lines; the rows are built and
 * checked by the handlers of attest-tei-reader-header.c and -document.c.
 */
#include "config.h"

#include "attest-tei-reader-private.h"

#include <string.h>

#include "attest-error.h"
#include "attest-rules.h"
#include "attest-tei-names.h"

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

/* Sets *target once; a second value for the same field is an error. */
static void
take (Reader     *self,
      char      **target,
      const char *value,
      const char *what)
{
  if (!tei_reader_ok (self))
    return;
  if (*target != NULL)
    {
      tei_reader_fail (self, ATTEST_ERROR_FORMAT, "%s appears twice", what);
      return;
    }
  *target = g_strdup (value);
}


/* ------------------------------------------------------------ attributes */

/* The value of attribute @name (in the XML namespace when @xml), or NULL.
 * Valid until the next element starts. */
const char *
tei_reader_attr (Attrs      *attrs,
                 const char *name,
                 gboolean    xml)
{
  for (int i = 0; i < attrs->n; i++)
    {
      const xmlChar **a = attrs->raw + 5 * i;
      gboolean in_xml = a[2] != NULL && strcmp ((const char *) a[2], ATTEST_TEI_XML_NAMESPACE) == 0;

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
  g_string_truncate (self->values, 0);
  g_ptr_array_set_size (self->value_ptrs, 0);
  for (int i = 0; i < n; i++)
    {
      const char *v = (const char *) raw[5 * i + 3];
      const char *end = (const char *) raw[5 * i + 4];
      const char *amp;

      /* Offsets for now: the buffer may move while it grows. */
      g_ptr_array_add (self->value_ptrs, GSIZE_TO_POINTER (self->values->len));
      /* Without entity substitution (which we never ask for) libxml2
       * keeps an ampersand in an attribute as "&#38;"; a bare "&" cannot
       * occur there otherwise. */
      while ((amp = memchr (v, '&', end - v)) != NULL)
        {
          g_string_append_len (self->values, v, amp + 1 - v);
          v = end - amp >= 5 && memcmp (amp, "&#38;", 5) == 0 ? amp + 5 : amp + 1;
        }
      g_string_append_len (self->values, v, end - v);
      g_string_append_c (self->values, '\0');
    }
  /* Only now, when the buffer stops moving, turn offsets into pointers. */
  for (guint i = 0; i < self->value_ptrs->len; i++)
    self->value_ptrs->pdata[i] = self->values->str + GPOINTER_TO_SIZE (self->value_ptrs->pdata[i]);
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

/* ------------------------------------------------------------ elements */

static void
unexpected (Reader     *self,
            const char *name,
            Elem        parent)
{
  for (guint i = 0; i < G_N_ELEMENTS (elem_names); i++)
    if (elem_names[i].elem == parent)
      {
        tei_reader_fail (self, ATTEST_ERROR_FORMAT, "unexpected <%s> inside <%s>", name, elem_names[i].name);
        return;
      }
  tei_reader_fail (self, ATTEST_ERROR_FORMAT, "unexpected <%s>", name);
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
  const char *got = attr_name ? tei_reader_attr (attrs, attr_name, FALSE) : NULL;

  if (attr_name != NULL && g_strcmp0 (got, value) != 0)
    return FALSE;
  if (*target != NULL)
    {
      tei_reader_fail (self, ATTEST_ERROR_FORMAT, "%s appears twice", what);
      return TRUE;
    }
  push (self, elem, K_FIELD, R_NONE, target, what);
  return TRUE;
}

void
tei_reader_start_element (void           *user_data,
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

  if (!tei_reader_ok (self))
    return;
  copy_values (self, attributes, nb_attributes);

  if (uri == NULL || strcmp ((const char *) uri, ATTEST_TEI_NAMESPACE) != 0)
    {
      if (parent == NULL)
        tei_reader_fail (self, ATTEST_ERROR_FORMAT, "the file is XML but not TEI (its root is <%s>)", name);
      else
        tei_reader_fail (self, ATTEST_ERROR_FORMAT, "<%s> is not a TEI element", name);
      return;
    }

  if (self->probing)
    {
      /* Only the root and the application matter; stop where the header's
       * format information must have been. */
      if (parent == NULL && elem != E_TEI_CORPUS && elem != E_TEI)
        tei_reader_fail (self, ATTEST_ERROR_FORMAT, "the file is TEI but neither a teiCorpus nor a TEI document");
      else if (elem == E_APPLICATION && g_strcmp0 (tei_reader_attr (&attrs, "ident", FALSE), "Attest") == 0)
        {
          self->application_version = g_strdup (tei_reader_attr (&attrs, "version", FALSE));
          tei_reader_end_application (self);
          xmlStopParser (self->ctxt);
        }
      else if (elem == E_REVISION_DESC || elem == E_TEXT || elem == E_STAND_OFF ||
               (elem == E_TEI && parent != NULL))
        tei_reader_fail (self, ATTEST_ERROR_FORMAT,
                         "the file is TEI but not an Attest export (no Attest application in its header); "
                         "to add a TEI article, use import");
      push (self, elem, K_CONTAINER, R_NONE, NULL, NULL);
      return;
    }

  /* Text inside a field may hold <g> for a control character. */
  if (parent != NULL && (parent->kind == K_FIELD || parent->kind == K_LINE) && elem == E_G)
    {
      const char *t = tei_reader_attr (&attrs, "type", FALSE);
      const char *n = tei_reader_attr (&attrs, "n", FALSE);
      gunichar code = 0;

      if (!attest_tei_parse_control (t, n, &code))
        {
          tei_reader_fail (self, ATTEST_ERROR_FORMAT, "<g> stands only for a character XML cannot carry, not “%s”",
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
          tei_reader_start_document (self, &attrs, FALSE);
          return;
        }
      tei_reader_fail (self, ATTEST_ERROR_FORMAT, "the file is TEI but neither a teiCorpus nor a TEI document");
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
          tei_reader_start_document (self, &attrs, TRUE);
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
          tei_reader_clear_person (&self->person);
          self->person.id = g_strdup (tei_reader_attr (&attrs, "id", TRUE));
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
          const char *unit = tei_reader_attr (&attrs, "unit", FALSE);
          const char *quantity = tei_reader_attr (&attrs, "quantity", FALSE);

          if (g_strcmp0 (unit, role == R_CORPUS_EXTENT ? "documents" : "characters") != 0)
            {
              tei_reader_fail (self, ATTEST_ERROR_FORMAT, "the extent is counted in “%s”", unit ? unit : "");
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
          if (g_strcmp0 (tei_reader_attr (&attrs, "type", FALSE), "imported") == 0)
            {
              push (self, elem, K_CONTAINER, R_IMPORTED_NOTE, NULL, NULL);
              return;
            }
          /* A single document's header is also the corpus header. */
          if (self->single && g_strcmp0 (tei_reader_attr (&attrs, "type", FALSE), "agreement") == 0)
            {
              push (self, elem, K_CONTAINER, R_AGREEMENT, NULL, NULL);
              return;
            }
        }
      break;

    case R_CORPUS_NOTES:
      if (elem == E_NOTE && g_strcmp0 (tei_reader_attr (&attrs, "type", FALSE), "agreement") == 0)
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
          take (self, &d->doc->imported, tei_reader_attr (&attrs, "when", FALSE), "the import time");
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
          g_strcmp0 (tei_reader_attr (&attrs, "type", FALSE), "outside-sources") == 0)
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
          const char *when = tei_reader_attr (&attrs, "when", FALSE);

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
          tei_reader_clear_source (&self->source);
          self->source.id = g_strdup (tei_reader_attr (&attrs, "id", TRUE));
          push (self, elem, K_LOOSE, R_BIBL, NULL, NULL);
          return;
        }
      break;

    case R_BIBL:
      type = tei_reader_attr (&attrs, "type", FALSE);
      if (elem == E_DATE && g_strcmp0 (type, "recorded") == 0)
        {
          take (self, &self->source.recorded, tei_reader_attr (&attrs, "when", FALSE), "the time a source was recorded");
          push (self, elem, K_EMPTY, R_NONE, NULL, NULL);
          return;
        }
      if (elem == E_DATE && type == NULL && !self->source.has_date)
        {
          const char *when = tei_reader_attr (&attrs, "when", FALSE);

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
          take (self, &self->source.url, tei_reader_attr (&attrs, "target", FALSE), "a source's URL");
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
      if (elem == E_APPLICATION && g_strcmp0 (tei_reader_attr (&attrs, "ident", FALSE), "Attest") == 0)
        {
          g_free (self->application_version);
          self->application_version = g_strdup (tei_reader_attr (&attrs, "version", FALSE));
          tei_reader_end_application (self);
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
          tei_reader_start_taxonomy (self);
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
          tei_reader_start_category (self, &attrs);
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
          if (elem == E_DESC && g_strcmp0 (tei_reader_attr (&attrs, "type", FALSE), "retired") == 0)
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

          tei_reader_clear_change (c);
          c->id = g_strdup (tei_reader_attr (&attrs, "id", TRUE));
          c->when = g_strdup (tei_reader_attr (&attrs, "when", FALSE));
          c->who = g_strdup (tei_reader_attr (&attrs, "who", FALSE));
          c->type = g_strdup (tei_reader_attr (&attrs, "type", FALSE));
          c->subtype = g_strdup (tei_reader_attr (&attrs, "subtype", FALSE));
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
          tei_reader_start_line (self);
          push (self, elem, K_LINE, R_NONE, NULL, NULL);
          return;
        }
      break;

    case R_STANDOFF:
      if (elem == E_LIST_BIBL && !d->claims_started &&
          g_strcmp0 (tei_reader_attr (&attrs, "type", FALSE), "sources") == 0)
        {
          push (self, elem, K_CONTAINER, R_DOCUMENT_SOURCES, NULL, NULL);
          return;
        }
      if (elem == E_SPAN_GRP && !d->claims_started && !d->citations_listed &&
          g_strcmp0 (tei_reader_attr (&attrs, "type", FALSE), "claims") == 0)
        {
          d->claims_started = TRUE;
          push (self, elem, K_CONTAINER, R_SPAN_GRP, NULL, NULL);
          return;
        }
      if (elem == E_SPAN_GRP && !d->citations_listed && g_strcmp0 (tei_reader_attr (&attrs, "type", FALSE), "citations") == 0)
        {
          d->citations_listed = TRUE;
          push (self, elem, K_CONTAINER, R_CITATIONS, NULL, NULL);
          return;
        }
      break;

    case R_CITATIONS:
      if (elem == E_SPAN)
        {
          tei_reader_read_citation (self, &attrs);
          push (self, elem, K_EMPTY, R_NONE, NULL, NULL);
          return;
        }
      break;

    case R_SPAN_GRP:
      if (elem == E_SPAN)
        {
          ClaimBuild *c = &self->claim;

          tei_reader_clear_claim (c);
          c->id = g_strdup (tei_reader_attr (&attrs, "id", TRUE));
          c->from = g_strdup (tei_reader_attr (&attrs, "from", FALSE));
          c->to = g_strdup (tei_reader_attr (&attrs, "to", FALSE));
          c->ana = g_strdup (tei_reader_attr (&attrs, "ana", FALSE));
          c->resp = g_strdup (tei_reader_attr (&attrs, "resp", FALSE));
          c->cert = g_strdup (tei_reader_attr (&attrs, "cert", FALSE));
          c->sources = g_strdup (tei_reader_attr (&attrs, "source", FALSE));
          c->type = g_strdup (tei_reader_attr (&attrs, "type", FALSE));
          c->subtype = g_strdup (tei_reader_attr (&attrs, "subtype", FALSE));
          push (self, elem, K_CONTAINER, R_SPAN, NULL, NULL);
          return;
        }
      break;

    case R_SPAN:
      type = tei_reader_attr (&attrs, "type", FALSE);
      if (elem == E_DATE && g_strcmp0 (type, "created") == 0)
        {
          take (self, &self->claim.created, tei_reader_attr (&attrs, "when", FALSE), "a claim's creation time");
          push (self, elem, K_EMPTY, R_NONE, NULL, NULL);
          return;
        }
      if (elem == E_DATE && g_strcmp0 (type, "modified") == 0)
        {
          take (self, &self->claim.modified, tei_reader_attr (&attrs, "when", FALSE), "a claim's modification time");
          take (self, &self->claim.version, tei_reader_attr (&attrs, "n", FALSE), "a claim's version");
          push (self, elem, K_EMPTY, R_NONE, NULL, NULL);
          return;
        }
      if (elem == E_DATE && g_strcmp0 (type, "linked") == 0)
        {
          LinkBuild *link = g_new0 (LinkBuild, 1);

          link->when = g_strdup (tei_reader_attr (&attrs, "when", FALSE));
          link->resp = g_strdup (tei_reader_attr (&attrs, "resp", FALSE));
          link->corresp = g_strdup (tei_reader_attr (&attrs, "corresp", FALSE));
          g_ptr_array_add (self->claim.links, link);
          push (self, elem, K_EMPTY, R_NONE, NULL, NULL);
          return;
        }
      if (elem == E_PTR && g_strcmp0 (type, "origin") == 0)
        {
          take (self, &self->claim.origin_ptr, tei_reader_attr (&attrs, "target", FALSE), "a claim's origin pointer");
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

  if (tei_reader_ok (self))
    {
      if (parent != NULL && parent->kind == K_LINE && elem == E_ANCHOR)
        {
          tei_reader_add_anchor (self, &attrs);
          push (self, elem, K_EMPTY, R_NONE, NULL, NULL);
          return;
        }
      unexpected (self, name, parent ? parent->elem : E_UNKNOWN);
    }
}

void
tei_reader_end_element (void          *user_data,
                        const xmlChar *localname,
                        const xmlChar *prefix,
                        const xmlChar *uri)
{
  Reader *self = user_data;
  Frame frame;

  if (!tei_reader_ok (self) || self->stack->len == 0)
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
      tei_reader_end_document (self);
      break;
    case R_DOCUMENT_HEADER:
      if (self->single && (!self->have_app || !self->have_taxonomy))
        tei_reader_fail (self, ATTEST_ERROR_FORMAT, "the header lacks the Attest application or the taxonomy");
      tei_reader_end_document_header (self);
      break;
    case R_CORPUS_HEADER:
      if (!self->have_app || !self->have_taxonomy)
        tei_reader_fail (self, ATTEST_ERROR_FORMAT, "the header lacks the Attest application or the taxonomy");
      else if (!self->corpus_count)
        tei_reader_fail (self, ATTEST_ERROR_FORMAT, "the header does not say how many documents follow");
      else
        {
          gint64 total;

          if (!attest_tei_parse_count (self->corpus_count, &total) || total < 1 || total > G_MAXUINT)
            tei_reader_fail (self, ATTEST_ERROR_FORMAT, "the header says “%s” documents follow", self->corpus_count);
          self->documents_total = total;
        }
      break;
    case R_CORPUS:
      if (tei_reader_ok (self) && self->documents_seen != self->documents_total)
        tei_reader_fail (self, ATTEST_ERROR_FORMAT, "the header announces %u documents, the file holds %u",
                         self->documents_total, self->documents_seen);
      break;
    case R_RESP_STMT:
      tei_reader_end_person (self);
      break;
    case R_TAXONOMY:
      self->have_taxonomy = TRUE;
      break;
    case R_CATEGORY:
      tei_reader_end_category (self);
      break;
    case R_CHANGE:
      tei_reader_end_change (self);
      break;
    case R_BIBL:
      tei_reader_end_source (self, top (self)->role == R_OUTSIDE_SOURCES);
      break;
    case R_BODY:
      tei_reader_end_body (self);
      break;
    case R_SPAN:
      tei_reader_end_claim (self);
      break;
    case R_ORIGIN_ID:
      g_ptr_array_add (self->claim.origin_ids, g_strdup (self->field->str));
      break;
    default:
      break;
    }
}

void
tei_reader_characters (void          *user_data,
                       const xmlChar *text,
                       int            len)
{
  Reader *self = user_data;
  Frame *frame = top (self);

  if (!tei_reader_ok (self) || frame == NULL || self->probing)
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
      if (!tei_reader_is_blank (text, len))
        tei_reader_fail (self, ATTEST_ERROR_FORMAT, "unexpected text “%.*s”", MIN (len, 40), (const char *) text);
      break;
    }
}

