"""Records the CRM deleted count in no figure: on a generated program with deleted deals, accounts, partners and
touches, tiers, the impact report, fractional credit and the dashboard's pipeline equal the same figures computed
after those records are removed outright."""

from __future__ import annotations

import json
import math
from datetime import date
from typing import Any

import pytest
from sqlalchemy import Engine, select

from analytics.deleted_program import PLANTED_DEAL, remove_deleted, seed_program
from partnerops.analytics.credit.models import CreditModel
from partnerops.analytics.impact import ImpactOptions, impact_report
from partnerops.attribution.credit import CreditOptions, credit_summary
from partnerops.attribution.service import run_attribution
from partnerops.reports.tabular import impact_json
from partnerops.store.tables import attribution_results

AS_OF = date(2026, 1, 15)
MODELS = (CreditModel.LINEAR, CreditModel.FIRST_TOUCH, CreditModel.MARKOV)


def _figures(engine: Engine) -> dict[str, Any]:
    summary = run_attribution(engine)
    r = attribution_results.c
    with engine.connect() as connection:
        tiers = {
            (row.opportunity_id, row.partner_id, row.tier, tuple(row.evidence))
            for row in connection.execute(select(r.opportunity_id, r.partner_id, r.tier, r.evidence))
        }
    report = impact_report(engine, ImpactOptions(as_of=AS_OF))
    credit = credit_summary(engine, CreditOptions(models=MODELS))
    impact = {k: v for k, v in json.loads(impact_json(report)).items() if k != "run"}
    incremental = impact["adjusted"].pop("incremental")  # model estimates in money: compared as floats below
    return {
        "run": (summary.opportunities, summary.attributions, summary.opportunities_by_tier),
        "tiers": tiers,
        "impact": impact,
        "incremental": {k: float(v["amount"]) if isinstance(v, dict) else v for k, v in incremental.items()},
        "pipeline": [(p.tier, p.stage, p.deals, p.amount, p.unknown_amounts) for p in report.pipeline],
        "credit": (credit.deals, credit.won_amount, [(row.group, row.credits) for row in credit.rows]),
    }


def _difference(before: Any, after: Any, where: str, rel: float = 1e-6) -> str | None:
    """Where two figure trees differ; floats (model fits, which may sum rows in another order once records are
    gone) within `rel`, everything else exactly."""
    if isinstance(before, float) and isinstance(after, float):
        return None if math.isclose(before, after, rel_tol=rel, abs_tol=1e-9) else f"{where}: {before} != {after}"
    if isinstance(before, dict) and isinstance(after, dict) and before.keys() == after.keys():
        found = (_difference(before[key], after[key], f"{where}.{key}", rel) for key in before)
        return next((d for d in found if d), None)
    if isinstance(before, list | tuple) and isinstance(after, list | tuple) and len(before) == len(after):
        pairs = enumerate(zip(before, after, strict=True))
        found = (_difference(b, a, f"{where}[{i}]", rel) for i, (b, a) in pairs)
        return next((d for d in found if d), None)
    return None if before == after else f"{where}: {before!r} != {after!r}"


@pytest.mark.parametrize("seed", [11, 2026])
def test_every_figure_equals_the_figure_without_the_deleted_records(engine: Engine, seed: int) -> None:
    seed_program(engine, seed)
    with_deleted = _figures(engine)
    remove_deleted(engine)
    without = _figures(engine)
    for name, figure in with_deleted.items():
        # The incremental revenue's interval ends come from the fit's covariance, the most sensitive to row order.
        assert _difference(figure, without[name], name, 1e-4 if name == "incremental" else 1e-6) is None
    assert with_deleted["impact"]["pipeline_unknown_amounts"] > 0  # the program holds open deals of unknown amount


def test_a_deleted_open_deal_does_not_stop_a_referral_from_sourcing_the_next_deal(engine: Engine) -> None:
    seed_program(engine, 7)
    run_attribution(engine)
    r = attribution_results.c
    with engine.connect() as connection:
        tiers = connection.execute(select(r.partner_id, r.tier).where(r.opportunity_id == PLANTED_DEAL)).all()
    assert [(row.partner_id, row.tier) for row in tiers] == [(1, "sourced")]
