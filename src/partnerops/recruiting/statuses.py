"""A candidate's statuses and the moves between them."""

from __future__ import annotations

from enum import StrEnum

__all__ = ["MOVES", "OPEN", "CandidateStatus"]


class CandidateStatus(StrEnum):
    CANDIDATE = "candidate"
    CONTACTED = "contacted"
    RECRUITED = "recruited"
    DECLINED = "declined"


MOVES: dict[CandidateStatus, tuple[CandidateStatus, ...]] = {
    CandidateStatus.CANDIDATE: (CandidateStatus.CONTACTED, CandidateStatus.DECLINED),
    CandidateStatus.CONTACTED: (CandidateStatus.RECRUITED, CandidateStatus.DECLINED),
    CandidateStatus.RECRUITED: (),
    CandidateStatus.DECLINED: (),
}

# Still to be decided on: what the ranking lists.
OPEN = (CandidateStatus.CANDIDATE.value, CandidateStatus.CONTACTED.value)
