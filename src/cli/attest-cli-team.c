/* attest-cli-team.c — a team's server: team join|status|leave, and sync.
 * The work is in attest-team.c; here only the words and the exit codes
 * (7 when a sync found conflicts, 8 when the server cannot be reached). */
#include "config.h"

#include <glib/gi18n.h>

#include "attest-cli-private.h"
#include "attest-team.h"

static void
print_conflicts (AttestTeamReport *report)
{
  for (guint i = 0; i < report->merge.conflicts->len; i++)
    {
      AttestMergeConflict *c = g_ptr_array_index (report->merge.conflicts, i);

      g_print (_("Conflict: %s %s, %s (settle %s)\n"), c->entity, c->uuid, c->field, c->id);
    }
}

static int
print_report (Cli              *cli,
              AttestTeamReport *report)
{
  if (cli->opts->json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_object (b);
      add_int (b, "received", report->received);
      add_int (b, "sent", report->sent);
      add_int (b, "unsent", report->unsent);
      add_int (b, "refused", report->refused->len);
      add_int (b, "conflicts", report->merge.conflicts->len);
      json_builder_end_object (b);
      print_json (b);
    }
  else
    {
      g_print (_("Synced: %u changes received, %u sent.\n"), report->received, report->sent);
      if (report->unsent > 0)
        g_print (g_dngettext (GETTEXT_PACKAGE,
                              "%u change kept here: this user may follow the team but not change its work.\n",
                              "%u changes kept here: this user may follow the team but not change its work.\n",
                              report->unsent), report->unsent);
      for (guint i = 0; i < report->refused->len; i++)
        {
          g_autofree char *line = dup_printable (g_ptr_array_index (report->refused, i));

          g_printerr (_("attest-cli: a change from the team server was left out: %s\n"), line);
        }
      print_conflicts (report);
    }
  /* Scripts should notice what a person has to settle. */
  return report->merge.conflicts->len > 0 ? EXIT_CONFLICT : EXIT_OK;
}

static int
team_join (Cli *cli)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *admin_sql = NULL;
  g_auto(AttestTeamReport) report = { 0 };

  if (cli->n_args != 2)
    return usage_error (_("team join needs the server: a connection string or service=NAME"));
  if (!attest_team_join (cli->store, cli->args[1], NULL, &admin_sql, &report, &error))
    return fail (error);
  if (admin_sql)
    g_printerr (_("attest-cli: the team's roles could not be created by this user; an administrator must run:\n%s\n"),
                admin_sql);
  if (!cli->opts->json)
    g_print (_("Joined the team.\n"));
  return print_report (cli, &report);
}

static int
team_status (Cli *cli)
{
  g_autoptr(GError) error = NULL;
  g_auto(AttestTeamStatus) status = { 0 };

  if (!attest_team_get_status (cli->store, NULL, TRUE, &status, &error))
    return fail (error);
  if (cli->opts->json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_object (b);
      add_string (b, "server", status.server);
      json_builder_set_member_name (b, "connected");
      json_builder_add_boolean_value (b, status.connected);
      add_string (b, "problem", status.problem);
      add_int (b, "waiting", status.waiting);
      add_int (b, "position", status.position);
      add_string (b, "synced", status.synced);
      json_builder_end_object (b);
      return print_json (b);
    }
  g_print (_("Server: %s\n"), status.server ? status.server : "—");
  if (status.connected)
    g_print (_("Connected.\n"));
  else
    g_print (_("Not connected: %s\n"), status.problem ? status.problem : "—");
  g_print (g_dngettext (GETTEXT_PACKAGE, "%u change waiting to be sent.\n", "%u changes waiting to be sent.\n",
                        status.waiting), status.waiting);
  g_print (_("Last sync: %s\n"), status.synced ? status.synced : _("never"));
  return EXIT_OK;
}

int
cmd_team (Cli *cli)
{
  g_autoptr(GError) error = NULL;
  const char *verb = cli->n_args > 0 ? cli->args[0] : NULL;

  if (g_strcmp0 (verb, "join") == 0)
    return team_join (cli);
  if (g_strcmp0 (verb, "status") == 0 && cli->n_args == 1)
    return team_status (cli);
  if (g_strcmp0 (verb, "leave") == 0 && cli->n_args == 1)
    {
      if (!attest_team_leave (cli->store, &error))
        return fail (error);
      g_print (_("Left the team; this database's work stays here.\n"));
      return EXIT_OK;
    }
  return usage_error (_("team takes join SERVER, status or leave"));
}

int
cmd_sync (Cli *cli)
{
  g_autoptr(GError) error = NULL;
  g_auto(AttestTeamReport) report = { 0 };

  if (cli->n_args != 0)
    return usage_error (_("sync takes no arguments"));
  if (!attest_team_sync (cli->store, NULL, &report, &error))
    return fail (error);
  return print_report (cli, &report);
}
