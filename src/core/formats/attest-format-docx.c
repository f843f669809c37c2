/* attest-format-docx.c — Word documents (Office Open XML, .docx).
 *
 * The container is read by attest-zip.c and each XML part by libxml2's
 * streaming reader (attest-xml-stream.c). The body is word/document.xml:
 * paragraphs (w:p) in order with their runs' text (w:t), tabs and breaks;
 * tables through the shared flow (attest-format.c); footnote and endnote
 * marks numbered in the order they are referenced, their text after the
 * body. Deleted revisions, text moved away (its new place is read), field
 * codes and the fallback copy of drawings are not text. Metadata comes from docProps/core.xml.
 */
#include "attest-format.h"

#include <glib/gi18n-lib.h>
#include "attest-error.h"
#include "attest-xml-stream.h"
#include "attest-zip.h"

#include <string.h>

/* Elements whose content is never text of the document. */
static const char * const skipped[] = {
  "delText", "instrText", "Fallback", "moveFrom", "pPr", "rPr", "sectPr", "tblPr", "trPr",
  "tcPr", "tblGrid", "footnotePr", "endnotePr", NULL
};

typedef struct {
  AttestFormatResult *result;
  AttestFlow *flow;
  GHashTable *marks;      /* "f12"/"e3" → its number as shown */
  guint       footnotes;
  guint       endnotes;
  gboolean    in_text;    /* inside w:t */
} Body;

/* Reads one part of paragraphs (document.xml, footnotes.xml or
 * endnotes.xml). In note parts, each w:footnote/w:endnote becomes a note. */
static gboolean
read_part (AttestZip   *zip,
           const char  *name,
           const char  *part,
           Body        *body,
           GError     **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(AttestXmlStream) stream = NULL;
  g_autofree char *what = g_strdup_printf ("“%s” (%s)", name, part);
  g_autofree char *note_mark = NULL;
  GError *local_error = NULL;
  xmlTextReaderPtr reader;
  int skip_depth = -1;
  char *style = NULL;
  gboolean hidden = FALSE;   /* the run being read is hidden (w:vanish) */
  gboolean generated = FALSE; /* the next content control's text is not the author's */

  if (!(bytes = attest_zip_read (zip, part, error)))
    return FALSE;

  stream = attest_xml_stream_new (bytes, what);
  reader = attest_xml_stream_reader (stream);

  while (attest_xml_stream_next (stream, &local_error))
    {
      int type = xmlTextReaderNodeType (reader);
      int depth = xmlTextReaderDepth (reader);
      const char *local = (const char *) xmlTextReaderConstLocalName (reader);

      if (skip_depth >= 0)
        {
          if (type == XML_READER_TYPE_END_ELEMENT && depth == skip_depth)
            skip_depth = -1;
          /* The paragraph's style and hidden text are the properties read. */
          else if (type == XML_READER_TYPE_ELEMENT && strcmp (local, "pStyle") == 0 && style == NULL)
            style = attest_xml_stream_dup_attribute (stream, "val");
          else if (type == XML_READER_TYPE_ELEMENT && strcmp (local, "vanish") == 0)
            {
              g_autofree char *val = attest_xml_stream_dup_attribute (stream, "val");

              /* Text hidden in Word is not the document's visible text. */
              hidden = val == NULL || !(strcmp (val, "0") == 0 || strcmp (val, "false") == 0);
            }
          continue;
        }

      if (type == XML_READER_TYPE_ELEMENT)
        {
          gboolean empty = xmlTextReaderIsEmptyElement (reader);

          if (attest_format_name_in (local, skipped))
            {
              if (!empty)
                skip_depth = depth;
            }
          else if (strcmp (local, "r") == 0)
            hidden = FALSE;
          /* A content control showing its placeholder ("Click here to
           * enter text"), or a generated table of contents, is no text. */
          else if (strcmp (local, "showingPlcHdr") == 0)
            generated = TRUE;
          else if (strcmp (local, "docPartGallery") == 0)
            {
              g_autofree char *gallery = attest_xml_stream_dup_attribute (stream, "val");

              generated = generated || (gallery != NULL && strstr (gallery, "Table of Contents") != NULL);
            }
          else if (strcmp (local, "sdtContent") == 0 && generated)
            {
              generated = FALSE;
              if (!empty)
                skip_depth = depth;
            }
          /* A text box is a block of its own, not more of the sentence it
           * is anchored in. */
          else if (strcmp (local, "txbxContent") == 0)
            attest_flow_end_paragraph (body->flow);
          else if (strcmp (local, "t") == 0)
            body->in_text = !empty && !hidden;
          else if (strcmp (local, "tab") == 0)
            attest_flow_text (body->flow, "\t", FALSE);
          else if (strcmp (local, "br") == 0 || strcmp (local, "cr") == 0)
            {
              g_autofree char *kind = attest_xml_stream_dup_attribute (stream, "type");

              /* Page and column breaks are layout. */
              if (kind == NULL || strcmp (kind, "textWrapping") == 0)
                attest_flow_text (body->flow, "\n", FALSE);
            }
          else if (strcmp (local, "noBreakHyphen") == 0)
            attest_flow_text (body->flow, "-", FALSE);
          else if (strcmp (local, "footnoteReference") == 0 || strcmp (local, "endnoteReference") == 0)
            {
              gboolean foot = local[0] == 'f';
              g_autofree char *id = attest_xml_stream_dup_attribute (stream, "id");
              g_autofree char *key = g_strdup_printf ("%c%s", foot ? 'f' : 'e', id ? id : "");
              char *mark = g_strdup_printf ("%u", foot ? ++body->footnotes : ++body->endnotes);

              attest_flow_text (body->flow, mark, FALSE);
              g_hash_table_replace (body->marks, g_steal_pointer (&key), mark);
            }
          else if ((strcmp (local, "footnote") == 0 || strcmp (local, "endnote") == 0) && !empty)
            {
              g_autofree char *kind = attest_xml_stream_dup_attribute (stream, "type");
              g_autofree char *id = attest_xml_stream_dup_attribute (stream, "id");
              g_autofree char *key = g_strdup_printf ("%c%s", local[0], id ? id : "");

              /* Separators are lines drawn above the notes, not notes; a note
               * nobody references is never shown by Word either. */
              g_clear_pointer (&note_mark, g_free);
              if (kind != NULL || !g_hash_table_contains (body->marks, key))
                skip_depth = depth;
              else
                {
                  note_mark = g_strdup (g_hash_table_lookup (body->marks, key));
                  attest_flow_begin_note (body->flow);
                }
            }
          else if (strcmp (local, "footnoteRef") == 0 || strcmp (local, "endnoteRef") == 0)
            ; /* the note's own mark: given by note_mark */
          else if (strcmp (local, "tbl") == 0 && !empty)
            attest_flow_begin_table (body->flow);
          else if (strcmp (local, "p") == 0 && empty)
            attest_flow_end_paragraph (body->flow);
        }
      else if (type == XML_READER_TYPE_END_ELEMENT)
        {
          if (strcmp (local, "t") == 0)
            body->in_text = FALSE;
          else if (strcmp (local, "p") == 0)
            {
              /* A document that opens with a Title or Heading paragraph
               * opens with its heading. */
              gboolean first = attest_flow_is_at_start (body->flow);

              attest_flow_end_paragraph (body->flow);
              if (first && body->result->paragraphs->len == 1 && style != NULL &&
                  (g_str_has_prefix (style, "Title") || g_ascii_strncasecmp (style, "Heading", 7) == 0))
                {
                  g_free (body->result->heading);
                  body->result->heading = g_strdup (g_ptr_array_index (body->result->paragraphs, 0));
                }
              g_clear_pointer (&style, g_free);
            }
          else if (strcmp (local, "tc") == 0)
            attest_flow_end_cell (body->flow);
          else if (strcmp (local, "tr") == 0)
            attest_flow_end_row (body->flow);
          else if (strcmp (local, "tbl") == 0)
            attest_flow_end_table (body->flow);
          else if (strcmp (local, "footnote") == 0 || strcmp (local, "endnote") == 0)
            {
              attest_flow_end_note (body->flow, note_mark);
              g_clear_pointer (&note_mark, g_free);
            }
        }
      else if (body->in_text &&
               (type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE ||
                type == XML_READER_TYPE_WHITESPACE))
        attest_flow_text (body->flow, (const char *) xmlTextReaderConstValue (reader), FALSE);
    }

  g_free (style);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  return TRUE;
}

/**
 * attest_format_docx_read:
 * @bytes: the content
 * @name: the file's name, for messages
 * @result: the result, filled in
 * @error: return location for a #GError, or %NULL
 *
 * Reads a DOCX's text. Errors are ATTEST_ERROR (FORMAT, EMPTY, TOO_LARGE).
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */
gboolean
attest_format_docx_read (GBytes              *bytes,
                         const char          *name,
                         AttestFormatResult  *result,
                         GError             **error)
{
  static const char * const core_keys[] = { "title", "creator", "created" };
  g_autoptr(AttestZip) zip = NULL;
  g_autoptr(GHashTable) marks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  Body body = { result, NULL, marks, 0, 0, FALSE };
  gboolean ok;

  if (!(zip = attest_zip_open (bytes, name, error)))
    return FALSE;
  if (!attest_zip_has (zip, "word/document.xml"))
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_FORMAT,
                   _("“%s” is not a Word document: it has no word/document.xml"), name);
      return FALSE;
    }

  body.flow = attest_flow_new (result);
  ok = read_part (zip, name, "word/document.xml", &body, error);
  /* Notes after the body, footnotes first, as a reader meets them. */
  if (ok && body.footnotes > 0 && attest_zip_has (zip, "word/footnotes.xml"))
    ok = read_part (zip, name, "word/footnotes.xml", &body, error);
  if (ok && body.endnotes > 0 && attest_zip_has (zip, "word/endnotes.xml"))
    ok = read_part (zip, name, "word/endnotes.xml", &body, error);
  attest_flow_finish (body.flow);

  return ok && attest_format_read_metadata (zip, name, "docProps/core.xml", core_keys, result, error);
}
