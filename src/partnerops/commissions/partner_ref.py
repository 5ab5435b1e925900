"""Finding the partner a user names on the command line: by database id, external id or exact name."""

from __future__ import annotations

from sqlalchemy import Connection, func, or_, select

from partnerops.commissions.errors import CommissionNotFound
from partnerops.store.tables import partners

__all__ = ["find_partner"]


def find_partner(conn: Connection, ref: str) -> tuple[int, str]:
    """(id, name) of the one partner `ref` names."""
    p = partners.c
    wanted = ref.strip()
    by = [p.external_id == wanted, func.lower(p.name) == wanted.lower()]
    if wanted.isdigit():
        by.append(p.id == int(wanted))
    rows = conn.execute(select(p.id, p.name).where(or_(*by)).order_by(p.id)).all()
    if len(rows) != 1:
        problem = "no partner" if not rows else f"{len(rows)} partners"
        raise CommissionNotFound(f"{problem} match {ref!r}: give the partner's id (see `partnerops partners`)")
    return int(rows[0].id), str(rows[0].name)
