/* attest-cli-documents.c — the commands on articles: import, documents, show,
 * search, their metadata, their citations, and the outlets known by name. */
#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>

#include "attest-import.h"

#include "attest-cli-private.h"

/* Reads the file @path names and adds it as a document, dated --date when
 * that is given, through the import the window and the application use.
 * Returns the stored document, with *existed set when the same file was
 * imported before (then nothing changed), or NULL with @error. The
 * reporting stays in cmd_import(). */
static AttestDocument *
read_and_add_document (Cli         *cli,
                       const char  *path,
                       gboolean    *existed,
                       GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_commandline_arg (path);

  return attest_import_file (cli->store, file, cli->opts->date, NULL, existed, NULL, error);
}

/* import FILE…: each file read, added and reported in turn; a file that
 * fails is reported on stderr (and in the JSON array) and the others go
 * on. The exit code is the first failure's, or EXIT_OK. */
int
cmd_import (Cli *cli)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  int status = EXIT_OK;

  if (cli->n_args == 0)
    return usage_error (_("import needs at least one file"));

  json_builder_begin_array (b);
  for (guint i = 0; i < cli->n_args; i++)
    {
      g_autoptr(AttestDocument) stored = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (cli->args[i]);
      AttestExchangeFormat format = attest_exchange_detect (file, NULL);
      gboolean existed = FALSE;

      if (format != ATTEST_EXCHANGE_NONE)
        {
          if (import_annotation_set (cli, cli->args[i], format, b, &error))
            continue;
          /* TRANSLATORS: why a file was refused (naming the file and line), then the file */
          g_printerr (_("attest-cli: %s; nothing was imported from %s\n"), error->message, cli->args[i]);
          if (status == EXIT_OK)
            status = exit_code_for (error);
          json_builder_begin_object (b);
          add_string (b, "file", cli->args[i]);
          add_string (b, "error", error->message);
          json_builder_end_object (b);
          continue;
        }
      stored = read_and_add_document (cli, cli->args[i], &existed, &error);
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

int
cmd_documents (Cli *cli)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) docs = attest_store_list_documents (cli->store, &error);

  if (docs == NULL)
    return fail (error);

  if (cli->opts->json)
    return print_json_items (docs, (BuildFunc) build_document_listed);

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

int
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

int
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

int
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

int
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

int
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
    return print_json_item (citation, (BuildFunc) build_citation);
  g_print (_("Citation %s of %s marked (source %s).\n"), citation->uuid, citation->source->outlet,
           citation->source->uuid);
  return EXIT_OK;
}

int
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

int
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
