"""At scale: the generator makes the same installation for a seed, and a page's number of queries
does not depend on the size of the installation (two generated installations of different sizes)."""

from datetime import date
from decimal import Decimal
from unittest.mock import patch

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from pejling.demo.generator import Size, generate
from pejling.plans.models import Indicator, Initiative, Strategy
from pejling.tracking import status_cache
from pejling.tracking.models import Measurement, StrategySummary
from pejling.tracking.services import measurement_record
from pejling.tracking.status import strategy_status
from pejling.tracking.status_document import status_document
from pejling.tracking.summaries import summaries_refresh

TINY = Size(organisations=1, strategies_per_org=1, initiatives_per_strategy=2, indicators_per_initiative=4,
            years=2, breakdowns=1)
LARGER = Size(organisations=3, strategies_per_org=2, initiatives_per_strategy=7, indicators_per_initiative=5,
              years=3, breakdowns=2)


def _fresh():
    cache.clear()
    status_cache.clear()


def _queries(client, url):
    """Queries of one page afresh; "/?q=national" is the front page in its form for many organisations."""
    from pejling.web import pages
    summaries_refresh(today=timezone.localdate())  # as after any change: the front page reads stored summaries
    _fresh()
    many = url.startswith("/?q=national")
    with CaptureQueriesContext(connection) as ctx, patch.object(pages, "FRONT_ORGANISATIONS", 0 if many else 1000):
        response = client.get(url)
    assert (b'id="all-organisations"' in response.content) == many, url
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def _status_queries(slug):
    _fresh()
    strategy = Strategy.objects.get(slug=slug)
    with CaptureQueriesContext(connection) as ctx:
        status_document(strategy_status(strategy=strategy, as_of=strategy.default_as_of(timezone.localdate())))
    return len(ctx.captured_queries)


def _pages(org):
    slug = f"{org}-strategi-1"
    return ["/", "/?q=national", f"/o/{org}/", f"/s/{slug}/", f"/s/{slug}/i/1/", f"/s/{slug}/?as_of=2024-06-30",
            f"/s/{slug}/graf/i1-1.svg", f"/s/{slug}/graf/i1-2.svg"]  # an initiative's two charts


def _member(org):
    """A consultant of the generated organisation, signed in."""
    from django.contrib.auth import get_user_model
    from django.test import Client
    member = Client()
    member.force_login(get_user_model().objects.get(username=f"{org}-consultant"))
    return member


def _all_queries(client, org):
    counts = {url.replace(org, "ORG"): _queries(client, url) for url in _pages(org)}
    member = _member(org)
    counts |= {f"member {url.replace(org, 'ORG')}": _queries(member, url) for url in ("/", "/?q=national", f"/o/{org}/")}
    counts["status"] = _status_queries(f"{org}-strategi-1")
    return counts


@pytest.mark.django_db
def test_pages_cost_the_same_queries_in_a_small_and_a_larger_installation(client):
    generate(size=TINY, seed=5, prefix="qa")
    small = _all_queries(client, "qa-001")
    generate(size=LARGER, seed=5, prefix="qb")
    assert Strategy.objects.filter(slug__startswith="qb-").count() == 6
    assert Initiative.objects.filter(strategy__slug="qb-003-strategi-1").count() == 7
    large = _all_queries(client, "qb-003")
    assert large == small
    assert all(n > 3 for n in small.values())


@pytest.mark.django_db
def test_an_initiative_page_costs_the_same_queries_whatever_kinds_of_indicators_it_shows(client, demo):
    """The demo's initiative 4.2 has no distribution (no scale, no levels) and a generated one has: a
    prefetch through an empty relation asks nothing, so the counts differed (26 against 29)."""
    generate(size=TINY, seed=5, prefix="qe")
    holstebro = Initiative.objects.get(strategy__slug="holstebro-partnerskab-ungestrategier", code="4.2")
    generated = Initiative.objects.get(strategy__slug="qe-001-strategi-1", code="1")
    assert not holstebro.indicators.filter(kind="distribution").exists()
    assert generated.indicators.filter(kind="distribution", targets__level__isnull=False).exists()
    for slug, code in (("holstebro-partnerskab-ungestrategier", "4.2"), ("ringsted-uddannelse-til-alle-unge", "1")):
        assert _queries(client, f"/s/{slug}/i/{code}/") == _queries(client, "/s/qe-001-strategi-1/i/1/")
    assert _queries(client, "/s/holstebro-partnerskab-ungestrategier/") == _queries(client, "/s/qe-001-strategi-1/")
    assert _status_queries("holstebro-partnerskab-ungestrategier") == _status_queries("qe-001-strategi-1")


@pytest.mark.django_db
def test_a_strategy_read_once_and_assessed_for_date_after_date_shows_what_a_fresh_read_shows(demo):
    """Pages keep a strategy's inputs per revision and assess them for every "as of" date asked for (the
    engine keeps what does not depend on the date): colours, numbers and texts are those of a fresh read."""
    from datetime import date, timedelta

    from pejling.tracking.status_cache import strategy_inputs_cached, strategy_status_cached
    from pejling.tracking.status_document import status_text
    generate(size=TINY, seed=5, prefix="qf")
    for slug in ("holstebro-partnerskab-ungestrategier", "stevns-boerne-og-ungepolitik", "qf-001-strategi-1"):
        strategy = Strategy.objects.get(slug=slug)
        inputs = strategy_inputs_cached(strategy=strategy)
        # Months apart, and days apart (many dates between the same two measurements, and across one)
        dates = [date(2010, 1, 1) + timedelta(days=173 * i) for i in range(36)]
        dates += [date(2012, 11, 20) + timedelta(days=9 * i) for i in range(12)]
        for when in dates + dates[::-1]:
            kept = strategy_status_cached(strategy=strategy, as_of=when)
            fresh = strategy_status(strategy=strategy, as_of=when)
            assert status_document(kept) == status_document(fresh), (slug, when)
            assert status_text(kept) == status_text(fresh)
        assert strategy_inputs_cached(strategy=strategy) is inputs


@pytest.mark.django_db
def test_an_initiative_assessed_on_its_own_is_what_the_whole_strategy_says_of_it(demo):
    """The initiative page assesses only its initiative's indicators for a new date: colours, reasons,
    forecasts and alerts are those of the whole strategy's assessment, closed and retired ones too."""
    from datetime import date, timedelta

    from pejling.tracking.status import initiative_assess, strategy_assess, strategy_inputs
    generate(size=TINY, seed=5, prefix="qg")
    for slug in ("holstebro-partnerskab-ungestrategier", "ringsted-uddannelse-til-alle-unge", "qg-001-strategi-1"):
        strategy = Strategy.objects.get(slug=slug)
        inputs = strategy_inputs(strategy=strategy)
        for when in [date(2010, 6, 30) + timedelta(days=401 * i) for i in range(17)]:
            whole = strategy_assess(strategy=strategy, inputs=inputs, as_of=when)
            for fa in whole.focus_areas:
                for expected in fa.initiatives:
                    alone = initiative_assess(strategy=strategy, inputs=inputs,
                                              initiative_id=expected.initiative.id, as_of=when)
                    assert alone == expected, (slug, expected.initiative.code, when)


@pytest.mark.django_db
def test_a_strategy_changed_again_and_again_takes_one_place_in_the_memo_and_shows_each_change(demo):
    """The memo holds one revision per strategy (a newer one replaces the older): thirty entries in a
    row neither pile up thirty copies of a national strategy's inputs nor show an older revision."""
    from datetime import date

    from pejling.plans.services import strategy_touch
    from pejling.tracking.status_cache import _INPUTS, _STATUS, strategy_status_cached
    strategy = Strategy.objects.get(slug="holstebro-partnerskab-ungestrategier")
    indicator = Indicator.objects.get(strategy=strategy, key="h4-2-fravaer-nydanske")  # 2011–2013 measured
    when = date(2014, 12, 31)

    def latest():
        status = strategy_status_cached(strategy=strategy, as_of=when)
        assert status.strategy.revision == strategy.revision
        result = next(r for fa in status.focus_areas for s in fa.initiatives for r in s.indicators
                      if r.key == indicator.key)
        return result.series[0].points[-1].value

    for _n in range(30):
        strategy_touch(strategy.id)
        strategy.refresh_from_db()
        assert latest() == 5.9
    assert len(_INPUTS.items) == 1 and len(_STATUS.items) == 1
    measurement_record(indicator=indicator, period="2014", value=Decimal("1.5"), reason="test")
    strategy.refresh_from_db()
    assert latest() == 1.5  # the entry, not the memo's older revision
    assert len(_INPUTS.items) == 1


def test_the_memo_holds_what_its_budget_allows_and_always_the_newest():
    memo = status_cache._Memo(size=10, budget=100)
    for key, weight in (("a", 60), ("b", 30), ("c", 30)):
        memo.get(key, 1, lambda key=key: key.upper(), weight=lambda _v, weight=weight: weight)
    assert list(memo.items) == ["b", "c"] and memo.weight == 60
    memo.get("b", 2, lambda: "B2", weight=lambda _v: 50)  # a newer revision replaces its own weight
    assert list(memo.items) == ["c", "b"] and memo.weight == 80
    memo.get("huge", 1, lambda: "H", weight=lambda _v: 500)  # a strategy larger than the budget
    assert list(memo.items) == ["huge"] and memo.weight == 500 and memo.peek("huge", 1) == "H"


@pytest.mark.django_db
def test_a_large_strategys_statuses_are_held_by_their_measurements_not_their_number(demo, monkeypatch):
    """A worker's memory follows what the memo may hold: a strategy's statuses for many dates weigh
    its measurements each, and the memo lets go of the oldest when they pass its budget."""
    strategy = Strategy.objects.get(slug="holstebro-partnerskab-ungestrategier")
    inputs = status_cache.strategy_inputs_cached(strategy=strategy)
    weight = status_cache._weight(inputs)
    assert weight > Measurement.objects.filter(indicator__strategy=strategy).count()
    monkeypatch.setattr(status_cache._STATUS, "budget", 3 * weight)
    status_cache._STATUS.clear()
    for day in range(1, 8):
        status_cache.strategy_status_cached(strategy=strategy, as_of=date(2014, 1, day))
    assert list(status_cache._STATUS.items) == [(strategy.id, date(2014, 1, day)) for day in (5, 6, 7)]
    assert status_cache._STATUS.weight == 3 * weight


@pytest.mark.django_db
def test_the_generator_makes_the_same_installation_for_a_seed():
    def rows(prefix):
        return [(m.indicator.strategy.slug.removeprefix(prefix), m.indicator.key, m.period, m.breakdown,
                 m.level.code if m.level else "", m.value, m.status, m.is_baseline)
                for m in Measurement.objects.filter(indicator__strategy__slug__startswith=f"{prefix}-")
                .select_related("indicator__strategy", "level").order_by("indicator__key", "period", "breakdown",
                                                                          "level__order", "is_baseline")]
    generate(size=TINY, seed=9, prefix="da")
    generate(size=TINY, seed=9, prefix="db")
    generate(size=TINY, seed=10, prefix="dc")
    assert rows("da") == rows("db")
    assert rows("da") != rows("dc")
    kinds = set(Indicator.objects.filter(strategy__slug__startswith="da-").values_list("kind", flat=True))
    assert kinds == {"numeric", "distribution", "milestone", "qualitative"}
    # 2 years of quarters (the last year up to its third quarter), the total and one group
    strategy = Strategy.objects.get(slug="da-001-strategi-1")
    numeric = Indicator.objects.filter(strategy=strategy, kind="numeric", initiative__isnull=False).first()
    assert numeric.measurements.filter(is_baseline=False).count() == 7 * 2
    assert numeric.references.get().values.count() == 2
    assert numeric.targets.exists()


@pytest.mark.django_db
def test_the_front_page_shows_a_change_at_once_from_the_stored_summary(client):
    generate(size=TINY, seed=5, prefix="qc")
    strategy = Strategy.objects.get(slug="qc-001-strategi-1")
    indicator = Indicator.objects.filter(strategy=strategy, kind="numeric", initiative__code="1").first()
    client.get("/")
    before = StrategySummary.objects.get(strategy=strategy)
    assert before.revision == strategy.revision
    measurement_record(indicator=indicator, period="2026-Q4", value=Decimal("0.0"))
    _fresh()
    page = client.get("/").content.decode()
    strategy.refresh_from_db()
    after = StrategySummary.objects.get(strategy=strategy)
    assert after.revision == strategy.revision > before.revision
    status = strategy_status(strategy=strategy, as_of=strategy.default_as_of(timezone.localdate()))
    counts = {c.value: n for c, n in status.summary.counts.items()}
    assert after.data["counts"] == counts
    assert f"{counts['red']} rød" in page


def test_generate_refuses_sizes_out_of_range():
    with pytest.raises(CommandError, match="--organisations"):
        call_command("generate", "--organisations", "-1")
    with pytest.raises(CommandError, match="--prefix"):
        call_command("generate", "--prefix", "=HYPERLINK(")


def test_a_repeated_download_is_the_stored_file_until_the_strategy_changes(reader, monkeypatch):
    from django.urls import reverse

    from pejling.plans.services import strategy_touch
    from pejling.web import report_files
    rendered = []
    real = report_files.report_render
    monkeypatch.setattr(report_files, "report_render", lambda doc, fmt: rendered.append(fmt) or real(doc, fmt))
    url = reverse("web:report-file", args=["ringsted-uddannelse-til-alle-unge", "xlsx"]) + "?as_of=2020-12-31"
    first = reader.get(url).content
    assert reader.get(url).content == first and rendered == ["xlsx"]
    assert reader.get(url.replace("2020-12-31", "2021-06-30")).status_code == 200 and len(rendered) == 2
    strategy_touch(Strategy.objects.get(slug="ringsted-uddannelse-til-alle-unge").id)
    assert reader.get(url).status_code == 200 and len(rendered) == 3


def test_the_live_report_page_is_built_once_per_revision_and_each_view_has_its_own_nonce(reader, monkeypatch):
    import re

    from django.urls import reverse

    from pejling.plans.services import strategy_touch
    from pejling.web import report_files
    built = []
    real = report_files.report_build
    monkeypatch.setattr(report_files, "report_build", lambda **kw: built.append(kw["as_of"]) or real(**kw))
    url = reverse("web:report", args=["ringsted-uddannelse-til-alle-unge"]) + "?as_of=2020-12-31&junk=1"
    views = [reader.get(url) for _ in range(2)]
    assert built == [date(2020, 12, 31)]
    for view in views:
        page, nonce = view.content.decode(), re.search(r"'nonce-([^']+)'", view["Content-Security-Policy"])[1]
        assert page.count(f'<style nonce="{nonce}"') == 2 and "\x00" not in page
        assert "Uddannelse til alle unge" in page and "rapport.pdf?as_of=2020-12-31" in page and "junk" not in page
    assert views[0]["Content-Security-Policy"] != views[1]["Content-Security-Policy"]
    reader.get(url.replace("2020-12-31", "2021-06-30"))
    strategy_touch(Strategy.objects.get(slug="ringsted-uddannelse-til-alle-unge").id)
    reader.get(url)
    assert built == [date(2020, 12, 31), date(2021, 6, 30), date(2020, 12, 31)]


@pytest.mark.django_db
def test_the_front_page_lists_the_first_initiatives_that_need_attention_and_counts_the_rest(client, monkeypatch):
    import re

    from pejling.web import pages
    generate(size=LARGER, seed=5, prefix="qd")
    monkeypatch.setattr(pages, "FRONT_LIST", 3)
    monkeypatch.setattr(pages, "FRONT_ORGANISATIONS", 1000)  # every strategy on the front page
    page = client.get("/").content.decode()
    section = page.split('id="attention"')[1].split("</section>")[0]
    assert section.count("<li>") == 3
    more = int(re.search(r"Og (\d+) indsats(?:er)? mere: se strategierne nedenfor", section).group(1))
    monkeypatch.setattr(pages, "FRONT_LIST", 10_000)
    cache.clear()
    everything = client.get("/").content.decode().split('id="attention"')[1].split("</section>")[0]
    assert everything.count("<li>") == 3 + more and "mere: se strategierne" not in everything
