"""A user's life on SQLite and PostgreSQL: disabling signs it out and revokes its tokens at once, enabling lets it
back in, deleting keeps the row and the audit trail but nothing to sign in with, and every change is audited
without a password or a token in it."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import Engine, insert, select

from partnerops.auth.lifecycle import (
    UnknownUserId,
    UserStateConflict,
    delete_user,
    disable_user,
    enable_user,
    set_password,
    set_role,
)
from partnerops.auth.sessions import find_session, start_session
from partnerops.auth.tokens import create_token, list_tokens, principal_for_token, revoke_token
from partnerops.auth.users import UnknownUser, UserStatus, add_user, authenticate, find_user, list_users
from partnerops.domain.roles import Role, ScopeError
from partnerops.store.tables import audit_log, partners

NOW = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
PASSWORD = "tangerine otter galaxy"


def _user_trail(engine: Engine, user_id: int) -> list[tuple[str, str, str | None, str | None, str]]:
    a = audit_log.c
    query = select(a.actor, a.field, a.old_value, a.new_value, a.reason).where(a.entity == "user",
                                                                              a.entity_id == user_id)
    with engine.connect() as c:
        return [tuple(row) for row in c.execute(query.order_by(a.id))]  # type: ignore[misc]


def _signed_in_user(engine: Engine) -> tuple[int, str, str]:
    with engine.begin() as c:
        user = add_user(c, "ann@example.com", Role.SALES, password=PASSWORD, actor="admin@example.com")
        session = start_session(c, user.id)
        token = create_token(c, user.id, "laptop", actor="admin@example.com")
    return user.id, session.key, token


def test_disabling_ends_sessions_and_revokes_tokens_at_once(engine: Engine) -> None:
    user_id, cookie, token = _signed_in_user(engine)
    with engine.begin() as c:
        assert disable_user(c, user_id, "admin@example.com", NOW).status is UserStatus.DISABLED
    with engine.begin() as c:
        assert find_session(c, cookie) is None and principal_for_token(c, token) is None
        assert authenticate(c, "ann@example.com", PASSWORD) is None
        assert all(t.revoked_at is not None for t in list_tokens(c, "ann@example.com"))
    trail = _user_trail(engine, user_id)
    assert ("admin@example.com", "status", "active", "disabled", "user disabled") in trail
    assert any(field == "api_token" and new == "revoked" and reason == "user disabled"
               for _, field, _, new, reason in trail)  # fmt: skip


def test_enabling_lets_the_user_sign_in_again_but_keeps_its_old_tokens_revoked(engine: Engine) -> None:
    user_id, _, token = _signed_in_user(engine)
    with engine.begin() as c:
        disable_user(c, user_id, "admin@example.com", NOW)
        assert enable_user(c, user_id, "admin@example.com", NOW).status is UserStatus.ACTIVE
        assert authenticate(c, "ann@example.com", PASSWORD) is not None
        assert principal_for_token(c, token) is None
    assert ("admin@example.com", "status", "disabled", "active", "user enabled") in _user_trail(engine, user_id)


def test_a_second_disable_is_refused_naming_the_state(engine: Engine) -> None:
    user_id, _, _ = _signed_in_user(engine)
    with engine.begin() as c:
        disable_user(c, user_id, "admin@example.com", NOW)
        with pytest.raises(UserStateConflict, match="ann@example.com is disabled: it cannot be disabled"):
            disable_user(c, user_id, "admin@example.com", NOW)
        with pytest.raises(UnknownUserId, match="no user with id 999"):
            disable_user(c, 999, "admin@example.com", NOW)


def test_deleting_keeps_the_row_and_trail_but_removes_sign_in_email_and_tokens(engine: Engine) -> None:
    user_id, cookie, token = _signed_in_user(engine)
    with engine.begin() as c:
        delete_user(c, user_id, "admin@example.com", NOW)
    with engine.begin() as c:
        assert find_session(c, cookie) is None and principal_for_token(c, token) is None
        with pytest.raises(UnknownUser):
            find_user(c, "ann@example.com")
        assert list_users(c) == []
        (kept,) = list_users(c, include_deleted=True)
        assert (kept.id, kept.email, kept.status, kept.has_password) == (
            user_id, f"deleted-user-{user_id}@deleted.invalid", UserStatus.DELETED, False)
        # The address is free again: the person can be invited anew as a new user.
        assert add_user(c, "ann@example.com", Role.SALES).id != user_id
        with pytest.raises(UserStateConflict):
            enable_user(c, user_id, "admin@example.com", NOW)
    trail = _user_trail(engine, user_id)
    assert trail[0][:4] == ("admin@example.com", "email", None, "ann@example.com")
    assert ("admin@example.com", "email", "ann@example.com", f"deleted-user-{user_id}@deleted.invalid",
            "user deleted") in trail  # fmt: skip


def test_a_role_change_is_audited_and_a_partner_user_needs_its_partner(engine: Engine) -> None:
    user_id, cookie, _ = _signed_in_user(engine)
    with engine.begin() as c:
        partner = c.execute(insert(partners).values(source_system="csv", external_id="P1", name="Acme Cloud",
                                                    type="si").returning(partners.c.id)).scalar_one()  # fmt: skip
        with pytest.raises(ScopeError):
            set_role(c, user_id, Role.PARTNER_USER, None, "admin@example.com", NOW)
        set_role(c, user_id, Role.PARTNER_USER, partner, "admin@example.com", NOW)
        session = find_session(c, cookie)
        assert session is not None and session.principal.partner_id == partner  # the next request has the role
    trail = _user_trail(engine, user_id)
    assert ("admin@example.com", "role", "sales", "partner_user", "role changed") in trail
    assert ("admin@example.com", "partner_id", None, str(partner), "role changed") in trail


def test_a_new_password_passes_the_rules_and_signs_the_user_out(engine: Engine) -> None:
    user_id, cookie, _ = _signed_in_user(engine)
    with engine.begin() as c:
        with pytest.raises(ValueError, match="common passwords"):
            set_password(c, user_id, "Password1234", "cli", NOW, "set on the command line")
        set_password(c, user_id, "violet kettle harbour", "cli", NOW, "set on the command line")
        assert find_session(c, cookie) is None
        assert authenticate(c, "ann@example.com", "violet kettle harbour") is not None
    assert ("cli", "password", "set", "set", "set on the command line") in _user_trail(engine, user_id)


def test_the_trail_never_holds_a_password_or_a_token(engine: Engine) -> None:
    user_id, _, token = _signed_in_user(engine)
    with engine.begin() as c:
        revoke_token(c, token[:12], actor="admin@example.com")
        set_password(c, user_id, "violet kettle harbour", "cli", NOW, "changed")
        disable_user(c, user_id, "admin@example.com", NOW)
        delete_user(c, user_id, "admin@example.com", NOW)
    with engine.connect() as c:
        values = " ".join(str(v) for row in c.execute(select(audit_log)) for v in row)
    assert token not in values and PASSWORD not in values and "violet kettle harbour" not in values
    assert "$argon2" not in values
    fields = {field for _, field, _, _, _ in _user_trail(engine, user_id)}
    assert fields == {"email", "role", "password", "api_token", "status"}
