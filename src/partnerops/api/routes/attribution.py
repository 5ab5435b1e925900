"""Attribution of one opportunity: each partner's tier, the touches that made it, and the sentence explaining it.

A partner user sees only its own partner's row and its own touches that did not count; the deal's overall
tier, which would reveal other partners' work, is left out for it. The deal is named by its external id
(SYSTEM:ID or exact name too) in the path; `opportunity_id` and `partner_id` in the answer are external ids.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel
from sqlalchemy import Engine, select

from partnerops.analytics.live import live_opportunity
from partnerops.api.dependencies import CurrentPrincipal, DatabaseEngine
from partnerops.api.errors import ApiError, not_found
from partnerops.api.params import OpportunityRef
from partnerops.api.routes.record_names import external_ids, resolve
from partnerops.attribution.explain import Explanation, explain_opportunity
from partnerops.auth.scope import opportunity_scope
from partnerops.domain.roles import Principal
from partnerops.store.attribution_runs import NoAttributionRun
from partnerops.store.tables import opportunities

router = APIRouter(tags=["attribution"])


class PartnerTierOut(BaseModel):
    partner_id: str
    partner_name: str
    tier: str
    evidence: list[int]
    explanation: str


class NotCountedOut(BaseModel):
    partner_id: str
    partner_name: str
    touch_id: int
    type: str
    touched_on: date
    reason: str


class AttributionOut(BaseModel):
    opportunity_id: str
    tier: str | None
    policy_version: str
    policy_digest: str
    partners: list[PartnerTierOut]
    not_counted: list[NotCountedOut]


def _explain(engine: Engine, principal: Principal, ref: str, policy_version: str | None) -> Explanation:
    with engine.connect() as connection:
        opportunity_id = resolve(connection, "opportunity", ref, principal)
        query = select(opportunities.c.external_id, opportunities.c.source_system).where(
            opportunities.c.id == opportunity_id, opportunity_scope(principal), live_opportunity()
        )
        row = connection.execute(query).first()
    if row is None:
        raise not_found("opportunity")
    try:
        return explain_opportunity(
            engine, row.external_id, source_system=row.source_system, policy_version=policy_version
        )
    except NoAttributionRun as exc:
        raise ApiError(409, str(exc), code="no_attribution_run", field="policy_version") from exc


def _partner_names(engine: Engine, explanation: Explanation) -> dict[int, str]:
    ids = [a.partner_id for _, a in explanation.partners] + [i.touch.partner_id for i in explanation.ignored]
    with engine.connect() as connection:
        return external_ids(connection, "partner", ids)


def _out(engine: Engine, explanation: Explanation, principal: Principal) -> AttributionOut:
    names = _partner_names(engine, explanation)
    partners = [
        PartnerTierOut(
            partner_id=names[a.partner_id], partner_name=name, tier=a.tier.value,
            evidence=[t.touch_id for t in a.evidence], explanation=a.explain(name),
        )
        for name, a in explanation.partners
        if principal.may_see_partner(a.partner_id)
    ]  # fmt: skip
    not_counted = [
        NotCountedOut(
            partner_id=names[i.touch.partner_id], partner_name=i.partner, touch_id=i.touch.touch_id,
            type=i.touch.type.value, touched_on=i.touch.date, reason=i.reason,
        )
        for i in explanation.ignored
        if principal.may_see_partner(i.touch.partner_id)
    ]  # fmt: skip
    return AttributionOut(
        opportunity_id=explanation.external_id,
        tier=None if principal.is_partner else explanation.tier.value,
        policy_version=explanation.policy_version,
        policy_digest=explanation.policy_digest,
        partners=partners,
        not_counted=not_counted,
    )


@router.get(
    "/opportunities/{opportunity_id}/attribution", response_model=AttributionOut, summary="Why a deal has its tier"
)
def get_attribution(
    opportunity_id: OpportunityRef,
    engine: DatabaseEngine,
    principal: CurrentPrincipal,
    policy_version: Annotated[str | None, Query(max_length=64, description="Default: the latest run.")] = None,
) -> AttributionOut:
    return _out(engine, _explain(engine, principal, opportunity_id, policy_version), principal)
