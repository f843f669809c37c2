#!/bin/sh
# test-flatpak.sh — builds flatpak/io.github.attest.Attest.json for real
# with flatpak-builder, bundles it, installs the bundle and runs the app in
# its sandbox. TAP.
#
# The GNOME runtime cannot be downloaded here, so a stand-in runtime (also
# the SDK) is assembled from this machine's own Debian packages: GTK,
# libadwaita, the libraries Attest links and the build tools, under the
# throwaway id org.attest.StandIn.Sdk. A copy of the manifest is pointed at
# it, and leaves out the modules the stand-in already holds (poppler: the
# GNOME runtime lacks it, Debian's is in the stand-in); every other module
# is built from its pinned source, libpq from Debian's tarball. Everything
# lives in a temporary folder with its own Flatpak installation.
#
# Needs flatpak, flatpak-builder, eu-strip (elfutils), appstream-compose
# (appstream-util), xvfb-run, xdotool, dbus-run-session, python3 and the
# PostgreSQL server (build-aux/dev installs them); a missing one fails the
# test. ATTEST_SOURCE_ROOT names the source tree.
set -eu

src=${ATTEST_SOURCE_ROOT:?}
app_id=io.github.attest.Attest
standin=org.attest.StandIn.Sdk
n=0
failed=0

ok () { n=$((n + 1)); echo "ok $n - $1"; }
not_ok () { n=$((n + 1)); echo "not ok $n - $1"; failed=1; }
bail () { echo "Bail out! $1"; exit 1; }

for tool in flatpak flatpak-builder eu-strip appstream-compose xvfb-run xdotool dbus-run-session python3 apt-cache dpkg; do
  command -v "$tool" >/dev/null 2>&1 || bail "$tool is not installed (build-aux/dev installs it)"
done
pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -x "$pgbin/initdb" ] || bail "PostgreSQL's server programs are not installed (package postgresql)"

work=$(mktemp -d /tmp/attest-flatpak-XXXXXX)
chmod 755 "$work"
pgdir=$work/pg
cleanup () {
  [ -f "$pgdir/data/postmaster.pid" ] && runuser -u nobody -- "$pgbin/pg_ctl" -D "$pgdir/data" -m immediate stop >/dev/null 2>&1
  rm -rf "$work"
}
trap cleanup EXIT
export HOME=$work/home FLATPAK_USER_DIR=$work/flatpak XDG_DATA_HOME=$work/home/.local/share
mkdir -p "$HOME"
log=$work/log
echo "1..8"

# --- 1. The stand-in runtime: this machine's packages and what they need.
pkgs="libgtk-4-dev libadwaita-1-dev libglib2.0-dev libglib2.0-bin libglib2.0-dev-bin libjson-glib-dev
  libsqlite3-dev libxml2-dev libpoppler-glib-dev libarchive-dev libsecret-1-dev libssl-dev zlib1g-dev
  librsvg2-common gcc make meson ninja-build pkg-config gettext python3 desktop-file-utils appstream-util
  elfutils shared-mime-info fontconfig fonts-dejavu-core adwaita-icon-theme hicolor-icon-theme coreutils
  dash bash perl-base sed grep mawk findutils diffutils tar bzip2 xz-utils gzip libc-bin"
closure=$(apt-cache depends --recurse --no-recommends --no-suggests --no-conflicts --no-breaks --no-replaces \
          --no-enhances $pkgs 2>/dev/null | grep -E '^[a-z0-9]' | sort -u)
installed=""
for p in $closure; do
  dpkg-query -W -f '${Status}' "$p" 2>/dev/null | grep -q 'ok installed' && installed="$installed $p"
done
for p in $pkgs; do
  case " $installed " in *" $p "*) ;; *) bail "package $p is not installed (build-aux/dev installs it)";; esac
done
mkdir -p "$work/standin/files"
# shellcheck disable=SC2086
dpkg -L $installed 2>/dev/null | sort -u > "$work/files.txt"
python3 - "$work/files.txt" "$work/standin/files" <<'EOF'
import os, shutil, sys
# The runtime's files are its /usr; merged /lib, /bin and /sbin are there
# too, and /etc goes to files/etc.
listing, root = sys.argv[1], sys.argv[2]
for line in open(listing):
    p = line.strip()
    if p in ('/bin', '/lib', '/sbin', '/lib64', '/lib32', '/libx32') or not os.path.lexists(p):
        continue
    if os.path.isdir(p) and not os.path.islink(p):
        continue
    if p.startswith('/usr/'):
        rel = p[5:]
    elif p.split('/')[1] in ('lib', 'bin', 'sbin', 'lib64', 'etc'):
        rel = p[1:]
    else:
        continue
    dst = os.path.join(root, rel)
    os.makedirs(os.path.dirname(dst), exist_ok=True)
    if os.path.lexists(dst):
        continue
    if os.path.islink(p):
        os.symlink(os.readlink(p), dst)
    else:
        shutil.copy2(p, dst)
EOF
# Caches the packages' triggers made: no package owns them.
for d in share/glib-2.0/schemas lib/x86_64-linux-gnu/gdk-pixbuf-2.0 lib/x86_64-linux-gnu/gio/modules share/mime; do
  [ -d "/usr/$d" ] && mkdir -p "$work/standin/files/$d" && cp -an "/usr/$d/." "$work/standin/files/$d/"
done
cat > "$work/standin/metadata" <<EOF
[Runtime]
name=$standin
runtime=$standin/x86_64/1
sdk=$standin/x86_64/1
EOF
if flatpak build-export --runtime --files=files "$work/standin-repo" "$work/standin" 1 >"$log" 2>&1 &&
   flatpak --user remote-add --no-gpg-verify standin "$work/standin-repo" >>"$log" 2>&1 &&
   flatpak --user install -y --noninteractive standin "$standin//1" >>"$log" 2>&1; then
  ok "a stand-in runtime $standin from $(echo "$installed" | wc -w) of this machine's packages"
else
  cat "$log" | sed 's/^/# /'
  bail "the stand-in runtime could not be installed"
fi

# --- 2. The manifest, pointed at the stand-in, built for real.
python3 - "$src/flatpak/$app_id.json" "$work/manifest.json" "$standin" "$src" <<'EOF'
import json, sys
manifest, out, standin, src = sys.argv[1:5]
m = json.load(open(manifest))
m['runtime'] = m['sdk'] = standin
m['runtime-version'] = '1'
m['modules'] = [x for x in m['modules'] if x['name'] != 'poppler']
for x in m['modules']:
    if x['name'] == 'attest':
        x['sources'][0]['path'] = src
json.dump(m, open(out, 'w'), indent=2)
EOF
start=$(date +%s)
if flatpak-builder --user --disable-rofiles-fuse --force-clean --state-dir="$work/state" \
     --repo="$work/app-repo" "$work/build" "$work/manifest.json" >"$log" 2>&1; then
  ok "flatpak-builder builds the manifest: libpq and Attest ($(( $(date +%s) - start )) s)"
else
  tail -40 "$log" | sed 's/^/# /'
  bail "flatpak-builder failed"
fi

# --- 3. One file a user installs.
if flatpak build-bundle "$work/app-repo" "$work/attest.flatpak" "$app_id" >"$log" 2>&1 &&
   flatpak --user install -y --noninteractive --bundle "$work/attest.flatpak" >>"$log" 2>&1; then
  ok "flatpak build-bundle gives attest.flatpak ($(du -k "$work/attest.flatpak" | cut -f1) KiB), and flatpak install takes it"
else
  sed 's/^/# /' "$log"
  bail "the bundle could not be made or installed"
fi

# --- 4. The sandbox: network (for a team's server) and no more.
perms=$(flatpak --user info --show-permissions "$app_id" 2>&1)
if echo "$perms" | grep -q '^shared=.*network' && ! echo "$perms" | grep -q '^filesystems='; then
  ok "the sandbox shares the network, and no file system"
else
  echo "$perms" | sed 's/^/# /'
  not_ok "the sandbox shares the network, and no file system"
fi

# --- 5. libpq of its own module, in the sandbox, reaches a real server.
mkdir -p "$pgdir/data"
chown nobody "$pgdir" "$pgdir/data"
port=$((20000 + $$ % 20000))
if runuser -u nobody -- "$pgbin/initdb" --no-sync -A trust -U postgres -D "$pgdir/data" >"$log" 2>&1 &&
   runuser -u nobody -- "$pgbin/pg_ctl" -D "$pgdir/data" -l "$pgdir/server.log" -w \
     -o "-c listen_addresses=127.0.0.1 -c unix_socket_directories=$pgdir -p $port -c fsync=off" start >>"$log" 2>&1 &&
   runuser -u nobody -- psql -q -X -h "$pgdir" -p $port -U postgres \
     -c "CREATE ROLE lead LOGIN CREATEROLE" -c "CREATE DATABASE attest OWNER lead" >>"$log" 2>&1; then
  :
else
  sed 's/^/# /' "$log"
  bail "PostgreSQL could not be started"
fi
if flatpak run --command=attest-cli "$app_id" --annotator Lena team join \
     "host=127.0.0.1 port=$port dbname=attest user=lead" >"$log" 2>&1 &&
   grep -q 'Joined the team' "$log" &&
   [ -f "$HOME/.var/app/$app_id/data/attest/attest.db.team" ] &&
   [ "$(runuser -u nobody -- psql -tA -X -h "$pgdir" -p $port -U postgres -d attest \
         -c 'SELECT annotator FROM attest.members')" = "Lena" ]; then
  ok "attest-cli in the sandbox joins a team on PostgreSQL over TCP, through the libpq module"
else
  sed 's/^/# /' "$log"
  not_ok "attest-cli in the sandbox joins a team on PostgreSQL over TCP, through the libpq module"
fi

# --- 6. The window opens in the sandbox.
rm -f "$HOME/.var/app/$app_id/data/attest/attest.db"*
cat > "$work/window.sh" <<EOF
flatpak run $app_id >"$work/app.log" 2>&1 &
for i in \$(seq 120); do
  if xdotool search --onlyvisible --name Attest >/dev/null 2>&1; then
    sleep 1
    kill %1 2>/dev/null
    exit 0
  fi
  sleep 0.5
done
kill %1 2>/dev/null
exit 1
EOF
if dbus-run-session -- xvfb-run -a -s "-screen 0 1280x800x24" sh "$work/window.sh" >"$log" 2>&1; then
  ok "the window opens under Xvfb in the sandbox"
else
  sed 's/^/# /' "$log" "$work/app.log"
  not_ok "the window opens under Xvfb in the sandbox"
fi

# --- 7. Its database is in the app's own folder.
if [ -f "$HOME/.var/app/$app_id/data/attest/attest.db" ]; then
  ok "the database is created under ~/.var/app/$app_id/"
else
  find "$HOME/.var" 2>/dev/null | sed 's/^/# /'
  not_ok "the database is created under ~/.var/app/$app_id/"
fi

# --- 8. A file outside the sandbox is not readable from inside.
echo "not for the sandbox" > "$HOME/outside.txt"
if flatpak run --command=cat "$app_id" "$HOME/outside.txt" >"$log" 2>&1; then
  sed 's/^/# /' "$log"
  not_ok "a file outside the sandbox cannot be read from it"
else
  ok "a file outside the sandbox cannot be read from it"
fi

exit $failed
