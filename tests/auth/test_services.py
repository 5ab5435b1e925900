"""Users, API tokens, web sessions and the login rate limit, on SQLite and PostgreSQL."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine, insert, select

from partnerops.auth.rate_limit import (
    LoginPolicy,
    TooManyAttempts,
    check_login_allowed,
    reserve_attempt,
    settle_attempt,
)
from partnerops.auth.sessions import SESSION_LIFETIME, find_session, start_session
from partnerops.auth.tokens import create_token, principal_for_token
from partnerops.auth.users import DuplicateUser, UnknownPartner, add_user, authenticate, list_users
from partnerops.domain.roles import Role, ScopeError
from partnerops.store.auth_tables import api_tokens
from partnerops.store.tables import partners


def _partner(engine: Engine) -> None:
    with engine.begin() as c:
        c.execute(insert(partners).values(source_system="csv", external_id="P1", name="Acme Cloud", type="si"))


def test_partner_user_is_bound_to_its_partner(engine: Engine) -> None:
    _partner(engine)
    with engine.begin() as c:
        user = add_user(c, "Ann@Acme.example", Role.PARTNER_USER, partner_external_id="P1")
        assert (user.email, user.partner_name, user.principal.is_partner) == ("ann@acme.example", "Acme Cloud", True)
        with pytest.raises(ScopeError):
            add_user(c, "bob@acme.example", Role.PARTNER_USER)
        with pytest.raises(UnknownPartner):
            add_user(c, "cy@acme.example", Role.PARTNER_USER, partner_external_id="nope")
        with pytest.raises(DuplicateUser):
            add_user(c, "ann@acme.example", Role.SALES)
        assert [u.email for u in list_users(c)] == ["ann@acme.example"]


def test_authenticate_checks_the_password(engine: Engine) -> None:
    with engine.begin() as c:
        add_user(c, "fin@example.com", Role.FINANCE, password="a long enough secret")
        assert authenticate(c, "FIN@example.com", "a long enough secret").role is Role.FINANCE  # type: ignore[union-attr]
        assert authenticate(c, "fin@example.com", "wrong") is None
        assert authenticate(c, "nobody@example.com", "a long enough secret") is None


def test_only_the_sha256_of_a_token_is_stored(engine: Engine) -> None:
    with engine.begin() as c:
        user = add_user(c, "ops@example.com", Role.ADMIN)
        token = create_token(c, user.id, "ci")
        stored = c.execute(select(api_tokens.c.token_hash, api_tokens.c.prefix)).one()
        assert stored.token_hash == hashlib.sha256(token.encode()).hexdigest() and token not in stored
        assert principal_for_token(c, token).email == "ops@example.com"  # type: ignore[union-attr]
        c.execute(api_tokens.update().values(revoked_at=datetime.now(UTC)))
        assert principal_for_token(c, token) is None


def test_a_session_ends_when_it_expires(engine: Engine) -> None:
    start = datetime(2026, 1, 1, tzinfo=UTC)
    with engine.begin() as c:
        user = add_user(c, "pm@example.com", Role.PARTNER_MANAGER)
        session = start_session(c, user.id, now=start)
        live = find_session(c, session.key, now=start + timedelta(hours=1))
        assert live is not None and live.csrf_matches(session.csrf_token) and not live.csrf_matches("x")
        assert find_session(c, session.key, now=start + SESSION_LIFETIME + timedelta(seconds=1)) is None
        assert find_session(c, "not a session", now=start) is None


def test_five_failures_lock_the_email_until_the_window_passes(engine: Engine) -> None:
    start = datetime(2026, 1, 1, 9, 0, tzinfo=UTC)
    policy = LoginPolicy(max_failures=5, window=timedelta(minutes=15))
    with engine.begin() as c:
        for minute in range(5):
            attempt = reserve_attempt(c, "a@example.com", None, policy, now=start + timedelta(minutes=minute))
            settle_attempt(c, attempt, False)
        with pytest.raises(TooManyAttempts) as refused:
            check_login_allowed(c, "a@example.com", policy, now=start + timedelta(minutes=5))
        assert refused.value.retry_after_seconds == 10 * 60
        check_login_allowed(c, "other@example.com", policy, now=start + timedelta(minutes=5))
        check_login_allowed(c, "a@example.com", policy, now=start + timedelta(minutes=15, seconds=1))
