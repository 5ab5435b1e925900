"""The registration queue and match review in Chromium at 1366 px and on a 375 px phone: paging with the total,
search, sorting by a column header (aria-sort) and a bulk decision, without sideways scrolling."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import Engine, func, select

from partnerops.store.mapping_tables import account_matches
from partnerops.store.registration_tables import registrations
from web.conftest import build_app, screenshot, serving, signed_in_page
from web.test_match_review import seed_matches
from web.test_registration_lists import _seed as seed_registrations
from web.web_world import BRAVO, MANAGER

BRAVO_REF = "PB"  # partner B's external id: the mapping pages' URLs name it

WIDTHS = (1366, 375)


@pytest.fixture(scope="module")
def crowded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Engine]]:
    """The page world with 60 more pending registrations and 70 matches awaiting review, served on loopback."""
    app, engine, _ = build_app(tmp_path_factory.mktemp("review-lists"))
    seed_registrations(engine)
    seed_matches(engine)
    with serving(app) as url:
        yield url, engine
    engine.dispose()



def _count(engine: Engine, table: object, *where: object) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(table).where(*where)).scalar_one())  # type: ignore[arg-type]


def _fits(page: Page, width: int) -> None:
    assert page.evaluate("document.scrollingElement.scrollWidth") <= width


@pytest.mark.parametrize("width", WIDTHS)
def test_the_registration_queue_pages_searches_and_sorts(
    browser: Browser, crowded: tuple[str, Engine], width: int
) -> None:
    url, engine = crowded
    page = signed_in_page(browser, url, width, MANAGER)
    page.goto("/registrations")
    total = _count(engine, registrations, registrations.c.status == "pending")
    pager = page.get_by_role("navigation", name="Pages of registrations").get_by_role("status")
    expect(pager).to_have_text(f"1–50 of {total} registrations")
    page.get_by_role("link", name="Next").click()
    expect(pager).to_have_text(f"51–{total} of {total} registrations")
    page.get_by_label("Search").fill("queue007")
    page.get_by_role("button", name="Show").click()
    expect(page.locator("#registration-queue tbody tr")).to_have_count(1)
    expect(page.locator("#registration-queue tbody")).to_contain_text("Queue Co 007")
    page.goto("/registrations")
    header = page.locator("th", has=page.get_by_role("link", name="Estimate"))
    header.get_by_role("link").click()
    expect(page.locator("th", has=page.get_by_role("link", name="Estimate"))).to_have_attribute("aria-sort",
                                                                                                  "ascending")
    page.locator("th", has=page.get_by_role("link", name="Estimate")).get_by_role("link").click()
    expect(page.locator("th", has=page.get_by_role("link", name="Estimate"))).to_have_attribute("aria-sort",
                                                                                                  "descending")
    expect(page.locator("#registration-queue tbody tr").first).to_contain_text("Queue Co 059")
    _fits(page, width)
    screenshot(page, f"lists-registrations-{width}")


@pytest.mark.parametrize("width", WIDTHS)
def test_rejecting_the_selected_registrations_with_one_reason(
    browser: Browser, crowded: tuple[str, Engine], width: int
) -> None:
    url, engine = crowded
    page = signed_in_page(browser, url, width, MANAGER)
    prefix = "Queue Co 02" if width == 1366 else "Queue Co 03"
    page.goto(f"/registrations?q={prefix.replace(' ', '+')}&sort=company_name")
    picked = page.locator("#registration-queue tbody input[type=checkbox]")
    expect(picked).to_have_count(10)
    for i in (0, 1):
        picked.nth(i).check()
    page.get_by_label("Reason to reject").first.fill("outside our territory")
    page.get_by_role("button", name="Reject selected").click()
    expect(page.locator(".notice")).to_have_text("2 registrations rejected.")
    rejected = _count(engine, registrations, registrations.c.company_name.in_((f"{prefix}0", f"{prefix}1")),
                      registrations.c.status == "rejected")
    assert rejected == 2
    _fits(page, width)


@pytest.mark.parametrize("width", WIDTHS)
def test_match_review_pages_sorts_and_confirms_the_selected(
    browser: Browser, crowded: tuple[str, Engine], width: int
) -> None:
    url, engine = crowded
    page = signed_in_page(browser, url, width, MANAGER)
    page.goto(f"/mapping/{BRAVO_REF}")
    page.get_by_role("link", name="review them").click()
    expect(page).to_have_url(f"{url}/mapping/{BRAVO_REF}/matches")
    pending = _count(engine, account_matches, account_matches.c.partner_id == BRAVO,
                     account_matches.c.status == "pending")
    pager = page.get_by_role("navigation", name="Pages of matches").get_by_role("status")
    expect(pager).to_have_text(f"1–50 of {pending} matches")
    expect(page.locator("th", has=page.get_by_role("link", name="Score"))).to_have_attribute("aria-sort",
                                                                                               "descending")
    page.get_by_role("link", name="Next").click()
    expect(pager).to_have_text(f"51–{pending} of {pending} matches")
    page.locator("th", has=page.get_by_role("link", name="Their account")).get_by_role("link").click()
    page.get_by_label("Search").fill("review listed 05" if width == 1366 else "review listed 06")
    page.get_by_role("button", name="Show").click()
    picked = page.locator("#match-review tbody input[type=checkbox]")
    expect(picked).to_have_count(10)
    picked.nth(0).check()
    picked.nth(1).check()
    page.get_by_role("button", name="Confirm selected").click()
    expect(page.locator(".notice")).to_have_text("2 matches confirmed.")
    assert page.url.startswith(f"{url}/mapping/{BRAVO_REF}/matches?")
    expect(picked).to_have_count(8)
    assert _count(engine, account_matches, account_matches.c.status == "pending",
                  account_matches.c.partner_id == BRAVO) == pending - 2
    _fits(page, width)
    screenshot(page, f"lists-match-review-{width}")
