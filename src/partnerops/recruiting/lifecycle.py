"""A candidate's lifecycle: candidate -> contacted -> recruited (or declined at either step). Each move is a
conditional update on the status it was read with, so of two concurrent moves one wins and the other gets
`CandidateChanged`; every move is audited. Recruiting creates the partner and starts its onboarding."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Connection, select

from partnerops.domain.enums import LifecycleStage
from partnerops.domain.roles import Principal
from partnerops.program.access import PROGRAM_MANAGERS, require_role
from partnerops.program.audit_trail import audit_change
from partnerops.program.lifecycle import set_stage
from partnerops.recruiting.candidates import Candidate, find_candidate
from partnerops.recruiting.errors import CandidateChanged, InvalidMove
from partnerops.recruiting.statuses import MOVES, CandidateStatus
from partnerops.store.recruiting_tables import recruiting_candidates
from partnerops.store.tables import partners

# Partners made from candidates are keyed under this source system, with the candidate's external id.
PARTNER_SOURCE = "recruiting"


@dataclass(frozen=True)
class Move:
    candidate: str
    before: CandidateStatus
    after: CandidateStatus
    partner: str | None


def move_candidate(conn: Connection, principal: Principal, ref: str, to: CandidateStatus,
                   expected: CandidateStatus | None = None, now: datetime | None = None) -> Move:  # fmt: skip
    """Move candidate `ref` to `to` (from `expected`, when the caller read it so); recruiting creates the partner."""
    require_role(principal, PROGRAM_MANAGERS, "moving a recruiting candidate")
    candidate = find_candidate(conn, ref)
    before = CandidateStatus(candidate.status)
    if expected is not None and expected is not before:
        raise CandidateChanged(ref, expected.value, before.value)
    if to not in MOVES[before]:
        raise InvalidMove(ref, before.value, to.value, tuple(s.value for s in MOVES[before]))
    at = now or datetime.now(UTC)
    _claim(conn, candidate, before, to, at)
    audit_change(conn, "recruiting_candidates", candidate.id, ("status", before.value, to.value), principal.email, at)
    partner = _recruit(conn, principal, candidate, at) if to is CandidateStatus.RECRUITED else None
    return Move(candidate.external_id, before, to, partner)


def _claim(conn: Connection, candidate: Candidate, before: CandidateStatus, to: CandidateStatus,
           at: datetime) -> None:  # fmt: skip
    c = recruiting_candidates.c
    changed = conn.execute(recruiting_candidates.update().where(c.id == candidate.id, c.status == before.value)
                           .values(status=to.value, updated_at=at))  # fmt: skip
    if changed.rowcount != 1:
        now = conn.execute(select(c.status).where(c.id == candidate.id)).scalar_one()
        raise CandidateChanged(candidate.external_id, before.value, str(now))


def _recruit(conn: Connection, principal: Principal, candidate: Candidate, at: datetime) -> str:
    """The new partner, at the start of the lifecycle, moved into onboarding (its checklist starts open)."""
    partner_id = conn.execute(partners.insert().values(
        source_system=PARTNER_SOURCE, external_id=candidate.external_id, name=candidate.name, type=candidate.type,
        domain=candidate.domain, stage=LifecycleStage.RECRUIT.value, joined_on=at.date(),
    ).returning(partners.c.id)).scalar_one()  # fmt: skip
    audit_change(conn, "partners", partner_id, ("created", None, f"recruited from candidate {candidate.external_id}"),
                 principal.email, at)  # fmt: skip
    set_stage(conn, principal, partner_id, LifecycleStage.ONBOARD, at)
    conn.execute(recruiting_candidates.update().where(recruiting_candidates.c.id == candidate.id)
                 .values(partner_id=partner_id))  # fmt: skip
    return candidate.external_id
