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
#include <libxml/xmlwriter.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "attest-article-reader.h"
#include "attest-error.h"
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

static sqlite3 *
raw_open (const char *path)
{
  sqlite3 *db = NULL;

  if (sqlite3_open (path, &db) != SQLITE_OK ||
      sqlite3_exec (db,
                    "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;"
                    "CREATE TABLE documents (id INTEGER PRIMARY KEY, sha256 TEXT UNIQUE, text TEXT);"
                    "CREATE VIRTUAL TABLE documents_fts USING fts5 (text, content='documents', content_rowid='id');"
                    "CREATE TABLE claims (id INTEGER PRIMARY KEY, uuid TEXT UNIQUE, document_id INTEGER,"
                    " start INTEGER, \"end\" INTEGER, quote TEXT, category INTEGER, created TEXT);",
                    NULL, NULL, NULL) != SQLITE_OK)
    die ("raw SQLite setup", NULL);
  return db;
}

static void
raw_exec (sqlite3    *db,
          const char *sql)
{
  if (sqlite3_exec (db, sql, NULL, NULL, NULL) != SQLITE_OK)
    die (sqlite3_errmsg (db), NULL);
}

static void
raw_insert_document (sqlite3    *db,
                     sqlite3_stmt *doc,
                     sqlite3_stmt *fts,
                     GBytes     *bytes)
{
  gsize len;
  const char *text = g_bytes_get_data (bytes, &len);
  g_autofree char *sha = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) text, len);

  raw_exec (db, "BEGIN IMMEDIATE");
  sqlite3_bind_text (doc, 1, sha, -1, SQLITE_STATIC);
  sqlite3_bind_text (doc, 2, text, len, SQLITE_STATIC);
  if (sqlite3_step (doc) != SQLITE_DONE)
    die (sqlite3_errmsg (db), NULL);
  sqlite3_reset (doc);
  sqlite3_bind_int64 (fts, 1, sqlite3_last_insert_rowid (db));
  sqlite3_bind_text (fts, 2, text, len, SQLITE_STATIC);
  if (sqlite3_step (fts) != SQLITE_DONE)
    die (sqlite3_errmsg (db), NULL);
  sqlite3_reset (fts);
  raw_exec (db, "COMMIT");
}

static void
raw_insert_claim (sqlite3      *db,
                  sqlite3_stmt *stmt,
                  gint64        doc,
                  gint64        start,
                  gint64        end)
{
  g_autofree char *uuid = g_uuid_string_random ();

  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, doc);
  sqlite3_bind_int64 (stmt, 3, start);
  sqlite3_bind_int64 (stmt, 4, end);
  sqlite3_bind_int64 (stmt, 5, doc);
  sqlite3_bind_int64 (stmt, 6, 1);
  sqlite3_bind_text (stmt, 7, "2026-01-01T00:00:00Z", -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    die (sqlite3_errmsg (db), NULL);
  sqlite3_reset (stmt);
}

static const char raw_claim_sql[] =
  "INSERT INTO claims (uuid, document_id, start, \"end\", quote, category, created)"
  " SELECT ?1, ?2, ?3, ?4, substr (text, ?3 + 1, ?4 - ?3), ?6, ?7 FROM documents WHERE id = ?5";

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
  sqlite3 *raw = NULL;
  sqlite3_stmt *raw_doc = NULL, *raw_fts = NULL, *raw_claim = NULL, *raw_search = NULL;
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
  raw = raw_open (raw_path);
  sqlite3_prepare_v2 (raw, "INSERT INTO documents (sha256, text) VALUES (?, ?)", -1, &raw_doc, NULL);
  sqlite3_prepare_v2 (raw, "INSERT INTO documents_fts (rowid, text) VALUES (?, ?)", -1, &raw_fts, NULL);
  sqlite3_prepare_v2 (raw, raw_claim_sql, -1, &raw_claim, NULL);

  g_print ("Attest benchmark - %d articles from %u sample paragraphs, SQLite %s, "
           "WAL + synchronous=FULL on both sides\n\n", n_articles, paragraphs->len, sqlite3_libversion ());
  g_print ("  %-44s %12s %12s  %-10s %6s\n", "", "Attest", "raw SQLite", "unit", "ratio");

  /* 1. Import: read, parse header, scan citations, store — one transaction
   * per article, as the CLI and the app do. The floor stores the text and
   * indexes it for search. */
  t = now_s ();
  for (guint i = 0; i < corpus->len; i++)
    {
      g_autofree char *name = g_strdup_printf ("synthetic-%u.txt", i);
      g_autoptr(AttestDocument) doc = attest_article_reader_read_bytes (g_ptr_array_index (corpus, i), name, &error);
      g_autoptr(AttestDocument) stored = NULL;

      if (doc == NULL || !(stored = attest_store_add_document (store, doc, NULL, &error)))
        die ("import", error);
      g_array_append_val (doc_lengths, stored->length);
      total_chars += stored->length;
    }
  attest_s = now_s () - t;
  t = now_s ();
  for (guint i = 0; i < corpus->len; i++)
    raw_insert_document (raw, raw_doc, raw_fts, g_ptr_array_index (corpus, i));
  raw_s = now_s () - t;
  row ("import, one transaction per article", n_articles / attest_s, n_articles / raw_s, "articles/s");
  row ("  total time", attest_s, raw_s, "s");

  /* 2. Claims saved one transaction each, as the app saves a click: each
   * commit is an fsync of the WAL, which dominates both sides. */
  t = now_s ();
  for (int i = 0; i < single_claims; i++)
    {
      int d = g_rand_int_range (rand, 0, n_articles);
      gint64 len = g_array_index (doc_lengths, gint64, d);
      gint64 start = g_rand_int_range (rand, 0, len - 60);
      g_autofree char *ref = g_strdup_printf ("%d", d + 1);
      g_autoptr(AttestClaim) c = attest_store_add_claim (store, ref, start, start + 40,
                                                         keys[i % G_N_ELEMENTS (keys)], NULL, NULL, &error);
      if (c == NULL && !g_error_matches (error, ATTEST_ERROR, ATTEST_ERROR_INVALID))
        die ("claim", error);
      g_clear_error (&error);
    }
  attest_s = now_s () - t;
  t = now_s ();
  for (int i = 0; i < single_claims; i++)
    {
      int d = g_rand_int_range (rand, 0, n_articles);
      gint64 start = g_rand_int_range (rand, 0, g_array_index (doc_lengths, gint64, d) - 60);

      raw_exec (raw, "BEGIN IMMEDIATE");
      raw_insert_claim (raw, raw_claim, d + 1, start, start + 40);
      raw_exec (raw, "COMMIT");
    }
  raw_s = now_s () - t;
  row ("claims, one transaction each", single_claims / attest_s, single_claims / raw_s, "claims/s");
  row ("  mean latency per claim (key press -> saved)", 1000 * attest_s / single_claims,
       1000 * raw_s / single_claims, "ms");

  /* 3. Claims batched, one transaction per article. */
  {
    g_autofree AttestClaimSpec *specs = g_new0 (AttestClaimSpec, claims_per_article);
    gint64 total = (gint64) n_articles * claims_per_article;

    t = now_s ();
    for (int d = 0; d < n_articles; d++)
      {
        gint64 len = g_array_index (doc_lengths, gint64, d);
        g_autofree char *ref = g_strdup_printf ("%d", d + 1);
        g_autoptr(GArray) ids = NULL;

        /* Two annotators, a team's corpus: the TEI export then computes
         * agreement for its header. */
        attest_store_set_annotator (store, d % 2 ? "Bench 2" : "Bench", NULL);
        for (int i = 0; i < claims_per_article; i++)
          {
            /* Shapes analysts make: mostly disjoint, some nested. */
            gint64 start = g_rand_int_range (rand, 0, len - 200);
            specs[i] = (AttestClaimSpec) { start, start + g_rand_int_range (rand, 20, 180),
                                           keys[i % G_N_ELEMENTS (keys)], NULL, NULL };
          }
        ids = attest_store_add_claims (store, ref, specs, claims_per_article, &error);
        if (ids == NULL)
          {
            /* A random range may start or end in white space only; skip that batch. */
            if (!g_error_matches (error, ATTEST_ERROR, ATTEST_ERROR_INVALID))
              die ("batched claims", error);
            g_clear_error (&error);
            total -= claims_per_article;
          }
      }
    attest_s = now_s () - t;
    t = now_s ();
    for (int d = 0; d < n_articles; d++)
      {
        gint64 len = g_array_index (doc_lengths, gint64, d);

        raw_exec (raw, "BEGIN IMMEDIATE");
        for (int i = 0; i < claims_per_article; i++)
          {
            gint64 start = g_rand_int_range (rand, 0, len - 200);
            raw_insert_claim (raw, raw_claim, d + 1, start, start + g_rand_int_range (rand, 20, 180));
          }
        raw_exec (raw, "COMMIT");
      }
    raw_s = now_s () - t;
    row ("claims, batched per article", total / attest_s, (double) n_articles * claims_per_article / raw_s,
         "claims/s");
    row ("  total time", attest_s, raw_s, "s");
  }

  /* 4. Search: what the sidebar does as you type. */
  {
    g_autoptr(GArray) attest_ms = g_array_new (FALSE, FALSE, sizeof (double));
    g_autoptr(GArray) raw_ms = g_array_new (FALSE, FALSE, sizeof (double));

    sqlite3_prepare_v2 (raw, "SELECT rowid, snippet (documents_fts, 0, '[', ']', '...', 12)"
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
      row ("TEI import into an empty database", import_s, 0, "s");
      row ("  peak memory of the importing process", import_mb, 0, "MB");
    }

  g_print ("\n  corpus: %d articles, %.1f M characters; peak memory %.0f MB\n",
           n_articles, total_chars / 1e6, peak_rss_mb ());
  g_print ("  budgets (DESIGN.md): save a claim < 16 ms; 10,000 articles + 1,000,000 claims "
           "imported < 10 s; TEI export < 5 s and < 64 MB; search < 20 ms\n");

  sqlite3_finalize (raw_doc);
  sqlite3_finalize (raw_fts);
  sqlite3_finalize (raw_claim);
  sqlite3_finalize (raw_search);
  sqlite3_close (raw);
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
