/* test-claim-list.c — the claims model shared by the window, the article
 * view and the inspector: text order, the uuid index, one "items-changed"
 * per edit with exact positions, and 2,000 random saves and removals
 * mirrored through the signal alone and checked against the list. */
#include "attest-claim-list.h"

typedef struct {
  guint      n_signals;
  guint      position;
  guint      removed;
  guint      added;
  GPtrArray *mirror;   /* AttestClaim*, kept in step by items-changed only */
} Recorder;

static void
on_items_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Recorder   *rec)
{
  rec->n_signals++;
  rec->position = position;
  rec->removed = removed;
  rec->added = added;

  g_assert_cmpuint (position + removed, <=, rec->mirror->len);
  g_ptr_array_remove_range (rec->mirror, position, removed);
  for (guint i = 0; i < added; i++)
    g_ptr_array_insert (rec->mirror, position + i, g_list_model_get_item (model, position + i));
}

static AttestClaimList *
new_list (Recorder *rec)
{
  AttestClaimList *list = attest_claim_list_new ();

  *rec = (Recorder) { 0 };
  rec->mirror = g_ptr_array_new_with_free_func (g_object_unref);
  g_signal_connect (list, "items-changed", G_CALLBACK (on_items_changed), rec);
  return list;
}

static void
assert_signal (Recorder *rec,
               guint     n_signals,
               guint     position,
               guint     removed,
               guint     added)
{
  g_assert_cmpuint (rec->n_signals, ==, n_signals);
  g_assert_cmpuint (rec->position, ==, position);
  g_assert_cmpuint (rec->removed, ==, removed);
  g_assert_cmpuint (rec->added, ==, added);
}

static AttestClaim *
claim_new (const char *uuid,
           gint64      id,
           gint64      start,
           gint64      end)
{
  AttestClaim *claim = attest_claim_new ();

  claim->uuid = g_strdup (uuid);
  claim->id = id;
  claim->start = start;
  claim->end = end;
  claim->category = g_strdup ("troop-deployment");
  return claim;
}

/* The list is in text order, the mirror equals it, and every claim is
 * found by its uuid at its position. */
static void
assert_consistent (AttestClaimList *list,
                   Recorder        *rec)
{
  GListModel *model = G_LIST_MODEL (list);
  guint n = g_list_model_get_n_items (model);

  g_assert_cmpuint (rec->mirror->len, ==, n);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(AttestClaim) claim = g_list_model_get_item (model, i);
      guint pos = G_MAXUINT;

      g_assert_true (claim == g_ptr_array_index (rec->mirror, i));
      g_assert_true (attest_claim_list_lookup (list, claim->uuid) == claim);
      g_assert_true (attest_claim_list_find (list, claim->uuid, &pos));
      g_assert_cmpuint (pos, ==, i);
      if (i > 0)
        {
          g_autoptr(AttestClaim) prev = g_list_model_get_item (model, i - 1);

          g_assert_cmpint (attest_claim_list_compare (prev, claim), <=, 0);
        }
    }
  g_assert_null (g_list_model_get_item (model, n));
}

static void
test_set (void)
{
  Recorder rec;
  AttestClaimList *list = new_list (&rec);
  g_autoptr(GPtrArray) claims = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(AttestClaim) first = NULL;

  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (list)) == ATTEST_TYPE_CLAIM);

  /* Nothing to nothing: no signal. */
  attest_claim_list_set (list, NULL);
  g_assert_cmpuint (rec.n_signals, ==, 0);

  g_ptr_array_add (claims, claim_new ("c", 3, 50, 60));
  g_ptr_array_add (claims, claim_new ("a", 1, 10, 20));
  g_ptr_array_add (claims, claim_new ("b", 2, 10, 40));   /* longer: before a */
  g_ptr_array_add (claims, claim_new (NULL, 4, 0, 5));    /* no uuid: left out */
  g_ptr_array_add (claims, claim_new ("a", 5, 0, 5));     /* a again: left out */
  g_ptr_array_add (claims, claim_new ("d", 6, 10, 20));   /* ties a by span: after it (id) */
  attest_claim_list_set (list, claims);
  assert_signal (&rec, 1, 0, 0, 4);
  assert_consistent (list, &rec);

  first = g_list_model_get_item (G_LIST_MODEL (list), 0);
  g_assert_cmpstr (first->uuid, ==, "b");
  g_assert_true (attest_claim_list_lookup (list, "a") == claims->pdata[1]);
  g_assert_null (attest_claim_list_lookup (list, "e"));
  g_assert_null (attest_claim_list_lookup (list, NULL));
  g_assert_false (attest_claim_list_find (list, "e", NULL));

  /* Replaced as a whole: one signal. */
  g_ptr_array_set_size (claims, 1);
  attest_claim_list_set (list, claims);
  assert_signal (&rec, 2, 0, 4, 1);
  assert_consistent (list, &rec);
  g_assert_null (attest_claim_list_lookup (list, "a"));

  attest_claim_list_set (list, NULL);
  assert_signal (&rec, 3, 0, 1, 0);
  assert_consistent (list, &rec);

  g_ptr_array_unref (rec.mirror);
  g_assert_finalize_object (list);
}

static void
test_save_and_remove (void)
{
  Recorder rec;
  AttestClaimList *list = new_list (&rec);
  g_autoptr(AttestClaim) outer = claim_new ("outer", 1, 10, 100);
  g_autoptr(AttestClaim) inner = claim_new ("inner", 2, 20, 30);
  g_autoptr(AttestClaim) later = claim_new ("later", 3, 200, 210);
  g_autoptr(AttestClaim) edited = NULL;
  g_autoptr(AttestClaim) moved = NULL;

  g_assert_cmpuint (attest_claim_list_save (list, later), ==, 0);
  assert_signal (&rec, 1, 0, 0, 1);
  g_assert_cmpuint (attest_claim_list_save (list, inner), ==, 0);
  assert_signal (&rec, 2, 0, 0, 1);
  g_assert_cmpuint (attest_claim_list_save (list, outer), ==, 0);
  assert_signal (&rec, 3, 0, 0, 1);
  assert_consistent (list, &rec);

  /* The same object again: nothing changed, no signal. */
  g_assert_cmpuint (attest_claim_list_save (list, inner), ==, 1);
  g_assert_cmpuint (rec.n_signals, ==, 3);

  /* A new version in the same place: replaced where it is. */
  edited = attest_claim_copy (inner);
  g_free (edited->comment);
  edited->comment = g_strdup ("checked");
  g_assert_cmpuint (attest_claim_list_save (list, edited), ==, 1);
  assert_signal (&rec, 4, 1, 1, 1);
  g_assert_true (attest_claim_list_lookup (list, "inner") == edited);
  assert_consistent (list, &rec);

  /* A version that sorts elsewhere: the run between both places. */
  moved = attest_claim_copy (outer);
  moved->start = 300;
  moved->end = 310;
  g_assert_cmpuint (attest_claim_list_save (list, moved), ==, 2);
  assert_signal (&rec, 5, 0, 3, 3);
  assert_consistent (list, &rec);

  g_assert_true (attest_claim_list_remove (list, "later"));
  assert_signal (&rec, 6, 1, 1, 0);
  g_assert_false (attest_claim_list_remove (list, "later"));
  g_assert_cmpuint (rec.n_signals, ==, 6);
  assert_consistent (list, &rec);

  g_ptr_array_unref (rec.mirror);
  g_assert_finalize_object (list);
}

/* Claims that tie (same span and id, as claims not from a store do) keep
 * the order they came in, and a new version stays in its place. */
static void
test_ties (void)
{
  Recorder rec;
  AttestClaimList *list = new_list (&rec);
  g_autoptr(AttestClaim) a = claim_new ("a", 0, 5, 9);
  g_autoptr(AttestClaim) b = claim_new ("b", 0, 5, 9);
  g_autoptr(AttestClaim) c = claim_new ("c", 0, 5, 9);
  g_autoptr(AttestClaim) b2 = NULL;
  guint pos;

  attest_claim_list_save (list, a);
  attest_claim_list_save (list, b);
  attest_claim_list_save (list, c);
  assert_consistent (list, &rec);
  g_assert_true (attest_claim_list_find (list, "b", &pos));
  g_assert_cmpuint (pos, ==, 1);

  b2 = attest_claim_copy (b);
  g_assert_cmpuint (attest_claim_list_save (list, b2), ==, 1);
  assert_signal (&rec, 4, 1, 1, 1);
  assert_consistent (list, &rec);

  g_ptr_array_unref (rec.mirror);
  g_assert_finalize_object (list);
}

static void
test_random (void)
{
  Recorder rec;
  AttestClaimList *list = new_list (&rec);
  GRand *rand = g_rand_new_with_seed (15);

  for (guint step = 0; step < 2000; step++)
    {
      g_autofree char *uuid = g_strdup_printf ("claim-%u", g_rand_int_range (rand, 0, 200));
      guint before = rec.n_signals;

      if (g_rand_int_range (rand, 0, 4) == 0)
        {
          gboolean present = attest_claim_list_lookup (list, uuid) != NULL;

          g_assert_true (attest_claim_list_remove (list, uuid) == present);
          g_assert_cmpuint (rec.n_signals, ==, before + (present ? 1 : 0));
        }
      else
        {
          gint64 start = g_rand_int_range (rand, 0, 50);
          g_autoptr(AttestClaim) claim = claim_new (uuid, g_rand_int_range (rand, 0, 3),
                                                    start, start + g_rand_int_range (rand, 0, 10));
          guint pos = attest_claim_list_save (list, claim);
          g_autoptr(AttestClaim) at = g_list_model_get_item (G_LIST_MODEL (list), pos);

          g_assert_true (at == claim);
          g_assert_cmpuint (rec.n_signals, ==, before + 1);
        }
      if (step % 50 == 0)
        assert_consistent (list, &rec);
    }
  assert_consistent (list, &rec);

  g_rand_free (rand);
  g_ptr_array_unref (rec.mirror);
  g_assert_finalize_object (list);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/claim-list/set", test_set);
  g_test_add_func ("/claim-list/save-and-remove", test_save_and_remove);
  g_test_add_func ("/claim-list/ties", test_ties);
  g_test_add_func ("/claim-list/random", test_random);

  return g_test_run ();
}
