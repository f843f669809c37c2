/* attest-tei-writer-header.c — the TEI writer's headers: people, sources
 * (a document's and outside ones), the taxonomy and format version, the
 * history, the agreement note and the corpus header.
 */
#include "config.h"

#include "attest-tei-writer-private.h"

#include <math.h>

#include "attest-date.h"
#include "attest-error.h"
#include "attest-rules.h"

gboolean
tei_write_person (const AttestPersonRow *row,
                  gpointer               user_data,
                  GError               **error)
{
  TeiWriter *self = user_data;
  guint depth = self->base + 4;
  char *id;

  if (row->uuid != NULL)
    {
      tei_check_uuid (self, "annotator", row->uuid);
      id = g_strconcat (ATTEST_TEI_ANNOTATOR_ID, row->uuid, NULL);
    }
  else
    id = g_strdup_printf ("p%u", ++self->n_others);
  g_hash_table_insert (self->person_ids, g_strdup (row->name), id);

  tei_start (self, depth, "respStmt");
  tei_attr (self, "xml:id", id);
  tei_text_line (self, depth + 1, "resp", NULL, NULL, row->uuid ? ATTEST_TEI_ROLE_ANNOTATOR : ATTEST_TEI_ROLE_EDITOR, "");
  tei_text_line (self, depth + 1, "persName", NULL, NULL, row->name, "An annotator's name");
  tei_end_block (self, depth);
  return !tei_failed (self);
}

void
tei_write_bibl (TeiWriter             *self,
                guint                  depth,
                const AttestSourceRow *row)
{
  GString *out = self->scratch;
  gboolean first = TRUE;

  tei_check_uuid (self, "source", row->uuid);
  tei_check_time (self, "recording", "a source", row->created);
  if (row->when != NULL && !attest_date_is_stored (row->when))
    tei_fail (self, ATTEST_ERROR_INVALID, "The source %s has the date “%s”, which is not a date",
              row->uuid, row->when);
  if (row->url != NULL && (*row->url == '\0' || strpbrk (row->url, " \t\r\n") != NULL))
    tei_fail (self, ATTEST_ERROR_INVALID, "The source %s has the URL “%s”, which is not a URL",
              row->uuid, row->url);
  if (tei_failed (self))
    return;

  g_string_truncate (out, 0);
  append_indent (out, depth);
  append_str (out, "<bibl");
  tei_append_attr (self, out, "xml:id", ATTEST_TEI_SOURCE_ID, row->uuid);
  append_str (out, "><date type=\"recorded\"");
  tei_append_attr (self, out, "when", NULL, row->created);
  append_str (out, "/>");

  /* The parts are separated by ", " as an analyst writes them; that text
   * is for people and ignored on import. */
#define SEPARATE() G_STMT_START { if (!first) append_str (out, ", "); first = FALSE; } G_STMT_END
  if (row->outlet != NULL)
    {
      SEPARATE ();
      tei_append_element (self, out, "orgName", NULL, NULL, row->outlet, "A source's outlet");
    }
  if (row->place != NULL)
    {
      SEPARATE ();
      tei_append_element (self, out, "pubPlace", NULL, NULL, row->place, "A source's place");
    }
  if (row->date_text != NULL || row->when != NULL)
    {
      const char *text = row->date_text ? row->date_text : "";

      SEPARATE ();
      append_str (out, "<date");
      if (row->when != NULL)
        tei_append_attr (self, out, "when", NULL, row->when);
      if (*text == '\0')
        append_str (out, "/>");
      else
        {
          append_char (out, '>');
          tei_escape_into (self, out, text, strlen (text), TRUE, "A source's date");
          append_str (out, "</date>");
        }
    }
  if (row->title != NULL)
    {
      SEPARATE ();
      tei_append_element (self, out, "title", NULL, NULL, row->title, "A source's title");
    }
  if (row->url != NULL)
    {
      SEPARATE ();
      append_str (out, "<ptr");
      tei_append_attr (self, out, "target", NULL, row->url);
      append_str (out, "/>");
    }
  if (row->reliability != NULL)
    {
      SEPARATE ();
      tei_append_element (self, out, "note", "type", "reliability", row->reliability,
                          "A source's reliability");
    }
#undef SEPARATE
  append_str (out, "</bibl>");
  tei_raw (self, out->str, out->len);
  self->counts.sources++;
}

static gboolean
write_outside_source (const AttestSourceRow *row,
                      gpointer               user_data,
                      GError               **error)
{
  TeiWriter *self = user_data;
  guint depth = self->base + 4;

  if (!self->list_open)
    {
      tei_start (self, depth, "listBibl");
      tei_attr (self, "type", "outside-sources");
      self->list_open = TRUE;
    }
  tei_write_bibl (self, depth + 1, row);
  return !tei_failed (self);
}

/* Outside sources (added by hand, in no document) that the export uses. */
gboolean
tei_write_outside_sources (TeiWriter *self,
                           GError   **error)
{
  self->list_open = FALSE;
  if (!attest_store_foreach_source (self->store, 0, self->filter, write_outside_source, self, error))
    return FALSE;
  if (self->list_open)
    tei_end_block (self, self->base + 4);
  return TRUE;
}

#define MAX_CATEGORY_DEPTH 200

static void
write_category (TeiWriter      *self,
                guint           depth,
                AttestCategory *category,
                GHashTable     *children,
                GHashTable     *written)
{
  GPtrArray *kids = g_hash_table_lookup (children, category->key);

  g_hash_table_add (written, category->key);
  if (!attest_category_key_is_valid (category->key))
    tei_fail (self, ATTEST_ERROR_INVALID, "“%s” is not a valid category key", category->key);
  if (!attest_category_color_is_valid (category->color))
    tei_fail (self, ATTEST_ERROR_INVALID, "The category “%s” has the colour “%s”, which is not #rrggbb",
              category->key, category->color ? category->color : "");

  tei_start (self, depth, "category");
  tei_attr (self, "xml:id", category->key);
  if (category->shortcut >= 0 && category->shortcut <= 9)
    tei_attr_printf (self, "n", "%d", category->shortcut);
  tei_attr_printf (self, "style", ATTEST_TEI_COLOR_STYLE "%s", category->color);
  tei_text_line (self, depth + 1, "gloss", NULL, NULL, category->label, "A category's label");
  if (category->description != NULL && !tei_failed (self))
    {
      tei_newline (self, depth + 1);
      tei_start_inline (self, "desc");
      tei_attr (self, "type", "description");
      g_string_truncate (self->scratch, 0);
      /* Control characters as <g>, as in labels: the reader takes them back. */
      if (tei_escape_into (self, self->scratch, category->description, strlen (category->description),
                           TRUE, "A category's description"))
        tei_raw (self, self->scratch->str, self->scratch->len);
      tei_end (self);
    }
  if (category->retired)
    {
      tei_start (self, depth + 1, "desc");
      tei_attr (self, "type", "retired");
      tei_end (self);
    }
  /* A damaged database can hold a parent cycle: a category already
   * written is not nested again, and the depth is bounded, so the walk
   * ends whatever the parents say. */
  if (depth - self->base > MAX_CATEGORY_DEPTH)
    tei_fail (self, ATTEST_ERROR_INVALID, "The category “%s” is nested more than %d levels deep",
              category->key, MAX_CATEGORY_DEPTH);
  for (guint i = 0; kids != NULL && i < kids->len && !tei_failed (self); i++)
    {
      AttestCategory *kid = g_ptr_array_index (kids, i);

      if (!g_hash_table_contains (written, kid->key))
        write_category (self, depth + 1, kid, children, written);
    }
  tei_end_block (self, depth);
}

/* appInfo (our format version) and the taxonomy, sub-categories nested in
 * their parents, siblings in the analysts' order. */
gboolean
tei_write_encoding_desc (TeiWriter *self,
                         GError   **error)
{
  g_autoptr(GPtrArray) categories = NULL;
  g_autoptr(GHashTable) keys = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) children = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                          (GDestroyNotify) g_ptr_array_unref);
  g_autoptr(GHashTable) written = g_hash_table_new (g_str_hash, g_str_equal);
  guint depth = self->base + 2;

  if (!(categories = attest_store_list_taxonomy (self->store, error)))
    return FALSE;
  for (guint i = 0; i < categories->len; i++)
    {
      AttestCategory *c = g_ptr_array_index (categories, i);
      g_hash_table_insert (keys, c->key, c);
    }
  for (guint i = 0; i < categories->len; i++)
    {
      AttestCategory *c = g_ptr_array_index (categories, i);
      const char *parent = c->parent_key && g_hash_table_contains (keys, c->parent_key) ? c->parent_key : "";
      GPtrArray *list = g_hash_table_lookup (children, parent);

      if (list == NULL)
        g_hash_table_insert (children, (gpointer) parent, (list = g_ptr_array_new ()));
      g_ptr_array_add (list, c);
    }

  tei_start (self, depth, "encodingDesc");
  tei_start (self, depth + 1, "appInfo");
  tei_start (self, depth + 2, "application");
  tei_attr (self, "ident", "Attest");
  tei_attr_printf (self, "version", "%d", ATTEST_TEI_FORMAT_VERSION);
  tei_text_line (self, depth + 3, "label", NULL, NULL, "Attest TEI export", "");
  tei_end_block (self, depth + 2);
  tei_end_block (self, depth + 1);
  tei_start (self, depth + 1, "classDecl");
  tei_start (self, depth + 2, "taxonomy");
  tei_text_line (self, depth + 3, "desc", NULL, NULL, "Claim categories", "");
  {
    GPtrArray *top = g_hash_table_lookup (children, "");

    for (guint i = 0; top != NULL && i < top->len; i++)
      write_category (self, depth + 3, g_ptr_array_index (top, i), children, written);
  }
  /* A parent cycle leaves categories unreachable from the top; keep them. */
  for (guint i = 0; i < categories->len; i++)
    {
      AttestCategory *c = g_ptr_array_index (categories, i);

      if (!g_hash_table_contains (written, c->key))
        write_category (self, depth + 3, c, children, written);
    }
  tei_end_block (self, depth + 2);
  tei_end_block (self, depth + 1);
  tei_end_block (self, depth);
  return !tei_failed (self);
}

static gboolean
write_change (const AttestChangeRow *row,
              gpointer               user_data,
              GError               **error)
{
  TeiWriter *self = user_data;
  guint depth = self->base + 3;
  const char *who = g_hash_table_lookup (self->person_ids, row->annotator);

  if (!self->list_open)
    {
      tei_start (self, depth - 1, "revisionDesc");
      self->list_open = TRUE;
    }

  tei_check_uuid (self, "history entry", row->uuid);
  tei_check_time (self, "change", "a history entry", row->at);
  if (who == NULL)
    tei_fail (self, ATTEST_ERROR_FAILED, "The history names “%s”, who is not listed", row->annotator);
  if (!attest_rules_is_token (row->entity) || !attest_rules_is_token (row->action))
    tei_fail (self, ATTEST_ERROR_INVALID, "The history entry %s has the entity “%s” and action “%s”",
              row->uuid, row->entity, row->action);
  if (tei_failed (self))
    return FALSE;

  append_indent (self->scratch, depth);
  append_str (self->scratch, "<change");
  tei_append_attr (self, self->scratch, "xml:id", ATTEST_TEI_CHANGE_ID, row->uuid);
  tei_append_attr (self, self->scratch, "when", NULL, row->at);
  tei_append_attr (self, self->scratch, "who", "#", who);
  tei_append_attr (self, self->scratch, "type", NULL, row->entity);
  tei_append_attr (self, self->scratch, "subtype", NULL, row->action);
  append_char (self->scratch, '>');
  tei_append_element (self, self->scratch, "idno", "type", "entity",
                      row->entity_uuid ? row->entity_uuid : "", "A history entry");
  tei_append_element (self, self->scratch, "label", "type", "field", row->field, "A history entry");
  tei_append_element (self, self->scratch, "del", NULL, NULL, row->old_value, "A history entry");
  tei_append_element (self, self->scratch, "add", NULL, NULL, row->new_value, "A history entry");
  append_str (self->scratch, "</change>");
  tei_flush_scratch (self, FALSE);

  /* A long history must not make cancelling slow. */
  if (++self->counts.changes % 4096 == 0)
    tei_check_cancelled (self);
  return !tei_failed (self);
}

gboolean
tei_write_revision_desc (TeiWriter *self,
                         GError   **error)
{
  self->list_open = FALSE;
  g_string_truncate (self->scratch, 0);
  if (!attest_store_foreach_change (self->store, self->filter, write_change, self, error))
    return FALSE;
  tei_flush_scratch (self, TRUE);
  if (self->list_open)
    tei_end_block (self, self->base + 2);
  return !tei_failed (self);
}

/* ------------------------------------------------------------ agreement */

/* Figures are written with four decimals, as the CLI shows them; an
 * undefined one (NaN) is left out. */
static void
write_interp (TeiWriter  *self,
              guint       depth,
              const char *type,
              const char *corresp,
              double      count,
              double      value)
{
  char number[G_ASCII_DTOSTR_BUF_SIZE];

  if (isnan (value) || tei_failed (self))
    return;
  tei_start (self, depth, "interp");
  tei_attr (self, "type", type);
  if (corresp != NULL)
    tei_attr (self, "corresp", corresp);
  if (count >= 0)
    tei_attr_printf (self, "n", "%.0f", count);
  tei_check_xml (self, xmlTextWriterWriteString (self->w, (const xmlChar *)
                                                 g_ascii_formatd (number, sizeof number, "%.4f", value)));
  tei_end (self);
}

static void
write_agreement_figures (TeiWriter                    *self,
                         guint                         depth,
                         const AttestAgreementFigures *figures)
{
  tei_start (self, depth, "interpGrp");
  tei_attr (self, "type", "agreement");
  if (figures->category != NULL)
    tei_attr_printf (self, "ana", "#%s", figures->category);
  else
    tei_attr (self, "subtype", "all");
  write_interp (self, depth + 1, "krippendorff-alpha", NULL, figures->pairable_values,
                figures->krippendorff_alpha);
  write_interp (self, depth + 1, "fleiss-kappa", NULL, figures->fleiss_units, figures->fleiss_kappa);
  for (guint i = 0; i < figures->pairs->len && !tei_failed (self); i++)
    {
      const AttestPairAgreement *pair = g_ptr_array_index (figures->pairs, i);
      const char *a = g_hash_table_lookup (self->person_ids, pair->reference);
      const char *b = g_hash_table_lookup (self->person_ids, pair->other);
      g_autofree char *corresp = NULL;
      AttestAgreementFigure list[ATTEST_PAIR_AGREEMENT_N_FIGURES];

      if (a == NULL || b == NULL)
        {
          tei_fail (self, ATTEST_ERROR_FAILED, "The annotators %s and %s are not in the header",
                    pair->reference, pair->other);
          return;
        }
      corresp = g_strdup_printf ("#%s #%s", a, b);
      attest_pair_agreement_list_figures (pair, list);
      for (guint k = 0; k < ATTEST_PAIR_AGREEMENT_N_FIGURES; k++)
        write_interp (self, depth + 1, list[k].name, corresp, list[k].count, list[k].value);
    }
  tei_end_block (self, depth);
}

/* <note type="agreement"> for the header's notesStmt: a sentence for
 * people, then one interpGrp for all categories and one per category.
 * Each interp's @n is the count its figure rests on (see attest-tei.rng);
 * an interpGrp needs at least one interp, so one whose figures are all
 * undefined is left out. */
void
tei_write_agreement_note (TeiWriter *self,
                          guint      depth)
{
  const AttestAgreementReport *report = self->agreement;
  g_autofree char *names = NULL;
  g_autofree char *sentence = NULL;

  if (report == NULL || tei_failed (self))
    return;
  names = g_strjoinv (", ", report->annotators);
  sentence = g_strdup_printf ("Inter-annotator agreement of %s on %u documents (%.0f characters), "
                              "before curation: claims made by curation are left out, and a unit "
                              "is one character of an article's body. In a pair (corresp) the "
                              "first annotator is the reference for precision and recall; n is "
                              "the count a figure rests on; undefined figures are left out.",
                              names, report->documents, report->characters);
  tei_start (self, depth, "note");
  tei_attr (self, "type", "agreement");
  tei_text_line (self, depth + 1, "p", NULL, NULL, sentence, "The agreement note");
  if (attest_agreement_figures_any_defined (report->overall))
    write_agreement_figures (self, depth + 1, report->overall);
  for (guint i = 0; i < report->categories->len; i++)
    {
      const AttestAgreementFigures *figures = g_ptr_array_index (report->categories, i);

      if (attest_agreement_figures_any_defined (figures))
        write_agreement_figures (self, depth + 1, figures);
    }
  tei_end_block (self, depth);
}

/* ---------------------------------------------------------------- corpus */

gboolean
tei_write_corpus_header (TeiWriter *self,
                         guint      total,
                         GError   **error)
{
  g_autofree char *count = g_strdup_printf ("%u", total);

  tei_start_inline (self, "teiCorpus");
  tei_attr (self, "xmlns", ATTEST_TEI_NAMESPACE);
  tei_start (self, 1, "teiHeader");
  tei_start (self, 2, "fileDesc");
  tei_start (self, 3, "titleStmt");
  tei_text_line (self, 4, "title", NULL, NULL, "Attest corpus", "");
  if (!tei_failed (self) && !attest_store_foreach_person (self->store, tei_write_person, self, error))
    return FALSE;
  tei_end_block (self, 3);
  tei_start (self, 3, "extent");
  tei_start_inline (self, "measure");
  tei_attr (self, "unit", "documents");
  tei_attr (self, "quantity", count);
  tei_chars (self, count, FALSE, "");
  tei_end (self);
  tei_end (self);
  tei_start (self, 3, "publicationStmt");
  tei_text_line (self, 4, "p", NULL, NULL, "Exported from Attest.", "");
  tei_end_block (self, 3);
  if (self->agreement != NULL)
    {
      tei_start (self, 3, "notesStmt");
      tei_write_agreement_note (self, 4);
      tei_end_block (self, 3);
    }
  tei_start (self, 3, "sourceDesc");
  if (!tei_failed (self) && !tei_write_outside_sources (self, error))
    return FALSE;
  if (!self->list_open)
    tei_text_line (self, 4, "p", NULL, NULL, "Articles annotated with Attest.", "");
  tei_end_block (self, 3);
  tei_end_block (self, 2);
  if (!tei_failed (self) && (!tei_write_encoding_desc (self, error) || !tei_write_revision_desc (self, error)))
    return FALSE;
  tei_end_block (self, 1);
  return !tei_failed (self);
}
