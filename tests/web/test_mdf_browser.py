"""MDF end to end in Chromium: a partner requests funds with a plan and a budget, a partner manager approves the
request, the partner claims with proof of performance, the manager approves the claim, finance marks it
reimbursed (managers decide, finance pays), and the partner's balance shows what is committed, claimed,
reimbursed and left."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

import pytest
from playwright.sync_api import Browser, Page, expect

from web.conftest import screenshot
from web.program_seed import FINANCE_USER, ProgramSite, program_site
from web.web_world import ALPHA_USER, MANAGER

ACTIVITY = "Alpha winter CIO webinar"
PROOF = "https://files.alpha.test/webinar-attendees.csv"
PAYMENT = "PAY-2026-118"
# Currency, then allocated, requested, committed, claimed, reimbursed and remaining.
FRESH = ["10,000.00 USD", "0.00 USD", "0.00 USD", "0.00 USD", "0.00 USD", "10,000.00 USD"]
REQUESTED = ["10,000.00 USD", "4,000.00 USD", "0.00 USD", "0.00 USD", "0.00 USD", "10,000.00 USD"]
REIMBURSED = ["10,000.00 USD", "0.00 USD", "4,000.00 USD", "1,500.00 USD", "1,500.00 USD", "6,000.00 USD"]


@pytest.fixture(scope="module")
def site(browser: Browser, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ProgramSite]:
    with program_site(browser, tmp_path_factory.mktemp("mdf-live")) as running:
        yield running


def usd_balance(page: Page) -> list[str]:
    page.goto("/portal/mdf")
    return page.locator("#mdf-balance tr", has=page.locator("th", has_text="USD")).locator("td").all_inner_texts()


def request_funds(page: Page, today: date) -> None:
    page.get_by_label("Activity").fill(ACTIVITY)
    page.get_by_label("Plan").fill("A joint webinar for 200 CIOs in the retail segment; 400k USD of pipeline expected")
    page.get_by_label("Period").fill(str(today.year))
    page.get_by_label("Budget").fill("4000")
    page.get_by_label("Currency").select_option("USD")
    page.get_by_label("Starts on").fill((today + timedelta(days=7)).isoformat())
    page.get_by_label("Ends on").fill((today + timedelta(days=21)).isoformat())
    page.get_by_role("button", name="Request MDF").click()
    expect(page.locator(".notice")).to_contain_text("your request is recorded")


def claim_with_proof(page: Page) -> None:
    request = page.locator("#mdf-requests tr", has_text=ACTIVITY)
    expect(request).to_contain_text("approved")
    request.get_by_label("Amount (USD)").fill("1500")
    request.get_by_label("Proof (file or URL)").fill(PROOF)
    request.get_by_label("What it shows").fill("187 attendees, 42 qualified leads")
    request.get_by_role("button", name="Claim").click()
    expect(page.locator(".notice")).to_contain_text("your claim is recorded")


def test_requested_funds_are_approved_claimed_reimbursed_and_leave_the_right_balance(site: ProgramSite) -> None:
    partner, manager = site.page(ALPHA_USER), site.page(MANAGER)
    assert usd_balance(partner) == FRESH
    request_funds(partner, date.today())
    expect(partner.locator("#mdf-requests tr", has_text=ACTIVITY)).to_contain_text("pending")
    assert usd_balance(partner) == REQUESTED

    manager.goto("/mdf")
    queued = manager.locator("#mdf-request-queue tr", has_text=ACTIVITY)
    expect(queued).to_contain_text("Alpha Cloud")
    expect(queued).to_contain_text("400k USD of pipeline")
    expect(queued).to_contain_text("4,000.00 USD")
    queued.get_by_role("button", name="Approve").click()
    expect(manager.locator("#mdf-request-queue")).not_to_contain_text(ACTIVITY)

    partner.goto("/portal/mdf")
    claim_with_proof(partner)
    expect(partner.locator("#mdf-claims tr", has_text=PROOF)).to_contain_text("claimed")

    manager.goto("/mdf")
    claim = manager.locator("#mdf-claim-queue tr", has_text=PROOF)
    expect(claim).to_contain_text("1,500.00 USD")
    claim.get_by_role("button", name="Approve").click()
    expect(claim).to_contain_text("approved")
    expect(claim).to_contain_text("Waits for finance to pay")
    expect(claim.get_by_role("button")).to_have_count(0)

    finance = site.page(FINANCE_USER)
    finance.goto("/mdf")
    approved = finance.locator("#mdf-claim-queue tr", has_text=PROOF)
    approved.get_by_label("Payment reference").fill(PAYMENT)
    approved.get_by_role("button", name="Mark reimbursed").click()
    expect(finance.locator("#mdf-claim-queue")).not_to_contain_text(PROOF)
    screenshot(finance, "mdf-queue-after-reimbursement")

    assert usd_balance(partner) == REIMBURSED
    expect(partner.locator("#mdf-claims tr", has_text=PROOF)).to_contain_text(f"reimbursed ({PAYMENT})")
    screenshot(partner, "mdf-partner-balance")
