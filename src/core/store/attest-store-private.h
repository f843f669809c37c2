/* attest-store-private.h — what the store's own source files share.
 *
 * AttestStore is one class split over several files by table, as big
 * classes are in GNOME apps: attest-store.c (the object, statements,
 * transactions), -open.c (opening, schema, locks), -documents.c, -claims.c,
 * -taxonomy.c (categories), -sources.c (sources, links, outlets),
 * -citations.c, -history.c (history, annotators); and over them -tei.c
 * (export and bulk import), -merge.c, -curation.c and -backup.c. Only
 * those files include this header; nothing else speaks SQL.
 */
#pragma once

#include <sqlite3.h>
#include <sys/types.h>

#include "attest-store-bulk.h"

G_BEGIN_DECLS

#define BUSY_TIMEOUT_MS 5000
#define BUSY_RETRIES    4

struct _AttestStore
{
  GObject     parent_instance;

  sqlite3    *db;
  char       *path;
  char       *annotator;
  char       *read_only_reason;
  gboolean    read_only;
  gboolean    tidy;        /* read-only by request over a read-write connection */
  gpointer    open_file;   /* this file's entry among the databases open here */
  gboolean    immutable;   /* read as it stands: a folder nobody may write */
  gboolean    reconnecting; /* connecting again did not finish; see reconnect() */
  gboolean    parked;      /* holds no locks while a file chooser is open; see park() */
  gint64      data_version; /* the last one read, answered while parked */
  guint       reconnects;  /* each new connection counts its data_version anew */
  int         schema;      /* the file's user_version: older ones are read as they are */
  /* The -wal and -shm this connection uses, to notice if another process
   * removed them (see check_files() in attest-store.c). */
  dev_t       wal_dev, shm_dev;
  /* The database file itself, to notice it was renamed or replaced. */
  dev_t       db_dev;
  ino_t       db_ino;
  ino_t       wal_ino, shm_ino;
  /* Writes begun inside another one (savepoints); see begin_write(). */
  guint       nested_writes;
  /* const char *sql → sqlite3_stmt*; the SQL strings are static literals. */
  GHashTable *statements;
  /* The outlets imports scan with, and a digest of the outlets rows they
   * were built from; see _attest_store_outlets(). */
  AttestOutlets *outlets;
  char          *outlets_digest;
};

AttestOutlets  *_attest_store_outlets           (AttestStore   *self,
                                                GError       **error);
/* Refuses to make a database at @path while a -wal or -shm of a deleted
 * one is beside it (SQLite would read its pages into the new file). */
gboolean        _attest_store_refuse_orphaned_journal (const char *path,
                                                       GError    **error);
gboolean        _attest_store_set_sqlite_error (AttestStore   *self,
                                                GError       **error,
                                                int            rc,
                                                const char    *doing);
gboolean        _attest_store_check_writable   (AttestStore   *self,
                                                GError       **error);
sqlite3_stmt   *_attest_store_prepare          (AttestStore   *self,
                                                const char    *sql,
                                                GError       **error);
void            _attest_store_bind_text        (sqlite3_stmt  *stmt,
                                                int            index,
                                                const char    *text);
char           *_attest_store_column_dup       (sqlite3_stmt  *stmt,
                                                int            index);
gboolean        _attest_store_step_done        (AttestStore   *self,
                                                sqlite3_stmt  *stmt,
                                                const char    *doing,
                                                GError       **error);
/* Closes the connection and forgets the file (attest-store-open.c). */
void            _attest_store_close            (AttestStore   *self);
/* Connects again if another process removed the -wal or -shm in use. */
gboolean        _attest_store_check_files      (AttestStore   *self,
                                                GError       **error);
gboolean        _attest_store_begin_write      (AttestStore   *self,
                                                const char    *doing,
                                                GError       **error);
gboolean        _attest_store_commit_write     (AttestStore   *self,
                                                const char    *doing,
                                                GError       **error);
void            _attest_store_rollback_write   (AttestStore   *self);
char           *_attest_store_now_iso8601      (void);
char           *_attest_store_name_uuid        (const char    *name);
gboolean        _attest_store_record_history   (AttestStore   *self,
                                                const char    *entity,
                                                const char    *entity_uuid,
                                                const char    *action,
                                                const char    *field,
                                                const char    *old_value,
                                                const char    *new_value,
                                                GError       **error);
gint64          _attest_store_annotator_id     (AttestStore   *self,
                                                GError       **error);
gint64          _attest_store_resolve_id_ref   (AttestStore   *self,
                                                const char    *table,
                                                const char    *what,
                                                const char    *ref,
                                                GError       **error);
gint64          _attest_store_resolve_ref      (AttestStore   *self,
                                                const char    *table,
                                                const char    *what,
                                                const char    *ref,
                                                GError       **error);

/* Copies the database of connection @source (in no write transaction)
 * into @out, which the caller commits (attest-store-backup.c). */
typedef struct _AttestOutputFile AttestOutputFile;
/* A connection that writes a new database into @out, without a journal:
 * on failure the unnamed file is simply dropped. */
sqlite3        *_attest_store_open_unnamed      (AttestOutputFile *out,
                                                 GError          **error);
gboolean        _attest_store_copy_into         (sqlite3          *source,
                                                 const char       *source_path,
                                                 AttestOutputFile *out,
                                                 GError          **error);

/* The rules every new claim obeys: its range and quote in document
 * @doc_id, and a category that exists and is not retired. */
char           *_attest_store_claim_quote       (AttestStore   *self,
                                                 gint64         doc_id,
                                                 gint64         start,
                                                 gint64         end,
                                                 GError       **error);
gint64          _attest_store_usable_category_id (AttestStore  *self,
                                                 const char    *key,
                                                 GError       **error);

/* ------------------------------------------------ one insert per table
 *
 * Each table's INSERT is written once, in the file that owns the table, and
 * used by adding, TEI import, merge and curation alike. They run inside the
 * caller's write; @doing names it in an error. A NULL text or an id of 0
 * is written as NULL (a NOT NULL column then refuses the row, as the
 * callers' checks expect). */

/* Every column of a claim. */
typedef struct {
  const char *uuid;
  gint64      document_id;
  gint64      start;
  gint64      end;
  const char *quote;
  gint64      category_id;
  gint64      annotator_id;
  const char *created;
  const char *modified;
  const char *status;
  const char *certainty;
  const char *comment;
  gint64      version;
  gboolean    deleted;
} AttestClaimRecord;

gboolean        _attest_store_insert_claim      (AttestStore              *self,
                                                 const AttestClaimRecord  *row,
                                                 const char               *doing,
                                                 gint64                   *out_id,
                                                 GError                  **error);
/* The same, unless a claim has the uuid already: then *@out_id is 0. */
gboolean        _attest_store_insert_new_claim  (AttestStore              *self,
                                                 const AttestClaimRecord  *row,
                                                 const char               *doing,
                                                 gint64                   *out_id,
                                                 GError                  **error);
char           *_attest_store_restored_uuid     (const char               *uuid);
gboolean        _attest_store_copy_deleted_claim (AttestStore             *self,
                                                 const char               *uuid,
                                                 char                    **out_uuid,
                                                 GError                  **error);
/* Every column of a document (its full-text index follows by trigger). */
typedef struct {
  const char *uuid;
  const char *sha256;
  const char *title;
  const char *publication;
  const char *volume;
  const char *issue;
  const char *author;
  const char *date;
  const char *origin;
  const char *format;
  const char *encoding;
  const char *text;
  gint64      length;
  gint64      body_start;
  const char *imported;
} AttestDocumentRecord;

gboolean        _attest_store_insert_document   (AttestStore                *self,
                                                 const AttestDocumentRecord *row,
                                                 const char                 *doing,
                                                 gint64                     *out_id,
                                                 GError                    **error);

/* Every column of a category. */
typedef struct {
  const char *key;
  const char *label;
  const char *description;
  const char *color;
  gint64      shortcut;     /* < 0: none */
  const char *parent_key;
  gboolean    retired;
  gint64      position;     /* < 0: after the last */
  const char *modified;
} AttestCategoryRecord;

gboolean        _attest_store_insert_category   (AttestStore                *self,
                                                 const AttestCategoryRecord *row,
                                                 const char                 *doing,
                                                 gint64                     *out_id,
                                                 GError                    **error);

/* Every column of a source; document_id 0: an outside source. */
typedef struct {
  const char *uuid;
  gint64      document_id;
  const char *outlet;
  const char *place;
  const char *date_text;
  const char *date_when;
  const char *url;
  const char *title;
  const char *reliability;
  const char *created;
} AttestSourceRecord;

gboolean        _attest_store_insert_source     (AttestStore              *self,
                                                 const AttestSourceRecord *row,
                                                 const char               *doing,
                                                 gint64                   *out_id,
                                                 GError                  **error);

/* Every column of a citation (schema 3). */
typedef struct {
  const char *uuid;
  gint64      document_id;
  gint64      source_id;
  gint64      start;
  gint64      end;
  const char *text;
  gint64      closes_paragraph;
  gint64      paragraph_start;
  const char *kind;
  gint64      cover_start;
  gint64      cover_end;
} AttestCitationRecord;

gboolean        _attest_store_insert_citation   (AttestStore                *self,
                                                 const AttestCitationRecord *row,
                                                 const char                 *doing,
                                                 GError                    **error);

/* An outlet or variant the analysts added; a name there already takes
 * @canonical. */
gboolean        _attest_store_insert_outlet     (AttestStore   *self,
                                                 const char    *name,
                                                 const char    *canonical,
                                                 const char    *annotator,
                                                 const char    *created,
                                                 const char    *doing,
                                                 GError       **error);

/* A claim's link to a source; with @or_ignore, a link there already (or a
 * row the table refuses) is left as it is. */
gboolean        _attest_store_copy_links        (AttestStore   *self,
                                                 gint64         from_claim_id,
                                                 gint64         to_claim_id,
                                                 GError       **error);
gboolean        _attest_store_insert_link       (AttestStore   *self,
                                                 gint64         claim_id,
                                                 gint64         source_id,
                                                 gint64         annotator_id,
                                                 const char    *created,
                                                 gboolean       or_ignore,
                                                 const char    *doing,
                                                 GError       **error);
/* One history entry, every column as given. */
gboolean        _attest_store_insert_history    (AttestStore           *self,
                                                 const AttestChangeRow *row,
                                                 const char            *doing,
                                                 GError               **error);
/* The same, unless an entry has the uuid already: then *@out_added is FALSE. */
gboolean        _attest_store_insert_new_history (AttestStore           *self,
                                                  const AttestChangeRow *row,
                                                  const char            *doing,
                                                  gboolean              *out_added,
                                                  GError               **error);
char           *_attest_store_restored_entry_uuid (const char          *entry_uuid,
                                                   const char          *copy_uuid);
gboolean        _attest_store_copy_claim_history (AttestStore          *self,
                                                  const char           *from_uuid,
                                                  const char           *to_uuid,
                                                  GHashTable           *out_fields,
                                                  guint                *out_added,
                                                  GError              **error);
/* An annotator; with @or_ignore, one there already is left as it is. */
gboolean        _attest_store_insert_annotator  (AttestStore   *self,
                                                 const char    *uuid,
                                                 const char    *name,
                                                 gboolean       or_ignore,
                                                 const char    *doing,
                                                 GError       **error);

/* Row ids by uuid, key or name: 0 in *@out_id when there is none. */
gboolean        _attest_store_claim_id_by_uuid   (AttestStore  *self,
                                                  const char   *uuid,
                                                  gint64       *out_id,
                                                  GError      **error);
gboolean        _attest_store_source_id_by_uuid  (AttestStore  *self,
                                                  const char   *uuid,
                                                  gint64       *out_id,
                                                  GError      **error);
gboolean        _attest_store_category_id_by_key (AttestStore  *self,
                                                  const char   *key,
                                                  gint64       *out_id,
                                                  GError      **error);
gboolean        _attest_store_annotator_id_by_name (AttestStore  *self,
                                                    const char   *name,
                                                    gint64       *out_id,
                                                    GError      **error);
/* A column's text as SQLite holds it (valid until the next step). */
const char     *_attest_store_column_text       (sqlite3_stmt  *stmt,
                                                 int            index);
/* Resets @stmt after its last step @rc; FALSE with @error unless DONE. */
gboolean        _attest_store_step_failed       (AttestStore   *self,
                                                 sqlite3_stmt  *stmt,
                                                 int            rc,
                                                 const char    *doing,
                                                 GError       **error);
/* Reads a row into a new object, for _attest_store_collect(). */
typedef gpointer (*AttestStoreRowFunc)  (sqlite3_stmt  *stmt);
/* Called on each row by _attest_store_each_row(); FALSE (with @error) stops. */
typedef gboolean (*AttestStoreEachFunc) (sqlite3_stmt  *stmt,
                                         gpointer       data,
                                         GError       **error);
/* The one loop over a statement's rows: steps @stmt to the end, calling
 * @func (if not NULL) on each row, and resets it; a failed step is an
 * error while @doing. */
gboolean        _attest_store_each_row          (AttestStore         *self,
                                                 sqlite3_stmt        *stmt,
                                                 AttestStoreEachFunc  func,
                                                 gpointer             data,
                                                 const char          *doing,
                                                 GError             **error);
/* Adds @row_to_object of every row of @stmt to @into, in order. */
gboolean        _attest_store_collect           (AttestStore         *self,
                                                 sqlite3_stmt        *stmt,
                                                 AttestStoreRowFunc   row_to_object,
                                                 GPtrArray           *into,
                                                 const char          *doing,
                                                 GError             **error);
/* Each-row functions: the first column's text into the GStrvBuilder
 * @data; its integer into the GArray of gint64 @data. */
gboolean        _attest_store_row_add_text      (sqlite3_stmt  *stmt,
                                                 gpointer       data,
                                                 GError       **error);
gboolean        _attest_store_row_add_id        (sqlite3_stmt  *stmt,
                                                 gpointer       data,
                                                 GError       **error);
/* Binds @id, or NULL for 0. */
void            _attest_store_bind_id           (sqlite3_stmt  *stmt,
                                                 int            index,
                                                 gint64         id);
/* Runs @stmt (bound to find one row id) and resets it; 0 when no row. */
gboolean        _attest_store_query_id          (AttestStore   *self,
                                                 sqlite3_stmt  *stmt,
                                                 gint64        *out_id,
                                                 const char    *doing,
                                                 GError       **error);

/* ------------------------------------------------------ the claim filter
 *
 * Whether a claim (alias c) matches an AttestClaimFilter: ?1 a document
 * row id, ?2 a category key, ?3 an annotator name, ?4 a status; NULL
 * matches all. CLAIM_FILTER_FIELDS leaves the document out, for queries
 * that name it themselves. Both are bound by _attest_store_bind_claim_filter()
 * (attest-store-claims.c). */
#define CLAIM_FILTER_FIELDS \
  " (?2 IS NULL OR c.category_id = (SELECT id FROM categories WHERE key = ?2))" \
  " AND (?3 IS NULL OR c.annotator_id = (SELECT id FROM annotators WHERE name = ?3))" \
  " AND (?4 IS NULL OR c.status = ?4)"

#define CLAIM_MATCHES \
  " (?1 IS NULL OR c.document_id = ?1) AND" CLAIM_FILTER_FIELDS
/* The same for one document (?1 bound): "?1 IS NULL OR" keeps SQLite
 * from using the index by document, so that opening an article read every
 * claim of the database. */
#define CLAIM_MATCHES_DOCUMENT \
  " c.document_id = ?1 AND" CLAIM_FILTER_FIELDS

/* Binds ?1 to @document_id (unless 0) and ?2 … ?4 to @filter's fields. */
void            _attest_store_bind_claim_filter (sqlite3_stmt            *stmt,
                                                 gint64                   document_id,
                                                 const AttestClaimFilter *filter);
/* Whether @filter (or NULL) lets every claim through. */
gboolean        _attest_store_claim_filter_is_empty (const AttestClaimFilter *filter);

/* A citation tombstone: a citation an analyst removed (attest-store-citations.c).
 * The covers are pointers because a citation scanned before schema 3 may
 * have none: NULL is written as SQL NULL, which the table refuses, as it
 * always has. */
typedef struct {
  const char   *uuid;
  gint64        document_id;
  const char   *source_uuid;
  gint64        start;
  gint64        end;
  const char   *text;
  const char   *outlet;
  const char   *kind;
  const gint64 *cover_start;
  const gint64 *cover_end;
  gint64        closes_paragraph;
  gint64        paragraph_start;
  const char   *removed;
} AttestTombstoneRecord;

/* The one INSERT of citation_tombstones: removing a citation replaces a
 * tombstone of the same uuid, merging one removed elsewhere keeps ours. */
typedef enum {
  ATTEST_TOMBSTONE_REPLACE,
  ATTEST_TOMBSTONE_KEEP_EXISTING,
} AttestTombstoneMode;

gboolean        _attest_store_insert_tombstone  (AttestStore                 *self,
                                                 const AttestTombstoneRecord *row,
                                                 AttestTombstoneMode          mode,
                                                 const char                  *doing,
                                                 GError                     **error);

/* Column lists the row readers below expect, in order. */
#define DOCUMENT_COLUMNS \
  "d.id, d.uuid, d.sha256, d.title, d.publication, d.volume, d.issue, d.author," \
  " d.date, d.origin, d.format, d.encoding, d.length, d.body_start, d.imported," \
  " (SELECT count(*) FROM claims c WHERE c.document_id = d.id AND NOT c.deleted)"

#define CATEGORY_COLUMNS \
  "k.id, k.key, k.label, k.description, k.color, k.shortcut, k.parent_key," \
  " k.retired, k.version," \
  " (SELECT count(*) FROM claims c WHERE c.category_id = k.id AND NOT c.deleted)"

#define CLAIM_COLUMNS \
  "c.id, c.uuid, d.uuid, c.start, c.\"end\", c.quote, k.key, a.name, c.created," \
  " c.modified, c.status, c.certainty, c.comment, c.version," \
  " (SELECT group_concat (uuid, ' ') FROM (SELECT s.uuid FROM claim_sources cs" \
  "   JOIN sources s ON s.id = cs.source_id WHERE cs.claim_id = c.id ORDER BY s.id))"

#define CLAIM_FROM \
  " FROM claims c JOIN documents d ON d.id = c.document_id" \
  " JOIN categories k ON k.id = c.category_id JOIN annotators a ON a.id = c.annotator_id"

#define SOURCE_COLUMNS \
  "s.id, s.uuid, d.uuid, s.outlet, s.place, s.date_text, s.date_when, s.url," \
  " s.title, s.reliability," \
  " (SELECT count(*) FROM citations t WHERE t.source_id = s.id)," \
  " (SELECT count(*) FROM claim_sources cs JOIN claims c ON c.id = cs.claim_id" \
  "   WHERE cs.source_id = s.id AND NOT c.deleted)"

#define SOURCE_COLUMN_COUNT 12

/* How a citation was found and what it covers (schema 3); a file of schema
 * 1 or 2, read as it is, knew only parentheses covering their paragraph. */
#define CITATION_KIND_COLUMNS "t.kind, t.cover_start, t.cover_end"
#define CITATION_KIND_COLUMNS_V2 "'parenthesis', t.paragraph_start, t.\"end\" + 1"

/* How many ancestors the category whose parent is @parent has in @table
 * (SQL): parents are added, merged and sent before their children by it,
 * whatever the categories' order on screen. A cycle counts past 1000. */
#define ATTEST_CATEGORY_DEPTH(parent, table) \
  "(WITH RECURSIVE up (k, n) AS (SELECT " parent ", 0 UNION ALL SELECT c.parent_key, up.n + 1" \
  " FROM " table " c JOIN up ON c.key = up.k WHERE up.n < 1000) SELECT count (*) FROM up WHERE k IS NOT NULL)"

/* Rows of a copy checked one by one as a merge checks them
 * (attest-store-merge.c), for a team's sync. */
typedef struct _AttestRowChecker AttestRowChecker;

AttestRowChecker *_attest_row_checker_new   (AttestStore       *copy);
gboolean          _attest_row_checker_check (AttestRowChecker  *checker,
                                             const char        *table,
                                             const char        *key,
                                             GError           **error);
void              _attest_row_checker_free  (AttestRowChecker  *checker);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AttestRowChecker, _attest_row_checker_free)

/* Row readers. */
AttestDocument *_attest_store_document_from_row (sqlite3_stmt *stmt);
AttestCategory *_attest_store_category_from_row (sqlite3_stmt *stmt);
AttestClaim    *_attest_store_claim_from_row    (sqlite3_stmt *stmt);
AttestSource   *_attest_store_source_from_row   (sqlite3_stmt *stmt,
                                                 int           first);
/* Year-less attributions of a document take their year from @date (inside
 * a write). */
gboolean        _attest_store_resolve_source_dates (AttestStore *self,
                                                    gint64       document_id,
                                                    const char  *date,
                                                    GError     **error);
char           *_attest_store_outlet_history_id (const char  *name);
gboolean        _attest_store_sweep_sources     (AttestStore *self,
                                                 GError     **error);
gboolean        _attest_store_rescan_citations (AttestStore  *self,
                                                GError      **error);
char           *_attest_store_source_key        (AttestOutlets *outlets,
                                                 const char    *outlet,
                                                 const char    *place,
                                                 const char    *date_text);
gboolean        _attest_store_name_outlets      (AttestStore  *self,
                                                 GPtrArray    *sources,
                                                 GError      **error);
AttestDocument *_attest_store_get_document_by_id (AttestStore *self,
                                                  gint64       id,
                                                  gboolean     with_text,
                                                  GError     **error);
gboolean        _attest_store_insert_extraction (AttestStore  *self,
                                                 gint64        id,
                                                 const char   *facts,
                                                 GError      **error);
AttestClaim    *_attest_store_get_claim_by_id   (AttestStore  *self,
                                                 gint64        id,
                                                 GError      **error);

G_END_DECLS
