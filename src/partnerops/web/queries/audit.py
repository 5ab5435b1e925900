"""The audit log, newest first, optionally for one kind of record."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, Select, select

from partnerops.store.tables import audit_log
from partnerops.web.listing import Column, Filter, ListSpec

AUDIT_LIST = ListSpec(
    noun="changes",
    columns=(Column("at", "When"), Column("actor", "Who"), Column("entity", "Record"), Column("field", "Field"),
             Column("old_value", "From", sortable=False), Column("new_value", "To", sortable=False),
             Column("reason", "Why", sortable=False)),
    default_sort="-at",
    search=("actor", "field", "old_value", "new_value", "reason"),
    filters=(Filter("entity", "Record kind"),),
    exported=(Column("at", "When"), Column("actor", "Who"), Column("entity", "Record kind"),
              Column("entity_id", "Record"), Column("field", "Field"), Column("old_value", "From"),
              Column("new_value", "To"), Column("reason", "Why")),
)


def audit_list() -> Select[tuple[object, ...]]:
    """Every audit row, for `AUDIT_LIST`."""
    return select(audit_log)


@dataclass(frozen=True)
class AuditRow:
    id: int
    at: datetime
    actor: str
    entity: str
    entity_id: int
    field: str
    old_value: str | None
    new_value: str | None
    reason: str | None


def audit_entries(connection: Connection, entity: str | None = None, limit: int = 200) -> list[AuditRow]:
    query = select(audit_log).order_by(audit_log.c.at.desc(), audit_log.c.id.desc()).limit(limit)
    if entity:
        query = query.where(audit_log.c.entity == entity)
    return [AuditRow(**row._mapping) for row in connection.execute(query)]


def audited_entities(connection: Connection) -> list[str]:
    return list(connection.execute(select(audit_log.c.entity).distinct().order_by(audit_log.c.entity)).scalars())
