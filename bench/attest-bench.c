/* attest-bench.c — the performance figures of DESIGN.md, measured.
 *
 * Generates a corpus shaped like the sample articles (their paragraphs,
 * shuffled, with a unique line so every article is new), then times the
 * work through libattest and, in the same run, the same rows written and
 * read with raw SQLite statements — the floor nothing built on SQLite can
 * beat. Prints one table; nothing is asserted. Run with --full for the
 * DESIGN.md scale (10,000 articles, 1,000,000 claims).
 */
#include "config.h"

#include <fcntl.h>
#include <string.h>

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <libxml/parser.h>
#include <libxml/xmlwriter.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "attest-article-reader.h"
#include "attest-error.h"
#include "attest-import.h"
#include "attest-store.h"

static int    n_articles = 2000;
static int    claims_per_article = 10;
static int    single_claims = 500;
static int    search_rounds = 50;
static char  *samples_dir = NULL;
static gboolean full = FALSE;
static gboolean skip_tei = FALSE;
static gboolean keep = FALSE;
static char  *cli_path = NULL;

static const GOptionEntry entries[] = {
  { "articles", 0, 0, G_OPTION_ARG_INT, &n_articles, "Articles to import (default 2000)", "N" },
  { "claims-per-article", 0, 0, G_OPTION_ARG_INT, &claims_per_article, "Batched claims per article (default 10)", "N" },
  { "single-claims", 0, 0, G_OPTION_ARG_INT, &single_claims, "Claims saved one transaction each (default 500)", "N" },
  { "search-rounds", 0, 0, G_OPTION_ARG_INT, &search_rounds, "Times each query runs (default 50)", "N" },
  { "samples", 0, 0, G_OPTION_ARG_FILENAME, &samples_dir, "Folder of sample articles (default: data/samples)", "DIR" },
  { "full", 0, 0, G_OPTION_ARG_NONE, &full, "DESIGN.md scale: 10,000 articles, 100 claims each", NULL },
  { "no-tei", 0, 0, G_OPTION_ARG_NONE, &skip_tei, "Leave out the TEI export/import figures", NULL },
  { "keep", 0, 0, G_OPTION_ARG_NONE, &keep, "Keep the databases and files (their folder is printed)", NULL },
  { "cli", 0, 0, G_OPTION_ARG_FILENAME, &cli_path, "attest-cli to time (default: beside this program's build)", "PATH" },
  { NULL }
};

/* Attest and the floor take turns of this many articles (or claims), so
 * that whatever else the machine does slows both alike. */
#define TURN 50

static const char *queries[] = {
  "border guards", "Dushanbe", "drug trafficking", "Interfax", "201st Motor Rifle Division",
  "military-technical cooperation", "zeppelin",
};

static double
now_s (void)
{
  return g_get_monotonic_time () / (double) G_USEC_PER_SEC;
}

static double
peak_rss_mb (void)
{
  struct rusage ru;

  getrusage (RUSAGE_SELF, &ru);
  return ru.ru_maxrss / 1024.0;
}

static void
row (const char *what,
     double      attest,
     double      floor,
     const char *unit)
{
  if (floor <= 0)
    g_print ("  %-44s %12.1f %12s  %-10s\n", what, attest, "", unit);
  else if (attest <= 0)
    g_print ("  %-44s %12s %12.1f  %-10s\n", what, "", floor, unit);
  else
    g_print ("  %-44s %12.1f %12.1f  %-10s %5.0f%%\n", what, attest, floor, unit, 100.0 * attest / floor);
}

static void
die (const char *what,
     GError     *error)
{
  g_printerr ("attest-bench: %s: %s\n", what, error ? error->message : "failed");
  exit (1);
}

/* ------------------------------------------------------------- corpus */

static GPtrArray *
load_paragraphs (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  GPtrArray *paragraphs = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  if (d == NULL)
    die ("cannot read the sample folder", NULL);
  while ((name = g_dir_read_name (d)))
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *text = NULL;
      g_auto(GStrv) lines = NULL;

      if (!g_str_has_suffix (name, ".txt") || !g_file_get_contents (path, &text, NULL, NULL))
        continue;
      lines = g_strsplit (text, "\n", -1);
      for (guint i = 0; lines[i]; i++)
        if (g_utf8_strlen (lines[i], -1) > 200)  /* body paragraphs only */
          g_ptr_array_add (paragraphs, g_strdup (lines[i]));
    }
  return paragraphs;
}

/* An article like the samples: header lines, then 5–9 shuffled paragraphs
 * and a unique sentence so that its hash is new. */
static GBytes *
make_article (GPtrArray *paragraphs,
              GRand     *rand,
              int        n)
{
  GString *s = g_string_new (NULL);
  int count = g_rand_int_range (rand, 5, 10);

  g_string_append_printf (s, "Synthetic Article %d On Central Asian Security\n"
                             "Publication: Eurasia Daily Monitor Volume: %d Issue: %d\n"
                             "By:\n",
                          n, 1 + n % 9, 1 + n % 240);
  for (int i = 0; i < count; i++)
    {
      g_string_append (s, g_ptr_array_index (paragraphs,
                                             g_rand_int_range (rand, 0, paragraphs->len)));
      g_string_append (s, "\n\n");
    }
  g_string_append_printf (s, "Report number %d was filed on day %d (Interfax, Moscow, December %d).\n",
                          n, g_rand_int_range (rand, 1, 365), 1 + n % 28);
  return g_string_free_to_bytes (s);
}

/* ------------------------------------------------------- child processes */

/* The child's own peak memory so far: VmHWM belongs to its address space,
 * which exec replaces. (ru_maxrss would not do: Linux keeps the parent's
 * high-water mark across fork and exec, and this process holds the whole
 * generated corpus.) */
static double
vm_hwm_mb (pid_t pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/status", pid);
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents (path, &status, NULL, NULL) || !(line = strstr (status, "VmHWM:")))
    return 0;
  return g_ascii_strtod (line + 6, NULL) / 1024.0;
}

/* Whether the process @pid runs @program (a resolved path) yet. */
static gboolean
runs_program (pid_t       pid,
              const char *program)
{
  g_autofree char *link = g_strdup_printf ("/proc/%d/exe", pid);
  g_autofree char *exe = g_file_read_link (link, NULL);

  return exe != NULL && program != NULL && g_str_equal (exe, program);
}

/* Runs @argv to completion; returns its wall time, and its own peak memory
 * (sampled every 5 ms until it exits) in @peak_mb. */
static double
run_child (char   **argv,
           double  *peak_mb)
{
  double t = g_get_monotonic_time () / (double) G_USEC_PER_SEC;
  g_autofree char *program = realpath (argv[0], NULL);
  int status = 0;
  pid_t pid = fork ();
  pid_t done = 0;

  if (pid == 0)
    {
      int devnull = open ("/dev/null", O_WRONLY);
      dup2 (devnull, 1);
      execv (argv[0], argv);
      _exit (127);
    }
  *peak_mb = 0;
  while (pid > 0 && (done = waitpid (pid, &status, WNOHANG)) == 0)
    {
      /* Until exec the child is a copy of this process, whose high-water
       * mark (the whole corpus) it would report: sample only once it runs
       * the program. */
      if (runs_program (pid, program))
        *peak_mb = MAX (*peak_mb, vm_hwm_mb (pid));
      g_usleep (5 * G_TIME_SPAN_MILLISECOND);
    }
  if (pid < 0 || done < 0 || !WIFEXITED (status) || WEXITSTATUS (status) != 0)
    {
      g_printerr ("attest-bench: %s failed (status %d)\n", argv[0], WEXITSTATUS (status));
      exit (1);
    }
  return g_get_monotonic_time () / (double) G_USEC_PER_SEC - t;
}

/* The floor of a TEI export: the same rows read with raw SQLite and the
 * same elements (a <p> per line, two anchors and a span per claim) written
 * with a bare xmlTextWriter, in one pass, one document at a time. */
static double
raw_tei_floor (const char *db_path,
               const char *out_path,
               double     *read_only_s)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *docs = NULL, *claims = NULL;
  xmlTextWriterPtr w = xmlNewTextWriterFilename (out_path, 0);
  double t0 = g_get_monotonic_time () / (double) G_USEC_PER_SEC;
  double reading = 0;

  sqlite3_open_v2 (db_path, &db, SQLITE_OPEN_READONLY, NULL);
  sqlite3_prepare_v2 (db, "SELECT id, uuid, text FROM documents ORDER BY id", -1, &docs, NULL);
  sqlite3_prepare_v2 (db, "SELECT uuid, start, \"end\", category_id, status FROM claims"
                          " WHERE document_id = ? ORDER BY start", -1, &claims, NULL);
  xmlTextWriterStartDocument (w, NULL, "UTF-8", NULL);
  xmlTextWriterStartElement (w, BAD_CAST "teiCorpus");
  for (;;)
    {
      double r = g_get_monotonic_time () / (double) G_USEC_PER_SEC;
      g_auto(GStrv) lines = NULL;

      if (sqlite3_step (docs) != SQLITE_ROW)
        break;
      reading += g_get_monotonic_time () / (double) G_USEC_PER_SEC - r;
      xmlTextWriterStartElement (w, BAD_CAST "TEI");
      xmlTextWriterWriteAttribute (w, BAD_CAST "xml:id", sqlite3_column_text (docs, 1));
      lines = g_strsplit ((const char *) sqlite3_column_text (docs, 2), "\n", -1);
      for (guint i = 0; lines[i]; i++)
        {
          xmlTextWriterStartElement (w, BAD_CAST "p");
          xmlTextWriterWriteString (w, BAD_CAST lines[i]);
          xmlTextWriterEndElement (w);
        }
      sqlite3_bind_int64 (claims, 1, sqlite3_column_int64 (docs, 0));
      xmlTextWriterStartElement (w, BAD_CAST "spanGrp");
      for (;;)
        {
          r = g_get_monotonic_time () / (double) G_USEC_PER_SEC;
          if (sqlite3_step (claims) != SQLITE_ROW)
            break;
          reading += g_get_monotonic_time () / (double) G_USEC_PER_SEC - r;
          for (int a = 0; a < 2; a++)
            {
              xmlTextWriterStartElement (w, BAD_CAST "anchor");
              xmlTextWriterWriteFormatAttribute (w, BAD_CAST "xml:id", "o%lld",
                                                 sqlite3_column_int64 (claims, 1 + a));
              xmlTextWriterEndElement (w);
            }
          xmlTextWriterStartElement (w, BAD_CAST "span");
          xmlTextWriterWriteAttribute (w, BAD_CAST "xml:id", sqlite3_column_text (claims, 0));
          xmlTextWriterWriteFormatAttribute (w, BAD_CAST "from", "#o%lld", sqlite3_column_int64 (claims, 1));
          xmlTextWriterWriteFormatAttribute (w, BAD_CAST "to", "#o%lld", sqlite3_column_int64 (claims, 2));
          xmlTextWriterWriteFormatAttribute (w, BAD_CAST "ana", "#c%lld", sqlite3_column_int64 (claims, 3));
          xmlTextWriterWriteAttribute (w, BAD_CAST "subtype", sqlite3_column_text (claims, 4));
          xmlTextWriterEndElement (w);
        }
      sqlite3_reset (claims);
      xmlTextWriterEndElement (w);
      xmlTextWriterEndElement (w);
    }
  xmlTextWriterEndDocument (w);
  xmlFreeTextWriter (w);
  sqlite3_finalize (docs);
  sqlite3_finalize (claims);
  sqlite3_close (db);
  *read_only_s = reading;
  return g_get_monotonic_time () / (double) G_USEC_PER_SEC - t0;
}

/* ------------------------------------------------------------ raw floor */

/* The floor writes the rows Attest writes, into tables with Attest's own
 * schema (created by opening a store on the file, so the same indexes,
 * constraints and search triggers), with hand-prepared statements and the
 * same pragmas: for an article, the very rows Attest wrote for it (its
 * document with the search index, sources, citations, history), read
 * back beforehand; for a claim, its row with the quote cut from the text
 * by SQLite and its "create" history row. What it leaves out is Attest's
 * own work: reading the article, finding its attributions, checking each
 * claim's range. */
typedef struct {
  sqlite3      *db;
  sqlite3_stmt *claim;
  sqlite3_stmt *history;
  gint64        annotator;
  gint64        categories[16];
  sqlite3      *src;
  sqlite3_stmt *article_reads[5];
  sqlite3_stmt *article_inserts[5];
} Raw;

static void
raw_exec (sqlite3    *db,
          const char *sql)
{
  if (sqlite3_exec (db, sql, NULL, NULL, NULL) != SQLITE_OK)
    die (sqlite3_errmsg (db), NULL);
}

static void
raw_prepare (Raw           *raw,
             const char    *sql,
             sqlite3_stmt **stmt)
{
  if (sqlite3_prepare_v3 (raw->db, sql, -1, SQLITE_PREPARE_PERSISTENT, stmt, NULL) != SQLITE_OK)
    die (sqlite3_errmsg (raw->db), NULL);
}

static void
raw_open (Raw         *raw,
          const char  *path,
          const char **keys,
          guint        n_keys)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestStore) schema = attest_store_open (path, ATTEST_STORE_OPEN_DEFAULT, &error);
  sqlite3_stmt *stmt = NULL;

  if (schema == NULL)
    die ("raw SQLite setup", error);
  g_clear_object (&schema);
  if (sqlite3_open (path, &raw->db) != SQLITE_OK)
    die ("raw SQLite setup", NULL);
  raw_exec (raw->db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;"
                     "INSERT INTO annotators (uuid, name) VALUES ('5b1f0c9e-0000-4000-8000-000000000001', 'Bench')");
  raw->annotator = sqlite3_last_insert_rowid (raw->db);
  raw_prepare (raw, "SELECT id FROM categories WHERE key = ?", &stmt);
  for (guint i = 0; i < n_keys; i++)
    {
      sqlite3_bind_text (stmt, 1, keys[i], -1, SQLITE_STATIC);
      if (sqlite3_step (stmt) != SQLITE_ROW)
        die ("raw SQLite setup: no category", NULL);
      raw->categories[i] = sqlite3_column_int64 (stmt, 0);
      sqlite3_reset (stmt);
    }
  sqlite3_finalize (stmt);
  raw_prepare (raw, "INSERT INTO claims (uuid, document_id, start, \"end\", quote, category_id, annotator_id,"
                    " created, modified, status, version, deleted)"
                    " SELECT ?1, ?2, ?3, ?4, substr (text, ?3 + 1, ?4 - ?3), ?5, ?6, ?7, ?7, 'draft', 1, 0"
                    " FROM documents WHERE id = ?2", &raw->claim);
  raw_prepare (raw, "INSERT INTO history (uuid, at, annotator, entity, entity_uuid, action, new_value)"
                    " VALUES (?, ?, 'Bench', ?, ?, ?, ?)", &raw->history);
}

static void
raw_close (Raw *raw)
{
  sqlite3_finalize (raw->claim);
  sqlite3_finalize (raw->history);
  for (guint t = 0; t < G_N_ELEMENTS (raw->article_inserts); t++)
    {
      sqlite3_finalize (raw->article_inserts[t]);
      sqlite3_finalize (raw->article_reads[t]);
    }
  sqlite3_close (raw->src);
  sqlite3_close (raw->db);
}

static void
raw_step (Raw          *raw,
          sqlite3_stmt *stmt)
{
  if (sqlite3_step (stmt) != SQLITE_DONE)
    die (sqlite3_errmsg (raw->db), NULL);
  sqlite3_reset (stmt);
}

static void
raw_history (Raw        *raw,
             const char *entity,
             const char *entity_uuid,
             const char *action,
             const char *value)
{
  g_autofree char *uuid = g_uuid_string_random ();

  sqlite3_bind_text (raw->history, 1, uuid, -1, SQLITE_STATIC);
  sqlite3_bind_text (raw->history, 2, "2026-01-01T00:00:00Z", -1, SQLITE_STATIC);
  sqlite3_bind_text (raw->history, 3, entity, -1, SQLITE_STATIC);
  sqlite3_bind_text (raw->history, 4, entity_uuid, -1, SQLITE_STATIC);
  sqlite3_bind_text (raw->history, 5, action, -1, SQLITE_STATIC);
  sqlite3_bind_text (raw->history, 6, value, -1, SQLITE_STATIC);
  raw_step (raw, raw->history);
}

/* The rows Attest wrote for one article, read back (untimed) so that the
 * floor inserts exactly them: the document, its sources and citations,
 * what its import left out, its history. Each row is a GPtrArray of
 * sqlite3_value copies, after the table's INSERT statement. */
typedef struct {
  sqlite3_stmt *insert;
  GPtrArray    *values;
} RawRow;

static const struct {
  const char *read;
  const char *insert;
} article_tables[] = {
  { "SELECT * FROM documents WHERE id = ?1",
    "INSERT INTO documents VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)" },
  { "SELECT * FROM document_extractions WHERE document_id = ?1",
    "INSERT INTO document_extractions VALUES (?, ?)" },
  { "SELECT * FROM sources WHERE document_id = ?1 ORDER BY id",
    "INSERT INTO sources VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)" },
  { "SELECT * FROM citations WHERE document_id = ?1 ORDER BY id",
    "INSERT INTO citations VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)" },
  { "SELECT h.* FROM history h JOIN documents d ON h.entity_uuid = d.uuid WHERE d.id = ?1",
    "INSERT INTO history VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)" },
};

static void
raw_row_free (gpointer data)
{
  RawRow *row = data;

  g_ptr_array_unref (row->values);
  g_free (row);
}

/* Reads back what Attest wrote, from its database @attest_db. */
static void
raw_open_source (Raw        *raw,
                 const char *attest_db)
{
  if (sqlite3_open_v2 (attest_db, &raw->src, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
    die ("reading Attest's rows", NULL);
  for (guint t = 0; t < G_N_ELEMENTS (article_tables); t++)
    {
      if (sqlite3_prepare_v2 (raw->src, article_tables[t].read, -1, &raw->article_reads[t], NULL) != SQLITE_OK)
        die (sqlite3_errmsg (raw->src), NULL);
      raw_prepare (raw, article_tables[t].insert, &raw->article_inserts[t]);
    }
}

/* The rows of articles @first … @last (row ids), in the order written. */
static GPtrArray *
raw_read_articles (Raw    *raw,
                   gint64  first,
                   gint64  last)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func (raw_row_free);

  for (gint64 d = first; d <= last; d++)
    for (guint t = 0; t < G_N_ELEMENTS (article_tables); t++)
      {
        sqlite3_stmt *read = raw->article_reads[t];

        sqlite3_bind_int64 (read, 1, d);
        while (sqlite3_step (read) == SQLITE_ROW)
          {
            RawRow *row = g_new0 (RawRow, 1);

            row->insert = raw->article_inserts[t];
            row->values = g_ptr_array_new_with_free_func ((GDestroyNotify) sqlite3_value_free);
            for (int c = 0; c < sqlite3_column_count (read); c++)
              g_ptr_array_add (row->values, sqlite3_value_dup (sqlite3_column_value (read, c)));
            g_ptr_array_add (rows, row);
          }
        sqlite3_reset (read);
      }
  return rows;
}

static void
raw_insert_row (Raw    *raw,
                RawRow *row)
{
  for (guint c = 0; c < row->values->len; c++)
    sqlite3_bind_value (row->insert, c + 1, g_ptr_array_index (row->values, c));
  raw_step (raw, row->insert);
}

/* One claim, without the transaction around it. */
static void
raw_insert_claim (Raw    *raw,
                  gint64  doc,
                  gint64  start,
                  gint64  end,
                  guint   key,
                  const char *key_name)
{
  g_autofree char *uuid = g_uuid_string_random ();

  sqlite3_bind_text (raw->claim, 1, uuid, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (raw->claim, 2, doc);
  sqlite3_bind_int64 (raw->claim, 3, start);
  sqlite3_bind_int64 (raw->claim, 4, end);
  sqlite3_bind_int64 (raw->claim, 5, raw->categories[key]);
  sqlite3_bind_int64 (raw->claim, 6, raw->annotator);
  sqlite3_bind_text (raw->claim, 7, "2026-01-01T00:00:00Z", -1, SQLITE_STATIC);
  raw_step (raw, raw->claim);
  raw_history (raw, "claim", uuid, "create", key_name);
}

/* The floor of a TEI import: libxml2 parsing the file (its SAX parser with
 * no callbacks: nothing built, every byte checked; xmlTextReader is no
 * floor here, as libxml2 2.9's reader registers every xml:id and slows
 * down quadratically: 80 MB of the export take it 3.1 s, 0.25 s without
 * the ids), then raw SQLite writing the rows Attest's import wrote (copied from its database
 * with INSERT … SELECT, table by table) into an empty database of the same
 * schema, in one transaction, with the page cache Attest's bulk import
 * uses. "WHERE 1" keeps each copy an insert of rows: a bare
 * "INSERT INTO t SELECT * FROM t2" lets SQLite copy a table with no
 * foreign keys or triggers (history) b-tree to b-tree, its indexes already
 * sorted, 8 times faster than inserting the same rows (0.7 s against 5.8 s
 * for a million history rows), which no reader of an XML file can do.
 * @parse_s gets the parsing part. */
static double
raw_tei_import_floor (const char *tei,
                      const char *imported,
                      const char *floor_db,
                      double     *parse_s)
{
  static const char * const tables[] = {
    "annotators", "categories", "outlets", "documents", "document_extractions", "sources",
    "citations", "citation_tombstones", "claims", "claim_sources", "history",
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestStore) schema = attest_store_open (floor_db, ATTEST_STORE_OPEN_DEFAULT, &error);
  xmlSAXHandler sax = { .initialized = XML_SAX2_MAGIC };
  xmlParserCtxtPtr parser;
  g_autoptr(GMappedFile) mapped = NULL;
  const char *data;
  gsize size;
  sqlite3 *db = NULL;
  double t = now_s ();
  int wellformed;

  if (schema == NULL)
    die ("TEI import floor", error);
  g_clear_object (&schema);

  if (!(mapped = g_mapped_file_new (tei, FALSE, &error)))
    die ("TEI import floor", error);
  data = g_mapped_file_get_contents (mapped);
  size = g_mapped_file_get_length (mapped);
  parser = xmlCreatePushParserCtxt (&sax, NULL, NULL, 0, tei);
  xmlCtxtUseOptions (parser, XML_PARSE_HUGE);
  for (gsize at = 0; at < size; at += 1 << 20)
    xmlParseChunk (parser, data + at, MIN ((gsize) 1 << 20, size - at), 0);
  xmlParseChunk (parser, NULL, 0, 1);
  wellformed = parser->wellFormed;
  xmlFreeParserCtxt (parser);
  if (!wellformed)
    die ("TEI import floor: the file does not parse", NULL);
  *parse_s = now_s () - t;

  if (sqlite3_open (floor_db, &db) != SQLITE_OK)
    die ("TEI import floor", NULL);
  raw_exec (db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;"
                "PRAGMA cache_size = -65536");
  {
    char *attach = sqlite3_mprintf ("ATTACH %Q AS src", imported);

    raw_exec (db, attach);
    sqlite3_free (attach);
  }
  /* What a new database holds already (the default taxonomy) goes first,
   * untimed: the floor writes the imported rows, not the seed. */
  raw_exec (db, "DELETE FROM main.categories");
  t = now_s ();
  raw_exec (db, "BEGIN IMMEDIATE");
  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    {
      g_autofree char *sql = g_strdup_printf ("INSERT INTO main.%s SELECT * FROM src.%s WHERE 1",
                                              tables[i], tables[i]);
      raw_exec (db, sql);
    }
  raw_exec (db, "COMMIT");
  t = now_s () - t;
  sqlite3_close (db);
  return *parse_s + t;
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

static double
percentile (GArray *values,
            double  p)
{
  g_array_sort (values, compare_double);
  return g_array_index (values, double, (guint) (p * (values->len - 1)));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = g_option_context_new ("— measure Attest against raw SQLite");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) paragraphs = NULL;
  g_autoptr(GPtrArray) corpus = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261122);
  g_autoptr(AttestStore) store = NULL;
  g_autoptr(GArray) doc_lengths = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *dir = NULL;
  g_autofree char *store_path = NULL;
  g_autofree char *raw_path = NULL;
  Raw raw = { 0 };
  sqlite3_stmt *raw_search = NULL;
  const char *keys[] = { "troop-deployment", "military-base", "debt-deal", "border-security",
                         "counter-narcotics", "agreement-meeting" };
  double t, attest_s, raw_s;
  gint64 total_chars = 0;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    die ("options", error);
  if (full)
    {
      n_articles = 10000;
      claims_per_article = 100;
    }
  if (samples_dir == NULL)
    samples_dir = g_build_filename (g_getenv ("ATTEST_SOURCE_ROOT") ? g_getenv ("ATTEST_SOURCE_ROOT") : ".",
                                    "data", "samples", NULL);

  paragraphs = load_paragraphs (samples_dir);
  if (paragraphs->len == 0)
    die ("no sample paragraphs found (use --samples DIR)", NULL);
  for (int i = 0; i < n_articles; i++)
    g_ptr_array_add (corpus, make_article (paragraphs, rand, i));

  dir = g_dir_make_tmp ("attest-bench-XXXXXX", &error);
  if (dir == NULL)
    die ("temporary folder", error);
  store_path = g_build_filename (dir, "attest.db", NULL);
  raw_path = g_build_filename (dir, "raw.db", NULL);

  store = attest_store_open (store_path, ATTEST_STORE_OPEN_DEFAULT, &error);
  if (store == NULL)
    die ("open", error);
  attest_store_set_annotator (store, "Bench", NULL);
  raw_open (&raw, raw_path, keys, G_N_ELEMENTS (keys));

  g_print ("Attest benchmark - %d articles from %u sample paragraphs, SQLite %s, "
           "WAL + synchronous=FULL on both sides\n\n", n_articles, paragraphs->len, sqlite3_libversion ());
  g_print ("  %-44s %12s %12s  %-10s %6s\n", "", "Attest", "raw SQLite", "unit", "ratio");

  /* 1. Import: read, parse header, scan citations, store — one transaction
   * per article, as the CLI and the app do. The floor inserts the rows
   * Attest wrote. The two take turns, TURN articles each, so that whatever
   * else the machine does slows both alike. */
  raw_open_source (&raw, store_path);
  attest_s = raw_s = 0;
  for (guint first = 0; first < corpus->len; first += TURN)
    {
      guint last = MIN (corpus->len, first + TURN);
      g_autoptr(GPtrArray) article_rows = NULL;

      t = now_s ();
      for (guint i = first; i < last; i++)
        {
          g_autofree char *name = g_strdup_printf ("synthetic-%u.txt", i);
          g_autoptr(AttestDocument) doc = attest_article_reader_read_bytes (g_ptr_array_index (corpus, i), name, &error);
          g_autoptr(AttestDocument) stored = NULL;

          if (doc == NULL || !(stored = attest_store_add_document (store, doc, NULL, &error)))
            die ("import", error);
          g_array_append_val (doc_lengths, stored->length);
          total_chars += stored->length;
        }
      attest_s += now_s () - t;

      article_rows = raw_read_articles (&raw, first + 1, last);
      t = now_s ();
      for (guint r = 0; r < article_rows->len;)
        {
          raw_exec (raw.db, "BEGIN IMMEDIATE");
          /* An article's rows start with its documents row. */
          do
            raw_insert_row (&raw, g_ptr_array_index (article_rows, r++));
          while (r < article_rows->len &&
                 ((RawRow *) g_ptr_array_index (article_rows, r))->insert != raw.article_inserts[0]);
          raw_exec (raw.db, "COMMIT");
        }
      raw_s += now_s () - t;
    }
  row ("import, one transaction per article", n_articles / attest_s, n_articles / raw_s, "articles/s");
  row ("  total time", attest_s, raw_s, "s");

  /* 1b. The same articles as a folder imported at once (attest-cli import
   * FOLDER, the window's drop): read, then written 250 to a transaction
   * (attest_import_files), into a database of their own. The floor
   * inserts the rows Attest wrote, 250 articles to a transaction. Turns of
   * 500 files. */
  {
    g_autofree char *folder = g_build_filename (dir, "articles", NULL);
    g_autofree char *batch_path = g_build_filename (dir, "batch.db", NULL);
    g_autofree char *batch_raw_path = g_build_filename (dir, "batch-raw.db", NULL);
    g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);
    g_autoptr(AttestStore) batch = NULL;
    AttestImportReport report = { 0 };
    Raw batch_raw = { 0 };

    g_mkdir (folder, 0700);
    for (guint i = 0; i < corpus->len; i++)
      {
        g_autofree char *name = g_strdup_printf ("synthetic-%05u.txt", i);
        g_autofree char *path = g_build_filename (folder, name, NULL);
        gsize len;
        const char *text = g_bytes_get_data (g_ptr_array_index (corpus, i), &len);

        if (!g_file_set_contents (path, text, len, &error))
          die ("writing the articles", error);
        g_ptr_array_add (files, g_file_new_for_path (path));
      }
    if (!(batch = attest_store_open (batch_path, ATTEST_STORE_OPEN_DEFAULT, &error)))
      die ("open", error);
    attest_store_set_annotator (batch, "Bench", NULL);
    raw_open (&batch_raw, batch_raw_path, keys, G_N_ELEMENTS (keys));
    raw_open_source (&batch_raw, batch_path);

    attest_s = raw_s = 0;
    for (guint first = 0; first < files->len; first += 2 * ATTEST_IMPORT_BATCH_ARTICLES)
      {
        guint last = MIN (files->len, first + 2 * ATTEST_IMPORT_BATCH_ARTICLES);
        g_autoptr(GPtrArray) article_rows = NULL;

        t = now_s ();
        attest_import_files (batch, (GFile **) files->pdata + first, last - first, NULL, &report,
                             NULL, NULL, NULL, NULL, NULL);
        attest_s += now_s () - t;

        article_rows = raw_read_articles (&batch_raw, first + 1, last);
        t = now_s ();
        for (guint r = 0, n = 0; r < article_rows->len; n = 0)
          {
            raw_exec (batch_raw.db, "BEGIN IMMEDIATE");
            do
              {
                n += ((RawRow *) g_ptr_array_index (article_rows, r))->insert == batch_raw.article_inserts[0];
                raw_insert_row (&batch_raw, g_ptr_array_index (article_rows, r++));
              }
            while (r < article_rows->len &&
                   !(n == ATTEST_IMPORT_BATCH_ARTICLES &&
                     ((RawRow *) g_ptr_array_index (article_rows, r))->insert == batch_raw.article_inserts[0]));
            raw_exec (batch_raw.db, "COMMIT");
          }
        raw_s += now_s () - t;
      }
    if (report.imported != files->len)
      die ("the folder import left articles out", NULL);
    row ("import of a folder, 250 articles a transaction", n_articles / attest_s, n_articles / raw_s,
         "articles/s");
    row ("  total time", attest_s, raw_s, "s");
    attest_import_report_clear (&report);
    raw_close (&batch_raw);
  }

  /* 2. Claims saved one transaction each, as the app saves a click: each
   * commit is an fsync of the WAL, which dominates both sides. The same
   * ranges on both sides, in turns. */
  attest_s = raw_s = 0;
  for (int first = 0; first < single_claims; first += TURN)
    {
      int last = MIN (single_claims, first + TURN);
      g_autoptr(GArray) ranges = g_array_new (FALSE, FALSE, sizeof (gint64));

      for (int i = first; i < last; i++)
        {
          gint64 d = g_rand_int_range (rand, 0, n_articles);
          gint64 start = g_rand_int_range (rand, 0, g_array_index (doc_lengths, gint64, d) - 60);

          g_array_append_val (ranges, d);
          g_array_append_val (ranges, start);
        }
      t = now_s ();
      for (int i = first; i < last; i++)
        {
          gint64 d = g_array_index (ranges, gint64, 2 * (i - first));
          gint64 start = g_array_index (ranges, gint64, 2 * (i - first) + 1);
          g_autofree char *ref = g_strdup_printf ("%" G_GINT64_FORMAT, d + 1);
          g_autoptr(AttestClaim) c = attest_store_add_claim (store, ref, start, start + 40,
                                                             keys[i % G_N_ELEMENTS (keys)], NULL, NULL, &error);
          if (c == NULL && !g_error_matches (error, ATTEST_ERROR, ATTEST_ERROR_INVALID))
            die ("claim", error);
          g_clear_error (&error);
        }
      attest_s += now_s () - t;
      t = now_s ();
      for (int i = first; i < last; i++)
        {
          gint64 d = g_array_index (ranges, gint64, 2 * (i - first));
          gint64 start = g_array_index (ranges, gint64, 2 * (i - first) + 1);

          raw_exec (raw.db, "BEGIN IMMEDIATE");
          raw_insert_claim (&raw, d + 1, start, start + 40, i % G_N_ELEMENTS (keys), keys[i % G_N_ELEMENTS (keys)]);
          raw_exec (raw.db, "COMMIT");
        }
      raw_s += now_s () - t;
    }
  row ("claims, one transaction each", single_claims / attest_s, single_claims / raw_s, "claims/s");
  row ("  mean latency per claim (key press -> saved)", 1000 * attest_s / single_claims,
       1000 * raw_s / single_claims, "ms");

  /* 3. Claims batched, one transaction per article; the same claims on
   * both sides, in turns of TURN articles. */
  {
    g_autofree AttestClaimSpec *specs = g_new0 (AttestClaimSpec, (gsize) TURN * claims_per_article);
    gint64 total = 0;

    attest_s = raw_s = 0;
    for (int first = 0; first < n_articles; first += TURN)
      {
        int last = MIN (n_articles, first + TURN);
        g_autoptr(GArray) saved = g_array_new (FALSE, FALSE, sizeof (gboolean));

        for (int d = first; d < last; d++)
          {
            gint64 len = g_array_index (doc_lengths, gint64, d);

            for (int i = 0; i < claims_per_article; i++)
              {
                /* Shapes analysts make: mostly disjoint, some nested. */
                gint64 start = g_rand_int_range (rand, 0, len - 200);
                specs[(d - first) * claims_per_article + i] =
                  (AttestClaimSpec) { start, start + g_rand_int_range (rand, 20, 180),
                                      keys[i % G_N_ELEMENTS (keys)], NULL, NULL };
              }
          }

        t = now_s ();
        for (int d = first; d < last; d++)
          {
            g_autofree char *ref = g_strdup_printf ("%d", d + 1);
            g_autoptr(GArray) ids = NULL;
            gboolean ok;

            /* Two annotators, a team's corpus: the TEI export then computes
             * agreement for its header. */
            attest_store_set_annotator (store, d % 2 ? "Bench 2" : "Bench", NULL);
            ids = attest_store_add_claims (store, ref, specs + (d - first) * claims_per_article,
                                           claims_per_article, &error);
            /* A random range may start or end in white space only; that
             * batch is refused, and left out of the floor too. */
            if (ids == NULL && !g_error_matches (error, ATTEST_ERROR, ATTEST_ERROR_INVALID))
              die ("batched claims", error);
            g_clear_error (&error);
            ok = ids != NULL;
            g_array_append_val (saved, ok);
            total += ok ? claims_per_article : 0;
          }
        attest_s += now_s () - t;

        t = now_s ();
        for (int d = first; d < last; d++)
          {
            if (!g_array_index (saved, gboolean, d - first))
              continue;
            raw_exec (raw.db, "BEGIN IMMEDIATE");
            for (int i = 0; i < claims_per_article; i++)
              {
                const AttestClaimSpec *spec = &specs[(d - first) * claims_per_article + i];

                raw_insert_claim (&raw, d + 1, spec->start, spec->end, i % G_N_ELEMENTS (keys), spec->category);
              }
            raw_exec (raw.db, "COMMIT");
          }
        raw_s += now_s () - t;
      }
    row ("claims, batched per article", total / attest_s, total / raw_s, "claims/s");
    row ("  total time", attest_s, raw_s, "s");
  }

  /* 4. Search: what the sidebar does as you type. */
  {
    g_autoptr(GArray) attest_ms = g_array_new (FALSE, FALSE, sizeof (double));
    g_autoptr(GArray) raw_ms = g_array_new (FALSE, FALSE, sizeof (double));

    sqlite3_prepare_v2 (raw.db, "SELECT rowid, snippet (documents_fts, 1, '[', ']', '...', 12)"
                             " FROM documents_fts WHERE documents_fts MATCH ? ORDER BY rank LIMIT 50",
                        -1, &raw_search, NULL);
    for (int r = 0; r < search_rounds; r++)
      for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
        {
          g_autoptr(GPtrArray) hits = NULL;
          g_autofree char *fts = g_strdup_printf ("\"%s\"", queries[q]);
          double ms;

          t = now_s ();
          hits = attest_store_search (store, queries[q], 50, &error);
          ms = 1000 * (now_s () - t);
          if (hits == NULL)
            die ("search", error);
          g_array_append_val (attest_ms, ms);

          /* The floor: one phrase query, rows read and dropped. */
          t = now_s ();
          sqlite3_bind_text (raw_search, 1, fts, -1, SQLITE_STATIC);
          while (sqlite3_step (raw_search) == SQLITE_ROW)
            ;
          sqlite3_reset (raw_search);
          ms = 1000 * (now_s () - t);
          g_array_append_val (raw_ms, ms);
        }
    row ("search, median (50 hits, with snippets)", percentile (attest_ms, 0.5), percentile (raw_ms, 0.5), "ms");
    row ("search, 95th percentile", percentile (attest_ms, 0.95), percentile (raw_ms, 0.95), "ms");
  }

  /* 5. TEI: export the whole corpus as users do (attest-cli in its own
   * process, so its peak memory is its own), import it into an empty
   * database, and the floor. */
  if (!skip_tei)
    {
      g_autofree char *cli = cli_path ? g_strdup (cli_path)
                                      : g_build_filename (g_path_get_dirname (argv[0]), "..", "src", "cli",
                                                          "attest-cli", NULL);
      g_autofree char *tei = g_build_filename (dir, "corpus.xml", NULL);
      g_autofree char *floor_xml = g_build_filename (dir, "floor.xml", NULL);
      g_autofree char *fresh = g_build_filename (dir, "fresh.db", NULL);
      g_autofree char *floor_db = g_build_filename (dir, "floor-import.db", NULL);
      char *export_argv[] = { cli, (char *) "--db", store_path, (char *) "export", (char *) "tei",
                              (char *) "-o", tei, NULL };
      char *import_argv[] = { cli, (char *) "--db", fresh, (char *) "import-tei", tei, NULL };
      double export_mb, import_mb, floor_read, floor_all, export_s, import_s;
      GStatBuf st;

      export_s = run_child (export_argv, &export_mb);
      floor_all = raw_tei_floor (store_path, floor_xml, &floor_read);
      g_stat (tei, &st);
      row ("TEI export, whole corpus", export_s, floor_all, "s");
      row ("  peak memory of the exporting process", export_mb, 0, "MB");
      row ("  of which reading the rows (floor)", 0, floor_read, "s");
      g_print ("  %-44s %12.1f %12s  %-10s\n", "  file size", st.st_size / 1e6, "", "MB");
      import_s = run_child (import_argv, &import_mb);
      floor_all = raw_tei_import_floor (tei, fresh, floor_db, &floor_read);
      row ("TEI import into an empty database", import_s, floor_all, "s");
      row ("  peak memory of the importing process", import_mb, 0, "MB");
      row ("  of which parsing with libxml2 (floor)", 0, floor_read, "s");
    }

  g_print ("\n  corpus: %d articles, %.1f M characters; peak memory %.0f MB\n",
           n_articles, total_chars / 1e6, peak_rss_mb ());
  g_print ("  budgets (DESIGN.md): save a claim < 16 ms; 10,000 articles + 1,000,000 claims "
           "imported < 10 s; TEI export < 5 s and < 64 MB; search < 20 ms\n");

  sqlite3_finalize (raw_search);
  raw_close (&raw);
  g_clear_object (&store);
  if (keep)
    {
      g_print ("  kept: %s\n", dir);
      return 0;
    }
  {
    g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
    const char *name;
    while (d && (name = g_dir_read_name (d)))
      {
        g_autofree char *p = g_build_filename (dir, name, NULL);
        g_remove (p);
      }
    g_rmdir (dir);
  }
  return 0;
}
