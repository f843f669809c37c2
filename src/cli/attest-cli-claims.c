/* attest-cli-claims.c — the commands on claims and their sources: annotate, edit,
 * delete, link, suggest, the lists of claims and sources, and the history. */
#include "config.h"

#include <glib/gi18n.h>

#include "attest-cli-private.h"

int
cmd_annotate (Cli *cli)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestClaim) claim = NULL;
  gint64 start = 0;
  gint64 end = 0;
  int status;

  if (cli->n_args != 1)
    return usage_error (_("annotate needs one document"));
  if (cli->opts->category == NULL)
    return usage_error (_("annotate needs --category"));
  if ((status = text_range (cli, "annotate", &start, &end)) != EXIT_OK)
    return status;

  claim = attest_store_add_claim (cli->store, cli->args[0], start, end,
                                  cli->opts->category, cli->opts->certainty,
                                  cli->opts->comment, &error);
  if (claim == NULL)
    return fail (error);

  if (!cli->opts->json)
    g_print (_("Claim %s saved.\n"), claim->uuid);
  return print_one_claim (cli, claim);
}

int
cmd_edit (Cli *cli)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestClaim) claim = NULL;

  if (cli->n_args != 1)
    return usage_error (_("edit needs one claim"));
  if (!(claim = attest_store_get_claim (cli->store, cli->args[0], &error)))
    return fail (error);

#define REPLACE(field, value) \
  if (value) { g_free (claim->field); claim->field = g_strdup (*(value) ? (value) : NULL); }
  REPLACE (category, cli->opts->category);
  REPLACE (status, cli->opts->status);
  REPLACE (certainty, cli->opts->certainty);
  REPLACE (comment, cli->opts->comment);
#undef REPLACE

  if (!attest_store_update_claim (cli->store, claim, &error))
    return fail (error);
  g_clear_object (&claim);
  if (!(claim = attest_store_get_claim (cli->store, cli->args[0], &error)))
    return fail (error);
  return print_one_claim (cli, claim);
}

int
cmd_delete (Cli *cli)
{
  g_autoptr(GError) error = NULL;

  if (cli->n_args != 1)
    return usage_error (_("delete needs one claim"));
  if (!attest_store_delete_claim (cli->store, cli->args[0], &error))
    return fail (error);
  g_print (_("Claim deleted.\n"));
  return EXIT_OK;
}

static int
link_or_unlink (Cli     *cli,
                gboolean link)
{
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (cli->n_args != 2)
    return usage_error (link ? _("link needs a claim and a source")
                             : _("unlink needs a claim and a source"));
  ok = link ? attest_store_link (cli->store, cli->args[0], cli->args[1], &error)
            : attest_store_unlink (cli->store, cli->args[0], cli->args[1], &error);
  if (!ok && g_error_matches (error, ATTEST_ERROR, ATTEST_ERROR_DUPLICATE))
    {
      /* Asking twice for the same link is not a mistake worth failing on. */
      g_print ("%s\n", error->message);
      return EXIT_OK;
    }
  if (!ok)
    return fail (error);
  g_print (link ? _("Linked.\n") : _("Unlinked.\n"));
  return EXIT_OK;
}

int
cmd_link (Cli *cli)
{
  return link_or_unlink (cli, TRUE);
}

int
cmd_unlink (Cli *cli)
{
  return link_or_unlink (cli, FALSE);
}

int
cmd_suggest (Cli *cli)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestClaim) claim = NULL;
  g_autoptr(AttestCitation) citation = NULL;

  if (cli->n_args != 1)
    return usage_error (_("suggest needs one claim"));
  if (!(claim = attest_store_get_claim (cli->store, cli->args[0], &error)))
    return fail (error);
  citation = attest_store_suggest_citation (cli->store, claim->document_uuid,
                                            claim->start, claim->end, &error);
  if (citation == NULL && error != NULL)
    return fail (error);
  if (citation == NULL)
    {
      g_print (_("No attribution follows the claim in its paragraph.\n"));
      return EXIT_NOT_FOUND;
    }
  if (cli->opts->json)
    return print_json_item (citation->source, (BuildFunc) build_source);
  g_print ("%s  %s\n", citation->source->uuid, citation->text);
  return EXIT_OK;
}

int
cmd_claims (Cli *cli)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) claims = NULL;
  AttestClaimFilter filter = claim_filter (cli);

  if (!(claims = attest_store_list_claims (cli->store, &filter, &error)))
    return fail (error);

  if (cli->opts->json)
    return print_json_items (claims, (BuildFunc) build_claim);

  for (guint i = 0; i < claims->len; i++)
    print_claim (g_ptr_array_index (claims, i));
  g_print (ngettext ("%u claim\n", "%u claims\n", claims->len), claims->len);
  return EXIT_OK;
}

int
cmd_sources (Cli *cli)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) sources = NULL;

  if (!(sources = attest_store_list_sources (cli->store, cli->opts->document, &error)))
    return fail (error);

  if (cli->opts->json)
    return print_json_items (sources, (BuildFunc) build_source);

  for (guint i = 0; i < sources->len; i++)
    {
      AttestSource *s = g_ptr_array_index (sources, i);
      g_autofree char *id = short_id (s->uuid);
      g_autofree char *raw_label = attest_source_dup_label (s);
      /* A database written by another program may hold anything: no
       * escape sequence of a label or address reaches the terminal. */
      g_autofree char *label = dup_printable (raw_label);
      g_autofree char *url = s->url ? dup_printable (s->url) : NULL;

      g_print ("%s  %-48s  %-10s  %s %" G_GINT64_FORMAT ", %s %" G_GINT64_FORMAT "%s%s\n",
               id, label, or_dash (s->when), _("cited"), s->citation_count,
               _("claims"), s->claim_count, url ? "  " : "", url ? url : "");
    }
  g_print (ngettext ("%u source\n", "%u sources\n", sources->len), sources->len);
  return EXIT_OK;
}

int
cmd_add_source (Cli *cli)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestSource) source = attest_source_new ();
  g_autoptr(AttestSource) stored = NULL;

  source->outlet = g_strdup (cli->opts->outlet);
  source->place = g_strdup (cli->opts->place);
  source->date_text = g_strdup (cli->opts->date);
  source->url = g_strdup (cli->opts->url);
  source->title = g_strdup (cli->opts->title);
  source->reliability = g_strdup (cli->opts->reliability);
  source->document_uuid = g_strdup (cli->opts->document);

  if (!(stored = attest_store_add_source (cli->store, source, &error)))
    return fail (error);

  if (cli->opts->json)
    return print_json_item (stored, (BuildFunc) build_source);
  g_print (_("Source %s added.\n"), stored->uuid);
  return EXIT_OK;
}

int
cmd_history (Cli *cli)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autofree char *uuid = NULL;

  if (cli->n_args > 1)
    return usage_error (_("history takes at most one claim"));
  if (cli->n_args == 1)
    {
      /* A claim, deleted ones too (by number, id or the start of one);
       * else any entity by its id or key (a category's, say). */
      uuid = attest_store_dup_claim_uuid (cli->store, cli->args[0], &error);
      if (uuid == NULL && !g_error_matches (error, ATTEST_ERROR, ATTEST_ERROR_NOT_FOUND))
        return fail (error);
      if (uuid == NULL)
        uuid = g_strdup (cli->args[0]);
      g_clear_error (&error);
    }
  if (!(entries = attest_store_list_history (cli->store, uuid, &error)))
    return fail (error);
  if (uuid && entries->len == 0)
    {
      g_printerr (_("attest-cli: no history for “%s”\n"), uuid);
      return EXIT_NOT_FOUND;
    }

  if (cli->opts->json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_array (b);
      for (guint i = 0; i < entries->len; i++)
        {
          AttestHistoryEntry *e = g_ptr_array_index (entries, i);

          json_builder_begin_object (b);
          add_string (b, "at", e->at);
          add_string (b, "annotator", e->annotator);
          add_string (b, "entity", e->entity);
          add_string (b, "entity_uuid", e->entity_uuid);
          add_string (b, "action", e->action);
          add_string (b, "field", e->field);
          add_string (b, "old", e->old_value);
          add_string (b, "new", e->new_value);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      return print_json (b);
    }

  for (guint i = 0; i < entries->len; i++)
    {
      AttestHistoryEntry *e = g_ptr_array_index (entries, i);
      g_autofree char *id = short_id (e->entity_uuid);

      g_print ("%s  %-16s %-8s %-8s %s%s%s%s%s%s\n", e->at, e->annotator, e->entity, id,
               e->action, e->field ? " " : "", e->field ? e->field : "",
               e->old_value || e->new_value ? ": " : "", or_dash (e->old_value),
               e->new_value ? " → " : "");
      if (e->new_value)
        g_print ("%*s%s\n", 0, "", e->new_value);
    }
  return EXIT_OK;
}
