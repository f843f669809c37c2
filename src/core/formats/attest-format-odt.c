/* attest-format-odt.c — OpenDocument text (.odt).
 *
 * The container is read by attest-zip.c and content.xml by libxml2's
 * streaming reader (attest-xml-stream.c): headings (text:h) and paragraphs
 * (text:p) in order, wherever they are nested (lists, sections, frames);
 * white space laid out as ODF says (runs collapse, text:s adds spaces,
 * text:tab and text:line-break); tables and notes through the shared flow
 * (attest-format.c), a note's citation staying in the text. Comments,
 * tracked deletions and the document's declarations are not text. Metadata
 * comes from meta.xml.
 */
#include "attest-format.h"

#include <glib/gi18n-lib.h>
#include "attest-error.h"
#include "attest-xml-stream.h"
#include "attest-zip.h"

#include <stdlib.h>
#include <string.h>

/* Elements whose content is never text of the document. */
static const char * const skipped[] = {
  "annotation", "tracked-changes", "sequence-decls", "variable-decls",
  "user-field-decls", "forms", "table-columns", "table-column", "desc",
  "title", "soft-page-break", NULL
};

static gboolean
read_content (AttestZip           *zip,
              const char          *name,
              AttestFormatResult  *result,
              GError             **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(AttestXmlStream) stream = NULL;
  g_autofree char *what = g_strdup_printf ("“%s” (content.xml)", name);
  g_autofree char *note_mark = NULL;
  GError *local_error = NULL;
  xmlTextReaderPtr reader;
  AttestFlow *flow;
  int skip_depth = -1;
  int in_body = 0;
  gboolean heading = FALSE;

  if (!(bytes = attest_zip_read (zip, "content.xml", error)))
    return FALSE;

  stream = attest_xml_stream_new (bytes, what);
  reader = attest_xml_stream_reader (stream);
  flow = attest_flow_new (result);

  while (attest_xml_stream_next (stream, &local_error))
    {
      int type = xmlTextReaderNodeType (reader);
      int depth = xmlTextReaderDepth (reader);
      const char *local = (const char *) xmlTextReaderConstLocalName (reader);

      if (skip_depth >= 0)
        {
          if (type == XML_READER_TYPE_END_ELEMENT && depth == skip_depth)
            skip_depth = -1;
          continue;
        }

      if (type == XML_READER_TYPE_ELEMENT)
        {
          gboolean empty = xmlTextReaderIsEmptyElement (reader);

          if (strcmp (local, "text") == 0 && !empty)
            in_body++;   /* office:text, the body */
          else if (in_body == 0)
            continue;
          else if (attest_format_name_in (local, skipped))
            {
              if (!empty)
                skip_depth = depth;
            }
          else if (strcmp (local, "s") == 0)
            {
              g_autofree char *count = attest_xml_stream_dup_attribute (stream, "c");
              guint64 n = count != NULL ? g_ascii_strtoull (count, NULL, 10) : 1;

              /* Bounded: a hostile c="4000000000" is not a reason to allocate. */
              for (guint64 i = 0; i < MIN (MAX (n, 1), 1024); i++)
                attest_flow_text (flow, " ", FALSE);
            }
          else if (strcmp (local, "tab") == 0)
            attest_flow_text (flow, "\t", FALSE);
          else if (strcmp (local, "line-break") == 0)
            attest_flow_text (flow, "\n", FALSE);
          else if (strcmp (local, "table") == 0 && !empty)
            attest_flow_begin_table (flow);
          else if (strcmp (local, "covered-table-cell") == 0)
            ; /* the space a merged cell covers: no cell of its own */
          else if (strcmp (local, "table-cell") == 0 && empty)
            attest_flow_end_cell (flow);
          else if (strcmp (local, "note-citation") == 0 && !empty)
            {
              g_autofree char *mark = attest_xml_stream_dup_text (stream, &local_error);

              if (local_error != NULL)
                break;
              attest_flow_text (flow, mark, FALSE);
              g_free (note_mark);
              note_mark = g_steal_pointer (&mark);
            }
          else if (strcmp (local, "note-body") == 0 && !empty)
            attest_flow_begin_note (flow);
          else if ((strcmp (local, "h") == 0 || strcmp (local, "p") == 0) && !empty)
            {
              if (attest_flow_is_at_start (flow))
                {
                  g_autofree char *style = attest_xml_stream_dup_attribute (stream, "style-name");

                  heading = local[0] == 'h' || (style != NULL && g_str_has_prefix (style, "Title"));
                }
            }
        }
      else if (type == XML_READER_TYPE_END_ELEMENT)
        {
          if (strcmp (local, "text") == 0 && in_body > 0)
            in_body--;
          else if (in_body == 0)
            continue;
          else if (strcmp (local, "h") == 0 || strcmp (local, "p") == 0)
            {
              gboolean first = attest_flow_is_at_start (flow);

              attest_flow_end_paragraph (flow);
              if (first && heading && result->paragraphs->len == 1 && result->heading == NULL)
                result->heading = g_strdup (g_ptr_array_index (result->paragraphs, 0));
              heading = FALSE;
            }
          else if (strcmp (local, "table-cell") == 0)
            attest_flow_end_cell (flow);
          else if (strcmp (local, "table-row") == 0)
            attest_flow_end_row (flow);
          else if (strcmp (local, "table") == 0)
            attest_flow_end_table (flow);
          else if (strcmp (local, "note-body") == 0)
            {
              attest_flow_end_note (flow, note_mark);
              g_clear_pointer (&note_mark, g_free);
            }
        }
      else if (in_body > 0 &&
               (type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE))
        attest_flow_text (flow, (const char *) xmlTextReaderConstValue (reader), TRUE);
    }

  attest_flow_finish (flow);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  return TRUE;
}

/**
 * attest_format_odt_read:
 * @bytes: the content
 * @name: the file's name, for messages
 * @result: the result, filled in
 * @error: return location for a #GError, or %NULL
 *
 * Reads a ODT's text. Errors are ATTEST_ERROR (FORMAT, EMPTY, TOO_LARGE).
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */
gboolean
attest_format_odt_read (GBytes              *bytes,
                        const char          *name,
                        AttestFormatResult  *result,
                        GError             **error)
{
  static const char * const meta_keys[] = {
    "title", "initial-creator|creator", "creation-date|date"
  };
  g_autoptr(AttestZip) zip = NULL;

  if (!(zip = attest_zip_open (bytes, name, error)))
    return FALSE;
  if (!attest_zip_has (zip, "content.xml"))
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_FORMAT,
                   _("“%s” is not an OpenDocument text: it has no content.xml"), name);
      return FALSE;
    }

  return read_content (zip, name, result, error) &&
         attest_format_read_metadata (zip, name, "meta.xml", meta_keys, result, error);
}
