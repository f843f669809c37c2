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

AttestCitation *
attest_citation_new (void)
{
  return g_object_new (ATTEST_TYPE_CITATION, NULL);
}
