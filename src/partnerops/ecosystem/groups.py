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


def whole_groups() -> pl.DataFrame:
    """tier, dimension, key, label: the groups a customer of each tier counts in besides its partners' (all
    customers, its source and its tier)."""
    rows = [(tier, dimension, key, label) for tier, source in SOURCE_OF_TIER.items()
            for dimension, key, label in (("all", "all", "all customers"), ("source", source, SOURCE_LABELS[source]),
                                          ("tier", tier, TIER_LABELS[tier]))]  # fmt: skip
    return pl.DataFrame(rows, schema={"tier": pl.String, "dimension": pl.String, "key": pl.String,
                                      "label": pl.String}, orient="row")  # fmt: skip


def members(customers: pl.DataFrame, partners_on_deals: pl.DataFrame) -> pl.DataFrame:
    """dimension, key, label, account_id, share, partners for every customer (customers: account_id, opportunity_id,
    tier; no tier is direct) in every group it counts in."""
    tier = pl.col("tier").fill_null(Tier.DIRECT.value)
    whole = (customers.select("account_id", tier).join(whole_groups(), on="tier")
             .with_columns(share=pl.lit(1, pl.Int64), partners=pl.lit(1, pl.Int64)))  # fmt: skip
    return pl.concat([whole.select(COLUMNS), *_partner_members(customers, partners_on_deals)]).select(COLUMNS)


def _partner_members(customers: pl.DataFrame, partners_on_deals: pl.DataFrame) -> list[pl.DataFrame]:
    on_deal = customers.select("account_id", "opportunity_id").join(partners_on_deals, on="opportunity_id")
    on_deal = on_deal.with_columns(partners=pl.len().over("account_id").cast(pl.Int64))
    by_partner = on_deal.select(dimension=pl.lit("partner"), key="partner_ref", label="partner",
                                account_id="account_id", share=pl.lit(1, pl.Int64), partners="partners")  # fmt: skip
    by_type = (on_deal.group_by("account_id", "partner_type", "partners").agg(share=pl.len().cast(pl.Int64))
               .select(dimension=pl.lit("partner_type"), key="partner_type", label="partner_type",
                       account_id="account_id", share="share", partners="partners"))  # fmt: skip
    return [by_partner, by_type]
