"""The Ringsted project table in the other formats, written from the TSV rows: a Word document with
python-docx (a real nested table for #10's IUP figures) and an HTML page. Generated in the tests so
the fixtures always match the TSV they come from."""

from __future__ import annotations

import csv
import html
from pathlib import Path

import docx
from lxml import html as lxml_html

from pejling.interchange.tables.cell_text import fragment_text

FIXTURES = Path(__file__).parent / "fixtures" / "tables"
SEED_TSV = FIXTURES / "ringsted-projektoversigt-2019-2021.tsv"  # a byte-for-byte copy of the seed
COMPLETE_TSV = FIXTURES / "ringsted-projektoversigt-komplet.tsv"


def tsv_rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return [row for row in csv.reader(fh, delimiter="\t") if any(c.strip() for c in row)]


def blocks(cell: str) -> list[tuple[str, object]]:
    """A TSV cell as Word would hold it: ("p", line) paragraphs and ("table", rows) nested tables."""
    if "<table" not in cell:
        return [("p", line) for line in fragment_text(cell).split("\n")]
    root = lxml_html.fragment_fromstring(cell, create_parent="div")
    out: list[tuple[str, object]] = []
    for child in root:
        if child.tag == "table":
            out.append(("table", [[td.text_content().strip() for td in tr.iter("td")] for tr in child.iter("tr")]))
        else:
            out += [("p", line) for line in fragment_text(lxml_html.tostring(child, encoding="unicode",
                                                                              with_tail=False)).split("\n")]
    return out


def write_docx(rows: list[list[str]], path: Path) -> Path:
    document = docx.Document()
    document.add_paragraph("Projektoversigt 2019-2021")
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            cell = table.cell(r, c)
            first = True
            for kind, value in blocks(text):
                if kind == "table":
                    inner = cell.add_table(rows=len(value), cols=max(len(v) for v in value))
                    for i, cells in enumerate(value):
                        for j, v in enumerate(cells):
                            inner.cell(i, j).text = v
                elif first:
                    cell.paragraphs[0].text = value
                    first = False
                else:
                    cell.add_paragraph(value)
    document.save(path)
    return path


def write_html(rows: list[list[str]], path: Path) -> Path:
    def cell(text: str, tag: str) -> str:
        parts = []
        for kind, value in blocks(text):
            if kind == "table":
                parts.append("<table>" + "".join(
                    "<tr>" + "".join(f"<td>{html.escape(v)}</td>" for v in row) + "</tr>" for row in value)
                    + "</table>")
            else:
                parts.append(f"<p>{html.escape(value)}</p>")
        return f"<{tag}>{''.join(parts)}</{tag}>"

    head = "<tr>" + "".join(cell(c, "th") for c in rows[0]) + "</tr>"
    body = "".join("<tr>" + "".join(cell(c, "td") for c in row) + "</tr>\n" for row in rows[1:])
    path.write_text(f"<!DOCTYPE html><html lang=da><head><meta charset=utf-8><title>Projektoversigt</title>"
                    f"</head><body><h1>Projektoversigt</h1><table><thead>{head}</thead><tbody>\n{body}"
                    f"</tbody></table></body></html>", encoding="utf-8")
    return path
