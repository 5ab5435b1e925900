"""The signal review queue as a list in Chromium at 1366 px and on a 375 px phone: paging with the total, search,
sorting, and confirming the selected proposals in bulk, without sideways scrolling."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import Engine, func, select

from partnerops.store.audit import history
from partnerops.store.signal_tables import signals
from partnerops.store.tables import touches
from web.conftest import screenshot, serving, signed_in_page
from web.test_signals_list import world
from web.web_world import MANAGER

WIDTHS = (1366, 375)


@pytest.fixture(scope="module")
def crowded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Engine]]:
    """The queue with 70 extra proposals (marker000 to marker069 in their snippets), served on loopback."""
    client, engine, _ = world(tmp_path_factory.mktemp("signals-list-browser"), 70)
    with serving(client.app) as url:  # type: ignore[arg-type]
        yield url, engine
    engine.dispose()



def _pending(engine: Engine) -> int:
    proposed = select(signals.c.id).where(signals.c.touch_id == touches.c.id).exists()
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(touches).where(
            touches.c.status == "claimed", proposed)).scalar_one())  # fmt: skip


def _fits(page: Page, width: int) -> None:
    assert page.evaluate("document.scrollingElement.scrollWidth") <= width


@pytest.mark.parametrize("width", WIDTHS)
def test_search_paging_and_a_bulk_confirm_on_the_signal_queue(
    browser: Browser, crowded: tuple[str, Engine], width: int
) -> None:
    url, engine = crowded
    page = signed_in_page(browser, url, width, MANAGER)
    page.goto("/signals")
    total = _pending(engine)
    pager = page.get_by_role("navigation", name="Pages of proposed touches").get_by_role("status")
    expect(pager).to_have_text(f"1–50 of {total} proposed touches")
    expect(page.locator("article.proposal")).to_have_count(50)
    page.get_by_role("link", name="Next").click()
    expect(pager).to_have_text(f"51–{total} of {total} proposed touches")
    expect(page.locator("article.proposal")).to_have_count(total - 50)
    _fits(page, width)

    marker = "marker01" if width == 1366 else "marker02"
    page.get_by_label("Search").fill(marker)
    page.get_by_role("button", name="Show").click()
    found = page.locator("article.proposal")
    expect(found).to_have_count(10)
    expect(found.first.locator("mark").first).to_have_text("Acme Cloud")
    sorting = page.get_by_role("navigation", name="Sort proposed touches")
    sorting.get_by_role("link", name="Date").click()
    expect(sorting.get_by_role("link", name="Date")).to_have_attribute("aria-current", "true")
    expect(page.get_by_label("Search")).to_have_value(marker)
    picked = [int(str(found.nth(i).get_attribute("id")).removeprefix("proposal-")) for i in (0, 1)]
    for touch_id in picked:
        page.locator(f"#pick-{touch_id}").check()
    page.get_by_role("button", name="Confirm selected").click()

    expect(page.locator(".notice")).to_contain_text("2 proposed touches confirmed.")
    assert re.search(rf"[?&]q={marker}(&|$)", page.url)
    expect(found).to_have_count(8)
    with engine.connect() as conn:
        decided = conn.execute(select(touches.c.status).where(touches.c.id.in_(picked))).scalars().all()
        audit = [history(conn, "touch", touch_id)[-1] for touch_id in picked]
    assert decided == ["confirmed", "confirmed"] and {a["actor"] for a in audit} == {MANAGER}
    unlabelled = page.evaluate("[...document.querySelectorAll('input:not([type=hidden]), select')]"
                               ".filter(e => !e.labels || e.labels.length === 0).map(e => e.name)")
    assert unlabelled == []
    _fits(page, width)
    screenshot(page, f"signals-list-{width}")
    page.context.close()
