/* attest-format.c — see attest-format.h: what every format reader shares. */
#include "attest-format.h"
#include "attest-markup-text.h"
#include "attest-xml-stream.h"
#include "attest-zip.h"

#include <string.h>

void
attest_format_result_init (AttestFormatResult *result)
{
  memset (result, 0, sizeof *result);
  result->paragraphs = g_ptr_array_new_with_free_func (g_free);
  result->meta_lines = g_ptr_array_new_with_free_func (g_free);
}

void
attest_format_result_clear (AttestFormatResult *result)
{
  g_clear_pointer (&result->paragraphs, g_ptr_array_unref);
  g_clear_pointer (&result->title, g_free);
  g_clear_pointer (&result->author, g_free);
  g_clear_pointer (&result->date, g_free);
  g_clear_pointer (&result->publication, g_free);
  g_clear_pointer (&result->volume, g_free);
  g_clear_pointer (&result->issue, g_free);
  g_clear_pointer (&result->heading, g_free);
  g_clear_pointer (&result->meta_lines, g_ptr_array_unref);
}

void
attest_format_result_add (AttestFormatResult *result,
                          const char         *text)
{
  g_autoptr(GString) clean = NULL;
  const char *line = text;

  if (text == NULL || attest_text_is_blank (text, -1))
    return;

  /* Trailing white space of each line, and blank lines at either end, are
   * layout, never text. */
  clean = g_string_new (NULL);
  while (line != NULL)
    {
      const char *nl = strchr (line, '\n');
      gsize len = nl != NULL ? (gsize) (nl - line) : strlen (line);

      while (len > 0 && g_ascii_isspace (line[len - 1]))
        len--;
      if (clean->len > 0 || len > 0)
        {
          if (clean->len > 0)
            g_string_append_c (clean, '\n');
          g_string_append_len (clean, line, len);
        }
      line = nl != NULL ? nl + 1 : NULL;
    }
  while (clean->len > 0 && clean->str[clean->len - 1] == '\n')
    g_string_truncate (clean, clean->len - 1);

  g_ptr_array_add (result->paragraphs, g_string_free (g_steal_pointer (&clean), FALSE));
}

/* ------------------------------------------------------------------------ */

struct _AttestFlow
{
  AttestFormatResult *result;
  GString            *para;    /* the paragraph being read */
  GString            *cell;    /* inside a table: the cell, row and block */
  GString            *row;
  GString            *table;
  guint               tables;  /* nesting depth; inner tables are text */
  guint               cells_in_row;
  GString            *note;    /* inside a note: its text */
  GString            *note_outer;  /* the paragraph the note interrupts */
  GPtrArray          *notes;
};

AttestFlow *
attest_flow_new (AttestFormatResult *result)
{
  AttestFlow *flow = g_new0 (AttestFlow, 1);

  flow->result = result;
  flow->para = g_string_new (NULL);
  flow->cell = g_string_new (NULL);
  flow->row = g_string_new (NULL);
  flow->table = g_string_new (NULL);
  flow->notes = g_ptr_array_new_with_free_func (g_free);
  return flow;
}

void
attest_flow_finish (AttestFlow *flow)
{
  attest_flow_end_paragraph (flow);
  while (flow->tables > 0)
    attest_flow_end_table (flow);
  for (guint i = 0; i < flow->notes->len; i++)
    attest_format_result_add (flow->result, g_ptr_array_index (flow->notes, i));
  flow->result->footnotes += flow->notes->len;

  g_string_free (flow->para, TRUE);
  g_string_free (flow->cell, TRUE);
  g_string_free (flow->row, TRUE);
  g_string_free (flow->table, TRUE);
  if (flow->note != NULL)
    g_string_free (flow->note, TRUE);
  g_ptr_array_unref (flow->notes);
  g_free (flow);
}

void
attest_flow_text (AttestFlow *flow,
                  const char *text,
                  gboolean    collapse)
{
  GString *to = flow->para;

  if (text == NULL)
    return;
  if (!collapse)
    {
      g_string_append (to, text);
      return;
    }
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
        {
          if (to->len > 0 && to->str[to->len - 1] != ' ')
            g_string_append_c (to, ' ');
        }
      else
        g_string_append_c (to, *p);
    }
}

static void
append_joined (GString    *to,
               const char *sep,
               const char *text)
{
  if (to->len > 0 && *text != '\0')
    g_string_append (to, sep);
  g_string_append (to, text);
}

void
attest_flow_end_paragraph (AttestFlow *flow)
{
  g_autofree char *text = g_strstrip (g_strdup (flow->para->str));

  g_string_truncate (flow->para, 0);
  if (flow->note != NULL)
    append_joined (flow->note, " ", text);
  else if (flow->tables > 0)
    append_joined (flow->cell, " ", text);
  else
    attest_format_result_add (flow->result, text);
}

gboolean
attest_flow_is_at_start (AttestFlow *flow)
{
  return flow->result->paragraphs->len == 0 && flow->tables == 0 && flow->note == NULL;
}

void
attest_flow_begin_table (AttestFlow *flow)
{
  attest_flow_end_paragraph (flow);
  flow->tables++;
}

void
attest_flow_end_cell (AttestFlow *flow)
{
  attest_flow_end_paragraph (flow);
  if (flow->tables != 1)
    {
      /* A cell of an inner table is more text of the outer cell. */
      if (flow->tables > 1 && flow->cell->len > 0)
        g_string_append_c (flow->cell, ' ');
      return;
    }
  if (flow->cells_in_row++ > 0)
    g_string_append_c (flow->row, '\t');
  g_string_append (flow->row, flow->cell->str);
  g_string_truncate (flow->cell, 0);
}

void
attest_flow_end_row (AttestFlow *flow)
{
  if (flow->tables != 1)
    return;
  attest_flow_end_paragraph (flow);
  /* Trailing empty cells are layout. */
  while (flow->row->len > 0 && flow->row->str[flow->row->len - 1] == '\t')
    g_string_truncate (flow->row, flow->row->len - 1);
  if (flow->row->len > 0)
    append_joined (flow->table, "\n", flow->row->str);
  g_string_truncate (flow->row, 0);
  flow->cells_in_row = 0;
}

void
attest_flow_end_table (AttestFlow *flow)
{
  if (flow->tables == 0)
    return;
  if (flow->tables == 1)
    {
      if (flow->cell->len > 0)
        attest_flow_end_cell (flow);
      if (flow->row->len > 0)
        attest_flow_end_row (flow);
      attest_format_result_add (flow->result, flow->table->str);
      g_string_truncate (flow->table, 0);
    }
  flow->tables--;
}

void
attest_flow_begin_note (AttestFlow *flow)
{
  if (flow->note != NULL)
    return;
  /* The note interrupts the paragraph that references it. */
  flow->note_outer = flow->para;
  flow->para = g_string_new (NULL);
  flow->note = g_string_new (NULL);
}

void
attest_flow_end_note (AttestFlow *flow,
                      const char *mark)
{
  g_autofree char *text = NULL;

  if (flow->note == NULL)
    return;
  attest_flow_end_paragraph (flow);
  g_string_free (flow->para, TRUE);
  flow->para = flow->note_outer;
  flow->note_outer = NULL;

  text = g_strstrip (g_string_free (g_steal_pointer (&flow->note), FALSE));
  if (*text != '\0')
    g_ptr_array_add (flow->notes, mark != NULL && *mark != '\0'
                                  ? g_strdup_printf ("%s %s", mark, text)
                                  : g_steal_pointer (&text));
}

/* ------------------------------------------------------------------------ */

gboolean
attest_format_read_metadata (AttestZip           *zip,
           const char          *name,
           const char          *part,
           const char * const  *keys,     /* local names: title, author, date */
           AttestFormatResult  *result,
           GError             **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(AttestXmlStream) stream = NULL;
  g_autofree char *what = g_strdup_printf ("“%s” (%s)", name, part);
  GError *local_error = NULL;
  char **fields[] = { &result->title, &result->author, &result->date };

  if (!attest_zip_has (zip, part))
    return TRUE;
  if (!(bytes = attest_zip_read (zip, part, error)))
    return FALSE;

  stream = attest_xml_stream_new (bytes, what);
  while (attest_xml_stream_next (stream, &local_error))
    {
      xmlTextReaderPtr reader = attest_xml_stream_reader (stream);
      const char *local;

      if (xmlTextReaderNodeType (reader) != XML_READER_TYPE_ELEMENT)
        continue;
      local = (const char *) xmlTextReaderConstLocalName (reader);
      for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
        {
          /* Each key lists alternatives in order of preference, '|'-separated. */
          g_auto(GStrv) names = g_strsplit (keys[i], "|", -1);

          for (guint k = 0; names[k] != NULL; k++)
            if (strcmp (local, names[k]) == 0)
              {
                g_autofree char *value = attest_xml_stream_dup_text (stream, &local_error);
                if (local_error != NULL)
                  break;
                if (value != NULL && (*fields[i] == NULL || k == 0))
                  {
                    g_free (*fields[i]);
                    *fields[i] = g_steal_pointer (&value);
                  }
                break;
              }
        }
      if (local_error != NULL)
        break;
    }

  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  return TRUE;
}
