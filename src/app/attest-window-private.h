/* attest-window-private.h — what the window's own files share: the
 * instance struct, and the helpers attest-window.c (construction, the
 * article, edits) and attest-window-actions.c (the win.* actions) call in
 * each other. Nothing outside the window includes it. */
#pragma once

#include "attest-team-worker.h"
#include "attest-window.h"

#include "attest-article-view.h"
#include "attest-claim-list.h"
#include "attest-document-list.h"
#include "attest-inspector.h"
#include "attest-undo-stack.h"

G_BEGIN_DECLS

struct _AttestWindow
{
  AdwApplicationWindow  parent_instance;

  /* template children */
  AdwToastOverlay      *toast_overlay;
  AdwWindowTitle       *window_title;
  GtkToggleButton      *sidebar_button;
  GtkButton            *import_button;
  GtkButton            *redo_button;
  GtkButton            *export_button;
  GtkToggleButton      *inspector_button;
  GtkMenuButton        *layers_button;
  GtkButton            *team_button;     /* the sync's state, for a team's member */
  GtkPopover           *layers_popover;
  GtkBox               *layers_box;
  GtkRevealer          *read_only_revealer;
  GtkLabel             *read_only_label;
  GtkStack             *main_stack;
  AdwFlap              *sidebar_flap;    /* the document list beside (or over) the rest */
  GtkRevealer          *import_revealer; /* an import's progress, the list folded away */
  GtkProgressBar       *import_progress;
  AdwFlap              *inspector_flap;  /* the inspector beside (or over) the article */
  GtkScrolledWindow    *inspector_scroller;
  GtkBox               *article_column;
  GtkBox               *article_top_box; /* bars above the article: add them here */
  AttestDocumentList   *document_list;
  GtkStack             *article_stack;
  AttestArticleView    *article_view;
  AttestInspector      *inspector;
  GMenu                *recent_section;

  GSettings            *settings;      /* the application's, or NULL */
  AttestStore          *store;
  AttestDocument       *document;      /* the open one, with text */
  AttestClaimList      *claims;        /* the article view's: the open document's claims, shown */
  GPtrArray            *categories;
  AttestUndoStack      *undo;
  GCancellable         *import_cancellable;
  char                 *selected_claim;
  /* Layers: whose claims, and which statuses, are hidden (names/keys). */
  GHashTable           *hidden_annotators;
  GHashTable           *hidden_statuses;
  /* The comment being edited: saved already, its undo step pushed when the
   * editing ends (one step per editing, however many saves). */
  AttestClaim          *comment_before;  /* as before the first save */
  AttestClaim          *comment_after;   /* as after the last one */
  gboolean              closing;         /* no dialogs: the window goes away */
  gboolean              show_sidebar;    /* the docked article list is shown (the setting) */
  gboolean              show_inspector;  /* the docked inspector is shown (the setting) */
  int                   layout_width;    /* the width the panes were last folded for */
  AttestTeamWorker     *team_worker;     /* a team member's sync, or NULL */
  GCancellable         *team_cancellable; /* the keyring's answer on its way */
};

/* attest-window.c */
void     _attest_window_toast_error          (AttestWindow *self,
                                              const GError *error);
gboolean _attest_window_is_editable          (AttestWindow *self);
void     _attest_window_flush_comment        (AttestWindow *self);
void     _attest_window_claim_saved          (AttestWindow *self,
                                              AttestClaim  *claim);
void     _attest_window_claim_gone           (AttestWindow *self,
                                              const char   *uuid);
void     _attest_window_refresh_sources      (AttestWindow *self);
void     _attest_window_reload_article       (AttestWindow *self);

/* attest-window-team.c */
void     _attest_window_team_update          (AttestWindow   *self);
void     _attest_window_team_poke            (AttestWindow   *self);
void     _attest_window_team_dispose         (AttestWindow   *self);
void     _attest_window_team_action          (GtkWidget      *widget,
                                              const char     *action,
                                              GVariant       *param);

/* attest-window-actions.c */
void     _attest_window_class_actions_init   (GtkWidgetClass *widget_class);
void     _attest_window_actions_init         (AttestWindow   *self);
void     _attest_window_update_actions       (AttestWindow   *self);
void     _attest_window_update_recent_menu   (AttestWindow   *self);
void     _attest_window_reload_categories    (AttestWindow   *self);

G_END_DECLS
