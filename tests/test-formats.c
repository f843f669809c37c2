/* test-formats.c — PDF, DOCX, ODT, EPUB and saved web pages (issue 14).
 *
 * The fixtures in data/formats/ were made with real tools (groff and
 * Ghostscript, LibreOffice, python's zipfile) by someone who had not read
 * the readers, from texts of their own; each NAME.expected states the text
 * and metadata a reader of the file sees. Every case here asserts them
 * exactly, and what the import says it left out. The hostile files give
 * one clear message each and no document. */
#include "attest-article-reader.h"
#include "attest-error.h"
#include "attest-store.h"

#include <locale.h>
#include <string.h>

#include <glib/gstdio.h>
#include "attest-test-utils.h"

typedef struct {
  const char *file;
  const char *expected;       /* NAME.expected beside it */
  const char *facts;          /* the extraction record, exactly */
  const char *summary;        /* what the import says it did (C locale) */
} Good;

static const Good good[] = {
  { "two-column.pdf", "two-column.expected", "{\"pages\":2}", "Imported from PDF, 2 pages" },
  { "running-heads.pdf", "running-heads.expected",
    "{\"pages\":4,\"running_headers\":1,\"running_header_lines\":3,\"page_numbers\":4}",
    "Imported from PDF, 4 pages; 1 running header and 4 page numbers left out" },
  { "hyphenated.pdf", "hyphenated.expected", "{\"pages\":2}", "Imported from PDF, 2 pages" },
  { "mixed.pdf", "mixed.expected", "{\"pages\":3,\"textless_pages\":1}",
    "Imported from PDF, 3 pages; 1 page without text left out" },
  { "memo.docx", "memo.expected", "{\"footnotes\":2}",
    "Imported from a Word document, 2 notes after the text" },
  { "memo.odt", "memo.expected", "{\"footnotes\":2}",
    "Imported from an OpenDocument text, 2 notes after the text" },
  { "book.epub", "book.expected", "{}", "Imported from an EPUB book" },
  { "wordpress.html", "wordpress.expected", "{\"furniture_chars\":1553}",
    "Imported from a web page; 1553 characters of page furniture left out" },
  { "drupal.html", "drupal.expected", "{\"furniture_chars\":947}",
    "Imported from a web page; 947 characters of page furniture left out" },
  { "newscms.html", "newscms.expected", "{\"furniture_chars\":1055}",
    "Imported from a web page; 1055 characters of page furniture left out" },
  { "plain-blog.html", "plain-blog.expected", "{\"furniture_chars\":686}",
    "Imported from a web page; 686 characters of page furniture left out" },
  /* From the second outside tester: text hidden in Word is not read. */
  { "hidden.docx", "hidden.expected", "{}", "Imported from a Word document" },
  /* A placeholder ("Click here to enter text") and a generated table of
   * contents are no text of the author's; an inline control's value is. */
  { "controls.docx", "controls.expected", "{}", "Imported from a Word document" },
  /* Two NewsArticle objects: the one the page's title names is the page's. */
  { "two-articles.html", "two-articles.expected", NULL, "Imported from a web page" },
  /* An old table layout: the links' cell left out, "Site :: Headline", the
   * byline and date under the headline; a byline whose <time> is its date. */
  { "old-table.html", "old-table.expected", "{\"furniture_chars\":162}",
    "Imported from a web page; 162 characters of page furniture left out" },
  { "byline-time.html", "byline-time.expected", "{\"furniture_chars\":20}",
    "Imported from a web page; 20 characters of page furniture left out" },
};

/* The second set (data/formats-2/) was written apart from the readers too,
 * after they existed, and measured before anything was tuned on it: 6 of
 * 12 texts were exact at first contact, 9 now. Its metadata is asserted
 * for every file, its text where it is exact; the three others differ for
 * reasons the README's "Importing documents" section gives (a PDF's
 * footnote wrapped over two lines, a title page's byline kept as text, a
 * book's title taken from its metadata into the text). */
typedef struct {
  const char *file;
  gboolean    text_exact;
} Second;

static const Second second[] = {
  { "01_report_header_footer.pdf", TRUE },
  { "02_two_column.pdf", TRUE },
  { "03_block_paragraphs.pdf", FALSE },
  { "04_title_page.pdf", FALSE },
  { "05_python_docx.docx", TRUE },
  { "06_lo_footnotes.docx", TRUE },
  { "07_odfpy.odt", TRUE },
  { "08_epub2.epub", FALSE },
  { "09_ghost.html", TRUE },
  { "10_substack_like.html", TRUE },
  { "11_table_layout.html", TRUE },
  { "12_russian_news.html", TRUE },
};

typedef struct {
  const char *file;
  int         code;
  const char *message;        /* exactly */
} Bad;

static const Bad bad[] = {
  { "bomb.docx", ATTEST_ERROR_TOO_LARGE,
    "“bomb.docx” expands to more than 64 MB (word/document.xml); it is refused as a possible zip bomb" },
  { "entities.docx", ATTEST_ERROR_FORMAT, NULL },
  { "encrypted.pdf", ATTEST_ERROR_FORMAT,
    "“encrypted.pdf” is protected by a password; Attest does not open encrypted PDFs" },
  { "truncated.pdf", ATTEST_ERROR_FORMAT, "“truncated.pdf” is cut short: the end of the PDF is missing" },
  { "scanned.pdf", ATTEST_ERROR_FORMAT,
    "“scanned.pdf” has no text layer, only images (a scan?); Attest does not recognise text in images" },
  { "escape.epub", ATTEST_ERROR_FORMAT, "“escape.epub” points outside itself (“../../etc/passwd”); it is refused" },
  { "escape2.epub", ATTEST_ERROR_FORMAT, "“escape2.epub” points outside itself (“../content.opf”); it is refused" },
  { "empty.epub", ATTEST_ERROR_FORMAT, "“empty.epub” is not an EPUB book: it has no META-INF/container.xml" },
  { "notazip.docx", ATTEST_ERROR_FORMAT,
    "“notazip.docx” is named as a docx file but is not one (it is damaged, or something else renamed)" },
  /* From the second outside tester: a chapter that is a symbolic link
   * crashed the import; one listed as encrypted was read as text. */
  { "symlink.epub", ATTEST_ERROR_FORMAT,
    "“symlink.epub” holds “OEBPS/c1.xhtml” as a link or folder, not a file; it is refused" },
  { "drm.epub", ATTEST_ERROR_FORMAT,
    "“drm.epub” is protected by DRM (its chapter OEBPS/c1.xhtml is encrypted); Attest cannot read it" },
  { "noscript.html", ATTEST_ERROR_EMPTY,
    "“noscript.html” contains no article text beyond its headline (a page drawn by scripts?)" },
};

static const char *fixture_set = "formats";

static char *
fixture (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "data", fixture_set, name, NULL);
}

/* "key: value" lines, "---", then the text. */
static GHashTable *
load_expected (const char *name,
               char      **text)
{
  g_autofree char *path = fixture (name);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  GHashTable *fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  char *rest;
  g_auto(GStrv) lines = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  rest = strstr (contents, "---\n");
  g_assert_nonnull (rest);
  *text = g_strdup (rest + 4);
  *rest = '\0';
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *colon = strstr (lines[i], ": ");

      if (colon != NULL)
        g_hash_table_insert (fields, g_strndup (lines[i], colon - lines[i]), g_strdup (colon + 2));
    }
  return fields;
}

static void
test_good (gconstpointer data)
{
  const Good *c = data;
  g_autofree char *path = fixture (c->file);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestDocument) doc = NULL;
  g_autoptr(GHashTable) expected = NULL;
  g_autofree char *text = NULL;
  g_autofree char *summary = NULL;

  expected = load_expected (c->expected, &text);
  doc = attest_article_reader_read_file (file, NULL, &error);
  g_assert_no_error (error);

  g_assert_cmpstr (doc->text, ==, text);
  g_assert_cmpint (doc->length, ==, g_utf8_strlen (text, -1));
  g_assert_cmpstr (doc->title, ==, g_hash_table_lookup (expected, "title"));
  g_assert_cmpstr (doc->author, ==, g_hash_table_lookup (expected, "author"));
  g_assert_cmpstr (doc->date, ==, g_hash_table_lookup (expected, "date"));
  g_assert_cmpstr (doc->publication, ==, g_hash_table_lookup (expected, "publication"));
  g_assert_cmpstr (doc->origin, ==, c->file);
  g_assert_cmpstr (doc->extraction, ==, c->facts);

  /* The fixture's own counts, where it states them. */
  if (g_hash_table_contains (expected, "pages"))
    {
      g_autofree char *pages = g_strdup_printf ("\"pages\":%s", (char *) g_hash_table_lookup (expected, "pages"));

      g_assert_nonnull (strstr (doc->extraction, pages));
    }
  if (g_hash_table_contains (expected, "headers-removed"))
    {
      g_autofree char *lines = g_strdup_printf ("\"running_header_lines\":%s",
                                                (char *) g_hash_table_lookup (expected, "headers-removed"));
      g_autofree char *numbers = g_strdup_printf ("\"page_numbers\":%s",
                                                  (char *) g_hash_table_lookup (expected, "page-numbers-removed"));

      g_assert_nonnull (strstr (doc->extraction, lines));
      g_assert_nonnull (strstr (doc->extraction, numbers));
    }

  /* The body starts after the headline the text opens with. */
  if (doc->title != NULL && g_str_has_prefix (text, doc->title) && text[strlen (doc->title)] == '\n')
    g_assert_cmpint (doc->body_start, >=, g_utf8_strlen (doc->title, -1) + 2);

  summary = attest_document_dup_import_summary (doc);
  g_assert_cmpstr (summary, ==, c->summary);
}

static void
test_second (gconstpointer data)
{
  const Second *c = data;
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "formats-2", c->file, NULL);
  g_autofree char *expected_name = g_strdup_printf ("%.*s.expected", (int) (strrchr (c->file, '.') - c->file), c->file);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestDocument) doc = NULL;
  g_autoptr(GHashTable) expected = NULL;
  g_autofree char *text = NULL;

  fixture_set = "formats-2";
  expected = load_expected (expected_name, &text);
  fixture_set = "formats";
  doc = attest_article_reader_read_file (file, NULL, &error);
  g_assert_no_error (error);

  g_assert_cmpstr (doc->title, ==, g_hash_table_lookup (expected, "title"));
  g_assert_cmpstr (doc->author, ==, g_hash_table_lookup (expected, "author"));
  g_assert_cmpstr (doc->date, ==, g_hash_table_lookup (expected, "date"));
  g_assert_cmpstr (doc->publication, ==, g_hash_table_lookup (expected, "publication"));
  g_assert_cmpint (doc->length, ==, g_utf8_strlen (doc->text, -1));
  if (c->text_exact)
    g_assert_cmpstr (doc->text, ==, text);
  else
    g_assert_cmpstr (doc->text, !=, text);
}

static void
test_bad (gconstpointer data)
{
  const Bad *c = data;
  g_autofree char *path = fixture (c->file);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestDocument) doc = NULL;

  doc = attest_article_reader_read_file (file, NULL, &error);
  g_assert_null (doc);
  g_assert_error (error, ATTEST_ERROR, c->code);
  if (c->message != NULL)
    g_assert_cmpstr (error->message, ==, c->message);
  else
    /* libxml2 words what it found; the part is named, and it is refused. */
    g_assert_true (g_str_has_prefix (error->message, "“entities.docx” (word/document.xml) "));
}

/* What the import left out travels with the document into the store and
 * back; the same PDF twice is one document. */
static void
test_store_keeps_extraction (void)
{
  g_autofree char *dir = attest_test_make_tmp_dir ("attest-formats-XXXXXX");
  g_autofree char *db = g_build_filename (dir, "a.db", NULL);
  g_autofree char *path = fixture ("running-heads.pdf");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestStore) store = attest_store_open (db, ATTEST_STORE_OPEN_DEFAULT, &error);
  g_autoptr(AttestDocument) doc = NULL;
  g_autoptr(AttestDocument) again = NULL;
  g_autoptr(AttestDocument) stored = NULL;
  g_autoptr(AttestDocument) second = NULL;
  gboolean existed = TRUE;

  g_assert_no_error (error);
  g_assert_true (attest_store_set_annotator (store, "Tester", NULL));
  doc = attest_article_reader_read_file (file, NULL, &error);
  g_assert_no_error (error);
  stored = attest_store_add_document (store, doc, &existed, &error);
  g_assert_no_error (error);
  g_assert_false (existed);
  g_assert_cmpstr (stored->format, ==, "pdf");
  g_assert_cmpstr (stored->extraction, ==,
                   "{\"pages\":4,\"running_headers\":1,\"running_header_lines\":3,\"page_numbers\":4}");

  again = attest_article_reader_read_file (file, NULL, &error);
  g_assert_no_error (error);
  second = attest_store_add_document (store, again, &existed, &error);
  g_assert_no_error (error);
  g_assert_true (existed);
  g_assert_cmpint (second->id, ==, stored->id);
  g_assert_cmpstr (second->extraction, ==, stored->extraction);
  g_clear_object (&store);

  /* A teammate who merges the copy has the record too. */
  {
    g_autofree char *theirs = g_build_filename (dir, "b.db", NULL);
    g_autoptr(AttestStore) other = attest_store_open (theirs, ATTEST_STORE_OPEN_DEFAULT, &error);
    g_auto(AttestMergeReport) report = { 0, };
    g_autoptr(AttestDocument) merged = NULL;

    g_assert_no_error (error);
    g_assert_true (attest_store_set_annotator (other, "Other", NULL));
    g_assert_true (attest_store_merge (other, db, &report, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (report.documents_added, ==, 1);
    merged = attest_store_get_document (other, stored->uuid, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (merged->extraction, ==, stored->extraction);
    g_clear_object (&other);
    g_unlink (theirs);
  }

  g_unlink (db);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C");
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autofree char *name = g_strdup_printf ("/formats/read/%s", good[i].file);

      g_test_add_data_func (name, &good[i], test_good);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *name = g_strdup_printf ("/formats/refused/%s", bad[i].file);

      g_test_add_data_func (name, &bad[i], test_bad);
    }
  for (guint i = 0; i < G_N_ELEMENTS (second); i++)
    {
      g_autofree char *name = g_strdup_printf ("/formats/second-set/%s", second[i].file);

      g_test_add_data_func (name, &second[i], test_second);
    }
  g_test_add_func ("/formats/store-keeps-extraction", test_store_keeps_extraction);

  return g_test_run ();
}
