"""What PartnerOps holds of a connection's records, asked while pulling: which of some ids it stores live (a
deletion names only those), and which partner touches it stored on some deals (a removed link deletes its touch)."""

from __future__ import annotations

from sqlalchemy import Engine, select

from partnerops.ingest.kinds import kind_spec
from partnerops.store.bulk import column_in
from partnerops.store.tables import opportunities, touches


def stored_ids(engine: Engine, system: str, kind: str, ids: list[str]) -> set[str]:
    """The ids among `ids` stored live for `kind` from `system`."""
    if not ids:
        return set()
    table = kind_spec(kind).table
    with engine.connect() as conn:
        query = select(table.c.external_id).where(table.c.source_system == system,
                                                  column_in(conn, table.c.external_id, ids),
                                                  table.c.deleted_at.is_(None))
        return {str(i) for i in conn.execute(query).scalars()}


def stored_deal_touches(engine: Engine, system: str, deal_ids: list[str]) -> set[str]:
    """The live touches from `system` on the deals `deal_ids` (external ids), by their own external ids."""
    if not deal_ids:
        return set()
    with engine.connect() as conn:
        query = (select(touches.c.external_id).join(opportunities, opportunities.c.id == touches.c.opportunity_id)
                 .where(touches.c.source_system == system, opportunities.c.source_system == system,
                        column_in(conn, opportunities.c.external_id, deal_ids), touches.c.deleted_at.is_(None)))
        return {str(i) for i in conn.execute(query).scalars()}
