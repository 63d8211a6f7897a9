"""A measurements file as a strategy document, for the one merge path of `pejling import`
(interchange/sync, `readers.READERS["measurements"]`): the file is read and every row checked here
(measurements_check.py, with its places), then each measurement is put under its indicator where the
indicator stands (the strategy, a focus area or an initiative) in the document format. The upload
page and `measurements_import_command` use the bulk path directly (interchange/measurements.py)."""

from __future__ import annotations

from pathlib import Path

from django.utils.translation import gettext as _

from pejling.plans.models import Strategy

from .documents import ImportRefused
from .exporter import FORMAT, json_number
from .measurements_check import measurements_check
from .measurements_file import read_table


def measurements_document(path: str | Path, *, strategy: str, source: str) -> dict:
    """The strategy document that adds (or corrects) the file's measurements. Raises ImportRefused with
    every problem of the file and its place."""
    found = Strategy.objects.select_related("organisation").filter(slug=strategy).first()
    if found is None:
        raise ImportRefused(source, [_("no strategy »%(slug)s«") % {"slug": strategy}])
    entries = []  # a document holds every measurement: the merge path is for files of ordinary size
    checked = measurements_check(strategy=found, table=read_table(path, source=source), user=None,
                                 on_chunk=entries.extend)
    if checked.problem_count:
        raise ImportRefused(source, checked.refusal())
    items: dict[tuple, dict] = {}  # (indicator id, period, breakdown, baseline) -> measurement item
    by_indicator: dict[int, tuple] = {}
    for e in entries:
        by_indicator.setdefault(e.indicator.id, (e.indicator, []))
        slot = (e.indicator.id, e.period, e.breakdown, e.is_baseline)
        item = items.get(slot)
        if item is None:
            item = {"period": e.period, "breakdown": e.breakdown}
            if e.is_baseline:
                item["baseline"] = True
            items[slot] = item
            by_indicator[e.indicator.id][1].append(item)
        if e.level is not None:
            item.setdefault("values", {})[e.level.code] = json_number(e.value)
        elif e.status:
            item["status"] = e.status
        elif e.text:
            item["text"] = e.text
        else:
            item["value"] = json_number(e.value)
        for name in ("comment", "source"):
            if getattr(e, name):
                item[name] = getattr(e, name)
    doc = {"strategy": {"slug": found.slug, "indicators": []}, "organisation": {"slug": found.organisation.slug}}
    areas, initiatives = {}, {}
    for indicator, measurements in by_indicator.values():
        entry = {"key": indicator.key, "measurements": measurements}
        if indicator.initiative_id:
            owner = initiatives.setdefault(indicator.initiative_id, {"code": indicator.initiative.code,
                                                                     "indicators": []})
        elif indicator.focus_area_id:
            owner = areas.setdefault(indicator.focus_area_id, {"code": indicator.focus_area.code, "indicators": []})
        else:
            owner = doc["strategy"]
        owner["indicators"].append(entry)
    if areas:
        doc["strategy"]["focus_areas"] = list(areas.values())
    if initiatives:
        doc["strategy"]["initiatives"] = list(initiatives.values())
    return {**FORMAT, **doc}
