/* attest-document-list.c — see attest-document-list.h.
 *
 * The list reads documents from the store (without their text) and says
 * what the user picked with ::document-activated; opening the article is
 * the window's business. The selection is the open article's and only
 * that: the rows are not selectable by the user (a hover or an arrow key
 * would select another one with GtkListView's single-click activation),
 * the window says which article is open. */
#include "config.h"

#include "attest-document-list.h"

#include <glib/gi18n.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "attest-error.h"

struct _AttestDocumentList
{
  GtkBox              parent_instance;

  /* template children */
  GtkSearchEntry     *search_entry;
  GtkRevealer        *import_revealer;
  GtkProgressBar     *import_progress;
  GtkStack           *document_stack;
  GtkListView        *list_view;
  GtkSingleSelection *selection;
  GListStore         *documents;     /* AttestDocument, without text */

  AttestStore        *store;
  char               *open_uuid;     /* the article open in the window */
  GHashTable         *snippets;      /* uuid → snippet with marks, while searching */
  char               *query;         /* the search the list shows, or NULL */
  guint               search_source;
  gboolean            empty;
};

G_DEFINE_FINAL_TYPE (AttestDocumentList, attest_document_list, GTK_TYPE_BOX)

enum {
  PROP_0,
  PROP_EMPTY,
  N_PROPS
};

enum {
  DOCUMENT_ACTIVATED,
  LOAD_FAILED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

char *
attest_document_list_dup_title (AttestDocument *doc)
{
  return attest_document_dup_label (doc);
}

/* ------------------------------------------------------------------- rows */

/* Pango markup of a snippet from the store: each piece escaped, the
 * matches (between U+0002 and U+0003) in bold. */
static char *
snippet_markup (const char *marked)
{
  GString *out = g_string_new (NULL);
  const char *p = marked;

  while (*p)
    {
      const char *stop = strpbrk (p, "\002\003");
      gsize len = stop ? (gsize) (stop - p) : strlen (p);
      g_autofree char *escaped = g_markup_escape_text (p, len);

      g_string_append (out, escaped);
      if (stop == NULL)
        break;
      g_string_append (out, *stop == '\002' ? "<b>" : "</b>");
      p = stop + 1;
    }
  /* A snippet cut inside a match still closes it. */
  if (g_strrstr (out->str, "<b>") > g_strrstr (out->str, "</b>"))
    g_string_append (out, "</b>");
  return g_string_free (out, FALSE);
}

/* The article's date as the user's locale writes dates; an incomplete or
 * odd date as it is stored. */
static char *
format_date (const char *date)
{
  int y, m, d;
  g_autoptr(GDateTime) when = NULL;

  if (date == NULL)
    return NULL;
  if (sscanf (date, "%4d-%2d-%2d", &y, &m, &d) != 3 || !g_date_valid_dmy (d, m, y) ||
      !(when = g_date_time_new_local (y, m, d, 12, 0, 0)))
    return g_strdup (date);
  return g_date_time_format (when, "%x");
}

static void
setup_row (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *labels = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *title = gtk_label_new (NULL);
  GtkWidget *snippet = gtk_label_new (NULL);
  GtkWidget *detail = gtk_label_new (NULL);
  GtkWidget *count = gtk_label_new (NULL);

  gtk_widget_set_hexpand (labels, TRUE);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_wrap (GTK_LABEL (title), TRUE);
  gtk_label_set_lines (GTK_LABEL (title), 2);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (snippet), 0);
  gtk_label_set_wrap (GTK_LABEL (snippet), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (snippet), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_lines (GTK_LABEL (snippet), 3);
  gtk_label_set_ellipsize (GTK_LABEL (snippet), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (snippet, "caption");
  gtk_widget_add_css_class (snippet, "search-snippet");
  gtk_label_set_xalign (GTK_LABEL (detail), 0);
  gtk_label_set_ellipsize (GTK_LABEL (detail), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (detail, "dim-label");
  gtk_widget_add_css_class (detail, "caption");
  gtk_widget_add_css_class (count, "claim-count");
  gtk_widget_set_valign (count, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (labels), title);
  gtk_box_append (GTK_BOX (labels), snippet);
  gtk_box_append (GTK_BOX (labels), detail);
  gtk_box_append (GTK_BOX (box), labels);
  gtk_box_append (GTK_BOX (box), count);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_list_item_set_child (item, box);
}

static void
bind_row (GtkSignalListItemFactory *factory,
          GtkListItem              *item,
          AttestDocumentList       *self)
{
  AttestDocument *doc = gtk_list_item_get_item (item);
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *labels = gtk_widget_get_first_child (box);
  GtkWidget *title = gtk_widget_get_first_child (labels);
  GtkWidget *snippet = gtk_widget_get_next_sibling (title);
  GtkWidget *detail = gtk_widget_get_next_sibling (snippet);
  GtkWidget *count = gtk_widget_get_next_sibling (labels);
  g_autofree char *name = attest_document_list_dup_title (doc);
  g_autofree char *where = NULL;
  g_autofree char *date = format_date (doc->date);
  g_autofree char *details = NULL;
  g_autofree char *claims = g_strdup_printf ("%" G_GINT64_FORMAT, doc->claim_count);
  g_autofree char *a11y = NULL;
  g_autofree char *description = NULL;
  const char *marked = self->snippets ? g_hash_table_lookup (self->snippets, doc->uuid) : NULL;

  /* Selected only as the open article (see the top of the file); GTK
   * makes a rebound item selectable again. */
  gtk_list_item_set_selectable (item, FALSE);

  if (doc->publication && doc->volume && doc->issue)
    where = g_strdup_printf (_("%s · vol. %s, issue %s"), doc->publication, doc->volume, doc->issue);
  else
    where = g_strdup (doc->publication ? doc->publication : doc->origin ? doc->origin : "");
  if (date && *where)
    /* Translators: an article's date, then its outlet, in the sidebar. The
     * date first: a narrow sidebar cuts the end of the line. */
    details = g_strdup_printf (_("%s · %s"), date, where);
  else
    details = g_strdup (date ? date : where);

  gtk_label_set_text (GTK_LABEL (title), name);
  if (marked)
    {
      g_autofree char *markup = snippet_markup (marked);
      gtk_label_set_markup (GTK_LABEL (snippet), markup);
    }
  else
    gtk_label_set_text (GTK_LABEL (snippet), "");
  gtk_widget_set_visible (snippet, marked != NULL);
  gtk_label_set_text (GTK_LABEL (detail), details);
  gtk_widget_set_visible (detail, *details != '\0');
  gtk_label_set_text (GTK_LABEL (count), claims);
  a11y = g_strdup_printf (ngettext ("%s, %" PRId64 " claim", "%s, %" PRId64 " claims",
                                    doc->claim_count), name, doc->claim_count);
  gtk_accessible_update_property (GTK_ACCESSIBLE (box), GTK_ACCESSIBLE_PROPERTY_LABEL, a11y, -1);
  /* What the row shows besides: where it matched, the date and outlet. */
  description = marked ? g_strdup_printf ("%s %s", gtk_label_get_text (GTK_LABEL (snippet)), details)
                       : g_strdup (details);
  gtk_accessible_update_property (GTK_ACCESSIBLE (box), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description, -1);
}

static void
on_row_activated (GtkListView        *list,
                  guint               position,
                  AttestDocumentList *self)
{
  g_autoptr(AttestDocument) doc = g_list_model_get_item (G_LIST_MODEL (self->documents), position);

  if (doc)
    g_signal_emit (self, signals[DOCUMENT_ACTIVATED], 0, doc);
}

/* ----------------------------------------------------------------- loading */

static gboolean
is_searching (AttestDocumentList *self)
{
  g_autofree char *query = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->search_entry))));

  return *query != '\0';
}

static void
set_empty (AttestDocumentList *self,
           gboolean            empty)
{
  if (self->empty == empty)
    return;
  self->empty = empty;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EMPTY]);
}

static void
select_open (AttestDocumentList *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->documents));
  guint selected = GTK_INVALID_LIST_POSITION;

  for (guint i = 0; self->open_uuid && i < n; i++)
    {
      g_autoptr(AttestDocument) listed = g_list_model_get_item (G_LIST_MODEL (self->documents), i);
      if (g_str_equal (listed->uuid, self->open_uuid))
        selected = i;
    }
  gtk_single_selection_set_selected (self->selection, selected);
}

void
attest_document_list_reload (AttestDocumentList *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) found = NULL;
  const char *query = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  gboolean searching;

  g_return_if_fail (ATTEST_IS_DOCUMENT_LIST (self));

  if (self->store == NULL)
    {
      g_list_store_remove_all (self->documents);
      set_empty (self, TRUE);
      return;
    }

  searching = is_searching (self);
  g_clear_pointer (&self->snippets, g_hash_table_unref);
  g_clear_pointer (&self->query, g_free);
  if (searching)
    {
      g_autoptr(GPtrArray) hits = attest_store_search (self->store, query, 200, &error);

      if (hits)
        {
          found = g_ptr_array_new_with_free_func (g_object_unref);
          self->snippets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
          self->query = g_strdup (query);
          for (guint i = 0; i < hits->len; i++)
            {
              AttestSearchHit *hit = g_ptr_array_index (hits, i);

              g_ptr_array_add (found, g_object_ref (hit->document));
              if (hit->snippet_marked)
                g_hash_table_insert (self->snippets, g_strdup (hit->document->uuid),
                                     g_strdup (hit->snippet_marked));
            }
        }
      /* Words of punctuation only: nothing to look for, no results. */
      else if (g_error_matches (error, ATTEST_ERROR, ATTEST_ERROR_INVALID))
        {
          g_clear_error (&error);
          found = g_ptr_array_new_with_free_func (g_object_unref);
        }
    }
  else
    found = attest_store_list_documents (self->store, &error);

  if (found == NULL)
    {
      g_signal_emit (self, signals[LOAD_FAILED], 0, error);
      return;
    }

  g_list_store_splice (self->documents, 0, g_list_model_get_n_items (G_LIST_MODEL (self->documents)),
                       found->pdata, found->len);
  select_open (self);

  gtk_stack_set_visible_child_name (self->document_stack, found->len || !searching ? "list" : "no-results");
  if (!searching)
    set_empty (self, found->len == 0);
}

/* While searching, the hits stay where they are (they would move under the
 * pointer) and each row whose article changed is replaced in place. */
static void
refresh_hits (AttestDocumentList *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) all = attest_store_list_documents (self->store, &error);
  g_autoptr(GHashTable) by_uuid = NULL;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->documents));

  if (all == NULL)
    {
      g_signal_emit (self, signals[LOAD_FAILED], 0, error);
      return;
    }
  by_uuid = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < all->len; i++)
    {
      AttestDocument *doc = g_ptr_array_index (all, i);
      g_hash_table_insert (by_uuid, doc->uuid, doc);
    }

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(AttestDocument) listed = g_list_model_get_item (G_LIST_MODEL (self->documents), i);
      AttestDocument *now = g_hash_table_lookup (by_uuid, listed->uuid);

      /* An article deleted meanwhile stays listed until the next search. */
      if (now == NULL)
        continue;
      if (now->claim_count != listed->claim_count || g_strcmp0 (now->title, listed->title) != 0 ||
          g_strcmp0 (now->date, listed->date) != 0 || g_strcmp0 (now->publication, listed->publication) != 0)
        g_list_store_splice (self->documents, i, 1, (gpointer *) &now, 1);
    }
  select_open (self);
}

void
attest_document_list_refresh_counts (AttestDocumentList *self)
{
  g_return_if_fail (ATTEST_IS_DOCUMENT_LIST (self));

  if (self->store == NULL)
    return;
  if (is_searching (self) && self->query != NULL)
    refresh_hits (self);
  else
    attest_document_list_reload (self);
}

gboolean
attest_document_list_find_match (AttestDocumentList *self,
                                 const char         *uuid,
                                 gint64             *start,
                                 gint64             *end)
{
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (ATTEST_IS_DOCUMENT_LIST (self), FALSE);
  g_return_val_if_fail (uuid != NULL, FALSE);

  if (self->store == NULL || self->query == NULL || !is_searching (self))
    return FALSE;
  if (attest_store_find_match (self->store, uuid, self->query, start, end, &error))
    return TRUE;
  if (error != NULL)
    g_signal_emit (self, signals[LOAD_FAILED], 0, error);
  return FALSE;
}


static gboolean
search_timeout (gpointer user_data)
{
  AttestDocumentList *self = user_data;

  self->search_source = 0;
  attest_document_list_reload (self);
  return G_SOURCE_REMOVE;
}

static void
on_search_changed (AttestDocumentList *self)
{
  /* GtkSearchEntry already waits for a pause in typing; FTS5 answers in
   * milliseconds, so the list follows the typing directly. */
  g_clear_handle_id (&self->search_source, g_source_remove);
  self->search_source = g_idle_add (search_timeout, self);
}

void
attest_document_list_set_store (AttestDocumentList *self,
                                AttestStore        *store)
{
  g_return_if_fail (ATTEST_IS_DOCUMENT_LIST (self));

  g_set_object (&self->store, store);
  g_clear_pointer (&self->open_uuid, g_free);
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  attest_document_list_reload (self);
}

void
attest_document_list_set_open (AttestDocumentList *self,
                               const char         *uuid)
{
  g_return_if_fail (ATTEST_IS_DOCUMENT_LIST (self));

  g_free (self->open_uuid);
  self->open_uuid = g_strdup (uuid);
  select_open (self);
}

GListModel *
attest_document_list_get_model (AttestDocumentList *self)
{
  g_return_val_if_fail (ATTEST_IS_DOCUMENT_LIST (self), NULL);
  return G_LIST_MODEL (self->documents);
}

gboolean
attest_document_list_get_empty (AttestDocumentList *self)
{
  g_return_val_if_fail (ATTEST_IS_DOCUMENT_LIST (self), TRUE);
  return self->empty;
}

void
attest_document_list_focus_search (AttestDocumentList *self)
{
  g_return_if_fail (ATTEST_IS_DOCUMENT_LIST (self));
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

void
attest_document_list_show_progress (AttestDocumentList *self,
                                    double              fraction,
                                    const char         *text)
{
  g_return_if_fail (ATTEST_IS_DOCUMENT_LIST (self));

  if (text != NULL)
    {
      gtk_progress_bar_set_fraction (self->import_progress, fraction);
      gtk_progress_bar_set_text (self->import_progress, text);
    }
  gtk_revealer_set_reveal_child (self->import_revealer, text != NULL);
}

/* -------------------------------------------------------------- lifecycle */

static void
attest_document_list_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  AttestDocumentList *self = ATTEST_DOCUMENT_LIST (object);

  switch (prop_id)
    {
    case PROP_EMPTY:
      g_value_set_boolean (value, self->empty);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
attest_document_list_dispose (GObject *object)
{
  AttestDocumentList *self = ATTEST_DOCUMENT_LIST (object);

  g_clear_handle_id (&self->search_source, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), ATTEST_TYPE_DOCUMENT_LIST);
  g_clear_object (&self->store);
  g_clear_pointer (&self->open_uuid, g_free);
  g_clear_pointer (&self->snippets, g_hash_table_unref);
  g_clear_pointer (&self->query, g_free);

  G_OBJECT_CLASS (attest_document_list_parent_class)->dispose (object);
}

static void
attest_document_list_class_init (AttestDocumentListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = attest_document_list_get_property;
  object_class->dispose = attest_document_list_dispose;

  /**
   * AttestDocumentList:empty:
   *
   * Whether the database has no articles at all.
   */
  properties[PROP_EMPTY] =
    g_param_spec_boolean ("empty", NULL, NULL, TRUE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * AttestDocumentList::document-activated:
   * @document: the article picked (without its text)
   */
  signals[DOCUMENT_ACTIVATED] =
    g_signal_new ("document-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, ATTEST_TYPE_DOCUMENT);
  /**
   * AttestDocumentList::load-failed:
   * @error: why the list could not be read
   */
  signals[LOAD_FAILED] =
    g_signal_new ("load-failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR | G_SIGNAL_TYPE_STATIC_SCOPE);

  g_type_ensure (ATTEST_TYPE_DOCUMENT);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/attest/Attest/attest-document-list.ui");
  gtk_widget_class_bind_template_child_internal (widget_class, AttestDocumentList, search_entry);
  gtk_widget_class_bind_template_child_internal (widget_class, AttestDocumentList, list_view);
  gtk_widget_class_bind_template_child (widget_class, AttestDocumentList, import_revealer);
  gtk_widget_class_bind_template_child (widget_class, AttestDocumentList, import_progress);
  gtk_widget_class_bind_template_child (widget_class, AttestDocumentList, document_stack);
  gtk_widget_class_bind_template_child (widget_class, AttestDocumentList, selection);
  gtk_widget_class_bind_template_child (widget_class, AttestDocumentList, documents);
  gtk_widget_class_bind_template_callback (widget_class, setup_row);
  gtk_widget_class_bind_template_callback (widget_class, bind_row);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
}

static void
attest_document_list_init (AttestDocumentList *self)
{
  self->empty = TRUE;
  gtk_widget_init_template (GTK_WIDGET (self));
}
