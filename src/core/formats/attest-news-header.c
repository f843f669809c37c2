/* attest-news-header.c — see attest-news-header.h.
 *
 * What each line is, is attest-news-lines.c's to say; this file decides
 * which line gives which field, and where the story begins.
 */
#include "attest-news-header.h"
#include "attest-citation-scanner.h"
#include "attest-date.h"
#include "attest-format.h"
#include "attest-markup-text.h"
#include "attest-news-lines.h"
#include "attest-outlets.h"

#include <string.h>

/* Lines searched for a "Publication:" line in plain text. */
#define HEADER_LINES 10

/* Lines looked at by the header parser at all; the rest is body. */
#define SCANNED_LINES 64

/* Longest first line taken as a title when there is no Publication line. */
#define MAX_TITLE_CHARS 200

/* Lines a news header can take up, chrome included. */
#define HEADER_ZONE_LINES 40

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
      offset += attest_utf8_length (p, line.bytes) + 1;
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

  if (!attest_text_has_prefix_ci (s, field))
    return NULL;

  return g_strstrip (g_strdup (s + strlen (field)));
}

/* The first word after @key in @s ("Volume: 2 Issue: 3" → "2"), or NULL. */
static char *
word_after (const char *s,
            const char *key)
{
  const char *p = attest_text_find_ci (s, strlen (s), key);
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
  const char *volume = attest_text_find_ci (value, strlen (value), "Volume:");
  const char *issue = attest_text_find_ci (value, strlen (value), "Issue:");
  const char *end = value + strlen (value);

  if (volume != NULL)
    end = volume;
  if (issue != NULL && issue < end)
    end = issue;

  attest_format_set_field (&doc->publication, g_strstrip (g_strndup (value, end - value)));
  attest_format_set_field (&doc->volume, word_after (value, "Volume:"));
  attest_format_set_field (&doc->issue, word_after (value, "Issue:"));
}

/* Reads a "By:" or "Date:" line into @doc; FALSE if @line is neither. */
static gboolean
take_byline (AttestDocument *doc,
             const Line     *line)
{
  char *value;

  if ((value = line_field (line, "By:")) != NULL)
    {
      attest_format_set_field (&doc->author, value);
      return TRUE;
    }

  if ((value = line_field (line, "Date:")) != NULL)
    {
      attest_format_set_field (&doc->date, attest_date_dup_first (value));
      g_free (value);
      return TRUE;
    }

  return FALSE;
}

/* ------------------------------------------------------------------------ */
/* News header: headline, byline, dates, outlet, site chrome                */
/* ------------------------------------------------------------------------ */

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
      if (i > 0 && attest_news_is_outlet_name (part) && !attest_news_is_person_name (part))
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

      if (attest_news_count_words (part) > 4 && attest_date_find (part, TRUE, NULL, NULL) == NULL &&
          g_ascii_strncasecmp (part, "by ", 3) != 0)
        return FALSE;
    }

  for (guint i = 0; i < n; i++)
    {
      char *part = g_strstrip (parts[i]);
      AttestDate date;

      if (*part == '\0' || attest_news_is_chrome_line (part) ||
          attest_news_after_label (part, ATTEST_NEWS_LABEL_EDITOR) != NULL)
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
      else if (attest_news_is_outlet_name (part) && !attest_news_is_person_name (part))
        {
          set_if_empty (&doc->publication, part);
          took = TRUE;
        }
      else if (attest_outlets_lookup (attest_outlets_get_default (), part))
        {
          set_if_empty (&doc->publication, part);
          took = TRUE;
        }
      else if (attest_news_is_person_name (part) && attest_news_count_words (part) >= 2)
        {
          set_if_empty (&doc->author, part);
          took = TRUE;
        }
    }
  return took;
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

      if (p != NULL && p > title && attest_news_is_person_name (p + strlen (by)))
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

          if ((attest_news_count_words (outlet) <= 5 && attest_news_is_outlet_name (outlet)) ||
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
    attest_format_set_field (&doc->title, g_strdup (g_strstrip (title)));
  else if (cut != NULL && strcmp (doc->title, line) == 0)
    attest_format_set_field (&doc->title, g_strdup (g_strstrip (title)));
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
      if (attest_news_is_separator_line (s) && !fill_only && !separated)
        {
          separated = TRUE;
          g_clear_pointer (&best.text, g_free);
          best.line = G_MAXUINT;
          best.words = 0;
          attest_format_set_field (&doc->title, NULL);
          attest_format_set_field (&doc->author, NULL);
          attest_format_set_field (&doc->date, NULL);
          continue;
        }

      if (attest_news_is_chrome_line (s) || attest_news_is_section_path (s) ||
          attest_citation_scanner_is_credit_line (s))
        continue;

      if ((value = attest_news_after_label (s, ATTEST_NEWS_LABEL_SKIPPED)) != NULL)
        continue;
      if ((value = attest_news_after_label (s, ATTEST_NEWS_LABEL_EDITOR)) != NULL)
        continue;
      if ((value = attest_news_after_label (s, ATTEST_NEWS_LABEL_DATE)) != NULL &&
          attest_date_find (value, TRUE, NULL, NULL))
        {
          g_free (take_date (doc, value, fill_only));
          continue;
        }
      if ((value = attest_news_after_label (s, ATTEST_NEWS_LABEL_OUTLET)) != NULL && *value != '\0' &&
          !attest_news_is_body_line (s))
        {
          set_if_empty (&doc->publication, value);
          continue;
        }
      if ((value = attest_news_after_label (s, ATTEST_NEWS_LABEL_AUTHOR)) != NULL && *value != '\0' &&
          attest_news_count_words (s) <= 12 && !attest_news_ends_like_sentence (value))
        {
          if (!take_pipe_line (doc, s))
            take_author (doc, value);
          continue;
        }
      if (attest_news_is_volume_line (s))
        {
          if (doc->publication == NULL)
            parse_publication_line (doc, s);
          g_free (take_date (doc, s, fill_only));
          continue;
        }
      if (!attest_news_is_body_line (s) && take_pipe_line (doc, s))
        continue;

      /* A line that is a date: "Thursday, April 21, 2005 14:35". */
      {
        g_autofree char *rest = NULL;
        AttestDate date;

        const char *at;

        if (attest_news_count_words (s) <= 8 && (at = attest_date_find (s, TRUE, &date, NULL)) != NULL &&
            (rest = take_date (doc, s, fill_only)) != NULL &&
            (attest_news_count_words (rest) <= 3 || (at == s && attest_news_count_words (rest) <= 5)))
          {
            /* "Joanna Lillis Apr 21, 2015": a byline with its date. */
            if (attest_news_is_person_name (rest) && !attest_outlets_lookup (attest_outlets_get_default (), rest))
              set_if_empty (&doc->author, rest);
            else if (*rest != '\0' && attest_outlets_lookup (attest_outlets_get_default (), rest))
              set_if_empty (&doc->publication, rest);
            continue;
          }
      }

      if (attest_news_looks_like_date_line (s) || g_ascii_strcasecmp (s, "by") == 0)
        continue;

      /* The outlet's name alone: the site's logo. */
      if (attest_news_outlet_line (s) != NULL && g_strcmp0 (s, page_title) != 0)
        {
          g_autofree char *name = attest_news_dup_outlet_name (s);

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

      if (attest_news_is_body_line (s))
        {
          /* A repost's frame before the separator is not the story. */
          gboolean separator_ahead = FALSE;

          for (guint j = i + 1; !fill_only && !separated && j < lines->len && j < i + 12; j++)
            {
              g_autofree char *t = line_dup (&l[j]);

              if (attest_news_is_separator_line (t))
                separator_ahead = TRUE;
            }
          if (separator_ahead)
            continue;
          break;
        }

      if (g_utf8_strlen (s, -1) < MAX_TITLE_CHARS && attest_news_count_words (s) <= 30 &&
          (!attest_news_ends_like_sentence (s) || attest_news_all_capitals (s)) && !g_unichar_islower (g_utf8_get_char (s)))
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

              if (*following != '\0' &&
                  !attest_news_after_label (following, ATTEST_NEWS_LABEL_AUTHOR) &&
                  !attest_news_after_label (following, ATTEST_NEWS_LABEL_DATE) &&
                  !attest_news_after_label (following, ATTEST_NEWS_LABEL_SKIPPED) &&
                  !attest_news_after_label (following, ATTEST_NEWS_LABEL_EDITOR) &&
                  !attest_news_is_chrome_line (following) &&
                  !attest_news_is_section_path (following) &&
                  !attest_citation_scanner_is_credit_line (following) &&
                  strchr (following, '|') == NULL &&
                  !attest_news_after_label (following, ATTEST_NEWS_LABEL_OUTLET) &&
                  !attest_news_looks_like_date_line (following) &&
                  g_ascii_strcasecmp (following, "by") != 0 &&
                  !(attest_news_count_words (following) <= 8 && attest_date_find (following, TRUE, NULL, NULL)))
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
              if (attest_news_is_person_name (s) && attest_news_count_words (s) >= 2 && attest_news_count_words (s) <= 4 &&
                  attest_news_count_words (following) <= 8 && attest_date_find (following, TRUE, NULL, NULL) &&
                  !attest_outlets_lookup (attest_outlets_get_default (), s))
                {
                  set_if_empty (&doc->author, s);
                  continue;
                }
            }
          /* The longest; of equals, the later: a site's name comes first. */
          if (attest_news_count_words (s) >= best.words)
            {
              g_free (best.text);
              best.text = g_strdup (s);
              best.words = attest_news_count_words (s);
              best.line = i;
            }
          continue;
        }
      /* Before any headline, a short line that is no sentence ("t.me/…")
       * is the site's; if no headline follows, it was text after all. */
      if (best.text == NULL && !fill_only && attest_news_count_words (s) <= 6 &&
          !attest_news_ends_like_sentence (s))
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
              if ((value = attest_news_after_label (line, ATTEST_NEWS_LABEL_OUTLET)) != NULL &&
                  *value != '\0' && attest_news_count_words (value) <= 6)
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
  return line->offset + attest_utf8_length (line->start, line->bytes) + 1;
}

/**
 * attest_news_header_parse:
 * @doc: a document with its text
 *
 * Fills title/publication/volume/issue/author/date/body_start of @doc from
 * the header lines of its text (plain text: nothing else is known).
 */
void
attest_news_header_parse (AttestDocument *doc)
{
  g_autoptr(GArray) lines = NULL;
  const Line *l;
  int publication = -1;
  guint next;

  g_return_if_fail (ATTEST_IS_DOCUMENT (doc));
  g_return_if_fail (doc->text != NULL);

  attest_format_set_field (&doc->title, NULL);
  attest_format_set_field (&doc->publication, NULL);
  attest_format_set_field (&doc->volume, NULL);
  attest_format_set_field (&doc->issue, NULL);
  attest_format_set_field (&doc->author, NULL);
  attest_format_set_field (&doc->date, NULL);
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
          if (!attest_news_is_junk_line (s))
            attest_format_set_field (&doc->title, g_steal_pointer (&s));
          break;
        }

      if (doc->date == NULL)
        {
          g_autofree char *s = line_dup (&l[publication]);
          doc->date = attest_date_dup_first (s);
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
/* What a file's own metadata leaves open                                   */
/* ------------------------------------------------------------------------ */

/**
 * attest_news_header_take_title:
 * @doc: a document with its text
 * @title: (transfer full): the title the file states
 *
 * A title a file states: symbols before its words dropped, a " - Reuters"
 * after it taken as the outlet, a " - by Name" as the author.
 */
void
attest_news_header_take_title (AttestDocument *doc,
                               const char     *title)
{
  take_title (doc, title, FALSE);
}

/**
 * attest_news_header_take_meta_line:
 * @doc: a document with its text
 * @line: a line
 *
 * A byline or date line a page showed beside its article, left out of the
 * text: the author or the date, when still unknown.
 */
void
attest_news_header_take_meta_line (AttestDocument *doc,
                                   const char     *line)
{
  const char *by = attest_news_after_label (line, ATTEST_NEWS_LABEL_AUTHOR);

  if (by != NULL && doc->author == NULL)
    take_author (doc, by);
  else if (doc->date == NULL)
    attest_format_set_field (&doc->date, attest_date_dup_first (line));
}

/**
 * attest_news_header_fill:
 * @doc: a document with its text
 *
 * What the file's own metadata left open, from its text's first lines;
 * moves ->body_start past the header it finds.
 */
void
attest_news_header_fill (AttestDocument *doc)
{
  g_autoptr(GArray) lines = split_lines (doc->text, SCANNED_LINES);
  guint body = read_news_header (doc, lines, TRUE);

  if (body < lines->len)
    doc->body_start = MAX (doc->body_start, g_array_index (lines, Line, body).offset);
}
