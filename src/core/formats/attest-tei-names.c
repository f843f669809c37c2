/* attest-tei-names.c — the id rules of Attest's TEI (see attest-tei-names.h). */
#include "config.h"

#include "attest-tei-names.h"

#include <string.h>

#include "attest-rules.h"

gboolean
attest_tei_id_is_uuid (const char *id,
                       const char *prefix)
{
  gsize len = strlen (prefix);

  return id != NULL && strncmp (id, prefix, len) == 0 && attest_rules_is_uuid (id + len);
}

gboolean
attest_tei_id_is_other_person (const char *id)
{
  return id != NULL && id[0] == 'p' && g_ascii_isdigit (id[1]) && id[1] != '0' &&
         strspn (id + 1, "0123456789") == strlen (id + 1);
}

gboolean
attest_tei_parse_count (const char *text,
                        gint64     *out)
{
  guint64 value;

  if (text == NULL || !g_ascii_isdigit (*text) || (text[0] == '0' && text[1] != '\0'))
    return FALSE;
  if (!g_ascii_string_to_unsigned (text, 10, 0, G_MAXINT64, &value, NULL))
    return FALSE;
  *out = value;
  return TRUE;
}

gboolean
attest_tei_parse_anchor_id (const char *id,
                            const char *doc_id,
                            gint64     *out_offset)
{
  gsize prefix = strlen (doc_id);

  return strncmp (id, doc_id, prefix) == 0 &&
         strncmp (id + prefix, ATTEST_TEI_ANCHOR_INFIX, 2) == 0 &&
         attest_tei_parse_count (id + prefix + 2, out_offset);
}

gboolean
attest_tei_parse_control (const char *type,
                          const char *n,
                          gunichar   *out)
{
  guint64 code = 0;

  if (g_strcmp0 (type, "control") != 0 || n == NULL || strncmp (n, "U+", 2) != 0 ||
      strlen (n) < 6 || strlen (n) > 8 || strspn (n + 2, "0123456789ABCDEF") != strlen (n + 2) ||
      !g_ascii_string_to_unsigned (n + 2, 16, 1, 0x10FFFF, &code, NULL) ||
      attest_rules_is_xml_char (code) || (code >= 0xD800 && code <= 0xDFFF))
    return FALSE;
  *out = code;
  return TRUE;
}
