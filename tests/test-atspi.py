#!/usr/bin/python3
# test-atspi.py — drives the real Attest window from outside, as assistive
# technology (or a person with a keyboard) would: over AT-SPI it finds the
# article's text view, selects "201st Motor Rifle Division", presses the
# digit 1, and then checks with attest-cli that the claim is in the database.
#
# Run under Xvfb and a private D-Bus session (meson does):
#   xvfb-run -a dbus-run-session -- /usr/bin/python3 test-atspi.py
# Prints TAP.
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

import pyatspi

ATTEST = os.environ["ATTEST_APP"]
CLI = os.environ["ATTEST_CLI"]
SAMPLE = os.path.join(os.environ["G_TEST_SRCDIR"], "data", "002_362495c372b1300c.txt")
QUOTE = "201st Motor Rifle Division"

tests = 0


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
    shutil.rmtree(tmp, ignore_errors=True)
    sys.exit(status)


def find(node, predicate, depth=0):
    if node is None or depth > 60:
        return None
    try:
        if predicate(node):
            return node
        for i in range(node.childCount):
            hit = find(node.getChildAtIndex(i), predicate, depth + 1)
            if hit is not None:
                return hit
    except Exception:
        return None
    return None


def wait_for(what, timeout=20.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = what()
        if value:
            return value
        time.sleep(0.2)
    return None


def cli(*args):
    out = subprocess.run([CLI, "--db", db] + list(args), capture_output=True, text=True)
    return out.returncode, out.stdout, out.stderr


app = None
tmp = tempfile.mkdtemp(prefix="attest-atspi-")
db = os.path.join(tmp, "e2e.db")
env = dict(os.environ, XDG_DATA_HOME=os.path.join(tmp, "data"), GSETTINGS_BACKEND="memory",
           GDK_BACKEND="x11", GTK_A11Y="atspi")
env.pop("NO_AT_BRIDGE", None)

status, out, err = cli("import", SAMPLE)
ok(status == 0, "the sample article is imported with attest-cli")

app = subprocess.Popen([ATTEST, "--db", db], env=env)
desktop = pyatspi.Registry.getDesktop(0)


def attest_app():
    for i in range(desktop.childCount):
        child = desktop.getChildAtIndex(i)
        if child is not None and child.name in ("attest", "Attest"):
            return child
    return None


a11y_app = wait_for(attest_app, timeout=60.0)
ok(a11y_app is not None, "Attest appears on the accessibility bus")


def text_view():
    return find(attest_app(), lambda n: n.getRole() in (pyatspi.ROLE_TEXT, pyatspi.ROLE_DOCUMENT_TEXT)
                and QUOTE in n.queryText().getText(0, -1))


view = wait_for(text_view, timeout=30.0)
ok(view is not None, "the article's text view is found, holding the article")

text = view.queryText()
content = text.getText(0, -1)
start = content.index(QUOTE)
end = start + len(QUOTE)
ok(start == 1453, "the quote starts at character 1453 (got %d)" % start)

# Click into the text as a person would (GTK 4.8 has no AT-SPI GrabFocus),
# select the quote through the Text interface, then press 1.
ext = view.queryComponent().getExtents(pyatspi.DESKTOP_COORDS)
pyatspi.Registry.generateMouseEvent(ext.x + 40, ext.y + 40, "b1c")
time.sleep(0.5)
try:
    text.setSelection(0, start, end) if text.getNSelections() > 0 else text.addSelection(start, end)
except Exception as e:
    # GTK 4.8 answers SetSelection with the wrong reply type ("(i)" for
    # "(b)"), which pyatspi reports as an error: check the result instead.
    print("# SetSelection replied: %s" % e)
time.sleep(0.3)
selected = text.getNSelections() > 0 and tuple(text.getSelection(0)) == (start, end)
ok(selected, "the quote is selected through AT-SPI (%s)" %
   (str(tuple(text.getSelection(0))) if text.getNSelections() > 0 else "nothing selected"))
time.sleep(0.3)
pyatspi.Registry.generateKeyboardEvent(ord("1"), None, pyatspi.KEY_SYM)


def claim_saved():
    status, out, _ = cli("claims", "--json")
    if status != 0:
        return None
    claims = json.loads(out)
    return claims if claims else None


claims = wait_for(claim_saved, timeout=30.0)
ok(claims is not None and len(claims) == 1, "pressing 1 saved exactly one claim")
claim = claims[0]
ok(claim["start"] == start and claim["end"] == end,
   "the claim covers the selection (%d:%d)" % (claim["start"], claim["end"]))
ok(claim["category"] == "troop-deployment", "the claim has category 1, Troop deployment")
ok(claim["quote"] == QUOTE, "the claim's quote is the selected text")

finish(0)
