"""Aliases of our accounts: those imported with the accounts (former names, brands, tickers) and those a confirmed
match taught (the partner's name for the account), which every later matching run uses, for every partner."""

from __future__ import annotations

from datetime import datetime

import polars as pl
from sqlalchemy import Connection, select
from sqlalchemy.dialects import postgresql, sqlite

from partnerops.analytics.live import live_account
from partnerops.domain.company_names import normalise_name
from partnerops.store.mapping_tables import account_aliases
from partnerops.store.tables import accounts

__all__ = ["ACCOUNT_SCHEMA", "our_accounts", "teach_alias", "taught_aliases"]

ACCOUNT_SCHEMA = {"id": pl.Int64, "name": pl.String, "domain": pl.String, "aliases": pl.String}


def taught_aliases(conn: Connection) -> pl.DataFrame:
    """[id, alias]: the names confirmed matches taught, one row each."""
    rows = conn.execute(select(account_aliases.c.account_id, account_aliases.c.alias)).all()
    return pl.DataFrame(rows, schema={"id": pl.Int64, "alias": pl.String}, orient="row")


def our_accounts(conn: Connection) -> pl.DataFrame:
    """[id, name, domain, aliases] of our live accounts, the taught aliases joined to the imported ones by ";"."""
    a = accounts.c
    rows = conn.execute(select(a.id, a.name, a.domain, a.aliases).where(live_account())).all()
    ours = pl.DataFrame(rows, schema=ACCOUNT_SCHEMA, orient="row")
    taught = taught_aliases(conn).group_by("id").agg(pl.col("alias").str.join(";").alias("taught"))
    joined = ours.join(taught, on="id", how="left")
    return joined.select("id", "name", "domain", pl.concat_str(["aliases", "taught"], separator=";",
                                                                ignore_nulls=True).alias("aliases"))


def teach_alias(conn: Connection, account_id: int, alias: str, match_id: int, actor: str, at: datetime) -> bool:
    """Remember `alias` as a name of our account (once per normalised name); False when it already was one or
    is the account's own name."""
    key = normalise_name(alias)
    own = conn.execute(select(accounts.c.name).where(accounts.c.id == account_id)).scalar_one()
    if not key or key == normalise_name(own):
        return False
    row = {"account_id": account_id, "alias": alias[:200], "alias_key": key[:200], "match_id": match_id,
           "taught_by": actor, "taught_at": at}
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    added = conn.execute(dialect.insert(account_aliases).values(row).on_conflict_do_nothing(
        index_elements=["account_id", "alias_key"]))
    return bool(added.rowcount)
