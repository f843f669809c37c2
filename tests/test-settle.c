/* test-settle.c — the conflicts a merge leaves, settled in the store:
 * keeping ours or taking theirs, each recorded in the history, refused a
 * second time, and reaching the teammate's copy with the next merge. Also
 * the taxonomy's order (attest_store_move_category). */
#include <glib/gstdio.h>
#include <string.h>

#include "attest-error.h"
#include "attest-store.h"
#include "attest-test-utils.h"

typedef struct {
  char        *dir;
  char        *path_a;
  char        *path_b;
  AttestStore *a;
  AttestStore *b;
} Fixture;

static AttestClaim *
claim (AttestStore *store,
       const char  *doc,
       gint64       start,
       gint64       end,
       const char  *category)
{
  g_autoptr(GError) error = NULL;
  AttestClaim *c = attest_store_add_claim (store, doc, start, end, category, NULL, NULL, &error);

  g_assert_no_error (error);
  return c;
}

static void
edit (AttestStore *store,
      const char  *uuid,
      const char  *field,
      const char  *value)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestClaim) c = attest_store_get_claim (store, uuid, &error);
  char **slot = g_str_equal (field, "status") ? &c->status
              : g_str_equal (field, "comment") ? &c->comment
              : g_str_equal (field, "certainty") ? &c->certainty : &c->category;

  g_assert_no_error (error);
  g_free (*slot);
  *slot = g_strdup (value);
  g_assert_true (attest_store_update_claim (store, c, &error));
  g_assert_no_error (error);
}

static void
rename_category (AttestStore *store,
                 const char  *key,
                 const char  *label)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestCategory) c = attest_store_get_category (store, key, &error);

  g_free (c->label);
  c->label = g_strdup (label);
  g_assert_true (attest_store_update_category (store, c, &error));
  g_assert_no_error (error);
}

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
  g_autoptr(AttestClaim) kept = claim (f->a, d0->uuid, 100, 160, "counter-narcotics");
  g_autoptr(AttestClaim) taken = claim (f->a, d0->uuid, 200, 240, "training");
  g_autoptr(AttestClaim) deleted_there = claim (f->a, d0->uuid, 300, 340, "border-security");
  g_autoptr(AttestClaim) now = NULL;
  g_autoptr(AttestClaim) in_b = NULL;
  g_autoptr(AttestCategory) cat = NULL;
  AttestMergeConflict *certainty, *category, *label, *deleted;
  gboolean settled = TRUE;
  gint64 version;

  fork_copy (f);
  edit (f->a, kept->uuid, "certainty", "high");
  edit (f->b, kept->uuid, "certainty", "low");
  edit (f->a, taken->uuid, "category", "debt-deal");
  edit (f->b, taken->uuid, "category", "military-exercise");
  rename_category (f->a, "training", "Training and drills");
  rename_category (f->b, "training", "Military training");
  edit (f->a, deleted_there->uuid, "comment", "keep this");
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

  /* Deleted there: the deletion stands; keeping the edit is refused. */
  g_assert_false (attest_store_settle_conflict (f->a, deleted->id, ATTEST_SETTLE_KEEP_OURS, &error));
  g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID);
  g_clear_error (&error);
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
  /* Only the merge's own notice: Ana edited a claim Boris deleted. */
  g_assert_cmpuint (back.conflicts->len, ==, 1);
  g_assert_cmpstr (((AttestMergeConflict *) g_ptr_array_index (back.conflicts, 0))->uuid, ==, deleted_there->uuid);
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
static void
test_settle_read_only (Fixture       *f,
                       gconstpointer  data)
{
  g_auto(AttestMergeReport) report = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestDocument) d0 = attest_test_import_sample (f->a, "000_7978e9767d1c15ca.txt", NULL);
  g_autoptr(AttestClaim) c = claim (f->a, d0->uuid, 100, 160, "counter-narcotics");
  g_autoptr(AttestStore) ro = NULL;
  g_autofree char *id = NULL;

  fork_copy (f);
  edit (f->a, c->uuid, "status", "accepted");
  edit (f->b, c->uuid, "status", "rejected");
  g_assert_true (attest_store_merge (f->a, f->path_b, &report, &error));
  g_assert_cmpuint (report.conflicts->len, ==, 1);
  id = g_strdup (((AttestMergeConflict *) g_ptr_array_index (report.conflicts, 0))->id);
  g_assert_finalize_object (g_steal_pointer (&f->a));

  ro = attest_store_open (f->path_a, ATTEST_STORE_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  g_assert_false (attest_store_settle_conflict (ro, id, ATTEST_SETTLE_TAKE_THEIRS, &error));
  g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_READ_ONLY);
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
  g_test_add ("/settle/read-only", Fixture, NULL, fixture_set_up, test_settle_read_only, fixture_tear_down);
  g_test_add ("/taxonomy/move", Fixture, NULL, fixture_set_up, test_move_category, fixture_tear_down);
  return g_test_run ();
}
