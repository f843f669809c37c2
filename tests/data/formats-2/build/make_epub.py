# -*- coding: utf-8 -*-
import zipfile, os
from xml.sax.saxutils import escape
from content import write_expected

OUT = "/tmp/heldout14/"
TITLE = "Defence Industrial Cooperation in Southeast Europe"
AUTHOR = "Ana Kova\u010devi\u0107"
DATE = "2023-11-20"
CHAPTERS = [
    ("Chapter 1. A Fragmented Market", [
        "Southeast Europe has no shortage of defence firms, but few of them are large enough to compete for major contracts on their own. Most were founded to supply a single national army, and many still depend on that army for the bulk of their orders.",
        "Governments in the region have repeatedly announced plans for closer cooperation, yet joint programmes remain rare. A procurement official in Zagreb told Reuters that national preferences, rather than technical obstacles, were the main reason: \"Every ministry wants the factory and the jobs at home.\"",
    ]),
    ("Chapter 2. Joint Programmes", [
        "The most successful example so far is a joint contract for mine-clearing equipment, signed in 2021 by three governments and financed in part by the European Peace Facility. Deliveries were completed on schedule, and officials involved in the programme say it has become a model for further projects.",
        "A second initiative, covering the maintenance of helicopters of Soviet origin, has moved more slowly. Sanctions have made spare parts harder to obtain, and the participating countries disagree on whether to invest in the existing fleets or replace them with Western aircraft (HINA, Zagreb, October 5).",
        "Smaller projects, including a shared training centre for explosive ordnance disposal, have attracted less attention but may prove more durable, since they require little industrial investment.",
    ]),
    ("Chapter 3. Outlook", [
        "The war in Ukraine has increased demand for ammunition and armoured vehicles produced in the region, and several firms have reported record orders. Whether this leads to lasting cooperation or merely to a temporary boom will depend on decisions taken by governments over the next two to three years.",
        "Officials interviewed for this study were cautiously optimistic. \"The money is there for the first time,\" one of them said. \"The question is whether we spend it together or separately.\"",
    ]),
]

XHTML = '''<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.1//EN" "http://www.w3.org/TR/xhtml11/DTD/xhtml11.dtd">
<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="en">
<head>
<title>{title}</title>
<link rel="stylesheet" type="text/css" href="../Styles/style.css"/>
</head>
<body>
{body}
</body>
</html>
'''

files = {}
files["mimetype"] = "application/epub+zip"
files["META-INF/container.xml"] = '''<?xml version="1.0" encoding="UTF-8"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
  <rootfiles>
    <rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/>
  </rootfiles>
</container>
'''
files["OEBPS/Styles/style.css"] = "body{font-family:serif;margin:1em} h2{font-size:1.3em;margin-top:2em} p{text-indent:1.2em;margin:0} div.cover{text-align:center;margin-top:30%} .cover h1{font-size:2em} .cover p.author{text-indent:0;font-style:italic}\n"
files["OEBPS/Text/cover.xhtml"] = XHTML.format(title="Cover", body=(
    '<div class="cover">\n<h1>' + escape(TITLE) + '</h1>\n<p class="author">' + escape(AUTHOR) + '</p>\n'
    '<p class="author">Balkan Security Studies, No. 7</p>\n</div>'))
for i, (h, paras) in enumerate(CHAPTERS, 1):
    body = f'<div class="chapter" id="ch{i}">\n<h2>{escape(h)}</h2>\n' + "\n".join(f"<p>{escape(p)}</p>" for p in paras) + "\n</div>"
    files[f"OEBPS/Text/chapter{i:02d}.xhtml"] = XHTML.format(title=escape(h), body=body)

manifest = ['<item id="ncx" href="toc.ncx" media-type="application/x-dtbncx+xml"/>',
            '<item id="css" href="Styles/style.css" media-type="text/css"/>',
            '<item id="cover" href="Text/cover.xhtml" media-type="application/xhtml+xml"/>']
spine = ['<itemref idref="cover" linear="no"/>']
navpoints = []
for i, (h, _) in enumerate(CHAPTERS, 1):
    manifest.append(f'<item id="chapter{i:02d}" href="Text/chapter{i:02d}.xhtml" media-type="application/xhtml+xml"/>')
    spine.append(f'<itemref idref="chapter{i:02d}"/>')
    navpoints.append(f'''    <navPoint id="navPoint-{i}" playOrder="{i}">
      <navLabel><text>{escape(h)}</text></navLabel>
      <content src="Text/chapter{i:02d}.xhtml"/>
    </navPoint>''')
NL = "\n    "
files["OEBPS/content.opf"] = f'''<?xml version="1.0" encoding="UTF-8"?>
<package xmlns="http://www.idpf.org/2007/opf" unique-identifier="BookId" version="2.0">
  <metadata xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:opf="http://www.idpf.org/2007/opf">
    <dc:title>{escape(TITLE)}</dc:title>
    <dc:creator opf:role="aut" opf:file-as="Kova\u010devi\u0107, Ana">{escape(AUTHOR)}</dc:creator>
    <dc:language>en</dc:language>
    <dc:date opf:event="publication">{DATE}</dc:date>
    <dc:identifier id="BookId" opf:scheme="UUID">urn:uuid:6c1f2d3e-8a4b-4b7e-9d2a-3f5e7c9b1a20</dc:identifier>
    <meta name="cover" content="cover"/>
  </metadata>
  <manifest>
    {NL.join(manifest)}
  </manifest>
  <spine toc="ncx">
    {NL.join(spine)}
  </spine>
  <guide>
    <reference type="cover" title="Cover" href="Text/cover.xhtml"/>
  </guide>
</package>
'''
files["OEBPS/toc.ncx"] = f'''<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE ncx PUBLIC "-//NISO//DTD ncx 2005-1//EN" "http://www.daisy.org/z3986/2005/ncx-2005-1.dtd">
<ncx xmlns="http://www.daisy.org/z3986/2005/ncx/" version="2005-1">
  <head>
    <meta name="dtb:uid" content="urn:uuid:6c1f2d3e-8a4b-4b7e-9d2a-3f5e7c9b1a20"/>
    <meta name="dtb:depth" content="1"/>
    <meta name="dtb:totalPageCount" content="0"/>
    <meta name="dtb:maxPageNumber" content="0"/>
  </head>
  <docTitle><text>{escape(TITLE)}</text></docTitle>
  <navMap>
{chr(10).join(navpoints)}
  </navMap>
</ncx>
'''

path = OUT + "08_epub2.epub"
if os.path.exists(path):
    os.remove(path)
with zipfile.ZipFile(path, "w") as z:
    z.writestr(zipfile.ZipInfo("mimetype"), files.pop("mimetype"), compress_type=zipfile.ZIP_STORED)
    for name, data in files.items():
        z.writestr(name, data, compress_type=zipfile.ZIP_DEFLATED)

paras = [TITLE]
for h, ps in CHAPTERS:
    paras.append(h)
    paras.extend(ps)
write_expected(OUT + "08_epub2.expected", TITLE, paras, AUTHOR, DATE)
print("epub ok")
