/* attest-exchange-import.h — the one writer behind every annotation import.
 *
 * brat, Web Annotation, UIMA CAS JSON and REFI-QDA readers each parse and
 * check their file into AttestExchangeDoc's; this module writes them, in one
 * transaction, by the same rules: an article is matched by its text's
 * SHA-256 (or its id) or added with the sources an ordinary import finds in
 * it; a category by its key or added; a source by its id (the scan's
 * source of its label takes it in a new article), else added with its
 * fields, or, given by its label alone (the label the window shows,
 * attest_exchange_source_label()), among the article's and the outside
 * sources, else added as an outside source; a claim the same annotator
 * already has on the article with the same span and category is counted as
 * existing, so importing a file twice changes nothing. On any error nothing
 * is written, and the message names the file and the place in it.
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "attest-document.h"
#include "attest-store.h"
#include "attest-tei-reader.h"

G_BEGIN_DECLS

/* A source a claim rests on, as a file carries it. Another tool's file may
 * give only @label (the window's label): it is found by it, as before. A
 * file Attest wrote also gives @uuid and the fields, so that two sources
 * of one label stay two and an outside source keeps its parts. */
typedef struct {
  char     *label;       /* as the window shows it */
  char     *uuid;        /* (nullable) */
  gboolean  outside;     /* an outside source, not one of the article's */
  char     *outlet;      /* (nullable) these as the source's row holds them */
  char     *place;
  char     *date_text;
  char     *when;
  char     *url;
  char     *title;
  char     *reliability;
  char     *where;       /* (nullable) "line 7", where the file gives it, when
                          * that is not its claim's place, for messages */
} AttestExchangeSource;

typedef struct {
  gint64     start;      /* Unicode code points in the stored text */
  gint64     end;
  char      *quote;      /* the text at start … end, exactly */
  char      *key;        /* category key */
  char      *label;      /* (nullable) the category's name if it is new */
  gboolean   label_made; /* @label was made up from the key (brat's type),
                          * not a name the file gives: a new category's only */
  char      *color;      /* (nullable) "#rrggbb" for a new category */
  char      *status;     /* (nullable) draft when NULL */
  char      *certainty;  /* (nullable) */
  char      *comment;    /* (nullable) */
  GPtrArray *sources;    /* AttestExchangeSource */
  char      *uuid;       /* (nullable) a new one when NULL */
  char      *annotator;  /* (nullable) the store's annotator when NULL */
  char      *created;    /* (nullable) now when NULL */
  char      *modified;   /* (nullable) created when NULL */
  char      *where;      /* (nullable) "line 12", for messages */
} AttestExchangeClaim;

/* A category as the file describes it, for the categories the database
 * lacks: created parent first, in the file's order; one the database has
 * keeps its own details. Claims refer to it by @key. */
/* The most categories a file may describe (see import_categories()). */
#define ATTEST_EXCHANGE_CATEGORIES_MAX 1000

typedef struct {
  char     *key;
  char     *label;        /* (nullable) made from the key when NULL */
  char     *color;        /* (nullable) "#rrggbb"; one of Attest's when NULL */
  char     *description;  /* (nullable) */
  char     *parent_key;   /* (nullable) a category of the file or database */
  gboolean  retired;
  char     *name;         /* the file (and part) it came from, for messages */
  char     *where;        /* (nullable) "line 12", for messages */
} AttestExchangeCategory;

typedef struct {
  char           *name;    /* the file (and part) it came from, for messages */
  AttestDocument *doc;     /* text as stored: no BOM, LF line ends */
  GPtrArray      *claims;  /* AttestExchangeClaim */
  char           *text_name; /* (nullable) the part the text came from, for
                              * a message about the text; @name when NULL */
} AttestExchangeDoc;

AttestExchangeClaim *attest_exchange_claim_new   (void);
void                 attest_exchange_claim_free  (AttestExchangeClaim *claim);
AttestExchangeSource *attest_exchange_claim_add_label (AttestExchangeClaim *claim,
                                                       const char          *label);
AttestExchangeSource *attest_exchange_source_copy (const AttestExchangeSource *source);
void                 attest_exchange_source_free (AttestExchangeSource *source);
gboolean             attest_exchange_source_has_details (const AttestExchangeSource *source);
char                *attest_exchange_source_to_json (const AttestExchangeSource *source);
AttestExchangeSource *attest_exchange_source_from_object (JsonObject  *object,
                                                          const char  *label_member,
                                                          const char  *prefix,
                                                          GError     **error);
AttestExchangeSource *attest_exchange_source_from_json (const char  *text,
                                                        GError     **error);
gboolean             attest_exchange_collect_sources (AttestStore *store,
                                                      gint64       document_id,
                                                      GHashTable  *sources,
                                                      GError     **error);
GPtrArray           *attest_exchange_link_sources (const AttestClaimRow *claim,
                                                   GHashTable           *local,
                                                   GHashTable           *outside);
AttestExchangeDoc   *attest_exchange_doc_new     (const char          *name,
                                                  AttestDocument      *doc);
void                 attest_exchange_doc_free    (AttestExchangeDoc   *doc);
AttestExchangeCategory *attest_exchange_category_new  (const char    *name,
                                                       const char    *key);
void                 attest_exchange_category_free (AttestExchangeCategory *category);

char                *attest_exchange_source_label (const AttestSourceRow *row);

gboolean             attest_exchange_check_span  (const char          *text,
                                                  gint64               start,
                                                  gint64               end,
                                                  const char          *where,
                                                  GError             **error);

gboolean             attest_exchange_check       (GPtrArray           *docs,
                                                  GError             **error);

gboolean             attest_exchange_import      (AttestStore         *store,
                                                  GPtrArray           *docs,
                                                  AttestImportCounts  *out_counts,
                                                  GCancellable        *cancellable,
                                                  GError             **error);
gboolean             attest_exchange_import_with_categories (AttestStore         *store,
                                                             GPtrArray           *categories,
                                                             GPtrArray           *docs,
                                                             AttestImportCounts  *out_counts,
                                                             GCancellable        *cancellable,
                                                             GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AttestExchangeSource, attest_exchange_source_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AttestExchangeCategory, attest_exchange_category_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AttestExchangeClaim, attest_exchange_claim_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AttestExchangeDoc, attest_exchange_doc_free)

G_END_DECLS
