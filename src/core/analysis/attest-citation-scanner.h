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

/* Returns a GPtrArray of AttestCitation (each with its ->source filled in:
 * outlet, place, date_text, when), in text order. @article_date is
 * "YYYY-MM-DD" or NULL; a year-less date takes its year from it. */
GPtrArray *attest_citation_scanner_scan     (const char *text,
                                             const char *article_date);

/* The same, knowing the outlets of @outlets (NULL: the shipped list). */
GPtrArray *attest_citation_scanner_scan_with (const char    *text,
                                              const char    *article_date,
                                              AttestOutlets *outlets);

/* "Photo: ITAR-TASS/Sergei Zhukov", "Mikhail Metzel / TASS", "© 2016 AFP":
 * a picture's credit or a copyright line, never a source or a title. */
gboolean   attest_citation_scanner_is_credit_line (const char *line);

/* TRUE if @name is a known place (data/places.txt). */
gboolean   attest_citation_scanner_is_place (const char *name);

G_END_DECLS
