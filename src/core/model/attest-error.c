/* attest-error.c — see attest-error.h. */
#include "attest-error.h"

G_DEFINE_QUARK (attest-error-quark, attest_error)
