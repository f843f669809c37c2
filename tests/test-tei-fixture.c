/* test-tei-fixture.c — what the TEI and table tests (test-tei, test-tei-input,
 * test-tei-tables) share: the fixture, annotated stores, export, import and
 * validation helpers. */
#include "test-tei-fixture.h"

/* Text that plain XML cannot hold as it is: a lone CR, ESC, form feed,
 * U+FFFE; and what it must keep exactly: blank lines, spaces at either
 * end of a line, tabs, mojibake, curly quotes, a leading and a trailing
 * newline. */
const char odd_text[] =
  "\n"
  "Odd “article”: 30¢ªC in Dushanbe\r\n"
  "  indented line with trailing spaces  \n"
  "\n"
  "\n"
  "ESC here:\x1b and a form feed:\x0c and a noncharacter:\xef\xbf\xbe.\n"
  "\ttab-led line; Душанбе, 東京, عربى & <angle> \"quotes\"\n"
  "last line (Interfax, Moscow, December 1)\n";


AttestStore *
open_store (const char *path)
{
  g_autoptr(GError) error = NULL;
  AttestStore *store = attest_store_open (path, ATTEST_STORE_OPEN_DEFAULT, &error);

  g_assert_no_error (error);
  return store;
}

void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = attest_test_make_tmp_dir ("attest-tei-XXXXXX");
  f->path = g_build_filename (f->dir, "source.db", NULL);
  f->store = open_store (f->path);
  g_assert_true (attest_store_set_annotator (f->store, "Ana Analyst", NULL));
}

void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  /* The test holds the last reference: a leaked one fails here. */
  if (f->store != NULL)
    g_assert_finalize_object (g_steal_pointer (&f->store));
  attest_test_remove_tree (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

void
remove_db (const char *path)
{
  const char *suffixes[] = { "", "-wal", "-shm" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *p = g_strconcat (path, suffixes[i], NULL);
      g_remove (p);
    }
}

char *
tmp_path (Fixture    *f,
          const char *name)
{
  return g_build_filename (f->dir, name, NULL);
}

/* ---------------------------------------------------------------- helpers */

AttestDocument *
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

AttestClaim *
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

void
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

void
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
gint64
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
void
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

  for (guint i = 0; i < G_N_ELEMENTS (attest_test_samples); i++)
    g_ptr_array_add (docs, attest_test_import_sample (store, attest_test_samples[i], NULL));
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

char *
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

gboolean
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

gboolean
check_string (const char *xml,
              GError    **error)
{
  g_autoptr(GInputStream) in = g_memory_input_stream_new_from_data (g_strdup (xml), strlen (xml), g_free);

  return attest_tei_reader_check (in, "test.xml", NULL, error);
}

/* Every row of every table, in order: what "the database did not change"
 * means. */
char *
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
void
collect_error (void        *data,
               xmlErrorPtr  error)
{
  GString *errors = data;

  if (errors->len < 2000)
    g_string_append_printf (errors, "line %d: %s", error->line, error->message);
}

char *
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

xmlRelaxNGPtr
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

xmlRelaxNGPtr
attest_schema (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = g_resources_lookup_data ("/io/github/attest/Attest/core/attest-tei.rng",
                                                     G_RESOURCE_LOOKUP_FLAGS_NONE, &error);

  g_assert_no_error (error);
  return load_schema (bytes, NULL);
}

void
assert_valid (xmlRelaxNGPtr  schema,
              const char    *xml,
              gsize          len)
{
  g_autofree char *errors = validate (schema, xml, len);

  if (errors != NULL)
    g_error ("The export does not validate: %s", errors);
}

int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* History entries by (time, author), keeping their order among equals
 * (g_ptr_array_sort is not stable: the position breaks ties). */
static int
compare_changes (gconstpointer a,
                 gconstpointer b,
                 gpointer      data)
{
  const AttestHistoryEntry *x = *(AttestHistoryEntry * const *) a;
  const AttestHistoryEntry *y = *(AttestHistoryEntry * const *) b;
  int c = g_strcmp0 (x->at, y->at);

  if (c == 0)
    c = g_strcmp0 (x->annotator, y->annotator);
  if (c == 0)
    c = x->id < y->id ? -1 : x->id > y->id;
  return c;
}

/* Everything a round trip must keep, as text, from the public API. */
char *
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
      g_ptr_array_add (lines, g_strdup_printf ("doc %s %s %s|%s|%s|%s|%s|%s|%s|%s|%s|%" G_GINT64_FORMAT "|%"
                                               G_GINT64_FORMAT "|%s|%" G_GINT64_FORMAT "\n%s\n",
                                               d->uuid, d->sha256, d->title, d->publication, d->volume,
                                               d->issue, d->author, d->date, d->origin, d->format, d->encoding,
                                               d->length, d->body_start, d->imported, d->claim_count, d->text));
    }
  /* Articles imported in the same second come in the export's order (by
   * file name, then id), not by arrival: compare them as a set. */
  g_ptr_array_sort (lines, compare_strings);
  for (guint i = 0; i < lines->len; i++)
    g_string_append (out, g_ptr_array_index (lines, i));
  g_ptr_array_set_size (lines, 0);
  /* An import adds claims in the export's order, which puts claims on the
   * same passage by id, not by arrival: compare them as a set. */
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
      g_ptr_array_add (lines, g_strdup_printf ("claim %s %s %" G_GINT64_FORMAT ":%" G_GINT64_FORMAT
                                               " “%s” %s %s %s %s %s %s “%s” v%" G_GINT64_FORMAT " [%s]\n",
                                               c->uuid, c->document_uuid, c->start, c->end, c->quote,
                                               c->category, c->annotator, c->created, c->modified,
                                               c->status, c->certainty, c->comment, c->version, joined));
    }
  g_ptr_array_sort (lines, compare_strings);
  for (guint i = 0; i < lines->len; i++)
    g_string_append (out, g_ptr_array_index (lines, i));
  g_ptr_array_set_size (lines, 0);
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
  /* The export writes the history by time, then author, then arrival
   * (the same in every replica): an import adds it in that order. */
  g_ptr_array_sort_with_data (history, compare_changes, history);
  for (guint i = 0; i < history->len; i++)
    {
      AttestHistoryEntry *e = g_ptr_array_index (history, i);

      g_string_append_printf (out, "change %s %s %s %s %s %s %s|%s|%s\n", e->uuid, e->at,
                              e->annotator, e->entity, e->entity_uuid, e->action, e->field,
                              e->old_value, e->new_value);
    }
  return g_string_free (out, FALSE);
}

char *
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
void
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
char *
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

void
curated_clear (Curated *c)
{
  g_free (c->ana_cn);
  g_free (c->ben_cn);
  g_free (c->curated);
}

void
annotate_curated (AttestStore *store,
                  Curated     *out)
{
  g_autoptr(AttestDocument) doc = attest_test_import_sample (store, attest_test_samples[0], NULL);
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
char *
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
char *
replace_once (const char *xml,
              const char *from,
              const char *to)
{
  const char *at = strstr (xml, from);

  g_assert_nonnull (at);
  return g_strdup_printf ("%.*s%s%s", (int) (at - xml), xml, to, at + strlen (from));
}
