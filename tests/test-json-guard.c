/* test-json-guard.c — attest_json_guard_check(): every refusal with its
 * exact message and place, valid JSON accepted, large flat and deep inputs
 * refused fast and without recursion. */
#include "config.h"

#include <string.h>

#include "attest-error.h"
#include "attest-json-guard.h"

static const AttestJsonGuardLimits limits = { .max_depth = 4, .max_values = 20 };

static void
test_valid (void)
{
  static const char *valid[] = {
    "{ \"a\": [ 1, -0, 2.5, -3e+7, 4E-2, 0.0e0 ], \"b\": { \"c\": true, \"d\": false, \"e\": null } }",
    "  \"only a string\"\n",
    "\xEF\xBB\xBF[]",
    "0",
    "[ \"\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u00e9 \\ud83d\\ude00 \\\\u0000 é 😀\" ]",
    "{\"k\":\"}/* not a comment */{\"}\r\n\t",
    "[[[[]]]]",
    "[ { \"a\": 1, \"b\": { \"a\": 2 } }, { \"a\": 3 } ]",
    "[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19]",
  };

  for (guint i = 0; i < G_N_ELEMENTS (valid); i++)
    {
      g_autoptr(GError) error = NULL;

      g_test_message ("%s", valid[i]);
      g_assert_true (attest_json_guard_check (valid[i], strlen (valid[i]), &limits, "ok.json", &error));
      g_assert_no_error (error);
    }
}

static void
test_refused (void)
{
  static const struct { const char *json; gssize len; const char *says; } cases[] = {
    { "", 0, "f.json: the file is empty" },
    { " \n ", -1, "f.json: the file is empty" },
    { "[\n1,\0]", 6, "f.json:2:3: the file holds a NUL byte; it is not JSON text" },
    { "[\n\"Tro\x81ps\"]", -1, "f.json:2:5: the file is not UTF-8 text" },
    { "{\"name\": \"Ana\\u0000Evil\"}", -1,
      "f.json:1:14: a string holds the escape \\u0000 (a NUL character), which Attest cannot keep" },
    { "{\"na\\u0000me\": 1}", -1,
      "f.json:1:5: a string holds the escape \\u0000 (a NUL character), which Attest cannot keep" },
    { "[\"\\\\\\u0000\"]", -1,
      "f.json:1:5: a string holds the escape \\u0000 (a NUL character), which Attest cannot keep" },
    { "[\"\\u00G0\"]", -1, "f.json:1:3: a \\u escape in a string is not followed by four hexadecimal digits" },
    { "[\"\\ud83d x\"]", -1, "f.json:1:3: a string holds half of a UTF-16 surrogate pair alone" },
    { "[\"\\ude00\"]", -1, "f.json:1:3: a string holds half of a UTF-16 surrogate pair alone" },
    { "[\"\\x41\"]", -1, "f.json:1:3: a string holds an escape JSON does not have" },
    { "[\"a\tb\"]", -1, "f.json:1:4: a string holds a control character (U+0009) as it is; JSON writes it as an escape" },
    { "[\"open]", -1, "f.json:1:2: a string is not closed" },
    { "/* block comment */ {}", -1, "f.json:1:1: a comment; JSON has none" },
    /* 2^64 - 1 that json-glib would read as -1, and one digit too many. */
    { "[18446744073709551615]", -1, "f.json:1:2: a number has more than 18 digits" },
    { "{\"a\": -1234567890123456789}", -1, "f.json:1:7: a number has more than 18 digits" },
    { "{}\n// line comment\n", -1, "f.json:2:1: a comment; JSON has none" },
    { "{\"a\": 1}{\"b\": 2}", -1, "f.json:1:9: more follows the end of the JSON value; a file holds one value" },
    { "1 2", -1, "f.json:1:3: more follows the end of the JSON value; a file holds one value" },
    { "[01]", -1, "f.json:1:2: a number is not written as JSON writes numbers" },
    { "[1.]", -1, "f.json:1:2: a number is not written as JSON writes numbers" },
    { "[-]", -1, "f.json:1:2: a number is not written as JSON writes numbers" },
    { "[+1]", -1, "f.json:1:2: “+” is not JSON" },
    { "[NaN]", -1, "f.json:1:2: “N” is not JSON" },
    { "[nul]", -1, "f.json:1:2: “nul” is not JSON (only true, false and null are words)" },
    { "[truex]", -1, "f.json:1:2: “truex” is not JSON (only true, false and null are words)" },
    { "{'a': 1}", -1, "f.json:1:2: “'” is not JSON" },
    { "[1,\x01]", -1, "f.json:1:4: the character U+0001 is not JSON" },
    { "[1,]", -1, "f.json:1:4: a value is expected here" },
    { "[1 2]", -1, "f.json:1:4: “,” or “]” is expected here" },
    { "{\"a\" 1}", -1, "f.json:1:6: “:” is expected here" },
    { "{\"a\": 1,}", -1, "f.json:1:9: a member name in double quotes is expected here" },
    { "{1: 2}", -1, "f.json:1:2: a member name in double quotes or “}” is expected here" },
    { "[}", -1, "f.json:1:2: a value or “]” is expected here" },
    { "{\"a\": 1]", -1, "f.json:1:8: “,” or “}” is expected here" },
    { "]", -1, "f.json:1:1: a value is expected here" },
    { "{\"é\":\n  [1, 2", -1, "f.json:2:8: the file ends before its JSON value does" },
    { "{ \"a\": { \"b\": 1 }, \"b\": 2, \"a\": 3 }", -1, "f.json:1:28: the member “a” appears twice in one object" },
    { "{ \"\\u00e9\\n\": 1, \"é\\u000a\": 2 }", -1, "f.json:1:18: the member “é\\x0a” appears twice in one object" },
    { "{ \"\\ud83d\\ude00\": 1, \"😀\": 2 }", -1, "f.json:1:22: the member “😀” appears twice in one object" },
    { "[[[[[]]]]]", -1, "f.json:1:5: arrays and objects are nested more than 4 deep" },
    { "[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20]", -1,
      "f.json:1:50: more than 20 values (strings, numbers, arrays, objects…)" },
    { "[{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}]", -1,
      "f.json:1:59: more than 20 values (strings, numbers, arrays, objects…)" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      gsize len = cases[i].len < 0 ? strlen (cases[i].json) : (gsize) cases[i].len;

      g_test_message ("%u: %s", i, cases[i].says);
      g_assert_false (attest_json_guard_check (cases[i].json, len, &limits, "f.json", &error));
      g_assert_error (error, ATTEST_ERROR, ATTEST_ERROR_FORMAT);
      g_assert_cmpstr (error->message, ==, cases[i].says);
    }
}

/* A million '[' and ten million scalars: refused at the limit, fast. */
static void
test_large (void)
{
  static const AttestJsonGuardLimits big = { .max_depth = 64, .max_values = 8000000 };
  g_autoptr(GString) deep = g_string_new (NULL);
  g_autoptr(GString) flat = g_string_new ("[1");
  g_autoptr(GError) error = NULL;
  gint64 started;

  for (guint i = 0; i < 1000000; i++)
    g_string_append_c (deep, '[');
  for (guint i = 0; i < 10000000; i++)
    g_string_append (flat, ",1");
  g_string_append_c (flat, ']');

  started = g_get_monotonic_time ();
  g_assert_false (attest_json_guard_check (deep->str, deep->len, &big, "deep.json", &error));
  g_assert_cmpstr (error->message, ==, "deep.json:1:65: arrays and objects are nested more than 64 deep");
  g_clear_error (&error);
  g_assert_false (attest_json_guard_check (flat->str, flat->len, &big, "flat.json", &error));
  /* The array, the first 1, then 7,999,998 more: the next is at offset 1 + 2 × 7,999,999. */
  g_assert_cmpstr (error->message, ==, "flat.json:1:16000000: more than 8000000 values (strings, numbers, arrays, objects…)");
  g_assert_cmpint (g_get_monotonic_time () - started, <, 5 * G_USEC_PER_SEC);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/json-guard/valid", test_valid);
  g_test_add_func ("/json-guard/refused", test_refused);
  g_test_add_func ("/json-guard/large", test_large);

  return g_test_run ();
}
