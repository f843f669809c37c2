/* attest-bench-formats.c — how fast PDF and Word files become articles,
 * beside the floor measured in the same run: poppler extracting every
 * page's text (PDF) and libarchive + libxml2's reader passing over
 * word/document.xml (DOCX), with nothing else done.
 *
 *   _build/bench/attest-bench-formats [--rounds N] [FILE…]
 *
 * Without files it reads bench/data/: a 54-page report typeset by groff and
 * a 74-page memo written by LibreOffice (their sources in bench/data/src).
 * Budget (issue 14): a 50-page PDF or DOCX imported in under 1 s. */
#include "attest-article-reader.h"
#include "attest-store.h"

#include <string.h>

#include <archive.h>
#include <archive_entry.h>
#include <glib/gstdio.h>
#include <libxml/xmlreader.h>
#include <poppler.h>

static int rounds = 5;

static const GOptionEntry entries[] = {
  { "rounds", 0, 0, G_OPTION_ARG_INT, &rounds, "Times each file is read (default 5; the median is shown)", "N" },
  { NULL }
};

static double
now_s (void)
{
  return g_get_monotonic_time () / (double) G_USEC_PER_SEC;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
median (GArray *times)
{
  g_array_sort (times, compare_doubles);
  return g_array_index (times, double, times->len / 2);
}

/* The floor of a PDF: poppler's text of every page. */
static void
floor_pdf (GBytes *bytes)
{
  g_autoptr(GError) error = NULL;
  PopplerDocument *doc = poppler_document_new_from_bytes (bytes, NULL, &error);

  g_assert_no_error (error);
  for (int i = 0; i < poppler_document_get_n_pages (doc); i++)
    {
      PopplerPage *page = poppler_document_get_page (doc, i);

      g_free (poppler_page_get_text (page));
      g_object_unref (page);
    }
  g_object_unref (doc);
}

/* The floor of a DOCX: its body part inflated and every node read. */
static void
floor_docx (GBytes *bytes)
{
  struct archive *a = archive_read_new ();
  struct archive_entry *entry;
  gsize len;
  const void *data = g_bytes_get_data (bytes, &len);

  archive_read_support_format_zip (a);
  g_assert_cmpint (archive_read_open_memory (a, data, len), ==, ARCHIVE_OK);
  while (archive_read_next_header (a, &entry) == ARCHIVE_OK)
    {
      if (strcmp (archive_entry_pathname (entry), "word/document.xml") == 0)
        {
          g_autoptr(GByteArray) xml = g_byte_array_new ();
          guint8 buffer[65536];
          la_ssize_t n;
          xmlTextReaderPtr reader;

          while ((n = archive_read_data (a, buffer, sizeof buffer)) > 0)
            g_byte_array_append (xml, buffer, n);
          reader = xmlReaderForMemory ((const char *) xml->data, xml->len, NULL, NULL, XML_PARSE_NONET);
          while (xmlTextReaderRead (reader) == 1)
            ;
          xmlFreeTextReader (reader);
          break;
        }
      archive_read_data_skip (a);
    }
  archive_read_free (a);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = g_option_context_new ("[FILE…] — PDF and DOCX import against their floor");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *dir = NULL;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("attest-bench-formats: %s\n", error->message);
      return 1;
    }
  for (int i = 1; i < argc; i++)
    g_ptr_array_add (files, g_strdup (argv[i]));
  if (files->len == 0)
    {
      g_ptr_array_add (files, g_build_filename (ATTEST_SOURCE_ROOT, "bench", "data", "report-54-pages.pdf", NULL));
      g_ptr_array_add (files, g_build_filename (ATTEST_SOURCE_ROOT, "bench", "data", "memo-74-pages.docx", NULL));
    }
  dir = g_dir_make_tmp ("attest-bench-formats-XXXXXX", NULL);

  g_print ("Attest import of documents, median of %d rounds\n\n", rounds);
  g_print ("  %-28s %6s %9s %9s %9s %9s %7s\n", "file", "pages", "chars", "read ms", "+store ms", "floor ms", "ratio");

  for (guint f = 0; f < files->len; f++)
    {
      const char *path = g_ptr_array_index (files, f);
      g_autoptr(GFile) file = g_file_new_for_path (path);
      g_autoptr(GMappedFile) mapped = g_mapped_file_new (path, FALSE, &error);
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(GArray) read_times = g_array_new (FALSE, FALSE, sizeof (double));
      g_autoptr(GArray) store_times = g_array_new (FALSE, FALSE, sizeof (double));
      g_autoptr(GArray) floor_times = g_array_new (FALSE, FALSE, sizeof (double));
      g_autofree char *base = g_path_get_basename (path);
      gboolean pdf = g_str_has_suffix (path, ".pdf");
      gint64 chars = 0;
      int pages = 0;

      if (mapped == NULL)
        {
          g_printerr ("attest-bench-formats: %s\n", error->message);
          return 1;
        }
      bytes = g_mapped_file_get_bytes (mapped);

      for (int r = 0; r < rounds; r++)
        {
          g_autofree char *db = g_strdup_printf ("%s/round-%u-%d.db", dir, f, r);
          g_autoptr(AttestStore) store = attest_store_open (db, ATTEST_STORE_OPEN_DEFAULT, &error);
          g_autoptr(AttestDocument) doc = NULL;
          g_autoptr(AttestDocument) stored = NULL;
          double t0, t1, t2;

          g_assert_no_error (error);
          attest_store_set_annotator (store, "Bench", NULL);
          t0 = now_s ();
          doc = attest_article_reader_read_file (file, NULL, &error);
          g_assert_no_error (error);
          t1 = now_s ();
          stored = attest_store_add_document (store, doc, NULL, &error);
          g_assert_no_error (error);
          t2 = now_s ();
          g_array_append_val (read_times, (double) { (t1 - t0) * 1000 });
          g_array_append_val (store_times, (double) { (t2 - t0) * 1000 });
          chars = doc->length;
          if (doc->extraction != NULL && strstr (doc->extraction, "\"pages\":") != NULL)
            pages = atoi (strstr (doc->extraction, "\"pages\":") + 8);

          t0 = now_s ();
          if (pdf)
            floor_pdf (bytes);
          else
            floor_docx (bytes);
          g_array_append_val (floor_times, (double) { (now_s () - t0) * 1000 });
          g_clear_object (&store);
          g_remove (db);
        }

      g_autofree char *shown_pages = pages > 0 ? g_strdup_printf ("%d", pages) : g_strdup ("-");

      g_print ("  %-28s %6s %9" G_GINT64_FORMAT " %9.1f %9.1f %9.1f %6.0f%%\n", base, shown_pages, chars,
               median (read_times), median (store_times), median (floor_times),
               100.0 * median (floor_times) / median (store_times));
    }

  g_print ("\n  budget: a 50-page PDF or DOCX imported in under 1000 ms; ratio = floor / import\n");
  {
    g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
    const char *name;

    while (d != NULL && (name = g_dir_read_name (d)) != NULL)
      {
        g_autofree char *p = g_build_filename (dir, name, NULL);
        g_remove (p);
      }
    g_rmdir (dir);
  }
  return 0;
}
