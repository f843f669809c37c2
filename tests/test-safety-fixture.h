/* test-safety-fixture.h — what the never-lose-work tests (test-safety and
 * test-safety-outside) share: the fixture, attest-cli runs, lock and file checks. */
#pragma once

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "attest-test-schema.h"
#include "attest-article-reader.h"
#include "attest-error.h"
#include "attest-input-file.h"
#include "attest-output-file.h"
#include "attest-store.h"
#include "attest-table-writer.h"
#include "attest-tei-reader.h"
#include "attest-tei-writer.h"
#include "attest-test-utils.h"

typedef struct {
  char        *dir;
  char        *db;
  AttestStore *store;
  char        *doc;     /* uuid of the first sample */
} Fixture;

/* Compares a string the test just made, and frees it. */
#define assert_made_str(made, expected) \
  G_STMT_START { g_autofree char *made_ = (made); g_assert_cmpstr (made_, ==, (expected)); } G_STMT_END

#define cli(cwd, ...) attest_test_cli_argv ((cwd), (const char *[]) { __VA_ARGS__, NULL })

void fixture_set_up (Fixture       *f,
                     gconstpointer  data);

void fixture_tear_down (Fixture       *f,
                        gconstpointer  data);

gboolean holds_locks (const char *db,
                      pid_t       pid);

char *digest (const char *path);

guint count_pieces (const char *text,
                    const char *sep);

int compare_names (gconstpointer a,
                   gconstpointer b);

char *fingerprint (const char *path);

char *listing (const char *dir);

gint64 count_rows (const char *db,
                   const char *sql);

void assert_claims (const char *db,
                    gint64      total,
                    const char *name,
                    gint64      n);

int run_limited (const char  *script,
                 const char  *db,
                 const char  *target,
                 char       **out,
                 char       **err);

void make_version_1 (const char *path);
