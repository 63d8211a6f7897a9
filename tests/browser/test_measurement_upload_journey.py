"""A consultant imports a file of measurements in the browser: upload, preview (old → new), confirm, and
finds the new number on the initiative page. axe-clean, nothing refused by the CSP, fits 390 px."""

from pathlib import Path
from urllib.parse import quote

import pytest

from .conftest import axe_violations, log_in

RINGSTED = "ringsted-uddannelse-til-alle-unge"
CSV = ("Indikator;Periode;Gruppe;Værdi;Kommentar\n"
       "r6-neet;nov. 2020;;6,8 %;Fra jobindsats.dk\n"
       "r6-neet;nov. 2021;;6,1;\n"
       "r6-neet;nov. 2021;Nydnske;9,0;\n")


@pytest.mark.parametrize("width", [390, 1280])
def test_a_consultant_imports_measurements_and_sees_them(site, browser, shot, tmp_path, width):
    path = tmp_path / "ringsted-maalinger.csv"
    path.write_text(CSV, encoding="utf-8")
    # Without bypass_csp the page's own policy applies (nothing may be refused); axe goes in through
    # Playwright's own channel (evaluate), which the policy does not govern.
    context = browser.new_context(viewport={"width": width, "height": 900}, is_mobile=width < 500, locale="da-DK")
    page = context.new_page()
    page.add_script_tag = lambda path: page.evaluate(Path(path).read_text(encoding="utf-8"))
    blocked = []
    page.on("console", lambda m: blocked.append(m.text) if "Content Security Policy" in m.text else None)
    url = f"/s/{RINGSTED}/importer/maalinger/"
    page.goto(site + "/konto/log-ind/?next=" + quote(url))
    log_in(page, "konsulent")
    page.get_by_label("Fil (CSV eller Excel)").set_input_files(str(path))
    page.get_by_role("button", name="Vis forhåndsvisning").click()
    page.get_by_role("heading", name="Forhåndsvisning: ringsted-maalinger.csv").wait_for()
    assert "»Nydnske« for r6-neet (række 4)" in page.locator("main").inner_text()
    table = page.get_by_role("table", name="Det ændrer importen")
    assert table.locator("tbody tr").count() == 3
    shot(page, f"measurement-upload-preview-{width}")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert axe_violations(page) == []
    page.get_by_role("button", name="Gennemfør import").click()
    page.get_by_text("ringsted-maalinger.csv er importeret: 3 nye").wait_for()
    page.goto(site + f"/s/{RINGSTED}/i/6/")
    assert "6,1" in page.locator("#ind-r6-neet").inner_text()
    assert blocked == [], blocked
    context.close()
