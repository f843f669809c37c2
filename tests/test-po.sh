#!/bin/sh
# test-po.sh — the translations (issue 6), as TAP.
#
#   test-po.sh
#
#  - po/POTFILES.in is complete: every file under src/, ui/ and data/ that
#    carries a gettext mark (_(), N_(), C_(), NC_(), ngettext(),
#    translatable="yes", a schema summary, a MIME comment, a .desktop.in or
#    .metainfo.xml.in) is listed, and every listed file exists;
#  - every language in po/LINGUAS has a po/<lang>.po and the other way round;
#  - msgfmt --check --statistics: every message translated, none fuzzy, the
#    c-format placeholders and plural forms right;
#  - the catalogues are not stale: a template extracted now from the sources
#    (the same xgettext call as `meson compile attest-pot`) merged into each
#    .po leaves nothing untranslated or fuzzy;
#  - xgettext can read every marked string (a G_GINT64_FORMAT pasted into a
#    translatable literal cuts the msgid short: use PRId64 there);
#  - the labels of data/default-taxonomy.json, which the app translates at
#    run time, are in src/app/attest-taxonomy-labels.c for xgettext;
#  - the .desktop file, the metainfo and the MIME type merge them.
#
# ATTEST_SOURCE_ROOT names the source tree. Exits 77 (skipped) without the
# gettext tools.
set -u

src=${ATTEST_SOURCE_ROOT:?ATTEST_SOURCE_ROOT is not set}

for tool in xgettext msgfmt msgmerge; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "1..0 # SKIP $tool is not installed (Debian package gettext)"
    exit 77
  fi
done

n=0
failed=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
log=$tmp/log

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

# The files POTFILES.in lists, comments and blank lines left out.
listed () {
  sed -e 's/#.*//' -e 's/[[:space:]]*$//' -e '/^$/d' "$src/po/POTFILES.in"
}

# Files under src/, ui/ and data/ that have strings for translators.
marked () {
  (
    cd "$src" || exit 1
    find src ui data -type f \( -name '*.c' -o -name '*.h' \) -print |
      xargs grep -lE '(^|[^A-Za-z0-9_])(_|N_|C_|NC_|Q_|ngettext|g_dngettext|g_dpgettext2|g_dcgettext)[[:space:]]*\(' 2>/dev/null
    find src ui data -type f -name '*.ui' -print |
      xargs grep -l 'translatable="yes"' 2>/dev/null
    find data -type f \( -name '*.desktop.in' -o -name '*.metainfo.xml.in' -o -name '*.appdata.xml.in' \) -print
    find data -type f -name '*.gschema.xml' -print | xargs grep -lE '<(summary|description)>' 2>/dev/null
    find data -type f -name '*.xml.in' ! -name '*.metainfo.xml.in' -print |
      xargs grep -lE '<(comment|expanded-acronym)>|translatable="yes"' 2>/dev/null
  ) | sort -u
}

potfiles_complete () {
  missing=0
  for f in $(marked); do
    if ! listed | grep -qxF "$f"; then
      echo "$f has translatable strings but is not in po/POTFILES.in"
      missing=1
    fi
  done
  return $missing
}

potfiles_exist () {
  bad=0
  for f in $(listed); do
    if [ ! -f "$src/$f" ]; then
      echo "po/POTFILES.in lists $f, which does not exist"
      bad=1
    fi
  done
  [ -n "$(listed)" ] || { echo "po/POTFILES.in is empty"; bad=1; }
  return $bad
}

languages () {
  sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$src/po/LINGUAS" | tr -s ' \t' '\n\n' | sed '/^$/d'
}

linguas_match () {
  bad=0
  for lang in $(languages); do
    [ -f "$src/po/$lang.po" ] || { echo "po/LINGUAS lists $lang but po/$lang.po is missing"; bad=1; }
  done
  for po in "$src"/po/*.po; do
    [ -f "$po" ] || continue
    lang=$(basename "$po" .po)
    languages | grep -qxF "$lang" || { echo "po/$lang.po is not in po/LINGUAS"; bad=1; }
  done
  for lang in ru de; do
    languages | grep -qxF "$lang" || { echo "po/LINGUAS lacks $lang"; bad=1; }
  done
  return $bad
}

# complete PO: msgfmt --check passes and says "N translated messages." only.
complete () {
  stats=$(LC_ALL=C msgfmt --check --statistics -o /dev/null "$1" 2>&1) || { echo "$stats"; return 1; }
  echo "$stats"
  echo "$stats" | grep -qE '^[0-9]+ translated messages?\.$'
}

plural_forms () {               # plural_forms PO EXPECTED
  header=$(msgcat --no-wrap "$1" 2>/dev/null | grep -m1 '^"Plural-Forms:' | sed 's/^"Plural-Forms: *//; s/\\n"$//')
  echo "Plural-Forms: $header"
  [ "$header" = "$2" ]
}

# The same extraction as `meson compile attest-pot` (i18n.gettext, preset glib).
# Files POTFILES.in lists that do not exist are left out here (test 2 reports
# them), so that the other checks still run.
extract () {
  for f in $(listed); do
    [ -f "$src/$f" ] && echo "$f"
  done >"$tmp/POTFILES"
  xgettext --package-name=attest -p "$tmp" -f "$tmp/POTFILES" -D "$src" -k_ -o attest.pot \
    --from-code=UTF-8 --add-comments \
    --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 \
    --keyword=g_dcgettext:2 --keyword=g_dngettext:2,3 --keyword=g_dpgettext2:2c,3 \
    --flag=N_:1:pass-c-format --flag=C_:2:pass-c-format --flag=NC_:2:pass-c-format \
    --flag=g_dngettext:2:pass-c-format --flag=g_strdup_printf:1:c-format \
    --flag=g_string_printf:2:c-format --flag=g_string_append_printf:2:c-format \
    --flag=g_error_new:3:c-format --flag=g_set_error:4:c-format \
    --flag=g_markup_printf_escaped:1:c-format --flag=g_log:3:c-format \
    --flag=g_print:1:c-format --flag=g_printerr:1:c-format --flag=g_printf:1:c-format \
    --flag=g_fprintf:2:c-format --flag=g_sprintf:2:c-format --flag=g_snprintf:3:c-format \
    2>"$tmp/xgettext.log"
}

template_built () {
  extract || { cat "$tmp/xgettext.log"; return 1; }
  count=$(grep -c '^msgid ' "$tmp/attest.pot")
  echo "$((count - 1)) messages in the template"
  [ "$count" -gt 100 ]
}

no_cut_msgids () {
  [ -f "$tmp/attest.pot" ] || { echo "no template"; return 1; }
  cat "$tmp/xgettext.log"
  ! grep -E 'not a valid C format string|is used without plural and with plural' "$tmp/xgettext.log" || return 1
  # A msgid that ends in a lone % was cut at a macro.
  ! msgcat --no-wrap "$tmp/attest.pot" | grep -E '^msgid(_plural)? "(.*[^%])?(%%)*%"$'
}

up_to_date () {                 # up_to_date LANG
  [ -f "$tmp/attest.pot" ] || { echo "no template"; return 1; }
  cp "$src/po/$1.po" "$tmp/$1.po"
  msgmerge --quiet --update --backup=off "$tmp/$1.po" "$tmp/attest.pot" || return 1
  # Strings no longer in the sources become obsolete (#~): harmless, but say so.
  obsolete=$(grep -c '^#~ msgid ' "$tmp/$1.po")
  [ "$obsolete" -eq 0 ] || echo "note: $obsolete obsolete messages; run meson compile attest-update-po"
  stats=$(LC_ALL=C msgfmt --check --statistics -o /dev/null "$tmp/$1.po" 2>&1) || { echo "$stats"; return 1; }
  echo "$stats"
  if ! echo "$stats" | grep -qE '^[0-9]+ translated messages?\.$'; then
    echo "po/$1.po lacks translations of strings now in the sources:"
    msgattrib --untranslated --no-obsolete "$tmp/$1.po" 2>/dev/null | grep -A1 '^msgid' | grep -v '^--' | sed -n '3,$p' | head -n 40
    msgattrib --only-fuzzy --no-obsolete "$tmp/$1.po" 2>/dev/null | grep -A1 '^msgid' | grep -v '^--' | sed -n '3,$p' | head -n 40
    return 1
  fi
}

taxonomy_labels () {
  json=$src/data/default-taxonomy.json
  c=$src/src/app/attest-taxonomy-labels.c
  [ -f "$c" ] || { echo "missing $c"; return 1; }
  bad=0
  labels=$(grep -o '"label"[[:space:]]*:[[:space:]]*"[^"]*"' "$json" | sed 's/.*:[[:space:]]*"\(.*\)"$/\1/')
  [ -n "$labels" ] || { echo "no labels found in $json"; return 1; }
  echo "$labels" | {
    while IFS= read -r label; do
      grep -qF "N_(\"$label\")" "$c" || { echo "“$label” is not marked in src/app/attest-taxonomy-labels.c"; bad=1; }
    done
    return $bad
  }
}

# What i18n.merge_file does at build time, done here from the current po/
# (meson does not rebuild merged files when only a .po changes).
merged_desktop () {
  in=$(ls "$src"/data/*.desktop.in 2>/dev/null | head -n 1)
  [ -n "$in" ] || { echo "no data/*.desktop.in"; return 1; }
  msgfmt --desktop --template="$in" -d "$src/po" -o "$tmp/merged.desktop" || return 1
  for lang in $(languages); do
    for k in Name GenericName Comment Keywords; do
      grep "^$k\[$lang\]=" "$tmp/merged.desktop" || { echo "$k[$lang] missing"; return 1; }
    done
  done
}

merged_xml () {                 # merged_xml PATTERN ELEMENT
  in=$(ls "$src"/data/$1 2>/dev/null | head -n 1)
  [ -n "$in" ] || { echo "no data/$1"; return 1; }
  msgfmt --xml --template="$in" -d "$src/po" -o "$tmp/merged.xml" || return 1
  for lang in $(languages); do
    grep "<$2 xml:lang=\"$lang\">" "$tmp/merged.xml" | head -n 1
    grep -q "<$2 xml:lang=\"$lang\">" "$tmp/merged.xml" || { echo "no <$2 xml:lang=\"$lang\">"; return 1; }
  done
}

ok "every file with translatable strings is in po/POTFILES.in" potfiles_complete
ok "every file in po/POTFILES.in exists" potfiles_exist
ok "po/LINGUAS and po/*.po agree (and include ru, de)" linguas_match
ok "the default taxonomy labels are marked for xgettext" taxonomy_labels
ok "xgettext builds the template from po/POTFILES.in" template_built
ok "xgettext reads every marked string whole" no_cut_msgids
for lang in $(languages); do
  ok "po/$lang.po: msgfmt --check, all translated, none fuzzy" complete "$src/po/$lang.po"
  ok "po/$lang.po: up to date with the sources" up_to_date "$lang"
done
ok "po/ru.po: Russian plural forms" plural_forms "$src/po/ru.po" \
  'nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);'
ok "po/de.po: German plural forms" plural_forms "$src/po/de.po" 'nplurals=2; plural=(n != 1);'
ok "the .desktop file merges the translations" merged_desktop
ok "the metainfo merges the translations" merged_xml '*.metainfo.xml.in' summary
ok "the MIME type description merges the translations" merged_xml '*.mime.xml.in' comment

echo "1..$n"
exit $failed
