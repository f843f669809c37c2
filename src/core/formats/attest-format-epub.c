/* attest-format-epub.c — e-books (.epub, EPUB 2 and 3).
 *
 * META-INF/container.xml names the package document (OPF); its metadata
 * gives title, creator, date and publisher, its spine the chapters in
 * reading order (items marked linear="no" and the navigation document are
 * not the text). Every path comes from the book itself, so each goes
 * through attest_zip_resolve(): one that leaves the container refuses the
 * book. A book whose chapters META-INF/encryption.xml lists (DRM) is refused;
 * obfuscated fonts are no matter. Chapters are XHTML, read by the web page
 * reader without extraction (attest_format_html_add_chapter()).
 */
#include "attest-format.h"

#include <glib/gi18n-lib.h>
#include "attest-error.h"
#include "attest-xml-stream.h"
#include "attest-zip.h"

#include <string.h>

/* The path of the package document, from META-INF/container.xml. */
static char *
find_package (AttestZip   *zip,
              const char  *name,
              GError     **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(AttestXmlStream) stream = NULL;
  g_autofree char *what = g_strdup_printf ("“%s” (META-INF/container.xml)", name);
  GError *local_error = NULL;

  if (!attest_zip_has (zip, "META-INF/container.xml"))
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_FORMAT,
                   _("“%s” is not an EPUB book: it has no META-INF/container.xml"), name);
      return NULL;
    }
  if (!(bytes = attest_zip_read (zip, "META-INF/container.xml", error)))
    return NULL;

  stream = attest_xml_stream_new (bytes, what);
  while (attest_xml_stream_next (stream, &local_error))
    if (attest_xml_stream_is_start (stream, "rootfile"))
      {
        g_autofree char *path = attest_xml_stream_dup_attribute (stream, "full-path");

        if (path != NULL)
          return attest_zip_resolve (zip, "", path, error);
      }

  if (local_error != NULL)
    g_propagate_error (error, local_error);
  else
    g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_FORMAT,
                 _("“%s” names no package document in META-INF/container.xml"), name);
  return NULL;
}

/* The parts META-INF/encryption.xml says are encrypted (DRM), except
 * fonts, which books obfuscate without hiding any text. */
static GHashTable *
encrypted_parts (AttestZip   *zip,
                 const char  *name,
                 GError     **error)
{
  g_autoptr(GHashTable) parts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(AttestXmlStream) stream = NULL;
  g_autofree char *what = g_strdup_printf ("“%s” (META-INF/encryption.xml)", name);
  GError *local_error = NULL;

  if (!attest_zip_has (zip, "META-INF/encryption.xml"))
    return g_steal_pointer (&parts);
  if (!(bytes = attest_zip_read (zip, "META-INF/encryption.xml", error)))
    return NULL;
  stream = attest_xml_stream_new (bytes, what);
  while (attest_xml_stream_next (stream, &local_error))
    if (attest_xml_stream_is_start (stream, "CipherReference"))
      {
        g_autofree char *uri = attest_xml_stream_dup_attribute (stream, "URI");
        g_autofree char *path = uri != NULL ? attest_zip_resolve (zip, "", uri, NULL) : NULL;

        if (path != NULL)
          g_hash_table_add (parts, g_steal_pointer (&path));
      }
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return NULL;
    }
  return g_steal_pointer (&parts);
}

typedef struct {
  char *href;
  char *type;
  char *properties;
} Item;

static void
item_free (Item *item)
{
  g_free (item->href);
  g_free (item->type);
  g_free (item->properties);
  g_free (item);
}

static gboolean
is_chapter (const Item *item)
{
  return item->type != NULL &&
         (strcmp (item->type, "application/xhtml+xml") == 0 ||
          strcmp (item->type, "text/html") == 0) &&
         (item->properties == NULL || strstr (item->properties, "nav") == NULL);
}

/**
 * attest_format_epub_read:
 * @bytes: the content
 * @name: the file's name, for messages
 * @result: the result, filled in
 * @error: return location for a #GError, or %NULL
 *
 * Reads a EPUB's text. Errors are ATTEST_ERROR (FORMAT, EMPTY, TOO_LARGE).
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */
gboolean
attest_format_epub_read (GBytes              *bytes,
                         const char          *name,
                         AttestFormatResult  *result,
                         GError             **error)
{
  g_autoptr(AttestZip) zip = NULL;
  g_autoptr(GBytes) package = NULL;
  g_autoptr(AttestXmlStream) stream = NULL;
  g_autoptr(GHashTable) items = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                       (GDestroyNotify) item_free);
  g_autoptr(GPtrArray) spine = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) encrypted = NULL;
  g_autofree char *opf = NULL;
  g_autofree char *base = NULL;
  g_autofree char *what = NULL;
  GError *local_error = NULL;
  char **fields[] = { &result->title, &result->author, &result->date, &result->publication };
  const char *keys[] = { "title", "creator", "date", "publisher" };
  const char *slash;

  if (!(zip = attest_zip_open (bytes, name, error)) ||
      !(encrypted = encrypted_parts (zip, name, error)) ||
      !(opf = find_package (zip, name, error)) ||
      !(package = attest_zip_read (zip, opf, error)))
    return FALSE;

  slash = strrchr (opf, '/');
  base = slash != NULL ? g_strndup (opf, slash - opf + 1) : g_strdup ("");
  what = g_strdup_printf ("“%s” (%s)", name, opf);

  stream = attest_xml_stream_new (package, what);
  while (attest_xml_stream_next (stream, &local_error))
    {
      const char *local;

      if (xmlTextReaderNodeType (attest_xml_stream_reader (stream)) != XML_READER_TYPE_ELEMENT)
        continue;
      local = (const char *) xmlTextReaderConstLocalName (attest_xml_stream_reader (stream));

      if (strcmp (local, "item") == 0)
        {
          g_autofree char *id = attest_xml_stream_dup_attribute (stream, "id");
          Item *item = g_new0 (Item, 1);

          item->href = attest_xml_stream_dup_attribute (stream, "href");
          item->type = attest_xml_stream_dup_attribute (stream, "media-type");
          item->properties = attest_xml_stream_dup_attribute (stream, "properties");
          if (id != NULL && item->href != NULL)
            g_hash_table_replace (items, g_steal_pointer (&id), item);
          else
            item_free (item);
        }
      else if (strcmp (local, "itemref") == 0)
        {
          g_autofree char *idref = attest_xml_stream_dup_attribute (stream, "idref");
          g_autofree char *linear = attest_xml_stream_dup_attribute (stream, "linear");

          if (idref != NULL && (linear == NULL || strcmp (linear, "no") != 0))
            g_ptr_array_add (spine, g_steal_pointer (&idref));
        }
      else
        for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
          if (strcmp (local, keys[i]) == 0 && *fields[i] == NULL)
            {
              *fields[i] = attest_xml_stream_dup_text (stream, &local_error);
              break;
            }
      if (local_error != NULL)
        break;
    }
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }

  for (guint i = 0; i < spine->len; i++)
    {
      Item *item = g_hash_table_lookup (items, g_ptr_array_index (spine, i));
      g_autofree char *path = NULL;
      g_autoptr(GBytes) chapter = NULL;
      gsize len;
      const char *data;

      if (item == NULL || !is_chapter (item))
        continue;
      if (!(path = attest_zip_resolve (zip, base, item->href, error)))
        return FALSE;
      if (g_hash_table_contains (encrypted, path))
        {
          g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_FORMAT,
                       _("“%s” is protected by DRM (its chapter %s is encrypted); Attest cannot read it"),
                       name, path);
          return FALSE;
        }
      if (!(chapter = attest_zip_read (zip, path, error)))
        return FALSE;
      data = g_bytes_get_data (chapter, &len);
      if (!attest_format_html_add_chapter (data, len, name, path, result, error) ||
          attest_format_result_too_large (result, name, error))
        return FALSE;
    }

  if (result->paragraphs->len > 0 && result->title != NULL &&
      strcmp (g_ptr_array_index (result->paragraphs, 0), result->title) == 0)
    result->heading = g_strdup (result->title);

  return TRUE;
}
