/* attest-zip.c — see attest-zip.h. */
#include "config.h"

#include "attest-zip.h"
#include "attest-error.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include <archive.h>
#include <archive_entry.h>

/* More parts than any document has; past it the container is refused
 * before its directory is held in memory. */
#define MAX_PARTS 65536

struct _AttestZip
{
  GBytes     *bytes;
  char       *name;
  GHashTable *parts;      /* part name → GINT_TO_POINTER (index + 1) */
  gsize       read_total; /* bytes expanded so far, for the total budget */
};

static struct archive *
open_archive (AttestZip  *zip,
              GError    **error)
{
  struct archive *a = archive_read_new ();
  gsize len;
  const void *data = g_bytes_get_data (zip->bytes, &len);

  /* From the central directory, as other readers (Word, QualCoder,
   * Python's zipfile) read a container: a file cut short, or local
   * headers that say other than the directory, are refused instead of
   * read differently. */
  archive_read_support_format_zip_seekable (a);
  if (archive_read_open_memory (a, data, len) != ARCHIVE_OK)
    {
      if (len >= 4 && memcmp (data, "PK\003\004", 4) == 0)
        g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_FORMAT,
                     /* TRANSLATORS: %s is a file's name */
                     _("“%s” is damaged or cut short: its table of contents cannot be read"), zip->name);
      else
        g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_FORMAT,
                     /* TRANSLATORS: a file's name, and what the ZIP library says of it (English) */
                     _("“%s” is not a ZIP container Attest can read (%s)"),
                     zip->name, archive_error_string (a) ? archive_error_string (a) : _("unknown format"));
      archive_read_free (a);
      return NULL;
    }
  return a;
}

static void
set_damaged (GError        **error,
             AttestZip      *zip,
             struct archive *a)
{
  const char *why = archive_error_string (a);

  g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_FORMAT,
               /* TRANSLATORS: a file's name, and what the ZIP library says is wrong (English) */
               _("“%s” is damaged: %s"), zip->name, why != NULL ? why : _("its contents cannot be read"));
}

/**
 * attest_zip_open:
 * @bytes: the content
 * @name: the file's name, for messages
 * @error: return location for a #GError, or %NULL
 *
 * Opens a ZIP container in memory. Errors are ATTEST_ERROR_FORMAT (not a
 * ZIP, damaged, encrypted).
 *
 * Returns: (transfer full) (nullable): the container, or %NULL with @error
 *   set
 */
AttestZip *
attest_zip_open (GBytes      *bytes,
                 const char  *name,
                 GError     **error)
{
  g_autoptr(GHashTable) parts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  struct archive_entry *entry;
  struct archive *a;
  AttestZip *zip;
  int r;

  zip = g_new0 (AttestZip, 1);
  zip->bytes = g_bytes_ref (bytes);
  zip->name = g_strdup (name);

  if (!(a = open_archive (zip, error)))
    {
      attest_zip_free (zip);
      return NULL;
    }

  while ((r = archive_read_next_header (a, &entry)) == ARCHIVE_OK || r == ARCHIVE_WARN)
    {
      const char *path = archive_entry_pathname_utf8 (entry);

      if (path == NULL)
        path = archive_entry_pathname (entry);
      if (g_hash_table_size (parts) >= MAX_PARTS)
        {
          g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_TOO_LARGE,
                       /* TRANSLATORS: a file's name and a number of parts (files inside it) */
                       _("“%s” holds more than %d parts; it is refused"), name, MAX_PARTS);
          goto fail;
        }
      /* Readers disagree on which of two parts with one name counts (the
       * first, the last): a container with two is refused, not guessed. */
      if (path != NULL && g_hash_table_contains (parts, path))
        {
          g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_FORMAT,
                       /* TRANSLATORS: a file's name and the name of a part (a file inside it) */
                       _("“%s” holds two parts named “%s”; it is refused"), name, path);
          goto fail;
        }
      if (path != NULL)
        g_hash_table_insert (parts, g_strdup (path),
                             GUINT_TO_POINTER (g_hash_table_size (parts) + 1));
      archive_read_data_skip (a);
    }

  if (r != ARCHIVE_EOF)
    {
      set_damaged (error, zip, a);
      goto fail;
    }
  if (g_hash_table_size (parts) == 0)
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_FORMAT,
                   _("“%s” is not a ZIP container Attest can read (it holds nothing)"), name);
      goto fail;
    }

  archive_read_free (a);
  zip->parts = g_steal_pointer (&parts);
  return zip;

fail:
  archive_read_free (a);
  attest_zip_free (zip);
  return NULL;
}

/**
 * attest_zip_free:
 * @zip: (nullable): an #AttestZip
 */
void
attest_zip_free (AttestZip *zip)
{
  if (zip == NULL)
    return;
  g_bytes_unref (zip->bytes);
  g_free (zip->name);
  g_clear_pointer (&zip->parts, g_hash_table_unref);
  g_free (zip);
}

/**
 * attest_zip_has:
 * @zip: an #AttestZip
 * @path: a part name
 *
 * Returns: whether the container holds @path
 */
gboolean
attest_zip_has (AttestZip  *zip,
                const char *path)
{
  return g_hash_table_contains (zip->parts, path);
}

static void
set_too_large (GError    **error,
               AttestZip  *zip,
               const char *path)
{
  g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_TOO_LARGE,
               /* TRANSLATORS: a file's name, a size in megabytes, and the part (a file inside it)
                * that expands past it */
               _("“%s” expands to more than %d MB (%s); it is refused as a possible zip bomb"),
               zip->name, ATTEST_ZIP_MAX_PART / (1024 * 1024), path);
}

/**
 * attest_zip_read:
 * @zip: an #AttestZip
 * @path: a part name
 * @error: return location for a #GError, or %NULL
 *
 * Errors are ATTEST_ERROR_FORMAT when @path is missing or damaged,
 * ATTEST_ERROR_TOO_LARGE past the limits of attest-zip.h.
 *
 * Returns: (transfer full) (nullable): the contents of @path, or %NULL with
 *   @error set
 */
GBytes *
attest_zip_read (AttestZip   *zip,
                 const char  *path,
                 GError     **error)
{
  g_autoptr(GByteArray) data = NULL;
  struct archive_entry *entry;
  struct archive *a;
  int r;

  if (!attest_zip_has (zip, path))
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_FORMAT,
                   /* TRANSLATORS: a file's name and the name of a part (a file inside it) */
                   _("“%s” lacks its part “%s”"), zip->name, path);
      return NULL;
    }

  if (!(a = open_archive (zip, error)))
    return NULL;

  while ((r = archive_read_next_header (a, &entry)) == ARCHIVE_OK || r == ARCHIVE_WARN)
    {
      const char *p = archive_entry_pathname_utf8 (entry);

      if (p == NULL)
        p = archive_entry_pathname (entry);
      if (p != NULL && strcmp (p, path) == 0)
        break;
      archive_read_data_skip (a);
    }
  if (r != ARCHIVE_OK && r != ARCHIVE_WARN)
    {
      set_damaged (error, zip, a);
      archive_read_free (a);
      return NULL;
    }
  /* A link or a folder is not a part: its target would be outside. */
  if (archive_entry_filetype (entry) != AE_IFREG)
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_FORMAT,
                   _("“%s” holds “%s” as a link or folder, not a file; it is refused"), zip->name, path);
      archive_read_free (a);
      return NULL;
    }
  if (archive_entry_is_encrypted (entry))
    {
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_FORMAT,
                   _("“%s” is encrypted; Attest cannot read it"), zip->name);
      archive_read_free (a);
      return NULL;
    }

  data = g_byte_array_new ();
  for (;;)
    {
      guint8 buffer[65536];
      la_ssize_t n = archive_read_data (a, buffer, sizeof buffer);

      if (n == 0)
        break;
      if (n < 0)
        {
          set_damaged (error, zip, a);
          archive_read_free (a);
          return NULL;
        }
      /* The budget is checked before keeping the bytes, so a bomb costs at
       * most one buffer more than the limit. */
      if (data->len + (gsize) n > ATTEST_ZIP_MAX_PART ||
          zip->read_total + data->len + (gsize) n > ATTEST_ZIP_MAX_TOTAL)
        {
          set_too_large (error, zip, path);
          archive_read_free (a);
          return NULL;
        }
      g_byte_array_append (data, buffer, n);
    }

  archive_read_free (a);
  zip->read_total += data->len;
  return g_byte_array_free_to_bytes (g_steal_pointer (&data));
}

/**
 * attest_zip_resolve:
 * @zip: an #AttestZip
 * @base: a folder, ending in '/', or ""
 * @href: a reference, URL-encoded, relative to @base
 * @error: return location for a #GError, or %NULL
 *
 * @href as a part name; ATTEST_ERROR_FORMAT when it is absolute, has a
 * scheme or climbs out of the container with "..". The fragment is dropped.
 *
 * Returns: (transfer full) (nullable): the part name, or %NULL with @error
 *   set
 */
char *
attest_zip_resolve (AttestZip   *zip,
                    const char  *base,
                    const char  *href,
                    GError     **error)
{
  g_autofree char *plain = NULL;
  g_autofree char *joined = NULL;
  g_auto(GStrv) segments = NULL;
  g_autoptr(GPtrArray) kept = g_ptr_array_new ();
  const char *hash;

  hash = strchr (href, '#');
  {
    g_autofree char *nofrag = g_strndup (href, hash != NULL ? (gsize) (hash - href) : strlen (href));

    plain = g_uri_unescape_string (nofrag, NULL);
  }

  if (plain == NULL || *plain == '\0' || plain[0] == '/' || plain[0] == '\\' ||
      g_uri_peek_scheme (plain) != NULL || strchr (plain, '\\') != NULL)
    goto escape;

  joined = g_strconcat (base != NULL ? base : "", plain, NULL);
  segments = g_strsplit (joined, "/", -1);
  for (guint i = 0; segments[i] != NULL; i++)
    {
      if (segments[i][0] == '\0' || strcmp (segments[i], ".") == 0)
        continue;
      if (strcmp (segments[i], "..") == 0)
        {
          /* Climbing above the container's root is refused, never clamped. */
          if (kept->len == 0)
            goto escape;
          g_ptr_array_remove_index (kept, kept->len - 1);
          continue;
        }
      g_ptr_array_add (kept, segments[i]);
    }
  if (kept->len == 0)
    goto escape;

  g_ptr_array_add (kept, NULL);
  return g_strjoinv ("/", (char **) kept->pdata);

escape:
  g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_FORMAT,
               /* TRANSLATORS: a file's name and a reference in it to a place outside it */
               _("“%s” points outside itself (“%s”); it is refused"), zip->name, href);
  return NULL;
}
