/* attest-claim.c — see attest-claim.h. */
#include "attest-claim.h"

G_DEFINE_FINAL_TYPE (AttestClaim, attest_claim, G_TYPE_OBJECT)

static void
attest_claim_finalize (GObject *object)
{
  AttestClaim *self = ATTEST_CLAIM (object);

  g_free (self->uuid);
  g_free (self->document_uuid);
  g_free (self->quote);
  g_free (self->category);
  g_free (self->annotator);
  g_free (self->created);
  g_free (self->modified);
  g_free (self->status);
  g_free (self->certainty);
  g_free (self->comment);
  g_clear_pointer (&self->source_uuids, g_ptr_array_unref);

  G_OBJECT_CLASS (attest_claim_parent_class)->finalize (object);
}

static void
attest_claim_class_init (AttestClaimClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = attest_claim_finalize;
}

static void
attest_claim_init (AttestClaim *self)
{
  self->source_uuids = g_ptr_array_new_with_free_func (g_free);
}

AttestClaim *
attest_claim_new (void)
{
  return g_object_new (ATTEST_TYPE_CLAIM, NULL);
}

/* A deep copy, for editing without touching the original. */
AttestClaim *
attest_claim_copy (AttestClaim *self)
{
  AttestClaim *copy;

  g_return_val_if_fail (ATTEST_IS_CLAIM (self), NULL);

  copy = attest_claim_new ();
  copy->id = self->id;
  copy->uuid = g_strdup (self->uuid);
  copy->document_uuid = g_strdup (self->document_uuid);
  copy->start = self->start;
  copy->end = self->end;
  copy->quote = g_strdup (self->quote);
  copy->category = g_strdup (self->category);
  copy->annotator = g_strdup (self->annotator);
  copy->created = g_strdup (self->created);
  copy->modified = g_strdup (self->modified);
  copy->status = g_strdup (self->status);
  copy->certainty = g_strdup (self->certainty);
  copy->comment = g_strdup (self->comment);
  copy->version = self->version;
  for (guint i = 0; i < self->source_uuids->len; i++)
    g_ptr_array_add (copy->source_uuids, g_strdup (g_ptr_array_index (self->source_uuids, i)));
  return copy;
}

gboolean
attest_claim_status_is_valid (const char *status)
{
  return g_strcmp0 (status, "draft") == 0 ||
         g_strcmp0 (status, "accepted") == 0 ||
         g_strcmp0 (status, "rejected") == 0;
}

/* The values of TEI's data.certainty. */
gboolean
attest_claim_certainty_is_valid (const char *certainty)
{
  return g_strcmp0 (certainty, "low") == 0 ||
         g_strcmp0 (certainty, "medium") == 0 ||
         g_strcmp0 (certainty, "high") == 0 ||
         g_strcmp0 (certainty, "unknown") == 0;
}
