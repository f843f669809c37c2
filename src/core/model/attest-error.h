/* attest-error.h — the one error domain of libattest.
 *
 * Every fallible call in the core reports one of these codes, so the CLI can
 * map them to exit codes and the app to messages without parsing strings.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define ATTEST_ERROR (attest_error_quark ())

typedef enum {
  ATTEST_ERROR_FAILED,          /* anything not listed below */
  ATTEST_ERROR_NOT_FOUND,       /* unknown document, claim, category, source */
  ATTEST_ERROR_INVALID,         /* bad argument: offsets, empty quote, bad key… */
  ATTEST_ERROR_IO,              /* file could not be read or written */
  ATTEST_ERROR_EMPTY,           /* an empty article */
  ATTEST_ERROR_BINARY,          /* a file that is not text */
  ATTEST_ERROR_ENCODING,        /* neither UTF-8 nor Windows-1252 */
  ATTEST_ERROR_TOO_LARGE,       /* over the documented size limit */
  ATTEST_ERROR_FORMAT,          /* malformed HTML/XML, not TEI, … */
  ATTEST_ERROR_DUPLICATE,       /* the same article was imported before */
  ATTEST_ERROR_CONFLICT,        /* someone else changed the row meanwhile */
  ATTEST_ERROR_READ_ONLY,       /* the database is open read-only */
  ATTEST_ERROR_NOT_OURS,        /* a file that is not an Attest database */
  ATTEST_ERROR_NEWER_SCHEMA,    /* written by a newer Attest */
  ATTEST_ERROR_CORRUPT,         /* SQLite reports corruption */
  ATTEST_ERROR_BUSY,            /* locked by another process for too long */
  ATTEST_ERROR_FULL,            /* disk or database full */
  ATTEST_ERROR_DISK,            /* the disk failed: an I/O error reading or writing */
  ATTEST_ERROR_UNSAFE,          /* a database SQLite cannot keep safe as it is (hard links…) */
  ATTEST_ERROR_UNREACHABLE,     /* the team's server cannot be reached (offline, stopped) */
} AttestError;

GQuark attest_error_quark (void);

G_END_DECLS
