"""The one-time setup of an empty installation: the first admin, created from the setup page. The setup row's
fixed primary key makes two concurrent setups create exactly one admin; once anyone exists, setup is gone."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Connection, Engine, func, insert, select
from sqlalchemy.exc import IntegrityError

from partnerops.auth.password_rules import check_password
from partnerops.auth.users import UserRecord, add_user
from partnerops.domain.roles import Role
from partnerops.store.setup_tables import SETUP_ROW, setup_state
from partnerops.store.tables import users

__all__ = ["SetupDone", "create_first_admin", "setup_open"]


class SetupDone(LookupError):
    """Someone exists already (or another setup finished first): setup is no longer offered."""

    def __init__(self) -> None:
        super().__init__("PartnerOps is set up already: sign in, or ask an admin for an invitation")


def setup_open(conn: Connection) -> bool:
    """Only while no user exists at all (a deleted user still counts: its row keeps the audit trail)."""
    return int(conn.execute(select(func.count()).select_from(users)).scalar_one()) == 0


def create_first_admin(engine: Engine, email: str, password: str) -> UserRecord:
    """The first admin, with a password; raises SetupDone, or InvalidEmail / WeakPassword for the form."""
    check_password(password, email)
    try:
        with engine.begin() as conn:
            # First write of the transaction: a concurrent setup waits here, then fails on the key.
            conn.execute(insert(setup_state).values(id=SETUP_ROW, admin_email=email.strip().lower(),
                                                    completed_at=datetime.now(UTC)))  # fmt: skip
            if not setup_open(conn):
                raise SetupDone()
            return add_user(conn, email, Role.ADMIN, password=password, actor="setup", reason="first admin")
    except IntegrityError as exc:
        raise SetupDone() from exc
