#!/usr/bin/python3
"""Build the PDF fixtures with groff (ms macros) -> PostScript -> Ghostscript.

usage: gen_pdf.py OUTDIR WORKDIR
"""
import os
import re
import subprocess
import sys
import zlib

from fixtlib import SRC, parse_source, body_paragraphs, write_expected, write_error, header_get

OUT = sys.argv[1]
WORK = sys.argv[2]
os.makedirs(WORK, exist_ok=True)


def esc(text):
    """Escape a paragraph for groff: ASCII apostrophe, backslash, leading dot."""
    text = text.replace("\\", "\\e").replace("'", "\\(aq").replace("`", "\\(ga")
    text = text.replace('"', '\\(dq')
    if text[:1] in ".'":
        text = "\\&" + text
    return text


def pdf_date(d, time="090000"):
    return "D:%s%sZ" % (d.replace("-", ""), time)


def pdfmark(header, with_title=True):
    parts = []
    title = header_get(header, "title")
    author = header_get(header, "author")
    date = header_get(header, "date")

    def ps_str(s):
        return "(" + s.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ")"
    if with_title and title:
        parts.append("/Title " + ps_str(title))
    if with_title and author:
        parts.append("/Author " + ps_str(author))
    if date:
        parts.append("/CreationDate (%s) /ModDate (%s)" % (pdf_date(date), pdf_date(date)))
    parts.append("/Creator (groff -ms)")
    return "[ " + " ".join(parts) + " /DOCINFO pdfmark\n"


def run_groff(name, ms, marks):
    msf = os.path.join(WORK, name + ".ms")
    psf = os.path.join(WORK, name + ".ps")
    mkf = os.path.join(WORK, name + ".marks.ps")
    pdf = os.path.join(WORK, name + ".pdf")
    with open(msf, "w") as f:
        f.write(ms)
    with open(mkf, "w") as f:
        f.write(marks)
    with open(psf, "wb") as f:
        subprocess.run(["groff", "-ms", "-Tps", msf], stdout=f, check=True)
    subprocess.run(["gs", "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=pdfwrite",
                    "-dCompatibilityLevel=1.5", "-sOutputFile=" + pdf, psf, mkf], check=True)
    return pdf


def npages(pdf):
    out = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", out, re.M).group(1))


COMMON = r""".lg 0
.ds CH
.ds CF
.ds LH
.ds RH
.ds LF
.ds RF
"""


def title_block(text, size):
    """Centred bold title, filled (may wrap) but never hyphenated."""
    return (".LP\n.ad c\n.hy 0\n.ft B\n.ps %d\n.vs %dp\n" % (size, size + 4)
            + esc(text) + "\n.br\n.ft R\n.ps\n.vs\n.ad b\n.sp 1\n")


def ms_body(blocks, skip_first=True, heading_macro=".SH\n"):
    out = []
    for i, (kind, text) in enumerate(blocks):
        if skip_first and i == 0:
            continue
        if kind == "pagebreak":
            out.append(".bp\n")
        elif kind == "heading":
            out.append(heading_macro + esc(text) + "\n")
        else:
            out.append(".PP\n" + esc(text) + "\n")
    return "".join(out)


def two_column():
    header, blocks = parse_source(os.path.join(SRC, "two-column.txt"))
    ms = COMMON + r""".nr PS 12
.nr VS 15
.nr LL 6.5i
.nr PO 1i
.nr HM 1i
.nr FM 1i
.nr HY 0
.nh
""" + title_block(blocks[0][1], 16) + """.2C
""" + ms_body(blocks)
    pdf = run_groff("two-column", ms, pdfmark(header))
    os.replace(pdf, os.path.join(OUT, "two-column.pdf"))
    n = npages(os.path.join(OUT, "two-column.pdf"))
    hdr = [(k, v) for k, v in header if k != "pages"] + [("pages", str(n))]
    write_expected("two-column", hdr, body_paragraphs(blocks))


def running_heads():
    header, blocks = parse_source(os.path.join(SRC, "running-heads.txt"))
    total = 1
    for _ in range(3):  # two passes so "Page N of M" knows M
        ms = COMMON + r""".nr PS 12
.nr VS 22
.nr LL 5i
.nr PO 1.25i
.nr HM 1.2i
.nr FM 1.2i
.nr HY 0
.nh
.ds CH Caspian Security Review - Spring 2026
.ds CF Page \\n% of """ + str(total) + r"""
""" + title_block(blocks[0][1], 20) + ms_body(blocks)
        pdf = run_groff("running-heads", ms, pdfmark(header, with_title=False))
        n = npages(pdf)
        if n == total:
            break
        total = n
    os.replace(pdf, os.path.join(OUT, "running-heads.pdf"))
    txt = subprocess.run(["pdftotext", "-layout", os.path.join(OUT, "running-heads.pdf"), "-"],
                         capture_output=True, text=True, check=True).stdout
    heads = len(re.findall(r"Caspian Security Review - Spring 2026", txt))
    nums = len(re.findall(r"Page \d+ of \d+", txt))
    hdr = [(k, v) for k, v in header if k != "title"]
    # the PDF has no Title in its info: the expected title is the big first line
    hdr = [("title", blocks[0][1])] + hdr + [("pages", str(total)),
                                             ("headers-removed", str(heads)),
                                             ("page-numbers-removed", str(nums))]
    write_expected("running-heads", hdr, body_paragraphs(blocks))


def hyphenated():
    header, blocks = parse_source(os.path.join(SRC, "hyphenated.txt"))
    # narrow justified column, automatic hyphenation (groff .hy), paragraphs
    # separated by a first-line indent only (PD 0 = no vertical space).
    ms = COMMON + r""".nr PS 10
.nr VS 12
.nr LL 2.4i
.nr PO 2.5i
.nr PD 0
.nr PI 2n
.nr HY 6
""" + title_block(blocks[0][1], 12) + ms_body(blocks)
    pdf = run_groff("hyphenated", ms, pdfmark(header))
    os.replace(pdf, os.path.join(OUT, "hyphenated.pdf"))
    n = npages(os.path.join(OUT, "hyphenated.pdf"))
    write_expected("hyphenated", list(header) + [("pages", str(n))], body_paragraphs(blocks))


# ---- image-only pages -------------------------------------------------------

def pbm_pages_to_pdf(pbm_files, out_pdf, dpi):
    """Wrap 1-bit PBM (P4) scans as an image-only PDF: no fonts, no text."""
    objs = []

    def add(data):
        objs.append(data)
        return len(objs)

    pages_id = None
    page_ids = []
    pending = []
    for pbm in pbm_files:
        with open(pbm, "rb") as f:
            data = f.read()
        m = re.match(rb"P4\s+(?:#[^\n]*\n\s*)*(\d+)\s+(\d+)\s", data)
        w, h = int(m.group(1)), int(m.group(2))
        raster = zlib.compress(data[m.end():], 9)
        img = add(b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray"
                  b" /BitsPerComponent 1 /Decode [1 0] /Filter /FlateDecode /Length %d >>\nstream\n"
                  % (w, h, len(raster)) + raster + b"\nendstream")
        pw, ph = w * 72.0 / dpi, h * 72.0 / dpi
        content = b"q %.2f 0 0 %.2f 0 0 cm /Im0 Do Q" % (pw, ph)
        cid = add(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
        pending.append((img, cid, pw, ph))
    pages_id = len(objs) + 1 + len(pending)
    for img, cid, pw, ph in pending:
        page_ids.append(add(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 %.2f %.2f]"
                            b" /Resources << /XObject << /Im0 %d 0 R >> >> /Contents %d 0 R >>"
                            % (pages_id, pw, ph, img, cid)))
    assert add(b"<< /Type /Pages /Kids [" + b" ".join(b"%d 0 R" % p for p in page_ids)
               + b"] /Count %d >>" % len(page_ids)) == pages_id
    cat = add(b"<< /Type /Catalog /Pages %d 0 R >>" % pages_id)
    info = add(b"<< /Producer (flatbed scanner 4.2) /CreationDate (D:20260227110000Z) >>")
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, o in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + o + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objs) + 1, cat, info, xref)
    with open(out_pdf, "wb") as f:
        f.write(out)


def rasterise(pdf, prefix, dpi):
    subprocess.run(["gs", "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=pbmraw",
                    "-r%d" % dpi, "-sOutputFile=" + prefix + "-%d.pbm", pdf], check=True)
    files = []
    i = 1
    while os.path.exists("%s-%d.pbm" % (prefix, i)):
        files.append("%s-%d.pbm" % (prefix, i))
        i += 1
    return files


def plain_ms(blocks, size=12):
    return COMMON + r""".nr PS %d
.nr VS %d
.nr LL 6i
.nr PO 1.25i
.nr HY 0
.nh
""" % (size, size + 4) + title_block(blocks[0][1], size + 4) + ms_body(blocks)


def scanned():
    header, blocks = parse_source(os.path.join(SRC, "scanned.txt"))
    pdf = run_groff("scanned-src", plain_ms(blocks, 14), "")
    pbms = rasterise(pdf, os.path.join(WORK, "scanned"), 150)
    pbm_pages_to_pdf(pbms, os.path.join(OUT, "scanned.pdf"), 150)
    write_error("scanned", "no text layer")


def mixed():
    header, blocks = parse_source(os.path.join(SRC, "mixed.txt"))
    text_pdf = run_groff("mixed-text", plain_ms(blocks), pdfmark(header))
    assert npages(text_pdf) == 2, "mixed text must be exactly 2 pages"
    _, ablocks = parse_source(os.path.join(SRC, "mixed-annex.txt"))
    annex = run_groff("mixed-annex", plain_ms(ablocks), "")
    pbms = rasterise(annex, os.path.join(WORK, "annex"), 150)
    scan_pdf = os.path.join(WORK, "mixed-scan.pdf")
    pbm_pages_to_pdf(pbms[:1], scan_pdf, 150)
    out = os.path.join(OUT, "mixed.pdf")
    # page 1 text, page 2 image only, page 3 text; keep page 1's document info
    subprocess.run(["qpdf", text_pdf, "--pages", text_pdf, "1", scan_pdf, "1", text_pdf, "2",
                    "--", out], check=True)
    write_expected("mixed", [(k, v) for k, v in header if k != "pages"] + [("pages", str(npages(out)))],
                   body_paragraphs(blocks))


if __name__ == "__main__":
    two_column()
    running_heads()
    hyphenated()
    scanned()
    mixed()
