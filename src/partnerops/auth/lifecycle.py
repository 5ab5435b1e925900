"""A user's life after it was added: disable (signed out everywhere, tokens revoked), enable, delete (kept,
anonymised), a new role, a new password. Each change is conditional on the state it leaves, so of two
concurrent changes one wins and the other is told, and each is in the audit log."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement, Connection, update

from partnerops.auth.password_links import void_links
from partnerops.auth.passwords import hash_password
from partnerops.auth.sessions import end_user_sessions
from partnerops.auth.tokens import revoke_user_tokens
from partnerops.auth.user_audit import audit_user
from partnerops.auth.users import UserRecord, UserStatus, require_partner, user_by_id
from partnerops.domain.roles import Principal, Role
from partnerops.store.tables import users

__all__ = ["UnknownUserId", "UserStateConflict", "delete_user", "disable_user", "enable_user", "live_user",
           "set_password", "set_role", "signed_out_everywhere"]  # fmt: skip


class UnknownUserId(LookupError):
    def __init__(self, user_id: int) -> None:
        super().__init__(f"no user with id {user_id}")
        self.user_id = user_id


class UserStateConflict(ValueError):
    """The user is not in a state the change applies to (already disabled, deleted, ...)."""

    def __init__(self, user: UserRecord, wanted: str) -> None:
        super().__init__(f"{user.email} is {user.status.value}: it cannot be {wanted}")


def live_user(conn: Connection, user_id: int) -> UserRecord:
    """The user, refused when unknown or deleted (nothing but the audit trail is left of a deleted user)."""
    user = user_by_id(conn, user_id)
    if user is None:
        raise UnknownUserId(user_id)
    if user.status is UserStatus.DELETED:
        raise UserStateConflict(user, "changed")
    return user


def _change(conn: Connection, user: UserRecord, condition: ColumnElement[bool], wanted: str, **values: object) -> None:
    done = conn.execute(update(users).where(users.c.id == user.id, users.c.deleted_at.is_(None), condition)
                        .values(**values))  # fmt: skip
    if done.rowcount != 1:
        raise UserStateConflict(live_user(conn, user.id), wanted)


def signed_out_everywhere(conn: Connection, user_id: int, actor: str, now: datetime, reason: str) -> None:
    """End every session, revoke every API token and void every open link of the user."""
    end_user_sessions(conn, user_id)
    revoke_user_tokens(conn, user_id, actor, now, reason)
    void_links(conn, user_id, now)


def disable_user(conn: Connection, user_id: int, actor: str, now: datetime) -> UserRecord:
    user = live_user(conn, user_id)
    _change(conn, user, users.c.disabled_at.is_(None), "disabled", disabled_at=now, updated_at=now)
    signed_out_everywhere(conn, user.id, actor, now, "user disabled")
    audit_user(conn, user.id, actor, now, {"status": (UserStatus.ACTIVE.value, UserStatus.DISABLED.value)},
               "user disabled")  # fmt: skip
    return live_user(conn, user.id)


def enable_user(conn: Connection, user_id: int, actor: str, now: datetime) -> UserRecord:
    """Let a disabled user sign in again; its old API tokens stay revoked (make new ones)."""
    user = live_user(conn, user_id)
    _change(conn, user, users.c.disabled_at.is_not(None), "enabled", disabled_at=None, updated_at=now)
    audit_user(conn, user.id, actor, now, {"status": (UserStatus.DISABLED.value, UserStatus.ACTIVE.value)},
               "user enabled")  # fmt: skip
    return live_user(conn, user.id)


def deleted_email(user_id: int) -> str:
    # .invalid is reserved (RFC 2606): the address can never receive mail nor collide with a real one.
    return f"deleted-user-{user_id}@deleted.invalid"


def delete_user(conn: Connection, user_id: int, actor: str, now: datetime) -> None:
    """Remove the user's sign-in (password, sessions, tokens, links) and its email; keep the row, so the audit
    trail and the records it submitted still name a user id."""
    user = live_user(conn, user_id)
    _change(conn, user, users.c.deleted_at.is_(None), "deleted", deleted_at=now, email=deleted_email(user.id),
            name=None, password_hash=None, updated_at=now)  # fmt: skip
    signed_out_everywhere(conn, user.id, actor, now, "user deleted")
    changes: dict[str, tuple[str | None, str | None]] = {
        "status": (user.status.value, UserStatus.DELETED.value), "email": (user.email, deleted_email(user.id)),
    }
    if user.has_password:
        changes["password"] = ("set", None)
    audit_user(conn, user.id, actor, now, changes, "user deleted")


def set_role(conn: Connection, user_id: int, role: Role, partner_id: int | None, actor: str,
             now: datetime) -> UserRecord:  # fmt: skip
    """A new role (a partner user names its partner); the next request of the user already has it."""
    user = live_user(conn, user_id)
    Principal(user.id, user.email, role, partner_id)  # a partner user has exactly one partner, others none
    require_partner(conn, partner_id)
    _change(conn, user, users.c.role == user.role.value, "given a new role", role=role.value, partner_id=partner_id,
            updated_at=now)  # fmt: skip
    changes: dict[str, tuple[str | None, str | None]] = {}
    if role is not user.role:
        changes["role"] = (user.role.value, role.value)
    if partner_id != user.partner_id:
        changes["partner_id"] = (_text(user.partner_id), _text(partner_id))
    audit_user(conn, user.id, actor, now, changes, "role changed")
    return live_user(conn, user.id)


def _text(value: int | None) -> str | None:
    return None if value is None else str(value)


def set_password(conn: Connection, user_id: int, password: str | None, actor: str, now: datetime,
                 reason: str) -> UserRecord:  # fmt: skip
    """Set (or, with None, remove) the password after the rules accept it; the user's sessions and open links
    end."""
    user = live_user(conn, user_id)
    hashed = None if password is None else hash_password(password, user.email)
    _change(conn, user, users.c.deleted_at.is_(None), "given a password", password_hash=hashed, updated_at=now)
    end_user_sessions(conn, user.id)
    void_links(conn, user.id, now)
    audit_user(conn, user.id, actor, now,
               {"password": ("set" if user.has_password else None, None if password is None else "set")}, reason)
    return live_user(conn, user.id)
