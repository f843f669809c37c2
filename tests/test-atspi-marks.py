#!/usr/bin/python3
# test-atspi-marks.py — the claims' marks, from outside: three nested claims
# by two annotators (made with attest-cli, each --annotator) are each
# clicked on their own mark under the text with real pointer input, and the
# article's text view says over AT-SPI (its description) which claim got
# selected. AT-SPI's character boxes of GTK 4.8 are a few pixels off, so
# every pixel row under the character is clicked: the lanes must come in
# order (outer, middle, inner), each a pitch high. Then the pointer rests on
# the claims' text: a tooltip window opens (xwininfo), and its text, read
# over AT-SPI, names the claims, innermost first.
#
# Run under Xvfb and a private D-Bus session (meson does):
#   xvfb-run -a dbus-run-session -- /usr/bin/python3 test-atspi-marks.py
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
OUTER = "long-term deployment of the 201st Motor Rifle Division (MRD)"
MIDDLE = "201st Motor Rifle Division"
INNER = "Motor Rifle"
# The lanes under a line (src/app/attest-article-text.h): the first this
# far under the glyphs, one every PITCH pixels.
LANE_TOP, LANE_PITCH = 4, 3

tests = 0
app = None


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
        n = node.childCount
    except Exception:
        return None
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


def xdotool(*args):
    return subprocess.run(["xdotool"] + [str(a) for a in args], capture_output=True, text=True)


tmp = tempfile.mkdtemp(prefix="attest-atspi-marks-")
db = os.path.join(tmp, "marks.db")
config = os.path.join(tmp, "config", "glib-2.0", "settings")
os.makedirs(config)
with open(os.path.join(config, "keyfile"), "w") as f:
    f.write("[io/github/attest/Attest]\nannotator-name='Anna'\nannotator-name-asked=true\n")
env = dict(os.environ, XDG_DATA_HOME=os.path.join(tmp, "data"), XDG_CONFIG_HOME=os.path.join(tmp, "config"),
           GSETTINGS_BACKEND="keyfile", GDK_BACKEND="x11", GTK_A11Y="atspi")
env.pop("NO_AT_BRIDGE", None)

status, out, err = cli("import", SAMPLE)
ok(status == 0, "the sample article is imported with attest-cli")
claims = {}
for quote, category, annotator in ((OUTER, "troop-deployment", "Anna"),
                                   (MIDDLE, "arms-cooperation", "Boris"),
                                   (INNER, "training", "Anna")):
    status, out, err = cli("--annotator", annotator, "--json", "annotate", "1", "--category", category,
                           "--quote", quote)
    ok(status == 0, "%s's claim over “%s” is made (%s)" % (annotator, quote, err.strip()))
status, out, _ = cli("claims", "--json")
for c in json.loads(out):
    claims[c["quote"]] = c
ok(len(claims) == 3 and claims[MIDDLE]["annotator"] == "Boris",
   "three nested claims by two annotators are in the database")
# And one on its own, clicked between two clicks on the lanes so that each
# of those starts from a known selection.
status, out, err = cli("--annotator", "Boris", "annotate", "1", "--category", "statement-position",
                       "--quote", "issues are equally evolving")
ok(status == 0, "a fourth claim, alone on its words, is made (%s)" % err.strip())
status, out, _ = cli("claims", "--json")
LONE = next(c for c in json.loads(out) if c["quote"] == "issues are equally evolving")

app = subprocess.Popen([ATTEST, "--db", db], env=env)
desktop = pyatspi.Registry.getDesktop(0)


def attest_app():
    for i in range(desktop.childCount):
        child = desktop.getChildAtIndex(i)
        if child is not None and child.name in ("attest", "Attest"):
            return child
    return None


ok(wait_for(attest_app, timeout=60.0) is not None, "Attest appears on the accessibility bus")


def text_view():
    return find(attest_app(), lambda n: n.getRole() in (pyatspi.ROLE_TEXT, pyatspi.ROLE_DOCUMENT_TEXT)
                and MIDDLE in n.queryText().getText(0, -1))


view = wait_for(text_view, timeout=30.0)
ok(view is not None, "the article's text view is found, holding the article")
text = view.queryText()
inner_start = claims[INNER]["start"]
time.sleep(1.0)

# The character where all three claims are: its box on the screen; the
# lanes are under it, outer claim nearest the text.
def char_box(offset):
    """The character's box in its window. (GTK 4.8 answers in window
    coordinates only, and Xvfb has no window manager to move the window:
    the pointer is moved relative to the window, by xdotool.)"""
    try:
        return text.getCharacterExtents(offset, pyatspi.WINDOW_COORDS)
    except Exception as e:
        print("# character extents: %s" % e)
        return 0, 0, 0, 0


def main_window():
    # The title is the open article's then the app's ("… — Attest"); the
    # database's name ("marks") is only in the header bar's subtitle now.
    found = xdotool("search", "--onlyvisible", "--name", "Attest").stdout.split()
    return found[0] if found else None


window = wait_for(main_window, timeout=10.0)
ok(window is not None, "the window is found by its title")


def move(px, py):
    xdotool("mousemove", "--window", window, px, py)


x, y, w, h = char_box(inner_start + 2)
ok(w > 0 and h > 0, "the character under the three claims is on screen (%d,%d %dx%d)" % (x, y, w, h))

LANES = ((OUTER, "Troop deployment", "Anna"),
         (MIDDLE, "Arms and military-technical cooperation", "Boris"),
         (INNER, "Training", "Anna"))


def description():
    try:
        return view.description or ""
    except Exception:
        return ""


def expected(lane):
    quote, label, annotator = LANES[lane]
    return "%s;%s · Draft" % (label, annotator)


def click(px, py):
    move(5, 5)
    time.sleep(0.6)          # more than the double-click time
    move(px, py)
    time.sleep(0.2)
    xdotool("click", "1")


def click_row(dy):
    """Clicks @dy pixel rows under the character of the three claims, with
    the lone claim selected; returns the lane of the claim that got
    selected instead (by the description), or None. (Selecting a claim may
    scroll it into view: the boxes are asked for each time.)"""
    xdotool("key", "Escape")     # a chooser left open by the row before
    lx, ly, lw, lh = char_box(LONE["start"] + 3)
    click(lx + lw // 2, ly + lh // 2)
    if not wait_for(lambda: "Statement or position;Boris" in description(), timeout=5.0):
        print("# the lone claim is not selected: %s" % description())
        return None
    x, y, w, h = char_box(inner_start + 2)
    click(x + w // 2, y + h + dy)
    got = wait_for(lambda: next((lane for lane in range(3) if expected(lane) in description()), None) is not None,
                   timeout=1.5)
    lane = next((lane for lane in range(3) if expected(lane) in description()), None) if got else None
    print("# row %d under the glyphs: %s" % (dy, description() or "nothing selected"))
    return lane


# AT-SPI's boxes of GTK 4.8 are a few pixels off GTK's own: each pixel row
# under the character is clicked in turn. The middle and inner claims are
# under the text only together with others (a click there opens the
# chooser), so only their marks can select them: their bands must come in
# lane order, one pitch apart, the outer claim's band right above.
rows = {}
for dy in range(0, LANE_TOP + 3 * LANE_PITCH + 10):
    rows[dy] = click_row(dy)
first = {lane: min((r for r, l in rows.items() if l == lane), default=None) for lane in range(3)}
ok(first[1] is not None, "a click on the second lane selects Boris's “%s” claim (row %s)" % (MIDDLE, first[1]))
ok(first[2] is not None and first[2] - first[1] == LANE_PITCH,
   "a click on the third lane, a pitch below, selects Anna's “%s” claim (row %s)" % (INNER, first[2]))
ok(all(rows.get(first[1] - d) == 0 for d in range(1, LANE_PITCH + 1)),
   "the pitch right above the second lane is the first lane: Anna's outer claim (%s)" %
   [rows.get(first[1] - d) for d in range(LANE_PITCH, 0, -1)])
ok(all(rows.get(first[1] + d) == 1 for d in range(LANE_PITCH)) and
   all(rows.get(first[2] + d) == 2 for d in range(LANE_PITCH)),
   "each lane is %d pixel rows high, slack included" % LANE_PITCH)
move(5, 5)
time.sleep(0.5)

# Hover the innermost claim's text: a tooltip window appears near the pointer.
def windows():
    """The X windows mapped, with their geometry (xwininfo: a tooltip is
    an override-redirect window with no name)."""
    out = subprocess.run(["xwininfo", "-root", "-tree"], capture_output=True, text=True).stdout
    found = {}
    for line in out.splitlines():
        parts = line.split()
        if parts and parts[0].startswith("0x") and "+" in line:
            geo = next((p for p in parts if "x" in p and "+" in p and not p.startswith("0x")), None)
            if geo:
                found[parts[0]] = geo
    return found


xdotool("key", "Escape")
move(5, 5)
time.sleep(1.0)
before = windows()
x, y, w, h = char_box(inner_start + 2)
move(x + w // 2, y + h // 2)
time.sleep(0.2)
move(x + w // 2 + 1, y + h // 2)


def tooltip():
    now = windows()
    new = [now[k] for k in now if k not in before or now[k] != before[k]]
    return new[0] if new else None


tip = wait_for(tooltip, timeout=10.0)
ok(tip is not None, "resting on the claims opens a tooltip, a window by the pointer (%s)" % tip)


def tooltip_text():
    node = find(attest_app(), lambda n: n.getRole() in (pyatspi.ROLE_TOOL_TIP, pyatspi.ROLE_LABEL)
                and (n.name or "").startswith("Training\n"))
    return node.name if node is not None else None


said = wait_for(tooltip_text, timeout=10.0)
ok(said is not None and said.startswith("Training\nAnna · Draft · Certainty not set\nNo sources\n\n"
                                        "Arms and military-technical cooperation\nBoris · Draft · Certainty not set\n"),
   "the tooltip names the claims there, innermost first, with annotator, status and certainty (%r)" % said)
finish(0)
