/* main.c — starts the Attest application. */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "attest-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(AttestApplication) app = NULL;
  g_autofree char *exe = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *localedir = NULL;

  setlocale (LC_ALL, "");
  /* Run from the build tree or a stage, the program's own catalogues. */
  localedir = exe ? attest_application_find_locale_dir (exe) : g_strdup (LOCALEDIR);
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = attest_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
