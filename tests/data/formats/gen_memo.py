#!/usr/bin/python3
"""Build memo.fodt from src/memo.txt, then memo.docx and memo.odt with LibreOffice.

src/memo.txt markup: "=Title ", "=Heading1 ", "=Heading2 " paragraphs,
"=Table a | b | c" + "=Row ..." lines for a table, "[[fn:text]]" for a
footnote at that point; everything else is a body paragraph.
usage: gen_memo.py OUTDIR WORKDIR
"""
import os
import re
import shutil
import subprocess
import sys
import zipfile
from xml.sax.saxutils import escape

from fixtlib import SRC, write_expected, header_get

OUT, WORK = sys.argv[1], sys.argv[2]
os.makedirs(WORK, exist_ok=True)

text = open(os.path.join(SRC, "memo.txt"), encoding="utf-8").read()
head, body = text.split("\n---\n", 1)
header = [tuple(x.strip() for x in l.split(":", 1)) for l in head.splitlines() if l.strip()]
title, author, date = header_get(header, "title"), header_get(header, "author"), header_get(header, "date")
stamp = date + "T10:15:00"

FN = re.compile(r"\[\[fn:(.*?)\]\]")
footnotes = []
xml_parts = []
expected = []


def inline(s):
    """ODF inline XML for a paragraph, and its expected text."""
    out_xml, out_txt, pos = [], [], 0
    for m in FN.finditer(s):
        out_xml.append(escape(s[pos:m.start()]))
        out_txt.append(s[pos:m.start()])
        footnotes.append(m.group(1))
        n = len(footnotes)
        out_xml.append('<text:note text:id="ftn%d" text:note-class="footnote">'
                       '<text:note-citation>%d</text:note-citation><text:note-body>'
                       '<text:p text:style-name="Footnote">%s</text:p></text:note-body></text:note>'
                       % (n, n, escape(m.group(1))))
        out_txt.append(str(n))
        pos = m.end()
    out_xml.append(escape(s[pos:]))
    out_txt.append(s[pos:])
    return "".join(out_xml), "".join(out_txt)


for chunk in body.split("\n\n"):
    lines = [l.strip() for l in chunk.strip().splitlines() if l.strip()]
    if not lines:
        continue
    if lines[0].startswith("=Table "):
        rows = [re.sub(r"^=(Table|Row) ", "", l).split(" | ") for l in lines]
        x = ['<table:table table:name="Forces" table:style-name="Forces">'
             '<table:table-column table:number-columns-repeated="%d"/>' % len(rows[0])]
        for i, r in enumerate(rows):
            x.append("<table:table-row>")
            for c in r:
                st = "Table_20_Heading" if i == 0 else "Table_20_Contents"
                x.append('<table:table-cell office:value-type="string">'
                         '<text:p text:style-name="%s">%s</text:p></table:table-cell>' % (st, escape(c)))
            x.append("</table:table-row>")
        x.append("</table:table>")
        xml_parts.append("".join(x))
        expected.append("\n".join("\t".join(r) for r in rows))
        continue
    para = " ".join(lines)
    m = re.match(r"^=(Title|Heading1|Heading2) (.*)$", para)
    if m:
        kind, t = m.groups()
        ix, tx = inline(t)
        if kind == "Title":
            xml_parts.append('<text:p text:style-name="Title">%s</text:p>' % ix)
        else:
            lvl = kind[-1]
            xml_parts.append('<text:h text:style-name="Heading_20_%s" text:outline-level="%s">%s</text:h>'
                             % (lvl, lvl, ix))
        expected.append(tx)
    else:
        ix, tx = inline(para)
        xml_parts.append('<text:p text:style-name="Text_20_body">%s</text:p>' % ix)
        expected.append(tx)

for i, f in enumerate(footnotes, 1):
    expected.append("%d %s" % (i, f))

fodt = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0"
 office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
 <office:meta>
  <dc:title>%(title)s</dc:title>
  <meta:initial-creator>%(author)s</meta:initial-creator>
  <dc:creator>%(author)s</dc:creator>
  <meta:creation-date>%(stamp)s</meta:creation-date>
  <dc:date>%(stamp)s</dc:date>
 </office:meta>
 <office:styles>
  <style:style style:name="Standard" style:family="paragraph" style:class="text"/>
  <style:style style:name="Text_20_body" style:display-name="Text body" style:family="paragraph" style:parent-style-name="Standard" style:class="text">
   <style:paragraph-properties fo:margin-bottom="0.25cm"/>
  </style:style>
  <style:style style:name="Title" style:family="paragraph" style:parent-style-name="Standard" style:class="chapter">
   <style:paragraph-properties fo:text-align="center"/>
   <style:text-properties fo:font-size="24pt" fo:font-weight="bold"/>
  </style:style>
  <style:style style:name="Heading_20_1" style:display-name="Heading 1" style:family="paragraph" style:parent-style-name="Standard" style:default-outline-level="1" style:class="text">
   <style:text-properties fo:font-size="16pt" fo:font-weight="bold"/>
  </style:style>
  <style:style style:name="Heading_20_2" style:display-name="Heading 2" style:family="paragraph" style:parent-style-name="Standard" style:default-outline-level="2" style:class="text">
   <style:text-properties fo:font-size="13pt" fo:font-weight="bold"/>
  </style:style>
  <style:style style:name="Footnote" style:family="paragraph" style:parent-style-name="Standard" style:class="extra">
   <style:text-properties fo:font-size="10pt"/>
  </style:style>
  <style:style style:name="Table_20_Contents" style:display-name="Table Contents" style:family="paragraph" style:parent-style-name="Standard" style:class="extra"/>
  <style:style style:name="Table_20_Heading" style:display-name="Table Heading" style:family="paragraph" style:parent-style-name="Table_20_Contents" style:class="extra">
   <style:text-properties fo:font-weight="bold"/>
  </style:style>
 </office:styles>
 <office:body>
  <office:text>
%(body)s
  </office:text>
 </office:body>
</office:document>
""" % {"title": escape(title), "author": escape(author), "stamp": stamp,
       "body": "\n".join("   " + p for p in xml_parts)}

fodt_path = os.path.join(WORK, "memo.fodt")
with open(fodt_path, "w", encoding="utf-8") as f:
    f.write(fodt)

profile = "file://" + os.path.abspath(os.path.join(WORK, "lo-profile"))
for fmt in ("docx:MS Word 2007 XML", "odt"):
    subprocess.run(["soffice", "-env:UserInstallation=" + profile, "--headless",
                    "--convert-to", fmt, "--outdir", WORK, fodt_path],
                   check=True, stdout=subprocess.DEVNULL)


def rewrite_zip(src, dst, replace):
    """Copy a zip, replacing some members' text via replace(name, data)."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w") as zout:
        for info in zin.infolist():
            data = replace(info.filename, zin.read(info.filename))
            zi = zipfile.ZipInfo(info.filename, date_time=(2026, 3, 2, 10, 15, 0))
            zi.compress_type = info.compress_type
            zi.external_attr = info.external_attr
            zout.writestr(zi, data)


# LibreOffice stamps the conversion time into the metadata: put the stated
# creation/modification date back, so the fixture's date is deterministic.
def fix_docx(name, data):
    if name == "docProps/core.xml":
        s = data.decode("utf-8")
        s = re.sub(r"(<dcterms:created[^>]*>)[^<]*", r"\g<1>%sZ" % stamp, s)
        s = re.sub(r"(<dcterms:modified[^>]*>)[^<]*", r"\g<1>%sZ" % stamp, s)
        return s.encode("utf-8")
    return data


def fix_odt(name, data):
    if name == "meta.xml":
        s = data.decode("utf-8")
        s = re.sub(r"(<meta:creation-date>)[^<]*", r"\g<1>%s" % stamp, s)
        s = re.sub(r"(<dc:date>)[^<]*", r"\g<1>%s" % stamp, s)
        return s.encode("utf-8")
    return data


rewrite_zip(os.path.join(WORK, "memo.docx"), os.path.join(OUT, "memo.docx"), fix_docx)
rewrite_zip(os.path.join(WORK, "memo.odt"), os.path.join(OUT, "memo.odt"), fix_odt)

hdr = [("title", title), ("author", author), ("date", date)]
# one expectation for both memo.docx and memo.odt
write_expected("memo", hdr, expected)
