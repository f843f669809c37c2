/* attest-category.c — see attest-category.h. */
#include "attest-category.h"

#include <string.h>

G_DEFINE_FINAL_TYPE (AttestCategory, attest_category, G_TYPE_OBJECT)

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
attest_category_class_init (AttestCategoryClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = attest_category_finalize;
}

static void
attest_category_init (AttestCategory *self)
{
  self->shortcut = -1;
}

AttestCategory *
attest_category_new (void)
{
  return g_object_new (ATTEST_TYPE_CATEGORY, NULL);
}

/* Keys become TEI xml:ids (an NCName), so keep them to lower-case ASCII
 * letters, digits and hyphens, starting with a letter. */
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
