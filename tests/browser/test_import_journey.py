"""A consultant uploads a changed strategy document, sees the preview, confirms, and finds the change."""

import json

from pejling.interchange.exporter import strategy_export
from pejling.plans.models import Strategy

from .conftest import axe_violations, log_in

RINGSTED = "ringsted-uddannelse-til-alle-unge"


def test_a_consultant_imports_a_changed_document_through_the_preview(site, page, shot, tmp_path):
    doc = strategy_export(strategy=Strategy.objects.get(slug=RINGSTED))
    ini = next(i for i in doc["strategy"]["initiatives"] if i["code"] == "#6")
    ini["title"] = "Styrket UU-indsats for alle unge"
    ini["indicators"][0]["measurements"].append({"period": "2020-11", "value": 6.8})
    path = tmp_path / "ringsted.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")

    page.goto(f"{site}/konto/log-ind/?next=/s/{RINGSTED}/")
    log_in(page, "ringsted-konsulent")
    page.get_by_role("link", name="Importér", exact=True).click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Importér til")
    assert axe_violations(page) == []
    page.get_by_label("Fil").set_input_files(str(path))
    page.get_by_role("button", name="Læs filen og vis en forhåndsvisning").click()

    assert page.get_by_role("heading", level=1).inner_text() == "Forhåndsvisning af importen"
    changed = page.locator("table.import-changed")
    assert changed.count() == 1, changed.all_inner_texts()[:4]
    assert "»Styrket UU-indsats«" in changed.inner_text() and "»Styrket UU-indsats for alle unge«" in changed.inner_text()
    assert "r6-neet 2020-11" in page.locator("ul.import-new").inner_text()
    assert axe_violations(page) == []
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shot(page, "import-preview-390")
    page.set_viewport_size({"width": 1280, "height": 900})
    shot(page, "import-preview")

    page.get_by_role("button", name="Gennemfør import").click()
    assert "Importeret: 1 nye, 1 ændrede." in page.locator("#messages").inner_text()
    page.goto(f"{site}/s/{RINGSTED}/i/6/")
    assert page.get_by_role("heading", level=1).inner_text().endswith("Styrket UU-indsats for alle unge")
    assert "6,8" in page.locator("main").inner_text()
