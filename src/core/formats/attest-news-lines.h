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

const char *attest_news_after_label          (const char      *s,
                                              AttestNewsLabel  label);

gboolean    attest_news_is_junk_line         (const char *stripped);

gboolean    attest_news_is_chrome_line       (const char *line);

guint       attest_news_count_words          (const char *s);

gboolean    attest_news_ends_like_sentence   (const char *s);

gboolean    attest_news_all_capitals         (const char *s);

gboolean    attest_news_is_body_line         (const char *s);

gboolean    attest_news_looks_like_date_line (const char *s);

gboolean    attest_news_is_outlet_name       (const char *s);

gboolean    attest_news_is_person_name       (const char *s);

gboolean    attest_news_is_separator_line    (const char *s);

gboolean    attest_news_is_section_path      (const char *s);

const char *attest_news_outlet_line          (const char *s);

char       *attest_news_dup_outlet_name      (const char *s);

gboolean    attest_news_is_volume_line       (const char *s);

G_END_DECLS
