/* attest-source.c — see attest-source.h. */
#include "attest-source.h"

G_DEFINE_FINAL_TYPE (AttestSource, attest_source, G_TYPE_OBJECT)

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
attest_source_class_init (AttestSourceClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = attest_source_finalize;
}

static void
attest_source_init (AttestSource *self)
{
}

AttestSource *
attest_source_new (void)
{
  return g_object_new (ATTEST_TYPE_SOURCE, NULL);
}

/* "Interfax, Moscow, December 1" — the attribution as an analyst writes it. */
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
