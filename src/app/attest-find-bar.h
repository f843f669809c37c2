/* attest-find-bar.h — Ctrl+F in the article: a search bar that finds a
 * word or phrase in the text view's buffer (any case), highlights every
 * match, counts them ("3 of 12") and walks through them with Enter and
 * Shift+Enter, Ctrl+G and Shift+Ctrl+G; Escape closes it. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define ATTEST_TYPE_FIND_BAR (attest_find_bar_get_type ())
G_DECLARE_FINAL_TYPE (AttestFindBar, attest_find_bar, ATTEST, FIND_BAR, GtkWidget)

GtkWidget *attest_find_bar_new            (void);

/* The text searched; its buffer gets two tags of the bar's own. The
 * matches follow the buffer: a new text is searched again. */
void       attest_find_bar_set_text_view  (AttestFindBar *self,
                                           GtkTextView   *view);
/* Shows the bar with the focus in its field, the words there selected (or
 * the short selection of the text, when there is one). */
void       attest_find_bar_open           (AttestFindBar *self);
/* Hides the bar and its highlights; the focus goes back to the text. */
void       attest_find_bar_close          (AttestFindBar *self);
gboolean   attest_find_bar_is_open        (AttestFindBar *self);

/* The current match moves on (wrapping around) and is scrolled to. */
void       attest_find_bar_next           (AttestFindBar *self);
void       attest_find_bar_previous       (AttestFindBar *self);

guint      attest_find_bar_get_n_matches  (AttestFindBar *self);
/* The current match, from 0; -1 when there is none. */
int        attest_find_bar_get_current    (AttestFindBar *self);
/* Match @index in character offsets. */
gboolean   attest_find_bar_get_match      (AttestFindBar *self,
                                           guint          index,
                                           gint64        *start,
                                           gint64        *end);

G_END_DECLS
