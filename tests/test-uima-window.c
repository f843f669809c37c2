/* test-uima-window.c — UIMA CAS JSON from the Export dialog: the format
 * entry writes a new folder with one CAS per article. (Its own program
 * beside test-window, with the same fixture.) */
#include "test-window-fixture.h"

#include <json-glib/json-glib.h>

static void
test_export_uima (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *target = g_build_filename (f->dir, "claims-uima", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (target);
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestClaim) claim = NULL;
  g_autoptr(GDir) dir = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  AttestExportDialog *dialog = NULL;
  const char *name;
  guint n_files = 0;
  gboolean found = FALSE;
  gint64 deadline;

  claim = attest_store_add_claim (f->store, "3", 1453, 1479, "troop-deployment", "high", NULL, &error);
  g_assert_no_error (error);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.export", NULL));
  attest_test_spin (200);
  for (GList *l = gtk_window_list_toplevels (); l; l = g_list_delete_link (l, l))
    if (ATTEST_IS_EXPORT_DIALOG (l->data))
      dialog = l->data;
  g_assert_nonnull (dialog);

  attest_export_dialog_set_format (dialog, "uima-json");
  attest_export_dialog_export_to (dialog, file);
  deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  while (!g_file_query_exists (file, NULL) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (attest_test_wait_for_text (GTK_WIDGET (f->window), "Exported 1 claim to claims-uima"));

  dir = g_dir_open (target, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)))
    {
      g_autofree char *path = g_build_filename (target, name, NULL);
      JsonArray *list;

      g_assert_true (g_str_has_suffix (name, ".json"));
      n_files++;
      g_assert_true (json_parser_load_from_file (parser, path, &error));
      g_assert_no_error (error);
      list = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                           "%FEATURE_STRUCTURES");
      for (guint i = 0; i < json_array_get_length (list); i++)
        {
          JsonObject *o = json_array_get_object_element (list, i);

          if (g_strcmp0 (json_object_get_string_member (o, "%TYPE"), "webanno.custom.Claim") == 0)
            {
              g_assert_cmpstr (json_object_get_string_member (o, "category"), ==, "troop-deployment");
              g_assert_cmpstr (json_object_get_string_member (o, "certainty"), ==, "high");
              g_assert_cmpstr (json_object_get_string_member (o, "uuid"), ==, claim->uuid);
              found = TRUE;
            }
        }
    }
  g_assert_cmpuint (n_files, >, 0);
  g_assert_true (found);
}

int
main (int   argc,
      char *argv[])
{
  g_log_set_writer_func (log_writer, NULL, NULL);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  gtk_icon_theme_add_resource_path (gtk_icon_theme_get_for_display (gdk_display_get_default ()),
                                    "/io/github/attest/Attest/icons");

  g_test_add ("/window/export-uima", Fixture, NULL, fixture_set_up, test_export_uima, fixture_tear_down);
  return g_test_run ();
}
