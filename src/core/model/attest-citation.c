/* attest-citation.c — see attest-citation.h. */
#include "attest-citation.h"

G_DEFINE_FINAL_TYPE (AttestCitation, attest_citation, G_TYPE_OBJECT)

static void
attest_citation_finalize (GObject *object)
{
  AttestCitation *self = ATTEST_CITATION (object);

  g_free (self->uuid);
  g_free (self->document_uuid);
  g_free (self->text);
  g_clear_object (&self->source);

  G_OBJECT_CLASS (attest_citation_parent_class)->finalize (object);
}

static void
attest_citation_class_init (AttestCitationClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = attest_citation_finalize;
}

static void
attest_citation_init (AttestCitation *self)
{
}

/**
 * attest_citation_new:
 *
 * Returns: (transfer full): a new #AttestCitation
 */
AttestCitation *
attest_citation_new (void)
{
  return g_object_new (ATTEST_TYPE_CITATION, NULL);
}

static const char *kind_names[] = {
  [ATTEST_CITATION_PARENTHESIS] = "parenthesis",
  [ATTEST_CITATION_DATELINE] = "dateline",
  [ATTEST_CITATION_REPORTING] = "reporting",
  [ATTEST_CITATION_SOURCE_LINE] = "source-line",
  [ATTEST_CITATION_MARKED] = "marked",
};

/**
 * attest_citation_kind_to_string:
 * @kind: an #AttestCitationKind
 *
 * Returns: (transfer none): "parenthesis", "dateline", "reporting",
 *   "source-line" or "marked"
 */
const char *
attest_citation_kind_to_string (AttestCitationKind kind)
{
  g_return_val_if_fail ((guint) kind < G_N_ELEMENTS (kind_names), NULL);
  return kind_names[kind];
}

/**
 * attest_citation_kind_from_string:
 * @text: (nullable): a kind's name
 * @kind: (out): return location for the kind
 *
 * Returns: %FALSE when @text names no kind
 */
gboolean
attest_citation_kind_from_string (const char         *text,
                                  AttestCitationKind *kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (kind_names); i++)
    if (g_strcmp0 (text, kind_names[i]) == 0)
      {
        *kind = i;
        return TRUE;
      }
  return FALSE;
}
