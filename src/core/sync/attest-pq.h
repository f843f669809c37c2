/* attest-pq.h — libpq for the sync layer and its tests: the header, and
 * g_autoptr() for its connections and results (defined once, here, since
 * defining them twice in one file does not compile). */
#pragma once

#include <glib.h>
#include <libpq-fe.h>

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PGconn, PQfinish)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PGresult, PQclear)
