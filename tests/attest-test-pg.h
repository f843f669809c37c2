/* attest-test-pg.h — a real PostgreSQL server for a test: a fresh cluster
 * in a temporary folder, reachable on a Unix socket only, stopped and
 * removed when the test ends however it ends.
 *
 * ATTEST_PG_BINDIR names the folder of initdb and postgres (otherwise the
 * newest /usr/lib/postgresql/<N>/bin); ATTEST_TEST_PG_KEEP=1 keeps the
 * folder and the server's log in it after the test. Not thread-safe: one
 * thread at a time; one start per test program, attest_test_pg_reset()
 * per case. */
#pragma once

#include <glib.h>
#include "attest-pq.h"

G_BEGIN_DECLS

/* The server's superuser; every other role is made by the test. */
#define ATTEST_TEST_PG_SUPERUSER "postgres"

typedef struct _AttestTestPg AttestTestPg;

AttestTestPg *attest_test_pg_start      (GError       **error);
void          attest_test_pg_free       (AttestTestPg  *pg);

char         *attest_test_pg_conninfo   (AttestTestPg  *pg,
                                         const char    *role);
PGconn       *attest_test_pg_connect    (AttestTestPg  *pg,
                                         const char    *role,
                                         GError       **error);
gboolean      attest_test_pg_exec_super (AttestTestPg  *pg,
                                         const char    *sql,
                                         GError       **error);
void          attest_test_pg_super      (AttestTestPg  *pg,
                                         const char    *sql);
gboolean      attest_test_pg_reset      (AttestTestPg  *pg,
                                         GError       **error);

gboolean      attest_test_pg_stop       (AttestTestPg  *pg,
                                         GError       **error);
gboolean      attest_test_pg_crash      (AttestTestPg  *pg,
                                         GError       **error);
gboolean      attest_test_pg_restart    (AttestTestPg  *pg,
                                         GError       **error);
gboolean      attest_test_pg_is_running (AttestTestPg  *pg);
const char   *attest_test_pg_bindir     (AttestTestPg  *pg);
gint64        attest_test_pg_start_usec (AttestTestPg  *pg);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AttestTestPg, attest_test_pg_free)

G_END_DECLS
