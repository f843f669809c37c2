/* attest-format-html-meta.c — what a saved web page says about its
 * article: the <meta> tags (og:, article:, citation_, Dublin Core), JSON-LD
 * NewsArticle, <time datetime>, the byline lines under an old page's
 * headline, and <title> with its site suffix cut off. The article's text is
 * found in attest-format-html.c.
 */
#include "attest-format-html-private.h"
#include "attest-date.h"
#include "attest-markup-text.h"
#include "attest-outlets.h"

#include <string.h>

#include <json-glib/json-glib.h>
#include <libxml/HTMLparser.h>

/* Deeper JSON-LD than this is not metadata; it is skipped unparsed. */
#define MAX_JSON_DEPTH 64

/* ------------------------------------------------------------------------ */
/* Metadata                                                                 */
/* ------------------------------------------------------------------------ */

/* In order of preference within each field; JSON-LD and <time> rank where
 * their rows are. */
static const struct {
  const char *key;
  MetaField   field;
} meta_keys[] = {
  { "citation_title", META_TITLE },
  { "dc.title", META_TITLE },
  { "og:title", META_TITLE },
  { "twitter:title", META_TITLE },
  { "@headline", META_TITLE },
  { "citation_author", META_AUTHOR },
  { "author", META_AUTHOR },
  { "article:author", META_AUTHOR },
  { "@author", META_AUTHOR },
  { "dc.creator", META_AUTHOR },
  { "citation_journal_title", META_PUBLICATION },
  { "og:site_name", META_PUBLICATION },
  { "@publisher", META_PUBLICATION },
  { "application-name", META_PUBLICATION },
  { "citation_volume", META_VOLUME },
  { "citation_issue", META_ISSUE },
  { "citation_publication_date", META_DATE },
  { "citation_date", META_DATE },
  { "article:published_time", META_DATE },
  { "@datePublished", META_DATE },
  { "dc.date", META_DATE },
  { "date", META_DATE },
  { "@time", META_DATE },
};

static void
meta_offer (Meta       *meta,
            const char *key,
            const char *value)
{
  for (guint k = 0; k < G_N_ELEMENTS (meta_keys); k++)
    {
      MetaField f = meta_keys[k].field;
      char *clean;

      if (g_ascii_strcasecmp (key, meta_keys[k].key) != 0)
        continue;
      if (k >= meta->ranks[f] || value == NULL)
        return;
      /* "article:author" is often the author's page, not a name. */
      if (f == META_AUTHOR && (g_str_has_prefix (value, "http://") || g_str_has_prefix (value, "https://")))
        return;
      if (!(clean = attest_markup_collapse (value)))
        return;
      g_free (meta->values[f]);
      meta->values[f] = clean;
      meta->ranks[f] = k;
      return;
    }
}

/* The deepest nesting of @text's brackets outside strings: JSON-LD nested
 * a million deep would exhaust the stack of any recursive parser. */
static guint
json_depth (const char *text)
{
  guint depth = 0, deepest = 0;
  gboolean in_string = FALSE;

  for (const char *p = text; *p != '\0'; p++)
    {
      if (in_string)
        {
          if (*p == '\\' && p[1] != '\0')
            p++;
          else if (*p == '"')
            in_string = FALSE;
        }
      else if (*p == '"')
        in_string = TRUE;
      else if (*p == '{' || *p == '[')
        deepest = MAX (deepest, ++depth);
      else if ((*p == '}' || *p == ']') && depth > 0)
        depth--;
    }
  return deepest;
}

/* The object of @graph whose "@id" is @id (a reference "{"@id": …}"). */
static JsonObject *
find_by_id (JsonNode   *graph,
            const char *id)
{
  if (graph == NULL || !JSON_NODE_HOLDS_ARRAY (graph))
    return NULL;
  for (guint i = 0; i < json_array_get_length (json_node_get_array (graph)); i++)
    {
      JsonNode *e = json_array_get_element (json_node_get_array (graph), i);
      JsonObject *o = JSON_NODE_HOLDS_OBJECT (e) ? json_node_get_object (e) : NULL;
      JsonNode *eid = o != NULL ? json_object_get_member (o, "@id") : NULL;

      if (eid != NULL && JSON_NODE_HOLDS_VALUE (eid) &&
          g_strcmp0 (json_node_get_string (eid), id) == 0)
        return o;
    }
  return NULL;
}

/* A name from a JSON-LD value: "Ana", {"name": "Ana"}, a reference to an
 * object of @graph, or a list of them; markup in it is dropped. */
static char *
json_name (JsonNode *node,
           JsonNode *graph,
           guint     depth)
{
  if (node == NULL || depth > 4)
    return NULL;
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    {
      const char *value = json_node_get_string (node);

      /* "<b>Ana</b>": publishers put HTML in JSON-LD; its text is the name. */
      if (strchr (value, '<') != NULL)
        {
          htmlDocPtr doc = htmlReadMemory (value, strlen (value), NULL, "UTF-8",
                                           HTML_PARSE_NONET | HTML_PARSE_NOERROR |
                                           HTML_PARSE_NOWARNING | HTML_PARSE_RECOVER);
          char *text = doc != NULL ? attest_markup_node_text (xmlDocGetRootElement (doc)) : NULL;

          if (doc != NULL)
            xmlFreeDoc (doc);
          return text;
        }
      return attest_markup_collapse (value);
    }
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *o = json_node_get_object (node);

      if (json_object_has_member (o, "name"))
        return json_name (json_object_get_member (o, "name"), graph, depth + 1);
      if (json_object_has_member (o, "@id"))
        {
          JsonNode *id = json_object_get_member (o, "@id");
          JsonObject *target = JSON_NODE_HOLDS_VALUE (id) ? find_by_id (graph, json_node_get_string (id)) : NULL;

          if (target != NULL && target != o && json_object_has_member (target, "name"))
            return json_name (json_object_get_member (target, "name"), graph, depth + 1);
        }
      return NULL;
    }
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *a = json_node_get_array (node);
      g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

      for (guint i = 0; i < json_array_get_length (a) && i < 16; i++)
        {
          char *name = json_name (json_array_get_element (a, i), graph, depth + 1);

          if (name != NULL && *name != '\0')
            g_ptr_array_add (names, name);
          else
            g_free (name);
        }
      if (names->len == 0)
        return NULL;
      g_ptr_array_add (names, NULL);
      return g_strjoinv (", ", (char **) names->pdata);
    }
  return NULL;
}

static gboolean
is_article_type (JsonObject *o)
{
  static const char *types[] = {
    "NewsArticle", "Article", "ReportageNewsArticle", "AnalysisNewsArticle",
    "OpinionNewsArticle", "BackgroundNewsArticle", "BlogPosting", "Report",
    "ScholarlyArticle", "LiveBlogPosting", NULL
  };
  JsonNode *type = json_object_get_member (o, "@type");
  g_autoptr(GPtrArray) names = g_ptr_array_new ();

  if (type == NULL)
    return FALSE;
  if (JSON_NODE_HOLDS_VALUE (type))
    g_ptr_array_add (names, (gpointer) json_node_get_string (type));
  else if (JSON_NODE_HOLDS_ARRAY (type))
    for (guint i = 0; i < json_array_get_length (json_node_get_array (type)); i++)
      {
        JsonNode *e = json_array_get_element (json_node_get_array (type), i);

        if (JSON_NODE_HOLDS_VALUE (e))
          g_ptr_array_add (names, (gpointer) json_node_get_string (e));
      }
  for (guint i = 0; i < names->len; i++)
    for (guint t = 0; types[t] != NULL; t++)
      if (g_strcmp0 (g_ptr_array_index (names, i), types[t]) == 0)
        return TRUE;
  return FALSE;
}

/* The article objects in @node: itself, in a list, or in "@graph". */
static void
find_articles (JsonNode  *node,
               guint      depth,
               GPtrArray *found)
{
  if (node == NULL || depth > 8 || found->len >= 64)
    return;
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *a = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (a); i++)
        find_articles (json_array_get_element (a, i), depth + 1, found);
    }
  else if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *o = json_node_get_object (node);

      if (is_article_type (o))
        g_ptr_array_add (found, o);
      else if (json_object_has_member (o, "@graph"))
        find_articles (json_object_get_member (o, "@graph"), depth + 1, found);
    }
}

/* One article of a page's JSON-LD, with the parser that holds it. */
typedef struct {
  JsonParser *parser;
  JsonObject *article;
  JsonNode   *graph;   /* for "@id" references, or NULL */
} LdArticle;

static void
ld_article_free (LdArticle *ld)
{
  g_object_unref (ld->parser);
  g_free (ld);
}

static void
read_json_ld (GPtrArray  *articles,
              const char *text)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GPtrArray) found = g_ptr_array_new ();
  JsonNode *graph = NULL;

  if (text == NULL || json_depth (text) > MAX_JSON_DEPTH)
    return;
  parser = json_parser_new_immutable ();
  /* Broken JSON-LD is common and harmless: the page is read without it. */
  if (!json_parser_load_from_data (parser, text, -1, NULL))
    return;
  find_articles (json_parser_get_root (parser), 0, found);
  if (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    graph = json_object_get_member (json_node_get_object (json_parser_get_root (parser)), "@graph");
  for (guint i = 0; i < found->len; i++)
    {
      LdArticle *ld = g_new0 (LdArticle, 1);

      ld->parser = g_object_ref (parser);
      ld->article = g_ptr_array_index (found, i);
      ld->graph = graph;
      g_ptr_array_add (articles, ld);
    }
}

static gboolean is_title_part (const char *text, const char *title);

/* Of the page's JSON-LD articles (teasers of other stories come as
 * NewsArticle too), the one whose headline the page's title repeats;
 * else the first. Its fields are offered to @meta. */
static void
take_json_ld (Meta       *meta,
              GPtrArray  *articles,
              const char *title)
{
  static const char *fields[] = { "headline", "author", "publisher", "datePublished" };
  LdArticle *best = articles->len > 0 ? g_ptr_array_index (articles, 0) : NULL;

  for (guint i = 0; i < articles->len && title != NULL; i++)
    {
      LdArticle *ld = g_ptr_array_index (articles, i);
      g_autofree char *headline = json_name (json_object_get_member (ld->article, "headline"), ld->graph, 0);

      if (headline != NULL && is_title_part (headline, title))
        {
          best = ld;
          break;
        }
    }
  if (best == NULL)
    return;

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      g_autofree char *value = json_name (json_object_get_member (best->article, fields[i]), best->graph, 0);
      g_autofree char *key = g_strconcat ("@", fields[i], NULL);

      if (value != NULL)
        meta_offer (meta, key, value);
    }
}

void
_attest_html_read_meta (Meta     *meta,
                        xmlNode  *root,
                        char    **title_element)
{
  g_autoptr(GPtrArray) articles = g_ptr_array_new_with_free_func ((GDestroyNotify) ld_article_free);

  for (xmlNode *node = root; node != NULL; node = attest_markup_next_element (node, root, TRUE))
    {
      if (is_named (node, "meta"))
        {
          g_autofree char *key = dup_attribute (node, "name");
          g_autofree char *content = NULL;

          if (key == NULL)
            key = dup_attribute (node, "property");
          if (key == NULL || !(content = dup_attribute (node, "content")))
            continue;
          meta_offer (meta, key, content);
        }
      else if (is_named (node, "script"))
        {
          g_autofree char *type = dup_attribute (node, "type");

          if (type != NULL && g_ascii_strcasecmp (type, "application/ld+json") == 0)
            {
              g_autofree char *json = (char *) xmlNodeGetContent (node);

              read_json_ld (articles, json);
            }
        }
      else if (is_named (node, "time"))
        {
          g_autofree char *when = dup_attribute (node, "datetime");

          meta_offer (meta, "@time", when);
        }
      else if (*title_element == NULL && is_named (node, "title"))
        *title_element = attest_markup_node_text (node);
    }
  take_json_ld (meta, articles, meta->values[META_TITLE] != NULL ? meta->values[META_TITLE] : *title_element);
}

/* The lines under a headline, up to the first blank line: bylines and
 * date lines go to the metadata, anything else stays text; what follows
 * the blank line is the article's paragraphs. */
void
_attest_html_split_byline (const char         *lines,
                           AttestFormatResult *result)
{
  const char *blank = strstr (lines, "\n\n");
  g_autofree char *head = blank != NULL ? g_strndup (lines, blank - lines) : g_strdup (lines);
  g_auto(GStrv) split = g_strsplit (head, "\n", -1);
  g_autoptr(GString) kept = g_string_new (NULL);

  for (guint i = 0; split[i] != NULL; i++)
    {
      const char *line = g_strstrip (split[i]);
      AttestDate date;

      if (g_ascii_strncasecmp (line, "by ", 3) == 0 ||
          (g_utf8_strlen (line, -1) < 80 && attest_date_find (line, TRUE, &date, NULL) != NULL))
        g_ptr_array_add (result->meta_lines, g_strdup (line));
      else if (*line != '\0')
        {
          if (kept->len > 0)
            g_string_append_c (kept, '\n');
          g_string_append (kept, line);
        }
    }
  attest_format_result_add (result, kept->str);

  if (blank != NULL)
    {
      g_auto(GStrv) paragraphs = g_strsplit (blank + 2, "\n\n", -1);

      for (guint i = 0; paragraphs[i] != NULL; i++)
        attest_format_result_add (result, paragraphs[i]);
    }
}

static const char *title_separators[] = { " | ", " - ", " \u2014 ", " \u2013 ", " :: ", " \u00B7 ", " \u00BB ", NULL };

/* Whether @text is @title, or @title's part before a site separator
 * ("Headline :: Site"), or with @after, the part after one ("Site ::
 * Headline"). */
gboolean
_attest_html_title_part (const char *text,
                         const char *title,
                         gboolean    after)
{
  gsize n = strlen (text);

  gsize t;

  if (title == NULL || n < 12)
    return FALSE;
  if (strcmp (text, title) == 0)
    return TRUE;
  t = strlen (title);
  for (guint i = 0; title_separators[i] != NULL; i++)
    {
      gsize sep = strlen (title_separators[i]);

      /* "Headline | Site" or "Site :: Headline". */
      if (strncmp (title, text, n) == 0 && g_str_has_prefix (title + n, title_separators[i]))
        return TRUE;
      if (after && t > n + sep && strcmp (title + t - n, text) == 0 &&
          strncmp (title + t - n - sep, title_separators[i], sep) == 0)
        return TRUE;
    }
  return FALSE;
}

static gboolean
is_title_part (const char *text,
               const char *title)
{
  return _attest_html_title_part (text, title, TRUE);
}

/* "Headline | Site": the site cut off when the headline is known, or when
 * the part after the separator is the site's name. */
static void
cut_site (char       **title,
          const char  *headline,
          char       **publication)
{
  if (*title == NULL)
    return;

  /* "Russia | Ukraine: What next | World | BBC News" with that headline:
   * everything after the headline is the site's; in "OLD NEWS :: Headline"
   * everything before it. */
  if (headline != NULL && is_title_part (headline, *title) && strcmp (headline, *title) != 0 &&
      !g_str_has_prefix (*title, headline))
    {
      gsize t = strlen (*title), n = strlen (headline);

      for (guint i = 0; title_separators[i] != NULL; i++)
        {
          gsize sep = strlen (title_separators[i]);

          if (strncmp (*title + t - n - sep, title_separators[i], sep) == 0)
            {
              if (*publication == NULL)
                *publication = g_strndup (*title, t - n - sep);
              memmove (*title, *title + t - n, n + 1);
              return;
            }
        }
    }
  if (headline != NULL && is_title_part (headline, *title) && strcmp (headline, *title) != 0)
    {
      const char *rest = *title + strlen (headline);

      for (guint i = 0; title_separators[i] != NULL; i++)
        if (g_str_has_prefix (rest, title_separators[i]))
          {
            const char *site = g_strrstr (rest, title_separators[i]) + strlen (title_separators[i]);

            if (*publication == NULL && *site != '\0')
              *publication = g_strdup (site);
            (*title)[strlen (headline)] = '\0';
            return;
          }
    }

  for (guint i = 0; title_separators[i] != NULL; i++)
    {
      const char *sep = title_separators[i];
      char *p = g_strrstr (*title, sep);
      const char *site;

      if (p == NULL || p == *title)
        continue;
      site = p + strlen (sep);
      if ((headline != NULL && strncmp (*title, headline, p - *title) == 0 &&
           (gsize) (p - *title) == strlen (headline)) ||
          (*publication != NULL && g_ascii_strcasecmp (site, *publication) == 0) ||
          attest_outlets_lookup (attest_outlets_get_default (), site) != NULL)
        {
          if (*publication == NULL && *site != '\0')
            *publication = g_strdup (site);
          *p = '\0';
          return;
        }
    }

  /* "Site: Headline" and "Site | Headline" with the site known. */
  if (*publication != NULL)
    for (guint i = 0; title_separators[i] != NULL; i++)
      {
        g_autofree char *prefix = g_strconcat (*publication, title_separators[i], NULL);

        if (g_str_has_prefix (*title, prefix))
          {
            memmove (*title, *title + strlen (prefix), strlen (*title + strlen (prefix)) + 1);
            return;
          }
      }
}

/* Fills @result's metadata from @meta (emptied) and the page's
 * <title> (@title_element, taken), the site cut off the title. */
void
_attest_html_take_meta (Meta                *meta,
                        char               **title_element,
                        const char          *headline,
                        AttestFormatResult  *result)
{
  result->title = g_steal_pointer (&meta->values[META_TITLE]);
  if (result->title == NULL)
    result->title = g_steal_pointer (title_element);
  if (result->title == NULL && headline != NULL)
    result->title = g_strdup (headline);
  result->publication = g_steal_pointer (&meta->values[META_PUBLICATION]);
  cut_site (&result->title, headline, &result->publication);
  result->author = g_steal_pointer (&meta->values[META_AUTHOR]);
  /* <meta name="author" content="Civil.ge">: the outlet, no person. */
  if (result->author != NULL && attest_outlets_lookup (attest_outlets_get_default (), result->author))
    {
      if (result->publication == NULL)
        result->publication = g_steal_pointer (&result->author);
      g_clear_pointer (&result->author, g_free);
    }
  result->date = g_steal_pointer (&meta->values[META_DATE]);
  result->volume = g_steal_pointer (&meta->values[META_VOLUME]);
  result->issue = g_steal_pointer (&meta->values[META_ISSUE]);
  for (guint i = 0; i < N_META; i++)
    g_free (meta->values[i]);
}
