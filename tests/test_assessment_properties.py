"""Properties of the assessment rules that must hold for any numbers (hypothesis)."""

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from pejling.assessment.engine import Goal, IndicatorFacts, Observation, assess_indicator
from pejling.assessment.series import progress
from pejling.assessment.trajectory import Point, expected_value

values = st.floats(min_value=-1000, max_value=1000, allow_nan=False, allow_infinity=False)
BASE = date(2019, 12, 31)


def facts(baseline, target, observations, direction):
    obs = [Observation(BASE, "2019", baseline, is_baseline=True)] + [
        Observation(BASE + timedelta(days=d), "x", v) for d, v in observations]
    return IndicatorFacts("p", "p", direction=direction, observations=obs,
                          goals=[Goal(BASE + timedelta(days=730), target)])


@given(values, values, values, st.floats(min_value=0.001, max_value=100), st.sampled_from(["up", "down"]))
def test_it_never_improves_the_colour_when_a_measurement_gets_worse(baseline, target, value, worse_by, direction):
    sign = 1 if direction == "up" else -1
    good = assess_indicator(facts(baseline, target, [(365, value)], direction), BASE + timedelta(days=400))
    bad = assess_indicator(facts(baseline, target, [(365, value - sign * worse_by)], direction),
                           BASE + timedelta(days=400))
    assert bad.colour.severity >= good.colour.severity


@given(values, values)
def test_it_says_100_percent_exactly_at_target(baseline, target):
    if baseline != target:
        assert progress(baseline, target, target) == 1


@given(st.lists(st.tuples(st.integers(min_value=1, max_value=3000), values), min_size=1, max_size=6,
                unique_by=lambda t: t[0]), values)
def test_it_passes_through_every_dated_target(targets, baseline):
    points = [Point(BASE + timedelta(days=d), v) for d, v in targets]
    for p in points:
        assert expected_value(Point(BASE, baseline), points, p.when) == p.value


@given(st.lists(st.tuples(st.integers(min_value=1, max_value=1500), values), min_size=1, max_size=6,
                unique_by=lambda t: t[0]), values, values, st.randoms())
def test_it_does_not_depend_on_the_order_measurements_were_entered(observations, baseline, target, rnd):
    shuffled = list(observations)
    rnd.shuffle(shuffled)
    as_of = BASE + timedelta(days=1600)
    a = assess_indicator(facts(baseline, target, observations, "up"), as_of)
    b = assess_indicator(facts(baseline, target, shuffled, "up"), as_of)
    assert (a.colour, a.series[0].latest, a.alerts) == (b.colour, b.series[0].latest, b.alerts)
    assert (a.trend is None) == (b.trend is None)
    if a.trend:
        assert abs(a.trend.slope_per_year - b.trend.slope_per_year) <= 1e-6 * (1 + abs(a.trend.slope_per_year))
