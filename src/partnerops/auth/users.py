"""Local users: adding one, finding and listing them, and turning a live stored user into a `Principal`."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import Connection, Row, Select, select
from sqlalchemy.exc import IntegrityError

from partnerops.auth.passwords import hash_password, needs_rehash, rehash, verify_password
from partnerops.auth.user_audit import audit_user
from partnerops.domain.roles import Principal, Role
from partnerops.store.tables import partners, users

__all__ = ["DuplicateUser", "InvalidEmail", "UnknownPartner", "UnknownUser", "UserRecord", "UserStatus", "add_user",
           "authenticate", "find_user", "list_users", "normalise_email", "partner_id_of", "user_by_id"]  # fmt: skip


class DuplicateUser(ValueError):
    def __init__(self, email: str) -> None:
        super().__init__(f"a user with email {email!r} already exists")


class InvalidEmail(ValueError):
    def __init__(self, email: str) -> None:
        super().__init__(f"{email!r} is not an email address (name@domain.example)")


class UnknownPartner(LookupError):
    def __init__(self, external_id: str) -> None:
        super().__init__(f"no partner with id {external_id!r}")


class UnknownUser(LookupError):
    def __init__(self, email: str) -> None:
        super().__init__(f"no user with email {email!r}")


class UserStatus(StrEnum):
    ACTIVE = "active"
    DISABLED = "disabled"
    DELETED = "deleted"


@dataclass(frozen=True)
class UserRecord:
    id: int
    email: str
    role: Role
    partner_id: int | None
    partner_name: str | None
    has_password: bool
    status: UserStatus = UserStatus.ACTIVE

    @property
    def principal(self) -> Principal:
        return Principal(self.id, self.email, self.role, self.partner_id)

    @property
    def is_active(self) -> bool:
        return self.status is UserStatus.ACTIVE


# One @, a dot in the domain, no spaces or control characters: the shape of an address, not its existence.
_EMAIL = re.compile(r"[^@\s\x00-\x1f]{1,64}@[^@\s\x00-\x1f]+\.[^@\s\x00-\x1f]+")


def normalise_email(email: str) -> str:
    return email.strip().lower()


def add_user(
    connection: Connection,
    email: str,
    role: Role,
    *,
    partner_external_id: str | None = None,
    partner_id: int | None = None,
    password: str | None = None,
    actor: str = "cli",
    reason: str = "added",
) -> UserRecord:
    """Create a user; a partner user names its partner by its id or by the partner's external id."""
    email = normalise_email(email)
    if not _EMAIL.fullmatch(email):
        raise InvalidEmail(email)
    if partner_external_id is not None:
        partner_id = partner_id_of(connection, partner_external_id)
    Principal(0, email, role, partner_id)  # refuses a partner user without a partner, and the reverse
    require_partner(connection, partner_id)
    now = datetime.now(UTC)
    values = {"email": email, "role": role.value, "partner_id": partner_id, "created_at": now, "updated_at": now}
    if password is not None:
        values["password_hash"] = hash_password(password, email)
    try:
        with connection.begin_nested():
            user_id = connection.execute(users.insert().values(values).returning(users.c.id)).scalar_one()
    except IntegrityError as exc:
        raise DuplicateUser(email) from exc
    changes: dict[str, tuple[str | None, str | None]] = {"email": (None, email), "role": (None, role.value)}
    if partner_id is not None:
        changes["partner_id"] = (None, str(partner_id))
    if password is not None:
        changes["password"] = (None, "set")
    audit_user(connection, int(user_id), actor, now, changes, reason)
    return find_user(connection, email)


def require_partner(connection: Connection, partner_id: int | None) -> None:
    """A partner user's partner must exist: said here by name, not later as a failed foreign key."""
    if partner_id is not None and connection.execute(
            select(partners.c.id).where(partners.c.id == partner_id)).first() is None:
        raise UnknownPartner(str(partner_id))


def partner_id_of(connection: Connection, external_id: str) -> int:
    found = connection.execute(select(partners.c.id).where(partners.c.external_id == external_id)).scalars().all()
    if len(found) != 1:
        raise UnknownPartner(external_id)
    return int(found[0])


def _query() -> Select[Any]:
    return select(users, partners.c.name.label("partner_name")).outerjoin(partners, partners.c.id == users.c.partner_id)


def _status(m: Any) -> UserStatus:
    if m["deleted_at"] is not None:
        return UserStatus.DELETED
    return UserStatus.DISABLED if m["disabled_at"] is not None else UserStatus.ACTIVE


def _record(row: Row[Any]) -> UserRecord:
    m = row._mapping
    has_password = m["password_hash"] is not None
    return UserRecord(int(m["id"]), str(m["email"]), Role(m["role"]), m["partner_id"], m["partner_name"], has_password,
                      _status(m))  # fmt: skip


def find_user(connection: Connection, email: str) -> UserRecord:
    """The user signing in as `email` (a deleted user no longer has one)."""
    row = connection.execute(_query().where(users.c.email == normalise_email(email), users.c.deleted_at.is_(None)))
    found = row.first()
    if found is None:
        raise UnknownUser(email)
    return _record(found)


def user_by_id(connection: Connection, user_id: int) -> UserRecord | None:
    row = connection.execute(_query().where(users.c.id == user_id)).first()
    return None if row is None else _record(row)


def list_users(connection: Connection, include_deleted: bool = False) -> list[UserRecord]:
    query = _query() if include_deleted else _query().where(users.c.deleted_at.is_(None))
    return [_record(row) for row in connection.execute(query.order_by(users.c.email))]


def authenticate(connection: Connection, email: str, password: str) -> Principal | None:
    """The user's principal when the password matches and the user is active; upgrades an outdated hash."""
    query = select(users.c.id, users.c.password_hash, users.c.disabled_at, users.c.deleted_at)
    found = connection.execute(query.where(users.c.email == normalise_email(email))).first()
    if not verify_password(found.password_hash if found else None, password) or found is None:
        return None
    if found.disabled_at is not None or found.deleted_at is not None:
        return None
    if needs_rehash(found.password_hash):
        connection.execute(users.update().where(users.c.id == found.id).values(password_hash=rehash(password)))
    record = user_by_id(connection, int(found.id))
    return None if record is None else record.principal
