/* attest-cli-exchange.c — the commands that move work in and out of the database
 * as a whole: export, import-tei, import-brat, merge, backup, and check. */
#include "config.h"

#include <glib/gi18n.h>
#include <glib-unix.h>
#include <inttypes.h>
#include <signal.h>

#include "attest-format-brat.h"
#include "attest-format-web-annotation.h"
#include "attest-format-refi-qda.h"
#include "attest-format-uima.h"
#include "attest-table-writer.h"
#include "attest-tei-reader.h"
#include "attest-tei-writer.h"

#include "attest-cli-private.h"

int
cmd_check (Cli *cli)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) problems = NULL;

  if (!attest_store_check (cli->store, &problems, &error))
    return fail (error);
  if (cli->opts->json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      /* {"intact": false, "problems": ["source …: …", …]}; exit 5 as without. */
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "intact");
      json_builder_add_boolean_value (b, problems->len == 0);
      json_builder_set_member_name (b, "problems");
      json_builder_begin_array (b);
      for (guint i = 0; i < problems->len; i++)
        {
          g_autofree char *valid = g_utf8_make_valid (g_ptr_array_index (problems, i), -1);

          json_builder_add_string_value (b, valid);
        }
      json_builder_end_array (b);
      json_builder_end_object (b);
      print_json (b);
      return problems->len == 0 ? EXIT_OK : EXIT_DATABASE;
    }
  if (problems->len == 0)
    {
      g_print (_("The database is intact.\n"));
      return EXIT_OK;
    }

  /* A value of a damaged row may hold anything: shown escaped. */
  for (guint i = 0; i < problems->len; i++)
    {
      g_autofree char *shown = dup_printable (g_ptr_array_index (problems, i));

      g_print ("%s\n", shown);
    }
  g_printerr (ngettext ("attest-cli: %u problem found\n", "attest-cli: %u problems found\n",
                        problems->len), problems->len);
  return EXIT_DATABASE;
}

/* One export, run in a thread while the main thread waits for it and
 * for SIGTERM or SIGINT: a signal cancels it, so that what it had written
 * (a folder export's hidden folder, a file's temporary copy) is removed
 * instead of being left behind by a killed process. */
typedef struct {
  AttestStore        *store;
  const char         *format;
  GFile              *file;
  AttestClaimFilter   filter;
  AttestExportCounts  counts;
  GCancellable       *cancellable;
  GError             *error;
  gboolean            ok;
  gboolean            done;  /* set in the main thread */
} ExportJob;

static gboolean
export_finished (gpointer data)
{
  ExportJob *job = data;

  job->done = TRUE;
  return G_SOURCE_REMOVE;
}

static gpointer
export_thread (gpointer data)
{
  ExportJob *job = data;
  const char *format = job->format;

  if (g_str_equal (format, "web-annotation"))
    job->ok = attest_web_annotation_export (job->store, &job->filter, job->file, &job->counts,
                                            NULL, NULL, job->cancellable, &job->error);
  else if (g_str_equal (format, "brat"))
    job->ok = attest_brat_export (job->store, &job->filter, job->file, &job->counts,
                                  NULL, NULL, job->cancellable, &job->error);
  else if (g_str_equal (format, "refi-qda"))
    job->ok = attest_refi_qda_export (job->store, &job->filter, job->file, &job->counts,
                                      NULL, NULL, job->cancellable, &job->error);
  else if (g_str_equal (format, "uima-json"))
    job->ok = attest_uima_export (job->store, &job->filter, job->file, &job->counts,
                                  NULL, NULL, job->cancellable, &job->error);
  else if (g_str_equal (format, "tei"))
    job->ok = attest_tei_writer_write_file (job->store, &job->filter, job->file, &job->counts,
                                            NULL, NULL, job->cancellable, &job->error);
  else
    job->ok = attest_table_writer_write_file (job->store,
                                              g_str_equal (format, "csv") ? ATTEST_TABLE_FORMAT_CSV
                                                                          : ATTEST_TABLE_FORMAT_JSONL,
                                              &job->filter, job->file, &job->counts,
                                              NULL, NULL, job->cancellable, &job->error);
  g_idle_add (export_finished, job);
  return NULL;
}

static gboolean
cancel_on_signal (gpointer data)
{
  g_cancellable_cancel (data);
  return G_SOURCE_CONTINUE;
}

static gboolean
run_export (ExportJob *job)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  guint on_term = g_unix_signal_add (SIGTERM, cancel_on_signal, cancellable);
  guint on_int = g_unix_signal_add (SIGINT, cancel_on_signal, cancellable);
  GThread *thread;

  job->cancellable = cancellable;
  thread = g_thread_new ("export", export_thread, job);
  while (!job->done)
    g_main_context_iteration (NULL, TRUE);
  g_thread_join (thread);
  g_source_remove (on_term);
  g_source_remove (on_int);
  job->cancellable = NULL;
  return job->ok;
}

int
cmd_export (Cli *cli)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  ExportJob job = { 0 };
  AttestExportCounts counts = { 0 };
  const char *format;
  gboolean ok;

  if (cli->n_args != 1)
    return usage_error (_("export needs a format: tei, csv, jsonl or brat"));
  format = cli->args[0];
  if (!g_str_equal (format, "tei") && !g_str_equal (format, "csv") && !g_str_equal (format, "jsonl") &&
      !g_str_equal (format, "brat") && !g_str_equal (format, "web-annotation") &&
      !g_str_equal (format, "refi-qda") && !g_str_equal (format, "uima-json"))
    return usage_error (_("export writes tei, csv, jsonl or brat (or web-annotation, refi-qda, uima-json)"));
  if (cli->opts->output == NULL || *cli->opts->output == '\0')
    return usage_error (_("export needs the file to write: -o FILE"));

  file = g_file_new_for_commandline_arg (cli->opts->output);
  job.store = cli->store;
  job.format = format;
  job.file = file;
  job.filter = claim_filter (cli);
  ok = run_export (&job);
  counts = job.counts;
  error = job.error;
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

static int import_report (Cli *cli, const AttestImportCounts *counts, char **left_out);

/* What a brat or CAS folder holds beside its set, which the import did
 * not read: named, so that an article left in it is not lost unseen. A
 * folder that cannot be listed again has nothing to say. */
static char **
dup_left_out (GFile                *file,
              AttestExchangeFormat  format)
{
  char **names = attest_exchange_list_left_out (file, format, NULL, NULL);

  return names ? names : g_new0 (char *, 1);
}

static void
print_left_out (char **left_out)
{
  for (guint i = 0; left_out[i]; i++)
    /* TRANSLATORS: %s is the name of a file in the folder imported */
    g_print (_("Left out, not part of the annotation set: %s\n"), left_out[i]);
}

static void
add_left_out (JsonBuilder  *b,
              char        **left_out)
{
  if (left_out == NULL || left_out[0] == NULL)
    return;
  json_builder_set_member_name (b, "files_left_out");
  json_builder_begin_array (b);
  for (guint i = 0; left_out[i]; i++)
    json_builder_add_string_value (b, left_out[i]);
  json_builder_end_array (b);
}

/* import-brat, import-web-annotation, import-refi-qda, import-uima: one
 * folder or file, all or nothing. */
static int
import_set_command (Cli                  *cli,
                    AttestExchangeFormat  format,
                    const char           *usage)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  g_auto(GStrv) left_out = NULL;
  AttestImportCounts counts = { 0 };
  guint skipped = 0;
  gboolean ok;

  if (cli->n_args != 1)
    return usage_error (usage);

  file = g_file_new_for_commandline_arg (cli->args[0]);
  /* Only a REFI-QDA project holds parts of a kind Attest skips. */
  if (format == ATTEST_EXCHANGE_REFI_QDA)
    ok = attest_refi_qda_import (cli->store, file, &counts, &skipped, NULL, &error);
  else
    ok = attest_exchange_import_file (cli->store, file, format, &counts, NULL, &error);
  if (!ok)
    {
      {
        /* A file's name or content in the message: no escape sequence. */
        g_autofree char *shown = dup_printable (error->message);

        g_printerr (_("attest-cli: %s; nothing was imported\n"), shown);
      }
      return exit_code_for (error);
    }
  left_out = dup_left_out (file, format);
  if (!cli->opts->json)
    {
      print_left_out (left_out);
      if (counts.categories_added > 0)
        g_print (ngettext ("%u new category.\n", "%u new categories.\n", counts.categories_added),
                 counts.categories_added);
      if (skipped > 0)
        g_print (ngettext ("%u source that is not text was skipped.\n",
                           "%u sources that are not text were skipped.\n", skipped), skipped);
      if (counts.selections_left_out > 0)
        g_print (ngettext ("%u selection without a code was left out.\n",
                           "%u selections without a code were left out.\n", counts.selections_left_out),
                 counts.selections_left_out);
    }
  return import_report (cli, &counts, left_out);
}

int
cmd_import_brat (Cli *cli)
{
  return import_set_command (cli, ATTEST_EXCHANGE_BRAT, _("import-brat needs one folder or .ann file"));
}

int
cmd_import_web_annotation (Cli *cli)
{
  return import_set_command (cli, ATTEST_EXCHANGE_WEB_ANNOTATION, _("import-web-annotation needs one file"));
}

int
cmd_import_refi_qda (Cli *cli)
{
  return import_set_command (cli, ATTEST_EXCHANGE_REFI_QDA, _("import-refi-qda needs one .qdpx file"));
}

int
cmd_import_uima (Cli *cli)
{
  return import_set_command (cli, ATTEST_EXCHANGE_UIMA_JSON, _("import-uima needs one folder or .json file"));
}

int
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
      {
        /* A file's name or content in the message: no escape sequence. */
        g_autofree char *shown = dup_printable (error->message);

        g_printerr (_("attest-cli: %s; nothing was imported\n"), shown);
      }
      return exit_code_for (error);
    }
  return import_report (cli, &counts, NULL);
}

/* What an import added, as members of an object being built. */
static void
add_counts (JsonBuilder              *b,
            const AttestImportCounts *counts)
{
  add_int (b, "documents_added", counts->documents_added);
  add_int (b, "documents_existing", counts->documents_existing);
  add_int (b, "claims_added", counts->claims_added);
  add_int (b, "claims_existing", counts->claims_existing);
  add_int (b, "sources_added", counts->sources_added);
  add_int (b, "sources_existing", counts->sources_existing);
  add_int (b, "changes_added", counts->changes_added);
  add_int (b, "annotators_added", counts->annotators_added);
  add_int (b, "categories_added", counts->categories_added);
  add_int (b, "selections_left_out", counts->selections_left_out);
}

/* What an import added, for people. */
static void
print_counts (const char               *path,
              const AttestImportCounts *counts)
{
  g_print (ngettext ("%s: %u document imported", "%s: %u documents imported",
                     counts->documents_added), path, counts->documents_added);
  g_print (ngettext (", %" PRIu64 " claim", ", %" PRIu64 " claims",
                     counts->claims_added), counts->claims_added);
  g_print (ngettext (", %" PRIu64 " source", ", %" PRIu64 " sources",
                     counts->sources_added), counts->sources_added);
  g_print (ngettext (", %" PRIu64 " recorded change.\n",
                     ", %" PRIu64 " recorded changes.\n", counts->changes_added),
           counts->changes_added);
  if (counts->documents_existing > 0 || counts->claims_existing > 0 || counts->sources_existing > 0)
    g_print (_("Already in the database and left as they were: %u documents, %" PRIu64
               " claims, %" PRIu64 " sources.\n"),
             counts->documents_existing, counts->claims_existing, counts->sources_existing);
}

static int
import_report (Cli                      *cli,
               const AttestImportCounts *counts,
               char                    **left_out)
{
  if (cli->opts->json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_object (b);
      add_string (b, "file", cli->args[0]);
      add_counts (b, counts);
      add_left_out (b, left_out);
      json_builder_end_object (b);
      return print_json (b);
    }
  print_counts (cli->args[0], counts);
  return EXIT_OK;
}

/* An annotation set named to `import` (brat, Web Annotation, UIMA CAS
 * JSON, REFI-QDA): all of it or nothing, reported as the per-format
 * commands report, or as one object of the JSON array @b. */
gboolean
import_annotation_set (Cli                  *cli,
                       const char           *path,
                       AttestExchangeFormat  format,
                       JsonBuilder          *b,
                       GError              **error)
{
  g_autoptr(GFile) file = g_file_new_for_commandline_arg (path);
  g_auto(GStrv) left_out = NULL;
  AttestImportCounts counts = { 0 };

  if (!attest_exchange_import_file (cli->store, file, format, &counts, NULL, error))
    return FALSE;
  left_out = dup_left_out (file, format);
  if (cli->opts->json)
    {
      json_builder_begin_object (b);
      add_string (b, "file", path);
      add_string (b, "result", "imported");
      add_string (b, "format", attest_exchange_format_id (format));
      add_counts (b, &counts);
      add_left_out (b, left_out);
      json_builder_end_object (b);
      return TRUE;
    }
  print_left_out (left_out);
  if (counts.categories_added > 0)
    g_print (ngettext ("%u new category.\n", "%u new categories.\n", counts.categories_added),
             counts.categories_added);
  print_counts (path, &counts);
  return TRUE;
}

/* Conflicts as JSON, with the id that settle names. */
static void
build_conflicts (JsonBuilder *b,
                 GPtrArray   *conflicts)
{
  json_builder_begin_array (b);
  for (guint i = 0; i < conflicts->len; i++)
    {
      AttestMergeConflict *c = g_ptr_array_index (conflicts, i);

      json_builder_begin_object (b);
      add_string (b, "id", c->id);
      add_string (b, "entity", c->entity);
      add_string (b, "uuid", c->uuid);
      add_string (b, "field", c->field);
      add_string (b, "ours", c->ours);
      add_string (b, "theirs", c->theirs);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

int
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
      build_conflicts (b, report.conflicts);
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
                       "their edits are in its history (settle %s restore brings them back)\n"),
                     c->entity, c->uuid, c->id);
          else if (g_str_equal (c->field, "deleted"))
            g_print (_("Conflict: %s %s was edited here and deleted in the other copy: it stays deleted, "
                       "the edits are in its history (settle %s restore brings them back)\n"),
                     c->entity, c->uuid, c->id);
          else
            g_print (_("Conflict: %s %s, %s: kept “%s”, theirs “%s” is in its history\n"),
                     c->entity, c->uuid, c->field, or_dash (c->ours), or_dash (c->theirs));
        }
    }

  /* Scripts should notice what a person has to settle. */
  return report.conflicts->len > 0 ? EXIT_CONFLICT : EXIT_OK;
}

/* A conflict's two values, in the words the choices use. */
static void
print_conflict (AttestMergeConflict *c)
{
  if (g_str_equal (c->field, "deleted"))
    g_print (g_strcmp0 (c->ours, "1") == 0
             ? _("%s  %s %s: deleted here, edited in the other copy (restore | accept)\n")
             : _("%s  %s %s: edited here, deleted in the other copy (restore | accept)\n"),
             c->id, c->entity, c->uuid);
  else
    g_print (_("%s  %s %s, %s: kept “%s”, theirs “%s” (mine | theirs)\n"),
             c->id, c->entity, c->uuid, c->field, or_dash (c->ours), or_dash (c->theirs));
}

int
cmd_conflicts (Cli *cli)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) conflicts = NULL;

  if (cli->n_args != 0)
    return usage_error (_("conflicts takes no arguments"));
  if (!(conflicts = attest_store_list_open_conflicts (cli->store, &error)))
    return fail (error);
  if (cli->opts->json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      build_conflicts (b, conflicts);
      return print_json (b);
    }
  if (conflicts->len == 0)
    g_print (_("No conflicts to settle.\n"));
  for (guint i = 0; i < conflicts->len; i++)
    print_conflict (g_ptr_array_index (conflicts, i));
  return EXIT_OK;
}

/* settle CONFLICT mine|theirs, or for a claim one copy deleted and the
 * other edited: restore (the edited version, as a new claim) | accept. */
int
cmd_settle (Cli *cli)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) open = NULL;
  g_autofree char *restored = NULL;
  AttestMergeConflict *c = NULL;
  const char *how;
  AttestSettle choice;

  if (cli->n_args != 2)
    return usage_error (_("settle needs a conflict and a choice: mine, theirs, restore or accept"));
  how = cli->args[1];
  if (!(open = attest_store_list_open_conflicts (cli->store, &error)))
    return fail (error);
  for (guint i = 0; i < open->len && c == NULL; i++)
    if (g_str_equal (((AttestMergeConflict *) g_ptr_array_index (open, i))->id, cli->args[0]))
      c = g_ptr_array_index (open, i);
  if (c == NULL)
    {
      g_autofree char *by = NULL;
      g_autofree char *kept = NULL;
      g_autofree char *newer = NULL;
      g_autofree char *shown = dup_printable (cli->args[0]);

      /* Settled, superseded, or about a claim deleted since: say which. */
      if (!attest_store_get_conflict_settling (cli->store, cli->args[0], &by, &kept, &newer, &error))
        return fail (error);
      g_printerr (_("attest-cli: the conflict %s is not open: %s\n"), shown,
                  by ? _("it was settled already") :
                  newer ? _("a later conflict of the same field supersedes it") :
                  _("its claim is deleted; settle the deletion (restore brings the claim back)"));
      return EXIT_CONFLICT;
    }
  if (g_str_equal (c->field, "deleted"))
    {
      gboolean restore;

      if (g_str_equal (how, "restore"))
        restore = TRUE;
      else if (g_str_equal (how, "accept"))
        restore = FALSE;
      else
        return usage_error (_("a claim deleted in one copy and edited in the other is settled with restore or accept"));
      /* The side whose value is "0" is the edited version. */
      choice = (g_strcmp0 (c->ours, "0") == 0) == restore ? ATTEST_SETTLE_KEEP_OURS : ATTEST_SETTLE_TAKE_THEIRS;
    }
  else if (g_str_equal (how, "mine"))
    choice = ATTEST_SETTLE_KEEP_OURS;
  else if (g_str_equal (how, "theirs") && g_str_equal (c->entity, "outlet"))
    return usage_error (_("an outlet's name is settled with mine; to take theirs, name it again with "
                          "outlets merge NAME OUTLET, then settle with mine"));
  else if (g_str_equal (how, "theirs"))
    choice = ATTEST_SETTLE_TAKE_THEIRS;
  else
    return usage_error (_("settle a conflict with mine or theirs"));
  if (!attest_store_settle_conflict (cli->store, c->id, choice, &error))
    return fail (error);
  /* A restore names the claim that came back, for scripts to go on with. */
  if (g_str_equal (c->field, "deleted") && g_str_equal (how, "restore"))
    restored = attest_store_dup_restored_claim_uuid (c->uuid);
  if (cli->opts->json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_object (b);
      add_string (b, "settled", c->id);
      add_string (b, "restored", restored);
      json_builder_end_object (b);
      return print_json (b);
    }
  if (restored)
    g_print (_("Settled: the claim is back as %s.\n"), restored);
  else
    g_print (_("Settled.\n"));
  return EXIT_OK;
}

int
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
