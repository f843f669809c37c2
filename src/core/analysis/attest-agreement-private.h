/* attest-agreement-private.h — what the agreement files share among
 * themselves (attest-agreement.c, -reliability.c, -compare.c).
 */
#pragma once

#include "attest-agreement.h"

G_BEGIN_DECLS

/* Annotators are bits of a 64-bit mask. */
#define MAX_ANNOTATORS 64

/* Claims (AttestClaim**) by start, then end, then uuid. */
int      attest_agreement_compare_by_start (gconstpointer a,
                                            gconstpointer b);
/* @names trimmed, without empty ones and repeats, in their order. */
GStrv    attest_agreement_unique_names     (const char * const *names);
/* Every name of @names is an annotator of @store (else NOT_FOUND). */
gboolean attest_agreement_check_annotators (AttestStore        *store,
                                            const char * const *names,
                                            GError            **error);

G_END_DECLS
