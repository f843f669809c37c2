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
#include "attest-date.h"
#include "attest-error.h"
#include "attest-json-guard.h"
#include "attest-outlets.h"
#include "attest-rules.h"
#include "attest-source.h"
#include "attest-store-bulk.h"
#include "attest-text-index.h"

AttestExchangeClaim *
attest_exchange_claim_new (void)
{
  AttestExchangeClaim *claim = g_new0 (AttestExchangeClaim, 1);

  claim->sources = g_ptr_array_new_with_free_func ((GDestroyNotify) attest_exchange_source_free);
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
  g_free (d->text_name);
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

/**
 * attest_exchange_claim_add_label:
 * @claim: a claim being read
 * @label: a source's label
 *
 * Adds a source known only by its label, as another tool's file gives it.
 *
 * Returns: (transfer none): the source, for the reader to fill in more
 */
AttestExchangeSource *
attest_exchange_claim_add_label (AttestExchangeClaim *claim,
                                 const char          *label)
{
  AttestExchangeSource *s = g_new0 (AttestExchangeSource, 1);

  s->label = g_strdup (label);
  g_ptr_array_add (claim->sources, s);
  return s;
}

/**
 * attest_exchange_source_copy:
 * @source: a source
 *
 * Returns: (transfer full): a copy of @source
 */
AttestExchangeSource *
attest_exchange_source_copy (const AttestExchangeSource *s)
{
  AttestExchangeSource *copy = g_new0 (AttestExchangeSource, 1);

  copy->label = g_strdup (s->label);
  copy->uuid = g_strdup (s->uuid);
  copy->outside = s->outside;
  copy->outlet = g_strdup (s->outlet);
  copy->place = g_strdup (s->place);
  copy->date_text = g_strdup (s->date_text);
  copy->when = g_strdup (s->when);
  copy->url = g_strdup (s->url);
  copy->title = g_strdup (s->title);
  copy->reliability = g_strdup (s->reliability);
  copy->where = g_strdup (s->where);
  return copy;
}

void
attest_exchange_source_free (AttestExchangeSource *s)
{
  if (s == NULL)
    return;
  g_free (s->label);
  g_free (s->uuid);
  g_free (s->outlet);
  g_free (s->place);
  g_free (s->date_text);
  g_free (s->when);
  g_free (s->url);
  g_free (s->title);
  g_free (s->reliability);
  g_free (s->where);
  g_free (s);
}

/**
 * attest_exchange_source_has_details:
 * @source: a source
 *
 * Returns: whether @source carries more than its label
 */
gboolean
attest_exchange_source_has_details (const AttestExchangeSource *s)
{
  return s->uuid != NULL || s->outside || s->outlet != NULL || s->place != NULL ||
         s->date_text != NULL || s->when != NULL || s->url != NULL || s->title != NULL ||
         s->reliability != NULL;
}

/* The members a source's details are written as, in this order; the
 * field's offset in AttestExchangeSource. "date" is the date as written,
 * "when" the date it stands for. */
static const struct {
  const char *name;
  gsize       offset;
} source_fields[] = {
  { "outlet", G_STRUCT_OFFSET (AttestExchangeSource, outlet) },
  { "place", G_STRUCT_OFFSET (AttestExchangeSource, place) },
  { "date", G_STRUCT_OFFSET (AttestExchangeSource, date_text) },
  { "when", G_STRUCT_OFFSET (AttestExchangeSource, when) },
  { "url", G_STRUCT_OFFSET (AttestExchangeSource, url) },
  { "title", G_STRUCT_OFFSET (AttestExchangeSource, title) },
  { "reliability", G_STRUCT_OFFSET (AttestExchangeSource, reliability) },
};

#define SOURCE_FIELD(s, i) G_STRUCT_MEMBER (char *, (s), source_fields[i].offset)

/**
 * attest_exchange_source_to_json:
 * @source: a source with its uuid
 *
 * A source's id and fields as one line of JSON, for the formats that keep
 * them in a note or a string (brat, UIMA, REFI-QDA):
 * `{"id":"urn:uuid:…","label":"Interfax","outside":true,"outlet":"Interfax","url":"https://…"}`;
 * fields that are not set are left out.
 *
 * Returns: (transfer full): the JSON text
 */
char *
attest_exchange_source_to_json (const AttestExchangeSource *s)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *id = g_strconcat ("urn:uuid:", s->uuid, NULL);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_string_value (b, id);
  json_builder_set_member_name (b, "label");
  json_builder_add_string_value (b, s->label);
  json_builder_set_member_name (b, "outside");
  json_builder_add_boolean_value (b, s->outside);
  for (guint i = 0; i < G_N_ELEMENTS (source_fields); i++)
    if (SOURCE_FIELD (s, i) != NULL)
      {
        json_builder_set_member_name (b, source_fields[i].name);
        json_builder_add_string_value (b, SOURCE_FIELD (s, i));
      }
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  return json_generator_to_data (gen, NULL);
}

/**
 * attest_exchange_source_from_object:
 * @object: a JSON object
 * @label_member: the member holding the label ("label", or "value" in a
 *   Web Annotation body)
 * @prefix: put before the other members' names ("" or "attest:")
 * @error: return location for a #GError, or %NULL
 *
 * Reads what attest_exchange_source_to_json() writes (or the same members
 * under @prefix). An `id` that is not a `urn:uuid:` (another tool's body
 * id) is left aside; one that is must hold a UUID. Members of the wrong
 * type are refused; the values are checked by attest_exchange_check().
 *
 * Returns: (transfer full) (nullable): the source, or %NULL with @error set
 */
AttestExchangeSource *
attest_exchange_source_from_object (JsonObject  *o,
                                    const char  *label_member,
                                    const char  *prefix,
                                    GError     **error)
{
  g_autoptr(AttestExchangeSource) s = g_new0 (AttestExchangeSource, 1);
  g_autofree char *outside = g_strconcat (prefix, "outside", NULL);
  JsonNode *n;

  n = json_object_get_member (o, label_member);
  if (n == NULL || !JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_STRING)
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_FORMAT, _("a source's “%s” is missing or not a string"),
                   label_member);
      return NULL;
    }
  s->label = g_strdup (json_node_get_string (n));
  if ((n = json_object_get_member (o, "id")) != NULL &&
      JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == G_TYPE_STRING &&
      g_str_has_prefix (json_node_get_string (n), "urn:uuid:"))
    {
      const char *uuid = json_node_get_string (n) + strlen ("urn:uuid:");

      if (!attest_rules_is_uuid (uuid))
        {
          g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_FORMAT,
                       _("the source “%s” has the id “%s”, not a UUID"), s->label, uuid);
          return NULL;
        }
      s->uuid = g_strdup (uuid);
    }
  if ((n = json_object_get_member (o, outside)) != NULL)
    {
      if (!JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_BOOLEAN)
        {
          g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_FORMAT, _("the source “%s”: “%s” is not true or false"),
                       s->label, outside);
          return NULL;
        }
      s->outside = json_node_get_boolean (n);
    }
  for (guint i = 0; i < G_N_ELEMENTS (source_fields); i++)
    {
      g_autofree char *name = g_strconcat (prefix, source_fields[i].name, NULL);

      if ((n = json_object_get_member (o, name)) == NULL)
        continue;
      if (!JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_STRING)
        {
          g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_FORMAT, _("the source “%s”: “%s” is not a string"),
                       s->label, name);
          return NULL;
        }
      SOURCE_FIELD (s, i) = g_strdup (json_node_get_string (n));
    }
  return g_steal_pointer (&s);
}

/**
 * attest_exchange_source_from_json:
 * @text: what attest_exchange_source_to_json() wrote
 * @error: return location for a #GError, or %NULL
 *
 * Returns: (transfer full) (nullable): the source, or %NULL with @error set
 */
AttestExchangeSource *
attest_exchange_source_from_json (const char  *text,
                                  GError     **error)
{
  /* One source's details: a flat object of a few short strings. */
  static const AttestJsonGuardLimits limits = { .max_depth = 2, .max_values = 64 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local = NULL;
  g_autoptr(AttestExchangeSource) s = NULL;
  gsize length = strlen (text);
  JsonNode *root, *id;

  if (length > 64 * 1024)
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_FORMAT, _("a source's details are longer than %d bytes"),
                   64 * 1024);
      return NULL;
    }
  if (!attest_json_guard_check (text, length, &limits, _("a source's details"), &local) ||
      !json_parser_load_from_data (parser, text, length, &local))
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_FORMAT, "%s", local->message);
      return NULL;
    }
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_FORMAT, _("a source's details are not a JSON object"));
      return NULL;
    }
  if (!(s = attest_exchange_source_from_object (json_node_get_object (root), "label", "", error)))
    return NULL;
  /* Attest's own details: an id, when given, is a urn:uuid: text. Another
   * kind (a number, "17") would be left aside, and the source found by
   * its label instead of the one the file meant. */
  id = json_object_get_member (json_node_get_object (root), "id");
  if (id != NULL && s->uuid == NULL)
    {
      /* As written, JSON's quotes and escapes kept: 5, "17", null. */
      g_autofree char *written = json_to_string (id, FALSE);

      if (g_utf8_strlen (written, -1) > 80)
        *g_utf8_offset_to_pointer (written, 80) = '\0';
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_FORMAT,
                   /* TRANSLATORS: the source's label, then its id as the file writes it (5, "17") */
                   _("the source “%s” has the id %s, not “urn:uuid:” and a UUID"), s->label, written);
      return NULL;
    }
  return g_steal_pointer (&s);
}

typedef struct {
  GHashTable *sources;
  gboolean    outside;
} Collecting;

static gboolean
remember_source (const AttestSourceRow *row,
                 gpointer               user_data,
                 GError               **error)
{
  Collecting *into = user_data;
  AttestExchangeSource *s = g_new0 (AttestExchangeSource, 1);

  s->label = attest_exchange_source_label (row);
  s->uuid = g_strdup (row->uuid);
  s->outside = into->outside;
  s->outlet = g_strdup (row->outlet);
  s->place = g_strdup (row->place);
  s->date_text = g_strdup (row->date_text);
  s->when = g_strdup (row->when);
  s->url = g_strdup (row->url);
  s->title = g_strdup (row->title);
  s->reliability = g_strdup (row->reliability);
  g_hash_table_insert (into->sources, g_strdup (row->uuid), s);
  return TRUE;
}

/**
 * attest_exchange_collect_sources:
 * @store: an #AttestStore
 * @document_id: a document's row id, or 0 for the outside sources
 * @sources: (element-type utf8 AttestExchangeSource): filled with uuid →
 *   source (the table frees them)
 * @error: return location for a #GError, or %NULL
 *
 * A document's sources (or the outside ones) with their ids and fields,
 * as the formats write them.
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */
gboolean
attest_exchange_collect_sources (AttestStore *store,
                                 gint64       document_id,
                                 GHashTable  *sources,
                                 GError     **error)
{
  Collecting into = { sources, document_id == 0 };

  return attest_store_foreach_source (store, document_id, NULL, remember_source, &into, error);
}

static int
compare_sources (gconstpointer a,
                 gconstpointer b)
{
  const AttestExchangeSource *x = *(AttestExchangeSource * const *) a;
  const AttestExchangeSource *y = *(AttestExchangeSource * const *) b;
  int by_label = g_strcmp0 (x->label, y->label);

  return by_label != 0 ? by_label : g_strcmp0 (x->uuid, y->uuid);
}

/**
 * attest_exchange_link_sources:
 * @claim: a claim with its links
 * @local: uuid → #AttestExchangeSource of its article's sources
 * @outside: uuid → #AttestExchangeSource of the outside sources
 *
 * The sources a claim rests on, sorted by label, then id (which travels):
 * the same claims give the same bytes.
 *
 * Returns: (transfer container) (element-type AttestExchangeSource): the
 *   sources, owned by the tables
 */
GPtrArray *
attest_exchange_link_sources (const AttestClaimRow *claim,
                              GHashTable           *local,
                              GHashTable           *outside)
{
  GPtrArray *sources = g_ptr_array_new ();

  for (guint k = 0; k < claim->n_links; k++)
    {
      AttestExchangeSource *s = g_hash_table_lookup (local, claim->links[k].source_uuid);

      if (s == NULL)
        s = g_hash_table_lookup (outside, claim->links[k].source_uuid);
      if (s != NULL)
        g_ptr_array_add (sources, s);
    }
  g_ptr_array_sort (sources, compare_sources);
  return sources;
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

/* A claim's sources as the editors take them. A label the file also gives
 * with its details (brat, UIMA and REFI-QDA write both: the label where
 * other tools show it, the details beside it) is that source, not another.
 * An outside source is checked as the outside-source editor checks one. */
/* @where is set to the place of the source a failure is about: its own
 * (a brat note's line) or its claim's. */
static gboolean
check_sources (AttestExchangeClaim *c,
               const char          *now,
               const char         **where,
               GError             **error)
{
  static const char *const names[] = {
    N_("A source's outlet"), N_("A source's place"), N_("A source's date"), NULL,
    N_("A source's web address"), N_("A source's title"), N_("A source's reliability"),
  };

  for (guint k = 0; k < c->sources->len; k++)
    {
      AttestExchangeSource *s = g_ptr_array_index (c->sources, k);

      if (!attest_exchange_source_has_details (s))
        continue;
      for (guint j = 0; j < c->sources->len; j++)
        {
          AttestExchangeSource *t = g_ptr_array_index (c->sources, j);

          if (!attest_exchange_source_has_details (t) && g_strcmp0 (t->label, s->label) == 0)
            {
              g_ptr_array_remove_index (c->sources, j);
              if (j < k)
                k--;
              break;
            }
        }
    }
  for (guint k = 0; k < c->sources->len; k++)
    {
      AttestExchangeSource *s = g_ptr_array_index (c->sources, k);
      g_autofree char *placeholder = NULL;

      *where = s->where;

      if (!attest_rules_check_string (_("A source"), s->label, -1, ATTEST_RULES_LINE | ATTEST_RULES_REQUIRED, error))
        return FALSE;
      if (g_utf8_strlen (s->label, -1) > ATTEST_RULES_DOCUMENT_FIELD_MAX)
        {
          g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID, _("%s is longer than %d characters"),
                       _("A source"), ATTEST_RULES_DOCUMENT_FIELD_MAX);
          return FALSE;
        }
      if (!attest_exchange_source_has_details (s))
        continue;
      if (s->uuid != NULL && !attest_rules_is_uuid (s->uuid))
        {
          g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID, _("the source “%s” has the id “%s”, not a UUID"),
                       s->label, s->uuid);
          return FALSE;
        }
      /* A source needs an outlet, a title or a URL: its label, else. */
      if (s->outlet == NULL && s->title == NULL && s->url == NULL)
        s->outlet = g_strdup (s->label);
      for (guint i = 0; i < G_N_ELEMENTS (source_fields); i++)
        {
          const char *value = SOURCE_FIELD (s, i);

          if (names[i] == NULL || value == NULL)
            continue;
          if (!attest_rules_check_string (_(names[i]), value, -1, ATTEST_RULES_LINE, error))
            return FALSE;
          /* An address has its own rule and no length limit, as the
           * source editor, a TEI import and a merge take it. */
          if (value != s->url && g_utf8_strlen (value, -1) > ATTEST_RULES_DOCUMENT_FIELD_MAX)
            {
              g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID, _("%s is longer than %d characters"),
                           _(names[i]), ATTEST_RULES_DOCUMENT_FIELD_MAX);
              return FALSE;
            }
        }
      if (s->url != NULL && !attest_rules_check_url (s->url, error))
        return FALSE;
      if (s->when != NULL && !attest_date_is_stored (s->when))
        {
          g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID,
                       _("the source “%s” has the date “%s”, not YYYY-MM-DD, YYYY-MM or --MM-DD"), s->label, s->when);
          return FALSE;
        }
      /* And the rules every copy of a source row is checked by. */
      if (s->uuid == NULL)
        placeholder = g_uuid_string_random ();
      if (!attest_rules_check_source (&(AttestSourceRow) {
            .uuid = s->uuid ? s->uuid : placeholder, .outlet = s->outlet, .place = s->place,
            .date_text = s->date_text, .when = s->when, .url = s->url, .title = s->title,
            .reliability = s->reliability, .created = now,
          }, error))
        return FALSE;
    }
  return TRUE;
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
      const char *source_where = NULL;
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
      if (!check_sources (c, now, &source_where, &local))
        return fail (error, d->name, source_where ? source_where : c->where, local->message);
    }
  return TRUE;
}

/* Two records of one source id that differ: which one the import took
 * would be chance, and the other's details and links would be lost. */
static gboolean
same_source (const AttestExchangeSource *a,
             const AttestExchangeSource *b)
{
  if (a->outside != b->outside || g_strcmp0 (a->label, b->label) != 0)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (source_fields); i++)
    if (g_strcmp0 (SOURCE_FIELD (a, i), SOURCE_FIELD (b, i)) != 0)
      return FALSE;
  return TRUE;
}

static gboolean
check_source_records (AttestExchangeDoc *d,
                      GHashTable        *records,
                      GError           **error)
{
  for (guint k = 0; k < d->claims->len; k++)
    {
      AttestExchangeClaim *c = g_ptr_array_index (d->claims, k);

      for (guint j = 0; j < c->sources->len; j++)
        {
          AttestExchangeSource *s = g_ptr_array_index (c->sources, j);
          AttestExchangeSource *first;

          if (s->uuid == NULL)
            continue;
          if ((first = g_hash_table_lookup (records, s->uuid)) == NULL)
            g_hash_table_insert (records, s->uuid, s);
          else if (!same_source (first, s))
            {
              g_autofree char *message =
                g_strdup_printf (_("the source %s is given here with other details than before in the same "
                                   "import; one id is one source"), s->uuid);

              return fail_with (error, ATTEST_ERROR_CONFLICT, d->name, c->where, message);
            }
        }
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
  g_autoptr(GHashTable) records = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < docs->len; i++)
    {
      AttestExchangeDoc *d = g_ptr_array_index (docs, i);

      if (!check_doc (d, now, error) || !check_source_records (d, records, error))
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
  GHashTable             *added_owners; /* uuid → article row id (0: outside)
                                          * of each source this import added */
  gint64                  annotator_id;
  const char             *annotator;
  char                   *now;
} Importer;

static const char *category_colors[] = {
  "#1c71d8", "#2ec27e", "#e5a50a", "#c64600", "#813d9c", "#986a44", "#e01b24", "#5e5c64",
};

/* The category of the taxonomy (the database's and those this import
 * added) with row id @id, or NULL for 0 or none. */
static AttestCategory *
category_by_id (Importer *self,
                gint64    id)
{
  for (guint i = 0; id != 0 && i < self->taxonomy->len; i++)
    {
      AttestCategory *c = g_ptr_array_index (self->taxonomy, i);

      if (c->id == id)
        return c;
    }
  return NULL;
}

/* A category's name as names are compared (the Categories editor's
 * rule): in any case, spaces around it aside. */
static char *
label_key (const char *label)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (label));

  return g_utf8_casefold (trimmed, -1);
}

/* What annotating refuses: a new claim in a category the database has
 * retired, whether the file names it by its key or by its name (one the
 * file itself brings retired is not in @retired). */
static gboolean
refuse_retired (Importer            *self,
                AttestExchangeDoc   *d,
                AttestExchangeClaim *c,
                gint64               id,
                GError             **error)
{
  AttestCategory *known = g_hash_table_size (self->retired) > 0 ? category_by_id (self, id) : NULL;
  g_autofree char *message = NULL;

  if (known == NULL || !g_hash_table_contains (self->retired, known->key))
    return FALSE;
  message = g_strdup_printf (_("the category %s is retired; restore it to import claims into it"), known->key);
  fail (error, d->name, c->where, message);
  return TRUE;
}

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
    return refuse_retired (self, d, c, id, error) ? 0 : id;
  /* A tool that kept only the name the category is shown by: the category
   * with that name, whatever key the file makes of it. */
  if (c->label != NULL)
    {
      g_autofree char *folded = label_key (c->label);

      if ((id = GPOINTER_TO_SIZE (g_hash_table_lookup (self->labels, folded))) != 0)
        {
          g_hash_table_insert (self->categories, g_strdup (c->key), GSIZE_TO_POINTER (id));
          return refuse_retired (self, d, c, id, error) ? 0 : id;
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
  g_hash_table_insert (self->labels, label_key (category->label), GSIZE_TO_POINTER (id));
  return id;
}

/* The key the database knows a category of the import by: its own, or
 * that of the category it was matched to by name. */
static const char *
known_key (Importer   *self,
           const char *key)
{
  AttestCategory *c = category_by_id (self, GPOINTER_TO_SIZE (g_hash_table_lookup (self->categories, key)));

  return c != NULL ? c->key : key;
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
  g_autoptr(GHashTable) created = g_hash_table_new (NULL, NULL);

  /* The checks walk the taxonomy for each one: a bound keeps a hostile
   * file from taking minutes; a real taxonomy has a few hundred. */
  if (self->file_categories->len > ATTEST_EXCHANGE_CATEGORIES_MAX)
    {
      AttestExchangeCategory *first = g_ptr_array_index (self->file_categories, 0);
      g_autofree char *message = g_strdup_printf (_("the file describes %u categories; at most %d are read"),
                                                  self->file_categories->len, ATTEST_EXCHANGE_CATEGORIES_MAX);

      return fail (error, first->name, NULL, message);
    }
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
      /* A name is unique among live categories only (the editor's rule):
       * a retired category of the file is its own, under its key. */
      if (fc->label != NULL && !fc->retired)
        {
          g_autofree char *folded = label_key (fc->label);
          AttestCategory *matched = NULL;

          if ((id = GPOINTER_TO_SIZE (g_hash_table_lookup (self->labels, folded))) != 0)
            matched = category_by_id (self, id);
          /* Matched by name to a category the database has; two live
           * keys of the file under one name would lose one of them. */
          if (id != 0 && g_hash_table_contains (created, GSIZE_TO_POINTER (id)))
            {
              if (matched == NULL || !matched->retired)
                {
                  g_autofree char *message =
                    g_strdup_printf (_("the categories “%s” and “%s” have the same name, “%s”"),
                                     matched ? matched->key : "", fc->key, fc->label);

                  return fail (error, fc->name, fc->where, message);
                }
            }
          else if (id != 0)
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
          (!category->retired &&
           !attest_rules_check_label_unique (self->taxonomy, category->key, category->label, &local)))
        return fail (error, fc->name, fc->where, local->message);
      if (!(id = attest_store_import_category (store, category, 0, FALSE, &outcome, error)))
        return FALSE;
      if (outcome == ATTEST_IMPORT_ADDED)
        self->counts.categories_added++;
      category->id = id;
      g_hash_table_add (created, GSIZE_TO_POINTER (id));
      g_hash_table_insert (self->categories, g_strdup (fc->key), GSIZE_TO_POINTER (id));
      /* Found by name from now on: a live one, or the first of a name. */
      {
        g_autofree char *folded = label_key (category->label);

        if (!category->retired || !g_hash_table_contains (self->labels, folded))
          g_hash_table_insert (self->labels, g_steal_pointer (&folded), GSIZE_TO_POINTER (id));
      }
      /* Not added to @retired: a category the file brings retired may
       * carry the file's claims, made before it was retired (as a TEI
       * import takes them); only one retired in the database refuses
       * new claims. */
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
    {
      self->counts.sources_added++;
      g_hash_table_insert (self->added_owners, g_strdup (uuid), GSIZE_TO_POINTER (document_id));
    }
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
                   GHashTable     *given,
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

      AttestSourceRow row = {
        .outlet = s->outlet, .place = s->place, .date_text = s->date_text, .when = s->when,
        .created = self->now,
      };
      AttestExchangeSource *file = NULL;
      g_autofree char *label = NULL;

      if (g_hash_table_contains (seen, key))
        continue;
      /* The file's source of this label: its id (a second export gives the
       * same bytes) and what was added to it by hand. */
      label = attest_exchange_source_label (&row);
      if ((file = g_hash_table_lookup (given, label)) != NULL)
        {
          g_hash_table_remove (given, label);
          row.uuid = file->uuid;
          row.when = file->when ? file->when : row.when;
          row.url = file->url;
          row.reliability = file->reliability;
        }
      else
        row.uuid = uuid = g_uuid_string_random ();
      if (!attest_store_import_source (store, doc_id, &row, FALSE, self->marks.sources, &outcome, error))
        return FALSE;
      if (outcome == ATTEST_IMPORT_ADDED)
        g_hash_table_insert (self->added_owners, g_strdup (row.uuid), GSIZE_TO_POINTER (doc_id));
      self->counts.sources_added++;
      g_hash_table_add (seen, g_steal_pointer (&key));
    }
  return attest_store_import_citations (store, doc_id, doc, error);
}

/* The article's sources a file names with their ids, by label: the
 * sources the text scan finds take them. */
static GHashTable *
article_sources_given (AttestExchangeDoc *d)
{
  GHashTable *given = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < d->claims->len; i++)
    {
      AttestExchangeClaim *c = g_ptr_array_index (d->claims, i);

      for (guint k = 0; k < c->sources->len; k++)
        {
          AttestExchangeSource *s = g_ptr_array_index (c->sources, k);

          if (s->uuid != NULL && !s->outside && !g_hash_table_contains (given, s->label))
            g_hash_table_insert (given, s->label, s);
        }
    }
  return given;
}

typedef struct {
  GHashTable *known;
  gint64      document_id;
} Owners;

static gboolean
remember_owner (const AttestSourceRow *row,
                gpointer               user_data,
                GError               **error)
{
  Owners *o = user_data;

  g_hash_table_insert (o->known, g_strdup (row->uuid), GSIZE_TO_POINTER (o->document_id));
  return TRUE;
}

/* A source this import added earlier is another article's (or an outside
 * one) just as one the database held before: refused the same way, so
 * that what an import into an empty database does is what it does into
 * one that holds the articles already. */
static gboolean
check_added_owner (Importer            *self,
                   AttestExchangeDoc   *d,
                   AttestExchangeClaim *c,
                   const char          *uuid,
                   gint64               owner_id,
                   GError             **error)
{
  gpointer owner;
  g_autofree char *message = NULL;

  if (!g_hash_table_lookup_extended (self->added_owners, uuid, NULL, &owner) ||
      GPOINTER_TO_SIZE (owner) == (gsize) owner_id)
    return TRUE;
  message = g_strdup_printf (_("The source %s belongs to another document in the database"), uuid);
  return fail_with (error, ATTEST_ERROR_CONFLICT, d->name, c->where, message);
}

/* A source the file gives with its id: the one the database has under it;
 * else, for an article's source in an article already there, the one of
 * its label; else a new one with the file's id and fields (checked by
 * check_sources()), the article's or an outside one as the file says. */
static gint64
source_by_id (AttestStore          *store,
              Importer             *self,
              AttestExchangeDoc    *d,
              AttestExchangeClaim  *c,
              gint64                doc_id,
              AttestExchangeSource *s,
              GHashTable           *local,
              GHashTable           *outside,
              GHashTable           *known,
              GError              **error)
{
  g_autoptr(GError) conflict = NULL;
  AttestImportOutcome outcome;
  gpointer owner;
  const char *uuid;
  gint64 owner_id, id;

  if (g_hash_table_lookup_extended (known, s->uuid, NULL, &owner))
    return source_row (store, self, GPOINTER_TO_SIZE (owner), s->uuid, s->label, error);
  if (!s->outside && (uuid = g_hash_table_lookup (local, s->label)) != NULL)
    return source_row (store, self, doc_id, uuid, s->label, error);
  owner_id = s->outside ? 0 : doc_id;
  id = attest_store_import_source (store, owner_id, &(AttestSourceRow) {
         .uuid = s->uuid, .outlet = s->outlet, .place = s->place, .date_text = s->date_text,
         .when = s->when, .url = s->url, .title = s->title, .reliability = s->reliability,
         .created = self->now,
       }, FALSE, self->marks.sources, &outcome, &conflict);
  if (id == 0)
    {
      fail_with (error, conflict->code, d->name, c->where, conflict->message);
      return 0;
    }
  if (outcome == ATTEST_IMPORT_REPEATED && !check_added_owner (self, d, c, s->uuid, owner_id, error))
    return 0;
  if (outcome == ATTEST_IMPORT_ADDED)
    {
      self->counts.sources_added++;
      g_hash_table_insert (self->added_owners, g_strdup (s->uuid), GSIZE_TO_POINTER (owner_id));
    }
  g_hash_table_insert (known, g_strdup (s->uuid), GSIZE_TO_POINTER (owner_id));
  /* Known by label from now on too, as a label-only mention would find it. */
  if (!g_hash_table_contains (s->outside ? outside : local, s->label))
    g_hash_table_insert (s->outside ? outside : local, g_strdup (s->label), g_strdup (s->uuid));
  return id;
}

/* Links a new claim to its sources; a source given twice is linked once. */
static gboolean
link_sources (AttestStore         *store,
              Importer            *self,
              AttestExchangeDoc   *d,
              gint64               doc_id,
              gint64               claim_id,
              gint64               who,
              AttestExchangeClaim *c,
              GHashTable          *local,
              GHashTable          *outside,
              GHashTable          *known,
              GError             **error)
{
  g_autoptr(GHashTable) linked = g_hash_table_new (g_direct_hash, g_direct_equal);

  for (guint k = 0; k < c->sources->len; k++)
    {
      AttestExchangeSource *s = g_ptr_array_index (c->sources, k);
      const char *label = s->label;
      const char *uuid = g_hash_table_lookup (local, label);
      gint64 source_id;

      if (s->uuid == NULL && attest_exchange_source_has_details (s) &&
          uuid == NULL && !g_hash_table_contains (outside, label))
        {
          /* Fields without an id (another tool's): a new source with
           * them, the article's or an outside one as the file says,
           * found by its label from then on. */
          s->uuid = g_uuid_string_random ();
        }
      if (s->uuid != NULL)
        source_id = source_by_id (store, self, d, c, doc_id, s, local, outside, known, error);
      else
        source_id = source_row (store, self, uuid ? doc_id : 0,
                                uuid ? uuid : g_hash_table_lookup (outside, label), label, error);
      if (source_id == 0)
        return FALSE;
      if (s->uuid == NULL && uuid == NULL && !g_hash_table_contains (outside, label))
        {
          /* Known from now on, so a second mention links the same source. */
          g_hash_table_remove_all (outside);
          if (!attest_store_foreach_source (store, 0, NULL, remember_id, outside, error))
            return FALSE;
        }
      if (!g_hash_table_add (linked, GSIZE_TO_POINTER (source_id)))
        continue;
      if (!attest_store_import_link (store, claim_id, source_id, who, c->created, error))
        return FALSE;
    }
  return TRUE;
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

/* The article itself; a text the database holds altered is named by the
 * file (and part) it came from, as every other refusal is. */
static gint64
import_text (AttestStore         *store,
             Importer            *self,
             AttestExchangeDoc   *d,
             AttestImportOutcome *outcome,
             GError             **error)
{
  g_autoptr(GError) local = NULL;
  gint64 id = attest_store_import_document (store, d->doc, self->marks.documents, outcome, &local);

  if (id == 0)
    {
      if (g_error_matches (local, ATTEST_ERROR, ATTEST_ERROR_CONFLICT))
        fail_with (error, local->code, d->text_name ? d->text_name : d->name, NULL, local->message);
      else
        g_propagate_error (error, g_steal_pointer (&local));
    }
  return id;
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
  g_autoptr(GHashTable) known = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  AttestImportOutcome outcome;
  gint64 doc_id;

  for (guint i = 0; i < d->claims->len; i++)
    if (!annotator_id (store, self, g_ptr_array_index (d->claims, i), error))
      return FALSE;
  if (!(doc_id = import_text (store, self, d, &outcome, error)))
    return FALSE;
  if (outcome == ATTEST_IMPORT_REPEATED)
    return fail (error, d->name, NULL, _("the text is the same as another article's in the same import"));
  if (outcome == ATTEST_IMPORT_ADDED)
    {
      g_autoptr(GHashTable) given = article_sources_given (d);

      self->counts.documents_added++;
      if (!add_found_sources (store, self, doc_id, d->doc, given, error))
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
      !attest_store_foreach_source (store, 0, NULL, remember_id, outside, error) ||
      !attest_store_foreach_source (store, doc_id, NULL, remember_owner, &(Owners) { known, doc_id }, error) ||
      !attest_store_foreach_source (store, 0, NULL, remember_owner, &(Owners) { known, 0 }, error))
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
      if (!link_sources (store, self, d, doc_id, claim_id, who, c, local, outside, known, error))
        return FALSE;
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
        g_hash_table_insert (self->labels, label_key (c->label), GSIZE_TO_POINTER (c->id));
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

/* A file that describes a category and names it otherwise on a claim
 * says two things: refused, as one key named two ways by two claims is
 * (a name made up from a brat type is no name). */
static gboolean
check_category_names (GPtrArray  *categories,
                      GPtrArray  *docs,
                      GError    **error)
{
  g_autoptr(GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < categories->len; i++)
    {
      AttestExchangeCategory *fc = g_ptr_array_index (categories, i);

      if (fc->label != NULL)
        g_hash_table_insert (names, fc->key, fc->label);
    }
  for (guint d = 0; d < docs->len; d++)
    {
      AttestExchangeDoc *doc = g_ptr_array_index (docs, d);

      for (guint i = 0; i < doc->claims->len; i++)
        {
          AttestExchangeClaim *c = g_ptr_array_index (doc->claims, i);
          const char *described = g_hash_table_lookup (names, c->key);
          g_autofree char *message = NULL;

          if (described == NULL || c->label == NULL || c->label_made || g_str_equal (described, c->label))
            continue;
          message = g_strdup_printf (_("the category %s is named “%s” here and “%s” among the file's categories"),
                                     c->key, c->label, described);
          return fail (error, doc->name, c->where, message);
        }
    }
  return TRUE;
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

  if (!attest_exchange_check (docs, error) ||
      (categories != NULL && !check_category_names (categories, docs, error)))
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
  self.added_owners = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  ok = attest_store_bulk_import (store, import_all, &self, error);
  g_hash_table_unref (self.added_owners);
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
