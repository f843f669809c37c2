/* attest-tei-reader-document.c — the rows of one TEI document: its
 * header, its text and anchors, its sources, attributions and claims,
 * each checked and handed to the store's bulk import.
 */
#include "config.h"

#include "attest-tei-reader-private.h"

#include <string.h>

#include "attest-error.h"
#include "attest-rules.h"
#include "attest-tei-names.h"

/* ---------------------------------------------------------------- values */

void
tei_reader_clear_source (SourceBuild *s)
{
  g_free (s->id); g_free (s->recorded); g_free (s->outlet); g_free (s->place);
  g_free (s->date_text); g_free (s->when); g_free (s->title); g_free (s->url);
  g_free (s->reliability);
  memset (s, 0, sizeof *s);
}

void
tei_reader_link_build_free (gpointer data)
{
  LinkBuild *l = data;

  g_free (l->when);
  g_free (l->resp);
  g_free (l->corresp);
  g_free (l);
}

void
tei_reader_clear_claim (ClaimBuild *c)
{
  GPtrArray *links = c->links;
  GPtrArray *origin_ids = c->origin_ids;

  g_free (c->id); g_free (c->from); g_free (c->to); g_free (c->ana); g_free (c->resp);
  g_free (c->cert); g_free (c->sources); g_free (c->type); g_free (c->subtype);
  g_free (c->created); g_free (c->modified); g_free (c->version); g_free (c->comment);
  g_free (c->origin_ptr);
  memset (c, 0, sizeof *c);
  c->links = links;
  if (c->links)
    g_ptr_array_set_size (c->links, 0);
  c->origin_ids = origin_ids;
  if (c->origin_ids)
    g_ptr_array_set_size (c->origin_ids, 0);
}

void
tei_reader_doc_build_free (DocBuild *d)
{
  if (d == NULL)
    return;
  g_clear_object (&d->doc);
  g_free (d->id);
  g_free (d->idno_uuid);
  g_free (d->length);
  g_free (d->body_start);
  g_string_free (d->text, TRUE);
  g_array_unref (d->anchors);
  g_array_unref (d->citations);
  g_ptr_array_unref (d->citation_ids);
  g_hash_table_unref (d->sources);
  g_hash_table_unref (d->claims);
  g_ptr_array_unref (d->origin_ptrs);
  g_free (d);
}

/* ------------------------------------------------------------ documents */

static DocBuild *
doc_build_new (void)
{
  DocBuild *d = g_new0 (DocBuild, 1);

  d->doc = attest_document_new ();
  d->text = g_string_sized_new (16 * 1024);
  d->anchors = g_array_new (FALSE, FALSE, sizeof (Anchor));
  d->sources = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  d->claims = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  d->origin_ptrs = g_ptr_array_new_with_free_func (g_free);
  d->citations = g_array_new (FALSE, FALSE, sizeof (AttestCitationRow));
  d->citation_ids = g_ptr_array_new_with_free_func (g_free);
  return d;
}

void
tei_reader_start_document (Reader  *self,
                           Attrs   *attrs,
                           gboolean after_header)
{
  const char *id = tei_reader_attr (attrs, "id", TRUE);

  if (after_header && (!self->have_app || !self->have_taxonomy))
    {
      tei_reader_fail (self, ATTEST_ERROR_FORMAT, "a document comes before the header that describes it");
      return;
    }
  if (!attest_tei_id_is_uuid (id, ATTEST_TEI_DOCUMENT_ID))
    {
      tei_reader_fail (self, ATTEST_ERROR_FORMAT, "a TEI document needs an xml:id of the form d-UUID");
      return;
    }
  if (!g_hash_table_add (self->documents, g_strdup (id)))
    {
      tei_reader_fail (self, ATTEST_ERROR_FORMAT, "the document %s appears twice", id);
      return;
    }
  self->doc = doc_build_new ();
  self->doc->id = g_strdup (id);
  self->doc->doc->uuid = g_strdup (id + 2);
}

/* The header is complete: check it against the document's id. */
void
tei_reader_end_document_header (Reader *self)
{
  DocBuild *d = self->doc;
  AttestDocument *doc = d->doc;

  if (!tei_reader_ok (self))
    return;
  if (g_strcmp0 (d->idno_uuid, doc->uuid) != 0)
    tei_reader_fail (self, ATTEST_ERROR_FORMAT, "the document %s has the uuid “%s” in its header",
                     d->id, d->idno_uuid ? d->idno_uuid : "");
  else if (!attest_tei_parse_count (d->length, &doc->length))
    tei_reader_fail (self, ATTEST_ERROR_FORMAT, "the document %s does not give its length in characters", d->id);
  else if (!attest_tei_parse_count (d->body_start, &doc->body_start))
    tei_reader_fail (self, ATTEST_ERROR_FORMAT, "the document %s does not say where its body starts", d->id);
  else if (!d->have_imprint_date)
    tei_reader_fail (self, ATTEST_ERROR_FORMAT, "the document %s has no imprint date", d->id);
  d->header_done = TRUE;
}

/* The text is complete: check it, then store the document. */
void
tei_reader_end_body (Reader *self)
{
  DocBuild *d = self->doc;
  AttestDocument *doc = d->doc;
  GError *error = NULL;

  if (!tei_reader_ok (self))
    return;
  if (d->lines == 0)
    {
      tei_reader_fail (self, ATTEST_ERROR_FORMAT, "the document %s has no text", d->id);
      return;
    }

  if (d->offset != doc->length)
    {
      tei_reader_fail (self, ATTEST_ERROR_FORMAT,
                       "the text of document %s has %" G_GINT64_FORMAT " characters, its header says %"
                       G_GINT64_FORMAT, d->id, d->offset, doc->length);
      return;
    }

  doc->text = g_string_free (g_steal_pointer (&d->text), FALSE);
  d->text = g_string_new (NULL);
  if (!tei_reader_obeys (self, attest_rules_check_document (doc, &error), &error))
    return;
  d->text_done = TRUE;

  if (self->store == NULL)
    return;
  d->row_id = attest_store_import_document (self->store, doc, self->marks.documents,
                                            &d->outcome, &error);
  if (d->row_id == 0)
    tei_reader_fail_with (self, error);
  else if (d->outcome == ATTEST_IMPORT_REPEATED)
    tei_reader_fail (self, ATTEST_ERROR_FORMAT, "the text of document %s appears twice in the file", d->id);
  else if (d->outcome == ATTEST_IMPORT_ADDED)
    self->counts.documents_added++;
  else
    self->counts.documents_existing++;
}

void
tei_reader_end_document (Reader *self)
{
  DocBuild *d = self->doc;
  GError *error = NULL;

  if (!tei_reader_ok (self))
    return;
  if (!d->text_done)
    {
      tei_reader_fail (self, ATTEST_ERROR_FORMAT, "the document %s has no text", d->id);
      return;
    }
  for (guint i = 0; i + 1 < d->origin_ptrs->len; i += 2)
    {
      const char *curated = g_ptr_array_index (d->origin_ptrs, i);
      const char *origin = g_ptr_array_index (d->origin_ptrs, i + 1);

      if (!g_hash_table_contains (d->claims, origin) || g_str_equal (curated, origin))
        {
          tei_reader_fail (self, ATTEST_ERROR_FORMAT,
                           "the claim %s points to its origin #%s, which is not another claim of document %s",
                           curated, origin, d->id);
          return;
        }
    }
  if (self->store != NULL && d->outcome == ATTEST_IMPORT_ADDED &&
      !(d->citations_listed
          ? attest_store_import_citation_list (self->store, d->row_id, d->doc, d->citations, &error)
          : attest_store_import_citations (self->store, d->row_id, d->doc, &error)))
    {
      tei_reader_fail_with (self, error);
      return;
    }

  self->documents_seen++;
  g_clear_pointer (&self->doc, tei_reader_doc_build_free);
  if (self->progress)
    self->progress (self->documents_seen, MAX (self->documents_total, self->documents_seen),
                    self->progress_data);
  if (self->cancellable && g_cancellable_is_cancelled (self->cancellable))
    {
      g_cancellable_set_error_if_cancelled (self->cancellable, &self->error);
      xmlStopParser (self->ctxt);
    }
}

void
tei_reader_start_line (Reader *self)
{
  DocBuild *d = self->doc;

  /* The <p>s are the lines of the text: a newline between each two. */
  if (d->lines++ > 0)
    {
      g_string_append_c (d->text, '\n');
      d->offset++;
    }
}

void
tei_reader_add_anchor (Reader *self,
                       Attrs  *attrs)
{
  DocBuild *d = self->doc;
  const char *id = tei_reader_attr (attrs, "id", TRUE);
  gint64 offset;
  Anchor anchor = { d->offset, d->text->len };

  if (id == NULL || !attest_tei_parse_anchor_id (id, d->id, &offset))
    {
      tei_reader_fail (self, ATTEST_ERROR_FORMAT, "an anchor of document %s has the id “%s”, not %s-oOFFSET",
                       d->id, id ? id : "", d->id);
      return;
    }
  if (offset != d->offset)
    {
      tei_reader_fail (self, ATTEST_ERROR_FORMAT,
                       "the anchor %s stands at character %" G_GINT64_FORMAT " of the text, not at %"
                       G_GINT64_FORMAT, id, d->offset, offset);
      return;
    }
  if (d->anchors->len > 0 && g_array_index (d->anchors, Anchor, d->anchors->len - 1).offset == offset)
    {
      tei_reader_fail (self, ATTEST_ERROR_FORMAT, "the anchor %s appears twice", id);
      return;
    }
  g_array_append_val (d->anchors, anchor);
}

/* A curated claim names its originals: by pointer (checked once the
 * document's spans are all read, as an original may come after it) or by
 * uuid. They must be those the history records, no more and no fewer,
 * since the history is what the database keeps. */
static gboolean
check_origins (Reader *self)
{
  ClaimBuild *c = &self->claim;
  const char *uuid = c->id + 2;
  g_auto(GStrv) targets = NULL;
  g_autoptr(GPtrArray) origins = g_ptr_array_new ();
  GPtrArray *recorded = g_hash_table_lookup (self->curated, uuid);

  if (c->origin_ptr != NULL)
    {
      targets = g_strsplit_set (c->origin_ptr, " \t\n\r", -1);
      for (guint i = 0; targets[i]; i++)
        {
          if (*targets[i] == '\0')
            continue;
          if (targets[i][0] != '#' || !attest_tei_id_is_uuid (targets[i] + 1, ATTEST_TEI_CLAIM_ID))
            {
              tei_reader_fail (self, ATTEST_ERROR_FORMAT, "the claim %s points to “%s” as its origin, not to a claim",
                               c->id, targets[i]);
              return FALSE;
            }
          g_ptr_array_add (self->doc->origin_ptrs, g_strdup (c->id));
          g_ptr_array_add (self->doc->origin_ptrs, g_strdup (targets[i] + 1));
          g_ptr_array_add (origins, targets[i] + 3);
        }
    }
  for (guint i = 0; i < c->origin_ids->len; i++)
    {
      const char *origin = g_ptr_array_index (c->origin_ids, i);

      if (!attest_rules_is_uuid (origin))
        {
          tei_reader_fail (self, ATTEST_ERROR_FORMAT, "the claim %s names “%s” as its origin, not a claim's uuid",
                           c->id, origin);
          return FALSE;
        }
      g_ptr_array_add (origins, (gpointer) origin);
    }

  for (guint i = 0; i < origins->len; i++)
    {
      if (recorded == NULL ||
          !g_ptr_array_find_with_equal_func (recorded, g_ptr_array_index (origins, i), g_str_equal, NULL))
        {
          tei_reader_fail (self, ATTEST_ERROR_FORMAT,
                           "the claim %s names %s as its origin, which its history does not record",
                           c->id, (const char *) g_ptr_array_index (origins, i));
          return FALSE;
        }
    }
  if (origins->len != (recorded ? recorded->len : 0))
    {
      tei_reader_fail (self, ATTEST_ERROR_FORMAT,
                       "the claim %s names %u origins, its history records %u curated into it",
                       c->id, origins->len, recorded ? recorded->len : 0);
      return FALSE;
    }
  return TRUE;
}

/* The anchor @pointer names, in the current document. */
static const Anchor *
resolve_anchor (Reader     *self,
                const char *owner,
                const char *pointer,
                const char *what)
{
  DocBuild *d = self->doc;
  gint64 offset;
  guint lo = 0;
  guint hi = d->anchors->len;

  if (pointer == NULL || pointer[0] != '#' || !g_str_has_prefix (pointer + 1, ATTEST_TEI_DOCUMENT_ID))
    {
      tei_reader_fail (self, ATTEST_ERROR_FORMAT, "the %s has no %s anchor", owner, what);
      return NULL;
    }
  if (!attest_tei_parse_anchor_id (pointer + 1, d->id, &offset))
    {
      tei_reader_fail (self, ATTEST_ERROR_FORMAT, "the @%s of the %s, “%s”, points outside its document",
                       what, owner, pointer);
      return NULL;
    }
  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;
      const Anchor *a = &g_array_index (d->anchors, Anchor, mid);

      if (a->offset == offset)
        return a;
      if (a->offset < offset)
        lo = mid + 1;
      else
        hi = mid;
    }
  tei_reader_fail (self, ATTEST_ERROR_FORMAT, "the @%s of the %s, “%s”, points to no anchor in the text",
                   what, owner, pointer);
  return NULL;
}

/* ------------------------------------------------------------- sources */

void
tei_reader_end_source (Reader  *self,
                       gboolean outside)
{
  SourceBuild *s = &self->source;
  GHashTable *table = outside ? self->outside : self->doc->sources;
  AttestSourceRow row;
  AttestImportOutcome outcome = ATTEST_IMPORT_ADDED;
  GError *error = NULL;
  gint64 id = 1;

  if (!tei_reader_ok (self))
    return;
  if (!attest_tei_id_is_uuid (s->id, ATTEST_TEI_SOURCE_ID))
    tei_reader_fail (self, ATTEST_ERROR_FORMAT, "a source has the id “%s”, not s-UUID", s->id ? s->id : "");
  else if (g_hash_table_contains (self->outside, s->id) ||
           (self->doc && g_hash_table_contains (self->doc->sources, s->id)))
    tei_reader_fail (self, ATTEST_ERROR_FORMAT, "the source %s appears twice", s->id);
  if (!tei_reader_ok (self))
    return;

  /* An empty date element carries only @when: the text as written is unknown. */
  if (s->has_date && s->date_text != NULL && *s->date_text == '\0')
    g_clear_pointer (&s->date_text, g_free);

  row = (AttestSourceRow) {
    s->id + 2, s->outlet, s->place, s->date_text, s->when, s->url, s->title,
    s->reliability, s->recorded,
  };
  if (!tei_reader_obeys (self, attest_rules_check_source (&row, &error), &error))
    return;

  if (self->store != NULL)
    {
      gint64 document_id = outside ? 0 : self->doc->row_id;

      id = attest_store_import_source (self->store, document_id, &row,
                                       !outside && self->doc->outcome == ATTEST_IMPORT_SAME_TEXT,
                                       self->marks.sources, &outcome, &error);
      if (id == 0)
        {
          tei_reader_fail_with (self, error);
          return;
        }
      if (outcome == ATTEST_IMPORT_REPEATED)
        {
          tei_reader_fail (self, ATTEST_ERROR_FORMAT, "the source %s appears twice in the file", s->id);
          return;
        }
      if (outcome == ATTEST_IMPORT_ADDED)
        self->counts.sources_added++;
      else
        self->counts.sources_existing++;
    }
  g_hash_table_insert (table, g_strdup (s->id), GINT_TO_POINTER (id));
  tei_reader_clear_source (s);
}

static gint64
resolve_source (Reader     *self,
                const char *pointer)
{
  gpointer id;

  if (pointer != NULL && pointer[0] == '#' &&
      (g_hash_table_lookup_extended (self->doc->sources, pointer + 1, NULL, &id) ||
       g_hash_table_lookup_extended (self->outside, pointer + 1, NULL, &id)))
    return GPOINTER_TO_INT (id);
  tei_reader_fail (self, ATTEST_ERROR_FORMAT,
                   "the claim %s points to “%s”, which is no source of its document nor an outside source",
                   self->claim.id, pointer ? pointer : "");
  return 0;
}

/* ----------------------------------------------------------- citations */

/* <span xml:id="t-…" from="#…" to="#…" source="#s-…" type="citation"
 * subtype="dateline"/>: one attribution, as the export listed it. */
void
tei_reader_read_citation (Reader *self,
                          Attrs  *attrs)
{
  DocBuild *d = self->doc;
  const char *id = tei_reader_attr (attrs, "id", TRUE);
  const char *source = tei_reader_attr (attrs, "source", FALSE);
  g_autofree char *owner = g_strdup_printf ("attribution %s", id ? id : "");
  AttestCitationRow row = { 0 };
  const Anchor *from, *to;
  gpointer source_id;

  if (!attest_tei_id_is_uuid (id, ATTEST_TEI_CITATION_ID))
    {
      tei_reader_fail (self, ATTEST_ERROR_FORMAT, "an attribution of document %s has the id “%s”, not t-UUID",
                       d->id, id ? id : "");
      return;
    }
  if (g_strcmp0 (tei_reader_attr (attrs, "type", FALSE), "citation") != 0 ||
      !attest_citation_kind_from_string (tei_reader_attr (attrs, "subtype", FALSE), &row.kind))
    {
      tei_reader_fail (self, ATTEST_ERROR_FORMAT, "the attribution %s does not say how it was found", id);
      return;
    }
  if (!(from = resolve_anchor (self, owner, tei_reader_attr (attrs, "from", FALSE), "from")) ||
      !(to = resolve_anchor (self, owner, tei_reader_attr (attrs, "to", FALSE), "to")))
    return;
  if (from->offset >= to->offset)
    {
      tei_reader_fail (self, ATTEST_ERROR_FORMAT, "the attribution %s ends before it starts", id);
      return;
    }
  /* Only a source of its own document: attributions are found in its text. */
  if (source == NULL || source[0] != '#' ||
      !g_hash_table_lookup_extended (d->sources, source + 1, NULL, &source_id))
    {
      tei_reader_fail (self, ATTEST_ERROR_FORMAT, "the attribution %s cites “%s”, which is no source of document %s",
                       id, source ? source : "", d->id);
      return;
    }
  for (guint i = 0; i < d->citation_ids->len; i++)
    if (g_str_equal (g_ptr_array_index (d->citation_ids, i), id + 2))
      {
        tei_reader_fail (self, ATTEST_ERROR_FORMAT, "the attribution %s appears twice", id);
        return;
      }

  g_ptr_array_add (d->citation_ids, g_strdup (id + 2));
  row.uuid = g_ptr_array_index (d->citation_ids, d->citation_ids->len - 1);
  row.start = from->offset;
  row.end = to->offset;
  row.source_id = GPOINTER_TO_INT (source_id);
  g_array_append_val (d->citations, row);
}

/* --------------------------------------------------------------- claims */

void
tei_reader_end_claim (Reader *self)
{
  ClaimBuild *c = &self->claim;
  DocBuild *d = self->doc;
  const Anchor *from;
  const Anchor *to;
  g_auto(GStrv) sources = NULL;
  g_autoptr(GArray) source_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *quote = NULL;
  gpointer category_id = NULL;
  AttestClaimRow row;
  GError *rule_error = NULL;
  gint64 annotator_id;
  gint64 version = 0;

  if (!tei_reader_ok (self))
    return;
  if (!attest_tei_id_is_uuid (c->id, ATTEST_TEI_CLAIM_ID))
    {
      tei_reader_fail (self, ATTEST_ERROR_FORMAT, "a claim has the id “%s”, not c-UUID", c->id ? c->id : "");
      return;
    }
  if (!g_hash_table_add (d->claims, g_strdup (c->id)))
    {
      tei_reader_fail (self, ATTEST_ERROR_FORMAT, "the claim %s appears twice", c->id);
      return;
    }
  g_autofree char *owner = g_strdup_printf ("claim %s", c->id);

  if (!(from = resolve_anchor (self, owner, c->from, "from")) || !(to = resolve_anchor (self, owner, c->to, "to")))
    return;
  if (from->offset >= to->offset)
    {
      tei_reader_fail (self, ATTEST_ERROR_FORMAT, "the claim %s ends (%s) before it starts (%s)",
                       c->id, c->to, c->from);
      return;
    }
  if (c->ana == NULL || c->ana[0] != '#' ||
      !g_hash_table_lookup_extended (self->categories, c->ana + 1, NULL, &category_id))
    {
      tei_reader_fail (self, ATTEST_ERROR_FORMAT, "the claim %s has the category “%s”, which the taxonomy lacks",
                       c->id, c->ana ? c->ana : "");
      return;
    }
  if (!(annotator_id = tei_reader_resolve_annotator (self, c->resp, "the annotator of a claim")))
    return;
  if (g_strcmp0 (c->type, "claim") != 0)
    {
      tei_reader_fail (self, ATTEST_ERROR_FORMAT, "the claim %s is not typed as a claim", c->id);
      return;
    }
  if (!attest_tei_parse_count (c->version, &version))
    {
      tei_reader_fail (self, ATTEST_ERROR_FORMAT, "the claim %s does not give its version", c->id);
      return;
    }

  if (c->sources != NULL)
    {
      sources = g_strsplit_set (c->sources, " \t\n\r", -1);
      for (guint i = 0; sources[i]; i++)
        {
          gint64 id;

          if (*sources[i] == '\0')
            continue;
          if (!(id = resolve_source (self, sources[i])))
            return;
          g_array_append_val (source_ids, id);
        }
    }
  for (guint i = 0; i < c->links->len; i++)
    {
      LinkBuild *link = g_ptr_array_index (c->links, i);

      if (sources == NULL || link->corresp == NULL || *link->corresp == '\0' ||
          !g_strv_contains ((const char * const *) sources, link->corresp))
        {
          tei_reader_fail (self, ATTEST_ERROR_FORMAT, "the claim %s dates a link to “%s”, which is not among its sources",
                           c->id, link->corresp ? link->corresp : "");
          return;
        }
      if (!attest_rules_is_timestamp (link->when) || !tei_reader_resolve_annotator (self, link->resp, "a link"))
        {
          tei_reader_fail (self, ATTEST_ERROR_FORMAT, "the claim %s has a link without time or annotator", c->id);
          return;
        }
    }

  if (!check_origins (self))
    return;

  quote = g_strndup (d->doc->text + from->byte, to->byte - from->byte);
  row = (AttestClaimRow) {
    .uuid = c->id + 2, .start = from->offset, .end = to->offset, .quote = quote,
    .status = c->subtype, .certainty = c->cert, .comment = c->comment,
    .created = c->created, .modified = c->modified, .version = version,
  };
  if (!tei_reader_obeys (self, attest_rules_check_claim (&row, d->doc, d->doc->text + from->byte, &rule_error),
                         &rule_error))
    return;

  if (self->store != NULL)
    {
      AttestImportOutcome outcome;
      GError *error = NULL;
      gint64 claim_id;
      guint k = 0;

      claim_id = attest_store_import_claim (self->store, d->row_id, GPOINTER_TO_INT (category_id),
                                            annotator_id, &row, self->marks.claims, &outcome, &error);
      if (claim_id == 0)
        {
          tei_reader_fail_with (self, error);
          return;
        }
      if (outcome == ATTEST_IMPORT_REPEATED)
        {
          tei_reader_fail (self, ATTEST_ERROR_FORMAT, "the claim %s appears twice in the file", c->id);
          return;
        }
      if (outcome == ATTEST_IMPORT_EXISTING)
        {
          self->counts.claims_existing++;
          tei_reader_clear_claim (c);
          return;
        }
      self->counts.claims_added++;

      /* A link without its own date (hand-written files) takes the claim's. */
      for (guint i = 0; sources && sources[i]; i++)
        {
          const char *when = c->created;
          gint64 who = annotator_id;

          if (*sources[i] == '\0')
            continue;
          for (guint j = 0; j < c->links->len; j++)
            {
              LinkBuild *link = g_ptr_array_index (c->links, j);

              if (strcmp (link->corresp, sources[i]) == 0)
                {
                  when = link->when;
                  who = tei_reader_resolve_annotator (self, link->resp, "a link");
                }
            }
          if (!attest_store_import_link (self->store, claim_id, g_array_index (source_ids, gint64, k++),
                                         who, when, &error))
            {
              tei_reader_fail_with (self, error);
              return;
            }
        }
    }
  tei_reader_clear_claim (c);
}
