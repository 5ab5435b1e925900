"""What a ranking reads from the store: our target accounts, the open pipeline by segment and region, each
candidate's customers matched to our accounts (the account-mapping matcher), and similar partners' scores."""

from __future__ import annotations

import polars as pl
from sqlalchemy import Connection, func, select

from partnerops.analytics.live import live_account, live_opportunity
from partnerops.domain.enums import Outcome
from partnerops.ecosystem.partner_score import partner_score
from partnerops.mapping.aliases import our_accounts
from partnerops.mapping.matching import REVIEWED_TIERS
from partnerops.mapping.tiers import match_accounts
from partnerops.store.recruiting_tables import candidate_customers
from partnerops.store.tables import accounts, opportunities, partners

OPEN_SCHEMA = {"account_id": pl.Int64, "segment": pl.String, "region": pl.String}


def open_pipeline(conn: Connection) -> pl.DataFrame:
    """[account_id, segment, region]: one row per live open deal; its accounts are our targets."""
    o, a = opportunities.c, accounts.c
    query = (select(o.account_id, a.segment, a.region).join_from(opportunities, accounts, o.account_id == a.id)
             .where(o.outcome == Outcome.OPEN.value, live_opportunity(), live_account()))  # fmt: skip
    return pl.DataFrame(conn.execute(query).all(), schema=OPEN_SCHEMA, orient="row")


def matched_customers(conn: Connection) -> pl.DataFrame:
    """[candidate_id, our_id]: each candidate's customers found among our accounts by a sure tier (domain, name
    or alias; the fuzzy and variant tiers wait for a person in mapping, so they do not count here)."""
    c = candidate_customers.c
    rows = conn.execute(select(c.id, c.name, c.domain, c.candidate_id)).all()
    theirs = pl.DataFrame(rows, schema={"id": pl.Int64, "name": pl.String, "domain": pl.String,
                                        "candidate_id": pl.Int64}, orient="row")  # fmt: skip
    if theirs.height == 0:
        return pl.DataFrame(schema={"candidate_id": pl.Int64, "our_id": pl.Int64})
    found = match_accounts(theirs.select("id", "name", "domain", pl.lit(None, pl.String).alias("aliases")),
                           our_accounts(conn))  # fmt: skip
    sure = found.filter(~pl.col("tier").is_in([t.value for t in REVIEWED_TIERS]))
    owners = theirs.select(pl.col("id").alias("their_id"), "candidate_id")
    return sure.join(owners, on="their_id").select("candidate_id", "our_id").unique()


def customer_counts(conn: Connection) -> dict[int, int]:
    """How many customers each candidate listed."""
    c = candidate_customers.c
    rows = conn.execute(select(c.candidate_id, func.count()).group_by(c.candidate_id)).all()
    return {int(candidate_id): int(count) for candidate_id, count in rows}


def similar_partner_win_rates(conn: Connection, currency: str, draws: int) -> dict[str, list[float]]:
    """Partner type -> the win rates (with the partner) of the live partners of that type with a closed deal."""
    rows = conn.execute(select(partners.c.id, partners.c.type).where(partners.c.deleted_at.is_(None))).all()
    rates: dict[str, list[float]] = {}
    for partner_id, partner_type in rows:
        score = partner_score(conn, partner_id, currency, draws)
        if score.with_partner.closed and score.with_partner.win_rate.value is not None:
            rates.setdefault(str(partner_type), []).append(score.with_partner.win_rate.value)
    return rates
