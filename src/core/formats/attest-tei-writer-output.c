/* attest-tei-writer-output.c — the TEI writer's output primitives.
 *
 * What it owns: elements and attributes through xmlTextWriter, the
 * escaping done by hand for the elements that repeat (built in the
 * scratch buffer and written raw), the characters XML cannot carry, the
 * sticky error, and the checks every part makes of ids and times.
 */
#include "config.h"

#include "attest-tei-writer-private.h"

#include "attest-error.h"
#include "attest-rules.h"

gboolean
tei_failed (TeiWriter *self)
{
  return self->error != NULL || self->stream_error != NULL;
}

void
tei_fail (TeiWriter  *self,
          int         code,
          const char *format,
          ...)
{
  va_list args;

  if (tei_failed (self))
    return;
  va_start (args, format);
  self->error = g_error_new_valist (ATTEST_ERROR, code, format, args);
  va_end (args);
}

void
tei_check_xml (TeiWriter *self,
               int        rc)
{
  if (rc < 0)
    tei_fail (self, ATTEST_ERROR_FAILED, "libxml2 could not write the TEI file (out of memory?)");
}

void
tei_newline (TeiWriter *self,
             guint      depth)
{
  if (!tei_failed (self))
    tei_check_xml (self, xmlTextWriterWriteRawLen (self->w, (const xmlChar *) indentation,
                                                   1 + MIN (2 * depth, sizeof indentation - 2)));
}

void
tei_raw (TeiWriter  *self,
         const char *text,
         gsize       len)
{
  if (!tei_failed (self) && len > 0)
    tei_check_xml (self, xmlTextWriterWriteRawLen (self->w, (const xmlChar *) text, len));
}

/* Elements that repeat (a claim, a change, a line of text) are built in
 * the scratch buffer, which goes to the writer in one raw write once it
 * holds 64 KB, or with @all whatever it holds: one write per element
 * would cost more than building it. */
void
tei_flush_scratch (TeiWriter *self,
                   gboolean   all)
{
  if (all || self->scratch->len >= 65536)
    {
      tei_raw (self, self->scratch->str, self->scratch->len);
      g_string_truncate (self->scratch, 0);
    }
}

/* Starts an element on a new line at @depth. */
void
tei_start (TeiWriter  *self,
           guint       depth,
           const char *name)
{
  tei_newline (self, depth);
  if (!tei_failed (self))
    tei_check_xml (self, xmlTextWriterStartElement (self->w, (const xmlChar *) name));
}

/* Starts an element where the output is (inside a line). */
void
tei_start_inline (TeiWriter  *self,
                  const char *name)
{
  if (!tei_failed (self))
    tei_check_xml (self, xmlTextWriterStartElement (self->w, (const xmlChar *) name));
}

/* Ends the innermost element: "/>" if it is still empty. */
void
tei_end (TeiWriter *self)
{
  if (!tei_failed (self))
    tei_check_xml (self, xmlTextWriterEndElement (self->w));
}

/* Ends an element whose children were each on their own line. */
void
tei_end_block (TeiWriter *self,
               guint      depth)
{
  tei_newline (self, depth);
  tei_end (self);
}

/* The first character of @text that XML 1.0 cannot carry at all, or 0.
 * Only C0 controls and U+FFFE/U+FFFF can occur in valid UTF-8. */
static gunichar
find_bad_char (const char *text,
               gsize       len)
{
  for (gsize i = 0; i < len; i++)
    {
      guchar c = text[i];

      if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
        return c;
      if (c == 0xEF && i + 2 < len && (guchar) text[i + 1] == 0xBF &&
          ((guchar) text[i + 2] == 0xBE || (guchar) text[i + 2] == 0xBF))
        return g_utf8_get_char (text + i);
    }
  return 0;
}

/* Attribute values are escaped by xmlTextWriter; they must still hold only
 * characters XML can carry at all. */
void
tei_attr (TeiWriter  *self,
          const char *name,
          const char *value)
{
  if (tei_failed (self))
    return;
  if (find_bad_char (value, strlen (value)) != 0)
    {
      tei_fail (self, ATTEST_ERROR_INVALID,
                "The value “%s” holds a control character that XML cannot carry", value);
      return;
    }
  tei_check_xml (self, xmlTextWriterWriteAttribute (self->w, (const xmlChar *) name,
                                                    (const xmlChar *) value));
}

void
tei_attr_printf (TeiWriter  *self,
                 const char *name,
                 const char *format,
                 ...)
{
  g_autofree char *value = NULL;
  va_list args;

  va_start (args, format);
  value = g_strdup_vprintf (format, args);
  va_end (args);
  tei_attr (self, name, value);
}

/* Escapes @text into @out as element content. A character XML 1.0 cannot
 * carry (a stray ESC or form feed in an article) becomes
 * <g type="control" n="U+001B"/> where @allow_g, and is an error
 * elsewhere. CR is written as a reference so that no parser folds it. */
gboolean
tei_escape_into (TeiWriter  *self,
                 GString    *out,
                 const char *text,
                 gsize       len,
                 gboolean    allow_g,
                 const char *what)
{
  const char *p = text;
  const char *end_p = text + len;
  const char *run = p;

  while (p < end_p)
    {
      guchar c = *p;
      const char *replacement = NULL;
      gunichar bad = 0;

      if (c >= 0x20 && c != '&' && c != '<' && c != '>' && c != 0xEF)
        {
          p++;
          continue;
        }

      if (c == '&')
        replacement = "&amp;";
      else if (c == '<')
        replacement = "&lt;";
      else if (c == '>')
        replacement = "&gt;";
      else if (c == '\r')
        replacement = "&#13;";
      else if (c == '\n' || c == '\t')
        {
          p++;
          continue;
        }
      else if (c == 0xEF)
        {
          /* U+FFFE and U+FFFF are the only 3-byte sequences XML refuses. */
          if (p + 2 < end_p && (guchar) p[1] == 0xBF && ((guchar) p[2] == 0xBE || (guchar) p[2] == 0xBF))
            bad = g_utf8_get_char (p);
          else
            {
              p++;
              continue;
            }
        }
      else
        bad = c;

      append_len (out, run, p - run);
      if (replacement != NULL)
        {
          append_str (out, replacement);
          p++;
        }
      else if (allow_g)
        {
          g_string_append_printf (out, ATTEST_TEI_CONTROL_FORMAT, bad);
          p = g_utf8_next_char (p);
        }
      else
        {
          tei_fail (self, ATTEST_ERROR_INVALID,
                    "%s holds the control character U+%04X, which XML cannot carry", what, bad);
          return FALSE;
        }
      run = p;
    }
  append_len (out, run, p - run);
  return TRUE;
}

void
tei_chars (TeiWriter  *self,
           const char *text,
           gboolean    allow_g,
           const char *what)
{
  if (tei_failed (self))
    return;
  g_string_truncate (self->scratch, 0);
  if (tei_escape_into (self, self->scratch, text, strlen (text), allow_g, what))
    tei_raw (self, self->scratch->str, self->scratch->len);
}

/* <name [type="type"]>text</name> inline; nothing when @text is NULL. */
void
tei_text_element (TeiWriter  *self,
                  const char *name,
                  const char *type_name,
                  const char *type,
                  const char *text,
                  const char *what)
{
  if (text == NULL || tei_failed (self))
    return;
  tei_start_inline (self, name);
  if (type != NULL)
    tei_attr (self, type_name, type);
  tei_chars (self, text, TRUE, what);
  tei_end (self);
}

/* The same, on its own line at @depth. */
void
tei_text_line (TeiWriter  *self,
               guint       depth,
               const char *name,
               const char *type_name,
               const char *type,
               const char *text,
               const char *what)
{
  if (text == NULL || tei_failed (self))
    return;
  tei_newline (self, depth);
  tei_text_element (self, name, type_name, type, text, what);
}

/* The bytes append_attr() must look at: those it escapes, and those
 * that may start a character XML cannot carry (C0 controls, and 0xEF,
 * the first byte of U+FFFE and U+FFFF). */
static const guint8 attr_special[256] = {
  [0x00 ... 0x1F] = 1, ['&'] = 1, ['<'] = 1, ['>'] = 1, ['"'] = 1, [0xEF] = 1,
};

/* name="prefix+value"; @value is escaped, in one pass with the check for
 * characters XML cannot carry (this runs a dozen times per claim). */
void
tei_append_attr (TeiWriter  *self,
                 GString    *out,
                 const char *name,
                 const char *prefix,
                 const char *value)
{
  gsize start_len = out->len;
  const char *run = value;
  const char *p = value;

  append_char (out, ' ');
  append_str (out, name);
  append_len (out, "=\"", 2);
  if (prefix != NULL)
    append_str (out, prefix);
  for (;;)
    {
      const char *replacement;
      guchar c;

      while (!attr_special[(guchar) *p])
        p++;
      c = *p;
      if (c == '\0')
        break;
      switch (c)
        {
        case '&': replacement = "&amp;"; break;
        case '<': replacement = "&lt;"; break;
        case '>': replacement = "&gt;"; break;
        case '"': replacement = "&quot;"; break;
        case '\t': replacement = "&#9;"; break;
        case '\n': replacement = "&#10;"; break;
        case '\r': replacement = "&#13;"; break;
        case 0xEF:
          /* U+FFFE and U+FFFF are the only 3-byte sequences XML refuses. */
          if (!((guchar) p[1] == 0xBF && ((guchar) p[2] == 0xBE || (guchar) p[2] == 0xBF)))
            {
              p++;
              continue;
            }
          G_GNUC_FALLTHROUGH;
        default:
          g_string_truncate (out, start_len);
          tei_fail (self, ATTEST_ERROR_INVALID,
                    "The value “%s” holds the control character U+%04X, which XML cannot carry",
                    value, c == 0xEF ? g_utf8_get_char (p) : c);
          return;
        }
      append_len (out, run, p - run);
      append_str (out, replacement);
      run = ++p;
    }
  append_len (out, run, p - run);
  append_char (out, '"');
}

/* <name [type="type"]>text</name>; nothing when @text is NULL. */
void
tei_append_element (TeiWriter  *self,
                    GString    *out,
                    const char *name,
                    const char *type_name,
                    const char *type,
                    const char *text,
                    const char *what)
{
  if (text == NULL)
    return;
  append_char (out, '<');
  append_str (out, name);
  if (type != NULL)
    tei_append_attr (self, out, type_name, NULL, type);
  if (*text == '\0')
    {
      append_str (out, "/>");
      return;
    }
  append_char (out, '>');
  tei_escape_into (self, out, text, strlen (text), TRUE, what);
  append_str (out, "</");
  append_str (out, name);
  append_char (out, '>');
}

void
tei_check_uuid (TeiWriter  *self,
                const char *what,
                const char *uuid)
{
  if (!attest_rules_is_uuid (uuid))
    tei_fail (self, ATTEST_ERROR_INVALID, "The %s id “%s” is not a UUID", what, uuid ? uuid : "");
}

void
tei_check_time (TeiWriter  *self,
                const char *what,
                const char *owner,
                const char *value)
{
  if (!attest_rules_is_timestamp (value))
    tei_fail (self, ATTEST_ERROR_INVALID, "The %s time of %s, “%s”, is not an ISO 8601 time such as 2024-05-02T10:15:00Z",
              what, owner, value ? value : "");
}

gboolean
tei_check_cancelled (TeiWriter *self)
{
  if (!tei_failed (self))
    g_cancellable_set_error_if_cancelled (self->cancellable, &self->error);
  return tei_failed (self);
}
