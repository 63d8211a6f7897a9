"""A municipality's page (/o/<slug>/) and the front page of an installation with many municipalities,
as each persona sees them: only what they may read, the same summary of each strategy as the front page."""

import re

import pytest
from conftest import persona_client
from django.urls import reverse
from django.utils import timezone

from pejling.interchange.exporter import strategy_export
from pejling.interchange.importer import strategy_import
from pejling.plans.models import Strategy
from pejling.plans.services import strategy_publish, strategy_touch
from pejling.tracking.models import StrategySummary
from pejling.tracking.status import strategy_status
from pejling.web import pages

RINGSTED = "ringsted-uddannelse-til-alle-unge"
ORG = "/o/ringsted/"


def _text(response):
    """The page's main text, tags removed and whitespace collapsed, as a reader sees it."""
    main = response.content.decode().split('<main id="main">')[1].split("</main>")[0]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main))


def _internal_copy(title="Intern handleplan for skolerne"):
    """A second, not public Ringsted strategy (a copy of the demo's one under another slug)."""
    doc = strategy_export(strategy=Strategy.objects.get(slug=RINGSTED))
    doc["strategy"].update(slug="ringsted-intern", title=title)
    strategy = strategy_import(document=doc)
    return strategy_publish(strategy=strategy, published=False)


def _counts(slug):
    strategy = Strategy.objects.get(slug=slug)
    status = strategy_status(strategy=strategy, as_of=strategy.default_as_of(timezone.localdate()))
    return {c.value: n for c, n in status.summary.counts.items()}


@pytest.mark.django_db
def test_an_anonymous_reader_sees_the_municipalitys_public_strategies_with_their_colours(demo, client):
    _internal_copy()
    response = client.get(ORG)
    assert response.status_code == 200
    text = _text(response)
    assert "<h1>Ringsted Kommune</h1>" in response.content.decode()
    assert "Uddannelse til alle unge" in text and "Intern handleplan" not in text
    assert f'href="{reverse("web:strategy", args=[RINGSTED])}"' in response.content.decode()
    counts = _counts(RINGSTED)
    assert f"{counts['red']} rød" in text and f"{counts['none']} ikke vurderet" in text
    assert "Effektmål:" in text  # Ringsted's strategy has effect goals
    assert "Ny strategi" not in text and "Enheder i" not in text and "Brugere i" not in text


@pytest.mark.django_db
def test_a_running_strategys_initiatives_that_need_attention_are_listed_as_on_the_front_page(demo, client):
    from pejling.demo.generator import Size, generate
    generate(size=Size(organisations=1, strategies_per_org=2, initiatives_per_strategy=3, indicators_per_initiative=4,
                       years=2, breakdowns=1), seed=5, prefix="qo")
    page = client.get("/o/qo-001/").content.decode()
    stored = StrategySummary.objects.get(strategy__slug="qo-001-strategi-1").data
    assert stored["attention"], "the generated strategy has initiatives that need attention"
    section = page.split('id="attention"')[1].split("</section>")[0]
    for line in stored["attention"]:
        assert f'/s/qo-001-strategi-1/i/{line["code"]}/' in section
    assert "qo-001-strategi-2" not in section  # not public: the generator keeps the second one internal
    front = client.get("/").content.decode().split('id="attention"')[1].split("</section>")[0]
    assert section.count("<li>") == front.count("<li>") > 0  # the same lines as the front page's


@pytest.mark.django_db
def test_a_member_sees_the_internal_strategies_too_and_what_they_may_do(demo, consultant, administrator, reader):
    _internal_copy()
    text = _text(consultant.get(ORG))
    assert "Uddannelse til alle unge" in text and "Intern handleplan for skolerne (ikke offentlig)" in text
    page = consultant.get(ORG).content.decode()
    assert f'href="{reverse("web:strategy-create")}?organisation=ringsted"' in page
    assert "Enheder i Ringsted Kommune" not in text  # units are the administrators'
    admin_text = _text(administrator.get(ORG))
    assert "Enheder i Ringsted Kommune" in admin_text and "Brugere i Ringsted Kommune" in admin_text
    reader_text = _text(reader.get(ORG))
    assert "Intern handleplan" in reader_text and "Ny strategi" not in reader_text
    # The link from the organisation's page chooses the organisation in the new strategy's form
    form = consultant.get(reverse("web:strategy-create") + "?organisation=ringsted").content.decode()
    assert re.search(r'<option value="\d+" selected>Ringsted Kommune</option>', form)


@pytest.mark.django_db
def test_a_person_of_another_municipality_sees_only_its_public_strategies(demo, holstebro_consultant):
    strategy = _internal_copy()
    text = _text(holstebro_consultant.get(ORG))
    assert "Uddannelse til alle unge" in text and "Intern handleplan" not in text
    assert "Ny strategi" not in text
    # With nothing public left the municipality is unknown to them, as on the front page
    strategy_publish(strategy=Strategy.objects.get(slug=RINGSTED), published=False)
    assert holstebro_consultant.get(ORG).status_code == 404
    assert holstebro_consultant.get("/o/holstebro/").status_code == 200  # their own
    assert strategy.organisation.slug == "ringsted"


@pytest.mark.django_db
def test_an_unknown_municipality_and_one_without_public_strategies_are_not_found(demo, client, consultant):
    assert client.get("/o/findes-ikke/").status_code == 404
    assert consultant.get("/o/findes-ikke/").status_code == 404
    strategy_publish(strategy=Strategy.objects.get(slug=RINGSTED), published=False)
    assert client.get(ORG).status_code == 404
    assert consultant.get(ORG).status_code == 200  # their own organisation


@pytest.mark.django_db
def test_the_anonymous_page_cache_serves_the_page_until_a_strategy_of_the_municipality_changes(demo, client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    assert "Uddannelse til alle unge" in _text(client.get(ORG))
    with CaptureQueriesContext(connection) as cached:
        assert "Uddannelse til alle unge" in _text(client.get(ORG))
    assert not any("tracking_strategysummary" in q["sql"] for q in cached.captured_queries)  # from the cache
    # A change elsewhere keeps the page; a change of Ringsted's strategy shows at once
    strategy_touch(Strategy.objects.get(slug="holstebro-partnerskab-ungestrategier").id)
    with CaptureQueriesContext(connection) as still:
        client.get(ORG)
    assert not any("tracking_strategysummary" in q["sql"] for q in still.captured_queries)
    Strategy.objects.filter(slug=RINGSTED).update(title="Alle unge i uddannelse")
    strategy_touch(Strategy.objects.get(slug=RINGSTED).id)
    assert "Alle unge i uddannelse" in _text(client.get(ORG))
    _internal_copy()
    strategy_publish(strategy=Strategy.objects.get(slug="ringsted-intern"), published=True)
    assert "Intern handleplan" in _text(client.get(ORG))  # a new strategy of the municipality


@pytest.mark.django_db
def test_the_front_page_names_the_municipality_and_links_its_page(demo, client):
    page = client.get("/").content.decode()
    assert f'<a href="{ORG}">Ringsted Kommune</a></h2>' in page
    assert f'<a href="{ORG}">Ringsted Kommune</a>' in client.get(reverse("web:strategy", args=[RINGSTED])) \
        .content.decode()  # the strategy's breadcrumb


@pytest.mark.django_db
def test_a_national_front_page_lists_the_municipalities_with_their_colours_added_up(demo, client, monkeypatch):
    monkeypatch.setattr(pages, "FRONT_ORGANISATIONS", 2)  # the demo's three municipalities are then "many"
    _internal_copy()
    text = _text(client.get("/"))
    assert "Alle kommuner" in text
    assert "Uddannelse til alle unge" not in text  # strategies are on each municipality's page
    line = text.split("Ringsted Kommune")[-1].split("Stevns Kommune")[0]
    counts = _counts(RINGSTED)  # the internal copy is not counted for the public
    assert f"1 strategi {counts['green']} {counts['yellow']} {counts['red']} {counts['none']} " in line
    assert "Kommune Grøn Gul Rød Ikke vurderet" in text  # the table's columns
    page = client.get("/").content.decode()
    for org in ("holstebro", "ringsted", "stevns"):
        assert f'href="/o/{org}/"' in page
    # A municipality's own people see its strategies first, and the internal one counted in its line
    mine = _text(persona_client("consultant").get("/"))
    assert mine.index("Uddannelse til alle unge") < mine.index("Alle kommuner")
    assert "Intern handleplan for skolerne (ikke offentlig)" in mine
    own_line = mine.split("Alle kommuner")[1].split("Ringsted Kommune")[1].split("Stevns Kommune")[0]
    assert f"2 strategier {2 * counts['green']} {2 * counts['yellow']} {2 * counts['red']} {2 * counts['none']} " \
        in own_line
    assert "Partnerskab om ungestrategier" not in mine  # Holstebro's strategy: on Holstebro's page


@pytest.mark.django_db
def test_a_national_front_page_shows_a_change_at_once(demo, client, monkeypatch):
    monkeypatch.setattr(pages, "FRONT_ORGANISATIONS", 0)
    before = _text(client.get("/")).split("Ringsted Kommune")[1]
    assert "1 strategi" in before
    _internal_copy()
    strategy_publish(strategy=Strategy.objects.get(slug="ringsted-intern"), published=True)
    after = _text(client.get("/")).split("Ringsted Kommune")[1].split("Stevns Kommune")[0]
    assert "2 strategier" in after



@pytest.mark.django_db
def test_a_national_front_page_escapes_a_municipality_name_and_speaks_english(demo, client, monkeypatch):
    from pejling.plans.models import Organisation
    monkeypatch.setattr(pages, "FRONT_ORGANISATIONS", 0)
    Organisation.objects.filter(slug="stevns").update(name='Stevns & <b onclick="x">Omegn</b>')
    strategy_touch(Strategy.objects.get(slug="stevns-boerne-og-ungepolitik").id)  # a new page, not the cached one
    page = client.get("/").content.decode()
    assert '<a href="/o/stevns/">Stevns &amp; &lt;b onclick=&quot;x&quot;&gt;Omegn&lt;/b&gt;</a>' in page
    assert "<b onclick" not in page
    row = page.split('href="/o/ringsted/"')[1].split("</tr>")[0]
    counts = _counts(RINGSTED)
    assert '<span class="muted small">1 strategi</span>' in row
    assert f'<span class="count c-red">{counts["red"]}</span>' in row
    client.cookies["django_language"] = "en"
    english = _text(client.get("/"))
    assert "All municipalities" in english and "1 strategy" in english and "Not assessed" in english
