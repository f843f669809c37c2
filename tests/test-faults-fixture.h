/* test-faults-fixture.h — what the fault tests (test-faults, test-faults-merge,
 * test-faults-create) share: the scenarios, the fixture, and the checks that
 * a failed operation changed nothing and the file is sound. */
#pragma once

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "attest-test-schema.h"
#include "attest-article-reader.h"
#include "attest-error.h"
#include "attest-store.h"
#include "attest-test-utils.h"
#include "test-faults-vfs.h"

#define SAMPLE       "002_362495c372b1300c.txt"
/* Imported by the operation: one article for each round of positions. */
static const char * const imported[] = { "003_5296401f81ea8387.txt", "004_c3d161883663a3cb.txt" };
#define BATCH_SIZE   100
#define MAX_POSITION 5000
/* ------------------------------------------------------------- scenarios */

typedef enum {
  OP_CLAIM,
  OP_BATCH,
  OP_IMPORT,
  OP_IMPORT_BATCH,
} Operation;

static const char * const operation_names[] = { "claim", "batch", "import", "import-batch" };
/* The words the store's error messages use for each operation. */
static const char * const operation_doing[] = { "saving claims", "saving claims", "importing an article",
                                                "importing articles" };

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

void claim_clear (gpointer data);

GArray *find_words (const char *text);

Claim next_claim (Fixture *f);

AttestStore *open_store (Fixture *f);

void save_acknowledged_claim (Fixture     *f,
                              AttestStore *store);

sqlite3 *raw_open (const char *path);

gint64 raw_int (sqlite3    *db,
                const char *sql);

Counts count_rows_at (const char *path);

Counts count_rows (Fixture *f);

void assert_counts_equal (const Counts *a,
                          const Counts *b);

gint64 count_of (const Counts *counts,
                 const char   *table);

void assert_sound (const char  *path,
                   AttestStore *checker);

void assert_quick (const char *path);

void assert_intact (Fixture *f);

gboolean run_operation (Fixture      *f,
                        Operation     op,
                        AttestStore  *store,
                        GError      **error);

void fixture_set_up (Fixture       *f,
                     gconstpointer  data);

void fixture_tear_down (Fixture       *f,
                        gconstpointer  data);

void remove_database (const char *path);

void copy_database (const char *from,
                    const char *to);

void append_rows (GString    *out,
                  sqlite3    *db,
                  const char *sql);
