"""Which partners to bring into an open opportunity, ranked from the won deals most like it.

A won deal is similar when it shares at least two of segment, size band, region and product with the
opportunity. A partner scores the similarity of each similar deal it won (weighted by how much it did:
sourced over co-sell over influence), plus the share of similar deals won by partners of its type.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl
from sqlalchemy import Engine, or_, select

from partnerops.analytics.live import live_opportunity
from partnerops.assistant.similar_deals import (
    FEATURES,
    deal_features,
    opportunity_frame,
    partners_on,
    won_attributions,
)
from partnerops.domain.enums import Outcome
from partnerops.domain.roles import Principal, ScopeError
from partnerops.store.tables import opportunities

MIN_SHARED_FEATURES = 2
TIER_WEIGHT = {"sourced": 1.0, "co_sell": 0.8, "influence": 0.5}
MAX_EVIDENCE = 5


class OpportunityNotOpen(LookupError):
    """Recommendations are for an open opportunity that exists."""

    def __init__(self, opportunity_id: int, why: str) -> None:
        super().__init__(f"opportunity {opportunity_id} {why}" if opportunity_id else f"opportunity {why}")


class OpportunityClosed(OpportunityNotOpen):
    """The opportunity exists but is won or lost: too late to bring a partner in."""


def opportunity_by_reference(engine: Engine, reference: str) -> int:
    """An opportunity named by its id or by its id in the CRM (external id)."""
    o = opportunities.c
    condition = o.external_id == reference
    if reference.isdigit():
        condition = or_(condition, o.id == int(reference))
    with engine.connect() as conn:
        query = select(o.id).where(condition, live_opportunity()).order_by(o.id).limit(1)
        found = conn.execute(query).scalar_one_or_none()
    if found is None:
        raise OpportunityNotOpen(0, f"{reference!r} is not an opportunity id or CRM id")
    return int(found)


@dataclass(frozen=True)
class Recommendation:
    partner_id: int
    partner: str
    partner_type: str
    score: float
    similar_wins: int
    reasons: tuple[str, ...]
    evidence: tuple[int, ...]


def recommend_partners(engine: Engine, principal: Principal, opportunity_id: int, currency: str,
                       limit: int = 5) -> list[Recommendation]:  # fmt: skip
    """For partner managers (and other staff): partners already on the deal are left out."""
    if principal.is_partner:
        raise ScopeError("partner recommendations are for partner managers")
    with engine.connect() as conn:
        target = opportunity_frame(conn, opportunity_id)
        if target.height == 0:
            raise OpportunityNotOpen(opportunity_id, "does not exist")
        if target["outcome"][0] != Outcome.OPEN.value:
            raise OpportunityClosed(opportunity_id, f"is {target['outcome'][0]}, not open")
        won = won_attributions(conn)
        target = deal_features(conn, target, currency)
        won = deal_features(conn, won, currency) if won.height else won
        working = partners_on(conn, opportunity_id)
    similar = _similar(won, target.row(0, named=True))
    ranked = _scores(similar).filter(~pl.col("partner_id").is_in(list(working)))
    return [_recommendation(row, target.row(0, named=True)) for row in ranked.head(limit).iter_rows(named=True)]


def _similar(won: pl.DataFrame, target: dict[str, object]) -> pl.DataFrame:
    if won.height == 0:
        return won.with_columns(*(pl.lit(False).alias(f"same_{f}") for f in FEATURES), shared=pl.lit(0))
    same = [(pl.col(f) == pl.lit(target[f])).fill_null(False).alias(f"same_{f}") for f in FEATURES]
    marked = won.with_columns(same).with_columns(shared=pl.sum_horizontal(f"same_{f}" for f in FEATURES))
    return marked.filter(pl.col("shared") >= MIN_SHARED_FEATURES)


def _scores(similar: pl.DataFrame) -> pl.DataFrame:
    if similar.height == 0:
        return pl.DataFrame(schema={"partner_id": pl.Int64, "score": pl.Float64})
    weight = pl.col("tier").replace_strict(TIER_WEIGHT, default=0.0, return_dtype=pl.Float64)
    deals = similar["id"].n_unique()
    type_share = similar.group_by("partner_type").agg((pl.col("id").n_unique() / deals).alias("type_share"))
    per_partner = similar.group_by("partner_id", "partner", "partner_type").agg(
        (pl.col("shared") / len(FEATURES) * weight).sum().alias("deal_score"),
        pl.col("id").n_unique().alias("similar_wins"),
        *(pl.col(f"same_{f}").sum().alias(f"same_{f}") for f in FEATURES),
        pl.col("id").sort_by("shared", descending=True).head(MAX_EVIDENCE).alias("evidence"),
    )
    scored = per_partner.join(type_share, on="partner_type").with_columns(
        score=pl.col("deal_score") + pl.col("type_share")
    )
    return scored.sort(["score", "similar_wins", "partner_id"], descending=[True, True, False])


def _recommendation(row: dict[str, object], target: dict[str, object]) -> Recommendation:
    wins = int(str(row["similar_wins"]))
    matched = [f"{row[f'same_{f}']} in {f} {target[f]}" for f in FEATURES if int(str(row[f"same_{f}"]))]
    share = float(str(row["type_share"]))
    reasons = (
        f"won {wins} similar deal{'s' if wins != 1 else ''}: " + ", ".join(matched),
        f"{row['partner_type']} partners won {share:.0%} of the similar deals",
    )
    evidence = tuple(int(i) for i in row["evidence"])  # type: ignore[attr-defined]
    return Recommendation(int(str(row["partner_id"])), str(row["partner"]), str(row["partner_type"]),
                          round(float(str(row["score"])), 3), wins, reasons, evidence)  # fmt: skip
