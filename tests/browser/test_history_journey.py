"""A centre corrects a measurement in the browser (confirming the correction with a reason) and finds
the change in Historik; both pages pass axe's WCAG 2.1 AA checks."""

from urllib.parse import quote

from .conftest import axe_violations, log_in

INITIATIVE = "/s/ringsted-uddannelse-til-alle-unge/i/6/"


def _enter(page, value, *, confirm=None):
    neet = page.locator("#ind-r6-neet")
    details = neet.locator("details.entry").first
    if details.get_attribute("open") is None:
        details.locator("summary").click()
    form = neet.locator("form").first  # the measurement form (the goal's colour form follows it)
    form.get_by_label("Periode", exact=True).fill("2020-11")
    form.get_by_label("Værdi", exact=True).fill(value)
    if confirm:
        form.get_by_label("Ret den eksisterende værdi").check()
        form.get_by_label("Begrundelse for rettelsen").fill(confirm)
    form.get_by_role("button", name="Gem").click()


def test_a_correction_is_confirmed_with_its_reason_and_shows_in_the_history(site, page, shot):
    page.goto(site + "/konto/log-ind/?next=" + quote(INITIATIVE))
    log_in(page, "center")
    _enter(page, "7")
    page.get_by_text("Gemt for november 2020").wait_for()
    _enter(page, "6,8")
    page.get_by_text("november 2020 har allerede en værdi: 7 %").wait_for()
    shot(page, "history-correction-asked")
    assert axe_violations(page) == []
    _enter(page, "6,8", confirm="Tastefejl")
    page.get_by_text("Gemt for november 2020").wait_for()
    page.get_by_role("link", name="Historik").click()
    page.get_by_role("heading", name="Ændret: Måling november 2020").first.wait_for()
    assert page.get_by_text("Tastefejl").first.is_visible()
    shot(page, "history-initiative")
    assert axe_violations(page) == []
