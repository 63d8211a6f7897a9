"""After an entry a worker's memo of a strategy reads again only the measurements the entry changed
(plans.StrategyRevision), and after a plan edit the plan without the measurements: what it then shows is
what a fresh read of the whole strategy shows, and any other change in between makes it read the whole
strategy again."""

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from test_plan_rules import bare_form

from pejling.plans.models import Indicator, Initiative, Strategy, StrategyRevision, Target
from pejling.plans.services import plan_move, plan_save, strategy_touch
from pejling.tracking.bulk import measurements_bulk_save
from pejling.tracking.history_services import measurement_delete, plan_object_delete
from pejling.tracking.models import Measurement
from pejling.tracking.services import (
    assessment_record,
    baseline_set,
    counts_record,
    entry_token,
    measurement_record,
    milestone_status_set,
)
from pejling.tracking.status import strategy_status
from pejling.tracking.status_cache import strategy_inputs_cached, strategy_status_cached
from pejling.tracking.status_document import status_document, status_text

pytestmark = pytest.mark.django_db
HOLSTEBRO = "holstebro-partnerskab-ungestrategier"
DATES = [date(2010, 6, 30) + timedelta(days=331 * i) for i in range(8)] + [date(2015, 1, 1), date(2026, 12, 1)]


def _shown(strategy):
    """The memo's inputs for the strategy's current revision, and the queries reading them cost."""
    strategy.refresh_from_db()
    with CaptureQueriesContext(connection) as ctx:
        inputs = strategy_inputs_cached(strategy=strategy)
    return inputs, len(ctx.captured_queries)


def _same_as_a_fresh_read(strategy):
    for when in DATES:
        kept, fresh = strategy_status_cached(strategy=strategy, as_of=when), strategy_status(strategy=strategy, as_of=when)
        assert status_document(kept) == status_document(fresh), when
        assert status_text(kept) == status_text(fresh), when


def _indicator(strategy, key):
    return Indicator.objects.select_related("scale").get(strategy=strategy, key=key)


def test_each_kind_of_entry_reads_only_its_indicator_again_and_shows_what_a_fresh_read_shows(demo):
    strategy = Strategy.objects.get(slug=HOLSTEBRO)
    number, shares, milestone = (_indicator(strategy, k) for k in ("h2-4-laesning", "h3-frafald", "h2-1-kursus"))
    before, _queries = _shown(strategy)
    _same_as_a_fresh_read(strategy)
    levels = [lv.code for lv in shares.scale.levels.all()]
    entries = [
        lambda: measurement_record(indicator=number, period="2014", value=Decimal("71.5"), reason="t"),
        lambda: measurement_record(indicator=number, period="2014", value=Decimal("12.5"), reason="rettet", expected=(
            entry_token(Measurement.objects.filter(indicator=number, period="2014")))),
        lambda: counts_record(indicator=shares, period="2014", counts={c: Decimal(100 - 10 * (len(levels) - 1) if n == 0 else 10)
                                                                      for n, c in enumerate(levels)}, reason="t"),
        lambda: milestone_status_set(indicator=milestone, period="2014", status="not_done", reason="t"),
        lambda: baseline_set(measurement=Measurement.objects.filter(indicator=number, is_baseline=True).first(),
                             baseline=False, reason="t"),
        lambda: measurement_delete(measurement=Measurement.objects.get(indicator=number, period="2014"), user=None),
    ]
    for n, enter in enumerate(entries):
        enter()
        after, queries = _shown(strategy)
        assert queries == 2, n  # the revisions between, and the changed indicator's measurements
        changed = {ind.id for (ind, old, _r), (_i, new, _r2) in zip(before.indicators, after.indicators, strict=True)
                   if old is not new}
        assert len(changed) == 1 and changed <= {number.id, shares.id, milestone.id}, n
        _same_as_a_fresh_read(strategy)
        before = after


def test_several_entries_and_an_import_between_two_reads_are_read_together(demo):
    strategy = Strategy.objects.get(slug=HOLSTEBRO)
    number, milestone = _indicator(strategy, "h2-4-laesning"), _indicator(strategy, "h2-1-kursus")
    _shown(strategy)
    measurement_record(indicator=number, period="2015", value=Decimal("40"), reason="t")
    milestone_status_set(indicator=milestone, period="2015", status="done", reason="t")
    p2016 = ("2016", date(2016, 1, 1), date(2016, 12, 31))
    measurements_bulk_save(strategy_id=strategy.id, reason="import t.csv", new=[
        (number.id, *p2016[:1], *p2016[1:], False, "", None, Decimal("33.3"), "", "", "t.csv", ""),
        (number.id, *p2016[:1], *p2016[1:], False, "Piger", None, Decimal("30"), "", "", "t.csv", "")])
    _after, queries = _shown(strategy)
    assert queries == 2
    _same_as_a_fresh_read(strategy)
    assert 33.3 in [p.value for r in strategy_status_cached(strategy=strategy, as_of=date(2017, 1, 1)).focus_areas
                    for s in r.initiatives for i in s.indicators if i.key == number.key for p in i.series[0].points]


def test_any_other_change_between_means_the_whole_strategy_is_read_again(demo):
    strategy = Strategy.objects.get(slug=HOLSTEBRO)
    number = _indicator(strategy, "h2-4-laesning")
    _first, whole = _shown(strategy)
    assert whole > 5
    measurement_record(indicator=number, period="2015", value=Decimal("40"), reason="t")
    # A target changed beside the entry, as a plan edit does (its service touches the strategy, naming nothing)
    Target.objects.filter(indicator=number).update(value=Decimal("99"))
    strategy_touch(strategy.id)
    _inputs, queries = _shown(strategy)
    assert queries == whole + 1  # the revisions between, then everything
    _same_as_a_fresh_read(strategy)
    # A revision made without its row (a raw update, a restore) is read whole too
    measurement_record(indicator=number, period="2016", value=Decimal("41"), reason="t")
    Strategy.objects.filter(id=strategy.id).update(revision=strategy.revision + 5)
    assert _shown(strategy)[1] == whole + 1
    _same_as_a_fresh_read(strategy)


def test_only_the_last_revisions_are_kept_and_a_memo_older_than_them_reads_everything(demo, monkeypatch):
    monkeypatch.setattr(StrategyRevision, "KEEP", 3)
    strategy = Strategy.objects.get(slug=HOLSTEBRO)
    number = _indicator(strategy, "h2-4-laesning")
    _first, whole = _shown(strategy)
    for year in range(2015, 2020):
        measurement_record(indicator=number, period=str(year), value=Decimal(year - 1980), reason="t")
    assert StrategyRevision.objects.filter(strategy=strategy).count() == 3
    assert _shown(strategy)[1] == whole + 1  # five entries behind, three recorded
    _same_as_a_fresh_read(strategy)
    measurement_record(indicator=number, period="2020", value=Decimal("44"), reason="t")
    assert _shown(strategy)[1] == 2
    _same_as_a_fresh_read(strategy)


def _measurement_reads(ctx) -> list[str]:
    return [q["sql"] for q in ctx.captured_queries if "tracking_measurement" in q["sql"]]


def _indicators_read(sql: str) -> set[int]:
    """The indicator ids a measurement read names (its IN list), compared as numbers: 15 is not in 1615."""
    listed = re.search(r'"indicator_id" IN \(([^)]*)\)', sql)
    return {int(part) for part in listed.group(1).split(",")} if listed else set()


def _shown_reading(strategy):
    strategy.refresh_from_db()
    with CaptureQueriesContext(connection) as ctx:
        inputs = strategy_inputs_cached(strategy=strategy)
    return inputs, _measurement_reads(ctx)


def _facts_by_key(inputs):
    return {ind.key: facts for ind, facts, _retired in inputs.indicators}


def test_a_plan_edit_reads_the_plan_again_and_no_measurement(demo):
    strategy = Strategy.objects.get(slug=HOLSTEBRO)
    number = _indicator(strategy, "h2-4-laesning")
    before, _reads = _shown_reading(strategy)
    _same_as_a_fresh_read(strategy)  # the engine has derived what it keeps from every indicator's facts
    target = number.targets.filter(value__isnull=False).first()
    plan_save(form=bare_form(Target, ["value"], target, {"value": str(target.value + 7)}), strategy_id=strategy.id)
    after, reads = _shown_reading(strategy)
    assert reads == []  # the plan read again, every measurement kept from before
    old, new = _facts_by_key(before), _facts_by_key(after)
    assert new[number.key] is not old[number.key]  # its target changed
    assert new[number.key].observations is old[number.key].observations
    assert [g.value for g in new[number.key].goals] != [g.value for g in old[number.key].goals]
    unchanged = [k for k in old if k != number.key]
    assert all(new[k] is old[k] for k in unchanged)  # with what the engine derived from them
    _same_as_a_fresh_read(strategy)

    # A move, a manual colour: the same
    initiatives = Initiative.objects.filter(strategy=strategy, focus_area=number.initiative.focus_area)
    assert plan_move(item=number.initiative, siblings=initiatives, step=1, version=number.initiative.version,
                     strategy_id=strategy.id)
    assessment_record(indicator=number, period="2013", colour="red", reason="Vurderet i udvalget")
    after, reads = _shown_reading(strategy)
    assert reads == []
    _same_as_a_fresh_read(strategy)
    assert [i.id for i, _m, _c in after.initiatives] != [i.id for i, _m, _c in before.initiatives]


def test_a_plan_edit_with_an_entry_or_a_new_indicator_reads_just_their_measurements(demo):
    strategy = Strategy.objects.get(slug=HOLSTEBRO)
    number = _indicator(strategy, "h2-4-laesning")
    _shown_reading(strategy)
    with transaction.atomic():  # the indicator form with its baseline: a plan edit and an entry in one save
        plan_save(form=bare_form(Indicator, ["name"], number, {"name": "Læsning, rettet"}), strategy_id=strategy.id)
        measurement_record(indicator=number, period="2015", value=Decimal("40"), reason="t")
    after, reads = _shown_reading(strategy)
    assert len(reads) == 1 and _indicators_read(reads[0]) == {number.id}
    assert 40 in [o.value for o in _facts_by_key(after)[number.key].observations]
    _same_as_a_fresh_read(strategy)

    # An indicator the memo never saw (restored, created) is read whole, measurements and all
    copy = Indicator.objects.get(pk=number.pk)
    copy.pk, copy.id, copy.key, copy.order = None, None, "h2-4-kopi", copy.order + 1000
    copy.save()
    for m in Measurement.objects.filter(indicator=number):
        m.pk, m.id, m.indicator = None, None, copy
        m.save()
    strategy_touch(strategy.id, plan=True)
    after, reads = _shown_reading(strategy)
    assert len(reads) == 1 and _indicators_read(reads[0]) == {copy.id}
    assert len(_facts_by_key(after)["h2-4-kopi"].observations) == Measurement.objects.filter(indicator=copy).count() > 0
    _same_as_a_fresh_read(strategy)

    # A deleted indicator is gone from what the memo holds, the others' measurements kept
    plan_object_delete(obj=copy, user=None, reason="t")
    after, reads = _shown_reading(strategy)
    assert reads == [] and "h2-4-kopi" not in _facts_by_key(after)
    _same_as_a_fresh_read(strategy)
