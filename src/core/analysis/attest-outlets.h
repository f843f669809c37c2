/* attest-outlets.h — the news outlets and agencies Attest knows by name, and
 * the variants each is written as ("ITAR-TASS", "Itar-Tass" and "TASS" are
 * one outlet). The list shipped in data/outlets.txt is the start; a store
 * adds what its analysts added (attest_store_load_outlets()).
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define ATTEST_TYPE_OUTLETS (attest_outlets_get_type ())
G_DECLARE_FINAL_TYPE (AttestOutlets, attest_outlets, ATTEST, OUTLETS, GObject)

/* A new list holding the shipped outlets. */
AttestOutlets *attest_outlets_new          (void);

/* The shipped list, shared and never changed; do not add to it. */
AttestOutlets *attest_outlets_get_default  (void);

/* Makes @variant a name of @canonical (itself added as its own name when
 * new). Merging: a variant already known under another outlet moves. */
void           attest_outlets_add          (AttestOutlets *self,
                                            const char    *variant,
                                            const char    *canonical);

/* The name Attest shows for @name, or NULL when the outlet is not known. */
const char    *attest_outlets_lookup       (AttestOutlets *self,
                                            const char    *name);

/* The longest known name starting exactly at @text and ending at a word
 * boundary no further than @end. Returns the canonical name and sets
 * @length (bytes as written), or NULL. */
const char    *attest_outlets_match        (AttestOutlets *self,
                                            const char    *text,
                                            const char    *end,
                                            gsize         *length);

/* Every canonical name, sorted, with its variants: a GPtrArray of GStrv
 * whose first element is the canonical name. */
GPtrArray     *attest_outlets_list         (AttestOutlets *self);

/* Whether a name the list lacks looks like an outlet by its form: an
 * acronym ("AKI", "RFE/RL"), a web address ("24.kg"), an inner capital
 * ("AKIpress") or a word news outlets are named with ("… News Agency",
 * "… Times", "… Radio"). People and institutions do not. */
gboolean       attest_outlets_looks_like_outlet (const char *name);

G_END_DECLS
