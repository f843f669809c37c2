/* attest-application.h — the Attest application: command line, settings,
 * opening databases, and the app-wide windows (About, Preferences). */
#pragma once

#include <adwaita.h>

#include "attest-store.h"

G_BEGIN_DECLS

#define ATTEST_TYPE_APPLICATION (attest_application_get_type ())
G_DECLARE_FINAL_TYPE (AttestApplication, attest_application, ATTEST, APPLICATION, AdwApplication)

AttestApplication *attest_application_new            (void);

/* The settings, or NULL when the schema is not installed (then nothing is
 * remembered between runs, but everything else works). */
GSettings         *attest_application_get_settings   (AttestApplication *self);

/* Opens (creating if needed) the database at @path, stamps the annotator
 * name from the preferences and remembers it among the recent databases. */
AttestStore       *attest_application_open_store     (AttestApplication *self,
                                                      const char        *path,
                                                      GError           **error);
/* The demo database of sample articles, imported on first use. */
AttestStore       *attest_application_open_demo      (AttestApplication *self,
                                                      GError           **error);
char              *attest_application_dup_annotator  (AttestApplication *self);
char              *attest_application_default_path   (AttestApplication *self);

G_END_DECLS
