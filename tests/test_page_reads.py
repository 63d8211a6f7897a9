"""A strategy's overview and chart read the strategy once per revision (status_cache.strategy_read): for a
new date, the anonymous overview costs one query, and a saved change still shows at once. Table rows
write their addresses from one reverse (web/rows._addresses), the same addresses reverse writes."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pejling.tracking import status_cache
from pejling.web import rows

pytestmark = pytest.mark.usefixtures("demo")
HOLSTEBRO = "holstebro-partnerskab-ungestrategier"
RINGSTED = "ringsted-uddannelse-til-alle-unge"


def _overview(client, slug, as_of):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(f"/s/{slug}/?as_of={as_of}")
    assert response.status_code == 200
    return response.content.decode(), len(ctx.captured_queries)


def test_an_overview_for_a_new_date_costs_one_query_once_the_worker_holds_the_strategy(client):
    _overview(client, HOLSTEBRO, "2012-06-30")  # the worker reads the strategy and its inputs
    kept, queries = _overview(client, HOLSTEBRO, "2013-06-30")
    assert queries == 1  # the strategy's revision; the page cache and the status for the date both missed
    status_cache.clear()
    cache.clear()  # the page cache
    fresh, queries_read_afresh = _overview(Client(), HOLSTEBRO, "2013-06-30")
    assert queries_read_afresh > 1
    assert kept == fresh  # the same page as from a fresh read


def test_a_focus_area_added_shows_at_once_on_the_overview_a_worker_held(client, consultant):
    page, _queries = _overview(client, RINGSTED, "2024-06-30")
    assert "Trivsel i fritiden" not in page
    response = consultant.post(reverse("web:focus-area-create", args=[RINGSTED]),
                               {"code": "7", "title": "Trivsel i fritiden", "order": "7"})
    assert response.status_code in (200, 302)
    page, _queries = _overview(client, RINGSTED, "2024-06-30")
    assert '<option value="7">7. Trivsel i fritiden</option>' in page  # the filter's list of focus areas
    assert "Trivsel i fritiden" in client.get(f"/s/{RINGSTED}/").content.decode()


def test_an_initiative_page_asks_the_strategys_revision_once_and_reads_nothing_it_does_not_show(client):
    url = f"/s/{HOLSTEBRO}/i/4.2/?as_of=2013-06-30"
    client.get(url)
    cache.clear()  # the page cache
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    asked = [q["sql"] for q in ctx.captured_queries if q["sql"].startswith('SELECT id, revision FROM "plans_strategy"')]
    assert len(asked) == 1
    assert not [q for q in ctx.captured_queries if 'FROM "plans_focusarea"' in q["sql"]]  # the strategy's areas


def test_an_unknown_strategy_is_404_on_its_overview_and_chart(client):
    assert client.get("/s/findes-ikke/?as_of=2020-01-01").status_code == 404
    assert client.get("/s/findes-ikke/graf/x.svg").status_code == 404


@pytest.mark.parametrize("code", ["4.2", "6", "9a", "1-2_b", "a/b", "#7", "ø1", "x y", "..", ".", "1?x=2", "50%"])
def test_table_addresses_are_the_ones_reverse_writes(code):
    assert rows._addresses("web:initiative", HOLSTEBRO)(code) == reverse("web:initiative", args=[HOLSTEBRO, code])
    assert rows._addresses("web:entry-delete", HOLSTEBRO, "maaling")("123") == \
        reverse("web:entry-delete", args=[HOLSTEBRO, "maaling", 123])
    assert rows._addresses("web:organisation")("gen-001") == reverse("web:organisation", args=["gen-001"])


def test_a_strategy_kept_for_its_own_people_is_not_shown_to_the_public_once_it_is_withdrawn(client, consultant):
    from pejling.plans.models import Strategy
    from pejling.plans.services import strategy_publish
    assert client.get(f"/s/{RINGSTED}/?as_of=2024-06-30").status_code == 200  # kept, and in the page cache
    strategy_publish(strategy=Strategy.objects.get(slug=RINGSTED), published=False)
    assert consultant.get(f"/s/{RINGSTED}/?as_of=2024-06-30").status_code == 200  # kept by this worker now
    assert client.get(f"/s/{RINGSTED}/?as_of=2024-06-30").status_code == 404
    assert client.get(f"/s/{RINGSTED}/").status_code == 404
    assert client.get(f"/s/{RINGSTED}/graf/x.svg").status_code == 404
    strategy_publish(strategy=Strategy.objects.get(slug=RINGSTED), published=True)
    assert client.get(f"/s/{RINGSTED}/?as_of=2024-06-30").status_code == 200


@pytest.mark.django_db
def test_an_indicators_table_shows_its_newest_rows_and_links_to_all_of_them(client, monkeypatch):
    """Thousands of rows (a group per school and month) made a page of many megabytes: the table shows
    its baselines and newest rows, says how many older ones there are, and shows them all when asked."""
    from pejling.plans.models import Indicator
    from pejling.tracking.models import Measurement

    monkeypatch.setattr(rows, "ROWS_SHOWN", 5)
    indicator = Indicator.objects.get(strategy__slug="holstebro-partnerskab-ungestrategier", key="h4-5-ssp")
    measured = Measurement.objects.filter(indicator=indicator, is_baseline=False).count()
    Measurement.objects.bulk_create([Measurement(indicator=indicator, period=str(2000 + n), value=n, breakdown="Skole")
                                     for n in range(8)])  # 2000–2007: older than every demo measurement
    url = "/s/holstebro-partnerskab-ungestrategier/i/4.5/"
    table = _measurements(client.get(url).content.decode(), "h4-5-ssp")
    older = measured + 8 - 5
    assert table.count("<tr>\n") == Measurement.objects.filter(indicator=indicator, is_baseline=True).count() + 5
    assert f"Tabellen viser de nyeste 5 rækker; {older} ældre rækker vises ikke." in table
    assert "<td>2000</td>" not in table
    assert '<a href="?alle=h4-5-ssp#ind-h4-5-ssp">Vis alle rækker</a>' in table
    every = _measurements(client.get(url, {"alle": "h4-5-ssp"}).content.decode(), "h4-5-ssp")
    assert "<td>2000</td>" in every and "vises ikke" not in every
    assert every.count("<tr>\n") == Measurement.objects.filter(indicator=indicator).count()


def _measurements(page: str, key: str) -> str:
    import re
    article = page[page.index(f'id="ind-{key}"'):]
    return re.search(r"<caption>Målinger</caption>.*?</table>", article, re.S).group(0)


@pytest.mark.django_db
def test_every_read_of_an_indicators_measurements_has_one_order_on_both_databases():
    """An undated baseline (its period unknown) comes before the dated ones in every read: the engine's,
    the initiative page's rows, the prefetch and the model's own order. PostgreSQL sorts an empty date
    last and SQLite first, so the measurement table listed them differently on the two."""
    from pejling.plans.models import Indicator
    from pejling.tracking.measurement_rows import measurement_rows
    from pejling.tracking.models import Measurement
    from pejling.tracking.selectors import initiative_page_get
    from pejling.tracking.status import _observations

    indicator = Indicator.objects.get(strategy__slug=HOLSTEBRO, key="h4-5-ssp")
    Measurement.objects.create(indicator=indicator, period="", is_baseline=True, breakdown="Zz-gruppe", value=3)
    dated = Measurement.objects.filter(indicator=indicator, is_baseline=True).exclude(period="").count()
    assert dated  # the total's baseline has a year
    expected = ["Zz-gruppe"] + [""] * dated
    assert [m.breakdown for m in Measurement.objects.filter(indicator=indicator, is_baseline=True)] == expected
    assert [r.breakdown for r in measurement_rows([indicator])[indicator.id] if r.is_baseline] == expected
    assert [o.breakdown for o in _observations(indicator.strategy, [indicator.id])[indicator.id]
            if o.is_baseline] == expected
    page = initiative_page_get(strategy_slug=HOLSTEBRO, code="4.5")
    shown = next(i for i in page.indicators.all() if i.key == "h4-5-ssp").measurements.all()
    assert [m.breakdown for m in shown if m.is_baseline] == expected
