/* attest-conflicts-dialog.c — see attest-conflicts-dialog.h.
 *
 * Each conflict is a group of three rows: what it is about (the article's
 * title and the passage, for a claim), your version and theirs, each in
 * the app's words ("Certainty: High", never "high"), each with the button
 * that keeps it. Settling goes through the store, which records it in the
 * history (and so reaches teammates with their next merge); a settled
 * conflict keeps its rows, marked, so the list does not jump under the
 * pointer. One settled elsewhere meanwhile (a teammate, another window)
 * is marked as the store reports it changed, or the dialog comes back to
 * the front, with its buttons no longer sensitive. */
#include "config.h"

#include "attest-conflicts-dialog.h"

#include <glib/gi18n.h>

#include "attest-error.h"

typedef struct {
  AttestConflictsDialog *dialog;
  char         *id;
  char         *entity;
  char         *uuid;
  char         *field;
  char         *ours;
  char         *theirs;
  AdwActionRow *subject_row;
  AdwActionRow *ours_row;
  AdwActionRow *theirs_row;
  GtkWidget    *keep_button;
  GtkWidget    *take_button;   /* NULL for a deletion: one answer */
  gboolean      settled;
} Item;

struct _AttestConflictsDialog
{
  AdwWindow        parent_instance;

  AdwToastOverlay *toast_overlay;
  AdwWindowTitle  *window_title;
  GtkBox          *list;
  GtkLabel        *intro;

  AttestStore     *store;
  GPtrArray       *items;   /* Item* */
};

G_DEFINE_FINAL_TYPE (AttestConflictsDialog, attest_conflicts_dialog, ADW_TYPE_WINDOW)

enum {
  SETTLED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
item_free (Item *item)
{
  g_free (item->id);
  g_free (item->entity);
  g_free (item->uuid);
  g_free (item->field);
  g_free (item->ours);
  g_free (item->theirs);
  g_free (item);
}

/* ------------------------------------------------------------- words */

static const char *
field_words (const char *entity,
             const char *field)
{
  /* An outlet's conflict names the variant as its field. */
  if (g_str_equal (entity, "outlet"))
    return _("Stands for");
  if (g_str_equal (field, "category"))
    return _("Category");
  if (g_str_equal (field, "status"))
    return _("Status");
  if (g_str_equal (field, "certainty"))
    return _("Certainty");
  if (g_str_equal (field, "comment"))
    return _("Comment");
  if (g_str_equal (field, "label"))
    return _("Name");
  if (g_str_equal (field, "description"))
    return _("Description");
  if (g_str_equal (field, "color"))
    return _("Colour");
  if (g_str_equal (field, "shortcut"))
    return _("Shortcut");
  if (g_str_equal (field, "parent"))
    return _("Parent category");
  if (g_str_equal (field, "retired"))
    return _("In use");
  if (g_str_equal (field, "title"))
    return _("Title");
  if (g_str_equal (field, "author"))
    return _("Author");
  if (g_str_equal (field, "date"))
    return _("Date");
  if (g_str_equal (field, "publication"))
    return _("Publication");
  return field;
}

static char *
category_words (AttestConflictsDialog *self,
                const char            *key)
{
  g_autoptr(AttestCategory) cat = key ? attest_store_get_category (self->store, key, NULL) : NULL;

  if (cat == NULL)
    return g_strdup (key ? key : _("None"));
  return g_strdup (g_dgettext (GETTEXT_PACKAGE, cat->label));
}

/* A stored value as the user knows it. */
static char *
value_words (AttestConflictsDialog *self,
             const char            *entity,
             const char            *field,
             const char            *value)
{
  if (g_str_equal (field, "category") || g_str_equal (field, "parent"))
    return category_words (self, value);
  if (g_str_equal (field, "status"))
    return g_strdup (g_strcmp0 (value, "accepted") == 0 ? _("Accepted") :
                     g_strcmp0 (value, "rejected") == 0 ? _("Rejected") : _("Draft"));
  if (g_str_equal (field, "certainty"))
    return g_strdup (g_strcmp0 (value, "low") == 0 ? C_("certainty", "Low") :
                     g_strcmp0 (value, "medium") == 0 ? C_("certainty", "Medium") :
                     g_strcmp0 (value, "high") == 0 ? C_("certainty", "High") :
                     g_strcmp0 (value, "unknown") == 0 ? C_("certainty", "Unknown") : C_("certainty", "Not Set"));
  if (g_str_equal (field, "retired"))
    return g_strdup (g_strcmp0 (value, "1") == 0 || g_strcmp0 (value, "yes") == 0 ? _("Retired") : _("In use"));
  if (value == NULL || *value == '\0')
    return g_strdup (g_str_equal (field, "comment") ? _("No comment") : _("None"));
  return g_strdup (value);
}

static char *
version_title (AttestConflictsDialog *self,
               Item                  *item,
               const char            *value)
{
  g_autofree char *words = value_words (self, item->entity, item->field, value);

  /* Translators: a conflicting version, e.g. "Certainty: High" */
  return g_strdup_printf (_("%s: %s"), field_words (item->entity, item->field), words);
}

/* ------------------------------------------------------------ settle */

static void
update_counts (AttestConflictsDialog *self)
{
  guint open = attest_conflicts_dialog_get_n_open (self);
  g_autofree char *subtitle = NULL;

  if (open == 0)
    subtitle = g_strdup (_("All settled"));
  else
    subtitle = g_strdup_printf (ngettext ("%u to settle", "%u to settle", open), open);
  adw_window_title_set_subtitle (self->window_title, subtitle);
}

/* Whether @choice brings a deleted claim back: the side whose value is
 * "not deleted" is the edited version. */
static gboolean
restores (Item         *item,
          AttestSettle  choice)
{
  const char *kept = choice == ATTEST_SETTLE_KEEP_OURS ? item->ours : item->theirs;

  return g_strcmp0 (kept, "0") == 0;
}

/* Ticks the row chosen, with @words under it, and dims the other. */
static void
mark_chosen (Item         *item,
             AdwActionRow *chosen,
             const char   *words)
{
  GtkWidget *mark = gtk_image_new_from_icon_name ("object-select-symbolic");

  adw_action_row_set_subtitle (chosen, words);
  adw_action_row_add_suffix (chosen, mark);
  gtk_accessible_update_property (GTK_ACCESSIBLE (mark), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Chosen"), -1);
  gtk_widget_add_css_class (GTK_WIDGET (chosen == item->ours_row ? item->theirs_row : item->ours_row), "dim-label");
}

static void
show_settled (Item       *item,
              AttestSettle choice)
{
  item->settled = TRUE;
  gtk_widget_set_visible (item->keep_button, FALSE);
  if (item->take_button)
    gtk_widget_set_visible (item->take_button, FALSE);
  if (g_str_equal (item->field, "deleted"))
    {
      /* The deletion's row is ours_row, the edited version's theirs_row. */
      if (restores (item, choice))
        mark_chosen (item, item->theirs_row, _("Restored: it is back, as a new claim"));
      else
        mark_chosen (item, item->ours_row, _("Settled: the claim stays deleted"));
      return;
    }
  if (choice == ATTEST_SETTLE_TAKE_THEIRS)
    {
      adw_action_row_set_subtitle (item->ours_row, _("Your version"));
      mark_chosen (item, item->theirs_row, _("Taken: their version"));
    }
  else
    mark_chosen (item, item->ours_row, _("Kept: your version"));
}

static gboolean
same_value (const char *a,
            const char *b)
{
  return g_strcmp0 (a && *a ? a : NULL, b && *b ? b : NULL) == 0;
}

static void
disable_buttons (Item *item)
{
  item->settled = TRUE;
  gtk_widget_set_sensitive (item->keep_button, FALSE);
  if (item->take_button)
    gtk_widget_set_sensitive (item->take_button, FALSE);
}

/* Settled elsewhere (a teammate's choice came with a merge, or another
 * window or process settled it): who chose what; nothing left to click. */
static void
show_settled_by (Item       *item,
                 const char *by,
                 const char *kept)
{
  AdwActionRow *chosen = NULL;
  g_autofree char *words = NULL;

  disable_buttons (item);
  if (g_str_equal (item->field, "deleted"))
    {
      gboolean restored = g_strcmp0 (kept, "0") == 0;

      words = restored
              /* Translators: %s is a person's name */
              ? g_strdup_printf (_("Settled by %s: it is back, as a new claim"), by)
              /* Translators: %s is a person's name */
              : g_strdup_printf (_("Settled by %s: the claim stays deleted"), by);
      mark_chosen (item, restored ? item->theirs_row : item->ours_row, words);
      return;
    }
  if (item->theirs_row && same_value (kept, item->theirs) && !same_value (kept, item->ours))
    {
      chosen = item->theirs_row;
      /* Translators: %s is a person's name */
      words = g_strdup_printf (_("Settled by %s: their version"), by);
    }
  else if (same_value (kept, item->ours))
    {
      chosen = item->ours_row;
      /* Translators: %s is a person's name */
      words = g_strdup_printf (_("Settled by %s: your version"), by);
    }
  else
    {
      /* Translators: %s is a person's name */
      words = g_strdup_printf (_("Settled by %s"), by);
      adw_action_row_set_subtitle (item->subject_row, words);
      return;
    }
  mark_chosen (item, chosen, words);
}

static void
show_superseded (Item *item)
{
  disable_buttons (item);
  adw_action_row_set_subtitle (item->subject_row,
                               _("A later merge brought newer versions of this; settle that conflict instead"));
}

/* Reads again what became of each open conflict. */
static void
refresh_items (AttestConflictsDialog *self)
{
  if (self->store == NULL || self->items == NULL)
    return;
  for (guint i = 0; i < self->items->len; i++)
    {
      Item *item = g_ptr_array_index (self->items, i);
      g_autofree char *by = NULL;
      g_autofree char *kept = NULL;
      g_autofree char *newer = NULL;

      if (item->settled || item->id == NULL ||
          !attest_store_get_conflict_settling (self->store, item->id, &by, &kept, &newer, NULL))
        continue;
      if (by != NULL)
        show_settled_by (item, by, kept);
      else if (newer != NULL)
        show_superseded (item);
    }
  update_counts (self);
}

static void
on_active_changed (AttestConflictsDialog *self,
                   GParamSpec            *pspec,
                   gpointer               data)
{
  if (gtk_window_is_active (GTK_WINDOW (self)))
    refresh_items (self);
}

static void
settle (Item        *item,
        AttestSettle choice)
{
  AttestConflictsDialog *self = item->dialog;
  g_autoptr(GError) error = NULL;

  if (item->settled)
    return;
  if (!attest_store_settle_conflict (self->store, item->id, choice, &error))
    {
      g_autofree char *by = NULL;
      g_autofree char *kept = NULL;
      g_autofree char *newer = NULL;
      const char *message = error->message;

      /* Settled or superseded meanwhile (by a teammate, another window, a
       * later merge): show it so, and say so. */
      if (g_error_matches (error, ATTEST_ERROR, ATTEST_ERROR_CONFLICT) &&
          attest_store_get_conflict_settling (self->store, item->id, &by, &kept, &newer, NULL) &&
          (by != NULL || newer != NULL))
        {
          if (by != NULL)
            {
              show_settled_by (item, by, kept);
              message = _("This conflict was settled already");
            }
          else
            {
              show_superseded (item);
              message = _("A later merge brought newer versions of this; settle that conflict instead");
            }
        }
      else if (g_error_matches (error, ATTEST_ERROR, ATTEST_ERROR_CONFLICT))
        message = _("Someone changed it after the merge: their version would overwrite that change");
      else if (g_error_matches (error, ATTEST_ERROR, ATTEST_ERROR_READ_ONLY))
        message = _("This database is read-only: nothing can be settled");
      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
      update_counts (self);
      return;
    }
  show_settled (item, choice);
  update_counts (self);
  g_signal_emit (self, signals[SETTLED], 0, item->id);
}

/* A deletion conflict's buttons are "Accept Deletion" (keep_button: the
 * side whose value is "1") and "Restore" (take_button: the edited side);
 * any other conflict's are Keep Mine and Take Theirs. */
static AttestSettle
deletion_choice (Item     *item,
                 gboolean  restore)
{
  gboolean ours_deleted = g_strcmp0 (item->ours, "1") == 0;

  return ours_deleted != restore ? ATTEST_SETTLE_KEEP_OURS : ATTEST_SETTLE_TAKE_THEIRS;
}

static void
on_keep (GtkButton *button,
         Item      *item)
{
  if (g_str_equal (item->field, "deleted"))
    settle (item, deletion_choice (item, FALSE));
  else
    settle (item, ATTEST_SETTLE_KEEP_OURS);
}

static void
on_take (GtkButton *button,
         Item      *item)
{
  if (g_str_equal (item->field, "deleted"))
    settle (item, deletion_choice (item, TRUE));
  else
    settle (item, ATTEST_SETTLE_TAKE_THEIRS);
}

/* ------------------------------------------------------------- build */

static AdwActionRow *
new_row (const char *title,
         const char *subtitle)
{
  AdwActionRow *row = ADW_ACTION_ROW (adw_action_row_new ());

  /* Titles, quotes and comments are the user's text, not markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle)
    adw_action_row_set_subtitle (row, subtitle);
  return row;
}

static GtkWidget *
new_button (const char *label)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  return button;
}

static void
describe_subject (AttestConflictsDialog *self,
                  Item                  *item,
                  char                 **out_title,
                  char                 **out_subtitle)
{
  *out_title = NULL;
  *out_subtitle = NULL;
  if (g_str_equal (item->entity, "claim"))
    {
      g_autofree char *title = NULL;
      g_autofree char *quote = NULL;

      if (attest_store_describe_claim (self->store, item->uuid, &title, &quote, NULL))
        {
          *out_title = g_steal_pointer (&title);
          g_auto(GStrv) words = g_strsplit_set (g_strstrip (quote), " \t\r\n", -1);
          g_autoptr(GStrvBuilder) kept = g_strv_builder_new ();
          g_auto(GStrv) joined = NULL;
          g_autofree char *line = NULL;

          /* One line of words: the passage's line breaks mean nothing here. */
          for (guint w = 0; words[w]; w++)
            if (*words[w])
              g_strv_builder_add (kept, words[w]);
          joined = g_strv_builder_end (kept);
          line = g_strjoinv (" ", joined);
          /* Translators: the passage a claim marks, quoted */
          *out_subtitle = g_strdup_printf (_("“%s”"), line);
        }
      else
        *out_title = g_strdup (_("A claim no longer in this database"));
    }
  else if (g_str_equal (item->entity, "category"))
    {
      g_autofree char *label = category_words (self, item->uuid);

      *out_title = g_strdup_printf (_("The category “%s”"), label);
      *out_subtitle = g_strdup (_("Part of the taxonomy every claim is filed under"));
    }
  else if (g_str_equal (item->entity, "document"))
    {
      g_autoptr(AttestDocument) doc = attest_store_get_document (self->store, item->uuid, NULL);

      *out_title = doc ? attest_document_dup_label (doc) : g_strdup (_("Untitled Article"));
      *out_subtitle = g_strdup (_("The article’s properties"));
    }
  else if (g_str_equal (item->entity, "outlet"))
    {
      *out_title = g_strdup_printf (_("The outlet name “%s”"), item->field);
      *out_subtitle = g_strdup (_("Which outlet this name stands for"));
    }
  else
    *out_title = g_strdup (_("A change made in both copies"));
}

static void
add_item (AttestConflictsDialog *self,
          AttestMergeConflict   *c)
{
  Item *item = g_new0 (Item, 1);
  GtkWidget *group = adw_preferences_group_new ();
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;

  item->dialog = self;
  item->id = g_strdup (c->id);
  item->entity = g_strdup (c->entity);
  item->uuid = g_strdup (c->uuid);
  item->field = g_strdup (c->field);
  item->ours = g_strdup (c->ours);
  item->theirs = g_strdup (c->theirs);
  g_ptr_array_add (self->items, item);

  describe_subject (self, item, &title, &subtitle);
  item->subject_row = new_row (title, subtitle);
  adw_action_row_set_subtitle_lines (item->subject_row, 3);
  gtk_widget_add_css_class (GTK_WIDGET (item->subject_row), "heading");
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (item->subject_row));

  if (g_str_equal (item->field, "deleted"))
    {
      gboolean deleted_here = g_strcmp0 (item->ours, "1") == 0;

      item->ours_row = new_row (deleted_here ? _("You deleted this claim; their copy changed it")
                                             : _("You changed this claim; their copy deleted it"),
                                _("Deleted for now"));
      item->theirs_row = new_row (deleted_here ? _("Their changed version")
                                               : _("Your changed version"),
                                _("Restoring brings it back as a new claim, with its sources"));
      item->keep_button = new_button (_("_Accept Deletion"));
      item->take_button = new_button (_("_Restore"));
      adw_action_row_add_suffix (item->ours_row, item->keep_button);
      adw_action_row_add_suffix (item->theirs_row, item->take_button);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (item->ours_row));
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (item->theirs_row));
      g_signal_connect (item->take_button, "clicked", G_CALLBACK (on_take), item);
    }
  else
    {
      g_autofree char *ours = version_title (self, item, item->ours);
      g_autofree char *theirs = version_title (self, item, item->theirs);

      item->ours_row = new_row (ours, _("Your version, kept for now"));
      item->theirs_row = new_row (theirs, _("Their version"));
      item->keep_button = new_button (_("Keep _Mine"));
      /* The store takes their value of a claim, a category or an article's
       * properties; an outlet's name stays as this copy has it. */
      if (!g_str_equal (item->entity, "outlet"))
        item->take_button = new_button (_("Take _Theirs"));
      adw_action_row_set_title_lines (item->ours_row, 4);
      adw_action_row_set_title_lines (item->theirs_row, 4);
      adw_action_row_add_suffix (item->ours_row, item->keep_button);
      if (item->take_button)
        adw_action_row_add_suffix (item->theirs_row, item->take_button);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (item->ours_row));
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (item->theirs_row));
      if (item->take_button)
        g_signal_connect (item->take_button, "clicked", G_CALLBACK (on_take), item);
    }
  g_signal_connect (item->keep_button, "clicked", G_CALLBACK (on_keep), item);
  gtk_box_append (self->list, group);

}

static void
attest_conflicts_dialog_dispose (GObject *object)
{
  AttestConflictsDialog *self = ATTEST_CONFLICTS_DIALOG (object);

  if (self->store != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->store, self);
      attest_store_unwatch (self->store);
    }
  g_clear_object (&self->store);
  g_clear_pointer (&self->items, g_ptr_array_unref);

  G_OBJECT_CLASS (attest_conflicts_dialog_parent_class)->dispose (object);
}

static void
attest_conflicts_dialog_class_init (AttestConflictsDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = attest_conflicts_dialog_dispose;

  /**
   * AttestConflictsDialog::settled:
   * @id: the conflict's id
   *
   * A conflict was settled in the store: the views should show its claim,
   * category or article as it now is.
   */
  signals[SETTLED] = g_signal_new ("settled", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/attest/Attest/attest-conflicts-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, AttestConflictsDialog, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, AttestConflictsDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, AttestConflictsDialog, list);
  gtk_widget_class_bind_template_child (widget_class, AttestConflictsDialog, intro);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
attest_conflicts_dialog_init (AttestConflictsDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->items = g_ptr_array_new_with_free_func ((GDestroyNotify) item_free);
}

AttestConflictsDialog *
attest_conflicts_dialog_new (GtkWindow   *parent,
                             AttestStore *store,
                             GPtrArray   *conflicts)
{
  AttestConflictsDialog *self;
  g_autofree char *intro = NULL;

  g_return_val_if_fail (ATTEST_IS_STORE (store), NULL);

  self = g_object_new (ATTEST_TYPE_CONFLICTS_DIALOG, "transient-for", parent, NULL);
  self->store = g_object_ref (store);
  intro = g_strdup_printf (ngettext ("One change was made differently in your copy and in theirs. "
                                     "Yours is kept until you choose; your choice is saved in the "
                                     "history and reaches your teammates when they merge your copy.",
                                     "%u changes were made differently in your copy and in theirs. "
                                     "Yours are kept until you choose; each choice is saved in the "
                                     "history and reaches your teammates when they merge your copy.",
                                     conflicts->len),
                           conflicts->len);
  gtk_label_set_text (self->intro, intro);
  for (guint i = 0; i < conflicts->len; i++)
    add_item (self, g_ptr_array_index (conflicts, i));
  /* Settled already (the dialog opened again, or by a teammate), and
   * from now on as teammates settle them: rows never offer a choice the
   * store would refuse. */
  refresh_items (self);
  attest_store_watch (store);
  g_signal_connect_swapped (store, "changed", G_CALLBACK (refresh_items), self);
  g_signal_connect (self, "notify::is-active", G_CALLBACK (on_active_changed), NULL);
  return self;
}

guint
attest_conflicts_dialog_get_n_open (AttestConflictsDialog *self)
{
  guint open = 0;

  g_return_val_if_fail (ATTEST_IS_CONFLICTS_DIALOG (self), 0);
  for (guint i = 0; i < self->items->len; i++)
    open += !((Item *) g_ptr_array_index (self->items, i))->settled;
  return open;
}

GtkWidget *
attest_conflicts_dialog_get_button (AttestConflictsDialog *self,
                                    guint                  index,
                                    AttestSettle           choice)
{
  Item *item;

  g_return_val_if_fail (ATTEST_IS_CONFLICTS_DIALOG (self), NULL);
  g_return_val_if_fail (index < self->items->len, NULL);
  item = g_ptr_array_index (self->items, index);
  return choice == ATTEST_SETTLE_TAKE_THEIRS && item->take_button ? item->take_button : item->keep_button;
}

AdwActionRow *
attest_conflicts_dialog_get_subject_row (AttestConflictsDialog *self,
                                         guint                  index)
{
  g_return_val_if_fail (ATTEST_IS_CONFLICTS_DIALOG (self), NULL);
  g_return_val_if_fail (index < self->items->len, NULL);
  return ((Item *) g_ptr_array_index (self->items, index))->subject_row;
}
