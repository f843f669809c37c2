/* attest-team-keyring.c — see attest-team-keyring.h.
 *
 * A keyring that cannot be reached (no Secret Service, a locked one the
 * user does not open) only means the password is asked for again: each
 * failure is logged, never shown as an error of the sync itself. */
#include "config.h"

#include <libsecret/secret.h>

#include "attest-team-keyring.h"

static const SecretSchema *
schema (void)
{
  static const SecretSchema team_schema = {
    "io.github.attest.Attest.TeamServer", SECRET_SCHEMA_NONE,
    {
      { "server", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
  };

  return &team_schema;
}

static void
stored (GObject      *source,
        GAsyncResult *result,
        gpointer      data)
{
  g_autoptr(GError) error = NULL;

  if (!secret_password_store_finish (result, &error))
    g_message ("The team server's password was not kept in the keyring: %s", error->message);
}

void
attest_team_keyring_store (const char *server,
                           const char *password)
{
  g_autofree char *label = g_strdup_printf ("Attest team server (%s)", server);

  secret_password_store (schema (), SECRET_COLLECTION_DEFAULT, label, password, NULL, stored, NULL,
                         "server", server, NULL);
}

void
attest_team_keyring_lookup (const char          *server,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  secret_password_lookup (schema (), cancellable, callback, user_data, "server", server, NULL);
}

/* Returns: (transfer full) (nullable): the password, or NULL when none is
 * kept (or the keyring cannot be reached: then @error is set) */
char *
attest_team_keyring_lookup_finish (GAsyncResult  *result,
                                   GError       **error)
{
  char *secret = secret_password_lookup_finish (result, error);
  /* Out of libsecret's non-pageable memory, into ours. */
  char *copy = g_strdup (secret);

  secret_password_free (secret);
  return copy;
}

static void
cleared (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  g_autoptr(GError) error = NULL;

  if (!secret_password_clear_finish (result, &error) && error != NULL)
    g_message ("The team server's password was not removed from the keyring: %s", error->message);
}

void
attest_team_keyring_clear (const char *server)
{
  secret_password_clear (schema (), NULL, cleared, NULL, "server", server, NULL);
}
