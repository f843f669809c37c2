/* attest-document-list.h — the sidebar: the articles of the database with
 * their date, outlet and claim count, the search over them (each result
 * with a snippet of where it matched), and the import progress. */
#pragma once

#include <gtk/gtk.h>

#include "attest-store.h"

G_BEGIN_DECLS

#define ATTEST_TYPE_DOCUMENT_LIST (attest_document_list_get_type ())
G_DECLARE_FINAL_TYPE (AttestDocumentList, attest_document_list, ATTEST, DOCUMENT_LIST, GtkBox)

/* Lists the articles of @store (none when NULL), the search cleared. */
void            attest_document_list_set_store      (AttestDocumentList *self,
                                                     AttestStore        *store);
/* Reads the list again (the search results while searching); errors are
 * emitted as ::load-failed. */
void            attest_document_list_reload         (AttestDocumentList *self);
/* Claim counts (and titles, dates, outlets) follow the edits: reads the
 * list again; while searching, updates the rows listed in place (the hits
 * would move under the pointer). */
void            attest_document_list_refresh_counts (AttestDocumentList *self);
/* While the list shows search results: where the search first matches
 * in the text of article @uuid, in characters. FALSE when not searching
 * or not in its text (a failure is emitted as ::load-failed). */
gboolean        attest_document_list_find_match     (AttestDocumentList *self,
                                                     const char         *uuid,
                                                     gint64             *start,
                                                     gint64             *end);
/* The open article, selected in the list now and after every reload. */
void            attest_document_list_set_open       (AttestDocumentList *self,
                                                     const char         *uuid);
/* (transfer none): the AttestDocument listed, without their text. */
GListModel     *attest_document_list_get_model      (AttestDocumentList *self);
/* Whether the database has no articles (known from the last reload without
 * a search; TRUE without a store). */
gboolean        attest_document_list_get_empty      (AttestDocumentList *self);
void            attest_document_list_focus_search   (AttestDocumentList *self);
/* Import progress above the list; @text NULL hides it. */
void            attest_document_list_show_progress  (AttestDocumentList *self,
                                                     double              fraction,
                                                     const char         *text);

/* An article's name in the list and the window title: its title, else its
 * issue, else where it came from. */
char           *attest_document_list_dup_title      (AttestDocument     *doc);

G_END_DECLS
