"""Gunicorn's settings for Pejling: `gunicorn -c python:pejling.gunicorn_config pejling.wsgi` (`make serve`,
`make bench`).

A worker that made the reports of a very large strategy keeps the memory they needed (300,000
measurements: 683 MB after the four formats, against 286 before; a helper saw 1.5 GB with more),
because Python and the C allocator keep freed memory for later. After each
request of a worker above PEJLING_WORKER_TRIM_MB (default 400) the worker collects its garbage and hands
free memory back to the system (glibc's malloc_trim); one still above PEJLING_WORKER_MAX_MB (default
600) then finishes the request and is replaced by a fresh worker, as gunicorn's max_requests replaces
one. Either way no worker keeps, for the next thousand requests, what one report needed.
"""

import ctypes
import ctypes.util
import gc
import os


def megabytes(name: str, default: int) -> int:
    """A limit from the environment: a whole number of MB ≥ 0, else the server does not start."""
    raw = os.environ.get(name, "").strip() or str(default)
    if not (raw.isascii() and raw.isdigit()):
        raise SystemExit(f"{name} must be a whole number of megabytes (0 or more), not {raw!r}")
    return int(raw)


TRIM_MB = megabytes("PEJLING_WORKER_TRIM_MB", 400)
MAX_MB = megabytes("PEJLING_WORKER_MAX_MB", 600)


def rss_mb() -> float | None:
    """The process's resident memory now (Linux), or None where /proc does not say it."""
    try:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError, IndexError):
        return None


def memory_give_back() -> None:
    gc.collect()
    name = ctypes.util.find_library("c")
    try:
        ctypes.CDLL(name).malloc_trim(0)
    except (OSError, AttributeError, TypeError):  # not glibc: Python's own collection is all there is
        pass


def post_request(worker, req, environ, resp):
    before = rss_mb()
    if before is None or before < TRIM_MB:
        return
    memory_give_back()
    after = rss_mb()
    if after is not None and after > MAX_MB:
        worker.log.info("Worker at %d MB after %s (%d MB before giving memory back): replaced after this "
                        "request", after, getattr(req, "path", "?"), before)
        worker.alive = False
