"""axe-core (WCAG 2.1 A and AA) finds no serious or critical problem on any page type, for
anonymous readers and for centre staff with the entry forms open and showing errors."""

from urllib.parse import quote

import pytest

from .conftest import axe_violations, log_in

RINGSTED = "/s/ringsted-uddannelse-til-alle-unge/"
PAGES = {
    "front": "/",
    "organisation": "/o/ringsted/",
    "strategy": RINGSTED,
    "strategy-filtered-past": RINGSTED + "?unit=Skolecenter&as_of=2020-12-31",
    "initiative-numeric": RINGSTED + "i/6/",
    "initiative-distribution": RINGSTED + "i/1/",
    "initiative-milestones": "/s/holstebro-partnerskab-ungestrategier/i/4.2/",
    "stevns": "/s/stevns-boerne-og-ungepolitik/",
    "strategy-ended-with-effect-goals": "/s/holstebro-partnerskab-ungestrategier/",
    "effect-goal": "/s/holstebro-partnerskab-ungestrategier/maal/h3-frafald/",
    "login": "/konto/log-ind/",
    "reports": RINGSTED + "rapporter/",
}


@pytest.mark.parametrize("name", PAGES)
def test_an_anonymous_page_has_no_serious_accessibility_problems(site, page, shot, name):
    page.goto(site + PAGES[name])
    shot(page, f"axe-{name}")
    assert axe_violations(page) == []


def test_a_national_front_page_has_no_serious_accessibility_problems(site, page, shot, monkeypatch):
    from pejling.web import pages
    monkeypatch.setattr(pages, "FRONT_ORGANISATIONS", 0)  # the demo's three municipalities shown as many
    page.goto(site + "/")
    page.get_by_role("heading", name="Alle kommuner").wait_for()
    shot(page, "axe-front-national")
    assert axe_violations(page) == []
    page.goto(site + "/konto/log-ind/?next=/")
    log_in(page, "konsulent")
    page.get_by_role("heading", name="Alle kommuner").wait_for()
    shot(page, "axe-front-national-member")
    assert axe_violations(page) == []


def test_the_entry_forms_with_errors_have_no_serious_accessibility_problems(site, page, shot):
    page.goto(site + "/konto/log-ind/?next=" + quote(RINGSTED + "i/6/"))
    log_in(page, "center")
    for details in page.locator("details.entry").all():
        details.locator("summary").click()
    entry = page.locator("#ind-r6-neet form.entry-form").first
    entry.get_by_label("Værdi").fill("mange")
    entry.get_by_role("button", name="Gem").click()
    page.get_by_text("Skriv et tal, fx 6,8.").wait_for()
    shot(page, "axe-initiative-entry-error")
    assert axe_violations(page) == []


def test_the_english_page_has_no_serious_accessibility_problems(site, page, shot):
    page.goto(site + RINGSTED + "i/6/")
    page.get_by_role("link", name="English").click()
    page.get_by_role("heading", name="Indicators and milestones").wait_for()
    assert page.locator("html").get_attribute("lang") == "en"
    shot(page, "axe-initiative-english")
    assert axe_violations(page) == []


def test_a_phone_sized_screen_has_no_serious_accessibility_problems(site, browser, shot):
    context = browser.new_context(bypass_csp=True, viewport={"width": 390, "height": 844}, is_mobile=True)
    phone = context.new_page()
    phone.goto(site + RINGSTED)
    shot(phone, "phone-strategy")
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page is {width} px wide on a 390 px screen"
    assert axe_violations(phone) == []
    context.close()


@pytest.mark.parametrize("path", [
    "ny-strategi/",
    RINGSTED.lstrip("/") + "rediger/",
    RINGSTED.lstrip("/") + "i/6/rediger/",
    RINGSTED.lstrip("/") + "i/6/indikator/r6-neet/rediger/",
    "o/ringsted/enheder/",
    RINGSTED.lstrip("/") + "rapporter/tekster/",
])
def test_the_plan_editing_pages_have_no_serious_accessibility_problems(site, page, shot, path):
    page.goto(site + "/konto/log-ind/?next=" + quote("/" + path))
    log_in(page, "ringsted-administrator" if path.startswith("o/") else "konsulent")  # units: administrators
    page.locator("form.plan-form, form.entry-form").first.wait_for()
    name = path.strip("/").replace("/", "-").replace("%23", "")
    shot(page, f"edit-{name}")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Gem").first.click()  # blank new forms / unchanged edits
    shot(page, f"edit-{name}-saved-or-errors")
    assert axe_violations(page) == []


def test_the_report_pages_have_no_serious_accessibility_problems(site, page, shot):
    page.goto(site + "/konto/log-ind/?next=" + quote(RINGSTED + "rapporter/"))
    log_in(page, "konsulent")
    page.get_by_label("Anledning").fill("udvalgsmødet 12. marts 2021")
    page.get_by_role("button", name="Udgiv").click()
    page.get_by_text("Rapporten er udgivet og låst").wait_for()
    shot(page, "report-published")
    assert "Statusrapport" in page.locator("h1").inner_text()
    assert axe_violations(page) == []
    page.goto(site + RINGSTED + "rapport/?as_of=2020-12-31")
    shot(page, "report-live")
    assert axe_violations(page) == []


def test_an_effect_goal_assessed_with_an_error_has_no_serious_accessibility_problems(site, page, shot):
    page.goto(site + "/konto/log-ind/?next=" + quote(RINGSTED + "maal/national-95/"))
    log_in(page, "konsulent")
    page.get_by_text("Vurdér farven på dette mål").click()
    form = page.locator("form.entry-form").last
    form.get_by_label("Periode").fill("2021")
    form.get_by_role("button", name="Gem").click()
    page.get_by_text("Skriv begrundelsen for farven").first.wait_for()
    shot(page, "axe-effect-goal-error")
    assert axe_violations(page) == []
