"""The assistant proposes in Chromium: a partner's request comes back in place (htmx) as the filled registration
form; the partner corrects a field and confirms, and the registration waits pending in its list."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from web.conftest import CHROMIUM, CHROMIUM_ARGS, screenshot
from web.program_seed import ProgramSite, program_site
from web.web_world import ALPHA_USER


@pytest.fixture(scope="module")
def chromium() -> Iterator[Browser]:
    """A browser of this module's own: Playwright's loop must be gone before later tests run asyncio."""
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def site(chromium: Browser, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ProgramSite]:
    with program_site(chromium, tmp_path_factory.mktemp("assistant-proposals-live")) as running:
        yield running


def test_a_partner_confirms_the_registration_the_assistant_filled_in(site: ProgramSite) -> None:
    page: Page = site.page(ALPHA_USER)
    page.goto("/portal/assistant")
    page.evaluate("window.sameDocument = true")
    page.get_by_label("Your question").fill("register Browser Prospect for 40k closing in March")
    page.get_by_role("button", name="Ask").click()
    expect(page.locator("#answer h2")).to_have_text("A registration to confirm")
    assert page.evaluate("window.sameDocument") is True  # swapped in place, nothing submitted yet
    expect(page.get_by_label("Company name")).to_have_value("Browser Prospect")
    expect(page.get_by_label("Estimated amount")).to_have_value("40000")
    page.get_by_label("Contact name").fill("Dana Scully")
    screenshot(page, "assistant-proposed-registration")
    page.get_by_role("button", name="Confirm the registration").click()
    expect(page.locator("#proposed")).to_contain_text("Registered Browser Prospect: pending")
    page.get_by_role("link", name="See the registration").click()
    page.wait_for_url("**/portal/registrations")
    expect(page.locator("main")).to_contain_text("Browser Prospect")
