/* attest-news-lines.h — what a line near the top of an article is (private):
 * site chrome, a section path, a separator, a date line, a person's name,
 * a label ("By:", "Published:", "Source:"), an outlet's logo line, a line of
 * the story. attest-news-header.c reads the header with these.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  ATTEST_NEWS_LABEL_AUTHOR,   /* "By:", "Author:", "Written by", "Автор:" */
  ATTEST_NEWS_LABEL_DATE,     /* "Date:", "Published on", "Dated" */
  ATTEST_NEWS_LABEL_SKIPPED,  /* "Posted by", "Updated": neither author nor date */
  ATTEST_NEWS_LABEL_OUTLET,   /* "Source:", "Originally published by", "Via:" */
  ATTEST_NEWS_LABEL_EDITOR,   /* "Editor:", "Edited by": not the author */
} AttestNewsLabel;

/* The text after a @label label at the start of @s, or NULL. */
const char *attest_news_after_label          (const char      *s,
                                              AttestNewsLabel  label);

/* "Placeholder canvas": an artefact of the export tool, never a title. */
gboolean    attest_news_is_junk_line         (const char *stripped);

/* Site chrome copied with an article ("Skip to content", "Home > News",
 * "5 min read", a menu): never a title. */
gboolean    attest_news_is_chrome_line       (const char *line);

guint       attest_news_count_words          (const char *s);

/* Ends with '.', '!', '?', '…' or a closing quote. */
gboolean    attest_news_ends_like_sentence   (const char *s);

/* No lower-case letter, and four capitals at least. */
gboolean    attest_news_all_capitals         (const char *s);

/* A paragraph of the story: a sentence of some length. */
gboolean    attest_news_is_body_line         (const char *s);

/* "April 31, 2005", "May 2005": shaped like a date line, whether or not
 * the day exists; such a line is header, never the story. */
gboolean    attest_news_looks_like_date_line (const char *s);

/* A name an outlet may go by: known, or shaped like one. */
gboolean    attest_news_is_outlet_name       (const char *s);

/* A person's name as bylines give it: one to five words, each capitalised
 * (particles such as "de", "van", "al-" allowed), no digits. */
gboolean    attest_news_is_person_name       (const char *s);

/* "----", "* * *", "=====": where a repost's own article begins. */
gboolean    attest_news_is_separator_line    (const char *s);

/* "Home / World", "Asia-Plus / Security": a path of sections. */
gboolean    attest_news_is_section_path      (const char *s);

/* "APA - Azeri Press Agency", "TASS": the outlet's name as a logo line;
 * returns @s when it is one, else NULL. */
const char *attest_news_outlet_line          (const char *s);

/* The outlet's name in a logo line (the part before its tagline). */
char       *attest_news_dup_outlet_name      (const char *s);

/* "Eurasia Daily Monitor Volume: 7 Issue: 224" */
gboolean    attest_news_is_volume_line       (const char *s);

G_END_DECLS
