/* attest-outlets.c — see attest-outlets.h.
 *
 * Names are compared case-folded, with runs of white space and the kinds of
 * hyphen folded to one space and one '-', so "Itar Tass", "ITAR-TASS" and
 * "Itar‑Tass" meet.
 */
#include "attest-outlets.h"

#include <gio/gio.h>
#include <stdlib.h>
#include <string.h>

GResource *attest_core_get_resource (void);

#define OUTLETS_RESOURCE "/io/github/attest/Attest/core/outlets.txt"

/* The longest name in the list has this many words; matching tries no more. */
#define MAX_WORDS 8

struct _AttestOutlets
{
  GObject     parent_instance;

  GHashTable *canonical;  /* folded variant → canonical name (owned by @names) */
  GHashTable *spelling;   /* folded variant → the variant as it was written */
  GHashTable *names;      /* canonical name → itself; owns the strings */
  gboolean    frozen;     /* the shared default list */
};

G_DEFINE_FINAL_TYPE (AttestOutlets, attest_outlets, G_TYPE_OBJECT)

static void
attest_outlets_finalize (GObject *object)
{
  AttestOutlets *self = ATTEST_OUTLETS (object);

  g_hash_table_unref (self->canonical);
  g_hash_table_unref (self->spelling);
  g_hash_table_unref (self->names);

  G_OBJECT_CLASS (attest_outlets_parent_class)->finalize (object);
}

static void
attest_outlets_class_init (AttestOutletsClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = attest_outlets_finalize;
}

static void
attest_outlets_init (AttestOutlets *self)
{
  self->canonical = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->spelling = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

static gboolean
is_hyphen (gunichar c)
{
  return c == '-' || c == 0x2010 || c == 0x2011 || c == 0x2012 || c == 0x2013;
}

/* The comparison key of @len bytes of @name; NULL when it is empty. */
static char *
fold (const char *name,
      gssize      len)
{
  g_autoptr(GString) key = g_string_new (NULL);
  g_autofree char *folded = NULL;
  const char *end;
  gboolean space = FALSE;

  if (len < 0)
    len = strlen (name);
  if (!g_utf8_validate_len (name, len, NULL))
    return NULL;

  end = name + len;
  for (const char *p = name; p < end; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c))
        {
          space = key->len > 0;
          continue;
        }
      if (space)
        g_string_append_c (key, ' ');
      space = FALSE;
      if (is_hyphen (c))
        g_string_append_c (key, '-');
      else if (c == 0x2019)
        g_string_append_c (key, '\'');
      else
        g_string_append_unichar (key, c);
    }

  if (key->len == 0)
    return NULL;
  return g_utf8_casefold (key->str, key->len);
}

static void
add (AttestOutlets *self,
     const char    *variant,
     const char    *canonical)
{
  char *key = fold (variant, -1);
  const char *name;

  if (key == NULL)
    return;

  if (!(name = g_hash_table_lookup (self->names, canonical)))
    {
      name = g_strdup (canonical);
      g_hash_table_add (self->names, (char *) name);
    }
  g_hash_table_replace (self->spelling, g_strdup (key), g_strstrip (g_strdup (variant)));
  g_hash_table_replace (self->canonical, key, (char *) name);
}

static void
load_shipped (AttestOutlets *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_auto(GStrv) lines = NULL;
  g_autofree char *contents = NULL;
  gsize size;
  const char *data;

  bytes = g_resource_lookup_data (attest_core_get_resource (), OUTLETS_RESOURCE,
                                  G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
  if (bytes == NULL)
    {
      /* Without the list only outlets named in unambiguous forms are found. */
      g_warning ("Could not load the outlet list: %s", error->message);
      return;
    }

  data = g_bytes_get_data (bytes, &size);
  contents = g_strndup (data, size);
  lines = g_strsplit (contents, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) names = NULL;
      char *line = g_strstrip (lines[i]);

      if (*line == '\0' || *line == '#')
        continue;

      names = g_strsplit (line, "|", -1);
      for (guint j = 0; names[j] != NULL; j++)
        g_strstrip (names[j]);
      if (*names[0] == '\0')
        continue;
      for (guint j = 0; names[j] != NULL; j++)
        add (self, names[j], names[0]);
    }
}

/* The shipped list, parsed once: every import copies it (parsing and
 * case-folding the list took an eighth of an article's import). */
static AttestOutlets *
dup_shipped (void)
{
  static AttestOutlets *shipped = NULL;

  if (g_once_init_enter (&shipped))
    {
      AttestOutlets *outlets = g_object_new (ATTEST_TYPE_OUTLETS, NULL);

      load_shipped (outlets);
      outlets->frozen = TRUE;
      g_once_init_leave (&shipped, outlets);
    }
  return shipped;
}

/**
 * attest_outlets_new:
 *
 * A new list holding the shipped outlets.
 *
 * Returns: (transfer full): a new #AttestOutlets
 */
AttestOutlets *
attest_outlets_new (void)
{
  AttestOutlets *self = g_object_new (ATTEST_TYPE_OUTLETS, NULL);
  AttestOutlets *shipped = dup_shipped ();
  GHashTableIter iter;
  gpointer key, value;

  /* The canonical names first: the other tables point into @names. */
  g_hash_table_iter_init (&iter, shipped->names);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_hash_table_add (self->names, g_strdup (key));
  g_hash_table_iter_init (&iter, shipped->canonical);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_insert (self->canonical, g_strdup (key), g_hash_table_lookup (self->names, value));
  g_hash_table_iter_init (&iter, shipped->spelling);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_insert (self->spelling, g_strdup (key), g_strdup (value));
  return self;
}

/**
 * attest_outlets_get_default:
 *
 * Returns: (transfer none): the shipped list, shared and never changed; do
 *   not add to it
 */
AttestOutlets *
attest_outlets_get_default (void)
{
  return dup_shipped ();
}

/**
 * attest_outlets_add:
 * @self: an #AttestOutlets
 * @variant: a name as written
 * @canonical: the name Attest shows for it
 *
 * Makes @variant a name of @canonical (itself added as its own name when
 * new). Merging: a variant already known under another outlet moves.
 */
void
attest_outlets_add (AttestOutlets *self,
                    const char    *variant,
                    const char    *canonical)
{
  g_autofree char *key = NULL;
  g_autofree char *own = NULL;
  const char *before;

  g_return_if_fail (ATTEST_IS_OUTLETS (self));
  g_return_if_fail (!self->frozen);
  g_return_if_fail (variant != NULL && canonical != NULL);

  add (self, canonical, canonical);
  key = fold (variant, -1);
  before = key ? g_hash_table_lookup (self->canonical, key) : NULL;
  own = before ? fold (before, -1) : NULL;

  /* An outlet merged into another: all its names go with it. */
  if (before != NULL && g_strcmp0 (own, key) == 0 && g_strcmp0 (before, canonical) != 0)
    {
      const char *target = g_hash_table_lookup (self->names, canonical);
      GHashTableIter iter;
      gpointer k, v;

      g_hash_table_iter_init (&iter, self->canonical);
      while (g_hash_table_iter_next (&iter, &k, &v))
        if (v == before)
          g_hash_table_iter_replace (&iter, (gpointer) target);
      g_hash_table_remove (self->names, before);
      return;
    }
  add (self, variant, canonical);
}

/**
 * attest_outlets_lookup:
 * @self: an #AttestOutlets
 * @name: (nullable): a name as written
 *
 * Returns: (transfer none) (nullable): the name Attest shows for @name, or
 *   %NULL when the outlet is not known
 */
const char *
attest_outlets_lookup (AttestOutlets *self,
                       const char    *name)
{
  g_autofree char *key = NULL;

  g_return_val_if_fail (ATTEST_IS_OUTLETS (self), NULL);

  if (name == NULL || !(key = fold (name, -1)))
    return NULL;
  return g_hash_table_lookup (self->canonical, key);
}

static gboolean
is_word_char (gunichar c)
{
  return g_unichar_isalnum (c) || is_hyphen (c) || c == '.' || c == '/' || c == '\'' ||
         c == 0x2019 || c == '&';
}

/**
 * attest_outlets_match:
 * @self: an #AttestOutlets
 * @text: where the name would start
 * @end: how far it may reach
 * @length: (out) (optional): return location for its length in bytes, as written
 *
 * The longest known name starting exactly at @text and ending at a word
 * boundary no further than @end.
 *
 * Returns: (transfer none) (nullable): the canonical name, or %NULL
 */
const char *
attest_outlets_match (AttestOutlets *self,
                      const char    *text,
                      const char    *end,
                      gsize         *length)
{
  const char *ends[MAX_WORDS];
  const char *p = text;
  guint n = 0;

  g_return_val_if_fail (ATTEST_IS_OUTLETS (self), NULL);

  /* The ends of the first words: after each, before a '.', ','… */
  while (p < end && n < MAX_WORDS)
    {
      const char *word = p;

      while (p < end && is_word_char (g_utf8_get_char (p)))
        p = g_utf8_next_char (p);
      if (p == word)
        break;
      ends[n++] = p;
      /* Also the word without a final '.' or "'s": "Gazeta.ru." "Kommersant's". */
      if (p - word > 1 && p[-1] == '.' && n < MAX_WORDS)
        ends[n++] = p - 1;
      if (p < end && *p == ' ')
        p++;
      else
        break;
    }

  for (guint i = n; i-- > 0;)
    {
      g_autofree char *key = NULL;
      const char *name;
      const char *stop = ends[i];

      if (stop - text >= 3 && (stop[-2] == '\'') && (stop[-1] == 's' || stop[-1] == 'S'))
        stop -= 2;
      else if (stop - text >= 5 && memcmp (stop - 4, "\xe2\x80\x99s", 4) == 0)
        stop -= 4;

      key = fold (text, stop - text);
      if (key != NULL && (name = g_hash_table_lookup (self->canonical, key)))
        {
          if (length != NULL)
            *length = stop - text;
          return name;
        }
    }

  return NULL;
}

static int
compare_strings (const void *a,
                 const void *b)
{
  return g_utf8_collate (*(const char * const *) a, *(const char * const *) b);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  const char * const *sa = *(const char * const * const *) a;
  const char * const *sb = *(const char * const * const *) b;

  return g_utf8_collate (sa[0], sb[0]);
}

/**
 * attest_outlets_list:
 * @self: an #AttestOutlets
 *
 * Every canonical name, sorted, with its variants.
 *
 * Returns: (transfer full) (element-type GStrv): one #GStrv per outlet, whose
 *   first element is the canonical name
 */
GPtrArray *
attest_outlets_list (AttestOutlets *self)
{
  GPtrArray *result = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  GHashTableIter iter;
  gpointer key, value;
  g_autoptr(GHashTable) variants = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                          (GDestroyNotify) g_ptr_array_unref);

  g_return_val_if_fail (ATTEST_IS_OUTLETS (self), result);

  g_hash_table_iter_init (&iter, self->names);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      GPtrArray *list = g_ptr_array_new ();

      g_ptr_array_add (list, g_strdup (key));
      g_hash_table_insert (variants, key, list);
    }

  g_hash_table_iter_init (&iter, self->canonical);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      GPtrArray *list = g_hash_table_lookup (variants, value);
      g_autofree char *own = fold (value, -1);

      if (list != NULL && g_strcmp0 (own, key) != 0)
        g_ptr_array_add (list, g_strdup (g_hash_table_lookup (self->spelling, key)));
    }

  g_hash_table_iter_init (&iter, variants);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      GPtrArray *list = value;

      /* The variants after the name, in a stable order. */
      if (list->len > 2)
        qsort (list->pdata + 1, list->len - 1, sizeof (gpointer), compare_strings);
      g_ptr_array_add (list, NULL);
      g_ptr_array_add (result, g_memdup2 (list->pdata, list->len * sizeof (gpointer)));
      g_ptr_array_set_size (list, 0);
    }

  g_ptr_array_sort (result, compare_names);
  return result;
}

/* Words outlets are named with. */
static const char *outlet_words[] = {
  "news", "agency", "times", "post", "press", "radio", "tv", "television", "daily",
  "gazette", "gazeta", "herald", "journal", "tribune", "weekly", "media", "telegraph",
  "review", "monitor", "wire", "newspaper", "broadcasting", "channel", "magazine",
  "online", "pravda", "vestnik", "izvestia", "novosti", "info", "inform", "express",
  "observer", "chronicle", "courier", "report", "reporter", "dispatch", "bulletin",
  NULL,
};

/* Words institutions and people are named with: never an outlet. */
static const char *institution_words[] = {
  "ministry", "minister", "ministers", "government", "council", "committee", "department",
  "parliament", "president", "presidency", "office", "service", "police", "army", "forces",
  "command", "embassy", "court", "prosecutor", "general", "spokesman", "spokeswoman",
  "official", "officials", "duma", "senate", "congress", "bank", "company", "party",
  "organization", "organisation", "union", "commission", "administration", "guard",
  "guards", "border", "security", "staff", "mr", "mrs", "ms", "dr", "colonel", "major",
  NULL,
};

/**
 * attest_outlets_looks_like_outlet:
 * @name: a name the list lacks
 *
 * Whether a name the list lacks looks like an outlet by its form: an
 * acronym ("AKI", "RFE/RL"), a web address ("24.kg"), an inner capital
 * ("AKIpress") or a word news outlets are named with ("… News Agency",
 * "… Times", "… Radio"). People and institutions do not.
 *
 * Returns: %TRUE when @name looks like an outlet
 */
gboolean
attest_outlets_looks_like_outlet (const char *name)
{
  g_auto(GStrv) words = NULL;
  gboolean outlet = FALSE;

  if (name == NULL || !g_utf8_validate (name, -1, NULL) || *name == '\0')
    return FALSE;

  words = g_strsplit_set (name, " ", -1);
  for (guint i = 0; words[i] != NULL; i++)
    {
      const char *w = words[i];
      g_autofree char *lower = g_utf8_strdown (w, -1);
      gsize len = strlen (w);
      guint upper = 0, lower_count = 0;
      gboolean inner_capital = FALSE;

      if (len == 0)
        continue;
      if (g_strv_contains (institution_words, lower))
        return FALSE;
      if (g_strv_contains (outlet_words, lower))
        outlet = TRUE;

      guint leading_upper = 0, run_lower = 0;

      for (const char *p = w; *p != '\0'; p = g_utf8_next_char (p))
        {
          gunichar c = g_utf8_get_char (p);

          if (g_unichar_isupper (c))
            {
              upper++;
              if (lower_count == 0)
                leading_upper++;
              /* "EurasiaNet"; not "McDermott" or "MacDonald". */
              if (run_lower >= 3)
                inner_capital = TRUE;
              run_lower = 0;
            }
          else if (g_unichar_islower (c))
            {
              lower_count++;
              run_lower++;
              /* "AKIpress", "TOLOnews" */
              if (leading_upper >= 2 && lower_count == 1)
                inner_capital = TRUE;
            }
          else
            run_lower = 0;
        }

      /* "AFP", "RFE/RL", "AKIpress", "24.kg", "Gazeta.ru" */
      if ((upper >= 2 && lower_count == 0) || inner_capital ||
          (strchr (w, '.') != NULL && w[len - 1] != '.' && g_ascii_isalpha (w[len - 1])))
        outlet = TRUE;
    }

  return outlet;
}
