"""Fractional credit of stored won deals on both databases: exact sums, and the journeys the run defines."""

from decimal import Decimal

import polars as pl
import pytest
from sqlalchemy import Engine

from analytics.credit.credit_seed import seed_credit_program
from partnerops.analytics.credit.models import CreditModel
from partnerops.attribution.credit import CreditGrouping, CreditOptions, credit_summary, deal_credit_frame
from partnerops.attribution.service import run_attribution
from partnerops.store.attribution_runs import NoAttributionRun


@pytest.fixture
def program(engine: Engine) -> Engine:
    seed_credit_program(engine)
    run_attribution(engine)
    return engine


def test_every_models_credits_sum_exactly_to_each_won_deal(program: Engine) -> None:
    credits, _, deals, won = deal_credit_frame(program, CreditOptions(models=tuple(CreditModel)))
    assert deals == 3 and won == 1_000_00 + 500_01 + 333_33
    per_deal = credits.group_by("opportunity_id").agg(pl.col([m.value for m in CreditModel]).sum())
    for model in CreditModel:
        assert dict(per_deal.select("opportunity_id", model.value).iter_rows()) == {1: 1_000_00, 2: 500_01, 4: 333_33}


def test_linear_credits_each_touch_equally_in_date_order(program: Engine) -> None:
    summary = credit_summary(program, CreditOptions(models=(CreditModel.LINEAR, CreditModel.FIRST_TOUCH)))
    rows = {row.group: row.credits for row in summary.rows}
    # Deal 1: Acme, Bolt, Acme -> 2/3 and 1/3 of 1,000.00; deal 2: 500.01 in thirds (one cent by largest remainder).
    assert rows["Acme Cloud"][CreditModel.LINEAR].amount == Decimal("666.67") + Decimal("166.67")
    assert rows["Bolt SI"][CreditModel.FIRST_TOUCH].amount == Decimal("500.01")
    assert sum(r[CreditModel.LINEAR].amount for r in rows.values()) == Decimal("1833.34")


def test_credit_by_period_sums_deals_closed_in_each_quarter(program: Engine) -> None:
    summary = credit_summary(program, CreditOptions(models=(CreditModel.MARKOV,), grouping=CreditGrouping.PERIOD))
    assert [(r.group, r.credits[CreditModel.MARKOV].amount) for r in summary.rows] == [
        ("2026-Q1", Decimal("1000.00")),
        ("2026-Q2", Decimal("833.34")),
    ]


def test_credit_without_an_attribution_run_says_what_to_run(engine: Engine) -> None:
    with pytest.raises(NoAttributionRun, match="partnerops attribution run"):
        credit_summary(engine, CreditOptions())
