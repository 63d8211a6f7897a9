"""Report formats at scale: for each strategy and format, the CLI in a fresh process with the chart
cache emptied ("first") and again with it filled ("repeated"): wall and CPU seconds and peak memory
(RSS, from /usr/bin/time); then the web download twice, to show the second is read from the reports
cache. Figures only; nothing is asserted.

    PEJLING_DATA_DIR=... scripts/bench_reports.py [slug ...]   (default: the largest demo strategy
    and gen-001-strategi-1 from `pejling generate --preset national`-shaped data)"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PEJLING = ROOT / ".venv" / "bin" / "pejling"
FORMATS = ["html", "pdf", "docx", "xlsx"]


def _cli(slug: str, fmt: str, out: Path) -> dict:
    run = subprocess.run(["/usr/bin/time", "-f", "%e %U %S %M", str(PEJLING), "report", slug, "--format", fmt,
                          "-o", str(out)], capture_output=True, text=True, check=True)
    wall, user, system, rss = run.stderr.strip().splitlines()[-1].split()
    return {"wall": float(wall), "cpu": float(user) + float(system), "rss_mb": int(rss) / 1024,
            "bytes": out.stat().st_size}


def _web(slug: str, fmt: str) -> tuple[float, float]:
    """The download through the web app, first and repeated, in one process as in a worker."""
    import django
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pejling.settings")
    django.setup()
    from django.contrib.auth import get_user_model
    from django.test import Client
    user = get_user_model().objects.filter(is_superuser=True).first() or \
        get_user_model().objects.create_superuser("bench-reports", password=None)
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    times = []
    for _ in range(2):
        start = time.perf_counter()
        response = client.get(f"/s/{slug}/rapport.{fmt}")
        assert response.status_code == 200, response.status_code
        times.append(time.perf_counter() - start)
    return times[0], times[1]


def main(slugs: list[str]) -> None:
    data = Path(os.environ["PEJLING_DATA_DIR"])
    print(f"load: {os.getloadavg()[0]:.1f} {os.getloadavg()[1]:.1f} on {os.cpu_count()} cores")
    print(f"{'strategy':<40} {'format':<5} {'first s (cpu)':>15} {'repeat s (cpu)':>15} {'RSS MB 1st/rep':>15} "
          f"{'bytes':>10}")
    with tempfile.TemporaryDirectory() as tmp:
        for slug in slugs:
            for fmt in FORMATS:
                shutil.rmtree(data / "cache" / "charts", ignore_errors=True)
                first = _cli(slug, fmt, Path(tmp) / f"r.{fmt}")
                again = _cli(slug, fmt, Path(tmp) / f"r.{fmt}")
                print(f"{slug:<40} {fmt:<5} {first['wall']:>7.1f} ({first['cpu']:>5.1f}) {again['wall']:>7.1f} "
                      f"({again['cpu']:>5.1f}) {first['rss_mb']:>7.0f}/{again['rss_mb']:<7.0f} {again['bytes']:>10,}",
                      flush=True)
    shutil.rmtree(data / "cache" / "reports", ignore_errors=True)
    for slug in slugs:
        for fmt in ("pdf", "docx", "xlsx"):
            first, again = _web(slug, fmt)
            print(f"web {slug} rapport.{fmt}: first {first:.2f} s, repeated {again * 1000:.0f} ms", flush=True)
    print(f"load: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main([a for a in sys.argv[1:] if not re.match(r"-", a)] or
         ["holstebro-partnerskab-ungestrategier", "gen-001-strategi-1"])
