/* test-reader.c — the article reader: the sample articles exactly, their
 * re-encodings, HTML and TEI fixtures, and every kind of bad input. */
#include "attest-article-reader.h"
#include "attest-error.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include "attest-test-utils.h"

typedef struct {
  const char *file;
  const char *title;
  const char *publication;
  const char *volume;
  const char *issue;
  const char *author;
  const char *date;
  gint64      length;        /* python3: len(open(f, encoding='utf-8').read()) */
  gint64      body_start;    /* counted by hand from the line lengths */
  const char *body_prefix;
  const char *sha256;        /* sha256sum of the file */
} Sample;

static const Sample samples[] = {
  { "000_7978e9767d1c15ca.txt", NULL, "Eurasia Daily Monitor", "2", "226", NULL, NULL,
    5734, 57, "Russia has long expressed concern",
    "4aca1876df7b3151dd5560d5761bee9068c3f7bbfdf6b753bba5bedfd2a1e03f" },
  { "001_e5288724e250c3ef.txt", NULL, "Eurasia Daily Monitor", "3", "79", NULL, NULL,
    6189, 56, "On April 21 a session of the CIS",
    "322853be2b23316949cc0b95db133153a8a74505828c06b08a80cdf26920a12b" },
  { "002_362495c372b1300c.txt", NULL, "Eurasia Daily Monitor", "1", "105", NULL, NULL,
    5589, 57, "Russia’s reputation as a reliable",
    "f288f0912392b5b02ca72d8ff33e1a565cfe1fd4ea1b829be2ba3617f2d9c178" },
  { "003_5296401f81ea8387.txt", "Russia’s Anti-terrorist Agenda In Tajikistan",
    "Eurasia Daily Monitor", "1", "30", NULL, NULL,
    5250, 122, "Russian border guards based in",
    "031b6c86ef00a46d694ac683fb74edb92ce16a43fcbce60decee9678c6c49899" },
  { "004_c3d161883663a3cb.txt", "Tajikistan Diversifies Its Security Assistance",
    "Eurasia Daily Monitor", "1", "90", NULL, NULL,
    5899, 106, "In the aftermath of 9/11",
    "92174b5af4364c40cfc129befd5105819b37c7177b88099d0214c399e9b9f033" },
};

static char *
load_data (const char *name,
           gsize      *length)
{
  g_autofree char *path = attest_test_sample_path (name);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, length, &error);
  g_assert_no_error (error);
  return contents;
}

static AttestDocument *
read_string (const char *data,
             gssize      len,
             const char *name,
             GError    **error)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, len < 0 ? strlen (data) : (gsize) len);

  return attest_article_reader_read_bytes (bytes, name, error);
}

static void
assert_sample (AttestDocument *doc,
               const Sample   *s,
               const char     *contents)
{
  g_autofree char *body = NULL;

  g_assert_cmpstr (doc->title, ==, s->title);
  g_assert_cmpstr (doc->publication, ==, s->publication);
  g_assert_cmpstr (doc->volume, ==, s->volume);
  g_assert_cmpstr (doc->issue, ==, s->issue);
  g_assert_cmpstr (doc->author, ==, s->author);
  g_assert_cmpstr (doc->date, ==, s->date);
  g_assert_cmpstr (doc->format, ==, "text");
  g_assert_cmpint (doc->length, ==, s->length);
  g_assert_cmpint (doc->body_start, ==, s->body_start);
  g_assert_cmpstr (doc->sha256, ==, s->sha256);
  g_assert_cmpstr (doc->text, ==, contents);
  g_assert_cmpstr (doc->origin, ==, s->file);
  g_assert_true (g_uuid_string_is_valid (doc->uuid));
  g_assert_nonnull (doc->imported);
  {
    g_autoptr(GDateTime) imported = g_date_time_new_from_iso8601 (doc->imported, NULL);
    g_assert_nonnull (imported);
  }

  body = attest_document_dup_range (doc, s->body_start,
                                    s->body_start + g_utf8_strlen (s->body_prefix, -1));
  g_assert_cmpstr (body, ==, s->body_prefix);
}

static void
test_sample (gconstpointer data)
{
  const Sample *s = data;
  g_autofree char *path = attest_test_sample_path (s->file);
  g_autofree char *contents = load_data (s->file, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestDocument) doc = NULL;

  doc = attest_article_reader_read_file (file, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (doc->encoding, ==, "UTF-8");
  assert_sample (doc, s, contents);
}

/* The same article with a BOM is the same article. */
static void
test_sample_bom (gconstpointer data)
{
  const Sample *s = data;
  gsize len;
  g_autofree char *contents = load_data (s->file, &len);
  g_autofree char *bom = g_strconcat ("\xEF\xBB\xBF", contents, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestDocument) doc = NULL;

  doc = read_string (bom, len + 3, s->file, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (doc->encoding, ==, "UTF-8 with BOM");
  assert_sample (doc, s, contents);
}

/* … and so is the article with Windows line ends. */
static void
test_sample_crlf (gconstpointer data)
{
  const Sample *s = data;
  g_autofree char *contents = load_data (s->file, NULL);
  g_auto(GStrv) lines = g_strsplit (contents, "\n", -1);
  g_autofree char *crlf = g_strjoinv ("\r\n", lines);
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestDocument) doc = NULL;

  g_assert_nonnull (strstr (crlf, "\r\n"));
  doc = read_string (crlf, -1, s->file, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (doc->encoding, ==, "UTF-8");
  assert_sample (doc, s, contents);
}

static void
test_lone_cr (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestDocument) doc = NULL;

  doc = read_string ("Title\r\rBody one\rBody two\r\n\r\nEnd\r", -1, "mac.txt", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (doc->text, ==, "Title\n\nBody one\nBody two\n\nEnd\n");
  g_assert_cmpstr (doc->title, ==, "Title");
  g_assert_cmpint (doc->body_start, ==, 7);
}

static GFile *
write_tmp (const char *dir,
           const char *name,
           const char *data,
           gssize      len)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, data, len, &error);
  g_assert_no_error (error);
  return g_file_new_for_path (path);
}

static void
test_cp1252 (void)
{
  g_autofree char *dir = attest_test_make_tmp_dir ("attest-reader-XXXXXX");
  g_autoptr(GFile) file = write_tmp (dir, "cafe.txt", "Caf\xe9 \x93quoted\x94", -1);
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestDocument) doc = NULL;

  doc = attest_article_reader_read_file (file, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (doc->text, ==, "Café “quoted”");
  g_assert_cmpstr (doc->encoding, ==, "Windows-1252");
  g_assert_cmpint (doc->length, ==, 13);
  g_assert_cmpstr (doc->sha256, ==,
                   "76f00e60414fb4f9d415890ff5a4e78f33e7b022953064f0c18650012ae3e231");
  g_assert_cmpstr (doc->origin, ==, "cafe.txt");
  g_assert_true (attest_test_remove_tree (dir));
}

static void
test_utf16 (void)
{
  /* "Hi “x”\r\n" in UTF-16LE and UTF-16BE, each with its BOM. */
  static const char le[] = "\xFF\xFE" "H\0i\0 \0\x1C\x20x\0\x1D\x20\r\0\n\0";
  static const char be[] = "\xFE\xFF" "\0H\0i\0 \x20\x1C\0x\x20\x1D\0\r\0\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestDocument) doc = NULL;
  g_autoptr(AttestDocument) doc2 = NULL;

  doc = read_string (le, sizeof le - 1, "le.txt", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (doc->text, ==, "Hi “x”\n");
  g_assert_cmpstr (doc->encoding, ==, "UTF-16LE with BOM");

  doc2 = read_string (be, sizeof be - 1, "be.txt", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (doc2->text, ==, "Hi “x”\n");
  g_assert_cmpstr (doc2->encoding, ==, "UTF-16BE with BOM");
}

/* U+FEFF after the start is a character of the text, and stays. */
static void
test_inner_bom_kept (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestDocument) doc = NULL;

  doc = read_string ("a\xEF\xBB\xBF" "b", -1, "x.txt", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (doc->text, ==, "a\xEF\xBB\xBF" "b");
  g_assert_cmpint (doc->length, ==, 3);
  g_assert_cmpstr (doc->encoding, ==, "UTF-8");
}

static AttestDocument *
header_of (const char *text)
{
  AttestDocument *doc = attest_document_new ();

  attest_document_set_text (doc, text);
  attest_article_reader_parse_header (doc);
  return doc;
}

static void
test_header_variants (void)
{
  g_autoptr(AttestDocument) a = NULL;
  g_autoptr(AttestDocument) b = NULL;
  g_autoptr(AttestDocument) c = NULL;
  g_autoptr(AttestDocument) d = NULL;
  g_autoptr(AttestDocument) e = NULL;
  g_autoptr(AttestDocument) f = NULL;
  g_autoptr(AttestDocument) g = NULL;

  /* No Publication line: a short first line before a blank line is a title. */
  a = header_of ("Short Title\n\nBody text.");
  g_assert_cmpstr (a->title, ==, "Short Title");
  g_assert_null (a->publication);
  g_assert_cmpint (a->body_start, ==, 13);

  /* … but not a sentence. */
  b = header_of ("A sentence that ends.\n\nBody");
  g_assert_null (b->title);
  g_assert_cmpint (b->body_start, ==, 0);

  /* Every field, with a byline and a Date: line. */
  c = header_of ("Title Here\nPublication: Foo Bar Volume: 7 Issue: 12\n"
                 "By: Jane  Doe\nDate: December 5, 2005\n\nBody");
  g_assert_cmpstr (c->title, ==, "Title Here");
  g_assert_cmpstr (c->publication, ==, "Foo Bar");
  g_assert_cmpstr (c->volume, ==, "7");
  g_assert_cmpstr (c->issue, ==, "12");
  g_assert_cmpstr (c->author, ==, "Jane  Doe");
  g_assert_cmpstr (c->date, ==, "2005-12-05");
  g_assert_cmpint (c->body_start, ==, 90);

  /* A date written in the Publication line; a missing volume. */
  d = header_of ("Publication: Foo Issue: 4 Dec. 5, 2005\nBody");
  g_assert_cmpstr (d->publication, ==, "Foo");
  g_assert_null (d->volume);
  g_assert_cmpstr (d->issue, ==, "4");
  g_assert_cmpstr (d->date, ==, "2005-12-05");
  g_assert_cmpint (d->body_start, ==, 39);

  /* Junk is never the title. */
  e = header_of ("Placeholder canvas\n\nPublication: X\n\nBody");
  g_assert_null (e->title);
  g_assert_cmpstr (e->publication, ==, "X");
  g_assert_null (e->volume);
  g_assert_null (e->issue);
  g_assert_cmpint (e->body_start, ==, 36);

  f = header_of ("Placeholder canvas\n\nTitle here\n\nBody.");
  g_assert_cmpstr (f->title, ==, "Title here");
  g_assert_cmpint (f->body_start, ==, 32);

  /* A header and nothing else: the body starts at the end. */
  g = header_of ("Title\nPublication: X Volume: 1 Issue: 2\nBy: Someone");
  g_assert_cmpstr (g->title, ==, "Title");
  g_assert_cmpstr (g->author, ==, "Someone");
  g_assert_cmpint (g->body_start, ==, g->length);
}

/* Headers as found wrongly from outside, kept right. */
static void
test_news_headers (void)
{
  g_autoptr(AttestDocument) a = header_of ("Встреча\nBy Пётр\n\nBody text.");
  g_autoptr(AttestDocument) b = header_of ("Title here\nSource: Кабар\n\nBody text.");
  g_autoptr(AttestDocument) c = header_of ("Some headline\nApril 31, 2005\n\nBody.");
  g_autoptr(AttestDocument) d = header_of ("Russia opens base in Tajikistan | Reuters\n\n"
                                           "The body of the article starts here and goes on for a while.");
  g_autoptr(AttestDocument) e = header_of ("Frontline Brief\nt.me/frontlinebrief\n12,480 subscribers\n\n"
                                           "⚡️ Ukraine foils a plot against a bridge\n\n"
                                           "KYIV, May 3 (Reuters) - Ukraine said on Wednesday it had detained two men.");
  g_autoptr(AttestDocument) f = header_of ("Menu  Politics  Economy  World\nENG | РУС\n\nArmenia signs a contract\n\n"
                                           "17:05, 14 February, 2024\n\nBy Trend 11:42 (UTC +04:00)\n\n"
                                           "The contract was signed in Yerevan on Wednesday by the two ministers.");

  /* A name ending in "р" keeps its last byte (the dash test once cut it). */
  g_assert_cmpstr (a->title, ==, "Встреча");
  g_assert_cmpstr (a->author, ==, "Пётр");
  g_assert_true (g_utf8_validate (a->author, -1, NULL));
  g_assert_cmpstr (b->title, ==, "Title here");
  g_assert_cmpstr (b->publication, ==, "Кабар");
  /* An impossible date is no date, and no reason to lose the title. */
  g_assert_cmpstr (c->title, ==, "Some headline");
  g_assert_null (c->date);
  g_assert_cmpint (c->body_start, ==, 30);
  g_assert_cmpstr (d->title, ==, "Russia opens base in Tajikistan");
  g_assert_cmpstr (d->publication, ==, "Reuters");
  g_assert_cmpstr (e->title, ==, "Ukraine foils a plot against a bridge");
  g_assert_cmpstr (e->publication, ==, "Reuters");
  g_assert_cmpstr (f->title, ==, "Armenia signs a contract");
  g_assert_cmpstr (f->date, ==, "2024-02-14");
  g_assert_null (f->author);
  g_assert_cmpstr (f->publication, ==, "Trend");
}

static void
test_format_detection (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestDocument) html = NULL;
  g_autoptr(AttestDocument) tei = NULL;
  g_autoptr(AttestDocument) text = NULL;
  g_autoptr(AttestDocument) xhtml = NULL;

  html = read_string ("  <!DOCTYPE html><p>Hello</p>", -1, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (html->format, ==, "html");
  g_assert_cmpstr (html->text, ==, "Hello");

  tei = read_string ("<TEI xmlns='http://www.tei-c.org/ns/1.0'><text><body><p>Hi</p>"
                     "</body></text></TEI>", -1, "article.txt", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (tei->format, ==, "tei");
  g_assert_cmpstr (tei->text, ==, "Hi");

  text = read_string ("Plain <html> mention", -1, "a.txt", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (text->format, ==, "text");
  g_assert_cmpstr (text->text, ==, "Plain <html> mention");

  xhtml = read_string ("<?xml version='1.0'?>\n<html xmlns='http://www.w3.org/1999/xhtml'>"
                       "<body><p>X</p></body></html>", -1, "page", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (xhtml->format, ==, "html");
  g_assert_cmpstr (xhtml->text, ==, "X");
}

static void
test_html (void)
{
  g_autofree char *path = attest_test_sample_path ("article.html");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestDocument) doc = NULL;

  doc = attest_article_reader_read_file (file, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (doc->format, ==, "html");
  g_assert_cmpstr (doc->encoding, ==, "UTF-8");
  g_assert_cmpstr (doc->origin, ==, "article.html");
  g_assert_cmpstr (doc->title, ==, "Moscow Opens a Drug-Control Office in Dushanbe");
  g_assert_cmpstr (doc->author, ==, "Jane Analyst");
  g_assert_cmpstr (doc->publication, ==, "Eurasia Daily Monitor");
  g_assert_cmpstr (doc->volume, ==, "2");
  g_assert_cmpstr (doc->issue, ==, "226");
  g_assert_cmpstr (doc->date, ==, "2005-12-05");
  g_assert_cmpstr (doc->text, ==,
                   "Moscow Opens a Drug-Control Office in Dushanbe\n\n"
                   "Russia’s interior ministry opened an office in Dushanbe on December 1 "
                   "(Interfax, Moscow, December 1).\n\n"
                   "The agency will train & equip\nborder guards.\n\n"
                   "First point\n\n"
                   "Second point\n\n"
                   "Closing note with a link.");
  g_assert_cmpint (doc->length, ==, g_utf8_strlen (doc->text, -1));
  /* The heading repeats the title: the body starts after it. */
  g_assert_cmpint (doc->body_start, ==, 46 + 2);
  g_assert_null (strstr (doc->text, "script"));
  g_assert_null (strstr (doc->text, "Archive"));
  g_assert_null (strstr (doc->text, "color"));
}

/* A <meta charset> must not re-decode text that was decoded already. */
static void
test_html_meta_charset (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestDocument) doc = NULL;
  g_autoptr(AttestDocument) doc2 = NULL;

  doc = read_string ("<html><head><meta charset='iso-8859-1'><title>T</title></head>"
                     "<body><p>Café <pre>  a\n  b</pre></body></html>", -1, "c.html", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (doc->text, ==, "Café\n\n  a\n  b");
  g_assert_cmpstr (doc->encoding, ==, "UTF-8");
  g_assert_cmpint (doc->body_start, ==, 0);

  /* Windows-1252 HTML is decoded like text. */
  doc2 = read_string ("<html><body><p>Caf\xe9</p></body></html>", -1, "d.html", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (doc2->text, ==, "Café");
  g_assert_cmpstr (doc2->encoding, ==, "Windows-1252");
  g_assert_null (doc2->title);
}

static void assert_refused (AttestDocument *doc,
                            GError         *error,
                            const char     *name,
                            int             code,
                            const char     *in_message);

static void
test_html_deep (void)
{
  const guint depth = 100000;
  g_autoptr(GString) html = g_string_new ("<html><body>");
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestDocument) doc = NULL;

  for (guint i = 0; i < depth; i++)
    g_string_append (html, "<div><span>");
  g_string_append (html, "deep");

  /* Read whole or refused (libxml2 2.9 stops at depth 256), never cut
   * silently where the parser gave up, and never a crash. */
  doc = read_string (html->str, html->len, "deep.html", &error);
  if (doc != NULL)
    g_assert_cmpstr (doc->text, ==, "deep");
  else
    assert_refused (doc, error, "deep.html", ATTEST_ERROR_FORMAT, "too deeply");
}

static void
test_tei_deep (void)
{
  g_autoptr(GString) xml = g_string_new ("<TEI xmlns='http://www.tei-c.org/ns/1.0'><text><body>");
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestDocument) doc = NULL;

  for (guint i = 0; i < 100000; i++)
    g_string_append (xml, "<p>");

  doc = read_string (xml->str, xml->len, "deep.xml", &error);
  assert_refused (doc, error, "deep.xml", ATTEST_ERROR_FORMAT, "not well-formed");
}

static void
test_tei (void)
{
  g_autofree char *path = attest_test_sample_path ("article.tei.xml");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestDocument) doc = NULL;

  doc = attest_article_reader_read_file (file, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (doc->format, ==, "tei");
  g_assert_cmpstr (doc->encoding, ==, "UTF-8");
  g_assert_cmpstr (doc->origin, ==, "article.tei.xml");
  g_assert_cmpstr (doc->title, ==, "Tajikistan Hosts CIS Interior Ministers");
  g_assert_cmpstr (doc->author, ==, "Staff correspondent");
  g_assert_cmpstr (doc->publication, ==, "Eurasia Daily Monitor");
  g_assert_cmpstr (doc->volume, ==, "3");
  g_assert_cmpstr (doc->issue, ==, "79");
  g_assert_cmpstr (doc->date, ==, "2006-04-24");
  g_assert_cmpstr (doc->text, ==,
                   "Tajikistan Hosts CIS Interior Ministers\n\n"
                   "On April 21 a session of the CIS Council of Interior Ministers "
                   "opened in Dushanbe, Tajikistan (Interfax-Kazakhstan, April 21).\n\n"
                   "Moscow’s delegation\narrived early & left late.\n\n"
                   "Nested in a division.");
  g_assert_cmpint (doc->body_start, ==, 39 + 2);
  g_assert_null (strstr (doc->text, "Test fixture"));
}

/* A DOCTYPE without entity declarations is fine. */
static void
test_tei_doctype (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestDocument) doc = NULL;

  doc = read_string ("<?xml version='1.0' encoding='ISO-8859-1'?>\n"
                     "<!DOCTYPE TEI SYSTEM 'http://example.invalid/tei.dtd' [\n"
                     "  <!ATTLIST p rend CDATA 'x'>\n]>\n"
                     "<TEI xmlns='http://www.tei-c.org/ns/1.0'><text><body>"
                     "<p>Caf\xC3\xA9 &amp; &#x201C;x&#x201D;</p></body></text></TEI>",
                     -1, "doctype.xml", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (doc->text, ==, "Café & “x”");
  g_assert_null (doc->title);
  g_assert_null (doc->date);
}

typedef struct {
  const char *name;
  const char *data;
  gssize      len;
  int         code;
  const char *in_message;
} BadInput;

static const char billion_laughs[] =
  "<?xml version='1.0'?>\n"
  "<!DOCTYPE lolz [\n"
  " <!ENTITY lol 'lol'>\n"
  " <!ENTITY lol1 '&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;'>\n"
  " <!ENTITY lol2 '&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;'>\n"
  " <!ENTITY lol3 '&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;'>\n"
  " <!ENTITY lol4 '&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;'>\n"
  " <!ENTITY lol5 '&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;'>\n"
  " <!ENTITY lol6 '&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;'>\n"
  " <!ENTITY lol7 '&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;'>\n"
  " <!ENTITY lol8 '&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;'>\n"
  " <!ENTITY lol9 '&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;'>\n"
  "]>\n"
  "<TEI xmlns='http://www.tei-c.org/ns/1.0'><text><body><p>&lol9;</p></body></text></TEI>\n";

static const BadInput bad_inputs[] = {
  { "empty.txt", "", 0, ATTEST_ERROR_EMPTY, "is empty" },
  { "blank.txt", " \n\t\r\n  \f", -1, ATTEST_ERROR_EMPTY, "white space" },
  { "bom-only.txt", "\xEF\xBB\xBF\n", -1, ATTEST_ERROR_EMPTY, "white space" },
  { "image.png", "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10", 20, ATTEST_ERROR_BINARY,
    "is not a text file" },
  { "controls.txt", "a\x01\x02\x03\x04\x05\x06\x07\x08\x0e\x0f\x10\x11 text", -1,
    ATTEST_ERROR_BINARY, "is not a text file" },
  { "latin.txt", "caf\xe9 \x81\x8d", -1, ATTEST_ERROR_ENCODING,
    "is neither UTF-8 nor Windows-1252" },
  { "bad-bom.txt", "\xEF\xBB\xBF" "caf\xe9", -1, ATTEST_ERROR_ENCODING, "not valid UTF-8" },
  { "malformed.xml",
    "<?xml version='1.0'?>\n<TEI xmlns='http://www.tei-c.org/ns/1.0'>\n"
    "<text><body><p>open</body></text></TEI>", -1, ATTEST_ERROR_FORMAT,
    "is not well-formed XML: line 3" },
  { "rss.xml", "<?xml version='1.0'?><rss><channel><title>x</title></channel></rss>", -1,
    ATTEST_ERROR_FORMAT, "is XML but not a TEI document" },
  { "other-ns.xml", "<TEI xmlns='urn:not-tei'><text><body><p>x</p></body></text></TEI>", -1,
    ATTEST_ERROR_FORMAT, "is XML but not a TEI document" },
  { "corpus.xml", "<teiCorpus xmlns='http://www.tei-c.org/ns/1.0'><TEI/></teiCorpus>", -1,
    ATTEST_ERROR_FORMAT, "import-tei" },
  { "xxe.xml",
    "<?xml version='1.0'?>\n"
    "<!DOCTYPE TEI [ <!ENTITY xxe SYSTEM \"file:///etc/passwd\"> ]>\n"
    "<TEI xmlns='http://www.tei-c.org/ns/1.0'><text><body><p>&xxe;</p></body></text></TEI>",
    -1, ATTEST_ERROR_FORMAT, "contains a DTD with entity declarations" },
  { "xxe-pe.xml",
    "<?xml version='1.0'?>\n"
    "<!DOCTYPE TEI [ <!ENTITY % ext SYSTEM \"file:///etc/passwd\"> %ext; ]>\n"
    "<TEI xmlns='http://www.tei-c.org/ns/1.0'><text><body><p>x</p></body></text></TEI>",
    -1, ATTEST_ERROR_FORMAT, "contains a DTD with entity declarations" },
  { "lol.xml", billion_laughs, -1, ATTEST_ERROR_FORMAT,
    "contains a DTD with entity declarations" },
  { "nobody.xml", "<TEI xmlns='http://www.tei-c.org/ns/1.0'><teiHeader/></TEI>", -1,
    ATTEST_ERROR_EMPTY, "contains no article text" },
  { "scripts.html", "<html><head><title>T</title></head><body><script>x()</script></body></html>",
    -1, ATTEST_ERROR_EMPTY, "contains no article text" },
};

static void
assert_refused (AttestDocument *doc,
                GError         *error,
                const char     *name,
                int             code,
                const char     *in_message)
{
  g_autofree char *quoted = g_strdup_printf ("“%s”", name);

  g_assert_null (doc);
  g_assert_error (error, ATTEST_ERROR, code);
  g_assert_nonnull (strstr (error->message, quoted));
  if (in_message != NULL && strstr (error->message, in_message) == NULL)
    g_error ("“%s” not in “%s”", in_message, error->message);
}

static void
test_bad_inputs (void)
{
  g_autofree char *dir = attest_test_make_tmp_dir ("attest-reader-XXXXXX");

  for (guint i = 0; i < G_N_ELEMENTS (bad_inputs); i++)
    {
      const BadInput *b = &bad_inputs[i];
      g_autoptr(GFile) file = write_tmp (dir, b->name, b->data, b->len);
      g_autoptr(GError) error = NULL;
      g_autoptr(GError) error2 = NULL;
      g_autoptr(AttestDocument) doc = NULL;
      g_autoptr(AttestDocument) doc2 = NULL;
      gint64 start = g_get_monotonic_time ();

      g_test_message ("%s", b->name);
      doc = attest_article_reader_read_file (file, NULL, &error);
      assert_refused (doc, error, b->name, b->code, b->in_message);

      /* Refused quickly (entity bombs are never expanded). */
      g_assert_cmpint (g_get_monotonic_time () - start, <, G_USEC_PER_SEC);

      doc2 = read_string (b->data, b->len < 0 ? (gssize) strlen (b->data) : b->len,
                          b->name, &error2);
      assert_refused (doc2, error2, b->name, b->code, b->in_message);
    }

  g_assert_true (attest_test_remove_tree (dir));
}

/* External entities are refused, so the file they name never shows. */
static void
test_xxe_never_read (void)
{
  g_autofree char *passwd = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestDocument) doc = NULL;
  const BadInput *b = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (bad_inputs); i++)
    if (strcmp (bad_inputs[i].name, "xxe.xml") == 0)
      b = &bad_inputs[i];

  doc = read_string (b->data, -1, b->name, &error);
  g_assert_null (doc);
  g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_FORMAT);
  g_assert_null (strstr (error->message, "root:"));

  if (g_file_get_contents ("/etc/passwd", &passwd, NULL, NULL))
    {
      char *nl = strchr (passwd, '\n');
      if (nl != NULL)
        *nl = '\0';
      if (*passwd != '\0')
        g_assert_null (strstr (error->message, passwd));
    }
}

static void
test_missing_and_directory (void)
{
  g_autofree char *dir = attest_test_make_tmp_dir ("attest-reader-XXXXXX");
  g_autofree char *missing_path = g_build_filename (dir, "missing.txt", NULL);
  g_autoptr(GFile) missing = g_file_new_for_path (missing_path);
  g_autoptr(GFile) directory = g_file_new_for_path (dir);
  g_autofree char *dir_name = g_path_get_basename (dir);
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) error2 = NULL;
  g_autoptr(AttestDocument) doc = NULL;
  g_autoptr(AttestDocument) doc2 = NULL;

  doc = attest_article_reader_read_file (missing, NULL, &error);
  g_assert_null (doc);
  g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "missing.txt"));

  doc2 = attest_article_reader_read_file (directory, NULL, &error2);
  assert_refused (doc2, error2, dir_name, ATTEST_ERROR_IO, "is a folder");

  g_assert_true (attest_test_remove_tree (dir));
}

static void
test_too_large (void)
{
  g_autofree char *dir = attest_test_make_tmp_dir ("attest-reader-XXXXXX");
  g_autofree char *path = g_build_filename (dir, "huge.txt", NULL);
  g_autofree char *limit = g_format_size_full (ATTEST_ARTICLE_MAX_BYTES, G_FORMAT_SIZE_IEC_UNITS);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) error2 = NULL;
  g_autoptr(AttestDocument) doc = NULL;
  g_autoptr(AttestDocument) doc2 = NULL;
  g_autoptr(GBytes) bytes = NULL;
  int fd;

  /* A sparse file: the size is checked before anything is read. */
  fd = g_open (path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (ftruncate (fd, ATTEST_ARTICLE_MAX_BYTES + 1), ==, 0);
  g_assert_cmpint (close (fd), ==, 0);

  doc = attest_article_reader_read_file (file, NULL, &error);
  assert_refused (doc, error, "huge.txt", ATTEST_ERROR_TOO_LARGE, limit);

  bytes = g_bytes_new_take (g_malloc0 (ATTEST_ARTICLE_MAX_BYTES + 1),
                            ATTEST_ARTICLE_MAX_BYTES + 1);
  doc2 = attest_article_reader_read_bytes (bytes, "huge.txt", &error2);
  assert_refused (doc2, error2, "huge.txt", ATTEST_ERROR_TOO_LARGE, limit);

  g_assert_true (attest_test_remove_tree (dir));
}

/* Exactly at the limit is still read. */
static void
test_at_limit (void)
{
  g_autofree char *data = g_malloc (ATTEST_ARTICLE_MAX_BYTES);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestDocument) doc = NULL;

  memset (data, 'a', ATTEST_ARTICLE_MAX_BYTES);
  for (gsize i = 79; i < ATTEST_ARTICLE_MAX_BYTES; i += 80)
    data[i] = '\n';
  bytes = g_bytes_new_take (g_steal_pointer (&data), ATTEST_ARTICLE_MAX_BYTES);

  doc = attest_article_reader_read_bytes (bytes, "big.txt", &error);
  g_assert_no_error (error);
  g_assert_cmpint (doc->length, ==, ATTEST_ARTICLE_MAX_BYTES);
}

static void
test_cancelled (void)
{
  g_autofree char *path = attest_test_sample_path (samples[0].file);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestDocument) doc = NULL;

  g_cancellable_cancel (cancellable);
  doc = attest_article_reader_read_file (file, cancellable, &error);
  g_assert_null (doc);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* libxml2 must never write to stderr, whatever it is fed. */
static void
test_quiet (void)
{
  if (g_test_subprocess ())
    {
      for (guint i = 0; i < G_N_ELEMENTS (bad_inputs); i++)
        {
          g_autoptr(GError) error = NULL;
          g_autoptr(AttestDocument) doc = NULL;
          const BadInput *b = &bad_inputs[i];

          doc = read_string (b->data, b->len < 0 ? (gssize) strlen (b->data) : b->len,
                             b->name, &error);
          g_assert_null (doc);
        }

      {
        static const char *broken[] = {
          "<html><body><p>unclosed <b>bold <i>italic</p><table><td>x</div></body>",
          "<html><body>&bogus; &#xFFFFFF; <p a=>x</p><!-- unterminated",
          "<p>no html element</p></span></span>",
        };

        for (guint i = 0; i < G_N_ELEMENTS (broken); i++)
          {
            g_autoptr(GError) error = NULL;
            g_autoptr(AttestDocument) doc = read_string (broken[i], -1, "broken.html", &error);

            g_assert_no_error (error);
            g_assert_nonnull (doc);
          }
      }
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stderr ("");
  g_test_trap_assert_stdout ("");
}

/* What a file calls itself is kept as the editors would take it: a
 * 2,000-character <title> shortened to 1,000 characters ending in "…", a
 * file name's control characters turned to spaces; the text untouched. */
static void
test_fit_fields (void)
{
  g_autoptr(GString) html = g_string_new ("<html><head><title>");
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(AttestDocument) doc = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 2000; i++)
    g_string_append_unichar (html, i % 2 ? 'a' : 0x0416);  /* a, Ж */
  g_string_append (html, "</title><meta name=\"author\" content=\"Ana\xe2\x80\xa8" "Analyst\"></head>"
                        "<body><p>Guards closed the crossing at dawn.</p></body></html>");
  bytes = g_bytes_new (html->str, html->len);
  doc = attest_article_reader_read_bytes (bytes, "bell\aand\x1b[31mred\xe2\x80\xa9.html", &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_utf8_strlen (doc->title, -1), ==, 1000);
  g_assert_true (g_str_has_suffix (doc->title, "aЖ…"));
  g_assert_true (g_str_has_prefix (doc->title, "Жa"));
  g_assert_cmpstr (doc->origin, ==, "bell and [31mred .html");
  /* A line separator (U+2028) in the author, as edit-document refuses it. */
  g_assert_cmpstr (doc->author, ==, "Ana Analyst");
  g_assert_nonnull (strstr (doc->text, "Guards closed the crossing at dawn."));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (samples); i++)
    {
      g_autofree char *id = g_strndup (samples[i].file, 3);
      g_autofree char *sample = g_strdup_printf ("/reader/sample/%s", id);
      g_autofree char *bom = g_strdup_printf ("/reader/sample-bom/%s", id);
      g_autofree char *crlf = g_strdup_printf ("/reader/sample-crlf/%s", id);

      g_test_add_data_func (sample, &samples[i], test_sample);
      g_test_add_data_func (bom, &samples[i], test_sample_bom);
      g_test_add_data_func (crlf, &samples[i], test_sample_crlf);
    }

  g_test_add_func ("/reader/lone-cr", test_lone_cr);
  g_test_add_func ("/reader/cp1252", test_cp1252);
  g_test_add_func ("/reader/utf16", test_utf16);
  g_test_add_func ("/reader/inner-bom-kept", test_inner_bom_kept);
  g_test_add_func ("/reader/header-variants", test_header_variants);
  g_test_add_func ("/reader/news-headers", test_news_headers);
  g_test_add_func ("/reader/format-detection", test_format_detection);
  g_test_add_func ("/reader/html", test_html);
  g_test_add_func ("/reader/html-meta-charset", test_html_meta_charset);
  g_test_add_func ("/reader/html-deep", test_html_deep);
  g_test_add_func ("/reader/tei", test_tei);
  g_test_add_func ("/reader/tei-deep", test_tei_deep);
  g_test_add_func ("/reader/tei-doctype", test_tei_doctype);
  g_test_add_func ("/reader/bad-inputs", test_bad_inputs);
  g_test_add_func ("/reader/xxe-never-read", test_xxe_never_read);
  g_test_add_func ("/reader/missing-and-directory", test_missing_and_directory);
  g_test_add_func ("/reader/too-large", test_too_large);
  g_test_add_func ("/reader/at-limit", test_at_limit);
  g_test_add_func ("/reader/cancelled", test_cancelled);
  g_test_add_func ("/reader/quiet", test_quiet);
  g_test_add_func ("/reader/fit-fields", test_fit_fields);

  return g_test_run ();
}
