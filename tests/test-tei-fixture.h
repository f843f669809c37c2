/* test-tei-fixture.h — what the TEI and table tests (test-tei, test-tei-input,
 * test-tei-tables) share: the fixture, annotated stores, export, import and
 * validation helpers. */
#pragma once

#include <glib/gstdio.h>
#include <libxml/parser.h>
#include <libxml/relaxng.h>
#include <sqlite3.h>
#include <string.h>

#include "attest-article-reader.h"
#include "attest-error.h"
#include "attest-store-bulk.h"
#include "attest-table-writer.h"
#include "attest-tei-reader.h"
#include "attest-tei-writer.h"
#include "attest-test-utils.h"

typedef struct {
  char        *dir;
  char        *path;
  AttestStore *store;
} Fixture;

/* Two annotators and a curator on the first sample (5734 characters, body
 * from 57: 5677 units). Ana: [100,200) CN, [320,400) TR; Ben: [100,200)
 * CN, [300,400) TR; Cora merges Ana's and Ben's CN claims into [90,200),
 * which starts before both: its pointer reaches forward.
 *
 * The header's figures, by hand. The two differ on [300,320) only.
 *   Cohen: agree 5657 of 5677; Ana – 5497, CN 100, TR 80; Ben – 5477,
 *   CN 100, TR 100; N² p_e = 5497·5477 + 100·100 + 80·100 = 30125069;
 *   κ = (5657·5677 − 30125069) / (5677² − 30125069) = 1989720 / 2103260
 *   = 0.9460.
 *   Krippendorff: n = 11354 (– 10974, CN 200, TR 180); 20 units differ,
 *   2 coincidences each: α = 1 − 11353 · 40 / (11354² − Σ n_c²)
 *   = 1 − 454120 / 8412240 = 0.9460.
 *   Spans: exact match CN only, 1 of 2 and 2 (0.5); overlap both (1.0);
 *   the exact match has no sources on either side: equal, Jaccard 1.
 * Cora's claim is curation's: left out of the figures. */
typedef struct {
  char *ana_cn;
  char *ben_cn;
  char *curated;
} Curated;

void curated_clear (Curated *c);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Curated, curated_clear)

extern const char odd_text[];

AttestStore *open_store (const char *path);

void fixture_set_up (Fixture       *f,
                     gconstpointer  data);

void fixture_tear_down (Fixture       *f,
                        gconstpointer  data);

void remove_db (const char *path);

char *tmp_path (Fixture    *f,
                const char *name);

AttestDocument *add_text (AttestStore *store,
                          const char  *text,
                          const char  *origin);

AttestClaim *claim (AttestStore *store,
                    const char  *doc,
                    gint64       start,
                    gint64       end,
                    const char  *category,
                    const char  *certainty,
                    const char  *comment);

void set_status (AttestStore *store,
                 AttestClaim *c,
                 const char  *status);

void link_source (AttestStore *store,
                  const char  *claim_uuid,
                  const char  *source_uuid);

gint64 paragraph_break (AttestDocument *doc);

void annotate_rich (AttestStore *store);

char *export_to_string (AttestStore             *store,
                        const AttestClaimFilter *filter,
                        gsize                   *out_len);

gboolean import_string (AttestStore        *store,
                        const char         *xml,
                        gssize              len,
                        AttestImportCounts *counts,
                        GError            **error);

gboolean check_string (const char *xml,
                       GError    **error);

char *db_dump (const char *path);

void collect_error (void        *data,
                    xmlErrorPtr  error);

char *validate (xmlRelaxNGPtr  schema,
                const char    *xml,
                gsize          len);

xmlRelaxNGPtr load_schema (GBytes     *bytes,
                           const char *path);

xmlRelaxNGPtr attest_schema (void);

void assert_valid (xmlRelaxNGPtr  schema,
                   const char    *xml,
                   gsize          len);

int compare_strings (gconstpointer a,
                     gconstpointer b);

char *describe (AttestStore *store);

char *raw_rows (const char *path,
                const char *sql);

void assert_same_lines (const char *what,
                        const char *got,
                        const char *expected);

char *assert_round_trip (Fixture    *f,
                         const char *name);

void curated_clear (Curated *c);

void annotate_curated (AttestStore *store,
                       Curated     *out);

char *person_id (const char *xml,
                 const char *name);

char *replace_once (const char *xml,
                    const char *from,
                    const char *to);
