/* attest-file-chooser.h — the file choosers of Attest's windows.
 *
 * GTK's own chooser (used when no portal is, outside the Flatpak) reads
 * the files of the folders it shows to guess their types: the open
 * database among them. Closing that descriptor drops every POSIX lock this
 * process holds on the file, and another process would then take itself
 * for the database's last user and remove its WAL. So, when a chooser
 * closes and before its answer is acted on, every store of the main thread
 * connects again (attest_store_reconnect_all()), taking its locks anew.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* gtk_file_chooser_native_new(), guarded as above. Connect "response"
 * handlers after this returns: they run after the reconnection. */
GtkFileChooserNative *attest_file_chooser_new (const char           *title,
                                               GtkWindow            *parent,
                                               GtkFileChooserAction  action,
                                               const char           *accept_label,
                                               const char           *cancel_label);

G_END_DECLS
