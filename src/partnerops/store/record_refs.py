"""Naming a partner, account or deal the way users do: by its own external id (`PRT-38099`), by `SYSTEM:ID`
when the id exists in several source systems, or by its exact unique name. Internal row numbers are never a
user-facing name: every command, page URL, API path, CSV and message goes through here."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from sqlalchemy import Connection, Table, func, select

from partnerops.store.tables import accounts, opportunities, partners

__all__ = ["AmbiguousRecord", "RecordKind", "RecordRef", "UnknownRecord", "find_record", "record_ref"]

RecordKind = Literal["partner", "account", "opportunity"]
_TABLES: dict[RecordKind, Table] = {"partner": partners, "account": accounts, "opportunity": opportunities}
_LISTS = {"partner": "partnerops partners", "account": "partnerops accounts", "opportunity": "partnerops deals"}


@dataclass(frozen=True)
class RecordRef:
    """One record as users name it; `id` is for queries only and never shown."""

    kind: RecordKind
    id: int
    source_system: str
    external_id: str
    name: str
    deleted: bool

    @property
    def label(self) -> str:
        return f"{self.name} ({self.external_id})"


class UnknownRecord(LookupError):
    """Nothing answers to the name; the message says where to find valid ones."""

    def __init__(self, kind: RecordKind, ref: str) -> None:
        super().__init__(f"there is no {kind} {ref!r}: give its id or exact name as `{_LISTS[kind]}` lists them")
        self.kind, self.ref = kind, ref


class AmbiguousRecord(LookupError):
    """Several records answer to the name; the message lists them as `SYSTEM:ID` to pick from."""

    def __init__(self, kind: RecordKind, ref: str, candidates: list[RecordRef]) -> None:
        named = ", ".join(f"{c.source_system}:{c.external_id}" for c in candidates[:5])
        more = f" and {len(candidates) - 5} more" if len(candidates) > 5 else ""
        super().__init__(f"{len(candidates)} {kind} records answer to {ref!r}: name one as SYSTEM:ID ({named}{more})")
        self.kind, self.ref, self.candidates = kind, ref, candidates


def _refs(conn: Connection, kind: RecordKind, *where: object) -> list[RecordRef]:
    t = _TABLES[kind]
    query = select(t.c.id, t.c.source_system, t.c.external_id, t.c.name, t.c.deleted_at.is_not(None))
    rows = conn.execute(query.where(*where).order_by(t.c.id))  # type: ignore[arg-type]
    return [RecordRef(kind, int(r[0]), str(r[1]), str(r[2]), str(r[3]), bool(r[4])) for r in rows]


def _one(kind: RecordKind, ref: str, found: list[RecordRef]) -> RecordRef | None:
    live = [r for r in found if not r.deleted] or found
    if len(live) > 1:
        raise AmbiguousRecord(kind, ref, live)
    return live[0] if live else None


def find_record(conn: Connection, kind: RecordKind, ref: str) -> RecordRef:
    """The one record `ref` names: its external id, `SYSTEM:ID`, or its exact name (case-insensitive).

    A live record wins over a deleted one with the same name; several live ones are ambiguous."""
    t, wanted = _TABLES[kind], ref.strip()
    if not wanted:
        raise UnknownRecord(kind, ref)
    system, _, external = wanted.partition(":")
    if external and (hit := _one(kind, ref, _refs(conn, kind, t.c.source_system == system,
                                                  t.c.external_id == external))):
        return hit
    for where in (t.c.external_id == wanted, func.lower(t.c.name) == wanted.lower()):
        if hit := _one(kind, ref, _refs(conn, kind, where)):
            return hit
    raise UnknownRecord(kind, ref)


def record_ref(conn: Connection, kind: RecordKind, record_id: int) -> RecordRef:
    """How users name the record with internal id `record_id` (for messages and links)."""
    found = _refs(conn, kind, _TABLES[kind].c.id == record_id)
    if not found:
        raise UnknownRecord(kind, str(record_id))
    return found[0]
