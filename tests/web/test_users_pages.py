"""The user administration page and the password pages, over the app on SQLite and PostgreSQL, and in Chromium:
an admin invites a partner user, who opens the link from the mail (through a real SMTP server on loopback),
chooses a password and signs in."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from fastapi import FastAPI
from fastapi.testclient import TestClient
from httpx import Response
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import Engine, insert

from mail.test_delivery import Inbox, free_port
from partnerops.auth.users import add_user, authenticate
from partnerops.domain.roles import Role
from partnerops.mail.delivery import deliver_due
from partnerops.mail.queue import list_messages
from partnerops.mail.smtp import SmtpServer
from partnerops.settings import Settings
from partnerops.store.database import make_engine, migrate
from partnerops.store.tables import partners
from partnerops.web.app import create_web_app
from web.conftest import serving, sign_in
from web.web_world import ALPHA_USER, MANAGER, PASSWORD

ADMIN = "root@partnerops.test"
CHOSEN = "violet kettle harbour"


def _app(engine: Engine) -> FastAPI:
    """Two partners, a manager, partner Alpha's user and an admin."""
    with engine.begin() as c:
        c.execute(insert(partners), [
            {"source_system": "csv", "external_id": "PA", "name": "Alpha Cloud", "type": "technology"},
            {"source_system": "csv", "external_id": "PB", "name": "Bravo Systems", "type": "si"},
        ])  # fmt: skip
        add_user(c, MANAGER, Role.PARTNER_MANAGER, password=PASSWORD)
        add_user(c, ALPHA_USER, Role.PARTNER_USER, partner_external_id="PA", password=PASSWORD)
        add_user(c, ADMIN, Role.ADMIN, password=PASSWORD)
    return create_web_app(engine, Settings(database_url="sqlite://", secure_cookies=False), warm_dashboard=False)


@pytest.fixture
def client(engine: Engine) -> Iterator[TestClient]:
    with TestClient(_app(engine)) as test_client:
        yield test_client


def _csrf(page: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert found is not None
    return found.group(1)


def _link(engine: Engine) -> str:
    found = re.search(r"/password/set\?token=\S+", list_messages(engine)[-1].body)
    assert found is not None
    return found.group(0)


def test_only_admins_reach_the_users_page(client: TestClient) -> None:
    sign_in(client, MANAGER)
    assert client.get("/users").status_code == 403 and 'href="/users"' not in client.get("/").text
    sign_in(client, ADMIN)
    page = client.get("/users")
    assert page.status_code == 200 and ALPHA_USER in page.text and 'href="/users"' in page.text


def test_an_invitation_from_the_page_leads_to_a_password_and_a_sign_in(client: TestClient, engine: Engine) -> None:
    sign_in(client, ADMIN)
    form = {"csrf_token": _csrf(client.get("/users").text), "email": "sales.new@partnerops.test", "role": "sales"}
    done = client.post("/users/invite", data=form)
    assert done.status_code == 200 and "Invited sales.new@partnerops.test" in done.text
    client.cookies.clear()
    set_page = client.get(_link(engine))
    assert set_page.status_code == 200 and "sales.new@partnerops.test" in set_page.text
    token = _link(engine).split("token=")[1]

    def answer(page: str, password: str, confirm: str) -> Response:
        form = {"csrf_token": _csrf(page), "token": token, "password": password, "confirm": confirm}
        return client.post("/password/set", data=form)

    weak = answer(set_page.text, "password1234", "password1234")
    assert weak.status_code == 400 and "list of common passwords" in weak.text
    differ = answer(weak.text, CHOSEN, CHOSEN + "!")
    assert differ.status_code == 400 and "The two passwords differ" in differ.text
    chosen = answer(differ.text, CHOSEN, CHOSEN)
    assert chosen.status_code == 200 and "is set" in chosen.text
    again = answer(differ.text, CHOSEN, CHOSEN)
    assert again.status_code in (400, 403)
    assert "expired or was already used" in client.get(_link(engine)).text
    with engine.connect() as c:
        assert authenticate(c, "sales.new@partnerops.test", CHOSEN) is not None


def test_the_reset_form_answers_the_same_whether_or_not_the_email_exists(client: TestClient, engine: Engine) -> None:
    answers = []
    for email in (ALPHA_USER, "nobody@partnerops.test"):
        token = _csrf(client.get("/password/forgot").text)
        answer = client.post("/password/forgot", data={"csrf_token": token, "email": email})
        answers.append((answer.status_code, re.sub(r'value="[^"]+"', "", answer.text)))
    assert answers[0] == answers[1] and answers[0][0] == 200 and "If an account exists" in answers[0][1]
    assert [m.to_address for m in list_messages(engine)] == [ALPHA_USER]
    assert "Forgot your password?" in client.get("/login").text


def test_a_reset_form_posted_from_another_site_is_refused(client: TestClient, engine: Engine) -> None:
    client.cookies.clear()
    assert client.post("/password/forgot", data={"csrf_token": "guess", "email": ALPHA_USER}).status_code == 403
    assert list_messages(engine) == []


def test_disabling_from_the_page_signs_the_user_out_of_its_open_pages(engine: Engine) -> None:
    app = _app(engine)
    with TestClient(app) as admin, TestClient(app) as partner:
        sign_in(partner, ALPHA_USER)
        assert partner.get("/portal", follow_redirects=False).status_code == 200
        sign_in(admin, ADMIN)
        page = admin.get("/users").text
        user_id = re.search(rf'<tr id="user-(\d+)">\s*<th scope="row">{re.escape(ALPHA_USER)}', page)
        assert user_id is not None
        done = admin.post(f"/users/{user_id.group(1)}/disable", data={"csrf_token": _csrf(page)})
        assert "Disabled ana@alpha.test" in done.text
        assert partner.get("/portal", follow_redirects=False).headers["location"] == "/login"


@pytest.fixture
def inbox() -> Iterator[tuple[Inbox, SmtpServer]]:
    handler = Inbox()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield handler, SmtpServer("127.0.0.1", controller.port, "partnerops@vendor.example", timeout=5)
    controller.stop()


def test_an_invited_partner_user_sets_a_password_from_the_mail_and_signs_in_in_a_browser(
    browser: Browser, inbox: tuple[Inbox, SmtpServer], tmp_path: Path
) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'invite.db'}")
    migrate(engine)
    app = _app(engine)
    with serving(app) as url:
        app.state.settings = app.state.settings.model_copy(update={"base_url": url})
        admin = browser.new_context(base_url=url, viewport={"width": 375, "height": 812}).new_page()
        admin.goto("/login")
        admin.get_by_label("Email").fill(ADMIN)
        admin.get_by_label("Password").fill(PASSWORD)
        admin.get_by_role("button", name="Sign in").click()
        admin.goto("/users")
        _readable_on_a_phone(admin)
        invitation = admin.locator("#invite-form")
        invitation.get_by_label("Email").fill("nia@alpha.test")
        invitation.get_by_label("Role").select_option("partner_user")
        invitation.get_by_label("Partner (for a partner user)").select_option(label="Alpha Cloud")
        invitation.get_by_role("button", name="Send the invitation").click()
        expect(admin.locator("#users-notice")).to_contain_text("Invited nia@alpha.test")

        handler, server = inbox
        assert deliver_due(engine, server, datetime.now(UTC) + timedelta(seconds=1)).sent == 1
        body = handler.received[-1].get_payload(decode=True).decode()
        link = re.search(rf"{re.escape(url)}/password/set\?token=\S+", body)
        assert link is not None, body

        invited = browser.new_context(viewport={"width": 375, "height": 812}).new_page()
        invited.goto(link.group(0))
        expect(invited.locator("#password-for")).to_have_text("nia@alpha.test")
        _readable_on_a_phone(invited)
        invited.get_by_label("New password", exact=True).fill(CHOSEN)
        invited.get_by_label("New password again").fill(CHOSEN)
        invited.get_by_role("button", name="Set the password").click()
        invited.get_by_role("link", name="Sign in").click()
        invited.get_by_label("Email").fill("nia@alpha.test")
        invited.get_by_label("Password").fill(CHOSEN)
        invited.get_by_role("button", name="Sign in").click()
        invited.wait_for_url(re.compile(r"/portal$"))
        expect(invited.locator(".for-partner")).to_have_text("for Alpha Cloud")
        for context in (admin.context, invited.context):
            context.close()
    engine.dispose()




def _readable_on_a_phone(page: Page) -> None:
    """One h1, every field labelled, every table captioned, and no sideways scroll on a 375 px phone."""
    assert page.locator("h1").count() == 1
    unlabelled = page.evaluate("[...document.querySelectorAll('input:not([type=hidden]), select, textarea')]"
                               ".filter(e => !e.labels || e.labels.length === 0).map(e => e.name)")  # fmt: skip
    assert unlabelled == []
    assert page.evaluate("document.querySelectorAll('table:not(:has(caption))').length") == 0
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 375
