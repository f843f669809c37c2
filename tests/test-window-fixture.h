/* test-window-fixture.h — what the window tests (test-window and
 * test-window-input) share: the application, the fixture, waiting, screenshots
 * and finding widgets. */
#pragma once

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>

#include "attest-analysis-window.h"
#include "attest-application.h"
#include "attest-article-reader.h"
#include "attest-article-view.h"
#include "attest-error.h"
#include "attest-export-dialog.h"
#include "attest-inspector.h"
#include "attest-name-dialog.h"
#include "attest-preferences-window.h"
#include "attest-rules.h"
#include "attest-store.h"
#include "attest-window.h"
#include "attest-test-ui.h"
#include "attest-test-utils.h"

typedef struct {
  char         *dir;
  char         *db;
  AttestStore  *store;
  AttestWindow *window;
} Fixture;

extern AttestApplication *application;

AttestApplication *test_application (void);

void wait_for_import (AttestWindow *window);

void screenshot (GtkWidget  *widget,
                 const char *name);

gboolean close_toast (GtkWidget *widget);

GPtrArray *claims (Fixture *f);

AttestArticleView *article_view (Fixture *f);

void fixture_set_up (Fixture       *f,
                     gconstpointer  data);

void fixture_tear_down (Fixture       *f,
                        gconstpointer  data);

GLogWriterOutput log_writer (GLogLevelFlags   level,
                             const GLogField *fields,
                             gsize            n_fields,
                             gpointer         data);
