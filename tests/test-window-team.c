/* test-window-team.c — the window as a team member, against a real
 * PostgreSQL server the test starts itself: joining from Main menu → Team
 * Server… (a connection string, no password: the test's server trusts its
 * socket), the header's sync state, a teammate's claim drawn in the open
 * article without anyone asking, this window's claim reaching the
 * teammate, and the state while the server is stopped. */
#include "test-window-fixture.h"

#include "attest-team.h"
#include "attest-team-dialog.h"
#include "attest-test-pg.h"

static AttestTestPg *pg;

static AttestTeamDialog *
find_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();  /* not ours */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) w = g_list_model_get_item (toplevels, i);

      if (ATTEST_IS_TEAM_DIALOG (w))
        return ATTEST_TEAM_DIALOG (w);
    }
  return NULL;
}

/* The header's button that opens Team Server… (its action names it). */
static GtkWidget *
find_action_button (GtkWidget  *widget,
                    const char *action)
{
  if (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), action) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_action_button (child, action);

      if (found)
        return found;
    }
  return NULL;
}

static GtkWidget *
team_button (Fixture *f)
{
  return find_action_button (GTK_WIDGET (f->window), "win.team");
}

static gboolean
wait_until (gboolean (*done) (gpointer),
            gpointer  data,
            gint64    max_ms)
{
  gint64 deadline = g_get_monotonic_time () + max_ms * 1000;

  while (!done (data) && g_get_monotonic_time () < deadline)
    attest_test_spin (20);
  return done (data);
}

static gboolean
is_member_page (gpointer data)
{
  return g_strcmp0 (attest_team_dialog_get_page (data), "member") == 0;
}

static gboolean
button_says (gpointer data)
{
  gpointer *pair = data;
  const char *tip = gtk_widget_get_tooltip_text (pair[0]);

  return gtk_widget_get_visible (pair[0]) && tip && g_str_has_prefix (tip, pair[1]);
}

typedef struct {
  AttestArticleView *view;
  gint64             offset;
} Under;

static gboolean
claim_drawn (gpointer data)
{
  Under *u = data;
  g_autoptr(GPtrArray) under = attest_article_view_claims_at (u->view, u->offset);

  return under->len > 0;
}

typedef struct {
  AttestStore *store;
  const char  *uuid;
} Seen;

static gboolean
teammate_has (gpointer data)
{
  Seen *s = data;
  g_auto(AttestTeamReport) report = { 0 };
  g_autoptr(AttestClaim) c = NULL;

  attest_team_sync (s->store, NULL, &report, NULL);
  c = attest_store_get_claim (s->store, s->uuid, NULL);
  return c != NULL;
}

static void
test_join_and_live (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *lead = attest_test_pg_conninfo (pg, "lead");
  g_autofree char *ana_db = g_build_filename (f->dir, "boris.db", NULL);
  g_autoptr(AttestStore) mate = NULL;
  g_autoptr(AttestClaim) theirs = NULL;
  g_autoptr(AttestClaim) mine = NULL;
  g_auto(AttestTeamReport) report = { 0 };
  AttestTeamDialog *dialog;
  GtkWidget *button;
  gpointer state[2];
  const char *doc;
  gint64 start;

  /* Not a member: no sync state in the header. */
  g_assert_nonnull (team_button (f));
  g_assert_false (gtk_widget_get_visible (team_button (f)));

  /* Main menu → Team Server…, a connection string, Join Team. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.team", NULL));
  attest_test_spin (200);
  dialog = find_dialog ();
  g_assert_nonnull (dialog);
  g_assert_cmpstr (attest_team_dialog_get_page (dialog), ==, "join");
  screenshot (GTK_WIDGET (dialog), "team-dialog-join.png");
  gtk_editable_set_text (attest_team_dialog_get_entry (dialog, "conninfo"), lead);
  g_signal_emit_by_name (attest_team_dialog_get_join_button (dialog), "clicked");
  g_assert_true (wait_until (is_member_page, dialog, 30000));
  g_assert_true (attest_team_is_member (f->store));

  button = team_button (f);
  g_assert_nonnull (button);
  state[0] = button;
  state[1] = "Up to date with the team";
  g_assert_true (wait_until (button_says, state, 15000));
  screenshot (GTK_WIDGET (dialog), "team-dialog-member.png");
  gtk_window_close (GTK_WINDOW (dialog));
  attest_test_spin (50);

  /* A teammate: the team's work reaches them. */
  attest_test_pg_super (pg, "CREATE ROLE boris LOGIN; GRANT attest_member TO boris");
  mate = attest_store_open (ana_db, ATTEST_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_true (attest_store_set_annotator (mate, "Boris", NULL));
  {
    g_autofree char *conninfo = attest_test_pg_conninfo (pg, "boris");

    g_assert_true (attest_team_join (mate, conninfo, NULL, NULL, &report, &error));
    g_assert_no_error (error);
  }

  /* Their claim on the open article is drawn without anyone asking. */
  doc = attest_article_view_get_document (article_view (f))->uuid;
  theirs = attest_test_add_claim (mate, doc, 400, 450, "debt-deal");
  start = g_get_monotonic_time ();
  attest_team_report_clear (&report);
  g_assert_true (attest_team_sync (mate, NULL, &report, &error));
  g_assert_true (wait_until (claim_drawn, &(Under) { article_view (f), 420 }, 10000));
  g_test_message ("a teammate's claim drawn in the window %.0f ms after it was sent",
                  (g_get_monotonic_time () - start) / 1000.0);
  screenshot (GTK_WIDGET (f->window), "team-window-live.png");

  /* A claim saved in this window reaches the teammate. */
  mine = attest_test_add_claim (f->store, doc, 600, 640, "training");
  g_assert_true (wait_until (teammate_has, &(Seen) { mate, mine->uuid }, 15000));

  /* The server stops: the header says so, with what waits. */
  g_assert_true (attest_test_pg_stop (pg, &error));
  g_object_unref (attest_test_add_claim (f->store, doc, 700, 740, "training"));
  state[1] = "Offline: 2 changes waiting to be sent";
  g_assert_true (wait_until (button_says, state, 15000));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (button), ==, "Offline: 2 changes waiting to be sent");
  screenshot (GTK_WIDGET (f->window), "team-window-offline.png");
  g_assert_true (attest_test_pg_restart (pg, &error));
  state[1] = "Up to date with the team";
  g_assert_true (wait_until (button_says, state, 30000));
}

static void
team_set_up (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  if (!attest_test_pg_is_running (pg))
    attest_test_pg_restart (pg, &error);
  g_assert_no_error (error);
  attest_test_pg_reset (pg, &error);
  g_assert_no_error (error);
  attest_test_pg_super (pg, "CREATE ROLE lead LOGIN CREATEROLE; ALTER DATABASE attest OWNER TO lead");
  fixture_set_up (f, data);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  g_log_set_writer_func (log_writer, NULL, NULL);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  pg = attest_test_pg_start (&error);
  if (pg == NULL)
    g_error ("%s", error->message);

  g_test_add ("/window-team/join-and-live", Fixture, NULL, team_set_up, test_join_and_live, fixture_tear_down);
  status = g_test_run ();
  g_clear_pointer (&pg, attest_test_pg_free);
  return status;
}
