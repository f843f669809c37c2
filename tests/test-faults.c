/* test-faults.c — a full disk and failing I/O, at every write and every sync
 * an operation makes.
 *
 * The store opens its database through SQLite's default VFS (it passes no
 * VFS name to sqlite3_open_v2()), so this program registers, as the default,
 * a VFS that wraps "unix" and can make the Nth xWrite return SQLITE_FULL or
 * SQLITE_IOERR_WRITE, or the Nth xSync return SQLITE_IOERR_FSYNC. For each
 * operation (saving a claim, a batch of claims, importing an article,
 * merging a teammate's copy, setting up an empty file as a database, upgrading
 * an old one) and each kind of
 * fault, N runs from 1 up to the number of calls the operation makes. Every
 * time: the operation fails with ATTEST_ERROR_FULL or ATTEST_ERROR_DISK and a
 * sentence naming the file and what failed; with the faults off, a new
 * store finds every acknowledged claim intact, nothing of the failed
 * operation, and a sound file; and the store that saw the fault goes on
 * saving (merges again; for a new database: opening the same path again
 * sets it up completely).
 *
 * Upgrading a version 1 database (copied with the backup API, then
 * migrated in one transaction) gets the same treatment for writes and
 * syncs: a failed upgrade leaves the file at version 1 with every row, the
 * copy beside it absent or complete, and the next open upgrades it.
 * Reads fail at every position too, for the three operations: a failure
 * reported is a failure that changed nothing.
 */
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "attest-test-schema.h"
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
  FAULT_READ,
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
  if (fault_now (FAULT_READ))
    return faults.rc;
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
  { "write-ioerr", FAULT_WRITE, SQLITE_IOERR_WRITE, FALSE, ATTEST_ERROR_DISK },
  { "sync-ioerr", FAULT_SYNC, SQLITE_IOERR_FSYNC, FALSE, ATTEST_ERROR_DISK },
  /* A read that fails: before, reading a saved claim back after the commit
   * failed this way and reported "nothing was written" for a saved claim.
   * Only for the three operations: merge reads the other copy through the
   * same VFS, and creation has nothing to read. */
  { "read-ioerr", FAULT_READ, SQLITE_IOERR_READ, FALSE, ATTEST_ERROR_DISK },
};
#define N_WRITE_FAULT_KINDS 3

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
  /* Merging: */
  char      *other;         /* the teammate's copy */
  char      *pristine;      /* our database just before the merge */
  AttestMergeReport expected;  /* of a fault-free merge of a fresh copy */
  Counts     merged;        /* the rows that merge adds, per table */
  /* Creating: */
  char      *schema;        /* dump_new_database() of one created fault-free */
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
  g_assert_true (attest_store_set_annotator (store, "Fran Faults", NULL));
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
raw_open (const char *path)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
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
count_rows_at (const char *path)
{
  sqlite3 *db = raw_open (path);
  Counts counts;

  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM %s", tables[i]);
      counts.rows[i] = raw_int (db, sql);
    }
  sqlite3_close (db);
  return counts;
}

static Counts
count_rows (Fixture *f)
{
  return count_rows_at (f->path);
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

/* The file at @path is sound as SQLite sees it (integrity_check), the
 * search index matches the documents, and the store's own check finds
 * nothing wrong, through @checker (a store opened after the fault) or
 * through a new store if NULL. */
static void
assert_sound (const char  *path,
              AttestStore *checker)
{
  g_autoptr(AttestStore) store = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt = NULL;
  sqlite3 *db = raw_open (path);
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

  if (checker == NULL)
    {
      store = attest_store_open (path, ATTEST_STORE_OPEN_NO_CREATE, &error);
      g_assert_no_error (error);
      checker = store;
    }
  ok = attest_store_check (checker, &problems, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < problems->len; i++)
    g_test_message ("problem: %s", (const char *) g_ptr_array_index (problems, i));
  g_assert_true (ok);
}

/* The lighter check, for a file already found sound before the last
 * fault-free write: PRAGMA quick_check and the foreign keys. */
static void
assert_quick (const char *path)
{
  sqlite3_stmt *stmt = NULL;
  sqlite3 *db = raw_open (path);

  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA quick_check", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "ok");
  sqlite3_finalize (stmt);
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM pragma_foreign_key_check"), ==, 0);
  sqlite3_close (db);
}

/* The file is sound, and a new store finds every acknowledged claim and
 * import exactly as it was saved. */
static void
assert_intact (Fixture *f)
{
  g_autoptr(AttestStore) store = NULL;
  g_autoptr(GPtrArray) claims = NULL;
  g_autoptr(GHashTable) by_uuid = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;

  store = open_store (f);
  assert_sound (f->path, store);

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

        /* The batch hands back row ids; reading them is the test's, not
         * the operation's, so no fault may hit it. */
        faults_disarm ();
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
  g_assert_true (attest_store_set_annotator (store, "Fran Faults", NULL));
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
  g_free (f->other);
  g_free (f->pristine);
  attest_merge_report_clear (&f->expected);
  g_free (f->schema);
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
  if (kind->target == FAULT_READ)
    {
      g_autofree char *start = g_strdup_printf ("Could not access “%s” while ", f->path);

      /* A read fails in whatever step reads, named after "while"; SQLite's
       * own words follow ("disk I/O error", or the statement it was
       * preparing). */
      g_assert_true (g_str_has_prefix (error->message, start));
    }
  else
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
      /* A write transaction makes at least one write and one sync; it
       * reads through the VFS only what its cache lacks: nothing, once
       * warm. */
      if (scenario->kind->target != FAULT_READ || !warm)
        g_assert_cmpuint (positions[warm], >=, 1);
    }

  g_test_message ("%s, %s: failed at each of %u %s calls (fresh WAL) and %u (after a commit); "
                  "%u claims acknowledged",
                  operation_names[scenario->op], scenario->kind->name,
                  positions[0], scenario->kind->target == FAULT_WRITE ? "xWrite"
                                : scenario->kind->target == FAULT_READ ? "xRead" : "xSync",
                  positions[1], f->acknowledged->len);
}

/* ----------------------------------------------------------------- merge */

#define TEAMMATE "Olga Other"

/* Removes a database and the files SQLite keeps beside it. */
static void
remove_database (const char *path)
{
  static const char * const suffixes[] = { "", "-wal", "-shm", "-journal" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *p = g_strconcat (path, suffixes[i], NULL);
      g_remove (p);
    }
}

/* A closed database is one file (the last connection checkpointed its WAL
 * and removed it), so copying that file copies the database. */
static void
copy_database (const char *from,
               const char *to)
{
  g_autofree char *wal = g_strconcat (from, "-wal", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize length;

  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_get_contents (from, &contents, &length, &error));
  g_assert_no_error (error);
  remove_database (to);
  g_assert_true (g_file_set_contents (to, contents, length, &error));
  g_assert_no_error (error);
}

/* Appends every row of @sql, one line each, its values as text (blobs in
 * hex, NULL as such) between bars. */
static void
append_rows (GString    *out,
             sqlite3    *db,
             const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_string_append_printf (out, "-- %s\n", sql);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      for (int c = 0; c < sqlite3_column_count (stmt); c++)
        {
          switch (sqlite3_column_type (stmt, c))
            {
            case SQLITE_NULL:
              g_string_append (out, "NULL");
              break;
            case SQLITE_INTEGER:
              g_string_append_printf (out, "%" G_GINT64_FORMAT, (gint64) sqlite3_column_int64 (stmt, c));
              break;
            case SQLITE_FLOAT:
              g_string_append_printf (out, "%.17g", sqlite3_column_double (stmt, c));
              break;
            case SQLITE_BLOB:
              {
                static const char hex[] = "0123456789abcdef";
                const guint8 *blob = sqlite3_column_blob (stmt, c);
                int n = sqlite3_column_bytes (stmt, c);

                g_string_append (out, "x'");
                for (int i = 0; i < n; i++)
                  {
                    g_string_append_c (out, hex[blob[i] >> 4]);
                    g_string_append_c (out, hex[blob[i] & 0xf]);
                  }
                g_string_append_c (out, '\'');
              }
              break;
            default:
              g_string_append_len (out, (const char *) sqlite3_column_text (stmt, c),
                                   sqlite3_column_bytes (stmt, c));
              break;
            }
          g_string_append_c (out, '|');
        }
      g_string_append_c (out, '\n');
    }
  g_assert_cmpint (rc, ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
}

/* The header fields, the schema, and every row of every table (the search
 * index's own tables too), as text read through a new connection in one
 * snapshot: two dumps are equal when the databases hold the same data. */
static char *
dump_database (const char *path)
{
  GString *out = g_string_new (NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  sqlite3 *db = raw_open (path);
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_exec (db, "BEGIN", NULL, NULL, NULL), ==, SQLITE_OK);
  append_rows (out, db, "PRAGMA application_id");
  append_rows (out, db, "PRAGMA user_version");
  append_rows (out, db, "SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY name");

  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT name FROM sqlite_schema WHERE type = 'table'"
                                           " AND sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY name",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (names, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_finalize (stmt);
  /* The tables this test counts, and the FTS5 shadow tables. */
  g_assert_cmpuint (names->len, >=, G_N_ELEMENTS (tables) + 4);

  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT * FROM \"%s\"",
                                              (const char *) g_ptr_array_index (names, i));
      append_rows (out, db, sql);
    }
  g_assert_cmpint (sqlite3_exec (db, "COMMIT", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  return g_string_free (out, FALSE);
}

/* Dumps are long: on a difference, show the first line that differs. */
static void
assert_dumps_equal (const char *got,
                    const char *want)
{
  const char *g = got;
  const char *w = want;
  const char *line = got;
  guint number = 1;

  if (g_str_equal (got, want))
    return;
  for (; *g != '\0' && *g == *w; g++, w++)
    if (*g == '\n')
      {
        line = g + 1;
        number++;
      }
  w -= g - line;
  g_error ("the database changed, line %u of its dump: “%.300s” where it was “%.300s”",
           number, line, w);
}

static void
assert_reports_equal (const AttestMergeReport *got,
                      const AttestMergeReport *want)
{
  g_assert_cmpuint (got->documents_added, ==, want->documents_added);
  g_assert_cmpuint (got->sources_added, ==, want->sources_added);
  g_assert_cmpuint (got->categories_added, ==, want->categories_added);
  g_assert_cmpuint (got->categories_updated, ==, want->categories_updated);
  g_assert_cmpuint (got->claims_added, ==, want->claims_added);
  g_assert_cmpuint (got->claims_updated, ==, want->claims_updated);
  g_assert_cmpuint (got->claims_deleted, ==, want->claims_deleted);
  g_assert_cmpuint (got->links_added, ==, want->links_added);
  g_assert_cmpuint (got->links_removed, ==, want->links_removed);
  g_assert_cmpuint (got->history_added, ==, want->history_added);
  g_assert_nonnull (got->conflicts);
  g_assert_cmpuint (got->conflicts->len, ==, want->conflicts->len);
  for (guint i = 0; i < want->conflicts->len; i++)
    {
      const AttestMergeConflict *a = g_ptr_array_index (got->conflicts, i);
      const AttestMergeConflict *b = g_ptr_array_index (want->conflicts, i);

      g_assert_cmpstr (a->entity, ==, b->entity);
      g_assert_cmpstr (a->uuid, ==, b->uuid);
      g_assert_cmpstr (a->field, ==, b->field);
      g_assert_cmpstr (a->ours, ==, b->ours);
      g_assert_cmpstr (a->theirs, ==, b->theirs);
    }
}

/* A merge went through: it reports what the fault-free merge reported,
 * and added as many rows to every table, to the database that held
 * @before. */
static void
assert_merged (Fixture                 *f,
               const AttestMergeReport *report,
               const Counts            *before)
{
  Counts after = count_rows (f);
  Counts want;

  assert_reports_equal (report, &f->expected);
  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    want.rows[i] = before->rows[i] + f->merged.rows[i];
  assert_counts_equal (&after, &want);
}

static AttestClaim *
add_claim (Fixture     *f,
           AttestStore *store)
{
  g_autoptr(GError) error = NULL;
  Claim claim = next_claim (f);
  AttestClaim *saved;

  saved = attest_store_add_claim (store, f->doc_uuid, claim.start, claim.end,
                                  g_ptr_array_index (f->categories, claim.category),
                                  NULL, NULL, &error);
  g_assert_no_error (error);
  return saved;
}

static void
set_comment (AttestStore *store,
             const char  *uuid,
             const char  *comment)
{
  g_autoptr(AttestClaim) claim = NULL;
  g_autoptr(GError) error = NULL;

  claim = attest_store_get_claim (store, uuid, &error);
  g_assert_no_error (error);
  g_free (claim->comment);
  claim->comment = g_strdup (comment);
  g_assert_true (attest_store_update_claim (store, claim, &error));
  g_assert_no_error (error);
}

static void
set_label (AttestStore *store,
           const char  *key,
           const char  *label)
{
  g_autoptr(AttestCategory) category = NULL;
  g_autoptr(GError) error = NULL;

  category = attest_store_get_category (store, key, &error);
  g_assert_no_error (error);
  g_free (category->label);
  category->label = g_strdup (label);
  g_assert_true (attest_store_update_category (store, category, &error));
  g_assert_no_error (error);
}

/* Two copies edited apart. Both share our five claims, one of them linked
 * to a source of the article and one that Olga will delete; then Olga, on
 * her copy (a backup of ours), adds claims (one linked), removes our link,
 * renames a category, deletes a claim, comments on one and imports an
 * article; and we add claims, comment on the same claim (a conflict) and
 * rename another category. The merge into a fresh copy of ours, without
 * faults, is what every merge below must report and add. */
static void
merge_set_up (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(AttestDocument) article = read_sample (imported[0]);
  g_autoptr(AttestDocument) stored = NULL;
  g_autoptr(AttestStore) ours = NULL;
  g_autoptr(AttestStore) theirs = NULL;
  g_autoptr(AttestStore) reference = NULL;
  g_autoptr(AttestClaim) doomed = NULL;
  g_autoptr(GPtrArray) sources = NULL;
  g_autoptr(GArray) words = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *reference_path = NULL;
  const char *linked;
  const char *commented;
  Counts before, after;

  fixture_set_up (f, data);
  f->other = g_build_filename (f->dir, "olga.db", NULL);
  f->pristine = g_build_filename (f->dir, "pristine.db", NULL);
  reference_path = g_build_filename (f->dir, "reference.db", NULL);

  ours = open_store (f);
  sources = attest_store_list_sources (ours, f->doc_uuid, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sources->len, >=, 2);
  linked = g_array_index (f->acknowledged, Claim, 0).uuid;
  commented = g_array_index (f->acknowledged, Claim, 1).uuid;
  g_assert_true (attest_store_link (ours, linked, ((AttestSource *) sources->pdata[0])->uuid, &error));
  g_assert_no_error (error);
  doomed = add_claim (f, ours);
  g_assert_true (attest_store_backup (ours, f->other, &error));
  g_assert_no_error (error);

  theirs = attest_store_open (f->other, ATTEST_STORE_OPEN_NO_CREATE, &error);
  g_assert_no_error (error);
  g_assert_true (attest_store_set_annotator (theirs, TEAMMATE, NULL));
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(AttestClaim) made = add_claim (f, theirs);

      if (i == 0)
        g_assert_true (attest_store_link (theirs, made->uuid,
                                          ((AttestSource *) sources->pdata[1])->uuid, &error));
      g_assert_no_error (error);
    }
  g_assert_true (attest_store_unlink (theirs, linked, ((AttestSource *) sources->pdata[0])->uuid, &error));
  g_assert_no_error (error);
  set_label (theirs, g_ptr_array_index (f->categories, 2), "Renamed by Olga");
  g_assert_true (attest_store_delete_claim (theirs, doomed->uuid, &error));
  g_assert_no_error (error);
  set_comment (theirs, commented, "Olga: which source?");
  stored = attest_store_add_document (theirs, article, NULL, &error);
  g_assert_no_error (error);
  words = find_words (stored->text);
  g_assert_cmpuint (words->len, >, 20);
  {
    g_autoptr(AttestClaim) made = NULL;

    made = attest_store_add_claim (theirs, stored->uuid, g_array_index (words, Claim, 10).start,
                                   g_array_index (words, Claim, 12).end,
                                   g_ptr_array_index (f->categories, 0), NULL, NULL, &error);
    g_assert_no_error (error);
  }
  g_clear_object (&theirs);

  save_acknowledged_claim (f, ours);
  save_acknowledged_claim (f, ours);
  set_comment (ours, commented, "Fran: check the date");
  set_label (ours, g_ptr_array_index (f->categories, 3), "Renamed by Fran");
  g_clear_object (&ours);
  copy_database (f->path, f->pristine);

  copy_database (f->pristine, reference_path);
  before = count_rows_at (reference_path);
  reference = attest_store_open (reference_path, ATTEST_STORE_OPEN_NO_CREATE, &error);
  g_assert_no_error (error);
  g_assert_true (attest_store_set_annotator (reference, "Fran Faults", NULL));
  g_assert_true (attest_store_merge (reference, f->other, &f->expected, &error));
  g_assert_no_error (error);
  g_clear_object (&reference);
  after = count_rows_at (reference_path);
  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    f->merged.rows[i] = after.rows[i] - before.rows[i];
  assert_sound (reference_path, NULL);

  g_assert_cmpuint (f->expected.documents_added, ==, 1);
  g_assert_cmpuint (f->expected.sources_added, >=, 1);
  g_assert_cmpuint (f->expected.categories_updated, ==, 1);
  g_assert_cmpuint (f->expected.claims_added, ==, 4);
  g_assert_cmpuint (f->expected.claims_updated, ==, 1);
  g_assert_cmpuint (f->expected.claims_deleted, ==, 1);
  g_assert_cmpuint (f->expected.links_added, ==, 1);
  g_assert_cmpuint (f->expected.links_removed, ==, 1);
  g_assert_cmpuint (f->expected.history_added, >, 0);
  g_assert_cmpuint (f->expected.conflicts->len, ==, 1);
  g_assert_cmpint (count_of (&f->merged, "claims"), ==, 4);
}

/* One merge with the fault at call @position, into our database as it was
 * before the merge. @warm: the store acknowledged a claim just before.
 * Returns TRUE when the merge made fewer calls than that. */
static gboolean
merge_fault_at (Fixture         *f,
                const FaultKind *kind,
                gboolean         warm,
                guint            position)
{
  g_auto(AttestMergeReport) report = { 0 };
  g_autoptr(AttestStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *expected = NULL;
  Counts counts;
  gboolean done;
  guint fired;

  copy_database (f->pristine, f->path);
  store = open_store (f);
  if (warm)
    g_object_unref (add_claim (f, store));
  before = dump_database (f->path);
  counts = count_rows (f);

  faults_arm (kind->target, kind->rc, kind->sticky, position);
  done = attest_store_merge (store, f->other, &report, &error);
  fired = faults.fired;
  faults_disarm ();

  if (done)
    {
      g_assert_no_error (error);
      g_assert_cmpuint (fired, ==, 0);
      assert_merged (f, &report, &counts);
      /* The dump does see a merge. */
      after = dump_database (f->path);
      g_assert_false (g_str_equal (after, before));
      g_clear_object (&store);
      assert_sound (f->path, NULL);
      return TRUE;
    }

  /* The fault surfaced as our error, in words, with nothing to report. */
  g_assert_cmpuint (fired, >=, 1);
  g_assert_error (error, ATTEST_ERROR, kind->expected);
  if (kind->expected == ATTEST_ERROR_FULL)
    expected = g_strdup_printf ("The disk holding “%s” is full; merging failed and nothing was changed",
                                f->path);
  else
    expected = g_strdup_printf ("Could not access “%s” while merging: disk I/O error", f->path);
  g_assert_cmpstr (error->message, ==, expected);
  g_clear_error (&error);
  g_assert_null (report.conflicts);
  g_assert_cmpuint (report.claims_added + report.history_added, ==, 0);

  /* Not one value of one row changed, as a new connection sees it while
   * the store that failed is still open... */
  after = dump_database (f->path);
  assert_dumps_equal (after, before);
  assert_sound (f->path, NULL);

  if (!warm)
    {
      /* ...and once that store is closed (its WAL checkpointed and
       * removed), then a new store merges. */
      g_clear_object (&store);
      g_clear_pointer (&after, g_free);
      after = dump_database (f->path);
      assert_dumps_equal (after, before);
      store = open_store (f);
    }

  /* The same merge, the disk freed, goes through and does what a merge
   * without faults does (warm: on the very store that saw the fault). */
  g_assert_true (attest_store_merge (store, f->other, &report, &error));
  g_assert_no_error (error);
  assert_merged (f, &report, &counts);
  g_clear_object (&store);
  assert_quick (f->path);
  return FALSE;
}

static void
test_merge_faults (Fixture       *f,
                   gconstpointer  data)
{
  const FaultKind *kind = data;
  guint positions[2] = { 0, 0 };

  for (guint warm = 0; warm < 2; warm++)
    {
      guint n;

      for (n = 1; n <= MAX_POSITION; n++)
        if (merge_fault_at (f, kind, warm, n))
          break;
      g_assert_cmpuint (n, <=, MAX_POSITION);
      positions[warm] = n - 1;
      g_assert_cmpuint (positions[warm], >=, 1);
    }

  g_test_message ("merge, %s: failed at each of %u %s calls (fresh WAL) and %u (after a commit); "
                  "each merge: documents added %u, sources added %u, claims added %u, links added %u, "
                  "links removed %u, claims updated %u, categories updated %u, claims deleted %u, "
                  "conflicts %u, history entries added %u",
                  kind->name, positions[0], kind->target == FAULT_WRITE ? "xWrite" : "xSync",
                  positions[1], f->expected.documents_added, f->expected.sources_added,
                  f->expected.claims_added, f->expected.links_added, f->expected.links_removed,
                  f->expected.claims_updated, f->expected.categories_updated,
                  f->expected.claims_deleted, f->expected.conflicts->len, f->expected.history_added);
}

/* -------------------------------------------------------------- creating */

#define DEFAULT_CATEGORIES 13

/* What creating a database yields, without timestamps: the header fields,
 * the schema, the default taxonomy and the (zero) rows of the other
 * tables. */
static char *
dump_new_database (const char *path)
{
  GString *out = g_string_new (NULL);
  sqlite3 *db = raw_open (path);

  append_rows (out, db, "PRAGMA application_id");
  append_rows (out, db, "PRAGMA user_version");
  append_rows (out, db, "PRAGMA journal_mode");
  append_rows (out, db, "SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY name");
  append_rows (out, db, "SELECT key, label, description, color, shortcut, parent_key, retired, position,"
                        " version FROM categories ORDER BY id");
  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM %s", tables[i]);
      append_rows (out, db, sql);
    }
  sqlite3_close (db);
  return g_string_free (out, FALSE);
}

/* The file at f->path is a whole new database, as one created without
 * faults: ours, of the current schema, with the default taxonomy; @sound:
 * and passes every check of assert_sound(). */
static void
assert_created (Fixture  *f,
                gboolean  sound)
{
  g_autofree char *dump = dump_new_database (f->path);
  sqlite3 *db = raw_open (f->path);

  g_assert_cmpint (raw_int (db, "PRAGMA application_id"), ==, ATTEST_STORE_APPLICATION_ID);
  g_assert_cmpint (raw_int (db, "PRAGMA user_version"), ==, ATTEST_STORE_SCHEMA_VERSION);
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM categories"), ==, DEFAULT_CATEGORIES);
  sqlite3_close (db);
  g_assert_cmpstr (dump, ==, f->schema);
  if (sound)
    assert_sound (f->path, NULL);
  else
    assert_quick (f->path);
}

static void
create_set_up (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(AttestStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *reference = NULL;

  faults_disarm ();
  f->dir = g_dir_make_tmp ("attest-faults-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "new.db", NULL);
  reference = g_build_filename (f->dir, "reference.db", NULL);

  store = attest_store_open (reference, ATTEST_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_clear_object (&store);
  f->schema = dump_new_database (reference);
}

/* attest_store_open() on a path where there is no file, with the fault at
 * call @position. @phases counts the failures while opening (switching to
 * WAL) and while setting up the schema; @leftovers those that left a
 * non-empty file or a WAL behind. Returns TRUE when creating made fewer
 * calls than that. */
static gboolean
create_fault_at (Fixture         *f,
                 const FaultKind *kind,
                 guint            position,
                 guint            phases[2],
                 guint           *leftovers)
{
  static const char * const doing[2] = { "opening", "setting up the database" };
  g_autoptr(AttestStore) store = NULL;
  g_autoptr(GError) error = NULL;
  guint fired;
  guint phase;

  /* An empty file is set up in place, through SQLite's own files (a path
   * with no file is built elsewhere; see test_create_new_faults()). */
  remove_database (f->path);
  g_assert_true (g_file_set_contents (f->path, "", 0, NULL));
  faults_arm (kind->target, kind->rc, kind->sticky, position);
  store = attest_store_open (f->path, ATTEST_STORE_OPEN_DEFAULT, &error);
  fired = faults.fired;
  faults_disarm ();

  if (store != NULL)
    {
      g_assert_no_error (error);
      g_assert_cmpuint (fired, ==, 0);
      g_clear_object (&store);
      assert_created (f, TRUE);
      return TRUE;
    }

  /* The fault surfaced as our error, in words. */
  g_assert_cmpuint (fired, >=, 1);
  g_assert_error (error, ATTEST_ERROR, kind->expected);
  for (phase = 0; phase < G_N_ELEMENTS (doing); phase++)
    {
      g_autofree char *expected = NULL;

      if (kind->expected == ATTEST_ERROR_FULL)
        expected = g_strdup_printf ("The disk holding “%s” is full; %s failed and nothing was changed",
                                    f->path, doing[phase]);
      else
        expected = g_strdup_printf ("Could not access “%s” while %s: disk I/O error",
                                    f->path, doing[phase]);
      if (g_str_equal (error->message, expected))
        break;
    }
  if (phase == G_N_ELEMENTS (doing))
    g_error ("unexpected message: %s", error->message);
  phases[phase]++;
  g_clear_error (&error);

  {
    g_autofree char *wal = g_strconcat (f->path, "-wal", NULL);
    GStatBuf st;

    if ((g_stat (f->path, &st) == 0 && st.st_size > 0) || g_file_test (wal, G_FILE_TEST_EXISTS))
      (*leftovers)++;
  }

  /* Whatever the failure left behind, opening the same path again, the
   * disk freed, sets up a whole database, as a new store sees it... */
  store = attest_store_open (f->path, ATTEST_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);
  assert_created (f, FALSE);

  /* ...and once every connection is closed, still so. */
  g_clear_object (&store);
  assert_created (f, TRUE);
  return FALSE;
}

static void
test_create_faults (Fixture       *f,
                    gconstpointer  data)
{
  const FaultKind *kind = data;
  guint phases[2] = { 0, 0 };
  guint leftovers = 0;
  guint n;

  for (n = 1; n <= MAX_POSITION; n++)
    if (create_fault_at (f, kind, n, phases, &leftovers))
      break;
  g_assert_cmpuint (n, <=, MAX_POSITION);
  /* Both the switch to WAL and the schema are written and synced. */
  g_assert_cmpuint (phases[0], >=, 1);
  g_assert_cmpuint (phases[1], >=, 1);

  g_test_message ("set up an empty file, %s: failed at each of %u %s calls (%u while switching to WAL, "
                  "%u while setting up the schema and the default taxonomy); "
                  "%u failures left a file behind, each set up whole when opened again",
                  kind->name, n - 1, kind->target == FAULT_WRITE ? "xWrite" : "xSync",
                  phases[0], phases[1], leftovers);
}


/* A path with no file: the database is built in a file without a name
 * (attest-output-file.h) and linked into place whole, so no write or sync
 * goes through SQLite's files there, and no fault can leave half a
 * database (test-safety.c fills a real disk and kills the creation). */
static void
test_create_new_faults (Fixture       *f,
                        gconstpointer  data)
{
  const FaultKind *kind = data;
  g_autoptr(AttestStore) store = NULL;
  g_autoptr(GError) error = NULL;
  guint calls;

  remove_database (f->path);
  faults_arm (kind->target, kind->rc, kind->sticky, 1);
  store = attest_store_open (f->path, ATTEST_STORE_OPEN_DEFAULT, &error);
  calls = faults.calls;
  faults_disarm ();
  g_assert_no_error (error);
  g_assert_cmpuint (calls, ==, 0);
  g_clear_object (&store);
  assert_created (f, TRUE);
}

/* --------------------------------------------------------------- upgrade */

/* A version 1 database (schema 2 without its curation index) with an
 * article and claims, kept beside as "v1.db" to start each run from. */
static void
upgrade_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *v1 = NULL;
  sqlite3 *db;

  fixture_set_up (f, data);
  db = raw_open (f->path);
  g_assert_cmpint (sqlite3_exec (db, ATTEST_TEST_MAKE_VERSION_1, NULL, NULL, NULL),
                   ==, SQLITE_OK);
  sqlite3_close (db);
  v1 = g_build_filename (f->dir, "v1.db", NULL);
  copy_database (f->path, v1);
}

static gboolean
upgrade_fault_at (Fixture         *f,
                  const FaultKind *kind,
                  guint            position)
{
  static const char * const doing[2] = { "opening", "setting up the database" };
  g_autofree char *v1 = g_build_filename (f->dir, "v1.db", NULL);
  g_autofree char *copy = g_strdup_printf ("%s.before-v%d.bak", f->path, ATTEST_STORE_SCHEMA_VERSION);
  g_autoptr(AttestStore) store = NULL;
  g_autoptr(GError) error = NULL;
  Counts before = count_rows_at (v1);
  gboolean matched = FALSE;
  guint fired;
  sqlite3 *db;

  copy_database (v1, f->path);
  g_remove (copy);
  faults_arm (kind->target, kind->rc, kind->sticky, position);
  store = attest_store_open (f->path, ATTEST_STORE_OPEN_DEFAULT, &error);
  fired = faults.fired;
  faults_disarm ();

  if (store != NULL)
    {
      g_assert_no_error (error);
      g_assert_cmpuint (fired, ==, 0);
      g_clear_object (&store);
      db = raw_open (f->path);
      g_assert_cmpint (raw_int (db, "PRAGMA user_version"), ==, ATTEST_STORE_SCHEMA_VERSION);
      sqlite3_close (db);
      return TRUE;
    }

  g_assert_cmpuint (fired, >=, 1);
  g_assert_error (error, ATTEST_ERROR, kind->expected);
  for (guint phase = 0; phase < G_N_ELEMENTS (doing) && !matched; phase++)
    {
      g_autofree char *expected = kind->expected == ATTEST_ERROR_FULL
        ? g_strdup_printf ("The disk holding “%s” is full; %s failed and nothing was changed", f->path, doing[phase])
        : g_strdup_printf ("Could not access “%s” while %s: disk I/O error", f->path, doing[phase]);

      matched = g_str_equal (error->message, expected);
    }
  if (!matched)
    g_error ("unexpected message: %s", error->message);

  /* Still version 1, every row there and sound. */
  {
    Counts after = count_rows (f);

    assert_counts_equal (&after, &before);
  }
  db = raw_open (f->path);
  g_assert_cmpint (raw_int (db, "PRAGMA user_version"), ==, 1);
  sqlite3_close (db);
  /* The copy taken before: absent, or whole at version 1. */
  if (g_file_test (copy, G_FILE_TEST_EXISTS))
    {
      Counts copied = count_rows_at (copy);

      assert_counts_equal (&copied, &before);
      db = raw_open (copy);
      g_assert_cmpint (raw_int (db, "PRAGMA user_version"), ==, 1);
      sqlite3_close (db);
    }
  /* And with the disk well again, it upgrades, and is sound. */
  assert_sound (f->path, NULL);
  db = raw_open (f->path);
  g_assert_cmpint (raw_int (db, "PRAGMA user_version"), ==, ATTEST_STORE_SCHEMA_VERSION);
  sqlite3_close (db);
  return FALSE;
}

static void
test_upgrade_faults (Fixture       *f,
                     gconstpointer  data)
{
  const FaultKind *kind = data;
  guint n;

  for (n = 1; n <= MAX_POSITION; n++)
    if (upgrade_fault_at (f, kind, n))
      break;
  g_assert_cmpuint (n, <=, MAX_POSITION);
  g_assert_cmpuint (n - 1, >=, 1);
  g_test_message ("upgrade, %s: failed at each of %u calls", kind->name, n - 1);
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

  for (guint k = 0; k < N_WRITE_FAULT_KINDS; k++)
    {
      g_autofree char *merge = g_strdup_printf ("/faults/merge/%s", fault_kinds[k].name);
      g_autofree char *create = g_strdup_printf ("/faults/create/%s", fault_kinds[k].name);

      g_test_add (merge, Fixture, &fault_kinds[k], merge_set_up, test_merge_faults, fixture_tear_down);
      g_autofree char *upgrade = g_strdup_printf ("/faults/upgrade/%s", fault_kinds[k].name);

      g_autofree char *create_new = g_strdup_printf ("/faults/create-new/%s", fault_kinds[k].name);

      g_test_add (create, Fixture, &fault_kinds[k], create_set_up, test_create_faults, fixture_tear_down);
      g_test_add (create_new, Fixture, &fault_kinds[k], create_set_up, test_create_new_faults, fixture_tear_down);
      g_test_add (upgrade, Fixture, &fault_kinds[k], upgrade_set_up, test_upgrade_faults, fixture_tear_down);
    }


  return g_test_run ();
}
