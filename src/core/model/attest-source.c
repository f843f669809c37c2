/* attest-source.c — see attest-source.h. */
#include "attest-source.h"

G_DEFINE_FINAL_TYPE (AttestSource, attest_source, G_TYPE_OBJECT)

/* Read-only mirrors of the public fields, for list rows and bindings
 * (GtkExpression, g_object_bind_property). The objects are values read from
 * the store; an edit makes a new object, so no notify is emitted. */
enum {
  PROP_0,
  PROP_ID,
  PROP_UUID,
  PROP_DOCUMENT_UUID,
  PROP_OUTLET,
  PROP_CANONICAL,
  PROP_PLACE,
  PROP_DATE_TEXT,
  PROP_WHEN,
  PROP_URL,
  PROP_TITLE,
  PROP_RELIABILITY,
  PROP_CITATION_COUNT,
  PROP_CLAIM_COUNT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
attest_source_finalize (GObject *object)
{
  AttestSource *self = ATTEST_SOURCE (object);

  g_free (self->uuid);
  g_free (self->document_uuid);
  g_free (self->outlet);
  g_free (self->canonical);
  g_free (self->place);
  g_free (self->date_text);
  g_free (self->when);
  g_free (self->url);
  g_free (self->title);
  g_free (self->reliability);

  G_OBJECT_CLASS (attest_source_parent_class)->finalize (object);
}

static void
attest_source_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  AttestSource *self = ATTEST_SOURCE (object);

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

    case PROP_OUTLET:
      g_value_set_string (value, self->outlet);
      break;

    case PROP_CANONICAL:
      g_value_set_string (value, self->canonical);
      break;

    case PROP_PLACE:
      g_value_set_string (value, self->place);
      break;

    case PROP_DATE_TEXT:
      g_value_set_string (value, self->date_text);
      break;

    case PROP_WHEN:
      g_value_set_string (value, self->when);
      break;

    case PROP_URL:
      g_value_set_string (value, self->url);
      break;

    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;

    case PROP_RELIABILITY:
      g_value_set_string (value, self->reliability);
      break;

    case PROP_CITATION_COUNT:
      g_value_set_int64 (value, self->citation_count);
      break;

    case PROP_CLAIM_COUNT:
      g_value_set_int64 (value, self->claim_count);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
attest_source_class_init (AttestSourceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = attest_source_finalize;
  object_class->get_property = attest_source_get_property;

  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL, G_MININT64, G_MAXINT64, 0, flags);
  properties[PROP_UUID] =
    g_param_spec_string ("uuid", NULL, NULL, NULL, flags);
  properties[PROP_DOCUMENT_UUID] =
    g_param_spec_string ("document-uuid", NULL, NULL, NULL, flags);
  properties[PROP_OUTLET] =
    g_param_spec_string ("outlet", NULL, NULL, NULL, flags);
  properties[PROP_CANONICAL] =
    g_param_spec_string ("canonical", NULL, NULL, NULL, flags);
  properties[PROP_PLACE] =
    g_param_spec_string ("place", NULL, NULL, NULL, flags);
  properties[PROP_DATE_TEXT] =
    g_param_spec_string ("date-text", NULL, NULL, NULL, flags);
  properties[PROP_WHEN] =
    g_param_spec_string ("when", NULL, NULL, NULL, flags);
  properties[PROP_URL] =
    g_param_spec_string ("url", NULL, NULL, NULL, flags);
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL, flags);
  properties[PROP_RELIABILITY] =
    g_param_spec_string ("reliability", NULL, NULL, NULL, flags);
  properties[PROP_CITATION_COUNT] =
    g_param_spec_int64 ("citation-count", NULL, NULL, G_MININT64, G_MAXINT64, 0, flags);
  properties[PROP_CLAIM_COUNT] =
    g_param_spec_int64 ("claim-count", NULL, NULL, G_MININT64, G_MAXINT64, 0, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
attest_source_init (AttestSource *self)
{
}

/**
 * attest_source_new:
 *
 * Returns: (transfer full): an empty source
 */
AttestSource *
attest_source_new (void)
{
  return g_object_new (ATTEST_TYPE_SOURCE, NULL);
}

/**
 * attest_source_dup_label:
 * @self: a source
 *
 * Returns: (transfer full): "Interfax, Moscow, December 1" — the attribution
 *   as an analyst writes it
 */
char *
attest_source_dup_label (AttestSource *self)
{
  GString *s;

  g_return_val_if_fail (ATTEST_IS_SOURCE (self), NULL);

  s = g_string_new (self->outlet ? self->outlet : (self->title ? self->title : "?"));
  if (self->place)
    g_string_append_printf (s, ", %s", self->place);
  if (self->date_text)
    g_string_append_printf (s, ", %s", self->date_text);
  return g_string_free (s, FALSE);
}
