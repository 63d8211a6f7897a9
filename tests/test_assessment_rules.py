"""Holstebro's colour code for every kind of goal: milestones, limits, relative targets, forecasts,
stale data and manual colours. Examples with the seeds' numbers, then properties over any input."""

from dataclasses import replace
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from pejling.assessment.colours import Colour
from pejling.assessment.engine import Goal, IndicatorFacts, Manual, Observation, assess_indicator, manual_for
from pejling.assessment.freshness import is_stale, next_period_end
from pejling.assessment.reasons import Code, Rule
from pejling.assessment.trajectory import Point
from pejling.texts.reasons import explain, target_text

START, DUE = date(2010, 1, 1), date(2013, 12, 31)
days = st.integers(min_value=0, max_value=6 * 365)


def milestone(reports, target=None, start=START, due=DUE):
    obs = [Observation(when, when.isoformat(), value, status=status) for when, status, value in reports]
    return IndicatorFacts("m", "Milepæl", kind="milestone", observations=obs, goals=[Goal(due, target)], start=start)


def numeric(base, values, goal: Goal, unit="%", direction="none"):
    obs = [Observation(date(2010, 12, 31), "2010", base, is_baseline=True)] + [
        Observation(date(y, 12, 31), str(y), v) for y, v in values.items()]
    return IndicatorFacts("n", "Tal", unit=unit, direction=direction, observations=obs, goals=[goal])


# --- Examples from the seeds -------------------------------------------------------------------

def test_a_no_is_never_green_and_the_deadline_day_counts():
    # Holstebro 2.4 "Første kursus for nydanske forældre er afholdt": Nej in 2013, due 2013
    nej = milestone([(date(2011, 12, 31), "not_done", None), (date(2013, 12, 31), "not_done", None)])
    result = assess_indicator(nej, DUE)
    assert (result.colour, result.reason.code, result.rule) == (Colour.RED, Code.MILESTONE_NOT_DONE_AT_DUE,
                                                               Rule.MILESTONE)
    assert explain(result) == "Ikke gennemført ved fristen 31. december 2013"


def test_the_50_volunteers_are_not_green_with_20_done():
    # Holstebro 4.5: 20 of 50 volunteers, "På vej" in 2013: the evaluator wrote it was not implemented as planned
    volunteers = milestone([(date(2012, 12, 31), "", 20), (date(2013, 12, 31), "on_the_way", 20)], target=50)
    result = assess_indicator(volunteers, DUE)
    assert result.colour == Colour.RED
    assert explain(result) == "20 af 50 ved fristen 31. december 2013: ikke nået"


def test_a_later_no_outweighs_an_earlier_number():
    # Holstebro 4.3: 12 role models in 2011, the corps dissolved ("Nej") in 2013
    corps = milestone([(date(2011, 12, 31), "", 12), (date(2013, 12, 31), "not_done", None)], target=10)
    assert assess_indicator(corps, date(2012, 6, 30)).colour == Colour.GREEN
    assert assess_indicator(corps, DUE).colour == Colour.RED


def test_a_ceiling_has_no_trajectory():
    # "under klyngens 5,1 %": a share that should stay low is not expected to rise to 5,1
    facts = numeric(3.0, {2011: 3.4, 2012: 5.6}, Goal(DUE, 5.1, bound="ceiling"))
    early, late, end = (assess_indicator(facts, d) for d in (date(2011, 12, 31), date(2012, 12, 31), DUE))
    assert (early.colour, early.rule, early.series[0].path) == (Colour.GREEN, Rule.LIMIT, [])
    assert early.series[0].limit == Point(DUE, 5.1)
    assert explain(early) == "3,4 %, inden for grænsen på højst 5,1 %"
    assert (late.colour, end.colour) == (Colour.YELLOW, Colour.RED)


def test_a_good_when_up_target_below_the_baseline_is_a_floor():
    # Holstebro 3.3: "60 pct. af fritidsjobbene fastholdes" with 66 % measured
    facts = numeric(66, {2012: 85}, Goal(DUE, 60), direction="up")
    result = assess_indicator(facts, DUE)
    assert (result.colour, result.series[0].bound, result.rule) == (Colour.GREEN, "floor", Rule.LIMIT)


def test_a_relative_target_is_shown_resolved_with_its_words():
    # Holstebro 2.4: "Der er en stigning på 25 pct. i forældredeltagelsen" from 75 %
    facts = numeric(75, {2013: 95}, Goal(DUE, None, change=25, change_unit="percent", period="2013",
                                         text="stigning på 25 pct."))
    result = assess_indicator(facts, DUE)
    assert result.final.value == 93.75
    assert target_text(result.targets[0], "%", 0) == "93,75 % (stigning på 25 pct.) (2013)"
    unstated = numeric(75, {}, Goal(DUE, None, change=25, change_unit="percent"))
    assert target_text(assess_indicator(unstated, DUE).targets[0], "%", 0) == "93,75 % (stigning på 25 % fra 75 %)"


def test_a_forecast_needs_two_measurements_after_the_baseline_and_stays_a_share():
    # Holstebro 3.3 retention: 66 % → 85 % in one year would forecast 198 % two years on
    one = numeric(0, {2011: 66}, Goal(date(2015, 12, 31), 90), direction="up")
    result = assess_indicator(one, date(2011, 12, 31))
    assert (result.trend, result.forecast_note.code) == (None, Code.FORECAST_NEEDS_TWO)
    two = numeric(10, {2011: 66, 2012: 85}, Goal(date(2015, 12, 31), 90), direction="up")
    trend = assess_indicator(two, date(2012, 12, 31)).trend
    assert trend.forecast == 100 and trend.clamped


def test_a_retired_indicator_has_a_trend_but_no_forecast():
    # Measured 2011 and 2012, retired, target 2015: no line drawn on to a deadline nobody follows it to
    facts = numeric(40, {2011: 50, 2012: 60}, Goal(date(2015, 12, 31), 90), direction="up")
    assert assess_indicator(facts, date(2012, 12, 31)).trend.forecast is not None
    retired = assess_indicator(replace(facts, retired=True), date(2012, 12, 31))
    assert retired.trend.slope_per_year > 0
    assert (retired.trend.forecast, retired.trend.forecast_when, retired.trend.reaches_target) == (None, None, None)
    assert retired.forecast_note is None


def test_old_data_are_marked_and_a_manual_colour_expires():
    facts = numeric(7.2, {2016: 6.5}, Goal(date(2030, 12, 31), 3.6), direction="down")
    facts.manual = [Manual(date(2016, 8, 1), date(2017, 7, 31), "2016/17", Colour.GREEN, "Vurderet af konsulent")]
    in_2017, in_2026 = assess_indicator(facts, date(2017, 12, 31)), assess_indicator(facts, date(2026, 11, 23))
    assert (in_2017.stale, in_2017.colour, in_2017.rule) == (None, Colour.GREEN, Rule.MANUAL)
    assert in_2026.stale.code == Code.STALE and in_2026.manual is None
    assert in_2026.manual_expired.period == "2016/17" and in_2026.colour == in_2026.computed


# --- Properties ------------------------------------------------------------------------------

statuses = st.sampled_from(["", "done", "on_the_way", "not_done"])
reports = st.lists(st.tuples(days, statuses, st.none() | st.integers(0, 80)), max_size=5)


@settings(max_examples=300, deadline=None)
@given(reports=reports, target=st.none() | st.integers(1, 60), offset=days)
def test_a_milestone_is_green_only_when_done_or_on_its_way_in_time(reports, target, offset):
    rows = sorted({START + timedelta(days=d): (s, v) for d, s, v in reports}.items())
    facts = milestone([(when, s, v) for when, (s, v) in rows], target=target)
    as_of = START + timedelta(days=offset)
    result = assess_indicator(facts, as_of)
    seen = [(s, v) for when, (s, v) in rows if when <= as_of and (s or v is not None)]
    status, value = seen[-1] if seen else ("", None)
    reached = target is not None and value is not None and value >= target
    if result.colour == Colour.GREEN:
        assert status == "done" or reached or (as_of < DUE and (status == "on_the_way" or value is not None))
    if as_of >= DUE and status != "done" and not reached:
        if status or (value is not None and target is not None):
            assert result.colour == Colour.RED
        else:  # nobody reported: unknown, and listed as missing an update
            assert result.colour == Colour.NONE and result.stale is not None
    if status == "not_done" and value is None:
        assert result.colour != Colour.GREEN


@settings(max_examples=300, deadline=None)
@given(base=st.floats(0, 100), latest=st.floats(0, 100), limit=st.floats(0, 100),
       bound=st.sampled_from(["ceiling", "floor"]),
       offset=st.integers(729, 5 * 365))  # from the day of the 2011 measurement
def test_a_limit_is_green_on_its_right_side_and_red_only_from_its_deadline(base, latest, limit, bound, offset):
    facts = numeric(base, {2011: latest}, Goal(DUE, limit, bound=bound))
    as_of = START + timedelta(days=offset)
    result = assess_indicator(facts, as_of)
    kept = latest <= limit if bound == "ceiling" else latest >= limit
    expected = Colour.GREEN if kept else (Colour.YELLOW if as_of < DUE else Colour.RED)
    assert result.colour == expected and result.series[0].path == [] and result.glide == []


@settings(max_examples=300, deadline=None)
@given(values=st.lists(st.floats(0, 100), min_size=0, max_size=6), target=st.floats(0, 100),
       unit=st.sampled_from(["%", "børn", "personer"]))
def test_a_forecast_stays_within_what_the_unit_allows(values, target, unit):
    facts = numeric(50, {2011 + i: v for i, v in enumerate(values)}, Goal(date(2030, 12, 31), target), unit=unit,
                    direction="up")
    result = assess_indicator(facts, date(2020, 12, 31))
    if len(values) < 2:
        assert result.trend is None
    else:
        assert result.trend.forecast >= 0 and (unit != "%" or result.trend.forecast <= 100)


@settings(max_examples=200, deadline=None)
@given(newest=days, frequency=st.sampled_from(["monthly", "quarterly", "half_yearly", "yearly", "once"]),
       later=days, gap=st.integers(0, 10))
def test_staleness_comes_with_time_and_never_for_a_one_time_figure(newest, frequency, later, gap):
    end = START + timedelta(days=newest)
    as_of = end + timedelta(days=later)
    if is_stale(end, frequency, as_of):
        assert frequency != "once" and is_stale(end, frequency, as_of + timedelta(days=gap))
        assert (as_of - end).days > 31  # never within a month of the newest value
    if frequency == "yearly" and (as_of - end).days <= 366:
        assert not is_stale(end, frequency, as_of)


@settings(max_examples=200, deadline=None)
@given(year=st.integers(2010, 2030), kind=st.sampled_from(["year", "half", "quarter", "month", "school"]),
       offset=st.integers(-400, 1200))
def test_a_manual_colour_holds_for_its_period_and_the_next_only(year, kind, offset):
    start = {"year": date(year, 1, 1), "half": date(year, 7, 1), "quarter": date(year, 4, 1),
             "month": date(year, 2, 1), "school": date(year, 8, 1)}[kind]
    end = {"year": date(year, 12, 31), "half": date(year, 12, 31), "quarter": date(year, 6, 30),
           "month": date(year, 2, 28) if year % 4 else date(year, 2, 29), "school": date(year + 1, 7, 31)}[kind]
    manual = Manual(start, end, "p", Colour.YELLOW, "grund")
    as_of = start + timedelta(days=offset)
    in_force, expired = manual_for([manual], as_of)
    if as_of < start:
        assert (in_force, expired) == (None, None)
    elif as_of <= next_period_end(start, end):
        assert in_force is manual
    else:
        assert (in_force, expired) == (None, manual)
    # the next period is as long as its own, give or take the calendar
    assert abs((next_period_end(start, end) - end).days - ((end - start).days + 1)) <= 3


def test_a_change_from_the_baseline_is_not_put_on_a_group_without_a_baseline_of_its_own():
    """Holstebro 4.5, "skal falde med 25 %" from 45 young people, measured per school too: a school of 3
    was on course for the municipality's expected 34, and one of 40 would have made the indicator red.
    A group without its own baseline gets no colour and says why; with its own baseline the change is
    its own (30 → 22.5); a target with a value of its own (a share for every group) still applies."""
    falling = Goal(DUE, None, change=-25, change_unit="percent")
    obs = [Observation(date(2010, 12, 31), "2010", 45, is_baseline=True), Observation(DUE, "2013", 30),
           Observation(DUE, "2013", 3, breakdown="Skole A"), Observation(DUE, "2013", 40, breakdown="Skole B"),
           Observation(date(2010, 12, 31), "2010", 30, breakdown="Skole C", is_baseline=True),
           Observation(DUE, "2013", 20, breakdown="Skole C")]
    result = assess_indicator(IndicatorFacts("n", "Antal unge", unit="personer", direction="down",
                                             observations=obs, goals=[falling]), DUE)
    series = {s.label: s for s in result.series}
    assert series[""].colour == Colour.GREEN and series[""].expected == 33.75
    for school in ("Skole A", "Skole B"):
        assert series[school].colour == Colour.NONE and series[school].reason.code == Code.GROUP_NO_BASELINE
        assert [p.value for p in series[school].points] in ([3], [40]) and series[school].final is None  # drawn only
    assert series["Skole C"].colour == Colour.GREEN and series["Skole C"].expected == 22.5
    assert result.colour == Colour.GREEN  # Skole B's 40 against the municipality's course made it red
    assert "ingen baseline for sig selv" in explain(result, series["Skole A"])

    share = Goal(DUE, 60)  # "60 pct. af fritidsjobbene fastholdes": the same share for every group
    obs = [Observation(date(2010, 12, 31), "2010", 50, is_baseline=True), Observation(DUE, "2013", 61),
           Observation(DUE, "2013", 40, breakdown="Nydanske")]
    grouped = assess_indicator(IndicatorFacts("s", "Andel", unit="%", direction="up", observations=obs,
                                              goals=[share]), DUE)
    assert {s.label: s.colour for s in grouped.series} == {"": Colour.GREEN, "Nydanske": Colour.RED}


def _schools(goal, group_values="", unit="personer", glide=""):
    """Young people outside education (Holstebro 4.5's shape): 45 in the municipality, per school too."""
    obs = [Observation(date(2010, 12, 31), "2010", 45, is_baseline=True), Observation(DUE, "2013", 30),
           Observation(date(2010, 12, 31), "2010", 4, breakdown="Skole A", is_baseline=True),
           Observation(DUE, "2013", 3, breakdown="Skole A"),
           Observation(date(2010, 12, 31), "2010", 38, breakdown="Skole B", is_baseline=True),
           Observation(DUE, "2013", 40, breakdown="Skole B")]
    facts = IndicatorFacts("n", "Unge uden uddannelse", unit=unit, direction="down", observations=obs, goals=[goal],
                           group_values=group_values, glide_kind=glide, glide_rate=-2 if glide else None)
    result = assess_indicator(facts, DUE)
    return result, {s.label: s for s in result.series}


def test_a_count_for_the_whole_municipality_is_no_target_for_a_school():
    """"Højst 34 unge" is the municipality's ceiling: a school of 3 is not green by it, and one of 40 is not
    red by it (it made the whole indicator red). A count's groups are parts of the total: only their own
    targets, or a change in per cent from their own baseline, apply to them."""
    ceiling = Goal(DUE, 34, bound="ceiling")
    result, series = _schools(ceiling, group_values="counts")
    assert series[""].colour == Colour.GREEN
    for school in ("Skole A", "Skole B"):
        assert series[school].colour == Colour.NONE and series[school].reason.code == Code.GROUP_PART_OF_TOTAL
    assert result.colour == Colour.GREEN
    assert "gruppens antal er en del af den" in explain(result, series["Skole B"])

    # Not said, and the unit is no share: not assessed either, and the sentence says what to say
    result, series = _schools(ceiling)
    assert series["Skole B"].colour == Colour.NONE and series["Skole B"].reason.code == Code.GROUP_VALUES_UNSTATED
    assert result.colour == Colour.GREEN and "angiv på indikatoren" in explain(result, series["Skole B"])

    # Rates (an average, a rate per 1,000): the total's target is every group's, as before
    result, series = _schools(ceiling, group_values="rates", unit="pr. 1.000")
    assert series["Skole A"].colour == Colour.GREEN and series["Skole B"].colour == Colour.RED
    assert result.colour == Colour.RED

    # A fall in per cent carries over to each part, from its own baseline (38 -> 28.5: 40 is red)
    falling = Goal(DUE, None, change=-25, change_unit="percent")
    result, series = _schools(falling, group_values="counts")
    assert series["Skole B"].expected == 28.5 and series["Skole B"].colour == Colour.RED
    assert series["Skole A"].colour == Colour.GREEN
    # ... but "10 fewer" is the municipality's, not each school's
    fewer = Goal(DUE, None, change=-10, change_unit="points")
    result, series = _schools(fewer, group_values="counts")
    assert series[""].colour == Colour.GREEN and series["Skole A"].reason.code == Code.GROUP_PART_OF_TOTAL

    # A school's own target applies whatever the groups are
    own = IndicatorFacts("n", "Unge", unit="personer", direction="down", group_values="counts",
                         goals=[ceiling, Goal(DUE, 2, breakdown="Skole A")],
                         observations=[Observation(date(2010, 12, 31), "2010", 4, breakdown="Skole A", is_baseline=True),
                                       Observation(DUE, "2013", 3, breakdown="Skole A")])
    assert {s.label: s.colour for s in assess_indicator(own, DUE).series}["Skole A"] == Colour.RED


def test_a_count_s_absolute_glide_path_is_not_put_on_its_parts():
    """"2 fewer a year" from the municipality's 45 is no path for a school of 4; 5 % fewer a year is."""
    target = Goal(DUE, None, change=-25, change_unit="percent")
    _result, series = _schools(target, group_values="counts", glide="absolute")
    assert len(series[""].path) > len(series["Skole A"].path) == 2  # the baseline and the target
    _result, rated = _schools(target, group_values="rates", glide="absolute")
    assert len(rated["Skole A"].path) == len(series[""].path)
    _result, relative = _schools(target, group_values="counts", glide="relative")
    assert len(relative["Skole A"].path) == len(series[""].path)
