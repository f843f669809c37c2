/* attest-format-html.c — saved web pages (and the chapters of EPUB books).
 *
 * A saved page holds the article and the site around it. The article is
 * found as the readability algorithms find it:
 *   1. what is never article text goes first: scripts, forms, navigation,
 *      headers, footers, asides, figures, and blocks whose class or id says
 *      furniture (share bars, "Related", "Read more", comments, newsletter
 *      boxes, bylines) unless it also says content;
 *   2. every paragraph of 25 characters or more scores its parent and
 *      grandparent by its length and commas; a block's score is weighed by
 *      its tag and class and lowered by the share of its text in links;
 *   3. the best block is the article, with its siblings that score nearly
 *      as well; a schema.org articleBody, or the page's one <article>, is
 *      taken at once when present.
 * The headline leads the text. What the page says about the article (its
 * <meta> tags, JSON-LD, <time datetime>, <title>) is read in
 * attest-format-html-meta.c.
 */
#include "attest-format-html-private.h"

#include <glib/gi18n-lib.h>
#include "attest-error.h"
#include "attest-markup-text.h"

#include <string.h>

#include <libxml/HTMLparser.h>

static xmlDoc *
parse_html (const char  *data,
            gsize        len,
            const char  *name,
            GError     **error)
{
  htmlParserCtxtPtr ctxt;
  xmlDoc *html;
  const xmlError *last;
  gboolean too_deep;

  if (!attest_markup_check_tags (data, len, name, error))
    return NULL;

  ctxt = htmlNewParserCtxt ();
  if (ctxt == NULL)
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_FAILED, _("Out of memory reading %s"), name);
      return NULL;
    }

  /* The text is UTF-8 already; a <meta charset> must not re-decode it.
   * Some libxml2 errors bypass NOERROR through the generic error function:
   * silenced for the parse, then restored. */
  {
    AttestMarkupQuiet quiet;

    attest_markup_quiet_begin (&quiet);
    html = htmlCtxtReadMemory (ctxt, data, (int) MIN (len, G_MAXINT), NULL, "UTF-8",
                               HTML_PARSE_NONET | HTML_PARSE_NOERROR |
                               HTML_PARSE_NOWARNING | HTML_PARSE_RECOVER |
                               HTML_PARSE_IGNORE_ENC);
    attest_markup_quiet_end (&quiet);
  }

  /* Past its depth limit the HTML parser stops and keeps what it has,
   * silently (NOERROR); the truncated page must not pass for the article. */
  last = xmlCtxtGetLastError (ctxt);
  too_deep = last != NULL && last->message != NULL && strstr (last->message, "depth") != NULL;
  htmlFreeParserCtxt (ctxt);

  if (too_deep)
    {
      if (html != NULL)
        xmlFreeDoc (html);
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_FORMAT,
                   _("%s nests its elements too deeply to be read"), name);
      return NULL;
    }
  if (html == NULL || xmlDocGetRootElement (html) == NULL)
    {
      if (html != NULL)
        xmlFreeDoc (html);
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_EMPTY, _("%s contains no article text"), name);
      return NULL;
    }
  return html;
}

/* Whether the prolog's DOCTYPE has an internal subset declaring entities. */
static gboolean
declares_entities (const char *text)
{
  const char *doctype = strstr (text, "<!DOCTYPE");
  const char *root;

  if (doctype == NULL)
    return FALSE;
  /* Only the prolog: before the first element after the DOCTYPE. */
  root = strstr (doctype, "<html");
  return g_strstr_len (doctype, root != NULL ? root - doctype : -1, "<!ENTITY") != NULL;
}

static xmlNode *
find_element (xmlNode    *root,
              const char *name)
{
  for (xmlNode *n = root; n != NULL; n = attest_markup_next_element (n, root, TRUE))
    if (is_named (n, name))
      return n;
  return NULL;
}

static gint64
paragraphs_chars (GPtrArray *paras)
{
  gint64 n = 0;

  for (guint i = 0; i < paras->len; i++)
    n += g_utf8_strlen (g_ptr_array_index (paras, i), -1);
  return n;
}

/* ------------------------------------------------------------------------ */
/* The article                                                              */
/* ------------------------------------------------------------------------ */

/* Never article text, whatever their class. */
static const char *furniture_tags[] = {
  "script", "style", "noscript", "template", "nav", "header", "footer", "aside",
  "form", "button", "select", "textarea", "iframe", "object", "embed", "svg",
  "figure", "figcaption", "menu", "dialog", "input", "label",
  "amp-ad", "amp-embed", "amp-sticky-ad", "amp-sidebar", NULL
};

static gboolean
name_in (xmlNode     *node,
         const char **names)
{
  for (guint i = 0; names[i] != NULL; i++)
    if (is_named (node, names[i]))
      return TRUE;
  return FALSE;
}

static GRegex *
class_regex (gboolean positive)
{
  static GRegex *regexes[2];

  if (g_once_init_enter (&regexes[positive]))
    {
      const char *pattern = positive
        ? "article|body|content|entry|main|story|text|blog|post-content|field--name-body"
        /* Substrings that only furniture's names contain, then words that
         * must stand alone ("caption" is furniture, "captioned-block" is a
         * paragraph's wrapper). */
        : "share|sharing|social|related|comment|disqus|newsletter|subscri|sidebar|widget|"
          "promo|advert|sponsor|banner|breadcrumb|masthead|cookie|consent|popup|modal|"
          "pagination|pager|byline|posted-on|read-?more|more-stories|recommend|trending|"
          "signup|donate|toolbar|screen-reader|sr-only|visually-hidden|copyright|outbrain|"
          "taboola|site-title|site-name|paywall|regwall|overlay|"
          "(^|[-_ ])(ads?|nav|navbar|header|footer|menu|tags?|author|meta|submitted|print|"
          "skip|hidden|captions?|credits?|gallery|video|audio|player|follow|rss|login|"
          "search|logo|legal|teaser|cards?|popular|ufi|like|restack)([-_ ]|$)";

      g_once_init_leave (&regexes[positive],
                         g_regex_new (pattern, G_REGEX_CASELESS | G_REGEX_OPTIMIZE, 0, NULL));
    }
  return regexes[positive];
}

/* The element's class and id, lower-cased, for the two patterns. */
static char *
class_and_id (xmlNode *node)
{
  g_autofree char *cls = dup_attribute (node, "class");
  g_autofree char *id = dup_attribute (node, "id");
  g_autofree char *role = dup_attribute (node, "role");

  if (cls == NULL && id == NULL && role == NULL)
    return NULL;
  return g_strjoin (" ", cls ? cls : "", id ? id : "", role ? role : "", NULL);
}

static int
class_weight (xmlNode *node)
{
  g_autofree char *names = class_and_id (node);
  int weight = 0;

  if (names == NULL)
    return 0;
  if (g_regex_match (class_regex (FALSE), names, 0, NULL))
    weight -= 25;
  if (g_regex_match (class_regex (TRUE), names, 0, NULL))
    weight += 25;
  return weight;
}

static gboolean
is_furniture (xmlNode *node)
{
  g_autofree char *names = NULL;
  g_autofree char *itemprop = NULL;

  if (name_in (node, furniture_tags))
    return TRUE;
  /* Headings are never furniture by their own class ("header-anchor-post"):
   * a box of furniture goes with its heading. */
  if (is_named (node, "body") || is_named (node, "html") || is_named (node, "article") ||
      is_named (node, "main") || is_named (node, "h1") || is_named (node, "h2") ||
      is_named (node, "h3") || is_named (node, "h4") || is_named (node, "h5") || is_named (node, "h6"))
    return FALSE;
  itemprop = dup_attribute (node, "itemprop");
  if (itemprop != NULL && strstr (itemprop, "articleBody") != NULL)
    return FALSE;
  names = class_and_id (node);
  if (names == NULL || !g_regex_match (class_regex (FALSE), names, 0, NULL) ||
      g_regex_match (class_regex (TRUE), names, 0, NULL))
    return FALSE;
  /* A wrapper around one of the article's headings ("header-anchor") is
   * the heading's. */
  for (xmlNode *c = node->children; c != NULL; c = c->next)
    if (c->type == XML_ELEMENT_NODE && (is_named (c, "h2") || is_named (c, "h3") || is_named (c, "h4") ||
                                        is_named (c, "h5") || is_named (c, "h6")))
      {
        g_autofree char *all = attest_markup_node_text (node);
        g_autofree char *heading = attest_markup_node_text (c);

        if (g_strcmp0 (all, heading) == 0)
          return FALSE;
      }
  return TRUE;
}

/* Keeps the text of a removed element whose class says byline or date:
 * the page's own statement of who wrote it and when. */
static void
keep_meta_line (xmlNode   *node,
                GPtrArray *meta_lines)
{
  static GRegex *regex;
  g_autofree char *names = class_and_id (node);
  char *text;

  if (g_once_init_enter (&regex))
    g_once_init_leave (&regex, g_regex_new ("byline|author|date|time|posted|published|submitted",
                                            G_REGEX_CASELESS | G_REGEX_OPTIMIZE, 0, NULL));
  if (meta_lines == NULL || (names == NULL && !is_named (node, "time")) ||
      (names != NULL && !g_regex_match (regex, names, 0, NULL) && !is_named (node, "time")))
    return;
  /* "By Ana Ruiz <time>Sept 9</time>": the date is a line of its own,
   * not part of the name. The node is about to be freed. */
  if (!is_named (node, "time"))
    {
      g_autoptr(GPtrArray) times = g_ptr_array_new ();

      for (xmlNode *n = node; n != NULL; n = attest_markup_next_element (n, node, TRUE))
        if (n != node && is_named (n, "time"))
          g_ptr_array_add (times, n);
      for (guint i = 0; i < times->len; i++)
        {
          xmlNode *t = g_ptr_array_index (times, i);
          char *when = attest_markup_node_text (t);

          if (when != NULL)
            g_ptr_array_add (meta_lines, when);
          xmlUnlinkNode (t);
          xmlFreeNode (t);
        }
    }
  text = attest_markup_node_text (node);
  if (text != NULL && g_utf8_strlen (text, -1) <= 200)
    g_ptr_array_add (meta_lines, text);
  else
    g_free (text);
}

/* Unlinks and frees every furniture subtree under @root, keeping the
 * bylines and date lines among them in @meta_lines. */
static void
remove_furniture (xmlNode   *root,
                  GPtrArray *meta_lines)
{
  g_autoptr(GPtrArray) doomed = g_ptr_array_new ();

  for (xmlNode *n = root; n != NULL; )
    {
      if (n != root && is_furniture (n))
        {
          g_ptr_array_add (doomed, n);
          n = attest_markup_next_element (n, root, FALSE);
        }
      else
        n = attest_markup_next_element (n, root, TRUE);
    }

  for (guint i = 0; i < doomed->len; i++)
    {
      xmlNode *n = g_ptr_array_index (doomed, i);

      keep_meta_line (n, meta_lines);
      xmlUnlinkNode (n);
      xmlFreeNode (n);
    }
}

typedef struct {
  double  score;
  gint64  chars;
  gint64  link_chars;
} Score;

static gint64
text_chars (xmlNode *node,
            gint64  *link_chars)
{
  g_autofree char *text = attest_markup_node_text (node);
  gint64 n = text != NULL ? g_utf8_strlen (text, -1) : 0;

  if (link_chars != NULL)
    {
      *link_chars = 0;
      for (xmlNode *a = node; a != NULL; )
        {
          if (is_named (a, "a"))
            {
              g_autofree char *t = attest_markup_node_text (a);

              *link_chars += t != NULL ? g_utf8_strlen (t, -1) : 0;
              a = attest_markup_next_element (a, node, FALSE);
            }
          else
            a = attest_markup_next_element (a, node, TRUE);
        }
    }
  return n;
}

static int
tag_weight (xmlNode *node)
{
  static const char *plus5[] = { "div", "article", "main", "section", NULL };
  static const char *plus3[] = { "pre", "td", "blockquote", NULL };
  static const char *minus3[] = { "address", "ol", "ul", "dl", "dd", "dt", "li", NULL };
  static const char *minus5[] = { "h1", "h2", "h3", "h4", "h5", "h6", "th", NULL };

  if (name_in (node, plus5))
    return 5;
  if (name_in (node, plus3))
    return 3;
  if (name_in (node, minus3))
    return -3;
  if (name_in (node, minus5))
    return -5;
  return 0;
}

static Score *
score_of (GHashTable *scores,
          xmlNode    *node)
{
  Score *s = g_hash_table_lookup (scores, node);

  if (s == NULL)
    {
      s = g_new0 (Score, 1);
      s->score = tag_weight (node) + class_weight (node);
      g_hash_table_insert (scores, node, s);
    }
  return s;
}

static gboolean
has_block_children (xmlNode *node)
{
  static const char *blocks[] = {
    "p", "div", "section", "article", "table", "ul", "ol", "pre", "blockquote",
    "h1", "h2", "h3", "h4", "h5", "h6", NULL
  };

  for (xmlNode *c = node->children; c != NULL; c = c->next)
    if (name_in (c, blocks))
      return TRUE;
  return FALSE;
}

/* The block that holds the article (step 2 of the header comment). */
static xmlNode *
best_block (xmlNode    *body,
            GHashTable *scores)
{
  xmlNode *best = NULL;
  double best_score = 0;
  GHashTableIter iter;
  gpointer key, value;

  for (xmlNode *n = body; n != NULL; n = attest_markup_next_element (n, body, TRUE))
    {
      gint64 chars;
      g_autofree char *text = NULL;
      double points;
      guint commas = 0;

      if (!(is_named (n, "p") || is_named (n, "pre") || is_named (n, "td") ||
            is_named (n, "blockquote") || (is_named (n, "div") && !has_block_children (n))))
        continue;
      text = attest_markup_node_text (n);
      chars = text != NULL ? g_utf8_strlen (text, -1) : 0;
      if (chars < 25 || n->parent == NULL)
        continue;
      for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
        {
          gunichar c = g_utf8_get_char (p);

          if (c == ',' || c == 0xFF0C || c == 0x3001 || c == 0x060C)
            commas++;
        }
      points = 1 + commas + MIN (chars / 100, 3);

      /* A table cell is a container of its own (old table layouts put the
       * article in one cell and the links in the next): it scores itself,
       * not the row it shares with them. */
      if (is_named (n, "td"))
        {
          score_of (scores, n)->score += points;
          score_of (scores, n->parent)->score += points / 2;
          continue;
        }
      score_of (scores, n->parent)->score += points;
      if (n->parent->parent != NULL && n->parent->parent->type == XML_ELEMENT_NODE)
        score_of (scores, n->parent->parent)->score += points / 2;
    }

  g_hash_table_iter_init (&iter, scores);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      xmlNode *n = key;
      Score *s = value;
      double final;

      s->chars = text_chars (n, &s->link_chars);
      final = s->score * (1.0 - (s->chars > 0 ? (double) s->link_chars / s->chars : 0));
      s->score = final;
      if (best == NULL || final > best_score)
        {
          best = n;
          best_score = final;
        }
    }

  return best;
}

/* The schema.org articleBody, or the page's one <article>: the publisher's
 * own word for where the article is. */
static xmlNode *
marked_article (xmlNode *body)
{
  xmlNode *article = NULL;
  guint articles = 0;

  for (xmlNode *n = body; n != NULL; n = attest_markup_next_element (n, body, TRUE))
    {
      g_autofree char *itemprop = dup_attribute (n, "itemprop");

      if (itemprop != NULL && strstr (itemprop, "articleBody") != NULL)
        return n;
      if (is_named (n, "article"))
        {
          article = n;
          articles++;
        }
    }
  if (articles == 1 && text_chars (article, NULL) >= 200)
    return article;
  return NULL;
}

/* The headline: a heading, or a short block, that the title repeats
 * before its site suffix; else the first <h1> of the article, else the
 * first of the page. */
static char *
find_headline (xmlNode    *body,
               xmlNode    *article,
               const char *title)
{
  static const char *headings[] = { "h1", "h2", "h3", NULL };
  g_autofree char *first = NULL;
  g_autofree char *in_article = NULL;
  g_autofree char *after_site = NULL;

  for (xmlNode *n = body; n != NULL; n = attest_markup_next_element (n, body, TRUE))
    {
      g_autofree char *text = NULL;
      gboolean inside = FALSE;

      /* Headings, and elements with no blocks inside: a <div>, or an old
       * page's <font><b>, as headline. */
      if (!name_in (n, headings) && has_block_children (n))
        continue;
      if (!(text = attest_markup_node_text (n)) || g_utf8_strlen (text, -1) > 300)
        continue;
      if (_attest_html_title_part (text, title, FALSE))
        return g_steal_pointer (&text);
      /* "Site :: Headline": the part after the site, unless the part
       * before it is on the page too (then that one is the headline). */
      if (after_site == NULL && _attest_html_title_part (text, title, TRUE))
        after_site = g_strdup (text);
      if (!is_named (n, "h1"))
        continue;
      for (xmlNode *up = n; up != NULL && article != NULL; up = up->parent)
        if (up == article)
          inside = TRUE;
      if (inside && in_article == NULL)
        in_article = g_strdup (text);
      if (first == NULL)
        first = g_steal_pointer (&text);
    }
  if (after_site != NULL)
    return g_steal_pointer (&after_site);
  if (in_article != NULL)
    return g_steal_pointer (&in_article);
  return g_steal_pointer (&first);
}

/* Inside the article: boxes mostly of links (share bars, "Read more"
 * lists) go; and where the article is written in <p> paragraphs, blocks
 * without any (comment boxes, captions, a headline set as a <div>) go too.
 * Lists, tables, quotes and headings stay. */
static void
clean_article (xmlNode   *block,
               GPtrArray *meta_lines)
{
  static const char *boxes[] = { "div", "section", "span", "ul", "ol", "table", "dl", "center", NULL };
  static const char *kept[] = { "p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", NULL };
  g_autoptr(GPtrArray) doomed = g_ptr_array_new ();
  gint64 all = text_chars (block, NULL);
  gint64 in_paragraphs = 0;
  gboolean written_in_p;

  for (xmlNode *n = block; n != NULL; )
    if (n != block && is_named (n, "p"))
      {
        in_paragraphs += text_chars (n, NULL);
        n = attest_markup_next_element (n, block, FALSE);
      }
    else
      n = attest_markup_next_element (n, block, TRUE);
  written_in_p = all > 0 && in_paragraphs * 10 >= all * 7;

  for (xmlNode *n = block; n != NULL; )
    {
      gboolean drop = FALSE;

      if (n != block && is_named (n, "p"))
        {
          gint64 links = 0;
          gint64 chars = text_chars (n, &links);

          /* A paragraph that is only a short link: a "Share" button. */
          drop = chars > 0 && chars < 40 && links == chars;
        }
      else if (n != block && name_in (n, boxes))
        {
          gint64 links = 0;
          gint64 chars = text_chars (n, &links);
          gboolean has_kept = FALSE;

          if (chars > 0 && links * 2 > chars && chars < 1000)
            drop = TRUE;
          else if (written_in_p && (is_named (n, "div") || is_named (n, "section")))
            {
              for (xmlNode *d = n; d != NULL && !has_kept; d = attest_markup_next_element (d, n, TRUE))
                if (d != n && name_in (d, kept))
                  has_kept = TRUE;
              drop = !has_kept;
            }
        }
      if (drop)
        {
          g_ptr_array_add (doomed, n);
          n = attest_markup_next_element (n, block, FALSE);
        }
      else
        n = attest_markup_next_element (n, block, TRUE);
    }

  for (guint i = 0; i < doomed->len; i++)
    {
      keep_meta_line (g_ptr_array_index (doomed, i), meta_lines);
      xmlUnlinkNode (g_ptr_array_index (doomed, i));
      xmlFreeNode (g_ptr_array_index (doomed, i));
    }
}

/**
 * attest_format_html_read:
 * @text: the text
 * @name: the file's name, for messages
 * @result: the result, filled in
 * @error: return location for a #GError, or %NULL
 *
 * A web page already decoded to UTF-8: the article's text only.
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */
gboolean
attest_format_html_read (const char          *text,
                         const char          *name,
                         AttestFormatResult  *result,
                         GError             **error)
{
  g_autofree char *shown = g_strdup_printf ("“%s”", name);
  g_autoptr(GHashTable) scores = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  g_autoptr(GPtrArray) page = NULL;
  g_autoptr(GPtrArray) blocks = g_ptr_array_new ();
  g_autofree char *title_element = NULL;
  g_autofree char *headline = NULL;
  xmlDoc *html;
  xmlNode *root;
  xmlNode *body;
  xmlNode *article;
  Meta meta = { { NULL, }, { 0, } };

  if (!(html = parse_html (text, strlen (text), shown, error)))
    return FALSE;
  root = xmlDocGetRootElement (html);
  body = find_element (root, "body");
  if (body == NULL)
    body = root;

  for (guint i = 0; i < N_META; i++)
    meta.ranks[i] = G_MAXUINT;
  _attest_html_read_meta (&meta, root, &title_element);

  /* What a reader of the whole page would see, to tell what was left out. */
  page = attest_markup_paragraphs (body, ATTEST_MARKUP_HTML);

  article = marked_article (body);
  headline = find_headline (body, article, meta.values[META_TITLE] ? meta.values[META_TITLE] : title_element);
  remove_furniture (body, result->meta_lines);
  /* Found again: the furniture freed may have held it. */
  article = marked_article (body);
  if (article != NULL)
    g_ptr_array_add (blocks, article);
  else
    {
      xmlNode *best = best_block (body, scores);

      if (best == NULL || best->parent == NULL)
        g_ptr_array_add (blocks, best != NULL ? best : body);
      else
        {
          /* Siblings nearly as good as the best belong to the article too
           * (a lead paragraph set apart, a second column of text). */
          Score *top = g_hash_table_lookup (scores, best);
          double threshold = MAX (10, top->score * 0.2);

          for (xmlNode *s = best->parent->children; s != NULL; s = s->next)
            {
              Score *score = g_hash_table_lookup (scores, s);
              gint64 links = 0;

              if (s->type != XML_ELEMENT_NODE)
                continue;
              if (s == best || (score != NULL && score->score >= threshold))
                g_ptr_array_add (blocks, s);
              else if (is_named (s, "p") && text_chars (s, &links) > 80 &&
                       links * 4 < text_chars (s, NULL))
                g_ptr_array_add (blocks, s);
            }
        }
    }

  for (guint b = 0; b < blocks->len; b++)
    clean_article (g_ptr_array_index (blocks, b), result->meta_lines);
  for (guint b = 0; b < blocks->len; b++)
    {
      g_autoptr(GPtrArray) paras = attest_markup_paragraphs (g_ptr_array_index (blocks, b),
                                                             ATTEST_MARKUP_HTML);
      guint first = 0;

      if (b == 0 && headline != NULL)
        {
          const char *lead = paras->len > 0 ? g_ptr_array_index (paras, 0) : "";
          gsize n = strlen (headline);

          attest_format_result_add (result, headline);
          if (strcmp (lead, headline) == 0)
            first = 1;
          else if (strncmp (lead, headline, n) == 0 && lead[n] == '\n')
            {
              /* "Headline<br>By Ana Ruiz<br>Posted: May 2": the lines under
               * an old page's headline are its byline. */
              _attest_html_split_byline (lead + n + 1, result);
              first = 1;
            }
        }
      for (guint i = first; i < paras->len; i++)
        attest_format_result_add (result, g_ptr_array_index (paras, i));
    }
  result->furniture_chars = MAX (0, paragraphs_chars (page) - paragraphs_chars (result->paragraphs));

  xmlFreeDoc (html);

  result->heading = g_strdup (headline);
  _attest_html_take_meta (&meta, &title_element, headline, result);

  /* A headline and nothing else (the article is drawn by a script, or
   * only in <noscript>) is no article. */
  if (result->paragraphs->len == 0 ||
      (result->paragraphs->len == 1 && g_strcmp0 (g_ptr_array_index (result->paragraphs, 0), result->heading) == 0))
    {
      if (result->paragraphs->len == 1)
        g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_EMPTY,
                     _("%s contains no article text beyond its headline (a page drawn by scripts?)"), shown);
      else
        g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_EMPTY, _("%s contains no article text"), shown);
      return FALSE;
    }
  return TRUE;
}

/**
 * attest_format_html_add_chapter:
 * @data: (array length=len): the bytes
 * @len: their number
 * @book: the book's file name, for messages
 * @part: the chapter's part name, for messages
 * @result: a result
 * @error: return location for a #GError, or %NULL
 *
 * The paragraphs of one XHTML/HTML chapter (EPUB), appended to @result,
 * with no extraction: a chapter is all text.
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */
gboolean
attest_format_html_add_chapter (const char          *data,
                                gsize                len,
                                const char          *book,
                                const char          *part,
                                AttestFormatResult  *result,
                                GError             **error)
{
  g_autoptr(GPtrArray) paras = NULL;
  g_autofree char *text = NULL;
  g_autofree char *name = g_strdup_printf ("“%s” (%s)", book, part);
  g_autofree char *bare = g_strdup_printf ("%s (%s)", book, part);
  const char *encoding = NULL;
  xmlDoc *html;
  xmlNode *body;

  /* A chapter is decoded like any text file (its XML declaration may name
   * another charset); what is not text is refused, never stored. */
  if (!(text = attest_format_decode (data, len, bare, &encoding, error)))
    return FALSE;
  /* XHTML chapters may have a DOCTYPE, never entity declarations: the HTML
   * parser would not expand them, but their text is not the book's. */
  if (declares_entities (text))
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_FORMAT,
                   _("%s declares entities, which no book needs; it is refused"), name);
      return FALSE;
    }
  if (!(html = parse_html (text, strlen (text), name, error)))
    return FALSE;
  body = find_element (xmlDocGetRootElement (html), "body");
  paras = attest_markup_paragraphs (body != NULL ? body : xmlDocGetRootElement (html),
                                    ATTEST_MARKUP_HTML);
  for (guint i = 0; i < paras->len; i++)
    attest_format_result_add (result, g_ptr_array_index (paras, i));
  xmlFreeDoc (html);
  return TRUE;
}
