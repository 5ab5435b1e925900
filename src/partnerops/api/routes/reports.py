"""Reports: the impact report as JSON. Internal roles only: a partner user gets 403, because the report's
figures (win rates, uplift, mix) are program-wide and cannot be cut to one partner without misleading. Each
partner row names its partner by external id (`partner_id`)."""

from __future__ import annotations

import json
from datetime import date
from enum import StrEnum
from typing import Annotated, Any

from fastapi import APIRouter, Query

from partnerops.analytics.currency import InvalidRate, MissingRate
from partnerops.analytics.impact import ImpactOptions, impact_report
from partnerops.api.dependencies import AppSettings, DatabaseEngine, InternalPrincipal
from partnerops.api.errors import ApiError
from partnerops.api.routes.record_names import external_ids
from partnerops.domain.money import UnknownCurrency
from partnerops.reports.tabular import impact_json
from partnerops.store.attribution_runs import NoAttributionRun

router = APIRouter(tags=["reports"])


class Period(StrEnum):
    QUARTER = "quarter"
    MONTH = "month"
    YEAR = "year"


@router.get("/reports/impact", response_model=dict[str, Any], summary="The partner impact report")
def get_impact(
    engine: DatabaseEngine,
    settings: AppSettings,
    _principal: InternalPrincipal,
    period: Period = Period.QUARTER,
    currency: Annotated[str | None, Query(pattern="^[A-Z]{3}$", description="Default: the reporting currency.")] = None,
    since: Annotated[date | None, Query(description="Deals closed on or after.")] = None,
    until: Annotated[date | None, Query(description="Deals closed on or before.")] = None,
    policy_version: Annotated[str | None, Query(max_length=64)] = None,
) -> dict[str, Any]:
    options = ImpactOptions(
        currency=currency or settings.reporting_currency, period=period.value, policy_version=policy_version,
        since=since, until=until,
    )  # fmt: skip
    try:
        report = impact_report(engine, options)
    except UnknownCurrency as exc:
        raise ApiError(400, str(exc), field="currency") from exc
    except (MissingRate, InvalidRate) as exc:
        raise ApiError(409, str(exc), code="missing_rate", field="currency") from exc
    except NoAttributionRun as exc:
        raise ApiError(409, str(exc), code="no_attribution_run", field="policy_version") from exc
    tree: dict[str, Any] = json.loads(impact_json(report))
    with engine.connect() as conn:
        names = external_ids(conn, "partner", (row["partner_id"] for row in tree["partners"]))
    tree["partners"] = [row | {"partner_id": names[row["partner_id"]]} for row in tree["partners"]]
    return tree
