/* attest-team-worker.c — see attest-team-worker.h.
 *
 * The thread owns everything it touches (its AttestStore, its libpq
 * connections); it shares with the object only a small refcounted struct
 * under a mutex: the state it reports, the pipe that wakes it, and the
 * flag that stops it. So the object can go away while a sync runs: the
 * thread finishes it, sees the flag, and ends; the state it posts to the
 * main context finds the object gone (a weak reference) and is dropped.
 * The object is never touched by the thread.
 */
#include "config.h"

#include <errno.h>
#include <glib-unix.h>
#include <poll.h>
#include <string.h>
#include <unistd.h>

#include "attest-error.h"
#include "attest-store.h"
#include "attest-team.h"
#include "attest-team-schema.h"
#include "attest-team-worker.h"

/* A sync when nothing else asks for one, and the slowest retry offline. */
#define QUIET_SYNC_MS   30000
#define FIRST_RETRY_MS  2000
#define LAST_RETRY_MS   60000
/* Pokes within this of one another make one sync. */
#define GATHER_MS       100
/* How often the database is looked at for others' commits. */
#define LOOK_MS         250

typedef struct {
  gint            refs;
  GMutex          lock;
  int             wake[2];     /* write one byte to [1] to wake the thread */
  gboolean        stopping;
  char           *db_path;
  char           *annotator;
  char           *password;
  /* What the thread reports, read under the lock. */
  AttestTeamState state;
  guint           waiting;
  guint           conflicts;
  guint           syncs;
  char           *message;
  GWeakRef        worker;      /* read on the main context only */
} Shared;

struct _AttestTeamWorker
{
  GObject       parent_instance;

  Shared       *shared;
  GThread      *thread;
  GMainContext *context;
};

G_DEFINE_FINAL_TYPE (AttestTeamWorker, attest_team_worker, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static Shared *
shared_ref (Shared *s)
{
  g_atomic_int_inc (&s->refs);
  return s;
}

static void
shared_unref (Shared *s)
{
  if (!g_atomic_int_dec_and_test (&s->refs))
    return;
  close (s->wake[0]);
  close (s->wake[1]);
  g_mutex_clear (&s->lock);
  g_free (s->db_path);
  g_free (s->annotator);
  if (s->password)
    memset (s->password, 0, strlen (s->password));
  g_free (s->password);
  g_free (s->message);
  g_weak_ref_clear (&s->worker);
  g_free (s);
}

static void
wake (Shared *s)
{
  char byte = 1;

  /* A full pipe means a wake is pending already. */
  while (write (s->wake[1], &byte, 1) < 0 && errno == EINTR)
    ;
}

static void
drain (int fd)
{
  char buffer[64];

  while (read (fd, buffer, sizeof buffer) > 0)
    ;
}

/* ------------------------------------------------------------ reporting */

static gboolean
emit_changed (gpointer data)
{
  Shared *s = data;
  g_autoptr(AttestTeamWorker) self = g_weak_ref_get (&s->worker);

  if (self != NULL)
    g_signal_emit (self, signals[CHANGED], 0);
  return G_SOURCE_REMOVE;
}

static void
report (Shared          *s,
        GMainContext    *context,
        AttestTeamState  state,
        guint            waiting,
        guint            conflicts,
        gboolean         synced,
        const char      *message)
{
  g_mutex_lock (&s->lock);
  s->state = state;
  s->waiting = waiting;
  s->conflicts += conflicts;
  s->syncs += synced;
  g_free (s->message);
  s->message = g_strdup (message);
  g_mutex_unlock (&s->lock);

  g_main_context_invoke_full (context, G_PRIORITY_DEFAULT, emit_changed, shared_ref (s),
                              (GDestroyNotify) shared_unref);
}

/* -------------------------------------------------------------- thread */

typedef struct {
  Shared       *shared;
  GMainContext *context;
} ThreadData;

/* A connection that listens for the server's news; NULL offline. */
static PGconn *
listen_to (AttestStore *store,
           const char  *password)
{
  g_auto(AttestTeamStatus) status = { 0 };
  const char *keywords[] = { "connect_timeout", "dbname", password ? "password" : NULL, NULL };
  const char *values[4] = { "10", NULL, password, NULL };
  g_autoptr(PGconn) conn = NULL;
  g_autoptr(PGresult) res = NULL;

  if (!attest_team_get_status (store, NULL, FALSE, &status, NULL) || status.server == NULL)
    return NULL;
  values[1] = status.server;
  conn = PQconnectdbParams (keywords, values, TRUE);
  if (PQstatus (conn) != CONNECTION_OK)
    return NULL;
  res = PQexec (conn, "LISTEN " ATTEST_TEAM_CHANNEL);
  if (PQresultStatus (res) != PGRES_COMMAND_OK)
    return NULL;
  PQsetnonblocking (conn, TRUE);
  return g_steal_pointer (&conn);
}

static guint
count_waiting (AttestStore *store)
{
  g_auto(AttestTeamStatus) status = { 0 };

  return attest_team_get_status (store, NULL, FALSE, &status, NULL) ? status.waiting : 0;
}

static gpointer
run (gpointer data)
{
  ThreadData *t = data;
  Shared *s = t->shared;
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestStore) store = NULL;
  g_autoptr(PGconn) listener = NULL;
  g_autofree char *why = NULL;
  guint retry = 0;

  store = attest_store_open (s->db_path, ATTEST_STORE_OPEN_NO_CREATE, &error);
  if (store == NULL)
    {
      report (s, t->context, ATTEST_TEAM_STATE_FAILED, 0, 0, FALSE, error->message);
      goto out;
    }
  if (s->annotator)
    attest_store_set_annotator (store, s->annotator, NULL);

  for (;;)
    {
      g_auto(AttestTeamReport) result = { 0 };
      g_autoptr(GError) failure = NULL;
      struct pollfd fds[2];
      gint64 seen, deadline;
      gboolean stop;

      g_mutex_lock (&s->lock);
      stop = s->stopping;
      g_mutex_unlock (&s->lock);
      if (stop)
        break;

      report (s, t->context, ATTEST_TEAM_STATE_SYNCING, 0, 0, FALSE, NULL);
      if (attest_team_sync (store, s->password, &result, &failure))
        {
          report (s, t->context, ATTEST_TEAM_STATE_SYNCED, 0, result.merge.conflicts->len, TRUE, NULL);
          retry = 0;
        }
      else
        {
          gboolean offline = g_error_matches (failure, ATTEST_ERROR, ATTEST_ERROR_UNREACHABLE);

          g_free (why);
          why = g_strdup (failure->message);
          report (s, t->context, offline ? ATTEST_TEAM_STATE_OFFLINE : ATTEST_TEAM_STATE_FAILED,
                  count_waiting (store), 0, FALSE, why);
          retry = retry == 0 ? FIRST_RETRY_MS : MIN (retry * 2, LAST_RETRY_MS);
          g_clear_pointer (&listener, PQfinish);
        }
      if (listener == NULL && retry == 0)
        listener = listen_to (store, s->password);

      /* Wait for a poke, the server's news, a commit of another connection
       * to this database (the window's, a command's: this connection's
       * own do not count), or the time for a quiet sync or a retry. */
      seen = attest_store_get_data_version (store);
      deadline = g_get_monotonic_time () + (gint64) (retry ? retry : QUIET_SYNC_MS) * 1000;
      for (;;)
        {
          fds[0] = (struct pollfd) { s->wake[0], POLLIN, 0 };
          fds[1] = (struct pollfd) { listener ? PQsocket (listener) : -1, POLLIN, 0 };
          while (poll (fds, 2, LOOK_MS) < 0 && errno == EINTR)
            ;
          if (fds[0].revents & POLLIN)
            {
              /* Gather a burst of pokes into one sync. */
              g_usleep (GATHER_MS * 1000);
              drain (s->wake[0]);
              break;
            }
          if (listener && (fds[1].revents & (POLLIN | POLLHUP | POLLERR)))
            {
              PGnotify *n;
              gboolean news = FALSE;

              if (!PQconsumeInput (listener))
                g_clear_pointer (&listener, PQfinish);
              else
                while ((n = PQnotifies (listener)) != NULL)
                  {
                    news = TRUE;
                    PQfreemem (n);
                  }
              if (news || listener == NULL)
                break;
            }
          if (attest_store_get_data_version (store) != seen)
            {
              /* A change here: while offline, only count it. */
              if (retry == 0)
                break;
              report (s, t->context, ATTEST_TEAM_STATE_OFFLINE, count_waiting (store), 0, FALSE, why);
              seen = attest_store_get_data_version (store);
            }
          if (g_get_monotonic_time () >= deadline)
            break;
        }
    }

out:
  shared_unref (s);
  g_main_context_unref (t->context);
  g_free (t);
  return NULL;
}

/* ------------------------------------------------------------- object */

static void
attest_team_worker_dispose (GObject *object)
{
  AttestTeamWorker *self = ATTEST_TEAM_WORKER (object);

  if (self->thread)
    {
      g_mutex_lock (&self->shared->lock);
      self->shared->stopping = TRUE;
      g_mutex_unlock (&self->shared->lock);
      wake (self->shared);
      /* Let a running sync finish on its own: never block the window. */
      g_thread_unref (g_steal_pointer (&self->thread));
    }
  G_OBJECT_CLASS (attest_team_worker_parent_class)->dispose (object);
}

static void
attest_team_worker_finalize (GObject *object)
{
  AttestTeamWorker *self = ATTEST_TEAM_WORKER (object);

  g_clear_pointer (&self->shared, shared_unref);
  g_clear_pointer (&self->context, g_main_context_unref);
  G_OBJECT_CLASS (attest_team_worker_parent_class)->finalize (object);
}

static void
attest_team_worker_class_init (AttestTeamWorkerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = attest_team_worker_dispose;
  object_class->finalize = attest_team_worker_finalize;

  /**
   * AttestTeamWorker::changed:
   *
   * The state, the changes waiting or the message changed; emitted on
   * the main context the worker was made in.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
attest_team_worker_init (AttestTeamWorker *self)
{
}

/**
 * attest_team_worker_new:
 * @db_path: a member's database (see attest_team_is_member())
 * @annotator: (nullable): the name its changes are made under
 * @password: (nullable): the server's password, from the keyring; kept in
 *   memory only
 *
 * Starts syncing at once, then as the header describes.
 *
 * Returns: (transfer full): the worker
 */
AttestTeamWorker *
attest_team_worker_new (const char *db_path,
                        const char *annotator,
                        const char *password)
{
  AttestTeamWorker *self = g_object_new (ATTEST_TYPE_TEAM_WORKER, NULL);
  ThreadData *t = g_new0 (ThreadData, 1);
  g_autoptr(GError) error = NULL;
  Shared *s = g_new0 (Shared, 1);

  s->refs = 1;
  g_mutex_init (&s->lock);
  s->db_path = g_strdup (db_path);
  s->annotator = g_strdup (annotator);
  s->password = g_strdup (password);
  s->state = ATTEST_TEAM_STATE_SYNCING;
  if (!g_unix_open_pipe (s->wake, FD_CLOEXEC, &error) ||
      !g_unix_set_fd_nonblocking (s->wake[0], TRUE, &error) ||
      !g_unix_set_fd_nonblocking (s->wake[1], TRUE, &error))
    g_error ("A pipe for the sync's thread: %s", error->message);
  g_weak_ref_init (&s->worker, self);
  self->shared = s;
  self->context = g_main_context_ref_thread_default ();

  t->shared = shared_ref (s);
  t->context = g_main_context_ref (self->context);
  self->thread = g_thread_new ("attest-team-sync", run, t);
  return self;
}

/**
 * attest_team_worker_poke:
 * @self: a #AttestTeamWorker
 *
 * Asks for a sync soon: something changed here. Safe from any thread.
 */
void
attest_team_worker_poke (AttestTeamWorker *self)
{
  g_return_if_fail (ATTEST_IS_TEAM_WORKER (self));

  wake (self->shared);
}

#define GETTER(type, name, field) \
  type \
  attest_team_worker_get_##name (AttestTeamWorker *self) \
  { \
    type value; \
    g_return_val_if_fail (ATTEST_IS_TEAM_WORKER (self), 0); \
    g_mutex_lock (&self->shared->lock); \
    value = self->shared->field; \
    g_mutex_unlock (&self->shared->lock); \
    return value; \
  }

GETTER (AttestTeamState, state, state)
GETTER (guint, waiting, waiting)
GETTER (guint, conflicts, conflicts)
GETTER (guint, syncs, syncs)

char *
attest_team_worker_dup_message (AttestTeamWorker *self)
{
  char *message;

  g_return_val_if_fail (ATTEST_IS_TEAM_WORKER (self), NULL);

  g_mutex_lock (&self->shared->lock);
  message = g_strdup (self->shared->message);
  g_mutex_unlock (&self->shared->lock);
  return message;
}
