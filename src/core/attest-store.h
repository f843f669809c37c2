/* attest-store.h — the Attest database: one SQLite file a team shares.
 *
 * The store owns the sqlite3 handle and every SQL statement of the project.
 * It follows SQLite's own advice: application_id + user_version, WAL,
 * synchronous=FULL, foreign keys, BEGIN IMMEDIATE for every write with
 * SQLITE_BUSY retried, a backup before each migration. A file that is not
 * ours, or from a newer schema, is refused and never modified.
 */
#pragma once

#include <gio/gio.h>

#include "attest-category.h"
#include "attest-citation.h"
#include "attest-claim.h"
#include "attest-document.h"
#include "attest-history-entry.h"
#include "attest-source.h"

G_BEGIN_DECLS

#define ATTEST_STORE_APPLICATION_ID 0x41545354  /* "ATST" */
#define ATTEST_STORE_SCHEMA_VERSION 1

#define ATTEST_TYPE_STORE (attest_store_get_type ())
G_DECLARE_FINAL_TYPE (AttestStore, attest_store, ATTEST, STORE, GObject)

typedef enum {
  ATTEST_STORE_OPEN_DEFAULT   = 0,
  ATTEST_STORE_OPEN_READ_ONLY = 1 << 0,  /* never write, even if we could */
  ATTEST_STORE_OPEN_NO_CREATE = 1 << 1,  /* fail if the file does not exist */
} AttestStoreOpenFlags;

typedef struct {
  const char *document;   /* uuid/ref, or NULL */
  const char *category;   /* key, or NULL */
  const char *annotator;  /* name, or NULL */
  const char *status;     /* or NULL */
} AttestClaimFilter;

/* One claim to create: offsets in characters, a category key, optional
 * certainty and comment. */
typedef struct {
  gint64      start;
  gint64      end;
  const char *category;
  const char *certainty;
  const char *comment;
} AttestClaimSpec;

typedef struct {
  AttestDocument *document;  /* without text */
  char           *snippet;   /* with [ ] around the matches */
  double          rank;
} AttestSearchHit;

void             attest_search_hit_free       (AttestSearchHit *hit);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AttestSearchHit, attest_search_hit_free)

char            *attest_store_default_path    (void);

AttestStore     *attest_store_open            (const char            *path,
                                               AttestStoreOpenFlags   flags,
                                               GError               **error);
const char      *attest_store_get_path        (AttestStore           *self);
gboolean         attest_store_is_read_only    (AttestStore           *self);
/* A reason the store opened read-only ("the file is read-only"), or NULL. */
const char      *attest_store_get_read_only_reason (AttestStore      *self);

/* The annotator stamped on every change made through this store. */
void             attest_store_set_annotator   (AttestStore           *self,
                                               const char            *name);
const char      *attest_store_get_annotator   (AttestStore           *self);

/* Documents. A ref is a uuid, a unique uuid prefix, or the row id. */
AttestDocument  *attest_store_add_document    (AttestStore           *self,
                                               AttestDocument        *document,
                                               gboolean              *out_existed,
                                               GError               **error);
GPtrArray       *attest_store_list_documents  (AttestStore           *self,
                                               GError               **error);
AttestDocument  *attest_store_get_document    (AttestStore           *self,
                                               const char            *ref,
                                               GError               **error);
gboolean         attest_store_set_document_date (AttestStore         *self,
                                               const char            *ref,
                                               const char            *date,
                                               GError               **error);
GPtrArray       *attest_store_search          (AttestStore           *self,
                                               const char            *query,
                                               guint                  limit,
                                               GError               **error);

/* Taxonomy. */
GPtrArray       *attest_store_list_categories (AttestStore           *self,
                                               gboolean               include_retired,
                                               GError               **error);
AttestCategory  *attest_store_get_category    (AttestStore           *self,
                                               const char            *key,
                                               GError               **error);
gboolean         attest_store_add_category    (AttestStore           *self,
                                               AttestCategory        *category,
                                               GError               **error);
/* Writes label, description, colour, shortcut, parent and retired of
 * @category (matched by key). */
gboolean         attest_store_update_category (AttestStore           *self,
                                               AttestCategory        *category,
                                               GError               **error);

/* Claims. */
AttestClaim     *attest_store_add_claim       (AttestStore           *self,
                                               const char            *document_ref,
                                               gint64                 start,
                                               gint64                 end,
                                               const char            *category,
                                               const char            *certainty,
                                               const char            *comment,
                                               GError               **error);
/* Creates @n_specs claims of one document in one transaction: all or none.
 * Returns their row ids. */
GArray          *attest_store_add_claims      (AttestStore           *self,
                                               const char            *document_ref,
                                               const AttestClaimSpec *specs,
                                               guint                  n_specs,
                                               GError               **error);
AttestClaim     *attest_store_get_claim       (AttestStore           *self,
                                               const char            *ref,
                                               GError               **error);
GPtrArray       *attest_store_list_claims     (AttestStore           *self,
                                               const AttestClaimFilter *filter,
                                               GError               **error);
/* Saves category, status, certainty and comment of @claim. Fails with
 * ATTEST_ERROR_CONFLICT when the stored version is no longer claim->version.
 * On success claim->version and ->modified are updated. */
gboolean         attest_store_update_claim    (AttestStore           *self,
                                               AttestClaim           *claim,
                                               GError               **error);
gboolean         attest_store_delete_claim    (AttestStore           *self,
                                               const char            *ref,
                                               GError               **error);
gboolean         attest_store_restore_claim   (AttestStore           *self,
                                               const char            *ref,
                                               GError               **error);

/* Sources, citations and links. */
GPtrArray       *attest_store_list_sources    (AttestStore           *self,
                                               const char            *document_ref,
                                               GError               **error);
AttestSource    *attest_store_get_source      (AttestStore           *self,
                                               const char            *ref,
                                               GError               **error);
AttestSource    *attest_store_add_source      (AttestStore           *self,
                                               AttestSource          *source,
                                               GError               **error);
GPtrArray       *attest_store_list_citations  (AttestStore           *self,
                                               const char            *document_ref,
                                               GError               **error);
gboolean         attest_store_link            (AttestStore           *self,
                                               const char            *claim_ref,
                                               const char            *source_ref,
                                               GError               **error);
gboolean         attest_store_unlink          (AttestStore           *self,
                                               const char            *claim_ref,
                                               const char            *source_ref,
                                               GError               **error);
/* The citation closing the paragraph that holds [start, end), or NULL. */
AttestCitation  *attest_store_suggest_citation (AttestStore          *self,
                                               const char            *document_ref,
                                               gint64                 start,
                                               gint64                 end,
                                               GError               **error);

/* History. */
GPtrArray       *attest_store_list_history    (AttestStore           *self,
                                               const char            *entity_uuid,
                                               GError               **error);

/* Integrity: PRAGMA integrity_check, foreign keys, claims whose quote no
 * longer matches the text at their offsets. Fills @problems (char*) and
 * returns TRUE when there are none. */
gboolean         attest_store_check           (AttestStore           *self,
                                               GPtrArray            **problems,
                                               GError               **error);

G_END_DECLS
