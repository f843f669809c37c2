/* attest-window.h — the main window: documents, the article, the inspector. */
#pragma once

#include <adwaita.h>

#include "attest-store.h"

G_BEGIN_DECLS

#define ATTEST_TYPE_WINDOW (attest_window_get_type ())
G_DECLARE_FINAL_TYPE (AttestWindow, attest_window, ATTEST, WINDOW, AdwApplicationWindow)

/* @app: (nullable): settings are kept when it has a "settings" property
 * (AttestApplication). */
AttestWindow *attest_window_new            (GtkApplication    *app);
void          attest_window_set_store      (AttestWindow      *self,
                                            AttestStore       *store);
AttestStore  *attest_window_get_store      (AttestWindow      *self);
/* Opens the database at @path (created if needed); one on a network file
 * system is not opened before the user chose a local copy or insisted. */
void          attest_window_open_database  (AttestWindow      *self,
                                            const char        *path);
/* The demo database of the sample articles, imported on first use. */
void          attest_window_open_samples   (AttestWindow      *self);

/* Imports articles in the background; progress in the sidebar, one toast
 * per file that could not be imported. */
void          attest_window_import_files   (AttestWindow      *self,
                                            GFile            **files,
                                            guint              n_files);
gboolean      attest_window_is_importing   (AttestWindow      *self);

/* Opens the document with this uuid (or row id). */
gboolean      attest_window_open_document  (AttestWindow      *self,
                                            const char        *ref);
void          attest_window_select_claim   (AttestWindow      *self,
                                            const char        *uuid);
const char   *attest_window_get_selected_claim (AttestWindow  *self);

/* Layers: show or hide the claims of one annotator (or, with @annotator
 * NULL, of one status), as the Layers popover does. */
void          attest_window_set_layer_visible (AttestWindow   *self,
                                               const char     *annotator,
                                               const char     *status,
                                               gboolean        visible);

/* Brings a teammate's copy into this database; conflicts are shown. */
void          attest_window_merge          (AttestWindow      *self,
                                            const char        *path);

void          attest_window_toast          (AttestWindow      *self,
                                            const char        *message);
/* A dialog for errors that stop the work (a database that cannot be
 * opened); everyday failures are toasts. */
void          attest_window_toast_with_details (AttestWindow *self,
                                                const char   *message,
                                                const char   *heading,
                                                const char   *details);
void          attest_window_show_error     (AttestWindow      *self,
                                            const char        *heading,
                                            const GError      *error);

G_END_DECLS
