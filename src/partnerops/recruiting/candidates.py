"""Reading candidate partners: one by its external id, or all of them."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, select

from partnerops.recruiting.errors import AmbiguousCandidate, UnknownCandidate
from partnerops.store.recruiting_tables import recruiting_candidates


@dataclass(frozen=True)
class Candidate:
    id: int
    external_id: str
    name: str
    domain: str | None
    segment: str | None
    region: str | None
    type: str
    status: str
    partner_id: int | None


def _query() -> object:
    c = recruiting_candidates.c
    return select(c.id, c.external_id, c.name, c.domain, c.segment, c.region, c.type, c.status, c.partner_id,
                  c.source_system)  # fmt: skip


def all_candidates(conn: Connection) -> list[Candidate]:
    """Every candidate, in external id order."""
    rows = conn.execute(_query().order_by(recruiting_candidates.c.external_id))  # type: ignore[attr-defined]
    return [Candidate(*row[:9]) for row in rows]


def find_candidate(conn: Connection, ref: str) -> Candidate:
    """The candidate with external id `ref`; `UnknownCandidate` / `AmbiguousCandidate` otherwise."""
    rows = conn.execute(_query().where(recruiting_candidates.c.external_id == ref)).all()  # type: ignore[attr-defined]
    if not rows:
        raise UnknownCandidate(ref)
    if len(rows) > 1:
        raise AmbiguousCandidate(ref, sorted(str(r.source_system) for r in rows))
    return Candidate(*rows[0][:9])


def candidate_by_key(conn: Connection, source_system: str, external_id: str) -> Candidate:
    """The candidate imported (or flagged) under `source_system` with `external_id`."""
    c = recruiting_candidates.c
    row = conn.execute(_query().where(c.source_system == source_system,  # type: ignore[attr-defined]
                                      c.external_id == external_id)).first()  # fmt: skip
    if row is None:
        raise UnknownCandidate(external_id)
    return Candidate(*row[:9])
