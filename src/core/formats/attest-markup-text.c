/* attest-markup-text.c — see attest-markup-text.h. */
#include "attest-markup-text.h"

#include <glib/gi18n-lib.h>
#include "attest-error.h"

#include <string.h>

/**
 * attest_text_is_blank:
 * @text: the text
 * @len: the length of @text in bytes, or -1 up to its NUL
 *
 * Returns: whether @text is only white space
 */
gboolean
attest_text_is_blank (const char *text,
          gssize      len)
{
  const char *end = len < 0 ? text + strlen (text) : text + len;

  for (const char *p = text; p < end; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return FALSE;

  return TRUE;
}

/**
 * attest_text_has_prefix_ci:
 * @text: the text
 * @prefix: an ASCII prefix
 *
 * Returns: whether @text starts with @prefix, ASCII case ignored
 */
gboolean
attest_text_has_prefix_ci (const char *text,
                           const char *prefix)
{
  return g_ascii_strncasecmp (text, prefix, strlen (prefix)) == 0;
}

/**
 * attest_text_find_ci:
 * @haystack: the text searched
 * @len: how many bytes of @haystack to search
 * @needle: the text sought
 *
 * Case-insensitive strstr over at most @len bytes of @haystack.
 *
 * Returns: (transfer none) (nullable): where @needle starts in @haystack, or
 *   %NULL
 */
const char *
attest_text_find_ci (const char *haystack,
                     gsize       len,
                     const char *needle)
{
  gsize n = strlen (needle);

  for (gsize i = 0; i + n <= len && haystack[i] != '\0'; i++)
    if (g_ascii_strncasecmp (haystack + i, needle, n) == 0)
      return haystack + i;

  return NULL;
}

typedef enum {
  WALK_HTML = ATTEST_MARKUP_HTML,     /* block elements are paragraphs */
  WALK_TEI = ATTEST_MARKUP_TEI,      /* <p>, <head> and <ab> are paragraphs */
  WALK_INLINE = ATTEST_MARKUP_INLINE,   /* everything is one line (titles, names) */
} WalkMode;

typedef struct {
  WalkMode   mode;
  GString   *para;
  gboolean   space;     /* white space seen since the last character */
  guint      pre;       /* depth of <pre> */
  guint      in_para;   /* depth of TEI paragraph elements */
  GPtrArray *paras;     /* of char* */
} Sink;

static void
sink_init (Sink     *sink,
           WalkMode  mode)
{
  memset (sink, 0, sizeof *sink);
  sink->mode = mode;
  sink->para = g_string_new (NULL);
  sink->paras = g_ptr_array_new_with_free_func (g_free);
}

static void
sink_clear (Sink *sink)
{
  g_string_free (sink->para, TRUE);
  g_ptr_array_unref (sink->paras);
}

static void
sink_flush (Sink *sink)
{
  GString *p = sink->para;
  gsize start = 0;

  while (p->len > 0 && (p->str[p->len - 1] == ' ' || p->str[p->len - 1] == '\n'))
    g_string_truncate (p, p->len - 1);
  /* Leading spaces only ever come from <pre>, where they count. */
  while (start < p->len && p->str[start] == '\n')
    start++;

  /* Spacer paragraphs (<p>&nbsp;</p>) are not paragraphs. */
  if (!attest_text_is_blank (p->str + start, p->len - start))
    g_ptr_array_add (sink->paras, g_strdup (p->str + start));

  g_string_truncate (p, 0);
  sink->space = FALSE;
}

/* Appends text with HTML white-space rules: runs become one space, none at
 * the start of a paragraph or line; inside <pre> it is kept as is. */
static void
sink_add_text (Sink       *sink,
               const char *text)
{
  if (text == NULL)
    return;

  if (sink->pre > 0)
    {
      g_string_append (sink->para, text);
      return;
    }

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == '\f')
        {
          sink->space = TRUE;
          continue;
        }
      if (sink->space && sink->para->len > 0 &&
          sink->para->str[sink->para->len - 1] != '\n')
        g_string_append_c (sink->para, ' ');
      sink->space = FALSE;
      g_string_append_c (sink->para, *p);
    }
}

static void
sink_add_break (Sink *sink)
{
  if (sink->mode == WALK_INLINE)
    {
      sink->space = TRUE;
      return;
    }
  g_string_append_c (sink->para, '\n');
  sink->space = FALSE;
}

static gboolean
name_in (const char  *name,
         const char **names)
{
  for (guint i = 0; names[i] != NULL; i++)
    if (g_ascii_strcasecmp (name, names[i]) == 0)
      return TRUE;
  return FALSE;
}

static const char *html_blocks[] = {
  "address", "article", "aside", "blockquote", "body", "caption", "center",
  "dd", "details", "dialog", "dir", "div", "dl", "dt", "fieldset",
  "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5",
  "h6", "header", "hgroup", "hr", "html", "legend", "li", "main", "menu",
  "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "td",
  "tfoot", "th", "thead", "tr", "ul", NULL
};

/* Never rendered as article text. */
static const char *html_skipped[] = {
  "head", "script", "style", "nav", "noscript", "template", "iframe",
  "object", "embed", "svg", "math", "canvas", "button", "select",
  "textarea", "title", NULL
};

static const char *inline_skipped[] = { "script", "style", NULL };

static const char *tei_paragraphs[] = { "p", "head", "ab", NULL };

/* Called on entering an element; returns whether to walk its children. */
static gboolean
sink_enter (Sink    *sink,
            xmlNode *node)
{
  const char *name = (const char *) node->name;

  switch (sink->mode)
    {
    case WALK_HTML:
      if (name_in (name, html_blocks))
        sink_flush (sink);
      if (name_in (name, html_skipped))
        return FALSE;
      if (g_ascii_strcasecmp (name, "br") == 0)
        {
          sink_add_break (sink);
          return FALSE;
        }
      if (g_ascii_strcasecmp (name, "pre") == 0)
        sink->pre++;
      return TRUE;

    case WALK_TEI:
      if (name_in (name, tei_paragraphs))
        {
          if (sink->in_para++ == 0)
            sink_flush (sink);
        }
      else if (strcmp (name, "lb") == 0 && sink->in_para > 0)
        sink_add_break (sink);
      return TRUE;

    case WALK_INLINE:
    default:
      if (name_in (name, inline_skipped))
        return FALSE;
      if (g_ascii_strcasecmp (name, "br") == 0 || strcmp (name, "lb") == 0)
        sink_add_break (sink);
      return TRUE;
    }
}

static void
sink_leave (Sink    *sink,
            xmlNode *node,
            gboolean entered)
{
  const char *name = (const char *) node->name;

  switch (sink->mode)
    {
    case WALK_HTML:
      if (name_in (name, html_blocks))
        sink_flush (sink);
      if (entered && g_ascii_strcasecmp (name, "pre") == 0)
        sink->pre--;
      break;

    case WALK_TEI:
      if (name_in (name, tei_paragraphs) && --sink->in_para == 0)
        sink_flush (sink);
      break;

    case WALK_INLINE:
    default:
      break;
    }
}

/* Walks the subtree of @root without recursion: documents can nest deeper
 * than the stack allows. */
static void
sink_walk (Sink    *sink,
           xmlNode *root)
{
  xmlNode *node = root;

  while (node != NULL)
    {
      gboolean descend = FALSE;

      if (node->type == XML_ELEMENT_NODE)
        descend = sink_enter (sink, node);
      else if ((node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE) &&
               (sink->mode != WALK_TEI || sink->in_para > 0))
        sink_add_text (sink, (const char *) node->content);

      if (descend && node->children != NULL)
        {
          node = node->children;
          continue;
        }

      /* Leave this node, then climb until there is a next sibling. */
      for (gboolean entered = descend; node != NULL; entered = TRUE)
        {
          if (node->type == XML_ELEMENT_NODE)
            sink_leave (sink, node, entered);
          if (node == root)
            node = NULL;
          else if (node->next != NULL)
            {
              node = node->next;
              break;
            }
          else
            node = node->parent;
        }
    }
}

/* The text of @node on one line, white space collapsed; NULL if empty. */
/**
 * attest_markup_node_text:
 * @node: (nullable): an #xmlNode
 *
 * Returns: (transfer full) (nullable): the text of @node on one line, white
 *   space collapsed; %NULL if empty
 */
char *
attest_markup_node_text (xmlNode *node)
{
  Sink sink;
  char *text = NULL;

  if (node == NULL)
    return NULL;

  sink_init (&sink, WALK_INLINE);
  sink_walk (&sink, node);
  sink_flush (&sink);
  if (sink.paras->len > 0)
    text = g_strdup (g_ptr_array_index (sink.paras, 0));
  sink_clear (&sink);

  return text;
}


/* Next element in document order, without recursion. */
/**
 * attest_markup_next_element:
 * @node: (nullable): an #xmlNode
 * @root: (nullable): an #xmlNode
 * @descend: whether @node's children are entered
 *
 * Returns: (transfer none) (nullable): the next element after @node in
 *   document order within @root; %NULL at the end
 */
xmlNode *
attest_markup_next_element (xmlNode *node,
              xmlNode *root,
              gboolean descend)
{
  if (descend && node->children != NULL)
    node = node->children;
  else
    {
      while (node != root && node->next == NULL)
        node = node->parent;
      if (node == root)
        return NULL;
      node = node->next;
    }

  while (node != NULL && node->type != XML_ELEMENT_NODE)
    {
      if (node->next != NULL)
        node = node->next;
      else
        {
          do
            node = node->parent;
          while (node != root && node->next == NULL);
          if (node == root)
            return NULL;
          node = node->next;
        }
    }

  return node;
}


/**
 * attest_markup_collapse:
 * @s: (nullable): a text
 *
 * Returns: (transfer full) (nullable): @s with white space collapsed as
 *   HTML does; %NULL if empty
 */
char *
attest_markup_collapse (const char *s)
{
  Sink sink;
  char *text = NULL;

  sink_init (&sink, WALK_INLINE);
  sink_add_text (&sink, s);
  sink_flush (&sink);
  if (sink.paras->len > 0)
    text = g_strdup (g_ptr_array_index (sink.paras, 0));
  sink_clear (&sink);

  return text;
}

/**
 * attest_markup_paragraphs:
 * @root: an #xmlNode
 * @mode: how the markup is read
 *
 * Returns: (transfer full) (element-type utf8): the paragraphs of @root's
 *   subtree, in order
 */
GPtrArray *
attest_markup_paragraphs (xmlNode          *root,
                          AttestMarkupMode  mode)
{
  Sink sink;
  GPtrArray *paras;

  sink_init (&sink, (WalkMode) mode);
  if (root != NULL)
    sink_walk (&sink, root);
  sink_flush (&sink);
  paras = g_ptr_array_ref (sink.paras);
  sink_clear (&sink);

  return paras;
}

/* libxml2 checks each attribute of an element against all the others: an
 * element with 100,000 attributes takes minutes. No document needs more
 * than a few dozen; past this many, the file is refused unparsed. */
#define MAX_ATTRIBUTES 1000

static const char *
skip_past (const char *p,
           const char *end,
           const char *marker)
{
  gsize n = strlen (marker);

  for (; p + n <= end; p++)
    if (g_ascii_strncasecmp (p, marker, n) == 0)
      return p + n;
  return end;
}

/**
 * attest_markup_check_tags:
 * @data: (array length=len): the bytes
 * @len: their number
 * @what: the name of the field, for the message
 * @error: return location for a #GError, or %NULL
 *
 * Refuses (ATTEST_ERROR_FORMAT, naming @what) markup with an element of
 * more attributes than any document has, which libxml2 would take minutes
 * to parse; one linear pass over the bytes.
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */
gboolean
attest_markup_check_tags (const char  *data,
                          gsize        len,
                          const char  *what,
                          GError     **error)
{
  const char *end = data + len;
  const char *p = data;

  while (p < end)
    {
      guint attributes = 0;
      gboolean space = FALSE;
      char quote = 0;
      const char *tag;

      if (*p != '<')
        {
          p++;
          continue;
        }
      if (p + 4 <= end && strncmp (p, "<!--", 4) == 0)
        {
          p = skip_past (p + 4, end, "-->");
          continue;
        }
      if (p + 9 <= end && strncmp (p, "<![CDATA[", 9) == 0)
        {
          p = skip_past (p + 9, end, "]]>");
          continue;
        }
      if (p + 1 >= end || !g_ascii_isalpha (p[1]))
        {
          p++;
          continue;
        }

      /* A start tag: its attributes are the words outside quotes. */
      tag = p;
      for (p++; p < end; p++)
        {
          if (quote != 0)
            {
              if (*p == quote)
                quote = 0;
              continue;
            }
          if (*p == '"' || *p == '\'')
            quote = *p;
          else if (*p == '>')
            break;
          else if (g_ascii_isspace (*p))
            space = TRUE;
          else if (space)
            {
              space = FALSE;
              if (++attributes > MAX_ATTRIBUTES)
                {
                  g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_FORMAT,
                               _("%s has an element with more than %d attributes; it is refused"),
                               what, MAX_ATTRIBUTES);
                  return FALSE;
                }
            }
        }
      /* Script and style hold code, not tags. */
      if (g_ascii_strncasecmp (tag, "<script", 7) == 0)
        p = skip_past (p, end, "</script");
      else if (g_ascii_strncasecmp (tag, "<style", 6) == 0)
        p = skip_past (p, end, "</style");
    }
  return TRUE;
}

/* Where libxml2's context-free messages go while we parse: nowhere. */
static void
silent_generic_error (void       *ctx,
                      const char *msg,
                      ...)
{
}

/**
 * attest_markup_quiet_begin:
 * @quiet: (out caller-allocates): where libxml2's error handler is kept
 *
 * Silences libxml2's error output until attest_markup_quiet_end().
 */
void
attest_markup_quiet_begin (AttestMarkupQuiet *quiet)
{
  quiet->func = xmlGenericError;
  quiet->context = xmlGenericErrorContext;
  xmlSetGenericErrorFunc (NULL, silent_generic_error);
}

/**
 * attest_markup_quiet_end:
 * @quiet: what attest_markup_quiet_begin() kept
 *
 * Puts libxml2's error handler back.
 */
void
attest_markup_quiet_end (AttestMarkupQuiet *quiet)
{
  xmlSetGenericErrorFunc (quiet->context, quiet->func);
}
