/* test-exchange-import.c — the one writer behind every annotation import
 * (attest-exchange-import.c), fed by hand: what it matches (a category
 * by its name, a claim by its id), what it refuses, and what it records. */
#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>

#include "attest-error.h"
#include "attest-exchange-import.h"
#include "attest-test-utils.h"
#include "attest-text-index.h"

typedef struct {
  char        *dir;
  AttestStore *store;
  char        *text;
} Fixture;

#define TEXT "Troops moved west of the river.\nThe talks on debt went on.\n"

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  f->dir = attest_test_make_tmp_dir ("attest-exchange-XXXXXX");
  path = g_build_filename (f->dir, "x.db", NULL);
  f->store = attest_store_open (path, ATTEST_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_true (attest_store_set_annotator (f->store, "Ana Analyst", NULL));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_assert_finalize_object (g_steal_pointer (&f->store));
  attest_test_remove_tree (f->dir);
  g_free (f->dir);
}

/* One article holding TEXT with one claim over start…end. */
static GPtrArray *
one_claim (gint64      start,
           gint64      end,
           const char *key,
           const char *label,
           const char *uuid)
{
  GPtrArray *docs = g_ptr_array_new_with_free_func ((GDestroyNotify) attest_exchange_doc_free);
  AttestDocument *doc = attest_document_new ();
  AttestExchangeDoc *d;
  AttestExchangeClaim *c = attest_exchange_claim_new ();
  const char *from, *to;

  attest_document_set_text (doc, TEXT);
  doc->uuid = g_strdup ("6b1f1f6e-0c57-4c4f-9d3e-4a0c1b2d3e4f");
  doc->format = g_strdup ("text");
  doc->encoding = g_strdup ("UTF-8");
  doc->origin = g_strdup ("river.txt");
  doc->imported = g_strdup ("2026-12-01T10:00:00Z");
  d = attest_exchange_doc_new ("river.json", doc);
  from = g_utf8_offset_to_pointer (TEXT, start);
  to = g_utf8_offset_to_pointer (TEXT, end);
  c->start = start;
  c->end = end;
  c->quote = g_strndup (from, to - from);
  c->key = g_strdup (key);
  c->label = g_strdup (label);
  c->uuid = g_strdup (uuid);
  c->where = g_strdup ("annotation 1");
  g_ptr_array_add (d->claims, c);
  g_ptr_array_add (docs, d);
  return docs;
}

static guint
n_categories (AttestStore *store)
{
  g_autoptr(GPtrArray) all = attest_store_list_categories (store, TRUE, NULL);

  return all->len;
}

/* A category named by its label only, as a tool that dropped Attest's
 * keys writes it back: the category of that name (in any case), not a
 * second one beside it. */
static void
test_category_by_label (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GPtrArray) docs = one_claim (0, 6, "troop-moves", "troop DEPLOYMENT", NULL);
  g_autoptr(GPtrArray) claims = NULL;
  g_autoptr(GError) error = NULL;
  AttestImportCounts counts = { 0 };
  guint before = n_categories (f->store);

  g_assert_true (attest_exchange_import (f->store, docs, &counts, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (counts.categories_added, ==, 0);
  g_assert_cmpuint (n_categories (f->store), ==, before);
  claims = attest_store_list_claims (f->store, NULL, &error);
  g_assert_cmpuint (claims->len, ==, 1);
  g_assert_cmpstr (((AttestClaim *) g_ptr_array_index (claims, 0))->category, ==, "troop-deployment");
}

/* A claim id the database has: the same claim when passage and category
 * agree; refused as a conflict when they do not, with nothing written
 * (not the category the file would have added either). */
static void
test_claim_id_known (Fixture       *f,
                     gconstpointer  data)
{
  static const char uuid[] = "0d6a4c5e-7f38-4b8e-9a61-2f0e5b7c9d10";
  g_autoptr(GPtrArray) first = one_claim (0, 6, "troop-deployment", NULL, uuid);
  g_autoptr(GPtrArray) same = one_claim (0, 6, "troop-deployment", NULL, uuid);
  g_autoptr(GPtrArray) other = one_claim (32, 41, "border-incidents-new", "Border incidents new", uuid);
  g_autoptr(GPtrArray) claims = NULL;
  g_autoptr(GError) error = NULL;
  AttestImportCounts counts = { 0 };
  guint before;

  g_assert_true (attest_exchange_import (f->store, first, &counts, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (counts.claims_added, ==, 1);
  /* Another annotator brings the same claim: found, not added. */
  g_assert_true (attest_store_set_annotator (f->store, "Boris Curator", NULL));
  memset (&counts, 0, sizeof counts);
  g_assert_true (attest_exchange_import (f->store, same, &counts, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (counts.claims_added, ==, 0);
  g_assert_cmpuint (counts.claims_existing, ==, 1);

  before = n_categories (f->store);
  g_assert_false (attest_exchange_import (f->store, other, NULL, NULL, &error));
  g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_CONFLICT);
  g_assert_cmpstr (error->message, ==, "river.json, annotation 1: the claim 0d6a4c5e-7f38-4b8e-9a61-2f0e5b7c9d10 "
                                       "is in the database with another passage or category");
  g_assert_cmpuint (n_categories (f->store), ==, before);
  claims = attest_store_list_claims (f->store, NULL, &error);
  g_assert_cmpuint (claims->len, ==, 1);
  g_assert_cmpint (((AttestClaim *) g_ptr_array_index (claims, 0))->start, ==, 0);
}

/* Two claims of one span and category in one file (two readings with
 * their own comments) are two claims; importing the file again finds
 * both. */
static void
test_same_span_twice (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GPtrArray) docs = one_claim (0, 6, "troop-deployment", NULL, NULL);
  g_autoptr(GPtrArray) again = NULL;
  g_autoptr(GPtrArray) claims = NULL;
  g_autoptr(GError) error = NULL;
  AttestExchangeDoc *d = g_ptr_array_index (docs, 0);
  AttestExchangeClaim *second = attest_exchange_claim_new ();
  AttestImportCounts counts = { 0 };

  ((AttestExchangeClaim *) g_ptr_array_index (d->claims, 0))->comment = g_strdup ("one");
  second->start = 0;
  second->end = 6;
  second->quote = g_strdup ("Troops");
  second->key = g_strdup ("troop-deployment");
  second->comment = g_strdup ("two");
  g_ptr_array_add (d->claims, second);
  g_assert_true (attest_exchange_import (f->store, docs, &counts, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (counts.claims_added, ==, 2);
  g_assert_cmpuint (counts.claims_existing, ==, 0);
  claims = attest_store_list_claims (f->store, NULL, &error);
  g_assert_cmpuint (claims->len, ==, 2);

  again = one_claim (0, 6, "troop-deployment", NULL, NULL);
  memset (&counts, 0, sizeof counts);
  g_assert_true (attest_exchange_import (f->store, again, &counts, NULL, &error));
  g_assert_cmpuint (counts.claims_added, ==, 0);
  g_assert_cmpuint (counts.claims_existing, ==, 1);
}

/* What annotating refuses, the writer refuses: each with the place. */
static void
test_refused (Fixture       *f,
              gconstpointer  data)
{
  static const struct {
    gint64      start, end;
    const char *key;
    const char *message;
  } cases[] = {
    { 6, 7, "troop-deployment", "river.json, annotation 1: The range 6:7 holds only white space" },
    { 0, 99, "troop-deployment", "river.json, annotation 1: the span 0:99 is outside the text (0:59) or empty" },
    { 0, 6, "9lives", "river.json, annotation 1: “9lives” cannot be a category key" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GPtrArray) docs = one_claim (cases[i].start, MIN (cases[i].end, 59), cases[i].key, NULL, NULL);
      g_autoptr(GPtrArray) all = NULL;
      g_autoptr(GError) error = NULL;
      AttestExchangeClaim *c = g_ptr_array_index (((AttestExchangeDoc *) g_ptr_array_index (docs, 0))->claims, 0);

      c->end = cases[i].end;
      g_assert_false (attest_exchange_import (f->store, docs, NULL, NULL, &error));
      g_assert_cmpstr (error->message, ==, cases[i].message);
      all = attest_store_list_documents (f->store, NULL);
      g_assert_cmpuint (all->len, ==, 0);
    }
}

/* Refused over the whole import, each with nothing written: two claims
 * under one id, a title longer than an article's details take, a new
 * claim in a category the database has retired. */
static void
test_refused_whole (Fixture       *f,
                    gconstpointer  data)
{
  static const char uuid[] = "0d6a4c5e-7f38-4b8e-9a61-2f0e5b7c9d10";
  g_autoptr(GPtrArray) twice = one_claim (0, 6, "troop-deployment", NULL, uuid);
  g_autoptr(GPtrArray) other = one_claim (32, 41, "debt-deal", NULL, uuid);
  g_autoptr(GPtrArray) titled = one_claim (0, 6, "troop-deployment", NULL, NULL);
  g_autoptr(GPtrArray) retired = one_claim (0, 6, "troop-deployment", NULL, NULL);
  g_autoptr(GPtrArray) taxonomy = NULL;
  g_autoptr(GPtrArray) docs = NULL;
  g_autoptr(GError) error = NULL;
  AttestExchangeDoc *d = g_ptr_array_index (other, 0);
  AttestExchangeClaim *moved = g_ptr_array_steal_index (d->claims, 0);

  g_free (moved->where);
  moved->where = g_strdup ("annotation 2");
  g_ptr_array_add (((AttestExchangeDoc *) g_ptr_array_index (twice, 0))->claims, moved);
  g_assert_false (attest_exchange_import (f->store, twice, NULL, NULL, &error));
  g_assert_cmpstr (error->message, ==, "river.json, annotation 2: the id 0d6a4c5e-7f38-4b8e-9a61-2f0e5b7c9d10 "
                                       "is another claim's of the same import");
  g_clear_error (&error);

  d = g_ptr_array_index (titled, 0);
  d->doc->title = g_strnfill (1001, 'x');
  g_assert_false (attest_exchange_import (f->store, titled, NULL, NULL, &error));
  g_assert_cmpstr (error->message, ==, "river.json: the title is longer than 1000 characters");
  g_clear_error (&error);

  taxonomy = attest_store_list_categories (f->store, TRUE, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < taxonomy->len; i++)
    {
      AttestCategory *c = g_ptr_array_index (taxonomy, i);

      if (g_str_equal (c->key, "troop-deployment"))
        {
          c->retired = TRUE;
          g_assert_true (attest_store_update_category (f->store, c, &error));
          g_assert_no_error (error);
        }
    }
  g_assert_false (attest_exchange_import (f->store, retired, NULL, NULL, &error));
  g_assert_cmpstr (error->message, ==, "river.json, annotation 1: the category troop-deployment is retired; "
                                       "restore it to import claims into it");
  docs = attest_store_list_documents (f->store, NULL);
  g_assert_cmpuint (docs->len, ==, 0);
}

static AttestCategory *
find_category (AttestStore *store,
               const char  *key)
{
  g_autoptr(GPtrArray) all = attest_store_list_categories (store, TRUE, NULL);

  for (guint i = 0; i < all->len; i++)
    if (g_str_equal (((AttestCategory *) g_ptr_array_index (all, i))->key, key))
      return g_object_ref (g_ptr_array_index (all, i));
  g_assert_not_reached ();
}

/* Into a new database the name and colour a file gives a category it
 * has are taken (a renamed default category comes back renamed), as a TEI
 * import adopts its taxonomy; a name made up from a key (brat's type) is
 * not; into a database with articles, its own names stay. */
static void
test_adopt_names (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GPtrArray) renamed = one_claim (32, 41, "debt-deal", "Debt & deal", NULL);
  g_autoptr(GPtrArray) made = one_claim (0, 6, "troop-deployment", "Troop Deployment Made", NULL);
  g_autoptr(GPtrArray) later = one_claim (7, 12, "troop-deployment", "Troops again", NULL);
  g_autoptr(AttestCategory) debt = NULL;
  g_autoptr(AttestCategory) troops = NULL;
  g_autoptr(GError) error = NULL;
  AttestExchangeDoc *d = g_ptr_array_index (renamed, 0);
  AttestExchangeClaim *c = g_ptr_array_index (d->claims, 0);

  c->color = g_strdup ("#123456");
  /* The brat-like claim rides along in the same new-database import. */
  ((AttestExchangeClaim *) g_ptr_array_index (((AttestExchangeDoc *) g_ptr_array_index (made, 0))->claims, 0))
    ->label_made = TRUE;
  g_ptr_array_add (d->claims, g_ptr_array_steal_index (((AttestExchangeDoc *) g_ptr_array_index (made, 0))->claims, 0));
  g_assert_true (attest_exchange_import (f->store, renamed, NULL, NULL, &error));
  g_assert_no_error (error);
  debt = find_category (f->store, "debt-deal");
  g_assert_cmpstr (debt->label, ==, "Debt & deal");
  g_assert_cmpstr (debt->color, ==, "#123456");
  troops = find_category (f->store, "troop-deployment");
  g_assert_cmpstr (troops->label, ==, "Troop deployment");

  /* The database has an article now: its names stay. */
  g_clear_object (&troops);
  d = g_ptr_array_index (later, 0);
  g_free (d->doc->uuid);
  d->doc->uuid = g_strdup ("7b1f1f6e-0c57-4c4f-9d3e-4a0c1b2d3e4f");
  g_assert_true (attest_exchange_import (f->store, later, NULL, NULL, &error));
  g_assert_no_error (error);
  troops = find_category (f->store, "troop-deployment");
  g_assert_cmpstr (troops->label, ==, "Troop deployment");
}

/* A claim naming its annotator is theirs, with its history's first
 * entry by them; the importing annotator is not made up for it. */
static void
test_annotator_named (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GPtrArray) docs = one_claim (0, 6, "troop-deployment", NULL, NULL);
  g_autoptr(GPtrArray) claims = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(GError) error = NULL;
  AttestExchangeClaim *c = g_ptr_array_index (((AttestExchangeDoc *) g_ptr_array_index (docs, 0))->claims, 0);
  AttestClaim *stored;

  c->annotator = g_strdup ("Dana Reviewer");
  c->created = g_strdup ("2025-03-01T09:12:44Z");
  g_assert_true (attest_exchange_import (f->store, docs, NULL, NULL, &error));
  g_assert_no_error (error);
  claims = attest_store_list_claims (f->store, NULL, &error);
  stored = g_ptr_array_index (claims, 0);
  g_assert_cmpstr (stored->annotator, ==, "Dana Reviewer");
  g_assert_cmpstr (stored->created, ==, "2025-03-01T09:12:44Z");
  history = attest_store_list_history (f->store, stored->uuid, &error);
  g_assert_cmpuint (history->len, ==, 1);
  g_assert_cmpstr (((AttestHistoryEntry *) g_ptr_array_index (history, 0))->annotator, ==, "Dana Reviewer");
  g_assert_cmpstr (((AttestHistoryEntry *) g_ptr_array_index (history, 0))->at, ==, "2025-03-01T09:12:44Z");
}

/* Offsets found through checkpoints agree with a walk from the start,
 * on both sides of a checkpoint and past astral characters. */
/* ---------------------------------------------------------------------- */
/* Sources                                                                */
/* ---------------------------------------------------------------------- */

#define UUID_A "5e1d2c3b-4a59-4687-9a0b-1c2d3e4f5a6a"
#define UUID_B "5e1d2c3b-4a59-4687-9a0b-1c2d3e4f5a6b"
#define UUID_C "5e1d2c3b-4a59-4687-9a0b-1c2d3e4f5a6c"
#define UUID_D "5e1d2c3b-4a59-4687-9a0b-1c2d3e4f5a6d"

static AttestExchangeClaim *
first_claim (GPtrArray *docs)
{
  return g_ptr_array_index (((AttestExchangeDoc *) g_ptr_array_index (docs, 0))->claims, 0);
}

static AttestExchangeSource *
add_source (AttestExchangeClaim *c,
            const char          *label,
            const char          *uuid,
            gboolean             outside,
            const char          *outlet,
            const char          *place,
            const char          *url)
{
  AttestExchangeSource *s = attest_exchange_claim_add_label (c, label);

  s->uuid = g_strdup (uuid);
  s->outside = outside;
  s->outlet = g_strdup (outlet);
  s->place = g_strdup (place);
  s->url = g_strdup (url);
  return s;
}

/* The claim's sources, by id. */
static GPtrArray *
linked (AttestStore *store,
        const char  *claim_uuid)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestClaim) claim = attest_store_get_claim (store, claim_uuid, &error);
  GPtrArray *sources = g_ptr_array_new_with_free_func (g_object_unref);

  g_assert_no_error (error);
  for (guint i = 0; i < claim->source_uuids->len; i++)
    {
      g_ptr_array_add (sources, attest_store_get_source (store, g_ptr_array_index (claim->source_uuids, i),
                                                         &error));
      g_assert_no_error (error);
    }
  return sources;
}

static AttestSource *
find_source (GPtrArray  *sources,
             const char *uuid_or_outlet)
{
  AttestSource *found = NULL;

  for (guint i = 0; i < sources->len; i++)
    {
      AttestSource *s = g_ptr_array_index (sources, i);

      if (g_strcmp0 (s->uuid, uuid_or_outlet) == 0 || g_strcmp0 (s->outlet, uuid_or_outlet) == 0)
        {
          g_assert_null (found);
          found = s;
        }
    }
  g_assert_nonnull (found);
  return found;
}

/* Sources by id: two outside sources of one label stay two, with their
 * fields; an article's source the text scan does not find is added to the
 * article; the same source twice is linked once; a label a file also
 * gives with details is that source; a label alone is found or added as
 * before. Importing again adds nothing; another claim naming an article's
 * source by a new id and an existing label gets the article's source. */
static void
test_sources_by_id (Fixture       *f,
                    gconstpointer  data)
{
  static const char uuid[] = "0d6a4c5e-7f38-4b8e-9a61-2f0e5b7c9d10";
  static const char uuid2[] = "0d6a4c5e-7f38-4b8e-9a61-2f0e5b7c9d11";
  g_autoptr(GPtrArray) docs = one_claim (0, 6, "troop-deployment", NULL, uuid);
  g_autoptr(GPtrArray) again = one_claim (0, 6, "troop-deployment", NULL, uuid);
  g_autoptr(GPtrArray) later = one_claim (7, 12, "troop-deployment", NULL, uuid2);
  g_autoptr(GPtrArray) sources = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GError) error = NULL;
  AttestImportCounts counts = { 0 };
  AttestSource *s;

  for (guint round = 0; round < 2; round++)
    {
      AttestExchangeClaim *c = first_claim (round == 0 ? docs : again);
      AttestExchangeSource *x;

      attest_exchange_claim_add_label (c, "Interfax, Moscow");
      x = add_source (c, "Interfax, Moscow", UUID_A, TRUE, "Interfax", "Moscow", "https://interfax.example/a");
      x->reliability = g_strdup ("B");
      x->date_text = g_strdup ("December 3 2005");
      x->when = g_strdup ("2005-12-03");
      add_source (c, "Interfax, Moscow", UUID_B, TRUE, "Interfax", "Moscow", "https://interfax.example/b");
      add_source (c, "Regnum, Moscow", UUID_C, FALSE, "Regnum", "Moscow", NULL);
      /* The same record again (a different one is refused). */
      g_ptr_array_add (c->sources, attest_exchange_source_copy (x));
      attest_exchange_claim_add_label (c, "TASS");
    }

  g_assert_true (attest_exchange_import (f->store, docs, &counts, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (counts.sources_added, ==, 4);
  sources = linked (f->store, uuid);
  g_assert_cmpuint (sources->len, ==, 4);
  s = find_source (sources, UUID_A);
  g_assert_null (s->document_uuid);
  g_assert_cmpstr (s->outlet, ==, "Interfax");
  g_assert_cmpstr (s->place, ==, "Moscow");
  g_assert_cmpstr (s->date_text, ==, "December 3 2005");
  g_assert_cmpstr (s->when, ==, "2005-12-03");
  g_assert_cmpstr (s->url, ==, "https://interfax.example/a");
  g_assert_cmpstr (s->reliability, ==, "B");
  s = find_source (sources, UUID_B);
  g_assert_null (s->document_uuid);
  g_assert_cmpstr (s->url, ==, "https://interfax.example/b");
  g_assert_null (s->reliability);
  s = find_source (sources, UUID_C);
  g_assert_cmpstr (s->document_uuid, ==, "6b1f1f6e-0c57-4c4f-9d3e-4a0c1b2d3e4f");
  g_assert_cmpstr (s->outlet, ==, "Regnum");
  s = find_source (sources, "TASS");
  g_assert_null (s->document_uuid);
  g_assert_null (s->place);
  g_clear_pointer (&sources, g_ptr_array_unref);

  memset (&counts, 0, sizeof counts);
  g_assert_true (attest_exchange_import (f->store, again, &counts, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (counts.sources_added, ==, 0);
  g_assert_cmpuint (counts.claims_existing, ==, 1);

  /* An article's source under an id the database does not have, with the
   * label of one the article has: that one. An outside source the
   * database has: it, as it is there. */
  add_source (first_claim (later), "Regnum, Moscow", UUID_D, FALSE, "Regnum", "Moscow", NULL);
  add_source (first_claim (later), "Interfax, Moscow", UUID_B, TRUE, "Interfax", "Moscow", "https://elsewhere.example/");
  memset (&counts, 0, sizeof counts);
  g_assert_true (attest_exchange_import (f->store, later, &counts, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (counts.claims_added, ==, 1);
  g_assert_cmpuint (counts.sources_added, ==, 0);
  sources = linked (f->store, uuid2);
  g_assert_cmpuint (sources->len, ==, 2);
  find_source (sources, UUID_C);
  g_assert_cmpstr (find_source (sources, UUID_B)->url, ==, "https://interfax.example/b");
  all = attest_store_list_sources (f->store, NULL, &error);
  g_assert_cmpuint (all->len, ==, 4);
}

/* Fields without an id (another tool's file): a new source with them,
 * found by its label after that, as a label alone is. */
static void
test_sources_without_id (Fixture       *f,
                         gconstpointer  data)
{
  static const char uuid[] = "0d6a4c5e-7f38-4b8e-9a61-2f0e5b7c9d10";
  g_autoptr(GPtrArray) docs = one_claim (0, 6, "troop-deployment", NULL, uuid);
  g_autoptr(GPtrArray) sources = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GError) error = NULL;
  AttestImportCounts counts = { 0 };
  AttestSource *s;

  add_source (first_claim (docs), "AP", NULL, TRUE, "AP", NULL, "https://ap.example/1");
  add_source (first_claim (docs), "AP", NULL, TRUE, "AP", NULL, "https://ap.example/1");
  g_assert_true (attest_exchange_import (f->store, docs, &counts, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (counts.sources_added, ==, 1);
  sources = linked (f->store, uuid);
  g_assert_cmpuint (sources->len, ==, 1);
  s = g_ptr_array_index (sources, 0);
  g_assert_null (s->document_uuid);
  g_assert_cmpstr (s->outlet, ==, "AP");
  g_assert_cmpstr (s->url, ==, "https://ap.example/1");
  all = attest_store_list_sources (f->store, NULL, &error);
  g_assert_cmpuint (all->len, ==, 1);
}

/* A source whose id another article's source has is that article's: a
 * claim cannot rest on it, and nothing is written. */
static void
test_sources_conflict (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GPtrArray) docs = one_claim (0, 6, "troop-deployment", NULL, NULL);
  g_autoptr(GPtrArray) other = one_claim (0, 6, "troop-deployment", NULL, NULL);
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GError) error = NULL;
  AttestExchangeDoc *d = g_ptr_array_index (other, 0);

  add_source (first_claim (docs), "Regnum, Moscow", UUID_C, FALSE, "Regnum", "Moscow", NULL);
  g_assert_true (attest_exchange_import (f->store, docs, NULL, NULL, &error));
  g_assert_no_error (error);

  /* Another article (another text) naming the first one's source. */
  attest_document_set_text (d->doc, "Troops moved east of the river.\n");
  g_free (d->doc->uuid);
  d->doc->uuid = g_strdup ("6b1f1f6e-0c57-4c4f-9d3e-4a0c1b2d3e40");
  add_source (first_claim (other), "Regnum, Moscow", UUID_C, TRUE, "Regnum", "Moscow", NULL);
  g_assert_false (attest_exchange_import (f->store, other, NULL, NULL, &error));
  g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_CONFLICT);
  g_assert_cmpstr (error->message, ==, "river.json, annotation 1: The source " UUID_C " belongs to another "
                                       "document in the database");
  all = attest_store_list_documents (f->store, NULL);
  g_assert_cmpuint (all->len, ==, 1);
}

/* Two articles of ONE import into an empty database: the second naming
 * the first one's source (not as an outside source) is refused just as
 * when the database held the first article already; an outside source
 * both name is one source linked to both claims. */
static void
test_sources_conflict_same_import (Fixture       *f,
                                   gconstpointer  data)
{
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(GPtrArray) docs = one_claim (0, 6, "troop-deployment", NULL, NULL);
      g_autoptr(GPtrArray) other = one_claim (0, 6, "troop-deployment", NULL, NULL);
      g_autoptr(GPtrArray) all = NULL;
      g_autoptr(GError) error = NULL;
      AttestExchangeDoc *d = g_ptr_array_steal_index (other, 0);
      gboolean outside = i == 1;

      attest_document_set_text (d->doc, "Troops moved east of the river.\n");
      g_free (d->doc->uuid);
      d->doc->uuid = g_strdup ("6b1f1f6e-0c57-4c4f-9d3e-4a0c1b2d3e40");
      g_free (d->name);
      d->name = g_strdup ("east.json");
      g_ptr_array_add (docs, d);
      add_source (first_claim (docs), "Regnum, Moscow", UUID_C, outside, "Regnum", "Moscow", NULL);
      add_source (g_ptr_array_index (d->claims, 0), "Regnum, Moscow", UUID_C, outside, "Regnum", "Moscow", NULL);
      if (!outside)
        {
          g_assert_false (attest_exchange_import (f->store, docs, NULL, NULL, &error));
          g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_CONFLICT);
          g_assert_cmpstr (error->message, ==, "east.json, annotation 1: The source " UUID_C " belongs to "
                                               "another document in the database");
          all = attest_store_list_documents (f->store, NULL);
          g_assert_cmpuint (all->len, ==, 0);
          g_clear_pointer (&all, g_ptr_array_unref);
          all = attest_store_list_sources (f->store, NULL, NULL);
          g_assert_cmpuint (all->len, ==, 0);
        }
      else
        {
          g_autoptr(GPtrArray) claims = NULL;

          g_assert_true (attest_exchange_import (f->store, docs, NULL, NULL, &error));
          g_assert_no_error (error);
          claims = attest_store_list_claims (f->store, NULL, &error);
          g_assert_cmpuint (claims->len, ==, 2);
          for (guint k = 0; k < 2; k++)
            {
              AttestClaim *c = g_ptr_array_index (claims, k);

              g_assert_cmpuint (c->source_uuids->len, ==, 1);
              g_assert_cmpstr (g_ptr_array_index (c->source_uuids, 0), ==, UUID_C);
            }
        }
    }
}

/* One source id with two different records in one file is refused (which
 * one would win is chance); the same record given again is that source. */
static void
test_sources_two_records (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GPtrArray) twice = one_claim (0, 6, "troop-deployment", NULL, NULL);
  g_autoptr(GPtrArray) same = one_claim (0, 6, "troop-deployment", NULL, NULL);
  AttestExchangeDoc *d = g_ptr_array_index (twice, 0);
  AttestExchangeClaim *c = attest_exchange_claim_new ();
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) sources = NULL;
  g_autoptr(GError) error = NULL;

  /* A second claim naming the id with another address. */
  c->start = 32;
  c->end = 41;
  c->quote = g_strdup ("The talks");
  c->key = g_strdup ("troop-deployment");
  c->where = g_strdup ("annotation 2");
  g_ptr_array_add (d->claims, c);
  add_source (first_claim (twice), "Interfax", UUID_A, TRUE, "Interfax", NULL, "https://a.example/1");
  add_source (c, "Interfax", UUID_A, TRUE, "Interfax", NULL, "https://b.example/2");
  g_assert_false (attest_exchange_import (f->store, twice, NULL, NULL, &error));
  g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_CONFLICT);
  g_assert_cmpstr (error->message, ==, "river.json, annotation 2: the source " UUID_A " is given here with other "
                                       "details than before in the same import; one id is one source");
  all = attest_store_list_documents (f->store, NULL);
  g_assert_cmpuint (all->len, ==, 0);
  g_clear_error (&error);

  /* The same record twice on one claim: one source, linked once. */
  add_source (first_claim (same), "Interfax", UUID_A, TRUE, "Interfax", NULL, "https://a.example/1");
  add_source (first_claim (same), "Interfax", UUID_A, TRUE, "Interfax", NULL, "https://a.example/1");
  g_assert_true (attest_exchange_import (f->store, same, NULL, NULL, &error));
  g_assert_no_error (error);
  sources = linked (f->store, first_claim (same)->uuid);
  g_assert_cmpuint (sources->len, ==, 1);
  g_assert_cmpstr (((AttestSource *) g_ptr_array_index (sources, 0))->url, ==, "https://a.example/1");
}

/* A source's fields as the source editor takes them, else nothing is
 * written. */
static void
test_sources_refused (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *long_place = g_strnfill (1001, 'p');
  const struct {
    const char *uuid, *outlet, *place, *url, *when;
    const char *message;
  } cases[] = {
    { "5e1d2c3b", "Interfax", NULL, NULL, NULL,
      "river.json, annotation 1: the source “Interfax” has the id “5e1d2c3b”, not a UUID" },
    { UUID_A, "Inter\tfax", NULL, NULL, NULL,
      "river.json, annotation 1: A source's outlet holds a line break or control character (U+0009)" },
    { UUID_A, "Interfax", long_place, NULL, NULL,
      "river.json, annotation 1: A source's place is longer than 1000 characters" },
    { UUID_A, "Interfax", NULL, "interfax (wire)", NULL,
      "river.json, annotation 1: “interfax (wire)” is not a web address: a source's address starts with http:// or https://, names a host and holds no spaces" },
    { UUID_A, "Interfax", NULL, "javascript:alert(1)", NULL,
      "river.json, annotation 1: “javascript:alert(1)” is not a web address: a source's address starts with "
      "http:// or https://, names a host and holds no spaces" },
    { UUID_A, "Interfax", NULL, "file:///etc/passwd", NULL,
      "river.json, annotation 1: “file:///etc/passwd” is not a web address: a source's address starts with "
      "http:// or https://, names a host and holds no spaces" },
    { UUID_A, "Interfax", NULL, NULL, "December",
      "river.json, annotation 1: the source “Interfax” has the date “December”, not YYYY-MM-DD, YYYY-MM or --MM-DD" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GPtrArray) docs = one_claim (0, 6, "troop-deployment", NULL, NULL);
      g_autoptr(GPtrArray) all = NULL;
      g_autoptr(GError) error = NULL;
      AttestExchangeSource *s = add_source (first_claim (docs), "Interfax", cases[i].uuid, TRUE,
                                            cases[i].outlet, cases[i].place, cases[i].url);

      s->when = g_strdup (cases[i].when);
      g_assert_false (attest_exchange_import (f->store, docs, NULL, NULL, &error));
      g_assert_cmpstr (error->message, ==, cases[i].message);
      all = attest_store_list_documents (f->store, NULL);
      g_assert_cmpuint (all->len, ==, 0);
    }
}

static void
test_text_index (void)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(AttestTextIndex) ix = NULL;

  for (guint i = 0; i < 1000; i++)
    g_string_append (text, i % 7 == 0 ? "\xF0\x9F\x98\x80" : i % 5 == 0 ? "\xC3\xA9" : "a");
  ix = attest_text_index_new (text->str, text->len);
  g_assert_cmpint (attest_text_index_n_chars (ix), ==, 1000);
  for (gint64 k = 0; k <= 1000; k++)
    {
      const char *walked = g_utf8_offset_to_pointer (text->str, k);

      g_assert_true (attest_text_index_at (ix, k) == walked);
      g_assert_cmpint (attest_text_index_offset (ix, walked), ==, k);
    }
  g_assert_null (attest_text_index_at (ix, -1));
  g_assert_null (attest_text_index_at (ix, 1001));
  g_clear_pointer (&ix, attest_text_index_free);
  ix = attest_text_index_new ("", 0);
  g_assert_cmpint (attest_text_index_n_chars (ix), ==, 0);
  g_assert_true (attest_text_index_at (ix, 0) != NULL);
  g_assert_cmpint (attest_text_index_offset (ix, ""), ==, 0);
}

/* A BOM and the CR of each CRLF are left out; offsets counted on the
 * text as it was move back by what was left out before them. */
static void
test_stored_text (void)
{
  static const char raw[] = "\xEF\xBB\xBF" "Ab\r\ncd\r\r\n\xC3\xA9";
  g_autoptr(GArray) dropped = NULL;
  g_autofree char *stored = NULL;
  gint64 raw_chars = 0;
  gboolean bom = FALSE;

  stored = attest_text_dup_stored (raw, strlen (raw), &dropped, &raw_chars, &bom);
  g_assert_cmpstr (stored, ==, "Ab\ncd\r\n\xC3\xA9");
  g_assert_true (bom);
  g_assert_cmpint (raw_chars, ==, 11);
  g_assert_cmpuint (dropped->len, ==, 3);
  g_assert_cmpint (g_array_index (dropped, gint64, 2), ==, 8);
  /* "A" 1 → 0, "c" 5 → 3, the lone CR 7 → 5, "é" 10 → 7, the end 11 → 8. */
  g_assert_cmpint (attest_text_to_stored (dropped, 1), ==, 0);
  g_assert_cmpint (attest_text_to_stored (dropped, 5), ==, 3);
  g_assert_cmpint (attest_text_to_stored (dropped, 7), ==, 5);
  g_assert_cmpint (attest_text_to_stored (dropped, 10), ==, 7);
  g_assert_cmpint (attest_text_to_stored (dropped, 11), ==, 8);
}

static AttestExchangeCategory *
file_category (GPtrArray  *categories,
               const char *key,
               const char *label,
               const char *parent,
               gboolean    retired)
{
  AttestExchangeCategory *c = attest_exchange_category_new ("river.json", key);

  c->label = g_strdup (label);
  c->parent_key = g_strdup (parent);
  c->retired = retired;
  c->where = g_strdup_printf ("code %u", categories->len + 1);
  g_ptr_array_add (categories, c);
  return c;
}

/* A file's categories: the ones the database lacks are added parent
 * first, at the end, with their details; a parent matched by name is
 * the database's category; one the database has keeps its details. */
static void
test_category_records (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GPtrArray) docs = one_claim (0, 6, "river-crossing", NULL, NULL);
  g_autoptr(GPtrArray) categories = g_ptr_array_new_with_free_func ((GDestroyNotify) attest_exchange_category_free);
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GError) error = NULL;
  AttestImportCounts counts = { 0 };
  AttestExchangeCategory *known;
  AttestCategory *c;
  guint before = n_categories (f->store);

  known = file_category (categories, "troop-deployment", "Troop deployment", NULL, TRUE);
  known->description = g_strdup ("Not the database's.");
  file_category (categories, "moves", "TROOP deployment", NULL, FALSE);
  file_category (categories, "river-crossing", "River crossing", "moves", FALSE)->description =
    g_strdup ("Bridges, fords and ferries.");
  file_category (categories, "old-crossing", NULL, "river-crossing", TRUE)->color = g_strdup ("#123456");

  g_assert_true (attest_exchange_import_with_categories (f->store, categories, docs, &counts, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (counts.categories_added, ==, 2);
  g_assert_cmpuint (counts.claims_added, ==, 1);
  all = attest_store_list_categories (f->store, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->len, ==, before + 2);
  c = g_ptr_array_index (all, 0);
  g_assert_cmpstr (c->key, ==, "troop-deployment");
  g_assert_nonnull (c->description);
  g_assert_cmpstr (c->description, !=, "Not the database's.");
  g_assert_false (c->retired);
  c = g_ptr_array_index (all, before);
  g_assert_cmpstr (c->key, ==, "river-crossing");
  g_assert_cmpstr (c->label, ==, "River crossing");
  g_assert_cmpstr (c->description, ==, "Bridges, fords and ferries.");
  g_assert_cmpstr (c->parent_key, ==, "troop-deployment");
  g_assert_false (c->retired);
  c = g_ptr_array_index (all, before + 1);
  g_assert_cmpstr (c->key, ==, "old-crossing");
  g_assert_cmpstr (c->label, ==, "Old crossing");
  g_assert_cmpstr (c->color, ==, "#123456");
  g_assert_null (c->description);
  g_assert_cmpstr (c->parent_key, ==, "river-crossing");
  g_assert_true (c->retired);
}

/* A category the file describes badly refuses the whole import, named
 * by the file and its place. */
static void
test_category_records_refused (Fixture       *f,
                               gconstpointer  data)
{
  g_autofree char *long_text = g_strnfill (2001, 'x');
  static const char *messages[] = {
    "river.json, code 1: No category “nowhere” to be the parent of “drills”",
    /* A cycle: parent first, its first member's parent is not there yet. */
    "river.json, code 1: No category “drills” to be the parent of “field”",
    "river.json, code 1: The description of category drills has 2001 characters; a description has at most 2000",
    "river.json, code 1: “Drills” cannot be a category key",
    /* Two keys of the file under one name: neither is lost silently. */
    "river.json, code 2: the categories “drills” and “field-drills” have the same name, “DRILLS”",
    /* A bound on what a file may describe, checked before any. */
    "river.json: the file describes 1001 categories; at most 1000 are read",
    /* Described one way, named another way on a claim. */
    "river.json, annotation 1: the category drills is named “Field drills” here and “Drills” among the "
    "file's categories",
    /* One name, spaces around it aside; a name of one line; a bound on
     * nesting that every format can carry. */
    "river.json, code 2: the categories “drills” and “field-drills” have the same name, “ drills  ”",
    "river.json, code 1: The label of category drills holds a line break or control character (U+000A)",
    "river.json, code 101: “c99” cannot be the parent of “drills”: categories nest at most 100 deep",
  };

  for (guint i = 0; i < G_N_ELEMENTS (messages); i++)
    {
      g_autoptr(GPtrArray) docs = one_claim (0, 6, "drills", i == 6 ? "Field drills" : NULL, NULL);
      g_autoptr(GPtrArray) categories = g_ptr_array_new_with_free_func ((GDestroyNotify) attest_exchange_category_free);
      g_autoptr(GPtrArray) all = NULL;
      g_autoptr(GError) error = NULL;
      guint before = n_categories (f->store);

      if (i == 0)
        file_category (categories, "drills", NULL, "nowhere", FALSE);
      else if (i == 1)
        {
          /* Only a damaged file could ask for it: nested codes cannot. */
          file_category (categories, "field", NULL, "drills", FALSE);
          file_category (categories, "drills", NULL, "field", FALSE);
        }
      else if (i == 2)
        file_category (categories, "drills", NULL, NULL, FALSE)->description = g_strdup (long_text);
      else if (i == 3)
        file_category (categories, "Drills", NULL, NULL, FALSE);
      else if (i == 4)
        {
          file_category (categories, "drills", "Drills", NULL, FALSE);
          file_category (categories, "field-drills", "DRILLS", NULL, FALSE);
        }
      else if (i == 6)
        file_category (categories, "drills", "Drills", NULL, FALSE);
      else if (i == 7)
        {
          file_category (categories, "drills", "Drills", NULL, FALSE);
          file_category (categories, "field-drills", " drills  ", NULL, FALSE);
        }
      else if (i == 8)
        file_category (categories, "drills", "Field\ndrills", NULL, FALSE);
      else if (i == 9)
        {
          for (guint k = 0; k < 100; k++)
            {
              g_autofree char *key = g_strdup_printf ("c%u", k);
              g_autofree char *parent = k > 0 ? g_strdup_printf ("c%u", k - 1) : NULL;

              file_category (categories, key, NULL, parent, FALSE);
            }
          file_category (categories, "drills", NULL, "c99", FALSE);
        }
      else
        for (guint k = 0; k <= ATTEST_EXCHANGE_CATEGORIES_MAX; k++)
          {
            g_autofree char *key = g_strdup_printf ("c%u", k);

            file_category (categories, key, NULL, NULL, FALSE);
          }
      g_assert_false (attest_exchange_import_with_categories (f->store, categories, docs, NULL, NULL, &error));
      g_assert_nonnull (error);
      g_assert_cmpstr (error->message, ==, messages[i]);
      all = attest_store_list_documents (f->store, NULL);
      g_assert_cmpuint (all->len, ==, 0);
      g_assert_cmpuint (n_categories (f->store), ==, before);
    }
}

/* A category the file itself brings retired carries the file's claims
 * (made before it was retired, as a TEI import takes them); once it is
 * retired in the database, a new claim in it is refused, nothing written. */
static void
test_retired_by_file (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GPtrArray) docs = one_claim (0, 6, "drills", NULL, NULL);
  g_autoptr(GPtrArray) again = one_claim (32, 41, "drills", NULL, NULL);
  g_autoptr(GPtrArray) categories = g_ptr_array_new_with_free_func ((GDestroyNotify) attest_exchange_category_free);
  g_autoptr(GPtrArray) claims = NULL;
  g_autoptr(AttestCategory) drills = NULL;
  g_autoptr(GError) error = NULL;
  AttestImportCounts counts = { 0 };
  guint before;

  file_category (categories, "drills", "Drills", NULL, TRUE);
  g_assert_true (attest_exchange_import_with_categories (f->store, categories, docs, &counts, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (counts.categories_added, ==, 1);
  g_assert_cmpuint (counts.claims_added, ==, 1);
  drills = attest_store_get_category (f->store, "drills", &error);
  g_assert_no_error (error);
  g_assert_true (drills->retired);
  claims = attest_store_list_claims (f->store, NULL, &error);
  g_assert_cmpuint (claims->len, ==, 1);
  g_assert_cmpstr (((AttestClaim *) g_ptr_array_index (claims, 0))->category, ==, "drills");
  g_clear_pointer (&claims, g_ptr_array_unref);

  before = n_categories (f->store);
  g_assert_false (attest_exchange_import_with_categories (f->store, categories, again, NULL, NULL, &error));
  g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_FORMAT);
  g_assert_cmpstr (error->message, ==, "river.json, annotation 1: the category drills is retired; restore it to "
                                       "import claims into it");
  g_clear_error (&error);
  claims = attest_store_list_claims (f->store, NULL, NULL);
  g_assert_cmpuint (claims->len, ==, 1);
  g_assert_cmpuint (n_categories (f->store), ==, before);

  /* Named by its name under another key, by a tool that kept only the
   * name: refused alike, with or without the file's categories. */
  for (guint with_details = 0; with_details < 2; with_details++)
    {
      g_autoptr(GPtrArray) by_name = one_claim (32, 41, "exercise", "DRILLS", NULL);
      g_autoptr(GPtrArray) described = g_ptr_array_new_with_free_func ((GDestroyNotify) attest_exchange_category_free);

      if (with_details)
        file_category (described, "exercise", "DRILLS", NULL, FALSE);
      g_assert_false (attest_exchange_import_with_categories (f->store, with_details ? described : NULL, by_name,
                                                              NULL, NULL, &error));
      g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_FORMAT);
      g_assert_cmpstr (error->message, ==, "river.json, annotation 1: the category drills is retired; restore it "
                                           "to import claims into it");
      g_clear_error (&error);
      g_clear_pointer (&claims, g_ptr_array_unref);
      claims = attest_store_list_claims (f->store, NULL, NULL);
      g_assert_cmpuint (claims->len, ==, 1);
      g_assert_cmpuint (n_categories (f->store), ==, before);
    }
}

/* Many articles, each with one claim, for an export that takes a while. */
static void
add_many (AttestStore *store,
          guint        n)
{
  g_autoptr(GPtrArray) docs = g_ptr_array_new_with_free_func ((GDestroyNotify) attest_exchange_doc_free);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < n; i++)
    {
      AttestDocument *doc = attest_document_new ();
      g_autofree char *text = g_strdup_printf ("Report %u. Troops moved west of the river.\n", i);
      g_autofree char *name = g_strdup_printf ("report-%u.txt", i);
      AttestExchangeClaim *c = attest_exchange_claim_new ();
      AttestExchangeDoc *d;

      attest_document_set_text (doc, text);
      doc->uuid = g_uuid_string_random ();
      doc->format = g_strdup ("text");
      doc->encoding = g_strdup ("UTF-8");
      doc->origin = g_strdup (name);
      doc->imported = g_strdup ("2026-12-01T10:00:00Z");
      d = attest_exchange_doc_new (name, doc);
      c->start = strstr (text, "Troops") - text;
      c->end = c->start + 6;
      c->quote = g_strdup ("Troops");
      c->key = g_strdup ("troop-deployment");
      g_ptr_array_add (d->claims, c);
      g_ptr_array_add (docs, d);
    }
  g_assert_true (attest_exchange_import (store, docs, NULL, NULL, &error));
  g_assert_no_error (error);
}

/* The names in @dir that start with @prefix. */
static guint
count_named (const char *dir,
             const char *prefix,
             guint      *out_files_inside)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n = 0;

  if (out_files_inside)
    *out_files_inside = 0;
  while ((name = g_dir_read_name (d)) != NULL)
    if (g_str_has_prefix (name, prefix))
      {
        n++;
        if (out_files_inside)
          {
            g_autofree char *path = g_build_filename (dir, name, NULL);
            g_autoptr(GDir) inside = g_dir_open (path, 0, NULL);

            while (inside && g_dir_read_name (inside))
              (*out_files_inside)++;
          }
      }
  return n;
}

/* SIGTERM in the middle of a folder export from attest-cli: the export
 * is cancelled, its hidden folder removed, the folder named not made (or,
 * when it was there empty, left so). */
static void
test_cli_export_terminated (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *db = g_build_filename (f->dir, "x.db", NULL);

  add_many (f->store, 3000);
  for (guint round = 0; round < 2; round++)
    {
      g_autofree char *out = g_build_filename (f->dir, round ? "there" : "out", NULL);
      g_autofree char *prefix = g_strdup_printf (".%s.partial-", round ? "there" : "out");
      g_autoptr(GSubprocess) cli = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *err = NULL;
      gint64 until = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
      guint inside = 0;

      if (round == 1)
        g_assert_cmpint (g_mkdir (out, 0700), ==, 0);
      cli = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error,
                              g_getenv ("ATTEST_CLI"), "--db", db, "export", "brat", "-o", out, NULL);
      g_assert_no_error (error);
      /* Mid-way: once the hidden folder holds some files. */
      while ((count_named (f->dir, prefix, &inside) == 0 || inside < 20) && g_get_monotonic_time () < until)
        g_usleep (1000);
      g_assert_cmpuint (inside, >=, 20);
      g_subprocess_send_signal (cli, SIGTERM);
      g_assert_true (g_subprocess_communicate_utf8 (cli, NULL, NULL, NULL, &err, &error));
      g_assert_no_error (error);
      g_assert_true (g_subprocess_get_if_exited (cli));
      g_assert_cmpint (g_subprocess_get_exit_status (cli), !=, 0);
      g_assert_nonnull (strstr (err, "attest-cli: "));
      g_assert_cmpuint (count_named (f->dir, prefix, NULL), ==, 0);
      if (round == 0)
        g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
      else
        {
          g_assert_true (g_file_test (out, G_FILE_TEST_IS_DIR));
          g_assert_cmpuint (count_named (out, "", NULL), ==, 0);
        }
    }
}

/* A refused import into a database that did not exist leaves none
 * behind (nor its -wal or -shm); into one that exists, the file stays. */
static void
test_cli_refused_no_database (Fixture       *f,
                              gconstpointer  data)
{
  g_autofree char *fresh = g_build_filename (f->dir, "fresh.db", NULL);
  g_autofree char *kept = g_build_filename (f->dir, "x.db", NULL);
  g_autofree char *folder = g_build_filename (f->dir, "brat", NULL);
  g_autofree char *text = g_build_filename (folder, "a.txt", NULL);
  g_autofree char *ann = g_build_filename (folder, "a.ann", NULL);
  const char *dbs[] = { fresh, kept };

  g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);
  g_assert_true (g_file_set_contents (text, "Troops moved west.\n", -1, NULL));
  /* A span past the text: refused. */
  g_assert_true (g_file_set_contents (ann, "T1\tTroop_deployment 0 400\tTroops\n", -1, NULL));
  for (guint i = 0; i < G_N_ELEMENTS (dbs); i++)
    {
      g_autoptr(GSubprocess) cli = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *err = NULL;
      g_autofree char *wal = g_strconcat (dbs[i], "-wal", NULL);
      g_autofree char *shm = g_strconcat (dbs[i], "-shm", NULL);

      cli = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error,
                              g_getenv ("ATTEST_CLI"), "--db", dbs[i], "import-brat", folder, NULL);
      g_assert_no_error (error);
      g_assert_true (g_subprocess_communicate_utf8 (cli, NULL, NULL, NULL, &err, &error));
      g_assert_no_error (error);
      g_assert_cmpint (g_subprocess_get_exit_status (cli), ==, 4);
      g_assert_true (g_str_has_suffix (err, "; nothing was imported\n"));
      g_assert_cmpint (g_file_test (dbs[i], G_FILE_TEST_EXISTS), ==, i == 1);
      if (i == 0)
        {
          g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
          g_assert_false (g_file_test (shm, G_FILE_TEST_EXISTS));
        }
    }
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/exchange-import/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("category-by-label", test_category_by_label);
  ADD ("claim-id-known", test_claim_id_known);
  ADD ("same-span-twice", test_same_span_twice);
  ADD ("refused", test_refused);
  ADD ("refused-whole", test_refused_whole);
  ADD ("adopt-names", test_adopt_names);
  ADD ("annotator-named", test_annotator_named);
  ADD ("sources/by-id", test_sources_by_id);
  ADD ("sources/without-id", test_sources_without_id);
  ADD ("sources/conflict", test_sources_conflict);
  ADD ("sources/conflict-same-import", test_sources_conflict_same_import);
  ADD ("sources/two-records", test_sources_two_records);
  ADD ("sources/refused", test_sources_refused);
  ADD ("category-records", test_category_records);
  ADD ("category-records-refused", test_category_records_refused);
  ADD ("retired-by-file", test_retired_by_file);
  ADD ("cli-export-terminated", test_cli_export_terminated);
  ADD ("cli-refused-no-database", test_cli_refused_no_database);
  g_test_add_func ("/exchange-import/text-index", test_text_index);
  g_test_add_func ("/exchange-import/stored-text", test_stored_text);
  return g_test_run ();
}
