/* attest-inspector.c — see attest-inspector.h.
 *
 * Signals (the window connects them and talks to the store):
 *   edit-claim (AttestClaim *edited)      a copy with the new category, status
 *                                         or certainty
 *   edit-comment (AttestClaim *edited)    a copy with the comment as typed so
 *                                         far: after a pause in the typing, when
 *                                         the focus leaves the field, on Enter,
 *                                         and before another claim is shown
 *   comment-done                          the editing of the comment is over
 *                                         (focus left the field, Enter): the
 *                                         window makes it one undo step
 *   link-source (const char *uuid)        link the shown claim to a source
 *   unlink-source (const char *uuid)
 *   remove-source (const char *uuid)      the article's attribution is not a
 *                                         source: remove its citations
 *   add-source (AttestSource *source)     create an outside source, then link it
 *   claim-activated (const char *uuid)    a claim chosen in the Claims list
 *   source-activated (const char *uuid)   a source row clicked: show where the
 *                                         article cites it
 */
#include "config.h"

#include "attest-inspector.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <inttypes.h>

#include "attest-category.h"
#include "attest-claim-list.h"
#include "attest-history-entry.h"

/* A comment is saved after this pause in the typing. */
#define COMMENT_PAUSE_MS 700

struct _AttestInspector
{
  GtkWidget       parent_instance;

  /* template children */
  GtkWidget      *box;
  AdwViewStack   *view_stack;
  GtkStack       *claim_stack;
  GtkLabel       *quote_label;
  AdwComboRow    *category_row;
  AdwComboRow    *status_row;
  AdwComboRow    *certainty_row;
  AdwEntryRow    *comment_row;
  GtkButton      *suggest_button;
  GtkLabel       *suggest_label;
  GtkListBox     *linked_list;
  GtkLabel       *meta_label;
  GtkListBox     *history_list;
  GtkListView    *claims_list;
  GtkListBox     *sources_list;
  GtkPopover     *add_source_popover;
  GtkEntry       *outlet_entry;
  GtkEntry       *place_entry;
  GtkEntry       *date_entry;
  GtkEntry       *url_entry;

  GPtrArray      *categories;   /* AttestCategory* */
  GHashTable     *category_by_key;
  GPtrArray      *sources;      /* AttestSource* */
  GListModel     *claims;
  AttestClaim    *claim;
  AttestCitation *suggestion;
  gboolean        editable;
  guint           updating;     /* > 0 while we fill the rows ourselves */

  /* Typed in the comment field and not emitted yet: the claim as it was
   * when the typing began. The save is based on that version, so a change
   * someone else made meanwhile is a conflict, never overwritten. */
  AttestClaim    *comment_base;
  guint           comment_source;
};

enum {
  EDIT_CLAIM,
  EDIT_COMMENT,
  COMMENT_DONE,
  LINK_SOURCE,
  UNLINK_SOURCE,
  REMOVE_SOURCE,
  ADD_SOURCE,
  CLAIM_ACTIVATED,
  SOURCE_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char * const statuses[] = { "draft", "accepted", "rejected" };
/* No certainty and "unknown" (which older versions offered too) are one
 * choice, "Unknown": new choices store no certainty, as a new claim has. */
static const char * const certainties[] = { NULL, "low", "medium", "high" };

G_DEFINE_FINAL_TYPE (AttestInspector, attest_inspector, GTK_TYPE_WIDGET)

static AttestSource *
find_source (AttestInspector *self,
             const char      *uuid)
{
  for (guint i = 0; self->sources && i < self->sources->len; i++)
    {
      AttestSource *s = g_ptr_array_index (self->sources, i);

      if (g_strcmp0 (s->uuid, uuid) == 0)
        return s;
    }
  return NULL;
}

static const char *
category_label (AttestInspector *self,
                const char      *key)
{
  AttestCategory *cat = self->category_by_key ? g_hash_table_lookup (self->category_by_key, key) : NULL;

  /* Default labels are translated; renamed ones are the team's own words. */
  return cat ? g_dgettext (GETTEXT_PACKAGE, cat->label) : key;
}

/* A dot in the category's colour, drawn rather than styled: colours are
 * data the team chooses, not part of the theme. */
static void
draw_swatch (GtkDrawingArea *area,
             cairo_t        *cr,
             int             width,
             int             height,
             gpointer        user_data)
{
  const char *color = g_object_get_data (G_OBJECT (area), "color");
  GdkRGBA rgba;

  if (color == NULL || !gdk_rgba_parse (&rgba, color))
    return;
  gdk_cairo_set_source_rgba (cr, &rgba);
  cairo_arc (cr, width / 2.0, height / 2.0, MIN (width, height) / 2.0, 0, 2 * G_PI);
  cairo_fill (cr);
}

static GtkWidget *
swatch_new (const char *color)
{
  GtkWidget *area = gtk_drawing_area_new ();

  gtk_drawing_area_set_content_width (GTK_DRAWING_AREA (area), 12);
  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (area), 12);
  gtk_widget_set_valign (area, GTK_ALIGN_CENTER);
  g_object_set_data_full (G_OBJECT (area), "color", g_strdup (color), g_free);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (area), draw_swatch, NULL, NULL);
  return area;
}

/* ------------------------------------------------------------ the claim */

static void
emit_edit (AttestInspector *self,
           const char      *field,
           const char      *value)
{
  g_autoptr(AttestClaim) edited = NULL;
  char **slot;

  if (self->updating || self->claim == NULL)
    return;

  /* A comment still being typed goes first, so this edit starts from the
   * version that saved it. */
  attest_inspector_commit_comment (self);
  if (self->claim == NULL)
    return;

  edited = attest_claim_copy (self->claim);
  if (g_str_equal (field, "category"))
    slot = &edited->category;
  else if (g_str_equal (field, "status"))
    slot = &edited->status;
  else
    slot = &edited->certainty;

  if (g_strcmp0 (*slot, value) == 0)
    return;
  g_free (*slot);
  *slot = g_strdup (value);
  g_signal_emit (self, signals[EDIT_CLAIM], 0, edited);
}

static void
on_category_selected (AttestInspector *self)
{
  guint i = adw_combo_row_get_selected (self->category_row);

  if (self->categories && i < self->categories->len)
    emit_edit (self, "category", ((AttestCategory *) g_ptr_array_index (self->categories, i))->key);
}

static void
on_status_selected (AttestInspector *self)
{
  guint i = adw_combo_row_get_selected (self->status_row);

  if (i < G_N_ELEMENTS (statuses))
    emit_edit (self, "status", statuses[i]);
}

static void
on_certainty_selected (AttestInspector *self)
{
  guint i = adw_combo_row_get_selected (self->certainty_row);

  if (i < G_N_ELEMENTS (certainties))
    emit_edit (self, "certainty", certainties[i]);
}

void
attest_inspector_commit_comment (AttestInspector *self)
{
  g_autoptr(AttestClaim) base = NULL;
  g_autoptr(AttestClaim) edited = NULL;
  const char *text;

  g_return_if_fail (ATTEST_IS_INSPECTOR (self));

  g_clear_handle_id (&self->comment_source, g_source_remove);
  if (self->comment_base == NULL)
    return;

  /* Taken before emitting: the window answers with set_claim(). */
  base = g_steal_pointer (&self->comment_base);
  text = gtk_editable_get_text (GTK_EDITABLE (self->comment_row));
  if (g_strcmp0 (base->comment ? base->comment : "", text) == 0)
    return;

  edited = attest_claim_copy (base);
  g_free (edited->comment);
  edited->comment = *text ? g_strdup (text) : NULL;
  g_signal_emit (self, signals[EDIT_COMMENT], 0, edited);
}

static gboolean
comment_pause (gpointer user_data)
{
  AttestInspector *self = user_data;

  self->comment_source = 0;
  attest_inspector_commit_comment (self);
  return G_SOURCE_REMOVE;
}

/* Saved as typed: after a pause, so that a sentence is one save, not one
 * per key. */
static void
on_comment_changed (AttestInspector *self)
{
  if (self->updating || self->claim == NULL || !self->editable)
    return;
  if (self->comment_base == NULL)
    self->comment_base = g_object_ref (self->claim);
  g_clear_handle_id (&self->comment_source, g_source_remove);
  self->comment_source = g_timeout_add (COMMENT_PAUSE_MS, comment_pause, self);
}

/* Enter, or the focus left the field: saved now, and the editing is over. */
static void
on_comment_finished (AttestInspector *self)
{
  attest_inspector_commit_comment (self);
  g_signal_emit (self, signals[COMMENT_DONE], 0);
}

static void
on_unlink_clicked (GtkButton       *button,
                   AttestInspector *self)
{
  const char *uuid = g_object_get_data (G_OBJECT (button), "source-uuid");

  g_signal_emit (self, signals[UNLINK_SOURCE], 0, uuid);
}

static void
on_remove_clicked (GtkButton       *button,
                   AttestInspector *self)
{
  const char *uuid = g_object_get_data (G_OBJECT (button), "source-uuid");

  g_signal_emit (self, signals[REMOVE_SOURCE], 0, uuid);
}

static void
on_source_row_activated (AdwActionRow    *row,
                         AttestInspector *self)
{
  g_signal_emit (self, signals[SOURCE_ACTIVATED], 0, g_object_get_data (G_OBJECT (row), "source-uuid"));
}

static GtkWidget *
source_row_new (AttestInspector *self,
                AttestSource    *source,
                gboolean         removable)
{
  g_autofree char *label = attest_source_dup_label (source);
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *escaped = g_markup_escape_text (label, -1);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), escaped);
  /* A click shows where the article cites it. */
  if (source->document_uuid != NULL)
    {
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      gtk_widget_set_tooltip_text (row, _("Show in the article"));
      g_object_set_data_full (G_OBJECT (row), "source-uuid", g_strdup (source->uuid), g_free);
      g_signal_connect (row, "activated", G_CALLBACK (on_source_row_activated), self);
    }
  /* The label already says outlet, place and date as written; the
   * subtitle, the outlet as the list knows it ("TASS" for "Itar-Tass"). */
  if (source->url)
    {
      g_autofree char *url = g_markup_escape_text (source->url, -1);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), url);
    }
  else if (source->canonical && g_strcmp0 (source->canonical, source->outlet) != 0)
    {
      g_autofree char *known = g_markup_escape_text (source->canonical, -1);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), known);
    }

  if (removable)
    {
      GtkWidget *button = gtk_button_new_from_icon_name ("list-remove-symbolic");
      g_autofree char *a11y = g_strdup_printf (_("Unlink %s"), label);

      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (button, "flat");
      gtk_widget_set_tooltip_text (button, _("Unlink this source"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, a11y, -1);
      gtk_widget_set_sensitive (button, self->editable);
      g_object_set_data_full (G_OBJECT (button), "source-uuid", g_strdup (source->uuid), g_free);
      g_signal_connect (button, "clicked", G_CALLBACK (on_unlink_clicked), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
    }
  return row;
}

static void
list_box_clear (GtkListBox *box)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (box))))
    gtk_list_box_remove (box, child);
}

static guint
index_of (const char * const *values,
          guint               n,
          const char         *value)
{
  for (guint i = 0; i < n; i++)
    if (g_strcmp0 (values[i], value) == 0)
      return i;
  return 0;
}

/* "2026-11-22T22:38:38Z" as the reader's clock shows it. */
static char *
format_time (const char *iso)
{
  g_autoptr(GDateTime) utc = iso ? g_date_time_new_from_iso8601 (iso, NULL) : NULL;
  g_autoptr(GDateTime) local = utc ? g_date_time_to_local (utc) : NULL;

  /* Translators: a date and time, see g_date_time_format() */
  g_autofree char *text = local ? g_date_time_format (local, _("%e %B %Y, %H:%M")) : g_strdup (iso ? iso : "");

  const char *start = text ? text : "";

  /* %e pads a single-digit day with a figure space (or a space). */
  while (g_str_has_prefix (start, "\u2007") || *start == ' ')
    start = g_utf8_next_char (start);
  return g_strdup (start);
}

static void
update_claim_page (AttestInspector *self)
{
  AttestClaim *c = self->claim;
  g_autofree char *quote = NULL;
  g_autofree char *meta = NULL;
  gboolean suggestion_linked = FALSE;

  if (c == NULL)
    {
      gtk_stack_set_visible_child_name (self->claim_stack, "none");
      return;
    }

  self->updating++;
  gtk_stack_set_visible_child_name (self->claim_stack, "claim");

  /* Translators: the claim's passage, in your language's quotation marks */
  quote = g_strdup_printf (_("“%s”"), c->quote);
  /* A long passage is cut to four lines (the controls stay in reach; Pango
   * counts lines per paragraph, so its paragraphs run on here); the whole
   * of it is in the tooltip. */
  {
    g_auto(GStrv) paragraphs = g_strsplit_set (quote, "\n", -1);
    g_autoptr(GString) one = g_string_new (NULL);

    for (guint i = 0; paragraphs[i]; i++)
      if (*g_strstrip (paragraphs[i]))
        g_string_append_printf (one, "%s%s", one->len ? " " : "", paragraphs[i]);
    gtk_label_set_text (self->quote_label, one->str);
  }
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->quote_label), g_utf8_strlen (c->quote, -1) > 160 ? quote : NULL);

  for (guint i = 0; self->categories && i < self->categories->len; i++)
    if (g_str_equal (((AttestCategory *) g_ptr_array_index (self->categories, i))->key, c->category))
      adw_combo_row_set_selected (self->category_row, i);
  adw_combo_row_set_selected (self->status_row, index_of (statuses, G_N_ELEMENTS (statuses), c->status));
  adw_combo_row_set_selected (self->certainty_row,
                              index_of (certainties, G_N_ELEMENTS (certainties), c->certainty));
  /* Text being typed stays as typed: a refresh (a teammate's change, our
   * own save) must not take it from under the cursor. */
  if (self->comment_base == NULL &&
      g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->comment_row)), c->comment ? c->comment : "") != 0)
    gtk_editable_set_text (GTK_EDITABLE (self->comment_row), c->comment ? c->comment : "");

  list_box_clear (self->linked_list);
  for (guint i = 0; i < c->source_uuids->len; i++)
    {
      const char *uuid = g_ptr_array_index (c->source_uuids, i);
      AttestSource *source = find_source (self, uuid);

      if (self->suggestion && g_strcmp0 (self->suggestion->source->uuid, uuid) == 0)
        suggestion_linked = TRUE;
      if (source)
        gtk_list_box_append (self->linked_list, source_row_new (self, source, TRUE));
    }
  gtk_widget_set_visible (GTK_WIDGET (self->linked_list), c->source_uuids->len > 0);

  /* The paragraph's own attribution, offered first. */
  if (self->suggestion && !suggestion_linked)
    {
      g_autofree char *label = attest_source_dup_label (self->suggestion->source);
      g_autofree char *text = g_strdup_printf (_("Link “%s”, the attribution of this paragraph"), label);

      gtk_label_set_text (self->suggest_label, text);
      gtk_widget_set_visible (GTK_WIDGET (self->suggest_button), TRUE);
    }
  else
    gtk_widget_set_visible (GTK_WIDGET (self->suggest_button), FALSE);

  {
    g_autofree char *created = format_time (c->created);
    g_autofree char *modified = format_time (c->modified);

    if (c->version > 1)
      meta = g_strdup_printf (_("By %s · created %s · changed %s"), c->annotator, created, modified);
    else
      meta = g_strdup_printf (_("By %s · created %s"), c->annotator, created);
  }
  gtk_label_set_text (self->meta_label, meta);

  self->updating--;
}

/* ---------------------------------------------------------- claims list */

static void
setup_claim_row (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 AttestInspector          *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *labels = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *quote = gtk_label_new (NULL);
  GtkWidget *detail = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (quote), 0);
  gtk_label_set_ellipsize (GTK_LABEL (quote), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (detail), 0);
  gtk_label_set_ellipsize (GTK_LABEL (detail), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (detail, "dim-label");
  gtk_widget_add_css_class (detail, "caption");
  gtk_box_append (GTK_BOX (labels), quote);
  gtk_box_append (GTK_BOX (labels), detail);
  gtk_box_append (GTK_BOX (box), swatch_new (NULL));
  gtk_box_append (GTK_BOX (box), labels);
  gtk_widget_set_margin_top (box, 4);
  gtk_widget_set_margin_bottom (box, 4);
  gtk_list_item_set_child (item, box);
}

static void
bind_claim_row (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                AttestInspector          *self)
{
  AttestClaim *claim = gtk_list_item_get_item (item);
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *swatch = gtk_widget_get_first_child (box);
  GtkWidget *labels = gtk_widget_get_next_sibling (swatch);
  GtkWidget *quote = gtk_widget_get_first_child (labels);
  GtkWidget *detail = gtk_widget_get_next_sibling (quote);
  AttestCategory *cat = g_hash_table_lookup (self->category_by_key, claim->category);
  /* Translators: category · annotator · status, under a claim's quote */
  g_autofree char *text = g_strdup_printf (_("%s · %s · %s"), category_label (self, claim->category),
                                           claim->annotator, attest_history_status_label (claim->status));

  g_object_set_data_full (G_OBJECT (swatch), "color", g_strdup (cat ? cat->color : NULL), g_free);
  gtk_widget_queue_draw (swatch);
  gtk_label_set_text (GTK_LABEL (quote), claim->quote);
  gtk_label_set_text (GTK_LABEL (detail), text);
}

static void
on_claims_list_activate (GtkListView     *list,
                         guint            position,
                         AttestInspector *self)
{
  g_autoptr(AttestClaim) claim = g_list_model_get_item (self->claims, position);

  if (claim)
    g_signal_emit (self, signals[CLAIM_ACTIVATED], 0, claim->uuid);
}

/* --------------------------------------------------------------- actions */

static void
link_suggested (GtkWidget  *widget,
                const char *action,
                GVariant   *param)
{
  AttestInspector *self = ATTEST_INSPECTOR (widget);

  if (self->suggestion && self->claim)
    g_signal_emit (self, signals[LINK_SOURCE], 0, self->suggestion->source->uuid);
}

static char *
entry_text (GtkEntry *entry)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));
  g_autofree char *copy = g_strstrip (g_strdup (text));

  return *copy ? g_steal_pointer (&copy) : NULL;
}

static void
add_source (GtkWidget  *widget,
            const char *action,
            GVariant   *param)
{
  AttestInspector *self = ATTEST_INSPECTOR (widget);
  g_autoptr(AttestSource) source = attest_source_new ();

  source->outlet = entry_text (self->outlet_entry);
  source->place = entry_text (self->place_entry);
  source->date_text = entry_text (self->date_entry);
  source->url = entry_text (self->url_entry);
  if (source->outlet == NULL && source->url == NULL)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->outlet_entry), "error");
      gtk_widget_grab_focus (GTK_WIDGET (self->outlet_entry));
      return;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (self->outlet_entry), "error");
  gtk_popover_popdown (self->add_source_popover);
  g_signal_emit (self, signals[ADD_SOURCE], 0, source);

  gtk_editable_set_text (GTK_EDITABLE (self->outlet_entry), "");
  gtk_editable_set_text (GTK_EDITABLE (self->place_entry), "");
  gtk_editable_set_text (GTK_EDITABLE (self->date_entry), "");
  gtk_editable_set_text (GTK_EDITABLE (self->url_entry), "");
}

/* ------------------------------------------------------------ public API */

void
attest_inspector_set_categories (AttestInspector *self,
                                 GPtrArray       *categories)
{
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);

  g_return_if_fail (ATTEST_IS_INSPECTOR (self));

  g_clear_pointer (&self->categories, g_ptr_array_unref);
  g_hash_table_remove_all (self->category_by_key);
  self->categories = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; categories && i < categories->len; i++)
    {
      AttestCategory *cat = g_ptr_array_index (categories, i);

      g_ptr_array_add (self->categories, g_object_ref (cat));
      g_hash_table_insert (self->category_by_key, cat->key, cat);
      gtk_string_list_append (labels, category_label (self, cat->key));
    }

  self->updating++;
  adw_combo_row_set_model (self->category_row, G_LIST_MODEL (labels));
  self->updating--;
  update_claim_page (self);
}

void
attest_inspector_set_article (AttestInspector *self,
                              GListModel      *claims,
                              GPtrArray       *sources)
{
  g_autoptr(GtkNoSelection) selection = NULL;

  g_return_if_fail (ATTEST_IS_INSPECTOR (self));

  g_set_object (&self->claims, claims);
  selection = gtk_no_selection_new (claims ? g_object_ref (claims) : NULL);
  gtk_list_view_set_model (self->claims_list, GTK_SELECTION_MODEL (selection));

  g_clear_pointer (&self->sources, g_ptr_array_unref);
  self->sources = sources ? g_ptr_array_ref (sources) : NULL;
  list_box_clear (self->sources_list);
  for (guint i = 0; sources && i < sources->len; i++)
    {
      AttestSource *s = g_ptr_array_index (sources, i);
      GtkWidget *row = source_row_new (self, s, FALSE);
      g_autofree char *counts = g_strdup_printf (ngettext ("%" PRId64 " claim",
                                                           "%" PRId64 " claims",
                                                           s->claim_count),
                                                 s->claim_count);
      GtkWidget *label = gtk_label_new (counts);

      gtk_widget_add_css_class (label, "dim-label");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
      /* Found in the text wrongly: "Not a Source" removes its citations. */
      if (s->document_uuid != NULL && s->citation_count > 0)
        {
          g_autofree char *name = attest_source_dup_label (s);
          g_autofree char *a11y = g_strdup_printf (_("%s is not a source"), name);
          GtkWidget *button = gtk_button_new_from_icon_name ("edit-delete-symbolic");

          gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
          gtk_widget_add_css_class (button, "flat");
          gtk_widget_set_tooltip_text (button, _("Not a Source: remove its citations"));
          gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                          GTK_ACCESSIBLE_PROPERTY_LABEL, a11y, -1);
          gtk_widget_set_sensitive (button, self->editable);
          g_object_set_data_full (G_OBJECT (button), "source-uuid", g_strdup (s->uuid), g_free);
          g_signal_connect (button, "clicked", G_CALLBACK (on_remove_clicked), self);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
        }
      gtk_list_box_append (self->sources_list, row);
    }
}

void
attest_inspector_set_claim (AttestInspector *self,
                            AttestClaim     *claim,
                            AttestCitation  *suggestion)
{
  g_return_if_fail (ATTEST_IS_INSPECTOR (self));

  /* Another claim, or none: what was typed for the last one is saved
   * first, never dropped. (The window commits before it gets here; this
   * is for any other caller.) */
  if (self->comment_base != NULL &&
      (claim == NULL || g_strcmp0 (claim->uuid, self->comment_base->uuid) != 0))
    on_comment_finished (self);

  g_set_object (&self->claim, claim);
  g_set_object (&self->suggestion, suggestion);
  update_claim_page (self);
}

/* A value as the inspector's own rows show it: a category's label, a
 * status or a certainty in words, a comment quoted. */
static char *
describe_value (AttestInspector *self,
                const char      *field,
                const char      *value)
{
  if (g_strcmp0 (field, "status") == 0)
    return g_strdup (attest_history_status_label (value));
  if (g_strcmp0 (field, "certainty") == 0)
    return g_strdup (attest_history_certainty_label (value));
  if (value == NULL || *value == '\0')
    /* Translators: an empty value in the history ("Comment: None → “check”") */
    return g_strdup (C_("history value", "None"));
  if (g_strcmp0 (field, "category") == 0)
    return g_strdup (category_label (self, value));
  /* Translators: a value written in the history, in your quotation marks */
  return g_strdup_printf (_("“%s”"), value);
}

/* The start of another claim's passage, or NULL if the article does not
 * have it (it is in another article, or gone). */
static char *
claim_quote_start (AttestInspector *self,
                   const char      *uuid)
{
  AttestClaim *other = self->claims && ATTEST_IS_CLAIM_LIST (self->claims) && uuid
                       ? attest_claim_list_lookup (ATTEST_CLAIM_LIST (self->claims), uuid) : NULL;
  const char *quote = other ? other->quote : NULL;

  if (quote == NULL)
    return NULL;
  if (g_utf8_strlen (quote, -1) <= 40)
    return g_strdup (quote);
  {
    g_autofree char *start = g_utf8_substring (quote, 0, 40);
    return g_strconcat (g_strchomp (start), "…", NULL);
  }
}

static char *
source_name (AttestInspector *self,
             const char      *uuid)
{
  AttestSource *s = find_source (self, uuid);

  return s ? attest_source_dup_label (s) : g_strdup (_("a source no longer in the article"));
}

/* Taking their version of a conflict saves it as an edit, then records the
 * settle (old: the value dropped, new: the one kept): is @update that edit? */
static gboolean
is_settled_edit (AttestHistoryEntry *update,
                 AttestHistoryEntry *settle)
{
  return update != NULL && settle != NULL &&
         g_str_equal (update->action, "update") && g_str_equal (settle->action, "settle") &&
         g_strcmp0 (update->field, settle->field) == 0 &&
         g_strcmp0 (update->old_value, settle->old_value) == 0 &&
         g_strcmp0 (update->new_value, settle->new_value) == 0 &&
         g_strcmp0 (update->annotator, settle->annotator) == 0;
}

/* One change as a line of the history, in words: "Status: Draft → Accepted".
 * Who and when are the row's subtitle. @took: a settle whose edit (taking
 * their version) is the entry before it, told in this one row. */
static char *
describe_change (AttestInspector    *self,
                 AttestHistoryEntry *e,
                 gboolean            took)
{
  if (g_str_equal (e->action, "create") && g_strcmp0 (e->field, "restored-from") == 0)
    /* Translators: a claim a merge had deleted, brought back by settling the conflict; %s is its category */
    return g_strdup_printf (_("Brought back as %s, after a merge had deleted it"), category_label (self, e->new_value));
  if (g_str_equal (e->action, "create"))
    return g_strdup_printf (_("Created as %s"), category_label (self, e->new_value));
  if (g_str_equal (e->action, "delete"))
    return g_strdup (_("Deleted"));
  if (g_str_equal (e->action, "restore"))
    return g_strdup (_("Restored"));
  if (g_str_equal (e->action, "link"))
    {
      g_autofree char *name = source_name (self, e->new_value);
      return g_strdup_printf (_("Source linked: %s"), name);
    }
  if (g_str_equal (e->action, "unlink"))
    {
      g_autofree char *name = source_name (self, e->old_value);
      return g_strdup_printf (_("Source unlinked: %s"), name);
    }
  if (g_str_equal (e->action, "curate"))
    {
      gboolean into = g_strcmp0 (e->field, "curated-into") == 0;
      g_autofree char *quote = claim_quote_start (self, into ? e->new_value : e->old_value);

      /* The curated claim is not among the article's live claims: undoing
       * the curation (or a delete) removed it, so never point at it. */
      if (into)
        return quote ? g_strdup_printf (_("Curated into the claim “%s”"), quote)
                     : g_strdup (_("Curated into a claim that was later deleted"));
      return quote ? g_strdup_printf (_("Curated from the claim “%s”"), quote)
                   : g_strdup (_("Curated from another claim"));
    }
  /* Merging copies: a deletion on either side stands. */
  if (g_str_equal (e->action, "conflict") && g_strcmp0 (e->field, "deleted") == 0)
    return g_strcmp0 (e->old_value, "1") == 0
           ? g_strdup (_("Edited in a teammate’s copy after it was deleted here: it stays deleted"))
           : g_strdup (_("Deleted in a teammate’s copy: it stays deleted"));
  if (g_str_equal (e->action, "settle") && g_strcmp0 (e->field, "deleted") == 0)
    return g_strcmp0 (e->new_value, "0") == 0
           ? g_strdup (_("Conflict settled: brought back as a new claim"))
           : g_strdup (_("Conflict settled: it stays deleted"));
  {
    g_autofree char *old_value = describe_value (self, e->field, e->old_value);
    g_autofree char *new_value = describe_value (self, e->field, e->new_value);
    const char *field = attest_history_field_label (e->field);

    if (g_str_equal (e->action, "settle"))
      return took
             /* Translators: a merge's conflict settled with the teammate's value; a field and that value */
             ? g_strdup_printf (_("Conflict settled: took theirs (%s: %s)"), field, new_value)
             /* Translators: a merge's conflict settled with one's own value; a field and that value */
             : g_strdup_printf (_("Conflict settled: kept mine (%s: %s)"), field, new_value);
    if (g_str_equal (e->action, "conflict"))
      /* Translators: a refused edit; the field, the value tried, the value someone set first */
      return g_strdup_printf (_("Not saved: %s to %s — someone had set %s first"),
                              field, new_value, old_value);
    /* Translators: a field, its old value and its new one */
    return g_strdup_printf (_("%s: %s → %s"), field, old_value, new_value);
  }
}

void
attest_inspector_set_history (AttestInspector *self,
                              GPtrArray       *entries)
{
  g_return_if_fail (ATTEST_IS_INSPECTOR (self));

  list_box_clear (self->history_list);
  /* Newest first: what changed last is what one asks about. */
  for (guint i = entries ? entries->len : 0; i > 0; i--)
    {
      AttestHistoryEntry *e = g_ptr_array_index (entries, i - 1);
      AttestHistoryEntry *newer = i < entries->len ? g_ptr_array_index (entries, i) : NULL;
      AttestHistoryEntry *older = i > 1 ? g_ptr_array_index (entries, i - 2) : NULL;
      g_autofree char *text = NULL;
      g_autofree char *when = NULL;
      g_autofree char *who = NULL;
      g_autofree char *escaped = NULL;
      g_autofree char *who_escaped = NULL;
      GtkWidget *row;

      /* Told by the settle's own row, not twice. */
      if (is_settled_edit (e, newer))
        continue;
      text = describe_change (self, e, is_settled_edit (older, e));
      when = format_time (e->at);
      /* Translators: who made a change · when */
      who = g_strdup_printf (_("%s · %s"), e->annotator, when);
      escaped = g_markup_escape_text (text, -1);
      who_escaped = g_markup_escape_text (who, -1);
      row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), escaped);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), who_escaped);
      adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 3);
      if (g_str_equal (e->action, "conflict"))
        gtk_widget_add_css_class (row, "conflict");
      gtk_list_box_append (self->history_list, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->history_list), entries && entries->len > 0);
}

AttestClaim *
attest_inspector_get_claim (AttestInspector *self)
{
  g_return_val_if_fail (ATTEST_IS_INSPECTOR (self), NULL);
  return self->claim;
}

void
attest_inspector_set_editable (AttestInspector *self,
                               gboolean         editable)
{
  g_return_if_fail (ATTEST_IS_INSPECTOR (self));

  self->editable = editable;
  gtk_widget_set_sensitive (GTK_WIDGET (self->category_row), editable);
  gtk_widget_set_sensitive (GTK_WIDGET (self->status_row), editable);
  gtk_widget_set_sensitive (GTK_WIDGET (self->certainty_row), editable);
  gtk_widget_set_sensitive (GTK_WIDGET (self->comment_row), editable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "inspector.link-suggested", editable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "inspector.add-source", editable);
  update_claim_page (self);
}

void
attest_inspector_show_page (AttestInspector *self,
                            const char      *name)
{
  g_return_if_fail (ATTEST_IS_INSPECTOR (self));
  adw_view_stack_set_visible_child_name (self->view_stack, name);
}

/* ---------------------------------------------------------------- class */

static void
attest_inspector_dispose (GObject *object)
{
  AttestInspector *self = ATTEST_INSPECTOR (object);

  g_clear_handle_id (&self->comment_source, g_source_remove);
  g_clear_object (&self->comment_base);
  gtk_widget_dispose_template (GTK_WIDGET (self), ATTEST_TYPE_INSPECTOR);
  g_clear_object (&self->claim);
  g_clear_object (&self->suggestion);
  g_clear_object (&self->claims);
  g_clear_pointer (&self->sources, g_ptr_array_unref);
  g_clear_pointer (&self->categories, g_ptr_array_unref);

  G_OBJECT_CLASS (attest_inspector_parent_class)->dispose (object);
}

static void
attest_inspector_finalize (GObject *object)
{
  AttestInspector *self = ATTEST_INSPECTOR (object);

  g_hash_table_unref (self->category_by_key);

  G_OBJECT_CLASS (attest_inspector_parent_class)->finalize (object);
}

static void
attest_inspector_class_init (AttestInspectorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = attest_inspector_dispose;
  object_class->finalize = attest_inspector_finalize;

  signals[EDIT_CLAIM] = g_signal_new ("edit-claim", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                      0, NULL, NULL, NULL, G_TYPE_NONE, 1, ATTEST_TYPE_CLAIM);
  signals[EDIT_COMMENT] = g_signal_new ("edit-comment", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                        0, NULL, NULL, NULL, G_TYPE_NONE, 1, ATTEST_TYPE_CLAIM);
  signals[COMMENT_DONE] = g_signal_new ("comment-done", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                        0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[LINK_SOURCE] = g_signal_new ("link-source", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                       0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[UNLINK_SOURCE] = g_signal_new ("unlink-source", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                         0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[REMOVE_SOURCE] = g_signal_new ("remove-source", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                         0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[ADD_SOURCE] = g_signal_new ("add-source", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                      0, NULL, NULL, NULL, G_TYPE_NONE, 1, ATTEST_TYPE_SOURCE);
  signals[CLAIM_ACTIVATED] = g_signal_new ("claim-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                           0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[SOURCE_ACTIVATED] = g_signal_new ("source-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                            0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/attest/Attest/attest-inspector.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "inspector");
  gtk_widget_class_bind_template_child (widget_class, AttestInspector, box);
  gtk_widget_class_bind_template_child (widget_class, AttestInspector, view_stack);
  gtk_widget_class_bind_template_child (widget_class, AttestInspector, claim_stack);
  gtk_widget_class_bind_template_child (widget_class, AttestInspector, quote_label);
  gtk_widget_class_bind_template_child (widget_class, AttestInspector, category_row);
  gtk_widget_class_bind_template_child (widget_class, AttestInspector, status_row);
  gtk_widget_class_bind_template_child (widget_class, AttestInspector, certainty_row);
  gtk_widget_class_bind_template_child (widget_class, AttestInspector, comment_row);
  gtk_widget_class_bind_template_child (widget_class, AttestInspector, suggest_button);
  gtk_widget_class_bind_template_child (widget_class, AttestInspector, suggest_label);
  gtk_widget_class_bind_template_child (widget_class, AttestInspector, linked_list);
  gtk_widget_class_bind_template_child (widget_class, AttestInspector, meta_label);
  gtk_widget_class_bind_template_child (widget_class, AttestInspector, history_list);
  gtk_widget_class_bind_template_child (widget_class, AttestInspector, claims_list);
  gtk_widget_class_bind_template_child (widget_class, AttestInspector, sources_list);
  gtk_widget_class_bind_template_child (widget_class, AttestInspector, add_source_popover);
  gtk_widget_class_bind_template_child (widget_class, AttestInspector, outlet_entry);
  gtk_widget_class_bind_template_child (widget_class, AttestInspector, place_entry);
  gtk_widget_class_bind_template_child (widget_class, AttestInspector, date_entry);
  gtk_widget_class_bind_template_child (widget_class, AttestInspector, url_entry);

  gtk_widget_class_install_action (widget_class, "inspector.link-suggested", NULL, link_suggested);
  gtk_widget_class_install_action (widget_class, "inspector.add-source", NULL, add_source);
}

static void
attest_inspector_init (AttestInspector *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  GtkEventController *focus;

  self->category_by_key = g_hash_table_new (g_str_hash, g_str_equal);
  self->editable = TRUE;
  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect (factory, "setup", G_CALLBACK (setup_claim_row), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_claim_row), self);
  gtk_list_view_set_factory (self->claims_list, factory);
  g_signal_connect (self->claims_list, "activate", G_CALLBACK (on_claims_list_activate), self);

  g_signal_connect_swapped (self->category_row, "notify::selected", G_CALLBACK (on_category_selected), self);
  g_signal_connect_swapped (self->status_row, "notify::selected", G_CALLBACK (on_status_selected), self);
  g_signal_connect_swapped (self->certainty_row, "notify::selected", G_CALLBACK (on_certainty_selected), self);
  g_signal_connect_swapped (self->comment_row, "changed", G_CALLBACK (on_comment_changed), self);
  g_signal_connect_swapped (self->comment_row, "entry-activated", G_CALLBACK (on_comment_finished), self);
  focus = gtk_event_controller_focus_new ();
  g_signal_connect_swapped (focus, "leave", G_CALLBACK (on_comment_finished), self);
  gtk_widget_add_controller (GTK_WIDGET (self->comment_row), focus);
  update_claim_page (self);
}
