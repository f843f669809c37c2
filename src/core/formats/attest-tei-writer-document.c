/* attest-tei-writer-document.c — one document in TEI: its header's
 * description, its text with an anchor at every claim boundary, and its
 * standOff (sources, claims, attributions).
 */
#include "config.h"

#include "attest-tei-writer-private.h"

#include "attest-date.h"
#include "attest-error.h"
#include "attest-rules.h"

void
tei_write_document_file_desc (TeiWriter      *self,
                              AttestDocument *doc,
                              GError        **error)
{
  guint depth = self->base + 2;
  g_autofree char *length = g_strdup_printf ("%" G_GINT64_FORMAT, doc->length);
  g_autofree char *body_start = g_strdup_printf ("%" G_GINT64_FORMAT, doc->body_start);

  tei_check_uuid (self, "document", doc->uuid);
  if (!attest_rules_is_sha256 (doc->sha256))
    tei_fail (self, ATTEST_ERROR_INVALID, "The document %s has no valid SHA-256", doc->uuid);
  tei_check_time (self, "import", "a document", doc->imported);
  if (doc->date != NULL && !attest_date_is_iso (doc->date))
    tei_fail (self, ATTEST_ERROR_INVALID, "The document %s has the date “%s”, which is not YYYY-MM-DD",
              doc->uuid, doc->date);

  tei_start (self, depth, "fileDesc");
  tei_start (self, depth + 1, "titleStmt");
  tei_newline (self, depth + 2);
  tei_start_inline (self, "title");
  tei_chars (self, doc->title ? doc->title : doc->origin ? doc->origin : "", TRUE, "A document's title");
  tei_end (self);
  if (self->single)
    attest_store_foreach_person (self->store, tei_write_person, self, tei_failed (self) ? NULL : &self->error);
  tei_end_block (self, depth + 1);

  tei_start (self, depth + 1, "extent");
  tei_start_inline (self, "measure");
  tei_attr (self, "unit", "characters");
  tei_attr (self, "quantity", length);
  tei_chars (self, length, FALSE, "");
  tei_end (self);
  tei_end (self);

  tei_start (self, depth + 1, "publicationStmt");
  tei_text_line (self, depth + 2, "authority", NULL, NULL, "Attest", "");
  tei_text_line (self, depth + 2, "idno", "type", "uuid", doc->uuid, "");
  tei_text_line (self, depth + 2, "idno", "type", "sha256", doc->sha256, "");
  tei_end_block (self, depth + 1);

  tei_start (self, depth + 1, "notesStmt");
  tei_text_line (self, depth + 2, "note", "type", "origin", doc->origin, "A document's origin");
  tei_text_line (self, depth + 2, "note", "type", "format", doc->format ? doc->format : "text",
                 "A document's format");
  tei_text_line (self, depth + 2, "note", "type", "encoding", doc->encoding ? doc->encoding : "UTF-8",
                 "A document's encoding");
  tei_start (self, depth + 2, "note");
  tei_attr (self, "type", "imported");
  tei_start_inline (self, "date");
  tei_attr (self, "when", doc->imported);
  tei_end (self);
  tei_end (self);
  tei_text_line (self, depth + 2, "note", "type", "body-start", body_start, "");
  if (self->single)
    tei_write_agreement_note (self, depth + 2);
  tei_end_block (self, depth + 1);

  tei_start (self, depth + 1, "sourceDesc");
  tei_start (self, depth + 2, "biblStruct");
  tei_start (self, depth + 3, "analytic");
  tei_text_line (self, depth + 4, "title", "level", "a", doc->title, "A document's title");
  tei_text_line (self, depth + 4, "author", NULL, NULL, doc->author, "A document's author");
  if (doc->title != NULL || doc->author != NULL)
    tei_end_block (self, depth + 3);
  else
    tei_end (self);
  tei_start (self, depth + 3, "monogr");
  tei_text_line (self, depth + 4, "title", "level", "j", doc->publication, "A document's publication");
  tei_start (self, depth + 4, "imprint");
  tei_text_line (self, depth + 5, "biblScope", "unit", "volume", doc->volume, "A document's volume");
  tei_text_line (self, depth + 5, "biblScope", "unit", "issue", doc->issue, "A document's issue");
  tei_start (self, depth + 5, "date");
  if (doc->date != NULL)
    {
      tei_attr (self, "when", doc->date);
      tei_chars (self, doc->date, FALSE, "");
    }
  tei_end (self);
  tei_end_block (self, depth + 4);
  tei_end_block (self, depth + 3);
  tei_end_block (self, depth + 2);
  if (self->single && !tei_failed (self))
    tei_write_outside_sources (self, &self->error);
  tei_end_block (self, depth + 1);
  tei_end_block (self, depth);
}

static int
compare_offsets (gconstpointer a,
                 gconstpointer b)
{
  gint64 x = *(const gint64 *) a;
  gint64 y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

/* The text, one <p> per line (the text is the <p>s joined by "\n"), with
 * an <anchor> at every claim boundary: an offset at a line's end sits
 * before its </p>, one after a newline at the next line's start. Nothing
 * is indented inside <p>, so no whitespace is added to the text. */
void
tei_write_text (TeiWriter        *self,
                AttestDocument   *doc,
                AttestClaimBatch *batch,
                GPtrArray        *citations)
{
  g_autoptr(GArray) offsets = g_array_sized_new (FALSE, FALSE, sizeof (gint64), batch->claims->len * 2);
  GString *out = self->scratch;
  guint depth = self->base + 1;
  const char *p = doc->text;
  gint64 offset = 0;
  guint next = 0;
  guint n = 0;

  for (guint i = 0; i < batch->claims->len; i++)
    {
      const AttestClaimRow *c = &g_array_index (batch->claims, AttestClaimRow, i);

      g_array_append_val (offsets, c->start);
      g_array_append_val (offsets, c->end);
    }
  /* The attributions' boundaries too: their spans point to anchors. */
  for (guint i = 0; i < citations->len; i++)
    {
      AttestCitation *c = g_ptr_array_index (citations, i);

      g_array_append_val (offsets, c->start);
      g_array_append_val (offsets, c->end);
    }
  g_array_sort (offsets, compare_offsets);
  for (guint i = 0; i < offsets->len; i++)
    if (n == 0 || g_array_index (offsets, gint64, i) != g_array_index (offsets, gint64, n - 1))
      g_array_index (offsets, gint64, n++) = g_array_index (offsets, gint64, i);
  g_array_set_size (offsets, n);

  tei_start (self, depth, "text");
  tei_start (self, depth + 1, "body");
  tei_attr (self, "xml:space", "preserve");
  tei_raw (self, "\n", 1);
  g_string_truncate (out, 0);

  for (;;)
    {
      const char *run = p;
      gsize line_start = out->len;
      gint64 stop = next < offsets->len ? g_array_index (offsets, gint64, next) : G_MAXINT64;

      /* One line: text runs broken by the anchors that fall in it,
       * escaped straight into the output. */
      append_len (out, "<p>", 3);
      for (;;)
        {
          while (offset == stop)
            {
              if (!tei_escape_into (self, out, run, p - run, TRUE, "The text"))
                return;
              run = p;
              append_str (out, "<anchor xml:id=\"");
              append_anchor_id (out, doc->uuid, offset);
              append_len (out, "\"/>", 3);
              next++;
              stop = next < offsets->len ? g_array_index (offsets, gint64, next) : G_MAXINT64;
            }
          if (*p == '\0' || *p == '\n')
            break;
          /* On to the next anchor or the end of the line. */
          do
            {
              p = g_utf8_next_char (p);
              offset++;
            }
          while (offset < stop && *p != '\0' && *p != '\n');
        }
      if (!tei_escape_into (self, out, run, p - run, TRUE, "The text"))
        return;

      if (out->len == line_start + 3)
        {
          g_string_truncate (out, line_start);
          append_str (out, "<p/>\n");
        }
      else
        append_str (out, "</p>\n");
      tei_flush_scratch (self, FALSE);

      if (*p == '\0')
        break;
      p++;      /* the newline */
      offset++;
    }

  tei_flush_scratch (self, TRUE);
  if (next < offsets->len)
    tei_fail (self, ATTEST_ERROR_INVALID,
              "A claim of document %s ends at %" G_GINT64_FORMAT ", after the end of its text",
              doc->uuid, g_array_index (offsets, gint64, next));

  /* </body> at its indentation; the newline before it is whitespace
   * between <p>s, which no reader counts. */
  tei_raw (self, indentation + 1, MIN (2 * (depth + 1), sizeof indentation - 2));
  tei_end (self);
  tei_end_block (self, depth);
}

void
tei_open_standoff (TeiWriter *self)
{
  if (self->standoff_open)
    return;
  tei_start (self, self->base + 1, "standOff");
  self->standoff_open = TRUE;
}

gboolean
tei_write_document_source (const AttestSourceRow *row,
                           gpointer               user_data,
                           GError               **error)
{
  TeiWriter *self = user_data;

  if (!self->list_open)
    {
      tei_open_standoff (self);
      tei_start (self, self->base + 2, "listBibl");
      tei_attr (self, "type", "sources");
      self->list_open = TRUE;
    }
  tei_write_bibl (self, self->base + 3, row);
  return !tei_failed (self);
}

/* A curated claim points to the claims it was made from, where they are
 * in this export: <ptr type="origin" target="#c-… #c-…"/>. Those the
 * filter left out (an export of accepted claims only) cannot be pointed
 * to; each is named by its uuid instead, <idno type="origin">. */
static void
append_origins (TeiWriter            *self,
                GString              *out,
                const AttestClaimRow *c)
{
  guint pointed = 0;

  for (guint i = 0; i < c->n_origins; i++)
    {
      tei_check_uuid (self, "claim", c->origins[i]);
      if (!g_hash_table_contains (self->exported, c->origins[i]))
        continue;
      append_str (out, pointed++ ? " #" ATTEST_TEI_CLAIM_ID : "<ptr type=\"origin\" target=\"#" ATTEST_TEI_CLAIM_ID);
      append_str (out, c->origins[i]);
    }
  if (pointed > 0)
    append_str (out, "\"/>");
  for (guint i = 0; i < c->n_origins; i++)
    if (!g_hash_table_contains (self->exported, c->origins[i]))
      {
        append_str (out, "<idno type=\"origin\">");
        append_str (out, c->origins[i]);
        append_str (out, "</idno>");
      }
}

void
tei_write_citation (TeiWriter      *self,
                    AttestCitation *c)
{
  GString *out = self->scratch;

  tei_check_uuid (self, "attribution", c->uuid);
  tei_check_uuid (self, "source", c->source->uuid);
  if (tei_failed (self))
    return;
  append_indent (out, self->base + 3);
  append_str (out, "<span");
  tei_append_attr (self, out, "xml:id", ATTEST_TEI_CITATION_ID, c->uuid);
  append_str (out, " from=\"#");
  append_anchor_id (out, self->doc_uuid, c->start);
  append_str (out, "\" to=\"#");
  append_anchor_id (out, self->doc_uuid, c->end);
  append_char (out, '"');
  tei_append_attr (self, out, "source", "#" ATTEST_TEI_SOURCE_ID, c->source->uuid);
  append_str (out, " type=\"citation\"");
  tei_append_attr (self, out, "subtype", NULL, attest_citation_kind_to_string (c->kind));
  append_str (out, "/>");
  tei_flush_scratch (self, FALSE);
}

void
tei_write_claim (TeiWriter            *self,
                 const AttestClaimRow *c)
{
  GString *out = self->scratch;
  guint depth = self->base + 3;

  tei_check_uuid (self, "claim", c->uuid);
  tei_check_uuid (self, "annotator", c->annotator_uuid);
  tei_check_time (self, "creation", "a claim", c->created);
  tei_check_time (self, "modification", "a claim", c->modified);
  if (c->version < 1)
    tei_fail (self, ATTEST_ERROR_INVALID, "The claim %s has the version %" G_GINT64_FORMAT, c->uuid, c->version);
  if (!attest_category_key_is_valid (c->category))
    tei_fail (self, ATTEST_ERROR_INVALID, "The claim %s has the category “%s”", c->uuid, c->category);
  if (c->certainty != NULL && !attest_claim_certainty_is_valid (c->certainty))
    tei_fail (self, ATTEST_ERROR_INVALID, "The claim %s has the certainty “%s”", c->uuid, c->certainty);
  if (!attest_claim_status_is_valid (c->status))
    tei_fail (self, ATTEST_ERROR_INVALID, "The claim %s has the status “%s”", c->uuid, c->status);
  if (tei_failed (self))
    return;

  append_indent (out, depth);
  append_str (out, "<span");
  tei_append_attr (self, out, "xml:id", ATTEST_TEI_CLAIM_ID, c->uuid);
  append_str (out, " from=\"#");
  append_anchor_id (out, self->doc_uuid, c->start);
  append_str (out, "\" to=\"#");
  append_anchor_id (out, self->doc_uuid, c->end);
  append_char (out, '"');
  tei_append_attr (self, out, "ana", "#", c->category);
  tei_append_attr (self, out, "resp", "#" ATTEST_TEI_ANNOTATOR_ID, c->annotator_uuid);
  if (c->certainty != NULL)
    tei_append_attr (self, out, "cert", NULL, c->certainty);
  if (c->n_links > 0)
    {
      append_str (out, " source=\"");
      for (guint i = 0; i < c->n_links; i++)
        {
          tei_check_uuid (self, "source", c->links[i].source_uuid);
          append_str (out, i ? " #" ATTEST_TEI_SOURCE_ID : "#" ATTEST_TEI_SOURCE_ID);
          append_str (out, c->links[i].source_uuid);
        }
      append_char (out, '"');
    }
  append_str (out, " type=\"claim\"");
  tei_append_attr (self, out, "subtype", NULL, c->status);
  append_str (out, "><date type=\"created\"");
  tei_append_attr (self, out, "when", NULL, c->created);
  append_str (out, "/><date type=\"modified\"");
  tei_append_attr (self, out, "when", NULL, c->modified);
  append_str (out, " n=\"");
  append_int (out, c->version);
  append_len (out, "\"/>", 3);
  for (guint i = 0; i < c->n_links; i++)
    {
      const AttestLinkRow *link = &c->links[i];

      tei_check_uuid (self, "annotator", link->annotator_uuid);
      tei_check_time (self, "link", "a claim", link->created);
      append_str (out, "<date type=\"linked\"");
      tei_append_attr (self, out, "when", NULL, link->created);
      tei_append_attr (self, out, "resp", "#" ATTEST_TEI_ANNOTATOR_ID, link->annotator_uuid);
      tei_append_attr (self, out, "corresp", "#" ATTEST_TEI_SOURCE_ID, link->source_uuid);
      append_str (out, "/>");
    }
  if (c->n_origins > 0)
    append_origins (self, out, c);
  tei_append_element (self, out, "note", "type", "comment", c->comment, "A claim's comment");
  append_str (out, "</span>");
  tei_flush_scratch (self, FALSE);
  self->counts.claims++;
}
