/* attest-format.c — see attest-format.h: what every format reader shares. */
#include "attest-format.h"

#include <glib/gi18n-lib.h>
#include "attest-markup-text.h"
#include "attest-xml-stream.h"
#include "attest-zip.h"

#include "attest-error.h"

#include <string.h>

/**
 * attest_format_result_init:
 * @result: (out caller-allocates): a result
 *
 * Empties @result, ready for a reader.
 */
void
attest_format_result_init (AttestFormatResult *result)
{
  memset (result, 0, sizeof *result);
  result->paragraphs = g_ptr_array_new_with_free_func (g_free);
  result->meta_lines = g_ptr_array_new_with_free_func (g_free);
}

/**
 * attest_format_result_clear:
 * @result: a result
 *
 * Frees what @result holds.
 */
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

/**
 * attest_format_set_field:
 * @field: (inout) (transfer full): a field of a result or document
 * @value: (nullable) (transfer full): the value
 *
 * Takes @value into *@field, freeing what was there; an empty value is
 * no value (NULL).
 */
void
attest_format_set_field (char **field,
                         char  *value)
{
  if (value != NULL && *value == '\0')
    g_clear_pointer (&value, g_free);
  g_free (*field);
  *field = value;
}

/**
 * attest_format_name_in:
 * @local: (nullable): an element's local name
 * @names: (array zero-terminated=1): element names
 *
 * Returns: whether @local is one of @names
 */
gboolean
attest_format_name_in (const char         *local,
                       const char * const *names)
{
  for (guint i = 0; names[i] != NULL; i++)
    if (strcmp (local, names[i]) == 0)
      return TRUE;
  return FALSE;
}

/**
 * attest_format_result_add:
 * @result: a result
 * @text: the text
 *
 * Appends @text as a paragraph unless it is blank; trailing white space of
 * each line is dropped.
 */
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

  result->text_bytes += clean->len + 2;
  g_ptr_array_add (result->paragraphs, g_string_free (g_steal_pointer (&clean), FALSE));
}

/**
 * attest_format_result_too_large:
 * @result: a result
 * @name: the file's name, for messages
 * @error: return location for a #GError, or %NULL
 *
 * Readers ask between pages and chapters, so a huge document stops early.
 *
 * Returns: %TRUE when @result holds more text than one article may; then
 *   @error says so (ATTEST_ERROR_TOO_LARGE)
 */
gboolean
attest_format_result_too_large (AttestFormatResult *result,
                                const char         *name,
                                GError            **error)
{
  if (result->text_bytes <= ATTEST_FORMAT_MAX_TEXT)
    return FALSE;
  g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_TOO_LARGE,
               _("“%s” holds more than %d MB of text, more than Attest takes as one article"),
               name, ATTEST_FORMAT_MAX_TEXT / (1024 * 1024));
  return TRUE;
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

/**
 * attest_flow_new:
 * @result: the result the text goes into
 *
 * Returns: (transfer full): a new #AttestFlow, freed by attest_flow_finish()
 */
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

/**
 * attest_flow_finish:
 * @flow: an #AttestFlow
 *
 * Adds the notes after the body and frees @flow.
 */
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

/**
 * attest_flow_text:
 * @flow: an #AttestFlow
 * @text: the text
 * @collapse: whether runs of white space become one space
 *
 * Text of the current paragraph (or cell, or note). With @collapse, runs of
 * white space become one space, as ODF and HTML lay text out.
 */
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

/**
 * attest_flow_end_paragraph:
 * @flow: an #AttestFlow
 *
 * Ends the current paragraph.
 */
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

/**
 * attest_flow_is_at_start:
 * @flow: an #AttestFlow
 *
 * Returns: whether the body has no paragraph yet (to recognise a leading
 *   heading)
 */
gboolean
attest_flow_is_at_start (AttestFlow *flow)
{
  return flow->result->paragraphs->len == 0 && flow->tables == 0 && flow->note == NULL;
}

/**
 * attest_flow_begin_table:
 * @flow: an #AttestFlow
 *
 * Starts a table: each row becomes one paragraph, its cells joined.
 */
void
attest_flow_begin_table (AttestFlow *flow)
{
  attest_flow_end_paragraph (flow);
  flow->tables++;
}

/**
 * attest_flow_end_cell:
 * @flow: an #AttestFlow
 */
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

/**
 * attest_flow_end_row:
 * @flow: an #AttestFlow
 */
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

/**
 * attest_flow_end_table:
 * @flow: an #AttestFlow
 */
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

/**
 * attest_flow_begin_note:
 * @flow: an #AttestFlow
 *
 * Text added between this and attest_flow_end_note() goes to the note,
 * not the body.
 */
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

/**
 * attest_flow_end_note:
 * @flow: an #AttestFlow
 * @mark: (nullable): the note's mark, as referenced in the text
 */
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

/**
 * attest_format_read_metadata:
 * @zip: an #AttestZip
 * @name: the file's name, for messages
 * @part: the metadata part's name
 * @keys: (array fixed-size=3): local element names for title, author and date
 * @result: a result
 * @error: return location for a #GError, or %NULL
 *
 * Title, author and date from the metadata part @part of @zip (optional:
 * nothing happens when it is missing). @keys holds three local element
 * names, each a '|'-separated list in order of preference.
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */
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

/* ------------------------------------------------------------------------ */
/* Bytes to text                                                            */
/* ------------------------------------------------------------------------ */

/* NUL bytes never occur in text; a few C0 controls can (a stray ESC or
 * vertical tab), but when more than one byte in twenty is one, it is data. */
static gboolean
looks_binary (const char *data,
              gsize       len)
{
  gsize controls = 0;

  if (memchr (data, '\0', len) != NULL)
    return TRUE;

  for (gsize i = 0; i < len; i++)
    {
      guchar c = (guchar) data[i];

      if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f')
        controls++;
    }

  return controls * 20 > len;
}

static void
set_binary (GError    **error,
            const char *name)
{
  g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_BINARY,
               _("“%s” is not a text file"), name);
}

/* The charset a page's <meta> or an XML declaration names in its first
 * kilobytes, upper-cased; NULL when none, or when it says UTF-8 (which
 * the bytes have just shown they are not). */
static char *
declared_charset (const char *data,
                  gsize       len)
{
  static GRegex *regex;
  g_autoptr(GMatchInfo) match = NULL;
  g_autofree char *head = g_strndup (data, MIN (len, 4096));
  char *name;

  if (g_once_init_enter (&regex))
    g_once_init_leave (&regex, g_regex_new ("(?:charset|encoding)\\s*=\\s*[\"']?([A-Za-z][A-Za-z0-9_.:-]{1,39})",
                                            G_REGEX_CASELESS | G_REGEX_RAW | G_REGEX_OPTIMIZE, 0, NULL));
  if (!g_regex_match (regex, head, 0, &match))
    return NULL;
  {
    g_autofree char *found = g_match_info_fetch (match, 1);

    name = g_ascii_strup (found, -1);
  }
  if (g_str_has_prefix (name, "UTF-8") || g_str_has_prefix (name, "UTF8"))
    g_clear_pointer (&name, g_free);
  return name;
}

/* Returns the text as NUL-terminated UTF-8 and sets @encoding to a name
 * the user can be shown. */
/**
 * attest_format_decode:
 * @data: (array length=len): the bytes
 * @len: their number
 * @name: shown in messages
 * @encoding: (out) (transfer none): return location for the
 *   encoding's name, to show (static)
 * @error: return location for a #GError, or %NULL
 *
 * @len bytes as NUL-terminated UTF-8: UTF-8 with or without BOM, UTF-16
 * with BOM, the charset a page or XML declaration names, else
 * Windows-1252; @encoding gets a name to show (static). Binary data and
 * undecodable bytes are ATTEST_ERROR_BINARY and ATTEST_ERROR_ENCODING.
 *
 * Returns: (transfer full) (nullable): the text, or %NULL with @error set
 */
char *
attest_format_decode (const char  *data,
                      gsize        len,
                      const char  *name,
                      const char **encoding,
                      GError     **error)
{
  static const char utf8_bom[] = "\xEF\xBB\xBF";
  g_autofree char *converted = NULL;
  gsize written = 0;

  if (len == 0)
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_EMPTY, _("“%s” is empty"), name);
      return NULL;
    }

  /* UTF-16 contains NUL bytes, so its BOM is looked at before the binary
   * check; the decoded text is checked instead. */
  if (len >= 2 && (((guchar) data[0] == 0xFF && (guchar) data[1] == 0xFE) ||
                   ((guchar) data[0] == 0xFE && (guchar) data[1] == 0xFF)))
    {
      gboolean little = (guchar) data[0] == 0xFF;

      converted = g_convert (data + 2, len - 2, "UTF-8",
                             little ? "UTF-16LE" : "UTF-16BE",
                             NULL, &written, NULL);
      if (converted == NULL)
        {
          g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_ENCODING,
                       _("“%s” starts with a UTF-16 byte order mark but is not valid UTF-16"),
                       name);
          return NULL;
        }
      if (looks_binary (converted, written))
        {
          set_binary (error, name);
          return NULL;
        }
      *encoding = little ? "UTF-16LE with BOM" : "UTF-16BE with BOM";
      return g_steal_pointer (&converted);
    }

  if (looks_binary (data, len))
    {
      set_binary (error, name);
      return NULL;
    }

  if (len >= 3 && memcmp (data, utf8_bom, 3) == 0)
    {
      if (!g_utf8_validate_len (data + 3, len - 3, NULL))
        {
          g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_ENCODING,
                       _("“%s” starts with a UTF-8 byte order mark but is not valid UTF-8"),
                       name);
          return NULL;
        }
      *encoding = "UTF-8 with BOM";
      return g_strndup (data + 3, len - 3);
    }

  if (g_utf8_validate_len (data, len, NULL))
    {
      *encoding = "UTF-8";
      return g_strndup (data, len);
    }

  /* A web page or XML file that names its encoding ("windows-1251",
   * "ISO-8859-1") is read in it. */
  {
    g_autofree char *declared = declared_charset (data, len);

    if (declared != NULL)
      {
        converted = g_convert (data, len, "UTF-8", declared, NULL, &written, NULL);
        if (converted != NULL && !looks_binary (converted, written))
          {
            *encoding = g_intern_string (declared);
            return g_steal_pointer (&converted);
          }
        g_clear_pointer (&converted, g_free);
      }
  }

  /* Legacy 8-bit exports are Windows-1252 in practice; its five undefined
   * bytes make iconv fail, which is how other encodings are told apart. */
  converted = g_convert (data, len, "UTF-8", "WINDOWS-1252", NULL, &written, NULL);
  if (converted == NULL)
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_ENCODING,
                   _("“%s” is neither UTF-8 nor Windows-1252"), name);
      return NULL;
    }

  *encoding = "Windows-1252";
  return g_steal_pointer (&converted);
}

