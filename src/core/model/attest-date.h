/* attest-date.h — the one date grammar: how news writes a date, and what
 * Attest stores for it.
 *
 * Forms read: "April 21, 2005", "Apr. 21 2005", "21 April 2005", "Aug 30",
 * "30 Aug", "April 2005", "2005-04-21" (a time may follow), "2005/04/21",
 * "04/21/2005" (US order; "21/04/2005" when the first number cannot be a
 * month), "21.04.2005"; a weekday in front ("Thursday, April 21, 2005") is
 * part of the date as written. Month names are English, full or abbreviated.
 *
 * Stored forms: "YYYY-MM-DD", "YYYY-MM" (month only), "--MM-DD" (year unknown).
 * The reader (article dates), the scanner (citation dates) and the store
 * (checks and corrections) all go through here.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  int year;   /* 0: not written */
  int month;  /* 1..12 */
  int day;    /* 0: not written (a month-only date) */
} AttestDate;

/* Reads one date at the very start of @text. Returns the number of bytes it
 * spans (0 when no date starts there); the day is checked against the
 * calendar (a year-less February 29 passes). Case-insensitive. */
gsize     attest_date_read         (const char *text,
                                    AttestDate *date);

/* Finds the first date in @text that has a day, starting at a word
 * boundary, with a capitalised month name. With @need_year, year-less ones
 * are skipped. Returns its start or NULL; @length gets its byte length. */
const char *attest_date_find       (const char *text,
                                    gboolean    need_year,
                                    AttestDate *date,
                                    gsize      *length);

/* The first date in @text with a day and a year (attest_date_find()), in
 * the stored form; NULL when there is none or @text is NULL. */
char       *attest_date_dup_first  (const char *text);

/* @text is exactly one date (white space around it allowed). */
gboolean  attest_date_parse        (const char *text,
                                    AttestDate *date);

/* The stored form of @date. A year-less date takes its year from
 * @article_date ("YYYY-MM-DD" or NULL): a report is older than the article
 * citing it, so a date more than 31 days after it is last year's. */
char     *attest_date_to_iso       (const AttestDate *date,
                                    const char       *article_date);

/* attest_date_parse() then attest_date_to_iso(); NULL when not a date. */
char     *attest_date_resolve      (const char *date_text,
                                    const char *article_date);

/* Strict "YYYY-MM-DD" at the start of @text, optionally followed by a time
 * ('T' or ' '); FALSE for anything else. */
gboolean  attest_date_parse_iso    (const char *text,
                                    GDate      *date);

/* Exactly "YYYY-MM-DD", a real day. */
gboolean  attest_date_is_iso       (const char *text);

/* Exactly "--MM-DD" (xsd:gMonthDay; --02-29 passes). */
gboolean  attest_date_is_month_day (const char *text);

/* Any stored form: "YYYY-MM-DD", "YYYY-MM" or "--MM-DD". */
gboolean  attest_date_is_stored    (const char *text);

/* A month name or abbreviation ("Sept.", "dec") → 1..12; 0 otherwise. */
int       attest_date_month_from_name (const char *word,
                                       gsize       length);

/* @word (@length bytes, without its full stop) is an English month's
 * abbreviation: "Jan", "Sept", "sep"; not "May", not a full name. */
gboolean  attest_date_is_month_abbreviation (const char *word,
                                             gsize       length);

G_END_DECLS
