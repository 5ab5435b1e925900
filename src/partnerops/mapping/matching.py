"""Running the tiered matching for one partner and storing the result: undecided rows are replaced on every
run, confirmed and rejected pairs are kept, so a user's decision is remembered (and the aliases confirmed pairs
taught are used)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import polars as pl
from sqlalchemy import Connection, Engine, delete, select

from partnerops.mapping.aliases import ACCOUNT_SCHEMA, our_accounts
from partnerops.mapping.tiers import FuzzySettings, MatchTier, match_accounts
from partnerops.store.bulk import insert_frame
from partnerops.store.mapping_tables import account_matches, partner_accounts

__all__ = ["MatchRun", "MatchStatus", "run_matching"]


class MatchStatus(StrEnum):
    MATCHED = "matched"
    PENDING = "pending"
    CONFIRMED = "confirmed"
    REJECTED = "rejected"


DECIDED = (MatchStatus.CONFIRMED.value, MatchStatus.REJECTED.value)
UNDECIDED = (MatchStatus.MATCHED.value, MatchStatus.PENDING.value)
# Pairs a person confirms before they count: similar names and names with words left off.
REVIEWED_TIERS = (MatchTier.FUZZY, MatchTier.VARIANT)


@dataclass(frozen=True)
class MatchRun:
    partner_id: int
    by_tier: dict[str, int]
    pending: int
    kept_decisions: int


def _frame(conn: Connection, query: object) -> pl.DataFrame:
    return pl.DataFrame(conn.execute(query).all(), schema=ACCOUNT_SCHEMA, orient="row")  # type: ignore[call-overload]


def _decided(conn: Connection, partner_id: int) -> pl.DataFrame:
    query = select(account_matches.c.partner_account_id, account_matches.c.account_id).where(
        account_matches.c.partner_id == partner_id, account_matches.c.status.in_(DECIDED))
    return pl.DataFrame(conn.execute(query).all(), schema={"their_id": pl.Int64, "our_id": pl.Int64}, orient="row")


def run_matching(engine: Engine, partner_id: int, settings: FuzzySettings | None = None) -> MatchRun:
    """Match the partner's list against our accounts; fuzzy and variant pairs wait for review."""
    with engine.begin() as conn:
        p = partner_accounts.c
        theirs = _frame(conn, select(p.id, p.name, p.domain, p.aliases).where(p.partner_id == partner_id))
        ours = our_accounts(conn)
        decided = _decided(conn, partner_id)
        found = match_accounts(theirs, ours, settings).join(decided, on=["their_id", "our_id"], how="anti")
        conn.execute(delete(account_matches).where(account_matches.c.partner_id == partner_id,
                                                   account_matches.c.status.in_(UNDECIDED)))
        insert_frame(conn, account_matches, _rows(found, partner_id))
    by_tier = dict(found.group_by("tier").len().rows())
    return MatchRun(partner_id, {t.value: int(by_tier.get(t.value, 0)) for t in MatchTier},
                    sum(int(by_tier.get(t.value, 0)) for t in REVIEWED_TIERS), decided.height)


def _rows(found: pl.DataFrame, partner_id: int) -> pl.DataFrame:
    reviewed = pl.col("tier").is_in([t.value for t in REVIEWED_TIERS])
    status = pl.when(reviewed).then(pl.lit(MatchStatus.PENDING.value)).otherwise(pl.lit(MatchStatus.MATCHED.value))
    return found.select(pl.lit(partner_id).alias("partner_id"), pl.col("their_id").alias("partner_account_id"),
                        pl.col("our_id").alias("account_id"), "tier", "score", status.alias("status"))
