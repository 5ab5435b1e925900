"""Local users: adding one, listing them, and turning a stored user into a `Principal`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Row, Select, select
from sqlalchemy.exc import IntegrityError

from partnerops.auth.passwords import hash_password, needs_rehash, verify_password
from partnerops.domain.roles import Principal, Role
from partnerops.store.tables import partners, users

__all__ = ["DuplicateUser", "UnknownPartner", "UnknownUser", "UserRecord", "add_user", "authenticate", "list_users"]


class DuplicateUser(ValueError):
    def __init__(self, email: str) -> None:
        super().__init__(f"a user with email {email!r} already exists")


class UnknownPartner(LookupError):
    def __init__(self, external_id: str) -> None:
        super().__init__(f"no partner with id {external_id!r}")


class UnknownUser(LookupError):
    def __init__(self, email: str) -> None:
        super().__init__(f"no user with email {email!r}")


@dataclass(frozen=True)
class UserRecord:
    id: int
    email: str
    role: Role
    partner_id: int | None
    partner_name: str | None
    has_password: bool

    @property
    def principal(self) -> Principal:
        return Principal(self.id, self.email, self.role, self.partner_id)


def normalise_email(email: str) -> str:
    return email.strip().lower()


def add_user(
    connection: Connection,
    email: str,
    role: Role,
    *,
    partner_external_id: str | None = None,
    password: str | None = None,
) -> UserRecord:
    """Create a user; a partner user names its partner by the partner's external id."""
    email = normalise_email(email)
    partner_id = _partner_id(connection, partner_external_id) if partner_external_id is not None else None
    Principal(0, email, role, partner_id)  # refuses a partner user without a partner, and the reverse
    now = datetime.now(UTC)
    values = {"email": email, "role": role.value, "partner_id": partner_id, "created_at": now, "updated_at": now}
    if password is not None:
        values["password_hash"] = hash_password(password)
    try:
        with connection.begin_nested():
            connection.execute(users.insert().values(values))
    except IntegrityError as exc:
        raise DuplicateUser(email) from exc
    return find_user(connection, email)


def _partner_id(connection: Connection, external_id: str) -> int:
    found = connection.execute(select(partners.c.id).where(partners.c.external_id == external_id)).scalars().all()
    if len(found) != 1:
        raise UnknownPartner(external_id)
    return int(found[0])


def _query() -> Select[Any]:
    return select(users, partners.c.name.label("partner_name")).outerjoin(partners, partners.c.id == users.c.partner_id)


def _record(row: Row[Any]) -> UserRecord:
    m = row._mapping
    has_password = m["password_hash"] is not None
    return UserRecord(int(m["id"]), str(m["email"]), Role(m["role"]), m["partner_id"], m["partner_name"], has_password)


def find_user(connection: Connection, email: str) -> UserRecord:
    row = connection.execute(_query().where(users.c.email == normalise_email(email))).first()
    if row is None:
        raise UnknownUser(email)
    return _record(row)


def user_by_id(connection: Connection, user_id: int) -> UserRecord | None:
    row = connection.execute(_query().where(users.c.id == user_id)).first()
    return None if row is None else _record(row)


def list_users(connection: Connection) -> list[UserRecord]:
    return [_record(row) for row in connection.execute(_query().order_by(users.c.email))]


def authenticate(connection: Connection, email: str, password: str) -> Principal | None:
    """The user's principal when the password matches; upgrades an outdated hash on the way."""
    row = connection.execute(select(users.c.id, users.c.password_hash).where(users.c.email == normalise_email(email)))
    found = row.first()
    if not verify_password(found.password_hash if found else None, password) or found is None:
        return None
    if needs_rehash(found.password_hash):
        connection.execute(users.update().where(users.c.id == found.id).values(password_hash=hash_password(password)))
    record = user_by_id(connection, int(found.id))
    return None if record is None else record.principal
