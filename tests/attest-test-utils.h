/* attest-test-utils.h — helpers shared by the test programs: temporary
 * folders, the sample articles, a store holding them, and attest-cli runs. */
#pragma once

#include <gio/gio.h>

#include "attest-document.h"
#include "attest-store.h"

G_BEGIN_DECLS

/* The five sample articles of tests/data, in the order the tests import them. */
#define ATTEST_TEST_N_SAMPLES 5
extern const char * const attest_test_samples[ATTEST_TEST_N_SAMPLES];

char           *attest_test_sample_path    (const char  *name);
char           *attest_test_make_tmp_dir   (const char  *tmpl);
gboolean        attest_test_remove_tree    (const char  *dir);
char           *attest_test_read_file      (const char  *path);

/* Store edits that must succeed, for tests that set up a state. */
AttestClaim    *attest_test_add_claim      (AttestStore *store,
                                            const char  *doc,
                                            gint64       start,
                                            gint64       end,
                                            const char  *category);
void            attest_test_edit_claim     (AttestStore *store,
                                            const char  *uuid,
                                            const char  *field,
                                            const char  *value);
void            attest_test_rename_category (AttestStore *store,
                                             const char  *key,
                                             const char  *label);

AttestDocument *attest_test_read_sample    (const char  *name);
char           *attest_test_export_tei     (AttestStore *store);
AttestDocument *attest_test_import_sample  (AttestStore *store,
                                            const char  *name,
                                            gboolean    *existed);

/* One run of attest-cli. */
typedef struct {
  int   status;  /* exit status, or 128 + signal */
  char *out;
  char *err;
} AttestTestRun;

void            attest_test_run_clear      (AttestTestRun      *r);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (AttestTestRun, attest_test_run_clear)

AttestTestRun   attest_test_cli_argv       (const char         *cwd,
                                            const char * const *argv);
AttestTestRun   attest_test_cli            (const char         *db,
                                            const char         *first,
                                            ...);

G_END_DECLS
