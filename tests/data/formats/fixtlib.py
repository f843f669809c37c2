"""Shared helpers for the format fixtures (see README.md).

Source texts live in src/*.txt:

    key: value            header lines (title, author, date, publication, pages)
    ---
    paragraph text, may wrap over several source lines

    ## A heading          a heading paragraph (the marker is not part of the text)

    @@pagebreak            forces a new page in generated PDFs (not text)

Paragraphs are separated by blank lines.  The expected text of a fixture is
the list of paragraphs, each joined into one line, separated by one blank
line, without a trailing newline.
"""
import os

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.join(HERE, "src")


def parse_source(path):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    header = []
    body = text
    if "\n---\n" in text:
        head, body = text.split("\n---\n", 1)
        for line in head.splitlines():
            if line.strip():
                k, v = line.split(":", 1)
                header.append((k.strip(), v.strip()))
    blocks = []
    for chunk in body.split("\n\n"):
        lines = [l.strip() for l in chunk.strip().splitlines() if l.strip()]
        if not lines:
            continue
        para = " ".join(lines)
        if para == "@@pagebreak":
            blocks.append(("pagebreak", ""))
        elif para.startswith("## "):
            blocks.append(("heading", para[3:]))
        else:
            blocks.append(("para", para))
    return header, blocks


def body_paragraphs(blocks):
    return [t for k, t in blocks if k in ("para", "heading")]


def write_expected(name, header, paragraphs, extra=()):
    """header: list of (key, value); paragraphs: list of str."""
    out = []
    for k, v in list(header) + list(extra):
        out.append("%s: %s\n" % (k, v))
    out.append("---\n")
    out.append("\n\n".join(paragraphs))
    with open(os.path.join(HERE, name + ".expected"), "w", encoding="utf-8") as f:
        f.write("".join(out))


def write_error(name, reason):
    with open(os.path.join(HERE, name + ".expected"), "w", encoding="utf-8") as f:
        f.write("error: %s\n" % reason)


def header_get(header, key):
    for k, v in header:
        if k == key:
            return v
    return None
