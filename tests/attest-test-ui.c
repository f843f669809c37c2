/* attest-test-ui.c — helpers shared by the tests that drive widgets under
 * Xvfb: running the main loop, and finding what a window shows. */
#include <string.h>

#include "attest-test-ui.h"

/* Runs the main loop for @ms milliseconds without blocking. */
void
attest_test_spin (guint ms)
{
  gint64 until = g_get_monotonic_time () + ms * G_TIME_SPAN_MILLISECOND;

  while (g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, FALSE);
}

/* What the user reads: is there a label showing @text anywhere under
 * @widget (toasts included)? */
gboolean
attest_test_shows_text (GtkWidget  *widget,
                        const char *text)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget) &&
      strstr (gtk_label_get_text (GTK_LABEL (widget)), text))
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    if (attest_test_shows_text (child, text))
      return TRUE;
  return FALSE;
}

/* Iterates the main loop until @widget shows @text, or 5 s pass. */
gboolean
attest_test_wait_for_text (GtkWidget  *widget,
                           const char *text)
{
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  while (!attest_test_shows_text (widget, text) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  return attest_test_shows_text (widget, text);
}

/* The popover on screen under @widget (a separate surface, so window
 * screenshots do not show it). */
GtkWidget *
attest_test_find_popover (GtkWidget *widget)
{
  if (GTK_IS_POPOVER (widget) && gtk_widget_get_mapped (widget))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = attest_test_find_popover (child);
      if (found)
        return found;
    }
  return NULL;
}

/* The first button labelled @label under @widget, or NULL. */
GtkWidget *
attest_test_find_button (GtkWidget  *widget,
                         const char *label)
{
  if (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = attest_test_find_button (child, label);

      if (found)
        return found;
    }
  return NULL;
}

/* The visible message dialog with @heading, or NULL. */
AdwMessageDialog *
attest_test_find_message_dialog (const char *heading)
{
  AdwMessageDialog *found = NULL;

  for (GList *l = gtk_window_list_toplevels (); l; l = g_list_delete_link (l, l))
    if (ADW_IS_MESSAGE_DIALOG (l->data) && gtk_widget_get_visible (l->data) &&
        g_strcmp0 (adw_message_dialog_get_heading (l->data), heading) == 0)
      found = l->data;
  return found;
}
