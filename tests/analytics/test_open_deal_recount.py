"""Open pipeline and the attach rate by quarter, from a planted program run through attribution and the impact
report, agree with a recount written here in plain Python over the generated rows: touches after an open deal's
expected close, after a deal's close or in the future count for nothing."""

from __future__ import annotations

from collections import Counter, defaultdict

from sqlalchemy import Engine

from analytics.planted_program import TODAY, Deal, Touch, plant, store
from partnerops.analytics.impact import ImpactOptions, impact_report
from partnerops.attribution.service import run_attribution


def recount_tiers(deals: list[Deal], planted: list[Touch]) -> dict[int, str]:
    """Each deal's tier by hand: a partner's confirmed touches from creation to the close, the expected close of
    an open deal and today, whichever comes first; two make co-sell, one influence."""
    by_deal = {deal.id: deal for deal in deals}
    counted: Counter[tuple[int, int]] = Counter()
    for touch in planted:
        deal = by_deal[touch.deal_id]
        end = min(day for day in (deal.closed_on, deal.expected_close_on, TODAY) if day is not None)
        if touch.status == "confirmed" and deal.created_on <= touch.touched_on <= end:
            counted[(deal.id, touch.partner_id)] += 1
    best: dict[int, int] = defaultdict(int)
    for (deal_id, _), touches_counted in counted.items():
        best[deal_id] = max(best[deal_id], touches_counted)
    return {deal.id: {0: "direct", 1: "influence"}.get(best[deal.id], "co_sell") for deal in deals}


def test_open_pipeline_and_attach_rate_by_quarter_agree_with_a_recount(engine: Engine) -> None:
    deals, planted = plant()
    store(engine, deals, planted)
    run_attribution(engine)
    report = impact_report(engine, ImpactOptions(as_of=TODAY))
    tiers = recount_tiers(deals, planted)

    pipeline: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for deal in deals:
        if deal.outcome == "open":
            pipeline[(tiers[deal.id], deal.stage)][0] += 1
            pipeline[(tiers[deal.id], deal.stage)][1] += deal.amount_minor
    shown = {(row.tier, row.stage): [row.deals, int(row.amount.amount * 100)] for row in report.pipeline}
    assert shown == dict(pipeline)

    quarters: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for deal in deals:
        quarter = f"{deal.created_on.year}-Q{(deal.created_on.month - 1) // 3 + 1}"
        quarters[quarter][0] += 1
        quarters[quarter][1] += tiers[deal.id] != "direct"
    activity = report.activation.quarters
    assert {q.quarter: [q.created, q.attached] for q in activity} == dict(quarters)
    assert all(q.attach_rate.value == q.attached / q.created for q in activity)
    # The plant holds deals each rule decides: late and future touches that would otherwise have made co-sell.
    assert {"co_sell", "influence", "direct"} <= {tier for (tier, _) in shown}
