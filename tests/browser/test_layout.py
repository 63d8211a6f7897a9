"""Every page type at a phone's 390 px and a laptop's 1280 px: never wider than the window (a wide
table scrolls inside its own box). Screenshots are saved for a person to look at."""

from urllib.parse import quote

import pytest

from .conftest import log_in

PUBLIC = {
    "front": "/",
    "organisation": "/o/holstebro/",
    "strategy": "/s/ringsted-uddannelse-til-alle-unge/",
    "strategy-ended": "/s/holstebro-partnerskab-ungestrategier/",
    "initiative-numeric": "/s/ringsted-uddannelse-til-alle-unge/i/6/",
    "initiative-distribution": "/s/ringsted-uddannelse-til-alle-unge/i/1/",
    "initiative-milestones": "/s/holstebro-partnerskab-ungestrategier/i/4.2/",
    "effect-goal": "/s/holstebro-partnerskab-ungestrategier/maal/h3-frafald/",
    "reports": "/s/ringsted-uddannelse-til-alle-unge/rapporter/",
}
SIGNED_IN = {
    "organisation-member": "/o/ringsted/",
    "entry-forms": "/s/ringsted-uddannelse-til-alle-unge/i/6/",
    "plan-editing": "/s/ringsted-uddannelse-til-alle-unge/i/6/indikator/r6-neet/rediger/",
    "report-texts": "/s/ringsted-uddannelse-til-alle-unge/rapporter/tekster/",
    "live-report": "/s/ringsted-uddannelse-til-alle-unge/rapport/?as_of=2021-06-30",
    "reference-series": "/s/ringsted-uddannelse-til-alle-unge/referencer/r6-neet/",
    "reference-form": "/s/ringsted-uddannelse-til-alle-unge/referencer/r6-neet/ny/",
    "delete-initiative": "/s/ringsted-uddannelse-til-alle-unge/i/6/slet/",
    "delete-indicator": "/s/ringsted-uddannelse-til-alle-unge/slet-indikator/r6-neet/",
    "deleted": "/s/ringsted-uddannelse-til-alle-unge/historik/slettet/",
}


def _check(context, site, path, name, shot, width, signed_in=False):
    page = context.new_page()
    blocked = []
    page.on("console", lambda m: blocked.append(m.text) if "Content Security Policy" in m.text else None)
    if signed_in:
        page.goto(site + "/konto/log-ind/?next=" + quote(path))
        log_in(page, "konsulent")
    else:
        page.goto(site + path)
    for details in page.locator("details.entry").all()[:4]:
        details.locator("summary").click()  # open forms take room too
    assert page.locator("h1").count() == 1, f"{path} did not open"
    shot(page, f"layout-{width}-{name}")
    wide = page.evaluate("document.documentElement.scrollWidth")
    assert wide <= width, f"{path} is {wide} px wide in a {width} px window"
    assert blocked == [], blocked  # nothing the page needs is refused by its Content-Security-Policy


@pytest.mark.parametrize("width", [390, 1280])
def test_every_page_type_fits_the_window(site, browser, shot, width):
    context = browser.new_context(viewport={"width": width, "height": 900}, is_mobile=width < 500)
    for name, path in PUBLIC.items():
        _check(context, site, path, name, shot, width)
    for name, path in SIGNED_IN.items():
        _check(context, site, path, name, shot, width, signed_in=True)
    context.close()


@pytest.mark.parametrize("width", [390, 1280])
def test_a_national_front_page_fits_the_window(site, browser, shot, width, monkeypatch):
    from pejling.web import pages
    monkeypatch.setattr(pages, "FRONT_ORGANISATIONS", 0)  # the demo's three municipalities shown as many
    context = browser.new_context(viewport={"width": width, "height": 900}, is_mobile=width < 500)
    _check(context, site, "/", "front-national", shot, width)
    _check(context, site, "/", "front-national-member", shot, width, signed_in=True)
    context.close()


def test_a_chart_keeps_its_size_on_a_phone_and_scrolls_sideways_in_its_own_box(site, browser, shot):
    # Shrunk to a 390 px window a 620 px chart's numbers were too small to read
    context = browser.new_context(viewport={"width": 390, "height": 900}, is_mobile=True)
    page = context.new_page()
    page.goto(site + PUBLIC["initiative-numeric"])
    box = page.locator(".chart-scroll").first
    box.scroll_into_view_if_needed()
    page.wait_for_function("[...document.querySelectorAll('figure.chart img')].every(i => i.complete)")
    natural, shown = box.locator("img").evaluate("i => [i.naturalWidth, i.getBoundingClientRect().width]")
    assert natural >= 500 and shown == natural
    assert box.evaluate("b => b.scrollWidth > b.clientWidth")
    box.focus()
    page.keyboard.press("ArrowRight")
    # A keyboard reaches the rest of the chart (the browser scrolls smoothly: wait for it)
    page.wait_for_function("b => b.scrollLeft > 0", arg=box.element_handle(), timeout=5000)
    assert box.get_attribute("aria-label").startswith("Diagram: ")
    # Nothing else shows that it scrolls (a phone hides scrollbars): a line under it says so
    assert page.locator(".chart-hint").first.is_visible()
    assert page.locator(".chart-hint").first.inner_text() == "Diagrammet er bredere end skærmen: rul det til siden."
    shot(page, "chart-390-scrolls")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_a_chart_on_a_laptop_is_not_said_to_scroll(site, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(site + PUBLIC["initiative-numeric"])
    assert page.locator(".chart-hint").count() > 0 and not page.locator(".chart-hint").first.is_visible()
