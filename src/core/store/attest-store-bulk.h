/* attest-store-bulk.h — the streaming export and bulk import protocols.
 *
 * What the TEI, CSV and JSON Lines writers and the TEI reader need from
 * the database, without any SQL outside the store (attest-store-tei.c).
 * Private to the core: the app and the CLI use the writers and the reader,
 * never these. Export functions hand out rows one at a time as views
 * (their strings belong to the store and are valid only during the
 * callback), so a writer holds at most one document's data. Import
 * functions run inside attest_store_bulk_import(), one BEGIN IMMEDIATE
 * transaction that is rolled back on any error.
 */
#pragma once

#include "attest-store.h"

G_BEGIN_DECLS

typedef gboolean (*AttestStoreTransactionFunc) (AttestStore *store,
                                                gpointer     user_data,
                                                GError     **error);

/* The claims of one document, in (start, end descending, id) order. */
typedef struct {
  GArray       *claims;   /* AttestClaimRow */
  /*< private >*/
  GArray       *links;
  GPtrArray    *origins;
  GStringChunk *strings;
} AttestClaimBatch;

void              attest_claim_batch_free       (AttestClaimBatch *batch);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AttestClaimBatch, attest_claim_batch_free)

typedef gboolean (*AttestPersonFunc)   (const AttestPersonRow *row,
                                        gpointer               user_data,
                                        GError               **error);
typedef gboolean (*AttestChangeFunc)   (const AttestChangeRow *row,
                                        gpointer               user_data,
                                        GError               **error);
typedef gboolean (*AttestSourceFunc)   (const AttestSourceRow *row,
                                        gpointer               user_data,
                                        GError               **error);
/* @document carries its text; @index counts from 0 up to @total. */
typedef gboolean (*AttestDocumentFunc) (AttestDocument        *document,
                                        guint                  index,
                                        guint                  total,
                                        gpointer               user_data,
                                        GError               **error);

/* Runs @func inside one read transaction, so that everything it reads is
 * one consistent snapshot even while other processes write. */
gboolean          attest_store_read_snapshot    (AttestStore                *self,
                                                 AttestStoreTransactionFunc  func,
                                                 gpointer                    user_data,
                                                 GError                    **error);

/* Checks a filter (unknown document, category or annotator, bad status)
 * and resolves its document to a row id (0 when it names none). */
gboolean          attest_store_check_filter     (AttestStore                *self,
                                                 const AttestClaimFilter    *filter,
                                                 gint64                     *out_document_id,
                                                 GError                    **error);

/* Annotators in id order, then names known only from the history, by name. */
gboolean          attest_store_foreach_person   (AttestStore                *self,
                                                 AttestPersonFunc            func,
                                                 gpointer                    user_data,
                                                 GError                    **error);

/* History entries in id order. With a filter, only those about the
 * exported documents, live claims and sources, and the taxonomy. */
gboolean          attest_store_foreach_change   (AttestStore                *self,
                                                 const AttestClaimFilter    *filter,
                                                 AttestChangeFunc            func,
                                                 gpointer                    user_data,
                                                 GError                    **error);

/* Every category, retired ones too, in the analysts' order (as
 * attest_store_list_categories() with include_retired), but with
 * claim_count left at 0: counting would read every claim. */
GPtrArray        *attest_store_list_taxonomy    (AttestStore                *self,
                                                 GError                    **error);

/* Documents (with their text) in id order; only filter->document if set.
 * Their claim_count is left at 0: counting would read every claim. */
gboolean          attest_store_foreach_document (AttestStore                *self,
                                                 const AttestClaimFilter    *filter,
                                                 AttestDocumentFunc          func,
                                                 gpointer                    user_data,
                                                 GError                    **error);

/* The sources of a document in id order; with @document_id 0, the outside
 * sources: all of them, or with a claim filter those linked to a matching
 * claim. */
gboolean          attest_store_foreach_source   (AttestStore                *self,
                                                 gint64                      document_id,
                                                 const AttestClaimFilter    *filter,
                                                 AttestSourceFunc            func,
                                                 gpointer                    user_data,
                                                 GError                    **error);

/* The live (not deleted) claims of one document that match @filter's
 * category, annotator and status (its document is ignored), with links. */
AttestClaimBatch *attest_store_collect_claims   (AttestStore                *self,
                                                 gint64                      document_id,
                                                 const AttestClaimFilter    *filter,
                                                 GError                    **error);
/* Whether curation has merged any claims at all (one seek in a small
 * index), so that an export asks each document for its origins only then. */
gboolean          attest_store_has_curation     (AttestStore                *self,
                                                 gboolean                   *out_any,
                                                 GError                    **error);
/* Gives each curated claim of @batch (from attest_store_collect_claims(),
 * for @document_id) its originals: n_origins and origins. */
gboolean          attest_store_collect_origins  (AttestStore                *self,
                                                 gint64                      document_id,
                                                 AttestClaimBatch           *batch,
                                                 GError                    **error);

/* Bulk import. @func runs inside one BEGIN IMMEDIATE transaction: it is
 * committed when @func returns TRUE and rolled back otherwise, leaving
 * the database as it was. The attest_store_import_* calls below are only
 * valid inside @func; they record no history of their own (the history
 * comes with the data). */
gboolean          attest_store_bulk_import      (AttestStore                *self,
                                                 AttestStoreTransactionFunc  func,
                                                 gpointer                    user_data,
                                                 GError                    **error);

/* The highest row ids before the import began: a row found with a higher
 * id was written by this import, so the input holds it twice. */
typedef struct {
  gint64 documents;
  gint64 claims;
  gint64 sources;
  gint64 history;
} AttestImportWatermarks;

typedef enum {
  ATTEST_IMPORT_ADDED,          /* a new row */
  ATTEST_IMPORT_EXISTING,       /* the same uuid is already there */
  ATTEST_IMPORT_SAME_TEXT,      /* a document with the same text, other uuid */
  ATTEST_IMPORT_REPEATED,       /* written earlier by this same import */
} AttestImportOutcome;

gboolean          attest_store_import_watermarks (AttestStore           *self,
                                                  AttestImportWatermarks *out,
                                                  GError               **error);
/* TRUE when the database holds no documents (a new one): the import
 * then adopts the file's taxonomy instead of only adding to it. */
gboolean          attest_store_import_is_empty  (AttestStore           *self,
                                                 gboolean              *out_empty,
                                                 GError               **error);
/* Matched by uuid, then by name; added when neither is known. */
gint64            attest_store_import_annotator (AttestStore           *self,
                                                 const char            *uuid,
                                                 const char            *name,
                                                 AttestImportOutcome   *out_outcome,
                                                 GError               **error);
/* Moves every category behind @count positions, before an adopted
 * taxonomy takes positions 0 … count - 1. */
gboolean          attest_store_import_shift_categories (AttestStore     *self,
                                                 gint64                 count,
                                                 GError               **error);
/* The name and colour a file gives a category the database has, for an
 * import into a new database (attest_store_import_is_empty()). */
gboolean          attest_store_import_category_look (AttestStore      *self,
                                                 const char            *key,
                                                 const char            *label,
                                                 const char            *color,
                                                 GError               **error);
/* @adopt: insert or overwrite with @category (at @position); otherwise
 * only insert a missing one (at the end, dropping a shortcut already
 * taken). Returns the category's row id. */
gint64            attest_store_import_category  (AttestStore           *self,
                                                 AttestCategory        *category,
                                                 gint64                 position,
                                                 gboolean               adopt,
                                                 AttestImportOutcome   *out_outcome,
                                                 GError               **error);
gboolean          attest_store_import_change    (AttestStore           *self,
                                                 const AttestChangeRow *row,
                                                 gint64                 watermark,
                                                 AttestImportOutcome   *out_outcome,
                                                 GError               **error);
/* A document with its uuid, text, SHA-256 and metadata as given. When
 * the uuid or the text is known already, nothing is written and the
 * existing row is returned (a known uuid with another text is a
 * conflict). */
gint64            attest_store_import_document  (AttestStore           *self,
                                                 AttestDocument        *document,
                                                 gint64                 watermark,
                                                 AttestImportOutcome   *out_outcome,
                                                 GError               **error);
/* A source of @document_id (0: an outside source). With @match_text, an
 * unknown uuid is matched to a source of the document with the same
 * outlet, place and date as written. */
gint64            attest_store_import_source    (AttestStore           *self,
                                                 gint64                 document_id,
                                                 const AttestSourceRow *row,
                                                 gboolean               match_text,
                                                 gint64                 watermark,
                                                 AttestImportOutcome   *out_outcome,
                                                 GError               **error);
/* An attribution as a TEI export lists it. */
typedef struct {
  const char        *uuid;
  gint64             start;
  gint64             end;
  gint64             source_id;   /* a row of the document's sources */
  AttestCitationKind kind;
} AttestCitationRow;

/* The attributions of a newly imported document as listed (marked ones
 * kept, removed ones absent), each with the cover a scan of the text
 * gives it, or its paragraph. */
gboolean          attest_store_import_citation_list (AttestStore    *self,
                                                     gint64          document_id,
                                                     AttestDocument *document,
                                                     GArray         *rows,
                                                     GError        **error);

/* Finds the citations in a newly imported document's text and ties each
 * to the document's source with the same outlet, place and date. */
gboolean          attest_store_import_citations (AttestStore           *self,
                                                 gint64                 document_id,
                                                 AttestDocument        *document,
                                                 GError               **error);
/* @row->quote must be the text at its offsets. */
gint64            attest_store_import_claim     (AttestStore           *self,
                                                 gint64                 document_id,
                                                 gint64                 category_id,
                                                 gint64                 annotator_id,
                                                 const AttestClaimRow  *row,
                                                 gint64                 watermark,
                                                 AttestImportOutcome   *out_outcome,
                                                 GError               **error);
gboolean          attest_store_import_link      (AttestStore           *self,
                                                 gint64                 claim_id,
                                                 gint64                 source_id,
                                                 gint64                 annotator_id,
                                                 const char            *created,
                                                 GError               **error);

G_END_DECLS
