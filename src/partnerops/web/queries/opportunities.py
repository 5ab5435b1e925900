"""Opportunities (deals) for the internal list and one deal's page: live deals with their account, and the
partners attributed on each in the latest attribution run."""

from __future__ import annotations

from sqlalchemy import Connection, Select, select

from partnerops.analytics.live import live_account, live_opportunity_in_bulk
from partnerops.domain.enums import Outcome
from partnerops.store.tables import accounts, attribution_results, opportunities, partners
from partnerops.web.listing import Column, Filter, Joined, ListSpec, minor_amount
from partnerops.web.queries.runs import latest_run

OPPORTUNITY_LIST = ListSpec(
    noun="opportunities",
    columns=(Column("name", "Opportunity"), Column("external_id", "Id"), Column("account", "Account"),
             Column("stage", "Stage"), Column("outcome", "Outcome"),
             Column("amount_minor", "Amount", cell=minor_amount()), Column("currency", "Currency"),
             Column("created_on", "Created"), Column("closed_on", "Closed"), Column("owner", "Owner")),
    default_sort="-created_on",
    search=("name", "external_id", "account", "owner"),
    filters=(Filter("outcome", "Outcome", tuple(o.value for o in Outcome)),),
    joined=(Joined("account", (opportunities.c.account_id, accounts.c.name)),),
)


def opportunity_list() -> Select[tuple[object, ...]]:
    """Every live opportunity with its account's name, for `OPPORTUNITY_LIST` (internal users)."""
    o = opportunities.c
    return (
        select(o.id, o.external_id, o.name, accounts.c.name.label("account"), o.stage, o.outcome, o.amount_minor,
               o.currency, o.created_on, o.closed_on, o.owner)  # fmt: skip
        .join(accounts, accounts.c.id == o.account_id)
        # live_opportunity() on the joined account: neither the deal nor its account is deleted.
        .where(o.deleted_at.is_(None), live_account())
    )


def opportunity_count_base() -> Select[tuple[object, ...]]:
    """The rows of `opportunity_list` without the account's name: what its total needs unless a search reads it."""
    o = opportunities.c
    return select(o.id, o.external_id, o.name, o.stage, o.outcome, o.amount_minor, o.currency, o.created_on,
                  o.closed_on, o.owner).where(live_opportunity_in_bulk())  # fmt: skip


def opportunity_facts(connection: Connection, opportunity_id: int) -> dict[str, object] | None:
    row = connection.execute(opportunity_list().where(opportunities.c.id == opportunity_id)).first()
    return None if row is None else dict(row._mapping)


def attributed_partners(connection: Connection, opportunity_id: int) -> list[dict[str, object]]:
    """The partners on the deal in the latest run with their tier, by name."""
    r = attribution_results.c
    query = (
        select(partners.c.name, partners.c.external_id, r.tier)
        .join(partners, partners.c.id == r.partner_id)
        .where(r.opportunity_id == opportunity_id, r.run_id == latest_run())
        .order_by(partners.c.name, r.id)
    )
    return [dict(row._mapping) for row in connection.execute(query)]
