/* attest-store-merge-private.h — what the two halves of the merge share:
 * attest-store-merge.c (reading their copy, the whole merge) and
 * attest-store-merge-rows.c (each table's rows of theirs, merged into ours).
 */
#pragma once

#include "attest-store-private.h"

G_BEGIN_DECLS

typedef struct {
  AttestStore     *self;
  AttestStore     *other;
  AttestMergeReport *report;
  gboolean         adopt;           /* rows matched by content take their ids */
  /* Only the entities their copy, a team's mirror, lists as pulled since
   * the last sync (ATTEST_MERGE_TOUCHED): all others were merged before.
   * Their history then holds only those entities' entries, and a row of
   * theirs outside them is merged when a touched one needs it. */
  gboolean         touched;
  /* Only checks each row of theirs, merging nothing (self is other):
   * _attest_row_checker_check(). */
  gboolean         check_only;
  GHashTable      *our_history;     /* uuid set */
  GHashTable      *their_history;   /* uuid set */
  GHashTable      *doc_map;         /* their document uuid → our row id (boxed gint64) */
  GHashTable      *source_map;      /* their source uuid → our source uuid */
  GHashTable      *seen;            /* "table:uuid" of every row of theirs read */
  char            *now;
  /* The document of theirs whose claims or attributions are being read,
   * and a place in its text, so that rows in text order walk it once. */
  AttestDocument  *doc;
  gint64           at_offset;
  const char      *at;
} Merge;

/* Their documents, with what each import left out (schema 4). */
#define DOCUMENTS_SQL(extraction) \
  "SELECT uuid, sha256, title, publication, volume, issue, author, date, origin," \
  " format, encoding, text, length, body_start, imported, " extraction " FROM documents"
#define EXTRACTION_COLUMN \
  "(SELECT facts FROM document_extractions x WHERE x.document_id = documents.id)"

#define CITATION_SQL(kind_columns) \
  "SELECT t.uuid, d.uuid, s.uuid, t.start, t.\"end\", t.text, t.closes_paragraph," \
  " t.paragraph_start, " kind_columns " FROM citations t LEFT JOIN documents d ON d.id = t.document_id" \
  " LEFT JOIN sources s ON s.id = t.source_id"

gint64 * _attest_merge_boxed_id (gint64 id);
gboolean _attest_merge_text_column (sqlite3_stmt     *row,
                                    int               i,
                                    const char       *what,
                                    AttestRulesFlags  flags,
                                    const char      **out,
                                    GError          **error);
gboolean _attest_merge_int_column (sqlite3_stmt *row,
                                   int           i,
                                   const char   *what,
                                   gboolean      nullable,
                                   gint64       *out,
                                   GError      **error);
gboolean _attest_merge_flag_column (sqlite3_stmt *row,
                                    int           i,
                                    const char   *what,
                                    gint64       *out,
                                    GError      **error);
gboolean _attest_merge_dangling (const char *what,
                                 const char *uuid,
                                 GError    **error);
gboolean _attest_merge_first_time (Merge      *m,
                                   const char *table,
                                   const char *id,
                                   GError    **error);
gboolean _attest_merge_load_their_document (Merge      *m,
                                            const char *uuid,
                                            GError    **error);
const char * _attest_merge_text_at (Merge  *m,
                                    gint64  offset);
gboolean _attest_merge_run (Merge       *m,
                            const char  *sql,
                            const char **texts,
                            guint        n_texts,
                            GError     **error);
gint64 _attest_merge_our_id (Merge      *m,
                             const char *sql,
                             const char *value,
                             GError    **error);
gint64 _attest_merge_other_id (Merge      *m,
                               const char *sql,
                               const char *value,
                               GError    **error);
gboolean _attest_merge_record_conflict (Merge      *m,
                                        const char *entity,
                                        const char *uuid,
                                        const char *field,
                                        const char *ours,
                                        const char *theirs,
                                        GError    **error);
gint64 * _attest_merge_our_document (Merge      *m,
                                     const char *their_uuid,
                                     GError    **error);
const char * _attest_merge_our_source (Merge      *m,
                                       const char *their_uuid,
                                       GError    **error);
int _attest_merge_they_know (Merge      *m,
                             const char *entry_uuid,
                             GError    **error);
gboolean _attest_merge_changed_fields (Merge       *m,
                                       AttestStore *store,
                                       GHashTable  *known,
                                       const char  *entity_uuid,
                                       GHashTable  *fields,
                                       GError     **error);

/* One row of theirs, merged into ours (attest-store-merge-rows.c). */
gboolean _attest_merge_document (sqlite3_stmt *row,
                                 gpointer      data,
                                 GError      **error);
gboolean _attest_merge_source (sqlite3_stmt *row,
                               gpointer      data,
                               GError      **error);
gboolean _attest_merge_citation (sqlite3_stmt *row,
                                 gpointer      data,
                                 GError      **error);
gboolean _attest_merge_tombstone (sqlite3_stmt *row,
                                  gpointer      data,
                                  GError      **error);
gboolean _attest_merge_outlet (sqlite3_stmt *row,
                               gpointer      data,
                               GError      **error);
gboolean _attest_merge_annotator (sqlite3_stmt *row,
                                  gpointer      data,
                                  GError      **error);
gboolean _attest_merge_category (sqlite3_stmt *row,
                                 gpointer      data,
                                 GError      **error);
gboolean _attest_merge_claim (sqlite3_stmt *row,
                              gpointer      data,
                              GError      **error);
gboolean _attest_merge_link (sqlite3_stmt *row,
                             gpointer      data,
                             GError      **error);
gboolean _attest_merge_unlink (sqlite3_stmt *row,
                               gpointer      data,
                               GError      **error);
gboolean _attest_merge_history (sqlite3_stmt *row,
                                gpointer      data,
                                GError      **error);

G_END_DECLS
