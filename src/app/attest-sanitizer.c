/* attest-sanitizer.c — compiled into the window and its tests only when
 * they are built with AddressSanitizer (build-aux/dev test-sanitized).
 *
 * GLib grows its quark table by copying it into a bigger block and leaves
 * the old block behind on purpose (gquark.c: lookups stay lock-free). The
 * first block is allocated while the library loads; once GTK has made 2,048
 * quarks it is unreferenced and LeakSanitizer reports it. Without frame
 * pointers in GLib the report's stack ends at g_malloc, so no suppression
 * can single it out. Instead, what the system libraries allocate while
 * they load, before any of Attest's code runs, is not tracked: the
 * executable's preinit function runs before every library constructor, its
 * constructor after them all. Everything from there on is checked.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <sanitizer/asan_interface.h>
#include <sanitizer/lsan_interface.h>

void __asan_init (void);

static void
stop_tracking (void)
{
  /* This may run before the runtime's own preinit; initialising twice is a no-op. */
  __asan_init ();
  __lsan_disable ();
}

__attribute__((section (".preinit_array"), used))
static void (*const attest_preinit) (void) = stop_tracking;

__attribute__((constructor))
static void
start_tracking (void)
{
  __lsan_enable ();
}
