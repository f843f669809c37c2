/* test-faults-vfs.h — a SQLite VFS wrapping "unix" that makes the Nth
 * write, sync or read fail, registered as the default (test-faults*). */
#pragma once

#include <glib.h>
#include <sqlite3.h>

typedef enum {
  FAULT_NONE,
  FAULT_WRITE,
  FAULT_SYNC,
  FAULT_READ,
} FaultTarget;

typedef struct {
  FaultTarget target;
  int         rc;       /* what the failing call returns */
  guint       fail_at;  /* the first call that fails, counting from 1 */
  gboolean    sticky;   /* later calls fail too: a full disk stays full */
  guint       calls;    /* calls of the target kind since armed */
  guint       fired;    /* calls made to fail */
} FaultState;

/* What is armed, and what the armed fault did. */
extern FaultState faults;

void faults_arm         (FaultTarget target,
                         int         rc,
                         gboolean    sticky,
                         guint       fail_at);
void faults_disarm      (void);
void register_fault_vfs (void);
