/* attest-citation-datelines.c — the lines that are attributions: a wire
 * story's dateline ("BISHKEK, Aug 30 (Interfax) –", "KABUL (Reuters) -")
 * and a source line ("Source: Asia-Plus", "Originally published by
 * Eurasianet."). Passes of the citation scanner (see
 * attest-citation-scanner-private.h).
 */
#include "attest-citation-scanner-private.h"
#include "attest-date.h"

#include <string.h>

/* ---- Datelines ---------------------------------------------------------- */

static const char *
skip_blanks (const char *p,
             const char *end)
{
  while (p < end && _attest_scan_is_space_at (p))
    p = g_utf8_next_char (p);
  return p;
}

/* A dash after a dateline: "-", "--", "–", "—", or ':'. Returns past it. */
static const char *
dash_at (const char *p,
         const char *end)
{
  gunichar c;

  p = skip_blanks (p, end);
  if (p >= end)
    return NULL;
  c = g_utf8_get_char (p);
  if (c == '-')
    return p[1] == '-' ? p + 2 : p + 1;
  if (c == 0x2013 || c == 0x2014 || c == 0x2012 || c == ':')
    return g_utf8_next_char (p);
  return NULL;
}

/* The name inside "(Interfax)" or "/TASS/" at @p; sets @after past it. */
static gboolean
dateline_outlet (const char  *p,
                 const char  *end,
                 Span        *name,
                 const char **after)
{
  char close;
  const char *q;

  if (p >= end || (*p != '(' && *p != '/'))
    return FALSE;
  close = *p == '(' ? ')' : '/';
  for (q = p + 1; q < end && *q != close && *q != '(' && q - p < OUTLET_MAX_CHARS; q++)
    ;
  if (q >= end || *q != close)
    return FALSE;

  *name = _attest_scan_trim_span (p + 1, q);
  *after = q + 1;
  return _attest_scan_is_outlet (*name) && !_attest_scan_is_credit (name->start, name->end);
}

/* "BISHKEK. Aug 30 (Interfax) -", "DUSHANBE, March 1 (Reuters) -",
 * "FAKHRABAD (Tajikistan), August 27. /TASS/.", "KABUL (Reuters) -",
 * "(RFE/RL) August 21, 2006 --", "MOSCOW, Dec 1 (AP) —". */
gboolean
_attest_scan_dateline (ScanContext *ctx)
{
  const char *end = ctx->line_end;
  const char *p = skip_blanks (ctx->line, end);
  const char *start = p;
  const char *after = NULL;
  g_autofree char *place = NULL;
  g_autofree char *date_text = NULL;
  g_autofree char *outlet = NULL;
  gboolean all_caps = TRUE;
  Span name;

  if (*p == '(')
    {
      AttestDate date;
      gsize n;

      if (!dateline_outlet (p, end, &name, &after))
        return FALSE;
      p = skip_blanks (after, end);
      if ((n = attest_date_read (p, &date)) > 0)
        {
          date_text = g_strndup (p, n);
          p += n;
        }
      if (!(after = dash_at (p, end)))
        return FALSE;
      outlet = g_strndup (name.start, name.end - name.start);
      if (!_attest_scan_acceptable_outlet (ctx, outlet, TRUE))
        return FALSE;
      goto found;
    }

  /* The place: capitalised words up to ',', '.', '(' or '/'. */
  {
    const char *q = p;
    guint words = 0;

    while (q < end && *q != ',' && *q != '.' && *q != '(' && *q != '/')
      {
        if (!_attest_scan_is_space_at (q) && (q == p || _attest_scan_is_space_at (g_utf8_find_prev_char (p, q))))
          {
            if (!_attest_scan_starts_capital (q) || ++words > 4)
              return FALSE;
          }
        if (g_unichar_islower (g_utf8_get_char (q)))
          all_caps = FALSE;
        q = g_utf8_next_char (q);
      }
    if (words == 0 || q >= end)
      return FALSE;
    name = _attest_scan_trim_span (p, q);
    place = g_strndup (name.start, name.end - name.start);
    p = q;
  }

  /* Then, in any order: "(Region)", ", Country", ", Date", and the outlet. */
  for (guint round = 0; round < 5; round++)
    {
      const char *q = skip_blanks (p, end);

      if (*q == '(' || *q == '/')
        {
          if (!dateline_outlet (q, end, &name, &after))
            return FALSE;
          if ((after < end && (*after == ',' || *after == '.')) && !dash_at (after, end) &&
              *q == '(' && date_text == NULL)
            {
              /* "(Tajikistan)," is a region; the outlet comes later. */
              p = after;
              continue;
            }
          outlet = g_strndup (name.start, name.end - name.start);
          p = after;
          if (*q == '/' && p < end && *p == '.')
            after = p + 1;
          else if (!(after = dash_at (p, end)))
            return FALSE;
          break;
        }
      else if (*q == ',' || *q == '.')
        {
          AttestDate date;
          gsize n;

          q = skip_blanks (q + 1, end);
          if (date_text == NULL && (n = attest_date_read (q, &date)) > 0)
            {
              date_text = g_strndup (q, n);
              p = q + n;
              continue;
            }
          /* "ASTANA. May 12. KAZINFORM -": a known outlet, then the dash. */
          if (_attest_scan_starts_capital (q))
            {
              gsize length = 0;

              if (attest_outlets_match (ctx->outlets, q, end, &length) != NULL &&
                  ((after = dash_at (q + length, end)) != NULL ||
                   /* "YEREVAN, FEBRUARY 14, ARMENPRESS. Armenia has …" */
                   (q[length] == '.' && q + length + 1 < end && q[length + 1] == ' ' &&
                    (after = q + length) != NULL)))
                {
                  outlet = g_strndup (q, length);
                  name.start = q;
                  name.end = q + length;
                  break;
                }
              after = NULL;
            }
          if (_attest_scan_starts_capital (q) && date_text == NULL)
            {
              /* ", Kazakhstan," */
              const char *r = q;

              while (r < end && *r != ',' && *r != '.' && *r != '(' && r - q < 40)
                r++;
              if (r >= end || r - q >= 40)
                return FALSE;
              /* "Tashkent, Uzbekistan (UzDaily.com) --" */
              p = r;
              continue;
            }
          if (*q == '(' || *q == '/')
            {
              p = q;
              continue;
            }
          return FALSE;
        }
      else
        return FALSE;
    }

  if (outlet == NULL || after == NULL)
    return FALSE;
  /* A place in capitals, or a known one, or a date: not a sentence. */
  if (!all_caps && date_text == NULL && !attest_citation_scanner_is_place (place))
    return FALSE;

found:
  {
    Span span = { start, after };

    /* The dash is not part of the attribution. */
    while (span.end > span.start)
      {
        const char *prev = g_utf8_find_prev_char (span.start, span.end);
        gunichar c = g_utf8_get_char (prev);

        if (c != '-' && c != 0x2013 && c != 0x2014 && c != 0x2012 && c != ':' &&
            !g_unichar_isspace (c))
          break;
        span.end = prev;
      }

    _attest_scan_emit (ctx, ATTEST_CITATION_DATELINE, span, outlet, place, date_text,
          ctx->line_char, ctx->text_chars);
    _attest_scan_take (ctx, span.start, span.end);
    ctx->prose = skip_blanks (after, ctx->line_end);
    ctx->have_dateline = TRUE;
    return TRUE;
  }
}

/* ---- Source lines ------------------------------------------------------- */

static const char *source_labels[] = {
  "source:", "sources:", "source -", "source of information:", "via:", "courtesy of",
  "originally published by", "originally published in", "originally published on",
  "first published by", "first published in", "republished from", "reprinted from",
  "reprinted with permission from", NULL,
};

/* "Source: Asia-Plus", "Originally published by Eurasianet.",
 * "Source: Kommersant, Moscow, in Russian 12 Apr 13": one citation per
 * outlet named, the whole value its text; places and dates as in a
 * parenthesis, the rest ("in Russian") ignored. */
gboolean
_attest_scan_source_line (ScanContext *ctx)
{
  Span line = _attest_scan_trim_span (ctx->line, ctx->line_end);
  g_autoptr(GPtrArray) outlets = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *place = NULL;
  g_autofree char *date_text = NULL;
  const char *p = NULL;
  const char *item;
  Span value;

  for (guint i = 0; source_labels[i] != NULL && p == NULL; i++)
    {
      gsize n = strlen (source_labels[i]);

      if ((gsize) (line.end - line.start) > n &&
          g_ascii_strncasecmp (line.start, source_labels[i], n) == 0)
        p = line.start + n;
    }
  if (p == NULL)
    return FALSE;

  if (line.end > p && line.end[-1] == '.')
    line.end--;
  value = _attest_scan_trim_span (p, line.end);
  if (value.start >= value.end || g_utf8_strlen (value.start, value.end - value.start) > 120)
    return FALSE;

  /* Names separated by ',', ';' or " and ". */
  item = value.start;
  for (const char *q = value.start; q <= value.end; q++)
    {
      gboolean and = q + 5 <= value.end && strncmp (q, " and ", 5) == 0;

      if (q == value.end || *q == ',' || *q == ';' || and)
        {
          Span name = _attest_scan_trim_span (item, q);
          g_autofree char *part = g_strndup (name.start, name.end - name.start);

          if (_attest_scan_has_prefix_word (name.start, name.end, "the") && !attest_outlets_lookup (ctx->outlets, part))
            {
              name = _attest_scan_trim_span (name.start + 3, name.end);
              g_free (part);
              part = g_strndup (name.start, name.end - name.start);
            }
          if (name.start >= name.end)
            ;
          else if (attest_date_parse (part, NULL))
            {
              if (date_text == NULL)
                date_text = g_steal_pointer (&part);
            }
          else if (attest_citation_scanner_is_place (part) && outlets->len > 0)
            {
              if (place == NULL)
                place = g_steal_pointer (&part);
            }
          else if ((_attest_scan_is_outlet (name) && g_utf8_strlen (part, -1) <= 60 &&
                    strpbrk (part, "0123456789") == NULL) || attest_outlets_lookup (ctx->outlets, part))
            {
              /* "Nezavisimaya Gazeta website": the name without what it is. */
              char *space;

              while (!attest_outlets_lookup (ctx->outlets, part) && (space = strrchr (part, ' ')) != NULL &&
                     g_ascii_islower (space[1]))
                *space = '\0';
              g_ptr_array_add (outlets, g_steal_pointer (&part));
            }
          item = and ? q + 5 : q + 1;
          if (and)
            q += 4;
        }
    }

  for (guint i = 0; i < outlets->len; i++)
    _attest_scan_emit (ctx, ATTEST_CITATION_SOURCE_LINE, value, g_ptr_array_index (outlets, i), place, date_text,
          0, ctx->text_chars);
  return outlets->len > 0;
}
