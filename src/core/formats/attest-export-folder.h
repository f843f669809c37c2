/* attest-export-folder.h — an export that writes one file per article into
 * a folder, as a whole or not at all.
 *
 * The folder named must be new or empty (files of an earlier export left
 * in it would be read back as part of this one). Files are written into a
 * hidden folder beside it and moved into place once every one is written:
 * a failed or cancelled export leaves nothing behind. An empty folder the
 * user named keeps its place, owner and permissions.
 *
 * The file names follow one rule, brat's and UIMA's alike: the article's
 * title as lower-case ASCII letters, digits and single hyphens, at most 60
 * characters, "article" when the title gives nothing (or its publication
 * and issue, or the file it came from), and "_" with the first 8 hex
 * digits of the text's SHA-256 for a name already taken, so that names do not hang on the order articles are read in.
 */
#pragma once

#include <gio/gio.h>

#include "attest-document.h"

G_BEGIN_DECLS

typedef struct _AttestExportFolder AttestExportFolder;

AttestExportFolder *attest_export_folder_open     (GFile               *folder,
                                                   GCancellable        *cancellable,
                                                   GError             **error);
char               *attest_export_folder_dup_name (AttestExportFolder  *self,
                                                   AttestDocument      *doc);
gboolean            attest_export_folder_write    (AttestExportFolder  *self,
                                                   const char          *name,
                                                   const char          *contents,
                                                   gsize                length,
                                                   GCancellable        *cancellable,
                                                   GError             **error);
gboolean            attest_export_folder_commit   (AttestExportFolder  *self,
                                                   GError             **error);
void                attest_export_folder_free     (AttestExportFolder  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AttestExportFolder, attest_export_folder_free)

G_END_DECLS
