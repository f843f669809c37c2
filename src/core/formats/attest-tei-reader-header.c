/* attest-tei-reader-header.c — the rows of a TEI file's header: the
 * Attest application (format version), people, the taxonomy and the
 * history, each checked and handed to the store's bulk import.
 */
#include "config.h"

#include "attest-tei-reader-private.h"

#include <string.h>

#include "attest-error.h"
#include "attest-rules.h"
#include "attest-tei-names.h"

/* Where the corpus's own categories go when a new database adopts the
 * file's taxonomy: after every position the file can use. */
#define CATEGORY_SHIFT 1000000

/* ---------------------------------------------------------------- values */

void
tei_reader_clear_person (PersonBuild *p)
{
  g_clear_pointer (&p->id, g_free);
  g_clear_pointer (&p->resp, g_free);
  g_clear_pointer (&p->name, g_free);
}

void
tei_reader_clear_change (ChangeBuild *c)
{
  g_free (c->id); g_free (c->when); g_free (c->who); g_free (c->type); g_free (c->subtype);
  g_free (c->entity_uuid); g_free (c->field); g_free (c->old_value); g_free (c->new_value);
  memset (c, 0, sizeof *c);
}

void
tei_reader_category_build_free (gpointer data)
{
  CategoryBuild *c = data;

  g_clear_object (&c->category);
  g_free (c);
}

void
tei_reader_person_free (gpointer data)
{
  Person *p = data;

  g_free (p->name);
  g_free (p);
}

/* -------------------------------------------------------------- header */

void
tei_reader_end_application (Reader *self)
{
  gint64 version;

  if (self->have_app)
    {
      tei_reader_fail (self, ATTEST_ERROR_FORMAT, "the file has two Attest applications in its header");
      return;
    }
  if (!attest_tei_parse_count (self->application_version, &version) || version < 1)
    {
      tei_reader_fail (self, ATTEST_ERROR_FORMAT, "the Attest format version “%s” is not a number",
                       self->application_version ? self->application_version : "");
      return;
    }
  if (version > ATTEST_TEI_FORMAT_VERSION)
    {
      tei_reader_fail (self, ATTEST_ERROR_NEWER_SCHEMA,
                       "the file was written by a newer Attest (TEI format %" G_GINT64_FORMAT
                       "; this one reads up to %d)", version, ATTEST_TEI_FORMAT_VERSION);
      return;
    }
  self->format_version = version;
  self->have_app = TRUE;
}

void
tei_reader_end_person (Reader *self)
{
  PersonBuild *p = &self->person;
  gboolean annotator = attest_tei_id_is_uuid (p->id, ATTEST_TEI_ANNOTATOR_ID);
  gboolean other = attest_tei_id_is_other_person (p->id);
  Person *person;

  if (!tei_reader_ok (self))
    return;
  if (!annotator && !other)
    tei_reader_fail (self, ATTEST_ERROR_FORMAT, "a person has the id “%s”, not a-UUID or pN", p->id ? p->id : "");
  else if (g_strcmp0 (p->resp, annotator ? ATTEST_TEI_ROLE_ANNOTATOR : ATTEST_TEI_ROLE_EDITOR) != 0)
    tei_reader_fail (self, ATTEST_ERROR_FORMAT, "the person %s is “%s”, not %s", p->id, p->resp ? p->resp : "",
                     annotator ? "an annotator" : "an editor");
  else if (!g_hash_table_add (self->header_ids, g_strdup (p->id)))
    tei_reader_fail (self, ATTEST_ERROR_FORMAT, "the id %s appears twice", p->id);
  if (!tei_reader_ok (self))
    return;
  {
    g_autofree char *what = g_strdup_printf ("The name of person %s", p->id);
    GError *error = NULL;

    if (!tei_reader_obeys (self, attest_rules_check_name (what, p->name, &error), &error))
      return;
  }

  person = g_new0 (Person, 1);
  person->name = g_strdup (p->name);
  if (annotator)
    {
      person->annotator_id = 1;
      if (self->store != NULL)
        {
          AttestImportOutcome outcome;
          GError *error = NULL;

          person->annotator_id = attest_store_import_annotator (self->store, p->id + 2, p->name,
                                                                &outcome, &error);
          if (person->annotator_id == 0)
            {
              tei_reader_person_free (person);
              tei_reader_fail_with (self, error);
              return;
            }
          if (outcome == ATTEST_IMPORT_ADDED)
            self->counts.annotators_added++;
        }
    }
  g_hash_table_insert (self->persons, g_strdup (p->id), person);
  tei_reader_clear_person (p);
}

gint64
tei_reader_resolve_annotator (Reader     *self,
                              const char *pointer,
                              const char *what)
{
  Person *person = pointer && pointer[0] == '#' ? g_hash_table_lookup (self->persons, pointer + 1) : NULL;

  if (person == NULL || person->annotator_id == 0)
    {
      tei_reader_fail (self, ATTEST_ERROR_FORMAT, "%s, “%s”, points to no annotator of the header",
                       what, pointer ? pointer : "");
      return 0;
    }
  return person->annotator_id;
}

/* Stores the innermost pending category (its parent first, for the
 * foreign key). */
static void
store_category (Reader        *self,
                CategoryBuild *build)
{
  AttestCategory *c = build->category;
  AttestImportOutcome outcome;
  GError *error = NULL;
  gint64 id = 1;

  if (build->stored || !tei_reader_ok (self))
    return;
  build->stored = TRUE;

  if (!tei_reader_obeys (self, attest_rules_check_category (c, &error), &error))
    return;

  if (self->store != NULL)
    {
      id = attest_store_import_category (self->store, c, build->position, self->adopt_taxonomy,
                                         &outcome, &error);
      if (id == 0)
        {
          tei_reader_fail_with (self, error);
          return;
        }
      if (outcome == ATTEST_IMPORT_ADDED)
        self->counts.categories_added++;
    }
  g_hash_table_insert (self->categories, g_strdup (c->key), GINT_TO_POINTER (id));
}

void
tei_reader_start_category (Reader *self,
                           Attrs  *attrs)
{
  const char *key = tei_reader_attr (attrs, "id", TRUE);
  const char *n = tei_reader_attr (attrs, "n", FALSE);
  const char *style = tei_reader_attr (attrs, "style", FALSE);
  CategoryBuild *build;
  CategoryBuild *parent = self->category_stack->len
                          ? g_ptr_array_index (self->category_stack, self->category_stack->len - 1)
                          : NULL;

  if (!attest_category_key_is_valid (key))
    {
      tei_reader_fail (self, ATTEST_ERROR_FORMAT, "“%s” is not a category key", key ? key : "");
      return;
    }
  if (g_hash_table_contains (self->header_ids, key) || g_hash_table_contains (self->categories, key))
    {
      tei_reader_fail (self, ATTEST_ERROR_FORMAT, "the id %s appears twice", key);
      return;
    }
  if (n != NULL && !(n[0] >= '0' && n[0] <= '9' && n[1] == '\0'))
    {
      tei_reader_fail (self, ATTEST_ERROR_FORMAT, "the category %s has the shortcut “%s”, not a digit", key, n);
      return;
    }
  if (style == NULL || !g_str_has_prefix (style, ATTEST_TEI_COLOR_STYLE))
    {
      tei_reader_fail (self, ATTEST_ERROR_FORMAT, "the category %s has no colour (style=\"color: #rrggbb\")", key);
      return;
    }
  if (parent != NULL)
    store_category (self, parent);

  build = g_new0 (CategoryBuild, 1);
  build->category = attest_category_new ();
  build->category->key = g_strdup (key);
  build->category->color = g_strdup (style + strlen (ATTEST_TEI_COLOR_STYLE));
  build->category->shortcut = n ? n[0] - '0' : -1;
  build->category->parent_key = parent ? g_strdup (parent->category->key) : NULL;
  build->position = self->category_position++;
  g_hash_table_add (self->header_ids, g_strdup (key));
  g_ptr_array_add (self->category_stack, build);
}

void
tei_reader_end_category (Reader *self)
{
  CategoryBuild *build = g_ptr_array_index (self->category_stack, self->category_stack->len - 1);

  store_category (self, build);
  g_ptr_array_remove_index (self->category_stack, self->category_stack->len - 1);
}

void
tei_reader_start_taxonomy (Reader *self)
{
  GError *error = NULL;

  if (self->have_taxonomy)
    {
      tei_reader_fail (self, ATTEST_ERROR_FORMAT, "the file has two taxonomies");
      return;
    }
  if (self->store == NULL)
    return;
  if (!attest_store_import_is_empty (self->store, &self->adopt_taxonomy, &error) ||
      (self->adopt_taxonomy &&
       !attest_store_import_shift_categories (self->store, CATEGORY_SHIFT, &error)))
    tei_reader_fail_with (self, error);
}

void
tei_reader_end_change (Reader *self)
{
  ChangeBuild *c = &self->change;
  Person *who = c->who && c->who[0] == '#' ? g_hash_table_lookup (self->persons, c->who + 1) : NULL;
  AttestChangeRow row;
  AttestImportOutcome outcome = ATTEST_IMPORT_ADDED;
  GError *error = NULL;

  if (!tei_reader_ok (self))
    return;
  if (!attest_tei_id_is_uuid (c->id, ATTEST_TEI_CHANGE_ID))
    tei_reader_fail (self, ATTEST_ERROR_FORMAT, "a change has the id “%s”, not h-UUID", c->id ? c->id : "");
  else if (who == NULL)
    tei_reader_fail (self, ATTEST_ERROR_FORMAT, "the change %s, by “%s”, points to no person of the header",
                     c->id, c->who ? c->who : "");
  if (!tei_reader_ok (self))
    return;
  row = (AttestChangeRow) {
    c->id + 2, c->when, who->name, c->type, c->entity_uuid, c->subtype,
    c->field, c->old_value, c->new_value,
  };
  if (!tei_reader_obeys (self, attest_rules_check_change (&row, &error), &error))
    return;

  /* What the curated claims' spans must say of their origins. */
  if (g_str_equal (c->type, "claim") && g_str_equal (c->subtype, "curate") &&
      g_strcmp0 (c->field, "origin") == 0 && c->old_value != NULL)
    {
      GPtrArray *origins = g_hash_table_lookup (self->curated, c->entity_uuid);

      if (origins == NULL)
        {
          origins = g_ptr_array_new_with_free_func (g_free);
          g_hash_table_insert (self->curated, g_strdup (c->entity_uuid), origins);
        }
      g_ptr_array_add (origins, g_strdup (c->old_value));
    }

  if (self->store != NULL)
    {
      if (!attest_store_import_change (self->store, &row, self->marks.history, &outcome, &error))
        {
          tei_reader_fail_with (self, error);
          return;
        }
      if (outcome == ATTEST_IMPORT_REPEATED)
        {
          tei_reader_fail (self, ATTEST_ERROR_FORMAT, "the change %s appears twice", c->id);
          return;
        }
      if (outcome == ATTEST_IMPORT_ADDED)
        self->counts.changes_added++;
    }
  tei_reader_clear_change (c);

  /* A long history must not make cancelling slow. */
  if (self->cancellable && g_cancellable_is_cancelled (self->cancellable))
    {
      g_cancellable_set_error_if_cancelled (self->cancellable, &self->error);
      xmlStopParser (self->ctxt);
    }
}
