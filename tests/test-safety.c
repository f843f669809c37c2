/* test-safety.c — never lose work: the database's locks, the files the user
 * names, racing processes and messages that say what happened (issue 12).
 *
 * Each case here is one of the failures found by testing from outside, and
 * runs against real files, real attest-cli processes and, for the locks, a
 * second process that asks the kernel who holds them:
 *
 *  - locks: after every operation that reads or writes another file (an
 *    import, an export, a backup, a second store on the same database), this
 *    process still holds its lock on the database, and a CLI run meanwhile
 *    does not remove the WAL;
 *  - targets: exports and backups onto the database (by any name), folders,
 *    pipes and devices are refused and change nothing; new and existing
 *    targets are written whole, with nothing else left in the folder;
 *  - failures: a write that fails (file size limit), a cancelled export, an
 *    export or backup killed at a random moment: the target is as it was or
 *    absent, or complete;
 *  - inputs: the open database, its WAL and a pipe are refused as articles
 *    without blocking;
 *  - untouched: foreign and newer files with a hot journal or a WAL are
 *    refused byte for byte as they were;
 *  - races: processes creating one new database, or upgrading an old one,
 *    all succeed and the schema is made once;
 *  - read-only: a database in a folder nobody may write is read, and a
 *    write is refused as read-only;
 *  - messages: exit codes and wording of the command line.
 *
 * The failures found later by testing from outside: test-safety-outside.c.
 */
#include "test-safety-fixture.h"

/* --------------------------------------------------------------- locks */

typedef gboolean (*Action) (Fixture *f, GError **error);

static gboolean
second_store (Fixture *f, GError **error)
{
  /* What the window's import and export threads do. */
  g_autoptr(AttestStore) other = attest_store_open (f->db, ATTEST_STORE_OPEN_NO_CREATE, error);
  return other != NULL;
}

static gboolean
second_store_read_only (Fixture *f, GError **error)
{
  g_autoptr(AttestStore) other = attest_store_open (f->db, ATTEST_STORE_OPEN_READ_ONLY, error);
  return other != NULL;
}

static gboolean
import_article (Fixture *f, GError **error)
{
  g_autofree char *path = attest_test_sample_path ("000_7978e9767d1c15ca.txt");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(AttestDocument) doc = attest_article_reader_read_file (file, NULL, error);
  g_autoptr(AttestDocument) stored = doc ? attest_store_add_document (f->store, doc, NULL, error) : NULL;
  return stored != NULL;
}

static gboolean
export_tei (Fixture *f, GError **error)
{
  g_autofree char *path = g_build_filename (f->dir, "corpus.xml", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(AttestStore) reader = attest_store_open (f->db, ATTEST_STORE_OPEN_READ_ONLY, error);
  return reader && attest_tei_writer_write_file (reader, NULL, file, NULL, NULL, NULL, NULL, error);
}

static gboolean
export_csv (Fixture *f, GError **error)
{
  g_autofree char *path = g_build_filename (f->dir, "claims.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  return attest_table_writer_write_file (f->store, ATTEST_TABLE_FORMAT_CSV, NULL, file, NULL,
                                         NULL, NULL, NULL, error);
}

static gboolean
backup (Fixture *f, GError **error)
{
  g_autofree char *path = g_build_filename (f->dir, "copy.db", NULL);
  g_unlink (path);
  return attest_store_backup (f->store, path, error);
}

static gboolean
import_tei (Fixture *f, GError **error)
{
  g_autofree char *path = g_build_filename (f->dir, "corpus.xml", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  return attest_tei_reader_import_file (f->store, file, NULL, NULL, NULL, NULL, error);
}

static gboolean
merge_copy (Fixture *f, GError **error)
{
  g_autofree char *path = g_build_filename (f->dir, "copy.db", NULL);
  return attest_store_merge (f->store, path, NULL, error);
}

static gboolean
refused_read_database (Fixture *f, GError **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (f->db);
  g_autoptr(AttestDocument) doc = attest_article_reader_read_file (file, NULL, error);
  g_assert_null (doc);
  g_assert_error (*error, ATTEST_ERROR, ATTEST_ERROR_INVALID);
  g_clear_error (error);
  return TRUE;
}

static gboolean
refused_read_wal (Fixture *f, GError **error)
{
  g_autofree char *wal = g_strconcat (f->db, "-wal", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (wal);
  gboolean refused = !attest_tei_reader_check_file (file, NULL, error);
  g_assert_true (refused);
  g_assert_error (*error, ATTEST_ERROR, ATTEST_ERROR_INVALID);
  g_clear_error (error);
  return TRUE;
}

static gboolean
refused_export_onto_database (Fixture *f, GError **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (f->db);
  g_assert_false (attest_table_writer_write_file (f->store, ATTEST_TABLE_FORMAT_JSONL, NULL, file, NULL,
                                                  NULL, NULL, NULL, error));
  g_assert_error (*error, ATTEST_ERROR, ATTEST_ERROR_INVALID);
  g_clear_error (error);
  return TRUE;
}

/* The window lost its locks after an import or an export: a store opened
 * for the job read the file's header with fopen()/fclose(), and POSIX locks
 * belong to the process. A CLI run then took itself for the last user and
 * removed the WAL under the window's feet. */
static void
test_locks_kept (Fixture       *f,
                 gconstpointer  data)
{
  static const struct { const char *name; Action action; } actions[] = {
    { "a second store on the database", second_store },
    { "a read-only store on the database", second_store_read_only },
    { "an article import", import_article },
    { "a TEI export through its own store", export_tei },
    { "a CSV export", export_csv },
    { "a backup", backup },
    { "a TEI import", import_tei },
    { "a merge of the backup", merge_copy },
    { "reading the database as an article (refused)", refused_read_database },
    { "reading its WAL as TEI (refused)", refused_read_wal },
    { "an export onto the database (refused)", refused_export_onto_database },
  };
  g_autofree char *wal = g_strconcat (f->db, "-wal", NULL);
  gint64 claims = 4;

  g_assert_true (holds_locks (f->db, getpid ()));
  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    {
      g_autoptr(GError) error = NULL;

      g_test_message ("after %s", actions[i].name);
      g_assert_true (actions[i].action (f, &error));
      g_assert_no_error (error);
      g_assert_true (holds_locks (f->db, getpid ()));

      /* A teammate's command runs and ends: it must see us and leave the
       * WAL; its claim and ours both stay. */
      {
        g_auto(AttestTestRun) r = cli (NULL, "--db", f->db, "--annotator", "Boris", "annotate", f->doc,
                             "--category", "training", "--range", "10:20");
        g_autoptr(AttestClaim) ours = NULL;

        g_assert_cmpint (r.status, ==, 0);
        g_assert_true (g_file_test (wal, G_FILE_TEST_EXISTS));
        ours = attest_store_add_claim (f->store, f->doc, 30 + i, 40 + i, "training", NULL, NULL, &error);
        g_assert_no_error (error);
        claims += 2;
      }
    }

  g_clear_object (&f->store);
  g_assert_cmpint (count_rows (f->db, "SELECT count(*) FROM claims WHERE NOT deleted"), ==, claims);
  g_assert_cmpint (count_rows (f->db, "SELECT count(*) FROM pragma_integrity_check WHERE integrity_check = 'ok'"),
                   ==, 1);
}

/* -------------------------------------------------------------- targets */

typedef enum { WRITE_TEI, WRITE_CSV, WRITE_JSONL, WRITE_BACKUP } Writer;
static const char * const writer_names[] = { "tei", "csv", "jsonl", "backup" };

static gboolean
write_with (Fixture    *f,
            Writer      writer,
            const char *target,
            GError    **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (target);

  switch (writer)
    {
    case WRITE_TEI:
      return attest_tei_writer_write_file (f->store, NULL, file, NULL, NULL, NULL, NULL, error);
    case WRITE_CSV:
    case WRITE_JSONL:
      return attest_table_writer_write_file (f->store, writer == WRITE_CSV ? ATTEST_TABLE_FORMAT_CSV
                                                                            : ATTEST_TABLE_FORMAT_JSONL,
                                             NULL, file, NULL, NULL, NULL, NULL, error);
    case WRITE_BACKUP:
    default:
      return attest_store_backup (f->store, target, error);
    }
}

typedef struct {
  const char *name;
  const char *setup;      /* what the target is; see make_target() */
  int         tei;        /* expected: 0 written, else the ATTEST_ERROR code + 1 */
  int         backup;
} TargetCase;

/* Makes "target" in @f->dir what @kind says and returns its path. */
static char *
make_target (Fixture    *f,
             const char *kind)
{
  g_autofree char *target = g_build_filename (f->dir, "target", NULL);
  g_autofree char *other = g_build_filename (f->dir, "elsewhere.txt", NULL);

  if (g_str_equal (kind, "new"))
    ;
  else if (g_str_equal (kind, "existing"))
    g_assert_true (g_file_set_contents (target, "old contents\n", -1, NULL));
  else if (g_str_equal (kind, "symlink-to-file"))
    {
      g_assert_true (g_file_set_contents (other, "old contents\n", -1, NULL));
      g_assert_cmpint (symlink ("elsewhere.txt", target), ==, 0);
    }
  else if (g_str_equal (kind, "dangling-symlink"))
    g_assert_cmpint (symlink ("elsewhere.txt", target), ==, 0);
  else if (g_str_equal (kind, "database"))
    return g_strdup (f->db);
  else if (g_str_equal (kind, "database-relative"))
    {
      g_autofree char *sub = g_build_filename (f->dir, "sub", NULL);
      g_mkdir (sub, 0755);
      return g_build_filename (f->dir, "sub", "..", "team.db", NULL);
    }
  else if (g_str_equal (kind, "hard-link-to-database"))
    g_assert_cmpint (link (f->db, target), ==, 0);
  else if (g_str_equal (kind, "symlink-to-database"))
    g_assert_cmpint (symlink ("team.db", target), ==, 0);
  else if (g_str_equal (kind, "wal"))
    return g_strconcat (f->db, "-wal", NULL);
  else if (g_str_equal (kind, "shm"))
    return g_strconcat (f->db, "-shm", NULL);
  else if (g_str_equal (kind, "journal"))
    return g_strconcat (f->db, "-journal", NULL);
  else if (g_str_equal (kind, "folder"))
    g_assert_cmpint (g_mkdir (target, 0755), ==, 0);
  else if (g_str_equal (kind, "fifo"))
    g_assert_cmpint (mkfifo (target, 0644), ==, 0);
  else if (g_str_equal (kind, "device"))
    return g_strdup ("/dev/null");
  else if (g_str_equal (kind, "missing-folder"))
    return g_build_filename (f->dir, "no-such-folder", "out", NULL);
  else
    g_assert_not_reached ();
  return g_steal_pointer (&target);
}

static void
clear_targets (Fixture *f)
{
  static const char * const names[] = { "target", "elsewhere.txt", "sub" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = g_build_filename (f->dir, names[i], NULL);
      struct stat st;

      if (lstat (path, &st) == 0 && S_ISDIR (st.st_mode))
        g_rmdir (path);
      else
        g_unlink (path);
    }
}

static void
test_targets (Fixture       *f,
              gconstpointer  data)
{
#define REFUSED(code) ((code) + 1)
  static const TargetCase cases[] = {
    { "a new file", "new", 0, 0 },
    { "an existing file", "existing", 0, REFUSED (ATTEST_ERROR_INVALID) },
    { "a symbolic link to a file", "symlink-to-file", 0, REFUSED (ATTEST_ERROR_INVALID) },
    { "a dangling symbolic link", "dangling-symlink", 0, 0 },
    { "the database", "database", REFUSED (ATTEST_ERROR_INVALID), REFUSED (ATTEST_ERROR_INVALID) },
    { "the database through sub/..", "database-relative", REFUSED (ATTEST_ERROR_INVALID), REFUSED (ATTEST_ERROR_INVALID) },
    { "a hard link to the database", "hard-link-to-database", REFUSED (ATTEST_ERROR_INVALID), REFUSED (ATTEST_ERROR_INVALID) },
    { "a symbolic link to the database", "symlink-to-database", REFUSED (ATTEST_ERROR_INVALID), REFUSED (ATTEST_ERROR_INVALID) },
    { "the database's WAL", "wal", REFUSED (ATTEST_ERROR_INVALID), REFUSED (ATTEST_ERROR_INVALID) },
    { "the database's shared memory", "shm", REFUSED (ATTEST_ERROR_INVALID), REFUSED (ATTEST_ERROR_INVALID) },
    { "the database's journal name", "journal", REFUSED (ATTEST_ERROR_INVALID), REFUSED (ATTEST_ERROR_INVALID) },
    { "a folder", "folder", REFUSED (ATTEST_ERROR_INVALID), REFUSED (ATTEST_ERROR_INVALID) },
    { "a named pipe", "fifo", REFUSED (ATTEST_ERROR_INVALID), REFUSED (ATTEST_ERROR_INVALID) },
    { "a device", "device", REFUSED (ATTEST_ERROR_INVALID), REFUSED (ATTEST_ERROR_INVALID) },
    { "a missing folder", "missing-folder", REFUSED (ATTEST_ERROR_IO), REFUSED (ATTEST_ERROR_IO) },
  };
#undef REFUSED

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    for (Writer w = WRITE_TEI; w <= WRITE_BACKUP; w++)
      {
        g_autoptr(GError) error = NULL;
        g_autofree char *target = make_target (f, cases[i].setup);
        g_autofree char *before_listing = listing (f->dir);
        g_autofree char *before_target = fingerprint (target);
        g_autofree char *before_db = fingerprint (f->db);
        g_autofree char *after_listing = NULL;
        int expected = w == WRITE_BACKUP ? cases[i].backup : cases[i].tei;
        gboolean ok;

        g_test_message ("%s onto %s", writer_names[w], cases[i].name);
        ok = write_with (f, w, target, &error);
        if (expected == 0)
          {
            g_autofree char *written = NULL;

            g_assert_no_error (error);
            g_assert_true (ok);
            /* Written whole: the file (or the one a link points to) is
             * complete, and nothing else appeared in the folder. */
            g_assert_true (g_file_get_contents (target, &written, NULL, NULL));
            if (w == WRITE_BACKUP)
              g_assert_cmpint (count_rows (target, "SELECT count(*) FROM claims"), ==, 4);
            else if (w == WRITE_TEI)
              g_assert_nonnull (strstr (written, "</teiCorpus>"));
            else
              g_assert_cmpint (count_pieces (written, "\n"), ==, w == WRITE_CSV ? 6 : 5);
          }
        else
          {
            g_assert_false (ok);
            g_assert_error (error, ATTEST_ERROR, expected - 1);
            assert_made_str (fingerprint (target), before_target);
          }
        after_listing = listing (f->dir);
        if (expected == 0 && (g_str_equal (cases[i].setup, "new") || g_str_equal (cases[i].setup, "dangling-symlink")))
          {
            /* The one new name is the target (or the file a link names). */
            g_autofree char *expected_listing = NULL;
            g_autofree char *added = g_str_equal (cases[i].setup, "new") ? g_strdup ("target")
                                                                          : g_strdup ("elsewhere.txt");
            g_auto(GStrv) names = g_strsplit (before_listing, " ", -1);
            g_autoptr(GStrvBuilder) b = g_strv_builder_new ();
            g_auto(GStrv) all = NULL;
            g_autoptr(GPtrArray) sorted = g_ptr_array_new ();

            g_strv_builder_addv (b, (const char **) names);
            g_strv_builder_add (b, added);
            all = g_strv_builder_end (b);
            for (guint k = 0; all[k]; k++)
              g_ptr_array_add (sorted, all[k]);
            g_ptr_array_sort (sorted, compare_names);
            g_ptr_array_add (sorted, NULL);
            expected_listing = g_strjoinv (" ", (char **) sorted->pdata);
            g_assert_cmpstr (after_listing, ==, expected_listing);
          }
        else
          g_assert_cmpstr (after_listing, ==, before_listing);
        /* The database is never touched by a refused write. */
        if (expected != 0)
          assert_made_str (fingerprint (f->db), before_db);
        g_assert_true (holds_locks (f->db, getpid ()));
        clear_targets (f);
      }
}

/* An export that selects nothing writes nothing. */
static void
test_empty_selection (Fixture       *f,
                      gconstpointer  data)
{
  static const struct { const char *args[8]; } cases[] = {
    { { "export", "csv", "--status", "accepted" } },
    { { "export", "jsonl", "--annotator", "Ana", "--status", "rejected" } },
    { { "export", "tei", "--status", "accepted" } },
    { { "export", "tei", "--category", "training" } },
  };
  g_autofree char *target = g_build_filename (f->dir, "out", NULL);
  g_autofree char *existing = g_build_filename (f->dir, "existing", NULL);

  g_assert_true (g_file_set_contents (existing, "keep me", -1, NULL));
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    for (guint k = 0; k < 2; k++)
      {
        const char *to = k ? existing : target;
        const char *argv[12] = { "--db", f->db };
        guint n = 2;
        g_auto(AttestTestRun) r = { 0 };
        g_autofree char *contents = NULL;

        for (guint a = 0; cases[i].args[a]; a++)
          argv[n++] = cases[i].args[a];
        argv[n++] = "-o";
        argv[n++] = to;
        r = attest_test_cli_argv (NULL, argv);
        g_assert_cmpint (r.status, ==, 3);
        g_assert_nonnull (strstr (r.err, "Nothing to export"));
        if (k)
          {
            g_assert_true (g_file_get_contents (existing, &contents, NULL, NULL));
            g_assert_cmpstr (contents, ==, "keep me");
          }
        else
          g_assert_false (g_file_test (target, G_FILE_TEST_EXISTS));
      }
}

/* ------------------------------------------------------------- failures */

/* A write that fails half-way. First with the file size limit
 * (RLIMIT_FSIZE: the next write fails with EFBIG), then, where this
 * system lets a process mount in its own namespace, on a real full disk
 * (a 16 KiB tmpfs): ENOSPC. The database is read read-only and stays
 * open here, so only the export writes. */
static void
test_failed_write (Fixture       *f,
                   gconstpointer  data)
{
  static const char * const formats[] = { "tei", "csv", "jsonl" };
  g_autofree char *existing = g_build_filename (f->dir, "existing.out", NULL);
  g_autofree char *fresh = g_build_filename (f->dir, "fresh.out", NULL);
  g_autofree char *mount_point = g_build_filename (f->dir, "small-disk", NULL);
  gboolean can_mount;

  /* Enough claims for the output to pass 16 KiB. */
  for (int i = 0; i < 90; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(AttestClaim) c = attest_store_add_claim (f->store, f->doc, i * 20, i * 20 + 15, "training",
                                                         "high", "a comment long enough to take some room",
                                                         &error);
      g_assert_no_error (error);
    }

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    for (guint k = 0; k < 2; k++)
      {
        const char *target = k ? existing : fresh;
        g_autofree char *before = NULL;
        g_autofree char *before_listing = NULL;
        g_autofree char *script = NULL;
        g_autofree char *out = NULL, *err = NULL;
        int status;

        g_assert_true (g_file_set_contents (existing, "old contents\n", -1, NULL));
        g_unlink (fresh);
        before = digest (target);
        before_listing = listing (f->dir);
        /* SIGXFSZ ignored: the write fails instead of killing. */
        script = g_strdup_printf ("trap '' XFSZ; ulimit -f 4; exec \"$0\" --read-only --db \"$1\" export %s -o \"$2\"",
                                  formats[i]);
        status = run_limited (script, f->db, target, &out, &err);
        g_test_message ("%s onto %s file, size limit: %d %s", formats[i], k ? "an existing" : "a new", status, err);
        g_assert_cmpint (status, ==, 8);
        g_assert_nonnull (strstr (err, "File too large"));
        assert_made_str (digest (target), before);
        assert_made_str (listing (f->dir), before_listing);
      }

  g_assert_cmpint (g_mkdir (mount_point, 0755), ==, 0);
  {
    g_autofree char *unshare = g_find_program_in_path ("unshare");
    g_autofree char *out = NULL;

    can_mount = unshare != NULL &&
                run_limited ("unshare -rm sh -c 'mount -t tmpfs -o size=16k tmpfs \"$2\"' \"$0\" \"$1\" \"$2\"",
                             f->db, mount_point, &out, NULL) == 0;
  }
  if (!can_mount)
    {
      g_test_message ("this system does not let a process mount a small disk; ENOSPC not tried");
      return;
    }
  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    for (guint k = 0; k < 2; k++)
      {
        g_autofree char *script = NULL;
        g_autofree char *out = NULL, *err = NULL;
        int status;

        /* Inside its own mount namespace the script mounts the small disk,
         * fills most of it, exports onto it and reports what is there. */
        script = g_strdup_printf (
          "exec unshare -rm sh -c '"
          "mount -t tmpfs -o size=16k tmpfs \"$2\" || exit 99; "
          "printf \"old contents\\n\" > \"$2/existing.out\"; "
          "dd if=/dev/zero of=\"$2/filler\" bs=1024 count=10 2>/dev/null; "
          "\"$0\" --read-only --db \"$1\" export %s -o \"$2/%s\"; "
          "echo \"status=$?\"; ls -A \"$2\" | tr \"\\n\" \" \"; echo; cat \"$2/existing.out\"' "
          "\"$0\" \"$1\" \"$2\"",
          formats[i], k ? "existing.out" : "fresh.out");
        status = run_limited (script, f->db, mount_point, &out, &err);
        g_test_message ("%s onto %s file, full disk: %d %s %s", formats[i], k ? "an existing" : "a new",
                        status, out, err);
        g_assert_cmpint (status, ==, 0);
        g_assert_nonnull (strstr (out, "status=8\n"));
        g_assert_nonnull (strstr (err, "full"));
        /* Nothing but what was there, and the old file as it was. */
        g_assert_nonnull (strstr (out, "\nexisting.out filler \nold contents\n"));
      }
}

static void
cancel_on_progress (guint done, guint total, gpointer data)
{
  g_cancellable_cancel (data);
}

static void
test_cancelled_export (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *target = g_build_filename (f->dir, "corpus.xml", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (target);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *before = listing (f->dir);

  g_assert_false (attest_tei_writer_write_file (f->store, NULL, file, NULL, cancel_on_progress,
                                                cancellable, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  assert_made_str (listing (f->dir), before);
}

/* Exports and backups killed with SIGKILL at random moments: the target is
 * absent or complete, and the folder holds nothing else. */
static void
test_killed_writes (Fixture       *f,
                    gconstpointer  data)
{
  static const char * const kinds[] = { "tei", "csv", "backup" };
  g_autofree char *target = g_build_filename (f->dir, "out", NULL);
  g_autofree char *before = NULL;
  guint complete = 0;
  guint absent = 0;

  /* A corpus that takes a moment to write. */
  for (guint i = 0; i < 5; i++)
    {
      static const char * const names[] = { "000_7978e9767d1c15ca.txt", "001_e5288724e250c3ef.txt",
                                             "003_5296401f81ea8387.txt", "004_c3d161883663a3cb.txt",
                                             "002_362495c372b1300c.txt" };
      g_autoptr(AttestDocument) d = attest_test_import_sample (f->store, names[i], NULL);
      g_autoptr(GArray) specs = g_array_new (FALSE, FALSE, sizeof (AttestClaimSpec));
      g_autoptr(GArray) ids = NULL;
      g_autoptr(GError) error = NULL;

      for (gint64 s = 0; s + 12 < d->length; s += 3)
        {
          AttestClaimSpec spec = { s, s + 12, "training", NULL, "killed export" };
          g_array_append_val (specs, spec);
        }
      ids = attest_store_add_claims (f->store, d->uuid, (AttestClaimSpec *) specs->data, specs->len, &error);
      g_assert_no_error (error);
    }
  g_clear_object (&f->store);
  before = listing (f->dir);

  for (guint round = 0; round < 36; round++)
    {
      const char *kind = kinds[round % G_N_ELEMENTS (kinds)];
      g_autoptr(GSubprocess) proc = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *after = NULL;

      g_unlink (target);
      if (g_str_equal (kind, "backup"))
        proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error,
                                 g_getenv ("ATTEST_CLI"), "--db", f->db, "backup", target, NULL);
      else
        proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error,
                                 g_getenv ("ATTEST_CLI"), "--db", f->db, "export", kind, "-o", target, NULL);
      g_assert_no_error (error);
      g_usleep (g_random_int_range (0, 400) * G_TIME_SPAN_MILLISECOND / 4);
      g_subprocess_force_exit (proc);
      g_subprocess_wait (proc, NULL, NULL);

      if (g_file_test (target, G_FILE_TEST_EXISTS))
        {
          g_autofree char *contents = NULL;
          gsize length = 0;

          complete++;
          g_assert_true (g_file_get_contents (target, &contents, &length, NULL));
          if (g_str_equal (kind, "backup"))
            {
              g_assert_cmpint (count_rows (target, "SELECT count(*) FROM pragma_integrity_check"
                                                   " WHERE integrity_check = 'ok'"), ==, 1);
              g_assert_cmpint (count_rows (target, "SELECT count(*) FROM claims"), ==,
                               count_rows (f->db, "SELECT count(*) FROM claims"));
            }
          else if (g_str_equal (kind, "tei"))
            g_assert_true (g_str_has_suffix (g_strchomp (contents), "</teiCorpus>"));
          else
            g_assert_cmpint (count_pieces (contents, "\r\n") - 2, ==,
                             count_rows (f->db, "SELECT count(*) FROM claims"));
          g_unlink (target);
        }
      else
        absent++;
      after = listing (f->dir);
      /* The database's own -wal and -shm may come and go with the CLI. */
      {
        g_autoptr(GString) clean = g_string_new (NULL);
        g_auto(GStrv) names = g_strsplit (after, " ", -1);

        for (guint k = 0; names[k]; k++)
          if (!g_str_has_prefix (names[k], "team.db-"))
            g_string_append_printf (clean, "%s%s", clean->len ? " " : "", names[k]);
        g_assert_cmpstr (clean->str, ==, before);
      }
    }
  g_test_message ("%u writes killed before they finished, %u finished first", absent, complete);
  g_assert_cmpuint (absent, >, 0);
}

/* ---------------------------------------------------------------- inputs */

static void
test_inputs_refused (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *fifo = g_build_filename (f->dir, "pipe.txt", NULL);
  g_autofree char *wal = g_strconcat (f->db, "-wal", NULL);
  g_autofree char *link = g_build_filename (f->dir, "article.txt", NULL);
  const char *inputs[] = { f->db, wal, link, fifo, "/dev/zero", f->dir };

  g_assert_cmpint (mkfifo (fifo, 0644), ==, 0);
  g_assert_cmpint (symlink ("team.db", link), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      g_autoptr(GFile) file = g_file_new_for_path (inputs[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(AttestDocument) doc = NULL;
      gint64 started = g_get_monotonic_time ();

      g_test_message ("importing %s", inputs[i]);
      doc = attest_article_reader_read_file (file, NULL, &error);
      g_assert_null (doc);
      g_assert_nonnull (error);
      g_assert_true (error->domain == ATTEST_ERROR);
      g_assert_cmpint (g_get_monotonic_time () - started, <, 5 * G_TIME_SPAN_SECOND);
      g_assert_false (attest_tei_reader_check_file (file, NULL, NULL));
      g_assert_true (holds_locks (f->db, getpid ()));
    }

  /* The same through the command line, with its exit code. */
  {
    g_auto(AttestTestRun) a = cli (NULL, "--db", f->db, "import", fifo);
    g_auto(AttestTestRun) b = cli (NULL, "--db", f->db, "import", f->db);
    g_auto(AttestTestRun) c = cli (NULL, "--db", f->db, "import-tei", wal);

    g_assert_cmpint (a.status, ==, 4);
    g_assert_nonnull (strstr (a.err, "not a regular file"));
    g_assert_cmpint (b.status, ==, 4);
    g_assert_nonnull (strstr (b.err, "is the database Attest has open"));
    g_assert_cmpint (c.status, ==, 4);
  }
}

/* ------------------------------------------------------------ untouched */

typedef enum { LEAVE_WAL, LEAVE_JOURNAL } Leftover;

/* Writes a database with @pragma, then kills the writer in the middle of
 * things so that a WAL with frames (or a hot journal) is left beside it. */
static void
leave_behind (const char *path,
              const char *setup,
              Leftover    leftover)
{
  pid_t child = fork ();
  int status;

  g_assert_cmpint (child, >=, 0);
  if (child == 0)
    {
      sqlite3 *db = NULL;

      if (sqlite3_open (path, &db) != SQLITE_OK)
        _exit (1);
      if (leftover == LEAVE_WAL)
        sqlite3_exec (db, "PRAGMA journal_mode = WAL; PRAGMA wal_autocheckpoint = 0", NULL, NULL, NULL);
      if (sqlite3_exec (db, setup, NULL, NULL, NULL) != SQLITE_OK)
        _exit (1);
      if (leftover == LEAVE_JOURNAL)
        sqlite3_exec (db, "PRAGMA cache_size = 2; BEGIN;"
                          " UPDATE filler SET x = randomblob (300);", NULL, NULL, NULL);
      else
        sqlite3_exec (db, "UPDATE filler SET x = randomblob (300)", NULL, NULL, NULL);
      kill (getpid (), SIGKILL);
      _exit (1);
    }
  g_assert_cmpint (waitpid (child, &status, 0), ==, child);
  g_assert_true (WIFSIGNALED (status));
}

static void
test_untouched (Fixture       *f,
                gconstpointer  data)
{
  static const struct {
    const char *name;
    const char *setup;
    Leftover    leftover;
    int         code;
  } cases[] = {
    { "another program's database with a WAL",
      "PRAGMA application_id = 12345; CREATE TABLE filler (x);"
      " WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000)"
      " INSERT INTO filler SELECT randomblob (200) FROM n;", LEAVE_WAL, ATTEST_ERROR_NOT_OURS },
    { "another program's database with a hot journal",
      "PRAGMA application_id = 12345; CREATE TABLE filler (x);"
      " WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000)"
      " INSERT INTO filler SELECT randomblob (200) FROM n;", LEAVE_JOURNAL, ATTEST_ERROR_NOT_OURS },
    { "a newer Attest's database with a WAL",
      "PRAGMA application_id = 1096045396; PRAGMA user_version = 99; CREATE TABLE filler (x);"
      " WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000)"
      " INSERT INTO filler SELECT randomblob (200) FROM n;", LEAVE_WAL, ATTEST_ERROR_NEWER_SCHEMA },
    { "an SQLite file without an id, with tables and a WAL",
      "CREATE TABLE filler (x);"
      " WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000)"
      " INSERT INTO filler SELECT randomblob (200) FROM n;", LEAVE_WAL, ATTEST_ERROR_NOT_OURS },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("%s/other-%u.db", f->dir, i);
      g_autofree char *wal = g_strconcat (path, "-wal", NULL);
      g_autofree char *journal = g_strconcat (path, "-journal", NULL);
      g_autofree char *db_before = NULL, *wal_before = NULL, *journal_before = NULL;

      g_test_message ("%s", cases[i].name);
      leave_behind (path, cases[i].setup, cases[i].leftover);
      g_assert_true (g_file_test (cases[i].leftover == LEAVE_WAL ? wal : journal, G_FILE_TEST_EXISTS));
      db_before = digest (path);
      wal_before = digest (wal);
      journal_before = digest (journal);

      for (guint flags = 0; flags < 2; flags++)
        {
          g_autoptr(GError) error = NULL;
          g_autoptr(AttestStore) store = attest_store_open (path, flags ? ATTEST_STORE_OPEN_READ_ONLY
                                                                        : ATTEST_STORE_OPEN_DEFAULT, &error);

          g_assert_null (store);
          g_assert_error (error, ATTEST_ERROR, cases[i].code);
          g_assert_nonnull (strstr (error->message, "left untouched"));
        }
      {
        g_autoptr(GError) error = NULL;

        g_assert_false (attest_store_merge (f->store, path, NULL, &error));
        g_assert_error (error, ATTEST_ERROR, cases[i].code);
      }
      {
        g_autofree char *article = attest_test_sample_path ("000_7978e9767d1c15ca.txt");
        g_auto(AttestTestRun) r = cli (NULL, "--db", path, "import", article);

        g_assert_cmpint (r.status, ==, 5);
        g_assert_nonnull (strstr (r.err, "left untouched"));
      }
      assert_made_str (digest (path), db_before);
      assert_made_str (digest (wal), wal_before);
      assert_made_str (digest (journal), journal_before);
    }

  /* A pipe given as the database is refused at once, not read. */
  {
    g_autofree char *fifo = g_build_filename (f->dir, "pipe.db", NULL);
    gint64 started = g_get_monotonic_time ();
    g_assert_cmpint (mkfifo (fifo, 0644), ==, 0);
    {
      g_auto(AttestTestRun) r = cli (NULL, "--db", fifo, "documents");

      g_assert_cmpint (r.status, ==, 5);
      g_assert_nonnull (strstr (r.err, "not a regular file"));
    }
    g_assert_cmpint (g_get_monotonic_time () - started, <, 5 * G_TIME_SPAN_SECOND);
  }
}

/* ---------------------------------------------------------------- races */

static void
spawn_all (GPtrArray   *procs,
           guint        n,
           const char  *db,
           const char  *command)
{
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *path = attest_test_sample_path (attest_test_samples[i % ATTEST_TEST_N_SAMPLES]);
      g_autofree char *who = g_strdup_printf ("Racer %u", i);
      g_autoptr(GError) error = NULL;
      GSubprocess *proc;

      if (g_str_equal (command, "import"))
        proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error,
                                 g_getenv ("ATTEST_CLI"), "--db", db, "--annotator", who, "import", path, NULL);
      else
        proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error,
                                 g_getenv ("ATTEST_CLI"), "--db", db, "documents", NULL);
      g_assert_no_error (error);
      g_ptr_array_add (procs, proc);
    }
}

static void
wait_all_ok (GPtrArray *procs)
{
  for (guint i = 0; i < procs->len; i++)
    {
      g_autofree char *err = NULL;

      g_subprocess_communicate_utf8 (g_ptr_array_index (procs, i), NULL, NULL, NULL, &err, NULL);
      if (g_subprocess_get_exit_status (g_ptr_array_index (procs, i)) != 0)
        g_error ("a racing process failed: %s", err);
    }
}

/* Several processes create one new database at once: before, most failed
 * with "table annotators already exists" or "another program's database". */
static void
test_create_race (Fixture       *f,
                  gconstpointer  data)
{
  for (guint round = 0; round < 12; round++)
    {
      g_autofree char *db = g_strdup_printf ("%s/new-%u.db", f->dir, round);
      g_autoptr(GPtrArray) procs = g_ptr_array_new_with_free_func (g_object_unref);

      spawn_all (procs, 8, db, "import");
      wait_all_ok (procs);
      g_assert_cmpint (count_rows (db, "SELECT count(*) FROM documents"), ==, 5);
      g_assert_cmpint (count_rows (db, "SELECT count(*) FROM annotators"), ==, 0);
      g_assert_cmpint (count_rows (db, "SELECT user_version FROM pragma_user_version"), ==,
                       ATTEST_STORE_SCHEMA_VERSION);
      g_assert_cmpint (count_rows (db, "SELECT count(*) FROM categories"), ==,
                       count_rows (f->db, "SELECT count(*) FROM categories"));
    }
}

static void
test_upgrade_race (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *backup_name = g_strdup_printf ("%s.before-v%d.bak", f->db, ATTEST_STORE_SCHEMA_VERSION);

  g_clear_object (&f->store);
  for (guint round = 0; round < 6; round++)
    {
      g_autoptr(GPtrArray) procs = g_ptr_array_new_with_free_func (g_object_unref);

      g_unlink (backup_name);
      make_version_1 (f->db);
      g_assert_cmpint (count_rows (f->db, "SELECT user_version FROM pragma_user_version"), ==, 1);

      spawn_all (procs, 8, f->db, round % 2 ? "documents" : "import");
      wait_all_ok (procs);
      g_assert_cmpint (count_rows (f->db, "SELECT user_version FROM pragma_user_version"), ==,
                       ATTEST_STORE_SCHEMA_VERSION);
      g_assert_cmpint (count_rows (f->db, "SELECT count(*) FROM sqlite_schema WHERE name = 'history_curation'"),
                       ==, 1);
      /* The copy taken before the upgrade: whole, at version 1. */
      g_assert_cmpint (count_rows (backup_name, "SELECT user_version FROM pragma_user_version"), ==, 1);
      g_assert_cmpint (count_rows (backup_name, "SELECT count(*) FROM claims"), ==, 4);
      g_assert_cmpint (count_rows (backup_name, "SELECT count(*) FROM pragma_integrity_check"
                                                " WHERE integrity_check = 'ok'"), ==, 1);
      g_assert_cmpint (count_rows (f->db, "SELECT count(*) FROM claims"), ==, 4);
    }
}

/* ------------------------------------------------------------- read-only */

/* A database in a folder nobody may write can be read. As root, file modes
 * do not apply, so the command runs as "nobody" (setpriv). */
static void
test_read_only_folder (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *folder = g_build_filename (f->dir, "shelf", NULL);
  g_autofree char *db = g_build_filename (folder, "archive.db", NULL);
  g_autoptr(GError) error = NULL;
  const char *prefix[4] = { NULL };
  guint n = 0;

  g_assert_cmpint (g_mkdir (folder, 0755), ==, 0);
  g_assert_true (attest_store_backup (f->store, db, &error));
  g_assert_no_error (error);
  if (geteuid () == 0)
    {
      g_autofree char *setpriv = g_find_program_in_path ("setpriv");

      if (setpriv == NULL)
        {
          g_test_skip ("running as root without setpriv: cannot take write permission away");
          return;
        }
      prefix[n++] = "setpriv";
      prefix[n++] = "--reuid=65534";
      prefix[n++] = "--regid=65534";
      /* The build tree and this folder must be readable by nobody. */
      g_chmod (f->dir, 0755);
    }
  g_assert_cmpint (g_chmod (db, 0644), ==, 0);
  g_assert_cmpint (g_chmod (folder, 0555), ==, 0);

  {
    g_autoptr(GSubprocess) read = NULL, write = NULL;
    g_autofree char *out = NULL, *err = NULL;
    const char *cli_path = g_getenv ("ATTEST_CLI");

    read = n ? g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error,
                                 prefix[0], prefix[1], prefix[2], "--clear-groups", cli_path, "--db", db,
                                 "claims", NULL)
             : g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error,
                                 cli_path, "--db", db, "claims", NULL);
    g_assert_no_error (error);
    g_subprocess_communicate_utf8 (read, NULL, NULL, &out, &err, NULL);
    g_test_message ("reading: %s%s", out, err);
    g_assert_cmpint (g_subprocess_get_exit_status (read), ==, 0);
    g_assert_nonnull (strstr (out, "4 claims"));
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);

    write = n ? g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error,
                                  prefix[0], prefix[1], prefix[2], "--clear-groups", cli_path, "--db", db,
                                  "annotate", "1", "--category", "training", "--range", "1:9", NULL)
              : g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error,
                                  cli_path, "--db", db, "annotate", "1", "--category", "training",
                                  "--range", "1:9", NULL);
    g_assert_no_error (error);
    g_subprocess_communicate_utf8 (write, NULL, NULL, &out, &err, NULL);
    g_assert_cmpint (g_subprocess_get_exit_status (write), ==, 6);
    g_assert_nonnull (strstr (err, "read-only"));
  }
  g_chmod (folder, 0755);
  g_assert_cmpint (count_rows (db, "SELECT count(*) FROM claims"), ==, 4);
}

/* -------------------------------------------------------------- messages */

static void
test_messages (Fixture       *f,
               gconstpointer  data)
{
  static const struct { const char *args[12]; int status; const char *message; } cases[] = {
    { { "--annotator", "", "annotate", "1", "--category", "training", "--range", "1:9" }, 2,
      "cannot be empty" },
    { { "--annotator", "   ", "annotate", "1", "--category", "training", "--range", "1:9" }, 2,
      "cannot be empty" },
    { { "--annotator", "\t\n", "import", "x" }, 2, "cannot be empty" },
    { { "--annotator", "Ana\001", "annotate", "1", "--category", "training", "--range", "1:9" }, 2,
      "control character" },
    { { "annotate", "1", "--category", "training", "--quote", "the", "--occurrence", "0" }, 2,
      "--occurrence counts from 1" },
    { { "annotate", "1", "--category", "training", "--quote", "the", "--occurrence", "-2" }, 2,
      "--occurrence counts from 1" },
    { { "agreement", "--annotators", "Ana, ,Boris" }, 2, "cannot be empty" },
    { { "export", "csv", "-o", "/dev/null" }, 4, "not a regular file" },
  };
  g_autofree char *before = NULL;

  g_clear_object (&f->store);
  before = digest (f->db);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const char *argv[16] = { "--db", f->db };
      guint n = 2;
      g_auto(AttestTestRun) r = { 0 };

      for (guint a = 0; cases[i].args[a]; a++)
        argv[n++] = cases[i].args[a];
      r = attest_test_cli_argv (NULL, argv);
      g_test_message ("%s %s → %d: %s", cases[i].args[0], cases[i].args[1], r.status, r.err);
      g_assert_cmpint (r.status, ==, cases[i].status);
      g_assert_nonnull (strstr (r.err, cases[i].message));
      g_assert_null (strstr (r.err, "CRITICAL"));
    }
  /* None of them changed anything. */
  g_assert_cmpint (count_rows (f->db, "SELECT count(*) FROM claims"), ==, 4);
  g_assert_cmpint (count_rows (f->db, "SELECT count(*) FROM annotators"), ==, 1);

  /* Trimmed where it is used: " Boris " is Boris. */
  {
    g_auto(AttestTestRun) r = cli (NULL, "--db", f->db, "--annotator", "  Boris  ", "annotate", "1",
                         "--category", "training", "--range", "1:9");
    g_auto(AttestTestRun) list = cli (NULL, "--db", f->db, "claims", "--annotator", "Boris ");

    g_assert_cmpint (r.status, ==, 0);
    g_assert_cmpint (count_rows (f->db, "SELECT count(*) FROM annotators WHERE name = 'Boris'"), ==, 1);
    g_assert_cmpint (list.status, ==, 0);
    g_assert_nonnull (strstr (list.out, "1 claim"));
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) \
  g_test_add ("/safety/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("locks-kept", test_locks_kept);
  ADD ("targets", test_targets);
  ADD ("empty-selection", test_empty_selection);
  ADD ("failed-write", test_failed_write);
  ADD ("cancelled-export", test_cancelled_export);
  ADD ("killed-writes", test_killed_writes);
  ADD ("inputs-refused", test_inputs_refused);
  ADD ("untouched", test_untouched);
  ADD ("create-race", test_create_race);
  ADD ("upgrade-race", test_upgrade_race);
  ADD ("read-only-folder", test_read_only_folder);
  ADD ("messages", test_messages);
#undef ADD

  return g_test_run ();
}
