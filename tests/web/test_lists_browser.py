"""The list pages in Chromium at 1366 px and on a 375 px phone: paging with the total, search, sorting by a
column header (aria-sort), bulk decisions on the touch queue (selected rows, or all the filter matches after
confirming their count) and partner and deal pages named by external id."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import Engine, func, insert, select

from partnerops.store.tables import audit_log, touches
from web.conftest import build_app, screenshot, serving, signed_in_page
from web.web_world import ALPHA, MANAGER

EXTRA_TOUCHES = 130
TYPES = ("poc", "joint_call", "intel", "integration", "discovery")
WIDTHS = (1366, 375)


@pytest.fixture(scope="module")
def crowded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Engine]]:
    """The page world with 130 more claimed touches of partner A, served on loopback."""
    app, engine, _ = build_app(tmp_path_factory.mktemp("lists"))
    today = date.today()
    rows = [{"source_system": "csv", "external_id": f"BULK-{i:03d}", "partner_id": ALPHA, "opportunity_id": 1 + i % 8,
             "type": TYPES[i % 5], "touched_on": today - timedelta(days=300 - i), "status": "claimed",
             "evidence": f"bulk-evidence-{i:03d}", "actor": "seed"} for i in range(EXTRA_TOUCHES)]  # fmt: skip
    with engine.begin() as conn:
        conn.execute(insert(touches), rows)
    with serving(app) as url:
        yield url, engine
    engine.dispose()



def _claimed(engine: Engine, *where: object) -> int:
    with engine.connect() as conn:
        query = select(func.count()).select_from(touches).where(touches.c.status == "claimed", *where)
        return int(conn.execute(query).scalar_one())


def _fits(page: Page, width: int) -> None:
    assert page.evaluate("document.scrollingElement.scrollWidth") <= width


@pytest.mark.parametrize("width", WIDTHS)
def test_the_touch_queue_pages_through_every_claimed_touch_with_its_total(
    browser: Browser, crowded: tuple[str, Engine], width: int
) -> None:
    url, engine = crowded
    page = signed_in_page(browser, url, width, MANAGER)
    page.goto("/touches")
    total = _claimed(engine)
    summary = page.get_by_role("status").first
    expect(summary).to_have_text(f"1–50 of {total:,} claimed touches")
    page.get_by_role("link", name="Next").click()
    expect(summary).to_have_text(f"51–100 of {total:,} claimed touches")
    expect(page.locator("#touch-queue tbody tr")).to_have_count(50)
    page.get_by_label("Per page").select_option("200")
    page.get_by_role("button", name="Show").click()
    expect(summary).to_have_text(f"1–{total} of {total:,} claimed touches")
    expect(page.get_by_role("link", name="Next")).to_have_count(0)
    _fits(page, width)
    screenshot(page, f"lists-touches-{width}")


@pytest.mark.parametrize("width", WIDTHS)
def test_search_finds_a_touch_by_its_evidence_and_sorting_flips_with_aria_sort(
    browser: Browser, crowded: tuple[str, Engine], width: int
) -> None:
    page = signed_in_page(browser, crowded[0], width, MANAGER)
    page.goto("/touches")
    page.get_by_label("Search").fill("BULK-EVIDENCE-042")
    page.get_by_role("button", name="Show").click()
    expect(page.locator("#touch-queue tbody tr")).to_have_count(1)
    expect(page.locator("#touch-queue tbody")).to_contain_text("bulk-evidence-042")
    page.goto("/touches")
    date_header = page.locator("th", has=page.get_by_role("link", name="Date"))
    expect(date_header).to_have_attribute("aria-sort", "ascending")
    date_header.get_by_role("link").click()
    expect(page.locator("th", has=page.get_by_role("link", name="Date"))).to_have_attribute("aria-sort", "descending")
    dates = page.locator("#touch-queue tbody tr td:nth-child(2)").all_inner_texts()
    assert dates == sorted(dates, reverse=True) and len(dates) == 50
    _fits(page, width)


def test_confirming_the_selected_touches_decides_them_and_audits_each(
    browser: Browser, crowded: tuple[str, Engine]
) -> None:
    url, engine = crowded
    page = signed_in_page(browser, url, 375, MANAGER)
    page.goto("/touches?q=bulk-evidence-00")
    picked = page.locator("#touch-queue tbody input[type=checkbox]")
    expect(picked).to_have_count(10)
    ids = [int(picked.nth(i).get_attribute("value") or 0) for i in (0, 1, 2)]
    for i in (0, 1, 2):
        picked.nth(i).check()
    page.get_by_role("button", name="Confirm selected").click()
    expect(page.locator(".notice")).to_have_text("3 touches confirmed.")
    with engine.connect() as conn:
        statuses = conn.execute(select(touches.c.status).where(touches.c.id.in_(ids))).scalars().all()
        audited = conn.execute(select(func.count()).select_from(audit_log).where(
            audit_log.c.entity == "touch", audit_log.c.entity_id.in_(ids), audit_log.c.new_value == "confirmed"))
        assert statuses == ["confirmed"] * 3 and audited.scalar_one() == 3
    screenshot(page, "lists-bulk-selected-375")


def test_rejecting_all_that_match_a_filter_needs_the_count_confirmed(
    browser: Browser, crowded: tuple[str, Engine]
) -> None:
    url, engine = crowded
    page = signed_in_page(browser, url, 1366, MANAGER)
    page.goto("/touches")
    page.get_by_label("Type").select_option("integration")
    page.get_by_role("button", name="Show").click()
    matching = _claimed(engine, touches.c.type == "integration")
    assert matching > 20
    expect(page.get_by_role("status").first).to_have_text(f"1–{matching} of {matching} claimed touches")
    reject_all = page.get_by_role("button", name=f"Reject all {matching}")
    reject_all.click()  # the count is not confirmed yet: the browser keeps the form
    assert _claimed(engine, touches.c.type == "integration") == matching
    page.get_by_label(re.compile(f"Yes, decide all {matching} claimed touches")).check()
    reject_all.click()
    expect(page.locator(".notice")).to_have_text(f"{matching} touches rejected.")
    assert _claimed(engine, touches.c.type == "integration") == 0
    assert _claimed(engine) > 0  # the other types are still waiting


def test_partner_and_deal_pages_are_named_by_external_id_and_an_unknown_one_is_a_404_page(
    browser: Browser, crowded: tuple[str, Engine]
) -> None:
    page = signed_in_page(browser, crowded[0], 1366, MANAGER)
    page.goto("/partners")
    page.get_by_role("link", name="Alpha Cloud").click()
    page.wait_for_url("**/partners/PA")
    expect(page.locator("h1")).to_have_text("Alpha Cloud")
    page.get_by_role("link", name="Initech platform").click()
    page.wait_for_url("**/opportunities/O1")
    answer = page.goto("/partners/PRT-NOPE")
    assert answer is not None and answer.status == 404
    expect(page.locator("h1")).to_have_text("Not found")
    expect(page.locator("main")).to_contain_text("There is no partner 'PRT-NOPE'")


def test_the_csv_download_holds_the_whole_filtered_view(browser: Browser, crowded: tuple[str, Engine]) -> None:
    url, engine = crowded
    page = signed_in_page(browser, url, 1366, MANAGER)
    page.goto("/touches?q=bulk")
    with page.expect_download() as caught:
        page.get_by_role("link", name=re.compile("Download CSV")).click()
    text = Path(caught.value.path()).read_text(encoding="utf-8")
    lines = text.strip().splitlines()
    assert lines[0].startswith("Date,Partner,Partner id,Type")
    assert len(lines) - 1 == _claimed(engine, touches.c.evidence.like("bulk%")) > 50
