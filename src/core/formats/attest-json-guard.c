/* attest-json-guard.c — see attest-json-guard.h. */
#include "config.h"

#include "attest-json-guard.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "attest-error.h"

/* The line of byte @at. */
static guint
line_at (const char *data,
         gsize       at)
{
  guint line = 1;

  for (gsize i = 0; i < at; i++)
    if (data[i] == '\n')
      line++;
  return line;
}

static gboolean
fail (GError    **error,
      const char *name,
      guint       line,
      const char *format,
      ...) G_GNUC_PRINTF (4, 5);

static gboolean
fail (GError    **error,
      const char *name,
      guint       line,
      const char *format,
      ...)
{
  g_autofree char *text = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_FORMAT, "%s:%u: %s", name, line, text);
  return FALSE;
}

/* One character of the file for a message: a control character as an
 * escape, so that no terminal sequence gets through. */
static char *
dup_shown_char (const char *p)
{
  gunichar c = g_utf8_get_char (p);

  if (c < 0x20 || c == 0x7f)
    return g_strdup_printf ("\\x%02x", c);
  return g_strndup (p, g_utf8_next_char (p) - p);
}

/**
 * attest_json_guard_check:
 * @data: the file's bytes (no NUL needed at their end)
 * @length: their length
 * @name: the file's name, for messages
 * @max_depth: the most arrays and objects one inside another
 * @error: return location for a #GError, or %NULL
 *
 * Returns: %TRUE if json-glib may parse @data, %FALSE with @error set
 */
gboolean
attest_json_guard_check (const char  *data,
                         gsize        length,
                         const char  *name,
                         guint        max_depth,
                         GError     **error)
{
  const char *bad = NULL;
  const char *nul = memchr (data, '\0', length);
  gboolean in_string = FALSE;
  guint depth = 0;
  guint digits = 0;
  gsize i = 0;

  if (!g_utf8_validate_len (data, length, &bad) || nul != NULL)
    return fail (error, name, line_at (data, (nul && (!bad || nul < bad) ? nul : bad) - data),
                 _("the file is not UTF-8 text (or holds a NUL byte)"));
  if (length >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    i = 3;

  for (; i < length; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (c == '"')
            in_string = FALSE;
          else if (c == '\\' && i + 1 < length)
            {
              if (data[i + 1] == 'u' && i + 5 < length && memcmp (data + i + 2, "0000", 4) == 0)
                return fail (error, name, line_at (data, i), _("a string holds a NUL character (\\u0000)"));
              i++;
            }
          continue;
        }
      digits = g_ascii_isdigit (c) ? digits + 1 : 0;
      if (digits > 18)
        return fail (error, name, line_at (data, i), _("a number has more than 18 digits"));
      if (c != '"' && strchr (" \t\n\r[]{},:0123456789+-.eEtrufalsn", c) == NULL)
        {
          g_autofree char *shown = dup_shown_char (data + i);

          return fail (error, name, line_at (data, i), _("“%s” outside a string is not JSON"), shown);
        }
      if (c == '"')
        in_string = TRUE;
      else if (c == '[' || c == '{')
        {
          if (++depth > max_depth)
            return fail (error, name, line_at (data, i), _("the JSON nests deeper than %u levels"), max_depth);
        }
      else if ((c == ']' || c == '}') && depth > 0)
        depth--;
    }
  /* json-glib's own words for this are puzzling. */
  if (in_string || depth > 0)
    return fail (error, name, line_at (data, length), _("the file ends before its JSON does: it was cut short"));
  return TRUE;
}
