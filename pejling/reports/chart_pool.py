"""The charts a report is missing, drawn before it is laid out, side by side in worker processes.

vega draws one chart at a time in vl-convert's JavaScript runtime (about 60 ms a chart here; threads
do not help, the runtime is one), and Word's PNG or the PDF's vector copy take as long again: a
national strategy's 31 charts took 1.9 s (HTML) to 4.9 s (Word) in the report's own process. With
several missing, they are drawn by up to `settings.PEJLING_CHART_WORKERS` processes started for this
report (`python -m pejling.reports.chart_drawing`: a fresh interpreter that imports that module alone,
never a copy of a process holding a database connection or a running JavaScript runtime) and kept in
the chart cache under the keys the report then reads, so every format draws each chart through one
path and reads it from one place. Fewer than MIN_CHARTS missing, one worker, or a worker that fails:
drawn in this process, one by one, as before.

The workers of every report on the host together are at most PEJLING_CHART_WORKERS (lock files in the
data folder, one a worker: `_places`): two reports asked for at once share them, and one that finds
them all taken waits for the first to come free rather than start more (each worker peaks at ~155 MB)."""

from __future__ import annotations

import fcntl
import logging
import os
import pickle
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from pathlib import Path

from django.conf import settings
from django.core.cache import caches

from .charts import chart_locales, drawn_keys, store_drawn
from .pdf_charts import pdf_key

MIN_CHARTS = 6  # below this, starting the workers (~0.5 s) costs more than it saves
TIMEOUT = 300  # seconds for one worker's share; a national strategy's takes a few
PLACE_WAIT = 60  # seconds a report waits for another report's workers to leave it a place
ROOT = Path(__file__).resolve().parents[2]  # where the pejling package is, for the workers
logger = logging.getLogger(__name__)
_warm = threading.local()  # .procs: the workers charts_warmed started for the report this thread makes


def charts_draw_ahead(specs: list[dict], *, kinds: tuple[str, ...] = ()) -> int:
    """Draw those of `specs` that the chart cache lacks (their SVG, and the "png" or "pdf" in
    `kinds`) in worker processes; returns how many were drawn there (0: left to the caller's path)."""
    missing = _missing(specs, kinds)
    workers = min(settings.PEJLING_CHART_WORKERS, len(missing) // 3)
    if len(missing) < MIN_CHARTS or workers < 2:
        return 0
    warm, _warm.procs = getattr(_warm, "procs", None), None  # started by charts_warmed: used once
    if warm:
        warm = warm[:workers]
        return _draw(missing, kinds, len(warm), lambda i, job: _finish(warm[i], job))
    with _places(workers) as places:
        if not places:
            logger.warning("every chart worker of this host was busy for %s s; drawing %s charts one by one",
                           PLACE_WAIT, len(missing))
            return 0
        return _draw(missing, kinds, places, lambda _i, job: _worker(*job))


def _draw(missing: list[dict], kinds: tuple[str, ...], count: int, run) -> int:
    """`missing` in `count` shares, each drawn by `run(i, (locales, kinds, share))` and kept in the cache."""
    shares = [missing[i::count] for i in range(count)]
    locales = chart_locales()
    try:
        with ThreadPoolExecutor(count) as threads:  # each thread waits for its own process
            drawn = list(threads.map(lambda i: run(i, (locales, kinds, shares[i])), range(count)))
    except Exception:  # noqa: BLE001 - any failure of a worker: the report draws its charts itself
        logger.warning("drawing %s charts in %s processes failed; drawing them one by one", len(missing),
                       count, exc_info=True)
        return 0
    cache = caches["charts"]
    for share, charts in zip(shares, drawn, strict=True):
        for spec, chart in zip(share, charts, strict=True):
            store_drawn(spec, chart)
            if "pdf" in chart:
                cache.set(pdf_key(chart["svg"]), chart["pdf"], None)
    return len(missing)


@contextmanager
def charts_warmed(key: str):
    """While a report is built, its chart workers started beside it, when no report of this `key` (the
    strategy and format) has been made on this chart cache yet: the workers' JavaScript runtime takes
    0.35 s to start, which then overlaps the build instead of following it. A report made before has
    most of its charts kept (an entry changes one), so no worker is started ahead for it. Workers not
    needed after all are stopped when the block ends."""
    cache, marker = caches["charts"], f"chart-pool:made:{key}"
    if settings.PEJLING_CHART_WORKERS < 2 or getattr(_warm, "procs", None) is not None or cache.get(marker):
        yield
        return
    procs: list = []
    with ExitStack() as held:
        places = held.enter_context(_places(settings.PEJLING_CHART_WORKERS, wait=0))
        if places < 2:
            held.close()  # the places go back at once: the report's own path asks again if it must
        try:
            procs = [_start(warm=True) for _ in range(places if places >= 2 else 0)]
            _warm.procs = procs
            yield
            cache.set(marker, True, None)
        finally:
            _warm.procs = None
            for proc in procs:
                if proc.returncode is None:
                    proc.kill()
                    proc.communicate()


@contextmanager
def _places(wanted: int, wait: float | None = None):
    """How many of the host's PEJLING_CHART_WORKERS places for a worker this report holds (up to `wanted`,
    while in the block): those free now, else, when other reports' workers hold every one, the first to
    come free (0 after PLACE_WAIT seconds). A place is a lock file of the data folder, held by flock:
    shared by every web worker and command of the host, and let go when its holder ends, however."""
    folder = Path(settings.DATA_DIR) / "cache" / "chart-workers"
    folder.mkdir(parents=True, exist_ok=True)
    held, deadline = [], time.monotonic() + (PLACE_WAIT if wait is None else wait)
    try:
        while True:
            for place in range(settings.PEJLING_CHART_WORKERS):
                if len(held) == wanted:
                    break
                lock = open(folder / f"{place}.lock", "a")  # noqa: SIM115 - held until the block ends
                try:
                    fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    held.append(lock)
                except BlockingIOError:
                    lock.close()
            if held or time.monotonic() > deadline:
                break
            time.sleep(0.1)
        yield len(held)
    finally:
        for lock in held:
            lock.close()  # which lets the place go


def _start(*, warm: bool = False) -> subprocess.Popen:
    """A worker process, waiting for its job on stdin; `warm`: its JavaScript runtime started meanwhile."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p)}
    return subprocess.Popen([sys.executable, "-m", "pejling.reports.chart_drawing", *(["--warm"] if warm else [])],  # noqa: S603
                            env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _finish(proc: subprocess.Popen, job: tuple) -> list[dict]:
    """What the worker drew of `job` (locales, kinds, specs); raises when it fails or takes over TIMEOUT."""
    try:
        out, err = proc.communicate(pickle.dumps(job), timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        raise
    if proc.returncode:  # what the worker said, for the log
        raise RuntimeError(f"{sys.executable} -m pejling.reports.chart_drawing exited with {proc.returncode}: "
                           + err.decode(errors="replace")[-2000:])
    return pickle.loads(out)  # noqa: S301 - from our own worker process


def _worker(locales: dict, kinds: tuple[str, ...], specs: list[dict]) -> list[dict]:
    return _finish(_start(), (locales, kinds, specs))


def _missing(specs: list[dict], kinds: tuple[str, ...]) -> list[dict]:
    cache, seen, out = caches["charts"], set(), []
    for spec in specs:
        keys = drawn_keys(spec, kinds)
        if keys["svg"] in seen:
            continue
        seen.add(keys["svg"])
        if not cache.has_key(keys["svg"]) or ("png" in keys and not cache.has_key(keys["png"])):
            out.append(spec)
        elif "pdf" in kinds and not ((svg := cache.get(keys["svg"])) and cache.has_key(pdf_key(svg))):
            out.append(spec)
    return out
