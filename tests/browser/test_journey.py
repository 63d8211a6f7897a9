"""The issue's journey, in a real browser: front page → Ringsted → filter by Skolecenter → #6 →
log in → a wrong value is refused → November 2020 is added and the colour and chart change."""

from decimal import Decimal

from pejling.tracking.models import Measurement

from .conftest import log_in


def test_a_centre_follows_up_on_initiative_6(site, page, shot):
    page.goto(site + "/")
    assert page.get_by_role("heading", name="Kommuner og strategier").is_visible()
    shot(page, "01-front")

    page.get_by_role("link", name="Uddannelse til alle unge").first.click()
    page.get_by_label("Center").select_option("Skolecenter")
    page.get_by_role("button", name="Vis").click()
    rows = page.locator("tbody tr")
    assert rows.count() > 0
    for text in rows.all_inner_texts():
        assert "Skolecenter" in text
    shot(page, "02-strategy-filtered")

    page.locator("tbody tr", has_text="#6").get_by_role("link").first.click()
    assert page.locator("h1").inner_text().startswith("#6")
    shot(page, "03-initiative-anonymous")

    page.get_by_role("link", name="Log ind").first.click()
    log_in(page, "center")
    assert page.locator("h1").inner_text().startswith("#6"), "login returns to the initiative"

    neet = page.locator("#ind-r6-neet")
    assert "Ikke vurderet" in neet.locator("p.result").inner_text()
    chart_before = neet.locator("figure.chart img").get_attribute("src")
    page.evaluate("window.notReloaded = true")  # htmx swaps the page's main part; a reload would lose this
    neet.get_by_text("Tilføj måling").click()
    entry = neet.locator("form.entry-form").first  # the measurement form, not the colour assessment below it
    entry.get_by_label("Periode").fill("2020-11")
    entry.get_by_label("Værdi").fill("150")
    entry.get_by_role("button", name="Gem").click()
    neet = page.locator("#ind-r6-neet")
    error = neet.get_by_text("Værdien skal være et tal mellem 0 og 100 for en procentindikator.")
    error.wait_for()
    assert neet.get_by_label("Værdi").get_attribute("aria-invalid") == "true"
    assert not Measurement.objects.filter(indicator__key="r6-neet", is_baseline=False).exists()
    shot(page, "04-initiative-error")

    neet.get_by_label("Værdi").fill("6,8")
    neet.locator("form.entry-form").first.get_by_role("button", name="Gem").click()
    page.get_by_text("Gemt for november 2020").wait_for()
    neet = page.locator("#ind-r6-neet")
    assert "Grøn" in neet.locator("p.result").inner_text()
    assert neet.locator("figure.chart img").get_attribute("src") != chart_before
    assert "november 2020" in neet.locator("table.measurements").inner_text()
    assert Measurement.objects.get(indicator__key="r6-neet", period="2020-11").value == Decimal("6.8")
    assert page.evaluate("window.notReloaded") is True
    shot(page, "05-initiative-saved")
