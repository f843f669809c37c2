import re, sys
from content import DOC1, DOC2, DOC3, DOC4
for fn, d in [("01_report_header_footer.pdf", DOC1), ("02_two_column.pdf", DOC2), ("03_block_paragraphs.pdf", DOC3), ("04_title_page.pdf", DOC4)]:
    b = open(fn, "rb").read()
    new = ("D:" + d["date"].replace("-", "") + "093000Z'").encode()
    b2, n = re.subn(rb"D:\d{14}Z'", lambda m: new, b)
    assert len(b2) == len(b) and n >= 1, (fn, n)
    open("../" + fn, "wb").write(b2)
    print(fn, n)
