/* attest-taxonomy-editor.c — see attest-taxonomy-editor.h.
 *
 * The rows are built again from the store after every change (and after
 * every undo or redo, wherever it was asked for: the editor follows the
 * undo stack's notifications), so what is shown is always what is saved.
 * A category in use is an expander row: its colour button and the
 * up/down buttons always at hand, its name, shortcut and retiring inside.
 * Problems a user can cause (an empty, repeated or too long name) are said
 * in the app's own words before the store is asked; a digit another
 * category has moves to the one that asks for it.
 */
#include "config.h"

#include "attest-taxonomy-editor.h"

#include <glib/gi18n.h>
#include <inttypes.h>

#include "attest-error.h"
#include "attest-rules.h"

struct _AttestTaxonomyEditor
{
  AdwWindow            parent_instance;

  AdwToastOverlay     *toast_overlay;
  GtkRevealer         *read_only_revealer;
  GtkWidget           *content;
  AdwEntryRow         *new_row;
  AdwPreferencesGroup *live_group;
  AdwPreferencesGroup *retired_group;

  AttestStore         *store;
  AttestUndoStack     *undo;
  GPtrArray           *categories;   /* AttestCategory*, all, in order */
  GHashTable          *rows;         /* key → row widget (borrowed) */
  GHashTable          *expanded;     /* keys of the rows left open */
  char                *last_toast;
  AdwToast            *toast;        /* the one on screen, or NULL */
  guint                reload_id;    /* a reload waiting for the main loop */
  gboolean             reloading;
};

G_DEFINE_FINAL_TYPE (AttestTaxonomyEditor, attest_taxonomy_editor, ADW_TYPE_WINDOW)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Digits in the order of the keyboard's row: 1 … 9, then 0. */
static const int shortcut_digits[] = { -1, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0 };

/* Colours offered to a new category, in turn, skipping those in use. */
static const char * const new_colors[] = {
  "#1a5fb4", "#c64600", "#26a269", "#a347ba", "#e5a50a", "#0e7c86", "#63452c", "#c01c28",
};

static void
on_toast_dismissed (AttestTaxonomyEditor *self)
{
  g_clear_weak_pointer (&self->toast);
}

static void
toast (AttestTaxonomyEditor *self,
       const char           *text,
       gboolean              with_undo)
{
  g_free (self->last_toast);
  self->last_toast = g_strdup (text);

  /* One toast, its words replaced: a second one queued behind it would
   * offer Undo for an edit later than the one it names. (Dismissing the
   * one shown and adding another trips libadwaita 1.2's animation.) */
  if (self->toast != NULL)
    {
      adw_toast_set_title (self->toast, text);
      adw_toast_set_button_label (self->toast, with_undo ? _("_Undo") : NULL);
      adw_toast_set_action_name (self->toast, with_undo ? "editor.undo" : NULL);
      return;
    }
  self->toast = adw_toast_new (text);
  if (with_undo)
    {
      adw_toast_set_button_label (self->toast, _("_Undo"));
      adw_toast_set_action_name (self->toast, "editor.undo");
    }
  g_object_add_weak_pointer (G_OBJECT (self->toast), (gpointer *) &self->toast);
  g_signal_connect_object (self->toast, "dismissed", G_CALLBACK (on_toast_dismissed), self, G_CONNECT_SWAPPED);
  adw_toast_overlay_add_toast (self->toast_overlay, self->toast);
}

static void
toast_error (AttestTaxonomyEditor *self,
             const GError         *error)
{
  if (g_error_matches (error, ATTEST_ERROR, ATTEST_ERROR_READ_ONLY))
    toast (self, _("This database is read-only: its categories cannot be changed"), FALSE);
  else if (g_error_matches (error, ATTEST_ERROR, ATTEST_ERROR_CONFLICT))
    toast (self, _("Someone else changed this category meanwhile; nothing was undone over their change"), FALSE);
  else
    toast (self, error->message, FALSE);
}

static const char *
label_of (AttestCategory *cat)
{
  return g_dgettext (GETTEXT_PACKAGE, cat->label);
}

static AttestCategory *
find (AttestTaxonomyEditor *self,
      const char           *key,
      guint                *out_position)
{
  for (guint i = 0; self->categories && i < self->categories->len; i++)
    {
      AttestCategory *cat = g_ptr_array_index (self->categories, i);

      if (g_str_equal (cat->key, key))
        {
          if (out_position)
            *out_position = i;
          return cat;
        }
    }
  return NULL;
}

/* The live category that has @digit, other than @key's. */
static AttestCategory *
digit_owner (AttestTaxonomyEditor *self,
             int                   digit,
             const char           *key)
{
  for (guint i = 0; digit >= 0 && i < self->categories->len; i++)
    {
      AttestCategory *cat = g_ptr_array_index (self->categories, i);

      if (!cat->retired && cat->shortcut == digit && g_strcmp0 (cat->key, key) != 0)
        return cat;
    }
  return NULL;
}

static void
update_actions (AttestTaxonomyEditor *self)
{
  gboolean editable = self->store && !attest_store_is_read_only (self->store);
  int next_undo = attest_undo_stack_peek_undo (self->undo);
  int next_redo = attest_undo_stack_peek_redo (self->undo);

  /* Only the taxonomy's own steps: a claim's edit is undone in the window,
   * where it can be seen. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.undo", editable &&
                                 (next_undo == ATTEST_EDIT_CATEGORY || next_undo == ATTEST_EDIT_CATEGORY_MOVE));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.redo", editable &&
                                 (next_redo == ATTEST_EDIT_CATEGORY || next_redo == ATTEST_EDIT_CATEGORY_MOVE));
}

static gboolean
reload_idle (gpointer data)
{
  AttestTaxonomyEditor *self = data;

  self->reload_id = 0;
  attest_taxonomy_editor_reload (self);
  return G_SOURCE_REMOVE;
}

/* The rows are rebuilt from the main loop, not from inside the signal of
 * a widget of the row being replaced (a combo row's selection is still
 * notifying its own row when our handler returns). */
static void
schedule_reload (AttestTaxonomyEditor *self)
{
  if (self->reload_id == 0)
    self->reload_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE, reload_idle, self, NULL);
}

static void
changed (AttestTaxonomyEditor *self)
{
  schedule_reload (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

/* Saves @after over the category as stored, as one undo step. */
static gboolean
update (AttestTaxonomyEditor *self,
        AttestCategory       *before,
        AttestCategory       *after,
        const char           *done)
{
  g_autoptr(GError) error = NULL;

  if (!attest_undo_stack_perform_category_update (self->undo, self->store, before, after, &error))
    {
      toast_error (self, error);
      schedule_reload (self);
      return FALSE;
    }
  changed (self);
  toast (self, done, TRUE);
  return TRUE;
}

/* The category @key as stored: the "before" of an edit. */
static AttestCategory *
stored (AttestTaxonomyEditor *self,
        const char           *key)
{
  g_autoptr(GError) error = NULL;
  AttestCategory *cat = attest_store_get_category (self->store, key, &error);

  if (cat == NULL)
    toast_error (self, error);
  return cat;
}

/* ------------------------------------------------------------ edits */

static gboolean
label_taken (AttestTaxonomyEditor *self,
             const char           *label,
             const char           *key)
{
  g_autofree char *wanted = g_utf8_casefold (label, -1);

  for (guint i = 0; i < self->categories->len; i++)
    {
      AttestCategory *cat = g_ptr_array_index (self->categories, i);
      g_autofree char *have = g_utf8_casefold (cat->label, -1);
      g_autofree char *shown = g_utf8_casefold (label_of (cat), -1);

      if (g_strcmp0 (cat->key, key) != 0 && (g_str_equal (have, wanted) || g_str_equal (shown, wanted)))
        return TRUE;
    }
  return FALSE;
}

static char *too_long (const char *name);

/* A key (the TEI xml:id, never shown) from the label: lower-case ASCII
 * letters, digits and hyphens, starting with a letter, not yet used. */
static char *
new_key (AttestTaxonomyEditor *self,
         const char           *label)
{
  g_autofree char *ascii = g_str_to_ascii (label, "C");
  GString *key = g_string_new (NULL);
  g_autofree char *base = NULL;
  char *candidate;

  for (const char *p = ascii; *p; p++)
    {
      if (g_ascii_isalnum (*p))
        g_string_append_c (key, g_ascii_tolower (*p));
      else if (key->len > 0 && key->str[key->len - 1] != '-')
        g_string_append_c (key, '-');
      if (key->len >= 40)
        break;
    }
  while (key->len > 0 && key->str[key->len - 1] == '-')
    g_string_truncate (key, key->len - 1);
  if (key->len == 0 || !g_ascii_isalpha (key->str[0]))
    g_string_prepend (key, "category-");
  if (g_str_has_suffix (key->str, "-"))
    g_string_truncate (key, key->len - 1);
  base = g_string_free (key, FALSE);

  candidate = g_strdup (base);
  for (guint n = 2; find (self, candidate, NULL) != NULL; n++)
    {
      g_free (candidate);
      candidate = g_strdup_printf ("%s-%u", base, n);
    }
  return candidate;
}

gboolean
attest_taxonomy_editor_add (AttestTaxonomyEditor *self,
                            const char           *label)
{
  g_autoptr(AttestCategory) cat = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_strstrip (g_strdup (label ? label : ""));
  g_autofree char *done = NULL;

  g_return_val_if_fail (ATTEST_IS_TAXONOMY_EDITOR (self), FALSE);

  if (*name == '\0')
    {
      toast (self, _("Type the new category’s name first"), FALSE);
      return FALSE;
    }
  if (label_taken (self, name, NULL))
    {
      g_autofree char *text = g_strdup_printf (_("There is already a category “%s”"), name);
      toast (self, text, FALSE);
      return FALSE;
    }

  {
    g_autofree char *text = too_long (name);

    if (text != NULL)
      {
        toast (self, text, FALSE);
        return FALSE;
      }
  }

  cat = attest_category_new ();
  cat->key = new_key (self, name);
  cat->label = g_strdup (name);
  cat->shortcut = -1;
  cat->color = g_strdup (new_colors[0]);
  for (guint c = 0; c < G_N_ELEMENTS (new_colors); c++)
    {
      gboolean used = FALSE;

      for (guint i = 0; i < self->categories->len && !used; i++)
        used = g_ascii_strcasecmp (((AttestCategory *) g_ptr_array_index (self->categories, i))->color,
                                   new_colors[c]) == 0;
      if (!used)
        {
          g_free (cat->color);
          cat->color = g_strdup (new_colors[c]);
          break;
        }
    }
  /* The first free digit, if any. */
  for (guint d = 1; d < G_N_ELEMENTS (shortcut_digits) && cat->shortcut < 0; d++)
    if (digit_owner (self, shortcut_digits[d], NULL) == NULL)
      cat->shortcut = shortcut_digits[d];

  if (!attest_undo_stack_perform_category_add (self->undo, self->store, cat, &error))
    {
      toast_error (self, error);
      return FALSE;
    }
  g_hash_table_add (self->expanded, g_strdup (cat->key));
  gtk_editable_set_text (GTK_EDITABLE (self->new_row), "");
  changed (self);
  done = g_strdup_printf (_("Added “%s”"), name);
  toast (self, done, TRUE);
  return TRUE;
}

/* A refused name is said under the Name row, whole (a toast cuts a long
 * sentence short), the row left open with the text as typed: rebuilding
 * the rows would lose the user's place and their typing. */
static void
name_refused (AttestTaxonomyEditor *self,
              const char           *key,
              const char           *text)
{
  GtkWidget *row = g_hash_table_lookup (self->rows, key);
  GtkWidget *name_row = row ? g_object_get_data (G_OBJECT (row), "attest-name-row") : NULL;
  GtkWidget *message = row ? g_object_get_data (G_OBJECT (row), "attest-name-error") : NULL;

  g_free (self->last_toast);
  self->last_toast = g_strdup (text);
  if (name_row == NULL || message == NULL)
    {
      toast (self, text, FALSE);
      return;
    }
  g_hash_table_add (self->expanded, g_strdup (key));
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);
  gtk_widget_add_css_class (name_row, "error");
  gtk_label_set_text (GTK_LABEL (message), text);
  gtk_widget_set_visible (gtk_widget_get_parent (message), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (name_row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text, -1);
}

static char *
too_long (const char *name)
{
  glong n = g_utf8_strlen (name, -1);

  if (n <= ATTEST_RULES_CATEGORY_LABEL_MAX)
    return NULL;
  /* Translators: the first %d is the limit (200), the second what was typed */
  return g_strdup_printf (_("A category name can have at most %d characters (this one has %ld)"),
                          ATTEST_RULES_CATEGORY_LABEL_MAX, n);
}

gboolean
attest_taxonomy_editor_rename (AttestTaxonomyEditor *self,
                               const char           *key,
                               const char           *label)
{
  g_autoptr(AttestCategory) before = NULL;
  g_autoptr(AttestCategory) after = NULL;
  g_autofree char *name = g_strstrip (g_strdup (label ? label : ""));
  g_autofree char *done = NULL;

  g_return_val_if_fail (ATTEST_IS_TAXONOMY_EDITOR (self), FALSE);

  if (!(before = stored (self, key)) || !(after = stored (self, key)))
    return FALSE;
  if (*name == '\0')
    {
      name_refused (self, key, _("A category needs a name"));
      return FALSE;
    }
  if (g_str_equal (name, before->label) || g_str_equal (name, label_of (before)))
    return TRUE;
  if (label_taken (self, name, key))
    {
      g_autofree char *text = g_strdup_printf (_("There is already a category “%s”"), name);
      name_refused (self, key, text);
      return FALSE;
    }
  {
    g_autofree char *text = too_long (name);

    if (text != NULL)
      {
        name_refused (self, key, text);
        return FALSE;
      }
  }
  g_free (after->label);
  after->label = g_strdup (name);
  done = g_strdup_printf (_("Renamed “%s” to “%s”"), label_of (before), name);
  return update (self, before, after, done);
}

gboolean
attest_taxonomy_editor_recolour (AttestTaxonomyEditor *self,
                                 const char           *key,
                                 const GdkRGBA        *color)
{
  g_autoptr(AttestCategory) before = NULL;
  g_autoptr(AttestCategory) after = NULL;
  g_autofree char *hex = NULL;
  g_autofree char *done = NULL;

  g_return_val_if_fail (ATTEST_IS_TAXONOMY_EDITOR (self), FALSE);

  if (!(before = stored (self, key)) || !(after = stored (self, key)))
    return FALSE;
  hex = g_strdup_printf ("#%02x%02x%02x", (int) (CLAMP (color->red, 0., 1.) * 255. + .5),
                         (int) (CLAMP (color->green, 0., 1.) * 255. + .5),
                         (int) (CLAMP (color->blue, 0., 1.) * 255. + .5));
  if (g_ascii_strcasecmp (hex, before->color) == 0)
    return TRUE;
  g_free (after->color);
  after->color = g_steal_pointer (&hex);
  done = g_strdup_printf (_("New colour for “%s”"), label_of (before));
  return update (self, before, after, done);
}

gboolean
attest_taxonomy_editor_set_shortcut (AttestTaxonomyEditor *self,
                                     const char           *key,
                                     int                   digit)
{
  g_autoptr(AttestCategory) before = NULL;
  g_autoptr(AttestCategory) after = NULL;
  g_autofree char *done = NULL;
  AttestCategory *owner;

  g_return_val_if_fail (ATTEST_IS_TAXONOMY_EDITOR (self), FALSE);
  g_return_val_if_fail (digit >= -1 && digit <= 9, FALSE);

  if (!(before = stored (self, key)) || !(after = stored (self, key)))
    return FALSE;
  if (before->shortcut == digit)
    return TRUE;
  /* A digit another category has moves here: it loses its key first (the
   * store keeps digits unique). Two steps on the undo stack. */
  if ((owner = digit_owner (self, digit, key)) != NULL)
    {
      g_autoptr(AttestCategory) owner_before = NULL;
      g_autoptr(AttestCategory) owner_after = NULL;
      g_autoptr(GError) error = NULL;

      if (!(owner_before = stored (self, owner->key)) || !(owner_after = stored (self, owner->key)))
        return FALSE;
      owner_after->shortcut = -1;
      if (!attest_undo_stack_perform_category_update (self->undo, self->store, owner_before, owner_after, &error))
        {
          toast_error (self, error);
          schedule_reload (self);
          return FALSE;
        }
      after->shortcut = digit;
      /* Translators: %d is a digit key, the first %s the category that had it */
      done = g_strdup_printf (_("The key %d moved from “%s” to “%s”"), digit, label_of (owner_before),
                              label_of (before));
      return update (self, before, after, done);
    }
  after->shortcut = digit;
  if (digit < 0)
    done = g_strdup_printf (_("“%s” has no shortcut now"), label_of (before));
  else
    /* Translators: %s is a category, %d a digit key */
    done = g_strdup_printf (_("“%s” is filed by the key %d now"), label_of (before), digit);
  return update (self, before, after, done);
}

gboolean
attest_taxonomy_editor_move (AttestTaxonomyEditor *self,
                             const char           *key,
                             int                   step)
{
  g_autoptr(GError) error = NULL;
  AttestCategory *cat;
  guint from, to;
  int i;

  g_return_val_if_fail (ATTEST_IS_TAXONOMY_EDITOR (self), FALSE);
  g_return_val_if_fail (step == -1 || step == 1, FALSE);

  if (!(cat = find (self, key, &from)))
    return FALSE;
  /* Past the neighbour of the same kind (in use or retired): the lists
   * show them apart. */
  for (i = (int) from + step; i >= 0 && i < (int) self->categories->len; i += step)
    if (!((AttestCategory *) g_ptr_array_index (self->categories, i))->retired == !cat->retired)
      break;
  if (i < 0 || i >= (int) self->categories->len)
    return FALSE;
  to = i;
  if (!attest_undo_stack_perform_category_move (self->undo, self->store, key, to, &error))
    {
      toast_error (self, error);
      return FALSE;
    }
  changed (self);
  {
    g_autofree char *done = g_strdup_printf (step < 0 ? _("Moved “%s” up") : _("Moved “%s” down"), label_of (cat));
    toast (self, done, TRUE);
  }
  return TRUE;
}

gboolean
attest_taxonomy_editor_retire (AttestTaxonomyEditor *self,
                               const char           *key,
                               gboolean              retired)
{
  g_autoptr(AttestCategory) before = NULL;
  g_autoptr(AttestCategory) after = NULL;
  g_autofree char *done = NULL;

  g_return_val_if_fail (ATTEST_IS_TAXONOMY_EDITOR (self), FALSE);

  if (!(before = stored (self, key)) || !(after = stored (self, key)))
    return FALSE;
  if (!before->retired == !retired)
    return TRUE;
  after->retired = retired;
  if (retired)
    done = g_strdup_printf (_("Retired “%s”"), label_of (before));
  else if (digit_owner (self, before->shortcut, key) != NULL)
    {
      /* Its digit went to another category meanwhile: back without one. */
      after->shortcut = -1;
      done = g_strdup_printf (_("Restored “%s”, without a shortcut: its digit is taken"), label_of (before));
    }
  else
    done = g_strdup_printf (_("Restored “%s”"), label_of (before));
  return update (self, before, after, done);
}

/* ------------------------------------------------------------- rows */

static const char *
row_key (gpointer widget)
{
  return g_object_get_data (G_OBJECT (widget), "attest-category-key");
}

static void
set_key (gpointer    widget,
         const char *key)
{
  g_object_set_data_full (G_OBJECT (widget), "attest-category-key", g_strdup (key), g_free);
}

static void
on_color_set (GtkColorButton       *button,
              AttestTaxonomyEditor *self)
{
  GdkRGBA rgba;

  gtk_color_chooser_get_rgba (GTK_COLOR_CHOOSER (button), &rgba);
  attest_taxonomy_editor_recolour (self, row_key (button), &rgba);
}

static void
on_up (GtkButton            *button,
       AttestTaxonomyEditor *self)
{
  g_autofree char *key = g_strdup (row_key (button));

  attest_taxonomy_editor_move (self, key, -1);
}

static void
on_down (GtkButton            *button,
         AttestTaxonomyEditor *self)
{
  g_autofree char *key = g_strdup (row_key (button));

  attest_taxonomy_editor_move (self, key, 1);
}

static void
on_name_apply (AdwEntryRow          *row,
               AttestTaxonomyEditor *self)
{
  g_autofree char *key = g_strdup (row_key (row));

  attest_taxonomy_editor_rename (self, key, gtk_editable_get_text (GTK_EDITABLE (row)));
}

/* Typing again clears the refusal said under the row. */
static void
on_name_changed (GtkEditable *row)
{
  GtkWidget *message = g_object_get_data (G_OBJECT (row), "attest-name-error");

  gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
  if (message != NULL)
    gtk_widget_set_visible (gtk_widget_get_parent (message), FALSE);
  gtk_accessible_reset_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
}

/* A name cannot be typed past the store's limit. */
static void
limit_length (GtkWidget *entry_row)
{
  GtkEditable *text = gtk_editable_get_delegate (GTK_EDITABLE (entry_row));

  if (GTK_IS_TEXT (text))
    gtk_text_set_max_length (GTK_TEXT (text), ATTEST_RULES_CATEGORY_LABEL_MAX);
}

static void
on_shortcut_selected (AdwComboRow          *row,
                      GParamSpec           *pspec,
                      AttestTaxonomyEditor *self)
{
  guint i = adw_combo_row_get_selected (row);
  g_autofree char *key = NULL;

  if (self->reloading || i >= G_N_ELEMENTS (shortcut_digits))
    return;
  key = g_strdup (row_key (row));
  attest_taxonomy_editor_set_shortcut (self, key, shortcut_digits[i]);
}

static void
on_retire (GtkButton            *button,
           AttestTaxonomyEditor *self)
{
  g_autofree char *key = g_strdup (row_key (button));

  attest_taxonomy_editor_retire (self, key, TRUE);
}

static void
on_restore (GtkButton            *button,
            AttestTaxonomyEditor *self)
{
  g_autofree char *key = g_strdup (row_key (button));

  attest_taxonomy_editor_retire (self, key, FALSE);
}

static void
on_expanded (AdwExpanderRow       *row,
             GParamSpec           *pspec,
             AttestTaxonomyEditor *self)
{
  if (self->reloading)
    return;
  if (adw_expander_row_get_expanded (row))
    g_hash_table_add (self->expanded, g_strdup (row_key (row)));
  else
    g_hash_table_remove (self->expanded, row_key (row));
}

static char *
describe (AttestCategory *cat)
{
  /* PRId64, not G_GINT64_FORMAT: xgettext knows the <inttypes.h> macros. */
  g_autofree char *claims = g_strdup_printf (ngettext ("%" PRId64 " claim", "%" PRId64 " claims",
                                                       (unsigned long) cat->claim_count),
                                             (int64_t) cat->claim_count);

  if (cat->shortcut < 0 || cat->retired)
    return g_steal_pointer (&claims);
  /* Translators: "Key 3 · 12 claims" */
  return g_strdup_printf (_("Key %d · %s"), cat->shortcut, claims);
}

static GtkWidget *
icon_button (const char *icon,
             const char *a11y_label,
             const char *tooltip)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, a11y_label, -1);
  return button;
}

static GtkWidget *
live_row (AttestTaxonomyEditor *self,
          AttestCategory       *cat,
          gboolean              first,
          gboolean              last)
{
  const char *label = label_of (cat);
  GtkWidget *row = adw_expander_row_new ();
  GtkWidget *color = gtk_color_button_new ();
  GtkWidget *up = NULL, *down = NULL, *retire;
  GtkWidget *name_row = adw_entry_row_new ();
  GtkWidget *shortcut_row = adw_combo_row_new ();
  GtkWidget *retire_row = adw_action_row_new ();
  g_autoptr(GtkStringList) digits = gtk_string_list_new (NULL);
  g_autofree char *subtitle = describe (cat);
  g_autofree char *a11y = NULL;
  GdkRGBA rgba = { 0 };

  set_key (row, cat->key);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), label);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), subtitle);

  /* The colour, at hand: a click opens the chooser. */
  set_key (color, cat->key);
  gdk_rgba_parse (&rgba, cat->color);
  gtk_color_chooser_set_rgba (GTK_COLOR_CHOOSER (color), &rgba);
  gtk_color_chooser_set_use_alpha (GTK_COLOR_CHOOSER (color), FALSE);
  gtk_color_button_set_modal (GTK_COLOR_BUTTON (color), TRUE);
  a11y = g_strdup_printf (_("Colour of “%s”"), label);
  gtk_color_button_set_title (GTK_COLOR_BUTTON (color), a11y);
  gtk_widget_set_tooltip_text (color, a11y);
  gtk_accessible_update_property (GTK_ACCESSIBLE (color), GTK_ACCESSIBLE_PROPERTY_LABEL, a11y, -1);
  gtk_widget_set_valign (color, GTK_ALIGN_CENTER);
  g_signal_connect (color, "color-set", G_CALLBACK (on_color_set), self);
  adw_expander_row_add_prefix (ADW_EXPANDER_ROW (row), color);

  /* Up and down, framed and linked so they read as buttons beside the
   * row's own expander arrow; always both, so the rows line up. */
  {
    GtkWidget *moves = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
    g_autofree char *move_up = g_strdup_printf (_("Move “%s” Up"), label);
    g_autofree char *move_down = g_strdup_printf (_("Move “%s” Down"), label);

    gtk_widget_add_css_class (moves, "linked");
    gtk_widget_set_valign (moves, GTK_ALIGN_CENTER);
    up = icon_button ("go-up-symbolic", move_up, _("Move Up"));
    down = icon_button ("go-down-symbolic", move_down, _("Move Down"));
    set_key (up, cat->key);
    set_key (down, cat->key);
    gtk_widget_set_sensitive (up, !first);
    gtk_widget_set_sensitive (down, !last);
    g_signal_connect (up, "clicked", G_CALLBACK (on_up), self);
    g_signal_connect (down, "clicked", G_CALLBACK (on_down), self);
    gtk_box_append (GTK_BOX (moves), up);
    gtk_box_append (GTK_BOX (moves), down);
    adw_expander_row_add_action (ADW_EXPANDER_ROW (row), moves);
  }

  /* Inside: the name, the shortcut, retiring. */
  set_key (name_row, cat->key);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (name_row), _("Name"));
  adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (name_row), TRUE);
  gtk_editable_set_text (GTK_EDITABLE (name_row), label);
  g_signal_connect (name_row, "apply", G_CALLBACK (on_name_apply), self);
  g_signal_connect (name_row, "changed", G_CALLBACK (on_name_changed), NULL);
  limit_length (name_row);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row), name_row);
  {
    GtkWidget *message = gtk_label_new (NULL);

    gtk_label_set_wrap (GTK_LABEL (message), TRUE);
    gtk_label_set_xalign (GTK_LABEL (message), 0);
    gtk_widget_set_margin_start (message, 12);
    gtk_widget_set_margin_end (message, 12);
    gtk_widget_set_margin_top (message, 6);
    gtk_widget_set_margin_bottom (message, 6);
    gtk_widget_add_css_class (message, "error");
    g_object_set_data (G_OBJECT (name_row), "attest-name-error", message);
    g_object_set_data (G_OBJECT (row), "attest-name-error", message);
    g_object_set_data (G_OBJECT (row), "attest-name-row", name_row);
    adw_expander_row_add_row (ADW_EXPANDER_ROW (row), message);
    /* Shown only for a refused name; the list's row around it. */
    gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (gtk_widget_get_parent (message)), FALSE);
    gtk_widget_set_visible (gtk_widget_get_parent (message), FALSE);
  }

  set_key (shortcut_row, cat->key);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (shortcut_row), _("Shortcut Key"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (shortcut_row), _("Files selected text under this category"));
  gtk_string_list_append (digits, C_("shortcut", "None"));
  for (guint d = 1; d < G_N_ELEMENTS (shortcut_digits); d++)
    {
      AttestCategory *owner = digit_owner (self, shortcut_digits[d], cat->key);
      g_autofree char *item = owner ? g_strdup_printf (_("%d (used by “%s”)"), shortcut_digits[d], label_of (owner))
                                    : g_strdup_printf ("%d", shortcut_digits[d]);

      gtk_string_list_append (digits, item);
    }
  adw_combo_row_set_model (ADW_COMBO_ROW (shortcut_row), G_LIST_MODEL (digits));
  for (guint d = 0; d < G_N_ELEMENTS (shortcut_digits); d++)
    if (shortcut_digits[d] == cat->shortcut)
      adw_combo_row_set_selected (ADW_COMBO_ROW (shortcut_row), d);
  g_signal_connect (shortcut_row, "notify::selected", G_CALLBACK (on_shortcut_selected), self);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row), shortcut_row);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (retire_row), _("Retire"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (retire_row),
                               _("Stop offering it for new claims; the claims filed under it keep it"));
  retire = gtk_button_new_with_mnemonic (_("_Retire"));
  gtk_widget_set_valign (retire, GTK_ALIGN_CENTER);
  set_key (retire, cat->key);
  g_signal_connect (retire, "clicked", G_CALLBACK (on_retire), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (retire_row), retire);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row), retire_row);

  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), g_hash_table_contains (self->expanded, cat->key));
  g_signal_connect (row, "notify::expanded", G_CALLBACK (on_expanded), self);
  return row;
}

static GtkWidget *
retired_row (AttestTaxonomyEditor *self,
             AttestCategory       *cat)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *restore = gtk_button_new_with_mnemonic (_("Re_store"));
  g_autofree char *subtitle = describe (cat);
  g_autofree char *a11y = g_strdup_printf (_("Restore “%s”"), label_of (cat));

  set_key (row, cat->key);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), label_of (cat));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  set_key (restore, cat->key);
  gtk_widget_set_valign (restore, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (restore), GTK_ACCESSIBLE_PROPERTY_LABEL, a11y, -1);
  g_signal_connect (restore, "clicked", G_CALLBACK (on_restore), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), restore);
  return row;
}

static void
remove_row (gpointer key,
            gpointer row,
            gpointer user_data)
{
  AttestTaxonomyEditor *self = user_data;
  GtkWidget *group = gtk_widget_get_ancestor (row, ADW_TYPE_PREFERENCES_GROUP);

  if (group == GTK_WIDGET (self->live_group) || group == GTK_WIDGET (self->retired_group))
    adw_preferences_group_remove (ADW_PREFERENCES_GROUP (group), row);
}

void
attest_taxonomy_editor_reload (AttestTaxonomyEditor *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) refused = NULL;   /* key, text, reason, … */
  GPtrArray *cats;
  guint n_live = 0, live_seen = 0, n_retired = 0;

  g_return_if_fail (ATTEST_IS_TAXONOMY_EDITOR (self));

  g_clear_handle_id (&self->reload_id, g_source_remove);
  if (!(cats = attest_store_list_categories (self->store, TRUE, &error)))
    {
      toast_error (self, error);
      return;
    }
  self->reloading = TRUE;
  /* A refused name stays as typed, and its reason, over a rebuild (a
   * teammate's commit may come while the user fixes it). */
  refused = g_ptr_array_new_with_free_func (g_free);
  {
    GHashTableIter iter;
    gpointer key, row;

    g_hash_table_iter_init (&iter, self->rows);
    while (g_hash_table_iter_next (&iter, &key, &row))
      {
        GtkWidget *name_row = g_object_get_data (G_OBJECT (row), "attest-name-row");
        GtkWidget *message = g_object_get_data (G_OBJECT (row), "attest-name-error");

        if (name_row != NULL && message != NULL && gtk_widget_has_css_class (name_row, "error"))
          {
            g_ptr_array_add (refused, g_strdup (key));
            g_ptr_array_add (refused, g_strdup (gtk_editable_get_text (GTK_EDITABLE (name_row))));
            g_ptr_array_add (refused, g_strdup (gtk_label_get_text (GTK_LABEL (message))));
          }
      }
  }
  g_hash_table_foreach (self->rows, remove_row, self);
  g_hash_table_remove_all (self->rows);
  g_clear_pointer (&self->categories, g_ptr_array_unref);
  self->categories = cats;

  for (guint i = 0; i < cats->len; i++)
    n_live += !((AttestCategory *) g_ptr_array_index (cats, i))->retired;
  for (guint i = 0; i < cats->len; i++)
    {
      AttestCategory *cat = g_ptr_array_index (cats, i);
      GtkWidget *row;

      if (cat->retired)
        {
          row = retired_row (self, cat);
          adw_preferences_group_add (self->retired_group, row);
          n_retired++;
        }
      else
        {
          row = live_row (self, cat, live_seen == 0, live_seen == n_live - 1);
          adw_preferences_group_add (self->live_group, row);
          live_seen++;
        }
      g_hash_table_insert (self->rows, g_strdup (cat->key), row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->retired_group), n_retired > 0);
  for (guint i = 0; i + 2 < refused->len; i += 3)
    {
      GtkWidget *row = g_hash_table_lookup (self->rows, g_ptr_array_index (refused, i));
      GtkWidget *name_row = row ? g_object_get_data (G_OBJECT (row), "attest-name-row") : NULL;
      g_autofree char *last = g_strdup (self->last_toast);

      if (name_row == NULL)
        continue;
      gtk_editable_set_text (GTK_EDITABLE (name_row), g_ptr_array_index (refused, i + 1));
      name_refused (self, g_ptr_array_index (refused, i), g_ptr_array_index (refused, i + 2));
      g_free (self->last_toast);
      self->last_toast = g_steal_pointer (&last);
    }
  self->reloading = FALSE;
  update_actions (self);
}

/* ---------------------------------------------------------- actions */

static void
undo_or_redo (GtkWidget  *widget,
              const char *action,
              GVariant   *param)
{
  AttestTaxonomyEditor *self = ATTEST_TAXONOMY_EDITOR (widget);
  gboolean undo = g_str_equal (action, "editor.undo");
  int kind = undo ? attest_undo_stack_peek_undo (self->undo) : attest_undo_stack_peek_redo (self->undo);
  g_autoptr(GError) error = NULL;
  g_autofree char *done = NULL;

  if (kind != ATTEST_EDIT_CATEGORY && kind != ATTEST_EDIT_CATEGORY_MOVE)
    return;
  done = undo ? attest_undo_stack_undo (self->undo, self->store, &error)
              : attest_undo_stack_redo (self->undo, self->store, &error);
  if (done == NULL)
    {
      toast_error (self, error);
      return;
    }
  changed (self);
  toast (self, undo ? _("Undone") : _("Redone"), FALSE);
}

static void
on_new_apply (AttestTaxonomyEditor *self)
{
  g_autofree char *text = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->new_row)));

  attest_taxonomy_editor_add (self, text);
}

static void
on_undo_changed (AttestTaxonomyEditor *self)
{
  /* An undo or redo made in the window (or here) may have changed the
   * taxonomy: show it as stored. Not while building rows. */
  if (!self->reloading)
    schedule_reload (self);
}

static void
attest_taxonomy_editor_dispose (GObject *object)
{
  AttestTaxonomyEditor *self = ATTEST_TAXONOMY_EDITOR (object);

  g_clear_handle_id (&self->reload_id, g_source_remove);
  g_clear_weak_pointer (&self->toast);
  if (self->undo)
    g_signal_handlers_disconnect_by_data (self->undo, self);
  g_clear_object (&self->store);
  g_clear_object (&self->undo);
  g_clear_pointer (&self->categories, g_ptr_array_unref);
  g_clear_pointer (&self->rows, g_hash_table_unref);
  g_clear_pointer (&self->expanded, g_hash_table_unref);
  g_clear_pointer (&self->last_toast, g_free);

  G_OBJECT_CLASS (attest_taxonomy_editor_parent_class)->dispose (object);
}

static void
attest_taxonomy_editor_class_init (AttestTaxonomyEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = attest_taxonomy_editor_dispose;

  /**
   * AttestTaxonomyEditor::changed:
   *
   * The taxonomy changed in the store (an edit, an undo or a redo made
   * here).
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/attest/Attest/attest-taxonomy-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, AttestTaxonomyEditor, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, AttestTaxonomyEditor, read_only_revealer);
  gtk_widget_class_bind_template_child (widget_class, AttestTaxonomyEditor, content);
  gtk_widget_class_bind_template_child (widget_class, AttestTaxonomyEditor, new_row);
  gtk_widget_class_bind_template_child (widget_class, AttestTaxonomyEditor, live_group);
  gtk_widget_class_bind_template_child (widget_class, AttestTaxonomyEditor, retired_group);

  gtk_widget_class_install_action (widget_class, "editor.undo", NULL, undo_or_redo);
  gtk_widget_class_install_action (widget_class, "editor.redo", NULL, undo_or_redo);
  gtk_widget_class_add_shortcut (widget_class, gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_z, GDK_CONTROL_MASK),
                                                                 gtk_named_action_new ("editor.undo")));
  gtk_widget_class_add_shortcut (widget_class,
                                 gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_z, GDK_CONTROL_MASK | GDK_SHIFT_MASK),
                                                   gtk_named_action_new ("editor.redo")));
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
attest_taxonomy_editor_init (AttestTaxonomyEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->rows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->expanded = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  limit_length (GTK_WIDGET (self->new_row));
  g_signal_connect_swapped (self->new_row, "apply", G_CALLBACK (on_new_apply), self);
  g_signal_connect_swapped (self->new_row, "entry-activated", G_CALLBACK (on_new_apply), self);
}

AttestTaxonomyEditor *
attest_taxonomy_editor_new (GtkWindow       *parent,
                            AttestStore     *store,
                            AttestUndoStack *undo)
{
  AttestTaxonomyEditor *self;
  gboolean read_only;

  g_return_val_if_fail (ATTEST_IS_STORE (store), NULL);
  g_return_val_if_fail (ATTEST_IS_UNDO_STACK (undo), NULL);

  self = g_object_new (ATTEST_TYPE_TAXONOMY_EDITOR, "transient-for", parent, NULL);
  self->store = g_object_ref (store);
  self->undo = g_object_ref (undo);
  g_signal_connect_swapped (undo, "notify::can-undo", G_CALLBACK (on_undo_changed), self);
  g_signal_connect_swapped (undo, "notify::can-redo", G_CALLBACK (update_actions), self);
  /* A teammate's commit (the store polls for them) may change the taxonomy. */
  g_signal_connect_object (store, "changed", G_CALLBACK (schedule_reload), self, G_CONNECT_SWAPPED);
  read_only = attest_store_is_read_only (store);
  gtk_revealer_set_reveal_child (self->read_only_revealer, read_only);
  gtk_widget_set_sensitive (self->content, !read_only);
  attest_taxonomy_editor_reload (self);
  return self;
}

GtkWidget *
attest_taxonomy_editor_get_row (AttestTaxonomyEditor *self,
                                const char           *key)
{
  g_return_val_if_fail (ATTEST_IS_TAXONOMY_EDITOR (self), NULL);
  /* The rows as they will be once the main loop runs. */
  if (self->reload_id != 0)
    attest_taxonomy_editor_reload (self);
  return g_hash_table_lookup (self->rows, key);
}

const char *
attest_taxonomy_editor_get_last_toast (AttestTaxonomyEditor *self)
{
  g_return_val_if_fail (ATTEST_IS_TAXONOMY_EDITOR (self), NULL);
  return self->last_toast;
}
