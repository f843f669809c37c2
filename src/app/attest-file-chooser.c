/* attest-file-chooser.c — see attest-file-chooser.h. */
#include "config.h"

#include "attest-file-chooser.h"

#include "attest-store.h"

static void
chooser_closed (GtkNativeDialog *chooser,
                int              response,
                gpointer         user_data)
{
  attest_store_reconnect_all ();
}

GtkFileChooserNative *
attest_file_chooser_new (const char           *title,
                         GtkWindow            *parent,
                         GtkFileChooserAction  action,
                         const char           *accept_label,
                         const char           *cancel_label)
{
  GtkFileChooserNative *chooser;

  /* Before the chooser exists: it reads files of the folder it shows from
   * other threads, and closing the database file there drops this
   * process's locks on it. */
  attest_store_park_all ();
  chooser = gtk_file_chooser_native_new (title, parent, action, accept_label, cancel_label);

  g_signal_connect (chooser, "response", G_CALLBACK (chooser_closed), NULL);
  return chooser;
}
