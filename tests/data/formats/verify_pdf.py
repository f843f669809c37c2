#!/usr/bin/python3
"""Cross-check PDF fixtures against their .expected files with pdftotext.

For each PDF: extract text (pdftotext, reading order), drop running header
and page-number lines, count and re-join line-end hyphens, and check that the
resulting word sequence equals the word sequence of the expected text.
usage: verify_pdf.py DIR NAME [min_hyphen_breaks]
"""
import re
import subprocess
import sys

d, name = sys.argv[1], sys.argv[2]
min_hy = int(sys.argv[3]) if len(sys.argv) > 3 else 0
txt = subprocess.run(["pdftotext", "%s/%s.pdf" % (d, name), "-"],
                     capture_output=True, text=True, check=True).stdout
exp = open("%s/%s.expected" % (d, name), encoding="utf-8").read().split("\n---\n", 1)[1]
lines = []
for l in txt.replace("\f", "\n").splitlines():
    l = l.strip()
    if l == "Caspian Security Review - Spring 2026" or re.fullmatch(r"Page \d+ of \d+", l):
        continue
    lines.append(l)
# pdftotext's reading-order mode already re-joins hyphenated line ends, so
# count the breaks in -layout mode (one output line per printed line).
lay = subprocess.run(["pdftotext", "-layout", "%s/%s.pdf" % (d, name), "-"],
                     capture_output=True, text=True, check=True).stdout
breaks = [l.strip() for l in lay.splitlines() if l.rstrip().endswith("-")]
joined = ""
for l in lines:
    if not l:
        joined += " "
    elif joined.endswith("-"):
        joined = joined[:-1] + l
    else:
        joined += " " + l
got = joined.split()
want = exp.split()
if got != want:
    for i, (a, b) in enumerate(zip(got, want)):
        if a != b:
            print("%s: MISMATCH at word %d: got %r want %r" % (name, i, got[i-3:i+4], want[i-3:i+4]))
            break
    else:
        print("%s: MISMATCH length got %d want %d" % (name, len(got), len(want)))
    sys.exit(1)
if min_hy == 0 and breaks:
    print("%s: unexpected line-end hyphens: %r" % (name, breaks))
    sys.exit(1)
if len(breaks) < min_hy:
    print("%s: only %d hyphen breaks" % (name, len(breaks)))
    sys.exit(1)
print("%s: ok (%d words, %d hyphenated line ends)" % (name, len(got), len(breaks)))
