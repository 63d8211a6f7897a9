"""A web worker gives back what a large request needed (pejling/gunicorn_config.py): above the trim
limit it collects and trims after the request; still above the most a worker may keep, it is replaced."""

import http.client
import os
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace

import pytest

from pejling import gunicorn_config

ROOT = Path(__file__).resolve().parent.parent


class Log:
    def __init__(self):
        self.lines = []

    def info(self, message, *args):
        self.lines.append(message % args)


def _worker():
    return SimpleNamespace(alive=True, log=Log())


@pytest.mark.parametrize("before, after, trimmed, replaced", [
    (250, 250, False, False),   # below the trim limit: nothing is done
    (900, 300, True, False),    # given back: the worker stays
    (900, 700, True, True),     # still above the most a worker may keep: replaced after this request
])
def test_a_worker_gives_memory_back_or_is_replaced(monkeypatch, before, after, trimmed, replaced):
    readings, calls = iter([before, after]), []
    monkeypatch.setattr(gunicorn_config, "rss_mb", lambda: next(readings))
    monkeypatch.setattr(gunicorn_config, "memory_give_back", lambda: calls.append(1))
    worker = _worker()
    gunicorn_config.post_request(worker, SimpleNamespace(path="/s/x/rapport.pdf"), {}, None)
    assert bool(calls) == trimmed and worker.alive is not replaced
    if replaced:
        assert worker.log.lines == ["Worker at 700 MB after /s/x/rapport.pdf (900 MB before giving memory back): "
                                    "replaced after this request"]


@pytest.mark.parametrize("raw", ["abc", "-5", "1.5", "٤٠٠"])
def test_a_limit_that_is_no_whole_number_stops_the_server_with_its_name(monkeypatch, raw):
    monkeypatch.setenv("PEJLING_WORKER_MAX_MB", raw)
    with pytest.raises(SystemExit, match="PEJLING_WORKER_MAX_MB must be a whole number of megabytes"):
        gunicorn_config.megabytes("PEJLING_WORKER_MAX_MB", 600)
    monkeypatch.setenv("PEJLING_WORKER_MAX_MB", " 800 ")
    assert gunicorn_config.megabytes("PEJLING_WORKER_MAX_MB", 600) == 800


def test_the_memory_reading_and_giving_back_work_on_this_machine():
    size = gunicorn_config.rss_mb()
    assert size is None or 10 < size < 10_000
    gunicorn_config.memory_give_back()  # glibc's malloc_trim, or nothing where there is none


def test_gunicorn_with_the_config_replaces_a_worker_over_the_limit(tmp_path):
    """Through gunicorn itself: with the limits at 0 MB every request's worker is replaced by a new one."""
    port = 8137
    env = dict(os.environ, PEJLING_DATA_DIR=str(tmp_path), DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
               DJANGO_SETTINGS_MODULE="tests.concurrency.server_settings", PEJLING_WORKER_TRIM_MB="0",
               PEJLING_WORKER_MAX_MB="0", PYTHONPATH=os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]))
    log = tmp_path / "server.log"
    server = subprocess.Popen([str(Path(sys.executable).parent / "gunicorn"), "-c", "python:pejling.gunicorn_config",
                               "pejling.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "1", "--log-level", "info"],
                              env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=log.open("wb"))
    try:
        statuses, until = [], time.monotonic() + 60
        while len(statuses) < 2 and time.monotonic() < until:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                conn.request("GET", "/findes-ikke/", headers={"Host": "127.0.0.1"})
                statuses.append(conn.getresponse().status)
                conn.close()
            except OSError:
                time.sleep(0.3)
        assert statuses == [404, 404], log.read_text()[-2000:]
        time.sleep(1)
        text = log.read_text()
        assert text.count("replaced after this request") == 2
        assert text.count("Booting worker") >= 3  # the first, then one after each request
    finally:
        server.terminate()
        server.wait(timeout=30)
