"""User administration for the page isolation walk: the pages are for admins, so partner A's user is refused
them and cannot disable, delete, re-role or reset partner B's user; the password pages name no one's data."""

from __future__ import annotations

from sqlalchemy import Engine, select

from partnerops.store.tables import users
from web.web_world import BRAVO_USER

# Partner B's user's email appears on no page partner A's user may see.
SECRETS: tuple[str, ...] = (BRAVO_USER,)
# An attempt to make B's user an admin, and to ask a reset of its password.
FORM: dict[str, str] = {"role": "admin", "email": BRAVO_USER, "confirm": "yes"}


def seed(engine: Engine) -> dict[str, int]:
    with engine.connect() as conn:
        return {"user_id": int(conn.execute(select(users.c.id).where(users.c.email == BRAVO_USER)).scalar_one())}


def state(engine: Engine, ids: dict[str, int]) -> tuple[object, ...]:
    """B's user as it signs in: email, role, partner, password, disabled or deleted."""
    u = users.c
    with engine.connect() as conn:
        return tuple(conn.execute(select(u.email, u.role, u.partner_id, u.password_hash, u.disabled_at, u.deleted_at)
                                  .where(u.id == ids["user_id"])).one())  # fmt: skip
