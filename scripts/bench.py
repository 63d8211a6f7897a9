"""`make bench`: Pejling's speed on SQLite and PostgreSQL, at 1× (the demo) and at a generated preset.

    scripts/bench.py [--databases sqlite,postgresql] [--datasets demo,national]

For each database and dataset: an installation in data/bench/ (made once, reused while its recipe is
the same), then through gunicorn on loopback: server time (Server-Timing) and queries of each page
computed afresh and cached, after a change, a plan edit and an entry, the overview for a signed-in reader,
throughput with wrk, the workers' peak memory; `pejling status` for one
and all strategies; each report format for the largest strategy, first and repeated; bulk import next
to the database's own loader. Prints a table and merges rows {metric, database, dataset, value, unit,
cores} into bench/results.json. Figures only: nothing is asserted. Every loop is bounded in count and
time; everything runs on 127.0.0.1.

Environment: BENCH_PRESET (national; `small` for a quick run), BENCH_DURATION (wrk seconds, 30),
BENCH_CONNECTIONS (50), BENCH_REQUESTS (per page, 30), BENCH_WORKERS (gunicorn, 3), BENCH_PORT (8160),
BENCH_BULK_ROWS (100000,1000000), BENCH_PG (postgresql://postgres@127.0.0.1:5432)."""

from __future__ import annotations

import argparse
import json
import os
import re
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench_clients import MOVE, Entries, bump, get, p95, signed_in_cookie

ROOT = Path(__file__).resolve().parents[1]
BIN = ROOT / ".venv" / "bin"
OUT = ROOT / "bench" / "results.json"
CORES = os.cpu_count() or 1
ENV = os.environ.get
PRESET = ENV("BENCH_PRESET", "national")
DURATION = int(ENV("BENCH_DURATION", "30"))
CONNECTIONS = int(ENV("BENCH_CONNECTIONS", "50"))
REQUESTS = int(ENV("BENCH_REQUESTS", "30"))
WORKERS = int(ENV("BENCH_WORKERS", "3"))
PORT = int(ENV("BENCH_PORT", "8160"))
PG = ENV("BENCH_PG", "postgresql://postgres@127.0.0.1:5432")
BULK_ROWS = [int(n) for n in ENV("BENCH_BULK_ROWS", "100000,1000000").split(",") if n]
SEED = 1
# The pages measured, per dataset: the largest demo strategy, or a generated one (all are the same size),
# an initiative of it, its organisation and the chart of one of the initiative's indicators (a numeric one)
PAGES = {
    "demo": ("holstebro-partnerskab-ungestrategier", "4.2", "holstebro", "h4-2-fravaer-nydanske"),
    "generated": ("gen-001-strategi-1", "1", "gen-001", "i1-1"),
}
rows: list[dict] = []
SKIP: set[str] = set()


def record(metric, database, dataset, value, unit):
    rows.append({"metric": metric, "database": database, "dataset": dataset, "value": round(value, 3),
                 "unit": unit, "cores": CORES})
    print(f"  {metric:<52} {value:>11.1f} {unit}", flush=True)


def dataset_name(dataset):
    return "1x" if dataset == "demo" else dataset


def environment(database, dataset):
    name = f"{database}-{dataset_name(dataset)}"
    env = dict(os.environ, PYTHONPATH=str(ROOT), PEJLING_DATA_DIR=str(ROOT / "data" / "bench" / name),
               DJANGO_SETTINGS_MODULE="pejling.settings")
    env.pop("DATABASE_URL", None)
    if database == "postgresql":
        env["DATABASE_URL"] = f"{PG}/pejling_bench_{dataset_name(dataset).replace('-', '_')}"
    return env


def run(args, env, timeout=3600):
    start = time.perf_counter()
    subprocess.run(args, env=env, check=True, timeout=timeout, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def prepare(database, dataset, env):
    """Make the installation unless the one there was made from the same recipe."""
    data = Path(env["PEJLING_DATA_DIR"])
    recipe = f"{database} {dataset} seed {SEED} v1"
    marker = data / "recipe"
    if marker.exists() and marker.read_text() == recipe:
        run([BIN / "pejling", "migrate", "--noinput", "-v0"], env)  # code may have moved on since it was made
        return
    shutil.rmtree(data, ignore_errors=True)
    data.mkdir(parents=True)
    if database == "postgresql":
        import psycopg
        dbname = env["DATABASE_URL"].rsplit("/", 1)[1]
        with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{dbname}"')
            conn.execute(f'CREATE DATABASE "{dbname}"')
    run([BIN / "pejling", "migrate", "--noinput", "-v0"], env)
    run([BIN / "pejling", "load-demo"], env)
    if dataset != "demo":
        seconds = run([BIN / "pejling", "generate", "--preset", dataset, "--seed", str(SEED)], env, timeout=7200)
        record("generation of the dataset", database, dataset_name(dataset), seconds, "s")
    run([BIN / "pejling", "collectstatic", "--noinput", "-v0"], dict(env, PEJLING_ENV="production"))
    marker.write_text(recipe)


def latency_after(database, dataset, name, path, what, change):
    """Afresh after a change: `change()` before each request, so the worker cannot answer from what it
    kept for the strategy's old revision (no page cache either) — the first request after an entry."""
    samples, deadline = [], time.monotonic() + 90
    change()
    for _n in range(3 * WORKERS):  # every worker first holds a recent revision, as a running server's do
        get(path)
    for _n in range(REQUESTS):
        if time.monotonic() > deadline:
            break
        change()
        samples.append(get(path))
    server = [s[1] for s in samples]
    what = f"{name} after {what}"
    record(f"{what}: server time median", database, dataset_name(dataset), statistics.median(server), "ms")
    record(f"{what}: server time p95", database, dataset_name(dataset), p95(server), "ms")
    record(f"{what}: queries", database, dataset_name(dataset), statistics.median(s[2] for s in samples), "queries")


def latency_signed_in(database, dataset, name, path, cookie):
    """REQUESTS requests of a signed-in reader at the strategy's own date: never from the page cache (it
    serves anonymous readers only); the page is computed from the database each time, the status from
    the worker's memo for that date after its first request."""
    for _n in range(3 * WORKERS):
        get(path, {"Cookie": cookie})
    samples = [get(path, {"Cookie": cookie}) for _n in range(REQUESTS)]
    if any(s[3] != 200 for s in samples):
        raise SystemExit(f"{name} signed in: HTTP {samples[0][3]}")
    server = [s[1] for s in samples]
    what = f"{name} signed in"
    record(f"{what}: server time median", database, dataset_name(dataset), statistics.median(server), "ms")
    record(f"{what}: server time p95", database, dataset_name(dataset), p95(server), "ms")
    record(f"{what}: queries", database, dataset_name(dataset), statistics.median(s[2] for s in samples), "queries")


def latency(database, dataset, name, path, fresh):
    """REQUESTS requests (at most 90 s): afresh with a new as-of date (or a new query) each time, or the
    same address again (page cache)."""
    samples, deadline = [], time.monotonic() + 90
    sep = "&" if "?" in path else "?"
    # Every worker reads the strategy once first (its dates are not measured): a worker's first read is
    # what "after a change" measures, and here it would be whichever of 30 requests a worker got first
    for n in range(3 * WORKERS):
        get(f"{path}{sep}as_of=2030-01-{n + 1:02d}" if fresh else path)
    for n in range(REQUESTS):
        if time.monotonic() > deadline:
            break
        url = f"{path}{sep}as_of={2015 + n % 11}-{n % 12 + 1:02d}-{n % 27 + 1:02d}" if fresh else path
        samples.append(get(url))
    bad = [s for s in samples if s[3] != 200]
    if bad:
        raise SystemExit(f"{name}: HTTP {bad[0][3]}")
    what = "afresh" if fresh else "cached"
    server = [s[1] for s in samples]
    record(f"{name} {what}: server time median", database, dataset_name(dataset), statistics.median(server), "ms")
    record(f"{name} {what}: server time p95", database, dataset_name(dataset), p95(server), "ms")
    record(f"{name} {what}: queries", database, dataset_name(dataset), statistics.median(s[2] for s in samples),
           "queries")


LUA = """
done = function(summary, latency, requests)
  io.write(string.format("RESULT %f %f %d %d\\n", summary.requests / (summary.duration / 1e6),
    latency:percentile(95) / 1000, summary.errors.status + summary.errors.connect + summary.errors.read
    + summary.errors.write + summary.errors.timeout, summary.requests))
end
"""
FRESH_LUA = LUA + """
counter = 0
request = function()
  counter = counter + 1
  local day = os.date("!%Y-%m-%d", 1262304000 + ((counter * 7919 + math.random(0, 1e6)) % 5000) * 86400)
  return wrk.format("GET", wrk.path .. "?as_of=" .. day)
end
"""


def drain(path, limit=180):
    """Wait (at most `limit` s) until the server has worked off the previous run's queue."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        try:
            if get(path)[0] < 1000:
                return
        except OSError:
            time.sleep(1)


def throughput(database, dataset, name, path, fresh, scripts, cookie=None):
    drain(path)
    if not shutil.which("wrk"):
        print("  (wrk is missing: `make bench` installs it)")
        return
    header = ["-H", f"Cookie: {cookie}"] if cookie else []
    result = subprocess.run(["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{DURATION}s", "--timeout", "10s", *header, "-s",
                             scripts[fresh], f"http://127.0.0.1:{PORT}{path}"], capture_output=True, text=True,
                            timeout=DURATION + 60)
    line = next((x for x in result.stdout.splitlines() if x.startswith("RESULT")), None)
    if line is None:
        print(result.stdout, result.stderr)
        return
    rate, latency95, errors, _total = line.split()[1:]
    what = "signed in" if cookie else "afresh" if fresh else "cached"
    label = f"{name} {what} under load ({CONNECTIONS} clients)"
    record(f"{label}: throughput", database, dataset_name(dataset), float(rate), "req/s")
    record(f"{label}: p95", database, dataset_name(dataset), float(latency95), "ms")
    record(f"{label}: errors", database, dataset_name(dataset), float(errors), "errors")


def workers_rss(master: int) -> float:
    """The largest peak resident memory (VmHWM) of the master's worker processes, in MB."""
    peak = 0
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            text = status.read_text()
        except OSError:
            continue
        if re.search(rf"^PPid:\s+{master}$", text, re.M):
            hwm = re.search(r"^VmHWM:\s+(\d+) kB", text, re.M)
            peak = max(peak, int(hwm.group(1)) / 1024 if hwm else 0)
    return peak


def web(database, dataset, env):
    slug, code, org, chart = PAGES["demo" if dataset == "demo" else "generated"]
    server_env = dict(env, PEJLING_ENV="production", PEJLING_HTTPS="false", ALLOWED_HOSTS="127.0.0.1",
                      PEJLING_SERVER_TIMING="true", SECRET_KEY=secrets.token_hex(32))
    server = subprocess.Popen([BIN / "gunicorn", "-c", "python:pejling.gunicorn_config", "pejling.wsgi", "-w", str(WORKERS), "-b", f"127.0.0.1:{PORT}",
                               "--timeout", "300", "--log-level", "warning"], env=server_env, cwd=ROOT)
    try:
        deadline = time.monotonic() + 300
        while True:
            try:
                if get("/")[3] == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline or server.poll() is not None:
                raise SystemExit("the server did not start")
            time.sleep(0.5)
        pages = [("front page", "/"), ("strategy overview", f"/s/{slug}/"), ("initiative page", f"/s/{slug}/i/{code}/"),
                 ("an organisation's page", f"/o/{org}/"), ("an indicator's chart", f"/s/{slug}/graf/{chart}.svg")]
        for name, path in pages:
            # Afresh: a new address each time misses the page cache (front and organisation pages ignore as_of)
            latency(database, dataset, name, path if name != "front page" else "/?view=", fresh=True)
            latency(database, dataset, name, path, fresh=False)
        entries, moves = Entries(env, slug, code), Entries(env, slug, code, script=MOVE)
        try:
            for name, path in pages[1:3]:
                # "a change": a new revision by hand, which says nothing of what changed (a restore, a
                # strategy document imported): the worker reads the whole strategy again; "a plan edit":
                # the initiative moved through its service (the plan read again, the measurements kept);
                # "an entry": a value corrected through the service (that indicator's measurements)
                latency_after(database, dataset, name, path, "a change", lambda: bump(env, slug))
                latency_after(database, dataset, name, path, "a plan edit", moves.enter)
                latency_after(database, dataset, name, path, "an entry", entries.enter)
        finally:
            entries.close()
            moves.close()
        cookie = signed_in_cookie(server_env, org)  # its secret key: the session hash is signed with it
        latency_signed_in(database, dataset, "strategy overview", pages[1][1], cookie)
        if "throughput" in SKIP:
            return
        scripts = {}
        for fresh, text in ((False, LUA), (True, FRESH_LUA)):
            scripts[fresh] = str(Path(env["PEJLING_DATA_DIR"]) / f"wrk-{fresh}.lua")
            Path(scripts[fresh]).write_text(text)
        for name, path in pages[1:3]:
            for fresh in (True, False):
                throughput(database, dataset, name, path, fresh, scripts)
        throughput(database, dataset, "strategy overview", pages[1][1], False, scripts, cookie=cookie)
        record("peak memory of a web worker (RSS)", database, dataset_name(dataset), workers_rss(server.pid), "MB")
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)


def commands(database, dataset, env):
    slug = PAGES["demo" if dataset == "demo" else "generated"][0]
    seconds = run([BIN / "pejling", "status", slug, "--json"], env, timeout=600)
    record("pejling status one strategy (whole command)", database, dataset_name(dataset), seconds, "s")
    seconds = run([BIN / "pejling", "status", "--all", "--json"], env, timeout=3600)
    record("pejling status --all (whole command)", database, dataset_name(dataset), seconds, "s")
    result = subprocess.run([sys.executable, __file__, "--inside", database, dataset], env=env, check=True,
                            capture_output=True, text=True, timeout=3600)
    for line in result.stdout.splitlines():
        if line.startswith("{"):
            row = json.loads(line)
            record(row["metric"], database, dataset_name(dataset), row["value"], row["unit"])


def bulk(database, env):
    other = ROOT / "scripts" / "bench_bulk.py"
    if other.exists():  # the bulk-measurements service's own benchmark, when it is there
        args = [sys.executable, other, "--database", database, "--json"]
        for n in BULK_ROWS:
            args += ["--rows", str(n)]
        result = subprocess.run(args, env=env, capture_output=True, text=True, timeout=7200)
        for line in result.stdout.splitlines():
            if line.startswith("{"):
                row = json.loads(line)
                record(row["metric"], database, row.get("dataset", "bulk"), row["value"], row["unit"])
        return
    result = subprocess.run([sys.executable, __file__, "--inside-bulk", database], env=env, check=True,
                            capture_output=True, text=True, timeout=7200)
    for line in result.stdout.splitlines():
        if line.startswith("{"):
            row = json.loads(line)
            record(row["metric"], database, row["dataset"], row["value"], row["unit"])


def save():
    OUT.parent.mkdir(exist_ok=True)
    old = json.loads(OUT.read_text()) if OUT.exists() else []
    new = {(r["metric"], r["database"], r["dataset"]): r for r in old + rows}
    OUT.write_text(json.dumps(list(new.values()), indent=1, ensure_ascii=False) + "\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--datasets", default=f"demo,{PRESET}")
    parser.add_argument("--skip", default="", help="comma-separated parts to leave out: web,throughput,commands,bulk")
    parser.add_argument("--inside", nargs=2, help=argparse.SUPPRESS)
    parser.add_argument("--inside-bulk", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.inside or args.inside_bulk:
        sys.path.insert(0, str(ROOT / "scripts"))
        import bench_inside
        return bench_inside.main(args.inside, args.inside_bulk, PAGES, REQUESTS, BULK_ROWS)
    skip = set(args.skip.split(","))
    SKIP.update(skip)
    print(f"Pejling bench: {CORES} cores, load average {os.getloadavg()[0]:.1f}; gunicorn {WORKERS} workers; "
          f"wrk {CONNECTIONS} clients × {DURATION} s")
    try:
        for database in args.databases.split(","):
            if database == "postgresql" and not _postgres_ready():
                print(f"PostgreSQL at {PG} does not answer: its rows are left out")
                continue
            for dataset in args.datasets.split(","):
                dataset = "demo" if dataset in ("demo", "1x") else dataset
                print(f"{database}, {dataset_name(dataset)}:", flush=True)
                env = environment(database, dataset)
                prepare(database, dataset, env)
                if "web" not in skip:
                    web(database, dataset, env)
                if "commands" not in skip:
                    commands(database, dataset, env)
            if "bulk" not in skip:
                bulk(database, environment(database, "demo"))
    finally:
        save()
        print(f"{len(rows)} rows written to {OUT.relative_to(ROOT)}")


def _postgres_ready():
    try:
        import psycopg
        psycopg.connect(f"{PG}/postgres", connect_timeout=3).close()
        return True
    except Exception:  # any failure to connect means: no PostgreSQL here
        return False


if __name__ == "__main__":
    main()
