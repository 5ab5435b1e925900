"""Partners, accounts and deals named the way users name them, found only within the caller's scope: a record
outside it answers exactly as one that does not exist, and an ambiguous name never lists another partner's records."""

from __future__ import annotations

from sqlalchemy import ColumnElement, Connection, Table, select

from partnerops.analytics.live import live_account, live_opportunity, live_partner
from partnerops.auth.scope import account_scope, opportunity_scope, partner_scope
from partnerops.domain.roles import Principal
from partnerops.store.record_refs import AmbiguousRecord, RecordKind, UnknownRecord, find_record
from partnerops.store.tables import accounts, opportunities, partners

__all__ = ["NotVisible", "visible_id"]


class NotVisible(LookupError):
    """A record the caller may not see, or that does not exist: the two are not told apart."""

    def __init__(self, kind: RecordKind, ref: str) -> None:
        super().__init__(f"there is no {kind} {ref!r} that you may see: give its id or exact name as the find "
                         f"tools list them")  # fmt: skip


def _scope(kind: RecordKind, principal: Principal) -> tuple[Table, ColumnElement[bool], ColumnElement[bool]]:
    if kind == "partner":
        return partners, partner_scope(principal), live_partner()
    if kind == "account":
        return accounts, account_scope(principal), live_account()
    return opportunities, opportunity_scope(principal), live_opportunity()


def visible_id(conn: Connection, principal: Principal, kind: RecordKind, ref: str) -> int:
    """The row id of the record REF names, when the principal may see it; of several that answer to REF, the one
    it may see."""
    try:
        candidates = [find_record(conn, kind, ref).id]
    except UnknownRecord as exc:
        raise NotVisible(kind, ref) from exc
    except AmbiguousRecord as exc:
        candidates = [candidate.id for candidate in exc.candidates]
    table, scope, live = _scope(kind, principal)
    seen = conn.execute(select(table.c.id).where(table.c.id.in_(candidates), scope, live)).scalars().all()
    if not seen:
        raise NotVisible(kind, ref)
    if len(seen) > 1:
        raise LookupError(f"more than one {kind} answers to {ref!r}: name it as SYSTEM:ID")
    return int(seen[0])
