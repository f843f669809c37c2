/* attest-json-guard.h — the raw bytes of a JSON file checked before a
 * parser sees them.
 *
 * json-glib's JsonParser recurses (a million '[' overflow the stack),
 * builds a tree far larger than the file, accepts comments, and stops at
 * the end of the first value. attest_json_guard_check() reads the bytes
 * once, without recursion or allocation per value, and refuses with the
 * line and column (in characters, from 1):
 *
 *  - bytes that are not UTF-8, and NUL bytes;
 *  - anything that is not a JSON token (RFC 8259): comments, single
 *    quotes, bare words, numbers JSON does not write, invalid escapes,
 *    raw control characters in strings;
 *  - a number whose whole part has more than 18 digits (json-glib reads
 *    it into 64 bits and wraps past them);
 *  - the escape \u0000 (a NUL character Attest cannot keep) and lone
 *    surrogate escapes;
 *  - tokens in a place the grammar does not allow them, and anything but
 *    white space after the first complete value;
 *  - a member name twice in one object (json-glib would keep the last),
 *    escapes decoded: "a" and "\u0061" are one name;
 *  - arrays and objects nested deeper than the limit;
 *  - more values (objects, arrays, strings, numbers, true, false, null;
 *    member names are not counted) than the limit.
 *
 * A UTF-8 byte order mark at the start is allowed.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  guint   max_depth;    /* arrays and objects inside one another */
  guint64 max_values;   /* values of any kind in the whole file */
} AttestJsonGuardLimits;

gboolean attest_json_guard_check (const char                  *data,
                                  gsize                        len,
                                  const AttestJsonGuardLimits *limits,
                                  const char                  *name,
                                  GError                     **error);

G_END_DECLS
