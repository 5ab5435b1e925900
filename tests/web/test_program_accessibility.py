"""The commissions, MDF, program and assistant pages for people on a keyboard, a screen reader or a phone: one
h1 and headings in order, the page landmarks, labelled inputs, captioned tables, no horizontal scroll at 375 px,
and their forms filled and sent with the keyboard alone."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import pairwise
from typing import Literal

import pytest
from playwright.sync_api import Browser, Page, expect

from partnerops.assistant.document_store import list_documents
from web.conftest import screenshot
from web.program_seed import WON_DEAL, ProgramSite, program_site, seed_mdf_requests
from web.test_accessibility import tab_to
from web.web_world import ALPHA_USER, MANAGER

PHONE = {"width": 375, "height": 812}
PORTAL_PAGES = ("/portal/commissions", "/portal/mdf", "/portal/assistant")
INTERNAL_PAGES = ("/commissions", "/mdf", "/program", "/assistant")
Landmark = Literal["banner", "navigation", "main", "contentinfo"]
LANDMARKS: tuple[Landmark, ...] = ("banner", "navigation", "main", "contentinfo")


@pytest.fixture(scope="module")
def site(browser: Browser, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ProgramSite]:
    with program_site(browser, tmp_path_factory.mktemp("program-a11y")) as running:
        seed_mdf_requests(running.engine)  # an approved request (claim form) and a pending one (decision form)
        yield running


def document_page(site: ProgramSite) -> str:
    with site.engine.connect() as conn:
        return f"/assistant/docs/{list_documents(conn)[0].id}"


def page_problems(page: Page) -> list[str]:
    """What keeps this page from being read with a screen reader or on a phone, as short sentences."""
    problems = [f"{count} {role} landmarks" for role in LANDMARKS
                if (count := page.get_by_role(role).count()) != 1 and role != "navigation"]  # fmt: skip
    # One main navigation; a list's pager is a navigation landmark of its own, named for what it pages.
    navigation = page.evaluate("[...document.querySelectorAll('nav, [role=navigation]')]"
                               ".map(e => e.getAttribute('aria-label') || '')")  # fmt: skip
    if navigation.count("Main") != 1 or len(set(navigation)) != len(navigation) or "" in navigation:
        problems.append(f"navigation landmarks {navigation}")
    levels = page.evaluate("[...document.querySelectorAll('main :is(h1,h2,h3,h4,h5,h6)')].map(h => +h.tagName[1])")
    if levels[:1] != [1] or levels.count(1) != 1 or any(b > a + 1 for a, b in pairwise(levels)):
        problems.append(f"headings out of order: {levels}")
    unlabelled = page.evaluate("[...document.querySelectorAll('input:not([type=hidden]), select, textarea')]"
                               ".filter(e => !e.labels || e.labels.length === 0).map(e => e.name)")  # fmt: skip
    problems += [f"input {name!r} has no label" for name in unlabelled]
    if uncaptioned := page.evaluate("document.querySelectorAll('table:not(:has(caption))').length"):
        problems.append(f"{uncaptioned} tables without a caption")
    if (width := page.evaluate("document.scrollingElement.scrollWidth")) > PHONE["width"]:
        problems.append(f"{width} px wide")
    return problems


@pytest.mark.parametrize(("email", "paths"), [(ALPHA_USER, PORTAL_PAGES), (MANAGER, INTERNAL_PAGES)])
def test_new_pages_have_landmarks_ordered_headings_labelled_inputs_and_fit_a_phone(
    site: ProgramSite, email: str, paths: tuple[str, ...]
) -> None:
    page = site.page(email, **PHONE)
    found = {}
    for path in (*paths, document_page(site)):
        page.goto(path)
        found[path] = page_problems(page)
        screenshot(page, f"phone-{email.split('@')[0]}-{path.strip('/').replace('/', '-')}")
    assert found == {path: [] for path in found}


def test_a_statement_line_is_disputed_with_the_keyboard_only(site: ProgramSite) -> None:
    page = site.page(ALPHA_USER)
    page.goto("/portal/commissions")
    line = page.locator("#statement-lines tr", has_text=WON_DEAL)
    entry = str(line.get_attribute("id")).removeprefix("line-")
    tab_to(page, f"dispute-line-{entry}", presses=60)
    page.keyboard.press("Enter")  # opens the <details> with the form
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == f"claim-{entry}"
    page.keyboard.type("The joint call should make this deal sourced")
    page.keyboard.press("Tab")
    page.keyboard.type("Call notes of the joint call")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page.locator(".notice")).to_contain_text("opened")
    expect(page.locator("#my-disputes")).to_contain_text("The joint call should make this deal sourced")


def test_funds_are_requested_with_the_keyboard_only(site: ProgramSite) -> None:
    page = site.page(ALPHA_USER)
    page.goto("/portal/mdf")
    tab_to(page, "title", presses=60)
    page.keyboard.type("Keyboard meetup")
    for value in ("A meetup for 40 developers", "2030", "500"):
        page.keyboard.press("Tab")
        page.keyboard.type(value)
    # The currency select keeps its default; the en-US date fields read month, day, year, and Chromium stops on
    # a date field's calendar button too, so the next field is reached by tabbing on until it has the focus.
    for field, day in (("starts_on", "03012030"), ("ends_on", "03022030")):
        tab_to(page, field, presses=3)
        page.keyboard.type(day)
    page.keyboard.press("Enter")
    expect(page.locator(".notice")).to_contain_text("your request is recorded")
    expect(page.locator("#mdf-requests tr", has_text="Keyboard meetup")).to_contain_text("pending")


def test_the_assistant_is_asked_with_the_keyboard_only(site: ProgramSite) -> None:
    page = site.page(ALPHA_USER)
    page.goto("/portal/assistant")
    tab_to(page, "question")
    page.keyboard.type("What is my MDF balance?")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page.locator("#answer .answer-text")).to_contain_text("MDF in USD")
    screenshot(page, "assistant-keyboard-answer")
