/* attest-cli-common.c — what every command shares: errors as exit codes, the
 * JSON and text of the model objects, and the options read as spans and filters. */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "attest-cli-private.h"

int
exit_code_for (const GError *error)
{
  /* A file or folder named on the command line that is missing, of the
   * wrong kind or closed to us is bad input, as the README says; a full
   * disk is the disk's. */
  if (error != NULL && error->domain == G_IO_ERROR)
    switch (error->code)
      {
      case G_IO_ERROR_NOT_FOUND:
      case G_IO_ERROR_EXISTS:
      case G_IO_ERROR_IS_DIRECTORY:
      case G_IO_ERROR_NOT_DIRECTORY:
      case G_IO_ERROR_NOT_EMPTY:
      case G_IO_ERROR_NOT_REGULAR_FILE:
      case G_IO_ERROR_NOT_SYMBOLIC_LINK:
      case G_IO_ERROR_FILENAME_TOO_LONG:
      case G_IO_ERROR_INVALID_FILENAME:
      case G_IO_ERROR_TOO_MANY_LINKS:
      case G_IO_ERROR_PERMISSION_DENIED:
        return EXIT_BAD_INPUT;
      case G_IO_ERROR_NO_SPACE:
        return EXIT_UNAVAILABLE;
      default:
        return EXIT_FAILED;
      }
  if (error == NULL || error->domain != ATTEST_ERROR)
    return EXIT_FAILED;

  switch ((AttestError) error->code)
    {
    case ATTEST_ERROR_NOT_FOUND:
      return EXIT_NOT_FOUND;
    case ATTEST_ERROR_INVALID:
    case ATTEST_ERROR_IO:
    case ATTEST_ERROR_EMPTY:
    case ATTEST_ERROR_BINARY:
    case ATTEST_ERROR_ENCODING:
    case ATTEST_ERROR_TOO_LARGE:
    case ATTEST_ERROR_FORMAT:
    case ATTEST_ERROR_DUPLICATE:
      return EXIT_BAD_INPUT;
    case ATTEST_ERROR_NOT_OURS:
    case ATTEST_ERROR_NEWER_SCHEMA:
    case ATTEST_ERROR_CORRUPT:
    case ATTEST_ERROR_UNSAFE:
      return EXIT_DATABASE;
    case ATTEST_ERROR_READ_ONLY:
      return EXIT_READ_ONLY;
    case ATTEST_ERROR_CONFLICT:
      return EXIT_CONFLICT;
    case ATTEST_ERROR_BUSY:
    case ATTEST_ERROR_UNREACHABLE:
    case ATTEST_ERROR_FULL:
    case ATTEST_ERROR_DISK:
      return EXIT_UNAVAILABLE;
    case ATTEST_ERROR_FAILED:
    default:
      return EXIT_FAILED;
    }
}

/* @text for a terminal: messages quote what the user typed or a file
 * held, and a control character there (an escape sequence) must not
 * reach the terminal as one; bad UTF-8 is shown as U+FFFD. */
char *
dup_printable (const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text ? text : "", -1);
  GString *out = g_string_sized_new (strlen (valid));

  for (const char *p = valid; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iscntrl (c) && c != '\n' && c != '\t')
        g_string_append_printf (out, "\\x%02x", c);
      else
        g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

int
fail (const GError *error)
{
  g_autofree char *message = dup_printable (error->message);

  g_printerr ("attest-cli: %s\n", message);
  return exit_code_for (error);
}

int
usage_error (const char *message)
{
  g_autofree char *shown = dup_printable (message);

  g_printerr ("attest-cli: %s\n", shown);
  g_printerr (_("Run “attest-cli --help” for the list of commands.\n"));
  return EXIT_USAGE;
}

int
print_json (JsonBuilder *builder)
{
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  g_autofree char *text = NULL;

  json_generator_set_root (gen, root);
  json_generator_set_pretty (gen, TRUE);
  text = json_generator_to_data (gen, NULL);
  g_print ("%s\n", text);
  return EXIT_OK;
}

/* One model object as JSON. */
int
print_json_item (gpointer  item,
                 BuildFunc build)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  build (b, item);
  return print_json (b);
}

/* A list of model objects as a JSON array. */
int
print_json_items (GPtrArray *items,
                  BuildFunc  build)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_array (b);
  for (guint i = 0; i < items->len; i++)
    build (b, g_ptr_array_index (items, i));
  json_builder_end_array (b);
  return print_json (b);
}

void
add_string (JsonBuilder *b,
            const char  *name,
            const char  *value)
{
  json_builder_set_member_name (b, name);
  if (value)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

void
add_int (JsonBuilder *b,
         const char  *name,
         gint64       value)
{
  json_builder_set_member_name (b, name);
  json_builder_add_int_value (b, value);
}

void
build_document (JsonBuilder    *b,
                AttestDocument *d,
                gboolean        with_text)
{
  json_builder_begin_object (b);
  add_int (b, "id", d->id);
  add_string (b, "uuid", d->uuid);
  add_string (b, "title", d->title);
  add_string (b, "publication", d->publication);
  add_string (b, "volume", d->volume);
  add_string (b, "issue", d->issue);
  add_string (b, "author", d->author);
  add_string (b, "date", d->date);
  add_string (b, "origin", d->origin);
  add_string (b, "format", d->format);
  add_string (b, "encoding", d->encoding);
  add_string (b, "sha256", d->sha256);
  add_int (b, "length", d->length);
  add_int (b, "body_start", d->body_start);
  add_string (b, "imported", d->imported);
  add_int (b, "claims", d->claim_count);
  if (d->extraction != NULL)
    {
      g_autoptr(JsonNode) facts = json_from_string (d->extraction, NULL);
      g_autofree char *summary = attest_document_dup_import_summary (d);

      if (facts != NULL)
        {
          json_builder_set_member_name (b, "extraction");
          json_builder_add_value (b, g_steal_pointer (&facts));
        }
      add_string (b, "import_summary", summary);
    }
  if (with_text)
    add_string (b, "text", d->text);
  json_builder_end_object (b);
}

/* A document in a list: everything but its text. */
void
build_document_listed (JsonBuilder    *b,
                       AttestDocument *d)
{
  build_document (b, d, FALSE);
}

void
build_source (JsonBuilder  *b,
              AttestSource *s)
{
  json_builder_begin_object (b);
  add_int (b, "id", s->id);
  add_string (b, "uuid", s->uuid);
  add_string (b, "document", s->document_uuid);
  add_string (b, "outlet", s->outlet);
  add_string (b, "canonical", s->canonical);
  add_string (b, "place", s->place);
  add_string (b, "date_text", s->date_text);
  add_string (b, "when", s->when);
  add_string (b, "url", s->url);
  add_string (b, "title", s->title);
  add_string (b, "reliability", s->reliability);
  add_int (b, "citations", s->citation_count);
  add_int (b, "claims", s->claim_count);
  json_builder_end_object (b);
}

void
build_citation (JsonBuilder    *b,
                AttestCitation *c)
{
  json_builder_begin_object (b);
  add_string (b, "uuid", c->uuid);
  add_string (b, "kind", attest_citation_kind_to_string (c->kind));
  add_int (b, "start", c->start);
  add_int (b, "end", c->end);
  add_string (b, "text", c->text);
  json_builder_set_member_name (b, "closes_paragraph");
  json_builder_add_boolean_value (b, c->closes_paragraph);
  add_int (b, "cover_start", c->cover_start);
  add_int (b, "cover_end", c->cover_end);
  json_builder_set_member_name (b, "source");
  build_source (b, c->source);
  json_builder_end_object (b);
}

void
build_claim (JsonBuilder *b,
             AttestClaim *c)
{
  json_builder_begin_object (b);
  add_int (b, "id", c->id);
  add_string (b, "uuid", c->uuid);
  add_string (b, "document", c->document_uuid);
  add_int (b, "start", c->start);
  add_int (b, "end", c->end);
  add_string (b, "quote", c->quote);
  add_string (b, "category", c->category);
  add_string (b, "annotator", c->annotator);
  add_string (b, "status", c->status);
  add_string (b, "certainty", c->certainty);
  add_string (b, "comment", c->comment);
  add_string (b, "created", c->created);
  add_string (b, "modified", c->modified);
  add_int (b, "version", c->version);
  json_builder_set_member_name (b, "sources");
  json_builder_begin_array (b);
  for (guint i = 0; i < c->source_uuids->len; i++)
    json_builder_add_string_value (b, g_ptr_array_index (c->source_uuids, i));
  json_builder_end_array (b);
  json_builder_end_object (b);
}

const char *
or_dash (const char *s)
{
  return s && *s ? s : "—";
}

char *
short_id (const char *uuid)
{
  return g_strndup (uuid, 8);
}

static gboolean
parse_range (const char *text,
             gint64     *start,
             gint64     *end)
{
  g_auto(GStrv) parts = g_strsplit (text, ":", 3);

  if (g_strv_length (parts) != 2 ||
      !g_ascii_string_to_signed (parts[0], 10, 0, G_MAXINT64, start, NULL) ||
      !g_ascii_string_to_signed (parts[1], 10, 0, G_MAXINT64, end, NULL))
    return FALSE;
  return TRUE;
}

/* --range START:END, character offsets; EXIT_OK or a usage error. */
int
range_option (Cli    *cli,
              gint64 *start,
              gint64 *end)
{
  if (!parse_range (cli->opts->range, start, end))
    return usage_error (_("--range takes START:END, character offsets"));
  return EXIT_OK;
}

/* The claims, sources and statistics a command works on: --document,
 * --category, --annotator and --status. */
AttestClaimFilter
claim_filter (Cli *cli)
{
  AttestClaimFilter filter = {
    .document = cli->opts->document,
    .category = cli->opts->category,
    .annotator = cli->opts->annotator,
    .status = cli->opts->status,
  };

  return filter;
}

void
print_claim (AttestClaim *c)
{
  g_autofree char *id = short_id (c->uuid);
  g_autofree char *doc = short_id (c->document_uuid);

  g_print ("%s  doc %s  %" G_GINT64_FORMAT ":%" G_GINT64_FORMAT "  %s  %s  %s%s%s\n",
           id, doc, c->start, c->end, c->category, c->status, c->annotator,
           c->certainty ? "  certainty " : "", c->certainty ? c->certainty : "");
  g_print ("    “%s”\n", c->quote);
  if (c->comment)
    g_print ("    %s: %s\n", _("comment"), c->comment);
  for (guint i = 0; i < c->source_uuids->len; i++)
    {
      g_autofree char *s = short_id (g_ptr_array_index (c->source_uuids, i));
      g_print ("    %s %s\n", _("source"), s);
    }
}

int
print_one_claim (Cli         *cli,
                 AttestClaim *claim)
{
  if (cli->opts->json)
    return print_json_item (claim, (BuildFunc) build_claim);
  print_claim (claim);
  return EXIT_OK;
}

/* The span --quote [--occurrence N] or --range START:END names in the
 * document cli->args[0]. */
int
text_range (Cli        *cli,
            const char *command,
            gint64     *start,
            gint64     *end)
{
  g_autoptr(GError) error = NULL;

  if ((cli->opts->quote == NULL) == (cli->opts->range == NULL))
    {
      g_autofree char *message = g_strdup_printf (_("%s needs either --quote or --range"), command);

      return usage_error (message);
    }

  if (cli->opts->range)
    return range_option (cli, start, end);
  else
    {
      g_autoptr(AttestDocument) doc = attest_store_get_document (cli->store, cli->args[0], &error);
      int n = cli->opts->occurrence;

      if (doc == NULL)
        return fail (error);
      *start = -1;
      for (int i = 0, from = 0; i < n; i++)
        {
          *start = attest_document_find (doc, cli->opts->quote, from);
          if (*start < 0)
            break;
          from = *start + 1;
        }
      if (*start < 0)
        {
          g_printerr (_("attest-cli: the text “%s” does not occur in the document%s\n"),
                      cli->opts->quote, n > 1 ? _(" that many times") : "");
          return EXIT_BAD_INPUT;
        }
      *end = *start + g_utf8_strlen (cli->opts->quote, -1);
    }
  return EXIT_OK;
}
