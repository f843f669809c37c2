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
#include "attest-outlets.h"
#include "attest-source.h"
#include "attest-span.h"

G_BEGIN_DECLS

#define ATTEST_STORE_APPLICATION_ID 0x41545354  /* "ATST" */
#define ATTEST_STORE_SCHEMA_VERSION 6
/* The oldest schema this version reads without upgrading it, as it must
 * when it may not write (a read-only file, a teammate's copy to merge). */
#define ATTEST_STORE_READABLE_FROM  1

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
  char           *snippet_marked; /* the same with U+0002 before and U+0003
                                   * after each match, unambiguous */
  double          rank;
} AttestSearchHit;

void             attest_search_hit_free       (AttestSearchHit *hit);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AttestSearchHit, attest_search_hit_free)

char            *attest_store_dup_default_path    (void);

/* FALSE, with ATTEST_ERROR_INVALID, if @path names a database that a store
 * of this process has open — by any name, hard or symbolic link — or its
 * -wal, -shm or -journal. Every file the user names is checked with this
 * before it is read or replaced: closing any descriptor of the database
 * file would drop the locks SQLite holds on it for this process. */
gboolean         attest_store_check_not_open  (const char            *path,
                                               GError               **error);

AttestStore     *attest_store_open            (const char            *path,
                                               AttestStoreOpenFlags   flags,
                                               GError               **error);
const char      *attest_store_get_path        (AttestStore           *self);
gboolean         attest_store_is_read_only    (AttestStore           *self);
/* A reason the store opened read-only ("the file is read-only"), or NULL. */
const char      *attest_store_get_read_only_reason (AttestStore      *self);

/* Sharing: other processes' commits change the data version; a backup is
 * a consistent copy of the live database (SQLite's backup API); a database
 * on a network file system must not be shared (returns "NFS", "SMB", "FUSE"
 * …, or NULL on a local disk). */
gint64           attest_store_get_data_version (AttestStore          *self);
/* While watched, the store polls its data version every half second on the
 * main context and emits ::changed when another connection committed
 * (not while parked). Each attest_store_watch() is undone by one
 * attest_store_unwatch(). */
void             attest_store_watch           (AttestStore           *self);
void             attest_store_unwatch         (AttestStore           *self);
gboolean         attest_store_backup          (AttestStore           *self,
                                               const char            *dest,
                                               GError               **error);
char            *attest_store_dup_network_filesystem (const char         *path);

/* Merging a teammate's copy (attest-store-merge.c): what changed, and the
 * conflicts found — the same field changed differently on both sides, or a
 * claim edited on one side and deleted on the other. */
typedef struct {
  char *entity;   /* "claim" or "category" */
  char *uuid;     /* claim uuid or category key */
  char *field;
  char *ours;     /* kept */
  char *theirs;   /* recorded in the history */
  char *id;       /* the uuid of its history entry: what settling names */
} AttestMergeConflict;

typedef struct {
  guint      documents_added;
  guint      documents_updated;  /* corrections of an article's metadata taken */
  guint      sources_added;
  guint      categories_added;
  guint      categories_updated;
  guint      claims_added;
  guint      claims_updated;
  guint      claims_deleted;
  guint      links_added;
  guint      links_removed;
  guint      history_added;
  GPtrArray *conflicts;  /* AttestMergeConflict* */
} AttestMergeReport;

void             attest_merge_conflict_free   (AttestMergeConflict   *c);
void             attest_merge_report_clear    (AttestMergeReport     *report);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (AttestMergeReport, attest_merge_report_clear)

/* Brings the database at @other_path (opened read-only, refused if it is not
 * an Attest database or is newer) into this one, in one transaction. Merging
 * the same copy again changes nothing. */
gboolean         attest_store_merge           (AttestStore           *self,
                                               const char            *other_path,
                                               AttestMergeReport     *report,
                                               GError               **error);

/* This database as a replica of a team's server (attest-store-replica.c):
 * a change is one row of one table as it travels — its key as text, and
 * a JSON body {"key": {…}, "row": {…}} ("row" absent: the row is gone). */
typedef struct {
  char *table;
  char *key;
  char *body;
} AttestReplicaChange;

void             attest_replica_change_free   (AttestReplicaChange   *change);
GPtrArray       *attest_store_replica_changes (AttestStore           *self,
                                               const char            *mirror_path,
                                               GError               **error);
GPtrArray       *attest_store_replica_pending (AttestStore           *self,
                                               const char            *mirror_path,
                                               gint64                *out_mark,
                                               GError               **error);
gboolean         attest_store_replica_track   (AttestStore           *self,
                                               GError               **error);
gboolean         attest_store_replica_is_tracked (AttestStore        *self);
gboolean         attest_store_replica_untrack (AttestStore           *self,
                                               GError               **error);
gboolean         attest_store_replica_recover (AttestStore           *self,
                                               AttestStore           *mirror,
                                               GError               **error);
gboolean         attest_store_replica_settle  (AttestStore           *self,
                                               AttestStore           *mirror,
                                               gint64                 mark,
                                               GError               **error);
gboolean         attest_store_replica_apply   (AttestStore           *self,
                                               GPtrArray             *changes,
                                               gint64                 seq,
                                               GError               **error);
gboolean         attest_store_replica_apply_each (AttestStore        *self,
                                                  GPtrArray          *changes,
                                                  gint64              seq,
                                                  GPtrArray          *refused,
                                                  GError            **error);
gboolean         attest_store_replica_get_seq (AttestStore           *self,
                                               gint64                *out_seq,
                                               GError               **error);
gboolean         attest_store_replica_fast_forward (AttestStore      *self,
                                                    const char       *mirror_path,
                                                    GError          **error);
gboolean         attest_store_replica_set_state (AttestStore         *self,
                                                 const char          *name,
                                                 const char          *value,
                                                 GError             **error);
char            *attest_store_replica_get_state (AttestStore         *self,
                                                 const char          *name,
                                                 GError             **error);

typedef enum {
  ATTEST_MERGE_DEFAULT   = 0,
  ATTEST_MERGE_ADOPT_IDS = 1 << 0,  /* rows matched by content take the other copy's ids */
  ATTEST_MERGE_TOUCHED   = 1 << 1,  /* only the entities a team's mirror pulled since the last sync */
} AttestMergeFlags;

gboolean         attest_store_merge_full      (AttestStore           *self,
                                               const char            *other_path,
                                               AttestMergeFlags       flags,
                                               AttestMergeReport     *report,
                                               GError               **error);

/* Settling a conflict (attest-store-merge-settle.c): keeping our value
 * (the one the merge kept) or taking theirs, saved as an edit of the claim,
 * category or article and recorded as a "settle" entry in the history, which
 * reaches teammates with the next merge. A conflict is settled once, in
 * one transaction (the edit and its record, or neither); ATTEST_ERROR_CONFLICT
 * refuses a second settle, one a later merge's conflict superseded, and
 * taking theirs over a value changed after the merge. */
typedef enum {
  ATTEST_SETTLE_KEEP_OURS,
  ATTEST_SETTLE_TAKE_THEIRS,
} AttestSettle;

gboolean         attest_store_settle_conflict (AttestStore           *self,
                                               const char            *conflict_id,
                                               AttestSettle           choice,
                                               GError               **error);
gboolean         attest_store_conflict_is_settled (AttestStore       *self,
                                                   const char        *conflict_id,
                                                   gboolean          *out_settled,
                                                   GError           **error);
/* Who settled the conflict (NULL in *out_by while it is open), and the
 * value kept; or, in *out_newer, the id of a later merge's conflict of
 * the same field that supersedes this open one (NULL if none). */
gboolean         attest_store_get_conflict_settling (AttestStore     *self,
                                                     const char      *conflict_id,
                                                     char           **out_by,
                                                     char           **out_kept,
                                                     char           **out_newer,
                                                     GError         **error);
/* The uuid a claim restored by settling its deletion comes back under. */
char            *attest_store_dup_restored_claim_uuid (const char    *claim_uuid);
/* Every conflict still open (not settled, not superseded by a later one),
 * oldest first, from any merge or refused save: AttestMergeConflict*. */
GPtrArray       *attest_store_list_open_conflicts (AttestStore       *self,
                                                   GError           **error);
/* The article's title and the quote of a claim, deleted ones too. */
gboolean         attest_store_describe_claim  (AttestStore           *self,
                                               const char            *claim_uuid,
                                               char                 **out_title,
                                               char                 **out_quote,
                                               GError               **error);

/* Closes the connection and opens it again, outside a transaction. After
 * anything in this process may have closed a descriptor of the database
 * file (a file chooser showing its folder reads files to guess their
 * types), this takes SQLite's locks again: POSIX locks belong to the
 * process, and that close() dropped them. */
gboolean         attest_store_reconnect       (AttestStore           *self,
                                               GError               **error);

/* attest_store_reconnect() for every store this thread opened: what the
 * window does after a file chooser (GTK's own, in this process) showed a
 * folder and may have read the database to guess its type. */
void             attest_store_reconnect_all   (void);

/* What the window does before a file chooser opens: every store this
 * thread opened lets go of its locks and mappings, leaving the WAL as it
 * is, so the chooser cannot drop locks the store relies on. Teammates'
 * commands see no user meanwhile, which is then true. Polling for others'
 * changes waits; the next write, or attest_store_reconnect_all(), connects
 * again. */
void             attest_store_park_all        (void);

/* The annotator stamped on every change made through this store: @name
 * trimmed (attest_rules_annotator_name()); an empty or blank name is
 * refused with ATTEST_ERROR_INVALID and the annotator stays as it was. */
gboolean         attest_store_set_annotator   (AttestStore           *self,
                                               const char            *name,
                                               GError               **error);
const char      *attest_store_get_annotator   (AttestStore           *self);

/* Documents. A ref is a uuid, a unique uuid prefix, or the row id. */
AttestDocument  *attest_store_add_document    (AttestStore           *self,
                                               AttestDocument        *document,
                                               gboolean              *out_existed,
                                               GError               **error);
gboolean         attest_store_add_documents   (AttestStore           *self,
                                               AttestDocument       **documents,
                                               guint                  n_documents,
                                               AttestDocument       **out_stored,
                                               gboolean              *out_existed,
                                               GError               **out_errors,
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
gboolean         attest_store_find_match      (AttestStore           *self,
                                               const char            *ref,
                                               const char            *query,
                                               gint64                *start,
                                               gint64                *end,
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
/* Moves the category to @position (0 first) in the order of all
 * categories, retired ones included, as attest_store_list_categories()
 * lists them; a position past the end is the end. */
gboolean         attest_store_move_category   (AttestStore           *self,
                                               const char            *key,
                                               guint                  position,
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
char            *attest_store_dup_claim_uuid  (AttestStore           *self,
                                               const char            *ref,
                                               GError               **error);
gboolean         attest_store_restore_claim   (AttestStore           *self,
                                               const char            *ref,
                                               GError               **error);

/* Sources, citations and links. */
GPtrArray       *attest_store_list_sources    (AttestStore           *self,
                                               const char            *document_ref,
                                               GError               **error);
/* The sources a claim on @document_ref may rest on: its own attributions,
 * then the outside sources. */
GPtrArray       *attest_store_list_article_sources (AttestStore      *self,
                                                    const char       *document_ref,
                                                    GError          **error);
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
/* The citation whose cover holds @start with the narrowest cover, or NULL. */
AttestCitation  *attest_store_suggest_citation (AttestStore          *self,
                                               const char            *document_ref,
                                               gint64                 start,
                                               gint64                 end,
                                               GError               **error);

/* Corrections (attest-store-sources.c). An article's "title", "author",
 * "date" (YYYY-MM-DD; year-less citations follow it) or "publication";
 * NULL or "" clears it. */
gboolean         attest_store_set_document_field (AttestStore      *self,
                                                  const char       *ref,
                                                  const char       *field,
                                                  const char       *value,
                                                  GError          **error);
/* [start, end) of the document's text cites @outlet: a new citation of
 * kind "marked" covering its paragraph, with a source of the document
 * (reused when one has the same outlet, place and date). */
AttestCitation  *attest_store_mark_citation   (AttestStore           *self,
                                               const char            *document_ref,
                                               gint64                 start,
                                               gint64                 end,
                                               const char            *outlet,
                                               const char            *place,
                                               const char            *date_text,
                                               GError               **error);
/* Removes a citation (found wrongly, or marked by mistake); a tombstone
 * keeps a merge from bringing it back. Its source goes with it when
 * nothing else cites it and no claim rests on it. */
gboolean         attest_store_remove_citation (AttestStore           *self,
                                               const char            *ref,
                                               GError               **error);
/* Undoes a removal: @citation as it was listed before. */
gboolean         attest_store_restore_citation (AttestStore          *self,
                                                AttestCitation       *citation,
                                                GError              **error);
/* The shipped outlets with the ones this database's analysts added. */
AttestOutlets   *attest_store_dup_outlets     (AttestStore           *self,
                                               GError               **error);
/* Adds @name as an outlet of its own (@canonical NULL) or as a name of
 * @canonical: merging variants ("Itar Tass" → "TASS"). */
gboolean         attest_store_add_outlet      (AttestStore           *self,
                                               const char            *name,
                                               const char            *canonical,
                                               GError               **error);

/* Annotators, by name. */
GStrv            attest_store_list_annotators (AttestStore           *self,
                                               GError               **error);

/* History. */
GPtrArray       *attest_store_list_history    (AttestStore           *self,
                                               const char            *entity_uuid,
                                               GError               **error);

/* Integrity: PRAGMA integrity_check, foreign keys, claims whose quote no
 * longer matches the text at their offsets. TRUE when the check ran, with
 * what it found in @problems (char*, empty for a sound database); FALSE
 * only with @error set, when it could not run. */
gboolean         attest_store_check           (AttestStore           *self,
                                               GPtrArray            **problems,
                                               GError               **error);

/* ======================================================================
 * The rows of an export and an import
 *
 * What the TEI, CSV and JSON Lines writers and the TEI reader hand over,
 * and attest-rules.h checks. The protocols that read and write them are in
 * attest-store-bulk.h, private to the core.
 * ====================================================================== */

/* Reports progress of a long operation: @done of @total items. */
typedef void (*AttestProgressFunc) (guint    done,
                                    guint    total,
                                    gpointer user_data);

/* A person: an annotator (uuid set), or a name that only the history
 * knows (uuid NULL), e.g. someone who imported articles. */
typedef struct {
  const char *uuid;
  const char *name;
} AttestPersonRow;

typedef struct {
  const char *uuid;
  const char *at;
  const char *annotator;
  const char *entity;
  const char *entity_uuid;
  const char *action;
  const char *field;
  const char *old_value;
  const char *new_value;
} AttestChangeRow;

typedef struct {
  const char *uuid;
  const char *outlet;
  const char *place;
  const char *date_text;
  const char *when;
  const char *url;
  const char *title;
  const char *reliability;
  const char *created;
} AttestSourceRow;

/* One claim-to-source link: who made it, and when. */
typedef struct {
  const char *source_uuid;
  const char *annotator_uuid;
  const char *created;
} AttestLinkRow;

typedef struct {
  const char          *uuid;
  gint64               start;
  gint64               end;
  const char          *quote;
  const char          *category;        /* key */
  const char          *annotator_uuid;
  const char          *annotator;       /* name */
  const char          *created;
  const char          *modified;
  const char          *status;
  const char          *certainty;
  const char          *comment;
  gint64               version;
  guint                n_links;
  const AttestLinkRow *links;           /* ordered by source uuid */
  guint                n_origins;       /* a curated claim's originals (uuids), */
  const char * const  *origins;         /* in the order curation recorded them */
} AttestClaimRow;

G_END_DECLS

/* ======================================================================
 * Curation and statistics (attest-store-curation.c)
 *
 * A curator settles the annotators' claims: accepts or rejects them, or
 * merges several into one curated claim (status accepted, by the curator,
 * linked to the union of their sources). The originals are kept as they
 * were; the history ties them together: the curated claim has one entry
 * action "curate", field "origin", old value = an original's uuid, and
 * each original one entry "curate", field "curated-into", new value = the
 * curated claim's uuid. Claims with an "origin" entry are curated claims,
 * left out of agreement (see attest-agreement.h).
 *
 * Each passage is curated once. An annotator's claim counts as curated
 * already ("settled") when
 *  - merged: it has a "curated-into" entry naming a curated claim that is
 *    not deleted (deleting the curated claim undoes the merge);
 *  - picked: it is rejected while another live annotator's claim of the
 *    same document overlapping it is accepted (the version chosen), or it
 *    is accepted while such a claim is rejected (it was the version
 *    chosen); setting the statuses back to drafts undoes the pick. These
 *    are read from statuses only, so that a teammate's copy that learnt
 *    the pick as status edits refuses the same;
 *  - or, for a pick or merge of several claims, none of them is a draft
 *    and one is rejected (a rejection settles them).
 * Claims all accepted with none rejected beside them are not settled:
 * that is how an annotator's own acceptance leaves them. A curated claim
 * is never a version to pick or merge (ATTEST_ERROR_INVALID).
 * ====================================================================== */

G_BEGIN_DECLS

/* The live claims of one document made by annotators themselves (not by
 * curation), with their sources, in (start, end descending, id) order. */
GPtrArray        *attest_store_list_annotator_claims (AttestStore        *self,
                                                      const char         *document_ref,
                                                      GError            **error);
/* The same, by the document's row id, as agreement reads them: offsets,
 * uuid, category, annotator and sources (in no particular order). */
AttestSpans      *attest_store_list_annotator_spans  (AttestStore        *self,
                                                      gint64              document_id,
                                                      GError            **error);
/* The names of those who made such claims, in one document (or, with
 * @document_ref NULL, anywhere), sorted by name. */
GStrv             attest_store_list_claim_annotators (AttestStore        *self,
                                                      const char         *document_ref,
                                                      GError            **error);

/* Sets the status of every claim of @claim_refs (NULL-terminated) in one
 * transaction, all or none: "accepted", "rejected" or "draft". Each change
 * is recorded as an update of the claim's status; a claim already at
 * @status is left alone. ATTEST_ERROR_CONFLICT, changing nothing, when a
 * claim would change to accepted or rejected though it was merged into a
 * live curated claim, or to accepted though it was rejected by a pick (see
 * above); "draft" is always allowed: it is how a pick is undone. */
gboolean          attest_store_curate_set_status     (AttestStore        *self,
                                                      const char * const *claim_refs,
                                                      const char         *status,
                                                      GError            **error);

/* Settles a disagreement with one annotator's version, in one
 * transaction: @chosen_ref (one of @claim_refs, at least two claims of one
 * document) accepted, the others rejected, each recorded as an update of
 * its status. ATTEST_ERROR_CONFLICT when one of them was curated already
 * (see above), naming how; ATTEST_ERROR_INVALID when one is a curated
 * claim. */
gboolean          attest_store_curate_pick           (AttestStore        *self,
                                                      const char * const *claim_refs,
                                                      const char         *chosen_ref,
                                                      GError            **error);

/* The curated claim @claim_ref was merged into, if it is still there (else
 * NULL in @out_curated); FALSE with @error when @claim_ref is unknown. */
gboolean          attest_store_get_curated_claim     (AttestStore        *self,
                                                      const char         *claim_ref,
                                                      AttestClaim       **out_curated,
                                                      GError            **error);

/* Creates the curated claim of @claim_refs (one document, at least one
 * claim), in one transaction: span [@start, @end), or with both -1 the
 * smallest span covering them all; @category, or with NULL the one they
 * share (ATTEST_ERROR_INVALID when they differ). Annotator: the store's;
 * status accepted; sources: the union of theirs. Refused with
 * ATTEST_ERROR_CONFLICT, as attest_store_curate_pick() is, when they were
 * settled already: merging twice makes no second curated claim.
 * ATTEST_ERROR_INVALID when a given range does not overlap every claim,
 * or has a negative end other than -1 (outside the text). */
AttestClaim      *attest_store_curate_merge          (AttestStore        *self,
                                                      const char * const *claim_refs,
                                                      gint64              start,
                                                      gint64              end,
                                                      const char         *category,
                                                      GError            **error);

/* Whether the deleted claim @claim_ref may be brought back: TRUE for any
 * claim but a deleted curated claim some of whose live originals were
 * curated again since (merged into another curated claim, or picked);
 * then ATTEST_ERROR_CONFLICT saying so. Undo of a deletion asks it first. */
gboolean          attest_store_check_restore_curated (AttestStore        *self,
                                                      const char         *claim_ref,
                                                      GError            **error);

/* The uuids of the claims a curated claim was merged from (empty for a
 * claim that was not), in the order they were given. */
GStrv             attest_store_list_curation_origins (AttestStore        *self,
                                                      const char         *claim_ref,
                                                      GError            **error);

/* One bar of a statistic. */
typedef struct {
  char   *key;      /* category key, annotator name, document uuid, outlet (may be NULL) */
  char   *label;    /* category label, document title, or NULL */
  gint64  id;       /* document row id, else 0 */
  gint64  count;
} AttestCount;

typedef struct {
  gint64     claims;
  gint64     links;              /* claim → source links of those claims */
  GPtrArray *by_category;        /* AttestCount*, most claims first */
  GPtrArray *by_annotator;       /* AttestCount*, most claims first */
  GPtrArray *by_document;        /* AttestCount*, every document, in id order */
  GPtrArray *by_outlet;          /* AttestCount*: claims linked to a source of the outlet */
  gint64     with_sources[4];    /* claims with 0, 1, 2, 3 or more sources */
  gint64     by_status[3];       /* draft, accepted and rejected claims */
  double     sources_mean;       /* links / claims; NaN without claims */
  double     no_source_share;    /* with_sources[0] / claims; NaN without claims */
} AttestStatistics;

void              attest_statistics_free             (AttestStatistics   *stats);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AttestStatistics, attest_statistics_free)

/* Counts over the live claims matching @filter (NULL: all). */
AttestStatistics *attest_store_get_statistics        (AttestStore              *self,
                                                      const AttestClaimFilter  *filter,
                                                      GError                  **error);

G_END_DECLS
