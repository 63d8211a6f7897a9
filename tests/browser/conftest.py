"""Browser tests: Playwright driving Debian's Chromium against a live Pejling with the demo data.
Screenshots go to test-artifacts/screenshots/ (git-ignored) so a person can look at them."""

import os
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; Django's ORM calls in the test are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("PEJLING_CHROMIUM", "/usr/bin/chromium")
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
SHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium package")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def site(transactional_db, live_server):
    """The live server with the three seed municipalities and the demo log-ins."""
    from pejling.demo.loader import demo_accounts, demo_load

    list(demo_load())
    demo_accounts()
    return live_server.url


@pytest.fixture
def page(browser):
    # axe-core is injected as a script of the test's own: the pages' Content-Security-Policy would refuse it
    context = browser.new_context(bypass_csp=True, viewport={"width": 1280, "height": 900}, locale="da-DK")
    p = context.new_page()
    p.set_default_timeout(15_000)
    yield p
    context.close()


@pytest.fixture
def shot():
    SHOTS.mkdir(parents=True, exist_ok=True)

    def take(page, name, full_page=True):
        page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=full_page)
    return take


def axe_violations(page, impacts=("serious", "critical")):
    """axe-core's WCAG 2.1 A/AA violations of the given impacts, as readable strings."""
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: `make test` runs npm ci")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("""async () => await axe.run(document, {
        runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})""")
    assert len(result["passes"]) > 10, "axe ran no checks"
    return [f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
            for v in result["violations"] if v["impact"] in impacts]


def log_in(page, username):
    """Fill in the log-in page the browser is on (password "demo", the demo accounts')."""
    page.get_by_label("Brugernavn").fill(username)
    page.get_by_label("Adgangskode").fill("demo")
    page.locator("main").get_by_role("button", name="Log ind").click()
