"""What an import changed in stored records, field by field, read back from the audit log inside the import's
transaction (before it commits or rolls back): the dry-run report and the date guard both read it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import ColumnElement, Connection, func, select

from partnerops.ingest.kinds import KindSpec
from partnerops.store.tables import audit_log


@dataclass(frozen=True)
class FieldChange:
    """One field of one stored record: `record` is its id in the source system (or its key)."""

    record: str
    field: str
    old: str | None
    new: str | None


@dataclass(frozen=True)
class ChangeLog:
    """The audit rows of one import: written after `after_id`, about `spec`'s table, by `actor`."""

    spec: KindSpec
    actor: str
    after_id: int

    @classmethod
    def mark(cls, conn: Connection, spec: KindSpec, actor: str) -> ChangeLog:
        """Taken before the first row lands; audit ids only grow, so a range scan of the key finds ours."""
        last = conn.execute(select(func.coalesce(func.max(audit_log.c.id), 0))).scalar_one()
        return cls(spec, actor, int(last))

    def _ours(self, fields: Sequence[str] | None = None, rewrites: bool = False) -> list[ColumnElement[bool]]:
        where = [audit_log.c.id > self.after_id, audit_log.c.entity == self.spec.table.name,
                 audit_log.c.actor == self.actor]
        if fields is not None:
            where.append(audit_log.c.field.in_(fields))
        if rewrites:
            where += [audit_log.c.old_value.is_not(None), audit_log.c.new_value.is_not(None)]
        return where

    def counts_by_field(self, conn: Connection, fields: Sequence[str] | None = None) -> dict[str, int]:
        query = select(audit_log.c.field, func.count()).where(*self._ours(fields)).group_by(audit_log.c.field)
        return {field: int(count) for field, count in conn.execute(query.order_by(audit_log.c.field))}

    def records_changed(self, conn: Connection, fields: Sequence[str] | None = None, rewrites: bool = False) -> int:
        """Records with a change in `fields`; with `rewrites`, only a value replaced by another counts."""
        query = select(func.count(func.distinct(audit_log.c.entity_id))).where(*self._ours(fields, rewrites))
        return int(conn.execute(query).scalar_one())

    def sample(self, conn: Connection, limit: int, fields: Sequence[str] | None = None,
               rewrites: bool = False) -> list[FieldChange]:
        """Up to `limit` changes, first written first, each named by the record's id in the file."""
        query = (select(audit_log.c.entity_id, audit_log.c.field, audit_log.c.old_value, audit_log.c.new_value)
                 .where(*self._ours(fields, rewrites)).order_by(audit_log.c.id).limit(limit))
        rows = conn.execute(query).all()
        names = record_names(conn, self.spec, [row[0] for row in rows])
        return [FieldChange(names.get(entity_id, str(entity_id)), field, old, new)
                for entity_id, field, old, new in rows]


def record_names(conn: Connection, spec: KindSpec, ids: Sequence[int]) -> dict[int, str]:
    """Database id -> the record's id in its source (or its key columns joined with ' / ')."""
    if not ids:
        return {}
    table = spec.table
    key = ["external_id"] if spec.keyed_by_source else list(spec.key)
    query = select(table.c.id, *(table.c[c] for c in key)).where(table.c.id.in_(list(ids)))
    return {int(row[0]): " / ".join(str(value) for value in row[1:]) for row in conn.execute(query)}
