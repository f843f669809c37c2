/* attest-exchange.c — see attest-exchange.h.
 *
 * What it owns: telling an annotation set from an article, by name first
 * (.ann, .jsonld, .qdpx) and, for .json, by the keys its first bytes
 * hold; each format's own reader then checks the file in full.
 */
#include "config.h"

#include "attest-exchange.h"
#include "attest-rules.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "attest-error.h"
#include "attest-format-brat.h"
#include "attest-format-refi-qda.h"
#include "attest-format-uima.h"
#include "attest-format-web-annotation.h"

/* Enough for the opening keys of a CAS or an annotation. */
#define SNIFF_BYTES 4096

static AttestExchangeFormat
sniff_json (GFile        *file,
            GCancellable *cancellable)
{
  g_autoptr(GFileInputStream) in = g_file_read (file, cancellable, NULL);
  char head[SNIFF_BYTES + 1];
  gsize n = 0;

  if (in == NULL ||
      !g_input_stream_read_all (G_INPUT_STREAM (in), head, SNIFF_BYTES, &n, cancellable, NULL))
    return ATTEST_EXCHANGE_NONE;
  head[n] = '\0';
  if (strstr (head, "\"%TYPES\"") || strstr (head, "\"%FEATURE_STRUCTURES\"") || strstr (head, "\"%VIEWS\""))
    return ATTEST_EXCHANGE_UIMA_JSON;
  if (strstr (head, "\"@context\"") || strstr (head, "\"Annotation\""))
    return ATTEST_EXCHANGE_WEB_ANNOTATION;
  return ATTEST_EXCHANGE_NONE;
}

/* A folder of brat pairs, or of CAS files: what its names say. */
static AttestExchangeFormat
sniff_folder (GFile        *folder,
              GCancellable *cancellable)
{
  g_autoptr(GFileEnumerator) children = NULL;
  g_autoptr(GFile) json = NULL;

  children = g_file_enumerate_children (folder, G_FILE_ATTRIBUTE_STANDARD_NAME, G_FILE_QUERY_INFO_NONE,
                                        cancellable, NULL);
  if (children == NULL)
    return ATTEST_EXCHANGE_NONE;
  for (;;)
    {
      GFileInfo *info = NULL;
      const char *name;

      if (!g_file_enumerator_iterate (children, &info, NULL, cancellable, NULL) || info == NULL)
        break;
      name = g_file_info_get_name (info);
      if (g_str_has_suffix (name, ".ann"))
        return ATTEST_EXCHANGE_BRAT;
      if (json == NULL && g_str_has_suffix (name, ".json"))
        json = g_file_get_child (folder, name);
    }
  if (json != NULL && sniff_json (json, cancellable) == ATTEST_EXCHANGE_UIMA_JSON)
    return ATTEST_EXCHANGE_UIMA_JSON;
  return ATTEST_EXCHANGE_NONE;
}

/**
 * attest_exchange_detect:
 * @file: a file or folder
 * @cancellable: (nullable): a #GCancellable
 *
 * Returns: the annotation format @file is in, or %ATTEST_EXCHANGE_NONE
 *   for an article (and for what cannot be read: the article import
 *   then says why)
 */
AttestExchangeFormat
attest_exchange_detect (GFile        *file,
                        GCancellable *cancellable)
{
  g_autofree char *base = g_file_get_basename (file);
  g_autofree char *lower = base ? g_ascii_strdown (base, -1) : NULL;
  GFileType type;

  g_return_val_if_fail (G_IS_FILE (file), ATTEST_EXCHANGE_NONE);

  type = g_file_query_file_type (file, G_FILE_QUERY_INFO_NONE, cancellable);
  if (type == G_FILE_TYPE_DIRECTORY)
    return sniff_folder (file, cancellable);
  if (lower == NULL)
    return ATTEST_EXCHANGE_NONE;
  if (g_str_has_suffix (lower, ".ann"))
    return ATTEST_EXCHANGE_BRAT;
  if (g_str_has_suffix (lower, ".qdpx"))
    return ATTEST_EXCHANGE_REFI_QDA;
  if (g_str_has_suffix (lower, ".jsonld"))
    return ATTEST_EXCHANGE_WEB_ANNOTATION;
  if (g_str_has_suffix (lower, ".json") && type == G_FILE_TYPE_REGULAR)
    return sniff_json (file, cancellable);
  return ATTEST_EXCHANGE_NONE;
}

/**
 * attest_exchange_format_name:
 * @format: a format
 *
 * Returns: its name as a user knows it, translated
 */
const char *
attest_exchange_format_name (AttestExchangeFormat format)
{
  switch (format)
    {
    case ATTEST_EXCHANGE_BRAT:
      return _("brat standoff");
    case ATTEST_EXCHANGE_WEB_ANNOTATION:
      return _("Web Annotation");
    case ATTEST_EXCHANGE_UIMA_JSON:
      return _("UIMA CAS JSON");
    case ATTEST_EXCHANGE_REFI_QDA:
      return _("REFI-QDA project");
    case ATTEST_EXCHANGE_NONE:
    default:
      return _("article");
    }
}

/**
 * attest_exchange_format_id:
 * @format: a format
 *
 * Returns: its name on the command line (attest-cli export FORMAT), or
 *   "article"
 */
const char *
attest_exchange_format_id (AttestExchangeFormat format)
{
  switch (format)
    {
    case ATTEST_EXCHANGE_BRAT:
      return "brat";
    case ATTEST_EXCHANGE_WEB_ANNOTATION:
      return "web-annotation";
    case ATTEST_EXCHANGE_UIMA_JSON:
      return "uima-json";
    case ATTEST_EXCHANGE_REFI_QDA:
      return "refi-qda";
    case ATTEST_EXCHANGE_NONE:
    default:
      return "article";
    }
}

static gint
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/**
 * attest_exchange_list_files:
 * @path: a folder, or one file
 * @suffix: the files a folder is read for (".ann", ".json")
 * @what_it_reads: for a file of another name, what the import reads
 *   instead ("a brat import reads a folder or an .ann file")
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError, or %NULL
 *
 * What a folder import reads: @path itself when it is a file ending in
 * @suffix, or the files of the folder that do, by name (as brat and
 * INCEpTION list them), so that an import does not hang on the order the
 * file system gives.
 *
 * Returns: (transfer full) (element-type GFile): the files, at least one,
 *   or %NULL with @error set
 */
GPtrArray *
attest_exchange_list_files (GFile        *path,
                            const char   *suffix,
                            const char   *what_it_reads,
                            GCancellable *cancellable,
                            GError      **error)
{
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GFileEnumerator) children = NULL;
  g_autofree char *shown = g_file_get_parse_name (path);
  GFileType type = g_file_query_file_type (path, G_FILE_QUERY_INFO_NONE, cancellable);

  if (type == G_FILE_TYPE_REGULAR)
    {
      g_autofree char *base = g_file_get_basename (path);

      if (!g_str_has_suffix (base, suffix))
        {
          g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_FORMAT, "%s: %s", shown, what_it_reads);
          return NULL;
        }
      g_ptr_array_add (files, g_object_ref (path));
      return g_steal_pointer (&files);
    }
  /* What the user named is bad input (a typo, a pipe, a device), not a
   * row the database lacks. */
  if (type == G_FILE_TYPE_UNKNOWN)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("%s: no such folder or file"), shown);
      return NULL;
    }
  if (type != G_FILE_TYPE_DIRECTORY)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE, _("%s: not a folder or a file"), shown);
      return NULL;
    }

  if (!(children = g_file_enumerate_children (path, G_FILE_ATTRIBUTE_STANDARD_NAME, G_FILE_QUERY_INFO_NONE,
                                              cancellable, error)))
    return NULL;
  for (;;)
    {
      GFileInfo *info = NULL;

      if (!g_file_enumerator_iterate (children, &info, NULL, cancellable, error))
        return NULL;
      if (info == NULL)
        break;
      if (g_str_has_suffix (g_file_info_get_name (info), suffix))
        g_ptr_array_add (names, g_strdup (g_file_info_get_name (info)));
    }
  if (names->len == 0)
    {
      /* TRANSLATORS: a folder, then a file name ending such as ".ann" */
      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_FORMAT, _("%s: no %s file in the folder"), shown, suffix);
      return NULL;
    }
  g_ptr_array_sort (names, compare_names);
  for (guint i = 0; i < names->len; i++)
    g_ptr_array_add (files, g_file_get_child (path, g_ptr_array_index (names, i)));
  return g_steal_pointer (&files);
}

/* @name as people read it: UTF-8 (a name in another encoding shown as
 * GLib shows it), on one line (a control character or line separator, an
 * escape sequence in a terminal, becomes U+FFFD), "/" after a folder. */
static char *
shown_name (const char *name,
            gboolean    folder)
{
  g_autofree char *display = g_filename_display_name (name);
  GString *out = g_string_new (NULL);

  for (const char *p = display; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      g_string_append_unichar (out, attest_rules_is_line_char (c) ? c : 0xFFFD);
    }
  if (folder)
    g_string_append_c (out, '/');
  return g_string_free (out, FALSE);
}

/**
 * attest_exchange_list_left_out:
 * @path: what a brat or UIMA CAS JSON import read: a folder, or one file
 * @format: its format
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError, or %NULL
 *
 * What a folder import did not read, so that it can say so: in a brat
 * folder every entry but the .ann files, the .txt of each and brat's
 * configuration files; in a folder of CAS files every entry but the .json
 * files. A subfolder is named with a "/" after it. Hidden entries (".x",
 * as brat's .stats_cache) are not listed. A file, or another format, has
 * nothing left out. The names are for showing (shown_name()), not for
 * opening.
 *
 * Returns: (transfer full): the names, sorted (maybe none), or %NULL with
 *   @error set
 */
char **
attest_exchange_list_left_out (GFile                *path,
                               AttestExchangeFormat  format,
                               GCancellable         *cancellable,
                               GError              **error)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) left = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) all = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) folders = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GFileEnumerator) children = NULL;

  if ((format != ATTEST_EXCHANGE_BRAT && format != ATTEST_EXCHANGE_UIMA_JSON) ||
      g_file_query_file_type (path, G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, cancellable) != G_FILE_TYPE_DIRECTORY)
    return g_new0 (char *, 1);
  if (!(children = g_file_enumerate_children (path, G_FILE_ATTRIBUTE_STANDARD_NAME "," G_FILE_ATTRIBUTE_STANDARD_TYPE,
                                              G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, cancellable, error)))
    return NULL;
  for (;;)
    {
      GFileInfo *info = NULL;
      char *name;

      if (!g_file_enumerator_iterate (children, &info, NULL, cancellable, error))
        return NULL;
      if (info == NULL)
        break;
      if (g_file_info_get_name (info)[0] == '.')
        continue;
      name = g_strdup (g_file_info_get_name (info));
      g_ptr_array_add (names, name);
      g_hash_table_add (all, name);
      if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
        g_hash_table_add (folders, name);
    }
  g_ptr_array_sort (names, compare_names);
  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      gboolean read;

      if (format == ATTEST_EXCHANGE_UIMA_JSON)
        read = g_str_has_suffix (name, ".json");
      else if (g_str_has_suffix (name, ".txt"))
        {
          /* The text of a pair: its .ann is beside it. */
          g_autofree char *ann = g_strconcat (name, NULL);

          memcpy (ann + strlen (ann) - 4, ".ann", 4);
          read = g_hash_table_contains (all, ann);
        }
      else
        read = g_str_has_suffix (name, ".ann") || attest_brat_is_configuration (name);
      /* An entry named like the files read, but a folder, is not read. */
      if (read && !g_hash_table_contains (folders, name))
        continue;
      g_ptr_array_add (left, shown_name (name, g_hash_table_contains (folders, name)));
    }
  g_ptr_array_add (left, NULL);
  return (char **) g_ptr_array_steal (left, NULL);
}

/**
 * attest_exchange_import_file:
 * @store: an #AttestStore
 * @file: what attest_exchange_detect() found to be in @format
 * @format: its format, not %ATTEST_EXCHANGE_NONE
 * @out_counts: (out caller-allocates) (optional): what was imported
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError, or %NULL
 *
 * Imports it all or nothing, through the format's reader.
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */
gboolean
attest_exchange_import_file (AttestStore          *store,
                             GFile                *file,
                             AttestExchangeFormat  format,
                             AttestImportCounts   *out_counts,
                             GCancellable         *cancellable,
                             GError              **error)
{
  g_return_val_if_fail (ATTEST_IS_STORE (store), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  switch (format)
    {
    case ATTEST_EXCHANGE_BRAT:
      return attest_brat_import (store, file, out_counts, cancellable, error);
    case ATTEST_EXCHANGE_WEB_ANNOTATION:
      return attest_web_annotation_import (store, file, out_counts, cancellable, error);
    case ATTEST_EXCHANGE_REFI_QDA:
      return attest_refi_qda_import (store, file, out_counts, NULL, cancellable, error);
    case ATTEST_EXCHANGE_UIMA_JSON:
      return attest_uima_import (store, file, out_counts, cancellable, error);
    case ATTEST_EXCHANGE_NONE:
    default:
      break;
    }
  g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_FORMAT,
               _("Attest cannot import claims from this file"));
  return FALSE;
}
