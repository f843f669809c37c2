/* attest-article-reader.c — see attest-article-reader.h.
 *
 * Owns everything between the bytes of a file and an AttestDocument: size and
 * binary checks, decoding (UTF-8, UTF-8 with BOM, UTF-16 with BOM, else
 * Windows-1252), newline folding, format detection, the header lines of plain
 * text exports and copied news, and turning what a format reader found
 * (attest-format.h: PDF, DOCX, ODT, EPUB, web pages, TEI) into a document.
 */
#include "attest-article-reader.h"
#include "attest-citation-scanner.h"
#include "attest-date.h"
#include "attest-outlets.h"
#include "attest-error.h"
#include "attest-input-file.h"
#include "attest-format.h"
#include "attest-markup-text.h"
#include "attest-zip.h"

#include <string.h>

#include <json-glib/json-glib.h>

/* Lines searched for a "Publication:" line in plain text. */
#define HEADER_LINES 10

/* Lines looked at by the header parser at all; the rest is body. */
#define SCANNED_LINES 64

/* Longest first line taken as a title when there is no Publication line. */
#define MAX_TITLE_CHARS 200

/* Lines a news header can take up, chrome included. */
#define HEADER_ZONE_LINES 40

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

static void
set_too_large (GError    **error,
               const char *name,
               gsize       max,
               const char *what)
{
  g_autofree char *limit = g_format_size_full (max, G_FORMAT_SIZE_IEC_UNITS);

  g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_TOO_LARGE,
               "“%s” is larger than %s, the largest %s Attest reads",
               name, limit, what);
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

static gboolean
has_prefix_ci (const char *text,
               const char *prefix)
{
  return g_ascii_strncasecmp (text, prefix, strlen (prefix)) == 0;
}

/* Case-insensitive strstr over at most @len bytes of @haystack. */
static const char *
find_ci (const char *haystack,
         gsize       len,
         const char *needle)
{
  gsize n = strlen (needle);

  for (gsize i = 0; i + n <= len && haystack[i] != '\0'; i++)
    if (g_ascii_strncasecmp (haystack + i, needle, n) == 0)
      return haystack + i;

  return NULL;
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

  if (has_prefix_ci (p, "<!DOCTYPE html") || has_prefix_ci (p, "<html"))
    return FORMAT_HTML;

  if (has_prefix_ci (p, "<?xml") || has_prefix_ci (p, "<!DOCTYPE") ||
      has_prefix_ci (p, "<!--") || g_str_has_prefix (p, "<TEI") ||
      g_str_has_prefix (p, "<teiCorpus"))
    {
      /* XHTML starts like XML; the first root-looking tag decides. */
      gsize head = MIN (strlen (p), 4096);
      const char *html = find_ci (p, head, "<html");
      const char *tei = find_ci (p, head, "<TEI");

      if (html != NULL && (tei == NULL || html < tei))
        return FORMAT_HTML;
      if (tei != NULL || has_prefix_ci (p, "<?xml"))
        return FORMAT_TEI;
    }

  return FORMAT_TEXT;
}

/* A date anywhere in @text, with a year, in the stored form; NULL if none. */
static char *
parse_date (const char *text)
{
  AttestDate date;

  if (attest_date_find (text, TRUE, &date, NULL) == NULL)
    return NULL;
  return attest_date_to_iso (&date, NULL);
}

/* ------------------------------------------------------------------------ */
/* Plain text header                                                        */
/* ------------------------------------------------------------------------ */

typedef struct {
  const char *start;   /* into the document text */
  gsize       bytes;   /* without the newline */
  gint64      offset;  /* character offset of the line's start */
} Line;

static GArray *
split_lines (const char *text,
             guint       max_lines)
{
  GArray *lines = g_array_new (FALSE, FALSE, sizeof (Line));
  const char *p = text;
  gint64 offset = 0;

  while (lines->len < max_lines)
    {
      const char *nl = strchr (p, '\n');
      Line line;

      line.start = p;
      line.bytes = nl != NULL ? (gsize) (nl - p) : strlen (p);
      line.offset = offset;
      g_array_append_val (lines, line);

      if (nl == NULL)
        break;
      offset += g_utf8_strlen (p, line.bytes) + 1;
      p = nl + 1;
    }

  return lines;
}

/* The line without surrounding white space, as a new string. */
static char *
line_dup (const Line *line)
{
  return g_strstrip (g_strndup (line->start, line->bytes));
}

static gboolean
line_is_blank (const Line *line)
{
  return attest_text_is_blank (line->start, line->bytes);
}

/* If @line is "Field: value", returns the stripped value (possibly ""). */
static char *
line_field (const Line *line,
            const char *field)
{
  g_autofree char *s = line_dup (line);

  if (!has_prefix_ci (s, field))
    return NULL;

  return g_strstrip (g_strdup (s + strlen (field)));
}

static gboolean
is_junk_line (const char *stripped)
{
  /* An artefact of the export tool in front of some articles. */
  return g_ascii_strcasecmp (stripped, "Placeholder canvas") == 0;
}

/* Takes @value into *@field; an empty value is no value. */
static void
set_field (char **field,
           char  *value)
{
  if (value != NULL && *value == '\0')
    g_clear_pointer (&value, g_free);
  g_free (*field);
  *field = value;
}

/* The first word after @key in @s ("Volume: 2 Issue: 3" → "2"), or NULL. */
static char *
word_after (const char *s,
            const char *key)
{
  const char *p = find_ci (s, strlen (s), key);
  const char *end;

  if (p == NULL)
    return NULL;
  p += strlen (key);
  while (g_ascii_isspace (*p))
    p++;
  end = p;
  while (*end != '\0' && !g_ascii_isspace (*end) && *end != ',' && *end != ';')
    end++;

  return end > p ? g_strndup (p, end - p) : NULL;
}

static void
parse_publication_line (AttestDocument *doc,
                        const char     *value)
{
  const char *volume = find_ci (value, strlen (value), "Volume:");
  const char *issue = find_ci (value, strlen (value), "Issue:");
  const char *end = value + strlen (value);

  if (volume != NULL)
    end = volume;
  if (issue != NULL && issue < end)
    end = issue;

  set_field (&doc->publication, g_strstrip (g_strndup (value, end - value)));
  set_field (&doc->volume, word_after (value, "Volume:"));
  set_field (&doc->issue, word_after (value, "Issue:"));
}

/* Reads a "By:" or "Date:" line into @doc; FALSE if @line is neither. */
static gboolean
take_byline (AttestDocument *doc,
             const Line     *line)
{
  char *value;

  if ((value = line_field (line, "By:")) != NULL)
    {
      set_field (&doc->author, value);
      return TRUE;
    }

  if ((value = line_field (line, "Date:")) != NULL)
    {
      set_field (&doc->date, parse_date (value));
      g_free (value);
      return TRUE;
    }

  return FALSE;
}

/* ------------------------------------------------------------------------ */
/* News header: headline, byline, dates, outlet, site chrome                */
/* ------------------------------------------------------------------------ */

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

static gboolean
is_chrome_line (const char *line)
{
  g_autofree char *folded = NULL;
  gsize len = strlen (line);
  guint separators = 0;
  gboolean letters = FALSE;

  if (len == 0)
    return FALSE;
  if (is_junk_line (line))
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

static guint
count_words (const char *s)
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

static gboolean
ends_like_sentence (const char *s)
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

static gboolean
all_capitals (const char *s)
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
static gboolean
is_body_line (const char *s)
{
  return (ends_like_sentence (s) && count_words (s) >= 8) || count_words (s) > 40;
}

static const char *editor_labels[] = { "editor:", "edited by", "editing by", "photo editor:", NULL };

/* "April 31, 2005", "May 2005": shaped like a date line, whether or not
 * the day exists; such a line is header, never the story. */
static gboolean
looks_like_date_line (const char *s)
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
static const char *after_label (const char *s, const char **labels);

/* A name an outlet may go by: known, or shaped like one. */
static gboolean
is_outlet_name (const char *s)
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

static gboolean
is_person_name (const char *s)
{
  g_auto(GStrv) words = g_strsplit (s, " ", -1);
  guint n = 0;

  if (is_chrome_line (s))
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

/* Takes a date with a year out of @s into the document (the first one
 * wins); returns @s without it, or NULL when it has none. */
static char *
take_date (AttestDocument *doc,
           const char     *s,
           gboolean        fill_only)
{
  AttestDate date;
  gsize length = 0;
  const char *at = attest_date_find (s, TRUE, &date, &length);
  GString *rest;

  if (at == NULL)
    return NULL;
  if (doc->date == NULL)
    doc->date = attest_date_to_iso (&date, NULL);
  (void) fill_only;

  rest = g_string_new_len (s, at - s);
  g_string_append (rest, at + length);
  return g_strstrip (g_string_free (rest, FALSE));
}

static void
set_if_empty (char      **field,
              const char *value)
{
  g_autofree char *copy = NULL;

  if (*field != NULL || value == NULL)
    return;
  copy = g_strstrip (g_strdup (value));
  /* "Joanna Lillis," — whole characters: a byte of "–" is also the last
   * byte of "р" or "😀". */
  while (*copy != '\0')
    {
      char *last = g_utf8_find_prev_char (copy, copy + strlen (copy));
      gunichar c = g_utf8_get_char (last);

      if (c != ',' && c != ';' && c != '|' && c != '-' && c != 0x2013 && c != 0x2014)
        break;
      *last = '\0';
      g_strchomp (copy);
    }
  if (*copy != '\0')
    *field = g_steal_pointer (&copy);
}

/* A byline's value: "Joanna Lillis", "AFP", "Joanna Lillis, Reuters",
 * "Joanna Lillis | April 21, 2005". */
static void
take_author (AttestDocument *doc,
             const char     *value)
{
  g_autofree char *without_date = take_date (doc, value, TRUE);
  g_autoptr(GString) plain = g_string_new (NULL);
  g_auto(GStrv) parts = NULL;
  guint depth = 0;

  /* "Trend 11:42 (UTC +04:00)": times and asides are no part of a name. */
  for (const char *p = without_date ? without_date : value; *p != '\0'; p++)
    {
      if (*p == '(')
        depth++;
      else if (*p == ')' && depth > 0)
        depth--;
      else if (depth == 0 && !(g_ascii_isdigit (*p) && (p[1] == ':' || (g_ascii_isdigit (p[1]) && p[2] == ':'))))
        g_string_append_c (plain, *p);
      else if (depth == 0)
        {
          while (g_ascii_isdigit (*p) || *p == ':')
            p++;
          p--;
        }
    }
  parts = g_strsplit_set (plain->str, ",|", -1);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      char *part = g_strstrip (parts[i]);

      if (*part == '\0')
        continue;
      /* "By AFP": an agency wrote it, no person. */
      if (attest_outlets_lookup (attest_outlets_get_default (), part) != NULL)
        {
          set_if_empty (&doc->publication, part);
          continue;
        }
      if (i > 0 && is_outlet_name (part) && !is_person_name (part))
        set_if_empty (&doc->publication, part);
      else if (i > 0 && attest_outlets_lookup (attest_outlets_get_default (), part))
        set_if_empty (&doc->publication, part);
      else if (doc->author == NULL)
        set_if_empty (&doc->author, part);
    }
}

/* "EurasiaDaily.org | April 21, 2005 | Roger McDermott" */
static gboolean
take_pipe_line (AttestDocument *doc,
                const char     *s)
{
  g_auto(GStrv) parts = NULL;
  guint n = 0;
  gboolean took = FALSE;

  if (strchr (s, '|') == NULL && strstr (s, "\u00B7") == NULL && strstr (s, "\u2022") == NULL)
    return FALSE;

  {
    g_autofree char *plain = g_strdup (s);
    GString *norm = g_string_new (NULL);

    for (const char *p = plain; *p != '\0'; p = g_utf8_next_char (p))
      {
        gunichar c = g_utf8_get_char (p);

        if (c == 0xB7 || c == 0x2022)
          g_string_append_c (norm, '|');
        else
          g_string_append_unichar (norm, c);
      }
    parts = g_strsplit (norm->str, "|", -1);
    g_string_free (norm, TRUE);
  }
  n = g_strv_length (parts);
  if (n < 2 || n > 5)
    return FALSE;
  /* "Russia opens base in Tajikistan | Reuters": a headline and its site. */
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *part = g_strstrip (g_strdup (parts[i]));

      if (count_words (part) > 4 && attest_date_find (part, TRUE, NULL, NULL) == NULL &&
          g_ascii_strncasecmp (part, "by ", 3) != 0)
        return FALSE;
    }

  for (guint i = 0; i < n; i++)
    {
      char *part = g_strstrip (parts[i]);
      AttestDate date;

      if (*part == '\0' || is_chrome_line (part) || after_label (part, editor_labels) != NULL)
        continue;
      if (g_ascii_strncasecmp (part, "by ", 3) == 0)
        {
          take_author (doc, part + 3);
          took = TRUE;
        }
      else if (attest_date_parse (part, &date) || attest_date_find (part, TRUE, NULL, NULL) == part)
        {
          g_free (take_date (doc, part, TRUE));
          took = TRUE;
        }
      else if (is_outlet_name (part) && !is_person_name (part))
        {
          set_if_empty (&doc->publication, part);
          took = TRUE;
        }
      else if (attest_outlets_lookup (attest_outlets_get_default (), part))
        {
          set_if_empty (&doc->publication, part);
          took = TRUE;
        }
      else if (is_person_name (part) && count_words (part) >= 2)
        {
          set_if_empty (&doc->author, part);
          took = TRUE;
        }
    }
  return took;
}

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

/* A headline's " - Reuters" or " | Eurasianet": the outlet, cut off the title. */
static void
take_title (AttestDocument *doc,
            const char     *line,
            gboolean        fill_only)
{
  static const char *separators[] = { " - ", " | ", " \u2014 ", " \u2013 ", " :: ", NULL };
  g_autofree char *title = NULL;
  const char *cut = NULL;
  gsize cut_len = 0;

  /* "⚡️ Ukraine says …": symbols before the words are decoration. */
  while (*line != '\0')
    {
      gunichar c = g_utf8_get_char (line);
      GUnicodeType type = g_unichar_type (c);

      if (type != G_UNICODE_OTHER_SYMBOL && type != G_UNICODE_MATH_SYMBOL && type != G_UNICODE_NON_SPACING_MARK &&
          type != G_UNICODE_ENCLOSING_MARK && type != G_UNICODE_FORMAT && !g_unichar_isspace (c) &&
          !(c >= 0xFE00 && c <= 0xFE0F))
        break;
      line = g_utf8_next_char (line);
    }
  title = g_strdup (line);

  /* "Title - by Marta Lindqvist": the author, after the title. */
  for (guint i = 0; separators[i] != NULL; i++)
    {
      g_autofree char *by = g_strconcat (separators[i], "by ", NULL);
      char *p = strstr (title, by);

      if (p != NULL && p > title && is_person_name (p + strlen (by)))
        {
          set_if_empty (&doc->author, p + strlen (by));
          *p = '\0';
          break;
        }
    }

  for (guint i = 0; separators[i] != NULL; i++)
    {
      const char *p = g_strrstr (title, separators[i]);

      if (p != NULL && p > title && (cut == NULL || p > cut))
        {
          const char *outlet = p + strlen (separators[i]);

          if ((count_words (outlet) <= 5 && is_outlet_name (outlet)) ||
              (doc->publication != NULL && g_ascii_strcasecmp (outlet, doc->publication) == 0))
            {
              cut = p;
              cut_len = strlen (separators[i]);
            }
        }
    }

  if (cut != NULL)
    {
      set_if_empty (&doc->publication, cut + cut_len);
      title[cut - title] = '\0';
    }
  if (!fill_only || doc->title == NULL)
    set_field (&doc->title, g_strdup (g_strstrip (title)));
  else if (cut != NULL && strcmp (doc->title, line) == 0)
    set_field (&doc->title, g_strdup (g_strstrip (title)));
}

/* A wire story's dateline at the start of the body gives the date (when it
 * has a year) and the outlet: "BISHKEK. Aug 30 (Interfax) -". */
static void
take_dateline (AttestDocument *doc,
               const char     *line)
{
  g_autoptr(GPtrArray) citations = attest_citation_scanner_scan (line, doc->date);
  AttestCitation *c;

  c = citations->len > 0 ? g_ptr_array_index (citations, 0) : NULL;
  if (c == NULL || c->kind != ATTEST_CITATION_DATELINE || c->start != 0)
    {
      /* "Moscow, 12 November 2018 – The …": a press release's dateline. */
      AttestDate date;
      const char *at = attest_date_find (line, TRUE, &date, NULL);

      if (doc->date != NULL || at == NULL || at - line > 40)
        return;
      for (const char *p = line; p < at; p = g_utf8_next_char (p))
        if (g_unichar_islower (g_utf8_get_char (p)) &&
            (p == line || g_unichar_isspace (g_utf8_get_char (g_utf8_prev_char (p)))))
          return;
      doc->date = attest_date_to_iso (&date, NULL);
      return;
    }
  if (doc->date == NULL && c->source->when != NULL && attest_date_is_iso (c->source->when))
    doc->date = g_strdup (c->source->when);
  set_if_empty (&doc->publication, c->source->outlet);
}

/* "----", "* * *", "=====": where a repost's own article begins. */
static gboolean
is_separator_line (const char *s)
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
static gboolean
is_section_path (const char *s)
{
  g_auto(GStrv) parts = g_strsplit (s, " / ", -1);

  if (g_strv_length (parts) < 2)
    return FALSE;
  for (guint i = 0; parts[i] != NULL; i++)
    if (count_words (parts[i]) > 4)
      return FALSE;
  return TRUE;
}

/* "APA - Azeri Press Agency", "TASS": the outlet's name as a logo line. */
static const char *
outlet_line (const char *s)
{
  static const char *separators[] = { " - ", " \u2013 ", " \u2014 ", " | ", NULL };
  AttestOutlets *known = attest_outlets_get_default ();

  if (count_words (s) > 8)
    return NULL;
  if (attest_outlets_lookup (known, s) != NULL)
    return s;
  for (guint i = 0; separators[i] != NULL; i++)
    {
      const char *p = strstr (s, separators[i]);

      if (p != NULL)
        {
          g_autofree char *left = g_strndup (s, p - s);

          if (attest_outlets_lookup (known, left) != NULL)
            return s;
        }
    }
  return NULL;
}

static char *
outlet_line_name (const char *s)
{
  static const char *separators[] = { " - ", " \u2013 ", " \u2014 ", " | ", NULL };

  if (attest_outlets_lookup (attest_outlets_get_default (), s) != NULL)
    return g_strdup (s);
  for (guint i = 0; separators[i] != NULL; i++)
    {
      const char *p = strstr (s, separators[i]);

      if (p != NULL)
        return g_strndup (s, p - s);
    }
  return g_strdup (s);
}

/* "Eurasia Daily Monitor Volume: 7 Issue: 224" */
static gboolean
is_volume_line (const char *s)
{
  return find_ci (s, strlen (s), "Volume:") != NULL && find_ci (s, strlen (s), "Issue:") != NULL;
}

typedef struct
{
  guint  line;
  guint  words;
  char  *text;
} Candidate;

/* Reads the header of a news article from its first lines: the headline,
 * bylines, dates, the outlet, skipping site chrome, section paths, photo
 * captions and credits. Of the lines that could be the headline, the
 * longest is taken: chrome and section names are short. A separator line
 * ("----") starts the header anew: what came before was a repost's frame.
 * Returns the index of the story's first line. With @fill_only (HTML,
 * whose metadata came from the page) only what is missing is taken. */
static guint
read_news_header (AttestDocument *doc,
                  GArray         *lines,
                  gboolean        fill_only)
{
  const Line *l = (const Line *) lines->data;
  g_autofree char *page_title = fill_only && doc->title ? g_strdup (doc->title) : NULL;
  Candidate best = { G_MAXUINT, 0, NULL };
  gboolean separated = FALSE;
  guint first_skipped = G_MAXUINT;
  guint page_title_line = 0;
  guint i;

  /* Where a page's title stands in its text, if it does. */
  for (i = 0; page_title != NULL && i < lines->len && i < HEADER_ZONE_LINES; i++)
    {
      g_autofree char *s = line_dup (&l[i]);

      if (strcmp (s, page_title) == 0)
        {
          page_title_line = i;
          break;
        }
    }

  for (i = 0; i < lines->len && i < HEADER_ZONE_LINES; i++)
    {
      g_autofree char *s = line_dup (&l[i]);
      g_autofree char *next = NULL;
      const char *value;

      if (*s == '\0')
        continue;

      /* A repost: the article proper follows the separator. */
      if (is_separator_line (s) && !fill_only && !separated)
        {
          separated = TRUE;
          g_clear_pointer (&best.text, g_free);
          best.line = G_MAXUINT;
          best.words = 0;
          set_field (&doc->title, NULL);
          set_field (&doc->author, NULL);
          set_field (&doc->date, NULL);
          continue;
        }

      if (is_chrome_line (s) || is_section_path (s) || attest_citation_scanner_is_credit_line (s))
        continue;

      if ((value = after_label (s, skipped_labels)) != NULL)
        continue;
      if ((value = after_label (s, editor_labels)) != NULL)
        continue;
      if ((value = after_label (s, date_labels)) != NULL && attest_date_find (value, TRUE, NULL, NULL))
        {
          g_free (take_date (doc, value, fill_only));
          continue;
        }
      if ((value = after_label (s, outlet_labels)) != NULL && *value != '\0' && !is_body_line (s))
        {
          set_if_empty (&doc->publication, value);
          continue;
        }
      if ((value = after_label (s, author_labels)) != NULL && *value != '\0' && count_words (s) <= 12 &&
          !ends_like_sentence (value))
        {
          if (!take_pipe_line (doc, s))
            take_author (doc, value);
          continue;
        }
      if (is_volume_line (s))
        {
          if (doc->publication == NULL)
            parse_publication_line (doc, s);
          g_free (take_date (doc, s, fill_only));
          continue;
        }
      if (!is_body_line (s) && take_pipe_line (doc, s))
        continue;

      /* A line that is a date: "Thursday, April 21, 2005 14:35". */
      {
        g_autofree char *rest = NULL;
        AttestDate date;

        const char *at;

        if (count_words (s) <= 8 && (at = attest_date_find (s, TRUE, &date, NULL)) != NULL &&
            (rest = take_date (doc, s, fill_only)) != NULL &&
            (count_words (rest) <= 3 || (at == s && count_words (rest) <= 5)))
          {
            /* "Joanna Lillis Apr 21, 2015": a byline with its date. */
            if (is_person_name (rest) && !attest_outlets_lookup (attest_outlets_get_default (), rest))
              set_if_empty (&doc->author, rest);
            else if (*rest != '\0' && attest_outlets_lookup (attest_outlets_get_default (), rest))
              set_if_empty (&doc->publication, rest);
            continue;
          }
      }

      if (looks_like_date_line (s) || g_ascii_strcasecmp (s, "by") == 0)
        continue;

      /* The outlet's name alone: the site's logo. */
      if (outlet_line (s) != NULL && g_strcmp0 (s, page_title) != 0)
        {
          g_autofree char *name = outlet_line_name (s);

          set_if_empty (&doc->publication, name);
          continue;
        }

      /* A photo's caption: the line just above its credit. */
      for (guint j = i + 1; j < lines->len && j < i + 3; j++)
        {
          next = line_dup (&l[j]);
          if (*next != '\0')
            break;
          g_clear_pointer (&next, g_free);
        }
      if (next != NULL && attest_citation_scanner_is_credit_line (next))
        continue;

      if (is_body_line (s))
        {
          /* A repost's frame before the separator is not the story. */
          gboolean separator_ahead = FALSE;

          for (guint j = i + 1; !fill_only && !separated && j < lines->len && j < i + 12; j++)
            {
              g_autofree char *t = line_dup (&l[j]);

              if (is_separator_line (t))
                separator_ahead = TRUE;
            }
          if (separator_ahead)
            continue;
          break;
        }

      if (g_utf8_strlen (s, -1) < MAX_TITLE_CHARS && count_words (s) <= 30 &&
          (!ends_like_sentence (s) || all_capitals (s)) && !g_unichar_islower (g_utf8_get_char (s)))
        {
          /* In a page, whose title is known, only that title is header. */
          if (fill_only)
            {
              /* Above the page's own title: the site's header. */
              if ((page_title != NULL && strcmp (s, page_title) == 0) || i < page_title_line)
                continue;
              break;
            }
          /* A headline stands apart: a blank line or another header line
           * follows it; else it begins the body. */
          if (i + 1 < lines->len)
            {
              g_autofree char *following = line_dup (&l[i + 1]);

              if (*following != '\0' && !after_label (following, author_labels) &&
                  !after_label (following, date_labels) && !after_label (following, skipped_labels) &&
                  !after_label (following, editor_labels) && !is_chrome_line (following) &&
                  !is_section_path (following) && !attest_citation_scanner_is_credit_line (following) &&
                  strchr (following, '|') == NULL && !after_label (following, outlet_labels) &&
                  !looks_like_date_line (following) && g_ascii_strcasecmp (following, "by") != 0 &&
                  !(count_words (following) <= 8 && attest_date_find (following, TRUE, NULL, NULL)))
                {
                  /* Before any headline, lines run together are the site's
                   * own ("Frontline Brief" over its address); after one,
                   * the story has begun. */
                  if (best.text != NULL)
                    break;
                  if (first_skipped == G_MAXUINT)
                    first_skipped = i;
                  continue;
                }
              /* "Daria Novak" over a date line: a byline. */
              if (is_person_name (s) && count_words (s) >= 2 && count_words (s) <= 4 &&
                  count_words (following) <= 8 && attest_date_find (following, TRUE, NULL, NULL) &&
                  !attest_outlets_lookup (attest_outlets_get_default (), s))
                {
                  set_if_empty (&doc->author, s);
                  continue;
                }
            }
          /* The longest; of equals, the later: a site's name comes first. */
          if (count_words (s) >= best.words)
            {
              g_free (best.text);
              best.text = g_strdup (s);
              best.words = count_words (s);
              best.line = i;
            }
          continue;
        }
      /* Before any headline, a short line that is no sentence ("t.me/…")
       * is the site's; if no headline follows, it was text after all. */
      if (best.text == NULL && !fill_only && count_words (s) <= 6 && !ends_like_sentence (s))
        {
          if (first_skipped == G_MAXUINT)
            first_skipped = i;
          continue;
        }
      break;
    }

  if (best.text != NULL)
    {
      take_title (doc, best.text, FALSE);
      g_free (best.text);
    }
  else if (first_skipped < i)
    /* No headline after all: the lines taken for the site's were text. */
    i = first_skipped;

  if (i < lines->len)
    {
      g_autofree char *s = line_dup (&l[i]);

      take_dateline (doc, s);
    }

  /* "Originally published by Eurasianet." near the end of a repost. */
  if (doc->publication == NULL && !fill_only)
    {
      const char *end = doc->text + strlen (doc->text);
      const char *p = end;
      guint n = 0;

      while (p > doc->text && n < 16)
        {
          const char *start = p;
          g_autofree char *line = NULL;
          const char *value;

          while (start > doc->text && start[-1] != '\n')
            start--;
          line = g_strstrip (g_strndup (start, p - start));
          if (*line != '\0')
            {
              n++;
              if ((value = after_label (line, outlet_labels)) != NULL && *value != '\0' && count_words (value) <= 6)
                {
                  g_autofree char *name = g_strdup (value);
                  gsize len = strlen (name);

                  if (len > 0 && name[len - 1] == '.')
                    name[len - 1] = '\0';
                  set_if_empty (&doc->publication, name);
                  break;
                }
            }
          p = start > doc->text ? start - 1 : start;
        }
    }

  return i;
}

static gint64
line_end_offset (const Line *line)
{
  return line->offset + g_utf8_strlen (line->start, line->bytes) + 1;
}

void
attest_article_reader_parse_header (AttestDocument *doc)
{
  g_autoptr(GArray) lines = NULL;
  const Line *l;
  int publication = -1;
  guint next;

  g_return_if_fail (ATTEST_IS_DOCUMENT (doc));
  g_return_if_fail (doc->text != NULL);

  set_field (&doc->title, NULL);
  set_field (&doc->publication, NULL);
  set_field (&doc->volume, NULL);
  set_field (&doc->issue, NULL);
  set_field (&doc->author, NULL);
  set_field (&doc->date, NULL);
  doc->body_start = 0;

  lines = split_lines (doc->text, SCANNED_LINES);
  l = (const Line *) lines->data;

  for (guint i = 0; i < MIN (lines->len, HEADER_LINES); i++)
    {
      g_autofree char *value = line_field (&l[i], "Publication:");

      if (value != NULL)
        {
          parse_publication_line (doc, value);
          publication = i;
          break;
        }
    }

  if (publication >= 0)
    {
      /* The title is the nearest line above; By:/Date: lines in between
       * are read, and stray junk is never a title. */
      for (int i = publication - 1; i >= 0; i--)
        {
          g_autofree char *s = NULL;

          if (line_is_blank (&l[i]) || take_byline (doc, &l[i]))
            continue;

          s = line_dup (&l[i]);
          if (!is_junk_line (s))
            set_field (&doc->title, g_steal_pointer (&s));
          break;
        }

      if (doc->date == NULL)
        {
          g_autofree char *s = line_dup (&l[publication]);
          doc->date = parse_date (s);
        }
      next = publication + 1;
    }
  else
    {
      /* Everything else: news as copied from a site or a wire. */
      guint body = read_news_header (doc, lines, FALSE);

      doc->body_start = body < lines->len ? l[body].offset : doc->length;
      return;
    }

  /* The header ends after its By:/Date: lines and the blank lines after it. */
  while (next < lines->len && (line_is_blank (&l[next]) || take_byline (doc, &l[next])))
    next++;

  if (next < lines->len)
    doc->body_start = l[next].offset;
  else
    doc->body_start = MIN (line_end_offset (&l[lines->len - 1]), doc->length);
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
                   "“%s” contains no article text", name);
      return FALSE;
    }

  attest_document_set_text (doc, text->str);

  doc->body_start = 0;
  if (paras->len > 0)
    {
      const char *first = g_ptr_array_index (paras, 0);

      if ((doc->title != NULL && strcmp (first, doc->title) == 0) ||
          (heading != NULL && strcmp (first, heading) == 0))
        doc->body_start = MIN (g_utf8_strlen (first, -1) + 2, doc->length);
    }

  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* Entry points                                                             */
/* ------------------------------------------------------------------------ */

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
                   "“%s” is a ZIP archive, but not a Word, OpenDocument or EPUB document", name);
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
                         "“%s” is an OpenDocument file but not a text document", name);
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
  g_autoptr(GArray) lines = NULL;
  guint body;

  if (!set_paragraphs (doc, r->paragraphs, r->heading, name, error))
    return FALSE;

  set_field (&doc->publication, g_strdup (r->publication));
  set_field (&doc->volume, g_strdup (r->volume));
  set_field (&doc->issue, g_strdup (r->issue));
  set_field (&doc->author, g_strdup (r->author));
  set_field (&doc->date, parse_date (r->date));
  if (r->title != NULL)
    {
      g_autofree char *title = attest_markup_collapse (r->title);

      if (title != NULL)
        take_title (doc, title, FALSE);
    }
  /* The page's byline and date lines, left out of the text, say who
   * wrote it and when before its text is asked. */
  for (guint i = 0; i < r->meta_lines->len; i++)
    {
      const char *line = g_ptr_array_index (r->meta_lines, i);
      const char *by = after_label (line, author_labels);

      if (by != NULL && doc->author == NULL)
        take_author (doc, by);
      else if (doc->date == NULL)
        set_field (&doc->date, parse_date (line));
    }

  lines = split_lines (doc->text, SCANNED_LINES);
  body = read_news_header (doc, lines, TRUE);
  if (body < lines->len)
    doc->body_start = MAX (doc->body_start, g_array_index (lines, Line, body).offset);

  if (format != FORMAT_HTML || r->furniture_chars > 0)
    doc->extraction = extraction_json (r, format);
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* Entry points                                                             */
/* ------------------------------------------------------------------------ */

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
                   "“%s” is empty", shown);
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
                         "“%s” could not be read", shown);
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
                       "“%s” is named as a %s file but is not one (it is damaged, or "
                       "something else renamed)", shown, strrchr (name, '.') + 1);
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
                       "“%s” contains nothing but white space", shown);
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
                set_field (&doc->title, g_steal_pointer (&result.title));
                set_field (&doc->author, g_steal_pointer (&result.author));
                set_field (&doc->publication, g_steal_pointer (&result.publication));
                set_field (&doc->volume, g_steal_pointer (&result.volume));
                set_field (&doc->issue, g_steal_pointer (&result.issue));
                set_field (&doc->date, parse_date (result.date));
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
                   "“%s” holds more than %d MB of text, more than Attest takes as one article",
                   shown, ATTEST_ARTICLE_MAX_BYTES / (1024 * 1024));
      return NULL;
    }

  now = g_date_time_new_now_utc ();
  doc->format = g_strdup (format_names[format]);
  doc->encoding = g_strdup (encoding);
  doc->origin = g_strdup (name);
  /* Seconds, like every other time the store records. */
  doc->imported = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
  doc->uuid = g_uuid_string_random ();

  return g_steal_pointer (&doc);
}

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
