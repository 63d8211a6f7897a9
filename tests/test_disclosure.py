"""No child can be singled out: a count below 5 never reaches the public, nor anything it could be
computed back from (shares, the total with the other counts, progress or gaps computed from shares).
The attack from the issue: red 3, yellow 20, green 200 for Ringsted #1, read anonymously."""

import io
import itertools
import re
from datetime import date
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from docx import Document
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from pypdf import PdfReader

from pejling.assessment.disclosure import SMALL_COUNT, disclose, hides_small, suppressed
from pejling.assessment.engine import Goal, IndicatorFacts, Level, Observation, assess_indicator
from pejling.plans.models import Indicator, Strategy
from pejling.reports.render import report_render
from pejling.reports.services import report_publish
from pejling.texts.reasons import explain, latest_and_target
from pejling.tracking.services import counts_record

RINGSTED = "ringsted-uddannelse-til-alle-unge"
LEVELS = ["roed", "gul", "groen"]
counts = st.lists(st.integers(0, 60) | st.integers(1, 4), min_size=2, max_size=5)


def what_the_public_gets(values):
    """The anonymous reader's view of one period: counts (None for "< 5"), and shares with the total
    where they may be shown."""
    d = disclose({str(i): v for i, v in enumerate(values)})
    shares = {k: 100 * v / d.total for k, v in d.counts.items()} if d.shares_shown and d.total else None
    return d, shares


@settings(max_examples=500, deadline=None)
@given(values=counts)
def test_no_suppressed_count_can_be_computed_from_what_the_public_gets(values):
    d, shares = what_the_public_gets(values)
    assert all(d.counts[k] is None for k in d.suppressed)
    for k in d.suppressed:
        # every count vector that agrees with everything shown; the suppressed cell must stay ambiguous
        hidden = sorted(d.suppressed)
        consistent = set()
        for guess in itertools.product(range(1, SMALL_COUNT), repeat=len(hidden)):
            full = {**{i: v for i, v in d.counts.items() if v is not None}, **dict(zip(hidden, guess, strict=True))}
            total = sum(full.values())
            if d.shares_shown and (d.total != total or shares != {i: 100 * v / total for i, v in full.items()}):
                continue
            consistent.add(full[k])
        assert len(consistent) > 1, (values, k)


def distribution(base, latest):
    levels = [Level("roed", "Rød", "bad"), Level("gul", "Gul", "bad"), Level("groen", "Grøn", "good")]
    obs = [Observation(date(2019, 6, 30), "2019-H1", v, level=k, is_baseline=True) for k, v in zip(LEVELS, base,
                                                                                                   strict=True)]
    obs += [Observation(date(2020, 6, 30), "2020-H1", v, level=k) for k, v in zip(LEVELS, latest, strict=True)]
    goals = [Goal(date(2021, 12, 31), v, level=k) for k, v in zip(LEVELS, [5, 15, 80], strict=True)]
    return IndicatorFacts("r1", "Position", kind="distribution", unit="børn", observations=obs, goals=goals,
                          levels=levels)


@settings(max_examples=200, deadline=None)
@given(base=st.lists(st.integers(0, 60), min_size=3, max_size=3), latest=st.lists(st.integers(0, 60), min_size=3,
                                                                                  max_size=3))
def test_nothing_computed_from_private_shares_is_said_to_the_public(base, latest):
    result = assess_indicator(distribution(base, latest), date(2020, 12, 31))
    private = any(0 < v < SMALL_COUNT for v in base + latest if v) and result.withheld_now
    said = explain(result, public=True) + latest_and_target(result, public=True) + \
        " ".join(explain(result, s, public=True) for s in result.series)
    if private:  # no share, gap, expected share or progress: only the fixed sentence with its "5"
        assert not re.search(r"\d", said.replace("under 5", "")), said
    if not any(0 < v < SMALL_COUNT for v in base + latest):
        assert not result.withheld


@pytest.fixture
def attacked(demo):
    """The issue's numbers: red 3, yellow 20, green 200 for Ringsted #1 in the first half of 2020."""
    position = Indicator.objects.get(strategy__slug=RINGSTED, key="r1-position")
    counts_record(indicator=position, period="2020-H1", counts={"roed": Decimal(3), "gul": Decimal(20),
                                                                "groen": Decimal(200)})
    return position


# 3 of 223 is 1,35 %, 20 of 223 is 8,97 %, 200 of 223 is 89,69 %; the total is 223
REVEALING = ["1,35", "1,3 %", "8,97", "89,69", "89,7", "223"]


def leaks(text):
    return [x for x in REVEALING if x in text]


def test_an_anonymous_reader_of_the_page_cannot_compute_the_3(attacked, client):
    page = client.get(reverse("web:initiative", args=[RINGSTED, "#1"]) + "?as_of=2020-12-31").content.decode()
    article = page[page.index('id="ind-r1-position"'):]
    article = article[:article.index("</article>")]
    assert "&lt; 5" in article and "20 børn" in article and "200 børn" in article
    assert leaks(article) == []
    assert "1. halvår 2020" not in article.split("Diagrammets tal som tabel")[1].split("</table>")[0]
    assert "Andelene vises ikke: et antal under 5 kunne pege et barn ud." in article
    overview = client.get(reverse("web:strategy", args=[RINGSTED]) + "?as_of=2020-12-31").content.decode()
    row = overview[overview.index(">#1<"):]
    assert leaks(row[:row.index("</tr>")]) == [] and "Fremdrift" not in row[:row.index("</tr>")]
    staff = Client()
    staff.login(username="center", password="demo")  # created by the demo loader
    inside = staff.get(reverse("web:initiative", args=[RINGSTED, "#1"]) + "?as_of=2020-12-31").content.decode()
    assert "3 børn" in inside


def test_someone_signed_in_with_another_municipality_reads_the_3_as_the_public_does(attacked, client):
    """Being signed in is not being one of the organisation's own people: a Holstebro consultant sees
    Ringsted's public pages, charts and overview as the public does."""
    from conftest import persona_client
    outsider = persona_client("holstebro_consultant")
    initiative = reverse("web:initiative", args=[RINGSTED, "#1"]) + "?as_of=2020-12-31"
    page = outsider.get(initiative).content.decode()
    article = page[page.index('id="ind-r1-position"'):]
    article = article[:article.index("</article>")]
    assert "&lt; 5" in article and ">3 børn<" not in article and leaks(article) == []
    chart = outsider.get(f"/s/{RINGSTED}/graf/r1-position.svg?as_of=2020-12-31").content.decode()
    assert chart == client.get(f"/s/{RINGSTED}/graf/r1-position.svg?as_of=2020-12-31").content.decode()
    assert "1. halvår 2020" not in chart  # the period's bars are withheld, as for the public
    overview = outsider.get(reverse("web:strategy", args=[RINGSTED]) + "?as_of=2020-12-31").content.decode()
    row = overview[overview.index(">#1<"):]
    assert leaks(row[:row.index("</tr>")]) == []
    own = persona_client("reader")  # Ringsted's own reader sees the count
    assert ">3 børn<" in own.get(initiative).content.decode()
    assert "1. halvår 2020" in own.get(f"/s/{RINGSTED}/graf/r1-position.svg?as_of=2020-12-31").content.decode()


def test_no_public_report_format_reveals_the_3(attacked, client):
    report = report_publish(strategy=Strategy.objects.get(slug=RINGSTED), as_of=date(2020, 12, 31),
                            audience="public")
    doc = report.content
    html = report_render(doc, "html").decode()
    pdf = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(report_render(doc, "pdf"))).pages)
    words = Document(io.BytesIO(report_render(doc, "docx")))
    docx = "\n".join([p.text for p in words.paragraphs] +
                     [c.text for t in words.tables for row in t.rows for c in row.cells])
    wb = load_workbook(io.BytesIO(report_render(doc, "xlsx")))
    cells = [c for ws in wb for row in ws.iter_rows(values_only=True) for c in row if c is not None]
    for name, text in (("html", html), ("pdf", pdf), ("docx", docx)):
        assert "< 5" in text.replace("&lt;", "<"), name
        assert leaks(text) == [], name
    assert "< 5" in [c for c in cells if isinstance(c, str)]
    assert not any(isinstance(c, float) and abs(c - 300 / 223) < 0.01 for c in cells)  # no 1,35 % share


def test_one_count_is_suppressed_only_for_the_public_and_only_when_it_is_a_count_of_children():
    assert hides_small("distribution", "antal", public=True)
    assert not hides_small("distribution", "antal", public=False)  # the organisation's own people
    assert not hides_small("distribution", "%", public=True)  # shares are not people
    assert not hides_small("numeric", "antal", public=True)
    hide = hides_small("distribution", "", public=True)
    assert [suppressed(v, hide=hide) for v in (0, 1, 4.9, 5, None, Decimal("3"))] == [
        False, True, True, False, False, True]
    assert not suppressed(3, hide=False)


@pytest.fixture
def small_school(demo):
    """Ringsted #1 in the first half of 2020: the total red 20, Skole A 18, Skole B 2; only Skole B's
    count is small, and it is the total's minus Skole A's."""
    from pejling.tracking.models import Measurement
    position = Indicator.objects.get(strategy__slug=RINGSTED, key="r1-position")
    counts_record(indicator=position, period="2020-H1", counts={"roed": Decimal(20), "gul": Decimal(40),
                                                                "groen": Decimal(200)})
    levels = {lv.code: lv for lv in position.scale.levels.all()}
    for school, values in (("Skole A", {"roed": 18, "gul": 30, "groen": 150}),
                           ("Skole B", {"roed": 2, "gul": 10, "groen": 50})):
        for code, value in values.items():
            m = Measurement(indicator=position, period="2020-H1", level=levels[code], value=value, breakdown=school)
            m.full_clean(validate_constraints=False)
            m.save()
    return position


def test_no_group_count_can_be_worked_out_from_the_total_and_the_other_groups(small_school, client):
    from conftest import persona_client
    url = reverse("web:initiative", args=[RINGSTED, "#1"]) + "?as_of=2020-12-31"
    chart_url = f"/s/{RINGSTED}/graf/r1-position.svg?as_of=2020-12-31"
    for reader in (client, persona_client("holstebro_consultant")):
        page = reader.get(url).content.decode()
        article = page[page.index('id="ind-r1-position"'):]
        article = article[:article.index("</article>")]
        measurements = article[article.index("Målinger"):]
        assert "Skole A" not in measurements and "Skole B" not in measurements
        assert "Grupperne vises ikke for en periode med et antal under 5" in measurements
        assert "20 børn" in measurements  # the total's counts, none of them small, are shown
        chart = reader.get(chart_url).content.decode()
        assert "Skole A" not in chart and "Skole B" not in chart
    own = persona_client("reader").get(url).content.decode()
    assert "Skole B" in own and ">18 børn<" in own
    report = report_publish(strategy=Strategy.objects.get(slug=RINGSTED), as_of=date(2020, 12, 31),
                            audience="public")
    rows = [m for m in report.content["measurements"] if m["indicator"].startswith("Børn i dagtilbud")]
    assert rows and not any(m["breakdown"] for m in rows if m["period"] == "1. halvår 2020")
    table = [r["name"] for fa in report.content["focus_areas"] for ini in fa["initiatives"]
             for group in ini["results"].values() for r in group]
    assert table and not [name for name in table if "Skole A" in name or "Skole B" in name]
    workbook = load_workbook(io.BytesIO(report_render(report.content, "xlsx")), read_only=True)
    assert not any(school in str(cell) for sheet in workbook for row in sheet.iter_rows(values_only=True)
                   for cell in row if cell for school in ("Skole A", "Skole B"))
