#!/usr/bin/python3
# test-app-locks.py — the real window keeps its database locks (issue 12).
#
# Before, importing into the window (or exporting from it) opened a second
# store whose header check read the database file with fopen()/fclose();
# POSIX locks belong to the process, so the window lost every lock on its
# database. A command-line run then took itself for the last user, removed
# the WAL while the window still wrote to it, and a teammate's claim saved
# meanwhile was gone once the window quit.
#
# Here the real app opens a database; a second `attest ARTICLE` hands it an
# import (GApplication forwards it to the running window, which imports in
# its own thread); the kernel is then asked whether the app's process still
# holds its locks; a teammate's command runs and saves a claim; the window
# imports again; it quits; and everything is there, in a sound file.
#
# Then, as the test from outside found: a file chooser (GTK's own, without a
# portal) shows the database's folder, reads the files there to guess their
# types and so drops the process's locks; once it closes, the window must
# hold them again, and a teammate's claim saved meanwhile must survive.
#
# Run under Xvfb and a private D-Bus session (meson does). Prints TAP.
import fcntl
import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import threading
import time

ATTEST = os.environ["ATTEST_APP"]
CLI = os.environ["ATTEST_CLI"]
DATA = os.path.join(os.environ["G_TEST_SRCDIR"], "data")

tests = 0
app = None
tmp = tempfile.mkdtemp(prefix="attest-app-locks-")
db = os.path.join(tmp, "team.db")
env = dict(os.environ, XDG_DATA_HOME=os.path.join(tmp, "data"), GSETTINGS_BACKEND="memory",
           GDK_BACKEND="x11", NO_AT_BRIDGE="1", GTK_A11Y="none")


def finish(status):
    print("1..%d" % tests, flush=True)
    if app is not None and app.poll() is None:
        app.kill()
        app.wait()
    shutil.rmtree(tmp, ignore_errors=True)
    sys.exit(status)


def ok(cond, what):
    global tests
    tests += 1
    print(("ok %d - %s" if cond else "not ok %d - %s") % (tests, what), flush=True)
    if not cond:
        finish(1)


def wait_for(what, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = what()
        if value:
            return value
        time.sleep(0.1)
    return None


def cli(*args):
    out = subprocess.run([CLI, "--db", db] + list(args), capture_output=True, text=True)
    return out.returncode, out.stdout, out.stderr


def lock_holder(path, start, length):
    """The pid holding a lock that conflicts with a write lock on
    [start, start + length) of @path, or 0. Opening the file here is safe:
    this process holds no lock on it."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except FileNotFoundError:
        return 0
    try:
        # struct flock on Linux x86_64 and aarch64: short, short, off_t, off_t, pid_t.
        request = struct.pack("hhqqi4x", fcntl.F_WRLCK, os.SEEK_SET, start, length, 0)
        l_type, _, _, _, pid = struct.unpack("hhqqi4x", fcntl.fcntl(fd, fcntl.F_GETLK, request))
        return 0 if l_type == fcntl.F_UNLCK else pid
    finally:
        os.close(fd)


def app_holds_locks():
    # What every SQLite connection in WAL mode holds while open: a read lock
    # on the database's shared range and on the DMS byte of its -shm.
    return (lock_holder(db, 0x40000002, 510) == app.pid and
            lock_holder(db + "-shm", 128, 1) == app.pid)


def documents():
    status, out, _ = cli("documents", "--json")
    return len(json.loads(out)) if status == 0 else -1


def quit_app():
    # What Ctrl+Q does, through the action the app exports on the bus.
    subprocess.run(["gdbus", "call", "--session", "--dest", "io.github.attest.Attest",
                    "--object-path", "/io/github/attest/Attest",
                    "--method", "org.gtk.Actions.Activate", "quit", "[]", "{}"],
                   capture_output=True, env=env)


status, _, err = cli("import", os.path.join(DATA, "000_7978e9767d1c15ca.txt"))
ok(status == 0, "a database with one article (%s)" % err.strip())

app = subprocess.Popen([ATTEST, "--db", db], env=env)
ok(wait_for(app_holds_locks) is not None, "the window opened the database and holds its locks")

# A second launch with an article: the running window imports it.
subprocess.run([ATTEST, os.path.join(DATA, "001_e5288724e250c3ef.txt")], env=env, timeout=60)
ok(wait_for(lambda: documents() == 2) is not None, "the window imported the article it was handed")
time.sleep(0.5)
ok(app_holds_locks(), "after the import the window still holds its locks on the database")

# A teammate's commands run and end; they must see the window and leave
# the WAL in place.
status, _, err = cli("--annotator", "Boris", "annotate", "1", "--category", "training", "--range", "10:20")
ok(status == 0, "a teammate saves a claim from the command line (%s)" % err.strip())
ok(os.path.exists(db + "-wal"), "the teammate's command left the WAL the window uses")
ok(app_holds_locks(), "and the window still holds its locks")

# The window writes again after the teammate.
subprocess.run([ATTEST, os.path.join(DATA, "003_5296401f81ea8387.txt")], env=env, timeout=60)
ok(wait_for(lambda: documents() == 3) is not None, "the window imports once more")

def xdotool(*args):
    return subprocess.run(["xdotool"] + list(args), capture_output=True, text=True, env=env)


def window_of(title):
    out = xdotool("search", "--name", title).stdout.split()
    return out[-1] if out else None


# Ctrl+O: the Import chooser; Ctrl+L and the folder: it lists the folder,
# the database among its files; a moment later, Escape.
main = wait_for(lambda: window_of("Attest"))
ok(main is not None, "the window is found on the display")
# A first launch asks who annotates (the settings here are in memory).
question = window_of("Who Is Annotating")
if question is not None:
    xdotool("windowfocus", question)
    xdotool("key", "--clearmodifiers", "Return")
    wait_for(lambda: window_of("Who Is Annotating") is None, timeout=10)
xdotool("windowfocus", main)
xdotool("key", "--clearmodifiers", "ctrl+o")
chooser = wait_for(lambda: window_of("Import Articles"), timeout=15)
ok(chooser is not None, "Ctrl+O opens the Import chooser")
# A click into its list gives it the keyboard (there is no window
# manager); typing a path opens its location entry.
geometry = dict(line.split("=") for line in xdotool("getwindowgeometry", "--shell", chooser).stdout.split())
xdotool("mousemove", str(int(geometry["X"]) + int(geometry["WIDTH"]) // 2),
        str(int(geometry["Y"]) + int(geometry["HEIGHT"]) // 3), "click", "1")
time.sleep(0.5)
xdotool("type", "--delay", "30", tmp + "/")
time.sleep(0.5)
xdotool("key", "Return")
time.sleep(1)
# While it is open the window lets go of its locks (nothing of its own is
# at stake then), and teammates' commands, seeing no other user, tidy the
# WAL away between them. Four write at once while the chooser reads the
# folder again; every claim they report saved must survive.
ok(not app_holds_locks(), "while the chooser is open the window holds no locks")
saved = []


def teammate(name, n):
    for i in range(n):
        st, out, _ = cli("--annotator", name, "annotate", str(i % 3 + 1), "--category", "training",
                         "--range", "%d:%d" % (100 + i, 120 + i), "--json")
        if st == 0:
            saved.append(json.loads(out)["uuid"])


writers = [threading.Thread(target=teammate, args=(name, 25)) for name in ("Dana", "Eli", "Fay", "Gus")]
for w in writers:
    w.start()
while any(w.is_alive() for w in writers):
    xdotool("key", "ctrl+a")
    xdotool("type", "--delay", "20", tmp + "/")
    xdotool("key", "Return")
    time.sleep(0.7)
for w in writers:
    w.join()
ok(len(saved) == 100, "four teammates save 100 claims while the chooser is open (%d)" % len(saved))
# Under load some of the typing above can land in the chooser's search
# field instead of its location entry; Escape then leaves the search first,
# as it would for a person, and a second Escape closes the chooser.
for attempt in range(3):
    xdotool("key", "Escape")
    if wait_for(lambda: window_of("Import Articles") is None, timeout=4) is not None:
        break
ok(window_of("Import Articles") is None, "the chooser closes with Escape")
time.sleep(0.5)
ok(app_holds_locks(), "after the chooser showed the database's folder the window holds its locks again")

status, _, err = cli("--annotator", "Cleo", "annotate", "2", "--category", "training", "--range", "30:40")
ok(status == 0, "another teammate saves a claim (%s)" % err.strip())
ok(os.path.exists(db + "-wal") and app_holds_locks(), "the WAL stays, and the window's locks")
subprocess.run([ATTEST, os.path.join(DATA, "004_c3d161883663a3cb.txt")], env=env, timeout=60)
ok(wait_for(lambda: documents() == 4) is not None, "the window imports after the chooser")

quit_app()
try:
    app.wait(30)
except subprocess.TimeoutExpired:
    app.terminate()
    app.wait(10)
ok(app.returncode == 0, "the window quits (exit %s)" % app.returncode)

status, out, _ = cli("claims", "--json")
claims = json.loads(out) if status == 0 else []
names = sorted(set(c["annotator"] for c in claims))
ok(names == ["Boris", "Cleo", "Dana", "Eli", "Fay", "Gus"], "every teammate's claims are there after the window quit (%s)" % names)
ok(set(saved) <= set(c["uuid"] for c in claims) and len(claims) == 102,
   "all 102 claims reported saved are there (%d)" % len(claims))
ok(documents() == 4, "all four articles are there")
status, out, err = cli("check")
ok(status == 0, "the database is sound (%s%s)" % (out.strip().replace("\n", " "), err.strip()))

finish(0)
