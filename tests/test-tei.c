/* test-tei.c — TEI export and import, CSV and JSON Lines.
 *
 * The export of the sample articles with claims that overlap, nest, share
 * boundaries and sit at the very start and end of a text validates against
 * Attest's own schema (always) and the official tei_all.rng (when the build
 * knows where it is); export → import into an empty database → export
 * gives the same bytes and the same rows, on the samples and on a
 * generated corpus; every kind of bad input is refused with its own error
 * code and leaves the database as it was; the tables have exact content.
 */
#include <glib/gstdio.h>
#include <libxml/parser.h>
#include <libxml/relaxng.h>
#include <sqlite3.h>
#include <string.h>

#include "attest-article-reader.h"
#include "attest-error.h"
#include "attest-store-bulk.h"
#include "attest-table-writer.h"
#include "attest-tei-reader.h"
#include "attest-tei-writer.h"

static const char *samples[] = {
  "000_7978e9767d1c15ca.txt",
  "001_e5288724e250c3ef.txt",
  "002_362495c372b1300c.txt",
  "003_5296401f81ea8387.txt",
  "004_c3d161883663a3cb.txt",
};

/* Text that plain XML cannot hold as it is: a lone CR, ESC, form feed,
 * U+FFFE; and what it must keep exactly: blank lines, spaces at either
 * end of a line, tabs, mojibake, curly quotes, a leading and a trailing
 * newline. */
static const char odd_text[] =
  "\n"
  "Odd “article”: 30¢ªC in Dushanbe\r\n"
  "  indented line with trailing spaces  \n"
  "\n"
  "\n"
  "ESC here:\x1b and a form feed:\x0c and a noncharacter:\xef\xbf\xbe.\n"
  "\ttab-led line; Душанбе, 東京, عربى & <angle> \"quotes\"\n"
  "last line (Interfax, Moscow, December 1)\n";

typedef struct {
  char        *dir;
  char        *path;
  AttestStore *store;
} Fixture;

static AttestStore *
open_store (const char *path)
{
  g_autoptr(GError) error = NULL;
  AttestStore *store = attest_store_open (path, ATTEST_STORE_OPEN_DEFAULT, &error);

  g_assert_no_error (error);
  return store;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("attest-tei-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "source.db", NULL);
  f->store = open_store (f->path);
  g_assert_true (attest_store_set_annotator (f->store, "Ana Analyst", NULL));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GDir) d = NULL;
  const char *name;

  g_clear_object (&f->store);
  d = g_dir_open (f->dir, 0, NULL);
  while (d && (name = g_dir_read_name (d)))
    {
      g_autofree char *p = g_build_filename (f->dir, name, NULL);
      g_remove (p);
    }
  g_rmdir (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

static void
remove_db (const char *path)
{
  const char *suffixes[] = { "", "-wal", "-shm" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *p = g_strconcat (path, suffixes[i], NULL);
      g_remove (p);
    }
}

static char *
tmp_path (Fixture    *f,
          const char *name)
{
  return g_build_filename (f->dir, name, NULL);
}

/* ---------------------------------------------------------------- helpers */

static AttestDocument *
import_sample (AttestStore *store,
               const char  *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestDocument) doc = attest_article_reader_read_file (file, NULL, &error);
  AttestDocument *stored;

  g_assert_no_error (error);
  stored = attest_store_add_document (store, doc, NULL, &error);
  g_assert_no_error (error);
  return stored;
}

static AttestDocument *
add_text (AttestStore *store,
          const char  *text,
          const char  *origin)
{
  g_autoptr(AttestDocument) doc = attest_document_new ();
  g_autoptr(GError) error = NULL;
  AttestDocument *stored;

  attest_document_set_text (doc, text);
  doc->origin = g_strdup (origin);
  doc->format = g_strdup ("text");
  doc->encoding = g_strdup ("UTF-8");
  stored = attest_store_add_document (store, doc, NULL, &error);
  g_assert_no_error (error);
  return stored;
}

static AttestClaim *
claim (AttestStore *store,
       const char  *doc,
       gint64       start,
       gint64       end,
       const char  *category,
       const char  *certainty,
       const char  *comment)
{
  g_autoptr(GError) error = NULL;
  AttestClaim *c = attest_store_add_claim (store, doc, start, end, category, certainty, comment, &error);

  g_assert_no_error (error);
  return c;
}

static void
set_status (AttestStore *store,
            AttestClaim *c,
            const char  *status)
{
  g_autoptr(GError) error = NULL;

  g_free (c->status);
  c->status = g_strdup (status);
  attest_store_update_claim (store, c, &error);
  g_assert_no_error (error);
}

static void
link_source (AttestStore *store,
             const char  *claim_uuid,
             const char  *source_uuid)
{
  g_autoptr(GError) error = NULL;

  attest_store_link (store, claim_uuid, source_uuid, &error);
  g_assert_no_error (error);
}

/* Offset of the first paragraph break ("\n\n", or "\n" in articles
 * without blank lines) after the first 100 characters. */
static gint64
paragraph_break (AttestDocument *doc)
{
  const char *from = g_utf8_offset_to_pointer (doc->text, MIN (100, doc->length / 2));
  const char *p = strstr (from, "\n\n");

  if (p == NULL)
    p = strchr (from, '\n');

  g_assert_nonnull (p);
  return g_utf8_pointer_to_offset (doc->text, p);
}

/* The samples and an odd document, with claims that overlap, nest, share
 * boundaries, sit at offset 0 and at the end, cross paragraphs, carry
 * every kind of comment; several annotators, statuses and certainties;
 * links to the article's own sources and to an outside one; an edit, a
 * deletion, a renamed, a retired and a nested category. */
static void
annotate_rich (AttestStore *store)
{
  const char *comment = "Contains <tags> & ampersands, \"double\" and 'single' quotes, a comma,\n"
                        "a second line, and non-Latin: Душанбе, 東京, عربى";
  const char *annotators[] = { "Ana Analyst", "Bo Østergaard", "李雷" };
  const char *certainties[] = { "low", "medium", "high", "unknown", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestSource) outside = attest_source_new ();
  g_autoptr(AttestSource) stored_outside = NULL;
  g_autoptr(AttestCategory) sub = attest_category_new ();
  g_autoptr(AttestCategory) retired = NULL;
  g_autoptr(GPtrArray) docs = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < G_N_ELEMENTS (samples); i++)
    g_ptr_array_add (docs, import_sample (store, samples[i]));
  g_ptr_array_add (docs, add_text (store, odd_text, "odd.txt"));

  /* Claims in "statement-position" are made before it is retired. */
  sub->key = g_strdup ("troops-abroad");
  sub->label = g_strdup ("Troops abroad");
  sub->description = g_strdup ("A sub-category with \"quotes\" & <brackets>.");
  sub->color = g_strdup ("#A51D2D");
  sub->parent_key = g_strdup ("troop-deployment");
  attest_store_add_category (store, sub, &error);
  g_assert_no_error (error);
  outside->outlet = g_strdup ("Reuters");
  outside->title = g_strdup ("Troops & debts: a report");
  outside->url = g_strdup ("https://example.org/report?id=1&lang=en");
  outside->reliability = g_strdup ("B");
  stored_outside = attest_store_add_source (store, outside, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < docs->len; i++)
    {
      AttestDocument *doc = g_ptr_array_index (docs, i);
      g_autoptr(GPtrArray) sources = attest_store_list_sources (store, doc->uuid, &error);
      gint64 len = doc->length;
      gint64 br;
      g_autoptr(AttestClaim) a = NULL;
      g_autoptr(AttestClaim) b = NULL;
      g_autoptr(AttestClaim) c = NULL;
      g_autoptr(AttestClaim) d = NULL;
      g_autoptr(AttestClaim) e = NULL;
      g_autoptr(AttestClaim) same = NULL;
      g_autoptr(AttestClaim) across = NULL;
      g_autoptr(AttestClaim) gone = NULL;

      g_assert_no_error (error);
      g_assert_true (attest_store_set_annotator (store, annotators[i % G_N_ELEMENTS (annotators)], NULL));
      br = paragraph_break (doc);

      /* The odd document starts with a newline: its first claim starts at 1. */
      a = claim (store, doc->uuid, i == 5 ? 1 : 0, 25, "troop-deployment", certainties[i % 5], comment);
      b = claim (store, doc->uuid, 10, 40, "debt-deal", certainties[(i + 1) % 5], "  padded  ");
      c = claim (store, doc->uuid, 12, 20, "troops-abroad", NULL, NULL);
      d = claim (store, doc->uuid, 25, 60, "statement-position", "high", "Shares a boundary.");
      e = claim (store, doc->uuid, len - 30, len, "agreement-meeting", NULL, "At the very end.");
      same = claim (store, doc->uuid, 10, 40, "military-base", NULL, NULL);
      across = claim (store, doc->uuid, br - 5, br + 10, "training", "low", NULL);
      gone = claim (store, doc->uuid, 30, 50, "training", NULL, "Deleted later.");

      set_status (store, a, "accepted");
      set_status (store, b, "rejected");
      set_status (store, b, "accepted");
      if (sources->len > 0)
        {
          link_source (store, a->uuid, ((AttestSource *) g_ptr_array_index (sources, 0))->uuid);
          link_source (store, e->uuid, ((AttestSource *) g_ptr_array_index (sources, sources->len - 1))->uuid);
        }
      link_source (store, a->uuid, stored_outside->uuid);
      link_source (store, d->uuid, stored_outside->uuid);
      attest_store_delete_claim (store, gone->uuid, &error);
      g_assert_no_error (error);
    }

  /* A retired category is kept, with its claims. */
  g_assert_true (attest_store_set_annotator (store, "Ana Analyst", NULL));
  retired = attest_store_get_category (store, "statement-position", &error);
  g_assert_no_error (error);
  retired->retired = TRUE;
  g_free (retired->label);
  retired->label = g_strdup ("Statement, position or “stance”");
  attest_store_update_category (store, retired, &error);
  g_assert_no_error (error);
}

static char *
export_to_string (AttestStore             *store,
                  const AttestClaimFilter *filter,
                  gsize                   *out_len)
{
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;
  AttestExportCounts counts = { 0 };
  gboolean ok;

  ok = attest_tei_writer_write (store, filter, out, &counts, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (ok);
  g_assert_cmpuint (counts.documents, >, 0);
  g_output_stream_write_all (out, "", 1, NULL, NULL, NULL);
  g_output_stream_close (out, NULL, NULL);
  if (out_len)
    *out_len = g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (out)) - 1;
  return g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (out));
}

static gboolean
import_string (AttestStore        *store,
               const char         *xml,
               gssize              len,
               AttestImportCounts *counts,
               GError            **error)
{
  g_autoptr(GInputStream) in = NULL;

  if (len < 0)
    len = strlen (xml);
  in = g_memory_input_stream_new_from_data (g_memdup2 (xml, len), len, g_free);
  return attest_tei_reader_import (store, in, "test.xml", counts, NULL, NULL, NULL, error);
}

static gboolean
check_string (const char *xml,
              GError    **error)
{
  g_autoptr(GInputStream) in = g_memory_input_stream_new_from_data (g_strdup (xml), strlen (xml), g_free);

  return attest_tei_reader_check (in, "test.xml", NULL, error);
}

/* Every row of every table, in order: what "the database did not change"
 * means. */
static char *
db_dump (const char *path)
{
  const char *tables[] = { "documents", "categories", "claims", "sources", "citations",
                           "claim_sources", "annotators", "history" };
  GString *out = g_string_new (NULL);
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  for (guint t = 0; t < G_N_ELEMENTS (tables); t++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT * FROM %s ORDER BY 1, 2", tables[t]);
      sqlite3_stmt *stmt = NULL;

      g_string_append_printf (out, "[%s]\n", tables[t]);
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

/* Validates @xml with a compiled schema; NULL when valid, else the first
 * complaints. libxml2's messages are collected, never printed. */
static void
collect_error (void        *data,
               xmlErrorPtr  error)
{
  GString *errors = data;

  if (errors->len < 2000)
    g_string_append_printf (errors, "line %d: %s", error->line, error->message);
}

static char *
validate (xmlRelaxNGPtr  schema,
          const char    *xml,
          gsize          len)
{
  g_autoptr(GString) errors = g_string_new (NULL);
  xmlRelaxNGValidCtxtPtr ctxt = xmlRelaxNGNewValidCtxt (schema);
  xmlParserCtxtPtr parser = xmlNewParserCtxt ();
  xmlDocPtr doc;
  int rc;

  xmlRelaxNGSetValidStructuredErrors (ctxt, collect_error, errors);
  xmlSetStructuredErrorFunc (errors, collect_error);
  doc = xmlCtxtReadMemory (parser, xml, len, "export.xml", NULL, XML_PARSE_NONET);
  xmlSetStructuredErrorFunc (NULL, NULL);
  g_assert_nonnull (doc);
  rc = xmlRelaxNGValidateDoc (ctxt, doc);
  xmlFreeDoc (doc);
  xmlFreeParserCtxt (parser);
  xmlRelaxNGFreeValidCtxt (ctxt);
  if (rc == 0)
    return NULL;
  return g_strdup (errors->len ? errors->str : "invalid");
}

static xmlRelaxNGPtr
load_schema (GBytes     *bytes,
             const char *path)
{
  g_autoptr(GString) errors = g_string_new (NULL);
  xmlRelaxNGParserCtxtPtr ctxt;
  xmlRelaxNGPtr schema;

  if (bytes != NULL)
    ctxt = xmlRelaxNGNewMemParserCtxt (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  else
    ctxt = xmlRelaxNGNewParserCtxt (path);
  xmlRelaxNGSetParserStructuredErrors (ctxt, collect_error, errors);
  schema = xmlRelaxNGParse (ctxt);
  xmlRelaxNGFreeParserCtxt (ctxt);
  if (schema == NULL)
    g_error ("The schema did not compile: %s", errors->str);
  return schema;
}

static xmlRelaxNGPtr
attest_schema (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = g_resources_lookup_data ("/io/github/attest/Attest/core/attest-tei.rng",
                                                     G_RESOURCE_LOOKUP_FLAGS_NONE, &error);

  g_assert_no_error (error);
  return load_schema (bytes, NULL);
}

static void
assert_valid (xmlRelaxNGPtr  schema,
              const char    *xml,
              gsize          len)
{
  g_autofree char *errors = validate (schema, xml, len);

  if (errors != NULL)
    g_error ("The export does not validate: %s", errors);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* Everything a round trip must keep, as text, from the public API. */
static char *
describe (AttestStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) docs = attest_store_list_documents (store, &error);
  g_autoptr(GPtrArray) claims = attest_store_list_claims (store, NULL, &error);
  g_autoptr(GPtrArray) sources = attest_store_list_sources (store, NULL, &error);
  g_autoptr(GPtrArray) cats = attest_store_list_categories (store, TRUE, &error);
  g_autoptr(GPtrArray) history = attest_store_list_history (store, NULL, &error);
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  GString *out = g_string_new (NULL);

  g_assert_no_error (error);
  for (guint i = 0; i < docs->len; i++)
    {
      AttestDocument *listed = g_ptr_array_index (docs, i);
      g_autoptr(AttestDocument) d = attest_store_get_document (store, listed->uuid, &error);

      g_assert_no_error (error);
      g_string_append_printf (out, "doc %s %s %s|%s|%s|%s|%s|%s|%s|%s|%s|%" G_GINT64_FORMAT "|%"
                              G_GINT64_FORMAT "|%s|%" G_GINT64_FORMAT "\n%s\n",
                              d->uuid, d->sha256, d->title, d->publication, d->volume, d->issue,
                              d->author, d->date, d->origin, d->format, d->encoding, d->length,
                              d->body_start, d->imported, d->claim_count, d->text);
    }
  for (guint i = 0; i < claims->len; i++)
    {
      AttestClaim *c = g_ptr_array_index (claims, i);
      g_autoptr(GPtrArray) s = g_ptr_array_new ();
      g_autofree char *joined = NULL;

      for (guint k = 0; k < c->source_uuids->len; k++)
        g_ptr_array_add (s, g_ptr_array_index (c->source_uuids, k));
      g_ptr_array_sort (s, compare_strings);
      g_ptr_array_add (s, NULL);
      joined = g_strjoinv (",", (char **) s->pdata);
      g_string_append_printf (out, "claim %s %s %" G_GINT64_FORMAT ":%" G_GINT64_FORMAT
                              " “%s” %s %s %s %s %s %s “%s” v%" G_GINT64_FORMAT " [%s]\n",
                              c->uuid, c->document_uuid, c->start, c->end, c->quote, c->category,
                              c->annotator, c->created, c->modified, c->status, c->certainty,
                              c->comment, c->version, joined);
    }
  for (guint i = 0; i < sources->len; i++)
    {
      AttestSource *s = g_ptr_array_index (sources, i);

      g_ptr_array_add (lines, g_strdup_printf ("source %s %s %s|%s|%s|%s|%s|%s|%s cited %"
                                               G_GINT64_FORMAT " claims %" G_GINT64_FORMAT "\n",
                                               s->uuid, s->document_uuid, s->outlet, s->place,
                                               s->date_text, s->when, s->url, s->title,
                                               s->reliability, s->citation_count, s->claim_count));
    }
  /* Row ids of sources may differ; their set may not. */
  g_ptr_array_sort (lines, compare_strings);
  for (guint i = 0; i < lines->len; i++)
    g_string_append (out, g_ptr_array_index (lines, i));
  /* Sub-categories are nested in the file, so an import orders them right
   * after their parent; siblings keep their order (the second export
   * proves it). Compare the categories themselves. */
  g_ptr_array_set_size (lines, 0);
  for (guint i = 0; i < cats->len; i++)
    {
      AttestCategory *c = g_ptr_array_index (cats, i);

      g_ptr_array_add (lines, g_strdup_printf ("category %s %s|%s|%s|%d|%s|%d\n", c->key, c->label,
                                               c->description, c->color, c->shortcut, c->parent_key,
                                               c->retired));
    }
  g_ptr_array_sort (lines, compare_strings);
  for (guint i = 0; i < lines->len; i++)
    g_string_append (out, g_ptr_array_index (lines, i));
  for (guint i = 0; i < history->len; i++)
    {
      AttestHistoryEntry *e = g_ptr_array_index (history, i);

      g_string_append_printf (out, "change %s %s %s %s %s %s %s|%s|%s\n", e->uuid, e->at,
                              e->annotator, e->entity, e->entity_uuid, e->action, e->field,
                              e->old_value, e->new_value);
    }
  return g_string_free (out, FALSE);
}

static char *
raw_rows (const char *path,
          const char *sql)
{
  GString *out = g_string_new (NULL);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      for (int c = 0; c < sqlite3_column_count (stmt); c++)
        g_string_append_printf (out, "%s|", sqlite3_column_text (stmt, c));
      g_string_append_c (out, '\n');
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return g_string_free (out, FALSE);
}

/* Compares two long texts line by line, naming the first difference. */
static void
assert_same_lines (const char *what,
                   const char *got,
                   const char *expected)
{
  g_auto(GStrv) a = g_strsplit (got, "\n", -1);
  g_auto(GStrv) b = g_strsplit (expected, "\n", -1);

  for (guint i = 0; a[i] || b[i]; i++)
    if (a[i] == NULL || b[i] == NULL || strcmp (a[i], b[i]) != 0)
      g_error ("%s differs at line %u:\n  got:      %.300s\n  expected: %.300s", what, i + 1,
               a[i] ? a[i] : "(end)", b[i] ? b[i] : "(end)");
}

/* Exports @store, imports the file into a new database, exports that:
 * the same bytes, the same rows. Returns the export. */
static char *
assert_round_trip (Fixture    *f,
                   const char *name)
{
  g_autofree char *path = tmp_path (f, name);
  g_autoptr(AttestStore) copy = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *again = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *links_before = NULL;
  g_autofree char *links_after = NULL;
  g_autofree char *people_before = NULL;
  g_autofree char *people_after = NULL;
  static const char links_sql[] =
    "SELECT c.uuid, s.uuid, a.uuid, cs.created FROM claim_sources cs JOIN claims c ON c.id = cs.claim_id"
    " JOIN sources s ON s.id = cs.source_id JOIN annotators a ON a.id = cs.annotator_id"
    " WHERE NOT c.deleted ORDER BY 1, 2";
  static const char people_sql[] = "SELECT uuid, name FROM annotators ORDER BY id";
  AttestImportCounts counts = { 0 };
  gsize len = 0;
  gsize again_len = 0;
  char *xml = export_to_string (f->store, NULL, &len);

  copy = open_store (path);
  import_string (copy, xml, len, &counts, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (counts.documents_existing, ==, 0);
  g_assert_cmpuint (counts.claims_existing, ==, 0);

  again = export_to_string (copy, NULL, &again_len);
  assert_same_lines ("The second export", again, xml);
  g_assert_cmpuint (again_len, ==, len);
  g_assert_cmpstr (again, ==, xml);

  before = describe (f->store);
  after = describe (copy);
  assert_same_lines ("The imported database", after, before);
  links_before = raw_rows (f->path, links_sql);
  links_after = raw_rows (path, links_sql);
  g_assert_cmpstr (links_after, ==, links_before);
  people_before = raw_rows (f->path, people_sql);
  people_after = raw_rows (path, people_sql);
  g_assert_cmpstr (people_after, ==, people_before);
  return xml;
}

/* ------------------------------------------------------------------ tests */

static void
test_samples_round_trip (Fixture       *f,
                         gconstpointer  data)
{
  xmlRelaxNGPtr schema = attest_schema ();
  g_autofree char *xml = NULL;
  g_autoptr(GError) error = NULL;

  annotate_rich (f->store);
  xml = assert_round_trip (f, "copy.db");
  assert_valid (schema, xml, strlen (xml));
  g_assert_true (check_string (xml, &error));
  g_assert_no_error (error);

  /* What the encoding promises, visible in the file. */
  g_assert_nonnull (strstr (xml, "<teiCorpus xmlns=\"http://www.tei-c.org/ns/1.0\">"));
  g_assert_nonnull (strstr (xml, "<application ident=\"Attest\" version=\"1\">"));
  g_assert_nonnull (strstr (xml, "<category xml:id=\"troop-deployment\" n=\"1\" style=\"color: #e01b24\">"));
  g_assert_nonnull (strstr (xml, "<category xml:id=\"troops-abroad\" style=\"color: #A51D2D\">"));
  g_assert_nonnull (strstr (xml, "<desc type=\"retired\"/>"));
  g_assert_nonnull (strstr (xml, "<g type=\"control\" n=\"U+001B\"/>"));
  g_assert_nonnull (strstr (xml, "<g type=\"control\" n=\"U+FFFE\"/>"));
  g_assert_nonnull (strstr (xml, "&#13;"));
  g_assert_nonnull (strstr (xml, "<persName>李雷</persName>"));
  g_assert_nonnull (strstr (xml, "<ptr target=\"https://example.org/report?id=1&amp;lang=en\"/>"));
  g_assert_nonnull (strstr (xml, "subtype=\"accepted\""));
  g_assert_nonnull (strstr (xml, "cert=\"unknown\""));
  g_assert_nonnull (strstr (xml, "<note type=\"comment\">Contains &lt;tags&gt; &amp; ampersands"));
  /* Deleted claims are not exported; their deletion is in the history. */
  g_assert_null (strstr (xml, "Deleted later."));
  g_assert_nonnull (strstr (xml, "type=\"claim\" subtype=\"delete\""));

  xmlRelaxNGFree (schema);
}

static void
test_single_document (Fixture       *f,
                      gconstpointer  data)
{
  xmlRelaxNGPtr schema = attest_schema ();
  g_autofree char *copy_path = tmp_path (f, "one.db");
  g_autoptr(AttestStore) copy = NULL;
  g_autoptr(AttestDocument) doc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *xml = NULL;
  g_autofree char *again = NULL;
  g_autoptr(GPtrArray) claims = NULL;
  AttestClaimFilter filter = { 0 };
  AttestImportCounts counts = { 0 };

  annotate_rich (f->store);
  doc = attest_store_get_document (f->store, "4", &error);
  g_assert_no_error (error);
  filter.document = doc->uuid;
  xml = export_to_string (f->store, &filter, NULL);
  assert_valid (schema, xml, strlen (xml));
  g_assert_true (g_str_has_prefix (xml, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<TEI xmlns="));
  g_assert_null (strstr (xml, "<teiCorpus"));

  copy = open_store (copy_path);
  import_string (copy, xml, -1, &counts, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (counts.documents_added, ==, 1);
  g_assert_cmpuint (counts.claims_added, ==, 7);
  again = export_to_string (copy, &filter, NULL);
  g_assert_cmpstr (again, ==, xml);

  claims = attest_store_list_claims (copy, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (claims->len, ==, 7);
  xmlRelaxNGFree (schema);
}

static void
test_filters (Fixture       *f,
              gconstpointer  data)
{
  xmlRelaxNGPtr schema = attest_schema ();
  AttestClaimFilter filter = { .status = "accepted", .annotator = "Bo Østergaard" };
  g_autoptr(GError) error = NULL;
  g_autofree char *xml = NULL;
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  AttestClaimFilter bad[] = {
    { .document = "no-such-document" }, { .category = "no-such-category" },
    { .annotator = "Nobody" }, { .status = "maybe" },
  };
  int codes[] = { ATTEST_ERROR_NOT_FOUND, ATTEST_ERROR_NOT_FOUND, ATTEST_ERROR_NOT_FOUND,
                  ATTEST_ERROR_INVALID };

  annotate_rich (f->store);
  xml = export_to_string (f->store, &filter, NULL);
  assert_valid (schema, xml, strlen (xml));
  /* Every document, only Bo's accepted claims (two in each of his
   * documents, the second and the fifth), and the outside source they use. */
  g_assert_cmpint (g_strstr_len (xml, -1, "<TEI ") != NULL, ==, TRUE);
  {
    guint spans = 0;

    for (const char *p = xml; (p = strstr (p, "<span xml:id=\"c-")); p++)
      spans++;
    g_assert_cmpuint (spans, ==, 4);
  }
  g_assert_nonnull (strstr (xml, "type=\"outside-sources\""));

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_clear_error (&error);
      g_assert_false (attest_tei_writer_write (f->store, &bad[i], out, NULL, NULL, NULL, NULL, &error));
      g_assert_error (error, ATTEST_ERROR, codes[i]);
    }
  xmlRelaxNGFree (schema);
}

/* A corpus like a real one, only bigger: 40 documents of random lines
 * (blank lines, non-Latin words, control characters, with and without a
 * final newline), 60 random claims each (overlapping, nested, sharing
 * boundaries, at 0 and at the end), random links and history. Written
 * through the bulk import so that it takes one transaction. */
typedef struct {
  GRand  *rand;
  gint64  annotators[3];
  gint64  categories[4];
  gint64  outside;
} Generator;

static const char *words[] = {
  "Dushanbe", "border", "guards", "“troops”", "debt", "Душанбе", "東京", "agency", "drug",
  "30¢ªC", "Interfax,", "Moscow,", "December", "1", "—", "&", "<tag>", "\"quoted\"", "\x1b",
};

static char *
random_text (GRand *rand)
{
  GString *text = g_string_new (NULL);
  int lines = g_rand_int_range (rand, 3, 25);

  for (int l = 0; l < lines; l++)
    {
      int n = g_rand_int_range (rand, 0, 30);

      if (l > 0)
        g_string_append_c (text, '\n');
      for (int w = 0; w < n; w++)
        {
          if (w > 0)
            g_string_append_c (text, ' ');
          g_string_append (text, words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))]);
        }
      if (g_rand_int_range (rand, 0, 5) == 0)
        g_string_append (text, " (Interfax, Moscow, December 1)");
    }
  if (g_rand_boolean (rand))
    g_string_append_c (text, '\n');
  if (text->len == 0)
    g_string_append (text, "x");
  return g_string_free (text, FALSE);
}

static gboolean
generate (AttestStore *store,
          gpointer     user_data,
          GError     **error)
{
  Generator *g = user_data;
  AttestImportOutcome outcome;
  const char *names[] = { "Ana Analyst", "Bo Østergaard", "李雷" };
  const char *keys[] = { "troop-deployment", "debt-deal", "training", "border-security" };
  const char *statuses[] = { "draft", "accepted", "rejected" };
  const char *certainties[] = { "low", "medium", "high", "unknown", NULL };
  const char *comments[] = { NULL, "short", "a, \"quoted\" <comment> & more\nsecond line", "  " };
  AttestSourceRow outside = {
    .uuid = "0f0f0f0f-0000-4000-8000-000000000001", .outlet = "Reuters", .title = "Report",
    .url = "https://example.org/?a=1&b=2", .created = "2024-05-02T10:15:00Z",
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *uuid = g_strdup_printf ("0a0a0a0a-0000-4000-8000-%012u", i);

      if (!(g->annotators[i] = attest_store_import_annotator (store, uuid, names[i], &outcome, error)))
        return FALSE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      g_autoptr(AttestCategory) cat = attest_store_get_category (store, keys[i], error);

      if (cat == NULL)
        return FALSE;
      g->categories[i] = cat->id;
    }
  if (!(g->outside = attest_store_import_source (store, 0, &outside, FALSE, 0, &outcome, error)))
    return FALSE;

  for (int d = 0; d < 40; d++)
    {
      g_autoptr(AttestDocument) doc = attest_document_new ();
      g_autofree char *text = random_text (g->rand);
      g_autofree char *uuid = g_strdup_printf ("0d0d0d0d-0000-4000-8000-%012d", d);
      gint64 sources[3];
      gint64 doc_id;

      attest_document_set_text (doc, text);
      doc->uuid = g_strdup (uuid);
      doc->title = d % 3 ? g_strdup_printf ("Article %d, “generated”", d) : NULL;
      doc->publication = g_strdup ("Eurasia Daily Monitor");
      doc->volume = d % 2 ? g_strdup ("3") : NULL;
      doc->issue = g_strdup_printf ("%d", d);
      doc->date = d % 4 ? g_strdup_printf ("2006-04-%02d", 1 + d % 28) : NULL;
      doc->origin = g_strdup_printf ("gen-%d.txt", d);
      doc->format = g_strdup ("text");
      doc->encoding = g_strdup (d % 5 ? "UTF-8" : "Windows-1252");
      doc->imported = g_strdup ("2024-05-02T10:15:00.123456Z");
      if (!(doc_id = attest_store_import_document (store, doc, 0, &outcome, error)))
        return FALSE;

      for (int s = 0; s < 2; s++)
        {
          g_autofree char *suuid = g_strdup_printf ("05050505-%04d-4000-8000-%012d", s, d);
          AttestSourceRow row = {
            .uuid = suuid, .outlet = s ? "Kabar" : "Interfax", .place = s ? NULL : "Moscow",
            .date_text = "December 1", .when = s ? "--12-01" : "2005-12-01",
            .created = "2024-05-02T10:15:00Z",
          };

          if (!(sources[s] = attest_store_import_source (store, doc_id, &row, FALSE, 0, &outcome, error)))
            return FALSE;
        }
      sources[2] = g->outside;
      if (!attest_store_import_citations (store, doc_id, doc, error))
        return FALSE;

      for (int c = 0; c < 60; c++)
        {
          g_autofree char *cuuid = g_strdup_printf ("0c0c0c0c-%04d-4000-8000-%012d", c, d);
          g_autofree char *quote = NULL;
          gint64 start, end, claim_id;
          AttestClaimRow row = { 0 };
          int shape = g_rand_int_range (g->rand, 0, 6);

          /* Some at the ends, some sharing boundaries, most anywhere. */
          if (shape == 0)
            start = 0;
          else if (shape == 1)
            start = MAX (0, doc->length - g_rand_int_range (g->rand, 1, 10));
          else
            start = g_rand_int_range (g->rand, 0, doc->length);
          end = shape == 2 || start + 1 >= doc->length
                ? doc->length : g_rand_int_range (g->rand, start + 1, MIN (doc->length, start + 120) + 1);
          if (shape == 3)
            start = (start / 10) * 10, end = MAX (end, start + 1);
          quote = g_utf8_substring (doc->text, start, end);

          row.uuid = cuuid;
          row.start = start;
          row.end = end;
          row.quote = quote;
          row.created = "2024-05-02T10:15:00Z";
          row.modified = "2024-05-03T11:00:00Z";
          row.status = statuses[g_rand_int_range (g->rand, 0, 3)];
          row.certainty = certainties[g_rand_int_range (g->rand, 0, 5)];
          row.comment = comments[g_rand_int_range (g->rand, 0, 4)];
          row.version = g_rand_int_range (g->rand, 1, 5);
          claim_id = attest_store_import_claim (store, doc_id,
                                                g->categories[g_rand_int_range (g->rand, 0, 4)],
                                                g->annotators[g_rand_int_range (g->rand, 0, 3)],
                                                &row, 0, &outcome, error);
          if (!claim_id)
            return FALSE;
          for (int s = 0; s < 3; s++)
            if (g_rand_int_range (g->rand, 0, 3) == 0 &&
                !attest_store_import_link (store, claim_id, sources[s],
                                           g->annotators[g_rand_int_range (g->rand, 0, 3)],
                                           "2024-05-04T09:00:00Z", error))
              return FALSE;
          if (c % 20 == 0)
            {
              g_autofree char *huuid = g_strdup_printf ("0e0e0e0e-%04d-4000-8000-%012d", c, d);
              AttestChangeRow change = {
                huuid, "2024-05-03T11:00:00Z", names[c % 3], "claim", cuuid, "update",
                "comment", NULL, "a new, \"quoted\" comment",
              };

              if (!attest_store_import_change (store, &change, 0, &outcome, error))
                return FALSE;
            }
        }
    }
  return TRUE;
}

static void
test_generated_round_trip (Fixture       *f,
                           gconstpointer  data)
{
  xmlRelaxNGPtr schema = attest_schema ();
  Generator g = { .rand = g_rand_new_with_seed (20240502) };
  g_autoptr(GError) error = NULL;
  g_autofree char *xml = NULL;
  g_autoptr(GPtrArray) claims = NULL;

  attest_store_bulk_import (f->store, generate, &g, &error);
  g_assert_no_error (error);
  claims = attest_store_list_claims (f->store, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (claims->len, ==, 40 * 60);

  xml = assert_round_trip (f, "generated-copy.db");
  assert_valid (schema, xml, strlen (xml));
  g_assert_true (check_string (xml, &error));
  g_assert_no_error (error);

  g_rand_free (g.rand);
  xmlRelaxNGFree (schema);
}

/* ------------------------------------------------------------ curation */

/* Two annotators and a curator on the first sample (5734 characters, body
 * from 57: 5677 units). Ana: [100,200) CN, [320,400) TR; Ben: [100,200)
 * CN, [300,400) TR; Cora merges Ana's and Ben's CN claims into [90,200),
 * which starts before both: its pointer reaches forward.
 *
 * The header's figures, by hand. The two differ on [300,320) only.
 *   Cohen: agree 5657 of 5677; Ana – 5497, CN 100, TR 80; Ben – 5477,
 *   CN 100, TR 100; N² p_e = 5497·5477 + 100·100 + 80·100 = 30125069;
 *   κ = (5657·5677 − 30125069) / (5677² − 30125069) = 1989720 / 2103260
 *   = 0.9460.
 *   Krippendorff: n = 11354 (– 10974, CN 200, TR 180); 20 units differ,
 *   2 coincidences each: α = 1 − 11353 · 40 / (11354² − Σ n_c²)
 *   = 1 − 454120 / 8412240 = 0.9460.
 *   Spans: exact match CN only, 1 of 2 and 2 (0.5); overlap both (1.0);
 *   the exact match has no sources on either side: equal, Jaccard 1.
 * Cora's claim is curation's: left out of the figures. */
typedef struct {
  char *ana_cn;
  char *ben_cn;
  char *curated;
} Curated;

static void
curated_clear (Curated *c)
{
  g_free (c->ana_cn);
  g_free (c->ben_cn);
  g_free (c->curated);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Curated, curated_clear)

static void
annotate_curated (AttestStore *store,
                  Curated     *out)
{
  g_autoptr(AttestDocument) doc = import_sample (store, samples[0]);
  g_autoptr(AttestClaim) a = NULL;
  g_autoptr(AttestClaim) b = NULL;
  g_autoptr(AttestClaim) merged = NULL;
  g_autoptr(GError) error = NULL;
  const char *origins[3] = { NULL };

  g_assert_cmpint (doc->length, ==, 5734);
  g_assert_cmpint (doc->body_start, ==, 57);
  g_assert_true (attest_store_set_annotator (store, "Ana", NULL));
  a = claim (store, doc->uuid, 100, 200, "counter-narcotics", NULL, NULL);
  g_object_unref (claim (store, doc->uuid, 320, 400, "training", NULL, NULL));
  g_assert_true (attest_store_set_annotator (store, "Ben", NULL));
  b = claim (store, doc->uuid, 100, 200, "counter-narcotics", NULL, NULL);
  g_object_unref (claim (store, doc->uuid, 300, 400, "training", NULL, NULL));

  g_assert_true (attest_store_set_annotator (store, "Cora", NULL));
  origins[0] = a->uuid;
  origins[1] = b->uuid;
  merged = attest_store_curate_merge (store, origins, 90, 200, NULL, &error);
  g_assert_no_error (error);
  out->ana_cn = g_strdup (a->uuid);
  out->ben_cn = g_strdup (b->uuid);
  out->curated = g_strdup (merged->uuid);
}

/* The xml:id the export gives annotator @name. */
static char *
person_id (const char *xml,
           const char *name)
{
  g_autofree char *pattern = g_strdup_printf ("<respStmt xml:id=\"(a-[0-9a-f-]{36})\">\\s*"
                                              "<resp>annotator</resp>\\s*<persName>%s</persName>",
                                              name);
  g_autoptr(GRegex) regex = g_regex_new (pattern, 0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;

  g_assert_true (g_regex_match (regex, xml, 0, &match));
  return g_match_info_fetch (match, 1);
}

/* @xml with the first @from replaced by @to, which must be there. */
static char *
replace_once (const char *xml,
              const char *from,
              const char *to)
{
  const char *at = strstr (xml, from);

  g_assert_nonnull (at);
  return g_strdup_printf ("%.*s%s%s", (int) (at - xml), xml, to, at + strlen (from));
}

/* The official TEI P5 schema, when the build was told where it is. It is
 * 1 MB of RELAX NG (about 6 s to compile), so one test validates both
 * kinds of root and the generated corpus. */
static void
test_tei_all (Fixture       *f,
              gconstpointer  data)
{
  const char *path = g_getenv ("ATTEST_TEI_SCHEMA");
  xmlRelaxNGPtr schema;
  Generator g = { .rand = g_rand_new_with_seed (7) };
  g_autoptr(GError) error = NULL;
  g_autofree char *corpus = NULL;
  g_autofree char *single = NULL;
  g_autofree char *generated = NULL;
  g_autofree char *generated_path = tmp_path (f, "generated.db");
  g_autoptr(AttestStore) generated_store = NULL;
  AttestClaimFilter filter = { .document = "1" };
  AttestClaimFilter only_accepted = { .status = "accepted" };
  g_autofree char *curated_path = tmp_path (f, "curated.db");
  g_autoptr(AttestStore) curated_store = NULL;
  g_autofree char *curated = NULL;
  g_autofree char *dataset = NULL;
  g_auto(Curated) c = { 0 };

  if (path == NULL || *path == '\0' || !g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_test_message ("tei_all.rng not found (meson option tei_schema: “%s”); "
                      "the export was validated against Attest's own schema only",
                      path ? path : "");
      g_test_skip ("tei_all.rng is not available");
      g_rand_free (g.rand);
      return;
    }

  annotate_rich (f->store);
  corpus = export_to_string (f->store, NULL, NULL);
  single = export_to_string (f->store, &filter, NULL);
  generated_store = open_store (generated_path);
  attest_store_bulk_import (generated_store, generate, &g, &error);
  g_assert_no_error (error);
  generated = export_to_string (generated_store, NULL, NULL);
  /* Agreement in the header, origins as pointers and as uuids. */
  curated_store = open_store (curated_path);
  annotate_curated (curated_store, &c);
  curated = export_to_string (curated_store, NULL, NULL);
  dataset = export_to_string (curated_store, &only_accepted, NULL);
  g_assert_nonnull (strstr (curated, "<interpGrp type=\"agreement\""));
  g_assert_nonnull (strstr (curated, "<ptr type=\"origin\""));
  g_assert_nonnull (strstr (dataset, "<idno type=\"origin\">"));

  schema = load_schema (NULL, path);
  assert_valid (schema, corpus, strlen (corpus));
  assert_valid (schema, single, strlen (single));
  assert_valid (schema, generated, strlen (generated));
  assert_valid (schema, curated, strlen (curated));
  assert_valid (schema, dataset, strlen (dataset));
  xmlRelaxNGFree (schema);
  g_rand_free (g.rand);
}

/* The same file twice, and the same article known under another uuid. */
static void
test_import_again (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *xml = NULL;
  g_autofree char *copy_path = tmp_path (f, "copy.db");
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(AttestStore) copy = NULL;
  g_autoptr(AttestDocument) own = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) claims = NULL;
  g_autoptr(GPtrArray) sources = NULL;
  g_autoptr(GPtrArray) docs = NULL;
  AttestImportCounts counts = { 0 };

  annotate_rich (f->store);
  xml = export_to_string (f->store, NULL, NULL);

  /* Into the database it came from: everything is there already. */
  before = db_dump (f->path);
  import_string (f->store, xml, -1, &counts, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (counts.documents_added, ==, 0);
  g_assert_cmpuint (counts.documents_existing, ==, 6);
  g_assert_cmpuint (counts.claims_added, ==, 0);
  g_assert_cmpuint (counts.claims_existing, ==, 42);
  g_assert_cmpuint (counts.changes_added, ==, 0);
  after = db_dump (f->path);
  g_assert_cmpstr (after, ==, before);

  /* A colleague imported the fourth sample on their own (another uuid,
   * other sources) and annotated it: the import adds the file's claims to
   * that document, matching the sources the scanner found by text. */
  copy = open_store (copy_path);
  g_assert_true (attest_store_set_annotator (copy, "Colleague", NULL));
  own = import_sample (copy, samples[3]);
  g_clear_object (&own);
  own = attest_store_get_document (copy, "1", &error);
  g_assert_no_error (error);
  g_object_unref (claim (copy, own->uuid, 100, 120, "training", NULL, "Theirs."));
  import_string (copy, xml, -1, &counts, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (counts.documents_added, ==, 5);
  g_assert_cmpuint (counts.documents_existing, ==, 1);
  g_assert_cmpuint (counts.claims_added, ==, 42);

  docs = attest_store_list_documents (copy, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (docs->len, ==, 6);
  claims = attest_store_list_claims (copy, &(AttestClaimFilter) { .document = own->uuid }, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (claims->len, ==, 1 + 7);
  sources = attest_store_list_sources (copy, own->uuid, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sources->len, ==, 4);   /* the scanner's four, none added */
}

static void
test_progress_and_cancel (Fixture       *f,
                          gconstpointer  data);

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

/* ------------------------------------------------------------------ tables */

/* One document, claims with every kind of value; the fixture fixes uuids
 * and times so that the tables can be compared byte for byte. */
static void
load_small (AttestStore *store)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "tei-small.xml", NULL);
  g_autofree char *xml = NULL;
  g_autoptr(GError) error = NULL;
  gsize len;

  g_assert_true (g_file_get_contents (path, &xml, &len, NULL));
  import_string (store, xml, len, NULL, &error);
  g_assert_no_error (error);
}

static char *
table (AttestStore       *store,
       AttestTableFormat  format,
       AttestClaimFilter *filter)
{
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;

  attest_table_writer_write (store, format, filter, out, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_output_stream_write_all (out, "", 1, NULL, NULL, NULL);
  g_output_stream_close (out, NULL, NULL);
  return g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (out));
}

static void
test_small_round_trip (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "tei-small.xml", NULL);
  g_autofree char *fixture = NULL;
  g_autofree char *xml = NULL;
  xmlRelaxNGPtr schema = attest_schema ();

  /* The fixture is exactly what the writer writes. */
  g_assert_true (g_file_get_contents (path, &fixture, NULL, NULL));
  assert_valid (schema, fixture, strlen (fixture));
  load_small (f->store);
  xml = export_to_string (f->store, NULL, NULL);
  g_assert_cmpstr (xml, ==, fixture);
  xmlRelaxNGFree (schema);
}

static void
test_curation (Fixture       *f,
               gconstpointer  data)
{
  g_auto(Curated) c = { 0 };
  g_autofree char *xml = NULL;
  g_autofree char *again = NULL;
  g_autofree char *accepted = NULL;
  g_autofree char *ana = NULL;
  g_autofree char *ben = NULL;
  g_autofree char *figures = NULL;
  g_autofree char *ptr = NULL;
  g_autofree char *ids = NULL;
  g_autofree char *copy_path = tmp_path (f, "copy.db");
  g_autofree char *accepted_path = tmp_path (f, "accepted.db");
  g_autoptr(AttestStore) copy = NULL;
  g_autoptr(GError) error = NULL;
  AttestClaimFilter only_accepted = { .status = "accepted" };
  xmlRelaxNGPtr schema = attest_schema ();

  annotate_curated (f->store, &c);
  xml = export_to_string (f->store, NULL, NULL);
  assert_valid (schema, xml, strlen (xml));

  /* The header: the hand-worked figures, exactly as written. */
  ana = person_id (xml, "Ana");
  ben = person_id (xml, "Ben");
  figures = g_strdup_printf (
    "          <interpGrp type=\"agreement\" subtype=\"all\">\n"
    "            <interp type=\"krippendorff-alpha\" n=\"11354\">0.9460</interp>\n"
    "            <interp type=\"cohen-kappa\" corresp=\"#%1$s #%2$s\" n=\"5677\">0.9460</interp>\n"
    "            <interp type=\"exact-precision\" corresp=\"#%1$s #%2$s\" n=\"2\">0.5000</interp>\n"
    "            <interp type=\"exact-recall\" corresp=\"#%1$s #%2$s\" n=\"2\">0.5000</interp>\n"
    "            <interp type=\"exact-f1\" corresp=\"#%1$s #%2$s\" n=\"1\">0.5000</interp>\n"
    "            <interp type=\"overlap-precision\" corresp=\"#%1$s #%2$s\" n=\"2\">1.0000</interp>\n"
    "            <interp type=\"overlap-recall\" corresp=\"#%1$s #%2$s\" n=\"2\">1.0000</interp>\n"
    "            <interp type=\"overlap-f1\" corresp=\"#%1$s #%2$s\" n=\"2\">1.0000</interp>\n"
    "            <interp type=\"sources-equal\" corresp=\"#%1$s #%2$s\" n=\"1\">1.0000</interp>\n"
    "            <interp type=\"sources-jaccard\" corresp=\"#%1$s #%2$s\" n=\"1\">1.0000</interp>\n"
    "          </interpGrp>\n", ana, ben);
  g_assert_nonnull (strstr (xml, figures));
  g_assert_nonnull (strstr (xml, "<p>Inter-annotator agreement of Ana, Ben on 1 documents "
                                 "(5677 characters), before curation:"));
  g_assert_nonnull (strstr (xml, "<interpGrp type=\"agreement\" ana=\"#counter-narcotics\">"));
  g_assert_nonnull (strstr (xml, "<interpGrp type=\"agreement\" ana=\"#training\">"));

  /* The curated span points to both originals, in the order given. */
  ptr = g_strdup_printf ("<ptr type=\"origin\" target=\"#c-%s #c-%s\"/></span>", c.ana_cn, c.ben_cn);
  {
    g_autofree char *span = g_strdup_printf ("<span xml:id=\"c-%s\"", c.curated);
    g_autofree char *origin_span = g_strdup_printf ("<span xml:id=\"c-%s\"", c.ana_cn);
    const char *at = strstr (xml, span);
    const char *end;

    g_assert_nonnull (at);
    end = strstr (at, "</span>") + strlen ("</span>");
    g_assert_true (strstr (at, ptr) == end - strlen (ptr));
    g_assert_true (at < strstr (xml, origin_span));
  }

  /* Round trip: the same bytes, figures and pointers included. */
  copy = open_store (copy_path);
  import_string (copy, xml, -1, NULL, &error);
  g_assert_no_error (error);
  again = export_to_string (copy, NULL, NULL);
  g_assert_cmpstr (again, ==, xml);
  g_clear_object (&copy);

  /* The dataset of accepted claims: the originals are not in it, so they
   * are named by uuid; the figures still describe the annotation. */
  accepted = export_to_string (f->store, &only_accepted, NULL);
  assert_valid (schema, accepted, strlen (accepted));
  ids = g_strdup_printf ("<idno type=\"origin\">%s</idno><idno type=\"origin\">%s</idno></span>",
                         c.ana_cn, c.ben_cn);
  g_assert_nonnull (strstr (accepted, ids));
  g_assert_null (strstr (accepted, "<ptr type=\"origin\""));
  g_assert_nonnull (strstr (accepted, figures));
  copy = open_store (accepted_path);
  import_string (copy, accepted, -1, NULL, &error);
  g_assert_no_error (error);
  g_clear_object (&copy);

  /* Origins that contradict the history, or point nowhere, are refused
   * with nothing imported. */
  {
    g_autofree char *bogus = g_strdup_printf ("\"#c-%s", c.curated);
    g_autofree char *ben_ref = g_strdup_printf (" #c-%s\"", c.ben_cn);
    g_autofree char *ben_span = g_strdup_printf ("<span xml:id=\"c-%s\"", c.ben_cn);
    g_autofree char *ana_ref = g_strdup_printf ("\"#c-%s", c.ana_cn);
    g_autofree char *ana_idno = g_strdup_printf ("<idno type=\"origin\">%s</idno>", c.ana_cn);
    struct {
      char       *xml;
      const char *message;
    } cases[] = {
      { replace_once (xml, ptr, "</span>"), "names 0 origins, its history records 2" },
      { replace_once (xml, ben_ref, " #c-00000000-0000-4000-8000-000000000000\""),
        "as its origin, which its history does not record" },
      { replace_once (xml, ana_ref, "\"#s-00000000-0000-4000-8000-000000000000"), "not to a claim" },
      { replace_once (accepted, ana_idno, "<idno type=\"origin\">Ana's</idno>"), "not a claim's uuid" },
      { replace_once (xml, ana_ref, bogus), "its history does not record" },
      { NULL, "is not another claim of document" },
    };

    /* Ben's span gone, the pointer to it left: the history is satisfied,
     * the pointer dangles. */
    {
      const char *from = strstr (xml, ben_span);
      const char *to = strstr (from, "</span>") + strlen ("</span>");

      g_assert_nonnull (from);
      cases[5].xml = g_strdup_printf ("%.*s%s", (int) (from - xml), xml, to);
    }

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
      {
        g_autofree char *path = g_strdup_printf ("%s/refused-%u.db", f->dir, i);
        g_autoptr(AttestStore) fresh = open_store (path);
        g_autoptr(GError) refused = NULL;
        g_autoptr(GPtrArray) docs = NULL;

        g_assert_false (import_string (fresh, cases[i].xml, -1, NULL, &refused));
        g_test_message ("case %u: %s", i, refused->message);
        g_assert_error (refused, ATTEST_ERROR, ATTEST_ERROR_FORMAT);
        g_assert_nonnull (strstr (refused->message, cases[i].message));
        docs = attest_store_list_documents (fresh, &error);
        g_assert_no_error (error);
        g_assert_cmpuint (docs->len, ==, 0);
        g_clear_error (&refused);
        g_assert_false (check_string (cases[i].xml, &refused));
        g_assert_nonnull (strstr (refused->message, cases[i].message));
        g_free (cases[i].xml);
      }
  }
  xmlRelaxNGFree (schema);
}

static const char expected_csv[] =
  "claim,document,document_title,start,end,quote,category,annotator,status,certainty,comment,"
  "created,modified,sources,source_uuids\r\n"
  "11111111-0000-4000-8000-000000000001,dddddddd-0000-4000-8000-000000000001,"
  "\"Troops, debts and a \"\"deal\"\"\",0,6,Moscow,troop-deployment,Ana Analyst,accepted,high,"
  "\"He said, \"\"no\"\"\nthen left\",2024-05-02T10:15:00Z,2024-05-03T08:01:30Z,"
  "\"Interfax, Moscow, December 1; Reuters\","
  "55555555-0000-4000-8000-000000000001 55555555-0000-4000-8000-000000000002\r\n"
  "11111111-0000-4000-8000-000000000002,dddddddd-0000-4000-8000-000000000001,"
  "\"Troops, debts and a \"\"deal\"\"\",7,28,\"will send troops, and\",debt-deal,Bo Østergaard,"
  "draft,,,2024-05-02T10:16:00Z,2024-05-02T10:16:00Z,,\r\n";

static const char expected_jsonl[] =
  "{\"claim\":\"11111111-0000-4000-8000-000000000001\",\"document\":\"dddddddd-0000-4000-8000-000000000001\","
  "\"document_title\":\"Troops, debts and a \\\"deal\\\"\",\"start\":0,\"end\":6,\"quote\":\"Moscow\","
  "\"category\":\"troop-deployment\",\"annotator\":\"Ana Analyst\",\"status\":\"accepted\","
  "\"certainty\":\"high\",\"comment\":\"He said, \\\"no\\\"\\nthen left\","
  "\"created\":\"2024-05-02T10:15:00Z\",\"modified\":\"2024-05-03T08:01:30Z\",\"sources\":["
  "{\"uuid\":\"55555555-0000-4000-8000-000000000001\",\"label\":\"Interfax, Moscow, December 1\","
  "\"outlet\":\"Interfax\",\"place\":\"Moscow\",\"date\":\"December 1\",\"when\":\"2005-12-01\","
  "\"url\":null,\"title\":null,\"reliability\":null},"
  "{\"uuid\":\"55555555-0000-4000-8000-000000000002\",\"label\":\"Reuters\",\"outlet\":\"Reuters\","
  "\"place\":null,\"date\":null,\"when\":null,\"url\":\"https://example.org/a?b=1&c=2\","
  "\"title\":\"A report\",\"reliability\":\"B\"}]}\n"
  "{\"claim\":\"11111111-0000-4000-8000-000000000002\",\"document\":\"dddddddd-0000-4000-8000-000000000001\","
  "\"document_title\":\"Troops, debts and a \\\"deal\\\"\",\"start\":7,\"end\":28,"
  "\"quote\":\"will send troops, and\",\"category\":\"debt-deal\",\"annotator\":\"Bo Østergaard\","
  "\"status\":\"draft\",\"certainty\":null,\"comment\":null,\"created\":\"2024-05-02T10:16:00Z\","
  "\"modified\":\"2024-05-02T10:16:00Z\",\"sources\":[]}\n";

static void
test_csv (Fixture       *f,
          gconstpointer  data)
{
  g_autofree char *csv = NULL;
  g_autofree char *accepted = NULL;
  AttestClaimFilter filter = { .status = "accepted" };

  load_small (f->store);
  csv = table (f->store, ATTEST_TABLE_FORMAT_CSV, NULL);
  g_assert_cmpstr (csv, ==, expected_csv);

  /* Filters apply as for TEI: the header and the accepted claim. */
  accepted = table (f->store, ATTEST_TABLE_FORMAT_CSV, &filter);
  g_assert_true (g_str_has_prefix (expected_csv, accepted));
  g_assert_cmpuint (strlen (accepted), <, strlen (expected_csv));
  g_assert_true (g_str_has_suffix (accepted, "55555555-0000-4000-8000-000000000002\r\n"));
}

static void
test_jsonl (Fixture       *f,
            gconstpointer  data)
{
  g_autofree char *jsonl = NULL;

  load_small (f->store);
  jsonl = table (f->store, ATTEST_TABLE_FORMAT_JSONL, NULL);
  g_assert_cmpstr (jsonl, ==, expected_jsonl);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/tei/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("samples-round-trip", test_samples_round_trip);
  ADD ("single-document", test_single_document);
  ADD ("filters", test_filters);
  ADD ("generated-round-trip", test_generated_round_trip);
  ADD ("small-round-trip", test_small_round_trip);
  ADD ("curation", test_curation);
  ADD ("tei-all", test_tei_all);
  ADD ("import-again", test_import_again);
  ADD ("bad-inputs", test_bad_inputs);
  ADD ("hostile-xml", test_hostile_xml);
  ADD ("quiet", test_quiet);
  ADD ("check", test_check);
  ADD ("progress-and-cancel", test_progress_and_cancel);
  ADD ("csv", test_csv);
  ADD ("jsonl", test_jsonl);
#undef ADD

  return g_test_run ();
}
