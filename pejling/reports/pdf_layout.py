"""WeasyPrint's layout of the report's PDF, in a process of its own.

Laying out a national strategy's 43 pages takes WeasyPrint 125 MB at its peak, on top of what the
process holds already (a web worker that has drawn a chart holds vega's runtime too: 334-355 MB in
all, bench), and Python keeps much of it after the file is written. So the PDF is laid out by
`python -m pejling.reports.pdf_layout`: a fresh interpreter that imports WeasyPrint and this package's
PDF modules alone (no Django settings, no database), handed the report's HTML and each chart's
one-page PDF (drawn ahead, pdf_charts.chart_pdf), and gone when the file is written; its start costs
about half a second of the seconds the layout takes. `PEJLING_PDF_APART=false`, or a process that
fails or takes over TIMEOUT, lays it out here, as before (logged)."""

from __future__ import annotations

import logging
import os
import pickle
import subprocess
import sys
from pathlib import Path

from weasyprint import HTML

from .pdf_charts import Placeholders, pdf_key

TIMEOUT = 600  # seconds; a national strategy's PDF takes 5-15 on two cores
ROOT = Path(__file__).resolve().parents[2]  # where the pejling package is, for the process
logger = logging.getLogger(__name__)


def layout(html: str, pdfs: dict[str, bytes] | None = None) -> bytes:
    """The PDF of `html` (report_html with the PDF's chart placeholders). `pdfs`: each chart's one-page
    PDF by pdf_key; None: read from the chart cache (pdf_charts.chart_pdf)."""
    charts = Placeholders(None if pdfs is None else (lambda svg: pdfs[pdf_key(svg)]))
    return HTML(string=html, url_fetcher=charts).write_pdf(pdf_tags=True, finisher=charts.finish)


def layout_apart(html: str, pdfs: dict[str, bytes]) -> bytes:
    """layout() in a process of its own; here when that process cannot make it."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p)}
    try:
        done = subprocess.run([sys.executable, "-m", "pejling.reports.pdf_layout"], env=env,  # noqa: S603
                              input=pickle.dumps((html, pdfs)), capture_output=True, timeout=TIMEOUT)
    except (OSError, subprocess.SubprocessError):
        logger.warning("the PDF's layout process failed; laying it out here", exc_info=True)
        return layout(html, pdfs)
    if done.returncode or not done.stdout.startswith(b"%PDF"):
        logger.warning("the PDF's layout process (%s -m pejling.reports.pdf_layout) exited with %s; laying it "
                       "out here: %s", sys.executable, done.returncode, done.stderr.decode(errors="replace")[-2000:])
        return layout(html, pdfs)
    return done.stdout


def main() -> None:
    """The process: reads (html, pdfs) pickled on stdin, writes the PDF on stdout. Only layout_apart
    starts it, with its own data."""
    html, pdfs = pickle.load(sys.stdin.buffer)  # noqa: S301 - from the process that started this one
    sys.stdout.buffer.write(layout(html, pdfs))


if __name__ == "__main__":
    main()
