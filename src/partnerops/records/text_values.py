"""Records as an import reads them: every field as text, references as the referenced record's external id. A
write from the API becomes one such row per record, so the import's validation decides it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import Connection, select

from partnerops.domain.money import Money
from partnerops.ingest.kinds import KindSpec
from partnerops.store.record_refs import AmbiguousRecord, RecordKind, UnknownRecord, find_record
from partnerops.store.tables import accounts, opportunities, partners

__all__ = ["as_text", "resolved_refs", "stored_text"]

_REF_TABLES = {"accounts": accounts, "partners": partners, "opportunities": opportunities}
_REF_KINDS: dict[str, RecordKind] = {"accounts": "account", "partners": "partner", "opportunities": "opportunity"}


def as_text(value: object) -> str | None:
    """A JSON value as a file would hold it: null stays null, numbers and booleans as written."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def stored_text(conn: Connection, spec: KindSpec, row: Mapping[str, Any]) -> dict[str, str | None]:
    """The stored record as the row of an import that would store it, plus `{field}` -> source system of refs."""
    values: dict[str, str | None] = {}
    for field in spec.fields:
        stored = row[field.column]
        if field.ref is not None and stored is not None:
            table = _REF_TABLES[field.ref]
            stored = conn.execute(select(table.c.external_id).where(table.c.id == stored)).scalar_one()
        elif field.parse == "amount" and stored is not None:
            stored = Money.from_minor(int(stored), str(row["currency"])).amount
        values[field.name] = None if stored is None else stored.isoformat() if hasattr(stored, "isoformat") \
            else str(stored)
    return values


def resolved_refs(conn: Connection, spec: KindSpec, rows: list[dict[str, str | None]],
                  systems: dict[str, str]) -> dict[str, str]:
    """Each reference in `rows` rewritten to the external id of the record it names (an id, SYSTEM:ID or unique
    name, as everywhere); returns the source system per referenced kind, for the import's reference lookup. A
    name that finds nothing is left for the import to report."""
    for field in spec.fields:
        if field.ref is None:
            continue
        for row in rows:
            given = row.get(field.name)
            if not given:
                continue
            try:
                found = find_record(conn, _REF_KINDS[field.ref], given)
            except (UnknownRecord, AmbiguousRecord):
                continue
            row[field.name] = found.external_id
            systems.setdefault(field.ref, found.source_system)
    return systems
