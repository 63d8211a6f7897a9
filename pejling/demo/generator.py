"""A synthetic installation for measuring Pejling at scale: organisations with units and users of every
role, strategies with focus areas, initiatives (some closed) and indicators of every kind (numeric with
targets, glide paths and limits, distributions, milestones, qualitative; some retired), reference
series, notes, manual assessments and years of quarterly measurements per breakdown.

Deterministic for a seed. Plans go through the ordinary import path (`strategy_import`), so they are
valid by construction; the bulk of the measurements through the one bulk service (tracking/bulk.py,
`measurements_bulk_save`: the database's own loader, one transaction per strategy, planner statistics
renewed after a large load; generated rows are trusted and get no history rows). No real person,
child or municipality: names are made up."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import connection

from pejling.assessment.periods import parse_period
from pejling.interchange.importer import strategy_import
from pejling.plans.memberships import member_add
from pejling.plans.models import Indicator, Membership, Organisation, ScaleLevel
from pejling.plans.services import strategy_publish
from pejling.tracking.bulk import measurements_bulk_save
from pejling.tracking.summaries import summaries_refresh

LAST_YEAR = 2026  # data end in its third quarter whatever the day: a seed gives the same installation every time
KINDS = ("numeric", "distribution", "milestone", "qualitative")
ROLES = ("administrator", "consultant", "centre-editor", "reader")
UNITS = ("Skolecenter", "Familieafdelingen", "UU-centret")
LEVELS = (("trives", "Trives", "good"), ("delvist", "Trives delvist", "neutral"), ("mistrives", "Mistrives", "bad"))
AREAS = ("Læring og uddannelse", "Trivsel og sundhed", "Fællesskab og fritid")
THEMES = ("fravær", "trivsel", "læsning", "overgang til ungdomsuddannelse", "fritidsjob", "sundhed",
          "inklusion", "forældresamarbejde", "sprog", "bevægelse")


@dataclass(frozen=True)
class Size:
    organisations: int = 2
    strategies_per_org: int = 2
    initiatives_per_strategy: int = 4
    indicators_per_initiative: int = 4
    years: int = 4
    breakdowns: int = 1


PRESETS = {"national": Size(98, 3, 15, 4, 10, 2), "small": Size()}


def _quarters(years: int) -> list[tuple[str, date, date]]:
    out = []
    for year in range(LAST_YEAR - years + 1, LAST_YEAR + 1):
        for q in range(1, 5 if year < LAST_YEAR else 4):
            p = parse_period(f"{year}-Q{q}")
            out.append((p.text, p.start, p.end))
    return out


def _years(years: int) -> list[tuple[str, date, date]]:
    return [(str(y), date(y, 1, 1), date(y, 12, 31)) for y in range(LAST_YEAR - years, LAST_YEAR)]


class _Plan:
    """One strategy document and the recipe for its measurements, drawn from one random stream."""

    def __init__(self, rng: random.Random, size: Size, org: dict, number: int, slug: str):
        self.rng, self.size, self.org, self.number, self.slug = rng, size, org, number, slug
        self.first = LAST_YEAR - size.years + 1
        self.series = {}  # indicator key -> (kind, start value, slope per quarter)

    def document(self) -> dict:
        ended = self.number % 3 == 2  # every third strategy has ended: shown as of its last day
        strategy = {
            "slug": self.slug, "title": f"Børne- og ungepolitik {self.number + 1} for {self.org['name']}",
            "kind": ("Politik", "Strategi", "Partnerskab")[self.number % 3],
            "starts_on": f"{self.first}-01-01", "ends_on": f"{LAST_YEAR - 1 if ended else LAST_YEAR + 2}-12-31",
            "vision": "Alle børn og unge trives, lærer og bliver en del af fællesskabet.",
            "focus_area_label": "Pejlemærke",
            "focus_areas": [{"code": str(n + 1), "title": t} for n, t in enumerate(AREAS)],
            "scales": [{"key": "trivsel", "name": "Trivselslinealen",
                        "levels": [{"code": c, "label": lb, "polarity": p} for c, lb, p in LEVELS]}],
            "notes": [{"period": str(LAST_YEAR), "title": "Status", "text": "Samlet status for året.",
                       "author_role": "Konsulent"}],
            "initiatives": [self._initiative(n) for n in range(self.size.initiatives_per_strategy)],
        }
        strategy["focus_areas"][0]["indicators"] = [self._numeric(f"effekt-{self.number}", "Effektmål: andel i trivsel",
                                                                  0)]
        return {"format": "pejling-strategy", "version": 1, "organisation": self.org, "strategy": strategy}

    def _initiative(self, n: int) -> dict:
        rng = self.rng
        ini = {"code": str(n + 1), "title": f"Indsats for {THEMES[n % len(THEMES)]} ({n + 1})",
               "focus_area": str(n % len(AREAS) + 1), "purpose": "At flere børn og unge lykkes.",
               "state": "active", "units": [{"unit": UNITS[n % len(UNITS)], "role": "lead"}],
               "roles": [{"title": "Tovholder"}],
               "notes": [{"period": str(LAST_YEAR), "text": "Indsatsen følger planen, med enkelte forsinkelser."}]}
        if n % 7 == 6:
            ini["state"] = "closed"
            ini["closed"] = {"period": str(LAST_YEAR - 1), "reason": "Indsatsen er afsluttet."}
        if n % 9 == 4:
            ini["assessments"] = [{"period": str(LAST_YEAR), "colour": rng.choice(["green", "yellow", "red"]),
                                   "reason": "Vurderet af styregruppen.", "assessed_by_role": "Styregruppe"}]
        ini["indicators"] = []
        for j in range(self.size.indicators_per_initiative):
            kind = KINDS[j % len(KINDS)]
            key = f"i{n + 1}-{j + 1}"
            name = f"{THEMES[(n + j) % len(THEMES)].capitalize()}: mål {j + 1} for indsats {n + 1}"
            made = {"numeric": self._numeric, "distribution": self._distribution, "milestone": self._milestone,
                    "qualitative": self._qualitative}[kind](key, name, n * 10 + j)
            if (n * 10 + j) % 11 == 10:
                made["retired"] = {"period": str(LAST_YEAR - 3), "reason": "Indikatoren udgår."}
            ini["indicators"].append(made)
        return ini

    def _numeric(self, key, name, serial) -> dict:
        rng = self.rng
        up = serial % 2 == 0
        # Most series move towards their target, some too slowly, a few the wrong way
        start, slope = round(rng.uniform(30, 70), 1), rng.uniform(-0.05, 0.6) * (1 if up else -1)
        self.series[key] = ("numeric", start, slope)
        ind = {"key": key, "name": name, "kind": "numeric", "unit": "%", "decimals": 1,
               "direction": "up" if up else "down", "frequency": "quarterly", "source": "Kommunens egne data",
               "measurements": [{"period": str(self.first - 1), "baseline": True, "value": start}],
               "targets": [{"period": str(LAST_YEAR + 2), "value": round(start + (10 if up else -10), 1)},
                           {"period": str(LAST_YEAR - 2), "kind": "interim",
                            "value": round(start + (4 if up else -4), 1)}],
               "references": [{"name": "Landsgennemsnit", "kind": "national", "source": "Danmarks Statistik",
                               "values": [{"period": str(y), "value": round(start + rng.uniform(-5, 5), 1)}
                                          for y in range(self.first, LAST_YEAR + 1)]}],
               "notes": [{"period": str(LAST_YEAR), "text": "Udviklingen er fulgt kvartalsvis."}]}
        if serial % 3 == 1:
            ind["glide_path"] = {"kind": "relative", "rate": 5.0 if up else -5.0}
        if serial % 5 == 3:  # a limit to stay within instead of a value to reach
            ind["targets"] = [{"value": round(start + (-15 if up else 15), 1), "bound": "floor" if up else "ceiling",
                               "text": "Må ikke overskrides."}]
        return ind

    def _distribution(self, key, name, serial) -> dict:
        self.series[key] = ("distribution", 20.0, self.rng.uniform(-0.15, 0.03))  # share of "mistrives"
        return {"key": key, "name": name, "kind": "distribution", "scale": "trivsel", "unit": "%",
                "direction": "down", "frequency": "quarterly",
                "measurements": [{"period": str(self.first - 1), "baseline": True,
                                  "values": {"trives": 50, "delvist": 30, "mistrives": 20}}],
                "targets": [{"period": str(LAST_YEAR + 2), "level": "mistrives", "change": -10,
                             "change_unit": "percent"}]}

    def _milestone(self, key, name, serial) -> dict:
        self.series[key] = ("milestone", 0, 0)
        return {"key": key, "name": name, "kind": "milestone",
                "targets": [{"period": str(LAST_YEAR + (serial % 3) - 1), "text": "Gennemført"}]}

    def _qualitative(self, key, name, serial) -> dict:
        self.series[key] = ("qualitative", 0, 0)
        return {"key": key, "name": name, "kind": "qualitative", "frequency": "yearly"}

    def measurements(self, indicators: dict[str, Indicator], levels: dict[str, int]) -> list[tuple]:
        """The strategy's measurements as tuples in tracking.bulk.NEW_FIELDS order."""
        rng, rows = self.rng, []
        quarters, years = _quarters(self.size.years), _years(self.size.years)
        groups = [""] + [f"Gruppe {chr(65 + b)}" for b in range(self.size.breakdowns)]
        for key, (kind, start, slope) in self.series.items():
            ind_id = indicators[key]
            if kind == "numeric":
                for g, group in enumerate(groups):
                    for q, (text, begin, end) in enumerate(quarters):
                        v = min(100.0, max(0.0, start + g * 2 + slope * q + rng.uniform(-1.5, 1.5)))
                        rows.append((ind_id, text, begin, end, False, group, None, Decimal(f"{v:.1f}"), "", "", "",
                                     ""))
            elif kind == "distribution":
                for g, group in enumerate(groups):
                    for q, (text, begin, end) in enumerate(quarters):
                        bad = max(2.0, start + g + slope * q + rng.uniform(-1, 1))
                        good = rng.uniform(45, 55)
                        counts = {"trives": good, "delvist": 100 - good - bad, "mistrives": bad}
                        for code, _label, _p in LEVELS:
                            rows.append((ind_id, text, begin, end, False, group, levels[code],
                                         Decimal(round(counts[code])), "", "", "", ""))  # per 100 children
            elif kind == "milestone":
                for y, (text, begin, end) in enumerate(years):
                    status = "not_done" if y < len(years) // 3 else "on_the_way" if y < len(years) - 1 else \
                        rng.choice(["done", "on_the_way"])
                    rows.append((ind_id, text, begin, end, False, "", None, None, status, "", "", ""))
            else:
                for text, begin, end in years:
                    rows.append((ind_id, text, begin, end, False, "", None, None, "",
                                 f"Status {text}: arbejdet skrider frem som planlagt.", "", ""))
        return rows


def generate(*, size: Size, seed: int, prefix: str = "gen", out=None) -> dict:
    """Make (or make anew) the installation; returns counts. `prefix` keeps several installations apart."""
    rng = random.Random(seed)
    counts = {"organisations": 0, "strategies": 0, "measurements": 0, "users": 0}
    for o in range(size.organisations):
        org_slug = f"{prefix}-{o + 1:03d}"
        org = {"slug": org_slug, "name": f"Syntetisk Kommune {prefix.upper()} {o + 1:03d}",
               "units": [{"name": u, "kind": "Center"} for u in UNITS]}
        for k in range(size.strategies_per_org):
            plan = _Plan(rng, size, org, k, f"{org_slug}-strategi-{k + 1}")
            strategy = strategy_import(document=plan.document(), source=f"generate:{seed}", replace=True)
            strategy_publish(strategy=strategy, published=k != 1)  # one strategy in three stays internal
            indicators = dict(Indicator.objects.filter(strategy=strategy).values_list("key", "id"))
            levels = dict(ScaleLevel.objects.filter(scale__strategy=strategy).values_list("code", "id"))
            created, _updated = measurements_bulk_save(strategy_id=strategy.id, new=plan.measurements(indicators, levels),
                                                       reason=f"generate:{seed}", history=False)
            counts["measurements"] += created
            counts["strategies"] += 1
        organisation = Organisation.objects.get(slug=org_slug)
        for role in ROLES:
            username = f"{org_slug}-{role}"
            if not Membership.objects.filter(user__username=username, organisation=organisation).exists():
                units = list(organisation.units.filter(name=UNITS[0])) if role == "centre-editor" else []
                member_add(organisation=organisation, username=username, role=role, units=units)
                counts["users"] += 1
        counts["organisations"] += 1
        if out:
            out(f"{org_slug}: {counts['strategies']} strategies, {counts['measurements']} measurements so far")
    from django.utils import timezone
    with connection.cursor() as cursor:
        # Fresh planner statistics for every table (the bulk service renews the measurements' own after a
        # large load): without them PostgreSQL scans, e.g. all targets for one strategy's, until autovacuum
        # gets round to it
        cursor.execute("ANALYZE")
    counts["summaries"] = summaries_refresh(today=timezone.localdate())
    return counts
