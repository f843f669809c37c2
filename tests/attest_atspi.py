# attest_atspi.py — what the outside tests (test-atspi*.py) share: TAP
# output that stops at the first failure and cleans up, the app they
# started, finding AT-SPI nodes and polling with a deadline.
import shutil
import subprocess
import sys
import tempfile
import time

tests = 0
app = None
tmp = None


def start(prefix):
    """A temporary directory for this run, removed by finish()."""
    global tmp
    tmp = tempfile.mkdtemp(prefix=prefix)
    return tmp


def launch(argv, env):
    """Starts the app; finish() stops it."""
    global app
    app = subprocess.Popen(argv, env=env)
    return app


def ok(cond, what):
    global tests
    tests += 1
    print(("ok %d - %s" if cond else "not ok %d - %s") % (tests, what), flush=True)
    if not cond:
        finish(1)


def finish(status):
    print("1..%d" % tests, flush=True)
    if app is not None and app.poll() is None:
        app.terminate()
        try:
            app.wait(5)
        except subprocess.TimeoutExpired:
            app.kill()
    if tmp is not None:
        shutil.rmtree(tmp, ignore_errors=True)
    sys.exit(status)


def find(node, predicate, depth=0):
    """The first node under @node (itself included) that @predicate takes."""
    if node is None or depth > 60:
        return None
    try:
        if predicate(node):
            return node
        n = node.childCount
    except Exception:
        return None
    # A child that went away (a closed dialog) is skipped, not the rest.
    for i in range(n):
        try:
            child = node.getChildAtIndex(i)
        except Exception:
            continue
        hit = find(child, predicate, depth + 1)
        if hit is not None:
            return hit
    return None


def wait_for(what, timeout=20.0):
    """Polls @what until it gives something true, or None at the deadline.
    An AT-SPI object going away while it is asked counts as not yet."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            value = what()
        except Exception:
            value = None
        if value:
            return value
        time.sleep(0.2)
    return None
