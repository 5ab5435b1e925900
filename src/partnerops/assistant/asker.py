"""Who is asking: the principal, and for a partner's user its own partner and the human who can help it."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, select

from partnerops.domain.roles import Principal, Role
from partnerops.store.tables import partners, users

OPERATIONS_TEAM = "the partner operations team"


@dataclass(frozen=True)
class Asker:
    principal: Principal
    partner_name: str | None
    partner_external_id: str | None
    partner_tier: str | None
    # Who a human answer comes from: the partner's manager, with an email address when we have one.
    contact: str

    @property
    def partner_id(self) -> int | None:
        return self.principal.partner_id

    @property
    def is_partner(self) -> bool:
        return self.principal.is_partner


def asker_for(conn: Connection, principal: Principal, fallback_contact: str) -> Asker:
    """The asker's own partner only: nothing of any other partner is read here."""
    if principal.partner_id is None:
        return Asker(principal, None, None, None, f"{OPERATIONS_TEAM} ({fallback_contact})")
    p = partners.c
    row = conn.execute(select(p.name, p.external_id, p.tier, p.owner).where(p.id == principal.partner_id)).one()
    return Asker(principal, row.name, row.external_id, row.tier, _contact(conn, row.owner, fallback_contact))


def _contact(conn: Connection, owner: str | None, fallback: str) -> str:
    if not owner:
        return f"{OPERATIONS_TEAM} ({fallback})"
    u = users.c
    email = conn.execute(
        select(u.email).where(u.name == owner, u.role == Role.PARTNER_MANAGER.value).order_by(u.id).limit(1)
    ).scalar_one_or_none()
    return f"your partner manager, {owner} ({email or fallback})"
