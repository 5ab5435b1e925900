"""Routing in Chromium: a partner's user finds the offer under "Leads for you", declines one lead with a reason and
accepts another, and the page says so; staff see the answers on the routing page."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import insert

from partnerops.domain.roles import Principal, Role
from partnerops.routing.leads import resolve_lead
from partnerops.routing.lifecycle import make_offer
from partnerops.routing.rules import load_rules
from partnerops.store.tables import accounts
from web.conftest import build_app, login, screenshot, serving
from web.web_world import ALPHA, ALPHA_USER, MANAGER

_MANAGING = Principal(0, "seed@partnerops.test", Role.PARTNER_MANAGER)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder: Path = tmp_path_factory.mktemp("routing-live")
    app, engine, _ = build_app(folder)
    with engine.begin() as c:
        c.execute(insert(accounts), [{"source_system": "csv", "external_id": ref, "name": name, "region": "emea"}
                                     for ref, name in (("L-KEEP", "Keeper Co"), ("L-PASS", "Passer Co"))])
        for ref in ("L-KEEP", "L-PASS"):
            make_offer(c, _MANAGING, resolve_lead(c, ref), ALPHA, load_rules())
    with serving(app) as base_url:
        yield base_url
    engine.dispose()


def _page(browser: Browser, site: str, email: str) -> Page:
    page = browser.new_context(base_url=site, viewport={"width": 1280, "height": 900}, locale="en-US").new_page()
    login(page, email)
    return page


def test_a_partner_declines_one_lead_and_accepts_another(browser: Browser, site: str) -> None:
    page = _page(browser, site, ALPHA_USER)
    page.get_by_role("link", name="Leads for you").click()
    expect(page.locator("#waiting-offers caption")).to_have_text("2 offers waiting")
    passing = page.locator("#offer-L-PASS")
    passing.get_by_label("Reason to decline").fill("outside our practice")
    passing.get_by_role("button", name="Decline").click()
    expect(page.locator("#leads-done")).to_have_text("account Passer Co (L-PASS): declined")
    page.locator("#offer-L-KEEP").get_by_role("button", name="Accept").click()
    expect(page.locator("#leads-done")).to_have_text("account Keeper Co (L-KEEP): accepted")
    expect(page.locator("#answered")).to_contain_text("(outside our practice)")
    screenshot(page, "portal-leads")
    page.context.close()
    staff = _page(browser, site, MANAGER)
    staff.get_by_role("link", name="Routing").click()
    expect(staff.locator("#decided-offers")).to_contain_text("Keeper Co")
    expect(staff.locator("#decided-offers")).to_contain_text("outside our practice")
    staff.context.close()
