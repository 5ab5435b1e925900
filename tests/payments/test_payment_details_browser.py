"""The payment details form in Debian's Chromium: a partner's user fills it in at desktop and phone widths, sees
it saved and masked, and a bad account id is refused with its field named."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, sync_playwright

from partnerops.settings import Settings
from partnerops.store.database import make_engine, migrate
from partnerops.web.app import create_web_app
from payments.payments_kit import KEY_TEXT
from web.conftest import CHROMIUM, CHROMIUM_ARGS, login, serving
from web.web_world import ALPHA_USER, seed_world


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    path: Path = tmp_path_factory.mktemp("payments-web") / "web.db"
    engine = make_engine(f"sqlite:///{path}")
    migrate(engine)
    seed_world(engine)
    settings = Settings(database_url=str(engine.url), secure_cookies=False, secret_key=KEY_TEXT)
    with serving(create_web_app(engine, settings, warm_dashboard=False)) as url:
        yield url
    engine.dispose()


@pytest.fixture(scope="module")
def chromium() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.mark.parametrize("width", [1366, 375])
def test_a_partner_user_saves_payment_details_in_the_browser(site: str, chromium: Browser, width: int) -> None:
    context = chromium.new_context(base_url=site, viewport={"width": width, "height": 900}, locale="en-US")
    page = context.new_page()
    try:
        login(page, ALPHA_USER)
        page.goto("/portal/payment-details")
        page.get_by_label("Legal name").fill("Alpha Partners Ltd")
        page.get_by_label("Tax country").fill("GB")
        page.get_by_label("Tax id").fill("GB987654321")
        page.get_by_label("Stripe connected account").fill("12345")
        page.get_by_role("button", name="Save payment details").click()
        assert "stripe_account '12345': a Stripe connected account id starts acct_" in page.content().replace(
            "&#39;", "'")
        page.goto("/portal/payment-details")
        page.get_by_label("Legal name").fill("Alpha Partners Ltd")
        page.get_by_label("Tax country").fill("GB")
        page.get_by_label("Tax id").fill("GB987654321")
        page.get_by_label("Stripe connected account").fill("acct_1AlphaBrowser")
        page.get_by_role("button", name="Save payment details").click()
        page.wait_for_url("**/portal/payment-details?saved=1")
        assert page.locator("#details-saved").is_visible()
        assert "stored •••••••4321" in page.get_by_text("Tax id").inner_text()
        assert "GB987654321" not in page.content() and "acct_1AlphaBrowser" not in page.content()
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    finally:
        context.close()
