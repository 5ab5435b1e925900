"""Property: the vectorised choice of each open deal's probability source agrees with the rule read plainly."""

from __future__ import annotations

from datetime import date

import polars as pl
from hypothesis import given
from hypothesis import strategies as st

from partnerops.analytics.forecast_probabilities import closed_counts, with_sources

DAY = date(2026, 1, 15)
FUNNEL = ["Qualify", "Proposal", "Negotiation"]
TIERS = ["direct", "co_sell"]
HIDDEN = ["Closed Lost", "Closed Won"]
# A closed deal: its tier, how far along the funnel it got, whether it won, whether its last stage names the outcome.
Closed = tuple[str, int, bool, bool]
closed_deal = st.tuples(st.sampled_from(TIERS), st.integers(1, 3), st.booleans(), st.booleans())
open_deal = st.tuples(st.sampled_from([*FUNNEL, None]), st.sampled_from(TIERS))


def frames(closed: list[Closed]) -> tuple[pl.DataFrame, pl.DataFrame]:
    deals = pl.DataFrame(
        [(i, ("Closed Won" if won else "Closed Lost") if named else FUNNEL[reached - 1], "won" if won else "lost",
          date(2025, 6, 1), tier) for i, (tier, reached, won, named) in enumerate(closed)],
        schema={"id": pl.Int64, "stage": pl.String, "outcome": pl.String, "closed_on": pl.Date, "tier": pl.String},
        orient="row",
    )  # fmt: skip
    history = pl.DataFrame(
        [(i, FUNNEL[k], date(2025, 1, 1 + k), i * 10 + k) for i, (_, reached, _, _) in enumerate(closed)
         for k in range(reached)],
        schema={"id": pl.Int64, "stage": pl.String, "changed_on": pl.Date, "seq": pl.Int64}, orient="row",
    )  # fmt: skip
    return deals, history


def plainly(closed: list[Closed], stage: str | None, tier: str, least: int) -> tuple[str, int, int]:
    """The rule as the report states it: the first source with enough closed deals."""
    def counted(kept: list[Closed]) -> tuple[int, int]:
        return sum(won for _, _, won, _ in kept), len(kept)

    reached = [d for d in closed if stage in FUNNEL[: d[1]]]
    levels = [
        ("stage history, tier", [d for d in reached if d[0] == tier], least),
        ("stage history", reached, least),
        ("last stage", [d for d in closed if not d[3] and FUNNEL[d[1] - 1] == stage], least),
        ("tier rate", [d for d in closed if d[0] == tier], 1),
    ]
    for source, kept, needed in levels:
        if len(kept) >= needed:
            return (source, *counted(kept))
    return ("all closed deals", *counted(closed))


@given(st.lists(closed_deal, min_size=1, max_size=30), st.lists(open_deal, max_size=8), st.integers(1, 4))
def test_each_open_deal_takes_the_first_source_with_enough_closed_deals(
        closed: list[Closed], opened: list[tuple[str | None, str]], least: int) -> None:
    deals, history = frames(closed)
    open_deals = pl.DataFrame({"id": list(range(len(opened))), "stage_at": [s for s, _ in opened],
                               "tier": [t for _, t in opened]},
                              schema={"id": pl.Int64, "stage_at": pl.String, "tier": pl.String})  # fmt: skip
    chosen = with_sources(open_deals, closed_counts(deals, history, DAY, HIDDEN), least).sort("id")
    got = list(zip(chosen["source_kind"], chosen["source_won"], chosen["source_closed"], strict=True))
    assert got == [plainly(closed, stage, tier, least) for stage, tier in opened]
