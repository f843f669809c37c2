/* attest-rules.c — see attest-rules.h.
 *
 * The value checks run for every claim, link and change of a large import,
 * so they read their input once, in place, without copies.
 */
#include "config.h"

#include "attest-rules.h"

#include "attest-date.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>
#include <string.h>

#include "attest-claim.h"
#include "attest-error.h"

#define ANNOTATOR_NAME_MAX 200

/* ---------------------------------------------------------------- values */

/**
 * attest_rules_is_uuid:
 * @text: (nullable): the text
 *
 * Returns: %TRUE for a uuid as Attest writes it (lower-case hex)
 */
gboolean
attest_rules_is_uuid (const char *text)
{
  /* What each of the 36 characters must be: 1 a lower-case hex digit,
   * 2 a dash. */
  static const guint8 kind[256] = {
    ['0' ... '9'] = 1, ['a' ... 'f'] = 1, ['-'] = 2,
  };
  static const char layout[] = "\1\1\1\1\1\1\1\1\2\1\1\1\1\2\1\1\1\1\2\1\1\1\1\2"
                               "\1\1\1\1\1\1\1\1\1\1\1\1";

  if (text == NULL)
    return FALSE;
  /* A shorter string stops at its NUL (kind 0) before anything past it
   * is read. */
  for (int i = 0; i < 36; i++)
    if (kind[(guchar) text[i]] != (guint8) layout[i])
      return FALSE;
  return text[36] == '\0';
}

/**
 * attest_rules_is_sha256:
 * @text: (nullable): the text
 *
 * Returns: %TRUE for 64 lower-case hex digits
 */
gboolean
attest_rules_is_sha256 (const char *text)
{
  return text != NULL && strlen (text) == 64 && strspn (text, "0123456789abcdef") == 64;
}

static gboolean
digits (const char *text,
        int         n,
        int        *out)
{
  int value = 0;

  for (int i = 0; i < n; i++)
    {
      if (!g_ascii_isdigit (text[i]))
        return FALSE;
      value = value * 10 + (text[i] - '0');
    }
  *out = value;
  return TRUE;
}

/* An xsd:dateTime as Attest writes them: 2024-05-02T10:15:00Z, maybe with
 * fractions of a second, maybe with an offset instead of Z. */
/**
 * attest_rules_is_timestamp:
 * @text: (nullable): the text
 *
 * Returns: %TRUE for a UTC time as stored: 2024-05-02T10:15:00Z
 */
gboolean
attest_rules_is_timestamp (const char *text)
{
  const char *p;
  int h, min, s;

  if (text == NULL || !attest_date_parse_iso (text, NULL) || text[10] != 'T' ||
      !digits (text + 11, 2, &h) || h > 23 || text[13] != ':' ||
      !digits (text + 14, 2, &min) || min > 59 || text[16] != ':' ||
      !digits (text + 17, 2, &s) || s > 59)
    return FALSE;

  p = text + 19;
  if (*p == '.')
    {
      if (!g_ascii_isdigit (p[1]))
        return FALSE;
      for (p++; g_ascii_isdigit (*p); p++)
        ;
    }
  if (*p == 'Z')
    return p[1] == '\0';
  if (*p == '+' || *p == '-')
    return strlen (p) == 6 && digits (p + 1, 2, &h) && h <= 14 && p[3] == ':' &&
           digits (p + 4, 2, &min) && min <= 59;
  return *p == '\0';
}

/**
 * attest_rules_is_token:
 * @text: (nullable): the text
 *
 * Returns: %TRUE for a non-empty word without space or control characters
 */
gboolean
attest_rules_is_token (const char *text)
{
  const char *p;

  if (text == NULL || *text == '\0')
    return FALSE;
  /* Printable ASCII, the usual case, is all of a type allowed below. */
  for (p = text; *p > 0x20 && *p < 0x7f; p++)
    ;
  if (*p == '\0')
    return TRUE;
  if (!g_utf8_validate (text, -1, NULL))
    return FALSE;
  for (p = text; *p; p = g_utf8_next_char (p))
    switch (g_unichar_type (g_utf8_get_char (p)))
      {
      case G_UNICODE_CONTROL:
      case G_UNICODE_FORMAT:
      case G_UNICODE_UNASSIGNED:
      case G_UNICODE_PRIVATE_USE:
      case G_UNICODE_SURROGATE:
      case G_UNICODE_SPACE_SEPARATOR:
      case G_UNICODE_LINE_SEPARATOR:
      case G_UNICODE_PARAGRAPH_SEPARATOR:
        return FALSE;
      default:
        break;
      }
  return TRUE;
}

/**
 * attest_rules_is_xml_char:
 * @c: a character
 *
 * Returns: %TRUE for an XML 1.0 Char
 */
gboolean
attest_rules_is_xml_char (gunichar c)
{
  return c == 0x9 || c == 0xA || c == 0xD ||
         (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD) ||
         (c >= 0x10000 && c <= 0x10FFFF);
}

/* --------------------------------------------------------------- strings */

static gboolean
invalid (GError    **error,
         const char *format,
         ...) G_GNUC_PRINTF (2, 3);

static gboolean
invalid (GError    **error,
         const char *format,
         ...)
{
  va_list args;

  va_start (args, format);
  g_propagate_error (error, g_error_new_valist (ATTEST_ERROR, ATTEST_ERROR_INVALID, format, args));
  va_end (args);
  return FALSE;
}

/**
 * attest_rules_check_string:
 * @what: the name of the field, for the message
 * @value: (nullable): the value
 * @n_bytes: its length in bytes, or -1 up to its NUL
 * @flags: what else is asked of it
 * @error: return location for a #GError, or %NULL
 *
 * @n_bytes bytes at @value (-1: up to its NUL; a database column gives
 * its own count, so a NUL inside shows) are a string Attest can keep:
 * valid UTF-8 without NUL, and what @flags ask. NULL passes unless
 * required. @what names it in the message ("the title of document …").
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */
gboolean
attest_rules_check_string (const char       *what,
                           const char       *value,
                           gssize            n_bytes,
                           AttestRulesFlags  flags,
                           GError          **error)
{
  gsize length;

  if (value == NULL || (n_bytes == 0 || (n_bytes < 0 && *value == '\0')))
    {
      if (flags & ATTEST_RULES_REQUIRED)
        return invalid (error, "%s is missing", what);
      return TRUE;
    }

  length = n_bytes < 0 ? strlen (value) : (gsize) n_bytes;
  if (memchr (value, '\0', length) != NULL)
    return invalid (error, "%s holds a NUL character", what);
  if (!g_utf8_validate_len (value, length, NULL))
    return invalid (error, "%s is not valid UTF-8", what);

  if (flags & ATTEST_RULES_LINE)
    for (const char *p = value; p < value + length; p = g_utf8_next_char (p))
      {
        gunichar c = g_utf8_get_char (p);

        if (!attest_rules_is_line_char (c))
          return invalid (error, "%s holds a line break or control character (U+%04X)", what, c);
      }
  return TRUE;
}

/**
 * attest_rules_is_line_char:
 * @c: a character
 *
 * Whether @c may stand in one line (a name, a title, an address): no
 * control character, no line or paragraph separator, nothing XML 1.0
 * cannot hold.
 */
gboolean
attest_rules_is_line_char (gunichar c)
{
  return !g_unichar_iscntrl (c) && attest_rules_is_xml_char (c) && c != 0x2028 && c != 0x2029;
}

static gboolean
is_blank (gunichar c)
{
  return g_unichar_isspace (c) || g_unichar_type (c) == G_UNICODE_FORMAT;
}

static gboolean
is_blank_only (const char *text)
{
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    if (!is_blank (g_utf8_get_char (p)))
      return FALSE;
  return TRUE;
}

/**
 * attest_rules_annotator_name:
 * @name: (nullable): a name as typed
 * @error: return location for a #GError, or %NULL
 *
 * An annotator's name: trimmed of white space at both ends, not empty,
 * without line breaks or control characters, at most 200 characters.
 *
 * Returns: (transfer full) (nullable): the trimmed copy, or %NULL with
 *   ATTEST_ERROR_INVALID
 */
char *
attest_rules_annotator_name (const char *name,
                             GError    **error)
{
  g_autofree char *trimmed = NULL;
  const char *start;
  const char *end;

  if (name == NULL)
    return invalid (error, "An annotator name is missing"), NULL;
  if (!attest_rules_check_string ("An annotator name", name, -1, ATTEST_RULES_TEXT, error))
    return NULL;

  /* Trim Unicode white space and invisible format characters too: a name
   * pasted with a no-break or zero-width space is still the same person. */
  start = name;
  while (*start && is_blank (g_utf8_get_char (start)))
    start = g_utf8_next_char (start);
  end = start + strlen (start);
  while (end > start)
    {
      const char *prev = g_utf8_prev_char (end);

      if (!is_blank (g_utf8_get_char (prev)))
        break;
      end = prev;
    }

  if (end == start)
    return invalid (error, "An annotator name cannot be empty or only spaces"), NULL;
  trimmed = g_strndup (start, end - start);
  if (!attest_rules_check_string ("An annotator name", trimmed, -1, ATTEST_RULES_LINE, error))
    return NULL;
  if (g_utf8_strlen (trimmed, -1) > ANNOTATOR_NAME_MAX)
    return invalid (error, "An annotator name has at most %d characters", ANNOTATOR_NAME_MAX), NULL;
  return g_steal_pointer (&trimmed);
}

/**
 * attest_rules_dup_default_annotator_name:
 *
 * Who works when nobody said.
 *
 * Returns: (transfer full): the real name, else the login name
 */
char *
attest_rules_dup_default_annotator_name (void)
{
  char *name = attest_rules_annotator_name (g_get_real_name (), NULL);

  if (name == NULL || g_str_equal (name, "Unknown"))
    {
      g_free (name);
      name = attest_rules_annotator_name (g_get_user_name (), NULL);
    }
  return name ? name : g_strdup ("Annotator");
}

/* A name as stored: what attest_rules_annotator_name() would keep as is.
 * Its messages begin "An annotator name"; here @what names the field. */
/**
 * attest_rules_check_name:
 * @what: the name of the field, for the message
 * @name: (nullable): the name
 * @error: return location for a #GError, or %NULL
 *
 * A name as stored (of an annotator, of the author of a change): one that
 * attest_rules_annotator_name() keeps as it is. @what names the field in
 * the message ("The author of change …").
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */
gboolean
attest_rules_check_name (const char *what,
                   const char *name,
                   GError    **error)
{
  static const char prefix[] = "An annotator name";
  g_autoptr(GError) local_error = NULL;
  g_autofree char *trimmed = NULL;

  if (name == NULL)
    return invalid (error, "%s is missing", what);
  if (!(trimmed = attest_rules_annotator_name (name, &local_error)))
    return invalid (error, "%s%s", what,
                    g_str_has_prefix (local_error->message, prefix)
                    ? local_error->message + strlen (prefix) : local_error->message);
  if (strcmp (trimmed, name) != 0)
    return invalid (error, "%s, “%s”, has spaces at its ends", what, name);
  return TRUE;
}

/* --------------------------------------------------------------- records */

/* The field's name is written only for the message: an import checks
 * millions of fields that pass. */
#define CHECK_TEXT(what_fmt, value, flags) \
  G_STMT_START { \
    if (!attest_rules_check_string ("", (value), -1, (flags), NULL)) \
      { \
        g_autofree char *what_ = g_strdup_printf what_fmt; \
        if (!attest_rules_check_string (what_, (value), -1, (flags), error)) \
          return FALSE; \
      } \
  } G_STMT_END

/* A source's field, as an article's, holds at most
 * ATTEST_RULES_DOCUMENT_FIELD_MAX characters: the source editor, the
 * imports and merges refuse a longer one alike. */
#define CHECK_FIELD_LENGTH(what, value) \
  G_STMT_START { \
    glong n_ = (value) ? g_utf8_strlen ((value), -1) : 0; \
    if (n_ > ATTEST_RULES_DOCUMENT_FIELD_MAX) \
      /* TRANSLATORS: "A source's outlet has 1500 characters; it may have at most 1000" */ \
      return invalid (error, _("%s has %ld characters; it may have at most %d"), _(what), n_, \
                      ATTEST_RULES_DOCUMENT_FIELD_MAX); \
  } G_STMT_END

/**
 * attest_rules_check_document:
 * @doc: a document, with its text
 * @error: return location for a #GError, or %NULL
 *
 * A document as it arrives from a TEI file or another database. It is
 * checked with its text: SHA-256 and length must match
 * it, and the body must start inside it.
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */
gboolean
attest_rules_check_document (const AttestDocument  *doc,
                             GError               **error)
{
  const char *id = doc->uuid ? doc->uuid : "";
  g_autofree char *sha = NULL;
  gint64 length;

  if (!attest_rules_is_uuid (doc->uuid))
    return invalid (error, "A document has the id “%s”, not a UUID", id);
  if (!attest_rules_is_sha256 (doc->sha256))
    return invalid (error, "The document %s has no SHA-256 of its text", id);
  CHECK_TEXT (("The text of document %s", id), doc->text, ATTEST_RULES_REQUIRED);

  sha = g_compute_checksum_for_string (G_CHECKSUM_SHA256, doc->text, -1);
  if (strcmp (sha, doc->sha256) != 0)
    return invalid (error, "The text of document %s does not match its SHA-256: it was altered", id);
  /* The text is valid UTF-8 (checked above). */
  length = attest_utf8_length (doc->text, strlen (doc->text));
  if (doc->length != length)
    return invalid (error, "The document %s says it has %" G_GINT64_FORMAT " characters; its text has %" G_GINT64_FORMAT,
                    id, doc->length, length);
  if (doc->body_start < 0 || doc->body_start > doc->length)
    return invalid (error, "The body of document %s starts at %" G_GINT64_FORMAT ", outside its text",
                    id, doc->body_start);

  CHECK_TEXT (("The format of document %s", id), doc->format, ATTEST_RULES_LINE | ATTEST_RULES_REQUIRED);
  CHECK_TEXT (("The encoding of document %s", id), doc->encoding, ATTEST_RULES_LINE | ATTEST_RULES_REQUIRED);
  if (!attest_rules_is_timestamp (doc->imported))
    return invalid (error, "The document %s does not say when it was imported", id);
  if (doc->date != NULL && !attest_date_is_iso (doc->date))
    return invalid (error, "The document %s has the date “%s”, not YYYY-MM-DD", id, doc->date);

  CHECK_TEXT (("The title of document %s", id), doc->title, ATTEST_RULES_TEXT);
  CHECK_TEXT (("The publication of document %s", id), doc->publication, ATTEST_RULES_TEXT);
  CHECK_TEXT (("The volume of document %s", id), doc->volume, ATTEST_RULES_TEXT);
  CHECK_TEXT (("The issue of document %s", id), doc->issue, ATTEST_RULES_TEXT);
  CHECK_TEXT (("The author of document %s", id), doc->author, ATTEST_RULES_TEXT);
  CHECK_TEXT (("The origin of document %s", id), doc->origin, ATTEST_RULES_TEXT);
  return TRUE;
}

/**
 * attest_rules_check_annotator:
 * @person: an annotator, as a row
 * @error: return location for a #GError, or %NULL
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */
gboolean
attest_rules_check_annotator (const AttestPersonRow  *person,
                              GError                **error)
{
  if (!attest_rules_is_uuid (person->uuid))
    return invalid (error, "An annotator has the id “%s”, not a UUID", person->uuid ? person->uuid : "");
  return attest_rules_check_name ("An annotator's name", person->name, error);
}

/**
 * attest_rules_check_category:
 * @c: a category
 * @error: return location for a #GError, or %NULL
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */
gboolean
attest_rules_check_category (const AttestCategory  *c,
                             GError               **error)
{
  if (!attest_category_key_is_valid (c->key))
    return invalid (error, "“%s” is not a category key (lower-case letters, digits and hyphens, "
                    "starting with a letter)", c->key ? c->key : "");
  CHECK_TEXT (("The label of category %s", c->key), c->label, ATTEST_RULES_LINE | ATTEST_RULES_REQUIRED);
  CHECK_TEXT (("The description of category %s", c->key), c->description, ATTEST_RULES_TEXT);
  if (*c->label == '\0' || is_blank_only (c->label))
    return invalid (error, "The label of category %s is only spaces", c->key);
  /* A label is one line in every picker: a longer one stalled the
   * Categories editor for most of a minute. */
  if (g_utf8_strlen (c->label, -1) > ATTEST_RULES_CATEGORY_LABEL_MAX)
    return invalid (error, "The label of category %s has %ld characters; a label has at most %d",
                    c->key, g_utf8_strlen (c->label, -1), ATTEST_RULES_CATEGORY_LABEL_MAX);
  if (c->description != NULL &&
      g_utf8_strlen (c->description, -1) > ATTEST_RULES_CATEGORY_DESCRIPTION_MAX)
    return invalid (error, "The description of category %s has %ld characters; a description has at most %d",
                    c->key, g_utf8_strlen (c->description, -1), ATTEST_RULES_CATEGORY_DESCRIPTION_MAX);
  if (!attest_category_color_is_valid (c->color))
    return invalid (error, "The category %s has the colour “%s”, not #rrggbb", c->key,
                    c->color ? c->color : "");
  if (c->shortcut < -1 || c->shortcut > 9)
    return invalid (error, "The category %s has the shortcut %d, not a digit", c->key, c->shortcut);
  if (c->parent_key != NULL &&
      (!attest_category_key_is_valid (c->parent_key) || strcmp (c->parent_key, c->key) == 0))
    return invalid (error, "The category %s has the parent “%s”", c->key, c->parent_key);
  return TRUE;
}

/**
 * attest_rules_check_parent:
 * @categories: (element-type AttestCategory): the taxonomy, retired ones too
 * @key: a category's key
 * @parent_key: (nullable): the parent it is to have
 * @error: return location for a #GError, or %NULL
 *
 * Whether @key can have the parent @parent_key in @categories (whatever
 * @categories says @key's parent is now): the parent exists and is not
 * @key itself nor one of its descendants. A cycle would leave the
 * taxonomy without a top to nest from.
 *
 * Returns: %TRUE on success, %FALSE with ATTEST_ERROR_INVALID
 */
gboolean
attest_rules_check_parent (GPtrArray  *categories,
                           const char *key,
                           const char *parent_key,
                           GError    **error)
{
  const char *at = parent_key;
  guint steps;

  if (parent_key == NULL)
    return TRUE;
  if (g_strcmp0 (parent_key, key) == 0)
    return invalid (error, "A category cannot be its own parent");
  if (attest_category_find (categories, parent_key) == NULL)
    return invalid (error, "No category “%s” to be the parent of “%s”", parent_key, key);

  /* Up from the parent; at most one step per category, so a cycle that
   * a damaged database already holds ends the walk too. */
  for (steps = 0; at != NULL && steps <= categories->len; steps++)
    {
      const AttestCategory *c = attest_category_find (categories, at);

      if (c == NULL)
        break;
      if (g_strcmp0 (c->parent_key, key) == 0)
        return invalid (error, "“%s” cannot be the parent of “%s”: it is already under it, "
                        "and a category cannot be under itself", parent_key, key);
      at = c->parent_key;
    }
  /* Every format carries the taxonomy nested: REFI-QDA's readers stop
   * at 128 levels of XML, and no analyst's tree is that deep. */
  if (steps + 1 > ATTEST_RULES_CATEGORY_DEPTH_MAX)
    return invalid (error, _("“%s” cannot be the parent of “%s”: categories nest at most %d deep"),
                    parent_key, key, ATTEST_RULES_CATEGORY_DEPTH_MAX);
  return TRUE;
}

/**
 * attest_rules_check_taxonomy:
 * @categories: (element-type AttestCategory): a whole taxonomy
 * @error: return location for a #GError, or %NULL
 *
 * That no category is under itself: a damaged or hand-edited database may
 * hold a cycle of parents, which the editor refuses to make. An exchange
 * export that nests categories (Web Annotation, UIMA, REFI-QDA) would drop
 * or repeat them, and its import refuse the file. (TEI writes each of a
 * cycle once.)
 *
 * Returns: %TRUE on success, %FALSE with ATTEST_ERROR_CORRUPT
 */
gboolean
attest_rules_check_taxonomy (GPtrArray  *categories,
                             GError    **error)
{
  g_autoptr(GHashTable) by_key = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < categories->len; i++)
    {
      AttestCategory *c = g_ptr_array_index (categories, i);

      g_hash_table_insert (by_key, c->key, c);
    }
  for (guint i = 0; i < categories->len; i++)
    {
      AttestCategory *c = g_ptr_array_index (categories, i);
      const AttestCategory *up = c;

      /* Up from it, one step per category at most. */
      for (guint steps = 0; up != NULL && up->parent_key != NULL && steps <= categories->len; steps++)
        {
          up = g_hash_table_lookup (by_key, up->parent_key);
          if (up == c)
            {
              g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_CORRUPT,
                           /* TRANSLATORS: %s is a category's key */
                           _("The category %s is under itself: its parents lead back to it. Give it another "
                             "parent in Categories; attest-cli check lists every such category"), c->key);
              return FALSE;
            }
        }
    }
  return TRUE;
}

/**
 * attest_rules_find_label:
 * @categories: (element-type AttestCategory): the taxonomy, retired ones too
 * @key: (nullable): a category's key, not compared with itself
 * @label: a label
 *
 * Returns: (nullable) (transfer none): a live category other than @key
 *   whose label is @label, whatever the case, or %NULL
 */
const AttestCategory *
attest_rules_find_label (GPtrArray  *categories,
                         const char *key,
                         const char *label)
{
  g_autofree char *folded = NULL;

  if (label == NULL)
    return NULL;
  folded = g_utf8_casefold (label, -1);
  for (guint i = 0; i < categories->len; i++)
    {
      const AttestCategory *c = g_ptr_array_index (categories, i);
      g_autofree char *theirs = NULL;

      if (c->retired || c->label == NULL || g_strcmp0 (c->key, key) == 0)
        continue;
      theirs = g_utf8_casefold (c->label, -1);
      if (strcmp (theirs, folded) == 0)
        return c;
    }
  return NULL;
}

/**
 * attest_rules_check_label_unique:
 * @categories: (element-type AttestCategory): the taxonomy, retired ones too
 * @key: (nullable): the category's key
 * @label: its label
 * @error: return location for a #GError, or %NULL
 *
 * Two live categories of one label, whatever the case, could not be told
 * apart in a picker or an export.
 *
 * Returns: %TRUE on success, %FALSE with ATTEST_ERROR_INVALID
 */
gboolean
attest_rules_check_label_unique (GPtrArray  *categories,
                                 const char *key,
                                 const char *label,
                                 GError    **error)
{
  const AttestCategory *other = attest_rules_find_label (categories, key, label);

  if (other != NULL)
    return invalid (error, "There is already a category named “%s”; choose another name", other->label);
  return TRUE;
}

/* Characters that show nothing, or turn what follows around: a zero-width
 * space or no-break, a soft hyphen, direction marks and overrides. */
static gboolean
is_hidden (gunichar c)
{
  return c == 0x00AD || c == 0x180E || c == 0x200B || c == 0x200E || c == 0x200F ||
         (c >= 0x202A && c <= 0x202E) || (c >= 0x2060 && c <= 0x2064) || (c >= 0x2066 && c <= 0x2069) ||
         c == 0xFEFF;
}

/**
 * attest_rules_check_url:
 * @url: a source's address
 * @error: return location for a #GError, or %NULL
 *
 * What a source's address may be: an absolute http:// or https:// URL
 * with a host, as GLib parses it, without white space or control
 * characters. A `javascript:` or `file:` address would run or open
 * something on the reader's computer once the window links it.
 *
 * Returns: %TRUE on success, %FALSE with ATTEST_ERROR_INVALID
 */
gboolean
attest_rules_check_url (const char  *url,
                        GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  const char *scheme;
  const char *host;
  gboolean clean = url != NULL && g_utf8_validate (url, -1, NULL);

  /* Long enough for any real address (browsers stop near this), short
   * enough that every format carries a source whole (UIMA, brat and
   * REFI-QDA keep a source's details in 64 KiB). */
  if (url != NULL && strlen (url) > ATTEST_RULES_URL_MAX_BYTES)
    return invalid (error, _("A web address holds at most %d bytes; this one holds %zu"), ATTEST_RULES_URL_MAX_BYTES,
                    strlen (url));

  for (const char *p = url; clean && *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      /* Nor a hidden character (a zero-width space, a direction
       * override: a link that reads otherwise than it goes), nor a
       * backslash, which browsers read as "/" (so that
       * "http://x.com\\@evil.com/" goes to evil.com). The joiners of
       * emoji and of Persian words are text, and stay. */
      clean = !g_unichar_isspace (c) && !g_unichar_iscntrl (c) && c != 0x2028 && c != 0x2029 &&
              !is_hidden (c) && c != '\\';
    }
  if (clean)
    uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  scheme = uri ? g_uri_get_scheme (uri) : NULL;
  host = uri ? g_uri_get_host (uri) : NULL;
  /* The host as GLib decodes it: "%20" is a space, which names none. */
  if (clean && host != NULL && !g_utf8_validate (host, -1, NULL))
    clean = FALSE;
  for (const char *p = host; clean && p != NULL && *p; p = g_utf8_next_char (p))
    clean = !g_unichar_isspace (g_utf8_get_char (p)) && !g_unichar_iscntrl (g_utf8_get_char (p));
  if (!clean || uri == NULL || scheme == NULL ||
      (g_ascii_strcasecmp (scheme, "http") != 0 && g_ascii_strcasecmp (scheme, "https") != 0) ||
      host == NULL || *host == '\0')
    {
      g_autofree char *valid = g_utf8_make_valid (url ? url : "", -1);
      g_autoptr(GString) shown = g_string_new (NULL);

      /* No terminal sequence or line break gets into the message. */
      for (const char *p = valid; *p; p = g_utf8_next_char (p))
        {
          gunichar c = g_utf8_get_char (p);

          if (g_unichar_iscntrl (c) || c == 0x2028 || c == 0x2029 || is_hidden (c))
            g_string_append_printf (shown, "\\u%04X", c);
          else
            g_string_append_unichar (shown, c);
        }

      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID,
                   /* TRANSLATORS: %s is the address as given */
                   _("“%s” is not a web address: a source's address starts with http:// or https://, "
                     "names a host and holds no spaces"), shown->str);
      return FALSE;
    }
  return TRUE;
}

/**
 * attest_rules_check_source:
 * @s: a source, as a row
 * @error: return location for a #GError, or %NULL
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */
gboolean
attest_rules_check_source (const AttestSourceRow  *s,
                           GError                **error)
{
  const char *id = s->uuid ? s->uuid : "";

  if (!attest_rules_is_uuid (s->uuid))
    return invalid (error, "A source has the id “%s”, not a UUID", id);
  if (!attest_rules_is_timestamp (s->created))
    return invalid (error, "The source %s does not say when it was recorded", id);
  /* Names of one line each, as the exchange formats carry them. */
  CHECK_TEXT (("The outlet of source %s", id), s->outlet, ATTEST_RULES_LINE);
  CHECK_FIELD_LENGTH (N_("A source's outlet"), s->outlet);
  CHECK_TEXT (("The place of source %s", id), s->place, ATTEST_RULES_LINE);
  CHECK_FIELD_LENGTH (N_("A source's place"), s->place);
  CHECK_TEXT (("The date of source %s", id), s->date_text, ATTEST_RULES_LINE);
  CHECK_FIELD_LENGTH (N_("A source's date"), s->date_text);
  CHECK_TEXT (("The title of source %s", id), s->title, ATTEST_RULES_LINE);
  CHECK_FIELD_LENGTH (N_("A source's title"), s->title);
  /* An address has no length limit: its own rule only. */
  CHECK_TEXT (("The address of source %s", id), s->url, ATTEST_RULES_LINE);
  if (s->url != NULL && !attest_rules_check_url (s->url, error))
    return FALSE;
  CHECK_TEXT (("The reliability of source %s", id), s->reliability, ATTEST_RULES_LINE);
  CHECK_FIELD_LENGTH (N_("A source's reliability"), s->reliability);
  if (s->outlet == NULL && s->title == NULL && s->url == NULL)
    return invalid (error, "The source %s has no outlet, title or URL", id);
  if (s->when != NULL && !attest_date_is_stored (s->when))
    return invalid (error, "The source %s has the date “%s”, not YYYY-MM-DD, YYYY-MM or --MM-DD", id, s->when);
  return TRUE;
}

/**
 * attest_rules_check_change:
 * @c: a change, as a row
 * @error: return location for a #GError, or %NULL
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */
gboolean
attest_rules_check_change (const AttestChangeRow  *c,
                           GError                **error)
{
  const char *id = c->uuid ? c->uuid : "";
  g_autofree char *who = NULL;

  if (!attest_rules_is_uuid (c->uuid))
    return invalid (error, "A change has the id “%s”, not a UUID", id);
  if (!attest_rules_is_timestamp (c->at))
    return invalid (error, "The change %s has no time", id);
  if (!attest_rules_check_name ("", c->annotator, NULL))
    {
      who = g_strdup_printf ("The author of change %s", id);
      if (!attest_rules_check_name (who, c->annotator, error))
        return FALSE;
    }
  if (!attest_rules_is_token (c->entity) || !attest_rules_is_token (c->action))
    return invalid (error, "The change %s does not say what changed and how", id);
  CHECK_TEXT (("What change %s changed", id), c->entity_uuid, ATTEST_RULES_LINE | ATTEST_RULES_REQUIRED);
  CHECK_TEXT (("The field of change %s", id), c->field, ATTEST_RULES_LINE);
  CHECK_TEXT (("The old value of change %s", id), c->old_value, ATTEST_RULES_TEXT);
  CHECK_TEXT (("The new value of change %s", id), c->new_value, ATTEST_RULES_TEXT);
  return TRUE;
}

/* Whether @quote is the text of [@start, @end): it has the span's length
 * and its bytes are the text's there, so no copy of the span is needed. */
static gboolean
text_is_at (const AttestDocument *doc,
            gint64                start,
            gint64                end,
            const char           *quote,
            const char           *at_start)
{
  gsize bytes = strlen (quote);

  if (at_start == NULL)
    at_start = g_utf8_offset_to_pointer (doc->text, start);
  return (gint64) attest_utf8_length (quote, bytes) == end - start && strncmp (at_start, quote, bytes) == 0;
}

/**
 * attest_rules_check_claim:
 * @c: a claim
 * @doc: its document, with its text
 * @at_start: (nullable): the character at @c->start in the text
 * @error: return location for a #GError, or %NULL
 *
 * A claim of @doc (with its text): offsets inside the text, the
 * quote exactly the characters between them, a known status and
 * certainty, times and a version. @at_start, if not NULL, points to the
 * character at @c->start in the text, for callers that walk it in
 * order. The category and annotator are checked where they are resolved.
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */
gboolean
attest_rules_check_claim (const AttestClaimRow  *c,
                          const AttestDocument  *doc,
                          const char            *at_start,
                          GError               **error)
{
  const char *id = c->uuid ? c->uuid : "";

  if (!attest_rules_is_uuid (c->uuid))
    return invalid (error, "A claim has the id “%s”, not a UUID", id);
  if (c->start < 0 || c->end > doc->length || c->start >= c->end)
    return invalid (error, "The claim %s spans %" G_GINT64_FORMAT ":%" G_GINT64_FORMAT
                    ", outside the text of its document (0:%" G_GINT64_FORMAT ") or empty",
                    id, c->start, c->end, doc->length);
  CHECK_TEXT (("The quote of claim %s", id), c->quote, ATTEST_RULES_REQUIRED);
  if (!text_is_at (doc, c->start, c->end, c->quote, at_start))
    return invalid (error, "The quote of claim %s is not the text at %" G_GINT64_FORMAT ":%" G_GINT64_FORMAT,
                    id, c->start, c->end);
  if (!attest_claim_status_is_valid (c->status))
    return invalid (error, "The claim %s has the status “%s”, not draft, accepted or rejected",
                    id, c->status ? c->status : "");
  if (c->certainty != NULL && !attest_claim_certainty_is_valid (c->certainty))
    return invalid (error, "The claim %s has the certainty “%s”, not low, medium, high or unknown",
                    id, c->certainty);
  if (!attest_rules_is_timestamp (c->created) || !attest_rules_is_timestamp (c->modified))
    return invalid (error, "The claim %s lacks its creation or modification time", id);
  /* Far below 2⁶³: each edit adds one, and a version must stay a whole
   * number however many edits follow. */
  if (c->version < 1 || c->version > ATTEST_RULES_VERSION_MAX)
    return invalid (error, "The claim %s has the version %" G_GINT64_FORMAT, id, c->version);
  CHECK_TEXT (("The comment of claim %s", id), c->comment, ATTEST_RULES_TEXT);
  return TRUE;
}

/**
 * attest_rules_check_span:
 * @quote: the text a new claim would cover, from @start to @end
 * @after: the character after it, or 0 at the end of the text
 * @start: where it starts, for the message
 * @end: where it ends, for the message
 * @error: return location for a #GError, or %NULL
 *
 * What a selection must be to become a claim, whether it is made in the
 * window or read from a file: not only white space, and not splitting a
 * letter from its combining accent at either end (offsets count
 * characters, so a UTF-8 sequence cannot be split, but a letter and its
 * accent are two characters).
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */
gboolean
attest_rules_check_span (const char *quote,
                         gunichar    after,
                         gint64      start,
                         gint64      end,
                         GError    **error)
{
  gboolean blank = TRUE;

  for (const char *p = quote; *p; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      blank = FALSE;
  if (blank)
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID,
                   _("The range %" PRId64 ":%" PRId64 " holds only white space"),
                   start, end);
      return FALSE;
    }
  if (g_unichar_ismark (g_utf8_get_char (quote)) || (after != 0 && g_unichar_ismark (after)))
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID,
                   _("The range %" PRId64 ":%" PRId64
                     " is not on a character boundary (it splits a letter from its accent)"),
                   start, end);
      return FALSE;
    }
  return TRUE;
}

/**
 * attest_rules_check_citation:
 * @c: a citation
 * @doc: its document, with its text
 * @at_start: (nullable): the character at @c->start in the text
 * @error: return location for a #GError, or %NULL
 *
 * An attribution found in @doc's text, likewise.
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */
gboolean
attest_rules_check_citation (const AttestCitation  *c,
                             const AttestDocument  *doc,
                             const char            *at_start,
                             GError               **error)
{
  const char *id = c->uuid ? c->uuid : "";

  if (!attest_rules_is_uuid (c->uuid))
    return invalid (error, "An attribution has the id “%s”, not a UUID", id);
  if (c->start < 0 || c->end > doc->length || c->start >= c->end ||
      c->paragraph_start < 0 || c->paragraph_start > c->start)
    return invalid (error, "The attribution %s spans %" G_GINT64_FORMAT ":%" G_GINT64_FORMAT
                    ", outside the text of its document (0:%" G_GINT64_FORMAT ") or empty",
                    id, c->start, c->end, doc->length);
  if (c->cover_start < 0 || c->cover_start > c->cover_end || c->cover_end > doc->length)
    return invalid (error, "The attribution %s covers %" G_GINT64_FORMAT ":%" G_GINT64_FORMAT
                    ", outside the text of its document (0:%" G_GINT64_FORMAT ")",
                    id, c->cover_start, c->cover_end, doc->length);
  CHECK_TEXT (("The text of attribution %s", id), c->text, ATTEST_RULES_REQUIRED);
  if (!text_is_at (doc, c->start, c->end, c->text, at_start))
    return invalid (error, "The attribution %s is not the text at %" G_GINT64_FORMAT ":%" G_GINT64_FORMAT,
                    id, c->start, c->end);
  return TRUE;
}
