"""Commissions end to end in Chromium: a partner disputes its accrued statement line with evidence, a partner
manager accepts the dispute on /commissions with an adjustment, and the partner reads the resolution and the
adjustment on its statement; finance approves a payout batch and pays it, and the partner sees it paid."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from web.conftest import screenshot
from web.program_seed import FINANCE_USER, WON_COMMISSION, WON_DEAL, ProgramSite, program_site
from web.web_world import ALPHA_USER, MANAGER

CLAIM = "The rate should be 40% above the first band"
EVIDENCE = "https://crm.test/deals/stark signed order form"
RESOLUTION = "Band boundary corrected on the Stark deal"


def summary_figure(page: Page, term: str) -> Locator:
    """The figure of the portal's "At a glance" summary named `term`."""
    return page.locator(f"#commission-summary dt:text-is('{term}') + dd")


@pytest.fixture(scope="module")
def site(browser: Browser, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ProgramSite]:
    with program_site(browser, tmp_path_factory.mktemp("commissions-live")) as running:
        yield running


def test_a_disputed_line_is_accepted_with_an_adjustment_the_partner_reads(site: ProgramSite) -> None:
    partner = site.page(ALPHA_USER)
    partner.goto("/portal/commissions")
    line = partner.locator("#statement-lines tr", has_text=WON_DEAL)
    expect(line).to_contain_text("accrual")
    expect(line).to_contain_text(str(WON_COMMISSION))
    line.get_by_text("Dispute this line").click()
    line.get_by_label("What is wrong").fill(CLAIM)
    line.get_by_label("Evidence (link or note)").fill(EVIDENCE)
    line.get_by_role("button", name="Open dispute").click()
    opened = re.search(r"Dispute (\d+) opened", partner.locator(".notice").inner_text())
    assert opened is not None
    dispute = opened.group(1)
    expect(partner.locator("#statement-lines tr", has_text=WON_DEAL)).to_contain_text("open")
    expect(partner.locator(f"#my-disputes #dispute-{dispute}")).to_contain_text(CLAIM)
    screenshot(partner, "commissions-dispute-opened")

    manager = site.page(MANAGER)
    manager.goto("/commissions")
    row = manager.locator(f"#dispute-{dispute}")
    expect(row).to_contain_text("Alpha Cloud")
    expect(row).to_contain_text(EVIDENCE)
    row.get_by_label("Resolution").fill(RESOLUTION)
    row.get_by_label("Adjustment (if accepted)").fill("2500")
    row.get_by_role("button", name="Accept").click()
    expect(manager.locator(".notice")).to_have_text(f"Dispute {dispute} resolved")
    expect(manager.locator("#open-disputes")).not_to_contain_text(CLAIM)
    screenshot(manager, "commissions-dispute-resolved")

    partner.goto("/portal/commissions")
    expect(partner.locator(f"#my-disputes #dispute-{dispute}")).to_contain_text("accepted")
    expect(partner.locator(f"#my-disputes #dispute-{dispute}")).to_contain_text(RESOLUTION)
    adjustment = partner.locator("#statement-lines tr", has_text=f"dispute {dispute} accepted")
    expect(adjustment).to_contain_text("2,500.00 USD")
    expect(adjustment).to_contain_text(RESOLUTION)
    expect(summary_figure(partner, "Open disputes")).to_have_text("0")
    screenshot(partner, "commissions-dispute-accepted")


def test_finance_approves_then_pays_a_batch_and_the_partner_sees_it_paid(site: ProgramSite) -> None:
    finance = site.page(FINANCE_USER)
    finance.goto("/commissions")
    batch = finance.locator(f"#batch-{site.payout_batch}")
    expect(batch).to_contain_text("draft")
    expect(batch).to_contain_text(str(WON_COMMISSION))
    batch.get_by_role("button", name="Approve").click()
    expect(finance.locator(".notice")).to_have_text(f"Batch {site.payout_batch} approved")
    expect(batch).to_contain_text("approved")
    batch.get_by_role("button", name="Mark paid").click()
    expect(finance.locator(".notice")).to_have_text(f"Batch {site.payout_batch} paid")
    expect(batch).to_contain_text("paid")
    expect(batch.get_by_role("button")).to_have_count(0)
    screenshot(finance, "commissions-batch-paid")

    partner = site.page(ALPHA_USER)
    partner.goto("/portal/commissions")
    expect(summary_figure(partner, "Paid")).to_have_text(str(WON_COMMISSION))
    expect(partner.locator("#statement-lines tr", has_text=f"payout batch {site.payout_batch}")).to_be_visible()
