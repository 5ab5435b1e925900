"""Partners, accounts and opportunities at the API's edge: a reference that comes in (external id, SYSTEM:ID or
exact name) becomes the row id the services take, and a row id that goes out becomes the external id users know.
Every field named partner_id, account_id or opportunity_id(s) in a request or answer holds that external id."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from sqlalchemy import ColumnElement, Connection, Engine, Table, select

from partnerops.api.errors import ApiError
from partnerops.api.record_writes import found, scoped_out
from partnerops.auth.scope import account_scope, opportunity_scope, partner_scope
from partnerops.domain.roles import Principal
from partnerops.store.record_refs import RecordKind
from partnerops.store.tables import accounts, opportunities, partners

__all__ = ["external_id", "external_ids", "resolve", "resolve_optional", "resolved"]

# Ids per query: well under SQLite's and PostgreSQL's limits on bound parameters.
_CHUNK = 5_000
Scope = Callable[[Principal], ColumnElement[bool]]
_TABLES: dict[RecordKind, tuple[Table, Scope]] = {
    "partner": (partners, partner_scope), "account": (accounts, account_scope),
    "opportunity": (opportunities, opportunity_scope),
}  # fmt: skip


def resolve(conn: Connection, kind: RecordKind, ref: str, principal: Principal, field: str | None = None) -> int:
    """The row id of the live record `ref` names and the caller may see; else the 404 (409 when ambiguous) whose
    words, for a partner's user, are the same whether the record is another partner's or does not exist. `field`
    is the parameter or body field that named it, for the error."""
    try:
        record = found(conn, kind, ref, principal)
        if principal.is_partner:
            table, scope = _TABLES[kind]
            if conn.execute(select(table.c.id).where(table.c.id == record.id, scope(principal))).first() is None:
                raise scoped_out(kind, ref, principal)
    except ApiError as exc:
        exc.field = exc.field or field
        raise
    return record.id


def resolve_optional(conn: Connection, kind: RecordKind, ref: str | None, principal: Principal,
                     field: str | None = None) -> int | None:  # fmt: skip
    return None if ref is None else resolve(conn, kind, ref, principal, field)


def resolved(engine: Engine, kind: RecordKind, ref: str | None, principal: Principal,
             field: str | None = None) -> int | None:  # fmt: skip
    """`resolve_optional` on a connection of its own."""
    if ref is None:
        return None
    with engine.connect() as conn:
        return resolve(conn, kind, ref, principal, field)


def external_ids(conn: Connection, kind: RecordKind, ids: Iterable[int | None]) -> dict[int, str]:
    """The external id of each row id (deleted records included: history still names them)."""
    wanted = sorted({i for i in ids if i is not None})
    table = _TABLES[kind][0]
    names: dict[int, str] = {}
    for start in range(0, len(wanted), _CHUNK):
        chunk = wanted[start : start + _CHUNK]
        rows = conn.execute(select(table.c.id, table.c.external_id).where(table.c.id.in_(chunk)))
        names.update((int(row[0]), str(row[1])) for row in rows)
    return names


def external_id(conn: Connection, kind: RecordKind, record_id: int | None) -> str | None:
    return None if record_id is None else external_ids(conn, kind, [record_id]).get(record_id)
