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

/**
 * AttestDate:
 *
 * A date as it was written, before it takes its stored form: a plain value.
 */
typedef struct
{
  int year;   /* 0: not written */
  int month;  /* 1..12 */
  int day;    /* 0: not written (a month-only date) */
} AttestDate;

gsize     attest_date_read         (const char *text,
                                    AttestDate *date);

const char *attest_date_find       (const char *text,
                                    gboolean    need_year,
                                    AttestDate *date,
                                    gsize      *length);

char       *attest_date_dup_first  (const char *text);

gboolean  attest_date_parse        (const char *text,
                                    AttestDate *date);

char     *attest_date_to_iso       (const AttestDate *date,
                                    const char       *article_date);

char     *attest_date_resolve      (const char *date_text,
                                    const char *article_date);

gboolean  attest_date_parse_iso    (const char *text,
                                    GDate      *date);

gboolean  attest_date_is_iso       (const char *text);

gboolean  attest_date_is_month_day (const char *text);

gboolean  attest_date_is_stored    (const char *text);

int       attest_date_month_from_name (const char *word,
                                       gsize       length);

gboolean  attest_date_is_month_abbreviation (const char *word,
                                             gsize       length);

G_END_DECLS
