/* attest-document.c — see attest-document.h. */
#include "attest-document.h"
#include "attest-error.h"

#include <string.h>

G_DEFINE_FINAL_TYPE (AttestDocument, attest_document, G_TYPE_OBJECT)

static void
attest_document_finalize (GObject *object)
{
  AttestDocument *self = ATTEST_DOCUMENT (object);

  g_free (self->uuid);
  g_free (self->sha256);
  g_free (self->title);
  g_free (self->publication);
  g_free (self->volume);
  g_free (self->issue);
  g_free (self->author);
  g_free (self->date);
  g_free (self->origin);
  g_free (self->format);
  g_free (self->encoding);
  g_free (self->text);
  g_free (self->imported);

  G_OBJECT_CLASS (attest_document_parent_class)->finalize (object);
}

static void
attest_document_class_init (AttestDocumentClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = attest_document_finalize;
}

static void
attest_document_init (AttestDocument *self)
{
}

AttestDocument *
attest_document_new (void)
{
  return g_object_new (ATTEST_TYPE_DOCUMENT, NULL);
}

/* Sets the text and what derives from it: its length and its SHA-256. */
void
attest_document_set_text (AttestDocument *self,
                          const char     *text)
{
  g_return_if_fail (ATTEST_IS_DOCUMENT (self));
  g_return_if_fail (text != NULL);

  g_free (self->text);
  g_free (self->sha256);
  self->text = g_strdup (text);
  self->length = g_utf8_strlen (text, -1);
  self->sha256 = g_compute_checksum_for_string (G_CHECKSUM_SHA256, text, -1);
}

gboolean
attest_document_check_range (AttestDocument *self,
                             gint64          start,
                             gint64          end,
                             GError        **error)
{
  if (start < 0 || end > self->length || start >= end)
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID,
                   "Range %" G_GINT64_FORMAT ":%" G_GINT64_FORMAT
                   " is outside the text (0:%" G_GINT64_FORMAT ") or empty",
                   start, end, self->length);
      return FALSE;
    }
  return TRUE;
}

char *
attest_document_dup_range (AttestDocument *self,
                           gint64          start,
                           gint64          end)
{
  g_return_val_if_fail (ATTEST_IS_DOCUMENT (self), NULL);
  g_return_val_if_fail (self->text != NULL, NULL);
  g_return_val_if_fail (0 <= start && start <= end && end <= self->length, NULL);

  return g_utf8_substring (self->text, start, end);
}

/* Character offset of the first @quote at or after character @from, or -1. */
gint64
attest_document_find (AttestDocument *self,
                      const char     *quote,
                      gint64          from)
{
  const char *begin;
  const char *hit;

  g_return_val_if_fail (ATTEST_IS_DOCUMENT (self), -1);

  if (quote == NULL || *quote == '\0' || from < 0 || from > self->length)
    return -1;

  begin = g_utf8_offset_to_pointer (self->text, from);
  hit = strstr (begin, quote);
  if (hit == NULL)
    return -1;

  return from + g_utf8_pointer_to_offset (begin, hit);
}
