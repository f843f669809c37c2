/* test-interval-index.c — the interval index behind "which claims are under
 * this point": exact answers for nested, identical, adjacent, empty and
 * edge intervals, edits, index order, coverage runs, and 10,000 random
 * intervals checked against brute force. */
#include "attest-interval-index.h"

/* Items are small integers cast to pointers; 0 is never used. */
#define ITEM(n) GINT_TO_POINTER (n)

static void
assert_items (GPtrArray *items,
              ...)
{
  va_list ap;
  guint i = 0;
  int n;

  va_start (ap, items);
  while ((n = va_arg (ap, int)) != 0)
    {
      g_assert_cmpuint (i, <, items->len);
      g_assert_cmpint (GPOINTER_TO_INT (g_ptr_array_index (items, i)), ==, n);
      i++;
    }
  va_end (ap);
  g_assert_cmpuint (items->len, ==, i);
  g_ptr_array_unref (items);
}

static void
assert_segment (GArray *segments,
                guint   i,
                gint64  start,
                gint64  end,
                guint   count)
{
  const AttestIntervalSegment *s;

  g_assert_cmpuint (i, <, segments->len);
  s = &g_array_index (segments, AttestIntervalSegment, i);
  g_assert_cmpint (s->start, ==, start);
  g_assert_cmpint (s->end, ==, end);
  g_assert_cmpuint (s->count, ==, count);
}

static void
test_empty (void)
{
  g_autoptr(AttestIntervalIndex) index = attest_interval_index_new ();
  g_autoptr(GArray) cov = NULL;

  g_assert_cmpuint (attest_interval_index_get_size (index), ==, 0);
  assert_items (attest_interval_index_at (index, 0), 0);
  assert_items (attest_interval_index_overlapping (index, 0, 100), 0);
  g_assert_cmpuint (attest_interval_index_count_at (index, 5), ==, 0);
  g_assert_null (attest_interval_index_get_nth (index, 0, NULL, NULL));
  g_assert_cmpint (attest_interval_index_get_position (index, ITEM (1)), ==, -1);
  g_assert_cmpuint (attest_interval_index_first_from (index, 0), ==, 0);
  g_assert_false (attest_interval_index_remove (index, ITEM (1)));
  g_assert_false (attest_interval_index_update (index, ITEM (1), 0, 1));

  cov = attest_interval_index_coverage (index, 0, 10);
  g_assert_cmpuint (cov->len, ==, 1);
  assert_segment (cov, 0, 0, 10, 0);
}

static void
test_nested (void)
{
  g_autoptr(AttestIntervalIndex) index = attest_interval_index_new ();
  g_autoptr(GArray) cov = NULL;

  /* Added inner first: the order is by start, outer before inner. */
  g_assert_true (attest_interval_index_add (index, ITEM (3), 12, 15));
  g_assert_true (attest_interval_index_add (index, ITEM (2), 10, 20));
  g_assert_true (attest_interval_index_add (index, ITEM (1), 0, 100));
  g_assert_cmpuint (attest_interval_index_get_size (index), ==, 3);

  assert_items (attest_interval_index_at (index, 0), 1, 0);
  assert_items (attest_interval_index_at (index, 9), 1, 0);
  assert_items (attest_interval_index_at (index, 10), 1, 2, 0);
  assert_items (attest_interval_index_at (index, 12), 1, 2, 3, 0);
  assert_items (attest_interval_index_at (index, 14), 1, 2, 3, 0);
  assert_items (attest_interval_index_at (index, 15), 1, 2, 0);
  assert_items (attest_interval_index_at (index, 19), 1, 2, 0);
  assert_items (attest_interval_index_at (index, 20), 1, 0);
  assert_items (attest_interval_index_at (index, 99), 1, 0);
  assert_items (attest_interval_index_at (index, 100), 0);
  assert_items (attest_interval_index_at (index, -1), 0);
  g_assert_cmpuint (attest_interval_index_count_at (index, 13), ==, 3);

  assert_items (attest_interval_index_overlapping (index, 15, 16), 1, 2, 0);
  assert_items (attest_interval_index_overlapping (index, 14, 15), 1, 2, 3, 0);
  assert_items (attest_interval_index_overlapping (index, 20, 30), 1, 0);
  assert_items (attest_interval_index_overlapping (index, 100, 200), 0);
  assert_items (attest_interval_index_overlapping (index, 5, 5), 0);

  cov = attest_interval_index_coverage (index, 0, 100);
  g_assert_cmpuint (cov->len, ==, 5);
  assert_segment (cov, 0, 0, 10, 1);
  assert_segment (cov, 1, 10, 12, 2);
  assert_segment (cov, 2, 12, 15, 3);
  assert_segment (cov, 3, 15, 20, 2);
  assert_segment (cov, 4, 20, 100, 1);
  g_clear_pointer (&cov, g_array_unref);

  /* Clipped to the query, beyond the intervals too. */
  cov = attest_interval_index_coverage (index, 13, 120);
  g_assert_cmpuint (cov->len, ==, 4);
  assert_segment (cov, 0, 13, 15, 3);
  assert_segment (cov, 1, 15, 20, 2);
  assert_segment (cov, 2, 20, 100, 1);
  assert_segment (cov, 3, 100, 120, 0);
}

static void
test_identical (void)
{
  g_autoptr(AttestIntervalIndex) index = attest_interval_index_new ();
  g_autoptr(GArray) cov = NULL;

  attest_interval_index_add (index, ITEM (7), 5, 10);
  attest_interval_index_add (index, ITEM (4), 5, 10);
  attest_interval_index_add (index, ITEM (9), 5, 10);
  /* The same item twice is refused. */
  g_assert_false (attest_interval_index_add (index, ITEM (4), 0, 1));

  /* Identical intervals keep insertion order. */
  assert_items (attest_interval_index_at (index, 5), 7, 4, 9, 0);
  assert_items (attest_interval_index_at (index, 9), 7, 4, 9, 0);
  assert_items (attest_interval_index_at (index, 10), 0);
  g_assert_cmpint (attest_interval_index_get_position (index, ITEM (4)), ==, 1);

  cov = attest_interval_index_coverage (index, 0, 12);
  g_assert_cmpuint (cov->len, ==, 3);
  assert_segment (cov, 0, 0, 5, 0);
  assert_segment (cov, 1, 5, 10, 3);
  assert_segment (cov, 2, 10, 12, 0);

  g_assert_true (attest_interval_index_remove (index, ITEM (4)));
  assert_items (attest_interval_index_at (index, 6), 7, 9, 0);
  g_assert_false (attest_interval_index_remove (index, ITEM (4)));
}

static void
test_adjacent (void)
{
  g_autoptr(AttestIntervalIndex) index = attest_interval_index_new ();
  g_autoptr(GArray) cov = NULL;

  attest_interval_index_add (index, ITEM (1), 0, 5);
  attest_interval_index_add (index, ITEM (2), 5, 10);
  attest_interval_index_add (index, ITEM (3), 10, 11);

  /* Half-open: a shared boundary belongs to the interval that starts there. */
  assert_items (attest_interval_index_at (index, 4), 1, 0);
  assert_items (attest_interval_index_at (index, 5), 2, 0);
  assert_items (attest_interval_index_at (index, 10), 3, 0);
  assert_items (attest_interval_index_at (index, 11), 0);
  assert_items (attest_interval_index_overlapping (index, 0, 5), 1, 0);
  assert_items (attest_interval_index_overlapping (index, 4, 6), 1, 2, 0);
  assert_items (attest_interval_index_overlapping (index, 5, 10), 2, 0);
  assert_items (attest_interval_index_overlapping (index, 9, 11), 2, 3, 0);

  /* Adjacent runs of one coverage merge into one segment. */
  cov = attest_interval_index_coverage (index, 0, 11);
  g_assert_cmpuint (cov->len, ==, 1);
  assert_segment (cov, 0, 0, 11, 1);
}

static void
test_edges (void)
{
  g_autoptr(AttestIntervalIndex) index = attest_interval_index_new ();
  g_autoptr(GArray) cov = NULL;
  gint64 s, e;

  /* A whole 1,000-character text, its first and its last character. */
  attest_interval_index_add (index, ITEM (1), 0, 1000);
  attest_interval_index_add (index, ITEM (2), 0, 1);
  attest_interval_index_add (index, ITEM (3), 999, 1000);
  /* An empty interval is kept but covers nothing. */
  attest_interval_index_add (index, ITEM (4), 500, 500);

  assert_items (attest_interval_index_at (index, 0), 1, 2, 0);
  assert_items (attest_interval_index_at (index, 1), 1, 0);
  assert_items (attest_interval_index_at (index, 500), 1, 0);
  assert_items (attest_interval_index_at (index, 999), 1, 3, 0);
  assert_items (attest_interval_index_at (index, 1000), 0);
  assert_items (attest_interval_index_overlapping (index, 499, 501), 1, 0);
  g_assert_cmpuint (attest_interval_index_get_size (index), ==, 4);
  g_assert_true (attest_interval_index_lookup (index, ITEM (4), &s, &e));
  g_assert_cmpint (s, ==, 500);
  g_assert_cmpint (e, ==, 500);

  cov = attest_interval_index_coverage (index, 0, 1000);
  g_assert_cmpuint (cov->len, ==, 3);
  assert_segment (cov, 0, 0, 1, 2);
  assert_segment (cov, 1, 1, 999, 1);
  assert_segment (cov, 2, 999, 1000, 2);
}

static void
test_edit_and_order (void)
{
  g_autoptr(AttestIntervalIndex) index = attest_interval_index_new ();
  gint64 s = -1, e = -1;

  attest_interval_index_add (index, ITEM (1), 30, 40);
  attest_interval_index_add (index, ITEM (2), 10, 50);
  attest_interval_index_add (index, ITEM (3), 10, 20);
  attest_interval_index_add (index, ITEM (4), 60, 70);

  /* Index order: (start, -end). */
  g_assert_true (attest_interval_index_get_nth (index, 0, &s, &e) == ITEM (2));
  g_assert_cmpint (s, ==, 10);
  g_assert_cmpint (e, ==, 50);
  g_assert_true (attest_interval_index_get_nth (index, 1, NULL, NULL) == ITEM (3));
  g_assert_true (attest_interval_index_get_nth (index, 2, NULL, NULL) == ITEM (1));
  g_assert_true (attest_interval_index_get_nth (index, 3, NULL, NULL) == ITEM (4));
  g_assert_null (attest_interval_index_get_nth (index, 4, NULL, NULL));
  g_assert_cmpuint (attest_interval_index_first_from (index, 0), ==, 0);
  g_assert_cmpuint (attest_interval_index_first_from (index, 11), ==, 2);
  g_assert_cmpuint (attest_interval_index_first_from (index, 30), ==, 2);
  g_assert_cmpuint (attest_interval_index_first_from (index, 61), ==, 4);

  /* Moving an item re-sorts it. */
  g_assert_true (attest_interval_index_update (index, ITEM (4), 0, 5));
  g_assert_cmpint (attest_interval_index_get_position (index, ITEM (4)), ==, 0);
  assert_items (attest_interval_index_at (index, 65), 0);
  assert_items (attest_interval_index_at (index, 4), 4, 0);
  g_assert_true (attest_interval_index_lookup (index, ITEM (4), &s, &e));
  g_assert_cmpint (s, ==, 0);
  g_assert_cmpint (e, ==, 5);

  g_assert_true (attest_interval_index_remove (index, ITEM (2)));
  assert_items (attest_interval_index_at (index, 35), 1, 0);
  assert_items (attest_interval_index_at (index, 15), 3, 0);
  g_assert_false (attest_interval_index_lookup (index, ITEM (2), NULL, NULL));
  g_assert_cmpuint (attest_interval_index_get_size (index), ==, 3);

  attest_interval_index_clear (index);
  g_assert_cmpuint (attest_interval_index_get_size (index), ==, 0);
  assert_items (attest_interval_index_at (index, 15), 0);
  g_assert_true (attest_interval_index_add (index, ITEM (2), 1, 2));
  assert_items (attest_interval_index_at (index, 1), 2, 0);
}

/* ------------------------------------------------------------ random */

#define N_RANDOM  10000
#define SPACE     200000

typedef struct {
  gint64   start;
  gint64   end;
  gboolean live;
} Brute;

static int
compare_brute_order (gconstpointer a,
                     gconstpointer b,
                     gpointer      data)
{
  const Brute *all = data;
  int x = GPOINTER_TO_INT (*(gpointer *) a);
  int y = GPOINTER_TO_INT (*(gpointer *) b);

  if (all[x].start != all[y].start)
    return all[x].start < all[y].start ? -1 : 1;
  if (all[x].end != all[y].end)
    return all[x].end > all[y].end ? -1 : 1;
  return 0;
}

/* Items are 1-based indexes into @all; ties broken by the index's own
 * order, so compare as sets sorted by (start, -end, item). */
static void
assert_same_set (GPtrArray *got,
                 GPtrArray *want,
                 Brute     *all)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (NULL, NULL);

  g_assert_cmpuint (got->len, ==, want->len);
  for (guint i = 0; i < got->len; i++)
    {
      int n = GPOINTER_TO_INT (got->pdata[i]);

      g_assert_true (all[n].live);
      g_hash_table_add (seen, got->pdata[i]);
      /* In index order. */
      if (i > 0)
        g_assert_cmpint (compare_brute_order (&got->pdata[i - 1], &got->pdata[i], all), <=, 0);
    }
  for (guint i = 0; i < want->len; i++)
    g_assert_true (g_hash_table_contains (seen, want->pdata[i]));
}

static gint64
random_length (GRand *rand)
{
  switch (g_rand_int_range (rand, 0, 10))
    {
    case 0:  return g_rand_int_range (rand, 0, 3);          /* tiny, even empty */
    case 1:  return g_rand_int_range (rand, 1000, 50000);   /* long, for nesting */
    default: return g_rand_int_range (rand, 1, 300);
    }
}

static void
test_random (void)
{
  g_autoptr(AttestIntervalIndex) index = attest_interval_index_new ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (20041012);
  Brute *all = g_new0 (Brute, N_RANDOM + 1);
  guint live = 0;

  for (int n = 1; n <= N_RANDOM; n++)
    {
      gint64 s = g_rand_int_range (rand, 0, SPACE);

      all[n] = (Brute) { s, s + random_length (rand), TRUE };
      g_assert_true (attest_interval_index_add (index, ITEM (n), all[n].start, all[n].end));
      live++;
    }

  /* Interleave edits with queries so both the bulk and the in-place paths
   * are checked. */
  for (int round = 0; round < 400; round++)
    {
      int n = g_rand_int_range (rand, 1, N_RANDOM + 1);
      gint64 p = g_rand_int_range (rand, -5, SPACE + 60000);
      gint64 a = g_rand_int_range (rand, 0, SPACE);
      gint64 b = a + random_length (rand);
      g_autoptr(GPtrArray) want_at = g_ptr_array_new ();
      g_autoptr(GPtrArray) want_over = g_ptr_array_new ();
      g_autoptr(GPtrArray) got_at = NULL;
      g_autoptr(GPtrArray) got_over = NULL;

      switch (round % 4)
        {
        case 0:
          g_assert_cmpint (attest_interval_index_remove (index, ITEM (n)), ==, all[n].live);
          if (all[n].live)
            live--;
          all[n].live = FALSE;
          break;
        case 1:
          {
            gint64 s = g_rand_int_range (rand, 0, SPACE);
            gint64 e = s + random_length (rand);

            g_assert_cmpint (attest_interval_index_update (index, ITEM (n), s, e), ==, all[n].live);
            if (all[n].live)
              all[n].start = s, all[n].end = e;
          }
          break;
        case 2:
          if (!all[n].live)
            {
              all[n].start = g_rand_int_range (rand, 0, SPACE);
              all[n].end = all[n].start + random_length (rand);
              all[n].live = TRUE;
              live++;
              g_assert_true (attest_interval_index_add (index, ITEM (n), all[n].start, all[n].end));
            }
          break;
        default:
          break;
        }
      g_assert_cmpuint (attest_interval_index_get_size (index), ==, live);

      for (int m = 1; m <= N_RANDOM; m++)
        {
          if (!all[m].live)
            continue;
          if (all[m].start <= p && p < all[m].end)
            g_ptr_array_add (want_at, ITEM (m));
          if (MAX (all[m].start, a) < MIN (all[m].end, b))
            g_ptr_array_add (want_over, ITEM (m));
        }

      got_at = attest_interval_index_at (index, p);
      assert_same_set (got_at, want_at, all);
      g_assert_cmpuint (attest_interval_index_count_at (index, p), ==, want_at->len);
      got_over = attest_interval_index_overlapping (index, a, b);
      assert_same_set (got_over, want_over, all);

      /* Coverage over a window, position by position. */
      if (round % 20 == 0)
        {
          gint64 w0 = g_rand_int_range (rand, 0, SPACE - 2000);
          gint64 w1 = w0 + 2000;
          g_autoptr(GArray) cov = attest_interval_index_coverage (index, w0, w1);
          gint64 at = w0;

          for (guint i = 0; i < cov->len; i++)
            {
              const AttestIntervalSegment *seg = &g_array_index (cov, AttestIntervalSegment, i);

              g_assert_cmpint (seg->start, ==, at);
              g_assert_cmpint (seg->end, >, seg->start);
              if (i > 0)
                g_assert_cmpuint (seg->count, !=, g_array_index (cov, AttestIntervalSegment, i - 1).count);
              for (gint64 q = seg->start; q < seg->end; q += 7)
                {
                  guint brute = 0;

                  for (int m = 1; m <= N_RANDOM; m++)
                    brute += all[m].live && all[m].start <= q && q < all[m].end;
                  g_assert_cmpuint (seg->count, ==, brute);
                }
              at = seg->end;
            }
          g_assert_cmpint (at, ==, w1);
        }
    }

  /* The whole order, checked once. */
  {
    gint64 prev_s = G_MININT64, prev_e = G_MAXINT64;

    for (guint i = 0; i < live; i++)
      {
        gint64 s, e;
        gpointer item = attest_interval_index_get_nth (index, i, &s, &e);
        int n = GPOINTER_TO_INT (item);

        g_assert_true (all[n].live);
        g_assert_cmpint (s, ==, all[n].start);
        g_assert_cmpint (e, ==, all[n].end);
        g_assert_true (s > prev_s || (s == prev_s && e <= prev_e));
        g_assert_cmpint (attest_interval_index_get_position (index, item), ==, (int) i);
        prev_s = s;
        prev_e = e;
      }
  }

  g_free (all);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/interval-index/empty", test_empty);
  g_test_add_func ("/interval-index/nested", test_nested);
  g_test_add_func ("/interval-index/identical", test_identical);
  g_test_add_func ("/interval-index/adjacent", test_adjacent);
  g_test_add_func ("/interval-index/edges", test_edges);
  g_test_add_func ("/interval-index/edit-and-order", test_edit_and_order);
  g_test_add_func ("/interval-index/random", test_random);

  return g_test_run ();
}
