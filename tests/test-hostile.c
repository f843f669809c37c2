/* test-hostile.c — every kind of bad file an analyst might be handed, fed to
 * attest-cli as a user would: each gives one clear line and a refused one
 * leaves the database exactly as it was (every row compared before and
 * after). Inputs that are odd but legitimate text are imported, and the
 * test says what they become. */
#include <archive.h>
#include <archive_entry.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>
#include <unistd.h>

#include "attest-article-reader.h"
#include "attest-test-utils.h"

typedef struct {
  const char *name;      /* the file's name: its ending picks the format */
  const char *command;   /* "import", "import-tei" or "import-brat" */
                         /* or "import-refi-qda" */
  GBytes   *(*make) (const char *dir);
  int         status;    /* expected exit code */
  const char *says;      /* expected in stderr (refused) or stdout (imported) */
} Case;

static char *db_path;
static char *work_dir;

static GBytes *
bytes_of (const char *data,
          gsize       len)
{
  return g_bytes_new (data, len);
}

/* The bytes of a string literal, embedded NULs included, without its end. */
#define LITERAL(s) bytes_of ((s), sizeof (s) - 1)

static GBytes *make_empty (const char *d) { return LITERAL (""); }
static GBytes *make_one_nul (const char *d) { return LITERAL ("\0"); }
static GBytes *make_one_letter (const char *d) { return LITERAL ("A"); }
static GBytes *make_binary (const char *d) { return LITERAL ("\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10"); }
static GBytes *make_nul_inside (const char *d) { return LITERAL ("Troops arrived\0 in Dushanbe.\n"); }
static GBytes *make_invalid (const char *d) { return LITERAL ("Bad \x81\x8d bytes\n"); }
static GBytes *make_overlong (const char *d) { return LITERAL ("Overlong \xc0\xaf slash\n"); }
static GBytes *make_surrogate (const char *d) { return LITERAL ("Lone \xed\xa0\x80 surrogate\n"); }
static GBytes *make_bom_inside (const char *d) { return LITERAL ("Before\xef\xbb\xbf" "after (Kabar, December 2).\n"); }

/* Over the size limit: a sparse file, so the test stays fast; the reader
 * must refuse it from its size, before reading. */
static GBytes *
make_huge (const char *dir)
{
  g_autofree char *path = g_build_filename (dir, "huge.txt", NULL);
  FILE *f = fopen (path, "w");

  g_assert_nonnull (f);
  g_assert_cmpint (ftruncate (fileno (f), 200 * 1024 * 1024), ==, 0);
  fclose (f);
  return NULL;  /* written already */
}

static GBytes *
make_deep_html (const char *dir)
{
  GString *s = g_string_new ("<html><body>");

  for (int i = 0; i < 100000; i++)
    g_string_append (s, "<div>");
  g_string_append (s, "Deep text.</body></html>");
  return g_string_free_to_bytes (s);
}

static GBytes *
make_xxe (const char *dir)
{
  static const char xml[] =
    "<?xml version=\"1.0\"?>\n"
    "<!DOCTYPE TEI [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\n"
    "<TEI xmlns=\"http://www.tei-c.org/ns/1.0\"><teiHeader><fileDesc><titleStmt><title>&xxe;</title>"
    "</titleStmt></fileDesc></teiHeader><text><body><p>&xxe;</p></body></text></TEI>\n";
  return bytes_of (xml, sizeof xml - 1);
}

static GBytes *
make_billion_laughs (const char *dir)
{
  static const char xml[] =
    "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n <!ENTITY lol \"lol\">\n"
    " <!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n"
    " <!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">\n"
    " <!ENTITY lol4 \"&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;\">\n"
    " <!ENTITY lol5 \"&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;\">\n"
    " <!ENTITY lol6 \"&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;\">\n"
    " <!ENTITY lol7 \"&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;\">\n"
    " <!ENTITY lol8 \"&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;\">\n"
    " <!ENTITY lol9 \"&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;\">\n"
    "]>\n<TEI xmlns=\"http://www.tei-c.org/ns/1.0\"><text><body><p>&lol9;</p></body></text></TEI>\n";
  return bytes_of (xml, sizeof xml - 1);
}

/* A DTD on the network (TEST-NET, never reachable): never fetched. */
static GBytes *
make_remote_dtd (const char *dir)
{
  static const char xml[] =
    "<?xml version=\"1.0\"?>\n<!DOCTYPE teiCorpus SYSTEM \"http://192.0.2.1/tei_all.dtd\">\n"
    "<teiCorpus xmlns=\"http://www.tei-c.org/ns/1.0\"><teiHeader/></teiCorpus>\n";
  return bytes_of (xml, sizeof xml - 1);
}

/* Our own export of a sample, read back as text to mutate. */
static char *
export_sample (void)
{
  static char *xml;

  if (xml == NULL)
    {
      g_autofree char *db = g_build_filename (work_dir, "source.db", NULL);
      g_autofree char *out = g_build_filename (work_dir, "source.xml", NULL);
      g_autofree char *sample = g_test_build_filename (G_TEST_DIST, "data", "002_362495c372b1300c.txt", NULL);
      const char *cli = g_getenv ("ATTEST_CLI");
      char *argv1[] = { (char *) cli, "--db", db, "import", sample, NULL };
      char *argv2[] = { (char *) cli, "--db", db, "annotate", "1", "--category", "troop-deployment",
                        "--range", "1453:1479", NULL };
      char *argv3[] = { (char *) cli, "--db", db, "export", "tei", "-o", out, NULL };
      char **argvs[] = { argv1, argv2, argv3 };
      int status;

      for (guint i = 0; i < G_N_ELEMENTS (argvs); i++)
        {
          g_assert_true (g_spawn_sync (NULL, argvs[i], NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
                                       NULL, NULL, &status, NULL));
          g_assert_true (g_spawn_check_wait_status (status, NULL));
        }
      g_assert_true (g_file_get_contents (out, &xml, NULL, NULL));
    }
  return xml;
}

static GBytes *
make_missing_pointer (const char *dir)
{
  g_autofree char *xml = g_strdup (export_sample ());
  char *ana = strstr (xml, "ana=\"#troop-deployment\"");

  g_assert_nonnull (ana);
  memcpy (ana, "ana=\"#nowhere-at-all!!\"", strlen ("ana=\"#troop-deployment\""));
  return g_bytes_new (xml, strlen (xml));
}

/* A million anchors in the first paragraph of our export: the text no
 * longer matches the article's checksum. */
static GBytes *
make_million_anchors (const char *dir)
{
  const char *xml = export_sample ();
  const char *p = strstr (xml, "<p>");
  GString *s = g_string_new_len (xml, p + 3 - xml);

  g_assert_nonnull (p);
  for (int i = 0; i < 1000000; i++)
    g_string_append_printf (s, "<anchor xml:id=\"m%d\"/>", i);
  g_string_append (s, p + 3);
  return g_string_free_to_bytes (s);
}

/* Found by testing from outside: a 10,000-character label froze the
 * Categories editor; a file must not bring one in either. */
static GBytes *
make_long_label (const char *dir)
{
  const char *xml = export_sample ();
  const char *gloss = strstr (xml, "<gloss>Troop deployment</gloss>");
  GString *s;

  g_assert_nonnull (gloss);
  s = g_string_new_len (xml, gloss - xml);
  g_string_append (s, "<gloss>");
  for (int i = 0; i < 10000; i++)
    g_string_append_c (s, 'x');
  g_string_append (s, gloss + strlen ("<gloss>Troop deployment"));
  return g_string_free_to_bytes (s);
}

/* The hostile documents of data/formats/, made with real tools. */
static GBytes *
formats_fixture (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "formats", name, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GMappedFile) mapped = g_mapped_file_new (path, FALSE, &error);

  g_assert_no_error (error);
  return g_mapped_file_get_bytes (mapped);
}

static GBytes *make_zip_bomb (const char *dir) { return formats_fixture ("bomb.docx"); }
static GBytes *make_docx_entities (const char *dir) { return formats_fixture ("entities.docx"); }
static GBytes *make_encrypted_pdf (const char *dir) { return formats_fixture ("encrypted.pdf"); }
static GBytes *make_truncated_pdf (const char *dir) { return formats_fixture ("truncated.pdf"); }
static GBytes *make_scanned_pdf (const char *dir) { return formats_fixture ("scanned.pdf"); }
static GBytes *make_escaping_epub (const char *dir) { return formats_fixture ("escape.epub"); }
static GBytes *make_escaping_opf (const char *dir) { return formats_fixture ("escape2.epub"); }
static GBytes *make_not_a_zip (const char *dir) { return formats_fixture ("notazip.docx"); }
static GBytes *make_symlink_epub (const char *dir) { return formats_fixture ("symlink.epub"); }
static GBytes *make_drm_epub (const char *dir) { return formats_fixture ("drm.epub"); }

/* REFI-QDA (issue 18): .qdpx files made here with libarchive. */
static la_ssize_t
qdpx_collect (struct archive *a,
              void           *data,
              const void     *buffer,
              size_t          length)
{
  g_byte_array_append (data, buffer, length);
  return length;
}

/* A ZIP of project.qde (@qde_len bytes) and, if @text, sources/a.txt. */
static GBytes *
qdpx (const char *qde,
      gsize       qde_len,
      const char *text)
{
  GByteArray *out = g_byte_array_new ();
  struct archive *a = archive_write_new ();
  const char *names[] = { "sources/a.txt", "project.qde" };
  const char *datas[] = { text, qde };
  gsize lens[] = { text ? strlen (text) : 0, qde_len };

  g_assert_cmpint (archive_write_set_format_zip (a), ==, ARCHIVE_OK);
  g_assert_cmpint (archive_write_set_bytes_in_last_block (a, 1), ==, ARCHIVE_OK);
  g_assert_cmpint (archive_write_zip_set_compression_deflate (a), ==, ARCHIVE_OK);
  g_assert_cmpint (archive_write_open (a, out, NULL, qdpx_collect, NULL), ==, ARCHIVE_OK);
  for (guint i = text ? 0 : 1; i < 2; i++)
    {
      struct archive_entry *e = archive_entry_new ();

      archive_entry_set_pathname (e, names[i]);
      archive_entry_set_filetype (e, AE_IFREG);
      archive_entry_set_perm (e, 0644);
      archive_entry_set_size (e, lens[i]);
      g_assert_cmpint (archive_write_header (a, e), ==, ARCHIVE_OK);
      g_assert_cmpint (archive_write_data (a, datas[i], lens[i]), ==, (la_ssize_t) lens[i]);
      archive_entry_free (e);
    }
  g_assert_cmpint (archive_write_close (a), ==, ARCHIVE_OK);
  archive_write_free (a);
  return g_byte_array_free_to_bytes (out);
}

#define QDE_HEAD "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
#define QDE_CODES \
  "<Project xmlns=\"urn:QDA-XML:project:1.0\" name=\"p\">\n<CodeBook><Codes>" \
  "<Code guid=\"7c9e6679-7425-40de-944b-e07fc1f90ae7\" name=\"Troop deployment\" isCodable=\"true\"/>" \
  "</Codes></CodeBook>\n<Sources>\n"
#define QDE_SELECTION(start, end) \
  "<PlainTextSelection guid=\"6ba7b810-9dad-41d1-80b4-00c04fd430c8\" startPosition=\"" start "\" " \
  "endPosition=\"" end "\"><Coding guid=\"6ba7b811-9dad-41d1-80b4-00c04fd430c8\">" \
  "<CodeRef targetGUID=\"7c9e6679-7425-40de-944b-e07fc1f90ae7\"/></Coding></PlainTextSelection>\n"
#define QDE_SOURCE(path, start, end) \
  "<TextSource guid=\"c56a4180-65aa-42ec-a945-5fd21dec0538\" name=\"a\" plainTextPath=\"" path "\">\n" \
  QDE_SELECTION (start, end) "</TextSource>\n</Sources>\n</Project>\n"
/* Not the brat rows' text: each good row adds its own article. */
#define QDPX(qde) qdpx ((qde), sizeof (qde) - 1, "Troops arrived in Khorog.\r\nThe border is closed.\r\n")

static GBytes *make_qdpx_good (const char *d) { return QDPX (QDE_HEAD QDE_CODES QDE_SOURCE ("internal://a.txt", "27", "48")); }
static GBytes *
make_qdpx_source_id (const char *d)
{
  return QDPX (QDE_HEAD QDE_CODES
               "<TextSource guid=\"c56a4180-65aa-42ec-a945-5fd21dec0538\" name=\"a\" plainTextPath=\"internal://a.txt\">\n"
               "<PlainTextSelection guid=\"6ba7b810-9dad-41d1-80b4-00c04fd430c8\" startPosition=\"27\" endPosition=\"48\">"
               "<Description>Status: draft\nSource: Interfax\nSource details: {\"id\":\"urn:uuid:6ba7b810\",\"label\":"
               "\"Interfax\",\"outside\":true}</Description>"
               "<Coding guid=\"6ba7b811-9dad-41d1-80b4-00c04fd430c8\">"
               "<CodeRef targetGUID=\"7c9e6679-7425-40de-944b-e07fc1f90ae7\"/></Coding></PlainTextSelection>\n"
               "</TextSource>\n</Sources>\n</Project>\n");
}
/* Two codes of one name, a code name holding a tab, one source id with
 * two records: refused, not merged, changed or chosen between. */
#define QDE_TWO_CODES(second) \
  "<Project xmlns=\"urn:QDA-XML:project:1.0\" name=\"p\">\n<CodeBook><Codes>" \
  "<Code guid=\"7c9e6679-7425-40de-944b-e07fc1f90ae7\" name=\"Troop deployment\" isCodable=\"true\"/>" \
  "<Code guid=\"7c9e6679-7425-40de-944b-e07fc1f90ae8\" name=\"" second "\" isCodable=\"true\"/>" \
  "</Codes></CodeBook>\n<Sources>\n"
static GBytes *make_qdpx_same_name (const char *d) { return QDPX (QDE_HEAD QDE_TWO_CODES ("troop DEPLOYMENT") QDE_SOURCE ("internal://a.txt", "27", "48")); }
static GBytes *make_qdpx_tab_name (const char *d) { return QDPX (QDE_HEAD QDE_TWO_CODES ("Troop&#9;moves") QDE_SOURCE ("internal://a.txt", "27", "48")); }
static GBytes *
make_qdpx_two_records (const char *d)
{
  return QDPX (QDE_HEAD QDE_CODES
               "<TextSource guid=\"c56a4180-65aa-42ec-a945-5fd21dec0538\" name=\"a\" plainTextPath=\"internal://a.txt\">\n"
               "<PlainTextSelection guid=\"6ba7b810-9dad-41d1-80b4-00c04fd430c8\" startPosition=\"27\" endPosition=\"48\">"
               "<Description>Status: draft\nSource: Interfax\nSource details: {\"id\":\"urn:uuid:"
               "5e1d2c3b-4a59-4687-9a0b-1c2d3e4f5a6a\",\"label\":\"Interfax\",\"outside\":true,"
               "\"url\":\"https://a.example/1\"}\nSource: Interfax\nSource details: {\"id\":\"urn:uuid:"
               "5e1d2c3b-4a59-4687-9a0b-1c2d3e4f5a6a\",\"label\":\"Interfax\",\"outside\":true,"
               "\"url\":\"https://b.example/2\"}</Description>"
               "<Coding guid=\"6ba7b811-9dad-41d1-80b4-00c04fd430c8\">"
               "<CodeRef targetGUID=\"7c9e6679-7425-40de-944b-e07fc1f90ae7\"/></Coding></PlainTextSelection>\n"
               "</TextSource>\n</Sources>\n</Project>\n");
}
static GBytes *make_qdpx_past (const char *d) { return QDPX (QDE_HEAD QDE_CODES QDE_SOURCE ("internal://a.txt", "0", "999")); }
static GBytes *make_qdpx_escape (const char *d) { return QDPX (QDE_HEAD QDE_CODES QDE_SOURCE ("internal://../../../etc/passwd", "0", "4")); }
static GBytes *make_qdpx_dotdot (const char *d) { return QDPX (QDE_HEAD QDE_CODES QDE_SOURCE ("internal://../project.qde", "0", "4")); }
static GBytes *make_qdpx_outside (const char *d) { return QDPX (QDE_HEAD QDE_CODES QDE_SOURCE ("absolute:///etc/passwd", "0", "4")); }
static GBytes *make_qdpx_invalid (const char *d) { return QDPX (QDE_HEAD "<Project xmlns=\"urn:QDA-XML:project:1.0\">\n<Sources/></Project>\n"); }
static GBytes *make_qdpx_xxe (const char *d)
{
  return QDPX (QDE_HEAD "<!DOCTYPE Project [<!ENTITY secret SYSTEM \"file:///etc/passwd\">]>\n"
               "<Project xmlns=\"urn:QDA-XML:project:1.0\" name=\"p\"><Sources>"
               "<TextSource guid=\"c56a4180-65aa-42ec-a945-5fd21dec0538\">"
               "<PlainTextContent>&secret;</PlainTextContent></TextSource></Sources></Project>\n");
}
static GBytes *make_qdpx_not_zip (const char *d) { return LITERAL ("This is a letter, not a zip.\n"); }

/* project.qde expanding to 65 MB of spaces: a few dozen kilobytes. */
static GBytes *
make_qdpx_bomb (const char *d)
{
  gsize len = 65 * 1024 * 1024;
  g_autofree char *spaces = g_malloc (len);

  memset (spaces, ' ', len);
  return qdpx (spaces, len, NULL);
}

/* A good project cut short in the middle of project.qde. */
static GBytes *
make_qdpx_truncated (const char *d)
{
  g_autoptr(GBytes) whole = make_qdpx_good (d);

  return g_bytes_new_from_bytes (whole, 0, g_bytes_get_size (whole) / 2);
}

/* A good project missing its last byte: the entries all read, the ZIP's
 * table of contents does not (other tools refuse it, or read it
 * otherwise). */
static GBytes *
make_qdpx_cut_by_one (const char *d)
{
  g_autoptr(GBytes) whole = make_qdpx_good (d);

  return g_bytes_new_from_bytes (whole, 0, g_bytes_get_size (whole) - 1);
}

/* Nested 100,000 deep: refused before libxml2 sees it. */
static GBytes *
make_qdpx_deep (const char *d)
{
  g_autoptr(GString) s = g_string_new (QDE_HEAD "<Project xmlns=\"urn:QDA-XML:project:1.0\" name=\"p\">");

  for (guint i = 0; i < 100000; i++)
    g_string_append (s, "<Description>");
  return qdpx (s->str, s->len, NULL);
}

/* brat (issue 18): the .txt is written beside the .ann the case names. */
static GBytes *
brat_pair (const char *dir,
           const char *stem,
           const char *ann,
           gsize       ann_len)
{
  g_autofree char *base = g_strconcat (stem, ".txt", NULL);
  g_autofree char *txt = g_build_filename (dir, base, NULL);

  g_assert_true (g_file_set_contents (txt, "Troops arrived in Dushanbe.\r\nThe border is closed.\r\n", -1, NULL));
  return bytes_of (ann, ann_len);
}

#define BRAT(stem, ann) brat_pair (d, stem, ann, sizeof (ann) - 1)
static GBytes *make_brat_past (const char *d) { return BRAT ("brat-past", "T1\ttroop-deployment 0 6\tTroops\nT2\ttroop-deployment 29 99\tThe\n"); }
static GBytes *make_brat_quote (const char *d) { return BRAT ("brat-quote", "T1\ttroop-deployment 0 6\tTanks!\n"); }
static GBytes *make_brat_negative (const char *d) { return BRAT ("brat-negative", "T1\ttroop-deployment -6 0\tTroops\n"); }
static GBytes *make_brat_overflow (const char *d) { return BRAT ("brat-overflow", "T1\ttroop-deployment 0 99999999999999999999999999\tTroops\n"); }
static GBytes *make_brat_split (const char *d) { return BRAT ("brat-split", "T1\ttroop-deployment 0 6;18 26\tTroops Dushanbe\n"); }
static GBytes *make_brat_malformed (const char *d) { return BRAT ("brat-malformed", "T1 troop-deployment 0 6 Troops\n"); }
static GBytes *make_brat_binary (const char *d) { return BRAT ("brat-binary", "\x89PNG\r\n\x1a\n\0\0\0\rIHDR"); }
static GBytes *make_brat_invalid (const char *d) { return BRAT ("brat-invalid", "T1\ttroop-deployment 0 6\tTro\x81ps\n"); }
static GBytes *make_brat_crlf (const char *d) { return BRAT ("brat-crlf", "T1\tborder-security 29 50\tThe border is closed.\r\n"); }
/* A source's id and fields (Attest's AttestSource note): checked as the
 * source editor checks them. */
static GBytes *make_brat_source_id (const char *d) { return BRAT ("brat-source-id", "T1\tborder-security 29 50\tThe border is closed.\n#1\tSource T1\tInterfax\n#2\tAttestSource T1\t{\"id\":\"urn:uuid:not-a-uuid\",\"label\":\"Interfax\",\"outside\":true}\n"); }
static GBytes *make_brat_source_control (const char *d) { return BRAT ("brat-source-control", "T1\tborder-security 29 50\tThe border is closed.\n#1\tAttestSource T1\t{\"id\":\"urn:uuid:5e1d2c3b-4a59-4687-9a0b-1c2d3e4f5a6b\",\"label\":\"Interfax\",\"outside\":true,\"outlet\":\"Inter\\u0001fax\"}\n"); }
static GBytes *make_brat_source_json (const char *d) { return BRAT ("brat-source-json", "T1\tborder-security 29 50\tThe border is closed.\n#1\tAttestSource T1\t{\"label\":\"Interfax\",\"outside\":\"yes\"}\n"); }

/* Web Annotation (issue 18): the article's text travels in the file. */
#define WEBANNO_HEAD \
  "{ \"type\": \"AnnotationCollection\", \"attest:articles\": [ { \"id\": \"urn:a\", \"attest:text\": " \
  "\"Tanks arrived in Dushanbe.\\nThe border is closed.\\n\" } ],\n \"first\": { \"type\": \"AnnotationPage\", " \
  "\"items\": [ {\n  \"type\": \"Annotation\", \"body\": { \"purpose\": \"classifying\", \"value\": \"Training\" },\n"
static GBytes *
make_webanno_deep (const char *d)
{
  GString *s = g_string_new (NULL);

  for (int i = 0; i < 1000000; i++)
    g_string_append_c (s, '[');
  return g_string_free_to_bytes (s);
}
static GBytes *make_webanno_past (const char *d) { return LITERAL (WEBANNO_HEAD "  \"target\": { \"source\": \"urn:a\", \"selector\": { \"type\": \"TextPositionSelector\", \"start\": 29, \"end\": 99 } } } ] } }"); }
static GBytes *make_webanno_quote (const char *d) { return LITERAL (WEBANNO_HEAD "  \"target\": { \"source\": \"urn:a\", \"selector\": [ { \"type\": \"TextPositionSelector\", \"start\": 0, \"end\": 6 }, { \"type\": \"TextQuoteSelector\", \"exact\": \"Tanks!\" } ] } } ] } }"); }
static GBytes *make_webanno_binary (const char *d) { return LITERAL ("\x89PNG\r\n\x1a\n\0\0\0\rIHDR"); }
static GBytes *make_webanno_invalid (const char *d) { return LITERAL ("[\n{ \"type\": \"Anno\x81tation\" } ]"); }
static GBytes *make_webanno_truncated (const char *d) { return LITERAL (WEBANNO_HEAD "  \"target\": { \"source\": \"urn:a\", \"selector\": { \"type\": \"TextPos"); }
static GBytes *make_webanno_good (const char *d) { return LITERAL (WEBANNO_HEAD "  \"target\": { \"source\": \"urn:a\", \"selector\": { \"type\": \"TextQuoteSelector\", \"exact\": \"border\" } } } ] } }"); }
/* An identifying body with Attest's source members. */
static GBytes *
webanno_source (const char *members)
{
  char *json = g_strdup_printf (
    "{ \"type\": \"AnnotationCollection\", \"attest:articles\": [ { \"id\": \"urn:a\", \"attest:text\": "
    "\"Tanks arrived in Dushanbe.\\nThe border is closed.\\n\" } ],\n \"first\": { \"type\": \"AnnotationPage\", "
    "\"items\": [ {\n  \"type\": \"Annotation\", \"body\": [ { \"purpose\": \"classifying\", \"value\": \"Training\" },\n"
    "  { \"purpose\": \"identifying\", \"value\": \"Interfax\", \"id\": \"urn:uuid:5e1d2c3b-4a59-4687-9a0b-1c2d3e4f5a6b\", "
    "\"attest:outside\": true, %s } ],\n"
    "  \"target\": { \"source\": \"urn:a\", \"selector\": { \"type\": \"TextQuoteSelector\", \"exact\": \"border\" } } } ] } }",
    members);

  return g_bytes_new_take (json, strlen (json));
}
static GBytes *make_webanno_source_url (const char *d) { return webanno_source ("\"attest:url\": \"not a url\""); }
/* A member of the wrong type says something wrong, not nothing. */
static GBytes *make_webanno_status_type (const char *d) { return LITERAL (WEBANNO_HEAD "  \"attest:status\": true, \"target\": { \"source\": \"urn:a\", \"selector\": { \"type\": \"TextQuoteSelector\", \"exact\": \"border\" } } } ] } }"); }
static GBytes *
make_webanno_source_long (const char *d)
{
  g_autofree char *outlet = g_strnfill (1001, 'x');
  g_autofree char *members = g_strdup_printf ("\"attest:outlet\": \"%s\"", outlet);

  return webanno_source (members);
}


/* UIMA CAS JSON (issue 18): a CAS around a text and its claims. */
static GBytes *
uima_cas (const char *text,
          const char *claims)
{
  char *json = g_strdup_printf (
    "{\"%%TYPES\": {},\n\"%%FEATURE_STRUCTURES\": [\n"
    "{\"%%ID\": 1, \"%%TYPE\": \"uima.cas.Sofa\", \"sofaID\": \"_InitialView\", \"sofaString\": \"%s\"},\n%s\n],\n"
    "\"%%VIEWS\": {\"_InitialView\": {\"%%SOFA\": 1, \"%%MEMBERS\": [2]}}}\n", text, claims);

  return g_bytes_new_take (json, strlen (json));
}

#define UIMA_TEXT "Troops arrived in \\ud83d\\ude00 Dushanbe.\\nThe border is closed.\\n"
#define UIMA_CLAIM(b, e) "{\"%ID\": 2, \"%TYPE\": \"webanno.custom.Claim\", \"@sofa\": 1, \"begin\": " #b ", \"end\": " #e ", \"category\": \"border-security\"}"
static GBytes *make_uima_past (const char *d) { return uima_cas (UIMA_TEXT, UIMA_CLAIM (0, 9999)); }
static GBytes *make_uima_surrogate (const char *d) { return uima_cas (UIMA_TEXT, UIMA_CLAIM (19, 25)); }
static GBytes *make_uima_ok (const char *d) { return uima_cas (UIMA_TEXT, UIMA_CLAIM (31, 52)); }
static GBytes *
make_uima_source_date (const char *d)
{
  return uima_cas (UIMA_TEXT,
                   "{\"%ID\": 2, \"%TYPE\": \"webanno.custom.Claim\", \"@sofa\": 1, \"begin\": 31, \"end\": 52, "
                   "\"category\": \"border-security\", \"@sources\": 3, \"@sourceDetails\": 4},\n"
                   "{\"%ID\": 3, \"%TYPE\": \"uima.cas.StringArray\", \"%ELEMENTS\": [\"Interfax\"]},\n"
                   "{\"%ID\": 4, \"%TYPE\": \"uima.cas.StringArray\", \"%ELEMENTS\": [\"{\\\"id\\\":\\\"urn:uuid:"
                   "5e1d2c3b-4a59-4687-9a0b-1c2d3e4f5a6b\\\",\\\"label\\\":\\\"Interfax\\\",\\\"outside\\\":true,"
                   "\\\"when\\\":\\\"2005-13-40\\\"}\"]}");
}
static GBytes *make_uima_binary (const char *d) { return LITERAL ("\x89PNG\r\n\x1a\n\0\0\0\rIHDR"); }
static GBytes *make_uima_truncated (const char *d) { return LITERAL ("{\"%TYPES\": {},\n\"%FEATURE_STRUCTURES\": [\n{\"%ID\": 1, \"%TYPE\": \"uima.cas.Sofa\""); }

static GBytes *
make_uima_deep (const char *dir)
{
  GString *s = g_string_new (NULL);

  for (int i = 0; i < 1000000; i++)
    g_string_append_c (s, '[');
  return g_string_free_to_bytes (s);
}

static const Case cases[] = {
  { "webanno-deep.jsonld", "import-web-annotation", make_webanno_deep, 4, "webanno-deep.jsonld:1:65: arrays and objects are nested more than 64 deep" },
  { "webanno-past.jsonld", "import-web-annotation", make_webanno_past, 4, "annotation 1: the position 29–99 is past the end of the text (49 characters)" },
  { "webanno-quote.jsonld", "import-web-annotation", make_webanno_quote, 4, "the TextQuoteSelector does not match the text at the TextPositionSelector's place" },
  { "webanno-binary.jsonld", "import-web-annotation", make_webanno_binary, 4, "webanno-binary.jsonld:1:1: the file is not UTF-8 text" },
  { "webanno-invalid.jsonld", "import-web-annotation", make_webanno_invalid, 4, "webanno-invalid.jsonld:2:16: the file is not UTF-8 text" },
  { "webanno-truncated.jsonld", "import-web-annotation", make_webanno_truncated, 4, "webanno-truncated.jsonld:4:56: a string is not closed" },
  { "webanno-good.jsonld", "import-web-annotation", make_webanno_good, 0, "1 document imported, 1 claim" },
  { "good.qdpx", "import-refi-qda", make_qdpx_good, 0, "1 document imported, 1 claim" },
  { "past.qdpx", "import-refi-qda", make_qdpx_past, 4,
    "past.qdpx, project.qde, line 6: the endPosition 999 is past the end of the text (50 characters)" },
  { "escape.qdpx", "import-refi-qda", make_qdpx_escape, 4,
    "the text “internal://../../../etc/passwd” is not a file of the project's sources" },
  /* In the archive, but the project file itself, not a text of it. */
  { "dotdot.qdpx", "import-refi-qda", make_qdpx_dotdot, 4,
    "the text “internal://../project.qde” is not a file of the project's sources" },
  { "outside.qdpx", "import-refi-qda", make_qdpx_outside, 4, "is outside the project file" },
  { "invalid.qdpx", "import-refi-qda", make_qdpx_invalid, 4,
    "invalid.qdpx, project.qde, line 2: not a valid REFI-QDA project" },
  { "xxe.qdpx", "import-refi-qda", make_qdpx_xxe, 4, "line 2: a DOCTYPE or other declaration" },
  { "not-zip.qdpx", "import-refi-qda", make_qdpx_not_zip, 4, "is not a ZIP container Attest can read" },
  { "bomb.qdpx", "import-refi-qda", make_qdpx_bomb, 4, "refused as a possible zip bomb" },
  { "truncated.qdpx", "import-refi-qda", make_qdpx_truncated, 4, "is damaged" },
  { "cut-by-one.qdpx", "import-refi-qda", make_qdpx_cut_by_one, 4,
    "“cut-by-one.qdpx” is damaged or cut short: its table of contents cannot be read" },
  { "deep.qdpx", "import-refi-qda", make_qdpx_deep, 4, "the elements nest more than 128 deep" },
  { "uima-deep.json", "import-uima", make_uima_deep, 4, "uima-deep.json:1:65: arrays and objects are nested more than 64 deep" },
  { "uima-past.json", "import-uima", make_uima_past, 4,
    "uima-past.json, feature structure 2: its end 9999 is past the end of the text (53 UTF-16 code units)" },
  { "uima-surrogate.json", "import-uima", make_uima_surrogate, 4,
    "feature structure 2: its begin 19 falls between the two halves of a character" },
  { "uima-binary.json", "import-uima", make_uima_binary, 4, "uima-binary.json:1:1: the file is not UTF-8 text" },
  { "uima-truncated.json", "import-uima", make_uima_truncated, 4,
    "uima-truncated.json:3:36: the file ends before its JSON value does" },
  { "uima-ok.json", "import-uima", make_uima_ok, 0, "1 document imported, 1 claim" },
  { "brat-past.ann", "import-brat", make_brat_past, 4, ":2: the offset 99 is past the end of the text" },
  { "brat-quote.ann", "import-brat", make_brat_quote, 4, "does not match the text at its offsets" },
  { "brat-negative.ann", "import-brat", make_brat_negative, 4, "“-6” is not an offset" },
  { "brat-overflow.ann", "import-brat", make_brat_overflow, 4, "is past the end of the text" },
  { "brat-split.ann", "import-brat", make_brat_split, 4, "T1 is a discontinuous span" },
  { "brat-malformed.ann", "import-brat", make_brat_malformed, 4, "does not start with an annotation id" },
  { "brat-binary.ann", "import-brat", make_brat_binary, 4, "not UTF-8 (or hold a NUL byte)" },
  { "brat-invalid.ann", "import-brat", make_brat_invalid, 4, "brat-invalid.ann:1: the annotations are not UTF-8" },
  { "brat-crlf.ann", "import-brat", make_brat_crlf, 0, "1 document imported, 1 claim" },
  { "brat-source-id.ann", "import-brat", make_brat_source_id, 4, "brat-source-id.ann:3: the source “Interfax” has the id “not-a-uuid”, not a UUID; nothing was imported" },
  { "brat-source-control.ann", "import-brat", make_brat_source_control, 4, "brat-source-control.ann, line 2: A source's outlet holds a line break or control character (U+0001)" },
  { "brat-source-json.ann", "import-brat", make_brat_source_json, 4, "brat-source-json.ann:2: the source “Interfax”: “outside” is not true or false" },
  { "webanno-status-type.jsonld", "import-web-annotation", make_webanno_status_type, 4, "webanno-status-type.jsonld, annotation 1: its attest:status is not text" },
  { "webanno-source-url.jsonld", "import-web-annotation", make_webanno_source_url, 4, "webanno-source-url.jsonld (urn:a), annotation 1: “not a url” is not a web address: a source's address starts with http:// or https://, names a host and holds no spaces" },
  { "webanno-source-long.jsonld", "import-web-annotation", make_webanno_source_long, 4, "webanno-source-long.jsonld (urn:a), annotation 1: A source's outlet is longer than 1000 characters" },
  { "uima-source-date.json", "import-uima", make_uima_source_date, 4, "uima-source-date.json, feature structure 2: the source “Interfax” has the date “2005-13-40”, not YYYY-MM-DD, YYYY-MM or --MM-DD" },
  { "source-id.qdpx", "import-refi-qda", make_qdpx_source_id, 4, "source-id.qdpx, project.qde, line 6: the source “Interfax” has the id “6ba7b810”, not a UUID" },
  { "same-name.qdpx", "import-refi-qda", make_qdpx_same_name, 4,
    "same-name.qdpx, project.qde, line 3: There is already a category “troop DEPLOYMENT”" },
  { "tab-name.qdpx", "import-refi-qda", make_qdpx_tab_name, 4,
    "tab-name.qdpx, project.qde, line 3: A category's name holds a line break or control character (U+0009)" },
  { "two-records.qdpx", "import-refi-qda", make_qdpx_two_records, 7,
    "two-records.qdpx, project.qde, line 6: the source 5e1d2c3b-4a59-4687-9a0b-1c2d3e4f5a6a is given here with "
    "other details than before in the same import; one id is one source" },
  { "empty.txt", "import", make_empty, 4, "is empty" },
  { "one-nul.txt", "import", make_one_nul, 4, "is not a text file" },
  { "one-letter.txt", "import", make_one_letter, 0, "imported as document" },
  { "photo.png", "import", make_binary, 4, "is not a text file" },
  { "nul-inside.txt", "import", make_nul_inside, 4, "is not a text file" },
  { "invalid.txt", "import", make_invalid, 4, "is neither UTF-8 nor Windows-1252" },
  { "overlong.txt", "import", make_overlong, 0, "decoded as Windows-1252" },
  { "surrogate.txt", "import", make_surrogate, 0, "decoded as Windows-1252" },
  { "bom-inside.txt", "import", make_bom_inside, 0, "imported as document" },
  { "huge.txt", "import", make_huge, 4, "the largest article Attest reads" },
  { "deep.html", "import", make_deep_html, 4, "nests its elements too deeply" },
  { "xxe.xml", "import", make_xxe, 4, "DTD with entity declarations" },
  { "laughs.xml", "import", make_billion_laughs, 4, "entity" },
  { "xxe-corpus.xml", "import-tei", make_xxe, 4, "" },
  { "laughs-corpus.xml", "import-tei", make_billion_laughs, 4, "" },
  { "remote-dtd.xml", "import-tei", make_remote_dtd, 4, "" },
  { "missing-pointer.xml", "import-tei", make_missing_pointer, 4, "#nowhere-at-all!!" },
  { "million-anchors.xml", "import-tei", make_million_anchors, 4, "" },
  { "long-label.xml", "import-tei", make_long_label, 4,
    "The label of category troop-deployment has 10000 characters; a label has at most 200" },
  { "bomb.docx", "import", make_zip_bomb, 4, "refused as a possible zip bomb" },
  { "entities.docx", "import", make_docx_entities, 4, "(word/document.xml)" },
  { "encrypted.pdf", "import", make_encrypted_pdf, 4, "protected by a password" },
  { "truncated.pdf", "import", make_truncated_pdf, 4, "the end of the PDF is missing" },
  { "scanned.pdf", "import", make_scanned_pdf, 4, "has no text layer" },
  { "escape.epub", "import", make_escaping_epub, 4, "points outside itself" },
  { "escape2.epub", "import", make_escaping_opf, 4, "points outside itself" },
  { "notazip.docx", "import", make_not_a_zip, 4, "is named as a docx file but is not one" },
  { "symlink.epub", "import", make_symlink_epub, 4, "as a link or folder, not a file" },
  { "drm.epub", "import", make_drm_epub, 4, "is protected by DRM" },
};

static char *
dump (void)
{
  const char *tables[] = { "documents", "categories", "claims", "sources", "citations",
                           "claim_sources", "annotators", "history" };
  GString *out = g_string_new (NULL);
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (db_path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  for (guint t = 0; t < G_N_ELEMENTS (tables); t++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT * FROM %s ORDER BY 1", tables[t]);
      sqlite3_stmt *stmt = NULL;

      g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          for (int c = 0; c < sqlite3_column_count (stmt); c++)
            g_string_append_printf (out, "%s|", sqlite3_column_text (stmt, c));
          g_string_append_c (out, '\n');
        }
      sqlite3_finalize (stmt);
    }
  sqlite3_close (db);
  return g_string_free (out, FALSE);
}

static void
test_case (gconstpointer data)
{
  const Case *c = data;
  g_autofree char *path = g_build_filename (work_dir, c->name, NULL);
  g_autoptr(GBytes) bytes = c->make (work_dir);
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = dump ();
  g_autofree char *after = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_auto(GStrv) lines = NULL;
  gint64 started = g_get_monotonic_time ();
  double seconds;

  if (bytes)
    g_assert_true (g_file_set_contents (path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), NULL));

  proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error,
                           g_getenv ("ATTEST_CLI"), "--db", db_path, c->command, path, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);
  seconds = (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC;
  g_test_message ("%s → %d in %.2f s: %s%s", c->name, g_subprocess_get_exit_status (proc), seconds, out, err);

  g_assert_cmpint (g_subprocess_get_exit_status (proc), ==, c->status);
  /* Never the secret, never libxml2's own chatter; quickly, offline. */
  g_assert_null (strstr (out, "root:"));
  g_assert_null (strstr (err, "root:"));
  g_assert_cmpfloat (seconds, <, 60.0);

  after = dump ();
  if (c->status != 0)
    {
      /* One clear line, naming the file, and nothing changed. */
      lines = g_strsplit (g_strstrip (err), "\n", -1);
      g_assert_cmpuint (g_strv_length (lines), ==, 1);
      g_assert_nonnull (strstr (err, c->name));
      g_assert_nonnull (strstr (err, c->says));
      g_assert_cmpstr (after, ==, before);
    }
  else
    {
      g_assert_cmpstr (err, ==, "");
      g_assert_nonnull (strstr (out, c->says));
      g_assert_cmpstr (after, !=, before);
    }
  g_remove (path);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *sample = NULL;
  int status;
  int result;

  g_test_init (&argc, &argv, NULL);

  work_dir = attest_test_make_tmp_dir ("attest-hostile-XXXXXX");
  db_path = g_build_filename (work_dir, "analyst.db", NULL);
  sample = g_test_build_filename (G_TEST_DIST, "data", "000_7978e9767d1c15ca.txt", NULL);
  {
    char *setup[] = { (char *) g_getenv ("ATTEST_CLI"), "--db", db_path, "import", sample, NULL };
    g_assert_true (g_spawn_sync (NULL, setup, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL, NULL,
                                 &status, NULL));
  }

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *name = g_strdup_printf ("/hostile/%s/%s", cases[i].command, cases[i].name);
      g_test_add_data_func (name, &cases[i], test_case);
    }
  result = g_test_run ();

  attest_test_remove_tree (work_dir);
  return result;
}
