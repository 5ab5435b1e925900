"""A partner's account list: finding the partner it belongs to and importing the list with the same
validation, quarantine and idempotence as every import."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection, Engine, select

from partnerops.ingest.kinds_mapping import LIST_FORMAT, list_options
from partnerops.ingest.service import ImportSummary, import_file
from partnerops.mapping.errors import AmbiguousPartner, UnknownPartner
from partnerops.store.tables import partners

__all__ = ["PartnerRef", "find_partner", "import_partner_list", "partner_by_id"]


@dataclass(frozen=True)
class PartnerRef:
    id: int
    source_system: str
    external_id: str
    name: str
    type: str


def _refs(conn: Connection, *where: object) -> list[PartnerRef]:
    query = select(partners.c.id, partners.c.source_system, partners.c.external_id, partners.c.name,
                   partners.c.type).where(*where)  # type: ignore[arg-type]
    return [PartnerRef(*row) for row in conn.execute(query.order_by(partners.c.id))]


def find_partner(conn: Connection, named: str) -> PartnerRef:
    """The partner with external id `named` (or `SYSTEM:ID` when the id exists in several systems)."""
    system, _, external = named.rpartition(":")
    found = _refs(conn, partners.c.external_id == external, *([partners.c.source_system == system] if system else []))
    if not found and system:
        found = _refs(conn, partners.c.external_id == named)
    if not found:
        raise UnknownPartner(named)
    if len(found) > 1:
        raise AmbiguousPartner(named, [p.source_system for p in found])
    return found[0]


def partner_by_id(conn: Connection, partner_id: int) -> PartnerRef:
    found = _refs(conn, partners.c.id == partner_id)
    if not found:
        raise UnknownPartner(str(partner_id))
    return found[0]


def import_partner_list(engine: Engine, path: Path, partner: str, actor: str = "cli",
                        progress: Callable[[int], None] | None = None,
                        columns: dict[str, str] | None = None) -> ImportSummary:
    """Import `path` (CSV or JSON: name, domain, status, owner, region, segment and optionally id and aliases)
    as the account list of the partner with external id `partner`; `columns` maps a field to the file's header
    where they differ. A bad optional value (an unreadable domain) lands empty with a warning, as in every import."""
    with engine.connect() as conn:
        owner = find_partner(conn, partner)
    options = list_options(owner.source_system, owner.external_id, owner.id, actor, columns)
    return import_file(engine, path, "partner_accounts", LIST_FORMAT, options, progress)
