/* attest-taxonomy-labels.c — the labels of data/default-taxonomy.json, for
 * xgettext.
 *
 * The default categories are read from JSON at run time and their labels are
 * shown through g_dgettext (GETTEXT_PACKAGE, label) (see attest-inspector.c,
 * attest-analysis-window.c, attest-export-dialog.c). xgettext does not scan
 * JSON, so this file repeats the labels, marked with N_(), so that they reach
 * po/attest.pot and the translations. Keep it in step with the JSON: the
 * "po" test checks that every label there appears here. */
#include "config.h"

#include <glib/gi18n.h>

#include "attest-taxonomy-labels.h"

static const char *const default_taxonomy_labels[] = {
  /* Translators: a claim category: armed forces sent, stationed or withdrawn. */
  N_("Troop deployment"),
  N_("Military base and basing rights"),
  N_("Military exercise"),
  N_("Arms and military-technical cooperation"),
  /* Translators: a claim category: training of personnel by another state. */
  N_("Training"),
  N_("Debt and financial deal"),
  N_("Security assistance"),
  N_("Drug-control agency and counter-narcotics"),
  N_("Border security"),
  N_("Terrorism and extremism"),
  N_("Agreement or meeting"),
  N_("Organisation membership"),
  N_("Statement or position"),
};

const char *const *
attest_taxonomy_default_labels (guint *n_labels)
{
  if (n_labels)
    *n_labels = G_N_ELEMENTS (default_taxonomy_labels);
  return default_taxonomy_labels;
}
