"""A partner's own attributed pipeline and wins in the latest attribution run, per tier and currency: deleted
deals left out, deals of unknown amount counted and left out of the sums."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, func, select

from partnerops.analytics.live import live_opportunity
from partnerops.domain.enums import Outcome
from partnerops.domain.money import Money
from partnerops.store.tables import attribution_results, opportunities
from partnerops.web.queries.runs import latest_run


@dataclass(frozen=True)
class AttributedTotal:
    outcome: str
    tier: str
    deals: int
    amount: Money  # over the deals whose amount is known
    unknown_amounts: int = 0


def attributed_totals(connection: Connection, partner_id: int) -> list[AttributedTotal]:
    """Open and won deals the partner is attributed on, summed per outcome, tier and currency."""
    o, r = opportunities.c, attribution_results.c
    query = (
        select(o.outcome, r.tier, o.currency, func.count().label("deals"), func.sum(o.amount_minor).label("minor"),
               func.count().filter(o.amount_minor.is_(None)).label("unknown"))  # fmt: skip
        .join(opportunities, o.id == r.opportunity_id)
        .where(r.partner_id == partner_id, r.run_id == latest_run(), live_opportunity())
        .where(o.outcome.in_([Outcome.OPEN.value, Outcome.WON.value]))
        .group_by(o.outcome, r.tier, o.currency)
        .order_by(o.outcome, r.tier, o.currency)
    )
    return [
        AttributedTotal(
            row.outcome, row.tier, int(row.deals), Money.from_minor(int(row.minor or 0), row.currency), int(row.unknown)
        )
        for row in connection.execute(query)
    ]
