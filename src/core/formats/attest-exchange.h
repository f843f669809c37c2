/* attest-exchange.h — which annotation format a file is in, and its import.
 *
 * The window, attest-cli import and the application's "Open With" hand
 * every file here first: a brat folder or .ann, Web Annotation JSON-LD, a
 * UIMA CAS JSON file (or a folder of them) and a REFI-QDA project are
 * imported with their claims (attest-exchange-import.h); anything else is
 * an article (attest-import.h). Detection reads at most the first bytes of
 * a file and the names in a folder, never a whole file.
 */
#pragma once

#include <gio/gio.h>

#include "attest-store.h"
#include "attest-tei-reader.h"

G_BEGIN_DECLS

typedef enum {
  ATTEST_EXCHANGE_NONE,            /* not an annotation set: an article */
  ATTEST_EXCHANGE_BRAT,
  ATTEST_EXCHANGE_WEB_ANNOTATION,
  ATTEST_EXCHANGE_UIMA_JSON,
  ATTEST_EXCHANGE_REFI_QDA,
} AttestExchangeFormat;

AttestExchangeFormat attest_exchange_detect      (GFile                *file,
                                                  GCancellable         *cancellable);
const char          *attest_exchange_format_name (AttestExchangeFormat  format);
const char          *attest_exchange_format_id   (AttestExchangeFormat  format);
GPtrArray           *attest_exchange_list_files  (GFile                *path,
                                                  const char           *suffix,
                                                  const char           *what_it_reads,
                                                  GCancellable         *cancellable,
                                                  GError              **error);
char               **attest_exchange_list_left_out (GFile              *path,
                                                    AttestExchangeFormat format,
                                                    GCancellable       *cancellable,
                                                    GError            **error);
gboolean             attest_exchange_import_file (AttestStore          *store,
                                                  GFile                *file,
                                                  AttestExchangeFormat  format,
                                                  AttestImportCounts   *out_counts,
                                                  GCancellable         *cancellable,
                                                  GError              **error);

G_END_DECLS
