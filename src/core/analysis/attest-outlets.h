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

AttestOutlets *attest_outlets_new          (void);

AttestOutlets *attest_outlets_get_default  (void);

void           attest_outlets_add          (AttestOutlets *self,
                                            const char    *variant,
                                            const char    *canonical);

const char    *attest_outlets_lookup       (AttestOutlets *self,
                                            const char    *name);

const char    *attest_outlets_match        (AttestOutlets *self,
                                            const char    *text,
                                            const char    *end,
                                            gsize         *length);

GPtrArray     *attest_outlets_list         (AttestOutlets *self);

gboolean       attest_outlets_looks_like_outlet (const char *name);

G_END_DECLS
