"""Which group each customer counts in: all customers, its source and tier (by its first won deal: sourced is
partner-sourced, co-sell or influence partner-attached, no partner or no won deal direct), and each partner (and
partner type) attributed on that deal. `share` of `partners` is the group's part of the customer's revenue: a
partner's is 1 of the deal's `partners`, a type's the number of its partners on the deal."""

from __future__ import annotations

import polars as pl

from partnerops.domain.enums import Tier
from partnerops.ecosystem.inputs import SOURCE_OF_TIER

SOURCE_LABELS = {"partner_sourced": "partner-sourced", "partner_attached": "partner-attached", "direct": "direct"}
TIER_LABELS = {"sourced": "sourced", "co_sell": "co-sell", "influence": "influence", "direct": "direct"}
COLUMNS = ("dimension", "key", "label", "account_id", "share", "partners")


def members(customers: pl.DataFrame, partners_on_deals: pl.DataFrame) -> pl.DataFrame:
    """dimension, key, label, account_id, share, partners for every customer (customers: account_id, opportunity_id,
    tier) in every group it counts in."""
    tier = pl.col("tier").fill_null(Tier.DIRECT.value)
    one = {"share": pl.lit(1, pl.Int64), "partners": pl.lit(1, pl.Int64)}
    whole = [
        customers.select(dimension=pl.lit("all"), key=pl.lit("all"), label=pl.lit("all customers"),
                         account_id="account_id", **one),
        customers.select(dimension=pl.lit("source"), key=tier.replace_strict(SOURCE_OF_TIER),
                         label=tier.replace_strict(SOURCE_OF_TIER).replace_strict(SOURCE_LABELS),
                         account_id="account_id", **one),
        customers.select(dimension=pl.lit("tier"), key=tier, label=tier.replace_strict(TIER_LABELS),
                         account_id="account_id", **one),
    ]  # fmt: skip
    return pl.concat([*whole, *_partner_members(customers, partners_on_deals)]).select(COLUMNS)


def _partner_members(customers: pl.DataFrame, partners_on_deals: pl.DataFrame) -> list[pl.DataFrame]:
    on_deal = customers.select("account_id", "opportunity_id").join(partners_on_deals, on="opportunity_id")
    on_deal = on_deal.with_columns(partners=pl.len().over("account_id").cast(pl.Int64))
    by_partner = on_deal.select(dimension=pl.lit("partner"), key="partner_ref", label="partner",
                                account_id="account_id", share=pl.lit(1, pl.Int64), partners="partners")  # fmt: skip
    by_type = (on_deal.group_by("account_id", "partner_type", "partners").agg(share=pl.len().cast(pl.Int64))
               .select(dimension=pl.lit("partner_type"), key="partner_type", label="partner_type",
                       account_id="account_id", share="share", partners="partners"))  # fmt: skip
    return [by_partner, by_type]
