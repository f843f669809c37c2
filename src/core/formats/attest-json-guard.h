/* attest-json-guard.h — what a JSON file must pass before json-glib reads it.
 *
 * json-glib's parser recurses once per level of nesting, so a file of a
 * million '[' overflows the stack; it also skips C comments, lets a
 * number past 64 bits wrap round, and cuts a string short at \u0000. The
 * guard walks the raw bytes once, without recursion, and refuses: bytes
 * that are not UTF-8, or a NUL; nesting deeper than @max_depth; anything
 * but JSON between strings (a quote inside a comment would otherwise hide
 * brackets from the count); a number of more than 18 digits; \u0000 in a
 * string; a file that ends inside a string or an open bracket. A leading
 * BOM is allowed. Errors are ATTEST_ERROR_FORMAT, "NAME:LINE: what".
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean attest_json_guard_check (const char  *data,
                                  gsize        length,
                                  const char  *name,
                                  guint        max_depth,
                                  GError     **error);

G_END_DECLS
