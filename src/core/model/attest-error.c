/* attest-error.c — see attest-error.h. */
#include "attest-error.h"

/**
 * attest_error_quark:
 *
 * The domain of #AttestError.
 *
 * Returns: the quark of ATTEST_ERROR
 */
G_DEFINE_QUARK (attest-error-quark, attest_error)
