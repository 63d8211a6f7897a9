"""WeasyPrint's layout of the report's PDF, in a process of its own.

Laying out a national strategy's 43 pages takes WeasyPrint 125 MB at its peak, on top of what the
process holds already (a web worker that has drawn a chart holds vega's runtime too: 334-355 MB in
all, bench), and Python keeps much of it after the file is written. So the PDF is laid out by
`python -m pejling.reports.pdf_layout`: a fresh interpreter that imports WeasyPrint and this package's
PDF modules alone (no Django settings, no database), handed the report's HTML and each chart's
one-page PDF (drawn ahead, pdf_charts.chart_pdf), and gone when the file is written. Its start (about
half a second) is made while the report is still being built: the process is started first and waits
for the HTML (layout_started, pdf.layout_warmed). `PEJLING_PDF_APART=false`, or a process that
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


def layout_started() -> subprocess.Popen | None:
    """The layout process, started now and waiting for its report: its start (0.4-0.5 s, importing
    WeasyPrint) overlaps whatever the caller does before it hands over the HTML (layout_apart's
    `started`). None when no process can start."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p)}
    try:
        return subprocess.Popen([sys.executable, "-m", "pejling.reports.pdf_layout"], env=env,  # noqa: S603
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    except OSError:
        logger.warning("the PDF's layout process did not start; laying it out here", exc_info=True)
        return None


def layout_stopped(proc: subprocess.Popen | None) -> None:
    """A layout process that will not be handed a report (or failed with one) ended, its pipes closed."""
    if proc is not None and proc.poll() is None:
        proc.kill()
        proc.communicate()


def layout_apart(html: str, pdfs: dict[str, bytes], started: subprocess.Popen | None = None) -> bytes:
    """layout() in a process of its own (`started` ahead by layout_started, or now); here when that
    process cannot make it."""
    proc = started or layout_started()
    if proc is None:
        return layout(html, pdfs)
    try:
        out, err = proc.communicate(pickle.dumps((html, pdfs)), timeout=TIMEOUT)
    except (OSError, subprocess.SubprocessError):
        layout_stopped(proc)
        logger.warning("the PDF's layout process failed; laying it out here", exc_info=True)
        return layout(html, pdfs)
    if proc.returncode or not out.startswith(b"%PDF"):
        logger.warning("the PDF's layout process (%s -m pejling.reports.pdf_layout) exited with %s; laying it "
                       "out here: %s", sys.executable, proc.returncode, err.decode(errors="replace")[-2000:])
        return layout(html, pdfs)
    return out


def main() -> None:
    """The process: reads (html, pdfs) pickled on stdin, writes the PDF on stdout. Only layout_apart
    starts it, with its own data."""
    html, pdfs = pickle.load(sys.stdin.buffer)  # noqa: S301 - from the process that started this one
    sys.stdout.buffer.write(layout(html, pdfs))


if __name__ == "__main__":
    main()
