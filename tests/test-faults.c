/* test-faults.c — a full disk and failing I/O, at every write and every sync
 * an operation makes.
 *
 * The store opens its database through SQLite's default VFS (it passes no
 * VFS name to sqlite3_open_v2()), so this program registers, as the default,
 * a VFS that wraps "unix" and can make the Nth xWrite return SQLITE_FULL or
 * SQLITE_IOERR_WRITE, or the Nth xSync return SQLITE_IOERR_FSYNC. For each
 * operation (saving a claim, a batch of claims, importing an article) and
 * each kind of fault, N runs from 1 up to the number of calls the operation
 * makes. Every time: the operation fails with ATTEST_ERROR_FULL or
 * ATTEST_ERROR_IO and a sentence naming the file and what failed; with the
 * faults off, a new store finds every acknowledged claim intact, nothing of
 * the failed operation, and a sound file; and the store that saw the fault
 * goes on saving.
 */
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "attest-article-reader.h"
#include "attest-error.h"
#include "attest-store.h"

#define SAMPLE       "002_362495c372b1300c.txt"
/* Imported by the operation: one article for each round of positions. */
static const char * const imported[] = { "003_5296401f81ea8387.txt", "004_c3d161883663a3cb.txt" };
#define BATCH_SIZE   100
#define MAX_POSITION 5000

/* ------------------------------------------------------------- fault VFS */

typedef enum {
  FAULT_NONE,
  FAULT_WRITE,
  FAULT_SYNC,
} FaultTarget;

static struct {
  FaultTarget target;
  int         rc;       /* what the failing call returns */
  guint       fail_at;  /* the first call that fails, counting from 1 */
  gboolean    sticky;   /* later calls fail too: a full disk stays full */
  guint       calls;    /* calls of the target kind since armed */
  guint       fired;    /* calls made to fail */
} faults;

static sqlite3_vfs *real_vfs;

typedef struct {
  sqlite3_file  base;
  sqlite3_file *real;  /* right after this struct, real_vfs->szOsFile bytes */
} FaultFile;

#define REAL(file) (((FaultFile *) (file))->real)

static void
faults_arm (FaultTarget target,
            int         rc,
            gboolean    sticky,
            guint       fail_at)
{
  faults.target = target;
  faults.rc = rc;
  faults.sticky = sticky;
  faults.fail_at = fail_at;
  faults.calls = 0;
  faults.fired = 0;
}

static void
faults_disarm (void)
{
  faults.target = FAULT_NONE;
}

static gboolean
fault_now (FaultTarget target)
{
  if (faults.target != target)
    return FALSE;
  faults.calls++;
  if (faults.calls == faults.fail_at || (faults.sticky && faults.calls > faults.fail_at))
    {
      faults.fired++;
      return TRUE;
    }
  return FALSE;
}

static int
fault_close (sqlite3_file *file)
{
  return REAL (file)->pMethods->xClose (REAL (file));
}

static int
fault_read (sqlite3_file *file, void *buf, int amount, sqlite3_int64 offset)
{
  return REAL (file)->pMethods->xRead (REAL (file), buf, amount, offset);
}

static int
fault_write (sqlite3_file *file, const void *buf, int amount, sqlite3_int64 offset)
{
  if (fault_now (FAULT_WRITE))
    return faults.rc;
  return REAL (file)->pMethods->xWrite (REAL (file), buf, amount, offset);
}

static int
fault_truncate (sqlite3_file *file, sqlite3_int64 size)
{
  return REAL (file)->pMethods->xTruncate (REAL (file), size);
}

static int
fault_sync (sqlite3_file *file, int flags)
{
  if (fault_now (FAULT_SYNC))
    return faults.rc;
  return REAL (file)->pMethods->xSync (REAL (file), flags);
}

static int
fault_file_size (sqlite3_file *file, sqlite3_int64 *size)
{
  return REAL (file)->pMethods->xFileSize (REAL (file), size);
}

static int
fault_lock (sqlite3_file *file, int lock)
{
  return REAL (file)->pMethods->xLock (REAL (file), lock);
}

static int
fault_unlock (sqlite3_file *file, int lock)
{
  return REAL (file)->pMethods->xUnlock (REAL (file), lock);
}

static int
fault_check_reserved_lock (sqlite3_file *file, int *out)
{
  return REAL (file)->pMethods->xCheckReservedLock (REAL (file), out);
}

static int
fault_file_control (sqlite3_file *file, int op, void *arg)
{
  return REAL (file)->pMethods->xFileControl (REAL (file), op, arg);
}

static int
fault_sector_size (sqlite3_file *file)
{
  return REAL (file)->pMethods->xSectorSize (REAL (file));
}

static int
fault_device_characteristics (sqlite3_file *file)
{
  return REAL (file)->pMethods->xDeviceCharacteristics (REAL (file));
}

static int
fault_shm_map (sqlite3_file *file, int page, int page_size, int extend, void volatile **out)
{
  return REAL (file)->pMethods->xShmMap (REAL (file), page, page_size, extend, out);
}

static int
fault_shm_lock (sqlite3_file *file, int offset, int n, int flags)
{
  return REAL (file)->pMethods->xShmLock (REAL (file), offset, n, flags);
}

static void
fault_shm_barrier (sqlite3_file *file)
{
  REAL (file)->pMethods->xShmBarrier (REAL (file));
}

static int
fault_shm_unmap (sqlite3_file *file, int delete_flag)
{
  return REAL (file)->pMethods->xShmUnmap (REAL (file), delete_flag);
}

static int
fault_fetch (sqlite3_file *file, sqlite3_int64 offset, int amount, void **out)
{
  return REAL (file)->pMethods->xFetch (REAL (file), offset, amount, out);
}

static int
fault_unfetch (sqlite3_file *file, sqlite3_int64 offset, void *p)
{
  return REAL (file)->pMethods->xUnfetch (REAL (file), offset, p);
}

/* Version 3, like unix's own: WAL needs the xShm* methods. */
static const sqlite3_io_methods fault_io_methods = {
  3,
  fault_close,
  fault_read,
  fault_write,
  fault_truncate,
  fault_sync,
  fault_file_size,
  fault_lock,
  fault_unlock,
  fault_check_reserved_lock,
  fault_file_control,
  fault_sector_size,
  fault_device_characteristics,
  fault_shm_map,
  fault_shm_lock,
  fault_shm_barrier,
  fault_shm_unmap,
  fault_fetch,
  fault_unfetch,
};

static int
fault_open (sqlite3_vfs *vfs, sqlite3_filename name, sqlite3_file *file, int flags, int *out_flags)
{
  FaultFile *self = (FaultFile *) file;
  int rc;

  self->real = (sqlite3_file *) (self + 1);
  rc = real_vfs->xOpen (real_vfs, name, self->real, flags, out_flags);
  /* SQLite calls xClose only on a file whose pMethods is set. */
  self->base.pMethods = self->real->pMethods != NULL ? &fault_io_methods : NULL;
  return rc;
}

static int
fault_delete (sqlite3_vfs *vfs, const char *name, int sync_dir)
{
  return real_vfs->xDelete (real_vfs, name, sync_dir);
}

static int
fault_access (sqlite3_vfs *vfs, const char *name, int flags, int *out)
{
  return real_vfs->xAccess (real_vfs, name, flags, out);
}

static int
fault_full_pathname (sqlite3_vfs *vfs, const char *name, int n_out, char *out)
{
  return real_vfs->xFullPathname (real_vfs, name, n_out, out);
}

static void *
fault_dl_open (sqlite3_vfs *vfs, const char *name)
{
  return real_vfs->xDlOpen (real_vfs, name);
}

static void
fault_dl_error (sqlite3_vfs *vfs, int n, char *out)
{
  real_vfs->xDlError (real_vfs, n, out);
}

static void
(*fault_dl_sym (sqlite3_vfs *vfs, void *handle, const char *symbol)) (void)
{
  return real_vfs->xDlSym (real_vfs, handle, symbol);
}

static void
fault_dl_close (sqlite3_vfs *vfs, void *handle)
{
  real_vfs->xDlClose (real_vfs, handle);
}

static int
fault_randomness (sqlite3_vfs *vfs, int n, char *out)
{
  return real_vfs->xRandomness (real_vfs, n, out);
}

static int
fault_sleep (sqlite3_vfs *vfs, int microseconds)
{
  return real_vfs->xSleep (real_vfs, microseconds);
}

static int
fault_current_time (sqlite3_vfs *vfs, double *out)
{
  return real_vfs->xCurrentTime (real_vfs, out);
}

static int
fault_get_last_error (sqlite3_vfs *vfs, int n, char *out)
{
  return real_vfs->xGetLastError (real_vfs, n, out);
}

static int
fault_current_time_int64 (sqlite3_vfs *vfs, sqlite3_int64 *out)
{
  return real_vfs->xCurrentTimeInt64 (real_vfs, out);
}

static sqlite3_vfs fault_vfs = {
  .iVersion = 2,
  .zName = "attest-faults",
  .xOpen = fault_open,
  .xDelete = fault_delete,
  .xAccess = fault_access,
  .xFullPathname = fault_full_pathname,
  .xDlOpen = fault_dl_open,
  .xDlError = fault_dl_error,
  .xDlSym = fault_dl_sym,
  .xDlClose = fault_dl_close,
  .xRandomness = fault_randomness,
  .xSleep = fault_sleep,
  .xCurrentTime = fault_current_time,
  .xGetLastError = fault_get_last_error,
  .xCurrentTimeInt64 = fault_current_time_int64,
};

/* The store has no way to choose a VFS: make ours the default, before any
 * database is opened. */
static void
register_fault_vfs (void)
{
  real_vfs = sqlite3_vfs_find ("unix");
  g_assert_nonnull (real_vfs);
  g_assert_cmpint (real_vfs->iVersion, >=, 2);
  fault_vfs.szOsFile = sizeof (FaultFile) + real_vfs->szOsFile;
  fault_vfs.mxPathname = real_vfs->mxPathname;
  g_assert_cmpint (sqlite3_vfs_register (&fault_vfs, 1), ==, SQLITE_OK);
  g_assert_true (sqlite3_vfs_find (NULL) == &fault_vfs);
}

/* ------------------------------------------------------------- scenarios */

typedef enum {
  OP_CLAIM,
  OP_BATCH,
  OP_IMPORT,
} Operation;

static const char * const operation_names[] = { "claim", "batch", "import" };
/* The words the store's error messages use for each operation. */
static const char * const operation_doing[] = { "saving claims", "saving claims", "importing an article" };

typedef struct {
  const char  *name;
  FaultTarget  target;
  int          rc;
  gboolean     sticky;
  int          expected;  /* an AttestError */
} FaultKind;

static const FaultKind fault_kinds[] = {
  { "write-full", FAULT_WRITE, SQLITE_FULL, TRUE, ATTEST_ERROR_FULL },
  { "write-ioerr", FAULT_WRITE, SQLITE_IOERR_WRITE, FALSE, ATTEST_ERROR_IO },
  { "sync-ioerr", FAULT_SYNC, SQLITE_IOERR_FSYNC, FALSE, ATTEST_ERROR_IO },
};

typedef struct {
  Operation        op;
  const FaultKind *kind;
} Scenario;

/* The tables whose row counts must not move when an operation fails. */
static const char * const tables[] = {
  "annotators", "documents", "categories", "claims", "sources", "citations",
  "claim_sources", "history",
};

typedef struct {
  gint64 rows[G_N_ELEMENTS (tables)];
} Counts;

typedef struct {
  gint64  start;
  gint64  end;
  guint   category;  /* index into Fixture.categories */
  char   *uuid;      /* once acknowledged */
} Claim;

typedef struct {
  char      *dir;
  char      *path;
  char      *doc_uuid;
  char      *text;
  GArray    *words;         /* Claim, one word each */
  GPtrArray *categories;    /* char* */
  GArray    *acknowledged;  /* Claim */
  GPtrArray *documents;     /* char*, uuids of acknowledged imports */
  guint      next;          /* the next claim to make */
  const char *import;       /* the article OP_IMPORT imports */
} Fixture;

/* --------------------------------------------------------------- helpers */

static void
claim_clear (gpointer data)
{
  g_free (((Claim *) data)->uuid);
}

static void
remove_tree (const char *dir)
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

/* Whole words, in characters: a range of them is always a valid claim. */
static GArray *
find_words (const char *text)
{
  GArray *words = g_array_new (FALSE, TRUE, sizeof (Claim));
  gint64 offset = 0;
  gint64 start = -1;

  for (const char *p = text; ; p = g_utf8_next_char (p), offset++)
    {
      gunichar c = g_utf8_get_char (p);
      gboolean in_word = c != 0 && (g_unichar_isalnum (c) || g_unichar_ismark (c));

      if (in_word && start < 0)
        start = offset;
      else if (!in_word && start >= 0)
        {
          Claim word = { start, offset, 0, NULL };
          g_array_append_val (words, word);
          start = -1;
        }
      if (c == 0)
        break;
    }
  return words;
}

/* The next claim to make: one to three words somewhere in the text. */
static Claim
next_claim (Fixture *f)
{
  guint i = f->next++;
  guint a = (i * 7919u) % f->words->len;
  guint b = MIN (a + i % 3, f->words->len - 1);
  Claim claim = {
    g_array_index (f->words, Claim, a).start,
    g_array_index (f->words, Claim, b).end,
    i % f->categories->len,
    NULL,
  };

  return claim;
}

static AttestDocument *
read_sample (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  AttestDocument *doc = attest_article_reader_read_file (file, NULL, &error);

  g_assert_no_error (error);
  return doc;
}

static AttestStore *
open_store (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  AttestStore *store = attest_store_open (f->path, ATTEST_STORE_OPEN_NO_CREATE, &error);

  g_assert_no_error (error);
  attest_store_set_annotator (store, "Fran Faults");
  return store;
}

/* Saves one claim with the faults off: work acknowledged before a fault. */
static void
save_acknowledged_claim (Fixture     *f,
                         AttestStore *store)
{
  g_autoptr(AttestClaim) saved = NULL;
  g_autoptr(GError) error = NULL;
  Claim claim = next_claim (f);

  saved = attest_store_add_claim (store, f->doc_uuid, claim.start, claim.end,
                                  g_ptr_array_index (f->categories, claim.category),
                                  NULL, NULL, &error);
  g_assert_no_error (error);
  claim.uuid = g_strdup (saved->uuid);
  g_array_append_val (f->acknowledged, claim);
}

static sqlite3 *
raw_open (Fixture *f)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (f->path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  return db;
}

static gint64
raw_int (sqlite3    *db,
         const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

static Counts
count_rows (Fixture *f)
{
  sqlite3 *db = raw_open (f);
  Counts counts;

  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM %s", tables[i]);
      counts.rows[i] = raw_int (db, sql);
    }
  sqlite3_close (db);
  return counts;
}

static void
assert_counts_equal (const Counts *a,
                     const Counts *b)
{
  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    {
      if (a->rows[i] != b->rows[i])
        g_test_message ("table %s: %" G_GINT64_FORMAT " rows, expected %" G_GINT64_FORMAT,
                        tables[i], a->rows[i], b->rows[i]);
      g_assert_cmpint (a->rows[i], ==, b->rows[i]);
    }
}

static gint64
count_of (const Counts *counts,
          const char   *table)
{
  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    if (g_str_equal (tables[i], table))
      return counts->rows[i];
  g_assert_not_reached ();
}

/* The file is sound as SQLite sees it, the search index matches the
 * documents, and a new store finds every acknowledged claim and import
 * exactly as it was saved. */
static void
assert_intact (Fixture *f)
{
  g_autoptr(AttestStore) store = open_store (f);
  g_autoptr(GPtrArray) claims = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GHashTable) by_uuid = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt = NULL;
  sqlite3 *db = raw_open (f);
  gboolean ok;

  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA integrity_check", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "ok");
  sqlite3_finalize (stmt);
  g_assert_cmpint (sqlite3_exec (db, "INSERT INTO documents_fts (documents_fts) VALUES ('integrity-check')",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM pragma_foreign_key_check"), ==, 0);
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM claims c WHERE NOT EXISTS"
                                " (SELECT 1 FROM history h WHERE h.entity_uuid = c.uuid"
                                "  AND h.entity = 'claim' AND h.action = 'create')"), ==, 0);
  sqlite3_close (db);

  ok = attest_store_check (store, &problems, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < problems->len; i++)
    g_test_message ("problem: %s", (const char *) g_ptr_array_index (problems, i));
  g_assert_true (ok);

  claims = attest_store_list_claims (store, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (claims->len, >=, f->acknowledged->len);
  for (guint i = 0; i < claims->len; i++)
    {
      AttestClaim *claim = g_ptr_array_index (claims, i);
      g_hash_table_insert (by_uuid, claim->uuid, claim);
    }

  for (guint i = 0; i < f->acknowledged->len; i++)
    {
      const Claim *want = &g_array_index (f->acknowledged, Claim, i);
      AttestClaim *claim = g_hash_table_lookup (by_uuid, want->uuid);
      g_autofree char *quote = g_utf8_substring (f->text, want->start, want->end);

      if (claim == NULL)
        g_error ("the acknowledged claim %s is gone", want->uuid);
      g_assert_cmpstr (claim->document_uuid, ==, f->doc_uuid);
      g_assert_cmpint (claim->start, ==, want->start);
      g_assert_cmpint (claim->end, ==, want->end);
      g_assert_cmpstr (claim->category, ==, g_ptr_array_index (f->categories, want->category));
      g_assert_cmpstr (claim->quote, ==, quote);
    }

  for (guint i = 0; i < f->documents->len; i++)
    {
      g_autoptr(AttestDocument) doc = attest_store_get_document (store,
                                                                 g_ptr_array_index (f->documents, i),
                                                                 &error);
      g_assert_no_error (error);
      g_assert_nonnull (doc);
    }
}

/* Runs @op on @store; on success records what it acknowledged. */
static gboolean
run_operation (Fixture      *f,
               Operation     op,
               AttestStore  *store,
               GError      **error)
{
  switch (op)
    {
    case OP_CLAIM:
      {
        Claim claim = next_claim (f);
        g_autoptr(AttestClaim) saved = NULL;

        saved = attest_store_add_claim (store, f->doc_uuid, claim.start, claim.end,
                                        g_ptr_array_index (f->categories, claim.category),
                                        NULL, NULL, error);
        if (saved == NULL)
          return FALSE;
        claim.uuid = g_strdup (saved->uuid);
        g_array_append_val (f->acknowledged, claim);
        return TRUE;
      }

    case OP_BATCH:
      {
        AttestClaimSpec specs[BATCH_SIZE];
        Claim claims[BATCH_SIZE];
        g_autoptr(GArray) ids = NULL;

        for (guint i = 0; i < BATCH_SIZE; i++)
          {
            claims[i] = next_claim (f);
            specs[i] = (AttestClaimSpec) {
              claims[i].start, claims[i].end,
              g_ptr_array_index (f->categories, claims[i].category), NULL, NULL,
            };
          }
        ids = attest_store_add_claims (store, f->doc_uuid, specs, BATCH_SIZE, error);
        if (ids == NULL)
          return FALSE;
        g_assert_cmpuint (ids->len, ==, BATCH_SIZE);

        /* The batch hands back row ids; reading needs no writes. */
        for (guint i = 0; i < BATCH_SIZE; i++)
          {
            g_autofree char *ref = g_strdup_printf ("%" G_GINT64_FORMAT, g_array_index (ids, gint64, i));
            g_autoptr(AttestClaim) saved = NULL;
            g_autoptr(GError) local = NULL;

            saved = attest_store_get_claim (store, ref, &local);
            g_assert_no_error (local);
            claims[i].uuid = g_strdup (saved->uuid);
            g_array_append_val (f->acknowledged, claims[i]);
          }
        return TRUE;
      }

    case OP_IMPORT:
      {
        g_autoptr(AttestDocument) doc = read_sample (f->import);
        g_autoptr(AttestDocument) stored = NULL;
        gboolean existed = TRUE;

        stored = attest_store_add_document (store, doc, &existed, error);
        if (stored == NULL)
          return FALSE;
        g_assert_false (existed);
        g_ptr_array_add (f->documents, g_strdup (stored->uuid));
        return TRUE;
      }

    default:
      g_assert_not_reached ();
    }
}

/* --------------------------------------------------------------- fixture */

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(AttestDocument) doc = read_sample (SAMPLE);
  g_autoptr(AttestDocument) stored = NULL;
  g_autoptr(AttestStore) store = NULL;
  g_autoptr(GPtrArray) cats = NULL;
  g_autoptr(GError) error = NULL;

  faults_disarm ();
  f->dir = g_dir_make_tmp ("attest-faults-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "team.db", NULL);
  f->acknowledged = g_array_new (FALSE, TRUE, sizeof (Claim));
  g_array_set_clear_func (f->acknowledged, claim_clear);
  f->documents = g_ptr_array_new_with_free_func (g_free);

  store = attest_store_open (f->path, ATTEST_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  attest_store_set_annotator (store, "Fran Faults");
  stored = attest_store_add_document (store, doc, NULL, &error);
  g_assert_no_error (error);
  f->doc_uuid = g_strdup (stored->uuid);
  f->text = g_strdup (stored->text);
  f->words = find_words (f->text);
  g_assert_cmpuint (f->words->len, >, 100);

  cats = attest_store_list_categories (store, FALSE, &error);
  g_assert_no_error (error);
  f->categories = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < cats->len; i++)
    g_ptr_array_add (f->categories,
                     g_strdup (((AttestCategory *) g_ptr_array_index (cats, i))->key));

  for (guint i = 0; i < 5; i++)
    save_acknowledged_claim (f, store);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  faults_disarm ();
  remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->path);
  g_free (f->doc_uuid);
  g_free (f->text);
  g_clear_pointer (&f->words, g_array_unref);
  g_clear_pointer (&f->categories, g_ptr_array_unref);
  g_clear_pointer (&f->acknowledged, g_array_unref);
  g_clear_pointer (&f->documents, g_ptr_array_unref);
}

/* ----------------------------------------------------------------- tests */

/* One run with the fault at call @position. Returns TRUE when the
 * operation made fewer calls than that, so it succeeded untouched. @warm:
 * the same store acknowledged a claim just before, so the fault hits a WAL
 * that holds committed frames not yet copied into the database. */
static gboolean
fault_at (Fixture        *f,
          const Scenario *scenario,
          gboolean        warm,
          guint           position)
{
  const FaultKind *kind = scenario->kind;
  g_autoptr(AttestStore) store = open_store (f);
  g_autoptr(GPtrArray) claims = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = NULL;
  Counts before, after;
  gboolean done;
  guint fired;

  if (warm)
    save_acknowledged_claim (f, store);
  before = count_rows (f);

  faults_arm (kind->target, kind->rc, kind->sticky, position);
  done = run_operation (f, scenario->op, store, &error);
  fired = faults.fired;
  faults_disarm ();

  if (done)
    {
      /* Past the last call: nothing failed, so everything must be there. */
      g_assert_no_error (error);
      g_assert_cmpuint (fired, ==, 0);
      after = count_rows (f);
      switch (scenario->op)
        {
        case OP_CLAIM:
          g_assert_cmpint (count_of (&after, "claims"), ==, count_of (&before, "claims") + 1);
          break;
        case OP_BATCH:
          g_assert_cmpint (count_of (&after, "claims"), ==, count_of (&before, "claims") + BATCH_SIZE);
          break;
        case OP_IMPORT:
          g_assert_cmpint (count_of (&after, "documents"), ==, count_of (&before, "documents") + 1);
          break;
        default:
          g_assert_not_reached ();
        }
      g_assert_cmpint (count_of (&after, "history"), >, count_of (&before, "history"));
      assert_intact (f);
      return TRUE;
    }

  /* The fault surfaced as our error, in words. */
  g_assert_cmpuint (fired, >=, 1);
  g_assert_error (error, ATTEST_ERROR, kind->expected);
  if (kind->expected == ATTEST_ERROR_FULL)
    expected = g_strdup_printf ("The disk holding “%s” is full; %s failed and nothing was changed",
                                f->path, operation_doing[scenario->op]);
  else
    expected = g_strdup_printf ("Could not access “%s” while %s: disk I/O error",
                                f->path, operation_doing[scenario->op]);
  g_assert_cmpstr (error->message, ==, expected);
  g_clear_error (&error);

  /* Nothing of it reached the file, and the store that failed does not
   * see any of it either. */
  after = count_rows (f);
  assert_counts_equal (&after, &before);
  claims = attest_store_list_claims (store, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (claims->len, ==, count_of (&before, "claims"));

  /* Everything acknowledged is intact, seen by a new store while the one
   * that failed is still open... */
  assert_intact (f);

  /* ...which, the disk freed, goes on saving. */
  save_acknowledged_claim (f, store);
  g_clear_object (&store);

  /* And once every connection is closed (the WAL is checkpointed into the
   * database), still so. */
  assert_intact (f);
  return FALSE;
}

static void
test_faults (Fixture       *f,
             gconstpointer  data)
{
  const Scenario *scenario = data;
  guint positions[2] = { 0, 0 };

  for (guint warm = 0; warm < 2; warm++)
    {
      guint n;

      f->import = imported[warm];
      for (n = 1; n <= MAX_POSITION; n++)
        if (fault_at (f, scenario, warm, n))
          break;
      g_assert_cmpuint (n, <=, MAX_POSITION);
      positions[warm] = n - 1;
      /* A write transaction makes at least one write and one sync. */
      g_assert_cmpuint (positions[warm], >=, 1);
    }

  g_test_message ("%s, %s: failed at each of %u %s calls (fresh WAL) and %u (after a commit); "
                  "%u claims acknowledged",
                  operation_names[scenario->op], scenario->kind->name,
                  positions[0], scenario->kind->target == FAULT_WRITE ? "xWrite" : "xSync",
                  positions[1], f->acknowledged->len);
}

int
main (int   argc,
      char *argv[])
{
  static Scenario scenarios[G_N_ELEMENTS (operation_names) * G_N_ELEMENTS (fault_kinds)];
  guint n = 0;

  g_test_init (&argc, &argv, NULL);
  register_fault_vfs ();

  for (guint op = 0; op < G_N_ELEMENTS (operation_names); op++)
    for (guint k = 0; k < G_N_ELEMENTS (fault_kinds); k++)
      {
        g_autofree char *path = g_strdup_printf ("/faults/%s/%s", operation_names[op],
                                                 fault_kinds[k].name);

        scenarios[n] = (Scenario) { op, &fault_kinds[k] };
        g_test_add (path, Fixture, &scenarios[n], fixture_set_up, test_faults, fixture_tear_down);
        n++;
      }

  return g_test_run ();
}
