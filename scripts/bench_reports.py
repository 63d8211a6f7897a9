"""Time every report format for the largest demo strategy (Holstebro, 63 indicators), in a fresh
process on a throwaway SQLite copy of the demo. Prints figures; asserts nothing."""

import os
import sys
import time
from datetime import date
from pathlib import Path

root = Path(__file__).resolve().parents[1]
os.environ["PEJLING_DATA_DIR"] = str(root / "data" / "bench-reports")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pejling.settings")
sys.path.insert(0, str(root))

import django  # noqa: E402

django.setup()
from django.core.management import call_command  # noqa: E402
from django.utils import translation  # noqa: E402

Path(os.environ["PEJLING_DATA_DIR"]).mkdir(parents=True, exist_ok=True)
(Path(os.environ["PEJLING_DATA_DIR"]) / "pejling.sqlite3").unlink(missing_ok=True)
call_command("migrate", verbosity=0)
call_command("load_demo", stdout=open(os.devnull, "w"))

from django.core.cache import cache, caches  # noqa: E402

from pejling.plans.models import Strategy  # noqa: E402
from pejling.reports.content import report_build  # noqa: E402
from pejling.reports.render import report_render  # noqa: E402
from pejling.tracking import status_cache  # noqa: E402

translation.activate("da")
strategy = Strategy.objects.get(slug="holstebro-partnerskab-ungestrategier")
as_of = date(2013, 12, 31)
print(f"{strategy.title}: {strategy.indicators.count()} indicators, report as of {as_of}")
for fmt in ("html", "pdf", "docx", "xlsx"):
    cache.clear()
    caches["charts"].clear()
    status_cache.clear()
    start = time.perf_counter()
    doc = report_build(strategy=strategy, as_of=as_of)
    data = report_render(doc, fmt)
    cold = time.perf_counter() - start
    start = time.perf_counter()
    report_render(report_build(strategy=strategy, as_of=as_of), fmt)
    warm = time.perf_counter() - start
    print(f"  {fmt:5s} {len(data) / 1024:7.0f} KB   {cold:5.2f} s (charts rendered)   {warm:5.2f} s (charts cached)")
