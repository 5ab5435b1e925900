"""Keyboard-only use, one h1 and labelled inputs on every page, no horizontal scroll on a 375 px phone, and
the touch approval queue working through htmx with its CSRF header."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from web.conftest import login, screenshot
from web.web_world import ALPHA_USER, MANAGER, PASSWORD

PageFactory = Callable[..., Page]
INTERNAL_PAGES = ("/", "/partners", "/partners/PA", "/opportunities", "/opportunities/O1", "/registrations", "/touches",
                  "/signals", "/mapping", "/quarantine", "/imports",
                  "/mapping/PB", "/audit", "/conflicts")
PORTAL_PAGES = ("/portal", "/portal/registrations", "/portal/registrations/new", "/portal/touches", "/portal/mapping")


def tab_to(page: Page, element_id: str, presses: int = 40) -> None:
    for _ in range(presses):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == element_id:
            return
    raise AssertionError(f"#{element_id} is not reachable with Tab")


def test_signing_in_and_registering_a_deal_with_the_keyboard_only(new_page: PageFactory) -> None:
    page = new_page()
    page.goto("/login")
    tab_to(page, "email")
    page.keyboard.type(ALPHA_USER)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url("**/portal")
    page.goto("/portal/registrations/new")
    tab_to(page, "company_name")
    page.keyboard.type("Keyboard Widgets")
    for value in ("keyboard-widgets.test", "42000"):
        page.keyboard.press("Tab")
        page.keyboard.type(value)
    page.keyboard.press("Tab")  # the currency select keeps its default
    page.keyboard.press("Tab")
    page.keyboard.type("03312030")  # the en-US date field reads month, day, year
    page.keyboard.press("Enter")
    expect(page.locator("#my-registrations")).to_contain_text("Keyboard Widgets")


def test_the_skip_link_is_the_first_stop_and_moves_focus_to_the_content(new_page: PageFactory) -> None:
    page = new_page()
    login(page, MANAGER)
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to content")).to_be_focused()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


@pytest.mark.parametrize(("email", "paths"), [(MANAGER, INTERNAL_PAGES), (ALPHA_USER, PORTAL_PAGES)])
def test_pages_have_one_h1_labelled_inputs_and_fit_a_phone(
    new_page: PageFactory, email: str, paths: tuple[str, ...]
) -> None:
    page = new_page(width=375, height=812)
    login(page, email)
    for path in paths:
        page.goto(path)
        assert page.locator("h1").count() == 1, path
        assert page.locator("main").count() == 1 and page.locator("nav").count() == 1, path
        unlabelled = page.evaluate(
            "[...document.querySelectorAll('input:not([type=hidden]), select, textarea')]"
            ".filter(e => !e.labels || e.labels.length === 0).map(e => e.name)"
        )
        assert unlabelled == [], (path, unlabelled)
        assert page.evaluate("document.querySelectorAll('table:not(:has(caption))').length") == 0, path
        width = page.evaluate("document.scrollingElement.scrollWidth")
        assert width <= 375, (path, width)
    screenshot(page, f"phone-{paths[0].strip('/') or 'dashboard'}")


def test_a_claimed_touch_is_confirmed_in_place_and_audited(new_page: PageFactory) -> None:
    page = new_page()
    login(page, MANAGER)
    page.goto("/touches")
    row = page.locator("#touch-11")
    row.get_by_role("button", name="Confirm technical_validation").click()
    expect(page.locator("#touch-11")).to_contain_text("confirmed")
    page.goto("/audit?entity=touch")
    expect(page.locator("table")).to_contain_text("confirmed")
    screenshot(page, "audit-after-touch")
