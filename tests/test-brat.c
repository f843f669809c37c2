/* test-brat.c — brat standoff export and import (attest-format-brat.c):
 * exact lines for known claims of the sample articles, a round trip that
 * gives the same files byte for byte, and every hostile input refused
 * with its exact message and nothing imported. */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "attest-error.h"
#include "attest-exchange.h"
#include "attest-format-brat.h"
#include "attest-test-exchange.h"

typedef AttestTestExchange Fixture;

/* The comment on the samples' "regional operational group" claim, with
 * the characters this format must escape. */
#define GROUP_COMMENT "tab\there,\nnew line, back\\slash"

static const char expected_226[] =
  "T1\tdebt-deal 30 55;57 120\titor Volume: 2 Issue: 226 Russia has long expressed concern about the rising security ris\n"
  "A1\tStatus T1 draft\n"
  "T2\tcounter-narcotics 831 857\tregional operational group\n"
  "A2\tStatus T2 accepted\n"
  "A3\tCertainty T2 high\n"
  "#1\tAnnotatorNotes T2\ttab\\there,\\nnew line, back\\\\slash\n"
  "#2\tSource T2\tRegnum, Moscow, November 30\n"
  "#3\tAttestSource T2\t{\"id\":\"urn:uuid:REGNUM\",\"label\":\"Regnum, Moscow, November 30\",\"outside\":false,"
  "\"outlet\":\"Regnum\",\"place\":\"Moscow\",\"date\":\"November 30\",\"when\":\"--11-30\"}\n";

static const char expected_conf[] =
  "# Written by Attest: the claim categories and their attributes.\n"
  "[entities]\n"
  "border-security\n"
  "counter-narcotics\n"
  "debt-deal\n"
  "\n[relations]\n\n<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>\n"
  "\n[events]\n\n[attributes]\n\n"
  "Status\tArg:<ENTITY>, Value:draft|accepted|rejected\n"
  "Certainty\tArg:<ENTITY>, Value:low|medium|high|unknown\n";

/* calls[0]: how many, calls[1]: the last total. */
static void
count_progress (guint    done,
                guint    total,
                gpointer user_data)
{
  guint *calls = user_data;

  g_assert_cmpuint (done, ==, calls[0] + 1);
  calls[0]++;
  calls[1] = total;
}

static void
test_export_samples (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *folder = attest_test_exchange_file (f, "out");
  g_autofree char *ann_path = g_build_filename (folder, "eurasia-daily-monitor-226.ann", NULL);
  g_autofree char *txt_path = g_build_filename (folder, "eurasia-daily-monitor-226.txt", NULL);
  g_autofree char *conf_path = g_build_filename (folder, "annotation.conf", NULL);
  g_autofree char *other_path = g_build_filename (folder, "eurasia-daily-monitor-79.ann", NULL);
  g_autofree char *ann = NULL;
  g_autofree char *txt = NULL;
  g_autofree char *conf = NULL;
  g_autofree char *other = NULL;
  g_autoptr(AttestDocument) d0 = attest_test_read_sample (attest_test_samples[0]);
  g_autoptr(GDir) dir = NULL;
  AttestExportCounts counts = { 0 };
  guint n_files = 0;

  attest_test_exchange_annotate (f->store, GROUP_COMMENT, NULL);
  {
    g_autoptr(GFile) file = g_file_new_for_path (folder);
    g_autoptr(GError) error = NULL;
    guint calls[2] = { 0, 0 };

    g_assert_true (attest_brat_export (f->store, NULL, file, &counts, count_progress, calls, NULL, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (calls[0], ==, 5);
    g_assert_cmpuint (calls[1], ==, 5);
  }
  g_assert_cmpuint (counts.documents, ==, 5);
  g_assert_cmpuint (counts.claims, ==, 3);

  ann = attest_test_exchange_name_sources (f->store, attest_test_read_file (ann_path));
  txt = attest_test_read_file (txt_path);
  conf = attest_test_read_file (conf_path);
  other = attest_test_exchange_name_sources (f->store, attest_test_read_file (other_path));
  g_assert_cmpstr (ann, ==, expected_226);
  g_assert_cmpstr (txt, ==, d0->text);
  g_assert_cmpstr (conf, ==, expected_conf);
  g_assert_cmpstr (other, ==, "T1\tborder-security 139 144\tTajik\n"
                              "A1\tStatus T1 draft\n"
                              "#1\tSource T1\tOutside Wire, Paris\n"
                              "#2\tAttestSource T1\t{\"id\":\"urn:uuid:OUTSIDE-WIRE\",\"label\":\"Outside Wire, Paris\","
                              "\"outside\":true,\"outlet\":\"Outside Wire\",\"place\":\"Paris\"}\n");

  dir = g_dir_open (folder, 0, NULL);
  while (g_dir_read_name (dir))
    n_files++;
  g_assert_cmpuint (n_files, ==, 11);
}

static gint
compare_lines (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* Claims as comparable lines, in document text and offset order. */
static char *
dup_claims (AttestStore *store)
{
  g_autoptr(GPtrArray) docs = NULL;
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) out = g_string_new (NULL);

  docs = attest_store_list_documents (store, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < docs->len; i++)
    {
      AttestDocument *doc = g_ptr_array_index (docs, i);
      g_autoptr(GPtrArray) claims = attest_store_list_claims (store, &(AttestClaimFilter) { .document = doc->uuid }, &error);

      g_assert_no_error (error);
      for (guint k = 0; k < claims->len; k++)
        {
          AttestClaim *c = g_ptr_array_index (claims, k);

          g_ptr_array_add (lines, g_strdup_printf ("%s %" G_GINT64_FORMAT " %" G_GINT64_FORMAT " %s %s %s %s “%s”",
                                                   doc->sha256, c->start, c->end, c->category, c->status,
                                                   c->certainty ? c->certainty : "-",
                                                   c->comment ? c->comment : "-", c->quote));
        }
    }
  g_ptr_array_sort (lines, compare_lines);
  for (guint i = 0; i < lines->len; i++)
    g_string_append_printf (out, "%s\n", (char *) g_ptr_array_index (lines, i));
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
assert_same_folders (const char *a,
                     const char *b)
{
  g_autoptr(GDir) dir = g_dir_open (a, 0, NULL);
  const char *name;
  guint n = 0, m = 0;

  while ((name = g_dir_read_name (dir)))
    {
      g_autofree char *pa = g_build_filename (a, name, NULL);
      g_autofree char *pb = g_build_filename (b, name, NULL);
      g_autofree char *ca = attest_test_read_file (pa);
      g_autofree char *cb = attest_test_read_file (pb);

      g_assert_cmpstr (ca, ==, cb);
      n++;
    }
  g_clear_pointer (&dir, g_dir_close);
  dir = g_dir_open (b, 0, NULL);
  while (g_dir_read_name (dir))
    m++;
  g_assert_cmpuint (n, ==, m);
}

/* Sources travel whole: two outside sources of one label stay two, with
 * their ids and addresses, beside the article's source; a second export
 * gives the same bytes. */
static gboolean
import_file (AttestStore *store,
             GFile       *file,
             GError     **error)
{
  return attest_brat_import (store, file, NULL, NULL, error);
}

static void
test_round_trip_sources (Fixture       *f,
                         gconstpointer  data)
{
  attest_test_exchange_round_trip_sources (f, attest_brat_export, import_file, "");
}

static void
test_round_trip (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *first = attest_test_exchange_file (f, "first");
  g_autofree char *second = attest_test_exchange_file (f, "second");
  g_autofree char *copy_path = attest_test_exchange_file (f, "copy.db");
  g_autoptr(AttestStore) copy = attest_test_exchange_open_store (copy_path);
  g_autoptr(GFile) folder = g_file_new_for_path (first);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) cats_a = NULL;
  g_autoptr(GPtrArray) cats_b = NULL;
  g_autofree char *claims_a = NULL;
  g_autofree char *claims_b = NULL;
  g_autoptr(GPtrArray) sources = NULL;
  AttestImportCounts counts = { 0 };

  attest_test_exchange_annotate (f->store, GROUP_COMMENT, NULL);
  attest_test_exchange_export (attest_brat_export, f->store, first, NULL, NULL);

  g_assert_true (attest_brat_import (copy, folder, &counts, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (counts.documents_added, ==, 5);
  g_assert_cmpuint (counts.claims_added, ==, 3);
  g_assert_cmpuint (counts.changes_added, ==, 3);
  attest_test_exchange_export (attest_brat_export, copy, second, NULL, NULL);
  assert_same_folders (first, second);

  /* Each imported claim's history starts with its creation, by the
   * importing annotator, naming its category. */
  {
    g_autoptr(GPtrArray) history = attest_store_list_history (copy, NULL, &error);
    guint created = 0;

    g_assert_no_error (error);
    for (guint i = 0; i < history->len; i++)
      {
        AttestHistoryEntry *e = g_ptr_array_index (history, i);

        if (g_str_equal (e->entity, "claim"))
          {
            g_assert_cmpstr (e->action, ==, "create");
            g_assert_cmpstr (e->annotator, ==, attest_store_get_annotator (copy));
            g_assert_nonnull (e->new_value);
            created++;
          }
      }
    g_assert_cmpuint (created, ==, 3);
  }

  claims_a = dup_claims (f->store);
  claims_b = dup_claims (copy);
  g_assert_cmpstr (claims_a, ==, claims_b);

  /* The categories used, with their keys; the copy's are its defaults. */
  cats_a = attest_store_list_categories (f->store, TRUE, &error);
  g_assert_no_error (error);
  cats_b = attest_store_list_categories (copy, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cats_a->len, ==, cats_b->len);

  /* The outside source came back as one, with its label. */
  sources = attest_store_list_sources (copy, NULL, &error);
  g_assert_no_error (error);
  {
    gboolean found = FALSE;

    for (guint i = 0; i < sources->len; i++)
      {
        AttestSource *s = g_ptr_array_index (sources, i);
        g_autofree char *label = attest_source_dup_label (s);

        found |= g_str_equal (label, "Outside Wire, Paris");
      }
    g_assert_true (found);
  }

  /* Into the database it came from: the articles are matched by text,
   * the claims found there already. */
  memset (&counts, 0, sizeof counts);
  g_assert_true (attest_brat_import (f->store, folder, &counts, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (counts.documents_added, ==, 0);
  g_assert_cmpuint (counts.documents_existing, ==, 5);
  g_assert_cmpuint (counts.claims_added, ==, 0);
  g_assert_cmpuint (counts.claims_existing, ==, 3);
  g_clear_pointer (&claims_b, g_free);
  claims_b = dup_claims (f->store);
  g_assert_cmpstr (claims_a, ==, claims_b);

  /* Another annotator's are theirs. */
  g_assert_true (attest_store_set_annotator (f->store, "Boris Curator", NULL));
  memset (&counts, 0, sizeof counts);
  g_assert_true (attest_brat_import (f->store, folder, &counts, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (counts.claims_added, ==, 3);
  g_assert_finalize_object (g_steal_pointer (&copy));
}

/* A claim that ends on a line break: brat cannot hold the break, so the
 * export leaves it out, and importing the folder back into the same
 * database finds the claim (it added a second one). */
static void
test_line_break_ends (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(AttestDocument) d0 = attest_test_import_sample (f->store, attest_test_samples[0], NULL);
  g_autofree char *folder = attest_test_exchange_file (f, "breaks");
  g_autoptr(GFile) file = g_file_new_for_path (folder);
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestClaim) claim = NULL;
  AttestImportCounts counts = { 0 };
  gint64 end = attest_document_find (d0, "Central Asia.\n", 0) + 14;

  g_assert_cmpint (end, ==, 956);
  claim = attest_test_add_claim (f->store, d0->uuid, end - 14, end, "counter-narcotics");
  g_assert_cmpstr (claim->quote, ==, "Central Asia.\n");
  attest_test_exchange_export (attest_brat_export, f->store, folder, NULL, NULL);
  g_assert_true (attest_brat_import (f->store, file, &counts, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (counts.claims_added, ==, 0);
  g_assert_cmpuint (counts.claims_existing, ==, 1);
}

/* A type no category has: a new category, its label from the type. */
static void
test_new_category (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *txt = attest_test_exchange_file (f, "a.txt");
  g_autofree char *ann = attest_test_exchange_file (f, "a.ann");
  g_autoptr(GFile) file = g_file_new_for_path (ann);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) cats = NULL;
  AttestImportCounts counts = { 0 };
  gboolean found = FALSE;

  attest_test_write_file (txt, "Troops moved north.\n", -1);
  attest_test_write_file (ann, "T1\tTroop_Movement 0 12\tTroops moved\nA1\tStatus T1 rejected\n", -1);
  g_assert_true (attest_brat_import (f->store, file, &counts, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (counts.categories_added, ==, 1);
  cats = attest_store_list_categories (f->store, TRUE, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < cats->len; i++)
    {
      AttestCategory *c = g_ptr_array_index (cats, i);

      if (g_str_equal (c->key, "troop-movement"))
        {
          g_assert_cmpstr (c->label, ==, "Troop Movement");
          g_assert_cmpint (c->claim_count, ==, 1);
          found = TRUE;
        }
    }
  g_assert_true (found);
}

/* brat counts the CR of CRLF and a BOM; Attest keeps neither. An .ann
 * saved with a BOM of its own reads the same. */
static void
test_crlf (Fixture       *f,
           gconstpointer  data)
{
  g_autofree char *txt = attest_test_exchange_file (f, "crlf.txt");
  g_autofree char *ann = attest_test_exchange_file (f, "crlf.ann");
  g_autoptr(GFile) file = g_file_new_for_path (ann);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) docs = NULL;
  g_autoptr(GPtrArray) claims = NULL;
  g_autoptr(AttestDocument) full = NULL;
  AttestDocument *doc;
  AttestClaim *c;

  attest_test_write_file (txt, "\xEF\xBB\xBFHello world.\r\nSecond line, caf\xC3\xA9 \xF0\x9F\x98\x80.\r\n", -1);
  attest_test_write_file (ann, "\xEF\xBB\xBFT1\ttraining 15 21\tSecond\r\nT2\ttraining 33 35\t\xF0\x9F\x98\x80.\r\n", -1);
  g_assert_true (attest_brat_import (f->store, file, NULL, NULL, &error));
  g_assert_no_error (error);
  docs = attest_store_list_documents (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (docs->len, ==, 1);
  full = attest_store_get_document (f->store, ((AttestDocument *) g_ptr_array_index (docs, 0))->uuid, &error);
  g_assert_no_error (error);
  doc = full;
  g_assert_cmpstr (doc->text, ==, "Hello world.\nSecond line, caf\xC3\xA9 \xF0\x9F\x98\x80.\n");
  claims = attest_store_list_claims (f->store, &(AttestClaimFilter) { .document = doc->uuid }, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (claims->len, ==, 2);
  c = g_ptr_array_index (claims, 0);
  g_assert_cmpint (c->start, ==, 13);
  g_assert_cmpint (c->end, ==, 19);
  g_assert_cmpstr (c->quote, ==, "Second");
  c = g_ptr_array_index (claims, 1);
  g_assert_cmpint (c->start, ==, 31);
  g_assert_cmpint (c->end, ==, 33);
  g_assert_cmpstr (c->quote, ==, "\xF0\x9F\x98\x80.");
}

typedef struct {
  const char *name;
  const char *txt;
  gssize      txt_len;
  const char *ann;
  gssize      ann_len;
  const char *message;
} Hostile;

#define TXT "Hello world.\nSecond line here.\n"
/* 1,001 characters: one more than a source's label may have. */
#define LONG_LABEL_100 "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
#define LONG_LABEL LONG_LABEL_100 LONG_LABEL_100 LONG_LABEL_100 LONG_LABEL_100 LONG_LABEL_100 \
                   LONG_LABEL_100 LONG_LABEL_100 LONG_LABEL_100 LONG_LABEL_100 LONG_LABEL_100 "x"

static const Hostile hostile[] = {
  { "past-the-text", TXT, -1, "T1\tx 0 5\tHello\nT2\tx 20 40\tline here.\n", -1,
    "h.ann:2: the offset 40 is past the end of the text (31 characters)" },
  { "quote-differs", TXT, -1, "T1\tx 0 5\tHallo\n", -1,
    "h.ann:1: the text “Hallo” of T1 does not match the text at its offsets: “Hello”" },
  { "negative", TXT, -1, "T1\tx -1 5\tHello\n", -1,
    "h.ann:1: “-1” is not an offset (a number of characters from 0)" },
  { "overflow", TXT, -1, "T1\tx 0 18446744073709551617\tHello\n", -1,
    "h.ann:1: the offset 18446744073709551617 is past the end of the text (31 characters)" },
  { "plus-sign", TXT, -1, "T1\tx +0 5\tHello\n", -1,
    "h.ann:1: “+0” is not an offset (a number of characters from 0)" },
  { "reversed", TXT, -1, "T1\tx 5 0\tHello\n", -1,
    "h.ann:1: the span 5–0 is empty or reversed" },
  { "discontinuous", TXT, -1, "T1\tx 0 5;13 19\tHello Second\n", -1,
    "h.ann:1: T1 is a discontinuous span with text between its fragments: a claim is one stretch of text" },
  { "fragments-backwards", TXT, -1, "T1\tx 13 19;0 5\tSecond Hello\n", -1,
    "h.ann:1: the fragments of T1 overlap or are out of order" },
  { "malformed", TXT, -1, "T1\tx 0 5\tHello\nthis is not brat\n", -1,
    "h.ann:2: “this is not brat” does not start with an annotation id such as T1" },
  { "no-text-field", TXT, -1, "T1\tx 0 5\n", -1,
    "h.ann:1: a text-bound annotation needs an id, a type with offsets, and its text, separated by tabs" },
  { "no-offsets", TXT, -1, "T1\tx\tHello\n", -1,
    "h.ann:1: “x” is not a type followed by offsets" },
  { "bad-type", TXT, -1, "T1\t9lives 0 5\tHello\n", -1,
    "h.ann:1: the type “9lives” cannot be a category key (letters, digits and hyphens, starting with a letter)" },
  { "twice", TXT, -1, "T1\tx 0 5\tHello\nT1\tx 0 5\tHello\n", -1,
    "h.ann:2: the id T1 is used twice" },
  { "unknown-target", TXT, -1, "T1\tx 0 5\tHello\nA1\tStatus T9 accepted\n", -1,
    "h.ann:2: “T9” is not a text-bound annotation of this file" },
  { "bad-status", TXT, -1, "T1\tx 0 5\tHello\nA1\tStatus T1 maybe\n", -1,
    "h.ann:2: “maybe” is not a status (draft, accepted or rejected)" },
  { "bad-certainty", TXT, -1, "T1\tx 0 5\tHello\nA1\tCertainty T1 sure\n", -1,
    "h.ann:2: “sure” is not a certainty (low, medium, high or unknown)" },
  { "second-status", TXT, -1, "T1\tx 0 5\tHello\nA1\tStatus T1 draft\nA2\tStatus T1 accepted\n", -1,
    "h.ann:3: T1 has a second Status" },
  { "other-attribute", TXT, -1, "T1\tx 0 5\tHello\nA1\tNegated T1 yes\n", -1,
    "h.ann:2: the attribute “Negated” has no place in Attest (only Status and Certainty)" },
  { "relation", TXT, -1, "T1\tx 0 5\tHello\nR1\tCites Arg1:T1 Arg2:T1\n", -1,
    "h.ann:2: relations and events (R1) have no place in Attest: only text-bound annotations become claims" },
  { "other-note", TXT, -1, "T1\tx 0 5\tHello\n#1\tTodo T1\tcheck\n", -1,
    "h.ann:2: the note type “Todo” has no place in Attest (only AnnotatorNotes, Source and AttestSource)" },
  { "ann-not-utf8", TXT, -1, "T1\tx 0 5\tHello\nT2\tx 0 5\tHel\xC3\x28o\n", -1,
    "h.ann:2: the annotations are not UTF-8 (or hold a NUL byte)" },
  { "txt-not-utf8", "Hello\nw\xFForld\n", -1, "T1\tx 0 5\tHello\n", -1,
    "h.txt:2: the text is not UTF-8 (or holds a NUL byte)" },
  { "binary-txt", "\x7f" "ELF\x02\x01\x01\0\0\0", 10, "T1\tx 0 3\tELF\n", -1,
    "h.txt:1: the text is not UTF-8 (or holds a NUL byte)" },
  { "binary-ann", TXT, -1, "T1\tx 0 5\tHello\0\0\0", 17,
    "h.ann:1: the annotations are not UTF-8 (or hold a NUL byte)" },
  { "empty-text", "", -1, "", -1, "h.txt: the text is empty" },
  { "terminal-escape", TXT, -1, "\x1b]0;pwned\x07\n", -1,
    "h.ann:1: “\\x1b]0;pwned\\x07” does not start with an annotation id such as T1" },
  /* A source's fields, checked by the shared writer: the message names
   * the note's own line, not its claim's. */
  { "source-url", TXT, -1,
    "T1\tx 0 5\tHello\nA1\tStatus T1 draft\n#1\tSource T1\tWire\n#2\tAttestSource T1\t{\"id\":\"urn:uuid:"
    "5e1d2c3b-4a59-4687-9a0b-1c2d3e4f5a6b\",\"label\":\"Wire\",\"outside\":true,\"outlet\":\"Wire\","
    "\"url\":\"javascript:alert(1)\"}\n", -1,
    "h.ann, line 4: “javascript:alert(1)” is not a web address: a source's address starts with http:// or "
    "https://, names a host and holds no spaces" },
  { "source-id-number", TXT, -1,
    "T1\tx 0 5\tHello\n#1\tAttestSource T1\t{\"id\":5,\"label\":\"Wire\",\"outside\":true}\n", -1,
    "h.ann:2: the source “Wire” has the id 5, not “urn:uuid:” and a UUID" },
  { "source-date", TXT, -1,
    "T1\tx 0 5\tHello\nA1\tStatus T1 draft\n#1\tAttestSource T1\t{\"id\":\"urn:uuid:"
    "5e1d2c3b-4a59-4687-9a0b-1c2d3e4f5a6b\",\"label\":\"Wire\",\"outside\":true,\"outlet\":\"Wire\","
    "\"when\":\"2005-13-40\"}\n#2\tAnnotatorNotes T1\tlater note\n", -1,
    "h.ann, line 3: the source “Wire” has the date “2005-13-40”, not YYYY-MM-DD, YYYY-MM or --MM-DD" },
  { "source-label-long", TXT, -1,
    "T1\tx 0 5\tHello\n#1\tAnnotatorNotes T1\tnote\n#2\tSource T1\t" LONG_LABEL "\n", -1,
    "h.ann, line 3: A source is longer than 1000 characters" },
  /* What annotating in the window refuses, checked by the shared writer. */
  { "only-white-space", TXT, -1, "T1\tx 5 6\t \n", -1,
    "h.ann, line 1: The range 5:6 holds only white space" },
  { "accent-split", "Cafe\xCC\x81 open.\n", -1, "T1\tx 0 4\tCafe\n", -1,
    "h.ann, line 1: The range 0:4 is not on a character boundary (it splits a letter from its accent)" },
  { "only-a-cr", "Hello\r\nworld\n", -1, "T1\tx 5 6\t\r\n", -1,
    "h.ann:1: the text “” of T1 does not match the text at its offsets: “\\r”" },
};

/* Each refused with its message, by attest_brat_check() and by an import
 * that leaves the database as it was. */
static void
test_hostile (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *txt = attest_test_exchange_file (f, "h.txt");
  g_autofree char *ann = attest_test_exchange_file (f, "h.ann");
  g_autoptr(GFile) file = g_file_new_for_path (ann);

  for (guint i = 0; i < G_N_ELEMENTS (hostile); i++)
    {
      const Hostile *h = &hostile[i];
      gsize txt_len = h->txt_len < 0 ? strlen (h->txt) : (gsize) h->txt_len;
      gsize ann_len = h->ann_len < 0 ? strlen (h->ann) : (gsize) h->ann_len;
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) docs = NULL;

      g_test_message ("%s", h->name);
      g_assert_false (attest_brat_check (h->txt, txt_len, h->ann, ann_len, "h.ann", &error));
      g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_FORMAT);
      g_assert_cmpstr (error->message, ==, h->message);
      g_clear_error (&error);

      attest_test_write_file (txt, h->txt, txt_len);
      attest_test_write_file (ann, h->ann, ann_len);
      g_assert_false (attest_brat_import (f->store, file, NULL, NULL, &error));
      g_assert_cmpstr (error->message, ==, h->message);
      docs = attest_store_list_documents (f->store, NULL);
      g_assert_cmpuint (docs->len, ==, 0);
    }
}

/* Fragments with only white space between them are one claim: what brat
 * makes of a span over a line break. */
static void
test_fragments_joined (Fixture       *f,
                       gconstpointer  data)
{
  static const char ann[] = "T1\tx 6 12;13 19\tworld. Second\n";
  /* As brat reads it: an attribute or a note before its annotation. */
  static const char before[] = "A1\tStatus T1 accepted\n#1\tAnnotatorNotes T1\tnote\nT1\tx 0 5\tHello\n";
  g_autoptr(GError) error = NULL;
  gboolean ok = attest_brat_check (TXT, strlen (TXT), ann, strlen (ann), "h.ann", &error);

  g_assert_no_error (error);
  g_assert_true (ok);
  ok = attest_brat_check (TXT, strlen (TXT), before, strlen (before), "h.ann", &error);
  g_assert_no_error (error);
  g_assert_true (ok);
}

/* Lines that would make the import copy or walk much more than their
 * own length: refused before. */
static void
test_costly_lines (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *long_text = g_strnfill (5000, 'a');
  g_autofree char *spaced = g_strdup_printf ("Hello%*sworld\n", 4100, "");
  g_autoptr(GError) error = NULL;
  static const char wide[] = "T1\tx 0 5000\taaa\n";
  static const char far[] = "T1\tx 0 5;4105 4110\tHello world\n";

  g_assert_false (attest_brat_check (long_text, 5000, wide, strlen (wide), "h.ann", &error));
  g_assert_cmpstr (error->message, ==, "h.ann:1: the text of T1 has 3 bytes, the text at its offsets more than 4099");
  g_clear_error (&error);
  g_assert_false (attest_brat_check (spaced, strlen (spaced), far, strlen (far), "h.ann", &error));
  g_assert_cmpstr (error->message, ==, "h.ann:1: T1 is a discontinuous span with text between its fragments: "
                                       "a claim is one stretch of text");
}

/* A cancelled export leaves nothing; an empty folder is filled. */
static void
test_export_in_place (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *folder = attest_test_exchange_file (f, "out");
  g_autofree char *conf = g_build_filename (folder, "annotation.conf", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (folder);
  g_autoptr(GCancellable) cancelled = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = NULL;
  const char *name;
  guint n = 0;

  attest_test_exchange_annotate (f->store, GROUP_COMMENT, NULL);
  g_cancellable_cancel (cancelled);
  g_assert_false (attest_brat_export (f->store, NULL, file, NULL, NULL, NULL, cancelled, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_false (g_file_test (folder, G_FILE_TEST_EXISTS));

  /* The empty folder named is the one filled: its owner, permissions and
   * place stay (a shared folder, the current one). */
  g_assert_cmpint (g_mkdir (folder, 0750), ==, 0);
  {
    GStatBuf before, after;

    g_assert_cmpint (g_stat (folder, &before), ==, 0);
    attest_test_exchange_export (attest_brat_export, f->store, folder, NULL, NULL);
    g_assert_cmpint (g_stat (folder, &after), ==, 0);
    g_assert_cmpuint (before.st_ino, ==, after.st_ino);
    g_assert_cmpuint (after.st_mode & 0777, ==, 0750);
  }
  g_assert_true (g_file_test (conf, G_FILE_TEST_IS_REGULAR));

  /* Nothing but the database and the export beside it. */
  dir = g_dir_open (f->dir, 0, NULL);
  while ((name = g_dir_read_name (dir)))
    {
      g_test_message ("%s", name);
      g_assert_true (g_str_has_prefix (name, "source.db") || g_str_equal (name, "out"));
      n++;
    }
  g_assert_cmpuint (n, >=, 2);
}

/* A .txt that is a link to a file elsewhere is not read. */
static void
test_link (Fixture       *f,
           gconstpointer  data)
{
  g_autofree char *secret = attest_test_exchange_file (f, "secret");
  g_autofree char *txt = attest_test_exchange_file (f, "link.txt");
  g_autofree char *ann = attest_test_exchange_file (f, "link.ann");
  g_autoptr(GFile) file = g_file_new_for_path (ann);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) docs = NULL;

  attest_test_write_file (secret, "Hello world.\n", -1);
  g_assert_cmpint (symlink (secret, txt), ==, 0);
  attest_test_write_file (ann, "T1\tx 0 5\tHello\n", -1);
  g_assert_false (attest_brat_import (f->store, file, NULL, NULL, &error));
  g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_IO);
  g_assert_cmpstr (error->message, ==, "link.txt: not a regular file");
  docs = attest_store_list_documents (f->store, NULL);
  g_assert_cmpuint (docs->len, ==, 0);
}

/* A file larger than the limit is refused before it is read. */
static void
test_huge (Fixture       *f,
           gconstpointer  data)
{
  g_autofree char *txt = attest_test_exchange_file (f, "big.txt");
  g_autofree char *ann = attest_test_exchange_file (f, "big.ann");
  g_autoptr(GFile) file = g_file_new_for_path (ann);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) docs = NULL;
  FILE *out;

  attest_test_write_file (txt, TXT, -1);
  out = g_fopen (ann, "w");
  g_assert_nonnull (out);
  g_assert_cmpint (ftruncate (fileno (out), (off_t) ATTEST_BRAT_MAX_ANN_BYTES + 1), ==, 0);
  fclose (out);
  g_assert_false (attest_brat_import (f->store, file, NULL, NULL, &error));
  g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_TOO_LARGE);
  g_assert_cmpstr (error->message, ==, "big.ann: 67108865 bytes, larger than the 67108864 a brat file may have");
  docs = attest_store_list_documents (f->store, NULL);
  g_assert_cmpuint (docs->len, ==, 0);
}

/* Two articles, the second bad: neither is imported. */
static void
test_all_or_nothing (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *folder = attest_test_exchange_file (f, "in");
  g_autofree char *a_txt = g_build_filename (folder, "a.txt", NULL);
  g_autofree char *a_ann = g_build_filename (folder, "a.ann", NULL);
  g_autofree char *b_txt = g_build_filename (folder, "b.txt", NULL);
  g_autofree char *b_ann = g_build_filename (folder, "b.ann", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (folder);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) docs = NULL;

  g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);
  attest_test_write_file (a_txt, "First article.\n", -1);
  attest_test_write_file (a_ann, "T1\tnew-kind 0 5\tFirst\n", -1);
  attest_test_write_file (b_txt, "Second article.\n", -1);
  attest_test_write_file (b_ann, "T1\tnew-kind 0 6\tSecond\nT2\tnew-kind 7 99\tarticle.\n", -1);
  g_assert_false (attest_brat_import (f->store, file, NULL, NULL, &error));
  g_assert_cmpstr (error->message, ==, "b.ann:2: the offset 99 is past the end of the text (16 characters)");
  docs = attest_store_list_documents (f->store, NULL);
  g_assert_cmpuint (docs->len, ==, 0);

  /* The same text twice in a folder is one article: refused. */
  g_clear_error (&error);
  attest_test_write_file (b_txt, "First article.\n", -1);
  attest_test_write_file (b_ann, "", 0);
  g_assert_false (attest_brat_import (f->store, file, NULL, NULL, &error));
  g_assert_cmpstr (error->message, ==, "b.ann: the text is the same as another article's in the same import");
  g_clear_pointer (&docs, g_ptr_array_unref);
  docs = attest_store_list_documents (f->store, NULL);
  g_assert_cmpuint (docs->len, ==, 0);
}

/* Titles that would escape the folder, reserved and repeated ones. */
static void
test_file_names (Fixture       *f,
                 gconstpointer  data)
{
  static const char *titles[] = { "../../etc/passwd", "..", "CON", "Ünïcode — “quoted” title", "../../etc/passwd" };
  static const char *names[] = { "etc-passwd", "article", "article-con", "unicode-quoted-title", NULL };
  g_autofree char *folder = attest_test_exchange_file (f, "names");

  for (guint i = 0; i < G_N_ELEMENTS (titles); i++)
    {
      g_autoptr(AttestDocument) doc = attest_document_new ();
      g_autoptr(AttestDocument) stored = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *text = g_strdup_printf ("Article number %u.\n", i);

      attest_document_set_text (doc, text);
      doc->origin = g_strdup_printf ("a%u.txt", i);
      doc->format = g_strdup ("text");
      doc->encoding = g_strdup ("UTF-8");
      stored = attest_store_add_document (f->store, doc, NULL, &error);
      g_assert_no_error (error);
      g_assert_true (attest_store_set_document_field (f->store, stored->uuid, "title", titles[i], &error));
      g_assert_no_error (error);
    }
  attest_test_exchange_export (attest_brat_export, f->store, folder, NULL, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *text_sha = g_compute_checksum_for_string (G_CHECKSUM_SHA256, "Article number 4.\n", -1);
      /* The second "../../etc/passwd" gets its text's SHA-256. */
      g_autofree char *second = g_strdup_printf ("etc-passwd_%.8s", text_sha);
      g_autofree char *base = g_strconcat (names[i] ? names[i] : second, ".txt", NULL);
      g_autofree char *path = g_build_filename (folder, base, NULL);
      g_autofree char *text = g_strdup_printf ("Article number %u.\n", i);
      g_autofree char *contents = attest_test_read_file (path);

      g_assert_cmpstr (contents, ==, text);
    }

  /* A folder that is not empty is refused: old files would come back. */
  {
    g_autoptr(GFile) file = g_file_new_for_path (folder);
    g_autoptr(GError) error = NULL;
    g_autofree char *message = g_strdup_printf ("%s is not empty: this export goes into a new or empty folder",
                                                folder);

    g_assert_false (attest_brat_export (f->store, NULL, file, NULL, NULL, NULL, NULL, &error));
    g_assert_cmpstr (error->message, ==, message);
  }
}

/* The command line: export with a filter, import, and a refusal. */
static void
test_cli (Fixture       *f,
          gconstpointer  data)
{
  g_autofree char *folder = attest_test_exchange_file (f, "cli");
  g_autofree char *copy = attest_test_exchange_file (f, "cli-copy.db");
  g_autofree char *ann_path = g_build_filename (folder, "eurasia-daily-monitor-226.ann", NULL);
  g_autofree char *ann = NULL;
  g_autofree char *bad = attest_test_exchange_file (f, "bad.ann");
  g_autofree char *bad_txt = attest_test_exchange_file (f, "bad.txt");
  g_autofree char *message = NULL;

  attest_test_exchange_annotate (f->store, GROUP_COMMENT, NULL);
  g_assert_finalize_object (g_steal_pointer (&f->store));
  {
    g_auto(AttestTestRun) r = attest_test_cli (f->path, "export", "brat", "-o", folder, "--status", "accepted", NULL);

    g_assert_cmpint (r.status, ==, 0);
    g_assert_nonnull (strstr (r.out, "5 documents"));
    g_assert_nonnull (strstr (r.out, "1 claim."));
  }
  ann = attest_test_read_file (ann_path);
  g_assert_true (g_str_has_prefix (ann, "T1\tcounter-narcotics 831 857\tregional operational group\n"
                                        "A1\tStatus T1 accepted\n"
                                        "A2\tCertainty T1 high\n"
                                        "#1\tAnnotatorNotes T1\ttab\\there,\\nnew line, back\\\\slash\n"
                                        "#2\tSource T1\tRegnum, Moscow, November 30\n"
                                        "#3\tAttestSource T1\t{\"id\":\"urn:uuid:"));
  g_assert_true (g_str_has_suffix (ann, "\",\"label\":\"Regnum, Moscow, November 30\",\"outside\":false,"
                                        "\"outlet\":\"Regnum\",\"place\":\"Moscow\",\"date\":\"November 30\","
                                        "\"when\":\"--11-30\"}\n"));
  /* Beside the set (and brat's annotation.conf): an article without its
   * .ann, a page and a subfolder, which the import does not read, and a
   * hidden file (brat's .stats_cache), which is not named. */
  {
    g_autofree char *stray = g_build_filename (folder, "stray.txt", NULL);
    g_autofree char *page = g_build_filename (folder, "notes.html", NULL);
    g_autofree char *hidden = g_build_filename (folder, ".stats_cache", NULL);
    g_autofree char *sub = g_build_filename (folder, "old", NULL);
    g_autoptr(GFile) path = g_file_new_for_path (folder);
    g_auto(GStrv) left_out = NULL;
    g_autoptr(GError) error = NULL;

    attest_test_write_file (stray, "An article without annotations.\n", -1);
    attest_test_write_file (page, "<p>Notes.</p>\n", -1);
    attest_test_write_file (hidden, "x", -1);
    g_assert_cmpint (g_mkdir (sub, 0700), ==, 0);
    left_out = attest_exchange_list_left_out (path, ATTEST_EXCHANGE_BRAT, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (g_strv_length (left_out), ==, 3);
    g_assert_cmpstr (left_out[0], ==, "notes.html");
    g_assert_cmpstr (left_out[1], ==, "old/");
    g_assert_cmpstr (left_out[2], ==, "stray.txt");
    g_clear_pointer (&left_out, g_strfreev);
    /* Names are for showing: an escape sequence or a line break in one
     * becomes U+FFFD, a name that is not UTF-8 is shown as GLib shows it. */
    {
      g_autofree char *escape = g_build_filename (folder, "red\033[31m\nfake.txt", NULL);
      g_autofree char *latin = g_build_filename (folder, "caf\xe9.txt", NULL);

      attest_test_write_file (escape, "x", -1);
      attest_test_write_file (latin, "x", -1);
      left_out = attest_exchange_list_left_out (path, ATTEST_EXCHANGE_BRAT, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (g_strv_length (left_out), ==, 5);
      g_assert_cmpstr (left_out[0], ==, "caf\xef\xbf\xbd.txt");
      g_assert_cmpstr (left_out[3], ==, "red\xef\xbf\xbd[31m\xef\xbf\xbd" "fake.txt");
      for (guint i = 0; left_out[i]; i++)
        g_assert_true (g_utf8_validate (left_out[i], -1, NULL));
      g_clear_pointer (&left_out, g_strfreev);
      g_assert_cmpint (g_remove (escape), ==, 0);
      g_assert_cmpint (g_remove (latin), ==, 0);
    }
    /* One .ann named: nothing left out. */
    {
      g_autoptr(GFile) one = g_file_new_for_path (ann_path);

      left_out = attest_exchange_list_left_out (one, ATTEST_EXCHANGE_BRAT, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (g_strv_length (left_out), ==, 0);
    }
  }
  {
    g_auto(AttestTestRun) r = attest_test_cli (copy, "import-brat", folder, NULL);

    g_assert_cmpint (r.status, ==, 0);
    g_assert_true (g_str_has_prefix (r.out, "Left out, not part of the annotation set: notes.html\n"
                                            "Left out, not part of the annotation set: old/\n"
                                            "Left out, not part of the annotation set: stray.txt\n"));
    g_assert_nonnull (strstr (r.out, "5 documents imported, 1 claim"));
  }
  {
    g_auto(AttestTestRun) r = attest_test_cli (copy, "--json", "import-brat", folder, NULL);

    g_assert_cmpint (r.status, ==, 0);
    g_assert_nonnull (strstr (r.out, "  \"files_left_out\" : [\n"
                                     "    \"notes.html\",\n"
                                     "    \"old/\",\n"
                                     "    \"stray.txt\"\n"
                                     "  ]\n"));
  }
  attest_test_write_file (bad_txt, TXT, -1);
  attest_test_write_file (bad, "T1\tx 0 5\tHallo\n", -1);
  {
    g_auto(AttestTestRun) r = attest_test_cli (copy, "import-brat", bad, NULL);

    g_assert_cmpint (r.status, !=, 0);
    g_assert_cmpstr (r.err, ==, "attest-cli: bad.ann:1: the text “Hallo” of T1 does not match the text at its "
                                "offsets: “Hello”; nothing was imported\n");
  }
  /* import tells the set from an article: the folder comes in as brat
   * (nothing new the second time), the bad .ann is refused by name with
   * nothing of it kept, and the article beside them is read as one. */
  {
    g_autofree char *article = attest_test_exchange_file (f, "plain.txt");
    g_auto(AttestTestRun) r = (attest_test_write_file (article, "A plain article about border guards.\n", -1),
                               attest_test_cli (copy, "--json", "import", folder, bad, article, NULL));

    g_assert_cmpint (r.status, ==, 4);
    g_assert_nonnull (strstr (r.out, "\"format\" : \"brat\""));
    g_assert_nonnull (strstr (r.out, "\"documents_existing\" : 5"));
    g_assert_nonnull (strstr (r.out, "\"claims_existing\" : 1"));
    g_assert_nonnull (strstr (r.out, "\"result\" : \"imported\""));
    g_assert_nonnull (strstr (r.out, "\"origin\" : \"plain.txt\""));
    g_assert_nonnull (strstr (r.out, "\"error\" : \"bad.ann:1: the text “Hallo” of T1 does not match"));
    message = g_strdup_printf ("attest-cli: bad.ann:1: the text “Hallo” of T1 does not match the text at its "
                               "offsets: “Hello”; nothing was imported from %s\n", bad);
    g_assert_cmpstr (r.err, ==, message);
  }
}

/* A hidden folder left by an export that was killed (SIGKILL: nothing
 * could clean up) goes at the next export beside it; one whose export is
 * still running, or that is not an export's, stays. */
static void
test_abandoned_staging (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *folder = attest_test_exchange_file (f, "out");
  g_autofree char *dead = attest_test_exchange_file (f, ".out.partial-DEAD01");
  g_autofree char *alive = attest_test_exchange_file (f, ".out.partial-LIVE01");
  g_autofree char *foreign = attest_test_exchange_file (f, ".out.partial-MINE01");
  g_autofree char *dead_pid = NULL;
  g_autofree char *alive_pid = g_strdup_printf ("%d\n", (int) getpid ());
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) gone = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, "sleep", "60", NULL);

  /* A process id that was used and is free again: taken while the
   * process surely runs (a quick one may be reaped, its id forgotten,
   * before we ask), then the process ended and reaped. */
  g_assert_no_error (error);
  g_assert_nonnull (g_subprocess_get_identifier (gone));
  dead_pid = g_strdup_printf ("%s\n", g_subprocess_get_identifier (gone));
  g_subprocess_force_exit (gone);
  g_assert_true (g_subprocess_wait (gone, NULL, &error));
  {
    const char *dirs[] = { dead, alive, foreign };
    const char *owners[] = { dead_pid, alive_pid, NULL };

    for (guint i = 0; i < G_N_ELEMENTS (dirs); i++)
      {
        g_autofree char *half = g_build_filename (dirs[i], "half-written.ann", NULL);

        g_assert_cmpint (g_mkdir (dirs[i], 0700), ==, 0);
        attest_test_write_file (half, "T1\t", -1);
        if (owners[i] != NULL)
          {
            g_autofree char *owner = g_build_filename (dirs[i], ".attest-export-owner", NULL);
            attest_test_write_file (owner, owners[i], -1);
          }
      }
  }

  attest_test_exchange_annotate (f->store, GROUP_COMMENT, NULL);
  attest_test_exchange_export (attest_brat_export, f->store, folder, NULL, NULL);
  g_assert_false (g_file_test (dead, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (alive, G_FILE_TEST_IS_DIR));
  g_assert_true (g_file_test (foreign, G_FILE_TEST_IS_DIR));
  /* The export itself holds no owner file. */
  {
    g_autofree char *owner = g_build_filename (folder, ".attest-export-owner", NULL);
    g_autofree char *conf = g_build_filename (folder, "annotation.conf", NULL);

    g_assert_false (g_file_test (owner, G_FILE_TEST_EXISTS));
    g_assert_true (g_file_test (conf, G_FILE_TEST_IS_REGULAR));
  }
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/brat/" path, Fixture, NULL, attest_test_exchange_set_up, func, attest_test_exchange_tear_down)
  ADD ("export-samples", test_export_samples);
  ADD ("round-trip", test_round_trip);
  ADD ("round-trip/sources", test_round_trip_sources);
  ADD ("new-category", test_new_category);
  ADD ("line-break-ends", test_line_break_ends);
  ADD ("crlf-bom", test_crlf);
  ADD ("hostile", test_hostile);
  ADD ("fragments-joined", test_fragments_joined);
  ADD ("costly-lines", test_costly_lines);
  ADD ("export-in-place", test_export_in_place);
  ADD ("link", test_link);
  ADD ("huge", test_huge);
  ADD ("all-or-nothing", test_all_or_nothing);
  ADD ("file-names", test_file_names);
  ADD ("cli", test_cli);
  ADD ("abandoned-staging", test_abandoned_staging);
#undef ADD

  return g_test_run ();
}
