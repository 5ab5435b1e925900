"""The account mapping overview in Chromium at 1366 px and on a 375 px phone: 120 partners' lists paged with the
total, a partner found by its id, sorted by a count (aria-sort), and a partner's overlap reached from its row,
without sideways scrolling of the page."""

from __future__ import annotations

import random
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import Engine, func, select

from partnerops.mapping.overlap import overlap
from partnerops.store.mapping_tables import partner_accounts
from web.conftest import build_app, screenshot, serving, signed_in_page
from web.mapping_world import seed_mapping
from web.web_world import MANAGER

WIDTHS = (1366, 375)


@pytest.fixture(scope="module")
def crowded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Engine]]:
    """The page world with 120 generated partners' account lists, served on loopback."""
    app, engine, _ = build_app(tmp_path_factory.mktemp("mapping-browser"))
    seed_mapping(engine, random.Random(21), partner_count=121, listed=4)
    with serving(app) as url:
        yield url, engine
    engine.dispose()



def _listing(engine: Engine) -> int:
    with engine.connect() as conn:
        distinct = select(func.count(func.distinct(partner_accounts.c.partner_id)))
        return int(conn.execute(distinct).scalar_one())


def _fits(page: Page, width: int) -> None:
    assert page.evaluate("document.scrollingElement.scrollWidth") <= width


@pytest.mark.parametrize("width", WIDTHS)
def test_the_overview_pages_and_finds_a_partner_by_its_id(
    browser: Browser, crowded: tuple[str, Engine], width: int
) -> None:
    url, engine = crowded
    total = _listing(engine)
    page = signed_in_page(browser, url, width, MANAGER)
    page.goto("/mapping")
    summary = page.get_by_role("status").first
    expect(summary).to_have_text(f"1–50 of {total} partners with an account list")
    page.get_by_role("link", name="Next").click()
    expect(summary).to_have_text(f"51–100 of {total} partners with an account list")
    expect(page.locator("#mapping-overview tbody tr")).to_have_count(50)
    _fits(page, width)
    page.get_by_label("Search by partner name or id").fill("gp-1042")
    page.get_by_role("button", name="Show").click()
    expect(summary).to_have_text("1–1 of 1 partners with an account list")
    row = page.locator("#mapping-overview tbody tr")
    expect(row).to_contain_text("Generated Partner 1042")
    _fits(page, width)
    screenshot(page, f"mapping-overview-search-{width}")
    row.get_by_role("link", name="Generated Partner 1042").click()
    expect(page).to_have_url(f"{url}/mapping/GP-1042")
    with engine.connect() as conn:
        rows = overlap(conn, 1042).rows.height
    shown = f"1–{rows} of {rows} overlapping accounts" if rows else "0 overlapping accounts"
    expect(page.locator("#overlap caption")).to_have_text(shown)
    _fits(page, width)


@pytest.mark.parametrize("width", WIDTHS)
def test_the_overview_sorts_by_a_count_from_its_header(
    browser: Browser, crowded: tuple[str, Engine], width: int
) -> None:
    url, _ = crowded
    page = signed_in_page(browser, url, width, MANAGER)
    page.goto("/mapping")
    header = page.locator("th", has=page.get_by_role("link", name="Accounts listed", exact=True))
    header.get_by_role("link").click()
    expect(page.locator("th", has=page.get_by_role("link", name="Accounts listed", exact=True))).to_have_attribute(
        "aria-sort", "ascending")
    page.locator("th", has=page.get_by_role("link", name="White space")).get_by_role("link").click()
    white = page.locator("th", has=page.get_by_role("link", name="White space"))
    expect(white).to_have_attribute("aria-sort", "ascending")
    white.get_by_role("link").click()
    expect(page.locator("th", has=page.get_by_role("link", name="White space"))).to_have_attribute(
        "aria-sort", "descending")
    counts = [int(c) for c in page.locator("#mapping-overview tbody tr td:nth-child(6)").all_inner_texts()]
    assert counts == sorted(counts, reverse=True) and len(counts) == 50
    _fits(page, width)
    screenshot(page, f"mapping-overview-sorted-{width}")
