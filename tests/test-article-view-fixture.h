/* test-article-view-fixture.h — what the article view tests (test-article-view
 * and test-article-view-input) share: the fixture, its signals, waiting,
 * screenshots and the checks of the tags. */
#pragma once

#include "config.h"

#include <adwaita.h>
#include <dlfcn.h>
#include <gdk/x11/gdkx.h>
#include <glib/gstdio.h>
#include <string.h>
#include <X11/keysym.h>

#include "attest-article-reader.h"
#include "attest-article-view.h"
#include "attest-store.h"
#include "attest-test-ui.h"
#include "attest-test-utils.h"

#define N_FIXED_TAGS 5

typedef struct {
  char              *dir;
  AttestStore       *store;
  AttestDocument    *doc;
  GPtrArray         *categories;
  GPtrArray         *claims;      /* AttestClaim, what the view should show */
  GPtrArray         *citations;
  GtkWindow         *window;
  AttestArticleView *view;

  /* what the signals said */
  guint              n_create;
  gint64             create_start;
  gint64             create_end;
  char              *create_key;
  guint              n_activated;
  char              *activated_uuid;
  guint              n_cited;
  AttestCitation    *cited;
} Fixture;

gboolean wake_up (gpointer data);

void iterate (void);

gboolean wait_for (gboolean (*cond) (gpointer),
                   gpointer  data,
                   guint     timeout_ms);

void on_after_paint (GdkFrameClock *clock,
                     guint         *painted);

void wait_painted (GtkWidget *widget);

GskRenderNode *widget_node (GtkWidget *widget);

void screenshot (GtkWidget  *window,
                 GtkWidget  *popover,
                 const char *name);

GtkTextBuffer *view_buffer (Fixture *f);

GtkTextTag *tag_named (Fixture    *f,
                       const char *name);

GtkTextTag *category_tag (Fixture    *f,
                          const char *key);

gboolean has_tag_at (Fixture    *f,
                     GtkTextTag *tag,
                     gint64      offset);

AttestClaim *innermost_at (GPtrArray *claims,
                           gint64     offset,
                           guint     *count);

void assert_tags_at (Fixture   *f,
                     GPtrArray *claims,
                     GPtrArray *citations,
                     gint64     offset);

void assert_all_tags (Fixture *f);

void assert_tag_exactly_over (Fixture    *f,
                              GtkTextTag *tag,
                              gint64      start,
                              gint64      end);

AttestClaim *add_claim (Fixture    *f,
                        const char *quote,
                        gint64      nth_from,
                        const char *key);

void on_create_claim (AttestArticleView *view,
                      gint64             start,
                      gint64             end,
                      const char        *key,
                      Fixture           *f);

void on_claim_activated (AttestArticleView *view,
                         const char        *uuid,
                         Fixture           *f);

void on_citation_activated (AttestArticleView *view,
                            AttestCitation    *citation,
                            Fixture           *f);

gboolean window_active (gpointer data);

void fixture_set_up (Fixture       *f,
                     gconstpointer  data);

void fixture_tear_down (Fixture       *f,
                        gconstpointer  data);

gboolean popover_mapped (gpointer data);

GtkWidget *find_popover (Fixture    *f,
                         const char *css_class);

GPtrArray *popover_rows (GtkWidget *widget,
                         GPtrArray *rows);

GLogWriterOutput log_writer (GLogLevelFlags   log_level,
                             const GLogField *fields,
                             gsize            n_fields,
                             gpointer         data);
