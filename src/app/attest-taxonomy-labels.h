/* attest-taxonomy-labels.h — the default category labels, untranslated, as
 * marked for xgettext in attest-taxonomy-labels.c. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

const char *const *attest_taxonomy_default_labels (guint *n_labels);

G_END_DECLS
