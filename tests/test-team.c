/* test-team.c — replicas syncing through a real PostgreSQL server that the
 * test starts itself (tests/attest-test-pg.c): joining (the first member
 * creates the schema), a claim, an edit, a link, a deletion and a category
 * change reaching the other replica; replicas equal to the byte (their TEI
 * exports); a conflict reported, kept and reaching both; offline work sent
 * once the server is back; a server restarted between syncs; the server
 * refusing a follower's changes; passwords kept out of connection strings;
 * the command line's exit codes. */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>

#include "attest-error.h"
#include "attest-store.h"
#include "attest-team.h"
#include "attest-team-worker.h"
#include "attest-test-pg.h"
#include "attest-test-utils.h"

static AttestTestPg *pg;

typedef struct {
  char        *dir;
} Fixture;

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  if (!attest_test_pg_is_running (pg))
    attest_test_pg_restart (pg, &error);
  g_assert_no_error (error);
  attest_test_pg_reset (pg, &error);
  g_assert_no_error (error);
  /* The lead owns the team's database and may make roles; the others
   * are members, Rita only follows. */
  attest_test_pg_super (pg, "CREATE ROLE lead LOGIN CREATEROLE; ALTER DATABASE attest OWNER TO lead");
  f->dir = attest_test_make_tmp_dir ("attest-team-XXXXXX");
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  attest_test_remove_tree (f->dir);
  g_free (f->dir);
}

static AttestStore *
replica (Fixture    *f,
         const char *name,
         const char *annotator)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *file = g_strconcat (name, ".db", NULL);
  g_autofree char *path = g_build_filename (f->dir, file, NULL);
  AttestStore *store = attest_store_open (path, ATTEST_STORE_OPEN_DEFAULT, &error);

  g_assert_no_error (error);
  g_assert_true (attest_store_set_annotator (store, annotator, NULL));
  return store;
}

static void
join (AttestStore *store,
      const char  *role)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *conninfo = attest_test_pg_conninfo (pg, role);
  g_autofree char *admin = NULL;
  g_auto(AttestTeamReport) report = { 0 };

  g_assert_true (attest_team_join (store, conninfo, NULL, &admin, &report, &error));
  g_assert_no_error (error);
  g_assert_null (admin);
}

static void
members (void)
{
  attest_test_pg_super (pg, "CREATE ROLE ana LOGIN; GRANT attest_member TO ana;"
                        "CREATE ROLE boris LOGIN; GRANT attest_member TO boris;"
                        "CREATE ROLE rita LOGIN; GRANT attest_reader TO rita");
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char **) a, *(const char **) b);
}

/* The changes, as sorted lines "table key body". */
static GPtrArray *
change_lines (GPtrArray *changes)
{
  GPtrArray *lines = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < changes->len; i++)
    {
      AttestReplicaChange *c = g_ptr_array_index (changes, i);

      g_ptr_array_add (lines, g_strdup_printf ("%s %s %s", c->table, c->key, c->body));
    }
  g_ptr_array_sort (lines, compare_strings);
  return lines;
}

/* What the tracked comparison finds waiting (the rows written down since
 * the last sync) is what comparing every row finds. */
static void
assert_pending_is_whole (AttestStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *mirror = attest_team_dup_mirror_path (store);
  g_autoptr(GPtrArray) whole = attest_store_replica_changes (store, mirror, &error);
  g_autoptr(GPtrArray) pending = NULL;
  g_autoptr(GPtrArray) a = NULL;
  g_autoptr(GPtrArray) b = NULL;
  gint64 mark = 0;

  g_assert_no_error (error);
  pending = attest_store_replica_pending (store, mirror, &mark, &error);
  g_assert_no_error (error);
  a = change_lines (whole);
  b = change_lines (pending);
  for (guint i = 0; i < MIN (a->len, b->len); i++)
    g_assert_cmpstr (g_ptr_array_index (a, i), ==, g_ptr_array_index (b, i));
  g_assert_cmpuint (a->len, ==, b->len);
}

/* Syncs; returns the number of conflicts. Before and after, the tracked
 * comparison must find what comparing every row finds. */
static guint
sync_once (AttestStore *store,
           guint       *out_sent,
           guint       *out_received)
{
  g_autoptr(GError) error = NULL;
  g_auto(AttestTeamReport) report = { 0 };

  assert_pending_is_whole (store);
  g_assert_true (attest_team_sync (store, NULL, &report, &error));
  assert_pending_is_whole (store);
  g_assert_no_error (error);
  if (out_sent)
    *out_sent = report.sent;
  if (out_received)
    *out_received = report.received;
  return report.merge.conflicts->len;
}


#define assert_same_tei(a, b) \
  G_STMT_START { \
    g_autofree char *ta_ = attest_test_export_tei (a); \
    g_autofree char *tb_ = attest_test_export_tei (b); \
    if (!g_str_equal (ta_, tb_) && g_getenv ("ATTEST_TEST_DUMP")) \
      { \
        g_file_set_contents ("/tmp/tei-a.xml", ta_, -1, NULL); \
        g_file_set_contents ("/tmp/tei-b.xml", tb_, -1, NULL); \
      } \
    g_assert_cmpuint (strlen (ta_), ==, strlen (tb_)); \
    g_assert_true (g_str_equal (ta_, tb_)); \
  } G_STMT_END

static guint
count_claims (AttestStore *store)
{
  g_autoptr(GPtrArray) claims = attest_store_list_claims (store, &(AttestClaimFilter) { 0 }, NULL);

  return claims->len;
}

static guint
waiting (AttestStore *store)
{
  g_autoptr(GError) error = NULL;
  g_auto(AttestTeamStatus) status = { 0 };

  g_assert_true (attest_team_get_status (store, NULL, FALSE, &status, &error));
  g_assert_no_error (error);
  return status.waiting;
}

/* ---------------------------------------------------------------- tests */

static void
test_two_replicas (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestStore) lead = replica (f, "lead", "Lena");
  g_autoptr(AttestStore) a = replica (f, "ana", "Ana");
  g_autoptr(AttestStore) b = replica (f, "boris", "Boris");
  g_autoptr(AttestDocument) doc = NULL;
  g_autoptr(AttestClaim) c1 = NULL;
  g_autoptr(AttestClaim) c2 = NULL;
  g_autoptr(AttestClaim) now = NULL;
  g_autoptr(GPtrArray) sources = NULL;
  g_autoptr(AttestCategory) cat = NULL;
  const char *source;
  guint sent = 0, received = 0;

  /* The lead's join makes the schema and the roles; then the members. */
  join (lead, "lead");
  members ();
  join (a, "ana");
  join (b, "boris");

  doc = attest_test_import_sample (a, "000_7978e9767d1c15ca.txt", NULL);
  c1 = attest_test_add_claim (a, doc->uuid, 100, 160, "counter-narcotics");
  c2 = attest_test_add_claim (a, doc->uuid, 200, 240, "training");
  sources = attest_store_list_sources (a, doc->uuid, &error);
  source = ((AttestSource *) g_ptr_array_index (sources, 0))->uuid;
  g_assert_true (attest_store_link (a, c1->uuid, source, &error));
  g_assert_cmpuint (waiting (a), >, 0);
  g_assert_cmpuint (sync_once (a, &sent, NULL), ==, 0);
  g_assert_cmpuint (sent, >, 0);
  g_assert_cmpuint (waiting (a), ==, 0);

  g_assert_cmpuint (sync_once (b, &sent, &received), ==, 0);
  g_assert_cmpuint (received, >, 0);
  g_assert_cmpuint (sent, ==, 0);
  g_assert_cmpuint (count_claims (b), ==, 2);
  assert_same_tei (a, b);

  /* Boris edits, deletes, unlinks, renames a category. */
  attest_test_edit_claim (b, c1->uuid, "status", "accepted");
  g_assert_true (attest_store_delete_claim (b, c2->uuid, &error));
  g_assert_true (attest_store_unlink (b, c1->uuid, source, &error));
  attest_test_rename_category (b, "training", "Training and drills");
  g_assert_no_error (error);
  g_assert_cmpuint (sync_once (b, &sent, NULL), ==, 0);
  g_assert_cmpuint (sent, >, 0);

  g_assert_cmpuint (sync_once (a, &sent, &received), ==, 0);
  g_assert_cmpuint (sent, ==, 0);
  now = attest_store_get_claim (a, c1->uuid, &error);
  g_assert_cmpstr (now->status, ==, "accepted");
  g_assert_cmpuint (now->source_uuids->len, ==, 0);
  g_assert_null (attest_store_get_claim (a, c2->uuid, NULL));
  cat = attest_store_get_category (a, "training", &error);
  g_assert_cmpstr (cat->label, ==, "Training and drills");
  assert_same_tei (a, b);

  /* The lead catches up too; level, nobody has anything to send. */
  g_assert_cmpuint (sync_once (lead, &sent, NULL), ==, 0);
  g_assert_cmpuint (sent, ==, 0);
  assert_same_tei (lead, a);
  for (guint i = 0; i < 2; i++)
    {
      g_assert_cmpuint (sync_once (i ? a : b, &sent, &received), ==, 0);
      g_assert_cmpuint (sent, ==, 0);
      g_assert_cmpuint (received, ==, 0);
    }
}

/* Both change one field before syncing: the second is told, keeps theirs
 * for now (in the history), and both end equal with the conflict open. */
static void
test_conflict (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestStore) lead = replica (f, "lead", "Lena");
  g_autoptr(AttestStore) a = replica (f, "ana", "Ana");
  g_autoptr(AttestStore) b = replica (f, "boris", "Boris");
  g_autoptr(AttestDocument) doc = NULL;
  g_autoptr(AttestClaim) c = NULL;
  g_autoptr(GPtrArray) open_a = NULL;
  g_autoptr(GPtrArray) open_b = NULL;

  join (lead, "lead");
  members ();
  join (a, "ana");
  doc = attest_test_import_sample (a, "000_7978e9767d1c15ca.txt", NULL);
  c = attest_test_add_claim (a, doc->uuid, 100, 160, "counter-narcotics");
  sync_once (a, NULL, NULL);
  join (b, "boris");

  attest_test_edit_claim (a, c->uuid, "certainty", "high");
  attest_test_edit_claim (b, c->uuid, "certainty", "low");
  g_assert_cmpuint (sync_once (a, NULL, NULL), ==, 0);
  g_assert_cmpuint (sync_once (b, NULL, NULL), ==, 1);
  g_assert_cmpuint (sync_once (a, NULL, NULL), ==, 0);
  assert_same_tei (a, b);
  open_a = attest_store_list_open_conflicts (a, &error);
  open_b = attest_store_list_open_conflicts (b, &error);
  g_assert_cmpuint (open_a->len, ==, 1);
  g_assert_cmpuint (open_b->len, ==, 1);
}

/* Work done while the server is stopped is kept, and one sync once it is
 * back brings both sides level; a restart between syncs loses nothing. */
static void
test_offline (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestStore) lead = replica (f, "lead", "Lena");
  g_autoptr(AttestStore) a = replica (f, "ana", "Ana");
  g_autoptr(AttestDocument) doc = NULL;
  g_auto(AttestTeamReport) report = { 0 };
  g_auto(AttestTeamStatus) status = { 0 };
  guint sent = 0, received = 0;

  join (lead, "lead");
  members ();
  join (a, "ana");
  doc = attest_test_import_sample (a, "000_7978e9767d1c15ca.txt", NULL);
  sync_once (a, NULL, NULL);
  sync_once (lead, NULL, NULL);

  g_assert_true (attest_test_pg_stop (pg, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < 200; i++)
    g_object_unref (attest_test_add_claim (a, doc->uuid, 10 + i * 20, 25 + i * 20, "training"));
  g_assert_false (attest_team_sync (a, NULL, &report, &error));
  g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_UNREACHABLE);
  g_clear_error (&error);
  g_assert_true (attest_team_get_status (a, NULL, TRUE, &status, &error));
  g_assert_false (status.connected);
  g_assert_nonnull (status.problem);
  /* 200 claims, their 200 history entries and Ana's annotator row. */
  g_assert_cmpuint (status.waiting, ==, 401);
  g_assert_cmpuint (count_claims (a), ==, 200);

  g_assert_true (attest_test_pg_restart (pg, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (sync_once (a, &sent, NULL), ==, 0);
  g_assert_cmpuint (sent, ==, 401);
  g_assert_cmpuint (sync_once (lead, NULL, &received), ==, 0);
  g_assert_cmpuint (received, ==, 401);
  g_assert_cmpuint (count_claims (lead), ==, 200);
  assert_same_tei (a, lead);

  /* A restart between syncs: nothing lost, nothing twice. */
  attest_test_edit_claim (lead, ((AttestClaim *) g_ptr_array_index (attest_store_list_claims (lead, NULL, NULL), 0))->uuid,
                          "comment", "checked");
  g_assert_true (attest_test_pg_restart (pg, &error));
  g_assert_cmpuint (sync_once (lead, &sent, NULL), ==, 0);
  g_assert_cmpuint (sent, ==, 2);
  g_assert_cmpuint (sync_once (a, NULL, &received), ==, 0);
  g_assert_cmpuint (received, ==, 2);
  assert_same_tei (a, lead);
}

/* A follower reads the team's work and is refused when it would write;
 * a password in the connection string is refused before anything is
 * kept; joining twice is refused; leaving keeps the work. */
static void
test_refusals (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestStore) lead = replica (f, "lead", "Lena");
  g_autoptr(AttestStore) r = replica (f, "rita", "Rita");
  g_autoptr(AttestStore) a = replica (f, "ana", "Ana");
  g_autoptr(AttestDocument) doc = NULL;
  g_auto(AttestTeamReport) report = { 0 };
  g_autofree char *with_password = NULL;
  g_autofree char *conninfo = attest_test_pg_conninfo (pg, "ana");

  join (lead, "lead");
  members ();
  doc = attest_test_import_sample (lead, "000_7978e9767d1c15ca.txt", NULL);
  sync_once (lead, NULL, NULL);

  with_password = g_strconcat (conninfo, " password=secret", NULL);
  g_assert_false (attest_team_join (a, with_password, NULL, NULL, &report, &error));
  g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID);
  g_assert_null (strstr (error->message, "secret"));
  g_clear_error (&error);
  g_assert_false (attest_team_is_member (a));
  attest_team_report_clear (&report);
  g_assert_false (attest_team_join (a, "host=/nowhere/at/all dbname=attest user=ana", NULL, NULL, &report, &error));
  g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_UNREACHABLE);
  g_clear_error (&error);
  g_assert_false (attest_team_is_member (a));

  /* A password given twice, the last empty, is a password still. */
  {
    g_autofree char *twice = g_strconcat (conninfo, " password=secret password=", NULL);

    attest_team_report_clear (&report);
    g_assert_false (attest_team_join (a, twice, NULL, NULL, &report, &error));
    g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID);
    g_clear_error (&error);
    g_assert_false (attest_team_is_member (a));
  }

  /* Rita follows: the team's work reaches her, hers stays here. */
  {
    g_autofree char *rita = attest_test_pg_conninfo (pg, "rita");

    attest_team_report_clear (&report);
    g_assert_true (attest_team_join (r, rita, NULL, NULL, &report, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (report.received, >, 0);
    g_object_unref (attest_test_add_claim (r, doc->uuid, 400, 460, "training"));
    attest_team_report_clear (&report);
    g_assert_true (attest_team_sync (r, NULL, &report, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (report.sent, ==, 0);
    g_assert_cmpuint (report.unsent, ==, 3);  /* the claim, its history entry, Rita herself */
  }

  join (a, "ana");
  g_assert_cmpuint (count_claims (a), ==, 0);
  attest_team_report_clear (&report);
  g_assert_false (attest_team_join (a, conninfo, NULL, NULL, &report, &error));
  g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_CONFLICT);
  g_clear_error (&error);
  g_object_unref (attest_test_add_claim (a, doc->uuid, 100, 160, "training"));
  g_assert_true (attest_team_leave (a, &error));
  g_assert_false (attest_team_is_member (a));
  g_assert_cmpuint (count_claims (a), ==, 1);
  attest_team_report_clear (&report);
  g_assert_false (attest_team_sync (a, NULL, &report, &error));
  g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_NOT_FOUND);
}

/* The command line: join, status, sync with its exit codes. */
static void
test_cli (Fixture       *f,
          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *lead_db = g_build_filename (f->dir, "lead.db", NULL);
  g_autofree char *ana_db = g_build_filename (f->dir, "ana.db", NULL);
  g_autofree char *lead_info = attest_test_pg_conninfo (pg, "lead");
  g_autofree char *ana_info = attest_test_pg_conninfo (pg, "ana");
  g_autofree char *sample = attest_test_sample_path ("000_7978e9767d1c15ca.txt");

  {
    g_auto(AttestTestRun) imp = attest_test_cli (lead_db, "--annotator", "Lena", "import", sample, NULL);
    g_auto(AttestTestRun) j = attest_test_cli (lead_db, "--annotator", "Lena", "team", "join", lead_info, NULL);

    g_assert_cmpint (imp.status, ==, 0);
    g_assert_cmpint (j.status, ==, 0);
    g_assert_nonnull (strstr (j.out, "Joined the team.\n"));
  }
  members ();
  {
    g_auto(AttestTestRun) j = attest_test_cli (ana_db, "--annotator", "Ana", "team", "join", ana_info, NULL);
    g_auto(AttestTestRun) docs = attest_test_cli (ana_db, "documents", NULL);
    g_auto(AttestTestRun) st = attest_test_cli (ana_db, "team", "status", "--json", NULL);
    g_auto(AttestTestRun) again = attest_test_cli (ana_db, "--annotator", "Ana", "sync", NULL);

    g_assert_cmpint (j.status, ==, 0);
    g_assert_nonnull (strstr (docs.out, "Eurasia Daily Monitor"));
    g_assert_cmpint (st.status, ==, 0);
    g_assert_nonnull (strstr (st.out, "\"connected\" : true"));
    g_assert_nonnull (strstr (st.out, "\"waiting\" : 0"));
    g_assert_cmpint (again.status, ==, 0);
    g_assert_cmpstr (again.out, ==, "Synced: 0 changes received, 0 sent.\n");
  }
  g_assert_true (attest_test_pg_stop (pg, &error));
  {
    g_auto(AttestTestRun) off = attest_test_cli (ana_db, "--annotator", "Ana", "sync", NULL);
    g_auto(AttestTestRun) st = attest_test_cli (ana_db, "team", "status", NULL);

    g_assert_cmpint (off.status, ==, 8);
    g_assert_nonnull (strstr (off.err, "Could not reach the team server"));
    g_assert_cmpint (st.status, ==, 0);
    g_assert_nonnull (strstr (st.out, "Not connected: "));
  }
  g_assert_true (attest_test_pg_restart (pg, &error));
  {
    g_auto(AttestTestRun) pw = attest_test_cli (ana_db, "team", "join", "host=x password=hunter2", NULL);
    g_auto(AttestTestRun) leave = attest_test_cli (ana_db, "team", "leave", NULL);
    g_auto(AttestTestRun) after = attest_test_cli (ana_db, "sync", NULL);

    g_assert_cmpint (pw.status, ==, 4);
    g_assert_null (strstr (pw.err, "hunter2"));
    g_assert_cmpint (leave.status, ==, 0);
    g_assert_cmpint (after.status, ==, 3);
  }
}

/* Members join with work of their own: the same article imported apart
 * (its attributions scanned apart), a second database of the same person,
 * the same outside source... Their work reaches the team once, the team's
 * reaches them, and all end equal with nothing left to send. */
static void
test_join_with_work (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestStore) lead = replica (f, "lead", "Lena");
  g_autoptr(AttestStore) a1 = replica (f, "ana", "Ana");
  g_autoptr(AttestStore) a2 = replica (f, "ana-laptop", "Ana");
  g_autoptr(AttestDocument) lead_doc = attest_test_import_sample (lead, "000_7978e9767d1c15ca.txt", NULL);
  g_autoptr(AttestDocument) a1_doc = attest_test_import_sample (a1, "000_7978e9767d1c15ca.txt", NULL);
  g_autoptr(AttestDocument) a1_other = attest_test_import_sample (a1, "001_e5288724e250c3ef.txt", NULL);
  g_autoptr(AttestDocument) a2_doc = attest_test_import_sample (a2, "000_7978e9767d1c15ca.txt", NULL);
  g_autoptr(AttestClaim) by_lead = attest_test_add_claim (lead, lead_doc->uuid, 100, 160, "training");
  g_autoptr(AttestClaim) by_a1 = attest_test_add_claim (a1, a1_doc->uuid, 200, 260, "debt-deal");
  g_autoptr(AttestClaim) by_a2 = attest_test_add_claim (a2, a2_doc->uuid, 300, 360, "border-security");
  g_autoptr(GPtrArray) docs = NULL;

  g_assert_cmpstr (a1_doc->uuid, !=, lead_doc->uuid);
  join (lead, "lead");
  members ();
  join (a1, "ana");
  join (a2, "ana");
  for (guint round = 0; round < 2; round++)
    {
      sync_once (lead, NULL, NULL);
      sync_once (a1, NULL, NULL);
      sync_once (a2, NULL, NULL);
    }
  docs = attest_store_list_documents (lead, &error);
  g_assert_cmpuint (docs->len, ==, 2);
  g_assert_cmpuint (count_claims (lead), ==, 3);
  g_assert_cmpuint (count_claims (a1), ==, 3);
  g_assert_cmpuint (count_claims (a2), ==, 3);
  /* The team's ids: the article, its sources and Ana herself. */
  {
    g_autoptr(AttestDocument) now = attest_store_get_document (a1, lead_doc->uuid, &error);

    g_assert_no_error (error);
    g_assert_nonnull (now);
  }
  assert_same_tei (lead, a1);
  /* (Not a2's export: its entries and a1's, made by the same Ana in the
   * same second, may come in either order; see the README.) */
  {
    g_autoptr(GPtrArray) h_lead = attest_store_list_history (lead, NULL, &error);
    g_autoptr(GPtrArray) h_a2 = attest_store_list_history (a2, NULL, &error);

    g_assert_cmpuint (h_a2->len, ==, h_lead->len);
  }
  g_assert_cmpuint (waiting (lead), ==, 0);
  g_assert_cmpuint (waiting (a1), ==, 0);
  g_assert_cmpuint (waiting (a2), ==, 0);
}

/* The server's log emptied (or restored from an older copy): a sync says
 * so and sends nothing, rather than telling success. */
static void
test_log_emptied (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestStore) lead = replica (f, "lead", "Lena");
  g_autoptr(AttestDocument) doc = attest_test_import_sample (lead, "000_7978e9767d1c15ca.txt", NULL);
  g_auto(AttestTeamReport) report = { 0 };

  join (lead, "lead");
  attest_test_pg_super (pg, "TRUNCATE attest.changes RESTART IDENTITY");
  g_object_unref (attest_test_add_claim (lead, doc->uuid, 100, 160, "training"));
  g_assert_false (attest_team_sync (lead, NULL, &report, &error));
  g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_CONFLICT);
  g_assert_nonnull (strstr (error->message, "emptied or restored from an older copy"));
  g_assert_cmpuint (waiting (lead), ==, 3);  /* the claim, its history entry, Lena's first claim's annotator */
}

/* Two members add the same outside report to one article, and merge an
 * outlet's name into two different outlets, before syncing: after a few
 * rounds both agree, nothing is sent back and forth for ever. */
static void
test_same_things_apart (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestStore) lead = replica (f, "lead", "Lena");
  g_autoptr(AttestStore) a = replica (f, "ana", "Ana");
  g_autoptr(AttestDocument) doc = attest_test_import_sample (lead, "000_7978e9767d1c15ca.txt", NULL);
  guint sent = 0, received = 0;

  join (lead, "lead");
  members ();
  join (a, "ana");
  /* The lead once, Ana twice (as the outside tester did: both stay hers). */
  for (guint i = 0; i < 3; i++)
    {
      AttestStore *store = i ? a : lead;
      g_autoptr(AttestSource) s = attest_source_new ();
      g_autoptr(AttestSource) added = NULL;

      s->document_uuid = g_strdup (doc->uuid);
      s->outlet = g_strdup ("Reuters");
      s->date_text = g_strdup ("May 3");
      added = attest_store_add_source (store, s, &error);
      g_assert_no_error (error);
      if (i < 2)
        g_assert_true (attest_store_add_outlet (store, "Regnum", i ? "Kabar" : "Interfax", &error));
      g_assert_no_error (error);
    }
  /* Different reports added apart: each replica holds them in another
   * order of its own, and exports them in the same. */
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(AttestSource) s = attest_source_new ();
      g_autoptr(AttestSource) added = NULL;

      s->document_uuid = g_strdup (doc->uuid);
      s->outlet = g_strdup (i ? "TASS" : "AP");
      s->date_text = g_strdup (i ? "May 5" : "May 4");
      added = attest_store_add_source (i ? a : lead, s, &error);
      g_assert_no_error (error);
    }
  for (guint round = 0; round < 3; round++)
    {
      sync_once (lead, NULL, NULL);
      sync_once (a, NULL, NULL);
    }
  assert_same_tei (lead, a);
  for (guint i = 0; i < 2; i++)
    {
      g_assert_cmpuint (sync_once (i ? a : lead, &sent, &received), ==, 0);
      g_assert_cmpuint (sent, ==, 0);
      g_assert_cmpuint (received, ==, 0);
      g_assert_cmpuint (waiting (i ? a : lead), ==, 0);
    }
  {
    g_autoptr(AttestOutlets) ol = attest_store_dup_outlets (lead, &error);
    g_autoptr(AttestOutlets) oa = attest_store_dup_outlets (a, &error);

    g_assert_cmpstr (attest_outlets_lookup (ol, "Regnum"), ==, attest_outlets_lookup (oa, "Regnum"));
  }
}

/* Rows on the server that do not fit (written there by hand, or by a
 * broken client) are left out and told, by every member alike; the team's
 * other work goes on flowing. */
static void
test_bad_rows (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestStore) lead = replica (f, "lead", "Lena");
  g_autoptr(AttestStore) a = replica (f, "ana", "Ana");
  g_autoptr(AttestDocument) doc = attest_test_import_sample (lead, "000_7978e9767d1c15ca.txt", NULL);
  g_autoptr(AttestClaim) after = NULL;
  g_autofree char *ana = attest_test_pg_conninfo (pg, "ana");
  g_auto(AttestTeamReport) report = { 0 };

  join (lead, "lead");
  members ();
  attest_test_pg_super (pg, "INSERT INTO attest.changes (id, member, entity, entity_uuid, body) VALUES"
                        " (gen_random_uuid (), 'lead', 'claims', 'x', '[1, 2]'),"
                        " (gen_random_uuid (), 'lead', 'claims', 'y', '{\"key\": 5, \"row\": 7}'),"
                        " (gen_random_uuid (), 'lead', 'claims', 'z', '{\"key\": {\"uuid\": \"z\"}, \"row\": {\"uuid\": \"z\","
                        " \"document_id\": \"nowhere\", \"start\": 0, \"end\": 4, \"quote\": \"abcd\","
                        " \"category_id\": \"training\", \"annotator_id\": \"nobody\", \"created\": \"2026-01-01T00:00:00Z\","
                        " \"modified\": \"2026-01-01T00:00:00Z\", \"status\": \"draft\", \"certainty\": null,"
                        " \"comment\": null, \"version\": 1, \"deleted\": 0}}')");
  g_assert_true (attest_team_join (a, ana, NULL, NULL, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.refused->len, ==, 3);
  g_assert_true (g_str_has_prefix (g_ptr_array_index (report.refused, 2), "claims z: "));

  /* The lead's work still reaches Ana, and hers the lead. */
  after = attest_test_add_claim (lead, doc->uuid, 100, 160, "training");
  sync_once (lead, NULL, NULL);
  sync_once (a, NULL, NULL);
  g_assert_cmpuint (count_claims (a), ==, 1);
  assert_same_tei (lead, a);
}

/* ------------------------------------------------------- four at once */

typedef struct {
  AttestStore *store;
  const char  *doc;
  guint        index;
  GError      *error;
} Writer;

/* One replica saving 500 claims, syncing every 25 while the others do the
 * same; a sync may find others wrote meanwhile and read again. */
/* Categories made in one order and put under each other in another: a
 * parent reaches the others before its children, whatever the order on
 * screen. */
static void
test_category_chain (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestStore) lead = replica (f, "lead", "Lena");
  g_autoptr(AttestStore) a = replica (f, "ana", "Ana");
  g_autoptr(AttestDocument) doc = attest_test_import_sample (lead, "000_7978e9767d1c15ca.txt", NULL);
  g_autoptr(AttestClaim) c = NULL;
  g_auto(AttestTeamReport) report = { 0 };
  const char *keys[] = { "chain-leaf", "chain-mid", "chain-top" };

  join (lead, "lead");
  members ();
  join (a, "ana");
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      g_autoptr(AttestCategory) k = attest_category_new ();

      k->key = g_strdup (keys[i]);
      k->label = g_strdup_printf ("Chain %u", i);
      k->color = g_strdup ("#336699");
      k->shortcut = -1;
      g_assert_true (attest_store_add_category (lead, k, &error));
      g_assert_no_error (error);
    }
  for (guint i = 0; i + 1 < G_N_ELEMENTS (keys); i++)
    {
      g_autoptr(AttestCategory) k = attest_store_get_category (lead, keys[i], &error);

      g_assert_no_error (error);
      k->parent_key = g_strdup (keys[i + 1]);
      g_assert_true (attest_store_update_category (lead, k, &error));
      g_assert_no_error (error);
    }
  c = attest_test_add_claim (lead, doc->uuid, 100, 160, "chain-leaf");
  sync_once (lead, NULL, NULL);
  g_assert_true (attest_team_sync (a, NULL, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.refused->len, ==, 0);
  g_assert_cmpuint (count_claims (a), ==, 1);
  {
    g_autoptr(AttestCategory) leaf = attest_store_get_category (a, "chain-leaf", &error);

    g_assert_no_error (error);
    g_assert_cmpstr (leaf->parent_key, ==, "chain-mid");
  }
  assert_same_tei (lead, a);
}

/* Puts the file at @from in the place of @store's, as a user restoring a
 * backup does; returns the store opened again. */
static AttestStore *
put_back (Fixture     *f,
          AttestStore *store,
          const char  *name,
          const char  *annotator,
          const char  *from)
{
  g_autofree char *file = g_strconcat (name, ".db", NULL);
  g_autofree char *path = g_build_filename (f->dir, file, NULL);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);
  g_autofree char *bytes = NULL;
  gsize length = 0;

  g_object_unref (store);
  g_assert_true (g_file_get_contents (from, &bytes, &length, NULL));
  g_assert_true (g_file_set_contents (path, bytes, length, NULL));
  g_unlink (wal);
  g_unlink (shm);
  return replica (f, name, annotator);
}

/* A backup of a member's database put back in its place, after work was
 * sent from it and work done on it: what was sent comes back from the
 * server, the new work goes, and nothing the teammates have is removed. */
static void
test_copy_put_back (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestStore) lead = replica (f, "lead", "Lena");
  g_autoptr(AttestStore) a = replica (f, "ana", "Ana");
  g_autoptr(AttestStore) b = replica (f, "boris", "Boris");
  g_autoptr(AttestDocument) doc = attest_test_import_sample (lead, "000_7978e9767d1c15ca.txt", NULL);
  g_autoptr(AttestClaim) first = NULL;
  g_autoptr(AttestClaim) later = NULL;
  g_autoptr(AttestClaim) hers = NULL;
  g_autoptr(AttestClaim) seen = NULL;
  g_autofree char *backup = g_build_filename (f->dir, "ana-backup.db", NULL);
  g_autofree char *mirror_copy = g_build_filename (f->dir, "ana-mirror-copy.db", NULL);
  g_autofree char *mirror = NULL;

  join (lead, "lead");
  members ();
  join (a, "ana");
  join (b, "boris");
  first = attest_test_add_claim (a, doc->uuid, 100, 160, "training");
  sync_once (a, NULL, NULL);
  g_assert_true (attest_store_backup (a, backup, &error));
  g_assert_no_error (error);

  /* Sent after the backup: a comment, and Boris's claim arrives. */
  attest_test_edit_claim (a, first->uuid, "comment", "sent, then lost there");
  sync_once (a, NULL, NULL);
  later = attest_test_add_claim (b, doc->uuid, 300, 340, "debt-deal");
  sync_once (b, NULL, NULL);
  sync_once (a, NULL, NULL);

  /* The backup goes back, and Ana works on before syncing. */
  a = put_back (f, a, "ana", "Ana", backup);
  hers = attest_test_add_claim (a, doc->uuid, 500, 540, "training");
  for (guint round = 0; round < 2; round++)
    {
      sync_once (a, NULL, NULL);
      sync_once (b, NULL, NULL);
      sync_once (lead, NULL, NULL);
    }
  for (guint i = 0; i < 3; i++)
    {
      AttestStore *r = i == 0 ? a : i == 1 ? b : lead;

      g_assert_cmpuint (count_claims (r), ==, 3);
      g_assert_cmpuint (waiting (r), ==, 0);
      g_clear_object (&seen);
      seen = attest_store_get_claim (r, first->uuid, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (seen->comment, ==, "sent, then lost there");
    }

  /* A mirror copied from an older state of the same member: everything
   * is looked at once, and nothing moves. */
  mirror = attest_team_dup_mirror_path (a);
  {
    g_autofree char *bytes = NULL;
    gsize length = 0;

    g_assert_true (g_file_get_contents (mirror, &bytes, &length, NULL));
    g_assert_true (g_file_set_contents (mirror_copy, bytes, length, NULL));
  }
  attest_test_edit_claim (b, later->uuid, "comment", "seen by all");
  sync_once (b, NULL, NULL);
  sync_once (a, NULL, NULL);
  {
    g_autofree char *bytes = NULL;
    gsize length = 0;

    g_assert_true (g_file_get_contents (mirror_copy, &bytes, &length, NULL));
    g_assert_true (g_file_set_contents (mirror, bytes, length, NULL));
  }
  attest_test_edit_claim (b, later->uuid, "status", "accepted");
  sync_once (b, NULL, NULL);
  sync_once (a, NULL, NULL);
  sync_once (lead, NULL, NULL);
  g_clear_object (&seen);
  seen = attest_store_get_claim (a, later->uuid, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (seen->comment, ==, "seen by all");
  g_assert_cmpstr (seen->status, ==, "accepted");
  g_assert_cmpuint (waiting (a), ==, 0);
  g_assert_cmpuint (waiting (b), ==, 0);
}

/* Copies a change of @entity in the log as the lead's, with its
 * key (a uuid, or a category's key, in @key_column) set to @key and the
 * row's @column set to @value (JSON). */
static void
forge (const char *entity,
       const char *key_column,
       const char *key,
       const char *column,
       const char *value)
{
  g_autofree char *sql = g_strdup_printf (
    "INSERT INTO attest.changes (id, member, entity, entity_uuid, body)"
    " SELECT gen_random_uuid (), 'lead', entity, '%2$s',"
    "  jsonb_set (jsonb_set (jsonb_set (body, '{key,%1$s}', to_jsonb ('%2$s'::text)),"
    "   '{row,%1$s}', to_jsonb ('%2$s'::text)), '{row,%3$s}', '%4$s'::jsonb)"
    " FROM attest.changes WHERE entity = '%5$s' AND body ? 'row'"
    /* The first change of that key, else the last of the table. */
    " ORDER BY entity_uuid = '%2$s' DESC, CASE WHEN entity_uuid = '%2$s' THEN seq ELSE -seq END LIMIT 1",
    key_column, key, column, value, entity);

  attest_test_pg_super (pg, sql);
}

/* Rows that fit the server's tables but break Attest's rules, written
 * into the log by hand: each is left out by every member as it comes
 * (the merge would refuse them, and with them every later sync). */
static void
test_rule_breaking_rows (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestStore) lead = replica (f, "lead", "Lena");
  g_autoptr(AttestStore) a = replica (f, "ana", "Ana");
  g_autoptr(AttestDocument) doc = attest_test_import_sample (lead, "000_7978e9767d1c15ca.txt", NULL);
  g_autoptr(AttestClaim) before = attest_test_add_claim (lead, doc->uuid, 100, 160, "training");
  g_autoptr(AttestClaim) after = NULL;
  g_autoptr(AttestClaim) seen = NULL;
  g_autofree char *ana = attest_test_pg_conninfo (pg, "ana");
  g_autofree char *annotator = NULL;
  g_autofree char *other_key = NULL;
  g_auto(AttestTeamReport) report = { 0 };
  const char *expected[] = {
    "claims c0ffee00-0000-4000-8000-000000000001: ",   /* a quote the text does not hold */
    NULL,                                              /* the claim's version as a word */
    "categories training: ",                           /* its own parent */
    "categories training: ",                           /* under its own child */
    "categories bad-colour: ",                         /* a colour that is none */
    "history c0ffee00-0000-4000-8000-000000000002: ",  /* a change "yesterday" */
    NULL,                                              /* Lena renamed */
    "history ",                                        /* an entry taken away */
    NULL,                                              /* the claim moved */
    "sources ",                                        /* a source moved out of its article */
  };

  /* A category's change in the log, to copy; another under it. */
  attest_test_rename_category (lead, "training", "Training drills");
  {
    g_autoptr(GPtrArray) taxonomy = attest_store_list_categories (lead, FALSE, &error);
    AttestCategory *other = NULL;

    g_assert_no_error (error);
    for (guint i = 0; i < taxonomy->len && other == NULL; i++)
      if (!g_str_equal (((AttestCategory *) g_ptr_array_index (taxonomy, i))->key, "training"))
        other = g_ptr_array_index (taxonomy, i);
    g_assert_nonnull (other);
    other_key = g_strdup (other->key);
    g_free (other->parent_key);
    other->parent_key = g_strdup ("training");
    g_assert_true (attest_store_update_category (lead, other, &error));
    g_assert_no_error (error);
  }
  join (lead, "lead");
  members ();
  {
    g_autoptr(PGconn) conn = attest_test_pg_connect (pg, ATTEST_TEST_PG_SUPERUSER, &error);
    g_autoptr(PGresult) res = NULL;

    g_assert_no_error (error);
    res = PQexec (conn, "SELECT entity_uuid FROM attest.changes WHERE entity = 'annotators'");
    g_assert_cmpint (PQntuples (res), ==, 1);
    annotator = g_strdup (PQgetvalue (res, 0, 0));
  }
  forge ("claims", "uuid", "c0ffee00-0000-4000-8000-000000000001", "quote", "\"not what the text says\"");
  forge ("claims", "uuid", before->uuid, "version", "\"many\"");
  forge ("categories", "key", "training", "parent_key", "\"training\"");
  {
    g_autofree char *child = g_strdup_printf ("\"%s\"", other_key);

    forge ("categories", "key", "training", "parent_key", child);
  }
  forge ("categories", "key", "bad-colour", "color", "\"not-a-colour\"");
  forge ("history", "uuid", "c0ffee00-0000-4000-8000-000000000002", "at", "\"yesterday\"");
  forge ("annotators", "uuid", annotator, "name", "\"Mallory\"");
  attest_test_pg_super (pg, "INSERT INTO attest.changes (id, member, entity, entity_uuid, body)"
                        " SELECT gen_random_uuid (), 'lead', entity, entity_uuid, jsonb_build_object ('key', body -> 'key')"
                        " FROM attest.changes WHERE entity = 'history' ORDER BY seq LIMIT 1");
  forge ("claims", "uuid", before->uuid, "start", "200");
  attest_test_pg_super (pg, "INSERT INTO attest.changes (id, member, entity, entity_uuid, body)"
                        " SELECT gen_random_uuid (), 'lead', entity, entity_uuid, jsonb_set (body, '{row,document_id}', 'null')"
                        " FROM attest.changes WHERE entity = 'sources' ORDER BY seq LIMIT 1");

  g_assert_true (attest_team_join (a, ana, NULL, NULL, &report, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < report.refused->len; i++)
    g_test_message ("refused: %s", (char *) g_ptr_array_index (report.refused, i));
  g_assert_cmpuint (report.refused->len, ==, G_N_ELEMENTS (expected));
  {
    g_autofree char *version = g_strdup_printf ("claims %s: ", before->uuid);
    g_autofree char *renamed = g_strdup_printf ("annotators %s: ", annotator);

    expected[1] = version;
    expected[6] = renamed;
    expected[8] = version;
    for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
      if (!g_str_has_prefix (g_ptr_array_index (report.refused, i), expected[i]))
        g_error ("refused[%u] is “%s”, not “%s…”", i, (char *) g_ptr_array_index (report.refused, i), expected[i]);
  }
  g_assert_nonnull (strstr (g_ptr_array_index (report.refused, 3), "a category cannot be under itself"));
  g_assert_nonnull (strstr (g_ptr_array_index (report.refused, 6), "never changes"));
  g_assert_nonnull (strstr (g_ptr_array_index (report.refused, 7), "never removes"));
  g_assert_nonnull (strstr (g_ptr_array_index (report.refused, 8), "moves a row of claims"));
  g_assert_nonnull (strstr (g_ptr_array_index (report.refused, 9), "moves a row of sources"));
  /* Ana has the team's work as it was before them. */
  g_assert_cmpuint (count_claims (a), ==, 1);
  seen = attest_store_get_claim (a, before->uuid, &error);
  g_assert_no_error (error);
  g_assert_cmpint (seen->version, ==, before->version);
  assert_same_tei (lead, a);

  /* The lead's sync leaves them out too, and the team's work goes on. */
  {
    g_auto(AttestTeamReport) again = { 0 };

    g_assert_true (attest_team_sync (lead, NULL, &again, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (again.refused->len, ==, G_N_ELEMENTS (expected));
  }
  after = attest_test_add_claim (lead, doc->uuid, 300, 360, "training");
  sync_once (lead, NULL, NULL);
  sync_once (a, NULL, NULL);
  g_assert_cmpuint (count_claims (a), ==, 2);
  assert_same_tei (lead, a);
}

static gpointer
write_and_sync (gpointer data)
{
  Writer *w = data;
  const char *categories[] = { "training", "debt-deal", "military-base", "border-security" };

  for (guint j = 0; j < 500 && w->error == NULL; j++)
    {
      gint64 start = (j * 11 + w->index * 3) % 5600;
      g_autoptr(AttestClaim) c = attest_store_add_claim (w->store, w->doc, start, start + 20 + j % 7,
                                                         categories[(j + w->index) % 4], NULL, NULL,
                                                         &w->error);

      if (c != NULL && j % 25 == 24)
        {
          g_auto(AttestTeamReport) report = { 0 };

          attest_team_sync (w->store, NULL, &report, &w->error);
        }
    }
  return NULL;
}

static void
test_four_at_once (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(AttestStore) lead = replica (f, "lead", "Lena");
  g_autoptr(AttestDocument) doc = NULL;
  AttestStore *stores[4];
  Writer writers[4] = { { 0 } };
  GThread *threads[4];
  const char *names[] = { "ana", "boris", "carla", "dmitri" };
  const char *people[] = { "Ana", "Boris", "Carla", "Dmitri" };
  g_autofree char *first = NULL;
  gint64 started;

  join (lead, "lead");
  attest_test_pg_super (pg, "CREATE ROLE ana LOGIN; GRANT attest_member TO ana;"
                        "CREATE ROLE boris LOGIN; GRANT attest_member TO boris;"
                        "CREATE ROLE carla LOGIN; GRANT attest_member TO carla;"
                        "CREATE ROLE dmitri LOGIN; GRANT attest_member TO dmitri");
  doc = attest_test_import_sample (lead, "000_7978e9767d1c15ca.txt", NULL);
  sync_once (lead, NULL, NULL);
  for (guint i = 0; i < 4; i++)
    {
      stores[i] = replica (f, names[i], people[i]);
      join (stores[i], names[i]);
      writers[i] = (Writer) { stores[i], doc->uuid, i, NULL };
    }

  started = g_get_monotonic_time ();
  for (guint i = 0; i < 4; i++)
    threads[i] = g_thread_new (names[i], write_and_sync, &writers[i]);
  for (guint i = 0; i < 4; i++)
    {
      g_thread_join (threads[i]);
      g_assert_no_error (writers[i].error);
    }
  g_test_message ("4 replicas x 500 claims, saved and synced at once: %.1f s",
                  (g_get_monotonic_time () - started) / 1e6);

  /* Two rounds bring everyone level; then nobody has anything to send. */
  for (guint round = 0; round < 2; round++)
    for (guint i = 0; i < 4; i++)
      sync_once (stores[i], NULL, NULL);
  sync_once (lead, NULL, NULL);
  first = attest_test_export_tei (lead);
  g_assert_cmpuint (count_claims (lead), ==, 2000);
  for (guint i = 0; i < 4; i++)
    {
      g_autofree char *other = attest_test_export_tei (stores[i]);
      guint sent = 1, received = 1;

      g_assert_cmpuint (count_claims (stores[i]), ==, 2000);
      g_assert_cmpuint (strlen (other), ==, strlen (first));
      g_assert_true (g_str_equal (other, first));
      g_assert_cmpuint (sync_once (stores[i], &sent, &received), ==, 0);
      g_assert_cmpuint (sent, ==, 0);
      g_assert_cmpuint (received, ==, 0);
      g_object_unref (stores[i]);
    }
}

/* ------------------------------------------------------------- faults */

static guint
server_count (const char *sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PGconn) conn = attest_test_pg_connect (pg, ATTEST_TEST_PG_SUPERUSER, &error);
  g_autoptr(PGresult) res = NULL;

  g_assert_no_error (error);
  res = PQexec (conn, sql);
  g_assert_cmpint (PQresultStatus (res), ==, PGRES_TUPLES_OK);
  return (guint) g_ascii_strtoull (PQgetvalue (res, 0, 0), NULL, 10);
}

/* attest-cli sync killed at moments spread over its run, and the server
 * restarted under one: each next sync completes, no change is lost and
 * none is on the server twice. */
static void
test_killed (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestStore) lead = replica (f, "lead", "Lena");
  g_autoptr(AttestStore) a = replica (f, "ana", "Ana");
  g_autoptr(AttestDocument) doc = NULL;
  g_autofree char *path = g_strdup (attest_store_get_path (a));
  guint killed = 0;

  join (lead, "lead");
  members ();
  doc = attest_test_import_sample (lead, "000_7978e9767d1c15ca.txt", NULL);
  sync_once (lead, NULL, NULL);
  join (a, "ana");

  for (guint round = 0; round < 6; round++)
    {
      g_autoptr(GSubprocess) sync = NULL;
      const char *argv[] = { g_getenv ("ATTEST_CLI"), "--db", path, "--annotator", "Ana", "sync", NULL };

      for (guint i = 0; i < 300; i++)
        g_object_unref (attest_test_add_claim (a, doc->uuid, (round * 300 + i) % 5700, (round * 300 + i) % 5700 + 9,
                                               "training"));
      sync = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error);
      g_assert_no_error (error);
      /* 5 ms to 180 ms into it: reading, merging, comparing, sending. */
      g_usleep ((5 + round * 35) * 1000);
      if (round == 3)
        {
          g_assert_true (attest_test_pg_crash (pg, &error));
          g_assert_true (attest_test_pg_restart (pg, &error));
          g_assert_no_error (error);
        }
      else
        g_subprocess_force_exit (sync);
      g_assert_true (g_subprocess_wait (sync, NULL, &error));
      killed += !g_subprocess_get_if_exited (sync) || g_subprocess_get_exit_status (sync) != 0;
    }
  g_test_message ("%u of 6 syncs stopped before they finished", killed);

  sync_once (a, NULL, NULL);
  sync_once (lead, NULL, NULL);
  g_assert_cmpuint (count_claims (a), ==, 1800);
  g_assert_cmpuint (count_claims (lead), ==, 1800);
  assert_same_tei (a, lead);
  /* Each claim's row went to the server once: nothing was sent twice. */
  g_assert_cmpuint (server_count ("SELECT count(*) FROM attest.changes WHERE entity = 'claims'"), ==, 1800);
  g_assert_cmpuint (server_count ("SELECT count(*) FROM (SELECT entity_uuid FROM attest.changes"
                                  " WHERE entity = 'history' GROUP BY entity_uuid HAVING count(*) > 1) d"), ==, 0);
}

/* --------------------------------------------------------------- worker */

static gboolean
spin_until (gboolean (*done) (gpointer),
            gpointer  data,
            gint64    max_ms)
{
  gint64 deadline = g_get_monotonic_time () + max_ms * 1000;

  while (!done (data) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE), g_usleep (5000);
  return done (data);
}

typedef struct {
  AttestStore *store;
  const char  *uuid;
} Seen;

static gboolean
claim_is_there (gpointer data)
{
  Seen *seen = data;
  g_autoptr(AttestClaim) c = attest_store_get_claim (seen->store, seen->uuid, NULL);

  return c != NULL;
}

static gboolean
worker_is (gpointer data)
{
  gpointer *pair = data;

  return (int) attest_team_worker_get_state (pair[0]) == GPOINTER_TO_INT (pair[1]);
}

/* Offline with the two changes of the claim made offline counted. */
static gboolean
offline_with_two (gpointer data)
{
  return attest_team_worker_get_state (data) == ATTEST_TEAM_STATE_OFFLINE &&
         attest_team_worker_get_waiting (data) == 2;
}

/* The window's worker: a teammate's claim arrives without asking (the
 * server's NOTIFY wakes it); a local change, poked, reaches the teammate;
 * offline, the changes wait and the state says so; back online, they go. */
static void
test_worker (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestStore) lead = replica (f, "lead", "Lena");
  g_autoptr(AttestStore) a = replica (f, "ana", "Ana");
  g_autoptr(AttestStore) b = replica (f, "boris", "Boris");
  g_autoptr(AttestTeamWorker) worker = NULL;
  g_autoptr(AttestDocument) doc = NULL;
  g_autoptr(AttestClaim) from_a = NULL;
  g_autoptr(AttestClaim) from_b = NULL;
  g_autoptr(AttestClaim) offline = NULL;
  guint changed = 0;
  gint64 start;
  gpointer state[2];

  join (lead, "lead");
  members ();
  join (a, "ana");
  join (b, "boris");
  doc = attest_test_import_sample (a, "000_7978e9767d1c15ca.txt", NULL);
  sync_once (a, NULL, NULL);

  worker = attest_team_worker_new (attest_store_get_path (b), "Boris", NULL);
  g_signal_connect_swapped (worker, "changed", G_CALLBACK (g_atomic_int_inc), &changed);
  state[0] = worker;
  state[1] = GINT_TO_POINTER (ATTEST_TEAM_STATE_SYNCED);
  g_assert_true (spin_until (worker_is, state, 10000));
  g_assert_cmpuint (changed, >, 0);

  /* Ana's claim reaches Boris's database by itself. */
  from_a = attest_test_add_claim (a, doc->uuid, 100, 160, "training");
  start = g_get_monotonic_time ();
  sync_once (a, NULL, NULL);
  g_assert_true (spin_until (claim_is_there, &(Seen) { b, from_a->uuid }, 10000));
  g_test_message ("a teammate's claim in this database %.0f ms after it was sent",
                  (g_get_monotonic_time () - start) / 1000.0);

  /* Boris's claim, poked, reaches Ana. */
  from_b = attest_test_add_claim (b, doc->uuid, 200, 260, "debt-deal");
  attest_team_worker_poke (worker);
  start = g_get_monotonic_time ();
  while (attest_team_worker_get_syncs (worker) < 3 && g_get_monotonic_time () < start + 10 * G_USEC_PER_SEC)
    g_main_context_iteration (NULL, FALSE), g_usleep (5000);
  {
    g_autoptr(AttestClaim) got = NULL;
    gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

    do
      {
        g_clear_object (&got);
        sync_once (a, NULL, NULL);
        got = attest_store_get_claim (a, from_b->uuid, NULL);
      }
    while (got == NULL && g_get_monotonic_time () < deadline && (g_usleep (50000), TRUE));
    g_assert_nonnull (got);
  }

  /* Offline: the change waits, and the state says so. */
  g_assert_true (attest_test_pg_stop (pg, &error));
  offline = attest_test_add_claim (b, doc->uuid, 300, 360, "training");
  attest_team_worker_poke (worker);
  /* (The listening connection's end may have woken it before the claim
   * was made: a first report may count nothing yet.) */
  g_assert_true (spin_until (offline_with_two, worker, 10000));  /* the claim, its history entry */
  {
    g_autofree char *message = attest_team_worker_dup_message (worker);

    g_assert_true (g_str_has_prefix (message, "Could not reach the team server"));
  }
  g_assert_true (attest_test_pg_restart (pg, &error));
  g_assert_no_error (error);
  state[1] = GINT_TO_POINTER (ATTEST_TEAM_STATE_SYNCED);
  g_assert_true (spin_until (worker_is, state, 20000));
  sync_once (a, NULL, NULL);
  g_assert_true (claim_is_there (&(Seen) { a, offline->uuid }));

  /* Dropped while it may be syncing: the window never waits for it. */
  attest_team_worker_poke (worker);
  g_clear_object (&worker);
  g_usleep (300000);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  pg = attest_test_pg_start (&error);
  if (pg == NULL)
    g_error ("%s", error->message);

#define ADD(path, func) g_test_add (path, Fixture, NULL, setup, func, teardown)
  ADD ("/team/sync/two-replicas", test_two_replicas);
  ADD ("/team/sync/conflict", test_conflict);
  ADD ("/team/sync/offline", test_offline);
  ADD ("/team/sync/refusals", test_refusals);
  ADD ("/team/sync/cli", test_cli);
  ADD ("/team/sync/four-at-once", test_four_at_once);
  ADD ("/team/sync/killed", test_killed);
  ADD ("/team/worker", test_worker);
  ADD ("/team/sync/join-with-work", test_join_with_work);
  ADD ("/team/sync/log-emptied", test_log_emptied);
  ADD ("/team/sync/same-things-apart", test_same_things_apart);
  ADD ("/team/sync/bad-rows", test_bad_rows);
  ADD ("/team/sync/rule-breaking-rows", test_rule_breaking_rows);
  ADD ("/team/sync/copy-put-back", test_copy_put_back);
  ADD ("/team/sync/category-chain", test_category_chain);
#undef ADD

  status = g_test_run ();
  g_clear_pointer (&pg, attest_test_pg_free);
  return status;
}
