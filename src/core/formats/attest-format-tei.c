/* attest-format-tei.c — one TEI document read as an article (a whole
 * corpus is import-tei's, in attest-tei-reader.c).
 *
 * Its header gives title, author, journal, volume, issue and date; its
 * body's <p>, <head> and <ab> the paragraphs. libxml2's parser reads it
 * without network, DTD loading or entity substitution; a DTD that declares
 * entities stops the parser at the declaration and refuses the file, so
 * neither external entities nor expansion bombs are ever processed.
 */
#include "attest-format.h"

#include <glib/gi18n-lib.h>
#include "attest-error.h"
#include "attest-markup-text.h"

#include <string.h>

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>

#define TEI_NS "http://www.tei-c.org/ns/1.0"

/* libxml2 2.12 made the structured error handler's argument const. */
#if LIBXML_VERSION >= 21200
typedef const xmlError *XmlErrorArg;
#else
typedef xmlError *XmlErrorArg;
#endif

typedef struct {
  gboolean  entities;     /* the DTD declares entities */
  char     *message;      /* the first error */
  int       line;
} XmlState;

static void
xml_error (void       *data,
           XmlErrorArg err)
{
  xmlParserCtxtPtr ctxt = data;
  XmlState *state = ctxt->_private;

  if (state == NULL || state->message != NULL || err->level < XML_ERR_ERROR)
    return;

  state->message = g_strstrip (g_strdup (err->message != NULL ? err->message : "error"));
  state->line = err->line;
}

/* Entity declarations stop the parser before any entity is looked at. */
static void
xml_entity_decl (void          *data,
                 const xmlChar *name,
                 int            type,
                 const xmlChar *public_id,
                 const xmlChar *system_id,
                 xmlChar       *content)
{
  xmlParserCtxtPtr ctxt = data;
  XmlState *state = ctxt->_private;

  state->entities = TRUE;
  xmlStopParser (ctxt);
}

static void
xml_unparsed_entity_decl (void          *data,
                          const xmlChar *name,
                          const xmlChar *public_id,
                          const xmlChar *system_id,
                          const xmlChar *notation)
{
  xml_entity_decl (data, name, 0, public_id, system_id, NULL);
}

static gboolean
dtd_declares_entities (xmlDoc *doc)
{
  if (doc->intSubset == NULL)
    return FALSE;

  for (xmlNode *n = doc->intSubset->children; n != NULL; n = n->next)
    if (n->type == XML_ENTITY_DECL)
      return TRUE;

  return FALSE;
}

static gboolean
is_tei (xmlNode    *node,
        const char *name)
{
  if (node == NULL || node->type != XML_ELEMENT_NODE ||
      strcmp ((const char *) node->name, name) != 0)
    return FALSE;

  /* TEI P5 is namespaced; older, namespace-less TEI is read too. */
  return node->ns == NULL || node->ns->href == NULL ||
         strcmp ((const char *) node->ns->href, TEI_NS) == 0;
}

static xmlNode *
tei_child (xmlNode    *parent,
           const char *name)
{
  if (parent == NULL)
    return NULL;

  for (xmlNode *n = parent->children; n != NULL; n = n->next)
    if (is_tei (n, name))
      return n;

  return NULL;
}

static xmlNode *
tei_descendant (xmlNode    *root,
                const char *name)
{
  if (root == NULL)
    return NULL;

  for (xmlNode *n = attest_markup_next_element (root, root, TRUE); n != NULL;
       n = attest_markup_next_element (n, root, TRUE))
    if (is_tei (n, name))
      return n;

  return NULL;
}

static gboolean
attr_is (xmlNode    *node,
         const char *attr,
         const char *value)
{
  g_autofree char *v = (char *) xmlGetProp (node, (const xmlChar *) attr);

  return v != NULL && strcmp (v, value) == 0;
}

/* The first <title> child, preferring type="main". */
static xmlNode *
tei_title (xmlNode    *parent,
           const char *level)
{
  xmlNode *first = NULL;

  if (parent == NULL)
    return NULL;

  for (xmlNode *n = parent->children; n != NULL; n = n->next)
    {
      if (!is_tei (n, "title") || (level != NULL && !attr_is (n, "level", level)))
        continue;
      if (attr_is (n, "type", "main"))
        return n;
      if (first == NULL)
        first = n;
    }

  return first;
}

static void
read_tei_header (AttestFormatResult *doc,
                 xmlNode            *root)
{
  xmlNode *file_desc = tei_child (tei_child (root, "teiHeader"), "fileDesc");
  xmlNode *title_stmt = tei_child (file_desc, "titleStmt");
  xmlNode *bibl = tei_descendant (tei_child (file_desc, "sourceDesc"), "biblStruct");
  xmlNode *analytic = tei_child (bibl, "analytic");
  xmlNode *monogr = tei_child (bibl, "monogr");
  xmlNode *date;

  attest_format_set_field (&doc->title, attest_markup_node_text (tei_title (title_stmt, NULL)));
  if (doc->title == NULL)
    attest_format_set_field (&doc->title, attest_markup_node_text (tei_title (analytic, NULL)));

  attest_format_set_field (&doc->author, attest_markup_node_text (tei_child (title_stmt, "author")));
  if (doc->author == NULL)
    attest_format_set_field (&doc->author, attest_markup_node_text (tei_child (analytic, "author")));

  attest_format_set_field (&doc->publication, attest_markup_node_text (tei_title (monogr, "j")));

  for (xmlNode *n = monogr != NULL ? attest_markup_next_element (monogr, monogr, TRUE) : NULL;
       n != NULL;
       n = attest_markup_next_element (n, monogr, !is_tei (n, "biblScope")))
    {
      if (!is_tei (n, "biblScope"))
        continue;
      if (doc->volume == NULL && (attr_is (n, "unit", "volume") || attr_is (n, "type", "volume")))
        attest_format_set_field (&doc->volume, attest_markup_node_text (n));
      else if (doc->issue == NULL && (attr_is (n, "unit", "issue") || attr_is (n, "type", "issue")))
        attest_format_set_field (&doc->issue, attest_markup_node_text (n));
    }

  date = tei_child (tei_descendant (monogr, "imprint"), "date");
  if (date != NULL)
    {
      g_autofree char *when = (char *) xmlGetProp (date, (const xmlChar *) "when");

      /* Only a full date is a date here; "2005" alone is not. */
      if (when != NULL && strlen (when) >= 10)
        attest_format_set_field (&doc->date, g_steal_pointer (&when));
    }
}

/**
 * attest_format_tei_read:
 * @text: the text
 * @name: the file's name, for messages
 * @result: the result, filled in
 * @error: return location for a #GError, or %NULL
 *
 * A TEI document already decoded to UTF-8 (not a teiCorpus).
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */
gboolean
attest_format_tei_read (const char          *text,
                        const char          *name,
                        AttestFormatResult  *result,
                        GError             **error)
{
  xmlParserCtxtPtr ctxt;
  XmlState state = { FALSE, NULL, 0 };
  xmlDoc *xml;
  xmlNode *root;
  xmlNode *body;
  gboolean well_formed;
  gboolean ok;

  ctxt = xmlCreateMemoryParserCtxt (text, strlen (text));
  if (ctxt == NULL)
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_FAILED,
                   _("Out of memory reading “%s”"), name);
      return FALSE;
    }

  /* Never XML_PARSE_NOENT, DTDLOAD or DTDATTR: nothing outside this text
   * is read, and entities are refused below. The encoding declaration is
   * ignored because the text was decoded to UTF-8 already. */
  xmlCtxtUseOptions (ctxt, XML_PARSE_NONET | XML_PARSE_NOERROR |
                           XML_PARSE_NOWARNING | XML_PARSE_IGNORE_ENC);
  ctxt->_private = &state;
  ctxt->sax->serror = xml_error;
  ctxt->sax->entityDecl = xml_entity_decl;
  ctxt->sax->unparsedEntityDecl = xml_unparsed_entity_decl;

  {
    AttestMarkupQuiet quiet;

    attest_markup_quiet_begin (&quiet);
    xmlParseDocument (ctxt);
    attest_markup_quiet_end (&quiet);
  }
  xml = ctxt->myDoc;
  ctxt->myDoc = NULL;
  well_formed = ctxt->wellFormed;
  xmlFreeParserCtxt (ctxt);

  if (state.entities || (xml != NULL && dtd_declares_entities (xml)))
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_FORMAT,
                   _("“%s” contains a DTD with entity declarations, which Attest does not read"),
                   name);
      ok = FALSE;
      goto out;
    }

  if (!well_formed || xml == NULL || xmlDocGetRootElement (xml) == NULL)
    {
      if (state.message != NULL)
        g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_FORMAT,
                     _("“%s” is not well-formed XML: line %d: %s"),
                     name, state.line, state.message);
      else
        g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_FORMAT,
                     _("“%s” is not well-formed XML"), name);
      ok = FALSE;
      goto out;
    }

  root = xmlDocGetRootElement (xml);
  if (is_tei (root, "teiCorpus"))
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_FORMAT,
                   _("“%s” is a TEI corpus, which is imported with import-tei, not as an article"),
                   name);
      ok = FALSE;
      goto out;
    }
  if (!is_tei (root, "TEI"))
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_FORMAT,
                   _("“%s” is XML but not a TEI document"), name);
      ok = FALSE;
      goto out;
    }

  read_tei_header (result, root);

  body = tei_child (tei_child (root, "text"), "body");
  result->heading = attest_markup_node_text (tei_descendant (body, "head"));
  {
    g_autoptr(GPtrArray) paras = attest_markup_paragraphs (body, ATTEST_MARKUP_TEI);

    for (guint i = 0; i < paras->len; i++)
      g_ptr_array_add (result->paragraphs, g_strdup (g_ptr_array_index (paras, i)));
  }
  ok = TRUE;

out:
  g_free (state.message);
  if (xml != NULL)
    xmlFreeDoc (xml);
  return ok;
}

