"""Overlaying an upload on what is stored: the merged document is the strategy as it would be after the
upload, so the one document check (interchange/validation) judges the result as a whole — references
to stored focus areas, a unit's new parent against the stored units, a new target against the stored
indicator's unit.

Rules: an item found by its natural key (keys.py) gets the upload's fields, and a field the upload
leaves out keeps its stored value; an item not found is added at the end of its list. Nothing is ever
removed (deleting is done in the app). A nested object (closed, retired, glide_path,
assessment_rules) is replaced as a whole; a distribution's values are overlaid per level; a target's
value and change are one choice (giving one clears the other).
"""

from __future__ import annotations

import copy

from .keys import LISTS, item_key, keyed

ALTERNATIVES = {"target": (("value", "change"),)}
ROOTS = (("organisation", "organisation"), ("strategy", "strategy"))


class Merge:
    """`merged`: the stored document with the upload laid over it. `origin` maps the path of every
    merged item that the upload names to its path in the upload (errors are said in the upload's
    places); `stored` holds the paths of items that already existed."""

    def __init__(self, current: dict, upload: dict):
        self.merged = copy.deepcopy(current)
        self.origin: dict[tuple, tuple] = {(): ()}
        self.stored: set[tuple] = set()
        self._indicators = self._index_indicators()
        for name, entity in ROOTS:
            up = upload.get(name)
            if isinstance(up, dict):
                target = self.merged.setdefault(name, {})
                self.origin[(name,)] = (name,)
                self._item(target, up, entity, (name,), (name,))
            elif name in upload:
                self.merged[name] = up  # the wrong shape: the schema says so
        for key, value in upload.items():
            if key not in ("organisation", "strategy"):
                self.merged[key] = value

    def _index_indicators(self) -> dict:
        """Every stored indicator by key, with its path: an upload finds it wherever it stands."""
        found = {}
        strategy = self.merged.get("strategy") or {}
        lists = [(("strategy", "indicators"), strategy.get("indicators") or [])]
        for owner in ("focus_areas", "initiatives"):
            for i, item in enumerate(strategy.get(owner) or []):
                lists.append((("strategy", owner, i, "indicators"), item.get("indicators") or []))
        for path, items in lists:
            for i, ind in enumerate(items):
                if isinstance(ind, dict) and ind.get("key"):
                    found[ind["key"]] = (path + (i,), ind)
        return found

    def _item(self, target: dict, up: dict, entity: str, mpath: tuple, upath: tuple) -> None:
        lists = LISTS.get(entity, {})
        for pair in ALTERNATIVES.get(entity, ()):
            given = [name for name in pair if name in up]
            if given:  # a target is a value OR a change: the one given replaces the other
                for name in pair:
                    if name not in up:
                        target.pop(name, None)
        for field, value in up.items():
            if field in lists and isinstance(value, list) and isinstance(target.get(field, []), list):
                self._list(target.setdefault(field, []), value, lists[field], mpath + (field,), upath + (field,))
            elif entity == "measurement" and field == "values" and isinstance(value, dict) \
                    and isinstance(target.get("values"), dict):
                target["values"] = {**target["values"], **value}
            else:
                target[field] = copy.deepcopy(value)

    def _list(self, target: list, ups: list, entity: str, mpath: tuple, upath: tuple) -> None:
        index = {k: i for i, k in enumerate(keyed(entity, target)) if k is not None}
        for j, (up, k) in enumerate(zip(ups, keyed(entity, ups), strict=True)):
            if not isinstance(up, dict):
                target.append(copy.deepcopy(up))
                self.origin[mpath + (len(target) - 1,)] = upath + (j,)
                continue
            if entity == "indicator" and item_key(entity, up) in self._indicators:
                path, stored = self._indicators[item_key(entity, up)]
                self._found(stored, up, entity, path, upath + (j,))
            elif k is not None and k in index:
                self._found(target[index[k]], up, entity, mpath + (index[k],), upath + (j,))
            else:
                target.append({})
                self.origin[mpath + (len(target) - 1,)] = upath + (j,)
                self._item(target[-1], up, entity, mpath + (len(target) - 1,), upath + (j,))

    def _found(self, stored: dict, up: dict, entity: str, mpath: tuple, upath: tuple) -> None:
        self.origin[mpath] = upath
        self.stored.add(mpath)
        self._item(stored, up, entity, mpath, upath)

    def upload_path(self, path: tuple) -> tuple[tuple, bool]:
        """(the place in the upload, True) for a path into the merged document; (path, False) when the
        place is in stored data only."""
        for n in range(len(path), -1, -1):
            if path[:n] in self.origin:
                return self.origin[path[:n]] + tuple(path[n:]), True
        return tuple(path), False

    def merged_path(self, upath: tuple) -> tuple:
        """The merged document's path for a place in the upload (for problems found in the upload itself)."""
        back = {v: k for k, v in self.origin.items()}
        for n in range(len(upath), -1, -1):
            if upath[:n] in back:
                return back[upath[:n]] + tuple(upath[n:])
        return tuple(upath)
