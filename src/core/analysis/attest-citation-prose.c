/* attest-citation-prose.c — attributions in running prose: reporting verbs
 * and their outlets ("Interfax reported", "told Reuters", "according to
 * TASS", "citing the Kabar news agency"). A pass of the citation scanner
 * (see attest-citation-scanner-private.h).
 */
#include "attest-citation-scanner-private.h"

#include <gio/gio.h>
#include <string.h>

/* ---- Prose -------------------------------------------------------------- */

static inline gboolean
is_word_char (gunichar c)
{
  /* Most of a line is ASCII: no table lookup for it. */
  if (c < 0x80)
    return g_ascii_isalnum (c) || c == '-' || c == '.' || c == '/' || c == '\'' || c == '&';
  return g_unichar_isalnum (c) || c == 0x2010 || c == 0x2011 || c == 0x2019;
}

static inline gunichar
char_at (const char *p)
{
  return (guchar) *p < 0x80 ? (gunichar) *p : g_utf8_get_char (p);
}

static void
split_words (ScanContext *ctx)
{
  const char *p = ctx->line;

  g_array_set_size (ctx->words, 0);
  while (p < ctx->line_end)
    {
      Word w;

      while (p < ctx->line_end && !is_word_char (char_at (p)))
        p = g_utf8_next_char (p);
      if (p >= ctx->line_end)
        break;
      w.start = p;
      while (p < ctx->line_end && is_word_char (char_at (p)))
        p = g_utf8_next_char (p);
      w.end = p;
      /* Sentence stops and possessives are not part of a name. */
      while (w.end > w.start + 1 && (w.end[-1] == '.' || w.end[-1] == '\''))
        w.end--;
      if (w.end - w.start > 2 && w.end[-1] == 's' && w.end[-2] == '\'')
        w.end -= 2;
      else if (w.end - w.start > 4 && w.end[-1] == 's' && memcmp (w.end - 4, "\xe2\x80\x99", 3) == 0)
        w.end -= 4;
      w.joined = p < ctx->line_end && *p == ' ' && p + 1 < ctx->line_end &&
                 is_word_char (char_at (p + 1)) && p == w.end;
      g_array_append_val (ctx->words, w);
    }
}

static Word *
word_at (ScanContext *ctx,
         guint        i)
{
  return &g_array_index (ctx->words, Word, i);
}

static gboolean
word_is (ScanContext *ctx,
         guint        i,
         const char  *text)
{
  Word *w;

  if (i >= ctx->words->len)
    return FALSE;
  w = word_at (ctx, i);
  return (gsize) (w->end - w->start) == strlen (text) &&
         g_ascii_strncasecmp (w->start, text, w->end - w->start) == 0;
}

static gboolean
word_in (ScanContext *ctx,
         guint        i,
         const char **list)
{
  for (guint k = 0; list[k] != NULL; k++)
    if (word_is (ctx, i, list[k]))
      return TRUE;
  return FALSE;
}

/* Words that may stand between a reporting verb and the outlet's name:
 * "told the Russian newspaper Kommersant". */
static const char *descriptors[] = {
  "the", "a", "an", "news", "agency", "newspaper", "daily", "weekly", "website", "portal",
  "channel", "radio", "tv", "television", "service", "magazine", "outlet", "wire",
  "broadcaster", "state", "state-run", "state-owned", "private", "independent", "local",
  "business", "online", "information", "report", "reports", "by", "in", "to", "with",
  "russian", "kyrgyz", "kazakh", "kazakhstani", "tajik", "uzbek", "turkmen", "georgian",
  "armenian", "azerbaijani", "azeri", "chinese", "iranian", "afghan", "ukrainian",
  "belarusian", "british", "american", "french", "german", "japanese", "turkish", "pakistani",
  "indian", "regional", "official", "government", "pro-kremlin", "kremlin-friendly",
  "opposition", "popular", "leading", "respected", "also", "has", "had", NULL,
};

/* An outlet's name starting at word @i: a known one (@looks: or any
 * capitalised run that looks like an outlet). Sets @last to its last word. */
/* Nouns that introduce an outlet's name in apposition: "the news agency
 * Bakhtar", "the newspaper Vedomosti". */
static const char *naming_nouns[] = {
  "agency", "newspaper", "daily", "weekly", "website", "site", "portal", "channel", "broadcaster",
  "radio", "tv", "television", "magazine", "outlet", "paper", "tabloid", "wire", NULL,
};

/* Small words inside names: "Institute for War and Peace Reporting". */
static const char *name_connectors[] = { "of", "for", "and", "the", "de", "&", NULL };

static gboolean word_in (ScanContext *ctx, guint i, const char **list);

/* The last word of the capitalised run starting at word @i, connectors
 * inside it allowed: "Ekho Moskvy" of "Ekho Moskvy radio". */
static guint
capitalised_run (ScanContext *ctx,
                 guint        i,
                 guint        max_words)
{
  guint last = i;

  for (guint j = i; j + 1 < ctx->words->len && word_at (ctx, j)->joined && j + 1 - i < max_words; j++)
    {
      if (_attest_scan_starts_capital (word_at (ctx, j + 1)->start))
        last = j + 1;
      else if (!word_in (ctx, j + 1, name_connectors))
        break;
    }
  return last;
}

/* An outlet's name starting at word @i: a known one (@looks: or any
 * capitalised run that looks like an outlet, or follows a naming noun).
 * Sets @last to its last word. */
/* How sure the words around a name make it an outlet's: */
enum {
  NAMED_KNOWN,     /* only a known outlet, or one after a naming noun */
  NAMED_LIKELY,    /* also a name shaped like an outlet's, but no bare acronym ("UNODC") */
  NAMED_ANY,       /* also a bare acronym: "told AFP" */
};

/* "UN", "UNODC", "GKNB": one word in capitals, which institutions share. */
static gboolean
is_bare_acronym (const char *name)
{
  guint upper = 0;

  for (const char *p = name; *p != '\0'; p++)
    {
      if (g_ascii_isupper (*p))
        upper++;
      else
        return FALSE;
    }
  return upper > 0;
}

static const char *
outlet_from (ScanContext *ctx,
             guint        i,
             int          mode,
             guint       *last,
             char       **written)
{
  Word *w = word_at (ctx, i);
  const char *canonical;
  gsize length = 0;
  guint run, j;

  if (!_attest_scan_starts_capital (w->start))
    return NULL;

  /* A known name within the capitalised run: "radio" after "Ekho Moskvy"
   * describes it. */
  run = capitalised_run (ctx, i, 8);
  canonical = attest_outlets_match (ctx->outlets, w->start, word_at (ctx, run)->end, &length);
  if (canonical != NULL)
    {
      const char *stop = w->start + length;

      for (j = i; j + 1 < ctx->words->len && word_at (ctx, j)->end < stop; j++)
        ;
      /* The name must end at a word's end: "Trend" is not "Trendy". */
      if (word_at (ctx, j)->end == stop)
        {
          /* "Sputnik Tajikistan": a known name and its country. */
          while (j + 1 <= run && word_at (ctx, j)->joined)
            {
              g_autofree char *next = g_strndup (word_at (ctx, j + 1)->start,
                                                 word_at (ctx, j + 1)->end - word_at (ctx, j + 1)->start);

              if (!attest_citation_scanner_is_place (next))
                break;
              j++;
              stop = word_at (ctx, j)->end;
            }
          *last = j;
          *written = g_strndup (w->start, stop - w->start);
          return canonical;
        }
    }

  j = capitalised_run (ctx, i, 5);
  *written = g_strndup (w->start, word_at (ctx, j)->end - w->start);
  {
    gboolean looks = attest_outlets_looks_like_outlet (*written);
    /* "the news agency Bakhtar", "Unuudur newspaper" */
    /* A nationality before "newspaper" describes it: "Russian newspaper". */
    gboolean named = !attest_citation_scanner_is_place (*written) && !word_in (ctx, i, descriptors) &&
                     ((i > 0 && word_in (ctx, i - 1, naming_nouns) && word_at (ctx, i - 1)->joined) ||
                      (j + 1 < ctx->words->len && word_at (ctx, j)->joined && word_in (ctx, j + 1, naming_nouns) &&
                       !_attest_scan_starts_capital (word_at (ctx, j + 1)->start)));

    if (!named && !(mode == NAMED_ANY && looks) &&
        !(mode == NAMED_LIKELY && looks && !is_bare_acronym (*written)))
      {
        g_clear_pointer (written, g_free);
        return NULL;
      }
  }
  *last = j;
  return *written;
}

/* An outlet's name ending at word @j (capitalised words back from it). */
static const char *
outlet_before (ScanContext *ctx,
               guint        j,
               gboolean     looks,
               guint       *first,
               char       **written)
{
  Word *last = word_at (ctx, j);
  guint i;

  for (guint k = MIN (j, 5) + 1; k-- > 0;)
    {
      Word *w = word_at (ctx, j - k);
      gsize length = 0;
      const char *canonical;
      gboolean joined = TRUE;

      for (guint m = j - k; m < j; m++)
        joined = joined && word_at (ctx, m)->joined;
      if (!joined || !_attest_scan_starts_capital (w->start))
        continue;
      canonical = attest_outlets_match (ctx->outlets, w->start, last->end, &length);
      if (canonical != NULL && w->start + length == last->end)
        {
          *first = j - k;
          *written = g_strndup (w->start, length);
          return canonical;
        }
    }

  if (!_attest_scan_starts_capital (last->start))
    return NULL;
  if (!looks)
    {
      /* Only after a naming noun: "news agency Bakhtar quoted". */
      for (i = j; i > 0 && word_at (ctx, i - 1)->joined && _attest_scan_starts_capital (word_at (ctx, i - 1)->start) &&
                  j - i < 4; i--)
        ;
      if (i == 0 || !word_in (ctx, i - 1, naming_nouns))
        return NULL;
    }

  for (i = j; i > 0 && word_at (ctx, i - 1)->joined && _attest_scan_starts_capital (word_at (ctx, i - 1)->start) &&
              j - i < 4; i--)
    ;
  /* "Opposition-leaning Formula TV", "Kremlin-backed Zvezda": the
   * compound before the name describes it. */
  while (i < j)
    {
      Word *w = word_at (ctx, i);
      const char *hyphen = g_strrstr_len (w->start, w->end - w->start, "-");

      if (hyphen == NULL || hyphen + 1 >= w->end || !g_ascii_islower (hyphen[1]))
        break;
      i++;
    }
  *written = g_strndup (word_at (ctx, i)->start, last->end - word_at (ctx, i)->start);
  /* "the state news agency Bakhtar quoted" */
  if (!attest_outlets_looks_like_outlet (*written) &&
      !(i > 0 && word_in (ctx, i - 1, naming_nouns) && word_at (ctx, i - 1)->joined &&
        !attest_citation_scanner_is_place (*written)))
    {
      g_clear_pointer (written, g_free);
      return NULL;
    }
  *first = i;
  return *written;
}

static void
emit_reporting (ScanContext *ctx,
                const char  *start,
                const char  *end,
                const char  *outlet)
{
  const char *sentence, *stop;
  Span span = { start, end };

  if (_attest_scan_is_taken (ctx, start, end))
    return;

  _attest_scan_sentence_at (ctx, start, &sentence, &stop);
  stop = _attest_scan_continued_until (ctx, stop);
  _attest_scan_take (ctx, start, end);
  _attest_scan_emit (ctx, ATTEST_CITATION_REPORTING, span, outlet, NULL, NULL,
        _attest_scan_char_offset (ctx, sentence), _attest_scan_char_offset (ctx, stop));
}

/* Verbs before the outlet: "told Interfax", "according to Kommersant". */
static const char *verbs_before[] = { "told", "citing", "quoting", "via", NULL };
static const char *by_verbs[] = {
  "cited", "quoted", "reported", "interviewed", "published", "carried", "broadcast", "aired", NULL,
};
/* Verbs after the outlet: "Interfax reported", "TASS quoted". */
static const char *verbs_after[] = {
  "reported", "reports", "quoted", "quotes", "cited", "cites", "wrote", "writes",
  "published", "said", "says", "learned", "learnt", "added", "claimed", "claims", "stated",
  NULL,
};
/* A noun and the word that brings in the outlet: "a report in Kommersant",
 * "in an interview with Ekho Moskvy", "in comments to Kommersant". */
static const struct
{
  const char *noun;
  const char *prepositions[4];
} reported_nouns[] = {
  { "report", { "in", "by", "from", NULL } },
  { "reports", { "in", "by", "from", NULL } },
  { "article", { "in", "by", NULL } },
  { "story", { "in", "by", NULL } },
  { "interview", { "with", "to", NULL } },
  { "comments", { "to", NULL } },
  { "comment", { "to", NULL } },
  { "remarks", { "to", NULL } },
  { "statement", { "to", NULL } },
};
static const char *speaking_verbs[] = { "speaking", "spoke", "talking", "talked", NULL };
static const char *report_nouns[] = {
  "report", "reports", "article", "story", "interview", "comments", "comment", "remarks",
  "statement", NULL,
};

static gboolean word_is (ScanContext *ctx, guint i, const char *text);

static gboolean
reported_in (ScanContext *ctx,
             guint        i)
{
  for (guint n = 0; n < G_N_ELEMENTS (reported_nouns); n++)
    if (word_is (ctx, i, reported_nouns[n].noun))
      {
        for (guint k = 0; reported_nouns[n].prepositions[k] != NULL; k++)
          if (word_is (ctx, i + 1, reported_nouns[n].prepositions[k]))
            return TRUE;
        return FALSE;
      }
  return FALSE;
}
/* After an outlet the list lacks, only verbs no person uses of themself. */
static const char *verbs_after_unknown[] = { "reported", "reports", "quoted", "wrote", "writes", "published", NULL };

/* Skips descriptors from word @i on; the index of the first other word. */
static guint
skip_descriptors (ScanContext *ctx,
                  guint        i)
{
  for (guint n = 0; n < 5 && i < ctx->words->len && word_in (ctx, i, descriptors) &&
                    word_at (ctx, i)->joined; n++)
    i++;
  return i;
}

/* The words that can start a reporting phrase, and for each first letter
 * the lengths they come in: most words are turned away by those bits
 * before they are lowered and looked up. */
typedef struct {
  GHashTable *words;
  guint32     lengths[26];
} Triggers;

static void
add_trigger (Triggers   *triggers,
             const char *word)
{
  gsize n = strlen (word);

  g_assert (word[0] >= 'a' && word[0] <= 'z' && n < 32);
  g_hash_table_add (triggers->words, (char *) word);
  triggers->lengths[word[0] - 'a'] |= 1u << n;
}

static Triggers *
load_triggers (void)
{
  const char **lists[] = { verbs_before, by_verbs, verbs_after, report_nouns, speaking_verbs };
  Triggers *triggers = g_new0 (Triggers, 1);

  triggers->words = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint l = 0; l < G_N_ELEMENTS (lists); l++)
    for (guint i = 0; lists[l][i] != NULL; i++)
      add_trigger (triggers, lists[l][i]);
  add_trigger (triggers, "according");
  return triggers;
}

static inline char
ascii_lower (char c)
{
  return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

/* Whether word @i can start a reporting phrase: most words cannot, and
 * one lookup tells. */
static gboolean
is_trigger (ScanContext *ctx,
            guint        i)
{
  static Triggers *triggers = NULL;
  Word *w = word_at (ctx, i);
  gsize n = w->end - w->start;
  char first = ascii_lower (w->start[0]);
  char lower[16];

  if (g_once_init_enter (&triggers))
    g_once_init_leave (&triggers, load_triggers ());
  if (n >= sizeof lower || n < 3 || first < 'a' || first > 'z' ||
      !(triggers->lengths[first - 'a'] & (1u << n)))
    return FALSE;
  for (gsize k = 0; k < n; k++)
    lower[k] = ascii_lower (w->start[k]);
  lower[n] = '\0';
  return g_hash_table_contains (triggers->words, lower);
}

static gboolean
after_comma (ScanContext *ctx,
             const char  *p)
{
  while (p > ctx->line && (p[-1] == ' ' || p[-1] == '\t'))
    p--;
  if (p == ctx->line)
    return FALSE;
  p = g_utf8_find_prev_char (ctx->line, p);
  return *p == ',' || _attest_scan_is_closing_quote (g_utf8_get_char (p));
}

void
_attest_scan_prose (ScanContext *ctx)
{
  split_words (ctx);

  for (guint i = 0; i < ctx->words->len; i++)
    {
      g_autofree char *written = NULL;
      const char *outlet = NULL;
      guint first = 0, last = 0, after = 0;
      int mode = NAMED_KNOWN;

      if (!word_at (ctx, i)->joined && !word_in (ctx, i, verbs_after))
        continue;
      if (!is_trigger (ctx, i))
        continue;
      if (!word_at (ctx, i)->joined)
        ;
      else if (word_in (ctx, i, verbs_before))
        after = i + 1, mode = word_is (ctx, i, "told") ? NAMED_ANY : NAMED_LIKELY;
      else if (word_is (ctx, i, "according") && word_is (ctx, i + 1, "to") && word_at (ctx, i + 1)->joined)
        after = i + 2, mode = NAMED_LIKELY;
      /* "Speaking to Reuters, he denied it." */
      else if (word_in (ctx, i, speaking_verbs) && word_is (ctx, i + 1, "to") && word_at (ctx, i + 1)->joined)
        after = i + 2, mode = NAMED_ANY;
      else if (word_in (ctx, i, by_verbs) && word_is (ctx, i + 1, "by") && word_at (ctx, i + 1)->joined)
        after = i + 2, mode = NAMED_ANY;
      /* "a report in Kommersant", "report by Russian newspaper Kommersant",
       * "in an interview with Ekho Moskvy", "in comments to Kommersant" */
      else if (reported_in (ctx, i) && word_at (ctx, i + 1)->joined)
        after = i + 2, mode = NAMED_LIKELY;

      if (after > 0 && after < ctx->words->len)
        {
          guint stop = skip_descriptors (ctx, after);

          /* "told Radio Azatlyk" ("Radio" names), "told the Russian
           * newspaper Kommersant" (it describes). */
          for (guint k = after; k <= stop && k < ctx->words->len; k++)
            if ((outlet = outlet_from (ctx, k, mode, &last, &written)))
              {
                emit_reporting (ctx, word_at (ctx, i)->start, word_at (ctx, last)->end, written);
                i = last;
                break;
              }
          continue;
        }

      /* "Interfax reported", "the Kommersant daily wrote" */
      if (i > 0 && word_in (ctx, i, verbs_after))
        {
          guint j = i - 1;
          gboolean unknown_ok = word_in (ctx, i, verbs_after_unknown);

          while (j > 0 && word_in (ctx, j, descriptors) && !_attest_scan_starts_capital (word_at (ctx, j)->start) &&
                 word_at (ctx, j)->joined)
            j--;
          if (word_at (ctx, j)->joined &&
              (outlet = outlet_before (ctx, j, unknown_ok, &first, &written)))
            {
              emit_reporting (ctx, word_at (ctx, first)->start, word_at (ctx, i)->end, written);
              continue;
            }
          /* "…, wrote Nezavisimaya Gazeta.": a known outlet after the verb,
           * which follows a comma or a closing quotation mark. */
          if (word_at (ctx, i)->joined && i + 1 < ctx->words->len && after_comma (ctx, word_at (ctx, i)->start))
            {
              guint k = word_is (ctx, i + 1, "the") && word_at (ctx, i + 1)->joined ? i + 2 : i + 1;

              g_clear_pointer (&written, g_free);
              if (k < ctx->words->len && (outlet = outlet_from (ctx, k, NAMED_KNOWN, &last, &written)))
                {
                  emit_reporting (ctx, word_at (ctx, i)->start, word_at (ctx, last)->end, written);
                  i = last;
                }
            }
        }
    }
}
