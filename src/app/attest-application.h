/* attest-application.h — the Attest application: command line, settings,
 * which database opens first, and the app-wide windows (About,
 * Preferences). It creates windows; windows never include this header. */
#pragma once

#include <adwaita.h>

#include "attest-store.h"

G_BEGIN_DECLS

#define ATTEST_TYPE_APPLICATION (attest_application_get_type ())
G_DECLARE_FINAL_TYPE (AttestApplication, attest_application, ATTEST, APPLICATION, AdwApplication)

AttestApplication *attest_application_new                (void);

/* The settings, or NULL when the schema is not installed (then nothing is
 * remembered between runs, but everything else works). */
GSettings         *attest_application_get_settings       (AttestApplication *self);

/* The last database opened, or the default one. */
char              *attest_application_dup_default_path (AttestApplication *self);

/* Where the translations of the program at @exe (its absolute path) are:
 * in a meson build tree, the catalogues it compiled (<build>/po); in a
 * staged install (DESTDIR), the stage's own copy of LOCALEDIR; else
 * LOCALEDIR. */
char              *attest_application_find_locale_dir  (const char *exe);

G_END_DECLS
