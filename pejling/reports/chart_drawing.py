"""Drawing a chart, and nothing else: a Vega-Lite spec to SVG (vega, in vl-convert's JavaScript
runtime), the SVG to a PNG for Word and to a one-page PDF for the PDF. No Django here, so that the
worker processes of chart_pool import this module alone; the report's own process calls the same
functions (through charts and pdf_charts, which cache what they return)."""

from __future__ import annotations

from io import BytesIO

import vl_convert
from PIL import Image


def svg(spec: dict, locales: dict) -> str:
    """The chart as SVG, numbers and dates in the reader's language (`locales`: charts.chart_locales())."""
    return vl_convert.vegalite_to_svg(spec, allowed_base_urls=[], **locales)


def png(svg_text: str) -> bytes:
    """A PNG at twice the size, for Word (which cannot show SVG everywhere). Rasterised from the SVG:
    the same pixels as vega's own PNG, without running vega a second time per chart."""
    return _opaque(vl_convert.svg_to_png(svg_text, scale=2))


def pdf(svg_text: str) -> bytes:
    """The chart as a one-page vector PDF (pdf_charts puts it where WeasyPrint left room for it)."""
    return vl_convert.svg_to_pdf(svg_text)


def draw(spec: dict, locales: dict, kinds: tuple[str, ...]) -> dict[str, str | bytes]:
    """What a report needs of one chart: its SVG, and its "png" and/or "pdf" made from that SVG."""
    drawn: dict[str, str | bytes] = {"svg": svg(spec, locales)}
    if "png" in kinds:
        drawn["png"] = png(drawn["svg"])
    if "pdf" in kinds:
        drawn["pdf"] = pdf(drawn["svg"])
    return drawn


def _opaque(png_bytes: bytes) -> bytes:
    """The same pixels without the alpha channel when every pixel is opaque (a chart on white): half
    the bytes, so a Word report with dozens of charts is half the size and quicker to write."""
    image = Image.open(BytesIO(png_bytes))
    if image.mode != "RGBA" or image.getchannel("A").getextrema() != (255, 255):
        return png_bytes
    out = BytesIO()
    image.convert("RGB").save(out, "PNG")
    return out.getvalue()


def main() -> None:
    """A worker of chart_pool: reads (locales, kinds, specs) pickled on stdin and writes the list of
    what draw() made of each spec, pickled, on stdout; nothing for an empty stdin. Only chart_pool
    starts it, with its own data."""
    import pickle
    import sys
    if "--warm" in sys.argv:  # started ahead (chart_pool.charts_warmed): the runtime starts before the job comes
        svg(_TINY, {})
    job = sys.stdin.buffer.read()
    if not job:  # not needed after all
        return
    locales, kinds, specs = pickle.loads(job)  # noqa: S301 - from the process that started this one
    pickle.dump([draw(spec, locales, kinds) for spec in specs], sys.stdout.buffer)


_TINY = {"data": {"values": [{"x": 0}]}, "mark": "point", "encoding": {"x": {"field": "x", "type": "quantitative"}}}


if __name__ == "__main__":
    main()
