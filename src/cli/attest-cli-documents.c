/* attest-cli-documents.c — the commands on articles: import, documents, show,
 * search, their metadata, their citations, and the outlets known by name. */
#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>
#include <signal.h>
#include <glib-unix.h>
#include <unistd.h>

#include "attest-date.h"
#include "attest-import.h"

#include "attest-cli-private.h"

/* What `import` tells of the articles it writes in batches. */
typedef struct {
  Cli         *cli;
  JsonBuilder *b;
  GHashTable  *names;     /* GFile → the path to print, as the user gave it */
  int          status;    /* the first failure's exit code */
  gboolean     progress;  /* stderr is a terminal: show how far it is */
  gint64       shown;     /* when progress was last shown */
  GCancellable *cancellable;
  int          stopped;   /* the signal that stopped it, or 0 */
} ImportRun;

/* SIGINT or SIGTERM: what was read is written and told, then it stops. */
static gboolean
stop_on_sigint (gpointer data)
{
  ImportRun *run = data;

  run->stopped = SIGINT;
  g_cancellable_cancel (run->cancellable);
  return G_SOURCE_CONTINUE;
}

static gboolean
stop_on_sigterm (gpointer data)
{
  ImportRun *run = data;

  run->stopped = SIGTERM;
  g_cancellable_cancel (run->cancellable);
  return G_SOURCE_CONTINUE;
}

static const char *
display_name (ImportRun *run,
              GFile     *file)
{
  return g_hash_table_lookup (run->names, file);
}

/* @name for a terminal: its control characters (an escape sequence in a
 * file name could clear the screen or fake a line) shown as U+FFFD. */
static char *
printable (const char *name)
{
  GString *out = g_string_new (NULL);

  for (const char *p = name; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      g_string_append_unichar (out, g_unichar_iscntrl (c) || c == 0x2028 || c == 0x2029 ? 0xFFFD : c);
    }
  return g_string_free (out, FALSE);
}

static void
report_article (GFile          *file,
                AttestDocument *stored,
                gboolean        existed,
                const GError   *error,
                gpointer        user_data)
{
  ImportRun *run = user_data;
  Cli *cli = run->cli;
  const char *json_name = display_name (run, file);
  g_autofree char *name = printable (json_name);

  if (run->progress)
    g_printerr ("\r\033[K");
  if (stored == NULL)
    {
      g_autofree char *message = printable (error->message);

      g_printerr (_("attest-cli: %s: %s\n"), name, message);
      if (run->status == EXIT_OK)
        run->status = exit_code_for (error);
      json_builder_begin_object (run->b);
      add_string (run->b, "file", json_name);
      add_string (run->b, "error", error->message);
      json_builder_end_object (run->b);
      return;
    }

  if (cli->opts->json)
    {
      json_builder_begin_object (run->b);
      add_string (run->b, "file", json_name);
      add_string (run->b, "result", existed ? "already-imported" : "imported");
      json_builder_set_member_name (run->b, "document");
      build_document (run->b, stored, FALSE);
      json_builder_end_object (run->b);
    }
  else if (existed)
    g_print (_("%s: already imported as document %" PRId64 " (%s); nothing changed\n"),
             name, stored->id, or_dash (stored->title));
  else
    {
      g_autoptr(GPtrArray) citations = attest_store_list_citations (cli->store, stored->uuid, NULL);
      g_autofree char *summary = stored->extraction != NULL
                                 ? attest_document_dup_import_summary (stored) : NULL;

      g_print (_("%s: imported as document %" PRId64 " (%s), %" PRId64
                 " characters, %u citations\n"),
               name, stored->id, or_dash (stored->title), stored->length,
               citations ? citations->len : 0);
      if (summary != NULL)
        g_print ("%s: %s\n", name, summary);
      if (g_strcmp0 (stored->encoding, "Windows-1252") == 0)
        g_print (_("%s: note: the file is not UTF-8; it was decoded as Windows-1252\n"), name);
    }
}

static void
show_progress (guint    done,
               guint    total,
               gpointer user_data)
{
  ImportRun *run = user_data;
  gint64 now = g_get_monotonic_time ();

  /* A signal waits here to be seen: the import runs in this thread. */
  g_main_context_iteration (NULL, FALSE);
  /* A few times a second is enough to watch. */
  if (!run->progress || (now - run->shown < 100 * G_TIME_SPAN_MILLISECOND && done < total))
    return;
  run->shown = now;
  /* Back to the start of the line, cleared: the line is redrawn. */
  g_printerr ("\r\033[K");
  /* TRANSLATORS: progress of an import on a terminal */
  g_printerr (_("Reading %u of %u…"), done, total);
}

/* The articles gathered so far, written a batch at a time. */
static void
import_articles (ImportRun *run,
                 GPtrArray *articles)
{
  if (articles->len > 0)
    attest_import_files (run->cli->store, (GFile **) articles->pdata, articles->len, run->cli->opts->date,
                         NULL, report_article, show_progress, run, run->cancellable, NULL);
  if (run->progress && articles->len > 0)
    g_printerr ("\r\033[K");
  g_ptr_array_set_size (articles, 0);
}

/* An annotation set, all or nothing, after the articles named before it. */
static void
import_set (ImportRun            *run,
            GPtrArray            *articles,
            const char           *path,
            AttestExchangeFormat  format)
{
  g_autoptr(GError) error = NULL;

  import_articles (run, articles);
  g_main_context_iteration (NULL, FALSE);
  if (g_cancellable_is_cancelled (run->cancellable) ||
      import_annotation_set (run->cli, path, format, run->b, &error))
    return;
  /* TRANSLATORS: why a file was refused (naming the file and line), then the file */
  g_printerr (_("attest-cli: %s; nothing was imported from %s\n"), error->message, path);
  if (run->status == EXIT_OK)
    run->status = exit_code_for (error);
  json_builder_begin_object (run->b);
  add_string (run->b, "file", path);
  add_string (run->b, "error", error->message);
  json_builder_end_object (run->b);
}

/* import FILE|FOLDER…: annotation sets each all or nothing; articles, and
 * the files of a folder, read and written in batches (attest_import_files)
 * and reported in turn. A file that fails is reported on stderr (and in
 * the JSON array) and the others go on. The exit code is the first
 * failure's, or EXIT_OK. */
int
cmd_import (Cli *cli)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(GHashTable) names = g_hash_table_new_full (g_file_hash, (GEqualFunc) g_file_equal,
                                                       g_object_unref, g_free);
  g_autoptr(GPtrArray) articles = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  ImportRun run = { cli, b, names, EXIT_OK, isatty (STDERR_FILENO) && !cli->opts->json, 0, cancellable, 0 };
  guint on_int, on_term;

  if (cli->n_args == 0)
    return usage_error (_("import needs at least one file"));
  /* Said once, before any file is read, rather than for every article;
   * trimmed, as set-date takes it. */
  if (cli->opts->date)
    g_strstrip (cli->opts->date);
  if (cli->opts->date && !attest_date_is_iso (cli->opts->date))
    {
      g_autoptr(GError) error = g_error_new (ATTEST_ERROR, ATTEST_ERROR_INVALID,
                                             _("“%s” is not a date in the form YYYY-MM-DD"), cli->opts->date);
      return fail (error);
    }

  on_int = g_unix_signal_add (SIGINT, stop_on_sigint, &run);
  on_term = g_unix_signal_add (SIGTERM, stop_on_sigterm, &run);
  json_builder_begin_array (b);
  for (guint i = 0; i < cli->n_args && !g_cancellable_is_cancelled (cancellable); i++)
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (cli->args[i]);
      AttestExchangeFormat format = attest_exchange_detect (file, NULL);
      g_autoptr(GPtrArray) inside = NULL;
      g_autoptr(GPtrArray) problems = NULL;
      g_autoptr(GError) error = NULL;

      if (format != ATTEST_EXCHANGE_NONE)
        {
          import_set (&run, articles, cli->args[i], format);
          continue;
        }
      if (g_file_query_file_type (file, G_FILE_QUERY_INFO_NONE, NULL) != G_FILE_TYPE_DIRECTORY)
        {
          if (!g_hash_table_contains (names, file))
            g_hash_table_insert (names, g_object_ref (file), g_filename_display_name (cli->args[i]));
          g_ptr_array_add (articles, g_object_ref (file));
          continue;
        }

      /* A folder: its files in turn, each an article or a set; what in it
       * cannot be read is told and the rest goes on. */
      inside = attest_import_list_folder (file, &problems, NULL, &error);
      if (inside != NULL && inside->len == 0 && problems->len == 0)
        /* TRANSLATORS: %s is a folder */
        g_set_error (&error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("%s has no files to import"), cli->args[i]);
      if (error != NULL)
        {
          g_hash_table_insert (names, g_object_ref (file), g_filename_display_name (cli->args[i]));
          report_article (file, NULL, FALSE, error, &run);
          continue;
        }
      import_articles (&run, articles);
      for (guint k = 0; k < problems->len; k++)
        {
          AttestImportProblem *problem = g_ptr_array_index (problems, k);
          g_autofree char *relative = g_file_get_relative_path (file, problem->file);
          g_autofree char *path = relative ? g_build_filename (cli->args[i], relative, NULL) : g_strdup (cli->args[i]);

          if (!g_hash_table_contains (names, problem->file))
            g_hash_table_insert (names, g_object_ref (problem->file), g_filename_display_name (path));
          report_article (problem->file, NULL, FALSE, problem->error, &run);
        }
      for (guint k = 0; k < inside->len; k++)
        {
          GFile *child = g_ptr_array_index (inside, k);
          g_autofree char *relative = g_file_get_relative_path (file, child);
          g_autofree char *path = g_build_filename (cli->args[i], relative, NULL);
          g_autofree char *shown = g_filename_display_name (path);

          format = attest_exchange_detect (child, NULL);
          if (format != ATTEST_EXCHANGE_NONE)
            {
              import_set (&run, articles, shown, format);
              continue;
            }
          if (!g_hash_table_contains (names, child))
            g_hash_table_insert (names, g_object_ref (child), g_steal_pointer (&shown));
          g_ptr_array_add (articles, g_object_ref (child));
        }
      import_articles (&run, articles);
    }
  if (!g_cancellable_is_cancelled (cancellable))
    import_articles (&run, articles);
  json_builder_end_array (b);

  /* Still caught while the JSON is written: a second Ctrl+C must not cut
   * the account of what was imported. */
  if (cli->opts->json)
    print_json (b);
  g_source_remove (on_int);
  g_source_remove (on_term);
  if (run.stopped)
    {
      /* TRANSLATORS: the import was stopped by Ctrl+C or a signal */
      g_printerr (_("attest-cli: stopped; the articles reported above were imported, the others were not read\n"));
      return 128 + run.stopped;
    }
  return run.status;
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
