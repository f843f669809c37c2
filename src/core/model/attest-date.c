/* attest-date.c — see attest-date.h.
 *
 * Everything here is ASCII except the white space between the parts, which
 * may be a no-break space (copied web text has them between month and day).
 */
#include "attest-date.h"

#include <stdlib.h>
#include <string.h>

/* Each month's full name comes first, then its abbreviations. */
static const struct
{
  const char *name;
  int         month;
} month_names[] = {
  { "january", 1 }, { "jan", 1 },
  { "february", 2 }, { "feb", 2 },
  { "march", 3 }, { "mar", 3 },
  { "april", 4 }, { "apr", 4 },
  { "may", 5 },
  { "june", 6 }, { "jun", 6 },
  { "july", 7 }, { "jul", 7 },
  { "august", 8 }, { "aug", 8 },
  { "september", 9 }, { "sept", 9 }, { "sep", 9 },
  { "october", 10 }, { "oct", 10 },
  { "november", 11 }, { "nov", 11 },
  { "december", 12 }, { "dec", 12 },
};

static const char *weekday_names[] = {
  "monday", "mon", "tuesday", "tue", "tues", "wednesday", "wed", "thursday", "thu",
  "thurs", "friday", "fri", "saturday", "sat", "sunday", "sun",
};

/* Russian, as citations in the region's press write them: "1 декабря",
 * and the names of the months alone. */
static const struct
{
  const char *name;
  int         month;
} russian_month_names[] = {
  { "января", 1 }, { "январь", 1 }, { "февраля", 2 }, { "февраль", 2 },
  { "марта", 3 }, { "март", 3 }, { "апреля", 4 }, { "апрель", 4 },
  { "мая", 5 }, { "май", 5 }, { "июня", 6 }, { "июнь", 6 },
  { "июля", 7 }, { "июль", 7 }, { "августа", 8 }, { "август", 8 },
  { "сентября", 9 }, { "сентябрь", 9 }, { "октября", 10 }, { "октябрь", 10 },
  { "ноября", 11 }, { "ноябрь", 11 }, { "декабря", 12 }, { "декабрь", 12 },
};

/**
 * attest_date_month_from_name:
 * @word: a word
 * @length: its length in bytes
 *
 * A month name or abbreviation ("Sept.", "dec").
 *
 * Returns: the month, 1..12; 0 otherwise
 */
int
attest_date_month_from_name (const char *word,
                             gsize       length)
{
  g_autofree char *folded = NULL;

  if (length > 0 && word[length - 1] == '.')
    length--;

  for (gsize i = 0; i < G_N_ELEMENTS (month_names); i++)
    if (strlen (month_names[i].name) == length &&
        g_ascii_strncasecmp (word, month_names[i].name, length) == 0)
      return month_names[i].month;

  if (length == 0 || (guchar) word[0] < 0x80 || !g_utf8_validate_len (word, length, NULL))
    return 0;
  folded = g_utf8_casefold (word, length);
  for (gsize i = 0; i < G_N_ELEMENTS (russian_month_names); i++)
    if (g_str_equal (folded, russian_month_names[i].name))
      return russian_month_names[i].month;

  return 0;
}

/**
 * attest_date_is_month_abbreviation:
 * @word: a word, without its full stop
 * @length: its length in bytes
 *
 * Returns: %TRUE when @word is an English month's abbreviation: "Jan",
 *   "Sept", "sep"; not "May", not a full name
 */
gboolean
attest_date_is_month_abbreviation (const char *word,
                                   gsize       length)
{
  for (gsize i = 1; i < G_N_ELEMENTS (month_names); i++)
    if (month_names[i].month == month_names[i - 1].month &&
        strlen (month_names[i].name) == length &&
        g_ascii_strncasecmp (word, month_names[i].name, length) == 0)
      return TRUE;
  return FALSE;
}

/* The bytes of the letters at @p: ASCII, or Cyrillic for Russian months. */
static gsize
letters (const char *p)
{
  const char *q = p;

  for (;;)
    {
      if (g_ascii_isalpha (*q))
        q++;
      else if ((guchar) *q == 0xD0 || (guchar) *q == 0xD1)
        {
          gunichar c = g_utf8_get_char_validated (q, 2);

          if (c == (gunichar) -1 || c == (gunichar) -2 || !g_unichar_isalpha (c))
            break;
          q += 2;
        }
      else
        break;
    }
  return q - p;
}

static gboolean
is_weekday (const char *word,
            gsize       length)
{
  for (gsize i = 0; i < G_N_ELEMENTS (weekday_names); i++)
    if (strlen (weekday_names[i]) == length &&
        g_ascii_strncasecmp (word, weekday_names[i], length) == 0)
      return TRUE;
  return FALSE;
}

/* Spaces, tabs and no-break spaces (U+00A0, U+202F); returns bytes skipped. */
static gsize
blanks (const char *p)
{
  const char *start = p;

  for (;;)
    {
      if (*p == ' ' || *p == '\t')
        p++;
      else if ((guchar) p[0] == 0xC2 && (guchar) p[1] == 0xA0)
        p += 2;
      else if ((guchar) p[0] == 0xE2 && (guchar) p[1] == 0x80 && (guchar) p[2] == 0xAF)
        p += 3;
      else
        break;
    }
  return p - start;
}

/* Up to @max digits, not followed by another digit; -1 if none. */
static int
number (const char **p,
        int          max,
        int         *n_digits)
{
  int value = 0;
  int n = 0;

  while (g_ascii_isdigit ((*p)[n]) && n < max)
    {
      value = value * 10 + ((*p)[n] - '0');
      n++;
    }
  if (n == 0 || g_ascii_isdigit ((*p)[n]))
    return -1;

  *p += n;
  if (n_digits != NULL)
    *n_digits = n;
  return value;
}

/* A day: 1–2 digits with an optional "st", "nd", "rd" or "th". */
static int
day_number (const char **p)
{
  const char *q = *p;
  int day = number (&q, 2, NULL);

  if (day < 1 || day > 31)
    return 0;
  if (g_ascii_strncasecmp (q, "st", 2) == 0 || g_ascii_strncasecmp (q, "nd", 2) == 0 ||
      g_ascii_strncasecmp (q, "rd", 2) == 0 || g_ascii_strncasecmp (q, "th", 2) == 0)
    q += 2;
  if (g_ascii_isalnum (*q))
    return 0;

  *p = q;
  return day;
}

/* A four-digit year after optional ", " and blanks; 0 (and @p unmoved) if none. */
static int
year_after (const char **p,
            gboolean     comma_allowed)
{
  const char *q = *p;
  int n_digits = 0;
  int year;

  if (comma_allowed && *q == ',')
    q++;
  if (blanks (q) == 0)
    return 0;
  q += blanks (q);

  year = number (&q, 4, &n_digits);
  if (n_digits != 4 || year < 1000 || g_ascii_isalpha (*q))
    return 0;

  /* "2005 г.": the Russian mark of a year. */
  {
    const char *r = q + blanks (q);

    if (strncmp (r, "года", strlen ("года")) == 0 && !g_ascii_isalnum (r[strlen ("года")]))
      q = r + strlen ("года");
    else if ((guchar) r[0] == 0xD0 && (guchar) r[1] == 0xB3 && !g_ascii_isalnum (r[2]) &&
             !((guchar) r[2] == 0xD0 || (guchar) r[2] == 0xD1))
      q = r[2] == '.' ? r + 3 : r + 2;
  }
  *p = q;
  return year;
}

static gboolean
valid (const AttestDate *d)
{
  if (d->month < 1 || d->month > 12)
    return FALSE;
  if (d->day == 0)
    return d->year != 0;
  /* 2000 is a leap year: a year-less February 29 passes. */
  return g_date_valid_dmy (d->day, d->month, d->year != 0 ? d->year : 2000);
}

static gsize
read_numeric (const char *text,
              AttestDate *d)
{
  const char *p = text;
  int n_digits = 0;
  int first = number (&p, 4, &n_digits);
  char sep = *p;

  if (first < 0)
    return 0;

  if (n_digits == 4 && (sep == '-' || sep == '/'))
    {
      int month, day, n2 = 0, n3 = 0;

      p++;
      month = number (&p, 2, &n2);
      if (month < 0 || *p != sep)
        return 0;
      p++;
      day = number (&p, 2, &n3);
      if (day < 0 || n2 != 2 || n3 != 2)
        return 0;
      d->year = first, d->month = month, d->day = day;
      /* "2005-04-21T10:00:00Z": the time is not part of the date. */
      if (sep == '-' && *p == 'T' && g_ascii_isdigit (p[1]))
        {
          if (!valid (d))
            return 0;
          return p - text;
        }
    }
  else if (n_digits <= 2 && (sep == '/' || sep == '.'))
    {
      int second, year, n3 = 0;

      p++;
      second = number (&p, 2, NULL);
      if (second < 0 || *p != sep)
        return 0;
      p++;
      year = number (&p, 4, &n3);
      if (n3 != 4)
        return 0;
      d->year = year;
      /* US order with slashes unless the first cannot be a month; day
       * first with dots, as in Europe and Russia. */
      if (sep == '/' && first <= 12)
        d->month = first, d->day = second;
      else
        d->day = first, d->month = second;
    }
  else if (n_digits <= 2)
    {
      gsize n;
      int day;

      p = text;
      if ((day = day_number (&p)) == 0 || blanks (p) == 0)
        return 0;
      p += blanks (p);
      n = letters (p);
      if (n > 0 && p[n] == '.')
        n++;
      if ((d->month = attest_date_month_from_name (p, n)) == 0)
        return 0;
      p += n;
      d->day = day;
      d->year = year_after (&p, TRUE);
    }
  else
    return 0;

  if (g_ascii_isalnum (*p) || !valid (d))
    return 0;
  return p - text;
}

static gsize
read_worded (const char *text,
             AttestDate *d)
{
  const char *p = text;
  const char *after_month;
  gsize n = letters (p);

  if (n > 0 && p[n] == '.')
    n++;
  if ((d->month = attest_date_month_from_name (p, n)) == 0)
    return 0;
  p += n;
  after_month = p;
  if (blanks (p) == 0)
    return 0;
  p += blanks (p);

  if ((d->day = day_number (&p)) != 0)
    d->year = year_after (&p, TRUE);
  else
    {
      /* "April 2005": a month. */
      p = after_month;
      if ((d->year = year_after (&p, FALSE)) == 0)
        return 0;
    }

  if (g_ascii_isalnum (*p) || !valid (d))
    return 0;
  return p - text;
}

/**
 * attest_date_read:
 * @text: (nullable): the text
 * @date: (out caller-allocates) (optional): return location for the date
 *
 * Reads one date at the very start of @text. The day is checked against
 * the calendar (a year-less February 29 passes). Case-insensitive.
 *
 * Returns: the number of bytes it spans (0 when no date starts there)
 */
gsize
attest_date_read (const char *text,
                  AttestDate *date)
{
  AttestDate d = { 0 };
  const char *p = text;
  gsize n, length;

  if (text == NULL)
    return 0;

  /* "Thursday, April 21, 2005": the weekday belongs to the date. */
  n = letters (p);
  if (n >= 3 && is_weekday (p, n))
    {
      const char *q = p + n;

      if (*q == '.')
        q++;
      if (*q == ',')
        q++;
      if (blanks (q) > 0)
        {
          AttestDate inner = { 0 };

          q += blanks (q);
          length = g_ascii_isdigit (*q) ? read_numeric (q, &inner) : read_worded (q, &inner);
          if (length > 0)
            {
              if (date != NULL)
                *date = inner;
              return (q - text) + length;
            }
        }
      return 0;
    }

  length = g_ascii_isdigit (*p) ? read_numeric (p, &d) : read_worded (p, &d);
  if (length > 0 && date != NULL)
    *date = d;
  return length;
}

/**
 * attest_date_find:
 * @text: the text
 * @need_year: whether year-less dates are skipped
 * @date: (out caller-allocates) (optional): return location for the date
 * @length: (out) (optional): return location for its length in bytes
 *
 * Finds the first date in @text that has a day, starting at a word
 * boundary, with a capitalised month name.
 *
 * Returns: (transfer none) (nullable): its start, inside @text, or %NULL
 */
const char *
attest_date_find (const char *text,
                  gboolean    need_year,
                  AttestDate *date,
                  gsize      *length)
{
  if (text == NULL)
    return NULL;

  for (const char *p = text; *p != '\0'; p++)
    {
      AttestDate d = { 0 };
      gsize n;

      if (p > text && g_ascii_isalnum (p[-1]))
        continue;
      if (!g_ascii_isdigit (*p) && !g_ascii_isupper (*p))
        continue;

      n = attest_date_read (p, &d);
      if (n == 0 || d.day == 0 || (need_year && d.year == 0))
        continue;

      if (date != NULL)
        *date = d;
      if (length != NULL)
        *length = n;
      return p;
    }

  return NULL;
}

/**
 * attest_date_dup_first:
 * @text: (nullable): the text
 *
 * Returns: (transfer full) (nullable): the first date in @text with a day
 *   and a year (attest_date_find()), in the stored form; %NULL when there is
 *   none or @text is %NULL
 */
char *
attest_date_dup_first (const char *text)
{
  AttestDate date;

  if (attest_date_find (text, TRUE, &date, NULL) == NULL)
    return NULL;
  return attest_date_to_iso (&date, NULL);
}

/**
 * attest_date_parse:
 * @text: (nullable): the text
 * @date: (out caller-allocates) (optional): return location for the date
 *
 * Returns: %TRUE when @text is exactly one date (white space around it
 *   allowed)
 */
gboolean
attest_date_parse (const char *text,
                   AttestDate *date)
{
  AttestDate d = { 0 };
  const char *p;
  gsize n;

  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    return FALSE;

  p = text + blanks (text);
  while (g_ascii_isspace (*p))
    p++;
  if ((n = attest_date_read (p, &d)) == 0)
    return FALSE;
  p += n;
  p += blanks (p);
  while (g_ascii_isspace (*p))
    p++;
  if (*p != '\0')
    return FALSE;

  if (date != NULL)
    *date = d;
  return TRUE;
}

/**
 * attest_date_parse_iso:
 * @text: (nullable): the text
 * @date: (out caller-allocates) (optional): return location for the day
 *
 * Strict "YYYY-MM-DD" at the start of @text, optionally followed by a time
 * ('T' or ' ').
 *
 * Returns: %TRUE for such a day, %FALSE for anything else
 */
gboolean
attest_date_parse_iso (const char *text,
                       GDate      *date)
{
  int y, m, d;

  if (text == NULL || strlen (text) < 10)
    return FALSE;

  for (int i = 0; i < 10; i++)
    {
      if (i == 4 || i == 7)
        {
          if (text[i] != '-')
            return FALSE;
        }
      else if (!g_ascii_isdigit (text[i]))
        return FALSE;
    }
  if (text[10] != '\0' && text[10] != 'T' && text[10] != ' ')
    return FALSE;

  y = atoi (text);
  m = atoi (text + 5);
  d = atoi (text + 8);
  if (y < 1 || !g_date_valid_dmy (d, m, y))
    return FALSE;

  if (date != NULL)
    {
      g_date_clear (date, 1);
      g_date_set_dmy (date, d, m, y);
    }
  return TRUE;
}

/**
 * attest_date_is_iso:
 * @text: the text
 *
 * Returns: %TRUE for exactly "YYYY-MM-DD", a real day
 */
gboolean
attest_date_is_iso (const char *text)
{
  return text != NULL && strlen (text) == 10 && attest_date_parse_iso (text, NULL);
}

/**
 * attest_date_is_month_day:
 * @text: the text
 *
 * Returns: %TRUE for exactly "--MM-DD" (xsd:gMonthDay; --02-29 passes)
 */
gboolean
attest_date_is_month_day (const char *text)
{
  const char *p;
  int m, d;

  if (text == NULL || strlen (text) != 7 || text[0] != '-' || text[1] != '-' || text[4] != '-')
    return FALSE;
  p = text + 2;
  if ((m = number (&p, 2, NULL)) < 0 || p != text + 4)
    return FALSE;
  p = text + 5;
  if ((d = number (&p, 2, NULL)) < 0 || *p != '\0')
    return FALSE;
  return m >= 1 && m <= 12 && g_date_valid_dmy (d, m, 2000);
}

/**
 * attest_date_is_stored:
 * @text: the text
 *
 * Returns: %TRUE for any stored form: "YYYY-MM-DD", "YYYY-MM" or "--MM-DD"
 */
gboolean
attest_date_is_stored (const char *text)
{
  int y, m;

  if (attest_date_is_iso (text) || attest_date_is_month_day (text))
    return TRUE;
  /* "2004-06" */
  if (text == NULL || strlen (text) != 7 || text[4] != '-')
    return FALSE;
  for (int i = 0; i < 7; i++)
    if (i != 4 && !g_ascii_isdigit (text[i]))
      return FALSE;
  y = atoi (text);
  m = atoi (text + 5);
  return y >= 1000 && m >= 1 && m <= 12;
}

/**
 * attest_date_to_iso:
 * @date: a date read by attest_date_read() or attest_date_parse()
 * @article_date: (nullable): the article's date, "YYYY-MM-DD"
 *
 * The stored form of @date. A year-less date takes its year from the
 * article's date (@article_date): a report is older than the article
 * citing it, so a date more than 31 days after it is last year's.
 *
 * Returns: (transfer full) (nullable): the stored form, or %NULL
 */
char *
attest_date_to_iso (const AttestDate *date,
                    const char       *article_date)
{
  GDate article;
  GDate cited;
  int year;

  g_return_val_if_fail (date != NULL, NULL);

  if (!valid (date))
    return NULL;
  if (date->day == 0)
    return g_strdup_printf ("%04d-%02d", date->year, date->month);
  if (date->year != 0)
    return g_strdup_printf ("%04d-%02d-%02d", date->year, date->month, date->day);

  if (!attest_date_parse_iso (article_date, &article))
    return g_strdup_printf ("--%02d-%02d", date->month, date->day);

  year = g_date_get_year (&article);

  /* A report is older than the article citing it; well after the article
   * date means last year ("December 28" cited on January 3). */
  if (g_date_valid_dmy (date->day, date->month, year))
    {
      g_date_clear (&cited, 1);
      g_date_set_dmy (&cited, date->day, date->month, year);
      if (g_date_days_between (&article, &cited) > 31)
        year--;
    }

  /* February 29 in a common year: the year cannot be told, so say so. */
  if (!g_date_valid_dmy (date->day, date->month, year))
    return g_strdup_printf ("--%02d-%02d", date->month, date->day);

  return g_strdup_printf ("%04d-%02d-%02d", year, date->month, date->day);
}

/**
 * attest_date_resolve:
 * @date_text: (nullable): a date as written
 * @article_date: (nullable): the article's date, "YYYY-MM-DD"
 *
 * attest_date_parse() then attest_date_to_iso().
 *
 * Returns: (transfer full) (nullable): the stored form, or %NULL when
 *   @date_text is not a date
 */
char *
attest_date_resolve (const char *date_text,
                     const char *article_date)
{
  AttestDate d;

  if (!attest_date_parse (date_text, &d))
    return NULL;
  return attest_date_to_iso (&d, article_date);
}
