/* attest-document.c — see attest-document.h. */
#include "attest-document.h"
#include "attest-error.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

G_DEFINE_FINAL_TYPE (AttestDocument, attest_document, G_TYPE_OBJECT)

/* Read-only mirrors of the public fields, for list rows and bindings
 * (GtkExpression, g_object_bind_property). The objects are values read from
 * the store; an edit makes a new object, so no notify is emitted. */
enum {
  PROP_0,
  PROP_ID,
  PROP_UUID,
  PROP_TITLE,
  PROP_PUBLICATION,
  PROP_VOLUME,
  PROP_ISSUE,
  PROP_AUTHOR,
  PROP_DATE,
  PROP_ORIGIN,
  PROP_FORMAT,
  PROP_LENGTH,
  PROP_IMPORTED,
  PROP_CLAIM_COUNT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
attest_document_finalize (GObject *object)
{
  AttestDocument *self = ATTEST_DOCUMENT (object);

  g_free (self->uuid);
  g_free (self->sha256);
  g_free (self->title);
  g_free (self->publication);
  g_free (self->volume);
  g_free (self->issue);
  g_free (self->author);
  g_free (self->date);
  g_free (self->origin);
  g_free (self->format);
  g_free (self->encoding);
  g_free (self->text);
  g_free (self->imported);
  g_free (self->extraction);

  G_OBJECT_CLASS (attest_document_parent_class)->finalize (object);
}

static void
attest_document_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  AttestDocument *self = ATTEST_DOCUMENT (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;

    case PROP_UUID:
      g_value_set_string (value, self->uuid);
      break;

    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;

    case PROP_PUBLICATION:
      g_value_set_string (value, self->publication);
      break;

    case PROP_VOLUME:
      g_value_set_string (value, self->volume);
      break;

    case PROP_ISSUE:
      g_value_set_string (value, self->issue);
      break;

    case PROP_AUTHOR:
      g_value_set_string (value, self->author);
      break;

    case PROP_DATE:
      g_value_set_string (value, self->date);
      break;

    case PROP_ORIGIN:
      g_value_set_string (value, self->origin);
      break;

    case PROP_FORMAT:
      g_value_set_string (value, self->format);
      break;

    case PROP_LENGTH:
      g_value_set_int64 (value, self->length);
      break;

    case PROP_IMPORTED:
      g_value_set_string (value, self->imported);
      break;

    case PROP_CLAIM_COUNT:
      g_value_set_int64 (value, self->claim_count);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
attest_document_class_init (AttestDocumentClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = attest_document_finalize;
  object_class->get_property = attest_document_get_property;

  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL, G_MININT64, G_MAXINT64, 0, flags);
  properties[PROP_UUID] =
    g_param_spec_string ("uuid", NULL, NULL, NULL, flags);
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL, flags);
  properties[PROP_PUBLICATION] =
    g_param_spec_string ("publication", NULL, NULL, NULL, flags);
  properties[PROP_VOLUME] =
    g_param_spec_string ("volume", NULL, NULL, NULL, flags);
  properties[PROP_ISSUE] =
    g_param_spec_string ("issue", NULL, NULL, NULL, flags);
  properties[PROP_AUTHOR] =
    g_param_spec_string ("author", NULL, NULL, NULL, flags);
  properties[PROP_DATE] =
    g_param_spec_string ("date", NULL, NULL, NULL, flags);
  properties[PROP_ORIGIN] =
    g_param_spec_string ("origin", NULL, NULL, NULL, flags);
  properties[PROP_FORMAT] =
    g_param_spec_string ("format", NULL, NULL, NULL, flags);
  properties[PROP_LENGTH] =
    g_param_spec_int64 ("length", NULL, NULL, G_MININT64, G_MAXINT64, 0, flags);
  properties[PROP_IMPORTED] =
    g_param_spec_string ("imported", NULL, NULL, NULL, flags);
  properties[PROP_CLAIM_COUNT] =
    g_param_spec_int64 ("claim-count", NULL, NULL, G_MININT64, G_MAXINT64, 0, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
attest_document_init (AttestDocument *self)
{
}

/**
 * attest_document_new:
 *
 * Returns: (transfer full): an empty document, not yet stored
 */
AttestDocument *
attest_document_new (void)
{
  return g_object_new (ATTEST_TYPE_DOCUMENT, NULL);
}

/**
 * attest_document_set_text:
 * @self: a document
 * @text: (transfer none): the UTF-8 text, exactly as read
 *
 * Sets the text and what derives from it: its length and its SHA-256.
 */
void
attest_document_set_text (AttestDocument *self,
                          const char     *text)
{
  g_return_if_fail (ATTEST_IS_DOCUMENT (self));
  g_return_if_fail (text != NULL);

  g_free (self->text);
  g_free (self->sha256);
  self->text = g_strdup (text);
  self->length = attest_utf8_length (text, strlen (text));
  self->sha256 = g_compute_checksum_for_string (G_CHECKSUM_SHA256, text, -1);
}

/**
 * attest_document_check_range:
 * @self: a document
 * @start: first character
 * @end: one past the last character
 * @error: return location for a #GError
 *
 * Returns: %TRUE if [@start, @end) is a non-empty span of the text
 */
gboolean
attest_document_check_range (AttestDocument *self,
                             gint64          start,
                             gint64          end,
                             GError        **error)
{
  if (start < 0 || end > self->length || start >= end)
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID,
                   "Range %" G_GINT64_FORMAT ":%" G_GINT64_FORMAT
                   " is outside the text (0:%" G_GINT64_FORMAT ") or empty",
                   start, end, self->length);
      return FALSE;
    }
  return TRUE;
}

/**
 * attest_document_dup_range:
 * @self: a document
 * @start: first character
 * @end: one past the last character
 *
 * Returns: (transfer full) (nullable): the text of [@start, @end), or %NULL if
 *   the span is outside the text
 */
char *
attest_document_dup_label (AttestDocument *self)
{
  g_return_val_if_fail (ATTEST_IS_DOCUMENT (self), NULL);

  if (self->title && *self->title)
    return g_strdup (self->title);
  if (self->publication && *self->publication && self->issue && *self->issue)
    /* Translators: an untitled article, named by its outlet and issue */
    return g_strdup_printf (_("%s, issue %s"), self->publication, self->issue);
  if (self->origin && *self->origin)
    return g_strdup (self->origin);
  return g_strdup (_("Untitled Article"));
}

gsize
attest_utf8_length (const char *text,
                    gsize       bytes)
{
  const guchar *p = (const guchar *) text;
  gsize continuing = 0;
  gsize i = 0;

  /* A continuation byte is 10xxxxxx: its top bit set, the next one clear.
   * Marked by a 1 in each such byte of a word, summed by one multiply. */
  for (; i + 8 <= bytes; i += 8)
    {
      guint64 w;

      memcpy (&w, p + i, 8);
      w = (w & ~(w << 1) & G_GUINT64_CONSTANT (0x8080808080808080)) >> 7;
      continuing += (w * G_GUINT64_CONSTANT (0x0101010101010101)) >> 56;
    }
  for (; i < bytes; i++)
    continuing += (p[i] & 0xc0) == 0x80;
  return bytes - continuing;
}

char *
attest_document_dup_range (AttestDocument *self,
                           gint64          start,
                           gint64          end)
{
  g_return_val_if_fail (ATTEST_IS_DOCUMENT (self), NULL);
  g_return_val_if_fail (self->text != NULL, NULL);
  g_return_val_if_fail (0 <= start && start <= end && end <= self->length, NULL);

  return g_utf8_substring (self->text, start, end);
}

/**
 * attest_document_find:
 * @self: a document
 * @quote: the text to look for
 * @from: character offset to start at
 *
 * Returns: the character offset of the first @quote at or after @from, or -1
 */
gint64
attest_document_find (AttestDocument *self,
                      const char     *quote,
                      gint64          from)
{
  const char *begin;
  const char *hit;

  g_return_val_if_fail (ATTEST_IS_DOCUMENT (self), -1);

  if (quote == NULL || *quote == '\0' || from < 0 || from > self->length)
    return -1;

  begin = g_utf8_offset_to_pointer (self->text, from);
  hit = strstr (begin, quote);
  if (hit == NULL)
    return -1;

  return from + g_utf8_pointer_to_offset (begin, hit);
}

/**
 * attest_document_format_label:
 * @format: (nullable): a stored format name, "pdf", "docx", …
 *
 * Returns: (transfer none) (nullable): "PDF", "Word document", … translated,
 *   or %NULL if the format is unknown
 */
const char *
attest_document_format_label (const char *format)
{
  static const struct { const char *format; const char *label; } labels[] = {
    { "text", N_("plain text") },
    { "html", N_("a web page") },
    { "tei", N_("TEI XML") },
    { "pdf", N_("PDF") },
    { "docx", N_("a Word document") },
    { "odt", N_("an OpenDocument text") },
    { "epub", N_("an EPUB book") },
  };

  for (guint i = 0; format != NULL && i < G_N_ELEMENTS (labels); i++)
    if (strcmp (format, labels[i].format) == 0)
      return _(labels[i].label);
  return NULL;
}

/* A count the import recorded; 0 where it is missing or not a number (the
 * facts may come from another copy of the database). */
static gint64
fact (JsonObject *facts,
      const char *key)
{
  JsonNode *node = facts != NULL ? json_object_get_member (facts, key) : NULL;

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64
         ? json_node_get_int (node) : 0;
}

/**
 * attest_document_dup_import_summary:
 * @self: a document
 *
 * Returns: (transfer full) (nullable): what the import did, for people
 *   (translated), or %NULL when nothing is recorded
 */
char *
attest_document_dup_import_summary (AttestDocument *self)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GPtrArray) left = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) summary = g_string_new (NULL);
  JsonObject *facts = NULL;
  const char *label;
  gint64 n;

  g_return_val_if_fail (ATTEST_IS_DOCUMENT (self), NULL);

  label = attest_document_format_label (self->format);
  if (label == NULL)
    return NULL;

  if (self->extraction != NULL && json_parser_load_from_data (parser, self->extraction, -1, NULL) &&
      JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    facts = json_node_get_object (json_parser_get_root (parser));

  /* TRANSLATORS: %s is a kind of file: "PDF", "a Word document", … */
  g_string_printf (summary, _("Imported from %s"), label);
  if ((n = fact (facts, "pages")) > 0)
    {
      g_string_append (summary, ", ");
      g_string_append_printf (summary, g_dngettext (GETTEXT_PACKAGE, "%d page", "%d pages", n), (int) n);
    }
  if ((n = fact (facts, "footnotes")) > 0)
    {
      g_string_append (summary, ", ");
      g_string_append_printf (summary, g_dngettext (GETTEXT_PACKAGE, "%d note after the text",
                                                    "%d notes after the text", n), (int) n);
    }

  if ((n = fact (facts, "running_headers")) > 0)
    g_ptr_array_add (left, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d running header",
                                                         "%d running headers", n), (int) n));
  if ((n = fact (facts, "page_numbers")) > 0)
    g_ptr_array_add (left, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d page number",
                                                         "%d page numbers", n), (int) n));
  if ((n = fact (facts, "textless_pages")) > 0)
    g_ptr_array_add (left, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d page without text",
                                                         "%d pages without text", n), (int) n));
  if ((n = fact (facts, "furniture_chars")) > 0)
    {
      /* Digits grouped as the locale groups them: "1,204". */
      g_autofree char *count = g_strdup_printf ("%'" G_GINT64_FORMAT, n);

      g_ptr_array_add (left, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s character of page furniture",
                                                           "%s characters of page furniture", n), count));
    }

  if (left->len > 0)
    {
      g_autoptr(GString) list = g_string_new (g_ptr_array_index (left, 0));

      for (guint i = 1; i < left->len; i++)
        {
          g_autofree char *joined = g_strdup_printf (i + 1 < left->len
                                                     /* TRANSLATORS: the middle of a list */
                                                     ? _("%s, %s")
                                                     /* TRANSLATORS: the end of a list */
                                                     : _("%s and %s"),
                                                     list->str, (char *) g_ptr_array_index (left, i));
          g_string_assign (list, joined);
        }
      g_string_append (summary, "; ");
      /* TRANSLATORS: %s is a list: "2 running headers and 14 page numbers" */
      g_string_append_printf (summary, _("%s left out"), list->str);
    }

  return g_string_free (g_steal_pointer (&summary), FALSE);
}
