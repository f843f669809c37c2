/* attest-category.c — see attest-category.h. */
#include "attest-category.h"

#include <string.h>

G_DEFINE_FINAL_TYPE (AttestCategory, attest_category, G_TYPE_OBJECT)

/* Read-only mirrors of the public fields, for list rows and bindings
 * (GtkExpression, g_object_bind_property). The objects are values read from
 * the store; an edit makes a new object, so no notify is emitted. */
enum {
  PROP_0,
  PROP_ID,
  PROP_KEY,
  PROP_LABEL,
  PROP_DESCRIPTION,
  PROP_COLOR,
  PROP_SHORTCUT,
  PROP_PARENT_KEY,
  PROP_RETIRED,
  PROP_VERSION,
  PROP_CLAIM_COUNT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
attest_category_finalize (GObject *object)
{
  AttestCategory *self = ATTEST_CATEGORY (object);

  g_free (self->key);
  g_free (self->label);
  g_free (self->description);
  g_free (self->color);
  g_free (self->parent_key);

  G_OBJECT_CLASS (attest_category_parent_class)->finalize (object);
}

static void
attest_category_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  AttestCategory *self = ATTEST_CATEGORY (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;

    case PROP_KEY:
      g_value_set_string (value, self->key);
      break;

    case PROP_LABEL:
      g_value_set_string (value, self->label);
      break;

    case PROP_DESCRIPTION:
      g_value_set_string (value, self->description);
      break;

    case PROP_COLOR:
      g_value_set_string (value, self->color);
      break;

    case PROP_SHORTCUT:
      g_value_set_int (value, self->shortcut);
      break;

    case PROP_PARENT_KEY:
      g_value_set_string (value, self->parent_key);
      break;

    case PROP_RETIRED:
      g_value_set_boolean (value, self->retired);
      break;

    case PROP_VERSION:
      g_value_set_int64 (value, self->version);
      break;

    case PROP_CLAIM_COUNT:
      g_value_set_int64 (value, self->claim_count);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
attest_category_class_init (AttestCategoryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = attest_category_finalize;
  object_class->get_property = attest_category_get_property;

  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL, G_MININT64, G_MAXINT64, 0, flags);
  properties[PROP_KEY] =
    g_param_spec_string ("key", NULL, NULL, NULL, flags);
  properties[PROP_LABEL] =
    g_param_spec_string ("label", NULL, NULL, NULL, flags);
  properties[PROP_DESCRIPTION] =
    g_param_spec_string ("description", NULL, NULL, NULL, flags);
  properties[PROP_COLOR] =
    g_param_spec_string ("color", NULL, NULL, NULL, flags);
  properties[PROP_SHORTCUT] =
    g_param_spec_int ("shortcut", NULL, NULL, -1, G_MAXINT, -1, flags);
  properties[PROP_PARENT_KEY] =
    g_param_spec_string ("parent-key", NULL, NULL, NULL, flags);
  properties[PROP_RETIRED] =
    g_param_spec_boolean ("retired", NULL, NULL, FALSE, flags);
  properties[PROP_VERSION] =
    g_param_spec_int64 ("version", NULL, NULL, G_MININT64, G_MAXINT64, 0, flags);
  properties[PROP_CLAIM_COUNT] =
    g_param_spec_int64 ("claim-count", NULL, NULL, G_MININT64, G_MAXINT64, 0, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
attest_category_init (AttestCategory *self)
{
  self->shortcut = -1;
}

/**
 * attest_category_new:
 *
 * Returns: (transfer full): an empty category, with no shortcut
 */
AttestCategory *
attest_category_new (void)
{
  return g_object_new (ATTEST_TYPE_CATEGORY, NULL);
}

/**
 * attest_category_key_is_valid:
 * @key: (nullable): a category key
 *
 * Keys become TEI xml:ids (an NCName), so they are kept to lower-case ASCII
 * letters, digits and hyphens, starting with a letter.
 *
 * Returns: %TRUE if @key is usable
 */
gboolean
attest_category_key_is_valid (const char *key)
{
  if (key == NULL || !g_ascii_islower (key[0]) || strlen (key) > 64)
    return FALSE;

  for (const char *p = key; *p; p++)
    if (!g_ascii_islower (*p) && !g_ascii_isdigit (*p) && *p != '-')
      return FALSE;

  return TRUE;
}

/**
 * attest_category_color_is_valid:
 * @color: (nullable): a colour
 *
 * Returns: %TRUE for "#rrggbb"
 */
gboolean
attest_category_color_is_valid (const char *color)
{
  if (color == NULL || color[0] != '#' || strlen (color) != 7)
    return FALSE;

  for (int i = 1; i < 7; i++)
    if (!g_ascii_isxdigit (color[i]))
      return FALSE;

  return TRUE;
}

AttestCategory *
attest_category_find (GPtrArray  *categories,
                      const char *key)
{
  for (guint i = 0; key != NULL && i < categories->len; i++)
    {
      AttestCategory *c = g_ptr_array_index (categories, i);

      if (g_strcmp0 (c->key, key) == 0)
        return c;
    }
  return NULL;
}
