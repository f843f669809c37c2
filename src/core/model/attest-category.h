/* attest-category.h — a claim category of the taxonomy. The key is a stable,
 * XML-safe slug (reused as the TEI xml:id); the label may be renamed.
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define ATTEST_TYPE_CATEGORY (attest_category_get_type ())
G_DECLARE_FINAL_TYPE (AttestCategory, attest_category, ATTEST, CATEGORY, GObject)

struct _AttestCategory
{
  GObject parent_instance;

  gint64    id;
  char     *key;          /* "troop-deployment" */
  char     *label;        /* "Troop deployment" */
  char     *description;
  char     *color;        /* "#rrggbb" */
  int       shortcut;     /* 0–9, or -1 for none */
  char     *parent_key;   /* NULL for a top-level category */
  gboolean  retired;      /* hidden from pickers, kept for old claims */
  gint64    version;
  gint64    claim_count;  /* filled in by listings */
};

AttestCategory *attest_category_new        (void);
gboolean        attest_category_key_is_valid (const char *key);
gboolean        attest_category_color_is_valid (const char *color);
/* The category of @categories whose key is @key, or NULL. */
AttestCategory *attest_category_find         (GPtrArray  *categories,
                                              const char *key);

G_END_DECLS
