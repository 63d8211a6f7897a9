"""Plain pages: a person can click from the front page to every strategy and initiative."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from pejling.plans.models import Initiative, Strategy

pytestmark = pytest.mark.usefixtures("demo")


def test_it_lists_the_three_municipalities_with_their_strategies(client):
    page = client.get("/").content.decode()
    for text in ["Holstebro Kommune", "Ringsted Kommune", "Stevns Kommune", "Uddannelse til alle unge",
                 "Partnerskab om ungestrategier", "Sammenhængende børne- og ungepolitik 2021-2024"]:
        assert text in page
    assert '<html lang="da">' in page


def test_it_links_every_strategy_and_initiative(client):
    front = client.get("/").content.decode()
    for strategy in Strategy.objects.all():
        url = reverse("web:strategy", args=[strategy.slug])
        assert url in front
        page = client.get(url).content.decode()
        for ini in Initiative.objects.filter(strategy=strategy):
            link = reverse("web:initiative", args=[strategy.slug, ini.code])
            assert link in page
            assert client.get(link).status_code == 200


def test_it_shows_focus_areas_with_the_strategys_own_word(client):
    page = client.get(reverse("web:strategy", args=["holstebro-partnerskab-ungestrategier"])).content.decode()
    assert "Indsatsområde 3: Nydanske unge på kanten af arbejdsmarkedet og uddannelsessystemet" in page
    page = client.get(reverse("web:strategy", args=["stevns-boerne-og-ungepolitik"])).content.decode()
    assert "Pejlemærke 5: Høj mental trivsel" in page


def test_it_shows_an_initiative_with_targets_and_measurements_in_danish_format(client):
    page = client.get(reverse("web:initiative", args=["ringsted-uddannelse-til-alle-unge", "#6"])).content.decode()
    assert "Styrket UU-indsats" in page
    assert "Baseline november 2019" in page
    assert "7,2 %" in page and "6,9 %" in page and "6,5 %" in page
    assert "Arbejdsmarkedscenter" in page


def test_it_marks_retired_indicators_and_closed_activities(client):
    page = client.get(reverse("web:initiative", args=["holstebro-partnerskab-ungestrategier", "3.2"])).content.decode()
    assert "Indikatoren udgår (2012)" in page
    assert "Erstattet af: Andelen af nydanske unge, der frafalder" in page
    page = client.get(reverse("web:initiative", args=["holstebro-partnerskab-ungestrategier", "4.3"])).content.decode()
    assert "Indsatsen er lukket (august 2013)" in page


def test_it_answers_404_for_an_unknown_strategy_or_initiative(client):
    assert client.get("/s/findes-ikke/").status_code == 404
    assert client.get("/s/ringsted-uddannelse-til-alle-unge/i/99/").status_code == 404


def queries(client, url, cached=False):
    """Queries for one request; by default with empty caches, so the page is computed in full. The
    front page's stored strategy summaries are brought up to date first, as a change does."""
    from pejling.tracking.summaries import summaries_refresh
    summaries_refresh(today=timezone.localdate())
    if not cached:
        from django.core.cache import cache

        from pejling.tracking import status_cache
        cache.clear()
        status_cache.clear()
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("url", [
    "/",
    "/s/holstebro-partnerskab-ungestrategier/",
    "/s/holstebro-partnerskab-ungestrategier/i/4.2/",
])
def test_it_uses_the_same_number_of_queries_however_much_data(client, url, grow_strategy):
    before = queries(client, url)
    grow_strategy("holstebro-partnerskab-ungestrategier", copies=4)
    assert Initiative.objects.filter(strategy__slug="holstebro-partnerskab-ungestrategier").count() == 18
    assert queries(client, url) == before


def test_it_is_danish_for_an_english_browser_until_the_user_chooses_english(client):
    url = reverse("web:initiative", args=["holstebro-partnerskab-ungestrategier", "3.3"])
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "Milepæl" in page and "Ja" in page
    client.cookies["django_language"] = "en"
    page = client.get(url).content.decode()
    assert "Milestone" in page


def test_it_shows_distribution_targets_as_shares(client):
    page = client.get(reverse("web:initiative", args=["ringsted-uddannelse-til-alle-unge", "#1"])).content.decode()
    assert "Slutmål: Rød position</td>\n      <td>5 %" in page
    assert "330 børn" in page


def test_it_shows_colours_with_text_progress_and_recomputes_for_a_past_date(client):
    url = reverse("web:strategy", args=["holstebro-partnerskab-ungestrategier"])
    page = client.get(url + "?as_of=2013-12-31").content.decode()
    assert "Status pr. 31. december 2013" in page
    assert '<span class="badge-colour c-yellow">Gul</span>' in page  # 4.2, absence gap 0,3 against 0
    # The bar and "latest / target" come from the indicator that decided the colour, and say which one
    row = page[page.index(">4.2<"):page.index(">4.3<")]
    assert 'aria-label="Fremdrift 77 %"' in row and "0,3 procentpoint / 0 procentpoint" in row
    assert "afgjort af: Fraværet blandt de unge" in row
    assert ">9 grøn</span> · <span class=\"count c-yellow\">1 gul</span> · <span class=\"count c-red\">2 rød" in page
    earlier = client.get(url + "?as_of=2012-12-31").content.decode()
    assert "Status pr. 31. december 2012" in earlier
    row = earlier[earlier.index(">4.2<"):earlier.index(">4.3<")]
    assert 'c-red">Rød' in row and "1,7 procentpoint / 0 procentpoint" in row  # absence rose in 2012


def test_it_filters_by_centre_colour_and_text(client):
    url = reverse("web:strategy", args=["ringsted-uddannelse-til-alle-unge"])
    page = client.get(url, {"unit": "Skolecenter", "as_of": "2020-12-31"}).content.decode()
    assert ">Styrket UU-indsats<" in page and "Evaluering af Ungeenhedens indsatser" not in page
    page = client.get(url, {"colour": "yellow", "as_of": "2020-12-31"}).content.decode()
    assert ">Styrket 10. klasses-tilbud – mere støtte og vejledning mv.<" in page and ">Styrket UU-indsats<" not in page
    page = client.get(url, {"q": "cannabis"}).content.decode()
    assert "Særlig indsats for mest udsatte unge" in page and "Styrket UU-indsats" not in page


def test_it_explains_a_bad_as_of_date(client):
    page = client.get(reverse("web:strategy", args=["ringsted-uddannelse-til-alle-unge"]),
                      {"as_of": "31-12-2020"}).content.decode()
    assert "»31-12-2020« er ikke en dato. Skriv den som ÅÅÅÅ-MM-DD, fx 2020-11-30." in page


def test_an_anonymous_page_is_served_from_cache_until_something_is_saved(client, centre_editor):
    url = reverse("web:initiative", args=["ringsted-uddannelse-til-alle-unge", "#6"])
    queries(client, url)
    assert queries(client, url, cached=True) == 1  # the strategy's revision, nothing else
    measured_row = "<td>november 2020</td>\n      <td>I alt</td>"
    assert measured_row not in client.get(url).content.decode()

    centre_editor.post(reverse("web:indicator-entry", args=["ringsted-uddannelse-til-alle-unge", "#6", "r6-neet"]),
                {"m-r6-neet-period": "2020-11", "m-r6-neet-value": "6,8"})
    page = client.get(url).content.decode()
    assert measured_row in page and "6,8 %" in page


def test_the_page_cache_keeps_only_pages_asked_for_as_the_pages_ask(client, monkeypatch):
    """A page is served from the cache as it was made; an address with a parameter no page reads
    (?x=1, ?x=2 … would fill every process's memory) or a very large page is made each time."""
    from pejling.web import caching
    url = reverse("web:initiative", args=["ringsted-uddannelse-til-alle-unge", "#6"])
    made = client.get(url, {"as_of": "2020-12-31"}).content
    assert queries(client, url + "?as_of=2020-12-31", cached=True) == 1
    assert client.get(url, {"as_of": "2020-12-31"}).content == made
    queries(client, url + "?x=1")
    assert queries(client, url + "?x=1", cached=True) > 1
    monkeypatch.setattr(caching, "PAGE_MAX", 1000)
    queries(client, url + "?q=a")
    assert queries(client, url + "?q=a", cached=True) > 1


def test_an_admin_correction_shows_at_once(client, admin_client):
    from pejling.tracking.models import Measurement
    url = reverse("web:initiative", args=["ringsted-uddannelse-til-alle-unge", "#6"])
    assert "7,2 %" in client.get(url).content.decode()
    m = Measurement.objects.get(indicator__key="r6-neet", is_baseline=True)
    change = reverse("admin:tracking_measurement_change", args=[m.pk])
    response = admin_client.post(change, {"indicator": m.indicator_id, "period": "2019-11", "is_baseline": "on",
                                          "value": "7.3", "entered_at_0": "2020-01-01", "entered_at_1": "00:00:00"})
    assert response.status_code == 302
    assert "7,3 %" in client.get(url).content.decode()


def test_an_english_reader_gets_english_reasons_periods_numbers_and_dates(client):
    client.cookies["django_language"] = "en"
    page = client.get(reverse("web:initiative", args=["ringsted-uddannelse-til-alle-unge", "#6"])
                      + "?as_of=2020-12-31").content.decode()
    assert "No measurement after the baseline yet" in page
    assert "Baseline November 2019" in page and "7.2 %" in page
    assert "Status as of Dec. 31, 2020" in page
    for danish in ("Ingen måling efter baseline endnu", "november 2019", "7,2 %"):
        assert danish not in page.split("<dl class=\"facts\">")[0], danish  # above the seed's own texts


def test_every_reason_the_engine_gives_about_the_demo_is_said_in_danish_and_english():
    """Reasons are codes with numbers; one module says them in each language, without pattern matching."""
    from datetime import date

    from django.utils import translation

    from pejling.plans.models import Strategy
    from pejling.texts.reasons import explain, rules_text, say
    from pejling.tracking.status import strategy_status

    said, codes = [], set()
    for strategy in Strategy.objects.all():
        for as_of in (date(2011, 6, 30), date(2013, 12, 31), date(2020, 12, 31), date(2024, 12, 31)):
            status = strategy_status(strategy=strategy, as_of=as_of)
            results = [r for fa in status.focus_areas for s in fa.initiatives for r in s.indicators]
            for r in results + status.effect_goals:
                said += [lambda r=r: explain(r)] + [lambda r=r, s=s: explain(r, s) for s in r.series]
                said += [lambda a=a: say(a) for a in r.alerts + [r.stale, r.forecast_note] if a]
                codes.update(x.code for x in [r.reason, *r.alerts, r.stale, r.forecast_note] if x)
            said.append(lambda status=status: rules_text(status.rules))
    assert len(codes) >= 12, codes
    with translation.override("da"):
        danish = [f() for f in said]
    with translation.override("en"):
        english = [f() for f in said]
    same = sorted({d for d, e in zip(danish, english, strict=True) if d == e})
    assert same == []
    assert "Gennemført" in danish and "Completed" in english


def test_the_overview_reads_without_empty_cards_or_empty_columns(client):
    page = client.get(reverse("web:strategy", args=["ringsted-uddannelse-til-alle-unge"])).content.decode()
    # Ringsted's six principles have no projects of their own: one line, not six cards of 0 · 0 · 0 · 0
    assert "Bærende princip uden indsatser endnu: 1." in page
    assert page.count('aria-labelledby="fa-') == 1 and "Ingen indsatser matcher filteret" not in page
    holstebro = client.get(reverse("web:strategy", args=["holstebro-partnerskab-ungestrategier"])).content.decode()
    area2 = holstebro[holstebro.index("Indsatsområde 2:"):holstebro.index("Indsatsområde 3:")]
    assert "Fremdrift" not in area2  # no row there has progress to show
    area4 = holstebro[holstebro.index("Indsatsområde 4:"):holstebro.index("Indsatsområde 5:")]
    assert "Fremdrift" in area4


def test_pages_carry_a_content_security_policy_without_inline_code(client, consultant):
    policy = client.get(reverse("web:front"))["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy
    page = client.get(reverse("web:strategy", args=["holstebro-partnerskab-ungestrategier"])).content.decode()
    assert ' style="' not in page and "<script>" not in page
    report = consultant.get(reverse("web:report", args=["ringsted-uddannelse-til-alle-unge"]))
    nonce = re.search(r"'nonce-([^']+)'", report["Content-Security-Policy"])[1]
    assert f'<style nonce="{nonce}">' in report.content.decode()  # the report's own styles, allowed by nonce


def test_initiatives_have_addresses_people_can_type(client):
    six = reverse("web:initiative", args=["ringsted-uddannelse-til-alle-unge", "#6"])
    assert six == "/s/ringsted-uddannelse-til-alle-unge/i/6/"
    assert "Styrket UU-indsats" in client.get(six).content.decode()
    old = client.get("/s/ringsted-uddannelse-til-alle-unge/i/%236/?as_of=2020-12-31")
    assert (old.status_code, old["Location"]) == (301, six + "?as_of=2020-12-31")
    assert client.get("/s/ringsted-uddannelse-til-alle-unge/i/9a/").status_code == 200
    assert client.get("/s/holstebro-partnerskab-ungestrategier/i/2.3/").status_code == 200
    assert client.get("/s/ringsted-uddannelse-til-alle-unge/i/66/").status_code == 404


def test_an_address_finds_the_code_as_typed_before_the_one_with_a_hash(client):
    """/i/6/ is "#6" unless an initiative is coded "6" itself (both may exist): the page and the entry
    pages find the same one, in the query that reads it."""
    six = Initiative.objects.get(strategy__slug="ringsted-uddannelse-til-alle-unge", code="#6")
    Initiative.objects.filter(pk=six.pk).update(code="6")
    assert "Styrket UU-indsats" in client.get("/s/ringsted-uddannelse-til-alle-unge/i/6/").content.decode()
    other = Initiative.objects.get(strategy__slug="ringsted-uddannelse-til-alle-unge", code="#1")
    Initiative.objects.filter(pk=other.pk).update(code="#6")
    page = client.get("/s/ringsted-uddannelse-til-alle-unge/i/6/?as_of=2020-12-31").content.decode()
    assert "Styrket UU-indsats" in page and other.title not in page
    from pejling.tracking.selectors import initiative_get
    assert initiative_get(strategy_slug="ringsted-uddannelse-til-alle-unge", code="6").pk == six.pk
    assert initiative_get(strategy_slug="ringsted-uddannelse-til-alle-unge", code="#6").pk == other.pk


def test_the_initiative_page_reads_its_measurements_as_plain_rows_with_what_the_models_hold():
    """The initiative page reads its ~500 measurements (a national initiative) as plain rows: every field
    it, its charts and its entry hints read is the model's, in the same order."""
    from pejling.tracking.measurement_rows import FIELDS
    from pejling.tracking.selectors import initiative_get, initiative_page_get

    def shown(m):
        return [getattr(m, f) for f in FIELDS] + [m.id, m.level, m.get_status_display()]
    seen, notes = set(), 0
    for ini in Initiative.objects.select_related("strategy"):
        page = initiative_page_get(strategy_slug=ini.strategy.slug, code=ini.code)
        model = initiative_get(strategy_slug=ini.strategy.slug, code=ini.code)
        for a, b in zip(page.indicators.all(), model.indicators.all(), strict=True):
            assert [shown(m) for m in a.measurements.all()] == [shown(m) for m in b.measurements.all()], a.key
            assert [n.id for n in a.status_notes.all()] == [n.id for n in b.status_notes.all()], a.key
            seen |= {(m.status, m.level is not None) for m in a.measurements.all()}
            notes += len(a.status_notes.all())
        # The notes of the initiative and of its indicators come from one query: each where it belongs
        assert [n.id for n in page.status_notes.all()] == [n.id for n in model.status_notes.all()], ini.code
        notes += len(page.status_notes.all())
    assert notes > 20
    # Milestone statuses ("Ja", "På vej", "Nej"), scale levels and plain numbers were all compared
    assert {("done", False), ("not_done", False), ("", True), ("", False)} <= seen
