# -*- coding: utf-8 -*-
"""Write flat-ODT (.fodt) sources for docs 1,2,3,4,6; soffice converts them."""
import re
from xml.sax.saxutils import escape
from content import DOC1, DOC2, DOC3, DOC4, DOC6

NS = '''xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0"
 xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"
 xmlns:loext="urn:org:documentfoundation:names:experimental:office:xmlns:loext:1.0"
 office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text"'''


def meta(doc):
    d = doc["date"] + "T09:30:00"
    return f'''<office:meta>
 <dc:title>{escape(doc["title"])}</dc:title>
 <meta:initial-creator>{escape(doc["author"])}</meta:initial-creator>
 <dc:creator>{escape(doc["author"])}</dc:creator>
 <meta:creation-date>{d}</meta:creation-date>
 <dc:date>{d}</dc:date>
</office:meta>'''


def styles(font, size, body_props, extra=""):
    return f'''<office:font-face-decls>
 <style:font-face style:name="{font}" svg:font-family="'{font}'" style:font-family-generic="roman" style:font-pitch="variable"/>
 <style:font-face style:name="DejaVu Sans" svg:font-family="'DejaVu Sans'" style:font-family-generic="swiss" style:font-pitch="variable"/>
</office:font-face-decls>
<office:styles>
 <style:default-style style:family="paragraph">
  <style:paragraph-properties fo:hyphenation-ladder-count="no-limit"/>
  <style:text-properties style:font-name="{font}" fo:font-size="{size}" fo:language="en" fo:country="GB" fo:hyphenate="false"/>
 </style:default-style>
 <style:style style:name="Standard" style:family="paragraph" style:class="text"/>
 <style:style style:name="Text_20_body" style:display-name="Text body" style:family="paragraph" style:parent-style-name="Standard" style:class="text">
  <style:paragraph-properties {body_props}/>
 </style:style>
 <style:style style:name="Title" style:family="paragraph" style:parent-style-name="Standard" style:class="chapter">
  <style:paragraph-properties fo:text-align="center" fo:margin-top="0cm" fo:margin-bottom="0.6cm"/>
  <style:text-properties style:font-name="DejaVu Sans" fo:font-size="18pt" fo:font-weight="bold"/>
 </style:style>
 <style:style style:name="Heading_20_1" style:display-name="Heading 1" style:family="paragraph" style:parent-style-name="Standard" style:next-style-name="Text_20_body" style:default-outline-level="1" style:class="text">
  <style:paragraph-properties fo:margin-top="0.5cm" fo:margin-bottom="0.25cm" fo:keep-with-next="always"/>
  <style:text-properties style:font-name="DejaVu Sans" fo:font-size="14pt" fo:font-weight="bold"/>
 </style:style>
 <style:style style:name="Header" style:family="paragraph" style:parent-style-name="Standard" style:class="extra">
  <style:text-properties fo:font-size="9pt" fo:font-style="italic"/>
 </style:style>
 <style:style style:name="Footer" style:family="paragraph" style:parent-style-name="Standard" style:class="extra">
  <style:paragraph-properties fo:text-align="center"/>
  <style:text-properties fo:font-size="9pt"/>
 </style:style>
 <style:style style:name="Footnote" style:family="paragraph" style:parent-style-name="Standard" style:class="extra">
  <style:paragraph-properties fo:margin-left="0.6cm" fo:text-indent="-0.6cm"/>
  <style:text-properties fo:font-size="9pt"/>
 </style:style>
 <style:style style:name="Footnote_20_anchor" style:display-name="Footnote anchor" style:family="text">
  <style:text-properties style:text-position="super 58%"/>
 </style:style>
 <style:style style:name="Footnote_20_Symbol" style:display-name="Footnote Symbol" style:family="text"/>
 <text:notes-configuration text:note-class="footnote" text:citation-style-name="Footnote_20_Symbol" text:citation-body-style-name="Footnote_20_anchor" style:num-format="1" text:start-value="0" text:footnotes-position="page" text:start-numbering-at="document"/>
{extra}
</office:styles>'''


def inline(text):
    """escape text, turning [[n]] into a footnote using NOTES."""
    out = []
    pos = 0
    for m in re.finditer(r"\[\[(\d+)\]\]", text):
        out.append(escape(text[pos:m.start()]))
        n = int(m.group(1))
        out.append(f'<text:note text:id="ftn{n}" text:note-class="footnote"><text:note-citation>{n}</text:note-citation>'
                   f'<text:note-body><text:p text:style-name="Footnote">{escape(NOTES[n])}</text:p></text:note-body></text:note>')
        pos = m.end()
    out.append(escape(text[pos:]))
    return "".join(out)


NOTES = {}


def body_xml(doc, pstyle="Text_20_body", lstyle="L1", listpara="Text_20_body"):
    global NOTES
    NOTES = doc.get("notes", {})
    out = []
    for kind, val in doc["body"]:
        if kind == "p":
            out.append(f'<text:p text:style-name="{pstyle}">{inline(val)}</text:p>')
        elif kind == "h":
            out.append(f'<text:h text:style-name="Heading_20_1" text:outline-level="1">{inline(val)}</text:h>')
        elif kind == "li":
            items = "".join(f'<text:list-item><text:p text:style-name="{listpara}">{inline(i)}</text:p></text:list-item>' for i in val)
            out.append(f'<text:list text:style-name="{lstyle}">{items}</text:list>')
    return "\n".join(out)


LIST_STYLE = '''<text:list-style style:name="L1">
 <text:list-level-style-bullet text:level="1" text:style-name="Bullet" text:bullet-char="\u2022">
  <style:list-level-properties text:list-level-position-and-space-mode="label-alignment">
   <style:list-level-label-alignment text:label-followed-by="listtab" text:list-tab-stop-position="1.0cm" fo:text-indent="-0.5cm" fo:margin-left="1.0cm"/>
  </style:list-level-properties>
  <style:text-properties style:font-name="DejaVu Sans"/>
 </text:list-level-style-bullet>
</text:list-style>'''


def page_layout(name, header=True, footer=True, margins="2cm"):
    h = '<style:header-style><style:header-footer-properties fo:min-height="0cm" fo:margin-bottom="0.5cm"/></style:header-style>' if header else '<style:header-style/>'
    f = '<style:footer-style><style:header-footer-properties fo:min-height="0cm" fo:margin-top="0.5cm"/></style:footer-style>' if footer else '<style:footer-style/>'
    return (f'<style:page-layout style:name="{name}"><style:page-layout-properties fo:page-width="21cm" fo:page-height="29.7cm" '
            f'fo:margin-top="{margins}" fo:margin-bottom="{margins}" fo:margin-left="2.5cm" fo:margin-right="2.5cm"/>{h}{f}</style:page-layout>')


def document(doc, styles_xml, auto, master, body):
    return f'''<?xml version="1.0" encoding="UTF-8"?>
<office:document {NS}>
{meta(doc)}
{styles_xml}
<office:automatic-styles>
{auto}
</office:automatic-styles>
<office:master-styles>
{master}
</office:master-styles>
<office:body><office:text>
{body}
</office:text></office:body>
</office:document>
'''


def write(name, xml):
    with open(name, "w", encoding="utf-8") as f:
        f.write(xml)


# ---- Doc 1: header + "Page N" footer, first-line indent, justified, 1.5 spacing
d = DOC1
st = styles("DejaVu Serif", "11.5pt",
            'fo:text-indent="0.8cm" fo:text-align="justify" style:justify-single-word="false" fo:margin-top="0cm" fo:margin-bottom="0cm" fo:line-height="150%"')
master = f'''<style:master-page style:name="Standard" style:page-layout-name="pm1">
 <style:header><text:p text:style-name="Header">{escape(d["header"])}</text:p></style:header>
 <style:footer><text:p text:style-name="Footer">Page <text:page-number text:select-page="current">1</text:page-number></text:p></style:footer>
</style:master-page>'''
body = f'<text:p text:style-name="Title">{escape(d["title"])}</text:p>\n' + body_xml(d)
write("01_report_header_footer.fodt", document(d, st, page_layout("pm1"), master, body))

# ---- Doc 2: one-column title + lead, then a two-column section
d = DOC2
st = styles("DejaVu Serif", "10.5pt",
            'fo:text-indent="0cm" fo:text-align="justify" fo:margin-top="0cm" fo:margin-bottom="0.2cm" fo:line-height="125%"')
auto = page_layout("pm1", header=False, footer=False) + '''
<style:style style:name="Lead" style:family="paragraph" style:parent-style-name="Standard">
 <style:paragraph-properties fo:text-align="start" fo:margin-bottom="0.6cm" fo:line-height="130%"/>
 <style:text-properties fo:font-size="13pt" fo:font-weight="bold"/>
</style:style>
<style:style style:name="Sect1" style:family="section">
 <style:section-properties text:dont-balance-text-columns="false" style:editable="false">
  <style:columns fo:column-count="2" fo:column-gap="0.8cm">
   <style:column-sep style:width="0.02cm" style:color="#000000" style:height="100%" style:style="solid"/>
  </style:columns>
 </style:section-properties>
</style:style>'''
master = '<style:master-page style:name="Standard" style:page-layout-name="pm1"/>'
body = (f'<text:p text:style-name="Title">{escape(d["title"])}</text:p>\n'
        f'<text:p text:style-name="Lead">{escape(d["lead"])}</text:p>\n'
        f'<text:section text:style-name="Sect1" text:name="Columns">\n{body_xml(d)}\n</text:section>\n')
write("02_two_column.fodt", document(d, st, auto, master, body))

# ---- Doc 3: block paragraphs, ragged right, bullets, footnote
d = DOC3
st = styles("P052", "11pt",
            'fo:text-indent="0cm" fo:text-align="start" fo:margin-top="0cm" fo:margin-bottom="0.35cm" fo:line-height="120%"',
            extra=LIST_STYLE.replace('style:name="L1"', 'style:name="L1"'))
auto = page_layout("pm1", header=False, footer=False) + '''
<style:style style:name="ListP" style:family="paragraph" style:parent-style-name="Text_20_body">
 <style:paragraph-properties fo:margin-bottom="0.15cm"/>
</style:style>'''
# put list style in automatic styles instead (LibreOffice accepts both)
master = '<style:master-page style:name="Standard" style:page-layout-name="pm1"/>'
body = f'<text:p text:style-name="Title">{escape(d["title"])}</text:p>\n' + body_xml(d, listpara="ListP")
write("03_block_paragraphs.fodt", document(d, st, auto, master, body))

# ---- Doc 4: title page (no footer), then text pages with centred bare page numbers
d = DOC4
st = styles("Nimbus Roman", "12pt",
            'fo:text-indent="0.6cm" fo:text-align="justify" fo:margin-top="0cm" fo:margin-bottom="0.1cm" fo:line-height="150%"')
auto = page_layout("pmTitle", header=False, footer=False) + page_layout("pm1", header=False, footer=True) + '''
<style:style style:name="TitleBig" style:family="paragraph" style:parent-style-name="Title" style:master-page-name="TitlePage">
 <style:paragraph-properties fo:margin-top="8cm" fo:margin-bottom="1.5cm"/>
 <style:text-properties fo:font-size="22pt"/>
</style:style>
<style:style style:name="TitleMeta" style:family="paragraph" style:parent-style-name="Standard">
 <style:paragraph-properties fo:text-align="center" fo:margin-bottom="0.4cm"/>
 <style:text-properties fo:font-size="13pt"/>
</style:style>
<style:style style:name="FirstBody" style:family="paragraph" style:parent-style-name="Text_20_body" style:master-page-name="Standard">
 <style:paragraph-properties style:page-number="1" fo:break-before="page"/>
</style:style>'''
master = '''<style:master-page style:name="TitlePage" style:page-layout-name="pmTitle" style:next-style-name="Standard"/>
<style:master-page style:name="Standard" style:page-layout-name="pm1">
 <style:footer><text:p text:style-name="Footer"><text:page-number text:select-page="current">1</text:page-number></text:p></style:footer>
</style:master-page>'''
bx = body_xml(d)
bx = bx.replace('<text:p text:style-name="Text_20_body">', '<text:p text:style-name="FirstBody">', 1)
body = (f'<text:p text:style-name="TitleBig">{escape(d["title"])}</text:p>\n'
        f'<text:p text:style-name="TitleMeta">{escape(d["author"])}</text:p>\n'
        f'<text:p text:style-name="TitleMeta">{escape(d["printed_date"])}</text:p>\n' + bx)
write("04_title_page.fodt", document(d, st, auto, master, body))

# ---- Doc 6: header/footer + two footnotes, converted to DOCX
d = DOC6
st = styles("DejaVu Serif", "11pt",
            'fo:text-indent="0cm" fo:text-align="justify" fo:margin-top="0cm" fo:margin-bottom="0.3cm" fo:line-height="115%"')
master = f'''<style:master-page style:name="Standard" style:page-layout-name="pm1">
 <style:header><text:p text:style-name="Header">{escape(d["header"])}</text:p></style:header>
 <style:footer><text:p text:style-name="Footer">{escape(d["footer"])} \u2013 <text:page-number text:select-page="current">1</text:page-number></text:p></style:footer>
</style:master-page>'''
body = f'<text:p text:style-name="Title">{escape(d["title"])}</text:p>\n' + body_xml(d)
write("06_lo_footnotes.fodt", document(d, st, page_layout("pm1"), master, body))
print("ok")
