/* test-settle.c — the conflicts a merge leaves, settled in the store:
 * keeping ours or taking theirs, each recorded in the history, refused a
 * second time, and reaching the teammate's copy with the next merge. Also
 * the taxonomy's order (attest_store_move_category). */
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "attest-error.h"
#include "attest-store.h"
#include "attest-test-utils.h"
/* Only for sqlite3_busy_handler() on a store's own connection, to hold a
 * second settler at a chosen point (test_settle_concurrent). */
#include "attest-store-private.h"

typedef struct {
  char        *dir;
  char        *path_a;
  char        *path_b;
  AttestStore *a;
  AttestStore *b;
} Fixture;

/* The last history entry of @uuid, as "action field old→new by". */
static char *
last_entry (AttestStore *store,
            const char  *uuid)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) history = attest_store_list_history (store, uuid, &error);
  AttestHistoryEntry *e;

  g_assert_no_error (error);
  g_assert_cmpuint (history->len, >, 0);
  e = g_ptr_array_index (history, history->len - 1);
  return g_strdup_printf ("%s %s %s→%s by %s", e->action, e->field ? e->field : "-",
                          e->old_value ? e->old_value : "-", e->new_value ? e->new_value : "-", e->annotator);
}

static guint
count_actions (AttestStore *store,
               const char  *uuid,
               const char  *action)
{
  g_autoptr(GPtrArray) history = attest_store_list_history (store, uuid, NULL);
  guint n = 0;

  for (guint i = 0; i < history->len; i++)
    n += g_str_equal (((AttestHistoryEntry *) g_ptr_array_index (history, i))->action, action);
  return n;
}

#define assert_made_str(made, expected) \
  G_STMT_START { g_autofree char *made_ = (made); g_assert_cmpstr (made_, ==, (expected)); } G_STMT_END

static AttestMergeConflict *
find_conflict (AttestMergeReport *report,
               const char        *uuid,
               const char        *field)
{
  for (guint i = 0; i < report->conflicts->len; i++)
    {
      AttestMergeConflict *c = g_ptr_array_index (report->conflicts, i);

      if (g_str_equal (c->uuid, uuid) && g_str_equal (c->field, field))
        return c;
    }
  g_assert_not_reached ();
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = attest_test_make_tmp_dir ("attest-settle-XXXXXX");
  f->path_a = g_build_filename (f->dir, "ana.db", NULL);
  f->path_b = g_build_filename (f->dir, "boris.db", NULL);
  f->a = attest_store_open (f->path_a, ATTEST_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_true (attest_store_set_annotator (f->a, "Ana", NULL));
}

static void
fork_copy (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (attest_store_backup (f->a, f->path_b, &error));
  g_assert_no_error (error);
  f->b = attest_store_open (f->path_b, ATTEST_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_true (attest_store_set_annotator (f->b, "Boris", NULL));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  if (f->a != NULL)
    g_assert_finalize_object (g_steal_pointer (&f->a));
  if (f->b != NULL)
    g_assert_finalize_object (g_steal_pointer (&f->b));
  attest_test_remove_tree (f->dir);
  g_free (f->path_a);
  g_free (f->path_b);
  g_free (f->dir);
}

static void
test_settle (Fixture       *f,
             gconstpointer  data)
{
  g_auto(AttestMergeReport) report = { 0 };
  g_auto(AttestMergeReport) back = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestDocument) d0 = attest_test_import_sample (f->a, "000_7978e9767d1c15ca.txt", NULL);
  g_autoptr(AttestClaim) kept = attest_test_add_claim (f->a, d0->uuid, 100, 160, "counter-narcotics");
  g_autoptr(AttestClaim) taken = attest_test_add_claim (f->a, d0->uuid, 200, 240, "training");
  g_autoptr(AttestClaim) deleted_there = attest_test_add_claim (f->a, d0->uuid, 300, 340, "border-security");
  g_autoptr(AttestClaim) now = NULL;
  g_autoptr(AttestClaim) in_b = NULL;
  g_autoptr(AttestCategory) cat = NULL;
  AttestMergeConflict *certainty, *category, *label, *deleted;
  gboolean settled = TRUE;
  gint64 version;

  fork_copy (f);
  attest_test_edit_claim (f->a, kept->uuid, "certainty", "high");
  attest_test_edit_claim (f->b, kept->uuid, "certainty", "low");
  attest_test_edit_claim (f->a, taken->uuid, "category", "debt-deal");
  attest_test_edit_claim (f->b, taken->uuid, "category", "military-exercise");
  attest_test_rename_category (f->a, "training", "Training and drills");
  attest_test_rename_category (f->b, "training", "Military training");
  attest_test_edit_claim (f->a, deleted_there->uuid, "comment", "keep this");
  g_assert_true (attest_store_delete_claim (f->b, deleted_there->uuid, &error));

  g_assert_true (attest_store_merge (f->a, f->path_b, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.conflicts->len, ==, 4);
  certainty = find_conflict (&report, kept->uuid, "certainty");
  category = find_conflict (&report, taken->uuid, "category");
  label = find_conflict (&report, "training", "label");
  deleted = find_conflict (&report, deleted_there->uuid, "deleted");
  g_assert_cmpstr (category->ours, ==, "debt-deal");
  g_assert_cmpstr (category->theirs, ==, "military-exercise");
  g_assert_cmpstr (label->ours, ==, "Training and drills");
  g_assert_cmpstr (label->theirs, ==, "Military training");
  g_assert_cmpstr (deleted->ours, ==, "0");
  g_assert_cmpstr (deleted->theirs, ==, "1");
  for (guint i = 0; i < report.conflicts->len; i++)
    {
      AttestMergeConflict *c = g_ptr_array_index (report.conflicts, i);

      g_assert_true (g_uuid_string_is_valid (c->id));
      g_assert_true (attest_store_conflict_is_settled (f->a, c->id, &settled, &error));
      g_assert_false (settled);
    }

  /* Keep mine: the claim is untouched; the choice is in the history. */
  now = attest_store_get_claim (f->a, kept->uuid, &error);
  version = now->version;
  g_clear_object (&now);
  g_assert_true (attest_store_settle_conflict (f->a, certainty->id, ATTEST_SETTLE_KEEP_OURS, &error));
  g_assert_no_error (error);
  now = attest_store_get_claim (f->a, kept->uuid, &error);
  g_assert_cmpstr (now->certainty, ==, "high");
  g_assert_cmpint (now->version, ==, version);
  assert_made_str (last_entry (f->a, kept->uuid), "settle certainty low→high by Ana");
  g_assert_true (attest_store_conflict_is_settled (f->a, certainty->id, &settled, &error));
  g_assert_true (settled);

  /* A second settle of the same conflict is refused, either way. */
  g_assert_false (attest_store_settle_conflict (f->a, certainty->id, ATTEST_SETTLE_TAKE_THEIRS, &error));
  g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_CONFLICT);
  g_clear_error (&error);
  g_clear_object (&now);
  now = attest_store_get_claim (f->a, kept->uuid, &error);
  g_assert_cmpstr (now->certainty, ==, "high");
  g_assert_cmpuint (count_actions (f->a, kept->uuid, "settle"), ==, 1);

  /* Take theirs: saved as an edit of the claim, then settled. */
  g_assert_true (attest_store_settle_conflict (f->a, category->id, ATTEST_SETTLE_TAKE_THEIRS, &error));
  g_assert_no_error (error);
  g_clear_object (&now);
  now = attest_store_get_claim (f->a, taken->uuid, &error);
  g_assert_cmpstr (now->category, ==, "military-exercise");
  assert_made_str (last_entry (f->a, taken->uuid), "settle category debt-deal→military-exercise by Ana");
  g_assert_cmpuint (count_actions (f->a, taken->uuid, "update"), ==, 3);  /* Ana's, Boris's, taken */

  /* A category's label. */
  g_assert_true (attest_store_settle_conflict (f->a, label->id, ATTEST_SETTLE_TAKE_THEIRS, &error));
  g_assert_no_error (error);
  cat = attest_store_get_category (f->a, "training", &error);
  g_assert_cmpstr (cat->label, ==, "Military training");
  assert_made_str (last_entry (f->a, "training"), "settle label Training and drills→Military training by Ana");

  /* Deleted there: accepting the deletion leaves it deleted (keeping the
   * edit restores a copy: test_settle_restore). */
  g_assert_true (attest_store_conflict_is_settled (f->a, deleted->id, &settled, &error));
  g_assert_false (settled);
  g_assert_true (attest_store_settle_conflict (f->a, deleted->id, ATTEST_SETTLE_TAKE_THEIRS, &error));
  g_assert_no_error (error);
  assert_made_str (last_entry (f->a, deleted_there->uuid), "settle deleted 0→1 by Ana");

  /* No such conflict. */
  g_assert_false (attest_store_settle_conflict (f->a, "6f1c2b8e-0000-4000-8000-000000000000",
                                                ATTEST_SETTLE_KEEP_OURS, &error));
  g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Boris merges Ana's copy: her settled values reach him, with the
   * settle entries, and the conflicts read as settled there too. */
  g_assert_true (attest_store_merge (f->b, f->path_a, &back, &error));
  g_assert_no_error (error);
  /* Ana edited a claim Boris deleted, but settled that already: her
   * settle came with this merge, so nothing is left to report. */
  g_assert_cmpuint (back.conflicts->len, ==, 0);
  in_b = attest_store_get_claim (f->b, kept->uuid, &error);
  g_assert_cmpstr (in_b->certainty, ==, "high");
  g_clear_object (&in_b);
  in_b = attest_store_get_claim (f->b, taken->uuid, &error);
  g_assert_cmpstr (in_b->category, ==, "military-exercise");
  g_assert_cmpuint (count_actions (f->b, kept->uuid, "settle"), ==, 1);
  g_assert_true (attest_store_conflict_is_settled (f->b, certainty->id, &settled, &error));
  g_assert_no_error (error);
  g_assert_true (settled);
  g_assert_false (attest_store_settle_conflict (f->b, category->id, ATTEST_SETTLE_KEEP_OURS, &error));
  g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_CONFLICT);
  g_clear_error (&error);
  g_clear_object (&cat);
  cat = attest_store_get_category (f->b, "training", &error);
  g_assert_cmpstr (cat->label, ==, "Military training");
}

/* A read-only copy settles nothing. */
static guint
count_claims (AttestStore *store,
              const char  *doc)
{
  AttestClaimFilter filter = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) claims = NULL;

  filter.document = doc;
  claims = attest_store_list_claims (store, &filter, &error);
  g_assert_no_error (error);
  return claims->len;
}

static guint
count_open (AttestStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) open = attest_store_list_open_conflicts (store, &error);

  g_assert_no_error (error);
  return open->len;
}

/* Edited in one copy, deleted in the other: choosing the edit brings that
 * version back as a new claim, on either side of the conflict, and the
 * copy reaches the teammate; two restores made apart are one claim. */
static void
test_settle_restore (Fixture       *f,
                     gconstpointer  data)
{
  g_auto(AttestMergeReport) ana_report = { 0 };
  g_auto(AttestMergeReport) boris_report = { 0 };
  g_auto(AttestMergeReport) back = { 0 };
  g_auto(AttestMergeReport) again = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestDocument) doc = attest_test_import_sample (f->a, "000_7978e9767d1c15ca.txt", NULL);
  g_autoptr(AttestClaim) claim = attest_test_add_claim (f->a, doc->uuid, 300, 340, "border-security");
  g_autoptr(GPtrArray) sources = attest_store_list_sources (f->a, doc->uuid, &error);
  g_autoptr(AttestClaim) restored = NULL;
  g_autoptr(AttestClaim) in_b = NULL;
  g_autoptr(AttestClaim) gone = NULL;
  g_autofree char *copy_uuid = NULL;
  const char *source;
  AttestMergeConflict *mine, *theirs;
  gboolean settled = FALSE;

  g_assert_cmpuint (sources->len, >, 0);
  source = ((AttestSource *) g_ptr_array_index (sources, 0))->uuid;
  g_assert_true (attest_store_link (f->a, claim->uuid, source, &error));
  g_assert_no_error (error);
  fork_copy (f);
  g_assert_cmpuint (count_claims (f->a, doc->uuid), ==, 1);
  attest_test_edit_claim (f->a, claim->uuid, "comment", "keep this");
  attest_test_edit_claim (f->a, claim->uuid, "status", "accepted");
  g_assert_true (attest_store_delete_claim (f->b, claim->uuid, &error));

  /* Each merges the other's copy before either settles. */
  g_assert_true (attest_store_merge (f->a, f->path_b, &ana_report, &error));
  g_assert_no_error (error);
  g_assert_true (attest_store_merge (f->b, f->path_a, &boris_report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (ana_report.conflicts->len, ==, 1);
  g_assert_cmpuint (boris_report.conflicts->len, ==, 1);
  mine = g_ptr_array_index (ana_report.conflicts, 0);
  theirs = g_ptr_array_index (boris_report.conflicts, 0);
  g_assert_cmpstr (mine->field, ==, "deleted");
  g_assert_cmpstr (mine->ours, ==, "0");
  g_assert_cmpstr (mine->theirs, ==, "1");
  g_assert_cmpstr (theirs->field, ==, "deleted");
  g_assert_cmpstr (theirs->ours, ==, "1");
  g_assert_cmpstr (theirs->theirs, ==, "0");
  g_assert_cmpuint (count_claims (f->a, doc->uuid), ==, 0);
  g_assert_cmpuint (count_claims (f->b, doc->uuid), ==, 0);
  g_assert_cmpuint (count_open (f->a), ==, 1);
  {
    g_autoptr(GPtrArray) open = attest_store_list_open_conflicts (f->b, &error);
    AttestMergeConflict *listed = g_ptr_array_index (open, 0);

    /* Boris's copy holds his record and Ana's of the same conflict: one. */
    g_assert_cmpuint (open->len, ==, 1);
    g_assert_cmpstr (listed->id, ==, theirs->id);
    g_assert_cmpstr (listed->ours, ==, "1");
    g_assert_cmpstr (listed->theirs, ==, "0");
  }

  /* Ana keeps her edit: a new claim, the deleted one's passage, author,
   * status, comment and source; the tombstone stays. */
  g_assert_true (attest_store_settle_conflict (f->a, mine->id, ATTEST_SETTLE_KEEP_OURS, &error));
  g_assert_no_error (error);
  g_assert_true (attest_store_conflict_is_settled (f->a, mine->id, &settled, &error));
  g_assert_true (settled);
  assert_made_str (last_entry (f->a, claim->uuid), "settle deleted 1→0 by Ana");
  copy_uuid = g_strdup (claim->uuid);
  {
    g_autoptr(GPtrArray) now = attest_store_list_claims (f->a, &(AttestClaimFilter) { .document = doc->uuid }, &error);

    g_assert_cmpuint (now->len, ==, 1);
    restored = g_object_ref (g_ptr_array_index (now, 0));
  }
  g_assert_cmpstr (restored->uuid, !=, claim->uuid);
  g_assert_true (g_uuid_string_is_valid (restored->uuid));
  g_assert_cmpint (restored->start, ==, 300);
  g_assert_cmpint (restored->end, ==, 340);
  g_assert_cmpstr (restored->quote, ==, claim->quote);
  g_assert_cmpstr (restored->category, ==, "border-security");
  g_assert_cmpstr (restored->annotator, ==, "Ana");
  g_assert_cmpstr (restored->status, ==, "accepted");
  g_assert_cmpstr (restored->comment, ==, "keep this");
  g_assert_cmpstr (restored->created, ==, claim->created);
  g_assert_cmpuint (restored->source_uuids->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (restored->source_uuids, 0), ==, source);
  {
    g_autofree char *expected = g_strdup_printf ("create restored-from %s→border-security by Ana", claim->uuid);

    assert_made_str (last_entry (f->a, restored->uuid), expected);
  }
  {
    g_autofree char *title = NULL;
    g_autofree char *quote = NULL;

    /* The deleted claim is still described, its untitled article by its issue. */
    g_assert_true (attest_store_describe_claim (f->a, claim->uuid, &title, &quote, &error));
    g_assert_cmpstr (title, ==, "Eurasia Daily Monitor, issue 226");
    g_assert_cmpstr (quote, ==, claim->quote);
  }
  gone = attest_store_get_claim (f->a, claim->uuid, &error);
  g_assert_null (gone);
  g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_cmpuint (count_open (f->a), ==, 0);

  /* A second settle is refused; nothing more is made. */
  g_assert_false (attest_store_settle_conflict (f->a, mine->id, ATTEST_SETTLE_KEEP_OURS, &error));
  g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_CONFLICT);
  g_clear_error (&error);
  g_assert_cmpuint (count_claims (f->a, doc->uuid), ==, 1);

  /* Boris, apart, takes Ana's version of his conflict: his tombstone
   * holds her edit, so the copy is hers, under the same uuid. */
  g_assert_true (attest_store_settle_conflict (f->b, theirs->id, ATTEST_SETTLE_TAKE_THEIRS, &error));
  g_assert_no_error (error);
  in_b = attest_store_get_claim (f->b, restored->uuid, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (in_b->comment, ==, "keep this");
  g_assert_cmpstr (in_b->status, ==, "accepted");
  g_assert_cmpuint (in_b->source_uuids->len, ==, 1);

  /* Merged both ways: one claim each, no conflict, no duplicate. */
  g_assert_true (attest_store_merge (f->a, f->path_b, &back, &error));
  g_assert_no_error (error);
  g_assert_true (attest_store_merge (f->b, f->path_a, &again, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (back.claims_added, ==, 0);
  g_assert_cmpuint (again.claims_added, ==, 0);
  g_assert_cmpuint (count_claims (f->a, doc->uuid), ==, 1);
  g_assert_cmpuint (count_claims (f->b, doc->uuid), ==, 1);
  g_assert_cmpuint (count_open (f->a), ==, 0);
  g_assert_cmpuint (count_open (f->b), ==, 0);
}

/* Both copies merged each other before anyone settled, so each holds the
 * same conflict the other way round: the first to settle decides for both
 * (keeping one's own value is a change the other copy takes). */
static void
test_settle_mirrored (Fixture       *f,
                      gconstpointer  data)
{
  g_auto(AttestMergeReport) ana_report = { 0 };
  g_auto(AttestMergeReport) boris_report = { 0 };
  g_auto(AttestMergeReport) back = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestDocument) doc = attest_test_import_sample (f->a, "000_7978e9767d1c15ca.txt", NULL);
  g_autoptr(AttestClaim) claim = attest_test_add_claim (f->a, doc->uuid, 100, 160, "counter-narcotics");
  g_autoptr(AttestClaim) in_b = NULL;
  g_autofree char *snapshot = NULL;
  AttestMergeConflict *mine, *his;
  gboolean settled = FALSE;

  fork_copy (f);
  attest_test_edit_claim (f->a, claim->uuid, "certainty", "high");
  attest_test_edit_claim (f->b, claim->uuid, "certainty", "low");
  /* At the same time: each merges the other's copy as it was before. */
  snapshot = g_build_filename (f->dir, "ana-before.db", NULL);
  g_assert_true (attest_store_backup (f->a, snapshot, &error));
  g_assert_true (attest_store_merge (f->a, f->path_b, &ana_report, &error));
  g_assert_true (attest_store_merge (f->b, snapshot, &boris_report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (ana_report.conflicts->len, ==, 1);
  g_assert_cmpuint (boris_report.conflicts->len, ==, 1);
  mine = g_ptr_array_index (ana_report.conflicts, 0);
  his = g_ptr_array_index (boris_report.conflicts, 0);
  g_assert_cmpstr (his->ours, ==, "low");
  g_assert_cmpstr (his->theirs, ==, "high");
  g_assert_cmpuint (count_open (f->b), ==, 1);

  g_assert_true (attest_store_settle_conflict (f->a, mine->id, ATTEST_SETTLE_KEEP_OURS, &error));
  g_assert_no_error (error);
  g_assert_true (attest_store_merge (f->b, f->path_a, &back, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (back.conflicts->len, ==, 0);
  in_b = attest_store_get_claim (f->b, claim->uuid, &error);
  g_assert_cmpstr (in_b->certainty, ==, "high");
  g_assert_true (attest_store_conflict_is_settled (f->b, his->id, &settled, &error));
  g_assert_true (settled);
  g_assert_cmpuint (count_open (f->b), ==, 0);
  g_assert_false (attest_store_settle_conflict (f->b, his->id, ATTEST_SETTLE_KEEP_OURS, &error));
  g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_CONFLICT);
}

/* Three copies: Ana edits the comment, Carla the certainty, Boris deletes.
 * Ana and Boris each restore (Boris with Carla's edit, which reached him);
 * merged both ways, the one restored claim holds both edits, and no
 * conflict is left: each edit travelled with the restored claim. */
static void
test_settle_restore_three (Fixture       *f,
                           gconstpointer  data)
{
  g_auto(AttestMergeReport) r1 = { 0 };
  g_auto(AttestMergeReport) r2 = { 0 };
  g_auto(AttestMergeReport) r3 = { 0 };
  g_auto(AttestMergeReport) r4 = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestDocument) doc = attest_test_import_sample (f->a, "000_7978e9767d1c15ca.txt", NULL);
  g_autoptr(AttestClaim) claim = attest_test_add_claim (f->a, doc->uuid, 300, 340, "border-security");
  g_autofree char *path_c = g_build_filename (f->dir, "carla.db", NULL);
  g_autofree char *copy_uuid = NULL;
  g_autoptr(AttestStore) c = NULL;
  AttestMergeConflict *in_a, *in_b;

  fork_copy (f);
  g_assert_true (attest_store_backup (f->a, path_c, &error));
  c = attest_store_open (path_c, ATTEST_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_true (attest_store_set_annotator (c, "Carla", NULL));
  attest_test_edit_claim (f->a, claim->uuid, "comment", "ana edit");
  attest_test_edit_claim (c, claim->uuid, "certainty", "high");
  g_assert_true (attest_store_delete_claim (f->b, claim->uuid, &error));

  g_assert_true (attest_store_merge (f->a, f->path_b, &r1, &error));
  g_assert_true (attest_store_merge (f->b, path_c, &r2, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (r1.conflicts->len, ==, 1);
  g_assert_cmpuint (r2.conflicts->len, ==, 1);
  in_a = g_ptr_array_index (r1.conflicts, 0);
  in_b = g_ptr_array_index (r2.conflicts, 0);
  g_assert_true (attest_store_settle_conflict (f->a, in_a->id, ATTEST_SETTLE_KEEP_OURS, &error));
  g_assert_true (attest_store_settle_conflict (f->b, in_b->id, ATTEST_SETTLE_TAKE_THEIRS, &error));
  g_assert_no_error (error);

  g_assert_true (attest_store_merge (f->a, f->path_b, &r3, &error));
  g_assert_true (attest_store_merge (f->b, f->path_a, &r4, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (r3.conflicts->len, ==, 0);
  g_assert_cmpuint (r4.conflicts->len, ==, 0);
  copy_uuid = _attest_store_restored_uuid (claim->uuid);
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(AttestClaim) back = attest_store_get_claim (i ? f->b : f->a, copy_uuid, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (back->comment, ==, "ana edit");
      g_assert_cmpstr (back->certainty, ==, "high");
      g_assert_cmpuint (count_claims (i ? f->b : f->a, doc->uuid), ==, 1);
      g_assert_cmpuint (count_open (i ? f->b : f->a), ==, 0);
    }
}

/* Restored, then a third copy's edit of the deleted claim arrives: a new
 * conflict, open, and restoring it again brings that edit to the copy
 * (and keeps what the copy had). */
static void
test_settle_restore_later_edit (Fixture       *f,
                                gconstpointer  data)
{
  g_auto(AttestMergeReport) r1 = { 0 };
  g_auto(AttestMergeReport) r2 = { 0 };
  g_auto(AttestMergeReport) r3 = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestDocument) doc = attest_test_import_sample (f->a, "000_7978e9767d1c15ca.txt", NULL);
  g_autoptr(AttestClaim) claim = attest_test_add_claim (f->a, doc->uuid, 300, 340, "border-security");
  g_autofree char *path_c = g_build_filename (f->dir, "carla.db", NULL);
  g_autofree char *copy_uuid = NULL;
  g_autoptr(AttestStore) c = NULL;
  g_autoptr(AttestClaim) back = NULL;
  g_autoptr(GPtrArray) open = NULL;
  AttestMergeConflict *first, *again;

  fork_copy (f);
  g_assert_true (attest_store_backup (f->a, path_c, &error));
  c = attest_store_open (path_c, ATTEST_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_true (attest_store_set_annotator (c, "Carla", NULL));
  attest_test_edit_claim (f->a, claim->uuid, "comment", "ana edit");
  g_assert_true (attest_store_delete_claim (f->b, claim->uuid, &error));
  g_assert_true (attest_store_merge (f->a, f->path_b, &r1, &error));
  first = g_ptr_array_index (r1.conflicts, 0);
  g_assert_true (attest_store_settle_conflict (f->a, first->id, ATTEST_SETTLE_KEEP_OURS, &error));
  g_assert_no_error (error);

  attest_test_edit_claim (c, claim->uuid, "status", "accepted");
  g_assert_true (attest_store_merge (f->a, path_c, &r2, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (r2.conflicts->len, ==, 1);
  again = g_ptr_array_index (r2.conflicts, 0);
  g_assert_cmpstr (again->field, ==, "deleted");
  open = attest_store_list_open_conflicts (f->a, &error);
  g_assert_cmpuint (open->len, ==, 1);
  g_assert_cmpstr (((AttestMergeConflict *) g_ptr_array_index (open, 0))->id, ==, again->id);

  g_assert_true (attest_store_settle_conflict (f->a, again->id, ATTEST_SETTLE_TAKE_THEIRS, &error));
  g_assert_no_error (error);
  copy_uuid = _attest_store_restored_uuid (claim->uuid);
  back = attest_store_get_claim (f->a, copy_uuid, &error);
  g_assert_cmpstr (back->status, ==, "accepted");
  g_assert_cmpstr (back->comment, ==, "ana edit");
  g_assert_cmpuint (count_claims (f->a, doc->uuid), ==, 1);
  g_assert_cmpuint (count_open (f->a), ==, 0);

  /* Merging the same copy again brings nothing new. */
  g_assert_true (attest_store_merge (f->a, path_c, &r3, &error));
  g_assert_cmpuint (r3.conflicts->len, ==, 0);
  g_assert_cmpuint (count_open (f->a), ==, 0);
}

/* The copy reaches a teammate who had not settled; restoring is refused
 * when the claim came back meanwhile (an undo), and changes nothing. */
static void
test_settle_restore_refused (Fixture       *f,
                             gconstpointer  data)
{
  g_auto(AttestMergeReport) report = { 0 };
  g_auto(AttestMergeReport) back = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestDocument) doc = attest_test_import_sample (f->a, "000_7978e9767d1c15ca.txt", NULL);
  g_autoptr(AttestClaim) claim = attest_test_add_claim (f->a, doc->uuid, 300, 340, "border-security");
  g_autoptr(AttestClaim) in_b = NULL;
  g_autofree char *copy_uuid = NULL;
  AttestMergeConflict *c;

  fork_copy (f);
  attest_test_edit_claim (f->a, claim->uuid, "comment", "keep this");
  g_assert_true (attest_store_delete_claim (f->b, claim->uuid, &error));
  g_assert_true (attest_store_merge (f->a, f->path_b, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.conflicts->len, ==, 1);
  c = g_ptr_array_index (report.conflicts, 0);

  /* Brought back with its own uuid (undo of the delete, say): there is no
   * deleted claim to restore. */
  g_assert_true (attest_store_restore_claim (f->a, claim->uuid, &error));
  g_assert_no_error (error);
  g_assert_false (attest_store_settle_conflict (f->a, c->id, ATTEST_SETTLE_KEEP_OURS, &error));
  g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_CONFLICT);
  g_clear_error (&error);
  g_assert_cmpuint (count_claims (f->a, doc->uuid), ==, 1);
  g_assert_cmpuint (count_actions (f->a, claim->uuid, "settle"), ==, 0);

  /* Deleted again, then restored by settling: Boris gets the copy. */
  g_assert_true (attest_store_delete_claim (f->a, claim->uuid, &error));
  g_assert_true (attest_store_settle_conflict (f->a, c->id, ATTEST_SETTLE_KEEP_OURS, &error));
  g_assert_no_error (error);
  g_assert_true (attest_store_merge (f->b, f->path_a, &back, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (back.claims_added, ==, 1);
  copy_uuid = _attest_store_restored_uuid (claim->uuid);
  in_b = attest_store_get_claim (f->b, copy_uuid, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (in_b->comment, ==, "keep this");
  g_assert_cmpuint (count_claims (f->b, doc->uuid), ==, 1);
}

static void
test_settle_read_only (Fixture       *f,
                       gconstpointer  data)
{
  g_auto(AttestMergeReport) report = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestDocument) d0 = attest_test_import_sample (f->a, "000_7978e9767d1c15ca.txt", NULL);
  g_autoptr(AttestClaim) c = attest_test_add_claim (f->a, d0->uuid, 100, 160, "counter-narcotics");
  g_autoptr(AttestStore) ro = NULL;
  g_autofree char *id = NULL;

  fork_copy (f);
  attest_test_edit_claim (f->a, c->uuid, "status", "accepted");
  attest_test_edit_claim (f->b, c->uuid, "status", "rejected");
  g_assert_true (attest_store_merge (f->a, f->path_b, &report, &error));
  g_assert_cmpuint (report.conflicts->len, ==, 1);
  id = g_strdup (((AttestMergeConflict *) g_ptr_array_index (report.conflicts, 0))->id);
  g_assert_finalize_object (g_steal_pointer (&f->a));

  ro = attest_store_open (f->path_a, ATTEST_STORE_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  g_assert_false (attest_store_settle_conflict (ro, id, ATTEST_SETTLE_TAKE_THEIRS, &error));
  g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_READ_ONLY);
}


/* One claim whose comment is "ours" here and "theirs" in Boris's copy,
 * merged: the comment conflict's id. */
static char *
comment_conflict (Fixture      *f,
                  AttestClaim **out_claim)
{
  g_auto(AttestMergeReport) report = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestDocument) d0 = attest_test_import_sample (f->a, "000_7978e9767d1c15ca.txt", NULL);
  AttestClaim *c = attest_test_add_claim (f->a, d0->uuid, 100, 160, "counter-narcotics");

  fork_copy (f);
  attest_test_edit_claim (f->a, c->uuid, "comment", "ours");
  attest_test_edit_claim (f->b, c->uuid, "comment", "theirs");
  g_assert_true (attest_store_merge (f->a, f->path_b, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.conflicts->len, ==, 1);
  *out_claim = c;
  return g_strdup (find_conflict (&report, c->uuid, "comment")->id);
}

static char *
comment_of (AttestStore *store,
            const char  *uuid)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestClaim) c = attest_store_get_claim (store, uuid, &error);

  g_assert_no_error (error);
  return g_strdup (c->comment);
}

static sqlite3 *
raw_open (const char *path)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  return db;
}

static void
raw_exec (sqlite3    *db,
          const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
}

/* The second settler's busy handler: says it waits, then waits until the
 * test lets it go, so the first settles exactly while it is inside. */
typedef struct {
  GMutex       lock;
  GCond        cond;
  gboolean     waiting;
  gboolean     go;
  AttestStore *store;
  const char  *id;
  gboolean     ok;
  GError      *error;
} Second;

static int
second_busy (void *data,
             int   n)
{
  Second *s = data;

  g_mutex_lock (&s->lock);
  s->waiting = TRUE;
  g_cond_broadcast (&s->cond);
  while (!s->go)
    g_cond_wait (&s->cond, &s->lock);
  g_mutex_unlock (&s->lock);
  return n < 1000;
}

static gpointer
second_settle (gpointer data)
{
  Second *s = data;

  s->ok = attest_store_settle_conflict (s->store, s->id, ATTEST_SETTLE_TAKE_THEIRS, &s->error);
  return NULL;
}

/* P1 keeps ours while P2, on its own connection to the same file, is in
 * the middle of taking theirs: exactly one settle counts, and P2's
 * refused call leaves no edit behind. */
static void
test_settle_concurrent (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestClaim) c = NULL;
  g_autofree char *id = comment_conflict (f, &c);
  g_autoptr(AttestStore) p2 = NULL;
  Second s = { .id = id };
  sqlite3 *holder;
  GThread *thread;
  gint64 deadline = g_get_monotonic_time () + 20 * G_TIME_SPAN_SECOND;
  guint updates = count_actions (f->a, c->uuid, "update");

  p2 = attest_store_open (f->path_a, ATTEST_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_true (attest_store_set_annotator (p2, "Petra", NULL));
  g_mutex_init (&s.lock);
  g_cond_init (&s.cond);
  s.store = p2;
  sqlite3_busy_handler (p2->db, second_busy, &s);

  /* Someone holds the write lock: P2 starts and has to wait. */
  holder = raw_open (f->path_a);
  raw_exec (holder, "BEGIN IMMEDIATE");
  thread = g_thread_new ("p2", second_settle, &s);
  g_mutex_lock (&s.lock);
  while (!s.waiting)
    g_assert_true (g_cond_wait_until (&s.cond, &s.lock, deadline));
  g_mutex_unlock (&s.lock);
  raw_exec (holder, "ROLLBACK");
  sqlite3_close (holder);

  /* P1 settles meanwhile; then P2 goes on. */
  g_assert_true (attest_store_settle_conflict (f->a, id, ATTEST_SETTLE_KEEP_OURS, &error));
  g_assert_no_error (error);
  g_mutex_lock (&s.lock);
  s.go = TRUE;
  g_cond_broadcast (&s.cond);
  g_mutex_unlock (&s.lock);
  g_thread_join (thread);

  g_assert_false (s.ok);
  g_assert_error (s.error, ATTEST_ERROR, ATTEST_ERROR_CONFLICT);
  g_assert_nonnull (strstr (s.error->message, "settled already, by Ana"));
  g_clear_error (&s.error);
  assert_made_str (comment_of (f->a, c->uuid), "ours");
  assert_made_str (comment_of (p2, c->uuid), "ours");
  assert_made_str (last_entry (f->a, c->uuid), "settle comment theirs→ours by Ana");
  g_assert_cmpuint (count_actions (f->a, c->uuid, "settle"), ==, 1);
  g_assert_cmpuint (count_actions (f->a, c->uuid, "update"), ==, updates);

  g_mutex_clear (&s.lock);
  g_cond_clear (&s.cond);
  g_assert_finalize_object (g_steal_pointer (&p2));
}

/* Two processes race to settle the same conflict, one each way, a few
 * times over: each time one wins, the other is refused, and the claim
 * holds the winner's choice. */
static void
test_settle_two_processes (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestDocument) d0 = attest_test_import_sample (f->a, "000_7978e9767d1c15ca.txt", NULL);
  g_autoptr(GPtrArray) claims = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_auto(AttestMergeReport) report = { 0 };
  const guint rounds = 8;
  int go[2];
  pid_t child;
  int status;

  for (guint i = 0; i < rounds; i++)
    g_ptr_array_add (claims, attest_test_add_claim (f->a, d0->uuid, 100 + 10 * i, 105 + 10 * i, "counter-narcotics"));
  fork_copy (f);
  for (guint i = 0; i < rounds; i++)
    {
      attest_test_edit_claim (f->a, ((AttestClaim *) claims->pdata[i])->uuid, "comment", "ours");
      attest_test_edit_claim (f->b, ((AttestClaim *) claims->pdata[i])->uuid, "comment", "theirs");
    }
  g_assert_true (attest_store_merge (f->a, f->path_b, &report, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < rounds; i++)
    g_ptr_array_add (ids, g_strdup (find_conflict (&report, ((AttestClaim *) claims->pdata[i])->uuid, "comment")->id));
  g_assert_finalize_object (g_steal_pointer (&f->b));

  g_assert_cmpint (pipe (go), ==, 0);
  child = fork ();
  g_assert_cmpint (child, >=, 0);
  if (child == 0)
    {
      AttestStore *p2 = attest_store_open (f->path_a, ATTEST_STORE_OPEN_DEFAULT, NULL);
      char byte;
      int wins = 0;

      attest_store_set_annotator (p2, "Petra", NULL);
      close (go[1]);
      if (read (go[0], &byte, 1) != 1)
        _exit (100);
      for (guint i = 0; i < rounds; i++)
        wins += attest_store_settle_conflict (p2, ids->pdata[i], ATTEST_SETTLE_TAKE_THEIRS, NULL);
      _exit (wins);
    }
  close (go[0]);
  g_assert_cmpint (write (go[1], "g", 1), ==, 1);
  close (go[1]);
  for (guint i = 0; i < rounds; i++)
    {
      gboolean ok = attest_store_settle_conflict (f->a, ids->pdata[i], ATTEST_SETTLE_KEEP_OURS, &error);

      g_assert_true (ok || g_error_matches (error, ATTEST_ERROR, ATTEST_ERROR_CONFLICT));
      g_clear_error (&error);
    }
  g_assert_cmpint (waitpid (child, &status, 0), ==, child);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), <=, rounds);

  for (guint i = 0; i < rounds; i++)
    {
      const char *uuid = ((AttestClaim *) claims->pdata[i])->uuid;
      g_autofree char *last = last_entry (f->a, uuid);
      g_autofree char *comment = comment_of (f->a, uuid);
      guint updates = count_actions (f->a, uuid, "update");

      g_assert_cmpuint (count_actions (f->a, uuid, "settle"), ==, 1);
      if (g_str_equal (last, "settle comment theirs→ours by Ana"))
        {
          g_assert_cmpstr (comment, ==, "ours");
          g_assert_cmpuint (updates, ==, 2);  /* Ana's, Boris's */
        }
      else
        {
          g_assert_cmpstr (last, ==, "settle comment ours→theirs by Petra");
          g_assert_cmpstr (comment, ==, "theirs");
          g_assert_cmpuint (updates, ==, 3);  /* and Petra's taking theirs */
        }
    }
}

/* A failure after their value is saved undoes it: no half-settled
 * conflict (theirs saved, no settle) is ever left. */
static void
test_settle_atomic (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestClaim) c = NULL;
  g_autofree char *id = comment_conflict (f, &c);
  guint updates = count_actions (f->a, c->uuid, "update");
  gboolean settled = TRUE;
  sqlite3 *db = raw_open (f->path_a);

  raw_exec (db, "CREATE TRIGGER refuse_settle BEFORE INSERT ON history WHEN NEW.action = 'settle'"
                " BEGIN SELECT RAISE (ABORT, 'injected failure'); END");
  g_assert_false (attest_store_settle_conflict (f->a, id, ATTEST_SETTLE_TAKE_THEIRS, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  assert_made_str (comment_of (f->a, c->uuid), "ours");
  g_assert_cmpuint (count_actions (f->a, c->uuid, "update"), ==, updates);
  g_assert_cmpuint (count_actions (f->a, c->uuid, "settle"), ==, 0);
  g_assert_true (attest_store_conflict_is_settled (f->a, id, &settled, &error));
  g_assert_false (settled);

  /* Once the failure is gone, keeping ours holds and says so. */
  raw_exec (db, "DROP TRIGGER refuse_settle");
  sqlite3_close (db);
  g_assert_true (attest_store_settle_conflict (f->a, id, ATTEST_SETTLE_KEEP_OURS, &error));
  g_assert_no_error (error);
  assert_made_str (comment_of (f->a, c->uuid), "ours");
  assert_made_str (last_entry (f->a, c->uuid), "settle comment theirs→ours by Ana");
}

/* Taking theirs never overwrites an edit made after the merge. */
static void
test_settle_newer_edit (Fixture       *f,
                        gconstpointer  data)
{
  g_auto(AttestMergeReport) report = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestDocument) d0 = attest_test_import_sample (f->a, "000_7978e9767d1c15ca.txt", NULL);
  g_autoptr(AttestClaim) c = attest_test_add_claim (f->a, d0->uuid, 100, 160, "counter-narcotics");
  g_autoptr(AttestCategory) cat = NULL;
  g_autoptr(AttestDocument) doc = NULL;
  AttestMergeConflict *comment, *label, *title;

  fork_copy (f);
  attest_test_edit_claim (f->a, c->uuid, "comment", "ours");
  attest_test_edit_claim (f->b, c->uuid, "comment", "theirs");
  attest_test_rename_category (f->a, "training", "Training and drills");
  attest_test_rename_category (f->b, "training", "Military training");
  g_assert_true (attest_store_set_document_field (f->a, d0->uuid, "title", "Our title", &error));
  g_assert_true (attest_store_set_document_field (f->b, d0->uuid, "title", "Their title", &error));
  g_assert_no_error (error);
  g_assert_true (attest_store_merge (f->a, f->path_b, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.conflicts->len, ==, 3);
  comment = find_conflict (&report, c->uuid, "comment");
  label = find_conflict (&report, "training", "label");
  title = find_conflict (&report, d0->uuid, "title");

  /* Someone edits each after the merge. */
  attest_test_edit_claim (f->a, c->uuid, "comment", "newer");
  attest_test_rename_category (f->a, "training", "Drills");
  g_assert_true (attest_store_set_document_field (f->a, d0->uuid, "title", "Newer title", &error));

  g_assert_false (attest_store_settle_conflict (f->a, comment->id, ATTEST_SETTLE_TAKE_THEIRS, &error));
  g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_CONFLICT);
  g_assert_cmpstr (error->message, ==, "Someone changed it after the merge (now “newer”, was “ours”); "
                                       "their version would overwrite that change, so it was not taken");
  g_clear_error (&error);
  g_assert_false (attest_store_settle_conflict (f->a, label->id, ATTEST_SETTLE_TAKE_THEIRS, &error));
  g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_CONFLICT);
  g_clear_error (&error);
  g_assert_false (attest_store_settle_conflict (f->a, title->id, ATTEST_SETTLE_TAKE_THEIRS, &error));
  g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_CONFLICT);
  g_clear_error (&error);

  assert_made_str (comment_of (f->a, c->uuid), "newer");
  cat = attest_store_get_category (f->a, "training", &error);
  g_assert_cmpstr (cat->label, ==, "Drills");
  doc = attest_store_get_document (f->a, d0->uuid, &error);
  g_assert_cmpstr (doc->title, ==, "Newer title");
  g_assert_cmpuint (count_actions (f->a, c->uuid, "settle"), ==, 0);
  g_assert_cmpuint (count_actions (f->a, "training", "settle"), ==, 0);
  g_assert_cmpuint (count_actions (f->a, d0->uuid, "settle"), ==, 0);

  /* Keeping ours changes nothing, so it is still allowed. */
  g_assert_true (attest_store_settle_conflict (f->a, comment->id, ATTEST_SETTLE_KEEP_OURS, &error));
  g_assert_no_error (error);
  assert_made_str (comment_of (f->a, c->uuid), "newer");
}

/* A later merge's conflict of the same field supersedes the older one. */
static void
test_settle_superseded (Fixture       *f,
                        gconstpointer  data)
{
  g_auto(AttestMergeReport) second = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestClaim) c = NULL;
  g_autofree char *old_id = comment_conflict (f, &c);
  g_autofree char *expected = NULL;
  AttestMergeConflict *newer;
  gboolean settled = TRUE;

  attest_test_edit_claim (f->b, c->uuid, "comment", "theirs again");
  g_assert_true (attest_store_merge (f->a, f->path_b, &second, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (second.conflicts->len, ==, 1);
  newer = find_conflict (&second, c->uuid, "comment");
  g_assert_cmpstr (newer->ours, ==, "ours");
  g_assert_cmpstr (newer->theirs, ==, "theirs again");

  g_assert_false (attest_store_settle_conflict (f->a, old_id, ATTEST_SETTLE_TAKE_THEIRS, &error));
  g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_CONFLICT);
  g_assert_true (g_str_has_prefix (error->message, "A later merge ("));
  expected = g_strdup_printf ("settle that newer conflict instead (%s)", newer->id);
  g_assert_true (g_str_has_suffix (error->message, expected));
  g_clear_error (&error);
  assert_made_str (comment_of (f->a, c->uuid), "ours");
  g_assert_cmpuint (count_actions (f->a, c->uuid, "settle"), ==, 0);
  {
    g_autofree char *by = NULL, *kept = NULL, *newer_id = NULL;

    g_assert_true (attest_store_get_conflict_settling (f->a, old_id, &by, &kept, &newer_id, &error));
    g_assert_no_error (error);
    g_assert_null (by);
    g_assert_null (kept);
    g_assert_cmpstr (newer_id, ==, newer->id);
  }

  /* The newer one settles both. */
  g_assert_true (attest_store_settle_conflict (f->a, newer->id, ATTEST_SETTLE_TAKE_THEIRS, &error));
  g_assert_no_error (error);
  assert_made_str (comment_of (f->a, c->uuid), "theirs again");
  g_assert_true (attest_store_conflict_is_settled (f->a, old_id, &settled, &error));
  g_assert_true (settled);
  {
    g_autofree char *by = NULL, *kept = NULL, *newer_id = NULL;

    g_assert_true (attest_store_get_conflict_settling (f->a, old_id, &by, &kept, &newer_id, &error));
    g_assert_cmpstr (by, ==, "Ana");
    g_assert_cmpstr (kept, ==, "theirs again");
    g_assert_null (newer_id);
    g_clear_pointer (&by, g_free);
    g_clear_pointer (&kept, g_free);
    g_assert_false (attest_store_get_conflict_settling (f->a, "6f1c2b8e-0000-4000-8000-000000000000",
                                                        &by, &kept, &newer_id, &error));
    g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_NOT_FOUND);
  }
}

static char *
order (AttestStore *store)
{
  g_autoptr(GPtrArray) cats = attest_store_list_categories (store, TRUE, NULL);
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < cats->len && i < 4; i++)
    g_string_append_printf (s, "%s%s", i ? " " : "", ((AttestCategory *) g_ptr_array_index (cats, i))->key);
  return g_string_free (s, FALSE);
}

static void
test_move_category (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(AttestCategory) moved = NULL;
  AttestCategory *last;

  assert_made_str (order (f->a), "troop-deployment military-base military-exercise arms-cooperation");
  g_assert_true (attest_store_move_category (f->a, "military-exercise", 0, &error));
  g_assert_no_error (error);
  assert_made_str (order (f->a), "military-exercise troop-deployment military-base arms-cooperation");
  assert_made_str (last_entry (f->a, "military-exercise"), "update position 2→0 by Ana");
  moved = attest_store_get_category (f->a, "military-exercise", &error);
  g_assert_cmpint (moved->version, ==, 2);

  g_assert_true (attest_store_move_category (f->a, "military-exercise", 1, &error));
  assert_made_str (order (f->a), "troop-deployment military-exercise military-base arms-cooperation");

  /* Past the end is the end; the same place changes nothing. */
  g_assert_true (attest_store_move_category (f->a, "troop-deployment", 1000, &error));
  all = attest_store_list_categories (f->a, TRUE, &error);
  last = g_ptr_array_index (all, all->len - 1);
  g_assert_cmpstr (last->key, ==, "troop-deployment");
  assert_made_str (order (f->a), "military-exercise military-base arms-cooperation training");
  g_assert_true (attest_store_move_category (f->a, "military-base", 0, &error));
  assert_made_str (last_entry (f->a, "military-base"), "update position 1→0 by Ana");
  g_assert_true (attest_store_move_category (f->a, "military-base", 0, &error));
  g_assert_cmpuint (count_actions (f->a, "military-base", "update"), ==, 1);
  assert_made_str (order (f->a), "military-base military-exercise arms-cooperation training");

  g_assert_false (attest_store_move_category (f->a, "no-such-thing", 0, &error));
  g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_NOT_FOUND);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/settle/keep-take-twice-teammate", Fixture, NULL, fixture_set_up, test_settle, fixture_tear_down);
  g_test_add ("/settle/concurrent", Fixture, NULL, fixture_set_up, test_settle_concurrent, fixture_tear_down);
  g_test_add ("/settle/two-processes", Fixture, NULL, fixture_set_up, test_settle_two_processes, fixture_tear_down);
  g_test_add ("/settle/atomic", Fixture, NULL, fixture_set_up, test_settle_atomic, fixture_tear_down);
  g_test_add ("/settle/newer-edit", Fixture, NULL, fixture_set_up, test_settle_newer_edit, fixture_tear_down);
  g_test_add ("/settle/superseded", Fixture, NULL, fixture_set_up, test_settle_superseded, fixture_tear_down);
  g_test_add ("/settle/mirrored", Fixture, NULL, fixture_set_up, test_settle_mirrored, fixture_tear_down);
  g_test_add ("/settle/restore", Fixture, NULL, fixture_set_up, test_settle_restore, fixture_tear_down);
  g_test_add ("/settle/restore-three", Fixture, NULL, fixture_set_up, test_settle_restore_three, fixture_tear_down);
  g_test_add ("/settle/restore-later-edit", Fixture, NULL, fixture_set_up, test_settle_restore_later_edit, fixture_tear_down);
  g_test_add ("/settle/restore-refused", Fixture, NULL, fixture_set_up, test_settle_restore_refused, fixture_tear_down);
  g_test_add ("/settle/read-only", Fixture, NULL, fixture_set_up, test_settle_read_only, fixture_tear_down);
  g_test_add ("/taxonomy/move", Fixture, NULL, fixture_set_up, test_move_category, fixture_tear_down);
  return g_test_run ();
}
