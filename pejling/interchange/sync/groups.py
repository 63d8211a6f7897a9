"""One spelling per group of an indicator across an upload and what is stored.

"DRENGE" in an uploaded document is the stored group "Drenge" of the same indicator (groups are the
same when their `name_key` is), so its measurements and targets continue that series instead of
starting a second one. A group the indicator does not have yet is written as the upload first writes
it. Done on the prepared upload before it is merged, so the natural keys (keys.py) and the document
check compare one spelling, and two measurements "Drenge" and "drenge" of one period are a duplicate.
"""

from __future__ import annotations

from pejling.assessment.limits import name_key


def _indicators(document):
    """Every indicator of a document (of any shape: the schema check says what is wrong with it)."""
    strategy = document.get("strategy") if isinstance(document, dict) else None
    if not isinstance(strategy, dict):
        return
    lists = [strategy.get("indicators")]
    for owner in ("focus_areas", "initiatives"):
        items = strategy.get(owner)
        lists += [item.get("indicators") for item in items if isinstance(item, dict)] if isinstance(items, list) else []
    for items in lists:
        for ind in items if isinstance(items, list) else ():
            if isinstance(ind, dict) and isinstance(ind.get("key"), str):
                yield ind


def _grouped(ind):
    """The indicator's targets and measurements that name a group."""
    for field in ("targets", "measurements"):
        items = ind.get(field)
        for item in items if isinstance(items, list) else ():
            if isinstance(item, dict) and isinstance(item.get("breakdown"), str) and item["breakdown"]:
                yield item


def groups_spelled(upload: dict, current: dict) -> None:
    """In place: every group the upload names, written as the stored indicator writes it."""
    stored: dict[str, dict[str, str]] = {}
    for ind in _indicators(current):
        spelling = stored.setdefault(ind["key"], {})
        for item in _grouped(ind):
            spelling.setdefault(name_key(item["breakdown"]), item["breakdown"])
    for ind in _indicators(upload):
        spelling = dict(stored.get(ind["key"], {}))
        for item in _grouped(ind):
            item["breakdown"] = spelling.setdefault(name_key(item["breakdown"]), item["breakdown"])
