# -*- coding: utf-8 -*-
import datetime, os, zipfile
from content import DOC1, DOC2, DOC3, DOC4, DOC6, expected_body, write_expected

OUT = "/tmp/heldout14/"

# ---------- expected for LibreOffice-made docs ----------
write_expected(OUT + "01_report_header_footer.expected", DOC1["title"], expected_body(DOC1), DOC1["author"], DOC1["date"])
write_expected(OUT + "02_two_column.expected", DOC2["title"], expected_body(DOC2, extra_paras=[DOC2["lead"]]), DOC2["author"], DOC2["date"])
write_expected(OUT + "03_block_paragraphs.expected", DOC3["title"], expected_body(DOC3), DOC3["author"], DOC3["date"])
write_expected(OUT + "04_title_page.expected", DOC4["title"], expected_body(DOC4), DOC4["author"], DOC4["date"])
write_expected(OUT + "06_lo_footnotes.expected", DOC6["title"], expected_body(DOC6), DOC6["author"], DOC6["date"])

# ---------- 05 python-docx ----------
import docx
from docx.shared import Pt

DOC5 = dict(
    title="Regional Arms Export Controls After the Vienna Meeting",
    author="Clara Bianchi",
    date="2024-06-03",
    body=[
        ("h1", "Background"),
        ("p", "Export control officials from eleven countries met in Vienna on May 28 and 29 to review how national licensing rules are applied to dual-use goods, following reports that components from European suppliers had been found in drones used in attacks on civilian infrastructure. The meeting was not public, but a summary circulated to participants was seen by this newsletter."),
        ("h2", "Main findings"),
        ("p", "The summary identifies several weaknesses in current practice:"),
        ("li", ["Licensing authorities rarely check end users beyond the first buyer",
                "Transit through third countries is not systematically monitored",
                "Penalties for violations vary widely between jurisdictions"]),
        ("p", "Participants agreed to share information on denied licences more quickly. A table attached to the summary gives the number of denials reported by the central European group:"),
        ("table", [["Region", "Denials 2022", "Denials 2023"], ["Central Europe", "48", "71"]]),
        ("h2", "Next steps"),
        ("p", "A follow-up meeting is planned for the autumn. An official from one of the participating delegations told AFP that the aim was \"not new rules, but better use of the rules we already have\"."),
    ],
)
d = docx.Document()
d.add_paragraph(DOC5["title"], style="Title")
for kind, val in DOC5["body"]:
    if kind == "h1":
        d.add_heading(val, level=1)
    elif kind == "h2":
        d.add_heading(val, level=2)
    elif kind == "p":
        d.add_paragraph(val)
    elif kind == "li":
        for i in val:
            d.add_paragraph(i, style="List Bullet")
    elif kind == "table":
        t = d.add_table(rows=len(val), cols=len(val[0]))
        t.style = "Table Grid"
        for r, row in enumerate(val):
            for c, cell in enumerate(row):
                t.cell(r, c).text = cell
cp = d.core_properties
cp.title = DOC5["title"]
cp.author = DOC5["author"]
cp.created = datetime.datetime(2024, 6, 3, 8, 15, 0)
cp.modified = datetime.datetime(2024, 6, 3, 8, 15, 0)
cp.last_modified_by = DOC5["author"]
cp.comments = ""
d.save(OUT + "05_python_docx.docx")
exp5 = dict(title=DOC5["title"], body=[(("p" if k in ("h1", "h2") else k), v) for k, v in DOC5["body"]])
write_expected(OUT + "05_python_docx.expected", DOC5["title"], expected_body(exp5), DOC5["author"], DOC5["date"])

# ---------- 07 odfpy ----------
from odf.opendocument import OpenDocumentText
from odf.style import Style, TextProperties, ParagraphProperties, ListLevelProperties
from odf.text import P, H, List, ListItem, ListStyle, ListLevelStyleBullet
from odf import meta as ometa, dc

DOC7 = dict(
    title="Ceasefire Monitoring Mission Extended for Six Months",
    author="Sofia Marchetti",
    date="2024-07-02",
    body=[
        ("h1", "Decision"),
        ("p", "The organisation's permanent council agreed on July 1 to extend the ceasefire monitoring mission for a further six months, ending weeks of uncertainty over whether consensus could be reached. The decision was adopted without a vote after one delegation withdrew its objection late on Sunday evening."),
        ("p", "Diplomats said the shorter extension, rather than the twelve months requested by the mission's head, was the price of consensus. \"It is not what we wanted, but it keeps the monitors on the ground,\" one Western diplomat told Reuters."),
        ("h1", "Mission tasks"),
        ("p", "Under the renewed mandate the mission will continue to:"),
        ("li", ["Observe and report on the ceasefire along the contact line",
                "Facilitate the repair of water and power infrastructure near the line",
                "Support the exchange of detainees agreed by the parties"]),
        ("h2", "Staffing"),
        ("p", "The mission currently has about 480 monitors from 40 participating states. Its head said that recruitment had become harder because of the short mandate periods, and that several experienced monitors had left for longer-term posts elsewhere (APA, Vienna, July 2)."),
    ],
)
o = OpenDocumentText()
title_st = Style(name="Title", family="paragraph")
title_st.addElement(TextProperties(fontsize="20pt", fontweight="bold"))
title_st.addElement(ParagraphProperties(textalign="center", marginbottom="0.5cm"))
h1 = Style(name="Heading_20_1", displayname="Heading 1", family="paragraph", defaultoutlinelevel="1")
h1.addElement(TextProperties(fontsize="15pt", fontweight="bold"))
h2 = Style(name="Heading_20_2", displayname="Heading 2", family="paragraph", defaultoutlinelevel="2")
h2.addElement(TextProperties(fontsize="13pt", fontweight="bold", fontstyle="italic"))
body_st = Style(name="Text_20_body", displayname="Text body", family="paragraph")
body_st.addElement(ParagraphProperties(marginbottom="0.25cm", textalign="justify"))
for s in (title_st, h1, h2, body_st):
    o.styles.addElement(s)
ls = ListStyle(name="L1")
lvl = ListLevelStyleBullet(level="1", bulletchar="\u2013")
lvl.addElement(ListLevelProperties(spacebefore="0.4cm", minlabelwidth="0.5cm"))
ls.addElement(lvl)
o.automaticstyles.addElement(ls)
o.text.addElement(P(stylename=title_st, text=DOC7["title"]))
for kind, val in DOC7["body"]:
    if kind == "h1":
        o.text.addElement(H(outlinelevel=1, stylename=h1, text=val))
    elif kind == "h2":
        o.text.addElement(H(outlinelevel=2, stylename=h2, text=val))
    elif kind == "p":
        o.text.addElement(P(stylename=body_st, text=val))
    elif kind == "li":
        lst = List(stylename=ls)
        for i in val:
            it = ListItem()
            it.addElement(P(stylename=body_st, text=i))
            lst.addElement(it)
        o.text.addElement(lst)
o.meta.addElement(dc.Title(text=DOC7["title"]))
o.meta.addElement(dc.Creator(text=DOC7["author"]))
o.meta.addElement(ometa.InitialCreator(text=DOC7["author"]))
o.meta.addElement(ometa.CreationDate(text="2024-07-02T11:40:00"))
o.meta.addElement(dc.Date(text="2024-07-02T11:40:00"))
o.save(OUT + "07_odfpy.odt")
exp7 = dict(title=DOC7["title"], body=[(("p" if k in ("h1", "h2") else k), v) for k, v in DOC7["body"]])
write_expected(OUT + "07_odfpy.expected", DOC7["title"], expected_body(exp7), DOC7["author"], DOC7["date"])
print("docx/odt ok")
