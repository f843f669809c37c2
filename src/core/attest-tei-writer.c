/* attest-tei-writer.c — streams the database out as TEI P5.
 *
 * What it owns: the TEI encoding of Attest's model (see attest-tei.rng for
 * the exact shape, README.md for the reasons) and the xmlTextWriter that
 * produces it. Rows come from the store's export functions one document
 * at a time inside a read snapshot; output goes through a GOutputStream,
 * so memory stays flat however large the corpus.
 *
 * The output is deterministic (no export time, fixed English strings, row
 * order the import preserves), so export → import into an empty database
 * → export gives the same bytes.
 */
#include "config.h"

#include "attest-tei-writer.h"

#include "attest-date.h"

#include <libxml/xmlwriter.h>
#include <math.h>
#include <string.h>

#include "attest-agreement.h"
#include "attest-error.h"
#include "attest-output-file.h"
#include "attest-rules.h"
#include "attest-store-bulk.h"

/* GLib before 2.76 appends to a GString through g_string_insert_len(), a
 * call with checks for every piece, and the export appends some thirty
 * pieces per claim: append in place while there is room. */
static inline void
append_len (GString    *out,
            const char *text,
            gsize       len)
{
  if (G_LIKELY (out->len + len < out->allocated_len))
    {
      memcpy (out->str + out->len, text, len);
      out->len += len;
      out->str[out->len] = '\0';
    }
  else
    g_string_append_len (out, text, len);
}

static inline void
append_str (GString    *out,
            const char *text)
{
  append_len (out, text, strlen (text));
}

static inline void
append_char (GString *out,
             char     c)
{
  append_len (out, &c, 1);
}

typedef struct {
  AttestStore             *store;
  const AttestClaimFilter *filter;
  GOutputStream           *stream;
  GCancellable            *cancellable;
  AttestProgressFunc       progress;
  gpointer                 progress_data;

  xmlTextWriterPtr         w;
  /* Sticky errors: once set, writing stops and the export fails. The
   * stream's own error is kept apart so libxml2 never reports it. */
  GError                  *error;
  GError                  *stream_error;

  gboolean                 single;        /* one TEI document, not a corpus */
  GHashTable              *person_ids;    /* name → xml:id */
  guint                    n_others;      /* people known only from the history */
  gboolean                 list_open;
  gboolean                 standoff_open;
  const char              *doc_uuid;
  guint                    base;          /* indentation depth of the document */
  GString                 *scratch;
  AttestAgreementReport   *agreement;     /* NULL: fewer than two annotators */
  gboolean                 curation;      /* the history has curated claims */
  GHashTable              *exported;      /* claim uuids of the current document */
  AttestExportCounts       counts;
} TeiWriter;

/* ---------------------------------------------------------------- output */

/* libxml2 would print a failed write to stderr and forget why; keep the
 * GError instead, swallow the rest of the output and stop at the next
 * check. */
static int
write_cb (void       *context,
          const char *buffer,
          int         len)
{
  TeiWriter *self = context;

  if (self->stream_error == NULL)
    g_output_stream_write_all (self->stream, buffer, len, NULL, self->cancellable,
                               &self->stream_error);
  return len;
}

static int
close_cb (void *context)
{
  return 0;
}

static gboolean
failed (TeiWriter *self)
{
  return self->error != NULL || self->stream_error != NULL;
}

static void
fail (TeiWriter  *self,
      int         code,
      const char *format,
      ...) G_GNUC_PRINTF (3, 4);

static void
fail (TeiWriter  *self,
      int         code,
      const char *format,
      ...)
{
  va_list args;

  if (failed (self))
    return;
  va_start (args, format);
  self->error = g_error_new_valist (ATTEST_ERROR, code, format, args);
  va_end (args);
}

static void
check_xml (TeiWriter *self,
           int        rc)
{
  if (rc < 0)
    fail (self, ATTEST_ERROR_FAILED, "libxml2 could not write the TEI file (out of memory?)");
}

static const char indentation[] = "\n                                        ";

static void
newline (TeiWriter *self,
         guint      depth)
{
  if (!failed (self))
    check_xml (self, xmlTextWriterWriteRawLen (self->w, (const xmlChar *) indentation,
                                               1 + MIN (2 * depth, sizeof indentation - 2)));
}

static void
raw (TeiWriter  *self,
     const char *text,
     gsize       len)
{
  if (!failed (self) && len > 0)
    check_xml (self, xmlTextWriterWriteRawLen (self->w, (const xmlChar *) text, len));
}

/* Elements that repeat (a claim, a change, a line of text) are built in
 * the scratch buffer, which goes to the writer in one raw write once it
 * holds 64 KB, or with @all whatever it holds: one write per element
 * would cost more than building it. */
static void
flush_scratch (TeiWriter *self,
               gboolean   all)
{
  if (all || self->scratch->len >= 65536)
    {
      raw (self, self->scratch->str, self->scratch->len);
      g_string_truncate (self->scratch, 0);
    }
}

/* Starts an element on a new line at @depth. */
static void
start (TeiWriter  *self,
       guint       depth,
       const char *name)
{
  newline (self, depth);
  if (!failed (self))
    check_xml (self, xmlTextWriterStartElement (self->w, (const xmlChar *) name));
}

/* Starts an element where the output is (inside a line). */
static void
start_inline (TeiWriter  *self,
              const char *name)
{
  if (!failed (self))
    check_xml (self, xmlTextWriterStartElement (self->w, (const xmlChar *) name));
}

/* Ends the innermost element: "/>" if it is still empty. */
static void
end (TeiWriter *self)
{
  if (!failed (self))
    check_xml (self, xmlTextWriterEndElement (self->w));
}

/* Ends an element whose children were each on their own line. */
static void
end_block (TeiWriter *self,
           guint      depth)
{
  newline (self, depth);
  end (self);
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
static void
attr (TeiWriter  *self,
      const char *name,
      const char *value)
{
  if (failed (self))
    return;
  if (find_bad_char (value, strlen (value)) != 0)
    {
      fail (self, ATTEST_ERROR_INVALID,
            "The value “%s” holds a control character that XML cannot carry", value);
      return;
    }
  check_xml (self, xmlTextWriterWriteAttribute (self->w, (const xmlChar *) name,
                                                (const xmlChar *) value));
}

static void
attr_printf (TeiWriter  *self,
             const char *name,
             const char *format,
             ...) G_GNUC_PRINTF (3, 4);

static void
attr_printf (TeiWriter  *self,
             const char *name,
             const char *format,
             ...)
{
  g_autofree char *value = NULL;
  va_list args;

  va_start (args, format);
  value = g_strdup_vprintf (format, args);
  va_end (args);
  attr (self, name, value);
}

/* Escapes @text into @out as element content. A character XML 1.0 cannot
 * carry (a stray ESC or form feed in an article) becomes
 * <g type="control" n="U+001B"/> where @allow_g, and is an error
 * elsewhere. CR is written as a reference so that no parser folds it. */
static gboolean
escape_into (TeiWriter  *self,
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
          g_string_append_printf (out, "<g type=\"control\" n=\"U+%04X\"/>", bad);
          p = g_utf8_next_char (p);
        }
      else
        {
          fail (self, ATTEST_ERROR_INVALID,
                "%s holds the control character U+%04X, which XML cannot carry", what, bad);
          return FALSE;
        }
      run = p;
    }
  append_len (out, run, p - run);
  return TRUE;
}

static void
chars (TeiWriter  *self,
       const char *text,
       gboolean    allow_g,
       const char *what)
{
  if (failed (self))
    return;
  g_string_truncate (self->scratch, 0);
  if (escape_into (self, self->scratch, text, strlen (text), allow_g, what))
    raw (self, self->scratch->str, self->scratch->len);
}

/* <name [type="type"]>text</name> inline; nothing when @text is NULL. */
static void
text_element (TeiWriter  *self,
              const char *name,
              const char *type_name,
              const char *type,
              const char *text,
              const char *what)
{
  if (text == NULL || failed (self))
    return;
  start_inline (self, name);
  if (type != NULL)
    attr (self, type_name, type);
  chars (self, text, TRUE, what);
  end (self);
}

/* The same, on its own line at @depth. */
static void
text_line (TeiWriter  *self,
           guint       depth,
           const char *name,
           const char *type_name,
           const char *type,
           const char *text,
           const char *what)
{
  if (text == NULL || failed (self))
    return;
  newline (self, depth);
  text_element (self, name, type_name, type, text, what);
}

/* The elements that repeat once per claim, source or change are built
 * in one buffer and handed to xmlTextWriter in one raw write: a dozen
 * writer calls per element would be most of the export's time. These
 * helpers append to @out and escape as xmlTextWriter would. */
static void
append_indent (GString *out,
               guint    depth)
{
  append_len (out, indentation, 1 + MIN (2 * depth, sizeof indentation - 2));
}

/* The bytes append_attr() must look at: those it escapes, and those
 * that may start a character XML cannot carry (C0 controls, and 0xEF,
 * the first byte of U+FFFE and U+FFFF). */
static const guint8 attr_special[256] = {
  [0x00 ... 0x1F] = 1, ['&'] = 1, ['<'] = 1, ['>'] = 1, ['"'] = 1, [0xEF] = 1,
};

/* name="prefix+value"; @value is escaped, in one pass with the check for
 * characters XML cannot carry (this runs a dozen times per claim). */
static void
append_attr (TeiWriter  *self,
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
          fail (self, ATTEST_ERROR_INVALID,
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

/* A decimal integer, without printf (twice per anchor and per claim). */
static void
append_int (GString *out,
            gint64   value)
{
  char buffer[24];
  char *p = buffer + sizeof buffer;
  guint64 v = value < 0 ? -(guint64) value : (guint64) value;

  do
    *--p = '0' + v % 10;
  while ((v /= 10) != 0);
  if (value < 0)
    *--p = '-';
  append_len (out, p, buffer + sizeof buffer - p);
}

/* d-<uuid>-o<offset>: the xml:id of the anchor where a claim starts or
 * ends. */
static void
append_anchor_id (GString    *out,
                  const char *doc_uuid,
                  gint64      offset)
{
  append_len (out, "d-", 2);
  append_str (out, doc_uuid);
  append_len (out, "-o", 2);
  append_int (out, offset);
}

/* <name [type="type"]>text</name>; nothing when @text is NULL. */
static void
append_element (TeiWriter  *self,
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
    append_attr (self, out, type_name, NULL, type);
  if (*text == '\0')
    {
      append_str (out, "/>");
      return;
    }
  append_char (out, '>');
  escape_into (self, out, text, strlen (text), TRUE, what);
  append_str (out, "</");
  append_str (out, name);
  append_char (out, '>');
}

static void
check_uuid (TeiWriter  *self,
            const char *what,
            const char *uuid)
{
  if (!attest_rules_is_uuid (uuid))
    fail (self, ATTEST_ERROR_INVALID, "The %s id “%s” is not a UUID", what, uuid ? uuid : "");
}

static void
check_time (TeiWriter  *self,
            const char *what,
            const char *owner,
            const char *value)
{
  if (!attest_rules_is_timestamp (value))
    fail (self, ATTEST_ERROR_INVALID, "The %s time of %s, “%s”, is not an ISO 8601 time such as 2024-05-02T10:15:00Z",
          what, owner, value ? value : "");
}

static gboolean
check_cancelled (TeiWriter *self)
{
  if (!failed (self))
    g_cancellable_set_error_if_cancelled (self->cancellable, &self->error);
  return failed (self);
}

/* ---------------------------------------------------------------- header */

static gboolean
write_person (const AttestPersonRow *row,
              gpointer               user_data,
              GError               **error)
{
  TeiWriter *self = user_data;
  guint depth = self->base + 4;
  char *id;

  if (row->uuid != NULL)
    {
      check_uuid (self, "annotator", row->uuid);
      id = g_strconcat ("a-", row->uuid, NULL);
    }
  else
    id = g_strdup_printf ("p%u", ++self->n_others);
  g_hash_table_insert (self->person_ids, g_strdup (row->name), id);

  start (self, depth, "respStmt");
  attr (self, "xml:id", id);
  text_line (self, depth + 1, "resp", NULL, NULL, row->uuid ? "annotator" : "editor", "");
  text_line (self, depth + 1, "persName", NULL, NULL, row->name, "An annotator's name");
  end_block (self, depth);
  return !failed (self);
}

static void
write_bibl (TeiWriter             *self,
            guint                  depth,
            const AttestSourceRow *row)
{
  GString *out = self->scratch;
  gboolean first = TRUE;

  check_uuid (self, "source", row->uuid);
  check_time (self, "recording", "a source", row->created);
  if (row->when != NULL && !attest_date_is_stored (row->when))
    fail (self, ATTEST_ERROR_INVALID, "The source %s has the date “%s”, which is not a date",
          row->uuid, row->when);
  if (row->url != NULL && (*row->url == '\0' || strpbrk (row->url, " \t\r\n") != NULL))
    fail (self, ATTEST_ERROR_INVALID, "The source %s has the URL “%s”, which is not a URL",
          row->uuid, row->url);
  if (failed (self))
    return;

  g_string_truncate (out, 0);
  append_indent (out, depth);
  append_str (out, "<bibl");
  append_attr (self, out, "xml:id", "s-", row->uuid);
  append_str (out, "><date type=\"recorded\"");
  append_attr (self, out, "when", NULL, row->created);
  append_str (out, "/>");

  /* The parts are separated by ", " as an analyst writes them; that text
   * is for people and ignored on import. */
#define SEPARATE() G_STMT_START { if (!first) append_str (out, ", "); first = FALSE; } G_STMT_END
  if (row->outlet != NULL)
    {
      SEPARATE ();
      append_element (self, out, "orgName", NULL, NULL, row->outlet, "A source's outlet");
    }
  if (row->place != NULL)
    {
      SEPARATE ();
      append_element (self, out, "pubPlace", NULL, NULL, row->place, "A source's place");
    }
  if (row->date_text != NULL || row->when != NULL)
    {
      const char *text = row->date_text ? row->date_text : "";

      SEPARATE ();
      append_str (out, "<date");
      if (row->when != NULL)
        append_attr (self, out, "when", NULL, row->when);
      if (*text == '\0')
        append_str (out, "/>");
      else
        {
          append_char (out, '>');
          escape_into (self, out, text, strlen (text), TRUE, "A source's date");
          append_str (out, "</date>");
        }
    }
  if (row->title != NULL)
    {
      SEPARATE ();
      append_element (self, out, "title", NULL, NULL, row->title, "A source's title");
    }
  if (row->url != NULL)
    {
      SEPARATE ();
      append_str (out, "<ptr");
      append_attr (self, out, "target", NULL, row->url);
      append_str (out, "/>");
    }
  if (row->reliability != NULL)
    {
      SEPARATE ();
      append_element (self, out, "note", "type", "reliability", row->reliability,
                      "A source's reliability");
    }
#undef SEPARATE
  append_str (out, "</bibl>");
  raw (self, out->str, out->len);
  self->counts.sources++;
}

static gboolean
write_outside_source (const AttestSourceRow *row,
                      gpointer               user_data,
                      GError               **error)
{
  TeiWriter *self = user_data;
  guint depth = self->base + 4;

  if (!self->list_open)
    {
      start (self, depth, "listBibl");
      attr (self, "type", "outside-sources");
      self->list_open = TRUE;
    }
  write_bibl (self, depth + 1, row);
  return !failed (self);
}

/* Outside sources (added by hand, in no document) that the export uses. */
static gboolean
write_outside_sources (TeiWriter *self,
                       GError   **error)
{
  self->list_open = FALSE;
  if (!attest_store_foreach_source (self->store, 0, self->filter, write_outside_source, self, error))
    return FALSE;
  if (self->list_open)
    end_block (self, self->base + 4);
  return TRUE;
}

static void
write_category (TeiWriter      *self,
                guint           depth,
                AttestCategory *category,
                GHashTable     *children,
                GHashTable     *written)
{
  GPtrArray *kids = g_hash_table_lookup (children, category->key);

  g_hash_table_add (written, category->key);
  if (!attest_category_key_is_valid (category->key))
    fail (self, ATTEST_ERROR_INVALID, "“%s” is not a valid category key", category->key);
  if (!attest_category_color_is_valid (category->color))
    fail (self, ATTEST_ERROR_INVALID, "The category “%s” has the colour “%s”, which is not #rrggbb",
          category->key, category->color ? category->color : "");

  start (self, depth, "category");
  attr (self, "xml:id", category->key);
  if (category->shortcut >= 0 && category->shortcut <= 9)
    attr_printf (self, "n", "%d", category->shortcut);
  attr_printf (self, "style", "color: %s", category->color);
  text_line (self, depth + 1, "gloss", NULL, NULL, category->label, "A category's label");
  if (category->description != NULL && !failed (self))
    {
      newline (self, depth + 1);
      start_inline (self, "desc");
      attr (self, "type", "description");
      g_string_truncate (self->scratch, 0);
      if (escape_into (self, self->scratch, category->description, strlen (category->description),
                       FALSE, "A category's description"))
        raw (self, self->scratch->str, self->scratch->len);
      end (self);
    }
  if (category->retired)
    {
      start (self, depth + 1, "desc");
      attr (self, "type", "retired");
      end (self);
    }
  for (guint i = 0; kids != NULL && i < kids->len; i++)
    write_category (self, depth + 1, g_ptr_array_index (kids, i), children, written);
  end_block (self, depth);
}

/* appInfo (our format version) and the taxonomy, sub-categories nested in
 * their parents, siblings in the analysts' order. */
static gboolean
write_encoding_desc (TeiWriter *self,
                     GError   **error)
{
  g_autoptr(GPtrArray) categories = NULL;
  g_autoptr(GHashTable) keys = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) children = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                          (GDestroyNotify) g_ptr_array_unref);
  g_autoptr(GHashTable) written = g_hash_table_new (g_str_hash, g_str_equal);
  guint depth = self->base + 2;

  if (!(categories = attest_store_list_taxonomy (self->store, error)))
    return FALSE;
  for (guint i = 0; i < categories->len; i++)
    {
      AttestCategory *c = g_ptr_array_index (categories, i);
      g_hash_table_insert (keys, c->key, c);
    }
  for (guint i = 0; i < categories->len; i++)
    {
      AttestCategory *c = g_ptr_array_index (categories, i);
      const char *parent = c->parent_key && g_hash_table_contains (keys, c->parent_key) ? c->parent_key : "";
      GPtrArray *list = g_hash_table_lookup (children, parent);

      if (list == NULL)
        g_hash_table_insert (children, (gpointer) parent, (list = g_ptr_array_new ()));
      g_ptr_array_add (list, c);
    }

  start (self, depth, "encodingDesc");
  start (self, depth + 1, "appInfo");
  start (self, depth + 2, "application");
  attr (self, "ident", "Attest");
  attr_printf (self, "version", "%d", ATTEST_TEI_FORMAT_VERSION);
  text_line (self, depth + 3, "label", NULL, NULL, "Attest TEI export", "");
  end_block (self, depth + 2);
  end_block (self, depth + 1);
  start (self, depth + 1, "classDecl");
  start (self, depth + 2, "taxonomy");
  text_line (self, depth + 3, "desc", NULL, NULL, "Claim categories", "");
  {
    GPtrArray *top = g_hash_table_lookup (children, "");

    for (guint i = 0; top != NULL && i < top->len; i++)
      write_category (self, depth + 3, g_ptr_array_index (top, i), children, written);
  }
  /* A parent cycle leaves categories unreachable from the top; keep them. */
  for (guint i = 0; i < categories->len; i++)
    {
      AttestCategory *c = g_ptr_array_index (categories, i);

      if (!g_hash_table_contains (written, c->key))
        write_category (self, depth + 3, c, children, written);
    }
  end_block (self, depth + 2);
  end_block (self, depth + 1);
  end_block (self, depth);
  return !failed (self);
}

static gboolean
write_change (const AttestChangeRow *row,
              gpointer               user_data,
              GError               **error)
{
  TeiWriter *self = user_data;
  guint depth = self->base + 3;
  const char *who = g_hash_table_lookup (self->person_ids, row->annotator);

  if (!self->list_open)
    {
      start (self, depth - 1, "revisionDesc");
      self->list_open = TRUE;
    }

  check_uuid (self, "history entry", row->uuid);
  check_time (self, "change", "a history entry", row->at);
  if (who == NULL)
    fail (self, ATTEST_ERROR_FAILED, "The history names “%s”, who is not listed", row->annotator);
  if (!attest_rules_is_token (row->entity) || !attest_rules_is_token (row->action))
    fail (self, ATTEST_ERROR_INVALID, "The history entry %s has the entity “%s” and action “%s”",
          row->uuid, row->entity, row->action);
  if (failed (self))
    return FALSE;

  append_indent (self->scratch, depth);
  append_str (self->scratch, "<change");
  append_attr (self, self->scratch, "xml:id", "h-", row->uuid);
  append_attr (self, self->scratch, "when", NULL, row->at);
  append_attr (self, self->scratch, "who", "#", who);
  append_attr (self, self->scratch, "type", NULL, row->entity);
  append_attr (self, self->scratch, "subtype", NULL, row->action);
  append_char (self->scratch, '>');
  append_element (self, self->scratch, "idno", "type", "entity",
                  row->entity_uuid ? row->entity_uuid : "", "A history entry");
  append_element (self, self->scratch, "label", "type", "field", row->field, "A history entry");
  append_element (self, self->scratch, "del", NULL, NULL, row->old_value, "A history entry");
  append_element (self, self->scratch, "add", NULL, NULL, row->new_value, "A history entry");
  append_str (self->scratch, "</change>");
  flush_scratch (self, FALSE);

  /* A long history must not make cancelling slow. */
  if (++self->counts.changes % 4096 == 0)
    check_cancelled (self);
  return !failed (self);
}

static gboolean
write_revision_desc (TeiWriter *self,
                     GError   **error)
{
  self->list_open = FALSE;
  g_string_truncate (self->scratch, 0);
  if (!attest_store_foreach_change (self->store, self->filter, write_change, self, error))
    return FALSE;
  flush_scratch (self, TRUE);
  if (self->list_open)
    end_block (self, self->base + 2);
  return !failed (self);
}

/* ------------------------------------------------------------ agreement */

/* How far the annotators agree, as `attest-cli agreement` reports it,
 * computed in the export's own snapshot over the documents it exports and
 * the category it is limited to (not over its annotator or status: the
 * figures describe the annotation before curation, whatever part of it is
 * exported). Nothing is written with fewer than two annotators. */
static gboolean
compute_agreement (TeiWriter *self,
                   GError   **error)
{
  AttestAgreementOptions options = {
    .category = self->filter ? self->filter->category : NULL,
    .document = self->filter ? self->filter->document : NULL,
  };
  GError *local_error = NULL;

  self->agreement = attest_agreement_compute_in_snapshot (self->store, &options, &local_error);
  if (self->agreement != NULL)
    return TRUE;
  /* Too few (or too many) annotators to compare: no figures, no error. */
  if (g_error_matches (local_error, ATTEST_ERROR, ATTEST_ERROR_INVALID))
    {
      g_clear_error (&local_error);
      return TRUE;
    }
  g_propagate_error (error, local_error);
  return FALSE;
}

/* Figures are written with four decimals, as the CLI shows them; an
 * undefined one (NaN) is left out. */
static void
write_interp (TeiWriter  *self,
              guint       depth,
              const char *type,
              const char *corresp,
              double      count,
              double      value)
{
  char number[G_ASCII_DTOSTR_BUF_SIZE];

  if (isnan (value) || failed (self))
    return;
  start (self, depth, "interp");
  attr (self, "type", type);
  if (corresp != NULL)
    attr (self, "corresp", corresp);
  if (count >= 0)
    attr_printf (self, "n", "%.0f", count);
  check_xml (self, xmlTextWriterWriteString (self->w, (const xmlChar *)
                                             g_ascii_formatd (number, sizeof number, "%.4f", value)));
  end (self);
}

/* A pair's figures, each with the count it rests on: κ the characters
 * both labelled, precision the other annotator's claims, recall the
 * reference's, F1 the matches, sources the exact matches compared. */
typedef struct {
  const char *type;
  double      count;
  double      value;
} PairFigure;

#define N_PAIR_FIGURES 9

static void
pair_figures (const AttestPairAgreement *p,
              PairFigure                 list[N_PAIR_FIGURES])
{
  list[0] = (PairFigure) { "cohen-kappa", p->units, p->cohen_kappa };
  list[1] = (PairFigure) { "exact-precision", p->exact.other_claims, p->exact.precision };
  list[2] = (PairFigure) { "exact-recall", p->exact.reference_claims, p->exact.recall };
  list[3] = (PairFigure) { "exact-f1", p->exact.matches, p->exact.f1 };
  list[4] = (PairFigure) { "overlap-precision", p->overlap.other_claims, p->overlap.precision };
  list[5] = (PairFigure) { "overlap-recall", p->overlap.reference_claims, p->overlap.recall };
  list[6] = (PairFigure) { "overlap-f1", p->overlap.matches, p->overlap.f1 };
  list[7] = (PairFigure) { "sources-equal", p->sources.matched, p->sources.equal_share };
  list[8] = (PairFigure) { "sources-jaccard", p->sources.matched, p->sources.jaccard_mean };
}

static void
write_agreement_figures (TeiWriter                    *self,
                         guint                         depth,
                         const AttestAgreementFigures *figures)
{
  start (self, depth, "interpGrp");
  attr (self, "type", "agreement");
  if (figures->category != NULL)
    attr_printf (self, "ana", "#%s", figures->category);
  else
    attr (self, "subtype", "all");
  write_interp (self, depth + 1, "krippendorff-alpha", NULL, figures->pairable_values,
                figures->krippendorff_alpha);
  write_interp (self, depth + 1, "fleiss-kappa", NULL, figures->fleiss_units, figures->fleiss_kappa);
  for (guint i = 0; i < figures->pairs->len && !failed (self); i++)
    {
      const AttestPairAgreement *pair = g_ptr_array_index (figures->pairs, i);
      const char *a = g_hash_table_lookup (self->person_ids, pair->reference);
      const char *b = g_hash_table_lookup (self->person_ids, pair->other);
      g_autofree char *corresp = NULL;
      PairFigure list[N_PAIR_FIGURES];

      if (a == NULL || b == NULL)
        {
          fail (self, ATTEST_ERROR_FAILED, "The annotators %s and %s are not in the header",
                pair->reference, pair->other);
          return;
        }
      corresp = g_strdup_printf ("#%s #%s", a, b);
      pair_figures (pair, list);
      for (guint k = 0; k < N_PAIR_FIGURES; k++)
        write_interp (self, depth + 1, list[k].type, corresp, list[k].count, list[k].value);
    }
  end_block (self, depth);
}

static gboolean
figures_defined (const AttestAgreementFigures *figures)
{
  if (!isnan (figures->krippendorff_alpha) || !isnan (figures->fleiss_kappa))
    return TRUE;
  for (guint i = 0; i < figures->pairs->len; i++)
    {
      PairFigure list[N_PAIR_FIGURES];

      pair_figures (g_ptr_array_index (figures->pairs, i), list);
      for (guint k = 0; k < N_PAIR_FIGURES; k++)
        if (!isnan (list[k].value))
          return TRUE;
    }
  return FALSE;
}

/* <note type="agreement"> for the header's notesStmt: a sentence for
 * people, then one interpGrp for all categories and one per category.
 * Each interp's @n is the count its figure rests on (see attest-tei.rng);
 * an interpGrp needs at least one interp, so one whose figures are all
 * undefined is left out. */
static void
write_agreement_note (TeiWriter *self,
                      guint      depth)
{
  const AttestAgreementReport *report = self->agreement;
  g_autofree char *names = NULL;
  g_autofree char *sentence = NULL;

  if (report == NULL || failed (self))
    return;
  names = g_strjoinv (", ", report->annotators);
  sentence = g_strdup_printf ("Inter-annotator agreement of %s on %u documents (%.0f characters), "
                              "before curation: claims made by curation are left out, and a unit "
                              "is one character of an article's body. In a pair (corresp) the "
                              "first annotator is the reference for precision and recall; n is "
                              "the count a figure rests on; undefined figures are left out.",
                              names, report->documents, report->characters);
  start (self, depth, "note");
  attr (self, "type", "agreement");
  text_line (self, depth + 1, "p", NULL, NULL, sentence, "The agreement note");
  if (figures_defined (report->overall))
    write_agreement_figures (self, depth + 1, report->overall);
  for (guint i = 0; i < report->categories->len; i++)
    {
      const AttestAgreementFigures *figures = g_ptr_array_index (report->categories, i);

      if (figures_defined (figures))
        write_agreement_figures (self, depth + 1, figures);
    }
  end_block (self, depth);
}

/* ------------------------------------------------------------- documents */

static void
write_document_file_desc (TeiWriter      *self,
                          AttestDocument *doc,
                          GError        **error)
{
  guint depth = self->base + 2;
  g_autofree char *length = g_strdup_printf ("%" G_GINT64_FORMAT, doc->length);
  g_autofree char *body_start = g_strdup_printf ("%" G_GINT64_FORMAT, doc->body_start);

  check_uuid (self, "document", doc->uuid);
  if (doc->sha256 == NULL || strlen (doc->sha256) != 64 ||
      strspn (doc->sha256, "0123456789abcdef") != 64)
    fail (self, ATTEST_ERROR_INVALID, "The document %s has no valid SHA-256", doc->uuid);
  check_time (self, "import", "a document", doc->imported);
  if (doc->date != NULL && !attest_date_is_iso (doc->date))
    fail (self, ATTEST_ERROR_INVALID, "The document %s has the date “%s”, which is not YYYY-MM-DD",
          doc->uuid, doc->date);

  start (self, depth, "fileDesc");
  start (self, depth + 1, "titleStmt");
  newline (self, depth + 2);
  start_inline (self, "title");
  chars (self, doc->title ? doc->title : doc->origin ? doc->origin : "", TRUE, "A document's title");
  end (self);
  if (self->single)
    attest_store_foreach_person (self->store, write_person, self, failed (self) ? NULL : &self->error);
  end_block (self, depth + 1);

  start (self, depth + 1, "extent");
  start_inline (self, "measure");
  attr (self, "unit", "characters");
  attr (self, "quantity", length);
  chars (self, length, FALSE, "");
  end (self);
  end (self);

  start (self, depth + 1, "publicationStmt");
  text_line (self, depth + 2, "authority", NULL, NULL, "Attest", "");
  text_line (self, depth + 2, "idno", "type", "uuid", doc->uuid, "");
  text_line (self, depth + 2, "idno", "type", "sha256", doc->sha256, "");
  end_block (self, depth + 1);

  start (self, depth + 1, "notesStmt");
  text_line (self, depth + 2, "note", "type", "origin", doc->origin, "A document's origin");
  text_line (self, depth + 2, "note", "type", "format", doc->format ? doc->format : "text",
             "A document's format");
  text_line (self, depth + 2, "note", "type", "encoding", doc->encoding ? doc->encoding : "UTF-8",
             "A document's encoding");
  start (self, depth + 2, "note");
  attr (self, "type", "imported");
  start_inline (self, "date");
  attr (self, "when", doc->imported);
  end (self);
  end (self);
  text_line (self, depth + 2, "note", "type", "body-start", body_start, "");
  if (self->single)
    write_agreement_note (self, depth + 2);
  end_block (self, depth + 1);

  start (self, depth + 1, "sourceDesc");
  start (self, depth + 2, "biblStruct");
  start (self, depth + 3, "analytic");
  text_line (self, depth + 4, "title", "level", "a", doc->title, "A document's title");
  text_line (self, depth + 4, "author", NULL, NULL, doc->author, "A document's author");
  if (doc->title != NULL || doc->author != NULL)
    end_block (self, depth + 3);
  else
    end (self);
  start (self, depth + 3, "monogr");
  text_line (self, depth + 4, "title", "level", "j", doc->publication, "A document's publication");
  start (self, depth + 4, "imprint");
  text_line (self, depth + 5, "biblScope", "unit", "volume", doc->volume, "A document's volume");
  text_line (self, depth + 5, "biblScope", "unit", "issue", doc->issue, "A document's issue");
  start (self, depth + 5, "date");
  if (doc->date != NULL)
    {
      attr (self, "when", doc->date);
      chars (self, doc->date, FALSE, "");
    }
  end (self);
  end_block (self, depth + 4);
  end_block (self, depth + 3);
  end_block (self, depth + 2);
  if (self->single && !failed (self))
    write_outside_sources (self, &self->error);
  end_block (self, depth + 1);
  end_block (self, depth);
}

static int
compare_offsets (gconstpointer a,
                 gconstpointer b)
{
  gint64 x = *(const gint64 *) a;
  gint64 y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

/* The text, one <p> per line (the text is the <p>s joined by "\n"), with
 * an <anchor> at every claim boundary: an offset at a line's end sits
 * before its </p>, one after a newline at the next line's start. Nothing
 * is indented inside <p>, so no whitespace is added to the text. */
static void
write_text (TeiWriter        *self,
            AttestDocument   *doc,
            AttestClaimBatch *batch,
            GPtrArray        *citations)
{
  g_autoptr(GArray) offsets = g_array_sized_new (FALSE, FALSE, sizeof (gint64), batch->claims->len * 2);
  GString *out = self->scratch;
  guint depth = self->base + 1;
  const char *p = doc->text;
  gint64 offset = 0;
  guint next = 0;
  guint n = 0;

  for (guint i = 0; i < batch->claims->len; i++)
    {
      const AttestClaimRow *c = &g_array_index (batch->claims, AttestClaimRow, i);

      g_array_append_val (offsets, c->start);
      g_array_append_val (offsets, c->end);
    }
  /* The attributions' boundaries too: their spans point to anchors. */
  for (guint i = 0; i < citations->len; i++)
    {
      AttestCitation *c = g_ptr_array_index (citations, i);

      g_array_append_val (offsets, c->start);
      g_array_append_val (offsets, c->end);
    }
  g_array_sort (offsets, compare_offsets);
  for (guint i = 0; i < offsets->len; i++)
    if (n == 0 || g_array_index (offsets, gint64, i) != g_array_index (offsets, gint64, n - 1))
      g_array_index (offsets, gint64, n++) = g_array_index (offsets, gint64, i);
  g_array_set_size (offsets, n);

  start (self, depth, "text");
  start (self, depth + 1, "body");
  attr (self, "xml:space", "preserve");
  raw (self, "\n", 1);
  g_string_truncate (out, 0);

  for (;;)
    {
      const char *run = p;
      gsize line_start = out->len;
      gint64 stop = next < offsets->len ? g_array_index (offsets, gint64, next) : G_MAXINT64;

      /* One line: text runs broken by the anchors that fall in it,
       * escaped straight into the output. */
      append_len (out, "<p>", 3);
      for (;;)
        {
          while (offset == stop)
            {
              if (!escape_into (self, out, run, p - run, TRUE, "The text"))
                return;
              run = p;
              append_str (out, "<anchor xml:id=\"");
              append_anchor_id (out, doc->uuid, offset);
              append_len (out, "\"/>", 3);
              next++;
              stop = next < offsets->len ? g_array_index (offsets, gint64, next) : G_MAXINT64;
            }
          if (*p == '\0' || *p == '\n')
            break;
          /* On to the next anchor or the end of the line. */
          do
            {
              p = g_utf8_next_char (p);
              offset++;
            }
          while (offset < stop && *p != '\0' && *p != '\n');
        }
      if (!escape_into (self, out, run, p - run, TRUE, "The text"))
        return;

      if (out->len == line_start + 3)
        {
          g_string_truncate (out, line_start);
          append_str (out, "<p/>\n");
        }
      else
        append_str (out, "</p>\n");
      flush_scratch (self, FALSE);

      if (*p == '\0')
        break;
      p++;      /* the newline */
      offset++;
    }

  flush_scratch (self, TRUE);
  if (next < offsets->len)
    fail (self, ATTEST_ERROR_INVALID,
          "A claim of document %s ends at %" G_GINT64_FORMAT ", after the end of its text",
          doc->uuid, g_array_index (offsets, gint64, next));

  /* </body> at its indentation; the newline before it is whitespace
   * between <p>s, which no reader counts. */
  raw (self, indentation + 1, MIN (2 * (depth + 1), sizeof indentation - 2));
  end (self);
  end_block (self, depth);
}

static void
open_standoff (TeiWriter *self)
{
  if (self->standoff_open)
    return;
  start (self, self->base + 1, "standOff");
  self->standoff_open = TRUE;
}

static gboolean
write_document_source (const AttestSourceRow *row,
                       gpointer               user_data,
                       GError               **error)
{
  TeiWriter *self = user_data;

  if (!self->list_open)
    {
      open_standoff (self);
      start (self, self->base + 2, "listBibl");
      attr (self, "type", "sources");
      self->list_open = TRUE;
    }
  write_bibl (self, self->base + 3, row);
  return !failed (self);
}

/* A curated claim points to the claims it was made from, where they are
 * in this export: <ptr type="origin" target="#c-… #c-…"/>. Those the
 * filter left out (an export of accepted claims only) cannot be pointed
 * to; each is named by its uuid instead, <idno type="origin">. */
static void
append_origins (TeiWriter            *self,
                GString              *out,
                const AttestClaimRow *c)
{
  guint pointed = 0;

  for (guint i = 0; i < c->n_origins; i++)
    {
      check_uuid (self, "claim", c->origins[i]);
      if (!g_hash_table_contains (self->exported, c->origins[i]))
        continue;
      append_str (out, pointed++ ? " #c-" : "<ptr type=\"origin\" target=\"#c-");
      append_str (out, c->origins[i]);
    }
  if (pointed > 0)
    append_str (out, "\"/>");
  for (guint i = 0; i < c->n_origins; i++)
    if (!g_hash_table_contains (self->exported, c->origins[i]))
      {
        append_str (out, "<idno type=\"origin\">");
        append_str (out, c->origins[i]);
        append_str (out, "</idno>");
      }
}

static void
write_citation (TeiWriter      *self,
                AttestCitation *c)
{
  GString *out = self->scratch;

  check_uuid (self, "attribution", c->uuid);
  check_uuid (self, "source", c->source->uuid);
  if (failed (self))
    return;
  append_indent (out, self->base + 3);
  append_str (out, "<span");
  append_attr (self, out, "xml:id", "t-", c->uuid);
  append_str (out, " from=\"#");
  append_anchor_id (out, self->doc_uuid, c->start);
  append_str (out, "\" to=\"#");
  append_anchor_id (out, self->doc_uuid, c->end);
  append_char (out, '"');
  append_attr (self, out, "source", "#s-", c->source->uuid);
  append_str (out, " type=\"citation\"");
  append_attr (self, out, "subtype", NULL, attest_citation_kind_to_string (c->kind));
  append_str (out, "/>");
  flush_scratch (self, FALSE);
}

static void
write_claim (TeiWriter            *self,
             const AttestClaimRow *c)
{
  GString *out = self->scratch;
  guint depth = self->base + 3;

  check_uuid (self, "claim", c->uuid);
  check_uuid (self, "annotator", c->annotator_uuid);
  check_time (self, "creation", "a claim", c->created);
  check_time (self, "modification", "a claim", c->modified);
  if (c->version < 1)
    fail (self, ATTEST_ERROR_INVALID, "The claim %s has the version %" G_GINT64_FORMAT, c->uuid, c->version);
  if (!attest_category_key_is_valid (c->category))
    fail (self, ATTEST_ERROR_INVALID, "The claim %s has the category “%s”", c->uuid, c->category);
  if (c->certainty != NULL && !attest_claim_certainty_is_valid (c->certainty))
    fail (self, ATTEST_ERROR_INVALID, "The claim %s has the certainty “%s”", c->uuid, c->certainty);
  if (!attest_claim_status_is_valid (c->status))
    fail (self, ATTEST_ERROR_INVALID, "The claim %s has the status “%s”", c->uuid, c->status);
  if (failed (self))
    return;

  append_indent (out, depth);
  append_str (out, "<span");
  append_attr (self, out, "xml:id", "c-", c->uuid);
  append_str (out, " from=\"#");
  append_anchor_id (out, self->doc_uuid, c->start);
  append_str (out, "\" to=\"#");
  append_anchor_id (out, self->doc_uuid, c->end);
  append_char (out, '"');
  append_attr (self, out, "ana", "#", c->category);
  append_attr (self, out, "resp", "#a-", c->annotator_uuid);
  if (c->certainty != NULL)
    append_attr (self, out, "cert", NULL, c->certainty);
  if (c->n_links > 0)
    {
      append_str (out, " source=\"");
      for (guint i = 0; i < c->n_links; i++)
        {
          check_uuid (self, "source", c->links[i].source_uuid);
          append_str (out, i ? " #s-" : "#s-");
          append_str (out, c->links[i].source_uuid);
        }
      append_char (out, '"');
    }
  append_str (out, " type=\"claim\"");
  append_attr (self, out, "subtype", NULL, c->status);
  append_str (out, "><date type=\"created\"");
  append_attr (self, out, "when", NULL, c->created);
  append_str (out, "/><date type=\"modified\"");
  append_attr (self, out, "when", NULL, c->modified);
  append_str (out, " n=\"");
  append_int (out, c->version);
  append_len (out, "\"/>", 3);
  for (guint i = 0; i < c->n_links; i++)
    {
      const AttestLinkRow *link = &c->links[i];

      check_uuid (self, "annotator", link->annotator_uuid);
      check_time (self, "link", "a claim", link->created);
      append_str (out, "<date type=\"linked\"");
      append_attr (self, out, "when", NULL, link->created);
      append_attr (self, out, "resp", "#a-", link->annotator_uuid);
      append_attr (self, out, "corresp", "#s-", link->source_uuid);
      append_str (out, "/>");
    }
  if (c->n_origins > 0)
    append_origins (self, out, c);
  append_element (self, out, "note", "type", "comment", c->comment, "A claim's comment");
  append_str (out, "</span>");
  flush_scratch (self, FALSE);
  self->counts.claims++;
}

static gboolean
write_document (AttestDocument *doc,
                guint           index,
                guint           total,
                gpointer        user_data,
                GError        **error);

static gboolean
write_corpus_header (TeiWriter *self,
                     guint      total,
                     GError   **error)
{
  g_autofree char *count = g_strdup_printf ("%u", total);

  start_inline (self, "teiCorpus");
  attr (self, "xmlns", ATTEST_TEI_NAMESPACE);
  start (self, 1, "teiHeader");
  start (self, 2, "fileDesc");
  start (self, 3, "titleStmt");
  text_line (self, 4, "title", NULL, NULL, "Attest corpus", "");
  if (!failed (self) && !attest_store_foreach_person (self->store, write_person, self, error))
    return FALSE;
  end_block (self, 3);
  start (self, 3, "extent");
  start_inline (self, "measure");
  attr (self, "unit", "documents");
  attr (self, "quantity", count);
  chars (self, count, FALSE, "");
  end (self);
  end (self);
  start (self, 3, "publicationStmt");
  text_line (self, 4, "p", NULL, NULL, "Exported from Attest.", "");
  end_block (self, 3);
  if (self->agreement != NULL)
    {
      start (self, 3, "notesStmt");
      write_agreement_note (self, 4);
      end_block (self, 3);
    }
  start (self, 3, "sourceDesc");
  if (!failed (self) && !write_outside_sources (self, error))
    return FALSE;
  if (!self->list_open)
    text_line (self, 4, "p", NULL, NULL, "Articles annotated with Attest.", "");
  end_block (self, 3);
  end_block (self, 2);
  if (!failed (self) && (!write_encoding_desc (self, error) || !write_revision_desc (self, error)))
    return FALSE;
  end_block (self, 1);
  return !failed (self);
}

static gboolean
write_document (AttestDocument *doc,
                guint           index,
                guint           total,
                gpointer        user_data,
                GError        **error)
{
  TeiWriter *self = user_data;
  g_autoptr(AttestClaimBatch) batch = NULL;
  g_autoptr(GPtrArray) citations = NULL;
  guint depth;

  if (index == 0 && !self->single)
    {
      if (!write_corpus_header (self, total, error))
        return FALSE;
      /* The documents sit one level inside the corpus. */
      self->base = 1;
    }
  if (check_cancelled (self))
    return FALSE;
  depth = self->base;

  self->doc_uuid = doc->uuid;
  if (!(citations = attest_store_list_citations (self->store, doc->uuid, error)) ||
      !(batch = attest_store_collect_claims (self->store, doc->id, self->filter, error)) ||
      (self->curation && !attest_store_collect_origins (self->store, doc->id, batch, error)))
    return FALSE;

  if (self->single)
    start_inline (self, "TEI");
  else
    start (self, depth, "TEI");
  if (self->single)
    attr (self, "xmlns", ATTEST_TEI_NAMESPACE);
  attr_printf (self, "xml:id", "d-%s", doc->uuid);
  start (self, depth + 1, "teiHeader");
  write_document_file_desc (self, doc, error);
  if (self->single && !failed (self) &&
      (!write_encoding_desc (self, error) || !write_revision_desc (self, error)))
    return FALSE;
  end_block (self, depth + 1);

  write_text (self, doc, batch, citations);

  self->standoff_open = FALSE;
  self->list_open = FALSE;
  if (!failed (self) &&
      !attest_store_foreach_source (self->store, doc->id, NULL, write_document_source, self, error))
    return FALSE;
  if (self->list_open)
    end_block (self, depth + 2);
  /* Which claims are in the export, for the curated ones' pointers. */
  g_hash_table_remove_all (self->exported);
  for (guint i = 0; i < batch->claims->len; i++)
    if (g_array_index (batch->claims, AttestClaimRow, i).n_origins > 0)
      {
        for (guint k = 0; k < batch->claims->len; k++)
          g_hash_table_add (self->exported,
                            (gpointer) g_array_index (batch->claims, AttestClaimRow, k).uuid);
        break;
      }
  if (batch->claims->len > 0)
    {
      open_standoff (self);
      start (self, depth + 2, "spanGrp");
      attr (self, "type", "claims");
      g_string_truncate (self->scratch, 0);
      for (guint i = 0; i < batch->claims->len && !failed (self); i++)
        write_claim (self, &g_array_index (batch->claims, AttestClaimRow, i));
      flush_scratch (self, TRUE);
      end_block (self, depth + 2);
    }
  /* Every attribution, as found or corrected: the reader takes this list
   * instead of scanning the text again. Sources were listed above. */
  if (citations->len > 0 && !failed (self))
    {
      open_standoff (self);
      start (self, depth + 2, "spanGrp");
      attr (self, "type", "citations");
      g_string_truncate (self->scratch, 0);
      for (guint i = 0; i < citations->len && !failed (self); i++)
        write_citation (self, g_ptr_array_index (citations, i));
      flush_scratch (self, TRUE);
      end_block (self, depth + 2);
    }
  if (self->standoff_open)
    end_block (self, depth + 1);
  end_block (self, depth);

  self->doc_uuid = NULL;
  self->counts.documents++;
  if (failed (self))
    return FALSE;
  if (self->progress)
    self->progress (index + 1, total, self->progress_data);
  return TRUE;
}

static gboolean
write_all (AttestStore *store,
           gpointer     user_data,
           GError     **error)
{
  TeiWriter *self = user_data;

  check_xml (self, xmlTextWriterStartDocument (self->w, NULL, "UTF-8", NULL));
  if (!attest_store_has_curation (store, &self->curation, error) ||
      !compute_agreement (self, error) ||
      !attest_store_foreach_document (store, self->filter, write_document, self, error))
    return FALSE;
  if (self->counts.documents == 0)
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_NOT_FOUND,
                   "There are no documents to export");
      return FALSE;
    }
  if (!self->single)
    end_block (self, 0);
  check_xml (self, xmlTextWriterEndDocument (self->w));
  check_xml (self, xmlTextWriterFlush (self->w));
  return !failed (self);
}

gboolean
attest_tei_writer_write (AttestStore             *store,
                         const AttestClaimFilter *filter,
                         GOutputStream           *stream,
                         AttestExportCounts      *out_counts,
                         AttestProgressFunc       progress,
                         gpointer                 progress_data,
                         GCancellable            *cancellable,
                         GError                 **error)
{
  TeiWriter self = {
    .store = store,
    .filter = filter,
    .stream = stream,
    .cancellable = cancellable,
    .progress = progress,
    .progress_data = progress_data,
    .single = filter != NULL && filter->document != NULL,
  };
  xmlOutputBufferPtr output;
  GError *local_error = NULL;
  gboolean ok;

  g_return_val_if_fail (ATTEST_IS_STORE (store), FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), FALSE);

  if (!attest_store_check_filter (store, filter, NULL, error))
    return FALSE;

  output = xmlOutputBufferCreateIO (write_cb, close_cb, &self, NULL);
  self.w = output ? xmlNewTextWriter (output) : NULL;
  if (self.w == NULL)
    {
      if (output)
        xmlOutputBufferClose (output);
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_FAILED, "Could not start the TEI writer");
      return FALSE;
    }
  self.person_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self.scratch = g_string_sized_new (65536 + 4096);
  self.exported = g_hash_table_new (g_str_hash, g_str_equal);

  ok = attest_store_read_snapshot (store, write_all, &self, &local_error);
  xmlFreeTextWriter (self.w);

  /* The first error wins: the stream's, then ours, then the store's. */
  if (self.stream_error != NULL)
    {
      attest_output_file_propagate_error (error, g_steal_pointer (&self.stream_error), NULL);
      g_clear_error (&self.error);
      g_clear_error (&local_error);
      ok = FALSE;
    }
  else if (self.error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&self.error));
      g_clear_error (&local_error);
      ok = FALSE;
    }
  else if (!ok)
    g_propagate_error (error, local_error);

  g_hash_table_unref (self.person_ids);
  g_hash_table_unref (self.exported);
  g_clear_pointer (&self.agreement, attest_agreement_report_free);
  g_string_free (self.scratch, TRUE);
  if (ok && out_counts)
    *out_counts = self.counts;
  return ok;
}

/* ------------------------------------------------------------------ file */

typedef struct {
  AttestStore             *store;
  const AttestClaimFilter *filter;
  AttestExportCounts       counts;
  AttestProgressFunc       progress;
  gpointer                 progress_data;
} WriteFileData;

/* An export that would hold nothing asked for writes no file: no article
 * at all, or no claim where the filter picks claims (a dataset of
 * accepted claims where none is accepted is a mistake, not a dataset). */
static gboolean
write_to_stream (GOutputStream *stream,
                 gpointer       user_data,
                 GCancellable  *cancellable,
                 GError       **error)
{
  WriteFileData *data = user_data;
  const AttestClaimFilter *f = data->filter;
  gboolean picks_claims = f && (f->status || f->annotator || f->category);

  if (!attest_tei_writer_write (data->store, data->filter, stream, &data->counts,
                                data->progress, data->progress_data, cancellable, error))
    return FALSE;
  if (data->counts.documents == 0)
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_NOT_FOUND,
                   "Nothing to export: the database holds no article");
      return FALSE;
    }
  if (picks_claims && data->counts.claims == 0)
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_NOT_FOUND,
                   "Nothing to export: no claim matches the filter");
      return FALSE;
    }
  return TRUE;
}

gboolean
attest_tei_writer_write_file (AttestStore             *store,
                              const AttestClaimFilter *filter,
                              GFile                   *file,
                              AttestExportCounts      *out_counts,
                              AttestProgressFunc       progress,
                              gpointer                 progress_data,
                              GCancellable            *cancellable,
                              GError                 **error)
{
  WriteFileData data = { store, filter, { 0 }, progress, progress_data };
  const char *path = g_file_peek_path (file);

  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  if (path == NULL)
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_IO, "Attest writes only files on this computer");
      return FALSE;
    }
  /* Refuse a bad filter before touching the file. */
  if (!attest_store_check_filter (store, filter, NULL, error) ||
      !attest_output_file_write (path, write_to_stream, &data, cancellable, error))
    return FALSE;
  if (out_counts)
    *out_counts = data.counts;
  return TRUE;
}
