/* attest-window.c — see attest-window.h.
 *
 * The window is where edits meet the store: the article view and the
 * inspector only emit what the user asked for; this file saves it through
 * the core (never SQL), updates both views, and records the undo step.
 * Every edit is saved at once; there is no Save button to forget. A comment
 * is saved as it is typed and becomes one undo step when its editing ends;
 * whatever is still being typed is saved before the selection, the article
 * or the database changes, before any other edit or undo, and on closing.
 */
#include "config.h"

#include "attest-window.h"

#include <glib/gi18n.h>
#include <inttypes.h>

#include "attest-analysis-window.h"
#include "attest-annotator-name.h"
#include "attest-article-reader.h"
#include "attest-article-view.h"
#include "attest-date.h"
#include "attest-error.h"
#include "attest-export-dialog.h"
#include "attest-fields-dialog.h"
#include "attest-file-chooser.h"
#include "attest-inspector.h"
#include "attest-undo-stack.h"

struct _AttestWindow
{
  AdwApplicationWindow  parent_instance;

  /* template children */
  AdwToastOverlay      *toast_overlay;
  AdwWindowTitle       *window_title;
  GtkButton            *import_button;
  GtkMenuButton        *layers_button;
  GtkPopover           *layers_popover;
  GtkBox               *layers_box;
  GtkRevealer          *read_only_revealer;
  GtkLabel             *read_only_label;
  GtkStack             *main_stack;
  GtkPaned             *outer_paned;
  GtkPaned             *inner_paned;
  GtkSearchEntry       *search_entry;
  GtkRevealer          *import_revealer;
  GtkProgressBar       *import_progress;
  GtkStack             *document_stack;
  GtkListView          *document_list;
  GtkStack             *article_stack;
  AttestArticleView    *article_view;
  AttestInspector      *inspector;
  GMenu                *recent_section;

  GSettings            *settings;      /* the application's, or NULL */
  AttestStore          *store;
  GListStore           *documents;     /* AttestDocument, without text */
  GtkSingleSelection   *document_selection;
  AttestDocument       *document;      /* the open one, with text */
  GListStore           *claims;        /* AttestClaim of the open document, in text order */
  GPtrArray            *categories;
  AttestUndoStack      *undo;
  GCancellable         *import_cancellable;
  char                 *selected_claim;
  guint                 search_source;
  /* Layers: whose claims, and which statuses, are hidden (names/keys). */
  GHashTable           *hidden_annotators;
  GHashTable           *hidden_statuses;
  /* The comment being edited: saved already, its undo step pushed when the
   * editing ends (one step per editing, however many saves). */
  AttestClaim          *comment_before;  /* as before the first save */
  AttestClaim          *comment_after;   /* as after the last one */
  gboolean              closing;         /* no dialogs: the window goes away */
};

G_DEFINE_FINAL_TYPE (AttestWindow, attest_window, ADW_TYPE_APPLICATION_WINDOW)

static void update_actions (AttestWindow *self);
static void claim_saved    (AttestWindow *self,
                            AttestClaim  *claim);
static void claim_gone     (AttestWindow *self,
                            const char   *uuid);
static void flush_comment  (AttestWindow *self);
static void store_changed  (AttestWindow *self);

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

static void
toast_error (AttestWindow *self,
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

static gboolean
is_editable (AttestWindow *self)
{
  return self->store != NULL && !attest_store_is_read_only (self->store);
}

static guint
claim_position (AttestWindow *self,
                const char   *uuid,
                gboolean     *found)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->claims));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(AttestClaim) c = g_list_model_get_item (G_LIST_MODEL (self->claims), i);

      if (g_str_equal (c->uuid, uuid))
        {
          *found = TRUE;
          return i;
        }
    }
  *found = FALSE;
  return n;
}

/* Layers: a claim is shown unless its annotator or status is hidden. */
static gboolean
claim_visible (AttestWindow *self,
               AttestClaim  *claim)
{
  return !g_hash_table_contains (self->hidden_annotators, claim->annotator) &&
         !g_hash_table_contains (self->hidden_statuses, claim->status);
}

/* Text order, as the store lists them: by start, longer first. */
static int
compare_claims (gconstpointer a,
                gconstpointer b,
                gpointer      user_data)
{
  const AttestClaim *x = a, *y = b;

  if (x->start != y->start)
    return x->start < y->start ? -1 : 1;
  if (x->end != y->end)
    return x->end > y->end ? -1 : 1;
  return x->id < y->id ? -1 : x->id > y->id;
}

/* --------------------------------------------------------------- sidebar */

static void
setup_document_row (GtkSignalListItemFactory *factory,
                    GtkListItem              *item,
                    gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *labels = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *title = gtk_label_new (NULL);
  GtkWidget *detail = gtk_label_new (NULL);
  GtkWidget *count = gtk_label_new (NULL);

  gtk_widget_set_hexpand (labels, TRUE);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_wrap (GTK_LABEL (title), TRUE);
  gtk_label_set_lines (GTK_LABEL (title), 2);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (detail), 0);
  gtk_label_set_ellipsize (GTK_LABEL (detail), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (detail, "dim-label");
  gtk_widget_add_css_class (detail, "caption");
  gtk_widget_add_css_class (count, "claim-count");
  gtk_widget_set_valign (count, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (labels), title);
  gtk_box_append (GTK_BOX (labels), detail);
  gtk_box_append (GTK_BOX (box), labels);
  gtk_box_append (GTK_BOX (box), count);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_list_item_set_child (item, box);
}

static char *
document_title (AttestDocument *doc)
{
  if (doc->title)
    return g_strdup (doc->title);
  /* Untitled articles are known by their issue, as analysts cite them. */
  if (doc->publication && doc->issue)
    return g_strdup_printf (_("%s, issue %s"), doc->publication, doc->issue);
  return g_strdup (doc->origin ? doc->origin : _("Untitled Article"));
}

static void
bind_document_row (GtkSignalListItemFactory *factory,
                   GtkListItem              *item,
                   gpointer                  user_data)
{
  AttestDocument *doc = gtk_list_item_get_item (item);
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *labels = gtk_widget_get_first_child (box);
  GtkWidget *title = gtk_widget_get_first_child (labels);
  GtkWidget *detail = gtk_widget_get_next_sibling (title);
  GtkWidget *count = gtk_widget_get_next_sibling (labels);
  g_autofree char *name = document_title (doc);
  g_autofree char *where = NULL;
  g_autofree char *claims = g_strdup_printf ("%" G_GINT64_FORMAT, doc->claim_count);
  g_autofree char *a11y = NULL;

  if (doc->publication && doc->volume && doc->issue)
    where = g_strdup_printf (_("%s · vol. %s, issue %s"), doc->publication, doc->volume, doc->issue);
  else
    where = g_strdup (doc->publication ? doc->publication : doc->origin ? doc->origin : "");

  gtk_label_set_text (GTK_LABEL (title), name);
  gtk_label_set_text (GTK_LABEL (detail), where);
  gtk_label_set_text (GTK_LABEL (count), claims);
  a11y = g_strdup_printf (ngettext ("%s, %" PRId64 " claim", "%s, %" PRId64 " claims",
                                    doc->claim_count), name, doc->claim_count);
  gtk_accessible_update_property (GTK_ACCESSIBLE (box), GTK_ACCESSIBLE_PROPERTY_LABEL, a11y, -1);
}

static void
reload_documents (AttestWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) found = NULL;
  const char *query = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  const char *open_uuid = self->document ? self->document->uuid : NULL;
  gboolean searching;
  guint selected = GTK_INVALID_LIST_POSITION;

  if (self->store == NULL)
    {
      g_list_store_remove_all (self->documents);
      return;
    }

  {
    g_autofree char *stripped = g_strstrip (g_strdup (query ? query : ""));
    searching = *stripped != '\0';
  }

  if (searching)
    {
      g_autoptr(GPtrArray) hits = attest_store_search (self->store, query, 200, &error);

      if (hits)
        {
          found = g_ptr_array_new_with_free_func (g_object_unref);
          for (guint i = 0; i < hits->len; i++)
            g_ptr_array_add (found, g_object_ref (((AttestSearchHit *) g_ptr_array_index (hits, i))->document));
        }
    }
  else
    found = attest_store_list_documents (self->store, &error);

  if (found == NULL)
    {
      toast_error (self, error);
      return;
    }

  g_list_store_splice (self->documents, 0, g_list_model_get_n_items (G_LIST_MODEL (self->documents)),
                       found->pdata, found->len);
  for (guint i = 0; open_uuid && i < found->len; i++)
    if (g_str_equal (((AttestDocument *) g_ptr_array_index (found, i))->uuid, open_uuid))
      selected = i;
  gtk_single_selection_set_selected (self->document_selection, selected);

  gtk_stack_set_visible_child_name (self->document_stack, found->len || !searching ? "list" : "no-results");
  if (!searching)
    gtk_stack_set_visible_child_name (self->main_stack, found->len ? "documents" : "empty");
}

static gboolean
search_timeout (gpointer user_data)
{
  AttestWindow *self = user_data;

  self->search_source = 0;
  reload_documents (self);
  return G_SOURCE_REMOVE;
}

static void
on_search_changed (AttestWindow *self)
{
  /* GtkSearchEntry already waits for a pause in typing; FTS5 answers in
   * milliseconds, so the list follows the typing directly. */
  g_clear_handle_id (&self->search_source, g_source_remove);
  self->search_source = g_idle_add (search_timeout, self);
}

/* -------------------------------------------------------------- document */

static GPtrArray *
sources_for_document (AttestWindow *self,
                      GError      **error)
{
  g_autoptr(GPtrArray) all = attest_store_list_sources (self->store, NULL, error);
  g_autoptr(GPtrArray) mine = g_ptr_array_new_with_free_func (g_object_unref);

  if (all == NULL)
    return NULL;
  /* The article's own attributions, and the outside sources, which any
   * claim may rest on. */
  for (guint i = 0; i < all->len; i++)
    {
      AttestSource *s = g_ptr_array_index (all, i);

      if (s->document_uuid == NULL || g_str_equal (s->document_uuid, self->document->uuid))
        g_ptr_array_add (mine, g_object_ref (s));
    }
  return g_steal_pointer (&mine);
}

static void
refresh_inspector_sources (AttestWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) sources = NULL;

  if (self->document == NULL)
    return;
  if (!(sources = sources_for_document (self, &error)))
    {
      toast_error (self, error);
      return;
    }
  attest_inspector_set_article (self->inspector, G_LIST_MODEL (self->claims), sources);
}

static void
show_claim_in_inspector (AttestWindow *self)
{
  g_autoptr(AttestClaim) claim = NULL;
  g_autoptr(AttestCitation) suggestion = NULL;
  gboolean found = FALSE;
  guint pos;

  if (self->selected_claim)
    {
      pos = claim_position (self, self->selected_claim, &found);
      if (found)
        claim = g_list_model_get_item (G_LIST_MODEL (self->claims), pos);
    }
  if (claim)
    suggestion = attest_store_suggest_citation (self->store, claim->document_uuid,
                                                claim->start, claim->end, NULL);
  attest_inspector_set_claim (self->inspector, claim, suggestion);
  {
    g_autoptr(GPtrArray) history = claim ? attest_store_list_history (self->store, claim->uuid, NULL) : NULL;
    attest_inspector_set_history (self->inspector, history);
  }
  update_actions (self);
}

void
attest_window_select_claim (AttestWindow *self,
                            const char   *uuid)
{
  g_return_if_fail (ATTEST_IS_WINDOW (self));

  /* The comment typed for the claim shown so far is saved first. */
  flush_comment (self);
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

static void
update_title (AttestWindow *self)
{
  g_autofree char *name = self->store ? g_path_get_basename (attest_store_get_path (self->store)) : NULL;
  g_autofree char *doc = self->document ? document_title (self->document) : NULL;

  adw_window_title_set_title (self->window_title, name ? name : _("Attest"));
  adw_window_title_set_subtitle (self->window_title, doc ? doc : "");
  gtk_window_set_title (GTK_WINDOW (self), name ? name : _("Attest"));
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

  flush_comment (self);
  if (self->store == NULL || !(doc = attest_store_get_document (self->store, ref, &error)))
    {
      if (error)
        toast_error (self, error);
      return FALSE;
    }
  filter.document = doc->uuid;
  if (!(claims = attest_store_list_claims (self->store, &filter, &error)) ||
      !(citations = attest_store_list_citations (self->store, doc->uuid, &error)))
    {
      toast_error (self, error);
      return FALSE;
    }

  for (guint i = claims->len; i > 0; i--)
    if (!claim_visible (self, g_ptr_array_index (claims, i - 1)))
      g_ptr_array_remove_index (claims, i - 1);

  if (self->document == NULL || !g_str_equal (self->document->uuid, doc->uuid))
    g_clear_pointer (&self->selected_claim, g_free);
  g_set_object (&self->document, doc);
  g_list_store_splice (self->claims, 0, g_list_model_get_n_items (G_LIST_MODEL (self->claims)),
                       claims->pdata, claims->len);
  attest_article_view_set_document (self->article_view, doc, claims, citations);
  gtk_stack_set_visible_child_name (self->article_stack, "article");
  if (self->selected_claim)
    {
      gboolean found;
      claim_position (self, self->selected_claim, &found);
      if (found)
        attest_article_view_select_claim (self->article_view, self->selected_claim);
      else
        g_clear_pointer (&self->selected_claim, g_free);
    }

  /* The sidebar shows which article is open, however it was opened. */
  {
    guint n = g_list_model_get_n_items (G_LIST_MODEL (self->documents));
    guint selected = GTK_INVALID_LIST_POSITION;

    for (guint i = 0; i < n; i++)
      {
        g_autoptr(AttestDocument) listed = g_list_model_get_item (G_LIST_MODEL (self->documents), i);
        if (g_str_equal (listed->uuid, doc->uuid))
          selected = i;
      }
    gtk_single_selection_set_selected (self->document_selection, selected);
  }
  refresh_inspector_sources (self);
  show_claim_in_inspector (self);
  update_title (self);
  update_actions (self);
  return TRUE;
}

static void
on_document_activated (GtkListView  *list,
                       guint         position,
                       AttestWindow *self)
{
  g_autoptr(AttestDocument) doc = g_list_model_get_item (G_LIST_MODEL (self->documents), position);

  if (doc && (self->document == NULL || !g_str_equal (doc->uuid, self->document->uuid)))
    attest_window_open_document (self, doc->uuid);
  if (doc)
    gtk_widget_grab_focus (GTK_WIDGET (attest_article_view_get_text_view (self->article_view)));
}

/* Claim counts in the sidebar follow the edits. */
static void
refresh_document_counts (AttestWindow *self)
{
  g_autofree char *query = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->search_entry))));

  if (*query == '\0')
    reload_documents (self);
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
  flush_comment (self);
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
  g_list_store_remove_all (self->claims);
  attest_undo_stack_clear (self->undo);
  attest_article_view_set_document (self->article_view, NULL, NULL, NULL);
  gtk_stack_set_visible_child_name (self->article_stack, "none");

  g_clear_pointer (&self->categories, g_ptr_array_unref);
  if (store && !(self->categories = attest_store_list_categories (store, TRUE, &error)))
    toast_error (self, error);
  attest_article_view_set_categories (self->article_view, self->categories);
  attest_inspector_set_categories (self->inspector, self->categories);
  attest_inspector_set_article (self->inspector, NULL, NULL);
  attest_inspector_set_claim (self->inspector, NULL, NULL);
  attest_inspector_set_editable (self->inspector, is_editable (self));

  if (store && attest_store_is_read_only (store))
    {
      g_autofree char *text = g_strdup_printf (_("This database is read-only (%s). You can read and "
                                                 "export, but not change anything."),
                                               attest_store_get_read_only_reason (store));
      gtk_label_set_text (self->read_only_label, text);
    }
  gtk_revealer_set_reveal_child (self->read_only_revealer, store && attest_store_is_read_only (store));

  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  reload_documents (self);
  if (store == NULL)
    gtk_stack_set_visible_child_name (self->main_stack, "empty");
  else if (g_list_model_get_n_items (G_LIST_MODEL (self->documents)) > 0)
    {
      g_autoptr(AttestDocument) first = g_list_model_get_item (G_LIST_MODEL (self->documents), 0);
      attest_window_open_document (self, first->uuid);
    }
  update_title (self);
  update_actions (self);
}

AttestStore *
attest_window_get_store (AttestWindow *self)
{
  g_return_val_if_fail (ATTEST_IS_WINDOW (self), NULL);
  return self->store;
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
        claim_gone (self, old->uuid);
      else if (now->version != old->version || now->source_uuids->len != old->source_uuids->len)
        claim_saved (self, now);
      if (now != NULL)
        g_hash_table_remove (fresh_by_uuid, old->uuid);
    }

  /* New. */
  for (guint i = 0; i < fresh->len; i++)
    {
      AttestClaim *c = g_ptr_array_index (fresh, i);

      if (g_hash_table_contains (fresh_by_uuid, c->uuid))
        claim_saved (self, c);
    }
}

/* A teammate committed (AttestStore::changed). */
static void
store_changed (AttestWindow *self)
{
  merge_claims (self);
  refresh_inspector_sources (self);
  show_claim_in_inspector (self);
  refresh_document_counts (self);
}

/* ---------------------------------------------------------------- edits */

static void
claim_saved (AttestWindow *self,
             AttestClaim  *claim)
{
  gboolean found;
  guint pos;

  if (!claim_visible (self, claim))
    {
      claim_gone (self, claim->uuid);
      return;
    }
  pos = claim_position (self, claim->uuid, &found);

  if (found)
    {
      g_list_store_splice (self->claims, pos, 1, (gpointer *) &claim, 1);
      attest_article_view_update_claim (self->article_view, claim);
    }
  else
    {
      g_list_store_insert_sorted (self->claims, claim, compare_claims, NULL);
      attest_article_view_add_claim (self->article_view, claim);
    }
}

static void
claim_gone (AttestWindow *self,
            const char   *uuid)
{
  gboolean found;
  guint pos;

  /* A comment typed for it is offered to the store before it goes: if
   * someone else deleted it, that is a conflict, kept in its history. */
  if (g_strcmp0 (self->selected_claim, uuid) == 0)
    flush_comment (self);
  pos = claim_position (self, uuid, &found);

  if (found)
    g_list_store_remove (self->claims, pos);
  attest_article_view_remove_claim (self->article_view, uuid);
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

  if (self->document == NULL || !is_editable (self))
    return;

  flush_comment (self);
  claim = attest_store_add_claim (self->store, self->document->uuid, start, end, category,
                                  NULL, NULL, &error);
  if (claim == NULL)
    {
      toast_error (self, error);
      return;
    }

  attest_undo_stack_push_create (self->undo, claim->uuid);
  claim_saved (self, claim);
  attest_window_select_claim (self, claim->uuid);
  refresh_inspector_sources (self);
  refresh_document_counts (self);
}

static void
on_claim_activated (AttestWindow *self,
                    const char   *uuid)
{
  attest_window_select_claim (self, uuid);
}

static void
link_source (AttestWindow *self,
             const char   *source_uuid)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestClaim) claim = NULL;

  if (self->selected_claim == NULL || !is_editable (self))
    return;

  flush_comment (self);
  if (!attest_store_link (self->store, self->selected_claim, source_uuid, &error))
    {
      toast_error (self, error);
      return;
    }
  attest_undo_stack_push_link (self->undo, self->selected_claim, source_uuid, TRUE);
  if ((claim = attest_store_get_claim (self->store, self->selected_claim, &error)))
    claim_saved (self, claim);
  refresh_inspector_sources (self);
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

  if (self->selected_claim == NULL || !is_editable (self))
    return;
  flush_comment (self);
  if (!attest_store_unlink (self->store, self->selected_claim, source_uuid, &error))
    {
      toast_error (self, error);
      return;
    }
  attest_undo_stack_push_link (self->undo, self->selected_claim, source_uuid, FALSE);
  if ((claim = attest_store_get_claim (self->store, self->selected_claim, &error)))
    claim_saved (self, claim);
  refresh_inspector_sources (self);
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
      toast_error (self, error);
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
      claim_gone (self, mine->uuid);
      toast_error (self, error);
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
      if (attest_store_update_claim (self->store, theirs, &error))
        attest_undo_stack_push_update (self->undo, before, theirs);
      else
        toast_error (self, error);
    }

  claim_saved (self, theirs);
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
      toast_error (self, error);
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
  gboolean found;
  guint pos;

  if (!is_editable (self))
    return;
  flush_comment (self);
  pos = claim_position (self, edited->uuid, &found);
  if (!found)
    return;
  before = g_list_model_get_item (G_LIST_MODEL (self->claims), pos);

  if (!attest_store_update_claim (self->store, edited, &error))
    {
      save_failed (self, edited, error);
      show_claim_in_inspector (self);
      return;
    }

  attest_undo_stack_push_update (self->undo, before, edited);
  claim_saved (self, edited);
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
  update_actions (self);
}

/* Saves what is being typed in the comment field, and ends its editing. */
static void
flush_comment (AttestWindow *self)
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
  gboolean found;

  if (!is_editable (self))
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
  claim_position (self, edited->uuid, &found);
  if (found)
    claim_saved (self, edited);
  if (g_strcmp0 (edited->uuid, self->selected_claim) == 0)
    show_claim_in_inspector (self);
  update_actions (self);
}

/* Delete pressed in the article. */
static void
on_delete_requested (AttestWindow *self,
                     const char   *uuid)
{
  if (g_strcmp0 (uuid, self->selected_claim) == 0)
    gtk_widget_activate_action (GTK_WIDGET (self), "win.delete-claim", NULL);
}

static void
delete_claim (GtkWidget  *widget,
              const char *action,
              GVariant   *param)
{
  AttestWindow *self = ATTEST_WINDOW (widget);
  g_autoptr(GError) error = NULL;
  g_autofree char *uuid = g_strdup (self->selected_claim);

  if (uuid == NULL || !is_editable (self))
    return;
  flush_comment (self);
  if (!attest_store_delete_claim (self->store, uuid, &error))
    {
      toast_error (self, error);
      return;
    }
  attest_undo_stack_push_delete (self->undo, uuid);
  claim_gone (self, uuid);
  refresh_inspector_sources (self);
  refresh_document_counts (self);
  attest_window_toast (self, _("Claim deleted"));
}

static void reload_article (AttestWindow *self);

/* After undo/redo: show the claim as the store now has it, or not at all. */
static void
resync_claim (AttestWindow *self,
              const char   *uuid)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestClaim) claim = attest_store_get_claim (self->store, uuid, &error);

  if (claim == NULL)
    claim_gone (self, uuid);
  else if (self->document && g_str_equal (claim->document_uuid, self->document->uuid))
    {
      claim_saved (self, claim);
      attest_window_select_claim (self, uuid);
    }
  refresh_inspector_sources (self);
  refresh_document_counts (self);
}

static void
undo_or_redo (GtkWidget  *widget,
              const char *action,
              GVariant   *param)
{
  AttestWindow *self = ATTEST_WINDOW (widget);
  g_autoptr(GError) error = NULL;
  g_autofree char *uuid = NULL;

  if (!is_editable (self))
    return;
  /* A comment being typed is saved and becomes the step to undo. */
  flush_comment (self);
  uuid = g_str_equal (action, "win.undo") ? attest_undo_stack_undo (self->undo, self->store, &error)
                                          : attest_undo_stack_redo (self->undo, self->store, &error);
  if (uuid == NULL)
    {
      toast_error (self, error);
      return;
    }
  /* "": the article or its citations, not a claim. */
  if (*uuid == '\0')
    reload_article (self);
  else
    resync_claim (self, uuid);
}

/* ------------------------------------------------------- corrections */

/* The article again as the store has it: its title in the sidebar and the
 * window, its citations in the text, its sources in the inspector. */
static void
reload_article (AttestWindow *self)
{
  g_autofree char *uuid = self->document ? g_strdup (self->document->uuid) : NULL;

  reload_documents (self);
  if (uuid != NULL)
    attest_window_open_document (self, uuid);
  update_title (self);
}

static char *
check_properties (AttestFieldsDialog *dialog,
                  gpointer            user_data)
{
  g_autofree char *date = attest_fields_dialog_dup_value (dialog, 2);

  if (date != NULL && !attest_date_is_iso (date))
    return g_strdup (_("Write the date as year, month and day: 2005-04-21"));
  return NULL;
}

static void
properties_response (AttestFieldsDialog *dialog,
                     const char         *response,
                     AttestWindow       *self)
{
  static const char *fields[] = { "title", "author", "date", "publication" };
  g_autoptr(GError) error = NULL;
  const char *uuid = g_object_get_data (G_OBJECT (dialog), "document-uuid");
  g_autoptr(AttestDocument) doc = NULL;

  if (!g_str_equal (response, "apply") || self->store == NULL ||
      !(doc = attest_store_get_document (self->store, uuid, &error)))
    {
      if (error)
        toast_error (self, error);
      return;
    }

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      g_autofree char *value = attest_fields_dialog_dup_value (dialog, i);
      const char *old = i == 0 ? doc->title : i == 1 ? doc->author : i == 2 ? doc->date : doc->publication;

      if (g_strcmp0 (old, value) == 0)
        continue;
      if (!attest_store_set_document_field (self->store, doc->uuid, fields[i], value, &error))
        {
          toast_error (self, error);
          break;
        }
      attest_undo_stack_push_document (self->undo, doc->uuid, fields[i], old, value);
    }
  reload_article (self);
}

static void
properties_action (GtkWidget  *widget,
                   const char *action,
                   GVariant   *param)
{
  AttestWindow *self = ATTEST_WINDOW (widget);
  AttestFieldsDialog *dialog;
  AttestDocument *doc = self->document;

  if (doc == NULL || !is_editable (self))
    return;
  flush_comment (self);
  dialog = attest_fields_dialog_new (GTK_WINDOW (self), _("Article Properties"),
                                     _("Correct what was read from the article. The change is kept in the "
                                       "history, travels with merged copies, and can be undone."),
                                     _("_Save"));
  attest_fields_dialog_add_field (dialog, _("Title"), doc->title);
  attest_fields_dialog_add_field (dialog, _("Author"), doc->author);
  attest_fields_dialog_add_field (dialog, _("Date (YYYY-MM-DD)"), doc->date);
  attest_fields_dialog_add_field (dialog, _("Outlet"), doc->publication);
  {
    /* Where the text came from and what its import left out. */
    g_autofree char *summary = attest_document_dup_import_summary (doc);
    g_autofree char *note = NULL;

    if (g_strcmp0 (doc->format, "text") == 0)
      /* TRANSLATORS: the file an article was read from, and its encoding */
      note = g_strdup_printf (_("From “%s”, plain text in %s"), doc->origin ? doc->origin : "?",
                              doc->encoding ? doc->encoding : "UTF-8");
    else if (summary != NULL)
      /* TRANSLATORS: the file an article was read from, then what its import did */
      note = g_strdup_printf (_("From “%s”. %s."), doc->origin ? doc->origin : "?", summary);
    attest_fields_dialog_set_note (dialog, note);
  }
  attest_fields_dialog_set_check (dialog, check_properties, NULL);
  g_object_set_data_full (G_OBJECT (dialog), "document-uuid", g_strdup (doc->uuid), g_free);
  g_signal_connect (dialog, "response", G_CALLBACK (properties_response), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

static char *
check_outlet_given (AttestFieldsDialog *dialog,
                    gpointer            user_data)
{
  g_autofree char *outlet = attest_fields_dialog_dup_value (dialog, 0);

  return outlet == NULL ? g_strdup (_("Name the outlet the passage cites")) : NULL;
}

static void
mark_response (AttestFieldsDialog *dialog,
               const char         *response,
               AttestWindow       *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestCitation) citation = NULL;
  g_autoptr(GPtrArray) marked = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *outlet = attest_fields_dialog_dup_value (dialog, 0);
  g_autofree char *place = attest_fields_dialog_dup_value (dialog, 1);
  g_autofree char *date = attest_fields_dialog_dup_value (dialog, 2);
  const char *uuid = g_object_get_data (G_OBJECT (dialog), "document-uuid");
  gint64 *range = g_object_get_data (G_OBJECT (dialog), "range");

  if (!g_str_equal (response, "apply") || self->store == NULL)
    return;
  citation = attest_store_mark_citation (self->store, uuid, range[0], range[1], outlet, place, date, &error);
  if (citation == NULL)
    {
      toast_error (self, error);
      return;
    }
  g_ptr_array_add (marked, g_object_ref (citation));
  attest_undo_stack_push_citations (self->undo, marked, TRUE);
  reload_article (self);
  {
    g_autofree char *message = g_strdup_printf (_("Marked as a citation of %s"), citation->source->outlet);
    attest_window_toast (self, message);
  }
}

static void
mark_source_action (GtkWidget  *widget,
                    const char *action,
                    GVariant   *param)
{
  AttestWindow *self = ATTEST_WINDOW (widget);
  AttestFieldsDialog *dialog;
  g_autofree char *passage = NULL;
  g_autofree char *body = NULL;
  gint64 *range = g_new (gint64, 2);

  if (self->document == NULL || !is_editable (self))
    {
      g_free (range);
      return;
    }
  if (!attest_article_view_get_selection (self->article_view, &range[0], &range[1]) || range[0] == range[1])
    {
      g_free (range);
      attest_window_toast (self, _("Select the words that name the source first"));
      return;
    }
  flush_comment (self);
  passage = attest_document_dup_range (self->document, range[0], range[1]);
  body = g_strdup_printf (_("“%s” will be a citation of this outlet, covering its paragraph; claims there "
                            "will be offered it as their source."), passage);
  dialog = attest_fields_dialog_new (GTK_WINDOW (self), _("Mark as Source"), body, _("_Mark"));
  /* Short and on one line, the passage is likely the outlet's name. */
  attest_fields_dialog_add_field (dialog, _("Outlet"),
                                  g_utf8_strlen (passage, -1) <= 60 && !strchr (passage, '\n') ? passage : NULL);
  attest_fields_dialog_add_field (dialog, _("Place"), NULL);
  attest_fields_dialog_add_field (dialog, _("Date, as written"), NULL);
  attest_fields_dialog_set_check (dialog, check_outlet_given, NULL);
  g_object_set_data_full (G_OBJECT (dialog), "document-uuid", g_strdup (self->document->uuid), g_free);
  g_object_set_data_full (G_OBJECT (dialog), "range", range, g_free);
  g_signal_connect (dialog, "response", G_CALLBACK (mark_response), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* "Not a Source": every citation of @source_uuid in the article goes, as
 * one step to undo. */
static void
on_remove_source (AttestWindow *self,
                  const char   *source_uuid)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) citations = NULL;
  g_autoptr(GPtrArray) removed = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *name = NULL;

  if (self->document == NULL || !is_editable (self))
    return;
  flush_comment (self);
  if (!(citations = attest_store_list_citations (self->store, self->document->uuid, &error)))
    {
      toast_error (self, error);
      return;
    }
  for (guint i = 0; i < citations->len; i++)
    {
      AttestCitation *c = g_ptr_array_index (citations, i);

      if (!g_str_equal (c->source->uuid, source_uuid))
        continue;
      if (!attest_store_remove_citation (self->store, c->uuid, &error))
        {
          toast_error (self, error);
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
  reload_article (self);
}

static char *
check_outlet_name (AttestFieldsDialog *dialog,
                   gpointer            user_data)
{
  g_autofree char *name = attest_fields_dialog_dup_value (dialog, 0);

  return name == NULL ? g_strdup (_("Write the name as articles write it")) : NULL;
}

static void
outlets_response (AttestFieldsDialog *dialog,
                  const char         *response,
                  AttestWindow       *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = attest_fields_dialog_dup_value (dialog, 0);
  g_autofree char *outlet = attest_fields_dialog_dup_value (dialog, 1);
  g_autofree char *message = NULL;

  if (!g_str_equal (response, "apply") || self->store == NULL)
    return;
  if (!attest_store_add_outlet (self->store, name, outlet, &error))
    {
      toast_error (self, error);
      return;
    }
  message = outlet ? g_strdup_printf (_("“%s” is now a name of %s"), name, outlet)
                   : g_strdup_printf (_("%s is now a known outlet"), name);
  attest_window_toast (self, message);
  reload_article (self);
}

static void
outlets_action (GtkWidget  *widget,
                const char *action,
                GVariant   *param)
{
  AttestWindow *self = ATTEST_WINDOW (widget);
  AttestFieldsDialog *dialog;

  if (self->store == NULL || !is_editable (self))
    return;
  dialog = attest_fields_dialog_new (GTK_WINDOW (self), _("Outlet Names"),
                                     _("Teach Attest an outlet it does not know, or another name of one it "
                                       "knows (“Itar Tass” is TASS). Articles imported from now on are read "
                                       "with it, and the team gets it with merged copies."),
                                     _("_Add"));
  attest_fields_dialog_add_field (dialog, _("Name, as articles write it"), NULL);
  attest_fields_dialog_add_field (dialog, _("A name of (empty for a new outlet)"), NULL);
  attest_fields_dialog_set_check (dialog, check_outlet_name, NULL);
  g_signal_connect (dialog, "response", G_CALLBACK (outlets_response), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---------------------------------------------------------------- import */

typedef struct {
  char      *db_path;
  char      *annotator;
  GPtrArray *files;       /* GFile */
  GPtrArray *failures;    /* char*, "name: reason" */
  char      *first_uuid;  /* of the first imported (or already present) document */
  guint      imported;
  guint      duplicates;
  guint      legacy;      /* decoded as Windows-1252 */
  char      *summary;     /* what the first import from PDF, DOCX… left out */
} ImportJob;

typedef struct {
  AttestWindow *window;
  double        fraction;
  char         *text;
} ImportProgress;

static void
import_job_free (ImportJob *job)
{
  g_free (job->db_path);
  g_free (job->annotator);
  g_ptr_array_unref (job->files);
  g_ptr_array_unref (job->failures);
  g_free (job->first_uuid);
  g_free (job->summary);
  g_free (job);
}

static gboolean
show_import_progress (gpointer data)
{
  ImportProgress *p = data;

  gtk_progress_bar_set_fraction (p->window->import_progress, p->fraction);
  gtk_progress_bar_set_text (p->window->import_progress, p->text);
  gtk_revealer_set_reveal_child (p->window->import_revealer, TRUE);
  g_object_unref (p->window);
  g_free (p->text);
  g_free (p);
  return G_SOURCE_REMOVE;
}

/* Runs in a worker thread with its own connection: SQLite connections are
 * not shared between threads, and WAL lets the window keep reading. */
static void
import_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ImportJob *job = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestStore) store = attest_store_open (job->db_path, ATTEST_STORE_OPEN_NO_CREATE, &error);
  gint64 last_report = 0;

  if (store == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  attest_store_set_annotator (store, job->annotator, NULL);

  for (guint i = 0; i < job->files->len; i++)
    {
      GFile *file = g_ptr_array_index (job->files, i);
      g_autofree char *name = g_file_get_basename (file);
      g_autoptr(AttestDocument) doc = NULL;
      g_autoptr(AttestDocument) stored = NULL;
      gboolean existed = FALSE;
      gint64 now = g_get_monotonic_time ();

      if (g_cancellable_is_cancelled (cancellable))
        break;

      /* A few updates a second are enough to show progress. */
      if (now - last_report > 100 * G_TIME_SPAN_MILLISECOND || i + 1 == job->files->len)
        {
          ImportProgress *p = g_new0 (ImportProgress, 1);

          p->window = g_object_ref (ATTEST_WINDOW (source_object));
          p->fraction = (double) i / job->files->len;
          p->text = g_strdup_printf (_("Importing %u of %u…"), i + 1, job->files->len);
          g_main_context_invoke (NULL, show_import_progress, p);
          last_report = now;
        }

      doc = attest_article_reader_read_file (file, cancellable, &error);
      if (doc)
        stored = attest_store_add_document (store, doc, &existed, &error);
      if (stored == NULL)
        {
          if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            g_ptr_array_add (job->failures, g_strdup_printf (_("%s was not imported: %s"), name, error->message));
          g_clear_error (&error);
          continue;
        }

      if (job->first_uuid == NULL)
        job->first_uuid = g_strdup (stored->uuid);
      if (existed)
        job->duplicates++;
      else
        job->imported++;
      if (g_strcmp0 (stored->encoding, "Windows-1252") == 0 && !existed)
        job->legacy++;
      /* The article opens when the import ends: its name is on screen,
       * and a toast has room for little more than the summary. */
      if (!existed && job->summary == NULL && stored->extraction != NULL)
        job->summary = attest_document_dup_import_summary (stored);
    }

  g_task_return_boolean (task, TRUE);
}

static void
import_done (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  AttestWindow *self = ATTEST_WINDOW (object);
  ImportJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  g_clear_object (&self->import_cancellable);
  gtk_revealer_set_reveal_child (self->import_revealer, FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      toast_error (self, error);
      update_actions (self);
      return;
    }

  /* One article from a PDF or a web page: say what was left out of it. */
  if (job->imported == 1 && job->summary != NULL)
    attest_window_toast (self, job->summary);
  else if (job->imported > 0)
    {
      g_autofree char *msg = g_strdup_printf (ngettext ("%u article imported", "%u articles imported",
                                                        job->imported), job->imported);
      attest_window_toast (self, msg);
    }
  if (job->duplicates > 0)
    {
      g_autofree char *msg = g_strdup_printf (ngettext ("%u article was already in the database",
                                                        "%u articles were already in the database",
                                                        job->duplicates), job->duplicates);
      attest_window_toast (self, msg);
    }
  if (job->legacy > 0)
    {
      g_autofree char *msg = g_strdup_printf (ngettext ("%u article was not UTF-8 and was read as Windows-1252",
                                                        "%u articles were not UTF-8 and were read as Windows-1252",
                                                        job->legacy), job->legacy);
      attest_window_toast (self, msg);
    }

  /* Failures last, so that they are on screen first. */
  for (guint i = 0; i < job->failures->len; i++)
    attest_window_toast (self, g_ptr_array_index (job->failures, i));

  reload_documents (self);
  if (job->first_uuid)
    attest_window_open_document (self, job->first_uuid);
  update_actions (self);
}

void
attest_window_import_files (AttestWindow  *self,
                            GFile        **files,
                            guint          n_files)
{
  g_autoptr(GTask) task = NULL;
  ImportJob *job;

  g_return_if_fail (ATTEST_IS_WINDOW (self));

  if (n_files == 0)
    return;
  if (!is_editable (self))
    {
      attest_window_toast (self, self->store ? _("This database is read-only; articles cannot be imported")
                                             : _("Open or create a database first"));
      return;
    }
  if (self->import_cancellable)
    {
      attest_window_toast (self, _("Another import is still running"));
      return;
    }

  job = g_new0 (ImportJob, 1);
  job->db_path = g_strdup (attest_store_get_path (self->store));
  job->annotator = g_strdup (attest_store_get_annotator (self->store));
  job->files = g_ptr_array_new_with_free_func (g_object_unref);
  job->failures = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < n_files; i++)
    g_ptr_array_add (job->files, g_object_ref (files[i]));

  self->import_cancellable = g_cancellable_new ();
  task = g_task_new (self, self->import_cancellable, import_done, NULL);
  g_task_set_task_data (task, job, (GDestroyNotify) import_job_free);
  g_task_run_in_thread (task, import_thread);
  update_actions (self);
}

gboolean
attest_window_is_importing (AttestWindow *self)
{
  g_return_val_if_fail (ATTEST_IS_WINDOW (self), FALSE);
  return self->import_cancellable != NULL;
}

static void
import_chosen (GtkNativeDialog *dialog,
               int              response,
               AttestWindow    *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GListModel) files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (dialog));
      g_autoptr(GPtrArray) array = g_ptr_array_new_with_free_func (g_object_unref);

      for (guint i = 0; i < g_list_model_get_n_items (files); i++)
        g_ptr_array_add (array, g_list_model_get_item (files, i));
      attest_window_import_files (self, (GFile **) array->pdata, array->len);
    }
  g_object_unref (dialog);
}

/* What the import chooser offers; the desktop file lists the same types
 * (data/io.github.attest.Attest.desktop.in). */
static const char *article_mime_types[] = {
  "text/plain", "text/html", "application/xhtml+xml", "application/xml", "application/tei+xml",
  "application/pdf", "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  "application/vnd.oasis.opendocument.text", "application/epub+zip", NULL
};
static const char *article_suffixes[] = {
  "txt", "html", "htm", "xhtml", "xml", "pdf", "docx", "odt", "epub", NULL
};

static void
import_action (GtkWidget  *widget,
               const char *action,
               GVariant   *param)
{
  AttestWindow *self = ATTEST_WINDOW (widget);
  GtkFileChooserNative *chooser = attest_file_chooser_new (_("Import Articles"), GTK_WINDOW (self),
                                                               GTK_FILE_CHOOSER_ACTION_OPEN,
                                                               _("_Import"), _("_Cancel"));
  g_autoptr(GtkFileFilter) articles = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  gtk_file_filter_set_name (articles, _("Articles (PDF, Word, OpenDocument, EPUB, web pages, text, TEI)"));
  for (guint i = 0; article_mime_types[i] != NULL; i++)
    gtk_file_filter_add_mime_type (articles, article_mime_types[i]);
  for (guint i = 0; article_suffixes[i] != NULL; i++)
    gtk_file_filter_add_suffix (articles, article_suffixes[i]);
  gtk_file_filter_set_name (all, _("All Files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), articles);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), all);
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (import_chosen), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static gboolean
on_drop (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         AttestWindow  *self)
{
  GSList *list = g_value_get_boxed (value);
  g_autoptr(GPtrArray) files = g_ptr_array_new ();

  for (GSList *l = list; l; l = l->next)
    g_ptr_array_add (files, l->data);
  attest_window_import_files (self, (GFile **) files->pdata, files->len);
  return TRUE;
}

/* -------------------------------------------------------------- databases */

#define MAX_RECENT 8

static void
remember_database (AttestWindow *self,
                   const char   *path)
{
  g_auto(GStrv) old = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) recent = NULL;
  guint n = 1;

  if (self->settings == NULL)
    return;

  g_settings_set_string (self->settings, "last-database", path);
  old = g_settings_get_strv (self->settings, "recent-databases");
  g_strv_builder_add (builder, path);
  for (guint i = 0; old[i] && n < MAX_RECENT; i++)
    if (!g_str_equal (old[i], path))
      {
        g_strv_builder_add (builder, old[i]);
        n++;
      }
  recent = g_strv_builder_end (builder);
  g_settings_set_strv (self->settings, "recent-databases", (const char * const *) recent);
}

/* Opens (creating if needed) the database at @path, stamps the annotator
 * name from the preferences and remembers it among the recent databases. */
static AttestStore *
open_store (AttestWindow *self,
            const char   *path,
            GError      **error)
{
  g_autoptr(AttestStore) store = NULL;
  g_autofree char *annotator = NULL;

  if (!(store = attest_store_open (path, ATTEST_STORE_OPEN_DEFAULT, error)))
    return NULL;

  annotator = attest_annotator_name_in_use (self->settings);
  attest_store_set_annotator (store, annotator, NULL);
  remember_database (self, path);
  return g_steal_pointer (&store);
}

/* The demo database of sample articles, imported on first use. */
static AttestStore *
open_demo (AttestWindow *self,
           GError      **error)
{
  static const char samples[] = "/io/github/attest/Attest/samples";
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "attest", "demo.db", NULL);
  g_autoptr(AttestStore) store = NULL;
  g_autoptr(GPtrArray) docs = NULL;
  g_auto(GStrv) names = NULL;

  if (!(store = open_store (self, path, error)) ||
      !(docs = attest_store_list_documents (store, error)))
    return NULL;
  if (docs->len > 0 || attest_store_is_read_only (store))
    return g_steal_pointer (&store);

  /* First use: the sample articles, shipped inside the program. */
  names = g_resources_enumerate_children (samples, G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  if (names == NULL)
    return NULL;
  for (guint i = 0; names[i]; i++)
    {
      g_autofree char *resource = g_build_path ("/", samples, names[i], NULL);
      g_autoptr(GBytes) bytes = g_resources_lookup_data (resource, G_RESOURCE_LOOKUP_FLAGS_NONE, error);
      g_autoptr(AttestDocument) doc = NULL;
      g_autoptr(AttestDocument) stored = NULL;

      if (bytes == NULL ||
          !(doc = attest_article_reader_read_bytes (bytes, names[i], error)) ||
          !(stored = attest_store_add_document (store, doc, NULL, error)))
        return NULL;
    }
  return g_steal_pointer (&store);
}

/* The annotator name changed in Preferences: stamped from now on. */
static void
annotator_changed (AttestWindow *self)
{
  g_autofree char *name = attest_annotator_name_in_use (self->settings);

  if (self->store)
    attest_store_set_annotator (self->store, name, NULL);
}

static void
open_store_at (AttestWindow *self,
               const char   *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestStore) store = open_store (self, path, &error);

  if (store == NULL)
    {
      attest_window_show_error (self, _("Could Not Open the Database"), error);
      return;
    }
  attest_window_set_store (self, store);
}

static void
network_response (AdwMessageDialog *dialog,
                  const char       *response,
                  AttestWindow     *self)
{
  const char *path = g_object_get_data (G_OBJECT (dialog), "path");
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestStore) remote = NULL;
  g_autofree char *base = NULL;
  g_autofree char *local = NULL;

  if (g_str_equal (response, "anyway"))
    {
      open_store_at (self, path);
      return;
    }
  if (!g_str_equal (response, "copy"))
    return;

  /* A consistent copy through SQLite's backup API, on this computer. */
  base = g_path_get_basename (path);
  for (guint n = 0; local == NULL || g_file_test (local, G_FILE_TEST_EXISTS); n++)
    {
      g_autofree char *name = n ? g_strdup_printf ("%u-%s", n, base) : g_strdup (base);
      g_free (local);
      local = g_build_filename (g_get_user_data_dir (), "attest", "copies", name, NULL);
    }
  {
    g_autofree char *folder = g_path_get_dirname (local);
    g_mkdir_with_parents (folder, 0755);
  }
  if (!(remote = attest_store_open (path, ATTEST_STORE_OPEN_READ_ONLY, &error)) ||
      !attest_store_backup (remote, local, &error))
    {
      attest_window_show_error (self, _("Could Not Copy the Database"), error);
      return;
    }
  open_store_at (self, local);
  {
    g_autofree char *msg = g_strdup_printf (_("Working on a local copy: %s"), local);
    attest_window_toast (self, msg);
  }
}

/* SQLite must not be shared between computers over NFS or SMB: say so
 * before opening, and offer a local copy to merge later. */
void
attest_window_open_database (AttestWindow *self,
                             const char   *path)
{
  g_autofree char *kind = attest_store_network_filesystem (path);
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  if (kind == NULL)
    {
      open_store_at (self, path);
      return;
    }

  body = g_strdup_printf (_("“%s” is on a network file system (%s). SQLite databases must not be "
                            "shared between computers this way: edits can be lost or the file "
                            "damaged. Work on a local copy and merge copies with your team instead."),
                          path, kind);
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Database on a Network Drive"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "anyway", _("Open _Anyway"),
                                    "copy", _("Work on a _Local Copy"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "copy", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "anyway", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "copy");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "path", g_strdup (path), g_free);
  g_signal_connect (dialog, "response", G_CALLBACK (network_response), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
database_chosen (GtkNativeDialog *dialog,
                 int              response,
                 AttestWindow    *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = g_file_get_path (file);

      if (path)
        attest_window_open_database (self, path);
      else
        attest_window_toast (self, _("Attest opens databases on this computer only"));
    }
  g_object_unref (dialog);
}

static void
choose_database (GtkWidget  *widget,
                 const char *action,
                 GVariant   *param)
{
  AttestWindow *self = ATTEST_WINDOW (widget);
  gboolean create = g_str_equal (action, "win.new-database");
  GtkFileChooserNative *chooser =
    attest_file_chooser_new (create ? _("New Database") : _("Open Database"), GTK_WINDOW (self),
                                 create ? GTK_FILE_CHOOSER_ACTION_SAVE : GTK_FILE_CHOOSER_ACTION_OPEN,
                                 create ? _("_Create") : _("_Open"), _("_Cancel"));

  if (create)
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), _("Claims.attest.db"));
  g_signal_connect (chooser, "response", G_CALLBACK (database_chosen), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* Merges another copy of the database into this one; the merge is one
 * transaction in the core, quick enough for the main loop on team-sized
 * copies. */
void
attest_window_merge (AttestWindow *self,
                     const char   *path)
{
  g_auto(AttestMergeReport) report = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *summary = NULL;

  g_return_if_fail (ATTEST_IS_WINDOW (self));

  if (!is_editable (self))
    return;
  if (!attest_store_merge (self->store, path, &report, &error))
    {
      attest_window_show_error (self, _("Could Not Merge"), error);
      return;
    }

  summary = g_strdup_printf (_("Merged: %u claims added, %u updated, %u deleted; %u articles added"),
                             report.claims_added, report.claims_updated, report.claims_deleted,
                             report.documents_added);
  attest_window_toast (self, summary);

  if (report.conflicts->len > 0)
    {
      GString *body = g_string_new (NULL);
      GtkWidget *dialog;

      g_string_append_printf (body, ngettext ("One change was made differently in both copies. Yours "
                                              "was kept; theirs is in the claim’s history:\n",
                                              "%u changes were made differently in both copies. Yours "
                                              "were kept; theirs are in the claims’ history:\n",
                                              report.conflicts->len),
                              report.conflicts->len);
      for (guint i = 0; i < report.conflicts->len && i < 10; i++)
        {
          AttestMergeConflict *c = g_ptr_array_index (report.conflicts, i);

          /* A deletion on either side stands (see the merge rules). */
          if (g_str_equal (c->field, "deleted") && g_strcmp0 (c->ours, "1") == 0)
            g_string_append (body, _("\n• a claim you deleted was edited in their copy: it stays deleted"));
          else if (g_str_equal (c->field, "deleted"))
            g_string_append (body, _("\n• a claim you edited was deleted in their copy: it stays deleted"));
          else
            g_string_append_printf (body, _("\n• %s: “%s” kept, “%s” theirs"), c->field,
                                    c->ours ? c->ours : "—", c->theirs ? c->theirs : "—");
        }
      dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Conflicts to Settle"), body->str);
      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (dialog));
      g_string_free (body, TRUE);
    }

  g_clear_pointer (&self->categories, g_ptr_array_unref);
  self->categories = attest_store_list_categories (self->store, TRUE, NULL);
  attest_article_view_set_categories (self->article_view, self->categories);
  attest_inspector_set_categories (self->inspector, self->categories);
  reload_documents (self);
  if (self->document)
    {
      g_autofree char *uuid = g_strdup (self->document->uuid);
      attest_window_open_document (self, uuid);
    }
}

static void
merge_chosen (GtkNativeDialog *chooser,
              int              response,
              AttestWindow    *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = g_file_get_path (file);

      if (path)
        attest_window_merge (self, path);
    }
  g_object_unref (chooser);
}

static void
merge_action (GtkWidget  *widget,
              const char *action,
              GVariant   *param)
{
  AttestWindow *self = ATTEST_WINDOW (widget);
  GtkFileChooserNative *chooser = attest_file_chooser_new (_("Merge a Teammate’s Copy"), GTK_WINDOW (self),
                                                               GTK_FILE_CHOOSER_ACTION_OPEN,
                                                               _("_Merge"), _("_Cancel"));

  g_signal_connect (chooser, "response", G_CALLBACK (merge_chosen), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
open_recent (GtkWidget  *widget,
             const char *action,
             GVariant   *param)
{
  attest_window_open_database (ATTEST_WINDOW (widget), g_variant_get_string (param, NULL));
}

void
attest_window_open_samples (AttestWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestStore) store = NULL;

  g_return_if_fail (ATTEST_IS_WINDOW (self));

  if (!(store = open_demo (self, &error)))
    attest_window_show_error (self, _("Could Not Open the Sample Articles"), error);
  else
    attest_window_set_store (self, store);
}

static void
open_samples (GtkWidget  *widget,
              const char *action,
              GVariant   *param)
{
  attest_window_open_samples (ATTEST_WINDOW (widget));
}

static void
update_recent_menu (AttestWindow *self)
{
  GSettings *s = self->settings;
  g_auto(GStrv) recent = s ? g_settings_get_strv (s, "recent-databases") : NULL;

  g_menu_remove_all (self->recent_section);
  for (guint i = 0; recent && recent[i]; i++)
    {
      g_autofree char *label = g_path_get_basename (recent[i]);
      g_autoptr(GMenuItem) item = g_menu_item_new (label, NULL);

      g_menu_item_set_action_and_target (item, "win.open-recent", "s", recent[i]);
      g_menu_append_item (self->recent_section, item);
    }
}

/* ----------------------------------------------------------------- misc */

static void
search_action (GtkWidget  *widget,
               const char *action,
               GVariant   *param)
{
  AttestWindow *self = ATTEST_WINDOW (widget);

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
export_finished (AttestExportDialog *dialog,
                 const char         *message,
                 AttestWindow       *self)
{
  attest_window_toast (self, message);
}

static void
export_action (GtkWidget  *widget,
               const char *action,
               GVariant   *param)
{
  AttestWindow *self = ATTEST_WINDOW (widget);
  g_autoptr(GError) error = NULL;
  AttestExportDialog *dialog;

  if (self->store == NULL)
    return;
  if (!(dialog = attest_export_dialog_new (GTK_WINDOW (self), self->store, &error)))
    {
      toast_error (self, error);
      return;
    }
  g_signal_connect_object (dialog, "done", G_CALLBACK (export_finished), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
analysis_action (GtkWidget  *widget,
                 const char *action,
                 GVariant   *param)
{
  AttestWindow *self = ATTEST_WINDOW (widget);
  g_autoptr(GError) error = NULL;
  AttestAnalysisWindow *analysis;

  if (self->store == NULL)
    return;
  if (!(analysis = attest_analysis_window_new (GTK_WINDOW (self), self->store, &error)))
    {
      toast_error (self, error);
      return;
    }
  gtk_window_present (GTK_WINDOW (analysis));
}

static void
update_actions (AttestWindow *self)
{
  gboolean editable = is_editable (self);
  gboolean importing = self->import_cancellable != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.import", editable && !importing);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export", self->store != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.merge", editable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.analysis", self->store != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.undo",
                                 editable && (attest_undo_stack_can_undo (self->undo) ||
                                              self->comment_before != NULL));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.redo",
                                 editable && attest_undo_stack_can_redo (self->undo));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.delete-claim",
                                 editable && self->selected_claim != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.search", self->store != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.document-properties",
                                 editable && self->document != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.mark-source", editable && self->document != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.outlets", editable);
}

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
  g_settings_set_int (s, "sidebar-width", gtk_paned_get_position (self->outer_paned));
  g_settings_set_int (s, "inspector-width",
                      gtk_widget_get_width (GTK_WIDGET (self->inner_paned)) - gtk_paned_get_position (self->inner_paned));
}

static gboolean
attest_window_close_request (GtkWindow *window)
{
  AttestWindow *self = ATTEST_WINDOW (window);

  /* What is still being typed is saved; a conflict now is kept in the
   * claim's history by the store, as there is no window left to ask in. */
  self->closing = TRUE;
  flush_comment (self);
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

  update_actions (self);
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
      g_autoptr(GAction) inspector = g_settings_create_action (s, "show-inspector");

      gtk_window_set_default_size (GTK_WINDOW (self), g_settings_get_int (s, "window-width"),
                                   g_settings_get_int (s, "window-height"));
      if (g_settings_get_boolean (s, "window-maximized"))
        gtk_window_maximize (GTK_WINDOW (self));
      gtk_paned_set_position (self->outer_paned, g_settings_get_int (s, "sidebar-width"));
      gtk_paned_set_position (self->inner_paned,
                              g_settings_get_int (s, "window-width") - g_settings_get_int (s, "sidebar-width")
                              - g_settings_get_int (s, "inspector-width"));
      g_action_map_add_action (G_ACTION_MAP (self), inspector);
      g_settings_bind (s, "show-inspector", self->inspector, "visible", G_SETTINGS_BIND_GET);
      g_signal_connect_object (s, "changed::recent-databases", G_CALLBACK (update_recent_menu),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (s, "changed::annotator-name", G_CALLBACK (annotator_changed),
                               self, G_CONNECT_SWAPPED);
    }
  else
    {
      g_autoptr(GPropertyAction) inspector = g_property_action_new ("show-inspector", self->inspector, "visible");
      g_action_map_add_action (G_ACTION_MAP (self), G_ACTION (inspector));
    }
  update_recent_menu (self);
}

static void
attest_window_dispose (GObject *object)
{
  AttestWindow *self = ATTEST_WINDOW (object);

  /* Destroyed without a close request: the comment is saved all the same. */
  self->closing = TRUE;
  if (self->inspector != NULL)
    {
      flush_comment (self);
      g_signal_handlers_disconnect_by_data (self->inspector, self);
    }
  if (self->import_cancellable)
    g_cancellable_cancel (self->import_cancellable);
  g_clear_handle_id (&self->search_source, g_source_remove);
  unwatch_store (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), ATTEST_TYPE_WINDOW);
  g_clear_object (&self->import_cancellable);
  g_clear_object (&self->store);
  g_clear_object (&self->settings);
  g_clear_object (&self->document);
  g_clear_object (&self->documents);
  g_clear_object (&self->document_selection);
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

  g_type_ensure (ATTEST_TYPE_ARTICLE_VIEW);
  g_type_ensure (ATTEST_TYPE_INSPECTOR);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/attest/Attest/attest-window.ui");
  gtk_widget_class_bind_template_child (widget_class, AttestWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, AttestWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, AttestWindow, import_button);
  gtk_widget_class_bind_template_child (widget_class, AttestWindow, layers_button);
  gtk_widget_class_bind_template_child (widget_class, AttestWindow, layers_popover);
  gtk_widget_class_bind_template_child (widget_class, AttestWindow, layers_box);
  gtk_widget_class_bind_template_child (widget_class, AttestWindow, read_only_revealer);
  gtk_widget_class_bind_template_child (widget_class, AttestWindow, read_only_label);
  gtk_widget_class_bind_template_child (widget_class, AttestWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, AttestWindow, outer_paned);
  gtk_widget_class_bind_template_child (widget_class, AttestWindow, inner_paned);
  gtk_widget_class_bind_template_child (widget_class, AttestWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, AttestWindow, import_revealer);
  gtk_widget_class_bind_template_child (widget_class, AttestWindow, import_progress);
  gtk_widget_class_bind_template_child (widget_class, AttestWindow, document_stack);
  gtk_widget_class_bind_template_child (widget_class, AttestWindow, document_list);
  gtk_widget_class_bind_template_child (widget_class, AttestWindow, article_stack);
  gtk_widget_class_bind_template_child (widget_class, AttestWindow, article_view);
  gtk_widget_class_bind_template_child (widget_class, AttestWindow, inspector);
  gtk_widget_class_bind_template_child (widget_class, AttestWindow, recent_section);

  gtk_widget_class_install_action (widget_class, "win.import", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "win.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "win.undo", NULL, undo_or_redo);
  gtk_widget_class_install_action (widget_class, "win.redo", NULL, undo_or_redo);
  gtk_widget_class_install_action (widget_class, "win.delete-claim", NULL, delete_claim);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "win.new-database", NULL, choose_database);
  gtk_widget_class_install_action (widget_class, "win.open-database", NULL, choose_database);
  gtk_widget_class_install_action (widget_class, "win.open-recent", "s", open_recent);
  gtk_widget_class_install_action (widget_class, "win.open-samples", NULL, open_samples);
  gtk_widget_class_install_action (widget_class, "win.merge", NULL, merge_action);
  gtk_widget_class_install_action (widget_class, "win.analysis", NULL, analysis_action);
  gtk_widget_class_install_action (widget_class, "win.document-properties", NULL, properties_action);
  gtk_widget_class_install_action (widget_class, "win.mark-source", NULL, mark_source_action);
  gtk_widget_class_install_action (widget_class, "win.outlets", NULL, outlets_action);
}

static void
attest_window_init (AttestWindow *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  GtkDropTarget *drop;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->undo = attest_undo_stack_new ();
  self->hidden_annotators = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->hidden_statuses = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->claims = g_list_store_new (ATTEST_TYPE_CLAIM);
  self->documents = g_list_store_new (ATTEST_TYPE_DOCUMENT);
  self->document_selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->documents)));
  gtk_single_selection_set_autoselect (self->document_selection, FALSE);
  gtk_single_selection_set_can_unselect (self->document_selection, TRUE);
  g_signal_connect (factory, "setup", G_CALLBACK (setup_document_row), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_document_row), NULL);
  gtk_list_view_set_factory (self->document_list, factory);
  gtk_list_view_set_model (self->document_list, GTK_SELECTION_MODEL (self->document_selection));
  g_signal_connect (self->document_list, "activate", G_CALLBACK (on_document_activated), self);

  g_signal_connect_swapped (self->search_entry, "search-changed", G_CALLBACK (on_search_changed), self);
  g_signal_connect_swapped (self->undo, "notify::can-undo", G_CALLBACK (update_actions), self);
  g_signal_connect_swapped (self->undo, "notify::can-redo", G_CALLBACK (update_actions), self);

  g_signal_connect (self->article_view, "create-claim", G_CALLBACK (on_create_claim), self);
  g_signal_connect_swapped (self->article_view, "claim-activated", G_CALLBACK (on_claim_activated), self);
  g_signal_connect (self->article_view, "citation-activated", G_CALLBACK (on_citation_activated), self);
  g_signal_connect_swapped (self->article_view, "delete-claim", G_CALLBACK (on_delete_requested), self);
  g_signal_connect_swapped (self->inspector, "edit-claim", G_CALLBACK (on_edit_claim), self);
  g_signal_connect_swapped (self->inspector, "edit-comment", G_CALLBACK (on_edit_comment), self);
  g_signal_connect_swapped (self->inspector, "comment-done", G_CALLBACK (end_comment_editing), self);
  g_signal_connect_swapped (self->inspector, "link-source", G_CALLBACK (link_source), self);
  g_signal_connect_swapped (self->inspector, "unlink-source", G_CALLBACK (on_unlink_source), self);
  g_signal_connect_swapped (self->inspector, "remove-source", G_CALLBACK (on_remove_source), self);
  g_signal_connect_swapped (self->inspector, "add-source", G_CALLBACK (on_add_source), self);
  g_signal_connect_swapped (self->inspector, "claim-activated", G_CALLBACK (on_claim_activated), self);

  g_signal_connect_swapped (self->layers_popover, "show", G_CALLBACK (fill_layers), self);

  drop = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect (drop, "drop", G_CALLBACK (on_drop), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));
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
