/* attest-test-exchange.h — the fixture the exchange-format tests share
 * (brat, Web Annotation, UIMA, REFI-QDA): a temporary folder with a store
 * in it, the annotated samples every format exports, and one export call
 * for any of the formats' writers. */
#pragma once

#include "attest-claim.h"
#include "attest-export-options.h"
#include "attest-store.h"
#include "attest-test-utils.h"

G_BEGIN_DECLS

typedef struct {
  char        *dir;
  char        *path;   /* the store's database, in @dir */
  AttestStore *store;
} AttestTestExchange;

/* The signature every exchange writer has (attest_brat_export, …). */
typedef gboolean (*AttestTestExportFunc) (AttestStore             *store,
                                          const AttestClaimFilter *filter,
                                          GFile                   *file,
                                          AttestExportCounts      *out_counts,
                                          AttestProgressFunc       progress,
                                          gpointer                 progress_data,
                                          GCancellable            *cancellable,
                                          GError                 **error);

void         attest_test_exchange_set_up     (AttestTestExchange      *f,
                                              gconstpointer            data);
void         attest_test_exchange_tear_down  (AttestTestExchange      *f,
                                              gconstpointer            data);
char        *attest_test_exchange_file       (AttestTestExchange      *f,
                                              const char              *name);
AttestStore *attest_test_exchange_open_store (const char              *path);
void         attest_test_exchange_export     (AttestTestExportFunc     export,
                                              AttestStore             *store,
                                              const char              *path,
                                              const AttestClaimFilter *filter,
                                              AttestExportCounts      *counts);
void         attest_test_exchange_annotate   (AttestStore             *store,
                                              const char              *comment,
                                              AttestClaim            **out_group);
typedef gboolean (*AttestTestImportFunc) (AttestStore *store,
                                          GFile       *file,
                                          GError     **error);

void         attest_test_exchange_add_twins  (AttestStore             *store,
                                              const char              *claim_uuid);
void         attest_test_exchange_assert_sources (AttestStore         *original,
                                                  AttestStore         *copy,
                                                  AttestClaim         *claim);
void         attest_test_exchange_round_trip_sources (AttestTestExchange  *f,
                                                      AttestTestExportFunc export,
                                                      AttestTestImportFunc import,
                                                      const char          *extension);
char        *attest_test_exchange_name_sources (AttestStore           *store,
                                                char                  *text);
void         attest_test_write_file          (const char              *path,
                                              const char              *contents,
                                              gssize                   length);

G_END_DECLS
