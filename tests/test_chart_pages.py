"""Charts at their own address: the initiative and goal pages show them by <img src>, never drawing
them while the page is made; the address answers the same reader, date and privacy as the page, and
a long series stays readable (the latest value written, the latest periods drawn, the table whole)."""

import re
from datetime import date
from decimal import Decimal

import pytest
from conftest import persona_client

from pejling.demo.generator import Size, generate
from pejling.plans.models import Indicator, Strategy
from pejling.plans.services import strategy_publish
from pejling.reports.charts import LABELLED_POINTS, SHOWN_PERIODS, indicator_chart
from pejling.tracking.models import Measurement
from pejling.tracking.status import strategy_status

RINGSTED = "ringsted-uddannelse-til-alle-unge"


def _images(response) -> list[str]:
    return [src.replace("&amp;", "&") for src in re.findall(r'<img src="([^"]+)"', response.content.decode())]


def test_the_initiative_page_shows_its_charts_by_address_and_the_address_draws_them(client, demo):
    page = client.get(f"/s/{RINGSTED}/i/2/?as_of=2021-12-31")
    assert page.status_code == 200
    assert b"data:image/svg+xml" not in page.content  # nothing drawn into the page itself
    assert _images(page) == [f"/s/{RINGSTED}/graf/r2-fravaer.svg?as_of=2021-12-31"]
    assert 'alt="Diagram for ' in page.content.decode()  # the text alternative stays in the page
    svg = client.get(_images(page)[0])
    assert svg.status_code == 200 and svg["Content-Type"].startswith("image/svg+xml")
    assert svg.content.startswith(b"<svg") and b"</svg>" in svg.content
    assert svg["Cache-Control"] == "private, no-cache"
    again = client.get(_images(page)[0], HTTP_IF_NONE_MATCH=svg["ETag"])
    assert again.status_code == 304  # a browser asking again for an unchanged chart gets no picture


def test_an_effect_goal_page_shows_its_chart_by_address(client, demo):
    holstebro = "holstebro-partnerskab-ungestrategier"
    page = client.get(f"/s/{holstebro}/maal/h3-frafald/")
    assert page.status_code == 200
    (src,) = _images(page)
    assert src == f"/s/{holstebro}/graf/h3-frafald.svg"
    assert client.get(src).content.startswith(b"<svg")


def test_the_chart_follows_the_date_it_is_asked_for(client, demo):
    url = "/s/holstebro-partnerskab-ungestrategier/graf/h3-frafald.svg?as_of="
    early, late = client.get(url + "2011-01-31").content.decode(), client.get(url + "2013-12-31").content.decode()
    assert early != late and late.count("<path") > early.count("<path")  # later measurements drawn too


def test_no_chart_for_an_unknown_key_a_milestone_or_a_strategy_one_may_not_read(client, demo):
    assert client.get(f"/s/{RINGSTED}/graf/findes-ikke.svg").status_code == 404
    assert client.get(f"/s/{RINGSTED}/graf/r4-pejlemaerker.svg").status_code == 404  # milestones have no chart
    assert client.get(f"/s/{RINGSTED}/graf/r2-fravaer.svg", {"as_of": "2021-12-31"}).status_code == 200
    strategy_publish(strategy=Strategy.objects.get(slug=RINGSTED), published=False)
    assert client.get(f"/s/{RINGSTED}/graf/r2-fravaer.svg").status_code == 404  # the public
    outsider = persona_client("holstebro_consultant")
    assert outsider.get(f"/s/{RINGSTED}/graf/r2-fravaer.svg").status_code == 404  # another municipality
    assert persona_client("reader").get(f"/s/{RINGSTED}/graf/r2-fravaer.svg").status_code == 200  # its own


def test_the_public_chart_leaves_out_a_group_whose_counts_hold_fewer_than_five_children(client, demo):
    indicator = Indicator.objects.get(strategy__slug=RINGSTED, key="r1-position")
    levels = {lv.code: lv for lv in indicator.scale.levels.all()}
    for period, counts in (("2019-H1", {"roed": 2, "gul": 8, "groen": 30}),
                           ("2020-H1", {"roed": 4, "gul": 6, "groen": 40})):
        for code, value in counts.items():
            m = Measurement(indicator=indicator, period=period, level=levels[code], value=value,
                            breakdown="Nørretofte Skole", is_baseline=period == "2019-H1")
            m.full_clean(validate_constraints=False)
            m.save()
    url = f"/s/{RINGSTED}/graf/r1-position.svg?as_of=2021-12-31"
    assert "Nørretofte Skole" in persona_client("consultant").get(url).content.decode()
    public = client.get(url)
    assert public.status_code == 200 and "Nørretofte Skole" not in public.content.decode()


@pytest.mark.django_db
def test_ten_years_of_quarters_stay_readable_and_the_table_keeps_every_period():
    generate(size=Size(organisations=1, strategies_per_org=1, initiatives_per_strategy=1,
                       indicators_per_initiative=2, years=10, breakdowns=1), seed=3, prefix="lang")
    strategy = Strategy.objects.get(slug="lang-001-strategi-1")
    status = strategy_status(strategy=strategy, as_of=date(2026, 11, 30))
    results = {r.key: r for fa in status.focus_areas for s in fa.initiatives for r in s.indicators}
    indicators = {ind.key: ind for ind in Indicator.objects.filter(strategy=strategy).prefetch_related(
        "measurements", "targets", "references__values", "scale__levels")}

    numeric = indicator_chart(indicators["i1-1"], results["i1-1"])
    measured = [r for r in numeric.spec["data"]["values"] if r["mark"] == "measured"]
    lines = {r["line"] for r in measured}
    assert len(measured) > LABELLED_POINTS * len(lines)  # 39 quarters and the baseline per group
    (written,) = [r for r in measured if r["shown"]]  # one number: the total's latest
    assert written["line"] == "I alt" and written["t"] == max(r["t"] for r in measured)
    assert len(numeric.rows) == len(numeric.spec["data"]["values"])  # the table: every value

    shares = indicator_chart(indicators["i1-2"], results["i1-2"])
    bars = list(dict.fromkeys(r["bar"] for r in shares.spec["data"]["values"]))
    assert bars[0].startswith("Baseline") and bars[-1].startswith("Mål")
    assert len(bars) == 1 + SHOWN_PERIODS + 1 and bars[-2] == "3. kvartal 2026"
    assert "Diagrammet viser baseline og de seneste 8 perioder; tabellen har alle 39." in shares.description
    assert {period for _s, period, _v in shares.rows} >= {"1. kvartal 2017", "3. kvartal 2026"}


def test_head_answers_like_get_and_other_methods_are_refused(client, demo):
    url = f"/s/{RINGSTED}/graf/r2-fravaer.svg"
    assert client.head(url).status_code == 200
    assert client.options(url).status_code == 405


def test_a_chart_as_of_a_date_shows_no_reference_value_or_group_from_after_it(demo):
    from pejling.tracking.models import ReferenceSeries, ReferenceValue
    strategy = Strategy.objects.get(slug="holstebro-partnerskab-ungestrategier")
    indicator = Indicator.objects.get(strategy=strategy, key="h4-2-fravaer-nydanske")  # measured 2010–2013
    series = ReferenceSeries.objects.create(indicator=indicator, name="Landsgennemsnit")
    for year, value in ((2011, 4.0), (2013, 4.5)):
        v = ReferenceValue(series=series, period=str(year), value=Decimal(str(value)))
        v.full_clean(validate_constraints=False)
        v.save()

    def drawn(as_of):
        status = strategy_status(strategy=strategy, as_of=as_of)
        result = next(r for fa in status.focus_areas for s in fa.initiatives for r in s.indicators
                      if r.key == indicator.key)
        fresh = Indicator.objects.prefetch_related("measurements", "targets", "references__values").get(
            pk=indicator.pk)
        return [r["period"] for r in indicator_chart(fresh, result).spec["data"]["values"]
                if r["line"] == "Landsgennemsnit"]
    assert drawn(date(2013, 12, 31)) == ["2011", "2013"]
    assert drawn(date(2012, 6, 30)) == ["2011"]

    position = Indicator.objects.get(strategy__slug=RINGSTED, key="r1-position")
    levels = {lv.code: lv for lv in position.scale.levels.all()}
    for group, period in (("Skole B", "2019-H1"), ("Skole C", "2019-H1"), ("Skole A", "2021-H1")):  # A later
        for code, value in {"roed": 6, "gul": 8, "groen": 30}.items():
            m = Measurement(indicator=position, period=period, level=levels[code], value=value, breakdown=group)
            m.full_clean(validate_constraints=False)
            m.save()
    status = strategy_status(strategy=position.strategy, as_of=date(2020, 12, 31))
    result = next(r for fa in status.focus_areas for s in fa.initiatives for r in s.indicators
                  if r.key == position.key)
    fresh = Indicator.objects.prefetch_related("measurements", "targets").get(pk=position.pk)
    groups = indicator_chart(fresh, result).spec["layer"][0]["encoding"]["opacity"]["scale"]["domain"]
    assert groups == ["I alt", "Skole B", "Skole C"]  # the two measured by then, not the later Skole A
