/* attest-window.c — see attest-window.h.
 *
 * The window is where edits meet the store: the article view and the
 * inspector only emit what the user asked for; this file saves it through
 * the core (never SQL) and records the undo step in one call
 * (attest_undo_stack_perform_*), then updates the claims model both views
 * follow (the article view's AttestClaimList).
 * Every edit is saved at once; there is no Save button to forget. A comment
 * is saved as it is typed and becomes one undo step when its editing ends;
 * whatever is still being typed is saved before the selection, the article
 * or the database changes, before any other edit or undo, and on closing.
 *
 * The win.* actions are in attest-window-actions.c, the sidebar is
 * AttestDocumentList; the struct they share is in attest-window-private.h.
 */
#include "config.h"

#include "attest-window-private.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "attest-annotator-name.h"
#include "attest-error.h"

G_DEFINE_FINAL_TYPE (AttestWindow, attest_window, ADW_TYPE_APPLICATION_WINDOW)

static void store_changed            (AttestWindow *self);
static void update_layers_indicator  (AttestWindow *self);

/* ---------------------------------------------------------------- helpers */

void
attest_window_toast (AttestWindow *self,
                     const char   *message)
{
  AdwToast *toast = adw_toast_new (message);

  /* The answer to what the analyst just did comes first; older news waits. */
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_set_timeout (toast, 6);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* A toast has room for a line: what does not fit (the files an import
 * left out, a long reason) is a button away, in a dialog. */
void
attest_window_toast_with_details (AttestWindow *self,
                                  const char   *message,
                                  const char   *heading,
                                  const char   *details)
{
  AdwToast *toast = adw_toast_new (message);

  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_set_timeout (toast, 10);
  adw_toast_set_button_label (toast, _("_Details"));
  adw_toast_set_action_name (toast, "win.show-details");
  adw_toast_set_action_target_value (toast, g_variant_new ("(ss)", heading, details));
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

void
_attest_window_toast_error (AttestWindow *self,
             const GError *error)
{
  attest_window_toast (self, error->message);
}

void
attest_window_show_error (AttestWindow *self,
                          const char   *heading,
                          const GError *error)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), heading,
                                              error ? error->message : NULL);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

gboolean
_attest_window_is_editable (AttestWindow *self)
{
  return self->store != NULL && !attest_store_is_read_only (self->store);
}

/* Layers: a claim is shown unless its annotator or status is hidden. */
static gboolean
claim_visible (AttestWindow *self,
               AttestClaim  *claim)
{
  return !g_hash_table_contains (self->hidden_annotators, claim->annotator) &&
         !g_hash_table_contains (self->hidden_statuses, claim->status);
}

/* -------------------------------------------------------------- document */

static GPtrArray *
sources_for_document (AttestWindow *self,
                      GError      **error)
{
  /* The article's own attributions, and the outside sources, which any
   * claim may rest on. */
  return attest_store_list_article_sources (self->store, self->document->uuid, error);
}

void
_attest_window_refresh_sources (AttestWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) sources = NULL;

  if (self->document == NULL)
    return;
  if (!(sources = sources_for_document (self, &error)))
    {
      _attest_window_toast_error (self, error);
      return;
    }
  attest_inspector_set_article (self->inspector, G_LIST_MODEL (self->claims), sources);
}

static void
show_claim_in_inspector (AttestWindow *self)
{
  g_autoptr(AttestClaim) claim = NULL;
  g_autoptr(AttestCitation) suggestion = NULL;

  if (self->selected_claim && (claim = attest_claim_list_lookup (self->claims, self->selected_claim)))
    g_object_ref (claim);
  if (claim)
    suggestion = attest_store_suggest_citation (self->store, claim->document_uuid,
                                                claim->start, claim->end, NULL);
  attest_inspector_set_claim (self->inspector, claim, suggestion);
  {
    g_autoptr(GPtrArray) history = claim ? attest_store_list_history (self->store, claim->uuid, NULL) : NULL;
    attest_inspector_set_history (self->inspector, history);
  }
  _attest_window_update_actions (self);
}

void
attest_window_select_claim (AttestWindow *self,
                            const char   *uuid)
{
  g_return_if_fail (ATTEST_IS_WINDOW (self));

  /* The comment typed for the claim shown so far is saved first. */
  _attest_window_flush_comment (self);
  g_free (self->selected_claim);
  self->selected_claim = g_strdup (uuid);
  attest_article_view_select_claim (self->article_view, uuid);
  show_claim_in_inspector (self);
  if (uuid)
    attest_inspector_show_page (self->inspector, "claim");
}

const char *
attest_window_get_selected_claim (AttestWindow *self)
{
  g_return_val_if_fail (ATTEST_IS_WINDOW (self), NULL);
  return self->selected_claim;
}

/* The article's title, and the database's name (its file's, without
 * the extension) below it: what the analyst reads, not a path. */
static void
update_title (AttestWindow *self)
{
  g_autofree char *file = self->store ? g_path_get_basename (attest_store_get_path (self->store)) : NULL;
  g_autofree char *doc = self->document ? attest_document_list_dup_title (self->document) : NULL;
  g_autofree char *window_title = NULL;
  char *dot = file ? strrchr (file, '.') : NULL;

  if (dot != NULL && dot != file)
    *dot = '\0';
  if (doc != NULL && *doc != '\0')
    {
      adw_window_title_set_title (self->window_title, doc);
      adw_window_title_set_subtitle (self->window_title, file ? file : "");
      /* TRANSLATORS: the window's title (in the task switcher): the open article, then the app's name */
      window_title = g_strdup_printf (_("%s — Attest"), doc);
    }
  else
    {
      adw_window_title_set_title (self->window_title, file ? file : _("Attest"));
      adw_window_title_set_subtitle (self->window_title, "");
      window_title = file ? g_strdup_printf (_("%s — Attest"), file) : g_strdup (_("Attest"));
    }
  gtk_window_set_title (GTK_WINDOW (self), window_title);
}

gboolean
attest_window_open_document (AttestWindow *self,
                             const char   *ref)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestDocument) doc = NULL;
  g_autoptr(GPtrArray) claims = NULL;
  g_autoptr(GPtrArray) citations = NULL;
  AttestClaimFilter filter = { 0 };

  g_return_val_if_fail (ATTEST_IS_WINDOW (self), FALSE);

  _attest_window_flush_comment (self);
  if (self->store == NULL || !(doc = attest_store_get_document (self->store, ref, &error)))
    {
      if (error)
        _attest_window_toast_error (self, error);
      return FALSE;
    }
  filter.document = doc->uuid;
  if (!(claims = attest_store_list_claims (self->store, &filter, &error)) ||
      !(citations = attest_store_list_citations (self->store, doc->uuid, &error)))
    {
      _attest_window_toast_error (self, error);
      return FALSE;
    }

  for (guint i = claims->len; i > 0; i--)
    if (!claim_visible (self, g_ptr_array_index (claims, i - 1)))
      g_ptr_array_remove_index (claims, i - 1);

  if (self->document == NULL || !g_str_equal (self->document->uuid, doc->uuid))
    g_clear_pointer (&self->selected_claim, g_free);
  g_set_object (&self->document, doc);
  attest_article_view_set_document (self->article_view, doc, claims, citations);
  gtk_stack_set_visible_child_name (self->article_stack, "article");
  if (self->selected_claim)
    {
      if (attest_claim_list_find (self->claims, self->selected_claim, NULL))
        attest_article_view_select_claim (self->article_view, self->selected_claim);
      else
        g_clear_pointer (&self->selected_claim, g_free);
    }

  /* The sidebar shows which article is open, however it was opened. */
  attest_document_list_set_open (self->document_list, doc->uuid);
  _attest_window_refresh_sources (self);
  show_claim_in_inspector (self);
  update_title (self);
  _attest_window_update_actions (self);
  return TRUE;
}

static void
on_document_activated (AttestWindow   *self,
                       AttestDocument *doc)
{
  gint64 start, end;

  if (self->document == NULL || !g_str_equal (doc->uuid, self->document->uuid))
    attest_window_open_document (self, doc->uuid);
  /* A search result: where it matched. */
  if (self->document && g_str_equal (doc->uuid, self->document->uuid) &&
      attest_document_list_find_match (self->document_list, doc->uuid, &start, &end))
    attest_article_view_show_match (self->article_view, start, end);
  /* Folded, the list was over the article only to choose one. */
  if (adw_flap_get_folded (self->sidebar_flap))
    adw_flap_set_reveal_flap (self->sidebar_flap, FALSE);
  gtk_widget_grab_focus (GTK_WIDGET (attest_article_view_get_text_view (self->article_view)));
}

/* The sidebar has articles, or the window invites to import some. */
static void
document_list_empty_changed (AttestWindow *self)
{
  gboolean empty = attest_document_list_get_empty (self->document_list);

  gtk_stack_set_visible_child_name (self->main_stack, empty ? "empty" : "documents");
  /* No list and no inspector to show on the invitation to import. */
  gtk_widget_set_visible (GTK_WIDGET (self->sidebar_button), !empty);
  gtk_widget_set_visible (GTK_WIDGET (self->inspector_button), !empty);
}

/* ---------------------------------------------------------------- store */

static void
unwatch_store (AttestWindow *self)
{
  if (self->store == NULL)
    return;
  g_signal_handlers_disconnect_by_func (self->store, store_changed, self);
  attest_store_unwatch (self->store);
}

void
attest_window_set_store (AttestWindow *self,
                         AttestStore  *store)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (ATTEST_IS_WINDOW (self));

  /* Into the database it was typed for. */
  _attest_window_flush_comment (self);
  if (self->import_cancellable)
    g_cancellable_cancel (self->import_cancellable);
  if (store)
    attest_store_watch (store);
  unwatch_store (self);
  g_set_object (&self->store, store);
  if (store)
    g_signal_connect_object (store, "changed", G_CALLBACK (store_changed), self, G_CONNECT_SWAPPED);
  g_clear_object (&self->document);
  g_clear_pointer (&self->selected_claim, g_free);
  attest_undo_stack_clear (self->undo);
  attest_article_view_set_document (self->article_view, NULL, NULL, NULL);
  gtk_stack_set_visible_child_name (self->article_stack, "none");

  g_clear_pointer (&self->categories, g_ptr_array_unref);
  if (store && !(self->categories = attest_store_list_categories (store, TRUE, &error)))
    _attest_window_toast_error (self, error);
  attest_article_view_set_categories (self->article_view, self->categories);
  attest_inspector_set_categories (self->inspector, self->categories);
  attest_inspector_set_article (self->inspector, NULL, NULL);
  attest_inspector_set_claim (self->inspector, NULL, NULL);
  attest_inspector_set_editable (self->inspector, _attest_window_is_editable (self));

  if (store && attest_store_is_read_only (store))
    {
      g_autofree char *text = g_strdup_printf (_("This database is read-only (%s). You can read and "
                                                 "export, but not change anything."),
                                               attest_store_get_read_only_reason (store));
      gtk_label_set_text (self->read_only_label, text);
    }
  gtk_revealer_set_reveal_child (self->read_only_revealer, store && attest_store_is_read_only (store));

  attest_document_list_set_store (self->document_list, store);
  if (store != NULL && g_list_model_get_n_items (attest_document_list_get_model (self->document_list)) > 0)
    {
      g_autoptr(AttestDocument) first = g_list_model_get_item (attest_document_list_get_model (self->document_list), 0);
      attest_window_open_document (self, first->uuid);
    }
  update_title (self);
  _attest_window_update_actions (self);
  _attest_window_team_update (self);
}

AttestStore *
attest_window_get_store (AttestWindow *self)
{
  g_return_val_if_fail (ATTEST_IS_WINDOW (self), NULL);
  return self->store;
}

/* The annotator name changed in Preferences: stamped from now on. */
static void
annotator_changed (AttestWindow *self)
{
  g_autofree char *name = attest_annotator_name_dup_in_use (self->settings);

  if (self->store)
    attest_store_set_annotator (self->store, name, NULL);
}

/* ---------------------------------------------------------------- layers */

static void
layer_toggled (GtkCheckButton *check,
               AttestWindow   *self)
{
  GHashTable *hidden = g_object_get_data (G_OBJECT (check), "hidden-set");
  const char *value = g_object_get_data (G_OBJECT (check), "value");

  if (gtk_check_button_get_active (check))
    g_hash_table_remove (hidden, value);
  else
    g_hash_table_add (hidden, g_strdup (value));
  update_layers_indicator (self);

  if (self->document)
    {
      g_autofree char *uuid = g_strdup (self->document->uuid);
      attest_window_open_document (self, uuid);
    }
}

static void
add_layer_check (AttestWindow *self,
                 GHashTable   *hidden,
                 const char   *value,
                 const char   *label)
{
  GtkWidget *check = gtk_check_button_new_with_label (label);

  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), !g_hash_table_contains (hidden, value));
  g_object_set_data (G_OBJECT (check), "hidden-set", hidden);
  g_object_set_data_full (G_OBJECT (check), "value", g_strdup (value), g_free);
  g_signal_connect (check, "toggled", G_CALLBACK (layer_toggled), self);
  gtk_box_append (self->layers_box, check);
}

static void
add_layer_heading (AttestWindow *self,
                   const char   *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "heading");
  gtk_widget_set_margin_top (label, 6);
  gtk_box_append (self->layers_box, label);
}

/* The layers button says when some claims are hidden: another icon, in
 * the accent colour, and the same in words for a screen reader. */
static void
update_layers_indicator (AttestWindow *self)
{
  gboolean filtered = g_hash_table_size (self->hidden_annotators) > 0 ||
                      g_hash_table_size (self->hidden_statuses) > 0;

  gtk_menu_button_set_icon_name (self->layers_button,
                                 filtered ? "view-conceal-symbolic" : "view-reveal-symbolic");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->layers_button),
                               filtered ? _("Show Claims By… (some are hidden)") : _("Show Claims By…"));
  if (filtered)
    gtk_widget_add_css_class (GTK_WIDGET (self->layers_button), "layers-filtered");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->layers_button), "layers-filtered");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->layers_button),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  filtered ? _("Some claims are hidden") : _("All claims are shown"),
                                  -1);
}

/* Filled when opened, so that new teammates show up. */
static void
fill_layers (AttestWindow *self)
{
  g_auto(GStrv) annotators = self->store ? attest_store_list_annotators (self->store, NULL) : NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->layers_box))))
    gtk_box_remove (self->layers_box, child);

  add_layer_heading (self, _("Annotators"));
  for (guint i = 0; annotators && annotators[i]; i++)
    add_layer_check (self, self->hidden_annotators, annotators[i], annotators[i]);
  if (annotators == NULL || annotators[0] == NULL)
    {
      GtkWidget *none = gtk_label_new (_("No claims yet"));
      gtk_widget_add_css_class (none, "dim-label");
      gtk_label_set_xalign (GTK_LABEL (none), 0);
      gtk_box_append (self->layers_box, none);
    }

  add_layer_heading (self, _("Status"));
  add_layer_check (self, self->hidden_statuses, "draft", _("Draft"));
  add_layer_check (self, self->hidden_statuses, "accepted", _("Accepted"));
  add_layer_check (self, self->hidden_statuses, "rejected", _("Rejected"));
}

void
attest_window_set_layer_visible (AttestWindow *self,
                                 const char   *annotator,
                                 const char   *status,
                                 gboolean      visible)
{
  GHashTable *hidden = annotator ? self->hidden_annotators : self->hidden_statuses;
  const char *value = annotator ? annotator : status;

  g_return_if_fail (ATTEST_IS_WINDOW (self));
  g_return_if_fail (value != NULL);

  if (visible)
    g_hash_table_remove (hidden, value);
  else
    g_hash_table_add (hidden, g_strdup (value));
  update_layers_indicator (self);
  fill_layers (self);
  if (self->document)
    {
      g_autofree char *uuid = g_strdup (self->document->uuid);
      attest_window_open_document (self, uuid);
    }
}

/* ---------------------------------------------------------- live refresh */

/* Brings the open article up to date with what others saved: claims that
 * appeared, changed (by version) or went away, without reloading the text
 * or losing the selection. */
static void
merge_claims (AttestWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) fresh = NULL;
  g_autoptr(GHashTable) fresh_by_uuid = g_hash_table_new (g_str_hash, g_str_equal);
  AttestClaimFilter filter = { 0 };
  guint n;

  if (self->document == NULL)
    return;
  filter.document = self->document->uuid;
  if (!(fresh = attest_store_list_claims (self->store, &filter, &error)))
    {
      if (g_error_matches (error, ATTEST_ERROR, ATTEST_ERROR_NOT_FOUND))
        return;
      g_warning ("Could not refresh the claims: %s", error->message);
      return;
    }

  for (guint i = 0; i < fresh->len; i++)
    {
      AttestClaim *c = g_ptr_array_index (fresh, i);
      g_hash_table_insert (fresh_by_uuid, c->uuid, c);
    }

  /* Gone, or changed. */
  n = g_list_model_get_n_items (G_LIST_MODEL (self->claims));
  for (guint i = n; i > 0; i--)
    {
      g_autoptr(AttestClaim) old = g_list_model_get_item (G_LIST_MODEL (self->claims), i - 1);
      AttestClaim *now = g_hash_table_lookup (fresh_by_uuid, old->uuid);

      if (now == NULL)
        _attest_window_claim_gone (self, old->uuid);
      else if (now->version != old->version || now->source_uuids->len != old->source_uuids->len)
        _attest_window_claim_saved (self, now);
      if (now != NULL)
        g_hash_table_remove (fresh_by_uuid, old->uuid);
    }

  /* New. */
  for (guint i = 0; i < fresh->len; i++)
    {
      AttestClaim *c = g_ptr_array_index (fresh, i);

      if (g_hash_table_contains (fresh_by_uuid, c->uuid))
        _attest_window_claim_saved (self, c);
    }
}

/* A teammate committed (AttestStore::changed). */
static void
store_changed (AttestWindow *self)
{
  _attest_window_team_poke (self);
  merge_claims (self);
  _attest_window_refresh_sources (self);
  show_claim_in_inspector (self);
  attest_document_list_refresh_counts (self->document_list);
}

/* ---------------------------------------------------------------- edits */

void
_attest_window_claim_saved (AttestWindow *self,
             AttestClaim  *claim)
{
  if (!claim_visible (self, claim))
    {
      _attest_window_claim_gone (self, claim->uuid);
      return;
    }
  /* The article view and the inspector follow the model. */
  attest_claim_list_save (self->claims, claim);
}

void
_attest_window_claim_gone (AttestWindow *self,
            const char   *uuid)
{
  /* A comment typed for it is offered to the store before it goes: if
   * someone else deleted it, that is a conflict, kept in its history. */
  if (g_strcmp0 (self->selected_claim, uuid) == 0)
    _attest_window_flush_comment (self);
  attest_claim_list_remove (self->claims, uuid);
  if (g_strcmp0 (self->selected_claim, uuid) == 0)
    attest_window_select_claim (self, NULL);
}

static void
on_create_claim (AttestArticleView *view,
                 gint64             start,
                 gint64             end,
                 const char        *category,
                 AttestWindow      *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestClaim) claim = NULL;

  if (self->document == NULL || !_attest_window_is_editable (self))
    return;

  _attest_window_flush_comment (self);
  claim = attest_undo_stack_perform_create (self->undo, self->store, self->document->uuid,
                                            start, end, category, &error);
  if (claim == NULL)
    {
      _attest_window_toast_error (self, error);
      return;
    }

  _attest_window_claim_saved (self, claim);
  attest_window_select_claim (self, claim->uuid);
  _attest_window_refresh_sources (self);
  attest_document_list_refresh_counts (self->document_list);
}

static void
on_claim_activated (AttestWindow *self,
                    const char   *uuid)
{
  attest_window_select_claim (self, uuid);
  /* A narrow window has the inspector folded away: the claim clicked
   * brings it over the article (a click on the text closes it). */
  if (uuid != NULL && adw_flap_get_folded (self->inspector_flap))
    adw_flap_set_reveal_flap (self->inspector_flap, TRUE);
}

static void
link_source (AttestWindow *self,
             const char   *source_uuid)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestClaim) claim = NULL;

  if (self->selected_claim == NULL || !_attest_window_is_editable (self))
    return;

  _attest_window_flush_comment (self);
  if (!attest_undo_stack_perform_link (self->undo, self->store, self->selected_claim, source_uuid,
                                       TRUE, &error))
    {
      _attest_window_toast_error (self, error);
      return;
    }
  if ((claim = attest_store_get_claim (self->store, self->selected_claim, &error)))
    _attest_window_claim_saved (self, claim);
  _attest_window_refresh_sources (self);
  show_claim_in_inspector (self);
}

static void
on_citation_activated (AttestArticleView *view,
                       AttestCitation    *citation,
                       AttestWindow      *self)
{
  if (self->selected_claim == NULL)
    {
      attest_window_toast (self, _("Select a claim first, then click the attribution it rests on"));
      return;
    }
  link_source (self, citation->source->uuid);
}

static void
on_unlink_source (AttestWindow *self,
                  const char   *source_uuid)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestClaim) claim = NULL;

  if (self->selected_claim == NULL || !_attest_window_is_editable (self))
    return;
  _attest_window_flush_comment (self);
  if (!attest_undo_stack_perform_link (self->undo, self->store, self->selected_claim, source_uuid,
                                       FALSE, &error))
    {
      _attest_window_toast_error (self, error);
      return;
    }
  if ((claim = attest_store_get_claim (self->store, self->selected_claim, &error)))
    _attest_window_claim_saved (self, claim);
  _attest_window_refresh_sources (self);
  show_claim_in_inspector (self);
}

static void
on_add_source (AttestWindow *self,
               AttestSource *source)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestSource) stored = NULL;

  if (!(stored = attest_store_add_source (self->store, source, &error)))
    {
      _attest_window_toast_error (self, error);
      return;
    }
  link_source (self, stored->uuid);
}

static void
conflict_response (AdwMessageDialog *dialog,
                   const char       *response,
                   AttestWindow     *self)
{
  AttestClaim *mine = g_object_get_data (G_OBJECT (dialog), "mine");
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestClaim) theirs = attest_store_get_claim (self->store, mine->uuid, &error);

  if (theirs == NULL)
    {
      _attest_window_claim_gone (self, mine->uuid);
      _attest_window_toast_error (self, error);
      return;
    }

  if (g_str_equal (response, "mine"))
    {
      /* Re-apply my fields over their version: a deliberate choice. */
      g_autoptr(AttestClaim) before = attest_claim_copy (theirs);

      g_free (theirs->category);
      g_free (theirs->status);
      g_free (theirs->certainty);
      g_free (theirs->comment);
      theirs->category = g_strdup (mine->category);
      theirs->status = g_strdup (mine->status);
      theirs->certainty = g_strdup (mine->certainty);
      theirs->comment = g_strdup (mine->comment);
      if (!attest_undo_stack_perform_update (self->undo, self->store, before, theirs, &error))
        _attest_window_toast_error (self, error);
    }

  _attest_window_claim_saved (self, theirs);
  show_claim_in_inspector (self);
}

/* A save of @edited was refused: a conflict is shown (someone else saved
 * the claim since we loaded it: never overwrite it silently), anything
 * else is a toast. While the window closes there is no one to ask; the
 * store has kept the refused change in the claim's history. */
static void
save_failed (AttestWindow *self,
             AttestClaim  *edited,
             const GError *error)
{
  GtkWidget *dialog;

  if (!g_error_matches (error, ATTEST_ERROR, ATTEST_ERROR_CONFLICT))
    {
      _attest_window_toast_error (self, error);
      return;
    }
  if (self->closing)
    return;

  dialog = adw_message_dialog_new (GTK_WINDOW (self),
                                   _("Claim Changed Meanwhile"),
                                   _("Someone else changed this claim after you opened it. "
                                     "Keep their version, or apply your change over it?"));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "theirs", _("_Keep Theirs"),
                                    "mine", _("_Apply Mine"),
                                    NULL);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "theirs");
  g_object_set_data_full (G_OBJECT (dialog), "mine", g_object_ref (edited), g_object_unref);
  g_signal_connect (dialog, "response", G_CALLBACK (conflict_response), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_edit_claim (AttestWindow *self,
               AttestClaim  *edited)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestClaim) before = NULL;

  if (!_attest_window_is_editable (self))
    return;
  _attest_window_flush_comment (self);
  if (!(before = attest_claim_list_lookup (self->claims, edited->uuid)))
    return;
  g_object_ref (before);

  if (!attest_undo_stack_perform_update (self->undo, self->store, before, edited, &error))
    {
      save_failed (self, edited, error);
      show_claim_in_inspector (self);
      return;
    }

  _attest_window_claim_saved (self, edited);
  show_claim_in_inspector (self);
}

/* The editing of a comment is over: its saves become one undo step. */
static void
end_comment_editing (AttestWindow *self)
{
  g_autoptr(AttestClaim) before = g_steal_pointer (&self->comment_before);
  g_autoptr(AttestClaim) after = g_steal_pointer (&self->comment_after);

  if (before != NULL && after != NULL && g_strcmp0 (before->comment, after->comment) != 0)
    attest_undo_stack_push_update (self->undo, before, after);
  _attest_window_update_actions (self);
}

/* Saves what is being typed in the comment field, and ends its editing. */
void
_attest_window_flush_comment (AttestWindow *self)
{
  if (self->inspector != NULL)
    attest_inspector_commit_comment (self->inspector);
  end_comment_editing (self);
}

/* A comment as typed so far: saved at once, its undo step kept open. The
 * claim may have left the list (hidden, deleted meanwhile): the store
 * still gets it, and a version that moved on is a conflict. */
static void
on_edit_comment (AttestWindow *self,
                 AttestClaim  *edited)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestClaim) stored = NULL;

  if (!_attest_window_is_editable (self))
    return;
  if (self->comment_after != NULL && !g_str_equal (self->comment_after->uuid, edited->uuid))
    end_comment_editing (self);

  /* The claim as it is stored: what undo goes back to, if this is the
   * first save of the editing (the save only succeeds if it is unchanged). */
  stored = attest_store_get_claim (self->store, edited->uuid, NULL);
  if (!attest_store_update_claim (self->store, edited, &error))
    {
      end_comment_editing (self);
      save_failed (self, edited, error);
      if (g_strcmp0 (edited->uuid, self->selected_claim) == 0)
        show_claim_in_inspector (self);
      return;
    }

  if (self->comment_before == NULL)
    self->comment_before = g_steal_pointer (&stored);
  g_set_object (&self->comment_after, edited);
  if (attest_claim_list_find (self->claims, edited->uuid, NULL))
    _attest_window_claim_saved (self, edited);
  if (g_strcmp0 (edited->uuid, self->selected_claim) == 0)
    show_claim_in_inspector (self);
  _attest_window_update_actions (self);
}

/* Delete pressed in the article. */
static void
on_delete_requested (AttestWindow *self,
                     const char   *uuid)
{
  if (g_strcmp0 (uuid, self->selected_claim) == 0)
    gtk_widget_activate_action (GTK_WIDGET (self), "win.delete-claim", NULL);
}

/* ------------------------------------------------------- corrections */

/* The article again as the store has it: its title in the sidebar and the
 * window, its citations in the text, its sources in the inspector. */
void
_attest_window_reload_article (AttestWindow *self)
{
  g_autofree char *uuid = self->document ? g_strdup (self->document->uuid) : NULL;

  attest_document_list_reload (self->document_list);
  if (uuid != NULL)
    attest_window_open_document (self, uuid);
  update_title (self);
}

static void
on_remove_source (AttestWindow *self,
                  const char   *source_uuid)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) citations = NULL;
  g_autoptr(GPtrArray) removed = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *name = NULL;

  if (self->document == NULL || !_attest_window_is_editable (self))
    return;
  _attest_window_flush_comment (self);
  if (!(citations = attest_store_list_citations (self->store, self->document->uuid, &error)))
    {
      _attest_window_toast_error (self, error);
      return;
    }
  /* Not attest_undo_stack_perform_unmark(): that removes all or none, and
   * one call per citation would make as many undo steps. Here what was
   * removed before a failure stays removed, and is one undo step. */
  for (guint i = 0; i < citations->len; i++)
    {
      AttestCitation *c = g_ptr_array_index (citations, i);

      if (!g_str_equal (c->source->uuid, source_uuid))
        continue;
      if (!attest_store_remove_citation (self->store, c->uuid, &error))
        {
          _attest_window_toast_error (self, error);
          break;
        }
      if (name == NULL)
        name = g_strdup (c->source->outlet);
      g_ptr_array_add (removed, g_object_ref (c));
    }
  if (removed->len > 0)
    {
      g_autofree char *message = g_strdup_printf (_("%s is no longer a source here"), name);

      attest_undo_stack_push_citations (self->undo, removed, FALSE);
      attest_window_toast (self, message);
    }
  _attest_window_reload_article (self);
}

/* ---------------------------------------------------------------- layout */

/* The least the text column keeps beside docked panes, in average
 * characters of its font (the article view stops its lines at about 75):
 * below that, the panes fold over it instead. */
#define TEXT_MIN_CHARS   60
#define TEXT_MIN_MARGINS 48

/* Below this the header keeps only what has no other way in: importing
 * and exporting stay in the main menu, redo on Shift+Ctrl+Z. */
#define NARROW_HEADER_WIDTH 600

static int
minimum_width (GtkWidget *widget)
{
  int min = 0;

  gtk_widget_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, &min, NULL, NULL, NULL);
  return min;
}

/* The average character's width in the article's font, in pixels (over
 * English, as the article view's measure). */
static double
text_char_width (AttestWindow *self)
{
  GtkWidget *text = GTK_WIDGET (attest_article_view_get_text_view (self->article_view));
  PangoFontMetrics *metrics = pango_context_get_metrics (gtk_widget_get_pango_context (text), NULL,
                                                         pango_language_from_string ("en"));
  double width = (double) pango_font_metrics_get_approximate_char_width (metrics) / PANGO_SCALE;

  pango_font_metrics_unref (metrics);
  return width;
}

/* Folded, a pane waits to be called; docked again, it is as the analyst
 * left it (the settings only follow the docked panes). */
static void
set_pane_folded (AdwFlap  *pane,
                 gboolean  folded,
                 gboolean  shown)
{
  if (folded == adw_flap_get_folded (pane))
    return;
  adw_flap_set_fold_policy (pane, folded ? ADW_FLAP_FOLD_POLICY_ALWAYS : ADW_FLAP_FOLD_POLICY_NEVER);
  adw_flap_set_reveal_flap (pane, folded ? FALSE : shown);
}

/* No AdwBreakpoint in libadwaita 1.2, and AdwFlap's own folding goes by
 * minimum widths, which would also be the least the window could shrink
 * to: the window folds its panes by its own width instead. The sidebar
 * docks when the article keeps TEXT_MIN_CHARS beside it, the inspector
 * when it does beside both. */
static void
update_layout (AttestWindow *self,
               int           width)
{
  int least, sidebar, inspector;
  gboolean sidebar_docked, inspector_docked;

  if (width == self->layout_width)
    return;
  self->layout_width = width;

  /* Each pane and its separator. */
  least = (int) ceil (TEXT_MIN_CHARS * text_char_width (self)) + TEXT_MIN_MARGINS;
  sidebar = minimum_width (GTK_WIDGET (self->document_list)) + 1;
  inspector = minimum_width (GTK_WIDGET (self->inspector)) + 1;
  sidebar_docked = width >= sidebar + least;
  inspector_docked = width >= (sidebar_docked ? sidebar : 0) + least + inspector;

  set_pane_folded (self->sidebar_flap, !sidebar_docked, self->show_sidebar);
  set_pane_folded (self->inspector_flap, !inspector_docked, self->show_inspector);
  gtk_widget_set_size_request (GTK_WIDGET (self->inspector_scroller), inspector_docked ? inspector - 1 : -1, -1);

  gtk_widget_set_visible (GTK_WIDGET (self->import_button), width >= NARROW_HEADER_WIDTH);
  gtk_widget_set_visible (GTK_WIDGET (self->export_button), width >= NARROW_HEADER_WIDTH);
  gtk_widget_set_visible (GTK_WIDGET (self->redo_button), width >= NARROW_HEADER_WIDTH);
}

static void
attest_window_size_allocate (GtkWidget *widget,
                             int        width,
                             int        height,
                             int        baseline)
{
  /* Folded first, so that the panes are laid out once, as they will be. */
  update_layout (ATTEST_WINDOW (widget), width);
  GTK_WIDGET_CLASS (attest_window_parent_class)->size_allocate (widget, width, height, baseline);
}

/* A docked pane shown or hidden is remembered; one folded and opened
 * over the article is not. */
static void
pane_reveal_changed (AttestWindow *self,
                     GParamSpec   *pspec,
                     AdwFlap      *pane)
{
  gboolean shown = adw_flap_get_reveal_flap (pane);
  gboolean sidebar = pane == self->sidebar_flap;

  if (adw_flap_get_folded (pane))
    return;
  *(sidebar ? &self->show_sidebar : &self->show_inspector) = shown;
  if (self->settings)
    g_settings_set_boolean (self->settings, sidebar ? "show-sidebar" : "show-inspector", shown);
}

/* ------------------------------------------------------------ lifecycle */

static void
save_window_state (AttestWindow *self)
{
  GSettings *s = self->settings;
  int width, height;

  if (s == NULL)
    return;
  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  g_settings_set_int (s, "window-width", width);
  g_settings_set_int (s, "window-height", height);
  g_settings_set_boolean (s, "window-maximized", gtk_window_is_maximized (GTK_WINDOW (self)));
}

static gboolean
attest_window_close_request (GtkWindow *window)
{
  AttestWindow *self = ATTEST_WINDOW (window);

  /* What is still being typed is saved; a conflict now is kept in the
   * claim's history by the store, as there is no window left to ask in. */
  self->closing = TRUE;
  _attest_window_flush_comment (self);
  if (self->import_cancellable)
    g_cancellable_cancel (self->import_cancellable);
  save_window_state (self);
  return GTK_WINDOW_CLASS (attest_window_parent_class)->close_request (window);
}

static void
attest_window_constructed (GObject *object)
{
  AttestWindow *self = ATTEST_WINDOW (object);

  G_OBJECT_CLASS (attest_window_parent_class)->constructed (object);

  _attest_window_update_actions (self);
}

/* The window as it was left: size, panes, inspector, recent databases.
 * Not in constructed(): "application" is a plain property, set only after
 * it, so the settings are not known there yet. */
static void
restore_window_state (AttestWindow *self)
{
  GSettings *s = self->settings;

  if (s)
    {
      gtk_window_set_default_size (GTK_WINDOW (self), g_settings_get_int (s, "window-width"),
                                   g_settings_get_int (s, "window-height"));
      if (g_settings_get_boolean (s, "window-maximized"))
        gtk_window_maximize (GTK_WINDOW (self));
      self->show_sidebar = g_settings_get_boolean (s, "show-sidebar");
      self->show_inspector = g_settings_get_boolean (s, "show-inspector");
      if (!adw_flap_get_folded (self->sidebar_flap))
        adw_flap_set_reveal_flap (self->sidebar_flap, self->show_sidebar);
      if (!adw_flap_get_folded (self->inspector_flap))
        adw_flap_set_reveal_flap (self->inspector_flap, self->show_inspector);
      g_signal_connect_object (s, "changed::recent-databases", G_CALLBACK (_attest_window_update_recent_menu),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (s, "changed::annotator-name", G_CALLBACK (annotator_changed),
                               self, G_CONNECT_SWAPPED);
    }
  _attest_window_update_recent_menu (self);
}

static void
attest_window_dispose (GObject *object)
{
  AttestWindow *self = ATTEST_WINDOW (object);

  /* Destroyed without a close request: the comment is saved all the same. */
  self->closing = TRUE;
  if (self->inspector != NULL)
    {
      _attest_window_flush_comment (self);
      g_signal_handlers_disconnect_by_data (self->inspector, self);
    }
  if (self->import_cancellable)
    g_cancellable_cancel (self->import_cancellable);
  unwatch_store (self);
  /* The panes' actions hold their flaps, which would keep the window. */
  g_action_map_remove_action (G_ACTION_MAP (self), "show-sidebar");
  g_action_map_remove_action (G_ACTION_MAP (self), "show-inspector");
  if (self->sidebar_flap != NULL)
    g_signal_handlers_disconnect_by_data (self->sidebar_flap, self);
  if (self->inspector_flap != NULL)
    g_signal_handlers_disconnect_by_data (self->inspector_flap, self);
  _attest_window_team_dispose (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), ATTEST_TYPE_WINDOW);
  g_clear_object (&self->import_cancellable);
  g_clear_object (&self->store);
  g_clear_object (&self->settings);
  g_clear_object (&self->document);
  g_clear_object (&self->claims);
  g_clear_object (&self->undo);
  g_clear_object (&self->comment_before);
  g_clear_object (&self->comment_after);
  g_clear_pointer (&self->categories, g_ptr_array_unref);
  g_clear_pointer (&self->selected_claim, g_free);
  g_clear_pointer (&self->hidden_annotators, g_hash_table_unref);
  g_clear_pointer (&self->hidden_statuses, g_hash_table_unref);

  G_OBJECT_CLASS (attest_window_parent_class)->dispose (object);
}

static void
attest_window_class_init (AttestWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = attest_window_constructed;
  object_class->dispose = attest_window_dispose;
  window_class->close_request = attest_window_close_request;
  widget_class->size_allocate = attest_window_size_allocate;

  g_type_ensure (ATTEST_TYPE_ARTICLE_VIEW);
  g_type_ensure (ATTEST_TYPE_DOCUMENT_LIST);
  g_type_ensure (ATTEST_TYPE_INSPECTOR);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/attest/Attest/attest-window.ui");
  gtk_widget_class_bind_template_child (widget_class, AttestWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, AttestWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, AttestWindow, sidebar_button);
  gtk_widget_class_bind_template_child (widget_class, AttestWindow, import_button);
  gtk_widget_class_bind_template_child (widget_class, AttestWindow, redo_button);
  gtk_widget_class_bind_template_child (widget_class, AttestWindow, export_button);
  gtk_widget_class_bind_template_child (widget_class, AttestWindow, inspector_button);
  gtk_widget_class_bind_template_child (widget_class, AttestWindow, layers_button);
  gtk_widget_class_bind_template_child (widget_class, AttestWindow, team_button);
  gtk_widget_class_bind_template_child (widget_class, AttestWindow, layers_popover);
  gtk_widget_class_bind_template_child (widget_class, AttestWindow, layers_box);
  gtk_widget_class_bind_template_child (widget_class, AttestWindow, read_only_revealer);
  gtk_widget_class_bind_template_child (widget_class, AttestWindow, read_only_label);
  gtk_widget_class_bind_template_child (widget_class, AttestWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, AttestWindow, sidebar_flap);
  gtk_widget_class_bind_template_child (widget_class, AttestWindow, import_revealer);
  gtk_widget_class_bind_template_child (widget_class, AttestWindow, import_progress);
  gtk_widget_class_bind_template_child (widget_class, AttestWindow, inspector_flap);
  gtk_widget_class_bind_template_child (widget_class, AttestWindow, inspector_scroller);
  gtk_widget_class_bind_template_child (widget_class, AttestWindow, article_column);
  gtk_widget_class_bind_template_child (widget_class, AttestWindow, article_top_box);
  gtk_widget_class_bind_template_child (widget_class, AttestWindow, document_list);
  /* The sidebar's search entry (an internal child of the document list),
   * bound by name only, so that it is found as the window's. */
  gtk_widget_class_bind_template_child_full (widget_class, "search_entry", FALSE, 0);
  gtk_widget_class_bind_template_child (widget_class, AttestWindow, article_stack);
  gtk_widget_class_bind_template_child (widget_class, AttestWindow, article_view);
  gtk_widget_class_bind_template_child (widget_class, AttestWindow, inspector);
  gtk_widget_class_bind_template_child (widget_class, AttestWindow, recent_section);

  gtk_widget_class_bind_template_callback (widget_class, on_document_activated);
  gtk_widget_class_bind_template_callback_full (widget_class, "toast_error", G_CALLBACK (_attest_window_toast_error));
  gtk_widget_class_bind_template_callback (widget_class, document_list_empty_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_create_claim);
  gtk_widget_class_bind_template_callback (widget_class, on_claim_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_citation_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_delete_requested);
  gtk_widget_class_bind_template_callback (widget_class, on_edit_claim);
  gtk_widget_class_bind_template_callback (widget_class, on_edit_comment);
  gtk_widget_class_bind_template_callback (widget_class, end_comment_editing);
  gtk_widget_class_bind_template_callback (widget_class, link_source);
  gtk_widget_class_bind_template_callback (widget_class, on_unlink_source);
  gtk_widget_class_bind_template_callback (widget_class, on_remove_source);
  gtk_widget_class_bind_template_callback (widget_class, on_add_source);
  gtk_widget_class_bind_template_callback (widget_class, fill_layers);

  _attest_window_class_actions_init (widget_class);
  /* F9 is the inspector's (as in the app's accelerators); the sidebar's
   * is the same key with Ctrl. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F9, GDK_CONTROL_MASK, "win.show-sidebar", NULL);
}

static void
attest_window_init (AttestWindow *self)
{
  g_autoptr(GPropertyAction) sidebar = NULL;
  g_autoptr(GPropertyAction) inspector = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  /* The header's toggles and their keys show and hide the panes, docked
   * or folded over the article alike. */
  sidebar = g_property_action_new ("show-sidebar", self->sidebar_flap, "reveal-flap");
  inspector = g_property_action_new ("show-inspector", self->inspector_flap, "reveal-flap");
  g_action_map_add_action (G_ACTION_MAP (self), G_ACTION (sidebar));
  g_action_map_add_action (G_ACTION_MAP (self), G_ACTION (inspector));
  self->show_sidebar = TRUE;
  self->show_inspector = TRUE;
  g_signal_connect_object (self->sidebar_flap, "notify::reveal-flap", G_CALLBACK (pane_reveal_changed),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->inspector_flap, "notify::reveal-flap", G_CALLBACK (pane_reveal_changed),
                           self, G_CONNECT_SWAPPED);
  document_list_empty_changed (self);

  self->undo = attest_undo_stack_new ();
  self->hidden_annotators = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->hidden_statuses = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->claims = g_object_ref (attest_article_view_get_claims (self->article_view));
  g_signal_connect_swapped (self->undo, "notify::can-undo", G_CALLBACK (_attest_window_update_actions), self);
  g_signal_connect_swapped (self->undo, "notify::can-redo", G_CALLBACK (_attest_window_update_actions), self);

  _attest_window_actions_init (self);
}

AttestWindow *
attest_window_new (GtkApplication *app)
{
  AttestWindow *self = g_object_new (ATTEST_TYPE_WINDOW, "application", app, NULL);

  /* The application's settings, through its property: the window does not
   * know the application's class (it is the application that makes
   * windows). */
  if (app != NULL && g_object_class_find_property (G_OBJECT_GET_CLASS (app), "settings"))
    g_object_get (app, "settings", &self->settings, NULL);
  restore_window_state (self);
  return self;
}
