/* attest-test-ui.h — helpers shared by the tests that drive widgets under
 * Xvfb: running the main loop, and finding what a window shows. */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

void       attest_test_spin          (guint       ms);
gboolean   attest_test_shows_text    (GtkWidget  *widget,
                                      const char *text);
gboolean   attest_test_wait_for_text (GtkWidget  *widget,
                                      const char *text);
GtkWidget *attest_test_find_popover  (GtkWidget  *widget);
GtkWidget *attest_test_find_button   (GtkWidget  *widget,
                                      const char *label);
AdwMessageDialog *attest_test_find_message_dialog (const char *heading);

G_END_DECLS
