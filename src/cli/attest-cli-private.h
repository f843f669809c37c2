/* attest-cli-private.h — what the files of attest-cli share: the exit codes,
 * the options and the context a command runs in, the helpers in
 * attest-cli-common.c, and the commands the table in attest-cli.c calls. */
#pragma once

#include <json-glib/json-glib.h>

#include "attest-error.h"
#include "attest-exchange.h"
#include "attest-store.h"

G_BEGIN_DECLS

/* The exit codes usage_text in attest-cli.c lists. */
enum {
  EXIT_OK = 0,
  EXIT_FAILED = 1,
  EXIT_USAGE = 2,
  EXIT_NOT_FOUND = 3,
  EXIT_BAD_INPUT = 4,
  EXIT_DATABASE = 5,
  EXIT_READ_ONLY = 6,
  EXIT_CONFLICT = 7,
  EXIT_UNAVAILABLE = 8,
};

/* The options main() parses; the commands read them. */
typedef struct {
  char     *db_path;
  char     *annotator;
  gboolean  json;
  gboolean  read_only;
  /* Command options. */
  char     *category;
  char     *quote;
  int       occurrence;
  char     *range;
  char     *comment;
  char     *certainty;
  char     *status;
  char     *document;
  char     *label;
  char     *color;
  char     *shortcut;
  char     *parent;
  char     *description;
  char     *outlet;
  char     *place;
  char     *date;
  char     *url;
  char     *title;
  char     *author;
  char     *reliability;
  int       limit;
  gboolean  no_text;
  char     *output;
  char     *annotators;
} Options;

/* What a command runs with: the options, the open database, and its
 * arguments. */
typedef struct {
  Options      *opts;
  AttestStore  *store;
  char        **args;  /* positional arguments after the command */
  guint         n_args;
} Cli;

/* attest-cli-common.c: errors and exit codes */
int         exit_code_for    (const GError   *error);
int         fail             (const GError   *error);
int         usage_error      (const char     *message);
char       *dup_printable    (const char     *text);

/* attest-cli-common.c: JSON */
typedef void (*BuildFunc) (JsonBuilder *b,
                           gpointer     item);

int         print_json       (JsonBuilder    *builder);
int         print_json_item  (gpointer        item,
                              BuildFunc       build);
int         print_json_items (GPtrArray      *items,
                              BuildFunc       build);
void        add_string       (JsonBuilder    *b,
                              const char     *name,
                              const char     *value);
void        add_int          (JsonBuilder    *b,
                              const char     *name,
                              gint64          value);
void        build_document   (JsonBuilder    *b,
                              AttestDocument *d,
                              gboolean        with_text);
void        build_document_listed (JsonBuilder    *b,
                                   AttestDocument *d);
void        build_source     (JsonBuilder    *b,
                              AttestSource   *s);
void        build_citation   (JsonBuilder    *b,
                              AttestCitation *c);
void        build_claim      (JsonBuilder    *b,
                              AttestClaim    *c);

/* attest-cli-common.c: text */
const char *or_dash          (const char     *s);
char       *short_id         (const char     *uuid);
void        print_claim      (AttestClaim    *c);
int         print_one_claim  (Cli            *cli,
                              AttestClaim    *claim);

/* attest-cli-common.c: options */
int         range_option     (Cli            *cli,
                              gint64         *start,
                              gint64         *end);
AttestClaimFilter claim_filter (Cli          *cli);
int         text_range       (Cli            *cli,
                              const char     *command,
                              gint64         *start,
                              gint64         *end);

/* attest-cli-analysis.c: --annotators, checked in main() */
char       *normalize_annotators (const char *list,
                                  GError    **error);

/* The commands, one file per group. */
int cmd_import          (Cli *cli);  /* attest-cli-documents.c */
int cmd_documents       (Cli *cli);
int cmd_show            (Cli *cli);
int cmd_search          (Cli *cli);
int cmd_edit_document   (Cli *cli);
int cmd_set_date        (Cli *cli);
int cmd_mark_source     (Cli *cli);
int cmd_remove_citation (Cli *cli);
int cmd_outlets         (Cli *cli);
int cmd_annotate        (Cli *cli);  /* attest-cli-claims.c */
int cmd_edit            (Cli *cli);
int cmd_delete          (Cli *cli);
int cmd_link            (Cli *cli);
int cmd_unlink          (Cli *cli);
int cmd_suggest         (Cli *cli);
int cmd_claims          (Cli *cli);
int cmd_sources         (Cli *cli);
int cmd_add_source      (Cli *cli);
int cmd_history         (Cli *cli);
int cmd_taxonomy        (Cli *cli);  /* attest-cli-taxonomy.c */
int cmd_check           (Cli *cli);  /* attest-cli-exchange.c */
int cmd_export          (Cli *cli);
int cmd_import_tei      (Cli *cli);
int cmd_import_brat     (Cli *cli);
int cmd_import_uima     (Cli *cli);
int cmd_import_web_annotation (Cli *cli);
int cmd_import_refi_qda (Cli *cli);
gboolean import_annotation_set (Cli                  *cli,
                                const char           *path,
                                AttestExchangeFormat  format,
                                JsonBuilder          *b,
                                GError              **error);
int cmd_merge           (Cli *cli);
int cmd_conflicts       (Cli *cli);
int cmd_settle          (Cli *cli);
int cmd_backup          (Cli *cli);
int cmd_agreement       (Cli *cli);  /* attest-cli-analysis.c */
int cmd_curate          (Cli *cli);
int cmd_stats           (Cli *cli);
int cmd_team            (Cli *cli);  /* attest-cli-team.c */
int cmd_sync            (Cli *cli);

G_END_DECLS
