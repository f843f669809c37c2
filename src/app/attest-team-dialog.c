/* attest-team-dialog.c — see attest-team-dialog.h.
 *
 * Joining talks to the server and may bring a whole team's work: it runs
 * in a thread with a connection of its own to the database, never the
 * window's, and the dialog stays usable (and says what it does).
 */
#include "config.h"

#include <glib/gi18n.h>

#include "attest-error.h"
#include "attest-team.h"
#include "attest-team-dialog.h"
#include "attest-team-keyring.h"

struct _AttestTeamDialog
{
  AdwWindow         parent_instance;

  AdwToastOverlay  *toast_overlay;
  GtkStack         *stack;
  AdwEntryRow      *host_row;
  AdwEntryRow      *database_row;
  AdwEntryRow      *user_row;
  AdwEntryRow      *password_row;
  AdwEntryRow      *conninfo_row;
  GtkButton        *join_button;
  GtkLabel         *join_error;      /* why a join failed, whole (a toast would cut it) */
  AdwActionRow     *server_row;
  AdwActionRow     *state_row;
  AdwActionRow     *synced_row;
  GtkButton        *sync_button;
  GtkButton        *leave_button;

  AttestStore      *store;
  AttestTeamWorker *worker;
  GCancellable     *cancellable;
};

G_DEFINE_FINAL_TYPE (AttestTeamDialog, attest_team_dialog, ADW_TYPE_WINDOW)

enum {
  JOINED,
  LEFT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
toast (AttestTeamDialog *self,
       const char       *text)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (text));
}

/* ------------------------------------------------------------- member */

static void
show_member (AttestTeamDialog *self)
{
  g_auto(AttestTeamStatus) status = { 0 };
  g_autofree char *state = NULL;
  g_autoptr(GError) error = NULL;

  gtk_stack_set_visible_child_name (self->stack, "member");
  if (!attest_team_get_status (self->store, NULL, FALSE, &status, &error))
    {
      adw_action_row_set_subtitle (self->state_row, error->message);
      return;
    }
  adw_action_row_set_subtitle (self->server_row, status.server ? status.server : "");
  if (self->worker == NULL)
    state = g_strdup (_("Not syncing"));
  else
    switch (attest_team_worker_get_state (self->worker))
      {
      case ATTEST_TEAM_STATE_SYNCING:
        state = g_strdup (_("Syncing…"));
        break;
      case ATTEST_TEAM_STATE_SYNCED:
        state = g_strdup (_("Up to date with the team"));
        break;
      case ATTEST_TEAM_STATE_OFFLINE:
        {
          guint n = attest_team_worker_get_waiting (self->worker);

          state = g_strdup_printf (ngettext ("Offline: %u change waiting to be sent",
                                             "Offline: %u changes waiting to be sent", n), n);
        }
        break;
      case ATTEST_TEAM_STATE_FAILED:
      default:
        {
          g_autofree char *message = attest_team_worker_dup_message (self->worker);

          /* Translators: the team server refused a sync; %s is why */
          state = g_strdup_printf (_("Not synced: %s"), message ? message : "");
        }
        break;
      }
  adw_action_row_set_subtitle (self->state_row, state);
  gtk_widget_set_sensitive (GTK_WIDGET (self->sync_button), self->worker != NULL);
  {
    g_autoptr(GDateTime) when = status.synced ? g_date_time_new_from_iso8601 (status.synced, NULL) : NULL;
    g_autoptr(GDateTime) local = when ? g_date_time_to_local (when) : NULL;
    /* Translators: when the last sync finished; see g_date_time_format() */
    g_autofree char *text = local ? g_date_time_format (local, _("%e %B %Y, %H:%M:%S")) : NULL;

    adw_action_row_set_subtitle (self->synced_row, text ? g_strstrip (text) : _("Never"));
  }
}

void
attest_team_dialog_set_worker (AttestTeamDialog *self,
                               AttestTeamWorker *worker)
{
  g_return_if_fail (ATTEST_IS_TEAM_DIALOG (self));

  if (self->worker)
    g_signal_handlers_disconnect_by_data (self->worker, self);
  g_set_object (&self->worker, worker);
  if (worker)
    g_signal_connect_swapped (worker, "changed", G_CALLBACK (show_member), self);
  if (attest_team_is_member (self->store))
    show_member (self);
}

static void
on_sync (AttestTeamDialog *self)
{
  if (self->worker)
    attest_team_worker_poke (self->worker);
}

static void
leave_response (AdwMessageDialog *dialog,
                const char       *response,
                AttestTeamDialog *self)
{
  g_auto(AttestTeamStatus) status = { 0 };
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "leave") != 0)
    return;
  attest_team_get_status (self->store, NULL, FALSE, &status, NULL);
  if (!attest_team_leave (self->store, &error))
    {
      toast (self, error->message);
      return;
    }
  if (status.server)
    attest_team_keyring_clear (status.server);
  g_signal_emit (self, signals[LEFT], 0);
  gtk_stack_set_visible_child_name (self->stack, "join");
  toast (self, _("Left the team; your work stays in this database"));
}

static void
on_leave (AttestTeamDialog *self)
{
  AdwMessageDialog *dialog;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), _("Leave the Team?"),
                                                      _("This database stops syncing with the team’s server. "
                                                        "Its work stays here, and the team keeps what was sent; "
                                                        "changes not yet sent are not sent.")));
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "leave", _("_Leave Team"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "leave", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (leave_response), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* --------------------------------------------------------------- join */

typedef struct {
  char *path;
  char *annotator;
  char *conninfo;
  char *password;
  char *admin_sql;
  guint received;
  guint sent;
} Join;

static void
join_free (Join *j)
{
  g_free (j->path);
  g_free (j->annotator);
  g_free (j->conninfo);
  g_free (j->password);
  g_free (j->admin_sql);
  g_free (j);
}

static void
join_in_thread (GTask        *task,
                gpointer      source,
                gpointer      data,
                GCancellable *cancellable)
{
  Join *j = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestStore) store = attest_store_open (j->path, ATTEST_STORE_OPEN_NO_CREATE, &error);
  g_auto(AttestTeamReport) report = { 0 };

  if (store == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  attest_store_set_annotator (store, j->annotator, NULL);
  if (!attest_team_join (store, j->conninfo, j->password, &j->admin_sql, &report, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  j->received = report.received;
  j->sent = report.sent;
  g_task_return_boolean (task, TRUE);
}

static void
joined (GObject      *source,
        GAsyncResult *result,
        gpointer      data)
{
  AttestTeamDialog *self = ATTEST_TEAM_DIALOG (source);
  Join *j = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  gtk_widget_set_sensitive (GTK_WIDGET (self->join_button), TRUE);
  gtk_button_set_label (self->join_button, _("_Join Team"));
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          /* Translators: joining a team server failed; %s is why */
          g_autofree char *text = g_strdup_printf (_("Could not join: %s"), error->message);

          gtk_label_set_text (self->join_error, text);
          gtk_widget_set_visible (GTK_WIDGET (self->join_error), TRUE);
        }
      return;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->join_error), FALSE);
  if (j->password && *j->password)
    attest_team_keyring_store (j->conninfo, j->password);
  g_signal_emit (self, signals[JOINED], 0, j->password);
  show_member (self);
  if (j->admin_sql)
    toast (self, _("Joined; the team’s roles could not be made by this user: an administrator must create them"));
  else
    {
      g_autofree char *text = g_strdup_printf (_("Joined the team: %u changes received, %u sent"),
                                               j->received, j->sent);
      toast (self, text);
    }
}

/* The connection string of the fields, or of the advanced row. Values
 * are quoted for libpq, so a space or a quote in one cannot add a key. */
static char *
build_conninfo (AttestTeamDialog *self)
{
  const char *given = gtk_editable_get_text (GTK_EDITABLE (self->conninfo_row));
  const char *keys[] = { "host", "dbname", "user" };
  AdwEntryRow *rows[] = { self->host_row, self->database_row, self->user_row };
  GString *out;

  if (given && *given)
    return g_strdup (given);
  out = g_string_new (NULL);
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      const char *value = gtk_editable_get_text (GTK_EDITABLE (rows[i]));

      if (value == NULL || *value == '\0')
        continue;
      g_string_append_printf (out, "%s%s='", out->len ? " " : "", keys[i]);
      for (const char *p = value; *p; p++)
        {
          if (*p == '\'' || *p == '\\')
            g_string_append_c (out, '\\');
          g_string_append_c (out, *p);
        }
      g_string_append_c (out, '\'');
    }
  return g_string_free (out, FALSE);
}

static void
on_join (AttestTeamDialog *self)
{
  g_autoptr(GTask) task = NULL;
  Join *j;
  const char *annotator = attest_store_get_annotator (self->store);

  if (annotator == NULL || *annotator == '\0')
    {
      toast (self, _("Set your annotator name in Preferences first: the team knows each member by it"));
      return;
    }
  j = g_new0 (Join, 1);
  j->path = g_strdup (attest_store_get_path (self->store));
  j->annotator = g_strdup (annotator);
  j->conninfo = build_conninfo (self);
  j->password = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->password_row)));
  if (*j->conninfo == '\0')
    {
      join_free (j);
      toast (self, _("Give the server’s address, or a connection string"));
      return;
    }
  gtk_widget_set_sensitive (GTK_WIDGET (self->join_button), FALSE);
  gtk_button_set_label (self->join_button, _("Joining…"));
  task = g_task_new (self, self->cancellable, joined, NULL);
  g_task_set_task_data (task, j, (GDestroyNotify) join_free);
  g_task_run_in_thread (task, join_in_thread);
}

/* ------------------------------------------------------------- object */

static void
attest_team_dialog_dispose (GObject *object)
{
  AttestTeamDialog *self = ATTEST_TEAM_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  if (self->worker)
    g_signal_handlers_disconnect_by_data (self->worker, self);
  g_clear_object (&self->worker);
  g_clear_object (&self->store);
  g_clear_object (&self->cancellable);
  G_OBJECT_CLASS (attest_team_dialog_parent_class)->dispose (object);
}

static void
attest_team_dialog_class_init (AttestTeamDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = attest_team_dialog_dispose;

  signals[JOINED] = g_signal_new ("joined", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[LEFT] = g_signal_new ("left", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/attest/Attest/attest-team-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, AttestTeamDialog, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, AttestTeamDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, AttestTeamDialog, host_row);
  gtk_widget_class_bind_template_child (widget_class, AttestTeamDialog, database_row);
  gtk_widget_class_bind_template_child (widget_class, AttestTeamDialog, user_row);
  gtk_widget_class_bind_template_child (widget_class, AttestTeamDialog, password_row);
  gtk_widget_class_bind_template_child (widget_class, AttestTeamDialog, conninfo_row);
  gtk_widget_class_bind_template_child (widget_class, AttestTeamDialog, join_button);
  gtk_widget_class_bind_template_child (widget_class, AttestTeamDialog, join_error);
  gtk_widget_class_bind_template_child (widget_class, AttestTeamDialog, server_row);
  gtk_widget_class_bind_template_child (widget_class, AttestTeamDialog, state_row);
  gtk_widget_class_bind_template_child (widget_class, AttestTeamDialog, synced_row);
  gtk_widget_class_bind_template_child (widget_class, AttestTeamDialog, sync_button);
  gtk_widget_class_bind_template_child (widget_class, AttestTeamDialog, leave_button);
}

static void
attest_team_dialog_init (AttestTeamDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  g_signal_connect_swapped (self->join_button, "clicked", G_CALLBACK (on_join), self);
  g_signal_connect_swapped (self->sync_button, "clicked", G_CALLBACK (on_sync), self);
  g_signal_connect_swapped (self->leave_button, "clicked", G_CALLBACK (on_leave), self);
}

AttestTeamDialog *
attest_team_dialog_new (GtkWindow        *parent,
                        AttestStore      *store,
                        AttestTeamWorker *worker)
{
  AttestTeamDialog *self;

  g_return_val_if_fail (ATTEST_IS_STORE (store), NULL);

  self = g_object_new (ATTEST_TYPE_TEAM_DIALOG, "transient-for", parent, NULL);
  self->store = g_object_ref (store);
  attest_team_dialog_set_worker (self, worker);
  if (!attest_team_is_member (store))
    gtk_stack_set_visible_child_name (self->stack, "join");
  return self;
}

/* @name: "host", "database", "user", "password" or "conninfo". */
GtkEditable *
attest_team_dialog_get_entry (AttestTeamDialog *self,
                              const char       *name)
{
  g_return_val_if_fail (ATTEST_IS_TEAM_DIALOG (self), NULL);

  if (g_str_equal (name, "host"))
    return GTK_EDITABLE (self->host_row);
  if (g_str_equal (name, "database"))
    return GTK_EDITABLE (self->database_row);
  if (g_str_equal (name, "user"))
    return GTK_EDITABLE (self->user_row);
  if (g_str_equal (name, "password"))
    return GTK_EDITABLE (self->password_row);
  return GTK_EDITABLE (self->conninfo_row);
}

GtkButton *
attest_team_dialog_get_join_button (AttestTeamDialog *self)
{
  g_return_val_if_fail (ATTEST_IS_TEAM_DIALOG (self), NULL);
  return self->join_button;
}

/* "join" or "member". */
const char *
attest_team_dialog_get_page (AttestTeamDialog *self)
{
  g_return_val_if_fail (ATTEST_IS_TEAM_DIALOG (self), NULL);
  return gtk_stack_get_visible_child_name (self->stack);
}

AdwActionRow *
attest_team_dialog_get_state_row (AttestTeamDialog *self)
{
  g_return_val_if_fail (ATTEST_IS_TEAM_DIALOG (self), NULL);
  return self->state_row;
}
