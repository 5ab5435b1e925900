"""The forecast learning from stage history: planted stage-to-win conversions recovered by stage and tier,
explicit fallbacks, deals of unknown amount counted but not summed, deleted deals left out."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from math import prod

import numpy as np
import pytest
from sqlalchemy import Engine

from analytics.history_rows import HistoryDeal, insert_deals
from analytics.impact_rows import ImpactRows
from partnerops.analytics.forecast import Forecast, ForecastOptions, pipeline_forecast
from partnerops.analytics.forecast_backtest import backtest
from partnerops.domain.money import Money

AS_OF = date(2026, 1, 15)
DUE = date(2026, 2, 15)
FUNNEL = ("Qualify", "Proposal", "Negotiation")
# Per tier, the chance of each step from a stage: Qualify -> Proposal, Proposal -> Negotiation, Negotiation -> won.
PLANTED = {"direct": (0.6, 0.5, 0.7), "co_sell": (0.8, 0.7, 0.8)}


def forecast(engine: Engine, **options: object) -> Forecast:
    return pipeline_forecast(engine, ForecastOptions(as_of=AS_OF, **options))  # type: ignore[arg-type]


def seed(engine: Engine, deals: list[HistoryDeal]) -> None:
    with engine.begin() as connection:
        rows = ImpactRows(connection)
        insert_deals(connection, rows, deals, rows.partner("Acme Cloud", "technology"))


def closed(stages: list[str], won: bool, created_on: date = date(2025, 1, 6), tier: str = "direct") -> HistoryDeal:
    return HistoryDeal([*stages, "Closed Won" if won else "Closed Lost"], "won" if won else "lost", created_on,
                       tier=tier)  # fmt: skip


def open_at(stage: str, amount_minor: int | None = 1000_00, tier: str = "direct") -> HistoryDeal:
    stages = list(FUNNEL[: FUNNEL.index(stage) + 1]) if stage in FUNNEL else [stage]
    return HistoryDeal(stages, "open", date(2025, 12, 1), amount_minor, tier, expected_close_on=DUE)


def funnel(rng: np.random.Generator, tier: str, count: int) -> list[HistoryDeal]:
    """`count` closed deals walking the funnel with the tier's planted chances; the last stage names the outcome."""
    deals = []
    for index in range(count):
        reached = 1
        while reached < len(FUNNEL) and rng.random() < PLANTED[tier][reached - 1]:
            reached += 1
        won = reached == len(FUNNEL) and bool(rng.random() < PLANTED[tier][-1])
        deals.append(closed(list(FUNNEL[:reached]), won, date(2024, 6, 1) + timedelta(days=index % 300), tier))
    return deals


def conversion(tier: str, stage: str) -> float:
    """P(won | the deal reached `stage`) as planted: the product of the steps still ahead."""
    return prod(PLANTED[tier][FUNNEL.index(stage):])


def pooled(stage: str) -> float:
    """The same over both tiers (equal numbers of deals), weighting each by its chance to reach the stage."""
    reach = {tier: prod(PLANTED[tier][: FUNNEL.index(stage)]) for tier in PLANTED}
    return sum(reach[t] * conversion(t, stage) for t in PLANTED) / sum(reach.values())


def test_planted_stage_to_win_conversions_are_recovered_by_stage_and_tier_within_their_intervals(
        engine: Engine) -> None:
    rng = np.random.default_rng(11)
    opens = [open_at(stage, tier=tier) for stage in FUNNEL for tier in PLANTED]
    seed(engine, funnel(rng, "direct", 700) + funnel(rng, "co_sell", 700) + opens)
    learning = forecast(engine, draws=200).learning
    assert learning.history_deals == 1400
    for used in learning.probabilities:
        rate = used.sample.win_rate
        assert used.source == "stage history, tier" and used.open_deals == 1
        assert rate.low is not None and rate.high is not None
        assert rate.low <= conversion(used.tier, str(used.stage)) <= rate.high, (used.stage, used.tier)
    assert [s.stage for s in learning.stages] == list(FUNNEL)
    for stage in learning.stages:
        rate = stage.history.win_rate
        assert rate.low is not None and rate.high is not None
        assert rate.low <= pooled(stage.stage) <= rate.high, stage.stage
        assert stage.last_stage.closed == 0  # every closed deal's last stage names its outcome


def test_a_stage_with_too_few_deals_of_a_tier_falls_back_to_all_tiers_then_to_the_tier_rate(engine: Engine) -> None:
    history = [closed(["Qualify", "Proposal"], won) for won in [True, True, True, False]]
    history += [closed(["Qualify"], False), closed(["Qualify", "Proposal"], True, tier="co_sell")]
    opens = [open_at("Proposal"), open_at("Proposal", tier="co_sell"), open_at("Negotiation", tier="co_sell")]
    seed(engine, history + opens)
    learning = forecast(engine, min_stage_deals=4, draws=200).learning
    used = {(p.stage, p.tier): (p.source, p.sample.won, p.sample.closed) for p in learning.probabilities}
    assert used == {
        ("Proposal", "direct"): ("stage history, tier", 3, 4),
        ("Proposal", "co_sell"): ("stage history", 4, 5),
        ("Negotiation", "co_sell"): ("tier rate", 1, 1),
    }


def test_expected_amount_weights_an_open_deal_by_the_stage_history_of_deals_that_passed_its_stage(
        engine: Engine) -> None:
    history = [closed(["Qualify", "Proposal"], won) for won in [True, True, True, False]]
    seed(engine, history + [open_at("Proposal", 1000_00)])
    total = forecast(engine, min_stage_deals=4, draws=200).figures_by("total")[0]
    assert total.expected == Money(Decimal("750.00"), "USD")


def test_open_deals_of_unknown_amount_are_counted_beside_the_sums_but_not_summed(engine: Engine) -> None:
    history = [closed(["Qualify", "Proposal"], won) for won in [True, True, True, False]]
    seed(engine, history + [open_at("Proposal", 1000_00), open_at("Proposal", None), open_at("Qualify", None)])
    result = forecast(engine, min_stage_deals=4, draws=500)
    total = result.figures_by("total")[0]
    assert (total.deals, total.unknown_amount) == (3, 2)
    assert total.pipeline == Money(Decimal("1000.00"), "USD")
    assert total.expected == Money(Decimal("750.00"), "USD")
    assert total.high <= Money(Decimal("1000.00"), "USD")
    assert any("2 open deals with an unknown amount" in note for note in result.notes)


def test_deleted_deals_and_their_history_are_left_out_of_the_forecast(engine: Engine) -> None:
    history = [closed(["Qualify", "Proposal"], won) for won in [True, True, True, False]]
    deleted = [closed(["Qualify", "Proposal"], False) for _ in range(4)]
    for deal in deleted:
        deal.deleted = True
    gone = open_at("Proposal", 5000_00)
    gone.deleted = True
    seed(engine, history + deleted + [open_at("Proposal", 1000_00), gone])
    result = forecast(engine, min_stage_deals=4, draws=200)
    assert (result.learning.closed_deals, result.learning.history_deals) == (4, 4)
    total = result.figures_by("total")[0]
    assert (total.deals, total.pipeline, total.expected) == (1, Money(Decimal("1000.00"), "USD"),
                                                             Money(Decimal("750.00"), "USD"))


def test_backtest_reads_the_stage_a_deal_was_at_on_the_quarters_first_day_from_its_history(engine: Engine) -> None:
    learned = [closed(["Qualify", "Proposal"], won, date(2025, 3, 3)) for won in [True, True, True, False]]
    # At Proposal on 2025-10-01, closed during the quarter: now recorded at Closed Won / Closed Lost.
    replayed = [closed(["Qualify", "Proposal"], won, date(2025, 9, 15)) for won in [True, False]]
    for deal in replayed:
        deal.history[-1] = (deal.history[-1][0], date(2025, 11, 20))
    seed(engine, learned + replayed)
    result = backtest(engine, ForecastOptions(as_of=AS_OF, min_stage_deals=4, backtest_quarters=1, draws=200))
    (quarter,) = result.quarters
    assert (quarter.deals, quarter.won_deals, quarter.expected) == (2, 1, Money(Decimal("1500.00"), "USD"))
    (source,) = result.by_source
    assert (source.label, source.deals) == ("stage history: Proposal, direct", 2)
    assert source.mean_predicted == pytest.approx(0.75)
