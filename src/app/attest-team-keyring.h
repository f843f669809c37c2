/* attest-team-keyring.h — the team server's password in the GNOME keyring
 * (libsecret), one per connection string; never in a file. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

void   attest_team_keyring_store         (const char          *server,
                                          const char          *password);
void   attest_team_keyring_lookup        (const char          *server,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
char  *attest_team_keyring_lookup_finish (GAsyncResult        *result,
                                          GError             **error);
void   attest_team_keyring_clear         (const char          *server);

G_END_DECLS
