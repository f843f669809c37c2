/* attest-format-web-annotation.c — W3C Web Annotation export and import.
 *
 * What it owns: the Web Annotation JSON-LD format (see
 * attest-format-web-annotation.h). Export reads inside one read snapshot
 * and builds the whole collection with JsonBuilder; import checks the raw
 * bytes (size, then attest_json_guard_check()) before JsonParser sees them, places
 * every annotation, and hands the result to attest_exchange_import().
 */
#include "config.h"

#include "attest-format-web-annotation.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "attest-text-index.h"
#include "attest-article-reader.h"
#include "attest-category.h"
#include "attest-claim.h"
#include "attest-document.h"
#include "attest-error.h"
#include "attest-exchange-import.h"
#include "attest-json-guard.h"
#include "attest-rules.h"
#include "attest-store-bulk.h"

#define ANNO_CONTEXT "http://www.w3.org/ns/anno.jsonld"
#define ATTEST_NS "https://attest.github.io/ns/web-annotation#"
/* Code points of context on each side of a quote, as the Recommendation's
 * examples and most annotation tools use. */
#define CONTEXT_CHARS 32

/* ---------------------------------------------------------------------- */
/* Shared                                                                 */
/* ---------------------------------------------------------------------- */

/* Where character @offset starts; the end of the text past it. */
static const char *
text_at (const AttestTextIndex *ix,
         gint64                 offset)
{
  return attest_text_index_at (ix, CLAMP (offset, 0, attest_text_index_n_chars (ix)));
}

/* What a file says, fit for a message: at most @max characters, no line
 * break, tab or other control character (shown as an escape), so that no
 * terminal sequence and no line of megabytes gets through. */
static char *
dup_shown (const char *text,
           guint       max)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *valid = g_utf8_make_valid (text, -1);
  const char *p = valid;

  for (guint n = 0; *p && n < max; p = g_utf8_next_char (p), n++)
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '\n')
        g_string_append (out, "\\n");
      else if (c == '\t')
        g_string_append (out, "\\t");
      else if (c < 0x20 || (c >= 0x7f && c < 0xa0))
        g_string_append_printf (out, "\\x%02x", c);
      else
        g_string_append_unichar (out, c);
    }
  if (*p)
    g_string_append (out, "…");
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* ---------------------------------------------------------------------- */
/* Export                                                                 */
/* ---------------------------------------------------------------------- */

typedef struct {
  AttestStore             *store;
  const AttestClaimFilter *filter;
  GCancellable            *cancellable;
  AttestProgressFunc       progress;
  gpointer                 progress_data;
  GHashTable              *outside;    /* uuid → AttestExchangeSource, for the whole export */
  GHashTable              *local;      /* uuid → AttestExchangeSource, of the current document */
  GHashTable              *labels;     /* category key → label */
  GPtrArray               *taxonomy;   /* AttestCategory, the database's */
  GHashTable              *used;       /* keys of the claims' categories */
  JsonBuilder             *items;      /* the annotations, an open array */
  JsonBuilder             *articles;   /* the articles, an open array */
  GChecksum               *ids;        /* of every id written: the collection's own */
  AttestExportCounts       counts;
} Writer;

static void
add_string (JsonBuilder *b,
            const char  *name,
            const char  *value)
{
  json_builder_set_member_name (b, name);
  json_builder_add_string_value (b, value);
}

static void
add_urn (JsonBuilder *b,
         const char  *name,
         const char  *uuid)
{
  g_autofree char *urn = g_strconcat ("urn:uuid:", uuid, NULL);

  add_string (b, name, urn);
}

/* The article as a target's source, or with its text as an entry of the
 * collection's "attest:articles". */
static void
add_article (JsonBuilder    *b,
             AttestDocument *doc,
             gboolean        with_text)
{
  json_builder_begin_object (b);
  add_urn (b, "id", doc->uuid);
  add_string (b, "type", "Text");
  add_string (b, "format", "text/plain");
  if (doc->title != NULL)
    add_string (b, "title", doc->title);
  if (with_text)
    {
      /* Where and when it came in: what orders the articles, in the
       * database this file is imported into as in this one. */
      if (doc->origin != NULL)
        add_string (b, "attest:origin", doc->origin);
      if (doc->imported != NULL)
        add_string (b, "attest:imported", doc->imported);
      add_string (b, "attest:text", doc->text);
    }
  json_builder_end_object (b);
}

/* Claims in text order, the longer first; then as brat orders them (by
 * what the file holds), and last by id, which this format carries. */
static int
compare_claims (gconstpointer a,
                gconstpointer b,
                gpointer      data)
{
  const AttestClaimRow *rows = data;
  const AttestClaimRow *x = &rows[*(const guint *) a];
  const AttestClaimRow *y = &rows[*(const guint *) b];
  int c;

  if (x->start != y->start)
    return x->start < y->start ? -1 : 1;
  if (x->end != y->end)
    return x->end > y->end ? -1 : 1;
  if ((c = g_strcmp0 (x->category, y->category)) != 0 ||
      (c = g_strcmp0 (x->status, y->status)) != 0 ||
      (c = g_strcmp0 (x->certainty, y->certainty)) != 0 ||
      (c = g_strcmp0 (x->comment, y->comment)) != 0)
    return c;
  return g_strcmp0 (x->uuid, y->uuid);
}

static void
add_body (JsonBuilder *b,
          const char  *purpose,
          const char  *value)
{
  json_builder_begin_object (b);
  add_string (b, "type", "TextualBody");
  add_string (b, "purpose", purpose);
  add_string (b, "value", value);
  json_builder_end_object (b);
}

/* A source as an identifying body: `id` its urn:uuid, `value` its label,
 * its fields as `attest:outside`, `attest:outlet`, … (what is set). */
static void
add_source_body (JsonBuilder                *b,
                 const AttestExchangeSource *s)
{
  const struct { const char *name; const char *value; } fields[] = {
    { "attest:outlet", s->outlet }, { "attest:place", s->place }, { "attest:date", s->date_text },
    { "attest:when", s->when }, { "attest:url", s->url }, { "attest:title", s->title },
    { "attest:reliability", s->reliability },
  };
  g_autofree char *id = g_strconcat ("urn:uuid:", s->uuid, NULL);

  json_builder_begin_object (b);
  add_string (b, "id", id);
  add_string (b, "type", "TextualBody");
  add_string (b, "purpose", "identifying");
  add_string (b, "value", s->label);
  json_builder_set_member_name (b, "attest:outside");
  json_builder_add_boolean_value (b, s->outside);
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if (fields[i].value != NULL)
      add_string (b, fields[i].name, fields[i].value);
  json_builder_end_object (b);
}

static void
add_annotation (Writer               *self,
                AttestDocument       *doc,
                const AttestTextIndex *ix,
                const AttestClaimRow *c)
{
  JsonBuilder *b = self->items;
  g_autoptr(GPtrArray) sources = NULL;
  const char *label = g_hash_table_lookup (self->labels, c->category);
  const char *from = text_at (ix, c->start);
  const char *to = text_at (ix, c->end);
  const char *before = from;
  const char *after = to;
  g_autofree char *exact = g_strndup (from, to - from);

  for (guint n = 0; n < CONTEXT_CHARS && before > doc->text; n++)
    before = g_utf8_prev_char (before);
  for (guint n = 0; n < CONTEXT_CHARS && *after; n++)
    after = g_utf8_next_char (after);

  g_checksum_update (self->ids, (const guchar *) c->uuid, -1);
  if (!g_hash_table_contains (self->used, c->category))
    g_hash_table_add (self->used, g_strdup (c->category));

  json_builder_begin_object (b);
  add_urn (b, "id", c->uuid);
  add_string (b, "type", "Annotation");
  add_string (b, "motivation", "classifying");
  add_string (b, "created", c->created);
  add_string (b, "modified", c->modified ? c->modified : c->created);
  if (c->annotator != NULL)
    {
      json_builder_set_member_name (b, "creator");
      json_builder_begin_object (b);
      add_string (b, "type", "Person");
      add_string (b, "name", c->annotator);
      json_builder_end_object (b);
    }
  add_string (b, "attest:status", c->status);
  if (c->certainty != NULL)
    add_string (b, "attest:certainty", c->certainty);

  json_builder_set_member_name (b, "body");
  json_builder_begin_array (b);
  json_builder_begin_object (b);
  add_string (b, "type", "TextualBody");
  add_string (b, "purpose", "classifying");
  add_string (b, "value", label ? label : c->category);
  add_string (b, "attest:key", c->category);
  json_builder_end_object (b);
  if (c->comment != NULL && *c->comment != '\0')
    add_body (b, "commenting", c->comment);
  /* The label, as other tools show it; the id and fields, which tell two
   * sources of one label apart, under Attest's terms. */
  sources = attest_exchange_link_sources (c, self->local, self->outside);
  for (guint k = 0; k < sources->len; k++)
    add_source_body (b, g_ptr_array_index (sources, k));
  json_builder_end_array (b);

  json_builder_set_member_name (b, "target");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "source");
  add_article (b, doc, FALSE);
  json_builder_set_member_name (b, "selector");
  json_builder_begin_array (b);
  json_builder_begin_object (b);
  add_string (b, "type", "TextQuoteSelector");
  add_string (b, "exact", exact);
  if (before < from)
    {
      g_autofree char *prefix = g_strndup (before, from - before);
      add_string (b, "prefix", prefix);
    }
  if (after > to)
    {
      g_autofree char *suffix = g_strndup (to, after - to);
      add_string (b, "suffix", suffix);
    }
  json_builder_end_object (b);
  json_builder_begin_object (b);
  add_string (b, "type", "TextPositionSelector");
  json_builder_set_member_name (b, "start");
  json_builder_add_int_value (b, c->start);
  json_builder_set_member_name (b, "end");
  json_builder_add_int_value (b, c->end);
  json_builder_end_object (b);
  json_builder_end_array (b);
  json_builder_end_object (b);

  json_builder_end_object (b);
}

static gboolean
write_document (AttestDocument *doc,
                guint           index,
                guint           total,
                gpointer        user_data,
                GError        **error)
{
  Writer *self = user_data;
  g_autoptr(AttestClaimBatch) batch = NULL;
  g_autofree guint *order = NULL;
  AttestTextIndex *ix;

  if (g_cancellable_set_error_if_cancelled (self->cancellable, error))
    return FALSE;

  g_hash_table_remove_all (self->local);
  if (!attest_exchange_collect_sources (self->store, doc->id, self->local, error) ||
      !(batch = attest_store_collect_claims (self->store, doc->id, self->filter, error)))
    return FALSE;

  g_checksum_update (self->ids, (const guchar *) doc->uuid, -1);
  add_article (self->articles, doc, TRUE);

  order = g_new (guint, batch->claims->len);
  for (guint i = 0; i < batch->claims->len; i++)
    order[i] = i;
  g_qsort_with_data (order, batch->claims->len, sizeof (guint), compare_claims, batch->claims->data);
  ix = attest_text_index_new (doc->text, strlen (doc->text));
  for (guint i = 0; i < batch->claims->len; i++)
    add_annotation (self, doc, ix, &g_array_index (batch->claims, AttestClaimRow, order[i]));
  attest_text_index_free (ix);

  self->counts.documents++;
  self->counts.claims += batch->claims->len;
  if (self->progress)
    self->progress (index + 1, total, self->progress_data);
  return TRUE;
}

static gboolean
write_all (AttestStore *store,
           gpointer     user_data,
           GError     **error)
{
  Writer *self = user_data;

  g_clear_pointer (&self->taxonomy, g_ptr_array_unref);
  g_hash_table_remove_all (self->used);
  if (!(self->taxonomy = attest_store_list_taxonomy (store, error)) ||
      !attest_rules_check_taxonomy (self->taxonomy, error))
    return FALSE;
  for (guint i = 0; i < self->taxonomy->len; i++)
    {
      AttestCategory *c = g_ptr_array_index (self->taxonomy, i);

      g_hash_table_insert (self->labels, g_strdup (c->key), g_strdup (c->label));
    }
  return attest_exchange_collect_sources (store, 0, self->outside, error) &&
         attest_store_foreach_document (store, self->filter, write_document, self, error);
}

/* A name-based (version 5 style) UUID from a SHA-1 digest: the same
 * export gives the same collection id, and a round trip the same file. */
static char *
dup_uuid_from (GChecksum  *checksum,
               const char *salt)
{
  g_autoptr(GChecksum) copy = g_checksum_copy (checksum);
  guint8 digest[20];
  gsize len = sizeof digest;

  g_checksum_update (copy, (const guchar *) salt, -1);
  g_checksum_get_digest (copy, digest, &len);
  digest[6] = (digest[6] & 0x0f) | 0x50;
  digest[8] = (digest[8] & 0x3f) | 0x80;
  return g_strdup_printf ("urn:uuid:%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
                          digest[0], digest[1], digest[2], digest[3], digest[4], digest[5], digest[6],
                          digest[7], digest[8], digest[9], digest[10], digest[11], digest[12], digest[13],
                          digest[14], digest[15]);
}

/* A category after its parent, each once; the depth bounds a cycle the
 * editor would have refused anyway. */
static void
add_category (Writer         *self,
              JsonBuilder    *b,
              AttestCategory *c,
              GHashTable     *done,
              guint           depth)
{
  AttestCategory *parent = attest_category_find (self->taxonomy, c->parent_key);

  if (g_hash_table_contains (done, c->key) || depth > self->taxonomy->len)
    return;
  if (parent != NULL)
    add_category (self, b, parent, done, depth + 1);
  g_hash_table_add (done, c->key);
  json_builder_begin_object (b);
  add_string (b, "type", "TextualBody");
  add_string (b, "purpose", "classifying");
  add_string (b, "value", c->label);
  add_string (b, "attest:key", c->key);
  if (c->parent_key != NULL)
    add_string (b, "attest:parent", c->parent_key);
  if (c->description != NULL && *c->description != '\0')
    add_string (b, "attest:description", c->description);
  if (c->retired)
    {
      json_builder_set_member_name (b, "attest:retired");
      json_builder_add_boolean_value (b, TRUE);
    }
  json_builder_end_object (b);
}

/* The claims' categories and their parents, parent first in the
 * taxonomy's order: what a taxonomy editor needs to make them again. */
static void
add_categories (Writer      *self,
                JsonBuilder *b)
{
  g_autoptr(GHashTable) done = g_hash_table_new (g_str_hash, g_str_equal);

  json_builder_set_member_name (b, "attest:categories");
  json_builder_begin_array (b);
  for (guint i = 0; i < self->taxonomy->len; i++)
    {
      AttestCategory *c = g_ptr_array_index (self->taxonomy, i);

      if (g_hash_table_contains (self->used, c->key))
        add_category (self, b, c, done, 0);
    }
  json_builder_end_array (b);
}

static JsonNode *
build_collection (Writer *self)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autofree char *id = dup_uuid_from (self->ids, "collection");
  g_autofree char *page_id = dup_uuid_from (self->ids, "page 1");

  json_builder_end_array (self->items);
  json_builder_end_array (self->articles);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "@context");
  json_builder_begin_array (b);
  json_builder_add_string_value (b, ANNO_CONTEXT);
  json_builder_begin_object (b);
  add_string (b, "attest", ATTEST_NS);
  add_string (b, "title", "http://purl.org/dc/terms/title");
  json_builder_end_object (b);
  json_builder_end_array (b);
  add_string (b, "id", id);
  add_string (b, "type", "AnnotationCollection");
  add_string (b, "label", "Claims exported from Attest");
  json_builder_set_member_name (b, "total");
  json_builder_add_int_value (b, (gint64) self->counts.claims);
  json_builder_set_member_name (b, "attest:articles");
  json_builder_add_value (b, json_builder_get_root (self->articles));
  if (g_hash_table_size (self->used) > 0)
    add_categories (self, b);
  json_builder_set_member_name (b, "first");
  json_builder_begin_object (b);
  add_string (b, "id", page_id);
  add_string (b, "type", "AnnotationPage");
  json_builder_set_member_name (b, "startIndex");
  json_builder_add_int_value (b, 0);
  json_builder_set_member_name (b, "items");
  json_builder_add_value (b, json_builder_get_root (self->items));
  json_builder_end_object (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static gboolean
write_to_stream (GOutputStream *stream,
                 gpointer       user_data,
                 GCancellable  *cancellable,
                 GError       **error)
{
  Writer *self = user_data;
  g_autoptr(JsonGenerator) generator = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *data = NULL;
  gsize length = 0;

  if (!attest_store_read_snapshot (self->store, write_all, self, error))
    return FALSE;
  if (self->counts.documents == 0)
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_NOT_FOUND,
                   _("Nothing to export: the database holds no article"));
      return FALSE;
    }
  root = build_collection (self);
  generator = json_generator_new ();
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  json_generator_set_root (generator, root);
  /* Not json_generator_to_stream(): it makes one write() and takes a
   * short one for success, which cut large exports at 256 KiB. */
  data = json_generator_to_data (generator, &length);
  return g_output_stream_write_all (stream, data, length, NULL, cancellable, error) &&
         g_output_stream_write_all (stream, "\n", 1, NULL, cancellable, error);
}

/**
 * attest_web_annotation_export:
 * @store: an #AttestStore
 * @filter: (nullable): which claims, or %NULL for all
 * @file: the file to write (a local file), replaced only once complete
 * @out_counts: (out caller-allocates) (optional): what was exported
 * @progress: (nullable) (scope call): called after each article
 * @progress_data: data for @progress
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError, or %NULL
 *
 * Every article the filter's document allows is written with its text,
 * and one annotation for each claim that matches the filter.
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */
gboolean
attest_web_annotation_export (AttestStore             *store,
                              const AttestClaimFilter *filter,
                              GFile                   *file,
                              AttestExportCounts      *out_counts,
                              AttestProgressFunc       progress,
                              gpointer                 progress_data,
                              GCancellable            *cancellable,
                              GError                 **error)
{
  Writer self = {
    .store = store,
    .filter = filter,
    .cancellable = cancellable,
    .progress = progress,
    .progress_data = progress_data,
  };
  gboolean ok;

  g_return_val_if_fail (ATTEST_IS_STORE (store), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  self.outside = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                        (GDestroyNotify) attest_exchange_source_free);
  self.local = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                      (GDestroyNotify) attest_exchange_source_free);
  self.labels = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self.used = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self.items = json_builder_new ();
  self.articles = json_builder_new ();
  self.ids = g_checksum_new (G_CHECKSUM_SHA1);
  json_builder_begin_array (self.items);
  json_builder_begin_array (self.articles);

  ok = attest_export_write_file (store, filter, file, write_to_stream, &self, cancellable, error);

  g_hash_table_unref (self.outside);
  g_hash_table_unref (self.local);
  g_hash_table_unref (self.labels);
  g_hash_table_unref (self.used);
  g_clear_pointer (&self.taxonomy, g_ptr_array_unref);
  g_object_unref (self.items);
  g_object_unref (self.articles);
  g_checksum_free (self.ids);
  if (ok && out_counts)
    *out_counts = self.counts;
  return ok;
}

/* ---------------------------------------------------------------------- */
/* Import: the raw bytes                                                  */
/* ---------------------------------------------------------------------- */

static gboolean
fail_at (GError    **error,
         const char *name,
         guint       line,
         const char *text)
{
  g_autofree char *message = dup_shown (text, 600);

  if (line > 0)
    g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_FORMAT, "%s:%u: %s", name, line, message);
  else
    g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_FORMAT, "%s: %s", name, message);
  return FALSE;
}

/* The bytes, before the parser, which recurses, builds a tree far larger
 * than the file and takes comments and what follows the first value. */
static gboolean
check_bytes (const char *data,
             gsize       length,
             const char *name,
             GError    **error)
{
  static const AttestJsonGuardLimits limits = {
    .max_depth = ATTEST_WEB_ANNOTATION_MAX_DEPTH,
    .max_values = ATTEST_WEB_ANNOTATION_MAX_VALUES,
  };

  return attest_json_guard_check (data, length, &limits, name, error);
}

/* ---------------------------------------------------------------------- */
/* Import: reading the JSON                                               */
/* ---------------------------------------------------------------------- */

/* One article the annotations may point at, with its text indexed. */
typedef struct {
  AttestExchangeDoc *xdoc;
  AttestTextIndex   *ix;
  gboolean           listed;  /* in the reader's docs already */
} Article;

static void
article_free (Article *a)
{
  g_clear_pointer (&a->ix, attest_text_index_free);
  g_clear_pointer (&a->xdoc, attest_exchange_doc_free);
  g_free (a);
}

typedef struct {
  const char   *name;       /* the file, for messages */
  AttestStore  *store;      /* (nullable) */
  char         *now;
  GHashTable   *by_sha;     /* sha256 → Article (owned) */
  GHashTable   *by_iri;     /* IRI → Article, what a source found */
  GPtrArray    *order;      /* Article, in the order they are first met */
  GPtrArray    *db_docs;    /* (nullable) AttestDocument: the database's, without text */
  GPtrArray    *db_full;    /* (nullable) Article: all of them with text, for a quote */
  GHashTable   *claim_ids;  /* claim uuid, or the id as written → the annotation's number */
  GPtrArray    *categories; /* AttestExchangeCategory, from attest:categories */
  guint         n;          /* annotations read */
} Reader;

static const char *
get_string (JsonObject *o,
            const char *name)
{
  JsonNode *node = o ? json_object_get_member (o, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static JsonObject *
get_object (JsonObject *o,
            const char *name)
{
  JsonNode *node = o ? json_object_get_member (o, name) : NULL;

  return node && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

/* "type" is a string or an array of strings. */
static gboolean
has_type (JsonObject *o,
          const char *type)
{
  JsonNode *node = json_object_get_member (o, "type");

  if (node == NULL)
    return FALSE;
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *a = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (a); i++)
        {
          JsonNode *e = json_array_get_element (a, i);

          if (JSON_NODE_HOLDS_VALUE (e) && json_node_get_value_type (e) == G_TYPE_STRING &&
              g_str_equal (json_node_get_string (e), type))
            return TRUE;
        }
      return FALSE;
    }
  return g_strcmp0 (get_string (o, "type"), type) == 0;
}

/* A node's objects: the object itself, or those of an array. */
static GPtrArray *
objects_of (JsonNode *node)
{
  GPtrArray *out = g_ptr_array_new ();

  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    g_ptr_array_add (out, json_node_get_object (node));
  else if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *a = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (a); i++)
        if (JSON_NODE_HOLDS_OBJECT (json_array_get_element (a, i)))
          g_ptr_array_add (out, json_array_get_object_element (a, i));
    }
  return out;
}

/* The uuid of "urn:uuid:…", lower-case, or NULL. */
static char *
dup_urn_uuid (const char *iri)
{
  if (iri == NULL || g_ascii_strncasecmp (iri, "urn:uuid:", 9) != 0 || !g_uuid_string_is_valid (iri + 9))
    return NULL;
  return g_ascii_strdown (iri + 9, -1);
}

static gboolean
fail_in (GError    **error,
         Reader     *r,
         const char *where,
         const char *text)
{
  g_autofree char *message = dup_shown (text, 600);

  if (where != NULL)
    /* TRANSLATORS: a file, the place in it ("annotation 3 (urn:uuid:…)"), and what is wrong there */
    g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_FORMAT, _("%s, %s: %s"), r->name, where, message);
  else
    g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_FORMAT, "%s: %s", r->name, message);
  return FALSE;
}

/* Takes @doc; the article of that text, made once. */
static Article *
add_article_doc (Reader         *r,
                 AttestDocument *doc,
                 const char     *shown)
{
  Article *a = g_hash_table_lookup (r->by_sha, doc->sha256);

  if (a != NULL)
    {
      g_object_unref (doc);
      return a;
    }
  a = g_new0 (Article, 1);
  a->xdoc = attest_exchange_doc_new (shown, doc);
  a->ix = attest_text_index_new (a->xdoc->doc->text, strlen (a->xdoc->doc->text));
  g_hash_table_insert (r->by_sha, a->xdoc->doc->sha256, a);
  return a;
}

static void
list_article (Reader  *r,
              Article *a)
{
  if (!a->listed)
    {
      a->listed = TRUE;
      g_ptr_array_add (r->order, a);
    }
}

static char *
dup_time (const char *value)
{
  g_autoptr(GDateTime) t = NULL;
  g_autoptr(GDateTime) utc = NULL;

  if (value == NULL || !(t = g_date_time_new_from_iso8601 (value, NULL)))
    return NULL;
  utc = g_date_time_to_utc (t);
  return g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");
}

/* An article the file carries: its id, title and "attest:text". */
static gboolean
read_carried (Reader     *r,
              JsonObject *o,
              const char *where,
              GError    **error)
{
  const char *id = get_string (o, "id");
  const char *text = get_string (o, "attest:text");
  const char *title = get_string (o, "title");
  g_autoptr(AttestDocument) doc = NULL;
  g_autofree char *uuid = dup_urn_uuid (id);
  g_autofree char *shown = NULL;
  g_autofree char *imported = NULL;
  Article *a;

  if (text == NULL)
    return TRUE;
  if (id == NULL)
    return fail_in (error, r, where, _("an article with its text has no id"));
  if (*text == '\0')
    return fail_in (error, r, where, _("the text of an article is empty"));
  if (strchr (text, '\r') != NULL || g_str_has_prefix (text, "\xEF\xBB\xBF"))
    return fail_in (error, r, where, _("the text of an article holds a carriage return or a byte order mark; "
                                       "Attest keeps line ends as line feeds only"));
  if ((a = g_hash_table_lookup (r->by_iri, id)) != NULL)
    {
      g_autofree char *shown_id = NULL;
      g_autofree char *message = NULL;

      if (g_str_equal (a->xdoc->doc->text, text))
        return TRUE;
      shown_id = dup_shown (id, 80);
      message = g_strdup_printf (_("another article of the file has the id %s and a different text"), shown_id);
      return fail_in (error, r, where, message);
    }
  {
    g_autoptr(GError) local = NULL;

    /* Kept on one line, as the window shows them. */
    if (!attest_rules_check_string (_("the title"), title, -1, ATTEST_RULES_LINE, &local) ||
        !attest_rules_check_string (_("“attest:origin”"), get_string (o, "attest:origin"), -1,
                                    ATTEST_RULES_LINE, &local))
      return fail_in (error, r, where, local->message);
  }
  if (get_string (o, "attest:imported") != NULL && (imported = dup_time (get_string (o, "attest:imported"))) == NULL)
    return fail_in (error, r, where, _("“attest:imported” is not a date and time with its time zone (ISO 8601)"));
  doc = attest_document_new ();
  attest_document_set_text (doc, text);
  doc->uuid = uuid ? g_steal_pointer (&uuid) : g_uuid_string_random ();
  doc->format = g_strdup ("text");
  doc->encoding = g_strdup ("UTF-8");
  doc->origin = g_strdup (get_string (o, "attest:origin") ? get_string (o, "attest:origin") : r->name);
  doc->imported = imported ? g_steal_pointer (&imported) : g_strdup (r->now);
  attest_article_reader_parse_header (doc);
  if (title != NULL)
    {
      g_free (doc->title);
      doc->title = g_strdup (title);
    }
  shown = g_strdup_printf ("%s (%s)", r->name, id);
  a = add_article_doc (r, g_steal_pointer (&doc), shown);
  list_article (r, a);
  g_hash_table_insert (r->by_iri, g_strdup (id), a);
  return TRUE;
}

static gboolean
load_db_docs (Reader  *r,
              GError **error)
{
  if (r->db_docs == NULL && r->store != NULL)
    r->db_docs = attest_store_list_documents (r->store, error);
  return r->store == NULL || r->db_docs != NULL;
}

/* The database's article @listed (without text), with its text. */
static Article *
db_article (Reader         *r,
            AttestDocument *listed,
            GError        **error)
{
  AttestDocument *doc;
  Article *a = g_hash_table_lookup (r->by_sha, listed->sha256);

  if (a != NULL)
    return a;
  if (!(doc = attest_store_get_document (r->store, listed->uuid, error)))
    return NULL;
  {
    g_autofree char *label = attest_document_dup_label (doc);
    g_autofree char *shown = g_strdup_printf ("%s (%s)", r->name, label);

    return add_article_doc (r, doc, shown);
  }
}

/* The last part of an IRI's path, unescaped: what names a file. */
static char *
dup_iri_file_name (const char *iri)
{
  g_autofree char *path = g_strndup (iri, strcspn (iri, "?#"));
  const char *slash = strrchr (path, '/');
  const char *base = slash ? slash + 1 : path;

  if (*base == '\0')
    return NULL;
  return g_uri_unescape_string (base, NULL);
}

/* The article a source IRI names: carried in the file, or the database's
 * with that id, or with that file name. NULL without error: none. */
static Article *
find_by_iri (Reader     *r,
             const char *iri,
             const char *where,
             GError    **error)
{
  Article *a = g_hash_table_lookup (r->by_iri, iri);
  g_autofree char *uuid = dup_urn_uuid (iri);
  g_autofree char *file_name = NULL;
  AttestDocument *found = NULL;
  guint n_named = 0;

  if (a != NULL || r->store == NULL)
    return a;
  if (!load_db_docs (r, error))
    return NULL;
  for (guint i = 0; uuid != NULL && found == NULL && i < r->db_docs->len; i++)
    {
      AttestDocument *d = g_ptr_array_index (r->db_docs, i);

      if (g_ascii_strcasecmp (d->uuid, uuid) == 0)
        found = d;
    }
  /* Attest keeps no URL for an article: the file it came from stands in. */
  file_name = uuid == NULL ? dup_iri_file_name (iri) : NULL;
  for (guint i = 0; file_name != NULL && i < r->db_docs->len; i++)
    {
      AttestDocument *d = g_ptr_array_index (r->db_docs, i);

      if (g_strcmp0 (d->origin, file_name) == 0 || g_strcmp0 (d->origin, iri) == 0)
        {
          found = d;
          n_named++;
        }
    }
  /* Which one would be a guess, and the quote search would then say
   * something beside the point. */
  if (n_named > 1)
    {
      g_autofree char *shown = dup_shown (file_name, 80);
      g_autofree char *message =
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                      "its source is ambiguous: the file name “%s” is that of %u articles "
                                      "of the database",
                                      "its source is ambiguous: the file name “%s” is that of %u articles "
                                      "of the database", n_named),
                         shown, n_named);

      fail_in (error, r, where, message);
      return NULL;
    }
  if (found == NULL)
    return NULL;
  if (!(a = db_article (r, found, error)))
    return NULL;
  g_hash_table_insert (r->by_iri, g_strdup (iri), a);
  return a;
}

typedef struct {
  const char *exact;
  const char *prefix;    /* (nullable) */
  const char *suffix;    /* (nullable) */
  gint64      start;     /* -1: no TextPositionSelector */
  gint64      end;
} Place;

/* How many places of @a's text the quote fits (0, 1 or 2 for "more"),
 * and the first one's offsets. */
static guint
count_quote (Article     *a,
             const Place *p,
             gint64      *out_start,
             gint64      *out_end)
{
  const char *text = a->xdoc->doc->text;
  gsize elen = strlen (p->exact);
  gsize plen = p->prefix ? strlen (p->prefix) : 0;
  gsize slen = p->suffix ? strlen (p->suffix) : 0;
  guint count = 0;

  for (const char *s = strstr (text, p->exact); s != NULL && count < 2; s = strstr (s + 1, p->exact))
    {
      if ((gsize) (s - text) < plen || (plen > 0 && memcmp (s - plen, p->prefix, plen) != 0))
        continue;
      if (slen > 0 && strncmp (s + elen, p->suffix, slen) != 0)
        continue;
      if (count++ == 0)
        {
          *out_start = attest_text_index_offset (a->ix, s);
          *out_end = *out_start + g_utf8_strlen (p->exact, elen);
        }
    }
  return count;
}

/* Whether the quote is what the text holds at the position. */
static gboolean
quote_fits (Article     *a,
            const Place *p)
{
  const char *from = text_at (a->ix, p->start);
  const char *to = text_at (a->ix, p->end);
  gsize plen = p->prefix ? strlen (p->prefix) : 0;
  gsize slen = p->suffix ? strlen (p->suffix) : 0;

  if ((gsize) (to - from) != strlen (p->exact) || memcmp (from, p->exact, to - from) != 0)
    return FALSE;
  if (plen > 0 && ((gsize) (from - a->xdoc->doc->text) < plen || memcmp (from - plen, p->prefix, plen) != 0))
    return FALSE;
  if (slen > 0 && strncmp (to, p->suffix, slen) != 0)
    return FALSE;
  return TRUE;
}

static gboolean
read_offset (JsonObject *selector,
             const char *name,
             gint64     *out)
{
  JsonNode *node = json_object_get_member (selector, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64 ||
      json_node_get_int (node) < 0)
    return FALSE;
  *out = json_node_get_int (node);
  return TRUE;
}

/* The selectors of a target: a TextQuoteSelector, a TextPositionSelector,
 * or both; others (and refinements) are left aside. */
static gboolean
read_selectors (Reader     *r,
                JsonObject *target,
                const char *where,
                Place      *p,
                GError    **error)
{
  g_autoptr(GPtrArray) selectors = objects_of (json_object_get_member (target, "selector"));
  gboolean quote = FALSE, position = FALSE;

  p->start = p->end = -1;
  for (guint i = 0; i < selectors->len; i++)
    {
      JsonObject *s = g_ptr_array_index (selectors, i);

      if (has_type (s, "TextQuoteSelector"))
        {
          const char *exact = get_string (s, "exact");
          const char *prefix = get_string (s, "prefix");
          const char *suffix = get_string (s, "suffix");

          if (exact == NULL || *exact == '\0')
            return fail_in (error, r, where, _("the TextQuoteSelector has no exact text"));
          /* The same one twice is harmless; two others, two claims. */
          if (quote && (g_strcmp0 (exact, p->exact) != 0 || g_strcmp0 (prefix, p->prefix) != 0 ||
                        g_strcmp0 (suffix, p->suffix) != 0))
            return fail_in (error, r, where, _("the target has two different TextQuoteSelectors; "
                                               "a claim has one span"));
          quote = TRUE;
          p->exact = exact;
          p->prefix = prefix;
          p->suffix = suffix;
        }
      else if (has_type (s, "TextPositionSelector"))
        {
          gint64 start, end;

          if (!read_offset (s, "start", &start) || !read_offset (s, "end", &end))
            return fail_in (error, r, where, _("the TextPositionSelector's start and end must be whole numbers "
                                               "from 0"));
          if (start >= end)
            return fail_in (error, r, where, _("the TextPositionSelector's span is empty or reversed"));
          if (position && (start != p->start || end != p->end))
            return fail_in (error, r, where, _("the target has two different TextPositionSelectors; "
                                               "a claim has one span"));
          position = TRUE;
          p->start = start;
          p->end = end;
        }
    }
  if (!quote && !position)
    return fail_in (error, r, where, _("the target has neither a TextQuoteSelector nor a TextPositionSelector"));
  return TRUE;
}

/* Places the span in @a's text; FALSE with @error when it does not fit. */
static gboolean
place_in (Reader      *r,
          Article     *a,
          Place       *p,
          const char  *where,
          GError     **error)
{
  if (p->start >= 0)
    {
      if (p->end > attest_text_index_n_chars (a->ix))
        {
          g_autofree char *message =
            g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          "the position %" PRId64 "–%" PRId64 " is past the end of the text "
                                          "(%" PRId64 " character)",
                                          "the position %" PRId64 "–%" PRId64 " is past the end of the text "
                                          "(%" PRId64 " characters)", attest_text_index_n_chars (a->ix)),
                             (int64_t) p->start, (int64_t) p->end, (int64_t) attest_text_index_n_chars (a->ix));
          return fail_in (error, r, where, message);
        }
      if (p->exact != NULL && !quote_fits (a, p))
        return fail_in (error, r, where, _("the TextQuoteSelector does not match the text at the "
                                           "TextPositionSelector's place"));
      return TRUE;
    }
  switch (count_quote (a, p, &p->start, &p->end))
    {
    case 0:
      return fail_in (error, r, where, _("the quoted text is not in the article"));
    case 1:
      return TRUE;
    default:
      return fail_in (error, r, where, _("the quoted text is in the article more than once; "
                                         "a prefix, suffix or TextPositionSelector must tell which"));
    }
}

/* No article by its IRI: the one place among the database's articles
 * where the quote fits. */
static Article *
find_by_quote (Reader      *r,
               Place       *p,
               const char  *where,
               GError     **error)
{
  Article *found = NULL;
  guint count = 0;

  if (p->exact == NULL || r->store == NULL)
    {
      fail_in (error, r, where, _("its source is not an article of this file or of the database"));
      return NULL;
    }
  if (!load_db_docs (r, error))
    return NULL;
  if (r->db_full == NULL)
    {
      r->db_full = g_ptr_array_new ();
      for (guint i = 0; i < r->db_docs->len; i++)
        {
          Article *a = db_article (r, g_ptr_array_index (r->db_docs, i), error);

          if (a == NULL)
            return NULL;
          g_ptr_array_add (r->db_full, a);
        }
    }
  /* With a position, the quote may be in its article more than once:
   * the article must be the only one that holds it. */
  for (guint i = 0; i < r->db_full->len && count < 2; i++)
    {
      Article *a = g_ptr_array_index (r->db_full, i);
      gint64 start, end;
      guint n = count_quote (a, p, &start, &end);

      if (n > 0 && found == NULL)
        found = a;
      count += p->start >= 0 ? (n > 0) : n;
    }
  if (count == 0)
    fail_in (error, r, where, _("the quoted text is in none of the database's articles"));
  else if (count > 1)
    fail_in (error, r, where, p->start >= 0
             ? _("the quoted text is in more than one of the database's articles")
             : _("the quoted text is in the database's articles more than once; "
                 "a prefix and suffix must tell which"));
  return count == 1 ? found : NULL;
}

/* "Troop deployment" → "troop-deployment": ASCII letters and digits,
 * anything else a single hyphen. */
static char *
dup_key_from_label (const char *label)
{
  g_autofree char *ascii = g_str_to_ascii (label, "C");
  GString *key = g_string_new (NULL);

  for (const char *s = ascii; *s; s++)
    {
      if (g_ascii_isalnum (*s))
        g_string_append_c (key, g_ascii_tolower (*s));
      else if (key->len > 0 && key->str[key->len - 1] != '-')
        g_string_append_c (key, '-');
    }
  while (key->len > 0 && key->str[key->len - 1] == '-')
    g_string_truncate (key, key->len - 1);
  return g_string_free (key, FALSE);
}

/* Category, comment and sources from the bodies; others are left aside. */
static gboolean
get_optional_string (Reader      *r,
                     JsonObject  *o,
                     const char  *member,
                     const char  *where,
                     const char **out,
                     GError     **error)
{
  JsonNode *node = json_object_get_member (o, member);

  *out = NULL;
  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      /* TRANSLATORS: %s is a member of the file, as written ("attest:parent") */
      g_autofree char *message = g_strdup_printf (_("its %s is not text"), member);

      return fail_in (error, r, where, message);
    }
  *out = json_node_get_string (node);
  return TRUE;
}

static gboolean
read_bodies (Reader              *r,
             JsonObject          *o,
             AttestExchangeClaim *c,
             const char          *where,
             GError             **error)
{
  g_autoptr(GPtrArray) bodies = objects_of (json_object_get_member (o, "body"));
  g_autoptr(GString) comment = NULL;
  JsonObject *category = NULL;
  const char *body_value = get_string (o, "bodyValue");

  for (guint i = 0; i < bodies->len; i++)
    {
      JsonObject *b = g_ptr_array_index (bodies, i);
      const char *purpose = get_string (b, "purpose");
      const char *value = get_string (b, "value");

      if (purpose == NULL)
        continue;
      if (g_str_equal (purpose, "classifying"))
        {
          /* A claim has one category: which one would be a guess. */
          if (category != NULL && g_str_equal (get_string (category, "purpose"), "classifying"))
            return fail_in (error, r, where, _("the annotation has more than one category (bodies with the "
                                               "purpose classifying); a claim has one"));
          category = b;
        }
      else if (g_str_equal (purpose, "tagging") && category == NULL)
        category = b;
      else if (g_str_equal (purpose, "commenting") && value != NULL)
        {
          if (comment == NULL)
            comment = g_string_new (value);
          else
            g_string_append_printf (comment, "\n%s", value);
        }
      else if (g_str_equal (purpose, "identifying") && value != NULL && *value != '\0')
        {
          g_autoptr(GError) local = NULL;
          AttestExchangeSource *source = attest_exchange_source_from_object (b, "value", "attest:", &local);

          if (source == NULL)
            return fail_in (error, r, where, local->message);
          g_ptr_array_add (c->sources, source);
        }
    }
  /* bodyValue is the Recommendation's short form of a plain comment. */
  if (body_value != NULL && *body_value != '\0')
    {
      if (comment == NULL)
        comment = g_string_new (body_value);
      else
        g_string_append_printf (comment, "\n%s", body_value);
    }
  if (comment != NULL)
    c->comment = g_string_free (g_steal_pointer (&comment), FALSE);

  if (category == NULL)
    return fail_in (error, r, where, _("no body names its category (a body with the purpose classifying)"));
  {
    const char *value, *key;

    if (!get_optional_string (r, category, "value", where, &value, error) ||
        !get_optional_string (r, category, "attest:key", where, &key, error))
      return FALSE;
    c->label = g_strdup (value);
    if (key != NULL)
      c->key = g_strdup (key);
  }
  if (c->key == NULL && c->label != NULL)
    c->key = dup_key_from_label (c->label);
  if (c->key == NULL || !attest_category_key_is_valid (c->key))
    {
      g_autofree char *message =
        g_strdup_printf (_("the category “%s” cannot be a category key (letters, digits and hyphens, "
                           "starting with a letter)"), c->label ? c->label : c->key ? c->key : "");
      return fail_in (error, r, where, message);
    }
  if (c->label != NULL && *c->label == '\0')
    g_clear_pointer (&c->label, g_free);
  return TRUE;
}

static gboolean
read_annotation (Reader     *r,
                 JsonObject *o,
                 GError    **error)
{
  g_autoptr(AttestExchangeClaim) c = attest_exchange_claim_new ();
  g_autoptr(GPtrArray) targets = NULL;
  g_autofree char *where = NULL;
  const char *id = get_string (o, "id");
  const char *iri = NULL;
  JsonObject *target = NULL;
  JsonObject *creator;
  JsonNode *node;
  Article *a = NULL;
  Place p = { 0 };

  r->n++;
  if (id != NULL)
    {
      g_autofree char *shown = dup_shown (id, 80);

      where = g_strdup_printf (_("annotation %u (%s)"), r->n, shown);
    }
  else
    where = g_strdup_printf (_("annotation %u"), r->n);
  c->where = g_strdup (where);
  c->uuid = dup_urn_uuid (id);
  /* Two annotations of one id: the second would be taken for the first
   * (a urn:uuid in any case, other ids as written). */
  if (id != NULL)
    {
      const char *key = c->uuid != NULL ? c->uuid : id;
      guint first = GPOINTER_TO_UINT (g_hash_table_lookup (r->claim_ids, key));

      if (first != 0)
        {
          g_autofree char *message = g_strdup_printf (_("annotation %u has the same id"), first);
          return fail_in (error, r, where, message);
        }
      g_hash_table_insert (r->claim_ids, g_strdup (key), GUINT_TO_POINTER (r->n));
    }

  /* The target: an object (a SpecificResource) or one such in an array. */
  node = json_object_get_member (o, "target");
  targets = objects_of (node);
  if (targets->len != 1)
    return fail_in (error, r, where, targets->len == 0
                    ? _("the annotation has no target with a selector")
                    : _("the annotation has more than one target; a claim has one"));
  target = g_ptr_array_index (targets, 0);
  if ((node = json_object_get_member (target, "source")) != NULL && JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *source = json_node_get_object (node);

      iri = get_string (source, "id");
      if (!read_carried (r, source, where, error))
        return FALSE;
    }
  else
    iri = get_string (target, "source");
  if (!read_selectors (r, target, where, &p, error))
    return FALSE;

  if (iri != NULL)
    {
      g_autoptr(GError) local = NULL;

      if (!(a = find_by_iri (r, iri, where, &local)) && local != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
    }
  if (a != NULL)
    {
      if (!place_in (r, a, &p, where, error))
        return FALSE;
    }
  else if (!(a = find_by_quote (r, &p, where, error)) || !place_in (r, a, &p, where, error))
    return FALSE;

  c->start = p.start;
  c->end = p.end;
  {
    const char *from = text_at (a->ix, p.start);
    const char *to = text_at (a->ix, p.end);

    c->quote = g_strndup (from, to - from);
  }
  {
    g_autoptr(GError) local = NULL;

    /* What selecting in the window refuses, said about this annotation. */
    if (!attest_exchange_check_span (a->xdoc->doc->text, c->start, c->end, NULL, &local))
      return fail_in (error, r, where, local->message);
  }

  if (!read_bodies (r, o, c, where, error))
    return FALSE;

  /* A member of another type says something wrong, not nothing. */
  {
    const char *status, *certainty;

    if (!get_optional_string (r, o, "attest:status", where, &status, error) ||
        !get_optional_string (r, o, "attest:certainty", where, &certainty, error))
      return FALSE;
    c->status = g_strdup (status);
    c->certainty = g_strdup (certainty);
  }
  if (c->status != NULL && !attest_claim_status_is_valid (c->status))
    return fail_in (error, r, where, _("the status is not draft, accepted or rejected"));
  if (c->certainty != NULL && !attest_claim_certainty_is_valid (c->certainty))
    return fail_in (error, r, where, _("the certainty is not low, medium, high or unknown"));

  /* The creator: a Person object (or the first of several); an IRI alone
   * is no name. */
  {
    g_autoptr(GPtrArray) creators = objects_of (json_object_get_member (o, "creator"));

    if (creators->len > 1)
      return fail_in (error, r, where, _("the annotation has more than one creator; a claim has one annotator"));
    creator = creators->len > 0 ? g_ptr_array_index (creators, 0) : NULL;
    if (creator != NULL && (get_string (creator, "name") || get_string (creator, "nickname")))
      c->annotator = g_strdup (get_string (creator, "name") ? get_string (creator, "name")
                                                            : get_string (creator, "nickname"));
  }
  if (get_string (o, "created") != NULL && !(c->created = dup_time (get_string (o, "created"))))
    return fail_in (error, r, where, _("“created” is not a date and time (ISO 8601)"));
  if (get_string (o, "modified") != NULL && !(c->modified = dup_time (get_string (o, "modified"))))
    return fail_in (error, r, where, _("“modified” is not a date and time (ISO 8601)"));

  list_article (r, a);
  g_ptr_array_add (a->xdoc->claims, g_steal_pointer (&c));
  return TRUE;
}

static gboolean
read_items (Reader     *r,
            JsonNode   *items,
            GError    **error)
{
  JsonArray *array;

  if (items == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (items))
    return fail_in (error, r, NULL, _("the page's items are not a list of annotations"));
  array = json_node_get_array (items);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *e = json_array_get_element (array, i);

      if (!JSON_NODE_HOLDS_OBJECT (e))
        {
          g_autofree char *message = g_strdup_printf (_("item %u is not an annotation"), i + 1);
          return fail_in (error, r, NULL, message);
        }
      if (!read_annotation (r, json_node_get_object (e), error))
        return FALSE;
    }
  return TRUE;
}

/* A member that is absent or a string; anything else refuses the file. */

/* attest:categories: the taxonomy the claims' categories need, parent
 * first, for the categories the database lacks. Checked here for form;
 * the shared import checks them as the Categories editor does. */
static gboolean
read_categories (Reader    *r,
                 JsonNode  *node,
                 GError   **error)
{
  g_autoptr(GHashTable) keys = g_hash_table_new (g_str_hash, g_str_equal);
  JsonArray *array;

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return fail_in (error, r, NULL, _("the collection's attest:categories is not a list of categories"));
  array = json_node_get_array (node);
  r->categories = g_ptr_array_new_with_free_func ((GDestroyNotify) attest_exchange_category_free);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *e = json_array_get_element (array, i);
      g_autofree char *where = g_strdup_printf (_("category %u"), i + 1);
      g_autoptr(AttestExchangeCategory) category = NULL;
      const char *key, *label, *parent, *description;
      JsonNode *retired;
      JsonObject *o;

      if (!JSON_NODE_HOLDS_OBJECT (e))
        return fail_in (error, r, where, _("not a category (an object)"));
      o = json_node_get_object (e);
      if (!get_optional_string (r, o, "attest:key", where, &key, error) ||
          !get_optional_string (r, o, "value", where, &label, error) ||
          !get_optional_string (r, o, "attest:parent", where, &parent, error) ||
          !get_optional_string (r, o, "attest:description", where, &description, error))
        return FALSE;
      if (key == NULL || !attest_category_key_is_valid (key))
        {
          g_autofree char *message =
            g_strdup_printf (_("the category “%s” cannot be a category key (letters, digits and hyphens, "
                               "starting with a letter)"), key ? key : "");

          return fail_in (error, r, where, message);
        }
      if (!g_hash_table_add (keys, (gpointer) key))
        {
          g_autofree char *message = g_strdup_printf (_("the category %s is listed twice"), key);

          return fail_in (error, r, where, message);
        }
      retired = json_object_get_member (o, "attest:retired");
      if (retired != NULL &&
          (!JSON_NODE_HOLDS_VALUE (retired) || json_node_get_value_type (retired) != G_TYPE_BOOLEAN))
        return fail_in (error, r, where, _("its attest:retired is not true or false"));
      category = attest_exchange_category_new (r->name, key);
      category->label = label && *label ? g_strdup (label) : NULL;
      category->parent_key = g_strdup (parent);
      category->description = g_strdup (description);
      category->retired = retired != NULL && json_node_get_boolean (retired);
      category->where = g_steal_pointer (&where);
      g_ptr_array_add (r->categories, g_steal_pointer (&category));
    }
  return TRUE;
}

static gboolean
read_root (Reader   *r,
           JsonNode *root,
           GError  **error)
{
  JsonObject *o;

  if (JSON_NODE_HOLDS_ARRAY (root))
    return read_items (r, root, error);
  if (!JSON_NODE_HOLDS_OBJECT (root))
    return fail_in (error, r, NULL, _("the file holds no annotation, page or collection"));
  o = json_node_get_object (root);

  if (has_type (o, "AnnotationCollection"))
    {
      JsonNode *first = json_object_get_member (o, "first");
      g_autoptr(GPtrArray) articles = objects_of (json_object_get_member (o, "attest:articles"));

      for (guint i = 0; i < articles->len; i++)
        {
          g_autofree char *where = g_strdup_printf (_("article %u"), i + 1);

          if (!read_carried (r, g_ptr_array_index (articles, i), where, error))
            return FALSE;
        }
      if (!read_categories (r, json_object_get_member (o, "attest:categories"), error))
        return FALSE;
      if (first != NULL && !JSON_NODE_HOLDS_OBJECT (first))
        return fail_in (error, r, NULL, _("the collection's first page is not in the file; "
                                          "only pages embedded in it are read"));
      /* Later pages only when embedded too: nothing is fetched. */
      for (o = first ? json_node_get_object (first) : NULL; o != NULL; o = get_object (o, "next"))
        if (!read_items (r, json_object_get_member (o, "items"), error))
          return FALSE;
      return TRUE;
    }
  if (has_type (o, "AnnotationPage"))
    return read_items (r, json_object_get_member (o, "items"), error);
  if (has_type (o, "Annotation") || json_object_has_member (o, "target"))
    return read_annotation (r, o, error);
  return fail_in (error, r, NULL, _("the file holds no annotation, page or collection"));
}

/* Parses and places everything; the documents to write, in order. */
static GPtrArray *
parse (const char  *data,
       gsize        length,
       const char  *name,
       AttestStore *store,
       GPtrArray  **out_categories,
       GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local = NULL;
  g_autoptr(GDateTime) t = g_date_time_new_now_utc ();
  GPtrArray *docs = NULL;
  Reader r = {
    .name = name,
    .store = store,
  };
  gboolean ok;

  if (!check_bytes (data, length, name, error))
    return NULL;
  if (!json_parser_load_from_data (parser, data, length, &local))
    {
      /* json-glib names the input "<data>": the file's name goes there. */
      g_autofree char *message = dup_shown (local->message, 600);

      if (g_str_has_prefix (message, "<data>:"))
        g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_FORMAT, "%s:%s", name, message + strlen ("<data>:"));
      else
        g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_FORMAT, "%s: %s", name, message);
      return NULL;
    }
  if (json_parser_get_root (parser) == NULL)
    {
      fail_at (error, name, 0, _("the file is empty"));
      return NULL;
    }

  r.now = g_date_time_format (t, "%Y-%m-%dT%H:%M:%SZ");
  r.by_sha = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) article_free);
  r.by_iri = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  r.order = g_ptr_array_new ();
  r.claim_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  ok = read_root (&r, json_parser_get_root (parser), error);
  if (ok && r.order->len == 0)
    ok = fail_in (error, &r, NULL, _("the file holds no annotation and no article"));
  if (ok)
    {
      docs = g_ptr_array_new_with_free_func ((GDestroyNotify) attest_exchange_doc_free);
      for (guint i = 0; i < r.order->len; i++)
        {
          Article *a = g_ptr_array_index (r.order, i);

          g_ptr_array_add (docs, g_steal_pointer (&a->xdoc));
        }
      if (out_categories != NULL)
        *out_categories = g_steal_pointer (&r.categories);
    }

  g_free (r.now);
  g_ptr_array_unref (r.order);
  g_clear_pointer (&r.db_full, g_ptr_array_unref);
  g_clear_pointer (&r.db_docs, g_ptr_array_unref);
  g_hash_table_unref (r.by_iri);
  g_hash_table_unref (r.claim_ids);
  g_hash_table_unref (r.by_sha);
  g_clear_pointer (&r.categories, g_ptr_array_unref);
  return docs;
}

/**
 * attest_web_annotation_check:
 * @data: the file's bytes (no NUL needed at the end)
 * @length: their length
 * @name: the file's name, for messages
 * @error: return location for a #GError, or %NULL
 *
 * Returns: %TRUE if an import into an empty database would place every
 *   annotation
 */
gboolean
attest_web_annotation_check (const char  *data,
                             gsize        length,
                             const char  *name,
                             GError     **error)
{
  g_autoptr(GPtrArray) docs = NULL;

  if (length > ATTEST_WEB_ANNOTATION_MAX_BYTES)
    return fail_at (error, name, 0, _("larger than a Web Annotation file may be"));
  if (!(docs = parse (data, length, name, NULL, NULL, error)))
    return FALSE;
  return attest_exchange_check (docs, error);
}

/**
 * attest_web_annotation_import:
 * @store: an #AttestStore
 * @file: a Web Annotation JSON-LD file
 * @out_counts: (out caller-allocates) (optional): what was imported
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError, or %NULL
 *
 * Everything is read and placed before anything is written; then one
 * transaction adds it all. On error nothing is imported and the message
 * names the file and the annotation (or line).
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */
gboolean
attest_web_annotation_import (AttestStore        *store,
                              GFile              *file,
                              AttestImportCounts *out_counts,
                              GCancellable       *cancellable,
                              GError            **error)
{
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GPtrArray) docs = NULL;
  g_autoptr(GPtrArray) categories = NULL;
  g_autofree char *base = NULL;
  g_autofree char *name = NULL;
  g_autofree char *data = NULL;
  gsize length = 0;

  g_return_val_if_fail (ATTEST_IS_STORE (store), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  base = g_file_get_basename (file);
  name = g_filename_display_name (base);
  /* A link is not followed, and the size is known before reading. */
  if (!(info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE "," G_FILE_ATTRIBUTE_STANDARD_TYPE,
                                  G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, cancellable, error)))
    return FALSE;
  if (g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR)
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_IO, _("%s: not a regular file"), name);
      return FALSE;
    }
  if (g_file_info_get_size (info) > ATTEST_WEB_ANNOTATION_MAX_BYTES)
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_TOO_LARGE,
                   _("%s: %" PRId64 " bytes, larger than the %" PRId64 " a Web Annotation file may have"),
                   name, (int64_t) g_file_info_get_size (info), (int64_t) ATTEST_WEB_ANNOTATION_MAX_BYTES);
      return FALSE;
    }
  if (!g_file_load_contents (file, cancellable, &data, &length, NULL, error))
    return FALSE;
  /* The file may have grown since it was measured. */
  if (length > ATTEST_WEB_ANNOTATION_MAX_BYTES)
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_TOO_LARGE, _("%s: larger than a Web Annotation file may be"),
                   name);
      return FALSE;
    }
  if (!(docs = parse (data, length, name, store, &categories, error)))
    return FALSE;
  return attest_exchange_import_with_categories (store, categories, docs, out_counts, cancellable, error);
}
