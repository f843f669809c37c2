/* attest-json-guard.c — a strict, non-recursive JSON tokenizer and grammar
 * check on raw bytes, run before JsonParser (see attest-json-guard.h).
 */
#include "config.h"

#include "attest-json-guard.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>
#include <string.h>

#include "attest-error.h"

/* What the grammar allows next. */
typedef enum {
  WANT_VALUE,           /* at the start, after ':' or after ',' in an array */
  WANT_VALUE_OR_CLOSE,  /* after '[' */
  WANT_KEY_OR_CLOSE,    /* after '{' */
  WANT_KEY,             /* after ',' in an object */
  WANT_COLON,           /* after a member name */
  WANT_COMMA_OR_CLOSE,  /* after a value inside an array or object */
  WANT_NOTHING,         /* after the top-level value */
} Want;

/* Line and column (characters, from 1) are counted only for a message. */
static gboolean
fail (GError    **error,
      const char *name,
      const char *data,
      gsize       at,
      const char *message)
{
  guint line = 1, column = 1;

  for (gsize i = 0; i < at; i++)
    {
      if (data[i] == '\n')
        {
          line++;
          column = 1;
        }
      else if (((guchar) data[i] & 0xC0) != 0x80)
        column++;
    }
  /* TRANSLATORS: a file, a line, a column, and what is wrong there */
  g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_FORMAT, _("%s:%u:%u: %s"), name, line, column, message);
  return FALSE;
}

static gboolean
is_hex (char c)
{
  return g_ascii_isxdigit (c);
}

static guint
hex4 (const char *s)
{
  return (g_ascii_xdigit_value (s[0]) << 12) | (g_ascii_xdigit_value (s[1]) << 8) |
         (g_ascii_xdigit_value (s[2]) << 4) | g_ascii_xdigit_value (s[3]);
}

/* A string from its opening quote at *@i; *@i ends on its closing quote. */
static gboolean
scan_string (const char *data,
             gsize       len,
             gsize      *i,
             const char *name,
             GError    **error)
{
  gsize open = *i;

  for (gsize j = open + 1; j < len; j++)
    {
      guchar c = data[j];

      if (c == '"')
        {
          *i = j;
          return TRUE;
        }
      if (c < 0x20)
        {
          g_autofree char *message =
            g_strdup_printf (_("a string holds a control character (U+%04X) as it is; JSON writes it as an escape"), c);
          return fail (error, name, data, j, message);
        }
      if (c != '\\')
        continue;
      if (j + 1 >= len)
        break;
      switch (data[j + 1])
        {
        case '"': case '\\': case '/': case 'b': case 'f': case 'n': case 'r': case 't':
          j++;
          break;
        case 'u':
          {
            guint u;

            if (j + 5 >= len || !is_hex (data[j + 2]) || !is_hex (data[j + 3]) || !is_hex (data[j + 4]) ||
                !is_hex (data[j + 5]))
              return fail (error, name, data, j, _("a \\u escape in a string is not followed by four hexadecimal digits"));
            u = hex4 (data + j + 2);
            if (u == 0)
              return fail (error, name, data, j, _("a string holds the escape \\u0000 (a NUL character), "
                                                   "which Attest cannot keep"));
            if (u >= 0xDC00 && u <= 0xDFFF)
              return fail (error, name, data, j, _("a string holds half of a UTF-16 surrogate pair alone"));
            if (u >= 0xD800 && u <= 0xDBFF)
              {
                if (j + 11 >= len || data[j + 6] != '\\' || data[j + 7] != 'u' || !is_hex (data[j + 8]) ||
                    !is_hex (data[j + 9]) || !is_hex (data[j + 10]) || !is_hex (data[j + 11]) ||
                    hex4 (data + j + 8) < 0xDC00 || hex4 (data + j + 8) > 0xDFFF)
                  return fail (error, name, data, j, _("a string holds half of a UTF-16 surrogate pair alone"));
                j += 6;
              }
            j += 5;
          }
          break;
        default:
          return fail (error, name, data, j, _("a string holds an escape JSON does not have"));
        }
    }
  return fail (error, name, data, open, _("a string is not closed"));
}

/* A number as RFC 8259 writes it, from *@i; *@i ends on its last byte. */
static gboolean
scan_number (const char *data,
             gsize       len,
             gsize      *i,
             const char *name,
             GError    **error)
{
  gsize j = *i;
  gsize digits;
  gboolean ok = TRUE;

  if (data[j] == '-')
    j++;
  digits = j;
  if (j < len && data[j] == '0')
    j++;
  else if (j < len && data[j] >= '1' && data[j] <= '9')
    while (j < len && g_ascii_isdigit (data[j]))
      j++;
  else
    ok = FALSE;
  /* json-glib reads a whole number into 64 bits and wraps past them:
   * 2^64 - 1 would be read as -1, an offset as another offset. */
  if (ok && j - digits > 18)
    return fail (error, name, data, *i, _("a number has more than 18 digits"));
  if (ok && j < len && data[j] == '.')
    {
      j++;
      ok = j < len && g_ascii_isdigit (data[j]);
      while (j < len && g_ascii_isdigit (data[j]))
        j++;
    }
  if (ok && j < len && (data[j] == 'e' || data[j] == 'E'))
    {
      j++;
      if (j < len && (data[j] == '+' || data[j] == '-'))
        j++;
      ok = j < len && g_ascii_isdigit (data[j]);
      while (j < len && g_ascii_isdigit (data[j]))
        j++;
    }
  /* "01", "1.", "2x": not one number followed by something else. */
  if (!ok || (j < len && (g_ascii_isalnum (data[j]) || data[j] == '.' || data[j] == '-' || data[j] == '+')))
    return fail (error, name, data, *i, _("a number is not written as JSON writes numbers"));
  *i = j - 1;
  return TRUE;
}

/* The member name between @from and @to (the quotes excluded), its
 * escapes decoded (already checked), so that "a" and "\u0061" are one. */
static char *
dup_key (const char *from,
         const char *to)
{
  GString *out;

  if (memchr (from, '\\', to - from) == NULL)
    return g_strndup (from, to - from);
  out = g_string_sized_new (to - from);
  for (const char *p = from; p < to; p++)
    {
      if (*p != '\\')
        {
          g_string_append_c (out, *p);
          continue;
        }
      p++;
      switch (*p)
        {
        case 'b': g_string_append_c (out, '\b'); break;
        case 'f': g_string_append_c (out, '\f'); break;
        case 'n': g_string_append_c (out, '\n'); break;
        case 'r': g_string_append_c (out, '\r'); break;
        case 't': g_string_append_c (out, '\t'); break;
        case 'u':
          {
            gunichar u = hex4 (p + 1);

            p += 4;
            if (u >= 0xD800 && u <= 0xDBFF)
              {
                u = 0x10000 + ((u - 0xD800) << 10) + (hex4 (p + 3) - 0xDC00);
                p += 6;
              }
            g_string_append_unichar (out, u);
          }
          break;
        default:
          g_string_append_c (out, *p);
          break;
        }
    }
  return g_string_free (out, FALSE);
}

/* A member name fit for a message: short, control characters escaped. */
static char *
dup_shown_key (const char *key)
{
  GString *out = g_string_new (NULL);
  const char *p = key;

  for (guint n = 0; *p && n < 60; p = g_utf8_next_char (p), n++)
    {
      gunichar c = g_utf8_get_char (p);

      if (c < 0x20 || (c >= 0x7f && c < 0xa0))
        g_string_append_printf (out, "\\x%02x", c);
      else
        g_string_append_unichar (out, c);
    }
  if (*p)
    g_string_append (out, "…");
  return g_string_free (out, FALSE);
}

static const char *
want_message (Want        want,
              const char *stack,
              guint       depth)
{
  switch (want)
    {
    case WANT_VALUE:
      return _("a value is expected here");
    case WANT_VALUE_OR_CLOSE:
      return _("a value or “]” is expected here");
    case WANT_KEY_OR_CLOSE:
      return _("a member name in double quotes or “}” is expected here");
    case WANT_KEY:
      return _("a member name in double quotes is expected here");
    case WANT_COLON:
      return _("“:” is expected here");
    case WANT_COMMA_OR_CLOSE:
      return stack[depth - 1] == '[' ? _("“,” or “]” is expected here") : _("“,” or “}” is expected here");
    case WANT_NOTHING:
    default:
      return _("more follows the end of the JSON value; a file holds one value");
    }
}

/**
 * attest_json_guard_check:
 * @data: the bytes (no NUL needed at the end)
 * @len: their length
 * @limits: the depth and the number of values allowed
 * @name: the file's name, for messages
 * @error: return location for a #GError, or %NULL
 *
 * Returns: %TRUE if @data is one JSON value within @limits, %FALSE with
 *   @error set (ATTEST_ERROR_FORMAT, "NAME:LINE:COLUMN: …") otherwise
 */
gboolean
attest_json_guard_check (const char                  *data,
                         gsize                        len,
                         const AttestJsonGuardLimits *limits,
                         const char                  *name,
                         GError                     **error)
{
  g_autofree char *stack = NULL;
  g_autoptr(GPtrArray) keys = NULL;  /* GHashTable: the member names of each open object, by depth */
  const char *end = NULL;
  const char *nul;
  guint64 values = 0;
  guint depth = 0;
  Want want = WANT_VALUE;
  gsize i = 0;

  g_return_val_if_fail (limits != NULL, FALSE);

  /* The first bad byte: a NUL stops the validation too. */
  if (!g_utf8_validate_len (data, len, &end))
    return fail (error, name, data, end - data, *end == '\0' ? _("the file holds a NUL byte; it is not JSON text")
                                                              : _("the file is not UTF-8 text"));
  if ((nul = memchr (data, '\0', len)) != NULL)
    return fail (error, name, data, nul - data, _("the file holds a NUL byte; it is not JSON text"));

  stack = g_malloc (limits->max_depth + 1);
  keys = g_ptr_array_new_with_free_func ((GDestroyNotify) g_hash_table_unref);
  if (len >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    i = 3;
  for (; i < len; i++)
    {
      char c = data[i];
      gboolean value = FALSE;   /* a value starts here */
      gboolean closed = FALSE;  /* a value ends here */

      if (c == ' ' || c == '\n' || c == '\t' || c == '\r')
        continue;
      if (c == '/' && i + 1 < len && (data[i + 1] == '*' || data[i + 1] == '/'))
        return fail (error, name, data, i, _("a comment; JSON has none"));

      switch (c)
        {
        case '{':
        case '[':
          value = TRUE;
          break;
        case '}':
        case ']':
          if (!(want == WANT_COMMA_OR_CLOSE || want == (c == '}' ? WANT_KEY_OR_CLOSE : WANT_VALUE_OR_CLOSE)) ||
              stack[depth - 1] != (c == '}' ? '{' : '['))
            return fail (error, name, data, i, want_message (want, stack, depth));
          if (c == '}' && keys->len >= depth)
            g_hash_table_remove_all (g_ptr_array_index (keys, depth - 1));
          depth--;
          closed = TRUE;
          break;
        case ',':
          if (want != WANT_COMMA_OR_CLOSE)
            return fail (error, name, data, i, want_message (want, stack, depth));
          want = stack[depth - 1] == '[' ? WANT_VALUE : WANT_KEY;
          break;
        case ':':
          if (want != WANT_COLON)
            return fail (error, name, data, i, want_message (want, stack, depth));
          want = WANT_VALUE;
          break;
        case '"':
          if (want == WANT_KEY || want == WANT_KEY_OR_CLOSE)
            {
              gsize open = i;
              GHashTable *names;
              char *key;

              if (!scan_string (data, len, &i, name, error))
                return FALSE;
              /* json-glib keeps the last of a repeated member: which one
               * the file meant is a guess. */
              while (keys->len < depth)
                g_ptr_array_add (keys, g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL));
              names = g_ptr_array_index (keys, depth - 1);
              key = dup_key (data + open + 1, data + i);
              if (!g_hash_table_add (names, key))
                {
                  g_autofree char *shown = dup_shown_key (key);
                  g_autofree char *message =
                    g_strdup_printf (_("the member “%s” appears twice in one object"), shown);

                  return fail (error, name, data, open, message);
                }
              want = WANT_COLON;
            }
          else
            value = TRUE;
          break;
        case '-': case '0': case '1': case '2': case '3': case '4': case '5': case '6': case '7': case '8': case '9':
        case 't':
        case 'f':
        case 'n':
          value = TRUE;
          break;
        default:
          {
            gunichar u = g_utf8_get_char (data + i);
            g_autofree char *message = NULL;

            if (g_unichar_isgraph (u))
              {
                char shown[8] = { 0 };

                g_unichar_to_utf8 (u, shown);
                message = g_strdup_printf (_("“%s” is not JSON"), shown);
              }
            else
              message = g_strdup_printf (_("the character U+%04X is not JSON"), u);
            return fail (error, name, data, i, message);
          }
        }

      if (value)
        {
          if (want != WANT_VALUE && want != WANT_VALUE_OR_CLOSE)
            return fail (error, name, data, i, want_message (want, stack, depth));
          if (++values > limits->max_values)
            {
              g_autofree char *message =
                g_strdup_printf (_("more than %" PRIu64 " values (strings, numbers, arrays, objects…)"),
                                 (uint64_t) limits->max_values);
              return fail (error, name, data, i, message);
            }
          if (c == '{' || c == '[')
            {
              if (depth >= limits->max_depth)
                {
                  g_autofree char *message =
                    g_strdup_printf (_("arrays and objects are nested more than %u deep"), limits->max_depth);
                  return fail (error, name, data, i, message);
                }
              stack[depth++] = c;
              want = c == '{' ? WANT_KEY_OR_CLOSE : WANT_VALUE_OR_CLOSE;
              continue;
            }
          if (c == '"')
            {
              if (!scan_string (data, len, &i, name, error))
                return FALSE;
            }
          else if (c == 't' || c == 'f' || c == 'n')
            {
              const char *word = c == 't' ? "true" : c == 'f' ? "false" : "null";
              gsize n = strlen (word);

              if (len - i < n || memcmp (data + i, word, n) != 0 ||
                  (i + n < len && g_ascii_isalnum (data[i + n])))
                {
                  g_autofree char *message = NULL;
                  gsize w = 0;

                  while (i + w < len && w < 20 && g_ascii_isalnum (data[i + w]))
                    w++;
                  message = g_strdup_printf (_("“%.*s” is not JSON (only true, false and null are words)"),
                                             (int) w, data + i);
                  return fail (error, name, data, i, message);
                }
              i += n - 1;
            }
          else if (!scan_number (data, len, &i, name, error))
            return FALSE;
          closed = TRUE;
        }

      if (closed)
        want = depth == 0 ? WANT_NOTHING : WANT_COMMA_OR_CLOSE;
    }

  if (want == WANT_NOTHING)
    return TRUE;
  if (values == 0)
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_FORMAT, _("%s: the file is empty"), name);
      return FALSE;
    }
  return fail (error, name, data, len, _("the file ends before its JSON value does"));
}
