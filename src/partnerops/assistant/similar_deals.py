"""Won deals described by what makes deals alike: segment, size band, region and product, with the partners
attributed on them in the latest run. Amounts are banded in the reporting currency at the deal's date."""

from __future__ import annotations

from typing import Any

import polars as pl
from sqlalchemy import Connection, Select, func, select

from partnerops.analytics.currency import convert, load_rates
from partnerops.analytics.deal_bands import DealBands
from partnerops.analytics.frames import read_frame
from partnerops.analytics.live import live_opportunity, live_partner, live_touch
from partnerops.assistant.scoped_records import latest_run_id
from partnerops.domain.enums import Outcome
from partnerops.store.tables import accounts, attribution_results, opportunities, partners, touches

# Demo and Salesforce deal names read "<Account> - <Product>"; a name without the separator has no product.
PRODUCT_SEPARATOR = " - "
FEATURES = ("segment", "band", "region", "product")


def deal_features(conn: Connection, deals: pl.DataFrame, currency: str) -> pl.DataFrame:
    """`deals` (id, name, amount_minor, currency, rate_on, segment, region) with band and product added."""
    valued = convert(deals, load_rates(conn, currency), currency)
    product = pl.col("name").str.split(PRODUCT_SEPARATOR).list.last()
    has_product = pl.col("name").str.contains(PRODUCT_SEPARATOR, literal=True)
    return valued.with_columns(
        band=DealBands().band(pl.col("value_minor"), currency),
        product=pl.when(has_product).then(product).otherwise(None),
    )


def opportunity_frame(conn: Connection, opportunity_id: int) -> pl.DataFrame:
    return read_frame(conn, _deals().where(opportunities.c.id == opportunity_id))


def won_attributions(conn: Connection) -> pl.DataFrame:
    """Every won deal with each partner attributed on it: deal columns, partner_id, partner, type, tier."""
    r, p = attribution_results.c, partners.c
    query = (
        _deals()
        .add_columns(r.partner_id, p.name.label("partner"), p.type.label("partner_type"), r.tier)
        .join(attribution_results, r.opportunity_id == opportunities.c.id)
        .join(partners, p.id == r.partner_id)
        .where(opportunities.c.outcome == Outcome.WON.value, r.run_id == latest_run_id(conn), live_partner())
    )
    return read_frame(conn, query)


def partners_on(conn: Connection, opportunity_id: int) -> set[int]:
    """Partners already working the deal (any touch)."""
    query = select(touches.c.partner_id).where(touches.c.opportunity_id == opportunity_id, live_touch()).distinct()
    return {int(partner_id) for partner_id in conn.execute(query).scalars()}


def _deals() -> Select[Any]:
    o, a = opportunities.c, accounts.c
    rate_on = func.coalesce(o.closed_on, o.created_on).label("rate_on")
    return (
        select(o.id, o.name, o.amount_minor, o.currency, o.outcome, o.created_on, rate_on, a.segment, a.region)
        .join(accounts, a.id == o.account_id)
        .where(live_opportunity())
    )
