"""Storing commission plan versions and reading them back; an edited plan must carry a new version."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Connection, insert, select

from partnerops.commissions.journal_repo import audit
from partnerops.commissions.plan import CommissionPlan, PlanError
from partnerops.store.commission_tables import commission_plans

__all__ = ["LoadedPlan", "load_plan", "stored_plans"]


@dataclass(frozen=True)
class LoadedPlan:
    plan: CommissionPlan
    plan_id: int
    new: bool


def stored_plans(conn: Connection) -> list[CommissionPlan]:
    """Every stored version, oldest effective date first."""
    rows = conn.execute(select(commission_plans.c.document).order_by(commission_plans.c.effective_from))
    return [CommissionPlan.model_validate(document) for (document,) in rows]


def load_plan(conn: Connection, plan: CommissionPlan, source: str, actor: str) -> LoadedPlan:
    """Store `plan`; loading the same version with the same rules again changes nothing."""
    p = commission_plans.c
    same_version = conn.execute(select(p.id, p.digest).where(p.version == plan.version)).first()
    if same_version is not None:
        if same_version.digest != plan.digest:
            raise PlanError(f"{source}: plan version {plan.version!r} is already loaded with other rules; "
                            "give the edited plan a new version (and its own effective_from)")
        return LoadedPlan(plan, int(same_version.id), False)
    same_day = conn.execute(select(p.version).where(p.effective_from == plan.effective_from)).scalar()
    if same_day is not None:
        raise PlanError(f"{source}: plan {same_day!r} already takes effect on {plan.effective_from}; "
                        "choose another effective_from")
    plan_id = conn.execute(insert(commission_plans).values(
        version=plan.version, effective_from=plan.effective_from, digest=plan.digest,
        document=plan.model_dump(mode="json", by_alias=True), source=source, loaded_at=datetime.now(UTC),
        loaded_by=actor,
    ).returning(p.id)).scalar_one()  # fmt: skip
    audit(conn, "commission_plan", int(plan_id), "version", None, plan.version, actor,
          f"effective from {plan.effective_from}")
    return LoadedPlan(plan, int(plan_id), True)
