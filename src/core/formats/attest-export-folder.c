/* attest-export-folder.c — see attest-export-folder.h.
 *
 * What it owns: where a folder export's files go and what they are
 * called; not what is in them.
 */
#include "config.h"

#include "attest-export-folder.h"

#include <glib/gi18n-lib.h>
#include <errno.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "attest-error.h"

#define NAME_MAX_CHARS 60

/* In the hidden folder while it is written: the writing process's id, so
 * that the next export beside it can tell a folder left by a killed
 * export from one being written, and remove it. */
#define OWNER_FILE ".attest-export-owner"

struct _AttestExportFolder
{
  GFile      *folder;     /* the one named */
  GFile      *staging;    /* the hidden one written into */
  gboolean    exists;     /* the folder named was there (empty) */
  gboolean    committed;
  GHashTable *names;      /* names taken */
};

/* The folder must be new or empty. Sets @out_exists. */
static gboolean
check_folder (GFile        *folder,
              gboolean     *out_exists,
              GCancellable *cancellable,
              GError      **error)
{
  g_autoptr(GFileEnumerator) children = NULL;
  GFileInfo *first = NULL;  /* owned by the enumerator */

  *out_exists = g_file_query_exists (folder, cancellable);
  if (!*out_exists)
    return TRUE;
  if (!(children = g_file_enumerate_children (folder, G_FILE_ATTRIBUTE_STANDARD_NAME,
                                              G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, cancellable, error)))
    return FALSE;
  if (!g_file_enumerator_iterate (children, &first, NULL, cancellable, error))
    return FALSE;
  if (first != NULL)
    {
      g_autofree char *path = g_file_get_parse_name (folder);

      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_INVALID,
                   _("%s is not empty: this export goes into a new or empty folder"), path);
      return FALSE;
    }
  return TRUE;
}

static void remove_staging (GFile *staging);

/* Hidden folders beside @parent/@base left by exports that were killed
 * (SIGKILL, a crash, power): their owner is no longer running. */
static void
remove_abandoned (GFile      *parent,
                  const char *base)
{
  g_autofree char *prefix = g_strdup_printf (".%s.partial-", base);
  g_autoptr(GFileEnumerator) children =
    g_file_enumerate_children (parent, G_FILE_ATTRIBUTE_STANDARD_NAME "," G_FILE_ATTRIBUTE_STANDARD_TYPE,
                               G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, NULL);

  for (;;)
    {
      GFileInfo *info = NULL;
      GFile *child = NULL;
      g_autoptr(GFile) owner = NULL;
      g_autofree char *pid = NULL;
      gint64 id;

      if (children == NULL || !g_file_enumerator_iterate (children, &info, &child, NULL, NULL) || info == NULL)
        break;
      if (g_file_info_get_file_type (info) != G_FILE_TYPE_DIRECTORY ||
          !g_str_has_prefix (g_file_info_get_name (info), prefix))
        continue;
      owner = g_file_get_child (child, OWNER_FILE);
      /* Without its owner file: not ours to judge. */
      if (!g_file_load_contents (owner, NULL, &pid, NULL, NULL, NULL))
        continue;
      id = g_ascii_strtoll (pid, NULL, 10);
      /* Gone (ESRCH), not merely someone else's (EPERM). */
      if (id > 0 && id != getpid () && kill ((pid_t) id, 0) != 0 && errno == ESRCH)
        remove_staging (child);
    }
}

/* A hidden folder beside the one named, in the same file system, so that
 * its files can be renamed into place. */
static GFile *
make_staging (GFile   *folder,
              GError **error)
{
  g_autoptr(GFile) parent = g_file_get_parent (folder);
  g_autofree char *parent_path = parent ? g_file_get_path (parent) : NULL;
  g_autofree char *base = g_file_get_basename (folder);
  g_autofree char *tmpl = NULL;
  g_autoptr(GError) local_error = NULL;

  if (parent_path == NULL)
    {
      g_autofree char *shown = g_file_get_parse_name (folder);

      g_set_error (error, ATTEST_ERROR, ATTEST_ERROR_IO, _("%s: not a folder on this computer"), shown);
      return NULL;
    }
  if (!g_file_make_directory_with_parents (parent, NULL, &local_error) &&
      !g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_EXISTS))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  remove_abandoned (parent, base);
  tmpl = g_strdup_printf ("%s%s.%s.partial-XXXXXX", parent_path, G_DIR_SEPARATOR_S, base);
  if (g_mkdtemp_full (tmpl, 0777) == NULL)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "%s: %s", tmpl, g_strerror (saved));
      return NULL;
    }
  {
    g_autofree char *owner = g_build_filename (tmpl, OWNER_FILE, NULL);
    g_autofree char *pid = g_strdup_printf ("%d\n", (int) getpid ());

    if (!g_file_set_contents (owner, pid, -1, error))
      {
        g_rmdir (tmpl);
        return NULL;
      }
  }
  return g_file_new_for_path (tmpl);
}

static void
remove_staging (GFile *staging)
{
  g_autoptr(GFileEnumerator) children =
    g_file_enumerate_children (staging, G_FILE_ATTRIBUTE_STANDARD_NAME, G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS,
                               NULL, NULL);

  for (;;)
    {
      GFileInfo *info = NULL;
      GFile *child = NULL;

      if (children == NULL || !g_file_enumerator_iterate (children, &info, &child, NULL, NULL) || info == NULL)
        break;
      g_file_delete (child, NULL, NULL);
    }
  g_file_delete (staging, NULL, NULL);
}

/**
 * attest_export_folder_open:
 * @folder: the folder to write (a local path; created if missing, or empty)
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError, or %NULL
 *
 * Returns: (transfer full) (nullable): where to write, or %NULL with @error set
 */
AttestExportFolder *
attest_export_folder_open (GFile        *folder,
                           GCancellable *cancellable,
                           GError      **error)
{
  AttestExportFolder *self;
  gboolean exists = FALSE;
  GFile *staging;

  g_return_val_if_fail (G_IS_FILE (folder), NULL);

  if (!check_folder (folder, &exists, cancellable, error) || !(staging = make_staging (folder, error)))
    return NULL;
  self = g_new0 (AttestExportFolder, 1);
  self->folder = g_object_ref (folder);
  self->staging = staging;
  self->exists = exists;
  self->names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  return self;
}

static gboolean
is_reserved_name (const char *name)
{
  /* Names Windows will not create, for folders copied there, and brat's own. */
  static const char *reserved[] = { "con", "prn", "aux", "nul", "annotation", "visual", "tools", "kb_shortcuts" };

  for (guint i = 0; i < G_N_ELEMENTS (reserved); i++)
    if (g_str_equal (name, reserved[i]))
      return TRUE;
  if ((g_str_has_prefix (name, "com") || g_str_has_prefix (name, "lpt")) &&
      strlen (name) == 4 && g_ascii_isdigit (name[3]))
    return TRUE;
  return FALSE;
}

/**
 * attest_export_folder_dup_name:
 * @self: an #AttestExportFolder
 * @doc: the article
 *
 * The article's file name without its extension, not taken yet in this
 * export: no path separator, dot or control character can reach the file
 * system.
 *
 * Returns: (transfer full): the name
 */
char *
attest_export_folder_dup_name (AttestExportFolder *self,
                               AttestDocument     *doc)
{
  g_autofree char *base = NULL;
  g_autofree char *ascii = NULL;
  g_autoptr(GString) slug = g_string_new (NULL);
  g_autofree char *name = NULL;

  /* Not attest_document_dup_label(): a name must not change with the locale. */
  if (doc->title != NULL && *doc->title)
    base = g_strdup (doc->title);
  else if (doc->publication != NULL && *doc->publication)
    base = g_strdup_printf ("%s %s", doc->publication, doc->issue ? doc->issue : "");
  else if (doc->origin != NULL)
    base = g_strndup (doc->origin, strcspn (doc->origin, "."));
  if (base != NULL && g_utf8_validate (base, -1, NULL))
    ascii = g_str_to_ascii (base, "C");
  for (const char *p = ascii ? ascii : ""; *p && slug->len < NAME_MAX_CHARS; p++)
    {
      if (g_ascii_isalnum (*p))
        g_string_append_c (slug, g_ascii_tolower (*p));
      else if (slug->len > 0 && slug->str[slug->len - 1] != '-')
        g_string_append_c (slug, '-');
    }
  while (slug->len > 0 && slug->str[slug->len - 1] == '-')
    g_string_truncate (slug, slug->len - 1);
  if (slug->len == 0 || is_reserved_name (slug->str))
    g_string_prepend (slug, slug->len ? "article-" : "article");

  /* The start of the text's SHA-256, not a counter: the name then does
   * not hang on the order the articles are read in. */
  name = g_strdup (slug->str);
  if (g_hash_table_contains (self->names, name))
    {
      g_free (name);
      name = g_strdup_printf ("%s_%.8s", slug->str, doc->sha256);
    }
  for (guint n = 2; g_hash_table_contains (self->names, name); n++)
    {
      g_free (name);
      name = g_strdup_printf ("%s_%.8s-%u", slug->str, doc->sha256, n);
    }
  g_hash_table_add (self->names, g_strdup (name));
  return g_steal_pointer (&name);
}

/**
 * attest_export_folder_write:
 * @self: an #AttestExportFolder
 * @name: the file's name in the folder (from attest_export_folder_dup_name())
 * @contents: its bytes
 * @length: their length
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError, or %NULL
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */
gboolean
attest_export_folder_write (AttestExportFolder *self,
                            const char         *name,
                            const char         *contents,
                            gsize               length,
                            GCancellable       *cancellable,
                            GError            **error)
{
  g_autoptr(GFile) file = g_file_get_child (self->staging, name);

  return g_file_replace_contents (file, contents, length, NULL, FALSE, G_FILE_CREATE_NONE,
                                  NULL, cancellable, error);
}

/**
 * attest_export_folder_commit:
 * @self: an #AttestExportFolder
 * @error: return location for a #GError, or %NULL
 *
 * Puts the files written in place: the hidden folder is renamed to the
 * one named, or its files moved into the empty folder named.
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */
gboolean
attest_export_folder_commit (AttestExportFolder *self,
                             GError            **error)
{
  g_autofree char *from = g_file_get_path (self->staging);
  g_autofree char *to = g_file_get_path (self->folder);
  g_autoptr(GFile) owner = g_file_get_child (self->staging, OWNER_FILE);

  g_file_delete (owner, NULL, NULL);
  /* The empty folder named is the one filled, file by file: its owner,
   * permissions and place stay (a shared folder, the current one). */
  if (self->exists)
    {
      g_autoptr(GFileEnumerator) children = g_file_enumerate_children (self->staging,
                                                                       G_FILE_ATTRIBUTE_STANDARD_NAME,
                                                                       G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS,
                                                                       NULL, error);
      GFileInfo *info = NULL;  /* owned by the enumerator */
      GFile *child = NULL;
      g_autoptr(GError) local_error = NULL;

      if (children == NULL)
        return FALSE;
      while (g_file_enumerator_iterate (children, &info, &child, NULL, &local_error) && info != NULL)
        {
          g_autoptr(GFile) target = g_file_get_child (self->folder, g_file_info_get_name (info));

          if (!g_file_move (child, target, G_FILE_COPY_NOFOLLOW_SYMLINKS, NULL, NULL, NULL, error))
            return FALSE;
        }
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      if (!g_file_delete (self->staging, NULL, error))
        return FALSE;
      self->committed = TRUE;
      return TRUE;
    }
  /* A new folder: one rename, so that it is there complete or not at all. */
  if (g_rename (from, to) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "%s: %s", to, g_strerror (saved));
      return FALSE;
    }
  self->committed = TRUE;
  return TRUE;
}

/**
 * attest_export_folder_free:
 * @self: (nullable): an #AttestExportFolder
 *
 * An export not committed leaves nothing: what it wrote is removed.
 */
void
attest_export_folder_free (AttestExportFolder *self)
{
  if (self == NULL)
    return;
  if (!self->committed)
    remove_staging (self->staging);
  g_object_unref (self->staging);
  g_object_unref (self->folder);
  g_hash_table_unref (self->names);
  g_free (self);
}
