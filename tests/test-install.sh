#!/bin/sh
# test-install.sh — installs the build into a temporary DESTDIR and runs
# what was installed: attest-cli, attest --help, and (under Xvfb, in a
# private D-Bus session) the window, including a second launch through the
# installed .desktop file that hands an article to the running instance.
#
# Environment (set by tests/meson.build): MESON, ATTEST_BUILD_ROOT,
# ATTEST_SOURCE_ROOT, ATTEST_PREFIX, ATTEST_BINDIR, ATTEST_DATADIR,
# ATTEST_LOCALEDIR (absolute, as configured), ATTEST_APP (yes|no).
# Prints TAP.
set -u

build=${ATTEST_BUILD_ROOT:?}
src=${ATTEST_SOURCE_ROOT:?}
app_id=io.github.attest.Attest
sample=$src/data/samples/000_7978e9767d1c15ca.txt
second=$src/data/samples/001_e5288724e250c3ef.txt

# --inside: run by the outer script under xvfb-run and dbus-run-session.
# Writes "ok DESC" / "not ok DESC" lines to $RESULTS.
if [ "${1:-}" = --inside ]; then
  result () { if [ "$1" -eq 0 ]; then echo "ok - $2"; else echo "not ok - $2"; fi >>"$RESULTS"; }
  count_documents () {
    "$bin/attest-cli" --db "$db" --read-only --json documents 2>/dev/null | grep -o '"sha256"' | wc -l
  }
  bin=$2 db=$3 desktop=$4
  "$bin/attest" --db "$db" >"$WORK/app.log" 2>&1 &
  pid=$!
  sleep 3
  kill -0 "$pid" 2>/dev/null
  result $? "the installed attest is still running after 3 s"

  # "Open With": the desktop file launches `attest %F`, which hands the file
  # to the window already open (GApplication) and exits.
  before=$(count_documents)
  PATH=$bin:$PATH gio launch "$desktop" "$second" >"$WORK/launch.log" 2>&1
  result $? "gio launch $(basename "$desktop") ARTICLE"
  imported=1
  # Up to 30 s: a loaded machine (benchmarks, other Xvfb tests) is slow.
  waited=0
  for _ in $(seq 60); do
    if [ "$(count_documents)" -gt "$before" ]; then imported=0; break; fi
    sleep 0.5
    waited=$((waited + 1))
  done
  result $imported "the running instance imported the file of the second launch ($before, then $(count_documents) documents after $((waited / 2)) s)"
  if [ $imported -ne 0 ]; then
    # What the window shows, for a person to look at (ImageMagick's import).
    command -v import >/dev/null && import -window root "$ATTEST_BUILD_ROOT/tests/install-failure.png"
    cat "$WORK/launch.log" "$WORK/app.log" | sed 's/^/# /' >>"$RESULTS"
  fi
  kill -0 "$pid" 2>/dev/null
  result $? "the first instance is still running"

  kill -TERM "$pid" 2>/dev/null
  wait "$pid"
  status=$?
  # 143 = killed by SIGTERM: expected; anything else is a crash or an exit.
  [ "$status" -eq 143 ] || [ "$status" -eq 0 ]
  result $? "ended by SIGTERM (status $status)"
  if grep -E "CRITICAL|WARNING" "$WORK/app.log" >/dev/null; then
    sed 's/^/# /' "$WORK/app.log" >>"$RESULTS"
    result 1 "no warnings or criticals on the app's stderr"
  else
    result 0 "no warnings or criticals on the app's stderr"
  fi
  exit 0
fi

n=0
failed=0
WORK=$(mktemp -d)
export WORK
trap 'rm -rf "$WORK"' EXIT
dest=$WORK/destdir
log=$WORK/log

ok () {                         # ok DESCRIPTION COMMAND…
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

skip () { n=$((n + 1)); echo "ok $n - $1 # SKIP $2"; }

have () { command -v "$1" >/dev/null 2>&1; }

bindir=$dest$ATTEST_BINDIR
datadir=$dest$ATTEST_DATADIR
localedir=$dest$ATTEST_LOCALEDIR
db=$WORK/x.db

ok "meson install --destdir" "$MESON" install -C "$build" --no-rebuild --quiet --destdir "$dest"
if [ $failed -ne 0 ]; then
  echo "Bail out! nothing was installed"
  exit 1
fi

# What the desktop finds, where it looks for it.
ok "bin/attest-cli" test -x "$bindir/attest-cli"
ok "glib-2.0/schemas/$app_id.gschema.xml" test -f "$datadir/glib-2.0/schemas/$app_id.gschema.xml"
if [ "$ATTEST_APP" = yes ]; then
  ok "bin/attest" test -x "$bindir/attest"
  ok "applications/$app_id.desktop" test -f "$datadir/applications/$app_id.desktop"
  ok "metainfo/$app_id.metainfo.xml" test -f "$datadir/metainfo/$app_id.metainfo.xml"
  ok "mime/packages/$app_id.xml" test -f "$datadir/mime/packages/$app_id.xml"
  ok "icons/hicolor/scalable/apps/$app_id.svg" test -f "$datadir/icons/hicolor/scalable/apps/$app_id.svg"
  ok "icons/hicolor/symbolic/apps/$app_id-symbolic.svg" \
    test -f "$datadir/icons/hicolor/symbolic/apps/$app_id-symbolic.svg"
  if have itstool; then
    ok "help/C/$app_id/index.page" test -f "$datadir/help/C/$app_id/index.page"
  else
    skip "help/C/$app_id/index.page" "itstool is not installed, so the guide is not built"
  fi
fi
for lang in $(sed 's/#.*//' "$src/po/LINGUAS"); do
  ok "locale/$lang/LC_MESSAGES/attest.mo" test -f "$localedir/$lang/LC_MESSAGES/attest.mo"
done

# The installed command-line tool works from where it was put.
ok "attest-cli --help" "$bindir/attest-cli" --help
ok "attest-cli --db x.db import ARTICLE" "$bindir/attest-cli" --db "$db" import "$sample"
ok "attest-cli --db x.db documents lists it" \
  sh -c '"$1" --db "$2" documents | grep -q "Eurasia Daily Monitor"' sh "$bindir/attest-cli" "$db"
ok "the installed schemas compile" glib-compile-schemas --strict "$datadir/glib-2.0/schemas"

if [ "$ATTEST_APP" != yes ]; then
  echo "1..$n"
  exit $failed
fi

# A TEI export is recognised as application/tei+xml once the MIME database
# includes the installed definition.
if have update-mime-database && have gio; then
  "$bindir/attest-cli" --db "$db" export tei -o "$WORK/corpus.tei" >/dev/null 2>&1
  ok "update-mime-database on the installed definition" update-mime-database "$datadir/mime"
  ok "a TEI export is application/tei+xml" \
    sh -c 'XDG_DATA_HOME="$1/nowhere" XDG_DATA_DIRS="$2:/usr/share" gio info -a standard::content-type "$3" |
           grep -q "standard::content-type: application/tei+xml"' sh "$WORK" "$datadir" "$WORK/corpus.tei"
else
  skip "a TEI export is application/tei+xml" "update-mime-database or gio is missing"
fi

ok "attest --help" "$bindir/attest" --help
if have desktop-file-validate; then
  ok "the installed desktop file validates" desktop-file-validate "$datadir/applications/$app_id.desktop"
fi

if have xvfb-run && have dbus-run-session && have gio; then
  RESULTS=$WORK/results
  export RESULTS
  : >"$RESULTS"
  XDG_DATA_HOME=$WORK/data XDG_CONFIG_HOME=$WORK/config XDG_CACHE_HOME=$WORK/cache \
  XDG_DATA_DIRS=$datadir:/usr/local/share:/usr/share \
  GSETTINGS_SCHEMA_DIR=$datadir/glib-2.0/schemas GSETTINGS_BACKEND=memory \
  GDK_BACKEND=x11 NO_AT_BRIDGE=1 GTK_A11Y=none G_DEBUG=fatal-criticals \
    xvfb-run -a -n 140 -s "-screen 0 1280x800x24" \
      dbus-run-session -- sh "$0" --inside "$bindir" "$db" "$datadir/applications/$app_id.desktop" \
      >"$WORK/xvfb.log" 2>&1
  status=$?
  ok "xvfb-run and dbus-run-session ran (status $status)" test "$status" -eq 0
  [ "$status" -eq 0 ] || sed 's/^/# /' "$WORK/xvfb.log"
  while read -r line; do
    n=$((n + 1))
    case $line in
      "not ok"*) failed=1; echo "not ok $n - ${line#not ok - }" ;;
      "ok"*) echo "ok $n - ${line#ok - }" ;;
      *) n=$((n - 1)); echo "$line" ;;
    esac
  done <"$RESULTS"
else
  skip "the installed app runs under Xvfb" "xvfb-run, dbus-run-session or gio is missing"
fi

echo "1..$n"
exit $failed
