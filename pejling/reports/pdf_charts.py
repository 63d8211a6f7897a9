"""Charts in the PDF as vector drawings made by vl-convert (svg2pdf), not by WeasyPrint: its SVG
drawing cost about a second and 7 MB of memory per chart, and a national strategy has dozens.

WeasyPrint lays out a blank placeholder picture of each chart's size (so the page layout is the
same); just before it writes the file, each placeholder's image object becomes a form XObject
holding the chart's own one-page PDF, inside the same tagged figure with the same alt text. The
chart PDFs are copied object by object, renumbered, without being re-parsed into Python objects."""

from __future__ import annotations

import base64
import hashlib
import re
from functools import lru_cache
from io import BytesIO

import pydyf
from PIL import Image
from weasyprint.urls import URLFetcher, URLFetcherResponse

SVG_URI = "data:image/svg+xml;base64,"
_REF = re.compile(rb"(\d+) 0 R\b")


class Placeholders(URLFetcher):
    """Answers each chart's SVG data URI with a blank picture of its size and remembers the SVG under
    the name WeasyPrint gives the image ("i" + md5 of the address); `pdf_of(svg)` gives the chart's
    one-page PDF when the file is written (chart_pdf, or what pdf_layout's process was handed)."""

    def __init__(self, pdf_of=None):
        super().__init__(allowed_protocols=["data"])
        self.charts: dict[str, str] = {}
        self.pdf_of = pdf_of or chart_pdf

    def fetch(self, url, headers=None):
        if not url.startswith(SVG_URI):
            return super().fetch(url, headers)
        svg = _decoded(url[len(SVG_URI):])
        self.charts["i" + hashlib.md5(url.encode(), usedforsecurity=False).hexdigest()] = svg
        return URLFetcherResponse(url, _blank(*_size(svg)), {"Content-Type": "image/png"})

    def finish(self, document, pdf: pydyf.PDF):
        """WeasyPrint's finisher: put every chart where its placeholder is."""
        for resources in [o for o in pdf.objects if isinstance(o, pydyf.Dictionary) and "XObject" in o]:
            for name, ref in resources["XObject"].items():
                svg = self.charts.get(name[:-1])  # "i<md5><interpolate>"
                number = int(ref.split()[0]) if isinstance(ref, bytes) else None
                if svg is not None and number and not isinstance(pdf.objects[number], _Raw):
                    pdf.objects[number] = _chart_form(pdf, number, self.pdf_of(svg))


def _size(svg: str) -> tuple[int, int]:
    m = re.search(r'<svg[^>]*\swidth="([\d.]+)"[^>]*\sheight="([\d.]+)"', svg)
    return (round(float(m.group(1))), round(float(m.group(2)))) if m else (620, 240)


@lru_cache(maxsize=64)
def _blank(width: int, height: int) -> bytes:
    out = BytesIO()
    Image.new("L", (width, height), 255).save(out, "PNG")
    return out.getvalue()


def _decoded(data: str) -> str:
    """A chart's SVG from the base64 part of its data URI (html.py writes them)."""
    return base64.b64decode(data).decode()


def chart_svgs(html: str) -> list[str]:
    """The SVG of every chart in a report's HTML (its data URIs), as the fetcher above decodes them."""
    return [_decoded(m.group(1)) for m in re.finditer(re.escape(SVG_URI) + r"([A-Za-z0-9+/=]+)", html)]


def chart_pdf(svg: str) -> bytes:
    """A chart as a one-page vector PDF, cached by the SVG's content: always valid."""
    from django.core.cache import caches  # here: pdf_layout's own process has no Django settings

    from . import chart_drawing
    key = pdf_key(svg)
    cache = caches["charts"]
    found = cache.get(key)
    if found is None:
        found = chart_drawing.pdf(svg)
        cache.set(key, found, None)
    return found


def pdf_key(svg: str) -> str:
    return "chart:pdf:" + hashlib.sha256(svg.encode()).hexdigest()


class _Raw(pydyf.Object):
    """An object written as the bytes it already is."""

    def __init__(self, body: bytes, number: int | None = None):
        super().__init__()
        self.body, self.number = body, number

    @property
    def data(self):
        return self.body

    @property
    def compressible(self):
        return b"stream" not in self.body


def _objects(data: bytes) -> dict[int, bytes]:
    """A classic (uncompressed, cross-reference table) PDF's objects by number: what lies between
    "n 0 obj" and "endobj", found through the table's offsets."""
    xref = data.rindex(b"\nxref") + 1  # the table, not "startxref"
    head = re.match(rb"xref\s+(\d+) (\d+)\s+", data[xref:])
    first, count = int(head.group(1)), int(head.group(2))
    rows = re.findall(rb"(\d{10}) \d{5} ([nf])", data[xref + head.end():xref + head.end() + 20 * count + 4])
    offsets = sorted((int(off), first + i) for i, (off, kind) in enumerate(rows) if kind == b"n")
    out = {}
    for (start, number), (end, _n) in zip(offsets, offsets[1:] + [(xref, 0)], strict=True):
        chunk = data[start:end]
        body = chunk[re.match(rb"\d+ \d+ obj\s*", chunk).end():chunk.rindex(b"endobj")]
        out[number] = body.rstrip()
    return out


def _value(body: bytes, key: bytes) -> bytes | None:
    """The value of `key` in a dictionary's text: a reference, an array or a (nested) dictionary."""
    m = re.search(rb"/" + key + rb"\s*", body)
    if not m:
        return None
    rest = body[m.end():]
    if rest.startswith(b"<<"):
        depth, i = 0, 0
        while i < len(rest):
            if rest.startswith(b"<<", i):
                depth, i = depth + 1, i + 2
            elif rest.startswith(b">>", i):
                depth, i = depth - 1, i + 2
                if depth == 0:
                    return rest[:i]
            else:
                i += 1
        raise ValueError("unbalanced dictionary")
    if rest.startswith(b"["):
        return rest[:rest.index(b"]") + 1]
    return re.match(rb"\d+ 0 R|\S+", rest).group(0)


def _chart_form(pdf: pydyf.PDF, number: int, chart: bytes) -> _Raw:
    """The chart's page as a form XObject numbered `number`, drawn into the unit square as an image
    would be; the objects it uses are added to `pdf` under new numbers."""
    objects = _objects(chart)
    trailer = chart[chart.rindex(b"trailer"):]
    catalog = int(_REF.search(_value(trailer, b"Root")).group(1))
    pages = int(_REF.search(_value(objects[catalog], b"Pages")).group(1))
    page = int(_REF.search(_value(objects[pages], b"Kids")).group(1))
    body = objects[page]
    contents = int(_REF.search(_value(body, b"Contents")).group(1))
    skip = {catalog, pages, page, contents} | {int(m.group(1)) for m in _REF.finditer(_value(trailer, b"Info") or b"")}
    new = {}
    for old in objects:
        if old not in skip:
            new[old] = _Raw(b"")
            pdf.add_object(new[old])

    def renumber(text: bytes) -> bytes:
        return _REF.sub(lambda m: b"%d 0 R" % new[int(m.group(1))].number, text)

    for old, obj in new.items():
        dictionary, sep, stream = objects[old].partition(b"stream")
        obj.body = renumber(dictionary) + sep + stream
    x0, y0, x1, y1 = (float(v) for v in _value(body, b"MediaBox").strip(b"[]").split())
    w, h = x1 - x0, y1 - y0
    extra = (b"<< /Type /XObject /Subtype /Form /BBox [%g %g %g %g] /Matrix [%g 0 0 %g %g %g] /Resources %s"
             % (x0, y0, x1, y1, 1 / w, 1 / h, -x0 / w, -y0 / h, renumber(_value(body, b"Resources"))))
    if (group := _value(body, b"Group")) is not None:  # the transparency group its opacities need
        extra += b" /Group " + renumber(group)
    dictionary, sep, stream = objects[contents].partition(b"stream")
    return _Raw(extra + b" " + dictionary.strip()[2:] + sep + stream, number)
