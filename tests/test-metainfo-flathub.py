#!/usr/bin/env python3
"""What Flathub checks in a metainfo file that appstreamcli (0.16) does not.

test-metainfo-flathub.py METAINFO [TODAY]: one TAP line per rule, exit 1
if one fails. TODAY (YYYY-MM-DD, default: the date now, UTC) is for the
release dates, which must not be in the future.
"""
import datetime
import re
import sys
import xml.etree.ElementTree as ET

path = sys.argv[1]
today = sys.argv[2] if len(sys.argv) > 2 else datetime.datetime.now(datetime.timezone.utc).date().isoformat()
root = ET.parse(path).getroot()
results = []


def check(what, passed, why=""):
    results.append((what, passed, why))


def version_key(v):
    return [int(p) if p.isdigit() else p for p in re.split(r"[.\-~]", v)]


developer = root.find("developer")
check("a developer with an id and a name",
      developer is not None and bool(developer.get("id")) and bool((developer.findtext("name") or "").strip()))

releases = root.findall("releases/release")
dates = [r.get("date") or "" for r in releases]
check("every release has a version and an ISO date",
      bool(releases) and all(r.get("version") for r in releases) and
      all(re.fullmatch(r"\d{4}-\d\d-\d\d", d) for d in dates), ", ".join(dates))
check("no release date is in the future (%s)" % today, all(d <= today for d in dates), ", ".join(dates))
versions = [r.get("version") or "" for r in releases]
check("releases are newest first, by version and by date",
      versions == sorted(versions, key=version_key, reverse=True) and dates == sorted(dates, reverse=True),
      ", ".join(versions))

shots = root.findall("screenshots/screenshot")
check("every screenshot has a caption",
      bool(shots) and all((s.findtext("caption") or "").strip() for s in shots))
images = [i.text or "" for s in shots for i in s.findall("image")]
check("every screenshot image is an absolute https URL",
      bool(images) and all(re.fullmatch(r"https://[^\s/]+/\S+", u) for u in images), " ".join(images))
check("exactly one default screenshot",
      sum(1 for s in shots if s.get("type") == "default") == 1)

colors = {c.get("scheme_preference"): (c.text or "").strip()
          for c in root.findall("branding/color") if c.get("type") == "primary"}
check("branding has a primary colour for light and for dark, each #rrggbb",
      set(colors) == {"light", "dark"} and all(re.fullmatch(r"#[0-9a-fA-F]{6}", v) for v in colors.values()),
      str(colors))
check("the two branding colours differ", len(set(v.lower() for v in colors.values())) == 2)

rating = root.find("content_rating")
check("an OARS 1.1 content rating", rating is not None and rating.get("type") == "oars-1.1")
check("a launchable desktop file named after the id",
      root.findtext("launchable") == (root.findtext("id") or "") + ".desktop")

print("1..%d" % len(results))
for i, (what, passed, why) in enumerate(results, 1):
    print("%s %d - %s" % ("ok" if passed else "not ok", i, what))
    if not passed and why:
        print("# found: %s" % why)
sys.exit(0 if all(p for _, p, _ in results) else 1)
