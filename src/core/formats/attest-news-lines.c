/* attest-news-lines.c — see attest-news-lines.h. */
#include "attest-news-lines.h"
#include "attest-date.h"
#include "attest-markup-text.h"
#include "attest-outlets.h"

#include <string.h>

/**
 * attest_news_is_junk_line:
 * @stripped: a line, stripped of white space
 *
 * Returns: %TRUE for an artefact of the export tool ("Placeholder
 *   canvas"), never a title
 */
gboolean
attest_news_is_junk_line (const char *stripped)
{
  /* An artefact of the export tool in front of some articles. */
  return g_ascii_strcasecmp (stripped, "Placeholder canvas") == 0;
}

/* Lines of site chrome copied with an article: never a title. */
static const char *chrome_lines[] = {
  "accessibility links", "skip to content", "skip to main content", "skip to navigation",
  "skip navigation", "all news", "menu", "main menu", "open menu", "close menu", "home", "search",
  "subscribe", "sign in", "sign up", "log in", "login", "register", "newsletter", "share",
  "share this", "share this article", "share this story", "share on facebook",
  "share on twitter", "print", "print this page", "email", "e-mail", "facebook", "twitter",
  "telegram", "whatsapp", "vk", "linkedin", "comments", "comment", "most read", "most popular",
  "latest news", "latest", "top stories", "related", "related articles", "related stories",
  "related news", "read more", "read also", "see also", "advertisement", "advertising", "ad",
  "cookies", "follow us", "listen", "listen to this article", "news", "world", "politics",
  "opinion", "analysis", "video", "videos", "photo", "photos", "en", "ru", "english",
  "русский", "back to top", "close", "toggle navigation", "breaking news", "sections",
  "topics", "tags", "more", "next", "previous", "loading", "loading...", "you are here",
  "font size", "text size", "a a a", "a+ a-", "print version", "version for print",
  "feedback", "contact us", "about us", "rss", "archive", "live", "watch live", "news feed",
  "editor's picks", "in pictures", "trending", "popular", "recommended", "more stories",
  "more on this story", "top", "copy link", "link copied", "press release",
  "for immediate release", "news release", "original article", "quote", NULL,
};

/**
 * attest_news_is_chrome_line:
 * @line: a line
 *
 * Returns: %TRUE for site chrome copied with an article ("Skip to
 *   content", "Home > News", "5 min read", a menu): never a title
 */
gboolean
attest_news_is_chrome_line (const char *line)
{
  g_autofree char *folded = NULL;
  gsize len = strlen (line);
  guint separators = 0;
  gboolean letters = FALSE;

  if (len == 0)
    return FALSE;
  if (attest_news_is_junk_line (line))
    return TRUE;

  folded = g_utf8_casefold (line, -1);
  g_strstrip (folded);
  len = strlen (folded);
  while (len > 0 && (folded[len - 1] == ':' || folded[len - 1] == '.' || folded[len - 1] == ' '))
    folded[--len] = '\0';
  if (g_strv_contains (chrome_lines, folded))
    return TRUE;

  /* Breadcrumbs: "Home > News > Central Asia"; reading times: "5 min read". */
  for (const char *p = line; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '>' || c == 0x203A || c == 0xBB)
        separators++;
      if (g_unichar_isalpha (c))
        letters = TRUE;
    }
  /* "12.05.2016" is a date line, not chrome. */
  if ((!letters && attest_date_find (line, TRUE, NULL, NULL) == NULL) || separators >= 2)
    return TRUE;
  if (g_str_has_suffix (folded, "min read") || g_str_has_suffix (folded, "minute read") ||
      g_str_has_suffix (folded, "minutes read"))
    return TRUE;

  /* A menu: "Menu  Politics  Economy  World" (items apart by several
   * spaces), "Home | About | Contacts", "ENG | РУС" (three or more short
   * items between bars, no date among them). */
  {
    guint gaps = 0, bars = 0, long_items = 0;
    g_auto(GStrv) items = NULL;

    for (const char *p = line; *p != '\0'; p++)
      {
        if (p[0] == ' ' && p[1] == ' ' && (p == line || p[-1] != ' '))
          gaps++;
        if (*p == '|')
          bars++;
      }
    if (gaps >= 2)
      return TRUE;
    if (bars >= 2 && attest_date_find (line, TRUE, NULL, NULL) == NULL)
      {
        items = g_strsplit (line, "|", -1);
        for (guint i = 0; items[i] != NULL; i++)
          {
            guint words = 0;
            gboolean in_word = FALSE;

            for (const char *p = items[i]; *p != '\0'; p++)
              {
                if (*p != ' ' && !in_word)
                  words++;
                in_word = *p != ' ';
              }
            if (words > 4)
              long_items++;
          }
        if (long_items == 0)
          return TRUE;
      }
  }

  return FALSE;
}

/**
 * attest_news_count_words:
 * @s: a line
 *
 * Returns: the number of words in @s
 */
guint
attest_news_count_words (const char *s)
{
  guint n = 0;
  gboolean in_word = FALSE;

  for (const char *p = s; *p != '\0'; p = g_utf8_next_char (p))
    {
      gboolean space = g_unichar_isspace (g_utf8_get_char (p));

      if (!space && !in_word)
        n++;
      in_word = !space;
    }
  return n;
}

/**
 * attest_news_ends_like_sentence:
 * @s: a line
 *
 * Returns: %TRUE when @s ends with '.', '!', '?', '…' or a closing quote
 */
gboolean
attest_news_ends_like_sentence (const char *s)
{
  gsize len = strlen (s);
  const char *last;
  gunichar c;

  if (len == 0)
    return FALSE;
  last = g_utf8_find_prev_char (s, s + len);
  c = g_utf8_get_char (last);
  return c == '.' || c == '!' || c == '?' || c == 0x201D || c == '"' || c == 0x2026;
}

/**
 * attest_news_all_capitals:
 * @s: a line
 *
 * Returns: %TRUE for no lower-case letter and four capitals at least
 */
gboolean
attest_news_all_capitals (const char *s)
{
  guint upper = 0;

  for (const char *p = s; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_islower (c))
        return FALSE;
      if (g_unichar_isupper (c))
        upper++;
    }
  return upper >= 4;
}

/* A paragraph of the story: a sentence of some length. */
/**
 * attest_news_is_body_line:
 * @s: a line
 *
 * Returns: %TRUE for a paragraph of the story: a sentence of some length
 */
gboolean
attest_news_is_body_line (const char *s)
{
  return (attest_news_ends_like_sentence (s) && attest_news_count_words (s) >= 8) ||
         attest_news_count_words (s) > 40;
}

/* "April 31, 2005", "May 2005": shaped like a date line, whether or not
 * the day exists; such a line is header, never the story. */
/**
 * attest_news_looks_like_date_line:
 * @s: a line
 *
 * "April 31, 2005", "May 2005": shaped like a date line, whether or not
 * the day exists; such a line is header, never the story.
 *
 * Returns: %TRUE for such a line
 */
gboolean
attest_news_looks_like_date_line (const char *s)
{
  gboolean digit = FALSE, month = FALSE;
  guint words = 0;
  g_auto(GStrv) tokens = g_strsplit_set (s, " ,.", -1);

  for (guint i = 0; tokens[i] != NULL; i++)
    {
      if (*tokens[i] == '\0')
        continue;
      words++;
      if (g_ascii_isdigit (*tokens[i]))
        digit = TRUE;
      else if (attest_date_month_from_name (tokens[i], strlen (tokens[i])) != 0)
        month = TRUE;
    }
  if (words > 5 || !digit)
    return FALSE;
  if (month)
    return TRUE;
  /* "31.04.2005", "13/13/2005": digits, a mark, digits, the same mark, digits. */
  for (const char *p = s; *p != '\0'; p++)
    {
      const char *q = p;
      char mark;

      if (!g_ascii_isdigit (*q))
        continue;
      while (g_ascii_isdigit (*q))
        q++;
      mark = *q;
      if (mark != '/' && mark != '.' && mark != '-')
        continue;
      q++;
      if (!g_ascii_isdigit (*q))
        continue;
      while (g_ascii_isdigit (*q))
        q++;
      if (*q == mark && g_ascii_isdigit (q[1]))
        return TRUE;
    }
  return FALSE;
}

/* A name an outlet may go by: known, or shaped like one. */
/**
 * attest_news_is_outlet_name:
 * @s: a line
 *
 * Returns: %TRUE for a name an outlet may go by: known, or shaped like one
 */
gboolean
attest_news_is_outlet_name (const char *s)
{
  return attest_outlets_lookup (attest_outlets_get_default (), s) != NULL ||
         attest_outlets_looks_like_outlet (s);
}

/* A person's name as bylines give it: one to five words, each capitalised
 * (particles such as "de", "van", "al-" allowed), no digits. */
static const char *not_names[] = {
  "press", "service", "ministry", "office", "department", "editorial", "staff", "desk", "team",
  "agency", "news", "bureau", "center", "centre", "politics", "world", "business", "society",
  "economy", "security", "defense", "defence", "home", "releases", "release", "reporter",
  "correspondent", "admin", "administrator", NULL,
};

/**
 * attest_news_is_person_name:
 * @s: a line
 *
 * A person's name as bylines give it: one to five words, each capitalised
 * (particles such as "de", "van", "al-" allowed), no digits.
 *
 * Returns: %TRUE for such a name
 */
gboolean
attest_news_is_person_name (const char *s)
{
  g_auto(GStrv) words = g_strsplit (s, " ", -1);
  guint n = 0;

  if (attest_news_is_chrome_line (s))
    return FALSE;
  for (guint i = 0; words[i] != NULL; i++)
    {
      g_autofree char *lower = NULL;
      gunichar c;

      if (*words[i] == '\0')
        continue;
      lower = g_utf8_strdown (words[i], -1);
      if (g_strv_contains (not_names, lower))
        return FALSE;
      if (++n > 5 || strpbrk (words[i], "0123456789@/|:") != NULL)
        return FALSE;
      c = g_utf8_get_char (words[i]);
      if (!g_unichar_isupper (c) && strcmp (words[i], "de") != 0 && strcmp (words[i], "van") != 0 &&
          strcmp (words[i], "von") != 0 && strcmp (words[i], "and") != 0 && !g_str_has_prefix (words[i], "al-"))
        return FALSE;
    }
  return n > 0;
}

static const char *editor_labels[] = { "editor:", "edited by", "editing by", "photo editor:", NULL };
static const char *author_labels[] = { "by:", "author:", "authors:", "written by", "by",
                                       "Автор:", "автор:", "Авторы:", NULL };
static const char *date_labels[] = {
  "date:", "published:", "published on", "published", "publication date:", "dated", NULL,
};
static const char *skipped_labels[] = {
  "posted on", "posted by", "posted", "updated", "last updated", "modified", "reposted",
  "shared by", NULL,
};
static const char *outlet_labels[] = {
  "source:", "sources:", "originally published by", "originally published in", "via:",
  "reprinted from", "republished from", "first published by", "first published in", NULL,
};

/* The text after @labels' label at the start of @s, or NULL. */
static const char *
after_label (const char  *s,
             const char **labels)
{
  for (guint i = 0; labels[i] != NULL; i++)
    {
      gsize n = strlen (labels[i]);

      if (g_ascii_strncasecmp (s, labels[i], n) == 0 &&
          (labels[i][n - 1] == ':' || s[n] == ' ' || s[n] == ':'))
        {
          s += n;
          while (*s == ' ' || *s == ':')
            s++;
          return s;
        }
    }
  return NULL;
}

/**
 * attest_news_after_label:
 * @s: (nullable): a line
 * @label: a kind of label
 *
 * Returns: (transfer none) (nullable): the text after a @label label at the
 *   start of @s, inside @s; or %NULL
 */
const char *
attest_news_after_label (const char      *s,
                         AttestNewsLabel  label)
{
  static const char **lists[] = {
    [ATTEST_NEWS_LABEL_AUTHOR] = author_labels,
    [ATTEST_NEWS_LABEL_DATE] = date_labels,
    [ATTEST_NEWS_LABEL_SKIPPED] = skipped_labels,
    [ATTEST_NEWS_LABEL_OUTLET] = outlet_labels,
    [ATTEST_NEWS_LABEL_EDITOR] = editor_labels,
  };

  return after_label (s, lists[label]);
}

/* "----", "* * *", "=====": where a repost's own article begins. */
/**
 * attest_news_is_separator_line:
 * @s: a line
 *
 * Returns: %TRUE for a line such as "----", "* * *", "=====": where a
 *   repost's own article begins
 */
gboolean
attest_news_is_separator_line (const char *s)
{
  guint marks = 0;

  for (const char *p = s; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '-' || c == '*' || c == '=' || c == '_' || c == '~' || c == 0x2014 || c == 0x2013)
        marks++;
      else if (!g_unichar_isspace (c))
        return FALSE;
    }
  return marks >= 3;
}

/* "Home / World", "Asia-Plus / Security": a path of sections. */
/**
 * attest_news_is_section_path:
 * @s: a line
 *
 * Returns: %TRUE for a path of sections: "Home / World", "Asia-Plus /
 *   Security"
 */
gboolean
attest_news_is_section_path (const char *s)
{
  g_auto(GStrv) parts = g_strsplit (s, " / ", -1);

  if (g_strv_length (parts) < 2)
    return FALSE;
  for (guint i = 0; parts[i] != NULL; i++)
    if (attest_news_count_words (parts[i]) > 4)
      return FALSE;
  return TRUE;
}

/* What parts an outlet's logo line from its tagline: "APA - Azeri Press Agency". */
static const char *logo_separators[] = { " - ", " \u2013 ", " \u2014 ", " | ", NULL };

/* "APA - Azeri Press Agency", "TASS": the outlet's name as a logo line. */
/**
 * attest_news_outlet_line:
 * @s: (nullable): a line
 *
 * "APA - Azeri Press Agency", "TASS": the outlet's name as a logo line.
 *
 * Returns: (transfer none) (nullable): @s when it is one, else %NULL
 */
const char *
attest_news_outlet_line (const char *s)
{
  AttestOutlets *known = attest_outlets_get_default ();

  if (attest_news_count_words (s) > 8)
    return NULL;
  if (attest_outlets_lookup (known, s) != NULL)
    return s;
  for (guint i = 0; logo_separators[i] != NULL; i++)
    {
      const char *p = strstr (s, logo_separators[i]);

      if (p != NULL)
        {
          g_autofree char *left = g_strndup (s, p - s);

          if (attest_outlets_lookup (known, left) != NULL)
            return s;
        }
    }
  return NULL;
}

/**
 * attest_news_dup_outlet_name:
 * @s: a line
 *
 * Returns: (transfer full): the outlet's name in a logo line (the part
 *   before its tagline)
 */
char *
attest_news_dup_outlet_name (const char *s)
{

  if (attest_outlets_lookup (attest_outlets_get_default (), s) != NULL)
    return g_strdup (s);
  for (guint i = 0; logo_separators[i] != NULL; i++)
    {
      const char *p = strstr (s, logo_separators[i]);

      if (p != NULL)
        return g_strndup (s, p - s);
    }
  return g_strdup (s);
}

/* "Eurasia Daily Monitor Volume: 7 Issue: 224" */
/**
 * attest_news_is_volume_line:
 * @s: a line
 *
 * Returns: %TRUE for a volume line: "Eurasia Daily Monitor Volume: 7 Issue: 224"
 */
gboolean
attest_news_is_volume_line (const char *s)
{
  return attest_text_find_ci (s, strlen (s), "Volume:") != NULL &&
         attest_text_find_ci (s, strlen (s), "Issue:") != NULL;
}
