/* attest-window-actions.c — the window's actions (win.*) and what they
 * do: undo and redo, deleting a claim, the article's corrections, importing
 * (in a worker thread, through attest-import.h), opening, creating and
 * merging databases, searching, exporting, statistics; and which of them
 * are enabled. The struct is in attest-window-private.h. */
#include "config.h"

#include "attest-window-private.h"

#include <glib/gi18n.h>

#include "attest-analysis-window.h"
#include "attest-annotator-name.h"
#include "attest-conflicts-dialog.h"
#include "attest-date.h"
#include "attest-export-dialog.h"
#include "attest-fields-dialog.h"
#include "attest-file-chooser.h"
#include "attest-find-bar.h"
#include "attest-exchange.h"
#include "attest-import.h"
#include "attest-taxonomy-editor.h"

/* ---------------------------------------------------------- undo, delete */

#define DELETE_TOAST "attest-delete-toast"
#define TOAST_SETTLE_MS 500

static void
forget_delete_toast (AttestWindow *self,
                     AdwToast     *toast)
{
  g_object_set_data (G_OBJECT (toast), "attest-gone", GINT_TO_POINTER (TRUE));
  if (g_object_get_data (G_OBJECT (self), DELETE_TOAST) == toast)
    g_object_set_data (G_OBJECT (self), DELETE_TOAST, NULL);
}

static gboolean
dismiss_toast_now (gpointer data)
{
  AdwToast *toast = data;

  if (!g_object_get_data (G_OBJECT (toast), "attest-gone"))
    adw_toast_dismiss (toast);
  return G_SOURCE_REMOVE;
}

/* A deletion undone by any means: its toast's Undo has nothing left to do. */
static void
dismiss_delete_toast (AttestWindow *self,
                      const char   *uuid)
{
  AdwToast *toast = g_object_get_data (G_OBJECT (self), DELETE_TOAST);
  GVariant *target = toast ? adw_toast_get_action_target_value (toast) : NULL;

  if (target != NULL && g_str_equal (g_variant_get_string (target, NULL), uuid))
    {
      gint64 shown = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (toast), "attest-shown"));
      gint64 age_ms = (g_get_monotonic_time () / 1000) - shown;

      g_object_set_data (G_OBJECT (self), DELETE_TOAST, NULL);
      /* libadwaita 1.2 aborts when a toast is dismissed while the one it
       * pushed aside is still sliding out: wait for that (300 ms) first. */
      if (age_ms >= TOAST_SETTLE_MS)
        dismiss_toast_now (toast);
      else
        g_timeout_add_full (G_PRIORITY_DEFAULT, TOAST_SETTLE_MS - age_ms, dismiss_toast_now,
                            g_object_ref (toast), g_object_unref);
    }
}

static void
delete_claim (GtkWidget  *widget,
              const char *action,
              GVariant   *param)
{
  AttestWindow *self = ATTEST_WINDOW (widget);
  g_autoptr(GError) error = NULL;
  g_autofree char *uuid = g_strdup (self->selected_claim);
  AttestClaim *claim = uuid ? attest_claim_list_lookup (self->claims, uuid) : NULL;
  g_autofree char *quote = NULL;
  g_autofree char *message = NULL;
  AdwToast *toast;

  if (uuid == NULL || !_attest_window_is_editable (self))
    return;
  _attest_window_flush_comment (self);
  /* Named by the start of its passage, taken before it goes. */
  if (claim != NULL && claim->quote != NULL)
    {
      quote = g_utf8_strlen (claim->quote, -1) > 32 ? g_utf8_substring (claim->quote, 0, 32)
                                                     : g_strdup (claim->quote);
      if (g_utf8_strlen (claim->quote, -1) > 32)
        {
          g_autofree char *cut = g_steal_pointer (&quote);
          quote = g_strconcat (g_strchomp (cut), "…", NULL);
        }
    }
  if (!attest_undo_stack_perform_delete (self->undo, self->store, uuid, &error))
    {
      _attest_window_toast_error (self, error);
      return;
    }
  _attest_window_claim_gone (self, uuid);
  _attest_window_refresh_sources (self);
  attest_document_list_refresh_counts (self->document_list);

  message = quote ? g_strdup_printf (_("Claim “%s” deleted"), quote) : g_strdup (_("Claim deleted"));
  toast = adw_toast_new (message);
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_set_timeout (toast, 10);
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_action_name (toast, "win.undo-delete");
  adw_toast_set_action_target_value (toast, g_variant_new_string (uuid));
  /* Kept (until it goes) so that undoing the deletion by Ctrl+Z takes it away. */
  g_object_set_data (G_OBJECT (toast), "attest-shown", GSIZE_TO_POINTER (g_get_monotonic_time () / 1000));
  g_object_set_data_full (G_OBJECT (self), DELETE_TOAST, g_object_ref (toast), g_object_unref);
  g_signal_connect_object (toast, "dismissed", G_CALLBACK (forget_delete_toast), self, G_CONNECT_SWAPPED);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* The deletion toast's Undo: the deletion is undone if it is still the
 * last edit; after another edit, Ctrl+Z walks back to it in order. */
static void
undo_delete (GtkWidget  *widget,
             const char *action,
             GVariant   *param)
{
  AttestWindow *self = ATTEST_WINDOW (widget);

  if (attest_undo_stack_peek_undo (self->undo) != ATTEST_EDIT_DELETE)
    {
      attest_window_toast (self, _("Other edits came after the deletion: undo them first with Ctrl+Z"));
      return;
    }
  /* The toast's own button: the toast goes by itself, dismissing it twice
   * confuses the overlay. */
  g_object_set_data (G_OBJECT (self), DELETE_TOAST, NULL);
  gtk_widget_activate_action (widget, "win.undo", NULL);
}

/* Escape where nothing else takes it (the inspector, the lists): no claim
 * is selected any more. In a text field it stays the field's. */
static gboolean
deselect_claim (GtkWidget *widget,
                GVariant  *args,
                gpointer   user_data)
{
  AttestWindow *self = ATTEST_WINDOW (widget);
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (widget));

  if (self->selected_claim == NULL || GTK_IS_EDITABLE (focus) ||
      (focus != NULL && gtk_widget_get_ancestor (focus, GTK_TYPE_EDITABLE) != NULL) ||
      (focus != NULL && gtk_widget_get_ancestor (focus, GTK_TYPE_POPOVER) != NULL))
    return FALSE;
  attest_window_select_claim (self, NULL);
  return TRUE;
}

/* The selected claim's attributions are marked in the text, following
 * the selection and every edit of the article's claims (links included). */
static void
mark_linked_sources (AttestWindow *self)
{
  AttestClaim *claim = self->selected_claim ? attest_claim_list_lookup (self->claims, self->selected_claim)
                                            : NULL;

  attest_article_view_show_sources (self->article_view, claim ? claim->source_uuids : NULL, NULL);
}

/* A source row clicked in the inspector: its citation in the text. */
static void
show_source (AttestWindow *self,
             const char   *source_uuid)
{
  AttestClaim *claim = self->selected_claim ? attest_claim_list_lookup (self->claims, self->selected_claim)
                                            : NULL;
  g_autoptr(GPtrArray) uuids = g_ptr_array_new ();

  for (guint i = 0; claim && i < claim->source_uuids->len; i++)
    g_ptr_array_add (uuids, g_ptr_array_index (claim->source_uuids, i));
  g_ptr_array_add (uuids, (gpointer) source_uuid);
  if (!attest_article_view_show_sources (self->article_view, uuids, source_uuid))
    attest_window_toast (self, _("The article’s text does not cite this source"));
}

/* After undo/redo: show the claim as the store now has it, or not at all. */
static void
resync_claim (AttestWindow *self,
              const char   *uuid)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestClaim) claim = attest_store_get_claim (self->store, uuid, &error);

  if (claim == NULL)
    _attest_window_claim_gone (self, uuid);
  else if (self->document && g_str_equal (claim->document_uuid, self->document->uuid))
    {
      _attest_window_claim_saved (self, claim);
      attest_window_select_claim (self, uuid);
    }
  _attest_window_refresh_sources (self);
  attest_document_list_refresh_counts (self->document_list);
}

/* The start of a claim's passage, to name it in a toast. */
static char *
short_quote (const char *quote)
{
  g_autofree char *cut = NULL;

  if (g_utf8_strlen (quote, -1) <= 32)
    return g_strdup (quote);
  cut = g_utf8_substring (quote, 0, 32);
  return g_strconcat (g_strchomp (cut), "…", NULL);
}

/* What Ctrl+Z or Ctrl+Shift+Z did to a claim, in words; NULL for other edits. */
static char *
describe_undo (AttestWindow *self,
               gboolean      undo,
               int           kind,
               const char   *uuid)
{
  g_autofree char *title = NULL;
  g_autofree char *quote = NULL;
  g_autofree char *shortq = NULL;
  const char *format;

  switch (kind)
    {
    case ATTEST_EDIT_CREATE:
      format = undo ? _("Undone: claim “%s” created") : _("Redone: claim “%s” created");
      break;
    case ATTEST_EDIT_DELETE:
      format = undo ? _("Undone: claim “%s” deleted") : _("Redone: claim “%s” deleted");
      break;
    case ATTEST_EDIT_UPDATE:
      format = undo ? _("Undone: change to claim “%s”") : _("Redone: change to claim “%s”");
      break;
    case ATTEST_EDIT_LINK:
      format = undo ? _("Undone: source linked to claim “%s”") : _("Redone: source linked to claim “%s”");
      break;
    case ATTEST_EDIT_UNLINK:
      format = undo ? _("Undone: source unlinked from claim “%s”")
                    : _("Redone: source unlinked from claim “%s”");
      break;
    default:
      return NULL;
    }
  if (!attest_store_describe_claim (self->store, uuid, &title, &quote, NULL) || quote == NULL)
    return NULL;
  shortq = short_quote (quote);
  return g_strdup_printf (format, shortq);
}

static void
forget_undo_toast (AttestWindow *self,
                   AdwToast     *toast)
{
  if (g_object_get_data (G_OBJECT (self), "attest-undo-toast") == toast)
    g_object_set_data (G_OBJECT (self), "attest-undo-toast", NULL);
}

/* One toast for a run of Ctrl+Z: retitled while it is up, not a queue of
 * stale ones. */
static void
toast_undo (AttestWindow *self,
            const char   *message)
{
  AdwToast *toast = g_object_get_data (G_OBJECT (self), "attest-undo-toast");

  if (toast != NULL)
    {
      adw_toast_set_title (toast, message);
      return;
    }
  toast = adw_toast_new (message);
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_set_timeout (toast, 6);
  g_object_set_data_full (G_OBJECT (self), "attest-undo-toast", g_object_ref (toast), g_object_unref);
  g_signal_connect_object (toast, "dismissed", G_CALLBACK (forget_undo_toast), self, G_CONNECT_SWAPPED);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
undo_or_redo (GtkWidget  *widget,
              const char *action,
              GVariant   *param)
{
  AttestWindow *self = ATTEST_WINDOW (widget);
  g_autoptr(GError) error = NULL;
  g_autofree char *uuid = NULL;

  int kind;

  if (!_attest_window_is_editable (self))
    return;
  /* A comment being typed is saved and becomes the step to undo. */
  _attest_window_flush_comment (self);
  kind = g_str_equal (action, "win.undo") ? attest_undo_stack_peek_undo (self->undo)
                                          : attest_undo_stack_peek_redo (self->undo);
  uuid = g_str_equal (action, "win.undo") ? attest_undo_stack_undo (self->undo, self->store, &error)
                                          : attest_undo_stack_redo (self->undo, self->store, &error);
  if (uuid == NULL)
    {
      _attest_window_toast_error (self, error);
      return;
    }
  /* A category's colour, name or digit: every view shows the taxonomy. */
  if (kind == ATTEST_EDIT_CATEGORY || kind == ATTEST_EDIT_CATEGORY_MOVE)
    _attest_window_reload_categories (self);
  /* "": the article or its citations, not a claim. */
  if (kind == ATTEST_EDIT_DELETE && g_str_equal (action, "win.undo"))
    dismiss_delete_toast (self, uuid);
  if (*uuid == '\0')
    _attest_window_reload_article (self);
  else
    {
      g_autoptr(AttestClaim) claim = attest_store_get_claim (self->store, uuid, NULL);
      g_autofree char *message = describe_undo (self, g_str_equal (action, "win.undo"), kind, uuid);

      /* An edit in another article: that article is shown, the claim selected. */
      if (claim != NULL && (self->document == NULL || !g_str_equal (claim->document_uuid, self->document->uuid)))
        attest_window_open_document (self, claim->document_uuid);
      resync_claim (self, uuid);
      if (message != NULL)
        toast_undo (self, message);
    }
}


/* ------------------------------------------------------- corrections */

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
        _attest_window_toast_error (self, error);
      return;
    }

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      g_autofree char *value = attest_fields_dialog_dup_value (dialog, i);
      const char *old = i == 0 ? doc->title : i == 1 ? doc->author : i == 2 ? doc->date : doc->publication;

      if (g_strcmp0 (old, value) == 0)
        continue;
      if (!attest_undo_stack_perform_document (self->undo, self->store, doc->uuid, fields[i], old, value,
                                               &error))
        {
          _attest_window_toast_error (self, error);
          break;
        }
    }
  _attest_window_reload_article (self);
}

static void
properties_action (GtkWidget  *widget,
                   const char *action,
                   GVariant   *param)
{
  AttestWindow *self = ATTEST_WINDOW (widget);
  AttestFieldsDialog *dialog;
  AttestDocument *doc = self->document;

  if (doc == NULL || !_attest_window_is_editable (self))
    return;
  _attest_window_flush_comment (self);
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
  g_autofree char *outlet = attest_fields_dialog_dup_value (dialog, 0);
  g_autofree char *place = attest_fields_dialog_dup_value (dialog, 1);
  g_autofree char *date = attest_fields_dialog_dup_value (dialog, 2);
  const char *uuid = g_object_get_data (G_OBJECT (dialog), "document-uuid");
  gint64 *range = g_object_get_data (G_OBJECT (dialog), "range");

  if (!g_str_equal (response, "apply") || self->store == NULL)
    return;
  citation = attest_undo_stack_perform_mark (self->undo, self->store, uuid, range[0], range[1],
                                             outlet, place, date, &error);
  if (citation == NULL)
    {
      _attest_window_toast_error (self, error);
      return;
    }
  _attest_window_reload_article (self);
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

  if (self->document == NULL || !_attest_window_is_editable (self))
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
  _attest_window_flush_comment (self);
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
      _attest_window_toast_error (self, error);
      return;
    }
  message = outlet ? g_strdup_printf (_("“%s” is now a name of %s"), name, outlet)
                   : g_strdup_printf (_("%s is now a known outlet"), name);
  attest_window_toast (self, message);
  _attest_window_reload_article (self);
}

static void
outlets_action (GtkWidget  *widget,
                const char *action,
                GVariant   *param)
{
  AttestWindow *self = ATTEST_WINDOW (widget);
  AttestFieldsDialog *dialog;

  if (self->store == NULL || !_attest_window_is_editable (self))
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
  char               *db_path;
  char               *annotator;
  GPtrArray          *files;     /* GFile */
  GPtrArray          *failures;  /* char*, "name: reason" */
  GPtrArray          *sets;      /* char*, what each annotation set brought */
  GPtrArray          *set_details; /* char*, the files each one left out, or NULL */
  AttestImportReport  report;
  /* In the worker thread: */
  AttestWindow       *window;
  guint               done;      /* files read, of @total */
  guint               total;
  gint64              last_report;
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
  g_ptr_array_unref (job->sets);
  g_ptr_array_unref (job->set_details);
  attest_import_report_clear (&job->report);
  g_free (job);
}

static gboolean
show_import_progress (gpointer data)
{
  ImportProgress *p = data;
  AttestWindow *self = p->window;
  /* The list shows the count; out of sight, a bar under the header does. */
  gboolean list_hidden = !adw_flap_get_reveal_flap (self->sidebar_flap) ||
                         !gtk_widget_get_mapped (GTK_WIDGET (self->document_list));

  attest_document_list_show_progress (self->document_list, p->fraction, p->text);
  gtk_progress_bar_set_fraction (self->import_progress, p->fraction);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->import_progress), p->text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->import_progress),
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_TEXT, p->text, -1);
  gtk_revealer_set_reveal_child (self->import_revealer, list_hidden);
  g_object_unref (p->window);
  g_free (p->text);
  g_free (p);
  return G_SOURCE_REMOVE;
}

/* What one annotation set brought, for a toast. */
static char *
dup_set_summary (const char               *name,
                 const AttestImportCounts *counts,
                 char                    **left_out)
{
  guint claims = (guint) MIN (counts->claims_added, G_MAXUINT);
  g_autofree char *articles_text = NULL;
  g_autofree char *claims_text = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *selections = NULL;

  if (counts->claims_added == 0 && counts->documents_added == 0)
    /* TRANSLATORS: %s is a file name */
    summary = g_strdup_printf (_("%s: nothing new, its claims are in the database already"), name);
  else if (counts->documents_added == 0)
    summary = g_strdup_printf (ngettext ("%s: %u claim imported", "%s: %u claims imported", claims), name, claims);
  else
    {
      /* TRANSLATORS: a file name, then "3 articles" and "12 claims" */
      articles_text = g_strdup_printf (ngettext ("%u article", "%u articles", counts->documents_added),
                                       counts->documents_added);
      claims_text = g_strdup_printf (ngettext ("%u claim", "%u claims", claims), claims);
      summary = g_strdup_printf (_("%s: %s and %s imported"), name, articles_text, claims_text);
    }
  /* A brat or CAS folder's other files: counted here, named in the
   * toast's details (dup_left_out()). */
  if (left_out != NULL && left_out[0] != NULL)
    {
      guint n = g_strv_length (left_out);
      /* TRANSLATORS: what was imported, then how many files were not read */
      char *with = g_strdup_printf (ngettext ("%s; %u file left out, not part of the annotation set",
                                              "%s; %u files left out, not part of the annotation set", n),
                                    summary, n);

      g_free (summary);
      summary = with;
    }
  /* A REFI-QDA project's quotations with no code are not claims. */
  if (counts->selections_left_out == 0)
    return g_steal_pointer (&summary);
  selections = g_strdup_printf (ngettext ("%u selection without a code left out",
                                          "%u selections without a code left out",
                                          counts->selections_left_out), counts->selections_left_out);
  /* TRANSLATORS: what was imported, then "2 selections without a code left out" */
  return g_strdup_printf (_("%s; %s"), summary, selections);
}

/* The files beside an annotation set that its import did not read, one
 * a line: the first hundred, then how many more. */
static char *
dup_left_out (const char  *name,
              char       **left_out)
{
  GString *text;
  guint n;

  if (left_out == NULL || left_out[0] == NULL)
    return NULL;
  n = g_strv_length (left_out);
  text = g_string_new (NULL);
  /* TRANSLATORS: %s is the annotation set's file or folder name */
  g_string_append_printf (text, _("These files are in “%s” but are not part of its annotation set, so they were not read:"),
                          name);
  for (guint i = 0; i < MIN (n, 100); i++)
    g_string_append_printf (text, "\n%s", left_out[i]);
  if (n > 100)
    {
      g_string_append_c (text, '\n');
      g_string_append_printf (text, ngettext ("…and %u more", "…and %u more", n - 100), n - 100);
    }
  return g_string_free (text, FALSE);
}

/* A few updates a second are enough to show progress. */
static void
report_import_progress (ImportJob *job,
                        gboolean   force)
{
  gint64 now = g_get_monotonic_time ();
  ImportProgress *p;

  if (!force && now - job->last_report < 100 * G_TIME_SPAN_MILLISECOND)
    return;
  p = g_new0 (ImportProgress, 1);
  p->window = g_object_ref (job->window);
  p->fraction = job->total > 0 ? (double) job->done / job->total : 0;
  p->text = g_strdup_printf (_("Importing %u of %u…"), MIN (job->done + 1, job->total), job->total);
  g_main_context_invoke (NULL, show_import_progress, p);
  job->last_report = now;
}

static void
article_read (guint    done,
              guint    total,
              gpointer user_data)
{
  ImportJob *job = user_data;

  job->done++;
  report_import_progress (job, FALSE);
}

static void
article_done (GFile          *file,
              AttestDocument *stored,
              gboolean        existed,
              const GError   *error,
              gpointer        user_data)
{
  ImportJob *job = user_data;
  g_autofree char *name = NULL;

  if (stored != NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  name = g_file_get_basename (file);
  g_ptr_array_add (job->failures, g_strdup_printf (_("%s was not imported: %s"), name, error->message));
}

/* The articles gathered so far, written a batch at a time. */
static void
import_articles (AttestStore  *store,
                 ImportJob    *job,
                 GPtrArray    *articles,
                 GCancellable *cancellable)
{
  if (articles->len > 0)
    attest_import_files (store, (GFile **) articles->pdata, articles->len, NULL, &job->report,
                         article_done, article_read, job, cancellable, NULL);
  g_ptr_array_set_size (articles, 0);
}

/* A brat folder, a Web Annotation or CAS file, a REFI-QDA project: its
 * claims come in with it, all or nothing, after the articles before it. */
static void
import_set (AttestStore          *store,
            ImportJob            *job,
            GPtrArray            *articles,
            GFile                *file,
            AttestExchangeFormat  format,
            GCancellable         *cancellable)
{
  g_autofree char *name = g_file_get_basename (file);
  g_autoptr(GError) error = NULL;
  AttestImportCounts counts = { 0 };

  import_articles (store, job, articles, cancellable);
  if (g_cancellable_is_cancelled (cancellable))
    return;
  if (attest_exchange_import_file (store, file, format, &counts, cancellable, &error))
    {
      g_auto(GStrv) left_out = attest_exchange_list_left_out (file, format, cancellable, NULL);

      g_ptr_array_add (job->sets, dup_set_summary (name, &counts, left_out));
      g_ptr_array_add (job->set_details, dup_left_out (name, left_out));
    }
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_ptr_array_add (job->failures, g_strdup_printf (_("%s was not imported: %s"), name, error->message));
  job->done++;
  report_import_progress (job, FALSE);
}

/* What the files dropped or chosen come to: each one, and for a folder
 * (not an annotation set) the files in it; annotation sets told by their
 * format. */
static GPtrArray *
expand_folders (ImportJob    *job,
                GCancellable *cancellable)
{
  GPtrArray *items = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < job->files->len; i++)
    {
      GFile *file = g_ptr_array_index (job->files, i);
      g_autoptr(GPtrArray) inside = NULL;
      g_autoptr(GPtrArray) problems = NULL;
      g_autoptr(GError) error = NULL;

      /* A file is told apart (article or set) in import_thread(), once; a
       * folder here, as it may be a set itself (brat, UIMA). */
      if (g_file_query_file_type (file, G_FILE_QUERY_INFO_NONE, cancellable) != G_FILE_TYPE_DIRECTORY ||
          attest_exchange_detect (file, cancellable) != ATTEST_EXCHANGE_NONE)
        {
          g_ptr_array_add (items, g_object_ref (file));
          continue;
        }
      if (!(inside = attest_import_list_folder (file, &problems, cancellable, &error)))
        continue;
      /* What in the folder cannot be read is told; the rest comes in. */
      for (guint k = 0; k < problems->len; k++)
        {
          AttestImportProblem *problem = g_ptr_array_index (problems, k);
          g_autofree char *name = g_file_get_basename (problem->file);

          g_ptr_array_add (job->failures, g_strdup_printf (_("%s was not imported: %s"), name,
                                                           problem->error->message));
        }
      g_ptr_array_extend_and_steal (items, g_steal_pointer (&inside));
    }
  return items;
}

/* Runs in a worker thread with its own connection: SQLite connections are
 * not shared between threads, and WAL lets the window keep reading.
 * Articles are written in batches (attest_import_files()). */
static void
import_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ImportJob *job = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestStore) store = attest_store_open (job->db_path, ATTEST_STORE_OPEN_NO_CREATE, &error);
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GPtrArray) articles = g_ptr_array_new_with_free_func (g_object_unref);

  if (store == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  attest_store_set_annotator (store, job->annotator, NULL);

  job->window = ATTEST_WINDOW (source_object);
  items = expand_folders (job, cancellable);
  job->total = items->len;
  report_import_progress (job, TRUE);

  for (guint i = 0; i < items->len && !g_cancellable_is_cancelled (cancellable); i++)
    {
      GFile *file = g_ptr_array_index (items, i);
      AttestExchangeFormat format = attest_exchange_detect (file, cancellable);

      if (format != ATTEST_EXCHANGE_NONE)
        import_set (store, job, articles, file, format, cancellable);
      else
        g_ptr_array_add (articles, g_object_ref (file));
    }
  import_articles (store, job, articles, cancellable);

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
  attest_document_list_show_progress (self->document_list, 0, NULL);
  gtk_revealer_set_reveal_child (self->import_revealer, FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      _attest_window_toast_error (self, error);
      _attest_window_update_actions (self);
      return;
    }

  /* One article from a PDF or a web page: say what was left out of it.
   * The article opens when the import ends: its name is on screen, and a
   * toast has room for little more than the summary. */
  if (job->report.imported == 1 && job->report.summary != NULL)
    attest_window_toast (self, job->report.summary);
  else if (job->report.imported > 0)
    {
      g_autofree char *msg = g_strdup_printf (ngettext ("%u article imported", "%u articles imported",
                                                        job->report.imported), job->report.imported);
      attest_window_toast (self, msg);
    }
  if (job->report.duplicates > 0)
    {
      g_autofree char *msg = g_strdup_printf (ngettext ("%u article was already in the database",
                                                        "%u articles were already in the database",
                                                        job->report.duplicates), job->report.duplicates);
      attest_window_toast (self, msg);
    }
  if (job->report.legacy > 0)
    {
      g_autofree char *msg = g_strdup_printf (ngettext ("%u article was not UTF-8 and was read as Windows-1252",
                                                        "%u articles were not UTF-8 and were read as Windows-1252",
                                                        job->report.legacy), job->report.legacy);
      attest_window_toast (self, msg);
    }

  for (guint i = 0; i < job->sets->len; i++)
    {
      const char *details = g_ptr_array_index (job->set_details, i);

      if (details != NULL)
        attest_window_toast_with_details (self, g_ptr_array_index (job->sets, i), _("Files Left Out"), details);
      else
        attest_window_toast (self, g_ptr_array_index (job->sets, i));
    }

  /* Failures last, so that they are on screen first; a reason is often
   * longer than a toast. */
  for (guint i = 0; i < job->failures->len; i++)
    attest_window_toast_with_details (self, g_ptr_array_index (job->failures, i), _("Not Imported"),
                                      g_ptr_array_index (job->failures, i));

  attest_document_list_reload (self->document_list);
  if (job->report.first_uuid)
    attest_window_open_document (self, job->report.first_uuid);
  _attest_window_update_actions (self);
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
  if (!_attest_window_is_editable (self))
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
  job->sets = g_ptr_array_new_with_free_func (g_free);
  job->set_details = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < n_files; i++)
    g_ptr_array_add (job->files, g_object_ref (files[i]));

  self->import_cancellable = g_cancellable_new ();
  task = g_task_new (self, self->import_cancellable, import_done, NULL);
  g_task_set_task_data (task, job, (GDestroyNotify) import_job_free);
  g_task_run_in_thread (task, import_thread);
  _attest_window_update_actions (self);
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
/* Sets of claims from other tools (attest-exchange.h); a brat folder is
 * chosen by its .ann files, or dropped whole. */
static const char *annotation_mime_types[] = {
  "text/x-brat-annotations", "application/ld+json", "application/x-uima-cas+json",
  "application/x-refi-qda-project", NULL
};
static const char *annotation_suffixes[] = {
  "ann", "jsonld", "json", "qdpx", NULL
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
  g_autoptr(GtkFileFilter) supported = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) articles = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) annotations = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  gtk_file_filter_set_name (supported, _("Articles and Annotations"));
  gtk_file_filter_set_name (articles, _("Articles (PDF, Word, OpenDocument, EPUB, web pages, text, TEI)"));
  gtk_file_filter_set_name (annotations, _("Annotations (brat, Web Annotation, UIMA CAS JSON, REFI-QDA)"));
  for (guint i = 0; article_mime_types[i] != NULL; i++)
    {
      gtk_file_filter_add_mime_type (supported, article_mime_types[i]);
      gtk_file_filter_add_mime_type (articles, article_mime_types[i]);
    }
  for (guint i = 0; article_suffixes[i] != NULL; i++)
    {
      gtk_file_filter_add_suffix (supported, article_suffixes[i]);
      gtk_file_filter_add_suffix (articles, article_suffixes[i]);
    }
  for (guint i = 0; annotation_mime_types[i] != NULL; i++)
    {
      gtk_file_filter_add_mime_type (supported, annotation_mime_types[i]);
      gtk_file_filter_add_mime_type (annotations, annotation_mime_types[i]);
    }
  for (guint i = 0; annotation_suffixes[i] != NULL; i++)
    {
      gtk_file_filter_add_suffix (supported, annotation_suffixes[i]);
      gtk_file_filter_add_suffix (annotations, annotation_suffixes[i]);
    }
  gtk_file_filter_set_name (all, _("All Files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), supported);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), articles);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), annotations);
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

  annotator = attest_annotator_name_dup_in_use (self->settings);
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
      g_autoptr(AttestDocument) stored = NULL;

      if (bytes == NULL ||
          !(stored = attest_import_bytes (store, bytes, names[i], NULL, NULL, NULL, error)))
        return NULL;
    }
  return g_steal_pointer (&store);
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
  g_autofree char *kind = attest_store_dup_network_filesystem (path);
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

/* The taxonomy as stored, in every view (after the editor, an undo of a
 * category edit, a merge or a settled conflict). */
void
_attest_window_reload_categories (AttestWindow *self)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *categories;

  if (self->store == NULL)
    return;
  if (!(categories = attest_store_list_categories (self->store, TRUE, &error)))
    {
      _attest_window_toast_error (self, error);
      return;
    }
  g_clear_pointer (&self->categories, g_ptr_array_unref);
  self->categories = categories;
  attest_article_view_set_categories (self->article_view, self->categories);
  attest_inspector_set_categories (self->inspector, self->categories);
}

/* A conflict settled: its claim, category or article as it now is. */
static void
conflict_settled (AttestWindow *self,
                  const char   *conflict_id)
{
  _attest_window_reload_categories (self);
  attest_document_list_reload (self->document_list);
  if (self->document)
    {
      g_autofree char *uuid = g_strdup (self->document->uuid);
      attest_window_open_document (self, uuid);
    }
}

static void
categories_action (GtkWidget  *widget,
                   const char *action,
                   GVariant   *param)
{
  AttestWindow *self = ATTEST_WINDOW (widget);
  AttestTaxonomyEditor *editor;

  if (self->store == NULL)
    return;
  _attest_window_flush_comment (self);
  editor = attest_taxonomy_editor_new (GTK_WINDOW (self), self->store, self->undo);
  g_signal_connect_object (editor, "changed", G_CALLBACK (_attest_window_reload_categories), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (editor));
}

/* Opens the conflicts dialog on every conflict still open: one closed
 * after a merge, or left by a merge on the command line, is never lost. */
static void
conflicts_action (GtkWidget  *widget,
                  const char *action,
                  GVariant   *param)
{
  AttestWindow *self = ATTEST_WINDOW (widget);
  g_autoptr(GPtrArray) open = NULL;
  g_autoptr(GError) error = NULL;
  AttestConflictsDialog *dialog;

  if (self->store == NULL)
    return;
  if (!(open = attest_store_list_open_conflicts (self->store, &error)))
    {
      attest_window_show_error (self, _("Could Not Read the Conflicts"), error);
      return;
    }
  if (open->len == 0)
    {
      attest_window_toast (self, _("No conflicts to settle"));
      return;
    }
  dialog = attest_conflicts_dialog_new (GTK_WINDOW (self), self->store, open);
  g_signal_connect_object (dialog, "settled", G_CALLBACK (conflict_settled), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
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

  if (!_attest_window_is_editable (self))
    return;
  if (!attest_store_merge (self->store, path, &report, &error))
    {
      attest_window_show_error (self, _("Could Not Merge"), error);
      return;
    }

  {
    /* Each count its own plural form: languages differ past "1 / many". */
    g_autofree char *added = g_strdup_printf (ngettext ("%u claim added", "%u claims added", report.claims_added),
                                              report.claims_added);
    /* Translators: claims updated by the merge */
    g_autofree char *updated = g_strdup_printf (ngettext ("%u updated", "%u updated", report.claims_updated),
                                                report.claims_updated);
    /* Translators: claims deleted by the merge */
    g_autofree char *deleted = g_strdup_printf (ngettext ("%u deleted", "%u deleted", report.claims_deleted),
                                                report.claims_deleted);
    g_autofree char *articles = g_strdup_printf (ngettext ("%u article added", "%u articles added",
                                                           report.documents_added),
                                                 report.documents_added);

    /* Translators: "Merged: 2 claims added, 1 updated, 0 deleted; 1 article added" */
    summary = g_strdup_printf (_("Merged: %s, %s, %s; %s"), added, updated, deleted, articles);
  }
  attest_window_toast (self, summary);

  if (report.conflicts->len > 0)
    {
      AttestConflictsDialog *dialog = attest_conflicts_dialog_new (GTK_WINDOW (self), self->store,
                                                                   report.conflicts);

      g_signal_connect_object (dialog, "settled", G_CALLBACK (conflict_settled), self, G_CONNECT_SWAPPED);
      gtk_window_present (GTK_WINDOW (dialog));
    }

  g_clear_pointer (&self->categories, g_ptr_array_unref);
  self->categories = attest_store_list_categories (self->store, TRUE, NULL);
  attest_article_view_set_categories (self->article_view, self->categories);
  attest_inspector_set_categories (self->inspector, self->categories);
  attest_document_list_reload (self->document_list);
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

  g_autofree char *previous = NULL;
  AdwToast *toast;

  g_return_if_fail (ATTEST_IS_WINDOW (self));

  if (self->store != NULL)
    previous = g_strdup (attest_store_get_path (self->store));
  if (!(store = open_demo (self, &error)))
    {
      attest_window_show_error (self, _("Could Not Open the Sample Articles"), error);
      return;
    }
  if (g_strcmp0 (previous, attest_store_get_path (store)) == 0)
    return;
  attest_window_set_store (self, store);
  if (previous == NULL)
    return;  /* the first database this window opens (--demo): nothing switched */

  /* The samples live in a database of their own, so trying them never
   * mixes them into the team's claims. Opening it is the user's asking, so
   * it is not asked again; but the switch is said, with the way back. */
  toast = adw_toast_new (_("Opened the sample articles, kept in a database of their own"));
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_set_timeout (toast, 10);
  adw_toast_set_button_label (toast, _("_Back to Your Database"));
  adw_toast_set_action_name (toast, "win.open-recent");
  adw_toast_set_action_target_value (toast, g_variant_new_string (previous));
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
show_details (GtkWidget  *widget,
              const char *action,
              GVariant   *param)
{
  const char *heading, *details;
  GtkWidget *dialog;

  g_variant_get (param, "(&s&s)", &heading, &details);
  dialog = adw_message_dialog_new (GTK_WINDOW (widget), heading, details);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
open_samples (GtkWidget  *widget,
              const char *action,
              GVariant   *param)
{
  attest_window_open_samples (ATTEST_WINDOW (widget));
}

void
_attest_window_update_recent_menu (AttestWindow *self)
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

  /* The list may be hidden, or folded away in a narrow window. */
  adw_flap_set_reveal_flap (self->sidebar_flap, TRUE);
  attest_document_list_focus_search (self->document_list);
}

/* Ctrl+F: find in the open article. */
static void
find_action (GtkWidget  *widget,
             const char *action,
             GVariant   *param)
{
  AttestWindow *self = ATTEST_WINDOW (widget);
  AttestFindBar *bar = ATTEST_FIND_BAR (gtk_widget_get_template_child (widget, ATTEST_TYPE_WINDOW, "find_bar"));

  if (self->document == NULL)
    return;
  attest_find_bar_set_text_view (bar, attest_article_view_get_text_view (self->article_view));
  attest_find_bar_open (bar);
}

static void
export_finished (AttestExportDialog *dialog,
                 const char         *message,
                 AttestWindow       *self)
{
  GFile *written = attest_export_dialog_get_written (dialog);
  AdwToast *toast;
  g_autofree char *uri = NULL;

  if (written == NULL)
    {
      attest_window_toast (self, message);
      return;
    }
  /* What was just written is what one looks at next. */
  uri = g_file_get_uri (written);
  toast = adw_toast_new (message);
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_set_timeout (toast, 10);
  adw_toast_set_button_label (toast, _("_Open"));
  adw_toast_set_action_name (toast, "win.open-export");
  adw_toast_set_action_target_value (toast, g_variant_new_string (uri));
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
export_opened (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(AttestWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!gtk_show_uri_full_finish (GTK_WINDOW (self), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_debug ("open export: %s", error->message);
      attest_window_toast (self, _("No application on this computer opens this kind of file"));
    }
}

/* The exported file, in the application the desktop opens it with. */
static void
open_export (GtkWidget  *widget,
             const char *action,
             GVariant   *param)
{
  gtk_show_uri_full (GTK_WINDOW (widget), g_variant_get_string (param, NULL), GDK_CURRENT_TIME, NULL,
                     export_opened, g_object_ref (widget));
}

static void
export_action (GtkWidget  *widget,
               const char *action,
               GVariant   *param)
{
  AttestWindow *self = ATTEST_WINDOW (widget);
  g_autoptr(GError) error = NULL;
  /* Ours to drop: GTK keeps the shown dialog until it is closed. */
  g_autoptr(AttestExportDialog) dialog = NULL;

  if (self->store == NULL)
    return;
  if (!(dialog = attest_export_dialog_new (GTK_WINDOW (self), self->store, &error)))
    {
      _attest_window_toast_error (self, error);
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
      _attest_window_toast_error (self, error);
      return;
    }
  gtk_window_present (GTK_WINDOW (analysis));
}

void
_attest_window_update_actions (AttestWindow *self)
{
  gboolean editable = _attest_window_is_editable (self);
  gboolean importing = self->import_cancellable != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.import", editable && !importing);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export", self->store != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.merge", editable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.conflicts", editable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.team", editable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.analysis", self->store != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.undo",
                                 editable && (attest_undo_stack_can_undo (self->undo) ||
                                              self->comment_before != NULL));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.redo",
                                 editable && attest_undo_stack_can_redo (self->undo));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.delete-claim",
                                 editable && self->selected_claim != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.search", self->store != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.find", self->document != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.document-properties",
                                 editable && self->document != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.mark-source", editable && self->document != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.outlets", editable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.categories", self->store != NULL);
}

/* ------------------------------------------------------------- installing */

void
_attest_window_class_actions_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.import", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "win.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "win.undo", NULL, undo_or_redo);
  gtk_widget_class_install_action (widget_class, "win.redo", NULL, undo_or_redo);
  gtk_widget_class_install_action (widget_class, "win.delete-claim", NULL, delete_claim);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "win.find", NULL, find_action);
  g_type_ensure (ATTEST_TYPE_FIND_BAR);
  gtk_widget_class_bind_template_child_full (widget_class, "find_bar", FALSE, 0);
  gtk_widget_class_install_action (widget_class, "win.new-database", NULL, choose_database);
  gtk_widget_class_install_action (widget_class, "win.open-database", NULL, choose_database);
  gtk_widget_class_install_action (widget_class, "win.open-recent", "s", open_recent);
  gtk_widget_class_install_action (widget_class, "win.open-samples", NULL, open_samples);
  gtk_widget_class_install_action (widget_class, "win.show-details", "(ss)", show_details);
  gtk_widget_class_install_action (widget_class, "win.merge", NULL, merge_action);
  gtk_widget_class_install_action (widget_class, "win.conflicts", NULL, conflicts_action);
  gtk_widget_class_install_action (widget_class, "win.team", NULL, _attest_window_team_action);
  gtk_widget_class_install_action (widget_class, "win.analysis", NULL, analysis_action);
  gtk_widget_class_install_action (widget_class, "win.document-properties", NULL, properties_action);
  gtk_widget_class_install_action (widget_class, "win.mark-source", NULL, mark_source_action);
  gtk_widget_class_install_action (widget_class, "win.outlets", NULL, outlets_action);
  gtk_widget_class_install_action (widget_class, "win.undo-delete", "s", undo_delete);
  gtk_widget_class_install_action (widget_class, "win.open-export", "s", open_export);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Escape, 0, deselect_claim, NULL);
  gtk_widget_class_install_action (widget_class, "win.categories", NULL, categories_action);
}

void
_attest_window_actions_init (AttestWindow *self)
{
  GtkDropTarget *drop = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);

  g_signal_connect (drop, "drop", G_CALLBACK (on_drop), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));

  g_signal_connect_swapped (self->article_view, "notify::selected-claim", G_CALLBACK (mark_linked_sources), self);
  g_signal_connect_swapped (self->claims, "items-changed", G_CALLBACK (mark_linked_sources), self);
  g_signal_connect_swapped (self->inspector, "source-activated", G_CALLBACK (show_source), self);
}
