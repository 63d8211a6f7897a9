"""A strategy's summary as the front page shows it, stored so that the front page reads every
strategy's summary in one query instead of assessing every strategy on every request.

A stored summary carries the strategy revision and as-of date it was computed for. Every write
service bumps the revision (`plans.services.strategy_touch`), so a summary is current exactly when
both match; the others are recomputed when they are read (`summaries_current`) or ahead of time
(`summaries_refresh`, from `pejling generate` and `pejling summaries`, e.g. from cron after midnight
when every running strategy's date moves on). Nothing is written in save() or signals."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import Count, F, IntegerField, Q, Sum
from django.db.models.fields.json import KT
from django.db.models.functions import Cast, Coalesce

from pejling.assessment.colours import Colour
from pejling.assessment.engine import RollUp, worst
from pejling.assessment.reasons import Code, Reason
from pejling.plans.models import Strategy

from .models import StrategySummary
from .status import StrategyStatus
from .status_cache import strategy_status_cached

FORMAT = 1  # bump when the stored shape changes: older rows are then recomputed


@dataclass(frozen=True)
class InitiativeLine:
    """An initiative on the front page's lists: what needs attention or an update."""
    code: str
    title: str
    colour: Colour
    manual: bool
    alerts: list[Reason]
    stale: list[tuple[str, Reason]]  # (indicator name, why it is out of date)


@dataclass(frozen=True)
class Summary:
    summary: RollUp        # initiatives, as the strategy overview counts them
    goals_summary: RollUp  # effect goals
    closed_count: int
    attention: list[InitiativeLine]
    outdated: list[InitiativeLine]

    @property
    def goals_counted(self) -> int:
        """How many effect goals the strategy has (0: the pages say nothing of effect goals)."""
        return sum(self.goals_summary.counts.values())


def _reason(r: Reason) -> dict:
    return r.as_dict()


def _unreason(d: dict) -> Reason:
    return Reason(Code(d["code"]), d.get("params", {}))


def _counts(rollup: RollUp) -> dict:
    return {c.value: n for c, n in rollup.counts.items()}


def _rollup(counts: dict) -> RollUp:
    full = {c: counts.get(c.value, 0) for c in Colour}
    return RollUp(worst([c for c, n in full.items() if n]), full)


def summary_data(status: StrategyStatus) -> dict:
    """The stored (JSON) form of what the front page shows of one strategy's status."""
    counted = [ini for fa in status.focus_areas for ini in fa.initiatives if ini.counted]

    def line(ini):
        return {"code": ini.initiative.code, "title": ini.initiative.title, "colour": ini.colour.value,
                "manual": bool(ini.manual), "alerts": [_reason(a) for a in ini.alerts],
                "stale": [[r.name, _reason(r.stale)] for r in ini.stale]}

    return {"v": FORMAT, "counts": _counts(status.summary), "goals": _counts(status.goals_summary),
            "closed": status.closed_count,
            "attention": [line(i) for i in counted if i.alerts or i.colour.value == "red"],
            "outdated": [line(i) for i in counted if i.stale]}


def _summary(data: dict) -> Summary:
    def line(d):
        return InitiativeLine(d["code"], d["title"], Colour(d["colour"]), d["manual"],
                              [_unreason(a) for a in d["alerts"]], [(n, _unreason(r)) for n, r in d["stale"]])

    return Summary(_rollup(data["counts"]), _rollup(data["goals"]), data["closed"],
                   [line(d) for d in data["attention"]], [line(d) for d in data["outdated"]])


def _store(rows: list[StrategySummary]) -> None:
    """Upsert computed summaries; a strategy deleted meanwhile is simply skipped."""
    if not rows:
        return
    try:
        with transaction.atomic():
            StrategySummary.objects.bulk_create(rows, update_conflicts=True, unique_fields=["strategy"],
                                                update_fields=["revision", "as_of", "data"])
    except IntegrityError:
        for row in rows:
            try:
                with transaction.atomic():
                    StrategySummary.objects.update_or_create(
                        strategy_id=row.strategy_id,
                        defaults={"revision": row.revision, "as_of": row.as_of, "data": row.data})
            except IntegrityError:
                continue


def summaries_current(*, strategies: list[Strategy], today: date) -> dict[int, Summary]:
    """Each strategy's summary at its default date, keyed by strategy id: one query for those stored
    and current; the others are computed now and stored. They are stored under the revision read with
    `strategies`, so a change committed meanwhile leaves the row stale, never wrongly current."""
    return _current(strategies, today)[0]


def _is_current(strategy: Strategy, today: date, revision, as_of, version) -> bool:
    """Whether a stored summary (its revision, date and format; None when there is none) still holds."""
    return revision == strategy.revision and as_of == strategy.default_as_of(today) and version == FORMAT


def _current(strategies, today):
    stored = {row.strategy_id: row for row in StrategySummary.objects.filter(strategy__in=[s.id for s in strategies])}
    out, fresh = {}, []
    for s in strategies:
        as_of = s.default_as_of(today)
        row = stored.get(s.id)
        if row is None or not _is_current(s, today, row.revision, row.as_of, row.data.get("v")):
            row = StrategySummary(strategy_id=s.id, revision=s.revision, as_of=as_of,
                                  data=summary_data(strategy_status_cached(strategy=s, as_of=as_of)))
            fresh.append(row)
        out[s.id] = _summary(row.data)
    _store(fresh)
    return out, len(fresh)


def summaries_refresh(*, today: date, batch: int = 50) -> int:
    """Bring every stored summary up to date ahead of readers; returns how many were recomputed."""
    ids = list(Strategy.objects.order_by("id").values_list("id", flat=True))
    return sum(_current(list(Strategy.objects.filter(id__in=ids[i:i + batch])), today)[1]
               for i in range(0, len(ids), batch))


@dataclass(frozen=True)
class OrganisationTotal:
    """An organisation on a national front page: how many of its strategies the reader may read, and
    their initiatives' colours added up."""
    name: str
    slug: str
    strategies: int
    summary: RollUp


def organisation_totals(*, strategies: Q, today: date) -> list[OrganisationTotal]:
    """Every organisation with strategies that `strategies` lets through, by name, with their stored
    summaries' colour counts added up in one aggregate query. Summaries that are not current are
    computed first (none, after `pejling summaries` or any page that read them)."""
    visible = Strategy.objects.filter(strategies)
    marks = visible.order_by().only("id", "revision", "ends_on").annotate(
        s_revision=F("summary__revision"), s_as_of=F("summary__as_of"), s_version=F("summary__data__v"))
    stale = [s.id for s in marks if not _is_current(s, today, s.s_revision, s.s_as_of, s.s_version)]
    if stale:
        _current(list(Strategy.objects.filter(id__in=stale)), today)
    colours = {f"c_{c.value}": Coalesce(Sum(Cast(KT(f"data__counts__{c.value}"), IntegerField())), 0) for c in Colour}
    org = "strategy__organisation__"
    rows = StrategySummary.objects.filter(strategy__in=visible.values("id")).values(f"{org}name", f"{org}slug") \
        .annotate(n=Count("pk"), **colours).order_by(f"{org}name", f"{org}slug")
    return [OrganisationTotal(r[f"{org}name"], r[f"{org}slug"], r["n"],
                              _rollup({c.value: r[f"c_{c.value}"] for c in Colour})) for r in rows]
