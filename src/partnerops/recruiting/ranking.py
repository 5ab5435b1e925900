"""Ranking candidate partners. Each of three parts is a share in [0, 1] with its figures and a reason in words:
overlap (our target accounts among the candidate's customers ÷ all our targets), pipeline fit (the share of our
open deals in the candidate's segment, and in its region, averaged) and similar partners (the mean win rate of
existing partners of the same type). The score is their weighted sum; candidates are ranked by it."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl
from sqlalchemy import Connection

from partnerops.recruiting.candidates import Candidate, all_candidates
from partnerops.recruiting.inputs import customer_counts, matched_customers, open_pipeline, similar_partner_win_rates
from partnerops.recruiting.statuses import OPEN

# Overlap weighs most: shared customers are the co-sell targets a new partner opens at once (the seeds' "partner
# source is gold"); fit and similar partners' record are weaker, indirect signs.
WEIGHTS = {"overlap": 0.5, "fit": 0.25, "similar": 0.25}


@dataclass(frozen=True)
class Part:
    name: str
    share: float
    reason: str


@dataclass(frozen=True)
class RankedCandidate:
    rank: int
    candidate: Candidate
    score: float
    parts: tuple[Part, ...]

    @property
    def reasons(self) -> tuple[str, ...]:
        return tuple(p.reason for p in self.parts)


def rank_candidates(conn: Connection, currency: str = "USD", draws: int = 200) -> list[RankedCandidate]:
    """Every candidate still in the lifecycle (candidate or contacted) with its score, best first."""
    pool = [c for c in all_candidates(conn) if c.status in OPEN]
    pipeline, matches = open_pipeline(conn), matched_customers(conn)
    counts, similar = customer_counts(conn), similar_partner_win_rates(conn, currency, draws)
    targets = pipeline.get_column("account_id").unique()
    scored = []
    for candidate in pool:
        parts = (_overlap(candidate, matches, targets, counts.get(candidate.id, 0)), _fit(candidate, pipeline),
                 _similar(candidate, similar.get(candidate.type, [])))  # fmt: skip
        scored.append((sum(WEIGHTS[p.name] * p.share for p in parts), candidate, parts))
    scored.sort(key=lambda s: (-s[0], s[1].external_id))
    return [RankedCandidate(i, c, round(score, 4), parts) for i, (score, c, parts) in enumerate(scored, start=1)]


def _overlap(candidate: Candidate, matches: pl.DataFrame, targets: pl.Series, listed: int) -> Part:
    if listed == 0:
        return Part("overlap", 0.0, "overlap: no customer list imported (import candidate_customers)")
    ours = matches.filter(pl.col("candidate_id") == candidate.id).get_column("our_id")
    shared = int(ours.is_in(targets.implode()).sum())
    share = shared / targets.len() if targets.len() else 0.0
    return Part("overlap", share, f"overlap: {shared} of our {targets.len()} target accounts are among its "
                                  f"{listed} customers ({ours.len()} of them are our accounts)")  # fmt: skip


def _fit(candidate: Candidate, pipeline: pl.DataFrame) -> Part:
    total = pipeline.height
    in_segment = int((pipeline.get_column("segment") == candidate.segment).sum()) if candidate.segment else 0
    in_region = int((pipeline.get_column("region") == candidate.region).sum()) if candidate.region else 0
    share = (in_segment + in_region) / (2 * total) if total else 0.0
    return Part("fit", share, f"fit: {in_segment} of our {total} open deals are in its segment "
                              f"({candidate.segment or 'not given'}), {in_region} in its region "
                              f"({candidate.region or 'not given'})")  # fmt: skip


def _similar(candidate: Candidate, win_rates: list[float]) -> Part:
    if not win_rates:
        return Part("similar", 0.0, f"similar partners: no existing {candidate.type} partner has a closed deal")
    mean = sum(win_rates) / len(win_rates)
    who = f"the 1 existing {candidate.type} partner wins" if len(win_rates) == 1 else \
        f"{len(win_rates)} existing {candidate.type} partners win"
    return Part("similar", mean, f"similar partners: {who} {mean:.0%} of their closed deals on average")
