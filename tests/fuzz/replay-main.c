/* replay-main.c — runs a fuzz target on every file of the folders given
 * (the seed corpus and the crash regressions), so that `meson test` replays
 * them with any compiler, without libFuzzer. Prints TAP. */
#include <glib.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
main (int   argc,
      char *argv[])
{
  guint n = 0;

  for (int a = 1; a < argc; a++)
    {
      g_autoptr(GDir) dir = g_dir_open (argv[a], 0, NULL);
      const char *name;

      while (dir && (name = g_dir_read_name (dir)))
        {
          g_autofree char *path = g_build_filename (argv[a], name, NULL);
          g_autofree char *contents = NULL;
          gsize len = 0;

          if (!g_file_get_contents (path, &contents, &len, NULL))
            continue;
          LLVMFuzzerTestOneInput ((const uint8_t *) contents, len);
          g_print ("ok %u - %s\n", ++n, path);
        }
    }
  g_print ("1..%u\n", n);
  return n > 0 ? 0 : 1;
}
