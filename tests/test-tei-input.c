/* test-tei-input.c — TEI import of bad input: every kind of bad or hostile
 * file is refused with its own error code and leaves the database as it
 * was; imports report progress, can be cancelled, and check without writing. */
#include "test-tei-fixture.h"

/* ------------------------------------------------------------- bad input */

typedef struct {
  const char *name;
  int         code;
  GQuark      domain;
} Refusal;

/* Imports @xml into a database holding the annotated samples and into an
 * empty one: refused with @code, and neither database changed. */
static void
assert_refused_in (Fixture    *f,
                   gboolean    full_too,
                   const char *xml,
                   gssize      len,
                   GQuark      domain,
                   int         code,
                   const char *in_message)
{
  g_autofree char *empty_path = tmp_path (f, "empty.db");
  g_autoptr(AttestStore) empty = open_store (empty_path);
  const char *paths[] = { empty_path, f->path };
  AttestStore *stores[] = { empty, f->store };

  for (guint i = 0; i < (full_too ? 2 : 1); i++)
    {
      g_autofree char *before = db_dump (paths[i]);
      g_autofree char *after = NULL;
      g_autoptr(GError) error = NULL;
      AttestImportCounts counts = { 0 };

      g_assert_false (import_string (stores[i], xml, len, &counts, &error));
      if (i == 0)
        g_test_message ("  → %s", error->message);
      g_assert_error (error, domain, code);
      if (in_message != NULL && strstr (error->message, in_message) == NULL)
        g_error ("“%s” does not say “%s”", error->message, in_message);
      after = db_dump (paths[i]);
      g_assert_cmpstr (after, ==, before);
    }
  g_clear_object (&empty);
  remove_db (empty_path);
}

static void
assert_refused (Fixture    *f,
                const char *xml,
                gssize      len,
                GQuark      domain,
                int         code,
                const char *in_message)
{
  assert_refused_in (f, TRUE, xml, len, domain, code, in_message);
}

/* @xml with the first @old replaced by @new. */
static char *
replace_first (const char *xml,
               const char *old,
               const char *new)
{
  const char *at = strstr (xml, old);

  g_assert_nonnull (at);
  return g_strdup_printf ("%.*s%s%s", (int) (at - xml), xml, new, at + strlen (old));
}

/* The value of the first @attribute="…" after @after. */
static char *
first_value (const char *xml,
             const char *after,
             const char *attribute)
{
  g_autofree char *needle = g_strdup_printf ("%s=\"", attribute);
  const char *at = strstr (strstr (xml, after), needle);
  const char *end;

  g_assert_nonnull (at);
  at += strlen (needle);
  end = strchr (at, '"');
  return g_strndup (at, end - at);
}

static void
test_bad_inputs (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *xml = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autofree char *source = NULL;
  g_autofree char *anchor = NULL;
  g_autofree char *ana = NULL;
  GQuark a = ATTEST_ERROR;

  annotate_rich (f->store);
  xml = export_to_string (f->store, NULL, NULL);
  from = first_value (xml, "<span ", "from");
  to = first_value (xml, "<span ", "to");
  source = first_value (xml, "<span ", "source");
  anchor = first_value (xml, "<anchor ", "xml:id");
  ana = first_value (xml, "<span ", "ana");

  g_test_message ("malformed: cut in the middle");
  assert_refused (f, xml, strlen (xml) / 2, a, ATTEST_ERROR_FORMAT, "cut short");

  g_test_message ("malformed: a broken tag");
  {
    g_autofree char *bad = replace_first (xml, "<revisionDesc>", "<revisionDesc <");
    assert_refused (f, bad, -1, a, ATTEST_ERROR_FORMAT, "not well-formed");
  }

  g_test_message ("not TEI");
  assert_refused (f, "<?xml version=\"1.0\"?><html><body><p>Hello</p></body></html>", -1,
                  a, ATTEST_ERROR_FORMAT, "not TEI");

  g_test_message ("TEI, but not an Attest export");
  {
    g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "article.tei.xml", NULL);
    g_autofree char *article = NULL;

    g_assert_true (g_file_get_contents (path, &article, NULL, NULL));
    assert_refused (f, article, -1, a, ATTEST_ERROR_FORMAT, "not an Attest export");
  }

  g_test_message ("empty");
  assert_refused (f, "", 0, a, ATTEST_ERROR_EMPTY, "empty");
  assert_refused (f, "  \n ", -1, a, ATTEST_ERROR_EMPTY, "empty");

  g_test_message ("newer format");
  {
    g_autofree char *bad = replace_first (xml, "ident=\"Attest\" version=\"1\"",
                                          "ident=\"Attest\" version=\"2\"");
    assert_refused (f, bad, -1, a, ATTEST_ERROR_NEWER_SCHEMA, "newer Attest");
  }

  g_test_message ("dangling @source");
  {
    g_autofree char *bad = replace_first (xml, source, "#s-00000000-0000-4000-8000-000000000000");
    assert_refused (f, bad, -1, a, ATTEST_ERROR_FORMAT, "no source");
  }

  g_test_message ("dangling @ana");
  {
    g_autofree char *ana_attr = g_strdup_printf ("ana=\"%s\"", ana);
    g_autofree char *bad = replace_first (xml, ana_attr, "ana=\"#no-such-category\"");
    assert_refused (f, bad, -1, a, ATTEST_ERROR_FORMAT, "taxonomy lacks");
  }

  g_test_message ("dangling @from");
  {
    g_autofree char *from_attr = g_strdup_printf ("from=\"%s\"", from);
    g_autofree char *bad = replace_first (xml, from_attr, "from=\"#d-00000000-0000-4000-8000-000000000000-o0\"");
    assert_refused (f, bad, -1, a, ATTEST_ERROR_FORMAT, "outside its document");
  }

  g_test_message ("@from after @to");
  {
    g_autofree char *pair = g_strdup_printf ("from=\"%s\" to=\"%s\"", from, to);
    g_autofree char *swapped = g_strdup_printf ("from=\"%s\" to=\"%s\"", to, from);
    g_autofree char *bad = replace_first (xml, pair, swapped);
    assert_refused (f, bad, -1, a, ATTEST_ERROR_FORMAT, "before it starts");
  }

  g_test_message ("an anchor not where its id says");
  {
    g_autofree char *tag = g_strdup_printf ("<anchor xml:id=\"%s\"/>", anchor);
    g_autofree char *moved = g_strdup_printf ("X%s", tag);
    g_autofree char *bad = replace_first (xml, tag, moved);
    assert_refused (f, bad, -1, a, ATTEST_ERROR_FORMAT, NULL);
  }

  g_test_message ("text altered: SHA-256 differs");
  {
    g_autofree char *bad = replace_first (xml, "Dushanbe", "Dushanbf");
    assert_refused (f, bad, -1, a, ATTEST_ERROR_FORMAT, "SHA-256");
  }

  g_test_message ("an anchor outside any paragraph");
  {
    g_autofree char *tag = g_strdup_printf ("<anchor xml:id=\"%s\"/>", anchor);
    g_autofree char *bad = replace_first (xml, "<body xml:space=\"preserve\">",
                                          "<body xml:space=\"preserve\"><anchor xml:id=\"d-x\"/>");
    assert_refused (f, bad, -1, a, ATTEST_ERROR_FORMAT, "unexpected <anchor>");
  }

  g_test_message ("a claim twice");
  {
    const char *span = strstr (xml, "        <span ");
    const char *end = strstr (span, "</span>\n") + strlen ("</span>\n");
    g_autofree char *one = g_strndup (span, end - span);
    g_autofree char *two = g_strconcat (one, one, NULL);
    g_autofree char *bad = replace_first (xml, one, two);
    assert_refused (f, bad, -1, a, ATTEST_ERROR_FORMAT, "twice");
  }

  /* Rows the database holds already are left alone, so a repeat is
   * found when it would be written twice: in an empty database. */
  g_test_message ("a change twice (found by the database)");
  {
    const char *change = strstr (xml, "      <change ");
    const char *end = strstr (change, "</change>\n") + strlen ("</change>\n");
    g_autofree char *one = g_strndup (change, end - change);
    g_autofree char *two = g_strconcat (one, one, NULL);
    g_autofree char *bad = replace_first (xml, one, two);
    assert_refused_in (f, FALSE, bad, -1, a, ATTEST_ERROR_FORMAT, "appears twice");
  }

  g_test_message ("a document twice");
  {
    const char *doc = strstr (xml, "  <TEI ");
    const char *end = strstr (doc, "  </TEI>\n") + strlen ("  </TEI>\n");
    g_autofree char *one = g_strndup (doc, end - doc);
    g_autofree char *two = g_strconcat (one, one, NULL);
    g_autofree char *bad = replace_first (xml, one, two);
    assert_refused (f, bad, -1, a, ATTEST_ERROR_FORMAT, "twice");
  }

  g_test_message ("a document the database holds with another text");
  {
    g_autoptr(AttestDocument) doc = attest_store_get_document (f->store, "1", NULL);
    g_autofree char *altered = replace_first (doc->text, "Dushanbe", "Dushanbf");
    g_autofree char *sha = g_compute_checksum_for_string (G_CHECKSUM_SHA256, altered, -1);
    g_autofree char *step = replace_first (xml, "Dushanbe", "Dushanbf");
    g_autofree char *bad = replace_first (step, doc->sha256, sha);
    g_autofree char *before = db_dump (f->path);
    g_autofree char *after = NULL;
    g_autoptr(GError) error = NULL;

    g_assert_false (import_string (f->store, bad, -1, NULL, &error));
    g_test_message ("  → %s", error->message);
    g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_CONFLICT);
    after = db_dump (f->path);
    g_assert_cmpstr (after, ==, before);
  }

  g_test_message ("an unknown element");
  {
    g_autofree char *bad = replace_first (xml, "<standOff>", "<standOff><foo/>");
    assert_refused (f, bad, -1, a, ATTEST_ERROR_FORMAT, "unexpected <foo>");
  }
}

static void
test_hostile_xml (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *secret_path = tmp_path (f, "secret.txt");
  g_autofree char *dtd_path = tmp_path (f, "evil.dtd");
  g_autofree char *xxe = NULL;
  g_autofree char *xxe_passwd = NULL;
  g_autofree char *external = NULL;
  g_autofree char *laughs = NULL;
  gint64 started;

  annotate_rich (f->store);
  g_assert_true (g_file_set_contents (secret_path, "TOP-SECRET-MARKER", -1, NULL));
  g_assert_true (g_file_set_contents (dtd_path, "<!ENTITY x \"TOP-SECRET-MARKER\">", -1, NULL));

  /* XXE: the file's content never appears, in the error or anywhere. */
  xxe = g_strdup_printf ("<?xml version=\"1.0\"?>\n"
                         "<!DOCTYPE teiCorpus [<!ENTITY xxe SYSTEM \"file://%s\">]>\n"
                         "<teiCorpus xmlns=\"http://www.tei-c.org/ns/1.0\">&xxe;</teiCorpus>\n",
                         secret_path);
  assert_refused (f, xxe, -1, ATTEST_ERROR, ATTEST_ERROR_FORMAT, "entities");
  xxe_passwd = g_strdup ("<?xml version=\"1.0\"?>\n"
                         "<!DOCTYPE TEI [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\n"
                         "<TEI xmlns=\"http://www.tei-c.org/ns/1.0\"><p>&xxe;</p></TEI>\n");
  assert_refused (f, xxe_passwd, -1, ATTEST_ERROR, ATTEST_ERROR_FORMAT, "entities");
  {
    g_autoptr(GError) error = NULL;

    g_assert_false (import_string (f->store, xxe, -1, NULL, &error));
    g_assert_null (strstr (error->message, "TOP-SECRET"));
    g_clear_error (&error);
    g_assert_false (import_string (f->store, xxe_passwd, -1, NULL, &error));
    g_assert_null (strstr (error->message, "root:"));
  }

  /* An external DTD, local or on the network, is never fetched: the
   * entity it would declare stays unknown. */
  external = g_strdup_printf ("<?xml version=\"1.0\"?>\n"
                              "<!DOCTYPE teiCorpus SYSTEM \"file://%s\">\n"
                              "<teiCorpus xmlns=\"http://www.tei-c.org/ns/1.0\">&x;</teiCorpus>\n",
                              dtd_path);
  assert_refused (f, external, -1, ATTEST_ERROR, ATTEST_ERROR_FORMAT, NULL);
  started = g_get_monotonic_time ();
  assert_refused (f,
                  "<?xml version=\"1.0\"?>\n"
                  "<!DOCTYPE teiCorpus SYSTEM \"http://192.0.2.1/tei_all.dtd\">\n"
                  "<teiCorpus xmlns=\"http://www.tei-c.org/ns/1.0\">&x;</teiCorpus>\n",
                  -1, ATTEST_ERROR, ATTEST_ERROR_FORMAT, NULL);
  /* 192.0.2.1 is TEST-NET-1, where nothing answers: a fetch would hang
   * for minutes, until the connection timed out. */
  g_assert_cmpint (g_get_monotonic_time () - started, <, 20 * G_TIME_SPAN_SECOND);

  /* Billion laughs: refused at the first declaration, long before any
   * expansion (10^9 "lol"s would be gigabytes). */
  {
    GString *s = g_string_new ("<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n<!ENTITY lol0 \"lol\">\n");

    for (int i = 1; i <= 9; i++)
      {
        g_string_append_printf (s, "<!ENTITY lol%d \"", i);
        for (int k = 0; k < 10; k++)
          g_string_append_printf (s, "&lol%d;", i - 1);
        g_string_append (s, "\">\n");
      }
    g_string_append (s, "]>\n<teiCorpus xmlns=\"http://www.tei-c.org/ns/1.0\">&lol9;</teiCorpus>\n");
    laughs = g_string_free (s, FALSE);
  }
  started = g_get_monotonic_time ();
  assert_refused (f, laughs, -1, ATTEST_ERROR, ATTEST_ERROR_FORMAT, "entities");
  g_test_message ("billion laughs refused in %.3f s",
                  (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC);
}

/* Refusals are reported through GError only: libxml2 prints nothing. */
static void
test_quiet (Fixture       *f,
            gconstpointer  data)
{
  if (g_test_subprocess ())
    {
      g_autoptr(GError) error = NULL;
      const char *bad[] = {
        "<teiCorpus xmlns=\"http://www.tei-c.org/ns/1.0\"><teiHeader>",
        "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY a \"b\">]><x>&a;</x>",
        "<x>&undefined;</x>",
        "<TEI xmlns=\"http://www.tei-c.org/ns/1.0\" xmlns:bad=\"not a uri\"><bad:x/></TEI>",
        "\xff\xfe<",
        "<a></b>",
      };

      for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
        {
          g_clear_error (&error);
          g_assert_false (import_string (f->store, bad[i], -1, NULL, &error));
          g_assert_nonnull (error);
          g_clear_error (&error);
          g_assert_false (check_string (bad[i], &error));
        }
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stderr ("");
}

static void
count_progress (guint    done,
                guint    total,
                gpointer user_data)
{
  GArray *seen = user_data;

  g_array_append_val (seen, done);
  g_assert_cmpuint (done, <=, total);
  g_assert_cmpuint (total, ==, 6);
}

static void
cancel_after_first (guint    done,
                    guint    total,
                    gpointer user_data)
{
  if (done == 1)
    g_cancellable_cancel (user_data);
}

static void
test_progress_and_cancel (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GArray) seen = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *out_path = tmp_path (f, "out.xml");
  g_autofree char *copy_path = tmp_path (f, "copy.db");
  g_autoptr(GFile) out = g_file_new_for_path (out_path);
  g_autoptr(AttestStore) copy = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *xml = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GInputStream) in = NULL;

  annotate_rich (f->store);

  /* Progress: one call per document, in order. */
  g_assert_true (attest_tei_writer_write_file (f->store, NULL, out, NULL, count_progress, seen,
                                               NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (seen->len, ==, 6);
  for (guint i = 0; i < seen->len; i++)
    g_assert_cmpuint (g_array_index (seen, guint, i), ==, i + 1);
  g_assert_true (g_file_get_contents (out_path, &xml, NULL, NULL));

  /* A cancelled export leaves the file it would have replaced alone. */
  g_assert_false (attest_tei_writer_write_file (f->store, NULL, out, NULL, cancel_after_first,
                                                cancellable, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_true (g_file_get_contents (out_path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, xml);

  /* Import: progress per document, and a cancelled import writes nothing. */
  g_array_set_size (seen, 0);
  copy = open_store (copy_path);
  in = g_memory_input_stream_new_from_data (g_strdup (xml), strlen (xml), g_free);
  g_assert_true (attest_tei_reader_import (copy, in, "out.xml", NULL, count_progress, seen, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (seen->len, ==, 6);
  g_clear_object (&copy);
  remove_db (copy_path);

  copy = open_store (copy_path);
  before = db_dump (copy_path);
  g_cancellable_reset (cancellable);
  g_clear_object (&in);
  in = g_memory_input_stream_new_from_data (g_strdup (xml), strlen (xml), g_free);
  g_assert_false (attest_tei_reader_import (copy, in, "out.xml", NULL, cancel_after_first,
                                            cancellable, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  after = db_dump (copy_path);
  g_assert_cmpstr (after, ==, before);
}

static void
test_check (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *xml = NULL;
  g_autofree char *bad = NULL;
  g_autofree char *source = NULL;

  annotate_rich (f->store);
  xml = export_to_string (f->store, NULL, NULL);
  g_assert_true (check_string (xml, &error));
  g_assert_no_error (error);

  source = first_value (xml, "<span ", "source");
  bad = replace_first (xml, source, "#s-00000000-0000-4000-8000-000000000000");
  g_assert_false (check_string (bad, &error));
  g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_FORMAT);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/tei/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("bad-inputs", test_bad_inputs);
  ADD ("hostile-xml", test_hostile_xml);
  ADD ("quiet", test_quiet);
  ADD ("check", test_check);
  ADD ("progress-and-cancel", test_progress_and_cancel);
#undef ADD

  return g_test_run ();
}
