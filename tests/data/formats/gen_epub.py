#!/usr/bin/python3
"""Build book.epub (EPUB 3) from src/book.txt with zipfile.

Chapters appear in src/book.txt in reading order, each introduced by
"@@chapter FILE".  The manifest lists the files alphabetically (a, b, c) and
the spine gives the reading order c -> a -> b; nav.xhtml is in the manifest
(properties="nav") and in the spine with linear="no" (first), and its text
must not be imported.
usage: gen_epub.py OUTDIR
"""
import os
import sys
import zipfile
from xml.sax.saxutils import escape

from fixtlib import SRC, write_expected, header_get

OUT = sys.argv[1]
DT = (2026, 2, 20, 12, 0, 0)

text = open(os.path.join(SRC, "book.txt"), encoding="utf-8").read()
head, body = text.split("\n---\n", 1)
header = [tuple(x.strip() for x in l.split(":", 1)) for l in head.splitlines() if l.strip()]
get = lambda k: header_get(header, k)

chapters = []  # (file, heading, [paragraphs]) in reading order
for part in body.split("@@chapter ")[1:]:
    fname, rest = part.split("\n", 1)
    paras = [" ".join(l.strip() for l in c.strip().splitlines()) for c in rest.split("\n\n") if c.strip()]
    assert paras[0].startswith("## ")
    chapters.append((fname.strip(), paras[0][3:], paras[1:]))


def xhtml(title, inner):
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE html>\n'
            '<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" lang="en" xml:lang="en">\n'
            '<head>\n<meta charset="utf-8"/>\n<title>%s</title>\n'
            '<link rel="stylesheet" type="text/css" href="style.css"/>\n</head>\n'
            '<body>\n%s\n</body>\n</html>\n' % (escape(title), inner))


files = {}
for i, (fname, h, paras) in enumerate(chapters):
    inner = '<section epub:type="chapter" id="ch%d">\n<h1>%s</h1>\n' % (i + 1, escape(h))
    inner += "\n".join("<p>%s</p>" % escape(p) for p in paras) + "\n</section>"
    files["OEBPS/" + fname] = xhtml(h, inner)

nav_items = "\n".join('<li><a href="%s">%s</a></li>' % (f, escape(h)) for f, h, _ in chapters)
files["OEBPS/nav.xhtml"] = xhtml("Contents",
    '<nav epub:type="toc" id="toc">\n<h1>Contents</h1>\n<ol>\n%s\n</ol>\n</nav>\n'
    '<nav epub:type="landmarks" hidden="hidden">\n<h2>Guide</h2>\n<ol>\n'
    '<li><a epub:type="bodymatter" href="%s">Start of Content</a></li>\n</ol>\n</nav>'
    % (nav_items, chapters[0][0]))
files["OEBPS/style.css"] = "body { font-family: serif; margin: 1em; }\nh1 { font-size: 1.4em; }\n"

manifest = ['<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>',
            '<item id="css" href="style.css" media-type="text/css"/>']
for fname in sorted(f for f, _, _ in chapters):
    manifest.append('<item id="%s" href="%s" media-type="application/xhtml+xml"/>'
                    % ("x-" + fname.split(".")[0], fname))
spine = ['<itemref idref="nav" linear="no"/>'] + [
    '<itemref idref="%s"/>' % ("x-" + f.split(".")[0]) for f, _, _ in chapters]

files["OEBPS/content.opf"] = """<?xml version="1.0" encoding="UTF-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="bookid" xml:lang="en">
  <metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
    <dc:identifier id="bookid">urn:uuid:6f1c2a8e-3b7d-4e2a-9c51-0d4e8b7a1f33</dc:identifier>
    <dc:title>%s</dc:title>
    <dc:creator id="creator">%s</dc:creator>
    <meta refines="#creator" property="role" scheme="marc:relators">aut</meta>
    <dc:date>%s</dc:date>
    <dc:publisher>%s</dc:publisher>
    <dc:language>en</dc:language>
    <meta property="dcterms:modified">%sT12:00:00Z</meta>
  </metadata>
  <manifest>
    %s
  </manifest>
  <spine>
    %s
  </spine>
</package>
""" % (escape(get("title")), escape(get("author")), get("date"), escape(get("publication")), get("date"),
       "\n    ".join(manifest), "\n    ".join(spine))

CONTAINER = """<?xml version="1.0" encoding="UTF-8"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
  <rootfiles>
    <rootfile full-path="%s" media-type="application/oebps-package+xml"/>
  </rootfiles>
</container>
"""


def write_epub(path, files, rootfile="OEBPS/content.opf", only_mimetype=False):
    with zipfile.ZipFile(path, "w") as z:
        zi = zipfile.ZipInfo("mimetype", date_time=DT)
        zi.compress_type = zipfile.ZIP_STORED
        z.writestr(zi, "application/epub+zip")
        if only_mimetype:
            return
        zi = zipfile.ZipInfo("META-INF/container.xml", date_time=DT)
        zi.compress_type = zipfile.ZIP_DEFLATED
        z.writestr(zi, CONTAINER % rootfile)
        for name in sorted(files):
            zi = zipfile.ZipInfo(name, date_time=DT)
            zi.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(zi, files[name])


if __name__ == "__main__":
    write_epub(os.path.join(OUT, "book.epub"), files)
    paras = []
    for _, h, ps in chapters:
        paras.append(h)
        paras.extend(ps)
    write_expected("book", [("title", get("title")), ("author", get("author")), ("date", get("date")),
                            ("publication", get("publication"))], paras)
