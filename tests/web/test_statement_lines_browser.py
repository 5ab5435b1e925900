"""The portal's statement lines in Chromium, on a laptop (1366 px) and a phone (375 px): a partner pages through
the quarter's lines and searches them, and the page never scrolls sideways."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from web.conftest import build_app, login, screenshot, serving
from web.statement_world import ALPHA_LINES, PERIOD, seed_statement_lines
from web.web_world import ALPHA_USER


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    app, engine, _ = build_app(tmp_path_factory.mktemp("statement-lines-live"))
    seed_statement_lines(engine)
    with serving(app) as url:
        yield url
    engine.dispose()


def statement(browser: Browser, url: str, width: int) -> Page:
    context = browser.new_context(base_url=url, viewport={"width": width, "height": 900}, locale="en-US")
    page = context.new_page()
    login(page, ALPHA_USER)
    page.goto(f"/portal/commissions?period={PERIOD}")
    return page


@pytest.mark.parametrize("width", [1366, 375])
def test_a_partner_pages_and_searches_its_statement_lines(browser: Browser, site: str, width: int) -> None:
    page = statement(browser, site, width)
    pager = page.get_by_role("navigation", name="Pages of statement lines")
    expect(pager.get_by_role("status")).to_have_text(f"1–50 of {ALPHA_LINES} statement lines")
    pager.get_by_role("link", name="Next").click()
    expect(pager.get_by_role("status")).to_have_text(f"51–100 of {ALPHA_LINES} statement lines")
    expect(page.locator("#statement-lines tbody tr")).to_have_count(50)
    assert page.evaluate("document.scrollingElement.scrollWidth") <= width

    search = page.get_by_role("search", name="Search statement lines")
    search.get_by_label("Search statement lines").fill("alpha reason 013")
    search.get_by_role("button", name="Show").click()
    expect(pager.get_by_role("status")).to_have_text("1–1 of 1 statement lines")
    line = page.locator("#statement-lines tbody tr")
    expect(line).to_have_count(1)
    expect(line).to_contain_text("Hooli direct")
    expect(line).to_contain_text("reversal: alpha reason 013; taken back before it was paid out")
    expect(line.get_by_text("Dispute this line")).to_be_visible()
    assert f"period={PERIOD}" in page.url and "lines_q=alpha+reason+013" in page.url  # the search keeps the quarter
    assert page.evaluate("document.scrollingElement.scrollWidth") <= width
    screenshot(page, f"portal-statement-lines-{width}")
    page.context.close()
