"""Import conflicts kept for a person: record them as a re-import finds them, list them, and resolve one by
keeping PartnerOps's value or applying the file's (audited)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Row, Select, Table, bindparam, select, update

from partnerops.domain.roles import Role
from partnerops.store.conflict_tables import import_conflicts
from partnerops.store.tables import audit_log, metadata

if TYPE_CHECKING:
    import polars as pl

OPEN, RESOLVED, SUPERSEDED = "open", "resolved", "superseded"
STATUSES = (OPEN, RESOLVED, SUPERSEDED)
OURS, THEIRS = "ours", "theirs"
# Imports and their conflicts are the program operators' work: sales, finance and partners' users neither see
# nor resolve them, on any surface.
RESOLVERS = frozenset({Role.ADMIN, Role.PARTNER_MANAGER})
c = import_conflicts.c


class UnknownConflict(LookupError):
    def __init__(self, conflict_id: int) -> None:
        super().__init__(f"there is no import conflict {conflict_id}")
        self.conflict_id = conflict_id


class ConflictClosed(ValueError):
    """The conflict was resolved already, or a later import superseded it."""

    def __init__(self, conflict_id: int, status: str) -> None:
        super().__init__(f"import conflict {conflict_id} is {status}, not open: nothing to resolve")
        self.conflict_id = conflict_id
        self.status = status


def record_conflicts(conn: Connection, entity: str, found: pl.DataFrame, batch_id: int | None, at: datetime) -> int:
    """Keep `found` (entity_id, source_system, external_id, field, base, ours, theirs) as open conflicts; an
    open conflict on the same field of the same record is superseded by the newer one."""
    if found.height == 0:
        return 0
    rows = found.to_dicts()
    supersede = (
        update(import_conflicts)
        .where(c.entity == entity, c.entity_id == bindparam("_id"), c.field == bindparam("_field"), c.status == OPEN)
        .values(status=SUPERSEDED)
    )
    conn.execute(supersede, [{"_id": row["entity_id"], "_field": row["field"]} for row in rows])
    extra = {"entity": entity, "batch_id": batch_id, "detected_at": at, "status": OPEN}
    conn.execute(import_conflicts.insert(), [row | extra for row in rows])
    return len(rows)


def conflicts_query(status: str | None = OPEN) -> Select[Any]:
    """Conflicts with `status` (every one for None), for listing or paging."""
    query = select(import_conflicts)
    return query if status is None else query.where(c.status == status)


def conflict_record(row: Row[Any]) -> dict[str, Any]:
    """A conflict row as a dict, its times in UTC (SQLite hands them back without a zone)."""
    record = dict(row._mapping)
    for name in ("detected_at", "resolved_at"):
        moment = record[name]
        record[name] = moment.replace(tzinfo=UTC) if moment is not None and moment.tzinfo is None else moment
    return record


def list_conflicts(conn: Connection, status: str | None = OPEN) -> list[dict[str, Any]]:
    return [conflict_record(row) for row in conn.execute(conflicts_query(status).order_by(c.id))]


def get_conflict(conn: Connection, conflict_id: int) -> dict[str, Any]:
    row = conn.execute(select(import_conflicts).where(c.id == conflict_id)).first()
    if row is None:
        raise UnknownConflict(conflict_id)
    return conflict_record(row)


def resolve_conflict(
    conn: Connection, conflict_id: int, keep: str, actor: str, at: datetime, reason: str | None = None
) -> dict[str, Any]:
    """Close an open conflict keeping `ours` (PartnerOps's value stays) or `theirs` (the file's value is applied
    and audited). Closing first, on the open row only, makes a second resolver lose instead of applying twice."""
    if keep not in (OURS, THEIRS):
        raise ValueError(f"keep must be {OURS!r} or {THEIRS!r}, not {keep!r}")
    closing = (
        update(import_conflicts)
        .where(c.id == conflict_id, c.status == OPEN)
        .values(status=RESOLVED, kept=keep, resolved_at=at, resolved_by=actor, reason=reason)
    )
    if conn.execute(closing).rowcount != 1:
        raise ConflictClosed(conflict_id, get_conflict(conn, conflict_id)["status"])
    conflict = get_conflict(conn, conflict_id)
    if keep == THEIRS:
        _apply_theirs(conn, conflict, actor, at, reason or f"import conflict {conflict_id}: kept the file's value")
    return conflict


def _apply_theirs(conn: Connection, conflict: dict[str, Any], actor: str, at: datetime, reason: str) -> None:
    table = _shared_table(conflict["entity"], conflict["field"])
    field, record = table.c[conflict["field"]], table.c.id == conflict["entity_id"]
    current = conn.execute(select(field).where(record)).scalar_one_or_none()
    if current == conflict["theirs"]:
        return
    conn.execute(update(table).where(record).values({field.name: conflict["theirs"], "updated_at": at}))
    conn.execute(audit_log.insert().values(
        at=at, actor=actor, entity=table.name, entity_id=conflict["entity_id"], field=field.name,
        old_value=None if current is None else str(current), new_value=conflict["theirs"], reason=reason,
    ))  # fmt: skip


def _shared_table(entity: str, field: str) -> Table:
    table = metadata.tables[entity]
    assert f"{field}_as_imported" in table.c, f"{entity}.{field} is not a shared field"
    return table
