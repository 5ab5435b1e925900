"""Partners with their tier, stage, touches and attributed deals, and one partner in detail. Deleted partners,
deals and touches are not shown (a deleted partner's page is a 404)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Connection, ScalarSelect, Select, case, func, select

from partnerops.analytics.impact_model import PROVEN_AFTER_WINS
from partnerops.analytics.live import live_opportunity, live_partner, live_touch
from partnerops.domain.enums import Outcome, PartnerType
from partnerops.domain.money import Money
from partnerops.store.tables import accounts, attribution_results, opportunities, partners, touches
from partnerops.web.listing import Column, Filter, ListSpec, minor_amount
from partnerops.web.queries.runs import latest_run

PARTNER_LIST = ListSpec(
    noun="partners",
    columns=(Column("name", "Partner"), Column("external_id", "Id"), Column("type", "Type"), Column("tier", "Tier"),
             Column("stage", "Stage"), Column("touches", "Touches"), Column("deals", "Deals"),
             Column("won_deals", "Won")),
    default_sort="name",
    search=("name", "external_id"),
    filters=(Filter("type", "Type", tuple(t.value for t in PartnerType)), Filter("tier", "Tier"),
             Filter("stage", "Stage")),
)
PARTNER_DEAL_LIST = ListSpec(
    noun="attributed deals",
    columns=(Column("name", "Opportunity"), Column("external_id", "Id"), Column("account", "Account"),
             Column("tier", "Tier"), Column("stage", "Stage"), Column("outcome", "Outcome"),
             Column("amount_minor", "Amount", cell=minor_amount()), Column("currency", "Currency"),
             Column("created_on", "Created")),
    default_sort="-created_on",
    search=("name", "external_id", "account"),
    filters=(Filter("tier", "Tier"), Filter("outcome", "Outcome", tuple(o.value for o in Outcome))),
    tiebreak="opportunity_id",
)


@dataclass(frozen=True)
class PartnerRow:
    id: int
    external_id: str
    name: str
    type: str
    tier: str | None
    stage: str | None
    touches: int
    deals: int
    won_deals: int

    @property
    def proven(self) -> bool:
        return self.won_deals >= PROVEN_AFTER_WINS


@dataclass(frozen=True)
class PartnerDeal:
    opportunity_id: int
    name: str
    account: str
    tier: str
    outcome: str
    stage: str
    amount_minor: int | None
    currency: str
    created_on: date

    @property
    def amount(self) -> Money | None:
        """None: an open deal whose amount is not known yet."""
        return None if self.amount_minor is None else Money.from_minor(self.amount_minor, self.currency)


def partner_names(connection: Connection) -> dict[int, str]:
    """Every partner's name by id, in name order."""
    query = select(partners.c.id, partners.c.name).where(live_partner()).order_by(partners.c.name)
    return dict(connection.execute(query).all())


def list_partners(connection: Connection) -> list[PartnerRow]:
    """Every partner, by name (internal users only: the route checks the role)."""
    rows = connection.execute(_partner_rows().where(live_partner()).order_by(partners.c.name)).all()
    return [PartnerRow(**row._mapping) for row in rows]


def partner_list() -> Select[tuple[object, ...]]:
    """Every live partner with its counts, for `PARTNER_LIST` (internal users only: the route checks the role).

    The counts are correlated subqueries, so a page sorted by a partner's own column counts for its 50 rows only."""
    p = partners.c
    return select(
        p.id, p.external_id, p.name, p.type, p.tier, p.stage, _touch_count().label("touches"),
        _deal_count().label("deals"), _deal_count(Outcome.WON).label("won_deals"),
    ).where(live_partner())  # fmt: skip


def partner_count_base() -> Select[tuple[object, ...]]:
    """The rows of `partner_list` without their counts: what the list's total, search and filters need."""
    p = partners.c
    return select(p.id, p.external_id, p.name, p.type, p.tier, p.stage).where(live_partner())


def _touch_count() -> ScalarSelect[int]:
    return select(func.count()).where(touches.c.partner_id == partners.c.id, live_touch()).scalar_subquery()


def _deal_count(outcome: Outcome | None = None) -> ScalarSelect[int]:
    """The partner's attributed deals in the latest run (with `outcome`, only those)."""
    r, o = attribution_results.c, opportunities.c
    query = (
        select(func.count())
        .select_from(attribution_results.join(opportunities, o.id == r.opportunity_id))
        .where(r.partner_id == partners.c.id, r.run_id == latest_run(), live_opportunity())
    )
    return (query.where(o.outcome == outcome.value) if outcome else query).scalar_subquery()


def partner_deal_list(partner_id: int) -> Select[tuple[object, ...]]:
    """The partner's attributed opportunities in the latest run, for `PARTNER_DEAL_LIST`."""
    o, r = opportunities.c, attribution_results.c
    return (
        select(o.id.label("opportunity_id"), o.external_id, o.name, accounts.c.name.label("account"), r.tier,
               o.outcome, o.stage, o.amount_minor, o.currency, o.created_on)  # fmt: skip
        .join(opportunities, o.id == r.opportunity_id)
        .join(accounts, accounts.c.id == o.account_id)
        .where(r.partner_id == partner_id, r.run_id == latest_run(), live_opportunity())
    )


def get_partner(connection: Connection, partner_id: int) -> PartnerRow | None:
    row = connection.execute(_partner_rows().where(partners.c.id == partner_id, live_partner())).first()
    return None if row is None else PartnerRow(**row._mapping)


def partner_deals(connection: Connection, partner_id: int, limit: int = 50) -> list[PartnerDeal]:
    """The partner's attributed opportunities in the latest run, newest first."""
    o, r = opportunities.c, attribution_results.c
    query = (
        select(o.id.label("opportunity_id"), o.name, accounts.c.name.label("account"), r.tier, o.outcome,
               o.stage, o.amount_minor, o.currency, o.created_on)  # fmt: skip
        .join(opportunities, o.id == r.opportunity_id)
        .join(accounts, accounts.c.id == o.account_id)
        .where(r.partner_id == partner_id, r.run_id == latest_run(), live_opportunity())
        .order_by(o.created_on.desc(), o.id.desc())
        .limit(limit)
    )
    return [PartnerDeal(**row._mapping) for row in connection.execute(query)]


def _partner_rows() -> Select[tuple[object, ...]]:
    touch_counts = (
        select(touches.c.partner_id, func.count().label("touches"))
        .where(live_touch())
        .group_by(touches.c.partner_id)
        .subquery()
    )
    deal_counts = _deal_counts().subquery()
    p = partners.c
    return (
        select(
            p.id, p.external_id, p.name, p.type, p.tier, p.stage,
            func.coalesce(touch_counts.c.touches, 0).label("touches"),
            func.coalesce(deal_counts.c.deals, 0).label("deals"),
            func.coalesce(deal_counts.c.won_deals, 0).label("won_deals"),
        )  # fmt: skip
        .outerjoin(touch_counts, touch_counts.c.partner_id == p.id)
        .outerjoin(deal_counts, deal_counts.c.partner_id == p.id)
    )


def _deal_counts() -> Select[tuple[object, ...]]:
    """Attributed deals and won attributed deals per partner in the latest run."""
    r, o = attribution_results.c, opportunities.c
    won = func.sum(case((o.outcome == Outcome.WON.value, 1), else_=0))
    return (
        select(r.partner_id, func.count().label("deals"), won.label("won_deals"))
        .join(opportunities, o.id == r.opportunity_id)
        .where(r.run_id == latest_run(), live_opportunity())
        .group_by(r.partner_id)
    )
