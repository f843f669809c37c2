#!/bin/sh
# Rebuild every generated fixture in this folder from the texts in src/.
# Needs: python3 (Debian's /usr/bin/python3), groff, ghostscript, qpdf,
# poppler-utils, LibreOffice (soffice).  The web pages (*.html) and their
# .expected files are hand-written and are only checked here, not generated.
# The outputs are committed: the tests read them and need none of these tools.
set -eu
cd "$(dirname "$0")"
PY=/usr/bin/python3
export PYTHONDONTWRITEBYTECODE=1
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

$PY gen_pdf.py . "$WORK"          # two-column, running-heads, hyphenated, scanned, mixed
$PY gen_memo.py . "$WORK"         # memo.docx, memo.odt (LibreOffice from a generated .fodt)
$PY gen_epub.py .                 # book.epub
$PY gen_hostile.py .              # bomb, entities, encrypted, truncated, escape*, notazip, empty

# cross-checks of the outputs against the expectations
$PY verify_pdf.py . two-column
$PY verify_pdf.py . running-heads
$PY verify_pdf.py . mixed
$PY verify_pdf.py . hyphenated 5
if pdffonts scanned.pdf 2>/dev/null | tail -n +3 | grep -q .; then echo "scanned.pdf has fonts" >&2; exit 1; fi
test -z "$(pdftotext scanned.pdf - | tr -d ' \n\f')" || { echo "scanned.pdf has text" >&2; exit 1; }
test -z "$(pdftotext -f 2 -l 2 mixed.pdf - | tr -d ' \n\f')" || { echo "mixed.pdf page 2 has text" >&2; exit 1; }
$PY verify_html.py wordpress drupal newscms plain-blog

# size limits: 200 KB each, bomb.docx < 2 MB
for f in *.pdf *.docx *.odt *.epub *.html; do
    s=$(wc -c < "$f")
    lim=204800; [ "$f" = bomb.docx ] && lim=2097152
    [ "$s" -lt "$lim" ] || { echo "$f too big ($s bytes)" >&2; exit 1; }
done
echo "fixtures rebuilt"
