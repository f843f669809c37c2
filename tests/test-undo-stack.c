/* test-undo-stack.c — undo and redo of every kind of edit, through the store,
 * on a sample article; and no undo over someone else's later change. The
 * perform_ functions make an edit and record it in one call: every kind is
 * saved, recorded, undone and redone; a refused edit (a bad range, a
 * conflict, a missing claim) is recorded nowhere and leaves the redo
 * history alone. */
#include <glib/gstdio.h>

#include "attest-article-reader.h"
#include "attest-error.h"
#include "attest-store.h"
#include "attest-undo-stack.h"
#include "attest-test-utils.h"

typedef struct {
  char            *dir;
  AttestStore     *store;
  AttestDocument  *doc;
  AttestUndoStack *stack;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  f->dir = attest_test_make_tmp_dir ("attest-undo-XXXXXX");
  path = g_build_filename (f->dir, "undo.db", NULL);
  f->store = attest_store_open (path, ATTEST_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_true (attest_store_set_annotator (f->store, "Ana", NULL));
  f->doc = attest_test_import_sample (f->store, "000_7978e9767d1c15ca.txt", NULL);
  f->stack = attest_undo_stack_new ();
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_assert_finalize_object (g_steal_pointer (&f->stack));
  g_clear_object (&f->doc);
  /* The test holds the last reference: a leaked one fails here. */
  if (f->store != NULL)
    g_assert_finalize_object (g_steal_pointer (&f->store));
  attest_test_remove_tree (f->dir);
  g_free (f->dir);
}

static guint
count_claims (Fixture *f)
{
  g_autoptr(GPtrArray) claims = attest_store_list_claims (f->store, NULL, NULL);
  return claims->len;
}

static guint
count_citations (Fixture *f)
{
  g_autoptr(GPtrArray) citations = attest_store_list_citations (f->store, f->doc->uuid, NULL);
  return citations->len;
}

/* Undoes (or redoes) the last edit, which must succeed. */
static void
step (Fixture  *f,
      gboolean  undo)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *touched = undo ? attest_undo_stack_undo (f->stack, f->store, &error)
                                  : attest_undo_stack_redo (f->stack, f->store, &error);

  g_assert_no_error (error);
  g_assert_nonnull (touched);
}

static void
test_create_delete (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestClaim) claim = attest_store_add_claim (f->store, f->doc->uuid, 100, 160,
                                                         "counter-narcotics", NULL, NULL, &error);
  g_autofree char *touched = NULL;
  g_autoptr(AttestClaim) back = NULL;

  g_assert_no_error (error);
  attest_undo_stack_push_create (f->stack, claim->uuid);
  g_assert_true (attest_undo_stack_can_undo (f->stack));
  g_assert_false (attest_undo_stack_can_redo (f->stack));
  g_assert_cmpint (attest_undo_stack_peek_undo (f->stack), ==, ATTEST_EDIT_CREATE);

  touched = attest_undo_stack_undo (f->stack, f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (touched, ==, claim->uuid);
  g_assert_cmpuint (count_claims (f), ==, 0);
  g_assert_true (attest_undo_stack_can_redo (f->stack));

  g_free (touched);
  touched = attest_undo_stack_redo (f->stack, f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (count_claims (f), ==, 1);
  /* The same claim comes back: same uuid, offsets and quote. */
  back = attest_store_get_claim (f->store, claim->uuid, &error);
  g_assert_no_error (error);
  g_assert_cmpint (back->start, ==, 100);
  g_assert_cmpint (back->end, ==, 160);
  g_assert_cmpstr (back->quote, ==, claim->quote);

  /* Delete, undo the delete. */
  g_assert_true (attest_store_delete_claim (f->store, claim->uuid, &error));
  attest_undo_stack_push_delete (f->stack, claim->uuid);
  g_assert_false (attest_undo_stack_can_redo (f->stack));
  g_assert_cmpuint (count_claims (f), ==, 0);
  g_free (touched);
  touched = attest_undo_stack_undo (f->stack, f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (count_claims (f), ==, 1);

  /* Nothing left to redo past the end. */
  g_free (touched);
  touched = attest_undo_stack_redo (f->stack, f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (count_claims (f), ==, 0);
  g_assert_null (attest_undo_stack_redo (f->stack, f->store, &error));
  g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_NOT_FOUND);
}

static void
test_update_and_conflict (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestClaim) before = attest_store_add_claim (f->store, f->doc->uuid, 100, 160,
                                                          "counter-narcotics", NULL, NULL, &error);
  g_autoptr(AttestClaim) after = attest_store_get_claim (f->store, before->uuid, &error);
  g_autoptr(AttestClaim) now = NULL;
  g_autoptr(AttestClaim) other = NULL;
  g_autofree char *touched = NULL;

  g_free (after->category);
  after->category = g_strdup ("border-security");
  after->comment = g_strdup ("recategorised");
  g_assert_true (attest_store_update_claim (f->store, after, &error));
  attest_undo_stack_push_update (f->stack, before, after);

  touched = attest_undo_stack_undo (f->stack, f->store, &error);
  g_assert_no_error (error);
  now = attest_store_get_claim (f->store, before->uuid, &error);
  g_assert_cmpstr (now->category, ==, "counter-narcotics");
  g_assert_null (now->comment);
  g_assert_cmpint (now->version, ==, 3);

  g_free (touched);
  touched = attest_undo_stack_redo (f->stack, f->store, &error);
  g_assert_no_error (error);
  g_clear_object (&now);
  now = attest_store_get_claim (f->store, before->uuid, &error);
  g_assert_cmpstr (now->category, ==, "border-security");
  g_assert_cmpstr (now->comment, ==, "recategorised");

  /* Boris edits the claim; Ana's undo must not overwrite him. */
  other = attest_store_get_claim (f->store, before->uuid, &error);
  g_free (other->status);
  other->status = g_strdup ("accepted");
  g_assert_true (attest_store_set_annotator (f->store, "Boris", NULL));
  g_assert_true (attest_store_update_claim (f->store, other, &error));
  g_assert_true (attest_store_set_annotator (f->store, "Ana", NULL));

  g_free (touched);
  touched = attest_undo_stack_undo (f->stack, f->store, &error);
  g_assert_null (touched);
  g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_CONFLICT);
  g_assert_true (attest_undo_stack_can_undo (f->stack));  /* unchanged */
  g_clear_object (&now);
  now = attest_store_get_claim (f->store, before->uuid, NULL);
  g_assert_cmpstr (now->status, ==, "accepted");
  g_assert_cmpstr (now->category, ==, "border-security");
}

static void
test_link (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestClaim) claim = attest_store_add_claim (f->store, f->doc->uuid, 100, 160,
                                                         "counter-narcotics", NULL, NULL, &error);
  g_autoptr(GPtrArray) sources = attest_store_list_sources (f->store, f->doc->uuid, &error);
  AttestSource *regnum = g_ptr_array_index (sources, 0);
  g_autofree char *touched = NULL;
  g_autoptr(AttestClaim) now = NULL;

  g_assert_cmpstr (regnum->outlet, ==, "Regnum");
  g_assert_true (attest_store_link (f->store, claim->uuid, regnum->uuid, &error));
  attest_undo_stack_push_link (f->stack, claim->uuid, regnum->uuid, TRUE);

  touched = attest_undo_stack_undo (f->stack, f->store, &error);
  g_assert_no_error (error);
  now = attest_store_get_claim (f->store, claim->uuid, &error);
  g_assert_cmpuint (now->source_uuids->len, ==, 0);

  g_free (touched);
  touched = attest_undo_stack_redo (f->stack, f->store, &error);
  g_assert_no_error (error);
  g_clear_object (&now);
  now = attest_store_get_claim (f->store, claim->uuid, &error);
  g_assert_cmpuint (now->source_uuids->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (now->source_uuids, 0), ==, regnum->uuid);

  /* A new edit clears what could be redone. */
  g_free (touched);
  touched = attest_undo_stack_undo (f->stack, f->store, &error);
  attest_undo_stack_push_create (f->stack, claim->uuid);
  g_assert_false (attest_undo_stack_can_redo (f->stack));
  attest_undo_stack_clear (f->stack);
  g_assert_false (attest_undo_stack_can_undo (f->stack));
}

/* Corrections of the article and of its citations undo like claims. */
static void
test_corrections (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestDocument) doc = NULL;
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GPtrArray) removed = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) marked = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *uuid = NULL;
  AttestCitation *first;
  gint64 start = attest_document_find (f->doc, "Lieutenant-General Alexander Bokov", 0);

  /* A title set, undone, redone. */
  g_assert_true (attest_store_set_document_field (f->store, f->doc->uuid, "title", "Russia and the CIS drug war", &error));
  g_assert_no_error (error);
  attest_undo_stack_push_document (f->stack, f->doc->uuid, "title", NULL, "Russia and the CIS drug war");
  g_assert_cmpint (attest_undo_stack_peek_undo (f->stack), ==, ATTEST_EDIT_DOCUMENT);
  uuid = attest_undo_stack_undo (f->stack, f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (uuid, ==, "");
  doc = attest_store_get_document (f->store, f->doc->uuid, &error);
  g_assert_null (doc->title);
  g_clear_object (&doc);
  g_clear_pointer (&uuid, g_free);
  uuid = attest_undo_stack_redo (f->stack, f->store, &error);
  g_assert_no_error (error);
  doc = attest_store_get_document (f->store, f->doc->uuid, &error);
  g_assert_cmpstr (doc->title, ==, "Russia and the CIS drug war");
  g_clear_object (&doc);
  g_clear_pointer (&uuid, g_free);

  /* Someone else corrects it meanwhile: not undone over their work. */
  g_assert_true (attest_store_set_document_field (f->store, f->doc->uuid, "title", "Boris’s title", &error));
  uuid = attest_undo_stack_undo (f->stack, f->store, &error);
  g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_CONFLICT);
  g_assert_null (uuid);
  g_clear_error (&error);
  g_assert_true (attest_undo_stack_can_undo (f->stack));

  /* A citation removed comes back whole, under its own id and source. */
  before = attest_store_list_citations (f->store, f->doc->uuid, &error);
  g_assert_cmpuint (before->len, ==, 5);
  first = g_ptr_array_index (before, 0);
  g_ptr_array_add (removed, g_object_ref (first));
  g_assert_true (attest_store_remove_citation (f->store, first->uuid, &error));
  attest_undo_stack_push_citations (f->stack, removed, FALSE);
  after = attest_store_list_citations (f->store, f->doc->uuid, &error);
  g_assert_cmpuint (after->len, ==, 4);
  g_clear_pointer (&after, g_ptr_array_unref);
  uuid = attest_undo_stack_undo (f->stack, f->store, &error);
  g_assert_no_error (error);
  g_clear_pointer (&uuid, g_free);
  after = attest_store_list_citations (f->store, f->doc->uuid, &error);
  g_assert_cmpuint (after->len, ==, 5);
  g_assert_cmpstr (((AttestCitation *) g_ptr_array_index (after, 0))->uuid, ==, first->uuid);
  g_assert_cmpstr (((AttestCitation *) g_ptr_array_index (after, 0))->source->uuid, ==, first->source->uuid);
  g_assert_cmpint (((AttestCitation *) g_ptr_array_index (after, 0))->cover_start, ==, first->cover_start);
  g_clear_pointer (&after, g_ptr_array_unref);
  uuid = attest_undo_stack_redo (f->stack, f->store, &error);
  g_assert_no_error (error);
  g_clear_pointer (&uuid, g_free);
  after = attest_store_list_citations (f->store, f->doc->uuid, &error);
  g_assert_cmpuint (after->len, ==, 4);
  g_clear_pointer (&after, g_ptr_array_unref);

  /* A passage marked, undone (gone), redone (back). */
  g_assert_cmpint (start, ==, 972);
  g_ptr_array_add (marked, attest_store_mark_citation (f->store, f->doc->uuid, start, start + 34,
                                                       "CIS bureau", NULL, "November 30", &error));
  g_assert_no_error (error);
  g_assert_cmpint (((AttestCitation *) g_ptr_array_index (marked, 0))->kind, ==, ATTEST_CITATION_MARKED);
  g_assert_cmpstr (((AttestCitation *) g_ptr_array_index (marked, 0))->source->when, ==, "--11-30");
  attest_undo_stack_push_citations (f->stack, marked, TRUE);
  after = attest_store_list_citations (f->store, f->doc->uuid, &error);
  g_assert_cmpuint (after->len, ==, 5);
  g_clear_pointer (&after, g_ptr_array_unref);
  uuid = attest_undo_stack_undo (f->stack, f->store, &error);
  g_assert_no_error (error);
  g_clear_pointer (&uuid, g_free);
  after = attest_store_list_citations (f->store, f->doc->uuid, &error);
  g_assert_cmpuint (after->len, ==, 4);
  g_clear_pointer (&after, g_ptr_array_unref);
  uuid = attest_undo_stack_redo (f->stack, f->store, &error);
  g_assert_no_error (error);
  after = attest_store_list_citations (f->store, f->doc->uuid, &error);
  g_assert_cmpuint (after->len, ==, 5);
}

/* ------------------------------------------------ made and recorded at once */

static void
test_perform_create_delete (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestClaim) claim = NULL;
  g_autoptr(AttestClaim) none = NULL;

  claim = attest_undo_stack_perform_create (f->stack, f->store, f->doc->uuid, 100, 160,
                                            "counter-narcotics", &error);
  g_assert_no_error (error);
  g_assert_nonnull (claim);
  g_assert_cmpuint (count_claims (f), ==, 1);
  g_assert_cmpint (attest_undo_stack_peek_undo (f->stack), ==, ATTEST_EDIT_CREATE);
  step (f, TRUE);
  g_assert_cmpuint (count_claims (f), ==, 0);
  step (f, FALSE);
  g_assert_cmpuint (count_claims (f), ==, 1);

  /* Outside the text: refused, nothing recorded. */
  none = attest_undo_stack_perform_create (f->stack, f->store, f->doc->uuid, 100, f->doc->length + 5,
                                           "counter-narcotics", &error);
  g_assert_null (none);
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_cmpint (attest_undo_stack_peek_undo (f->stack), ==, ATTEST_EDIT_CREATE);

  g_assert_true (attest_undo_stack_perform_delete (f->stack, f->store, claim->uuid, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_claims (f), ==, 0);
  g_assert_cmpint (attest_undo_stack_peek_undo (f->stack), ==, ATTEST_EDIT_DELETE);
  g_assert_false (attest_undo_stack_can_redo (f->stack));
  step (f, TRUE);
  g_assert_cmpuint (count_claims (f), ==, 1);

  /* Deleting what is not there: refused, and the redo history stays. */
  g_assert_false (attest_undo_stack_perform_delete (f->stack, f->store, "no-such-claim", &error));
  g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_NOT_FOUND);
  g_assert_true (attest_undo_stack_can_redo (f->stack));
}

static void
test_perform_update (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestClaim) before = attest_store_add_claim (f->store, f->doc->uuid, 100, 160,
                                                          "counter-narcotics", NULL, NULL, &error);
  g_autoptr(AttestClaim) after = attest_claim_copy (before);
  g_autoptr(AttestClaim) stale = attest_claim_copy (before);
  g_autoptr(AttestClaim) now = NULL;

  g_free (after->category);
  after->category = g_strdup ("border-security");
  g_assert_true (attest_undo_stack_perform_update (f->stack, f->store, before, after, &error));
  g_assert_no_error (error);
  g_assert_cmpint (after->version, >, before->version);
  g_assert_cmpint (attest_undo_stack_peek_undo (f->stack), ==, ATTEST_EDIT_UPDATE);

  step (f, TRUE);
  now = attest_store_get_claim (f->store, before->uuid, &error);
  g_assert_cmpstr (now->category, ==, "counter-narcotics");
  g_clear_object (&now);
  step (f, FALSE);
  now = attest_store_get_claim (f->store, before->uuid, &error);
  g_assert_cmpstr (now->category, ==, "border-security");

  /* An edit based on an old version is a conflict, and not recorded. */
  attest_undo_stack_clear (f->stack);
  g_free (stale->status);
  stale->status = g_strdup ("accepted");
  g_assert_false (attest_undo_stack_perform_update (f->stack, f->store, before, stale, &error));
  g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_CONFLICT);
  g_assert_false (attest_undo_stack_can_undo (f->stack));
}

static void
test_perform_link (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestClaim) claim = attest_store_add_claim (f->store, f->doc->uuid, 100, 160,
                                                         "counter-narcotics", NULL, NULL, &error);
  g_autoptr(GPtrArray) sources = attest_store_list_sources (f->store, f->doc->uuid, &error);
  AttestSource *regnum = g_ptr_array_index (sources, 0);
  g_autoptr(AttestClaim) now = NULL;

  g_assert_true (attest_undo_stack_perform_link (f->stack, f->store, claim->uuid, regnum->uuid, TRUE, &error));
  g_assert_no_error (error);
  g_assert_cmpint (attest_undo_stack_peek_undo (f->stack), ==, ATTEST_EDIT_LINK);
  now = attest_store_get_claim (f->store, claim->uuid, &error);
  g_assert_cmpuint (now->source_uuids->len, ==, 1);
  g_clear_object (&now);

  g_assert_true (attest_undo_stack_perform_link (f->stack, f->store, claim->uuid, regnum->uuid, FALSE, &error));
  g_assert_cmpint (attest_undo_stack_peek_undo (f->stack), ==, ATTEST_EDIT_UNLINK);
  now = attest_store_get_claim (f->store, claim->uuid, &error);
  g_assert_cmpuint (now->source_uuids->len, ==, 0);
  g_clear_object (&now);

  step (f, TRUE);
  now = attest_store_get_claim (f->store, claim->uuid, &error);
  g_assert_cmpuint (now->source_uuids->len, ==, 1);
}

static void
test_perform_corrections (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestDocument) doc = NULL;
  g_autoptr(AttestCitation) marked = NULL;
  g_autoptr(GPtrArray) citations = NULL;
  g_autoptr(GPtrArray) wrong = g_ptr_array_new ();
  gint64 start = attest_document_find (f->doc, "Lieutenant-General Alexander Bokov", 0);

  /* The title. */
  g_assert_true (attest_undo_stack_perform_document (f->stack, f->store, f->doc->uuid, "title",
                                                     NULL, "Russia and the CIS drug war", &error));
  g_assert_no_error (error);
  g_assert_cmpint (attest_undo_stack_peek_undo (f->stack), ==, ATTEST_EDIT_DOCUMENT);
  step (f, TRUE);
  doc = attest_store_get_document (f->store, f->doc->uuid, &error);
  g_assert_null (doc->title);
  g_clear_object (&doc);
  step (f, FALSE);
  doc = attest_store_get_document (f->store, f->doc->uuid, &error);
  g_assert_cmpstr (doc->title, ==, "Russia and the CIS drug war");

  /* A passage marked as a citation. */
  g_assert_cmpuint (count_citations (f), ==, 5);
  marked = attest_undo_stack_perform_mark (f->stack, f->store, f->doc->uuid, start, start + 34,
                                           "CIS bureau", NULL, "November 30", &error);
  g_assert_no_error (error);
  g_assert_nonnull (marked);
  g_assert_cmpint (marked->kind, ==, ATTEST_CITATION_MARKED);
  g_assert_cmpint (attest_undo_stack_peek_undo (f->stack), ==, ATTEST_EDIT_MARK);
  g_assert_cmpuint (count_citations (f), ==, 6);
  step (f, TRUE);
  g_assert_cmpuint (count_citations (f), ==, 5);
  step (f, FALSE);
  g_assert_cmpuint (count_citations (f), ==, 6);

  /* Citations removed, all at once; undone, all back. */
  citations = attest_store_list_citations (f->store, f->doc->uuid, &error);
  g_ptr_array_add (wrong, g_ptr_array_index (citations, 0));
  g_ptr_array_add (wrong, g_ptr_array_index (citations, 1));
  g_assert_true (attest_undo_stack_perform_unmark (f->stack, f->store, wrong, &error));
  g_assert_no_error (error);
  g_assert_cmpint (attest_undo_stack_peek_undo (f->stack), ==, ATTEST_EDIT_UNMARK);
  g_assert_cmpuint (count_citations (f), ==, 4);
  step (f, TRUE);
  g_assert_cmpuint (count_citations (f), ==, 6);

  /* One of them already gone: all or none. */
  g_assert_true (attest_store_remove_citation (f->store, ((AttestCitation *) wrong->pdata[1])->uuid, &error));
  g_assert_cmpuint (count_citations (f), ==, 5);
  g_assert_false (attest_undo_stack_perform_unmark (f->stack, f->store, wrong, &error));
  g_assert_nonnull (error);
  g_assert_cmpuint (count_citations (f), ==, 5);
  g_assert_cmpint (attest_undo_stack_peek_redo (f->stack), ==, ATTEST_EDIT_UNMARK);
}

/* Two edits of one claim undone and redone in a row: each replay starts from
 * the version the one before it wrote, never a conflict with oneself; a
 * teammate's change in between still is one. */
static void
update_field (Fixture     *f,
              AttestClaim *claim,
              const char  *status,
              const char  *certainty)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestClaim) after = attest_claim_copy (claim);

  g_free (after->status);
  after->status = g_strdup (status);
  g_free (after->certainty);
  after->certainty = g_strdup (certainty);
  g_assert_true (attest_undo_stack_perform_update (f->stack, f->store, claim, after, &error));
  g_assert_no_error (error);
  claim->version = after->version;
  g_free (claim->status);
  claim->status = g_strdup (status);
  g_free (claim->certainty);
  claim->certainty = g_strdup (certainty);
}

static void
assert_claim (Fixture    *f,
              const char *uuid,
              const char *status,
              const char *certainty,
              gint64      version)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestClaim) now = attest_store_get_claim (f->store, uuid, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (now->status, ==, status);
  g_assert_cmpstr (now->certainty, ==, certainty);
  g_assert_cmpint (now->version, ==, version);
}

static void
test_undo_twice (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestClaim) claim = attest_store_add_claim (f->store, f->doc->uuid, 100, 160,
                                                         "counter-narcotics", NULL, NULL, &error);
  g_autoptr(AttestClaim) theirs = NULL;
  g_autofree char *touched = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (claim->version, ==, 1);
  update_field (f, claim, "accepted", NULL);
  update_field (f, claim, "accepted", "high");
  assert_claim (f, claim->uuid, "accepted", "high", 3);

  step (f, TRUE);
  assert_claim (f, claim->uuid, "accepted", NULL, 4);
  step (f, TRUE);
  assert_claim (f, claim->uuid, "draft", NULL, 5);
  g_assert_false (attest_undo_stack_can_undo (f->stack));

  step (f, FALSE);
  assert_claim (f, claim->uuid, "accepted", NULL, 6);
  step (f, FALSE);
  assert_claim (f, claim->uuid, "accepted", "high", 7);
  g_assert_false (attest_undo_stack_can_redo (f->stack));

  /* A deletion between: undoing it restores, then the update undoes. */
  g_assert_true (attest_undo_stack_perform_delete (f->stack, f->store, claim->uuid, &error));
  g_assert_no_error (error);
  step (f, TRUE);
  assert_claim (f, claim->uuid, "accepted", "high", 9);
  step (f, TRUE);
  assert_claim (f, claim->uuid, "accepted", NULL, 10);

  /* Someone else's change after our undo: the next undo is refused. */
  theirs = attest_store_get_claim (f->store, claim->uuid, &error);
  g_free (theirs->comment);
  theirs->comment = g_strdup ("seen by Boris");
  g_assert_true (attest_store_update_claim (f->store, theirs, &error));
  g_assert_no_error (error);
  touched = attest_undo_stack_undo (f->stack, f->store, &error);
  g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_CONFLICT);
  g_assert_null (touched);
  assert_claim (f, claim->uuid, "accepted", NULL, 11);
}

/* One category as "label color shortcut retired", the store's view. */
static char *
category_state (Fixture    *f,
                const char *key)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestCategory) c = attest_store_get_category (f->store, key, &error);

  g_assert_no_error (error);
  return g_strdup_printf ("%s %s %d %s", c->label, c->color, c->shortcut, c->retired ? "retired" : "live");
}

#define assert_category(f, key, expected) \
  G_STMT_START { g_autofree char *s_ = category_state ((f), (key)); g_assert_cmpstr (s_, ==, (expected)); } G_STMT_END

static void
undo_ok (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *touched = attest_undo_stack_undo (f->stack, f->store, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (touched, ==, "");
}

static void
redo_ok (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *touched = attest_undo_stack_redo (f->stack, f->store, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (touched, ==, "");
}

/* Each field the taxonomy editor changes: perform, undo, redo. */
static void
test_category_edits (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestCategory) added = attest_category_new ();
  g_autoptr(AttestCategory) before = NULL;
  g_autoptr(AttestCategory) after = NULL;
  g_autoptr(GPtrArray) live = NULL;
  /* The default colours are the palette's to change: read, not assumed. */
  g_autoptr(AttestCategory) troop = attest_store_get_category (f->store, "troop-deployment", NULL);
  g_autofree char *troop_retired = g_strdup_printf ("Troop deployment %s 1 retired", troop->color);
  g_autofree char *troop_live = g_strdup_printf ("Troop deployment %s 1 live", troop->color);

  /* Add: undone by retiring, redone by restoring. */
  added->key = g_strdup ("cyber-operations");
  added->label = g_strdup ("Cyber operations");
  added->color = g_strdup ("#0e7c86");
  added->shortcut = -1;
  g_assert_true (attest_undo_stack_perform_category_add (f->stack, f->store, added, &error));
  g_assert_no_error (error);
  g_assert_cmpint (attest_undo_stack_peek_undo (f->stack), ==, ATTEST_EDIT_CATEGORY);
  assert_category (f, "cyber-operations", "Cyber operations #0e7c86 -1 live");
  live = attest_store_list_categories (f->store, FALSE, &error);
  g_assert_cmpstr (((AttestCategory *) g_ptr_array_index (live, live->len - 1))->key, ==, "cyber-operations");
  undo_ok (f);
  assert_category (f, "cyber-operations", "Cyber operations #0e7c86 -1 retired");
  redo_ok (f);
  assert_category (f, "cyber-operations", "Cyber operations #0e7c86 -1 live");

  /* Rename, recolour and a shortcut: one update each. */
  {
    const char *steps[][3] = {
      { "Cyber and information operations", "#0e7c86", NULL },
      { "Cyber and information operations", "#613583", NULL },
    };

    for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
      {
        g_clear_object (&before);
        g_clear_object (&after);
        before = attest_store_get_category (f->store, "cyber-operations", &error);
        after = attest_store_get_category (f->store, "cyber-operations", &error);
        g_free (after->label);
        after->label = g_strdup (steps[i][0]);
        g_free (after->color);
        after->color = g_strdup (steps[i][1]);
        g_assert_true (attest_undo_stack_perform_category_update (f->stack, f->store, before, after, &error));
        g_assert_no_error (error);
      }
  }
  assert_category (f, "cyber-operations", "Cyber and information operations #613583 -1 live");
  undo_ok (f);
  assert_category (f, "cyber-operations", "Cyber and information operations #0e7c86 -1 live");
  undo_ok (f);
  assert_category (f, "cyber-operations", "Cyber operations #0e7c86 -1 live");
  redo_ok (f);
  redo_ok (f);
  assert_category (f, "cyber-operations", "Cyber and information operations #613583 -1 live");

  /* A shortcut another live category has is refused and not recorded. */
  g_clear_object (&before);
  g_clear_object (&after);
  before = attest_store_get_category (f->store, "cyber-operations", &error);
  after = attest_store_get_category (f->store, "cyber-operations", &error);
  after->shortcut = 1;  /* troop-deployment's */
  g_assert_false (attest_undo_stack_perform_category_update (f->stack, f->store, before, after, &error));
  g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (attest_undo_stack_can_undo (f->stack));
  g_assert_false (attest_undo_stack_can_redo (f->stack));

  /* Retire troop-deployment: its digit is free for the new one. */
  g_clear_object (&before);
  g_clear_object (&after);
  before = attest_store_get_category (f->store, "troop-deployment", &error);
  after = attest_store_get_category (f->store, "troop-deployment", &error);
  after->retired = TRUE;
  g_assert_true (attest_undo_stack_perform_category_update (f->stack, f->store, before, after, &error));
  g_clear_object (&before);
  g_clear_object (&after);
  before = attest_store_get_category (f->store, "cyber-operations", &error);
  after = attest_store_get_category (f->store, "cyber-operations", &error);
  after->shortcut = 1;
  g_assert_true (attest_undo_stack_perform_category_update (f->stack, f->store, before, after, &error));
  g_assert_no_error (error);
  assert_category (f, "cyber-operations", "Cyber and information operations #613583 1 live");
  assert_category (f, "troop-deployment", troop_retired);

  /* Restoring troop-deployment while its digit is taken is refused; undoing
   * the shortcut first frees it. */
  undo_ok (f);
  assert_category (f, "cyber-operations", "Cyber and information operations #613583 -1 live");
  undo_ok (f);
  assert_category (f, "troop-deployment", troop_live);
  redo_ok (f);
  redo_ok (f);
  g_assert_false (attest_undo_stack_can_redo (f->stack));
  g_clear_object (&before);
  g_clear_object (&after);
  before = attest_store_get_category (f->store, "troop-deployment", &error);
  after = attest_store_get_category (f->store, "troop-deployment", &error);
  after->retired = FALSE;
  g_assert_false (attest_undo_stack_perform_category_update (f->stack, f->store, before, after, &error));
  g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID);
  g_clear_error (&error);
  assert_category (f, "troop-deployment", troop_retired);
}

/* Moving: undo puts it back where it was. */
static void
test_category_move (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (attest_undo_stack_perform_category_move (f->stack, f->store, "military-exercise", 1, &error));
  g_assert_no_error (error);
  g_assert_cmpint (attest_undo_stack_peek_undo (f->stack), ==, ATTEST_EDIT_CATEGORY_MOVE);
  {
    g_autoptr(GPtrArray) cats = attest_store_list_categories (f->store, TRUE, NULL);
    g_assert_cmpstr (((AttestCategory *) g_ptr_array_index (cats, 0))->key, ==, "troop-deployment");
    g_assert_cmpstr (((AttestCategory *) g_ptr_array_index (cats, 1))->key, ==, "military-exercise");
    g_assert_cmpstr (((AttestCategory *) g_ptr_array_index (cats, 2))->key, ==, "military-base");
  }
  undo_ok (f);
  {
    g_autoptr(GPtrArray) cats = attest_store_list_categories (f->store, TRUE, NULL);
    g_assert_cmpstr (((AttestCategory *) g_ptr_array_index (cats, 1))->key, ==, "military-base");
    g_assert_cmpstr (((AttestCategory *) g_ptr_array_index (cats, 2))->key, ==, "military-exercise");
  }
  redo_ok (f);
  {
    g_autoptr(GPtrArray) cats = attest_store_list_categories (f->store, TRUE, NULL);
    g_assert_cmpstr (((AttestCategory *) g_ptr_array_index (cats, 1))->key, ==, "military-exercise");
  }

  /* Where it already is: nothing to record. */
  undo_ok (f);
  g_assert_false (attest_undo_stack_can_undo (f->stack));
  g_assert_true (attest_undo_stack_perform_category_move (f->stack, f->store, "military-exercise", 2, &error));
  g_assert_false (attest_undo_stack_can_undo (f->stack));
  g_assert_false (attest_undo_stack_perform_category_move (f->stack, f->store, "no-such-key", 0, &error));
  g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_NOT_FOUND);
}

/* Someone else renamed it since: the undo is refused, nothing changes. */
static void
test_category_conflict (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestCategory) before = attest_store_get_category (f->store, "training", &error);
  g_autoptr(AttestCategory) after = attest_store_get_category (f->store, "training", &error);
  g_autoptr(AttestCategory) theirs = NULL;
  g_autofree char *touched = NULL;

  g_free (after->label);
  after->label = g_strdup ("Training and drills");
  g_assert_true (attest_undo_stack_perform_category_update (f->stack, f->store, before, after, &error));
  theirs = attest_store_get_category (f->store, "training", &error);
  g_free (theirs->color);
  theirs->color = g_strdup ("#000000");
  g_assert_true (attest_store_update_category (f->store, theirs, &error));

  touched = attest_undo_stack_undo (f->stack, f->store, &error);
  g_assert_null (touched);
  g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_CONFLICT);
  assert_category (f, "training", "Training and drills #000000 5 live");
  g_assert_true (attest_undo_stack_can_undo (f->stack));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/undo/create-delete", Fixture, NULL, fixture_set_up, test_create_delete, fixture_tear_down);
  g_test_add ("/undo/update-and-conflict", Fixture, NULL, fixture_set_up, test_update_and_conflict, fixture_tear_down);
  g_test_add ("/undo/link", Fixture, NULL, fixture_set_up, test_link, fixture_tear_down);
  g_test_add ("/undo/corrections", Fixture, NULL, fixture_set_up, test_corrections, fixture_tear_down);
  g_test_add ("/undo-perform/create-delete", Fixture, NULL, fixture_set_up, test_perform_create_delete, fixture_tear_down);
  g_test_add ("/undo/undo-twice", Fixture, NULL, fixture_set_up, test_undo_twice, fixture_tear_down);
  g_test_add ("/undo-perform/update", Fixture, NULL, fixture_set_up, test_perform_update, fixture_tear_down);
  g_test_add ("/undo-perform/link", Fixture, NULL, fixture_set_up, test_perform_link, fixture_tear_down);
  g_test_add ("/undo-perform/category-edits", Fixture, NULL, fixture_set_up, test_category_edits, fixture_tear_down);
  g_test_add ("/undo-perform/category-move", Fixture, NULL, fixture_set_up, test_category_move, fixture_tear_down);
  g_test_add ("/undo-perform/category-conflict", Fixture, NULL, fixture_set_up, test_category_conflict, fixture_tear_down);
  g_test_add ("/undo-perform/corrections", Fixture, NULL, fixture_set_up, test_perform_corrections, fixture_tear_down);
  return g_test_run ();
}
