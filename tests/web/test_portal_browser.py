"""The portal's earnings and upload pages in Chromium, at a desktop width (1366 px) and a phone's (375 px): the
figures, chart and reasons read without the page scrolling sideways, and files go up through the real form."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from partnerops.settings import Settings
from partnerops.store.database import make_engine, migrate
from partnerops.web.app import create_web_app
from web.conftest import login, screenshot, serving
from web.earnings_world import seed_earnings
from web.upload_world import ACCOUNT_LIST, PDF, approved_request
from web.web_world import ALPHA_USER

WIDTHS = (1366, 375)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("portal-live")
    url = f"sqlite:///{folder / 'portal.db'}"
    engine = make_engine(url)
    migrate(engine)
    seed_earnings(engine)
    approved_request(engine, budget="2000")
    app = create_web_app(engine, Settings(database_url=url, secure_cookies=False), warm_dashboard=False)
    with serving(app) as base_url:
        yield base_url
    engine.dispose()


@pytest.fixture
def partner_page(browser: Browser, site: str, request: pytest.FixtureRequest) -> Iterator[Page]:
    width = request.param
    context = browser.new_context(base_url=site, viewport={"width": width, "height": 900}, locale="en-US")
    page = context.new_page()
    login(page, ALPHA_USER)
    yield page
    context.close()


def _fits_the_width(page: Page) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))


@pytest.mark.parametrize("partner_page", WIDTHS, indirect=True, ids=[f"{w}px" for w in WIDTHS])
def test_the_earnings_page_reads_at_desktop_and_phone_widths(partner_page: Page) -> None:
    page = partner_page
    page.get_by_role("link", name="My earnings").first.click()
    expect(page.locator("#earned")).to_have_text("15,000.00 USD")
    expect(page.locator("#next-payout")).to_contain_text("2026-12-15, by payout batch")
    chart = page.locator("#earnings-chart svg")
    expect(chart).to_be_visible()
    box = chart.bounding_box()
    assert box is not None and box["width"] <= page.viewport_size["width"]  # type: ignore[index]
    hooli = page.locator("#earning-lines tbody.earning", has_text="Hooli rollout")
    expect(hooli).to_contain_text("capped: the yearly cap of 15,000 USD was reached on 2026-04-20")
    expect(hooli).to_contain_text("converted at 1 EUR = 1.1 USD")
    expect(page.locator("#statements")).to_contain_text("2026-Q2")
    assert _fits_the_width(page)
    screenshot(page, f"portal-earnings-{page.viewport_size['width']}px")  # type: ignore[index]


@pytest.mark.parametrize("partner_page", WIDTHS, indirect=True, ids=[f"{w}px" for w in WIDTHS])
def test_a_partner_uploads_its_account_list_and_an_mdf_proof(partner_page: Page, tmp_path: Path) -> None:
    page = partner_page
    width = page.viewport_size["width"]  # type: ignore[index]
    accounts = tmp_path / "alpha-accounts.csv"
    accounts.write_text(ACCOUNT_LIST)
    page.goto("/portal/mapping")
    page.get_by_role("link", name="Upload your account list").click()
    page.get_by_label("Account list (CSV or JSON").set_input_files(accounts)
    page.get_by_role("button", name="Upload and match").click()
    expect(page.locator("#upload-counts")).to_contain_text("3 rows read")
    expect(page.locator("#quarantined-rows")).to_contain_text("not-a-status")
    assert _fits_the_width(page)
    screenshot(page, f"portal-account-upload-{width}px")

    proof = tmp_path / f"webinar-{width}.pdf"
    proof.write_bytes(PDF)
    page.goto("/portal/mdf")
    request = page.locator("#mdf-requests tr", has_text="Retail CIO webinar")
    request.get_by_label("Amount (USD)").fill("400")
    request.get_by_label("Proof file").set_input_files(proof)
    request.get_by_label("What it shows").fill("187 attendees")
    request.get_by_role("button", name="Claim").click()
    expect(page.locator(".notice")).to_contain_text("your claim is recorded")
    stored = page.locator("#mdf-claims a", has_text=proof.name)
    with page.expect_download() as download:
        stored.click()
    assert Path(download.value.path()).read_bytes() == PDF
    assert _fits_the_width(page)
    screenshot(page, f"portal-mdf-proof-{width}px")
