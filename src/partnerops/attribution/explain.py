"""Why an opportunity has its tier: each partner's tier with the touches that made it, and what did not count."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import Connection, Engine, select

from partnerops.domain.enums import Tier, TouchStatus, TouchType
from partnerops.domain.money import Money
from partnerops.domain.tiers import (
    OpportunitySpan,
    PartnerAttribution,
    TouchFact,
    opportunity_tier,
    why_not_counted,
)
from partnerops.store.attribution_runs import find_run
from partnerops.store.tables import accounts, attribution_results, opportunities, partners, touches


class UnknownOpportunity(LookupError):
    """No opportunity (or more than one) has the id the user gave, or it was deleted in its source system."""


@dataclass(frozen=True)
class IgnoredTouch:
    partner: str
    touch: TouchFact
    reason: str


@dataclass(frozen=True)
class Explanation:
    opportunity: str
    external_id: str
    account: str
    amount: Money | None  # None: an open deal whose amount is not known yet
    outcome: str
    created_on: date
    closed_on: date | None
    tier: Tier
    policy_version: str
    policy_digest: str
    partners: tuple[tuple[str, PartnerAttribution], ...]
    ignored: tuple[IgnoredTouch, ...]

    def lines(self) -> list[str]:
        """The explanation as sentences, one per partner ("Acme Cloud: co-sell — poc 2026-04-11, ...")."""
        return [attribution.explain(name) for name, attribution in self.partners]


def explain_opportunity(
    engine: Engine, external_id: str, *, source_system: str | None = None, policy_version: str | None = None
) -> Explanation:
    with engine.connect() as connection:
        run = find_run(connection, policy_version)
        policy = run.policy()
        opportunity = _find_opportunity(connection, external_id, source_system)
        facts, deleted = _touches(connection, opportunity.id)
        stored = connection.execute(
            select(attribution_results.c.partner_id, attribution_results.c.tier, attribution_results.c.evidence)
            .where(attribution_results.c.run_id == run.id, attribution_results.c.opportunity_id == opportunity.id)
            .order_by(attribution_results.c.partner_id)
        ).all()
    names = {fact.partner_id: name for fact, name in facts.values()}
    attributions = [
        PartnerAttribution(row.partner_id, Tier(row.tier), tuple(facts[i][0] for i in row.evidence)) for row in stored
    ]
    cited = {touch_id for row in stored for touch_id in row.evidence}
    sourced = {a.partner_id for a in attributions if a.tier is Tier.SOURCED}
    span = OpportunitySpan(opportunity.created_on, opportunity.closed_on, opportunity.expected_close_on)
    as_of = _run_day(run.ran_at)

    def reason(fact: TouchFact) -> str:
        if fact.touch_id in deleted:
            return deleted[fact.touch_id]
        disqualified = why_not_counted(fact, span, policy, as_of)
        if disqualified:
            return disqualified
        if fact.partner_id in sourced:
            return "not needed: the partner sourced the deal"
        return f"fewer than {policy.influence_threshold} qualifying touches from this partner"

    ignored = [
        IgnoredTouch(name, fact, reason(fact))
        for touch_id, (fact, name) in sorted(facts.items(), key=lambda item: (item[1][0].date, item[0]))
        if touch_id not in cited
    ]
    return Explanation(
        opportunity=opportunity.name,
        external_id=opportunity.external_id,
        account=opportunity.account,
        amount=None
        if opportunity.amount_minor is None
        else Money.from_minor(opportunity.amount_minor, opportunity.currency),
        outcome=opportunity.outcome,
        created_on=opportunity.created_on,
        closed_on=opportunity.closed_on,
        tier=opportunity_tier(attributions),
        policy_version=policy.version,
        policy_digest=policy.digest,
        partners=tuple((names[a.partner_id], a) for a in attributions),
        ignored=tuple(ignored),
    )


def _run_day(ran_at: datetime) -> date:
    """The run's "today" (UTC), after which a touch was in the future; SQLite gives its times back naive, in UTC."""
    return (ran_at if ran_at.tzinfo is None else ran_at.astimezone(UTC)).date()


def _find_opportunity(connection: Connection, external_id: str, source_system: str | None):  # type: ignore[no-untyped-def]
    query = (
        select(opportunities, accounts.c.name.label("account"), accounts.c.deleted_at.label("account_deleted_at"))
        .join(accounts, accounts.c.id == opportunities.c.account_id)
        .where(opportunities.c.external_id == external_id)
    )
    if source_system:
        query = query.where(opportunities.c.source_system == source_system)
    rows = connection.execute(query).all()
    if not rows:
        raise UnknownOpportunity(f"no opportunity with id {external_id!r}")
    if len(rows) > 1:
        systems = ", ".join(sorted(row.source_system for row in rows))
        raise UnknownOpportunity(f"id {external_id!r} exists in several systems ({systems}): pass --source-system")
    found = rows[0]
    gone = found.deleted_at or found.account_deleted_at
    if gone is not None:
        whose = "opportunity" if found.deleted_at else f"account {found.account!r} of opportunity"
        raise UnknownOpportunity(
            f"{whose} {external_id!r} was deleted in {found.source_system} (marked {gone:%Y-%m-%d}): "
            "deleted deals count in no figure and have no attribution"
        )
    return found


def _touches(
    connection: Connection, opportunity_id: int
) -> tuple[dict[int, tuple[TouchFact, str]], dict[int, str]]:
    """The deal's touches by id with their partner's name, and why each deleted one (or one of a deleted partner)
    does not count: it stays listed so the explanation accounts for every touch the deal ever had."""
    rows = connection.execute(
        select(
            touches.c.id,
            touches.c.partner_id,
            touches.c.type,
            touches.c.touched_on,
            touches.c.status,
            touches.c.deleted_at,
            partners.c.name,
            partners.c.deleted_at.label("partner_deleted_at"),
        )
        .join(partners, partners.c.id == touches.c.partner_id)
        .where(touches.c.opportunity_id == opportunity_id)
    ).all()
    facts = {
        row.id: (
            TouchFact(row.id, row.partner_id, TouchType(row.type), row.touched_on, TouchStatus(row.status)),
            row.name,
        )
        for row in rows
    }
    deleted = {
        row.id: f"deleted in its source system ({row.deleted_at:%Y-%m-%d})"
        if row.deleted_at
        else f"the partner was deleted in its source system ({row.partner_deleted_at:%Y-%m-%d})"
        for row in rows
        if row.deleted_at or row.partner_deleted_at
    }
    return facts, deleted
