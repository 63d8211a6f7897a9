"""A consultant adds a national average to an indicator in the browser and finds it in the chart's table
on the initiative page; then moves the baseline. The pages pass axe's WCAG 2.1 AA checks and fit a phone."""

from urllib.parse import quote

from .conftest import axe_violations, log_in

STRATEGY = "/s/ringsted-uddannelse-til-alle-unge"
INITIATIVE = f"{STRATEGY}/i/6/"


def test_a_reference_value_added_in_the_app_is_in_the_chart_table(site, page, shot):
    page.goto(site + "/konto/log-ind/?next=" + quote(INITIATIVE))
    log_in(page, "konsulent")
    neet = page.locator("#ind-r6-neet")
    neet.get_by_role("link", name="Referenceserier").click()
    page.get_by_role("heading", name="Referenceserier").wait_for()
    assert axe_violations(page) == []
    page.get_by_role("link", name="Ny referenceserie").click()
    page.get_by_label("Navn").fill("Landsgennemsnit")
    first = page.locator("fieldset.row").first
    first.get_by_label("Periode").fill("2019-11")
    first.get_by_label("Værdi").fill("140")
    page.get_by_role("button", name="Gem").click()
    page.get_by_text("Værdien skal være et tal mellem 0 og 100 for en procentindikator.").wait_for()
    shot(page, "reference-refused")
    assert axe_violations(page) == []
    page.locator("fieldset.row").first.get_by_label("Værdi").fill("8,1")
    page.get_by_role("button", name="Gem").click()
    page.get_by_text("Referenceserien er gemt: Landsgennemsnit.").wait_for()
    shot(page, "reference-list")
    page.goto(site + INITIATIVE)
    neet = page.locator("#ind-r6-neet")
    neet.get_by_text("Diagrammets tal som tabel").click()
    row = neet.locator("figure tr", has_text="Landsgennemsnit")
    assert row.locator("td").all_inner_texts() == ["Landsgennemsnit", "november 2019", "8,1"]
    shot(page, "reference-in-chart-table")
    assert axe_violations(page) == []


def test_the_baseline_page_reads_on_a_phone(site, browser, shot):
    context = browser.new_context(viewport={"width": 390, "height": 900}, is_mobile=True, bypass_csp=True, locale="da-DK")
    page = context.new_page()
    page.goto(site + "/konto/log-ind/?next=" + quote(INITIATIVE))
    log_in(page, "konsulent")
    page.locator("#ind-r6-neet").get_by_role("link", name="Ikke baseline").click()
    page.get_by_role("heading", name="Gør baselinen til en almindelig måling").wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert axe_violations(page) == []
    page.get_by_label("Begrundelse").fill("Forkert år")
    page.get_by_role("button", name="Gør den til en almindelig måling").click()
    page.get_by_text("november 2019 er nu en almindelig måling.").wait_for()
    shot(page, "baseline-moved-390")
    context.close()
