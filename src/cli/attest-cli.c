/* attest-cli.c — the Attest model from the command line, for scripts and
 * pipelines. Every command goes through libattest; output is for people, or
 * JSON with --json. The exit code says what went wrong (see usage_text).
 */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>

#include "attest-error.h"
#include "attest-rules.h"

#include "attest-cli-private.h"

static const char usage_text[] =
  N_("Commands:\n"
     "  import FILE…                  import articles (text, HTML, TEI, PDF, DOCX, ODT, EPUB)\n"
     "                                or annotation sets (brat, Web Annotation, UIMA CAS JSON,\n"
     "                                REFI-QDA), each all or nothing\n"
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
     "  conflicts                     the conflicts still open, from every merge\n"
     "  settle CONFLICT mine|theirs   settle one; a claim deleted in one copy and edited in\n"
     "    settle CONFLICT restore|accept  the other comes back as a new claim, or stays deleted\n"
     "  team join SERVER              join the team whose PostgreSQL server SERVER names (a\n"
     "                                connection string or service=NAME, without password)\n"
     "  team status | team leave      the server, changes waiting, last sync; leaving\n"
     "  sync                          send this database's changes, receive the team's (exit 7\n"
     "                                on conflicts, 8 if the server cannot be reached)\n"
     "  backup OUT.db                 a consistent copy of the live database\n"
     "  export tei|csv|jsonl|brat|web-annotation -o FILE [--document D] [--status S] [--annotator A] [--category C]\n"
     "                                the corpus as TEI P5 (one article as a TEI document\n"
     "                                with --document), one row per claim (CSV, JSON Lines),\n"
     "                                or brat standoff (FILE is a new or empty folder)\n"
     "                                or W3C Web Annotation JSON-LD (web-annotation)\n"
     "  export refi-qda -o FILE.qdpx  the same, as a REFI-QDA project (QualCoder, MAXQDA, NVivo)\n"
     "  import-tei FILE               read a TEI export back, all or nothing\n"
     "  import-brat FOLDER|FILE.ann   read brat standoff (.txt and .ann), all or nothing\n"
     "  import-web-annotation FILE    read W3C Web Annotation JSON-LD, all or nothing\n"
     "  import-refi-qda FILE.qdpx     read a REFI-QDA project's text sources, all or nothing\n"
     "  export uima-json -o FOLDER    the same filters; UIMA CAS JSON for INCEpTION, one .json\n"
     "                                per article (FOLDER is a new or empty folder)\n"
     "  import-uima FOLDER|FILE.json  read UIMA CAS JSON (the Claim layer), all or nothing\n"
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
  { "link", CHANGES, cmd_link },
  { "unlink", CHANGES, cmd_unlink },
  { "suggest", READS, cmd_suggest },
  { "claims", READS, cmd_claims },
  { "sources", READS, cmd_sources },
  { "add-source", CHANGES, cmd_add_source },
  { "search", READS, cmd_search },
  { "taxonomy", CREATES, cmd_taxonomy },
  { "history", READS, cmd_history },
  { "check", READS, cmd_check },
  { "merge", CREATES, cmd_merge },
  { "conflicts", READS, cmd_conflicts },
  { "settle", CHANGES, cmd_settle },
  { "team", CREATES, cmd_team },
  { "sync", CHANGES, cmd_sync },
  { "backup", READS, cmd_backup },
  { "export", READS, cmd_export },
  { "import-tei", CREATES, cmd_import_tei },
  { "import-brat", CREATES, cmd_import_brat },
  { "import-web-annotation", CREATES, cmd_import_web_annotation },
  { "import-refi-qda", CREATES, cmd_import_refi_qda },
  { "import-uima", CREATES, cmd_import_uima },
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

/* A refused import into a database this run created leaves no empty
 * database behind ("nothing was imported" then says all of it). One that
 * holds an article (a folder imported in part) stays. */
static void
remove_if_empty (AttestStore **store,
                 const char   *path)
{
  static const char *const suffixes[] = { "", "-wal", "-shm", "-journal" };
  g_autoptr(GPtrArray) documents = attest_store_list_documents (*store, NULL);

  if (documents == NULL || documents->len > 0)
    return;
  g_clear_object (store);
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);

      g_remove (file);
    }
}

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
  gboolean created;
  int status;
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
    opts.db_path = attest_store_dup_default_path ();
  if (opts.read_only)
    flags |= ATTEST_STORE_OPEN_READ_ONLY;
  if (command->access != CREATES)
    flags |= ATTEST_STORE_OPEN_NO_CREATE;
  created = command->access == CREATES && g_str_has_prefix (command->name, "import") &&
            !g_file_test (opts.db_path, G_FILE_TEST_EXISTS);

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
  status = command->run (&cli);
  if (status != EXIT_SUCCESS && created)
    remove_if_empty (&store, opts.db_path);
  return status;
}
