"""Invitations and password resets through the mail queue to a real SMTP server on loopback: the link in the
mail sets the password once, expires (7 days, 1 hour), and the reset form says nothing about unknown emails."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import Engine, insert, select

from mail.test_delivery import Inbox, free_port
from partnerops.auth.invitations import RESETS_PER_HOUR, admin_reset, invite, link_holder, request_reset, use_link
from partnerops.auth.lifecycle import disable_user
from partnerops.auth.password_links import LinkNotValid, LinkPurpose, issue_link
from partnerops.auth.password_rules import WeakPassword
from partnerops.auth.users import add_user, authenticate, find_user
from partnerops.domain.roles import Role
from partnerops.mail.delivery import deliver_due
from partnerops.mail.queue import list_messages
from partnerops.mail.smtp import SmtpServer
from partnerops.store.password_link_tables import password_links
from partnerops.store.tables import audit_log, partners

NOW = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
BASE = "https://partnerops.example"
CHOSEN = "violet kettle harbour"


@pytest.fixture
def inbox() -> Iterator[tuple[Inbox, SmtpServer]]:
    handler = Inbox()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield handler, SmtpServer("127.0.0.1", controller.port, "partnerops@vendor.example", timeout=5)
    controller.stop()


def _delivered_link(engine: Engine, inbox: tuple[Inbox, SmtpServer], to: str) -> str:
    handler, server = inbox
    deliver_due(engine, server, NOW + timedelta(seconds=1))
    mails = [m for m in handler.received if m["To"] == to]
    body = mails[-1].get_payload(decode=True).decode()
    found = re.search(rf"{re.escape(BASE)}/password/set\?token=(\S+)", body)
    assert found is not None, body
    return found.group(1)


def test_an_invited_partner_user_sets_a_password_with_the_mailed_link_once(
    engine: Engine, inbox: tuple[Inbox, SmtpServer]
) -> None:
    with engine.begin() as c:
        partner = c.execute(insert(partners).values(source_system="csv", external_id="P1", name="Acme Cloud",
                                                    type="si").returning(partners.c.id)).scalar_one()  # fmt: skip
        invite(c, "Nia@Acme.example", Role.PARTNER_USER, partner, "admin@example.com", BASE, NOW)
    token = _delivered_link(engine, inbox, "nia@acme.example")
    assert inbox[0].received[-1]["Subject"] == "You are invited to PartnerOps"
    with engine.begin() as c:
        assert find_user(c, "nia@acme.example").has_password is False
        assert link_holder(c, token, NOW)[0].email == "nia@acme.example"
        use_link(c, token, CHOSEN, NOW + timedelta(days=6))
        principal = authenticate(c, "nia@acme.example", CHOSEN)
        assert principal is not None and principal.partner_id == partner
        with pytest.raises(LinkNotValid):
            use_link(c, token, "another fine password", NOW + timedelta(days=6))
        # Only the link's SHA-256 is stored.
        assert token not in " ".join(c.execute(select(password_links.c.token_hash)).scalars())


def test_an_invitation_link_expires_after_seven_days(engine: Engine, inbox: tuple[Inbox, SmtpServer]) -> None:
    with engine.begin() as c:
        invite(c, "late@example.com", Role.SALES, None, "admin@example.com", BASE, NOW)
    token = _delivered_link(engine, inbox, "late@example.com")
    with engine.begin() as c, pytest.raises(LinkNotValid, match="expired or was already used"):
        use_link(c, token, CHOSEN, NOW + timedelta(days=7, seconds=1))


def test_a_refused_password_leaves_the_link_usable(engine: Engine, inbox: tuple[Inbox, SmtpServer]) -> None:
    with engine.begin() as c:
        invite(c, "sam@example.com", Role.FINANCE, None, "admin@example.com", BASE, NOW)
    token = _delivered_link(engine, inbox, "sam@example.com")
    with engine.begin() as c:
        with pytest.raises(WeakPassword, match="common passwords"):
            use_link(c, token, "qwertyuiop123", NOW)
        with pytest.raises(WeakPassword, match="the email"):
            use_link(c, token, "SAM@example.com", NOW)
        use_link(c, token, CHOSEN, NOW)


def test_a_reset_link_works_for_one_hour_and_keeps_the_old_password_until_used(
    engine: Engine, inbox: tuple[Inbox, SmtpServer]
) -> None:
    with engine.begin() as c:
        add_user(c, "ann@example.com", Role.SALES, password="tangerine otter galaxy")
        request_reset(c, "ANN@example.com", BASE, NOW)
    token = _delivered_link(engine, inbox, "ann@example.com")
    assert inbox[0].received[-1]["Subject"] == "Reset your PartnerOps password"
    with engine.begin() as c:
        assert authenticate(c, "ann@example.com", "tangerine otter galaxy") is not None
        with pytest.raises(LinkNotValid):
            use_link(c, token, CHOSEN, NOW + timedelta(hours=1, seconds=1))
        use_link(c, token, CHOSEN, NOW + timedelta(minutes=59))
        assert authenticate(c, "ann@example.com", "tangerine otter galaxy") is None
        assert authenticate(c, "ann@example.com", CHOSEN) is not None


def test_a_reset_for_an_unknown_or_disabled_email_sends_nothing(engine: Engine) -> None:
    with engine.begin() as c:
        user = add_user(c, "gone@example.com", Role.SALES, password="tangerine otter galaxy")
        disable_user(c, user.id, "admin@example.com", NOW)
        request_reset(c, "nobody@example.com", BASE, NOW)
        request_reset(c, "gone@example.com", BASE, NOW)
    assert list_messages(engine) == []


def test_resets_are_limited_per_hour_so_the_form_cannot_flood_a_mailbox(engine: Engine) -> None:
    with engine.begin() as c:
        add_user(c, "ann@example.com", Role.SALES)
        for minute in range(RESETS_PER_HOUR + 2):
            request_reset(c, "ann@example.com", BASE, NOW + timedelta(minutes=minute))
        request_reset(c, "ann@example.com", BASE, NOW + timedelta(hours=2))
    assert len(list_messages(engine)) == RESETS_PER_HOUR + 1


def test_a_newer_link_voids_the_older_one(engine: Engine, inbox: tuple[Inbox, SmtpServer]) -> None:
    with engine.begin() as c:
        add_user(c, "ann@example.com", Role.SALES)
        request_reset(c, "ann@example.com", BASE, NOW)
    first = _delivered_link(engine, inbox, "ann@example.com")
    with engine.begin() as c:
        request_reset(c, "ann@example.com", BASE, NOW)
    second = _delivered_link(engine, inbox, "ann@example.com")
    with engine.begin() as c:
        with pytest.raises(LinkNotValid):
            use_link(c, first, CHOSEN, NOW)
        use_link(c, second, CHOSEN, NOW)


def test_an_admin_reset_stops_the_old_password_at_once_and_is_audited(
    engine: Engine, inbox: tuple[Inbox, SmtpServer]
) -> None:
    with engine.begin() as c:
        user = add_user(c, "ann@example.com", Role.SALES, password="tangerine otter galaxy")
        admin_reset(c, user.id, "admin@example.com", BASE, NOW)
        assert authenticate(c, "ann@example.com", "tangerine otter galaxy") is None
    token = _delivered_link(engine, inbox, "ann@example.com")
    with engine.begin() as c:
        use_link(c, token, CHOSEN, NOW)
        trail = c.execute(select(audit_log.c.field, audit_log.c.old_value, audit_log.c.new_value, audit_log.c.reason)
                          .where(audit_log.c.entity == "user", audit_log.c.entity_id == user.id)).all()  # fmt: skip
    assert ("password", "set", None, "password reset by an administrator") in trail
    assert ("password", None, "set", "password reset by mail") in trail
    assert all(token not in str(row) for row in trail)


def test_of_concurrent_uses_of_one_link_exactly_one_sets_the_password(engine: Engine) -> None:
    from concurrent.futures import ThreadPoolExecutor

    with engine.begin() as c:
        user = add_user(c, "ann@example.com", Role.SALES)
        secret, _ = issue_link(c, user.id, LinkPurpose.RESET, "tests", NOW)

    def use(i: int) -> str:
        try:
            with engine.begin() as c:
                use_link(c, secret, f"{CHOSEN} {i}", NOW)
            return f"{CHOSEN} {i}"
        except LinkNotValid:
            return "refused"

    with ThreadPoolExecutor(6) as pool:
        outcomes = list(pool.map(use, range(6)))
    winners = [o for o in outcomes if o != "refused"]
    assert len(winners) == 1
    with engine.connect() as c:
        assert authenticate(c, "ann@example.com", winners[0]) is not None
