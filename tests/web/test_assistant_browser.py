"""The portal assistant in Chromium: a partner's questions are answered in place through htmx (the page is not
reloaded) from its own records, with sources it can follow; a question naming another partner's deal and
registration gets none of that partner's data."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from web.conftest import screenshot
from web.program_seed import MDF_ALLOCATED, ProgramSite, program_site
from web.web_world import ALPHA_USER, bravo_secrets

SAME_DOCUMENT = "window.sameDocument"


@pytest.fixture(scope="module")
def site(browser: Browser, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ProgramSite]:
    with program_site(browser, tmp_path_factory.mktemp("assistant-live")) as running:
        yield running


@pytest.fixture
def portal(site: ProgramSite) -> Page:
    page = site.page(ALPHA_USER)
    page.goto("/portal/assistant")
    page.evaluate(f"{SAME_DOCUMENT} = true")  # a full page load would drop this
    return page


def ask(page: Page, question: str) -> None:
    """Ask and wait for the answer; it must come back as an htmx swap, not a new page."""
    page.get_by_label("Your question").fill(question)
    with page.expect_response(lambda r: r.url.endswith("/portal/assistant") and r.request.method == "POST") as sent:
        page.get_by_role("button", name="Ask").click()
    assert sent.value.request.headers.get("hx-request") == "true"
    expect(page.locator("#answer h2")).to_have_text("Answer")
    assert page.evaluate(SAME_DOCUMENT) is True


def test_a_partner_gets_its_mdf_balance_and_registration_status_with_sources(portal: Page) -> None:
    ask(portal, "What is my MDF balance?")
    answer = portal.locator("#answer")
    expect(answer.locator(".answer-text")).to_contain_text(
        f"MDF in USD: {MDF_ALLOCATED} remaining of {MDF_ALLOCATED} allocated")
    expect(answer.locator(".sources")).to_contain_text("Your MDF balance")
    screenshot(portal, "assistant-mdf-balance")

    ask(portal, "What is the status of my registration for Alpha Known Prospect?")
    expect(answer.locator(".answer-text")).to_contain_text("Alpha Known Prospect: pending")
    source = answer.locator(".sources").get_by_role("link", name="Alpha Known Prospect")
    source.click()
    portal.wait_for_url("**/portal/registrations/*")
    expect(portal.get_by_role("heading", level=1)).to_contain_text("Alpha Known Prospect")


def test_a_question_about_another_partners_deal_returns_none_of_its_data(portal: Page) -> None:
    ask(portal, "What is the status of deal 3 (Umbrella rollout) and of Bravo Secret Prospect's registration 2?")
    answer = portal.locator("#answer")
    expect(answer).to_contain_text("could not answer")
    expect(answer.locator(".answer-text")).to_contain_text("I found none of your registrations or deals")
    shown = answer.inner_text()
    assert [secret for secret in (*bravo_secrets(), "Umbrella rollout") if secret in shown] == []
    expect(answer.locator(".sources")).to_have_count(0)
    screenshot(portal, "assistant-other-partner")
