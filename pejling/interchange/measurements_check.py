"""Checking a measurements file against its strategy, every row, before anything is written.

The rules are the entry forms' (tracking/services.py and assessment/values.py): the same periods,
the same limits on values and counts, the same milestone statuses, the same messages; the same
permissions (plans/permissions.py: a centre editor enters data only for the initiatives their unit
leads or takes part in). Every problem is collected with its place; the result is a list of
entries, each new, changed (old → new) or unchanged against what is stored. The file is read as a
stream: CHUNK_ROWS rows at a time are checked, compared and handed to the caller (who writes them,
inside one transaction, only while no row has been refused); what must be whole is kept compactly
(the identities seen, for a row written twice; the levels of a distribution's period, checked
together at the end).
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from pejling.assessment.limits import TEXT, clean_text, name_key, normalise_key, text_rule
from pejling.assessment.periods import PeriodError, parse_period
from pejling.assessment.values import counts_problem, is_percent, value_problem
from pejling.assessment.writing import NumberWritingError, read_number
from pejling.plans.models import Indicator
from pejling.plans.models.periods import period_message
from pejling.plans.permissions import can_enter_data, can_enter_goal_data
from pejling.texts.formatting import quoted_input
from pejling.texts.limits import number_writing_message, problem_message
from pejling.tracking.models import Measurement
from pejling.tracking.services import counts_message, value_message

from .measurements_entries import KEPT, Checked, Entry, marker
from .measurements_file import Table, header_key

STATUSES = {"ja": "done", "done": "done", "yes": "done", "færdig": "done", "gennemført": "done",
            "nej": "not_done", "no": "not_done", "not done": "not_done", "ikke gennemført": "not_done",
            "på vej": "on_the_way", "paa vej": "on_the_way", "on the way": "on_the_way", "i gang": "on_the_way"}
BASELINE = {"ja": True, "j": True, "yes": True, "x": True, "1": True, "sand": True, "true": True,
            "nej": False, "n": False, "no": False, "0": False, "": False, "falsk": False, "false": False}
CHUNK_ROWS = 10_000  # rows checked, compared and handed on at a time: what is held of a file
_VALUE_FIELD = Measurement._meta.get_field("value")


class _Indicators:
    """The strategy's indicators by key and by name, with who may enter data for each (asked once)."""

    def __init__(self, strategy, user):
        self.strategy, self.user = strategy, user
        found = list(Indicator.objects.filter(strategy=strategy)
                     .select_related("scale", "focus_area", "initiative__strategy")
                     .prefetch_related("scale__levels", "initiative__unit_links"))
        self.by_key = {i.key: i for i in found}
        self.by_name: dict[str, list[Indicator]] = {}
        for i in found:
            self.by_name.setdefault(name_key(i.name), []).append(i)
        self.allowed: dict[int, bool] = {}
        self.found = found

    def find(self, raw: str) -> tuple[Indicator | None, str | None]:
        raw = raw.strip()
        if not raw:
            return None, _("give the indicator's key or name")
        hit = self.by_key.get(normalise_key(raw))
        if hit is not None:
            return hit, None
        named = self.by_name.get(name_key(raw), [])
        if len(named) == 1:
            return named[0], None
        if named:
            return None, _("»%(raw)s« is the name of several indicators (%(keys)s): write the key") % {
                "raw": quoted_input(raw, 60), "keys": ", ".join(sorted(i.key for i in named))}
        return None, _("»%(raw)s« is no indicator of the strategy »%(strategy)s«: write its key or name") % {
            "raw": quoted_input(raw, 60), "strategy": self.strategy.title}

    def may_enter(self, indicator: Indicator) -> bool:
        if self.user is None:  # the operator's own command line
            return True
        if indicator.id not in self.allowed:
            self.allowed[indicator.id] = (can_enter_data(self.user, indicator.initiative) if indicator.initiative_id
                                          else can_enter_goal_data(self.user, self.strategy))
        return self.allowed[indicator.id]


def _level_finder(indicator: Indicator):
    levels = list(indicator.scale.levels.all()) if indicator.scale_id else []
    codes = {lv.code: lv for lv in levels}
    labels = {name_key(lv.label): lv for lv in levels}
    return lambda raw: codes.get(normalise_key(raw)) or labels.get(name_key(str(raw)))


def measurements_check(*, strategy, table: Table, user=None, stored: dict | None = None,
                       known_groups: dict | None = None, on_chunk=None) -> Checked:
    """Every row of `table` checked; with `stored` (tracking.bulk.stored_measurements) each entry marked
    new, changed or unchanged. `on_chunk(entries)` gets the entries of each chunk of rows, in order,
    as long as no problem has been found."""
    out = Checked()
    indicators = _Indicators(strategy, user)
    col = {f: i for f, (i, _h) in table.columns.items()}
    head = {f: h for f, (_i, h) in table.columns.items()}
    problem = out.problem
    mark = marker(out, stored, known_groups or {}) if stored is not None else None

    levels_of: dict[int, object] = {}
    # (indicator id, name_key) -> the group's spelling: the stored one, else the file's first
    spelling = {(ind, name_key(g)): g for ind, names in (known_groups or {}).items() for g in sorted(names)}
    all_levels = {(lv.code) for i in indicators.found if i.scale_id for lv in i.scale.levels.all()}
    all_labels = {name_key(lv.label) for i in indicators.found if i.scale_id for lv in i.scale.levels.all()}
    for _i, written in table.extra:  # a column that is no field must be a level of one of the scales
        if normalise_key(written) not in all_levels and name_key(written) not in all_labels:
            problem(f"{table.place(1, written)}: " + _("unknown column; the columns are Indikator, Periode, Gruppe, "
                                                        "Niveau, Værdi, Kommentar, Kilde and Baseline, or the "
                                                        "levels of a scale"))
    periods: dict[str, object] = {}
    seen: dict[tuple, dict[str, int]] = {}  # (indicator, level, baseline, group) -> period -> row
    groups: dict[tuple, list] = {}  # a distribution's period: [indicator, period, {level: count}, first, last row]

    width = max(col.values()) + 1
    c_ind, c_period = col["indicator"], col["period"]
    c_base, c_breakdown, c_level = col.get("baseline"), col.get("breakdown"), col.get("level")
    c_comment, c_source, c_value = col.get("comment"), col.get("source"), col.get("value")

    def text_of(value) -> str:
        return value if isinstance(value, str) else f"{value.normalize():f}" if isinstance(value, Decimal) else str(value)

    accepted: dict[tuple, Decimal] = {}  # files repeat their values: what was accepted once is accepted again

    def number(value, row, column, unit, *, count=False):
        """(Decimal or None, ok) through the one reading of Danish writing and the value rules."""
        key = (value, unit, count)
        if key in accepted:
            return accepted[key], True
        read_value, ok = _number(value, row, column, unit, count)
        if ok and len(accepted) < 100_000:
            accepted[key] = read_value
        return read_value, ok

    def _number(value, row, column, unit, count):
        if isinstance(value, Decimal):
            read_value, percent = value, False
        else:
            try:
                read = read_number(value)
            except NumberWritingError as exc:
                problem(f"{table.place(row, column)}: {number_writing_message(exc.code, exc.raw)}")
                return None, False
            if read is None:
                return None, True
            read_value, percent = read.value, read.percent
            if percent and not is_percent(unit):
                problem(f"{table.place(row, column)}: " + _("»%(raw)s« is a percentage, but the indicator is "
                                                            "measured in %(unit)s") % {"raw": quoted_input(value), "unit": unit or "tal"})
                return None, False
        if not count:
            code = value_problem(float(read_value), unit=unit)
            if code:
                problem(f"{table.place(row, column)}: »{quoted_input(text_of(value))}«: {value_message(code, unit)}")
                return None, False
        try:
            _VALUE_FIELD.run_validators(read_value)
        except ValidationError as exc:
            problem(f"{table.place(row, column)}: »{quoted_input(text_of(value))}«: {' '.join(exc.messages)}")
            return None, False
        return read_value, True

    def one_line(f, rule):
        """A checker of one column's texts; files repeat their texts: each is checked once."""
        texts: dict = {}

        def check(value, row):
            cleaned = texts.get(value)
            if cleaned is not None:
                return cleaned
            cleaned, code = clean_text(text_of(value).strip(), rule)
            if code:
                problem(f"{table.place(row, head[f])}: {problem_message(code)}")
            elif len(texts) < 100_000 and len(cleaned) < 200:
                texts[value] = cleaned
            return cleaned
        return check
    breakdown_of, comment_of = one_line("breakdown", text_rule("measurement", "breakdown")), one_line("comment", TEXT)
    source_of, value_text_of = one_line("source", text_rule("measurement", "source")), one_line("value", TEXT)
    found: dict = {}  # the indicator cell as written -> (indicator, why)

    chunk: list[Entry] = []

    def hand_on():
        if mark is not None:
            mark(chunk)
        else:
            for e in chunk:
                out.counts["new"] += 1
                if len(out.kept["new"]) < KEPT:
                    out.kept["new"].append(e)
        if on_chunk is not None and not out.problem_count:
            on_chunk(chunk)

    for row, cells in table.rows:
        if len(chunk) >= CHUNK_ROWS:
            hand_on()
            chunk = []
        before = out.problem_count
        if len(cells) < width:
            cells = [*cells, *[""] * (width - len(cells))]
        raw_indicator = cells[c_ind]
        hit = found.get(raw_indicator)
        if hit is None:
            hit = indicators.find(text_of(raw_indicator))
            if len(found) < 10_000:
                found[raw_indicator] = hit
        indicator, why = hit
        if why:
            problem(f"{table.place(row, head['indicator'])}: {why}")
            continue
        if not indicators.may_enter(indicator):
            why = _("you may not enter data for »%(name)s«: it belongs to an initiative your unit neither leads "
                    "nor takes part in") if indicator.initiative_id else _(
                "you may not enter data for »%(name)s«: it is a goal of the whole strategy, whose data the "
                "consultants enter")
            problem(f"{table.place(row, head['indicator'])}: " + why % {"name": indicator.key})
            continue
        base_raw = cells[c_base] if c_base is not None else ""
        is_baseline = BASELINE.get(base_raw) if isinstance(base_raw, str) else None
        if is_baseline is None:
            base_raw = header_key(text_of(base_raw))
            is_baseline = BASELINE.get(base_raw)
        if is_baseline is None:
            problem(f"{table.place(row, head['baseline'])}: " + _("»%(raw)s«: write ja or nej") % {"raw": quoted_input(base_raw)})
            is_baseline = False
        raw_period = cells[c_period]
        if raw_period.__class__ is str:
            raw_period = raw_period.strip()
        else:
            raw_period = str(int(raw_period)) if isinstance(raw_period, Decimal) and raw_period == int(raw_period) \
                else text_of(raw_period).strip()
        period = None
        if raw_period:
            period = periods.get(raw_period)
            if period is None:
                try:
                    period = parse_period(raw_period)
                except PeriodError as exc:
                    period = period_message(exc)
                periods[raw_period] = period
            if isinstance(period, str):
                problem(f"{table.place(row, head['period'])}: {period}")
                period = None
        elif not is_baseline:
            problem(f"{table.place(row, head['period'])}: " + _("Give a period, e.g. 2019, 2019-11 or 2018/19."))
        if period is not None and indicator.retired_period and not is_baseline:
            retired = periods.get(("retired", indicator.id))
            if retired is None:
                try:
                    retired = periods[("retired", indicator.id)] = parse_period(indicator.retired_period)
                except PeriodError:
                    retired = periods[("retired", indicator.id)] = False
            if retired and period.start > retired.end:
                problem(f"{table.place(row, head['period'])}: " + _(
                    "»%(name)s« was retired in %(retired)s; a measurement for %(period)s cannot be entered") % {
                    "name": indicator.key, "retired": indicator.retired_period, "period": period.text})
        breakdown = breakdown_of(cells[c_breakdown], row) if c_breakdown is not None else ""
        if breakdown:  # "skole 3" is the group "Skole 3" the indicator has, or that an earlier row named
            breakdown = spelling.setdefault((indicator.id, name_key(breakdown)), breakdown)
        comment = comment_of(cells[c_comment], row) if c_comment is not None else None
        source = source_of(cells[c_source], row) if c_source is not None else None
        raw_value = cells[c_value] if c_value is not None else ""
        raw_level = text_of(cells[c_level]).strip() if c_level is not None else ""
        if period is not None:
            p_text, p_start, p_end = period.text, period.start, period.end
        else:
            p_text, p_start, p_end = "", None, None
        made: list[Entry] = []
        if indicator.kind == "distribution":
            if indicator.id not in levels_of:
                levels_of[indicator.id] = _level_finder(indicator)
            find_level = levels_of[indicator.id]
            given = []
            if raw_level:
                level = find_level(raw_level)
                if level is None:
                    problem(f"{table.place(row, head['level'])}: " + _("Unknown scale level: %(codes)s") % {
                        "codes": quoted_input(raw_level)})
                else:
                    given.append((level, raw_value, head.get("value", "")))
            else:
                for i, written in table.extra:
                    level = find_level(written)
                    if level is not None and i < len(cells) and cells[i] not in ("", None):
                        given.append((level, cells[i], written))
                if not given and text_of(raw_value).strip():
                    problem(f"{table.place(row, head.get('level', head.get('value')))}: " + _(
                        "»%(name)s« is a distribution: give the level in the column Niveau, or one column per "
                        "level") % {"name": indicator.key})
            for level, raw, column in given:
                value, ok = number(raw, row, column, indicator.unit, count=True)
                if ok and value is not None:
                    made.append(Entry((row,), indicator, p_text, p_start, p_end, breakdown, is_baseline, level,
                                      value, comment=comment, source=source))
        else:
            if raw_level:
                problem(f"{table.place(row, head['level'])}: " + _("This indicator is not a distribution over a scale."))
            raw = raw_value.strip() if raw_value.__class__ is str else raw_value if isinstance(raw_value, Decimal) \
                else text_of(raw_value).strip()
            entry = Entry((row,), indicator, p_text, p_start, p_end, breakdown, is_baseline, None, comment=comment,
                          source=source)
            if raw == "":
                problem(f"{table.place(row, head.get('value', 'Værdi'))}: " + _("give the value"))
            elif indicator.kind == "numeric":
                entry.value, ok = number(raw, row, head.get("value"), indicator.unit)
                if ok:
                    made.append(entry)
            elif indicator.kind == "milestone":
                entry.status = STATUSES.get(name_key(text_of(raw)), "")
                if not entry.status:
                    problem(f"{table.place(row, head['value'])}: " + _(
                        "»%(raw)s« is not a milestone status: write Ja, Nej or På vej") % {"raw": quoted_input(text_of(raw))})
                else:
                    made.append(entry)
            else:
                entry.text = value_text_of(raw, row)
                made.append(entry)
        if out.problem_count > before:
            continue
        for entry in made:
            level = entry.level
            identity = (indicator.id, level.id if level is not None else None, entry.is_baseline, entry.breakdown)
            rows_of = seen.get(identity)
            if rows_of is None:
                rows_of = seen[identity] = {}
            first = rows_of.get(entry.period)
            if first is not None:
                problem(f"{table.place(row)}: " + _("the same indicator, period, group and level as row %(row)s") % {
                    "row": first})
                continue
            rows_of[entry.period] = row
            if level is not None:
                group = groups.get((indicator.id, entry.period, entry.breakdown, entry.is_baseline))
                if group is None:
                    group = groups[(indicator.id, entry.period, entry.breakdown, entry.is_baseline)] = [
                        indicator, entry.period, {}, row, row]
                group[2][level.code] = float(entry.value)
                group[3], group[4] = min(group[3], row), max(group[4], row)
            chunk.append(entry)
    hand_on()

    for indicator, period, counts, first, last in groups.values():
        code = counts_problem(counts, unit=indicator.unit)
        if code:
            place = table.place(first if first == last else f"{first}–{last}")
            problem(f"{place}: {indicator.key} {period}: {counts_message(code)}")
    return out
