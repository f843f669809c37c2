/* attest-window-team.c — the window's side of a team's server (part of
 * AttestWindow; see attest-window-private.h): the sync worker of a member
 * database, the header's sync state, and Main menu → Team Server….
 *
 * The worker has its own connection to the database: others' changes it
 * merges in reach this window as any other connection's commits do (the
 * store's watch), and this window's own changes poke it.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "attest-team.h"
#include "attest-team-dialog.h"
#include "attest-team-keyring.h"
#include "attest-window-private.h"

static void
show_state (AttestWindow *self)
{
  AttestTeamWorker *worker = self->team_worker;
  g_autofree char *text = NULL;
  const char *icon = "emblem-synchronizing-symbolic";

  gtk_widget_set_visible (GTK_WIDGET (self->team_button), worker != NULL);
  if (worker == NULL)
    return;
  switch (attest_team_worker_get_state (worker))
    {
    case ATTEST_TEAM_STATE_SYNCING:
      text = g_strdup (_("Syncing with the team…"));
      break;
    case ATTEST_TEAM_STATE_SYNCED:
      icon = "emblem-ok-symbolic";
      text = g_strdup (_("Up to date with the team"));
      break;
    case ATTEST_TEAM_STATE_OFFLINE:
      {
        guint n = attest_team_worker_get_waiting (worker);

        icon = "network-offline-symbolic";
        text = g_strdup_printf (ngettext ("Offline: %u change waiting to be sent",
                                          "Offline: %u changes waiting to be sent", n), n);
      }
      break;
    case ATTEST_TEAM_STATE_FAILED:
    default:
      {
        g_autofree char *message = attest_team_worker_dup_message (worker);

        icon = "dialog-warning-symbolic";
        /* Translators: the team server refused a sync; %s is why */
        text = g_strdup_printf (_("Not synced: %s"), message ? message : "");
      }
      break;
    }
  gtk_button_set_icon_name (self->team_button, icon);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->team_button), text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->team_button), GTK_ACCESSIBLE_PROPERTY_LABEL, text, -1);
}

static void
start_worker (AttestWindow *self,
              const char   *password)
{
  g_clear_object (&self->team_worker);
  if (self->store == NULL || !attest_team_is_member (self->store) || attest_store_is_read_only (self->store))
    {
      show_state (self);
      return;
    }
  self->team_worker = attest_team_worker_new (attest_store_get_path (self->store),
                                              attest_store_get_annotator (self->store), password);
  g_signal_connect_object (self->team_worker, "changed", G_CALLBACK (show_state), self, G_CONNECT_SWAPPED);
  show_state (self);
}

static void
password_found (GObject      *source,
                GAsyncResult *result,
                gpointer      data)
{
  g_autoptr(AttestWindow) self = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *password = attest_team_keyring_lookup_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  /* No keyring, or no password kept: libpq's own (~/.pgpass, a service). */
  start_worker (self, password);
}

/* The store changed (another database opened, or none): its worker, if
 * it is a member; the password from the keyring first. */
void
_attest_window_team_update (AttestWindow *self)
{
  g_auto(AttestTeamStatus) status = { 0 };

  g_cancellable_cancel (self->team_cancellable);
  g_clear_object (&self->team_cancellable);
  g_clear_object (&self->team_worker);
  show_state (self);
  if (self->store == NULL || !attest_team_is_member (self->store) || attest_store_is_read_only (self->store) ||
      !attest_team_get_status (self->store, NULL, FALSE, &status, NULL) || status.server == NULL)
    return;
  self->team_cancellable = g_cancellable_new ();
  attest_team_keyring_lookup (status.server, self->team_cancellable, password_found, g_object_ref (self));
}

/* Something changed here: send it soon. */
void
_attest_window_team_poke (AttestWindow *self)
{
  if (self->team_worker)
    attest_team_worker_poke (self->team_worker);
}

void
_attest_window_team_dispose (AttestWindow *self)
{
  g_cancellable_cancel (self->team_cancellable);
  g_clear_object (&self->team_cancellable);
  g_clear_object (&self->team_worker);
}

static void
dialog_joined (AttestTeamDialog *dialog,
               const char       *password,
               AttestWindow     *self)
{
  start_worker (self, password);
  attest_team_dialog_set_worker (dialog, self->team_worker);
}

static void
dialog_left (AttestWindow *self)
{
  g_clear_object (&self->team_worker);
  show_state (self);
}

void
_attest_window_team_action (GtkWidget  *widget,
                            const char *action,
                            GVariant   *param)
{
  AttestWindow *self = ATTEST_WINDOW (widget);
  AttestTeamDialog *dialog;

  if (self->store == NULL)
    return;
  dialog = attest_team_dialog_new (GTK_WINDOW (self), self->store, self->team_worker);
  g_signal_connect_object (dialog, "joined", G_CALLBACK (dialog_joined), self, 0);
  g_signal_connect_object (dialog, "left", G_CALLBACK (dialog_left), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}
