"""What the user administration page lists: the users, and the partners a partner user can belong to."""

from __future__ import annotations

from sqlalchemy import Connection, select

from partnerops.store.tables import partners

__all__ = ["partner_choices"]


def partner_choices(conn: Connection) -> list[tuple[int, str]]:
    """(id, name) of every live partner, by name."""
    query = select(partners.c.id, partners.c.name).where(partners.c.deleted_at.is_(None)).order_by(partners.c.name)
    return [(int(row.id), str(row.name)) for row in conn.execute(query)]
