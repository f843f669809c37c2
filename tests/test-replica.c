/* test-replica.c — the replica side of syncing through a team's server
 * (attest-store-replica.c), without the server: the changes a replica
 * sends are kept in order in a list, as the server's log keeps them, and
 * read back by the other replicas. Two replicas annotating, editing,
 * linking, deleting and changing the taxonomy end equal to the byte
 * (their TEI exports), and once level neither has anything left to send.
 * The same replicas against a real PostgreSQL server: test-team.c. */
#include <glib/gstdio.h>
#include <string.h>

#include "attest-error.h"
#include "attest-store.h"
#include "attest-test-utils.h"

typedef struct {
  char        *path;
  char        *mirror_path;
  AttestStore *store;
  AttestStore *mirror;
} Replica;

typedef struct {
  char      *dir;
  GPtrArray *log;   /* AttestReplicaChange*, in the "server's" order */
  Replica    a;
  Replica    b;
} Fixture;

static AttestReplicaChange *
change_copy (AttestReplicaChange *c)
{
  AttestReplicaChange *copy = g_new0 (AttestReplicaChange, 1);

  copy->table = g_strdup (c->table);
  copy->key = g_strdup (c->key);
  copy->body = g_strdup (c->body);
  return copy;
}

static void
replica_open (Fixture    *f,
              Replica    *r,
              const char *name,
              const char *annotator)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *file = g_strconcat (name, ".db", NULL);
  g_autofree char *mirror = g_strconcat (name, ".mirror.db", NULL);

  r->path = g_build_filename (f->dir, file, NULL);
  r->mirror_path = g_build_filename (f->dir, mirror, NULL);
  r->store = attest_store_open (r->path, ATTEST_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_true (attest_store_set_annotator (r->store, annotator, NULL));
  r->mirror = attest_store_open (r->mirror_path, ATTEST_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
}

static void
replica_close (Replica *r)
{
  g_clear_object (&r->store);
  g_clear_object (&r->mirror);
  g_free (r->path);
  g_free (r->mirror_path);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->dir = attest_test_make_tmp_dir ("attest-replica-XXXXXX");
  f->log = g_ptr_array_new_with_free_func ((GDestroyNotify) attest_replica_change_free);
  replica_open (f, &f->a, "ana", "Ana");
  replica_open (f, &f->b, "boris", "Boris");
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  replica_close (&f->a);
  replica_close (&f->b);
  g_ptr_array_unref (f->log);
  attest_test_remove_tree (f->dir);
  g_free (f->dir);
}

/* Reads what the "server" holds past the mirror's position, merges it in,
 * and returns the conflicts' count. */
static guint
pull (Fixture *f,
      Replica *r)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) news = g_ptr_array_new_with_free_func ((GDestroyNotify) attest_replica_change_free);
  g_auto(AttestMergeReport) report = { 0 };
  gint64 seq = -1;

  g_assert_true (attest_store_replica_get_seq (r->mirror, &seq, &error));
  g_assert_no_error (error);
  for (guint i = (guint) seq; i < f->log->len; i++)
    g_ptr_array_add (news, change_copy (g_ptr_array_index (f->log, i)));
  g_assert_true (attest_store_replica_apply (r->mirror, news, f->log->len, &error));
  g_assert_no_error (error);
  g_assert_true (attest_store_merge (r->store, r->mirror_path, &report, &error));
  g_assert_no_error (error);
  g_assert_true (attest_store_replica_fast_forward (r->store, r->mirror_path, &error));
  g_assert_no_error (error);
  return report.conflicts->len;
}

/* Sends what the replica has that its mirror has not (the "server" is
 * level with the mirror: pulled just before). Returns how many went. */
static guint
push (Fixture *f,
      Replica *r)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) changes = attest_store_replica_changes (r->store, r->mirror_path, &error);
  gint64 seq = -1;

  g_assert_no_error (error);
  g_assert_true (attest_store_replica_get_seq (r->mirror, &seq, &error));
  g_assert_cmpint (seq, ==, f->log->len);
  for (guint i = 0; i < changes->len; i++)
    g_ptr_array_add (f->log, change_copy (g_ptr_array_index (changes, i)));
  g_assert_true (attest_store_replica_apply (r->mirror, changes, f->log->len, &error));
  g_assert_no_error (error);
  return changes->len;
}

static guint
sync_once (Fixture *f,
      Replica *r)
{
  pull (f, r);
  return push (f, r);
}

static guint
pending (Replica *r)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) changes = attest_store_replica_changes (r->store, r->mirror_path, &error);

  g_assert_no_error (error);
  return changes->len;
}


#define assert_same_tei(f) \
  G_STMT_START { \
    g_autofree char *ta_ = attest_test_export_tei ((f)->a.store); \
    g_autofree char *tb_ = attest_test_export_tei ((f)->b.store); \
    g_assert_cmpstr (ta_, ==, tb_); \
  } G_STMT_END

static guint
count_claims (AttestStore *store)
{
  g_autoptr(GPtrArray) claims = attest_store_list_claims (store, &(AttestClaimFilter) { 0 }, NULL);

  return claims->len;
}

static void
test_two_replicas (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestDocument) doc = attest_test_import_sample (f->a.store, "000_7978e9767d1c15ca.txt", NULL);
  g_autoptr(AttestClaim) c1 = attest_test_add_claim (f->a.store, doc->uuid, 100, 160, "counter-narcotics");
  g_autoptr(AttestClaim) c2 = attest_test_add_claim (f->a.store, doc->uuid, 200, 240, "training");
  g_autoptr(AttestClaim) in_b = NULL;
  g_autoptr(GPtrArray) sources = attest_store_list_sources (f->a.store, doc->uuid, &error);
  const char *source = ((AttestSource *) g_ptr_array_index (sources, 0))->uuid;
  g_autoptr(AttestCategory) cat = NULL;

  g_assert_true (attest_store_link (f->a.store, c1->uuid, source, &error));
  g_assert_no_error (error);

  /* Ana sends everything; Boris, empty, reads it and is level. */
  g_assert_cmpuint (sync_once (f, &f->a), >, 0);
  g_assert_cmpuint (pending (&f->a), ==, 0);
  g_assert_cmpuint (pull (f, &f->b), ==, 0);
  g_assert_cmpuint (pending (&f->b), ==, 0);
  g_assert_cmpuint (count_claims (f->b.store), ==, 2);
  assert_same_tei (f);

  /* Boris edits, deletes, links and renames a category. */
  attest_test_edit_claim (f->b.store, c1->uuid, "status", "accepted");
  g_assert_true (attest_store_delete_claim (f->b.store, c2->uuid, &error));
  g_assert_true (attest_store_unlink (f->b.store, c1->uuid, source, &error));
  g_assert_no_error (error);
  attest_test_rename_category (f->b.store, "training", "Training and drills");
  g_assert_cmpuint (sync_once (f, &f->b), >, 0);
  g_assert_cmpuint (pending (&f->b), ==, 0);

  /* Ana reads them: the same to the byte, nothing to send back. */
  g_assert_cmpuint (pull (f, &f->a), ==, 0);
  g_assert_cmpuint (pending (&f->a), ==, 0);
  in_b = attest_store_get_claim (f->a.store, c1->uuid, &error);
  g_assert_cmpstr (in_b->status, ==, "accepted");
  g_assert_cmpuint (in_b->source_uuids->len, ==, 0);
  g_assert_null (attest_store_get_claim (f->a.store, c2->uuid, NULL));
  cat = attest_store_get_category (f->a.store, "training", &error);
  g_assert_cmpstr (cat->label, ==, "Training and drills");
  assert_same_tei (f);

  /* Syncing again when level sends nothing, on either side. */
  g_assert_cmpuint (sync_once (f, &f->a), ==, 0);
  g_assert_cmpuint (sync_once (f, &f->b), ==, 0);
}

/* Both change the same field before either syncs: the second to send is
 * told of the conflict (theirs kept for now, in the history), sends the
 * result, and the first takes it: level, and nothing bounces. */
static void
test_conflict (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestDocument) doc = attest_test_import_sample (f->a.store, "000_7978e9767d1c15ca.txt", NULL);
  g_autoptr(AttestClaim) c = attest_test_add_claim (f->a.store, doc->uuid, 100, 160, "counter-narcotics");
  g_autoptr(AttestClaim) now = NULL;
  g_autoptr(GPtrArray) open = NULL;

  sync_once (f, &f->a);
  pull (f, &f->b);
  attest_test_edit_claim (f->a.store, c->uuid, "certainty", "high");
  attest_test_edit_claim (f->b.store, c->uuid, "certainty", "low");
  g_assert_cmpuint (sync_once (f, &f->a), >, 0);
  g_assert_cmpuint (pull (f, &f->b), ==, 1);
  open = attest_store_list_open_conflicts (f->b.store, &error);
  g_assert_cmpuint (open->len, ==, 1);
  g_assert_cmpuint (push (f, &f->b), >, 0);
  g_assert_cmpuint (pull (f, &f->a), ==, 0);
  now = attest_store_get_claim (f->a.store, c->uuid, &error);
  g_assert_cmpstr (now->certainty, ==, "low");
  g_assert_cmpuint (pending (&f->a), ==, 0);
  g_assert_cmpuint (pending (&f->b), ==, 0);
  assert_same_tei (f);
  g_clear_pointer (&open, g_ptr_array_unref);
  /* The conflict reached Ana with Boris's history: she can settle it. */
  open = attest_store_list_open_conflicts (f->a.store, &error);
  g_assert_cmpuint (open->len, ==, 1);
}

/* A change from the server that does not fit is refused whole: the
 * mirror stays where it was. */
static void
test_bad_change (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) bad = g_ptr_array_new_with_free_func ((GDestroyNotify) attest_replica_change_free);
  AttestReplicaChange *c = g_new0 (AttestReplicaChange, 1);
  gint64 seq = -1;
  const struct { const char *table; const char *body; int code; } cases[] = {
    { "secrets", "{\"key\":{\"uuid\":\"x\"}}", ATTEST_ERROR_INVALID },
    { "claims", "not json", ATTEST_ERROR_INVALID },
    { "claims", "[1,2]", ATTEST_ERROR_INVALID },
    { "annotators", "{\"key\":{\"uuid\":\"u\"},\"row\":{\"uuid\":\"u\"}}", ATTEST_ERROR_INVALID },
    { "annotators", "{\"key\":{\"uuid\":\"u\"},\"row\":{\"uuid\":\"u\",\"name\":[1]}}", ATTEST_ERROR_INVALID },
    { "annotators", "{\"key\":5,\"row\":7}", ATTEST_ERROR_INVALID },
    { "annotators", "{}", ATTEST_ERROR_INVALID },
    { "annotators", "{\"key\":{\"uuid\":\"u\"},\"row\":{\"uuid\":\"u\",\"name\":1.5}}", ATTEST_ERROR_INVALID },
  };

  g_ptr_array_add (bad, c);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_free (c->table);
      g_free (c->body);
      c->table = g_strdup (cases[i].table);
      c->body = g_strdup (cases[i].body);
      g_assert_false (attest_store_replica_apply (f->a.mirror, bad, 5, &error));
      g_assert_error (error, ATTEST_ERROR, cases[i].code);
      g_clear_error (&error);
      g_assert_true (attest_store_replica_get_seq (f->a.mirror, &seq, &error));
      g_assert_cmpint (seq, ==, 0);
    }
  /* A claim pointing to an article the mirror lacks. */
  g_free (c->table);
  g_free (c->body);
  c->table = g_strdup ("claims");
  c->body = g_strdup ("{\"key\":{\"uuid\":\"c\"},\"row\":{\"uuid\":\"c\",\"document_id\":\"nowhere\",\"start\":0,"
                      "\"end\":4,\"quote\":\"abcd\",\"category_id\":\"training\",\"annotator_id\":\"nobody\","
                      "\"created\":\"2026-01-01T00:00:00Z\",\"modified\":\"2026-01-01T00:00:00Z\","
                      "\"status\":\"draft\",\"certainty\":null,\"comment\":null,\"version\":1,\"deleted\":0}}");
  g_assert_false (attest_store_replica_apply (f->a.mirror, bad, 5, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_true (attest_store_replica_get_seq (f->a.mirror, &seq, &error));
  g_assert_cmpint (seq, ==, 0);
  g_assert_cmpuint (count_claims (f->a.mirror), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/replica/two", Fixture, NULL, fixture_set_up, test_two_replicas, fixture_tear_down);
  g_test_add ("/replica/conflict", Fixture, NULL, fixture_set_up, test_conflict, fixture_tear_down);
  g_test_add ("/replica/bad-change", Fixture, NULL, fixture_set_up, test_bad_change, fixture_tear_down);
  return g_test_run ();
}
