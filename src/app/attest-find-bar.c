/* attest-find-bar.c — see attest-find-bar.h.
 *
 * The GtkSearchBar inside stays in search mode: the bar opens and closes
 * by showing and hiding itself, which maps the field at once, so the
 * first keys typed after Ctrl+F land in it (the search bar's reveal maps
 * it only at the next frame, and what was typed before was lost).
 *
 * The matches are found in the text lowered character by character, kept
 * as character offsets and marked with two tags of the bar's
 * own in the view's tag table: every match, and the current one above it.
 * The tags are raised above the article's tags at each search, so a match
 * shows over a claim's colour. */
#include "config.h"

#include "attest-find-bar.h"

#include <glib/gi18n.h>
#include <string.h>

#define MATCH_TAG   "attest-find-match"
#define CURRENT_TAG "attest-find-current"

struct _AttestFindBar
{
  GtkWidget       parent_instance;

  /* template children */
  GtkSearchBar   *search_bar;
  GtkSearchEntry *entry;
  GtkLabel       *count_label;
  GtkButton      *previous_button;
  GtkButton      *next_button;

  GtkTextView    *view;      /* weak */
  GtkTextBuffer  *buffer;    /* the view's, while set */
  GtkTextMark    *mark;      /* where to scroll */
  GArray         *matches;   /* gint64 pairs: start, end */
  char           *searched;  /* the words the matches are of */
  int             current;
  guint           research_source;
};

G_DEFINE_FINAL_TYPE (AttestFindBar, attest_find_bar, GTK_TYPE_WIDGET)

static GtkTextTag *
ensure_tag (AttestFindBar *self,
            const char    *name)
{
  GtkTextTagTable *table = gtk_text_buffer_get_tag_table (self->buffer);
  GtkTextTag *tag = gtk_text_tag_table_lookup (table, name);

  if (tag == NULL)
    {
      /* Light yellow for every match, orange for the current one, as in
       * GNOME's text editors; dark text on both so they read in dark
       * style too. */
      tag = gtk_text_buffer_create_tag (self->buffer, name,
                                        "background", g_str_equal (name, CURRENT_TAG) ? "#ffa348" : "#f9f06b",
                                        "foreground", "#241f31",
                                        NULL);
    }
  return tag;
}

static void
clear_highlights (AttestFindBar *self)
{
  GtkTextIter start, end;

  if (self->buffer == NULL)
    return;
  gtk_text_buffer_get_bounds (self->buffer, &start, &end);
  gtk_text_buffer_remove_tag (self->buffer, ensure_tag (self, MATCH_TAG), &start, &end);
  gtk_text_buffer_remove_tag (self->buffer, ensure_tag (self, CURRENT_TAG), &start, &end);
}

static void
match_iters (AttestFindBar *self,
             guint          index,
             GtkTextIter   *start,
             GtkTextIter   *end)
{
  gtk_text_buffer_get_iter_at_offset (self->buffer, start, g_array_index (self->matches, gint64, 2 * index));
  gtk_text_buffer_get_iter_at_offset (self->buffer, end, g_array_index (self->matches, gint64, 2 * index + 1));
}

static void
update_count (AttestFindBar *self)
{
  guint n = self->matches->len / 2;
  g_autofree char *text = NULL;

  if (self->searched == NULL || *self->searched == '\0')
    text = g_strdup ("");
  else if (n == 0)
    text = g_strdup (_("No matches"));
  else
    /* Translators: the current match and how many there are, "3 of 12". */
    text = g_strdup_printf (_("%d of %u"), self->current + 1, n);
  gtk_label_set_text (self->count_label, text);
  /* Read with the field by a screen reader. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->entry), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text, -1);

  if (n == 0 && self->searched && *self->searched)
    gtk_widget_add_css_class (GTK_WIDGET (self->entry), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->entry), "error");
  gtk_widget_set_sensitive (GTK_WIDGET (self->previous_button), n > 0);
  gtk_widget_set_sensitive (GTK_WIDGET (self->next_button), n > 0);
}

/* Marks the current match, puts the caret at its start and scrolls to it. */
static void
show_current (AttestFindBar *self)
{
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (self->buffer, &start, &end);
  gtk_text_buffer_remove_tag (self->buffer, ensure_tag (self, CURRENT_TAG), &start, &end);
  update_count (self);
  if (self->current < 0)
    return;

  match_iters (self, self->current, &start, &end);
  gtk_text_buffer_apply_tag (self->buffer, ensure_tag (self, CURRENT_TAG), &start, &end);
  gtk_text_buffer_place_cursor (self->buffer, &start);
  gtk_text_buffer_move_mark (self->buffer, self->mark, &start);
  /* A mark, not the iter: the lines there may not be measured yet. */
  gtk_text_view_scroll_to_mark (self->view, self->mark, 0.15, FALSE, 0, 0);
}

/* The text, lowered character by character: one character for one, so
 * an index is a buffer offset (a child anchor stays U+FFFC). */
static gunichar *
lowered_text (GtkTextBuffer *buffer,
              const char    *text,
              glong         *len)
{
  g_autofree char *utf8 = NULL;
  gunichar *chars;

  if (text == NULL)
    {
      GtkTextIter start, end;

      gtk_text_buffer_get_bounds (buffer, &start, &end);
      text = utf8 = gtk_text_buffer_get_slice (buffer, &start, &end, TRUE);
    }
  chars = g_utf8_to_ucs4_fast (text, -1, len);
  for (glong i = 0; i < *len; i++)
    chars[i] = g_unichar_tolower (chars[i]);
  return chars;
}

/* Finds every match of the words in the field, in any case; the current
 * one is the first at or after the caret, so typing more keeps the place.
 * (Not GtkTextIter's search without a care for case: in a 1 MB article it
 * took 195 ms to find 10,969 matches, this 80 ms to find and mark them.) */
static void
search (AttestFindBar *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->entry));
  g_autofree gunichar *hay = NULL;
  g_autofree gunichar *needle = NULL;
  glong hay_len, needle_len;
  GtkTextTagTable *table;
  GtkTextTag *match_tag;
  GtkTextIter caret;
  gint64 from;

  g_clear_handle_id (&self->research_source, g_source_remove);
  clear_highlights (self);
  g_array_set_size (self->matches, 0);
  self->current = -1;
  g_free (self->searched);
  self->searched = g_strdup (text);

  if (self->buffer == NULL || *text == '\0' || !attest_find_bar_is_open (self))
    {
      update_count (self);
      return;
    }

  table = gtk_text_buffer_get_tag_table (self->buffer);
  match_tag = ensure_tag (self, MATCH_TAG);
  /* Above the article's tags, the current match above every match. */
  gtk_text_tag_set_priority (match_tag, gtk_text_tag_table_get_size (table) - 1);
  gtk_text_tag_set_priority (ensure_tag (self, CURRENT_TAG), gtk_text_tag_table_get_size (table) - 1);

  gtk_text_buffer_get_iter_at_mark (self->buffer, &caret, gtk_text_buffer_get_insert (self->buffer));
  from = gtk_text_iter_get_offset (&caret);
  needle = lowered_text (NULL, text, &needle_len);
  hay = lowered_text (self->buffer, NULL, &hay_len);
  for (glong i = 0; i + needle_len <= hay_len; i++)
    {
      GtkTextIter start, end;
      gint64 offsets[2];

      if (hay[i] != needle[0] || memcmp (hay + i, needle, needle_len * sizeof (gunichar)) != 0)
        continue;
      offsets[0] = i;
      offsets[1] = i + needle_len;
      g_array_append_vals (self->matches, offsets, 2);
      gtk_text_buffer_get_iter_at_offset (self->buffer, &start, offsets[0]);
      gtk_text_buffer_get_iter_at_offset (self->buffer, &end, offsets[1]);
      gtk_text_buffer_apply_tag (self->buffer, match_tag, &start, &end);
      if (self->current < 0 && offsets[0] >= from)
        self->current = self->matches->len / 2 - 1;
      i += needle_len - 1;
    }
  if (self->current < 0 && self->matches->len > 0)
    self->current = 0;
  show_current (self);
}

static gboolean
is_stale (AttestFindBar *self)
{
  return g_strcmp0 (self->searched, gtk_editable_get_text (GTK_EDITABLE (self->entry))) != 0;
}

static void
step (AttestFindBar *self,
      int            by)
{
  guint n;

  g_return_if_fail (ATTEST_IS_FIND_BAR (self));

  if (self->buffer == NULL || !attest_find_bar_is_open (self))
    return;
  /* Enter before the field's pause: the words typed are found first, and
   * the first match after the caret is the one to see. */
  if (is_stale (self) || self->research_source != 0)
    {
      search (self);
      return;
    }
  n = self->matches->len / 2;
  if (n == 0)
    return;
  self->current = (self->current + by + (int) n) % (int) n;
  show_current (self);
}

void
attest_find_bar_next (AttestFindBar *self)
{
  step (self, 1);
}

void
attest_find_bar_previous (AttestFindBar *self)
{
  step (self, -1);
}

static void
on_search_changed (AttestFindBar *self)
{
  /* Found already (Enter came before the field's pause): the place stays. */
  if (!is_stale (self))
    return;
  search (self);
}

/* The search bar's close button. */
static void
on_search_mode_changed (AttestFindBar *self)
{
  if (!gtk_search_bar_get_search_mode (self->search_bar))
    attest_find_bar_close (self);
}

static gboolean
research_idle (gpointer data)
{
  AttestFindBar *self = data;

  self->research_source = 0;
  search (self);
  return G_SOURCE_REMOVE;
}

/* A new article (or its text changed): its matches, once it is in. */
static void
on_buffer_changed (AttestFindBar *self)
{
  if (!attest_find_bar_is_open (self) || self->research_source != 0)
    return;
  self->research_source = g_idle_add (research_idle, self);
}

static void
unset_view (AttestFindBar *self)
{
  g_clear_handle_id (&self->research_source, g_source_remove);
  if (self->buffer != NULL)
    {
      clear_highlights (self);
      g_signal_handlers_disconnect_by_data (self->buffer, self);
      gtk_text_buffer_delete_mark (self->buffer, self->mark);
      self->mark = NULL;
      g_clear_object (&self->buffer);
    }
  if (self->view != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->view), (gpointer *) &self->view);
  self->view = NULL;
}

void
attest_find_bar_set_text_view (AttestFindBar *self,
                               GtkTextView   *view)
{
  GtkTextIter start;

  g_return_if_fail (ATTEST_IS_FIND_BAR (self));
  g_return_if_fail (view == NULL || GTK_IS_TEXT_VIEW (view));

  if (view == self->view)
    return;
  unset_view (self);
  if (view == NULL)
    return;

  self->view = view;
  g_object_add_weak_pointer (G_OBJECT (view), (gpointer *) &self->view);
  self->buffer = g_object_ref (gtk_text_view_get_buffer (view));
  gtk_text_buffer_get_start_iter (self->buffer, &start);
  self->mark = gtk_text_buffer_create_mark (self->buffer, NULL, &start, TRUE);
  g_signal_connect_swapped (self->buffer, "changed", G_CALLBACK (on_buffer_changed), self);
  if (attest_find_bar_is_open (self))
    search (self);
}

void
attest_find_bar_open (AttestFindBar *self)
{
  GtkTextIter start, end;

  g_return_if_fail (ATTEST_IS_FIND_BAR (self));

  /* The words selected in the text are what one wants to find, unless
   * the selection is a passage rather than words. */
  if (self->buffer != NULL && gtk_text_buffer_get_selection_bounds (self->buffer, &start, &end) &&
      gtk_text_iter_get_line (&start) == gtk_text_iter_get_line (&end) &&
      gtk_text_iter_get_offset (&end) - gtk_text_iter_get_offset (&start) <= 100)
    {
      g_autofree char *words = gtk_text_buffer_get_text (self->buffer, &start, &end, FALSE);

      /* The caret to the selection's start, so the current match is it. */
      gtk_text_buffer_place_cursor (self->buffer, &start);
      gtk_editable_set_text (GTK_EDITABLE (self->entry), words);
    }

  gtk_widget_set_visible (GTK_WIDGET (self), TRUE);
  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->entry));
  gtk_editable_select_region (GTK_EDITABLE (self->entry), 0, -1);
  search (self);
}

void
attest_find_bar_close (AttestFindBar *self)
{
  GtkRoot *root;
  GtkWidget *focus;

  g_return_if_fail (ATTEST_IS_FIND_BAR (self));

  if (!attest_find_bar_is_open (self))
    return;

  /* No highlights left, and the keys go back to the text. */
  g_clear_handle_id (&self->research_source, g_source_remove);
  clear_highlights (self);
  g_array_set_size (self->matches, 0);
  self->current = -1;
  g_clear_pointer (&self->searched, g_free);
  update_count (self);

  root = gtk_widget_get_root (GTK_WIDGET (self));
  focus = root ? gtk_root_get_focus (root) : NULL;
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
  if (self->view != NULL && gtk_widget_get_mapped (GTK_WIDGET (self->view)) &&
      (focus == NULL || gtk_widget_is_ancestor (focus, GTK_WIDGET (self))))
    gtk_widget_grab_focus (GTK_WIDGET (self->view));
}

gboolean
attest_find_bar_is_open (AttestFindBar *self)
{
  g_return_val_if_fail (ATTEST_IS_FIND_BAR (self), FALSE);

  return gtk_widget_get_visible (GTK_WIDGET (self));
}

guint
attest_find_bar_get_n_matches (AttestFindBar *self)
{
  g_return_val_if_fail (ATTEST_IS_FIND_BAR (self), 0);

  return self->matches->len / 2;
}

int
attest_find_bar_get_current (AttestFindBar *self)
{
  g_return_val_if_fail (ATTEST_IS_FIND_BAR (self), -1);

  return self->current;
}

gboolean
attest_find_bar_get_match (AttestFindBar *self,
                           guint          index,
                           gint64        *start,
                           gint64        *end)
{
  g_return_val_if_fail (ATTEST_IS_FIND_BAR (self), FALSE);

  if (index >= self->matches->len / 2)
    return FALSE;
  if (start)
    *start = g_array_index (self->matches, gint64, 2 * index);
  if (end)
    *end = g_array_index (self->matches, gint64, 2 * index + 1);
  return TRUE;
}

GtkWidget *
attest_find_bar_new (void)
{
  return g_object_new (ATTEST_TYPE_FIND_BAR, NULL);
}

/* --------------------------------------------------------------- keys */

/* Ctrl+G and Shift+Ctrl+G anywhere in the window while the bar is open,
 * as in GNOME's editors (in the field, its own next-match and
 * previous-match take them); left to others while it is closed. */
static gboolean
on_step_shortcut (GtkWidget *widget,
                  GVariant  *args,
                  gpointer   user_data)
{
  AttestFindBar *self = ATTEST_FIND_BAR (user_data);

  if (!attest_find_bar_is_open (self) || self->buffer == NULL)
    return FALSE;
  step (self, g_variant_get_int32 (args));
  return TRUE;
}

static void
add_shortcut (GtkShortcutController *controller,
              guint                  keyval,
              GdkModifierType        modifiers,
              GtkShortcutFunc        func,
              int                    by,
              gpointer               data)
{
  gtk_shortcut_controller_add_shortcut (controller,
                                        gtk_shortcut_new_with_arguments (gtk_keyval_trigger_new (keyval, modifiers),
                                                                         gtk_callback_action_new (func, data, NULL),
                                                                         "i", by));
}

/* ---------------------------------------------------------- lifecycle */

static void
attest_find_bar_dispose (GObject *object)
{
  AttestFindBar *self = ATTEST_FIND_BAR (object);

  unset_view (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), ATTEST_TYPE_FIND_BAR);

  G_OBJECT_CLASS (attest_find_bar_parent_class)->dispose (object);
}

static void
attest_find_bar_finalize (GObject *object)
{
  AttestFindBar *self = ATTEST_FIND_BAR (object);

  g_array_unref (self->matches);
  g_free (self->searched);

  G_OBJECT_CLASS (attest_find_bar_parent_class)->finalize (object);
}

static void
attest_find_bar_class_init (AttestFindBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = attest_find_bar_dispose;
  object_class->finalize = attest_find_bar_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/attest/Attest/attest-find-bar.ui");
  gtk_widget_class_bind_template_child (widget_class, AttestFindBar, search_bar);
  gtk_widget_class_bind_template_child (widget_class, AttestFindBar, entry);
  gtk_widget_class_bind_template_child (widget_class, AttestFindBar, count_label);
  gtk_widget_class_bind_template_child (widget_class, AttestFindBar, previous_button);
  gtk_widget_class_bind_template_child (widget_class, AttestFindBar, next_button);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_search_mode_changed);
  gtk_widget_class_bind_template_callback (widget_class, attest_find_bar_next);
  gtk_widget_class_bind_template_callback (widget_class, attest_find_bar_previous);
  gtk_widget_class_bind_template_callback (widget_class, attest_find_bar_close);
}

static void
attest_find_bar_init (AttestFindBar *self)
{
  GtkEventController *global = gtk_shortcut_controller_new ();
  GtkEventController *local = gtk_shortcut_controller_new ();

  self->matches = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->current = -1;
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
  update_count (self);

  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (global), GTK_SHORTCUT_SCOPE_GLOBAL);
  add_shortcut (GTK_SHORTCUT_CONTROLLER (global), GDK_KEY_g, GDK_CONTROL_MASK, on_step_shortcut, 1, self);
  add_shortcut (GTK_SHORTCUT_CONTROLLER (global), GDK_KEY_g, GDK_SHIFT_MASK | GDK_CONTROL_MASK,
                on_step_shortcut, -1, self);
  gtk_widget_add_controller (GTK_WIDGET (self), global);

  /* Shift+Enter in the field goes back, Enter (the entry's activate) on. */
  gtk_event_controller_set_propagation_phase (local, GTK_PHASE_CAPTURE);
  add_shortcut (GTK_SHORTCUT_CONTROLLER (local), GDK_KEY_Return, GDK_SHIFT_MASK, on_step_shortcut, -1, self);
  add_shortcut (GTK_SHORTCUT_CONTROLLER (local), GDK_KEY_KP_Enter, GDK_SHIFT_MASK, on_step_shortcut, -1, self);
  gtk_widget_add_controller (GTK_WIDGET (self->entry), local);
}
