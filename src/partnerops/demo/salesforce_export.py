"""The demo's accounts and deals in the shape of a Salesforce report export."""

from __future__ import annotations

from datetime import date

import numpy as np
import polars as pl

from partnerops.demo.salesforce_ids import OPPORTUNITY_PREFIX, random_start, salesforce_ids
from partnerops.domain.enums import Tier

OPEN_STAGES = (
    "Prospecting", "Qualification", "Needs Analysis", "Value Proposition", "Id. Decision Makers",
    "Perception Analysis", "Proposal/Price Quote", "Negotiation/Review",
)
PRODUCTS = (
    "Platform", "Analytics Add-on", "Enterprise Licence", "Expansion", "Pilot", "Data Connectors",
    "Premium Support", "Renewal", "Seats", "Security Pack",
)
LEAD_SOURCES = ("Web", "Outbound Prospecting", "Trade Show", "Webinar", "Customer Referral", "Advertisement")
# Amounts are quoted to round figures: to 10 units, or to 1,000 for a currency without decimals.
ROUNDING = {"JPY": -3}


def price_deals(
    rng: np.random.Generator, deals: pl.DataFrame, accounts: pl.DataFrame, rates: pl.DataFrame
) -> pl.DataFrame:
    """Give each deal its Salesforce id, its account's currency and its amount in that currency (as text)."""
    month_rates = rates.select("currency", pl.col("valid_on").alias("month"), "rate_value")
    priced = (
        deals.with_columns(
            id=pl.Series(salesforce_ids(OPPORTUNITY_PREFIX, random_start(rng), deals.height)),
            currency=accounts["currency"].gather(deals["account_index"]),
            month=pl.col("created_on").dt.truncate("1mo"),
        )
        .join(month_rates, on=["currency", "month"], how="left", maintain_order="left")
        .with_columns(pl.col("rate_value").fill_null(1.0))
    )
    local = priced["amount_usd"].to_numpy() / priced["rate_value"].to_numpy()
    texts = [_amount_text(value, currency) for value, currency in zip(local, priced["currency"], strict=True)]
    return priced.with_columns(amount=pl.Series(texts)).drop("month", "rate_value")


def _amount_text(value: float, currency: str) -> str:
    if currency in ROUNDING:
        return f"{round(value, ROUNDING[currency]):.0f}"
    return f"{round(value, -1):.2f}"


def opportunity_export(
    rng: np.random.Generator, deals: pl.DataFrame, accounts: pl.DataFrame, today: date
) -> pl.DataFrame:
    """Opportunities as a Salesforce export: CloseDate is the expected close while a deal is open."""
    count = deals.height
    products = np.array(PRODUCTS)[rng.integers(0, len(PRODUCTS), count)]
    names = accounts["name"].gather(deals["account_index"])
    created_at = [
        f"{day.isoformat()}T{hour:02d}:{minute:02d}:00.000+0000"
        for day, hour, minute in zip(
            deals["created_on"], rng.integers(8, 19, count), 5 * rng.integers(0, 12, count), strict=True
        )
    ]
    return pl.DataFrame({
        "Id": deals["id"],
        "AccountId": accounts["id"].gather(deals["account_index"]),
        "Name": [f"{name} - {product}" for name, product in zip(names, products, strict=True)],
        "Amount": deals["amount"],
        "CurrencyIsoCode": deals["currency"],
        "StageName": _stage_names(deals, today),
        "IsClosed": deals["is_closed"].cast(pl.String),
        "IsWon": (deals["outcome"] == "won").cast(pl.String),
        "CloseDate": deals["close_on"].cast(pl.String),
        "CreatedDate": created_at,
        "LeadSource": _lead_sources(rng, deals),
    })


def _stage_names(deals: pl.DataFrame, today: date) -> list[str]:
    elapsed = (pl.lit(today) - pl.col("created_on")).dt.total_days() / pl.col("cycle_days")
    progress = deals.select(stage=(elapsed * len(OPEN_STAGES)).floor().clip(0, len(OPEN_STAGES) - 1))
    stages = [OPEN_STAGES[int(i)] for i in progress["stage"]]
    return [
        {"won": "Closed Won", "lost": "Closed Lost"}.get(outcome, stage)
        for outcome, stage in zip(deals["outcome"], stages, strict=True)
    ]


def _lead_sources(rng: np.random.Generator, deals: pl.DataFrame) -> np.ndarray:
    sourced = (deals["tier"] == Tier.SOURCED.value).to_numpy() & (rng.random(deals.height) < 0.8)
    other = np.array(LEAD_SOURCES)[rng.integers(0, len(LEAD_SOURCES), deals.height)]
    return np.where(sourced, "Partner Referral", other)


def account_export(accounts: pl.DataFrame) -> pl.DataFrame:
    """Accounts as a Salesforce export."""
    return accounts.select(
        Id="id",
        Name="name",
        Website=pl.lit("https://www.") + pl.col("domain"),
        BillingCountry="country",
        Segment__c="segment",
        Region__c="region",
    )
