"""API for recruiting (internal users only): the open candidate partners ranked, each part with its share and
reason, as `partnerops recruiting rank` gives them."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel

from partnerops.api.dependencies import AppSettings, DatabaseEngine, InternalPrincipal
from partnerops.recruiting.ranking import rank_candidates

router = APIRouter(tags=["recruiting"])


class PartOut(BaseModel):
    name: str
    share: float
    reason: str


class RankedCandidateOut(BaseModel):
    rank: int
    id: str
    name: str
    type: str
    segment: str | None
    region: str | None
    status: str
    score: float
    parts: list[PartOut]


@router.get("/recruiting/candidates", summary="Open candidate partners ranked, with reasons (internal)")
def ranked_candidates(engine: DatabaseEngine, principal: InternalPrincipal,
                      settings: AppSettings) -> list[RankedCandidateOut]:  # fmt: skip
    with engine.connect() as conn:
        ranked = rank_candidates(conn, settings.reporting_currency)
    return [RankedCandidateOut(rank=r.rank, id=r.candidate.external_id, name=r.candidate.name, type=r.candidate.type,
                               segment=r.candidate.segment, region=r.candidate.region, status=r.candidate.status,
                               score=r.score, parts=[PartOut(**vars(p)) for p in r.parts]) for r in ranked]
