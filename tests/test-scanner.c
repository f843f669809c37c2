/* test-scanner.c — the citation scanner on the sample articles and on edge
 * cases. Expected offsets were computed independently (Python str indices,
 * which count code points) from the files in tests/data/.
 */
#include <glib.h>
#include <string.h>

#include "attest-citation-scanner.h"
#include "attest-date.h"

typedef struct
{
  const char *outlet;
  const char *place;
  const char *date_text;
  const char *when;
  const char *text;
  gint64      start;
  gint64      end;
  gint64      paragraph_start;
  gboolean    closes_paragraph;
} Expected;

static char *
load_sample (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", name, NULL);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_utf8_validate (contents, -1, NULL));
  return contents;
}

static void
check_citations (const char     *text,
                 GPtrArray      *citations,
                 const Expected *expected,
                 guint           n_expected)
{
  g_assert_cmpuint (citations->len, ==, n_expected);

  for (guint i = 0; i < n_expected; i++)
    {
      AttestCitation *c = g_ptr_array_index (citations, i);
      const Expected *e = &expected[i];
      g_autofree char *sub = NULL;

      g_assert_nonnull (c->source);
      g_assert_cmpstr (c->source->outlet, ==, e->outlet);
      g_assert_cmpstr (c->source->place, ==, e->place);
      g_assert_cmpstr (c->source->date_text, ==, e->date_text);
      g_assert_cmpstr (c->source->when, ==, e->when);
      g_assert_cmpstr (c->text, ==, e->text);
      g_assert_cmpint (c->start, ==, e->start);
      g_assert_cmpint (c->end, ==, e->end);
      g_assert_cmpint (c->paragraph_start, ==, e->paragraph_start);
      g_assert_cmpint (c->closes_paragraph, ==, e->closes_paragraph);

      /* Character offsets, not bytes: the samples contain ’ and “. */
      sub = g_utf8_substring (text, c->start, c->end);
      g_assert_cmpstr (sub, ==, c->text);

      /* Nothing leaks in from the database side. */
      g_assert_null (c->uuid);
      g_assert_null (c->document_uuid);
      g_assert_cmpint (c->id, ==, 0);
      g_assert_null (c->source->uuid);
      g_assert_cmpint (c->source->id, ==, 0);
    }
}

static void
check_sample (const char     *name,
              const Expected *expected,
              guint           n_expected)
{
  g_autofree char *text = load_sample (name);
  g_autoptr(GPtrArray) citations = attest_citation_scanner_scan (text, NULL);

  /* The samples are not plain ASCII, so bytes and characters differ. */
  g_assert_cmpint (strlen (text), >, g_utf8_strlen (text, -1));

  check_citations (text, citations, expected, n_expected);
}

/* ------------------------------------------------------------------------ */

static const Expected sample_000[] = {
  { "Regnum", "Moscow", "November 30", "--11-30",
    "Regnum, Moscow, November 30", 1553, 1580, 957, TRUE },
  { "Kyrgyz Public Educational Radio", "Bishkek", "December 2", "--12-02",
    "Kyrgyz Public Educational Radio, Bishkek, December 2", 2360, 2412, 2087, FALSE },
  { "Kabar", NULL, "December 2", "--12-02",
    "Kabar, December 2", 3273, 3290, 2087, TRUE },
  /* "(DCA)" at 3702 is an acronym. */
  { "Russian Zvezda TV", "Moscow", "December 1", "--12-01",
    "Russian Zvezda TV, Moscow, December 1", 4679, 4716, 3294, TRUE },
  { "Interfax", "Moscow", "December 1", "--12-01",
    "Interfax, Moscow, December 1", 5294, 5322, 4720, TRUE },
};

static const Expected sample_001[] = {
  { "Interfax-Kazakhstan", NULL, "April 21", "--04-21",
    "Interfax-Kazakhstan, April 21", 654, 683, 56, TRUE },
  { "RIA News Agency", NULL, "April 21", "--04-21",
    "RIA News Agency, April 21", 1522, 1547, 687, TRUE },
  /* Two agencies, one attribution: same span. */
  { "Interfax", NULL, "April 21", "--04-21",
    "Interfax, Itar-Tass, April 21", 2313, 2342, 1551, FALSE },
  { "Itar-Tass", NULL, "April 21", "--04-21",
    "Interfax, Itar-Tass, April 21", 2313, 2342, 1551, FALSE },
  { "Interfax", NULL, "April 24", "--04-24",
    "Interfax, April 24", 3713, 3731, 2931, TRUE },
  { "Asia-Plus News Agency", NULL, "April 18", "--04-18",
    "Asia-Plus News Agency, April 18", 4369, 4400, 3735, TRUE },
  /* "(CSTO)" at 5022 is an acronym. */
  { "Tajik TV First Channel", NULL, "April 20", "--04-20",
    "Tajik TV First Channel, April 20", 5697, 5729, 5030, TRUE },
};

static const Expected sample_002[] = {
  /* (CSTO), (SCO), (CACO) come first, in the same paragraph. */
  { "Khovar News Agency", NULL, "October 12", "--10-12",
    "Khovar News Agency, October 12", 1097, 1127, 57, TRUE },
  /* "(MRD)" at 1481. Then one parenthesis with two attributions. */
  { "Novye izvestiya", NULL, "October 4", "--10-04",
    "Novye izvestiya, October 4", 2548, 2574, 1131, TRUE },
  { "Itar-Tass", NULL, "October 7", "--10-07",
    "Itar-Tass, October 7", 2576, 2596, 1131, TRUE },
  { "Kyrgyz Television First Channel", NULL, "October 12", "--10-12",
    "Kyrgyz Television First Channel, October 12", 3305, 3348, 2600, TRUE },
};

static const Expected sample_003[] = {
  { "NTV", "Moscow", "June 4 2004", "2004-06-04",
    "NTV, Moscow, June 4 2004", 1406, 1430, 788, TRUE },
  /* "(June 4)" at 1536 is an aside. */
  { "Interfax", "Moscow", "June 9 2004", "2004-06-09",
    "Interfax, Moscow, June 9 2004", 2445, 2474, 2036, TRUE },
  /* "(MRD)" at 3273. */
  { "RIA News Agency", "Moscow", "June 4 2004", "2004-06-04",
    "RIA News Agency, Moscow, June 4 2004", 3560, 3596, 2478, TRUE },
  { "Vedomsti", "Moscow", "June 7 2004", "2004-06-07",
    "Vedomsti, Moscow, June 7 2004", 3598, 3627, 2478, TRUE },
};

/* This one separates paragraphs with single newlines. */
static const Expected sample_004[] = {
  { "Avesta", NULL, "September 17", "--09-17",
    "Avesta, September 17", 740, 760, 106, TRUE },
  { "Avesta", NULL, "September 20", "--09-20",
    "Avesta, September 20", 1348, 1368, 763, FALSE },
  { "Asia Plus", NULL, "September 21", "--09-21",
    "Asia Plus, September 21", 1631, 1654, 763, FALSE },
  { "Asia Plus", NULL, "September 16", "--09-16",
    "Asia Plus, September 16", 2605, 2628, 2026, TRUE },
  { "Itar-Tass", NULL, "September 14", "--09-14",
    "Itar-Tass, September 14", 4611, 4634, 3794, FALSE },
};

static void
test_sample_000 (void)
{
  check_sample ("000_7978e9767d1c15ca.txt", sample_000, G_N_ELEMENTS (sample_000));
}

static void
test_sample_001 (void)
{
  check_sample ("001_e5288724e250c3ef.txt", sample_001, G_N_ELEMENTS (sample_001));
}

static void
test_sample_002 (void)
{
  check_sample ("002_362495c372b1300c.txt", sample_002, G_N_ELEMENTS (sample_002));
}

static void
test_sample_003 (void)
{
  check_sample ("003_5296401f81ea8387.txt", sample_003, G_N_ELEMENTS (sample_003));
}

static void
test_sample_004 (void)
{
  check_sample ("004_c3d161883663a3cb.txt", sample_004, G_N_ELEMENTS (sample_004));
}

/* With the article's date, year-less attributions get a year. */
static void
test_sample_with_article_date (void)
{
  g_autofree char *text = load_sample ("000_7978e9767d1c15ca.txt");
  g_autoptr(GPtrArray) citations = attest_citation_scanner_scan (text, "2005-12-05");
  const char *when[] = { "2005-11-30", "2005-12-02", "2005-12-02", "2005-12-01", "2005-12-01" };

  g_assert_cmpuint (citations->len, ==, G_N_ELEMENTS (when));
  for (guint i = 0; i < citations->len; i++)
    {
      AttestCitation *c = g_ptr_array_index (citations, i);

      g_assert_cmpstr (c->source->when, ==, when[i]);
      g_assert_cmpstr (c->source->date_text, ==, sample_000[i].date_text);
    }
}

/* ------------------------------------------------------------------------ */

static void
check_date (const char *date_text,
            const char *article_date,
            const char *expected)
{
  g_autofree char *when = attest_date_resolve (date_text, article_date);

  g_assert_cmpstr (when, ==, expected);
}

static void
test_resolve_date (void)
{
  /* Year from the article. */
  check_date ("December 1", "2005-12-05", "2005-12-01");
  check_date ("November 30", "2005-12-05", "2005-11-30");
  /* A December report cited in a January article is last year's. */
  check_date ("December 28", "2006-01-03", "2005-12-28");
  /* Up to 31 days ahead stays in the article's year. */
  check_date ("February 3", "2006-01-03", "2006-02-03");
  check_date ("February 4", "2006-01-03", "2005-02-04");
  /* An unusable article date is the same as none. */
  check_date ("December 1", "yesterday", "--12-01");
  check_date ("December 1", "2005-13-01", "--12-01");

  /* No year known. */
  check_date ("December 1", NULL, "--12-01");
  check_date ("Sept. 5", NULL, "--09-05");
  check_date ("Dec 31", NULL, "--12-31");
  check_date ("February 29", NULL, "--02-29");
  /* February 29 in a common year: the year cannot be told. */
  check_date ("February 29", "2005-03-10", "--02-29");
  check_date ("February 29", "2004-03-10", "2004-02-29");

  /* Explicit year wins over the article's. */
  check_date ("June 4 2004", NULL, "2004-06-04");
  check_date ("June 4 2004", "2010-01-01", "2004-06-04");
  check_date ("December 1, 2005", NULL, "2005-12-01");
  check_date ("4 June 2004", NULL, "2004-06-04");
  check_date ("4 June", NULL, "--06-04");
  check_date ("June 1st 2004", NULL, "2004-06-01");

  /* Month and year only. */
  check_date ("June 2004", NULL, "2004-06");
  check_date ("Dec. 2005", "2006-01-03", "2005-12");

  /* Not dates. */
  check_date ("February 30", NULL, NULL);
  check_date ("February 30", "2005-03-01", NULL);
  check_date ("February 29 2005", NULL, NULL);
  check_date ("April 31 2004", NULL, NULL);
  check_date ("June 32", NULL, NULL);
  check_date ("June 0", NULL, NULL);
  check_date ("June", NULL, NULL);
  check_date ("2004", NULL, NULL);
  check_date ("", NULL, NULL);
  check_date (NULL, NULL, NULL);
  check_date ("144 mile", NULL, NULL);
  check_date ("Interfax", NULL, NULL);
  check_date ("June 4 04", NULL, NULL);
  check_date ("June, 4", NULL, NULL);
  check_date ("June 4 2004 extra", NULL, NULL);
  check_date ("Juneteenth 4", NULL, NULL);
}

static void
test_is_place (void)
{
  g_assert_true (attest_citation_scanner_is_place ("Moscow"));
  g_assert_true (attest_citation_scanner_is_place ("moscow"));
  g_assert_true (attest_citation_scanner_is_place (" BISHKEK "));
  g_assert_true (attest_citation_scanner_is_place ("New York"));
  g_assert_true (attest_citation_scanner_is_place ("St. Petersburg"));
  g_assert_false (attest_citation_scanner_is_place ("Interfax"));
  g_assert_false (attest_citation_scanner_is_place ("Itar-Tass"));
  g_assert_false (attest_citation_scanner_is_place (""));
  g_assert_false (attest_citation_scanner_is_place (NULL));
}

/* ------------------------------------------------------------------------ */

static GPtrArray *
scan (const char *text)
{
  return attest_citation_scanner_scan (text, NULL);
}

static void
assert_no_citations (const char *text)
{
  g_autoptr(GPtrArray) citations = scan (text);

  g_assert_nonnull (citations);
  g_assert_cmpuint (citations->len, ==, 0);
}

static void
test_asides (void)
{
  assert_no_citations ("The Collective Security Treaty Organization (CSTO).");
  assert_no_citations ("A border of (144 mile) length.");
  assert_no_citations ("At the meeting (June 4) between the presidents.");
  assert_no_citations ("(MRD) (DCA) (SCO)");
  assert_no_citations ("()");
  assert_no_citations ("( ; , )");
  assert_no_citations ("(, December 1)");
  /* An outlet starts with a capital or a digit. */
  assert_no_citations ("(see Interfax, December 1)");
  /* The date must be last. */
  assert_no_citations ("(December 1, Interfax)");
  /* An outlet longer than a name is prose. */
  assert_no_citations ("(The quick brown fox jumped over the lazy dog and kept running "
                       "until it reached the far side of the valley where nobody lived, "
                       "December 1)");
}

static void
test_empty (void)
{
  assert_no_citations ("");
  assert_no_citations ("No parentheses at all.\n\nNot even here.");
  assert_no_citations ("\n\n\n");
}

static void
test_unclosed (void)
{
  g_autoptr(GPtrArray) citations = NULL;
  AttestCitation *c;

  assert_no_citations ("It was reported (Interfax, Moscow, December 1.");
  assert_no_citations ("It was reported (Interfax, Moscow, December 1");
  assert_no_citations ("It was reported Interfax, Moscow, December 1).");
  /* A parenthesis does not run across paragraphs. */
  assert_no_citations ("It was reported (Interfax,\nMoscow, December 1).");

  /* An unclosed "(" does not swallow the attribution after it. */
  citations = scan ("An aside (unclosed. Then (Kabar, December 2).");
  g_assert_cmpuint (citations->len, ==, 1);
  c = g_ptr_array_index (citations, 0);
  g_assert_cmpstr (c->source->outlet, ==, "Kabar");
  g_assert_cmpstr (c->text, ==, "Kabar, December 2");
  g_assert_cmpint (c->start, ==, 26);
  g_assert_true (c->closes_paragraph);
}

static void
test_mixed_segments (void)
{
  const char *text = "Reported (Bad, February 30; Interfax, December 1; see above).";
  g_autoptr(GPtrArray) citations = scan (text);
  const Expected expected[] = {
    { "Interfax", NULL, "December 1", "--12-01",
      "Interfax, December 1", 28, 48, 0, TRUE },
  };

  check_citations (text, citations, expected, G_N_ELEMENTS (expected));
}

static void
test_comma_before_year (void)
{
  const char *text = "Reported (Interfax, Moscow, December 1, 2005).";
  g_autoptr(GPtrArray) citations = scan (text);
  const Expected expected[] = {
    { "Interfax", "Moscow", "December 1, 2005", "2005-12-01",
      "Interfax, Moscow, December 1, 2005", 10, 44, 0, TRUE },
  };

  check_citations (text, citations, expected, G_N_ELEMENTS (expected));
}

static void
test_non_ascii_outlet (void)
{
  /* Each of “ ” é д is one character but two or three bytes. */
  const char *text = "“Quoted” café (Ведомости, Moscow, June 7 2004) and "
                     "(Élan Radio, Paris, Dec. 3).\n"
                     "Next paragraph (Ведомости, Москва, Sept. 5).";
  g_autoptr(GPtrArray) citations = attest_citation_scanner_scan (text, "2004-09-20");
  const Expected expected[] = {
    { "Ведомости", "Moscow", "June 7 2004", "2004-06-07",
      "Ведомости, Moscow, June 7 2004", 15, 45, 0, FALSE },
    { "Élan Radio", "Paris", "Dec. 3", "2003-12-03",
      "Élan Radio, Paris, Dec. 3", 52, 77, 0, TRUE },
    /* "Москва" is in the gazetteer too: a place. */
    { "Ведомости", "Москва", "Sept. 5", "2004-09-05",
      "Ведомости, Москва, Sept. 5", 96, 122, 80, TRUE },
  };

  check_citations (text, citations, expected, G_N_ELEMENTS (expected));
}

static void
test_several_outlets_and_places (void)
{
  const char *text = "(Interfax, Itar-Tass, Moscow, April 21) "
                     "(Regnum, Moscow, Kabar, Bishkek, April 22)";
  g_autoptr(GPtrArray) citations = scan (text);
  const Expected expected[] = {
    /* A place belongs to every outlet before it that has none yet. */
    { "Interfax", "Moscow", "April 21", "--04-21",
      "Interfax, Itar-Tass, Moscow, April 21", 1, 38, 0, FALSE },
    { "Itar-Tass", "Moscow", "April 21", "--04-21",
      "Interfax, Itar-Tass, Moscow, April 21", 1, 38, 0, FALSE },
    { "Regnum", "Moscow", "April 22", "--04-22",
      "Regnum, Moscow, Kabar, Bishkek, April 22", 41, 81, 0, TRUE },
    { "Kabar", "Bishkek", "April 22", "--04-22",
      "Regnum, Moscow, Kabar, Bishkek, April 22", 41, 81, 0, TRUE },
  };

  check_citations (text, citations, expected, G_N_ELEMENTS (expected));
}

static void
test_paragraphs (void)
{
  /* Blank lines and single newlines both separate paragraphs; an
   * attribution followed by more prose does not close its paragraph. */
  const char *text = "Title\n"
                     "\n"
                     "First (Kabar, December 2) goes on.\n"
                     "Second ends (Interfax, December 1) .”\n"
                     "\n"
                     "(NTV, June 4 2004)";
  g_autoptr(GPtrArray) citations = scan (text);
  const Expected expected[] = {
    { "Kabar", NULL, "December 2", "--12-02",
      "Kabar, December 2", 14, 31, 7, FALSE },
    { "Interfax", NULL, "December 1", "--12-01",
      "Interfax, December 1", 55, 75, 42, TRUE },
    { "NTV", NULL, "June 4 2004", "2004-06-04",
      "NTV, June 4 2004", 82, 98, 81, TRUE },
  };

  check_citations (text, citations, expected, G_N_ELEMENTS (expected));
}

/* What was found wrongly from outside, kept right (each exact). */
typedef struct
{
  const char *kind;
  const char *text;
  const char *outlet;
  gint64      cover_start;
  gint64      cover_end;
} Found;

static void
check_found (const char  *text,
             const Found *expected,
             guint        n)
{
  g_autoptr(GPtrArray) citations = attest_citation_scanner_scan (text, NULL);

  g_assert_cmpuint (citations->len, ==, n);
  for (guint i = 0; i < n; i++)
    {
      AttestCitation *c = g_ptr_array_index (citations, i);

      g_assert_cmpstr (attest_citation_kind_to_string (c->kind), ==, expected[i].kind);
      g_assert_cmpstr (c->text, ==, expected[i].text);
      g_assert_cmpstr (c->source->outlet, ==, expected[i].outlet);
      g_assert_cmpint (c->cover_start, ==, expected[i].cover_start);
      g_assert_cmpint (c->cover_end, ==, expected[i].cover_end);
    }
}

static void
test_found_from_outside (void)
{
  /* A digest: each dateline covers its own story. */
  const char *digest = "News digest\n\n"
                       "DUSHANBE, March 1 (Reuters) - Russia sent troops.\n\n"
                       "BISHKEK. March 2 (Interfax) - Kyrgyzstan closed the border.\n\n"
                       "MOSCOW, March 3. /TASS/. A drill began.";
  const Found digest_found[] = {
    { "dateline", "DUSHANBE, March 1 (Reuters)", "Reuters", 13, 64 },
    { "dateline", "BISHKEK. March 2 (Interfax)", "Interfax", 64, 125 },
    { "dateline", "MOSCOW, March 3. /TASS/.", "TASS", 125, 164 },
  };
  /* A reporting verb's cover stops where the next one's sentence starts. */
  const char *two = "An official told Interfax-AVN the same. He told ITAR-TASS so.";
  const Found two_found[] = {
    /* Up to where the next sentence starts. */
    { "reporting", "told Interfax-AVN", "Interfax-AVN", 0, 40 },
    { "reporting", "told ITAR-TASS", "ITAR-TASS", 40, 61 },
  };
  /* "(via …, date)", "Speaking to X", a closing "(Interfax)". */
  const char *more = "Speaking to Reuters, he denied it. It ended (Interfax). "
                     "Moscow objected (via the Moscow Times, November 30).";
  const Found more_found[] = {
    { "reporting", "Speaking to Reuters", "Reuters", 0, 34 },
    { "parenthesis", "Interfax", "Interfax", 0, 54 },
    { "parenthesis", "via the Moscow Times, November 30", "Moscow Times", 56, 107 },
  };

  check_found (digest, digest_found, G_N_ELEMENTS (digest_found));
  check_found (two, two_found, G_N_ELEMENTS (two_found));
  check_found (more, more_found, G_N_ELEMENTS (more_found));

  /* A place and a date; an outlet named in passing; captions and credits. */
  assert_no_citations ("The meeting (Moscow, December 1) was short.");
  assert_no_citations ("The agency (RIA Novosti) is state-owned. The newspaper (Kommersant) was sold.");
  assert_no_citations ("Sergei Ivanov (TASS)");
  assert_no_citations ("(AP Photo/Ivan Sekretarev)");
  assert_no_citations ("Photo: ITAR-TASS/Sergei Zhukov\n\nMikhail Metzel / TASS");
  assert_no_citations ("It was reported Interfax, Moscow.");
  assert_no_citations ("according to the UNODC, opium output fell. According to Markov, it rose. "
                       "Nurgaliev reported success. The defence ministry said so.");
}

/* Russian-language citations, as the region's press writes them; the
 * outlets are the ones the list knows in Latin letters. */
static void
test_russian (void)
{
  const char *text = "Войска прибыли в Душанбе (Интерфакс, Москва, 1 декабря). "
                     "Граница закрыта (ИТАР-ТАСС, 2 декабря 2005 г.; Ведомости, 3 декабря).";
  g_autoptr(GPtrArray) citations = attest_citation_scanner_scan (text, "2005-12-10");
  const struct { const char *outlet, *canonical, *place, *date_text, *when; } expected[] = {
    { "Интерфакс", "Interfax", "Москва", "1 декабря", "2005-12-01" },
    { "ИТАР-ТАСС", "TASS", NULL, "2 декабря 2005 г.", "2005-12-02" },
    { "Ведомости", "Vedomosti", NULL, "3 декабря", "2005-12-03" },
  };

  g_assert_cmpuint (citations->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < citations->len; i++)
    {
      AttestCitation *c = g_ptr_array_index (citations, i);

      g_assert_cmpstr (c->source->outlet, ==, expected[i].outlet);
      g_assert_cmpstr (c->source->canonical, ==, expected[i].canonical);
      g_assert_cmpstr (c->source->place, ==, expected[i].place);
      g_assert_cmpstr (c->source->date_text, ==, expected[i].date_text);
      g_assert_cmpstr (c->source->when, ==, expected[i].when);
    }
  g_assert_cmpint (((AttestCitation *) g_ptr_array_index (citations, 0))->start, ==, 26);
}

/* Many thousands of attributions in one paragraph are read in one pass
 * (a quadratic walk took 60 s over 16,000 of them). */
static void
test_long_paragraph (void)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GPtrArray) citations = NULL;
  AttestCitation *last;

  for (guint i = 0; i < 16000; i++)
    g_string_append (text, "Interfax reported. ");
  citations = attest_citation_scanner_scan (text->str, NULL);
  g_assert_cmpuint (citations->len, ==, 16000);
  last = g_ptr_array_index (citations, 15999);
  g_assert_cmpint (last->start, ==, 15999 * 19);
  g_assert_cmpint (last->cover_start, ==, 15999 * 19);
  g_assert_cmpint (last->cover_end, ==, 16000 * 19 - 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/scanner/sample/000", test_sample_000);
  g_test_add_func ("/scanner/sample/001", test_sample_001);
  g_test_add_func ("/scanner/sample/002", test_sample_002);
  g_test_add_func ("/scanner/sample/003", test_sample_003);
  g_test_add_func ("/scanner/sample/004", test_sample_004);
  g_test_add_func ("/scanner/sample/article-date", test_sample_with_article_date);
  g_test_add_func ("/scanner/resolve-date", test_resolve_date);
  g_test_add_func ("/scanner/is-place", test_is_place);
  g_test_add_func ("/scanner/asides", test_asides);
  g_test_add_func ("/scanner/empty", test_empty);
  g_test_add_func ("/scanner/unclosed", test_unclosed);
  g_test_add_func ("/scanner/mixed-segments", test_mixed_segments);
  g_test_add_func ("/scanner/comma-before-year", test_comma_before_year);
  g_test_add_func ("/scanner/non-ascii-outlet", test_non_ascii_outlet);
  g_test_add_func ("/scanner/several-outlets-and-places", test_several_outlets_and_places);
  g_test_add_func ("/scanner/paragraphs", test_paragraphs);
  g_test_add_func ("/scanner/found-from-outside", test_found_from_outside);
  g_test_add_func ("/scanner/long-paragraph", test_long_paragraph);
  g_test_add_func ("/scanner/russian", test_russian);

  return g_test_run ();
}
