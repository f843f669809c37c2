/* attest-format-brat.c — brat standoff export and import.
 *
 * What it owns: the brat format (see attest-format-brat.h). Export reads
 * through the same store functions as the table writer, inside one read
 * snapshot; import parses every file completely and checks it against its
 * text before the one transaction that writes anything.
 */
#include "config.h"

#include "attest-format-brat.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <inttypes.h>
#include <string.h>

#include "attest-article-reader.h"
#include "attest-category.h"
#include "attest-claim.h"
#include "attest-document.h"
#include "attest-error.h"
#include "attest-exchange.h"
#include "attest-exchange-import.h"
#include "attest-export-folder.h"
#include "attest-text-index.h"
#include "attest-rules.h"
#include "attest-source.h"
#include "attest-store-bulk.h"

/* Fragments further apart than this are not one span split at line
 * breaks (blank lines and indentation); the export refuses a claim across
 * more, which its import would refuse. */
#define MAX_GAP 4096
/* A text at the offsets this much longer than the line says is refused
 * without being copied; a shorter one is shown in the message. */
#define SIZE_SLACK 4096

/* ---------------------------------------------------------------------- */
/* Shared                                                                 */
/* ---------------------------------------------------------------------- */

static void
append_escaped (GString    *out,
                const char *text)
{
  for (const char *p = text; *p; p++)
    switch (*p)
      {
      case '\\': g_string_append (out, "\\\\"); break;
      case '\n': g_string_append (out, "\\n"); break;
      case '\r': g_string_append (out, "\\r"); break;
      case '\t': g_string_append (out, "\\t"); break;
      default: g_string_append_c (out, *p);
      }
}

static char *
unescape (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p; p++)
    {
      if (*p != '\\' || p[1] == '\0')
        {
          g_string_append_c (out, *p);
          continue;
        }
      p++;
      switch (*p)
        {
        case 'n': g_string_append_c (out, '\n'); break;
        case 'r': g_string_append_c (out, '\r'); break;
        case 't': g_string_append_c (out, '\t'); break;
        case '\\': g_string_append_c (out, '\\'); break;
        default: g_string_append_c (out, '\\'); g_string_append_c (out, *p);
        }
    }
  return g_string_free (out, FALSE);
}

/* A text for a message: at most @max characters, valid UTF-8, line
 * breaks, tabs and other controls shown as escapes, so that an invisible
 * difference shows and no terminal sequence gets through. */
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
        {
          if (c == '\n' || c == '\r' || c == '\t')
            append_escaped (out, (char[]) { (char) c, 0 });
          else
            g_string_append_printf (out, "\\x%02x", c);
        }
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
is_line_break (gunichar c)
{
  return c == '\n' || c == '\r';
}

/* ---------------------------------------------------------------------- */
/* Export                                                                 */
/* ---------------------------------------------------------------------- */

typedef struct {
  AttestStore             *store;
  const AttestClaimFilter *filter;
  AttestExportFolder      *out;        /* staged, in place once complete */
  GCancellable            *cancellable;
  AttestProgressFunc       progress;
  gpointer                 progress_data;
  GHashTable              *outside;    /* uuid → AttestExchangeSource, for the whole export */
  GHashTable              *local;      /* uuid → AttestExchangeSource, of the current document */
  GTree                   *categories; /* keys used, sorted */
  AttestExportCounts       counts;
} BratWriter;

/* The claim's span as brat wants it: fragments that stop at line breaks,
 * and their texts joined by a space. */
static gboolean
append_span (GString              *ann,
             AttestDocument       *doc,
             const AttestClaimRow *c,
             GError              **error)
{
  g_autoptr(GString) text = g_string_new (NULL);
  const char *p = c->quote;
  gint64 offset = c->start;
  gint64 frag_start = -1;
  gint64 frag_end = -1;
  gboolean any = FALSE;

  for (;; p = g_utf8_next_char (p), offset++)
    {
      gunichar ch = *p ? g_utf8_get_char (p) : 0;
      gboolean breaks = ch == 0 || is_line_break (ch);

      if (breaks && frag_start >= 0)
        {
          g_string_append_printf (ann, "%s%" G_GINT64_FORMAT " %" G_GINT64_FORMAT,
                                  any ? ";" : "", frag_start, offset);
          any = TRUE;
          frag_start = -1;
          frag_end = offset;
        }
      if (ch == 0)
        break;
      if (!breaks)
        {
          if (frag_start < 0)
            {
              if (any && offset - frag_end > MAX_GAP)
                {
                  g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID,
                               _("The claim %s of “%s” cannot be written in brat: it runs over more than %d "
                                 "line breaks in a row"),
                               c->uuid, doc->title ? doc->title : doc->uuid, MAX_GAP);
                  return FALSE;
                }
              if (any)
                g_string_append_c (text, ' ');
              frag_start = offset;
            }
          g_string_append_unichar (text, ch);
        }
    }
  if (!any || offset != c->end)
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID,
                   _("The claim %s of “%s” cannot be written in brat: its quote is only line breaks"),
                   c->uuid, doc->title ? doc->title : doc->uuid);
      return FALSE;
    }
  g_string_append_c (ann, '\t');
  g_string_append_len (ann, text->str, text->len);
  g_string_append_c (ann, '\n');
  return TRUE;
}

/* Claims in text order, the longer first; claims of one span by what the
 * files hold (category, status, certainty, comment), not by id: ids are
 * not exported, so a round trip must come back in the same order. */
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
  return *(const guint *) a < *(const guint *) b ? -1 : *(const guint *) a > *(const guint *) b;
}

static gboolean
write_document (AttestDocument *doc,
                guint           index,
                guint           total,
                gpointer        user_data,
                GError        **error)
{
  BratWriter *self = user_data;
  g_autoptr(AttestClaimBatch) batch = NULL;
  g_autoptr(GString) ann = g_string_new (NULL);
  g_autofree char *name = NULL;
  g_autofree char *txt_name = NULL;
  g_autofree char *ann_name = NULL;
  g_autofree guint *order = NULL;
  guint attr = 0;
  guint note = 0;

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
  for (guint i = 0; i < batch->claims->len; i++)
    {
      const AttestClaimRow *c = &g_array_index (batch->claims, AttestClaimRow, order[i]);
      g_autoptr(GPtrArray) sources = NULL;

      g_tree_insert (self->categories, (gpointer) g_intern_string (c->category), NULL);
      g_string_append_printf (ann, "T%u\t%s ", i + 1, c->category);
      if (!append_span (ann, doc, c, error))
        return FALSE;
      g_string_append_printf (ann, "A%u\tStatus T%u %s\n", ++attr, i + 1, c->status);
      if (c->certainty != NULL)
        g_string_append_printf (ann, "A%u\tCertainty T%u %s\n", ++attr, i + 1, c->certainty);
      if (c->comment != NULL && *c->comment != '\0')
        {
          g_string_append_printf (ann, "#%u\tAnnotatorNotes T%u\t", ++note, i + 1);
          append_escaped (ann, c->comment);
          g_string_append_c (ann, '\n');
        }
      /* The label, which brat shows; then its id and fields, which an
       * import needs to tell two sources of one label apart. */
      sources = attest_exchange_link_sources (c, self->local, self->outside);
      for (guint k = 0; k < sources->len; k++)
        {
          const AttestExchangeSource *s = g_ptr_array_index (sources, k);
          g_autofree char *details = attest_exchange_source_to_json (s);

          g_string_append_printf (ann, "#%u\tSource T%u\t", ++note, i + 1);
          append_escaped (ann, s->label);
          g_string_append_printf (ann, "\n#%u\tAttestSource T%u\t", ++note, i + 1);
          append_escaped (ann, details);
          g_string_append_c (ann, '\n');
        }
    }

  name = attest_export_folder_dup_name (self->out, doc);
  txt_name = g_strconcat (name, ".txt", NULL);
  ann_name = g_strconcat (name, ".ann", NULL);
  if (!attest_export_folder_write (self->out, txt_name, doc->text, strlen (doc->text), self->cancellable, error) ||
      !attest_export_folder_write (self->out, ann_name, ann->str, ann->len, self->cancellable, error))
    return FALSE;

  self->counts.documents++;
  self->counts.claims += batch->claims->len;
  if (self->progress)
    self->progress (index + 1, total, self->progress_data);
  return TRUE;
}

static gboolean
add_category_line (gpointer key,
                   gpointer value,
                   gpointer user_data)
{
  g_string_append_printf (user_data, "%s\n", (const char *) key);
  return FALSE;
}

static gboolean
write_all (AttestStore *store,
           gpointer     user_data,
           GError     **error)
{
  BratWriter *self = user_data;
  g_autoptr(GString) conf = g_string_new ("# Written by Attest: the claim categories and their attributes.\n"
                                          "[entities]\n");

  if (!attest_exchange_collect_sources (store, 0, self->outside, error) ||
      !attest_store_foreach_document (store, self->filter, write_document, self, error))
    return FALSE;

  g_tree_foreach (self->categories, add_category_line, conf);
  g_string_append (conf, "\n[relations]\n\n<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>\n"
                         "\n[events]\n\n[attributes]\n\n"
                         "Status\tArg:<ENTITY>, Value:draft|accepted|rejected\n"
                         "Certainty\tArg:<ENTITY>, Value:low|medium|high|unknown\n");
  return attest_export_folder_write (self->out, "annotation.conf", conf->str, conf->len, self->cancellable, error);
}

/**
 * attest_brat_export:
 * @store: an #AttestStore
 * @filter: (nullable): which claims, or %NULL for all
 * @folder: the folder to write (a local path; created if missing, or empty)
 * @out_counts: (out caller-allocates) (optional): what was exported
 * @progress: (nullable) (scope call): called after each article
 * @progress_data: data for @progress
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError, or %NULL
 *
 * Every article the filter's document allows is written, with the claims
 * that match the filter (none is an empty .ann). The folder appears once
 * complete: on any error nothing is left behind.
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */
gboolean
attest_brat_export (AttestStore             *store,
                    const AttestClaimFilter *filter,
                    GFile                   *folder,
                    AttestExportCounts      *out_counts,
                    AttestProgressFunc       progress,
                    gpointer                 progress_data,
                    GCancellable            *cancellable,
                    GError                 **error)
{
  BratWriter self = {
    .store = store,
    .filter = filter,
    .cancellable = cancellable,
    .progress = progress,
    .progress_data = progress_data,
  };
  g_autoptr(AttestExportFolder) out = NULL;
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
  self.categories = g_tree_new ((GCompareFunc) strcmp);

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
  g_tree_unref (self.categories);
  if (ok && out_counts)
    *out_counts = self.counts;
  return ok;
}

/* ---------------------------------------------------------------------- */
/* Import: parsing                                                        */
/* ---------------------------------------------------------------------- */

typedef struct {
  char      *id;          /* "T1" */
  guint      line;
  char      *type;        /* as written */
  char      *key;         /* the category key it becomes */
  gint64     start;       /* in the stored text */
  gint64     end;
  char      *quote;       /* the stored text at start … end */
  char      *status;
  char      *certainty;
  GString   *comment;
  GPtrArray *sources;     /* labels */
  char      *uuid;
} BratClaim;

typedef struct {
  char           *name;   /* "article.ann", for messages */
  AttestDocument *doc;
  GPtrArray      *claims; /* BratClaim */
} BratDoc;

static void
brat_claim_free (BratClaim *c)
{
  g_free (c->id);
  g_free (c->type);
  g_free (c->key);
  g_free (c->quote);
  g_free (c->status);
  g_free (c->certainty);
  if (c->comment)
    g_string_free (c->comment, TRUE);
  g_ptr_array_unref (c->sources);
  g_free (c->uuid);
  g_free (c);
}

static void
brat_doc_free (BratDoc *d)
{
  g_free (d->name);
  g_clear_object (&d->doc);
  g_ptr_array_unref (d->claims);
  g_free (d);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BratDoc, brat_doc_free)

typedef struct {
  const char *name;       /* of the .ann, for messages */
  AttestTextIndex *raw;     /* the .txt as it is: what brat's offsets count */
  AttestTextIndex *stored;  /* without BOM and CR of CRLF: what Attest keeps */
  GArray     *dropped;    /* gint64: raw offsets of the characters left out */
  GHashTable *by_id;      /* "T1" → BratClaim (owned by claims) */
  GHashTable *ids;        /* every id seen */
  GHashTable *attributes; /* "T1 Status" seen */
  GPtrArray  *claims;
} Parser;

static gboolean
parse_fail (GError    **error,
            const char *name,
            guint       line,
            const char *format,
            ...) G_GNUC_PRINTF (4, 5);

static gboolean
parse_fail (GError    **error,
            const char *name,
            guint       line,
            const char *format,
            ...)
{
  g_autofree char *text = NULL;
  g_autofree char *message = NULL;
  g_autofree char *shown = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  /* What the file says is quoted in the message: never a terminal's
   * control sequence, nor a line of megabytes. */
  message = line > 0 ? g_strdup_printf ("%s:%u: %s", name, line, text) : g_strdup_printf ("%s: %s", name, text);
  g_set_error_literal (error, ATTEST_ERROR, ATTEST_ERROR_FORMAT, shown = dup_shown_max (message, 600));
  return FALSE;
}

/* Digits only: no sign, no space, no overflow, at most the text's length. */
static gboolean
parse_offset (Parser     *p,
              guint       line,
              const char *text,
              gint64     *out,
              GError    **error)
{
  guint64 value;

  if (*text == '\0' || strspn (text, "0123456789") != strlen (text))
    return parse_fail (error, p->name, line, _("“%s” is not an offset (a number of characters from 0)"), text);
  if (!g_ascii_string_to_unsigned (text, 10, 0, G_MAXINT64, &value, NULL) ||
      value > (guint64) attest_text_index_n_chars (p->raw))
    return parse_fail (error, p->name, line,
                       g_dngettext (GETTEXT_PACKAGE, "the offset %s is past the end of the text (%" PRId64 " character)",
                                    "the offset %s is past the end of the text (%" PRId64 " characters)",
                                    attest_text_index_n_chars (p->raw)),
                       text, (int64_t) attest_text_index_n_chars (p->raw));
  *out = (gint64) value;
  return TRUE;
}

/* "troop-deployment", "Troop_deployment" or "Troop deployment" → a key. */
static char *
dup_key (const char *type)
{
  GString *key = g_string_new (NULL);

  for (const char *s = type; *s; s++)
    {
      if (g_ascii_isalnum (*s))
        g_string_append_c (key, g_ascii_tolower (*s));
      else if (*s == '-' || *s == '_' || *s == ' ')
        g_string_append_c (key, '-');
      else
        {
          g_string_free (key, TRUE);
          return NULL;
        }
    }
  return g_string_free (key, FALSE);
}

static gboolean
parse_text_bound (Parser     *p,
                  guint       line,
                  char      **fields,
                  GError    **error)
{
  g_auto(GStrv) head = NULL;
  g_auto(GStrv) fragments = NULL;
  g_autoptr(GString) expected = g_string_new (NULL);
  BratClaim *c;
  g_autoptr(GArray) spans = NULL;
  const char *discontinuous = _("%s is a discontinuous span with text between its fragments: "
                                "a claim is one stretch of text");
  gint64 first = -1, last = -1;
  gsize size = 0;
  gsize given;

  if (fields[1] == NULL || fields[2] == NULL)
    return parse_fail (error, p->name, line, _("a text-bound annotation needs an id, a type with offsets, and its text, "
                                                "separated by tabs"));
  head = g_strsplit (fields[1], " ", 2);
  if (head[0] == NULL || *head[0] == '\0' || head[1] == NULL)
    return parse_fail (error, p->name, line, _("“%s” is not a type followed by offsets"), fields[1]);
  given = strlen (fields[2]);

  /* The texts of the fragments must make up the text field, so their
   * sizes are summed before anything is copied: no line makes the import
   * copy much more of the text than the line's own length. */
  fragments = g_strsplit (head[1], ";", -1);
  spans = g_array_new (FALSE, FALSE, sizeof (gint64));
  for (guint i = 0; fragments[i]; i++)
    {
      g_auto(GStrv) pair = g_strsplit (fragments[i], " ", -1);
      gint64 start, end;

      if (g_strv_length (pair) != 2)
        return parse_fail (error, p->name, line, _("“%s” is not a start and an end offset"), fragments[i]);
      if (!parse_offset (p, line, pair[0], &start, error) || !parse_offset (p, line, pair[1], &end, error))
        return FALSE;
      if (start >= end)
        return parse_fail (error, p->name, line, _("the span %s–%s is empty or reversed"), pair[0], pair[1]);
      if (last >= 0 && start < last)
        return parse_fail (error, p->name, line, _("the fragments of %s overlap or are out of order"), fields[0]);
      if (last >= 0)
        {
          /* brat splits a span at line breaks: fragments with only white
           * space between them are one claim. */
          if (start - last > MAX_GAP)
            return parse_fail (error, p->name, line, discontinuous, fields[0]);
          for (const char *s = attest_text_index_at (p->raw, last), *e = attest_text_index_at (p->raw, start); s < e;
               s = g_utf8_next_char (s))
            if (!g_unichar_isspace (g_utf8_get_char (s)))
              return parse_fail (error, p->name, line, discontinuous, fields[0]);
        }
      size += (attest_text_index_at (p->raw, end) - attest_text_index_at (p->raw, start)) + (last >= 0 ? 1 : 0);
      if (size > given + SIZE_SLACK)
        return parse_fail (error, p->name, line,
                           g_dngettext (GETTEXT_PACKAGE,
                                        "the text of %s has %" PRIu64 " byte, the text at its offsets more than %" PRIu64,
                                        "the text of %s has %" PRIu64 " bytes, the text at its offsets more than %" PRIu64,
                                        given),
                           fields[0], (uint64_t) given, (uint64_t) (given + SIZE_SLACK));
      g_array_append_val (spans, start);
      g_array_append_val (spans, end);
      if (first < 0)
        first = start;
      last = end;
    }

  for (guint i = 0; i < spans->len; i += 2)
    {
      const char *from = attest_text_index_at (p->raw, g_array_index (spans, gint64, i));
      const char *to = attest_text_index_at (p->raw, g_array_index (spans, gint64, i + 1));

      if (i > 0)
        g_string_append_c (expected, ' ');
      g_string_append_len (expected, from, to - from);
    }

  if (strcmp (expected->str, fields[2]) != 0)
    {
      g_autofree char *given = dup_shown (fields[2]);
      g_autofree char *found = dup_shown (expected->str);

      return parse_fail (error, p->name, line, _("the text “%s” of %s does not match the text at its offsets: “%s”"),
                         given, fields[0], found);
    }

  c = g_new0 (BratClaim, 1);
  c->id = g_strdup (fields[0]);
  c->line = line;
  c->type = g_strdup (head[0]);
  c->sources = g_ptr_array_new_with_free_func ((GDestroyNotify) attest_exchange_source_free);
  c->uuid = g_uuid_string_random ();
  c->start = attest_text_to_stored (p->dropped, first);
  c->end = attest_text_to_stored (p->dropped, last);
  g_ptr_array_add (p->claims, c);
  g_hash_table_insert (p->by_id, c->id, c);

  if (!(c->key = dup_key (c->type)) || !attest_category_key_is_valid (c->key))
    return parse_fail (error, p->name, line, _("the type “%s” cannot be a category key "
                                                "(letters, digits and hyphens, starting with a letter)"), c->type);
  if (c->start >= c->end)
    return parse_fail (error, p->name, line, _("the span of %s holds only a line break"), fields[0]);
  {
    const char *from = attest_text_index_at (p->stored, c->start);
    const char *to = attest_text_index_at (p->stored, c->end);

    c->quote = g_strndup (from, to - from);
  }
  return TRUE;
}

static BratClaim *
find_target (Parser     *p,
             guint       line,
             const char *target,
             GError    **error)
{
  BratClaim *c = target ? g_hash_table_lookup (p->by_id, target) : NULL;

  if (c == NULL)
    parse_fail (error, p->name, line, _("“%s” is not a text-bound annotation of this file"), target ? target : "");
  return c;
}

static gboolean
parse_attribute (Parser     *p,
                 guint       line,
                 char      **fields,
                 GError    **error)
{
  g_auto(GStrv) parts = NULL;
  g_autofree char *seen = NULL;
  BratClaim *c;

  if (fields[1] == NULL || fields[2] != NULL)
    return parse_fail (error, p->name, line, _("an attribute is an id, a tab, then its name, target and value"));
  parts = g_strsplit (fields[1], " ", -1);
  if (g_strv_length (parts) != 3)
    return parse_fail (error, p->name, line, _("“%s” is not an attribute's name, target and value"), fields[1]);
  if (!(c = find_target (p, line, parts[1], error)))
    return FALSE;
  seen = g_strconcat (parts[1], " ", parts[0], NULL);
  if (g_hash_table_contains (p->attributes, seen))
    return parse_fail (error, p->name, line, _("%s has a second %s"), parts[1], parts[0]);
  g_hash_table_add (p->attributes, g_steal_pointer (&seen));

  if (g_str_equal (parts[0], "Status"))
    {
      if (!attest_claim_status_is_valid (parts[2]))
        return parse_fail (error, p->name, line, _("“%s” is not a status (draft, accepted or rejected)"), parts[2]);
      g_free (c->status);
      c->status = g_strdup (parts[2]);
    }
  else if (g_str_equal (parts[0], "Certainty"))
    {
      if (!attest_claim_certainty_is_valid (parts[2]))
        return parse_fail (error, p->name, line, _("“%s” is not a certainty (low, medium, high or unknown)"), parts[2]);
      g_free (c->certainty);
      c->certainty = g_strdup (parts[2]);
    }
  else
    return parse_fail (error, p->name, line, _("the attribute “%s” has no place in Attest (only Status and Certainty)"),
                       parts[0]);
  return TRUE;
}

static gboolean
parse_note (Parser     *p,
            guint       line,
            char      **fields,
            GError    **error)
{
  g_auto(GStrv) parts = NULL;
  g_autofree char *text = NULL;
  BratClaim *c;

  if (fields[1] == NULL || fields[2] == NULL)
    return parse_fail (error, p->name, line, _("a note is an id, its type and target, and its text, separated by tabs"));
  parts = g_strsplit (fields[1], " ", -1);
  if (g_strv_length (parts) != 2)
    return parse_fail (error, p->name, line, _("“%s” is not a note's type and target"), fields[1]);
  if (!(c = find_target (p, line, parts[1], error)))
    return FALSE;
  text = unescape (fields[2]);

  if (g_str_equal (parts[0], "AnnotatorNotes"))
    {
      if (c->comment == NULL)
        c->comment = g_string_new (text);
      else
        g_string_append_printf (c->comment, "\n%s", text);
    }
  else if (g_str_equal (parts[0], "Source"))
    {
      if (*text == '\0')
        return parse_fail (error, p->name, line, _("the Source note names no source"));
      AttestExchangeSource *s = g_new0 (AttestExchangeSource, 1);

      s->label = g_steal_pointer (&text);
      /* Its fields' faults name this note's line, not the claim's. */
      s->where = g_strdup_printf (_("line %u"), line);
      g_ptr_array_add (c->sources, s);
    }
  else if (g_str_equal (parts[0], "AttestSource"))
    {
      g_autoptr(GError) local = NULL;
      AttestExchangeSource *s = attest_exchange_source_from_json (text, &local);

      if (s == NULL)
        return parse_fail (error, p->name, line, "%s", local->message);
      s->where = g_strdup_printf (_("line %u"), line);
      g_ptr_array_add (c->sources, s);
    }
  else
    return parse_fail (error, p->name, line, _("the note type “%s” has no place in Attest "
                                                "(only AnnotatorNotes, Source and AttestSource)"), parts[0]);
  return TRUE;
}

static gboolean
parse_line (Parser *p,
            guint   line,
            char   *text,
            GError **error)
{
  g_auto(GStrv) fields = g_strsplit (text, "\t", 3);
  const char *id = fields[0];

  if (*id == '\0' || !g_ascii_isdigit (id[1]) || strspn (id + 1, "0123456789") != strlen (id + 1))
    return parse_fail (error, p->name, line, _("“%s” does not start with an annotation id such as T1"),
                       id);
  if (g_hash_table_contains (p->ids, id))
    return parse_fail (error, p->name, line, _("the id %s is used twice"), id);
  g_hash_table_add (p->ids, g_strdup (id));

  switch (id[0])
    {
    case 'T':
      return parse_text_bound (p, line, fields, error);
    case 'A':
    case 'M':
      return parse_attribute (p, line, fields, error);
    case '#':
      return parse_note (p, line, fields, error);
    case 'R':
    case 'E':
    case '*':
      return parse_fail (error, p->name, line, _("relations and events (%s) have no place in Attest: "
                                                  "only text-bound annotations become claims"), id);
    default:
      return parse_fail (error, p->name, line, _("“%s” is not a kind of annotation Attest reads"), id);
    }
}

/* The first line holding a byte that is not UTF-8, or a NUL. */
static guint
bad_line (const char *data,
          gsize       length)
{
  const char *end = NULL;
  guint line = 1;

  g_utf8_validate_len (data, length, &end);
  if (memchr (data, '\0', end - data))
    end = memchr (data, '\0', end - data);
  for (const char *s = data; s < end; s++)
    if (*s == '\n')
      line++;
  return line;
}

static gboolean
is_text (const char *data,
         gsize       length)
{
  return g_utf8_validate_len (data, length, NULL) && memchr (data, '\0', length) == NULL;
}

/* Parses one pair completely into the document and its claims (@txt and
 * @ann need no NUL at their end). Only offsets, quotes, values and form
 * are checked: nothing is stored. */
static BratDoc *
parse_pair (const char  *txt,
            gsize        txt_len,
            const char  *ann,
            gsize        ann_len,
            const char  *name,
            GError     **error)
{
  g_autoptr(BratDoc) d = g_new0 (BratDoc, 1);
  g_autofree char *txt_name = NULL;
  g_autofree char *stored = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *now_text = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
  Parser p = { .name = name };
  gboolean bom = FALSE;
  gboolean ok = TRUE;
  guint line = 0;

  d->name = g_strdup (name);
  d->claims = g_ptr_array_new_with_free_func ((GDestroyNotify) brat_claim_free);
  txt_name = g_str_has_suffix (name, ".ann")
    ? g_strdup_printf ("%.*s.txt", (int) strlen (name) - 4, name) : g_strdup (name);

  if (!is_text (txt, txt_len))
    {
      parse_fail (error, txt_name, bad_line (txt, txt_len), _("the text is not UTF-8 (or holds a NUL byte)"));
      return NULL;
    }
  if (!is_text (ann, ann_len))
    {
      parse_fail (error, name, bad_line (ann, ann_len), _("the annotations are not UTF-8 (or hold a NUL byte)"));
      return NULL;
    }

  /* What every import keeps: no BOM, LF for CRLF. brat counted them. */
  stored = attest_text_dup_stored (txt, txt_len, &p.dropped, NULL, &bom);
  p.raw = attest_text_index_new (txt, txt_len);
  p.stored = attest_text_index_new (stored, strlen (stored));
  p.by_id = g_hash_table_new (g_str_hash, g_str_equal);
  p.ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  p.attributes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  p.claims = d->claims;

  if (*stored == '\0')
    ok = parse_fail (error, txt_name, 0, _("the text is empty"));

  /* An editor may have saved the annotations with a BOM too. */
  if (ann_len >= 3 && memcmp (ann, "\xEF\xBB\xBF", 3) == 0)
    {
      ann += 3;
      ann_len -= 3;
    }
  /* Two passes, as brat reads: attributes and notes may come before the
   * annotation they are about. */
  for (guint pass = 0; ok && pass < 2; pass++)
    {
      line = 0;
      for (const char *s = ann; ok && s < ann + ann_len;)
        {
          const char *eol = memchr (s, '\n', ann + ann_len - s);
          gsize len = (eol ? eol : ann + ann_len) - s;
          g_autofree char *text = NULL;
          gboolean about = len > 0 && (*s == 'A' || *s == 'M' || *s == '#');

          line++;
          if (len > 0 && s[len - 1] == '\r')
            len--;
          if (about != (pass == 1))
            {
              s = eol ? eol + 1 : ann + ann_len;
              continue;
            }
          text = g_strndup (s, len);
          s = eol ? eol + 1 : ann + ann_len;
          if (*text == '\0')
            continue;
          ok = parse_line (&p, line, text, error);
        }
    }

  d->doc = attest_document_new ();
  attest_document_set_text (d->doc, stored);
  d->doc->uuid = g_uuid_string_random ();
  d->doc->format = g_strdup ("text");
  d->doc->encoding = g_strdup (bom ? "UTF-8 with BOM" : "UTF-8");
  d->doc->origin = g_path_get_basename (txt_name);
  d->doc->imported = g_strdup (now_text);
  attest_article_reader_parse_header (d->doc);

  for (guint i = 0; ok && i < d->claims->len; i++)
    {
      BratClaim *c = g_ptr_array_index (d->claims, i);
      g_autoptr(GError) rule_error = NULL;
      AttestClaimRow row = {
        .uuid = c->uuid, .start = c->start, .end = c->end, .quote = c->quote,
        .category = c->key, .status = c->status ? c->status : "draft", .certainty = c->certainty,
        .comment = c->comment ? c->comment->str : NULL,
        .created = now_text, .modified = now_text, .version = 1,
      };

      if (!c->status)
        c->status = g_strdup ("draft");
      if (!attest_rules_check_claim (&row, d->doc, attest_text_index_at (p.stored, c->start), &rule_error))
        ok = parse_fail (error, name, c->line, "%s", rule_error->message);
    }

  attest_text_index_free (p.raw);
  attest_text_index_free (p.stored);
  g_array_unref (p.dropped);
  g_hash_table_unref (p.by_id);
  g_hash_table_unref (p.ids);
  g_hash_table_unref (p.attributes);
  return ok ? g_steal_pointer (&d) : NULL;
}

/* What the shared writer takes (attest-exchange-import.h). A type
 * becomes the label of a new category: "Troop_deployment" is shown as
 * "Troop deployment". */
static AttestExchangeDoc *
to_exchange (BratDoc *d)
{
  AttestExchangeDoc *out;

  if (d == NULL)
    return NULL;
  out = attest_exchange_doc_new (d->name, g_steal_pointer (&d->doc));
  for (guint i = 0; i < d->claims->len; i++)
    {
      BratClaim *c = g_ptr_array_index (d->claims, i);
      AttestExchangeClaim *x = attest_exchange_claim_new ();

      x->start = c->start;
      x->end = c->end;
      x->quote = g_steal_pointer (&c->quote);
      x->key = g_steal_pointer (&c->key);
      x->label = g_strdup (c->type);
      for (char *s = x->label; *s; s++)
        if (*s == '_' || *s == '-')
          *s = ' ';
      x->label[0] = g_ascii_toupper (x->label[0]);
      x->label_made = TRUE;
      x->status = g_steal_pointer (&c->status);
      x->certainty = g_steal_pointer (&c->certainty);
      x->comment = c->comment ? g_strdup (c->comment->str) : NULL;
      g_ptr_array_extend_and_steal (x->sources, g_steal_pointer (&c->sources));
      c->sources = g_ptr_array_new ();
      x->uuid = g_steal_pointer (&c->uuid);
      x->where = g_strdup_printf (_("line %u"), c->line);
      g_ptr_array_add (out->claims, x);
    }
  brat_doc_free (d);
  return out;
}

/**
 * attest_brat_check:
 * @txt: the text file's bytes
 * @txt_len: their length
 * @ann: the annotation file's bytes
 * @ann_len: their length
 * @name: the .ann's name, for messages
 * @error: return location for a #GError, or %NULL
 *
 * Returns: %TRUE if an import of the pair would place every annotation
 */
gboolean
attest_brat_check (const char  *txt,
                   gsize        txt_len,
                   const char  *ann,
                   gsize        ann_len,
                   const char  *name,
                   GError     **error)
{
  g_autoptr(GPtrArray) docs = g_ptr_array_new_with_free_func ((GDestroyNotify) attest_exchange_doc_free);
  AttestExchangeDoc *d = to_exchange (parse_pair (txt, txt_len, ann, ann_len, name, error));

  if (d == NULL)
    return FALSE;
  g_ptr_array_add (docs, d);
  return attest_exchange_check (docs, error);
}

/* ---------------------------------------------------------------------- */
/* Import: files and the store                                            */
/* ---------------------------------------------------------------------- */

static char *
load_limited (GFile        *file,
              goffset       limit,
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
  if (g_file_info_get_size (info) > limit)
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_TOO_LARGE,
                   _("%s: %" PRId64 " bytes, larger than the %" PRId64 " a brat file may have"),
                   name, (int64_t) g_file_info_get_size (info), (int64_t) limit);
      return NULL;
    }
  if (!g_file_load_contents (file, cancellable, &data, out_length, NULL, error))
    return NULL;
  /* The file may have grown since it was measured. */
  if ((goffset) *out_length > limit)
    {
      g_free (data);
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_TOO_LARGE, _("%s: larger than a brat file may be"), name);
      return NULL;
    }
  return data;
}

static AttestExchangeDoc *
read_pair (GFile        *ann_file,
           GCancellable *cancellable,
           GError      **error)
{
  g_autofree char *ann_name = g_file_get_basename (ann_file);
  g_autofree char *stem = g_strndup (ann_name, strlen (ann_name) - 4);
  g_autofree char *txt_base = g_strconcat (stem, ".txt", NULL);
  g_autoptr(GFile) parent = g_file_get_parent (ann_file);
  g_autoptr(GFile) txt_file = g_file_get_child (parent, txt_base);
  g_autofree char *txt = NULL;
  g_autofree char *ann = NULL;
  g_autofree char *shown = NULL;
  gsize txt_len = 0, ann_len = 0;

  if (!(ann = load_limited (ann_file, ATTEST_BRAT_MAX_ANN_BYTES, &ann_len, cancellable, error)) ||
      !(txt = load_limited (txt_file, ATTEST_ARTICLE_MAX_BYTES, &txt_len, cancellable, error)))
    return NULL;
  shown = g_filename_display_name (ann_name);
  return to_exchange (parse_pair (txt, txt_len, ann, ann_len, shown, error));
}

/* The .ann files of a folder (by name, as brat lists them), or the one given. */
static GPtrArray *
collect_pairs (GFile        *path,
               GCancellable *cancellable,
               GError      **error)
{
  g_autoptr(GPtrArray) docs = g_ptr_array_new_with_free_func ((GDestroyNotify) attest_exchange_doc_free);
  g_autoptr(GPtrArray) files = NULL;

  if (!(files = attest_exchange_list_files (path, ".ann",
                                            _("a brat import reads a folder or an .ann file (its .txt beside it)"),
                                            cancellable, error)))
    return NULL;
  for (guint i = 0; i < files->len; i++)
    {
      AttestExchangeDoc *d;

      if (!(d = read_pair (g_ptr_array_index (files, i), cancellable, error)))
        return NULL;
      g_ptr_array_add (docs, d);
    }
  return g_steal_pointer (&docs);
}

/**
 * attest_brat_import:
 * @store: an #AttestStore
 * @path: a folder of .txt and .ann pairs, or one .ann (its .txt beside it)
 * @out_counts: (out caller-allocates) (optional): what was imported
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError, or %NULL
 *
 * Every pair is read and checked before anything is written; then one
 * transaction adds it all. On error nothing is imported and the message
 * names the file and line.
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */
gboolean
attest_brat_import (AttestStore        *store,
                    GFile              *path,
                    AttestImportCounts *out_counts,
                    GCancellable       *cancellable,
                    GError            **error)
{
  g_autoptr(GPtrArray) docs = NULL;

  g_return_val_if_fail (ATTEST_IS_STORE (store), FALSE);
  g_return_val_if_fail (G_IS_FILE (path), FALSE);

  if (!(docs = collect_pairs (path, cancellable, error)))
    return FALSE;
  return attest_exchange_import (store, docs, out_counts, cancellable, error);
}

gboolean
attest_brat_is_configuration (const char *name)
{
  static const char * const names[] = { "annotation.conf", "visual.conf", "tools.conf", "kb_shortcuts.conf" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_str_equal (name, names[i]))
      return TRUE;
  return FALSE;
}
