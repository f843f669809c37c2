/* attest-format-uima.c — UIMA CAS JSON export and import.
 *
 * What it owns: the CAS JSON format (see attest-format-uima.h) and the
 * conversion between UTF-16 offsets and code points. Export reads through
 * the same store functions as brat's, inside one read snapshot; import
 * parses every file completely (after bounding its size and nesting) and
 * hands the claims to attest_exchange_import().
 */
#include "config.h"

#include "attest-format-uima.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "attest-article-reader.h"
#include "attest-claim.h"
#include "attest-category.h"
#include "attest-document.h"
#include "attest-error.h"
#include "attest-rules.h"
#include "attest-exchange.h"
#include "attest-export-folder.h"
#include "attest-json-guard.h"
#include "attest-store-bulk.h"
#include "attest-text-index.h"

#define TYPE_SOFA       "uima.cas.Sofa"
#define TYPE_ANNOTATION "uima.tcas.Annotation"
#define TYPE_DOCUMENT   "uima.tcas.DocumentAnnotation"
#define TYPE_STRINGS    "uima.cas.StringArray"
#define TYPE_STRING     "uima.cas.String"
#define TYPE_METADATA   "de.tudarmstadt.ukp.dkpro.core.api.metadata.type.DocumentMetaData"
#define TYPE_CLAIM      "webanno.custom.Claim"
#define CUSTOM_PREFIX   "webanno.custom."
#define INITIAL_VIEW    "_InitialView"

/* One remembered position every this many characters. */
#define CHECKPOINT_EVERY 256

/* ---------------------------------------------------------------------- */
/* UTF-16 offsets                                                         */
/* ---------------------------------------------------------------------- */

/* A text with the byte and UTF-16 offsets of its characters findable. */
typedef struct {
  const char *text;
  gsize       length;   /* bytes */
  gint64      n_chars;
  gint64      n_units;  /* UTF-16 code units */
  GArray     *bytes;    /* gsize: byte offset of every CHECKPOINT_EVERY-th character */
  GArray     *units;    /* gint64: its UTF-16 offset */
} Utf16Index;

static inline int
utf16_width (const char *p)
{
  return (guchar) *p >= 0xF0 ? 2 : 1;  /* a 4-byte sequence: U+10000 and above */
}

static void
utf16_index_init (Utf16Index *ix,
                  const char *text,
                  gsize       length)
{
  gint64 n = 0, u = 0;

  ix->text = text;
  ix->length = length;
  ix->bytes = g_array_new (FALSE, FALSE, sizeof (gsize));
  ix->units = g_array_new (FALSE, FALSE, sizeof (gint64));
  for (const char *p = text; p < text + length; p = g_utf8_next_char (p), n++)
    {
      if (n % CHECKPOINT_EVERY == 0)
        {
          gsize at = p - text;

          g_array_append_val (ix->bytes, at);
          g_array_append_val (ix->units, u);
        }
      u += utf16_width (p);
    }
  ix->n_chars = n;
  ix->n_units = u;
}

static void
utf16_index_clear (Utf16Index *ix)
{
  g_clear_pointer (&ix->bytes, g_array_unref);
  g_clear_pointer (&ix->units, g_array_unref);
}

/* @offset must be 0 … n_chars. */
static const char *
utf16_index_pointer (const Utf16Index *ix,
                     gint64            offset)
{
  const char *p;

  if (offset == ix->n_chars)
    return ix->text + ix->length;
  p = ix->text + g_array_index (ix->bytes, gsize, offset / CHECKPOINT_EVERY);
  return g_utf8_offset_to_pointer (p, offset % CHECKPOINT_EVERY);
}

/* @offset must be 0 … n_chars. */
static gint64
utf16_index_to_units (const Utf16Index *ix,
                      gint64            offset)
{
  gint64 k = offset / CHECKPOINT_EVERY;
  const char *p;
  gint64 u;

  if (offset == ix->n_chars)
    return ix->n_units;
  p = ix->text + g_array_index (ix->bytes, gsize, k);
  u = g_array_index (ix->units, gint64, k);
  for (gint64 i = k * CHECKPOINT_EVERY; i < offset; i++, p = g_utf8_next_char (p))
    u += utf16_width (p);
  return u;
}

/* -1 past the end or inside a surrogate pair. */
static gint64
utf16_index_from_units (const Utf16Index *ix,
                        gint64            units)
{
  guint lo = 0, hi;
  const char *p;
  gint64 u, n;

  if (units < 0 || units > ix->n_units)
    return -1;
  if (units == ix->n_units)
    return ix->n_chars;
  /* The last checkpoint at or before @units. */
  hi = ix->units->len;
  while (hi - lo > 1)
    {
      guint mid = (lo + hi) / 2;

      if (g_array_index (ix->units, gint64, mid) <= units)
        lo = mid;
      else
        hi = mid;
    }
  p = ix->text + g_array_index (ix->bytes, gsize, lo);
  u = g_array_index (ix->units, gint64, lo);
  n = (gint64) lo * CHECKPOINT_EVERY;
  while (u < units)
    {
      u += utf16_width (p);
      p = g_utf8_next_char (p);
      n++;
    }
  return u == units ? n : -1;
}

/**
 * attest_uima_to_utf16:
 * @text: UTF-8 text
 * @offset: a code point offset, at most the text's length
 *
 * Returns: the UTF-16 offset of the same place
 */
gint64
attest_uima_to_utf16 (const char *text,
                      gint64      offset)
{
  Utf16Index ix;
  gint64 units;

  utf16_index_init (&ix, text, strlen (text));
  units = utf16_index_to_units (&ix, CLAMP (offset, 0, ix.n_chars));
  utf16_index_clear (&ix);
  return units;
}

/**
 * attest_uima_from_utf16:
 * @text: UTF-8 text
 * @units: a UTF-16 offset
 *
 * Returns: the code point offset of the same place, or -1 if there is none
 */
gint64
attest_uima_from_utf16 (const char *text,
                        gint64      units)
{
  Utf16Index ix;
  gint64 offset;

  utf16_index_init (&ix, text, strlen (text));
  offset = utf16_index_from_units (&ix, units);
  utf16_index_clear (&ix);
  return offset;
}

/* ---------------------------------------------------------------------- */
/* Export                                                                 */
/* ---------------------------------------------------------------------- */

typedef struct {
  AttestStore             *store;
  const AttestClaimFilter *filter;
  AttestExportFolder      *out;
  GCancellable            *cancellable;
  AttestProgressFunc       progress;
  gpointer                 progress_data;
  GHashTable              *outside;    /* uuid → AttestExchangeSource, for the whole export */
  GHashTable              *local;      /* uuid → AttestExchangeSource, of the current document */
  GHashTable              *labels;     /* category key → its label */
  GPtrArray               *taxonomy;   /* AttestCategory, the database's */
  AttestExportCounts       counts;
} UimaWriter;

/* Claims in text order, the longer first, then by what the file holds:
 * the same claims give the same file whatever order they were read in. */
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
      (c = g_strcmp0 (x->comment, y->comment)) != 0 ||
      (c = g_strcmp0 (x->annotator, y->annotator)) != 0 ||
      (c = g_strcmp0 (x->uuid, y->uuid)) != 0)
    return c;
  return *(const guint *) a < *(const guint *) b ? -1 : *(const guint *) a > *(const guint *) b;
}

static void
add_string (JsonBuilder *b,
            const char  *name,
            const char  *value)
{
  if (value == NULL)
    return;
  json_builder_set_member_name (b, name);
  json_builder_add_string_value (b, value);
}

static void
add_int (JsonBuilder *b,
         const char  *name,
         gint64       value)
{
  json_builder_set_member_name (b, name);
  json_builder_add_int_value (b, value);
}

static void
add_feature (JsonBuilder *b,
             const char  *name,
             const char  *range)
{
  json_builder_set_member_name (b, name);
  json_builder_begin_object (b);
  add_string (b, "%NAME", name);
  add_string (b, "%RANGE", range);
  json_builder_end_object (b);
}

static void
add_types (JsonBuilder *b)
{
  static const char * const features[] = {
    "category", "categoryLabel", "status", "certainty", "comment", "annotator", "uuid", "created", "modified",
  };

  json_builder_set_member_name (b, "%TYPES");
  json_builder_begin_object (b);

  json_builder_set_member_name (b, TYPE_METADATA);
  json_builder_begin_object (b);
  add_string (b, "%NAME", TYPE_METADATA);
  add_string (b, "%SUPER_TYPE", TYPE_DOCUMENT);
  add_feature (b, "documentTitle", TYPE_STRING);
  add_feature (b, "documentId", TYPE_STRING);
  json_builder_end_object (b);

  json_builder_set_member_name (b, TYPE_CLAIM);
  json_builder_begin_object (b);
  add_string (b, "%NAME", TYPE_CLAIM);
  add_string (b, "%SUPER_TYPE", TYPE_ANNOTATION);
  for (guint i = 0; i < G_N_ELEMENTS (features); i++)
    add_feature (b, features[i], TYPE_STRING);
  add_feature (b, "sources", TYPE_STRINGS);
  add_feature (b, "sourceDetails", TYPE_STRINGS);
  add_feature (b, "categoryDetails", TYPE_STRINGS);
  json_builder_end_object (b);

  json_builder_end_object (b);
}

/* Opens a uima.cas.StringArray feature structure @id at its elements;
 * the caller adds the strings and ends the array and the object. */
static void
begin_string_array (JsonBuilder *b,
                    gint64       id)
{
  json_builder_begin_object (b);
  add_int (b, "%ID", id);
  add_string (b, "%TYPE", TYPE_STRINGS);
  json_builder_set_member_name (b, "%ELEMENTS");
  json_builder_begin_array (b);
}

/* The claim's feature structure (id @id), and after it, if it has
 * sources, the array of their labels (id @id + 1), which INCEpTION shows,
 * and the array of their ids and fields (id @id + 2), one JSON object
 * each, in the same order. Returns the ids used. */
static gint64
add_claim (UimaWriter           *self,
           JsonBuilder          *b,
           const Utf16Index     *ix,
           const AttestClaimRow *c,
           gint64                id,
           gint64                details)
{
  g_autoptr(GPtrArray) sources = attest_exchange_link_sources (c, self->local, self->outside);

  json_builder_begin_object (b);
  add_int (b, "%ID", id);
  add_string (b, "%TYPE", TYPE_CLAIM);
  add_int (b, "@sofa", 1);
  add_int (b, "begin", utf16_index_to_units (ix, c->start));
  add_int (b, "end", utf16_index_to_units (ix, c->end));
  add_string (b, "category", c->category);
  add_string (b, "categoryLabel", g_hash_table_lookup (self->labels, c->category));
  add_string (b, "status", c->status);
  add_string (b, "certainty", c->certainty);
  if (c->comment != NULL && *c->comment != '\0')
    add_string (b, "comment", c->comment);
  add_string (b, "annotator", c->annotator);
  add_string (b, "uuid", c->uuid);
  add_string (b, "created", c->created);
  add_string (b, "modified", c->modified);
  if (sources->len > 0)
    {
      add_int (b, "@sources", id + 1);
      add_int (b, "@sourceDetails", id + 2);
    }
  add_int (b, "@categoryDetails", details);
  json_builder_end_object (b);
  if (sources->len == 0)
    return 1;

  begin_string_array (b, id + 1);
  for (guint k = 0; k < sources->len; k++)
    json_builder_add_string_value (b, ((AttestExchangeSource *) g_ptr_array_index (sources, k))->label);
  json_builder_end_array (b);
  json_builder_end_object (b);

  begin_string_array (b, id + 2);
  for (guint k = 0; k < sources->len; k++)
    {
      g_autofree char *details = attest_exchange_source_to_json (g_ptr_array_index (sources, k));

      json_builder_add_string_value (b, details);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  return 3;
}

/* How many feature structures add_claim() writes for @c. */
static gint64
claim_size (UimaWriter           *self,
            const AttestClaimRow *c)
{
  g_autoptr(GPtrArray) sources = attest_exchange_link_sources (c, self->local, self->outside);

  return sources->len > 0 ? 3 : 1;
}

/* One category's details as a flat JSON object, as
 * attest_uima_category_from_json() reads them. */
static char *
dup_category_json (AttestCategory *c)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (b);
  add_string (b, "key", c->key);
  add_string (b, "label", c->label);
  add_string (b, "parent", c->parent_key);
  if (c->description != NULL && *c->description != '\0')
    add_string (b, "description", c->description);
  if (c->retired)
    {
      json_builder_set_member_name (b, "retired");
      json_builder_add_boolean_value (b, TRUE);
    }
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  return json_generator_to_data (gen, NULL);
}

/* The array a category's claims point to by @categoryDetails: the
 * category and its parents, the topmost first, so that an import makes a
 * parent before its child. */
static void
add_category_details (UimaWriter  *self,
                      JsonBuilder *b,
                      const char  *key,
                      gint64       id)
{
  g_autoptr(GPtrArray) chain = g_ptr_array_new ();

  for (AttestCategory *c = attest_category_find (self->taxonomy, key);
       c != NULL && chain->len <= self->taxonomy->len;
       c = attest_category_find (self->taxonomy, c->parent_key))
    g_ptr_array_insert (chain, 0, c);
  begin_string_array (b, id);
  for (guint k = 0; k < chain->len; k++)
    {
      g_autofree char *json = dup_category_json (g_ptr_array_index (chain, k));

      json_builder_add_string_value (b, json);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
}

static gboolean
write_document (AttestDocument *doc,
                guint           index,
                guint           total,
                gpointer        user_data,
                GError        **error)
{
  UimaWriter *self = user_data;
  g_autoptr(AttestClaimBatch) batch = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) gen = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GArray) members = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree guint *order = NULL;
  g_autofree char *name = NULL;
  g_autofree char *file_name = NULL;
  g_autofree char *json = NULL;
  Utf16Index ix;
  gsize length = 0;
  gint64 id = 3;
  gboolean ok;

  if (g_cancellable_set_error_if_cancelled (self->cancellable, error))
    return FALSE;

  g_hash_table_remove_all (self->local);
  if (!attest_exchange_collect_sources (self->store, doc->id, self->local, error) ||
      !(batch = attest_store_collect_claims (self->store, doc->id, self->filter, error)))
    return FALSE;
  order = g_new (guint, batch->claims->len);
  for (guint i = 0; i < batch->claims->len; i++)
    order[i] = i;
  g_qsort_with_data (order, batch->claims->len, sizeof (guint), compare_claims, batch->claims->data);

  name = attest_export_folder_dup_name (self->out, doc);
  utf16_index_init (&ix, doc->text, strlen (doc->text));

  json_builder_begin_object (b);
  add_types (b);

  json_builder_set_member_name (b, "%FEATURE_STRUCTURES");
  json_builder_begin_array (b);
  json_builder_begin_object (b);
  add_int (b, "%ID", 1);
  add_string (b, "%TYPE", TYPE_SOFA);
  add_int (b, "sofaNum", 1);
  add_string (b, "sofaID", INITIAL_VIEW);
  add_string (b, "mimeType", "text");
  add_string (b, "sofaString", doc->text);
  json_builder_end_object (b);

  json_builder_begin_object (b);
  add_int (b, "%ID", 2);
  add_string (b, "%TYPE", TYPE_METADATA);
  add_int (b, "@sofa", 1);
  add_int (b, "begin", 0);
  add_int (b, "end", ix.n_units);
  add_string (b, "documentTitle", doc->title && *doc->title ? doc->title : name);
  add_string (b, "documentId", name);
  json_builder_end_object (b);
  {
    gint64 metadata = 2;

    g_array_append_val (members, metadata);
  }

  {
    /* Each category's details once, after the claims: ids of the claims
     * and their sources stay as they were before categories travelled. */
    g_autoptr(GHashTable) details = g_hash_table_new (g_str_hash, g_str_equal);
    g_autoptr(GPtrArray) keys = g_ptr_array_new ();
    gint64 next = id;

    for (guint i = 0; i < batch->claims->len; i++)
      next += claim_size (self, &g_array_index (batch->claims, AttestClaimRow, order[i]));
    for (guint i = 0; i < batch->claims->len; i++)
      {
        const AttestClaimRow *c = &g_array_index (batch->claims, AttestClaimRow, order[i]);
        gint64 at;

        if (!g_hash_table_contains (details, c->category))
          {
            g_hash_table_insert (details, (gpointer) c->category, GSIZE_TO_POINTER (next + keys->len));
            g_ptr_array_add (keys, (gpointer) c->category);
          }
        at = GPOINTER_TO_SIZE (g_hash_table_lookup (details, c->category));
        g_array_append_val (members, id);
        id += add_claim (self, b, &ix, c, id, at);
      }
    for (guint k = 0; k < keys->len; k++)
      add_category_details (self, b, g_ptr_array_index (keys, k), id + k);
  }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "%VIEWS");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, INITIAL_VIEW);
  json_builder_begin_object (b);
  add_int (b, "%SOFA", 1);
  json_builder_set_member_name (b, "%MEMBERS");
  json_builder_begin_array (b);
  for (guint i = 0; i < members->len; i++)
    json_builder_add_int_value (b, g_array_index (members, gint64, i));
  json_builder_end_array (b);
  json_builder_end_object (b);
  json_builder_end_object (b);
  json_builder_end_object (b);
  utf16_index_clear (&ix);

  root = json_builder_get_root (b);
  gen = json_generator_new ();
  json_generator_set_pretty (gen, TRUE);
  json_generator_set_indent (gen, 2);
  json_generator_set_root (gen, root);
  json = json_generator_to_data (gen, &length);
  file_name = g_strconcat (name, ".json", NULL);
  {
    g_autoptr(GString) text = g_string_new_len (json, length);

    g_string_append_c (text, '\n');
    ok = attest_export_folder_write (self->out, file_name, text->str, text->len, self->cancellable, error);
  }
  if (!ok)
    return FALSE;

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
  UimaWriter *self = user_data;

  g_clear_pointer (&self->taxonomy, g_ptr_array_unref);
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

/**
 * attest_uima_export:
 * @store: an #AttestStore
 * @filter: (nullable): which claims, or %NULL for all
 * @folder: the folder to write (a local path; created if missing, or empty)
 * @out_counts: (out caller-allocates) (optional): what was exported
 * @progress: (nullable) (scope call): called after each article
 * @progress_data: data for @progress
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError, or %NULL
 *
 * Every article the filter's document allows is written as one CAS, with
 * the claims that match the filter. The files appear once all are
 * written: on any error nothing is left behind.
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */
gboolean
attest_uima_export (AttestStore             *store,
                    const AttestClaimFilter *filter,
                    GFile                   *folder,
                    AttestExportCounts      *out_counts,
                    AttestProgressFunc       progress,
                    gpointer                 progress_data,
                    GCancellable            *cancellable,
                    GError                 **error)
{
  g_autoptr(AttestExportFolder) out = NULL;
  UimaWriter self = {
    .store = store,
    .filter = filter,
    .cancellable = cancellable,
    .progress = progress,
    .progress_data = progress_data,
  };
  gboolean ok;

  g_return_val_if_fail (ATTEST_IS_STORE (store), FALSE);
  g_return_val_if_fail (G_IS_FILE (folder), FALSE);

  if (!attest_store_check_filter (store, filter, NULL, error) ||
      !(out = attest_export_folder_open (folder, cancellable, error)))
    return FALSE;
  self.out = out;
  self.outside = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                        (GDestroyNotify) attest_exchange_source_free);
  self.local = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                      (GDestroyNotify) attest_exchange_source_free);
  self.labels = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  ok = attest_store_read_snapshot (store, write_all, &self, error);
  if (ok && self.counts.documents == 0)
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_NOT_FOUND,
                   _("Nothing to export: the database holds no article"));
      ok = FALSE;
    }
  if (ok)
    ok = attest_export_folder_commit (out, error);

  g_hash_table_unref (self.outside);
  g_hash_table_unref (self.local);
  g_hash_table_unref (self.labels);
  g_clear_pointer (&self.taxonomy, g_ptr_array_unref);
  if (ok && out_counts)
    *out_counts = self.counts;
  return ok;
}

/* ---------------------------------------------------------------------- */
/* Import: parsing                                                        */
/* ---------------------------------------------------------------------- */

/* A text for a message: at most @max characters, control characters shown
 * as escapes, so that no terminal sequence gets through. */
static char *
dup_shown_max (const char *text,
               guint       max)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *valid = g_utf8_make_valid (text, -1);
  const char *p = valid;

  for (guint n = 0; *p && n < max; p = g_utf8_next_char (p), n++)
    {
      gunichar c = g_utf8_get_char (p);

      if (c < 0x20 || c == 0x7f)
        g_string_append_printf (out, "\\x%02x", c);
      else
        g_string_append_unichar (out, c);
    }
  if (*p)
    g_string_append (out, "…");
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static char *
dup_shown (const char *text)
{
  return dup_shown_max (text, 80);
}

static gboolean
file_fail (GError    **error,
           const char *name,
           guint       line,
           const char *format,
           ...) G_GNUC_PRINTF (4, 5);

static gboolean
file_fail (GError    **error,
           const char *name,
           guint       line,
           const char *format,
           ...)
{
  g_autofree char *text = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  if (line > 0)
    g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_FORMAT, "%s:%u: %s", name, line, text);
  else
    g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_FORMAT, "%s: %s", name, text);
  return FALSE;
}

static gboolean
fs_fail (GError    **error,
         const char *name,
         gint64      id,
         const char *format,
         ...) G_GNUC_PRINTF (4, 5);

static gboolean
fs_fail (GError    **error,
         const char *name,
         gint64      id,
         const char *format,
         ...)
{
  g_autofree char *text = NULL;
  g_autofree char *where = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  where = g_strdup_printf (_("feature structure %" PRId64), (int64_t) id);
  /* As attest_exchange_import() says it: the file, the place, the fault. */
  g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_FORMAT, _("%s, %s: %s"), name, where, text);
  return FALSE;
}

typedef struct {
  const char  *name;
  JsonObject  *root;
  GHashTable  *by_id;       /* gint64 * → JsonObject (in the parser's tree) */
  GPtrArray   *order;       /* JsonObject, in file order */
  gint64       sofa;        /* the initial view's Sofa id */
  Utf16Index   raw;         /* the sofa string: what the offsets count */
  Utf16Index   stored;      /* without BOM and CR of CRLF: what Attest keeps */
  GArray      *dropped;     /* gint64: raw code point offsets left out */
  GPtrArray   *categories;  /* AttestExchangeCategory, of every file read */
  GHashTable  *by_key;      /* key → AttestExchangeCategory of @categories */
} Cas;

static gint64
object_id (JsonObject *o)
{
  JsonNode *node = json_object_get_member (o, "%ID");

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return -1;
  return json_node_get_int (node);
}

/* json-glib lets an escape such as "\ud8" through as bytes that are not
 * UTF-8: every string taken is checked. NULL is valid (absent). */
static gboolean
is_valid_string (const char *text)
{
  return text == NULL || g_utf8_validate (text, -1, NULL);
}

/* A member that is a string, or NULL. */
static const char *
get_string (JsonObject *o,
            const char *member)
{
  JsonNode *node = json_object_get_member (o, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gboolean
has_wrong_type (JsonObject *o,
                const char *member,
                GType       type)
{
  JsonNode *node = json_object_get_member (o, member);

  return node != NULL && !JSON_NODE_HOLDS_NULL (node) &&
         (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != type);
}

static gboolean
add_structure (Cas        *cas,
               JsonNode   *node,
               guint       index,
               GError    **error)
{
  JsonObject *o;
  gint64 id;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return file_fail (error, cas->name, 0, _("the feature structure at place %u of the list is not an object"),
                      index + 1);
  o = json_node_get_object (node);
  if ((id = object_id (o)) <= 0)
    return file_fail (error, cas->name, 0,
                      _("the feature structure at place %u of the list has no %%ID (a whole number from 1)"),
                      index + 1);
  if (get_string (o, "%TYPE") == NULL)
    return fs_fail (error, cas->name, id, _("it has no %%TYPE"));
  if (g_hash_table_contains (cas->by_id, &id))
    return fs_fail (error, cas->name, id, _("the id is used twice"));
  g_hash_table_insert (cas->by_id, g_memdup2 (&id, sizeof id), o);
  g_ptr_array_add (cas->order, o);
  return TRUE;
}

/* The feature structures by id, from the list (or the map keyed by id
 * that cassis also reads). */
static gboolean
collect_structures (Cas     *cas,
                    GError **error)
{
  JsonNode *node = json_object_get_member (cas->root, "%FEATURE_STRUCTURES");

  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *list = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (list); i++)
        if (!add_structure (cas, json_array_get_element (list, i), i, error))
          return FALSE;
      return TRUE;
    }
  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *map = json_node_get_object (node);
      g_autoptr(GList) keys = json_object_get_members (map);
      guint i = 0;

      for (GList *l = keys; l; l = l->next, i++)
        {
          JsonNode *fs = json_object_get_member (map, l->data);

          if (JSON_NODE_HOLDS_OBJECT (fs) && json_object_get_member (json_node_get_object (fs), "%ID") == NULL)
            {
              guint64 id;

              if (!g_ascii_string_to_unsigned (l->data, 10, 1, G_MAXINT64, &id, NULL))
                return file_fail (error, cas->name, 0, _("“%s” is not a feature structure id"), (char *) l->data);
              json_object_set_int_member (json_node_get_object (fs), "%ID", (gint64) id);
            }
          if (!add_structure (cas, fs, i, error))
            return FALSE;
        }
      return TRUE;
    }
  return file_fail (error, cas->name, 0, _("not a UIMA CAS JSON file: it has no %%FEATURE_STRUCTURES list"));
}

/* The Sofa of _InitialView: the one %VIEWS names, or the one called so. */
static JsonObject *
find_sofa (Cas     *cas,
           GError **error)
{
  JsonNode *views = json_object_get_member (cas->root, "%VIEWS");
  JsonObject *sofa = NULL;

  if (views != NULL && JSON_NODE_HOLDS_OBJECT (views))
    {
      JsonNode *view = json_object_get_member (json_node_get_object (views), INITIAL_VIEW);

      if (view != NULL && JSON_NODE_HOLDS_OBJECT (view))
        {
          JsonNode *id = json_object_get_member (json_node_get_object (view), "%SOFA");

          if (id != NULL && JSON_NODE_HOLDS_VALUE (id) && json_node_get_value_type (id) == G_TYPE_INT64)
            {
              gint64 value = json_node_get_int (id);

              sofa = g_hash_table_lookup (cas->by_id, &value);
            }
        }
    }
  for (guint i = 0; sofa == NULL && i < cas->order->len; i++)
    {
      JsonObject *o = g_ptr_array_index (cas->order, i);

      if (g_strcmp0 (get_string (o, "%TYPE"), TYPE_SOFA) == 0 &&
          g_strcmp0 (get_string (o, "sofaID"), INITIAL_VIEW) == 0)
        sofa = o;
    }
  if (sofa == NULL || g_strcmp0 (get_string (sofa, "%TYPE"), TYPE_SOFA) != 0)
    {
      file_fail (error, cas->name, 0, _("the CAS has no text: no Sofa of the view _InitialView"));
      return NULL;
    }
  if (get_string (sofa, "sofaString") == NULL)
    {
      fs_fail (error, cas->name, object_id (sofa), _("the Sofa holds no text (sofaString)"));
      return NULL;
    }
  return sofa;
}

/* "Troop deployment", "Troop_Deployment" → "troop-deployment"; NULL when
 * it cannot be a key. */
static char *
dup_key (const char *value)
{
  g_autofree char *ascii = g_str_to_ascii (value, "C");
  g_autoptr(GString) key = g_string_new (NULL);
  gboolean folded = FALSE;

  for (const char *s = value; *s; s++)
    folded |= (guchar) *s >= 0x80;
  for (const char *s = ascii; *s && key->len < 48; s++)
    {
      if (g_ascii_isalnum (*s))
        g_string_append_c (key, g_ascii_tolower (*s));
      else if (key->len > 0 && key->str[key->len - 1] != '-')
        g_string_append_c (key, '-');
    }
  while (key->len > 0 && key->str[key->len - 1] == '-')
    g_string_truncate (key, key->len - 1);
  /* "Размещение войск", "Sécurité frontière": letters a key cannot hold
   * (or none at all) give the start of the name's SHA-256 too, so that
   * two names folded alike stay two categories. */
  if (folded || !attest_category_key_is_valid (key->str))
    {
      g_autofree char *hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, value, -1);

      if (key->len == 0 || !g_ascii_isalpha (key->str[0]))
        g_string_prepend (key, key->len ? "category-" : "category");
      g_string_append_printf (key, "-%.8s", hash);
    }
  if (!attest_category_key_is_valid (key->str))
    return NULL;
  return g_string_free (g_steal_pointer (&key), FALSE);
}

static gboolean
is_timestamp (const char *text)
{
  g_autoptr(GDateTime) t = NULL;
  g_autofree char *again = NULL;

  if (text == NULL || strlen (text) != 20 || !(t = g_date_time_new_from_iso8601 (text, NULL)))
    return FALSE;
  again = g_date_time_format (t, "%Y-%m-%dT%H:%M:%SZ");
  return g_strcmp0 (again, text) == 0;
}

/* A begin or end: a whole number, inside the text, not between the
 * halves of a surrogate pair. Gives the stored code point offset. */
static gboolean
read_offset (Cas        *cas,
             JsonObject *o,
             gint64      id,
             const char *member,
             gint64     *out_raw,
             GError    **error)
{
  JsonNode *node = json_object_get_member (o, member);
  gint64 units, offset;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return fs_fail (error, cas->name, id, _("its %s is not a whole number"), member);
  units = json_node_get_int (node);
  if (units < 0)
    return fs_fail (error, cas->name, id, _("its %s %" PRId64 " is negative"), member, (int64_t) units);
  if (units > cas->raw.n_units)
    return fs_fail (error, cas->name, id,
                    g_dngettext (GETTEXT_PACKAGE,
                                 "its %s %" PRId64 " is past the end of the text (%" PRId64 " UTF-16 code unit)",
                                 "its %s %" PRId64 " is past the end of the text (%" PRId64 " UTF-16 code units)",
                                 cas->raw.n_units),
                    member, (int64_t) units, (int64_t) cas->raw.n_units);
  if ((offset = utf16_index_from_units (&cas->raw, units)) < 0)
    return fs_fail (error, cas->name, id,
                    _("its %s %" PRId64 " falls between the two halves of a character outside the Basic "
                      "Multilingual Plane (a surrogate pair)"), member, (int64_t) units);
  *out_raw = offset;
  return TRUE;
}

/* The strings of the uima.cas.StringArray a claim's feature @member
 * points to (none when it is absent or null). */
static gboolean
read_strings (Cas         *cas,
              JsonObject  *o,
              gint64       id,
              const char  *member,
              GPtrArray   *out,
              GError     **error)
{
  JsonNode *ref = json_object_get_member (o, member);
  JsonObject *array;
  JsonNode *elements;
  gint64 target;

  if (ref == NULL || JSON_NODE_HOLDS_NULL (ref))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (ref) || json_node_get_value_type (ref) != G_TYPE_INT64)
    return fs_fail (error, cas->name, id, _("its sources are not a feature structure id"));
  target = json_node_get_int (ref);
  if (target == 0)
    return TRUE;
  array = g_hash_table_lookup (cas->by_id, &target);
  if (array == NULL || g_strcmp0 (get_string (array, "%TYPE"), TYPE_STRINGS) != 0)
    return fs_fail (error, cas->name, id, _("its sources (%" PRId64 ") are not a uima.cas.StringArray of the file"),
                    (int64_t) target);
  elements = json_object_get_member (array, "%ELEMENTS");
  if (elements == NULL || JSON_NODE_HOLDS_NULL (elements))
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (elements))
    return fs_fail (error, cas->name, target, _("its %%ELEMENTS are not a list"));
  for (guint i = 0; i < json_array_get_length (json_node_get_array (elements)); i++)
    {
      JsonNode *e = json_array_get_element (json_node_get_array (elements), i);

      if (JSON_NODE_HOLDS_NULL (e))
        continue;
      if (!JSON_NODE_HOLDS_VALUE (e) || json_node_get_value_type (e) != G_TYPE_STRING)
        return fs_fail (error, cas->name, target, _("element %u is not a string"), i + 1);
      if (!is_valid_string (json_node_get_string (e)))
        return fs_fail (error, cas->name, target, _("element %u is not valid Unicode (a broken \\u escape)"), i + 1);
      g_ptr_array_add (out, (gpointer) json_node_get_string (e));
    }
  return TRUE;
}

static gboolean
read_sources (Cas                 *cas,
              JsonObject          *o,
              gint64               id,
              AttestExchangeClaim *c,
              GError             **error)
{
  const char *joined = get_string (o, "sources");
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  g_autoptr(GPtrArray) details = g_ptr_array_new ();

  if (joined != NULL && !is_valid_string (joined))
    return fs_fail (error, cas->name, id, _("its sources are not valid Unicode (a broken \\u escape)"));
  if (joined != NULL)
    {
      /* A plain string feature: one label a line. */
      g_auto(GStrv) lines = g_strsplit (joined, "\n", -1);

      for (guint i = 0; lines[i]; i++)
        if (*lines[i] != '\0')
          attest_exchange_claim_add_label (c, lines[i]);
    }
  else if (!read_strings (cas, o, id, "@sources", labels, error))
    return FALSE;
  for (guint i = 0; i < labels->len; i++)
    attest_exchange_claim_add_label (c, g_ptr_array_index (labels, i));
  /* Attest's own: each source's id and fields; the writer pairs them with
   * the labels. */
  if (!read_strings (cas, o, id, "@sourceDetails", details, error))
    return FALSE;
  for (guint i = 0; i < details->len; i++)
    {
      g_autoptr(GError) local = NULL;
      AttestExchangeSource *s = attest_exchange_source_from_json (g_ptr_array_index (details, i), &local);

      if (s == NULL)
        return fs_fail (error, cas->name, id, _("its source details, element %u: %s"), i + 1, local->message);
      g_ptr_array_add (c->sources, s);
    }
  return TRUE;
}

static gboolean
same_category (const AttestExchangeCategory *a,
               const AttestExchangeCategory *b)
{
  return g_strcmp0 (a->label, b->label) == 0 && g_strcmp0 (a->parent_key, b->parent_key) == 0 &&
         g_strcmp0 (a->description, b->description) == 0 && a->retired == b->retired;
}

/* One element of @categoryDetails: a flat object of short strings and
 * "retired": true, as the export writes it. */
static AttestExchangeCategory *
read_category (Cas         *cas,
               gint64       id,
               guint        index,
               const char  *text,
               GError     **error)
{
  static const AttestJsonGuardLimits limits = { .max_depth = 2, .max_values = 16 };
  static const char * const strings[] = { "key", "label", "parent", "description" };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local = NULL;
  g_autoptr(AttestExchangeCategory) category = NULL;
  gsize length = strlen (text);
  const char *key;
  JsonObject *o;
  JsonNode *node;

  if (length > 64 * 1024)
    {
      fs_fail (error, cas->name, id, _("its category details, element %u: longer than %d bytes"), index,
               64 * 1024);
      return NULL;
    }
  if (!attest_json_guard_check (text, length, &limits, _("a category's details"), &local) ||
      !json_parser_load_from_data (parser, text, length, &local))
    {
      fs_fail (error, cas->name, id, _("its category details, element %u: %s"), index, local->message);
      return NULL;
    }
  node = json_parser_get_root (parser);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      fs_fail (error, cas->name, id, _("its category details, element %u: not a JSON object"), index);
      return NULL;
    }
  o = json_node_get_object (node);
  /* Flat: no member is an object or a list, known or not. */
  {
    g_autoptr(GList) members = json_object_get_members (o);

    for (GList *m = members; m != NULL; m = m->next)
      {
        JsonNode *value = json_object_get_member (o, m->data);

        if (JSON_NODE_HOLDS_OBJECT (value) || JSON_NODE_HOLDS_ARRAY (value))
          {
            g_autofree char *shown = dup_shown (m->data);

            fs_fail (error, cas->name, id, _("its category details, element %u: “%s” is not a string"), index,
                     shown);
            return NULL;
          }
      }
  }
  for (guint i = 0; i < G_N_ELEMENTS (strings); i++)
    if (has_wrong_type (o, strings[i], G_TYPE_STRING))
      {
        fs_fail (error, cas->name, id, _("its category details, element %u: “%s” is not a string"), index,
                 strings[i]);
        return NULL;
      }
  if (has_wrong_type (o, "retired", G_TYPE_BOOLEAN))
    {
      fs_fail (error, cas->name, id, _("its category details, element %u: “retired” is not true or false"), index);
      return NULL;
    }
  key = get_string (o, "key");
  if (key == NULL || !attest_category_key_is_valid (key))
    {
      g_autofree char *shown = dup_shown (key ? key : "");

      fs_fail (error, cas->name, id, _("its category details, element %u: the category “%s” cannot be a category "
                                       "key (letters, digits and hyphens, starting with a letter)"), index, shown);
      return NULL;
    }
  category = attest_exchange_category_new (cas->name, key);
  if (get_string (o, "label") != NULL && *get_string (o, "label") != '\0')
    category->label = g_strdup (get_string (o, "label"));
  category->parent_key = g_strdup (get_string (o, "parent"));
  category->description = g_strdup (get_string (o, "description"));
  category->retired = json_object_has_member (o, "retired") &&
                      !JSON_NODE_HOLDS_NULL (json_object_get_member (o, "retired")) &&
                      json_object_get_boolean_member (o, "retired");
  category->where = g_strdup_printf (_("feature structure %" PRId64), (int64_t) id);
  return g_steal_pointer (&category);
}

/* Attest's own: the claim's category and its parents (@categoryDetails),
 * the topmost first, for the taxonomy the shared import makes of them.
 * The last is the claim's category; one key described twice (by two
 * claims, or two files) must be described alike. */
static gboolean
read_category_details (Cas                 *cas,
                       JsonObject          *o,
                       gint64               id,
                       AttestExchangeClaim *c,
                       GError             **error)
{
  g_autoptr(GPtrArray) details = g_ptr_array_new ();
  JsonNode *ref = json_object_get_member (o, "@categoryDetails");
  gint64 target;
  JsonObject *array;

  if (ref == NULL || JSON_NODE_HOLDS_NULL (ref))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (ref) || json_node_get_value_type (ref) != G_TYPE_INT64)
    return fs_fail (error, cas->name, id, _("its category details are not a feature structure id"));
  target = json_node_get_int (ref);
  array = g_hash_table_lookup (cas->by_id, &target);
  if (array == NULL || g_strcmp0 (get_string (array, "%TYPE"), TYPE_STRINGS) != 0)
    return fs_fail (error, cas->name, id,
                    _("its category details (%" PRId64 ") are not a uima.cas.StringArray of the file"),
                    (int64_t) target);
  if (!read_strings (cas, o, id, "@categoryDetails", details, error))
    return FALSE;
  /* Its last element is the claim's category: there must be one. */
  if (details->len == 0)
    return fs_fail (error, cas->name, id, _("its category details are empty"));
  for (guint i = 0; i < details->len; i++)
    {
      g_autoptr(AttestExchangeCategory) category = read_category (cas, id, i + 1, g_ptr_array_index (details, i),
                                                                  error);
      AttestExchangeCategory *known;

      if (category == NULL)
        return FALSE;
      if (i + 1 == details->len && g_strcmp0 (category->key, c->key) != 0)
        return fs_fail (error, cas->name, id, _("its category details end with %s, not with its category %s"),
                        category->key, c->key);
      if ((known = g_hash_table_lookup (cas->by_key, category->key)) != NULL)
        {
          if (!same_category (known, category))
            return fs_fail (error, cas->name, id,
                            _("its category details describe %s otherwise than %s, %s"), category->key,
                            known->name, known->where);
          continue;
        }
      g_hash_table_insert (cas->by_key, category->key, category);
      g_ptr_array_add (cas->categories, g_steal_pointer (&category));
    }
  return TRUE;
}

static AttestExchangeClaim *
read_claim (Cas        *cas,
            JsonObject *o,
            gboolean    own,
            GError    **error)
{
  g_autoptr(AttestExchangeClaim) c = attest_exchange_claim_new ();
  static const char * const strings[] = {
    "category", "value", "categoryLabel", "status", "certainty", "comment", "annotator", "uuid", "created", "modified",
  };
  gint64 id = object_id (o);
  const char *category = get_string (o, own ? "category" : get_string (o, "category") ? "category" : "value");
  const char *label = get_string (o, "categoryLabel");
  const char *status = get_string (o, "status");
  const char *certainty = get_string (o, "certainty");
  const char *comment = get_string (o, "comment");
  const char *uuid = get_string (o, "uuid");
  const char *annotator = get_string (o, "annotator");
  gint64 raw_start, raw_end;

  for (guint i = 0; i < G_N_ELEMENTS (strings); i++)
    {
      if (has_wrong_type (o, strings[i], G_TYPE_STRING))
        {
          fs_fail (error, cas->name, id, _("its %s is not a string"), strings[i]);
          return NULL;
        }
      if (!is_valid_string (get_string (o, strings[i])))
        {
          fs_fail (error, cas->name, id, _("its %s is not valid Unicode (a broken \\u escape)"), strings[i]);
          return NULL;
        }
    }
  if (!read_offset (cas, o, id, "begin", &raw_start, error) || !read_offset (cas, o, id, "end", &raw_end, error))
    return NULL;
  if (raw_start >= raw_end)
    {
      fs_fail (error, cas->name, id, _("its span is empty or reversed"));
      return NULL;
    }
  c->start = attest_text_to_stored (cas->dropped, raw_start);
  c->end = attest_text_to_stored (cas->dropped, raw_end);
  if (c->start >= c->end)
    {
      fs_fail (error, cas->name, id, _("its span holds only a line break"));
      return NULL;
    }
  {
    const char *from = utf16_index_pointer (&cas->stored, c->start);
    const char *to = utf16_index_pointer (&cas->stored, c->end);

    c->quote = g_strndup (from, to - from);
  }

  if (category == NULL || *category == '\0')
    {
      fs_fail (error, cas->name, id, _("it has no category"));
      return NULL;
    }
  if (attest_category_key_is_valid (category))
    c->key = g_strdup (category);
  else if ((c->key = dup_key (category)) != NULL)
    c->label = g_strdup (category);
  else
    {
      g_autofree char *shown = dup_shown (category);

      fs_fail (error, cas->name, id, _("the category “%s” cannot be a category key "
                                       "(letters, digits and hyphens, starting with a letter)"), shown);
      return NULL;
    }
  if (label != NULL && *label != '\0')
    {
      g_free (c->label);
      c->label = g_strdup (label);
    }
  if (status != NULL && !attest_claim_status_is_valid (status))
    {
      g_autofree char *shown = dup_shown (status);

      fs_fail (error, cas->name, id, _("“%s” is not a status (draft, accepted or rejected)"), shown);
      return NULL;
    }
  c->status = g_strdup (status);
  if (certainty != NULL && !attest_claim_certainty_is_valid (certainty))
    {
      g_autofree char *shown = dup_shown (certainty);

      fs_fail (error, cas->name, id, _("“%s” is not a certainty (low, medium, high or unknown)"), shown);
      return NULL;
    }
  c->certainty = g_strdup (certainty);
  if (comment != NULL && *comment != '\0')
    c->comment = g_strdup (comment);
  /* What another tool leaves out or writes otherwise is made anew. */
  if (uuid != NULL && g_uuid_string_is_valid (uuid))
    c->uuid = g_ascii_strdown (uuid, -1);
  if (annotator != NULL && *annotator != '\0')
    c->annotator = g_strdup (annotator);
  if (is_timestamp (get_string (o, "created")))
    c->created = g_strdup (get_string (o, "created"));
  if (c->created != NULL && is_timestamp (get_string (o, "modified")))
    c->modified = g_strdup (get_string (o, "modified"));
  if (!read_sources (cas, o, id, c, error) || !read_category_details (cas, o, id, c, error))
    return NULL;
  c->where = g_strdup_printf (_("feature structure %" PRId64), (int64_t) id);
  return g_steal_pointer (&c);
}

/* Spans of another custom layer are read when the CAS has no Claim. */
static gboolean
is_other_layer (JsonObject *o)
{
  return g_str_has_prefix (get_string (o, "%TYPE"), CUSTOM_PREFIX) &&
         (get_string (o, "category") != NULL || get_string (o, "value") != NULL);
}

/* The structure belongs to the initial view (or names no view). */
static gboolean
in_initial_view (Cas        *cas,
                 JsonObject *o)
{
  JsonNode *sofa = json_object_get_member (o, "@sofa");

  return sofa == NULL || !JSON_NODE_HOLDS_VALUE (sofa) || json_node_get_value_type (sofa) != G_TYPE_INT64 ||
         json_node_get_int (sofa) == cas->sofa;
}

static void
cas_clear (Cas *cas)
{
  utf16_index_clear (&cas->raw);
  utf16_index_clear (&cas->stored);
  g_clear_pointer (&cas->dropped, g_array_unref);
  g_clear_pointer (&cas->by_id, g_hash_table_unref);
  g_clear_pointer (&cas->order, g_ptr_array_unref);
}

/* The message json-glib gives, with the file's name for its "<data>". */
static gboolean
parse_error (GError    **error,
             const char *name,
             GError     *local)
{
  const char *message = local->message;
  g_autofree char *shown = NULL;

  if (g_str_has_prefix (message, "<data>:"))
    message += strlen ("<data>:");
  /* It quotes the file: bytes that are not UTF-8, control characters. */
  shown = dup_shown_max (message, 300);
  g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_FORMAT, "%s:%s", name, shown);
  return FALSE;
}

/**
 * attest_uima_parse:
 * @data: the file's bytes (no NUL needed at their end)
 * @length: their length
 * @name: the file's name, for messages and as the article's origin
 * @error: return location for a #GError, or %NULL
 *
 * Returns: (transfer full) (nullable): the article and its claims, or
 *   %NULL with @error set
 */
static AttestExchangeDoc *
parse_with_categories (const char  *data,
                       gsize        length,
                       const char  *name,
                       GPtrArray   *categories,
                       GHashTable  *by_key,
                       GError     **error);

AttestExchangeDoc *
attest_uima_parse (const char  *data,
                   gsize        length,
                   const char  *name,
                   GError     **error)
{
  g_autoptr(GPtrArray) categories = g_ptr_array_new_with_free_func ((GDestroyNotify) attest_exchange_category_free);
  g_autoptr(GHashTable) by_key = g_hash_table_new (g_str_hash, g_str_equal);

  return parse_with_categories (data, length, name, categories, by_key, error);
}

/* As attest_uima_parse(), adding the categories the file describes to
 * @categories (keyed in @by_key), which several files share. */
static AttestExchangeDoc *
parse_with_categories (const char  *data,
                       gsize        length,
                       const char  *name,
                       GPtrArray   *categories,
                       GHashTable  *by_key,
                       GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local = NULL;
  g_autoptr(AttestExchangeDoc) d = NULL;
  g_autoptr(AttestDocument) doc = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *stored = NULL;
  g_autofree char *stem = NULL;
  JsonNode *root;
  JsonObject *sofa, *header;
  const char *text;
  gboolean own = FALSE;
  Cas cas = { .name = name, .categories = categories, .by_key = by_key };

  static const AttestJsonGuardLimits limits = {
    .max_depth = ATTEST_UIMA_MAX_DEPTH, .max_values = ATTEST_UIMA_MAX_VALUES,
  };

  if (!attest_json_guard_check (data, length, &limits, name, error))
    return NULL;
  if (length >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    {
      data += 3;
      length -= 3;
    }
  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, data, length, &local))
    {
      parse_error (error, name, local);
      return NULL;
    }
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      file_fail (error, name, 0, _("not a UIMA CAS JSON file: it is not a JSON object"));
      return NULL;
    }

  cas.root = json_node_get_object (root);
  if (json_object_has_member (cas.root, "%HEADER") &&
      JSON_NODE_HOLDS_OBJECT (json_object_get_member (cas.root, "%HEADER")) &&
      (header = json_object_get_object_member (cas.root, "%HEADER")) != NULL &&
      json_object_has_member (header, "%OFFSET_ENCODING") &&
      g_strcmp0 (get_string (header, "%OFFSET_ENCODING"), "UTF-16") != 0)
    {
      const char *encoding = get_string (header, "%OFFSET_ENCODING");
      g_autofree char *shown = dup_shown (encoding ? encoding : "");

      file_fail (error, name, 0, _("offsets counted as “%s”: Attest reads UTF-16 offsets, as UIMA writes them"),
                 shown);
      return NULL;
    }
  cas.by_id = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  cas.order = g_ptr_array_new ();
  if (!collect_structures (&cas, error) || !(sofa = find_sofa (&cas, error)))
    {
      cas_clear (&cas);
      return NULL;
    }
  cas.sofa = object_id (sofa);
  text = get_string (sofa, "sofaString");
  if (!is_valid_string (text))
    {
      fs_fail (error, name, cas.sofa, _("the text is not valid Unicode (a broken \\u escape)"));
      cas_clear (&cas);
      return NULL;
    }
  if (strlen (text) > ATTEST_ARTICLE_MAX_BYTES)
    {
      fs_fail (error, name, cas.sofa, _("the text has more than the %d bytes of the largest article Attest reads"),
               ATTEST_ARTICLE_MAX_BYTES);
      cas_clear (&cas);
      return NULL;
    }
  stored = attest_text_dup_stored (text, strlen (text), &cas.dropped, NULL, NULL);
  if (*stored == '\0')
    {
      fs_fail (error, name, cas.sofa, _("the text is empty"));
      cas_clear (&cas);
      return NULL;
    }
  utf16_index_init (&cas.raw, text, strlen (text));
  utf16_index_init (&cas.stored, stored, strlen (stored));

  doc = attest_document_new ();
  attest_document_set_text (doc, stored);
  doc->uuid = g_uuid_string_random ();
  doc->format = g_strdup ("text");
  doc->encoding = g_strdup ("UTF-8");
  doc->origin = g_strdup (name);
  doc->imported = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
  attest_article_reader_parse_header (doc);
  d = attest_exchange_doc_new (name, g_steal_pointer (&doc));

  stem = g_str_has_suffix (name, ".json") ? g_strndup (name, strlen (name) - 5) : g_strdup (name);
  for (guint i = 0; i < cas.order->len; i++)
    {
      JsonObject *o = g_ptr_array_index (cas.order, i);
      const char *type = get_string (o, "%TYPE");

      own = own || g_str_equal (type, TYPE_CLAIM);
      /* The title INCEpTION shows, unless it is only the file's name. */
      if (g_str_equal (type, TYPE_METADATA) && in_initial_view (&cas, o))
        {
          const char *title = get_string (o, "documentTitle");

          if (title != NULL && *title != '\0' && g_strcmp0 (title, stem) != 0 && is_valid_string (title))
            {
              g_free (d->doc->title);
              d->doc->title = g_strdup (title);
            }
        }
    }
  for (guint i = 0; i < cas.order->len; i++)
    {
      JsonObject *o = g_ptr_array_index (cas.order, i);
      AttestExchangeClaim *c;

      if (!(own ? g_str_equal (get_string (o, "%TYPE"), TYPE_CLAIM) : is_other_layer (o)) ||
          !in_initial_view (&cas, o))
        continue;
      if (!(c = read_claim (&cas, o, own, error)))
        {
          cas_clear (&cas);
          return NULL;
        }
      g_ptr_array_add (d->claims, c);
    }
  cas_clear (&cas);
  return g_steal_pointer (&d);
}

/**
 * attest_uima_check:
 * @data: the file's bytes
 * @length: their length
 * @name: the file's name, for messages
 * @error: return location for a #GError, or %NULL
 *
 * Returns: %TRUE if an import of the file would place every claim
 */
gboolean
attest_uima_check (const char  *data,
                   gsize        length,
                   const char  *name,
                   GError     **error)
{
  g_autoptr(GPtrArray) docs = g_ptr_array_new_with_free_func ((GDestroyNotify) attest_exchange_doc_free);
  AttestExchangeDoc *d = attest_uima_parse (data, length, name, error);

  if (d == NULL)
    return FALSE;
  g_ptr_array_add (docs, d);
  return attest_exchange_check (docs, error);
}

/* ---------------------------------------------------------------------- */
/* Import: files                                                          */
/* ---------------------------------------------------------------------- */

static char *
load_limited (GFile        *file,
              gsize        *out_length,
              GCancellable *cancellable,
              GError      **error)
{
  g_autoptr(GFileInfo) info = NULL;
  g_autofree char *base = g_file_get_basename (file);
  g_autofree char *name = g_filename_display_name (base);
  char *data = NULL;

  /* A link is not followed: a folder unpacked from elsewhere could
   * otherwise bring any file of this computer into a shared database. */
  if (!(info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE "," G_FILE_ATTRIBUTE_STANDARD_TYPE,
                                  G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, cancellable, error)))
    return NULL;
  if (g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR)
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_IO, _("%s: not a regular file"), name);
      return NULL;
    }
  if (g_file_info_get_size (info) > ATTEST_UIMA_MAX_BYTES)
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_TOO_LARGE,
                   _("%s: %" PRId64 " bytes, larger than the %d a UIMA CAS JSON file may have"),
                   name, (int64_t) g_file_info_get_size (info), ATTEST_UIMA_MAX_BYTES);
      return NULL;
    }
  if (!g_file_load_contents (file, cancellable, &data, out_length, NULL, error))
    return NULL;
  /* The file may have grown since it was measured. */
  if (*out_length > ATTEST_UIMA_MAX_BYTES)
    {
      g_free (data);
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_TOO_LARGE, _("%s: larger than a UIMA CAS JSON file may be"),
                   name);
      return NULL;
    }
  return data;
}

static AttestExchangeDoc *
read_file (GFile        *file,
           GPtrArray    *categories,
           GHashTable   *by_key,
           GCancellable *cancellable,
           GError      **error)
{
  g_autofree char *base = g_file_get_basename (file);
  g_autofree char *name = g_filename_display_name (base);
  g_autofree char *data = NULL;
  gsize length = 0;

  if (!(data = load_limited (file, &length, cancellable, error)))
    return NULL;
  return parse_with_categories (data, length, name, categories, by_key, error);
}

/* The .json files of a folder (by name), or the one given. */
static GPtrArray *
collect_files (GFile        *path,
               GPtrArray    *categories,
               GCancellable *cancellable,
               GError      **error)
{
  g_autoptr(GPtrArray) docs = g_ptr_array_new_with_free_func ((GDestroyNotify) attest_exchange_doc_free);
  g_autoptr(GPtrArray) files = NULL;
  g_autoptr(GHashTable) by_key = g_hash_table_new (g_str_hash, g_str_equal);

  if (!(files = attest_exchange_list_files (path, ".json", _("a UIMA CAS JSON import reads a folder or a .json file"),
                                            cancellable, error)))
    return NULL;
  for (guint i = 0; i < files->len; i++)
    {
      AttestExchangeDoc *d;

      if (!(d = read_file (g_ptr_array_index (files, i), categories, by_key, cancellable, error)))
        return NULL;
      g_ptr_array_add (docs, d);
    }
  return g_steal_pointer (&docs);
}

/**
 * attest_uima_import:
 * @store: an #AttestStore
 * @path: a folder of CAS JSON files, or one
 * @out_counts: (out caller-allocates) (optional): what was imported
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError, or %NULL
 *
 * Every file is read and checked before anything is written; then one
 * transaction adds it all. On error nothing is imported and the message
 * names the file and the feature structure (or line).
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */
gboolean
attest_uima_import (AttestStore        *store,
                    GFile              *path,
                    AttestImportCounts *out_counts,
                    GCancellable       *cancellable,
                    GError            **error)
{
  g_autoptr(GPtrArray) docs = NULL;
  g_autoptr(GPtrArray) categories = g_ptr_array_new_with_free_func ((GDestroyNotify) attest_exchange_category_free);

  g_return_val_if_fail (ATTEST_IS_STORE (store), FALSE);
  g_return_val_if_fail (G_IS_FILE (path), FALSE);

  if (!(docs = collect_files (path, categories, cancellable, error)))
    return FALSE;
  return attest_exchange_import_with_categories (store, categories, docs, out_counts, cancellable, error);
}
