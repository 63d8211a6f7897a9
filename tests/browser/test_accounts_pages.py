"""The user-management pages in a real browser: an administrator invites a person (with an error
first), the person chooses a password through the link; axe-core finds no serious problem."""

from .conftest import axe_violations, log_in


def test_an_administrator_invites_and_the_person_sets_a_password(site, page, shot):
    page.goto(site + "/konto/log-ind/?next=/o/ringsted/brugere/")
    log_in(page, "ringsted-administrator")
    page.get_by_role("heading", name="Brugere i Ringsted Kommune").wait_for()
    assert axe_violations(page) == []
    page.get_by_label("Brugernavn").fill("ny-laerer")
    page.get_by_label("Rolle").select_option("centre-editor")
    page.get_by_role("button", name="Invitér").click()
    page.get_by_text("Vælg mindst én enhed til en centermedarbejder.").wait_for()
    shot(page, "accounts-invite-error")
    assert axe_violations(page) == []
    page.get_by_label("Skolecenter").check()
    page.get_by_role("button", name="Invitér").click()
    message = page.locator("#messages").inner_text()
    assert "ny-laerer er inviteret som centermedarbejder" in message
    shot(page, "accounts-members")
    link = message[message.index("http"):].split()[0]

    context = page.context.browser.new_context(bypass_csp=True, locale="da-DK")
    person = context.new_page()
    person.goto(link)
    person.get_by_role("heading", name="Vælg din adgangskode").wait_for()
    assert axe_violations(person) == []
    person.get_by_label("Ny adgangskode", exact=True).fill("Skolevej-17-blå")
    person.get_by_label("Bekræftelse af ny adgangskode").fill("Skolevej-17-blå")
    person.get_by_role("button", name="Gem adgangskoden").click()
    person.get_by_role("heading", name="Din adgangskode er gemt").wait_for()
    context.close()


def test_the_strategy_page_offers_to_stop_publishing_to_a_consultant(site, page, shot):
    page.goto(site + "/konto/log-ind/?next=/s/ringsted-uddannelse-til-alle-unge/")
    log_in(page, "konsulent")
    page.get_by_role("button", name="Gør ikke-offentlig").wait_for()
    shot(page, "strategy-publish-button")
    assert axe_violations(page) == []
