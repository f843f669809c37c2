/* attest-citation-scanner-private.h — what the scanner's passes share
 * (private to attest-citation-*.c): the scan context of one line, and the
 * helpers that read and record in it.
 *
 * attest-citation-scanner.c walks the text line by line, reads
 * parentheses and sentences and records citations; the passes for
 * datelines and source lines (attest-citation-datelines.c) and for
 * reporting verbs in prose (attest-citation-prose.c) are called from it.
 */
#pragma once

#include "attest-citation-scanner.h"

G_BEGIN_DECLS

/* An outlet name longer than this is prose, not an attribution. */
#define OUTLET_MAX_CHARS 80

typedef struct
{
  const char *start;
  const char *end;   /* exclusive */
} Span;

typedef struct
{
  const char *start;
  const char *end;      /* without a final '.' or "'s" */
  gboolean    joined;   /* one plain space to the next word */
} Word;

typedef struct
{
  GPtrArray     *result;
  AttestOutlets *outlets;
  const char    *article_date;
  gint64         text_chars;
  const char    *line;           /* start of the paragraph */
  const char    *line_end;
  gint64         line_char;      /* its character offset in the text */
  guint          paragraph;      /* among the non-blank ones */
  gboolean       have_dateline;
  gint64         paren_cover;    /* where the next parenthesis' cover starts */
  GArray        *taken;          /* Span: bytes of the line already read */
  GArray        *words;          /* Word: the line's words, for prose */
  const char    *group_end;      /* past the ')' of the parenthesis being read */
  const char    *prose;          /* where the line's sentences start: after a dateline */
  const char    *tail;           /* past the line's last character that is no punctuation */
  const char    *mark;           /* a place in the line whose character offset is known */
  gint64         mark_char;
} ScanContext;

/* Text (the smallest helpers inline: they run for every character) */
static inline gboolean
_attest_scan_is_space_at (const char *p)
{
  return g_unichar_isspace (g_utf8_get_char (p));
}

static inline gboolean
_attest_scan_starts_capital (const char *p)
{
  gunichar c = g_utf8_get_char (p);

  return g_unichar_isupper (c) || g_unichar_istitle (c) || g_unichar_isdigit (c);
}

static inline gboolean
_attest_scan_is_closing_quote (gunichar c)
{
  return c == '"' || c == 0x201D || c == 0x2019 || c == 0xBB || c == ')' || c == '\'';
}

/* [@start, @end) without white space at its ends. */
Span        _attest_scan_trim_span        (const char *start,
                                           const char *end);
/* @prefix, ASCII case ignored, as a whole word at @p. */
gboolean    _attest_scan_has_prefix_word  (const char *p,
                                           const char *end,
                                           const char *prefix);
/* Shaped like an outlet's name: a capital or digit first, at most
 * OUTLET_MAX_CHARS characters. */
gboolean    _attest_scan_is_outlet        (Span        part);
/* "Photo: …", "Photo by …", "© …": a picture's credit, never a source. */
gboolean    _attest_scan_is_credit        (const char *p,
                                           const char *end);

/* The line */
/* The character offset of @p in the text. */
gint64      _attest_scan_char_offset      (ScanContext       *ctx,
                                           const char        *p);
/* Whether a pass already read a byte of [@start, @end). */
gboolean    _attest_scan_is_taken         (const ScanContext *ctx,
                                           const char        *start,
                                           const char        *end);
void        _attest_scan_take             (ScanContext       *ctx,
                                           const char        *start,
                                           const char        *end);
/* The sentence holding @at: [start, end). */
void        _attest_scan_sentence_at      (const ScanContext *ctx,
                                           const char        *at,
                                           const char       **start,
                                           const char       **end);
/* From the end of the sentence at @end: the sentences of the paragraph
 * that continue it (starting with a pronoun or a quotation). */
const char *_attest_scan_continued_until  (const ScanContext *ctx,
                                           const char        *end);

/* Citations */
/* A known outlet, or one whose name says so when @looks is allowed. */
gboolean    _attest_scan_acceptable_outlet (ScanContext        *ctx,
                                            const char         *name,
                                            gboolean            looks);
void        _attest_scan_emit             (ScanContext        *ctx,
                                           AttestCitationKind  kind,
                                           Span                span,
                                           const char         *outlet,
                                           const char         *place,
                                           const char         *date_text,
                                           gint64              cover_start,
                                           gint64              cover_end);

/* The passes over one line (attest-citation-datelines.c,
 * attest-citation-prose.c). */
gboolean    _attest_scan_dateline         (ScanContext *ctx);
gboolean    _attest_scan_source_line      (ScanContext *ctx);
void        _attest_scan_prose            (ScanContext *ctx);

G_END_DECLS
