#!/usr/bin/python3
"""Build the hostile / broken fixtures.  Each must be refused by the importer.

usage: gen_hostile.py OUTDIR   (two-column.pdf must already be in OUTDIR)
"""
import os
import random
import subprocess
import sys
import zipfile
import zlib

from fixtlib import write_error

OUT = sys.argv[1]
DT = (2026, 3, 1, 12, 0, 0)

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>
</Types>
"""
RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>
</Relationships>
"""
CORE = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<dc:title>%s</dc:title><dc:creator>Duty Officer</dc:creator>
<dcterms:created xsi:type="dcterms:W3CDTF">2026-03-01T12:00:00Z</dcterms:created>
</cp:coreProperties>
"""


def zinfo(name, stored=False):
    zi = zipfile.ZipInfo(name, date_time=DT)
    zi.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    return zi


def docx_skeleton(z, title):
    z.writestr(zinfo("[Content_Types].xml"), CONTENT_TYPES)
    z.writestr(zinfo("_rels/.rels"), RELS)
    z.writestr(zinfo("docProps/core.xml"), CORE % title)


def bomb_docx():
    """word/document.xml inflates to 1.2 GB of well-formed XML (one huge run of spaces)."""
    path = os.path.join(OUT, "bomb.docx")
    head = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<w:document xmlns:w="%s"><w:body><w:p><w:r><w:t xml:space="preserve">'
            'Situation report, northern sector. ' % W_NS).encode()
    tail = b"</w:t></w:r></w:p></w:body></w:document>\n"
    chunk = b" " * (1 << 20)
    with zipfile.ZipFile(path, "w", compresslevel=9) as z:
        docx_skeleton(z, "Situation report")
        with z.open(zinfo("word/document.xml"), "w") as f:  # streamed: little RAM, no temp file
            f.write(head)
            for _ in range(1200):  # 1200 MiB
                f.write(chunk)
            f.write(tail)
    write_error("bomb", "decompressed size limit exceeded")


def entities_docx():
    """Billion laughs + external entity (file:///etc/passwd) in word/document.xml."""
    path = os.path.join(OUT, "entities.docx")
    ents = ['<!ENTITY lol "lol">']
    prev = "lol"
    for i in range(1, 10):
        ents.append('<!ENTITY lol%d "%s">' % (i, ("&%s;" % prev) * 10))
        prev = "lol%d" % i
    ents.append('<!ENTITY xxe SYSTEM "file:///etc/passwd">')
    doc = ('<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n'
           '<!DOCTYPE w:document [\n  %s\n]>\n'
           '<w:document xmlns:w="%s"><w:body>'
           '<w:p><w:r><w:t>Border incident report &lol9;</w:t></w:r></w:p>'
           '<w:p><w:r><w:t>&xxe;</w:t></w:r></w:p>'
           '</w:body></w:document>\n') % ("\n  ".join(ents), W_NS)
    with zipfile.ZipFile(path, "w") as z:
        docx_skeleton(z, "Border incident report")
        z.writestr(zinfo("word/document.xml"), doc)
    write_error("entities", "DTD/entity declarations not allowed")


def encrypted_pdf():
    subprocess.run(["qpdf", "--encrypt", "attest-user", "attest-owner", "256", "--",
                    os.path.join(OUT, "two-column.pdf"), os.path.join(OUT, "encrypted.pdf")], check=True)
    write_error("encrypted", "encrypted PDF")


def truncated_pdf():
    data = open(os.path.join(OUT, "two-column.pdf"), "rb").read()
    with open(os.path.join(OUT, "truncated.pdf"), "wb") as f:
        f.write(data[: len(data) * 60 // 100])
    write_error("truncated", "damaged PDF")


CONTAINER = """<?xml version="1.0" encoding="UTF-8"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
  <rootfiles>
    <rootfile full-path="%s" media-type="application/oebps-package+xml"/>
  </rootfiles>
</container>
"""
OPF = """<?xml version="1.0" encoding="UTF-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="bookid">
  <metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
    <dc:identifier id="bookid">urn:uuid:0b7e5d2c-9a41-4f63-8e1d-5c2a7f3b9e04</dc:identifier>
    <dc:title>Field Notes</dc:title>
    <dc:language>en</dc:language>
    <meta property="dcterms:modified">2026-03-01T12:00:00Z</meta>
  </metadata>
  <manifest>
%s
  </manifest>
  <spine>
%s
  </spine>
</package>
"""
CHAPTER = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml"><head><title>Field Notes</title></head>
<body><h1>Field Notes</h1><p>Patrols were doubled along the river crossing (Interfax, March 1).</p></body></html>
"""


def epub(path, entries, rootfile="OEBPS/content.opf"):
    with zipfile.ZipFile(path, "w") as z:
        z.writestr(zinfo("mimetype", stored=True), "application/epub+zip")
        if rootfile is None:
            return
        z.writestr(zinfo("META-INF/container.xml"), CONTAINER % rootfile)
        for name, data in entries:
            z.writestr(zinfo(name), data)


def escape_epubs():
    # 1: manifest items pointing outside the archive, and only those in the spine
    items = ('    <item id="p1" href="../../etc/passwd" media-type="application/xhtml+xml"/>\n'
             '    <item id="p2" href="/etc/hostname" media-type="application/xhtml+xml"/>')
    spine = '    <itemref idref="p1"/>\n    <itemref idref="p2"/>'
    epub(os.path.join(OUT, "escape.epub"), [("OEBPS/content.opf", OPF % (items, spine))])
    write_error("escape", "path outside the archive")
    # 2: container.xml rootfile "../content.opf"; a content.opf also sits at the
    # archive root, so an importer that silently clamps ".." would find a book.
    items = '    <item id="c1" href="chapter.xhtml" media-type="application/xhtml+xml"/>'
    spine = '    <itemref idref="c1"/>'
    epub(os.path.join(OUT, "escape2.epub"), [("content.opf", OPF % (items, spine)),
                                             ("chapter.xhtml", CHAPTER)], rootfile="../content.opf")
    write_error("escape2", "path outside the archive")


def notazip():
    rnd = random.Random(20260301)
    data = bytes(rnd.getrandbits(8) for _ in range(4096))
    assert not data.startswith(b"PK")
    with open(os.path.join(OUT, "notazip.docx"), "wb") as f:
        f.write(data)
    write_error("notazip", "not a zip archive")


def empty_epub():
    epub(os.path.join(OUT, "empty.epub"), [], rootfile=None)
    write_error("empty", "no content (missing META-INF/container.xml)")


if __name__ == "__main__":
    bomb_docx()
    entities_docx()
    encrypted_pdf()
    truncated_pdf()
    escape_epubs()
    notazip()
    empty_epub()
