"""A reseller's marketplace_transaction touch on each deal its channel / partner private offer transactions name.

One touch per reseller, deal and source system (however many months the marketplace bills), dated by the first
live transaction; it is kept as imported (confirmed: the marketplace's record is the evidence) and marked deleted
when no live transaction is left. What it counts toward is the attribution policy's business (a qualifying type).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import Connection, func, select, update
from sqlalchemy.dialects import postgresql, sqlite

from partnerops.domain.enums import TouchStatus, TouchType
from partnerops.store.marketplace_tables import marketplace_transactions
from partnerops.store.tables import opportunities, partners, touches

PREFIX = "marketplace:"


@dataclass(frozen=True)
class TouchSync:
    """How many touches one sync added, moved to another date, deleted and brought back."""

    inserted: int = 0
    updated: int = 0
    deleted: int = 0


def _wanted(conn: Connection, system: str) -> dict[str, tuple[int, int, date, str]]:
    """External id -> (partner id, opportunity id, first transaction day, evidence) from the live transactions."""
    t, p, o = marketplace_transactions.c, partners.c, opportunities.c
    query = (select(t.partner_id, t.opportunity_id, p.external_id, o.external_id, func.min(t.transacted_on),
                    func.min(t.marketplace), func.count())
             .join_from(marketplace_transactions, partners, p.id == t.partner_id)
             .join(opportunities, o.id == t.opportunity_id)
             .where(t.source_system == system, t.deleted_at.is_(None))
             .group_by(t.partner_id, t.opportunity_id, p.external_id, o.external_id))  # fmt: skip
    return {f"{PREFIX}{partner}:{deal}": (pid, oid, first, f"{count} {market} marketplace transaction(s) resold "
                                          f"by {partner} from {first.isoformat()}")
            for pid, oid, partner, deal, first, market, count in conn.execute(query)}


def sync_touches(conn: Connection, system: str, actor: str = "cli") -> TouchSync:
    """Make the stored marketplace touches of `system` those its live transactions call for."""
    wanted, c = _wanted(conn, system), touches.c
    stored = {row.external_id: row for row in conn.execute(
        select(c.id, c.external_id, c.touched_on, c.deleted_at).where(
            c.source_system == system, c.external_id.startswith(PREFIX)))}
    now = datetime.now(UTC)
    new = [{"source_system": system, "external_id": key, "partner_id": pid, "opportunity_id": oid,
            "type": TouchType.MARKETPLACE_TRANSACTION.value, "touched_on": first, "actor": actor,
            "evidence": evidence, "status": TouchStatus.CONFIRMED.value,
            "status_as_imported": TouchStatus.CONFIRMED.value}
           for key, (pid, oid, first, evidence) in wanted.items() if key not in stored]
    # Two imports syncing at once both see a touch missing: the second insert is skipped, never an error.
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    added = sum(len(conn.execute(dialect.insert(touches).values(row).on_conflict_do_nothing(
        index_elements=["source_system", "external_id"]).returning(touches.c.id)).all()) for row in new)
    updated = 0
    for key, (_pid, _oid, first, evidence) in wanted.items():
        row = stored.get(key)
        if row is not None and (row.touched_on != first or row.deleted_at is not None):
            conn.execute(update(touches).where(c.id == row.id).values(touched_on=first, evidence=evidence,
                                                                     deleted_at=None, updated_at=now))
            updated += 1
    gone = [row.id for key, row in stored.items() if key not in wanted and row.deleted_at is None]
    if gone:
        conn.execute(update(touches).where(c.id.in_(gone)).values(deleted_at=now, updated_at=now))
    return TouchSync(added, updated, len(gone))
