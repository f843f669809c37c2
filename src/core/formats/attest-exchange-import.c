/* attest-exchange-import.c — see attest-exchange-import.h.
 *
 * What it owns: turning claims read from another tool's files into rows,
 * the same way for every such format. Checks run over everything before
 * the transaction opens; the transaction then only matches and adds.
 */
#include "config.h"

#include "attest-exchange-import.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>
#include <string.h>

#include "attest-category.h"
#include "attest-citation-scanner.h"
#include "attest-error.h"
#include "attest-outlets.h"
#include "attest-rules.h"
#include "attest-source.h"
#include "attest-store-bulk.h"
#include "attest-text-index.h"

AttestExchangeClaim *
attest_exchange_claim_new (void)
{
  AttestExchangeClaim *claim = g_new0 (AttestExchangeClaim, 1);

  claim->sources = g_ptr_array_new_with_free_func (g_free);
  return claim;
}

void
attest_exchange_claim_free (AttestExchangeClaim *claim)
{
  if (claim == NULL)
    return;
  g_free (claim->quote);
  g_free (claim->key);
  g_free (claim->label);
  g_free (claim->color);
  g_free (claim->status);
  g_free (claim->certainty);
  g_free (claim->comment);
  g_ptr_array_unref (claim->sources);
  g_free (claim->uuid);
  g_free (claim->annotator);
  g_free (claim->created);
  g_free (claim->modified);
  g_free (claim->where);
  g_free (claim);
}

/**
 * attest_exchange_doc_new:
 * @name: the file (and part) the article came from, for messages
 * @doc: (transfer full): the article
 *
 * Returns: (transfer full): an article with no claims yet
 */
AttestExchangeDoc *
attest_exchange_doc_new (const char     *name,
                         AttestDocument *doc)
{
  AttestExchangeDoc *d = g_new0 (AttestExchangeDoc, 1);

  d->name = g_strdup (name);
  d->doc = doc;
  d->claims = g_ptr_array_new_with_free_func ((GDestroyNotify) attest_exchange_claim_free);
  return d;
}

void
attest_exchange_doc_free (AttestExchangeDoc *d)
{
  if (d == NULL)
    return;
  g_free (d->name);
  g_clear_object (&d->doc);
  g_ptr_array_unref (d->claims);
  g_free (d);
}

/**
 * attest_exchange_category_new:
 * @name: the file (and part) the category came from, for messages
 * @key: the category's key, as the file's claims give it
 *
 * Returns: (transfer full): a live category with no details yet
 */
AttestExchangeCategory *
attest_exchange_category_new (const char *name,
                              const char *key)
{
  AttestExchangeCategory *c = g_new0 (AttestExchangeCategory, 1);

  c->name = g_strdup (name);
  c->key = g_strdup (key);
  return c;
}

void
attest_exchange_category_free (AttestExchangeCategory *c)
{
  if (c == NULL)
    return;
  g_free (c->key);
  g_free (c->label);
  g_free (c->color);
  g_free (c->description);
  g_free (c->parent_key);
  g_free (c->name);
  g_free (c->where);
  g_free (c);
}

/**
 * attest_exchange_source_label:
 * @row: a source
 *
 * A source's label as the window shows it: what the formats that carry a
 * source as text write, and what an import matches.
 *
 * Returns: (transfer full): the label
 */
char *
attest_exchange_source_label (const AttestSourceRow *row)
{
  g_autoptr(AttestSource) source = attest_source_new ();

  source->outlet = g_strdup (row->outlet);
  source->place = g_strdup (row->place);
  source->date_text = g_strdup (row->date_text);
  source->title = g_strdup (row->title);
  return attest_source_dup_label (source);
}

static gboolean
remember_label (const AttestSourceRow *row,
                gpointer               user_data,
                GError               **error)
{
  g_hash_table_insert (user_data, g_strdup (row->uuid), attest_exchange_source_label (row));
  return TRUE;
}

/**
 * attest_exchange_collect_labels:
 * @store: an #AttestStore
 * @document_id: a document's row id, or 0 for the outside sources
 * @labels: (element-type utf8 utf8): filled with uuid → label
 * @error: return location for a #GError, or %NULL
 *
 * The labels of a document's sources (or the outside ones), as the
 * formats that carry a source by its label write them.
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */
gboolean
attest_exchange_collect_labels (AttestStore *store,
                                gint64       document_id,
                                GHashTable  *labels,
                                GError     **error)
{
  return attest_store_foreach_source (store, document_id, NULL, remember_label, labels, error);
}

static int
compare_labels (gconstpointer a,
                gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/**
 * attest_exchange_link_labels:
 * @claim: a claim with its links
 * @local: uuid → label of its article's sources
 * @outside: uuid → label of the outside sources
 *
 * The labels of the sources a claim rests on, sorted: a format that
 * carries sources by label writes them in an order that does not hang on
 * their ids, which an import makes anew.
 *
 * Returns: (transfer container) (element-type utf8): the labels, owned by
 *   the tables
 */
GPtrArray *
attest_exchange_link_labels (const AttestClaimRow *claim,
                             GHashTable           *local,
                             GHashTable           *outside)
{
  GPtrArray *labels = g_ptr_array_new ();

  for (guint k = 0; k < claim->n_links; k++)
    {
      const char *label = g_hash_table_lookup (local, claim->links[k].source_uuid);

      if (label == NULL)
        label = g_hash_table_lookup (outside, claim->links[k].source_uuid);
      if (label != NULL)
        g_ptr_array_add (labels, (gpointer) label);
    }
  g_ptr_array_sort (labels, compare_labels);
  return labels;
}

static gboolean
fail_with (GError    **error,
           int         code,
           const char *name,
           const char *where,
           const char *message)
{
  if (where != NULL)
    /* TRANSLATORS: a file, the place in it ("line 12"), and what is wrong there */
    g_set_error (error, ATTEST_ERROR, code, _("%s, %s: %s"), name, where, message);
  else
    g_set_error (error, ATTEST_ERROR, code, "%s: %s", name, message);
  return FALSE;
}

static gboolean
fail (GError    **error,
      const char *name,
      const char *where,
      const char *message)
{
  return fail_with (error, ATTEST_ERROR_FORMAT, name, where, message);
}

static gboolean
check_span_in (const AttestTextIndex *ix,
               gint64                 start,
               gint64                 end,
               const char            *where,
               GError               **error)
{
  g_autoptr(GError) local = NULL;
  g_autofree char *quote = NULL;
  gint64 length = attest_text_index_n_chars (ix);

  if (start < 0 || end > length || start >= end)
    g_set_error (&local, ATTEST_ERROR, ATTEST_ERROR_INVALID,
                 _("the span %" PRId64 ":%" PRId64 " is outside the text (0:%" PRId64 ") or empty"),
                 start, end, length);
  else
    {
      const char *from = attest_text_index_at (ix, start);
      const char *to = attest_text_index_at (ix, end);

      quote = g_strndup (from, to - from);
      attest_rules_check_span (quote, g_utf8_get_char (to), start, end, &local);
    }
  if (local == NULL)
    return TRUE;
  if (where != NULL)
    g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID, "%s: %s", where, local->message);
  else
    g_propagate_error (error, g_steal_pointer (&local));
  return FALSE;
}

/**
 * attest_exchange_check_span:
 * @text: the article's text, as stored
 * @start: the first character of the span
 * @end: the character after its last
 * @where: (nullable): the place in the file, prefixed to the message
 * @error: return location for a #GError, or %NULL
 *
 * What annotating in the window checks: the span lies in the text, holds
 * more than white space and splits no letter from its accent.
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */
gboolean
attest_exchange_check_span (const char *text,
                            gint64      start,
                            gint64      end,
                            const char *where,
                            GError    **error)
{
  g_autoptr(AttestTextIndex) ix = attest_text_index_new (text, strlen (text));

  return check_span_in (ix, start, end, where, error);
}

/* Fills in what a claim may leave out, then checks it as every claim row
 * is checked. Offsets are found once per article, walking forward. */
static gboolean
check_doc (AttestExchangeDoc *d,
           const char        *now,
           GError           **error)
{
  g_autoptr(GError) local = NULL;
  g_autoptr(AttestTextIndex) ix = NULL;

  if (!attest_rules_check_document (d->doc, &local))
    return fail (error, d->name, NULL, local->message);
  /* A title as the article's details take one. */
  if (d->doc->title != NULL &&
      (!attest_rules_check_string (_("The title"), d->doc->title, -1, ATTEST_RULES_LINE, &local) ||
       (g_utf8_strlen (d->doc->title, -1) > ATTEST_RULES_DOCUMENT_FIELD_MAX &&
        (g_set_error (&local, ATTEST_ERROR, ATTEST_ERROR_INVALID, _("the title is longer than %d characters"),
                      ATTEST_RULES_DOCUMENT_FIELD_MAX), TRUE))))
    return fail (error, d->name, NULL, local->message);
  /* Many claims in a long text: each found from a checkpoint. */
  ix = attest_text_index_new (d->doc->text, strlen (d->doc->text));
  for (guint i = 0; i < d->claims->len; i++)
    {
      AttestExchangeClaim *c = g_ptr_array_index (d->claims, i);
      const char *from;
      AttestClaimRow row;

      if (c->uuid == NULL)
        c->uuid = g_uuid_string_random ();
      if (c->status == NULL)
        c->status = g_strdup ("draft");
      if (c->created == NULL)
        c->created = g_strdup (now);
      if (c->modified == NULL)
        c->modified = g_strdup (c->created);
      if (!attest_category_key_is_valid (c->key))
        {
          g_autofree char *message = g_strdup_printf (_("“%s” cannot be a category key"), c->key ? c->key : "");
          return fail (error, d->name, c->where, message);
        }
      if (!check_span_in (ix, c->start, c->end, NULL, &local))
        return fail (error, d->name, c->where, local->message);
      from = attest_text_index_at (ix, c->start);
      row = (AttestClaimRow) {
        .uuid = c->uuid, .start = c->start, .end = c->end, .quote = c->quote,
        .category = c->key, .status = c->status, .certainty = c->certainty,
        .comment = c->comment, .created = c->created, .modified = c->modified, .version = 1,
      };
      if (!attest_rules_check_claim (&row, d->doc, from, &local))
        return fail (error, d->name, c->where, local->message);
      /* A new category's name, as the Categories editor takes one. */
      if (c->label != NULL &&
          (!attest_rules_check_string (_("A category's name"), c->label, -1,
                                       ATTEST_RULES_LINE | ATTEST_RULES_REQUIRED, &local) ||
           (g_utf8_strlen (c->label, -1) > ATTEST_RULES_CATEGORY_LABEL_MAX &&
            (g_set_error (&local, ATTEST_ERROR, ATTEST_ERROR_INVALID,
                          _("a category's name is longer than %d characters"),
                          ATTEST_RULES_CATEGORY_LABEL_MAX), TRUE))))
        return fail (error, d->name, c->where, local->message);
      if (c->annotator != NULL && !attest_rules_check_name (_("An annotator's name"), c->annotator, &local))
        return fail (error, d->name, c->where, local->message);
      for (guint k = 0; k < c->sources->len; k++)
        if (!attest_rules_check_string (_("A source"), g_ptr_array_index (c->sources, k), -1,
                                        ATTEST_RULES_LINE | ATTEST_RULES_REQUIRED, &local))
          return fail (error, d->name, c->where, local->message);
    }
  return TRUE;
}

/**
 * attest_exchange_check:
 * @docs: (element-type AttestExchangeDoc): what a reader parsed
 * @error: return location for a #GError, or %NULL
 *
 * Every check attest_exchange_import() runs before it writes, without a
 * database: for fuzzing and for readers that check as they go. Claims
 * missing an id, status or time get them here.
 *
 * Returns: %TRUE if every claim can be written
 */
gboolean
attest_exchange_check (GPtrArray *docs,
                       GError   **error)
{
  g_autoptr(GDateTime) t = g_date_time_new_now_utc ();
  g_autofree char *now = g_date_time_format (t, "%Y-%m-%dT%H:%M:%SZ");

  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < docs->len; i++)
    {
      AttestExchangeDoc *d = g_ptr_array_index (docs, i);

      if (!check_doc (d, now, error))
        return FALSE;
      /* Two claims under one id: the second would be taken for the first
       * and lost. */
      for (guint k = 0; k < d->claims->len; k++)
        {
          AttestExchangeClaim *c = g_ptr_array_index (d->claims, k);

          if (!g_hash_table_add (ids, c->uuid))
            {
              g_autofree char *message = g_strdup_printf (_("the id %s is another claim's of the same import"),
                                                          c->uuid);

              return fail (error, d->name, c->where, message);
            }
        }
    }
  return TRUE;
}

/* ---------------------------------------------------------------------- */
/* Writing                                                                */
/* ---------------------------------------------------------------------- */

typedef struct {
  GPtrArray              *docs;
  GPtrArray              *file_categories; /* AttestExchangeCategory, or NULL */
  GCancellable           *cancellable;
  AttestImportCounts      counts;
  AttestImportWatermarks  marks;
  GHashTable             *categories;  /* key → row id */
  GHashTable             *labels;      /* casefolded label → row id */
  GHashTable             *retired;     /* keys of retired categories */
  GPtrArray              *taxonomy;    /* AttestCategory, as the import began */
  GHashTable             *looked;      /* keys whose name and colour were taken */
  gboolean                adopt;       /* a new database: the file's names win */
  GHashTable             *annotators;  /* name → row id */
  gint64                  annotator_id;
  const char             *annotator;
  char                   *now;
} Importer;

static const char *category_colors[] = {
  "#1c71d8", "#2ec27e", "#e5a50a", "#c64600", "#813d9c", "#986a44", "#e01b24", "#5e5c64",
};

static gint64
category_id (AttestStore         *store,
             Importer            *self,
             AttestExchangeDoc   *d,
             AttestExchangeClaim *c,
             GError             **error)
{
  g_autoptr(AttestCategory) category = NULL;
  g_autoptr(GError) local = NULL;
  AttestImportOutcome outcome;
  gint64 id = GPOINTER_TO_SIZE (g_hash_table_lookup (self->categories, c->key));

  if (id != 0 && self->adopt && !g_hash_table_contains (self->looked, c->key))
    {
      /* Into a new database, as a TEI import adopts its taxonomy: the name
       * and colour the file gives a category (a renamed default one) are
       * taken, so that a round trip gives them back. */
      const char *label = c->label != NULL && !c->label_made &&
                          attest_rules_check_label_unique (self->taxonomy, c->key, c->label, NULL)
                          ? c->label : NULL;

      g_hash_table_add (self->looked, g_strdup (c->key));
      if ((label != NULL || c->color != NULL) &&
          !attest_store_import_category_look (store, c->key, label, c->color, error))
        return 0;
    }
  if (id != 0)
    {
      /* What annotating refuses: a new claim in a retired category. */
      if (g_hash_table_contains (self->retired, c->key))
        {
          g_autofree char *message = g_strdup_printf (_("the category %s is retired; restore it to import "
                                                        "claims into it"), c->key);

          return fail (error, d->name, c->where, message);
        }
      return id;
    }
  /* A tool that kept only the name the category is shown by: the category
   * with that name, whatever key the file makes of it. */
  if (c->label != NULL)
    {
      g_autofree char *folded = g_utf8_casefold (c->label, -1);

      if ((id = GPOINTER_TO_SIZE (g_hash_table_lookup (self->labels, folded))) != 0)
        {
          g_hash_table_insert (self->categories, g_strdup (c->key), GSIZE_TO_POINTER (id));
          return id;
        }
    }
  category = attest_category_new ();
  category->key = g_strdup (c->key);
  if (c->label != NULL)
    category->label = g_strdup (c->label);
  else
    {
      /* "troop-deployment" is shown as "Troop deployment". */
      category->label = g_strdup (c->key);
      for (char *s = category->label; *s; s++)
        if (*s == '_' || *s == '-')
          *s = ' ';
      category->label[0] = g_ascii_toupper (category->label[0]);
    }
  category->color = g_strdup (c->color ? c->color
                                       : category_colors[g_hash_table_size (self->categories)
                                                         % G_N_ELEMENTS (category_colors)]);
  category->shortcut = -1;
  if (!attest_rules_check_category (category, &local))
    return fail (error, d->name, c->where, local->message);
  if (!(id = attest_store_import_category (store, category, 0, FALSE, &outcome, error)))
    return 0;
  if (outcome == ATTEST_IMPORT_ADDED)
    self->counts.categories_added++;
  g_hash_table_insert (self->categories, g_strdup (c->key), GSIZE_TO_POINTER (id));
  g_hash_table_insert (self->labels, g_utf8_casefold (category->label, -1), GSIZE_TO_POINTER (id));
  return id;
}

/* The key the database knows a category of the import by: its own, or
 * that of the category it was matched to by name. */
static const char *
known_key (Importer   *self,
           const char *key)
{
  gint64 id = GPOINTER_TO_SIZE (g_hash_table_lookup (self->categories, key));

  for (guint i = 0; id != 0 && i < self->taxonomy->len; i++)
    {
      AttestCategory *c = g_ptr_array_index (self->taxonomy, i);

      if (c->id == id)
        return c->key;
    }
  return key;
}

/* The file's categories, before any claim: one the database lacks is
 * added at the end, parent first in the file's order, with its parent,
 * description and retired state, checked as the Categories editor checks
 * a new one (a missing parent or a cycle is refused). One the database
 * has, by key or by name, keeps its details; into a new database it takes
 * the file's name and colour, as a claim's category does. */
static gboolean
import_categories (AttestStore *store,
                   Importer    *self,
                   GError     **error)
{
  for (guint i = 0; i < self->file_categories->len; i++)
    {
      AttestExchangeCategory *fc = g_ptr_array_index (self->file_categories, i);
      g_autoptr(AttestCategory) category = NULL;
      g_autoptr(GError) local = NULL;
      AttestImportOutcome outcome;
      gint64 id;

      if (!attest_category_key_is_valid (fc->key))
        {
          g_autofree char *message = g_strdup_printf (_("“%s” cannot be a category key"), fc->key ? fc->key : "");

          return fail (error, fc->name, fc->where, message);
        }
      if (g_hash_table_contains (self->categories, fc->key))
        {
          const char *label = fc->label != NULL &&
                              attest_rules_check_label_unique (self->taxonomy, fc->key, fc->label, NULL)
                              ? fc->label : NULL;

          if (!self->adopt || g_hash_table_contains (self->looked, fc->key))
            continue;
          g_hash_table_add (self->looked, g_strdup (fc->key));
          if ((label != NULL || fc->color != NULL) &&
              !attest_store_import_category_look (store, fc->key, label, fc->color, error))
            return FALSE;
          continue;
        }
      if (fc->label != NULL)
        {
          g_autofree char *folded = g_utf8_casefold (fc->label, -1);

          if ((id = GPOINTER_TO_SIZE (g_hash_table_lookup (self->labels, folded))) != 0)
            {
              g_hash_table_insert (self->categories, g_strdup (fc->key), GSIZE_TO_POINTER (id));
              continue;
            }
        }
      category = attest_category_new ();
      category->key = g_strdup (fc->key);
      if (fc->label != NULL)
        category->label = g_strdup (fc->label);
      else
        {
          category->label = g_strdup (fc->key);
          for (char *p = category->label; *p; p++)
            if (*p == '_' || *p == '-')
              *p = ' ';
          category->label[0] = g_ascii_toupper (category->label[0]);
        }
      category->color = g_strdup (fc->color ? fc->color
                                            : category_colors[g_hash_table_size (self->categories)
                                                              % G_N_ELEMENTS (category_colors)]);
      category->description = fc->description && *fc->description ? g_strdup (fc->description) : NULL;
      category->parent_key = fc->parent_key ? g_strdup (known_key (self, fc->parent_key)) : NULL;
      category->retired = fc->retired;
      category->shortcut = -1;
      if (!attest_rules_check_category (category, &local) ||
          !attest_rules_check_parent (self->taxonomy, category->key, category->parent_key, &local) ||
          !attest_rules_check_label_unique (self->taxonomy, category->key, category->label, &local))
        return fail (error, fc->name, fc->where, local->message);
      if (!(id = attest_store_import_category (store, category, 0, FALSE, &outcome, error)))
        return FALSE;
      if (outcome == ATTEST_IMPORT_ADDED)
        self->counts.categories_added++;
      category->id = id;
      g_hash_table_insert (self->categories, g_strdup (fc->key), GSIZE_TO_POINTER (id));
      g_hash_table_insert (self->labels, g_utf8_casefold (category->label, -1), GSIZE_TO_POINTER (id));
      if (category->retired)
        g_hash_table_add (self->retired, g_strdup (fc->key));
      /* What the next one's parent and name are checked against. */
      g_ptr_array_add (self->taxonomy, g_steal_pointer (&category));
    }
  return TRUE;
}

static gint64
annotator_id (AttestStore         *store,
              Importer            *self,
              AttestExchangeClaim *c,
              GError             **error)
{
  g_autofree char *uuid = NULL;
  AttestImportOutcome outcome;
  gint64 id;

  if (c->annotator == NULL || g_strcmp0 (c->annotator, self->annotator) == 0)
    return self->annotator_id;
  if ((id = GPOINTER_TO_SIZE (g_hash_table_lookup (self->annotators, c->annotator))) != 0)
    return id;
  /* Found by name when that annotator is known already. */
  uuid = g_uuid_string_random ();
  if (!(id = attest_store_import_annotator (store, uuid, c->annotator, &outcome, error)))
    return 0;
  if (outcome == ATTEST_IMPORT_ADDED)
    self->counts.annotators_added++;
  g_hash_table_insert (self->annotators, g_strdup (c->annotator), GSIZE_TO_POINTER (id));
  return id;
}

static gboolean
remember_id (const AttestSourceRow *row,
             gpointer               user_data,
             GError               **error)
{
  /* The row carries no id: its uuid finds it (source_row()). The first
   * source of a label wins, as the export lists them in that order. */
  g_autofree char *label = attest_exchange_source_label (row);

  if (!g_hash_table_contains (user_data, label))
    g_hash_table_insert (user_data, g_steal_pointer (&label), g_strdup (row->uuid));
  return TRUE;
}

/* A source's row id from its uuid, through the import call that finds an
 * existing row without writing; a label not found becomes a new outside
 * source with it as its outlet. */
static gint64
source_row (AttestStore *store,
            Importer    *self,
            gint64       document_id,
            const char  *uuid,
            const char  *label,
            GError     **error)
{
  g_autofree char *new_uuid = NULL;
  AttestImportOutcome outcome;
  AttestSourceRow row = { 0 };
  gint64 id;

  if (uuid == NULL)
    {
      uuid = new_uuid = g_uuid_string_random ();
      row.outlet = label;
      row.created = self->now;
    }
  row.uuid = uuid;
  if (new_uuid && !attest_rules_check_source (&row, error))
    return 0;
  id = attest_store_import_source (store, document_id, &row, FALSE, self->marks.sources, &outcome, error);
  if (id != 0 && outcome == ATTEST_IMPORT_ADDED)
    self->counts.sources_added++;
  return id;
}

/* A new article gets the sources an ordinary import finds in its text
 * (one per distinct attribution, keyed as attest-store-sources.c keys
 * them), then the citations that tie them to the text. */
static gboolean
add_found_sources (AttestStore    *store,
                   Importer       *self,
                   gint64          doc_id,
                   AttestDocument *doc,
                   GError        **error)
{
  g_autoptr(AttestOutlets) outlets = NULL;
  g_autoptr(GPtrArray) citations = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  if (!(outlets = attest_store_dup_outlets (store, error)))
    return FALSE;
  citations = attest_citation_scanner_scan_with (doc->text, doc->date, outlets);
  for (guint i = 0; i < citations->len; i++)
    {
      AttestSource *s = ((AttestCitation *) g_ptr_array_index (citations, i))->source;
      const char *canonical = s->outlet ? attest_outlets_lookup (outlets, s->outlet) : NULL;
      g_autofree char *name = g_utf8_casefold (canonical ? canonical : s->outlet ? s->outlet : "", -1);
      g_autofree char *key = g_strdup_printf ("%s\x1f%s\x1f%s", name, s->place ? s->place : "",
                                              s->date_text ? s->date_text : "");
      g_autofree char *uuid = NULL;
      AttestImportOutcome outcome;

      if (g_hash_table_contains (seen, key))
        continue;
      uuid = g_uuid_string_random ();
      if (!attest_store_import_source (store, doc_id, &(AttestSourceRow) {
            .uuid = uuid, .outlet = s->outlet, .place = s->place, .date_text = s->date_text,
            .when = s->when, .created = self->now,
          }, FALSE, self->marks.sources, &outcome, error))
        return FALSE;
      self->counts.sources_added++;
      g_hash_table_add (seen, g_steal_pointer (&key));
    }
  return attest_store_import_citations (store, doc_id, doc, error);
}

static char *
span_key (gint64      annotator,
          gint64      start,
          gint64      end,
          const char *category)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT " %" G_GINT64_FORMAT " %" G_GINT64_FORMAT " %s",
                          annotator, start, end, category);
}

static gboolean
import_document (AttestStore       *store,
                 Importer          *self,
                 AttestExchangeDoc *d,
                 GError           **error)
{
  g_autoptr(GHashTable) local = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GHashTable) outside = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GHashTable) present = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) by_uuid = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  AttestImportOutcome outcome;
  gint64 doc_id;

  for (guint i = 0; i < d->claims->len; i++)
    if (!annotator_id (store, self, g_ptr_array_index (d->claims, i), error))
      return FALSE;
  if (!(doc_id = attest_store_import_document (store, d->doc, self->marks.documents, &outcome, error)))
    return FALSE;
  if (outcome == ATTEST_IMPORT_REPEATED)
    return fail (error, d->name, NULL, _("the text is the same as another article's in the same import"));
  if (outcome == ATTEST_IMPORT_ADDED)
    {
      self->counts.documents_added++;
      if (!add_found_sources (store, self, doc_id, d->doc, error))
        return FALSE;
    }
  else
    {
      g_autoptr(AttestClaimBatch) batch = NULL;

      /* The claims an annotator already has are not added twice: the
       * same file imported again changes nothing. */
      self->counts.documents_existing++;
      if (!(batch = attest_store_collect_claims (store, doc_id, NULL, error)))
        return FALSE;
      for (guint i = 0; i < batch->claims->len; i++)
        {
          const AttestClaimRow *row = &g_array_index (batch->claims, AttestClaimRow, i);
          gint64 who = GPOINTER_TO_SIZE (g_hash_table_lookup (self->annotators, row->annotator));

          g_hash_table_insert (by_uuid, g_strdup (row->uuid), span_key (0, row->start, row->end, row->category));

          if (g_strcmp0 (row->annotator, self->annotator) == 0)
            who = self->annotator_id;
          if (who != 0)
            {
              /* brat has no place for a line break at either end of a
               * span, so its export leaves them out: the claim that comes
               * back without them is the same claim. */
              const char *q = row->quote;
              gsize n = strlen (q);
              gint64 lead = 0, trail = 0;

              while (q[lead] == '\n' || q[lead] == '\r')
                lead++;
              while ((gsize) (lead + trail) < n && (q[n - 1 - trail] == '\n' || q[n - 1 - trail] == '\r'))
                trail++;
              g_hash_table_add (present, span_key (who, row->start, row->end, row->category));
              if ((lead > 0 || trail > 0) && row->start + lead < row->end - trail)
                g_hash_table_add (present, span_key (who, row->start + lead, row->end - trail, row->category));
            }
        }
    }

  if (!attest_store_foreach_source (store, doc_id, NULL, remember_id, local, error) ||
      !attest_store_foreach_source (store, 0, NULL, remember_id, outside, error))
    return FALSE;

  for (guint i = 0; i < d->claims->len; i++)
    {
      AttestExchangeClaim *c = g_ptr_array_index (d->claims, i);
      AttestClaimRow row = {
        .uuid = c->uuid, .start = c->start, .end = c->end, .quote = c->quote,
        .category = c->key, .status = c->status, .certainty = c->certainty,
        .comment = c->comment, .created = c->created, .modified = c->modified, .version = 1,
      };
      g_autofree char *span = NULL;
      g_autofree char *change_uuid = NULL;
      gint64 who, cat_id, claim_id;

      if (!(who = annotator_id (store, self, c, error)))
        return FALSE;
      /* A claim the database has under the same id is the same claim only
       * with the same passage and category; anything else is refused, not
       * passed over as found. */
      {
        const char *known = g_hash_table_lookup (by_uuid, c->uuid);
        g_autofree char *mine = span_key (0, c->start, c->end, c->key);

        if (known != NULL && !g_str_equal (known, mine))
          {
            g_autofree char *message = g_strdup_printf (_("the claim %s is in the database with another passage "
                                                          "or category"), c->uuid);

            return fail_with (error, ATTEST_ERROR_CONFLICT, d->name, c->where, message);
          }
      }
      span = span_key (who, c->start, c->end, c->key);
      if (g_hash_table_contains (present, span))
        {
          self->counts.claims_existing++;
          continue;
        }
      if (!(cat_id = category_id (store, self, d, c, error)) ||
          !(claim_id = attest_store_import_claim (store, doc_id, cat_id, who, &row,
                                                  self->marks.claims, &outcome, error)))
        return FALSE;
      if (outcome != ATTEST_IMPORT_ADDED)
        {
          self->counts.claims_existing++;
          continue;
        }
      /* Not added to @present: a file may hold two claims of one span
       * and category (two readings, two comments); only what the
       * database had before counts as found. */
      self->counts.claims_added++;
      /* Its history starts as a claim made in the window does. */
      change_uuid = g_uuid_string_random ();
      if (!attest_store_import_change (store, &(AttestChangeRow) {
            .uuid = change_uuid, .at = c->created,
            .annotator = c->annotator ? c->annotator : self->annotator,
            .entity = "claim", .entity_uuid = c->uuid, .action = "create", .new_value = c->key,
          }, self->marks.history, &outcome, error))
        return FALSE;
      self->counts.changes_added++;
      for (guint k = 0; k < c->sources->len; k++)
        {
          const char *label = g_ptr_array_index (c->sources, k);
          const char *uuid = g_hash_table_lookup (local, label);
          gint64 source_id;

          source_id = source_row (store, self, uuid ? doc_id : 0,
                                  uuid ? uuid : g_hash_table_lookup (outside, label), label, error);
          if (source_id == 0)
            return FALSE;
          if (uuid == NULL && !g_hash_table_contains (outside, label))
            {
              /* Known from now on, so a second mention links the same source. */
              g_hash_table_remove_all (outside);
              if (!attest_store_foreach_source (store, 0, NULL, remember_id, outside, error))
                return FALSE;
            }
          if (!attest_store_import_link (store, claim_id, source_id, who, c->created, error))
            return FALSE;
        }
    }
  return TRUE;
}

static gboolean
import_all (AttestStore *store,
            gpointer     user_data,
            GError     **error)
{
  Importer *self = user_data;
  g_autofree char *annotator_uuid = g_uuid_string_random ();
  g_autoptr(GPtrArray) taxonomy = NULL;
  AttestImportOutcome outcome;

  if (!attest_store_import_watermarks (store, &self->marks, error) ||
      !attest_store_import_is_empty (store, &self->adopt, error) ||
      !(taxonomy = attest_store_list_taxonomy (store, error)) ||
      !(self->annotator_id = attest_store_import_annotator (store, annotator_uuid, self->annotator,
                                                            &outcome, error)))
    return FALSE;
  if (outcome == ATTEST_IMPORT_ADDED)
    self->counts.annotators_added++;
  self->taxonomy = taxonomy;
  for (guint i = 0; i < taxonomy->len; i++)
    {
      AttestCategory *c = g_ptr_array_index (taxonomy, i);

      g_hash_table_insert (self->categories, g_strdup (c->key), GSIZE_TO_POINTER (c->id));
      if (c->retired)
        g_hash_table_add (self->retired, g_strdup (c->key));
      if (c->label != NULL)
        g_hash_table_insert (self->labels, g_utf8_casefold (c->label, -1), GSIZE_TO_POINTER (c->id));
    }
  if (self->file_categories != NULL && !import_categories (store, self, error))
    return FALSE;

  for (guint i = 0; i < self->docs->len; i++)
    {
      if (g_cancellable_set_error_if_cancelled (self->cancellable, error) ||
          !import_document (store, self, g_ptr_array_index (self->docs, i), error))
        return FALSE;
    }
  return TRUE;
}

/**
 * attest_exchange_import:
 * @store: an #AttestStore
 * @docs: (element-type AttestExchangeDoc): what a reader parsed
 * @out_counts: (out caller-allocates) (optional): what was imported
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError, or %NULL
 *
 * attest_exchange_import_with_categories() for a file that gives its
 * categories only through its claims.
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */
gboolean
attest_exchange_import (AttestStore        *store,
                        GPtrArray          *docs,
                        AttestImportCounts *out_counts,
                        GCancellable       *cancellable,
                        GError            **error)
{
  return attest_exchange_import_with_categories (store, NULL, docs, out_counts, cancellable, error);
}

/**
 * attest_exchange_import_with_categories:
 * @store: an #AttestStore
 * @categories: (nullable) (element-type AttestExchangeCategory): the
 *   file's categories, a parent before its children
 * @docs: (element-type AttestExchangeDoc): what a reader parsed
 * @out_counts: (out caller-allocates) (optional): what was imported
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError, or %NULL
 *
 * Checks every claim (attest_exchange_check()), then adds it all in one
 * transaction: first the categories the database lacks (with their
 * parent, description and retired state), then the articles and claims.
 * On error nothing is imported.
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */
gboolean
attest_exchange_import_with_categories (AttestStore        *store,
                                        GPtrArray          *categories,
                                        GPtrArray          *docs,
                                        AttestImportCounts *out_counts,
                                        GCancellable       *cancellable,
                                        GError            **error)
{  g_autoptr(GDateTime) t = g_date_time_new_now_utc ();
  Importer self = { 0 };
  gboolean ok;

  g_return_val_if_fail (ATTEST_IS_STORE (store), FALSE);
  g_return_val_if_fail (docs != NULL, FALSE);

  if (!attest_exchange_check (docs, error))
    return FALSE;
  self.docs = docs;
  self.file_categories = categories;
  self.cancellable = cancellable;
  self.annotator = attest_store_get_annotator (store);
  self.now = g_date_time_format (t, "%Y-%m-%dT%H:%M:%SZ");
  self.categories = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self.labels = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self.retired = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self.looked = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self.annotators = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  ok = attest_store_bulk_import (store, import_all, &self, error);
  g_hash_table_unref (self.categories);
  g_hash_table_unref (self.labels);
  g_hash_table_unref (self.retired);
  g_hash_table_unref (self.looked);
  g_hash_table_unref (self.annotators);
  g_free (self.now);
  if (ok && out_counts)
    *out_counts = self.counts;
  return ok;
}
