"""The signal review queue end to end in Chromium: the fixture conversations are scanned and touches proposed, a
partner manager finds the proposal on /signals with its highlighted snippets, confirms it in place (htmx), and
the touch is confirmed with the decision in the audit log."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import Engine, select

from partnerops.ingest.conversations.formats import conversation_files
from partnerops.signals.proposals import propose_touches
from partnerops.signals.scan import scan_files
from partnerops.store.audit import history
from partnerops.store.tables import touches
from signals.signals_kit import NOW, RULE, catalog, fixture_copy, seed_crm
from web.conftest import build_app, login, serving
from web.web_world import ALPHA_USER, MANAGER

GONG_LINE = "We run everything on Acme Cloud today"


@pytest.fixture(scope="module")
def scanned_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Engine]]:
    """Its own app and database (the shared live server's partners stay as other tests expect), with the
    fixture conversations scanned and their touches proposed, served by uvicorn on a loopback port."""
    tmp = tmp_path_factory.mktemp("signals-live")
    app, engine, _ = build_app(tmp)
    seed_crm(engine)
    scan_files(engine, conversation_files([fixture_copy(tmp)]), catalog(engine), RULE, NOW)
    assert propose_touches(engine, "signal-scan", NOW) > 0
    with serving(app) as url:
        yield url, engine
    engine.dispose()


@pytest.fixture
def manager_page(browser: Browser, scanned_server: tuple[str, Engine]) -> Iterator[Page]:
    context = browser.new_context(base_url=scanned_server[0], viewport={"width": 1280, "height": 900})
    page = context.new_page()
    login(page, MANAGER)
    yield page
    context.close()


def test_a_scanned_mention_is_confirmed_from_the_signal_queue_and_audited(
    manager_page: Page, scanned_server: tuple[str, Engine]
) -> None:
    engine = scanned_server[1]
    manager_page.goto("/signals")
    proposal = manager_page.locator("article.proposal", has_text=GONG_LINE)
    expect(proposal.locator("mark").first).to_have_text("Acme Cloud")
    expect(proposal).to_contain_text("Sam Buyer")
    expect(proposal).to_contain_text("gong-call.json")
    expect(proposal).to_contain_text("120,000.00 USD")
    touch_id = int(str(proposal.get_attribute("id")).removeprefix("proposal-"))

    proposal.get_by_role("button", name="Confirm").click()
    decided = manager_page.locator(f"#proposal-{touch_id}")
    expect(decided.get_by_role("status")).to_have_text("Confirmed; the decision is in the audit log.")
    expect(decided.get_by_role("button", name="Confirm")).to_have_count(0)

    with engine.connect() as conn:
        status = conn.execute(select(touches.c.status).where(touches.c.id == touch_id)).scalar_one()
        decision = history(conn, "touch", touch_id)[-1]
    assert status == "confirmed"
    assert (decision["old_value"], decision["new_value"], decision["actor"]) == ("claimed", "confirmed", MANAGER)
    manager_page.goto("/audit?entity=touch")
    expect(manager_page.locator("tr", has_text=f"touch {touch_id}").first).to_contain_text(
        "confirmed in the signal review queue")
    manager_page.goto("/signals?status=confirmed")
    expect(manager_page.locator(f"#proposal-{touch_id}")).to_contain_text(GONG_LINE)


def test_the_queue_is_not_there_for_a_partner_user(browser: Browser, scanned_server: tuple[str, Engine]) -> None:
    context = browser.new_context(base_url=scanned_server[0])
    page = context.new_page()
    login(page, ALPHA_USER)
    answer = page.goto("/signals")
    assert answer is not None and answer.status == 403
    expect(page.locator("main")).not_to_contain_text("Acme Cloud")
    context.close()


def test_the_queue_fits_a_phone_with_labelled_inputs(browser: Browser, scanned_server: tuple[str, Engine]) -> None:
    context = browser.new_context(base_url=scanned_server[0], viewport={"width": 375, "height": 812})
    page = context.new_page()
    login(page, MANAGER)
    page.goto("/signals")
    expect(page.locator("article.proposal").first).to_be_visible()
    unlabelled = page.evaluate("[...document.querySelectorAll('input:not([type=hidden]), select')]"
                               ".filter(e => !e.labels || e.labels.length === 0).map(e => e.name)")
    assert unlabelled == [] and page.locator("h1").count() == 1
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 375
    context.close()
