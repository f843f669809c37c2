/* test-refi-qda.c — REFI-QDA project export and import
 * (attest-format-refi-qda.c): the export of the samples valid against the
 * published Project.xsd, the exact XML of one claim, a round trip that
 * gives the same .qdpx byte for byte, positions after an astral character,
 * a project written in another tool's style, and refusals with their
 * messages and nothing imported. */
#include "config.h"

#include <archive.h>
#include <archive_entry.h>
#include <glib/gstdio.h>
#include <libxml/parser.h>
#include <libxml/xmlschemas.h>
#include <string.h>

#include "attest-category.h"
#include "attest-error.h"
#include "attest-format-refi-qda.h"
#include "attest-article-reader.h"
#include "attest-test-exchange.h"
#include "attest-zip.h"

typedef AttestTestExchange Fixture;

/* The comment on the samples' "regional operational group" claim, with
 * the characters this format must escape. */
#define GROUP_COMMENT "tab\there,\nnew line, back\\slash <&>"

/* The name-based UUID (RFC 4122 version 5) the export gives codes, users,
 * codings and notes, computed here on its own. */
static char *
name_guid (const char *kind,
           const char *name)
{
  static const guint8 ns[16] = {
    0x5b, 0x0e, 0x7c, 0x1d, 0x94, 0x2a, 0x4f, 0x63, 0xa1, 0x8e, 0x3d, 0x47, 0xc2, 0x19, 0x6f, 0x05,
  };
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA1);
  g_autofree char *input = g_strdup_printf ("%s:%s", kind, name);
  g_autoptr(GString) out = g_string_new (NULL);
  guint8 d[20];
  gsize len = sizeof d;

  g_checksum_update (sum, ns, sizeof ns);
  g_checksum_update (sum, (const guchar *) input, -1);
  g_checksum_get_digest (sum, d, &len);
  d[6] = (d[6] & 0x0f) | 0x50;
  d[8] = (d[8] & 0x3f) | 0x80;
  for (guint i = 0; i < 16; i++)
    g_string_append_printf (out, "%s%02x", i == 4 || i == 6 || i == 8 || i == 10 ? "-" : "", d[i]);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static gboolean
import_from (AttestStore        *store,
             const char         *path,
             AttestImportCounts *counts,
             GError            **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);

  return attest_refi_qda_import (store, file, counts, NULL, NULL, error);
}

static GBytes *
read_part (const char *qdpx,
           const char *part)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GMappedFile) mapped = g_mapped_file_new (qdpx, FALSE, &error);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(AttestZip) zip = NULL;
  GBytes *data;

  g_assert_no_error (error);
  bytes = g_mapped_file_get_bytes (mapped);
  zip = attest_zip_open (bytes, qdpx, &error);
  g_assert_no_error (error);
  data = attest_zip_read (zip, part, &error);
  g_assert_no_error (error);
  return data;
}

static char *
read_qde (const char *qdpx)
{
  g_autoptr(GBytes) bytes = read_part (qdpx, "project.qde");

  return g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

static la_ssize_t
collect (struct archive *a,
         void           *data,
         const void     *buffer,
         size_t          length)
{
  g_byte_array_append (data, buffer, length);
  return length;
}

/* A .qdpx written as another tool would: @parts are name, contents pairs. */
static void
write_zip (const char         *path,
           const char * const *parts)
{
  g_autoptr(GByteArray) out = g_byte_array_new ();
  struct archive *a = archive_write_new ();

  g_assert_cmpint (archive_write_set_format_zip (a), ==, ARCHIVE_OK);
  g_assert_cmpint (archive_write_set_bytes_in_last_block (a, 1), ==, ARCHIVE_OK);
  g_assert_cmpint (archive_write_open (a, out, NULL, collect, NULL), ==, ARCHIVE_OK);
  for (guint i = 0; parts[i]; i += 2)
    {
      struct archive_entry *e = archive_entry_new ();
      gsize len = strlen (parts[i + 1]);

      archive_entry_set_pathname (e, parts[i]);
      archive_entry_set_filetype (e, AE_IFREG);
      archive_entry_set_perm (e, 0644);
      archive_entry_set_size (e, len);
      g_assert_cmpint (archive_write_header (a, e), ==, ARCHIVE_OK);
      g_assert_cmpint (archive_write_data (a, parts[i + 1], len), ==, (la_ssize_t) len);
      archive_entry_free (e);
    }
  g_assert_cmpint (archive_write_close (a), ==, ARCHIVE_OK);
  archive_write_free (a);
  g_assert_true (g_file_set_contents (path, (const char *) out->data, out->len, NULL));
}

static void
assert_valid (const char *qde)
{
  const char *path = g_getenv ("ATTEST_REFI_QDA_SCHEMA");
  xmlSchemaParserCtxt *pctxt;
  xmlSchemaValidCtxt *vctxt;
  xmlSchema *schema;
  xmlDoc *doc;

  g_assert_nonnull (path);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  pctxt = xmlSchemaNewParserCtxt (path);
  schema = xmlSchemaParse (pctxt);
  g_assert_nonnull (schema);
  doc = xmlReadMemory (qde, strlen (qde), "project.qde", NULL, XML_PARSE_NONET);
  g_assert_nonnull (doc);
  vctxt = xmlSchemaNewValidCtxt (schema);
  g_assert_cmpint (xmlSchemaValidateDoc (vctxt, doc), ==, 0);
  xmlSchemaFreeValidCtxt (vctxt);
  xmlFreeDoc (doc);
  xmlSchemaFree (schema);
  xmlSchemaFreeParserCtxt (pctxt);
}

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
  g_autofree char *path = attest_test_exchange_file (f, "corpus.qdpx");
  g_autoptr(AttestClaim) group = NULL;
  g_autoptr(AttestDocument) d0 = attest_test_read_sample (attest_test_samples[0]);
  g_autoptr(GPtrArray) docs = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *qde = NULL;
  g_autofree char *user = name_guid ("annotator", "Ana Analyst");
  g_autofree char *code = name_guid ("category", "counter-narcotics");
  g_autofree char *coding = NULL;
  g_autofree char *note = NULL;
  g_autofree char *selection = NULL;
  g_autofree char *note_xml = NULL;
  g_autofree char *user_xml = NULL;
  AttestExportCounts counts = { 0 };

  attest_test_exchange_annotate (f->store, GROUP_COMMENT, &group);
  g_assert_nonnull (group);
  {
    g_autoptr(GFile) file = g_file_new_for_path (path);
    guint calls[2] = { 0, 0 };

    g_assert_true (attest_refi_qda_export (f->store, NULL, file, &counts, count_progress, calls, NULL, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (calls[0], ==, 5);
    g_assert_cmpuint (calls[1], ==, 5);
  }
  g_assert_cmpuint (counts.documents, ==, 5);
  g_assert_cmpuint (counts.claims, ==, 3);

  qde = attest_test_exchange_name_sources (f->store, read_qde (path));
  assert_valid (qde);

  /* The code's guid is the one its key gives, in every export. */
  g_assert_cmpstr (code, ==, "0456241e-564a-5180-ae02-adce3b34df7a");
  g_assert_nonnull (strstr (qde, "<Code guid=\"0456241e-564a-5180-ae02-adce3b34df7a\" "
                                 "name=\"Drug-control agency and counter-narcotics\" isCodable=\"true\" "
                                 "color=\"#aa3377\">\n"
                                 "        <Description>Drug-control agencies, counter-narcotics operations "
                                 "and programmes.</Description>\n      </Code>\n"));
  user_xml = g_strdup_printf ("  <Users>\n    <User guid=\"%s\" name=\"Ana Analyst\"/>\n  </Users>\n", user);
  g_assert_nonnull (strstr (qde, user_xml));

  coding = name_guid ("coding", group->uuid);
  note = name_guid ("comment", group->uuid);
  selection = g_strdup_printf (
    "      <PlainTextSelection guid=\"%s\" startPosition=\"831\" endPosition=\"857\" creatingUser=\"%s\" "
    "creationDateTime=\"%s\" modifyingUser=\"%s\" modifiedDateTime=\"%s\">\n"
    "        <Description>Status: accepted\nCertainty: high\nSource: Regnum, Moscow, November 30\n"
    "Source details: {&quot;id&quot;:&quot;urn:uuid:REGNUM&quot;,&quot;label&quot;:&quot;Regnum, Moscow, November 30&quot;,&quot;outside&quot;:false,"
    "&quot;outlet&quot;:&quot;Regnum&quot;,&quot;place&quot;:&quot;Moscow&quot;,&quot;date&quot;:&quot;November 30&quot;,&quot;when&quot;:&quot;--11-30&quot;}</Description>\n"
    "        <Coding guid=\"%s\" creatingUser=\"%s\" creationDateTime=\"%s\">\n"
    "          <CodeRef targetGUID=\"0456241e-564a-5180-ae02-adce3b34df7a\"/>\n"
    "        </Coding>\n"
    "        <NoteRef targetGUID=\"%s\"/>\n"
    "      </PlainTextSelection>\n",
    group->uuid, user, group->created, user, group->modified, coding, user, group->created, note);
  g_assert_nonnull (strstr (qde, selection));
  note_xml = g_strdup_printf ("  <Notes>\n    <Note guid=\"%s\" name=\"Comment\" creatingUser=\"%s\" "
                              "creationDateTime=\"%s\">\n"
                              "      <PlainTextContent>tab\there,\nnew line, back\\slash &lt;&amp;&gt;"
                              "</PlainTextContent>\n    </Note>\n  </Notes>\n</Project>\n",
                              note, user, group->modified);
  g_assert_true (g_str_has_suffix (qde, note_xml));
  g_assert_nonnull (strstr (qde, "<Description>Status: draft\nSource: Outside Wire, Paris\n"
                                 "Source details: {&quot;id&quot;:&quot;urn:uuid:OUTSIDE-WIRE&quot;,&quot;label&quot;:&quot;Outside Wire, Paris&quot;,"
                                 "&quot;outside&quot;:true,&quot;outlet&quot;:&quot;Outside Wire&quot;,&quot;place&quot;:&quot;Paris&quot;}</Description>"));

  /* Each article's text, exactly, where its source says. */
  docs = attest_store_list_documents (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (docs->len, ==, 5);
  for (guint i = 0; i < docs->len; i++)
    {
      AttestDocument *doc = g_ptr_array_index (docs, i);
      g_autoptr(AttestDocument) full = attest_store_get_document (f->store, doc->uuid, &error);
      g_autofree char *part = g_strdup_printf ("sources/%s.txt", doc->uuid);
      g_autofree char *attr = g_strdup_printf ("plainTextPath=\"internal://%s.txt\"", doc->uuid);
      g_autoptr(GBytes) text = read_part (path, part);

      g_assert_no_error (error);
      g_assert_cmpmem (g_bytes_get_data (text, NULL), g_bytes_get_size (text), full->text, strlen (full->text));
      g_assert_nonnull (strstr (qde, attr));
      if (g_str_equal (full->sha256, d0->sha256))
        {
          g_autofree char *head = g_strdup_printf ("<TextSource guid=\"%s\" name=\"Eurasia Daily Monitor 226\" "
                                                   "plainTextPath", doc->uuid);

          g_assert_nonnull (strstr (qde, head));
        }
    }
}

/* A cancelled or failed export leaves the file named as it was. */
static void
test_export_atomic (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *path = attest_test_exchange_file (f, "kept.qdpx");
  g_autofree char *kept = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = NULL;
  guint n = 0;

  g_assert_true (g_file_set_contents (path, "an earlier export", -1, NULL));
  /* No article yet: nothing to export. */
  g_assert_false (attest_refi_qda_export (f->store, NULL, file, NULL, NULL, NULL, NULL, &error));
  g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_NOT_FOUND);
  g_clear_error (&error);

  attest_test_exchange_annotate (f->store, GROUP_COMMENT, NULL);
  g_cancellable_cancel (cancellable);
  g_assert_false (attest_refi_qda_export (f->store, NULL, file, NULL, NULL, NULL, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  kept = attest_test_read_file (path);
  g_assert_cmpstr (kept, ==, "an earlier export");
  dir = g_dir_open (f->dir, 0, NULL);
  for (const char *name; (name = g_dir_read_name (dir));)
    n += !g_str_has_prefix (name, "source.db");
  g_assert_cmpuint (n, ==, 1);  /* kept.qdpx beside the database, nothing half-written */
}

/* A comment may hold control characters XML 1.0 cannot: they become
 * U+FFFD, and the project stays valid. */
static void
test_control_characters (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *path = attest_test_exchange_file (f, "bell.qdpx");
  g_autoptr(AttestDocument) d0 = attest_test_import_sample (f->store, attest_test_samples[0], NULL);
  g_autoptr(AttestClaim) claim = attest_test_add_claim (f->store, d0->uuid, 831, 857, "counter-narcotics");
  g_autofree char *qde = NULL;

  attest_test_edit_claim (f->store, claim->uuid, "comment", "bell\a, tab\t, escape\x1b.");
  attest_test_exchange_export (attest_refi_qda_export, f->store, path, NULL, NULL);
  qde = read_qde (path);
  assert_valid (qde);
  g_assert_nonnull (strstr (qde, "<PlainTextContent>bell\xEF\xBF\xBD, tab\t, escape\xEF\xBF\xBD.</PlainTextContent>"));
}

/* The code book nests categories by parent; a retired one is not codable;
 * a category the database lacks comes back on import with its key made
 * from its name, its label, colour and parent. */
static void
test_code_book (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *path = attest_test_exchange_file (f, "codes.qdpx");
  g_autofree char *copy_path = attest_test_exchange_file (f, "codes.db");
  g_autoptr(AttestStore) copy = attest_test_exchange_open_store (copy_path);
  g_autoptr(AttestCategory) child = attest_category_new ();
  g_autoptr(AttestCategory) border = NULL;
  g_autoptr(AttestCategory) back = NULL;
  g_autoptr(AttestDocument) d0 = attest_test_import_sample (f->store, attest_test_samples[0], NULL);
  g_autoptr(AttestClaim) claim = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *qde = NULL;
  g_autofree char *nested = NULL;
  g_autofree char *child_guid = name_guid ("category", "border-crossing");

  child->key = g_strdup ("border-crossing");
  child->label = g_strdup ("Border crossing & checkpoint");
  child->color = g_strdup ("#123abc");
  child->parent_key = g_strdup ("border-security");
  child->shortcut = -1;
  g_assert_true (attest_store_add_category (f->store, child, &error));
  g_assert_no_error (error);
  border = attest_store_get_category (f->store, "border-security", &error);
  g_assert_no_error (error);
  border->retired = TRUE;
  g_assert_true (attest_store_update_category (f->store, border, &error));
  g_assert_no_error (error);
  claim = attest_test_add_claim (f->store, d0->uuid, 831, 857, "border-crossing");

  attest_test_exchange_export (attest_refi_qda_export, f->store, path, NULL, NULL);
  qde = read_qde (path);
  assert_valid (qde);
  nested = g_strdup_printf ("<Code guid=\"35918129-d8c2-5840-a840-b691c6a14365\" name=\"Border security\" "
                            "isCodable=\"false\" color=\"#cc79a7\">\n"
                            "        <Description>Border guards, border control and frontier protection.</Description>\n"
                            "        <Code guid=\"%s\" name=\"Border crossing &amp; checkpoint\" isCodable=\"true\" "
                            "color=\"#123abc\"/>\n"
                            "      </Code>\n", child_guid);
  g_assert_nonnull (strstr (qde, nested));

  g_assert_true (import_from (copy, path, NULL, &error));
  g_assert_no_error (error);
  back = attest_store_get_category (copy, "border-crossing-checkpoint", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (back->label, ==, "Border crossing & checkpoint");
  g_assert_cmpstr (back->color, ==, "#123abc");
  /* Its nesting travels; the parent the copy has keeps its own state. */
  g_assert_cmpstr (back->parent_key, ==, "border-security");
  g_assert_null (back->description);
  g_assert_false (back->retired);
  g_clear_object (&border);
  border = attest_store_get_category (copy, "border-security", &error);
  g_assert_no_error (error);
  g_assert_false (border->retired);
  g_assert_finalize_object (g_steal_pointer (&copy));
}

/* The compiled-in schema is the published one. */
static void
test_schema_copy (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GBytes) inside = g_resources_lookup_data ("/io/github/attest/Attest/core/refi-qda-project.xsd",
                                                      G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  g_autofree char *published = attest_test_read_file (g_getenv ("ATTEST_REFI_QDA_SCHEMA"));

  g_assert_nonnull (inside);
  g_assert_cmpmem (g_bytes_get_data (inside, NULL), g_bytes_get_size (inside), published, strlen (published));
}

static gint
compare_lines (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* Claims as comparable lines, everything that travels. */
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
      g_autoptr(GPtrArray) claims = attest_store_list_claims (store, &(AttestClaimFilter) { .document = doc->uuid },
                                                              &error);

      g_assert_no_error (error);
      for (guint k = 0; k < claims->len; k++)
        {
          AttestClaim *c = g_ptr_array_index (claims, k);

          g_ptr_array_add (lines, g_strdup_printf ("%s %s %s %" G_GINT64_FORMAT " %" G_GINT64_FORMAT
                                                   " %s %s %s %s %s %s %s %u “%s”",
                                                   doc->uuid, doc->sha256, c->uuid, c->start, c->end, c->category,
                                                   c->annotator, c->status, c->certainty ? c->certainty : "-",
                                                   c->comment ? c->comment : "-", c->created, c->modified,
                                                   c->source_uuids->len, c->quote));
        }
    }
  g_ptr_array_sort (lines, compare_lines);
  for (guint i = 0; i < lines->len; i++)
    g_string_append_printf (out, "%s\n", (char *) g_ptr_array_index (lines, i));
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
assert_same_files (const char *a,
                   const char *b)
{
  g_autofree char *ca = NULL;
  g_autofree char *cb = NULL;
  gsize la = 0, lb = 0;

  g_assert_true (g_file_get_contents (a, &ca, &la, NULL));
  g_assert_true (g_file_get_contents (b, &cb, &lb, NULL));
  g_assert_cmpmem (ca, la, cb, lb);
}

/* Sources travel whole: two outside sources of one label stay two, with
 * their ids and addresses, beside the article's source; a second export
 * gives the same bytes. */
static gboolean
import_file (AttestStore *store,
             GFile       *file,
             GError     **error)
{
  return attest_refi_qda_import (store, file, NULL, NULL, NULL, error);
}

static void
test_round_trip_sources (Fixture       *f,
                         gconstpointer  data)
{
  attest_test_exchange_round_trip_sources (f, attest_refi_qda_export, import_file, ".qdpx");
}

static void
test_round_trip (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *first = attest_test_exchange_file (f, "first.qdpx");
  g_autofree char *second = attest_test_exchange_file (f, "second.qdpx");
  g_autofree char *copy_path = attest_test_exchange_file (f, "copy.db");
  g_autoptr(AttestStore) copy = attest_test_exchange_open_store (copy_path);
  g_autoptr(GError) error = NULL;
  g_autofree char *claims_a = NULL;
  g_autofree char *claims_b = NULL;
  g_autoptr(GPtrArray) sources = NULL;
  AttestImportCounts counts = { 0 };
  gboolean found = FALSE;

  attest_test_exchange_annotate (f->store, GROUP_COMMENT, NULL);
  attest_test_exchange_export (attest_refi_qda_export, f->store, first, NULL, NULL);

  g_assert_true (import_from (copy, first, &counts, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (counts.documents_added, ==, 5);
  g_assert_cmpuint (counts.claims_added, ==, 3);
  g_assert_cmpuint (counts.categories_added, ==, 0);
  attest_test_exchange_export (attest_refi_qda_export, copy, second, NULL, NULL);
  assert_same_files (first, second);

  /* The same claims: ids, annotator, times, comment, sources. */
  claims_a = dup_claims (f->store);
  claims_b = dup_claims (copy);
  g_assert_cmpstr (claims_a, ==, claims_b);

  sources = attest_store_list_sources (copy, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < sources->len; i++)
    {
      g_autofree char *label = attest_source_dup_label (g_ptr_array_index (sources, i));

      found |= g_str_equal (label, "Outside Wire, Paris");
    }
  g_assert_true (found);

  /* Into the database it came from: nothing new. */
  memset (&counts, 0, sizeof counts);
  g_assert_true (import_from (f->store, first, &counts, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (counts.documents_added, ==, 0);
  g_assert_cmpuint (counts.documents_existing, ==, 5);
  g_assert_cmpuint (counts.claims_added, ==, 0);
  g_assert_cmpuint (counts.claims_existing, ==, 3);
  g_clear_pointer (&claims_b, g_free);
  claims_b = dup_claims (f->store);
  g_assert_cmpstr (claims_a, ==, claims_b);
  g_assert_finalize_object (g_steal_pointer (&copy));
}

static void
add_category (AttestStore *store,
              const char  *key,
              const char  *label,
              const char  *description,
              const char  *parent,
              gboolean     retired)
{
  g_autoptr(AttestCategory) c = attest_category_new ();
  g_autoptr(GError) error = NULL;

  c->key = g_strdup (key);
  c->label = g_strdup (label);
  c->description = g_strdup (description);
  c->color = g_strdup ("#4477aa");
  c->parent_key = g_strdup (parent);
  c->shortcut = -1;
  attest_store_add_category (store, c, &error);
  g_assert_no_error (error);
  if (!retired)
    return;
  g_clear_object (&c);
  c = attest_store_get_category (store, key, &error);
  g_assert_no_error (error);
  c->retired = TRUE;
  g_assert_true (attest_store_update_category (store, c, &error));
  g_assert_no_error (error);
}

/* The taxonomy in its order, one line a category, all that travels. */
static char *
dup_taxonomy (AttestStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) taxonomy = attest_store_list_categories (store, TRUE, &error);
  g_autoptr(GString) out = g_string_new (NULL);

  g_assert_no_error (error);
  for (guint i = 0; i < taxonomy->len; i++)
    {
      AttestCategory *c = g_ptr_array_index (taxonomy, i);

      g_string_append_printf (out, "%s|%s|%s|%s|%s|%s|%d\n", c->key, c->label, c->color,
                              c->description ? c->description : "-", c->parent_key ? c->parent_key : "-",
                              c->retired ? "retired" : "live", c->shortcut);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* A renamed category, a new one with a description under a default one,
 * one nested under that, and a retired one no claim uses: into an empty
 * database, they come back as they were, in their places. */
static void
test_category_details (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *first = attest_test_exchange_file (f, "first.qdpx");
  g_autofree char *second = attest_test_exchange_file (f, "second.qdpx");
  g_autofree char *copy_path = attest_test_exchange_file (f, "copy.db");
  g_autoptr(AttestStore) copy = attest_test_exchange_open_store (copy_path);
  g_autoptr(AttestCategory) exercise = NULL;
  g_autoptr(AttestCategory) back = NULL;
  g_autoptr(AttestClaim) group = NULL;
  g_autoptr(AttestClaim) fire = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *taxonomy_a = NULL;
  g_autofree char *taxonomy_b = NULL;
  g_autofree char *claims_a = NULL;
  g_autofree char *claims_b = NULL;
  AttestImportCounts counts = { 0 };

  attest_test_exchange_annotate (f->store, GROUP_COMMENT, &group);
  exercise = attest_store_get_category (f->store, "military-exercise", &error);
  g_assert_no_error (error);
  g_free (exercise->label);
  exercise->label = g_strdup ("Field exercise");
  g_assert_true (attest_store_update_category (f->store, exercise, &error));
  g_assert_no_error (error);
  add_category (f->store, "staff-drills", "Staff drills", "Drills, courses and <live> practice.",
                "military-exercise", FALSE);
  add_category (f->store, "live-fire", "Live fire", NULL, "staff-drills", FALSE);
  add_category (f->store, "obsolete", "Obsolete", "No longer in use.", NULL, TRUE);
  fire = attest_test_add_claim (f->store, group->document_uuid, 831, 857, "live-fire");
  attest_test_exchange_export (attest_refi_qda_export, f->store, first, NULL, NULL);

  g_assert_true (import_from (copy, first, &counts, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (counts.categories_added, ==, 3);
  g_assert_cmpuint (counts.claims_added, ==, 4);
  attest_test_exchange_export (attest_refi_qda_export, copy, second, NULL, NULL);
  assert_same_files (first, second);

  taxonomy_a = dup_taxonomy (f->store);
  taxonomy_b = dup_taxonomy (copy);
  g_assert_cmpstr (taxonomy_a, ==, taxonomy_b);
  g_assert_true (g_str_has_suffix (taxonomy_b,
                                   "staff-drills|Staff drills|#4477aa|Drills, courses and <live> practice.|military-exercise|live|-1\n"
                                   "live-fire|Live fire|#4477aa|-|staff-drills|live|-1\n"
                                   "obsolete|Obsolete|#4477aa|No longer in use.|-|retired|-1\n"));
  back = attest_store_get_category (copy, "military-exercise", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (back->label, ==, "Field exercise");
  claims_a = dup_claims (f->store);
  claims_b = dup_claims (copy);
  g_assert_cmpstr (claims_a, ==, claims_b);

  /* Again into the copy: every category is known, nothing changes. */
  memset (&counts, 0, sizeof counts);
  g_assert_true (import_from (copy, first, &counts, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (counts.categories_added, ==, 0);
  g_assert_cmpuint (counts.claims_added, ==, 0);
  g_clear_pointer (&taxonomy_b, g_free);
  taxonomy_b = dup_taxonomy (copy);
  g_assert_cmpstr (taxonomy_a, ==, taxonomy_b);
  g_assert_finalize_object (g_steal_pointer (&copy));
}

/* Positions count code points, as QualCoder (Python) does: the emoji
 * before the claim is one, not two (UTF-16) nor four (UTF-8 bytes). */
static void
test_astral (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *path = attest_test_exchange_file (f, "astral.qde");
  g_autofree char *out = attest_test_exchange_file (f, "astral.qdpx");
  g_autofree char *qde = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) claims = NULL;
  AttestClaim *c;

  g_assert_true (g_file_set_contents (path,
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<Project xmlns=\"urn:QDA-XML:project:1.0\" name=\"astral\">\n"
    "  <CodeBook><Codes><Code guid=\"{3F2504E0-4F89-11D3-9A0C-0305E82C3301}\" name=\"Troop deployment\" "
    "isCodable=\"true\"/></Codes></CodeBook>\n"
    "  <Sources>\n"
    "    <TextSource guid=\"11111111-2222-4333-8444-555555555555\" name=\"Smile\">\n"
    "      <PlainTextContent>Smile \xF0\x9F\x98\x80 troops arrived.</PlainTextContent>\n"
    "      <PlainTextSelection guid=\"aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee\" startPosition=\"8\" endPosition=\"14\">\n"
    "        <Coding guid=\"aaaaaaaa-bbbb-4ccc-8ddd-ffffffffffff\">"
    "<CodeRef targetGUID=\"3f2504e0-4f89-11d3-9a0c-0305e82c3301\"/></Coding>\n"
    "      </PlainTextSelection>\n"
    "    </TextSource>\n"
    "  </Sources>\n"
    "</Project>\n", -1, NULL));
  g_assert_true (import_from (f->store, path, NULL, &error));
  g_assert_no_error (error);
  claims = attest_store_list_claims (f->store, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (claims->len, ==, 1);
  c = g_ptr_array_index (claims, 0);
  g_assert_cmpstr (c->quote, ==, "troops");
  g_assert_cmpint (c->start, ==, 8);
  g_assert_cmpint (c->end, ==, 14);
  g_assert_cmpstr (c->uuid, ==, "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee");
  /* Matched to the default category by its label. */
  g_assert_cmpstr (c->category, ==, "troop-deployment");

  attest_test_exchange_export (attest_refi_qda_export, f->store, out, NULL, NULL);
  qde = read_qde (out);
  g_assert_nonnull (strstr (qde, "<PlainTextSelection guid=\"aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee\" "
                                 "startPosition=\"8\" endPosition=\"14\" "));
}

/* As QualCoder writes one: nested codes, text inline, no notes, its own
 * users; a coding memo as the selection's Description; a picture source. */
static const char qualcoder_qde[] =
  "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
  "<Project xmlns=\"urn:QDA-XML:project:1.0\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
  "name=\"Fieldwork\" origin=\"QualCoder 3.5\" creationDateTime=\"2024-05-02T09:30:00Z\">\n"
  "<Users><User guid=\"0f8fad5b-d9cb-469f-a165-70867728950e\" name=\"mira\"/></Users>\n"
  "<CodeBook><Codes>\n"
  "<Code guid=\"7c9e6679-7425-40de-944b-e07fc1f90ae7\" name=\"Military\" isCodable=\"true\" color=\"#F00\">\n"
  "  <Description>All things military</Description>\n"
  "  <Code guid=\"16fd2706-8baf-433b-82eb-8c7fada847da\" name=\"Joint drills (2024)\" isCodable=\"true\" "
  "color=\"#1A2b3C\"/>\n"
  "</Code>\n"
  "<Code guid=\"886313e1-3b8a-5372-9b90-0c9aee199e5d\" name=\"border SECURITY\" isCodable=\"true\"/>\n"
  "</Codes></CodeBook>\n"
  "<Sources>\n"
  "<PictureSource guid=\"9b2d5a4c-1b7e-4f7f-8f2a-3c5d6e7f8a9b\" name=\"map.png\" path=\"internal://map.png\"/>\n"
  "<TextSource guid=\"c56a4180-65aa-42ec-a945-5fd21dec0538\" name=\"Interview 1\" "
  "creatingUser=\"0f8fad5b-d9cb-469f-a165-70867728950e\" creationDateTime=\"2024-05-02T09:31:00Z\">\n"
  "<PlainTextContent>Joint drills began on Monday. The border is closed.</PlainTextContent>\n"
  "<PlainTextSelection guid=\"6ba7b810-9dad-41d1-80b4-00c04fd430c8\" name=\"Joint drills\" startPosition=\"0\" "
  "endPosition=\"12\" creatingUser=\"0f8fad5b-d9cb-469f-a165-70867728950e\" "
  "creationDateTime=\"2024-05-02T11:00:00+02:00\">\n"
  "<Description>seen twice</Description>\n"
  "<Coding guid=\"6ba7b811-9dad-41d1-80b4-00c04fd430c8\" creatingUser=\"0f8fad5b-d9cb-469f-a165-70867728950e\">"
  "<CodeRef targetGUID=\"16fd2706-8baf-433b-82eb-8c7fada847da\"/></Coding>\n"
  "<Coding guid=\"6ba7b812-9dad-41d1-80b4-00c04fd430c8\" creatingUser=\"0f8fad5b-d9cb-469f-a165-70867728950e\">"
  "<CodeRef targetGUID=\"7c9e6679-7425-40de-944b-e07fc1f90ae7\"/></Coding>\n"
  "</PlainTextSelection>\n"
  "<PlainTextSelection guid=\"6ba7b814-9dad-41d1-80b4-00c04fd430c8\" startPosition=\"30\" endPosition=\"51\">\n"
  "<Coding guid=\"6ba7b815-9dad-41d1-80b4-00c04fd430c8\">"
  "<CodeRef targetGUID=\"886313e1-3b8a-5372-9b90-0c9aee199e5d\"/></Coding>\n"
  "</PlainTextSelection>\n"
  "</TextSource>\n"
  "</Sources>\n"
  "</Project>\n";

static void
test_qualcoder (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *path = attest_test_exchange_file (f, "fieldwork.qdpx");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) claims = NULL;
  g_autoptr(GPtrArray) cats = NULL;
  g_autoptr(GPtrArray) docs = NULL;
  g_autofree char *lines = NULL;
  AttestImportCounts counts = { 0 };
  guint skipped = 0;
  guint found = 0;

  write_zip (path, (const char *[]) { "project.qde", qualcoder_qde, NULL });
  {
    g_autoptr(GFile) file = g_file_new_for_path (path);

    g_assert_true (attest_refi_qda_import (f->store, file, &counts, &skipped, NULL, &error));
    g_assert_no_error (error);
  }
  g_assert_cmpuint (skipped, ==, 1);
  g_assert_cmpuint (counts.documents_added, ==, 1);
  g_assert_cmpuint (counts.claims_added, ==, 3);
  g_assert_cmpuint (counts.categories_added, ==, 2);
  /* mira, and this store's own annotator on its first import. */
  g_assert_cmpuint (counts.annotators_added, ==, 2);

  docs = attest_store_list_documents (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (docs->len, ==, 1);
  g_assert_cmpstr (((AttestDocument *) g_ptr_array_index (docs, 0))->title, ==, "Interview 1");
  g_assert_cmpstr (((AttestDocument *) g_ptr_array_index (docs, 0))->uuid, ==,
                   "c56a4180-65aa-42ec-a945-5fd21dec0538");

  /* One line per claim, without what the import chose itself (a new
   * claim's id, the time of a claim without one). */
  claims = attest_store_list_claims (f->store, NULL, &error);
  g_assert_no_error (error);
  {
    g_autoptr(GPtrArray) shown = g_ptr_array_new_with_free_func (g_free);
    g_autoptr(GString) all = g_string_new (NULL);

    for (guint i = 0; i < claims->len; i++)
      {
        AttestClaim *c = g_ptr_array_index (claims, i);
        gboolean own = g_str_has_prefix (c->uuid, "6ba7b8");

        g_ptr_array_add (shown, g_strdup_printf ("%" G_GINT64_FORMAT "-%" G_GINT64_FORMAT " %s %s %s %s %s %s “%s”",
                                                 c->start, c->end, c->category, c->annotator, c->status,
                                                 c->comment ? c->comment : "-", own ? c->uuid : "(new id)",
                                                 c->source_uuids->len == 0 && g_str_has_prefix (c->created, "2024")
                                                   ? c->created : "(now)", c->quote));
      }
    g_ptr_array_sort (shown, compare_lines);
    for (guint i = 0; i < shown->len; i++)
      g_string_append_printf (all, "%s\n", (char *) g_ptr_array_index (shown, i));
    lines = g_string_free (g_steal_pointer (&all), FALSE);
  }
  g_assert_cmpstr (lines, ==,
    "0-12 joint-drills-2024 mira draft seen twice 6ba7b810-9dad-41d1-80b4-00c04fd430c8 2024-05-02T09:00:00Z "
    "“Joint drills”\n"
    "0-12 military mira draft seen twice (new id) 2024-05-02T09:00:00Z “Joint drills”\n"
    "30-51 border-security Ana Analyst draft - 6ba7b814-9dad-41d1-80b4-00c04fd430c8 (now) "
    "“The border is closed.”\n");

  /* The two new categories: key from the name, its label and colour. */
  cats = attest_store_list_categories (f->store, TRUE, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < cats->len; i++)
    {
      AttestCategory *c = g_ptr_array_index (cats, i);

      if (g_str_equal (c->key, "military"))
        {
          g_assert_cmpstr (c->label, ==, "Military");
          g_assert_cmpstr (c->color, ==, "#ff0000");
          found++;
        }
      else if (g_str_equal (c->key, "joint-drills-2024"))
        {
          g_assert_cmpstr (c->label, ==, "Joint drills (2024)");
          g_assert_cmpstr (c->color, ==, "#1a2b3c");
          found++;
        }
    }
  g_assert_cmpuint (found, ==, 2);
}

#define HEAD \
  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Project xmlns=\"urn:QDA-XML:project:1.0\" name=\"p\">\n" \
  "<CodeBook><Codes><Code guid=\"7c9e6679-7425-40de-944b-e07fc1f90ae7\" name=\"Drills\" isCodable=\"true\"/>" \
  "</Codes></CodeBook>\n"
#define SOURCE(inner) \
  "<Sources><TextSource guid=\"c56a4180-65aa-42ec-a945-5fd21dec0538\">\n" \
  "<PlainTextContent>Joint drills began.</PlainTextContent>\n" inner "</TextSource></Sources>\n"
#define SELECTION(attrs, inner) \
  "<PlainTextSelection guid=\"6ba7b810-9dad-41d1-80b4-00c04fd430c8\" " attrs ">" inner "</PlainTextSelection>\n"
#define CODING(code) \
  "<Coding guid=\"6ba7b811-9dad-41d1-80b4-00c04fd430c8\"><CodeRef targetGUID=\"" code "\"/></Coding>"
#define DRILLS CODING ("7c9e6679-7425-40de-944b-e07fc1f90ae7")

static const struct {
  const char *qde;
  const char *message;
} refusals[] = {
  { HEAD SOURCE (SELECTION ("startPosition=\"6\" endPosition=\"40\"", DRILLS)) "</Project>\n",
    "bad.qde, line 6: the endPosition 40 is past the end of the text (19 characters)" },
  { HEAD SOURCE (SELECTION ("startPosition=\"-1\" endPosition=\"5\"", DRILLS)) "</Project>\n",
    "bad.qde, line 6: the startPosition “-1” is not a position in the text (a number from 0)" },
  { HEAD SOURCE (SELECTION ("startPosition=\"12\" endPosition=\"6\"", DRILLS)) "</Project>\n",
    "bad.qde, line 6: the span 12:6 is outside the text (0:19) or empty" },
  { HEAD SOURCE (SELECTION ("startPosition=\"6\" endPosition=\"12\"",
                            CODING ("16fd2706-8baf-433b-82eb-8c7fada847da"))) "</Project>\n",
    "bad.qde, line 6: the coding refers to the code 16fd2706-8baf-433b-82eb-8c7fada847da, "
    "which the project does not define" },
  { HEAD SOURCE (SELECTION ("startPosition=\"6\" endPosition=\"12\"",
                            "<Description>Status: settled</Description>" DRILLS)) "</Project>\n",
    "bad.qde, line 6: “settled” is not a status (draft, accepted or rejected)" },
  { HEAD SOURCE (SELECTION ("startPosition=\"6\" endPosition=\"12\"",
                            DRILLS "<NoteRef targetGUID=\"6ba7b819-9dad-41d1-80b4-00c04fd430c8\"/>")) "</Project>\n",
    "bad.qde, line 6: the note 6ba7b819-9dad-41d1-80b4-00c04fd430c8 is not in the project" },
  { HEAD "<Sources><TextSource guid=\"c56a4180-65aa-42ec-a945-5fd21dec0538\" plainTextPath=\"internal://a.txt\"/>"
    "</Sources></Project>\n",
    "bad.qde, line 4: the text “internal://a.txt” is in the .qdpx file, not beside a bare project.qde" },
  { HEAD SOURCE (SELECTION ("startPosition=\"6\" endPosition=\"12\"", "<Coding/>")) "</Project>\n",
    "bad.qde, line 6: not a valid REFI-QDA project: Element '{urn:QDA-XML:project:1.0}Coding': "
    "The attribute 'guid' is required but missing." },
  { HEAD SOURCE (SELECTION ("startPosition=\"6\" endPosition=\"12\"", DRILLS)
                 SELECTION ("startPosition=\"0\" endPosition=\"5\"", DRILLS)) "</Project>\n",
    "bad.qde, line 7: the guid 6ba7b810-9dad-41d1-80b4-00c04fd430c8 is used twice" },
  /* A user named by a selection must be one of the project's, and one. */
  { "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Project xmlns=\"urn:QDA-XML:project:1.0\" name=\"p\">\n"
    "<Users><User guid=\"a0000000-0000-4000-8000-000000000001\" name=\"Ana\"/></Users>\n"
    "<CodeBook><Codes><Code guid=\"7c9e6679-7425-40de-944b-e07fc1f90ae7\" name=\"Drills\" isCodable=\"true\"/>"
    "</Codes></CodeBook>\n"
    SOURCE (SELECTION ("startPosition=\"6\" endPosition=\"12\" creatingUser=\"a0000000-0000-4000-8000-000000000009\"",
                       DRILLS)) "</Project>\n",
    "bad.qde, line 7: the selection names the user a0000000-0000-4000-8000-000000000009, which the project does not define" },
  { "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Project xmlns=\"urn:QDA-XML:project:1.0\" name=\"p\">\n"
    "<Users><User guid=\"a0000000-0000-4000-8000-000000000001\" name=\"Ana\"/>\n"
    "<User guid=\"a0000000-0000-4000-8000-000000000001\" name=\"Bob\"/></Users>\n</Project>\n",
    "bad.qde, line 4: the user a0000000-0000-4000-8000-000000000001 is defined twice" },
  { "<?xml version=\"1.0\"?>\n<Project xmlns=\"urn:QDA-XML:project:1.0\" name=\"p\">\n<Sources>\n</Project>\n",
    "bad.qde, line 4: not well-formed XML: Opening and ending tag mismatch: Sources line 3 and Project" },
};

/* Each refused with its message naming the file and line, nothing kept. */
static void
test_refusals (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *path = attest_test_exchange_file (f, "bad.qde");

  for (guint i = 0; i < G_N_ELEMENTS (refusals); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) docs = NULL;

      g_assert_true (g_file_set_contents (path, refusals[i].qde, -1, NULL));
      g_assert_false (import_from (f->store, path, NULL, &error));
      g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_FORMAT);
      g_assert_cmpstr (error->message, ==, refusals[i].message);
      g_clear_error (&error);
      docs = attest_store_list_documents (f->store, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (docs->len, ==, 0);
    }
}

/* A code's name that cannot start a key, or is too long for one. */
static void
test_key_from_name (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *path = attest_test_exchange_file (f, "keys.qde");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) claims = NULL;

  g_assert_true (g_file_set_contents (path,
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Project xmlns=\"urn:QDA-XML:project:1.0\" name=\"p\">\n"
    "<CodeBook><Codes><Code guid=\"7c9e6679-7425-40de-944b-e07fc1f90ae7\" isCodable=\"true\" "
    "name=\"2024 Übungen – sehr lange Bezeichnung einer Kategorie, die kein Schlüssel fassen kann\"/>"
    "</Codes></CodeBook>\n"
    SOURCE (SELECTION ("startPosition=\"6\" endPosition=\"12\"", DRILLS)) "</Project>\n", -1, NULL));
  g_assert_true (import_from (f->store, path, NULL, &error));
  g_assert_no_error (error);
  claims = attest_store_list_claims (f->store, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (claims->len, ==, 1);
  g_assert_cmpstr (((AttestClaim *) g_ptr_array_index (claims, 0))->category, ==,
                   "code-2024-ubungen-sehr-lange-bezeichnung-einer-kategorie-die-kei");
  g_assert_cmpstr (((AttestClaim *) g_ptr_array_index (claims, 0))->quote, ==, "drills");
}

/* Distinct codes whose names give one key (no Latin letter at all, or
 * the same letters) stay distinct categories; the key of a category the
 * database has is not taken by a code of another name. */
static void
test_distinct_codes (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *path = attest_test_exchange_file (f, "codes.qde");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) claims = NULL;
  g_autoptr(GHashTable) keys = g_hash_table_new (g_str_hash, g_str_equal);

#define CODE(guid, name) "<Code guid=\"" guid "\" isCodable=\"true\" name=\"" name "\"/>"
#define SEL(n, start, end, code) \
  "<PlainTextSelection guid=\"20000000-0000-4000-8000-00000000000" n "\" startPosition=\"" start \
  "\" endPosition=\"" end "\"><Coding guid=\"30000000-0000-4000-8000-00000000000" n "\">" \
  "<CodeRef targetGUID=\"" code "\"/></Coding></PlainTextSelection>\n"
  g_assert_true (g_file_set_contents (path,
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Project xmlns=\"urn:QDA-XML:project:1.0\" name=\"p\">\n"
    "<CodeBook><Codes>"
    CODE ("10000000-0000-4000-8000-000000000001", "Войска")
    CODE ("10000000-0000-4000-8000-000000000002", "Армия")
    CODE ("10000000-0000-4000-8000-000000000003", "Joint drills")
    CODE ("10000000-0000-4000-8000-000000000004", "Joint-Drills?")
    CODE ("10000000-0000-4000-8000-000000000005", "troop_deployment")
    "</Codes></CodeBook>\n"
    "<Sources><TextSource guid=\"c56a4180-65aa-42ec-a945-5fd21dec0538\">\n"
    "<PlainTextContent>Joint drills began.</PlainTextContent>\n"
    SEL ("1", "0", "5", "10000000-0000-4000-8000-000000000001")
    SEL ("2", "6", "12", "10000000-0000-4000-8000-000000000002")
    SEL ("3", "13", "19", "10000000-0000-4000-8000-000000000003")
    SEL ("4", "0", "12", "10000000-0000-4000-8000-000000000004")
    SEL ("5", "6", "19", "10000000-0000-4000-8000-000000000005")
    "</TextSource></Sources>\n</Project>\n", -1, NULL));
#undef CODE
#undef SEL
  g_assert_true (import_from (f->store, path, NULL, &error));
  g_assert_no_error (error);
  claims = attest_store_list_claims (f->store, NULL, &error);
  g_assert_cmpuint (claims->len, ==, 5);
  for (guint i = 0; i < claims->len; i++)
    {
      AttestClaim *c = g_ptr_array_index (claims, i);

      g_assert_cmpstr (c->category, !=, "troop-deployment");
      g_hash_table_add (keys, c->category);
    }
  g_assert_cmpuint (g_hash_table_size (keys), ==, 5);
  g_assert_true (g_hash_table_contains (keys, "joint-drills"));
}

/* A text given inline has the limit a text in the archive has: what an
 * export of it writes must read back. */
static void
test_inline_limit (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *path = attest_test_exchange_file (f, "big.qde");
  g_autoptr(GString) qde = g_string_new ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                                         "<Project xmlns=\"urn:QDA-XML:project:1.0\" name=\"p\">\n"
                                         "<Sources><TextSource guid=\"c56a4180-65aa-42ec-a945-5fd21dec0538\">\n"
                                         "<PlainTextContent>");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) docs = NULL;

  /* In sections of 1 MiB, a comment between them: libxml2 takes no
   * single text of 10 MB (how the outside tester brought 20 MB). */
  for (gsize n = 0; n <= ATTEST_ARTICLE_MAX_BYTES; n += 64)
    {
      if (n % (1024 * 1024) == 0)
        g_string_append (qde, n ? "]]><!-- --><![CDATA[" : "<![CDATA[");
      g_string_append (qde, "Troops moved west of the river, and the talks on debt went on. \n");
    }
  g_string_append (qde, "]]>");
  g_string_append (qde, "</PlainTextContent></TextSource></Sources>\n</Project>\n");
  g_assert_true (g_file_set_contents (path, qde->str, qde->len, NULL));
  g_assert_false (import_from (f->store, path, NULL, &error));
  g_assert_cmpstr (error->message, ==, "big.qde, line 3: the text is larger than the largest article Attest reads");
  docs = attest_store_list_documents (f->store, NULL);
  g_assert_cmpuint (docs->len, ==, 0);
}

/* The command line: the count of what was skipped, and an error. */
static void
test_cli (Fixture       *f,
          gconstpointer  data)
{
  g_autofree char *path = attest_test_exchange_file (f, "fieldwork.qdpx");
  g_autofree char *db = attest_test_exchange_file (f, "cli.db");
  g_autofree char *out = attest_test_exchange_file (f, "out.qdpx");

  write_zip (path, (const char *[]) { "project.qde", qualcoder_qde, NULL });
  {
    g_auto(AttestTestRun) r = attest_test_cli (db, "import-refi-qda", path, NULL);

    g_assert_cmpint (r.status, ==, 0);
    g_assert_cmpstr (r.err, ==, "");
    g_assert_nonnull (strstr (r.out, "2 new categories.\n1 source that is not text was skipped.\n"));
    g_assert_nonnull (strstr (r.out, "1 document imported, 3 claims"));
  }
  {
    g_auto(AttestTestRun) r = attest_test_cli (db, "export", "refi-qda", "-o", out, NULL);
    g_autofree char *said = g_strdup_printf ("Exported 1 document to %s; 3 claims.\n", out);

    g_assert_cmpint (r.status, ==, 0);
    g_assert_cmpstr (r.out, ==, said);
  }
  {
    g_auto(AttestTestRun) r = attest_test_cli (db, "import-refi-qda", db, NULL);

    g_assert_cmpint (r.status, ==, 4);
    g_assert_nonnull (strstr (r.err, "cli.db” is not a ZIP container Attest can read"));
  }
}

/* Selections with no code and codings of a whole source are not claims:
 * left out, and counted (the import's result, the CLI's text and JSON). */
static void
test_left_out (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *path = attest_test_exchange_file (f, "memo.qde");
  g_autofree char *db = attest_test_exchange_file (f, "memo.db");
  g_autoptr(GError) error = NULL;
  AttestImportCounts counts = { 0 };

  g_assert_true (g_file_set_contents (path,
    HEAD SOURCE (SELECTION ("startPosition=\"6\" endPosition=\"12\"", DRILLS)
                 "<PlainTextSelection guid=\"6ba7b820-9dad-41d1-80b4-00c04fd430c8\" startPosition=\"0\" "
                 "endPosition=\"5\"><Description>A memo only</Description></PlainTextSelection>\n"
                 "<PlainTextSelection guid=\"6ba7b821-9dad-41d1-80b4-00c04fd430c8\" startPosition=\"13\" "
                 "endPosition=\"19\"/>\n"
                 "<Coding guid=\"6ba7b822-9dad-41d1-80b4-00c04fd430c8\">"
                 "<CodeRef targetGUID=\"7c9e6679-7425-40de-944b-e07fc1f90ae7\"/></Coding>\n")
    "</Project>\n", -1, NULL));
  g_assert_true (import_from (f->store, path, &counts, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (counts.claims_added, ==, 1);
  g_assert_cmpuint (counts.selections_left_out, ==, 3);
  {
    g_auto(AttestTestRun) r = attest_test_cli (db, "import-refi-qda", path, NULL);

    g_assert_cmpint (r.status, ==, 0);
    g_assert_nonnull (strstr (r.out, "\n3 selections without a code were left out.\n"));
  }
  {
    g_auto(AttestTestRun) r = attest_test_cli (db, "--json", "import-refi-qda", path, NULL);

    g_assert_cmpint (r.status, ==, 0);
    g_assert_nonnull (strstr (r.out, "\"claims_added\" : 0,"));
    g_assert_nonnull (strstr (r.out, "\"selections_left_out\" : 3"));
  }
}

/* A bad part of a .qdpx is named as the archive's file, in the one form
 * every message of the import has. */
static void
test_part_messages (Fixture       *f,
                    gconstpointer  data)
{
  static const struct {
    const char *text;
    const char *message;
  } cases[] = {
    { "Joint \xff drills", "fieldwork.qdpx, sources/abc.txt: the text is not UTF-8 (or holds a NUL byte)" },
    { "\xEF\xBB\xBF", "fieldwork.qdpx, sources/abc.txt: the text is empty" },
    { NULL, "fieldwork.qdpx, project.qde, line 3: the text “internal://abc.txt” is not in the .qdpx file" },
  };
  g_autofree char *path = attest_test_exchange_file (f, "fieldwork.qdpx");
  static const char qde[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Project xmlns=\"urn:QDA-XML:project:1.0\" name=\"p\">\n"
    "<Sources><TextSource guid=\"c56a4180-65aa-42ec-a945-5fd21dec0538\" plainTextPath=\"internal://abc.txt\">\n"
    "</TextSource></Sources>\n</Project>\n";

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) docs = NULL;

      if (cases[i].text != NULL)
        write_zip (path, (const char *[]) { "project.qde", qde, "sources/abc.txt", cases[i].text, NULL });
      else
        write_zip (path, (const char *[]) { "project.qde", qde, "sources/other.txt", "Joint drills.", NULL });
      g_assert_false (import_from (f->store, path, NULL, &error));
      g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_FORMAT);
      g_assert_cmpstr (error->message, ==, cases[i].message);
      g_clear_error (&error);
      docs = attest_store_list_documents (f->store, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (docs->len, ==, 0);
    }
  {
    g_autoptr(GError) error = NULL;

    write_zip (path, (const char *[]) { "project.qde", "<?xml version=\"1.0\"?>\n<Project \xff/>\n", NULL });
    g_assert_false (import_from (f->store, path, NULL, &error));
    g_assert_cmpstr (error->message, ==, "fieldwork.qdpx, project.qde: the project is not UTF-8 text");
  }
}

/* A text of the archive the database holds with another text (the same
 * article id): a conflict named by the .qdpx and the part, nothing
 * written. */
static void
test_part_conflict (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *path = attest_test_exchange_file (f, "fieldwork.qdpx");
  static const char qde[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Project xmlns=\"urn:QDA-XML:project:1.0\" name=\"p\">\n"
    "<CodeBook><Codes><Code guid=\"7c9e6679-7425-40de-944b-e07fc1f90ae7\" name=\"Drills\" isCodable=\"true\"/>"
    "</Codes></CodeBook>\n"
    "<Sources><TextSource guid=\"c56a4180-65aa-42ec-a945-5fd21dec0538\" plainTextPath=\"internal://abc.txt\">\n"
    SELECTION ("startPosition=\"6\" endPosition=\"12\"", DRILLS) "</TextSource></Sources>\n</Project>\n";
  g_autoptr(GPtrArray) claims = NULL;
  g_autoptr(GPtrArray) docs = NULL;
  g_autoptr(GError) error = NULL;

  write_zip (path, (const char *[]) { "project.qde", qde, "sources/abc.txt", "Joint drills began.", NULL });
  g_assert_true (import_from (f->store, path, NULL, &error));
  g_assert_no_error (error);
  write_zip (path, (const char *[]) { "project.qde", qde, "sources/abc.txt", "Joint drills ended.", NULL });
  g_assert_false (import_from (f->store, path, NULL, &error));
  g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_CONFLICT);
  g_assert_cmpstr (error->message, ==, "fieldwork.qdpx, sources/abc.txt: The document "
                                       "c56a4180-65aa-42ec-a945-5fd21dec0538 is in the database with another "
                                       "text; one of the two was altered");
  g_clear_error (&error);
  docs = attest_store_list_documents (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (docs->len, ==, 1);
  {
    g_autoptr(AttestDocument) doc = attest_store_get_document (f->store, "c56a4180-65aa-42ec-a945-5fd21dec0538",
                                                               &error);

    g_assert_no_error (error);
    g_assert_cmpstr (doc->text, ==, "Joint drills began.");
  }
  claims = attest_store_list_claims (f->store, NULL, &error);
  g_assert_cmpuint (claims->len, ==, 1);
}

/* A project whose second article's claim names the first article's own
 * source (as an article's source, not an outside one): into an empty
 * database it is refused as a conflict, as when the database holds the
 * first article already, and nothing is written. */
static void
test_cross_article_source (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *first = attest_test_exchange_file (f, "first.qdpx");
  g_autofree char *edited = attest_test_exchange_file (f, "edited.qdpx");
  g_autofree char *copy_path = attest_test_exchange_file (f, "copy.db");
  g_autoptr(AttestStore) copy = attest_test_exchange_open_store (copy_path);
  g_autoptr(GRegex) details = g_regex_new ("Source details: \\{[^\n<]*Regnum, Moscow, November 30[^\n<]*\\}",
                                           0, 0, NULL);
  g_autoptr(GRegex) id = g_regex_new ("urn:uuid:([0-9a-f-]{36})", 0, 0, NULL);
  g_autoptr(GRegex) texts = g_regex_new ("internal://([^\"]+)", 0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) docs = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *qde = NULL;
  g_autofree char *line = NULL;
  g_autofree char *uuid = NULL;
  g_autofree char *with = NULL;
  g_autofree char *expected = NULL;
  g_auto(GStrv) halves = NULL;

  attest_test_exchange_annotate (f->store, "A comment.", NULL);
  attest_test_exchange_export (attest_refi_qda_export, f->store, first, NULL, NULL);
  qde = read_qde (first);
  g_assert_true (g_regex_match (details, qde, 0, &match));
  line = g_match_info_fetch (match, 0);
  g_clear_pointer (&match, g_match_info_free);
  g_assert_nonnull (strstr (line, "outside&quot;:false"));
  g_assert_true (g_regex_match (id, line, 0, &match));
  uuid = g_match_info_fetch (match, 1);
  g_clear_pointer (&match, g_match_info_free);

  /* The Tajik claim (the second article's) names it beside its own. */
  halves = g_strsplit (qde, "Source: Outside Wire, Paris", -1);
  g_assert_cmpuint (g_strv_length (halves), ==, 2);
  with = g_strconcat (halves[0], "Source: Regnum, Moscow, November 30\n", line,
                      "\nSource: Outside Wire, Paris", halves[1], NULL);
  g_ptr_array_add (parts, g_strdup ("project.qde"));
  g_ptr_array_add (parts, g_strdup (with));
  for (g_regex_match (texts, qde, 0, &match); g_match_info_matches (match); g_match_info_next (match, NULL))
    {
      g_autofree char *name = g_match_info_fetch (match, 1);
      g_autofree char *part = g_strconcat ("sources/", name, NULL);
      g_autoptr(GBytes) text = read_part (first, part);

      g_ptr_array_add (parts, g_steal_pointer (&part));
      g_ptr_array_add (parts, g_strndup (g_bytes_get_data (text, NULL), g_bytes_get_size (text)));
    }
  g_assert_cmpuint (parts->len, ==, 2 + 2 * ATTEST_TEST_N_SAMPLES);
  g_ptr_array_add (parts, NULL);
  write_zip (edited, (const char * const *) parts->pdata);

  g_assert_false (import_from (copy, edited, NULL, &error));
  g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_CONFLICT);
  expected = g_strdup_printf (": The source %s belongs to another document in the database", uuid);
  g_assert_true (g_str_has_prefix (error->message, "edited.qdpx, project.qde, line "));
  g_assert_true (g_str_has_suffix (error->message, expected));
  g_clear_error (&error);
  docs = attest_store_list_documents (copy, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (docs->len, ==, 0);
  g_assert_finalize_object (g_steal_pointer (&copy));
}

/* A code the project gives retired (no one may code it) carries the
 * project's codings, made before it was retired: into an empty database
 * the category is created retired with its claim, and a second export
 * gives the same bytes. A new coding of it once it is retired in the
 * database is refused, nothing written. */
static void
test_retired_codes (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *first = attest_test_exchange_file (f, "first.qdpx");
  g_autofree char *second = attest_test_exchange_file (f, "second.qdpx");
  g_autofree char *copy_path = attest_test_exchange_file (f, "copy.db");
  g_autofree char *path = attest_test_exchange_file (f, "codes.qde");
  g_autofree char *empty_path = attest_test_exchange_file (f, "empty.db");
  g_autoptr(AttestStore) copy = attest_test_exchange_open_store (copy_path);
  g_autoptr(AttestClaim) group = NULL;
  g_autoptr(AttestClaim) retired = NULL;
  g_autoptr(AttestCategory) back = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *taxonomy_a = NULL;
  g_autofree char *taxonomy_b = NULL;
  g_autofree char *claims_a = NULL;
  g_autofree char *claims_b = NULL;
  g_autoptr(GPtrArray) claims = NULL;
  AttestImportCounts counts = { 0 };
  const char *not_codable =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Project xmlns=\"urn:QDA-XML:project:1.0\" name=\"p\">\n"
    "<CodeBook><Codes><Code guid=\"7c9e6679-7425-40de-944b-e07fc1f90ae7\" name=\"Drills\" isCodable=\"false\"/>"
    "</Codes></CodeBook>\n"
    SOURCE (SELECTION ("startPosition=\"6\" endPosition=\"12\"", DRILLS)) "</Project>\n";
  const char *coded_again =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Project xmlns=\"urn:QDA-XML:project:1.0\" name=\"p\">\n"
    "<CodeBook><Codes><Code guid=\"7c9e6679-7425-40de-944b-e07fc1f90ae7\" name=\"Drills\" isCodable=\"false\"/>"
    "</Codes></CodeBook>\n"
    SOURCE ("<PlainTextSelection guid=\"6ba7b810-9dad-41d1-80b4-00c04fd430c9\" startPosition=\"0\" "
            "endPosition=\"5\"><Coding guid=\"6ba7b811-9dad-41d1-80b4-00c04fd430c9\">"
            "<CodeRef targetGUID=\"7c9e6679-7425-40de-944b-e07fc1f90ae7\"/></Coding></PlainTextSelection>\n")
    "</Project>\n";

  /* An Attest database: a claim in a category retired after it. */
  attest_test_exchange_annotate (f->store, GROUP_COMMENT, &group);
  add_category (f->store, "retired-one", "Retired one", "No longer in use.", NULL, FALSE);
  retired = attest_test_add_claim (f->store, group->document_uuid, 831, 857, "retired-one");
  {
    g_autoptr(AttestCategory) c = attest_store_get_category (f->store, "retired-one", &error);

    g_assert_no_error (error);
    c->retired = TRUE;
    g_assert_true (attest_store_update_category (f->store, c, &error));
    g_assert_no_error (error);
  }
  attest_test_exchange_export (attest_refi_qda_export, f->store, first, NULL, NULL);
  g_assert_true (import_from (copy, first, &counts, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (counts.categories_added, ==, 1);
  g_assert_cmpuint (counts.claims_added, ==, 4);
  attest_test_exchange_export (attest_refi_qda_export, copy, second, NULL, NULL);
  assert_same_files (first, second);
  taxonomy_a = dup_taxonomy (f->store);
  taxonomy_b = dup_taxonomy (copy);
  g_assert_cmpstr (taxonomy_a, ==, taxonomy_b);
  g_assert_true (g_str_has_suffix (taxonomy_b, "retired-one|Retired one|#4477aa|No longer in use.|-|retired|-1\n"));
  claims_a = dup_claims (f->store);
  claims_b = dup_claims (copy);
  g_assert_cmpstr (claims_a, ==, claims_b);
  g_assert_finalize_object (g_steal_pointer (&copy));

  /* A project of its own into an empty database, then a new coding. */
  copy = attest_test_exchange_open_store (empty_path);
  g_assert_true (g_file_set_contents (path, not_codable, -1, NULL));
  g_assert_true (import_from (copy, path, NULL, &error));
  g_assert_no_error (error);
  back = attest_store_get_category (copy, "drills", &error);
  g_assert_no_error (error);
  g_assert_true (back->retired);
  g_assert_true (g_file_set_contents (path, coded_again, -1, NULL));
  g_assert_false (import_from (copy, path, NULL, &error));
  g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_FORMAT);
  g_assert_cmpstr (error->message, ==, "codes.qde, line 6: the category drills is retired; restore it to import "
                                       "claims into it");
  g_clear_error (&error);
  claims = attest_store_list_claims (copy, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (claims->len, ==, 1);
  g_assert_cmpstr (((AttestClaim *) g_ptr_array_index (claims, 0))->quote, ==, "drills");
  g_assert_finalize_object (g_steal_pointer (&copy));
}

/* A code's details are checked as the Categories editor checks them: a
 * description too long, a name too long or of more than one line, a
 * second code of one name (live or retired: matching by name would merge
 * them) refuses the project, named by its line; nothing is imported. */
static void
test_code_refusals (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *path = attest_test_exchange_file (f, "codes.qde");
  g_autofree char *long_text = g_strnfill (2001, 'x');
  g_autofree char *too_long = g_strdup_printf (
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Project xmlns=\"urn:QDA-XML:project:1.0\" name=\"p\">\n"
    "<CodeBook><Codes><Code guid=\"7c9e6679-7425-40de-944b-e07fc1f90ae7\" name=\"Drills\" isCodable=\"true\">\n"
    "<Description>%s</Description></Code></Codes></CodeBook>\n"
    SOURCE (SELECTION ("startPosition=\"6\" endPosition=\"12\"", DRILLS)) "</Project>\n", long_text);
  g_autofree char *long_name = g_strnfill (201, 'N');
#define NAMED(name) \
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Project xmlns=\"urn:QDA-XML:project:1.0\" name=\"p\">\n" \
    "<CodeBook><Codes>\n<Code guid=\"7c9e6679-7425-40de-944b-e07fc1f90ae7\" name=\"" name "\" isCodable=\"true\"/>" \
    "</Codes></CodeBook>\n" SOURCE (SELECTION ("startPosition=\"6\" endPosition=\"12\"", DRILLS)) "</Project>\n"
#define TWO(codable) \
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Project xmlns=\"urn:QDA-XML:project:1.0\" name=\"p\">\n" \
    "<CodeBook><Codes>\n<Code guid=\"7c9e6679-7425-40de-944b-e07fc1f90ae7\" name=\"Drills\" isCodable=\"" codable "\"/>\n" \
    "<Code guid=\"7c9e6679-7425-40de-944b-e07fc1f90ae8\" name=\" DRILLS\" isCodable=\"true\"/>\n" \
    "</Codes></CodeBook>\n" SOURCE (SELECTION ("startPosition=\"6\" endPosition=\"12\"", DRILLS)) "</Project>\n"
  g_autofree char *long_qde = g_strdup_printf (NAMED ("%s"), long_name);
  const struct {
    const char *qde;
    const char *message;
  } cases[] = {
    { too_long, "codes.qde, line 3: The description of category drills has 2001 characters; "
                "a description has at most 2000" },
    { long_qde, "codes.qde, line 4: A category name can have at most 200 characters (this one has 201)" },
    { NAMED ("Dri&#9;lls"), "codes.qde, line 4: A category's name holds a line break or control character (U+0009)" },
    { NAMED ("Dri&#10;lls"), "codes.qde, line 4: A category's name holds a line break or control character (U+000A)" },
    { TWO ("true"), "codes.qde, line 5: There is already a category “DRILLS”" },
  };
  /* A code no one may code (retired) may share a live one's name, as a
   * database's retired and live categories may: its export comes back. */
  g_autofree char *retired_twin = g_strdup (TWO ("false"));
#undef NAMED
#undef TWO
  guint before;

  {
    g_autoptr(GPtrArray) all = attest_store_list_categories (f->store, TRUE, NULL);

    before = all->len;
  }
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) docs = NULL;
      g_autoptr(GPtrArray) all = NULL;

      g_assert_true (g_file_set_contents (path, cases[i].qde, -1, NULL));
      g_assert_false (import_from (f->store, path, NULL, &error));
      g_assert_cmpstr (error->message, ==, cases[i].message);
      g_clear_error (&error);
      docs = attest_store_list_documents (f->store, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (docs->len, ==, 0);
      all = attest_store_list_categories (f->store, TRUE, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (all->len, ==, before);
    }
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) all = NULL;

    g_assert_true (g_file_set_contents (path, retired_twin, -1, NULL));
    g_assert_true (import_from (f->store, path, NULL, &error));
    g_assert_no_error (error);
    all = attest_store_list_categories (f->store, TRUE, &error);
    g_assert_cmpuint (all->len, ==, before + 2);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/refi-qda/" path, Fixture, NULL, attest_test_exchange_set_up, func, attest_test_exchange_tear_down)
  ADD ("export-samples", test_export_samples);
  ADD ("schema-copy", test_schema_copy);
  ADD ("export-atomic", test_export_atomic);
  ADD ("control-characters", test_control_characters);
  ADD ("code-book", test_code_book);
  ADD ("round-trip", test_round_trip);
  ADD ("round-trip/sources", test_round_trip_sources);
  ADD ("category-details", test_category_details);
  ADD ("astral", test_astral);
  ADD ("qualcoder", test_qualcoder);
  ADD ("refusals", test_refusals);
  ADD ("key-from-name", test_key_from_name);
  ADD ("distinct-codes", test_distinct_codes);
  ADD ("inline-limit", test_inline_limit);
  ADD ("cli", test_cli);
  ADD ("left-out", test_left_out);
  ADD ("part-messages", test_part_messages);
  ADD ("code-refusals", test_code_refusals);
  ADD ("retired-codes", test_retired_codes);
  ADD ("part-conflict", test_part_conflict);
  ADD ("cross-article-source", test_cross_article_source);
#undef ADD

  return g_test_run ();
}
