"""What scripts/bench.py asks the server with, beside it: one request on loopback, a strategy's new
revision made by hand, a signed-in reader's session, and entries made through the entry service by a
child process (so that the page after an entry is measured as a person saving a number meets it)."""

from __future__ import annotations

import http.client
import os
import re
import secrets
import subprocess
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = ROOT / ".venv" / "bin"
PORT = int(os.environ.get("BENCH_PORT", "8160"))


def get(path, headers=None):
    """(client ms, server ms, queries, status) for one request on loopback."""
    conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=120)
    start = time.perf_counter()
    conn.request("GET", path, headers=headers or {})
    response = conn.getresponse()
    body = response.read()
    if headers and response.status == 200 and b"/konto/log-ud/" not in body:
        raise SystemExit(f"{path}: the signed-in request was answered as anonymous")
    client = (time.perf_counter() - start) * 1000
    timing = response.getheader("Server-Timing", "")
    conn.close()
    server = re.search(r"app;dur=([\d.]+)", timing)
    queries = re.search(r'"(\d+) queries"', timing)
    return client, float(server.group(1)) if server else client, int(queries.group(1)) if queries else -1, \
        response.status

def p95(values):
    return sorted(values)[max(0, int(round(0.95 * len(values))) - 1)]

def bump(env, slug):
    """What every write service does to a strategy: a new revision, so nothing kept for it is current."""
    sql = "UPDATE plans_strategy SET revision = revision + 1 WHERE slug = %s"
    if env.get("DATABASE_URL"):
        import psycopg
        with psycopg.connect(env["DATABASE_URL"], autocommit=True) as conn:
            conn.execute(sql, (slug,))
    else:
        import sqlite3
        with sqlite3.connect(Path(env["PEJLING_DATA_DIR"]) / "pejling.sqlite3", timeout=30) as conn:
            conn.execute(sql.replace("%s", "?"), (slug,))

SESSION = """
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.contrib.sessions.backends.db import SessionStore
user = get_user_model().objects.get(username="bench-laeser")
session = SessionStore()
session.update({SESSION_KEY: str(user.pk), BACKEND_SESSION_KEY: "django.contrib.auth.backends.ModelBackend",
                HASH_SESSION_KEY: user.get_session_auth_hash()})
session.create()
print(settings.SESSION_COOKIE_NAME + "=" + session.session_key)
"""

def signed_in_cookie(env, org):
    """A session of a reader of `org` (made with `pejling user add` the first time), as a Cookie header;
    `env` the server's (the session's hash is signed with its secret key)."""
    subprocess.run([BIN / "pejling", "user", "add", "bench-laeser", "--organisation", org, "--role", "reader",
                    "--password", secrets.token_hex(16)], env=env, capture_output=True)  # fails when it exists
    result = subprocess.run([BIN / "pejling", "shell", "-c", SESSION], env=env, check=True, capture_output=True,
                            text=True, timeout=300)
    return result.stdout.strip().splitlines()[-1]



ENTER = """
import sys
from decimal import Decimal
import django
django.setup()
from pejling.tracking.models import Measurement
from pejling.tracking.selectors import initiative_get
from pejling.tracking.services import entry_token, measurement_record
initiative = initiative_get(strategy_slug=sys.argv[1], code=sys.argv[2])
indicator = next(i for i in initiative.indicators.all() if i.kind == "numeric" and i.measurements.all())
for n, _line in enumerate(sys.stdin):
    latest = Measurement.objects.filter(indicator=indicator, breakdown="", is_baseline=False).order_by("-period_end")[0]
    measurement_record(indicator=indicator, period=latest.period, value=Decimal(40 + n % 20), reason="bench",
                       expected=entry_token([latest]))
    print("ok", flush=True)
"""

# A consultant's "Flyt ned" / "Flyt op" on the initiative, in turn: a plan edit through its service
MOVE = """
import sys
import django
django.setup()
from pejling.plans.models import Initiative
from pejling.plans.services import plan_move
from pejling.tracking.selectors import initiative_get
initiative = initiative_get(strategy_slug=sys.argv[1], code=sys.argv[2])
siblings = Initiative.objects.filter(strategy_id=initiative.strategy_id, focus_area_id=initiative.focus_area_id)
for n, _line in enumerate(sys.stdin):
    moved = False
    for step in ((1, -1) if n % 2 == 0 else (-1, 1)):
        initiative.refresh_from_db()
        if plan_move(item=initiative, siblings=siblings, step=step, version=initiative.version,
                     strategy_id=initiative.strategy_id):
            moved = True
            break
    print("ok" if moved else "alone", flush=True)
"""


class Entries:
    """A child process that corrects the latest value of a numeric indicator of the initiative through
    `measurement_record` (a new revision that names what it changed) each time `enter()` is called;
    `script=MOVE`: that moves the initiative one place among its area's (a plan edit) instead."""

    def __init__(self, env, slug, code, script=ENTER):
        self.child = subprocess.Popen([BIN / "python", "-c", script, slug, code], env=env, stdin=subprocess.PIPE,
                                      stdout=subprocess.PIPE, text=True)

    def enter(self):
        self.child.stdin.write("go\n")
        self.child.stdin.flush()
        if self.child.stdout.readline().strip() != "ok":
            raise SystemExit("the change did not save")

    def close(self):
        self.child.stdin.close()
        self.child.wait(timeout=60)
