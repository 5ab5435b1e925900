"""Running attribution again after a decision that changes it (a registration approved, a touch judged).

The run uses the policy of the latest run, so a decision never switches the policy the pages report on.
"""

from __future__ import annotations

from sqlalchemy import Engine

from partnerops.attribution.service import RunSummary, run_attribution
from partnerops.store.attribution_runs import NoAttributionRun, find_run


def reattribute(engine: Engine) -> RunSummary:
    with engine.connect() as connection:
        try:
            policy = find_run(connection).policy()
        except NoAttributionRun:
            policy = None
    return run_attribution(engine, policy)
