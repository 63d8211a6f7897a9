"""A report's missing charts drawn ahead in worker processes: the same pictures the report's own process
draws, kept where every format reads them; a worker that fails leaves the report to draw them itself."""

import io
import logging
import threading
from datetime import date

import pytest
from django.core.cache import caches
from pypdf import PdfReader

from pejling.plans.models import Strategy
from pejling.reports import chart_drawing, chart_pool
from pejling.reports.charts import drawn_keys, render_png, render_svg
from pejling.reports.content import report_build, report_charts
from pejling.reports.pdf_charts import chart_pdf, pdf_key
from pejling.reports.render import report_render


@pytest.fixture
def doc(demo, settings):
    """Holstebro's report (20-odd charts) with a chart cache of its own, empty."""
    settings.CACHES = {**settings.CACHES, "charts": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                                                     "LOCATION": "chart-pool-test"}}
    caches["charts"].clear()
    strategy = Strategy.objects.get(slug="holstebro-partnerskab-ungestrategier")
    return report_build(strategy=strategy, as_of=date(2013, 12, 31))


def _drawn_here(monkeypatch) -> list[str]:
    """Counts the charts this process draws from then on (the workers' are not counted)."""
    calls = []
    for name in ("svg", "png", "pdf"):
        real = getattr(chart_drawing, name)
        monkeypatch.setattr(chart_drawing, name, lambda *a, _real=real, _name=name: calls.append(_name) or _real(*a))
    return calls


def test_the_workers_draw_the_pictures_the_report_would_draw_itself(doc, settings, monkeypatch):
    specs = report_charts(doc)
    assert len(specs) >= 2 * chart_pool.MIN_CHARTS
    settings.PEJLING_CHART_WORKERS = 1  # one by one, in this process, as before
    alone = report_render(doc, "html")
    caches["charts"].clear()
    settings.PEJLING_CHART_WORKERS = 2
    drawn_here = _drawn_here(monkeypatch)
    assert report_render(doc, "html") == alone
    assert drawn_here == []  # every chart came from the workers, through the cache
    # Word's pictures and the PDF's vector copies too, byte for byte what this process makes of them
    caches["charts"].clear()
    assert chart_pool.charts_draw_ahead(specs, kinds=("png", "pdf")) == len({_svg_key(s) for s in specs})
    pngs = [caches["charts"].get(drawn_keys(s, ("png",))["png"]) for s in specs[:3]]
    pdfs = [caches["charts"].get(pdf_key(render_svg(s))) for s in specs[:3]]
    assert drawn_here == [] and all(pngs) and all(pdfs)
    caches["charts"].clear()
    assert [render_png(s) for s in specs[:3]] == pngs  # now drawn here
    # svg2pdf writes a page's fonts in no fixed order: the same bytes, the same words, in some order
    assert [_pdf_words(chart_pdf(render_svg(s))) for s in specs[:3]] == [_pdf_words(p) for p in pdfs]
    assert drawn_here.count("png") == 3


def test_nothing_is_drawn_twice_and_a_few_charts_are_drawn_here(doc, settings, monkeypatch):
    settings.PEJLING_CHART_WORKERS = 2
    specs = report_charts(doc)
    assert chart_pool.charts_draw_ahead(specs) > 0
    assert chart_pool.charts_draw_ahead(specs) == 0  # all in the cache now
    assert chart_pool.charts_draw_ahead(specs, kinds=("png",)) > 0  # only the PNGs were missing
    caches["charts"].clear()
    assert chart_pool.charts_draw_ahead(specs[:chart_pool.MIN_CHARTS - 1]) == 0  # too few to start workers
    assert not caches["charts"].has_key(drawn_keys(specs[0], ())["svg"])


def test_a_worker_that_fails_leaves_the_report_to_draw_its_charts(doc, settings, monkeypatch, caplog, tmp_path):
    settings.PEJLING_CHART_WORKERS = 1
    alone = report_render(doc, "html")
    caches["charts"].clear()
    settings.PEJLING_CHART_WORKERS = 2
    monkeypatch.setattr(chart_pool, "TIMEOUT", 0.01)  # no worker finishes in time
    with caplog.at_level(logging.WARNING, logger="pejling.reports.chart_pool"):
        assert chart_pool.charts_draw_ahead(report_charts(doc)) == 0
    assert "charts in 2 processes failed; drawing them one by one" in caplog.text
    # a worker that stops with an error: its own words in the log
    monkeypatch.setattr(chart_pool, "TIMEOUT", 300)
    broken = tmp_path / "python"
    broken.write_text("#!/bin/sh\necho 'vega: out of memory' >&2\nexit 3\n")
    broken.chmod(0o755)
    monkeypatch.setattr(chart_pool.sys, "executable", str(broken))
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="pejling.reports.chart_pool"):
        assert chart_pool.charts_draw_ahead(report_charts(doc)) == 0
    assert "exited with 3: vega: out of memory" in caplog.text
    drawn_here = _drawn_here(monkeypatch)
    assert report_render(doc, "html") == alone  # its workers fail too: drawn here, the same report
    assert drawn_here.count("svg") == len({_svg_key(s) for s in report_charts(doc)})


def _counting_workers(monkeypatch) -> list[int]:
    """The number of charts each worker process is given, from then on."""
    shares, real = [], chart_pool._worker
    monkeypatch.setattr(chart_pool, "_worker", lambda locales, kinds, specs: shares.append(len(specs))
                        or real(locales, kinds, specs))
    return shares


def test_two_reports_at_once_share_the_hosts_chart_workers(doc, settings, monkeypatch):
    settings.PEJLING_CHART_WORKERS = 2
    shares = _counting_workers(monkeypatch)
    missing = len({_svg_key(s) for s in report_charts(doc)})
    # Another report holds one of the two places: this one draws everything in the other, one process
    with chart_pool._places(1) as other:
        assert other == 1
        assert chart_pool.charts_draw_ahead(report_charts(doc)) == missing
    assert shares == [missing]
    # Another report holds both: this one waits until they come free, then starts its two workers
    caches["charts"].clear()
    shares.clear()
    released, holding = threading.Event(), threading.Event()

    def other_report():
        with chart_pool._places(2):
            holding.set()
            threading.Event().wait(0.5)
            released.set()
    other_thread = threading.Thread(target=other_report)
    other_thread.start()
    holding.wait(10)
    started, real = [], chart_pool._worker
    monkeypatch.setattr(chart_pool, "_worker", lambda *job: (started.append(released.is_set()), real(*job))[1])
    assert chart_pool.charts_draw_ahead(report_charts(doc)) == missing
    other_thread.join()
    assert started == [True, True]  # no worker started before the other report's had ended
    assert sorted(shares) == [missing // 2, missing - missing // 2]


def test_a_report_that_finds_every_chart_worker_busy_draws_its_charts_itself(doc, settings, monkeypatch, caplog):
    settings.PEJLING_CHART_WORKERS = 1
    alone = report_render(doc, "html")
    caches["charts"].clear()
    settings.PEJLING_CHART_WORKERS = 2
    monkeypatch.setattr(chart_pool, "PLACE_WAIT", 0.3)
    shares = _counting_workers(monkeypatch)
    with chart_pool._places(2), caplog.at_level(logging.WARNING, logger="pejling.reports.chart_pool"):
        assert report_render(doc, "html") == alone
    assert shares == []
    assert "every chart worker of this host was busy for 0.3 s; drawing" in caplog.text
    with chart_pool._places(2) as places:  # and it let its places go: they are free again
        assert places == 2


def _started(monkeypatch) -> list:
    """The worker processes started from then on, warm or not."""
    procs, real = [], chart_pool._start
    monkeypatch.setattr(chart_pool, "_start", lambda **kw: procs.append((kw.get("warm", False), real(**kw)))
                        or procs[-1][1])
    return procs


def test_a_report_made_the_first_time_starts_its_workers_beside_the_build(doc, settings, monkeypatch):
    settings.PEJLING_CHART_WORKERS = 1
    alone = report_render(doc, "html")
    caches["charts"].clear()
    settings.PEJLING_CHART_WORKERS = 2
    procs, drawn_here = _started(monkeypatch), _drawn_here(monkeypatch)
    with chart_pool.charts_warmed("holstebro:html"):
        assert len(procs) == 2 and all(warm for warm, _p in procs)  # started before the report is rendered
        assert report_render(doc, "html") == alone
    assert drawn_here == [] and all(p.returncode == 0 for _w, p in procs)  # the warm ones drew every chart
    # The same report again, after an entry: most charts are kept, so no worker is started ahead
    procs.clear()
    caches["charts"].delete(drawn_keys(report_charts(doc)[0], ())["svg"])
    with chart_pool.charts_warmed("holstebro:html"):
        assert report_render(doc, "html") == alone
    assert procs == [] and drawn_here == ["svg"]
    with chart_pool._places(2) as places:  # and the places are free again
        assert places == 2


def test_warm_workers_not_needed_are_stopped_and_busy_places_are_not_waited_for(doc, settings, monkeypatch):
    settings.PEJLING_CHART_WORKERS = 2
    procs = _started(monkeypatch)
    with chart_pool.charts_warmed("few"):
        assert chart_pool.charts_draw_ahead(report_charts(doc)[:2]) == 0  # two charts: drawn here
    assert len(procs) == 2 and all(p.returncode is not None for _w, p in procs)  # stopped, none left running
    procs.clear()
    with chart_pool._places(2):  # another report holds both places: nothing started ahead, nothing waited for
        with chart_pool.charts_warmed("busy"):
            assert procs == []
    with chart_pool._places(2) as places:
        assert places == 2


def _pdf_words(pdf: bytes) -> tuple[int, str]:
    return len(pdf), PdfReader(io.BytesIO(pdf)).pages[0].extract_text()


def _svg_key(spec: dict) -> str:
    return drawn_keys(spec, ())["svg"]
