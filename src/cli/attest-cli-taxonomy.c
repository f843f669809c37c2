/* attest-cli-taxonomy.c — the taxonomy command: list, add and change categories. */
#include "config.h"

#include <glib/gi18n.h>

#include "attest-cli-private.h"

static int
print_taxonomy (Cli *cli)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) cats = attest_store_list_categories (cli->store, TRUE, &error);

  if (cats == NULL)
    return fail (error);

  if (cli->opts->json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_array (b);
      for (guint i = 0; i < cats->len; i++)
        {
          AttestCategory *c = g_ptr_array_index (cats, i);

          json_builder_begin_object (b);
          add_string (b, "key", c->key);
          add_string (b, "label", c->label);
          add_string (b, "description", c->description);
          add_string (b, "color", c->color);
          json_builder_set_member_name (b, "shortcut");
          if (c->shortcut >= 0)
            json_builder_add_int_value (b, c->shortcut);
          else
            json_builder_add_null_value (b);
          add_string (b, "parent", c->parent_key);
          json_builder_set_member_name (b, "retired");
          json_builder_add_boolean_value (b, c->retired);
          add_int (b, "claims", c->claim_count);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      return print_json (b);
    }

  for (guint i = 0; i < cats->len; i++)
    {
      AttestCategory *c = g_ptr_array_index (cats, i);
      char digit[2] = { c->shortcut >= 0 ? '0' + c->shortcut : ' ', 0 };

      g_print ("%s  %s  %-26s %-44s %" G_GINT64_FORMAT "%s\n", digit, c->color, c->key,
               c->label, c->claim_count, c->retired ? _("  (retired)") : "");
    }
  return EXIT_OK;
}

/* A category's shortcut is one digit, 0 to 9. */
static gboolean
parse_shortcut (const char *text,
                gint64     *digit)
{
  return g_ascii_string_to_signed (text, 10, 0, 9, digit, NULL);
}

int
cmd_taxonomy (Cli *cli)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestCategory) cat = NULL;
  const char *verb;

  if (cli->n_args == 0 || g_str_equal (cli->args[0], "list"))
    return print_taxonomy (cli);

  verb = cli->args[0];
  if (cli->n_args < 2)
    return usage_error (_("taxonomy: name the category key"));

  if (g_str_equal (verb, "add"))
    {
      cat = attest_category_new ();
      cat->key = g_strdup (cli->args[1]);
      cat->label = g_strdup (cli->opts->label);
      cat->color = g_strdup (cli->opts->color);
      cat->description = g_strdup (cli->opts->description);
      cat->parent_key = g_strdup (cli->opts->parent);
      gint64 digit = -1;

      if (cli->opts->shortcut && !parse_shortcut (cli->opts->shortcut, &digit))
        return usage_error (_("--shortcut takes one digit, 0 to 9"));
      cat->shortcut = digit;
      if (!attest_store_add_category (cli->store, cat, &error))
        return fail (error);
      g_print (_("Category “%s” added.\n"), cat->key);
      return EXIT_OK;
    }

  if (!(cat = attest_store_get_category (cli->store, cli->args[1], &error)))
    return fail (error);

  if (g_str_equal (verb, "rename") && cli->n_args == 3)
    {
      g_free (cat->label);
      cat->label = g_strdup (cli->args[2]);
    }
  else if ((g_str_equal (verb, "recolour") || g_str_equal (verb, "recolor")) && cli->n_args == 3)
    {
      g_free (cat->color);
      cat->color = g_strdup (cli->args[2]);
    }
  else if (g_str_equal (verb, "shortcut") && cli->n_args == 3)
    {
      gint64 digit;

      if (g_str_equal (cli->args[2], "none"))
        cat->shortcut = -1;
      else if (parse_shortcut (cli->args[2], &digit))
        cat->shortcut = digit;
      else
        return usage_error (_("a shortcut is one digit, 0 to 9, or “none”"));
    }
  else if (g_str_equal (verb, "retire") && cli->n_args == 2)
    cat->retired = TRUE;
  else if (g_str_equal (verb, "restore") && cli->n_args == 2)
    cat->retired = FALSE;
  else
    return usage_error (_("taxonomy takes: list, add, rename, recolour, shortcut, retire, restore"));

  if (!attest_store_update_category (cli->store, cat, &error))
    return fail (error);
  g_print (_("Category “%s” changed.\n"), cat->key);
  return EXIT_OK;
}
