/* attest-format-pdf.c — PDF files, through poppler-glib.
 *
 * Poppler gives each page's text with a box for every character. From the
 * boxes this file rebuilds what a reader sees:
 *   - pieces of lines (poppler's own lines may run across a narrow gutter),
 *     the page's columns from the gutters no piece covers, and lines in
 *     reading order: band by band, each band column by column;
 *   - running headers and footers: lines near the top or bottom edge whose
 *     text (digits aside) recurs on many pages, and page numbers there;
 *   - paragraphs: a new one where the line spacing opens up, the first line
 *     is indented, the font size changes, or the previous line ended short
 *     (the next line's first word would have fitted) at a sentence's end; a
 *     paragraph flows on across columns and pages when the line before is
 *     full;
 *   - words hyphenated at a line end joined again.
 * Title, author and date come from the document's information dictionary,
 * else the title from the largest type at the top of the first page.
 * A PDF with no text at all (a scan) is refused: there is no OCR here.
 */
#include "attest-format.h"

#include <glib/gi18n-lib.h>
#include "attest-error.h"

#include <math.h>
#include <string.h>

#include <poppler.h>

/* More pages than any report; past it the file is refused unread. */
#define MAX_PAGES 10000

/* The top and bottom fraction of a page where headers and footers live. */
#define EDGE_ZONE 0.12

typedef struct {
  char   *text;        /* white space collapsed, never empty */
  double  x1, y1, x2, y2;
  double  size;        /* largest font size on the line */
  guint   page;
  guint   column;      /* index of its column on the page */
  double  col_left, col_right;
  gboolean edge;       /* in the top or bottom zone of its page */
  gboolean dropped;    /* a running header or page number */
} Line;

static void
line_clear (gpointer data)
{
  g_free (((Line *) data)->text);
}

/* ------------------------------------------------------------------------ */
/* Lines of a page                                                          */
/* ------------------------------------------------------------------------ */

/* The font size at character @index; @cursor walks the attribute runs,
 * which come in text order, so a page costs one pass over them. */
static double
size_at (GList **cursor,
         guint   index)
{
  while (*cursor != NULL && index > (guint) ((PopplerTextAttributes *) (*cursor)->data)->end_index)
    *cursor = (*cursor)->next;
  if (*cursor != NULL && index >= (guint) ((PopplerTextAttributes *) (*cursor)->data)->start_index)
    return ((PopplerTextAttributes *) (*cursor)->data)->font_size;
  return 0;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return x < y ? -1 : x > y;
}

/* Whether the page's text runs left to right across it: on a rotated page
 * (/Rotate 90, 180) the boxes run down or backwards, and poppler's own
 * line order is the better guide. */
static gboolean
runs_across (const char             *text,
             const PopplerRectangle *rects,
             guint                   n)
{
  guint forward = 0, other = 0;
  guint i = 0;
  const PopplerRectangle *prev = NULL;

  for (const char *p = text; *p != '\0' && i < n; p = g_utf8_next_char (p), i++)
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '\n')
        prev = NULL;
      else if (!g_unichar_isspace (c))
        {
          if (prev != NULL)
            {
              double dx = rects[i].x1 - prev->x1;
              double dy = rects[i].y1 - prev->y1;

              if (dx > 0 && fabs (dy) < dx)
                forward++;
              else
                other++;
            }
          prev = &rects[i];
        }
    }
  return forward >= other;
}

/* The pieces of text on a page: runs of characters on one baseline with
 * no wide gap inside. Poppler's own lines may run across two columns
 * whose gutter is narrow, or break a justified line at its wide spaces;
 * pieces are put together again by order_page(). */
static void
add_page_pieces (PopplerPage *page,
                 guint        number,
                 GArray      *pieces,
                 gboolean    *geometry)
{
  g_autofree char *text = poppler_page_get_text (page);
  g_autofree PopplerRectangle *rects = NULL;
  g_autoptr(GString) current = g_string_new (NULL);
  GList *attributes;
  GList *cursor;
  guint n_rects = 0;
  guint index = 0;
  gboolean space = FALSE;
  Line piece = { NULL, G_MAXDOUBLE, G_MAXDOUBLE, -G_MAXDOUBLE, -G_MAXDOUBLE, 0, number, 0, 0, 0, FALSE, FALSE };

  *geometry = FALSE;
  if (text == NULL)
    return;

  poppler_page_get_text_layout (page, &rects, &n_rects);
  /* Without one box per character there is no geometry: poppler's lines
   * are taken as they come, one column, never at an edge. */
  if ((glong) n_rects != g_utf8_strlen (text, -1) || !runs_across (text, rects, n_rects))
    g_clear_pointer (&rects, g_free);
  *geometry = rects != NULL;
  attributes = poppler_page_get_text_attributes (page);
  cursor = attributes;

  for (const char *p = text; ; p = g_utf8_next_char (p), index++)
    {
      gunichar c = g_utf8_get_char (p);
      PopplerRectangle *r = rects != NULL && index < n_rects ? &rects[index] : NULL;
      double size = c != '\0' ? size_at (&cursor, index) : 0;
      gboolean end = c == '\n' || c == '\0';

      if (!end && g_unichar_isspace (c))
        {
          space = current->len > 0;
          continue;
        }

      /* A new piece at a line's end, and where the next character is far
       * to the right (more than most word spaces), back to the left, or
       * on another baseline. */
      if (!end && r != NULL && current->len > 0)
        {
          double em = MAX (piece.size, 4);
          double gap = r->x1 - piece.x2;
          double middle = (r->y1 + r->y2) / 2;

          if (gap > 0.8 * em || gap < -0.5 * em ||
              middle < piece.y1 || middle > piece.y2)
            end = TRUE;
        }

      if (end && current->len > 0)
        {
          piece.text = g_strdup (current->str);
          if (rects == NULL)
            piece.x1 = piece.y1 = piece.x2 = piece.y2 = 0;
          g_array_append_val (pieces, piece);
          g_string_truncate (current, 0);
          piece.x1 = piece.y1 = G_MAXDOUBLE;
          piece.x2 = piece.y2 = -G_MAXDOUBLE;
          piece.size = 0;
          space = FALSE;
        }
      if (c == '\0')
        break;
      if (c == '\n')
        {
          space = FALSE;
          continue;
        }

      if (space && current->len > 0)
        g_string_append_c (current, ' ');
      space = FALSE;
      g_string_append_unichar (current, c);
      if (r != NULL)
        {
          piece.x1 = MIN (piece.x1, r->x1);
          piece.y1 = MIN (piece.y1, r->y1);
          piece.x2 = MAX (piece.x2, r->x2);
          piece.y2 = MAX (piece.y2, r->y2);
        }
      piece.size = MAX (piece.size, size);
    }

  poppler_page_free_text_attributes (attributes);
}

typedef struct {
  double from, to;   /* a gutter between columns, in points */
} Gutter;

/* Gutters: vertical bands inside the text that almost no piece covers
 * while the text on both sides of them is dense. A table's gaps or a
 * justified line's wide spaces are covered by the lines above and below. */
static GArray *
find_gutters (const Line *l,
              guint       n,
              double      em)
{
  GArray *gutters = g_array_new (FALSE, FALSE, sizeof (Gutter));
  double left = G_MAXDOUBLE, right = 0;
  g_autofree guint *cover = NULL;
  guint width, most = 0;

  for (guint i = 0; i < n; i++)
    {
      left = MIN (left, l[i].x1);
      right = MAX (right, l[i].x2);
    }
  if (n < 2 || right <= left || right - left > 100000)
    return gutters;

  width = (guint) ceil (right - left) + 1;
  cover = g_new0 (guint, width);
  for (guint i = 0; i < n; i++)
    for (guint x = (guint) floor (l[i].x1 - left); x < (guint) ceil (l[i].x2 - left) && x < width; x++)
      cover[x]++;
  for (guint x = 0; x < width; x++)
    most = MAX (most, cover[x]);

  for (guint x = 0; x < width; )
    {
      guint start = x;

      if (cover[x] * 100 > most * 15)
        {
          x++;
          continue;
        }
      while (x < width && cover[x] * 100 <= most * 15)
        x++;
      /* Interior, wide enough (wider on a page of a few lines: the last
       * lines of an article set in two short columns), and text of its
       * own on both sides. */
      if (start > 0 && x < width && x - start >= (n < 6 ? 1.5 : 0.5) * em)
        {
          guint before = 0, after = 0;

          for (guint i = 0; i < n; i++)
            {
              if (l[i].x2 - left <= start + 1)
                before++;
              else if (l[i].x1 - left >= x - 1)
                after++;
            }
          if (before >= MIN (3, n / 2) && after >= MIN (3, n / 2))
            {
              Gutter g = { left + start, left + x };
              g_array_append_val (gutters, g);
            }
        }
    }
  return gutters;
}

static int
compare_pieces (gconstpointer a,
                gconstpointer b)
{
  const Line *x = *(const Line * const *) a;
  const Line *y = *(const Line * const *) b;

  /* Top to bottom; on one baseline, left to right. */
  if (fabs (x->y1 - y->y1) > 0.5 * MIN (x->y2 - x->y1, y->y2 - y->y1))
    return x->y1 < y->y1 ? -1 : 1;
  return x->x1 < y->x1 ? -1 : x->x1 > y->x1;
}

/* Appends @piece to @lines, joined to the last line when it is on its
 * baseline in the same column. */
static void
put_piece (GArray *lines,
           guint   page_start,
           Line   *piece)
{
  if (lines->len > page_start)
    {
      Line *last = &g_array_index (lines, Line, lines->len - 1);
      double height = MIN (last->y2 - last->y1, piece->y2 - piece->y1);

      if (last->column == piece->column && height > 0 &&
          fabs (piece->y1 - last->y1) < 0.5 * height && piece->x1 >= last->x2 - 1)
        {
          char *joined = g_strconcat (last->text, " ", piece->text, NULL);

          g_free (last->text);
          last->text = joined;
          last->x2 = piece->x2;
          last->y1 = MIN (last->y1, piece->y1);
          last->y2 = MAX (last->y2, piece->y2);
          last->size = MAX (last->size, piece->size);
          g_clear_pointer (&piece->text, g_free);
          return;
        }
    }
  g_array_append_val (lines, *piece);
  piece->text = NULL;
}

/* The pieces of one page as lines in reading order: the page cut into
 * bands by the pieces that cross a gutter (titles, headers), each band
 * read column after column, top to bottom. Each line learns its column
 * and the column's left and right edges (where most of its lines end). */
static void
order_page (GArray *pieces,
            double  height,
            double  em,
            GArray *lines)
{
  Line *p = (Line *) pieces->data;
  guint n = pieces->len;
  guint page_start = lines->len;
  g_autoptr(GArray) gutters = find_gutters (p, n, em);
  g_autoptr(GPtrArray) sorted = g_ptr_array_new ();
  guint spanning = gutters->len + 1;   /* the column id of crossing lines */

  for (guint i = 0; i < n; i++)
    {
      double middle = (p[i].x1 + p[i].x2) / 2;

      p[i].column = 0;
      for (guint g = 0; g < gutters->len; g++)
        {
          Gutter *gut = &g_array_index (gutters, Gutter, g);

          if (p[i].x1 < gut->from && p[i].x2 > gut->to)
            {
              p[i].column = spanning;
              break;
            }
          if (middle > gut->to)
            p[i].column = g + 1;
        }
      g_ptr_array_add (sorted, &p[i]);
    }
  g_ptr_array_sort (sorted, compare_pieces);

  /* Band by band: a crossing piece closes the band above it. */
  for (guint start = 0; start < sorted->len; )
    {
      guint stop = start;

      while (stop < sorted->len && ((Line *) g_ptr_array_index (sorted, stop))->column != spanning)
        stop++;
      for (guint c = 0; c < spanning; c++)
        for (guint i = start; i < stop; i++)
          if (((Line *) g_ptr_array_index (sorted, i))->column == c)
            put_piece (lines, page_start, g_ptr_array_index (sorted, i));
      while (stop < sorted->len && ((Line *) g_ptr_array_index (sorted, stop))->column == spanning)
        put_piece (lines, page_start, g_ptr_array_index (sorted, stop++));
      start = stop;
    }

  /* Each column's edges: the leftmost start, and where four in five of
   * its lines have ended (one wide line does not move it). */
  for (guint c = 0; c <= spanning; c++)
    {
      g_autoptr(GArray) rights = g_array_new (FALSE, FALSE, sizeof (double));
      double left = G_MAXDOUBLE;
      double right;

      for (guint i = page_start; i < lines->len; i++)
        {
          Line *l = &g_array_index (lines, Line, i);

          if (l->column == c)
            {
              g_array_append_val (rights, l->x2);
              left = MIN (left, l->x1);
            }
        }
      if (rights->len == 0)
        continue;
      g_array_sort (rights, compare_doubles);
      right = g_array_index (rights, double, (guint) floor (0.8 * (rights->len - 1)));
      for (guint i = page_start; i < lines->len; i++)
        {
          Line *l = &g_array_index (lines, Line, i);

          if (l->column == c)
            {
              l->col_left = left;
              l->col_right = right;
              l->edge = l->y1 < height * EDGE_ZONE || l->y2 > height * (1 - EDGE_ZONE);
            }
        }
    }
}

/* ------------------------------------------------------------------------ */
/* Running headers, footers and page numbers                                */
/* ------------------------------------------------------------------------ */

static gboolean
is_page_number (const char *text)
{
  static GRegex *regex;

  if (g_once_init_enter (&regex))
    g_once_init_leave (&regex,
                       g_regex_new ("^(page|p\\.|pg\\.?|стр\\.?|страница)?\\s*[-–—]?\\s*"
                                    "(\\d{1,4}|[ivxlc]{1,7})\\s*[-–—]?\\s*"
                                    "((of|/|из)\\s*\\d{1,4})?$",
                                    G_REGEX_CASELESS | G_REGEX_OPTIMIZE, 0, NULL));
  return g_regex_match (regex, text, 0, NULL);
}

/* The text with its digits folded, so "Review, page 3" and "Review, page 4"
 * are one running header. */
static char *
header_key (const char *text)
{
  g_autofree char *folded = g_utf8_casefold (text, -1);
  GString *key = g_string_new (NULL);

  for (const char *p = folded; *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p))
        {
          if (key->len == 0 || key->str[key->len - 1] != '#')
            g_string_append_c (key, '#');
        }
      else
        g_string_append_c (key, *p);
    }
  return g_string_free (key, FALSE);
}

static double line_pitch (GArray *lines);

/* The width of the document's columns: the median over its lines. */
static double
typical_column_width (GArray *lines)
{
  g_autoptr(GArray) widths = g_array_new (FALSE, FALSE, sizeof (double));
  const Line *l = (const Line *) lines->data;

  for (guint i = 0; i < lines->len; i++)
    {
      double w = l[i].col_right - l[i].col_left;
      g_array_append_val (widths, w);
    }
  if (widths->len == 0)
    return 0;
  g_array_sort (widths, compare_doubles);
  return g_array_index (widths, double, widths->len / 2);
}

typedef struct {
  guint  pages;       /* pages it is on */
  guint  last_page;
  double min_y, max_y;
  gboolean counted;   /* in result->running_headers */
} Recurrence;

/* Whether @a and @b are one line spacing apart (or closer) and overlap
 * across: lines of one text, not a line set apart in a margin. */
static gboolean
near_line (const Line *a,
           const Line *b,
           double      pitch)
{
  double d = fabs (a->y1 - b->y1);

  return d > 0.1 && d <= 1.15 * pitch && a->column == b->column &&
         a->x1 < b->x2 && b->x1 < a->x2;
}

/* Whether a line next to line @i on its page is text that does not
 * recur: then @i is part of that text, even if its words recur. */
static gboolean
in_flow (const Line     *l,
         guint           n,
         guint           i,
         const gboolean *recurs,
         double          pitch)
{
  for (guint j = i; j-- > 0 && l[j].page == l[i].page; )
    if (!recurs[j] && near_line (&l[j], &l[i], pitch))
      return TRUE;
  for (guint j = i + 1; j < n && l[j].page == l[i].page; j++)
    if (!recurs[j] && near_line (&l[j], &l[i], pitch))
      return TRUE;
  return FALSE;
}

/* Running headers and footers: lines near the top or bottom edge whose
 * words (digits aside) recur at the same height on at least two pages and
 * two in five of those with text; page numbers: such lines that are only a
 * number ("3", "Page 3 of 12", "- iv -"). A recurring full line that runs
 * on from text that does not recur is that text's, and a page whose only
 * text is at its edges keeps it. */
static void
drop_furniture (GArray             *lines,
                guint               text_pages,
                double              pitch,
                AttestFormatResult *result)
{
  g_autoptr(GHashTable) recurrences = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GHashTable) body_pages = g_hash_table_new (NULL, NULL);
  Line *l = (Line *) lines->data;
  guint n = lines->len;
  g_autofree gboolean *recurs = g_new0 (gboolean, n);
  g_autofree gboolean *number = g_new0 (gboolean, n);
  g_autofree Recurrence **of = g_new0 (Recurrence *, n);
  double column_width;

  if (pitch <= 0)
    pitch = 14;
  column_width = typical_column_width (lines);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *key = NULL;
      Recurrence *r;

      if (!l[i].edge)
        continue;
      key = header_key (l[i].text);
      r = g_hash_table_lookup (recurrences, key);
      if (r == NULL)
        {
          r = g_new0 (Recurrence, 1);
          r->last_page = G_MAXUINT;
          r->min_y = r->max_y = l[i].y1;
          g_hash_table_insert (recurrences, g_steal_pointer (&key), r);
        }
      if (r->last_page != l[i].page)
        {
          r->pages++;
          r->last_page = l[i].page;
        }
      r->min_y = MIN (r->min_y, l[i].y1);
      r->max_y = MAX (r->max_y, l[i].y1);
      of[i] = r;
    }

  for (guint i = 0; i < n; i++)
    {
      Recurrence *r = of[i];

      if (r == NULL)
        continue;
      number[i] = is_page_number (l[i].text);
      recurs[i] = number[i] ||
                  (r->pages >= 2 && r->pages * 5 >= text_pages * 2 && r->max_y - r->min_y <= 3);
    }
  /* The pages with text of their own. */
  for (guint i = 0; i < n; i++)
    if (!recurs[i])
      g_hash_table_add (body_pages, GUINT_TO_POINTER (l[i].page + 1));

  for (guint i = 0; i < n; i++)
    {
      /* A full line running on from text is text (headers are short, or
       * run past the column's edge, and may sit a line's spacing from the
       * text). Full as the document's columns are: a last page's few short
       * lines make a narrow column. */
      gboolean full = l[i].x2 - l[i].x1 >= 0.8 * column_width &&
                      l[i].x2 <= l[i].col_right + 0.5 * MAX (l[i].size, 4);

      if (!recurs[i] || !g_hash_table_contains (body_pages, GUINT_TO_POINTER (l[i].page + 1)) ||
          (full && in_flow (l, n, i, recurs, pitch)))
        continue;
      l[i].dropped = TRUE;
      if (number[i])
        result->page_numbers++;
      else
        {
          result->running_header_lines++;
          if (!of[i]->counted)
            {
              of[i]->counted = TRUE;
              result->running_headers++;
            }
        }
    }
}

/* ------------------------------------------------------------------------ */
/* Paragraphs                                                               */
/* ------------------------------------------------------------------------ */

/* The size of the body type: the median over the kept lines. */
static double
body_size_of (const Line *l,
              guint       n)
{
  g_autoptr(GArray) sizes = g_array_new (FALSE, FALSE, sizeof (double));

  for (guint i = 0; i < n; i++)
    if (!l[i].dropped && l[i].size > 0)
      g_array_append_val (sizes, l[i].size);
  if (sizes->len == 0)
    return 0;
  g_array_sort (sizes, compare_doubles);
  return g_array_index (sizes, double, sizes->len / 2);
}

static double
body_size (GArray *lines)
{
  return body_size_of ((const Line *) lines->data, lines->len);
}

/* The usual distance from one line's top to the next in a column. */
static double
line_pitch (GArray *lines)
{
  g_autoptr(GArray) pitches = g_array_new (FALSE, FALSE, sizeof (double));
  Line *l = (Line *) lines->data;
  Line *prev = NULL;

  for (guint i = 0; i < lines->len; i++)
    {
      if (l[i].dropped)
        continue;
      if (prev != NULL && prev->page == l[i].page && prev->column == l[i].column &&
          l[i].y1 > prev->y1)
        {
          double pitch = l[i].y1 - prev->y1;
          g_array_append_val (pitches, pitch);
        }
      prev = &l[i];
    }
  if (pitches->len == 0)
    return 0;
  g_array_sort (pitches, compare_doubles);
  return g_array_index (pitches, double, pitches->len / 2);
}

static gboolean
ends_sentence (const char *text)
{
  const char *end = text + strlen (text);
  const char *last = g_utf8_find_prev_char (text, end);
  gunichar c = last != NULL ? g_utf8_get_char (last) : 0;

  return c == '.' || c == '!' || c == '?' || c == ':' || c == ';' ||
         c == '"' || c == 0x201D || c == 0x00BB || c == ')';
}

static gboolean
starts_sentence (const char *text)
{
  gunichar c = g_utf8_get_char (text);

  return g_unichar_isupper (c) || g_unichar_isdigit (c) || c == '"' ||
         c == 0x201C || c == 0x00AB || c == '(' || c == 0x2022 || c == '-' || c == 0x2013;
}

/* Whether @a (@len bytes, a paragraph so far) ends in a word broken at the
 * line's end: "pres-" then "ence". */
static gboolean
is_hyphenated (const char *a,
               gsize       len,
               const char *b)
{
  const char *end = a + len;
  const char *last = g_utf8_find_prev_char (a, end);
  const char *before;
  gunichar c;

  if (last == NULL)
    return FALSE;
  c = g_utf8_get_char (last);
  if (c != '-' && c != 0x00AD && c != 0x2010)
    return FALSE;
  before = g_utf8_find_prev_char (a, last);
  return before != NULL && g_unichar_isalpha (g_utf8_get_char (before)) &&
         g_unichar_islower (g_utf8_get_char (b));
}

/* Where the text of a list item starts after its bullet ("• Text"), or
 * NULL when @text is no list item. */
static const char *
bullet_end (const char *text)
{
  static const gunichar bullets[] = { 0x2022, 0x25AA, 0x25E6, 0x2023, 0x25CF, 0x25A0, 0x25CB, 0x2043, 0x2219 };
  gunichar c = g_utf8_get_char (text);
  const char *rest = g_utf8_next_char (text);

  for (guint i = 0; i < G_N_ELEMENTS (bullets); i++)
    if (c == bullets[i] && (*rest == ' ' || *rest == '\t'))
      {
        while (*rest == ' ' || *rest == '\t')
          rest++;
        return *rest != '\0' ? rest : NULL;
      }
  return NULL;
}

/* Whether @b's first word would have fitted at the end of @a, in @a's
 * column: then @a ended where it did on purpose. Measured from @b's own
 * width per character. */
static gboolean
next_word_fits (const Line *a,
                const Line *b,
                double      em)
{
  const char *space = strchr (b->text, ' ');
  glong word = space != NULL ? g_utf8_strlen (b->text, space - b->text) : g_utf8_strlen (b->text, -1);
  glong all = g_utf8_strlen (b->text, -1);
  double per_char = all > 0 ? (b->x2 - b->x1) / all : em / 2;

  return a->col_right - a->x2 > (word + 1) * per_char + 0.2 * em;
}

/* Whether a paragraph ends between @a and the next line @b. */
static gboolean
breaks_between (const Line *a,
                const Line *b,
                double      em,
                double      pitch,
                double      column_width)
{
  gboolean geometry = a->x2 > a->x1 && b->x2 > b->x1;
  gboolean same_column = a->page == b->page && a->column == b->column && b->y1 > a->y1;
  /* Full: the next line's first word would not have fitted after it (so
   * it wrapped), and as wide as the document's columns are (a title
   * page's lone lines are their own narrow "columns"). */
  gboolean full = !geometry || (!next_word_fits (a, b, em) && a->x2 - a->x1 >= 0.6 * column_width);
  gboolean indented = geometry && b->x1 > b->col_left + 0.8 * em;

  /* A heading, or a title, is set in another size. */
  if (a->size > 0 && b->size > 0 && fabs (a->size - b->size) > 0.15 * MAX (a->size, b->size))
    return TRUE;

  /* Lines of a title or heading, often centred, run on unless spaced apart. */
  if (a->size > 1.15 * em && geometry && a->page == b->page)
    return !(b->y1 > a->y1 && (pitch <= 0 || b->y1 - a->y1 < 1.6 * a->size));

  if (!geometry)
    return ends_sentence (a->text) && starts_sentence (b->text);

  if (same_column)
    {
      if (pitch > 0 && b->y1 - a->y1 > 1.3 * pitch)
        return TRUE;
      if (indented && b->x1 - a->x1 > 0.8 * em)
        return TRUE;
    }
  else if (indented)
    return TRUE;

  /* A line that stops short ends its paragraph, at a sentence's end. */
  return !full && (ends_sentence (a->text) || starts_sentence (b->text));
}

static void
build_paragraphs (GArray             *lines,
                  AttestFormatResult *result)
{
  g_autoptr(GString) para = g_string_new (NULL);
  Line *l = (Line *) lines->data;
  Line *prev = NULL;
  double em = body_size (lines);
  double pitch = line_pitch (lines);
  double column_width = typical_column_width (lines);
  double item_x = -1;   /* where the list item being read has its bullet */

  if (em <= 0)
    em = 10;

  for (guint i = 0; i < lines->len; i++)
    {
      Line *line = &l[i];
      const char *text = line->text;
      const char *after_bullet = bullet_end (text);

      if (line->dropped)
        continue;
      if (prev != NULL)
        {
          /* A list item ends where a line starts no further in than its
           * bullet: its own lines are indented to the text after it. */
          gboolean item_ends = item_x >= 0 && line->x1 <= item_x + 0.5 * em;
          gboolean item_goes_on = item_x >= 0 && !item_ends && line->page == prev->page &&
                                  line->y1 > prev->y1 && line->y1 - prev->y1 <= 1.3 * pitch;

          if (after_bullet != NULL || item_ends ||
              (!item_goes_on && breaks_between (prev, line, em, pitch, column_width)))
            {
              attest_format_result_add (result, para->str);
              g_string_truncate (para, 0);
              item_x = -1;
            }
          else if (is_hyphenated (para->str, para->len, text))
            {
              /* Drop the hyphen; the word continues. */
              const char *last = g_utf8_find_prev_char (para->str, para->str + para->len);

              g_string_truncate (para, last - para->str);
            }
          else
            g_string_append_c (para, ' ');
        }
      /* The bullet is list markup, as in Word and web lists: not text. */
      if (after_bullet != NULL)
        {
          item_x = line->x1;
          text = after_bullet;
        }
      g_string_append (para, text);
      prev = line;
    }
  attest_format_result_add (result, para->str);
}

/* The lines in the largest type at the start of the first page, when that
 * type is clearly larger than the body's: the title as printed. */
static char *
printed_title (GArray *lines)
{
  Line *l = (Line *) lines->data;
  double em = body_size (lines);
  double largest = 0;
  guint first = G_MAXUINT;
  g_autoptr(GString) title = g_string_new (NULL);

  for (guint i = 0; i < lines->len && l[i].page == l[0].page; i++)
    if (!l[i].dropped)
      {
        if (first == G_MAXUINT)
          first = i;
        largest = MAX (largest, l[i].size);
      }
  if (first == G_MAXUINT || em <= 0 || largest < 1.2 * em || fabs (l[first].size - largest) > 0.5)
    return NULL;

  for (guint i = first; i < lines->len && i < first + 4 && l[i].page == l[first].page; i++)
    {
      if (l[i].dropped)
        continue;
      if (fabs (l[i].size - largest) > 0.5)
        break;
      if (title->len > 0)
        g_string_append_c (title, ' ');
      g_string_append (title, l[i].text);
    }
  return title->len > 0 ? g_string_free (g_steal_pointer (&title), FALSE) : NULL;
}

/* Titles that are a program's placeholder, not the document's. */
static gboolean
is_placeholder_title (const char *title)
{
  static const char *suffixes[] = { ".doc", ".docx", ".odt", ".pdf", ".rtf", ".txt", ".indd", NULL };

  if (title == NULL || *g_strstrip ((char *) title) == '\0' ||
      g_ascii_strcasecmp (title, "untitled") == 0 ||
      g_str_has_prefix (title, "Microsoft Word - "))
    return TRUE;
  for (guint i = 0; suffixes[i] != NULL; i++)
    if (g_str_has_suffix (title, suffixes[i]))
      return TRUE;
  return FALSE;
}

/* ------------------------------------------------------------------------ */

/* A PDF ends with %%EOF (only white space may follow in practice); without
 * it the file was cut short, and poppler would silently read what is left. */
static gboolean
is_truncated (const char *data,
              gsize       len)
{
  gsize tail = MIN (len, 2048);
  const char *start = data + len - tail;

  for (const char *p = data + len; p - 5 >= start; p--)
    if (memcmp (p - 5, "%%EOF", 5) == 0)
      return FALSE;
  return TRUE;
}

/**
 * attest_format_pdf_read:
 * @bytes: the content
 * @name: the file's name, for messages
 * @result: the result, filled in
 * @error: return location for a #GError, or %NULL
 *
 * Reads a PDF's text. Errors are ATTEST_ERROR (FORMAT, EMPTY, TOO_LARGE).
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */
gboolean
attest_format_pdf_read (GBytes              *bytes,
                        const char          *name,
                        AttestFormatResult  *result,
                        GError             **error)
{
  /* poppler-glib defines no autoptr cleanups: its objects are held as GObjects. */
  g_autoptr(GObject) held = NULL;
  PopplerDocument *document;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GArray) lines = g_array_new (FALSE, FALSE, sizeof (Line));
  g_autoptr(GDateTime) created = NULL;
  g_autofree char *title = NULL;
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);
  guint text_pages = 0;
  guint page_start = 0;
  gsize text_bytes = 0;
  int n_pages;

  g_array_set_clear_func (lines, line_clear);

  if (is_truncated (data, len))
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_FORMAT,
                   _("“%s” is cut short: the end of the PDF is missing"), name);
      return FALSE;
    }

  document = poppler_document_new_from_bytes (bytes, NULL, &local_error);
  held = (GObject *) document;
  if (document == NULL)
    {
      if (g_error_matches (local_error, POPPLER_ERROR, POPPLER_ERROR_ENCRYPTED))
        g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_FORMAT,
                     _("“%s” is protected by a password; Attest does not open encrypted PDFs"), name);
      else
        g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_FORMAT,
                     _("“%s” is not a PDF Attest can read: %s"), name, local_error->message);
      return FALSE;
    }

  n_pages = poppler_document_get_n_pages (document);
  if (n_pages > MAX_PAGES)
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_TOO_LARGE,
                   _("“%s” has %d pages, more than the %d Attest reads"), name, n_pages, MAX_PAGES);
      return FALSE;
    }

  for (int i = 0; i < n_pages; i++)
    {
      g_autoptr(GObject) page_held = (GObject *) poppler_document_get_page (document, i);
      PopplerPage *page = (PopplerPage *) page_held;
      g_autoptr(GArray) pieces = g_array_new (FALSE, FALSE, sizeof (Line));
      gboolean geometry = FALSE;
      double width = 0, height = 0;

      if (page == NULL)
        continue;
      g_array_set_clear_func (pieces, line_clear);
      add_page_pieces (page, i, pieces, &geometry);
      if (pieces->len == 0)
        {
          result->textless_pages++;
          continue;
        }
      text_pages++;
      if (geometry)
        {
          /* The page's own type size: over every line so far, each page
           * would sort them all again (quadratic in the pages). */
          double em = body_size_of ((const Line *) pieces->data, pieces->len);

          poppler_page_get_size (page, &width, &height);
          order_page (pieces, height, em > 0 ? em : 10, lines);
        }
      else
        for (guint k = 0; k < pieces->len; k++)
          {
            g_array_append_val (lines, g_array_index (pieces, Line, k));
            g_array_index (pieces, Line, k).text = NULL;
          }
      for (guint l = page_start; l < lines->len; l++)
        text_bytes += strlen (g_array_index (lines, Line, l).text) + 1;
      page_start = lines->len;
      if (text_bytes > ATTEST_FORMAT_MAX_TEXT)
        {
          g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_TOO_LARGE,
                       _("“%s” holds more than %d MB of text, more than Attest takes as one article"),
                       name, ATTEST_FORMAT_MAX_TEXT / (1024 * 1024));
          return FALSE;
        }
    }
  result->pages = n_pages;

  if (text_pages == 0)
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_FORMAT,
                   _("“%s” has no text layer, only images (a scan?); Attest does not "
                   "recognise text in images"), name);
      return FALSE;
    }

  drop_furniture (lines, text_pages, line_pitch (lines), result);
  build_paragraphs (lines, result);

  title = poppler_document_get_title (document);
  if (is_placeholder_title (title))
    {
      g_clear_pointer (&title, g_free);
      title = printed_title (lines);
    }
  result->title = g_steal_pointer (&title);
  result->author = poppler_document_get_author (document);
  if (result->author != NULL && *g_strstrip (result->author) == '\0')
    g_clear_pointer (&result->author, g_free);
  created = poppler_document_get_creation_date_time (document);
  if (created != NULL)
    result->date = g_date_time_format (created, "%Y-%m-%d");
  if (result->title != NULL && result->paragraphs->len > 0 &&
      strcmp (g_ptr_array_index (result->paragraphs, 0), result->title) == 0)
    result->heading = g_strdup (result->title);

  return TRUE;
}
