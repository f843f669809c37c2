#!/usr/bin/python3
"""Consistency check for the hand-written web-page fixtures: every expected
paragraph must occur verbatim (after tag stripping, entity decoding and
whitespace folding) in the page, and the metadata values must occur in it."""
import html
import re
import sys

ok = True
for name in sys.argv[1:]:
    page = open(name + ".html", encoding="utf-8").read()
    body = re.sub(r"(?s)<(script|style)\b.*?</\1>", " ", page)
    body = re.sub(r"</?(a|em|strong|b|i|span)\b[^>]*>", "", body)  # inline: no break
    text = html.unescape(re.sub(r"<[^>]+>", " ", body))
    text = " ".join(text.split())
    exp = open(name + ".expected", encoding="utf-8").read()
    head, paras = exp.split("\n---\n", 1)
    for p in paras.split("\n\n"):
        if p not in text:
            print("%s: paragraph not in page: %.60s" % (name, p))
            ok = False
    for line in head.splitlines():
        k, v = line.split(": ", 1)
        if v not in page:
            print("%s: %s value %r not in page" % (name, k, v))
            ok = False
    assert not exp.endswith("\n")
    print("%s: checked" % name)
sys.exit(0 if ok else 1)
