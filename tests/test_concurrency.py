"""50 concurrent writers against a real server (gunicorn, several workers) on a real database file:
no server errors, no lost updates. On SQLite always; on PostgreSQL too when DATABASE_URL points at one."""

import http.client
import os
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pytest

from pejling.web.forms import NEW_GROUP

pytestmark = pytest.mark.concurrency

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
WRITERS = 50
MEASUREMENTS, UNIT_EDITS, RACERS = 35, 10, 5  # racers all enter the same period: exactly one may win
HANG = 300  # seconds: a bound that ends a hung run, not a judgement of speed (that is `make bench`)


def _backends():
    backends = ["sqlite"]
    if os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        backends.append("postgresql")
    return backends


def _free_port():
    for port in range(8120, 8130):
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    pytest.skip("no free port in 8120-8129")


class Browser:
    """One person's session: cookies, CSRF token, plain http.client requests."""

    def __init__(self, port):
        self.port, self.cookies = port, {}

    def request(self, method, path, data=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=HANG)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if data is not None:
            body = urlencode(data)
            headers.update({"Content-Type": "application/x-www-form-urlencoded",
                            "X-CSRFToken": self.cookies.get("csrftoken", "")})
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            text = response.read().decode()
            for name, value in response.getheaders():
                if name.lower() == "set-cookie":
                    key, _, rest = value.partition("=")
                    self.cookies[key] = rest.split(";")[0]
            return response.status, text
        finally:
            conn.close()

    def log_in(self, username):
        self.request("GET", "/konto/log-ind/")
        status, _ = self.request("POST", "/konto/log-ind/", {"username": username, "password": "demo"})
        assert status == 302, status


class Database:
    """The server's database, read and set up without Django (the test process has its own)."""

    def __init__(self, backend, tmp_path):
        self.backend = backend
        if backend == "sqlite":
            self.path = tmp_path / "pejling.sqlite3"
            self.url = f"sqlite:///{self.path}"
        else:
            parts = urlsplit(os.environ["DATABASE_URL"])
            self.name = f"pejling_hist_conc_{os.getpid()}"
            self.admin_url = parts._replace(path="/postgres").geturl()
            self.url = parts._replace(path=f"/{self.name}").geturl()
            self._admin(f'DROP DATABASE IF EXISTS "{self.name}"')
            self._admin(f'CREATE DATABASE "{self.name}"')

    def _admin(self, sql):
        import psycopg
        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            conn.execute(sql)

    def rows(self, sql):
        if self.backend == "sqlite":
            with sqlite3.connect(self.path) as conn:
                return conn.execute(sql).fetchall()
        import psycopg
        with psycopg.connect(self.url) as conn:
            return conn.execute(sql).fetchall()

    def drop(self):
        if self.backend == "postgresql":
            self._admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


@pytest.mark.parametrize("backend", _backends())
def test_fifty_concurrent_writers_lose_nothing_and_get_no_server_error(backend, tmp_path):
    db = Database(backend, tmp_path)
    env = dict(os.environ, DATABASE_URL=db.url, PEJLING_DATA_DIR=str(tmp_path),
               DJANGO_SETTINGS_MODULE="tests.concurrency.server_settings",
               PYTHONPATH=os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]))
    server, log = None, tmp_path / "server.log"
    try:
        seeded = subprocess.run([sys.executable, str(ROOT / "tests" / "concurrency" / "seed.py")], env=env, cwd=ROOT,
                                capture_output=True, text=True, timeout=120, check=True)
        unit_ids = seeded.stdout.split()
        port = _free_port()
        server = subprocess.Popen(
            [str(BIN / "gunicorn"), "pejling.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "3",
             "--threads", "4", "--timeout", "60", "--log-level", "warning"],
            env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=log.open("wb"), start_new_session=True)
        _wait_for(port, server, log)

        statuses, failures = [], []
        lock = threading.Lock()

        def write(n):
            b = Browser(port)
            try:
                if n < MEASUREMENTS + RACERS:
                    b.log_in("center")
                    period, group = ("2021", "") if n >= MEASUREMENTS else ("2020", f"Gruppe {n}")
                    status, text = b.request("POST", "/s/samtidig/i/1/indikator/tal/", {
                        "m-tal-period": period, "m-tal-value": str(n), "m-tal-breakdown": NEW_GROUP if group else "",
                        "m-tal-new_breakdown": group})
                else:
                    b.log_in("konsulent")
                    k = n - MEASUREMENTS - RACERS
                    status, text = b.request("POST", f"/o/samtidig/enheder/{unit_ids[k]}/", {
                        "name": f"Enhed {k}", "kind": f"Ændret af skriver {n}", "parent": "", "version": "0"})
            except Exception as exc:  # a refused connection or a timeout is a failure too
                status, text = 0, repr(exc)
            with lock:
                statuses.append((n, status))
                if status >= 500 or status == 0:
                    failures.append((n, status, text[:300]))

        threads = [threading.Thread(target=write, args=(n,)) for n in range(WRITERS)]
        started = time.monotonic()
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=max(0.1, HANG - (time.monotonic() - started)))
        elapsed = time.monotonic() - started
        assert not any(t.is_alive() for t in threads), f"writers still running after {HANG} s"
        errors_logged = log.read_text()[-2000:] if failures else ""
        print(f"\n{backend}: {WRITERS} writers in {elapsed:.1f} s; statuses "
              f"{sorted({s for _, s in statuses})}; server errors {len(failures)}")

        assert failures == [], errors_logged
        by_writer = dict(statuses)
        assert all(by_writer[n] == 302 for n in range(MEASUREMENTS)), statuses
        assert all(by_writer[n] == 302 for n in range(MEASUREMENTS + RACERS, WRITERS)), statuses
        racers = [by_writer[n] for n in range(MEASUREMENTS, MEASUREMENTS + RACERS)]
        assert sorted(racers) == [302] + [422] * (RACERS - 1), racers  # the others were shown the first value

        saved = dict(db.rows("SELECT breakdown, value FROM tracking_measurement WHERE period = '2020'"))
        assert {k: int(v) for k, v in saved.items()} == {f"Gruppe {n}": n for n in range(MEASUREMENTS)}
        assert len(db.rows("SELECT id FROM tracking_measurement WHERE period = '2021'")) == 1
        units = dict(db.rows("SELECT name, kind FROM plans_unit"))
        assert all(units[f"Enhed {k}"] == f"Ændret af skriver {MEASUREMENTS + RACERS + k}" for k in range(UNIT_EDITS))
        assert db.rows("SELECT min(version), max(version) FROM plans_unit") == [(1, 1)]
        assert db.rows("SELECT count(*) FROM tracking_historicalmeasurement WHERE history_source = 'web'") == \
            [(MEASUREMENTS + 1,)]
    finally:
        if server is not None:
            _stop(server)
        db.drop()


def _wait_for(port, server, log, timeout=30):
    until = time.monotonic() + timeout
    while time.monotonic() < until:
        if server.poll() is not None:
            raise AssertionError(f"the server stopped: {log.read_text()[-2000:]}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise AssertionError("the server did not start")


def _stop(server):
    import signal
    try:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=15)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        try:
            os.killpg(server.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        server.wait(timeout=5)
