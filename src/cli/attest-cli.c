/* attest-cli.c — the Attest model from the command line, for scripts and
 * pipelines. Every command goes through libattest; output is for people, or
 * JSON with --json. The exit code says what went wrong (see usage_text).
 */
#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>
#include <json-glib/json-glib.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "attest-agreement.h"
#include "attest-article-reader.h"
#include "attest-citation-scanner.h"
#include "attest-error.h"
#include "attest-rules.h"
#include "attest-store.h"
#include "attest-table-writer.h"
#include "attest-tei-reader.h"
#include "attest-tei-writer.h"

enum {
  EXIT_OK = 0,
  EXIT_FAILED = 1,
  EXIT_USAGE = 2,
  EXIT_NOT_FOUND = 3,
  EXIT_BAD_INPUT = 4,
  EXIT_DATABASE = 5,
  EXIT_READ_ONLY = 6,
  EXIT_CONFLICT = 7,
  EXIT_UNAVAILABLE = 8,
};

static const char usage_text[] =
  N_("Commands:\n"
     "  import FILE…                  import articles (text, HTML, TEI, PDF, DOCX, ODT, EPUB)\n"
     "  documents                     list the articles\n"
     "  show DOC                      an article: metadata, text, citations\n"
     "  set-date DOC YYYY-MM-DD       set an article's date (resolves year-less citations)\n"
     "  edit-document DOC [--title T] [--author A] [--date YYYY-MM-DD] [--outlet O]\n"
     "                                correct an article's metadata (\"\" clears a field)\n"
     "  mark-source DOC (--quote TEXT [--occurrence N] | --range START:END) --outlet O\n"
     "           [--place P] [--date D]  mark a passage as a citation of an outlet\n"
     "  remove-citation CITATION      remove a citation found wrongly\n"
     "  outlets                       the outlets known by name, with their variants; also:\n"
     "    outlets add NAME | outlets merge NAME OUTLET\n"
     "  annotate DOC --category C (--quote TEXT [--occurrence N] | --range START:END)\n"
     "           [--comment TEXT] [--certainty low|medium|high]\n"
     "  edit CLAIM [--category C] [--status S] [--certainty C] [--comment TEXT]\n"
     "  delete CLAIM                  delete a claim (kept as a tombstone in the history)\n"
     "  link CLAIM SOURCE             tie a claim to a source; unlink CLAIM SOURCE undoes it\n"
     "  suggest CLAIM                 the attribution that covers a claim\n"
     "  claims [--document D] [--category C] [--annotator A] [--status S]\n"
     "  sources [--document D]\n"
     "  add-source --outlet O [--place P] [--date D] [--url U] [--title T] [--reliability R] [--document D]\n"
     "  search QUERY [--limit N]      full-text search with snippets\n"
     "  taxonomy                      list categories; also:\n"
     "    taxonomy add KEY --label L --color #rrggbb [--shortcut N] [--parent KEY] [--description T]\n"
     "    taxonomy rename KEY LABEL | recolour KEY #rrggbb | shortcut KEY N|none\n"
     "    taxonomy retire KEY | restore KEY\n"
     "  history [CLAIM]               recorded changes\n"
     "  check                         integrity of the database\n"
     "  merge OTHER.db                bring in a teammate's copy (exit 7 if there are conflicts)\n"
     "  backup OUT.db                 a consistent copy of the live database\n"
     "  export tei|csv|jsonl -o FILE [--document D] [--status S] [--annotator A] [--category C]\n"
     "                                the corpus as TEI P5 (one article as a TEI document\n"
     "                                with --document), or one row per claim (CSV, JSON Lines)\n"
     "  import-tei FILE               read a TEI export back, all or nothing\n"
     "  agreement [--annotators A,B,…] [--category C] [--document D]\n"
     "                                inter-annotator agreement: span P/R/F1, Cohen's κ,\n"
     "                                Fleiss' κ, Krippendorff's α, agreement on sources\n"
     "  curate compare DOC [--annotators A,B,…]\n"
     "                                agreements, disagreements and one-sided claims\n"
     "  curate accept|reject CLAIM…   the curator's decision on claims\n"
     "  curate merge CLAIM… [--range START:END] [--category C]\n"
     "                                one accepted, curated claim from several\n"
     "  stats [--document D] [--category C] [--annotator A] [--status S]\n"
     "                                claims per category, annotator, document, outlet\n"
     "\n"
     "DOC, CLAIM and SOURCE are a number, an id, or the first characters of an id.\n"
     "\n"
     "Exit codes: 0 success, 1 failure, 2 usage, 3 not found, 4 bad input,\n"
     "5 database or file refused (not Attest's, newer, damaged), 6 read-only, 7 conflict,\n"
     "8 database busy, disk full or I/O error.");

typedef struct {
  char     *db_path;
  char     *annotator;
  gboolean  json;
  gboolean  read_only;
  /* Command options. */
  char     *category;
  char     *quote;
  int       occurrence;
  char     *range;
  char     *comment;
  char     *certainty;
  char     *status;
  char     *document;
  char     *label;
  char     *color;
  char     *shortcut;
  char     *parent;
  char     *description;
  char     *outlet;
  char     *place;
  char     *date;
  char     *url;
  char     *title;
  char     *author;
  char     *reliability;
  int       limit;
  gboolean  no_text;
  char     *output;
  char     *annotators;
} Options;

typedef struct {
  Options      *opts;
  AttestStore  *store;
  char        **args;  /* positional arguments after the command */
  guint         n_args;
} Cli;

static int      text_range  (Cli        *cli,
                             const char *command,
                             gint64     *start,
                             gint64     *end);
static gboolean parse_range (const char *text,
                             gint64     *start,
                             gint64     *end);

static int
exit_code_for (const GError *error)
{
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
    case ATTEST_ERROR_FULL:
    case ATTEST_ERROR_DISK:
      return EXIT_UNAVAILABLE;
    case ATTEST_ERROR_FAILED:
    default:
      return EXIT_FAILED;
    }
}

static int
fail (const GError *error)
{
  g_printerr ("attest-cli: %s\n", error->message);
  return exit_code_for (error);
}

static int
usage_error (const char *message)
{
  g_printerr ("attest-cli: %s\n", message);
  g_printerr (_("Run “attest-cli --help” for the list of commands.\n"));
  return EXIT_USAGE;
}

static int
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

static void
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

static void
add_int (JsonBuilder *b,
         const char  *name,
         gint64       value)
{
  json_builder_set_member_name (b, name);
  json_builder_add_int_value (b, value);
}

static void
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

static void
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

static void
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

static void
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

static const char *
or_dash (const char *s)
{
  return s && *s ? s : "—";
}

static char *
short_id (const char *uuid)
{
  return g_strndup (uuid, 8);
}

/* ------------------------------------------------------------- commands */

static int
cmd_import (Cli *cli)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  int status = EXIT_OK;

  if (cli->n_args == 0)
    return usage_error (_("import needs at least one file"));

  json_builder_begin_array (b);
  for (guint i = 0; i < cli->n_args; i++)
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (cli->args[i]);
      g_autoptr(AttestDocument) doc = NULL;
      g_autoptr(AttestDocument) stored = NULL;
      g_autoptr(GError) error = NULL;
      gboolean existed = FALSE;

      doc = attest_article_reader_read_file (file, NULL, &error);
      if (doc != NULL && cli->opts->date)
        {
          g_free (doc->date);
          doc->date = g_strdup (cli->opts->date);
        }
      if (doc != NULL)
        stored = attest_store_add_document (cli->store, doc, &existed, &error);

      if (stored == NULL)
        {
          g_printerr (_("attest-cli: %s: %s\n"), cli->args[i], error->message);
          if (status == EXIT_OK)
            status = exit_code_for (error);
          json_builder_begin_object (b);
          add_string (b, "file", cli->args[i]);
          add_string (b, "error", error->message);
          json_builder_end_object (b);
          continue;
        }

      if (cli->opts->json)
        {
          json_builder_begin_object (b);
          add_string (b, "file", cli->args[i]);
          add_string (b, "result", existed ? "already-imported" : "imported");
          json_builder_set_member_name (b, "document");
          build_document (b, stored, FALSE);
          json_builder_end_object (b);
        }
      else if (existed)
        g_print (_("%s: already imported as document %" PRId64 " (%s); nothing changed\n"),
                 cli->args[i], stored->id, or_dash (stored->title));
      else
        {
          g_autoptr(GPtrArray) citations = attest_store_list_citations (cli->store, stored->uuid, NULL);
          g_autofree char *summary = stored->extraction != NULL
                                     ? attest_document_dup_import_summary (stored) : NULL;

          g_print (_("%s: imported as document %" PRId64 " (%s), %" PRId64
                     " characters, %u citations\n"),
                   cli->args[i], stored->id, or_dash (stored->title), stored->length,
                   citations ? citations->len : 0);
          if (summary != NULL)
            g_print ("%s: %s\n", cli->args[i], summary);
          if (g_strcmp0 (stored->encoding, "Windows-1252") == 0)
            g_print (_("%s: note: the file is not UTF-8; it was decoded as Windows-1252\n"),
                     cli->args[i]);
        }
    }
  json_builder_end_array (b);

  if (cli->opts->json)
    print_json (b);
  return status;
}

static int
cmd_documents (Cli *cli)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) docs = attest_store_list_documents (cli->store, &error);

  if (docs == NULL)
    return fail (error);

  if (cli->opts->json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_array (b);
      for (guint i = 0; i < docs->len; i++)
        build_document (b, g_ptr_array_index (docs, i), FALSE);
      json_builder_end_array (b);
      return print_json (b);
    }

  if (docs->len == 0)
    g_print (_("No documents yet; add some with “attest-cli import FILE…”.\n"));
  for (guint i = 0; i < docs->len; i++)
    {
      AttestDocument *d = g_ptr_array_index (docs, i);
      g_autofree char *id = short_id (d->uuid);

      g_print ("%3" G_GINT64_FORMAT "  %s  %s\n", d->id, id, or_dash (d->title));
      g_print ("     %s, %s %s, %s %s; %s %s; %s %" G_GINT64_FORMAT "\n",
               or_dash (d->publication), _("vol."), or_dash (d->volume), _("issue"), or_dash (d->issue),
               _("author"), or_dash (d->author), _("claims"), d->claim_count);
    }
  return EXIT_OK;
}

static int
cmd_show (Cli *cli)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestDocument) doc = NULL;
  g_autoptr(GPtrArray) citations = NULL;

  if (cli->n_args != 1)
    return usage_error (_("show needs one document"));
  if (!(doc = attest_store_get_document (cli->store, cli->args[0], &error)) ||
      !(citations = attest_store_list_citations (cli->store, doc->uuid, &error)))
    return fail (error);

  if (cli->opts->json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "document");
      build_document (b, doc, !cli->opts->no_text);
      json_builder_set_member_name (b, "citations");
      json_builder_begin_array (b);
      for (guint i = 0; i < citations->len; i++)
        {
          build_citation (b, g_ptr_array_index (citations, i));
        }
      json_builder_end_array (b);
      json_builder_end_object (b);
      return print_json (b);
    }

  g_print ("%s:       %s\n", _("Document"), doc->uuid);
  g_print ("%s:          %s\n", _("Title"), or_dash (doc->title));
  g_print ("%s:    %s\n", _("Publication"), or_dash (doc->publication));
  g_print ("%s:  %s   %s: %s\n", _("Volume/Issue"), or_dash (doc->volume), _("issue"), or_dash (doc->issue));
  g_print ("%s:         %s\n", _("Author"), or_dash (doc->author));
  g_print ("%s:           %s\n", _("Date"), or_dash (doc->date));
  g_print ("%s:         %s (%s, %s)\n", _("Origin"), or_dash (doc->origin), doc->format, doc->encoding);
  if (doc->extraction != NULL)
    {
      g_autofree char *summary = attest_document_dup_import_summary (doc);

      g_print ("%s:         %s\n", _("Import"), summary);
    }
  g_print ("%s:         %" G_GINT64_FORMAT " %s, %s %" G_GINT64_FORMAT "\n", _("Length"),
           doc->length, _("characters"), _("body from"), doc->body_start);
  g_print ("%s:         %" G_GINT64_FORMAT "\n", _("Claims"), doc->claim_count);
  g_print ("\n%s (%u):\n", _("Citations"), citations->len);
  for (guint i = 0; i < citations->len; i++)
    {
      AttestCitation *c = g_ptr_array_index (citations, i);
      g_autofree char *id = short_id (c->source->uuid);

      g_autofree char *cid = short_id (c->uuid);

      g_print ("  %6" G_GINT64_FORMAT ":%-6" G_GINT64_FORMAT " %s %s %-11s %s %s  %s | %s | %s%s%s\n",
               c->start, c->end, _("citation"), cid, attest_citation_kind_to_string (c->kind),
               _("source"), id, c->source->outlet, or_dash (c->source->place),
               or_dash (c->source->date_text),
               c->source->when ? " → " : "", c->source->when ? c->source->when : "");
    }
  if (!cli->opts->no_text)
    g_print ("\n%s\n", doc->text);
  return EXIT_OK;
}

static int
cmd_edit_document (Cli *cli)
{
  g_autoptr(GError) error = NULL;
  const struct { const char *field; const char *value; } changes[] = {
    { "title", cli->opts->title },
    { "author", cli->opts->author },
    { "date", cli->opts->date },
    { "publication", cli->opts->outlet },
  };
  gboolean any = FALSE;

  if (cli->n_args != 1)
    return usage_error (_("edit-document needs one document"));
  for (guint i = 0; i < G_N_ELEMENTS (changes); i++)
    {
      if (changes[i].value == NULL)
        continue;
      any = TRUE;
      if (!attest_store_set_document_field (cli->store, cli->args[0], changes[i].field, changes[i].value, &error))
        return fail (error);
    }
  if (!any)
    return usage_error (_("edit-document needs --title, --author, --date or --outlet (\"\" clears one)"));
  g_print (_("Article corrected.\n"));
  return EXIT_OK;
}

static int
cmd_set_date (Cli *cli)
{
  g_autoptr(GError) error = NULL;

  if (cli->n_args != 2)
    return usage_error (_("set-date needs a document and a date (YYYY-MM-DD)"));
  if (!attest_store_set_document_date (cli->store, cli->args[0], cli->args[1], &error))
    return fail (error);
  g_print (_("Date set; year-less citations now take their year from it.\n"));
  return EXIT_OK;
}

static int
cmd_mark_source (Cli *cli)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestCitation) citation = NULL;
  gint64 start = 0, end = 0;
  int status;

  if (cli->n_args != 1)
    return usage_error (_("mark-source needs one document"));
  if (cli->opts->outlet == NULL)
    return usage_error (_("mark-source needs --outlet"));
  if ((status = text_range (cli, "mark-source", &start, &end)) != EXIT_OK)
    return status;

  citation = attest_store_mark_citation (cli->store, cli->args[0], start, end, cli->opts->outlet,
                                         cli->opts->place, cli->opts->date, &error);
  if (citation == NULL)
    return fail (error);
  if (cli->opts->json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      build_citation (b, citation);
      return print_json (b);
    }
  g_print (_("Citation %s of %s marked (source %s).\n"), citation->uuid, citation->source->outlet,
           citation->source->uuid);
  return EXIT_OK;
}

static int
cmd_remove_citation (Cli *cli)
{
  g_autoptr(GError) error = NULL;

  if (cli->n_args != 1)
    return usage_error (_("remove-citation needs one citation"));
  if (!attest_store_remove_citation (cli->store, cli->args[0], &error))
    return fail (error);
  g_print (_("Citation removed.\n"));
  return EXIT_OK;
}

static int
cmd_outlets (Cli *cli)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestOutlets) outlets = NULL;
  g_autoptr(GPtrArray) list = NULL;

  if (cli->n_args >= 1 && g_str_equal (cli->args[0], "add"))
    {
      if (cli->n_args != 2)
        return usage_error (_("outlets add needs one name"));
      if (!(outlets = attest_store_dup_outlets (cli->store, &error)))
        return fail (error);
      if (attest_outlets_lookup (outlets, cli->args[1]))
        {
          g_print (_("“%s” is known already, as %s.\n"), cli->args[1], attest_outlets_lookup (outlets, cli->args[1]));
          return EXIT_OK;
        }
      if (!attest_store_add_outlet (cli->store, cli->args[1], NULL, &error))
        return fail (error);
      g_print (_("Outlet added.\n"));
      return EXIT_OK;
    }
  if (cli->n_args >= 1 && g_str_equal (cli->args[0], "merge"))
    {
      if (cli->n_args != 3)
        return usage_error (_("outlets merge needs a name and the outlet it is a name of"));
      if (!(outlets = attest_store_dup_outlets (cli->store, &error)))
        return fail (error);
      if (attest_outlets_lookup (outlets, cli->args[1]) && attest_outlets_lookup (outlets, cli->args[2]) &&
          g_str_equal (attest_outlets_lookup (outlets, cli->args[1]), attest_outlets_lookup (outlets, cli->args[2])))
        {
          g_print (_("“%s” is a name of %s already.\n"), cli->args[1], attest_outlets_lookup (outlets, cli->args[2]));
          return EXIT_OK;
        }
      if (!attest_store_add_outlet (cli->store, cli->args[1], cli->args[2], &error))
        return fail (error);
      g_clear_object (&outlets);
      if (!(outlets = attest_store_dup_outlets (cli->store, &error)))
        return fail (error);
      g_print (_("“%s” is now a name of %s.\n"), cli->args[1], attest_outlets_lookup (outlets, cli->args[2]));
      return EXIT_OK;
    }
  if (cli->n_args != 0)
    return usage_error (_("outlets takes no argument, “add NAME” or “merge NAME OUTLET”"));

  if (!(outlets = attest_store_dup_outlets (cli->store, &error)))
    return fail (error);
  list = attest_outlets_list (outlets);
  if (cli->opts->json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_array (b);
      for (guint i = 0; i < list->len; i++)
        {
          char **names = g_ptr_array_index (list, i);

          json_builder_begin_object (b);
          add_string (b, "outlet", names[0]);
          json_builder_set_member_name (b, "variants");
          json_builder_begin_array (b);
          for (guint j = 1; names[j] != NULL; j++)
            json_builder_add_string_value (b, names[j]);
          json_builder_end_array (b);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      return print_json (b);
    }
  for (guint i = 0; i < list->len; i++)
    {
      char **names = g_ptr_array_index (list, i);
      g_autofree char *variants = g_strjoinv (", ", names + 1);

      g_print ("%s%s%s\n", names[0], *variants ? "  — " : "", variants);
    }
  return EXIT_OK;
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

static void
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

static int
print_one_claim (Cli         *cli,
                 AttestClaim *claim)
{
  if (cli->opts->json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      build_claim (b, claim);
      return print_json (b);
    }
  print_claim (claim);
  return EXIT_OK;
}

/* The span --quote [--occurrence N] or --range START:END names in the
 * document cli->args[0]. */
static int
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
    {
      if (!parse_range (cli->opts->range, start, end))
        return usage_error (_("--range takes START:END, character offsets"));
    }
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

static int
cmd_annotate (Cli *cli)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestClaim) claim = NULL;
  gint64 start = 0;
  gint64 end = 0;
  int status;

  if (cli->n_args != 1)
    return usage_error (_("annotate needs one document"));
  if (cli->opts->category == NULL)
    return usage_error (_("annotate needs --category"));
  if ((status = text_range (cli, "annotate", &start, &end)) != EXIT_OK)
    return status;

  claim = attest_store_add_claim (cli->store, cli->args[0], start, end,
                                  cli->opts->category, cli->opts->certainty,
                                  cli->opts->comment, &error);
  if (claim == NULL)
    return fail (error);

  if (!cli->opts->json)
    g_print (_("Claim %s saved.\n"), claim->uuid);
  return print_one_claim (cli, claim);
}

static int
cmd_edit (Cli *cli)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestClaim) claim = NULL;

  if (cli->n_args != 1)
    return usage_error (_("edit needs one claim"));
  if (!(claim = attest_store_get_claim (cli->store, cli->args[0], &error)))
    return fail (error);

#define REPLACE(field, value) \
  if (value) { g_free (claim->field); claim->field = g_strdup (*(value) ? (value) : NULL); }
  REPLACE (category, cli->opts->category);
  REPLACE (status, cli->opts->status);
  REPLACE (certainty, cli->opts->certainty);
  REPLACE (comment, cli->opts->comment);
#undef REPLACE

  if (!attest_store_update_claim (cli->store, claim, &error))
    return fail (error);
  g_clear_object (&claim);
  if (!(claim = attest_store_get_claim (cli->store, cli->args[0], &error)))
    return fail (error);
  return print_one_claim (cli, claim);
}

static int
cmd_delete (Cli *cli)
{
  g_autoptr(GError) error = NULL;

  if (cli->n_args != 1)
    return usage_error (_("delete needs one claim"));
  if (!attest_store_delete_claim (cli->store, cli->args[0], &error))
    return fail (error);
  g_print (_("Claim deleted.\n"));
  return EXIT_OK;
}

static int
cmd_link (Cli     *cli,
          gboolean link)
{
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (cli->n_args != 2)
    return usage_error (link ? _("link needs a claim and a source")
                             : _("unlink needs a claim and a source"));
  ok = link ? attest_store_link (cli->store, cli->args[0], cli->args[1], &error)
            : attest_store_unlink (cli->store, cli->args[0], cli->args[1], &error);
  if (!ok && g_error_matches (error, ATTEST_ERROR, ATTEST_ERROR_DUPLICATE))
    {
      /* Asking twice for the same link is not a mistake worth failing on. */
      g_print ("%s\n", error->message);
      return EXIT_OK;
    }
  if (!ok)
    return fail (error);
  g_print (link ? _("Linked.\n") : _("Unlinked.\n"));
  return EXIT_OK;
}

static int
cmd_suggest (Cli *cli)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestClaim) claim = NULL;
  g_autoptr(AttestCitation) citation = NULL;

  if (cli->n_args != 1)
    return usage_error (_("suggest needs one claim"));
  if (!(claim = attest_store_get_claim (cli->store, cli->args[0], &error)))
    return fail (error);
  citation = attest_store_suggest_citation (cli->store, claim->document_uuid,
                                            claim->start, claim->end, &error);
  if (citation == NULL && error != NULL)
    return fail (error);
  if (citation == NULL)
    {
      g_print (_("No attribution follows the claim in its paragraph.\n"));
      return EXIT_NOT_FOUND;
    }
  if (cli->opts->json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      build_source (b, citation->source);
      return print_json (b);
    }
  g_print ("%s  %s\n", citation->source->uuid, citation->text);
  return EXIT_OK;
}

static int
cmd_claims (Cli *cli)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) claims = NULL;
  AttestClaimFilter filter = {
    .document = cli->opts->document,
    .category = cli->opts->category,
    .annotator = cli->opts->annotator,
    .status = cli->opts->status,
  };

  if (!(claims = attest_store_list_claims (cli->store, &filter, &error)))
    return fail (error);

  if (cli->opts->json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_array (b);
      for (guint i = 0; i < claims->len; i++)
        build_claim (b, g_ptr_array_index (claims, i));
      json_builder_end_array (b);
      return print_json (b);
    }

  for (guint i = 0; i < claims->len; i++)
    print_claim (g_ptr_array_index (claims, i));
  g_print (ngettext ("%u claim\n", "%u claims\n", claims->len), claims->len);
  return EXIT_OK;
}

static int
cmd_sources (Cli *cli)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) sources = NULL;

  if (!(sources = attest_store_list_sources (cli->store, cli->opts->document, &error)))
    return fail (error);

  if (cli->opts->json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_array (b);
      for (guint i = 0; i < sources->len; i++)
        build_source (b, g_ptr_array_index (sources, i));
      json_builder_end_array (b);
      return print_json (b);
    }

  for (guint i = 0; i < sources->len; i++)
    {
      AttestSource *s = g_ptr_array_index (sources, i);
      g_autofree char *id = short_id (s->uuid);
      g_autofree char *label = attest_source_dup_label (s);

      g_print ("%s  %-48s  %-10s  %s %" G_GINT64_FORMAT ", %s %" G_GINT64_FORMAT "%s%s\n",
               id, label, or_dash (s->when), _("cited"), s->citation_count,
               _("claims"), s->claim_count, s->url ? "  " : "", s->url ? s->url : "");
    }
  g_print (ngettext ("%u source\n", "%u sources\n", sources->len), sources->len);
  return EXIT_OK;
}

static int
cmd_add_source (Cli *cli)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestSource) source = attest_source_new ();
  g_autoptr(AttestSource) stored = NULL;

  source->outlet = g_strdup (cli->opts->outlet);
  source->place = g_strdup (cli->opts->place);
  source->date_text = g_strdup (cli->opts->date);
  source->url = g_strdup (cli->opts->url);
  source->title = g_strdup (cli->opts->title);
  source->reliability = g_strdup (cli->opts->reliability);
  source->document_uuid = g_strdup (cli->opts->document);

  if (!(stored = attest_store_add_source (cli->store, source, &error)))
    return fail (error);

  if (cli->opts->json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      build_source (b, stored);
      return print_json (b);
    }
  g_print (_("Source %s added.\n"), stored->uuid);
  return EXIT_OK;
}

static int
cmd_search (Cli *cli)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) hits = NULL;
  g_autofree char *query = NULL;

  if (cli->n_args == 0)
    return usage_error (_("search needs a query"));
  query = g_strjoinv (" ", cli->args);
  if (!(hits = attest_store_search (cli->store, query, cli->opts->limit, &error)))
    return fail (error);

  if (cli->opts->json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_array (b);
      for (guint i = 0; i < hits->len; i++)
        {
          AttestSearchHit *hit = g_ptr_array_index (hits, i);

          json_builder_begin_object (b);
          json_builder_set_member_name (b, "document");
          build_document (b, hit->document, FALSE);
          add_string (b, "snippet", hit->snippet);
          json_builder_set_member_name (b, "rank");
          json_builder_add_double_value (b, hit->rank);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      return print_json (b);
    }

  for (guint i = 0; i < hits->len; i++)
    {
      AttestSearchHit *hit = g_ptr_array_index (hits, i);

      g_print ("%3" G_GINT64_FORMAT "  %s\n     %s\n", hit->document->id,
               or_dash (hit->document->title), hit->snippet);
    }
  g_print (ngettext ("%u document matches\n", "%u documents match\n", hits->len), hits->len);
  return EXIT_OK;
}

static int
print_taxonomy (Cli *cli)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) cats = attest_store_list_categories (cli->store, TRUE, &error);

  if (cats == NULL)
    return fail (error);

  if (cli->opts->json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_array (b);
      for (guint i = 0; i < cats->len; i++)
        {
          AttestCategory *c = g_ptr_array_index (cats, i);

          json_builder_begin_object (b);
          add_string (b, "key", c->key);
          add_string (b, "label", c->label);
          add_string (b, "description", c->description);
          add_string (b, "color", c->color);
          json_builder_set_member_name (b, "shortcut");
          if (c->shortcut >= 0)
            json_builder_add_int_value (b, c->shortcut);
          else
            json_builder_add_null_value (b);
          add_string (b, "parent", c->parent_key);
          json_builder_set_member_name (b, "retired");
          json_builder_add_boolean_value (b, c->retired);
          add_int (b, "claims", c->claim_count);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      return print_json (b);
    }

  for (guint i = 0; i < cats->len; i++)
    {
      AttestCategory *c = g_ptr_array_index (cats, i);
      char digit[2] = { c->shortcut >= 0 ? '0' + c->shortcut : ' ', 0 };

      g_print ("%s  %s  %-26s %-44s %" G_GINT64_FORMAT "%s\n", digit, c->color, c->key,
               c->label, c->claim_count, c->retired ? _("  (retired)") : "");
    }
  return EXIT_OK;
}

static int
cmd_taxonomy (Cli *cli)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestCategory) cat = NULL;
  const char *verb;

  if (cli->n_args == 0 || g_str_equal (cli->args[0], "list"))
    return print_taxonomy (cli);

  verb = cli->args[0];
  if (cli->n_args < 2)
    return usage_error (_("taxonomy: name the category key"));

  if (g_str_equal (verb, "add"))
    {
      cat = attest_category_new ();
      cat->key = g_strdup (cli->args[1]);
      cat->label = g_strdup (cli->opts->label);
      cat->color = g_strdup (cli->opts->color);
      cat->description = g_strdup (cli->opts->description);
      cat->parent_key = g_strdup (cli->opts->parent);
      gint64 digit = -1;

      if (cli->opts->shortcut &&
          !g_ascii_string_to_signed (cli->opts->shortcut, 10, 0, 9, &digit, NULL))
        return usage_error (_("--shortcut takes one digit, 0 to 9"));
      cat->shortcut = digit;
      if (!attest_store_add_category (cli->store, cat, &error))
        return fail (error);
      g_print (_("Category “%s” added.\n"), cat->key);
      return EXIT_OK;
    }

  if (!(cat = attest_store_get_category (cli->store, cli->args[1], &error)))
    return fail (error);

  if (g_str_equal (verb, "rename") && cli->n_args == 3)
    {
      g_free (cat->label);
      cat->label = g_strdup (cli->args[2]);
    }
  else if ((g_str_equal (verb, "recolour") || g_str_equal (verb, "recolor")) && cli->n_args == 3)
    {
      g_free (cat->color);
      cat->color = g_strdup (cli->args[2]);
    }
  else if (g_str_equal (verb, "shortcut") && cli->n_args == 3)
    {
      gint64 digit;

      if (g_str_equal (cli->args[2], "none"))
        cat->shortcut = -1;
      else if (g_ascii_string_to_signed (cli->args[2], 10, 0, 9, &digit, NULL))
        cat->shortcut = digit;
      else
        return usage_error (_("a shortcut is one digit, 0 to 9, or “none”"));
    }
  else if (g_str_equal (verb, "retire") && cli->n_args == 2)
    cat->retired = TRUE;
  else if (g_str_equal (verb, "restore") && cli->n_args == 2)
    cat->retired = FALSE;
  else
    return usage_error (_("taxonomy takes: list, add, rename, recolour, shortcut, retire, restore"));

  if (!attest_store_update_category (cli->store, cat, &error))
    return fail (error);
  g_print (_("Category “%s” changed.\n"), cat->key);
  return EXIT_OK;
}

static int
cmd_history (Cli *cli)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autofree char *uuid = NULL;

  if (cli->n_args > 1)
    return usage_error (_("history takes at most one claim"));
  if (cli->n_args == 1)
    {
      g_autoptr(AttestClaim) claim = attest_store_get_claim (cli->store, cli->args[0], &error);

      /* A deleted claim still has a history: fall back to the id given. */
      if (claim == NULL && !g_error_matches (error, ATTEST_ERROR, ATTEST_ERROR_NOT_FOUND))
        return fail (error);
      uuid = claim ? g_strdup (claim->uuid) : g_strdup (cli->args[0]);
      g_clear_error (&error);
    }
  if (!(entries = attest_store_list_history (cli->store, uuid, &error)))
    return fail (error);
  if (uuid && entries->len == 0)
    {
      g_printerr (_("attest-cli: no history for “%s”\n"), uuid);
      return EXIT_NOT_FOUND;
    }

  if (cli->opts->json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_array (b);
      for (guint i = 0; i < entries->len; i++)
        {
          AttestHistoryEntry *e = g_ptr_array_index (entries, i);

          json_builder_begin_object (b);
          add_string (b, "at", e->at);
          add_string (b, "annotator", e->annotator);
          add_string (b, "entity", e->entity);
          add_string (b, "entity_uuid", e->entity_uuid);
          add_string (b, "action", e->action);
          add_string (b, "field", e->field);
          add_string (b, "old", e->old_value);
          add_string (b, "new", e->new_value);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      return print_json (b);
    }

  for (guint i = 0; i < entries->len; i++)
    {
      AttestHistoryEntry *e = g_ptr_array_index (entries, i);
      g_autofree char *id = short_id (e->entity_uuid);

      g_print ("%s  %-16s %-8s %-8s %s%s%s%s%s%s\n", e->at, e->annotator, e->entity, id,
               e->action, e->field ? " " : "", e->field ? e->field : "",
               e->old_value || e->new_value ? ": " : "", or_dash (e->old_value),
               e->new_value ? " → " : "");
      if (e->new_value)
        g_print ("%*s%s\n", 0, "", e->new_value);
    }
  return EXIT_OK;
}

static int
cmd_check (Cli *cli)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) problems = NULL;

  if (attest_store_check (cli->store, &problems, &error))
    {
      g_print (_("The database is intact.\n"));
      return EXIT_OK;
    }
  if (error != NULL)
    return fail (error);

  for (guint i = 0; i < problems->len; i++)
    g_print ("%s\n", (char *) g_ptr_array_index (problems, i));
  g_printerr (ngettext ("attest-cli: %u problem found\n", "attest-cli: %u problems found\n",
                        problems->len), problems->len);
  return EXIT_DATABASE;
}

static int
cmd_export (Cli *cli)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  AttestExportCounts counts = { 0 };
  AttestClaimFilter filter = {
    .document = cli->opts->document,
    .category = cli->opts->category,
    .annotator = cli->opts->annotator,
    .status = cli->opts->status,
  };
  const char *format;
  gboolean ok;

  if (cli->n_args != 1)
    return usage_error (_("export needs a format: tei, csv or jsonl"));
  format = cli->args[0];
  if (!g_str_equal (format, "tei") && !g_str_equal (format, "csv") && !g_str_equal (format, "jsonl"))
    return usage_error (_("export writes tei, csv or jsonl"));
  if (cli->opts->output == NULL || *cli->opts->output == '\0')
    return usage_error (_("export needs the file to write: -o FILE"));

  file = g_file_new_for_commandline_arg (cli->opts->output);
  if (g_str_equal (format, "tei"))
    ok = attest_tei_writer_write_file (cli->store, &filter, file, &counts, NULL, NULL, NULL, &error);
  else
    ok = attest_table_writer_write_file (cli->store,
                                         g_str_equal (format, "csv") ? ATTEST_TABLE_FORMAT_CSV
                                                                     : ATTEST_TABLE_FORMAT_JSONL,
                                         &filter, file, &counts, NULL, NULL, NULL, &error);
  if (!ok)
    return fail (error);

  if (cli->opts->json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_object (b);
      add_string (b, "file", cli->opts->output);
      add_string (b, "format", format);
      add_int (b, "documents", counts.documents);
      add_int (b, "claims", counts.claims);
      json_builder_end_object (b);
      return print_json (b);
    }
  /* Two sentences, so that each number gets its own plural form. */
  g_print (ngettext ("Exported %u document to %s; ", "Exported %u documents to %s; ",
                     counts.documents), counts.documents, cli->opts->output);
  g_print (ngettext ("%" PRIu64 " claim.\n", "%" PRIu64 " claims.\n",
                     counts.claims), counts.claims);
  return EXIT_OK;
}

static int
cmd_import_tei (Cli *cli)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  AttestImportCounts counts = { 0 };

  if (cli->n_args != 1)
    return usage_error (_("import-tei needs one file"));

  file = g_file_new_for_commandline_arg (cli->args[0]);
  if (!attest_tei_reader_import_file (cli->store, file, &counts, NULL, NULL, NULL, &error))
    {
      g_printerr (_("attest-cli: %s; nothing was imported\n"), error->message);
      return exit_code_for (error);
    }

  if (cli->opts->json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_object (b);
      add_string (b, "file", cli->args[0]);
      add_int (b, "documents_added", counts.documents_added);
      add_int (b, "documents_existing", counts.documents_existing);
      add_int (b, "claims_added", counts.claims_added);
      add_int (b, "claims_existing", counts.claims_existing);
      add_int (b, "sources_added", counts.sources_added);
      add_int (b, "sources_existing", counts.sources_existing);
      add_int (b, "changes_added", counts.changes_added);
      add_int (b, "annotators_added", counts.annotators_added);
      add_int (b, "categories_added", counts.categories_added);
      json_builder_end_object (b);
      return print_json (b);
    }

  g_print (ngettext ("%s: %u document imported", "%s: %u documents imported",
                     counts.documents_added), cli->args[0], counts.documents_added);
  g_print (ngettext (", %" PRIu64 " claim", ", %" PRIu64 " claims",
                     counts.claims_added), counts.claims_added);
  g_print (ngettext (", %" PRIu64 " source", ", %" PRIu64 " sources",
                     counts.sources_added), counts.sources_added);
  g_print (ngettext (", %" PRIu64 " recorded change.\n",
                     ", %" PRIu64 " recorded changes.\n", counts.changes_added),
           counts.changes_added);
  if (counts.documents_existing > 0 || counts.claims_existing > 0 || counts.sources_existing > 0)
    g_print (_("Already in the database and left as they were: %u documents, %" PRIu64
               " claims, %" PRIu64 " sources.\n"),
             counts.documents_existing, counts.claims_existing, counts.sources_existing);
  return EXIT_OK;
}

static int
cmd_merge (Cli *cli)
{
  g_autoptr(GError) error = NULL;
  g_auto(AttestMergeReport) report = { 0 };

  if (cli->n_args != 1)
    return usage_error (_("merge needs the other database"));
  if (!attest_store_merge (cli->store, cli->args[0], &report, &error))
    return fail (error);

  if (cli->opts->json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_object (b);
      add_int (b, "documents_added", report.documents_added);
      add_int (b, "documents_updated", report.documents_updated);
      add_int (b, "sources_added", report.sources_added);
      add_int (b, "categories_added", report.categories_added);
      add_int (b, "categories_updated", report.categories_updated);
      add_int (b, "claims_added", report.claims_added);
      add_int (b, "claims_updated", report.claims_updated);
      add_int (b, "claims_deleted", report.claims_deleted);
      add_int (b, "links_added", report.links_added);
      add_int (b, "links_removed", report.links_removed);
      add_int (b, "history_added", report.history_added);
      json_builder_set_member_name (b, "conflicts");
      json_builder_begin_array (b);
      for (guint i = 0; i < report.conflicts->len; i++)
        {
          AttestMergeConflict *c = g_ptr_array_index (report.conflicts, i);

          json_builder_begin_object (b);
          add_string (b, "entity", c->entity);
          add_string (b, "uuid", c->uuid);
          add_string (b, "field", c->field);
          add_string (b, "ours", c->ours);
          add_string (b, "theirs", c->theirs);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_builder_end_object (b);
      print_json (b);
    }
  else
    {
      g_print (_("Merged: %u articles, %u sources, %u categories and %u claims added; "
                 "%u categories and %u claims updated, %u claims deleted; "
                 "%u links added, %u removed.\n"),
               report.documents_added, report.sources_added, report.categories_added,
               report.claims_added, report.categories_updated, report.claims_updated,
               report.claims_deleted, report.links_added, report.links_removed);
      if (report.documents_updated > 0)
        g_print (g_dngettext (GETTEXT_PACKAGE, "%u correction of an article's metadata taken.\n",
                              "%u corrections of articles' metadata taken.\n", report.documents_updated),
                 report.documents_updated);
      for (guint i = 0; i < report.conflicts->len; i++)
        {
          AttestMergeConflict *c = g_ptr_array_index (report.conflicts, i);

          /* A deletion on either side stands (see the merge rules). */
          if (g_str_equal (c->field, "deleted") && g_strcmp0 (c->ours, "1") == 0)
            g_print (_("Conflict: %s %s was deleted here and edited in the other copy: it stays deleted, "
                       "their edits are in its history\n"), c->entity, c->uuid);
          else if (g_str_equal (c->field, "deleted"))
            g_print (_("Conflict: %s %s was edited here and deleted in the other copy: it stays deleted, "
                       "the edits are in its history\n"), c->entity, c->uuid);
          else
            g_print (_("Conflict: %s %s, %s: kept “%s”, theirs “%s” is in its history\n"),
                     c->entity, c->uuid, c->field, or_dash (c->ours), or_dash (c->theirs));
        }
    }

  /* Scripts should notice what a person has to settle. */
  return report.conflicts->len > 0 ? EXIT_CONFLICT : EXIT_OK;
}

static int
cmd_backup (Cli *cli)
{
  g_autoptr(GError) error = NULL;

  if (cli->n_args == 0)
    return usage_error (_("backup needs the file to write"));
  if (cli->n_args > 1)
    return usage_error (_("backup takes one file: the copy to write"));
  if (!attest_store_backup (cli->store, cli->args[0], &error))
    return fail (error);
  g_print (_("Backed up to %s.\n"), cli->args[0]);
  return EXIT_OK;
}

/* ------------------------------------------- agreement, curation, stats */

/* A figure to four decimals, or a dash where it is undefined. */
static char *
figure (double value)
{
  return isnan (value) ? g_strdup ("—") : g_strdup_printf ("%.4f", value);
}

/* Undefined figures are null in JSON. */
static void
add_double (JsonBuilder *b,
            const char  *name,
            double       value)
{
  json_builder_set_member_name (b, name);
  if (isnan (value))
    json_builder_add_null_value (b);
  else
    json_builder_add_double_value (b, value);
}

/* --annotators, checked in main(): names joined by commas. */
static GStrv
split_annotators (const char *list)
{
  return list ? g_strsplit (list, ",", -1) : NULL;
}

/* Each name of a comma-separated list trimmed and checked as any annotator
 * name is; the list joined again, or NULL with the first problem. */
static char *
normalize_annotators (const char *list,
                      GError    **error)
{
  g_auto(GStrv) parts = g_strsplit (list, ",", -1);
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
  g_auto(GStrv) result = NULL;

  for (guint i = 0; parts[i]; i++)
    {
      g_autofree char *name = attest_rules_annotator_name (parts[i], error);

      if (name == NULL)
        return NULL;
      g_strv_builder_add (names, name);
    }
  result = g_strv_builder_end (names);
  return g_strjoinv (",", result);
}

static void
build_span_agreement (JsonBuilder               *b,
                      const char                *name,
                      const AttestSpanAgreement *span)
{
  json_builder_set_member_name (b, name);
  json_builder_begin_object (b);
  add_int (b, "reference_claims", span->reference_claims);
  add_int (b, "other_claims", span->other_claims);
  add_int (b, "matches", span->matches);
  add_double (b, "precision", span->precision);
  add_double (b, "recall", span->recall);
  add_double (b, "f1", span->f1);
  json_builder_end_object (b);
}

static void
build_figures (JsonBuilder                  *b,
               const AttestAgreementFigures *f)
{
  json_builder_begin_object (b);
  add_string (b, "category", f->category);
  add_double (b, "krippendorff_alpha", f->krippendorff_alpha);
  add_int (b, "pairable_values", (gint64) f->pairable_values);
  add_double (b, "fleiss_kappa", f->fleiss_kappa);
  add_int (b, "fleiss_units", (gint64) f->fleiss_units);
  json_builder_set_member_name (b, "pairs");
  json_builder_begin_array (b);
  for (guint i = 0; i < f->pairs->len; i++)
    {
      const AttestPairAgreement *p = g_ptr_array_index (f->pairs, i);

      json_builder_begin_object (b);
      add_string (b, "reference", p->reference);
      add_string (b, "other", p->other);
      add_int (b, "documents", p->documents);
      add_int (b, "units", (gint64) p->units);
      add_double (b, "observed", p->observed);
      add_double (b, "cohen_kappa", p->cohen_kappa);
      build_span_agreement (b, "exact", &p->exact);
      build_span_agreement (b, "overlap", &p->overlap);
      json_builder_set_member_name (b, "sources");
      json_builder_begin_object (b);
      add_int (b, "matched", p->sources.matched);
      add_int (b, "equal", p->sources.equal);
      add_double (b, "equal_share", p->sources.equal_share);
      add_double (b, "jaccard_mean", p->sources.jaccard_mean);
      json_builder_end_object (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
}

static void
print_span_agreement (const char                *label,
                      const AttestSpanAgreement *s)
{
  g_autofree char *p = figure (s->precision);
  g_autofree char *r = figure (s->recall);
  g_autofree char *f1 = figure (s->f1);

  /* TRANSLATORS: P, R, F1: precision, recall, F1 score */
  g_print (_("    %-8s P %s  R %s  F1 %s  (%u matched; %u and %u claims)\n"),
           label, p, r, f1, s->matches, s->reference_claims, s->other_claims);
}

static void
print_figures (const AttestAgreementFigures *f)
{
  g_autofree char *alpha = figure (f->krippendorff_alpha);

  if (f->category)
    g_print (_("Category %s\n"), f->category);
  else
    g_print (_("All categories\n"));
  g_print (_("  Krippendorff's α %s on %" PRId64 " values"),
           alpha, (gint64) f->pairable_values);
  if (f->pairs->len > 1)
    {
      g_autofree char *fleiss = figure (f->fleiss_kappa);
      g_print (_("; Fleiss' κ %s on %" PRId64 " characters coded by all"),
               fleiss, (gint64) f->fleiss_units);
    }
  g_print ("\n");

  for (guint i = 0; i < f->pairs->len; i++)
    {
      const AttestPairAgreement *p = g_ptr_array_index (f->pairs, i);
      g_autofree char *kappa = figure (p->cohen_kappa);
      g_autofree char *observed = figure (p->observed);
      g_autofree char *equal = figure (p->sources.equal_share);
      g_autofree char *jaccard = figure (p->sources.jaccard_mean);

      g_print (ngettext ("  %s × %s: %u document both annotated; Cohen's κ %s (observed %s on %"
                         PRId64 " characters)\n",
                         "  %s × %s: %u documents both annotated; Cohen's κ %s (observed %s on %"
                         PRId64 " characters)\n", p->documents),
               p->reference, p->other, p->documents, kappa, observed, (gint64) p->units);
      print_span_agreement (_("exact"), &p->exact);
      print_span_agreement (_("overlap"), &p->overlap);
      g_print (_("    sources  equal in %u of %u exact matches (%s); mean Jaccard %s\n"),
               p->sources.equal, p->sources.matched, equal, jaccard);
    }
}

static int
cmd_agreement (Cli *cli)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestAgreementReport) report = NULL;
  g_auto(GStrv) annotators = split_annotators (cli->opts->annotators);
  AttestAgreementOptions options = {
    .annotators = (const char * const *) annotators,
    .category = cli->opts->category,
    .document = cli->opts->document,
  };

  if (cli->n_args != 0)
    return usage_error (_("agreement takes no arguments; choose with --annotators, --category and --document"));
  if (!(report = attest_agreement_compute (cli->store, &options, &error)))
    return fail (error);

  if (cli->opts->json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_object (b);
      add_string (b, "unit", "character");
      json_builder_set_member_name (b, "annotators");
      json_builder_begin_array (b);
      for (guint i = 0; report->annotators[i]; i++)
        json_builder_add_string_value (b, report->annotators[i]);
      json_builder_end_array (b);
      add_int (b, "documents", report->documents);
      add_int (b, "characters", (gint64) report->characters);
      json_builder_set_member_name (b, "overall");
      build_figures (b, report->overall);
      json_builder_set_member_name (b, "categories");
      json_builder_begin_array (b);
      for (guint i = 0; i < report->categories->len; i++)
        build_figures (b, g_ptr_array_index (report->categories, i));
      json_builder_end_array (b);
      json_builder_end_object (b);
      return print_json (b);
    }

  {
    g_autofree char *who = g_strjoinv (", ", report->annotators);

    g_print (ngettext ("Agreement of %s on %u document (%" PRId64 " characters of text).\n",
                       "Agreement of %s on %u documents (%" PRId64 " characters of text).\n",
                       report->documents),
             who, report->documents, (gint64) report->characters);
  }
  g_print (_("Units are the characters of the article bodies; a dash marks a figure that is undefined.\n\n"));
  /* With --category the overall figures are that category's. */
  if (cli->opts->category == NULL)
    {
      print_figures (report->overall);
      if (report->categories->len > 0)
        g_print ("\n");
    }
  for (guint i = 0; i < report->categories->len; i++)
    {
      if (i > 0)
        g_print ("\n");
      print_figures (g_ptr_array_index (report->categories, i));
    }
  return EXIT_OK;
}

/* The claim's quote on one line, cut short. */
static char *
short_quote (const char *quote)
{
  g_autofree char *one_line = g_strdup (quote);

  for (char *p = one_line; *p; p++)
    if (*p == '\n' || *p == '\t')
      *p = ' ';
  if (g_utf8_strlen (one_line, -1) <= 60)
    return g_steal_pointer (&one_line);
  {
    g_autofree char *head = g_utf8_substring (one_line, 0, 59);
    return g_strconcat (head, "…", NULL);
  }
}

static int
curate_compare (Cli *cli)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(AttestDocument) doc = NULL;
  g_auto(GStrv) annotators = split_annotators (cli->opts->annotators);
  guint counts[3] = { 0 };

  if (cli->n_args != 2)
    return usage_error (_("curate compare needs one document"));
  if (!(doc = attest_store_get_document (cli->store, cli->args[1], &error)) ||
      !(items = attest_agreement_compare_document (cli->store, doc->uuid,
                                                   (const char * const *) annotators, &error)))
    return fail (error);
  for (guint i = 0; i < items->len; i++)
    counts[((AttestComparisonItem *) g_ptr_array_index (items, i))->kind]++;

  if (cli->opts->json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_object (b);
      add_string (b, "document", doc->uuid);
      add_int (b, "agreements", counts[ATTEST_COMPARISON_AGREEMENT]);
      add_int (b, "disagreements", counts[ATTEST_COMPARISON_DISAGREEMENT]);
      add_int (b, "one_sided", counts[ATTEST_COMPARISON_ONE_SIDED]);
      json_builder_set_member_name (b, "items");
      json_builder_begin_array (b);
      for (guint i = 0; i < items->len; i++)
        {
          AttestComparisonItem *item = g_ptr_array_index (items, i);

          json_builder_begin_object (b);
          add_string (b, "kind", attest_comparison_kind_to_string (item->kind));
          add_int (b, "start", item->start);
          add_int (b, "end", item->end);
          json_builder_set_member_name (b, "same_span");
          json_builder_add_boolean_value (b, item->same_span);
          json_builder_set_member_name (b, "same_category");
          json_builder_add_boolean_value (b, item->same_category);
          json_builder_set_member_name (b, "claims");
          json_builder_begin_array (b);
          for (guint k = 0; k < item->claims->len; k++)
            build_claim (b, g_ptr_array_index (item->claims, k));
          json_builder_end_array (b);
          json_builder_set_member_name (b, "absent");
          json_builder_begin_array (b);
          for (guint k = 0; item->absent[k]; k++)
            json_builder_add_string_value (b, item->absent[k]);
          json_builder_end_array (b);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_builder_end_object (b);
      return print_json (b);
    }

  g_print (_("Document %" PRId64 " (%s): agreements %u, disagreements %u, one-sided claims %u\n"),
           doc->id, or_dash (doc->title), counts[ATTEST_COMPARISON_AGREEMENT],
           counts[ATTEST_COMPARISON_DISAGREEMENT], counts[ATTEST_COMPARISON_ONE_SIDED]);
  for (guint i = 0; i < items->len; i++)
    {
      AttestComparisonItem *item = g_ptr_array_index (items, i);
      const char *how = "";

      if (item->kind == ATTEST_COMPARISON_DISAGREEMENT)
        how = !item->same_category && !item->same_span ? _("  (category and boundaries differ)")
            : !item->same_category ? _("  (category differs)")
            : !item->same_span ? _("  (boundaries differ)")
            : "";
      g_print ("\n%s %" G_GINT64_FORMAT ":%" G_GINT64_FORMAT "%s\n",
               attest_comparison_kind_to_string (item->kind), item->start, item->end, how);
      for (guint k = 0; k < item->claims->len; k++)
        {
          AttestClaim *c = g_ptr_array_index (item->claims, k);
          g_autofree char *id = short_id (c->uuid);
          g_autofree char *quote = short_quote (c->quote);

          g_print ("  %-16s %s  %" G_GINT64_FORMAT ":%" G_GINT64_FORMAT "  %s  %s  %s %u  “%s”\n",
                   c->annotator, id, c->start, c->end, c->category, c->status,
                   _("sources"), c->source_uuids->len, quote);
        }
      for (guint k = 0; item->absent[k]; k++)
        g_print ("  %-16s %s\n", item->absent[k], _("(no claim here)"));
    }
  return EXIT_OK;
}

static int
curate_status (Cli        *cli,
               const char *status)
{
  g_autoptr(GError) error = NULL;
  const char * const *refs = (const char * const *) cli->args + 1;

  if (cli->n_args < 2)
    return usage_error (_("curate accept and reject need at least one claim"));
  if (!attest_store_curate_set_status (cli->store, refs, status, &error))
    return fail (error);

  if (cli->opts->json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_array (b);
      for (guint i = 0; refs[i]; i++)
        {
          g_autoptr(AttestClaim) claim = attest_store_get_claim (cli->store, refs[i], &error);

          if (claim == NULL)
            return fail (error);
          build_claim (b, claim);
        }
      json_builder_end_array (b);
      return print_json (b);
    }
  if (g_str_equal (status, "accepted"))
    g_print (ngettext ("%u claim accepted.\n", "%u claims accepted.\n", cli->n_args - 1),
             cli->n_args - 1);
  else
    g_print (ngettext ("%u claim rejected.\n", "%u claims rejected.\n", cli->n_args - 1),
             cli->n_args - 1);
  return EXIT_OK;
}

static int
curate_merge (Cli *cli)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestClaim) claim = NULL;
  gint64 start = -1;
  gint64 end = -1;

  if (cli->n_args < 2)
    return usage_error (_("curate merge needs the claims to merge"));
  if (cli->opts->range && !parse_range (cli->opts->range, &start, &end))
    return usage_error (_("--range takes START:END, character offsets"));

  claim = attest_store_curate_merge (cli->store, (const char * const *) cli->args + 1,
                                     start, end, cli->opts->category, &error);
  if (claim == NULL)
    return fail (error);
  if (!cli->opts->json)
    g_print (ngettext ("Curated claim %s saved, from %u claim.\n",
                       "Curated claim %s saved, from %u claims.\n", cli->n_args - 1),
             claim->uuid, cli->n_args - 1);
  return print_one_claim (cli, claim);
}

static int
cmd_curate (Cli *cli)
{
  const char *verb = cli->n_args > 0 ? cli->args[0] : "";

  if (g_str_equal (verb, "compare"))
    return curate_compare (cli);
  if (g_str_equal (verb, "accept"))
    return curate_status (cli, "accepted");
  if (g_str_equal (verb, "reject"))
    return curate_status (cli, "rejected");
  if (g_str_equal (verb, "merge"))
    return curate_merge (cli);
  return usage_error (_("curate takes: compare, accept, reject, merge"));
}

static void
build_counts (JsonBuilder *b,
              const char  *name,
              GPtrArray   *counts,
              const char  *key_name,
              const char  *label_name)
{
  json_builder_set_member_name (b, name);
  json_builder_begin_array (b);
  for (guint i = 0; i < counts->len; i++)
    {
      AttestCount *c = g_ptr_array_index (counts, i);

      json_builder_begin_object (b);
      if (c->id)
        add_int (b, "id", c->id);
      add_string (b, key_name, c->key);
      if (label_name)
        add_string (b, label_name, c->label);
      add_int (b, "claims", c->count);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

static void
print_counts (const char *heading,
              GPtrArray  *counts)
{
  g_print ("\n%s\n", heading);
  if (counts->len == 0)
    g_print ("  —\n");
  for (guint i = 0; i < counts->len; i++)
    {
      AttestCount *c = g_ptr_array_index (counts, i);
      g_autofree char *key = c->id ? g_strdup_printf ("%3" G_GINT64_FORMAT "  %.8s", c->id, c->key)
                                   : g_strdup (c->key ? c->key : _("(no outlet)"));

      g_print ("  %6" G_GINT64_FORMAT "  %s%s%s\n", c->count, key,
               c->label ? "  " : "", c->label ? c->label : "");
    }
}

static int
cmd_stats (Cli *cli)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestStatistics) stats = NULL;
  AttestClaimFilter filter = {
    .document = cli->opts->document,
    .category = cli->opts->category,
    .annotator = cli->opts->annotator,
    .status = cli->opts->status,
  };

  if (cli->n_args != 0)
    return usage_error (_("stats takes no arguments"));
  if (!(stats = attest_store_get_statistics (cli->store, &filter, &error)))
    return fail (error);

  if (cli->opts->json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_object (b);
      add_int (b, "claims", stats->claims);
      add_int (b, "links", stats->links);
      add_double (b, "no_source_share", stats->no_source_share);
      json_builder_set_member_name (b, "sources_per_claim");
      json_builder_begin_object (b);
      add_double (b, "mean", stats->sources_mean);
      add_int (b, "0", stats->with_sources[0]);
      add_int (b, "1", stats->with_sources[1]);
      add_int (b, "2", stats->with_sources[2]);
      add_int (b, "3+", stats->with_sources[3]);
      json_builder_end_object (b);
      build_counts (b, "categories", stats->by_category, "key", "label");
      build_counts (b, "annotators", stats->by_annotator, "name", NULL);
      build_counts (b, "documents", stats->by_document, "uuid", "title");
      build_counts (b, "outlets", stats->by_outlet, "outlet", NULL);
      json_builder_end_object (b);
      return print_json (b);
    }

  {
    g_autofree char *share = figure (stats->no_source_share);
    g_autofree char *mean = figure (stats->sources_mean);

    g_print (ngettext ("%" PRId64 " claim", "%" PRId64 " claims", stats->claims),
             stats->claims);
    g_print (_("; without a source %" PRId64 " (share %s)\n"), stats->with_sources[0], share);
    g_print (_("Sources per claim: mean %s; 0: %" PRId64 ", 1: %" PRId64
               ", 2: %" PRId64 ", 3 or more: %" PRId64 "\n"),
             mean, stats->with_sources[0], stats->with_sources[1], stats->with_sources[2],
             stats->with_sources[3]);
  }
  print_counts (_("Claims per category:"), stats->by_category);
  print_counts (_("Claims per annotator:"), stats->by_annotator);
  print_counts (_("Claims per document:"), stats->by_document);
  print_counts (_("Claims per source outlet:"), stats->by_outlet);
  return EXIT_OK;
}

/* ----------------------------------------------------------------- main */

/* What a command may do to the database named: read it, change what is in
 * it, or also create it. Only commands that bring work in create one; the
 * others leave no empty database behind when they fail. */
typedef enum {
  READS,
  CHANGES,
  CREATES,
} Access;

typedef struct {
  const char *name;
  Access      access;
  int       (*run) (Cli *cli);
} Command;

static int cmd_link_run (Cli *cli) { return cmd_link (cli, TRUE); }
static int cmd_unlink_run (Cli *cli) { return cmd_link (cli, FALSE); }

static const Command commands[] = {
  { "import", CREATES, cmd_import },
  { "documents", READS, cmd_documents },
  { "show", READS, cmd_show },
  { "set-date", CHANGES, cmd_set_date },
  { "edit-document", CHANGES, cmd_edit_document },
  { "mark-source", CHANGES, cmd_mark_source },
  { "remove-citation", CHANGES, cmd_remove_citation },
  { "annotate", CHANGES, cmd_annotate },
  { "edit", CHANGES, cmd_edit },
  { "delete", CHANGES, cmd_delete },
  { "link", CHANGES, cmd_link_run },
  { "unlink", CHANGES, cmd_unlink_run },
  { "suggest", READS, cmd_suggest },
  { "claims", READS, cmd_claims },
  { "sources", READS, cmd_sources },
  { "add-source", CHANGES, cmd_add_source },
  { "search", READS, cmd_search },
  { "taxonomy", CREATES, cmd_taxonomy },
  { "history", READS, cmd_history },
  { "check", READS, cmd_check },
  { "merge", CREATES, cmd_merge },
  { "backup", READS, cmd_backup },
  { "export", READS, cmd_export },
  { "import-tei", CREATES, cmd_import_tei },
  { "agreement", READS, cmd_agreement },
  { "curate", CHANGES, cmd_curate },
  { "stats", READS, cmd_stats },
  { "outlets", CHANGES, cmd_outlets },
};

static void
options_clear (Options *o)
{
  g_free (o->db_path); g_free (o->annotator); g_free (o->category); g_free (o->quote);
  g_free (o->range); g_free (o->comment); g_free (o->certainty); g_free (o->status);
  g_free (o->document); g_free (o->label); g_free (o->color); g_free (o->shortcut);
  g_free (o->parent); g_free (o->description); g_free (o->outlet); g_free (o->place);
  g_free (o->date); g_free (o->url); g_free (o->title); g_free (o->author); g_free (o->reliability);
  g_free (o->output); g_free (o->annotators);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Options, options_clear)

int
main (int   argc,
      char *argv[])
{
  g_auto(Options) opts = { .limit = 20, .occurrence = 1 };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestStore) store = NULL;
  g_auto(GStrv) args = NULL;
  const Command *command = NULL;
  AttestStoreOpenFlags flags = ATTEST_STORE_OPEN_DEFAULT;
  Cli cli = { 0 };
  const GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &opts.db_path, N_("The database file (default: $XDG_DATA_HOME/attest/attest.db)"), N_("FILE") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &opts.json, N_("Print JSON for programs"), NULL },
    { "annotator", 0, 0, G_OPTION_ARG_STRING, &opts.annotator, N_("Who is making the changes (default: your name)"), N_("NAME") },
    { "read-only", 0, 0, G_OPTION_ARG_NONE, &opts.read_only, N_("Open the database read-only"), NULL },
    { "category", 0, 0, G_OPTION_ARG_STRING, &opts.category, N_("Category key"), N_("KEY") },
    { "quote", 0, 0, G_OPTION_ARG_STRING, &opts.quote, N_("Text of the claim, found in the document"), N_("TEXT") },
    { "occurrence", 0, 0, G_OPTION_ARG_INT, &opts.occurrence, N_("Which occurrence of --quote (default 1)"), N_("N") },
    { "range", 0, 0, G_OPTION_ARG_STRING, &opts.range, N_("Character offsets of the claim"), N_("START:END") },
    { "comment", 0, 0, G_OPTION_ARG_STRING, &opts.comment, N_("A comment"), N_("TEXT") },
    { "certainty", 0, 0, G_OPTION_ARG_STRING, &opts.certainty, N_("low, medium, high or unknown"), N_("C") },
    { "status", 0, 0, G_OPTION_ARG_STRING, &opts.status, N_("draft, accepted or rejected"), N_("S") },
    { "document", 0, 0, G_OPTION_ARG_STRING, &opts.document, N_("Only this document"), N_("DOC") },
    { "label", 0, 0, G_OPTION_ARG_STRING, &opts.label, N_("Category label"), N_("LABEL") },
    { "color", 0, 0, G_OPTION_ARG_STRING, &opts.color, N_("Category colour"), N_("#RRGGBB") },
    { "shortcut", 0, 0, G_OPTION_ARG_STRING, &opts.shortcut, N_("Category shortcut digit"), N_("N") },
    { "parent", 0, 0, G_OPTION_ARG_STRING, &opts.parent, N_("Parent category"), N_("KEY") },
    { "description", 0, 0, G_OPTION_ARG_STRING, &opts.description, N_("Category description"), N_("TEXT") },
    { "outlet", 0, 0, G_OPTION_ARG_STRING, &opts.outlet, N_("Source outlet or agency"), N_("NAME") },
    { "place", 0, 0, G_OPTION_ARG_STRING, &opts.place, N_("Source place"), N_("PLACE") },
    { "date", 0, 0, G_OPTION_ARG_STRING, &opts.date, N_("A date: of a source, or of imported articles (YYYY-MM-DD)"), N_("DATE") },
    { "url", 0, 0, G_OPTION_ARG_STRING, &opts.url, N_("Source URL"), N_("URL") },
    { "title", 0, 0, G_OPTION_ARG_STRING, &opts.title, N_("Source title; edit-document: the article's title"), N_("TITLE") },
    { "author", 0, 0, G_OPTION_ARG_STRING, &opts.author, N_("edit-document: the article's author"), N_("NAME") },
    { "reliability", 0, 0, G_OPTION_ARG_STRING, &opts.reliability, N_("Source reliability grade"), N_("GRADE") },
    { "limit", 0, 0, G_OPTION_ARG_INT, &opts.limit, N_("At most this many search results (default 20)"), N_("N") },
    { "no-text", 0, 0, G_OPTION_ARG_NONE, &opts.no_text, N_("show: leave out the text"), NULL },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &opts.output, N_("export: the file to write"), N_("FILE") },
    { "annotators", 0, 0, G_OPTION_ARG_STRING, &opts.annotators, N_("agreement, curate compare: whose claims, comma-separated"), N_("A,B,…") },
    { NULL }
  };

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  context = g_option_context_new (_("COMMAND [ARGUMENT…] — annotate claims in articles"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_description (context, _(usage_text));
  args = g_strdupv (argv);
  if (!g_option_context_parse_strv (context, &args, &error))
    return usage_error (error->message);

  if (g_strv_length (args) < 2)
    return usage_error (_("no command given"));

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_str_equal (commands[i].name, args[1]))
      command = &commands[i];
  if (command == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("unknown command “%s”"), args[1]);
      return usage_error (message);
    }
  if (opts.date && !g_str_equal (command->name, "import") && !g_str_equal (command->name, "add-source") &&
      !g_str_equal (command->name, "edit-document") && !g_str_equal (command->name, "mark-source"))
    return usage_error (_("--date goes with import, add-source, edit-document or mark-source"));

  /* An empty argument is never a file, a number or an id; taken as a
   * path it would name the current folder. */
  for (guint i = 2; args[i]; i++)
    if (*args[i] == '\0')
      return usage_error (_("an argument is empty"));
  if ((opts.db_path && *opts.db_path == '\0') || (opts.output && *opts.output == '\0'))
    return usage_error (_("--db and --output need a file name"));
  if (opts.occurrence < 1)
    return usage_error (_("--occurrence counts from 1: the first occurrence of --quote is 1"));
  if (opts.annotator)
    {
      g_autofree char *name = attest_rules_annotator_name (opts.annotator, &error);

      if (name == NULL)
        return usage_error (error->message);
      g_free (opts.annotator);
      opts.annotator = g_steal_pointer (&name);
    }
  if (opts.annotators)
    {
      g_autofree char *names = normalize_annotators (opts.annotators, &error);

      if (names == NULL)
        return usage_error (error->message);
      g_free (opts.annotators);
      opts.annotators = g_steal_pointer (&names);
    }

  if (opts.db_path == NULL)
    opts.db_path = attest_store_default_path ();
  if (opts.read_only)
    flags |= ATTEST_STORE_OPEN_READ_ONLY;
  if (command->access != CREATES)
    flags |= ATTEST_STORE_OPEN_NO_CREATE;

  store = attest_store_open (opts.db_path, flags, &error);
  if (store == NULL && command->access != CREATES && g_error_matches (error, ATTEST_ERROR, ATTEST_ERROR_NOT_FOUND))
    {
      g_printerr (_("attest-cli: there is no database “%s” yet; import articles to create it\n"),
                  opts.db_path);
      return EXIT_NOT_FOUND;
    }
  if (store == NULL)
    return fail (error);
  if (opts.annotator && !attest_store_set_annotator (store, opts.annotator, &error))
    return fail (error);

  cli.opts = &opts;
  cli.store = store;
  cli.args = args + 2;
  cli.n_args = g_strv_length (cli.args);
  return command->run (&cli);
}
