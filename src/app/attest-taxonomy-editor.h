/* attest-taxonomy-editor.h — the categories claims are filed under, edited
 * in the window: add, rename, recolour, a shortcut digit, the order,
 * retire and restore; every change through the window's undo stack, so
 * Ctrl+Z undoes it here or in the window. */
#pragma once

#include <adwaita.h>

#include "attest-store.h"
#include "attest-undo-stack.h"

G_BEGIN_DECLS

#define ATTEST_TYPE_TAXONOMY_EDITOR (attest_taxonomy_editor_get_type ())
G_DECLARE_FINAL_TYPE (AttestTaxonomyEditor, attest_taxonomy_editor, ATTEST, TAXONOMY_EDITOR, AdwWindow)

/* Emits ::changed after each change it made in @store (undo included),
 * for the views to show the taxonomy as it now is. */
AttestTaxonomyEditor *attest_taxonomy_editor_new    (GtkWindow            *parent,
                                                     AttestStore          *store,
                                                     AttestUndoStack      *undo);
/* Reads the taxonomy again (another window, a merge, an undo). */
void                  attest_taxonomy_editor_reload (AttestTaxonomyEditor *self);

/* What a user does, one call each (the rows' widgets call these too; the
 * tests drive them through both). Each reports a problem in a toast and
 * returns FALSE. @position counts every category, retired ones too. */
gboolean attest_taxonomy_editor_add       (AttestTaxonomyEditor *self,
                                           const char           *label);
gboolean attest_taxonomy_editor_rename    (AttestTaxonomyEditor *self,
                                           const char           *key,
                                           const char           *label);
gboolean attest_taxonomy_editor_recolour  (AttestTaxonomyEditor *self,
                                           const char           *key,
                                           const GdkRGBA        *color);
gboolean attest_taxonomy_editor_set_shortcut (AttestTaxonomyEditor *self,
                                              const char           *key,
                                              int                   digit);
gboolean attest_taxonomy_editor_move      (AttestTaxonomyEditor *self,
                                           const char           *key,
                                           int                   step);
gboolean attest_taxonomy_editor_retire    (AttestTaxonomyEditor *self,
                                           const char           *key,
                                           gboolean              retired);

/* For tests: the row of @key (an AdwExpanderRow while in use, an
 * AdwActionRow once retired), or NULL. */
GtkWidget *attest_taxonomy_editor_get_row (AttestTaxonomyEditor *self,
                                           const char           *key);
const char *attest_taxonomy_editor_get_last_toast (AttestTaxonomyEditor *self);

G_END_DECLS
