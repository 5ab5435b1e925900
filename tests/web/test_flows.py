"""The pages end to end in Chromium against a live server: a partner registers a deal, a manager approves
it, the partner sees it approved and the dashboard counts it as sourced; a conflicting one is flagged."""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import Page, expect

from web.conftest import login, screenshot
from web.web_world import ALPHA_USER, BRAVO_USER, MANAGER, World

PageFactory = Callable[..., Page]


def register_deal(page: Page, company: str, domain: str) -> None:
    page.goto("/portal/registrations/new")
    page.get_by_label("Company name").fill(company)
    page.get_by_label("Company web domain").fill(domain)
    page.get_by_label("Estimated amount").fill("125000")
    page.get_by_label("Expected close date").fill("2030-03-31")
    page.get_by_role("button", name="Register the deal").click()
    expect(page.locator(".notice")).to_contain_text("your registration is recorded")


def sourced_open_deals(page: Page) -> int:
    page.goto("/")
    return int(page.locator("#kpi-sourced-open").inner_text())


def test_approved_registration_reaches_the_partner_and_the_dashboard(new_page: PageFactory) -> None:
    manager, partner = new_page(), new_page()
    login(manager, MANAGER)
    before = sourced_open_deals(manager)
    login(partner, ALPHA_USER)
    register_deal(partner, "Globex Newco", "globex-newco.test")
    expect(partner.locator("#my-registrations")).to_contain_text("pending")
    screenshot(partner, "partner-registered")

    manager.goto("/registrations")
    row = manager.locator("tr", has_text="Globex Newco")
    expect(row).to_contain_text("left")
    row.get_by_role("button", name="Approve Globex Newco").click()
    expect(manager.locator("tr", has_text="Globex Newco")).to_contain_text("approved")
    screenshot(manager, "manager-approved")

    partner.goto("/portal/registrations")
    expect(partner.locator("tr", has_text="Globex Newco")).to_contain_text("approved")
    assert sourced_open_deals(manager) == before + 1
    screenshot(manager, "dashboard-after-approval")


def test_conflicting_registration_is_flagged_in_the_queue(new_page: PageFactory) -> None:
    partner, manager = new_page(), new_page()
    login(partner, BRAVO_USER)
    register_deal(partner, "Vandelay", "vandelay.test")  # Vandelay has an open opportunity already
    login(manager, MANAGER)
    manager.goto("/registrations")
    row = manager.locator("tr", has_text="Vandelay")
    expect(row.locator(".flag")).to_have_text("Conflict")
    expect(row).to_contain_text("open")
    screenshot(manager, "queue-conflict")


def test_partner_user_is_kept_out_of_internal_pages(new_page: PageFactory) -> None:
    partner = new_page()
    login(partner, ALPHA_USER)
    expect(partner.get_by_role("navigation", name="Main")).not_to_contain_text("Dashboard")
    answer = partner.goto("/registrations")
    assert answer is not None and answer.status == 403


def test_an_extension_is_requested_in_the_portal_and_granted_in_the_queue(
    new_page: PageFactory, live_server: tuple[str, World]
) -> None:
    partner, manager = new_page(), new_page()
    registration = live_server[1].alpha_registration
    login(partner, ALPHA_USER)
    partner.goto(f"/portal/registrations/{registration}")
    expires_on = partner.locator("#registration-expires").inner_text()
    partner.get_by_role("button", name="Request an extension").click()
    expect(partner.get_by_role("status")).to_contain_text("Extension requested")

    login(manager, MANAGER)
    manager.goto("/registrations")
    manager.get_by_role("button", name="Grant extension to Alpha Known Prospect").click()
    expect(manager.locator(f"#registration-{registration}")).to_contain_text("Extended to")
    screenshot(manager, "queue-extension-granted")

    partner.reload()
    expect(partner.locator("#registration-expires")).not_to_have_text(expires_on)
