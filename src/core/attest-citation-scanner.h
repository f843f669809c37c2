/* attest-citation-scanner.h — finds the attributions that close sentences and
 * paragraphs: "(Interfax, Moscow, December 1)", "(Kabar, December 2)",
 * "(Interfax, Itar-Tass, April 21)", "(A, Moscow, June 4 2004; B, June 7 2004)",
 * and leaves acronyms and asides alone: "(CSTO)", "(MRD)", "(June 4)".
 */
#pragma once

#include <glib.h>
#include "attest-citation.h"

G_BEGIN_DECLS

/* Returns a GPtrArray of AttestCitation (each with its ->source filled in:
 * outlet, place, date_text, when), in text order. @article_date is
 * "YYYY-MM-DD" or NULL; a year-less date takes its year from it. */
GPtrArray *attest_citation_scanner_scan     (const char *text,
                                             const char *article_date);

/* Resolves a date as written ("December 1", "June 4 2004", "4 June 2004")
 * to ISO 8601: "2004-06-04", or "--12-01" when no year is known. NULL when
 * it is not a date. */
char      *attest_citation_scanner_resolve_date (const char *date_text,
                                                 const char *article_date);

/* TRUE if @name is a known place (data/places.txt). */
gboolean   attest_citation_scanner_is_place (const char *name);

G_END_DECLS
