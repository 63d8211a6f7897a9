"""Honest charts: the axis domain, the legend and the drawn layers for a share, a count, a limit, a
glide path and a reference with one value (one spec for the web page and every report)."""

from datetime import date

import pytest

from pejling.plans.models import Indicator, Strategy
from pejling.reports.charts import indicator_chart
from pejling.tracking.status import strategy_status

pytestmark = pytest.mark.usefixtures("demo")


def chart(slug, key, as_of):
    status = strategy_status(strategy=Strategy.objects.get(slug=slug), as_of=as_of)
    results = {r.key: r for fa in status.focus_areas for s in fa.initiatives for r in s.indicators}
    results.update({r.key: r for r in status.effect_goals})
    indicator = Indicator.objects.prefetch_related("measurements", "targets", "references__values").get(
        strategy__slug=slug, key=key)
    return indicator_chart(indicator, results[key])


def legend(c):
    return c.spec["layer"][0]["encoding"]["color"]["scale"]["domain"]


def marks(c):
    return {r["mark"] for r in c.spec["data"]["values"]}


def y_scale(c):
    return c.spec["layer"][0]["encoding"]["y"]["scale"]


def test_a_share_starts_at_zero_and_draws_the_glide_path_beside_its_targets():
    # Ringsted #6: NEET 7,2 % → 6,9 % → 6,5 %, and "halved by 2030" as 5 % a year
    c = chart("ringsted-uddannelse-til-alle-unge", "r6-neet", date(2021, 12, 31))
    assert y_scale(c)["zero"] is True
    assert legend(c) == ["Målt", "Forventet forløb", "Glidebane"]
    glide = [r["v"] for r in c.spec["data"]["values"] if r["line"] == "Glidebane"]
    assert glide[0] == 7.2 and round(glide[1], 2) == 6.84


def test_a_count_starts_at_zero_and_a_breakdown_does_not_start_at_an_invented_zero():
    c = chart("holstebro-partnerskab-ungestrategier", "h4-5-ssp", date(2013, 12, 31))
    assert y_scale(c)["zero"] is True and "aksen starter ikke" not in c.description
    retention = chart("holstebro-partnerskab-ungestrategier", "h3-3-fastholdelse", date(2013, 12, 31))
    nydanske = [r for r in retention.spec["data"]["values"] if r["line"] == "Nydanske"]
    assert [r["period"] for r in nydanske] == ["2012", "2013"]  # measured 2012 and 2013, no 2010 zero


def test_a_limit_is_a_horizontal_line_without_an_expected_course():
    c = chart("holstebro-partnerskab-ungestrategier", "h3-2-omvalg", date(2013, 12, 31))
    assert "Forventet forløb" not in legend(c) and "Grænse: højst" in legend(c)
    limit = [r["v"] for r in c.spec["data"]["values"] if r["line"] == "Grænse: højst"]
    assert limit == [15, 15]
    assert {"measured", "limit", "start"} <= marks(c) and "target" not in marks(c)


def test_a_scale_that_does_not_start_at_zero_says_so():
    c = chart("ringsted-uddannelse-til-alle-unge", "r10-karakterer", date(2021, 12, 31))
    assert y_scale(c)["zero"] is False
    assert "aksen starter ikke ved 0" in c.spec["layer"][0]["encoding"]["y"]["title"]
    assert c.description.endswith("Aksen starter ikke ved 0.")


def test_a_reference_with_one_value_is_a_labelled_marker():
    c = chart("ringsted-uddannelse-til-alle-unge", "r2-fravaer", date(2021, 12, 31))
    national = [r for r in c.spec["data"]["values"] if r["line"] == "Landsgennemsnit"]
    assert len(national) == 1 and national[0]["mark"] == "reference"
    assert national[0]["label"].startswith("Landsgennemsnit ")
    assert any(layer.get("transform") == [{"filter": "datum.label != ''"}] for layer in c.spec["layer"])
    assert "<svg" in c.svg


def test_a_distribution_is_drawn_beside_a_comparison_group_in_every_period():
    # Ringsted #1: red/yellow/green position, 33/78/330 children at the baseline; a school's counts beside it
    from pejling.tracking.models import Measurement

    indicator = Indicator.objects.get(strategy__slug="ringsted-uddannelse-til-alle-unge", key="r1-position")
    levels = {lv.code: lv for lv in indicator.scale.levels.all()}
    for period, counts in (("2019-H1", {"roed": 2, "gul": 8, "groen": 30}), ("2020-H1", {"roed": 4, "gul": 6, "groen": 40})):
        for code, value in counts.items():
            m = Measurement(indicator=indicator, period=period, level=levels[code], value=value,
                            breakdown="Nørretofte Skole", is_baseline=period == "2019-H1")
            m.full_clean(validate_constraints=False)
            m.save()
    c = chart("ringsted-uddannelse-til-alle-unge", "r1-position", date(2021, 12, 31))
    bars = c.spec["layer"][0]["encoding"]
    assert bars["xOffset"] == {"field": "group", "type": "nominal", "sort": ["I alt", "Nørretofte Skole"]}
    assert bars["opacity"]["scale"]["domain"] == ["I alt", "Nørretofte Skole"]  # the groups' legend
    assert bars["color"]["scale"]["domain"] == ["Rød position", "Gul position", "Grøn position"]
    assert c.spec["transform"][0]["groupby"] == ["bar", "group"]  # each group stacks to 100 % on its own
    school = {(r["bar"], r["level"]): r["v"] for r in c.spec["data"]["values"] if r["group"] == "Nørretofte Skole"}
    assert school[("Baseline 1. halvår 2019", "Grøn position")] == 75.0  # 30 of 40
    assert school[("1. halvår 2020", "Rød position")] == 8.0  # 4 of 50
    assert "Sammenlignet med Nørretofte Skole." in c.description
    assert ("Rød position (Nørretofte Skole)", "1. halvår 2020", 8.0) in c.rows  # the table under the chart

    # The public sees no period of the group whose counts hold a number below 5 (2 and 4 children)
    status = strategy_status(strategy=indicator.strategy, as_of=date(2021, 12, 31))
    result = next(r for fa in status.focus_areas for s in fa.initiatives for r in s.indicators if r.key == indicator.key)
    indicator = Indicator.objects.prefetch_related("measurements", "targets").get(pk=indicator.pk)
    public = indicator_chart(indicator, result, public=True)
    assert not any(r["group"] == "Nørretofte Skole" for r in public.spec["data"]["values"])
    assert "opacity" not in public.spec["layer"][0]["encoding"]


@pytest.mark.django_db
def test_a_chart_draws_the_total_and_five_groups_and_says_how_many_it_leaves_to_the_table():
    """Twelve schools would repeat colours (and 1,250 made a 17 MB picture): the total and the first five
    groups are drawn, each in its own colour, and the text alternative says the rest are in the table."""
    from pejling.tracking.services import measurement_record

    indicator = Indicator.objects.get(strategy__slug="holstebro-partnerskab-ungestrategier", key="h4-5-ssp")
    for n in range(12):
        measurement_record(indicator=indicator, period="2013", value=n + 1, breakdown=f"Skole {n:02d}")
    c = chart("holstebro-partnerskab-ungestrategier", "h4-5-ssp", date(2013, 12, 31))
    drawn = [name for name in legend(c) if name.startswith("Skole")]
    assert drawn == ["Skole 00", "Skole 01", "Skole 02", "Skole 03", "Skole 04"]
    colours = c.spec["layer"][0]["encoding"]["color"]["scale"]["range"]
    assert len(set(colours[:6])) == 6
    assert "Grafen viser 5 af de 12 grupper; tabellen over målinger viser dem alle." in c.description
    assert not any(r[0] == "Skole 05" for r in c.rows)


@pytest.mark.django_db
def test_the_five_groups_drawn_are_five_measured_up_to_the_date():
    """Groups first measured after the date take no colour and no place among the five: the chart as of
    2013 draws five groups measured by then, and counts only those measured by then."""
    from pejling.tracking.services import measurement_record

    indicator = Indicator.objects.get(strategy__slug="holstebro-partnerskab-ungestrategier", key="h4-5-ssp")
    for n in range(3):
        measurement_record(indicator=indicator, period="2016", value=n + 1, breakdown=f"Skole {n:02d}")
    for n in range(3, 9):
        measurement_record(indicator=indicator, period="2013", value=n + 1, breakdown=f"Skole {n:02d}")
    c = chart("holstebro-partnerskab-ungestrategier", "h4-5-ssp", date(2013, 12, 31))
    drawn = [name for name in legend(c) if name.startswith("Skole")]
    assert drawn == ["Skole 03", "Skole 04", "Skole 05", "Skole 06", "Skole 07"]
    assert "Grafen viser 5 af de 6 grupper; tabellen over målinger viser dem alle." in c.description
    later = chart("holstebro-partnerskab-ungestrategier", "h4-5-ssp", date(2016, 12, 31))
    assert [n for n in legend(later) if n.startswith("Skole")] == [f"Skole {n:02d}" for n in range(5)]
    assert "Grafen viser 5 af de 9 grupper" in later.description


@pytest.mark.django_db
def test_groups_are_listed_as_people_read_them_numbers_by_value(client):
    from pejling.assessment.limits import group_order
    from pejling.tracking.selectors import indicator_groups
    from pejling.tracking.services import measurement_record

    assert sorted(["Skole 10", "Skole 2", "skole 1", "Nydanske", "Skole 2b"], key=group_order) == [
        "Nydanske", "skole 1", "Skole 2", "Skole 2b", "Skole 10"]
    indicator = Indicator.objects.get(strategy__slug="holstebro-partnerskab-ungestrategier", key="h4-5-ssp")
    for name in ("Skole 10", "Skole 9", "Skole 1"):
        measurement_record(indicator=indicator, period="2013", value=3, breakdown=name)
    c = chart("holstebro-partnerskab-ungestrategier", "h4-5-ssp", date(2013, 12, 31))
    assert [n for n in legend(c) if n.startswith("Skole")] == ["Skole 1", "Skole 9", "Skole 10"]
    assert indicator_groups(indicator=Indicator.objects.get(pk=indicator.pk)) == ["Skole 1", "Skole 9", "Skole 10"]
    page = client.get(f"/s/holstebro-partnerskab-ungestrategier/i/{indicator.initiative.code}/").content.decode()
    table = page[page.index(f'id="ind-{indicator.key}"'):]
    assert table.index("<td>Skole 1</td>") < table.index("<td>Skole 9</td>") < table.index("<td>Skole 10</td>")


@pytest.mark.django_db
def test_what_a_chart_leaves_out_is_written_under_it_on_the_page_and_in_every_report(client):
    """The five groups drawn of twelve: not only the text alternative says so, but a line under the chart
    that every reader sees, on the initiative page, in the HTML/PDF report's caption and in Word."""
    from io import BytesIO

    from django.urls import reverse
    from django.utils import translation
    from docx import Document

    from pejling.reports.content import report_build
    from pejling.reports.docx import report_docx
    from pejling.reports.html import report_html
    from pejling.tracking.services import measurement_record

    slug = "holstebro-partnerskab-ungestrategier"
    indicator = Indicator.objects.get(strategy__slug=slug, key="h4-5-ssp")
    for n in range(12):
        measurement_record(indicator=indicator, period="2013", value=n + 1, breakdown=f"Skole {n:02d}")
    note = "Grafen viser 5 af de 12 grupper; tabellen over målinger viser dem alle."
    assert chart(slug, "h4-5-ssp", date(2013, 12, 31)).note == note

    page = client.get(reverse("web:initiative", args=[slug, "4.5"]), {"as_of": "2013-12-31"}).content.decode()
    assert f'<p class="chart-note small muted">{note}</p>' in page
    with translation.override("da"):
        doc = report_build(strategy=indicator.strategy, as_of=date(2013, 12, 31))
        html = report_html(doc)
        word = Document(BytesIO(report_docx(doc)))
    assert f"{indicator.name}<br>{note}</figcaption>" in html
    assert note in [p.text for p in word.paragraphs]
    # A chart that leaves nothing out says nothing
    assert chart("ringsted-uddannelse-til-alle-unge", "r6-neet", date(2021, 12, 31)).note == ""


@pytest.mark.django_db
def test_a_distribution_compared_with_two_of_three_groups_says_so():
    from pejling.tracking.models import Measurement

    indicator = Indicator.objects.get(strategy__slug="ringsted-uddannelse-til-alle-unge", key="r1-position")
    levels = {lv.code: lv for lv in indicator.scale.levels.all()}
    for school in ("Benløse Skole", "Nørretofte Skole", "Vigersted Skole"):
        for code, value in {"roed": 10, "gul": 10, "groen": 30}.items():
            m = Measurement(indicator=indicator, period="2020-H1", level=levels[code], value=value, breakdown=school)
            m.full_clean(validate_constraints=False)
            m.save()
    c = chart("ringsted-uddannelse-til-alle-unge", "r1-position", date(2021, 12, 31))
    assert c.spec["layer"][0]["encoding"]["opacity"]["scale"]["domain"] == ["I alt", "Benløse Skole", "Nørretofte Skole"]
    note = "Diagrammet sammenligner det samlede tal med 2 af de 3 grupper; tabellen over målinger viser dem alle."
    assert c.note == note and note in c.description
