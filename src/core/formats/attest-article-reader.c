/* attest-article-reader.c — see attest-article-reader.h.
 *
 * Owns everything between the bytes of a file and an AttestDocument: size and
 * binary checks, decoding (UTF-8, UTF-8 with BOM, UTF-16 with BOM, else
 * Windows-1252), newline folding, format detection, and turning what a
 * format reader found (attest-format.h: PDF, DOCX, ODT, EPUB, web pages,
 * TEI) into a document. The header lines of plain text exports and copied
 * news are read in attest-news-header.c.
 */
#include "attest-article-reader.h"

#include <glib/gi18n-lib.h>
#include "attest-date.h"
#include "attest-error.h"
#include "attest-rules.h"
#include "attest-input-file.h"
#include "attest-format.h"
#include "attest-markup-text.h"
#include "attest-news-header.h"
#include "attest-zip.h"

#include <string.h>

#include <json-glib/json-glib.h>

typedef enum {
  FORMAT_TEXT,
  FORMAT_HTML,
  FORMAT_TEI,
  FORMAT_PDF,
  FORMAT_DOCX,
  FORMAT_ODT,
  FORMAT_EPUB,
} Format;

/* As stored in the document's format; attest_document_format_label()
 * names them for people. */
static const char *format_names[] = { "text", "html", "tei", "pdf", "docx", "odt", "epub" };

/* A name fit for messages, whatever the caller passed. */
static const char *
shown_name (const char *name)
{
  return (name != NULL && *name != '\0') ? name : "article";
}

/* Two whole sentences, not one with the noun passed in: a translation
 * has to decline "article" and "document" itself. */
static void
set_too_large (GError    **error,
               const char *name,
               gsize       max,
               const char *what)
{
  g_autofree char *limit = g_format_size_full (max, G_FORMAT_SIZE_IEC_UNITS);

  if (g_str_equal (what, "document"))
    g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_TOO_LARGE,
                 _("“%s” is larger than %s, the largest document Attest reads"),
                 name, limit);
  else
    g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_TOO_LARGE,
                 _("“%s” is larger than %s, the largest article Attest reads"),
                 name, limit);
}

/* ------------------------------------------------------------------------ */
/* Bytes to text                                                            */
/* ------------------------------------------------------------------------ */

/* CRLF and lone CR become LF, in place; nothing else changes. */
static void
fold_newlines (char *text)
{
  char *r = text;
  char *w = text;

  while (*r != '\0')
    {
      if (*r == '\r')
        {
          *w++ = '\n';
          r++;
          if (*r == '\n')
            r++;
        }
      else
        *w++ = *r++;
    }
  *w = '\0';
}

static gboolean
has_suffix_ci (const char *name,
               const char *suffix)
{
  gsize n = strlen (name);
  gsize s = strlen (suffix);

  return n >= s && g_ascii_strcasecmp (name + n - s, suffix) == 0;
}

static Format
detect_format (const char *name,
               const char *text)
{
  const char *p = text;

  if (name != NULL)
    {
      if (has_suffix_ci (name, ".html") || has_suffix_ci (name, ".htm") ||
          has_suffix_ci (name, ".xhtml"))
        return FORMAT_HTML;
      if (has_suffix_ci (name, ".xml") || has_suffix_ci (name, ".tei"))
        return FORMAT_TEI;
    }

  while (g_ascii_isspace (*p))
    p++;

  if (attest_text_has_prefix_ci (p, "<!DOCTYPE html") || attest_text_has_prefix_ci (p, "<html"))
    return FORMAT_HTML;

  if (attest_text_has_prefix_ci (p, "<?xml") || attest_text_has_prefix_ci (p, "<!DOCTYPE") ||
      attest_text_has_prefix_ci (p, "<!--") || g_str_has_prefix (p, "<TEI") ||
      g_str_has_prefix (p, "<teiCorpus"))
    {
      /* XHTML starts like XML; the first root-looking tag decides. */
      gsize head = MIN (strlen (p), 4096);
      const char *html = attest_text_find_ci (p, head, "<html");
      const char *tei = attest_text_find_ci (p, head, "<TEI");

      if (html != NULL && (tei == NULL || html < tei))
        return FORMAT_HTML;
      if (tei != NULL || attest_text_has_prefix_ci (p, "<?xml"))
        return FORMAT_TEI;
    }

  return FORMAT_TEXT;
}

/* ------------------------------------------------------------------------ */
/* Markup text                                                              */
/* ------------------------------------------------------------------------ */

/* Joins paragraphs with blank lines into the document's text, and starts the
 * body after the first paragraph when it repeats the title or heading. */
static gboolean
set_paragraphs (AttestDocument *doc,
                GPtrArray      *paras,
                const char     *heading,
                const char     *name,
                GError        **error)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < paras->len; i++)
    {
      if (i > 0)
        g_string_append (text, "\n\n");
      g_string_append (text, g_ptr_array_index (paras, i));
    }

  if (attest_text_is_blank (text->str, text->len))
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_EMPTY,
                   _("“%s” contains no article text"), name);
      return FALSE;
    }

  attest_document_set_text (doc, text->str);

  doc->body_start = 0;
  if (paras->len > 0)
    {
      const char *first = g_ptr_array_index (paras, 0);

      if ((doc->title != NULL && strcmp (first, doc->title) == 0) ||
          (heading != NULL && strcmp (first, heading) == 0))
        doc->body_start = MIN ((gint64) attest_utf8_length (first, strlen (first)) + 2, doc->length);
    }

  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* Documents read by the format readers                                     */
/* ------------------------------------------------------------------------ */

/* Whether @name says PDF, DOCX, ODT or EPUB. */
static gboolean
is_document_name (const char *name)
{
  static const char *suffixes[] = { ".pdf", ".docx", ".odt", ".epub", NULL };

  for (guint i = 0; name != NULL && suffixes[i] != NULL; i++)
    if (has_suffix_ci (name, suffixes[i]))
      return TRUE;
  return FALSE;
}

/* PDF and ZIP containers are told by their first bytes, not their names. */
static Format
detect_document (const char *data,
                 gsize       len,
                 const char *name)
{
  static const char zip_magic[] = "PK\x03\x04";
  gsize head = MIN (len, 1024);

  /* "%PDF-" may follow some junk; readers allow the first kilobyte. */
  for (gsize i = 0; i + 5 <= head; i++)
    if (memcmp (data + i, "%PDF-", 5) == 0)
      return FORMAT_PDF;

  if (len >= 4 && memcmp (data, zip_magic, 4) == 0)
    return FORMAT_DOCX;   /* a ZIP container: its parts tell which, below */

  return FORMAT_TEXT;
}

/* Which document a ZIP container holds, by its parts, whatever its name. */
static gboolean
identify_container (GBytes      *bytes,
                    const char  *name,
                    Format      *format,
                    GError     **error)
{
  g_autoptr(AttestZip) zip = attest_zip_open (bytes, name, error);

  if (zip == NULL)
    return FALSE;
  /* ODF and EPUB say what they are in their "mimetype" part. */
  if (attest_zip_has (zip, "mimetype"))
    {
      g_autoptr(GBytes) type = attest_zip_read (zip, "mimetype", error);
      gsize len = 0;
      const char *data = type != NULL ? g_bytes_get_data (type, &len) : NULL;

      if (type == NULL)
        return FALSE;
      if (len >= 20 && strncmp (data, "application/epub+zip", 20) == 0)
        {
          *format = FORMAT_EPUB;
          return TRUE;
        }
      if (len >= 35 && strncmp (data, "application/vnd.oasis.opendocument.", 35) == 0)
        {
          *format = FORMAT_ODT;
          return TRUE;
        }
    }
  if (attest_zip_has (zip, "META-INF/container.xml"))
    *format = FORMAT_EPUB;
  else if (attest_zip_has (zip, "content.xml"))
    *format = FORMAT_ODT;
  else if (attest_zip_has (zip, "word/document.xml"))
    *format = FORMAT_DOCX;
  else
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_FORMAT,
                   _("“%s” is a ZIP archive, but not a Word, OpenDocument or EPUB document"), name);
      return FALSE;
    }
  return TRUE;
}

static gboolean
read_document (Format              format,
               GBytes             *bytes,
               const char         *name,
               AttestFormatResult *result,
               GError            **error)
{
  switch (format)
    {
    case FORMAT_PDF:
      return attest_format_pdf_read (bytes, name, result, error);
    case FORMAT_DOCX:
      return attest_format_docx_read (bytes, name, result, error);
    case FORMAT_ODT:
      {
        gsize len;
        const char *data = g_bytes_get_data (bytes, &len);

        /* Spreadsheets and slides are OpenDocument too, but not articles. */
        if (g_strstr_len (data, MIN (len, 128), "application/vnd.oasis.opendocument.") != NULL &&
            g_strstr_len (data, MIN (len, 128), "application/vnd.oasis.opendocument.text") == NULL)
          {
            g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_FORMAT,
                         _("“%s” is an OpenDocument file but not a text document"), name);
            return FALSE;
          }
        return attest_format_odt_read (bytes, name, result, error);
      }
    case FORMAT_EPUB:
      return attest_format_epub_read (bytes, name, result, error);
    case FORMAT_TEXT:
    case FORMAT_HTML:
    case FORMAT_TEI:
    default:
      g_assert_not_reached ();
    }
}

/* What the reader left out, as the document's extraction record. */
static char *
extraction_json (const AttestFormatResult *r,
                 Format                    format)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  const struct { const char *key; gint64 value; } facts[] = {
    { "pages", r->pages },
    { "running_headers", r->running_headers },
    { "running_header_lines", r->running_header_lines },
    { "page_numbers", r->page_numbers },
    { "textless_pages", r->textless_pages },
    { "footnotes", r->footnotes },
    { "furniture_chars", r->furniture_chars },
  };

  json_builder_begin_object (b);
  for (guint i = 0; i < G_N_ELEMENTS (facts); i++)
    if (facts[i].value > 0 || (i == 0 && format == FORMAT_PDF))
      {
        json_builder_set_member_name (b, facts[i].key);
        json_builder_add_int_value (b, facts[i].value);
      }
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  return json_generator_to_data (gen, NULL);
}

/* Fills @doc from what a format reader found; the file's own metadata
 * first, then what its first lines say (a byline, a date line). */
static gboolean
take_result (AttestDocument     *doc,
             AttestFormatResult *r,
             Format              format,
             const char         *name,
             GError            **error)
{
  if (!set_paragraphs (doc, r->paragraphs, r->heading, name, error))
    return FALSE;

  attest_format_set_field (&doc->publication, g_strdup (r->publication));
  attest_format_set_field (&doc->volume, g_strdup (r->volume));
  attest_format_set_field (&doc->issue, g_strdup (r->issue));
  attest_format_set_field (&doc->author, g_strdup (r->author));
  attest_format_set_field (&doc->date, attest_date_dup_first (r->date));
  if (r->title != NULL)
    {
      g_autofree char *title = attest_markup_collapse (r->title);

      if (title != NULL)
        attest_news_header_take_title (doc, title);
    }
  /* The page's byline and date lines, left out of the text, say who
   * wrote it and when before its text is asked. */
  for (guint i = 0; i < r->meta_lines->len; i++)
    attest_news_header_take_meta_line (doc, g_ptr_array_index (r->meta_lines, i));
  attest_news_header_fill (doc);

  if (format != FORMAT_HTML || r->furniture_chars > 0)
    doc->extraction = extraction_json (r, format);
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* Entry points                                                             */
/* ------------------------------------------------------------------------ */

/* @text as one line of at most ATTEST_RULES_DOCUMENT_FIELD_MAX characters:
 * what a line may not hold (attest_rules_is_line_char(): control
 * characters, line separators) becomes a space, a longer one ends in "…". */
static char *
fit_field (const char *text)
{
  g_autoptr(GString) out = NULL;
  glong length, n = 0;

  if (text == NULL)
    return NULL;
  length = g_utf8_strlen (text, -1);
  out = g_string_new (NULL);
  for (const char *p = text; *p; p = g_utf8_next_char (p), n++)
    {
      gunichar c = g_utf8_get_char (p);

      if (length > ATTEST_RULES_DOCUMENT_FIELD_MAX && n == ATTEST_RULES_DOCUMENT_FIELD_MAX - 1)
        {
          g_string_append (out, "…");
          break;
        }
      g_string_append_unichar (out, attest_rules_is_line_char (c) ? c : ' ');
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/**
 * attest_article_reader_read_bytes:
 * @bytes: the content
 * @name: tells the format (".html", ".xml"), and becomes ->origin
 * @error: return location for a #GError, or %NULL
 *
 * Reads an article in memory, as attest_article_reader_read_file() does.
 *
 * Returns: (transfer full) (nullable): the document, not yet stored, or
 *   %NULL with @error set
 */
AttestDocument *
attest_article_reader_read_bytes (GBytes     *bytes,
                                  const char *name,
                                  GError    **error)
{
  g_autoptr(AttestDocument) doc = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *text = NULL;
  const char *shown = shown_name (name);
  const char *encoding = "UTF-8";
  const char *data;
  gsize len;
  Format format;

  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  data = g_bytes_get_data (bytes, &len);

  if (len == 0)
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_EMPTY,
                   _("“%s” is empty"), shown);
      return NULL;
    }

  doc = attest_document_new ();
  format = detect_document (data, len, name);

  if (format != FORMAT_TEXT)
    {
      AttestFormatResult result;
      gboolean ok;

      if (len > ATTEST_DOCUMENT_MAX_BYTES)
        {
          set_too_large (error, shown, ATTEST_DOCUMENT_MAX_BYTES, "document");
          return NULL;
        }
      g_autoptr(GError) local_error = NULL;

      attest_format_result_init (&result);
      ok = (format == FORMAT_PDF || identify_container (bytes, shown, &format, &local_error)) &&
           read_document (format, bytes, shown, &result, &local_error) &&
           take_result (doc, &result, format, shown, &local_error);
      attest_format_result_clear (&result);
      if (!ok)
        {
          /* Every reader says why; should one not, the caller still hears. */
          if (local_error == NULL)
            g_set_error (&local_error, ATTEST_ERROR, ATTEST_ERROR_FORMAT,
                         _("“%s” could not be read"), shown);
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
    }
  else
    {
      /* A file named as a document without its signature lies, or is
       * damaged: saying so beats "not a text file". */
      if (is_document_name (name))
        {
          g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_FORMAT,
                       _("“%s” is named as a %s file but is not one (it is damaged, or "
                       "something else renamed)"), shown, strrchr (name, '.') + 1);
          return NULL;
        }

      if (len > ATTEST_ARTICLE_MAX_BYTES)
        {
          set_too_large (error, shown, ATTEST_ARTICLE_MAX_BYTES, "article");
          return NULL;
        }

      text = attest_format_decode (data, len, shown, &encoding, error);
      if (text == NULL)
        return NULL;

      fold_newlines (text);

      if (attest_text_is_blank (text, -1))
        {
          g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_EMPTY,
                       _("“%s” contains nothing but white space"), shown);
          return NULL;
        }

      format = detect_format (name, text);

      switch (format)
        {
        case FORMAT_HTML:
          {
            AttestFormatResult result;
            gboolean ok;

            attest_format_result_init (&result);
            ok = attest_format_html_read (text, shown, &result, error) &&
                 take_result (doc, &result, format, shown, error);
            attest_format_result_clear (&result);
            if (!ok)
              return NULL;
          }
          break;

        case FORMAT_TEI:
          {
            AttestFormatResult result;
            gboolean ok;

            /* A TEI header says what it means: no guessing from the text. */
            attest_format_result_init (&result);
            ok = attest_format_tei_read (text, shown, &result, error) &&
                 set_paragraphs (doc, result.paragraphs, result.heading, shown, error);
            if (ok)
              {
                attest_format_set_field (&doc->title, g_steal_pointer (&result.title));
                attest_format_set_field (&doc->author, g_steal_pointer (&result.author));
                attest_format_set_field (&doc->publication, g_steal_pointer (&result.publication));
                attest_format_set_field (&doc->volume, g_steal_pointer (&result.volume));
                attest_format_set_field (&doc->issue, g_steal_pointer (&result.issue));
                attest_format_set_field (&doc->date, attest_date_dup_first (result.date));
              }
            attest_format_result_clear (&result);
            if (!ok)
              return NULL;
          }
          break;

        case FORMAT_TEXT:
        default:
          attest_document_set_text (doc, text);
          attest_article_reader_parse_header (doc);
          break;
        }
    }

  if (doc->length > 0 && (gsize) strlen (doc->text) > ATTEST_ARTICLE_MAX_BYTES)
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_TOO_LARGE,
                   _("“%s” holds more than %d MB of text, more than Attest takes as one article"),
                   shown, ATTEST_ARTICLE_MAX_BYTES / (1024 * 1024));
      return NULL;
    }

  now = g_date_time_new_now_utc ();
  doc->format = g_strdup (format_names[format]);
  doc->encoding = g_strdup (encoding);
  doc->origin = fit_field (name);
  {
    /* What the file says of itself is kept as the editors would take it:
     * one line, no control characters, at most 1,000 characters, so that
     * the database's own exports of it come back in. */
    char **fields[] = { &doc->title, &doc->author, &doc->publication, &doc->volume, &doc->issue };

    for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
      {
        char *fitted = fit_field (*fields[i]);

        g_free (*fields[i]);
        *fields[i] = fitted;
      }
  }
  /* Seconds, like every other time the store records. */
  doc->imported = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
  doc->uuid = g_uuid_string_random ();

  return g_steal_pointer (&doc);
}

/**
 * attest_article_reader_read_file:
 * @file: a #GFile
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError, or %NULL
 *
 * Errors are ATTEST_ERROR (IO, EMPTY, BINARY, ENCODING, TOO_LARGE, FORMAT),
 * except cancellation, which stays G_IO_ERROR_CANCELLED.
 *
 * Returns: (transfer full) (nullable): the document, not yet stored, or
 *   %NULL with @error set
 */
AttestDocument *
attest_article_reader_read_file (GFile        *file,
                                 GCancellable *cancellable,
                                 GError      **error)
{
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *name = NULL;
  g_autofree guchar *contents = NULL;
  goffset size = 0;
  gsize length = 0;
  gsize allocated;

  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* The name is shown in UTF-8 whatever the file system's encoding. */
  {
    g_autofree char *base = g_file_get_basename (file);
    name = g_filename_display_name (base ? base : "");
  }

  /* Refuses folders, pipes, devices and the open database unread. */
  if (!(stream = attest_input_file_open (file, &size, cancellable, &local_error)))
    goto io_error;
  if (size > ATTEST_ARTICLE_MAX_BYTES && !is_document_name (name))
    {
      set_too_large (error, name, ATTEST_ARTICLE_MAX_BYTES, "article");
      return NULL;
    }
  if (size > ATTEST_DOCUMENT_MAX_BYTES)
    {
      set_too_large (error, name, ATTEST_DOCUMENT_MAX_BYTES, "document");
      return NULL;
    }

  /* Read to the end, not to the size the file system gave: files in /proc
   * say 0, and a file may grow meanwhile. One byte more than allowed is
   * enough to tell it is too large. */
  allocated = MIN (size, ATTEST_DOCUMENT_MAX_BYTES) + 1;
  contents = g_malloc (allocated);
  for (;;)
    {
      gsize n = 0;

      if (!g_input_stream_read_all (stream, contents + length, allocated - length, &n,
                                    cancellable, &local_error))
        goto io_error;
      length += n;
      if (length < allocated || length > ATTEST_DOCUMENT_MAX_BYTES)
        break;
      allocated = MIN (allocated * 2, (gsize) ATTEST_DOCUMENT_MAX_BYTES + 1);
      contents = g_realloc (contents, allocated);
    }
  if (length > ATTEST_DOCUMENT_MAX_BYTES)
    {
      set_too_large (error, name, ATTEST_DOCUMENT_MAX_BYTES, "document");
      return NULL;
    }

  bytes = g_bytes_new_take (g_steal_pointer (&contents), length);
  return attest_article_reader_read_bytes (bytes, name, error);

io_error:
  /* Cancellation stays a GIO error, so callers can ignore it quietly. */
  if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      local_error->domain == ATTEST_ERROR)
    g_propagate_error (error, g_steal_pointer (&local_error));
  else
    g_set_error_literal (error, ATTEST_ERROR, ATTEST_ERROR_IO, local_error->message);
  return NULL;
}

/* Plain text's header lines are read in attest-news-header.c. */
/**
 * attest_article_reader_parse_header:
 * @doc: a document with its text
 *
 * Fills title/publication/volume/issue/author/date/body_start of @doc from
 * the header lines of its text (used for plain text).
 */
void
attest_article_reader_parse_header (AttestDocument *doc)
{
  attest_news_header_parse (doc);
}
