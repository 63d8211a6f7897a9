"""Indicator candidates: what the numbers in a project's free text propose — a baseline with its
period, targets with theirs, a change, a national reference, a distribution by position. Never
written unless the consultant accepts them in the preview; each carries the sentences it came from
as `evidence`. A number this reader cannot place is listed in a notice, never dropped in silence."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from pejling.assessment.limits import suggest_key

from .distribution import distribution_candidate
from .milestones import milestone_candidates
from .numbers import Sentence, Token, as_json_number, decimals_of, sentences
from .reading import (
    CHANGE,
    DOWN_WORDS,
    REFERENCE,
    Said,
    direction_words,
    is_range,
    kind_of,
    period_of,
    target_cue,
    unit_of,
)

_DELMAAL = re.compile(r"^\s*delmål\b", re.IGNORECASE)
_HALVING = re.compile(r"(?:[\wæøå]+\s+){0,2}halver(?:et|es|ing)(?:\s+[\wæøå]+){0,2}", re.IGNORECASE)
_NATIONAL = re.compile(r"landspolitisk|nationa|regeringen|folketinget", re.IGNORECASE)
_SOURCE = re.compile(r"\b(?:hentet|taget)\s+fra\s+(.+?)(?:\s+og\s+|[,;]|\.(?:\s|$)|$)", re.IGNORECASE | re.MULTILINE)
# where the subject of a sentence ends, most telling first: "… skal falde", "… udgør", "… er"
_NAME_ENDS = [re.compile(rf"\s+(?:{words})\b") for words in (
    "skal|reduceres|nedbringes|udgør|øges", "falde|stige", "er|var|har")]


@dataclass
class _Candidate:
    baseline: Said | None = None
    targets: list[Said] = field(default_factory=list)
    references: list[Said] = field(default_factory=list)
    halving: tuple[Sentence, str, str] | None = None  # (sentence, phrase, period)
    rate: tuple[Sentence, Token] | None = None  # "et fald på 5 % om året": the glide path
    sentences: list[Sentence] = field(default_factory=list)

    @property
    def percent(self) -> bool:
        first = self.baseline or (self.targets[0] if self.targets else None)
        return bool(first and first.token.percent) or (first is None and self.halving is not None)

    def add(self, said: Said):
        if said.sentence not in self.sentences:
            self.sentences.append(said.sentence)


def propose(*, code: str, title: str, texts: dict[str, str]) -> tuple[list[dict], list[str]]:
    """(indicator candidates, notices) for one project: `texts` has the cells "status", "method",
    "target" as clean text."""
    sents = sentences(texts.get("status", ""), "status") + sentences(texts.get("target", ""), "target")
    claimed: set[int] = set()
    found: list[dict] = []
    distribution = distribution_candidate(sents, claimed)
    if distribution:
        found.append(distribution)
    said, unread = _read(sents, claimed)
    groups = _group(said, sents, unread)
    source = _source(texts)
    checks = []
    for group in groups:
        found.append(_item(group, title, texts.get("method", ""), source))
        if group.rate and (note := _glide_path(group)[1]):
            checks.append(f"{code}: {note}")
    found += milestone_candidates(sents, claimed)
    for n, item in enumerate(found, start=1):
        item["key"] = f"{suggest_key(code)}-{n}"
        if texts.get("method") and "method" not in item:
            item["method"] = texts["method"]
    return [_ordered(item) for item in found], _unread_notices(code, unread) + checks


def _read(sents: list[Sentence], claimed: set[int]) -> tuple[list[Said], list[tuple[Sentence, Token, str]]]:
    said, unread = [], []
    for s in sents:
        consumed: set[int] = set()
        for t in s.numbers:
            if id(t) in claimed:
                continue
            kind = kind_of(s, t)
            if kind == "skip":
                continue
            if kind != "value":
                unread.append((s, t, kind))
                continue
            if is_range(s, t):
                unread.append((s, t, "range"))
                continue
            period = period_of(s, t, consumed)
            before = s.before(t, 3)
            cued, bound = target_cue(s, t)
            change = CHANGE.search(s.text[:t.start])
            if any(w in REFERENCE for w in before):
                role = "reference"
            elif "fra" in before[-2:]:
                role = "baseline"
            elif change:
                role = "change"
            elif _DELMAAL.match(s.text):
                role = "interim"
            elif cued:
                role = "target"
            elif s.column == "status":
                role = "baseline"
            elif not s.text[:t.start].strip() or (period and unit_of(s, t) and not t.percent):
                role = "target"  # "40 (skolevægning)"; "I løbet af 2020 … 4 tværprofessionelle teams"
            else:
                unread.append((s, t, "uncued"))
                continue
            sign = -1 if change and DOWN_WORDS.search(change.group(1)) else 1
            phrase = s.text[change.start():t.end].strip() if change else ""
            said.append(Said(t, s, role, period, bound, sign, phrase))
    return said, unread


def _group(said: list[Said], sents: list[Sentence], unread: list) -> list[_Candidate]:
    """Readings into candidates: a sentence with a baseline and a target is one ("fra 7,2 % … til
    6,5 %"); baselines of the Status column pair with targets of the Mål column in order when there
    are as many of each; a sub-target (Delmål) and a national halving join the candidate they fit."""
    groups: list[_Candidate] = []
    loose_b, loose_t, interim, refs = [], [], [], []
    for s in sents:
        mine = [x for x in said if x.sentence is s]
        bs = [x for x in mine if x.role == "baseline"]
        ts = [x for x in mine if x.role in ("target", "change")]
        interim += [x for x in mine if x.role == "interim"]
        refs += [x for x in mine if x.role == "reference"]
        if bs and ts:
            c = _Candidate(baseline=bs[0])
            c.add(bs[0])
            for t in ts:
                _target(c, t)
            groups.append(c)
            loose_b += bs[1:]
        else:
            loose_b += bs
            loose_t += ts
    if loose_b and len(loose_b) == len(loose_t):
        for b, t in zip(loose_b, loose_t, strict=True):
            c = _Candidate(baseline=b)
            c.add(b)
            _target(c, t)
            groups.append(c)
        loose_t = []
    else:
        for b in loose_b:
            c = _Candidate(baseline=b)
            c.add(b)
            groups.append(c)
    for t in loose_t + interim:
        fits = [c for c in groups if c.percent == t.token.percent]
        target_of = fits[-1] if len(fits) == 1 or (fits and t.role == "interim") else None
        if target_of is None:
            target_of = _Candidate()
            groups.append(target_of)
        _target(target_of, t)
    for s in sents:
        m = _HALVING.search(s.text)
        if m:
            after = [p for p in s.periods if p.start >= m.start()]
            fits = [c for c in groups if c.percent] or [None]
            c = fits[0] or _Candidate()
            if c not in groups:
                groups.append(c)
            c.halving = (s, m.group().strip(), after[0].period if after else "")
            if s not in c.sentences:
                c.sentences.append(s)
    _rates(groups, unread)
    for r in refs:
        home = next((c for c in groups if c.baseline and c.baseline.sentence is r.sentence), None)
        if home is None and len(groups) == 1:
            home = groups[0]
        if home and r.period:
            home.references.append(r)
            home.add(r)
        else:
            unread.append((r.sentence, r.token, "reference"))
    return groups


def _rates(groups: list[_Candidate], unread: list):
    """A rate per year ("et fald på 5 % om året") joins the candidate of its sentence, or the one
    percentage candidate; it becomes that candidate's glide path. Any other rate stays a notice."""
    for entry in [u for u in unread if u[2] == "rate"]:
        s, t, _kind = entry
        home = next((c for c in groups if s in c.sentences), None)
        percent = [c for c in groups if c.percent]
        if home is None and t.percent and len(percent) == 1:
            home = percent[0]
        if home is not None and home.rate is None:
            home.rate = (s, t)
            if s not in home.sentences:
                home.sentences.append(s)
            unread.remove(entry)


def _glide_path(c: _Candidate) -> tuple[dict, str]:
    """(glide path, note). A fall towards a halving is relative (5 % of the share a year); otherwise a
    percentage rate is read as points a year, as a change is, and the note asks to check it."""
    s, t = c.rate
    sign = -1 if DOWN_WORDS.search(s.text[max(0, t.start - 40):t.start]) else 1
    relative = c.halving is not None
    note = "" if relative or not t.percent else _(
        "»%(text)s« a year read as percentage points a year (absolute glide path): check it") % {"text": t.text.strip()}
    return {"kind": "relative" if relative else "absolute", "rate": sign * as_json_number(t.value)}, note


def _target(c: _Candidate, t: Said):
    same = [x for x in c.targets if x.token.value == t.token.value and x.period == t.period and x.role == t.role]
    if not same:
        c.targets.append(t)
    c.add(t)


def _source(texts: dict[str, str]) -> str:
    for column in ("method", "status"):
        m = _SOURCE.search(texts.get(column, ""))
        if m:
            return m.group(1).strip()[:300]
    return ""


def _name(c: _Candidate, title: str) -> str:
    ordered = sorted(c.sentences, key=lambda s: s.column != "target")
    for s in ordered:
        text = re.sub(r"^\s*(?:delmål\s*\d*:|\d+\))\s*", "", s.text, flags=re.IGNORECASE)
        m = next((m for rx in _NAME_ENDS if (m := rx.search(text))), None)
        name = text[:m.start()].strip(" ,;:-") if m else ""
        if len(name.split()) >= 3 and not name[:1].isdigit() and not any(p.text in name for p in s.periods):
            return name[:200]
    return title[:200]


def _item(c: _Candidate, title: str, method: str, source: str) -> dict:
    unit = ""
    for x in ([c.baseline] if c.baseline else []) + c.targets:
        unit = unit_of(x.sentence, x.token)
        if unit:
            break
    if c.halving and not unit:
        unit = "%"
    numbers = [x.token.value for x in ([c.baseline] if c.baseline else []) + c.targets + c.references]
    item = {"name": _name(c, title), "kind": "numeric", "unit": unit,
            "decimals": min(6, max([decimals_of(v) for v in numbers] or [0])),
            "direction": _direction(c)}
    if method:
        item["method"] = method
    if source:
        item["source"] = source
    status = [s.text for s in c.sentences if s.column == "status"]
    goals = [s.text for s in c.sentences if s.column == "target"]
    if status:
        item["baseline_text"] = "\n".join(status)
    if goals:
        item["target_text"] = "\n".join(goals)
    targets = [_target_item(t) for t in c.targets]
    if c.halving:
        s, phrase, period = c.halving
        targets.append({**({"origin": "national"} if _NATIONAL.search(s.text) else {}),
                        **({"period": period} if period else {}), "change": -50, "change_unit": "percent",
                        "text": phrase})
    item["targets"] = targets
    if c.rate:
        item["glide_path"] = _glide_path(c)[0]
    if c.baseline:
        b = c.baseline
        item["measurements"] = [{"baseline": True, **({"period": b.period} if b.period else {}),
                                 "value": as_json_number(b.token.value), **({"source": source} if source else {})}]
    if c.references:
        item["references"] = [{"name": _("National average"), "kind": "national", "values": [
            {"period": r.period, "value": as_json_number(r.token.value)} for r in c.references]}]
    item["evidence"] = "\n".join(s.text for s in c.sentences)
    return item


def _target_item(t: Said) -> dict:
    out = {"kind": "interim"} if t.role == "interim" else {}
    if t.period:
        out["period"] = t.period
    if t.role == "change":
        out.update(change=t.sign * as_json_number(t.token.value), change_unit="points", text=t.phrase)
        if t.token.percent and not t.token.points:
            out["note"] = _("»%« may mean per cent or percentage points; read as percentage points: check it")
    else:
        out["value"] = as_json_number(t.token.value)
        if t.bound:
            out["bound"] = t.bound
    return out


def _direction(c: _Candidate) -> str:
    start = c.baseline.token.value if c.baseline else None
    for t in sorted(c.targets, key=lambda t: t.role != "target"):
        if t.role == "change":
            return "down" if t.sign < 0 else "up"
        if start is not None and t.token.value != start:
            return "down" if t.token.value < start else "up"
    if c.halving:
        return "down"
    return direction_words(" ".join(s.text for s in c.sentences))


_ORDER = ("key", "name", "kind", "scale", "unit", "decimals", "direction", "method", "source", "baseline_text",
          "target_text", "glide_path", "targets", "measurements", "references", "evidence", "needs_scale")


def _ordered(item: dict) -> dict:
    return {k: item[k] for k in _ORDER if k in item and item[k] not in (None, "", [])}


def _unread_notices(code: str, unread) -> list[str]:
    by_sentence: dict[int, tuple[Sentence, list[Token]]] = {}
    for s, t, _why in unread:
        by_sentence.setdefault(id(s), (s, []))[1].append(t)
    out = []
    for s, tokens in by_sentence.values():
        out.append(_("%(code)s, column %(column)s: %(numbers)s not proposed as a baseline or target "
                     "(»%(sentence)s«); add it in the preview if it is one") % {
            "code": code, "column": COLUMN_NAMES.get(s.column, s.column),
            "numbers": ", ".join(t.text.strip() for t in tokens), "sentence": s.text[:160]})
    return out


COLUMN_NAMES = {"status": "Status", "target": "Mål og måltal", "method": "Målemetode"}
