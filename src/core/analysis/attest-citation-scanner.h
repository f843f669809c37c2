/* attest-citation-scanner.h — finds the attributions that close sentences and
 * paragraphs: "(Interfax, Moscow, December 1)", "(Kabar, December 2)",
 * "(Interfax, Itar-Tass, April 21)", "(A, Moscow, June 4 2004; B, June 7 2004)",
 * and leaves acronyms and asides alone: "(CSTO)", "(MRD)", "(June 4)".
 */
#pragma once

#include <glib.h>
#include "attest-citation.h"
#include "attest-outlets.h"

G_BEGIN_DECLS

GPtrArray *attest_citation_scanner_scan     (const char *text,
                                             const char *article_date);

GPtrArray *attest_citation_scanner_scan_with (const char    *text,
                                              const char    *article_date,
                                              AttestOutlets *outlets);

gboolean   attest_citation_scanner_is_credit_line (const char *line);

gboolean   attest_citation_scanner_is_place (const char *name);

G_END_DECLS
