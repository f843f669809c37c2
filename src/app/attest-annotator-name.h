/* attest-annotator-name.h — the annotator name as a person types it, in
 * Preferences and when Attest first asks for it: one rule
 * (attest_rules_annotator_name()), one wording of what is wrong, and one
 * look for a name that is not saved. */
#pragma once

#include <gio/gio.h>
#include <gtk/gtk.h>

G_BEGIN_DECLS

/* The name claims are stamped with now: the annotator-name setting when it
 * holds a valid name, else the real name. @settings may be NULL. */
char     *attest_annotator_name_dup_in_use (GSettings   *settings);

/* @text as typed: the trimmed name, or NULL with *@problem set to what to
 * tell the user (translated), and nothing saved. */
char     *attest_annotator_name_check    (const char  *text,
                                          char       **problem);

/* Shows @problem on @row (the "error" style, its tooltip and accessible
 * description) and in @label below it, or clears both when it is NULL. */
void      attest_annotator_name_show_problem (GtkWidget  *row,
                                              GtkLabel   *label,
                                              const char *problem);

G_END_DECLS
