#!/bin/sh
# test-data.sh — validates what Attest installs for the desktop (issue 6).
#
#   test-data.sh desktop  BUILT.desktop          desktop-file-validate, keys, icon
#   test-data.sh metainfo BUILT.metainfo.xml VER appstreamcli validate, screenshots, release
#   test-data.sh schema                          glib-compile-schemas --strict --dry-run
#   test-data.sh icons                           the app icons: shape, colours, rendering
#   test-data.sh mime     BUILT.xml              the application/tei+xml definition
#   test-data.sh help                            yelp-check on the Mallard guide
#   test-data.sh flatpak                         flatpak-builder --show-manifest, permissions
#
# Each mode prints TAP, except flatpak, which exits 0, 1 or 77 (skipped:
# flatpak-builder is not installed). ATTEST_SOURCE_ROOT names the source tree.
set -u

src=${ATTEST_SOURCE_ROOT:?ATTEST_SOURCE_ROOT is not set}
app_id=io.github.attest.Attest
n=0
failed=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT

ok () {                         # ok DESCRIPTION COMMAND… : one TAP line
  desc=$1
  shift
  n=$((n + 1))
  if "$@" >"$log" 2>&1; then
    echo "ok $n - $desc"
  else
    echo "not ok $n - $desc"
    sed 's/^/# /' "$log"
    failed=1
  fi
}

skip_all () {
  echo "1..0 # SKIP $1"
  exit 0
}

finish () {
  echo "1..$n"
  exit $failed
}

have () { command -v "$1" >/dev/null 2>&1; }

# key FILE KEY: the value of KEY in the [Desktop Entry] group
key () {
  sed -n '/^\[Desktop Entry\]/,/^\[/{s/^'"$2"'=//p}' "$1" | head -n 1
}

in_potfiles () {
  grep -qx "$1" "$src/po/POTFILES.in"
}

mode=${1:-}
[ $# -gt 0 ] && shift

case $mode in
desktop)
  have desktop-file-validate || skip_all "desktop-file-validate is not installed (desktop-file-utils)"
  desktop=$1
  # desktop-file-validate exits 0 on hints; errors and warnings fail.
  ok "desktop-file-validate accepts $(basename "$desktop")" desktop-file-validate "$desktop"
  ok "no warnings or errors" sh -c '! desktop-file-validate "$1" | grep -E ": (error|warning):"' sh "$desktop"
  ok "Name is Attest" test "$(key "$desktop" Name)" = Attest
  ok "GenericName, Comment and Keywords are set" \
    sh -c '[ -n "$1" ] && [ -n "$2" ] && [ -n "$3" ]' sh \
    "$(key "$desktop" GenericName)" "$(key "$desktop" Comment)" "$(key "$desktop" Keywords)"
  ok "Icon is the app ID and the icon exists" \
    sh -c '[ "$1" = "$2" ] && [ -f "$3/data/icons/hicolor/scalable/apps/$2.svg" ]' sh \
    "$(key "$desktop" Icon)" "$app_id" "$src"
  ok "Exec runs attest with files" sh -c 'case "$1" in "attest %F"|"attest %U") ;; *) exit 1;; esac' sh \
    "$(key "$desktop" Exec)"
  ok "StartupNotify=true, Terminal=false" \
    sh -c '[ "$1" = true ] && [ "$2" = false ]' sh "$(key "$desktop" StartupNotify)" "$(key "$desktop" Terminal)"
  # Every format the window imports, articles and annotation sets
  # (issue 18): the chooser's list in attest-window-actions.c.
  for type in $(sed -n '/^static const char \*\(article\|annotation\)_mime_types\[\] = {/,/};/p' \
                  "$src/src/app/attest-window-actions.c" | grep -o '"[a-z]*/[^"]*"' | tr -d '"'); do
    ok "opens $type" sh -c 'echo ";$1" | grep -qF ";$2;"' sh "$(key "$desktop" MimeType)" "$type"
  done
  ok "the source file is in po/POTFILES.in" in_potfiles "data/$app_id.desktop.in"
  finish
  ;;

metainfo)
  have appstreamcli || skip_all "appstreamcli is not installed (appstream)"
  metainfo=$1
  version=$2
  ok "appstreamcli validate --no-net accepts $(basename "$metainfo")" \
    appstreamcli validate --no-net "$metainfo"
  ok "no warnings or errors" sh -c '! appstreamcli validate --no-net "$1" | grep -E "^[EW]:"' sh "$metainfo"
  # Pedantic, as Flathub runs it (its one hint, an upper-case letter in
  # the reverse-DNS id, is one Flathub accepts).
  ok "appstreamcli validate --pedantic --no-net accepts it" appstreamcli validate --pedantic --no-net "$metainfo"
  ok "the id is the app ID" grep -q "<id>$app_id</id>" "$metainfo"
  ok "the launchable is the desktop file" grep -q "<launchable type=\"desktop-id\">$app_id.desktop</launchable>" "$metainfo"
  ok "provides attest and attest-cli" \
    sh -c 'grep -q "<binary>attest</binary>" "$1" && grep -q "<binary>attest-cli</binary>" "$1"' sh "$metainfo"
  ok "the newest release is the project version ($version)" \
    sh -c 'grep -m 1 "<release " "$1" | grep -q "version=\"$2\""' sh "$metainfo" "$version"
  ok "content rating is OARS 1.1" grep -q '<content_rating type="oars-1.1"' "$metainfo"
  # Every screenshot is a PNG in data/screenshots with the size it declares.
  shots=$(sed -n 's|.*<image type="source" width="\([0-9]*\)" height="\([0-9]*\)">[^<]*/data/screenshots/\([^<]*\)</image>.*|\3 \1 \2|p' "$metainfo")
  ok "three or more screenshots" test "$(echo "$shots" | grep -c .)" -ge 3
  echo "$shots" | while read -r name width height; do
    [ -n "$name" ] || continue
    file=$src/data/screenshots/$name
    size=$(od -An -tu1 -j16 -N8 "$file" 2>/dev/null | awk '{ print $1*16777216+$2*65536+$3*256+$4, $5*16777216+$6*65536+$7*256+$8 }')
    if [ "$(head -c 8 "$file" 2>/dev/null | od -An -c | tr -d ' ')" = '211PNG\r\n032\n' ] && [ "$size" = "$width $height" ]; then
      echo "ok - screenshot $name is a ${width}×$height PNG"
    else
      echo "not ok - screenshot $name is a ${width}×$height PNG (found: ${size:-no file})"
    fi
  done >"$log.shots"
  while read -r line; do
    n=$((n + 1))
    case $line in
      "not ok"*) failed=1; echo "not ok $n ${line#not ok }" ;;
      *) echo "ok $n ${line#ok }" ;;
    esac
  done <"$log.shots"
  rm -f "$log.shots"
  ok "the source file is in po/POTFILES.in" in_potfiles "data/$app_id.metainfo.xml.in"
  finish
  ;;

schema)
  have glib-compile-schemas || skip_all "glib-compile-schemas is not installed"
  schema=$src/data/$app_id.gschema.xml
  ok "glib-compile-schemas --strict --dry-run accepts data/" \
    glib-compile-schemas --strict --dry-run "$src/data"
  ok "every key has a summary and a description" \
    sh -c '[ "$(grep -c "<key " "$1")" -eq "$(grep -c "<summary>" "$1")" ] &&
           [ "$(grep -c "<key " "$1")" -eq "$(grep -c "<description>" "$1")" ]' sh "$schema"
  ok "summaries are translated in the attest domain" grep -q '<schemalist gettext-domain="attest">' "$schema"
  ok "the schema is in po/POTFILES.in" in_potfiles "data/$app_id.gschema.xml"
  finish
  ;;

icons)
  colour=$src/data/icons/hicolor/scalable/apps/$app_id.svg
  symbolic=$src/data/icons/hicolor/symbolic/apps/$app_id-symbolic.svg
  ok "the full-colour icon is well-formed XML" xmllint --noout "$colour"
  ok "the symbolic icon is well-formed XML" xmllint --noout "$symbolic"
  ok "the full-colour icon is drawn on a 128×128 canvas" grep -q 'viewBox="0 0 128 128"' "$colour"
  ok "the symbolic icon is drawn on a 16×16 canvas" grep -q 'viewBox="0 0 16 16"' "$symbolic"
  # GTK recolours symbolic icons by overriding fill: strokes, other colours,
  # gradients, masks or images would not follow the theme.
  ok "the symbolic icon has only #2e3436 fills" \
    sh -c '! grep -oE "(fill|stop-color|color)=\"[^\"]*\"" "$1" | grep -v "fill=\"#2e3436\""' sh "$symbolic"
  ok "the symbolic icon has no strokes, gradients, masks or images" \
    sh -c '! grep -qE "stroke|Gradient|<mask|<image|<text" "$1"' sh "$symbolic"
  ok "the full-colour icon has no text or bitmaps" sh -c '! grep -qE "<text|<image" "$1"' sh "$colour"
  if have rsvg-convert; then
    out=$(mktemp -d)
    ok "the full-colour icon renders at 128 px" \
      sh -c 'rsvg-convert -w 128 -h 128 "$1" -o "$2/c.png" && [ -s "$2/c.png" ]' sh "$colour" "$out"
    ok "the symbolic icon renders at 16 px" \
      sh -c 'rsvg-convert -w 16 -h 16 "$1" -o "$2/s.png" && [ -s "$2/s.png" ]' sh "$symbolic" "$out"
    rm -rf "$out"
  else
    n=$((n + 1)); echo "ok $n # SKIP rsvg-convert is not installed (librsvg2-bin)"
  fi
  ok "the app resource carries the symbolic icon for the empty state" \
    grep -q "icons/scalable/apps/$app_id-symbolic.svg" "$src/ui/attest.gresource.xml"
  ok "the empty state shows the symbolic app icon" \
    grep -q "<property name=\"icon-name\">$app_id-symbolic</property>" "$src/ui/attest-window.ui"
  finish
  ;;

mime)
  mime=$1
  ok "the MIME definition is well-formed XML" xmllint --noout "$mime"
  ok "it defines application/tei+xml, a kind of XML" \
    sh -c 'grep -q "<mime-type type=\"application/tei+xml\">" "$1" && grep -q "<sub-class-of type=\"application/xml\"/>" "$1"' sh "$mime"
  if have update-mime-database; then
    out=$(mktemp -d)
    mkdir -p "$out/packages"
    cp "$mime" "$out/packages/"
    ok "update-mime-database accepts it" sh -c 'update-mime-database "$1" && grep -q "application/tei+xml" "$1/globs2"' sh "$out"
    rm -rf "$out"
  fi
  for type in text/x-brat-annotations application/x-uima-cas+json application/x-refi-qda-project; do
    ok "it defines $type" grep -q "<mime-type type=\"$type\">" "$mime"
  done
  if have update-mime-database && have gio; then
    # What the desktop's file type detection makes of each kind of file.
    out=$(mktemp -d)
    mkdir -p "$out/mime/packages" "$out/files"
    cp /usr/share/mime/packages/freedesktop.org.xml "$mime" "$out/mime/packages/"
    update-mime-database "$out/mime" 2>/dev/null
    printf 'T1\tx 0 5\tHello\n' > "$out/files/a.ann"
    printf '{"%%TYPES":{},"%%FEATURE_STRUCTURES":[]}\n' > "$out/files/cas.json"
    printf '{"a":1}\n' > "$out/files/plain.json"
    printf 'PK\003\004' > "$out/files/p.qdpx"
    printf '{"@context":"http://www.w3.org/ns/anno.jsonld"}\n' > "$out/files/w.jsonld"
    for pair in a.ann=text/x-brat-annotations cas.json=application/x-uima-cas+json \
                plain.json=application/json p.qdpx=application/x-refi-qda-project w.jsonld=application/ld+json; do
      ok "${pair%%=*} is ${pair#*=}" sh -c '[ "$(XDG_DATA_HOME=$1 XDG_DATA_DIRS=$1 gio info -a standard::content-type "$2" | sed -n "s/.*standard::content-type: //p")" = "$3" ]' \
        sh "$out" "$out/files/${pair%%=*}" "${pair#*=}"
    done
    rm -rf "$out"
  fi
  ok "the source file is in po/POTFILES.in" in_potfiles "data/$app_id.mime.xml.in"
  finish
  ;;

help)
  have yelp-check || skip_all "yelp-check is not installed (yelp-tools)"
  ok "yelp-check validate accepts every page" sh -c 'yelp-check validate "$1"/help/C/*.page' sh "$src"
  ok "no broken links" sh -c 'cd "$1/help/C" && [ -z "$(yelp-check links ./*.page)" ]' sh "$src"
  ok "no orphaned pages" sh -c 'cd "$1/help/C" && [ -z "$(yelp-check orphans ./*.page)" ]' sh "$src"
  for page in "$src"/help/C/*.page; do
    name=$(basename "$page")
    ok "$name is installed by help/meson.build" grep -q "'$name'" "$src/help/meson.build"
  done
  for topic in import annotate sources sharing export; do
    ok "the guide has a page on $topic" test -f "$src/help/C/$topic.page"
  done
  finish
  ;;

flatpak)
  manifest=$src/flatpak/$app_id.json
  if ! have flatpak-builder; then
    echo "SKIP: flatpak-builder is not installed (Debian package flatpak-builder)"
    exit 77
  fi
  if ! flatpak-builder --show-manifest "$manifest" >"$log" 2>&1; then
    echo "flatpak-builder --show-manifest cannot parse $manifest:"
    cat "$log"
    exit 1
  fi
  # The narrowest sandbox: a display, the GPU, shared memory for X11; files
  # only through the portal file chooser; no network.
  python3 - "$log" "$app_id" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
app_id = sys.argv[2]
problems = []
if m.get("id", m.get("app-id")) != app_id:
    problems.append(f"id is {m.get('id')!r}, not {app_id!r}")
if m.get("command") != "attest":
    problems.append("command is not attest")
if m.get("runtime") != "org.gnome.Platform" or m.get("sdk") != "org.gnome.Sdk":
    problems.append("not built on the GNOME runtime and SDK")
# Network only for a team's PostgreSQL server (issue 17; the metainfo says so).
wanted = {"--share=ipc", "--share=network", "--socket=fallback-x11", "--socket=wayland", "--device=dri"}
args = set(m.get("finish-args", []))
if args != wanted:
    problems.append(f"finish-args {sorted(args)} are not exactly {sorted(wanted)}")
names = [mod.get("name") if isinstance(mod, dict) else mod for mod in m.get("modules", [])]
if "libpq" not in names:
    problems.append("libpq (the team server's client) is not built as a module of its own")
if names[-1:] != ["attest"]:
    problems.append("the last module is not attest")
for mod in m.get("modules", []):
    for s in mod.get("sources", []) if isinstance(mod, dict) else []:
        if s.get("type") in ("archive", "file") and not s.get("sha256"):
            problems.append(f"source {s.get('url')} of {mod.get('name')} has no sha256")
        if s.get("type") == "git" and not s.get("commit"):
            problems.append(f"git source of {mod.get('name')} is not pinned to a commit")
for p in problems:
    print("FAIL:", p)
if problems:
    sys.exit(1)
print(f"{app_id}: {len(names)} module(s), finish-args {' '.join(sorted(args))}")
PY
  ;;

*)
  echo "usage: $0 desktop|metainfo|schema|icons|mime|help|flatpak [ARGS…]" >&2
  exit 2
  ;;
esac
