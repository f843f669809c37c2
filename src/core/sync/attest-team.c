/* attest-team.c — see attest-team.h.
 *
 * One sync is rounds of: read every change the server has past the
 * mirror's position into the mirror; merge the mirror in (once per new
 * position); list what this database has that the mirror has not; send it,
 * but only if nobody wrote meanwhile (attest_team_schema_push() checks the
 * position under the server's lock), else read again. So every change on
 * the server was made knowing all those before it, and a row this
 * database never changed can take the server's values as they are.
 *
 * Nothing is lost whatever stops a sync: the server takes a round's
 * changes in one transaction or not at all; the mirror takes what was read
 * with its position in one transaction; this database's work is never
 * removed, only merged into. Changes sent whose sending was not recorded
 * (a crash after the commit) are read back as the server's next ones, and
 * the mirror then holds them: nothing is sent twice.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/file.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "attest-error.h"
#include "attest-team.h"
#include "attest-team-schema.h"

#define PULL_BATCH 2000
/* Rounds before giving up on a server others write to without pause. */
#define MAX_ROUNDS 20

void
attest_team_report_clear (AttestTeamReport *report)
{
  attest_merge_report_clear (&report->merge);
  g_clear_pointer (&report->refused, g_ptr_array_unref);
  memset (report, 0, sizeof *report);
}

void
attest_team_status_clear (AttestTeamStatus *status)
{
  g_free (status->server);
  g_free (status->problem);
  g_free (status->synced);
  memset (status, 0, sizeof *status);
}

char *
attest_team_dup_mirror_path (AttestStore *store)
{
  g_return_val_if_fail (ATTEST_IS_STORE (store), NULL);

  return g_strconcat (attest_store_get_path (store), ".team", NULL);
}

gboolean
attest_team_is_member (AttestStore *store)
{
  g_autofree char *path = attest_team_dup_mirror_path (store);

  return g_file_test (path, G_FILE_TEST_IS_REGULAR);
}

/* A connection string is kept in the mirror and shown by "team status":
 * a password in it would be written to disk and to the screen. libpq finds
 * one in ~/.pgpass, PGPASSWORD or a service file; the window keeps it in
 * the keyring. */
static gboolean
check_conninfo (const char  *conninfo,
                GError     **error)
{
  char *message = NULL;
  PQconninfoOption *options = PQconninfoParse (conninfo ? conninfo : "", &message);
  gboolean has_password = FALSE;

  if (options == NULL)
    {
      g_autofree char *first = g_strdup (message ? message : "");

      first[strcspn (first, "\n")] = '\0';
      PQfreemem (message);
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID,
                   _("“%s” is not a connection string or service name: %s"), conninfo ? conninfo : "", first);
      return FALSE;
    }
  for (PQconninfoOption *o = options; o->keyword; o++)
    if (g_str_equal (o->keyword, "password") && o->val && *o->val)
      has_password = TRUE;
  PQconninfoFree (options);
  /* libpq keeps the last of a key given twice: "password=x password="
   * parses as no password, and would still be kept and shown. */
  if (g_regex_match_simple ("(^|\\s)password\\s*=", conninfo, 0, 0))
    has_password = TRUE;
  if (has_password)
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID,
                   _("A password does not belong in the connection string, where it would be kept and shown: "
                     "put it in ~/.pgpass (or PGPASSWORD), or enter it in the window’s Team Server dialog"));
      return FALSE;
    }
  return TRUE;
}

static void
quiet_notice (void       *data,
              const char *message)
{
  g_debug ("team server: %s", message);
}

/* @password (from the keyring, say) joins @conninfo for this connection
 * only; it is never written anywhere. */
static PGconn *
connect_server (const char  *conninfo,
                const char  *password,
                GError     **error)
{
  /* A server that does not answer is offline after 10 s, unless the
   * connection string says otherwise (later keys win over earlier). */
  const char *keywords[] = { "connect_timeout", "dbname", password ? "password" : NULL, NULL };
  const char *values[] = { "10", conninfo, password, NULL };
  g_autoptr(PGconn) conn = PQconnectdbParams (keywords, values, TRUE);

  /* The server's notices ("terminating connection…") are not ours to
   * print; a lost connection is reported as an error of its own. */
  PQsetNoticeProcessor (conn, quiet_notice, NULL);

  if (PQstatus (conn) != CONNECTION_OK)
    {
      g_autofree char *message = g_strdup (PQerrorMessage (conn));

      g_strstrip (message);
      message[strcspn (message, "\n")] = '\0';
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_UNREACHABLE,
                   _("Could not reach the team server: %s"), message);
      return NULL;
    }
  return g_steal_pointer (&conn);
}

static gboolean
check_server (PGconn  *conn,
              GError **error)
{
  int version = 0;

  if (!attest_team_schema_check (conn, &version, error))
    return FALSE;
  if (version == 0)
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_NOT_FOUND,
                   _("The team server holds no team’s work (its database is empty)"));
      return FALSE;
    }
  return TRUE;
}

static AttestStore *
open_mirror (AttestStore  *store,
             gboolean      create,
             GError      **error)
{
  g_autofree char *path = attest_team_dup_mirror_path (store);

  if (!create && !g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_NOT_FOUND,
                   _("This database is not a member of a team: join one first"));
      return NULL;
    }
  return attest_store_open (path, create ? ATTEST_STORE_OPEN_DEFAULT : ATTEST_STORE_OPEN_NO_CREATE, error);
}

static void
remove_mirror (AttestStore *store)
{
  g_autofree char *path = attest_team_dup_mirror_path (store);
  const char *suffixes[] = { "", "-wal", "-shm", "-journal" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);

      g_unlink (file);
    }
}

/* Reads everything the server has past the mirror's position. */
static gboolean
pull (PGconn       *conn,
      AttestStore  *mirror,
      guint        *received,
      GPtrArray    *refused,
      GError      **error)
{
  for (;;)
    {
      g_autoptr(GPtrArray) changes = g_ptr_array_new_with_free_func ((GDestroyNotify) attest_replica_change_free);
      gint64 seq = 0, last = 0;

      if (!attest_store_replica_get_seq (mirror, &seq, error) ||
          !attest_team_schema_pull (conn, seq, PULL_BATCH, changes, &last, error))
        return FALSE;
      if (changes->len == 0)
        return TRUE;
      if (!attest_store_replica_apply_each (mirror, changes, last, refused, error))
        return FALSE;
      *received += changes->len;
    }
}

/* Merges the mirror in, once per position: "merged" records the position
 * the last merge covered, so a crash in between merges again. */
static gboolean
merge_mirror (AttestStore      *store,
              AttestStore      *mirror,
              AttestTeamReport *report,
              GError          **error)
{
  g_autofree char *path = attest_team_dup_mirror_path (store);
  g_autofree char *merged = attest_store_replica_get_state (mirror, "merged", NULL);
  g_autofree char *position = NULL;
  g_autofree char *all = NULL;
  g_auto(AttestMergeReport) merge = { 0 };
  gint64 seq = 0;

  if (!attest_store_replica_get_seq (mirror, &seq, error))
    return FALSE;
  position = g_strdup_printf ("%" G_GINT64_FORMAT, seq);
  if (g_strcmp0 (merged, position) == 0)
    return TRUE;
  /* Only the entities pulled since the last sync, unless that was all. */
  all = attest_store_replica_get_state (mirror, "touched_all", NULL);
  if (!attest_store_merge_full (store, path, ATTEST_MERGE_ADOPT_IDS | (all ? 0 : ATTEST_MERGE_TOUCHED), &merge, error) ||
      !attest_store_replica_fast_forward (store, path, error))
    return FALSE;
  {
    gsize n = 0;
    g_autofree gpointer *found = g_ptr_array_steal (merge.conflicts, &n);

    for (gsize i = 0; i < n; i++)
      g_ptr_array_add (report->merge.conflicts, found[i]);
  }
  report->merge.claims_added += merge.claims_added;
  report->merge.claims_updated += merge.claims_updated;
  report->merge.claims_deleted += merge.claims_deleted;
  report->merge.documents_added += merge.documents_added;
  return attest_store_replica_set_state (mirror, "merged", position, error);
}

static gboolean sync_rounds (AttestStore      *store,
                             AttestStore      *mirror,
                             PGconn           *conn,
                             AttestTeamReport *report,
                             GError          **error);

/* One sync at a time per database (the window's worker and a command,
 * say): two would send each other's rows as removals, or twice. A lock
 * (flock) on "DATABASE.team.lock", released however the process ends;
 * SQLite never opens that file, so its own locks are not disturbed. */
static int
lock_syncs (AttestStore  *store,
            GError      **error)
{
  g_autofree char *path = g_strconcat (attest_store_get_path (store), ".team.lock", NULL);
  int fd = g_open (path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);

  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_IO, _("Could not open %s: %s"), path, g_strerror (saved));
      return -1;
    }
  while (flock (fd, LOCK_EX) < 0)
    if (errno != EINTR)
      {
        int saved = errno;

        close (fd);
        g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_IO, _("Could not lock %s: %s"), path, g_strerror (saved));
        return -1;
      }
  return fd;
}

static gboolean
sync_with (AttestStore      *store,
           AttestStore      *mirror,
           PGconn           *conn,
           AttestTeamReport *report,
           GError          **error)
{
  g_autofree char *now = NULL;
  g_autofree char *path = attest_team_dup_mirror_path (store);
  int lock = lock_syncs (store, error);
  gboolean ok;

  if (lock < 0)
    return FALSE;
  ok = sync_rounds (store, mirror, conn, report, error);
  close (lock);
  if (!ok)
    return FALSE;
  {
    g_autoptr(GDateTime) utc = g_date_time_new_now_utc ();

    now = g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");
  }
  return attest_store_replica_set_state (mirror, "synced", now, error);
}

/* What this database has that the mirror has not, or NULL; @out_mark
 * for attest_store_replica_settle() once they are sent. */
static GPtrArray *
read_and_compare (AttestStore      *store,
                  AttestStore      *mirror,
                  PGconn           *conn,
                  AttestTeamReport *report,
                  gint64           *out_mark,
                  GError          **error)
{
  g_autofree char *path = attest_team_dup_mirror_path (store);

  if (!pull (conn, mirror, &report->received, report->refused, error) ||
      !merge_mirror (store, mirror, report, error))
    return NULL;
  /* From now on this database writes down which rows change, so that a
   * sync compares those only. Not before the first merge, which takes a
   * joining member the team's work faster untracked: the first
   * comparison compares every row anyway (a read-only one always does). */
  if (!attest_store_is_read_only (store) && !attest_store_replica_track (store, error))
    return NULL;
  return attest_store_replica_pending (store, path, out_mark, error);
}

static gboolean
sync_rounds (AttestStore      *store,
             AttestStore      *mirror,
             PGconn           *conn,
             AttestTeamReport *report,
             GError          **error)
{
  g_autofree char *follower = attest_store_replica_get_state (mirror, "follower", NULL);

  /* A copy of this database (or of its mirror) put back in its place
   * since the last sync: look at every row this once. */
  if (!attest_store_replica_recover (store, mirror, error))
    return FALSE;
  for (guint round = 0; round < MAX_ROUNDS; round++)
    {
      g_autoptr(GPtrArray) changes = NULL;
      gint64 seq = 0, head = 0, mark = 0;
      gboolean behind = FALSE;
      /* After two rounds lost to others' writes, keep the server's lock
       * while catching up: this database cannot be overtaken for ever. */
      gboolean keep_lock = round >= 2;

      if (!(changes = read_and_compare (store, mirror, conn, report, &mark, error)))
        return FALSE;
      if (changes->len == 0)
        return attest_store_is_read_only (store) || attest_store_replica_settle (store, mirror, mark, error);
      /* A follower keeps its changes here; the server would refuse them. */
      if (follower != NULL)
        {
          report->unsent = changes->len;
          return attest_store_is_read_only (store) || attest_store_replica_settle (store, mirror, 0, error);
        }
      if (attest_store_is_read_only (store))
        {
          g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_READ_ONLY,
                       _("This database is open read-only: its %u changes were not sent"), changes->len);
          return FALSE;
        }
      if (!attest_store_replica_get_seq (mirror, &seq, error) ||
          !attest_team_schema_push (conn, seq, changes, keep_lock, &head, &behind, error))
        return FALSE;
      if (behind && head < seq)
        {
          if (keep_lock)
            attest_team_schema_push_abort (conn);
          /* Ours is past theirs: the log was emptied, or restored from an
           * older copy. Sending now would lose what they no longer hold. */
          g_autofree char *theirs = g_strdup_printf ("%" G_GINT64_FORMAT, head);
          g_autofree char *ours = g_strdup_printf ("%" G_GINT64_FORMAT, seq);

          g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_CONFLICT,
                       /* Translators: the two numbers are counts of changes */
                       _("The team server holds fewer changes (%s) than this database has read from it (%s): "
                         "it was emptied or restored from an older copy. Nothing was sent; ask the team’s "
                         "administrator"), theirs, ours);
          return FALSE;
        }
      if (behind && !keep_lock)
        continue;
      if (behind)
        {
          /* Holding the lock: read what came, and send what is left. */
          g_clear_pointer (&changes, g_ptr_array_unref);
          if (!(changes = read_and_compare (store, mirror, conn, report, &mark, error)))
            {
              attest_team_schema_push_abort (conn);
              return FALSE;
            }
          if (changes->len == 0)
            {
              attest_team_schema_push_abort (conn);
              return attest_store_replica_settle (store, mirror, mark, error);
            }
          if (!attest_team_schema_push_locked (conn, changes, &head, error))
            return FALSE;
        }
      /* What the server now holds, the mirror holds: nothing to merge. */
      if (!attest_store_replica_apply (mirror, changes, head, error))
        return FALSE;
      {
        g_autofree char *position = g_strdup_printf ("%" G_GINT64_FORMAT, head);

        if (!attest_store_replica_set_state (mirror, "merged", position, error))
          return FALSE;
      }
      report->sent += changes->len;
      return attest_store_replica_settle (store, mirror, mark, error);
    }
  g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_BUSY,
               _("Others kept writing to the team server: this database’s changes are not sent yet; "
                 "the next sync sends them"));
  return FALSE;
}

/**
 * attest_team_join:
 * @store: this database, with its annotator set
 * @conninfo: a libpq connection string or "service=NAME", without password
 * @password: (nullable): the password, for this connection only (else
 *   libpq's own: ~/.pgpass, PGPASSWORD, a service file)
 * @out_admin_sql: (out) (optional) (nullable): when this database created
 *   the team's schema but could not create its group roles, the SQL an
 *   administrator must run
 * @report: (out caller-allocates): what the first sync did
 * @error: return location for a #GError, or %NULL
 *
 * Joins the team whose server @conninfo names: an empty PostgreSQL
 * database gets the team's schema (this database's user creates it); the
 * member is registered under this database's annotator name; then a first
 * sync brings the team's work here and this database's work there.
 * Refused, leaving nothing behind: a member already, a password in
 * @conninfo, a server that is not a team's, or newer.
 *
 * Returns: %TRUE on success (a conflict of the first sync is in @report)
 */
gboolean
attest_team_join (AttestStore       *store,
                  const char        *conninfo,
                  const char        *password,
                  char             **out_admin_sql,
                  AttestTeamReport  *report,
                  GError           **error)
{
  g_autoptr(PGconn) conn = NULL;
  g_autoptr(AttestStore) mirror = NULL;
  g_autoptr(GError) refused = NULL;
  gboolean follower = FALSE;
  const char *annotator;
  int version = 0;

  g_return_val_if_fail (ATTEST_IS_STORE (store), FALSE);

  memset (report, 0, sizeof *report);
  report->merge.conflicts = g_ptr_array_new_with_free_func ((GDestroyNotify) attest_merge_conflict_free);
  report->refused = g_ptr_array_new_with_free_func (g_free);
  if (out_admin_sql)
    *out_admin_sql = NULL;
  annotator = attest_store_get_annotator (store);
  if (attest_store_is_read_only (store))
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_READ_ONLY, _("A database open read-only cannot join a team"));
      return FALSE;
    }
  if (annotator == NULL || *annotator == '\0')
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID,
                   _("Set your annotator name first: the team knows each member by it"));
      return FALSE;
    }
  if (!check_conninfo (conninfo, error))
    return FALSE;
  if (attest_team_is_member (store))
    {
      g_autoptr(AttestStore) old = open_mirror (store, FALSE, NULL);
      g_autofree char *server = old ? attest_store_replica_get_state (old, "server", NULL) : NULL;

      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_CONFLICT,
                   _("This database is a member of a team already (%s): leave it first"),
                   server ? server : _("its server is not recorded"));
      return FALSE;
    }
  if (!(conn = connect_server (conninfo, password, error)) ||
      !attest_team_schema_check (conn, &version, error))
    return FALSE;
  if (version == 0 && !attest_team_schema_create (conn, out_admin_sql, error))
    return FALSE;
  if (!attest_team_schema_register (conn, annotator, &refused))
    {
      /* A follower: reads the team's work, sends nothing. */
      if (!g_error_matches (refused, ATTEST_ERROR, ATTEST_ERROR_READ_ONLY))
        {
          g_propagate_error (error, g_steal_pointer (&refused));
          return FALSE;
        }
      follower = TRUE;
    }

  if (!(mirror = open_mirror (store, TRUE, error)))
    return FALSE;
  if (!attest_store_replica_set_state (mirror, "server", conninfo, error) ||
      (follower && !attest_store_replica_set_state (mirror, "follower", "1", error)) ||
      !sync_with (store, mirror, conn, report, error))
    {
      /* Not half a member: the next join starts afresh (this database's
       * work was only ever merged into, never removed). */
      g_clear_object (&mirror);
      remove_mirror (store);
      attest_store_replica_untrack (store, NULL);
      return FALSE;
    }
  return TRUE;
}

/**
 * attest_team_sync:
 * @store: a member's database
 * @password: (nullable): the password, for this connection only
 * @report: (out caller-allocates): what was read, sent and merged
 * @error: return location for a #GError, or %NULL
 *
 * Reads the team's new changes and sends this database's. Conflicts are
 * in @report (kept in the history, to settle). Offline, fails with
 * %ATTEST_ERROR_UNREACHABLE and changes nothing.
 *
 * Returns: %TRUE on success
 */
gboolean
attest_team_sync (AttestStore       *store,
                  const char        *password,
                  AttestTeamReport  *report,
                  GError           **error)
{
  g_autoptr(AttestStore) mirror = NULL;
  g_autoptr(PGconn) conn = NULL;
  g_autofree char *server = NULL;

  g_return_val_if_fail (ATTEST_IS_STORE (store), FALSE);

  memset (report, 0, sizeof *report);
  report->merge.conflicts = g_ptr_array_new_with_free_func ((GDestroyNotify) attest_merge_conflict_free);
  report->refused = g_ptr_array_new_with_free_func (g_free);
  if (!(mirror = open_mirror (store, FALSE, error)))
    return FALSE;
  server = attest_store_replica_get_state (mirror, "server", NULL);
  if (server == NULL)
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_CORRUPT,
                   _("The team’s file beside this database names no server: leave the team and join again"));
      return FALSE;
    }
  if (!(conn = connect_server (server, password, error)) || !check_server (conn, error))
    return FALSE;
  return sync_with (store, mirror, conn, report, error);
}

/**
 * attest_team_get_status:
 * @store: a member's database
 * @password: (nullable): the password, for this connection only
 * @ask_server: also try to reach the server
 * @status: (out caller-allocates): the answer
 * @error: return location for a #GError, or %NULL
 *
 * Returns: %TRUE on success (an unreachable server is a status, not an error)
 */
gboolean
attest_team_get_status (AttestStore       *store,
                        const char        *password,
                        gboolean           ask_server,
                        AttestTeamStatus  *status,
                        GError           **error)
{
  g_autoptr(AttestStore) mirror = NULL;
  g_autoptr(GPtrArray) waiting = NULL;
  g_autofree char *path = attest_team_dup_mirror_path (store);
  gint64 mark = 0;

  memset (status, 0, sizeof *status);
  if (!(mirror = open_mirror (store, FALSE, error)) ||
      !attest_store_replica_get_seq (mirror, &status->position, error) ||
      !(waiting = attest_store_replica_pending (store, path, &mark, error)))
    return FALSE;
  status->waiting = waiting->len;
  status->server = attest_store_replica_get_state (mirror, "server", NULL);
  status->synced = attest_store_replica_get_state (mirror, "synced", NULL);
  if (ask_server && status->server)
    {
      g_autoptr(GError) problem = NULL;
      g_autoptr(PGconn) conn = connect_server (status->server, password, &problem);

      status->connected = conn != NULL && check_server (conn, &problem);
      if (!status->connected)
        status->problem = g_strdup (problem->message);
    }
  return TRUE;
}

/**
 * attest_team_leave:
 * @store: a member's database
 * @error: return location for a #GError, or %NULL
 *
 * Ends this database's membership: its mirror goes; its work stays (what
 * was not sent is not sent). The server keeps the member's past changes.
 *
 * Returns: %TRUE on success
 */
gboolean
attest_team_leave (AttestStore  *store,
                   GError      **error)
{
  g_return_val_if_fail (ATTEST_IS_STORE (store), FALSE);

  /* A copy of a member's database, without the team's file beside it,
   * still writes down its changes: leaving stops that. */
  if (!attest_team_is_member (store) && !attest_store_replica_is_tracked (store))
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_NOT_FOUND, _("This database is not a member of a team"));
      return FALSE;
    }
  /* Its changes are no longer written down for the team. */
  if (!attest_store_replica_untrack (store, error))
    return FALSE;
  remove_mirror (store);
  return TRUE;
}
