/* attest-claim.c — see attest-claim.h. */
#include "attest-claim.h"

G_DEFINE_FINAL_TYPE (AttestClaim, attest_claim, G_TYPE_OBJECT)

/* Read-only mirrors of the public fields, for list rows and bindings
 * (GtkExpression, g_object_bind_property). The objects are values read from
 * the store; an edit makes a new object, so no notify is emitted. */
enum {
  PROP_0,
  PROP_ID,
  PROP_UUID,
  PROP_DOCUMENT_UUID,
  PROP_START,
  PROP_END,
  PROP_QUOTE,
  PROP_CATEGORY,
  PROP_ANNOTATOR,
  PROP_CREATED,
  PROP_MODIFIED,
  PROP_STATUS,
  PROP_CERTAINTY,
  PROP_COMMENT,
  PROP_VERSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

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
attest_claim_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  AttestClaim *self = ATTEST_CLAIM (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;

    case PROP_UUID:
      g_value_set_string (value, self->uuid);
      break;

    case PROP_DOCUMENT_UUID:
      g_value_set_string (value, self->document_uuid);
      break;

    case PROP_START:
      g_value_set_int64 (value, self->start);
      break;

    case PROP_END:
      g_value_set_int64 (value, self->end);
      break;

    case PROP_QUOTE:
      g_value_set_string (value, self->quote);
      break;

    case PROP_CATEGORY:
      g_value_set_string (value, self->category);
      break;

    case PROP_ANNOTATOR:
      g_value_set_string (value, self->annotator);
      break;

    case PROP_CREATED:
      g_value_set_string (value, self->created);
      break;

    case PROP_MODIFIED:
      g_value_set_string (value, self->modified);
      break;

    case PROP_STATUS:
      g_value_set_string (value, self->status);
      break;

    case PROP_CERTAINTY:
      g_value_set_string (value, self->certainty);
      break;

    case PROP_COMMENT:
      g_value_set_string (value, self->comment);
      break;

    case PROP_VERSION:
      g_value_set_int64 (value, self->version);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
attest_claim_class_init (AttestClaimClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = attest_claim_finalize;
  object_class->get_property = attest_claim_get_property;

  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL, G_MININT64, G_MAXINT64, 0, flags);
  properties[PROP_UUID] =
    g_param_spec_string ("uuid", NULL, NULL, NULL, flags);
  properties[PROP_DOCUMENT_UUID] =
    g_param_spec_string ("document-uuid", NULL, NULL, NULL, flags);
  properties[PROP_START] =
    g_param_spec_int64 ("start", NULL, NULL, G_MININT64, G_MAXINT64, 0, flags);
  properties[PROP_END] =
    g_param_spec_int64 ("end", NULL, NULL, G_MININT64, G_MAXINT64, 0, flags);
  properties[PROP_QUOTE] =
    g_param_spec_string ("quote", NULL, NULL, NULL, flags);
  properties[PROP_CATEGORY] =
    g_param_spec_string ("category", NULL, NULL, NULL, flags);
  properties[PROP_ANNOTATOR] =
    g_param_spec_string ("annotator", NULL, NULL, NULL, flags);
  properties[PROP_CREATED] =
    g_param_spec_string ("created", NULL, NULL, NULL, flags);
  properties[PROP_MODIFIED] =
    g_param_spec_string ("modified", NULL, NULL, NULL, flags);
  properties[PROP_STATUS] =
    g_param_spec_string ("status", NULL, NULL, NULL, flags);
  properties[PROP_CERTAINTY] =
    g_param_spec_string ("certainty", NULL, NULL, NULL, flags);
  properties[PROP_COMMENT] =
    g_param_spec_string ("comment", NULL, NULL, NULL, flags);
  properties[PROP_VERSION] =
    g_param_spec_int64 ("version", NULL, NULL, G_MININT64, G_MAXINT64, 0, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
attest_claim_init (AttestClaim *self)
{
  self->source_uuids = g_ptr_array_new_with_free_func (g_free);
}

/**
 * attest_claim_new:
 *
 * Returns: (transfer full): an empty claim
 */
AttestClaim *
attest_claim_new (void)
{
  return g_object_new (ATTEST_TYPE_CLAIM, NULL);
}

/**
 * attest_claim_copy:
 * @self: a claim
 *
 * A deep copy, for editing without touching the original.
 *
 * Returns: (transfer full): the copy
 */
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

/**
 * attest_claim_status_is_valid:
 * @status: (nullable): a status
 *
 * Returns: %TRUE for "draft", "accepted" and "rejected"
 */
gboolean
attest_claim_status_is_valid (const char *status)
{
  return g_strcmp0 (status, "draft") == 0 ||
         g_strcmp0 (status, "accepted") == 0 ||
         g_strcmp0 (status, "rejected") == 0;
}

/**
 * attest_claim_certainty_is_valid:
 * @certainty: (nullable): a certainty
 *
 * Returns: %TRUE for the values of TEI's data.certainty
 */
gboolean
attest_claim_certainty_is_valid (const char *certainty)
{
  return g_strcmp0 (certainty, "low") == 0 ||
         g_strcmp0 (certainty, "medium") == 0 ||
         g_strcmp0 (certainty, "high") == 0 ||
         g_strcmp0 (certainty, "unknown") == 0;
}
