/* attest-annotator-name.c — see attest-annotator-name.h.
 *
 * Whether a name is valid is the core's rule alone; this file only chooses
 * the words, so a person reads what to change rather than the store's
 * English message. */
#include "config.h"

#include "attest-annotator-name.h"

#include <glib/gi18n.h>

#include "attest-rules.h"

char *
attest_annotator_name_dup_in_use (GSettings *settings)
{
  g_autofree char *name = settings ? g_settings_get_string (settings, "annotator-name") : NULL;
  char *valid = name ? attest_rules_annotator_name (name, NULL) : NULL;

  return valid ? valid : attest_rules_dup_default_annotator_name ();
}

static gboolean
has_control (const char *text)
{
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    if (g_unichar_iscntrl (g_utf8_get_char (p)))
      return TRUE;
  return FALSE;
}

char *
attest_annotator_name_check (const char  *text,
                             char       **problem)
{
  g_autoptr(GError) error = NULL;
  char *name = attest_rules_annotator_name (text ? text : "", &error);
  g_autofree char *stripped = NULL;

  if (name != NULL)
    return name;

  stripped = g_strstrip (g_strdup (text ? text : ""));
  if (!g_utf8_validate (stripped, -1, NULL))
    *problem = g_strdup (_("This name is not valid text."));
  else if (*stripped == '\0')
    *problem = g_strdup (_("A blank name is not saved: type the name your teammates know you by."));
  else if (has_control (stripped))
    *problem = g_strdup (_("A name is one line, without line breaks or control characters."));
  else
    *problem = g_strdup (_("This name is too long: a name has at most 200 characters."));
  return NULL;
}

void
attest_annotator_name_show_problem (GtkWidget  *row,
                                    GtkLabel   *label,
                                    const char *problem)
{
  if (problem != NULL)
    {
      gtk_widget_add_css_class (row, "error");
      gtk_widget_set_tooltip_text (row, problem);
      gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, problem, -1);
      gtk_accessible_update_state (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_STATE_INVALID,
                                   GTK_ACCESSIBLE_INVALID_TRUE, -1);
    }
  else
    {
      gtk_widget_remove_css_class (row, "error");
      gtk_widget_set_tooltip_text (row, NULL);
      gtk_accessible_reset_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
      gtk_accessible_reset_state (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_STATE_INVALID);
    }
  if (label != NULL)
    {
      gtk_label_set_text (label, problem ? problem : "");
      gtk_widget_set_visible (GTK_WIDGET (label), problem != NULL);
    }
}
