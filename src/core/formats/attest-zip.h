/* attest-zip.h — the parts of a ZIP container (DOCX, ODT, EPUB), read safely.
 *
 * libarchive reads the container from memory; nothing is ever written to or
 * read from the file system. Parts are looked up by their exact name inside
 * the container, and names taken from the documents themselves (EPUB hrefs,
 * OPF paths) go through attest_zip_resolve(), which refuses any that would
 * leave the container. Each part may expand to ATTEST_ZIP_MAX_PART bytes and
 * all parts read from one container to ATTEST_ZIP_MAX_TOTAL: past that the
 * container is refused as a possible zip bomb, after reading at most one
 * byte more than allowed.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define ATTEST_ZIP_MAX_PART   (64 * 1024 * 1024)
#define ATTEST_ZIP_MAX_TOTAL  (256 * 1024 * 1024)

typedef struct _AttestZip AttestZip;

AttestZip *attest_zip_open    (GBytes      *bytes,
                               const char  *name,
                               GError     **error);
void       attest_zip_free    (AttestZip   *zip);

gboolean   attest_zip_has     (AttestZip   *zip,
                               const char  *path);

GBytes    *attest_zip_read    (AttestZip   *zip,
                               const char  *path,
                               GError     **error);

char      *attest_zip_resolve (AttestZip   *zip,
                               const char  *base,
                               const char  *href,
                               GError     **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AttestZip, attest_zip_free)

G_END_DECLS
